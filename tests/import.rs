//! Importing real exports end to end: every fixture in `tests/fixtures/import/` through
//! `import()` with detection, the merge into a workshop, and hostile input of every kind.

use std::fmt::Write as _;
use std::path::PathBuf;

use jiff::{Timestamp, civil::date};
use proptest::prelude::*;
use quarterdeck::import::{Format, ImportError, Imported, ImportedItem, import, read_and_import};
use quarterdeck::model::{BacklogState, ItemStatus, Period, Workshop};

fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name)
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixture_path(name)).expect("fixture exists")
}

/// Imports a fixture with detection and checks the detected format.
fn imported(name: &str, format: Format) -> Imported {
    let imported = import(name, &fixture(name), None).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(imported.format, format, "{name} detected as");
    imported
}

fn item<'a>(imported: &'a Imported, title: &str) -> &'a ImportedItem {
    imported.items.iter().find(|i| i.title == title).unwrap_or_else(|| panic!("no item {title:?} in {:?}", titles(imported)))
}

fn titles(imported: &Imported) -> Vec<&str> {
    imported.items.iter().map(|i| i.title.as_str()).collect()
}

fn skipped_lines(imported: &Imported) -> Vec<Option<usize>> {
    imported.skipped.iter().map(|s| s.line).collect()
}

fn error(name: &str, content: &[u8], format: Option<Format>) -> String {
    match import(name, content, format) {
        Ok(imported) => panic!("{name} imported {} items, expected an error", imported.items.len()),
        Err(e) => e.to_string(),
    }
}

fn workshop() -> Workshop {
    Workshop::new("Platform", "Infra", Period::parse("2027-Q1").expect("period"), Timestamp::UNIX_EPOCH)
}

fn is_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// No control characters (newlines allowed only where `multiline`) and no bidi overrides.
fn assert_clean(text: &str, multiline: bool) {
    let bad: Vec<char> = text.chars().filter(|c| is_forbidden(*c) && !(multiline && *c == '\n')).collect();
    assert!(bad.is_empty(), "unclean {bad:?} in {text:?}");
}

fn assert_all_clean(imported: &Imported) {
    for i in &imported.items {
        assert!(!i.title.is_empty());
        assert!(i.title.chars().count() <= quarterdeck::import::MAX_TITLE_CHARS);
        assert_clean(&i.title, false);
        assert_clean(&i.description, true);
        i.labels.iter().for_each(|l| assert_clean(l, false));
        i.external_id.iter().for_each(|x| assert_clean(x, false));
    }
}

const ALL_FIXTURES: [(&str, Format); 10] = [
    ("jira.csv", Format::JiraCsv),
    ("linear.csv", Format::LinearCsv),
    ("gitlab.csv", Format::GitlabCsv),
    ("generic-semicolon.csv", Format::GenericCsv),
    ("bom.csv", Format::GenericCsv),
    ("todo.md", Format::Markdown),
    ("backlog.txt", Format::Text),
    ("gh-issues.json", Format::GithubJson),
    ("trello.json", Format::TrelloJson),
    ("escape.txt", Format::Text),
];

#[test]
fn jira_export() {
    let jira = imported("jira.csv", Format::JiraCsv);
    assert_eq!(jira.items.len(), 5);
    assert_eq!(skipped_lines(&jira), [Some(9)], "the row without a summary, counted past the multi-line cell");
    let ci = item(&jira, "Migrate CI runners to ARM");
    assert_eq!(ci.external_id.as_deref(), Some("OPS-412"));
    assert_eq!(ci.labels, ["ci", "cost"]);
    assert_eq!(ci.created, Some(date(2025, 7, 14)));
    assert_eq!(ci.updated, Some(date(2025, 9, 2)));
    assert!(
        ci.description
            .starts_with("Our x86 runners cost 40% more than ARM ones.\n\nSteps:\n- benchmark the build on c7g\n- move the \"nightly\"")
    );
    assert!(ci.description.ends_with("pipeline first\n\nType: Story\nPriority: High\nPart of: CI modernisation\nSprint: Ops Sprint 32"));
    assert_eq!(ci.status, ItemStatus::Open);
    let flaky = item(&jira, "Flaky integration tests in payments");
    assert_eq!(flaky.status, ItemStatus::Done);
    assert_eq!(flaky.labels, ["flaky", "tests", "payments"]);
    let postgres = item(&jira, "Upgrade Postgres to 16");
    assert_eq!((postgres.created, postgres.updated), (Some(date(2025, 1, 20)), Some(date(2025, 6, 1))));
    let legacy = item(&jira, "Remove the legacy deploy script");
    assert_eq!(legacy.status, ItemStatus::Done, "Closed is done");
    assert_eq!(legacy.description, "Type: Task", "priority None says nothing");
}

