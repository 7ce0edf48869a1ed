//! The saved shape of a workshop, pinned to its schema version. The shape is the JSON paths
//! and types of a workshop with every field filled, plus the fields of every saved type as
//! Rust declares them (so a new optional field counts even while it is empty). If the shape
//! changes and `SCHEMA_VERSION` does not, this fails: bump the version, add a migration, and
//! keep an example of the old shape that must still open.
//!
//! To record a new version's shape: `QD_WRITE_SHAPE=1 cargo test --test schema`.

use std::collections::BTreeSet;
use std::path::PathBuf;

use quarterdeck::model::{Dismissal, SCHEMA_VERSION, Workshop};
use quarterdeck::store::Store;
use serde_json::Value;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema")
}

/// The demo with what it leaves empty filled in, so every field is written.
fn every_field() -> Workshop {
    let mut w = quarterdeck::demo::demo_workshop(jiff::civil::date(2026, 11, 21));
    w.silent_mode = true;
    w.settings.mute_bell = true;
    // A duplicate merged in: a co-author.
    let co = w.participants[2].id;
    w.initiatives[3].co_authors.push(co);
    // A secret round with a sealed ballot.
    w.start_secret_round();
    w.settings.vote_budget = 10;
    let (voter, idea) = (w.participants[1].id, w.initiatives[2].id);
    w.secret_vote(voter, idea, 1).expect("a secret dot");
    w.cast_ballot(voter, true);
    w.dismissed.push(Dismissal {
        code: "kr-no-baseline".into(),
        subject: "workshop".into(),
        reason: "known".into(),
        ..Dismissal::default()
    });
    let at: jiff::Timestamp = "2026-11-20T10:00:00Z".parse().expect("time");
    w.changed = Some(at);
    w.initiatives[1].changed = Some(at);
    w.merge_log.push(quarterdeck::model::merge::MergeNote {
        id: "m1".into(),
        at,
        subject: "I12 title".into(),
        kept: "Faster CI".into(),
        set_aside: "Quicker CI".into(),
        ..Default::default()
    });
    w.participants[0].removed = true;
    w.initiatives[0].hidden = true;
    w.retrospective.learnings = "ask earlier".into();
    w.retrospective.differently = "smaller bets".into();
    let o = &mut w.objectives[0];
    o.carried_from = Some("2026-Q3".into());
    o.learnings = "learned".into();
    let kr = &mut o.key_results[0];
    kr.final_score = Some(0.6);
    kr.score_reason = "partly".into();
    kr.carried = true;
    let check_in = &mut kr.check_ins[0];
    check_in.note_missing = true;
    check_in.replaced.push(quarterdeck::model::Replaced::of(&check_in.clone()));
    w.settings.review_day = quarterdeck::model::ReviewDay::parse("monday");
    method_fields(&mut w);
    w
}

/// What the demo leaves empty of the method's additions: a level to keep as a key result,
/// proposed ones accepted (they keep their origin) and declined, a proposed objective with a
/// key result under it.
fn method_fields(w: &mut Workshop) {
    use quarterdeck::model::candidate::{Candidate, CandidateKind};
    use quarterdeck::model::health::Level;
    use quarterdeck::model::{CandidateId, KeyResultDraft, KeyResultKind};
    let first = w.objectives[0].id;
    let draft = KeyResultDraft {
        description: "Keep p99 under 300 ms".into(),
        kind: KeyResultKind::maintain(Level::band(100.0, 300.0), "ms"),
        ..Default::default()
    };
    w.add_key_result(first, &draft).expect("a level to keep");
    let proposed: Vec<CandidateId> = w.candidates.iter().map(|c| c.id).collect();
    w.accept_key_result_candidate(proposed[0], first).expect("accepted");
    w.decline_candidate(proposed[1]);
    let origin = w.candidates[0].origin.clone();
    let objective = CandidateId(w.allocate_id());
    let child = CandidateId(w.allocate_id());
    w.candidates.push(Candidate {
        id: objective,
        kind: CandidateKind::Objective,
        text: "Calm nights".into(),
        rationale: "Pages wake people".into(),
        origin: origin.clone(),
        ..Candidate::default()
    });
    w.candidates.push(Candidate {
        id: child,
        kind: CandidateKind::KeyResult,
        text: "Pages from 14 to 4 a week".into(),
        objective: Some(objective),
        origin,
        ..Candidate::default()
    });
    let third = CandidateId(w.allocate_id());
    w.candidates.push(Candidate {
        id: third,
        kind: CandidateKind::Objective,
        text: "A ledger we never lose".into(),
        origin: w.candidates[0].origin.clone(),
        ..Candidate::default()
    });
    w.accept_objective_candidate(third).expect("accepted");
}

