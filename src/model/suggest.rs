//! Theme suggestions for the board, offline: ungrouped initiatives that share a meaningful
//! word (never a generic one) are proposed as a theme named after it.

use std::collections::{BTreeMap, BTreeSet};

use super::ids::InitiativeId;
use super::text::clean_line;
use super::workshop::Workshop;

/// A theme the board proposes for some ungrouped initiatives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeSuggestion {
    pub name: String,
    /// In board order.
    pub initiatives: Vec<InitiativeId>,
}

/// At most this many suggestions at once.
const MAX_SUGGESTIONS: usize = 6;

/// A word on more than this share of the ideas considered says nothing about any of them
/// (with at least [`GENERIC_FROM`] ideas).
const GENERIC_SHARE: f64 = 0.5;
const GENERIC_FROM: usize = 6;

/// Words that say nothing about what an initiative is about: English stopwords of four
/// letters or more (shorter words are never considered), words every initiative uses, and
/// the generic nouns of engineering work ("service", "system", "tool", "team", "feature"),
/// which would put unrelated ideas under one theme.
const STOPWORDS: &[&str] = &[
    "about",
    "above",
    "across",
    "adding",
    "after",
    "again",
    "against",
    "also",
    "always",
    "among",
    "another",
    "anyone",
    "anything",
    "around",
    "away",
    "back",
    "based",
    "because",
    "been",
    "before",
    "being",
    "below",
    "best",
    "better",
    "between",
    "both",
    "cannot",
    "change",
    "code",
    "could",
    "create",
    "creating",
    "does",
    "doing",
    "done",
    "down",
    "during",
    "each",
    "easier",
    "easy",
    "either",
    "else",
    "enough",
    "even",
    "ever",
    "every",
    "everyone",
    "everything",
    "fast",
    "faster",
    "feature",
    "features",
    "fewer",
    "first",
    "from",
    "further",
    "gets",
    "getting",
    "good",
    "great",
    "have",
    "having",
    "help",
    "idea",
    "ideas",
    "helps",
    "here",
    "hers",
    "herself",
    "himself",
    "improve",
    "improved",
    "improvement",
    "improvements",
    "improving",
    "instead",
    "into",
    "issue",
    "issues",
    "itself",
    "just",
    "keep",
    "kind",
    "know",
    "last",
    "less",
    "like",
    "little",
    "lots",
    "made",
    "make",
    "makes",
    "making",
    "many",
    "might",
    "more",
    "most",
    "move",
    "moving",
    "much",
    "must",
    "myself",
    "need",
    "needs",
    "never",
    "next",
    "none",
    "nothing",
    "often",
    "once",
    "only",
    "other",
    "others",
    "ourselves",
    "over",
    "process",
    "processes",
    "product",
    "products",
    "project",
    "projects",
    "proper",
    "really",
    "remove",
    "replace",
    "same",
    "service",
    "services",
    "setup",
    "should",
    "since",
    "some",
    "something",
    "start",
    "still",
    "stop",
    "stuff",
    "such",
    "support",
    "system",
    "systems",
    "take",
    "team",
    "teams",
    "than",
    "that",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "thing",
    "things",
    "this",
    "those",
    "though",
    "through",
    "time",
    "together",
    "tool",
    "tools",
    "under",
    "until",
    "update",
    "updates",
    "upon",
    "user",
    "users",
    "using",
    "very",
    "want",
    "ways",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "whole",
    "will",
    "with",
    "within",
    "without",
    "work",
    "would",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// Removes the words on more than half of the ideas (when there are enough of them to tell).
fn drop_generic(ideas: &mut [(InitiativeId, BTreeSet<String>)]) {
    if ideas.len() < GENERIC_FROM {
        return;
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (_, words) in ideas.iter() {
        for w in words {
            *counts.entry(w.clone()).or_default() += 1;
        }
    }
    let limit = (ideas.len() as f64 * GENERIC_SHARE) as usize;
    let generic: BTreeSet<&String> = counts.iter().filter(|(_, n)| **n > limit).map(|(w, _)| w).collect();
    for (_, words) in ideas.iter_mut() {
        words.retain(|w| !generic.contains(w));
    }
}

/// The first letter upper-cased ("flaky" → "Flaky").
fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The words of a title worth grouping by: lowercased, split on anything not a letter or
/// digit, four characters or more, not all digits, not a stopword.
fn keywords(title: &str) -> impl Iterator<Item = String> + '_ {
    title
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 4 && !w.chars().all(char::is_numeric) && !STOPWORDS.contains(&w.as_str()))
}