#[test]
fn linear_export() {
    let linear = imported("linear.csv", Format::LinearCsv);
    assert_eq!(
        titles(&linear),
        [
            "=SUM of cloud costs per team",
            "+1 reviewer for infra changes",
            "@mention the on-call in alerts",
            "Spike: replace Redis with Valkey"
        ]
    );
    let cost = &linear.items[0];
    assert_eq!(cost.external_id.as_deref(), Some("ENG-231"));
    assert_eq!(cost.labels, ["Cost", "Reporting"]);
    assert_eq!(cost.description, "Build a monthly cost report per team.\n\nPriority: High");
    assert_eq!(cost.created, Some(date(2025, 4, 2)));
    assert_eq!(cost.status, ItemStatus::Open);
    assert!(linear.items[1].description.starts_with("-Require a second reviewer"), "the ' before - is removed");
    assert_eq!(linear.items[2].status, ItemStatus::Done);
    assert_eq!(linear.items[3].status, ItemStatus::Archived, "archived is not done");
    assert_eq!(linear.items[3].description, "Is it a drop-in?\nCheck the client libraries.", "No priority says nothing");
}

#[test]
fn gitlab_export() {
    let gitlab = imported("gitlab.csv", Format::GitlabCsv);
    assert_eq!(gitlab.items.len(), 3);
    let cache = item(&gitlab, "Cache node_modules between pipeline stages");
    assert_eq!(cache.external_id.as_deref(), Some("acme/platform/web#57"));
    assert_eq!(cache.labels, ["ci", "performance"]);
    assert_eq!((cache.created, cache.updated), (Some(date(2025, 2, 11)), Some(date(2025, 5, 2))));
    assert_eq!(cache.status, ItemStatus::Open);
    let dark = item(&gitlab, "Dark mode for the dashboard");
    assert_eq!(dark.status, ItemStatus::Done);
    assert_eq!(dark.description, "Part of: Design refresh\nhttps://gitlab.com/acme/platform/web/-/issues/44");
}

#[test]
fn generic_semicolon_csv() {
    let generic = imported("generic-semicolon.csv", Format::GenericCsv);
    assert_eq!(titles(&generic), ["Quarterly cost review", "Onboarding checklist for new engineers", "Retire the old status page"]);
    let review = &generic.items[0];
    assert_eq!(review.labels, ["cost", "finance"]);
    assert_eq!(review.created, Some(date(2025, 7, 14)));
    assert_eq!(review.description, "Compare cloud spend with the budget");
    assert_eq!(generic.items[1].description, "Laptop; accounts; first PR");
    assert_eq!((generic.items[0].status, generic.items[1].status), (ItemStatus::Open, ItemStatus::Done));
    assert_eq!(generic.items[2].created, None);
}

#[test]
fn bom_csv() {
    let bom = imported("bom.csv", Format::GenericCsv);
    assert_eq!(titles(&bom), ["Reduce alert noise", "Document the release process"]);
    assert_eq!(bom.items[0].labels, ["oncall"]);
}

