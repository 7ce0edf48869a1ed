//! Step 4 end to end: an objective for a theme, key results parsed from "from X to Y",
//! initiatives linked into the funnel, the coach reacting as the text changes, and `check`.

use std::process::Command;

use quarterdeck::model::coach;
use quarterdeck::model::{Capture, KeyResultKind, Period, Workshop};
use quarterdeck::store::Store;
use quarterdeck::testing::{Harness, fixed_clock};

fn setup(dir: &std::path::Path) -> Harness {
    let store = Store::open(dir.to_path_buf()).expect("store").0;
    let mut w = Workshop::new("Platform", "Infra", Period::parse("2027-Q1").expect("period"), fixed_clock().now());
    w.set_participants(&["Ada".into(), "Grace".into()]);
    let theme = w.add_theme("Fast feedback", "").expect("theme");
    for title in ["Remote build cache", "Flaky test quarantine"] {
        let id = w.capture(&Capture { title: title.into(), ..Capture::default() }, fixed_clock().now()).expect("i");
        w.assign_theme(id, Some(theme));
    }
    store.create(&w).expect("create");
    let mut h = Harness::new(dir, 100, 30);
    h.press("<Enter>4");
    h
}

fn form_coach_lines(h: &Harness) -> usize {
    h.screen().lines().filter(|l| l.contains("│coach:")).count()
}

#[test]
fn write_an_objective_with_key_results_linked_to_initiatives() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = setup(dir.path());
    assert!(h.screen().contains("Fast feedback has no objective yet"), "{}", h.screen());
    // The theme's initiatives are shown beside the editor.
    h.press("<Enter>");
    let screen = h.screen();
    assert!(screen.contains("Objective for Fast feedback") && screen.contains("Remote build cache"), "{screen}");
    // A task dressed as an objective: the coach says so while typing…
    h.press("Migrate the build to Bazel");
    assert!(form_coach_lines(&h) > 0, "the coach reacts to a task:\n{}", h.screen());
    // …and stops once it reads as an outcome.
    h.press(&"<BS>".repeat(30)).press("Engineers see the effect of every change within minutes");
    assert_eq!(form_coach_lines(&h), 0, "{}", h.screen());
    h.press("<Tab><Tab>Ada<Enter>");
    let saved = h.saved("platform");
    assert_eq!(saved.objectives.len(), 1);
    assert_eq!(saved.objectives[0].theme, Some(saved.themes[0].id));
    assert_eq!(saved.author_name(saved.objectives[0].owners.first().copied()), "Ada");

    // Key results: baseline, target and unit parsed from "from X to Y".
    h.press("kComplete the CI migration");
    assert!(form_coach_lines(&h) > 0, "an activity, not an outcome:\n{}", h.screen());
    h.press(&"<BS>".repeat(40)).press("Reduce CI p50 from 18 to 8 minutes<Enter>");
    h.press("kCut flaky reruns from 120 to 10 per week<Enter>");
    h.press("kRaise deploys per engineer from 1.5 to 4 per week<Enter>");
    let saved = h.saved("platform");
    let krs = &saved.objectives[0].key_results;
    assert_eq!(krs.len(), 3);
    assert_eq!(krs[0].kind, KeyResultKind::metric(18.0, 8.0, "minutes"));
    assert_eq!(krs[0].due, Some(saved.period.end), "due defaults to the period end");

    // Link the theme's initiatives to the selected key result.
    h.press("i");
    assert!(h.screen().contains("[ ] Remote build cache"), "{}", h.screen());
    h.press("<Space>j<Space><Enter>");
    let saved = h.saved("platform");
    assert_eq!(saved.objectives[0].key_results[2].initiatives.len(), 2);
    assert!(h.screen().contains("↳ Remote build cache"), "the funnel shows the links:\n{}", h.screen());
    assert_eq!(saved.unlinked_initiatives().count(), 0);
    // Undo takes the links back.
    h.press("u");
    assert!(h.saved("platform").objectives[0].key_results[2].initiatives.is_empty());
}

