//! Keys to actions, one table per context, as data. Dispatch, the footer hints and the `?`
//! overlay all read the same table, so they cannot drift apart.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::action::Action;
use crate::model::Step;

/// Where the keyboard focus is; each has its own table, checked before the global one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Global,
    Home,
    Trash,
    Backups,
    Step,
    /// Step 1's own keys, before the common step keys.
    Backlog,
    /// Step 2's own keys.
    Brainstorm,
    /// Typing into the brainstorm capture line.
    Capture,
    /// An engineer drafting a proposal alone: the capture keys, nothing of the room's.
    Draft,
    /// Step 3's keys for all its views.
    Prioritise,
    Objectives,
    Review,
    /// A checklist overlay.
    Picker,
    Score,
    Vote,
    Board,
    /// Typing a filter for the list.
    Filter,
    /// Typing a file path.
    PathPrompt,
    Form,
    Confirm,
    Help,
}

/// A key with its modifiers, written like `ctrl-r`, `G`, `enter`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub fn from_event(event: KeyEvent) -> Self {
        Self { code: event.code, ctrl: event.modifiers.contains(KeyModifiers::CONTROL), alt: event.modifiers.contains(KeyModifiers::ALT) }
    }

    /// Parses `q`, `G`, `?`, `ctrl-r`, `alt-x`, `enter`, `esc`, `tab`, `backtab`, `up`, `f2`…
    pub fn parse(text: &str) -> Option<Self> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = text;
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-") {
                ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-") {
                alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "delete" => KeyCode::Delete,
            "backspace" => KeyCode::Backspace,
            "space" => KeyCode::Char(' '),
            f if f.len() > 1 && f.starts_with('f') => KeyCode::F(f[1..].parse().ok()?),
            c => {
                let mut chars = c.chars();
                let ch = chars.next()?;
                if chars.next().is_some() {
                    return None;
                }
                KeyCode::Char(ch)
            }
        };
        Some(Self { code, ctrl, alt })
    }

    /// How the key is shown in hints: `↑`, `Enter`, `Ctrl-r`.
    pub fn label(self) -> String {
        let base = match self.code {
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::BackTab => "Shift-Tab".to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            KeyCode::Delete => "Del".to_string(),
            KeyCode::Backspace => "Bksp".to_string(),
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        let mut out = String::new();
        if self.ctrl {
            out.push_str("Ctrl-");
        }
        if self.alt {
            out.push_str("Alt-");
        }
        out.push_str(&base);
        out
    }
}

/// One line of a table: the keys, the action, and whether the footer shows it.
#[derive(Debug, Clone)]
pub struct Binding {
    pub keys: Vec<Key>,
    pub action: Action,
    pub footer: bool,
}

impl Binding {
    pub fn keys_label(&self) -> String {
        self.keys.iter().map(|k| k.label()).collect::<Vec<_>>().join("/")
    }
}

#[derive(Debug, Clone)]
pub struct Keymap {
    tables: Vec<(Context, Vec<Binding>)>,
}

