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

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::{App, Effect, Session};
use crate::model::Step;
use crate::ui::form::{Form, FormPurpose};
use crate::ui::theme::Palette;

/// Whether `text` contains every word of a `/` filter, ignoring case.
pub fn filter_matches(text: &str, filter: &str) -> bool {
    if filter.trim().is_empty() {
        return true;
    }
    let text = text.to_lowercase();
    filter.split_whitespace().all(|w| text.contains(&w.to_lowercase()))
}

/// How many selectable rows a step's list has.
pub fn row_count(session: &Session, step: Step) -> usize {
    let workshop = &session.workshop;
    let filter = session.filters[step as usize].as_str();
    match step {
        Step::Backlog => backlog::row_count(workshop, filter),
        Step::Brainstorm => brainstorm::row_count(session),
        Step::Prioritise => prioritise::row_count(session),
        Step::Objectives => objectives::row_count(workshop),
        Step::Review => objectives::okr_rows(workshop).len(),
    }
}

/// Draws a step's body.
pub fn render_step(frame: &mut Frame, area: Rect, app: &App, session: &Session, step: Step, palette: &Palette) {
    let today = app.clock.today();
    match step {
        Step::Backlog => backlog::render(frame, area, session, today, palette),
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
        FormPurpose::Export => submit_export(form),
        FormPurpose::NewWorkshop | FormPurpose::Rename { .. } | FormPurpose::CarryOver { .. } => home::submit(app, form),
    }
}

/// The selected item of a step in words, for the focus panel: a heading and details.
pub fn focus_text(app: &App, session: &Session, step: Step) -> Option<(String, Vec<String>)> {
    let w = &session.workshop;
    let selected = session.cursors[step as usize].selected;
    let filter = session.filters[step as usize].as_str();
    let lines = |text: &str| text.lines().map(String::from).collect::<Vec<_>>();
    match step {
        Step::Backlog => {
            let item = backlog::visible(w, filter).get(selected).and_then(|i| w.backlog.items.get(*i))?;
            let mut details = vec![format!("{} · {}", item.short_id(), item.labels.join(", "))];
            details.extend(lines(&item.description));
            Some((item.title.clone(), details))
        }
        Step::Brainstorm => {
            let ini = brainstorm::shown(w, filter, session.brainstorm_sort).get(selected).copied()?;
            let by = if app.present && w.silent_mode { String::new() } else { format!("by {} · ", w.author_name(ini.author)) };
            let mut details = vec![format!("{by}{} · {}", ini.size.label(), ini.source.label())];
            details.extend(lines(&ini.description));
            Some((ini.title.clone(), details))
        }
        Step::Prioritise => {
            let id = match session.prioritise.view {
                prioritise::View::Board => board::selected_initiative(session),
                _ => prioritise::selected_initiative(session),
            }?;
            let ini = w.initiative(id)?;
            let score = match (ini.impact, ini.cost) {
                (Some(i), Some(c)) => format!("impact {i} · cost {c} · {}", ini.quadrant().map_or("", crate::model::Quadrant::label)),
                _ => "not scored yet".to_string(),
            };
            let mut details = vec![score, format!("{} votes", ini.total_votes())];
            details.extend(lines(&ini.description));
            Some((ini.title.clone(), details))
        }
        Step::Objectives | Step::Review => {
            let rows = if step == Step::Objectives { objectives::rows(w) } else { objectives::okr_rows(w) };
            match rows.get(selected).copied()? {
                objectives::Row::Objective(o) => Some((o.title.clone(), lines(&o.rationale))),
                objectives::Row::KeyResult(o, kr) => {
                    let week = if step == Step::Review {
                        review::shown_week(session, app.clock.today())
                    } else {
                        w.current_week(app.clock.today())
                    };
                    let standing = kr.standing(week).label();
                    Some((kr.description.clone(), vec![o.title.clone(), format!("{} · {standing}", kr.target_text())]))
                }
                objectives::Row::Linked(kr, ini) => Some((ini.title.clone(), vec![format!("drives: {}", kr.description)])),
                objectives::Row::ThemeWithout(t) => Some((t.name.clone(), vec!["This theme has no objective yet.".into()])),
            }
        }
    }
}

/// The export form: which format, and where.
fn submit_export(mut form: Form) -> (Vec<Effect>, Option<Form>) {
    use crate::cli::{CsvWhat, ExportFormat};
    form.clear_errors();
    let (format, what) = match form.value(0).to_lowercase().as_str() {
        "markdown" | "md" | "" => (ExportFormat::Markdown, CsvWhat::KeyResults),
        "csv" | "csv key results" => (ExportFormat::Csv, CsvWhat::KeyResults),
        "csv initiatives" | "initiatives" => (ExportFormat::Csv, CsvWhat::Initiatives),
        "json" => (ExportFormat::Json, CsvWhat::KeyResults),
        _ => {
            form.set_error(0, "markdown, csv, csv initiatives or json");
            return (vec![], Some(form));
        }
    };
    let path = form.value(1);
    if path.is_empty() {
        form.set_error(1, "where should it go?");
        return (vec![], Some(form));
    }
    (vec![Effect::Export { format, what, path: path.into() }], None)
}