#[test]
fn markdown_todo() {
    let md = imported("todo.md", Format::Markdown);
    assert_eq!(
        titles(&md),
        [
            "Move CI to ARM runners",
            "Benchmark the build on ARM",
            "Migrate the nightly pipeline",
            "Upgrade Postgres to 16",
            "Faster local builds",
            "Shared pre-commit hooks",
            "Write a contributing guide",
            "Add a code of conduct",
            "Rewrite the admin panel in a new framework",
        ]
    );
    let bench = item(&md, "Benchmark the build on ARM");
    assert_eq!(bench.status, ItemStatus::Done);
    assert_eq!(bench.description, "Part of: Move CI to ARM runners");
    assert!(bench.labels.is_empty(), "a heading is a section, not a label");
    assert_eq!(bench.section, "Platform backlog › Infrastructure");
    assert_eq!(
        item(&md, "Migrate the nightly pipeline").description,
        "Needs the new runner pool first.\n\nPart of: Move CI to ARM runners"
    );
    assert_eq!(item(&md, "Add a code of conduct").status, ItemStatus::Done);
    assert_eq!(item(&md, "Move CI to ARM runners").status, ItemStatus::Open);
    assert_eq!(item(&md, "Faster local builds").section, "Platform backlog › Developer experience");
    assert_eq!(item(&md, "Rewrite the admin panel in a new framework").section, "Platform backlog › Someday");
}

#[test]
fn plain_text() {
    let txt = imported("backlog.txt", Format::Text);
    assert_eq!(
        titles(&txt),
        [
            "Migrate the build to Bazel",
            "Add tracing to the payment service",
            "Remove feature flags older than a year",
            "Automate the quarterly access review",
            "Write a postmortem template",
        ]
    );
    assert!(txt.skipped.is_empty());
    assert!(txt.items.iter().all(|i| i.external_id.is_none() && i.created.is_none() && i.status == ItemStatus::Open));
}

#[test]
fn github_issues() {
    let gh = imported("gh-issues.json", Format::GithubJson);
    assert_eq!(gh.items.len(), 3);
    let deploy = item(&gh, "Deploy job times out intermittently");
    assert_eq!(deploy.external_id.as_deref(), Some("acme/api#128"));
    assert_eq!(deploy.labels, ["bug", "ci"]);
    assert_eq!(deploy.created, Some(date(2024, 11, 5)));
    assert_eq!(
        deploy.description,
        "The deploy job times out about once a week.\n\nLogs: see the linked run.\n\nhttps://github.com/acme/api/issues/128"
    );
    assert_eq!(deploy.status, ItemStatus::Open);
    assert_eq!(item(&gh, "Support OpenTelemetry exporters").status, ItemStatus::Done, "CLOSED");
    let sparse = item(&gh, "Rate limiting for the public API");
    assert_eq!((sparse.external_id.as_deref(), sparse.created, sparse.labels.len()), (Some("acme/api#12"), None, 0));
}

#[test]
fn trello_board() {
    let trello = imported("trello.json", Format::TrelloJson);
    assert_eq!(
        titles(&trello),
        ["Self-service staging environments", "Single sign-on for internal tools", "Old VPN replacement", "Status page"]
    );
    assert_eq!(trello.skipped.len(), 1, "the unnamed card");
    let staging = &trello.items[0];
    assert_eq!(staging.labels, ["infra"]);
    assert_eq!(staging.section, "Ideas", "the list is where a card sits");
    assert_eq!(staging.external_id.as_deref(), Some("https://trello.com/c/Xy12Ab34"));
    assert_eq!(staging.created, Some(date(2020, 7, 13)), "from the card id");
    assert_eq!(staging.updated, Some(date(2024, 2, 14)));
    assert_eq!(
        trello.items.iter().map(|i| i.status).collect::<Vec<_>>(),
        [ItemStatus::Open, ItemStatus::Open, ItemStatus::Archived, ItemStatus::Done],
        "an archived card is archived, not done; a card in Done is done"
    );
    assert_eq!(trello.items[1].section, "Next up");
}

#[test]
fn escape_sequences_never_reach_the_model() {
    let escape = imported("escape.txt", Format::Text);
    assert_eq!(titles(&escape), ["Rename the ]0;titleproject", "[2JClear the screen item", "eviltxt.exe review", "Tabs become spaces"]);
    assert_eq!(skipped_lines(&escape), [Some(4)], "a line of nothing but control characters");
    assert_all_clean(&escape);
}