/// The default bindings: (context, keys separated by spaces, action, shown in footer).
const DEFAULTS: &[(Context, &str, Action, bool)] = &[
    (Context::Global, "q", Action::Quit, true),
    (Context::Global, "?", Action::Help, true),
    (Context::Global, "u", Action::Undo, false),
    (Context::Global, "ctrl-r", Action::Redo, false),
    (Context::Global, "p", Action::TogglePresent, false),
    (Context::Global, "f2", Action::CycleTheme, false),
    (Context::Home, "up k", Action::Up, false),
    (Context::Home, "down j", Action::Down, false),
    (Context::Home, "home g", Action::Top, false),
    (Context::Home, "end G", Action::Bottom, false),
    (Context::Home, "enter", Action::Open, true),
    (Context::Home, "n", Action::NewWorkshop, true),
    (Context::Home, "r", Action::RenameWorkshop, true),
    (Context::Home, "c", Action::CarryOver, true),
    (Context::Home, "d delete", Action::DeleteWorkshop, true),
    (Context::Home, "t", Action::ShowTrash, true),
    (Context::Home, "b", Action::ShowBackups, true),
    (Context::Trash, "up k", Action::Up, false),
    (Context::Trash, "down j", Action::Down, false),
    (Context::Trash, "enter r", Action::Open, true),
    (Context::Trash, "esc", Action::Back, true),
    (Context::Backups, "up k", Action::Up, false),
    (Context::Backups, "down j", Action::Down, false),
    (Context::Backups, "enter", Action::Open, true),
    (Context::Backups, "esc", Action::Back, true),
    (Context::Step, "1", Action::GoToStep(Step::Backlog), false),
    (Context::Step, "2", Action::GoToStep(Step::Brainstorm), false),
    (Context::Step, "3", Action::GoToStep(Step::Prioritise), false),
    (Context::Step, "4", Action::GoToStep(Step::Objectives), false),
    (Context::Step, "5", Action::GoToStep(Step::Review), false),
    (Context::Step, "tab l right", Action::NextStep, true),
    (Context::Step, "backtab h left", Action::PrevStep, false),
    (Context::Step, "up k", Action::Up, false),
    (Context::Step, "down j", Action::Down, false),
    (Context::Step, "pageup ctrl-u", Action::PageUp, false),
    (Context::Step, "pagedown ctrl-d", Action::PageDown, false),
    (Context::Step, "home g", Action::Top, false),
    (Context::Step, "end G", Action::Bottom, false),
    (Context::Step, ",", Action::Settings, true),
    (Context::Step, "/", Action::Filter, true),
    (Context::Backlog, "i", Action::Import, true),
    (Context::Backlog, "D", Action::DeclareBankruptcy, true),
    (Context::Backlog, "enter", Action::Rescue, true),
    (Context::Brainstorm, "a", Action::Capture, true),
    (Context::Brainstorm, "enter", Action::Edit, false),
    (Context::Brainstorm, "x delete", Action::Delete, false),
    (Context::Brainstorm, "s", Action::ToggleSilent, true),
    (Context::Brainstorm, "t", Action::TimerToggle, true),
    (Context::Brainstorm, "T", Action::TimerReset, false),
    (Context::Brainstorm, "+ =", Action::TimerMore, false),
    (Context::Brainstorm, "-", Action::TimerLess, false),
    (Context::Brainstorm, "n", Action::NextCard, true),
    (Context::Brainstorm, "o", Action::Sort, false),
    (Context::Brainstorm, "P", Action::Participants, false),
    (Context::Brainstorm, "m", Action::MergeProposals, false),
    (Context::Draft, "a", Action::Capture, true),
    (Context::Draft, "enter", Action::Edit, true),
    (Context::Draft, "x delete", Action::Delete, true),
    (Context::Draft, "n", Action::NextCard, false),
    (Context::Draft, "o", Action::Sort, false),
    (Context::Draft, "/", Action::Filter, false),
    (Context::Draft, "up k", Action::Up, false),
    (Context::Draft, "down j", Action::Down, false),
    (Context::Draft, "pageup ctrl-u", Action::PageUp, false),
    (Context::Draft, "pagedown ctrl-d", Action::PageDown, false),
    (Context::Draft, "home g", Action::Top, false),
    (Context::Draft, "end G", Action::Bottom, false),
    (Context::Draft, "esc", Action::Quit, false),
    (Context::Prioritise, "v", Action::NextView, true),
    (Context::Prioritise, "V", Action::PrevView, false),
    (Context::Prioritise, "o", Action::Sort, false),
    (Context::Prioritise, "a", Action::Capture, false),
    (Context::Prioritise, "enter", Action::StartScoring, true),
    (Context::Score, "esc enter", Action::StopScoring, true),
    (Context::Score, "1", Action::SetScore(1), false),
    (Context::Score, "2", Action::SetScore(2), false),
    (Context::Score, "3", Action::SetScore(3), false),
    (Context::Score, "4", Action::SetScore(4), false),
    (Context::Score, "5", Action::SetScore(5), false),
    (Context::Score, "0 backspace", Action::SetScore(0), false),
    (Context::Score, "left h i", Action::ScoreImpact, false),
    (Context::Score, "right l c", Action::ScoreCost, false),
    (Context::Vote, "> ]", Action::NextVoter, true),
    (Context::Vote, "< [", Action::PrevVoter, false),
    (Context::Vote, "+ =", Action::VoteUp, true),
    (Context::Vote, "-", Action::VoteDown, true),
    (Context::Vote, "X", Action::ClearVotes, false),
    (Context::Vote, "s", Action::ToggleSilent, false),
    (Context::Board, "left h", Action::ColumnLeft, false),
    (Context::Board, "right l", Action::ColumnRight, false),
    (Context::Board, "H", Action::MoveLeft, true),
    (Context::Board, "L", Action::MoveRight, true),
    (Context::Board, "K", Action::MoveUp, false),
    (Context::Board, "J", Action::MoveDown, false),
    (Context::Board, "n", Action::NewTheme, true),
    (Context::Board, "e", Action::EditTheme, false),
    (Context::Board, "<", Action::ThemeLeft, false),
    (Context::Board, ">", Action::ThemeRight, false),
    (Context::Board, "M", Action::MergeTheme, false),
    (Context::Board, "D", Action::DeleteTheme, false),
    (Context::Board, "S", Action::SuggestThemes, true),
    (Context::Objectives, "n", Action::NewObjective, true),
    (Context::Objectives, "k", Action::AddKeyResult, true),
    (Context::Objectives, "i", Action::Link, true),
    (Context::Objectives, "enter", Action::Edit, false),
    (Context::Objectives, "x delete", Action::Delete, false),
    (Context::Objectives, "K", Action::MoveUp, false),
    (Context::Objectives, "J", Action::MoveDown, false),
    (Context::Objectives, "z", Action::Dismiss, false),
    (Context::Objectives, "up", Action::Up, false),
    (Context::Objectives, "down j", Action::Down, false),
    (Context::Review, "enter c", Action::CheckIn, true),
    (Context::Review, "[", Action::PrevWeek, true),
    (Context::Review, "]", Action::NextWeek, false),
    (Context::Review, "t", Action::ThisWeek, false),
    (Context::Review, "w", Action::WeeklyNote, true),
    (Context::Review, "A", Action::Adjust, false),
    (Context::Review, "E", Action::ToggleScores, false),
    (Context::Review, "s", Action::Score, false),
    (Context::Review, "C", Action::CarryOverChosen, false),
    (Context::Picker, "up k", Action::Up, false),
    (Context::Picker, "down j", Action::Down, false),
    (Context::Picker, "space x", Action::Toggle, true),
    (Context::Picker, "enter", Action::Submit, true),
    (Context::Picker, "esc", Action::Back, true),
    (Context::Capture, "enter", Action::Add, true),
    (Context::Capture, "tab", Action::NextAuthor, true),
    (Context::Capture, "backtab", Action::PrevAuthor, false),
    (Context::Capture, "alt-0", Action::Author(0), false),
    (Context::Capture, "alt-1", Action::Author(1), false),
    (Context::Capture, "alt-2", Action::Author(2), false),
    (Context::Capture, "alt-3", Action::Author(3), false),
    (Context::Capture, "alt-4", Action::Author(4), false),
    (Context::Capture, "alt-5", Action::Author(5), false),
    (Context::Capture, "alt-6", Action::Author(6), false),
    (Context::Capture, "alt-7", Action::Author(7), false),
    (Context::Capture, "alt-8", Action::Author(8), false),
    (Context::Capture, "alt-9", Action::Author(9), false),
    (Context::Capture, "ctrl-t", Action::CycleSize, true),
    (Context::Capture, "ctrl-o", Action::CycleSource, true),
    (Context::Capture, "ctrl-d alt-enter", Action::Describe, true),
    (Context::Capture, "esc", Action::Back, true),
    (Context::Filter, "enter down", Action::Back, true),
    (Context::Filter, "esc", Action::ClearFilter, true),
    (Context::PathPrompt, "enter", Action::Import, true),
    (Context::PathPrompt, "tab", Action::Complete, true),
    (Context::PathPrompt, "ctrl-f", Action::CycleFormat, true),
    (Context::PathPrompt, "esc", Action::Back, true),
    (Context::Step, "u", Action::Undo, true),
    (Context::Step, "esc", Action::Back, true),
    (Context::Form, "enter", Action::Submit, true),
    (Context::Form, "ctrl-s", Action::Submit, false),
    (Context::Form, "tab down", Action::NextField, true),
    (Context::Form, "backtab up", Action::PrevField, false),
    (Context::Form, "esc", Action::Back, true),
    (Context::Confirm, "y enter", Action::Yes, true),
    (Context::Confirm, "n esc", Action::No, true),
    (Context::Help, "up k", Action::Up, false),
    (Context::Help, "down j", Action::Down, false),
    (Context::Help, "esc ? q", Action::Back, true),
];

