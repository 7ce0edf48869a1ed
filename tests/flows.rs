//! Scripted flows through the real update loop: keys in, then what the screen and the
//! saved file show.

use quarterdeck::model::{Period, Step, Workshop};
use quarterdeck::store::Store;
use quarterdeck::testing::Harness;

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn workshop(name: &str) -> Workshop {
    Workshop::new(name, "Infra", Period::parse("2027-Q1").expect("period"), jiff::Timestamp::UNIX_EPOCH)
}

#[test]
fn create_a_workshop_from_home_writes_its_file_and_opens_step_one() {
    let dir = temp();
    let mut h = Harness::new(dir.path(), 100, 30);
    assert!(h.screen().contains("No workshops yet"), "{}", h.screen());
    h.press("n").press("Platform team<Tab>Payments<Tab><C-u>");
    // The period field starts with the next quarter; replace it.
    h.press(&"<BS>".repeat(10)).press("2027-Q2<Enter>");
    let screen = h.screen();
    assert!(screen.contains("Step 1 · Backlog"), "{screen}");
    assert!(screen.contains("Platform team · 2027-Q2 · Payments"), "{screen}");
    let file = dir.path().join("platform-team.json");
    assert!(file.exists(), "file written: {:?}", std::fs::read_dir(dir.path()).map(Iterator::count));
    let saved = h.saved("platform-team");
    assert_eq!((saved.name.as_str(), saved.team.as_str(), saved.period.label.as_str()), ("Platform team", "Payments", "2027-Q2"));
}

#[test]
fn a_form_with_bad_input_stays_open_and_says_why() {
    let dir = temp();
    let mut h = Harness::new(dir.path(), 80, 24);
    h.press("n<Enter>");
    assert!(h.screen().contains("a workshop needs a name"), "{}", h.screen());
    h.press("X<Tab><Tab>");
    h.press(&"<BS>".repeat(10)).press("next quarter<Enter>");
    assert!(h.screen().contains("is not a period"), "{}", h.screen());
    h.press("<Esc>");
    assert!(h.screen().contains("No workshops yet"));
    assert_eq!(Store::open(dir.path().to_path_buf()).expect("store").0.list().len(), 0);
}

#[test]
fn rename_carry_over_delete_and_restore_from_home() {
    let dir = temp();
    let store = Store::open(dir.path().to_path_buf()).expect("store").0;
    let mut w = workshop("Platform 2027-Q1");
    w.add_participant("Ada");
    store.create(&w).expect("create");
    let mut h = Harness::new(dir.path(), 100, 30);
    assert!(h.screen().contains("Platform 2027-Q1"));

    h.press("r").press(&"<BS>".repeat(20)).press("Core 2027-Q1<Enter>");
    assert!(h.screen().contains("renamed to Core 2027-Q1"), "{}", h.screen());
    assert!(dir.path().join("core-2027-q1.json").exists());
    assert!(!dir.path().join("platform-2027-q1.json").exists());

    h.press("c");
    assert!(h.screen().contains("Core 2027-Q2"), "carry-over proposes the next period's name:\n{}", h.screen());
    h.press("<Enter>");
    let next = h.saved("core-2027-q2");
    assert_eq!(next.period.label, "2027-Q2");
    assert_eq!(next.participants.len(), 1);

    // Delete asks first; n keeps it.
    let rows = h.home_rows().len();
    h.press("d");
    assert!(h.screen().contains("Move"), "{}", h.screen());
    h.press("n");
    assert_eq!(h.home_rows().len(), rows);
    h.press("dy");
    assert_eq!(h.home_rows().len(), rows - 1);
    assert!(h.screen().contains("to the trash"), "{}", h.screen());

    h.press("t");
    assert!(h.screen().contains("Trash"), "{}", h.screen());
    h.press("<Enter>");
    assert_eq!(h.home_rows().len(), rows);
    assert!(h.screen().contains("restored"), "{}", h.screen());
}

#[test]
fn every_step_tab_shows_its_data_in_the_demo() {
    let dir = temp();
    let mut h = Harness::demo(dir.path(), 100, 30);
    let expect = [
        ("1", "Bankruptcy declared", "Step 1 · Backlog"),
        ("2", "initiatives", "Step 2 · Brainstorm"),
        ("3", "15 votes", "Step 3 · Prioritise"),
        ("4", "Payments our merchants never have to think about", "Step 4 · Objectives"),
        ("5", "Week 7 of 13", "Step 5 · Review"),
    ];
    for (key, data, title) in expect {
        h.press(key);
        let screen = h.screen();
        assert!(screen.contains(title) && screen.contains(data), "step {key}:\n{screen}");
    }
    h.press("<Tab>");
    assert_eq!(h.step(), Some(Step::Backlog), "Tab wraps to step 1");
    let before = std::fs::read(dir.path().join("platform-team.json")).expect("the file");
    h.press("q");
    assert_eq!(h.remembered_step("platform-team"), Some(Step::Backlog), "the step is remembered for this person");
    let after = std::fs::read(dir.path().join("platform-team.json")).expect("the file");
    assert!(before == after, "looking at every step wrote nothing to the shared file");
}

