//! The run loop: generic over the backend and the event source, it draws, blocks on the
//! next event (or a save deadline, or the timer's next second), calls `update`, performs
//! the effects it returns with the store and sends each result back as a message. It only
//! reads the app; every change to it is made by `update`.

use std::collections::VecDeque;
use std::path::Path;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::Event;

pub use super::events::{EventSource, Incoming, TerminalEvents};

mod lifecycle;
pub mod room;
mod saving;
use super::saver::Saver;
use super::{App, update};
use crate::document::Document;
use crate::effect::{Effect, Msg, Opened};
use crate::model::Step;
use crate::model::text::clean_line;
use crate::store::Store;
use saving::AfterFlight;

/// How long after the first sign of a change on disk the file is read: long enough for a
/// `git pull` or a save to finish writing, short enough to feel immediate.
const SYNC_DELAY: Duration = Duration::from_millis(150);

/// The longest a change waits for its save while changes keep coming (each change moves
/// the save to a pause after it, but never further than this from the first unsaved one).
const MAX_SAVE_WAIT: Duration = Duration::from_secs(2);

/// The app, its store and its terminal, the lock of the open workshop and the pending save.
pub struct Runtime<B: Backend> {
    pub app: App,
    pub store: Store,
    pub terminal: Terminal<B>,
    save_due: Option<Instant>,
    /// When the first change not yet handed to a save was made.
    first_unsaved: Option<Instant>,
    /// Writes saves on a worker thread (real runs); `None` saves inline (tests).
    saver: Option<Saver>,
    /// The save deadline came, or the file changed on disk, while a save was in flight:
    /// done once it lands.
    after_flight: AfterFlight,
    /// When to look at the files that changed on disk (changes come in bursts: a `git
    /// pull` writes several, a save renames a temporary file).
    sync_due: Option<Instant>,
    /// How long after a change the save happens (changes in between are saved together).
    pub debounce: Duration,
    /// How many times the bell rang (tests read it).
    pub bells: u32,
    /// Whether the bell reaches the real terminal.
    pub ring_bell: bool,
    /// The app asked to quit (or a signal did): the loop ends.
    pub quit: bool,
    /// The signal that ended the loop, if one did (the exit status is 128 + it).
    pub ended_by: Option<i32>,
    /// Gives the terminal back and stops the process until it is continued (real runs; in
    /// tests `None`, and suspending only counts).
    pub stop_hook: Option<fn()>,
    /// Takes the terminal again after a stop (raw mode, alternate screen, mouse).
    pub resume_hook: Option<fn()>,
    /// Where the work went when saves were still failing at exit.
    pub rescued: Option<std::path::PathBuf>,
    /// How many times the app was suspended (tests read it).
    pub suspends: u32,
    /// The terminals of the room's participants, when the workshop is hosted.
    seats: room::SeatTerminals,
}

