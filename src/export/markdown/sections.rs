//! The optional sections of the OKR document: the themes with their initiatives, the
//! shelved backlog, the weekly review history and the learnings.

use super::{escape_cell, escape_inline, list, paragraphs, quote, table, value_text};
use crate::model::{BacklogState, Workshop};

/// Themes in board order, each with its initiatives (most votes first) and totals; then the
/// initiatives not grouped into any theme.
pub(super) fn themes(w: &Workshop, blocks: &mut Vec<String>) {
    blocks.push("## Themes".to_string());
    if w.themes.is_empty() && w.initiatives.is_empty() {
        blocks.push("No themes yet.".to_string());
        return;
    }
    let groups = w.themes.iter().map(|t| (escape_inline(&t.name), t.description.as_str(), Some(t.id)));
    let ungrouped = std::iter::once(("Ungrouped".to_string(), "", None));
    for (name, description, id) in groups.chain(ungrouped) {
        let mut initiatives: Vec<_> = w.initiatives.iter().filter(|i| i.theme == id).collect();
        if id.is_none() && initiatives.is_empty() {
            continue;
        }
        initiatives.sort_by_key(|i| std::cmp::Reverse(i.total_votes()));
        let votes: u32 = initiatives.iter().map(|i| i.total_votes()).sum();
        blocks.push(format!("### {}", if name.is_empty() { "Untitled theme" } else { &name }));
        blocks.extend(paragraphs(description));
        let count = match initiatives.len() {
            0 => "No initiatives".to_string(),
            1 => "1 initiative".to_string(),
            n => format!("{n} initiatives"),
        };
        blocks.push(format!("{count} · {votes} {}", if votes == 1 { "vote" } else { "votes" }));
        if initiatives.is_empty() {
            continue;
        }
        let score = |n: Option<u8>| n.map_or_else(|| "—".to_string(), |n| n.to_string());
        let rows: Vec<Vec<String>> = initiatives
            .iter()
            .map(|i| {
                vec![
                    escape_cell(&i.title),
                    escape_cell(w.author_name(i.author)),
                    i.size.label().to_string(),
                    score(i.impact),
                    score(i.cost),
                    i.total_votes().to_string(),
                ]
            })
            .collect();
        blocks.push(table(
            &["Initiative", "Author", "Size", "Impact", "Cost", "Votes"],
            &["---", "---", "---", "--:", "--:", "--:"],
            &rows,
        ));
    }
}

/// The shelved backlog: how many items, since when, and what was rescued as what.
pub(super) fn backlog(w: &Workshop, blocks: &mut Vec<String>) {
    blocks.push("## Backlog".to_string());
    let items = |n: usize| if n == 1 { "1 item".to_string() } else { format!("{n} items") };
    let shelved = w.backlog.items.iter().filter(|b| b.state == BacklogState::Shelved).count();
    let rescued: Vec<_> = w.backlog.items.iter().filter(|b| b.state == BacklogState::Rescued).collect();
    match &w.backlog.bankruptcy {
        Some(b) => {
            blocks.push(format!(
                "The team declared backlog bankruptcy on {}: {} shelved (kept and searchable, not deleted), {} rescued.",
                b.declared_on,
                items(shelved),
                rescued.len()
            ));
            blocks.extend(quote(&b.note));
        }
        None if w.backlog.items.is_empty() => {
            blocks.push("No backlog imported.".to_string());
            return;
        }
        None => blocks.push(format!("{} imported; backlog bankruptcy not declared yet.", items(w.backlog.items.len()))),
    }
    if rescued.is_empty() {
        return;
    }
    blocks.push("**Rescued** (each reframed as a new initiative)".to_string());
    let lines: Vec<String> = rescued
        .iter()
        .map(|b| {
            let became = b.rescued_as.and_then(|i| w.initiative(i)).map_or_else(|| "—".to_string(), |i| escape_inline(&i.title));
            format!("{} → {became}", escape_inline(&b.title))
        })
        .collect();
    blocks.push(list(&lines));
}

/// Every check-in up to `week`, per key result, and the weekly notes.
pub(super) fn history(w: &Workshop, week: u32, blocks: &mut Vec<String>) {
    blocks.push("## Review history".to_string());
    for kr in w.objectives.iter().flat_map(|o| &o.key_results) {
        blocks.push(format!("### {} · {}", kr.id, escape_inline(&kr.description)));
        let mut check_ins: Vec<_> = kr.check_ins.iter().filter(|c| c.week <= week).collect();
        check_ins.sort_by_key(|c| c.week);
        if check_ins.is_empty() {
            blocks.push("No check-ins yet.".to_string());
            continue;
        }
        let mut rows: Vec<Vec<String>> = Vec::new();
        for c in check_ins {
            // What a later check-in of the same week replaced stays on record, oldest first.
            for r in &c.replaced {
                let note = if r.note.is_empty() { "(replaced)".to_string() } else { format!("(replaced) {}", escape_cell(&r.note)) };
                let row = [c.week.to_string(), r.date.to_string(), value_text(kr, r.value), r.status.label().to_string()];
                rows.push(row.into_iter().chain([format!("{}/10", r.confidence), note]).collect());
            }
            let note = if c.note_missing {
                format!("*note missing* {}", escape_cell(&c.note)).trim_end().to_string()
            } else {
                escape_cell(&c.note)
            };
            let row = [c.week.to_string(), c.date.to_string(), value_text(kr, c.value), c.status.label().to_string()];
            rows.push(row.into_iter().chain([format!("{}/10", c.confidence), note]).collect());
        }
        blocks.push(table(&["Week", "Date", "Value", "Status", "Confidence", "Note"], &["--:", "---", "--:", "---", "--:", "---"], &rows));
    }
    blocks.push("### Weekly notes".to_string());
    let notes: Vec<_> = w.weekly_notes.iter().filter(|n| n.week <= week && !n.notes.trim().is_empty()).collect();
    if notes.is_empty() {
        blocks.push("No weekly notes yet.".to_string());
    }
    for n in notes {
        blocks.push(format!("#### Week {} (week of {})", n.week, w.period.week_start(n.week)));
        blocks.extend(paragraphs(&n.notes));
    }
}

/// What the team learned, per objective, and the retrospective.
pub(super) fn learnings(w: &Workshop, blocks: &mut Vec<String>) {
    blocks.push("## Learnings".to_string());
    let before = blocks.len();
    for o in w.objectives.iter().filter(|o| !o.learnings.trim().is_empty()) {
        let title = escape_inline(&o.title);
        blocks.push(format!("**{}**", if title.is_empty() { "Untitled objective" } else { &title }));
        blocks.extend(paragraphs(&o.learnings));
    }
    let retro = &w.retrospective;
    if !retro.learnings.trim().is_empty() || !retro.differently.trim().is_empty() {
        blocks.push("### Retrospective".to_string());
        if !retro.learnings.trim().is_empty() {
            blocks.push("**What we learned**".to_string());
            blocks.extend(paragraphs(&retro.learnings));
        }
        if !retro.differently.trim().is_empty() {
            blocks.push("**What we would do differently**".to_string());
            blocks.extend(paragraphs(&retro.differently));
        }
    }
    if blocks.len() == before {
        blocks.push("No learnings recorded yet.".to_string());
    }
}
