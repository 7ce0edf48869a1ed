//! Step 1 view: what was imported, how old it is, whether bankruptcy is declared, and the
//! shelf itself (browsable; the importer and bankruptcy keys come with their own issue).

use std::fmt::Write as _;

use jiff::civil::Date;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::app::ListCursor;
use crate::model::{BacklogState, Workshop};
use crate::ui::list;
use crate::ui::text::{fit, pad};
use crate::ui::theme::Palette;

pub fn row_count(w: &Workshop) -> usize {
    w.backlog.items.len()
}

/// "40 items from jira.csv, backlog.md · 4 done · 61% untouched for 6 months".
pub fn summary(w: &Workshop, today: Date) -> String {
    let items = &w.backlog.items;
    if items.is_empty() {
        return "No backlog imported. Import the old backlog, then declare bankruptcy to start fresh.".into();
    }
    let mut files: Vec<&str> = items.iter().map(|i| i.source_file.as_str()).filter(|f| !f.is_empty()).collect();
    files.sort_unstable();
    files.dedup();
    let done = items.iter().filter(|i| i.done).count();
    let mut text = format!("{} items", items.len());
    if !files.is_empty() {
        let _ = write!(text, " from {}", files.join(", "));
    }
    if done > 0 {
        let _ = write!(text, " · {done} done");
    }
    if let Some(share) = w.backlog.stale_share(today, 183) {
        let _ = write!(text, " · {:.0}% untouched for 6 months", share * 100.0);
    }
    text
}

fn age(today: Date, date: Option<Date>) -> String {
    let Some(d) = date else { return String::new() };
    let days = (today - d).get_days();
    match days {
        ..=0 => "today".into(),
        1..=59 => format!("{days}d"),
        60..=729 => format!("{}mo", days / 30),
        _ => format!("{}y", days / 365),
    }
}

pub fn render(frame: &mut Frame, area: Rect, w: &Workshop, cursor: &ListCursor, today: Date, palette: &Palette) {
    let [head, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(area);
    let bankruptcy = match &w.backlog.bankruptcy {
        Some(b) => {
            let shelved = w.backlog.items.iter().filter(|i| i.state == BacklogState::Shelved).count();
            let note = if b.note.is_empty() { String::new() } else { format!(" — {}", b.note.lines().next().unwrap_or("")) };
            let declared = format!(" Bankruptcy declared {}", b.declared_on);
            let rest = fit(&format!(": {shelved} items on the shelf{note}"), (area.width as usize).saturating_sub(declared.len()));
            Line::from(vec![Span::styled(declared, palette.ok), Span::styled(rest, palette.muted)])
        }
        None if w.backlog.items.is_empty() => Line::from(""),
        None => Line::from(Span::styled(" Bankruptcy not declared yet: the old backlog still pulls on the team.", palette.warn)),
    };
    let lines = vec![Line::from(Span::raw(format!(" {}", fit(&summary(w, today), area.width as usize - 1)))), bankruptcy];
    frame.render_widget(Paragraph::new(lines).style(palette.base), head);
    let items = &w.backlog.items;
    let detail_width = if body.width >= 96 { body.width / 3 } else { 0 };
    let [list_area, detail] = Layout::horizontal([Constraint::Min(0), Constraint::Length(detail_width)]).areas(body);
    let width = list_area.width as usize;
    list::draw(frame, list_area, cursor, items.len(), palette, |i| {
        let item = &items[i];
        let (badge, style) = match (item.state, item.done) {
            (BacklogState::Rescued, _) => ("rescued", palette.ok),
            (_, true) => ("done   ", palette.muted),
            (BacklogState::Shelved, _) => ("shelved", palette.muted),
            (BacklogState::Imported, _) => ("open   ", palette.warn),
        };
        let id = item.external_id.as_deref().unwrap_or("");
        let age = age(today, item.last_touched());
        let title_w = width.saturating_sub(8 + 11 + 6 + 2);
        Line::from(vec![
            Span::styled(format!(" {badge} "), style),
            Span::styled(format!("{} ", pad(id, 10)), palette.muted),
            Span::raw(pad(&item.title, title_w)),
            Span::styled(format!(" {age:>5}"), palette.muted),
        ])
    });
    if detail_width > 0
        && let Some(item) = items.get(cursor.selected)
    {
        let mut text = vec![Line::from(Span::styled(item.title.clone(), palette.title)), Line::from("")];
        if !item.labels.is_empty() {
            text.push(Line::from(Span::styled(format!("labels: {}", item.labels.join(", ")), palette.accent)));
        }
        let source = format!("from {} ({})", item.source_file, item.source_format);
        text.push(Line::from(Span::styled(source, palette.muted)));
        if let Some(c) = item.created {
            text.push(Line::from(Span::styled(format!("created {c}"), palette.muted)));
        }
        text.push(Line::from(""));
        text.extend(item.description.lines().take(40).map(|l| Line::from(l.to_string())));
        let block = Block::new().borders(Borders::LEFT).border_style(palette.border);
        frame.render_widget(Paragraph::new(text).block(block).style(palette.base).wrap(Wrap { trim: false }), detail);
    }
}
