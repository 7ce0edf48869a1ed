//! One workshop, many writers: the app open while a script checks in, a `git pull` replaces
//! the file, a second window edits the same field; links and hand-edited duplicates. Every
//! writer's change survives, and the screen says what came in.

use std::collections::VecDeque;
use std::fs;

use quarterdeck::app::run::Incoming;
use quarterdeck::model::checkin::{CheckInWords, record_check_in};
use quarterdeck::model::{Capture, Step, Workshop};
use quarterdeck::store::{Store, StoreError};
use quarterdeck::testing::{Harness, fixed_clock};

fn other_writer(dir: &std::path::Path) -> Store {
    Store::open(dir.to_path_buf()).expect("store").0
}

fn titles(w: &Workshop) -> Vec<String> {
    w.initiatives.iter().map(|i| i.title.clone()).collect()
}

/// Another program's version of the file: what the file holds plus `change`, written
/// straight over it as `git pull` would (not through the store, no lock).
fn replace_file(store: &Store, slug: &str, change: impl FnOnce(&mut Workshop)) {
    let mut theirs = store.load(slug).expect("load");
    change(&mut theirs);
    let mut bytes = serde_json::to_vec_pretty(&theirs).expect("json");
    bytes.push(b'\n');
    fs::write(store.path_of(slug), bytes).expect("write");
}

#[test]
fn a_check_in_from_a_script_lands_while_the_app_is_open_and_both_changes_survive() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = Harness::demo(dir.path(), 100, 30);
    let slug = h.slug();
    let kr = h.workshop().objectives[0].key_results[0].id;
    let today = fixed_clock().today();
    let cron = other_writer(dir.path());
    cron.update(&slug, fixed_clock().now(), |w| {
        let week = w.current_week(today);
        let words = CheckInWords { value: "3".into(), note: "from cron".into(), ..CheckInWords::default() };
        record_check_in(w, kr, &words, week, today, today)
    })
    .expect("the lock is free: the app holds none")
    .expect("checked in");

    h.file_changed();
    assert!(h.screen().contains("merged from disk: 1 check-in"), "{}", h.screen());
    let week = h.workshop().current_week(today);
    let in_app = h.workshop().key_result(kr).and_then(|k| k.check_ins.iter().find(|c| c.week == week).cloned()).expect("check-in");
    assert_eq!((in_app.value, in_app.note.as_str()), (3.0, "from cron"), "shown without a key press");

    h.press(",<Tab><End> Ops<Enter>");
    let saved = h.saved(&slug);
    assert!(saved.team.ends_with(" Ops"), "the app's change: {}", saved.team);
    let kept = saved.key_result(kr).and_then(|k| k.check_ins.iter().find(|c| c.week == week).cloned()).expect("check-in kept");
    assert_eq!(kept.note, "from cron", "the script's check-in survives the app's save");
}

#[test]
fn a_pull_under_a_pending_change_is_merged_by_the_save() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = Harness::demo(dir.path(), 100, 30);
    h.rt.debounce = std::time::Duration::from_secs(3600);
    let slug = h.slug();
    h.press("2aLocal idea<Enter><Esc>");
    assert!(h.rt.app.unsaved(), "the save is still waiting");
    replace_file(&other_writer(dir.path()), &slug, |w| {
        w.capture(&Capture { title: "Pulled idea".into(), ..Capture::default() }, fixed_clock().now());
    });

    h.rt.save_now();
    h.draw();
    assert!(h.screen().contains("merged from disk: 1 initiative"), "{}", h.screen());
    let saved = titles(&h.saved(&slug));
    for title in ["Local idea", "Pulled idea"] {
        assert!(saved.iter().any(|t| t == title), "{title} missing from {saved:?}");
    }
    assert_eq!(titles(h.workshop()), saved, "what is shown is what is saved");
}

#[test]
fn the_same_field_changed_in_two_windows_keeps_one_and_records_the_other() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut first = Harness::demo(dir.path(), 100, 30);
    let slug = first.slug();
    let mut second = Harness::new(dir.path(), 100, 30);
    second.rt.open(&slug, Some(Step::Brainstorm));
    let team = first.workshop().team.clone();

    first.press(",<Tab><End> One<Enter>");
    second.press(",<Tab><End> Two<Enter>");
    // The two changes carry the same time (a fixed clock), so the tie goes by value.
    let kept = format!("{team} Two");
    assert_eq!(second.saved(&slug).team, kept);
    let screen = second.screen();
    assert!(screen.contains("team changed on both sides"), "{screen}");

    second.press("R");
    let record = second.screen();
    assert!(record.contains("Merge record") && record.contains(&format!("{team} One")), "the other value is kept:\n{record}");
    second.press("<Esc>");
    assert!(!second.screen().contains("Merge record"));

    first.file_changed();
    assert_eq!(first.workshop().team, kept, "the first window follows");
    assert_eq!(first.workshop().merge_log.len(), 1, "{:?}", first.workshop().merge_log);
}

