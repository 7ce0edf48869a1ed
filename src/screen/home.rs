//! Home: the workshops in the data folder, newest first, with create, open, rename, carry
//! over, delete to trash, restore from trash, and restore from backup.

use jiff::Timestamp;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::action::Action;
use crate::app::{App, Confirm, Effect, ListCursor, Overlay};
use crate::model::{Period, Step, Workshop};
use crate::store::{Backup, Listing, TrashEntry};
use crate::ui::form::{Form, FormPurpose};
use crate::ui::list;
use crate::ui::text::fit;
use crate::ui::theme::Palette;

/// A workshop as home lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkshopRow {
    pub slug: String,
    pub name: String,
    pub team: String,
    pub period: String,
    pub step: Option<Step>,
    pub modified: Option<Timestamp>,
    /// Why the file cannot be opened, if it cannot.
    pub error: Option<String>,
}

impl From<Listing> for WorkshopRow {
    fn from(l: Listing) -> Self {
        match l.summary {
            Ok(s) => {
                Self { slug: l.slug, name: s.name, team: s.team, period: s.period, step: Some(s.step), modified: l.modified, error: None }
            }
            Err(e) => {
                // The row is the file: say what is wrong without repeating its full path.
                let file = l.path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
                let message = e.to_string().replace(&l.path.display().to_string(), &file);
                Self {
                    name: l.slug.clone(),
                    slug: l.slug,
                    team: String::new(),
                    period: String::new(),
                    step: None,
                    modified: l.modified,
                    error: Some(crate::model::text::clean_line(&message)),
                }
            }
        }
    }
}

/// Which list home shows.
#[derive(Debug, Default)]
pub enum Panel {
    #[default]
    Workshops,
    Trash {
        entries: Vec<TrashEntry>,
        cursor: ListCursor,
    },
    Backups {
        slug: String,
        entries: Vec<Backup>,
        cursor: ListCursor,
    },
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    // Esc leaves the trash or the backups for the workshop list.
    if action == Action::Back && !matches!(app.home.panel, Panel::Workshops) {
        app.home.panel = Panel::Workshops;
        return vec![];
    }
    match &mut app.home.panel {
        Panel::Workshops => workshops_action(app, action),
        Panel::Trash { entries, cursor } => match action {
            Action::Open => match entries.get(cursor.selected) {
                Some(e) => vec![Effect::Restore(e.file.clone())],
                None => vec![],
            },
            other => {
                cursor.apply(other, entries.len(), 10);
                vec![]
            }
        },
        Panel::Backups { slug, entries, cursor } => match action {
            Action::Open => {
                let Some(b) = entries.get(cursor.selected) else { return vec![] };
                let when = b.taken.map_or_else(|| "an unknown time".to_string(), |t| app.clock.time_of_day(t));
                let slug = slug.clone();
                let path = b.path.clone();
                app.overlay = Some(Overlay::Confirm(Confirm {
                    title: "Restore backup".into(),
                    message: format!("Replace {slug} with the backup from {when}? The current file is kept aside, not deleted."),
                    on_yes: vec![Effect::RestoreBackup { slug, path }],
                    change: None,
                }));
                vec![]
            }
            other => {
                cursor.apply(other, entries.len(), 10);
                vec![]
            }
        },
    }
}

fn workshops_action(app: &mut App, action: Action) -> Vec<Effect> {
    let selected = app.home.rows.get(app.home.cursor.selected).cloned();
    match action {
        Action::NewWorkshop => {
            app.overlay = Some(Overlay::Form(Box::new(new_form(app))));
            vec![]
        }
        Action::ShowTrash => vec![Effect::LoadTrash],
        Action::Open | Action::RenameWorkshop | Action::CarryOver | Action::DeleteWorkshop | Action::ShowBackups => {
            let Some(row) = selected else {
                app.info("no workshop selected: press n to create one");
                return vec![];
            };
            row_action(app, action, row)
        }
        other => {
            app.home.cursor.apply(other, app.home.rows.len(), 10);
            vec![]
        }
    }
}

fn row_action(app: &mut App, action: Action, row: WorkshopRow) -> Vec<Effect> {
    if let Some(err) = &row.error
        && action != Action::ShowBackups
        && action != Action::DeleteWorkshop
    {
        app.error(format!("{} cannot be opened (press b for its backups): {err}", row.name));
        return vec![];
    }
    match action {
        Action::Open => vec![Effect::Open { slug: row.slug, step: None }],
        Action::RenameWorkshop => {
            let form =
                Form::new(format!("Rename {}", row.name), FormPurpose::Rename { slug: row.slug }).field("Name", &row.name, "workshop name");
            app.overlay = Some(Overlay::Form(Box::new(form)));
            vec![]
        }
        Action::CarryOver => {
            let next = Period::parse(&row.period).map(|p| p.next().label).unwrap_or_default();
            let name = if !row.period.is_empty() && row.name.contains(&row.period) {
                row.name.replace(&row.period, &next)
            } else {
                format!("{} {next}", row.name).trim().to_string()
            };
            let form = Form::new(format!("Carry over {} to the next period", row.name), FormPurpose::CarryOver { slug: row.slug }).field(
                "Name",
                &name,
                "name of the new workshop",
            );
            app.overlay = Some(Overlay::Form(Box::new(form)));
            app.info("carries objectives, key results and themes; not check-ins");
            vec![]
        }
        Action::DeleteWorkshop => {
            app.overlay = Some(Overlay::Confirm(Confirm {
                title: "Delete workshop".into(),
                message: format!("Move \"{}\" to the trash? You can restore it from the trash (t).", row.name),
                on_yes: vec![Effect::Delete(row.slug)],
                change: None,
            }));
            vec![]
        }
        Action::ShowBackups => vec![Effect::LoadBackups(row.slug)],
        _ => vec![],
    }
}

