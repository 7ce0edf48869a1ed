//! Private scoring: a round in which each participant scores impact and cost (1–5) on a
//! card of their own, unseen (no values, no averages) until the facilitator reveals. The
//! reveal sets each scored initiative's impact and cost to the team's average, rounded, and
//! keeps the cards, so the Score view can show each average with its spread (lowest to
//! highest): a wide spread is the conversation to have before moving on. A new round
//! replaces a revealed one. The same cards serve a room where each participant scores on
//! their own terminal (`screen/seat.rs`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::ids::{InitiativeId, ParticipantId};
use super::workshop::Workshop;

/// One of the two scores an initiative gets on step 3.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Axis {
    #[default]
    Impact,
    Cost,
}

impl Axis {
    pub fn label(self) -> &'static str {
        match self {
            Axis::Impact => "impact",
            Axis::Cost => "cost",
        }
    }
}

/// A round of private scoring: open until revealed, then kept for its spread.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreRound {
    /// The cards are counted and shown; nobody changes them any more.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub revealed: bool,
    /// One card per participant who has scored, in the order they started.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cards: Vec<ScoreCard>,
    /// Fields this build does not know (written by a newer Quarterdeck or by hand): kept and
    /// written back as they were.
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}

/// One participant's private scores.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreCard {
    /// Saved as the card's `id`: a participant has one card, so their cards on two copies
    /// are one item to the three-way merge (`model/merge.rs`), merged score by score.
    #[serde(rename = "id")]
    pub scorer: ParticipantId,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub scores: BTreeMap<InitiativeId, Estimate>,
    /// The scorer said they are done (they may still change their mind until the reveal).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub done: bool,
    /// When this was last changed here or on another copy: in a merge of two changes to the
    /// same field, the later one wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<jiff::Timestamp>,
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}

/// One participant's impact and cost for one initiative.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Estimate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<u8>,
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}

impl Estimate {
    pub fn get(&self, axis: Axis) -> Option<u8> {
        match axis {
            Axis::Impact => self.impact,
            Axis::Cost => self.cost,
        }
    }

    fn slot(&mut self, axis: Axis) -> &mut Option<u8> {
        match axis {
            Axis::Impact => &mut self.impact,
            Axis::Cost => &mut self.cost,
        }
    }
}

impl ScoreCard {
    /// How many values (impacts and costs) this card holds.
    pub fn values(&self) -> usize {
        self.scores.values().map(|e| usize::from(e.impact.is_some()) + usize::from(e.cost.is_some())).sum()
    }
}

/// The team's scores on one axis of one initiative.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    pub mean: f64,
    pub low: u8,
    pub high: u8,
    /// How many people scored it.
    pub count: usize,
}

impl Spread {
    fn of(values: impl IntoIterator<Item = u8>) -> Option<Spread> {
        let (mut sum, mut count, mut low, mut high) = (0u32, 0usize, u8::MAX, 0u8);
        for v in values {
            sum += u32::from(v);
            count += 1;
            low = low.min(v);
            high = high.max(v);
        }
        let n = u32::try_from(count).ok().filter(|n| *n > 0)?;
        Some(Spread { mean: f64::from(sum) / f64::from(n), low, high, count })
    }

    /// The mean rounded to the 1–5 scale (halves round up).
    pub fn rounded(&self) -> u8 {
        // The mean of 1–5 values is within 1.0–5.0, so this fits.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let v = (self.mean + 0.5).floor() as u8;
        v.clamp(1, 5)
    }

    /// Wide enough to talk about: two or more points between the lowest and the highest.
    pub fn wide(&self) -> bool {
        self.high - self.low >= 2
    }

    /// `3.4 (2–5)`, or `3.0` when everyone agreed.
    pub fn text(&self) -> String {
        if self.low == self.high { format!("{:.1}", self.mean) } else { format!("{:.1} ({}–{})", self.mean, self.low, self.high) }
    }
}

/// The team's impact and cost for one initiative, from a revealed round.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TeamScore {
    pub impact: Option<Spread>,
    pub cost: Option<Spread>,
}

/// Why a private score was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ScoreRefusal {
    #[error("private scoring is not open: the facilitator opens it")]
    NotOpen,
    #[error("only a participant of the workshop scores")]
    UnknownScorer,
    #[error("no such idea on the shared board")]
    UnknownInitiative,
}

/// What revealing a round counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScoresRevealed {
    /// Values (impacts and costs) counted.
    pub values: usize,
    pub scorers: usize,
    /// Initiatives whose impact or cost became the team's average.
    pub initiatives: usize,
}

impl Workshop {
    /// Whether a round of private scoring is open (started and not revealed).
    pub fn score_round_open(&self) -> bool {
        self.score_round.as_ref().is_some_and(|r| !r.revealed)
    }

    /// Opens a round of private scoring, replacing a revealed one; false when one is open.
    pub fn start_score_round(&mut self) -> bool {
        if self.score_round_open() {
            return false;
        }
        self.score_round = Some(ScoreRound::default());
        true
    }

