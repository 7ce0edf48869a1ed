//! Step 1, backlog bankruptcy: import an old backlog, show the room how stale it is,
//! declare bankruptcy (everything shelved, nothing deleted), browse and search the shelf,
//! and rescue an item only by reframing it as a new initiative.

use jiff::civil::Date;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::Ctx;
use super::initiative_form::{self, Field};
use crate::action::Action;
use crate::document::Document;
use crate::effect::Effect;
use crate::keymap::Context;
use crate::model::backlog::{Imported, title_key};
use crate::model::bankruptcy::BacklogFacts;
use crate::model::count::count;
use crate::model::{BacklogItem, BacklogItemId, BacklogState, Capture, InitiativeSource, ItemStatus, Size, Workshop};
use crate::ui::Look;
use crate::ui::confirm::Confirm;
use crate::ui::form::{Form, FormEvent};
use crate::ui::list::{self, ListCursor};
use crate::ui::present::Focus;
use crate::ui::prompt::{PathPrompt, PromptEvent};
use crate::ui::text::{fit, pad, wrap};
use crate::ui::theme::Palette;

/// The coaching question whenever someone reaches for the old backlog.
pub const RESCUE_HINT: &str = "What would you do if this backlog did not exist?";

/// Whether an item matches a `/` filter: its title, id, a label, its section or its status
/// contains every word.
fn matches(item: &BacklogItem, words: &[String]) -> bool {
    words.iter().all(|w| {
        contains(&item.title, w)
            || item.external_id.as_deref().is_some_and(|id| contains(id, w))
            || item.labels.iter().any(|l| contains(l, w))
            || contains(&item.section, w)
            || item.status.label().contains(w.as_str())
    })
}

fn contains(haystack: &str, lower_needle: &str) -> bool {
    haystack.to_lowercase().contains(lower_needle)
}

/// Indices of the items the list shows, in file order.
pub fn visible(w: &Workshop, filter: &str) -> Vec<usize> {
    let words: Vec<String> = filter.split_whitespace().map(str::to_lowercase).collect();
    if words.is_empty() {
        return (0..w.backlog.items.len()).collect();
    }
    w.backlog.items.iter().enumerate().filter(|(_, i)| matches(i, &words)).map(|(n, _)| n).collect()
}

/// What is open over the list.
#[derive(Debug)]
enum Dialog {
    Import(Box<PathPrompt>),
    Rescue { item: BacklogItemId, form: Form<Field> },
    Declare(Confirm<()>),
}

/// Step 1's state: the selection, the `/` filter, and any dialog.
#[derive(Debug, Default)]
pub struct State {
    pub cursor: ListCursor,
    pub filter: String,
    dialog: Option<Dialog>,
}

impl State {
    pub fn context(&self) -> Context {
        match &self.dialog {
            Some(Dialog::Import(_)) => Context::PathPrompt,
            Some(Dialog::Rescue { .. }) => Context::Form,
            Some(Dialog::Declare(_)) => Context::Confirm,
            None => Context::Backlog,
        }
    }

    pub fn update(&mut self, ctx: &mut Ctx, doc: &mut Document, action: Action) -> Vec<Effect> {
        if self.dialog.is_some() {
            return self.answer(ctx, doc, action);
        }
        let w = doc.workshop();
        if ListCursor::moves(action) {
            self.cursor.apply(action, visible(w, &self.filter).len(), 10);
            return vec![];
        }
        match action {
            Action::Import => {
                if doc.read_only.is_some() {
                    ctx.error("read-only: this workshop is open in another Quarterdeck");
                    return vec![];
                }
                self.dialog = Some(Dialog::Import(Box::default()));
            }
            Action::DeclareBankruptcy => self.ask_to_declare(ctx, w),
            Action::Rescue => self.open_rescue(ctx, w),
            _ => {}
        }
        vec![]
    }

    fn ask_to_declare(&mut self, ctx: &mut Ctx, w: &Workshop) {
        if let Some(b) = &w.backlog.bankruptcy {
            ctx.info(format!("bankruptcy was declared on {}: the team already starts fresh", b.declared_on));
            return;
        }
        let open = w.backlog.items.iter().filter(|i| !i.status.is_finished() && i.state == BacklogState::Imported).count();
        let undo = ctx.hint(Context::Backlog, Action::Undo);
        let message = if open == 0 {
            "Declare bankruptcy on an empty backlog? The team starts fresh from nothing.".to_string()
        } else {
            format!(
                "Declare backlog bankruptcy? All {} go on the shelf, dated today. Nothing is deleted; {undo} undoes it.",
                count(open, "open item")
            )
        };
        self.dialog = Some(Dialog::Declare(Confirm::new("Backlog bankruptcy", message, ())));
    }

