//! A dialog of labelled fields (ratatui-textarea editors) with per-field errors. Fields are
//! named by a key of the screen's own (`K`, usually a small enum), never by position, so a
//! field added to a form cannot shift another. What a form is for, and how it is validated,
//! lives with the screen that opens it.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui_textarea::TextArea;

use super::Look;
use super::text::{fit, wrap};
use super::theme::Palette;
use crate::action::Action;
use crate::keymap::Context;
use crate::model::coach::{Finding, Severity};
use crate::model::text::{clean_line, clean_multiline};

#[derive(Debug)]
pub struct Field<K> {
    pub key: K,
    pub label: String,
    pub input: TextArea<'static>,
    pub error: Option<String>,
    /// Several lines (the new-line key starts one; Enter still saves the form).
    pub multiline: bool,
}

/// Rows a multi-line field takes.
const MULTILINE_ROWS: u16 = 4;

/// What a key did to a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEvent {
    /// Save it: the screen reads and validates the fields.
    Submit,
    /// Close it without saving.
    Cancel,
    /// The form handled the key itself (focus moved, a new line).
    Handled,
    /// Not a form key.
    Ignored,
}

#[derive(Debug)]
pub struct Form<K> {
    pub title: String,
    pub fields: Vec<Field<K>>,
    pub focus: usize,
    /// An error about the whole form (e.g. a failed save).
    pub error: Option<String>,
    /// Shown beside the fields when there is room (e.g. the theme's initiatives).
    pub aside: Option<(String, Vec<String>)>,
    /// Shown above the fields, wrapped, never cut (e.g. the backlog item being reframed).
    pub intro: Vec<String>,
}

impl<K: Copy + PartialEq> Form<K> {
    pub fn new(title: impl Into<String>) -> Self {
        Self { title: title.into(), fields: Vec::new(), focus: 0, error: None, aside: None, intro: Vec::new() }
    }

    #[must_use]
    pub fn field(mut self, key: K, label: impl Into<String>, value: &str, placeholder: &str) -> Self {
        let mut input = TextArea::new(vec![value.to_string()]);
        input.set_placeholder_text(placeholder);
        input.set_cursor_line_style(Style::default());
        input.move_cursor(ratatui_textarea::CursorMove::End);
        self.fields.push(Field { key, label: label.into(), input, error: None, multiline: false });
        self
    }

    #[must_use]
    pub fn multiline(mut self, key: K, label: impl Into<String>, value: &str, placeholder: &str) -> Self {
        let mut input = TextArea::new(value.lines().map(String::from).collect());
        input.set_placeholder_text(placeholder);
        input.set_cursor_line_style(Style::default());
        input.set_wrap_mode(ratatui_textarea::WrapMode::Word);
        self.fields.push(Field { key, label: label.into(), input, error: None, multiline: true });
        self
    }

    fn get(&self, key: K) -> Option<&Field<K>> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// Whether the form has this field.
    pub fn has(&self, key: K) -> bool {
        self.get(key).is_some()
    }

    /// The cleaned text of a one-line field ("" when the form has no such field).
    pub fn value(&self, key: K) -> String {
        self.get(key).map(|f| clean_line(&f.input.lines().join(" "))).unwrap_or_default()
    }

    /// The cleaned text of a multi-line field, line breaks kept.
    pub fn text(&self, key: K) -> String {
        self.get(key).map(|f| clean_multiline(&f.input.lines().join("\n"))).unwrap_or_default()
    }

