//! The file path prompt used to import a backlog: a one-line editor with Tab completion
//! (the run loop lists the folder) and a format that is detected or forced.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui_textarea::{CursorMove, TextArea};

use super::Look;
use super::form::centered;
use crate::action::Action;
use crate::import::Format;
use crate::keymap::Context;
use crate::model::text::clean_line;

/// What the typed path is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PromptPurpose {
    #[default]
    Import,
    MergeProposals,
}

#[derive(Debug)]
pub struct PathPrompt {
    pub purpose: PromptPurpose,
    pub input: TextArea<'static>,
    /// `None` detects the format from the file.
    pub format: Option<Format>,
    /// What the last Tab found when it was not a single match.
    pub candidates: Vec<String>,
    pub error: Option<String>,
}

impl Default for PathPrompt {
    fn default() -> Self {
        Self::new(PromptPurpose::Import)
    }
}

/// What a key did to the prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptEvent {
    /// Close it.
    Cancel,
    /// The path typed, to act on.
    Submit(String),
    /// Ask for the folder listing of what is typed.
    Complete(String),
    Handled,
}

impl PathPrompt {
    /// A key from the prompt's table.
    pub fn handle(&mut self, action: Action) -> PromptEvent {
        match action {
            Action::Back => PromptEvent::Cancel,
            Action::CycleFormat => {
                self.cycle_format();
                PromptEvent::Handled
            }
            Action::Complete => PromptEvent::Complete(self.value()),
            Action::Import => {
                let path = self.value();
                if path.is_empty() {
                    self.error = Some(match self.purpose {
                        PromptPurpose::Import => "type the path of the file to import".into(),
                        PromptPurpose::MergeProposals => "type the path of a proposal file, or of a folder of them".into(),
                    });
                    return PromptEvent::Handled;
                }
                PromptEvent::Submit(path)
            }
            _ => PromptEvent::Handled,
        }
    }

    pub fn new(purpose: PromptPurpose) -> Self {
        let mut input = TextArea::default();
        input.set_cursor_line_style(Style::default());
        input.set_placeholder_text(match purpose {
            PromptPurpose::Import => "path to a Jira/Linear/GitLab CSV, gh or Trello JSON, Markdown or text file",
            PromptPurpose::MergeProposals => "a proposal file, or a folder of them",
        });
        Self { purpose, input, format: None, candidates: Vec::new(), error: None }
    }

    pub fn value(&self) -> String {
        clean_line(&self.input.lines().join(""))
    }

    fn set_value(&mut self, value: &str) {
        self.input = TextArea::new(vec![value.to_string()]);
        self.input.set_cursor_line_style(Style::default());
        self.input.move_cursor(CursorMove::End);
    }

    pub fn input(&mut self, key: KeyEvent) {
        if key.code != KeyCode::Enter {
            self.input.input(key);
            self.error = None;
            self.candidates.clear();
        }
    }

    pub fn paste(&mut self, text: &str) {
        self.input.insert_str(clean_line(text));
    }

    pub fn cycle_format(&mut self) {
        self.format = match self.format {
            None => Some(Format::ALL[0]),
            Some(f) => Format::ALL.iter().position(|x| *x == f).and_then(|i| Format::ALL.get(i + 1)).copied(),
        };
    }

