//! Step 1 end to end: import a backlog from the screen and from the command line, see the
//! facts, declare bankruptcy, search the shelf, rescue an item by reframing it.

use std::process::Command;

use quarterdeck::model::{BacklogState, InitiativeSource, Period, Workshop};
use quarterdeck::store::Store;
use quarterdeck::testing::Harness;

const JIRA: &str = "Summary,Issue key,Issue id,Issue Type,Status,Priority,Labels,Labels,Description,Created\n\
Flaky PaymentRetryIT,PAY-1,10001,Bug,To Do,High,flaky,ci,\"Fails one run in ten.\nRerun passes.\",14/Jul/24 3:42 PM\n\
Upgrade Postgres 11,PAY-2,10002,Task,To Do,Medium,db,,,02/Jan/25 9:00 AM\n\
Remove old flag,PAY-3,10003,Task,Done,Low,,,,01/Mar/25 10:00 AM\n\
Kafka lag alerts too noisy,PAY-4,10004,Bug,In Progress,Medium,alerts,,,20/Oct/26 11:00 AM\n";

fn setup() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path().join("data")).expect("store").0;
    let w = Workshop::new("Platform", "Infra", Period::parse("2027-Q1").expect("period"), jiff::Timestamp::UNIX_EPOCH);
    let mut w = w;
    w.add_participant("Ada");
    store.create(&w).expect("create");
    let file = dir.path().join("jira-export.csv");
    std::fs::write(&file, JIRA).expect("write fixture");
    (dir, file)
}

#[test]
fn import_see_the_facts_declare_search_and_rescue() {
    let (dir, _file) = setup();
    let mut h = Harness::new(&dir.path().join("data"), 100, 30);
    h.press("<Enter>");
    assert!(h.screen().contains("No backlog imported"), "{}", h.screen());

    // Import through the prompt, with Tab completion of the path.
    let typed = format!("{}/jira-ex", dir.path().display());
    h.press("i").press(&typed).press("<Tab>");
    assert!(h.screen().contains("jira-export.csv"), "completed:\n{}", h.screen());
    h.press("<Enter>");
    let screen = h.screen();
    assert!(screen.contains("Imported 4 items from jira-export.csv"), "{screen}");
    assert!(screen.contains("3 open items") && screen.contains("untouched for 6 months"), "the facts:\n{screen}");
    assert!(screen.contains("Press D to declare bankruptcy"), "{screen}");

    // Importing the same file again adds nothing.
    h.press("i").press(&format!("{}/jira-export.csv<Enter>", dir.path().display()));
    assert!(h.screen().contains("Imported 0 items from jira-export.csv (4 already there)"), "{}", h.screen());
    assert_eq!(h.workshop().backlog.items.len(), 4);

    // Declaring asks first, with the count; n keeps things as they were.
    h.press("D");
    assert!(h.screen().contains("All 3 open items go on the shelf"), "{}", h.screen());
    h.press("n");
    assert!(h.workshop().backlog.bankruptcy.is_none());
    h.press("Dy");
    let screen = h.screen();
    assert!(
        screen.contains("Bankruptcy declared 2026-11-21: 3 on the shelf (1 in progress; +1 done in their tool), 0 rescued.")
            && screen.contains("The team starts fresh"),
        "{screen}"
    );
    let saved = h.saved("platform");
    assert!(saved.backlog.items.iter().all(|i| i.state == BacklogState::Shelved), "saved shelved");

    // Undo brings the backlog back; redo shelves it again.
    h.press("u");
    assert!(h.saved("platform").backlog.bankruptcy.is_none());
    h.press("<C-r>");
    assert!(h.saved("platform").backlog.bankruptcy.is_some());

    // Search the shelf, then rescue the match by reframing it.
    h.press("/kafka<Enter>");
    assert!(h.screen().contains("1 of 4 items"), "{}", h.screen());
    h.press("<Enter>");
    assert!(h.screen().contains("What would you do if this backlog did not exist?"), "{}", h.screen());
    h.press(&"<BS>".repeat(40)).press("Alerts that page only when customers feel it<Tab><Tab>ada<Enter>");
    let saved = h.saved("platform");
    let initiative = saved.initiatives.iter().find(|i| i.title == "Alerts that page only when customers feel it").expect("created");
    assert_eq!(initiative.source, InitiativeSource::RescuedBacklog);
    let item = saved.backlog.items.iter().find(|i| i.external_id.as_deref() == Some("PAY-4")).expect("kept");
    assert_eq!((item.state, item.rescued_as, initiative.rescued_from), (BacklogState::Rescued, Some(initiative.id), Some(item.id)));
    assert_eq!(saved.author_name(initiative.author), "Ada");
    assert!(h.screen().contains("rescued as: Alerts that page"), "the detail says what it became:\n{}", h.screen());
    h.resize(80, 24);
    assert!(h.screen().contains("→ Alerts that page only"), "the shelf shows what it became:\n{}", h.screen());
    h.resize(100, 30);

    // Esc in the filter clears it.
    h.press("/<Esc>");
    assert!(!h.screen().contains("1 of 4 items"), "{}", h.screen());
}