#[test]
fn every_fixture_is_clean_and_detected_with_or_without_its_name() {
    for (name, format) in ALL_FIXTURES {
        let with_name = imported(name, format);
        assert_all_clean(&with_name);
        let unnamed = import("export", &fixture(name), None).expect("imports without a telling name");
        assert_eq!(unnamed.format, format, "{name} detected from content alone");
        let forced = import(name, &fixture(name), Some(format)).expect("imports when forced");
        assert_eq!(forced.items, with_name.items);
    }
}

#[test]
fn reimporting_adds_nothing_and_says_so() {
    let mut w = workshop();
    for (name, _) in ALL_FIXTURES {
        let first = imported(name, import_format(name));
        let count = first.items.len();
        let report = w.import_backlog(first, name);
        assert_eq!(report.added + report.already_there, count, "{name}");
    }
    let total = w.backlog.items.len();
    for (name, _) in ALL_FIXTURES {
        let again = imported(name, import_format(name));
        let count = again.items.len();
        let report = w.import_backlog(again, &fixture_path(name).to_string_lossy());
        assert_eq!((report.added, report.already_there), (0, count), "{name} again");
    }
    assert_eq!(w.backlog.items.len(), total);
    assert!(w.backlog.items.iter().all(|i| !i.source_file.contains('/')), "a file's name, never its path");
    let ids: std::collections::HashSet<_> = w.backlog.items.iter().map(|i| i.id).collect();
    assert_eq!(ids.len(), total, "unique ids");
}

fn import_format(name: &str) -> Format {
    ALL_FIXTURES.iter().find(|(n, _)| *n == name).map(|(_, f)| *f).expect("known fixture")
}

#[test]
fn an_overlapping_export_refreshes_without_duplicating() {
    let mut w = workshop();
    let report = w.import_backlog(imported("jira.csv", Format::JiraCsv), "jira.csv");
    assert_eq!((report.added, report.skipped.len()), (5, 1));
    assert_eq!(report.summary("jira.csv"), "Imported 5 items from jira.csv (1 skipped: no title on line 9)");
    let newer = "Summary,Issue key,Status,Updated\n\
                 Migrate CI runners to ARM (renamed),OPS-412,Done,01/Oct/25 10:00 AM\n\
                 A brand new issue,OPS-500,To Do,01/Oct/25 10:00 AM\n";
    let report = w.import_backlog(import("jira-october.csv", newer.as_bytes(), None).expect("imports"), "jira-october.csv");
    assert_eq!((report.added, report.already_there), (1, 1));
    assert_eq!(report.summary("jira-october.csv"), "Imported 1 item from jira-october.csv (1 already there)");
    let ci = w.backlog.items.iter().find(|i| i.external_id.as_deref() == Some("OPS-412")).expect("kept");
    assert_eq!((ci.title.as_str(), ci.status, ci.updated), ("Migrate CI runners to ARM", ItemStatus::Done, Some(date(2025, 10, 1))));
    assert_eq!(w.backlog.items.len(), 6);
}

#[test]
fn importing_after_bankruptcy_shelves_at_once() {
    let mut w = workshop();
    w.import_backlog(imported("backlog.txt", Format::Text), "backlog.txt");
    w.declare_bankruptcy(date(2026, 11, 21), "Fresh start");
    let report = w.import_backlog(imported("todo.md", Format::Markdown), "todo.md");
    assert_eq!(report.added, 9);
    let late: Vec<_> = w.backlog.items.iter().filter(|i| i.source_file == "todo.md").collect();
    assert!(late.iter().all(|i| i.state == BacklogState::Shelved && i.shelved_on == Some(date(2026, 11, 21))));
}

