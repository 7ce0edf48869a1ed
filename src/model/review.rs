//! Step 5, the weekly review: where each key result stands for a week, check-ins (one per
//! key result per week), pace, adjustments on record, notes per review week, and honest
//! end-of-period scoring and carry-over. Pure rules: no I/O, no drawing.
//!
//! The weeks (review days, which week a check-in is for, standings and counts) are in
//! `review/week.rs`; recording a check-in (pace, plausibility, history) in
//! `review/record.rs`; this file holds notes, adjustments, scores and carry-over.

mod record;
mod week;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

pub use record::{CheckInRefusal, Pace, Recorded};
pub use week::{ReviewDay, Standing, Tally, WeekChoice, WeekRefusal};

use super::ids::{KeyResultId, ObjectiveId};
use super::objective::{Adjustment, Commitment, KeyResult, KeyResultKind, Objective};
use super::objectives::clean_kind;
use super::retext::with_numbers;
use super::text::{cap_title, clean_multiline};
use super::workshop::Workshop;

/// What the weekly review decided or found blocking, for one week of the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyNote {
    pub week: u32,
    pub notes: String,
    /// When this was last changed here or on another copy: in a merge of two changes to the
    /// same field, the later one wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<jiff::Timestamp>,
    /// Fields this build does not know (written by a newer Quarterdeck or by hand): kept and
    /// written back as they were.
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}

/// End of period: "what did we learn, what would we do differently".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Retrospective {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub learnings: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub differently: String,
    /// Fields this build does not know (written by a newer Quarterdeck or by hand): kept and
    /// written back as they were.
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}

/// Whether an adjustment moved the target toward the baseline (eased) or away from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Easing {
    Eased,
    Raised,
    /// The target did not move (or the kind changed, so there is nothing to compare).
    Unchanged,
}

/// Why an adjustment was not recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AdjustRefusal {
    #[error("Adjusting a key result needs a reason.")]
    ReasonNeeded,
    #[error("There is no such key result.")]
    UnknownKeyResult,
}

/// What the end-of-period scores say about how the targets were set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScorePattern {
    TooSafe,
    Unrealistic,
}

impl ScorePattern {
    pub fn message(self) -> &'static str {
        match self {
            ScorePattern::TooSafe => "Most aspirational key results scored 1.0: the targets may have been too safe.",
            ScorePattern::Unrealistic => "Most key results scored below 0.4: the targets may have been unrealistic.",
        }
    }
}

/// The colour band of a score by the 0.7 rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreBand {
    Success,
    Partial,
    Miss,
}

/// Slack for scores that are means of rounded values (0.6 and 0.8 average to 0.7000…01 or
/// 0.6999…9 depending on the order).
const SCORE_SLACK: f64 = 1e-9;

/// The band of a score: aspirational objectives succeed at 0.7; committed ones expect 1.0
/// (0.7 is only partial for them).
pub fn score_band(score: f64, commitment: Commitment) -> ScoreBand {
    let (success, partial) = match commitment {
        Commitment::Aspirational => (0.7, 0.4),
        Commitment::Committed => (0.999, 0.7),
    };
    if score >= success - SCORE_SLACK {
        ScoreBand::Success
    } else if score >= partial - SCORE_SLACK {
        ScoreBand::Partial
    } else {
        ScoreBand::Miss
    }
}

/// Share of aspirational (or all) scored key results that must meet a pattern.
const PATTERN_SHARE: f64 = 0.6;
/// Fewer scored key results than this say nothing about a pattern.
const PATTERN_MIN: usize = 3;

impl KeyResult {
    /// Confidence now and its change since the previous check-in, as of `week` (a change of
    /// 0 when there is no previous one).
    pub fn confidence_change(&self, week: u32) -> Option<(u8, i16)> {
        let last = self.check_in_as_of(week)?;
        let before = self.check_ins.iter().filter(|c| c.week < last.week).max_by_key(|c| c.week);
        let change = before.map_or(0, |b| i16::from(last.confidence) - i16::from(b.confidence));
        Some((last.confidence, change))
    }

    /// The check-in of exactly that week.
    pub fn check_in_for(&self, week: u32) -> Option<&super::CheckIn> {
        self.check_ins.iter().find(|c| c.week == week)
    }

    /// Progress as of `week` (signed; from the baseline when there is no check-in yet).
    pub fn progress_as_of(&self, week: u32) -> Option<f64> {
        self.progress_of(self.check_in_as_of(week).map_or(self.baseline(), |c| c.value))
    }
}

