//! A proposal draft whose file holds something else (another person's proposal, a
//! workshop, a file from a newer Quarterdeck): choose another file to save it in. The draft
//! stays open and unsaved until one is chosen; nothing in the other file is touched.

use std::path::{Path, PathBuf};

use crate::action::Action;
use crate::effect::Effect;
use crate::model::text::clean_line;
use crate::ui::form::{Form, FormEvent};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    File,
}

#[derive(Debug)]
pub struct State {
    form: Form<Field>,
}

/// What a key did to the dialog.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Open,
    Cancelled,
    Save(Effect),
}

impl State {
    /// `taken` holds something else; `suggested` is a free name beside it.
    pub fn new(taken: &Path, suggested: &Path) -> Self {
        let name = taken.file_name().map_or_else(|| clean_line(&taken.display().to_string()), |n| clean_line(&n.to_string_lossy()));
        let mut form = Form::new("Save the proposal as").field(
            Field::File,
            "File",
            &clean_line(&suggested.display().to_string()),
            "a new .json file for your proposal",
        );
        form.intro = vec![format!("{name} already holds another proposal or a workshop, so yours was not saved there.")];
        Self { form }
    }

    pub fn update(&mut self, action: Action) -> Outcome {
        match self.form.handle(action) {
            FormEvent::Cancel => Outcome::Cancelled,
            FormEvent::Submit => {
                self.form.clear_errors();
                let path = self.form.value(Field::File);
                if path.trim().is_empty() {
                    self.form.set_error(Field::File, "which file should it go in?");
                    return Outcome::Open;
                }
                Outcome::Save(Effect::SaveProposalAs(PathBuf::from(path.trim())))
            }
            FormEvent::Handled | FormEvent::Ignored => Outcome::Open,
        }
    }
}

crate::ui::form::form_dialog!(State);

/// The first of `stem-2.json`, `stem-3.json`… beside `taken` that does not exist.
pub fn free_beside(taken: &Path, exists: impl Fn(&Path) -> bool) -> PathBuf {
    let stem = taken.file_stem().map_or_else(|| "proposal".to_string(), |s| s.to_string_lossy().into_owned());
    (2..10_000)
        .map(|n| taken.with_file_name(format!("{stem}-{n}.json")))
        .find(|p| !exists(p))
        .unwrap_or_else(|| taken.with_file_name(format!("{stem}-new.json")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_suggestion_is_the_first_free_number() {
        let taken = Path::new("/p/ada.json");
        assert_eq!(free_beside(taken, |_| false), Path::new("/p/ada-2.json"));
        assert_eq!(free_beside(taken, |p| p.ends_with("ada-2.json") || p.ends_with("ada-3.json")), Path::new("/p/ada-4.json"));
    }

    #[test]
    fn an_empty_name_is_refused_in_the_form() {
        let mut state = State::new(Path::new("/p/ada.json"), Path::new("/p/ada-2.json"));
        assert_eq!(state.update(Action::Submit), Outcome::Save(Effect::SaveProposalAs("/p/ada-2.json".into())));
        state.form.set_value(Field::File, "  ");
        assert_eq!(state.update(Action::Submit), Outcome::Open);
        assert!(state.form.has_errors());
        assert_eq!(state.update(Action::Back), Outcome::Cancelled);
    }
}