#[test]
fn read_and_import_reads_files_and_explains_failures() {
    let (name, imported) = read_and_import(&fixture_path("jira.csv"), None).expect("reads");
    assert_eq!((name.as_str(), imported.format, imported.items.len()), ("jira.csv", Format::JiraCsv, 5));
    let (_, forced) = read_and_import(&fixture_path("backlog.txt"), Some(Format::Markdown)).expect("reads");
    assert_eq!(forced.format, Format::Markdown);
    let missing = read_and_import(&fixture_path("nope.csv"), None).expect_err("missing");
    assert!(missing.ends_with("nope.csv does not exist; check the path and try again"), "{missing}");
    let folder = read_and_import(&fixture_path(""), None).expect_err("a folder");
    assert!(folder.ends_with("is a folder; choose a file inside it"), "{folder}");
    if cfg!(unix) {
        let device = read_and_import(std::path::Path::new("/dev/null"), None).expect_err("a device");
        assert_eq!(device, "/dev/null is not a regular file; choose an exported file");
    }
    let binary = read_and_import(&fixture_path("binary.bin"), None).expect_err("binary");
    assert!(binary.starts_with("binary.bin is not text (it looks binary)"), "{binary}");
}

// ---- hostile input ----

#[test]
fn empty_files() {
    for format in [None, Some(Format::JiraCsv), Some(Format::GithubJson)] {
        assert_eq!(error("empty.txt", b"", format), "empty.txt is empty: nothing to import");
        assert_eq!(error("empty.txt", b"\xef\xbb\xbf\r\n  \n", format), "empty.txt is empty: nothing to import");
    }
}

#[test]
fn binary_and_invalid_utf8() {
    for format in [None, Some(Format::Text), Some(Format::TrelloJson)] {
        assert!(error("binary.bin", &fixture("binary.bin"), format).starts_with("binary.bin is not text (it looks binary)"));
        assert_eq!(
            error("invalid-utf8.txt", &fixture("invalid-utf8.txt"), format),
            "invalid-utf8.txt is not valid UTF-8 at line 3; save it as UTF-8 and import again"
        );
    }
}

#[test]
fn a_one_megabyte_line() {
    let line = "word ".repeat(200_000);
    for format in [None, Some(Format::Text), Some(Format::Markdown), Some(Format::GenericCsv)] {
        let content = match format {
            Some(Format::GenericCsv) => format!("Title\n{line}"),
            Some(Format::Markdown) => format!("- {line}"),
            _ => line.clone(),
        };
        let result = import("big.txt", content.as_bytes(), format).expect("imports");
        let big = &result.items[0];
        assert_eq!(big.title.chars().count(), quarterdeck::import::MAX_TITLE_CHARS);
        assert!(big.description.len() <= quarterdeck::import::MAX_DESCRIPTION_BYTES);
    }
    let json = format!("[{{\"title\": \"{line}\", \"body\": \"{line}\"}}]");
    let result = import("big.json", json.as_bytes(), None).expect("imports");
    assert_eq!(result.items[0].title.chars().count(), quarterdeck::import::MAX_TITLE_CHARS);
}

#[test]
fn a_hundred_thousand_rows() {
    let mut csv = String::from("Summary,Issue key,Labels,Labels,Created,Status\n");
    for n in 0..100_000 {
        writeln!(csv, "Item number {n},OPS-{n},a,b,14/Jul/25 3:42 PM,To Do").expect("writes");
    }
    let result = import("huge.csv", csv.as_bytes(), None).expect("imports");
    assert_eq!((result.format, result.items.len()), (Format::JiraCsv, 100_000));
    let mut w = workshop();
    let report = w.import_backlog(result.clone(), "huge.csv");
    assert_eq!(report.added, 100_000);
    let report = w.import_backlog(result, "huge.csv");
    assert_eq!((report.added, report.already_there), (0, 100_000));
    let mut text = String::new();
    for n in 0..100_000 {
        writeln!(text, "- [ ] task {n}").expect("writes");
    }
    assert_eq!(import("huge.md", text.as_bytes(), None).expect("imports").items.len(), 100_000);
}

#[test]
fn ragged_csv_rows() {
    let csv = "Title,Description,Labels\nShort row\nLong row,desc,tag,surplus,cells\n,\"no title\"\nQuoted \"\"inside\"\",x\n";
    let result = import("ragged.csv", csv.as_bytes(), None).expect("imports");
    assert_eq!(titles(&result), ["Short row", "Long row", "Quoted \"\"inside\"\""]);
    assert_eq!(skipped_lines(&result), [Some(4)]);
}

