//! Progress on long work: an import that takes more than a moment shows what it is doing
//! on standard error when that is a terminal, and nothing when it is not (cron, a pipe).

mod support;

use std::fmt::Write as _;
use std::process::Command;

use quarterdeck::model::{Period, Workshop};
use quarterdeck::store::Store;
use quarterdeck::testing::fixed_clock;
use support::pty::{BIN, Pty};

/// A Jira CSV of `rows` rows with long descriptions: tens of megabytes.
fn big_csv(dir: &std::path::Path, rows: usize) -> std::path::PathBuf {
    let mut text = String::from("Summary,Issue key,Status,Description\n");
    let description = "Flaky step in the deploy pipeline; reruns cost the team an hour a day. ".repeat(4);
    for n in 0..rows {
        let _ = writeln!(text, "Item {n},OLD-{n},Open,\"{description}\"");
    }
    let path = dir.join("jira.csv");
    std::fs::write(&path, text).expect("csv");
    path
}

fn workshop(dir: &std::path::Path) -> String {
    let (store, _) = Store::open(dir.to_path_buf()).expect("store");
    let w = Workshop::new("Platform", "", Period::parse("2027-Q1").expect("period"), fixed_clock().now());
    store.create(&w).expect("created")
}

#[test]
fn a_long_import_in_a_terminal_shows_what_it_is_doing_and_clears_it() {
    let home = tempfile::tempdir().expect("home");
    let data = home.path().join("data");
    let slug = workshop(&data);
    let csv = big_csv(home.path(), 20_000);
    let (data_arg, csv_arg) = (data.to_str().expect("utf-8"), csv.to_str().expect("utf-8"));
    let Some(mut pty) = Pty::spawn(&["--data-dir", data_arg, "import", &slug, csv_arg], home.path(), &[]) else { return };
    pty.assert_exit_code(0);
    let raw = String::from_utf8_lossy(&pty.raw).into_owned();
    assert!(raw.contains("importing jira.csv (") && raw.contains(" MB) into platform"), "{}", pty.report());
    assert!(!pty.screen().contains("importing jira.csv"), "the spinner is cleared once done:\n{}", pty.report());
}

#[test]
fn an_import_from_a_script_prints_only_its_summary() {
    let home = tempfile::tempdir().expect("home");
    let data = home.path().join("data");
    let slug = workshop(&data);
    let csv = big_csv(home.path(), 20_000);
    let out = Command::new(BIN).arg("--data-dir").arg(&data).args(["import", &slug]).arg(&csv).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "no spinner in a pipe: {}", String::from_utf8_lossy(&out.stderr));
    assert!(!out.stdout.is_empty(), "the summary line");
}
