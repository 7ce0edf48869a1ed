//! Step 4 view: the funnel as a tree, objective → key results (with baseline → target)
//! → linked initiatives count, and themes still without an objective.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::ListCursor;
use crate::model::{Commitment, KeyResult, Objective, Workshop};
use crate::ui::list;
use crate::ui::text::{fit, pad};
use crate::ui::theme::Palette;

/// A row of the tree.
#[derive(Debug, Clone, Copy)]
pub enum Row<'a> {
    Objective(&'a Objective),
    KeyResult(&'a Objective, &'a KeyResult),
}

pub fn rows(w: &Workshop) -> Vec<Row<'_>> {
    let mut rows = Vec::new();
    for o in &w.objectives {
        rows.push(Row::Objective(o));
        rows.extend(o.key_results.iter().map(|k| Row::KeyResult(o, k)));
    }
    rows
}

pub fn render(frame: &mut Frame, area: Rect, w: &Workshop, cursor: &ListCursor, palette: &Palette) {
    let [head, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(area);
    let without: Vec<&str> =
        w.themes.iter().filter(|t| !w.objectives.iter().any(|o| o.theme == Some(t.id))).map(|t| t.name.as_str()).collect();
    let width = area.width as usize;
    let line1 = format!(
        " {} objectives · {} key results · limits {}–{} objectives, {}–{} key results each",
        w.objectives.len(),
        w.key_result_count(),
        w.settings.min_objectives,
        w.settings.max_objectives,
        w.settings.min_key_results,
        w.settings.max_key_results
    );
    let line2 = if without.is_empty() {
        Line::from(Span::styled(" Every theme has an objective.", palette.muted))
    } else {
        Line::from(Span::styled(fit(&format!(" Themes without an objective: {}", without.join(", ")), width), palette.warn))
    };
    frame.render_widget(Paragraph::new(vec![Line::from(fit(&line1, width)), line2]).style(palette.base), head);
    let rows = rows(w);
    if rows.is_empty() {
        let text = " No objectives yet. Start from a theme: what broader problem do its initiatives solve?";
        frame.render_widget(Paragraph::new(text).style(palette.muted), body);
        return;
    }
    let [body, detail] = Layout::vertical([Constraint::Min(0), Constraint::Length(3)]).areas(body);
    let detail_text = match rows.get(cursor.selected) {
        Some(Row::KeyResult(_, kr)) => {
            let owners: Vec<&str> = kr.owners.iter().map(|p| w.author_name(Some(*p))).collect();
            let owners = if owners.is_empty() { "no owner".to_string() } else { owners.join(", ") };
            format!("{} — {owners}", kr.description)
        }
        Some(Row::Objective(o)) if !o.rationale.is_empty() => format!("{} — {}", o.title, o.rationale),
        Some(Row::Objective(o)) => o.title.clone(),
        None => String::new(),
    };
    list::detail(frame, detail, &detail_text, palette);
    list::draw(frame, body, cursor, rows.len(), palette, |i| match rows[i] {
        Row::Objective(o) => {
            let theme = o.theme.and_then(|t| w.theme(t)).map_or(String::new(), |t| format!("  [{}]", t.name));
            let kind = match o.commitment {
                Commitment::Committed => " committed",
                Commitment::Aspirational => " aspirational",
            };
            let title = o.title.lines().next().unwrap_or("");
            let title_w = width.saturating_sub(theme.chars().count() + kind.len() + 2);
            Line::from(vec![
                Span::styled(format!(" {}", fit(title, title_w)), palette.title),
                Span::styled(theme, palette.accent),
                Span::styled(kind, palette.muted),
            ])
        }
        Row::KeyResult(_, kr) => {
            let target = kr.target_text();
            let linked = match kr.initiatives.len() {
                0 => "no initiatives".to_string(),
                1 => "1 initiative".to_string(),
                n => format!("{n} initiatives"),
            };
            let owners: Vec<&str> = kr.owners.iter().map(|p| w.author_name(Some(*p))).collect();
            let target_w = (width / 3).clamp(12, 34);
            let right = format!(" {:>target_w$} · {linked:<14}", fit(&target, target_w));
            let desc_w = width.saturating_sub(target_w + 17 + 6).max(10);
            let mut spans = vec![
                Span::styled("   └ ", palette.border),
                Span::raw(pad(&kr.description, desc_w)),
                Span::styled(right, if kr.initiatives.is_empty() { palette.warn } else { palette.muted }),
            ];
            if !owners.is_empty() && width > 110 {
                spans.push(Span::styled(format!(" · {}", owners.join(", ")), palette.muted));
            }
            Line::from(spans)
        }
    });
}
