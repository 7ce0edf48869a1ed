//! The `?` overlay: every key of the focused screen, generated from the keymap table that
//! dispatches them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::form::centered;
use super::theme::Palette;
use crate::keymap::{Context, Keymap};

pub fn render(frame: &mut Frame, area: Rect, keymap: &Keymap, context: Context, scroll: u16, palette: &Palette) {
    let bindings = keymap.help(context);
    let key_w = bindings.iter().map(|b| b.keys_label().chars().count()).max().unwrap_or(0).min(24);
    let lines: Vec<Line> = bindings
        .iter()
        .map(|b| {
            Line::from(vec![Span::styled(format!(" {:>key_w$}  ", b.keys_label()), palette.accent), Span::raw(b.action.description())])
        })
        .collect();
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = centered(area, 60, height);
    frame.render_widget(Clear, popup);
    let close = keymap.hint(Context::Help, crate::action::Action::Back);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(palette.accent)
        .title(Span::styled(format!(" Keys here · {close} closes "), palette.title));
    let max_scroll = (lines.len() as u16).saturating_sub(height.saturating_sub(2));
    frame.render_widget(Paragraph::new(lines).block(block).style(palette.base).scroll((scroll.min(max_scroll), 0)), popup);
}
