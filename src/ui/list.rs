//! A scrolling list that builds only the rows in view, so a 10,000-item backlog costs
//! the same to draw as a 30-item one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState, Wrap};

use super::theme::Palette;
use crate::app::ListCursor;

/// Draws rows `0..len` of a list into `area`, asking `row(i)` only for visible ones.
pub fn draw<'a>(frame: &mut Frame, area: Rect, cursor: &ListCursor, len: usize, palette: &Palette, mut row: impl FnMut(usize) -> Line<'a>) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let height = area.height as usize;
    cursor.area.set(area);
    let offset = cursor.window(len, height);
    let selected = cursor.selected.min(len.saturating_sub(1));
    let scrollbar = len > height;
    let text_width = if scrollbar { area.width.saturating_sub(1) } else { area.width };
    for (line_no, i) in (offset..len.min(offset + height)).enumerate() {
        let mut line = row(i);
        if i == selected {
            // Spans carry the theme's background; the selection must win over all of them.
            for span in &mut line.spans {
                span.style = span.style.patch(palette.selected);
            }
        }
        let rect = Rect::new(area.x, area.y + line_no as u16, text_width, 1);
        let style = if i == selected { palette.selected } else { palette.base };
        frame.render_widget(Paragraph::new(line).style(style), rect);
    }
    if scrollbar {
        let mut state = ScrollbarState::new(len.saturating_sub(height)).position(offset);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight).begin_symbol(None).end_symbol(None).style(palette.border),
            area,
            &mut state,
        );
    }
}

/// The selected row's full text under a list (lists cut long text to one line), with a
/// rule above it; as much as fits.
pub fn detail(frame: &mut Frame, area: Rect, text: &str, palette: &Palette) {
    let block = Block::new().borders(Borders::TOP).border_style(palette.border);
    frame.render_widget(Paragraph::new(format!(" {text}")).block(block).style(palette.muted).wrap(Wrap { trim: true }), area);
}
