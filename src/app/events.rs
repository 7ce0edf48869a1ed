//! Where the run loop's events come from: the terminal, termination signals and the data
//! folder's file-system watch, merged into one channel in real runs; a script in tests.

use std::collections::VecDeque;
use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use ratatui::crossterm::event::{self, Event};

use signal_hook::consts::{SIGALRM, SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGUSR1, SIGUSR2};

/// The signals that end the program, each after saving and restoring the terminal. (SIGKILL
/// and SIGSTOP cannot be caught; the durable saves are what protect the work then.)
const ENDING: &[i32] = &[SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM];

/// What the loop waits for.
#[derive(Debug, Clone)]
pub enum Incoming {
    Event(Event),
    /// A signal that ends the program (SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1/2,
    /// SIGALRM; its number), or the terminal went away (`None`): save and leave.
    Terminate(Option<i32>),
    /// SIGTSTP (`kill -TSTP`, or Ctrl-Z where the terminal sends it): give the terminal
    /// back and stop until continued.
    Suspend,
    /// SIGCONT: the program was continued after a stop; take the terminal again and redraw.
    Resumed,
    /// Files in the data folder changed (written by another program, or by this one).
    FilesChanged(Vec<std::path::PathBuf>),
    /// A save written on the worker thread finished (see `saver`).
    SaveFinished,
    /// A deadline passed with no event.
    Timeout,
    /// Something from the room's SSH side: a participant joined, typed, resized, left.
    Room(super::room::RoomEvent),
}

/// A source of events: the terminal in real runs, a script in tests.
pub trait EventSource {
    /// Blocks for the next event, at most `timeout` when given. `None` when the source has
    /// ended (a script ran out, or the terminal went away).
    fn next(&mut self, timeout: Option<Duration>) -> Option<Incoming>;
}

/// A script of events for tests: ends when empty.
impl EventSource for VecDeque<Incoming> {
    fn next(&mut self, _timeout: Option<Duration>) -> Option<Incoming> {
        self.pop_front()
    }
}

/// Terminal events, termination signals and changes in the data folder merged into one
/// channel: a reader thread blocks on crossterm, a signal thread on SIGTERM/SIGHUP, the
/// file-system watch (inotify and its kin) wakes only when a file changes, so idle costs
/// no CPU.
pub struct TerminalEvents {
    rx: Receiver<Incoming>,
    /// For other threads that wake the loop (the saver).
    tx: mpsc::Sender<Incoming>,
    /// Kept alive for as long as the events are read; `None` where watching is impossible
    /// (then changes on disk are still merged at the next save).
    _watch: Option<notify::RecommendedWatcher>,
}

impl TerminalEvents {
    /// Starts reading the terminal, the signals and (when given) the data folder.
    pub fn start(watch: Option<&Path>) -> std::io::Result<Self> {
        let (tx, rx) = mpsc::channel();
        let signal_tx = tx.clone();
        let waker = tx.clone();
        let watch = watch.and_then(|dir| watch_folder(dir, tx.clone()));
        std::thread::spawn(move || {
            loop {
                let incoming = match event::read() {
                    Ok(e) => Incoming::Event(e),
                    Err(_) => Incoming::Terminate(None),
                };
                let last = matches!(incoming, Incoming::Terminate(_));
                if tx.send(incoming).is_err() || last {
                    break;
                }
            }
        });
        let mut signals = signal_hook::iterator::Signals::new(ENDING.iter().chain(&[SIGTSTP, SIGCONT]))?;
        std::thread::spawn(move || {
            for signal in signals.forever() {
                let incoming = match signal {
                    SIGTSTP => Incoming::Suspend,
                    SIGCONT => Incoming::Resumed,
                    ending => Incoming::Terminate(Some(ending)),
                };
                if signal_tx.send(incoming).is_err() {
                    break;
                }
            }
        });
        Ok(Self { rx, tx: waker, _watch: watch })
    }
}

impl TerminalEvents {
    /// A sender that wakes the loop with an event of its own (a finished save).
    pub fn waker(&self) -> mpsc::Sender<Incoming> {
        self.tx.clone()
    }
}

/// Watches the data folder (not its subfolders) for workshop files that change.
fn watch_folder(dir: &Path, tx: mpsc::Sender<Incoming>) -> Option<notify::RecommendedWatcher> {
    use notify::Watcher as _;
    let handler = move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        if matches!(event.kind, notify::EventKind::Access(_)) {
            return;
        }
        let paths: Vec<std::path::PathBuf> = event.paths.into_iter().filter(|p| is_workshop_file(p)).collect();
        if !paths.is_empty() {
            let _ = tx.send(Incoming::FilesChanged(paths));
        }
    };
    let mut watcher = notify::recommended_watcher(handler).ok()?;
    watcher.watch(dir, notify::RecursiveMode::NonRecursive).ok()?;
    Some(watcher)
}

/// `name.json`, not a hidden or temporary file.
fn is_workshop_file(path: &Path) -> bool {
    let hidden = path.file_name().and_then(|n| n.to_str()).is_none_or(|n| n.starts_with('.'));
    !hidden && path.extension().is_some_and(|e| e == "json")
}

impl EventSource for TerminalEvents {
    fn next(&mut self, timeout: Option<Duration>) -> Option<Incoming> {
        match timeout {
            None => self.rx.recv().ok(),
            Some(t) => match self.rx.recv_timeout(t) {
                Ok(i) => Some(i),
                Err(RecvTimeoutError::Timeout) => Some(Incoming::Timeout),
                Err(RecvTimeoutError::Disconnected) => None,
            },
        }
    }
}