impl Workshop {
    /// Offline, deterministic theme suggestions for the ungrouped initiatives that are not
    /// hidden by silent mode (their words must not reach the shared screen before they are
    /// revealed).
    ///
    /// Each initiative offers the words of its title (lowercased, split on anything not a
    /// letter or digit, four characters or more, not a stopword or a generic word such as
    /// "make", "better", "more") and the labels of the backlog item it was rescued from.
    /// A word on more than half of the ideas considered (six or more) is generic here and
    /// left out too. The word or label shared by the most initiatives (ties: alphabetical)
    /// becomes a theme with those initiatives; the rest are considered again, until six
    /// suggestions or no word is shared by two. Names are capitalised ("Flaky") and never one
    /// an existing theme has (case-insensitive).
    pub fn suggest_themes(&self) -> Vec<ThemeSuggestion> {
        let mut remaining: Vec<(InitiativeId, BTreeSet<String>)> = self
            .initiatives
            .iter()
            .filter(|i| !i.hidden && self.column_key(i).is_none())
            .map(|i| {
                let mut words: BTreeSet<String> = keywords(&i.title).collect();
                let labels = i.rescued_from.and_then(|b| self.backlog.get(b)).map(|b| b.labels.as_slice()).unwrap_or_default();
                words.extend(labels.iter().map(|l| clean_line(l).to_lowercase()).filter(|l| !l.is_empty()));
                (i.id, words)
            })
            .collect();
        drop_generic(&mut remaining);
        let mut suggestions = Vec::new();
        while suggestions.len() < MAX_SUGGESTIONS {
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            for (_, words) in &remaining {
                for w in words {
                    *counts.entry(w.as_str()).or_default() += 1;
                }
            }
            // Most shared first. `max_by_key` keeps the last of equals, so iterate the
            // (alphabetical) map backwards to keep the alphabetically first.
            let best = counts
                .into_iter()
                .rev()
                .filter(|(word, n)| *n >= 2 && !self.theme_name_taken(&capitalise(word), None))
                .max_by_key(|(_, n)| *n)
                .map(|(word, _)| word.to_string());
            let Some(word) = best else { break };
            let (taken, rest): (Vec<_>, Vec<_>) = remaining.into_iter().partition(|(_, words)| words.contains(&word));
            remaining = rest;
            suggestions.push(ThemeSuggestion { name: capitalise(&word), initiatives: taken.into_iter().map(|(id, _)| id).collect() });
        }
        suggestions
    }

