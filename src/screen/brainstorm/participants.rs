//! Step 2's participants form: one field per person (clear a name to remove them; their
//! ideas keep it) and one to add more, saved as one undoable change.

use super::Dialog;
use crate::action::Action;
use crate::document::Document;
use crate::keymap::Context;
use crate::model::{ParticipantId, Workshop};
use crate::screen::Ctx;
use crate::ui::form::Form;

/// The participants form: one field per person, and one to add more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeopleField {
    Person(usize),
    Add,
}

pub(super) fn participants_dialog(w: &Workshop) -> Dialog {
    let people: Vec<_> = w.active_participants().map(|p| (p.id, p.name.clone())).collect();
    let mut form = Form::new("Participants — clear a name to remove them; their ideas keep it");
    for (n, (_, name)) in people.iter().enumerate() {
        form = form.field(PeopleField::Person(n), format!("{}", n + 1), name, "name");
    }
    form = form.field(PeopleField::Add, "Add", "", "new names, separated by commas");
    form.focus_on(PeopleField::Add);
    Dialog::Participants { ids: people.iter().map(|(id, _)| *id).collect(), form }
}

pub(super) fn submit_participants(ctx: &mut Ctx, doc: &mut Document, form: &Form<PeopleField>, ids: &[ParticipantId]) {
    let names: Vec<String> = (0..ids.len()).map(|i| form.value(PeopleField::Person(i))).collect();
    let added: Vec<String> = form.value(PeopleField::Add).split(',').map(str::trim).filter(|n| !n.is_empty()).map(String::from).collect();
    let mut refused = Vec::new();
    doc.change("participants", |w| {
        for (id, name) in ids.iter().zip(&names) {
            if name.is_empty() {
                w.remove_participant(*id);
            } else if w.participant(*id).is_some_and(|p| p.name != *name) && !w.rename_participant(*id, name) {
                refused.push(name.clone());
            }
        }
        for name in &added {
            w.add_participant(name);
        }
    });
    if refused.is_empty() {
        let undo = ctx.hint(Context::Brainstorm, Action::Undo);
        ctx.info(format!("participants saved ({undo} undoes it)"));
    } else {
        ctx.error(format!("not renamed, the name is taken: {}", refused.join(", ")));
    }
}
