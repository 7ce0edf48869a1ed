//! What an old backlog's items meant in their own tool, kept through the import: each
//! item's status (open, in progress, done, canceled, archived), the counts of the shelf that
//! the screen and the export both say (one function, so they agree), and labels compared
//! without case and shown in the spelling most items use.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::backlog::{Backlog, BacklogState};
use super::count::count;

/// Where an item stood in the tool it came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    #[default]
    Open,
    InProgress,
    Done,
    /// Dropped in its tool (won't do, duplicate, not planned): not done.
    Canceled,
    /// Put away in its tool (a Trello card or a Linear issue archived): not done.
    Archived,
}

impl ItemStatus {
    pub const ALL: [ItemStatus; 5] =
        [ItemStatus::Open, ItemStatus::InProgress, ItemStatus::Done, ItemStatus::Canceled, ItemStatus::Archived];

    pub fn label(self) -> &'static str {
        match self {
            ItemStatus::Open => "open",
            ItemStatus::InProgress => "in progress",
            ItemStatus::Done => "done",
            ItemStatus::Canceled => "canceled",
            ItemStatus::Archived => "archived",
        }
    }

    pub fn is_open(&self) -> bool {
        *self == ItemStatus::Open
    }

    /// Over in its tool one way or another (done, canceled or archived): not on the shelf's
    /// count of open work.
    pub fn is_finished(self) -> bool {
        matches!(self, ItemStatus::Done | ItemStatus::Canceled | ItemStatus::Archived)
    }

    /// The status a tracker's own word means ("In Progress", "Selected for Development",
    /// "Won't Do", "Archived"), if it is one this knows; `None` for words that say nothing
    /// (`Todo`, `Backlog`, a custom column), which read as open.
    pub fn from_word(word: &str) -> Option<ItemStatus> {
        const WORDS: &[(ItemStatus, &[&str])] = &[
            (
                ItemStatus::Done,
                &["done", "closed", "resolved", "complete", "completed", "finished", "released", "shipped", "merged", "fixed", "deployed"],
            ),
            (
                ItemStatus::Canceled,
                &[
                    "cancelled",
                    "canceled",
                    "won't do",
                    "wont do",
                    "won't fix",
                    "wontfix",
                    "duplicate",
                    "rejected",
                    "declined",
                    "obsolete",
                    "invalid",
                    "not planned",
                    "abandoned",
                ],
            ),
            (ItemStatus::Archived, &["archived"]),
            (
                ItemStatus::InProgress,
                &[
                    "in progress",
                    "in-progress",
                    "doing",
                    "started",
                    "in development",
                    "in dev",
                    "in review",
                    "review",
                    "code review",
                    "in qa",
                    "qa",
                    "testing",
                    "in testing",
                    "selected for development",
                    "active",
                    "wip",
                    "blocked",
                    "ready for review",
                    "under review",
                    "implementing",
                    "ongoing",
                ],
            ),
        ];
        let word = super::text::clean_line(word).to_lowercase().replace('_', " ");
        let word = word.split_whitespace().collect::<Vec<_>>().join(" ");
        WORDS.iter().find(|(_, words)| words.contains(&word.as_str())).map(|(status, _)| *status)
    }

    /// Of two things a file says about one item, the one that means more: canceled over done
    /// (dropped work is not done), done over archived (finished work put away is still done),
    /// anything over in progress and open.
    pub fn strongest(self, other: ItemStatus) -> ItemStatus {
        let rank = |s: ItemStatus| match s {
            ItemStatus::Open => 0,
            ItemStatus::InProgress => 1,
            ItemStatus::Archived => 2,
            ItemStatus::Done => 3,
            ItemStatus::Canceled => 4,
        };
        if rank(other) > rank(self) { other } else { self }
    }
}

/// How many items stand where: what the backlog step's head and the Markdown export both say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ShelfCounts {
    /// Imported, bankruptcy not declared yet, still open in their tool.
    pub imported: usize,
    /// On the shelf and still open (or in progress) in their tool.
    pub shelved: usize,
    pub in_progress: usize,
    pub done: usize,
    pub canceled: usize,
    pub archived: usize,
    pub rescued: usize,
}

