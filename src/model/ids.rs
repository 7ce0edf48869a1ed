//! Stable identifiers: numbers handed out by the workshop's counter, never list positions,
//! so that files kept in git diff and merge by identity rather than by order.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, concat!($prefix, "{}"), self.0)
            }
        }
    };
}

id_type!(/// A person taking part in the workshop.
    ParticipantId, "P");
id_type!(/// An item of the old backlog.
    BacklogItemId, "B");
id_type!(/// An initiative from the brainstorm.
    InitiativeId, "I");
id_type!(/// A theme grouping initiatives.
    ThemeId, "T");
id_type!(/// An objective.
    ObjectiveId, "O");
id_type!(/// A key result of an objective.
    KeyResultId, "KR");
