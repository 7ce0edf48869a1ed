//! Reading a proposal file: every file is untrusted, so a wrong shape, a newer version or
//! text that is too long gives a one-sentence error or a clean proposal, never a panic.

use std::collections::HashSet;

use jiff::Timestamp;
use serde::Deserialize;
use serde_json::Value;

use super::{MAX_AUTHOR_CHARS, MAX_DESCRIPTION_BYTES, MAX_ID_CHARS, MAX_MESSAGE_CHARS, PROPOSAL_VERSION};
use super::{Proposal, ProposedInitiative, ProposedKeyResult, ProposedObjective};
use crate::model::initiative::Size;
use crate::model::objective::KeyResultKind;
use crate::model::text::{cap_bytes, cap_chars, cap_title, clean_line, clean_multiline, json_kind, with_whole_title};

/// Why a file could not be read as a proposal. Each message is one sentence naming the file
/// and saying what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProposalError {
    #[error("{file} is empty; ask its author to save the proposal again")]
    Empty { file: String },
    #[error("{file} is not a Quarterdeck proposal (it is not text); choose a .json file written by `quarterdeck propose`")]
    Binary { file: String },
    #[error("{file} is UTF-16 text; save it as UTF-8 and merge it again")]
    Utf16 { file: String },
    #[error("{file} is not valid UTF-8 at line {line}; save it as UTF-8 and merge it again")]
    InvalidUtf8 { file: String, line: usize },
    /// Not JSON at all.
    #[error("{file} is not valid JSON (line {line}, column {column}: {message}); fix it there or ask its author to save it again")]
    Json { file: String, line: usize, column: usize, message: String },
    /// JSON, but not a proposal: `detail` says what it looks like and what to do instead.
    #[error("{file} is not a Quarterdeck proposal ({detail})")]
    NotAProposal { file: String, detail: String },
    #[error(
        "{file} was written by a newer Quarterdeck (proposal format {found}, this one reads {supported}); update Quarterdeck to merge it"
    )]
    Newer { file: String, found: u64, supported: u32 },
    /// A proposal, but a field has the wrong shape (an unknown size, a title that is a number...).
    #[error("{file} is not a readable proposal (line {line}, column {column}: {message}); fix it there or ask its author to save it again")]
    Invalid { file: String, line: usize, column: usize, message: String },
}

impl ProposalError {
    pub fn file(&self) -> &str {
        match self {
            ProposalError::Empty { file }
            | ProposalError::Binary { file }
            | ProposalError::Utf16 { file }
            | ProposalError::InvalidUtf8 { file, .. }
            | ProposalError::Json { file, .. }
            | ProposalError::NotAProposal { file, .. }
            | ProposalError::Newer { file, .. }
            | ProposalError::Invalid { file, .. } => file,
        }
    }
}

/// A proposal file as written, leniently: anything missing that can be defaulted is.
#[derive(Deserialize)]
struct RawProposal {
    #[serde(default)]
    id: String,
    #[serde(default)]
    author: String,
    created: Timestamp,
    #[serde(default)]
    initiatives: Vec<RawInitiative>,
    #[serde(default)]
    objectives: Vec<RawObjective>,
    #[serde(default)]
    key_results: Vec<RawKeyResult>,
}

#[derive(Deserialize)]
struct RawObjective {
    #[serde(default)]
    id: Option<u64>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    rationale: String,
    #[serde(default)]
    author: String,
    #[serde(default)]
    anonymous: bool,
}

#[derive(Deserialize)]
struct RawKeyResult {
    #[serde(default)]
    id: Option<u64>,
    #[serde(default)]
    description: String,
    /// Read from the description when missing, as step 4 reads it.
    #[serde(default)]
    kind: Option<KeyResultKind>,
    #[serde(default)]
    objective: Option<u64>,
    #[serde(default)]
    author: String,
    #[serde(default)]
    anonymous: bool,
}

#[derive(Deserialize)]
struct RawInitiative {
    #[serde(default)]
    id: Option<u64>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    /// Unknown sizes are refused (with the line), not guessed.
    #[serde(default)]
    size: Size,
    /// Any number; clamped to 1–5.
    #[serde(default)]
    impact: Option<f64>,
    #[serde(default)]
    cost: Option<f64>,
    /// Defaults to the proposal's.
    #[serde(default)]
    created: Option<Timestamp>,
    #[serde(default)]
    author: String,
    #[serde(default)]
    anonymous: bool,
}

