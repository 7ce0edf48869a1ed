//! Drawing step 4's funnel rows, its head line of counts and keys, and the coach's panel.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::Row;
use crate::action::Action;
use crate::keymap::{Context, Keymap};
use crate::model::coach::{Finding, Severity, Subject};
use crate::model::{Commitment, Workshop};
use crate::ui::text::{fit, pad};
use crate::ui::theme::Palette;

/// The counts and the keys that matter on this step.
pub(super) fn head_lines(w: &Workshop, findings: &[Finding], keymap: &Keymap, width: usize, palette: &Palette) -> Vec<Line<'static>> {
    let unlinked = if w.objectives.is_empty() { 0 } else { w.unlinked_initiatives().count() };
    let warnings = findings.iter().filter(|f| f.severity == Severity::Warning).count();
    let line1 = format!(
        " {} objectives · {} key results · {unlinked} initiatives linked to nothing · coach: {warnings} warnings, {} advice",
        w.objectives.len(),
        w.key_result_count(),
        findings.len() - warnings
    );
    let key = |action| keymap.hint(Context::Objectives, action);
    let line2 = format!(
        " {} objective · {} key result · {} link initiatives · {} edit · {} delete · {} reorder · {} dismiss a finding",
        key(Action::NewObjective),
        key(Action::AddKeyResult),
        key(Action::Link),
        key(Action::Edit),
        key(Action::Delete),
        keymap.hint_pair(Context::Objectives, Action::MoveDown, Action::MoveUp),
        key(Action::Dismiss),
    );
    vec![Line::from(fit(&line1, width)), Line::from(Span::styled(fit(&line2, width), palette.muted))]
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

pub(super) fn render_row<'a>(w: &Workshop, row: Row<'_>, width: usize, findings: &[Finding], write: &str, palette: &Palette) -> Line<'a> {
    match row {
        Row::Objective(o) => {
            let theme = o.theme.and_then(|t| w.theme(t)).map_or(String::new(), |t| format!("  [{}]", t.name));
            let kind = if o.commitment == Commitment::Committed { " committed" } else { " aspirational" };
            let title_w = width.saturating_sub(theme.chars().count() + kind.len() + 4);
            let mark = marks(findings, Subject::Objective(o.id));
            Line::from(vec![
                Span::styled(format!(" {}", fit(o.title.lines().next().unwrap_or(""), title_w)), palette.title),
                Span::styled(theme, palette.accent),
                Span::styled(kind, palette.muted),
                Span::styled(mark.content, palette.warn),
            ])
        }
        Row::KeyResult(_, kr) => {
            let target = kr.target_text();
            let linked = match kr.initiatives.len() {
                0 => "no initiatives".to_string(),
                1 => "1 initiative".to_string(),
                n => format!("{n} initiatives"),
            };
            let target_w = (width / 3).clamp(10, 30);
            let right = format!(" {:>target_w$} · {linked:<14}", fit(&target, target_w));
            let desc_w = width.saturating_sub(target_w + 17 + 8).max(8);
            let mark = marks(findings, Subject::KeyResult(kr.id));
            Line::from(vec![
                Span::styled("  ├ ", palette.border),
                Span::raw(pad(&kr.description, desc_w)),
                Span::styled(right, if kr.initiatives.is_empty() { palette.warn } else { palette.muted }),
                Span::styled(mark.content, palette.warn),
            ])
        }
        Row::Linked(_, ini) => Line::from(vec![
            Span::styled("  │   ↳ ", palette.border),
            Span::styled(fit(&ini.title, width.saturating_sub(9)), palette.muted),
        ]),
        Row::Depends(..) | Row::Health(_) | Row::Candidate(_) => Line::from(""),
        Row::ThemeWithout(t) => Line::from(vec![
            Span::styled(" + ", palette.warn),
            Span::styled(format!("{} has no objective yet", t.name), palette.warn),
            Span::styled(format!("  ({write} writes it)"), palette.muted),
        ]),
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
/// elsewhere, each naming its item (`key result KR12 "…"`) and the key that goes to it.
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
    let block =
        Block::new().borders(Borders::LEFT | Borders::TOP).border_style(palette.border).title(Span::styled(" Coach ", palette.title));
    let mut lines = Vec::new();
    let here: Vec<&Finding> = findings.iter().filter(|f| Some(f.subject) == subject).collect();
    let elsewhere = here.is_empty();
    let shown: Vec<&Finding> = if elsewhere { findings.iter().take(6).collect() } else { here.clone() };
    if findings.is_empty() {
        lines.push(Line::from(Span::styled("Nothing to say: these read as outcomes.", palette.ok)));
    } else if elsewhere {
        let head = format!("Nothing here. {} findings elsewhere ({next} goes to the next):", findings.len());
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
