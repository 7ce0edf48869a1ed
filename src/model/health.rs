//! Health metrics: the levels a team must keep beside its OKRs (availability, error budget,
//! on-call load), which the method keeps apart from key results, which move. Each has a
//! level (at least, at most, or a band), a unit and owners, and a reading a week like a key
//! result's check-in; a reading outside its level is a breach. The [`Level`] type is shared
//! with the "maintain" kind of key result. Pure rules: no I/O, no drawing.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::ids::{HealthMetricId, ParticipantId};
use super::objective::format_number;
use super::quantity::parse_number;
use super::text::{clean_line, clean_multiline};
use super::workshop::Workshop;

/// Slack for comparing a reading with its level (a value written as the level holds it).
const SLACK: f64 = 1e-9;

/// Words and signs that start a floor ("at least 99.9") and a ceiling ("at most 10").
const FLOORS: [&str; 10] = ["≥", ">=", "=>", "at least", "at or above", "no less than", "minimum", "min", "above", ">"];
const CEILINGS: [&str; 12] = ["≤", "<=", "=<", "at most", "at or below", "no more than", "maximum", "max", "under", "below", "within", "<"];

/// A level to keep: at least `min`, at most `max`, or between both.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Level {
    pub min: Option<f64>,
    pub max: Option<f64>,
}

impl Level {
    pub fn at_least(min: f64) -> Self {
        Self { min: Some(min), max: None }
    }

    pub fn at_most(max: f64) -> Self {
        Self { min: None, max: Some(max) }
    }

    /// Between `a` and `b`, whichever is written first.
    pub fn band(a: f64, b: f64) -> Self {
        Self { min: Some(a.min(b)), max: Some(a.max(b)) }
    }

    /// Whether it says anything (a level with neither bound holds every value).
    pub fn is_set(&self) -> bool {
        self.min.is_some() || self.max.is_some()
    }

    /// Whether `value` is within the level. A value that is not a number holds nothing.
    pub fn holds(&self, value: f64) -> bool {
        value.is_finite()
            && self.min.is_none_or(|m| value >= m - SLACK * m.abs().max(1.0))
            && self.max.is_none_or(|m| value <= m + SLACK * m.abs().max(1.0))
    }

    /// How people read it: `≥ 99.95 %`, `≤ 10 pages/week`, `1–3 days`.
    pub fn text(&self, unit: &str) -> String {
        let unit = if unit.is_empty() {
            String::new()
        } else if unit == "%" {
            "%".to_string()
        } else {
            format!(" {unit}")
        };
        match (self.min, self.max) {
            (Some(a), Some(b)) => format!("{}–{}{unit}", format_number(a), format_number(b)),
            (Some(a), None) => format!("≥ {}{unit}", format_number(a)),
            (None, Some(b)) => format!("≤ {}{unit}", format_number(b)),
            (None, None) => "no level".to_string(),
        }
    }

    /// Reads a level as people write it: `≥ 99.95`, `>= 99.95%`, `at least 99.95`, `min 99.95`,
    /// `≤ 10`, `at most 10`, `under 10`, `1-3`, `1 to 3`, `between 1 and 3`. Also returns
    /// the unit written after the number (`%`, `pages/week`), empty when none.
    pub fn parse(text: &str) -> Result<(Level, String), String> {
        const HOW: &str = "a level: at least 99.9, at most 10, or a band like 1-3";
        let text = clean_line(text).to_lowercase();
        let text = text.trim();
        if text.is_empty() {
            return Err(HOW.to_string());
        }
        for floor in FLOORS {
            if let Some(rest) = text.strip_prefix(floor) {
                let (value, unit) = number_and_unit(rest).ok_or_else(|| HOW.to_string())?;
                return Ok((Level::at_least(value), unit));
            }
        }
        for ceiling in CEILINGS {
            if let Some(rest) = text.strip_prefix(ceiling) {
                let (value, unit) = number_and_unit(rest).ok_or_else(|| HOW.to_string())?;
                return Ok((Level::at_most(value), unit));
            }
        }
        let body = text.strip_prefix("between").unwrap_or(text);
        for separator in [" and ", " to ", "..", "–", "—", "-"] {
            let Some((a, b)) = split_band(body, separator) else { continue };
            if let (Some((a, unit_a)), Some((b, unit_b))) = (number_and_unit(a), number_and_unit(b)) {
                let unit = if unit_b.is_empty() { unit_a } else { unit_b };
                return Ok((Level::band(a, b), unit));
            }
        }
        Err(format!("{HOW} (a single number needs \"at least\" or \"at most\")"))
    }
}

