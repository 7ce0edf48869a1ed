//! The initiative editor, shared by capture-with-description, edit, rescue from the shelf
//! and the proposal drafting screen: building the form and reading it back.

use crate::model::brainstorm::{CAPTURE_SOURCES, Capture};
use crate::model::capacity::Capacity;
use crate::model::{InitiativeSource, Size, Workshop};
use crate::ui::form::Form;

/// The editor's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Description,
    Author,
    Size,
    Impact,
    Cost,
    Source,
    /// Business, engineering health or learning (empty: by theme and source).
    Capacity,
}

fn score_text(v: Option<u8>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The editor, prefilled. The source can be chosen only for ideas captured in the room.
pub fn form(title: impl Into<String>, capture: &Capture, w: &Workshop) -> Form<Field> {
    let author = capture.author.map(|a| w.author_name(Some(a)).to_string()).unwrap_or_default();
    let form = Form::new(title)
        .field(Field::Title, "Title", &capture.title, "the idea in a few words")
        .multiline(Field::Description, "Description", &capture.description, "optional: why, what it would change")
        .field(Field::Author, "Author", &author, "a participant's name, or empty for anonymous")
        .field(Field::Size, "Size", capture.size.label(), "small, medium, large or audacious")
        .field(Field::Impact, "Impact 1-5", &score_text(capture.impact), "optional guess")
        .field(Field::Cost, "Cost 1-5", &score_text(capture.cost), "optional guess");
    let form = if CAPTURE_SOURCES.contains(&capture.source) {
        form.field(Field::Source, "Source", capture.source.label(), "team, product, principal engineer or open idea")
    } else {
        form
    };
    let tag = capture.capacity.map_or("", Capacity::label);
    form.field(Field::Capacity, "Capacity", tag, "business, engineering health or learning (empty: by theme and source)")
}

fn score(form: &mut Form<Field>, field: Field) -> Option<u8> {
    let text = form.value(field);
    if text.is_empty() {
        return None;
    }
    match text.parse::<u8>() {
        Ok(v @ 1..=5) => Some(v),
        _ => {
            form.set_error(field, "a number from 1 to 5, or empty");
            None
        }
    }
}

/// What the editor says: the idea, and an author who is not a participant yet (added as one
/// when the idea is saved, so a name from the room is never refused).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub capture: Capture,
    pub new_author: Option<String>,
}

impl Entry {
    /// The idea as it is saved into `w`, its new author added as a participant first.
    pub fn apply(&self, w: &mut Workshop) -> Capture {
        let mut capture = self.capture.clone();
        if let Some(name) = &self.new_author {
            capture.author = w.add_participant(name);
        }
        capture
    }
}

/// Reads the editor back; `None` (with the errors on their fields) when something is wrong.
pub fn read(form: &mut Form<Field>, w: &Workshop, source: InitiativeSource) -> Option<Entry> {
    form.clear_errors();
    let title = form.value(Field::Title);
    if title.is_empty() {
        form.set_error(Field::Title, "give the idea a title");
    }
    let author_name = form.value(Field::Author);
    let known = w.active_participants().find(|p| p.name.eq_ignore_ascii_case(&author_name)).map(|p| p.id);
    let new_author = (!author_name.is_empty() && known.is_none()).then(|| author_name.clone());
    let author = known;
    let size_text = form.value(Field::Size).to_lowercase();
    let size = Size::ALL.into_iter().find(|s| !size_text.is_empty() && s.label().starts_with(&size_text));
    if size.is_none() {
        form.set_error(Field::Size, "small, medium, large or audacious");
    }
    let impact = score(form, Field::Impact);
    let cost = score(form, Field::Cost);
    let source = if form.has(Field::Source) {
        let text = form.value(Field::Source).to_lowercase();
        let found = CAPTURE_SOURCES.into_iter().find(|s| !text.is_empty() && s.label().starts_with(&text));
        if found.is_none() {
            form.set_error(Field::Source, "team, product, principal engineer or open idea");
        }
        found.unwrap_or(source)
    } else {
        source
    };
    let tag = form.value(Field::Capacity);
    let capacity = Capacity::parse(&tag);
    if !tag.is_empty() && capacity.is_none() {
        form.set_error(Field::Capacity, "business, engineering health or learning, or empty");
    }
    if form.has_errors() {
        form.focus_first_error();
        return None;
    }
    let capture = Capture {
        title,
        description: form.text(Field::Description),
        author,
        size: size.unwrap_or_default(),
        source,
        impact,
        cost,
        capacity,
    };
    Some(Entry { capture, new_author })
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
            capacity: Some(Capacity::Learning),
        };
        let mut form = form("Edit", &capture, &w);
        let back = read(&mut form, &w, InitiativeSource::Team).expect("valid");
        assert_eq!(back, Entry { capture, new_author: None });
        let mut bad = Form::new("x")
            .field(Field::Title, "Title", "", "")
            .multiline(Field::Description, "Description", "", "")
            .field(Field::Author, "Author", "Nobody", "")
            .field(Field::Size, "Size", "huge", "")
            .field(Field::Impact, "Impact", "9", "")
            .field(Field::Cost, "Cost", "", "");
        assert!(read(&mut bad, &w, InitiativeSource::Team).is_none());
        assert_eq!(bad.fields.iter().filter(|f| f.error.is_some()).count(), 3, "a new author is no error");
        assert_eq!(bad.focused(), Some(Field::Title));
        let mut fresh = super::form("New", &Capture { title: "x".into(), ..Capture::default() }, &w);
        fresh.focus_on(Field::Author);
        fresh.paste("Zoe");
        let entry = read(&mut fresh, &w, InitiativeSource::Team).expect("valid");
        assert_eq!(entry.new_author.as_deref(), Some("Zoe"));
        let saved = entry.apply(&mut w);
        assert_eq!(w.author_name(saved.author), "Zoe", "added as a participant");
    }
}