    /// `scorer`'s card in the current round (open or revealed), if they have one.
    pub fn score_card(&self, scorer: ParticipantId) -> Option<&ScoreCard> {
        self.score_round.as_ref()?.cards.iter().find(|c| c.scorer == scorer)
    }

    /// Sets (clamped to 1–5) or clears (`None`) `scorer`'s private `axis` score of `id`.
    pub fn estimate(&mut self, scorer: ParticipantId, id: InitiativeId, axis: Axis, value: Option<u8>) -> Result<(), ScoreRefusal> {
        if !self.score_round_open() {
            return Err(ScoreRefusal::NotOpen);
        }
        if self.participant(scorer).is_none_or(|p| p.removed) {
            return Err(ScoreRefusal::UnknownScorer);
        }
        if self.initiative(id).is_none_or(|i| i.hidden) {
            return Err(ScoreRefusal::UnknownInitiative);
        }
        let round = self.score_round.as_mut().ok_or(ScoreRefusal::NotOpen)?;
        let index = match round.cards.iter().position(|c| c.scorer == scorer) {
            Some(i) => i,
            None => {
                round.cards.push(ScoreCard { scorer, ..ScoreCard::default() });
                round.cards.len() - 1
            }
        };
        let card = &mut round.cards[index];
        let estimate = card.scores.entry(id).or_default();
        *estimate.slot(axis) = value.map(|v| v.clamp(1, 5));
        if estimate.impact.is_none() && estimate.cost.is_none() && estimate.extra.is_empty() {
            card.scores.remove(&id);
        }
        card.done = false;
        Ok(())
    }

    /// Marks `scorer`'s card as done (or not); false when no round is open.
    pub fn finish_score_card(&mut self, scorer: ParticipantId, done: bool) -> bool {
        if !self.score_round_open() {
            return false;
        }
        let Some(round) = self.score_round.as_mut() else { return false };
        match round.cards.iter_mut().find(|c| c.scorer == scorer) {
            Some(c) => c.done = done,
            None => round.cards.push(ScoreCard { scorer, done, ..ScoreCard::default() }),
        }
        true
    }

    /// Whether `scorer` has scored anything or said they are done, in the open round.
    pub fn has_scored(&self, scorer: ParticipantId) -> bool {
        self.score_round_open() && self.score_card(scorer).is_some_and(|c| c.done || c.values() > 0)
    }

    /// Reveals the open round: every scored initiative's impact and cost become the team's
    /// average (rounded to the scale); the cards stay for their spread.
    pub fn reveal_scores(&mut self) -> ScoresRevealed {
        if !self.score_round_open() {
            return ScoresRevealed::default();
        }
        let Some(round) = self.score_round.as_mut() else { return ScoresRevealed::default() };
        round.revealed = true;
        let mut revealed = ScoresRevealed::default();
        let mut by_initiative: BTreeMap<InitiativeId, Vec<&Estimate>> = BTreeMap::new();
        for card in &round.cards {
            let mut counted = false;
            for (id, e) in &card.scores {
                if self.initiatives.iter().any(|i| i.id == *id) {
                    by_initiative.entry(*id).or_default().push(e);
                    revealed.values += usize::from(e.impact.is_some()) + usize::from(e.cost.is_some());
                    counted = true;
                }
            }
            revealed.scorers += usize::from(counted);
        }
        let team: Vec<(InitiativeId, TeamScore)> = by_initiative.into_iter().map(|(id, es)| (id, team_score(&es))).collect();
        for (id, score) in team {
            let (impact, cost) = (score.impact.map(|s| s.rounded()), score.cost.map(|s| s.rounded()));
            if impact.is_none() && cost.is_none() {
                continue;
            }
            let Some(ini) = self.initiatives.iter_mut().find(|i| i.id == id) else { continue };
            ini.impact = impact.or(ini.impact);
            ini.cost = cost.or(ini.cost);
            revealed.initiatives += 1;
        }
        revealed
    }

    /// The team's scores of `id` from the revealed round, when anyone scored it.
    pub fn team_score(&self, id: InitiativeId) -> Option<TeamScore> {
        let round = self.score_round.as_ref().filter(|r| r.revealed)?;
        let es: Vec<&Estimate> = round.cards.iter().filter_map(|c| c.scores.get(&id)).collect();
        let score = team_score(&es);
        (score.impact.is_some() || score.cost.is_some()).then_some(score)
    }

    /// Forgets the private scores of an initiative (deleted), or moves them to another (it
    /// was merged into `into`, where a scorer's own scores stay).
    pub(super) fn move_estimates(&mut self, from: InitiativeId, into: Option<InitiativeId>) {
        let Some(round) = self.score_round.as_mut() else { return };
        for card in &mut round.cards {
            if let Some(e) = card.scores.remove(&from)
                && let Some(into) = into
            {
                card.scores.entry(into).or_insert(e);
            }
        }
    }
}

