//! Proposals seen from outside: drafted alone, written to a file, merged into a workshop once
//! and only once, and every hostile file refused with one sentence naming it.

use std::fs;
use std::path::Path;

use jiff::Timestamp;
use jiff::civil::{Date, date};
use proptest::prelude::*;
use quarterdeck::model::proposal::MAX_TITLE_CHARS;
use quarterdeck::model::{
    InitiativeSource, MergeReport, PROPOSAL_VERSION, Period, Proposal, ProposalError, ProposalOrigin, ProposedInitiative, Size, Workshop,
    parse_proposal,
};
use quarterdeck::store::{Store, proposal_files, read_proposal, write_proposal};

fn at(text: &str) -> Timestamp {
    text.parse().expect("timestamp")
}

const TODAY: Date = date(2027, 1, 5);

fn workshop() -> Workshop {
    Workshop::new("Platform", "Infra", Period::parse("2027-Q1").expect("period"), at("2027-01-04T09:00:00Z"))
}

fn initiative(id: u64, title: &str) -> ProposedInitiative {
    ProposedInitiative {
        id,
        title: title.into(),
        description: format!("Why {title}?\nBecause."),
        size: Size::Large,
        impact: Some(4),
        cost: Some(2),
        created: at("2027-01-02T10:00:00Z"),
        ..ProposedInitiative::default()
    }
}

fn proposal(author: &str, titles: &[&str]) -> Proposal {
    let mut p = Proposal::new(author, at("2027-01-02T09:00:00Z"));
    p.initiatives = titles.iter().zip(1..).map(|(t, n)| initiative(n, t)).collect();
    p
}

fn store() -> (tempfile::TempDir, Store) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (store, _) = Store::open(tmp.path().join("data")).expect("open store");
    (tmp, store)
}

/// A proposal file as JSON text, with `initiatives` spliced in verbatim.
fn file_with(author: &str, initiatives: &str) -> String {
    format!(
        r#"{{"quarterdeck_proposal": 1, "id": "p1", "author": "{author}", "created": "2027-01-02T09:00:00Z", "initiatives": {initiatives}}}"#
    )
}

/// Writes `bytes` to `dir/name` and reads it as a proposal, expecting a refusal: one
/// sentence (one line, starting with the file's path) and nothing hostile in it.
fn refused(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    fs::write(&path, bytes).expect("write");
    let message = read_proposal(&path).expect_err("refused");
    assert!(message.starts_with(&path.display().to_string()), "names the file: {message}");
    assert!(!message.contains('\n') && !message.chars().any(char::is_control), "one clean line: {message:?}");
    assert!(message.chars().count() < 500, "short: {message}");
    message
}

#[test]
fn written_proposals_read_back_equal() {
    let (_tmp, store) = store();
    let mut p = proposal("Ada Lovelace", &["Faster CI", "数据库 🚀 café"]);
    p.initiatives[1].impact = None;
    p.initiatives[1].description = String::new();
    let path = store.default_proposal_path(&p.author);
    assert_eq!(path, store.dir().join("proposals/ada-lovelace.json"));
    write_proposal(&path, &p).expect("write");
    assert_eq!(read_proposal(&path).expect("read"), p);
    assert_eq!(parse_proposal("x.json", &fs::read(&path).expect("bytes")).expect("parse"), p);
    // Written again after an edit: still one file, the new content.
    p.initiatives.pop();
    write_proposal(&path, &p).expect("rewrite");
    assert_eq!(read_proposal(&path).expect("read"), p);
    assert_eq!(fs::read_dir(store.proposals_dir()).expect("ls").count(), 1);
}

