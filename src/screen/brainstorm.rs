//! Step 2, brainstorm: a capture line that stays open (type, Enter, type, Enter), authors
//! by keystroke, edit and delete with undo, silent mode, the timebox, prompt cards,
//! participants, and merging proposals drafted alone.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui_textarea::TextArea;

use crate::action::Action;
use crate::app::{App, Effect, ListCursor, Overlay, Session};
use crate::model::brainstorm::CAPTURE_SOURCES;
use crate::model::{Capture, Initiative, InitiativeSource, ParticipantId, Size, Step, Workshop};
use crate::screen::{filter_matches, initiative_form};
use crate::ui::form::{Form, FormPurpose};
use crate::ui::list;
use crate::ui::prompt::{PathPrompt, PromptPurpose};
use crate::ui::text::{fit, pad};
use crate::ui::theme::Palette;

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
    fn next(self) -> Self {
        match self {
            Sort::Time => Sort::Author,
            Sort::Author => Sort::Size,
            Sort::Size => Sort::Time,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Sort::Time => "time",
            Sort::Author => "author",
            Sort::Size => "size",
        }
    }
}

/// The open capture line: what is typed and the author, size and source it will get.
#[derive(Debug)]
pub struct CaptureLine {
    pub input: TextArea<'static>,
    pub author: Option<ParticipantId>,
    pub size: Size,
    pub source: InitiativeSource,
}

impl CaptureLine {
    fn new(defaults: &Capture) -> Self {
        let mut input = TextArea::default();
        input.set_cursor_line_style(Style::default());
        input.set_placeholder_text("type an idea, Enter to add it");
        Self { input, author: defaults.author, size: defaults.size, source: defaults.source }
    }

