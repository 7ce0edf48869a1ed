//! A checklist overlay: tick the initiatives that drive a key result (Space), then Enter.
//! What the ticks mean is decided by the screen that opened it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::form::centered;
use super::list;
use super::text::fit;
use super::theme::Palette;
use crate::app::ListCursor;
use crate::model::{InitiativeId, KeyResultId};

#[derive(Debug)]
pub struct Picker {
    pub title: String,
    pub key_result: KeyResultId,
    /// Each initiative, its label, and whether it is ticked.
    pub items: Vec<(InitiativeId, String, bool)>,
    pub cursor: ListCursor,
}

impl Picker {
    pub fn new(title: String, key_result: KeyResultId, items: Vec<(InitiativeId, String, bool)>) -> Self {
        Self { title, key_result, items, cursor: ListCursor::default() }
    }

    pub fn toggle(&mut self) {
        if let Some(item) = self.items.get_mut(self.cursor.selected) {
            item.2 = !item.2;
        }
    }

    /// The ticks as (initiative, linked).
    pub fn ticks(&self) -> Vec<(InitiativeId, bool)> {
        self.items.iter().map(|(id, _, on)| (*id, *on)).collect()
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, palette: &Palette) {
        let height = (self.items.len() as u16 + 4).min(area.height);
        let popup = centered(area, area.width.saturating_sub(4).min(90), height);
        frame.render_widget(Clear, popup);
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(palette.accent)
            .style(palette.base)
            .title(Span::styled(fit(&format!(" {} ", self.title), popup.width.saturating_sub(4) as usize), palette.title));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        if inner.height < 2 {
            return;
        }
        let list_area = Rect::new(inner.x, inner.y, inner.width, inner.height - 1);
        let width = inner.width as usize;
        list::draw(frame, list_area, &self.cursor, self.items.len(), palette, |i| {
            let (_, label, on) = &self.items[i];
            let mark = if *on { "[x] " } else { "[ ] " };
            Line::from(vec![Span::styled(mark, palette.accent), Span::raw(fit(label, width.saturating_sub(5)))])
        });
        let hint = Line::from(Span::styled("Space tick · Enter save · Esc cancel · the theme's initiatives come first", palette.muted));
        frame.render_widget(Paragraph::new(hint), Rect::new(inner.x, inner.y + inner.height - 1, inner.width, 1));
    }
}
