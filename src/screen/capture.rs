//! The capture line that stays open (type, Enter, type, Enter), with the author, size and
//! source by keystroke and a description form on demand. Step 2 uses it, and step 3 for a
//! late idea. Nothing typed is lost: `Esc` with text keeps it as an idea. The author stays
//! from one idea to the next (one person often has several); the size and source go back to
//! their defaults unless pinned, so one `large` does not stick to everyone's ideas.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui_textarea::TextArea;

use super::Ctx;
use super::initiative_form::{self, Entry, Field};
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
    /// The size and source stay for the next ideas (else they go back to small, team).
    pub pinned: bool,
    /// The whole of a paste too long for a title: the line holds the title cut from it,
    /// and this becomes the description.
    pub overflow: Option<String>,
}

impl CaptureLine {
    /// An empty line starting from the last capture's author, size and source. What is typed
    /// shows even in silent mode (only the list is hidden), so the facilitator can proofread
    /// it. `add` is the key that adds the idea, for the placeholder.
    pub fn new(defaults: &Capture, pinned: bool, add: &str) -> Self {
        let mut input = TextArea::default();
        input.set_cursor_line_style(Style::default());
        input.set_placeholder_text(format!("type an idea, {add} to add it"));
        Self { input, author: defaults.author, size: defaults.size, source: defaults.source, pinned, overflow: None }
    }

    /// What the next idea starts from after this one: the same author; the same size and
    /// source only when pinned.
    fn next(&self) -> Capture {
        let (size, source) = if self.pinned { (self.size, self.source) } else { (Size::default(), InitiativeSource::default()) };
        Capture { author: self.author, size, source, ..Capture::default() }
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
    /// The line was closed, keeping what was typed as an idea when there was text.
    Closed(Option<InitiativeId>),
    /// An idea was added; the line stays open for the next.
    Added(InitiativeId),
    Nothing,
}

impl Capturing {
    pub fn new(ctx: &Ctx, defaults: &Capture) -> Self {
        Self { line: CaptureLine::new(defaults, false, &add_key(ctx)), describe: None }
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
            Action::Back => {
                // Nothing typed is lost: the text becomes an idea on the way out.
                let capture = line.capture();
                *last = Capture { size: Size::default(), source: InitiativeSource::default(), ..line.next() };
                if capture.title.is_empty() {
                    return Captured::Closed(None);
                }
                let added = add(ctx, doc, &capture);
                if added.is_some() {
                    let undo = ctx.hint(Context::Brainstorm, Action::Undo);
                    ctx.info(format!("added \"{}\" as you left ({undo} undoes it)", capture.title));
                }
                return Captured::Closed(added);
            }
            Action::Pin => {
                line.pinned = !line.pinned;
                ctx.info(if line.pinned {
                    format!("{} and {} stay for the next ideas", line.size.label(), line.source.label())
                } else {
                    "size and source go back to small, team after each idea".to_string()
                });
            }
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
            Action::Describe => {
                // The title is typed already: the description is what comes next.
                let mut form = initiative_form::form("New initiative", &line.capture(), w);
                form.focus_on(Field::Description);
                self.describe = Some(form);
            }
            Action::Add => {
                let capture = line.capture();
                if capture.title.is_empty() {
                    return Captured::Nothing;
                }
                // The line stays open and empty for the next idea.
                *last = line.next();
                self.line = CaptureLine::new(last, line.pinned, &add_key(ctx));
                return add(ctx, doc, &capture).map_or(Captured::Nothing, Captured::Added);
            }
            _ => {}
        }
        Captured::Nothing
    }