#[test]
fn findings_appear_and_disappear_and_can_be_dismissed_with_a_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = setup(dir.path());
    h.press("<Enter>Engineers see the effect of every change within minutes<Enter>");
    h.press("kIncrease story points delivered from 40 to 60<Enter>");
    let codes = |h: &Harness| coach::review(&h.saved("platform")).iter().map(|f| f.code).collect::<Vec<_>>();
    assert!(codes(&h).contains(&"kr-vanity-metric"), "{:?}", codes(&h));
    assert!(h.screen().contains("4 Objectives ("), "the tab counts findings:\n{}", h.screen());
    let tab = |h: &Harness| {
        h.screen().lines().next().and_then(|l| l.split("Objectives (").nth(1)).map(|r| r.split(')').next().unwrap_or("").to_string())
    };
    let before_fix = tab(&h);
    // Rewrite it as an outcome: the finding goes away, and the tab's count follows at once.
    // (Editing the text keeps the form's baseline and target fields, 40 and 60, so the new
    // text uses those numbers; other numbers would rightly get kr-text-disagrees.)
    h.press("<Enter>").press(&"<BS>".repeat(60)).press("Raise deploys per engineer per month from 40 to 60<Enter>");
    assert!(!codes(&h).contains(&"kr-vanity-metric"), "{:?}", codes(&h));
    let expected = coach::review(h.workshop()).len().to_string();
    assert_eq!(tab(&h).as_deref(), Some(expected.as_str()), "the cached count is recomputed after a change");
    assert_ne!(tab(&h), before_fix);
    // Dismiss a finding about this key result, with why: kept in the file.
    let before = coach::review(&h.saved("platform")).len();
    h.press("z");
    assert!(h.screen().contains("Dismiss"), "{}", h.screen());
    h.press("Owned by the whole team<Enter>");
    let saved = h.saved("platform");
    assert_eq!(saved.dismissed.len(), 1);
    assert_eq!(saved.dismissed[0].reason, "Owned by the whole team");
    assert_eq!(coach::review(&saved).len(), before - 1);
}

#[test]
fn check_exit_codes_for_ci() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path().to_path_buf()).expect("store").0;
    let mut w = Workshop::new("Platform", "Infra", Period::parse("2027-Q1").expect("period"), fixed_clock().now());
    let o =
        w.add_objective(&quarterdeck::model::ObjectiveDraft { title: "Ship the new dashboard".into(), ..Default::default() }).expect("o");
    let objective = o.to_string();
    store.create(&w).expect("create");
    let check = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_quarterdeck")).arg("--data-dir").arg(dir.path()).arg("check").args(args).output().expect("runs")
    };
    let warned = check(&["Platform"]);
    assert_eq!(warned.status.code(), Some(1), "{}", String::from_utf8_lossy(&warned.stdout));
    assert!(String::from_utf8_lossy(&warned.stdout).contains("objective-task"), "{}", String::from_utf8_lossy(&warned.stdout));
    let json = check(&["Platform", "--format", "json"]);
    let parsed: serde_json::Value = serde_json::from_slice(&json.stdout).expect("valid JSON");
    assert!(
        parsed.as_array().is_some_and(|a| a.iter().any(|f| f["code"] == "objective-task" && f["subject"] == objective.as_str())),
        "{parsed}"
    );
    let missing = check(&["Nope"]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&missing.stderr).lines().count(), 1);
    let good = check(&["--key-result", "Reduce database-related P1 incidents from 4 per quarter to 0"]);
    assert_eq!(good.status.code(), Some(0), "{}", String::from_utf8_lossy(&good.stdout));
    let bad = check(&["--key-result", "Complete the migration", "--objective", "Migrate to the new database", "--format", "json"]);
    assert_eq!(bad.status.code(), Some(1));
    let parsed: serde_json::Value = serde_json::from_slice(&bad.stdout).expect("valid JSON");
    assert!(parsed.as_array().is_some_and(|a| a.len() >= 2), "{parsed}");
}

