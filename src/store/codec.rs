//! The file format: workshop ⇄ bytes, the `schema_version` check and the step-by-step
//! migrations of older files. Pure functions of bytes; no file system here.

use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use super::error::StoreError;
use crate::model::{SCHEMA_VERSION, Workshop};

/// Rewrites a parsed file of schema `n` into schema `n + 1` (without touching
/// `schema_version`, which the caller bumps). The error is shown to the user.
pub(crate) type Migration = fn(&mut Value) -> Result<(), String>;

/// `MIGRATIONS[n - 1]` turns schema `n` into schema `n + 1`. When `SCHEMA_VERSION` goes up,
/// add one function here; a test checks the table and the version agree.
pub(crate) const MIGRATIONS: &[Migration] = &[v1_to_v2];

/// Schema 2 makes a workshop a shared document: the step a person is on moves to their own
/// state (looking no longer writes the file), and ids stop coming from a counter in the
/// file (new ones are random, so clones never collide). The ids already there stay the
/// numbers they were, so every clone that migrates the same file agrees on them.
fn v1_to_v2(value: &mut Value) -> Result<(), String> {
    let map = value.as_object_mut().ok_or("the file is not an object")?;
    map.remove("step");
    map.remove("next_id");
    Ok(())
}

/// Which schema this build writes and how to bring older files up to it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Schema {
    pub current: u32,
    pub migrations: &'static [Migration],
}

pub(crate) const SCHEMA: Schema = Schema { current: SCHEMA_VERSION, migrations: MIGRATIONS };

/// A successfully read workshop, and the schema it was migrated from if it was older.
#[derive(Debug)]
pub(crate) struct Decoded {
    pub workshop: Workshop,
    pub migrated_from: Option<u32>,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Pretty JSON in struct field order with a trailing newline, `schema_version` set to the
/// current one. A workshop that would not load again is never written: its numbers are
/// checked to be finite before encoding (JSON cannot hold NaN); debug builds (every test)
/// also read the bytes back in full, which would catch a saved number the check missed.
pub(crate) fn encode(path: &Path, workshop: &Workshop, schema: Schema) -> Result<Vec<u8>, StoreError> {
    let unencodable = |message: String| StoreError::Unencodable { path: path.to_path_buf(), message };
    if let Some(what) = super::finite::first_non_finite(workshop) {
        return Err(unencodable(format!("{what} is not a finite number")));
    }
    let mut bytes = Vec::with_capacity(16 * 1024);
    let result = if workshop.schema_version == schema.current {
        serde_json::to_writer_pretty(&mut bytes, workshop)
    } else {
        let mut current = workshop.clone();
        current.schema_version = schema.current;
        serde_json::to_writer_pretty(&mut bytes, &current)
    };
    result.map_err(|e| unencodable(e.to_string()))?;
    bytes.push(b'\n');
    if bytes.len() as u64 > super::disk::MAX_FILE_BYTES {
        let (size, limit) = (super::disk::megabytes(bytes.len() as u64), super::disk::megabytes(super::disk::MAX_FILE_BYTES));
        return Err(unencodable(format!(
            "the workshop would be {size}, more than the {limit} a workshop file may hold; nothing was written (delete shelved items or import fewer)"
        )));
    }
    #[cfg(debug_assertions)]
    match decode(&bytes, path, schema) {
        Ok(_) => {}
        Err(StoreError::Corrupt { message, .. }) => return Err(unencodable(message)),
        Err(other) => return Err(unencodable(other.to_string())),
    }
    Ok(bytes)
}

/// Reads a workshop: JSON first, then `schema_version` (missing or odd → `Corrupt`, newer →
/// `NewerSchema`), then migrations one version at a time, then the typed workshop, sanitised.
pub(crate) fn decode(bytes: &[u8], path: &Path, schema: Schema) -> Result<Decoded, StoreError> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    // The common case, a readable file of the current schema, is read once, straight into
    // the workshop; building a `Value` of a large file first costs more than the typed
    // read. Anything else (an error, a migration) takes the full path below.
    if let Some(workshop) = current_schema_fast_path(bytes, schema) {
        refuse_duplicates(&workshop, bytes, path)?;
        return Ok(Decoded { workshop, migrated_from: None });
    }
    let mut value: Value = serde_json::from_slice(bytes).map_err(|e| unreadable(path, bytes, &e))?;
    let found = version_of(&value).map_err(|message| StoreError::corrupt(path, 0, 0, message))?;
    if found > u64::from(schema.current) {
        let found = u32::try_from(found).unwrap_or(u32::MAX);
        return Err(StoreError::NewerSchema { path: path.to_path_buf(), found, supported: schema.current });
    }
    // `found` is now between 1 and `schema.current`, so it fits a u32.
    let found = u32::try_from(found).unwrap_or(schema.current);
    let mut workshop: Workshop = if found == schema.current {
        // Straight from the bytes, so shape errors still carry a line and column.
        serde_json::from_slice(bytes).map_err(|e| unreadable(path, bytes, &e))?
    } else {
        migrate(&mut value, found, schema).map_err(|message| StoreError::corrupt(path, 0, 0, message))?;
        Workshop::deserialize(value).map_err(|e| StoreError::corrupt(path, 0, 0, format!("after migrating from schema {found}: {e}")))?
    };
    workshop.schema_version = schema.current;
    workshop.sanitise();
    refuse_duplicates(&workshop, bytes, path)?;
    Ok(Decoded { workshop, migrated_from: (found != schema.current).then_some(found) })
}

