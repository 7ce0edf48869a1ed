//! Step 1: the old backlog, imported and then shelved by declaring bankruptcy.
//! Items are never deleted; one can be rescued only by reframing it as an initiative.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::ids::{BacklogItemId, InitiativeId};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Backlog {
    pub items: Vec<BacklogItem>,
    pub bankruptcy: Option<Bankruptcy>,
}

/// When the team declared backlog bankruptcy, and what they said about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bankruptcy {
    pub declared_on: Date,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BacklogState {
    /// Imported, bankruptcy not yet declared.
    #[default]
    Imported,
    /// Put on the shelf: kept, browsable, searchable, not worked on.
    Shelved,
    /// Reframed as a new initiative.
    Rescued,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BacklogItem {
    pub id: BacklogItemId,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Issue key, number or URL in the tool it came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
    /// File name the item was imported from.
    #[serde(default)]
    pub source_file: String,
    /// Format the item was read as (e.g. `jira-csv`, `markdown`).
    #[serde(default)]
    pub source_format: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<Date>,
    /// Done or closed in the tool it came from.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub done: bool,
    #[serde(default)]
    pub state: BacklogState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shelved_on: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rescued_as: Option<InitiativeId>,
}

impl BacklogItem {
    /// Date it was last touched: updated if known, else created.
    pub fn last_touched(&self) -> Option<Date> {
        self.updated.or(self.created)
    }
}

impl Backlog {
    pub fn get(&self, id: BacklogItemId) -> Option<&BacklogItem> {
        self.items.iter().find(|i| i.id == id)
    }

    /// Items that count: imported and not done in their tool.
    pub fn open_items(&self) -> impl Iterator<Item = &BacklogItem> {
        self.items.iter().filter(|i| !i.done)
    }

    /// Share (0.0–1.0) of open items not touched for at least `days` before `today`.
    /// Items without any date are not counted either way.
    pub fn stale_share(&self, today: Date, days: i32) -> Option<f64> {
        let dated: Vec<Date> = self.open_items().filter_map(BacklogItem::last_touched).collect();
        if dated.is_empty() {
            return None;
        }
        let stale = dated.iter().filter(|d| (today - **d).get_days() >= days).count();
        Some(stale as f64 / dated.len() as f64)
    }
}
