//! The sections of the OKR document that the method adds beside the OKRs: the health
//! metrics (a breach said plainly), the capacity split against its target, dependencies on
//! other teams' key results, and the calibration over earlier periods. Each is left out
//! when there is nothing to say. User text is escaped like everywhere in the document.

use std::fmt::Write as _;

use super::{escape_cell, escape_inline, list, people, table};
use crate::model::Workshop;
use crate::model::capacity::Capacity;
use crate::model::health::HealthStanding;

/// `## Health metrics`: each level kept, its owners, the latest reading as of `week` and
/// whether it holds; breaches first in a sentence of their own.
pub fn health(w: &Workshop, week: u32, blocks: &mut Vec<String>) {
    if w.health.is_empty() {
        return;
    }
    blocks.push("## Health metrics".to_string());
    let breaches = w.health_breaches(week);
    if breaches.is_empty() {
        blocks.push(format!("Every health metric holds its level in week {week}."));
    } else {
        let items: Vec<String> = breaches
            .iter()
            .map(|(h, s)| {
                let since = match s {
                    HealthStanding::Breached { week: at, since, .. } if since < at => format!(" since week {since}"),
                    HealthStanding::Breached { week: at, .. } => format!(" in week {at}"),
                    _ => String::new(),
                };
                let value = if let HealthStanding::Breached { value, .. } = s { h.value_text(*value) } else { String::new() };
                format!(
                    "**Breached:** {} {} (keep {}){since}",
                    escape_inline(&h.name),
                    escape_inline(&value),
                    escape_inline(&h.level_text())
                )
            })
            .collect();
        blocks.push(list(&items));
    }
    let rows: Vec<Vec<String>> = w
        .health
        .iter()
        .map(|h| {
            let standing = h.standing(week);
            let latest = h
                .check_in_as_of(week)
                .map_or_else(|| "—".to_string(), |c| format!("{} (week {})", escape_cell(&h.value_text(c.value)), c.week));
            let status = match standing {
                HealthStanding::Breached { .. } => "**breached**".to_string(),
                other => other.label().to_string(),
            };
            vec![escape_cell(&h.name), h.id.to_string(), escape_cell(&h.level_text()), people(w, &h.owners), latest, status]
        })
        .collect();
    blocks.push(table(&["Health metric", "ID", "Keep", "Owners", "Latest", "Status"], &["---", "---", "---", "---", "---", "---"], &rows));
}

/// `## Capacity`: how the chosen initiatives divide the cost between business work,
/// engineering health and learning, against the target, with the coach's advice.
pub fn capacity(w: &Workshop, blocks: &mut Vec<String>) {
    let split = w.capacity_split();
    if split.counted == 0 {
        return;
    }
    let target = &w.settings.capacity;
    blocks.push("## Capacity".to_string());
    let mut line = format!(
        "By cost, the {} initiatives {} divide the capacity {}; the target is {}.",
        split.counted,
        split.basis.label(),
        split.text(),
        target.text()
    );
    if split.by_size > 0 {
        let _ = write!(line, " {} not scored for cost yet are counted by size.", split.by_size);
    }
    blocks.push(line);
    let total = split.total().max(1);
    let rows: Vec<Vec<String>> = Capacity::ALL
        .iter()
        .map(|c| {
            let cost = split.cost[*c as usize];
            vec![c.label().to_string(), cost.to_string(), format!("{:.0}%", f64::from(cost) * 100.0 / f64::from(total))]
        })
        .collect();
    blocks.push(table(&["Capacity", "Cost", "Share"], &["---", "--:", "--:"], &rows));
    if let Some(off) = split.off_target(target) {
        blocks.push(format!("**Coach:** {} {}", escape_inline(&off.reason), escape_inline(off.suggestion)));
    }
}

/// `## Dependencies`: each key result that depends on another team's, as it was chosen.
pub fn dependencies(w: &Workshop, blocks: &mut Vec<String>) {
    let items: Vec<String> = w
        .objectives
        .iter()
        .flat_map(|o| &o.key_results)
        .flat_map(|k| {
            k.depends_on.iter().map(move |d| {
                format!(
                    "{} {} depends on {} ({} in {})",
                    k.id,
                    escape_inline(&k.description),
                    escape_inline(&d.label()),
                    d.id,
                    escape_inline(&format!("{}.json", d.workshop))
                )
            })
        })
        .collect();
    if items.is_empty() {
        return;
    }
    blocks.push("## Dependencies".to_string());
    blocks.push(list(&items));
}

/// `## Calibration`: the earlier periods kept here (and this one when `with_current`), and
/// the method's verdict on how the targets are set.
pub fn calibration(w: &Workshop, with_current: bool, blocks: &mut Vec<String>) {
    let Some(c) = w.calibration(with_current) else { return };
    if c.periods.is_empty() || (c.includes_current && c.periods.len() < 2) {
        return;
    }
    blocks.push("## Calibration".to_string());
    let n = c.periods.len();
    let rows: Vec<Vec<String>> = c
        .periods
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let label = if c.includes_current && i + 1 == n { "this period".to_string() } else { escape_cell(&p.period) };
            let foresight = match (p.mid_confidence, p.mid_score) {
                (Some(conf), Some(score)) => format!("{conf:.1} → {score:.1}"),
                _ => "—".to_string(),
            };
            vec![label, format!("{:.2}", p.average), format!("{:.0}%", p.success_share() * 100.0), p.eased.to_string(), foresight]
        })
        .collect();
    blocks.push(table(
        &["Period", "Average score", "Scored ≥ 0.7", "Targets eased", "Mid-period confidence → score"],
        &["---", "--:", "--:", "--:", "---"],
        &rows,
    ));
    if let Some(v) = c.verdict {
        blocks.push(format!("**Verdict:** {} ({}): {}.", v.label(), v.why(), v.advice()));
    }
}
