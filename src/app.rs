//! App state and `update`: messages in, state changed, effects out. No I/O here; the run
//! loop in `app/run.rs` performs the effects and reports their results back.

pub mod history;
pub mod run;
pub mod timer;

use std::cell::Cell;
use std::path::PathBuf;

use jiff::{Timestamp, civil::Date};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind};

use crate::action::Action;
use crate::keymap::{Context, Keymap};
use crate::model::{Step, Workshop};
use crate::screen::{home, settings};
use crate::ui::form::Form;
use crate::ui::theme::ThemeName;
use history::History;

/// What the program's clock says; fixed in tests so dates and weeks are repeatable.
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    System,
    Fixed(Timestamp),
}

impl Clock {
    pub fn now(self) -> Timestamp {
        match self {
            Clock::System => Timestamp::now(),
            Clock::Fixed(t) => t,
        }
    }

    pub fn today(self) -> Date {
        match self {
            Clock::System => jiff::Zoned::now().date(),
            Clock::Fixed(t) => t.to_zoned(jiff::tz::TimeZone::UTC).date(),
        }
    }

    fn zone(self) -> jiff::tz::TimeZone {
        match self {
            Clock::System => jiff::tz::TimeZone::system(),
            Clock::Fixed(_) => jiff::tz::TimeZone::UTC,
        }
    }

    /// `HH:MM` in local time, for "saved 10:32".
    pub fn time_of_day(self, t: Timestamp) -> String {
        t.to_zoned(self.zone()).strftime("%H:%M").to_string()
    }

    /// `YYYY-MM-DD HH:MM` in local time, for lists.
    pub fn date_time(self, t: Timestamp) -> String {
        t.to_zoned(self.zone()).strftime("%Y-%m-%d %H:%M").to_string()
    }
}

/// Which screen is showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Home,
    Step(Step),
}

/// A message into `update`: a terminal event, already decoded.
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Mouse(MouseEvent),
    Resize(u16),
}

/// Work the run loop does on the app's behalf.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Save the open workshop soon (debounced).
    Save,
    Open {
        slug: String,
        step: Option<Step>,
    },
    /// Save and release the open workshop, then show home.
    Close,
    Create(Box<Workshop>),
    Rename {
        slug: String,
        name: String,
    },
    CarryOver {
        slug: String,
        name: String,
    },
    Delete(String),
    LoadTrash,
    Restore(PathBuf),
    LoadBackups(String),
    RestoreBackup {
        slug: String,
        path: PathBuf,
    },
    Quit,
    /// Ring the terminal bell (the timebox reached zero).
    Bell,
    /// Merge the proposal files at a path (a file, or a folder of them).
    MergeProposals(PathBuf),
    /// Write an export of the open workshop.
    Export {
        format: crate::cli::ExportFormat,
        what: crate::cli::CsvWhat,
        path: PathBuf,
    },
    /// Read and import a backlog file into the open workshop.
    Import {
        path: PathBuf,
        format: Option<crate::import::Format>,
    },
    /// List the folder of a partly typed path, for completion.
    CompletePath(String),
}

/// A change to the workshop asked for in a confirmation, applied when the answer is yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    DeclareBankruptcy,
    MergeThemes { from: crate::model::ThemeId, into: crate::model::ThemeId },
    DeleteTheme(crate::model::ThemeId),
    AcceptSuggestions(Vec<crate::model::prioritise::ThemeSuggestion>),
}

/// Where the open workshop stands with the disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    Saved(Timestamp),
    Pending,
    Failed(String),
    /// The demo: nothing is written.
    NotKept,
}

/// A selection in a list; the scroll offset is remembered by the view so the selection
/// stays visible without jumping.
#[derive(Debug, Default, Clone)]
pub struct ListCursor {
    pub selected: usize,
    pub offset: Cell<usize>,
    /// Where the list was last drawn, so a click can find its row.
    pub area: Cell<ratatui::layout::Rect>,
}

impl ListCursor {
    pub fn apply(&mut self, action: Action, len: usize, page: usize) -> bool {
        let last = len.saturating_sub(1);
        let before = self.selected;
        self.selected = match action {
            Action::Up => self.selected.saturating_sub(1),
            Action::Down => (self.selected + 1).min(last),
            Action::PageUp => self.selected.saturating_sub(page.max(1)),
            Action::PageDown => (self.selected + page.max(1)).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            _ => return false,
        };
        before != self.selected || matches!(action, Action::Up | Action::Down)
    }

