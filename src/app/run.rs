//! The run loop: generic over the backend and the event source, it draws, blocks on the
//! next event (or a save deadline), calls `update`, and performs the effects with the store.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, Event};

use super::{App, Effect, Msg, SaveState, Session, View, update};
use crate::model::Step;
use crate::screen::home::{Panel, WorkshopRow};
use crate::store::{Lock, LockOutcome, Store};

/// What the loop waits for.
#[derive(Debug, Clone)]
pub enum Incoming {
    Event(Event),
    /// SIGTERM or SIGHUP: save and leave.
    Terminate,
    /// A deadline passed with no event.
    Timeout,
}

/// A source of events: the terminal in real runs, a script in tests.
pub trait EventSource {
    /// Blocks for the next event, at most `timeout` when given. `None` when the source has
    /// ended (a script ran out, or the terminal went away).
    fn next(&mut self, timeout: Option<Duration>) -> Option<Incoming>;
}

/// A script of events for tests: ends when empty.
impl EventSource for std::collections::VecDeque<Incoming> {
    fn next(&mut self, _timeout: Option<Duration>) -> Option<Incoming> {
        self.pop_front()
    }
}

/// Terminal events and termination signals merged into one channel: a reader thread
/// blocks on crossterm, a signal thread on SIGTERM/SIGHUP, so idle costs no CPU.
pub struct TerminalEvents {
    rx: Receiver<Incoming>,
}

