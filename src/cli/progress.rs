//! Progress on long work at the command line: an import, merge or export that takes more
//! than a moment shows a spinner on standard error with what it is doing and for how long,
//! when standard error is a terminal (never in a pipe, a log or cron's mail).

use std::io::IsTerminal as _;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Work shorter than this shows nothing (a spinner that flashes is noise).
const QUIET_FOR: Duration = Duration::from_millis(300);

/// A spinner for the work under way; cleared when dropped (done, or failed).
pub(super) struct Working(Option<ProgressBar>);

/// Starts showing `what` ("importing jira.csv (60 MB)") once the work has taken 300 ms.
pub(super) fn working(what: &str) -> Working {
    if !std::io::stderr().is_terminal() {
        return Working(None);
    }
    let style = ProgressStyle::with_template("{spinner} {msg} {elapsed}").unwrap_or_else(|_| ProgressStyle::default_spinner());
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden()).with_style(style).with_message(what.to_string());
    let shown = bar.clone();
    std::thread::spawn(move || {
        std::thread::sleep(QUIET_FOR);
        if !shown.is_finished() {
            shown.set_draw_target(ProgressDrawTarget::stderr());
            shown.enable_steady_tick(Duration::from_millis(100));
        }
    });
    Working(Some(bar))
}

/// `jira.csv (60 MB)`, or just the name when its size is unknown or small.
pub(super) fn sized(path: &std::path::Path) -> String {
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    match std::fs::metadata(path).map(|m| m.len()) {
        Ok(len) if len >= 1024 * 1024 => format!("{} ({} MB)", crate::model::text::clean_line(&name), len.div_ceil(1024 * 1024)),
        _ => crate::model::text::clean_line(&name),
    }
}

impl Drop for Working {
    fn drop(&mut self) {
        if let Some(bar) = self.0.take() {
            bar.finish_and_clear();
        }
    }
}