#[test]
fn undo_takes_back_my_change_and_keeps_what_came_in_since() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = Harness::demo(dir.path(), 100, 30);
    let slug = h.slug();
    h.press("2aMine<Enter><Esc>");
    other_writer(dir.path())
        .update(&slug, fixed_clock().now(), |w| {
            w.capture(&Capture { title: "Theirs".into(), ..Capture::default() }, fixed_clock().now());
            Ok::<_, ()>(())
        })
        .expect("update")
        .expect("captured");
    h.file_changed();
    h.press("u");
    let shown = titles(h.workshop());
    assert!(!shown.iter().any(|t| t == "Mine") && shown.iter().any(|t| t == "Theirs"), "{shown:?}");
    assert_eq!(titles(&h.saved(&slug)), shown);
    h.press("<C-r>");
    assert!(titles(h.workshop()).iter().any(|t| t == "Mine"));
}

#[test]
fn conflict_markers_on_disk_keep_the_changes_here_until_the_file_is_fixed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = Harness::demo(dir.path(), 100, 30);
    let slug = h.slug();
    let path = h.rt.store.path_of(&slug);
    let good = fs::read_to_string(&path).expect("read");
    let conflicted = good.replacen('\n', "\n<<<<<<< HEAD\n=======\n>>>>>>> theirs\n", 1);
    fs::write(&path, &conflicted).expect("write");
    h.file_changed();
    assert!(h.screen().contains("git conflict markers"), "{}", h.screen());

    h.press("2aKept here<Enter><Esc>");
    assert!(h.screen().contains("NOT SAVED"), "{}", h.screen());
    assert_eq!(fs::read_to_string(&path).expect("read"), conflicted, "never written over");

    // The merge is finished (here: by hand, with a teammate's idea in it).
    fs::write(&path, &good).expect("write");
    replace_file(&other_writer(dir.path()), &slug, |w| {
        w.capture(&Capture { title: "Resolved idea".into(), ..Capture::default() }, fixed_clock().now());
    });
    h.file_changed();
    let saved = titles(&h.saved(&slug));
    assert!(saved.iter().any(|t| t == "Kept here") && saved.iter().any(|t| t == "Resolved idea"), "{saved:?}");
    assert!(!h.screen().contains("NOT SAVED"), "{}", h.screen());
}

#[test]
fn a_file_with_conflict_markers_or_duplicate_ids_is_refused_saying_where_and_what_to_do() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = other_writer(dir.path());
    let h = Harness::demo(dir.path(), 100, 30);
    let slug = h.slug();
    let path = store.path_of(&slug);
    let good = fs::read_to_string(&path).expect("read");

    fs::write(&path, good.replacen('\n', "\n<<<<<<< HEAD\n", 1)).expect("write");
    let err = store.load(&slug).expect_err("markers");
    assert!(matches!(err, StoreError::Conflicted { line: 2, .. }), "{err}");
    assert!(err.to_string().contains("git-setup") && err.to_string().contains("git checkout -m"), "{err}");

    let mut w: serde_json::Value = serde_json::from_str(&good).expect("json");
    let first = w["initiatives"][0]["id"].clone();
    w["initiatives"][1]["id"] = first;
    fs::write(&path, serde_json::to_string_pretty(&w).expect("json")).expect("write");
    let err = store.load(&slug).expect_err("duplicates");
    let StoreError::DuplicateIds { count, lines, .. } = &err else { panic!("{err}") };
    assert_eq!(*count, 2);
    assert_eq!(lines.split(", ").count(), 2, "both lines named: {err}");
}

#[cfg(unix)]
#[test]
fn links_in_the_data_folder_are_never_followed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let outside = tempfile::tempdir().expect("tempdir");
    let target = outside.path().join("precious.txt");
    fs::write(&target, "precious").expect("write");
    let h = Harness::demo(dir.path(), 100, 30);
    let slug = h.slug();
    let store = other_writer(dir.path());

    // A lock that is a link (a teammate committed one): refused, its target untouched.
    let _ = fs::remove_file(store.lock_path(&slug));
    std::os::unix::fs::symlink(&target, store.lock_path(&slug)).expect("link");
    let err = store.save(&slug, h.workshop()).expect_err("a linked lock");
    assert!(matches!(err, StoreError::Symlink { .. }), "{err}");
    assert!(err.to_string().contains("symbolic link"), "{err}");
    assert_eq!(fs::read_to_string(&target).expect("read"), "precious");
    fs::remove_file(store.lock_path(&slug)).expect("unlink");

    // A workshop that is a link: neither read nor written.
    std::os::unix::fs::symlink(&target, store.path_of("linked")).expect("link");
    assert!(matches!(store.load("linked"), Err(StoreError::Symlink { .. })));
    assert!(store.list().iter().any(|l| l.slug == "linked" && l.summary.is_err()), "listed as not openable");
    assert_eq!(fs::read_to_string(&target).expect("read"), "precious");
}

