//! The meeting's command line through the real binary: `status` (what is due across the data
//! folder, by owner, as text or JSON, exit 1 while something is due) and `export --digest`
//! (one week and nothing else).

use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_quarterdeck");

/// The binary on `dir`, with a stand-in home beside it and nothing inherited that could pick
/// another folder or colour the output.
fn qd(dir: &Path, args: &[&str]) -> Output {
    let home = dir.parent().expect("a parent").join("home");
    std::fs::create_dir_all(&home).expect("home");
    Command::new(BIN)
        .env_remove("QUARTERDECK_DATA_DIR")
        .env_remove("NO_COLOR")
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join("xdg-data"))
        .env("TERM", "dumb")
        .stdin(Stdio::null())
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .output()
        .expect("run quarterdeck")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn show(o: &Output) -> String {
    format!("status {:?}\n--- stdout ---\n{}--- stderr ---\n{}", o.status, out(o), String::from_utf8_lossy(&o.stderr))
}

/// The demo kept in a fresh folder: today is in its week 7, which nobody has checked in yet.
fn demo() -> (tempfile::TempDir, std::path::PathBuf) {
    let root = tempfile::tempdir().expect("temp");
    let dir = root.path().join("okrs");
    let o = qd(&dir, &["demo", "--keep"]);
    assert!(o.status.success(), "{}", show(&o));
    (root, dir)
}

const KRS: [&str; 9] = ["KR77", "KR78", "KR79", "KR81", "KR82", "KR83", "KR85", "KR86", "KR87"];

#[test]
fn status_lists_the_demos_due_key_results_per_owner_and_exits_1_until_they_are_checked_in() {
    let (_root, dir) = demo();
    let o = qd(&dir, &["status"]);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let text = out(&o);
    // The demo keeps a second team's workshop too (the one a key result depends on).
    assert!(text.contains("Platform team (platform-team.json) · week 7 of 13: 9 to check in by "), "{text}");
    assert!(text.contains("Checkout team (checkout-team.json) · week 7 of 13: 2 to check in by "), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    let amara = lines.iter().position(|l| *l == "    Amara Okafor:").expect("Amara's key results");
    assert_eq!(lines[amara + 1], "      KR77 Reduce payment-path P1 incidents from 4 per month to 0");
    let mei = lines.iter().position(|l| *l == "    Mei Lin:").expect("Mei's key results");
    assert_eq!(
        &lines[mei + 1..mei + 3],
        ["      KR81 Bring CI pipeline p50 from 18 to 8 minutes", "      KR83 Increase deploys per engineer per week from 1.5 to 4"]
    );

    let o = qd(&dir, &["status", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let json: serde_json::Value = serde_json::from_str(&out(&o)).expect("JSON");
    assert_eq!(json["due"], true);
    let workshops = json["workshops"].as_array().expect("workshops");
    let w = workshops.iter().find(|w| w["name"] == "Platform team").expect("the platform team's workshop");
    assert_eq!((w["week"].as_u64(), w["off_week"].as_bool()), (Some(7), Some(false)));
    assert_eq!(w["to_check_in"].as_array().map(Vec::len), Some(9));
    assert_eq!(w["to_check_in"][0]["owners"][0], "Amara Okafor");

    for (i, kr) in KRS.iter().enumerate() {
        let o = qd(&dir, &["checkin", "Platform team", kr, if *kr == "KR87" { "done" } else { "3" }, "--note", "fine", "--force"]);
        assert!(o.status.success(), "{}", show(&o));
        if i == 0 {
            let o = qd(&dir, &["status"]);
            assert_eq!(o.status.code(), Some(1), "still due: {}", show(&o));
            assert!(out(&o).contains(": 8 to check in by "), "{}", show(&o));
            assert!(!out(&o).contains("Amara Okafor:"), "Amara has checked in: {}", show(&o));
        }
    }
    let o = qd(&dir, &["status"]);
    assert_eq!(o.status.code(), Some(1), "the checkout team has not checked in yet: {}", show(&o));
    assert!(out(&o).contains("Platform team (platform-team.json) · week 7 of 13: nothing due"), "{}", show(&o));
    for kr in ["KRFAZKF27Y", "KRMEZS07EC"] {
        let o = qd(&dir, &["checkin", "Checkout team", kr, "1", "--note", "fine", "--force"]);
        assert!(o.status.success(), "{}", show(&o));
    }
    let o = qd(&dir, &["status"]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    assert!(out(&o).ends_with(": nothing due\n"), "{}", show(&o));
    let json: serde_json::Value = serde_json::from_str(&out(&qd(&dir, &["status", "--format", "json"]))).expect("JSON");
    assert_eq!(json["due"], false);
}

#[test]
fn status_of_an_empty_or_missing_folder_is_nothing_due_and_writes_nothing() {
    let root = tempfile::tempdir().expect("temp");
    let dir = root.path().join("nowhere");
    let o = qd(&dir, &["status"]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    assert_eq!(out(&o), "no workshops in this folder\n");
    assert!(!dir.exists(), "status only reads: the folder is not made");
    let file = root.path().join("a-file");
    std::fs::write(&file, "x").expect("write");
    let o = qd(&file, &["status", "--format", "json"]);
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    let json: serde_json::Value = serde_json::from_str(&out(&o)).expect("JSON even for an error");
    assert!(json["error"].as_str().is_some_and(|e| e.contains("not a folder")), "{json}");
}

#[test]
fn the_digest_of_week_7_holds_week_7_only() {
    let (_root, dir) = demo();
    let o = qd(&dir, &["checkin", "Platform team", "KR82", "96", "--note", "Jest suites quarantined too"]);
    assert!(o.status.success(), "{}", show(&o));
    let o = qd(&dir, &["export", "Platform team", "--digest", "--week", "7"]);
    assert!(o.status.success(), "{}", show(&o));
    let text = out(&o);
    assert!(text.starts_with("**Platform team · week 7 of 13**"), "{text}");
    assert!(text.contains("Cut flaky-test reruns from 120 to 10 per week: **96 reruns/week** (−8 since week 6)"), "{text}");
    assert!(text.contains("Jest suites quarantined too"), "{text}");
    assert!(text.contains("Write the failover runbook for payments-api") && text.contains("(from week 6: not reviewed)"), "{text}");
    // Week 6's notes, and week 5's commitments, are other weeks.
    assert!(!text.contains("shadow mode"), "week 6's note is not in week 7's digest:\n{text}");
    assert!(!text.contains("circuit breaker in front of refunds"), "week 5's commitments are not either:\n{text}");
    assert!(!text.contains("Started:"), "no initiative changed status in week 7:\n{text}");
    // A breached health metric leads the week (issue 21: a breach is in the digest).
    assert!(text.contains("**Health**\n- breached: On-call pages 13 pages/week (keep ≤ 10 pages/week)"), "{text}");

    let week6 = out(&qd(&dir, &["export", "Platform team", "--digest", "--week", "6"]));
    assert!(week6.contains("shadow mode") && !week6.contains("Jest suites quarantined too"), "{week6}");
    let o = qd(&dir, &["export", "Platform team", "--digest", "--week", "14"]);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let o = qd(&dir, &["export", "Platform team", "--digest", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(2), "--digest is Markdown: {}", show(&o));
    let o = qd(&dir, &["export", "Platform team", "--week", "3"]);
    assert_eq!(o.status.code(), Some(2), "--week needs --digest: {}", show(&o));
}
