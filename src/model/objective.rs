//! Steps 4 and 5: objectives, their key results, check-ins, adjustments on record, and
//! the maths of progress, pace and end-of-period scores.
//!
//! Adding a field to a key result (or any saved type), the safe way:
//! 1. Add it here with `#[serde(default)]` (and `skip_serializing_if` when empty is usual),
//!    so files without it still open. Tests build key results with `..KeyResult::default()`.
//! 2. Bump `SCHEMA_VERSION` (`model/workshop.rs`) and add the migration from the old version
//!    in `store/codec.rs`; keep an example of the old version in `tests/fixtures/schema/`.
//!    `tests/schema.rs` fails until both are done, then records the new shape.
//! 3. Text: clean it in `Workshop::sanitise` (`model/workshop.rs`), whatever wrote the file.
//! 4. Decide what a carry-over keeps (`Workshop::carry_over`) and whether dates in it move
//!    with the demo (`Workshop::shift_dates`).
//! 5. Show it: the key-result form (`screen/objectives/forms.rs`, a named field), the review
//!    (`screen/review.rs`), and the exports (`export/markdown.rs`, `export/csv.rs`).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::ids::{InitiativeId, KeyResultId, ObjectiveId, ParticipantId, ThemeId};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Commitment {
    Committed,
    #[default]
    Aspirational,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Objective {
    pub id: ObjectiveId,
    pub title: String,
    /// The problem the objective solves: why it matters.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rationale: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<ParticipantId>,
    /// Optional alignment with a parent (company) objective, free text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub parent: String,
    #[serde(default)]
    pub commitment: Commitment,
    #[serde(default)]
    pub theme: Option<ThemeId>,
    #[serde(default)]
    pub key_results: Vec<KeyResult>,
    /// End of period: "what did we learn, what would we do differently".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub learnings: String,
    /// The label of the period this objective was carried over from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried_from: Option<String>,
    /// The engineer's proposal it came from, when it was proposed and accepted on step 4.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposal: Option<super::initiative::ProposalOrigin>,
    /// When this was last changed here or on another copy: in a merge of two changes to the
    /// same field, the later one wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<jiff::Timestamp>,
    /// Fields this build does not know (written by a newer Quarterdeck or by hand): kept and
    /// written back as they were.
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}