impl Objective {
    /// Progress during the period: the mean of its key results' progress as of `week`
    /// (signed, so a regression pulls it down). `None` without key results that measure
    /// anything.
    pub fn progress_as_of(&self, week: u32) -> Option<f64> {
        let all: Vec<f64> = self.key_results.iter().filter_map(|k| k.progress_as_of(week)).collect();
        (!all.is_empty()).then(|| all.iter().sum::<f64>() / all.len() as f64 + 0.0)
    }
}

/// Whether a new target is eased or raised: where it lies on the old line from baseline to
/// target (below the old target's place is easier, beyond it harder). Works the same for
/// increasing and decreasing key results; a change of kind compares nothing.
fn easing(before: &KeyResultKind, after: &KeyResultKind) -> Easing {
    const SLACK: f64 = 1e-9;
    match (before, after) {
        (KeyResultKind::Metric { baseline: b0, target: t0, .. }, KeyResultKind::Metric { baseline: b1, target: t1, .. }) => {
            let span = t0 - b0;
            let ratio = if span.abs() < f64::EPSILON {
                // Nothing was to be measured: any span now is a raise.
                if (t1 - b1).abs() < f64::EPSILON { 1.0 } else { 2.0 }
            } else {
                (t1 - b0) / span
            };
            if ratio < 1.0 - SLACK {
                Easing::Eased
            } else if ratio > 1.0 + SLACK {
                Easing::Raised
            } else {
                Easing::Unchanged
            }
        }
        _ => Easing::Unchanged,
    }
}

impl Adjustment {
    /// Whether this change eased the target (toward the baseline) or raised it.
    pub fn easing(&self) -> Easing {
        easing(&self.before_kind, &self.after_kind)
    }
}

impl KeyResult {
    /// The net effect of all its adjustments: the original target against the current one.
    pub fn net_easing(&self) -> Easing {
        self.adjustments.first().map_or(Easing::Unchanged, |first| easing(&first.before_kind, &self.kind))
    }
}

impl Workshop {
    /// Adjusts a key result mid-period (description and kind) with a required reason: the
    /// change is recorded as an [`Adjustment`] with the before and after, and the check-ins
    /// stay. An empty description keeps the old one; a description left as it was is
    /// rewritten to state the new numbers where it states numbers (so the text never
    /// contradicts the numbers progress is computed from). Returns whether the target was eased
    /// (moved toward the baseline) or raised. A change that changes nothing is not recorded
    /// (and returns `Unchanged`).
    pub fn adjust_key_result(
        &mut self,
        kr: KeyResultId,
        description: &str,
        kind: KeyResultKind,
        reason: &str,
        today: Date,
    ) -> Result<Easing, AdjustRefusal> {
        let Some(k) = self.key_result_mut(kr) else { return Err(AdjustRefusal::UnknownKeyResult) };
        let reason = clean_multiline(reason);
        if reason.trim().is_empty() {
            return Err(AdjustRefusal::ReasonNeeded);
        }
        let description = match cap_title(description).0 {
            d if d.is_empty() => k.description.clone(),
            d => d,
        };
        let kind = match kind {
            KeyResultKind::Metric { baseline, target, unit, .. } => clean_kind(&KeyResultKind::metric(baseline, target, unit)),
            KeyResultKind::Milestone { extra } => KeyResultKind::Milestone { extra: extra.clone() },
            maintain @ KeyResultKind::Maintain { .. } => clean_kind(&maintain),
        };
        let description = match &kind {
            KeyResultKind::Metric { baseline, target, unit, .. } if description == k.description => {
                with_numbers(&description, Some(*baseline), Some(*target), unit)
            }
            _ => description,
        };
        if description == k.description && kind == k.kind {
            return Ok(Easing::Unchanged);
        }
        let eased = easing(&k.kind, &kind);
        k.adjustments.push(Adjustment {
            date: today,
            reason: reason.trim().to_string(),
            before_description: std::mem::replace(&mut k.description, description.clone()),
            before_kind: std::mem::replace(&mut k.kind, kind.clone()),
            after_description: description,
            after_kind: kind,
            extra: crate::model::Extra::new(),
        });
        Ok(eased)
    }

    /// Sets (0..=1, clamped) or clears (`None`) a key result's final score override. Setting
    /// one needs a reason and a finite score; clearing drops the reason too. False when
    /// nothing was changed for those reasons or the key result is unknown.
    pub fn set_score(&mut self, kr: KeyResultId, score: Option<f64>, reason: &str) -> bool {
        let Some(k) = self.key_result_mut(kr) else { return false };
        match score {
            None => {
                k.final_score = None;
                k.score_reason.clear();
                true
            }
            Some(s) if !s.is_finite() => false,
            Some(s) => {
                let reason = clean_multiline(reason);
                if reason.trim().is_empty() {
                    return false;
                }
                k.final_score = Some(s.clamp(0.0, 1.0));
                k.score_reason = reason.trim().to_string();
                true
            }
        }
    }

