//! The app: the open document, the screen on show and what sits over it, and `update` —
//! messages in (a key, or the result of an effect), state changed, effects out. No I/O here;
//! the run loop in `app/run.rs` performs the effects and sends their results back.
//!
//! Following a key: `update` → the keymap gives an `Action` → `dispatch` (app/dispatch.rs)
//! handles what is global, hands the rest to the screen's own `update` → the screen's
//! `render` draws the result, inside the frame `app/draw.rs` draws.

pub mod chrome;
pub mod dispatch;
pub mod draw;
mod events;
pub mod newer_copy;
pub mod not_saved;
pub mod room;
pub mod run;
mod saver;

use std::path::PathBuf;

use ratatui::crossterm::event::{KeyCode, KeyEventKind, KeyModifiers};

use crate::action::Action;
use crate::document::Document;
use crate::effect::{Effect, Msg, Opened, SaveReport};
use crate::keymap::{Context, Keymap};
use crate::model::timer::Timer;
use crate::model::{Clock, ParticipantId, Step};
use crate::screen::{Ctx, Parked, Screen, brainstorm, export, home, participants, settings};
use crate::ui::Message;
use crate::ui::confirm::Confirm;
use crate::ui::present::Focus;
use crate::ui::theme::ThemeName;

/// What sits over the screen and takes the keyboard, whatever the screen is.
#[derive(Debug)]
pub enum Overlay {
    Help {
        scroll: u16,
    },
    /// One item enlarged for the room.
    Focus(Focus),
    /// Typing the `/` filter of the screen's list.
    Filter(Box<ratatui_textarea::TextArea<'static>>),
    Settings(Box<settings::State>),
    Participants(Box<participants::State>),
    Export(Box<export::State>),
    /// A proposal draft's file holds something else: choose another.
    SaveAs(Box<crate::screen::save_as::State>),
    /// Quitting while the last save failed.
    QuitUnsaved(Confirm<()>),
    /// `Esc` at the top of a step: leave the workshop for home?
    Leave(Confirm<()>),
    /// Fields changed in two places at once: what was kept and set aside.
    MergeRecord {
        scroll: u16,
    },
    /// The whole error of the last failed save.
    NotSaved,
    /// A newer copy of the workshop was found after a crash: open it, or keep the current?
    NewerCopy(Box<newer_copy::Question>),
}

impl Overlay {
    /// The overlay as a dialog built on one form, if it is one.
    pub fn form_dialog(&self) -> Option<&dyn crate::ui::form::FormDialog> {
        match self {
            Overlay::Settings(state) => Some(&**state),
            Overlay::Participants(state) => Some(&**state),
            Overlay::Export(state) => Some(&**state),
            Overlay::SaveAs(state) => Some(&**state),
            _ => None,
        }
    }

    pub fn form_dialog_mut(&mut self) -> Option<&mut dyn crate::ui::form::FormDialog> {
        match self {
            Overlay::Settings(state) => Some(&mut **state),
            Overlay::Participants(state) => Some(&mut **state),
            Overlay::Export(state) => Some(&mut **state),
            Overlay::SaveAs(state) => Some(&mut **state),
            _ => None,
        }
    }
}

#[derive(Debug)]
pub struct App {
    pub keymap: Keymap,
    pub theme: ThemeName,
    pub present: bool,
    pub clock: Clock,
    pub screen: Screen,
    /// The steps not on screen, as they were left.
    pub parked: Parked,
    /// The open workshop (or proposal draft).
    pub doc: Option<Document>,
    pub overlay: Option<Overlay>,
    pub message: Option<Message>,
    /// Shown above everything, e.g. for the demo.
    pub banner: Option<String>,
    pub data_dir: PathBuf,
    /// Terminal width as last drawn (for mouse hit-testing of the tabs).
    pub width: u16,
    /// The brainstorm timebox; shown in the header on every screen while it runs.
    pub timer: Timer,
    /// The room, when the workshop is hosted for participants over SSH.
    pub room: Option<room::Room>,
}

impl App {
    pub fn new(clock: Clock, theme: ThemeName, data_dir: PathBuf) -> Self {
        Self {
            keymap: Keymap::default(),
            theme,
            present: false,
            clock,
            screen: Screen::default(),
            parked: Parked::default(),
            doc: None,
            overlay: None,
            message: None,
            banner: None,
            data_dir,
            width: 0,
            timer: Timer::new(10),
            room: None,
        }
    }