/// Reads a proposal file's bytes. `file_name` is only used in messages. Every text is
/// sanitised, titles capped at [`super::MAX_TITLE_CHARS`] (the whole title then heads the
/// description), impact and cost clamped to 1–5, initiatives without a title dropped, and
/// initiative ids made unique. An unknown size is an error naming its line. Never panics.
pub fn parse_proposal(file_name: &str, bytes: &[u8]) -> Result<Proposal, ProposalError> {
    let file = display_name(file_name);
    let text = decode(&file, bytes)?;
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let (line, column, message) = position(&e);
        ProposalError::Json { file: file.clone(), line, column, message }
    })?;
    check_version(&file, &value)?;
    drop(value);
    // Typed from the text again (not from the value) so that shape errors keep their line.
    let raw: RawProposal = serde_json::from_str(text).map_err(|e| {
        let (line, column, message) = position(&e);
        ProposalError::Invalid { file: file.clone(), line, column, message }
    })?;
    Ok(from_raw(raw))
}

/// The name to show: cleaned, never empty.
fn display_name(file_name: &str) -> String {
    let name = cap_chars(clean_line(file_name), 200);
    if name.is_empty() { "the proposal file".to_string() } else { name }
}

/// The content as text without a BOM, or why it is not text.
fn decode<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, ProposalError> {
    let file = file.to_string();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ProposalError::Utf16 { file });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ProposalError::Empty { file });
    }
    // JSON never holds a raw NUL or other control bytes (beyond whitespace).
    let sample = &bytes[..bytes.len().min(8192)];
    if bytes.contains(&0) || sample.iter().filter(|b| **b < 0x20 && !b.is_ascii_whitespace()).count() * 10 > sample.len() {
        return Err(ProposalError::Binary { file });
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].split(|b| *b == b'\n').count();
        ProposalError::InvalidUtf8 { file, line }
    })
}

/// Line, column and message (without `serde_json`'s " at line L column C", cleaned, capped).
fn position(error: &serde_json::Error) -> (usize, usize, String) {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let message = text.strip_suffix(&suffix).unwrap_or(&text);
    (error.line(), error.column(), cap_chars(clean_line(message), MAX_MESSAGE_CHARS))
}

/// The `quarterdeck_proposal` field: present, a whole number from 1, not newer than ours.
fn check_version(file: &str, value: &Value) -> Result<(), ProposalError> {
    const HOW: &str = "choose a file written by `quarterdeck propose`";
    let not = |detail: String| ProposalError::NotAProposal { file: file.to_string(), detail };
    let Value::Object(map) = value else {
        return Err(not(format!("it holds {}, not a proposal; {HOW}", json_kind(value))));
    };
    let Some(version) = map.get("quarterdeck_proposal") else {
        if map.contains_key("schema_version") {
            return Err(not("it looks like a workshop: open it with `quarterdeck open`".into()));
        }
        return Err(not(format!("it has no quarterdeck_proposal field; {HOW}")));
    };
    match version.as_u64() {
        Some(found) if found > u64::from(PROPOSAL_VERSION) => {
            Err(ProposalError::Newer { file: file.to_string(), found, supported: PROPOSAL_VERSION })
        }
        Some(found) if found >= 1 => Ok(()),
        _ => {
            let shown = match version {
                Value::Number(n) => cap_chars(clean_line(&n.to_string()), 40),
                other => json_kind(other).to_string(),
            };
            Err(not(format!("its quarterdeck_proposal must be a whole number from 1, not {shown}; {HOW}")))
        }
    }
}