#[test]
fn a_bad_file_keeps_the_prompt_open_with_a_one_line_reason() {
    let (dir, _) = setup();
    let bad = dir.path().join("blob.bin");
    std::fs::write(&bad, [0u8, 159, 146, 150, 0, 1, 2]).expect("write");
    let mut h = Harness::new(&dir.path().join("data"), 100, 30);
    h.press("<Enter>i").press(&format!("{}<Enter>", bad.display()));
    let screen = h.screen();
    assert!(screen.contains("Import a backlog") && screen.contains("blob.bin"), "{screen}");
    assert!(h.workshop().backlog.items.is_empty());
    h.press("<Esc>");
    assert!(!h.screen().contains("Import a backlog"));
}

#[test]
fn import_from_the_command_line_prints_a_summary_and_adds_no_duplicates() {
    let (dir, file) = setup();
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_quarterdeck"))
            .arg("--data-dir")
            .arg(dir.path().join("data"))
            .args(["import", "Platform"])
            .arg(&file)
            .output()
            .expect("runs")
    };
    let first = run();
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert_eq!(String::from_utf8_lossy(&first.stdout).trim(), "Imported 4 items from jira-export.csv");
    let second = run();
    assert_eq!(String::from_utf8_lossy(&second.stdout).trim(), "Imported 0 items from jira-export.csv (4 already there)");
    let store = Store::open(dir.path().join("data")).expect("store").0;
    let w = store.load("platform").expect("load");
    assert_eq!(w.backlog.items.len(), 4);
    assert_eq!(w.backlog.items[0].labels, vec!["flaky".to_string(), "ci".to_string()]);

    let bad = Command::new(env!("CARGO_BIN_EXE_quarterdeck"))
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .args(["import", "Platform", "missing.csv", "--format", "jira"])
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("missing.csv"), "{stderr}");

    let unknown = Command::new(env!("CARGO_BIN_EXE_quarterdeck"))
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .args(["import", "Platform"])
        .arg(&file)
        .args(["--format", "excel"])
        .output()
        .expect("runs");
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("unknown format \"excel\""));
}

#[test]
fn a_rescue_starts_from_an_empty_title_and_asks_for_a_new_one() {
    for (width, height) in [(80, 24), (100, 30)] {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut h = Harness::demo(dir.path(), width, height);
        h.press("1");
        let w = h.workshop().clone();
        let at = w.backlog.items.iter().position(|i| i.state == BacklogState::Shelved).expect("a shelved item");
        let old = w.backlog.items[at].title.clone();
        h.press(&format!("g{}<Enter>", "j".repeat(at)));
        let screen = h.screen();
        assert!(screen.contains("Reframe as a new initiative") && screen.contains("What would you do if this backlog did"), "{screen}");
        assert!(screen.contains("The old item"), "the old item is shown above:\n{screen}");
        insta::assert_snapshot!(format!("rescue_form_{width}x{height}"), h.snapshot());
        let form = |h: &Harness| h.rt.app.context() == quarterdeck::keymap::Context::Form;
        h.press("<Enter>");
        assert!(form(&h) && h.screen().contains("give the idea a title"), "the title starts empty:\n{}", h.screen());
        h.press(&format!("{}<Enter>", old.to_uppercase()));
        assert!(form(&h) && h.screen().contains("reframe it"), "the old words are refused:\n{}", h.screen());
        h.press(&"<BS>".repeat(old.chars().count())).press("Checkout that survives a card-network outage<Tab><Tab>Zoe Park<Enter>");
        assert!(!form(&h), "saved:\n{}", h.screen());
        let saved = h.saved("platform-team");
        let ini = saved.initiatives.iter().find(|i| i.title.starts_with("Checkout that survives")).expect("rescued");
        assert_eq!(saved.author_name(ini.author), "Zoe Park", "a new name becomes a participant");
        assert!(saved.active_participants().any(|p| p.name == "Zoe Park"));
        assert_eq!(saved.backlog.items[at].rescued_as, Some(ini.id));
    }
}

