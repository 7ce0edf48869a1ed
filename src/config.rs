//! The user's key config: where `keys.toml` lives and reading it into a `Keymap`. The
//! overrides themselves are applied in `crate::keymap`; nothing else is configured here.
//!
//! The file is `keys.toml` in Quarterdeck's config folder (on Linux
//! `~/.config/quarterdeck/keys.toml`), or the file `QUARTERDECK_KEYS` names. One table per
//! screen, one line per action, the action's keys replacing its default keys on that screen
//! (an action the screen does not have is added to it; `[]` takes its keys away there):
//!
//! ```toml
//! # Key names as in `?` help: "q", "G", "ctrl-r", "alt-1", "enter", "esc", "tab",
//! # "backtab", "up", "pageup", "f2", "space", "&"…
//! [global]
//! quit = "ctrl-q"
//! [brainstorm]
//! capture = ["a", "i"]
//! [score]
//! set_score_1 = "&"   # an AZERTY top row
//! ```
//!
//! Screens: global, home, trash, backups, step (keys common to the five steps), backlog,
//! brainstorm, capture, draft, prioritise, objectives, review, picker, score, vote, board,
//! form, confirm, help, filter, `path_prompt`. A screen's own table is consulted before
//! [step] and [global]. Actions are named in snake case: `next_step`, `go_to_step_3`,
//! `set_score_0`, `author_7`… (`assets/keys.example.toml` lists them by screen). A key
//! given to an action takes it from any other action on that screen. Mistakes are reported
//! one sentence each and leave the default keys in place; a missing file is no mistake.

use std::path::{Path, PathBuf};

use crate::keymap::Keymap;

/// The environment variable naming a key config file to use instead of the usual one.
pub const KEYS_ENV: &str = "QUARTERDECK_KEYS";

/// The key config file: `QUARTERDECK_KEYS` if set, else `keys.toml` in the config folder.
pub fn keys_path() -> Option<PathBuf> {
    match std::env::var_os(KEYS_ENV) {
        Some(path) if !path.is_empty() => Some(PathBuf::from(path)),
        _ => directories::ProjectDirs::from("", "", "quarterdeck").map(|dirs| dirs.config_dir().join("keys.toml")),
    }
}

/// Reads the key config if there is one: the keymap with overrides, and one-sentence
/// messages about what was wrong (unknown screen, action or key; unparsable TOML, with its
/// line). A missing file is not an error (no messages). A bad file falls back to the
/// defaults for what could not be applied; this never fails, and never waits: a path that is
/// not a regular file (a folder, a named pipe, a device) is refused unread.
pub fn load_keymap(path: Option<&Path>) -> (Keymap, Vec<String>) {
    let Some(path) = path else {
        return (Keymap::default(), Vec::new());
    };
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        let message = format!(
            "could not read the key config {}: it is not a regular file (a folder, a pipe or a device); using the default keys.",
            path.display()
        );
        return (Keymap::default(), vec![message]);
    }
    match std::fs::read_to_string(path) {
        Ok(text) => Keymap::with_overrides(&text, &path.display().to_string()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Keymap::default(), Vec::new()),
        Err(e) => (Keymap::default(), vec![format!("could not read the key config {}: {e}; using the default keys.", path.display())]),
    }
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::action::Action;
    use crate::keymap::Context;

    fn ctrl_q() -> KeyEvent {
        KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL)
    }

    #[test]
    fn no_path_or_a_missing_file_gives_the_defaults_quietly() {
        let (map, messages) = load_keymap(None);
        assert!(messages.is_empty());
        assert_eq!(map.action_for(Context::Step, ctrl_q()), None);
        let dir = tempfile::tempdir().expect("temp dir");
        let (_, messages) = load_keymap(Some(&dir.path().join("keys.toml")));
        assert!(messages.is_empty(), "{messages:?}");
    }

    #[test]
    fn a_file_is_read_and_named_in_its_messages() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("keys.toml");
        std::fs::write(&path, "[global]\nquit = \"ctrl-q\"\n[step]\nfly = \"x\"\n").expect("write keys");
        let (map, messages) = load_keymap(Some(&path));
        assert_eq!(map.action_for(Context::Step, ctrl_q()), Some(Action::Quit));
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].starts_with(&format!("{}: in [step], `fly`", path.display())), "{}", messages[0]);
    }

    #[test]
    fn an_unreadable_file_gives_one_message_and_the_defaults() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (map, messages) = load_keymap(Some(dir.path()));
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].starts_with("could not read the key config "), "{}", messages[0]);
        assert!(messages[0].contains("it is not a regular file"), "refused unread: {}", messages[0]);
        assert_eq!(map.action_for(Context::Step, KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE)), Some(Action::Quit));
    }

    #[test]
    fn the_usual_path_is_keys_toml_in_the_config_folder() {
        if std::env::var_os(KEYS_ENV).is_none()
            && let Some(path) = keys_path()
        {
            assert!(path.ends_with("keys.toml"), "{}", path.display());
            assert!(path.to_string_lossy().contains("quarterdeck"), "{}", path.display());
        }
    }
}