#[test]
fn drafts_round_trip_through_a_workshop() {
    let p = proposal("Ada", &["Faster CI", "Build cache", "Flaky test quarantine"]);
    let draft = p.to_draft(at("2027-01-03T00:00:00Z"));
    assert_eq!(draft.name, "Proposal by Ada");
    assert_eq!(draft.active_participants().map(|x| x.name.as_str()).collect::<Vec<_>>(), ["Ada"]);
    assert!(draft.initiatives.iter().all(|i| draft.author_name(i.author) == "Ada" && i.source == InitiativeSource::Proposal));
    assert_eq!(Proposal::from_draft(&p.id, &p.author, p.created, &draft), p);

    // Drafting on: a new initiative gets an id no other has.
    let mut draft = draft;
    let id = draft.allocate_id();
    assert!(p.initiatives.iter().all(|i| i.id != id));
}

#[test]
fn merging_adds_each_initiative_once_with_its_author() {
    let mut w = workshop();
    w.add_participant("Grace");
    let p = proposal("Ada", &["Faster CI", "Build cache"]);
    let report = w.merge_proposal(&p, "/somewhere/ada.json", TODAY);
    assert_eq!(report, MergeReport { added: 2, author: "Ada".into(), initiatives_only: true, ..MergeReport::default() });
    let ada = w.participants.iter().find(|x| x.name == "Ada").expect("Ada became a participant").id;
    assert_eq!(w.initiatives.len(), 2);
    for (i, proposed) in w.initiatives.iter().zip(&p.initiatives) {
        assert_eq!(i.author, Some(ada));
        assert_eq!(i.source, InitiativeSource::Proposal);
        assert_eq!(
            (&i.title, &i.description, i.size, i.impact, i.cost),
            (&proposed.title, &proposed.description, Size::Large, Some(4), Some(2))
        );
        assert_eq!(i.created, proposed.created);
        assert!(!i.hidden);
        let origin = i.proposal.as_ref().expect("marked as coming from a proposal");
        assert_eq!(
            origin,
            &ProposalOrigin {
                author: "Ada".into(),
                file: "ada.json".into(),
                merged_on: TODAY,
                proposal_id: p.id.clone(),
                initiative_id: Some(proposed.id),
                fingerprint: origin.fingerprint.clone(),
                extra: quarterdeck::model::Extra::new(),
            }
        );
    }

    let again = w.merge_proposal(&p, "ada.json", TODAY);
    assert_eq!(again, MergeReport { already_there: 2, author: "Ada".into(), initiatives_only: true, ..MergeReport::default() });
    assert_eq!(w.initiatives.len(), 2);
    assert_eq!(w.participants.len(), 2);
}

#[test]
fn edits_and_renames_after_a_merge_update_what_the_room_left_alone() {
    let mut w = workshop();
    let mut p = proposal("Ada", &["Faster CI", "Build cache", "Docs site"]);
    w.merge_proposal(&p, "ada.json", TODAY);
    // The room rewords the second; the author rewrites the first two and adds a fourth.
    w.initiatives[1].title = "Remote build cache".into();
    p.initiatives[0].title = "Much faster CI, with a remote cache".into();
    p.initiatives[0].description = "Rewritten.".into();
    p.initiatives[1].title = "Build cache for Gradle".into();
    p.initiatives.push(initiative(4, "Flaky test quarantine"));
    let report = w.merge_proposal(&p, "ada-final.json", TODAY);
    assert_eq!((report.added, report.updated, report.skipped, report.already_there), (1, 1, 1, 1));
    assert_eq!(
        report.summary("ada-final.json"),
        "Merged ada-final.json by Ada: 1 initiative added, 1 updated (1 skipped: changed here since the last merge; 1 already there)"
    );
    let titles: Vec<&str> = w.initiatives.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["Much faster CI, with a remote cache", "Remote build cache", "Docs site", "Flaky test quarantine"]);
    assert_eq!(w.initiatives[0].description, "Rewritten.");
    // Merging the same file again adds nothing and changes nothing.
    let again = w.merge_proposal(&p, "ada-final.json", TODAY);
    assert_eq!((again.added, again.updated, again.skipped, again.already_there), (0, 0, 1, 3));
}