    fn open_rescue(&mut self, ctx: &mut Ctx, w: &Workshop) {
        let rows = visible(w, &self.filter);
        let Some(item) = rows.get(self.cursor.selected).and_then(|i| w.backlog.items.get(*i)) else { return };
        if w.backlog.bankruptcy.is_none() {
            let declare = ctx.hint(Context::Backlog, Action::DeclareBankruptcy);
            ctx.info(format!("declare bankruptcy first ({declare}): then rescue an item only by reframing it"));
            return;
        }
        if let Some(id) = item.rescued_as {
            let title = w.initiative(id).map_or("an initiative", |i| i.title.as_str());
            ctx.info(format!("already rescued as \"{title}\""));
            return;
        }
        self.dialog = Some(Dialog::Rescue { item: item.id, form: rescue_form(item, w) });
    }

    /// A key while a dialog is open.
    fn answer(&mut self, ctx: &mut Ctx, doc: &mut Document, action: Action) -> Vec<Effect> {
        match self.dialog.take() {
            Some(Dialog::Declare(confirm)) => {
                if confirm.answer(action).is_some() {
                    declare(ctx, doc);
                }
                vec![]
            }
            Some(Dialog::Import(mut prompt)) => match prompt.handle(action) {
                PromptEvent::Cancel => vec![],
                PromptEvent::Submit(path) => {
                    let format = prompt.format;
                    self.dialog = Some(Dialog::Import(prompt));
                    vec![Effect::ReadBacklog { path: path.into(), format }]
                }
                PromptEvent::Complete(typed) => {
                    self.dialog = Some(Dialog::Import(prompt));
                    vec![Effect::CompletePath(typed)]
                }
                PromptEvent::Handled => {
                    self.dialog = Some(Dialog::Import(prompt));
                    vec![]
                }
            },
            Some(Dialog::Rescue { item, mut form }) => {
                match form.handle(action) {
                    FormEvent::Cancel => {}
                    FormEvent::Submit => {
                        if !submit_rescue(ctx, doc, item, &mut form) {
                            self.dialog = Some(Dialog::Rescue { item, form });
                        }
                    }
                    FormEvent::Handled | FormEvent::Ignored => self.dialog = Some(Dialog::Rescue { item, form }),
                }
                vec![]
            }
            None => vec![],
        }
    }

    pub fn input(&mut self, key: KeyEvent) {
        match &mut self.dialog {
            Some(Dialog::Import(prompt)) => prompt.input(key),
            Some(Dialog::Rescue { form, .. }) => form.input(key),
            _ => {}
        }
    }

    pub fn paste(&mut self, text: &str) {
        match &mut self.dialog {
            Some(Dialog::Import(prompt)) => prompt.paste(text),
            Some(Dialog::Rescue { form, .. }) => form.paste(text),
            _ => {}
        }
    }

    /// The file the import prompt asked for was read: import it as one undoable change.
    pub fn backlog_read(&mut self, ctx: &mut Ctx, doc: &mut Document, file: &str, items: Imported) {
        let mut report = None;
        doc.change("import", |w| report = Some(w.import_backlog(items, file)));
        if let Some(report) = report {
            self.dialog = None;
            ctx.info(report.summary(file));
        }
    }

    /// Tab's folder listing for the path being typed.
    pub fn completed(&mut self, matches: Vec<String>) {
        if let Some(Dialog::Import(prompt)) = &mut self.dialog {
            prompt.completed(matches);
        }
    }

    /// An effect of this screen failed: the prompt says why, else the status line does.
    pub fn failed(&mut self, ctx: &mut Ctx, message: String) {
        match &mut self.dialog {
            Some(Dialog::Import(prompt)) => prompt.error = Some(message),
            _ => ctx.error(message),
        }
    }

    pub fn click(&mut self, column: u16, row: u16, doc: &Document) {
        let len = visible(doc.workshop(), &self.filter).len();
        self.cursor.click(column, row, len);
    }

    /// The selected item, for the focus panel.
    pub fn focus(&self, doc: &Document) -> Option<Focus> {
        let w = doc.workshop();
        let item = visible(w, &self.filter).get(self.cursor.selected).and_then(|i| w.backlog.items.get(*i))?;
        let section = if item.section.is_empty() { String::new() } else { format!(" · {}", item.section) };
        let mut details = vec![format!("{} · {} in its tool{section} · {}", item.short_id(), item.status.label(), item.labels.join(", "))];
        details.extend(item.description.lines().map(String::from));
        Some(Focus { heading: item.title.clone(), details })
    }
}

