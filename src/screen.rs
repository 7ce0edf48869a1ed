//! One module per screen: home and the five steps, plus the dialogs every step shares
//! (settings, export). Each owns its state, its forms and confirmations, its `update` and its
//! `render`; this file is the [`Screen`] enum that dispatches between them, and the narrow
//! context ([`Ctx`]) a screen gets instead of the whole app.

pub mod backlog;
pub mod board;
pub mod brainstorm;
pub mod capture;
pub mod export;
pub mod home;
pub mod initiative_form;
pub mod objectives;
pub mod participants;
pub mod prioritise;
pub mod review;
pub mod save_as;
pub mod seat;
pub mod settings;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use crate::action::Action;
use crate::document::Document;
use crate::effect::Effect;
use crate::keymap::{Context, Keymap};
use crate::model::{Clock, Step};
use crate::ui::present::Focus;
use crate::ui::{Look, Message};

/// What a screen may use while it handles a key: the keymap (to name keys in what it
/// says), the clock, present mode, and the status line to say something on.
pub struct Ctx<'a> {
    pub keymap: &'a Keymap,
    pub clock: Clock,
    pub present: bool,
    pub message: &'a mut Option<Message>,
}

impl Ctx<'_> {
    pub fn info(&mut self, text: impl Into<String>) {
        *self.message = Some(Message::info(text));
    }

    pub fn error(&mut self, text: impl Into<String>) {
        *self.message = Some(Message::error(text));
    }

    /// The key that does `action` in `context`, for a message that names it.
    pub fn hint(&self, context: Context, action: Action) -> String {
        self.keymap.hint(context, action)
    }
}

/// Whether `text` contains every word of a `/` filter, ignoring case.
pub fn filter_matches(text: &str, filter: &str) -> bool {
    if filter.trim().is_empty() {
        return true;
    }
    let text = text.to_lowercase();
    filter.split_whitespace().all(|w| text.contains(&w.to_lowercase()))
}

/// Clears a `/` filter; whether there was one.
fn clear(filter: &mut String, cursor: &mut crate::ui::list::ListCursor) -> bool {
    if filter.is_empty() {
        return false;
    }
    filter.clear();
    cursor.reset();
    true
}

/// The screen on show, owning its state.
#[derive(Debug)]
pub enum Screen {
    Home(home::State),
    Backlog(backlog::State),
    Brainstorm(brainstorm::State),
    Prioritise(prioritise::State),
    Objectives(objectives::State),
    Review(review::State),
}

/// The steps not on screen keep their state here (selection, filter, view) to come back to.
#[derive(Debug, Default)]
pub struct Parked {
    backlog: Option<backlog::State>,
    brainstorm: Option<brainstorm::State>,
    prioritise: Option<prioritise::State>,
    objectives: Option<objectives::State>,
    review: Option<review::State>,
}

impl Parked {
    /// Step 3's parked state (made if it has none yet).
    pub fn prioritise(&mut self) -> &mut prioritise::State {
        self.prioritise.get_or_insert_default()
    }

    /// The steps as a person left them last time (from their own state file).
    pub fn restore(views: &Views) -> Parked {
        let mut parked = Parked::default();
        for step in Step::ALL {
            let Some(v) = views.steps.get(step.title()) else { continue };
            let mut screen = Screen::for_step(step, &mut parked);
            screen.restore(v);
            screen.park(&mut parked);
        }
        parked
    }

    /// What a person is looking at, to keep in their own state file: the step on screen
    /// and, for every step, its selection, filter and view.
    pub fn views(&self, on_screen: &Screen) -> Views {
        let mut views = Views { step: on_screen.step(), steps: std::collections::BTreeMap::new() };
        let mut note = |step: Step, cursor: &crate::ui::list::ListCursor, filter: &str, view: Option<String>| {
            let v = StepView { selected: cursor.selected, filter: filter.to_string(), view };
            views.steps.insert(step.title().to_string(), v);
        };
        let screens = [
            self.backlog.as_ref().map(|s| (Step::Backlog, &s.cursor, s.filter.as_str(), None)),
            self.brainstorm.as_ref().map(|s| (Step::Brainstorm, &s.cursor, s.filter.as_str(), None)),
            self.prioritise.as_ref().map(|s| (Step::Prioritise, &s.cursor, s.filter.as_str(), Some(s.view.name().to_string()))),
            self.objectives.as_ref().map(|s| (Step::Objectives, &s.cursor, "", None)),
            self.review.as_ref().map(|s| (Step::Review, &s.cursor, "", None)),
        ];
        for (step, cursor, filter, view) in screens.into_iter().flatten() {
            note(step, cursor, filter, view);
        }
        match on_screen {
            Screen::Home(_) => {}
            Screen::Backlog(s) => note(Step::Backlog, &s.cursor, &s.filter, None),
            Screen::Brainstorm(s) => note(Step::Brainstorm, &s.cursor, &s.filter, None),
            Screen::Prioritise(s) => note(Step::Prioritise, &s.cursor, &s.filter, Some(s.view.name().to_string())),
            Screen::Objectives(s) => note(Step::Objectives, &s.cursor, "", None),
            Screen::Review(s) => note(Step::Review, &s.cursor, "", None),
        }
        views
    }
}