    /// The keymap table that has the focus now.
    pub fn context(&self) -> Context {
        match &self.overlay {
            Some(Overlay::Help { .. } | Overlay::Focus(_) | Overlay::MergeRecord { .. } | Overlay::NotSaved) => Context::Help,
            Some(Overlay::Filter(_)) => Context::Filter,
            Some(Overlay::Settings(_) | Overlay::Export(_) | Overlay::Participants(_) | Overlay::SaveAs(_)) => Context::Form,
            Some(Overlay::QuitUnsaved(_) | Overlay::Leave(_) | Overlay::NewerCopy(_)) => Context::Confirm,
            None => self.screen.context(self.doc.as_ref()),
        }
    }

    /// The screen's own table beneath any dialog (what `?` explains).
    pub fn help_context(&self) -> Context {
        self.screen.help_context(self.doc.as_ref())
    }

    /// The step on screen, if a step is.
    pub fn step(&self) -> Option<Step> {
        self.screen.step()
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message::info(text));
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message::error(text));
    }

    /// Whether this is an engineer drafting a proposal alone (only the capture screen).
    pub fn drafting(&self) -> bool {
        self.doc.as_ref().is_some_and(Document::drafting)
    }

    /// Whether the open workshop has changes that are not on disk.
    pub fn unsaved(&self) -> bool {
        self.doc.as_ref().is_some_and(Document::unsaved)
    }

    /// The context a screen gets, and the document, borrowed apart from the screen.
    fn split(&mut self) -> (&mut Screen, Ctx<'_>, Option<&mut Document>) {
        let ctx = Ctx { keymap: &self.keymap, clock: self.clock, present: self.present, message: &mut self.message };
        (&mut self.screen, ctx, self.doc.as_mut())
    }

    /// Whether a dialog is open: an overlay, or a form or question of the screen's.
    pub fn has_dialog(&self) -> bool {
        self.overlay.is_some() || self.context() != self.help_context()
    }

    /// Step 3's state, on screen or parked (tests and benches choose its view this way).
    pub fn prioritise_mut(&mut self) -> &mut crate::screen::prioritise::State {
        match &mut self.screen {
            Screen::Prioritise(s) => s,
            _ => self.parked.prioritise(),
        }
    }

    /// Shows a step of the open workshop, as it was left.
    pub fn go_to_step(&mut self, step: Step) {
        // A proposal draft has its initiatives (step 2) and its key results and objectives
        // (step 4), nothing of the room's.
        let drafted = matches!(step, Step::Brainstorm | Step::Objectives);
        if (self.drafting() && !drafted) || self.doc.is_none() || self.step() == Some(step) {
            return;
        }
        let old = std::mem::replace(&mut self.screen, Screen::for_step(step, &mut self.parked));
        old.park(&mut self.parked);
        self.follow_agenda(step);
    }

    /// Arriving on a step with a timebox of its own: the timer takes it (see `Timer::arrive`).
    fn follow_agenda(&mut self, step: Step) {
        let Some(minutes) = self.doc.as_ref().and_then(|d| d.workshop().settings.timeboxes.get(step)) else { return };
        if self.timer.arrive(step, minutes, self.clock.now()) {
            let pause = self.keymap.hint(Context::Step, Action::TimerToggle);
            self.info(format!("{}: the {}-minute timebox started ({pause} pauses it)", step.title(), minutes));
        }
    }

    /// The timebox ran out on this tick: say so (the banner shows it too), and ring unless
    /// the workshop turned the bell off.
    fn times_up(&mut self) -> Vec<Effect> {
        let minutes = self.timer.minutes;
        let (pause, reset) = (self.keymap.hint(Context::Step, Action::TimerToggle), self.keymap.hint(Context::Step, Action::TimerReset));
        self.message = Some(Message::error(format!("time's up: the {minutes}-minute timebox is over ({pause} pauses, {reset} resets)")));
        let muted = self.doc.as_ref().is_some_and(|d| d.workshop().settings.mute_bell);
        if muted { vec![] } else { vec![Effect::Bell] }
    }

    /// What this person is looking at in the open workshop, for their own state file: the
    /// workshop's file name and the views. `None` on home or for the demo and drafts.
    pub fn views(&self) -> Option<(String, serde_json::Value)> {
        let slug = self.doc.as_ref()?.slug.clone()?;
        Some((slug, serde_json::to_value(self.parked.views(&self.screen)).unwrap_or_default()))
    }

    fn opened(&mut self, opened: Opened) {
        let Opened { workshop, slug, read_only, saved, step, views, proposal, on_disk } = opened;
        if let Some(why) = &read_only {
            self.error(format!("opened read-only: {why}"));
        }
        let author: Option<ParticipantId> = workshop.participants.first().map(|p| p.id);
        let views: crate::screen::Views = serde_json::from_value(views).unwrap_or_default();
        let step = step.or(views.step).unwrap_or_default();
        let doc = match proposal {
            Some(target) => Document::draft(workshop, target, self.clock.now()),
            None => match (on_disk, slug) {
                (Some(on_disk), Some(slug)) => Document::opened(on_disk, slug, saved),
                (_, slug) => Document::new(workshop, slug, read_only, saved),
            },
        }
        .with_clock(self.clock);
        self.overlay = None;
        self.parked = Parked::restore(&views);
        if doc.drafting() {
            self.screen = Screen::Brainstorm(brainstorm::State::drafting(author));
            let key = |action| self.keymap.hint(Context::Draft, action);
            let text = format!(
                "draft your initiatives: {} to add, {} to edit; every change is saved to the proposal file",
                key(Action::Capture),
                key(Action::Edit)
            );
            self.doc = Some(doc);
            self.info(text);
            return;
        }
        self.doc = Some(doc);
        self.screen = Screen::for_step(step, &mut self.parked);
        if !self.timer.is_visible() {
            self.timer.minutes = self.doc.as_ref().map_or(10, |d| d.workshop().settings.timer_minutes.clamp(1, 180));
        }
        self.follow_agenda(step);
    }

    /// The workshop selected on home, so a list read again keeps it selected.
    pub fn selected_listing(&self) -> Option<String> {
        match &self.screen {
            Screen::Home(h) => h.selected_slug(),
            _ => None,
        }
    }

    fn home(&mut self) -> Option<&mut home::State> {
        match &mut self.screen {
            Screen::Home(h) => Some(h),
            _ => None,
        }
    }

    /// After a file changed on home: back to the list, the message said, `slug` selected.
    fn home_changed(&mut self, slug: String, said: String) -> Vec<Effect> {
        if let Some(home) = self.home() {
            home.panel = home::Panel::Workshops;
        }
        self.info(said);
        vec![Effect::List { select: Some(slug) }]
    }
}