impl Objective {
    /// Mean of the key results' scores, when every key result has one.
    pub fn score(&self) -> Option<f64> {
        if self.key_results.is_empty() {
            return None;
        }
        let scores: Option<Vec<f64>> = self.key_results.iter().map(KeyResult::score).collect();
        let scores = scores?;
        Some(scores.iter().sum::<f64>() / scores.len() as f64)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum KeyResultKind {
    /// A number that moves from a baseline to a target.
    Metric {
        baseline: f64,
        target: f64,
        unit: String,
        /// Fields this build does not know, kept as they were.
        #[serde(flatten)]
        extra: super::Extra,
    },
    /// Done or not by its due date.
    Milestone {
        /// Fields this build does not know, kept as they were.
        #[serde(flatten)]
        extra: super::Extra,
    },
    /// A level that is itself the goal this period: kept at least `min`, at most `max`, or
    /// between both (see `model::health::Level`).
    Maintain {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        unit: String,
        /// Fields this build does not know, kept as they were.
        #[serde(flatten)]
        extra: super::Extra,
    },
}

impl KeyResultKind {
    /// A number that moves from `baseline` to `target`, counted in `unit`.
    pub fn metric(baseline: f64, target: f64, unit: impl Into<String>) -> Self {
        KeyResultKind::Metric { baseline, target, unit: unit.into(), extra: super::Extra::new() }
    }

    /// Done or not by its due date.
    pub fn milestone() -> Self {
        KeyResultKind::Milestone { extra: super::Extra::new() }
    }

    pub fn is_milestone(&self) -> bool {
        matches!(self, KeyResultKind::Milestone { .. })
    }

    /// A level to keep, counted in `unit`.
    pub fn maintain(level: super::health::Level, unit: impl Into<String>) -> Self {
        KeyResultKind::Maintain { min: level.min, max: level.max, unit: unit.into(), extra: super::Extra::new() }
    }

    /// The level a "maintain" key result keeps.
    pub fn level(&self) -> Option<super::health::Level> {
        match self {
            KeyResultKind::Maintain { min, max, .. } => Some(super::health::Level { min: *min, max: *max }),
            _ => None,
        }
    }
}

/// A metric from 0 to 0 with no unit: what a key result is before anything is typed.
impl Default for KeyResultKind {
    fn default() -> Self {
        KeyResultKind::metric(0.0, 0.0, "")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Increase,
    Decrease,
    /// Baseline equals target: nothing to measure.
    Flat,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    OnTrack,
    AtRisk,
    OffTrack,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::OnTrack => "on track",
            Status::AtRisk => "at risk",
            Status::OffTrack => "off track",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckIn {
    /// Week of the period (1-based).
    pub week: u32,
    pub date: Date,
    /// The measured value; for a milestone 1.0 is done and 0.0 not done.
    pub value: f64,
    pub status: Status,
    /// 1–10.
    pub confidence: u8,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Saved with a status that needs a note (at risk, off track) but without one, e.g. by a
    /// cron job: the review shows it for the team to fill in.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub note_missing: bool,
    /// Earlier check-ins of the same week that this one replaced, oldest first: nothing said
    /// in a week is lost by saying it again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replaced: Vec<Replaced>,
    /// When this was last changed here or on another copy: in a merge of two changes to the
    /// same field, the later one wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<jiff::Timestamp>,
    /// Fields this build does not know (written by a newer Quarterdeck or by hand): kept and
    /// written back as they were.
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}

/// A check-in as it was before another one for the same week replaced it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Replaced {
    /// The date the replaced check-in was for.
    pub date: Date,
    pub value: f64,
    pub status: Status,
    pub confidence: u8,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Fields this build does not know (written by a newer Quarterdeck or by hand): kept and
    /// written back as they were.
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}

impl Replaced {
    /// What a check-in said, kept when another replaces it.
    pub fn of(c: &CheckIn) -> Replaced {
        Replaced {
            date: c.date,
            value: c.value,
            status: c.status,
            confidence: c.confidence,
            note: c.note.clone(),
            extra: crate::model::Extra::new(),
        }
    }
}

/// A recorded change to a key result mid-period, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Adjustment {
    pub date: Date,
    pub reason: String,
    pub before_description: String,
    pub before_kind: KeyResultKind,
    pub after_description: String,
    pub after_kind: KeyResultKind,
    /// Fields this build does not know (written by a newer Quarterdeck or by hand): kept and
    /// written back as they were.
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KeyResult {
    pub id: KeyResultId,
    pub description: String,
    pub kind: KeyResultKind,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<ParticipantId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub initiatives: Vec<InitiativeId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub check_ins: Vec<CheckIn>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjustments: Vec<Adjustment>,
    /// End-of-period score override, 0.0–1.0. `None` uses the computed score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_score: Option<f64>,
    /// Why the score was overridden.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub score_reason: String,
    /// Carried over from the previous period.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub carried: bool,
    /// Key results of other workshops in the data folder that this one waits on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<super::dependency::Dependency>,
    /// The engineer's proposal it came from, when it was proposed and accepted on step 4.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposal: Option<super::initiative::ProposalOrigin>,
    /// When this was last changed here or on another copy: in a merge of two changes to the
    /// same field, the later one wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<jiff::Timestamp>,
    /// Fields this build does not know (written by a newer Quarterdeck or by hand): kept and
    /// written back as they were.
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}

impl KeyResult {
    pub fn direction(&self) -> Direction {
        match &self.kind {
            KeyResultKind::Metric { baseline, target, .. } if target > baseline => Direction::Increase,
            KeyResultKind::Metric { baseline, target, .. } if target < baseline => Direction::Decrease,
            KeyResultKind::Metric { .. } | KeyResultKind::Maintain { .. } => Direction::Flat,
            KeyResultKind::Milestone { .. } => Direction::Increase,
        }
    }

    /// The latest check-in (highest week).
    pub fn last_check_in(&self) -> Option<&CheckIn> {
        self.check_ins.iter().max_by_key(|c| c.week)
    }

    /// The latest check-in at or before `week`.
    pub fn check_in_as_of(&self, week: u32) -> Option<&CheckIn> {
        self.check_ins.iter().filter(|c| c.week <= week).max_by_key(|c| c.week)
    }

    /// Progress a value represents, signed and direction-aware: 0.0 at the baseline, 1.0 at
    /// the target (over-achievement counts as 1.0), negative when the value moved away from
    /// the target (a decrease counts down from the baseline, so a rise is negative). Never
    /// -0.0. `None` when baseline equals target.
    pub fn progress_of(&self, value: f64) -> Option<f64> {
        match &self.kind {
            KeyResultKind::Metric { baseline, target, .. } => {
                let span = target - baseline;
                if span.abs() < f64::EPSILON || !value.is_finite() {
                    return None;
                }
                // Adding 0.0 turns -0.0 (a value equal to the baseline of a decrease) into 0.0.
                Some(((value - baseline) / span).min(1.0) + 0.0)
            }
            KeyResultKind::Milestone { .. } => Some(if value >= 0.5 { 1.0 } else { 0.0 }),
            // Held is all there is to do; a breach is none of it.
            KeyResultKind::Maintain { min, max, .. } => {
                value.is_finite().then(|| if (super::health::Level { min: *min, max: *max }).holds(value) { 1.0 } else { 0.0 })
            }
        }
    }

    /// Progress of the last check-in, 0.0 when there is none.
    pub fn progress(&self) -> Option<f64> {
        match self.last_check_in() {
            Some(c) => self.progress_of(c.value),
            None => self.progress_of(self.baseline()),
        }
    }

    /// Whether a value is worse than the baseline: moved away from the target.
    pub fn is_regression(&self, value: f64) -> bool {
        self.progress_of(value).is_some_and(|p| p < -REGRESSION_SLACK)
    }

    /// The status a check-in stands for: its own, except that a regression is never on
    /// track (a check-in recorded as on track whose value is below the baseline, say after
    /// an adjustment moved the baseline, counts as off track).
    pub fn status_of(&self, c: &CheckIn) -> Status {
        if c.status == Status::OnTrack && self.is_regression(c.value) { Status::OffTrack } else { c.status }
    }

    /// Baseline value (0.0 for a milestone; the level for a level to keep).
    pub fn baseline(&self) -> f64 {
        match &self.kind {
            KeyResultKind::Metric { baseline, .. } => *baseline,
            KeyResultKind::Milestone { .. } => 0.0,
            KeyResultKind::Maintain { min, max, .. } => min.or(*max).unwrap_or(0.0),
        }
    }

    /// Score: the override if set, else the progress rounded to one decimal, from 0.0 (a
    /// regression scores 0.0) to 1.0. A level to keep scores the share of its check-ins
    /// that held it.
    pub fn score(&self) -> Option<f64> {
        if self.final_score.is_none() && matches!(self.kind, KeyResultKind::Maintain { .. }) {
            let held: Vec<f64> = self.check_ins.iter().filter_map(|c| self.progress_of(c.value)).collect();
            let share = if held.is_empty() { 0.0 } else { held.iter().sum::<f64>() / held.len() as f64 };
            return Some((share * 10.0).round() / 10.0 + 0.0);
        }
        self.final_score.or_else(|| self.progress().map(|p| (p.clamp(0.0, 1.0) * 10.0).round() / 10.0 + 0.0))
    }

    /// Human form of the target, e.g. `4 → 0 incidents/quarter` or `milestone`.
    pub fn target_text(&self) -> String {
        match &self.kind {
            KeyResultKind::Metric { baseline, target, unit, .. } => {
                let unit = if unit.is_empty() { String::new() } else { format!(" {unit}") };
                format!("{} → {}{unit}", format_number(*baseline), format_number(*target))
            }
            KeyResultKind::Milestone { .. } => "milestone".to_string(),
            KeyResultKind::Maintain { min, max, unit, .. } => {
                format!("keep {}", super::health::Level { min: *min, max: *max }.text(unit))
            }
        }
    }
}

/// Below this, progress is a regression rather than rounding noise.
const REGRESSION_SLACK: f64 = 1e-9;

/// A number without a useless `.0`, and at most two decimals; never `-0`.
pub fn format_number(n: f64) -> String {
    let s = if (n - n.round()).abs() < 1e-9 {
        format!("{n:.0}")
    } else {
        let s = format!("{n:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    if s == "-0" { "0".to_string() } else { s }
}

/// Progress as a signed percentage: `45%`, `-17%`, `-0.4%` (a regression too small to show
/// in whole percent still shows its sign), `100%`; never `-0%`. Beyond -999% it says so.
pub fn format_percent(progress: f64) -> String {
    let percent = progress * 100.0;
    if percent < -999.0 {
        return "<-999%".to_string();
    }
    let whole = format!("{percent:.0}");
    if whole != "-0" {
        return format!("{whole}%");
    }
    let tenth = format!("{percent:.1}");
    if tenth == "-0.0" { "0%".to_string() } else { format!("{tenth}%") }
}

/// A score with the precision that decides its colour: cut (not rounded) to two decimals,
/// so 0.67 reads 0.67 and 0.695 reads 0.69, both below 0.7; a trailing zero goes (0.7).
pub fn format_score(score: f64) -> String {
    // A mean of rounded scores may fall a hair short (0.6999…): the slack keeps it 0.7.
    let hundredths = (score.clamp(0.0, 1.0) * 100.0 + 1e-6).floor() / 100.0 + 0.0;
    let s = format!("{hundredths:.2}");
    if s.ends_with('0') { s[..s.len() - 1].to_string() } else { s }
}

/// The status suggested by pace: expected progress is a straight line from 0 at the start
/// to 1 at the end; being behind by more than `at_risk` or `off_track` (fractions of the
/// whole) suggests those statuses. A regression (negative progress) is off track.
pub fn suggest_status(progress: f64, expected: f64, at_risk: f64, off_track: f64) -> Status {
    let behind = expected - progress;
    if progress < -REGRESSION_SLACK || behind > off_track {
        Status::OffTrack
    } else if behind > at_risk {
        Status::AtRisk
    } else {
        Status::OnTrack
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metric(baseline: f64, target: f64) -> KeyResult {
        KeyResult {
            id: KeyResultId(1),
            description: "x".into(),
            kind: KeyResultKind::metric(baseline, target, "ms"),
            ..KeyResult::default()
        }
    }

    #[test]
    fn progress_is_direction_aware() {
        let up = metric(10.0, 20.0);
        assert_eq!(up.direction(), Direction::Increase);
        assert_eq!(up.progress_of(15.0), Some(0.5));
        assert_eq!(up.progress_of(5.0), Some(-0.5), "below the baseline is negative");
        assert_eq!(up.progress_of(30.0), Some(1.0));
        let down = metric(4.0, 0.0);
        assert_eq!(down.direction(), Direction::Decrease);
        assert_eq!(down.progress_of(1.0), Some(0.75));
        assert_eq!(down.progress_of(6.0), Some(-0.5), "a rise of a decrease is negative");
        let at_baseline = down.progress_of(4.0).expect("progress");
        assert!(at_baseline == 0.0 && at_baseline.is_sign_positive(), "never -0.0");
        assert!(down.is_regression(5.0) && !down.is_regression(4.0) && !down.is_regression(3.0));
        let flat = metric(3.0, 3.0);
        assert_eq!(flat.direction(), Direction::Flat);
        assert_eq!(flat.progress_of(3.0), None);
        assert_eq!(up.progress_of(f64::NAN), None);
    }

    #[test]
    fn score_uses_override_then_progress_and_objective_is_the_mean() {
        let mut a = metric(0.0, 10.0);
        a.check_ins.push(CheckIn { week: 3, date: jiff::civil::date(2027, 1, 20), value: 7.0, confidence: 7, ..CheckIn::default() });
        let mut b = metric(0.0, 10.0);
        b.final_score = Some(0.3);
        assert_eq!(a.score(), Some(0.7));
        let o = Objective { id: ObjectiveId(1), title: "t".into(), key_results: vec![a, b], ..Objective::default() };
        assert!((o.score().expect("score") - 0.5).abs() < 1e-9);
    }

    #[test]
    fn regressions_score_zero_and_are_never_on_track() {
        let mut outages = metric(2.0, 0.0);
        let c = CheckIn { week: 3, value: 5.0, status: Status::OnTrack, confidence: 5, ..CheckIn::default() };
        outages.check_ins.push(c.clone());
        assert_eq!(outages.progress(), Some(-1.5));
        assert_eq!(outages.status_of(&c), Status::OffTrack, "a regression recorded as on track counts as off track");
        let score = outages.score().expect("score");
        assert!(score == 0.0 && score.is_sign_positive(), "never -0.0");
        assert_eq!(format_score(score), "0.0");
        assert_eq!(suggest_status(-0.01, 0.0, 0.1, 0.25), Status::OffTrack);
    }

    #[test]
    fn percentages_and_scores_never_read_minus_zero() {
        assert_eq!(format_percent(0.0), "0%");
        assert_eq!(format_percent(-0.0), "0%");
        assert_eq!(format_percent(-0.00001), "0%");
        assert_eq!(format_percent(-0.004), "-0.4%");
        assert_eq!(format_percent(-0.17), "-17%");
        assert_eq!(format_percent(0.456), "46%");
        assert_eq!(format_percent(-238.75), "<-999%");
        assert_eq!(format_score(2.0 / 3.0), "0.66");
        assert_eq!(format_score(0.67), "0.67");
        assert_eq!(format_score(0.695), "0.69", "cut, not rounded up across 0.7");
        assert_eq!(format_score([0.7, 0.7, 0.7].iter().sum::<f64>() / 3.0), "0.7");
        assert_eq!(format_score(1.0), "1.0");
        assert_eq!(format_score(-0.0), "0.0");
        assert_eq!(format_number(-0.0), "0");
        assert_eq!(format_number(-0.001), "0");
        assert_eq!(format_number(2.001), "2");
    }

    #[test]
    fn pace_suggests_status() {
        assert_eq!(suggest_status(0.5, 0.5, 0.1, 0.25), Status::OnTrack);
        assert_eq!(suggest_status(0.35, 0.5, 0.1, 0.25), Status::AtRisk);
        assert_eq!(suggest_status(0.1, 0.5, 0.1, 0.25), Status::OffTrack);
    }

    #[test]
    fn numbers_format_compactly() {
        assert_eq!(format_number(4.0), "4");
        assert_eq!(format_number(99.95), "99.95");
        assert_eq!(format_number(0.5), "0.5");
        assert_eq!(metric(4.0, 0.0).target_text(), "4 → 0 ms");
    }
}
