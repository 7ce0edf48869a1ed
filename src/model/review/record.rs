//! Recording a check-in: pace (the status it suggests on the check-in's own date), values
//! too far-fetched to record without a second look, and the rules of recording: one
//! check-in per key result per week, never outside the period, a second one keeps the first
//! in its history (and its note, when the new one has none), a status that needs a note
//! either gets one or is marked "note missing".

use jiff::civil::Date;

use crate::model::ids::KeyResultId;
use crate::model::objective::{CheckIn, KeyResult, KeyResultKind, Replaced, Status, format_number, suggest_status};
use crate::model::quantity::{Measure, parse_unit};
use crate::model::text::{clean_line, clean_multiline};
use crate::model::workshop::Workshop;

/// Why a check-in was not recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CheckInRefusal {
    #[error("Replacing an earlier week's check-in needs a reason.")]
    ReasonNeeded,
    #[error("At risk or off track needs a note: what changes this week?")]
    NoteNeeded,
    #[error("The value is below the baseline: a regression is never on track.")]
    RegressionOnTrack,
    #[error("The value must be a number.")]
    NotFinite,
    #[error("That week is not in the period.")]
    OutsidePeriod,
    #[error("There is no such key result.")]
    UnknownKeyResult,
}

/// What recording a check-in did besides saving it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recorded {
    /// The week's earlier check-in it replaced (now in its history).
    pub replaced: Option<Replaced>,
    /// The new check-in had no note, so the earlier one's was kept.
    pub note_kept: bool,
    /// The status needs a note and there is none: saved, marked "note missing".
    pub note_missing: bool,
}

/// How far along a key result should be on a date, and the margins that make a value at
/// risk or off track: what a status is suggested from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pace {
    /// Expected progress, 0.0–1.0.
    pub expected: f64,
    pub at_risk: f64,
    pub off_track: f64,
    pub milestone: bool,
}

impl Pace {
    /// The status pace suggests for `value`: behind the straight line by more than the
    /// margins suggests at risk or off track, and a regression is off track. A milestone not
    /// done is on track until the last stretch before its due date (the at-risk margin of
    /// its time line), at risk then, and off track once the due date is reached. A key
    /// result with nothing to measure (baseline equals target) suggests on track: the
    /// person decides. A level to keep is on track while held and off track once breached.
    pub fn suggest(&self, kr: &KeyResult, value: f64) -> Status {
        if let Some(level) = kr.kind.level() {
            // A level to keep is kept or not, whatever the week.
            return if level.holds(value) { Status::OnTrack } else { Status::OffTrack };
        }
        let Some(progress) = kr.progress_of(value) else { return Status::OnTrack };
        if self.milestone {
            return if progress >= 1.0 {
                Status::OnTrack
            } else if self.expected >= 1.0 {
                Status::OffTrack
            } else if self.expected > 1.0 - self.at_risk {
                Status::AtRisk
            } else {
                Status::OnTrack
            };
        }
        suggest_status(progress, self.expected, self.at_risk, self.off_track)
    }
}

/// A value farther than this many spans of the key result outside it, and ten times off
/// the nearer end, is implausible.
const FAR_SPANS: f64 = 3.0;
const FAR_RATIO: f64 = 10.0;

impl KeyResult {
    /// Why a value is implausible for this key result, in a sentence; `None` when it is
    /// plausible. A percentage outside 0–100 where the key result's percentages are inside
    /// it, a negative value where baseline and target are not, and a value far outside the
    /// key result's range and more than ten times off its nearer end (an availability of 4 on a
    /// 99.5 → 99.9 % key result) are implausible. A plain regression (5 outages on a
    /// 2 → 0 key result) is not: it is recorded, and is off track.
    pub fn implausible(&self, value: f64) -> Option<String> {
        let KeyResultKind::Metric { baseline, target, unit, .. } = &self.kind else { return None };
        let (lo, hi) = (baseline.min(*target), baseline.max(*target));
        let v = format_number(value);
        let range = self.target_text();
        if parse_unit(unit).measure == Measure::Percent && lo >= 0.0 && hi <= 100.0 && !(0.0..=100.0).contains(&value) {
            return Some(format!("{v}% is not a percentage from 0 to 100"));
        }
        if value < 0.0 && lo >= 0.0 {
            return Some(format!("{v} is negative; {range} never is"));
        }
        let nearest = if value < lo {
            lo
        } else if value > hi {
            hi
        } else {
            return None;
        };
        let far = (value - nearest).abs() > FAR_SPANS * (hi - lo);
        let ratio = if nearest.abs() < f64::EPSILON { 1.0 } else { value / nearest };
        let off = !(1.0 / FAR_RATIO..=FAR_RATIO).contains(&ratio);
        (far && off).then(|| format!("{v} is far outside {range}"))
    }
}