    /// What the team learned on an objective and would do differently (empty clears it).
    pub fn set_objective_learnings(&mut self, objective: ObjectiveId, text: &str) -> bool {
        let Some(o) = self.objectives.iter_mut().find(|o| o.id == objective) else { return false };
        o.learnings = clean_multiline(text);
        true
    }

    /// Sets the review notes of a week (decisions, blockers); empty text removes them.
    pub fn set_weekly_note(&mut self, week: u32, text: &str) {
        let notes = clean_multiline(text);
        self.weekly_notes.retain(|n| n.week != week);
        if notes.trim().is_empty() {
            return;
        }
        let at = self.weekly_notes.iter().position(|n| n.week > week).unwrap_or(self.weekly_notes.len());
        self.weekly_notes.insert(at, WeeklyNote { week, notes, changed: None, extra: crate::model::Extra::new() });
    }

    pub fn weekly_note(&self, week: u32) -> Option<&str> {
        self.weekly_notes.iter().find(|n| n.week == week).map(|n| n.notes.as_str())
    }

    /// End-of-period patterns: too safe when at least 60% of the scored aspirational key
    /// results score 1.0, unrealistic when at least 60% of all scored key results are below
    /// 0.4. Each needs at least three scored key results in its group.
    pub fn score_pattern(&self) -> Option<ScorePattern> {
        let scored: Vec<(Commitment, f64)> =
            self.objectives.iter().flat_map(|o| o.key_results.iter().filter_map(move |k| k.score().map(|s| (o.commitment, s)))).collect();
        let share = |hits: usize, of: usize| of >= PATTERN_MIN && hits as f64 >= PATTERN_SHARE * of as f64 - SCORE_SLACK;
        let aspirational: Vec<f64> = scored.iter().filter(|(c, _)| *c == Commitment::Aspirational).map(|(_, s)| *s).collect();
        let perfect = aspirational.iter().filter(|s| **s >= 1.0 - SCORE_SLACK).count();
        if share(perfect, aspirational.len()) {
            return Some(ScorePattern::TooSafe);
        }
        let low = scored.iter().filter(|(_, s)| *s < 0.4 - SCORE_SLACK).count();
        share(low, scored.len()).then_some(ScorePattern::Unrealistic)
    }

    /// Like [`Workshop::carry_over`] but only the chosen objectives (with all their key
    /// results) and the themes they belong to; the others stay behind.
    pub fn carry_over_chosen(&self, name: &str, objectives: &[ObjectiveId], created: Timestamp) -> Workshop {
        let mut next = self.carry_over(name, created);
        next.objectives.retain(|o| objectives.contains(&o.id));
        let themes: Vec<_> = next.objectives.iter().filter_map(|o| o.theme).collect();
        next.themes.retain(|t| themes.contains(&t.id));
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CheckIn, KeyResultDraft, ObjectiveDraft, Period, Status, Theme, ThemeId};
    use jiff::civil::date;

    fn workshop() -> Workshop {
        Workshop::new("w", "", Period::parse("2027-Q1").expect("period"), Timestamp::UNIX_EPOCH)
    }

    fn metric(baseline: f64, target: f64) -> KeyResultKind {
        KeyResultKind::metric(baseline, target, "ms")
    }

    /// A workshop with one objective and key results of the given kinds.
    fn with_key_results(commitment: Commitment, kinds: &[KeyResultKind]) -> (Workshop, ObjectiveId, Vec<KeyResultId>) {
        let mut w = workshop();
        let o = w.add_objective(&ObjectiveDraft { title: "Fast builds".into(), commitment, ..Default::default() }).expect("objective");
        let krs = kinds
            .iter()
            .map(|kind| {
                let draft = KeyResultDraft { description: "Build time".into(), kind: kind.clone(), owners: vec![], due: None };
                w.add_key_result(o, &draft).expect("key result")
            })
            .collect();
        (w, o, krs)
    }

    fn check_in(week: u32, value: f64, status: Status, confidence: u8, note: &str) -> CheckIn {
        CheckIn { week, date: date(2027, 1, 1), value, status, confidence, note: note.into(), ..CheckIn::default() }
    }

    fn kr(w: &Workshop, id: KeyResultId) -> &KeyResult {
        w.key_result(id).expect("key result")
    }