impl Default for Keymap {
    fn default() -> Self {
        let mut tables: Vec<(Context, Vec<Binding>)> = Vec::new();
        for &(context, keys, action, footer) in DEFAULTS {
            let keys = keys.split(' ').filter_map(Key::parse).collect();
            let binding = Binding { keys, action, footer };
            match tables.iter_mut().find(|(c, _)| *c == context) {
                Some((_, table)) => table.push(binding),
                None => tables.push((context, vec![binding])),
            }
        }
        Self { tables }
    }
}

impl Keymap {
    pub fn table(&self, context: Context) -> &[Binding] {
        self.tables.iter().find(|(c, _)| *c == context).map_or(&[], |(_, t)| t.as_slice())
    }

    /// The contexts consulted, in order, when `context` has the focus. Dialogs and help
    /// capture the keyboard; lists fall back to the global table.
    pub fn chain(context: Context) -> &'static [Context] {
        match context {
            Context::Form => &[Context::Form],
            Context::Confirm => &[Context::Confirm],
            Context::Help => &[Context::Help],
            Context::Home => &[Context::Home, Context::Global],
            Context::Trash => &[Context::Trash, Context::Global],
            Context::Backups => &[Context::Backups, Context::Global],
            Context::Step => &[Context::Step, Context::Global],
            Context::Backlog => &[Context::Backlog, Context::Step, Context::Global],
            Context::Brainstorm => &[Context::Brainstorm, Context::Step, Context::Global],
            Context::Capture => &[Context::Capture],
            Context::Draft => &[Context::Draft, Context::Global],
            Context::Prioritise => &[Context::Prioritise, Context::Step, Context::Global],
            Context::Objectives => &[Context::Objectives, Context::Step, Context::Global],
            Context::Review => &[Context::Review, Context::Step, Context::Global],
            Context::Picker => &[Context::Picker],
            Context::Score => &[Context::Score, Context::Prioritise, Context::Step, Context::Global],
            Context::Vote => &[Context::Vote, Context::Prioritise, Context::Step, Context::Global],
            Context::Board => &[Context::Board, Context::Prioritise, Context::Step, Context::Global],
            Context::Filter => &[Context::Filter],
            Context::PathPrompt => &[Context::PathPrompt],
            Context::Global => &[Context::Global],
        }
    }

    pub fn action_for(&self, context: Context, event: KeyEvent) -> Option<Action> {
        let mut key = Key::from_event(event);
        // Shifted letters arrive as uppercase chars; the shift itself carries no meaning.
        if let KeyCode::Char(_) = key.code {
            key.alt = event.modifiers.contains(KeyModifiers::ALT);
        }
        Self::chain(context).iter().find_map(|c| self.table(*c).iter().find(|b| b.keys.contains(&key)).map(|b| b.action))
    }

    /// Every binding that applies in `context`, for the help overlay (first match wins,
    /// so shadowed global bindings are left out).
    pub fn help(&self, context: Context) -> Vec<&Binding> {
        let mut seen: Vec<Action> = Vec::new();
        let mut out = Vec::new();
        for c in Self::chain(context) {
            for b in self.table(*c) {
                if !seen.contains(&b.action) {
                    seen.push(b.action);
                    out.push(b);
                }
            }
        }
        out
    }

    /// The few bindings worth showing in the footer now.
    pub fn footer(&self, context: Context) -> Vec<&Binding> {
        self.help(context).into_iter().filter(|b| b.footer).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn every_default_key_parses() {
        for (_, keys, action, _) in DEFAULTS {
            for k in keys.split(' ') {
                assert!(Key::parse(k).is_some(), "{k} for {action:?}");
            }
        }
    }

    #[test]
    fn context_table_wins_over_global_and_dialogs_capture() {
        let map = Keymap::default();
        let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(map.action_for(Context::Step, q), Some(Action::Quit));
        assert_eq!(map.action_for(Context::Help, q), Some(Action::Back));
        assert_eq!(map.action_for(Context::Form, q), None, "typing q in a form is text");
        let redo = key(KeyCode::Char('r'), KeyModifiers::CONTROL);
        assert_eq!(map.action_for(Context::Step, redo), Some(Action::Redo));
        let shifted = key(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(map.action_for(Context::Step, shifted), Some(Action::Bottom));
    }

    #[test]
    fn help_lists_what_dispatch_uses() {
        let map = Keymap::default();
        let help = map.help(Context::Home);
        for b in &help {
            for k in &b.keys {
                let event = KeyEvent::new(k.code, if k.ctrl { KeyModifiers::CONTROL } else { KeyModifiers::NONE });
                assert_eq!(map.action_for(Context::Home, event), Some(b.action), "{}", k.label());
            }
        }
        assert!(map.footer(Context::Home).iter().any(|b| b.action == Action::NewWorkshop));
    }
}