fn team_score(es: &[&Estimate]) -> TeamScore {
    TeamScore { impact: Spread::of(es.iter().filter_map(|e| e.impact)), cost: Spread::of(es.iter().filter_map(|e| e.cost)) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::prioritise::tests::{add, workshop};

    #[test]
    fn private_scores_stay_on_cards_until_the_reveal_sets_the_averages() {
        let mut w = workshop();
        let (ada, grace, linus) = (w.add_participant("Ada"), w.add_participant("Grace"), w.add_participant("Linus"));
        let (ada, grace, linus) = (ada.expect("id"), grace.expect("id"), linus.expect("id"));
        let a = add(&mut w, "a");
        let b = add(&mut w, "b");
        assert_eq!(w.estimate(ada, a, Axis::Impact, Some(4)), Err(ScoreRefusal::NotOpen));
        assert!(w.start_score_round() && !w.start_score_round());
        let none = crate::model::ParticipantId(999);
        assert_eq!(w.estimate(none, a, Axis::Impact, Some(4)), Err(ScoreRefusal::UnknownScorer));
        assert_eq!(w.estimate(ada, InitiativeId(999), Axis::Impact, Some(4)), Err(ScoreRefusal::UnknownInitiative));
        for (who, impact, cost) in [(ada, 2, 1), (grace, 5, 2), (linus, 4, 2)] {
            w.estimate(who, a, Axis::Impact, Some(impact)).expect("impact");
            w.estimate(who, a, Axis::Cost, Some(cost)).expect("cost");
        }
        w.estimate(ada, b, Axis::Impact, Some(9)).expect("clamped");
        assert_eq!(w.score_card(ada).and_then(|c| c.scores.get(&b)).and_then(|e| e.impact), Some(5));
        w.estimate(ada, b, Axis::Impact, None).expect("cleared");
        assert!(w.score_card(ada).is_some_and(|c| !c.scores.contains_key(&b)), "an empty estimate goes");
        assert!(w.finish_score_card(grace, true) && w.has_scored(grace));
        assert_eq!(w.initiative(a).and_then(|i| i.impact), None, "nothing shows before the reveal");
        assert_eq!(w.team_score(a), None);

        assert_eq!(w.reveal_scores(), ScoresRevealed { values: 6, scorers: 3, initiatives: 1 });
        assert!(!w.score_round_open() && w.score_round.as_ref().is_some_and(|r| r.revealed));
        let a_now = w.initiative(a).expect("a");
        assert_eq!((a_now.impact, a_now.cost), (Some(4), Some(2)), "3.67 rounds to 4, 1.67 to 2");
        let team = w.team_score(a).expect("revealed");
        let impact = team.impact.expect("impact");
        assert_eq!((impact.low, impact.high, impact.count), (2, 5, 3));
        assert!(impact.wide() && !team.cost.expect("cost").wide());
        assert_eq!(impact.text(), "3.7 (2–5)");
        assert_eq!(w.estimate(ada, a, Axis::Impact, Some(1)), Err(ScoreRefusal::NotOpen), "revealed is final");
        assert!(w.start_score_round() && w.team_score(a).is_none(), "a new round replaces the revealed one");
    }

    #[test]
    fn an_unscored_axis_keeps_the_facilitators_value() {
        let mut w = workshop();
        let ada = w.add_participant("Ada").expect("id");
        let a = add(&mut w, "a");
        w.set_cost(a, Some(5));
        w.start_score_round();
        w.estimate(ada, a, Axis::Impact, Some(3)).expect("impact");
        w.reveal_scores();
        let a_now = w.initiative(a).expect("a");
        assert_eq!((a_now.impact, a_now.cost), (Some(3), Some(5)));
        assert_eq!(w.team_score(a).expect("scored").impact.map(|s| s.text()), Some("3.0".to_string()));
    }

    #[test]
    fn scores_out_of_the_scale_in_a_file_are_held_to_it_on_load() {
        let mut w = workshop();
        let ada = w.add_participant("Ada").expect("id");
        let a = add(&mut w, "a");
        w.start_score_round();
        w.estimate(ada, a, Axis::Impact, Some(3)).expect("impact");
        let mut value = serde_json::to_value(&w).expect("json");
        let card = &mut value["score_round"]["cards"][0];
        let key = card["scores"].as_object().and_then(|m| m.keys().next().cloned()).expect("a score");
        card["scores"][&key] = serde_json::json!({"impact": 0, "cost": 200, "future": "\u{1b}[2Jkept"});
        let mut back: Workshop = serde_json::from_value(value).expect("reads");
        back.sanitise();
        let e = back.score_card(ada).and_then(|c| c.scores.get(&a)).expect("kept");
        assert_eq!((e.impact, e.cost), (Some(1), Some(5)));
        assert_eq!(e.extra.get("future").and_then(|v| v.as_str()), Some("[2Jkept"), "unknown fields kept, cleaned");
    }

    #[test]
    fn a_deleted_idea_takes_its_private_scores_with_it() {
        let mut w = workshop();
        let ada = w.add_participant("Ada").expect("id");
        let a = add(&mut w, "a");
        w.start_score_round();
        w.estimate(ada, a, Axis::Impact, Some(3)).expect("impact");
        w.delete_initiative(a);
        assert_eq!(w.score_card(ada).map(ScoreCard::values), Some(0));
        assert_eq!(w.reveal_scores().values, 0);
    }
}
