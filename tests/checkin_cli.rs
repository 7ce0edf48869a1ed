//! `quarterdeck checkin` as a cron job runs it: the real binary on a workshop whose period
//! (2024-Q1) is over, so every week is asked for with `--week` or `--date`, and the review
//! of a simulated quarter in the app. What it proves: a regression is off track with
//! negative progress; units convert and decimals read one way; outside the period nothing
//! is written unless a week is asked for; a check-in behind pace without a note is saved
//! and flagged; a second check-in keeps the first's note and says what it replaced; a
//! back-dated check-in is judged by its own week; silence shows as "not checked in".

use std::path::Path;
use std::process::{Command, Output};

use quarterdeck::model::{KeyResultDraft, KeyResultId, KeyResultKind, ObjectiveDraft, Period, Status, Workshop};
use quarterdeck::store::Store;
use quarterdeck::testing::{Harness, fixed_clock};

const SLUG: &str = "quarter";

/// The key results of the test workshop, by what they measure.
struct Krs {
    mttr: KeyResultId,
    availability: KeyResultId,
    outages: KeyResultId,
    coverage: KeyResultId,
}

/// A workshop for 2024-Q1 (1 January to 31 March 2024, 13 weeks), over on any day these
/// tests run.
fn quarter(dir: &Path) -> Krs {
    let store = Store::open(dir.to_path_buf()).expect("store").0;
    let mut w = Workshop::new("Quarter", "SRE", Period::parse("2024-Q1").expect("period"), fixed_clock().now());
    let o = w.add_objective(&ObjectiveDraft { title: "Payments nobody has to think about".into(), ..Default::default() }).expect("o");
    let mut kr = |description: &str, kind: KeyResultKind| {
        w.add_key_result(o, &KeyResultDraft { description: description.into(), kind, ..Default::default() }).expect("kr")
    };
    let krs = Krs {
        mttr: kr("Reduce MTTR from 2 hours to 30 minutes", KeyResultKind::metric(120.0, 30.0, "minutes")),
        availability: kr("Raise checkout availability from 99.5% to 99.9%", KeyResultKind::metric(99.5, 99.9, "%")),
        outages: kr("Cut outages from expired certificates from 2 to 0 per quarter", KeyResultKind::metric(2.0, 0.0, "per quarter")),
        coverage: kr("Raise test coverage from 0% to 100%", KeyResultKind::metric(0.0, 100.0, "%")),
    };
    store.create(&w).expect("create");
    krs
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quarterdeck"))
        .arg("--data-dir")
        .arg(dir)
        .arg("checkin")
        .arg("Quarter")
        .args(args)
        .output()
        .expect("runs")
}

