//! A week's digest: a short Markdown summary of one review week and nothing else, to paste
//! into chat or a wiki: each key result's value and change, status changes, the revealed
//! confidence spread, the week's notes, last meeting's commitments (done or not) and the
//! new ones, initiatives that started, finished or were dropped that week, and the monthly
//! review's decisions. Lists rather than tables, so it reads in chat too.

use std::fmt::Write as _;

use jiff::civil::Date;

use super::markdown::{escape_inline, list, people, value_text};
use crate::model::objective::format_number;
use crate::model::{CheckIn, InitiativeStatus, KeyResult, KeyResultKind, Standing, WeeklyCommitment, Workshop};

/// The digest of `week` (clamped to the period), as seen on `today`.
pub fn digest(w: &Workshop, week: u32, today: Date) -> String {
    let week = week.clamp(1, w.period.weeks().max(1));
    let name = escape_inline(&w.name);
    let mut blocks = vec![format!(
        "**{} · week {week} of {}** ({} to {})",
        if name.is_empty() { "OKRs" } else { &name },
        w.period.weeks(),
        w.period.week_start(week),
        w.week_end(week)
    )];
    blocks.push(counts(w, week, today));
    // A breached health metric is the first thing the week's readers should see.
    if let Some(breaches) = health(w, week) {
        blocks.push(format!("**Health**\n{}", list(&breaches)));
    }
    let sections = [key_results(w, week, today), notes(w, week), commitments(w, week), initiatives(w, week), decisions(w, week)];
    for (title, items) in sections {
        if !items.is_empty() {
            blocks.push(format!("**{title}**\n{}", list(&items)));
        }
    }
    let mut out = blocks.join("\n\n");
    out.push('\n');
    out
}

/// The health metrics breached in `week`, one line each; `None` when all hold (or there are
/// none).
fn health(w: &Workshop, week: u32) -> Option<Vec<String>> {
    let lines: Vec<String> = w
        .health_breaches(week)
        .iter()
        .map(|(h, standing)| {
            let value = match standing {
                crate::model::health::HealthStanding::Breached { value, .. } => h.value_text(*value),
                _ => String::new(),
            };
            format!("breached: {} {} (keep {})", escape_inline(&h.name), escape_inline(&value), escape_inline(&h.level_text()))
        })
        .collect();
    (!lines.is_empty()).then_some(lines)
}

fn counts(w: &Workshop, week: u32, today: Date) -> String {
    let t = w.tally(week, today);
    let parts = [
        (t.on_track, "on track"),
        (t.at_risk, "at risk"),
        (t.off_track, "off track"),
        (t.to_check_in, "to check in"),
        (t.not_checked_in, "not checked in"),
        (t.dropped, "dropped"),
    ];
    let said: Vec<String> = parts.iter().filter(|(n, _)| *n > 0).map(|(n, label)| format!("{n} {label}")).collect();
    let off = if w.is_meeting_week(week) { "" } else { " (an off week: the team meets every other week)" };
    format!("{}{off}", if said.is_empty() { "No key results yet.".to_string() } else { said.join(" · ") })
}

/// A key result's description cut for a list item.
fn short(kr: &KeyResult) -> String {
    const MAX: usize = 60;
    let text: String = kr.description.chars().take(MAX).collect();
    let cut = if kr.description.chars().count() > MAX { "…" } else { "" };
    format!("{}{cut}", escape_inline(&text))
}

fn with_unit(kr: &KeyResult, value: f64) -> String {
    match &kr.kind {
        KeyResultKind::Metric { unit, .. } if !unit.is_empty() => format!("{} {}", value_text(kr, value), escape_inline(unit)),
        _ => value_text(kr, value),
    }
}

/// `2 incidents (−1 since week 6) · on track (was at risk) · confidence 8 (votes 5–9, a
/// big spread)`.
fn check_in_line(w: &Workshop, kr: &KeyResult, c: &CheckIn) -> String {
    let before: Option<&CheckIn> = kr.check_ins.iter().filter(|b| b.week < c.week).max_by_key(|b| b.week);
    let mut line = format!("**{}**", with_unit(kr, c.value));
    if let Some(b) = before {
        let change = match kr.kind {
            _ if (c.value - b.value).abs() < 1e-9 => "no change".to_string(),
            KeyResultKind::Metric { .. } | KeyResultKind::Maintain { .. } => {
                format!("{}{} since week {}", if c.value > b.value { "+" } else { "−" }, format_number((c.value - b.value).abs()), b.week)
            }
            KeyResultKind::Milestone { .. } => format!("was {}", value_text(kr, b.value)),
        };
        let _ = write!(line, " ({change})");
    }
    let status = kr.status_of(c);
    let _ = write!(line, " · {}", status.label());
    if let Some(b) = before.map(|b| kr.status_of(b)).filter(|b| *b != status) {
        let _ = write!(line, " (was {})", b.label());
    }
    if c.note_missing {
        line.push_str(" · note missing");
    }
    let _ = write!(line, " · confidence {}", c.confidence);
    if let Some(s) = w.meeting(c.week).filter(|m| m.revealed).and_then(|m| m.spread(kr.id)) {
        let flag = if s.flagged { ", a big spread" } else { "" };
        let _ = write!(line, " (votes {}{flag})", s.range());
    }
    line
}

