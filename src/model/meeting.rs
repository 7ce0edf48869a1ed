//! The weekly meeting a team runs on step 5, as the workshop keeps it: the cadence (which
//! weeks hold a review, which of them are monthly), and per meeting week the private
//! confidence round (each participant's confidence per key result, hidden until revealed
//! together, the spread, the team's value) and the monthly review's keep / adjust / drop
//! decisions. Commitments are in `commitment.rs`. Pure rules: no I/O, no drawing.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::ids::{InitiativeId, KeyResultId, ParticipantId};
use super::initiative::InitiativeStatus;
use super::text::clean_multiline;
use super::workshop::Workshop;

/// How often the team holds its review.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    #[default]
    Weekly,
    EveryTwoWeeks,
}

impl Cadence {
    pub fn is_weekly(&self) -> bool {
        *self == Cadence::Weekly
    }

    /// Weeks from one meeting to the next.
    pub fn weeks(self) -> u32 {
        match self {
            Cadence::Weekly => 1,
            Cadence::EveryTwoWeeks => 2,
        }
    }

    /// `weekly`, or `every 2 weeks` (`fortnightly`, `biweekly`, `2`), optionally `from week
    /// N` (the first meeting's week); `None` when it reads as neither.
    pub fn parse(text: &str) -> Option<(Cadence, Option<u32>)> {
        let t = text.trim().to_lowercase();
        let (how, from) = match t.split_once("from") {
            Some((how, from)) => {
                let n = from.trim().trim_start_matches("week").trim().parse::<u32>().ok().filter(|n| *n >= 1)?;
                (how.trim().to_string(), Some(n))
            }
            None => (t.clone(), None),
        };
        let how = how.trim_end_matches(',').trim();
        let cadence = match how {
            "" | "weekly" | "every week" | "1" | "each week" => Cadence::Weekly,
            "every 2 weeks" | "every two weeks" | "2" | "2 weeks" | "two weeks" | "fortnightly" | "biweekly" | "every other week" => {
                Cadence::EveryTwoWeeks
            }
            _ => return None,
        };
        Some((cadence, from))
    }

    /// As the settings show it: `weekly`, `every 2 weeks from week 2`.
    pub fn describe(self, first: u32) -> String {
        match (self, first) {
            (Cadence::Weekly, 1) => "weekly".to_string(),
            (Cadence::Weekly, n) => format!("weekly from week {n}"),
            (Cadence::EveryTwoWeeks, 1) => "every 2 weeks".to_string(),
            (Cadence::EveryTwoWeeks, n) => format!("every 2 weeks from week {n}"),
        }
    }
}

/// What the monthly review decided about a key result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Keep,
    /// Adjusted (the adjustment itself, with its reason, is on the key result).
    Adjust,
    /// No longer pursued: left out of the counts, the check-ins and what is due from then on.
    Drop,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Keep => "keep",
            Verdict::Adjust => "adjust",
            Verdict::Drop => "drop",
        }
    }
}

/// A monthly decision and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub verdict: Verdict,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// Fields this build does not know (written by a newer Quarterdeck or by hand): kept and
    /// written back as they were.
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}

/// One meeting week's shared record: the confidence round and the monthly decisions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub week: u32,
    /// Each key result's confidence votes (1–10) by participant: hidden on every screen and
    /// in every export until `revealed`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub confidence: BTreeMap<KeyResultId, BTreeMap<ParticipantId, u8>>,
    /// The votes were shown to everyone at once.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub revealed: bool,
    /// The team's confidence per key result: the median at the reveal, or what the team
    /// settled on after talking it through.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub team: BTreeMap<KeyResultId, u8>,
    /// The monthly review: keep, adjust or drop, per key result.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub decisions: BTreeMap<KeyResultId, Decision>,
    /// When this was last changed here or on another copy: in a merge of two changes to the
    /// same field, the later one wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<jiff::Timestamp>,
    /// Fields this build does not know (written by a newer Quarterdeck or by hand): kept and
    /// written back as they were.
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}

/// A spread of this size (highest vote minus lowest) or more is flagged for discussion: on
/// a 1–10 scale, one person at 5 and another at 9 do not expect the same quarter.
pub const BIG_SPREAD: u8 = 4;

