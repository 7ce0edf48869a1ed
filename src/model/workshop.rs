//! The workshop: the root of everything one team produces in one period, its participants
//! and settings, id allocation, and whole-workshop operations (carry over, sanitising).

use jiff::{Timestamp, civil::Date};
use serde::{Deserialize, Serialize};

use super::backlog::Backlog;
use super::ids::{InitiativeId, ObjectiveId, ParticipantId, ThemeId};
use super::initiative::{Initiative, Theme};
use super::objective::{KeyResultKind, Objective};
use super::period::Period;
use super::review::{Retrospective, WeeklyNote};
use super::text::{MAX_TITLE_CHARS, cap_chars, clean_line};

/// The file format version this program writes. Older files are migrated on load; newer
/// ones are refused.
pub const SCHEMA_VERSION: u32 = 2;

/// The five steps of the workshop, in order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    #[default]
    Backlog,
    Brainstorm,
    Prioritise,
    Objectives,
    Review,
}

impl Step {
    pub const ALL: [Step; 5] = [Step::Backlog, Step::Brainstorm, Step::Prioritise, Step::Objectives, Step::Review];

    pub fn number(self) -> usize {
        self as usize + 1
    }

    pub fn from_number(n: usize) -> Option<Step> {
        Self::ALL.get(n.checked_sub(1)?).copied()
    }