    /// The row under a click, if the click is inside the list as last drawn.
    pub fn row_at(&self, column: u16, row: u16, len: usize) -> Option<usize> {
        let area = self.area.get();
        let inside = column >= area.x && column < area.x + area.width && row >= area.y && row < area.y + area.height;
        let index = self.offset.get() + usize::from(row.saturating_sub(area.y));
        (inside && index < len).then_some(index)
    }

    /// The first visible row for a window of `height` rows, keeping the selection in view.
    pub fn window(&self, len: usize, height: usize) -> usize {
        let selected = self.selected.min(len.saturating_sub(1));
        let mut offset = self.offset.get().min(len.saturating_sub(height));
        if selected < offset {
            offset = selected;
        } else if height > 0 && selected >= offset + height {
            offset = selected + 1 - height;
        }
        self.offset.set(offset);
        offset
    }
}

/// Where a proposal being drafted alone is saved, and what identifies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalTarget {
    pub path: PathBuf,
    pub id: String,
    pub author: String,
    pub created: Timestamp,
}

/// An open workshop and everything about it that is not saved in it.
#[derive(Debug)]
pub struct Session {
    pub workshop: Workshop,
    /// The file it lives in; `None` for the demo that is not kept.
    pub slug: Option<String>,
    /// Who holds the workshop when this instance opened it read-only.
    pub read_only: Option<String>,
    pub history: History,
    pub save: SaveState,
    pub cursors: [ListCursor; 5],
    /// The `/` filter of each step's list ("" for none).
    pub filters: [String; 5],
    pub brainstorm_sort: crate::screen::brainstorm::Sort,
    /// The prompt card showing, if any.
    pub card: Option<usize>,
    /// Author, size and source of the last capture: the next one starts from them.
    pub last_capture: crate::model::Capture,
    /// Counts changes to the workshop, so derived views can be cached between them.
    pub revision: u64,
    /// The coach's findings as of `revision`: every frame shows their count.
    coach_cache: std::cell::RefCell<Option<(u64, std::rc::Rc<Vec<crate::model::coach::Finding>>)>>,
    /// The backlog's facts as of `revision` and a day (10,000 items are not re-aged per frame).
    facts_cache: std::cell::RefCell<Option<(u64, Date, std::rc::Rc<crate::model::BacklogFacts>)>>,
    /// Step 5's week on screen and scores view.
    pub review: crate::screen::review::State,
    /// Step 3's views and selections.
    pub prioritise: crate::screen::prioritise::State,
    /// Set when this is an engineer's proposal draft (`quarterdeck propose`), saved to its
    /// own file instead of the data folder.
    pub proposal: Option<ProposalTarget>,
}

impl Session {
    pub fn new(workshop: Workshop, slug: Option<String>, read_only: Option<String>, saved: Option<Timestamp>) -> Self {
        let save = match (&slug, saved) {
            (None, _) => SaveState::NotKept,
            (Some(_), Some(at)) => SaveState::Saved(at),
            (Some(_), None) => SaveState::Pending,
        };
        Self {
            workshop,
            slug,
            read_only,
            history: History::default(),
            save,
            cursors: Default::default(),
            filters: Default::default(),
            brainstorm_sort: crate::screen::brainstorm::Sort::default(),
            card: None,
            last_capture: crate::model::Capture::default(),
            proposal: None,
            prioritise: crate::screen::prioritise::State::default(),
            review: crate::screen::review::State::default(),
            revision: 0,
            coach_cache: std::cell::RefCell::new(None),
            facts_cache: std::cell::RefCell::new(None),
        }
    }

    pub fn cursor(&mut self, step: Step) -> &mut ListCursor {
        &mut self.cursors[step as usize]
    }

    /// The backlog's facts for `today`, computed once per change (and day).
    pub fn backlog_facts(&self, today: Date) -> std::rc::Rc<crate::model::BacklogFacts> {
        let mut cache = self.facts_cache.borrow_mut();
        match &*cache {
            Some((revision, day, facts)) if *revision == self.revision && *day == today => facts.clone(),
            _ => {
                let facts = std::rc::Rc::new(self.workshop.backlog_facts(today));
                *cache = Some((self.revision, today, facts.clone()));
                facts
            }
        }
    }

