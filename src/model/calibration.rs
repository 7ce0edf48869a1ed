//! Calibration across periods: the method's 0.7 rule is about aiming right over time (teams
//! that score 1.0 aim too low, teams that score 0.3 aim too high). When a period is carried
//! over, the new workshop keeps a summary of the old one — its average score, the share of
//! key results that reached 0.7, how many targets were eased, and the confidence the team
//! had at mid-period against the score it got — and the trend over the last periods gives
//! the method's verdict. Pure rules.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::ids::PeriodSummaryId;
use super::review::Easing;
use super::workshop::Workshop;

/// How many earlier periods a workshop keeps.
pub const KEPT: usize = 8;
/// How many of the latest periods the verdict reads.
const VERDICT_PERIODS: usize = 3;
/// A score at or above this is a success by the 0.7 rule.
const SUCCESS: f64 = 0.7 - 1e-9;

/// One earlier period, summed up when it was carried over.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PeriodSummary {
    pub id: PeriodSummaryId,
    /// The period's label, e.g. `2026-Q4`.
    pub period: String,
    pub start: Date,
    pub end: Date,
    /// Key results scored.
    pub key_results: u32,
    /// Their mean score, 0–1.
    pub average: f64,
    /// How many scored 0.7 or more.
    pub succeeded: u32,
    /// How many had their target eased during the period.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub eased: u32,
    /// The mean confidence (as 0–1) at mid-period, over the key results checked in by then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mid_confidence: Option<f64>,
    /// The mean final score of those same key results.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mid_score: Option<f64>,
    /// When this was last changed here or on another copy: in a merge of two changes to the
    /// same field, the later one wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<jiff::Timestamp>,
    /// Fields this build does not know (written by a newer Quarterdeck or by hand): kept and
    /// written back as they were.
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The method's verdict on how targets are set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    TooSafe,
    AboutRight,
    Unrealistic,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::TooSafe => "too safe",
            Verdict::AboutRight => "about right",
            Verdict::Unrealistic => "unrealistic",
        }
    }

    /// What the method says to do.
    pub fn advice(self) -> &'static str {
        match self {
            Verdict::TooSafe => "aim higher",
            Verdict::AboutRight => "keep aiming like this",
            Verdict::Unrealistic => "aim lower, or do fewer",
        }
    }

    /// Why, by the 0.7 rule.
    pub fn why(self) -> &'static str {
        match self {
            Verdict::TooSafe => "scores near 1.0 mean the targets were too easy",
            Verdict::AboutRight => "scores around 0.7 are what stretch goals should get",
            Verdict::Unrealistic => "scores of 0.3–0.5 mean the targets were out of reach",
        }
    }
}

/// How well mid-period confidence foretold the final score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Foresight {
    OverConfident,
    Accurate,
    UnderConfident,
}

impl Foresight {
    pub fn label(self) -> &'static str {
        match self {
            Foresight::OverConfident => "over-confident",
            Foresight::Accurate => "confidence foretold the score",
            Foresight::UnderConfident => "under-confident",
        }
    }
}

impl PeriodSummary {
    /// The summary of a workshop's period as it stands; `None` without key results.
    pub fn of(w: &Workshop, id: PeriodSummaryId) -> Option<PeriodSummary> {
        let krs: Vec<&super::KeyResult> = w.objectives.iter().flat_map(|o| &o.key_results).collect();
        let scores: Vec<f64> = krs.iter().filter_map(|k| k.score()).collect();
        if scores.is_empty() {
            return None;
        }
        let mid = w.period.weeks().div_ceil(2).max(1);
        let foresight: Vec<(f64, f64)> =
            krs.iter().filter_map(|k| Some((f64::from(k.check_in_as_of(mid)?.confidence) / 10.0, k.score()?))).collect();
        let mean = |v: &mut dyn Iterator<Item = f64>, n: usize| (n > 0).then(|| v.sum::<f64>() / n as f64);
        Some(PeriodSummary {
            id,
            period: w.period.label.clone(),
            start: w.period.start,
            end: w.period.end,
            key_results: scores.len() as u32,
            average: scores.iter().sum::<f64>() / scores.len() as f64,
            succeeded: scores.iter().filter(|s| **s >= SUCCESS).count() as u32,
            eased: krs.iter().filter(|k| k.net_easing() == Easing::Eased).count() as u32,
            mid_confidence: mean(&mut foresight.iter().map(|(c, _)| *c), foresight.len()),
            mid_score: mean(&mut foresight.iter().map(|(_, s)| *s), foresight.len()),
            changed: None,
            extra: crate::model::Extra::new(),
        })
    }