    /// Takes the folder listing for the typed path: one match completes it, several
    /// complete their common prefix and are listed.
    pub fn completed(&mut self, matches: Vec<String>) {
        match matches.as_slice() {
            [] => self.error = Some("no file matches".into()),
            [one] => {
                self.set_value(one);
                self.candidates.clear();
            }
            many => {
                let prefix = common_prefix(many);
                if prefix.len() > self.value().len() {
                    self.set_value(&prefix);
                }
                self.candidates = matches;
            }
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let palette = look.palette;
        let shown = self.candidates.len().min(6) as u16;
        let popup = centered(area, area.width.saturating_sub(4).min(90), 6 + shown);
        frame.render_widget(Clear, popup);
        let block = Block::new().borders(Borders::ALL).border_style(palette.accent).style(palette.base).title(Span::styled(
            match self.purpose {
                PromptPurpose::Import => " Import a backlog ",
                PromptPurpose::MergeProposals => " Merge proposals ",
            },
            palette.title,
        ));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        if inner.height < 2 {
            return;
        }
        let mut input = self.input.clone();
        input.set_style(palette.base);
        input.set_placeholder_style(palette.muted);
        input.set_cursor_style(palette.selected);
        frame.render_widget(&input, Rect::new(inner.x, inner.y, inner.width, 1));
        let format = self.format.map_or("detect from the file", Format::name);
        let mut lines = match self.purpose {
            PromptPurpose::Import => vec![Line::from(vec![Span::styled("format: ", palette.muted), Span::styled(format, palette.accent)])],
            PromptPurpose::MergeProposals => {
                vec![Line::from(Span::styled("each initiative keeps its author; merging twice adds nothing", palette.muted))]
            }
        };
        for c in self.candidates.iter().take(6) {
            lines.push(Line::from(Span::styled(format!("  {c}"), palette.muted)));
        }
        if self.candidates.len() > 6 {
            lines.push(Line::from(Span::styled(format!("  … {} more", self.candidates.len() - 6), palette.muted)));
        }
        let key = |action| look.keymap.hint(Context::PathPrompt, action);
        lines.push(match &self.error {
            Some(e) => Line::from(Span::styled(e.clone(), palette.bad)),
            None if self.purpose == PromptPurpose::MergeProposals => Line::from(Span::styled(
                format!("{} merge · {} complete · {} cancel", key(Action::Import), key(Action::Complete), key(Action::Back)),
                palette.muted,
            )),
            None => Line::from(Span::styled(
                format!(
                    "{} import · {} complete · {} format · {} cancel",
                    key(Action::Import),
                    key(Action::Complete),
                    key(Action::CycleFormat),
                    key(Action::Back)
                ),
                palette.muted,
            )),
        });
        let rest = Rect::new(inner.x, inner.y + 1, inner.width, inner.height - 1);
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), rest);
    }
}

fn common_prefix(items: &[String]) -> String {
    let Some(first) = items.first() else { return String::new() };
    let mut end = first.len();
    for item in &items[1..] {
        end = first
            .char_indices()
            .zip(item.chars())
            .take_while(|((_, a), b)| a == b)
            .map(|((i, a), _)| i + a.len_utf8())
            .last()
            .unwrap_or(0)
            .min(end);
    }
    first[..end].to_string()
}

/// The entries of the folder of `typed` whose names start with its last part, as full
/// paths (folders end with `/`). `~/` means the home folder. Hidden entries only when the
/// typed part starts with a dot.
pub fn complete(typed: &str, home: Option<&std::path::Path>) -> Vec<String> {
    let expanded = match (typed.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => format!("{}/{rest}", home.display()),
        _ => typed.to_string(),
    };
    let (dir, prefix) = match expanded.rfind('/') {
        Some(i) => (&expanded[..=i], &expanded[i + 1..]),
        None => ("", expanded.as_str()),
    };
    let listing = if dir.is_empty() { std::path::Path::new(".") } else { std::path::Path::new(dir) };
    let Ok(entries) = std::fs::read_dir(listing) else { return vec![] };
    let mut out: Vec<String> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.starts_with(prefix) || (name.starts_with('.') && !prefix.starts_with('.')) {
                return None;
            }
            let slash = if e.file_type().is_ok_and(|t| t.is_dir()) { "/" } else { "" };
            Some(clean_line(&format!("{dir}{name}{slash}")))
        })
        .collect();
    out.sort();
    out.truncate(500);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_one_match_and_lists_several() {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in ["jira-2026.csv", "jira-2027.csv", "todo.md", ".hidden"] {
            std::fs::write(dir.path().join(name), "x").expect("write");
        }
        std::fs::create_dir(dir.path().join("exports")).expect("dir");
        let base = format!("{}/", dir.path().display());
        assert_eq!(complete(&format!("{base}to"), None), vec![format!("{base}todo.md")]);
        assert_eq!(complete(&format!("{base}ex"), None), vec![format!("{base}exports/")]);
        assert_eq!(complete(&format!("{base}j"), None).len(), 2);
        assert_eq!(complete(&base, None).len(), 4, "hidden files stay hidden");
        let mut prompt = PathPrompt::default();
        prompt.completed(complete(&format!("{base}j"), None));
        assert_eq!(prompt.value(), format!("{base}jira-202"));
        assert_eq!(prompt.candidates.len(), 2);
        prompt.completed(vec![]);
        assert!(prompt.error.is_some());
    }

    #[test]
    fn format_cycles_through_all_and_back_to_detect() {
        let mut prompt = PathPrompt::default();
        for _ in 0..Format::ALL.len() {
            prompt.cycle_format();
            assert!(prompt.format.is_some());
        }
        prompt.cycle_format();
        assert!(prompt.format.is_none());
    }
}