    /// The coach's findings, computed once per change rather than once per frame.
    pub fn findings(&self) -> std::rc::Rc<Vec<crate::model::coach::Finding>> {
        let mut cache = self.coach_cache.borrow_mut();
        match &*cache {
            Some((revision, findings)) if *revision == self.revision => findings.clone(),
            _ => {
                let findings = std::rc::Rc::new(crate::model::coach::review(&self.workshop));
                *cache = Some((self.revision, findings.clone()));
                findings
            }
        }
    }
}

/// What sits on top of the screen and takes the keyboard.
#[derive(Debug)]
pub enum Overlay {
    Help {
        scroll: u16,
    },
    Form(Box<Form>),
    Confirm(Confirm),
    /// Typing the `/` filter of the current step's list.
    Filter(Box<ratatui_textarea::TextArea<'static>>),
    PathPrompt(Box<crate::ui::prompt::PathPrompt>),
    /// One item enlarged for the room.
    Focus {
        heading: String,
        details: Vec<String>,
    },
    /// Ticking initiatives for a key result.
    Picker(Box<crate::ui::picker::Picker>),
    /// The brainstorm capture line, drawn in place on the brainstorm screen.
    Capture(Box<crate::screen::brainstorm::CaptureLine>),
}

/// A yes/no question before something that cannot simply be undone.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub title: String,
    pub message: String,
    pub on_yes: Vec<Effect>,
    pub change: Option<Change>,
}

/// A one-line message in the status bar, until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// Home: the workshops in the data folder, and its trash and backups panels.
#[derive(Debug, Default)]
pub struct HomeState {
    pub rows: Vec<home::WorkshopRow>,
    pub cursor: ListCursor,
    pub panel: home::Panel,
}

#[derive(Debug)]
pub struct App {
    pub keymap: Keymap,
    pub theme: ThemeName,
    pub present: bool,
    pub clock: Clock,
    pub view: View,
    pub home: HomeState,
    pub session: Option<Session>,
    pub overlay: Option<Overlay>,
    pub message: Option<Message>,
    /// Shown above everything, e.g. for the demo.
    pub banner: Option<String>,
    pub data_dir: PathBuf,
    /// Terminal width as last drawn (for mouse hit-testing of the tabs).
    pub width: u16,
    /// The brainstorm timebox; shown in the header on every screen while it runs.
    pub timer: timer::Timer,
    pub quit: bool,
}

impl App {
    pub fn new(clock: Clock, theme: ThemeName, data_dir: PathBuf) -> Self {
        Self {
            keymap: Keymap::default(),
            theme,
            present: false,
            clock,
            view: View::Home,
            home: HomeState::default(),
            session: None,
            overlay: None,
            message: None,
            banner: None,
            data_dir,
            width: 0,
            timer: timer::Timer::new(10),
            quit: false,
        }
    }

    /// The keymap context that has the focus now.
    pub fn context(&self) -> Context {
        match &self.overlay {
            Some(Overlay::Help { .. } | Overlay::Focus { .. }) => Context::Help,
            Some(Overlay::Form(_)) => Context::Form,
            Some(Overlay::Confirm(_)) => Context::Confirm,
            Some(Overlay::Filter(_)) => Context::Filter,
            Some(Overlay::PathPrompt(_)) => Context::PathPrompt,
            Some(Overlay::Capture(_)) => Context::Capture,
            Some(Overlay::Picker(_)) => Context::Picker,
            None => self.context_beneath(),
        }
    }