/// The one entry point: a message in, effects out.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let mut effects = match msg {
        Msg::Key(key) if key.kind == KeyEventKind::Release => vec![],
        Msg::Key(key) => {
            app.message = None;
            let ctrl = |c| key.code == KeyCode::Char(c) && key.modifiers.contains(KeyModifiers::CONTROL);
            match app.keymap.action_for(app.context(), key) {
                Some(action) => dispatch::dispatch(app, action),
                // The terminal's own conventions, in raw mode where the terminal no longer
                // turns them into signals: Ctrl-C quits (saving), Ctrl-Z suspends.
                None if ctrl('c') => dispatch::dispatch(app, Action::Quit),
                None if ctrl('z') => vec![Effect::Suspend],
                None => {
                    dispatch::input(app, key);
                    vec![]
                }
            }
        }
        Msg::Paste(text) => {
            dispatch::paste(app, &text);
            vec![]
        }
        Msg::Mouse(mouse) => dispatch::mouse(app, mouse),
        Msg::Resize(width) => {
            app.width = width;
            vec![]
        }
        Msg::Tick => {
            if app.timer.should_ring(app.clock.now()) {
                app.times_up()
            } else {
                vec![]
            }
        }
        msg @ (Msg::SeatJoined { .. } | Msg::SeatKey { .. } | Msg::SeatLeft(_)) => app.seat_message(msg),
        other => result(app, other),
    };
    if let Some(doc) = &mut app.doc {
        if doc.take_refused() {
            let holder = doc.read_only.clone().unwrap_or_default();
            app.message = Some(Message::error(format!("read-only: {holder}")));
        }
        if app.doc.as_mut().is_some_and(Document::take_dirty) {
            effects.push(Effect::Save);
        }
    }
    effects
}