fn new_form(app: &App) -> Form {
    let next_quarter = Period::quarter_of(app.clock.today()).next();
    Form::new("New workshop", FormPurpose::NewWorkshop).field("Name", "", "e.g. Platform team 2027-Q1").field("Team", "", "optional").field(
        "Period",
        &next_quarter.label,
        "2027-Q1, 2027-H2 or 2027",
    )
}

pub fn submit(app: &mut App, mut form: Form) -> (Vec<Effect>, Option<Form>) {
    form.clear_errors();
    let name = form.value(0);
    if name.is_empty() {
        form.set_error(0, "a workshop needs a name");
    }
    match form.purpose.clone() {
        FormPurpose::NewWorkshop => {
            let period = Period::parse(&form.value(2));
            if let Err(e) = &period {
                form.set_error(2, e.to_string());
            }
            match period {
                Ok(period) if !form.has_errors() => {
                    let workshop = Workshop::new(&name, &form.value(1), period, app.clock.now());
                    (vec![Effect::Create(Box::new(workshop))], None)
                }
                _ => (vec![], Some(form)),
            }
        }
        FormPurpose::Rename { slug } if !form.has_errors() => (vec![Effect::Rename { slug, name }], None),
        FormPurpose::CarryOver { slug } if !form.has_errors() => (vec![Effect::CarryOver { slug, name }], None),
        _ => (vec![], Some(form)),
    }
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, palette: &Palette) {
    let [head, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(area);
    let (title, hint) = match &app.home.panel {
        Panel::Workshops => ("Workshops", format!("in {}", app.data_dir.display())),
        Panel::Trash { .. } => ("Trash", "deleted workshops; Enter restores one".to_string()),
        Panel::Backups { slug, .. } => ("Backups", format!("earlier versions of {slug}; Enter restores one")),
    };
    let head_line = Line::from(vec![
        Span::styled(format!(" {title} "), palette.title),
        Span::styled(fit(&hint, area.width.saturating_sub(14) as usize), palette.muted),
    ]);
    frame.render_widget(Paragraph::new(head_line).style(palette.base), head);
    match &app.home.panel {
        Panel::Workshops => render_workshops(frame, body, app, palette),
        Panel::Trash { entries, cursor } => {
            if entries.is_empty() {
                frame.render_widget(Paragraph::new(" The trash is empty.").style(palette.muted), body);
            }
            list::draw(frame, body, cursor, entries.len(), palette, |i| {
                let e = &entries[i];
                let when = e.deleted.map_or_else(String::new, |t| format!("deleted {}", app.clock.date_time(t)));
                Line::from(vec![Span::raw(format!(" {} ", fit(&e.name, 40))), Span::styled(when, palette.muted)])
            });
        }
        Panel::Backups { entries, cursor, .. } => {
            if entries.is_empty() {
                frame.render_widget(Paragraph::new(" No backups yet: one is kept at each save.").style(palette.muted), body);
            }
            list::draw(frame, body, cursor, entries.len(), palette, |i| {
                let b = &entries[i];
                let name = b.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let when = b.taken.map(|t| app.clock.date_time(t)).unwrap_or_default();
                Line::from(vec![Span::raw(format!(" {when:<17} ")), Span::styled(name, palette.muted)])
            });
        }
    }
}

fn render_workshops(frame: &mut Frame, area: Rect, app: &App, palette: &Palette) {
    let rows = &app.home.rows;
    if rows.is_empty() {
        let text = vec![
            Line::from(""),
            Line::from(Span::styled(" No workshops yet.", palette.title)),
            Line::from(""),
            Line::from(" Press n to create one, or run `quarterdeck demo` to try a sample workshop."),
        ];
        frame.render_widget(Paragraph::new(text).style(palette.base), area);
        return;
    }
    let [header, list_area] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let width = area.width as usize;
    let name_w = width.saturating_sub(2 + 16 + 9 + 13 + 17).clamp(12, 48);
    let team_w = 15;
    let head = format!(" {:<name_w$} {:<team_w$} {:<8} {:<12} {}", "Name", "Team", "Period", "Step", "Last saved");
    frame.render_widget(Paragraph::new(fit(&head, width)).style(palette.muted), header);
    list::draw(frame, list_area, &app.home.cursor, rows.len(), palette, |i| {
        let r = &rows[i];
        let saved = r.modified.map(|t| app.clock.date_time(t)).unwrap_or_default();
        match &r.error {
            Some(err) => Line::from(vec![
                Span::raw(format!(" {} ", crate::ui::text::pad(&r.name, name_w))),
                Span::styled(fit(&format!("⚠ cannot open: {err}"), width.saturating_sub(name_w + 2)), palette.bad),
            ]),
            None => {
                let step = r.step.map(|s| format!("{} {}", s.number(), s.title())).unwrap_or_default();
                Line::from(vec![
                    Span::raw(format!(" {} ", crate::ui::text::pad(&r.name, name_w))),
                    Span::styled(format!("{} ", crate::ui::text::pad(&r.team, team_w)), palette.muted),
                    Span::raw(format!("{:<8} {:<12} ", fit(&r.period, 8), step)),
                    Span::styled(saved, palette.muted),
                ])
            }
        }
    });
}