impl<B: Backend> Runtime<B>
where
    B::Error: Send + Sync + 'static,
{
    /// The run loop for `app`. Nothing is read yet: [`Runtime::home`] lists the folder,
    /// [`Runtime::open`] reads one workshop (and only it).
    pub fn new(app: App, store: Store, terminal: Terminal<B>) -> Self {
        Self {
            app,
            store,
            terminal,
            save_due: None,
            first_unsaved: None,
            saver: None,
            after_flight: AfterFlight::default(),
            sync_due: None,
            debounce: Duration::from_millis(300),
            bells: 0,
            ring_bell: false,
            quit: false,
            ended_by: None,
            stop_hook: None,
            resume_hook: None,
            suspends: 0,
            rescued: None,
            seats: room::SeatTerminals::default(),
        }
    }

    /// Writes saves on a worker thread from now on; `wake` tells the loop when one lands.
    pub fn save_in_background(&mut self, wake: std::sync::mpsc::Sender<Incoming>) {
        self.saver = Some(Saver::start(self.store.clone(), wake));
    }

    pub fn draw(&mut self) -> color_eyre::Result<()> {
        let app = &self.app;
        let mut width = 0;
        self.terminal.draw(|frame| {
            width = frame.area().width;
            super::draw::draw(frame, app);
        })?;
        if width != self.app.width {
            self.send(Msg::Resize(width));
        }
        self.draw_seats();
        Ok(())
    }

    /// Handles one incoming event; returns whether the screen needs drawing.
    pub fn handle(&mut self, incoming: Incoming) -> bool {
        let msg = match incoming {
            Incoming::Timeout => {
                let mut redraw = false;
                if self.save_due.is_some_and(|d| d <= Instant::now()) {
                    self.save_soon();
                    redraw = true;
                }
                if self.sync_due.is_some_and(|d| d <= Instant::now()) {
                    self.sync_now();
                    redraw = true;
                }
                if self.app.timer.is_running() {
                    self.send(Msg::Tick);
                    redraw = true;
                }
                return redraw;
            }
            Incoming::Terminate(signal) => {
                self.quit = true;
                self.ended_by = signal;
                return false;
            }
            Incoming::Suspend => {
                self.suspend();
                return true;
            }
            Incoming::Resumed => {
                self.resumed();
                return true;
            }
            Incoming::FilesChanged(paths) => return self.files_changed(&paths),
            Incoming::SaveFinished => return self.save_landed(),
            Incoming::Room(event) => return self.room_event(event),
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
        self.send(msg);
        true
    }

    /// Hands a message to `update` and performs what it asks, until nothing is left.
    pub fn send(&mut self, msg: Msg) {
        let effects = update(&mut self.app, msg);
        self.perform_all(effects);
    }

    /// Performs effects, handing each result to `update` (which may ask for more).
    pub fn perform_all(&mut self, effects: Vec<Effect>) {
        let mut queue: VecDeque<Effect> = effects.into();
        while let Some(effect) = queue.pop_front() {
            for msg in self.perform(effect) {
                queue.extend(update(&mut self.app, msg));
            }
        }
    }

    /// Opens a workshop by its file name (the command line and tests start this way).
    pub fn open(&mut self, slug: &str, step: Option<Step>) {
        self.perform_all(vec![Effect::Open { slug: slug.to_string(), step }]);
    }

    /// Saves now if anything is pending, remembers what the person was looking at,
    /// releases the lock. Called on every way out.
    pub fn shutdown(&mut self) {
        self.wait_for_save();
        self.save_now();
        self.rescue_if_not_saved();
        self.keep_views();
        self.close_room();
    }

    /// Files changed in the data folder: the open workshop's is looked at shortly (the
    /// change may come in several steps), home's list is read again, and the workshops the
    /// open one depends on are read again at once.
    fn files_changed(&mut self, paths: &[std::path::PathBuf]) -> bool {
        let open = self.app.doc.as_ref().and_then(|d| d.slug.as_deref()).map(|slug| self.store.path_of(slug));
        let ours = open.is_some_and(|open| paths.contains(&open));
        let home = self.app.doc.is_none();
        // A workshop the open one depends on changed: how its key results stand is read
        // again at once, so "blocked by" shows when the other team goes off track.
        let peers = self.app.doc.as_ref().filter(|d| !d.drafting()).map(|d| d.workshop().dependency_slugs()).unwrap_or_default();
        let peers_changed = peers.iter().any(|slug| paths.contains(&self.store.path_of(slug)));
        if peers_changed {
            self.perform_all(vec![Effect::LoadPeers { only: Some(peers) }]);
        }
        if !ours && !home {
            return peers_changed;
        }
        if self.debounce.is_zero() {
            self.sync_now();
            return true;
        }
        self.sync_due.get_or_insert_with(|| Instant::now() + SYNC_DELAY);
        false
    }

    /// Looks at what changed on disk: the open workshop's file is read and merged when
    /// another writer changed it; home's list is refreshed.
    pub fn sync_now(&mut self) {
        self.sync_due = None;
        if self.saver.as_ref().is_some_and(Saver::in_flight) {
            // What the save finds on disk is merged by the save; anything written after
            // it is looked at once it lands.
            self.after_flight.sync = true;
            return;
        }
        let Some(doc) = &self.app.doc else {
            let select = self.app.selected_listing();
            self.perform_all(vec![Effect::List { select }]);
            return;
        };
        let (Some(slug), Some(base)) = (doc.slug.as_deref(), doc.base()) else { return };
        if !self.store.changed_since(slug, base) {
            return;
        }
        match self.store.read(slug) {
            Ok(on_disk) => self.send(Msg::DiskChanged(Box::new(on_disk))),
            // Gone: removed, or renamed, or in the middle of a checkout. The next save
            // writes it again; nothing here is lost.
            Err(crate::store::StoreError::NotFound { .. }) => {}
            Err(e) => self.send(Msg::DiskUnreadable(format!("{e}; your changes are kept here and saved once it can be read"))),
        }
    }

    /// Writes what the person is looking at to their own state file (never the workshop).
    fn keep_views(&self) {
        if let Some((slug, views)) = self.app.views() {
            let _ = self.store.save_views(&slug, views);
        }
    }

    /// When the loop should wake up with no event: the save deadline, or the next second
    /// of a running timer. `None` (sleep until an event) when neither is pending.
    pub fn deadline(&self) -> Option<Duration> {
        let save = [self.save_due, self.sync_due].into_iter().flatten().min().map(|d| d.saturating_duration_since(Instant::now()));
        let tick = self.app.timer.next_tick(self.app.clock.now());
        match (save, tick) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Does one effect; what came of it, as messages for `update`.
    fn perform(&mut self, effect: Effect) -> Vec<Msg> {
        self.show_long_work(&effect);
        match effect {
            Effect::Save => {
                if self.debounce.is_zero() {
                    return self.save().into_iter().collect();
                }
                let now = Instant::now();
                let first = *self.first_unsaved.get_or_insert(now);
                self.save_due = Some((now + self.debounce).min(first + MAX_SAVE_WAIT));
                vec![]
            }
            Effect::SaveProposalAs(path) => self.save_proposal_as(path),
            Effect::Suspend => {
                self.suspend();
                vec![]
            }
            Effect::CloseSeat { session, why } => {
                self.close_seat(session, &why);
                vec![]
            }
            Effect::Quit => {
                self.quit = true;
                self.save().into_iter().collect()
            }
            Effect::List { select } => vec![Msg::Listed { listings: self.store.list(), select }],
            Effect::Open { slug, step } => self.open_file(&slug, step),
            Effect::Close => self.close(),
            Effect::Create { workshop, step } => match self.store.create(&workshop) {
                Ok(slug) => self.open_file(&slug, step),
                Err(e) => vec![Msg::Failed(e.to_string())],
            },
            Effect::Bell => {
                self.bells += 1;
                if self.ring_bell {
                    use std::io::Write as _;
                    let mut out = std::io::stdout();
                    let _ = out.write_all(b"\x07").and_then(|()| out.flush());
                }
                vec![]
            }
            Effect::CompletePath(typed) => {
                let home = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
                vec![Msg::PathsCompleted(crate::ui::prompt::complete(&typed, home.as_deref()))]
            }
            Effect::ReadBacklog { path, format } => match crate::import::read_and_import(&expand_home(&path), format) {
                Ok((file, items)) => vec![Msg::BacklogRead { file, items }],
                Err(message) => vec![Msg::Failed(message)],
            },
            Effect::ReadProposals(path) => vec![read_proposals(&expand_home(&path))],
            Effect::LoadPeers { only } => {
                let except = self.app.doc.as_ref().and_then(|d| d.slug.clone());
                vec![Msg::PeersLoaded(self.store.peers(except.as_deref(), only.as_deref(), self.app.clock.today()))]
            }
            Effect::WriteFile { path, text } => {
                let path = expand_home(&path);
                match crate::store::write_export(&path, &text) {
                    Ok(()) => vec![Msg::Exported(path)],
                    Err(e) => vec![Msg::Failed(e)],
                }
            }
            Effect::Export { format, what, sections, path } => {
                let Some(doc) = &self.app.doc else { return vec![] };
                let w = doc.workshop();
                let text = crate::export::export_text(w, format, what, sections, self.app.clock.today());
                let path = expand_home(&path);
                match crate::store::write_export(&path, &text) {
                    Ok(()) => vec![Msg::Exported(path)],
                    Err(e) => vec![Msg::Failed(e)],
                }
            }
            other => self.perform_on_files(other),
        }
    }

    /// The effects of home: files renamed, carried over, deleted, restored.
    fn perform_on_files(&mut self, effect: Effect) -> Vec<Msg> {
        let result = match effect {
            Effect::Rename { slug, name } => {
                self.store.rename(&slug, &name).map(|slug| Msg::Renamed { slug, name }).map_err(|e| e.to_string())
            }
            Effect::CarryOver { slug, name } => {
                let now = self.app.clock.now();
                self.store
                    .load(&slug)
                    .map(|w| w.carry_over(&name, now))
                    .and_then(|w| self.store.create(&w))
                    .map(|slug| Msg::CarriedOver { slug, name })
                    .map_err(|e| e.to_string())
            }
            Effect::Delete(slug) => self.store.delete(&slug).map(|()| Msg::Deleted(slug)).map_err(|e| e.to_string()),
            Effect::LoadTrash => Ok(Msg::TrashLoaded(self.store.trash())),
            Effect::DeclineNewerCopy(copy) => match self.store.decline_newer_copy(&copy) {
                Ok(_) => return vec![],
                Err(e) => Err(e.to_string()),
            },
            Effect::Restore(path) => self.store.restore(&path).map(Msg::Restored).map_err(|e| e.to_string()),
            Effect::LoadBackups(slug) => Ok(Msg::BackupsLoaded { entries: self.store.backups(&slug), slug }),
            Effect::RestoreBackup { slug, path } => {
                self.store.restore_backup(&slug, &path).map(|()| Msg::BackupRestored(slug)).map_err(|e| e.to_string())
            }
            _ => return vec![],
        };
        vec![result.unwrap_or_else(Msg::Failed)]
    }

    fn close(&mut self) -> Vec<Msg> {
        let mut msgs: Vec<Msg> = self.save().into_iter().collect();
        if let Some(Msg::SaveFailed(reason)) = msgs.first() {
            msgs.push(Msg::CloseRefused(reason.clone()));
            return msgs;
        }
        self.keep_views();
        msgs.push(Msg::Closed { slug: self.app.doc.as_ref().and_then(|d| d.slug.clone()) });
        msgs
    }

    /// Opens a workshop by its file name. Nothing is written: opening and looking never
    /// change the file.
    fn open_file(&mut self, slug: &str, step: Option<Step>) -> Vec<Msg> {
        let mut msgs: Vec<Msg> = self.save().into_iter().collect();
        self.keep_views();
        let on_disk = match self.store.read(slug) {
            Ok(on_disk) => on_disk,
            Err(e) => {
                msgs.push(Msg::Failed(e.to_string()));
                msgs.push(Msg::Listed { listings: self.store.list(), select: None });
                return msgs;
            }
        };
        let saved = match self.app.clock {
            // A fixed clock (tests) fixes every time the app shows.
            crate::model::Clock::Fixed(now) => Some(now),
            crate::model::Clock::System => on_disk.modified,
        };
        let views = self.store.views(slug);
        let workshop = on_disk.workshop.clone();
        let opened =
            Opened { workshop, slug: Some(slug.to_string()), read_only: None, saved, step, views, proposal: None, on_disk: Some(on_disk) };
        let newer = self.store.newer_copy(slug, opened.on_disk.as_ref().and_then(|d| d.modified), &opened.workshop);
        msgs.push(Msg::Opened(Box::new(opened)));
        msgs.extend(newer.map(|copy| Msg::NewerCopyFound(Box::new(copy))));
        msgs
    }

    /// Opens a proposal draft: the brainstorm screen alone, saved to its own file.
    pub fn draft(&mut self, draft: crate::model::Workshop, target: crate::document::ProposalTarget) {
        let opened = Opened {
            workshop: draft,
            slug: None,
            read_only: None,
            saved: None,
            step: None,
            views: serde_json::Value::Null,
            proposal: Some(target),
            on_disk: None,
        };
        self.send(Msg::Opened(Box::new(opened)));
    }
}

/// Reads every proposal file at `path` (a file, or a folder of them): the good ones, and
/// why the others could not be read.
fn read_proposals(path: &Path) -> Msg {
    let gathered = crate::store::gather_proposals(&[path.to_path_buf()]);
    if gathered.proposals.is_empty() {
        return Msg::Failed(clean_line(&gathered.bad.join("; ")));
    }
    Msg::ProposalsRead(gathered)
}

/// `~/x` as the home folder's `x`.
fn expand_home(path: &Path) -> std::path::PathBuf {
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
        while !rt.quit {
            let Some(incoming) = events.next(rt.deadline()) else { break };
            if rt.handle(incoming) && !rt.quit {
                rt.draw()?;
            }
        }
        Ok(())
    })();
    rt.shutdown();
    result
}

/// The open document, for tests and benches that look inside.
impl<B: Backend> Runtime<B> {
    pub fn document(&self) -> Option<&Document> {
        self.app.doc.as_ref()
    }

    /// When the pending save is due, if one is.
    pub fn save_due(&self) -> Option<Instant> {
        self.save_due
    }

    /// Whether a save is being written on the worker thread.
    pub fn saving_in_background(&self) -> bool {
        self.saver.as_ref().is_some_and(Saver::in_flight)
    }
}
