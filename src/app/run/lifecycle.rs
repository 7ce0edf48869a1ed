//! How the run ends and pauses: suspended and continued (Ctrl-Z, SIGTSTP, SIGCONT), the
//! rescue copy when saves still fail at exit, and the status line shown before long work.

use ratatui::backend::Backend;

use super::{Runtime, expand_home};
use crate::document::SaveState;
use crate::effect::Effect;
use crate::model::text::clean_line;

impl<B: Backend> Runtime<B>
where
    B::Error: Send + Sync + 'static,
{
    /// Ctrl-Z or SIGTSTP: what is pending is saved (a stopped program may never be
    /// continued), the terminal is given back and the process stops; once continued, the
    /// terminal is taken again and the screen drawn afresh.
    pub fn suspend(&mut self) {
        self.save_now();
        self.suspends += 1;
        if let Some(stop) = self.stop_hook {
            stop();
        }
        self.resumed();
    }

    /// After a stop (ours, or an outside SIGSTOP): raw mode again and a full redraw, so keys
    /// act at once and nothing of the shell's screen is left.
    pub fn resumed(&mut self) {
        if let Some(resume) = self.resume_hook {
            resume();
        }
        // A full repaint on the next draw. (`Terminal::clear` would ask the terminal where
        // its cursor is first, a question the event reader thread would take the answer to.)
        if let Ok(size) = self.terminal.size() {
            let _ = self.terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height));
        }
    }

    /// Shows home: the workshops in the folder.
    pub fn home(&mut self) {
        self.perform_all(vec![Effect::List { select: None }]);
    }

    /// Work that can take a while (a large import or export) says so on the status line
    /// before it starts, so the screen never looks frozen.
    pub(super) fn show_long_work(&mut self, effect: &Effect) {
        const LARGE_FILE: u64 = 1024 * 1024;
        const LARGE_BACKLOG: usize = 10_000;
        let line = match effect {
            Effect::ReadBacklog { path, .. } => std::fs::metadata(expand_home(path))
                .ok()
                .filter(|m| m.len() >= LARGE_FILE)
                .map(|m| format!("importing {} ({} MB)…", clean_line(&path.display().to_string()), m.len().div_ceil(LARGE_FILE))),
            Effect::Export { path, .. } if self.app.doc.as_ref().is_some_and(|d| d.workshop().backlog.items.len() >= LARGE_BACKLOG) => {
                Some(format!("exporting to {}…", clean_line(&path.display().to_string())))
            }
            _ => None,
        };
        if let Some(line) = line {
            self.app.info(line);
            let _ = self.draw();
        }
    }

    /// Leaving while saves fail: the work is written to a rescue folder outside the data
    /// folder (see `store::rescue`), so closing the terminal never loses it.
    pub(super) fn rescue_if_not_saved(&mut self) {
        let Some(doc) = self.app.doc.as_ref().filter(|d| matches!(d.save, SaveState::Failed(_))) else { return };
        let Some(slug) = doc.slug.as_deref() else { return };
        self.rescued = self.store.rescue(slug, doc.workshop(), self.app.clock.now()).ok();
    }
}