/// `path: type` for every value in a JSON document; arrays as `[]`, map keys that are ids
/// (votes by participant) as `{id}`.
fn json_shape(value: &Value, path: &str, out: &mut BTreeSet<String>) {
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(items) => {
            for item in items {
                json_shape(item, &format!("{path}[]"), out);
            }
            "array"
        }
        Value::Object(map) => {
            for (key, item) in map {
                let key = if key.chars().all(|c| c.is_ascii_digit()) { "{id}" } else { key.as_str() };
                let child = if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
                json_shape(item, &child, out);
            }
            "object"
        }
    };
    out.insert(format!("json {path}: {kind}"));
}

/// `Type.field` for every struct field Rust prints in `{:#?}`, empty or not.
fn declared_fields(debug: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    // (indent, type) of the structs being printed.
    let mut open: Vec<(usize, String)> = Vec::new();
    for line in debug.lines() {
        let indent = line.len() - line.trim_start().len();
        let text = line.trim();
        while open.last().is_some_and(|(i, _)| *i >= indent && !text.is_empty()) {
            if open.last().is_some_and(|(i, _)| *i == indent) && (text.starts_with('}') || text.starts_with(')')) {
                open.pop();
                break;
            }
            if open.last().is_some_and(|(i, _)| *i > indent) {
                open.pop();
            } else {
                break;
            }
        }
        let (field, rest) = match text.split_once(": ") {
            Some((f, r)) if f.chars().all(|c| c.is_ascii_lowercase() || c == '_') => (Some(f), r),
            _ => (None, text),
        };
        if let (Some(field), Some((i, ty))) = (field, open.last())
            && indent == i + 4
        {
            out.insert(format!("field {ty}.{field}"));
        }
        if let Some(ty) = rest.strip_suffix(" {")
            && ty.chars().next().is_some_and(char::is_uppercase)
            && ty.chars().all(char::is_alphanumeric)
        {
            open.push((indent, ty.to_string()));
        }
    }
    out
}

fn shape() -> String {
    let w = every_field();
    let value = serde_json::to_value(&w).expect("a workshop is JSON");
    let mut lines = BTreeSet::new();
    json_shape(&value, "", &mut lines);
    lines.extend(declared_fields(&format!("{w:#?}")));
    let mut text = format!("# The saved shape of schema version {SCHEMA_VERSION} (tests/schema.rs).\n");
    for line in lines {
        text.push_str(&line);
        text.push('\n');
    }
    text
}

#[test]
fn the_saved_shape_changes_only_with_the_schema_version() {
    let file = fixtures().join(format!("v{SCHEMA_VERSION}.shape"));
    let now = shape();
    if std::env::var_os("QD_WRITE_SHAPE").is_some() {
        std::fs::write(&file, &now).expect("write the shape");
    }
    let pinned = std::fs::read_to_string(&file).unwrap_or_default();
    if pinned != now {
        let was: BTreeSet<&str> = pinned.lines().collect();
        let is: BTreeSet<&str> = now.lines().collect();
        let gone: Vec<&&str> = was.difference(&is).collect();
        let new: Vec<&&str> = is.difference(&was).collect();
        panic!(
            "The saved shape of a workshop changed without a new schema version.\n\
             removed: {gone:#?}\nadded: {new:#?}\n\
             Adding a field (src/model/objective.rs lists the steps): bump SCHEMA_VERSION in\n\
             src/model/workshop.rs, add the migration from version {SCHEMA_VERSION} in src/store/codec.rs,\n\
             keep an example of version {SCHEMA_VERSION} as tests/fixtures/schema/v{SCHEMA_VERSION}.json, then\n\
             record the new shape with QD_WRITE_SHAPE=1 cargo test --test schema."
        );
    }
}

#[test]
fn every_earlier_version_has_an_example_that_still_opens() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, _) = Store::open(dir.path().to_path_buf()).expect("store");
    for version in 1..=SCHEMA_VERSION {
        let example = fixtures().join(format!("v{version}.json"));
        let bytes =
            std::fs::read(&example).unwrap_or_else(|_| panic!("{} is missing: keep an example of every version", example.display()));
        std::fs::write(dir.path().join(format!("example-{version}.json")), &bytes).expect("copy");
        let w = store.load(&format!("example-{version}")).unwrap_or_else(|e| panic!("version {version} no longer opens: {e}"));
        assert_eq!(w.schema_version, SCHEMA_VERSION, "version {version} is migrated to the current one on load");
        assert!(!w.name.is_empty() && !w.objectives.is_empty(), "version {version} keeps its content");
    }
}

#[test]
fn the_shape_reader_sees_empty_fields_and_nested_types() {
    let fields = declared_fields("Outer {\n    a: 1,\n    inner: Inner {\n        b: None,\n    },\n    c: [],\n}\n");
    let expected: BTreeSet<String> =
        ["field Outer.a", "field Outer.inner", "field Inner.b", "field Outer.c"].into_iter().map(String::from).collect();
    assert_eq!(fields, expected);
}
