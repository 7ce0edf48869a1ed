//! Hostile input, end to end (QUALITY.md, "Bad input gets a clear answer, never a panic"):
//! every importer (each format forced, and detected), the proposal reader and the workshop
//! loader get the checked-in corpus in `tests/fixtures/hostile/`, generated inputs of a few
//! MB, bounded property tests, and — for the loader — a wrong type at every field of the demo
//! workshop. Each answers without a panic, and everything that reaches the model is free of
//! control characters and bidirectional overrides.

#![allow(clippy::unwrap_used)]

use std::fmt::Write as _;
use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use proptest::prelude::*;
use quarterdeck::import::{Format, Imported, import};
use quarterdeck::model::{Proposal, Workshop, parse_proposal};
use quarterdeck::store::{Store, StoreError};
use serde_json::{Value, json};

// --- what "clean" means ---

/// C0 controls (newline allowed only where `multiline`), DEL, C1 controls, and the bidi
/// embeddings, overrides and isolates.
fn forbidden(c: char, multiline: bool) -> bool {
    let control = matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}') && !(multiline && c == '\n');
    control || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn unclean(text: &str, multiline: bool) -> Option<String> {
    let bad: Vec<char> = text.chars().filter(|c| forbidden(*c, multiline)).collect();
    (!bad.is_empty()).then(|| format!("{bad:?} in {:?}", text.chars().take(120).collect::<String>()))
}

fn assert_clean(what: &str, text: &str, multiline: bool) {
    if let Some(bad) = unclean(text, multiline) {
        panic!("{what}: unclean {bad}");
    }
}

fn assert_imported_clean(what: &str, imported: &Imported) {
    assert!(!imported.items.is_empty(), "{what}: imported nothing but said Ok");
    for item in &imported.items {
        assert!(!item.title.is_empty(), "{what}: empty title");
        assert!(item.title.chars().count() <= quarterdeck::import::MAX_TITLE_CHARS, "{what}: title not capped");
        assert!(item.description.len() <= quarterdeck::import::MAX_DESCRIPTION_BYTES, "{what}: description not capped");
        assert_clean(what, &item.title, false);
        assert_clean(what, &item.description, true);
        item.labels.iter().for_each(|l| assert_clean(what, l, false));
        item.external_id.iter().for_each(|x| assert_clean(what, x, false));
    }
}

fn assert_proposal_clean(what: &str, p: &Proposal) {
    assert_clean(what, &p.id, false);
    assert_clean(what, &p.author, false);
    for i in &p.initiatives {
        assert!(!i.title.is_empty(), "{what}: empty title");
        assert_clean(what, &i.title, false);
        assert_clean(what, &i.description, true);
        assert!(i.impact.is_none_or(|v| (1..=5).contains(&v)) && i.cost.is_none_or(|v| (1..=5).contains(&v)), "{what}: unclamped");
    }
}

/// Whether the workshop field at `path` may hold several lines (see `Workshop::sanitise`).
fn multiline_field(path: &[String]) -> bool {
    let Some(last) = path.last() else { return false };
    match last.as_str() {
        "note" | "notes" | "rationale" | "learnings" | "reason" | "score_reason" | "differently" => true,
        // A key result's description is one line; every other description is multi-line.
        "description" => path.iter().rev().nth(2).is_none_or(|p| p != "key_results"),
        // An objective's title may wrap onto lines; every other title is one line.
        "title" => path.first().is_some_and(|p| p == "objectives"),
        _ => false,
    }
}