    /// Replaces a field's text (a form that re-reads what was typed, or suggests a value),
    /// the cursor at its end.
    pub fn set_value(&mut self, key: K, value: &str) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.key == key) {
            let placeholder = f.input.placeholder_text().to_string();
            let mut input = TextArea::new(value.lines().map(String::from).collect());
            input.set_placeholder_text(placeholder);
            input.set_cursor_line_style(Style::default());
            if f.multiline {
                input.set_wrap_mode(ratatui_textarea::WrapMode::Word);
            }
            input.move_cursor(ratatui_textarea::CursorMove::Bottom);
            input.move_cursor(ratatui_textarea::CursorMove::End);
            f.input = input;
        }
    }

    /// Replaces the grey text an empty field shows (e.g. what leaving it empty will do).
    pub fn set_placeholder(&mut self, key: K, placeholder: &str) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.key == key) {
            f.input.set_placeholder_text(placeholder);
        }
    }

    pub fn set_error(&mut self, key: K, error: impl Into<String>) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.key == key) {
            f.error = Some(error.into());
        }
    }

    pub fn clear_errors(&mut self) {
        self.error = None;
        for f in &mut self.fields {
            f.error = None;
        }
    }

    pub fn has_errors(&self) -> bool {
        self.error.is_some() || self.fields.iter().any(|f| f.error.is_some())
    }

    /// The field that has the focus.
    pub fn focused(&self) -> Option<K> {
        self.fields.get(self.focus).map(|f| f.key)
    }

    /// Moves the focus to a field.
    pub fn focus_on(&mut self, key: K) {
        if let Some(i) = self.fields.iter().position(|f| f.key == key) {
            self.focus = i;
        }
    }

    /// Moves the focus to the first field with an error.
    pub fn focus_first_error(&mut self) {
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = i;
        }
    }

    pub fn focus_next(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len().max(1);
    }

    pub fn focus_prev(&mut self) {
        self.focus = (self.focus + self.fields.len().max(1) - 1) % self.fields.len().max(1);
    }

    /// A form key (from the `form` table of the keymap): moves the focus, starts a new line,
    /// or says the screen should save or close the form.
    pub fn handle(&mut self, action: Action) -> FormEvent {
        match action {
            Action::Submit => FormEvent::Submit,
            Action::Back => FormEvent::Cancel,
            Action::NextField => {
                self.focus_next();
                FormEvent::Handled
            }
            Action::PrevField => {
                self.focus_prev();
                FormEvent::Handled
            }
            Action::NewLine => {
                if let Some(f) = self.fields.get_mut(self.focus).filter(|f| f.multiline) {
                    f.input.insert_newline();
                }
                FormEvent::Handled
            }
            _ => FormEvent::Ignored,
        }
    }

    /// Text editing keys for the focused field (Enter is never text).
    pub fn input(&mut self, key: KeyEvent) {
        let Some(f) = self.fields.get_mut(self.focus) else { return };
        if matches!(key.code, KeyCode::Enter) {
            return;
        }
        f.input.input(key);
        f.error = None;
    }

    /// Pasted text goes into the focused field, cleaned of control characters (one line
    /// unless the field takes several).
    pub fn paste(&mut self, text: &str) {
        if let Some(f) = self.fields.get_mut(self.focus) {
            let text = if f.multiline { clean_multiline(text) } else { clean_line(text) };
            f.input.insert_str(text);
            f.error = None;
        }
    }

    /// Draws the form over `area`, with what the coach says about it (if anything) at the
    /// bottom.
    pub fn render(&self, frame: &mut Frame, area: Rect, look: &Look, coach: &[Finding]) {
        let palette = look.palette;
        let aside_w = if self.aside.is_some() && area.width >= 100 { 36 } else { 0 };
        let width = area.width.saturating_sub(4).min(72 + aside_w);
        // Inside the border, beside any aside: what wraps is measured at this width.
        let text_w = usize::from(width.saturating_sub(2 + if aside_w > 0 { aside_w + 1 } else { 0 }));
        let label_width = self.label_width();
        let error_w = text_w.saturating_sub(usize::from(label_width) + 4);
        let coach_lines = coach_lines(coach, text_w, palette);
        let coach_rows = coach_lines.len() as u16;
        let intro_rows = self.intro_lines(text_w).len() as u16;
        let rows_needed: u16 = self
            .fields
            .iter()
            .map(|f| if f.multiline { MULTILINE_ROWS } else { 1 } + f.error.as_ref().map_or(0, |e| wrap(e, error_w).len() as u16))
            .sum::<u16>()
            + 4
            + intro_rows
            + coach_rows;
        let popup = centered(area, width, rows_needed.min(area.height));
        frame.render_widget(Clear, popup);
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(palette.accent)
            .style(palette.base)
            .title(Span::styled(format!(" {} ", self.title), palette.title));
        let mut inner = block.inner(popup);
        frame.render_widget(block, popup);
        if let Some((title, lines)) = &self.aside
            && aside_w > 0
        {
            let aside = Rect::new(inner.x + inner.width.saturating_sub(aside_w), inner.y, aside_w, inner.height);
            inner.width = inner.width.saturating_sub(aside_w + 1);
            let mut text = vec![Line::from(Span::styled(title.clone(), palette.title))];
            text.extend(lines.iter().map(|l| Line::from(Span::styled(fit(l, aside_w as usize - 2), palette.muted))));
            let side = Block::new().borders(Borders::LEFT).border_style(palette.border);
            frame.render_widget(Paragraph::new(text).block(side), aside);
        }
        if coach_rows > 0 && inner.height > coach_rows + 2 {
            let area = Rect::new(inner.x, inner.y + inner.height - coach_rows, inner.width, coach_rows);
            frame.render_widget(Paragraph::new(coach_lines), area);
            inner.height -= coach_rows;
        }
        let intro = self.intro_lines(inner.width as usize);
        if !intro.is_empty() && inner.height > intro.len() as u16 + 2 {
            let rows = intro.len() as u16;
            let lines: Vec<Line> = intro.into_iter().map(|l| Line::from(Span::styled(l, palette.muted))).collect();
            frame.render_widget(Paragraph::new(lines), Rect::new(inner.x, inner.y, inner.width, rows));
            inner.y += rows;
            inner.height -= rows;
        }
        self.render_fields(frame, inner, look);
    }

    /// Columns of the label column: the longest label, its colon and a space.
    fn label_width(&self) -> u16 {
        self.fields.iter().map(|f| f.label.chars().count()).max().unwrap_or(0) as u16 + 2
    }

    /// The intro, wrapped at `width`, with a blank line under it.
    fn intro_lines(&self, width: usize) -> Vec<String> {
        if self.intro.is_empty() {
            return Vec::new();
        }
        let mut lines: Vec<String> = self.intro.iter().flat_map(|l| wrap(l, width)).collect();
        lines.push(String::new());
        lines
    }

    fn render_fields(&self, frame: &mut Frame, inner: Rect, look: &Look) {
        let palette = look.palette;
        let label_width = self.label_width();
        let mut y = inner.y;
        let bottom = inner.y + inner.height;
        for (i, f) in self.fields.iter().enumerate() {
            if y >= bottom.saturating_sub(1) {
                break;
            }
            let focused = i == self.focus;
            let rows = if f.multiline { MULTILINE_ROWS.min(bottom.saturating_sub(1).saturating_sub(y)).max(1) } else { 1 };
            let [label_area, input_area] =
                Layout::horizontal([Constraint::Length(label_width), Constraint::Min(1)]).areas(Rect::new(inner.x, y, inner.width, rows));
            let label_style = if focused { palette.accent } else { palette.muted };
            frame.render_widget(Paragraph::new(format!("{}:", f.label)).style(label_style), label_area);
            render_input(frame, input_area, &f.input, focused, look);
            y += rows;
            if let Some(err) = &f.error {
                let width = inner.width.saturating_sub(label_width);
                for (n, line) in wrap(err, usize::from(width.saturating_sub(4))).into_iter().enumerate() {
                    if y >= bottom.saturating_sub(1) {
                        break;
                    }
                    let lead = if n == 0 { "  ↳ " } else { "    " };
                    let line = Line::from(Span::styled(format!("{lead}{line}"), palette.bad));
                    frame.render_widget(Paragraph::new(line), Rect::new(inner.x + label_width, y, width, 1));
                    y += 1;
                }
            }
        }
        let footer = match &self.error {
            Some(e) => Line::from(Span::styled(e.clone(), palette.bad)),
            None => Line::from(Span::styled(self.keys_line(look), palette.muted)),
        };
        let footer_area = Rect::new(inner.x, bottom.saturating_sub(1), inner.width, 1);
        if footer_area.y > inner.y {
            frame.render_widget(Paragraph::new(footer).wrap(Wrap { trim: true }), footer_area);
        }
    }

    /// `Enter save · Tab next field · Ctrl-j new line · Esc cancel`, from the keymap.
    fn keys_line(&self, look: &Look) -> String {
        let hint = |action| look.keymap.hint(Context::Form, action);
        let new_line =
            if self.fields.iter().any(|f| f.multiline) { format!(" · {} new line", hint(Action::NewLine)) } else { String::new() };
        format!("{} save · {} next field{new_line} · {} cancel", hint(Action::Submit), hint(Action::NextField), hint(Action::Back))
    }
}