#[test]
fn settings_change_is_saved_and_undo_redo_restore_it() {
    let dir = temp();
    let mut h = Harness::demo(dir.path(), 100, 30);
    h.press(",");
    assert!(h.screen().contains("Workshop settings"), "{}", h.screen());
    // Name, Team, Period, Starts, Ends, Participants, Votes each.
    h.press("<Tab><Tab><Tab><Tab><Tab><End>, Linus<Tab><BS>5<Enter>");
    let saved = h.saved("platform-team");
    assert_eq!(saved.settings.vote_budget, 5);
    assert!(saved.participants.iter().any(|p| p.name == "Linus"));
    h.press("u");
    assert!(h.screen().contains("undone: settings"), "{}", h.screen());
    assert_eq!(h.saved("platform-team").settings.vote_budget, 3);
    h.press("<C-r>");
    assert_eq!(h.saved("platform-team").settings.vote_budget, 5);
}

#[test]
fn help_overlay_lists_this_screens_keys_from_the_keymap() {
    let dir = temp();
    let mut h = Harness::new(dir.path(), 100, 30);
    h.press("?");
    let screen = h.screen();
    for text in ["new workshop", "carry over to next period", "delete (to trash)", "Ctrl-r", "redo"] {
        assert!(screen.contains(text), "{text} missing:\n{screen}");
    }
    h.press("<Esc>");
    assert!(!h.screen().contains("Keys here"));
}

#[test]
fn a_failed_save_says_not_saved_keeps_the_change_and_asks_before_quitting() {
    let dir = temp();
    let store = Store::open(dir.path().to_path_buf()).expect("store").0;
    let slug = store.create(&workshop("Fragile")).expect("create");
    let mut h = Harness::new(dir.path(), 100, 30);
    h.press("<Enter>");
    // Make the file impossible to replace: a directory in its place.
    let path = store.path_of(&slug);
    std::fs::remove_file(&path).expect("remove");
    std::fs::create_dir(&path).expect("a directory in its place");
    h.press(",<Tab><End> Ops<Enter>");
    assert!(h.screen().contains("NOT SAVED"), "{}", h.screen());
    assert_eq!(h.workshop().team, "Infra Ops", "the change is kept in memory");
    h.press("q");
    assert!(h.screen().contains("Quit anyway"), "{}", h.screen());
    h.press("n");
    assert!(!h.rt.quit);
    std::fs::remove_dir(&path).expect("fix the disk");
    h.press(",<Enter>");
    let screen = h.screen();
    assert!(screen.contains(" saved ") && !screen.contains("NOT SAVED"), "retried on the next change:\n{screen}");
    assert_eq!(h.saved(&slug).team, "Infra Ops");
}

#[test]
fn a_corrupt_workshop_is_listed_refused_and_restorable_from_backup() {
    let dir = temp();
    let store = Store::open(dir.path().to_path_buf()).expect("store").0;
    let slug = store.create(&workshop("Precious")).expect("create");
    let mut w = store.load(&slug).expect("load");
    w.team = "Second save".into();
    store.save(&slug, &w).expect("save keeps the previous version");
    std::fs::write(store.path_of(&slug), b"{ \"schema_version\": 1, \"name\": ").expect("corrupt it");
    store.create(&workshop("Healthy")).expect("create");

    let mut h = Harness::new(dir.path(), 100, 30);
    let screen = h.screen();
    assert!(screen.contains("Healthy") && screen.contains("cannot open"), "{screen}");
    assert!(h.home_rows().iter().any(|r| r.slug == slug), "listed");
    h.select_on_home(&slug);
    h.press("<Enter>");
    assert!(h.screen().contains("press b for its backups"), "{}", h.screen());
    assert_eq!(std::fs::read(store.path_of(&slug)).expect("read"), b"{ \"schema_version\": 1, \"name\": ", "left untouched");
    h.press("b");
    assert!(h.screen().contains("Backups"), "{}", h.screen());
    h.press("<Enter>y");
    assert!(h.screen().contains("restored"), "{}", h.screen());
    assert_eq!(h.saved(&slug).name, "Precious");
}

#[test]
fn too_small_a_terminal_says_so_and_recovers_on_resize() {
    let dir = temp();
    let mut h = Harness::demo(dir.path(), 100, 30);
    h.resize(40, 10);
    assert!(h.screen().contains("terminal too small: needs at least 60x15"), "{}", h.screen());
    h.resize(80, 24);
    assert!(h.screen().contains("Step 5 · Review"), "{}", h.screen());
}

#[test]
fn escape_goes_home_and_quit_saves() {
    let dir = temp();
    let mut h = Harness::demo(dir.path(), 100, 30);
    h.press("2<Esc>");
    assert!(h.screen().contains("Workshops"), "{}", h.screen());
    assert!(h.screen().contains("2 Brainstorm"), "home shows the step: {}", h.screen());
    h.press("<Enter>3q");
    assert!(h.rt.quit);
    assert_eq!(h.remembered_step("platform-team"), Some(Step::Prioritise));
}

#[test]
fn the_selected_row_is_highlighted_across_its_whole_width() {
    let dir = temp();
    let mut h = Harness::demo(dir.path(), 100, 30);
    h.press("5j");
    let palette = quarterdeck::ui::theme::ThemeName::Dark.palette();
    let buffer = h.backend().buffer().clone();
    let row = (0..buffer.area.height)
        .find(|y| (0..buffer.area.width).map(|x| buffer[(x, *y)].symbol()).collect::<String>().contains("Reduce payment-path"))
        .expect("the first key result is on screen");
    for x in 2..90 {
        assert_eq!(buffer[(x, row)].bg, palette.selected.bg.expect("selection has a background"), "column {x}");
    }
}