    /// Share (0–1) of the key results that scored 0.7 or more.
    pub fn success_share(&self) -> f64 {
        if self.key_results == 0 { 0.0 } else { f64::from(self.succeeded) / f64::from(self.key_results) }
    }

    /// Whether confidence at mid-period foretold the score (within 0.2 either way).
    pub fn foresight(&self) -> Option<Foresight> {
        let gap = self.mid_confidence? - self.mid_score?;
        Some(if gap > 0.2 {
            Foresight::OverConfident
        } else if gap < -0.2 {
            Foresight::UnderConfident
        } else {
            Foresight::Accurate
        })
    }

    /// `2026-Q4 0.52 (40% ≥ 0.7, 1 eased)`.
    pub fn text(&self) -> String {
        let eased = if self.eased == 0 { String::new() } else { format!(", {} eased", self.eased) };
        format!("{} {:.2} ({:.0}% ≥ 0.7{eased})", self.period, self.average, self.success_share() * 100.0)
    }
}

/// The verdict on a list of average scores, oldest first: the mean of the latest three says
/// too safe (0.85 or more), unrealistic (under 0.55) or about right. `None` for none.
pub fn verdict(averages: &[f64]) -> Option<Verdict> {
    let latest = &averages[averages.len().saturating_sub(VERDICT_PERIODS)..];
    if latest.is_empty() {
        return None;
    }
    let mean = latest.iter().sum::<f64>() / latest.len() as f64;
    Some(if mean >= 0.85 {
        Verdict::TooSafe
    } else if mean < 0.55 {
        Verdict::Unrealistic
    } else {
        Verdict::AboutRight
    })
}

/// The calibration shown on step 4 and at the end of the period.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    /// Earlier periods, oldest first, then this one when it is included.
    pub periods: Vec<PeriodSummary>,
    /// Whether the last of `periods` is this period, as it stands.
    pub includes_current: bool,
    pub verdict: Option<Verdict>,
}

