//! A yes/no question before something that cannot simply be undone. What "yes" does is the
//! screen's own business: `T` says it, and the screen acts on it when the answer is yes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::Look;
use super::form::centered;
use crate::action::Action;
use crate::keymap::Context;

#[derive(Debug, Clone, PartialEq)]
pub struct Confirm<T> {
    pub title: String,
    pub message: String,
    pub on_yes: T,
}

impl<T> Confirm<T> {
    pub fn new(title: impl Into<String>, message: impl Into<String>, on_yes: T) -> Self {
        Self { title: title.into(), message: message.into(), on_yes }
    }

    /// What to do once answered with `action`: `Some` on yes; any other key says no.
    pub fn answer(self, action: Action) -> Option<T> {
        (action == Action::Yes).then_some(self.on_yes)
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let palette = look.palette;
        let width = area.width.saturating_sub(4).min(64);
        let inner_w = width.saturating_sub(2).max(1) as usize;
        let lines = super::text::wrap(&self.message, inner_w).len() as u16;
        let popup = centered(area, width, lines + 4);
        frame.render_widget(Clear, popup);
        let block =
            Block::new().borders(Borders::ALL).border_style(palette.warn).title(Span::styled(format!(" {} ", self.title), palette.title));
        let yes = look.keymap.hint(Context::Confirm, Action::Yes);
        let no = look.keymap.hint(Context::Confirm, Action::No);
        let mut text: Vec<Line> = super::text::wrap(&self.message, inner_w).into_iter().map(Line::from).collect();
        text.extend([
            Line::from(""),
            Line::from(vec![Span::styled(yes, palette.accent), Span::raw(" yes   "), Span::styled(no, palette.accent), Span::raw(" no")]),
        ]);
        frame.render_widget(Paragraph::new(text).block(block).style(palette.base), popup);
    }
}
