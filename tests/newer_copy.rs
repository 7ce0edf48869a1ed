//! A complete copy newer than the workshop's file, left by a save cut short (issue 18):
//! opening the workshop offers it — "a newer copy from 10:42 was found: open it, or keep
//! the current?" — instead of filing it away with a one-time message. Either answer keeps
//! every version somewhere, and the question is asked once.

use std::path::Path;
use std::time::{Duration, SystemTime};

use quarterdeck::model::{Period, Workshop};
use quarterdeck::store::{BackupKind, Store};
use quarterdeck::testing::{Harness, fixed_clock};

/// A workshop saved in `data`, and a complete copy of it with another team written a
/// minute after the file, as a save killed between writing its copy and renaming it leaves.
fn crashed_mid_save(data: &Path) -> String {
    let store = Store::open(data.to_path_buf()).expect("store").0;
    let w = Workshop::new("Platform", "Infra", Period::parse("2027-Q1").expect("period"), fixed_clock().now());
    let slug = store.create(&w).expect("create");
    let file = store.path_of(&slug);
    let mut newer = store.load(&slug).expect("load");
    newer.team = "Payments".into();
    let temp = data.join(format!(".{slug}.json.k1ll3d"));
    std::fs::write(&temp, serde_json::to_vec_pretty(&newer).expect("json")).expect("write the copy");
    let set = |path: &Path, ago: u64| {
        let at = SystemTime::now() - Duration::from_secs(ago);
        std::fs::File::options().write(true).open(path).and_then(|f| f.set_modified(at)).expect("set mtime");
    };
    set(&file, 120);
    set(&temp, 60);
    slug
}

fn open(data: &Path, slug: &str) -> Harness {
    let mut h = Harness::new(data, 100, 30);
    h.rt.open(slug, None);
    h.draw();
    h
}

#[test]
fn opening_the_newer_copy_makes_it_the_workshop_and_undo_takes_it_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let slug = crashed_mid_save(&data);
    let mut h = open(&data, &slug);
    let screen = h.screen();
    assert!(screen.contains("A newer copy was found"), "{screen}");
    assert!(screen.contains("A newer copy of \"Platform\" from"), "{screen}");
    assert_eq!(h.saved(&slug).team, "Infra", "nothing changes before the answer");

    h.press("y");
    assert_eq!(h.workshop().team, "Payments");
    assert_eq!(h.saved(&slug).team, "Payments", "saved like any change");
    assert!(h.screen().contains("opened the copy from"), "{}", h.screen());
    h.press("u");
    assert_eq!(h.saved(&slug).team, "Infra", "undo takes it back");

    // Asked once: opening again asks nothing.
    let again = open(&data, &slug);
    assert!(!again.screen().contains("A newer copy was found"), "{}", again.screen());
}

#[test]
fn keeping_the_current_version_leaves_the_copy_in_the_backups_and_never_asks_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let slug = crashed_mid_save(&data);
    let mut h = open(&data, &slug);
    assert!(h.screen().contains("A newer copy was found"), "{}", h.screen());
    h.press("n");
    assert_eq!(h.workshop().team, "Infra");
    assert_eq!(h.saved(&slug).team, "Infra");
    assert!(h.screen().contains("kept the current version; the copy from"), "{}", h.screen());
    let kinds: Vec<BackupKind> = h.rt.store.backups(&slug).into_iter().map(|b| b.kind).collect();
    assert!(kinds.contains(&BackupKind::Declined) && !kinds.contains(&BackupKind::Recovered), "{kinds:?}");

    let again = open(&data, &slug);
    assert!(!again.screen().contains("A newer copy was found"), "{}", again.screen());
    // Home's backups list still has it, to restore.
    let mut home = Harness::new(&data, 100, 30);
    home.select_on_home(&slug);
    home.press("b");
    assert!(home.screen().contains("declined-"), "{}", home.screen());
}

#[test]
fn the_question_draws_at_any_size_and_a_stray_resize_answers_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let slug = crashed_mid_save(&data);
    let mut h = open(&data, &slug);
    for (width, height) in [(1, 1), (10, 4), (30, 8), (200, 60)] {
        h.resize(width, height);
    }
    h.resize(100, 30);
    assert!(h.screen().contains("A newer copy was found"), "{}", h.screen());
    assert_eq!(h.workshop().team, "Infra", "nothing chosen yet");
}