/// The votes on one key result, and what they say together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spread {
    /// Lowest first.
    pub votes: Vec<u8>,
    pub low: u8,
    pub high: u8,
    /// The team's value: as set, else the median (the mean of the middle two, rounded up).
    pub team: u8,
    /// The spread is big enough to talk about.
    pub flagged: bool,
}

impl Spread {
    /// `5–9`, or `7` when everyone agreed.
    pub fn range(&self) -> String {
        if self.low == self.high { self.low.to_string() } else { format!("{}–{}", self.low, self.high) }
    }
}

/// The median of votes, halves rounded up; `None` without votes.
pub fn median(votes: &[u8]) -> Option<u8> {
    let mut v = votes.to_vec();
    v.sort_unstable();
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some((u16::from(v[n / 2 - 1]) + u16::from(v[n / 2])).div_ceil(2) as u8),
    }
}

impl Meeting {
    pub fn new(week: u32) -> Self {
        Meeting { week, ..Meeting::default() }
    }

    /// The votes on a key result and their spread; `None` without votes.
    pub fn spread(&self, kr: KeyResultId) -> Option<Spread> {
        let mut votes: Vec<u8> = self.confidence.get(&kr)?.values().copied().collect();
        votes.sort_unstable();
        let (low, high) = (*votes.first()?, *votes.last()?);
        let team = self.team.get(&kr).copied().or_else(|| median(&votes))?;
        Some(Spread { low, high, team, flagged: high - low >= BIG_SPREAD, votes })
    }

    /// A participant's vote on a key result this week.
    pub fn vote_of(&self, kr: KeyResultId, person: ParticipantId) -> Option<u8> {
        self.confidence.get(&kr)?.get(&person).copied()
    }

    /// How many people voted on a key result (what may show before the reveal).
    pub fn voters(&self, kr: KeyResultId) -> usize {
        self.confidence.get(&kr).map_or(0, BTreeMap::len)
    }

    pub fn is_empty(&self) -> bool {
        self.confidence.is_empty() && self.team.is_empty() && self.decisions.is_empty() && !self.revealed
    }
}

impl Workshop {
    /// The week of the first meeting of the period (1 unless the settings say otherwise).
    pub fn first_meeting_week(&self) -> u32 {
        self.settings.first_meeting_week.unwrap_or(1).clamp(1, self.period.weeks().max(1))
    }

    /// Whether the team meets in `week`: every week, or every other week from the first.
    pub fn is_meeting_week(&self, week: u32) -> bool {
        let first = self.first_meeting_week();
        week >= first && (week - first).is_multiple_of(self.settings.cadence.weeks())
    }

    /// The last meeting week before `week`.
    pub fn previous_meeting_week(&self, week: u32) -> Option<u32> {
        (1..week).rev().find(|w| self.is_meeting_week(*w))
    }

    /// The next meeting week after `week`, within the period.
    pub fn next_meeting_week(&self, week: u32) -> Option<u32> {
        (week + 1..=self.period.weeks()).find(|w| self.is_meeting_week(*w))
    }

    /// Which meeting of the period `week` holds (1 for the first); `None` in an off week.
    pub fn meeting_number(&self, week: u32) -> Option<u32> {
        self.is_meeting_week(week).then(|| (week - self.first_meeting_week()) / self.settings.cadence.weeks() + 1)
    }

    /// Every fourth meeting is a monthly review.
    pub fn is_monthly(&self, week: u32) -> bool {
        self.meeting_number(week).is_some_and(|n| n.is_multiple_of(4))
    }

    /// The record of a meeting week, if anything was recorded.
    pub fn meeting(&self, week: u32) -> Option<&Meeting> {
        self.meetings.iter().find(|m| m.week == week)
    }

    /// The record of a meeting week, made (in week order) when there is none.
    fn meeting_mut(&mut self, week: u32) -> &mut Meeting {
        let at = match self.meetings.iter().position(|m| m.week >= week) {
            Some(i) if self.meetings[i].week == week => return &mut self.meetings[i],
            Some(i) => i,
            None => self.meetings.len(),
        };
        self.meetings.insert(at, Meeting::new(week));
        &mut self.meetings[at]
    }

