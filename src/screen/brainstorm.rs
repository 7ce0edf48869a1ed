//! Step 2, brainstorm: a capture line that stays open (type, Enter, type, Enter), authors
//! by keystroke, edit and delete with undo, silent mode, the timebox, prompt cards,
//! participants, and merging proposals drafted alone.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

mod participants;

use super::capture::{self, Captured, Capturing};
use super::initiative_form::{self, Field};
use super::{Ctx, filter_matches};
use crate::action::Action;
use crate::document::Document;
use crate::effect::Effect;
use crate::keymap::Context;
use crate::model::{Capture, Initiative, InitiativeId, InitiativeSource, ParticipantId, Workshop};
use crate::ui::Look;
use crate::ui::form::{Form, FormEvent};
use crate::ui::list::{self, ListCursor};
use crate::ui::present::Focus;
use crate::ui::prompt::{PathPrompt, PromptEvent, PromptPurpose};
use crate::ui::text::{fit, pad};
use crate::ui::theme::Palette;
pub use participants::PeopleField;
use participants::{participants_dialog, submit_participants};

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
        .filter(|i| !i.hidden && (any || filter_matches(&format!("{} {}", i.title, w.author_name(i.author)), filter)))
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
    Edit { id: InitiativeId, form: Form<Field> },
    Participants { ids: Vec<ParticipantId>, form: Form<PeopleField> },
    Merge(Box<PathPrompt>),
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
                Captured::Closed => self.capturing = None,
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
            Action::Participants => self.dialog = Some(participants_dialog(doc.workshop())),
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
        self.capturing = Some(Capturing::new(ctx, &self.last, doc.workshop()));
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

    fn delete(&mut self, ctx: &mut Ctx, doc: &mut Document) {
        let Some((id, title)) = self.selected(doc.workshop()).map(|i| (i.id, i.title.clone())) else { return };
        if doc.change("delete initiative", |w| _ = w.delete_initiative(id)) {
            let undo = ctx.hint(Context::Brainstorm, Action::Undo);
            ctx.info(format!("deleted \"{title}\" ({undo} undoes it)"));
        }
    }

    /// A key while a dialog is open.
    fn answer(&mut self, ctx: &mut Ctx, doc: &mut Document, action: Action) -> Vec<Effect> {
        match self.dialog.take() {
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
                        let people = ctx.hint(Context::Brainstorm, Action::Participants);
                        match initiative_form::read(&mut form, doc.workshop(), source, &people) {
                            Some(capture) => _ = doc.change("edit initiative", |w| _ = w.edit_initiative(id, &capture)),
                            None => self.dialog = Some(Dialog::Edit { id, form }),
                        }
                    }
                    FormEvent::Handled | FormEvent::Ignored => self.dialog = Some(Dialog::Edit { id, form }),
                }
                vec![]
            }
            Some(Dialog::Participants { ids, mut form }) => {
                match form.handle(action) {
                    FormEvent::Cancel => {}
                    FormEvent::Submit => submit_participants(ctx, doc, &form, &ids),
                    FormEvent::Handled | FormEvent::Ignored => self.dialog = Some(Dialog::Participants { ids, form }),
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
            Some(Dialog::Participants { form, .. }) => form.input(key),
            Some(Dialog::Merge(prompt)) => prompt.input(key),
            None => {}
        }
    }

    pub fn paste(&mut self, ctx: &mut Ctx, doc: &mut Document, text: &str) {
        if let Some(capturing) = &mut self.capturing {
            capturing.paste(ctx, doc, text);
            return;
        }
        match &mut self.dialog {
            Some(Dialog::Edit { form, .. }) => form.paste(text),
            Some(Dialog::Participants { form, .. }) => form.paste(text),
            Some(Dialog::Merge(prompt)) => prompt.paste(text),
            None => {}
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
        let by = if present && w.silent_mode { String::new() } else { format!("by {} · ", w.author_name(ini.author)) };
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
            Some(Dialog::Participants { form, .. }) => form.render(frame, over, look, &[]),
            Some(Dialog::Merge(prompt)) => prompt.render(frame, over, look),
            None => {}
        }
    }

    fn render_screen(&self, frame: &mut Frame, area: Rect, look: &Look, doc: &Document) {
        let (palette, w) = (look.palette, doc.workshop());
        let hide_authors = look.present && w.silent_mode;
        let card = self.card.and_then(|c| prompt_cards().get(c).copied());
        let [head, capture_area, card_area, body] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(if self.capturing.is_some() { 3 } else { 0 }),
            Constraint::Length(if card.is_some() { 2 } else { 0 }),
            Constraint::Min(0),
        ])
        .areas(area);
        frame.render_widget(Paragraph::new(self.head_lines(w, hide_authors, area.width as usize, palette)).style(palette.base), head);
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
            let text = format!(
                " Nothing captured yet: press {} and type. Every idea counts, big or small. ({} shows a prompt card)",
                key(Action::Capture),
                key(Action::NextCard)
            );
            frame.render_widget(Paragraph::new(text).style(palette.muted).wrap(Wrap { trim: true }), body);
            return;
        }
        self.render_list(frame, body, w, hide_authors, palette);
    }

    fn head_lines(&self, w: &Workshop, hide_authors: bool, width: usize, palette: &Palette) -> Vec<Line<'static>> {
        let counts = w.counts_by_author();
        let count_text = if hide_authors {
            String::new()
        } else {
            counts.iter().map(|(name, n)| format!("{name} {n}")).collect::<Vec<_>>().join(" · ")
        };
        let mode = if w.silent_mode { " · SILENT MODE" } else { "" };
        let sort = if self.sort == Sort::Time { String::new() } else { format!(" · by {}", self.sort.label()) };
        vec![
            Line::from(vec![
                Span::styled(
                    format!(" {} initiative{}", w.initiatives.len(), if w.initiatives.len() == 1 { "" } else { "s" }),
                    palette.title,
                ),
                Span::styled(mode, palette.warn),
                Span::styled(sort, palette.muted),
            ]),
            Line::from(Span::styled(fit(&format!(" {count_text}"), width), palette.muted)),
        ]
    }

    fn render_list(&self, frame: &mut Frame, body: Rect, w: &Workshop, hide_authors: bool, palette: &Palette) {
        let list = shown(w, &self.filter, self.sort);
        let detail_width = if body.width >= 110 { body.width / 3 } else { 0 };
        let [list_area, detail] = Layout::horizontal([Constraint::Min(0), Constraint::Length(detail_width)]).areas(body);
        let list_width = list_area.width as usize;
        list::draw(frame, list_area, &self.cursor, list.len(), palette, |i| {
            let ini = list[i];
            let author = if hide_authors { "" } else { w.author_name(ini.author) };
            // The source column gives way first on a narrow screen.
            let (meta, meta_w) = if list_width >= 100 {
                (format!(" {} · {} · {}", pad(author, 16), pad(ini.size.label(), 9), pad(ini.source.label(), 20)), 16 + 9 + 20 + 7)
            } else {
                (format!(" {} · {}", pad(author, 16), pad(ini.size.label(), 9)), 16 + 9 + 4)
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

/// Silent mode on or off (reveal), for step 2 and step 3's voting.
pub fn toggle_silent(ctx: &mut Ctx, doc: &mut Document) {
    let on = !doc.workshop().silent_mode;
    let mut revealed = 0;
    if doc.change(if on { "silent mode" } else { "reveal" }, |w| revealed = w.set_silent(on)) {
        let reveal = ctx.hint(Context::Brainstorm, Action::ToggleSilent);
        ctx.info(if on {
            format!("silent mode: ideas are captured but hidden from the screen ({reveal} reveals them)")
        } else {
            format!("revealed {revealed} ideas")
        });
    }
}

fn render_silent(frame: &mut Frame, area: Rect, w: &Workshop, hide_authors: bool, look: &Look) {
    let palette = look.palette;
    let hidden = w.initiatives.iter().filter(|i| i.hidden).count();
    let reveal = look.keymap.hint(Context::Brainstorm, Action::ToggleSilent);
    let mut lines = vec![
        Line::from(""),
        Line::from(Span::styled(format!("   {hidden} idea{} captured", if hidden == 1 { "" } else { "s" }), palette.title)),
        Line::from(Span::styled(format!("   (hidden until the facilitator reveals them with {reveal})"), palette.muted)),
        Line::from(""),
    ];
    if !hide_authors {
        for p in w.active_participants() {
            let n = w.initiatives.iter().filter(|i| i.hidden && i.author == Some(p.id)).count();
            lines.push(Line::from(vec![
                Span::raw(format!("   {} ", pad(&p.name, 24))),
                Span::styled("●".repeat(n.min(40)), palette.accent),
            ]));
        }
    }
    frame.render_widget(Paragraph::new(lines).style(palette.base), area);
}

fn render_detail(frame: &mut Frame, area: Rect, w: &Workshop, ini: &Initiative, hide_authors: bool, palette: &Palette) {
    let mut text = vec![Line::from(Span::styled(ini.title.clone(), palette.title)), Line::from("")];
    if !hide_authors {
        text.push(Line::from(Span::styled(format!("by {}", w.author_name(ini.author)), palette.accent)));
    }
    text.push(Line::from(Span::styled(format!("{} · {}", ini.size.label(), ini.source.label()), palette.muted)));
    if let (Some(i), Some(c)) = (ini.impact, ini.cost) {
        text.push(Line::from(Span::styled(format!("impact {i} · cost {c}"), palette.muted)));
    }
    if let Some(p) = &ini.proposal {
        text.push(Line::from(Span::styled(format!("from {}'s proposal ({})", p.author, p.file), palette.muted)));
    }
    if let Some(item) = ini.rescued_from.and_then(|id| w.backlog.get(id)) {
        text.push(Line::from(Span::styled(format!("rescued from: {}", item.title), palette.muted)));
    }
    text.push(Line::from(""));
    text.extend(ini.description.lines().take(40).map(|l| Line::from(l.to_string())));
    let block = Block::new().borders(Borders::LEFT).border_style(palette.border);
    frame.render_widget(Paragraph::new(text).block(block).style(palette.base).wrap(Wrap { trim: false }), area);
}