#[test]
fn unbalanced_quotes() {
    let csv = "Title,Description\nFine,ok\nBroken,\"never closed\nLast,row\n";
    assert_eq!(
        error("quotes.csv", csv.as_bytes(), None),
        "quotes.csv has a quote opened on line 3 that is never closed; close it and import again"
    );
    let csv = "Title,Description\n\"Opened here,desc\nmore\n";
    assert_eq!(
        error("quotes.csv", csv.as_bytes(), None),
        "quotes.csv has a quote opened on line 2 that is never closed; close it and import again"
    );
}

#[test]
fn unknown_csv_layout() {
    assert_eq!(
        error("jira.csv", b"Key,Foo,Bar\nOPS-1,a,b\n", None),
        "jira.csv has no column for the title: found Key, Foo, Bar; expected one of Summary, Title, Name, Task"
    );
    let many: Vec<String> = (0..20).map(|n| format!("c{n}")).collect();
    let message = error("wide.csv", format!("{}\n", many.join(",")).as_bytes(), None);
    assert!(message.contains("c11, and 8 more; expected"), "{message}");
}

#[test]
fn malformed_json() {
    assert_eq!(
        error("board.json", b"{\"cards\": [\n  {\"name\": \"x\"\n", None),
        "board.json is not valid JSON (line 3, column 0: EOF while parsing an object)"
    );
    assert_eq!(
        error("gh.json", b"[{\"title\": 'x'}]", Some(Format::GithubJson)),
        "gh.json is not valid JSON (line 1, column 12: expected value)"
    );
    assert!(error("big.json", b"[{\"title\": \"x\", \"number\": 1e999}]", None).starts_with("big.json is not valid JSON (line 1, column"));
}

#[test]
fn wrong_json_shapes() {
    assert_eq!(error("x.json", b"{\"issues\": []}", None), "x.json is JSON but not a GitHub issue list or a Trello board");
    assert_eq!(error("x.json", b"[1, 2, 3]", None), "x.json is JSON but not a GitHub issue list or a Trello board");
    assert_eq!(
        error("board.json", &fixture("trello.json"), Some(Format::GithubJson)),
        "board.json is JSON but not a GitHub issue list (an array of issues from gh issue list --json number,title,...)"
    );
    assert_eq!(
        error("gh.json", &fixture("gh-issues.json"), Some(Format::TrelloJson)),
        "gh.json is JSON but not a Trello board (an object with cards and lists, from Export as JSON)"
    );
    assert_eq!(error("gh.json", b"[]", None), "gh.json has nothing to import: the issue list is empty");
    let sparse =
        import("x.json", b"[{\"title\": 5}, {\"title\": \"ok\", \"labels\": {\"name\": 1}, \"number\": \"x\"}]", None).expect("one sound");
    assert_eq!((titles(&sparse), sparse.skipped.len()), (vec!["ok"], 1));
}

#[test]
fn deep_nesting() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let message = error("deep.json", deep.as_bytes(), None);
    assert_eq!(message, "deep.json is not valid JSON (line 1, column 128: recursion limit exceeded)");
    let mut nested_md = String::new();
    for n in 0..2000 {
        writeln!(nested_md, "{}- level {n}", " ".repeat(n * 2)).expect("writes");
    }
    let md = import("deep.md", nested_md.as_bytes(), None).expect("imports");
    assert_eq!(md.items.len(), 2000);
    assert_eq!(md.items[1999].description, "Part of: level 1998");
}

#[test]
fn forcing_the_wrong_format_still_answers_clearly() {
    for (name, _) in ALL_FIXTURES {
        for format in Format::ALL {
            match import(name, &fixture(name), Some(format)) {
                Ok(imported) => assert_all_clean(&imported),
                Err(e) => assert!(e.to_string().starts_with(name), "{e}"),
            }
        }
    }
}