    /// Drops a meeting record that holds nothing (after its last vote was taken back).
    fn tidy_meeting(&mut self, week: u32) {
        self.meetings.retain(|m| m.week != week || !m.is_empty());
    }

    /// Records a participant's hidden vote (clamped to 1–10); refused once the round is
    /// revealed (the team's value is then set with [`Workshop::set_team_confidence`]).
    pub fn vote_confidence(&mut self, week: u32, kr: KeyResultId, person: ParticipantId, value: u8) -> bool {
        if self.meeting(week).is_some_and(|m| m.revealed) {
            return false;
        }
        self.meeting_mut(week).confidence.entry(kr).or_default().insert(person, value.clamp(1, 10));
        true
    }

    /// Takes back a participant's vote before the reveal.
    pub fn unvote(&mut self, week: u32, kr: KeyResultId, person: ParticipantId) -> bool {
        let Some(m) = self.meetings.iter_mut().find(|m| m.week == week && !m.revealed) else { return false };
        let Some(votes) = m.confidence.get_mut(&kr) else { return false };
        let taken = votes.remove(&person).is_some();
        if votes.is_empty() {
            m.confidence.remove(&kr);
        }
        self.tidy_meeting(week);
        taken
    }

    /// A participant's latest vote on a key result before `week`.
    pub fn earlier_vote(&self, week: u32, kr: KeyResultId, person: ParticipantId) -> Option<u8> {
        self.meetings.iter().rev().filter(|m| m.week < week).find_map(|m| m.vote_of(kr, person))
    }

    /// A participant keeps their earlier votes for the key results they have not voted on
    /// this week; how many were kept.
    pub fn keep_votes(&mut self, week: u32, person: ParticipantId, krs: &[KeyResultId]) -> usize {
        let kept: Vec<(KeyResultId, u8)> = krs
            .iter()
            .filter(|kr| self.meeting(week).and_then(|m| m.vote_of(**kr, person)).is_none())
            .filter_map(|kr| self.earlier_vote(week, *kr, person).map(|v| (*kr, v)))
            .collect();
        kept.iter().filter(|(kr, v)| self.vote_confidence(week, *kr, person, *v)).count()
    }

    /// Shows every vote at once: each key result with votes gets the team's value (the
    /// median), which becomes the confidence of its check-in for the week.
    pub fn reveal(&mut self, week: u32) -> bool {
        let Some(m) = self.meetings.iter_mut().find(|m| m.week == week) else { return false };
        if m.revealed || m.confidence.is_empty() {
            return false;
        }
        m.revealed = true;
        let medians: Vec<(KeyResultId, u8)> = m
            .confidence
            .iter()
            .filter(|(kr, _)| !m.team.contains_key(kr))
            .filter_map(|(kr, votes)| median(&votes.values().copied().collect::<Vec<_>>()).map(|v| (*kr, v)))
            .collect();
        for (kr, value) in medians {
            self.set_team_confidence(week, kr, value);
        }
        true
    }

    /// The team's confidence in a key result for the week (clamped to 1–10), also as its
    /// check-in's confidence when it has one.
    pub fn set_team_confidence(&mut self, week: u32, kr: KeyResultId, value: u8) {
        let value = value.clamp(1, 10);
        self.meeting_mut(week).team.insert(kr, value);
        if let Some(c) = self.key_result_mut(kr).and_then(|k| k.check_ins.iter_mut().find(|c| c.week == week)) {
            c.confidence = value;
        }
    }

    /// The team's confidence for a key result in `week`, once the round there is revealed.
    pub fn team_confidence(&self, week: u32, kr: KeyResultId) -> Option<u8> {
        self.meeting(week).filter(|m| m.revealed).and_then(|m| m.team.get(&kr).copied())
    }

    /// Records the monthly review's decision on a key result (the reason cleaned; a drop
    /// needs one).
    pub fn decide(&mut self, week: u32, kr: KeyResultId, verdict: Verdict, reason: &str) -> bool {
        let reason = clean_multiline(reason).trim().to_string();
        if self.key_result(kr).is_none() || (verdict == Verdict::Drop && reason.is_empty()) {
            return false;
        }
        self.meeting_mut(week).decisions.insert(kr, Decision { verdict, reason, extra: crate::model::Extra::new() });
        true
    }

