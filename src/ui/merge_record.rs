//! The merge record overlay: every field two writers changed at once (two windows, a
//! teammate's clone, a script), newest first, with the value kept and the one set aside, so
//! nobody's change vanishes without a trace.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::form::centered;
use super::theme::Palette;
use crate::model::Clock;
use crate::model::merge::MergeNote;

/// The lines of the record, newest first (or a sentence when it is empty).
pub fn lines(notes: &[MergeNote], clock: Clock, palette: &Palette) -> Vec<Line<'static>> {
    if notes.is_empty() {
        return vec![
            Line::from(" Nothing has been changed in two places at once."),
            Line::from(""),
            Line::from(Span::styled(
                " When two people (or a window and a script) change the same field, the later change is kept and the other is listed here.",
                palette.muted,
            )),
        ];
    }
    let mut out = Vec::new();
    for note in notes.iter().rev() {
        out.push(Line::from(vec![
            Span::styled(format!(" {} ", clock.date_time(note.at)), palette.muted),
            Span::styled(note.subject.clone(), palette.title),
        ]));
        out.push(Line::from(vec![Span::styled("   kept       ", palette.muted), Span::raw(note.kept.clone())]));
        out.push(Line::from(vec![Span::styled("   set aside  ", palette.muted), Span::raw(note.set_aside.clone())]));
    }
    out
}

/// Draws the record over `area`, scrolled by `scroll` lines; `close` names the key that
/// closes it.
pub fn render(frame: &mut Frame, area: Rect, notes: &[MergeNote], scroll: u16, close: &str, clock: Clock, palette: &Palette) {
    let lines = lines(notes, clock, palette);
    let width = area.width.saturating_sub(4).min(90);
    let height = area.height.saturating_sub(2).max(3);
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    let title = format!(" Merge record · {} · {close} closes ", count(notes.len()));
    let block = Block::new().borders(Borders::ALL).border_style(palette.accent).title(Span::styled(title, palette.title));
    let max_scroll = u16::try_from(lines.len()).unwrap_or(u16::MAX).saturating_sub(height.saturating_sub(2));
    let text = Paragraph::new(lines).block(block).style(palette.base).wrap(Wrap { trim: false }).scroll((scroll.min(max_scroll), 0));
    frame.render_widget(text, popup);
}

fn count(n: usize) -> String {
    match n {
        0 => "empty".to_string(),
        1 => "1 field".to_string(),
        n => format!("{n} fields"),
    }
}
