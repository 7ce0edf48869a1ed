//! Step 3 rules: impact/cost scoring and the quadrants it places initiatives in, dot voting
//! within a per-participant budget, and the theme board (create, edit, merge, reorder,
//! delete themes; move initiatives between and within columns; offline theme suggestions).
//!
//! The board has an "ungrouped" column (theme `None`) and one column per theme in the order
//! of `workshop.themes`; within a column, initiatives keep their order in
//! `workshop.initiatives`. An initiative whose theme no longer exists (a hand-edited file)
//! counts as ungrouped, so every initiative is always in exactly one column.

use std::collections::{BTreeMap, BTreeSet};

use super::ids::{InitiativeId, ParticipantId, ThemeId};
use super::initiative::{Initiative, Theme};
use super::text::{clean_line, clean_multiline};
use super::workshop::Workshop;

/// Where an initiative falls on the impact/cost matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Quadrant {
    /// High impact, low cost.
    QuickWin,
    /// High impact, high cost.
    BigBet,
    /// Low impact, low cost.
    Filler,
    /// Low impact, high cost.
    MoneyPit,
}

impl Quadrant {
    pub const ALL: [Quadrant; 4] = [Quadrant::QuickWin, Quadrant::BigBet, Quadrant::Filler, Quadrant::MoneyPit];

    /// The lowest score that counts as high, for impact and cost alike.
    pub const HIGH: u8 = 3;

    /// The quadrant of an impact and a cost on the 1–5 scale. High means 3 or more for both
    /// (3, the middle of the scale, is "high"), so 1–2 is low.
    pub fn of(impact: u8, cost: u8) -> Quadrant {
        match (impact >= Self::HIGH, cost >= Self::HIGH) {
            (true, false) => Quadrant::QuickWin,
            (true, true) => Quadrant::BigBet,
            (false, false) => Quadrant::Filler,
            (false, true) => Quadrant::MoneyPit,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Quadrant::QuickWin => "quick win",
            Quadrant::BigBet => "big bet",
            Quadrant::Filler => "filler",
            Quadrant::MoneyPit => "money pit",
        }
    }

    /// The heading on the matrix.
    pub fn title(self) -> &'static str {
        match self {
            Quadrant::QuickWin => "QUICK WINS",
            Quadrant::BigBet => "BIG BETS",
            Quadrant::Filler => "FILLERS",
            Quadrant::MoneyPit => "MONEY PITS",
        }
    }
}

impl Initiative {
    /// The quadrant, once both impact and cost are scored.
    pub fn quadrant(&self) -> Option<Quadrant> {
        Some(Quadrant::of(self.impact?, self.cost?))
    }
}

/// Why a vote was not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoteRefusal {
    /// The voter has spent their whole budget.
    NoneLeft {
        budget: u32,
    },
    /// The voter already has the most votes allowed on this initiative.
    CapReached {
        cap: u32,
    },
    /// Taking back a vote the voter never cast on this initiative.
    NothingToTake,
    /// No such participant, or one removed from the workshop (casting only).
    UnknownVoter,
    UnknownInitiative,
}

impl std::fmt::Display for VoteRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VoteRefusal::NoneLeft { budget } => write!(f, "no votes left (budget {budget})"),
            VoteRefusal::CapReached { cap: 1 } => f.write_str("at most 1 vote on one initiative"),
            VoteRefusal::CapReached { cap } => write!(f, "at most {cap} votes on one initiative"),
            VoteRefusal::NothingToTake => f.write_str("no vote here to take back"),
            VoteRefusal::UnknownVoter => f.write_str("choose who is voting first"),
            VoteRefusal::UnknownInitiative => f.write_str("no such initiative"),
        }
    }
}

impl std::error::Error for VoteRefusal {}

/// A theme the board proposes for some ungrouped initiatives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeSuggestion {
    pub name: String,
    /// In board order.
    pub initiatives: Vec<InitiativeId>,
}

/// At most this many suggestions at once.
const MAX_SUGGESTIONS: usize = 6;