/// What one person was looking at in a workshop: kept in their state folder, never in the
/// workshop file, so looking never changes what the team shares.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Views {
    #[serde(default)]
    pub step: Option<Step>,
    /// Each step by its title.
    #[serde(default)]
    pub steps: std::collections::BTreeMap<String, StepView>,
}

/// One step as it was left.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StepView {
    #[serde(default)]
    pub selected: usize,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub filter: String,
    /// Step 3's view (score, matrix, vote, themes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<String>,
}

impl Default for Screen {
    fn default() -> Self {
        Screen::Home(home::State::default())
    }
}

impl Screen {
    /// The step this screen is, if it is one.
    pub fn step(&self) -> Option<Step> {
        match self {
            Screen::Home(_) => None,
            Screen::Backlog(_) => Some(Step::Backlog),
            Screen::Brainstorm(_) => Some(Step::Brainstorm),
            Screen::Prioritise(_) => Some(Step::Prioritise),
            Screen::Objectives(_) => Some(Step::Objectives),
            Screen::Review(_) => Some(Step::Review),
        }
    }

    /// A step's screen, as it was left.
    pub fn for_step(step: Step, parked: &mut Parked) -> Screen {
        match step {
            Step::Backlog => Screen::Backlog(parked.backlog.take().unwrap_or_default()),
            Step::Brainstorm => Screen::Brainstorm(parked.brainstorm.take().unwrap_or_default()),
            Step::Prioritise => Screen::Prioritise(parked.prioritise.take().unwrap_or_default()),
            Step::Objectives => Screen::Objectives(parked.objectives.take().unwrap_or_default()),
            Step::Review => Screen::Review(parked.review.take().unwrap_or_default()),
        }
    }

    /// Puts a step's state aside to come back to (home is rebuilt each time).
    pub fn park(self, parked: &mut Parked) {
        match self {
            Screen::Home(_) => {}
            Screen::Backlog(s) => parked.backlog = Some(s),
            Screen::Brainstorm(s) => parked.brainstorm = Some(s),
            Screen::Prioritise(s) => parked.prioritise = Some(s),
            Screen::Objectives(s) => parked.objectives = Some(s),
            Screen::Review(s) => parked.review = Some(s),
        }
    }

    /// The keymap table that has the focus: a dialog's when one is open.
    pub fn context(&self, doc: Option<&Document>) -> Context {
        match self {
            Screen::Home(s) => s.context(),
            Screen::Backlog(s) => s.context(),
            Screen::Brainstorm(s) => s.context(doc.is_some_and(Document::drafting)),
            Screen::Prioritise(s) => s.context(),
            Screen::Objectives(s) => s.context(),
            Screen::Review(s) => s.context(),
        }
    }

    /// The screen's own table beneath any dialog: what `?` explains.
    pub fn help_context(&self, doc: Option<&Document>) -> Context {
        match self {
            Screen::Home(s) => s.help_context(),
            Screen::Backlog(_) => Context::Backlog,
            Screen::Brainstorm(_) if doc.is_some_and(Document::drafting) => Context::Draft,
            Screen::Brainstorm(_) => Context::Brainstorm,
            Screen::Prioritise(s) => s.help_context(),
            Screen::Objectives(_) => Context::Objectives,
            Screen::Review(_) => Context::Review,
        }
    }

    /// A key's action, for the screen (the app handles the global ones first).
    pub fn update(&mut self, ctx: &mut Ctx, doc: Option<&mut Document>, action: Action) -> Vec<Effect> {
        match (self, doc) {
            (Screen::Home(s), _) => s.update(ctx, action),
            (Screen::Backlog(s), Some(doc)) => s.update(ctx, doc, action),
            (Screen::Brainstorm(s), Some(doc)) => s.update(ctx, doc, action),
            (Screen::Prioritise(s), Some(doc)) => s.update(ctx, doc, action),
            (Screen::Objectives(s), Some(doc)) => s.update(ctx, doc, action),
            (Screen::Review(s), Some(doc)) => s.update(ctx, doc, action),
            (_, None) => vec![],
        }
    }

    /// A key that is no action here: text for whatever is being typed into.
    pub fn input(&mut self, key: KeyEvent) {
        match self {
            Screen::Home(s) => s.input(key),
            Screen::Backlog(s) => s.input(key),
            Screen::Brainstorm(s) => s.input(key),
            Screen::Prioritise(s) => s.input(key),
            Screen::Objectives(s) => s.input(key),
            Screen::Review(s) => s.input(key),
        }
    }