/// Splits a band at `separator`, never at a leading minus sign.
fn split_band<'a>(text: &'a str, separator: &str) -> Option<(&'a str, &'a str)> {
    let from = usize::from(separator == "-" && text.trim_start().starts_with('-')) + (text.len() - text.trim_start().len());
    let at = text.get(from..)?.find(separator)? + from;
    Some((&text[..at], &text[at + separator.len()..]))
}

/// A number and the unit written after it: `99.95%` is 99.95 and `%`.
fn number_and_unit(text: &str) -> Option<(f64, String)> {
    let text = text.trim();
    let end = text
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_digit() || *c == '.' || *c == ',' || (*i == 0 && matches!(c, '-' | '−' | '+'))))
        .map_or(text.len(), |(i, _)| i);
    let value = parse_number(&text[..end]).ok()?;
    Some((value, clean_line(&text[end..])))
}

/// One reading of a health metric, for a week of the period (one per week).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HealthCheckIn {
    /// Week of the period (1-based).
    pub week: u32,
    pub date: Date,
    pub value: f64,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// When this was last changed here or on another copy: in a merge of two changes to the
    /// same field, the later one wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<jiff::Timestamp>,
    /// Fields this build does not know (written by a newer Quarterdeck or by hand): kept and
    /// written back as they were.
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}

/// A level the team keeps this period, checked in weekly beside the key results.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HealthMetric {
    pub id: HealthMetricId,
    pub name: String,
    /// Keep it at least this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Keep it at most this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<ParticipantId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub check_ins: Vec<HealthCheckIn>,
    /// When this was last changed here or on another copy: in a merge of two changes to the
    /// same field, the later one wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<jiff::Timestamp>,
    /// Fields this build does not know (written by a newer Quarterdeck or by hand): kept and
    /// written back as they were.
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}

/// Where a health metric stands as of a week.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum HealthStanding {
    /// No reading at or before the week.
    NoReading,
    /// The latest reading (of `week`) is within the level.
    Held { week: u32, value: f64 },
    /// The latest reading (of `week`) is outside the level, and has been since `since`.
    Breached { week: u32, value: f64, since: u32 },
}

impl HealthStanding {
    pub fn is_breach(self) -> bool {
        matches!(self, HealthStanding::Breached { .. })
    }

    pub fn label(self) -> &'static str {
        match self {
            HealthStanding::NoReading => "no reading yet",
            HealthStanding::Held { .. } => "held",
            HealthStanding::Breached { .. } => "breached",
        }
    }

    /// The week of the reading it stands on.
    pub fn week(self) -> Option<u32> {
        match self {
            HealthStanding::NoReading => None,
            HealthStanding::Held { week, .. } | HealthStanding::Breached { week, .. } => Some(week),
        }
    }
}

impl HealthMetric {
    pub fn level(&self) -> Level {
        Level { min: self.min, max: self.max }
    }

    /// `Availability ≥ 99.95%`.
    pub fn level_text(&self) -> String {
        self.level().text(&self.unit)
    }

    /// The latest reading at or before `week`.
    pub fn check_in_as_of(&self, week: u32) -> Option<&HealthCheckIn> {
        self.check_ins.iter().filter(|c| c.week <= week).max_by_key(|c| c.week)
    }

    pub fn check_in_for(&self, week: u32) -> Option<&HealthCheckIn> {
        self.check_ins.iter().find(|c| c.week == week)
    }