/// Every string in the workshop as it would be saved (so no field can be forgotten), and
/// every object key, free of controls and bidi marks.
fn workshop_unclean(w: &Workshop) -> Vec<String> {
    fn walk(v: &Value, path: &mut Vec<String>, out: &mut Vec<String>) {
        match v {
            Value::String(s) => {
                if let Some(bad) = unclean(s, multiline_field(path)) {
                    out.push(format!("/{}: {bad}", path.join("/")));
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(i.to_string());
                    walk(item, path, out);
                    path.pop();
                }
            }
            Value::Object(map) => {
                for (k, item) in map {
                    if let Some(bad) = unclean(k, false) {
                        out.push(format!("key at /{}: {bad}", path.join("/")));
                    }
                    path.push(k.clone());
                    walk(item, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let value = serde_json::to_value(w).expect("a workshop serialises");
    let mut out = Vec::new();
    walk(&value, &mut Vec::new(), &mut out);
    out
}

fn assert_workshop_clean(what: &str, w: &Workshop) {
    let bad = workshop_unclean(w);
    assert!(bad.is_empty(), "{what}: unclean text in the loaded workshop:\n{}", bad.join("\n"));
}

/// An error shown to a person: one line, clean, not enormous.
fn assert_one_clean_line(what: &str, message: &str) {
    assert!(!message.contains('\n'), "{what}: message spans lines: {message:?}");
    assert_clean(what, message, false);
    assert!(message.chars().count() < 600, "{what}: message too long ({} chars)", message.chars().count());
}

// --- running each reader ---

fn all_formats() -> impl Iterator<Item = Option<Format>> {
    std::iter::once(None).chain(Format::ALL.into_iter().map(Some))
}

/// Imports `content` with detection and with every format forced: each succeeds with clean
/// items or fails with one clean line naming the file.
fn import_every_way(name: &str, content: &[u8]) {
    for format in all_formats() {
        import_one(name, content, format);
    }
}

fn import_one(name: &str, content: &[u8], format: Option<Format>) {
    let what = format!("{name} as {format:?}");
    match import(name, content, format) {
        Ok(imported) => assert_imported_clean(&what, &imported),
        Err(e) => {
            let message = e.to_string();
            assert!(message.starts_with(name), "{what}: error does not name the file: {message}");
            assert_one_clean_line(&what, &message);
        }
    }
}

fn read_proposal_bytes(name: &str, content: &[u8]) -> Option<Proposal> {
    match parse_proposal(name, content) {
        Ok(p) => {
            assert_proposal_clean(name, &p);
            Some(p)
        }
        Err(e) => {
            let message = e.to_string();
            assert!(message.starts_with(name), "{name}: proposal error does not name the file: {message}");
            assert_one_clean_line(name, &message);
            None
        }
    }
}

/// A data folder in a temp dir, and one workshop file in it to overwrite.
struct Folder {
    _tmp: tempfile::TempDir,
    store: Store,
}

const SLUG: &str = "hostile";

impl Folder {
    fn new() -> Self {
        let tmp = tempfile::tempdir().expect("temp dir");
        let (store, _) = Store::open(tmp.path().join("data")).expect("store opens");
        Self { _tmp: tmp, store }
    }

    fn path(&self) -> PathBuf {
        self.store.path_of(SLUG)
    }

    /// Writes `bytes` as a workshop file and loads it. A loaded workshop is clean; an error
    /// names the file in one clean line. The home listing copes with it too.
    fn load(&self, what: &str, bytes: &[u8]) -> Result<Workshop, StoreError> {
        let path = self.path();
        fs::write(&path, bytes).expect("write workshop file");
        let result = self.store.load(SLUG);
        match &result {
            Ok(w) => assert_workshop_clean(what, w),
            Err(e) => {
                let message = e.to_string();
                assert!(message.contains(&path.display().to_string()), "{what}: error does not name the file: {message}");
                assert_one_clean_line(what, &message);
            }
        }
        assert_eq!(fs::read(&path).expect("still there"), bytes, "{what}: the loader changed the file");
        result
    }

    fn list_copes(&self) {
        let listed = self.store.list();
        assert!(listed.iter().any(|l| l.slug == SLUG), "the file is listed");
        for l in listed {
            if let Ok(s) = &l.summary {
                for text in [&s.name, &s.team, &s.period] {
                    assert_clean("home listing", text, false);
                }
            }
        }
    }
}

fn hostile_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile")
}

fn corpus() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(hostile_dir())
        .expect("the hostile corpus exists")
        .map(|e| {
            let path = e.expect("entry").path();
            let name = path.file_name().expect("name").to_string_lossy().into_owned();
            (name, fs::read(&path).expect("read fixture"))
        })
        .collect();
    files.sort();
    assert!(files.len() >= 40, "the corpus is checked in ({} files)", files.len());
    files
}

// --- the corpus ---

#[test]
fn the_hostile_corpus_through_every_importer() {
    for (name, bytes) in corpus() {
        import_every_way(&name, &bytes);
    }
}

#[test]
fn the_hostile_corpus_through_the_proposal_reader() {
    for (name, bytes) in corpus() {
        read_proposal_bytes(&name, &bytes);
    }
    // The hostile proposal is a proposal: it reads, cleaned.
    let p = read_proposal_bytes("hostile-proposal.json", &fs::read(hostile_dir().join("hostile-proposal.json")).expect("read"))
        .expect("the hostile proposal reads");
    assert_eq!(p.initiatives.len(), 1);
    assert!(p.initiatives[0].title.contains("Faster CI"), "{:?}", p.initiatives[0].title);
}

#[test]
fn the_hostile_corpus_through_the_workshop_loader() {
    let folder = Folder::new();
    for (name, bytes) in corpus() {
        let result = folder.load(&name, &bytes);
        folder.list_copes();
        match name.as_str() {
            "workshop-hostile.json" | "workshop-minimal.json" | "workshop-reversed-period.json" => {
                result.unwrap_or_else(|e| panic!("{name} should load: {e}"));
            }
            "workshop-newer.json" => {
                assert!(matches!(result, Err(StoreError::NewerSchema { .. })), "{name}: {result:?}");
            }
            _ if name.starts_with("workshop-") => assert!(result.is_err(), "{name} loaded"),
            _ => {}
        }
    }
}

/// The loader sanitises every text field: the demo with escapes, C1 and bidi marks in each
/// one (checked in as `workshop-hostile.json`) loads clean, and draws clean on every step.
#[test]
fn a_hostile_workshop_loads_and_draws_clean() {
    let bytes = fs::read(hostile_dir().join("workshop-hostile.json")).expect("read");
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("data");
    fs::create_dir_all(&dir).expect("mkdir");
    fs::write(dir.join("hostile.json"), &bytes).expect("write");
    let mut h = quarterdeck::testing::Harness::new(&dir, 120, 40);
    let w = h.rt.store.load("hostile").expect("loads");
    assert!(w.name.contains("pwn") && w.name.contains("Platform team"), "text is kept, only cleaned: {:?}", w.name);
    h.rt.open("hostile", None);
    for keys in ["1", "2", "3", "3v", "v", "v", "4", "5", "5E", "<Esc>"] {
        h.press(keys);
        let screen = h.screen();
        assert_clean(&format!("screen after {keys}"), &screen, true);
    }
}

// --- a wrong type at every field ---

/// The demo workshop with every optional field filled, so each one is walked.
fn full_workshop() -> Value {
    let mut w = quarterdeck::demo::demo_workshop(jiff::civil::date(2026, 11, 21));
    w.silent_mode = true;
    w.retrospective.learnings = "We learned".into();
    w.retrospective.differently = "Less".into();
    w.dismissed.push(quarterdeck::model::Dismissal {
        code: "kr-output-verb".into(),
        subject: "KR1".into(),
        reason: "Because".into(),
        changed: None,
        extra: quarterdeck::model::Extra::new(),
    });
    let o = &mut w.objectives[0];
    o.learnings = "Learned".into();
    o.carried_from = Some("2026-Q3".into());
    o.parent = "Company goal".into();
    let kr = &mut o.key_results[0];
    kr.final_score = Some(0.7);
    kr.score_reason = "Counted the outage".into();
    kr.carried = true;
    w.backlog.items[0].external_id = Some("OPS-1".into());
    w.initiatives[0].hidden = true;
    // A duplicate merged in: a co-author.
    let co = w.participants[2].id;
    w.initiatives[3].co_authors.push(co);
    // A secret round with a sealed ballot.
    w.start_secret_round();
    // Every demo voter spent their dots: one is taken back to place it secretly.
    let (voter, idea) = w.initiatives.iter().find_map(|i| i.votes.keys().next().map(|v| (*v, i.id))).expect("a vote");
    w.vote(voter, idea, -1).expect("taken back");
    w.secret_vote(voter, idea, 1).expect("a secret dot");
    w.cast_ballot(voter, true);
    // A round of private scoring with a card.
    w.start_score_round();
    let shown = w.initiatives.iter().find(|i| !i.hidden).map(|i| i.id).expect("a shown idea");
    w.estimate(voter, shown, quarterdeck::model::score_round::Axis::Impact, Some(4)).expect("a private score");
    w.finish_score_card(voter, true);
    let mut value = serde_json::to_value(&w).expect("serialises");
    // Fields a merged proposal leaves, whether or not the demo has one.
    value["initiatives"][0]["proposal"] =
        json!({"author": "Ada", "file": "ada.json", "merged_on": "2026-11-20", "proposal_id": "p1", "initiative_id": 3});
    value
}

/// JSON pointers to every value, with the pointer's shape (array indices as `*`).
fn every_path(value: &Value) -> Vec<(String, String)> {
    fn walk(v: &Value, pointer: &str, shape: &str, out: &mut Vec<(String, String)>) {
        out.push((pointer.to_string(), shape.to_string()));
        match v {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &format!("{pointer}/{i}"), &format!("{shape}/*"), out);
                }
            }
            Value::Object(map) => {
                for (k, item) in map {
                    let key = k.replace('~', "~0").replace('/', "~1");
                    walk(item, &format!("{pointer}/{key}"), &format!("{shape}/{key}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, "", "", &mut out);
    out
}

const MARKER: &str = "@@replacement@@";

/// The document with the value at `pointer` replaced by `raw` JSON text (which may be
/// something a `Value` cannot hold, such as `1e400`).
fn replaced(document: &Value, pointer: &str, raw: &str) -> Vec<u8> {
    let mut doc = document.clone();
    if pointer.is_empty() {
        return raw.as_bytes().to_vec();
    }
    *doc.pointer_mut(pointer).expect("the path exists") = Value::from(MARKER);
    let text = serde_json::to_string_pretty(&doc).expect("serialises");
    text.replacen(&format!("\"{MARKER}\""), raw, 1).into_bytes()
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// What goes in place of a value: other types, and numbers no field can hold.
const REPLACEMENTS: [(&str, &str); 11] = [
    ("null", "null"),
    ("bool", "true"),
    ("string", "\"\\u001b]0;title\\u0007\\u202e text\""),
    ("number", "42"),
    ("number", "-1"),
    ("number", "1.5"),
    ("number", "1e400"),
    ("number", "18446744073709551616"),
    ("array", "[1, \"two\", null]"),
    ("object", "{\"k\": \"\\u001b[2J\"}"),
    (
        "deep",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    ),
];

/// Checks one mutant: no panic; loads clean, or the error names the file with a line and a
/// column (only the `schema_version` check, made before the typed read, has no position).
fn check_mutant(folder: &Folder, what: &str, pointer: &str, bytes: &[u8]) -> Result<bool, String> {
    let outcome = catch_unwind(AssertUnwindSafe(|| folder.load(what, bytes)));
    match outcome {
        Err(panic) => {
            let text = panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(ToString::to_string));
            Err(format!("{what}: panicked: {}", text.unwrap_or_default()))
        }
        Ok(Ok(_)) => Ok(true),
        Ok(Err(StoreError::Corrupt { line, column, .. })) if line > 0 && column > 0 => Ok(false),
        Ok(Err(StoreError::DuplicateIds { lines, .. })) if !lines.is_empty() => Ok(false),
        Ok(Err(e)) if pointer.is_empty() || pointer == "/schema_version" => {
            let message = e.to_string();
            if message.contains("schema") || message.contains("workshop object") { Ok(false) } else { Err(format!("{what}: {message}")) }
        }
        Ok(Err(e)) => Err(format!("{what}: error without a line and column: {e}")),
    }
}

/// The full workshop with every list cut to its first two entries: every field of every
/// kind is still there (the first entry of each list has them all), at a fifth of the size,
/// so that every path can get every replacement in a few seconds.
fn trimmed_workshop() -> Value {
    fn cut(v: &mut Value) {
        match v {
            Value::Array(items) => {
                items.truncate(2);
                items.iter_mut().for_each(cut);
            }
            Value::Object(map) => map.values_mut().for_each(cut),
            _ => {}
        }
    }
    let mut document = full_workshop();
    cut(&mut document);
    document
}

#[test]
fn a_wrong_type_at_every_field_of_the_workshop() {
    let document = trimmed_workshop();
    let folder = Folder::new();
    let mut failures = Vec::new();
    let (mut loaded, mut refused) = (0, 0);
    let mut shapes = std::collections::HashSet::new();
    let paths = every_path(&document);
    for (pointer, shape) in &paths {
        shapes.insert(shape.clone());
        let original = if pointer.is_empty() { &document } else { document.pointer(pointer).expect("exists") };
        for (replacement_kind, raw) in &REPLACEMENTS {
            let same = *replacement_kind == kind(original);
            // Every odd number where a number was; one number where something else was.
            let redundant = *replacement_kind == "number" && !same && *raw != "42";
            if redundant || (same && *replacement_kind != "number" && *replacement_kind != "string") {
                continue;
            }
            let what = format!("{pointer} = {}", raw.chars().take(40).collect::<String>());
            match check_mutant(&folder, &what, pointer, &replaced(&document, pointer, raw)) {
                Ok(true) => loaded += 1,
                Ok(false) => refused += 1,
                Err(failure) => failures.push(failure),
            }
        }
    }
    eprintln!("wrong types: {} paths ({} shapes), {loaded} mutants loaded clean, {refused} refused", paths.len(), shapes.len());
    assert!(shapes.len() >= 130, "the walk covers every field ({} shapes)", shapes.len());
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

/// Hostile text appended to every string in the file, one at a time: whatever loads is clean.
#[test]
fn hostile_text_at_every_string_field_is_cleaned_on_load() {
    let document = full_workshop();
    let folder = Folder::new();
    let mut failures = Vec::new();
    let mut seen_shapes = std::collections::HashSet::new();
    let mut loaded = 0;
    for (pointer, shape) in every_path(&document) {
        let Some(Value::String(s)) = document.pointer(&pointer) else { continue };
        if !seen_shapes.insert(shape) {
            continue;
        }
        let poisoned = format!("{s}\u{1b}]0;pwn\u{7}\u{1b}[2J\u{202e}\u{2066}\u{85}\u{9b}\u{0}\u{7f}\t\r\n{s}");
        let raw = serde_json::to_string(&poisoned).expect("string");
        match catch_unwind(AssertUnwindSafe(|| folder.load(&pointer, &replaced(&document, &pointer, &raw)))) {
            Ok(Ok(_)) => loaded += 1,
            Ok(Err(_)) => {}
            Err(_) => failures.push(pointer.clone()),
        }
    }
    eprintln!("hostile text: {} string fields, {loaded} loaded clean", seen_shapes.len());
    assert!(loaded > 30, "most text fields load ({loaded})");
    assert!(failures.is_empty(), "unclean or panicking at:\n{}", failures.join("\n"));
}

#[test]
fn schema_versions_older_newer_and_odd() {
    let document = full_workshop();
    let folder = Folder::new();
    for raw in [
        "0",
        "1",
        "2",
        "3",
        "4294967295",
        "4294967296",
        "18446744073709551615",
        "18446744073709551616",
        "1e400",
        "-1",
        "1.0",
        "\"1\"",
        "null",
    ] {
        let bytes = replaced(&document, "/schema_version", raw);
        let result = folder.load(raw, &bytes);
        match raw {
            "1" | "2" => assert!(result.is_ok(), "{raw}: {result:?}"),
            "3" | "4294967295" | "4294967296" | "18446744073709551615" => {
                assert!(matches!(result, Err(StoreError::NewerSchema { .. })), "{raw}: {result:?}");
            }
            _ => assert!(matches!(result, Err(StoreError::Corrupt { .. })), "{raw}: {result:?}"),
        }
    }
    // A missing version, and the version alone.
    let mut without = document.clone();
    without.as_object_mut().expect("object").remove("schema_version");
    assert!(folder.load("no version", &serde_json::to_vec(&without).expect("json")).is_err());
    assert!(folder.load("only a version", b"{\"schema_version\": 1}").is_err());
}

// --- big inputs, generated ---

/// About 2 MB of one line: words, wide characters and escapes, no newline.
fn two_megabyte_line() -> String {
    let chunk = "word 数据 \u{1b}[2J café \u{202e}x\u{85} \"q\", ";
    let mut line = String::with_capacity(2_100_000);
    while line.len() < 2_000_000 {
        line.push_str(chunk);
    }
    line
}

#[test]
fn a_two_megabyte_line_through_every_reader() {
    let line = two_megabyte_line();
    let escaped = serde_json::to_string(&line).expect("json string");
    let shaped: [(&str, String); 5] = [
        ("line.txt", line.clone()),
        ("line.md", format!("- [ ] {line}")),
        ("line.csv", format!("Summary,Title,Description\n{line},{line},x\n")),
        ("gh.json", format!("[{{\"number\": 1, \"title\": {escaped}, \"body\": {escaped}}}]")),
        ("trello.json", format!("{{\"lists\": [], \"cards\": [{{\"name\": {escaped}, \"desc\": {escaped}}}]}}")),
    ];
    // The plain line through every reader; each shaped one through detection and the
    // readers of its shape (debug builds are slow, and the plain line covers the rest).
    import_every_way("line.txt", line.as_bytes());
    for (name, content) in &shaped[1..] {
        let formats: &[Format] = match *name {
            "line.md" => &[Format::Markdown, Format::Text],
            "line.csv" => &[Format::JiraCsv, Format::LinearCsv, Format::GitlabCsv, Format::GenericCsv],
            "gh.json" => &[Format::GithubJson],
            "trello.json" => &[Format::TrelloJson],
            _ => &[],
        };
        for format in std::iter::once(None).chain(formats.iter().copied().map(Some)) {
            import_one(name, content.as_bytes(), format);
        }
    }
    let proposal = format!(
        "{{\"quarterdeck_proposal\": 1, \"author\": {escaped}, \"created\": \"2027-01-02T09:00:00Z\", \"initiatives\": [{{\"title\": {escaped}, \"description\": {escaped}}}]}}"
    );
    let p = read_proposal_bytes("big.json", proposal.as_bytes()).expect("a big proposal reads");
    assert!(p.initiatives[0].title.chars().count() <= quarterdeck::model::proposal::MAX_TITLE_CHARS);
    read_proposal_bytes("line.txt", line.as_bytes());

    let folder = Folder::new();
    let mut document = full_workshop();
    document["name"] = Value::from(line.as_str());
    document["backlog"]["items"][0]["description"] = Value::from(line.as_str());
    let w = folder.load("2 MB name", &serde_json::to_vec(&document).expect("json")).expect("a long name still loads");
    assert!(w.name.len() > 1_000_000, "text is cleaned, not dropped");
    assert!(folder.load("2 MB line", line.as_bytes()).is_err());
}

#[test]
fn a_hundred_thousand_rows_in_every_csv_flavour() {
    // Columns each flavour reads (Jira's Summary and Issue key, Linear's ID and Title,
    // GitLab's Title and URL), with hostile bytes in some rows.
    let rows = |count: usize| {
        let mut csv = String::from("Summary,Title,Issue key,ID,URL,Labels,Description\n");
        for n in 0..count {
            let hostile = if n % 1000 == 0 { "\u{1b}]0;t\u{7}\u{202e}" } else { "" };
            writeln!(csv, "Item {n}{hostile},Item {n},OPS-{n},ENG-{n},https://gitlab.com/a/b/-/issues/{n},\"a,b\",desc {n}")
                .expect("write");
        }
        csv
    };
    // 100,000 rows detected and read generically; 20,000 through each tool's reader (the
    // rows are the same code path; debug builds take about 2 s per 100,000).
    let check = |csv: &str, count: usize, format: Option<Format>| {
        let imported = import("rows.csv", csv.as_bytes(), format).unwrap_or_else(|e| panic!("{format:?}: {e}"));
        assert_eq!(imported.items.len(), count, "{format:?}");
        for item in imported.items.iter().step_by(1000) {
            assert_clean("row", &item.title, false);
        }
    };
    let big = rows(100_000);
    check(&big, 100_000, None);
    check(&big, 100_000, Some(Format::GenericCsv));
    let medium = rows(20_000);
    for format in [Format::JiraCsv, Format::LinearCsv, Format::GitlabCsv] {
        check(&medium, 20_000, Some(format));
    }
}

#[test]
fn nesting_a_hundred_thousand_deep_through_every_json_reader() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_objects = format!("{}1{}", "{\"a\":".repeat(100_000), "}".repeat(100_000));
    let deep_cards = format!("{{\"lists\": [], \"cards\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000));
    for (name, content) in [("deep.json", &deep), ("objects.json", &deep_objects), ("cards.json", &deep_cards)] {
        for format in [None, Some(Format::GithubJson), Some(Format::TrelloJson)] {
            let message = import(name, content.as_bytes(), format).expect_err("too deep").to_string();
            assert!(message.starts_with(name), "{message}");
        }
        assert!(read_proposal_bytes(name, content.as_bytes()).is_none());
        let folder = Folder::new();
        let err = folder.load(name, content.as_bytes()).expect_err("too deep");
        assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    }
}

// --- properties ---

/// Characters that break things: escapes, controls, bidi, BOM, wide, combining, quotes,
/// separators, plus anything at all.
fn nasty_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::sample::select(vec![
            '\u{1b}', '\u{7}', '\u{0}', '\u{8}', '\t', '\r', '\n', '\u{7f}', '\u{85}', '\u{9b}', '\u{9d}', '\u{9c}', '\u{202a}',
            '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{feff}', '\u{200b}',
            '\u{301}', '数', '🚀', 'é', '"', ',', ';', '[', ']', '{', '}', '#', '-', '*', ':', '\\',
        ]),
        4 => prop::char::range('a', 'z'),
        1 => Just(' '),
        1 => any::<char>(),
    ]
}

fn nasty_string(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(nasty_char(), 0..max).prop_map(|cs| cs.into_iter().collect())
}

fn csv_field(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// A document in one of the formats' shapes, with hostile strings in every slot.
fn shaped_document() -> impl Strategy<Value = (String, String)> {
    let strings = prop::collection::vec(nasty_string(24), 1..8);
    (0usize..7, strings, prop::bool::ANY).prop_map(|(shape, s, quote)| {
        let pick = |i: usize| s[i % s.len()].clone();
        match shape {
            0 => ("list.txt".into(), s.join("\n")),
            1 => ("todo.md".into(), s.iter().fold(String::new(), |mut out, x| {
                writeln!(out, "- [ ] {x}\n  {x}").expect("write");
                out
            })),
            2 | 3 => {
                let header = if shape == 2 { "Summary,Issue key,Labels,Description,Created" } else { "ID,Title,Description,Labels,Created" };
                let rows: String = s
                    .iter()
                    .map(|x| {
                        if quote {
                            format!("{},{},{},{},{}\n", csv_field(x), csv_field(&pick(1)), csv_field(&pick(2)), csv_field(x), csv_field(&pick(3)))
                        } else {
                            format!("{x},{},{},{x}\n", pick(1), pick(2))
                        }
                    })
                    .collect();
                ("export.csv".into(), format!("{header}\n{rows}"))
            }
            4 => {
                let issues: Vec<Value> = s
                    .iter()
                    .enumerate()
                    .map(|(n, x)| json!({"number": n, "title": x, "body": pick(n + 1), "labels": [{"name": pick(n + 2)}, pick(n + 3)], "url": x, "state": pick(n)}))
                    .collect();
                ("issues.json".into(), Value::from(issues).to_string())
            }
            5 => {
                let cards: Vec<Value> =
                    s.iter().enumerate().map(|(n, x)| json!({"name": x, "desc": pick(n + 1), "idList": pick(n), "labels": [{"name": pick(n + 2)}], "closed": n % 2 == 0})).collect();
                ("board.json".into(), json!({"name": pick(0), "lists": [{"id": pick(0), "name": pick(1)}], "cards": cards}).to_string())
            }
            _ => ("mixed.txt".into(), s.concat()),
        }
    })
}

fn proposal_document() -> impl Strategy<Value = String> {
    (nasty_string(20), nasty_string(20), prop::collection::vec((nasty_string(30), nasty_string(30), any::<Option<i32>>()), 0..5)).prop_map(
        |(id, author, initiatives)| {
            let initiatives: Vec<Value> = initiatives
                .into_iter()
                .map(|(title, description, impact)| json!({"title": title, "description": description, "impact": impact}))
                .collect();
            json!({"quarterdeck_proposal": 1, "id": id, "author": author, "created": "2027-01-02T09:00:00Z", "initiatives": initiatives})
                .to_string()
        },
    )
}

/// The demo's file text with a few edits: a cut, hostile text spliced in, a byte changed.
fn damaged_workshop() -> impl Strategy<Value = Vec<u8>> {
    let edit = prop_oneof![
        (any::<prop::sample::Index>()).prop_map(|i| (0u8, i, String::new())),
        (any::<prop::sample::Index>(), nasty_string(12)).prop_map(|(i, s)| (1u8, i, s)),
        (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| (2u8, i, char::from(b).to_string())),
    ];
    prop::collection::vec(edit, 1..4).prop_map(|edits| {
        let mut bytes = serde_json::to_vec_pretty(&full_workshop()).expect("json");
        for (op, at, text) in edits {
            let i = at.index(bytes.len().max(1));
            match op {
                0 => bytes.truncate(i),
                1 => {
                    let tail = bytes.split_off(i.min(bytes.len()));
                    bytes.extend_from_slice(text.as_bytes());
                    bytes.extend_from_slice(&tail);
                }
                _ => {
                    if let Some(b) = bytes.get_mut(i) {
                        *b = text.as_bytes()[0];
                    }
                }
            }
        }
        bytes
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn importers_answer_clean_for_hostile_documents((name, content) in shaped_document()) {
        import_every_way(&name, content.as_bytes());
    }

    #[test]
    fn importers_answer_clean_for_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        import_every_way("bytes.csv", &bytes);
        import_every_way("bytes.json", &bytes);
    }

    #[test]
    fn proposals_read_clean(content in proposal_document()) {
        let p = read_proposal_bytes("p.json", content.as_bytes());
        prop_assert!(p.is_some(), "a well-formed proposal reads");
    }

    #[test]
    fn damaged_workshop_files_load_clean_or_are_refused(bytes in damaged_workshop()) {
        let folder = Folder::new();
        let _ = folder.load("damaged", &bytes);
        folder.list_copes();
    }

    #[test]
    fn arbitrary_bytes_as_a_workshop_file(bytes in prop::collection::vec(any::<u8>(), 0..2048), version in prop_oneof![Just(None), any::<i64>().prop_map(Some)]) {
        let folder = Folder::new();
        let bytes = match version {
            Some(v) => [format!("{{\"schema_version\": {v}, \"x\": ").into_bytes(), bytes].concat(),
            None => bytes,
        };
        let result = folder.load("bytes", &bytes);
        prop_assert!(result.is_err());
    }
}

#[test]
fn errors_point_inside_the_file() {
    // Not only present: the line and column given are inside the file.
    let folder = Folder::new();
    let text =
        serde_json::to_string_pretty(&full_workshop()).expect("json").replacen("\"vote_budget\": 3", "\"vote_budget\": \"three\"", 1);
    let err = folder.load("vote budget", text.as_bytes()).expect_err("refused");
    let StoreError::Corrupt { line, column, .. } = err else { panic!("{err}") };
    let row = text.lines().nth(line - 1).expect("the line exists");
    assert!(row.contains("vote_budget") && column <= row.chars().count() + 1, "{line}:{column} is {row:?}");
}