/// A field's editor. An empty field shows its placeholder where typed text starts (the
/// editor itself draws it one column in, after its cursor), with the cursor over its
/// first letter.
fn render_input(frame: &mut Frame, area: Rect, input: &TextArea<'static>, focused: bool, look: &Look) {
    let palette = look.palette;
    if input.is_empty() && !input.placeholder_text().is_empty() {
        // A multi-line field shows its whole placeholder, wrapped; a one-line field as much as fits.
        let lines: Vec<Line> = if area.height > 1 {
            wrap(input.placeholder_text(), area.width as usize).into_iter().map(Line::from).collect()
        } else {
            vec![Line::from(fit(input.placeholder_text(), area.width as usize))]
        };
        frame.render_widget(Paragraph::new(lines).style(palette.muted), area);
        if focused && area.width > 0 {
            let cell = &mut frame.buffer_mut()[(area.x, area.y)];
            if cell.symbol().is_empty() {
                cell.set_symbol(" ");
            }
            cell.set_style(palette.selected);
        }
        return;
    }
    let mut input = input.clone();
    input.set_style(palette.base);
    input.set_placeholder_style(palette.muted);
    input.set_cursor_style(if focused { palette.selected } else { palette.base });
    frame.render_widget(&input, area);
}

/// The coach's findings about what is being typed (the first three), wrapped at `width`:
/// its reason, then its suggestion, indented. Nothing is cut.
fn coach_lines(coach: &[Finding], width: usize, palette: &Palette) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for f in coach.iter().take(3) {
        let style = if f.severity == Severity::Warning { palette.warn } else { palette.accent };
        for line in wrap(&format!("coach: {}", f.reason), width) {
            lines.push(Line::from(Span::styled(line, style)));
        }
        for line in wrap(&f.suggestion, width.saturating_sub(2)) {
            lines.push(Line::from(Span::styled(format!("  {line}"), palette.muted)));
        }
    }
    lines
}