#[test]
fn errors_are_one_sentence() {
    let errors: Vec<ImportError> = [
        import("a.txt", b"", None),
        import("a.bin", b"\0", None),
        import("a.txt", b"\xc3", None),
        import("a.csv", b"Foo\n1\n", None),
        import("a.json", b"{", None),
        import("a.json", b"{}", None),
        import("a.txt", b"#", None),
    ]
    .into_iter()
    .map(|r| r.expect_err("an error"))
    .collect();
    for e in errors {
        let text = e.to_string();
        assert!(text.starts_with("a."), "{text}");
        assert!(!text.contains('\n') && !text.trim_end_matches(')').contains(". "), "one sentence: {text}");
    }
}

fn any_format() -> impl Strategy<Value = Option<Format>> {
    prop_oneof![Just(None), (0..Format::ALL.len()).prop_map(|i| Some(Format::ALL[i]))]
}

/// Text shaped like the formats (brackets, quotes, separators, list marks, escapes) reaches
/// deeper than random bytes.
fn format_like_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("Title,Summary,Labels\n".to_string()),
            Just("[{\"number\":1,\"title\":".to_string()),
            Just("{\"cards\":[{\"name\":".to_string()),
            Just("- [ ] ".to_string()),
            Just("# ".to_string()),
            Just("```\n".to_string()),
            Just("\u{1b}[2J\u{202e}\u{7}\t".to_string()),
            "[a-z \",;\\t\\n\\r\\[\\]{}:#*+.-]{0,12}",
        ],
        0..24,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512), format in any_format()) {
        if let Ok(imported) = import("fuzz.txt", &bytes, format) {
            prop_assert!(!imported.items.is_empty());
            assert_all_clean(&imported);
        }
    }

    #[test]
    fn format_like_text_never_panics(text in format_like_text(), format in any_format(), name in "[a-z]{1,4}\\.(csv|json|md|txt)") {
        match import(&name, text.as_bytes(), format) {
            Ok(imported) => {
                prop_assert!(!imported.items.is_empty());
                assert_all_clean(&imported);
                let mut w = workshop();
                let count = imported.items.len();
                let report = w.import_backlog(imported.clone(), &name);
                prop_assert_eq!(report.added + report.already_there, count);
                let again = w.import_backlog(imported, &name);
                prop_assert_eq!(again.added, 0);
            }
            Err(e) => prop_assert!(e.to_string().starts_with(name.as_str())),
        }
    }
}

/// New parsing of statuses and sections, on hostile input: the meaning is kept, the text is
/// cleaned (`tests/fixtures/hostile/statuses*`).
#[test]
fn hostile_statuses_keep_their_meaning() {
    use ItemStatus::{Archived, Canceled, Done, InProgress, Open};
    let hostile = |name: &str| {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile").join(name);
        import(name, &std::fs::read(path).expect("fixture"), None).expect("imports")
    };
    let statuses = |i: &Imported| i.items.iter().map(|i| i.status).collect::<Vec<_>>();
    let md = hostile("statuses.md");
    assert_eq!(statuses(&md), [InProgress, Canceled, Open, Done, InProgress, Open], "{:#?}", md.items);
    assert_eq!(md.items[2].title, "[-]no space", "a box without a space is text");
    assert_eq!(md.items[0].section, "Q3 [31mred[0m heading › evil section");
    assert!(md.items.iter().all(|i| i.labels.is_empty()));
    assert_eq!(md.items[5].section, "Q3 [31mred[0m heading › evil section", "an empty heading adds nothing");
    let linear = hostile("statuses-linear.csv");
    assert_eq!(statuses(&linear), [Canceled, Canceled, Open, InProgress, Canceled]);
    let gh = hostile("statuses-github.json");
    assert_eq!(statuses(&gh), [Done, Canceled, Open, Done]);
    let trello = hostile("statuses-trello.json");
    assert_eq!(statuses(&trello), [InProgress, Canceled, Archived], "\"[31mDone\" is not Done; the list is archived");
    assert_eq!(trello.items[2].section, "[31mDone");
}