    /// Where it stands as of `week`: held, or breached since the first of the unbroken run
    /// of readings outside the level that ends with the latest.
    pub fn standing(&self, week: u32) -> HealthStanding {
        let Some(last) = self.check_in_as_of(week) else { return HealthStanding::NoReading };
        let level = self.level();
        if level.holds(last.value) {
            return HealthStanding::Held { week: last.week, value: last.value };
        }
        let mut past: Vec<&HealthCheckIn> = self.check_ins.iter().filter(|c| c.week <= last.week).collect();
        past.sort_by_key(|c| std::cmp::Reverse(c.week));
        let since = past.iter().take_while(|c| !level.holds(c.value)).last().map_or(last.week, |c| c.week);
        HealthStanding::Breached { week: last.week, value: last.value, since }
    }

    /// Values up to `week`, in week order (for a sparkline).
    pub fn trend(&self, week: u32) -> Vec<f64> {
        let mut past: Vec<&HealthCheckIn> = self.check_ins.iter().filter(|c| c.week <= week).collect();
        past.sort_by_key(|c| c.week);
        past.into_iter().map(|c| c.value).collect()
    }

    /// A reading as typed, read as key results' values are (a decimal point is the decimal
    /// separator, so "1,5" is refused as ambiguous) and converted into the metric's unit
    /// ("2 hours" is 120 in minutes; "95%" is refused for a duration, with why).
    pub fn read_value(&self, text: &str) -> Result<f64, String> {
        let quantity = super::quantity::parse_quantity(text).map_err(|e| e.to_string())?;
        quantity.value_in(&super::quantity::parse_unit(&self.unit)).map_err(|e| format!("{e}."))
    }

    /// A reading in words: `99.97%`, `14 pages/week`.
    pub fn value_text(&self, value: f64) -> String {
        match self.unit.as_str() {
            "" => format_number(value),
            "%" => format!("{}%", format_number(value)),
            unit => format!("{} {unit}", format_number(value)),
        }
    }
}

/// What the health-metric editor says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HealthMetricDraft {
    pub name: String,
    pub level: Level,
    pub unit: String,
    pub owners: Vec<ParticipantId>,
}

/// Why a health reading was not recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum HealthRefusal {
    #[error("The value must be a number.")]
    NotFinite,
    #[error("There is no such health metric.")]
    Unknown,
}

fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|v| v.is_finite())
}

impl Workshop {
    pub fn health_metric(&self, id: HealthMetricId) -> Option<&HealthMetric> {
        self.health.iter().find(|h| h.id == id)
    }

    /// Adds a health metric; `None` without a name or a level.
    pub fn add_health_metric(&mut self, draft: &HealthMetricDraft) -> Option<HealthMetricId> {
        let name = clean_line(&draft.name);
        let (min, max) = (finite(draft.level.min), finite(draft.level.max));
        if name.is_empty() || (min.is_none() && max.is_none()) {
            return None;
        }
        let id = HealthMetricId(self.allocate_id());
        self.health.push(HealthMetric {
            id,
            name,
            min,
            max,
            unit: clean_line(&draft.unit),
            owners: draft.owners.clone(),
            ..HealthMetric::default()
        });
        Some(id)
    }

    /// Changes a health metric's name, level, unit and owners; its readings stay.
    pub fn edit_health_metric(&mut self, id: HealthMetricId, draft: &HealthMetricDraft) -> bool {
        let name = clean_line(&draft.name);
        let (min, max) = (finite(draft.level.min), finite(draft.level.max));
        let Some(h) = self.health.iter_mut().find(|h| h.id == id) else { return false };
        if name.is_empty() || (min.is_none() && max.is_none()) {
            return false;
        }
        h.name = name;
        (h.min, h.max) = (min, max);
        h.unit = clean_line(&draft.unit);
        h.owners.clone_from(&draft.owners);
        true
    }

    pub fn delete_health_metric(&mut self, id: HealthMetricId) -> bool {
        let before = self.health.len();
        self.health.retain(|h| h.id != id);
        before != self.health.len()
    }

