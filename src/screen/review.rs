//! Step 5 view: the agenda that starts from the key results: this week of the period, and
//! for each key result its last value, progress bar, status and confidence.

use jiff::civil::Date;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::ListCursor;
use crate::model::objective::format_number;
use crate::model::{KeyResult, KeyResultKind, Status, Workshop};
use crate::screen::objectives::{Row, okr_rows as tree};
use crate::ui::list;
use crate::ui::text::{fit, pad};
use crate::ui::theme::Palette;

pub fn rows(w: &Workshop, _today: Date) -> Vec<Row<'_>> {
    tree(w)
}

/// A bar of `width` cells filled to `progress` (0.0–1.0).
pub fn bar(progress: f64, width: usize) -> String {
    let filled = ((progress.clamp(0.0, 1.0) * width as f64).round() as usize).min(width);
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

/// The status of a key result as of `week`: silence is never green, and a check-in older
/// than last week is outdated whatever it said.
pub fn standing(kr: &KeyResult, week: u32) -> (&'static str, Option<Status>) {
    match kr.check_in_as_of(week) {
        None => ("no check-in yet", None),
        Some(c) if c.week + 1 < week => ("outdated", None),
        Some(c) => (c.status.label(), Some(c.status)),
    }
}

pub fn render(frame: &mut Frame, area: Rect, w: &Workshop, cursor: &ListCursor, today: Date, palette: &Palette) {
    let [head, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(area);
    let week = w.current_week(today);
    let krs: Vec<&KeyResult> = w.objectives.iter().flat_map(|o| &o.key_results).collect();
    let count = |s: Status| krs.iter().filter(|k| standing(k, week).1 == Some(s)).count();
    let not_in = krs.iter().filter(|k| !k.check_ins.iter().any(|c| c.week == week)).count();
    let width = area.width as usize;
    let line1 = format!(" Week {week} of {} · {} to {}", w.period.weeks(), w.period.start, w.period.end);
    let line2 = Line::from(vec![
        Span::styled(format!(" {} on track", count(Status::OnTrack)), palette.ok),
        Span::styled(format!(" · {} at risk", count(Status::AtRisk)), palette.warn),
        Span::styled(format!(" · {} off track", count(Status::OffTrack)), palette.bad),
        Span::styled(format!(" · {not_in} not checked in this week"), palette.muted),
    ]);
    frame.render_widget(Paragraph::new(vec![Line::from(Span::styled(fit(&line1, width), palette.title)), line2]).style(palette.base), head);
    let rows = rows(w, today);
    if rows.is_empty() {
        frame.render_widget(Paragraph::new(" No key results to review yet: write objectives first (step 4).").style(palette.muted), body);
        return;
    }
    let bar_w = if width >= 100 { 12 } else { 8 };
    let [body, detail] = Layout::vertical([Constraint::Min(0), Constraint::Length(3)]).areas(body);
    let selected = rows.get(cursor.selected).copied();
    let detail_text = match selected {
        Some(Row::KeyResult(_, kr)) => {
            let note = kr.check_in_as_of(week).map(|c| c.note.as_str()).filter(|n| !n.is_empty()).unwrap_or("no note");
            format!("{} ({}) — {note}", kr.description, kr.target_text())
        }
        Some(Row::Objective(o)) => o.title.clone(),
        _ => String::new(),
    };
    crate::ui::list::detail(frame, detail, &detail_text, palette);
    list::draw(frame, body, cursor, rows.len(), palette, |i| match rows[i] {
        Row::Objective(o) => {
            let score = o.score().map(|s| format!("  score {s:.1}")).unwrap_or_default();
            Line::from(vec![
                Span::styled(format!(" {}", fit(o.title.lines().next().unwrap_or(""), width.saturating_sub(14))), palette.title),
                Span::styled(score, palette.muted),
            ])
        }
        Row::KeyResult(_, kr) => {
            let last = kr.check_in_as_of(week);
            let value = match (last, &kr.kind) {
                (None, _) => "—".to_string(),
                (Some(c), KeyResultKind::Milestone) => (if c.value >= 0.5 { "done" } else { "not yet" }).to_string(),
                (Some(c), KeyResultKind::Metric { .. }) => format_number(c.value),
            };
            let progress = last.and_then(|c| kr.progress_of(c.value)).unwrap_or(0.0);
            let (label, status) = standing(kr, week);
            let style = match status {
                Some(Status::OnTrack) => palette.ok,
                Some(Status::AtRisk) => palette.warn,
                Some(Status::OffTrack) => palette.bad,
                None => palette.muted,
            };
            let confidence = last.map_or_else(String::new, |c| format!("{:>2}/10", c.confidence));
            let right_w = 8 + bar_w + 6 + 16 + 6;
            let desc_w = width.saturating_sub(right_w + 4).max(8);
            Line::from(vec![
                Span::styled("  ", palette.border),
                Span::raw(pad(&kr.description, desc_w)),
                Span::raw(format!(" {:>7} ", fit(&value, 7))),
                Span::styled(bar(progress, bar_w), style),
                Span::raw(format!(" {:>4.0}% ", progress * 100.0)),
                Span::styled(pad(label, 15), style),
                Span::styled(format!(" {confidence}"), palette.muted),
            ])
        }
        // The agenda holds objectives and key results only.
        Row::Linked(..) | Row::ThemeWithout(_) => Line::from(""),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_fills_by_progress() {
        assert_eq!(bar(0.5, 4), "██░░");
        assert_eq!(bar(2.0, 3), "███");
        assert_eq!(bar(-1.0, 2), "░░");
    }
}