    /// The context of the screen itself, beneath any overlay (what `?` explains).
    pub fn context_beneath(&self) -> Context {
        match self.view {
            View::Home => match self.home.panel {
                home::Panel::Workshops => Context::Home,
                home::Panel::Trash { .. } => Context::Trash,
                home::Panel::Backups { .. } => Context::Backups,
            },
            View::Step(Step::Backlog) => Context::Backlog,
            View::Step(Step::Objectives) => Context::Objectives,
            View::Step(Step::Review) => Context::Review,
            View::Step(Step::Brainstorm) if self.drafting() => Context::Draft,
            View::Step(Step::Brainstorm) => Context::Brainstorm,
            View::Step(Step::Prioritise) => match self.session.as_ref().map(|s| s.prioritise.view) {
                Some(crate::screen::prioritise::View::Score) if self.session.as_ref().is_some_and(|s| s.prioritise.scoring) => {
                    Context::Score
                }
                Some(crate::screen::prioritise::View::Vote) => Context::Vote,
                Some(crate::screen::prioritise::View::Board) => Context::Board,
                _ => Context::Prioritise,
            },
        }
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message { text: text.into(), error: false });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message { text: text.into(), error: true });
    }

    /// Applies a change to the open workshop with an undo entry. Refused when read-only.
    pub fn change(&mut self, label: &str, apply: impl FnOnce(&mut Workshop)) -> Vec<Effect> {
        self.try_change(label, |w| {
            apply(w);
            true
        })
    }

    /// Like [`App::change`], for changes that may turn out to change nothing (a refused
    /// vote): `apply` says whether it did, and only then is there an undo entry and a save.
    pub fn try_change(&mut self, label: &str, apply: impl FnOnce(&mut Workshop) -> bool) -> Vec<Effect> {
        let Some(session) = &mut self.session else { return vec![] };
        if let Some(holder) = &session.read_only {
            let text = format!("read-only: this workshop is open in another Quarterdeck ({holder})");
            self.error(text);
            return vec![];
        }
        let before = session.workshop.clone();
        if !apply(&mut session.workshop) {
            return vec![];
        }
        session.history.record(label, before);
        session.revision += 1;
        Self::mark_dirty(session)
    }

    fn mark_dirty(session: &mut Session) -> Vec<Effect> {
        if (session.slug.is_none() && session.proposal.is_none()) || session.read_only.is_some() {
            return vec![];
        }
        if !matches!(session.save, SaveState::Failed(_)) {
            session.save = SaveState::Pending;
        }
        vec![Effect::Save]
    }

    /// Shows a step of the open workshop, remembering it in the workshop (not an undoable
    /// change, but saved so home shows where the team is).
    pub fn go_to_step(&mut self, step: Step) -> Vec<Effect> {
        if self.drafting() {
            return vec![];
        }
        self.view = View::Step(step);
        let Some(session) = &mut self.session else { return vec![] };
        if session.workshop.step == step || session.read_only.is_some() {
            return vec![];
        }
        session.workshop.step = step;
        Self::mark_dirty(session)
    }

    // --- results of effects, reported back by the run loop ---

    pub fn opened(&mut self, session: Session, step: Option<Step>) {
        let step = step.unwrap_or(session.workshop.step);
        if let Some(holder) = &session.read_only {
            self.error(format!("opened read-only: {holder} has this workshop open"));
        }
        self.session = Some(session);
        self.overlay = None;
        self.view = View::Step(step);
        if let Some(s) = &mut self.session {
            s.workshop.step = step;
        }
    }

    pub fn saved(&mut self, at: Timestamp) {
        if let Some(s) = &mut self.session {
            s.save = SaveState::Saved(at);
        }
    }

    pub fn save_failed(&mut self, reason: String) {
        if let Some(s) = &mut self.session {
            s.save = SaveState::Failed(reason);
        }
    }

    /// Whether this is an engineer drafting a proposal alone (only the capture screen).
    pub fn drafting(&self) -> bool {
        self.session.as_ref().is_some_and(|s| s.proposal.is_some())
    }

    /// Whether the open workshop has changes that are not on disk.
    pub fn unsaved(&self) -> bool {
        self.session.as_ref().is_some_and(|s| matches!(s.save, SaveState::Pending | SaveState::Failed(_)))
    }
}

