//! The command line's part of what the method adds beside the OKRs: a health metric's
//! weekly reading from a script (`checkin NAME METRIC VALUE`), and the facts `check`
//! prints under its count (the capacity split, the calibration over earlier periods).

use color_eyre::eyre::{Result, eyre};

use super::find;
use crate::model::health::HealthStanding;
use crate::model::quantity::parse_number;
use crate::model::text::clean_line;
use crate::model::{Clock, Workshop};
use crate::store::Store;

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

/// `checkin NAME METRIC VALUE` for a health metric: `None` when `metric` names no health
/// metric of the workshop, or names a key result too (the key result's check-in runs).
/// This week's reading; refused outside the period.
pub(super) fn checkin_health(store: &Store, workshop: &str, metric: &str, value: &str, note: Option<&str>) -> Option<Result<()>> {
    let slug = find(store, workshop).ok()?;
    let w = store.load(&slug).ok()?;
    let id = w.find_health_metric(metric).ok()?;
    let wanted = clean_line(metric).to_lowercase();
    let names_a_key_result = w
        .objectives
        .iter()
        .flat_map(|o| &o.key_results)
        .any(|k| k.id.to_string().eq_ignore_ascii_case(&wanted) || k.description.to_lowercase().contains(&wanted));
    if names_a_key_result {
        return None;
    }
    Some(record(store, &slug, id, value, note.unwrap_or_default()))
}

fn record(store: &Store, slug: &str, id: crate::model::HealthMetricId, value: &str, note: &str) -> Result<()> {
    let _lock = match store.lock(slug)? {
        crate::store::LockOutcome::Acquired(lock) => lock,
        crate::store::LockOutcome::HeldBy(holder) => {
            return Err(eyre!(
                "{slug} is open in another Quarterdeck ({holder}); record the reading in its review (step 5) or close it first"
            ));
        }
    };
    let mut w = store.load(slug)?;
    let today = Clock::System.today();
    if today < w.period.start || today > w.period.end {
        return Err(eyre!(
            "today is outside {}'s period ({} to {}); nothing was recorded",
            clean_line(&w.name),
            w.period.start,
            w.period.end
        ));
    }
    let value = parse_number(value.trim().trim_end_matches('%').trim()).map_err(|e| eyre!("{id} not recorded: {e}"))?;
    let week = w.current_week(today);
    w.check_in_health(id, week, today, value, note).map_err(|e| eyre!("{id} not recorded: {e}"))?;
    store.save(slug, &w)?;
    let Some(h) = w.health_metric(id) else { return Ok(()) };
    let said = if h.level().holds(value) { "held".to_string() } else { format!("BREACHED (keep {})", h.level_text()) };
    println!("recorded {} for week {week}: {} {said}", clean_line(&h.name), h.value_text(value));
    Ok(())
}