    /// Creates the suggested themes and assigns their initiatives. Initiatives grouped (or
    /// deleted) since the suggestion was made are left where they are; a suggestion none of
    /// whose initiatives is still ungrouped, or whose name a theme now has, is skipped.
    /// Returns how many themes were created.
    pub fn accept_suggestions(&mut self, suggestions: &[ThemeSuggestion]) -> usize {
        let mut created = 0;
        for suggestion in suggestions {
            let still: Vec<InitiativeId> = suggestion
                .initiatives
                .iter()
                .copied()
                .filter(|id| self.initiative(*id).is_some_and(|i| self.column_key(i).is_none()))
                .collect();
            if still.is_empty() {
                continue;
            }
            let Some(theme) = self.add_theme(&suggestion.name, "") else { continue };
            for id in still {
                self.assign_theme(id, Some(theme));
            }
            created += 1;
        }
        created
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::prioritise::tests::{add, workshop};
    use crate::model::{BacklogItem, BacklogItemId, ThemeId};
    use proptest::prelude::*;

    const EXAMPLE: [&str; 8] = [
        "Fix flaky integration tests",
        "Quarantine flaky tests automatically",
        "Upgrade Kafka to 3.7",
        "Kafka consumer lag alerts",
        "Make the build better with more caching",
        "Better onboarding docs",
        "Rotate database credentials",
        "Flaky test dashboard",
    ];

    fn example(order: &[usize]) -> Workshop {
        let mut w = workshop();
        for &n in order {
            add(&mut w, EXAMPLE[n]);
        }
        w
    }

    fn names(s: &[ThemeSuggestion]) -> Vec<&str> {
        s.iter().map(|s| s.name.as_str()).collect()
    }

    #[test]
    fn suggestions_are_sensible_on_a_small_example() {
        let w = example(&[0, 1, 2, 3, 4, 5, 6, 7]);
        let s = w.suggest_themes();
        assert_eq!(names(&s), ["Flaky", "Kafka"], "'better' and 'make' are too generic; 'tests' was taken by Flaky first");
        let flaky: Vec<&str> = s[0].initiatives.iter().map(|id| w.initiative(*id).expect("exists").title.as_str()).collect();
        assert_eq!(flaky, [EXAMPLE[0], EXAMPLE[1], EXAMPLE[7]]);
        assert_eq!(s[1].initiatives.len(), 2);
    }

    #[test]
    fn generic_words_group_nothing() {
        let mut w = workshop();
        for title in [
            "Self-service API key rotation",
            "Per-service cost dashboards",
            "Service desk ticket deflection",
            "Adopt a proper on-call scheduling tool",
            "Internal tools team charter",
        ] {
            add(&mut w, title);
        }
        assert!(w.suggest_themes().is_empty(), "nothing in common but 'service', 'tool', 'team': {:?}", names(&w.suggest_themes()));
        // A word on most of the ideas says nothing about them here.
        let mut w = workshop();
        for title in ["Payments retry", "Payments ledger", "Payments cost", "Payments alerts", "Ledger archive", "Alerts noise"] {
            add(&mut w, title);
        }
        assert_eq!(names(&w.suggest_themes()), ["Alerts", "Ledger"], "'payments' is on four of six");
    }

    #[test]
    fn suggestions_are_deterministic_and_ignore_order() {
        let w = example(&[0, 1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(w.suggest_themes(), w.suggest_themes());
        let shuffled = example(&[7, 3, 5, 0, 6, 2, 4, 1]);
        assert_eq!(names(&shuffled.suggest_themes()), names(&w.suggest_themes()));
        let title_sets = |w: &Workshop| -> Vec<BTreeSet<String>> {
            w.suggest_themes()
                .iter()
                .map(|s| s.initiatives.iter().map(|id| w.initiative(*id).expect("exists").title.clone()).collect())
                .collect()
        };
        assert_eq!(title_sets(&shuffled), title_sets(&w));
    }

    #[test]
    fn ties_go_alphabetically_and_existing_names_are_skipped() {
        let mut w = workshop();
        add(&mut w, "zebra alpha");
        add(&mut w, "zebra alpha");
        assert_eq!(names(&w.suggest_themes()), ["Alpha"]);
        w.add_theme("ALPHA", "").expect("added");
        assert_eq!(names(&w.suggest_themes()), ["Zebra"]);
    }

    #[test]
    fn suggestions_use_rescued_labels_and_skip_grouped_and_hidden() {
        let mut w = workshop();
        for (n, title) in ["Retry payments", "Refund flow"].iter().enumerate() {
            let bid = BacklogItemId(100 + n as u64);
            w.backlog.items.push(BacklogItem {
                id: bid,
                title: (*title).into(),
                description: String::new(),
                external_id: None,
                labels: vec!["billing".into()],
                section: String::new(),
                source_file: String::new(),
                source_format: String::new(),
                created: None,
                updated: None,
                done: false,
                status: crate::model::ItemStatus::Open,
                state: crate::model::BacklogState::Shelved,
                shelved_on: None,
                rescued_as: None,
                changed: None,
                extra: crate::model::Extra::new(),
            });
            let id = add(&mut w, title);
            w.initiatives.iter_mut().find(|i| i.id == id).expect("exists").rescued_from = Some(bid);
        }
        assert_eq!(names(&w.suggest_themes()), ["Billing"]);
        let grouped = add(&mut w, "Refund emails");
        let t = w.add_theme("Mail", "").expect("added");
        w.assign_theme(grouped, Some(t));
        w.set_silent(true);
        add(&mut w, "Refund secret");
        let s = w.suggest_themes();
        assert_eq!(s[0].initiatives.len(), 2, "grouped and hidden initiatives are not suggested");
    }

    #[test]
    fn at_most_six_suggestions_each_with_two() {
        let mut w = workshop();
        for word in ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"] {
            add(&mut w, word);
            add(&mut w, word);
        }
        add(&mut w, "india");
        let s = w.suggest_themes();
        assert_eq!(s.len(), 6);
        assert!(s.iter().all(|s| s.initiatives.len() >= 2));
    }

    #[test]
    fn accepting_creates_themes_and_skips_what_was_grouped_meanwhile() {
        let mut w = example(&[0, 1, 2, 3, 4, 5, 6, 7]);
        let s = w.suggest_themes();
        let kafka: Vec<InitiativeId> = s[1].initiatives.clone();
        let other = w.add_theme("Streaming", "").expect("added");
        for id in &kafka {
            w.assign_theme(*id, Some(other));
        }
        assert_eq!(w.accept_suggestions(&s), 1);
        let flaky = w.themes.iter().find(|t| t.name == "Flaky").expect("created").id;
        assert_eq!(w.column(Some(flaky)).len(), 3);
        assert_eq!(w.column(Some(other)).len(), 2, "left where the facilitator put them");
        assert_eq!(w.accept_suggestions(&s), 0, "nothing left to accept");
    }

    #[derive(Debug, Clone)]
    enum Op {
        Add(u8),
        Edit(usize, u8),
        Delete(usize),
        Merge(usize, usize),
        MoveTheme(usize, i32),
        Assign(usize, Option<usize>),
        MoveWithin(usize, i32),
        Suggest,
        LinkObjective(usize),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0u8..6).prop_map(Op::Add),
            (0usize..8, 0u8..6).prop_map(|(t, n)| Op::Edit(t, n)),
            (0usize..8).prop_map(Op::Delete),
            (0usize..8, 0usize..8).prop_map(|(a, b)| Op::Merge(a, b)),
            (0usize..8, -3i32..4).prop_map(|(t, d)| Op::MoveTheme(t, d)),
            (0usize..12, proptest::option::of(0usize..8)).prop_map(|(i, t)| Op::Assign(i, t)),
            (0usize..12, -3i32..4).prop_map(|(i, d)| Op::MoveWithin(i, d)),
            Just(Op::Suggest),
            (0usize..8).prop_map(Op::LinkObjective),
        ]
    }

