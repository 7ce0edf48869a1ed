//! The capture line that stays open (type, Enter, type, Enter), with the author, size and
//! source by keystroke and a description form on demand. Step 2 uses it, and step 3 for a
//! late idea.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui_textarea::TextArea;

use super::Ctx;
use super::initiative_form::{self, Field};
use crate::action::Action;
use crate::document::Document;
use crate::keymap::Context;
use crate::model::brainstorm::CAPTURE_SOURCES;
use crate::model::text::{MAX_TITLE_CHARS, cap_title, clean_line};
use crate::model::{Capture, InitiativeId, InitiativeSource, ParticipantId, Size, Workshop};
use crate::ui::Look;
use crate::ui::form::{Form, FormEvent};

/// The open capture line: what is typed and the author, size and source it will get.
#[derive(Debug)]
pub struct CaptureLine {
    pub input: TextArea<'static>,
    pub author: Option<ParticipantId>,
    pub size: Size,
    pub source: InitiativeSource,
    /// The whole of a paste too long for a title: the line holds the title cut from it,
    /// and this becomes the description.
    pub overflow: Option<String>,
}

impl CaptureLine {
    /// An empty line starting from the last capture's author, size and source; typing is
    /// masked while silent mode hides ideas from the shared screen. `add` is the key that
    /// adds the idea, for the placeholder.
    pub fn new(defaults: &Capture, masked: bool, add: &str) -> Self {
        let mut input = TextArea::default();
        input.set_cursor_line_style(Style::default());
        input.set_placeholder_text(format!("type an idea, {add} to add it"));
        if masked {
            input.set_mask_char('•');
        }
        Self { input, author: defaults.author, size: defaults.size, source: defaults.source, overflow: None }
    }

    fn title(&self) -> String {
        clean_line(&self.input.lines().join(" "))
    }

    fn capture(&self) -> Capture {
        let description = self.overflow.clone().unwrap_or_default();
        Capture { title: self.title(), description, author: self.author, size: self.size, source: self.source, ..Capture::default() }
    }

    /// Pasted text typed in at the cursor; when the line would be longer than a title may
    /// be, it holds the title cut from it and the whole text waits as the description.
    /// Whether it was cut.
    fn paste(&mut self, text: &str) -> bool {
        let current = self.input.lines().join(" ");
        let col = self.input.cursor().1;
        let at = current.char_indices().nth(col).map_or(current.len(), |(i, _)| i);
        let (title, whole) = cap_title(&format!("{}{text}{}", &current[..at], &current[at..]));
        match whole {
            None => {
                self.input.insert_str(text);
                false
            }
            Some(whole) => {
                self.input.clear();
                self.input.insert_str(title);
                self.overflow = Some(whole);
                true
            }
        }
    }
}

/// Capturing ideas: the line, and the description form when one is open over it.
#[derive(Debug)]
pub struct Capturing {
    pub line: CaptureLine,
    pub describe: Option<Form<Field>>,
}

/// What a key did while capturing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Captured {
    /// The line was closed.
    Closed,
    /// An idea was added; the line stays open for the next.
    Added(InitiativeId),
    Nothing,
}

impl Capturing {
    pub fn new(ctx: &Ctx, defaults: &Capture, w: &Workshop) -> Self {
        Self { line: CaptureLine::new(defaults, w.silent_mode, &add_key(ctx)), describe: None }
    }

    pub fn context(&self) -> Context {
        if self.describe.is_some() { Context::Form } else { Context::Capture }
    }

    /// A key while capturing; `last` keeps the author, size and source for the next idea.
    pub fn update(&mut self, ctx: &mut Ctx, doc: &mut Document, last: &mut Capture, action: Action) -> Captured {
        if let Some(form) = &mut self.describe {
            return match form.handle(action) {
                FormEvent::Cancel => {
                    self.describe = None;
                    Captured::Nothing
                }
                FormEvent::Submit => self.submit_described(ctx, doc, last),
                FormEvent::Handled | FormEvent::Ignored => Captured::Nothing,
            };
        }
        let w = doc.workshop();
        let people: Vec<Option<ParticipantId>> = std::iter::once(None).chain(w.active_participants().map(|p| Some(p.id))).collect();
        let line = &mut self.line;
        let position = people.iter().position(|p| *p == line.author).unwrap_or(0);
        match action {
            Action::Back => return Captured::Closed,
            Action::NextAuthor => line.author = people[(position + 1) % people.len()],
            Action::PrevAuthor => line.author = people[(position + people.len() - 1) % people.len()],
            Action::Author(n) => match people.get(usize::from(n)) {
                Some(p) => line.author = *p,
                None => {
                    let add = ctx.hint(Context::Brainstorm, Action::Participants);
                    ctx.info(format!("no participant {n}: {add} adds people"));
                }
            },
            Action::CycleSize => {
                let i = Size::ALL.iter().position(|s| *s == line.size).unwrap_or(0);
                line.size = Size::ALL[(i + 1) % Size::ALL.len()];
            }
            Action::CycleSource => {
                let i = CAPTURE_SOURCES.iter().position(|s| *s == line.source).unwrap_or(0);
                line.source = CAPTURE_SOURCES[(i + 1) % CAPTURE_SOURCES.len()];
            }
            Action::Describe => self.describe = Some(initiative_form::form("New initiative", &line.capture(), w)),
            Action::Add => {
                let capture = line.capture();
                if capture.title.is_empty() {
                    return Captured::Nothing;
                }
                // The line stays open and empty for the next idea.
                *last = Capture { title: String::new(), description: String::new(), ..capture.clone() };
                self.line = CaptureLine::new(last, w.silent_mode, &add_key(ctx));
                return add(ctx, doc, &capture).map_or(Captured::Nothing, Captured::Added);
            }
            _ => {}
        }
        Captured::Nothing
    }