    /// Records a reading for `week` (clamped to the period's weeks), replacing that week's.
    pub fn check_in_health(&mut self, id: HealthMetricId, week: u32, date: Date, value: f64, note: &str) -> Result<(), HealthRefusal> {
        let week = week.clamp(1, self.period.weeks().max(1));
        let Some(h) = self.health.iter_mut().find(|h| h.id == id) else { return Err(HealthRefusal::Unknown) };
        if !value.is_finite() {
            return Err(HealthRefusal::NotFinite);
        }
        let note = clean_multiline(note).trim().to_string();
        h.check_ins.retain(|c| c.week != week);
        let at = h.check_ins.iter().position(|c| c.week > week).unwrap_or(h.check_ins.len());
        h.check_ins.insert(at, HealthCheckIn { week, date, value, note, ..HealthCheckIn::default() });
        Ok(())
    }

    /// Moves the dates of health readings, proposed candidates and earlier periods by `days`
    /// (with the rest of the workshop's, for the demo).
    pub(super) fn shift_method_dates(&mut self, days: i64) {
        let span = jiff::Span::new().days(days);
        let shift = |d: &mut Date| *d = d.checked_add(span).unwrap_or(*d);
        self.health.iter_mut().flat_map(|h| h.check_ins.iter_mut()).for_each(|c| shift(&mut c.date));
        self.candidates.iter_mut().for_each(|c| shift(&mut c.origin.merged_on));
        for p in &mut self.calibration {
            shift(&mut p.start);
            shift(&mut p.end);
        }
        for o in &mut self.objectives {
            o.proposal.iter_mut().for_each(|p| shift(&mut p.merged_on));
            o.key_results.iter_mut().flat_map(|k| k.proposal.iter_mut()).for_each(|p| shift(&mut p.merged_on));
        }
    }

    /// The health metrics breached as of `week`, in list order.
    pub fn health_breaches(&self, week: u32) -> Vec<(&HealthMetric, HealthStanding)> {
        self.health.iter().map(|h| (h, h.standing(week))).filter(|(_, s)| s.is_breach()).collect()
    }

