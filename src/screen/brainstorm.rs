//! Step 2, brainstorm: a capture line that stays open (type, Enter, type, Enter), authors
//! by keystroke, edit and delete with undo, silent mode, the timebox, prompt cards,
//! and merging proposals drafted alone (participants are managed from every step).

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

mod render;

use super::capture::{self, Captured, Capturing};
use super::initiative_form::{self, Field};
use super::{Ctx, filter_matches};
use crate::action::Action;
use crate::document::Document;
use crate::effect::Effect;
use crate::keymap::Context;
use crate::model::count::count;
use crate::model::{Capture, Initiative, InitiativeId, InitiativeSource, ParticipantId, Workshop};
use crate::ui::Look;
use crate::ui::confirm::Confirm;
use crate::ui::form::{Form, FormEvent};
use crate::ui::list::{self, ListCursor};
use crate::ui::present::Focus;
use crate::ui::prompt::{PathPrompt, PromptEvent, PromptPurpose};
use crate::ui::text::{join_wrapped, pad};
use crate::ui::theme::Palette;
use render::{render_detail, render_silent};

/// The prompt cards that spark ideas (`assets/prompt-cards.txt`).
pub fn prompt_cards() -> Vec<&'static str> {
    include_str!("../../assets/prompt-cards.txt").lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect()
}

/// How the list is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Time,
    Author,
    Size,
}

impl Sort {
    pub fn next(self) -> Self {
        match self {
            Sort::Time => Sort::Author,
            Sort::Author => Sort::Size,
            Sort::Size => Sort::Time,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Sort::Time => "time",
            Sort::Author => "author",
            Sort::Size => "size",
        }
    }
}

/// Initiatives the shared screen may show, filtered and sorted.
pub fn shown<'a>(w: &'a Workshop, filter: &str, sort: Sort) -> Vec<&'a Initiative> {
    if w.silent_mode {
        return Vec::new();
    }
    let any = filter.trim().is_empty();
    let mut list: Vec<&Initiative> = w
        .initiatives
        .iter()
        .filter(|i| !i.hidden && (any || filter_matches(&format!("{} {}", i.title, w.authors_text(i)), filter)))
        .collect();
    match sort {
        Sort::Time => {}
        Sort::Author => list.sort_by_key(|i| (i.author.is_none(), w.author_name(i.author).to_lowercase())),
        Sort::Size => list.sort_by_key(|i| std::cmp::Reverse(i.size)),
    }
    list
}

/// What is open over the list (the capture line is apart: it stays open between ideas).
#[derive(Debug)]
enum Dialog {
    Edit {
        id: InitiativeId,
        form: Form<Field>,
    },
    Merge(Box<PathPrompt>),
    /// Deleting an idea that drives key results unlinks them: asked first.
    Delete(Confirm<InitiativeId>),
}

/// Step 2's state: selection, filter, order, the prompt card, the capture line and dialogs.
#[derive(Debug, Default)]
pub struct State {
    pub cursor: ListCursor,
    pub filter: String,
    pub sort: Sort,
    /// The prompt card showing, if any.
    pub card: Option<usize>,
    /// Author, size and source of the last capture: the next one starts from them.
    pub last: Capture,
    pub capturing: Option<Capturing>,
    dialog: Option<Dialog>,
}

impl State {
    /// An engineer's proposal draft: ideas are theirs unless they say otherwise.
    pub fn drafting(author: Option<ParticipantId>) -> Self {
        Self { last: Capture { author, ..Capture::default() }, ..Self::default() }
    }

    pub fn context(&self, drafting: bool) -> Context {
        match (&self.capturing, &self.dialog) {
            (Some(c), _) => c.context(),
            (None, Some(Dialog::Merge(_))) => Context::PathPrompt,
            (None, Some(Dialog::Delete(_))) => Context::Confirm,
            (None, Some(_)) => Context::Form,
            (None, None) if drafting => Context::Draft,
            (None, None) => Context::Brainstorm,
        }
    }