    fn submit_described(&mut self, ctx: &mut Ctx, doc: &mut Document, last: &mut Capture) -> Captured {
        let Some(form) = &mut self.describe else { return Captured::Nothing };
        let people = ctx.hint(Context::Brainstorm, Action::Participants);
        let Some(capture) = initiative_form::read(form, doc.workshop(), InitiativeSource::Team, &people) else { return Captured::Nothing };
        *last = Capture { title: String::new(), description: String::new(), ..capture.clone() };
        // Back to the capture line, ready for the next idea.
        self.describe = None;
        self.line = CaptureLine::new(last, doc.workshop().silent_mode, &add_key(ctx));
        add(ctx, doc, &capture).map_or(Captured::Nothing, Captured::Added)
    }

    pub fn input(&mut self, key: KeyEvent) {
        match &mut self.describe {
            Some(form) => form.input(key),
            None => {
                self.line.input.input(key);
            }
        }
    }

    /// Pasted text: one line is typed in; several become an idea each, in one change.
    pub fn paste(&mut self, ctx: &mut Ctx, doc: &mut Document, text: &str) {
        if let Some(form) = &mut self.describe {
            form.paste(text);
            return;
        }
        let lines: Vec<String> = text.lines().map(clean_line).filter(|l| !l.is_empty()).collect();
        match lines.as_slice() {
            [] => {}
            [one] => {
                if self.line.paste(one) {
                    let chars = self.line.overflow.as_ref().map_or(0, |w| w.chars().count());
                    ctx.info(format!(
                        "a title holds {MAX_TITLE_CHARS} characters: the whole paste ({chars} characters) becomes the description"
                    ));
                }
            }
            many => {
                let base = Capture { title: String::new(), ..self.line.capture() };
                let now = ctx.clock.now();
                let mut added = 0;
                doc.change("paste ideas", |w| {
                    for title in many {
                        if w.capture(&Capture { title: title.clone(), ..base.clone() }, now).is_some() {
                            added += 1;
                        }
                    }
                });
                ctx.info(format!("pasted {added} ideas"));
            }
        }
    }

    /// The description form, drawn over the screen.
    pub fn render_form(&self, frame: &mut Frame, area: Rect, look: &Look) {
        if let Some(form) = &self.describe {
            form.render(frame, area, look, &[]);
        }
    }
}

fn add_key(ctx: &Ctx) -> String {
    ctx.hint(Context::Capture, Action::Add)
}

fn add(ctx: &mut Ctx, doc: &mut Document, capture: &Capture) -> Option<InitiativeId> {
    let now = ctx.clock.now();
    let mut created = None;
    doc.change("capture", |w| created = w.capture(capture, now));
    created
}

/// The line and, under it, who it is by, its size and source (and the keys, in present
/// mode, which has no footer).
pub fn render_line(frame: &mut Frame, area: Rect, w: &Workshop, line: &CaptureLine, look: &Look) {
    let palette = look.palette;
    let [input_row, meta_row, _] = Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let [label, field] = Layout::horizontal([Constraint::Length(3), Constraint::Min(1)]).areas(input_row);
    frame.render_widget(Paragraph::new(" +").style(palette.accent), label);
    let mut input = line.input.clone();
    input.set_style(palette.selected);
    input.set_placeholder_style(palette.selected);
    input.set_cursor_style(palette.base);
    frame.render_widget(&input, field);
    let author = w.author_name(line.author);
    let mut spans = vec![
        Span::styled("   by ", palette.muted),
        Span::styled(author.to_string(), palette.accent),
        Span::styled(" · ", palette.muted),
        Span::styled(line.size.label(), palette.accent),
        Span::styled(" · ", palette.muted),
        Span::styled(line.source.label(), palette.accent),
    ];
    if let Some(whole) = &line.overflow {
        spans.push(Span::styled(format!(" · description: the whole paste, {} characters", whole.chars().count()), palette.muted));
    }
    if look.present {
        let key = |action| look.keymap.hint(Context::Capture, action);
        let keys = format!(
            "   {} author · {} size · {} source · {} done",
            key(Action::NextAuthor),
            key(Action::CycleSize),
            key(Action::CycleSource),
            key(Action::Back)
        );
        spans.push(Span::styled(keys, palette.muted));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(palette.base), meta_row);
}