/// Two items of one kind with one id: refused, naming the lines, before anything could be
/// written onto the wrong one.
fn refuse_duplicates(workshop: &Workshop, bytes: &[u8], path: &Path) -> Result<(), StoreError> {
    let Some(first) = crate::model::integrity::duplicate_ids(workshop).into_iter().next() else { return Ok(()) };
    let lines = crate::model::integrity::lines_of_id(bytes, &first.written);
    let lines: Vec<String> = lines.iter().map(usize::to_string).collect();
    Err(StoreError::DuplicateIds { path: path.to_path_buf(), id: first.id, count: first.count, lines: lines.join(", ") })
}

/// A file that does not parse: git's conflict markers get their own sentence (and what to
/// do), anything else the parser's position.
fn unreadable(path: &Path, bytes: &[u8], error: &serde_json::Error) -> StoreError {
    match conflict_marker_line(bytes) {
        Some(line) => StoreError::Conflicted { path: path.to_path_buf(), line },
        None => json_error(path, bytes, error),
    }
}

/// The first line that starts with one of git's conflict markers. JSON never has one: its
/// strings cannot span lines.
pub(crate) fn conflict_marker_line(bytes: &[u8]) -> Option<usize> {
    let markers: [&[u8]; 3] = [b"<<<<<<<", b"=======", b">>>>>>>"];
    bytes.split(|b| *b == b'\n').position(|line| markers.iter().any(|m| line.starts_with(m))).map(|n| n + 1)
}

/// The workshop, when the file is a JSON object whose `schema_version` is the current one
/// and which reads as a workshop; `None` for anything else.
fn current_schema_fast_path(bytes: &[u8], schema: Schema) -> Option<Workshop> {
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return None;
    }
    // One pass: the typed read, then its version checked (an older or newer file that
    // happens to read as a workshop takes the full path, which migrates or refuses it).
    // A large file is read on several threads; any other (or one that does not read
    // apart) whole, checked as UTF-8 once, then read as text: the parser need not check
    // each string.
    let workshop = match super::apart::read(bytes) {
        Some(workshop) => workshop,
        None => {
            let mut workshop: Workshop = serde_json::from_str(std::str::from_utf8(bytes).ok()?).ok()?;
            workshop.sanitise();
            workshop
        }
    };
    (workshop.schema_version == schema.current).then_some(workshop)
}

/// What home shows of a workshop: its name, team and period, and what is due
/// (`Workshop::due_facts`: settings, people, objectives, meetings).
#[derive(Debug, Clone)]
pub(crate) struct Header {
    pub name: String,
    pub team: String,
    pub period: String,
    pub due: Workshop,
}

/// Reads only what home shows: the backlog and the initiatives (nearly all of a large file)
/// are skipped over, not built, so a 100,000-item workshop lists about as fast as the parser
/// can scan it. A file that is not a current-schema workshop takes the full read, so it is
/// listed with the same sentence opening it would give.
pub(crate) fn header(bytes: &[u8], path: &Path, schema: Schema) -> Result<Header, StoreError> {
    #[derive(serde::Deserialize)]
    struct Fields {
        schema_version: Option<serde_json::Number>,
        name: String,
        #[serde(default)]
        team: String,
        period: crate::model::Period,
        created: jiff::Timestamp,
        #[serde(default)]
        settings: crate::model::Settings,
        #[serde(default)]
        participants: Vec<crate::model::Participant>,
        #[serde(default)]
        objectives: Vec<crate::model::Objective>,
        #[serde(default)]
        meetings: Vec<crate::model::Meeting>,
    }
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let current = |f: &Fields| f.schema_version.as_ref().and_then(serde_json::Number::as_u64) == Some(u64::from(schema.current));
    match serde_json::from_slice::<Fields>(bytes) {
        Ok(f) if current(&f) => {
            let mut w = Workshop::new(&f.name, &f.team, f.period, f.created);
            w.settings = f.settings;
            w.participants = f.participants;
            w.objectives = f.objectives.into();
            w.meetings = f.meetings;
            w.sanitise();
            let due = w.due_facts();
            Ok(Header { name: w.name, team: w.team, period: w.period.label, due })
        }
        _ => decode(bytes, path, schema).map(|d| {
            let due = d.workshop.due_facts();
            Header { name: d.workshop.name, team: d.workshop.team, period: d.workshop.period.label, due }
        }),
    }
}

