//! Three-way merges of workshops: what two copies changed since a common base, by id and by
//! field, put together. (The merge itself follows; this holds the record it keeps.)

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// A field both sides changed to different values: the value the merge kept and the one it
/// set aside, so nobody's change vanishes without a trace.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeNote {
    /// The same for the same decision, so merging the same change twice records it once.
    pub id: String,
    /// When the kept change was made.
    pub at: Timestamp,
    /// What it is about, as people read it: `I7F3Q2M9 title`, `settings vote_budget`.
    pub subject: String,
    pub kept: String,
    pub set_aside: String,
    /// Fields this build does not know, kept as they were.
    #[serde(flatten)]
    pub extra: super::Extra,
}
