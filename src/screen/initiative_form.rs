//! The initiative editor, shared by capture-with-description, edit, rescue from the shelf
//! and the proposal drafting screen: building the form and reading it back.

use crate::model::brainstorm::{CAPTURE_SOURCES, Capture};
use crate::model::{InitiativeSource, Size, Workshop};
use crate::ui::form::{Form, FormPurpose};

const TITLE: usize = 0;
const DESCRIPTION: usize = 1;
const AUTHOR: usize = 2;
const SIZE: usize = 3;
const IMPACT: usize = 4;
const COST: usize = 5;
const SOURCE: usize = 6;

fn score_text(v: Option<u8>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The editor, prefilled. The source can be chosen only for ideas captured in the room.
pub fn form(title: impl Into<String>, purpose: FormPurpose, capture: &Capture, w: &Workshop) -> Form {
    let author = capture.author.map(|a| w.author_name(Some(a)).to_string()).unwrap_or_default();
    let form = Form::new(title, purpose)
        .field("Title", &capture.title, "the idea in a few words")
        .multiline_field("Description", &capture.description, "optional: why, what it would change")
        .field("Author", &author, "a participant's name, or empty for anonymous")
        .field("Size", capture.size.label(), "small, medium, large or audacious")
        .field("Impact 1-5", &score_text(capture.impact), "optional guess")
        .field("Cost 1-5", &score_text(capture.cost), "optional guess");
    if CAPTURE_SOURCES.contains(&capture.source) {
        form.field("Source", capture.source.label(), "team, product, principal engineer or open idea")
    } else {
        form
    }
}

fn score(form: &mut Form, index: usize) -> Option<u8> {
    let text = form.value(index);
    if text.is_empty() {
        return None;
    }
    match text.parse::<u8>() {
        Ok(v @ 1..=5) => Some(v),
        _ => {
            form.set_error(index, "a number from 1 to 5, or empty");
            None
        }
    }
}

/// Reads the editor back; the form comes back with its errors when something is wrong.
pub fn read(mut form: Form, w: &Workshop, source: InitiativeSource) -> Result<(Capture, Form), Box<Form>> {
    form.clear_errors();
    let title = form.value(TITLE);
    if title.is_empty() {
        form.set_error(TITLE, "give the idea a title");
    }
    let author_name = form.value(AUTHOR);
    let author = if author_name.is_empty() {
        None
    } else if let Some(p) = w.active_participants().find(|p| p.name.eq_ignore_ascii_case(&author_name)) {
        Some(p.id)
    } else {
        form.set_error(AUTHOR, format!("no participant called {author_name}: add them with P, or leave empty"));
        None
    };
    let size_text = form.value(SIZE).to_lowercase();
    let size = Size::ALL.into_iter().find(|s| !size_text.is_empty() && s.label().starts_with(&size_text));
    if size.is_none() {
        form.set_error(SIZE, "small, medium, large or audacious");
    }
    let impact = score(&mut form, IMPACT);
    let cost = score(&mut form, COST);
    let source = if form.fields.len() > SOURCE {
        let text = form.value(SOURCE).to_lowercase();
        let found = CAPTURE_SOURCES.into_iter().find(|s| !text.is_empty() && s.label().starts_with(&text));
        if found.is_none() {
            form.set_error(SOURCE, "team, product, principal engineer or open idea");
        }
        found.unwrap_or(source)
    } else {
        source
    };
    if form.has_errors() {
        form.focus_first_error();
        return Err(Box::new(form));
    }
    let capture = Capture { title, description: form.text(DESCRIPTION), author, size: size.unwrap_or_default(), source, impact, cost };
    Ok((capture, form))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Period;

    #[test]
    fn reads_back_what_it_was_filled_with_and_reports_bad_fields() {
        let mut w = Workshop::new("w", "", Period::parse("2027-Q1").expect("period"), jiff::Timestamp::UNIX_EPOCH);
        let ada = w.add_participant("Ada");
        let capture = Capture {
            title: "Faster CI".into(),
            description: "one\ntwo".into(),
            author: ada,
            size: Size::Large,
            source: InitiativeSource::Product,
            impact: Some(4),
            cost: None,
        };
        let form = form("Edit", FormPurpose::NewInitiative, &capture, &w);
        let (back, _) = read(form, &w, InitiativeSource::Team).expect("valid");
        assert_eq!(back, capture);
        let bad = Form::new("x", FormPurpose::NewInitiative)
            .field("Title", "", "")
            .multiline_field("Description", "", "")
            .field("Author", "Nobody", "")
            .field("Size", "huge", "")
            .field("Impact", "9", "")
            .field("Cost", "", "");
        let errors = read(bad, &w, InitiativeSource::Team).expect_err("invalid");
        assert_eq!(errors.fields.iter().filter(|f| f.error.is_some()).count(), 4);
        assert_eq!(errors.focus, 0);
    }
}