fn checkin(dir: &Path, kr: KeyResultId, value: &str, more: &[&str]) -> Output {
    let id = kr.to_string();
    let mut args = vec![id.as_str(), value];
    args.extend_from_slice(more);
    run(dir, &args)
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn file(dir: &Path) -> Vec<u8> {
    std::fs::read(dir.join(format!("{SLUG}.json"))).expect("the workshop file")
}

fn load(dir: &Path) -> Workshop {
    Store::open(dir.to_path_buf()).expect("store").0.load(SLUG).expect("loads")
}

fn check_in_of(dir: &Path, kr: KeyResultId, week: u32) -> Option<quarterdeck::model::CheckIn> {
    load(dir).key_result(kr).and_then(|k| k.check_in_for(week)).cloned()
}

#[test]
fn after_the_period_nothing_is_written_unless_a_week_is_asked_for() {
    let dir = tempfile::tempdir().expect("temp dir");
    let krs = quarter(dir.path());
    let before = file(dir.path());
    let refused = checkin(dir.path(), krs.mttr, "45", &[]);
    assert_eq!(refused.status.code(), Some(1));
    let said = err(&refused);
    assert!(said.contains("outside the period 2024-Q1 (2024-01-01 to 2024-03-31)") && said.contains("--week N"), "{said}");
    assert_eq!(said.lines().count(), 1, "one sentence: {said}");
    assert_eq!(file(dir.path()), before, "the file is unchanged");
    let asked = checkin(dir.path(), krs.mttr, "45", &["--week", "13", "--note", "final"]);
    assert!(asked.status.success(), "{}", err(&asked));
    assert!(out(&asked).starts_with(&format!("checked in {} for week 13 (2024-03-31): 45 minutes", krs.mttr)), "{}", out(&asked));
    let w = load(dir.path());
    let kr = w.key_result(krs.mttr).expect("kr");
    assert_eq!(kr.check_ins.iter().map(|c| (c.week, c.value)).collect::<Vec<_>>(), vec![(13, 45.0)], "week 13 only");
    let corrected = checkin(dir.path(), krs.mttr, "40", &["--week", "13", "--reason", "final numbers from the incident review"]);
    assert!(out(&corrected).contains("replaced week 13's earlier check-in (45, "), "{}", out(&corrected));
    let c = check_in_of(dir.path(), krs.mttr, 13).expect("week 13");
    assert_eq!((c.value, c.note.as_str()), (40.0, "final (edited: final numbers from the incident review)"));
    let no_week = checkin(dir.path(), krs.mttr, "45", &["--week", "14"]);
    assert_eq!(no_week.status.code(), Some(1));
    assert!(err(&no_week).contains("weeks 1 to 13 (2024-01-01 to 2024-03-31)"), "{}", err(&no_week));
    let outside = checkin(dir.path(), krs.mttr, "45", &["--date", "2024-04-02"]);
    assert!(err(&outside).contains("2024-04-02 is outside the period 2024-Q1"), "{}", err(&outside));
}

#[test]
fn a_regression_is_off_track_with_negative_progress() {
    let dir = tempfile::tempdir().expect("temp dir");
    let krs = quarter(dir.path());
    let o = checkin(dir.path(), krs.outages, "5", &["--week", "3"]);
    assert!(o.status.success(), "{}", err(&o));
    let said = out(&o);
    assert!(said.contains("5 per quarter, off track (suggested from pace: -150% done, 23% expected by 2024-01-21)"), "{said}");
    let c = check_in_of(dir.path(), krs.outages, 3).expect("saved");
    assert_eq!(c.status, Status::OffTrack);
    let at_baseline = checkin(dir.path(), krs.outages, "2", &["--week", "1"]);
    assert!(out(&at_baseline).contains("0% done") && !out(&at_baseline).contains("-0%"), "{}", out(&at_baseline));
    let green = checkin(dir.path(), krs.outages, "6", &["--week", "4", "--status", "on-track", "--note", "fine"]);
    assert_eq!(green.status.code(), Some(1), "a regression is never on track");
    assert!(err(&green).contains("regression"), "{}", err(&green));
}

#[test]
fn units_convert_and_decimals_read_one_way() {
    let dir = tempfile::tempdir().expect("temp dir");
    let krs = quarter(dir.path());
    let hours = checkin(dir.path(), krs.mttr, "1.5 hours", &["--week", "2"]);
    assert!(hours.status.success(), "{}", err(&hours));
    assert_eq!(check_in_of(dir.path(), krs.mttr, 2).map(|c| c.value), Some(90.0), "1.5 hours is 90 minutes");
    let before = file(dir.path());
    let comma = checkin(dir.path(), krs.mttr, "1,5", &["--week", "3"]);
    assert_eq!(comma.status.code(), Some(1));
    assert!(err(&comma).contains("did you mean 1.5?"), "{}", err(&comma));
    let huge = checkin(dir.path(), krs.mttr, "1e308", &["--week", "3"]);
    assert_eq!(huge.status.code(), Some(1));
    let percent = checkin(dir.path(), krs.mttr, "95%", &["--week", "3"]);
    assert!(err(&percent).contains("measure different things"), "{}", err(&percent));
    assert_eq!(file(dir.path()), before, "refusals write nothing");
    let point = checkin(dir.path(), krs.mttr, "1.5", &["--week", "3", "--force", "--note", "new paging"]);
    assert!(point.status.success(), "{}", err(&point));
    assert_eq!(check_in_of(dir.path(), krs.mttr, 3).map(|c| c.value), Some(1.5));
    let grouped = checkin(dir.path(), krs.mttr, "1,500", &["--week", "4", "--force", "--note", "outage"]);
    assert_eq!(check_in_of(dir.path(), krs.mttr, 4).map(|c| c.value), Some(1500.0), "{}", err(&grouped));
}

#[test]
fn an_implausible_value_needs_force() {
    let dir = tempfile::tempdir().expect("temp dir");
    let krs = quarter(dir.path());
    let before = file(dir.path());
    let four = checkin(dir.path(), krs.availability, "4", &["--week", "5"]);
    assert_eq!(four.status.code(), Some(1));
    assert!(err(&four).contains("far outside 99.5 → 99.9 %") && err(&four).contains("--force"), "{}", err(&four));
    let over = checkin(dir.path(), krs.coverage, "120", &["--week", "5"]);
    assert!(err(&over).contains("not a percentage from 0 to 100"), "{}", err(&over));
    assert_eq!(file(dir.path()), before);
    let forced = checkin(dir.path(), krs.availability, "4", &["--week", "5", "--force"]);
    assert!(forced.status.success(), "{}", err(&forced));
}

#[test]
fn behind_pace_without_a_note_is_saved_and_flagged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let krs = quarter(dir.path());
    let o = checkin(dir.path(), krs.coverage, "10", &["--week", "10"]);
    assert!(o.status.success(), "cron never loses a value: {}", err(&o));
    let said = out(&o);
    assert!(said.contains("10 %, off track (suggested from pace"), "{said}");
    assert!(said.contains("note missing: off track needs a note"), "{said}");
    let c = check_in_of(dir.path(), krs.coverage, 10).expect("saved");
    assert!(c.note_missing && c.status == Status::OffTrack);
    let noted = checkin(dir.path(), krs.coverage, "10", &["--week", "10", "--note", "Two engineers on the audit"]);
    assert!(!out(&noted).contains("note missing"), "{}", out(&noted));
    assert!(check_in_of(dir.path(), krs.coverage, 10).is_some_and(|c| !c.note_missing));
}