    fn submit_described(&mut self, ctx: &mut Ctx, doc: &mut Document, last: &mut Capture) -> Captured {
        let Some(form) = &mut self.describe else { return Captured::Nothing };
        let Some(entry) = initiative_form::read(form, doc.workshop(), InitiativeSource::Team) else { return Captured::Nothing };
        let added = add_entry(ctx, doc, &entry);
        let capture = &entry.capture;
        let pinned = self.line.pinned;
        // A new author is a participant now: the next idea is theirs too.
        self.line.author = added.and_then(|id| doc.workshop().initiative(id)).map_or(capture.author, |i| i.author);
        self.line.size = capture.size;
        self.line.source = capture.source;
        *last = self.line.next();
        // Back to the capture line, ready for the next idea.
        self.describe = None;
        self.line = CaptureLine::new(last, pinned, &add_key(ctx));
        added.map_or(Captured::Nothing, Captured::Added)
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
                ctx.info(format!("pasted {}", crate::model::count::count(added, "idea")));
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
    add_entry(ctx, doc, &Entry { capture: capture.clone(), new_author: None })
}

/// Adds an idea as one change, its author added as a participant first when new.
fn add_entry(ctx: &mut Ctx, doc: &mut Document, entry: &Entry) -> Option<InitiativeId> {
    let now = ctx.clock.now();
    let mut created = None;
    doc.change("capture", |w| {
        let capture = entry.apply(w);
        created = w.capture(&capture, now);
    });
    if let Some(name) = &entry.new_author {
        ctx.info(format!("added {name} as a participant"));
    }
    created
}

/// Rows the capture line takes at `width`: the line, who/size/source, the numbered authors
/// (as many rows as they need) and a blank row.
pub fn height(w: &Workshop, line: &CaptureLine, look: &Look, width: u16) -> u16 {
    roster(w, line, look, usize::from(width)).len() as u16 + 3
}

/// The line and, under it, who it is by, its size and source, then every author with the
/// key that picks them (`Alt-1 Ada`), the current one marked.
pub fn render_line(frame: &mut Frame, area: Rect, w: &Workshop, line: &CaptureLine, look: &Look) {
    let palette = look.palette;
    let roster = roster(w, line, look, area.width as usize);
    let [input_row, meta_row, roster_rows, _] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Length(roster.len() as u16), Constraint::Length(1)])
            .areas(area);
    let [label, field] = Layout::horizontal([Constraint::Length(3), Constraint::Min(1)]).areas(input_row);
    frame.render_widget(Paragraph::new(" +").style(palette.accent), label);
    let mut input = line.input.clone();
    if look.present {
        input.set_placeholder_text("type an idea");
    }
    input.set_style(palette.selected);
    input.set_placeholder_style(palette.selected);
    input.set_cursor_style(palette.base);
    frame.render_widget(&input, field);
    let pinned = if line.pinned { " (pinned)" } else { "" };
    let mut spans = vec![
        Span::styled("   by ", palette.muted),
        Span::styled(w.author_name(line.author).to_string(), palette.accent),
        Span::styled(" · ", palette.muted),
        Span::styled(line.size.label(), palette.accent),
        Span::styled(" · ", palette.muted),
        Span::styled(line.source.label(), palette.accent),
        Span::styled(pinned, palette.muted),
    ];
    if let Some(whole) = &line.overflow {
        spans.push(Span::styled(format!(" · description: the whole paste, {} characters", whole.chars().count()), palette.muted));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(palette.base), meta_row);
    frame.render_widget(Paragraph::new(roster).style(palette.base), roster_rows);
}

/// The authors with the keys that pick them, wrapped at `width`: `Alt-0 anonymous · Alt-1
/// Ada · …`, the current author in the accent colour. Beyond the numbered keys, names only.
fn roster(w: &Workshop, line: &CaptureLine, look: &Look, width: usize) -> Vec<Line<'static>> {
    use unicode_width::UnicodeWidthStr;
    let palette = look.palette;
    let people = std::iter::once((None, "anonymous")).chain(w.active_participants().map(|p| (Some(p.id), p.name.as_str())));
    let mut lines = Vec::new();
    let mut spans: Vec<Span<'static>> = vec![Span::raw("   ")];
    let mut used = 3;
    for (n, (id, name)) in people.enumerate() {
        // In present mode the room sees each author's number, not the key behind it.
        let key = u8::try_from(n)
            .ok()
            .filter(|n| *n <= 9)
            .map(|n| if look.present { n.to_string() } else { look.keymap.hint(Context::Capture, Action::Author(n)) });
        let key = key.filter(|k| !k.starts_with('[')).map(|k| format!("{k} ")).unwrap_or_default();
        let piece_w = key.width() + name.width() + 3;
        if used + piece_w > width && used > 3 {
            spans.pop();
            lines.push(Line::from(std::mem::replace(&mut spans, vec![Span::raw("   ")])));
            used = 3;
        }
        let style = if id == line.author { palette.tab_active } else { palette.muted };
        spans.push(Span::styled(key, palette.muted));
        spans.push(Span::styled(name.to_string(), style));
        spans.push(Span::styled(" · ", palette.muted));
        used += piece_w;
    }
    spans.pop();
    lines.push(Line::from(spans));
    lines
}