/// The one entry point for user input.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) if key.kind == KeyEventKind::Release => vec![],
        Msg::Key(key) => {
            app.message = None;
            let context = app.context();
            let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
            match app.keymap.action_for(context, key) {
                Some(action) => dispatch(app, action),
                None if ctrl_c => dispatch(app, Action::Quit),
                None => match &mut app.overlay {
                    Some(Overlay::Form(form)) => {
                        form.input(key);
                        vec![]
                    }
                    Some(Overlay::PathPrompt(prompt)) => {
                        prompt.input(key);
                        vec![]
                    }
                    Some(Overlay::Capture(line)) => {
                        line.input.input(key);
                        vec![]
                    }
                    Some(Overlay::Filter(input)) => {
                        input.input(key);
                        let query = crate::model::text::clean_line(&input.lines().join(" "));
                        set_filter(app, query);
                        vec![]
                    }
                    _ => vec![],
                },
            }
        }
        Msg::Paste(text) => {
            match &mut app.overlay {
                Some(Overlay::Form(form)) => form.paste(&text),
                Some(Overlay::PathPrompt(prompt)) => prompt.paste(&text),
                Some(Overlay::Capture(line)) => {
                    // Each pasted line becomes its own idea: a list from a chat pastes in one go.
                    let lines: Vec<String> = text.lines().map(crate::model::text::clean_line).filter(|l| !l.is_empty()).collect();
                    if let [one] = lines.as_slice() {
                        line.input.insert_str(one);
                    } else if !lines.is_empty() {
                        return crate::screen::brainstorm::paste_ideas(app, &lines);
                    }
                }
                _ => {}
            }
            vec![]
        }
        Msg::Mouse(mouse) => on_mouse(app, mouse),
        Msg::Resize(width) => {
            app.width = width;
            vec![]
        }
    }
}

/// Runs one action in the context that has the focus.
pub fn dispatch(app: &mut App, action: Action) -> Vec<Effect> {
    match &mut app.overlay {
        Some(Overlay::Help { scroll }) => {
            match action {
                Action::Up => *scroll = scroll.saturating_sub(1),
                Action::Down => *scroll = scroll.saturating_add(1),
                _ => app.overlay = None,
            }
            return vec![];
        }
        Some(Overlay::Confirm(confirm)) => {
            let yes = action == Action::Yes;
            let (mut effects, change) = if yes { (confirm.on_yes.clone(), confirm.change.clone()) } else { (vec![], None) };
            app.overlay = None;
            if let Some(change) = change {
                effects.extend(apply_change(app, change));
            }
            return effects;
        }
        Some(Overlay::Form(_)) => return dispatch_form(app, action),
        Some(Overlay::Focus { .. }) => {
            app.overlay = None;
            return vec![];
        }
        Some(Overlay::Filter(_)) => {
            if action == Action::ClearFilter {
                set_filter(app, String::new());
            }
            app.overlay = None;
            return vec![];
        }
        Some(Overlay::PathPrompt(_)) => return crate::screen::backlog::prompt_action(app, action),
        Some(Overlay::Capture(_)) => return crate::screen::brainstorm::capture_action(app, action),
        Some(Overlay::Picker(picker)) => {
            match action {
                Action::Up | Action::Down => {
                    let len = picker.items.len();
                    picker.cursor.apply(action, len, 10);
                }
                Action::Toggle => picker.toggle(),
                Action::Submit => {
                    let (kr, ticks) = (picker.key_result, picker.ticks());
                    app.overlay = None;
                    return crate::screen::objectives::picked(app, kr, &ticks);
                }
                _ => app.overlay = None,
            }
            return vec![];
        }
        None => {}
    }
    match action {
        Action::Quit => quit(app),
        Action::Help => {
            app.overlay = Some(Overlay::Help { scroll: 0 });
            vec![]
        }
        Action::TogglePresent => {
            app.present = !app.present;
            app.info(if app.present { "present mode on (p to leave)" } else { "present mode off" });
            vec![]
        }
        Action::CycleTheme => {
            app.theme = app.theme.next();
            app.info(format!("theme: {}", app.theme.label()));
            vec![]
        }
        Action::Undo | Action::Redo => undo_redo(app, action),
        Action::TimerToggle | Action::TimerReset | Action::TimerMore | Action::TimerLess => {
            timer_action(app, action);
            vec![]
        }
        _ => match app.view {
            View::Home => home::update(app, action),
            View::Step(step) => step_action(app, step, action),
        },
    }
}

fn timer_action(app: &mut App, action: Action) {
    let now = app.clock.now();
    let timer = &mut app.timer;
    match action {
        Action::TimerToggle => timer.toggle(now),
        Action::TimerReset => timer.reset(),
        Action::TimerMore => timer.adjust(1),
        Action::TimerLess => timer.adjust(-1),
        _ => {}
    }
    let text = match timer.state {
        timer::TimerState::Stopped => format!("timer: {} minutes (t starts it)", timer.minutes),
        timer::TimerState::Running { .. } => format!("timer running: {} left", timer.display(now)),
        timer::TimerState::Paused { .. } => format!("timer paused at {}", timer.display(now)),
    };
    app.info(text);
}