    #[test]
    fn progress_counts_up_down_and_milestones_and_clamps_over_achievement() {
        let (w, _, ids) = with_key_results(
            Commitment::Aspirational,
            &[metric(10.0, 20.0), metric(90.0, 30.0), KeyResultKind::milestone(), metric(5.0, 5.0)],
        );
        let (up, down, milestone, flat) = (kr(&w, ids[0]), kr(&w, ids[1]), kr(&w, ids[2]), kr(&w, ids[3]));
        assert_eq!(up.progress_of(12.5), Some(0.25));
        assert_eq!(up.progress_of(25.0), Some(1.0), "over-achievement is clamped");
        assert_eq!(up.progress_of(0.0), Some(-1.0), "going backwards is negative");
        assert_eq!(down.progress_of(60.0), Some(0.5), "a decrease counts down from the baseline");
        assert_eq!(down.progress_of(10.0), Some(1.0));
        assert_eq!(down.progress_of(120.0), Some(-0.5));
        assert_eq!(milestone.progress_of(1.0), Some(1.0));
        assert_eq!(milestone.progress_of(0.0), Some(0.0));
        assert_eq!(flat.progress_of(5.0), None, "baseline equal to target measures nothing");
        assert_eq!(flat.score(), None);
        assert_eq!(up.score(), Some(0.0), "no check-in scores the baseline");
    }

    #[test]
    fn expected_progress_is_a_straight_line_to_the_due_date() {
        let (mut w, _, ids) = with_key_results(Commitment::Aspirational, &[metric(0.0, 100.0), metric(0.0, 100.0)]);
        let early = date(2027, 1, 31);
        w.key_result_mut(ids[1]).expect("kr").due = Some(early);
        let (full, short) = (kr(&w, ids[0]).clone(), kr(&w, ids[1]).clone());
        assert!(w.expected_progress(&full, date(2026, 12, 31)).abs() < 1e-9, "before the start");
        assert!(w.expected_progress(&full, date(2027, 1, 1)) < 0.02, "first day");
        // 2027-Q1 has 90 days; 15 February is day 46.
        assert!((w.expected_progress(&full, date(2027, 2, 14)) - 45.0 / 90.0).abs() < 1e-9);
        assert!((w.expected_progress(&full, date(2027, 3, 31)) - 1.0).abs() < 1e-9);
        assert!((w.expected_progress(&short, date(2027, 1, 16)) - 16.0 / 31.0).abs() < 1e-9);
        assert!((w.expected_progress(&short, date(2027, 2, 14)) - 1.0).abs() < 1e-9, "past an early due date");
    }

    #[test]
    fn pace_suggests_a_status_at_the_start_middle_and_end() {
        let (mut w, _, ids) =
            with_key_results(Commitment::Aspirational, &[metric(0.0, 100.0), metric(90.0, 30.0), KeyResultKind::milestone()]);
        let (up, down, milestone) = (kr(&w, ids[0]).clone(), kr(&w, ids[1]).clone(), kr(&w, ids[2]).clone());
        let (start, middle, end) = (date(2027, 1, 1), date(2027, 2, 14), date(2027, 3, 31));
        assert_eq!(w.suggested_status(&up, 0.0, start), Status::OnTrack, "nothing is expected on day one");
        assert_eq!(w.suggested_status(&up, 45.0, middle), Status::OnTrack);
        assert_eq!(w.suggested_status(&up, 38.0, middle), Status::AtRisk, "12 points behind a 10% margin");
        assert_eq!(w.suggested_status(&up, 20.0, middle), Status::OffTrack, "30 points behind a 25% margin");
        assert_eq!(w.suggested_status(&up, 100.0, end), Status::OnTrack);
        assert_eq!(w.suggested_status(&up, 80.0, end), Status::AtRisk);
        assert_eq!(w.suggested_status(&up, 50.0, end), Status::OffTrack);
        assert_eq!(w.suggested_status(&down, 60.0, middle), Status::OnTrack, "halfway down at halfway");
        assert_eq!(w.suggested_status(&down, 80.0, middle), Status::OffTrack);
        w.settings.at_risk_margin = 0.2;
        assert_eq!(w.suggested_status(&up, 38.0, middle), Status::OnTrack, "margins come from the settings");
        assert_eq!(w.suggested_status(&milestone, 0.0, middle), Status::OnTrack, "a milestone has until its due date");
        assert_eq!(w.suggested_status(&milestone, 0.0, date(2027, 3, 20)), Status::AtRisk, "the last stretch");
        assert_eq!(w.suggested_status(&milestone, 0.0, end), Status::OffTrack);
        assert_eq!(w.suggested_status(&milestone, 1.0, end), Status::OnTrack);
    }

    #[test]
    fn an_early_due_date_speeds_up_the_pace() {
        let (mut w, _, ids) = with_key_results(Commitment::Aspirational, &[metric(0.0, 100.0)]);
        w.key_result_mut(ids[0]).expect("kr").due = Some(date(2027, 1, 31));
        let k = kr(&w, ids[0]).clone();
        assert_eq!(w.suggested_status(&k, 45.0, date(2027, 1, 31)), Status::OffTrack);
        assert_eq!(w.suggested_status(&k, 45.0, date(2027, 1, 14)), Status::OnTrack);
    }

