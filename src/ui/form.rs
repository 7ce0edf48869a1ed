//! A dialog of labelled one-line fields (ratatui-textarea editors) with per-field errors.
//! What a form is for, and how it is validated, lives with the screen that opens it.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui_textarea::TextArea;

use super::theme::Palette;
use crate::model::text::clean_line;

/// What submitting the form does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormPurpose {
    NewWorkshop,
    Rename {
        slug: String,
    },
    CarryOver {
        slug: String,
    },
    Settings,
    /// Reframing a shelved backlog item as a new initiative.
    Rescue {
        item: crate::model::BacklogItemId,
    },
    /// A new initiative with a description (from the capture line).
    NewInitiative,
    EditInitiative {
        id: crate::model::InitiativeId,
    },
    NewTheme,
    EditTheme {
        id: crate::model::ThemeId,
    },
    Objective {
        id: Option<crate::model::ObjectiveId>,
    },
    KeyResult {
        objective: crate::model::ObjectiveId,
        id: Option<crate::model::KeyResultId>,
    },
    Dismiss {
        code: String,
        subject: String,
    },
    CheckIn {
        kr: crate::model::KeyResultId,
        week: u32,
    },
    WeeklyNote {
        week: u32,
    },
    Adjust {
        kr: crate::model::KeyResultId,
    },
    Score {
        kr: crate::model::KeyResultId,
    },
    Learnings {
        objective: crate::model::ObjectiveId,
    },
    CarryOverChosen,
    Export,
    /// The participants: one field each, and one to add more.
    Participants {
        ids: Vec<crate::model::ParticipantId>,
    },
}

#[derive(Debug)]
pub struct Field {
    pub label: String,
    pub input: TextArea<'static>,
    pub error: Option<String>,
    /// Several lines (Ctrl-j or Alt-Enter starts a new one; Enter still saves the form).
    pub multiline: bool,
}

/// Rows a multi-line field takes.
const MULTILINE_ROWS: u16 = 4;

/// The coach reading a field as it is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveCoach {
    Objective(usize),
    KeyResult(usize),
}

#[derive(Debug)]
pub struct Form {
    pub title: String,
    pub purpose: FormPurpose,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// An error about the whole form (e.g. a failed save).
    pub error: Option<String>,
    /// Shown beside the fields when there is room (e.g. the theme's initiatives).
    pub aside: Option<(String, Vec<String>)>,
    pub coach: Option<LiveCoach>,
}

impl Form {
    pub fn new(title: impl Into<String>, purpose: FormPurpose) -> Self {
        Self { title: title.into(), purpose, fields: Vec::new(), focus: 0, error: None, aside: None, coach: None }
    }

    #[must_use]
    pub fn field(mut self, label: impl Into<String>, value: &str, placeholder: &str) -> Self {
        let mut input = TextArea::new(vec![value.to_string()]);
        input.set_placeholder_text(placeholder);
        input.set_cursor_line_style(Style::default());
        input.move_cursor(ratatui_textarea::CursorMove::End);
        self.fields.push(Field { label: label.into(), input, error: None, multiline: false });
        self
    }

    #[must_use]
    pub fn multiline_field(mut self, label: impl Into<String>, value: &str, placeholder: &str) -> Self {
        let mut input = TextArea::new(value.lines().map(String::from).collect());
        input.set_placeholder_text(placeholder);
        input.set_cursor_line_style(Style::default());
        input.set_wrap_mode(ratatui_textarea::WrapMode::Word);
        self.fields.push(Field { label: label.into(), input, error: None, multiline: true });
        self
    }

    /// The cleaned text of a multi-line field, line breaks kept.
    pub fn text(&self, index: usize) -> String {
        self.fields.get(index).map(|f| crate::model::text::clean_multiline(&f.input.lines().join("\n"))).unwrap_or_default()
    }

    /// The cleaned text of a field.
    pub fn value(&self, index: usize) -> String {
        self.fields.get(index).map(|f| clean_line(&f.input.lines().join(" "))).unwrap_or_default()
    }