    /// Pasted text, for whatever is being typed into.
    pub fn paste(&mut self, ctx: &mut Ctx, doc: Option<&mut Document>, text: &str) {
        match (self, doc) {
            (Screen::Home(s), _) => s.paste(text),
            (Screen::Backlog(s), _) => s.paste(text),
            (Screen::Brainstorm(s), Some(doc)) => s.paste(ctx, doc, text),
            (Screen::Prioritise(s), Some(doc)) => s.paste(ctx, doc, text),
            (Screen::Objectives(s), _) => s.paste(text),
            (Screen::Review(s), _) => s.paste(text),
            (_, None) => {}
        }
    }

    /// Draws the screen into `area`, and its dialogs centred over `over` (the body under the
    /// tabs, title included).
    pub fn render(&self, frame: &mut Frame, area: Rect, over: Rect, look: &Look, doc: Option<&Document>, data_dir: &std::path::Path) {
        match (self, doc) {
            (Screen::Home(s), _) => s.render(frame, area, over, look, data_dir),
            (Screen::Backlog(s), Some(doc)) => s.render(frame, area, over, look, doc),
            (Screen::Brainstorm(s), Some(doc)) => s.render(frame, area, over, look, doc),
            (Screen::Prioritise(s), Some(doc)) => s.render(frame, area, over, look, doc),
            (Screen::Objectives(s), Some(doc)) => s.render(frame, area, over, look, doc),
            (Screen::Review(s), Some(doc)) => s.render(frame, area, over, look, doc),
            (_, None) => {}
        }
    }

    /// A click inside the screen's body: select the row or card under it.
    pub fn click(&mut self, column: u16, row: u16, doc: Option<&Document>) {
        match (self, doc) {
            (Screen::Home(s), _) => s.click(column, row),
            (Screen::Backlog(s), Some(doc)) => s.click(column, row, doc),
            (Screen::Brainstorm(s), Some(doc)) => s.click(column, row, doc),
            (Screen::Prioritise(s), Some(doc)) => s.click(column, row, doc),
            (Screen::Objectives(s), Some(doc)) => s.click(column, row, doc),
            (Screen::Review(s), Some(doc)) => s.click(column, row, doc),
            (_, None) => {}
        }
    }

    /// The selected item in words, enlarged for the room.
    pub fn focus(&self, doc: &Document, look: &Look) -> Option<Focus> {
        match self {
            Screen::Home(_) => None,
            Screen::Backlog(s) => s.focus(doc),
            Screen::Brainstorm(s) => s.focus(doc, look.present),
            Screen::Prioritise(s) => s.focus(doc),
            Screen::Objectives(s) => s.focus(doc, look.clock.today()),
            Screen::Review(s) => s.focus(doc, look.clock.today()),
        }
    }

    /// The `/` filter of the screen's list, where it has one.
    pub fn filter(&self) -> Option<&str> {
        match self {
            Screen::Backlog(s) => Some(&s.filter),
            Screen::Brainstorm(s) => Some(&s.filter),
            Screen::Prioritise(s) => Some(&s.filter),
            Screen::Home(_) | Screen::Objectives(_) | Screen::Review(_) => None,
        }
    }

    /// Puts a step back as it was left.
    fn restore(&mut self, v: &StepView) {
        let (cursor, filter) = match self {
            Screen::Backlog(s) => (&mut s.cursor, Some(&mut s.filter)),
            Screen::Brainstorm(s) => (&mut s.cursor, Some(&mut s.filter)),
            Screen::Prioritise(s) => {
                if let Some(view) = v.view.as_deref().and_then(prioritise::View::from_name) {
                    s.view = view;
                }
                (&mut s.cursor, Some(&mut s.filter))
            }
            Screen::Objectives(s) => (&mut s.cursor, None),
            Screen::Review(s) => (&mut s.cursor, None),
            Screen::Home(_) => return,
        };
        cursor.selected = v.selected;
        if let Some(filter) = filter {
            filter.clone_from(&v.filter);
        }
    }

    /// `Esc` with no dialog open: backs out one level of the step (the filter, a view other
    /// than the first, an earlier week, the scores). False at the top of the step.
    pub fn back(&mut self) -> bool {
        match self {
            Screen::Home(_) | Screen::Objectives(_) => false,
            Screen::Backlog(s) => clear(&mut s.filter, &mut s.cursor),
            Screen::Brainstorm(s) => s.card.take().is_some() || clear(&mut s.filter, &mut s.cursor),
            Screen::Prioritise(s) => s.back(),
            Screen::Review(s) => s.back(),
        }
    }

    /// Sets the `/` filter and moves the selection to the top; false where there is none.
    pub fn set_filter(&mut self, text: String) -> bool {
        let (filter, cursor) = match self {
            Screen::Backlog(s) => (&mut s.filter, &mut s.cursor),
            Screen::Brainstorm(s) => (&mut s.filter, &mut s.cursor),
            Screen::Prioritise(s) => (&mut s.filter, &mut s.cursor),
            Screen::Home(_) | Screen::Objectives(_) | Screen::Review(_) => return false,
        };
        *filter = text;
        cursor.reset();
        true
    }
}