    pub fn title(self) -> &'static str {
        match self {
            Step::Backlog => "Backlog",
            Step::Brainstorm => "Brainstorm",
            Step::Prioritise => "Prioritise",
            Step::Objectives => "Objectives",
            Step::Review => "Review",
        }
    }

    /// The coaching voice: what this step is for, in one line.
    pub fn hint(self) -> &'static str {
        match self {
            Step::Backlog => "Declare bankruptcy: shelve the old backlog, start fresh. Nothing is deleted.",
            Step::Brainstorm => "Capture initiatives from everyone, big and small. Quantity first; judge later.",
            Step::Prioritise => "Score impact and cost, vote, then group initiatives into themes.",
            Step::Objectives => "Each theme: what broader problem does it solve? Describe that brighter future.",
            Step::Review => "Start the week from the key results: value, status, confidence, one note.",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub id: ParticipantId,
    pub name: String,
    /// Removed from the workshop; kept so their initiatives still show their name.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub removed: bool,
    /// When this was last changed here or on another copy: in a merge of two changes to the
    /// same field, the later one wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<jiff::Timestamp>,
    /// Fields this build does not know (written by a newer Quarterdeck or by hand): kept and
    /// written back as they were.
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Dot votes each participant may cast.
    pub vote_budget: u32,
    /// Most votes one participant may put on one initiative; `None` for no cap.
    pub vote_cap: Option<u32>,
    pub min_objectives: u32,
    pub max_objectives: u32,
    pub min_key_results: u32,
    pub max_key_results: u32,
    /// Brainstorm timebox default, in minutes.
    pub timer_minutes: u32,
    /// Each step's timebox in minutes, for an agenda that runs itself: arriving on a step
    /// sets the timer to its box (and starts it, when the timer was running for another step).
    #[serde(skip_serializing_if = "super::timer::Timeboxes::is_empty")]
    pub timeboxes: super::timer::Timeboxes,
    /// No terminal bell when a timebox runs out (the banner still says so).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub mute_bell: bool,
    /// Behind expected pace by more than this fraction suggests "at risk".
    pub at_risk_margin: f64,
    /// Behind expected pace by more than this fraction suggests "off track".
    pub off_track_margin: f64,
    /// The capacity split to aim for (business, engineering health, learning).
    #[serde(skip_serializing_if = "super::capacity::CapacityTarget::is_default")]
    pub capacity: super::capacity::CapacityTarget,
    /// The weekday of the weekly review: once it has passed, a key result without a
    /// check-in for the week is "not checked in". `None`: the last day of each week.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_day: Option<super::review::ReviewDay>,
    /// How often the team meets for its review: weekly, or every two weeks (an off week
    /// shows nothing outdated).
    #[serde(skip_serializing_if = "super::meeting::Cadence::is_weekly")]
    pub cadence: super::meeting::Cadence,
    /// The week of the period's first meeting (`None`: week 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_meeting_week: Option<u32>,
    /// Fields this build does not know (written by a newer Quarterdeck or by hand): kept and
    /// written back as they were.
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            vote_budget: 3,
            vote_cap: None,
            min_objectives: 3,
            max_objectives: 5,
            min_key_results: 2,
            max_key_results: 4,
            timer_minutes: 10,
            timeboxes: super::timer::Timeboxes::default(),
            mute_bell: false,
            at_risk_margin: 0.1,
            off_track_margin: 0.25,
            capacity: super::capacity::CapacityTarget::default(),
            review_day: None,
            cadence: super::meeting::Cadence::Weekly,
            first_meeting_week: None,
            extra: crate::model::Extra::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workshop {
    pub schema_version: u32,
    pub name: String,
    #[serde(default)]
    pub team: String,
    pub period: Period,
    pub created: Timestamp,
    /// When a field of the workshop itself (name, team, period, settings, silent mode, the
    /// retrospective) last changed: the later of two changes wins a merge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<Timestamp>,
    #[serde(default)]
    pub participants: Vec<Participant>,
    #[serde(default)]
    pub settings: Settings,
    #[serde(default)]
    pub backlog: Backlog,
    /// Brainstorm entries are captured but hidden from the shared screen.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub silent_mode: bool,
    #[serde(default)]
    pub initiatives: super::shared_list::SharedList<Initiative>,
    /// A secret round of dot voting, while one is open: each voter's dots, unseen until
    /// revealed together.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_round: Option<super::ballot::SecretRound>,
    /// A round of private impact/cost scoring: open (each participant's scores unseen), or
    /// revealed (kept for the spread of the team's scores) until the next round.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score_round: Option<super::score_round::ScoreRound>,
    /// In board order.
    #[serde(default)]
    pub themes: Vec<Theme>,
    #[serde(default)]
    pub objectives: super::shared_vec::SharedVec<Objective>,
    /// Levels the team keeps beside its OKRs, checked in weekly.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub health: Vec<super::health::HealthMetric>,
    /// Key results and objectives engineers proposed, waiting on step 4 (and those the
    /// room declined, so merging the proposal again does not bring them back).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<super::candidate::Candidate>,
    /// Summaries of the earlier periods this one was carried over from, for calibration.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub calibration: Vec<super::calibration::PeriodSummary>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weekly_notes: Vec<WeeklyNote>,
    /// What each weekly meeting committed to, with owners and the key result served.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commitments: Vec<super::commitment::WeeklyCommitment>,
    /// Each meeting week's confidence round and monthly decisions, in week order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub meetings: Vec<super::meeting::Meeting>,
    #[serde(default)]
    pub retrospective: Retrospective,
    /// Coach findings the team dismissed, with why (the coach advises; it never blocks).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dismissed: Vec<Dismissal>,
    /// What merges of concurrent changes decided: where both sides changed the same field,
    /// the value kept and the one set aside (nothing is dropped silently).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merge_log: Vec<super::merge::MergeNote>,
    /// Fields this build does not know (written by a newer Quarterdeck or by hand): kept and
    /// written back as they were.
    #[serde(flatten)]
    pub extra: super::Extra,
}

/// The ids a workshop uses, and fresh ones that are not among them.
#[derive(Debug, Default)]
pub struct IdPool {
    used: std::collections::HashSet<u64>,
}

impl IdPool {
    /// Takes ids that are about to be used, so that none is handed out.
    pub fn reserve(&mut self, ids: impl IntoIterator<Item = u64>) {
        self.used.extend(ids);
    }

    /// A random id used by nothing in the pool, and now taken.
    pub fn fresh(&mut self) -> u64 {
        loop {
            let id = super::ids::random();
            if self.used.insert(id) {
                return id;
            }
        }
    }
}

/// A coach finding the team chose to ignore for one item, and their reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dismissal {
    /// The finding's stable code, e.g. `kr-output-verb`.
    pub code: String,
    /// The item, as its id reads (`O3`, `KR12`, `T2`, `I40`) or `workshop`.
    pub subject: String,
    pub reason: String,
    /// When this was last changed here or on another copy: in a merge of two changes to the
    /// same field, the later one wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<jiff::Timestamp>,
    /// Fields this build does not know (written by a newer Quarterdeck or by hand): kept and
    /// written back as they were.
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}