    fn title(&self) -> String {
        crate::model::text::clean_line(&self.input.lines().join(" "))
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

pub fn row_count(session: &Session) -> usize {
    shown(&session.workshop, &session.filters[Step::Brainstorm as usize], session.brainstorm_sort).len()
}

fn selected(session: &Session) -> Option<&Initiative> {
    let list = shown(&session.workshop, &session.filters[Step::Brainstorm as usize], session.brainstorm_sort);
    list.get(session.cursors[Step::Brainstorm as usize].selected).copied()
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(session) = &mut app.session else { return vec![] };
    match action {
        Action::Capture => {
            if session.read_only.is_some() {
                app.error("read-only: this workshop is open in another Quarterdeck");
                return vec![];
            }
            let mut line = CaptureLine::new(&session.last_capture);
            if session.workshop.silent_mode {
                line.input.set_mask_char('•');
            }
            app.overlay = Some(Overlay::Capture(Box::new(line)));
            vec![]
        }
        Action::Edit => {
            let Some(ini) = selected(session) else { return vec![] };
            let capture = Capture {
                title: ini.title.clone(),
                description: ini.description.clone(),
                author: ini.author,
                size: ini.size,
                source: ini.source,
                impact: ini.impact,
                cost: ini.cost,
            };
            let form = initiative_form::form("Edit initiative", FormPurpose::EditInitiative { id: ini.id }, &capture, &session.workshop);
            app.overlay = Some(Overlay::Form(Box::new(form)));
            vec![]
        }
        Action::Delete => {
            let Some(ini) = selected(session) else { return vec![] };
            let (id, title) = (ini.id, ini.title.clone());
            let effects = app.change("delete initiative", |w| {
                w.delete_initiative(id);
            });
            if !effects.is_empty() {
                app.info(format!("deleted \"{title}\" (u undoes it)"));
            }
            effects
        }
        Action::ToggleSilent => {
            let on = !session.workshop.silent_mode;
            let mut revealed = 0;
            let effects = app.change(if on { "silent mode" } else { "reveal" }, |w| revealed = w.set_silent(on));
            if !effects.is_empty() {
                app.info(if on {
                    "silent mode: ideas are captured but hidden from the screen (s reveals them)".to_string()
                } else {
                    format!("revealed {revealed} ideas")
                });
            }
            effects
        }
        Action::Sort => {
            session.brainstorm_sort = session.brainstorm_sort.next();
            let label = session.brainstorm_sort.label();
            app.info(format!("sorted by {label}"));
            vec![]
        }
        Action::NextCard => {
            let cards = prompt_cards();
            session.card = Some(session.card.map_or(0, |c| (c + 1) % cards.len().max(1)));
            vec![]
        }
        Action::Participants => {
            let w = &session.workshop;
            let people: Vec<_> = w.active_participants().map(|p| (p.id, p.name.clone())).collect();
            let mut form = Form::new(
                "Participants — clear a name to remove them; their ideas keep it",
                FormPurpose::Participants { ids: people.iter().map(|(id, _)| *id).collect() },
            );
            for (n, (_, name)) in people.iter().enumerate() {
                form = form.field(format!("{}", n + 1), name, "name");
            }
            form = form.field("Add", "", "new names, separated by commas");
            form.focus = form.fields.len() - 1;
            app.overlay = Some(Overlay::Form(Box::new(form)));
            vec![]
        }
        Action::MergeProposals => {
            app.overlay = Some(Overlay::PathPrompt(Box::new(PathPrompt::new(PromptPurpose::MergeProposals))));
            vec![]
        }
        _ => vec![],
    }
}

/// Keys while the capture line is open.
pub fn capture_action(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(session) = &mut app.session else { return vec![] };
    let Some(Overlay::Capture(line)) = &mut app.overlay else { return vec![] };
    let people: Vec<Option<ParticipantId>> =
        std::iter::once(None).chain(session.workshop.active_participants().map(|p| Some(p.id))).collect();
    let position = people.iter().position(|p| *p == line.author).unwrap_or(0);
    match action {
        Action::Back => {
            app.overlay = None;
            vec![]
        }
        Action::NextAuthor => {
            line.author = people[(position + 1) % people.len()];
            vec![]
        }
        Action::PrevAuthor => {
            line.author = people[(position + people.len() - 1) % people.len()];
            vec![]
        }
        Action::Author(n) => {
            match people.get(usize::from(n)) {
                Some(p) => line.author = *p,
                None => app.info(format!("no participant {n}: P adds people")),
            }
            vec![]
        }
        Action::CycleSize => {
            let i = Size::ALL.iter().position(|s| *s == line.size).unwrap_or(0);
            line.size = Size::ALL[(i + 1) % Size::ALL.len()];
            vec![]
        }
        Action::CycleSource => {
            let i = CAPTURE_SOURCES.iter().position(|s| *s == line.source).unwrap_or(0);
            line.source = CAPTURE_SOURCES[(i + 1) % CAPTURE_SOURCES.len()];
            vec![]
        }
        Action::Describe => {
            let capture = Capture { title: line.title(), author: line.author, size: line.size, source: line.source, ..Capture::default() };
            let form = initiative_form::form("New initiative", FormPurpose::NewInitiative, &capture, &session.workshop);
            app.overlay = Some(Overlay::Form(Box::new(form)));
            vec![]
        }
        Action::Add => {
            let capture = Capture { title: line.title(), author: line.author, size: line.size, source: line.source, ..Capture::default() };
            if capture.title.is_empty() {
                return vec![];
            }
            session.last_capture = Capture { title: String::new(), ..capture.clone() };
            let mask = session.workshop.silent_mode;
            // The line stays open and empty for the next idea.
            let mut next = CaptureLine::new(&session.last_capture);
            if mask {
                next.input.set_mask_char('•');
            }
            **line = next;
            add(app, &capture)
        }
        _ => vec![],
    }
}

fn add(app: &mut App, capture: &Capture) -> Vec<Effect> {
    let now = app.clock.now();
    let mut created = None;
    let effects = app.change("capture", |w| created = w.capture(capture, now));
    if let (Some(_), Some(session)) = (created, &mut app.session) {
        // Show the new idea: it is last in time order.
        let len = row_count(session);
        if session.brainstorm_sort == Sort::Time {
            session.cursors[Step::Brainstorm as usize].selected = len.saturating_sub(1);
        }
        session.last_capture.title.clear();
    }
    effects
}

/// Saves the initiative editor (new, edit) and the participants form.
pub fn submit(app: &mut App, form: Form) -> (Vec<Effect>, Option<Form>) {
    let Some(session) = &app.session else { return (vec![], None) };
    match form.purpose.clone() {
        FormPurpose::Participants { ids } => submit_participants(app, &form, &ids),
        FormPurpose::NewInitiative => match initiative_form::read(form, &session.workshop, InitiativeSource::Team) {
            Ok((capture, _)) => {
                let mut line = None;
                if let Some(s) = &mut app.session {
                    s.last_capture = Capture { title: String::new(), description: String::new(), ..capture.clone() };
                    let mut next = CaptureLine::new(&s.last_capture);
                    if s.workshop.silent_mode {
                        next.input.set_mask_char('•');
                    }
                    line = Some(next);
                }
                let effects = add(app, &capture);
                // Back to the capture line, ready for the next idea.
                app.overlay = line.map(|l| Overlay::Capture(Box::new(l)));
                (effects, None)
            }
            Err(form) => (vec![], Some(*form)),
        },
        FormPurpose::EditInitiative { id } => {
            let source = session.workshop.initiative(id).map_or(InitiativeSource::Team, |i| i.source);
            match initiative_form::read(form, &session.workshop, source) {
                Ok((capture, _)) => (app.change("edit initiative", |w| _ = w.edit_initiative(id, &capture)), None),
                Err(form) => (vec![], Some(*form)),
            }
        }
        _ => (vec![], Some(form)),
    }
}

fn submit_participants(app: &mut App, form: &Form, ids: &[ParticipantId]) -> (Vec<Effect>, Option<Form>) {
    let names: Vec<String> = (0..ids.len()).map(|i| form.value(i)).collect();
    let added: Vec<String> = form.value(ids.len()).split(',').map(str::trim).filter(|n| !n.is_empty()).map(String::from).collect();
    let mut refused = Vec::new();
    let effects = app.change("participants", |w| {
        for (id, name) in ids.iter().zip(&names) {
            if name.is_empty() {
                w.remove_participant(*id);
            } else if w.participant(*id).is_some_and(|p| p.name != *name) && !w.rename_participant(*id, name) {
                refused.push(name.clone());
            }
        }
        for name in &added {
            w.add_participant(name);
        }
    });
    if refused.is_empty() {
        app.info("participants saved (u undoes it)");
    } else {
        app.error(format!("not renamed, the name is taken: {}", refused.join(", ")));
    }
    (effects, None)
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, session: &Session, palette: &Palette) {
    let w = &session.workshop;
    let width = area.width as usize;
    let capture = match &app.overlay {
        Some(Overlay::Capture(line)) => Some(line.as_ref()),
        _ => None,
    };
    let hide_authors = app.present && w.silent_mode;
    let counts = w.counts_by_author();
    let count_text =
        if hide_authors { String::new() } else { counts.iter().map(|(name, n)| format!("{name} {n}")).collect::<Vec<_>>().join(" · ") };
    let card = session.card.and_then(|c| prompt_cards().get(c).copied());
    let [head, capture_area, card_area, body] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(if capture.is_some() { 3 } else { 0 }),
        Constraint::Length(if card.is_some() { 2 } else { 0 }),
        Constraint::Min(0),
    ])
    .areas(area);
    let mode = if w.silent_mode { " · SILENT MODE" } else { "" };
    let sort = if session.brainstorm_sort == Sort::Time { String::new() } else { format!(" · by {}", session.brainstorm_sort.label()) };
    let head_lines = vec![
        Line::from(vec![
            Span::styled(format!(" {} initiative{}", w.initiatives.len(), if w.initiatives.len() == 1 { "" } else { "s" }), palette.title),
            Span::styled(mode, palette.warn),
            Span::styled(sort, palette.muted),
        ]),
        Line::from(Span::styled(fit(&format!(" {count_text}"), width), palette.muted)),
    ];
    frame.render_widget(Paragraph::new(head_lines).style(palette.base), head);
    if let Some(line) = capture {
        render_capture(frame, capture_area, w, line, app.present, palette);
    }
    if let Some(card) = card {
        let text = Line::from(vec![Span::styled(" Prompt card: ", palette.accent), Span::styled(card, palette.title)]);
        frame.render_widget(Paragraph::new(vec![text, Line::from("")]).style(palette.base), card_area);
    }
    if w.silent_mode {
        render_silent(frame, body, w, hide_authors, palette);
        return;
    }
    let filter = &session.filters[Step::Brainstorm as usize];
    let list = shown(w, filter, session.brainstorm_sort);
    if w.initiatives.is_empty() {
        let text = " Nothing captured yet: press a and type. Every idea counts, big or small. (n shows a prompt card)";
        frame.render_widget(Paragraph::new(text).style(palette.muted).wrap(Wrap { trim: true }), body);
        return;
    }
    let detail_width = if body.width >= 110 { body.width / 3 } else { 0 };
    let [list_area, detail] = Layout::horizontal([Constraint::Min(0), Constraint::Length(detail_width)]).areas(body);
    let list_width = list_area.width as usize;
    let cursor: &ListCursor = &session.cursors[Step::Brainstorm as usize];
    list::draw(frame, list_area, cursor, list.len(), palette, |i| {
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
        && let Some(ini) = list.get(cursor.selected)
    {
        render_detail(frame, detail, w, ini, hide_authors, palette);
    }
}

pub fn render_capture(frame: &mut Frame, area: Rect, w: &Workshop, line: &CaptureLine, present: bool, palette: &Palette) {
    let [input_row, meta_row, _] = Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let [label, field] = Layout::horizontal([Constraint::Length(3), Constraint::Min(1)]).areas(input_row);
    frame.render_widget(Paragraph::new(" +").style(palette.accent), label);
    let mut input = line.input.clone();
    input.set_style(palette.selected);
    input.set_placeholder_style(palette.selected);
    input.set_cursor_style(palette.base);
    frame.render_widget(&input, field);
    let author = w.author_name(line.author);
    let meta = Line::from(vec![
        Span::styled("   by ", palette.muted),
        Span::styled(author.to_string(), palette.accent),
        Span::styled(" · ", palette.muted),
        Span::styled(line.size.label(), palette.accent),
        Span::styled(" · ", palette.muted),
        Span::styled(line.source.label(), palette.accent),
    ]);
    // The footer lists the keys; present mode has no footer, so they go here.
    let meta = if present {
        let mut spans = meta.spans;
        spans.push(Span::styled("   Tab author · Ctrl-t size · Ctrl-o source · Esc done", palette.muted));
        Line::from(spans)
    } else {
        meta
    };
    frame.render_widget(Paragraph::new(meta).style(palette.base), meta_row);
}

fn render_silent(frame: &mut Frame, area: Rect, w: &Workshop, hide_authors: bool, palette: &Palette) {
    let hidden = w.initiatives.iter().filter(|i| i.hidden).count();
    let mut lines = vec![
        Line::from(""),
        Line::from(Span::styled(format!("   {hidden} idea{} captured", if hidden == 1 { "" } else { "s" }), palette.title)),
        Line::from(Span::styled("   (hidden until the facilitator reveals them with s)", palette.muted)),
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

/// Several pasted lines in the capture line: each becomes an idea with the line's author,
/// size and source, in one undoable change.
pub fn paste_ideas(app: &mut App, lines: &[String]) -> Vec<Effect> {
    let Some(Overlay::Capture(line)) = &app.overlay else { return vec![] };
    let base = Capture { author: line.author, size: line.size, source: line.source, ..Capture::default() };
    let now = app.clock.now();
    let mut added = 0;
    let effects = app.change("paste ideas", |w| {
        for title in lines {
            if w.capture(&Capture { title: title.clone(), ..base.clone() }, now).is_some() {
                added += 1;
            }
        }
    });
    app.info(format!("pasted {added} ideas"));
    effects
}