    const NAMES: [&str; 6] = ["CI", "ci", "Kafka", "Flaky", "Docs", ""];

    proptest! {
        #[test]
        fn theme_operations_keep_every_initiative_somewhere(ops in proptest::collection::vec(op(), 0..40)) {
            let mut w = example(&[0, 1, 2, 3, 4, 5, 6, 7, 0, 2, 5, 7]);
            w.objectives.push(crate::model::Objective { theme: Some(ThemeId(0)), ..Default::default() });
            w.objectives[0].theme = None;
            let before: Vec<InitiativeId> = { let mut v: Vec<_> = w.initiatives.iter().map(|i| i.id).collect(); v.sort(); v };
            let theme_at = |w: &Workshop, n: usize| w.themes.get(n % w.themes.len().max(1)).map(|t| t.id);
            let ini_at = |w: &Workshop, n: usize| w.initiatives[n % w.initiatives.len()].id;
            for op in ops {
                match op {
                    Op::Add(n) => { w.add_theme(NAMES[n as usize], "d"); }
                    Op::Edit(t, n) => if let Some(t) = theme_at(&w, t) { w.edit_theme(t, NAMES[n as usize], ""); },
                    Op::Delete(t) => if let Some(t) = theme_at(&w, t) { prop_assert!(w.delete_theme(t)); },
                    Op::Merge(a, b) => if let (Some(a), Some(b)) = (theme_at(&w, a), theme_at(&w, b)) {
                        let moving = w.column(Some(a)).len() + w.column(Some(b)).len();
                        prop_assert_eq!(w.merge_themes(a, b), a != b);
                        if a != b {
                            prop_assert_eq!(w.column(Some(b)).len(), moving);
                        }
                    },
                    Op::MoveTheme(t, d) => if let Some(t) = theme_at(&w, t) { w.move_theme(t, d); },
                    Op::Assign(i, t) => {
                        let i = ini_at(&w, i);
                        let t = t.and_then(|t| theme_at(&w, t));
                        w.assign_theme(i, t);
                        let ini = w.initiative(i).expect("still there");
                        prop_assert!(w.column(t).iter().any(|c| c.id == ini.id));
                    }
                    Op::MoveWithin(i, d) => { let i = ini_at(&w, i); w.move_within_theme(i, d); }
                    Op::Suggest => { let s = w.suggest_themes(); w.accept_suggestions(&s); }
                    Op::LinkObjective(t) => w.objectives[0].theme = theme_at(&w, t),
                }
                let mut now: Vec<InitiativeId> = w.initiatives.iter().map(|i| i.id).collect();
                now.sort();
                prop_assert_eq!(&now, &before);
                for i in &w.initiatives {
                    prop_assert!(i.theme.is_none_or(|t| w.theme(t).is_some()), "dangling theme on {}", i.id);
                }
                for o in &w.objectives {
                    prop_assert!(o.theme.is_none_or(|t| w.theme(t).is_some()));
                }
                let in_columns: usize = std::iter::once(None).chain(w.themes.iter().map(|t| Some(t.id))).map(|t| w.column(t).len()).sum();
                prop_assert_eq!(in_columns, before.len(), "each initiative in exactly one column");
                let mut seen = BTreeSet::new();
                for t in &w.themes {
                    prop_assert!(seen.insert(t.name.to_lowercase()), "duplicate theme name {}", t.name);
                }
            }
        }
    }
}