impl Calibration {
    /// `2026-Q3 0.45 · 2026-Q4 0.52 · this period 0.61`.
    pub fn trend_text(&self) -> String {
        let n = self.periods.len();
        self.periods
            .iter()
            .enumerate()
            .map(|(i, p)| {
                if self.includes_current && i + 1 == n {
                    format!("this period {:.2}", p.average)
                } else {
                    format!("{} {:.2}", p.period, p.average)
                }
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

impl Workshop {
    /// The trend over the earlier periods kept here and, with `with_current`, this period's
    /// scores as they stand; `None` when there is nothing to show.
    pub fn calibration(&self, with_current: bool) -> Option<Calibration> {
        let mut periods: Vec<PeriodSummary> = self.calibration.clone();
        periods.sort_by_key(|p| p.start);
        let current = with_current.then(|| PeriodSummary::of(self, PeriodSummaryId::default())).flatten();
        let includes_current = current.is_some();
        periods.extend(current);
        if periods.is_empty() {
            return None;
        }
        let averages: Vec<f64> = periods.iter().map(|p| p.average).collect();
        Some(Calibration { verdict: verdict(&averages), periods, includes_current })
    }

    /// Keeps the summary of `earlier` (and what it kept) here, the latest [`KEPT`] periods.
    pub fn keep_calibration_of(&mut self, earlier: &Workshop) {
        let mut kept = earlier.calibration.clone();
        let id = PeriodSummaryId(self.allocate_id());
        kept.extend(PeriodSummary::of(earlier, id));
        kept.sort_by_key(|p| p.start);
        let drop = kept.len().saturating_sub(KEPT);
        kept.drain(..drop);
        self.calibration = kept;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CheckIn, KeyResult, KeyResultId, KeyResultKind, Objective, ObjectiveId, Period};
    use jiff::civil::date;

    fn kr(id: u64, value: f64, mid_confidence: u8) -> KeyResult {
        KeyResult {
            id: KeyResultId(id),
            description: "x".into(),
            kind: KeyResultKind::metric(0.0, 10.0, "x"),
            check_ins: vec![
                CheckIn { week: 6, date: date(2027, 2, 10), value: 3.0, confidence: mid_confidence, ..CheckIn::default() },
                CheckIn { week: 13, date: date(2027, 3, 30), value, confidence: 5, ..CheckIn::default() },
            ],
            ..KeyResult::default()
        }
    }

    fn period_with(values: &[f64]) -> Workshop {
        let mut w = Workshop::new("Platform", "", Period::parse("2027-Q1").expect("period"), jiff::Timestamp::UNIX_EPOCH);
        let key_results = values.iter().zip(1..).map(|(v, n)| kr(n, *v, 9)).collect();
        w.objectives.push(Objective { id: ObjectiveId(100), title: "o".into(), key_results, ..Objective::default() });
        w
    }

    #[test]
    fn a_period_is_summed_up_with_its_foresight() {
        let w = period_with(&[10.0, 7.0, 3.0, 0.0]);
        let s = PeriodSummary::of(&w, PeriodSummaryId(1)).expect("scored");
        assert_eq!((s.period.as_str(), s.key_results, s.succeeded), ("2027-Q1", 4, 2));
        assert!((s.average - 0.5).abs() < 1e-9);
        assert_eq!(s.mid_confidence, Some(0.9));
        assert_eq!(s.foresight(), Some(Foresight::OverConfident));
        assert_eq!(s.text(), "2027-Q1 0.50 (50% ≥ 0.7)");
        let empty = Workshop::new("e", "", Period::parse("2027-Q1").expect("period"), jiff::Timestamp::UNIX_EPOCH);
        assert!(PeriodSummary::of(&empty, PeriodSummaryId(2)).is_none());
    }

    #[test]
    fn the_verdict_follows_the_method() {
        assert_eq!(verdict(&[]), None);
        assert_eq!(verdict(&[1.0, 0.95]), Some(Verdict::TooSafe));
        assert_eq!(verdict(&[0.3, 0.45, 0.5]), Some(Verdict::Unrealistic));
        assert_eq!(verdict(&[0.2, 0.7, 0.65, 0.75]), Some(Verdict::AboutRight), "only the latest three count");
    }

    #[test]
    fn carrying_over_keeps_the_summaries_and_the_trend_grows() {
        let q1 = period_with(&[10.0, 10.0, 9.0]);
        let q2 = q1.carry_over("Platform Q2", jiff::Timestamp::UNIX_EPOCH);
        assert_eq!(q2.calibration.len(), 1);
        assert_eq!(q2.calibration[0].period, "2027-Q1");
        let c = q2.calibration(false).expect("a trend");
        assert_eq!((c.verdict, c.includes_current), (Some(Verdict::TooSafe), false));
        assert_eq!(c.trend_text(), "2027-Q1 0.97");
        let q3 = q2.carry_over("Platform Q3", jiff::Timestamp::UNIX_EPOCH);
        assert_eq!(q3.calibration.len(), 2, "Q2's carried key results have no check-ins, so they score 0: still a period");
        let with_now = q3.calibration(true).expect("a trend");
        assert_eq!(with_now.periods.len(), 3);
        assert!(with_now.trend_text().ends_with("this period 0.00"), "{}", with_now.trend_text());
    }
}
