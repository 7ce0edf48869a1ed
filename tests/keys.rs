//! Key overrides from a config file, through the real app: a remapped key dispatches, the old
//! one does not, `?` help shows the new key, and a broken file never stops the binary.

use std::process::{Command, Stdio};

use quarterdeck::keymap::Keymap;
use quarterdeck::model::Step;
use quarterdeck::testing::Harness;

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

const AZERTY: &str = r#"
[global]
quit = "ctrl-q"

[step]
go_to_step_1 = "&"
go_to_step_2 = "é"
"#;

#[test]
fn remapped_step_and_quit_keys_work_and_help_shows_them() {
    let dir = temp();
    let mut h = Harness::demo(dir.path(), 240, 60);
    let (keymap, messages) = Keymap::with_overrides(AZERTY, "keys.toml");
    assert!(messages.is_empty(), "{messages:?}");
    h.rt.app.keymap = keymap;
    h.press("&");
    assert_eq!(h.step(), Some(Step::Backlog), "{}", h.screen());
    h.press("2");
    assert_eq!(h.step(), Some(Step::Backlog), "the old key no longer switches steps");
    h.press("é");
    assert_eq!(h.step(), Some(Step::Brainstorm), "{}", h.screen());
    let tabs = h.screen().lines().next().unwrap_or_default().to_string();
    assert!(tabs.contains("& Backlog") && tabs.contains("é Brainstorm"), "the tabs show the remapped keys: {tabs}");
    let footer = h.screen().lines().rev().find(|l| !l.trim().is_empty()).unwrap_or_default().to_string();
    assert!(footer.contains("Ctrl-q quit"), "the footer shows the new quit key: {footer}");

    h.press("?");
    let help = h.screen();
    for (row, what) in [("&  Backlog", "& for step 1"), ("é  Brainstorm", "é for step 2"), ("Ctrl-q  quit", "Ctrl-q for quit")] {
        assert!(help.contains(row), "help shows {what}:\n{help}");
    }
    assert!(!help.contains("2  Brainstorm"), "help no longer shows 2 for step 2:\n{help}");
    h.press("<Esc>");

    h.press("q");
    assert!(!h.rt.quit, "q no longer quits");
    h.press("<C-q>");
    assert!(h.rt.quit, "ctrl-q quits");
}

#[test]
fn a_bad_key_config_leaves_the_default_keys_working() {
    let dir = temp();
    let mut h = Harness::demo(dir.path(), 100, 30);
    let (keymap, messages) = Keymap::with_overrides("[step]\ngo_to_step_2 = \n", "keys.toml");
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].starts_with("keys.toml line 2: "), "{}", messages[0]);
    h.rt.app.keymap = keymap;
    h.press("2");
    assert_eq!(h.step(), Some(Step::Brainstorm));
    h.press("q");
    assert!(h.rt.quit);
}

#[test]
fn the_binary_lists_workshops_with_a_broken_key_config() {
    let dir = temp();
    let data = dir.path().join("data");
    let keys = dir.path().join("keys.toml");
    std::fs::write(&keys, "[global\nquit = = \"x\"\n\u{0}").expect("write a broken key config");
    let out = Command::new(env!("CARGO_BIN_EXE_quarterdeck"))
        .env("QUARTERDECK_KEYS", &keys)
        .env_remove("QUARTERDECK_DATA_DIR")
        .env("HOME", dir.path())
        .env("TERM", "dumb")
        .arg("--data-dir")
        .arg(&data)
        .arg("list")
        .stdin(Stdio::null())
        .output()
        .expect("run quarterdeck");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "exit {:?}: {stderr}", out.status);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// The report that started it: a remapped key must show in the prose, not only the footer.
#[test]
fn prose_and_dialogs_name_the_remapped_keys() {
    let dir = temp();
    let mut h = Harness::new(dir.path(), 100, 30);
    let (keymap, messages) = Keymap::with_overrides(
        "[backlog]\ndeclare_bankruptcy = \"B\"\n[confirm]\nyes = \"o\"\n[objectives]\nnew_objective = \"N\"\n",
        "keys.toml",
    );
    assert!(messages.is_empty(), "{messages:?}");
    h.rt.app.keymap = keymap;
    let w = quarterdeck::model::Workshop::new(
        "Fresh",
        "",
        quarterdeck::model::Period::parse("2027-Q1").expect("period"),
        quarterdeck::testing::fixed_clock().now(),
    );
    let slug = h.rt.store.create(&w).expect("create");
    h.rt.open(&slug, None);
    h.draw();
    h.press("i<Esc>");
    let screen = h.screen();
    assert!(screen.contains("declare bankruptcy (B)") && !screen.contains("(D)"), "{screen}");
    h.press("B");
    assert!(h.screen().contains("o yes") && !h.screen().contains("y yes"), "{}", h.screen());
    h.press("o4");
    assert!(h.screen().contains("press N and answer"), "{}", h.screen());
}
