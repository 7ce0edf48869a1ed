//! One module per screen: home and the five steps. Each has its view (and, where it has
//! its own keys, its update); this file dispatches between them.

pub mod backlog;
pub mod board;
pub mod brainstorm;
pub mod home;
pub mod initiative_form;
pub mod objectives;
pub mod prioritise;
pub mod review;
pub mod settings;

use jiff::civil::Date;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::{App, Effect, Session};
use crate::model::Step;
use crate::ui::form::{Form, FormPurpose};
use crate::ui::theme::Palette;

/// Whether `text` contains every word of a `/` filter, ignoring case.
pub fn filter_matches(text: &str, filter: &str) -> bool {
    let text = text.to_lowercase();
    filter.split_whitespace().all(|w| text.contains(&w.to_lowercase()))
}

/// How many selectable rows a step's list has.
pub fn row_count(session: &Session, step: Step, today: Date) -> usize {
    let workshop = &session.workshop;
    let filter = session.filters[step as usize].as_str();
    match step {
        Step::Backlog => backlog::row_count(workshop, filter),
        Step::Brainstorm => brainstorm::row_count(session),
        Step::Prioritise => prioritise::row_count(session),
        Step::Objectives => objectives::row_count(workshop),
        Step::Review => review::rows(workshop, today).len(),
    }
}

/// Draws a step's body.
pub fn render_step(frame: &mut Frame, area: Rect, app: &App, session: &Session, step: Step, palette: &Palette) {
    let today = app.clock.today();
    let cursor = &session.cursors[step as usize];
    let w = &session.workshop;
    let filter = session.filters[step as usize].as_str();
    match step {
        Step::Backlog => backlog::render(frame, area, w, cursor, filter, today, palette),
        Step::Brainstorm => brainstorm::render(frame, area, app, session, palette),
        Step::Prioritise => prioritise::render(frame, area, app, session, palette),
        Step::Objectives => objectives::render(frame, area, session, palette),
        Step::Review => review::render(frame, area, session, today, palette),
    }
}

/// Submits a form: returns the effects, and the form again (with errors) if it stays open.
pub fn submit_form(app: &mut App, form: Form) -> (Vec<Effect>, Option<Form>) {
    match form.purpose.clone() {
        FormPurpose::Settings => settings::submit(app, form),
        FormPurpose::Rescue { .. } => backlog::submit_rescue(app, form),
        FormPurpose::NewInitiative | FormPurpose::EditInitiative { .. } | FormPurpose::Participants { .. } => brainstorm::submit(app, form),
        FormPurpose::NewTheme | FormPurpose::EditTheme { .. } => board::submit(app, form),
        FormPurpose::Objective { .. } | FormPurpose::KeyResult { .. } | FormPurpose::Dismiss { .. } => objectives::submit(app, form),
        FormPurpose::CheckIn { .. }
        | FormPurpose::WeeklyNote { .. }
        | FormPurpose::Adjust { .. }
        | FormPurpose::Score { .. }
        | FormPurpose::Learnings { .. }
        | FormPurpose::CarryOverChosen => review::submit(app, form),
        FormPurpose::NewWorkshop | FormPurpose::Rename { .. } | FormPurpose::CarryOver { .. } => home::submit(app, form),
    }
}
