//! The participants dialog, reachable from every step: one field per person (clear a name
//! to remove them; their ideas keep it) and one to add more, saved as one undoable change.

use super::Ctx;
use crate::action::Action;
use crate::document::Document;
use crate::keymap::Context;
use crate::model::{ParticipantId, Workshop};
use crate::ui::form::{Form, FormEvent};

/// The participants form: one field per person, and one to add more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeopleField {
    Person(usize),
    Add,
}

/// The dialog, open over any step.
#[derive(Debug)]
pub struct State {
    ids: Vec<ParticipantId>,
    form: Form<PeopleField>,
}

impl State {
    pub fn new(w: &Workshop) -> Self {
        let people: Vec<_> = w.active_participants().map(|p| (p.id, p.name.clone())).collect();
        let mut form = Form::new("Participants — clear a name to remove them; their ideas keep it");
        for (n, (_, name)) in people.iter().enumerate() {
            form = form.field(PeopleField::Person(n), format!("{}", n + 1), name, "name");
        }
        form = form.field(PeopleField::Add, "Add", "", "new names, separated by commas");
        form.focus_on(PeopleField::Add);
        Self { ids: people.iter().map(|(id, _)| *id).collect(), form }
    }

    /// A key from the form's table; whether the dialog is done (saved or cancelled).
    pub fn update(&mut self, ctx: &mut Ctx, doc: &mut Document, action: Action) -> bool {
        match self.form.handle(action) {
            FormEvent::Cancel => true,
            FormEvent::Submit => {
                submit(ctx, doc, &self.form, &self.ids);
                true
            }
            FormEvent::Handled | FormEvent::Ignored => false,
        }
    }
}

crate::ui::form::form_dialog!(State);

fn submit(ctx: &mut Ctx, doc: &mut Document, form: &Form<PeopleField>, ids: &[ParticipantId]) {
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
        let undo = ctx.hint(Context::Step, Action::Undo);
        ctx.info(format!("participants saved ({undo} undoes it)"));
    } else {
        ctx.error(format!("not renamed, the name is taken: {}", refused.join(", ")));
    }
}