/// Applies a change that was confirmed.
fn apply_change(app: &mut App, change: Change) -> Vec<Effect> {
    match change {
        Change::DeclareBankruptcy => {
            let today = app.clock.today();
            let mut shelved = 0;
            let effects = app.change("declare bankruptcy", |w| shelved = w.declare_bankruptcy(today, ""));
            if !effects.is_empty() {
                app.info(format!("bankruptcy declared: {shelved} items on the shelf, nothing deleted (u undoes it)"));
            }
            effects
        }
        Change::MergeThemes { from, into } => {
            let effects = app.try_change("merge themes", |w| w.merge_themes(from, into));
            if let Some(s) = &mut app.session {
                // Follow the merged theme's initiatives to where they went.
                let column = s.workshop.themes.iter().position(|t| t.id == into).map_or(0, |i| i + 1);
                s.prioritise.board.column = column;
                s.prioritise.board.row = 0;
            }
            effects
        }
        Change::DeleteTheme(id) => {
            let effects = app.try_change("delete theme", |w| w.delete_theme(id));
            if let Some(s) = &mut app.session {
                s.prioritise.board.column = s.prioritise.board.column.min(s.workshop.themes.len());
            }
            effects
        }
        Change::AcceptSuggestions(suggestions) => {
            let mut created = 0;
            let effects = app.change("suggested themes", |w| created = w.accept_suggestions(&suggestions));
            app.info(format!("created {created} themes from shared words (u undoes it)"));
            effects
        }
    }
}

/// Sets the current step's list filter and keeps the selection in range.
fn set_filter(app: &mut App, query: String) {
    let (View::Step(step), Some(session)) = (app.view, &mut app.session) else { return };
    session.filters[step as usize] = query;
    let cursor = &mut session.cursors[step as usize];
    cursor.selected = 0;
    cursor.offset.set(0);
}

fn quit(app: &mut App) -> Vec<Effect> {
    if let Some(SaveState::Failed(reason)) = app.session.as_ref().map(|s| &s.save) {
        app.overlay = Some(Overlay::Confirm(Confirm {
            title: "Changes are NOT SAVED".into(),
            message: format!("The last save failed: {reason}. Quit anyway and lose them?"),
            on_yes: vec![Effect::Quit],
            change: None,
        }));
        return vec![];
    }
    vec![Effect::Quit]
}

fn undo_redo(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(session) = &mut app.session else {
        app.info("nothing to undo on home");
        return vec![];
    };
    if session.read_only.is_some() {
        app.error("read-only: nothing here can change");
        return vec![];
    }
    let step = session.workshop.step;
    let label = if action == Action::Undo {
        session.history.undo(&mut session.workshop).map(|l| format!("undone: {l}"))
    } else {
        session.history.redo(&mut session.workshop).map(|l| format!("redone: {l}"))
    };
    // The step on screen is where the user is, not part of the change.
    session.workshop.step = step;
    session.revision += 1;
    match label {
        Some(text) => {
            let effects = App::mark_dirty(session);
            app.info(text);
            effects
        }
        None => {
            app.info(if action == Action::Undo { "nothing to undo" } else { "nothing to redo" });
            vec![]
        }
    }
}

