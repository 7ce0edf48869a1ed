//! Keys to actions, one table per context, as data. Dispatch, the footer hints and the `?`
//! overlay all read the same table, so they cannot drift apart. The user's overrides are
//! applied here (`Keymap::with_overrides`); finding and reading the file is `crate::config`.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod context;
mod defaults;

pub use context::Context;

use crate::action::Action;
use defaults::DEFAULTS;

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
    /// The labels the hints show are understood too (`Ctrl-r`, `Enter`, `PgUp`, `↑`,
    /// `Shift-Tab`), so a key can be copied from the `?` overlay. A single character is taken
    /// as it is (`G` is shift-g); longer names and the modifiers ignore case.
    pub fn parse(text: &str) -> Option<Self> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = text;
        loop {
            if let Some(r) = strip_prefix_ignoring_case(rest, "ctrl-") {
                ctrl = true;
                rest = r;
            } else if let Some(r) = strip_prefix_ignoring_case(rest, "alt-") {
                alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let first = chars.next()?;
        if chars.next().is_none() {
            let code = match first {
                '↑' => KeyCode::Up,
                '↓' => KeyCode::Down,
                '←' => KeyCode::Left,
                '→' => KeyCode::Right,
                c => KeyCode::Char(c),
            };
            return Some(Self { code, ctrl, alt });
        }
        let code = match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" | "shift-tab" => KeyCode::BackTab,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pageup" | "pgup" => KeyCode::PageUp,
            "pagedown" | "pgdn" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "delete" | "del" => KeyCode::Delete,
            "backspace" | "bksp" => KeyCode::Backspace,
            "space" => KeyCode::Char(' '),
            f => KeyCode::F(f.strip_prefix('f')?.parse().ok().filter(|n| (1..=24).contains(n))?),
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

/// `text` without `prefix` (in any case), when something follows it.
fn strip_prefix_ignoring_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    let tail = &text[prefix.len()..];
    (head.eq_ignore_ascii_case(prefix) && !tail.is_empty()).then_some(tail)
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
            Context::Meeting => &[Context::Meeting, Context::Step, Context::Global],
            Context::LastWeek => &[Context::LastWeek, Context::Meeting, Context::Step, Context::Global],
            Context::MeetingCheckIns => &[Context::MeetingCheckIns, Context::Meeting, Context::Step, Context::Global],
            Context::Confidence => &[Context::Confidence, Context::Meeting, Context::Step, Context::Global],
            Context::Monthly => &[Context::Monthly, Context::Meeting, Context::Step, Context::Global],
            Context::ThisWeek => &[Context::ThisWeek, Context::Meeting, Context::Step, Context::Global],
            Context::Detail => &[Context::Detail, Context::Global],
            Context::Picker => &[Context::Picker],
            Context::Score => &[Context::Score, Context::Prioritise, Context::Step, Context::Global],
            Context::Vote => &[Context::Vote, Context::Prioritise, Context::Step, Context::Global],
            Context::Board => &[Context::Board, Context::Prioritise, Context::Step, Context::Global],
            Context::Filter => &[Context::Filter],
            Context::PathPrompt => &[Context::PathPrompt],
            Context::Global => &[Context::Global],
            Context::Seat => &[Context::Seat],
            Context::SeatCapture => &[Context::SeatCapture, Context::Seat],
            Context::SeatVote => &[Context::SeatVote, Context::Seat],
            Context::SeatScore => &[Context::SeatScore, Context::Seat],
            Context::SeatConfidence => &[Context::SeatConfidence, Context::Seat],
        }
    }

    pub fn action_for(&self, context: Context, event: KeyEvent) -> Option<Action> {
        let mut key = Key::from_event(event);
        // Shifted letters arrive as uppercase chars; the shift itself carries no meaning.
        if let KeyCode::Char(_) = key.code {
            key.alt = event.modifiers.contains(KeyModifiers::ALT);
        }
        self.lookup(context, key)
    }

    fn lookup(&self, context: Context, key: Key) -> Option<Action> {
        Self::chain(context).iter().find_map(|c| self.table(*c).iter().find(|b| b.keys.contains(&key)).map(|b| b.action))
    }

    /// The key that does `action` where `context` has the focus, as the hints show it (`D`,
    /// `Ctrl-r`, `Enter`): what every prose mention of a key uses, so a remapped key shows
    /// everywhere. A key that an earlier table takes for something else is skipped; an
    /// action with no key reads `[name]`, which is what to bind in `keys.toml`.
    pub fn hint(&self, context: Context, action: Action) -> String {
        Self::chain(context)
            .iter()
            .flat_map(|c| self.table(*c))
            .filter(|b| b.action == action)
            .flat_map(|b| &b.keys)
            .find(|k| self.lookup(context, **k) == Some(action))
            .map_or_else(|| format!("[{}]", action.name()), |k| k.label())
    }

    /// `hint` for two actions that go together, as `J/K` or `</>`.
    pub fn hint_pair(&self, context: Context, first: Action, second: Action) -> String {
        format!("{}/{}", self.hint(context, first), self.hint(context, second))
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

    /// The default keymap with a key config's overrides applied (the format is in
    /// `crate::config`), and one sentence, starting with `file_name`, for each thing that
    /// could not be applied or that took a key from another action. Never fails: whatever
    /// cannot be applied keeps its default keys.
    pub fn with_overrides(toml_text: &str, file_name: &str) -> (Keymap, Vec<String>) {
        let mut map = Keymap::default();
        let mut messages = Vec::new();
        let document = match toml::from_str::<toml::Table>(toml_text) {
            Ok(document) => document,
            Err(e) => {
                let start = e.span().map_or(0, |s| s.start.min(toml_text.len()));
                let line = toml_text.get(..start).map_or(0, |before| before.matches('\n').count()) + 1;
                let what = e.message().lines().next().unwrap_or("not valid TOML").trim().trim_end_matches('.');
                messages.push(format!("{file_name} line {line}: {what}; using the default keys."));
                return (map, messages);
            }
        };
        // (where, what, the new keys, the keys it had there before)
        let mut applied: Vec<(Context, Action, Vec<Key>, Vec<Key>)> = Vec::new();
        for (section, entries) in &document {
            let Some(entries) = entries.as_table() else {
                messages.push(format!("{file_name}: `{section} = …` must go under a screen heading such as [global]; skipped."));
                continue;
            };
            let Some(context) = Context::from_name(section) else {
                let names = Context::ALL.map(Context::name).join(", ");
                messages.push(format!("{file_name}: [{section}] is not a screen (the screens are {names}); skipped."));
                continue;
            };
            for (name, value) in entries {
                let Some(action) = Action::from_name(name) else {
                    let here = map.table(context).iter().map(|b| b.action.name()).collect::<Vec<_>>().join(", ");
                    messages.push(format!("{file_name}: in [{section}], `{name}` is not an action (this screen's are {here}); skipped."));
                    continue;
                };
                let texts = match value {
                    toml::Value::String(text) => Some(vec![text.as_str()]),
                    toml::Value::Array(items) => items.iter().map(toml::Value::as_str).collect(),
                    _ => None,
                };
                let Some(texts) = texts else {
                    messages.push(format!(
                        "{file_name}: in [{section}], {name} should be a key like \"ctrl-q\" or a list like [\"a\", \"i\"]; skipped."
                    ));
                    continue;
                };
                let mut keys: Vec<Key> = Vec::new();
                for text in &texts {
                    match Key::parse(text) {
                        Some(key) if !keys.contains(&key) => keys.push(key),
                        Some(_) => {}
                        None => messages.push(format!(
                            "{file_name}: in [{section}], \"{text}\" for {name} is not a key name (try \"q\", \"ctrl-r\", \"alt-1\", \"enter\", \"f2\", \"space\"); skipped."
                        )),
                    }
                }
                if keys.is_empty() && !texts.is_empty() {
                    continue;
                }
                let old: Vec<Key> = map.table(context).iter().filter(|b| b.action == action).flat_map(|b| b.keys.clone()).collect();
                map.rebind(context, action, &keys, &mut messages, file_name);
                applied.push((context, action, keys, old));
            }
        }
        for (context, action, keys, old) in &applied {
            map.explain_shadows(*context, *action, keys, old, &mut messages, file_name);
        }
        (map, messages)
    }

    /// Gives `action` exactly `keys` in `context`'s table, taking them from any other action
    /// there (with a message). An action left without keys leaves the table.
    fn rebind(&mut self, context: Context, action: Action, keys: &[Key], messages: &mut Vec<String>, file_name: &str) {
        let footer = Self::chain(context).iter().skip(1).any(|c| self.table(*c).iter().any(|b| b.action == action && b.footer));
        let index = match self.tables.iter().position(|(c, _)| *c == context) {
            Some(index) => index,
            None => {
                self.tables.push((context, Vec::new()));
                self.tables.len() - 1
            }
        };
        let table = &mut self.tables[index].1;
        for key in keys {
            for other in table.iter_mut().filter(|b| b.action != action && b.keys.contains(key)) {
                other.keys.retain(|k| k != key);
                let left = if other.keys.is_empty() { ", which has no key left there" } else { "" };
                messages.push(format!(
                    "{file_name}: in [{}], \"{}\" now means {}; it no longer means {}{left}.",
                    context.name(),
                    key.label(),
                    action.name(),
                    other.action.name()
                ));
            }
        }
        match table.iter().position(|b| b.action == action) {
            Some(first) => {
                table[first].keys = keys.to_vec();
                let mut index = 0;
                table.retain(|b| {
                    index += 1;
                    index - 1 == first || b.action != action
                });
            }
            None => table.push(Binding { keys: keys.to_vec(), action, footer }),
        }
        table.retain(|b| !b.keys.is_empty());
    }

    /// Says where an override on `context` does not reach: screens whose own table comes
    /// first and either uses one of its new keys for something else or still binds the action
    /// to one of its `old` keys.
    fn explain_shadows(&self, context: Context, action: Action, keys: &[Key], old: &[Key], messages: &mut Vec<String>, file_name: &str) {
        let mut earlier: Vec<Context> = Vec::new();
        for focus in Context::ALL {
            let chain = Self::chain(focus);
            if let Some(at) = chain.iter().position(|c| *c == context) {
                for c in &chain[..at] {
                    if !earlier.contains(c) {
                        earlier.push(*c);
                    }
                }
            }
        }
        for key in keys {
            let taken: Vec<String> = earlier
                .iter()
                .filter_map(|c| {
                    let b = self.table(*c).iter().find(|b| b.keys.contains(key) && b.action != action)?;
                    Some(format!("{} in [{}]", b.action.name(), c.name()))
                })
                .collect();
            if !taken.is_empty() {
                messages.push(format!(
                    "{file_name}: \"{}\" for {} in [{}] is taken first by {}.",
                    key.label(),
                    action.name(),
                    context.name(),
                    taken.join(", ")
                ));
            }
        }
        for c in &earlier {
            let still =
                self.table(*c).iter().filter(|b| b.action == action).flat_map(|b| &b.keys).find(|k| old.contains(k) && !keys.contains(k));
            if let Some(k) = still {
                messages.push(format!(
                    "{file_name}: \"{}\" still means {} in [{}], which comes before [{}]; rebind {} in [{}] too to change it there.",
                    k.label(),
                    action.name(),
                    c.name(),
                    context.name(),
                    action.name(),
                    c.name()
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Step;

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
    fn hints_name_the_key_that_works_there() {
        let map = Keymap::default();
        assert_eq!(map.hint(Context::Backlog, Action::DeclareBankruptcy), "D");
        assert_eq!(map.hint(Context::Review, Action::CheckIn), "Enter");
        assert_eq!(map.hint(Context::Step, Action::Redo), "Ctrl-r");
        let (map, _) = Keymap::with_overrides("[backlog]\ndeclare_bankruptcy = \"B\"\n[confirm]\nyes = \"o\"\n", "keys.toml");
        assert_eq!(map.hint(Context::Backlog, Action::DeclareBankruptcy), "B");
        assert_eq!(map.hint(Context::Confirm, Action::Yes), "o");
        let (map, _) = Keymap::with_overrides("[brainstorm]\nsort = []\n", "keys.toml");
        assert_eq!(map.hint(Context::Brainstorm, Action::Sort), "[sort]");
        let (map, _) = Keymap::with_overrides("[step]\nundo = \"x\"\n", "keys.toml");
        assert_eq!(map.hint(Context::Brainstorm, Action::Undo), "u", "brainstorm's x deletes, so [global]'s u is the one that undoes");
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

    /// Actions that no default binding uses, so the name round-trip reaches them too.
    const NOT_IN_DEFAULTS: &[Action] = &[];

    fn overridden(toml: &str) -> (Keymap, Vec<String>) {
        Keymap::with_overrides(toml, "keys.toml")
    }

    fn press(map: &Keymap, context: Context, code: KeyCode, mods: KeyModifiers) -> Option<Action> {
        map.action_for(context, key(code, mods))
    }

    fn char_key(c: char) -> KeyEvent {
        key(KeyCode::Char(c), KeyModifiers::NONE)
    }

    fn help_label(map: &Keymap, context: Context, action: Action) -> Option<String> {
        map.help(context).iter().find(|b| b.action == action).map(|b| b.keys_label())
    }

    #[test]
    fn every_action_and_context_name_round_trips() {
        let mut names: Vec<(String, Action)> = Vec::new();
        for action in DEFAULTS.iter().map(|d| d.2).chain(NOT_IN_DEFAULTS.iter().copied()) {
            let name = action.name();
            assert_eq!(Action::from_name(&name), Some(action), "{name}");
            assert!(name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'), "{name} is snake_case");
            if let Some((_, other)) = names.iter().find(|(n, _)| *n == name) {
                assert_eq!(*other, action, "two actions named {name}");
            }
            names.push((name, action));
        }
        assert_eq!(Action::GoToStep(Step::Prioritise).name(), "go_to_step_3");
        assert_eq!(Action::SetScore(0).name(), "set_score_0");
        assert_eq!(Action::Author(9).name(), "author_9");
        assert_eq!(Action::CarryOverChosen.name(), "carry_over_chosen");
        for bad in ["", "Quit", "go_to_step_0", "go_to_step_6", "set_score_6", "author_10", "author_", "next step"] {
            assert_eq!(Action::from_name(bad), None, "{bad}");
        }
        for context in Context::ALL {
            assert_eq!(Context::from_name(context.name()), Some(context));
        }
        for (context, ..) in DEFAULTS {
            assert!(Context::ALL.contains(context), "{context:?} is in Context::ALL");
        }
        assert_eq!(Context::from_name("path_prompt"), Some(Context::PathPrompt));
        assert_eq!(Context::from_name("Global"), None);
    }

    #[test]
    fn the_labels_help_shows_parse_back_to_their_keys() {
        for (_, keys, ..) in DEFAULTS {
            for k in keys.split(' ').filter_map(Key::parse) {
                assert_eq!(Key::parse(&k.label()), Some(k), "{}", k.label());
            }
        }
        let ctrl_q = Key { code: KeyCode::Char('q'), ctrl: true, alt: false };
        assert_eq!(Key::parse("CTRL-q"), Some(ctrl_q));
        assert_eq!(Key::parse("é"), Some(Key { code: KeyCode::Char('é'), ctrl: false, alt: false }));
        assert_eq!(Key::parse("alt-é").map(|k| k.alt), Some(true));
        assert_eq!(Key::parse("ctrl--").map(|k| k.code), Some(KeyCode::Char('-')));
        for bad in ["", "ctrl-", "shift-q", "f0", "f25", "qq", "enterr"] {
            assert_eq!(Key::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_override_replaces_the_keys_everywhere_they_show() {
        let (map, messages) = overridden("[global]\nquit = \"ctrl-q\"\n");
        assert!(messages.is_empty(), "{messages:?}");
        assert_eq!(press(&map, Context::Step, KeyCode::Char('q'), KeyModifiers::CONTROL), Some(Action::Quit));
        assert_eq!(press(&map, Context::Home, KeyCode::Char('q'), KeyModifiers::CONTROL), Some(Action::Quit));
        assert_eq!(map.action_for(Context::Step, char_key('q')), None, "the old key no longer quits");
        assert_eq!(help_label(&map, Context::Step, Action::Quit).as_deref(), Some("Ctrl-q"));
        let footer = map.footer(Context::Home);
        assert_eq!(footer.iter().find(|b| b.action == Action::Quit).map(|b| b.keys_label()).as_deref(), Some("Ctrl-q"));
        assert_eq!(map.action_for(Context::Help, char_key('q')), Some(Action::Back), "other tables keep their keys");
    }

    #[test]
    fn the_example_file_applies_cleanly() {
        let (map, messages) = overridden(include_str!("../assets/keys.example.toml"));
        assert!(messages.is_empty(), "{messages:?}");
        assert_eq!(press(&map, Context::Brainstorm, KeyCode::Char('q'), KeyModifiers::CONTROL), Some(Action::Quit));
        assert_eq!(map.action_for(Context::Brainstorm, char_key('i')), Some(Action::Capture));
        assert_eq!(map.action_for(Context::Brainstorm, char_key('a')), Some(Action::Capture));
        assert_eq!(help_label(&map, Context::Brainstorm, Action::Capture).as_deref(), Some("a/i"));
        assert_eq!(map.action_for(Context::Score, char_key('&')), Some(Action::SetScore(1)));
        assert_eq!(map.action_for(Context::Score, char_key('é')), Some(Action::SetScore(2)));
        assert_ne!(map.action_for(Context::Score, char_key('1')), Some(Action::SetScore(1)));
    }

    #[test]
    fn an_action_a_screen_lacks_is_added_to_it_with_its_footer_hint() {
        let (map, messages) = overridden("[home]\nquit = \"x\"\nnext_step = \"ctrl-n\"\n");
        assert!(messages.is_empty(), "{messages:?}");
        assert_eq!(map.action_for(Context::Home, char_key('x')), Some(Action::Quit));
        assert_eq!(press(&map, Context::Home, KeyCode::Char('n'), KeyModifiers::CONTROL), Some(Action::NextStep));
        assert!(map.footer(Context::Home).iter().any(|b| b.action == Action::Quit && b.keys_label() == "x"));
        assert!(!map.footer(Context::Home).iter().any(|b| b.action == Action::NextStep), "home had no hint for it");
        assert_eq!(map.action_for(Context::Step, char_key('x')), None, "only on home");
    }

    #[test]
    fn unknown_screens_actions_and_keys_are_reported_and_skipped() {
        let toml = "quit = \"x\"\n[nowhere]\nquit = \"x\"\n[global]\nfly = \"x\"\nquit = \"shift-q\"\nhelp = 3\nredo = [\"ctrl-y\", \"nonsense\"]\n";
        let (map, messages) = overridden(toml);
        assert_eq!(messages.len(), 6, "{messages:#?}");
        assert!(messages.iter().all(|m| m.starts_with("keys.toml: ") && m.ends_with('.')), "{messages:#?}");
        assert!(messages[0].contains("must go under a screen heading"), "{}", messages[0]);
        assert!(messages[1].contains("[nowhere] is not a screen") && messages[1].contains("path_prompt"), "{}", messages[1]);
        assert!(messages[2].contains("`fly` is not an action") && messages[2].contains("quit, help, undo"), "{}", messages[2]);
        assert!(messages[3].contains("\"shift-q\" for quit is not a key name"), "{}", messages[3]);
        assert!(messages[4].contains("help should be a key"), "{}", messages[4]);
        assert!(messages[5].contains("\"nonsense\" for redo"), "{}", messages[5]);
        let defaults = Keymap::default();
        assert_eq!(map.action_for(Context::Step, char_key('q')), Some(Action::Quit), "a quit with no usable key keeps q");
        assert_eq!(map.action_for(Context::Step, char_key('?')), Some(Action::Help));
        assert_eq!(press(&map, Context::Step, KeyCode::Char('y'), KeyModifiers::CONTROL), Some(Action::Redo));
        assert_eq!(press(&map, Context::Step, KeyCode::Char('r'), KeyModifiers::CONTROL), None);
        assert_eq!(help_label(&map, Context::Home, Action::Quit), help_label(&defaults, Context::Home, Action::Quit));
    }

    #[test]
    fn invalid_toml_gives_one_message_with_its_line_and_keeps_the_defaults() {
        let (map, messages) = overridden("[global]\nquit = \"ctrl-q\"\nhelp = \n");
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].starts_with("keys.toml line 3: "), "{}", messages[0]);
        assert!(messages[0].ends_with("; using the default keys."), "{}", messages[0]);
        assert_eq!(map.action_for(Context::Step, char_key('q')), Some(Action::Quit));
        let (_, messages) = overridden("[global\n");
        assert!(messages[0].starts_with("keys.toml line 1: "), "{messages:?}");
    }

    #[test]
    fn a_key_taken_from_another_action_is_said_and_the_override_wins() {
        let (map, messages) = overridden("[brainstorm]\ncapture = [\"enter\", \"a\"]\ndelete = \"a\"\n");
        assert_eq!(
            messages,
            [
                "keys.toml: in [brainstorm], \"Enter\" now means capture; it no longer means edit, which has no key left there.",
                "keys.toml: in [brainstorm], \"a\" now means delete; it no longer means capture.",
            ]
        );
        assert_eq!(map.action_for(Context::Brainstorm, key(KeyCode::Enter, KeyModifiers::NONE)), Some(Action::Capture));
        assert_eq!(map.action_for(Context::Brainstorm, char_key('a')), Some(Action::Delete));
        assert_eq!(map.action_for(Context::Brainstorm, char_key('x')), None, "delete's old keys are replaced");
        assert!(!map.help(Context::Brainstorm).iter().any(|b| b.action == Action::Edit));
        assert_eq!(help_label(&map, Context::Brainstorm, Action::Capture).as_deref(), Some("Enter"));
    }

    #[test]
    fn a_key_a_screen_in_front_uses_is_pointed_out() {
        let (map, messages) = overridden("[global]\nquit = \"n\"\nundo = \"ctrl-z\"\n");
        assert_eq!(messages.len(), 2, "{messages:#?}");
        assert!(
            messages[0].starts_with("keys.toml: \"n\" for quit in [global] is taken first by new_workshop in [home], "),
            "{}",
            messages[0]
        );
        assert!(messages[0].contains("new_theme in [board]"), "{}", messages[0]);
        assert!(messages[1].contains("\"u\" still means undo in [step]"), "{}", messages[1]);
        assert_eq!(map.action_for(Context::Home, char_key('n')), Some(Action::NewWorkshop));
        assert_eq!(map.action_for(Context::Trash, char_key('n')), Some(Action::Quit));
    }

    #[test]
    fn an_empty_list_takes_the_keys_away_on_that_screen() {
        let (map, messages) = overridden("[brainstorm]\nsort = []\n");
        assert!(messages.is_empty(), "{messages:?}");
        assert_eq!(map.action_for(Context::Brainstorm, char_key('o')), None);
        assert!(!map.help(Context::Brainstorm).iter().any(|b| b.action == Action::Sort));
        assert_eq!(map.action_for(Context::Draft, char_key('o')), Some(Action::Sort));
    }
}