/// The `schema_version` of a parsed file, or why there is none.
fn version_of(value: &Value) -> Result<u64, String> {
    let Value::Object(map) = value else {
        return Err(format!("the file holds {}, not a workshop object", crate::model::text::json_kind(value)));
    };
    match map.get("schema_version") {
        None => Err("there is no schema_version field, so this is not a Quarterdeck workshop file".into()),
        Some(Value::Number(n)) => match n.as_u64() {
            Some(0) => Err("schema_version 0 was never written by Quarterdeck".into()),
            Some(v) => Ok(v),
            None => Err(format!("schema_version must be a whole number, not {n}")),
        },
        Some(other) => Err(format!("schema_version must be a whole number, not {}", crate::model::text::json_kind(other))),
    }
}

fn migrate(value: &mut Value, from: u32, schema: Schema) -> Result<(), String> {
    for version in from..schema.current {
        let step = usize::try_from(version - 1)
            .ok()
            .and_then(|i| schema.migrations.get(i))
            .ok_or_else(|| format!("this Quarterdeck cannot migrate files of schema {version}"))?;
        step(value).map_err(|e| format!("could not migrate from schema {version}: {e}"))?;
        if let Value::Object(map) = value {
            map.insert("schema_version".into(), Value::from(version + 1));
        }
    }
    Ok(())
}

fn json_error(path: &Path, bytes: &[u8], error: &serde_json::Error) -> StoreError {
    // serde_json's message ends with " at line L column C"; we report those separately.
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let message = text.strip_suffix(&suffix).unwrap_or(&text);
    let (mut line, mut column) = (error.line(), error.column());
    if column == 0 && line > 1 {
        // "Column 0" is just after a line break: point at the end of the line before.
        line -= 1;
        let previous = bytes.split(|b| *b == b'\n').nth(line - 1).unwrap_or_default();
        column = String::from_utf8_lossy(previous).trim_end_matches('\r').chars().count() + 1;
    }
    StoreError::corrupt(path, line, column, message)
}

/// Test support: a pretend schema 3 with two migrations.
#[cfg(test)]
pub(crate) mod future {
    use super::{Schema, Value};

    // A pretend future: schema 4, where 2 → 3 renamed `name` to `title` and 3 → 4 renamed
    // it back, so that the real `Workshop` type still reads the result.
    pub(crate) fn to_title(v: &mut Value) -> Result<(), String> {
        let map = v.as_object_mut().ok_or("not an object")?;
        let name = map.remove("name").ok_or("no name")?;
        map.insert("title".into(), name);
        Ok(())
    }

    fn to_name(v: &mut Value) -> Result<(), String> {
        let map = v.as_object_mut().ok_or("not an object")?;
        let title = map.remove("title").ok_or("no title")?;
        let upper = title.as_str().ok_or("title is not text")?.to_uppercase();
        map.insert("name".into(), Value::from(upper));
        Ok(())
    }

    pub(crate) const FUTURE: Schema = Schema { current: 4, migrations: &[super::v1_to_v2, to_title, to_name] };
}

#[cfg(test)]
mod tests {
    use super::future::{FUTURE, to_title};
    use super::*;
    use crate::model::Period;
    use jiff::Timestamp;

    fn workshop() -> Workshop {
        // Ids are random: a fixed seed makes this workshop the same every time.
        crate::model::ids::seed(1);
        let mut w = Workshop::new("Platform team", "Infra", Period::parse("2027-Q1").expect("period"), Timestamp::UNIX_EPOCH);
        w.add_participant("Ada");
        w
    }