#[test]
fn a_second_check_in_keeps_the_first_note_and_says_what_it_replaced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let krs = quarter(dir.path());
    let meeting = checkin(dir.path(), krs.coverage, "20", &["--week", "2", "--confidence", "8", "--note", "Decided in the meeting"]);
    assert!(meeting.status.success(), "{}", err(&meeting));
    let cron = checkin(dir.path(), krs.coverage, "21", &["--week", "2"]);
    assert_eq!(cron.status.code(), Some(1), "replacing an earlier week needs a reason");
    assert!(err(&cron).contains("--reason"), "{}", err(&cron));
    let cron = checkin(dir.path(), krs.coverage, "21", &["--week", "2", "--reason", "the nightly job"]);
    let said = out(&cron);
    assert!(said.contains("replaced week 2's earlier check-in (20, on track, confidence 8"), "{said}");
    assert!(said.contains("it stays in the check-in's history; its note was kept"), "{said}");
    let c = check_in_of(dir.path(), krs.coverage, 2).expect("week 2");
    assert_eq!((c.value, c.confidence), (21.0, 8));
    assert!(c.note.starts_with("Decided in the meeting"), "{}", c.note);
    assert_eq!(c.replaced.iter().map(|r| (r.value, r.note.as_str())).collect::<Vec<_>>(), vec![(20.0, "Decided in the meeting")]);
    let history = Command::new(env!("CARGO_BIN_EXE_quarterdeck"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["export", "Quarter", "--history"])
        .output()
        .expect("runs");
    assert!(out(&history).contains("(replaced) Decided in the meeting"), "{}", out(&history));
}