/// The reframing form: the old item shown above an empty title, never its text to save
/// unchanged. The coaching question heads it.
fn rescue_form(item: &BacklogItem, w: &Workshop) -> Form<Field> {
    let capture = Capture { size: Size::Medium, source: InitiativeSource::RescuedBacklog, ..Capture::default() };
    let mut form = initiative_form::form("Reframe as a new initiative", &capture, w);
    let id = if item.external_id.is_some() { format!(" ({})", item.short_id()) } else { String::new() };
    form.intro = vec![RESCUE_HINT.to_string(), format!("The old item{id}: {}", item.title)];
    if let Some(first) = item.description.lines().find(|l| !l.trim().is_empty()) {
        form.intro.push(format!("  {}", crate::ui::text::fit(first, 200)));
    }
    form
}

fn declare(ctx: &mut Ctx, doc: &mut Document) {
    let today = ctx.clock.today();
    let mut shelved = 0;
    if doc.change("declare bankruptcy", |w| shelved = w.declare_bankruptcy(today, "")) {
        let undo = ctx.hint(Context::Backlog, Action::Undo);
        ctx.info(format!("bankruptcy declared: {} on the shelf, nothing deleted ({undo} undoes it)", count(shelved, "item")));
    }
}

/// Saves a rescue form: a new initiative reframed from the item. Whether the form is done.
fn submit_rescue(ctx: &mut Ctx, doc: &mut Document, item: BacklogItemId, form: &mut Form<Field>) -> bool {
    let Some(entry) = initiative_form::read(form, doc.workshop(), InitiativeSource::RescuedBacklog) else { return false };
    let old = doc.workshop().backlog.get(item).map(|i| title_key(&i.title)).unwrap_or_default();
    if title_key(&entry.capture.title) == old {
        form.set_error(Field::Title, "reframe it: say what you would do now, not the old item's words");
        form.focus_on(Field::Title);
        return false;
    }
    let now = ctx.clock.now();
    let mut created = None;
    doc.change("rescue", |w| {
        let capture = entry.apply(w);
        created = w.rescue(item, &capture, now);
    });
    if let Some(id) = created {
        let title = doc.workshop().initiative(id).map(|i| i.title.clone()).unwrap_or_default();
        let added = entry.new_author.as_ref().map(|n| format!("; {n} added as a participant")).unwrap_or_default();
        ctx.info(format!("rescued as a new initiative: {title} (step 2){added}"));
    }
    true
}

fn age(today: Date, date: Option<Date>) -> String {
    let Some(d) = date else { return String::new() };
    let days = (today - d).get_days();
    match days {
        ..=0 => "today".into(),
        1..=59 => format!("{days}d"),
        60..=729 => format!("{}mo", days / 30),
        _ => format!("{}y", days / 365),
    }
}

fn months(days: i32) -> String {
    match days {
        ..=59 => count(days.max(0) as usize, "day"),
        60..=729 => format!("{} months", days / 30),
        _ => format!("{:.1} years", f64::from(days) / 365.0),
    }
}

/// The facts that persuade a room, as lines.
fn facts_lines(facts: &BacklogFacts, width: usize, palette: &Palette) -> Vec<Line<'static>> {
    let big = palette.title;
    let mut first = vec![Span::styled(format!(" {}", count(facts.open, "open item")), big)];
    first.push(Span::styled(facts.counts.aside(), palette.muted));
    if let Some(median) = facts.median_age_days {
        first.push(Span::raw(" · median age "));
        first.push(Span::styled(months(median), big));
    }
    if let Some(oldest) = facts.oldest {
        first.push(Span::raw(format!(" · oldest {oldest}")));
    }
    let second = match facts.untouched_share() {
        Some(share) => Line::from(vec![
            Span::styled(format!(" {:.0}% untouched for 6 months or more", share * 100.0), palette.warn),
            Span::styled(format!(" ({} of {} with a date)", facts.untouched_6_months, facts.dated), palette.muted),
        ]),
        None => Line::from(Span::styled(" No dates in this backlog: nobody knows how old it is.", palette.muted)),
    };
    let labels: Vec<String> = facts.top_labels.iter().map(|(l, n)| format!("{l} {n}")).collect();
    let third = if labels.is_empty() { String::new() } else { format!(" By label: {}", labels.join(" · ")) };
    vec![Line::from(first), second, Line::from(Span::styled(fit(&third, width), palette.muted))]
}