impl TerminalEvents {
    pub fn start() -> std::io::Result<Self> {
        let (tx, rx) = mpsc::channel();
        let signal_tx = tx.clone();
        std::thread::spawn(move || {
            loop {
                let incoming = match event::read() {
                    Ok(e) => Incoming::Event(e),
                    Err(_) => Incoming::Terminate,
                };
                let last = matches!(incoming, Incoming::Terminate);
                if tx.send(incoming).is_err() || last {
                    break;
                }
            }
        });
        let mut signals = signal_hook::iterator::Signals::new([signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP])?;
        std::thread::spawn(move || {
            for _ in signals.forever() {
                if signal_tx.send(Incoming::Terminate).is_err() {
                    break;
                }
            }
        });
        Ok(Self { rx })
    }
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

/// The app, its store and its terminal, and the pending save.
pub struct Runtime<B: Backend> {
    pub app: App,
    pub store: Store,
    pub terminal: Terminal<B>,
    lock: Option<Lock>,
    save_due: Option<Instant>,
    /// How long after a change the save happens (changes in between are saved together).
    pub debounce: Duration,
    /// How many times the bell rang (tests read it).
    pub bells: u32,
    /// Whether the bell reaches the real terminal.
    pub ring_bell: bool,
}

impl<B: Backend> Runtime<B>
where
    B::Error: Send + Sync + 'static,
{
    pub fn new(app: App, store: Store, terminal: Terminal<B>) -> Self {
        let mut rt =
            Self { app, store, terminal, lock: None, save_due: None, debounce: Duration::from_millis(300), bells: 0, ring_bell: false };
        rt.refresh_home();
        rt
    }

    pub fn draw(&mut self) -> color_eyre::Result<()> {
        let app = &mut self.app;
        self.terminal.draw(|frame| {
            app.width = frame.area().width;
            crate::ui::draw(frame, app);
        })?;
        Ok(())
    }

    /// Handles one incoming event; returns whether the screen needs drawing.
    pub fn handle(&mut self, incoming: Incoming) -> bool {
        let msg = match incoming {
            Incoming::Timeout => {
                let mut redraw = false;
                if self.save_due.is_some_and(|d| d <= Instant::now()) {
                    self.save_now();
                    redraw = true;
                }
                if self.app.timer.is_running() {
                    if self.app.timer.should_ring(self.app.clock.now()) {
                        self.perform(Effect::Bell);
                    }
                    redraw = true;
                }
                return redraw;
            }
            Incoming::Terminate => {
                self.app.quit = true;
                return false;
            }
            Incoming::Event(Event::Key(key)) => {
                // Test hook (tests/pty.rs): a panic on demand, to prove the terminal is restored
                // and the work saved. Debug builds only; release builds never contain it.
                #[cfg(debug_assertions)]
                if let ratatui::crossterm::event::KeyCode::Char(c) = key.code
                    && std::env::var("QUARTERDECK_TEST_PANIC_ON").is_ok_and(|v| v.chars().eq([c]))
                {
                    panic!("test panic");
                }
                Msg::Key(key)
            }
            Incoming::Event(Event::Paste(text)) => Msg::Paste(text),
            Incoming::Event(Event::Mouse(m)) => Msg::Mouse(m),
            Incoming::Event(Event::Resize(width, _)) => Msg::Resize(width),
            Incoming::Event(_) => return false,
        };
        for effect in update(&mut self.app, msg) {
            self.perform(effect);
        }
        true
    }

    /// Saves now if anything is pending, releases the lock. Called on every way out.
    pub fn shutdown(&mut self) {
        self.save_now();
        self.lock = None;
    }

    /// Performs a pending save immediately (tests, quit, signals, the debounce deadline).
    pub fn save_now(&mut self) {
        self.save_due = None;
        let Some(session) = &self.app.session else { return };
        if !matches!(session.save, SaveState::Pending | SaveState::Failed(_)) || session.read_only.is_some() {
            return;
        }
        if let Some(target) = &session.proposal {
            let proposal = crate::model::proposal::Proposal::from_draft(&target.id, &target.author, target.created, &session.workshop);
            match crate::store::write_proposal(&target.path, &proposal) {
                Ok(()) => self.app.saved(self.app.clock.now()),
                Err(e) => self.app.save_failed(crate::model::text::clean_line(&e.to_string())),
            }
            return;
        }
        let Some(slug) = &session.slug else { return };
        match self.store.save(slug, &session.workshop) {
            // The app's clock says when, so tests can fix it.
            Ok(_) => self.app.saved(self.app.clock.now()),
            Err(e) => self.app.save_failed(crate::model::text::clean_line(&e.to_string())),
        }
    }

    /// When the loop should wake up with no event: the save deadline, or the next second
    /// of a running timer. `None` (sleep until an event) when neither is pending.
    pub fn deadline(&self) -> Option<Duration> {
        let save = self.save_due.map(|d| d.saturating_duration_since(Instant::now()));
        let tick = self.app.timer.next_tick(self.app.clock.now());
        match (save, tick) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn perform(&mut self, effect: Effect) {
        match effect {
            Effect::Save => {
                if self.debounce.is_zero() {
                    self.save_now();
                } else {
                    self.save_due.get_or_insert_with(|| Instant::now() + self.debounce);
                }
            }
            Effect::Quit => {
                self.save_now();
                self.app.quit = true;
            }
            Effect::Open { slug, step } => self.open(&slug, step),
            Effect::Close => {
                self.save_now();
                if let Some(SaveState::Failed(reason)) = self.app.session.as_ref().map(|s| s.save.clone()) {
                    self.app.error(format!("cannot leave: changes are NOT SAVED ({reason})"));
                    return;
                }
                self.lock = None;
                let slug = self.app.session.take().and_then(|s| s.slug);
                self.app.view = View::Home;
                self.refresh_home();
                if let Some(slug) = slug {
                    self.select(&slug);
                }
            }
            Effect::Create(workshop) => match self.store.create(&workshop) {
                Ok(slug) => self.open(&slug, None),
                Err(e) => self.app.error(e.to_string()),
            },
            Effect::Rename { slug, name } => {
                if self.held_elsewhere(&slug) {
                    return;
                }
                match self.store.rename(&slug, &name) {
                    Ok(new) => {
                        self.refresh_home();
                        self.select(&new);
                        self.app.info(format!("renamed to {name}"));
                    }
                    Err(e) => self.app.error(e.to_string()),
                }
            }
            Effect::CarryOver { slug, name } => {
                let created = self.store.load(&slug).map(|w| w.carry_over(&name, self.app.clock.now())).and_then(|w| self.store.create(&w));
                match created {
                    Ok(new) => {
                        self.refresh_home();
                        self.select(&new);
                        self.app.info(format!("carried over into {name}: objectives, key results and themes"));
                    }
                    Err(e) => self.app.error(e.to_string()),
                }
            }
            Effect::Delete(slug) => {
                if self.held_elsewhere(&slug) {
                    return;
                }
                match self.store.delete(&slug) {
                    Ok(()) => {
                        self.refresh_home();
                        self.app.info(format!("moved {slug} to the trash (t shows it)"));
                    }
                    Err(e) => self.app.error(e.to_string()),
                }
            }
            Effect::LoadTrash => {
                self.app.home.panel = Panel::Trash { entries: self.store.trash(), cursor: super::ListCursor::default() };
            }
            Effect::Restore(path) => match self.store.restore(&path) {
                Ok(slug) => {
                    self.app.home.panel = Panel::Workshops;
                    self.refresh_home();
                    self.select(&slug);
                    self.app.info(format!("restored {slug} from the trash"));
                }
                Err(e) => self.app.error(e.to_string()),
            },
            Effect::LoadBackups(slug) => {
                let entries = self.store.backups(&slug);
                self.app.home.panel = Panel::Backups { slug, entries, cursor: super::ListCursor::default() };
            }
            Effect::RestoreBackup { slug, path } => {
                if self.held_elsewhere(&slug) {
                    return;
                }
                match self.store.restore_backup(&slug, &path) {
                    Ok(()) => {
                        self.app.home.panel = Panel::Workshops;
                        self.refresh_home();
                        self.select(&slug);
                        self.app.info(format!("restored {slug} from its backup; the replaced file was kept aside"));
                    }
                    Err(e) => self.app.error(e.to_string()),
                }
            }
            Effect::CompletePath(typed) => {
                let home = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
                let matches = crate::ui::prompt::complete(&typed, home.as_deref());
                if let Some(super::Overlay::PathPrompt(prompt)) = &mut self.app.overlay {
                    prompt.completed(matches);
                }
            }
            Effect::Import { path, format } => self.import(&path, format),
            Effect::Export { format, what, path } => {
                let Some(session) = &self.app.session else { return };
                let text =
                    crate::cli::export_text(&session.workshop, format, what, crate::export::MarkdownSections::ALL, self.app.clock.today());
                let path = expand_home(&path);
                match crate::cli::write_export(&path, &text) {
                    Ok(()) => self.app.info(format!("exported to {}", path.display())),
                    Err(e) => self.app.error(e.to_string()),
                }
            }
            Effect::MergeProposals(path) => self.merge_proposals(&expand_home(&path)),
            Effect::Bell => {
                self.bells += 1;
                if self.ring_bell {
                    use std::io::Write as _;
                    let mut out = std::io::stdout();
                    let _ = out.write_all(b"\x07").and_then(|()| out.flush());
                }
            }
        }
    }

    /// Merges every proposal file at `path` into the open workshop, as one undoable change.
    fn merge_proposals(&mut self, path: &std::path::Path) {
        let files = match crate::store::proposal_files(path) {
            Ok(files) if files.is_empty() => Err(format!("{} holds no proposal files", path.display())),
            other => other,
        };
        let proposals: Result<Vec<(String, crate::model::proposal::Proposal)>, String> = files.and_then(|files| {
            files
                .iter()
                .map(|f| {
                    let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                    crate::store::read_proposal(f).map(|p| (name, p))
                })
                .collect()
        });
        let proposals = match proposals {
            Ok(p) => p,
            Err(message) => return crate::screen::backlog::prompt_failed(&mut self.app, crate::model::text::clean_line(&message)),
        };
        let today = self.app.clock.today();
        let mut summaries = Vec::new();
        let effects = self.app.change("merge proposals", |w| {
            for (name, proposal) in &proposals {
                summaries.push(w.merge_proposal(proposal, name, today).summary(name));
            }
        });
        if summaries.is_empty() {
            return;
        }
        crate::screen::backlog::imported(&mut self.app, Step::Brainstorm, summaries.join("; "));
        for effect in effects {
            self.perform(effect);
        }
    }

    /// Reads a backlog file and imports it into the open workshop (one undoable change).
    fn import(&mut self, path: &std::path::Path, format: Option<crate::import::Format>) {
        match crate::import::read_and_import(&expand_home(path), format) {
            Err(message) => crate::screen::backlog::prompt_failed(&mut self.app, message),
            Ok((file, imported)) => {
                let mut report = None;
                let effects = self.app.change("import", |w| report = Some(w.import_backlog(imported, &file)));
                let Some(report) = report else { return };
                let summary = report.summary(&file);
                crate::screen::backlog::imported(&mut self.app, Step::Backlog, summary);
                for effect in effects {
                    self.perform(effect);
                }
            }
        }
    }

    /// True (with a message) when another instance holds the workshop.
    fn held_elsewhere(&mut self, slug: &str) -> bool {
        match self.store.lock(slug) {
            Ok(LockOutcome::HeldBy(holder)) => {
                self.app.error(format!("{slug} is open in another Quarterdeck ({holder}); close it there first"));
                true
            }
            _ => false,
        }
    }

    /// Opens a workshop by its file name: takes the lock, or opens read-only if another
    /// instance holds it.
    pub fn open(&mut self, slug: &str, step: Option<Step>) {
        self.save_now();
        self.lock = None;
        let workshop = match self.store.load(slug) {
            Ok(w) => w,
            Err(e) => {
                self.app.error(e.to_string());
                self.refresh_home();
                return;
            }
        };
        let read_only = match self.store.lock(slug) {
            Ok(LockOutcome::Acquired(lock)) => {
                self.lock = Some(lock);
                None
            }
            Ok(LockOutcome::HeldBy(holder)) => Some(holder),
            Err(e) => Some(format!("its lock file could not be taken: {e}")),
        };
        let modified = match self.app.clock {
            // A fixed clock (tests) fixes every time the app shows.
            super::Clock::Fixed(now) => Some(now),
            super::Clock::System => {
                std::fs::metadata(self.store.path_of(slug)).and_then(|m| m.modified()).ok().and_then(|t| Timestamp::try_from(t).ok())
            }
        };
        let session = Session::new(workshop, Some(slug.to_string()), read_only, modified);
        self.app.opened(session, step);
        // Record the step opened on, so home shows where the team is.
        if let Some(s) = &mut self.app.session
            && step.is_some()
            && s.read_only.is_none()
        {
            s.save = SaveState::Pending;
            self.perform(Effect::Save);
        }
    }

    /// Opens a proposal draft: the brainstorm screen alone, saved to `target.path`.
    pub fn draft(&mut self, draft: crate::model::Workshop, target: super::ProposalTarget) {
        let author = draft.participants.first().map(|p| p.id);
        let mut session = Session::new(draft, None, None, Some(self.app.clock.now()));
        session.save = SaveState::Saved(self.app.clock.now());
        session.last_capture.author = author;
        session.proposal = Some(target);
        self.app.opened(session, Some(Step::Brainstorm));
        self.app.info("draft your initiatives: a to add, Enter to edit; every change is saved to the proposal file");
    }

    pub fn refresh_home(&mut self) {
        self.app.home.rows = self.store.list().into_iter().map(WorkshopRow::from).collect();
        let len = self.app.home.rows.len();
        self.app.home.cursor.selected = self.app.home.cursor.selected.min(len.saturating_sub(1));
    }

    fn select(&mut self, slug: &str) {
        if let Some(i) = self.app.home.rows.iter().position(|r| r.slug == slug) {
            self.app.home.cursor.selected = i;
        }
    }
}

/// `~/x` as the home folder's `x`.
fn expand_home(path: &std::path::Path) -> std::path::PathBuf {
    let home = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
    match (path.to_str().and_then(|p| p.strip_prefix("~/")), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => path.to_path_buf(),
    }
}

/// Draws, then blocks on events until the app quits or the source ends; saves on the way
/// out whatever happens.
pub fn run<B: Backend, E: EventSource>(rt: &mut Runtime<B>, events: &mut E) -> color_eyre::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    let result = (|| {
        rt.draw()?;
        while !rt.app.quit {
            let Some(incoming) = events.next(rt.deadline()) else { break };
            if rt.handle(incoming) && !rt.app.quit {
                rt.draw()?;
            }
        }
        Ok(())
    })();
    rt.shutdown();
    result
}