#[test]
fn the_key_result_form_reads_its_fields_units_and_edits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = setup(dir.path());
    h.press("<Enter>Engineers see the effect of every change within minutes<Enter>");
    // The live coach reads the fields: a baseline typed in its field is a baseline.
    h.press("kReduce rollback rate to under 1%");
    assert!(h.screen().contains("│coach:"), "no baseline yet:\n{}", h.screen());
    h.press("<Tab><Tab>3");
    assert_eq!(form_coach_lines(&h), 0, "the typed baseline counts:\n{}", h.screen());
    h.press("<Enter>");
    let kr = |h: &Harness, n: usize| h.workshop().objectives[0].key_results[n].clone();
    assert_eq!(kr(&h, 0).kind, KeyResultKind::metric(3.0, 1.0, "%"));

    // Units are understood: 2 hours is 120 minutes.
    h.press("kReduce MTTR from 2 hours to 30 minutes<Enter>");
    assert_eq!(kr(&h, 1).kind, KeyResultKind::metric(120.0, 30.0, "minutes"));

    // "1,5" is refused as ambiguous, in the field that holds it.
    h.press("kCut p95 checkout latency<Tab><Tab>1,5<Tab>0.8<Tab>s<Enter>");
    assert!(h.screen().contains("did you mean 1.5?"), "{}", h.screen());
    assert_eq!(h.workshop().objectives[0].key_results.len(), 2, "not saved");
    h.press("<Esc>");

    // Editing the text into "from X to Y" re-reads the numbers, shown before saving.
    h.press("kShip the new CI pipeline<Tab><Tab>0<Tab>0<Tab>per week<Enter>");
    assert_eq!(kr(&h, 2).kind, KeyResultKind::metric(0.0, 0.0, "per week"));
    h.press("<Enter>").press(&"<BS>".repeat(30)).press("Cut flaky-test reruns from 120 to 10 per week<Enter>");
    let screen = h.screen();
    assert!(screen.contains("read from the text (was 0); Enter saves"), "{screen}");
    assert_eq!(kr(&h, 2).kind, KeyResultKind::metric(0.0, 0.0, "per week"), "shown, not saved yet");
    h.press("<Enter>");
    assert_eq!(kr(&h, 2).kind, KeyResultKind::metric(120.0, 10.0, "per week"));
    assert_eq!(kr(&h, 2).description, "Cut flaky-test reruns from 120 to 10 per week");
    // Editing the numbers rewrites the text to match.
    h.press("<Enter><Tab><Tab><Tab><BS><BS>20<Enter>");
    assert!(h.screen().contains("rewritten to say the numbers"), "{}", h.screen());
    h.press("<Enter>");
    assert_eq!(kr(&h, 2).description, "Cut flaky-test reruns from 120 to 20 per week");
    assert_eq!(kr(&h, 2).kind, KeyResultKind::metric(120.0, 20.0, "per week"));
}

#[test]
fn findings_elsewhere_name_the_key_result_and_a_key_goes_to_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = setup(dir.path());
    h.press("<Enter>Engineers see the effect of every change within minutes<Enter>");
    h.press("kReduce CI p50 from 18 to 8 minutes<Enter>");
    h.press("kComplete the CI migration<Enter>");
    let complete = h.workshop().objectives[0].key_results[1].id;
    h.press("g");
    let screen = h.screen();
    assert!(screen.contains("findings elsewhere (] goes to the next)"), "{screen}");
    assert!(screen.contains(&format!("key result {complete}")), "the finding names its key result:\n{screen}");
    h.press("]");
    let screen = h.screen();
    assert!(!screen.contains("Nothing here"), "the selection moved to a key result with a finding:\n{screen}");
    h.press("]");
    let screen = h.screen();
    assert!(!screen.contains(&format!("key result {complete}")), "its findings show as its own:\n{screen}");
    assert!(screen.contains("│⚠"), "the warning about \"Complete the CI migration\":\n{screen}");
}