impl State {
    pub fn render(&self, frame: &mut Frame, area: Rect, over: Rect, look: &Look, doc: &Document) {
        self.render_list(frame, area, look, doc);
        match &self.dialog {
            Some(Dialog::Import(prompt)) => prompt.render(frame, over, look),
            Some(Dialog::Rescue { form, .. }) => form.render(frame, over, look, &[]),
            Some(Dialog::Declare(confirm)) => confirm.render(frame, over, look),
            None => {}
        }
    }

    fn render_list(&self, frame: &mut Frame, area: Rect, look: &Look, doc: &Document) {
        let (palette, today) = (look.palette, look.clock.today());
        let w = doc.workshop();
        let cursor = &self.cursor;
        let filter = self.filter.as_str();
        let width = area.width as usize;
        let items = &w.backlog.items;
        if items.is_empty() && w.backlog.bankruptcy.is_none() {
            let text = empty_text(look, palette);
            frame.render_widget(Paragraph::new(text).style(palette.base).wrap(Wrap { trim: false }), area);
            return;
        }
        let facts = doc.backlog_facts(today);
        let head_lines = head_lines(w, &facts, look, width);
        let head_rows = head_lines.len() as u16 + 1;
        let filter_rows = u16::from(!filter.is_empty());
        let [head, filter_area, body] =
            Layout::vertical([Constraint::Length(head_rows), Constraint::Length(filter_rows), Constraint::Min(0)]).areas(area);
        frame.render_widget(Paragraph::new(head_lines).style(palette.base), head);
        let rows = visible(w, filter);
        if !filter.is_empty() {
            let clear = look.keymap.hint(Context::Filter, Action::ClearFilter);
            let clear = if look.present { String::new() } else { format!("; {clear} in the filter clears it") };
            let text = format!(" / {filter}  ({} of {}{clear})", rows.len(), count(items.len(), "item"));
            frame.render_widget(Paragraph::new(fit(&text, width)).style(palette.accent), filter_area);
        }
        let detail_width = if body.width >= 96 { body.width / 3 } else { 0 };
        let [list_area, detail] = Layout::horizontal([Constraint::Min(0), Constraint::Length(detail_width)]).areas(body);
        let list_width = list_area.width as usize;
        list::draw(frame, list_area, cursor, rows.len(), palette, |n| item_line(w, &items[rows[n]], today, list_width, palette));
        if rows.is_empty() && !filter.is_empty() {
            frame.render_widget(Paragraph::new(" Nothing on the shelf matches the filter.").style(palette.muted), list_area);
        }
        if detail_width > 0
            && let Some(item) = rows.get(cursor.selected).and_then(|i| items.get(*i))
        {
            render_detail(frame, detail, w, item, &facts, palette);
        }
    }
}

fn empty_text(look: &Look, palette: &Palette) -> Vec<Line<'static>> {
    if look.present {
        return vec![
            Line::from(Span::styled(" No backlog imported.", palette.title)),
            Line::from(""),
            Line::from(Span::styled(" No old backlog? Declare bankruptcy anyway and start fresh.", palette.muted)),
        ];
    }
    let import = look.keymap.hint(Context::Backlog, Action::Import);
    let declare = look.keymap.hint(Context::Backlog, Action::DeclareBankruptcy);
    vec![
        Line::from(Span::styled(" No backlog imported.", palette.title)),
        Line::from(""),
        Line::from(format!(" Press {import} to import the old backlog: a Jira, Linear or GitLab CSV, `gh issue list --json` output,")),
        Line::from(format!(" a Trello board export, a Markdown TODO list or a text file. Then declare bankruptcy ({declare}).")),
        Line::from(""),
        Line::from(Span::styled(" No old backlog? Declare bankruptcy anyway and start fresh.", palette.muted)),
    ]
}