/// Words that say nothing about what an initiative is about: English stopwords of four
/// letters or more (shorter words are never considered) and words every initiative uses.
const STOPWORDS: &[&str] = &[
    "about",
    "above",
    "across",
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
    "could",
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
    "really",
    "same",
    "should",
    "since",
    "some",
    "something",
    "still",
    "stop",
    "such",
    "take",
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
    "under",
    "until",
    "upon",
    "using",
    "very",
    "want",
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

fn same_name(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
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
    // ---- scoring ----

    /// Sets (clamped to 1–5) or clears an initiative's impact. False when there is no such
    /// initiative.
    pub fn set_impact(&mut self, id: InitiativeId, value: Option<u8>) -> bool {
        self.set_initiative_score(id, value, |i| &mut i.impact)
    }

    /// Sets (clamped to 1–5) or clears an initiative's cost. False when there is no such
    /// initiative.
    pub fn set_cost(&mut self, id: InitiativeId, value: Option<u8>) -> bool {
        self.set_initiative_score(id, value, |i| &mut i.cost)
    }

    fn set_initiative_score(&mut self, id: InitiativeId, value: Option<u8>, field: impl Fn(&mut Initiative) -> &mut Option<u8>) -> bool {
        match self.initiatives.iter_mut().find(|i| i.id == id) {
            Some(ini) => {
                *field(ini) = value.map(|v| v.clamp(1, 5));
                true
            }
            None => false,
        }
    }

    // ---- dot voting ----

    /// Votes `voter` has cast, over all initiatives.
    pub fn votes_spent(&self, voter: ParticipantId) -> u32 {
        self.initiatives.iter().filter_map(|i| i.votes.get(&voter)).sum()
    }

    /// Votes `voter` may still cast; 0 (never negative) when the budget was lowered below
    /// what they had spent.
    pub fn votes_left(&self, voter: ParticipantId) -> u32 {
        self.settings.vote_budget.saturating_sub(self.votes_spent(voter))
    }

    /// +1 vote (delta > 0) or -1 (delta < 0) by `voter` on `id`, within the budget and the
    /// per-initiative cap; a delta of 0 changes nothing. Removing a participant's last vote
    /// on an initiative removes the map entry. Only active participants may cast votes; a
    /// removed participant's votes may still be taken back. Returns the voter's votes on
    /// the initiative now.
    pub fn vote(&mut self, voter: ParticipantId, id: InitiativeId, delta: i32) -> Result<u32, VoteRefusal> {
        let participant = self.participant(voter).ok_or(VoteRefusal::UnknownVoter)?;
        if participant.removed && delta > 0 {
            return Err(VoteRefusal::UnknownVoter);
        }
        let left = self.votes_left(voter);
        let budget = self.settings.vote_budget;
        let cap = self.settings.vote_cap;
        let ini = self.initiatives.iter_mut().find(|i| i.id == id).ok_or(VoteRefusal::UnknownInitiative)?;
        let mine = ini.votes.get(&voter).copied().unwrap_or(0);
        match delta.signum() {
            1 => {
                if left == 0 {
                    return Err(VoteRefusal::NoneLeft { budget });
                }
                if let Some(cap) = cap.filter(|cap| mine >= *cap) {
                    return Err(VoteRefusal::CapReached { cap });
                }
                ini.votes.insert(voter, mine + 1);
                Ok(mine + 1)
            }
            -1 => {
                if mine == 0 {
                    return Err(VoteRefusal::NothingToTake);
                }
                if mine == 1 {
                    ini.votes.remove(&voter);
                } else {
                    ini.votes.insert(voter, mine - 1);
                }
                Ok(mine - 1)
            }
            _ => Ok(mine),
        }
    }

    /// Removes every vote on every initiative; returns how many votes were removed.
    pub fn clear_votes(&mut self) -> u32 {
        let mut removed = 0;
        for ini in &mut self.initiatives {
            removed += ini.total_votes();
            ini.votes.clear();
        }
        removed
    }

    /// Participants whose spent votes exceed the budget (after the budget was lowered):
    /// (name, spent), in participant order. Votes already cast are never removed by a
    /// budget change.
    pub fn over_budget(&self) -> Vec<(String, u32)> {
        self.participants
            .iter()
            .map(|p| (p, self.votes_spent(p.id)))
            .filter(|(_, spent)| *spent > self.settings.vote_budget)
            .map(|(p, spent)| (p.name.clone(), spent))
            .collect()
    }

    // ---- themes ----

    fn theme_name_taken(&self, name: &str, except: Option<ThemeId>) -> bool {
        self.themes.iter().any(|t| Some(t.id) != except && same_name(&t.name, name))
    }

    /// Adds a theme at the end of the board. `None` for an empty name (after cleaning) or
    /// one another theme already has (case-insensitive).
    pub fn add_theme(&mut self, name: &str, description: &str) -> Option<ThemeId> {
        let name = clean_line(name);
        if name.is_empty() || self.theme_name_taken(&name, None) {
            return None;
        }
        let id = ThemeId(self.allocate_id());
        self.themes.push(Theme { id, name, description: clean_multiline(description) });
        Some(id)
    }

    /// Renames and re-describes a theme; false for an unknown theme, an empty name or one
    /// another theme has.
    pub fn edit_theme(&mut self, id: ThemeId, name: &str, description: &str) -> bool {
        let name = clean_line(name);
        if name.is_empty() || self.theme_name_taken(&name, Some(id)) {
            return false;
        }
        match self.themes.iter_mut().find(|t| t.id == id) {
            Some(theme) => {
                theme.name = name;
                theme.description = clean_multiline(description);
                true
            }
            None => false,
        }
    }

    /// Removes a theme: its initiatives go back to ungrouped and objectives pointing to it
    /// lose their theme.
    pub fn delete_theme(&mut self, id: ThemeId) -> bool {
        let Some(index) = self.themes.iter().position(|t| t.id == id) else { return false };
        self.themes.remove(index);
        for ini in self.initiatives.iter_mut().filter(|i| i.theme == Some(id)) {
            ini.theme = None;
        }
        for o in self.objectives.iter_mut().filter(|o| o.theme == Some(id)) {
            o.theme = None;
        }
        true
    }

    /// Moves the initiatives (appended to the end of `into`'s column, in their order) and
    /// objectives of `from` to `into`, then removes `from`. Descriptions are joined with a
    /// line break when both have one. False when either is unknown or they are the same.
    pub fn merge_themes(&mut self, from: ThemeId, into: ThemeId) -> bool {
        if from == into || self.theme(into).is_none() {
            return false;
        }
        let Some(index) = self.themes.iter().position(|t| t.id == from) else { return false };
        let gone = self.themes.remove(index);
        if let Some(target) = self.themes.iter_mut().find(|t| t.id == into) {
            if target.description.is_empty() {
                target.description = gone.description;
            } else if !gone.description.is_empty() {
                target.description = format!("{}\n{}", target.description, gone.description);
            }
        }
        let (mut moved, kept): (Vec<Initiative>, Vec<Initiative>) =
            std::mem::take(&mut self.initiatives).into_iter().partition(|i| i.theme == Some(from));
        for ini in &mut moved {
            ini.theme = Some(into);
        }
        self.initiatives = kept;
        self.initiatives.append(&mut moved);
        for o in self.objectives.iter_mut().filter(|o| o.theme == Some(from)) {
            o.theme = Some(into);
        }
        true
    }

    /// Moves a theme's column left (delta < 0) or right (delta > 0) by `delta` places,
    /// clamped at the ends. True when it moved.
    pub fn move_theme(&mut self, id: ThemeId, delta: i32) -> bool {
        let Some(from) = self.themes.iter().position(|t| t.id == id) else { return false };
        let last = self.themes.len() - 1;
        let to = (from as i64 + i64::from(delta)).clamp(0, last as i64) as usize;
        if to == from {
            return false;
        }
        let theme = self.themes.remove(from);
        self.themes.insert(to, theme);
        true
    }

    /// The column an initiative shows in: its theme, or ungrouped when it has none or its
    /// theme no longer exists.
    fn column_key(&self, ini: &Initiative) -> Option<ThemeId> {
        ini.theme.filter(|t| self.theme(*t).is_some())
    }

    /// Puts an initiative in a theme's column (or ungrouped for `None`), at the end of that
    /// column (the initiative moves to the end of `initiatives`). False for an unknown
    /// initiative or theme, or when it is already in that column.
    pub fn assign_theme(&mut self, id: InitiativeId, theme: Option<ThemeId>) -> bool {
        if theme.is_some_and(|t| self.theme(t).is_none()) {
            return false;
        }
        let Some(index) = self.initiatives.iter().position(|i| i.id == id) else { return false };
        if self.column_key(&self.initiatives[index]) == theme {
            return false;
        }
        let mut ini = self.initiatives.remove(index);
        ini.theme = theme;
        self.initiatives.push(ini);
        true
    }

    /// Moves an initiative up (-1) or down (+1) among the initiatives of its own column
    /// (same theme or both ungrouped), swapping with the neighbour in that column; a larger
    /// delta moves several places. Clamped at the column's ends; true when it moved.
    pub fn move_within_theme(&mut self, id: InitiativeId, delta: i32) -> bool {
        let Some(ini) = self.initiative(id) else { return false };
        let key = self.column_key(ini);
        let slots: Vec<usize> = self.initiatives.iter().enumerate().filter(|(_, i)| self.column_key(i) == key).map(|(n, _)| n).collect();
        let Some(from) = slots.iter().position(|&n| self.initiatives[n].id == id) else { return false };
        let to = (from as i64 + i64::from(delta)).clamp(0, slots.len() as i64 - 1) as usize;
        if to == from {
            return false;
        }
        let mut at = from;
        while at != to {
            let next = if to > at { at + 1 } else { at - 1 };
            self.initiatives.swap(slots[at], slots[next]);
            at = next;
        }
        true
    }

    /// The initiatives of a column in board order (`None` = ungrouped, which includes any
    /// whose theme no longer exists). Hidden (silent-mode) initiatives are included; the
    /// screen decides whether to show them.
    pub fn column(&self, theme: Option<ThemeId>) -> Vec<&Initiative> {
        self.initiatives.iter().filter(|i| self.column_key(i) == theme).collect()
    }

    /// Column totals: (count, votes, total impact, total cost); unscored counts as 0.
    pub fn column_totals(&self, theme: Option<ThemeId>) -> (usize, u32, u32, u32) {
        self.column(theme).iter().fold((0, 0, 0, 0), |(n, v, i, c), ini| {
            (n + 1, v + ini.total_votes(), i + u32::from(ini.impact.unwrap_or(0)), c + u32::from(ini.cost.unwrap_or(0)))
        })
    }

    /// Offline, deterministic theme suggestions for the ungrouped initiatives that are not
    /// hidden by silent mode (their words must not reach the shared screen before they are
    /// revealed).
    ///
    /// Each initiative offers the words of its title (lowercased, split on anything not a
    /// letter or digit, four characters or more, not a stopword or a generic word such as
    /// "make", "better", "more") and the labels of the backlog item it was rescued from.
    /// The word or label shared by the most initiatives (ties: alphabetical) becomes a
    /// theme with those initiatives; the rest are considered again, until six suggestions
    /// or no word is shared by two. Names are capitalised ("Flaky") and never one an
    /// existing theme has (case-insensitive).
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
    use crate::model::{BacklogItem, BacklogItemId, Capture, Period};
    use jiff::Timestamp;
    use proptest::prelude::*;

    fn workshop() -> Workshop {
        Workshop::new("w", "", Period::parse("2027-Q1").expect("period"), Timestamp::UNIX_EPOCH)
    }

    fn add(w: &mut Workshop, title: &str) -> InitiativeId {
        w.capture(&Capture { title: title.into(), ..Capture::default() }, Timestamp::UNIX_EPOCH).expect("captured")
    }

    fn titles(w: &Workshop, theme: Option<ThemeId>) -> Vec<&str> {
        w.column(theme).iter().map(|i| i.title.as_str()).collect()
    }

    #[test]
    fn quadrants_at_the_corners_and_at_three() {
        assert_eq!(Quadrant::of(5, 1), Quadrant::QuickWin);
        assert_eq!(Quadrant::of(5, 5), Quadrant::BigBet);
        assert_eq!(Quadrant::of(1, 1), Quadrant::Filler);
        assert_eq!(Quadrant::of(1, 5), Quadrant::MoneyPit);
        assert_eq!(Quadrant::of(3, 2), Quadrant::QuickWin, "impact 3 is high");
        assert_eq!(Quadrant::of(2, 2), Quadrant::Filler);
        assert_eq!(Quadrant::of(3, 3), Quadrant::BigBet, "cost 3 is high");
        assert_eq!(Quadrant::of(2, 3), Quadrant::MoneyPit);
        assert_eq!(Quadrant::MoneyPit.label(), "money pit");
        assert_eq!(Quadrant::QuickWin.title(), "QUICK WINS");
    }

    #[test]
    fn initiative_quadrant_needs_both_scores() {
        let mut w = workshop();
        let id = add(&mut w, "x");
        assert_eq!(w.initiative(id).expect("exists").quadrant(), None);
        w.set_impact(id, Some(4));
        assert_eq!(w.initiative(id).expect("exists").quadrant(), None);
        w.set_cost(id, Some(4));
        assert_eq!(w.initiative(id).expect("exists").quadrant(), Some(Quadrant::BigBet));
    }

    #[test]
    fn scoring_clamps_and_clears() {
        let mut w = workshop();
        let id = add(&mut w, "x");
        assert!(w.set_impact(id, Some(9)));
        assert!(w.set_cost(id, Some(0)));
        let ini = w.initiative(id).expect("exists");
        assert_eq!((ini.impact, ini.cost), (Some(5), Some(1)));
        assert!(w.set_impact(id, None));
        assert_eq!(w.initiative(id).expect("exists").impact, None);
        assert_eq!(w.initiative(id).expect("exists").cost, Some(1), "only impact cleared");
        assert!(!w.set_cost(InitiativeId(999), Some(3)));
    }

    #[test]
    fn a_voter_spends_the_budget_and_is_refused_after() {
        let mut w = workshop();
        let ada = w.add_participant("Ada").expect("id");
        let a = add(&mut w, "a");
        let b = add(&mut w, "b");
        assert_eq!(w.votes_left(ada), 3);
        assert_eq!(w.vote(ada, a, 1), Ok(1));
        assert_eq!(w.vote(ada, a, 1), Ok(2));
        assert_eq!(w.vote(ada, b, 1), Ok(1));
        assert_eq!((w.votes_spent(ada), w.votes_left(ada)), (3, 0));
        assert_eq!(w.vote(ada, b, 1), Err(VoteRefusal::NoneLeft { budget: 3 }));
        assert_eq!(w.votes_spent(ada), 3, "the refused vote was not counted");
        assert_eq!(VoteRefusal::NoneLeft { budget: 3 }.to_string(), "no votes left (budget 3)");
    }

    #[test]
    fn the_cap_is_respected() {
        let mut w = workshop();
        w.settings.vote_cap = Some(2);
        let ada = w.add_participant("Ada").expect("id");
        let a = add(&mut w, "a");
        w.vote(ada, a, 1).expect("first");
        w.vote(ada, a, 1).expect("second");
        assert_eq!(w.vote(ada, a, 1), Err(VoteRefusal::CapReached { cap: 2 }));
        assert_eq!(w.votes_left(ada), 1);
        assert_eq!(VoteRefusal::CapReached { cap: 2 }.to_string(), "at most 2 votes on one initiative");
    }

    #[test]
    fn minus_takes_back_and_removes_the_entry() {
        let mut w = workshop();
        let ada = w.add_participant("Ada").expect("id");
        let grace = w.add_participant("Grace").expect("id");
        let a = add(&mut w, "a");
        assert_eq!(w.vote(ada, a, -1), Err(VoteRefusal::NothingToTake));
        w.vote(ada, a, 1).expect("vote");
        w.vote(ada, a, 1).expect("vote");
        w.vote(grace, a, 1).expect("vote");
        assert_eq!(w.vote(ada, a, -1), Ok(1));
        assert_eq!(w.vote(ada, a, -5), Ok(0), "one vote at a time, whatever the delta");
        assert!(!w.initiative(a).expect("exists").votes.contains_key(&ada));
        assert_eq!(w.initiative(a).expect("exists").total_votes(), 1);
        assert_eq!(w.vote(ada, a, 0), Ok(0));
        assert_eq!(w.vote(ParticipantId(999), a, 1), Err(VoteRefusal::UnknownVoter));
        assert_eq!(w.vote(ada, InitiativeId(999), 1), Err(VoteRefusal::UnknownInitiative));
    }

    #[test]
    fn removed_participants_cannot_vote_but_can_take_back() {
        let mut w = workshop();
        let ada = w.add_participant("Ada").expect("id");
        let a = add(&mut w, "a");
        w.vote(ada, a, 1).expect("vote");
        w.remove_participant(ada);
        assert_eq!(w.vote(ada, a, 1), Err(VoteRefusal::UnknownVoter));
        assert_eq!(w.vote(ada, a, -1), Ok(0));
    }

    #[test]
    fn clear_votes_counts_what_it_removed() {
        let mut w = workshop();
        let ada = w.add_participant("Ada").expect("id");
        let grace = w.add_participant("Grace").expect("id");
        let a = add(&mut w, "a");
        let b = add(&mut w, "b");
        w.vote(ada, a, 1).expect("vote");
        w.vote(ada, a, 1).expect("vote");
        w.vote(grace, b, 1).expect("vote");
        assert_eq!(w.clear_votes(), 3);
        assert!(w.initiatives.iter().all(|i| i.votes.is_empty()));
        assert_eq!(w.clear_votes(), 0);
    }

    #[test]
    fn lowering_the_budget_keeps_votes_and_names_the_voter() {
        let mut w = workshop();
        let ada = w.add_participant("Ada").expect("id");
        let grace = w.add_participant("Grace").expect("id");
        let a = add(&mut w, "a");
        for _ in 0..3 {
            w.vote(ada, a, 1).expect("vote");
        }
        w.vote(grace, a, 1).expect("vote");
        assert!(w.over_budget().is_empty());
        w.settings.vote_budget = 1;
        assert_eq!(w.votes_spent(ada), 3, "votes already cast stay");
        assert_eq!(w.votes_left(ada), 0);
        assert_eq!(w.over_budget(), vec![("Ada".to_string(), 3)]);
        assert_eq!(w.vote(ada, a, 1), Err(VoteRefusal::NoneLeft { budget: 1 }));
        assert_eq!(w.vote(grace, a, 1), Err(VoteRefusal::NoneLeft { budget: 1 }));
    }

    #[test]
    fn theme_names_are_clean_and_unique() {
        let mut w = workshop();
        let ci = w.add_theme(" CI\u{1b} ", "faster\r\nbuilds").expect("added");
        assert_eq!(w.theme(ci).expect("exists").name, "CI");
        assert_eq!(w.theme(ci).expect("exists").description, "faster\nbuilds");
        assert!(w.add_theme("ci", "").is_none(), "case-insensitive");
        assert!(w.add_theme(" \u{7}", "").is_none());
        let db = w.add_theme("Database", "").expect("added");
        assert!(!w.edit_theme(db, "CI", ""), "taken by another theme");
        assert!(w.edit_theme(db, "database", "Postgres"), "a theme may change its own case");
        assert_eq!(w.theme(db).expect("exists").name, "database");
        assert!(!w.edit_theme(ThemeId(999), "x", ""));
        assert!(!w.edit_theme(db, "", ""));
    }

    #[test]
    fn deleting_a_theme_ungroups_its_initiatives_and_objectives() {
        let mut w = workshop();
        let t = w.add_theme("CI", "").expect("added");
        let a = add(&mut w, "a");
        w.assign_theme(a, Some(t));
        w.objectives.push(objective(t));
        assert!(w.delete_theme(t));
        assert_eq!(w.initiative(a).expect("kept").theme, None);
        assert_eq!(w.objectives[0].theme, None);
        assert!(!w.delete_theme(t));
    }

    fn objective(theme: ThemeId) -> crate::model::Objective {
        crate::model::Objective {
            id: crate::model::ObjectiveId(500),
            title: "o".into(),
            rationale: String::new(),
            owners: vec![],
            parent: String::new(),
            commitment: crate::model::Commitment::Committed,
            theme: Some(theme),
            key_results: vec![],
            learnings: String::new(),
            carried_from: None,
        }
    }

    #[test]
    fn merging_moves_initiatives_objectives_and_joins_descriptions() {
        let mut w = workshop();
        let ci = w.add_theme("CI", "faster builds").expect("added");
        let flaky = w.add_theme("Flaky", "fewer retries").expect("added");
        let a = add(&mut w, "a");
        let b = add(&mut w, "b");
        let c = add(&mut w, "c");
        w.assign_theme(a, Some(flaky));
        w.assign_theme(b, Some(ci));
        w.assign_theme(c, Some(flaky));
        w.objectives.push(objective(flaky));
        assert!(!w.merge_themes(flaky, flaky));
        assert!(!w.merge_themes(flaky, ThemeId(999)));
        assert!(w.merge_themes(flaky, ci));
        assert!(w.theme(flaky).is_none());
        assert_eq!(titles(&w, Some(ci)), ["b", "a", "c"], "merged initiatives follow the column's own");
        assert_eq!(w.objectives[0].theme, Some(ci));
        assert_eq!(w.theme(ci).expect("exists").description, "faster builds\nfewer retries");
        let empty = w.add_theme("Empty", "").expect("added");
        let other = w.add_theme("Other", "kept").expect("added");
        assert!(w.merge_themes(other, empty));
        assert_eq!(w.theme(empty).expect("exists").description, "kept");
    }

    #[test]
    fn themes_reorder_clamped_at_the_ends() {
        let mut w = workshop();
        let a = w.add_theme("A", "").expect("added");
        let b = w.add_theme("B", "").expect("added");
        let c = w.add_theme("C", "").expect("added");
        assert!(!w.move_theme(a, -1));
        assert!(w.move_theme(a, 1));
        assert_eq!(w.themes.iter().map(|t| t.id).collect::<Vec<_>>(), [b, a, c]);
        assert!(w.move_theme(b, 10));
        assert_eq!(w.themes.iter().map(|t| t.id).collect::<Vec<_>>(), [a, c, b]);
        assert!(!w.move_theme(b, 1));
        assert!(!w.move_theme(ThemeId(999), 1));
    }

    #[test]
    fn assigning_appends_to_the_column_and_moving_swaps_within_it() {
        let mut ws = workshop();
        let theme = ws.add_theme("T", "").expect("added");
        let a = add(&mut ws, "a");
        let b = add(&mut ws, "b");
        let c = add(&mut ws, "c");
        let d = add(&mut ws, "d");
        assert!(ws.assign_theme(c, Some(theme)));
        assert!(ws.assign_theme(a, Some(theme)));
        assert!(!ws.assign_theme(a, Some(theme)), "already there");
        assert!(!ws.assign_theme(a, Some(ThemeId(999))));
        assert!(!ws.assign_theme(InitiativeId(999), None));
        assert_eq!(titles(&ws, Some(theme)), ["c", "a"]);
        assert_eq!(titles(&ws, None), ["b", "d"]);
        assert!(ws.move_within_theme(a, -1));
        assert_eq!(titles(&ws, Some(theme)), ["a", "c"]);
        assert!(!ws.move_within_theme(a, -1), "already first");
        assert!(ws.move_within_theme(d, -1));
        assert_eq!(titles(&ws, None), ["d", "b"], "ungrouped initiatives move among themselves");
        assert_eq!(titles(&ws, Some(theme)), ["a", "c"], "other columns untouched");
        assert!(ws.assign_theme(b, Some(theme)));
        assert!(ws.move_within_theme(b, -5));
        assert_eq!(titles(&ws, Some(theme)), ["b", "a", "c"]);
        assert!(ws.assign_theme(b, None));
        assert_eq!(titles(&ws, None), ["d", "b"]);
    }

    #[test]
    fn dangling_themes_count_as_ungrouped() {
        let mut w = workshop();
        let a = add(&mut w, "a");
        w.initiatives[0].theme = Some(ThemeId(404));
        assert_eq!(titles(&w, None), ["a"]);
        assert!(w.column(Some(ThemeId(404))).is_empty());
        assert!(!w.assign_theme(a, None), "already ungrouped");
    }

    #[test]
    fn column_totals_count_unscored_as_zero() {
        let mut w = workshop();
        let ada = w.add_participant("Ada").expect("id");
        let t = w.add_theme("T", "").expect("added");
        let a = add(&mut w, "a");
        let b = add(&mut w, "b");
        add(&mut w, "c");
        w.set_impact(a, Some(4));
        w.set_cost(a, Some(2));
        w.set_impact(b, Some(3));
        w.vote(ada, a, 1).expect("vote");
        w.vote(ada, b, 1).expect("vote");
        w.vote(ada, b, 1).expect("vote");
        w.assign_theme(a, Some(t));
        w.assign_theme(b, Some(t));
        assert_eq!(w.column_totals(Some(t)), (2, 3, 7, 2));
        assert_eq!(w.column_totals(None), (1, 0, 0, 0));
    }

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
                source_file: String::new(),
                source_format: String::new(),
                created: None,
                updated: None,
                done: false,
                state: crate::model::BacklogState::Shelved,
                shelved_on: None,
                rescued_as: None,
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
            w.objectives.push(objective(ThemeId(0)));
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
