//! Home: the workshops in the data folder, newest first, with create, open, rename, carry
//! over, delete to trash, restore from trash, and restore from backup.

use jiff::Timestamp;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Ctx;
use crate::action::Action;
use crate::effect::Effect;
use crate::keymap::Context;
use crate::model::text::{MAX_TITLE_CHARS, name_key};
use crate::model::{Period, Step, Workshop};
use crate::store::{Backup, Listing, TrashEntry};
use crate::ui::Look;
use crate::ui::confirm::Confirm;
use crate::ui::form::{Form, FormEvent};
use crate::ui::list::{self, ListCursor};
use crate::ui::text::{fit, pad};

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
    /// What tells what is due in it (`Workshop::due`), read at listing.
    pub facts: Option<Box<crate::model::Workshop>>,
}

impl From<Listing> for WorkshopRow {
    fn from(l: Listing) -> Self {
        match l.summary {
            Ok(s) => Self {
                slug: l.slug,
                name: s.name,
                team: s.team,
                period: s.period,
                step: s.step,
                modified: l.modified,
                error: None,
                facts: s.due,
            },
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
                    facts: None,
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

/// The one field of home's forms, and the three of a new workshop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Team,
    Period,
}

/// What a form or question on home is about.
#[derive(Debug)]
pub enum Dialog {
    New(Form<Field>),
    Rename { slug: String, form: Form<Field> },
    CarryOver { slug: String, form: Form<Field> },
    Confirm(Confirm<Effect>),
}

/// Home's state: the workshops as last listed, the selection, the panel and any dialog.
#[derive(Debug, Default)]
pub struct State {
    pub rows: Vec<WorkshopRow>,
    pub cursor: ListCursor,
    pub panel: Panel,
    pub dialog: Option<Dialog>,
}

impl State {
    pub fn context(&self) -> Context {
        match &self.dialog {
            Some(Dialog::Confirm(_)) => Context::Confirm,
            Some(_) => Context::Form,
            None => self.help_context(),
        }
    }

    pub fn help_context(&self) -> Context {
        match self.panel {
            Panel::Workshops => Context::Home,
            Panel::Trash { .. } => Context::Trash,
            Panel::Backups { .. } => Context::Backups,
        }
    }

    /// The folder's workshops, listed again; the selection stays on `select` if given.
    pub fn listed(&mut self, listings: Vec<Listing>, select: Option<&str>) {
        self.rows = listings.into_iter().map(WorkshopRow::from).collect();
        if let Some(i) = select.and_then(|slug| self.rows.iter().position(|r| r.slug == slug)) {
            self.cursor.selected = i;
        }
        self.cursor.selected = self.cursor.selected.min(self.rows.len().saturating_sub(1));
    }

    /// The file name of the workshop the cursor is on.
    pub fn selected_slug(&self) -> Option<String> {
        self.rows.get(self.cursor.selected).map(|r| r.slug.clone())
    }

    pub fn show_trash(&mut self, entries: Vec<TrashEntry>) {
        self.panel = Panel::Trash { entries, cursor: ListCursor::default() };
    }

    pub fn show_backups(&mut self, slug: String, entries: Vec<Backup>) {
        self.panel = Panel::Backups { slug, entries, cursor: ListCursor::default() };
    }

    pub fn update(&mut self, ctx: &mut Ctx, action: Action) -> Vec<Effect> {
        if let Some(dialog) = self.dialog.take() {
            return self.answer(ctx, dialog, action);
        }
        // Esc leaves the trash or the backups for the workshop list.
        if action == Action::Back && !matches!(self.panel, Panel::Workshops) {
            self.panel = Panel::Workshops;
            return vec![];
        }
        match &mut self.panel {
            Panel::Workshops => self.workshops_action(ctx, action),
            Panel::Trash { entries, cursor } => match action {
                Action::Open => entries.get(cursor.selected).map(|e| vec![Effect::Restore(e.file.clone())]).unwrap_or_default(),
                other => {
                    cursor.apply(other, entries.len(), 10);
                    vec![]
                }
            },
            Panel::Backups { slug, entries, cursor } => match action {
                Action::Open => {
                    let Some(b) = entries.get(cursor.selected) else { return vec![] };
                    let when = b.taken.map_or_else(|| "an unknown time".to_string(), |t| ctx.clock.time_of_day(t));
                    let message = format!("Replace {slug} with the backup from {when}? The current file is kept aside, not deleted.");
                    let on_yes = Effect::RestoreBackup { slug: slug.clone(), path: b.path.clone() };
                    self.dialog = Some(Dialog::Confirm(Confirm::new("Restore backup", message, on_yes)));
                    vec![]
                }
                other => {
                    cursor.apply(other, entries.len(), 10);
                    vec![]
                }
            },
        }
    }

    /// A key while a form or question is open; the dialog stays open unless it is done.
    fn answer(&mut self, ctx: &mut Ctx, dialog: Dialog, action: Action) -> Vec<Effect> {
        let (mut form, kind) = match dialog {
            Dialog::Confirm(confirm) => return confirm.answer(action).into_iter().collect(),
            Dialog::New(form) => (form, None),
            Dialog::Rename { slug, form } => (form, Some((slug, false))),
            Dialog::CarryOver { slug, form } => (form, Some((slug, true))),
        };
        let keep = |form| match &kind {
            None => Dialog::New(form),
            Some((slug, false)) => Dialog::Rename { slug: slug.clone(), form },
            Some((slug, true)) => Dialog::CarryOver { slug: slug.clone(), form },
        };
        match form.handle(action) {
            FormEvent::Cancel => vec![],
            FormEvent::Submit => {
                let done = match &kind {
                    None => submit_new(ctx, &mut form, &self.rows),
                    Some((slug, carry)) => named(&mut form, &self.rows, (!carry).then_some(slug.as_str())).map(|name| {
                        if *carry { Effect::CarryOver { slug: slug.clone(), name } } else { Effect::Rename { slug: slug.clone(), name } }
                    }),
                };
                if done.is_none() {
                    self.dialog = Some(keep(form));
                }
                done.into_iter().collect()
            }
            FormEvent::Handled | FormEvent::Ignored => {
                self.dialog = Some(keep(form));
                vec![]
            }
        }
    }

    fn form_mut(&mut self) -> Option<&mut Form<Field>> {
        match &mut self.dialog {
            Some(Dialog::New(form) | Dialog::Rename { form, .. } | Dialog::CarryOver { form, .. }) => Some(form),
            _ => None,
        }
    }

    pub fn input(&mut self, key: KeyEvent) {
        if let Some(form) = self.form_mut() {
            form.input(key);
        }
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(form) = self.form_mut() {
            form.paste(text);
        }
    }

    fn workshops_action(&mut self, ctx: &mut Ctx, action: Action) -> Vec<Effect> {
        match action {
            Action::NewWorkshop => {
                self.dialog = Some(Dialog::New(new_form(ctx)));
                vec![]
            }
            Action::ShowTrash => vec![Effect::LoadTrash],
            Action::Open | Action::RenameWorkshop | Action::CarryOver | Action::DeleteWorkshop | Action::ShowBackups => {
                let Some(row) = self.rows.get(self.cursor.selected).cloned() else {
                    ctx.info(format!("no workshop selected: press {} to create one", ctx.hint(Context::Home, Action::NewWorkshop)));
                    return vec![];
                };
                self.row_action(ctx, action, row)
            }
            other => {
                self.cursor.apply(other, self.rows.len(), 10);
                vec![]
            }
        }
    }

    fn row_action(&mut self, ctx: &mut Ctx, action: Action, row: WorkshopRow) -> Vec<Effect> {
        if let Some(err) = &row.error
            && action != Action::ShowBackups
            && action != Action::DeleteWorkshop
        {
            let backups = ctx.hint(Context::Home, Action::ShowBackups);
            ctx.error(format!("{} cannot be opened (press {backups} for its backups): {err}", row.name));
            return vec![];
        }
        match action {
            Action::Open => vec![Effect::Open { slug: row.slug, step: None }],
            Action::RenameWorkshop => {
                let form = Form::new(format!("Rename {}", row.name)).field(Field::Name, "Name", &row.name, "workshop name");
                self.dialog = Some(Dialog::Rename { slug: row.slug, form });
                vec![]
            }
            Action::CarryOver => {
                let next = Period::parse(&row.period).map(|p| p.next().label).unwrap_or_default();
                let name = if !row.period.is_empty() && row.name.contains(&row.period) {
                    row.name.replace(&row.period, &next)
                } else {
                    format!("{} {next}", row.name).trim().to_string()
                };
                let form = Form::new(format!("Carry over {} to the next period", row.name)).field(
                    Field::Name,
                    "Name",
                    &name,
                    "name of the new workshop",
                );
                self.dialog = Some(Dialog::CarryOver { slug: row.slug, form });
                ctx.info("carries objectives, key results and themes; not check-ins");
                vec![]
            }
            Action::DeleteWorkshop => {
                let trash = ctx.hint(Context::Home, Action::ShowTrash);
                let message = format!("Move \"{}\" to the trash? You can restore it from the trash ({trash}).", row.name);
                self.dialog = Some(Dialog::Confirm(Confirm::new("Delete workshop", message, Effect::Delete(row.slug))));
                vec![]
            }
            Action::ShowBackups => vec![Effect::LoadBackups(row.slug)],
            _ => vec![],
        }
    }

    /// Selects the workshop under a click.
    pub fn click(&mut self, column: u16, row: u16) {
        if let Panel::Workshops = self.panel {
            self.cursor.click(column, row, self.rows.len());
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, over: Rect, look: &Look, data_dir: &std::path::Path) {
        let palette = look.palette;
        let [head, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(area);
        let restore = look.keymap.hint(self.help_context(), Action::Open);
        let (title, hint) = match &self.panel {
            Panel::Workshops => ("Workshops", format!("in {}", data_dir.display())),
            Panel::Trash { .. } => ("Trash", format!("deleted workshops; {restore} restores one")),
            Panel::Backups { slug, .. } => ("Backups", format!("earlier versions of {slug}; {restore} restores one")),
        };
        let head_line = Line::from(vec![
            Span::styled(format!(" {title} "), palette.title),
            Span::styled(fit(&hint, area.width.saturating_sub(14) as usize), palette.muted),
        ]);
        frame.render_widget(Paragraph::new(head_line).style(palette.base), head);
        match &self.panel {
            Panel::Workshops => self.render_workshops(frame, body, look),
            Panel::Trash { entries, cursor } => {
                if entries.is_empty() {
                    frame.render_widget(Paragraph::new(" The trash is empty.").style(palette.muted), body);
                }
                list::draw(frame, body, cursor, entries.len(), palette, |i| {
                    let e = &entries[i];
                    let when = e.deleted.map_or_else(String::new, |t| format!("deleted {}", look.clock.date_time(t)));
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
                    let when = b.taken.map(|t| look.clock.date_time(t)).unwrap_or_default();
                    Line::from(vec![Span::raw(format!(" {when:<17} ")), Span::styled(name, palette.muted)])
                });
            }
        }
        match &self.dialog {
            Some(Dialog::Confirm(confirm)) => confirm.render(frame, over, look),
            Some(Dialog::New(form) | Dialog::Rename { form, .. } | Dialog::CarryOver { form, .. }) => form.render(frame, over, look, &[]),
            None => {}
        }
    }

    fn render_workshops(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let palette = look.palette;
        let rows = &self.rows;
        if rows.is_empty() {
            let new = look.keymap.hint(Context::Home, Action::NewWorkshop);
            let text = vec![
                Line::from(""),
                Line::from(Span::styled(" No workshops yet.", palette.title)),
                Line::from(""),
                Line::from(format!(" Press {new} to create one, or run `quarterdeck demo` to try a sample workshop.")),
            ];
            frame.render_widget(Paragraph::new(text).style(palette.base), area);
            return;
        }
        let [header, list_area] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        let width = area.width as usize;
        // Narrow, what is due takes the place of when it was saved.
        let saved_w = if width >= 100 { 17 } else { 0 };
        let (team_w, due_w) = (15, 18);
        let name_w = width.saturating_sub(2 + 16 + 9 + 13 + due_w + saved_w).clamp(12, 48);
        let saved_head = if saved_w > 0 { "Last saved" } else { "" };
        let head = format!(" {:<name_w$} {:<team_w$} {:<8} {:<12} {:<due_w$}{saved_head}", "Name", "Team", "Period", "Step", "Due");
        frame.render_widget(Paragraph::new(fit(&head, width)).style(palette.muted), header);
        let today = look.clock.today();
        let all: Vec<&crate::model::Workshop> = rows.iter().filter_map(|r| r.facts.as_deref()).collect();
        list::draw(frame, list_area, &self.cursor, rows.len(), palette, |i| {
            let r = &rows[i];
            let saved = if saved_w > 0 { r.modified.map(|t| look.clock.date_time(t)).unwrap_or_default() } else { String::new() };
            let due = r.facts.as_deref().map(|w| {
                let others: Vec<&crate::model::Workshop> = all.iter().copied().filter(|o| !std::ptr::eq(*o, w)).collect();
                w.due(today, &others)
            });
            let due_style = if due.as_ref().is_some_and(crate::model::due::Due::anything) { palette.warn } else { palette.muted };
            let due = due.map(|d| d.short()).unwrap_or_default();
            match &r.error {
                Some(err) => Line::from(vec![
                    Span::raw(format!(" {} ", pad(&r.name, name_w))),
                    Span::styled(fit(&format!("⚠ cannot open: {err}"), width.saturating_sub(name_w + 2)), palette.bad),
                ]),
                None => {
                    let step = r.step.map(|s| format!("{} {}", s.number(), s.title())).unwrap_or_default();
                    Line::from(vec![
                        Span::raw(format!(" {} ", pad(&r.name, name_w))),
                        Span::styled(format!("{} ", pad(&r.team, team_w)), palette.muted),
                        Span::raw(format!("{:<8} {:<12} ", fit(&r.period, 8), step)),
                        Span::styled(format!("{} ", pad(&due, due_w - 1)), due_style),
                        Span::styled(saved, palette.muted),
                    ])
                }
            }
        });
    }
}

fn new_form(ctx: &Ctx) -> Form<Field> {
    let next_quarter = Period::quarter_of(ctx.clock.today()).next();
    Form::new("New workshop").field(Field::Name, "Name", "", "e.g. Platform team 2027-Q1").field(Field::Team, "Team", "", "optional").field(
        Field::Period,
        "Period",
        &next_quarter.label,
        "2027-Q1, 2027-H2 or 2027",
    )
}

/// The name typed, or an error on the field: empty, longer than a title may be, or the
/// name of another workshop in all but case and spacing (`own` is the workshop being
/// renamed, which may keep its name).
fn named(form: &mut Form<Field>, rows: &[WorkshopRow], own: Option<&str>) -> Option<String> {
    form.clear_errors();
    let name = form.value(Field::Name);
    let chars = name.chars().count();
    let key = name_key(&name);
    if name.is_empty() {
        form.set_error(Field::Name, "a workshop needs a name");
    } else if chars > MAX_TITLE_CHARS {
        form.set_error(Field::Name, format!("a name holds {MAX_TITLE_CHARS} characters; this one has {chars}"));
    } else if let Some(other) = rows.iter().find(|r| r.error.is_none() && Some(r.slug.as_str()) != own && name_key(&r.name) == key) {
        form.set_error(Field::Name, format!("\"{}\" is already a workshop here; choose another name", other.name));
    } else {
        return Some(name);
    }
    None
}

fn submit_new(ctx: &Ctx, form: &mut Form<Field>, rows: &[WorkshopRow]) -> Option<Effect> {
    let name = named(form, rows, None);
    let period = Period::parse(&form.value(Field::Period)).map_err(|e| form.set_error(Field::Period, e.to_string())).ok();
    let workshop = Workshop::new(&name?, &form.value(Field::Team), period?, ctx.clock.now());
    Some(Effect::Create { workshop: Box::new(workshop), step: None })
}