impl ShelfCounts {
    /// `37 on the shelf (3 in progress; +5 done, 1 canceled, 1 archived in their tool), 2
    /// rescued`: the shelf in one phrase.
    pub fn shelf_phrase(&self) -> String {
        format!("{} on the shelf{}, {} rescued", self.shelved, self.aside(), self.rescued)
    }

    /// ` (3 in progress; +5 done, 1 canceled in their tool)` after a count of open items, or
    /// nothing when every item is plainly open.
    pub fn aside(&self) -> String {
        let mut inside = Vec::new();
        if self.in_progress > 0 {
            inside.push(format!("{} in progress", self.in_progress));
        }
        let finished = self.finished_phrase();
        if !finished.is_empty() {
            inside.push(format!("+{finished} in their tool"));
        }
        if inside.is_empty() { String::new() } else { format!(" ({})", inside.join("; ")) }
    }

    /// `5 done, 1 canceled, 1 archived`, leaving out the kinds there are none of.
    pub fn finished_phrase(&self) -> String {
        let parts: Vec<String> = [(self.done, "done"), (self.canceled, "canceled"), (self.archived, "archived")]
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, word)| format!("{n} {word}"))
            .collect();
        parts.join(", ")
    }

    /// All the items, in words: `44 items`.
    pub fn total(&self) -> String {
        count(self.imported + self.shelved + self.done + self.canceled + self.archived + self.rescued, "item")
    }
}

impl Backlog {
    /// How many items stand where (see [`ShelfCounts`]).
    pub fn counts(&self) -> ShelfCounts {
        let mut c = ShelfCounts::default();
        for item in &self.items {
            if item.state == BacklogState::Rescued {
                c.rescued += 1;
                continue;
            }
            match item.status {
                ItemStatus::Done => c.done += 1,
                ItemStatus::Canceled => c.canceled += 1,
                ItemStatus::Archived => c.archived += 1,
                ItemStatus::Open | ItemStatus::InProgress => {
                    if item.status == ItemStatus::InProgress {
                        c.in_progress += 1;
                    }
                    if item.state == BacklogState::Shelved {
                        c.shelved += 1;
                    } else {
                        c.imported += 1;
                    }
                }
            }
        }
        c
    }

    /// Each label (lowercased) in the spelling most items use; ties go to the spelling seen
    /// first. `infra` and `Infra` are one label.
    pub fn label_spellings(&self) -> HashMap<String, String> {
        self.label_tally().spellings
    }

    /// How many open items carry each label, lowercased (`infra` and `Infra` are one).
    pub fn open_label_counts(&self) -> std::collections::BTreeMap<String, usize> {
        self.label_tally().open
    }

    /// Both of the above in one pass over the items. Each spelling is counted as it is (a
    /// backlog of 10,000 items carries few distinct labels, so nothing is copied per label),
    /// then lowercased once.
    pub fn label_tally(&self) -> LabelTally {
        // Per spelling: items carrying it, open ones among them, and when it was first seen.
        let mut seen: foldhash::HashMap<&str, (usize, usize, usize)> = foldhash::HashMap::default();
        for item in &self.items {
            let open = usize::from(!item.status.is_finished());
            for label in &item.labels {
                let first = seen.len();
                let entry = seen.entry(label.as_str()).or_insert((0, 0, first));
                entry.0 += 1;
                entry.1 += open;
            }
        }
        let mut best: HashMap<String, (&str, usize, usize)> = HashMap::new();
        let mut open = std::collections::BTreeMap::new();
        for (spelling, (n, open_n, first)) in seen {
            let key = spelling.to_lowercase();
            if open_n > 0 {
                *open.entry(key.clone()).or_default() += open_n;
            }
            let entry = best.entry(key).or_insert((spelling, n, first));
            if (n, std::cmp::Reverse(first)) > (entry.1, std::cmp::Reverse(entry.2)) {
                *entry = (spelling, n, first);
            }
        }
        let spellings = best.into_iter().map(|(key, (spelling, ..))| (key, spelling.to_string())).collect();
        LabelTally { spellings, open }
    }
}

/// The backlog's labels: each (lowercased) in its most common spelling, and how many open
/// items carry it.
#[derive(Debug, Clone, Default)]
pub struct LabelTally {
    pub spellings: HashMap<String, String>,
    pub open: std::collections::BTreeMap<String, usize>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BacklogItem;

