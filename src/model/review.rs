//! Step 5 records beside the check-ins: notes per review week and the end-of-period
//! learnings.

use serde::{Deserialize, Serialize};

/// What the weekly review decided or found blocking, for one week of the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyNote {
    pub week: u32,
    pub notes: String,
}

/// End of period: "what did we learn, what would we do differently".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Retrospective {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub learnings: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub differently: String,
}
