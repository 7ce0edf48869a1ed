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
