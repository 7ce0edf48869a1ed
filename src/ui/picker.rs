//! A checklist overlay: tick items (e.g. the initiatives that drive a key result), then save.
//! What the ticks mean is decided by the screen that opened it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::Look;
use super::form::centered;
use super::list::{self, ListCursor};
use super::text::fit;
use crate::action::Action;
use crate::keymap::Context;

/// What a key did to the checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerEvent {
    Save,
    Cancel,
    Handled,
}

#[derive(Debug)]
pub struct Picker<T> {
    pub title: String,
    /// Each item, its label, and whether it is ticked.
    pub items: Vec<(T, String, bool)>,
    pub cursor: ListCursor,
    /// A line under the list saying how it is ordered.
    pub note: String,
}

impl<T: Copy> Picker<T> {
    pub fn new(title: String, items: Vec<(T, String, bool)>, note: impl Into<String>) -> Self {
        Self { title, items, cursor: ListCursor::default(), note: note.into() }
    }

    /// A key from the picker's table.
    pub fn handle(&mut self, action: Action) -> PickerEvent {
        match action {
            Action::Up | Action::Down => {
                let len = self.items.len();
                self.cursor.apply(action, len, 10);
                PickerEvent::Handled
            }
            Action::Toggle => {
                self.toggle();
                PickerEvent::Handled
            }
            Action::Submit => PickerEvent::Save,
            _ => PickerEvent::Cancel,
        }
    }

    pub fn toggle(&mut self) {
        if let Some(item) = self.items.get_mut(self.cursor.selected) {
            item.2 = !item.2;
        }
    }

    /// The ticks as (item, ticked).
    pub fn ticks(&self) -> Vec<(T, bool)> {
        self.items.iter().map(|(id, _, on)| (*id, *on)).collect()
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let palette = look.palette;
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
        let keys = |action| look.keymap.hint(Context::Picker, action);
        let text = format!("{} tick · {} save · {} cancel{}", keys(Action::Toggle), keys(Action::Submit), keys(Action::Back), self.note);
        let hint = Line::from(Span::styled(text, palette.muted));
        frame.render_widget(Paragraph::new(hint), Rect::new(inner.x, inner.y + inner.height - 1, inner.width, 1));
    }
}