fn key_results(w: &Workshop, week: u32, today: Date) -> (&'static str, Vec<String>) {
    let mut items = Vec::new();
    for kr in w.objectives.iter().flat_map(|o| &o.key_results) {
        let said = match (kr.check_in_for(week), w.standing(kr, week, today)) {
            (_, Standing::Dropped { week: dropped }) if dropped < week => continue,
            (Some(c), _) => check_in_line(w, kr, c),
            (None, standing) => standing.label(),
        };
        items.push(format!("{}: {said}", short(kr)));
    }
    ("Key results", items)
}

fn notes(w: &Workshop, week: u32) -> (&'static str, Vec<String>) {
    let mut items: Vec<String> = w
        .objectives
        .iter()
        .flat_map(|o| &o.key_results)
        .filter_map(|kr| {
            kr.check_in_for(week).filter(|c| !c.note.trim().is_empty()).map(|c| format!("{}: {}", short(kr), escape_inline(&c.note)))
        })
        .collect();
    if let Some(n) = w.weekly_note(week).filter(|n| !n.trim().is_empty()) {
        items.push(format!("The week: {}", escape_inline(n)));
    }
    ("Notes", items)
}

fn commitment_line(w: &Workshop, c: &WeeklyCommitment) -> String {
    let mark = if c.done == Some(true) { "[x]" } else { "[ ]" };
    let mut line = format!("{mark} {}", escape_inline(&c.text));
    if !c.owners.is_empty() {
        let _ = write!(line, " · {}", people(w, &c.owners));
    }
    if let Some(kr) = c.key_result.and_then(|k| w.key_result(k)) {
        let _ = write!(line, " · for {}", short(kr));
    }
    line
}

fn commitments(w: &Workshop, week: u32) -> (&'static str, Vec<String>) {
    let mut items = Vec::new();
    if let Some(last) = w.commitments_to_review(week) {
        for c in w.commitments_of(last) {
            let carried = w.commitments.iter().any(|n| n.carried_from == Some(c.id) && n.week == week);
            let verdict = match (c.done, carried) {
                (Some(true), _) => "done",
                (Some(false), true) => "not done, carried over",
                (Some(false), false) => "not done",
                (None, _) => "not reviewed",
            };
            items.push(format!("{} (from week {last}: {verdict})", commitment_line(w, c)));
        }
    }
    items.extend(w.commitments_of(week).filter(|c| c.carried_from.is_none()).map(|c| format!("{} (new)", commitment_line(w, c))));
    ("Commitments", items)
}

fn initiatives(w: &Workshop, week: u32) -> (&'static str, Vec<String>) {
    let (start, end) = (w.period.week_start(week), w.week_end(week));
    let changed = |status: InitiativeStatus| -> Vec<String> {
        w.initiatives
            .iter()
            .filter(|i| i.status == status && i.status_changed.is_some_and(|d| d >= start && d <= end))
            .map(|i| escape_inline(&i.title))
            .collect()
    };
    let mut items = Vec::new();
    for (status, said) in
        [(InitiativeStatus::InProgress, "Started"), (InitiativeStatus::Done, "Done"), (InitiativeStatus::Dropped, "Dropped")]
    {
        let titles = changed(status);
        if !titles.is_empty() {
            items.push(format!("{said}: {}", titles.join("; ")));
        }
    }
    ("Initiatives", items)
}

fn decisions(w: &Workshop, week: u32) -> (&'static str, Vec<String>) {
    let items = w
        .meeting(week)
        .map(|m| {
            m.decisions
                .iter()
                .filter_map(|(kr, d)| w.key_result(*kr).map(|kr| (kr, d)))
                .map(|(kr, d)| {
                    let why = if d.reason.is_empty() { String::new() } else { format!(": {}", escape_inline(&d.reason)) };
                    format!("{} {}{why}", d.verdict.label(), short(kr))
                })
                .collect()
        })
        .unwrap_or_default();
    ("Monthly review", items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::demo_workshop;
    use jiff::civil::date;

    #[test]
    fn a_week_says_its_values_changes_and_nothing_of_other_weeks() {
        let today = date(2026, 11, 21);
        let w = demo_workshop(today);
        let text = digest(&w, 6, today);
        assert!(text.starts_with("**Platform team · week 6 of 13**"), "{text}");
        assert!(text.contains("since week 5"), "changes are against the week before:\n{text}");
        assert!(!text.contains("week 4"), "nothing of earlier weeks:\n{text}");
        let week4 = w.weekly_note(4).expect("a week 4 note");
        assert!(!text.contains(&week4[..20]), "not another week's notes");
    }
}