/// The lines above the list: the facts before bankruptcy, the shelf after it.
fn head_lines(w: &Workshop, facts: &BacklogFacts, look: &Look, width: usize) -> Vec<Line<'static>> {
    let palette = look.palette;
    match &w.backlog.bankruptcy {
        None => {
            let mut lines = facts_lines(facts, width, palette);
            let declare = look.keymap.hint(Context::Backlog, Action::DeclareBankruptcy);
            let text = if look.present {
                "Declaring bankruptcy puts every open item on the shelf, kept and searchable. Nothing is deleted.".to_string()
            } else {
                format!(
                    "Press {declare} to declare bankruptcy: every open item goes on the shelf, kept and searchable. Nothing is deleted."
                )
            };
            lines.extend(
                wrap(&text, width.saturating_sub(2)).into_iter().map(|l| Line::from(Span::styled(format!(" {l}"), palette.accent))),
            );
            lines
        }
        Some(b) => {
            // The same phrase as the export's, so the two never disagree.
            let declared = format!(" Bankruptcy declared {}: ", b.declared_on);
            let rest = format!("{}. The team starts fresh.", facts.counts.shelf_phrase());
            let rescue = look.keymap.hint(Context::Backlog, Action::Rescue);
            // The counts wrap rather than lose their end; the coaching line may be cut.
            let mut lines: Vec<Line> = Vec::new();
            for (n, line) in wrap(&format!("{declared}{rest}"), width.saturating_sub(1)).into_iter().enumerate() {
                match line.strip_prefix(declared.trim_start()).filter(|_| n == 0) {
                    Some(tail) => lines.push(Line::from(vec![Span::styled(declared.clone(), palette.ok), Span::raw(tail.to_string())])),
                    None => lines.push(Line::from(format!(" {line}"))),
                }
            }
            let rescue = if look.present { String::new() } else { format!(" ({rescue})") };
            lines.push(Line::from(Span::styled(
                fit(&format!(" Rescue an item only by reframing it{rescue}. {RESCUE_HINT}"), width),
                palette.muted,
            )));
            lines
        }
    }
}

fn item_line(w: &Workshop, item: &BacklogItem, today: Date, list_width: usize, palette: &Palette) -> Line<'static> {
    // What it is now here (rescued, shelved) unless its tool said more: in progress, done,
    // canceled, archived.
    let (badge, style) = match (item.state, item.status) {
        (BacklogState::Rescued, _) => ("rescued", palette.ok),
        (_, ItemStatus::InProgress) => ("doing", palette.accent),
        (_, ItemStatus::Done) => ("done", palette.muted),
        (_, ItemStatus::Canceled) => ("canceled", palette.muted),
        (_, ItemStatus::Archived) => ("archived", palette.muted),
        (BacklogState::Shelved, ItemStatus::Open) => ("shelved", palette.muted),
        (BacklogState::Imported, ItemStatus::Open) => ("open", palette.warn),
    };
    let badge = pad(badge, 8);
    let id = item.short_id();
    let age = age(today, item.last_touched());
    let rescued = item.rescued_as.and_then(|id| w.initiative(id)).map(|i| format!(" → {}", i.title)).unwrap_or_default();
    let title_w = list_width.saturating_sub(9 + 11 + 6 + 2);
    Line::from(vec![
        Span::styled(format!(" {badge} "), style),
        Span::styled(format!("{} ", pad(id, 10)), palette.muted),
        Span::raw(pad(&format!("{}{rescued}", item.title), title_w)),
        Span::styled(format!(" {age:>5}"), palette.muted),
    ])
}

fn render_detail(frame: &mut Frame, detail: Rect, w: &Workshop, item: &BacklogItem, facts: &BacklogFacts, palette: &Palette) {
    let mut text = vec![Line::from(Span::styled(item.title.clone(), palette.title)), Line::from("")];
    if let Some(initiative) = item.rescued_as.and_then(|id| w.initiative(id)) {
        text.push(Line::from(Span::styled(format!("rescued as: {}", initiative.title), palette.ok)));
    }
    text.push(Line::from(Span::styled(format!("in its tool: {}", item.status.label()), palette.accent)));
    if !item.section.is_empty() {
        text.push(Line::from(Span::styled(format!("section: {}", item.section), palette.muted)));
    }
    if !item.labels.is_empty() {
        let labels: Vec<&str> = item.labels.iter().map(|l| facts.spelled(l)).collect();
        text.push(Line::from(Span::styled(format!("labels: {}", labels.join(", ")), palette.accent)));
    }
    text.push(Line::from(Span::styled(format!("from {} ({})", item.source_file, item.source_format), palette.muted)));
    if let Some(c) = item.created {
        text.push(Line::from(Span::styled(format!("created {c}"), palette.muted)));
    }
    if let Some(s) = item.shelved_on {
        text.push(Line::from(Span::styled(format!("shelved {s}"), palette.muted)));
    }
    text.push(Line::from(""));
    text.extend(item.description.lines().take(40).map(|l| Line::from(l.to_string())));
    let block = Block::new().borders(Borders::LEFT).border_style(palette.border);
    frame.render_widget(Paragraph::new(text).block(block).style(palette.base).wrap(Wrap { trim: false }), detail);
}