    fn selected<'a>(&self, w: &'a Workshop) -> Option<&'a Initiative> {
        shown(w, &self.filter, self.sort).get(self.cursor.selected).copied()
    }

    pub fn update(&mut self, ctx: &mut Ctx, doc: &mut Document, action: Action) -> Vec<Effect> {
        if let Some(capturing) = &mut self.capturing {
            match capturing.update(ctx, doc, &mut self.last, action) {
                Captured::Closed(added) => {
                    self.capturing = None;
                    if let Some(id) = added {
                        self.show(doc.workshop(), id);
                    }
                }
                Captured::Added(id) => self.show(doc.workshop(), id),
                Captured::Nothing => {}
            }
            return vec![];
        }
        if self.dialog.is_some() {
            return self.answer(ctx, doc, action);
        }
        if ListCursor::moves(action) {
            self.cursor.apply(action, shown(doc.workshop(), &self.filter, self.sort).len(), 10);
            return vec![];
        }
        match action {
            Action::Capture => self.start_capture(ctx, doc),
            Action::Edit => {
                let w = doc.workshop();
                if let Some(ini) = self.selected(w) {
                    let capture = Capture {
                        title: ini.title.clone(),
                        description: ini.description.clone(),
                        author: ini.author,
                        size: ini.size,
                        source: ini.source,
                        impact: ini.impact,
                        cost: ini.cost,
                        capacity: ini.capacity,
                    };
                    self.dialog = Some(Dialog::Edit { id: ini.id, form: initiative_form::form("Edit initiative", &capture, w) });
                }
            }
            Action::Delete => self.delete(ctx, doc),
            Action::ToggleSilent => toggle_silent(ctx, doc),
            Action::Sort => {
                self.sort = self.sort.next();
                ctx.info(format!("sorted by {}", self.sort.label()));
            }
            Action::NextCard => {
                let cards = prompt_cards();
                self.card = Some(self.card.map_or(0, |c| (c + 1) % cards.len().max(1)));
            }
            Action::MergeProposals => self.dialog = Some(Dialog::Merge(Box::new(PathPrompt::new(PromptPurpose::MergeProposals)))),
            _ => {}
        }
        vec![]
    }

    /// Opens the capture line (refused when the workshop is read-only).
    pub fn start_capture(&mut self, ctx: &mut Ctx, doc: &Document) {
        if doc.read_only.is_some() {
            ctx.error("read-only: this workshop is open in another Quarterdeck");
            return;
        }
        self.capturing = Some(Capturing::new(ctx, &self.last));
    }

    /// Puts the selection on a new idea when the list is in time order (it is last).
    fn show(&mut self, w: &Workshop, id: InitiativeId) {
        let list = shown(w, &self.filter, self.sort);
        if self.sort == Sort::Time
            && let Some(i) = list.iter().position(|i| i.id == id)
        {
            self.cursor.selected = i;
        }
    }

    /// Deletes the selected idea; one that drives key results is asked about first.
    fn delete(&mut self, ctx: &mut Ctx, doc: &mut Document) {
        let w = doc.workshop();
        let Some(id) = self.selected(w).map(|i| i.id) else { return };
        let driven: Vec<&str> = w
            .objectives
            .iter()
            .flat_map(|o| &o.key_results)
            .filter(|k| k.initiatives.contains(&id))
            .map(|k| k.description.as_str())
            .collect();
        if driven.is_empty() {
            delete_now(ctx, doc, id);
            return;
        }
        let title = w.initiative(id).map(|i| i.title.clone()).unwrap_or_default();
        let undo = ctx.hint(Context::Brainstorm, Action::Undo);
        let unlinked = if driven.len() == 1 { "that key result stops counting it" } else { "those key results stop counting it" };
        let message = format!(
            "\"{title}\" drives {}: {}. Delete it ({unlinked})? {undo} undoes it.",
            count(driven.len(), "key result"),
            driven.join("; ")
        );
        self.dialog = Some(Dialog::Delete(Confirm::new("Delete an idea that drives key results", message, id)));
    }

    /// A key while a dialog is open.
    fn answer(&mut self, ctx: &mut Ctx, doc: &mut Document, action: Action) -> Vec<Effect> {
        match self.dialog.take() {
            Some(Dialog::Delete(confirm)) => {
                if let Some(id) = confirm.answer(action) {
                    delete_now(ctx, doc, id);
                }
                vec![]
            }
            Some(Dialog::Merge(mut prompt)) => {
                let effect = match prompt.handle(action) {
                    PromptEvent::Cancel => return vec![],
                    PromptEvent::Submit(path) => Some(Effect::ReadProposals(path.into())),
                    PromptEvent::Complete(typed) => Some(Effect::CompletePath(typed)),
                    PromptEvent::Handled => None,
                };
                self.dialog = Some(Dialog::Merge(prompt));
                effect.into_iter().collect()
            }
            Some(Dialog::Edit { id, mut form }) => {
                match form.handle(action) {
                    FormEvent::Cancel => {}
                    FormEvent::Submit => {
                        let source = doc.workshop().initiative(id).map_or(InitiativeSource::Team, |i| i.source);
                        match initiative_form::read(&mut form, doc.workshop(), source) {
                            Some(entry) => {
                                doc.change("edit initiative", |w| {
                                    let capture = entry.apply(w);
                                    w.edit_initiative(id, &capture);
                                });
                                if let Some(name) = &entry.new_author {
                                    ctx.info(format!("added {name} as a participant"));
                                }
                            }
                            None => self.dialog = Some(Dialog::Edit { id, form }),
                        }
                    }
                    FormEvent::Handled | FormEvent::Ignored => self.dialog = Some(Dialog::Edit { id, form }),
                }
                vec![]
            }
            None => vec![],
        }
    }

    pub fn input(&mut self, key: KeyEvent) {
        if let Some(capturing) = &mut self.capturing {
            capturing.input(key);
            return;
        }
        match &mut self.dialog {
            Some(Dialog::Edit { form, .. }) => form.input(key),
            Some(Dialog::Merge(prompt)) => prompt.input(key),
            Some(Dialog::Delete(_)) | None => {}
        }
    }

    pub fn paste(&mut self, ctx: &mut Ctx, doc: &mut Document, text: &str) {
        if let Some(capturing) = &mut self.capturing {
            capturing.paste(ctx, doc, text);
            return;
        }
        match &mut self.dialog {
            Some(Dialog::Edit { form, .. }) => form.paste(text),
            Some(Dialog::Merge(prompt)) => prompt.paste(text),
            Some(Dialog::Delete(_)) | None => {}
        }
    }

    /// The proposal files the merge prompt named were read: merge the good ones as one
    /// change, and say which could not be read and which subfolders were not entered.
    pub fn proposals_read(&mut self, ctx: &mut Ctx, doc: &mut Document, gathered: &crate::store::Gathered) {
        let today = ctx.clock.today();
        let mut summaries = Vec::new();
        doc.change("merge proposals", |w| {
            for (name, proposal) in &gathered.proposals {
                summaries.push(w.merge_proposal(proposal, name, today).summary(name));
            }
        });
        if summaries.is_empty() {
            return;
        }
        self.dialog = None;
        if doc.workshop().open_candidates().next().is_some() {
            let objectives = ctx.hint(Context::Step, Action::GoToStep(crate::model::Step::Objectives));
            summaries.push(format!("proposed key results and objectives wait on step 4 ({objectives})"));
        }
        summaries.extend(gathered.skipped_note());
        if gathered.bad.is_empty() {
            ctx.info(summaries.join("; "));
        } else {
            summaries.extend(gathered.bad.iter().cloned());
            ctx.error(summaries.join("; "));
        }
    }

    /// Tab's folder listing for the path being typed.
    pub fn completed(&mut self, matches: Vec<String>) {
        if let Some(Dialog::Merge(prompt)) = &mut self.dialog {
            prompt.completed(matches);
        }
    }

    /// An effect of this screen failed: the prompt says why, else the status line does.
    pub fn failed(&mut self, ctx: &mut Ctx, message: String) {
        match &mut self.dialog {
            Some(Dialog::Merge(prompt)) => prompt.error = Some(message),
            _ => ctx.error(message),
        }
    }

    pub fn click(&mut self, column: u16, row: u16, doc: &Document) {
        let len = shown(doc.workshop(), &self.filter, self.sort).len();
        self.cursor.click(column, row, len);
    }

    /// The selected idea, for the focus panel.
    pub fn focus(&self, doc: &Document, present: bool) -> Option<Focus> {
        let w = doc.workshop();
        let ini = self.selected(w)?;
        let by = if present && w.silent_mode { String::new() } else { format!("by {} · ", w.authors_text(ini)) };
        let mut details = vec![format!("{by}{} · {}", ini.size.label(), ini.source.label())];
        details.extend(ini.description.lines().map(String::from));
        Some(Focus { heading: ini.title.clone(), details })
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, over: Rect, look: &Look, doc: &Document) {
        self.render_screen(frame, area, look, doc);
        if let Some(capturing) = &self.capturing {
            capturing.render_form(frame, over, look);
        }
        match &self.dialog {
            Some(Dialog::Edit { form, .. }) => form.render(frame, over, look, &[]),
            Some(Dialog::Merge(prompt)) => prompt.render(frame, over, look),
            Some(Dialog::Delete(confirm)) => confirm.render(frame, over, look),
            None => {}
        }
    }

    fn render_screen(&self, frame: &mut Frame, area: Rect, look: &Look, doc: &Document) {
        let (palette, w) = (look.palette, doc.workshop());
        let hide_authors = look.present && w.silent_mode;
        let card = self.card.and_then(|c| prompt_cards().get(c).copied());
        let head_lines = self.head_lines(w, hide_authors, area.width as usize, palette);
        let [head, capture_area, card_area, body] = Layout::vertical([
            Constraint::Length(head_lines.len() as u16),
            Constraint::Length(self.capturing.as_ref().map_or(0, |c| capture::height(w, &c.line, look, area.width))),
            Constraint::Length(if card.is_some() { 2 } else { 0 }),
            Constraint::Min(0),
        ])
        .areas(area);
        frame.render_widget(Paragraph::new(head_lines).style(palette.base), head);
        if let Some(capturing) = &self.capturing {
            capture::render_line(frame, capture_area, w, &capturing.line, look);
        }
        if let Some(card) = card {
            let text = Line::from(vec![Span::styled(" Prompt card: ", palette.accent), Span::styled(card, palette.title)]);
            frame.render_widget(Paragraph::new(vec![text, Line::from("")]).style(palette.base), card_area);
        }
        if w.silent_mode {
            render_silent(frame, body, w, hide_authors, look);
            return;
        }
        if w.initiatives.is_empty() {
            let key = |action| look.keymap.hint(Context::Brainstorm, action);
            let text = if look.present {
                " Nothing captured yet. Every idea counts, big or small.".to_string()
            } else {
                format!(
                    " Nothing captured yet: press {} and type. Every idea counts, big or small. ({} shows a prompt card)",
                    key(Action::Capture),
                    key(Action::NextCard)
                )
            };
            frame.render_widget(Paragraph::new(text).style(palette.muted).wrap(Wrap { trim: true }), body);
            return;
        }
        self.render_list(frame, body, w, hide_authors, palette);
    }

    fn head_lines(&self, w: &Workshop, hide_authors: bool, width: usize, palette: &Palette) -> Vec<Line<'static>> {
        let counts = w.counts_by_author();
        let count_text: Vec<String> =
            if hide_authors { Vec::new() } else { counts.iter().map(|(name, n)| format!("{name} {n}")).collect() };
        let mode = if w.silent_mode { " · SILENT MODE" } else { "" };
        let sort = if self.sort == Sort::Time { String::new() } else { format!(" · by {}", self.sort.label()) };
        let mut lines = vec![Line::from(vec![
            Span::styled(format!(" {}", count(w.initiatives.len(), "initiative")), palette.title),
            Span::styled(mode, palette.warn),
            Span::styled(sort, palette.muted),
        ])];
        // Who has spoken and who has not: every name, wrapped, never cut.
        lines.extend(
            join_wrapped(&count_text, " · ", width.saturating_sub(2))
                .into_iter()
                .map(|l| Line::from(Span::styled(format!(" {l}"), palette.muted))),
        );
        lines
    }

    fn render_list(&self, frame: &mut Frame, body: Rect, w: &Workshop, hide_authors: bool, palette: &Palette) {
        let list = shown(w, &self.filter, self.sort);
        let detail_width = if body.width >= 110 { body.width / 3 } else { 0 };
        let [list_area, detail] = Layout::horizontal([Constraint::Min(0), Constraint::Length(detail_width)]).areas(body);
        let list_width = list_area.width as usize;
        list::draw(frame, list_area, &self.cursor, list.len(), palette, |i| {
            let ini = list[i];
            let author = if hide_authors { String::new() } else { w.authors_text(ini) };
            // The source column gives way first on a narrow screen.
            let (meta, meta_w) = if list_width >= 100 {
                (format!(" {} · {} · {}", pad(&author, 16), pad(ini.size.label(), 9), pad(ini.source.label(), 20)), 16 + 9 + 20 + 7)
            } else {
                (format!(" {} · {}", pad(&author, 16), pad(ini.size.label(), 9)), 16 + 9 + 4)
            };
            let title_w = list_width.saturating_sub(meta_w + 2).max(10);
            Line::from(vec![Span::raw(format!(" {}", pad(&ini.title, title_w))), Span::styled(meta, palette.muted)])
        });
        if detail_width > 0
            && let Some(ini) = list.get(self.cursor.selected)
        {
            render_detail(frame, detail, w, ini, hide_authors, palette);
        }
    }
}

fn delete_now(ctx: &mut Ctx, doc: &mut Document, id: InitiativeId) {
    let title = doc.workshop().initiative(id).map(|i| i.title.clone()).unwrap_or_default();
    if doc.change("delete initiative", |w| _ = w.delete_initiative(id)) {
        let undo = ctx.hint(Context::Brainstorm, Action::Undo);
        ctx.info(format!("deleted \"{title}\" ({undo} undoes it)"));
    }
}

/// Silent mode on or off (reveal), for step 2 and step 3's voting.
pub fn toggle_silent(ctx: &mut Ctx, doc: &mut Document) {
    let on = !doc.workshop().silent_mode;
    let mut revealed = 0;
    if doc.change(if on { "silent mode" } else { "reveal" }, |w| revealed = w.set_silent(on)) {
        let reveal = ctx.hint(Context::Brainstorm, Action::ToggleSilent);
        ctx.info(if on {
            format!("silent mode: ideas are captured but hidden from the screen ({reveal} reveals them)")
        } else {
            format!("revealed {}", count(revealed, "idea"))
        });
    }
}
