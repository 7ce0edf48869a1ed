//! The command line's part of what the method adds beside the OKRs: a health metric's
//! weekly reading from a script (`checkin NAME METRIC VALUE`, written through
//! `Store::update` like a key result's check-in), and the facts `check` prints under its
//! count (the capacity split, the calibration over earlier periods, breached health
//! metrics).

use color_eyre::eyre::{Result, eyre};

use crate::model::health::HealthStanding;
use crate::model::text::clean_line;
use crate::model::{Clock, HealthMetricId, WeekChoice, WeekRefusal, Workshop};

/// What `check` says under its count: the capacity split against its target, and the
/// calibration over earlier periods with the method's verdict.
pub(super) fn facts(w: &Workshop) -> Vec<String> {
    let mut out = Vec::new();
    let split = w.capacity_split();
    if split.counted > 0 {
        out.push(format!(
            "capacity by cost ({} initiatives {}): {}; target {}",
            split.counted,
            split.basis.label(),
            split.text(),
            w.settings.capacity.text()
        ));
    }
    if let Some(c) = w.calibration(false) {
        let verdict = c.verdict.map(|v| format!(" → {}: {}", v.label(), v.advice())).unwrap_or_default();
        out.push(format!("earlier periods: {}{verdict}", c.trend_text()));
    }
    let week = w.current_week(Clock::System.today());
    for (h, s) in w.health_breaches(week) {
        if let HealthStanding::Breached { value, since, .. } = s {
            out.push(format!("health metric breached: {} {} (keep {}) since week {since}", h.name, h.value_text(value), h.level_text()));
        }
    }
    out
}

/// A health metric's reading as the command line gave it.
pub(super) struct Reading<'a> {
    pub value: &'a str,
    pub note: Option<&'a str>,
    pub when: WeekChoice,
    /// The flags given that only a key result's check-in takes: refused for a reading.
    pub refused: [(&'static str, bool); 4],
}

/// The health metric `checkin NAME METRIC VALUE` names: `None` when `metric` names no
/// health metric of the workshop, or names a key result too (the key result's check-in
/// runs). Decided inside the check-in's one read of the file.
pub(super) fn health_named(w: &Workshop, metric: &str) -> Option<HealthMetricId> {
    let id = w.find_health_metric(metric).ok()?;
    let wanted = clean_line(metric).to_lowercase();
    let names_a_key_result = w
        .objectives
        .iter()
        .flat_map(|o| &o.key_results)
        .any(|k| k.id.starts_with(&wanted) || k.description.to_lowercase().contains(&wanted));
    (!names_a_key_result).then_some(id)
}

/// Records a health metric's reading for this week, or the week `--week`/`--date` says;
/// refused outside the period. The lines to print.
pub(super) fn record_reading(
    w: &mut Workshop,
    slug: &str,
    id: HealthMetricId,
    reading: &Reading,
    today: jiff::civil::Date,
) -> Result<Vec<String>> {
    if let Some((flag, _)) = reading.refused.iter().find(|(_, given)| *given) {
        return Err(eyre!(
            "{id} not recorded: {flag} is for a key result's check-in; a health metric's reading takes a value, --note and --week or --date"
        ));
    }
    let (week, date) = w.check_in_week(reading.when, today).map_err(|e| match e {
        WeekRefusal::TodayOutside { .. } => eyre!("{id} not recorded: {e} (--week N or --date YYYY-MM-DD)"),
        _ => eyre!("{id} not recorded: {e}"),
    })?;
    let h = w.health_metric(id).ok_or_else(|| eyre!("{id} is no longer in {slug}"))?;
    let value = h.read_value(reading.value).map_err(|e| eyre!("{id} not recorded: {e}"))?;
    let replaced = h.check_in_for(week).map(|c| h.value_text(c.value));
    w.check_in_health(id, week, date, value, reading.note.unwrap_or_default()).map_err(|e| eyre!("{id} not recorded: {e}"))?;
    let h = w.health_metric(id).ok_or_else(|| eyre!("{id} is no longer in {slug}"))?;
    let said = if h.level().holds(value) { "held".to_string() } else { format!("BREACHED (keep {})", h.level_text()) };
    let mut lines = vec![format!("recorded {} for week {week} ({date}): {} {said}", clean_line(&h.name), h.value_text(value))];
    lines.extend(replaced.map(|old| format!("replaced week {week}'s earlier reading ({old})")));
    Ok(lines)
}