    fn path() -> &'static Path {
        Path::new("/data/platform-team.json")
    }

    fn decode_str(text: &str) -> Result<Decoded, StoreError> {
        decode(text.as_bytes(), path(), SCHEMA)
    }

    #[test]
    fn the_header_is_what_the_full_read_gives_and_broken_files_get_its_sentence() {
        let w = workshop();
        let bytes = encode(path(), &w, SCHEMA).expect("encode");
        let h = header(&bytes, path(), SCHEMA).expect("header");
        assert_eq!((h.name.as_str(), h.team.as_str(), h.period.as_str()), (w.name.as_str(), w.team.as_str(), w.period.label.as_str()));
        let hostile =
            String::from_utf8(bytes).expect("utf8").replacen(&format!("\"name\": \"{}\"", w.name), "\"name\": \"a\\u001b[2Jb\"", 1);
        assert_eq!(header(hostile.as_bytes(), path(), SCHEMA).expect("header").name, "a[2Jb", "control characters are cleaned");
        for broken in ["", "[]", "{\"schema_version\": 99, \"name\": \"x\"}", "<<<<<<< HEAD\n{}", "{\"schema_version\": 2, \"name\": 5}"] {
            let full = decode(broken.as_bytes(), path(), SCHEMA).map(|_| ()).map_err(|e| e.to_string());
            let listed = header(broken.as_bytes(), path(), SCHEMA).map(|_| ()).map_err(|e| e.to_string());
            assert_eq!(listed, full, "{broken}");
            assert!(listed.is_err());
        }
    }

    #[test]
    fn the_migration_table_matches_the_schema_version() {
        assert_eq!(MIGRATIONS.len() + 1, SCHEMA_VERSION as usize);
    }

    #[test]
    fn encode_is_pretty_ordered_and_ends_with_a_newline() {
        let bytes = encode(path(), &workshop(), SCHEMA).expect("encode");
        let text = String::from_utf8(bytes).expect("utf-8");
        assert!(text.starts_with(&format!("{{\n  \"schema_version\": {SCHEMA_VERSION},\n  \"name\": \"Platform team\",\n")), "{text}");
        assert!(text.ends_with("}\n"));
        let back = decode_str(&text).expect("decode");
        assert_eq!(back.workshop, workshop());
        assert_eq!(back.migrated_from, None);
    }

    #[test]
    fn encode_refuses_what_would_not_read_back() {
        let mut w = workshop();
        w.settings.at_risk_margin = f64::NAN; // serde_json writes null, which no f64 accepts
        let err = encode(path(), &w, SCHEMA).expect_err("NaN");
        assert!(matches!(err, StoreError::Unencodable { .. }), "{err}");
        let mut w = workshop();
        let mut kr = crate::model::KeyResult { kind: crate::model::KeyResultKind::metric(1.0, f64::INFINITY, "ms"), ..Default::default() };
        kr.final_score = Some(0.5);
        w.objectives.push(crate::model::Objective { key_results: vec![kr], ..Default::default() });
        let err = encode(path(), &w, SCHEMA).expect_err("infinity");
        assert!(err.to_string().contains("not a finite number"), "{err}");
    }

    #[test]
    fn encode_writes_the_current_schema_version() {
        let mut w = workshop();
        w.schema_version = 0;
        let text = String::from_utf8(encode(path(), &w, SCHEMA).expect("encode")).expect("utf-8");
        assert!(text.contains(&format!("\"schema_version\": {SCHEMA_VERSION},")));
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let err = decode_str("{\n  \"schema_version\": 1,\n  \"name\": oops\n}").expect_err("bad");
        let StoreError::Corrupt { line, column, message, .. } = err else { panic!("{err}") };
        assert_eq!((line, column), (3, 11));
        assert!(message.starts_with("expected value"), "{message}");
    }

    #[test]
    fn shape_errors_carry_line_and_column() {
        let mut text = String::from_utf8(encode(path(), &workshop(), SCHEMA).expect("encode")).expect("utf-8");
        text = text.replace("\"initiatives\": []", "\"initiatives\": 5");
        let err = decode_str(&text).expect_err("bad shape");
        let StoreError::Corrupt { line, column, message, .. } = err else { panic!("{err}") };
        assert!(line > 1 && column > 0, "{line}:{column}");
        assert!(message.contains("invalid type: integer `5`"), "{message}");
    }

    #[test]
    fn odd_versions_and_shapes() {
        for (text, expected) in [
            ("[1, 2]", "the file holds a list"),
            ("\"hi\"", "the file holds a string"),
            ("{\"name\": \"x\"}", "there is no schema_version field"),
            ("{\"schema_version\": \"1\"}", "schema_version must be a whole number, not a string"),
            ("{\"schema_version\": 1.5}", "schema_version must be a whole number, not 1.5"),
            ("{\"schema_version\": -1}", "schema_version must be a whole number, not -1"),
            ("{\"schema_version\": 0}", "schema_version 0"),
            ("", "EOF while parsing"),
        ] {
            let err = decode_str(text).expect_err(text);
            let StoreError::Corrupt { message, .. } = &err else { panic!("{text}: {err}") };
            assert!(message.starts_with(expected), "{text}: {message}");
        }
    }

    #[test]
    fn newer_versions_are_refused_even_huge_ones() {
        let next = format!("{{\"schema_version\": {}}}", SCHEMA_VERSION + 1);
        for (text, found) in [(next.as_str(), SCHEMA_VERSION + 1), ("{\"schema_version\": 99999999999}", u32::MAX)] {
            let err = decode_str(text).expect_err(text);
            assert!(
                matches!(err, StoreError::NewerSchema { found: f, supported, .. } if f == found && supported == SCHEMA_VERSION),
                "{text}: {err}"
            );
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let err = decode_str(&deep).expect_err("too deep");
        let StoreError::Corrupt { message, .. } = err else { panic!("{err}") };
        assert!(message.contains("recursion limit"), "{message}");
        let deep_field = format!("{{\"schema_version\": 1, \"name\": {}", "[".repeat(100_000));
        assert!(matches!(decode_str(&deep_field), Err(StoreError::Corrupt { .. })));
    }

    #[test]
    fn a_byte_order_mark_is_tolerated_and_text_is_sanitised() {
        let mut w = workshop();
        w.name = "Evil\u{1b}[2J name".into();
        let mut bytes = BOM.to_vec();
        serde_json::to_writer(&mut bytes, &w).expect("json");
        let back = decode(&bytes, path(), SCHEMA).expect("decode");
        assert_eq!(back.workshop.name, "Evil[2J name");
    }

    #[test]
    fn migrations_run_one_step_at_a_time() {
        let v2 = String::from_utf8(encode(path(), &workshop(), SCHEMA).expect("encode")).expect("utf-8");
        let back = decode(v2.as_bytes(), path(), FUTURE).expect("migrated");
        assert_eq!(back.migrated_from, Some(2));
        assert_eq!(back.workshop.name, "PLATFORM TEAM");
        assert_eq!(back.workshop.schema_version, 4);

        let v3 = v2.replace("\"schema_version\": 2", "\"schema_version\": 3").replacen("\"name\"", "\"title\"", 1);
        let back = decode(v3.as_bytes(), path(), FUTURE).expect("migrated from 3");
        assert_eq!((back.migrated_from, back.workshop.name.as_str()), (Some(3), "PLATFORM TEAM"));

        let broken = v3.replace("\"title\"", "\"nothing\"");
        let err = decode(broken.as_bytes(), path(), FUTURE).expect_err("no title");
        assert!(err.to_string().contains("could not migrate from schema 3: no title"), "{err}");
    }

    #[test]
    fn schema_1_loses_the_step_and_the_counter_and_keeps_its_ids() {
        let v1 = r#"{"schema_version": 1, "name": "Old", "period": {"label": "2027-Q1", "start": "2027-01-01", "end": "2027-03-31"},
            "created": "2026-12-01T00:00:00Z", "step": "review", "next_id": 4,
            "participants": [{"id": 1, "name": "Ada"}], "initiatives": [{"id": 3, "title": "x", "author": 1, "created": "2026-12-01T00:00:00Z", "votes": {"1": 2}}]}"#;
        let back = decode_str(v1).expect("migrated");
        assert_eq!(back.migrated_from, Some(1));
        let w = back.workshop;
        assert!(w.extra.is_empty(), "step and next_id are gone, not kept as unknown: {:?}", w.extra);
        assert_eq!(w.initiatives[0].id.0, 3, "ids stay the numbers they were");
        assert_eq!(w.initiatives[0].votes.get(&crate::model::ParticipantId(1)), Some(&2));
    }

    #[test]
    fn a_gap_in_the_table_is_reported() {
        const GAP: Schema = Schema { current: 4, migrations: &[super::v1_to_v2, to_title] };
        let v2 = encode(path(), &workshop(), SCHEMA).expect("encode");
        let err = decode(&v2, path(), GAP).expect_err("gap");
        assert!(err.to_string().contains("cannot migrate files of schema 3"), "{err}");
    }
}