impl Workshop {
    pub fn new(name: &str, team: &str, period: Period, created: Timestamp) -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            name: cap_chars(clean_line(name), MAX_TITLE_CHARS),
            team: clean_line(team),
            period,
            created,
            changed: None,
            participants: Vec::new(),
            settings: Settings::default(),
            backlog: Backlog::default(),
            silent_mode: false,
            initiatives: super::shared_list::SharedList::new(),
            secret_round: None,
            score_round: None,
            themes: Vec::new(),
            objectives: super::shared_vec::SharedVec::new(),
            health: Vec::new(),
            candidates: Vec::new(),
            calibration: Vec::new(),
            weekly_notes: Vec::new(),
            commitments: Vec::new(),
            meetings: Vec::new(),
            retrospective: Retrospective::default(),
            dismissed: Vec::new(),
            merge_log: Vec::new(),
            extra: super::Extra::new(),
        }
    }

    /// A fresh random id number, used by nothing else in this workshop (see `model::ids`).
    pub fn allocate_id(&mut self) -> u64 {
        self.id_pool().fresh()
    }

    /// Every id in use, to hand out many fresh ones at once (an import of 100,000 rows
    /// checks each new id against a set, not against every item).
    pub fn id_pool(&self) -> IdPool {
        let people = self.participants.iter().map(|p| p.id.0);
        let backlog = self.backlog.items.iter().map(|b| b.id.0);
        let initiatives = self.initiatives.iter().map(|i| i.id.0);
        let themes = self.themes.iter().map(|t| t.id.0);
        let objectives = self.objectives.iter().map(|o| o.id.0);
        let key_results = self.objectives.iter().flat_map(|o| o.key_results.iter().map(|k| k.id.0));
        let method =
            self.health.iter().map(|h| h.id.0).chain(self.candidates.iter().map(|c| c.id.0)).chain(self.calibration.iter().map(|c| c.id.0));
        let commitments = self.commitments.iter().map(|c| c.id.0);
        let used =
            people.chain(backlog).chain(initiatives).chain(themes).chain(objectives).chain(key_results).chain(method).chain(commitments);
        IdPool { used: used.collect() }
    }

    pub fn participant(&self, id: ParticipantId) -> Option<&Participant> {
        self.participants.iter().find(|p| p.id == id)
    }

    /// Display name of an author: the participant's name, or "anonymous".
    pub fn author_name(&self, author: Option<ParticipantId>) -> &str {
        author.and_then(|id| self.participant(id)).map_or("anonymous", |p| p.name.as_str())
    }

    /// Participants still taking part, in the order they were added.
    pub fn active_participants(&self) -> impl Iterator<Item = &Participant> {
        self.participants.iter().filter(|p| !p.removed)
    }

    /// Adds a participant, or brings back a removed one of the same name.
    pub fn add_participant(&mut self, name: &str) -> Option<ParticipantId> {
        let name = clean_line(name);
        if name.is_empty() {
            return None;
        }
        if let Some(p) = self.participants.iter_mut().find(|p| p.name.eq_ignore_ascii_case(&name)) {
            p.removed = false;
            return Some(p.id);
        }
        let id = ParticipantId(self.allocate_id());
        self.participants.push(Participant { id, name, removed: false, changed: None, extra: crate::model::Extra::new() });
        Some(id)
    }

    /// Makes the active participant list exactly `names` (in order): new names are added,
    /// missing ones are marked removed so their work keeps their name.
    pub fn set_participants(&mut self, names: &[String]) {
        let wanted: Vec<String> = names.iter().map(|n| clean_line(n)).filter(|n| !n.is_empty()).collect();
        for p in &mut self.participants {
            p.removed = !wanted.iter().any(|w| w.eq_ignore_ascii_case(&p.name));
        }
        for name in &wanted {
            self.add_participant(name);
        }
    }

    pub fn initiative(&self, id: InitiativeId) -> Option<&Initiative> {
        self.initiatives.iter().find(|i| i.id == id)
    }

    pub fn theme(&self, id: ThemeId) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }

    pub fn objective(&self, id: ObjectiveId) -> Option<&Objective> {
        self.objectives.iter().find(|o| o.id == id)
    }

    pub fn key_result_count(&self) -> usize {
        self.objectives.iter().map(|o| o.key_results.len()).sum()
    }

    /// Today's week of the period.
    pub fn current_week(&self, today: Date) -> u32 {
        self.period.week_of(today)
    }

    /// A copy for the next period: objectives, key results and themes carried over (marked
    /// as carried); no check-ins, adjustments, scores, notes or learnings. Initiatives and the
    /// backlog stay behind (the next workshop starts its own brainstorm).
    pub fn carry_over(&self, name: &str, created: Timestamp) -> Workshop {
        let mut next = Workshop::new(name, &self.team, self.period.next(), created);
        next.participants.clone_from(&self.participants);
        next.settings = self.settings.clone();
        next.themes.clone_from(&self.themes);
        // Levels to keep stay the team's; their readings belong to the old period.
        next.health = self.health.iter().map(|h| super::health::HealthMetric { check_ins: Vec::new(), ..h.clone() }).collect();
        next.objectives = self
            .objectives
            .iter()
            .map(|o| {
                let mut o = o.clone();
                o.learnings.clear();
                o.carried_from = Some(self.period.label.clone());
                for kr in &mut o.key_results {
                    // The new period starts from where the old one ended, and its text says so.
                    if let (KeyResultKind::Metric { baseline, unit, .. }, Some(last)) =
                        (&mut kr.kind, kr.check_ins.iter().max_by_key(|c| c.week))
                    {
                        *baseline = last.value;
                        kr.description = super::retext::with_numbers(&kr.description, Some(last.value), None, unit);
                    }
                    kr.check_ins.clear();
                    kr.adjustments.clear();
                    kr.final_score = None;
                    kr.score_reason.clear();
                    kr.carried = true;
                    kr.initiatives.clear();
                    kr.due = None;
                }
                o
            })
            .collect();
        next.keep_calibration_of(self);
        next
    }

    /// Moves every date in the workshop by `days` (the demo is kept current this way).
    pub fn shift_dates(&mut self, days: i64) {
        let span = jiff::Span::new().days(days);
        let shift = |d: &mut Date| *d = d.checked_add(span).unwrap_or(*d);
        self.period = self.period.shifted(days);
        if let Ok(t) = self.created.checked_add(jiff::SignedDuration::from_hours(days * 24)) {
            self.created = t;
        }
        for item in &mut self.backlog.items {
            item.created.as_mut().map(shift);
            item.updated.as_mut().map(shift);
            item.shelved_on.as_mut().map(shift);
        }
        if let Some(b) = &mut self.backlog.bankruptcy {
            shift(&mut b.declared_on);
        }
        for i in &mut self.initiatives {
            if let Ok(t) = i.created.checked_add(jiff::SignedDuration::from_hours(days * 24)) {
                i.created = t;
            }
            if let Some(p) = &mut i.proposal {
                shift(&mut p.merged_on);
            }
            i.status_changed.as_mut().map(shift);
        }
        for kr in self.objectives.iter_mut().flat_map(|o| o.key_results.iter_mut()) {
            kr.due.as_mut().map(shift);
            for c in &mut kr.check_ins {
                shift(&mut c.date);
                c.replaced.iter_mut().for_each(|r| shift(&mut r.date));
            }
            kr.adjustments.iter_mut().for_each(|a| shift(&mut a.date));
        }
        self.shift_method_dates(days);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::KeyResultId;
    use crate::model::objective::{CheckIn, KeyResult};
    use jiff::civil::date;

    fn workshop() -> Workshop {
        let period = Period::parse("2027-Q1").expect("period");
        Workshop::new("Platform\u{1b}[2J", "Infra\t", period, Timestamp::UNIX_EPOCH)
    }

    #[test]
    fn each_steps_hint_fits_an_80_column_terminal() {
        for step in Step::ALL {
            assert!(step.hint().chars().count() <= 78, "{step:?}: {}", step.hint());
        }
    }

    #[test]
    fn new_workshop_has_clean_text() {
        let w = workshop();
        assert_eq!((w.name.as_str(), w.team.as_str()), ("Platform[2J", "Infra"));
    }

    #[test]
    fn new_ids_are_random_and_unused() {
        let mut w = workshop();
        let a = w.add_participant("Ada").expect("id");
        let b = w.add_participant("Grace").expect("id");
        assert!(crate::model::ids::is_random(a.0) && crate::model::ids::is_random(b.0));
        assert_ne!(a, b);
        assert!(w.add_participant("  ").is_none());
    }

    #[test]
    fn removing_a_participant_keeps_their_name() {
        let mut w = workshop();
        w.set_participants(&["Ada".into(), "Grace".into()]);
        let ada = w.participants[0].id;
        w.set_participants(&["Grace".into(), "Linus".into()]);
        assert_eq!(w.active_participants().count(), 2);
        assert_eq!(w.author_name(Some(ada)), "Ada");
        assert!(w.participant(ada).expect("kept").removed);
        w.set_participants(&["ada".into()]);
        assert!(!w.participant(ada).expect("kept").removed, "re-adding revives");
    }

    #[test]
    fn carry_over_keeps_okrs_not_check_ins() {
        let mut w = workshop();
        let oid = ObjectiveId(w.allocate_id());
        let kid = KeyResultId(w.allocate_id());
        let kr = KeyResult {
            id: kid,
            description: "P1 incidents from 4 to 0".into(),
            kind: KeyResultKind::metric(4.0, 0.0, "incidents"),
            check_ins: vec![CheckIn { week: 13, date: date(2027, 3, 30), value: 1.0, confidence: 8, ..CheckIn::default() }],
            final_score: Some(0.8),
            score_reason: "hand-scored".into(),
            ..KeyResult::default()
        };
        w.objectives.push(Objective {
            id: oid,
            title: "Reliable database".into(),
            commitment: crate::model::Commitment::Committed,
            key_results: vec![kr],
            learnings: "ask earlier".into(),
            ..Objective::default()
        });
        let next = w.carry_over("Platform Q2", Timestamp::UNIX_EPOCH);
        assert_eq!(next.period.label, "2027-Q2");
        let kr = &next.objectives[0].key_results[0];
        assert!(kr.check_ins.is_empty() && kr.final_score.is_none() && kr.score_reason.is_empty());
        assert!(kr.carried && next.objectives[0].learnings.is_empty());
        assert_eq!(next.objectives[0].carried_from.as_deref(), Some("2027-Q1"));
        assert_eq!(kr.kind, KeyResultKind::metric(1.0, 0.0, "incidents"));
        assert_eq!(kr.description, "P1 incidents from 1 to 0", "the text starts where the numbers do");
        assert_eq!(kr.id, kid, "ids are stable across the carry-over");
        let mut next = next;
        assert_ne!(next.allocate_id(), kid.0, "a fresh id is not one carried over");
    }

    #[test]
    fn shifting_dates_moves_the_period() {
        let mut w = workshop();
        w.shift_dates(7);
        assert_eq!(w.period.start, date(2027, 1, 8));
    }

    #[test]
    fn sanitise_cleans_loaded_text() {
        let mut w = workshop();
        w.name = "a\u{202e}b".into();
        w.participants.push(Participant {
            id: ParticipantId(9),
            name: "x\u{7}y".into(),
            removed: false,
            changed: None,
            extra: crate::model::Extra::new(),
        });
        w.sanitise();
        assert_eq!((w.name.as_str(), w.participants[0].name.as_str()), ("ab", "xy"));
    }
}