    /// The health metric `typed` names: its id (or an unambiguous start of it), or a unique
    /// part of its name. `Err` lists the candidates (empty when none matches).
    pub fn find_health_metric(&self, typed: &str) -> Result<HealthMetricId, Vec<HealthMetricId>> {
        let wanted = clean_line(typed).to_lowercase();
        if wanted.is_empty() {
            return Err(Vec::new());
        }
        if let Some(h) = self.health.iter().find(|h| h.id.to_string().to_lowercase() == wanted || h.name.to_lowercase() == wanted) {
            return Ok(h.id);
        }
        let hits: Vec<HealthMetricId> = self.health.iter().filter(|h| h.name.to_lowercase().contains(&wanted)).map(|h| h.id).collect();
        if let [one] = hits.as_slice() {
            return Ok(*one);
        }
        // A shortened id, as lists show it (at least the kind and three characters).
        if hits.is_empty() && wanted.len() >= 4 {
            return super::ids::find(self.health.iter().map(|h| h.id), &wanted, HealthMetricId::starts_with);
        }
        Err(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Period;
    use jiff::civil::date;

    fn workshop() -> Workshop {
        Workshop::new("w", "", Period::parse("2027-Q1").expect("period"), jiff::Timestamp::UNIX_EPOCH)
    }

    #[test]
    fn levels_read_as_people_write_them() {
        assert_eq!(Level::parse("≥ 99.95%"), Ok((Level::at_least(99.95), "%".to_string())));
        assert_eq!(Level::parse("at least 99.9"), Ok((Level::at_least(99.9), String::new())));
        assert_eq!(Level::parse(">= 50 %"), Ok((Level::at_least(50.0), "%".to_string())));
        assert_eq!(Level::parse("at most 10 pages/week"), Ok((Level::at_most(10.0), "pages/week".to_string())));
        assert_eq!(Level::parse("under 300 ms"), Ok((Level::at_most(300.0), "ms".to_string())));
        assert_eq!(Level::parse("1-3 days"), Ok((Level::band(1.0, 3.0), "days".to_string())));
        assert_eq!(Level::parse("between 20 and 5"), Ok((Level::band(5.0, 20.0), String::new())));
        assert_eq!(Level::parse("-5 to 5"), Ok((Level::band(-5.0, 5.0), String::new())));
        assert_eq!(
            Level::parse("1,500"),
            Err("a level: at least 99.9, at most 10, or a band like 1-3 (a single number needs \"at least\" or \"at most\")".into())
        );
        assert!(Level::parse("at least 1,5").is_err(), "an ambiguous decimal comma is refused");
        assert!(Level::parse("soon").is_err());
    }

    #[test]
    fn levels_hold_and_read_back() {
        let floor = Level::at_least(99.95);
        assert!(floor.holds(99.95) && floor.holds(100.0) && !floor.holds(99.9) && !floor.holds(f64::NAN));
        let band = Level::band(1.0, 3.0);
        assert!(band.holds(2.0) && !band.holds(0.5) && !band.holds(3.5));
        assert_eq!(floor.text("%"), "≥ 99.95%");
        assert_eq!(Level::at_most(10.0).text("pages/week"), "≤ 10 pages/week");
        assert_eq!(band.text("days"), "1–3 days");
        for level in [floor, band, Level::at_most(10.0)] {
            assert_eq!(Level::parse(&level.text("")).map(|(l, _)| l), Ok(level), "{}", level.text(""));
        }
    }

    #[test]
    fn readings_breach_and_recover() {
        let mut w = workshop();
        let draft =
            HealthMetricDraft { name: "On-call pages".into(), level: Level::at_most(10.0), unit: "pages/week".into(), owners: vec![] };
        assert!(w.add_health_metric(&HealthMetricDraft { level: Level::default(), ..draft.clone() }).is_none(), "a level is needed");
        let id = w.add_health_metric(&draft).expect("added");
        assert_eq!(w.health_metric(id).map(|h| h.standing(1)), Some(HealthStanding::NoReading));
        for (week, value) in [(1, 8.0), (2, 12.0), (3, 14.0)] {
            w.check_in_health(id, week, date(2027, 1, 1), value, "").expect("recorded");
        }
        let h = w.health_metric(id).expect("metric");
        assert_eq!(h.standing(1), HealthStanding::Held { week: 1, value: 8.0 });
        assert_eq!(h.standing(3), HealthStanding::Breached { week: 3, value: 14.0, since: 2 });
        assert_eq!(w.health_breaches(3).len(), 1);
        assert_eq!(w.check_in_health(id, 4, date(2027, 1, 22), f64::NAN, ""), Err(HealthRefusal::NotFinite));
        w.check_in_health(id, 4, date(2027, 1, 22), 9.0, "rota fixed").expect("recorded");
        assert!(w.health_breaches(4).is_empty());
        w.check_in_health(id, 4, date(2027, 1, 22), 11.0, "again").expect("replaced");
        assert_eq!(w.health_metric(id).map(|h| h.check_ins.len()), Some(4), "one reading a week");
        assert_eq!(
            w.health_metric(id).map(|h| h.standing(4)),
            Some(HealthStanding::Breached { week: 4, value: 11.0, since: 2 }),
            "unbroken since week 2"
        );
    }

    #[test]
    fn metrics_are_found_by_id_or_name() {
        let mut w = workshop();
        let a = w.add_health_metric(&HealthMetricDraft { name: "Availability".into(), level: Level::at_least(99.9), ..Default::default() });
        let b = w.add_health_metric(&HealthMetricDraft {
            name: "Error budget left".into(),
            level: Level::at_least(25.0),
            ..Default::default()
        });
        let (a, b) = (a.expect("a"), b.expect("b"));
        assert_eq!(w.find_health_metric("avail"), Ok(a));
        assert_eq!(w.find_health_metric(&b.to_string()), Ok(b));
        assert_eq!(w.find_health_metric("t").map_err(|v| v.len()), Err(2), "both names have a t");
        assert_eq!(w.find_health_metric("latency"), Err(vec![]));
        assert!(w.edit_health_metric(
            a,
            &HealthMetricDraft { name: "Checkout availability".into(), level: Level::at_least(99.95), ..Default::default() }
        ));
        assert_eq!(w.health_metric(a).map(HealthMetric::level_text), Some("≥ 99.95".to_string()));
        assert!(w.delete_health_metric(b) && w.health_metric(b).is_none());
    }
}