    #[test]
    fn a_regression_suggests_off_track_however_early() {
        let (w, _, ids) = with_key_results(Commitment::Aspirational, &[metric(2.0, 0.0), metric(99.5, 99.9)]);
        let (outages, availability) = (kr(&w, ids[0]).clone(), kr(&w, ids[1]).clone());
        assert_eq!(w.suggested_status(&outages, 5.0, date(2027, 1, 1)), Status::OffTrack);
        assert_eq!(w.suggested_status(&outages, 2.0, date(2027, 1, 1)), Status::OnTrack, "at the baseline on day one");
        assert_eq!(w.suggested_status(&availability, 99.4, date(2027, 1, 1)), Status::OffTrack);
    }

    #[test]
    fn trend_and_confidence_change_follow_the_weeks() {
        let (mut w, _, ids) = with_key_results(Commitment::Aspirational, &[metric(0.0, 100.0)]);
        let id = ids[0];
        assert_eq!(kr(&w, id).confidence_change(4), None);
        w.check_in(id, check_in(4, 30.0, Status::OnTrack, 6, ""), 4, None).expect("week 4");
        assert_eq!(kr(&w, id).confidence_change(4), Some((6, 0)), "nothing to compare with yet");
        w.check_in(id, check_in(2, 10.0, Status::OnTrack, 8, ""), 4, Some("forgot")).expect("week 2");
        w.check_in(id, check_in(5, 35.0, Status::AtRisk, 4, "hiring slipped"), 5, None).expect("week 5");
        let k = kr(&w, id);
        let weeks: Vec<Option<u32>> = k.weeks_up_to(5, 8).iter().map(|c| c.map(|c| c.week)).collect();
        assert_eq!(weeks, vec![None, Some(2), None, Some(4), Some(5)], "gaps for missed weeks, from week 1");
        assert_eq!(k.weeks_up_to(13, 3).len(), 3, "the last weeks when narrow");
        assert_eq!(k.confidence_change(4), Some((6, -2)));
        assert_eq!(k.confidence_change(9), Some((4, -2)));
        assert_eq!(k.check_in_for(5).map(|c| c.value), Some(35.0));
        assert!(k.check_in_for(3).is_none());
    }

    #[test]
    fn one_check_in_per_week_and_replacing_the_past_needs_a_reason() {
        let (mut w, _, ids) = with_key_results(Commitment::Aspirational, &[metric(0.0, 100.0), KeyResultKind::milestone()]);
        let id = ids[0];
        w.check_in(id, check_in(6, 40.0, Status::OnTrack, 12, "fine"), 6, None).expect("first");
        let recorded = w.check_in(id, check_in(6, 45.0, Status::OnTrack, 0, "better"), 6, None).expect("replaces");
        assert_eq!(recorded.replaced.map(|r| (r.value, r.note)), Some((40.0, "fine".to_string())), "says what it replaced");
        let k = kr(&w, id);
        assert_eq!(k.check_ins.len(), 1, "one check-in a week");
        assert_eq!((k.check_ins[0].value, k.check_ins[0].confidence, k.check_ins[0].note.as_str()), (45.0, 1, "better"));
        assert_eq!(k.check_ins[0].replaced.len(), 1, "the first is kept in the history");

        w.check_in(id, check_in(4, 30.0, Status::OnTrack, 7, ""), 6, None).expect("filling an earlier week needs no reason");
        assert_eq!(w.check_in(id, check_in(4, 31.0, Status::OnTrack, 7, ""), 6, None), Err(CheckInRefusal::ReasonNeeded));
        assert_eq!(w.check_in(id, check_in(4, 31.0, Status::OnTrack, 7, ""), 6, Some("  \t")), Err(CheckInRefusal::ReasonNeeded));
        w.check_in(id, check_in(4, 31.0, Status::OnTrack, 7, "ok"), 6, Some("typo\u{1b}[2J in value")).expect("with a reason");
        let k = kr(&w, id);
        assert_eq!(k.check_ins.iter().map(|c| c.week).collect::<Vec<_>>(), vec![4, 6], "kept in week order");
        assert_eq!(k.check_in_for(4).map(|c| c.note.as_str()), Some("ok (edited: typo[2J in value)"));
        assert_eq!(k.confidence_change(6), Some((1, -6)));

        let flagged = CheckIn { note_missing: true, ..check_in(7, 20.0, Status::OffTrack, 4, "") };
        assert_eq!(w.check_in(id, check_in(7, 20.0, Status::OffTrack, 4, ""), 7, None), Err(CheckInRefusal::NoteNeeded));
        assert!(w.check_in(id, flagged, 7, None).expect("saved, flagged").note_missing);
        assert!(kr(&w, id).check_in_for(7).is_some_and(|c| c.note_missing));
        assert_eq!(w.check_in(id, check_in(7, -5.0, Status::OnTrack, 4, ""), 7, None), Err(CheckInRefusal::RegressionOnTrack));
        assert_eq!(w.check_in(id, check_in(6, f64::NAN, Status::OnTrack, 4, ""), 6, None), Err(CheckInRefusal::NotFinite));
        assert_eq!(w.check_in(id, check_in(6, f64::INFINITY, Status::OnTrack, 4, ""), 6, None), Err(CheckInRefusal::NotFinite));
        assert_eq!(w.check_in(KeyResultId(999), check_in(6, 1.0, Status::OnTrack, 4, ""), 6, None), Err(CheckInRefusal::UnknownKeyResult));
        assert_eq!(kr(&w, id).check_in_for(6).map(|c| c.value), Some(45.0), "refusals change nothing");
        assert_eq!(CheckInRefusal::NoteNeeded.to_string(), "At risk or off track needs a note: what changes this week?");
        let kept = w.check_in(id, check_in(6, 20.0, Status::AtRisk, 4, " "), 6, None).expect("the week's note is kept");
        assert!(kept.note_kept && !kept.note_missing);
        assert_eq!(kr(&w, id).check_in_for(6).map(|c| c.note.as_str()), Some("better"));

        w.check_in(ids[1], check_in(6, 0.7, Status::OnTrack, 5, ""), 6, None).expect("milestone");
        assert_eq!(kr(&w, ids[1]).check_in_for(6).map(|c| c.value), Some(1.0), "a milestone is done or not");
        assert_eq!(w.check_in(ids[1], check_in(40, 0.0, Status::OnTrack, 5, ""), 13, None), Err(CheckInRefusal::OutsidePeriod));
        assert_eq!(w.check_in(ids[1], check_in(0, 0.0, Status::OnTrack, 5, ""), 13, None), Err(CheckInRefusal::OutsidePeriod));
        assert!(kr(&w, ids[1]).check_in_for(13).is_none(), "never moved into the last week");
    }

