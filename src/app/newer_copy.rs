//! Offering a newer copy of the workshop found after a crash, when it is opened: "a newer
//! copy from 10:42 was found: open it, or keep the current?" Opening it is one change like
//! any other (saved as usual, and undo takes it back); keeping the current one leaves the
//! copy aside among the backups, where home can still restore it.

use super::App;
use crate::action::Action;
use crate::effect::Effect;
use crate::store::NewerCopy;
use crate::ui::confirm::Confirm;

#[derive(Debug)]
pub struct Question {
    pub confirm: Confirm<()>,
    copy: NewerCopy,
}

impl Question {
    pub fn new(copy: NewerCopy) -> Self {
        let message = format!(
            "A newer copy of \"{}\" from {} was found: a save was cut short when Quarterdeck or the machine stopped. \
             Open it? Yes replaces what is shown (undo takes it back); no keeps the current version and leaves the copy \
             in the backups.",
            copy.workshop.name,
            copy.when()
        );
        Self { confirm: Confirm::new("A newer copy was found", message, ()), copy }
    }

    /// Yes opens the copy as a change; any other answer leaves it aside.
    pub fn answer(self, app: &mut App, action: Action) -> Vec<Effect> {
        let Self { confirm, copy } = self;
        if confirm.answer(action).is_none() {
            app.info(format!("kept the current version; the copy from {} is in the backups", copy.when()));
            return vec![Effect::DeclineNewerCopy(Box::new(copy))];
        }
        let when = copy.when();
        let Some(doc) = app.doc.as_mut() else { return vec![] };
        let opened = doc.change("open the newer copy", |w| *w = copy.workshop);
        if !opened {
            return vec![];
        }
        app.info(format!("opened the copy from {when}; undo takes it back"));
        vec![Effect::Save]
    }
}