#[test]
fn opening_browsing_and_closing_write_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = Harness::demo(dir.path(), 100, 30);
    let slug = h.slug();
    let path = h.rt.store.path_of(&slug);
    let before = fs::read(&path).expect("read");
    let entries = || {
        let mut names: Vec<String> =
            fs::read_dir(dir.path()).expect("ls").map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    };
    let listed = entries();
    // Esc backs out of the earlier week, Ctrl-w leaves for home.
    h.press("12345jjkk3v4j5[<Esc><C-w>");
    assert!(h.rt.app.doc.is_none(), "closed: {}", h.screen());
    assert_eq!(fs::read(&path).expect("read"), before, "the workshop file is byte for byte the same");
    assert_eq!(entries(), listed, "nothing added to the data folder");
    assert_eq!(h.remembered_step(&slug), Some(Step::Review), "where the person was is kept in their own state");
}

#[test]
fn home_lists_a_workshop_another_program_created() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = Harness::new(dir.path(), 100, 30);
    assert!(h.screen().contains("No workshops yet"), "{}", h.screen());
    let store = other_writer(dir.path());
    let period = quarterdeck::model::Period::parse("2027-Q1").expect("period");
    let slug = store.create(&Workshop::new("From a script", "Infra", period, fixed_clock().now())).expect("create");
    h.run(VecDeque::from([Incoming::FilesChanged(vec![store.path_of(&slug)])]));
    assert!(h.screen().contains("From a script"), "{}", h.screen());
}

#[test]
fn check_names_links_to_missing_items() {
    let dir = tempfile::tempdir().expect("tempdir");
    let h = Harness::demo(dir.path(), 100, 30);
    let mut w = h.workshop().clone();
    let kr = w.objectives[0].key_results[0].id;
    w.objectives[0].key_results[0].initiatives.push(quarterdeck::model::InitiativeId(987_654));
    let found = quarterdeck::model::coach::review(&w);
    let missing = found.iter().find(|f| f.code == "link-missing").expect("a finding");
    assert_eq!(missing.subject, quarterdeck::model::coach::Subject::KeyResult(kr));
    assert!(missing.reason.contains("I987654"), "{}", missing.reason);
}

#[test]
fn a_pull_that_renames_the_team_says_so_by_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = Harness::demo(dir.path(), 100, 30);
    let slug = h.slug();
    replace_file(&other_writer(dir.path()), &slug, |w| w.team = "Payments Core".into());
    h.file_changed();
    assert!(h.screen().contains("merged from disk: the team"), "{}", h.screen());
    assert_eq!(h.workshop().team, "Payments Core");
}

/// Renaming from home while a cron job checks in (issue 18): the rename holds the lock from
/// its read to the removal of the old file, so a check-in lands before it (and moves with
/// the workshop) or finds the new name only and says so; never two files, never a lost
/// check-in that said it landed.
#[test]
fn renaming_while_check_ins_land_never_splits_the_workshop_or_loses_one() {
    use quarterdeck::model::{KeyResultDraft, KeyResultKind, ObjectiveDraft, Period};
    use std::process::{Command, Stdio};

    for round in 0..3 {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path().to_path_buf()).expect("store").0;
        let mut w = Workshop::new("Platform", "Infra", Period::parse("2024-Q1").expect("period"), fixed_clock().now());
        let o = w.add_objective(&ObjectiveDraft { title: "Fast builds".into(), ..Default::default() }).expect("objective");
        let kr = w
            .add_key_result(
                o,
                &KeyResultDraft {
                    description: "Cut build time from 100 to 0 minutes".into(),
                    kind: KeyResultKind::metric(100.0, 0.0, "minutes"),
                    ..Default::default()
                },
            )
            .expect("key result");
        let slug = store.create(&w).expect("create");
        let writers: Vec<_> = (1..=8u32)
            .map(|week| {
                Command::new(env!("CARGO_BIN_EXE_quarterdeck"))
                    .arg("--data-dir")
                    .arg(dir.path())
                    .args(["checkin", "Platform", &kr.to_string(), &(100 - week * 10).to_string(), "--week", &week.to_string()])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .expect("spawn")
            })
            .collect();
        let renamed = store.rename(&slug, &format!("Platform round {round}")).expect("rename");
        let landed: Vec<u32> =
            writers.into_iter().zip(1..=8u32).filter_map(|(mut w, week)| w.wait().expect("wait").success().then_some(week)).collect();
        let files: Vec<String> = store.list().into_iter().map(|l| l.slug).collect();
        assert_eq!(files, std::slice::from_ref(&renamed), "one workshop, under its new name");
        let after = store.load(&renamed).expect("load");
        let weeks: Vec<u32> = after.objectives[0].key_results[0].check_ins.iter().map(|c| c.week).collect();
        for week in &landed {
            assert!(weeks.contains(week), "round {round}: week {week} said it landed but is missing: {weeks:?}");
        }
    }
}