/// A rectangle of at most `width` x `height` centred in `area`.
/// A dialog built on one form (settings, participants, export, save as): the keys typed and
/// the text pasted into it, and its drawing, are its form's; only its actions are its own.
pub trait FormDialog {
    fn input(&mut self, key: KeyEvent);
    fn paste(&mut self, text: &str);
    fn render(&self, frame: &mut Frame, area: Rect, look: &Look);
}

/// Implements [`FormDialog`] for a dialog whose form is its `form` field.
macro_rules! form_dialog {
    ($dialog:ty) => {
        impl $crate::ui::form::FormDialog for $dialog {
            fn input(&mut self, key: ratatui::crossterm::event::KeyEvent) {
                self.form.input(key);
            }

            fn paste(&mut self, text: &str) {
                self.form.paste(text);
            }

            fn render(&self, frame: &mut ratatui::Frame, area: ratatui::layout::Rect, look: &$crate::ui::Look) {
                self.form.render(frame, area, look, &[]);
            }
        }
    };
}
pub(crate) use form_dialog;

pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(area.x + (area.width - width) / 2, area.y + (area.height - height) / 2, width, height)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum F {
        Name,
        Team,
        Notes,
    }

    #[test]
    fn typing_and_pasting_are_cleaned_and_enter_is_ignored() {
        let mut form = Form::new("t").field(F::Name, "Name", "", "").field(F::Team, "Team", "", "");
        for c in "Ab".chars() {
            form.input(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        form.input(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        form.paste("c\u{1b}[2J\nd");
        assert_eq!(form.value(F::Name), "Abc[2J d");
        form.focus_prev();
        assert_eq!(form.focused(), Some(F::Team));
    }

    #[test]
    fn fields_are_found_by_name_wherever_they_are() {
        let mut form = Form::new("t").multiline(F::Notes, "Notes", "one\ntwo", "").field(F::Name, "Name", "x", "");
        assert_eq!(form.value(F::Name), "x");
        assert_eq!(form.text(F::Notes), "one\ntwo");
        assert_eq!(form.value(F::Team), "", "a field the form lacks reads empty");
        assert!(!form.has(F::Team));
        form.set_error(F::Name, "bad");
        form.focus_first_error();
        assert_eq!(form.focused(), Some(F::Name));
        assert_eq!(form.handle(Action::NextField), FormEvent::Handled);
        assert_eq!(form.handle(Action::NewLine), FormEvent::Handled);
        assert_eq!(form.text(F::Notes).lines().count(), 3, "a new line in the multi-line field");
        assert_eq!(form.handle(Action::Submit), FormEvent::Submit);
        assert_eq!(form.handle(Action::Back), FormEvent::Cancel);
        assert_eq!(form.handle(Action::Up), FormEvent::Ignored);
    }
}