#[test]
fn a_back_dated_check_in_is_judged_by_its_week() {
    let dir = tempfile::tempdir().expect("temp dir");
    let krs = quarter(dir.path());
    let early = checkin(dir.path(), krs.coverage, "12", &["--week", "2"]);
    assert!(out(&early).contains("12 %, on track (suggested from pace: 12% done, 15% expected by 2024-01-14)"), "{}", out(&early));
    let late = checkin(dir.path(), krs.coverage, "12", &["--date", "2024-03-28"]);
    assert!(out(&late).contains("for week 13 (2024-03-28): 12 %, off track"), "{}", out(&late));
}

#[test]
fn key_results_are_found_by_any_start_of_their_id() {
    let dir = tempfile::tempdir().expect("temp dir");
    let krs = quarter(dir.path());
    let id = krs.coverage.to_string();
    let short = &id[2..7];
    let o = run(dir.path(), &[short, "5", "--week", "1"]);
    assert!(o.status.success() && out(&o).contains(&id), "{}{}", out(&o), err(&o));
    let o = run(dir.path(), &["certificates", "2", "--week", "1"]);
    assert!(out(&o).contains(&krs.outages.to_string()), "{}", err(&o));
}

#[test]
fn help_says_how_the_week_is_decided_what_replaces_what_and_when_a_note_is_needed() {
    let help = Command::new(env!("CARGO_BIN_EXE_quarterdeck")).args(["checkin", "--help"]).output().expect("runs");
    let text = out(&help);
    for needle in [
        "--week N",
        "--date YYYY-MM-DD",
        "this week",
        "refused with the period's dates",
        "replaces the first",
        "history",
        "note missing",
        "at risk and off track need one",
        "Example",
        "1,5",
    ] {
        assert!(text.contains(needle), "{needle:?} in:\n{text}");
    }
}

/// Thirteen weeks from a script, one key result silent in week 6: the review of week 6
/// says so, and no value is lost on the way.
#[test]
fn a_simulated_quarter_shows_silence_as_not_checked_in() {
    let dir = tempfile::tempdir().expect("temp dir");
    let krs = quarter(dir.path());
    let mut saved = 0;
    for week in 1..=13_u32 {
        let w = f64::from(week);
        let values = [
            (krs.mttr, format!("{}", 120.0 - 5.0 * w)),
            (krs.availability, format!("{:.2}", 99.5 + 0.02 * w)),
            (krs.outages, (if week < 5 { "2" } else { "1" }).to_string()),
            (krs.coverage, format!("{}", 6.0 * w)),
        ];
        for (kr, value) in values {
            if kr == krs.availability && week == 6 {
                continue;
            }
            let o = checkin(dir.path(), kr, &value, &["--week", &week.to_string()]);
            assert!(o.status.success(), "week {week}: {}", err(&o));
            saved += 1;
        }
    }
    let w = load(dir.path());
    assert_eq!(w.objectives[0].key_results.iter().map(|k| k.check_ins.len()).sum::<usize>(), saved, "cron lost nothing");
    assert!(w.objectives[0].key_results.iter().flat_map(|k| &k.check_ins).any(|c| c.note_missing), "some were behind pace");

    let mut h = Harness::new(dir.path(), 100, 30);
    h.press("<Enter>5");
    assert!(h.screen().contains("Week 13 of 13"), "{}", h.screen());
    h.press("[[[[[[[");
    let screen = h.screen();
    assert!(screen.contains("Week 6 of 13"), "{screen}");
    assert!(screen.contains("· 1 not checked in"), "{screen}");
    let row = screen.lines().find(|l| l.contains("Raise checkout availab")).expect("the silent key result's row");
    assert!(row.contains("not checked in"), "{row}");
    assert!(!row.contains("on track") && !row.contains("at risk"), "silence is never a status: {row}");
    assert!(screen.contains("with the note missing"), "{screen}");
}