#[test]
fn two_authors_with_the_same_titles_both_merge() {
    let mut w = workshop();
    let ada = w.merge_proposal(&proposal("Ada", &["Faster CI", "Build cache"]), "ada.json", TODAY);
    let grace = w.merge_proposal(&proposal("Grace", &["Faster CI", "Build cache"]), "grace.json", TODAY);
    assert_eq!((ada.added, grace.added, grace.already_there), (2, 2, 0));
    let names: Vec<&str> = w.initiatives.iter().map(|i| w.author_name(i.author)).collect();
    assert_eq!(names, ["Ada", "Ada", "Grace", "Grace"]);
}

#[test]
fn an_author_is_matched_by_name_in_any_case_and_revived() {
    let mut w = workshop();
    w.set_participants(&["Ada".into(), "Grace".into()]);
    w.set_participants(&["Grace".into()]);
    let ada = w.participants[0].id;
    w.merge_proposal(&proposal("ADA", &["Faster CI"]), "ada.json", TODAY);
    assert_eq!(w.participants.len(), 2);
    assert!(!w.participants[0].removed, "a removed participant of that name is revived");
    assert_eq!(w.initiatives[0].author, Some(ada));
}

#[test]
fn silent_mode_hides_merged_initiatives_until_revealed() {
    let mut w = workshop();
    w.silent_mode = true;
    w.merge_proposal(&proposal("Ada", &["Faster CI", "Build cache"]), "ada.json", TODAY);
    assert!(w.initiatives.iter().all(|i| i.hidden));
}

#[test]
fn a_proposal_merged_twice_from_disk_yields_each_initiative_once() {
    let (_tmp, store) = store();
    let slug = store.create(&workshop()).expect("create");
    let ada = proposal("Ada", &["Faster CI", "Build cache"]);
    let grace = proposal("Grace", &["Faster CI"]);
    write_proposal(&store.default_proposal_path("Ada"), &ada).expect("write");
    write_proposal(&store.default_proposal_path("Grace"), &grace).expect("write");
    for _ in 0..2 {
        let mut w = store.load(&slug).expect("load");
        for file in proposal_files(&store.proposals_dir()).expect("files") {
            let p = read_proposal(&file).expect("read");
            w.merge_proposal(&p, &file.to_string_lossy(), TODAY);
        }
        store.save(&slug, &w).expect("save");
    }
    let w = store.load(&slug).expect("load");
    let got: Vec<(&str, &str)> = w.initiatives.iter().map(|i| (w.author_name(i.author), i.title.as_str())).collect();
    assert_eq!(got, [("Ada", "Faster CI"), ("Ada", "Build cache"), ("Grace", "Faster CI")]);
    assert!(w.initiatives.iter().all(|i| i.proposal.as_ref().is_some_and(|o| o.initiative_id.is_some() && !o.proposal_id.is_empty())));
}

#[test]
fn origins_written_before_proposal_ids_still_load() {
    let old = r#"{"author": "Tomasz", "file": "t.json", "merged_on": "2026-12-28"}"#;
    let origin: ProposalOrigin = serde_json::from_str(old).expect("loads");
    assert_eq!((origin.proposal_id.as_str(), origin.initiative_id), ("", None));
    assert_eq!(serde_json::to_string(&origin).expect("json"), old.replace(": ", ":").replace(", ", ","), "nothing new is written for them");
}