/// The result of an effect, handed back by the run loop.
fn result(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Listed { listings, select } => {
            if let Some(home) = app.home() {
                home.listed(listings, select.as_deref());
            }
            vec![]
        }
        Msg::Opened(opened) => {
            app.opened(*opened);
            // The other teams' key results this one depends on, to show how they stand.
            let deps = app.doc.as_ref().filter(|d| !d.drafting()).map(|d| d.workshop().dependency_slugs());
            match deps {
                Some(only) if !only.is_empty() => vec![Effect::LoadPeers { only: Some(only) }],
                _ => vec![],
            }
        }
        Msg::NewerCopyFound(copy) => {
            app.overlay = Some(Overlay::NewerCopy(Box::new(newer_copy::Question::new(*copy))));
            vec![]
        }
        Msg::PeersLoaded(peers) => {
            if let Some(doc) = &mut app.doc {
                doc.peers = Some(peers);
            }
            screen_result(app, Msg::PeersLoaded(Vec::new()))
        }
        Msg::CloseRefused(_) => {
            // The status line and the banner say why; the key shows the whole error.
            let why = app.keymap.hint(Context::Global, Action::WhyNotSaved);
            app.error(format!("cannot leave: changes are NOT SAVED (press {why} for why)"));
            vec![]
        }
        Msg::Closed { slug } => {
            app.doc = None;
            app.overlay = None;
            app.parked = Parked::default();
            app.screen = Screen::default();
            // The room was for that workshop: its seats end with it.
            let mut effects = app.close_seats("the facilitator closed the workshop; what you submitted is saved");
            effects.push(Effect::List { select: slug });
            effects
        }
        Msg::Renamed { slug, name } => app.home_changed(slug, format!("renamed to {name}")),
        Msg::CarriedOver { slug, name } => app.home_changed(slug, format!("carried over into {name}: objectives, key results and themes")),
        Msg::Deleted(slug) => {
            let trash = app.keymap.hint(Context::Home, Action::ShowTrash);
            app.home_changed(String::new(), format!("moved {slug} to the trash ({trash} shows it)"))
        }
        Msg::Restored(slug) => app.home_changed(slug.clone(), format!("restored {slug} from the trash")),
        Msg::BackupRestored(slug) => {
            app.home_changed(slug.clone(), format!("restored {slug} from its backup; the replaced file was kept aside"))
        }
        Msg::TrashLoaded(entries) => {
            if let Some(home) = app.home() {
                home.show_trash(entries);
            }
            vec![]
        }
        Msg::BackupsLoaded { slug, entries } => {
            if let Some(home) = app.home() {
                home.show_backups(slug, entries);
            }
            vec![]
        }
        msg @ (Msg::Saved(_) | Msg::DiskChanged(_) | Msg::DiskUnreadable(_) | Msg::SaveFailed(_) | Msg::ProposalNameTaken { .. }) => {
            document_result(app, msg);
            vec![]
        }
        Msg::Exported(path) => {
            app.info(format!("exported to {}", path.display()));
            vec![]
        }
        other => screen_result(app, other),
    }
}

/// How the open workshop stands with its file: saved (with what came in from other
/// writers), changed on disk, unreadable there, not saved.
fn document_result(app: &mut App, msg: Msg) {
    match msg {
        Msg::Saved(report) => {
            let SaveReport { at, committed, draft } = *report;
            let said = app.doc.as_mut().and_then(|doc| match committed {
                Some(committed) => doc.saved(committed, at),
                None => doc.written(at, draft),
            });
            if let Some(said) = said {
                app.info(said);
            }
        }
        Msg::DiskChanged(on_disk) => {
            if let Some(said) = app.doc.as_mut().and_then(|doc| doc.disk_changed(*on_disk)) {
                app.info(said);
            }
        }
        Msg::DiskUnreadable(why) => {
            app.error(why);
        }
        Msg::SaveFailed(reason) => {
            if let Some(doc) = &mut app.doc {
                doc.save_failed(reason);
            }
        }
        Msg::ProposalNameTaken { reason, taken, suggested } => {
            if let Some(doc) = &mut app.doc {
                doc.save_failed(reason);
            }
            app.overlay = Some(Overlay::SaveAs(Box::new(crate::screen::save_as::State::new(&taken, &suggested))));
        }
        _ => {}
    }
}

/// Results that belong to the screen that asked for them (an import, a merge, a path).
fn screen_result(app: &mut App, msg: Msg) -> Vec<Effect> {
    let (screen, mut ctx, doc) = app.split();
    match (msg, screen, doc) {
        (Msg::BacklogRead { file, items }, Screen::Backlog(s), Some(doc)) => s.backlog_read(&mut ctx, doc, &file, items),
        (Msg::ProposalsRead(gathered), Screen::Brainstorm(s), Some(doc)) => s.proposals_read(&mut ctx, doc, &gathered),
        (Msg::PathsCompleted(matches), Screen::Backlog(s), _) => s.completed(matches),
        (Msg::PathsCompleted(matches), Screen::Brainstorm(s), _) => s.completed(matches),
        (Msg::PeersLoaded(_), Screen::Objectives(s), Some(doc)) => s.peers_loaded(&mut ctx, doc),
        (Msg::Failed(message), Screen::Backlog(s), _) => s.failed(&mut ctx, message),
        (Msg::Failed(message), Screen::Brainstorm(s), _) => s.failed(&mut ctx, message),
        (Msg::Failed(message), _, _) => ctx.error(message),
        // A result for a screen no longer showing has nowhere to go.
        _ => {}
    }
    vec![]
}

#[cfg(test)]
mod tests;
