//! The command line's side of what the method adds (issue 21), as the real binary: a health
//! metric's reading from cron, `check` on dependencies (its exit codes as documented) and
//! the capacity split, merging proposals again and folders with bad files, the health CSV;
//! and, with the app open on the review, cron's health reading and the other team's check-in
//! arriving through the file watch.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use quarterdeck::model::{Dismissal, KeyResultKind, Period, Proposal, ProposedInitiative, ProposedKeyResult, Workshop};
use quarterdeck::store::Store;

/// The binary on `dir`, with nothing inherited that could pick another folder.
fn qd(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quarterdeck"))
        .env_remove("QUARTERDECK_DATA_DIR")
        .env("NO_COLOR", "1")
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run quarterdeck")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The demo and the second team's workshop, saved in a fresh data folder (dates as today).
fn demo_folder() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path().join("data")).expect("store").0;
    let today = jiff::Zoned::now().date();
    store.create(&quarterdeck::demo::demo_workshop(today)).expect("demo");
    store.create(&quarterdeck::demo::demo_peer(today)).expect("peer");
    (dir, store)
}

#[test]
fn a_health_reading_from_cron_is_recorded_and_a_breach_said() {
    let (_tmp, store) = demo_folder();
    let o = qd(store.dir(), &["checkin", "Platform team", "on-call", "15", "--note", "Kafka again"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let today = jiff::Zoned::now().date();
    assert_eq!(out(&o), format!("recorded On-call pages for week 7 ({today}): 15 pages/week BREACHED (keep ≤ 10 pages/week)\n"));
    let w = store.load("platform-team").expect("load");
    let pages = w.health.iter().find(|m| m.name == "On-call pages").expect("metric");
    assert_eq!(pages.check_in_for(7).map(|c| (c.value, c.note.as_str())), Some((15.0, "Kafka again")));
    // A key result's name still reaches the key result.
    let o = qd(store.dir(), &["checkin", "Platform team", "flaky-test reruns", "90", "--note", "quarantine bot"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(out(&o).starts_with("checked in KR82 for week 7"), "{}", out(&o));
    let o = qd(store.dir(), &["checkin", "Platform team", "on-call", "1,5"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("did you mean 1.5"), "{}", err(&o));
}

#[test]
fn check_says_the_split_and_warns_about_dependencies_with_its_documented_exit_codes() {
    let (_tmp, store) = demo_folder();
    // Every finding dismissed but the ones about dependencies, so only they decide the code.
    let mut w = store.load("platform-team").expect("load");
    let json = out(&qd(store.dir(), &["check", "Platform team", "--format", "json"]));
    let findings: Vec<serde_json::Value> = serde_json::from_str(&json).expect("JSON findings");
    for f in &findings {
        let (code, subject) = (f["code"].as_str().expect("code"), f["subject"].as_str().expect("subject"));
        w.dismissed.push(Dismissal { code: code.into(), subject: subject.into(), reason: "not this test".into(), ..Dismissal::default() });
    }
    store.save("platform-team", &w).expect("save");
    let o = qd(store.dir(), &["check", "Platform team"]);
    assert_eq!(o.status.code(), Some(0), "no warnings: {}", out(&o));
    let text = out(&o);
    assert!(
        text.contains("capacity by cost (19 initiatives in the plan): 31% business · 69% health (0% learning); target 40/60, learning 10"),
        "{text}"
    );
    assert!(text.contains("earlier periods: 2026-Q2 0.45 · 2026-Q3 0.52 → unrealistic"), "{text}");

    // The other team's workshop goes: its key result is missing, a warning, exit 1.
    std::fs::remove_file(store.path_of("checkout-team")).expect("remove");
    let o = qd(store.dir(), &["check", "Platform team", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let findings: Vec<serde_json::Value> = serde_json::from_str(&out(&o)).expect("JSON findings");
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!((findings[0]["code"].as_str(), findings[0]["id"].as_str()), (Some("kr-dependency-missing"), Some("KR79")));

    // Back, but its period is over: the key result will not move any more.
    let mut peer = quarterdeck::demo::demo_peer(jiff::Zoned::now().date());
    peer.shift_dates(-200);
    store.create(&peer).expect("create");
    let o = qd(store.dir(), &["check", "Platform team"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).contains("kr-dependency-ended"), "{}", out(&o));
}

fn proposal(id: &str, titles: &[&str]) -> Proposal {
    let mut p = Proposal::new("Ada", "2027-01-02T09:00:00Z".parse().expect("time"));
    p.id = id.into();
    p.initiatives = titles
        .iter()
        .zip(1..)
        .map(|(t, n)| ProposedInitiative { id: n, title: (*t).into(), created: p.created, ..ProposedInitiative::default() })
        .collect();
    p
}

#[test]
fn merging_an_edited_proposal_again_says_what_it_updated_skipped_and_removed() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let store = Store::open(tmp.path().join("data")).expect("store").0;
    store.create(&Workshop::new("Platform", "", Period::parse("2027-Q1").expect("period"), jiff::Timestamp::now())).expect("create");
    let file = tmp.path().join("ada.json");
    let mut p = proposal("p1", &["Faster CI", "Build cache", "Docs site", "Spot runners"]);
    p.key_results.push(ProposedKeyResult { id: 9, description: "Bring CI p50 from 18 to 8 minutes".into(), ..Default::default() });
    quarterdeck::store::write_proposal(&file, &p).expect("write");
    let o = qd(store.dir(), &["merge", "Platform", file.to_str().expect("path")]);
    assert_eq!(
        out(&o),
        "Merged 4 initiatives, 1 key result or objective for step 4 by Ada from ada.json\nproposed key results and objectives wait on step 4: `quarterdeck open platform`\n"
    );
    let w = store.load("platform").expect("load");
    assert_eq!(w.candidates[0].measure, Some(KeyResultKind::metric(18.0, 8.0, "minutes")), "read like step 4's");

    // The room votes on the third and rewords the second; Ada edits the first two and
    // deletes the last two.
    let mut w = w;
    w.initiatives[1].title = "Remote build cache".into();
    let ada = w.initiatives[0].author.expect("Ada");
    w.initiatives[2].votes.insert(ada, 1);
    store.save("platform", &w).expect("save");
    p.initiatives[0].title = "Much faster CI".into();
    p.initiatives[1].title = "Gradle build cache".into();
    p.initiatives.truncate(2);
    quarterdeck::store::write_proposal(&file, &p).expect("write");
    let o = qd(store.dir(), &["merge", "Platform", file.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(
        out(&o).lines().next(),
        Some(
            "Merged ada.json by Ada: 1 updated, 1 removed as deleted from the proposal (1 skipped: changed here since the last merge; 1 kept though deleted from the proposal: the room worked on it; 1 already there)"
        )
    );
    let titles: Vec<String> = store.load("platform").expect("load").initiatives.iter().map(|i| i.title.clone()).collect();
    assert_eq!(titles, ["Much faster CI", "Remote build cache", "Docs site"]);
}

#[test]
fn a_folder_merge_merges_every_good_file_and_names_the_bad_ones_and_the_subfolders() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let store = Store::open(tmp.path().join("data")).expect("store").0;
    store.create(&Workshop::new("Platform", "", Period::parse("2027-Q1").expect("period"), jiff::Timestamp::now())).expect("create");
    let folder = tmp.path().join("proposals");
    std::fs::create_dir_all(folder.join("old")).expect("mkdir");
    quarterdeck::store::write_proposal(&folder.join("ada.json"), &proposal("p1", &["Faster CI"])).expect("write");
    quarterdeck::store::write_proposal(
        &folder.join("grace.json"),
        &Proposal { author: "Grace".into(), ..proposal("p2", &["Build cache"]) },
    )
    .expect("write");
    std::fs::write(folder.join("broken.json"), r#"{"quarterdeck_proposal": 1, "#).expect("write");
    quarterdeck::store::write_proposal(&folder.join("old/linus.json"), &proposal("p3", &["Not merged"])).expect("write");
    let o = qd(store.dir(), &["merge", "Platform", folder.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(1), "a file could not be read: {}", err(&o));
    let text = out(&o);
    assert!(text.contains("Merged 1 initiative by Ada from ada.json"), "{text}");
    assert!(text.contains("Merged 1 initiative by Grace from grace.json"), "{text}");
    assert!(text.contains("old is a subfolder: merge does not enter subfolders"), "{text}");
    let stderr = err(&o);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("broken.json is not valid JSON") && stderr.contains("(1 file not read; the other 2 merged)"), "{stderr}");
    assert_eq!(store.load("platform").expect("load").initiatives.len(), 2, "the good ones are in");
}

#[test]
fn the_health_readings_export_as_csv() {
    let (_tmp, store) = demo_folder();
    let o = qd(store.dir(), &["export", "Platform team", "--format", "csv", "--what", "health"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    let header: Vec<String> = reader.headers().expect("header").iter().map(String::from).collect();
    assert_eq!(header, ["metric_id", "metric", "keep", "week", "date", "value", "status", "note"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 18, "three metrics, six weeks each");
    let breached: Vec<&str> = rows.iter().filter(|r| &r[6] == "breached").map(|r| &r[1]).collect();
    assert_eq!(breached, ["On-call pages"; 4]);
}

#[test]
fn a_health_reading_from_cron_lands_in_the_open_review_and_both_readings_survive() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = quarterdeck::testing::Harness::demo(dir.path(), 100, 30);
    let slug = h.slug();
    // The real binary, as cron runs it, while the app has the workshop open on step 5.
    let o = qd(dir.path(), &["checkin", "Platform team", "on-call", "15", "--week", "7", "--note", "Kafka again"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    h.file_changed();
    let screen = h.screen();
    assert!(screen.contains("merged from disk: 1 health reading"), "{screen}");
    assert!(screen.contains("Health ⚠ On-call pages 15 pages/week (keep ≤ 10) since week 3"), "shown without a key press:\n{screen}");

    // The room reads the latency in the same week's form; the script's reading stays.
    h.press("H");
    assert!(h.screen().contains("Week 7 health readings"), "{}", h.screen());
    h.press("250<Enter>");
    let saved = h.saved(&slug);
    let reading = |name: &str| saved.health.iter().find(|m| m.name == name).and_then(|m| m.check_in_for(7)).cloned();
    assert_eq!(reading("Checkout p95 latency").map(|c| c.value), Some(250.0), "the room's reading");
    let pages = reading("On-call pages").expect("the script's reading survives the app's save");
    assert_eq!((pages.value, pages.note.as_str()), (15.0, "Kafka again"));
}

#[test]
fn the_other_team_checking_in_from_cron_changes_blocked_in_the_open_review() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = quarterdeck::testing::Harness::demo(dir.path(), 100, 30);
    let row = |h: &quarterdeck::testing::Harness| {
        h.screen().lines().find(|l| l.contains("availability from 99.5% to 99.95%")).map(str::to_string)
    };
    assert!(row(&h).is_some_and(|r| r.contains("⇠ blocked")), "{}", h.screen());
    // The checkout team's cron says its timeouts are back on track, in the same folder.
    let args = ["checkin", "Checkout team", "gateway timeouts", "1.2", "--status", "on-track", "--confidence", "8", "--week", "7"];
    let o = qd(dir.path(), &args);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    h.other_file_changed("checkout-team");
    let now = row(&h).unwrap_or_else(|| panic!("{}", h.screen()));
    assert!(!now.contains("blocked") && now.contains("⇠ on track"), "read again without a key press:\n{}", h.screen());
    // And off track again: blocked again.
    let args = [
        "checkin",
        "Checkout team",
        "gateway timeouts",
        "2.9",
        "--status",
        "off-track",
        "--confidence",
        "2",
        "--week",
        "7",
        "--note",
        "vendor",
        "--reason",
        "the vendor failed again",
    ];
    let o = qd(dir.path(), &args);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    h.other_file_changed("checkout-team");
    assert!(row(&h).is_some_and(|r| r.contains("⇠ blocked")), "{}", h.screen());
}