    #[test]
    fn adjustments_are_recorded_and_easing_is_detected_both_ways() {
        let (mut w, _, ids) = with_key_results(Commitment::Aspirational, &[metric(10.0, 20.0), metric(90.0, 30.0)]);
        let (up, down) = (ids[0], ids[1]);
        let today = date(2027, 2, 10);
        assert_eq!(w.adjust_key_result(up, "Build time", metric(10.0, 15.0), " ", today), Err(AdjustRefusal::ReasonNeeded));
        assert_eq!(w.adjust_key_result(KeyResultId(999), "x", metric(0.0, 1.0), "r", today), Err(AdjustRefusal::UnknownKeyResult));
        assert!(kr(&w, up).adjustments.is_empty());

        assert_eq!(w.adjust_key_result(up, "Build time halved", metric(10.0, 15.0), "vendor delay", today), Ok(Easing::Eased));
        let k = kr(&w, up);
        assert_eq!((k.description.as_str(), &k.kind), ("Build time halved", &metric(10.0, 15.0)));
        let a = &k.adjustments[0];
        assert_eq!((a.date, a.reason.as_str()), (today, "vendor delay"));
        assert_eq!((a.before_description.as_str(), &a.before_kind), ("Build time", &metric(10.0, 20.0)));
        assert_eq!((a.after_description.as_str(), &a.after_kind), ("Build time halved", &metric(10.0, 15.0)));
        assert_eq!(w.adjust_key_result(up, "", metric(10.0, 25.0), "new budget", today), Ok(Easing::Raised));
        assert_eq!(kr(&w, up).description, "Build time halved", "an empty description keeps the old one");
        assert_eq!(kr(&w, up).adjustments.len(), 2, "the original stays on record");

        assert_eq!(w.adjust_key_result(down, "Build time", metric(90.0, 50.0), "harder than thought", today), Ok(Easing::Eased));
        assert_eq!(w.adjust_key_result(down, "Build time", metric(90.0, 20.0), "caching landed", today), Ok(Easing::Raised));
        assert_eq!(w.adjust_key_result(down, "Build time (p50)", metric(90.0, 20.0), "clarify", today), Ok(Easing::Unchanged));
        assert_eq!(kr(&w, down).adjustments.len(), 3);
        assert_eq!(w.adjust_key_result(down, "Build time (p50)", metric(90.0, 20.0), "nothing", today), Ok(Easing::Unchanged));
        assert_eq!(kr(&w, down).adjustments.len(), 3, "a change that changes nothing is not recorded");
    }

