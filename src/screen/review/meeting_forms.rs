//! The meeting's forms: a commitment (what, who, for which key result, typed as names and
//! an id or words of the key result), the reason a key result is dropped, and where to
//! write the week's digest.

use crate::document::Document;
use crate::model::text::clean_line;
use crate::model::{CommitmentDraft, CommitmentId, KeyResultId, ParticipantId, Verdict, Workshop};
use crate::ui::form::Form;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommitField {
    What,
    Who,
    For,
}

pub fn commitment_form(w: &Workshop, id: Option<CommitmentId>) -> Form<CommitField> {
    let c = id.and_then(|id| w.commitment(id));
    let owners: Vec<&str> = c.map(|c| c.owners.iter().map(|o| w.author_name(Some(*o))).collect()).unwrap_or_default();
    let kr = c.and_then(|c| c.key_result).map(|k| k.to_string()).unwrap_or_default();
    let title = if c.is_some() { "Edit the commitment" } else { "A commitment for this week" };
    Form::new(title)
        .field(CommitField::What, "What", c.map_or("", |c| c.text.as_str()), "the piece of work, done by the next meeting")
        .field(CommitField::Who, "Who", &owners.join(", "), "names or first names, comma-separated")
        .field(CommitField::For, "For", &kr, "the key result it serves: its id (KR7F) or words of it")
}

/// The participants `typed` names (comma-separated names, first names or starts of them).
fn owners(w: &Workshop, typed: &str) -> Result<Vec<ParticipantId>, String> {
    let mut found = Vec::new();
    for name in typed.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let lower = name.to_lowercase();
        let matches: Vec<_> = w
            .participants
            .iter()
            .filter(|p| {
                let full = p.name.to_lowercase();
                full == lower || full.starts_with(&lower) || full.split_whitespace().any(|part| part.starts_with(&lower))
            })
            .collect();
        match matches.as_slice() {
            [p] => found.push(p.id),
            [] => return Err(format!("nobody called \"{}\" takes part (step 2 adds people)", clean_line(name))),
            _ => return Err(format!("\"{}\" could be several people; type more of the name", clean_line(name))),
        }
    }
    Ok(found)
}

/// The key result `typed` names: an id or its start, else words of its description.
fn key_result(w: &Workshop, typed: &str) -> Result<Option<KeyResultId>, String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    let krs: Vec<_> = w.objectives.iter().flat_map(|o| &o.key_results).collect();
    if let Ok(id) = crate::model::ids::find(krs.iter().map(|k| k.id), typed, KeyResultId::starts_with) {
        return Ok(Some(id));
    }
    let lower = typed.to_lowercase();
    match krs.iter().filter(|k| k.description.to_lowercase().contains(&lower)).collect::<Vec<_>>().as_slice() {
        [k] => Ok(Some(k.id)),
        [] => Err("no key result has this id or these words".to_string()),
        _ => Err("several key results match: type its id".to_string()),
    }
}

/// Saves the commitment form for `week`; false (with the errors on the form) when it is
/// not right yet.
pub fn submit_commitment(doc: &mut Document, week: u32, id: Option<CommitmentId>, form: &mut Form<CommitField>) -> bool {
    form.clear_errors();
    let w = doc.workshop();
    let text = form.value(CommitField::What);
    if text.trim().is_empty() {
        form.set_error(CommitField::What, "say what will be done");
    }
    let owners = owners(w, &form.value(CommitField::Who)).map_err(|e| form.set_error(CommitField::Who, e)).ok();
    let kr = key_result(w, &form.value(CommitField::For)).map_err(|e| form.set_error(CommitField::For, e)).ok();
    let (Some(owners), Some(key_result)) = (owners, kr) else {
        form.focus_first_error();
        return false;
    };
    if form.has_errors() {
        form.focus_first_error();
        return false;
    }
    let draft = CommitmentDraft { text, owners, key_result };
    match id {
        Some(id) => doc.try_change("edit a commitment", |w| w.edit_commitment(id, &draft)),
        None => doc.try_change("add a commitment", |w| w.add_commitment(week, &draft).is_some()),
    };
    true
}

/// The one field of the drop and digest forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line;

pub fn drop_form(w: &Workshop, kr: KeyResultId) -> Form<Line> {
    let what = w.key_result(kr).map(|k| k.description.clone()).unwrap_or_default();
    Form::new(format!("Drop: {what}")).field(Line, "Why", "", "what changed: it stops counting from this week")
}

pub fn submit_drop(doc: &mut Document, week: u32, kr: KeyResultId, form: &mut Form<Line>) -> bool {
    let reason = form.value(Line);
    if reason.trim().is_empty() {
        form.set_error(Line, "a dropped key result needs its reason on record");
        return false;
    }
    doc.try_change("drop a key result", |w| w.decide(week, kr, Verdict::Drop, &reason));
    true
}

pub fn digest_form(w: &Workshop, week: u32) -> Form<Line> {
    let path = format!("~/{}-week-{week}-digest.md", crate::store::slug(&w.name));
    Form::new(format!("Week {week}'s digest")).field(Line, "Write to", &path, "a Markdown file to paste into chat or a wiki")
}