fn from_raw(raw: RawProposal) -> Proposal {
    let created = raw.created;
    let initiatives = numbered(
        raw.initiatives.into_iter().map(|r| {
            let candidate = ProposedInitiative {
                id: 0,
                title: r.title,
                description: r.description,
                size: r.size,
                impact: r.impact.and_then(score),
                cost: r.cost.and_then(score),
                created: r.created.unwrap_or(created),
                author: r.author,
                anonymous: r.anonymous,
            };
            (r.id, tidy(candidate))
        }),
        |i, id| i.id = id,
    );
    let objectives = numbered(
        raw.objectives.into_iter().map(|r| {
            let candidate = ProposedObjective { id: 0, title: r.title, rationale: r.rationale, author: r.author, anonymous: r.anonymous };
            (r.id, tidy_objective(candidate))
        }),
        |o, id| o.id = id,
    );
    let mut key_results = numbered(
        raw.key_results.into_iter().map(|r| {
            let candidate = ProposedKeyResult {
                id: 0,
                description: r.description,
                kind: r.kind,
                objective: r.objective,
                author: r.author,
                anonymous: r.anonymous,
            };
            (r.id, tidy_key_result(candidate))
        }),
        |k, id| k.id = id,
    );
    // A key result under an objective the file does not propose is for the team's own.
    for k in &mut key_results {
        k.objective = k.objective.filter(|o| objectives.iter().any(|x| x.id == *o));
    }
    Proposal {
        quarterdeck_proposal: PROPOSAL_VERSION,
        id: cap_chars(clean_line(&raw.id), MAX_ID_CHARS),
        author: cap_chars(clean_line(&raw.author), MAX_AUTHOR_CHARS),
        created,
        initiatives,
        objectives,
        key_results,
    }
}

/// The items that survived tidying, with unique ids: those without an id, or repeating
/// one, are numbered after the highest id, in file order, so the same file always gets the
/// same numbers and merging it twice still recognises them.
fn numbered<T>(items: impl Iterator<Item = (Option<u64>, Option<T>)>, set_id: impl Fn(&mut T, u64)) -> Vec<T> {
    let mut used: HashSet<u64> = HashSet::new();
    let mut out: Vec<T> = Vec::new();
    let mut unnumbered = Vec::new();
    for (id, item) in items {
        let Some(mut item) = item else { continue };
        match id {
            Some(id) if used.insert(id) => set_id(&mut item, id),
            _ => unnumbered.push(out.len()),
        }
        out.push(item);
    }
    let mut next = used.iter().max().map_or(1, |m| m.saturating_add(1));
    for i in unnumbered {
        while !used.insert(next) {
            next = next.wrapping_add(1);
        }
        set_id(&mut out[i], next);
    }
    out
}

/// A guess as a score from 1 to 5; `None` for what is not a number.
fn score(v: f64) -> Option<u8> {
    v.is_finite().then(|| v.round().clamp(1.0, 5.0) as u8)
}

/// An author's name as a proposal keeps it.
fn author(name: &str) -> String {
    cap_chars(clean_line(name), MAX_AUTHOR_CHARS)
}

/// Cleans a proposed objective; `None` when its title is empty.
pub(super) fn tidy_objective(mut p: ProposedObjective) -> Option<ProposedObjective> {
    let (title, whole) = cap_title(&p.title);
    if title.is_empty() {
        return None;
    }
    // Nothing lost: a cut title heads the rationale whole.
    p.title = title;
    let mut rationale = with_whole_title(whole, clean_multiline(&p.rationale).trim().to_string());
    cap_bytes(&mut rationale, MAX_DESCRIPTION_BYTES);
    p.rationale = rationale;
    p.author = author(&p.author);
    Some(p)
}

/// Cleans a proposed key result and reads its numbers from the description when the file
/// does not give them, as step 4 does; `None` when its description is empty.
pub(super) fn tidy_key_result(mut p: ProposedKeyResult) -> Option<ProposedKeyResult> {
    let (description, _) = cap_title(&p.description);
    if description.is_empty() {
        return None;
    }
    p.description = description;
    let kind = p.kind.take().unwrap_or_else(|| crate::model::candidate::kind_from_text(&p.description));
    p.kind = Some(crate::model::objectives::clean_kind(&kind));
    p.author = author(&p.author);
    Some(p)
}

/// Cleans the texts, caps the sizes and clamps the scores; `None` when the title is empty.
pub(super) fn tidy(mut p: ProposedInitiative) -> Option<ProposedInitiative> {
    let (title, whole) = cap_title(&p.title);
    if title.is_empty() {
        return None;
    }
    let mut description = clean_multiline(&p.description);
    let blank_start = description.len() - description.trim_start_matches(['\n', ' ']).len();
    description.drain(..blank_start);
    // Nothing lost: a cut title heads the description whole.
    p.title = title;
    let mut description = with_whole_title(whole, description);
    cap_bytes(&mut description, MAX_DESCRIPTION_BYTES);
    p.description = description;
    p.impact = p.impact.map(|v| v.clamp(1, 5));
    p.cost = p.cost.map(|v| v.clamp(1, 5));
    p.author = author(&p.author);
    Some(p)
}