#[test]
fn participants_are_added_from_any_step() {
    for (width, height) in [(80, 24), (100, 30)] {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut h = Harness::demo(dir.path(), width, height);
        for step in ["1", "3", "4", "5"] {
            h.press(&format!("{step}P"));
            assert!(h.screen().contains("Participants"), "step {step}:\n{}", h.screen());
            h.press(&format!("Guest {step}<Enter>"));
        }
        let saved = h.saved("platform-team");
        for step in ["1", "3", "4", "5"] {
            assert!(saved.active_participants().any(|p| p.name == format!("Guest {step}")), "added on step {step}");
        }
        h.press("u");
        assert!(!h.workshop().active_participants().any(|p| p.name == "Guest 5"), "undo takes it back");
    }
}

const LINEAR: &str = "ID,Title,Status,Team,Labels,Completed,Canceled,Archived\n\
ENG-1,Cache the Gradle builds,In Progress,Core,infra,,,\n\
ENG-2,Retire the SOAP bridge,Canceled,Core,Infra,,2025-01-02,\n\
ENG-3,Old spike on Valkey,Backlog,Core,Infra,,,2025-02-01\n\
ENG-4,Alert on consumer lag,Done,Core,alerts,2025-03-01,,\n\
ENG-5,Rotate staging keys,Todo,Core,security,,,\n";

const MARKDOWN: &str = "# Platform plan\n## Infra\n- [ ] Move CI to ARM runners\n## Someday\n- [-] Rewrite the admin panel\n";

#[test]
fn imports_keep_their_meaning_and_the_screen_and_the_export_agree() {
    use quarterdeck::model::ItemStatus::{Archived, Canceled, Done, InProgress, Open};
    for (width, height) in [(80, 24), (100, 30)] {
        let (dir, _) = setup();
        for (name, text) in [("linear.csv", LINEAR), ("plan.md", MARKDOWN)] {
            std::fs::write(dir.path().join(name), text).expect("write");
        }
        let mut h = Harness::new(&dir.path().join("data"), width, height);
        h.press("<Enter>");
        for name in ["linear.csv", "plan.md"] {
            h.press("i").press(&format!("{}<Enter>", dir.path().join(name).display()));
        }
        let w = h.workshop().clone();
        let status = |t: &str| w.backlog.items.iter().find(|i| i.title == t).map(|i| i.status).expect("imported");
        assert_eq!(
            ["Cache the Gradle builds", "Retire the SOAP bridge", "Old spike on Valkey", "Alert on consumer lag", "Rotate staging keys"]
                .map(status),
            [InProgress, Canceled, Archived, Done, Open]
        );
        let md = w.backlog.items.iter().find(|i| i.title == "Move CI to ARM runners").expect("imported");
        assert_eq!((md.section.as_str(), md.labels.len()), ("Platform plan › Infra", 0), "a heading is a section");
        assert_eq!(status("Rewrite the admin panel"), Canceled);
        let screen = h.screen();
        assert!(screen.contains("3 open items (1 in progress; +1 done, 2 canceled, 1 archived in their tool)"), "{screen}");
        assert!(screen.contains("By label: Infra 1 · security 1"), "infra and Infra are one label, spelled as most are:\n{screen}");
        assert!(screen.contains("doing") && screen.contains("canceled") && screen.contains("archived"), "statuses shown:\n{screen}");
        insta::assert_snapshot!(format!("backlog_statuses_{width}x{height}"), h.snapshot());
        h.press("Dy");
        let phrase = "3 on the shelf (1 in progress; +1 done, 2 canceled, 1 archived in their tool), 0 rescued";
        assert!(h.screen().replace('\n', " ").replace("  ", " ").contains(phrase), "{}", h.screen());
        if width >= 100 {
            h.press("/ARM<Enter>");
            assert!(h.screen().contains("section: Platform plan › Infra"), "the detail says where it sat:\n{}", h.screen());
        }
        let out = Command::new(env!("CARGO_BIN_EXE_quarterdeck"))
            .arg("--data-dir")
            .arg(dir.path().join("data"))
            .args(["export", "Platform", "--format", "markdown", "--backlog"])
            .output()
            .expect("runs");
        let doc = String::from_utf8_lossy(&out.stdout);
        assert!(doc.contains(phrase), "the export says what the screen says:\n{doc}");
    }
}