impl Workshop {
    /// Expected progress (0..=1) for a key result on `date` (counted to the end of that day):
    /// a straight line from the period start to its due date, or the period end.
    pub fn expected_progress(&self, kr: &KeyResult, date: Date) -> f64 {
        let start = self.period.start;
        let end = kr.due.unwrap_or(self.period.end);
        if date < start {
            return 0.0;
        }
        if date >= end {
            return 1.0;
        }
        let done = f64::from((date - start).get_days() + 1);
        let all = f64::from((end - start).get_days() + 1);
        (done / all).clamp(0.0, 1.0)
    }

    /// The pace of a key result on `date`.
    pub fn pace(&self, kr: &KeyResult, date: Date) -> Pace {
        Pace {
            expected: self.expected_progress(kr, date),
            at_risk: self.settings.at_risk_margin,
            off_track: self.settings.off_track_margin,
            milestone: kr.kind.is_milestone(),
        }
    }

    /// The status pace suggests for `value` on `date` (see [`Pace::suggest`]).
    pub fn suggested_status(&self, kr: &KeyResult, value: f64, date: Date) -> Status {
        self.pace(kr, date).suggest(kr, value)
    }

    /// Records the check-in for its week, which must be in the period: one per key result
    /// per week. A second one for the same week keeps the first in its `replaced` history
    /// (unless it only fills in the note or says the same again) and, without a note of its
    /// own, the first's note; replacing an earlier week's than `current_week` needs a
    /// reason, appended to the note as "(edited: REASON)" (as is a reason given for any
    /// replacement). The value must be finite (a milestone's becomes 1.0 done or
    /// 0.0 not done); confidence is clamped to 1–10. A regression is never on track. At risk
    /// and off track need a note; without one, a check-in that comes with `note_missing` set
    /// is saved and stays marked until a note is written, any other is refused.
    pub fn check_in(
        &mut self,
        kr: KeyResultId,
        check_in: CheckIn,
        current_week: u32,
        reason: Option<&str>,
    ) -> Result<Recorded, CheckInRefusal> {
        let weeks = self.period.weeks().max(1);
        let Some(k) = self.key_result_mut(kr) else { return Err(CheckInRefusal::UnknownKeyResult) };
        let CheckIn { week, date, value, status, confidence, note, note_missing, replaced: _, changed, extra } = check_in;
        if !value.is_finite() {
            return Err(CheckInRefusal::NotFinite);
        }
        if week == 0 || week > weeks {
            return Err(CheckInRefusal::OutsidePeriod);
        }
        let value = match k.kind {
            KeyResultKind::Milestone { .. } => f64::from(u8::from(value >= 0.5)),
            KeyResultKind::Metric { .. } | KeyResultKind::Maintain { .. } => value,
        };
        if status == Status::OnTrack && k.is_regression(value) {
            return Err(CheckInRefusal::RegressionOnTrack);
        }
        let existing = k.check_in_for(week).cloned();
        let mut note = clean_multiline(&note).trim().to_string();
        let note_kept = note.is_empty() && existing.as_ref().is_some_and(|e| !e.note.is_empty());
        if let Some(e) = existing.as_ref().filter(|_| note_kept) {
            note.clone_from(&e.note);
        }
        let needs_note = matches!(status, Status::AtRisk | Status::OffTrack) && note.is_empty();
        if needs_note && !note_missing {
            return Err(CheckInRefusal::NoteNeeded);
        }
        // Filling in a missing note (or saying the same again) replaces nothing.
        let replaces = existing.as_ref().is_some_and(|old| {
            let same = old.value.to_bits() == value.to_bits() && old.status == status && old.confidence == confidence.clamp(1, 10);
            !same || !(old.note.is_empty() || note.starts_with(old.note.as_str()))
        });
        let reason = reason.map(clean_line).unwrap_or_default();
        if replaces && week < current_week && reason.is_empty() {
            return Err(CheckInRefusal::ReasonNeeded);
        }
        // A reason given for a replacement is kept, whichever week it is.
        if replaces && !reason.is_empty() {
            note = if note.is_empty() { format!("(edited: {reason})") } else { format!("{note} (edited: {reason})") };
        }
        let mut record = CheckIn {
            week,
            date,
            value,
            status,
            confidence: confidence.clamp(1, 10),
            note,
            note_missing: needs_note,
            replaced: Vec::new(),
            changed,
            extra,
        };
        let mut outcome = Recorded { replaced: None, note_kept, note_missing: needs_note };
        if let Some(old) = existing {
            record.replaced.clone_from(&old.replaced);
            if replaces {
                record.replaced.push(Replaced::of(&old));
                outcome.replaced = Some(Replaced::of(&old));
            }
        }
        k.check_ins.retain(|c| c.week != week);
        let at = k.check_ins.iter().position(|c| c.week > week).unwrap_or(k.check_ins.len());
        k.check_ins.insert(at, record);
        Ok(outcome)
    }
}