    #[test]
    fn score_overrides_are_clamped_and_need_a_finite_value_and_a_reason() {
        let (mut w, _, ids) = with_key_results(Commitment::Aspirational, &[metric(0.0, 10.0)]);
        let id = ids[0];
        w.check_in(id, check_in(13, 7.0, Status::OnTrack, 8, ""), 13, None).expect("check-in");
        assert_eq!(kr(&w, id).score(), Some(0.7));
        assert!(!w.set_score(id, Some(f64::NAN), "why"));
        assert!(!w.set_score(id, Some(0.5), "  "), "an override needs a reason");
        assert!(!w.set_score(KeyResultId(999), Some(0.5), "why"));
        assert_eq!(kr(&w, id).score(), Some(0.7));
        assert!(w.set_score(id, Some(1.4), "metric undercounts"));
        assert_eq!((kr(&w, id).score(), kr(&w, id).score_reason.as_str()), (Some(1.0), "metric undercounts"));
        assert!(w.set_score(id, Some(-2.0), "gamed"));
        assert_eq!(kr(&w, id).score(), Some(0.0));
        assert!(w.set_score(id, None, ""));
        assert_eq!((kr(&w, id).score(), kr(&w, id).score_reason.as_str()), (Some(0.7), ""));
    }

    #[test]
    fn score_bands_follow_the_seventy_percent_rule() {
        use Commitment::{Aspirational, Committed};
        assert_eq!(score_band(0.69, Aspirational), ScoreBand::Partial);
        assert_eq!(score_band(0.7, Aspirational), ScoreBand::Success);
        let mean = [0.7, 0.7, 0.7].iter().sum::<f64>() / 3.0;
        assert!(mean < 0.7, "a mean of rounded scores can fall a hair short");
        assert_eq!(score_band(mean, Aspirational), ScoreBand::Success);
        assert_eq!(score_band(0.4, Aspirational), ScoreBand::Partial);
        assert_eq!(score_band(0.39, Aspirational), ScoreBand::Miss);
        assert_eq!(score_band(1.0, Aspirational), ScoreBand::Success);
        assert_eq!(score_band(1.0, Committed), ScoreBand::Success);
        assert_eq!(score_band(0.999, Committed), ScoreBand::Success);
        assert_eq!(score_band(0.9, Committed), ScoreBand::Partial);
        assert_eq!(score_band(0.7, Committed), ScoreBand::Partial);
        assert_eq!(score_band(0.69, Committed), ScoreBand::Miss);
        assert_eq!(score_band(0.4, Committed), ScoreBand::Miss);
    }

    fn scored(commitment: Commitment, scores: &[f64]) -> Workshop {
        let kinds = vec![metric(0.0, 10.0); scores.len()];
        let (mut w, _, ids) = with_key_results(commitment, &kinds);
        for (id, s) in ids.iter().zip(scores) {
            assert!(w.set_score(*id, Some(*s), "end of period"));
        }
        w
    }

    #[test]
    fn score_patterns_point_at_safe_or_unrealistic_targets() {
        assert_eq!(scored(Commitment::Aspirational, &[1.0, 1.0, 0.7]).score_pattern(), Some(ScorePattern::TooSafe));
        assert_eq!(scored(Commitment::Aspirational, &[1.0, 0.7, 0.7]).score_pattern(), None);
        assert_eq!(scored(Commitment::Committed, &[1.0, 1.0, 1.0]).score_pattern(), None, "committed key results should reach 1.0");
        assert_eq!(scored(Commitment::Aspirational, &[0.3, 0.1, 0.9]).score_pattern(), Some(ScorePattern::Unrealistic));
        assert_eq!(scored(Commitment::Committed, &[0.3, 0.1, 0.5, 0.9]).score_pattern(), None, "half is not most");
        assert_eq!(scored(Commitment::Aspirational, &[1.0, 1.0]).score_pattern(), None, "too few to say");
        assert_eq!(scored(Commitment::Aspirational, &[0.6, 0.7, 0.8]).score_pattern(), None);
        assert_eq!(ScorePattern::TooSafe.message(), "Most aspirational key results scored 1.0: the targets may have been too safe.");
        assert_eq!(ScorePattern::Unrealistic.message(), "Most key results scored below 0.4: the targets may have been unrealistic.");
    }

    #[test]
    fn objective_score_is_the_mean_of_its_key_results() {
        let (mut w, o, ids) = with_key_results(Commitment::Committed, &[metric(0.0, 10.0), KeyResultKind::milestone()]);
        w.check_in(ids[0], check_in(13, 6.0, Status::OnTrack, 7, ""), 13, None).expect("metric");
        w.check_in(ids[1], check_in(13, 1.0, Status::OnTrack, 9, ""), 13, None).expect("milestone");
        let score = w.objective(o).and_then(crate::model::Objective::score).expect("score");
        assert!((score - 0.8).abs() < 1e-9);
        assert_eq!(score_band(score, Commitment::Committed), ScoreBand::Partial);
        assert!(w.set_objective_learnings(o, "Ask\u{7} the platform team earlier\r\n"));
        assert_eq!(w.objective(o).map(|o| o.learnings.as_str()), Some("Ask the platform team earlier"));
        assert!(!w.set_objective_learnings(ObjectiveId(999), "x"));
    }

