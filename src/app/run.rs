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
use super::{App, update};
use crate::document::{Document, SaveState};
use crate::effect::{Effect, Msg, Opened, SaveReport};
use crate::model::Step;
use crate::model::text::clean_line;
use crate::store::Store;

/// How long after the first sign of a change on disk the file is read: long enough for a
/// `git pull` or a save to finish writing, short enough to feel immediate.
const SYNC_DELAY: Duration = Duration::from_millis(150);

/// The app, its store and its terminal, the lock of the open workshop and the pending save.
pub struct Runtime<B: Backend> {
    pub app: App,
    pub store: Store,
    pub terminal: Terminal<B>,
    save_due: Option<Instant>,
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
}

impl<B: Backend> Runtime<B>
where
    B::Error: Send + Sync + 'static,
{
    pub fn new(app: App, store: Store, terminal: Terminal<B>) -> Self {
        let mut rt = Self {
            app,
            store,
            terminal,
            save_due: None,
            sync_due: None,
            debounce: Duration::from_millis(300),
            bells: 0,
            ring_bell: false,
            quit: false,
        };
        rt.perform_all(vec![Effect::List { select: None }]);
        rt
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
            Incoming::Terminate => {
                self.quit = true;
                return false;
            }
            Incoming::FilesChanged(paths) => return self.files_changed(&paths),
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
        self.save_now();
        self.keep_views();
    }

    /// Files changed in the data folder: the open workshop's is looked at shortly (the
    /// change may come in several steps), home's list is read again.
    fn files_changed(&mut self, paths: &[std::path::PathBuf]) -> bool {
        let open = self.app.doc.as_ref().and_then(|d| d.slug.as_deref()).map(|slug| self.store.path_of(slug));
        let ours = open.is_some_and(|open| paths.contains(&open));
        let home = self.app.doc.is_none();
        if !ours && !home {
            return false;
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

    /// Performs a pending save immediately (tests, quit, signals, the debounce deadline)
    /// and tells `update` how it went.
    pub fn save_now(&mut self) {
        if let Some(msg) = self.save() {
            self.send(msg);
        }
    }

    /// Writes the open document if it has changes (merging what other writers changed
    /// meanwhile); the result as a message.
    fn save(&mut self) -> Option<Msg> {
        self.save_due = None;
        let doc = self.app.doc.as_mut()?;
        if !matches!(doc.save, SaveState::Pending | SaveState::Failed(_)) || doc.read_only.is_some() {
            return None;
        }
        // The app's clock says when, so tests can fix it.
        let now = self.app.clock.now();
        let failed = |e: &dyn std::fmt::Display| Msg::SaveFailed(clean_line(&e.to_string()));
        let saved = |committed| Msg::Saved(Box::new(SaveReport { at: now, committed }));
        if doc.drafting() {
            let (target, draft) = doc.draft_job()?;
            let proposal = crate::model::proposal::Proposal::from_draft(&target.id, &target.author, target.created, draft);
            return Some(crate::store::write_proposal(&target.path, &proposal).map_or_else(|e| failed(&e), |()| saved(None)));
        }
        let (slug, base, ours) = doc.save_job()?;
        Some(self.store.commit(&slug, &base, &ours, now).map_or_else(|e| failed(&e), |c| saved(Some(c))))
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
        match effect {
            Effect::Save => {
                if self.debounce.is_zero() {
                    return self.save().into_iter().collect();
                }
                self.save_due.get_or_insert_with(|| Instant::now() + self.debounce);
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
        msgs.push(Msg::Opened(Box::new(opened)));
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

/// Reads every proposal file at `path` (a file, or a folder of them).
fn read_proposals(path: &Path) -> Msg {
    let files = match crate::store::proposal_files(path) {
        Ok(files) if files.is_empty() => Err(format!("{} holds no proposal files", path.display())),
        other => other,
    };
    let proposals: Result<Vec<_>, String> = files.and_then(|files| {
        files
            .iter()
            .map(|f| {
                let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                crate::store::read_proposal(f).map(|p| (name, p))
            })
            .collect()
    });
    match proposals {
        Ok(p) => Msg::ProposalsRead(p),
        Err(message) => Msg::Failed(clean_line(&message)),
    }
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
}