    /// The week a key result was dropped in, when its latest decision was to drop it.
    pub fn dropped_in(&self, kr: KeyResultId) -> Option<u32> {
        let latest = self.meetings.iter().rev().find_map(|m| m.decisions.get(&kr).map(|d| (m.week, d.verdict)))?;
        (latest.1 == Verdict::Drop).then_some(latest.0)
    }

    /// Whether a key result was dropped by `week` (it no longer counts from its drop on).
    pub fn is_dropped(&self, kr: KeyResultId, week: u32) -> bool {
        self.dropped_in(kr).is_some_and(|w| w <= week)
    }

    /// Sets where an initiative stands, dated `today`; false when it is unknown or already so.
    pub fn set_initiative_status(&mut self, id: InitiativeId, status: InitiativeStatus, today: jiff::civil::Date) -> bool {
        let Some(i) = self.initiatives.iter_mut().find(|i| i.id == id).filter(|i| i.status != status) else { return false };
        i.status = status;
        i.status_changed = Some(today);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{KeyResultDraft, KeyResultKind, ObjectiveDraft, Period};

    fn workshop() -> (Workshop, Vec<KeyResultId>, Vec<ParticipantId>) {
        let mut w = Workshop::new("w", "", Period::parse("2027-Q1").expect("period"), jiff::Timestamp::UNIX_EPOCH);
        let o = w.add_objective(&ObjectiveDraft { title: "o".into(), ..Default::default() }).expect("objective");
        let krs = (0..2)
            .map(|_| {
                let draft = KeyResultDraft { description: "kr".into(), kind: KeyResultKind::metric(0.0, 10.0, ""), ..Default::default() };
                w.add_key_result(o, &draft).expect("kr")
            })
            .collect();
        let people = ["Ada", "Grace", "Linus"].iter().map(|n| w.add_participant(n).expect("person")).collect();
        (w, krs, people)
    }

    #[test]
    fn cadence_reads_in_words_and_says_which_weeks_meet() {
        assert_eq!(Cadence::parse("weekly"), Some((Cadence::Weekly, None)));
        assert_eq!(Cadence::parse("Every two weeks"), Some((Cadence::EveryTwoWeeks, None)));
        assert_eq!(Cadence::parse("every 2 weeks from week 2"), Some((Cadence::EveryTwoWeeks, Some(2))));
        assert_eq!(Cadence::parse("fortnightly, from 3"), Some((Cadence::EveryTwoWeeks, Some(3))));
        assert_eq!(Cadence::parse("monthly"), None);
        assert_eq!(Cadence::EveryTwoWeeks.describe(2), "every 2 weeks from week 2");
        let (mut w, _, _) = workshop();
        assert!((1..=13).all(|week| w.is_meeting_week(week)));
        assert_eq!(w.meeting_number(8), Some(8));
        assert!(w.is_monthly(4) && w.is_monthly(8) && !w.is_monthly(6));
        w.settings.cadence = Cadence::EveryTwoWeeks;
        w.settings.first_meeting_week = Some(2);
        assert!(!w.is_meeting_week(1) && w.is_meeting_week(2) && !w.is_meeting_week(7) && w.is_meeting_week(8));
        assert_eq!(w.previous_meeting_week(7), Some(6));
        assert_eq!(w.previous_meeting_week(2), None);
        assert_eq!(w.next_meeting_week(7), Some(8));
        assert_eq!(w.next_meeting_week(12), None, "week 14 is past the period");
        assert_eq!(w.meeting_number(8), Some(4));
        assert!(w.is_monthly(8) && !w.is_monthly(4), "every fourth meeting, not every fourth week");
    }

    #[test]
    fn votes_stay_hidden_until_revealed_then_the_median_is_the_teams() {
        let (mut w, krs, people) = workshop();
        w.key_result_mut(krs[0]).expect("kr").check_ins.push(crate::model::CheckIn { week: 3, confidence: 5, ..Default::default() });
        for (person, value) in people.iter().zip([5, 9, 7]) {
            assert!(w.vote_confidence(3, krs[0], *person, value));
        }
        assert!(w.vote_confidence(3, krs[1], people[0], 12), "clamped");
        let m = w.meeting(3).expect("a record");
        assert_eq!((m.voters(krs[0]), m.revealed), (3, false));
        assert_eq!(w.team_confidence(3, krs[0]), None, "nothing counts before the reveal");
        assert!(w.reveal(3));
        assert!(!w.vote_confidence(3, krs[0], people[0], 1), "no vote after the reveal");
        let spread = w.meeting(3).and_then(|m| m.spread(krs[0])).expect("spread");
        assert_eq!((spread.range(), spread.team, spread.flagged), ("5–9".to_string(), 7, true));
        assert_eq!(w.key_result(krs[0]).and_then(|k| k.check_in_for(3)).map(|c| c.confidence), Some(7), "the check-in takes it");
        assert_eq!(w.meeting(3).and_then(|m| m.spread(krs[1])).map(|s| (s.team, s.flagged)), Some((10, false)));
        w.set_team_confidence(3, krs[0], 6);
        assert_eq!(w.team_confidence(3, krs[0]), Some(6), "after talking it through");
        assert_eq!(median(&[6, 8]), Some(7));
        assert_eq!(median(&[6, 9]), Some(8), "halves round up");
    }

    #[test]
    fn earlier_votes_can_be_kept_and_a_vote_taken_back() {
        let (mut w, krs, people) = workshop();
        w.vote_confidence(2, krs[0], people[0], 8);
        w.vote_confidence(2, krs[1], people[0], 4);
        w.reveal(2);
        w.vote_confidence(3, krs[0], people[0], 6);
        assert_eq!(w.keep_votes(3, people[0], &krs), 1, "only the one not voted on again");
        assert_eq!(w.meeting(3).and_then(|m| m.vote_of(krs[1], people[0])), Some(4));
        assert_eq!(w.meeting(3).and_then(|m| m.vote_of(krs[0], people[0])), Some(6));
        assert_eq!(w.keep_votes(3, people[1], &krs), 0, "nothing to keep");
        assert!(w.unvote(3, krs[0], people[0]));
        assert!(w.unvote(3, krs[1], people[0]));
        assert!(w.meeting(3).is_none(), "an empty record goes");
    }

    #[test]
    fn a_drop_needs_a_reason_and_a_later_keep_undoes_it() {
        let (mut w, krs, _) = workshop();
        assert!(!w.decide(4, krs[0], Verdict::Drop, " "));
        assert!(w.decide(4, krs[0], Verdict::Drop, "The vendor went away"));
        assert_eq!(w.dropped_in(krs[0]), Some(4));
        assert!(w.is_dropped(krs[0], 5) && !w.is_dropped(krs[0], 3));
        assert!(w.decide(8, krs[0], Verdict::Keep, ""));
        assert_eq!(w.dropped_in(krs[0]), None);
    }

    #[test]
    fn two_copies_voting_and_committing_at_once_merge_by_week_and_id() {
        let (base, krs, people) = workshop();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        ours.vote_confidence(3, krs[0], people[0], 8);
        theirs.vote_confidence(3, krs[0], people[1], 4);
        theirs.vote_confidence(3, krs[1], people[1], 6);
        let draft = |text: &str| crate::model::CommitmentDraft { text: text.into(), owners: vec![people[2]], key_result: Some(krs[1]) };
        ours.add_commitment(3, &draft("ours"));
        theirs.add_commitment(3, &draft("theirs"));
        let merged = crate::model::merge::merge(&base, &ours, &theirs).expect("merges").workshop;
        let m = merged.meeting(3).expect("one record for the week");
        assert_eq!((m.vote_of(krs[0], people[0]), m.vote_of(krs[0], people[1]), m.vote_of(krs[1], people[1])), (Some(8), Some(4), Some(6)));
        let texts: Vec<&str> = merged.commitments_of(3).map(|c| c.text.as_str()).collect();
        assert_eq!(texts.len(), 2, "both commitments: {texts:?}");
        assert_eq!(merged.meetings.len(), 1);
    }
}
