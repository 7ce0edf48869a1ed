//! Drawing primitives every screen shares: forms, lists, pickers, prompts, confirmations,
//! help, present mode's large text, themes and width-aware text. Nothing here knows which
//! screen it is on; the frame around the screens is drawn by `app`.

pub mod confirm;
pub mod form;
pub mod help;
pub mod list;
pub mod merge_record;
pub mod picker;
pub mod present;
pub mod prompt;
pub mod text;
pub mod theme;

use crate::keymap::Keymap;
use crate::model::Clock;
use theme::Palette;

/// The smallest terminal every screen is designed for.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;

/// What a screen needs to draw itself besides its state: the colours, the keymap (every key
/// named on screen comes from it), the clock and whether present mode is on.
#[derive(Debug, Clone, Copy)]
pub struct Look<'a> {
    pub palette: &'a Palette,
    pub keymap: &'a Keymap,
    pub clock: Clock,
    pub present: bool,
}

/// A one-line message in the status bar, until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

impl Message {
    pub fn info(text: impl Into<String>) -> Self {
        Self { text: text.into(), error: false }
    }

    pub fn error(text: impl Into<String>) -> Self {
        Self { text: text.into(), error: true }
    }
}

/// Key hints in one line, `key what` each, as many as fit (the footer of the app and of a
/// participant's seat).
pub fn key_hints(frame: &mut ratatui::Frame, area: ratatui::layout::Rect, bindings: &[&crate::keymap::Binding], palette: &Palette) {
    use ratatui::text::{Line, Span};
    use unicode_width::UnicodeWidthStr;
    let mut spans = Vec::new();
    let mut used = 0;
    for b in bindings {
        let keys = b.keys.first().map(|k| k.label()).unwrap_or_default();
        let piece = format!(" {keys} {} ", b.action.description());
        let w = piece.width() + 1;
        if used + w > area.width as usize {
            break;
        }
        used += w;
        spans.push(Span::styled(format!(" {keys}"), palette.accent));
        spans.push(Span::styled(format!(" {} ", b.action.description()), palette.muted));
        spans.push(Span::raw(" "));
    }
    frame.render_widget(ratatui::widgets::Paragraph::new(Line::from(spans)).style(palette.base), area);
}

/// Clears the frame to the palette's background; below the usable minimum, says so and
/// returns true (nothing else should be drawn then).
pub fn blank_or_too_small(frame: &mut ratatui::Frame, palette: &Palette) -> bool {
    use ratatui::widgets::{Block, Paragraph, Wrap};
    let area = frame.area();
    frame.render_widget(Block::new().style(palette.base), area);
    if area.width >= MIN_WIDTH && area.height >= MIN_HEIGHT {
        return false;
    }
    let text = format!("terminal too small: needs at least {MIN_WIDTH}x{MIN_HEIGHT} (now {}x{})", area.width, area.height);
    frame.render_widget(Paragraph::new(text).style(palette.warn).wrap(Wrap { trim: true }), area);
    true
}