#[test]
fn a_folder_yields_its_proposals_and_skips_workshops() {
    let (_tmp, store) = store();
    let dir = store.proposals_dir();
    write_proposal(&dir.join("b-grace.json"), &proposal("Grace", &["x"])).expect("write");
    write_proposal(&dir.join("a-ada.json"), &proposal("Ada", &["y"])).expect("write");
    let slug = store.create(&workshop()).expect("create");
    fs::copy(store.path_of(&slug), dir.join("platform.json")).expect("copy a workshop in");
    fs::write(dir.join("notes.txt"), "not json").expect("write");
    fs::write(dir.join("package.json"), r#"{"name": "x"}"#).expect("write");
    fs::create_dir(dir.join("sub.json")).expect("mkdir");
    assert_eq!(proposal_files(&dir).expect("files"), [dir.join("a-ada.json"), dir.join("b-grace.json")]);

    // A file is itself, even a workshop: reading it then says what it is.
    let workshop_file = store.path_of(&slug);
    assert_eq!(proposal_files(&workshop_file).expect("file"), std::slice::from_ref(&workshop_file));
    let e = read_proposal(&workshop_file).expect_err("a workshop");
    assert!(e.ends_with("is not a Quarterdeck proposal (it looks like a workshop: open it with `quarterdeck open`)"), "{e}");

    // A folder without proposals, and a path that is not there.
    let empty = store.dir().join("empty");
    fs::create_dir(&empty).expect("mkdir");
    let e = proposal_files(&empty).expect_err("none");
    assert!(e.contains("holds no proposal files"), "{e}");
    let e = proposal_files(&store.dir().join("missing")).expect_err("missing");
    assert!(e.ends_with("missing does not exist; check the path and try again"), "{e}");
}

#[test]
fn a_folder_keeps_proposals_it_cannot_read_so_that_reading_says_why() {
    let (_tmp, store) = store();
    let dir = store.proposals_dir();
    fs::create_dir_all(&dir).expect("mkdir");
    fs::write(dir.join("newer.json"), r#"{"quarterdeck_proposal": 99}"#).expect("write");
    fs::write(dir.join("broken.json"), r#"{"quarterdeck_proposal": 1, "#).expect("write");
    let files = proposal_files(&dir).expect("files");
    assert_eq!(files, [dir.join("broken.json"), dir.join("newer.json")]);
    assert!(files.iter().all(|f| read_proposal(f).is_err()));
}

#[test]
fn hostile_files_are_refused_in_one_sentence() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();

    let (_s, store) = store();
    let slug = store.create(&workshop()).expect("create");
    let w = refused(dir, "workshop.json", &fs::read(store.path_of(&slug)).expect("read"));
    assert!(w.ends_with("workshop.json is not a Quarterdeck proposal (it looks like a workshop: open it with `quarterdeck open`)"), "{w}");

    let e = refused(dir, "object.json", b"{}");
    assert!(e.contains("is not a Quarterdeck proposal (it has no quarterdeck_proposal field"), "{e}");
    let e = refused(dir, "list.json", b"[]");
    assert!(e.contains("is not a Quarterdeck proposal (it holds a list, not a proposal"), "{e}");
    let e = refused(dir, "newer.json", br#"{"quarterdeck_proposal": 99, "id": "x", "what": "a future field"}"#);
    assert!(
        e.ends_with("newer.json was written by a newer Quarterdeck (proposal format 99, this one reads 1); update Quarterdeck to merge it"),
        "{e}"
    );
    let e = refused(dir, "malformed.json", b"{\n  \"quarterdeck_proposal\": 1,\n  \"author\": \"Ada\"\n  \"id\": \"x\"\n}");
    assert!(e.contains("malformed.json is not valid JSON (line 4, column 3: expected `,` or `}`)"), "{e}");
    let e = refused(dir, "truncated.json", file_with("Ada", "[{\"title\": \"x\"").as_bytes());
    assert!(e.contains("is not valid JSON (line 1, column"), "{e}");
    let e = refused(dir, "binary.json", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0");
    assert!(e.contains("is not a Quarterdeck proposal (it is not text)"), "{e}");
    let mut latin1 = file_with("Ren", "[]").into_bytes();
    let at_author = latin1.windows(3).position(|w| w == b"Ren").expect("author") + 3;
    latin1.insert(at_author, 0xE9);
    let e = refused(dir, "latin1.json", &latin1);
    assert!(e.ends_with("latin1.json is not valid UTF-8 at line 1; save it as UTF-8 and merge it again"), "{e}");
    let e = refused(dir, "empty.json", b"");
    assert!(e.ends_with("empty.json is empty; ask its author to save the proposal again"), "{e}");
    refused(dir, "blank.json", b" \n\t\r\n");
    let e = refused(dir, "size.json", file_with("Ada", r#"[{"title": "x", "size": "enormous"}]"#).as_bytes());
    assert!(e.contains("size.json is not a readable proposal (line 1, column"), "{e}");
    assert!(e.contains("unknown variant `enormous`, expected one of `small`, `medium`, `large`, `audacious`"), "{e}");
    let e = refused(dir, "shape.json", file_with("Ada", r#"{"title": "x"}"#).as_bytes());
    assert!(e.contains("is not a readable proposal"), "{e}");
    let e = refused(dir, "nocreated.json", br#"{"quarterdeck_proposal": 1, "author": "Ada"}"#);
    assert!(e.contains("missing field `created`"), "{e}");
}

#[test]
fn a_line_that_is_not_our_error_never_reaches_the_terminal() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let evil_name = tmp.path().join("evil\u{1b}[2J\u{202e}.json");
    fs::write(&evil_name, b"").expect("write");
    let e = read_proposal(&evil_name).expect_err("empty");
    assert!(!e.contains('\u{1b}') && !e.contains('\u{202e}'), "{e:?}");
    assert!(e.ends_with("evil[2J.json is empty; ask its author to save the proposal again"), "{e}");
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    for nested in ["[".repeat(200_000), "{\"a\":".repeat(200_000)] {
        let e = parse_proposal("deep.json", nested.as_bytes()).expect_err("too deep");
        assert!(matches!(e, ProposalError::Json { .. }), "{e:?}");
        assert!(e.to_string().contains("recursion limit exceeded"), "{e}");
    }
    let inside = file_with("Ada", &format!("[{{\"title\": \"x\", \"extra\": {}1{}}}]", "[".repeat(100_000), "]".repeat(100_000)));
    let e = parse_proposal("deep.json", inside.as_bytes()).expect_err("too deep");
    assert!(e.to_string().starts_with("deep.json is not valid JSON"), "{e}");
}

#[test]
fn a_five_megabyte_title_is_capped() {
    let (_tmp, store) = store();
    let huge = "a".repeat(5 * 1024 * 1024);
    let path = store.proposals_dir().join("huge.json");
    fs::create_dir_all(store.proposals_dir()).expect("mkdir");
    fs::write(&path, file_with("Ada", &format!(r#"[{{"id": 1, "title": "{huge}"}}]"#))).expect("write");
    let p = read_proposal(&path).expect("read");
    let title = &p.initiatives[0].title;
    assert_eq!(title.chars().count(), MAX_TITLE_CHARS);
    assert!(title.ends_with('…'));
    assert!(p.initiatives[0].description.len() <= 64 * 1024, "the whole title is kept in the description only up to its cap");
    assert_eq!(MAX_TITLE_CHARS, quarterdeck::import::MAX_TITLE_CHARS, "titles are capped like the importer's");
    let mut w = workshop();
    w.merge_proposal(&p, "huge.json", TODAY);
    assert_eq!(w.initiatives[0].title.chars().count(), MAX_TITLE_CHARS);
}

#[test]
fn text_is_cleaned_and_scores_clamped() {
    let text = file_with(
        "A\\u001b]0;pwn\\u0007da\\u202e\\u0000",
        r#"[
            {"id": 1, "title": "Fast\u001b[2JCI\u2066\u0000\tnow", "description": "line 1\r\nline\u009b 2\u202d\u0000", "impact": 200, "cost": 0},
            {"id": 2, "title": "\u0000\u001b\u202e  ", "description": "dropped: no title"},
            {"id": 3, "title": "x", "impact": -7, "cost": 3.4}
        ]"#,
    );
    let p = parse_proposal("dirty.json", text.as_bytes()).expect("parses");
    assert_eq!(p.author, "A]0;pwnda");
    assert_eq!(p.initiatives.len(), 2, "an initiative without a title is dropped");
    let first = &p.initiatives[0];
    assert_eq!(first.title, "Fast[2JCI now");
    assert_eq!(first.description, "line 1\nline 2");
    assert_eq!((first.impact, first.cost), (Some(5), Some(1)));
    assert_eq!((p.initiatives[1].impact, p.initiatives[1].cost), (Some(1), Some(3)));

    let mut w = workshop();
    w.merge_proposal(&p, "dirty\u{1b}[2J.json", TODAY);
    assert_eq!(w.participants[0].name, "A]0;pwnda");
    assert_eq!(w.initiatives[0].proposal.as_ref().expect("origin").file, "dirty[2J.json");
    assert_eq!(w.initiatives[0].impact, Some(5));
}

#[test]
fn the_file_format_is_stable() {
    let mut p = proposal("Ada", &["Faster CI"]);
    p.id = "18f0-1-0".into();
    p.initiatives[0].cost = None;
    let json = serde_json::to_string_pretty(&p).expect("json");
    assert_eq!(
        json,
        r#"{
  "quarterdeck_proposal": 1,
  "id": "18f0-1-0",
  "author": "Ada",
  "created": "2027-01-02T09:00:00Z",
  "initiatives": [
    {
      "id": 1,
      "title": "Faster CI",
      "description": "Why Faster CI?\nBecause.",
      "size": "large",
      "impact": 4,
      "created": "2027-01-02T10:00:00Z"
    }
  ]
}"#
    );
    assert_eq!(PROPOSAL_VERSION, 1);
}

/// Bytes that look like a proposal file, with mutations in likely places.
fn proposal_like() -> impl Strategy<Value = Vec<u8>> {
    let field = prop_oneof![
        Just(r#""title": "x""#.to_string()),
        "[ -~]{0,12}".prop_map(|s| format!(r#""title": "{}""#, s.replace(['"', '\\'], ""))),
        any::<i64>().prop_map(|n| format!(r#""impact": {n}"#)),
        any::<f64>().prop_map(|n| format!(r#""cost": {n}"#)),
        prop_oneof![Just("small"), Just("huge"), Just("")].prop_map(|s| format!(r#""size": "{s}""#)),
        any::<u64>().prop_map(|n| format!(r#""id": {n}"#)),
        Just(r#""created": "not a time""#.to_string()),
    ];
    let initiative = prop::collection::vec(field, 0..5).prop_map(|fs| format!("{{{}}}", fs.join(", ")));
    (any::<u64>(), prop::collection::vec(initiative, 0..4), any::<u8>(), 0usize..200).prop_map(|(version, items, byte, cut)| {
        let version = if version % 3 == 0 { 1 } else { version };
        let text = format!(
            r#"{{"quarterdeck_proposal": {version}, "id": "x", "author": "Ada", "created": "2027-01-02T09:00:00Z", "initiatives": [{}]}}"#,
            items.join(", ")
        );
        let mut bytes = text.into_bytes();
        if cut % 4 == 0 && !bytes.is_empty() {
            let at = cut % bytes.len();
            bytes[at] = byte;
        }
        bytes
    })
}

fn check_outcome(result: Result<Proposal, ProposalError>) {
    match result {
        Ok(p) => {
            let mut ids: Vec<u64> = p.initiatives.iter().map(|i| i.id).collect();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), p.initiatives.len(), "ids are unique");
            for i in &p.initiatives {
                assert!(!i.title.is_empty() && !i.title.chars().any(char::is_control));
                assert!(i.impact.is_none_or(|v| (1..=5).contains(&v)) && i.cost.is_none_or(|v| (1..=5).contains(&v)));
            }
            let mut w = workshop();
            let report = w.merge_proposal(&p, "fuzz.json", TODAY);
            assert_eq!(report.added + report.already_there, p.initiatives.len());
            assert_eq!(w.merge_proposal(&p, "fuzz.json", TODAY).added, 0);
        }
        Err(e) => {
            let message = e.to_string();
            assert!(message.starts_with("fuzz.json "), "{message}");
            assert!(!message.chars().any(char::is_control), "{message:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check_outcome(parse_proposal("fuzz.json", &bytes));
    }

    #[test]
    fn proposal_like_bytes_never_panic(bytes in proposal_like()) {
        check_outcome(parse_proposal("fuzz.json", &bytes));
    }
}
