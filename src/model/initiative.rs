//! Steps 2 and 3: initiatives brainstormed by the team, scored and voted on, and the
//! themes they are grouped into.

use std::collections::BTreeMap;

use jiff::{Timestamp, civil::Date};
use serde::{Deserialize, Serialize};

use super::ids::{BacklogItemId, InitiativeId, ParticipantId, ThemeId};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Size {
    #[default]
    Small,
    Medium,
    Large,
    Audacious,
}

impl Size {
    pub const ALL: [Size; 4] = [Size::Small, Size::Medium, Size::Large, Size::Audacious];

    pub fn label(self) -> &'static str {
        match self {
            Size::Small => "small",
            Size::Medium => "medium",
            Size::Large => "large",
            Size::Audacious => "audacious",
        }
    }

    /// One-letter form for narrow columns.
    pub fn short(self) -> &'static str {
        match self {
            Size::Small => "S",
            Size::Medium => "M",
            Size::Large => "L",
            Size::Audacious => "XL",
        }
    }
}

/// Where an initiative stands as work: what the weekly review shows under the key results
/// it drives, and changes in place.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InitiativeStatus {
    #[default]
    NotStarted,
    InProgress,
    Done,
    Dropped,
}

impl InitiativeStatus {
    pub const ALL: [InitiativeStatus; 4] =
        [InitiativeStatus::NotStarted, InitiativeStatus::InProgress, InitiativeStatus::Done, InitiativeStatus::Dropped];

    pub fn label(self) -> &'static str {
        match self {
            InitiativeStatus::NotStarted => "not started",
            InitiativeStatus::InProgress => "in progress",
            InitiativeStatus::Done => "done",
            InitiativeStatus::Dropped => "dropped",
        }
    }

    /// One character for narrow rows: `○ ◐ ● ✕`.
    pub fn mark(self) -> char {
        match self {
            InitiativeStatus::NotStarted => '○',
            InitiativeStatus::InProgress => '◐',
            InitiativeStatus::Done => '●',
            InitiativeStatus::Dropped => '✕',
        }
    }

    /// The next status in the order a piece of work usually goes (dropped comes back to
    /// not started).
    pub fn next(self) -> Self {
        let all = Self::ALL;
        all[(all.iter().position(|s| *s == self).unwrap_or(0) + 1) % all.len()]
    }

    pub fn is_not_started(&self) -> bool {
        *self == InitiativeStatus::NotStarted
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InitiativeSource {
    #[default]
    Team,
    Product,
    PrincipalEngineer,
    OpenIdea,
    Proposal,
    RescuedBacklog,
}

impl InitiativeSource {
    pub fn label(self) -> &'static str {
        match self {
            InitiativeSource::Team => "team",
            InitiativeSource::Product => "product",
            InitiativeSource::PrincipalEngineer => "principal engineer",
            InitiativeSource::OpenIdea => "open idea",
            InitiativeSource::Proposal => "proposal",
            InitiativeSource::RescuedBacklog => "rescued backlog item",
        }
    }
}

/// Where a merged proposal came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalOrigin {
    pub author: String,
    /// The proposal file's name (never its path).
    pub file: String,
    pub merged_on: Date,
    /// The proposal's own id, so that merging it again adds nothing even after the file
    /// was renamed. Empty for origins recorded before proposals carried ids.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub proposal_id: String,
    /// The initiative's id within that proposal, so that an initiative edited in the
    /// proposal after it was merged is still recognised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initiative_id: Option<u64>,
    /// A fingerprint of what the proposal said when it was last merged (title, description,
    /// size), so that merging an edited proposal again updates what the room left alone and
    /// leaves what it changed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub fingerprint: String,
    /// Fields this build does not know (written by a newer Quarterdeck or by hand): kept and
    /// written back as they were.
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Initiative {
    pub id: InitiativeId,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// `None` means anonymous.
    #[serde(default)]
    pub author: Option<ParticipantId>,
    /// The authors of duplicates merged into this idea, besides its own author.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub co_authors: Vec<ParticipantId>,
    #[serde(default)]
    pub source: InitiativeSource,
    #[serde(default)]
    pub size: Size,
    /// 1–5, `None` until scored.
    #[serde(default)]
    pub impact: Option<u8>,
    /// 1–5, `None` until scored.
    #[serde(default)]
    pub cost: Option<u8>,
    /// Dot votes cast, per participant.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub votes: BTreeMap<ParticipantId, u32>,
    #[serde(default)]
    pub theme: Option<ThemeId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rescued_from: Option<BacklogItemId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposal: Option<ProposalOrigin>,
    /// Captured while silent mode was on and not yet revealed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
    /// What it spends capacity on, when tagged by hand (else its theme's, see
    /// `model::capacity`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<super::capacity::Capacity>,
    /// Where the work stands (the weekly review changes it in place).
    #[serde(default, skip_serializing_if = "InitiativeStatus::is_not_started")]
    pub status: InitiativeStatus,
    /// The day its status last changed, so a week's digest can say what started or finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_changed: Option<Date>,
    pub created: Timestamp,
    /// When this was last changed here or on another copy: in a merge of two changes to the
    /// same field, the later one wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<jiff::Timestamp>,
    /// Fields this build does not know (written by a newer Quarterdeck or by hand): kept and
    /// written back as they were.
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}

impl Initiative {
    pub fn total_votes(&self) -> u32 {
        self.votes.values().sum()
    }

    /// Impact divided by cost, when both are scored.
    pub fn value_ratio(&self) -> Option<f64> {
        Some(f64::from(self.impact?) / f64::from(self.cost?))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Theme {
    pub id: ThemeId,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// What its initiatives spend capacity on, when tagged by hand (see `model::capacity`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<super::capacity::Capacity>,
    /// When this was last changed here or on another copy: in a merge of two changes to the
    /// same field, the later one wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<jiff::Timestamp>,
    /// Fields this build does not know (written by a newer Quarterdeck or by hand): kept and
    /// written back as they were.
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}