    pub fn set_error(&mut self, index: usize, error: impl Into<String>) {
        if let Some(f) = self.fields.get_mut(index) {
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

    /// What the coach says about the coached field's text right now.
    pub fn live_findings(&self) -> Vec<crate::model::coach::Finding> {
        match self.coach {
            Some(LiveCoach::Objective(i)) => crate::model::coach::check_objective_text(&self.text(i)),
            Some(LiveCoach::KeyResult(i)) => crate::model::coach::check_key_result_text(&self.value(i)),
            None => Vec::new(),
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

    /// Text editing keys for the focused field. Line breaks are not part of one-line fields.
    pub fn input(&mut self, key: KeyEvent) {
        let Some(f) = self.fields.get_mut(self.focus) else { return };
        let newline = (key.code == KeyCode::Char('j') && key.modifiers.contains(KeyModifiers::CONTROL))
            || (key.code == KeyCode::Enter && key.modifiers.contains(KeyModifiers::ALT));
        if newline {
            if f.multiline {
                f.input.insert_newline();
            }
            return;
        }
        if matches!(key.code, KeyCode::Enter) {
            return;
        }
        f.input.input(key);
        f.error = None;
    }

    /// Pasted text goes into the focused field as one line, cleaned of control characters.
    pub fn paste(&mut self, text: &str) {
        if let Some(f) = self.fields.get_mut(self.focus) {
            let text = if f.multiline { crate::model::text::clean_multiline(text) } else { clean_line(text) };
            f.input.insert_str(text);
            f.error = None;
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, palette: &Palette) {
        let findings = self.live_findings();
        let coach_rows = findings.len().min(3) as u16 * 2;
        let rows_needed: u16 =
            self.fields.iter().map(|f| if f.multiline { MULTILINE_ROWS } else { 1 } + u16::from(f.error.is_some())).sum::<u16>()
                + 4
                + coach_rows;
        let aside_w = if self.aside.is_some() && area.width >= 100 { 36 } else { 0 };
        let width = area.width.saturating_sub(4).min(72 + aside_w);
        let height = rows_needed.min(area.height);
        let popup = centered(area, width, height);
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
            text.extend(lines.iter().map(|l| Line::from(Span::styled(super::text::fit(l, aside_w as usize - 2), palette.muted))));
            let side = Block::new().borders(Borders::LEFT).border_style(palette.border);
            frame.render_widget(Paragraph::new(text).block(side), aside);
        }
        let bottom_all = inner.y + inner.height;
        if coach_rows > 0 && inner.height > coach_rows + 2 {
            let area = Rect::new(inner.x, bottom_all - coach_rows, inner.width, coach_rows);
            let lines: Vec<Line> = findings
                .iter()
                .take(3)
                .flat_map(|f| {
                    let style = if f.severity == crate::model::coach::Severity::Warning { palette.warn } else { palette.accent };
                    [
                        Line::from(Span::styled(super::text::fit(&format!("coach: {}", f.reason), inner.width as usize), style)),
                        Line::from(Span::styled(super::text::fit(&format!("  {}", f.suggestion), inner.width as usize), palette.muted)),
                    ]
                })
                .collect();
            frame.render_widget(Paragraph::new(lines), area);
            inner.height -= coach_rows;
        }
        let label_width = self.fields.iter().map(|f| f.label.len()).max().unwrap_or(0) as u16 + 2;
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
            let mut input = f.input.clone();
            input.set_style(palette.base);
            input.set_placeholder_style(palette.muted);
            input.set_cursor_style(if focused { palette.selected } else { palette.base });
            frame.render_widget(&input, input_area);
            y += rows;
            if let Some(err) = &f.error
                && y < bottom.saturating_sub(1)
            {
                let line = Line::from(Span::styled(format!("  ↳ {err}"), palette.bad));
                frame.render_widget(Paragraph::new(line), Rect::new(inner.x + label_width, y, inner.width.saturating_sub(label_width), 1));
                y += 1;
            }
        }
        let footer = match &self.error {
            Some(e) => Line::from(Span::styled(e.clone(), palette.bad)),
            None if self.fields.iter().any(|f| f.multiline) => {
                Line::from(Span::styled("Enter save · Tab next field · Ctrl-j new line · Esc cancel", palette.muted))
            }
            None => Line::from(Span::styled("Enter save · Tab next field · Esc cancel", palette.muted)),
        };
        let footer_area = Rect::new(inner.x, bottom.saturating_sub(1), inner.width, 1);
        if footer_area.y > inner.y {
            frame.render_widget(Paragraph::new(footer).wrap(Wrap { trim: true }), footer_area);
        }
    }
}

/// A rectangle of at most `width` x `height` centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(area.x + (area.width - width) / 2, area.y + (area.height - height) / 2, width, height)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_and_pasting_are_cleaned_and_enter_is_ignored() {
        let mut form = Form::new("t", FormPurpose::NewWorkshop).field("Name", "", "").field("Team", "", "");
        for c in "Ab".chars() {
            form.input(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        form.input(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        form.paste("c\u{1b}[2J\nd");
        assert_eq!(form.value(0), "Abc[2J d");
        form.focus_prev();
        assert_eq!(form.focus, 1);
    }
}