    fn item(status: ItemStatus, state: BacklogState, labels: &[&str]) -> BacklogItem {
        BacklogItem {
            title: "t".into(),
            status,
            done: status == ItemStatus::Done,
            state,
            labels: labels.iter().map(|l| (*l).to_string()).collect(),
            ..BacklogItem::default()
        }
    }

    #[test]
    fn a_trackers_words_keep_their_meaning() {
        assert_eq!(ItemStatus::from_word("In Progress"), Some(ItemStatus::InProgress));
        assert_eq!(ItemStatus::from_word("Selected for Development"), Some(ItemStatus::InProgress));
        assert_eq!(ItemStatus::from_word("Canceled"), Some(ItemStatus::Canceled));
        assert_eq!(ItemStatus::from_word("Won't Do"), Some(ItemStatus::Canceled));
        assert_eq!(ItemStatus::from_word(" DONE "), Some(ItemStatus::Done));
        assert_eq!(ItemStatus::from_word("archived"), Some(ItemStatus::Archived));
        assert_eq!(ItemStatus::from_word("Todo"), None);
        assert!(!ItemStatus::Canceled.is_open() && ItemStatus::Canceled.is_finished());
        assert_eq!(ItemStatus::Done.strongest(ItemStatus::Archived), ItemStatus::Done);
        assert_eq!(ItemStatus::Archived.strongest(ItemStatus::Canceled), ItemStatus::Canceled);
        assert_eq!(ItemStatus::Open.strongest(ItemStatus::InProgress), ItemStatus::InProgress);
    }

    #[test]
    fn counts_say_the_same_everywhere() {
        let backlog = Backlog {
            items: vec![
                item(ItemStatus::Open, BacklogState::Shelved, &[]),
                item(ItemStatus::InProgress, BacklogState::Shelved, &[]),
                item(ItemStatus::Done, BacklogState::Shelved, &[]),
                item(ItemStatus::Canceled, BacklogState::Shelved, &[]),
                item(ItemStatus::Archived, BacklogState::Shelved, &[]),
                item(ItemStatus::Open, BacklogState::Rescued, &[]),
            ]
            .into(),
            ..Backlog::default()
        };
        let c = backlog.counts();
        assert_eq!((c.shelved, c.in_progress, c.done, c.canceled, c.archived, c.rescued), (2, 1, 1, 1, 1, 1));
        assert_eq!(c.shelf_phrase(), "2 on the shelf (1 in progress; +1 done, 1 canceled, 1 archived in their tool), 1 rescued");
        assert_eq!(c.total(), "6 items");
    }

    #[test]
    fn labels_take_the_most_common_spelling() {
        let backlog = Backlog {
            items: vec![
                item(ItemStatus::Open, BacklogState::Imported, &["infra", "CI"]),
                item(ItemStatus::Open, BacklogState::Imported, &["Infra"]),
                item(ItemStatus::Open, BacklogState::Imported, &["Infra", "ci"]),
            ]
            .into(),
            ..Backlog::default()
        };
        let spellings = backlog.label_spellings();
        assert_eq!(spellings.get("infra").map(String::as_str), Some("Infra"));
        assert_eq!(spellings.get("ci").map(String::as_str), Some("CI"), "a tie goes to the first seen");
    }

    #[test]
    fn open_labels_are_counted_whatever_their_case_and_finished_items_are_not() {
        let backlog = Backlog {
            items: vec![
                item(ItemStatus::Open, BacklogState::Imported, &["infra", "CI"]),
                item(ItemStatus::InProgress, BacklogState::Shelved, &["Infra"]),
                item(ItemStatus::Done, BacklogState::Imported, &["Infra", "ci", "docs"]),
            ]
            .into(),
            ..Backlog::default()
        };
        let open: Vec<(String, usize)> = backlog.open_label_counts().into_iter().collect();
        assert_eq!(open, vec![("ci".to_string(), 1), ("infra".to_string(), 2)], "docs is on a done item only");
        assert_eq!(backlog.label_spellings().get("docs").map(String::as_str), Some("docs"), "but it has a spelling");
    }
}
