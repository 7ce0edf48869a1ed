//! Drawing step 4's funnel rows, its head line of counts and keys, and the coach's panel.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::Row;
use crate::action::Action;
use crate::keymap::Context;
use crate::model::coach::{Finding, Severity, Subject};
use crate::model::count::count;
use crate::model::{Commitment, Workshop};
use crate::ui::Look;
use crate::ui::text::{fit, join_wrapped, pad, wrap, wrap_hanging};
use crate::ui::theme::Palette;

/// The counts (wrapped between them, never cut) and, outside present mode, the keys that
/// matter on this step.
pub(super) fn head_lines(w: &Workshop, findings: &[Finding], look: &Look, width: usize) -> Vec<Line<'static>> {
    let (keymap, palette) = (look.keymap, look.palette);
    let unlinked = w.unlinked_initiatives().count();
    let warnings = findings.iter().filter(|f| f.severity == Severity::Warning).count();
    let counts = [
        count(w.objectives.len(), "objective"),
        count(w.key_result_count(), "key result"),
        format!("{} linked to nothing", count(unlinked, "initiative")),
        format!("coach: {}, {}", count(warnings, "warning"), count(findings.len() - warnings, "advice")),
    ];
    let mut lines: Vec<Line<'static>> =
        join_wrapped(&counts, " · ", width.saturating_sub(2)).into_iter().map(|l| Line::from(format!(" {l}"))).collect();
    if look.present {
        return lines;
    }
    let key = |action| keymap.hint(Context::Objectives, action);
    let keys = format!(
        " {} objective · {} key result · {} link initiatives · {} edit · {} delete · {} reorder · {} dismiss a finding",
        key(Action::NewObjective),
        key(Action::AddKeyResult),
        key(Action::Link),
        key(Action::Edit),
        key(Action::Delete),
        keymap.hint_pair(Context::Objectives, Action::MoveDown, Action::MoveUp),
        key(Action::Dismiss),
    );
    lines.push(Line::from(Span::styled(fit(&keys, width), palette.muted)));
    lines
}

fn marks(findings: &[Finding], subject: Subject) -> Span<'static> {
    let warning = findings.iter().any(|f| f.subject == subject && f.severity == Severity::Warning);
    let advice = findings.iter().any(|f| f.subject == subject);
    match (warning, advice) {
        (true, _) => Span::raw(" ⚠"),
        (false, true) => Span::raw(" ·"),
        _ => Span::raw(""),
    }
}

/// A funnel row as lines: objectives, key results and the initiatives under them wrap
/// rather than lose their end (the room reads them); a key result's target and links sit on
/// its first line.
pub(super) fn render_row(
    w: &Workshop,
    row: Row<'_>,
    width: usize,
    findings: &[Finding],
    write: &str,
    palette: &Palette,
) -> Vec<Line<'static>> {
    match row {
        Row::Objective(o) => {
            let theme = o.theme.and_then(|t| w.theme(t)).map_or(String::new(), |t| format!("  [{}]", t.name));
            let kind = if o.commitment == Commitment::Committed { " committed" } else { " aspirational" };
            let title_w = width.saturating_sub(theme.chars().count() + kind.len() + 4).max(12);
            let mark = marks(findings, Subject::Objective(o.id));
            let mut lines: Vec<Line<'static>> = wrap(o.title.lines().next().unwrap_or(""), title_w)
                .into_iter()
                .map(|l| Line::from(Span::styled(format!(" {l}"), palette.title)))
                .collect();
            if let Some(first) = lines.first_mut() {
                let used: usize = first.spans.iter().map(|s| s.content.chars().count()).sum();
                first.spans.push(Span::raw(" ".repeat(title_w + 1 - used.min(title_w + 1))));
                first.spans.extend([
                    Span::styled(theme, palette.accent),
                    Span::styled(kind, palette.muted),
                    Span::styled(mark.content, palette.warn),
                ]);
            }
            lines
        }
        Row::KeyResult(_, kr) => {
            let target = kr.target_text();
            let linked = if kr.initiatives.is_empty() { "no initiatives".to_string() } else { count(kr.initiatives.len(), "initiative") };
            let target_w = (width / 3).clamp(10, 30);
            let right = format!(" {:>target_w$} · {linked:<14}", fit(&target, target_w));
            let desc_w = width.saturating_sub(target_w + 17 + 8).max(8);
            let mark = marks(findings, Subject::KeyResult(kr.id));
            let mut text = wrap_hanging(&kr.description, desc_w, width.saturating_sub(7)).into_iter();
            let mut lines = vec![Line::from(vec![
                Span::styled("  ├ ", palette.border),
                Span::raw(pad(&text.next().unwrap_or_default(), desc_w)),
                Span::styled(right, if kr.initiatives.is_empty() { palette.warn } else { palette.muted }),
                Span::styled(mark.content, palette.warn),
            ])];
            lines.extend(text.map(|l| Line::from(vec![Span::styled("  │   ", palette.border), Span::raw(l)])));
            lines
        }
        Row::Linked(_, ini) => wrap(&ini.title, width.saturating_sub(9).max(8))
            .into_iter()
            .enumerate()
            .map(|(n, l)| {
                let lead = if n == 0 { "  │   ↳ " } else { "  │     " };
                Line::from(vec![Span::styled(lead, palette.border), Span::styled(l, palette.muted)])
            })
            .collect(),
        Row::ThemeWithout(t) => {
            let hint = if write.is_empty() { String::new() } else { format!("  ({write} writes it)") };
            vec![Line::from(vec![
                Span::styled(" + ", palette.warn),
                Span::styled(format!("{} has no objective yet", t.name), palette.warn),
                Span::styled(hint, palette.muted),
            ])]
        }
        Row::Depends(..) | Row::Health(_) | Row::Candidate(_) => vec![Line::from("")],
    }
}