fn step_action(app: &mut App, step: Step, action: Action) -> Vec<Effect> {
    match action {
        Action::GoToStep(to) => app.go_to_step(to),
        Action::NextStep => app.go_to_step(Step::from_number(step.number() % 5 + 1).unwrap_or(step)),
        Action::PrevStep => app.go_to_step(Step::from_number((step.number() + 3) % 5 + 1).unwrap_or(step)),
        Action::Back if app.drafting() => vec![Effect::Quit],
        Action::Back => vec![Effect::Close],
        Action::Settings => {
            if let Some(session) = &app.session {
                app.overlay = Some(Overlay::Form(Box::new(settings::form(&session.workshop))));
            }
            vec![]
        }
        Action::Export => {
            let Some(session) = &app.session else { return vec![] };
            let slug = session.slug.clone().unwrap_or_else(|| crate::store::slug(&session.workshop.name));
            let form = Form::new("Export", crate::ui::form::FormPurpose::Export)
                .field("Format", "markdown", "markdown (the OKR document), csv, csv initiatives, or json")
                .field("File", &format!("{slug}-okrs.md"), "where to write it (relative to the folder you started in)");
            app.overlay = Some(Overlay::Form(Box::new(form)));
            vec![]
        }
        Action::Focus => {
            let focused = app.session.as_ref().and_then(|s| crate::screen::focus_text(app, s, step));
            match focused {
                Some((heading, details)) => app.overlay = Some(Overlay::Focus { heading, details }),
                None => app.info("nothing selected to focus"),
            }
            vec![]
        }
        Action::Filter => {
            let current = app.session.as_ref().map(|s| s.filters[step as usize].clone()).unwrap_or_default();
            let mut input = ratatui_textarea::TextArea::new(vec![current]);
            input.move_cursor(ratatui_textarea::CursorMove::End);
            input.set_cursor_line_style(ratatui::style::Style::default());
            app.overlay = Some(Overlay::Filter(Box::new(input)));
            vec![]
        }
        Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Top | Action::Bottom
            if step == Step::Prioritise
                && app.session.as_ref().is_some_and(|s| s.prioritise.view == crate::screen::prioritise::View::Board) =>
        {
            crate::screen::board::update(app, action)
        }
        Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Top | Action::Bottom => {
            let Some(session) = &mut app.session else { return vec![] };
            let len = crate::screen::row_count(session, step);
            session.cursor(step).apply(action, len, 10);
            vec![]
        }
        other if step == Step::Backlog => crate::screen::backlog::update(app, other),
        other if step == Step::Brainstorm => crate::screen::brainstorm::update(app, other),
        other if step == Step::Prioritise => crate::screen::prioritise::update(app, other),
        other if step == Step::Objectives => crate::screen::objectives::update(app, other),
        other if step == Step::Review => crate::screen::review::update(app, other),
        _ => vec![],
    }
}

fn dispatch_form(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(Overlay::Form(form)) = &mut app.overlay else { return vec![] };
    match action {
        Action::Back => {
            app.overlay = None;
            vec![]
        }
        Action::NextField => {
            form.focus_next();
            vec![]
        }
        Action::PrevField => {
            form.focus_prev();
            vec![]
        }
        Action::Submit => {
            let Some(Overlay::Form(form)) = app.overlay.take() else { return vec![] };
            let (result, form) = crate::screen::submit_form(app, *form);
            if let Some(form) = form {
                app.overlay = Some(Overlay::Form(Box::new(form)));
            }
            result
        }
        _ => vec![],
    }
}

/// Selects the list row (or board card) under a click.
fn click_row(app: &mut App, column: u16, row: u16) {
    match (app.view, &mut app.session) {
        (View::Home, _) => {
            let len = app.home.rows.len();
            if let home::Panel::Workshops = app.home.panel
                && let Some(i) = app.home.cursor.row_at(column, row, len)
            {
                app.home.cursor.selected = i;
            }
        }
        (View::Step(Step::Prioritise), Some(session)) if session.prioritise.view == crate::screen::prioritise::View::Board => {
            crate::screen::board::click(session, column, row);
        }
        (View::Step(step), Some(session)) => {
            let len = crate::screen::row_count(session, step);
            let cursor = session.cursor(step);
            if let Some(i) = cursor.row_at(column, row, len) {
                cursor.selected = i;
            }
        }
        (View::Step(_), None) => {}
    }
}

fn on_mouse(app: &mut App, mouse: MouseEvent) -> Vec<Effect> {
    if app.overlay.is_some() {
        return vec![];
    }
    match mouse.kind {
        MouseEventKind::ScrollDown => dispatch(app, Action::Down),
        MouseEventKind::ScrollUp => dispatch(app, Action::Up),
        MouseEventKind::Down(_) if mouse.row == 0 => {
            if let (View::Step(_), Some(step)) = (app.view, crate::ui::chrome::tab_at(mouse.column, app)) {
                return app.go_to_step(step);
            }
            vec![]
        }
        MouseEventKind::Down(_) => {
            click_row(app, mouse.column, mouse.row);
            vec![]
        }
        _ => vec![],
    }
}
