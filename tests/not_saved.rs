//! A failed save is impossible to miss: at 80 and 120 columns the status line keeps "NOT
//! SAVED" and a short reason (the path cut to the file name), a banner stays while saves
//! fail, the key the banner names shows the whole error, and "cannot leave" fits too.
//! Driven through the real update loop: a long error handed to `update` as the loop would,
//! and a real read-only folder.

use quarterdeck::effect::Msg;
use quarterdeck::model::{Period, Workshop};
use quarterdeck::store::Store;
use quarterdeck::testing::{Harness, fixed_clock, read_only_folder};

/// A long operating-system error about a file deep in the data folder, as the store words
/// it: 160 characters and more.
fn long_error(dir: &std::path::Path) -> String {
    let path = dir.join("platform-team.json");
    let error =
        format!("could not read or write {}: Permission denied (os error 13) (check that you may write to that folder)", path.display());
    format!("{error}{}", " (and a very long tail from the operating system)".repeat(2))
}

/// The demo open on its review at `width` columns, in a data folder with a long name.
fn demo(root: &std::path::Path, width: u16) -> Harness {
    let dir = root.join("a folder with a rather long name").join("that holds the team's workshops");
    std::fs::create_dir_all(&dir).expect("data folder");
    Harness::demo(&dir, width, 24)
}

/// The status line (the row above the footer) and the row above it (the banner).
fn bottom_rows(h: &Harness) -> (String, String) {
    let screen = h.screen();
    let rows: Vec<&str> = screen.lines().collect();
    (rows[rows.len() - 2].to_string(), rows[rows.len() - 3].to_string())
}

/// The text inside a box drawn on the screen, its rows joined and spaces collapsed.
fn inside_the_box(screen: &str) -> String {
    let inside: Vec<&str> = screen
        .lines()
        .filter_map(|line| {
            let start = line.find('│')?;
            let end = line.rfind('│').filter(|e| *e > start)?;
            Some(&line[start + '│'.len_utf8()..end])
        })
        .collect();
    inside.join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_long_save_error_keeps_not_saved_and_a_short_reason_at_80_and_120_columns() {
    for width in [80, 120] {
        let root = tempfile::tempdir().expect("temp dir");
        let mut h = demo(root.path(), width);
        let error = long_error(h.rt.store.dir());
        assert!(error.chars().count() >= 160, "{}", error.chars().count());
        h.rt.send(Msg::SaveFailed(error.clone()));
        h.draw();
        let (status, banner) = bottom_rows(&h);
        assert!(status.contains("NOT SAVED: platform-team"), "{width} columns, status: {status:?}\n{}", h.screen());
        assert!(banner.contains("NOT SAVED: platform-team.json: Permission denied"), "{width} columns, banner: {banner:?}");
        assert!(banner.contains("press ! for why"), "the banner names the key: {banner:?}");
        if width >= 120 {
            assert!(status.contains("NOT SAVED: platform-team.json: Permission denied"), "the whole short reason: {status:?}");
        }
        assert!(!h.screen().contains(&h.rt.store.dir().display().to_string()), "no long path on screen:\n{}", h.screen());

        // The key shows the whole error, wrapped; any key closes it.
        h.press("!");
        let details = inside_the_box(&h.screen());
        for words in ["Permission denied (os error 13)", "check that you may write to that folder", "platform-team.json", "Esc closes this"]
        {
            assert!(details.contains(words), "{width} columns: {words:?} in the details:\n{}", h.screen());
        }
        h.press("<Esc>");
        assert!(h.rt.app.overlay.is_none());
    }
}

#[test]
fn cannot_leave_fits_at_80_and_120_columns() {
    for width in [80, 120] {
        let root = tempfile::tempdir().expect("temp dir");
        let mut h = demo(root.path(), width);
        h.rt.send(Msg::SaveFailed(long_error(h.rt.store.dir())));
        h.rt.send(Msg::CloseRefused(long_error(h.rt.store.dir())));
        h.draw();
        let (status, banner) = bottom_rows(&h);
        assert!(status.contains("cannot leave: changes are NOT SAVED (press ! for why)"), "{width} columns: {status:?}");
        assert!(status.contains(" NOT SAVED"), "the save state stays: {status:?}");
        assert!(banner.contains("NOT SAVED: platform-team.json"), "{banner:?}");
    }
}

#[test]
fn the_details_key_says_so_when_nothing_failed() {
    let root = tempfile::tempdir().expect("temp dir");
    let mut h = demo(root.path(), 80);
    h.press("!");
    assert!(h.rt.app.overlay.is_none());
    assert!(h.screen().contains("nothing is waiting to be saved"), "{}", h.screen());
    let (_, banner) = bottom_rows(&h);
    assert!(!banner.contains("NOT SAVED"), "no banner while saves work: {banner:?}");
}

#[test]
fn a_read_only_folder_shows_not_saved_keeps_the_work_and_saves_once_writable() {
    for width in [80, 120] {
        let root = tempfile::tempdir().expect("temp dir");
        let dir = root.path().join("data");
        let store = Store::open(dir.clone()).expect("store").0;
        let w = Workshop::new("Platform team", "Infra", Period::parse("2027-Q1").expect("period"), fixed_clock().now());
        let slug = store.create(&w).expect("create");
        let mut h = Harness::new(&dir, width, 24);
        h.press("<Enter>");
        let Some(mut read_only) = read_only_folder(&dir) else { return };
        h.press(",<Tab><End> Ops<Enter>");
        let (status, banner) = bottom_rows(&h);
        assert!(status.contains("NOT SAVED: "), "{width} columns: {status:?}\n{}", h.screen());
        assert!(banner.contains("NOT SAVED: ") && banner.contains("press ! for why"), "{width} columns: {banner:?}");
        assert!(!h.screen().contains(&dir.display().to_string()), "the path is cut to a file name:\n{}", h.screen());
        assert_eq!(h.workshop().team, "Infra Ops", "the change is kept in memory");
        h.press("<Esc>");
        assert!(h.screen().contains("cannot leave: changes are NOT SAVED"), "{}", h.screen());
        assert!(h.step().is_some(), "still on the step");

        read_only.restore();
        h.press(",<Enter>");
        let (status, banner) = bottom_rows(&h);
        assert!(status.contains(" saved ") && !banner.contains("NOT SAVED"), "retried on the next change: {status:?} / {banner:?}");
        assert_eq!(h.saved(&slug).team, "Infra Ops");
    }
}