/// Which item a finding is about, for a person: `key result KR12 "Reduce MTTR from…"`, or
/// without the quote when the reason already quotes the item's text.
fn about(w: &Workshop, f: &Finding) -> String {
    let name = f.subject.name(w);
    let text: String = f.subject.text(w).unwrap_or_default().chars().take(24).collect();
    match name.split_once(" \"") {
        Some((short, _)) if !text.trim().is_empty() && f.reason.contains(text.as_str()) => short.to_string(),
        _ => name,
    }
}

/// The coach's panel: the selected item's findings, or, when it has none, the findings
/// elsewhere, each naming its item (`key result KR12 "…"`) and the key that goes to it
/// (`next`, empty in present mode).
pub(super) fn render_coach(
    frame: &mut Frame,
    area: Rect,
    (w, findings): (&Workshop, &[Finding]),
    subject: Option<Subject>,
    next: &str,
    palette: &Palette,
) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let block = Block::new().borders(Borders::ALL).border_style(palette.border).title(Span::styled(" Coach ", palette.title));
    let mut lines = Vec::new();
    let here: Vec<&Finding> = findings.iter().filter(|f| Some(f.subject) == subject).collect();
    let elsewhere = here.is_empty();
    let shown: Vec<&Finding> = if elsewhere { findings.iter().take(6).collect() } else { here.clone() };
    if findings.is_empty() {
        lines.push(Line::from(Span::styled("Nothing to say: these read as outcomes.", palette.ok)));
    } else if elsewhere {
        let go = if next.is_empty() { String::new() } else { format!(" ({next} goes to the next)") };
        let head = format!("Nothing here. {} elsewhere{go}:", count(findings.len(), "finding"));
        lines.push(Line::from(Span::styled(head, palette.muted)));
    }
    for f in shown {
        let style = if f.severity == Severity::Warning { palette.warn } else { palette.accent };
        let mark = if f.severity == Severity::Warning { "⚠" } else { "·" };
        let about = if elsewhere { format!("{}: ", about(w, f)) } else { String::new() };
        lines.push(Line::from(Span::styled(format!("{mark} {about}{}", f.reason), style)));
        lines.push(Line::from(Span::styled(format!("  {}", f.suggestion), palette.base)));
        if let Some((weak, strong)) = &f.example {
            lines.push(Line::from(Span::styled(format!("  weak: {weak}"), palette.muted)));
            lines.push(Line::from(Span::styled(format!("  strong: {strong}"), palette.ok)));
        }
    }
    frame.render_widget(Paragraph::new(lines).block(block).style(palette.base).wrap(Wrap { trim: false }), area);
}
