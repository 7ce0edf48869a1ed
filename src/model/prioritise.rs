//! Step 3 rules: impact/cost scoring and the quadrants it places initiatives in, dot voting
//! within a per-participant budget, and the theme board (create, edit, merge, reorder,
//! delete themes; move initiatives between and within columns; offline theme suggestions).
//!
//! The board has an "ungrouped" column (theme `None`) and one column per theme in the order
//! of `workshop.themes`; within a column, initiatives keep their order in
//! `workshop.initiatives`. An initiative whose theme no longer exists (a hand-edited file)
//! counts as ungrouped, so every initiative is always in exactly one column.

use super::ids::{InitiativeId, ParticipantId, ThemeId};
use super::initiative::{Initiative, Theme};
use super::text::{cap_title, clean_multiline, with_whole_title};
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
            VoteRefusal::CapReached { cap } => write!(f, "at most {} on one initiative", super::count::count32(*cap, "vote")),
            VoteRefusal::NothingToTake => f.write_str("no vote here to take back"),
            VoteRefusal::UnknownVoter => f.write_str("choose who is voting first"),
            VoteRefusal::UnknownInitiative => f.write_str("no such initiative"),
        }
    }
}

impl std::error::Error for VoteRefusal {}

/// Whether two theme names are the same name (any case or spacing).
pub(super) fn same_name(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
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

    /// Votes `voter` has cast, over all initiatives, their secret ballot included.
    pub fn votes_spent(&self, voter: ParticipantId) -> u32 {
        self.initiatives.iter().filter_map(|i| i.votes.get(&voter)).sum::<u32>() + self.secret_dots(voter)
    }

    /// Votes `voter` may still cast; 0 (never negative) when the budget was lowered below
    /// what they had spent.
    pub fn votes_left(&self, voter: ParticipantId) -> u32 {
        self.settings.vote_budget.saturating_sub(self.votes_spent(voter))
    }

    /// [`Workshop::votes_left`] of every voter at once, in one pass over the initiatives
    /// (a voter with no votes cast is not listed: they have the whole budget).
    pub fn votes_left_by_voter(&self) -> std::collections::HashMap<ParticipantId, u32> {
        let mut spent: std::collections::HashMap<ParticipantId, u32> = std::collections::HashMap::new();
        for i in &self.initiatives {
            for (voter, n) in &i.votes {
                *spent.entry(*voter).or_default() += n;
            }
        }
        for p in &self.participants {
            let dots = self.secret_dots(p.id);
            if dots > 0 {
                *spent.entry(p.id).or_default() += dots;
            }
        }
        spent.into_iter().map(|(voter, n)| (voter, self.settings.vote_budget.saturating_sub(n))).collect()
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

    pub(super) fn theme_name_taken(&self, name: &str, except: Option<ThemeId>) -> bool {
        self.themes.iter().any(|t| Some(t.id) != except && same_name(&t.name, name))
    }

    /// Adds a theme at the end of the board. `None` for an empty name (after cleaning) or
    /// one another theme already has (case-insensitive).
    pub fn add_theme(&mut self, name: &str, description: &str) -> Option<ThemeId> {
        let (name, whole) = cap_title(name);
        if name.is_empty() || self.theme_name_taken(&name, None) {
            return None;
        }
        let id = ThemeId(self.allocate_id());
        let description = with_whole_title(whole, clean_multiline(description));
        self.themes.push(Theme { id, name, description, capacity: None, changed: None, extra: crate::model::Extra::new() });
        Some(id)
    }

    /// Renames and re-describes a theme; false for an unknown theme, an empty name or one
    /// another theme has.
    pub fn edit_theme(&mut self, id: ThemeId, name: &str, description: &str) -> bool {
        let (name, whole) = cap_title(name);
        if name.is_empty() || self.theme_name_taken(&name, Some(id)) {
            return false;
        }
        match self.themes.iter_mut().find(|t| t.id == id) {
            Some(theme) => {
                theme.name = name;
                theme.description = with_whole_title(whole, clean_multiline(description));
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
        self.initiatives = kept.into_iter().chain(moved).collect();
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
    pub(super) fn column_key(&self, ini: &Initiative) -> Option<ThemeId> {
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

    /// Every column's initiatives in one pass, by column (a theme, or `None` for the
    /// ungrouped): what a frame of the board needs, without a pass per column.
    pub fn columns(&self) -> std::collections::HashMap<Option<ThemeId>, Vec<&Initiative>> {
        let themes: std::collections::HashSet<ThemeId> = self.themes.iter().map(|t| t.id).collect();
        let mut out: std::collections::HashMap<Option<ThemeId>, Vec<&Initiative>> = std::collections::HashMap::new();
        for i in &self.initiatives {
            out.entry(i.theme.filter(|t| themes.contains(t))).or_default().push(i);
        }
        out
    }

    /// Column totals: (count, votes, total impact, total cost); unscored counts as 0.
    pub fn column_totals(&self, theme: Option<ThemeId>) -> (usize, u32, u32, u32) {
        totals(&self.column(theme))
    }
}

/// Totals of a column's initiatives: (count, votes, total impact, total cost); unscored
/// counts as 0.
pub fn totals(items: &[&Initiative]) -> (usize, u32, u32, u32) {
    items.iter().fold((0, 0, 0, 0), |(n, v, i, c), ini| {
        (n + 1, v + ini.total_votes(), i + u32::from(ini.impact.unwrap_or(0)), c + u32::from(ini.cost.unwrap_or(0)))
    })
}

impl Workshop {}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::model::{Capture, Period};
    use jiff::Timestamp;

    pub(in crate::model) fn workshop() -> Workshop {
        Workshop::new("w", "", Period::parse("2027-Q1").expect("period"), Timestamp::UNIX_EPOCH)
    }

    pub(in crate::model) fn add(w: &mut Workshop, title: &str) -> InitiativeId {
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
            commitment: crate::model::Commitment::Committed,
            theme: Some(theme),
            ..Default::default()
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
    fn votes_left_of_everyone_at_once_matches_each_voter_asked_alone() {
        let mut w = workshop();
        let (ada, bo, cy) =
            (w.add_participant("Ada").expect("id"), w.add_participant("Bo").expect("id"), w.add_participant("Cy").expect("id"));
        let (a, b) = (add(&mut w, "a"), add(&mut w, "b"));
        w.vote(ada, a, 1).expect("vote");
        w.vote(ada, b, 1).expect("vote");
        w.vote(bo, b, 1).expect("vote");
        assert!(w.start_secret_round());
        w.secret_vote(bo, a, 1).expect("a secret dot");
        let all = w.votes_left_by_voter();
        for p in [ada, bo, cy] {
            assert_eq!(all.get(&p).copied().unwrap_or(w.settings.vote_budget), w.votes_left(p));
        }
        assert!(!all.contains_key(&cy), "no votes, the whole budget");
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
}