    #[test]
    fn carry_over_chosen_takes_only_the_chosen_objectives_fresh() {
        let (mut w, keep, ids) = with_key_results(Commitment::Committed, &[metric(90.0, 30.0), KeyResultKind::milestone()]);
        let (t1, t2) = (ThemeId(w.allocate_id()), ThemeId(w.allocate_id()));
        w.themes = vec![
            Theme {
                id: t1,
                name: "CI".into(),
                description: String::new(),
                capacity: None,
                changed: None,
                extra: crate::model::Extra::new(),
            },
            Theme {
                id: t2,
                name: "Docs".into(),
                description: String::new(),
                capacity: None,
                changed: None,
                extra: crate::model::Extra::new(),
            },
        ];
        w.objectives[0].theme = Some(t1);
        let drop =
            w.add_objective(&ObjectiveDraft { title: "Better docs".into(), theme: Some(t2), ..Default::default() }).expect("objective");
        let draft = KeyResultDraft { description: "Pages".into(), kind: metric(0.0, 5.0), owners: vec![], due: None };
        w.add_key_result(drop, &draft).expect("kr");
        w.check_in(ids[0], check_in(13, 50.0, Status::OnTrack, 7, ""), 13, None).expect("check-in");
        w.adjust_key_result(ids[0], "Build time", metric(90.0, 40.0), "too hard", date(2027, 2, 1)).expect("adjusted");
        assert!(w.set_score(ids[1], Some(0.5), "half done"));
        assert!(w.set_objective_learnings(keep, "smaller steps"));

        let next = w.carry_over_chosen("w Q2", &[keep], Timestamp::UNIX_EPOCH);
        assert_eq!(next.period.label, "2027-Q2");
        assert_eq!(next.objectives.len(), 1, "the others stay behind");
        let o = &next.objectives[0];
        assert_eq!((o.id, o.title.as_str(), o.carried_from.as_deref()), (keep, "Fast builds", Some("2027-Q1")));
        assert!(o.learnings.is_empty());
        assert_eq!(o.key_results.iter().map(|k| k.id).collect::<Vec<_>>(), ids, "key results come along");
        for k in &o.key_results {
            assert!(k.carried);
            assert!(k.check_ins.is_empty() && k.adjustments.is_empty());
            assert!(k.final_score.is_none() && k.score_reason.is_empty());
        }
        assert_eq!(o.key_results[0].kind, metric(50.0, 40.0), "starts from where the period ended");
        assert_eq!(next.themes.iter().map(|t| t.id).collect::<Vec<_>>(), vec![t1], "only the chosen objectives' themes");
        assert!(next.weekly_notes.is_empty());
        assert!(w.objectives.iter().flat_map(|o| &o.key_results).all(|k| !k.carried), "the old workshop is untouched");
        assert!(w.carry_over_chosen("none", &[], Timestamp::UNIX_EPOCH).objectives.is_empty());
    }

    #[test]
    fn weekly_notes_are_set_replaced_and_removed() {
        let mut w = workshop();
        assert_eq!(w.weekly_note(3), None);
        w.set_weekly_note(3, "Decided: freeze on Fridays\u{1b}[2J");
        w.set_weekly_note(1, "Blocked on access");
        assert_eq!(w.weekly_note(3), Some("Decided: freeze on Fridays[2J"));
        w.set_weekly_note(3, "Decided: no freeze");
        assert_eq!(w.weekly_notes.iter().map(|n| n.week).collect::<Vec<_>>(), vec![1, 3]);
        assert_eq!(w.weekly_note(3), Some("Decided: no freeze"));
        w.set_weekly_note(3, "  \n ");
        assert_eq!(w.weekly_note(3), None);
        assert_eq!(w.weekly_notes.len(), 1);
    }

    #[test]
    fn older_files_without_the_new_fields_still_load() {
        let json = r#"{"id":1,"title":"t","key_results":[{"id":2,"description":"d","kind":{"type":"milestone"}}]}"#;
        let o: crate::model::Objective = serde_json::from_str(json).expect("loads");
        assert!(o.learnings.is_empty() && o.carried_from.is_none());
        assert!(!o.key_results[0].carried && o.key_results[0].score_reason.is_empty());
        let back = serde_json::to_string(&o).expect("saves");
        assert!(!back.contains("carried") && !back.contains("learnings") && !back.contains("score_reason"));
    }
}
