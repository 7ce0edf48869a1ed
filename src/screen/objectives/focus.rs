//! A funnel or agenda row in words, for the focus panel (`f`), with everything the room
//! needs: for a key result its latest value, status, confidence, note and owners; for an
//! objective its key results. Shared by step 4 and the weekly review.

use jiff::civil::Date;

use super::Row;
use crate::model::objective::format_number;
use crate::model::{KeyResult, KeyResultKind, Standing, Workshop};
use crate::ui::present::Focus;

/// The latest value, as of `week`, in words: `74 minutes`, `done`, `no check-in yet`.
fn latest(kr: &KeyResult, week: u32) -> String {
    match (kr.check_in_as_of(week), &kr.kind) {
        (None, _) => "no check-in yet".to_string(),
        (Some(c), KeyResultKind::Milestone { .. }) => (if c.value >= 0.5 { "done" } else { "not done yet" }).to_string(),
        (Some(c), KeyResultKind::Metric { unit, .. } | KeyResultKind::Maintain { unit, .. }) => {
            let unit = if unit.is_empty() || unit.starts_with('%') { unit.clone() } else { format!(" {unit}") };
            format!("{}{unit}", format_number(c.value))
        }
    }
}

/// Where a key result stands, beside its latest value (which says its week): last week's
/// status while this week's check-in is still to come.
fn standing_text(w: &Workshop, kr: &KeyResult, week: u32, today: Date) -> String {
    match w.standing(kr, week, today) {
        Standing::Pending { before: Some((_, status)) } => status.label().to_string(),
        other => other.label(),
    }
}

/// A key result in a few lines: its target, where it stands as of `week`, the note, owners.
fn key_result_details(w: &Workshop, kr: &KeyResult, week: u32, today: Date) -> Vec<String> {
    let mut details = vec![format!("Target: {}", kr.target_text())];
    let standing = standing_text(w, kr, week, today);
    match kr.check_in_as_of(week) {
        Some(c) => details.push(format!("Latest: {} (week {}) · {standing} · confidence {}/10", latest(kr, week), c.week, c.confidence)),
        None => details.push(format!("Latest: no check-in yet · {standing}")),
    }
    if let Some(note) = kr.check_in_as_of(week).map(|c| c.note.as_str()).filter(|n| !n.is_empty()) {
        details.push(format!("Note: {note}"));
    }
    let owners: Vec<&str> = kr.owners.iter().map(|p| w.author_name(Some(*p))).collect();
    details.push(if owners.is_empty() { "Owners: nobody yet".to_string() } else { format!("Owners: {}", owners.join(", ")) });
    details
}

/// A row in words, for the focus panel, as of `week` seen on `today`.
pub fn focus_of(w: &Workshop, row: Row<'_>, week: u32, today: Date) -> Focus {
    match row {
        Row::Objective(o) => {
            let mut details: Vec<String> = o.rationale.lines().map(String::from).collect();
            if !details.is_empty() {
                details.push(String::new());
            }
            details.push(if o.key_results.is_empty() { "No key results yet.".to_string() } else { "Key results:".to_string() });
            for kr in &o.key_results {
                details.push(format!("• {} — {} · {}", kr.description, latest(kr, week), standing_text(w, kr, week, today)));
            }
            Focus { heading: o.title.clone(), details }
        }
        Row::KeyResult(o, kr) => {
            let mut details = key_result_details(w, kr, week, today);
            details.push(format!("Objective: {}", o.title));
            Focus { heading: kr.description.clone(), details }
        }
        Row::Linked(kr, ini) => Focus { heading: ini.title.clone(), details: vec![format!("drives: {}", kr.description)] },
        Row::Depends(kr, d) => Focus { heading: d.label(), details: vec![format!("{} depends on it", kr.description)] },
        Row::Health(h) => Focus { heading: h.name.clone(), details: vec![format!("keep {}", h.level_text())] },
        Row::Candidate(c) => Focus { heading: c.text.clone(), details: vec![format!("proposed {}", c.kind_label())] },
        Row::ThemeWithout(t) => Focus { heading: t.name.clone(), details: vec!["This theme has no objective yet.".into()] },
    }
}
