//! Secret dot voting: a round in which each voter's dots go on a ballot of their own, kept
//! in the workshop but unseen (no dots, no totals) until the round is revealed and every
//! ballot is counted at once. The shared screen shows only who has voted and how many dots
//! each has left. The same ballots serve a room where each participant votes on their own
//! terminal. Public voting (`Workshop::vote`) stays as it was; a voter's budget counts their
//! public votes and their ballot together.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::ids::{InitiativeId, ParticipantId};
use super::prioritise::VoteRefusal;
use super::workshop::Workshop;

/// A secret round of dot voting, open until revealed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretRound {
    /// One ballot per voter who has placed a dot, in the order they started.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ballots: Vec<Ballot>,
    /// Fields this build does not know (written by a newer Quarterdeck or by hand): kept and
    /// written back as they were.
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}

/// One voter's secret dots.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ballot {
    /// Saved as the ballot's `id`: a voter has one ballot, so the ballots of one voter on two
    /// copies are one item to the three-way merge (`model/merge.rs`), merged dot by dot.
    #[serde(rename = "id")]
    pub voter: ParticipantId,
    /// Dots per initiative.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub dots: BTreeMap<InitiativeId, u32>,
    /// The voter said they are done (they may still change their mind until the reveal).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cast: bool,
    /// When this was last changed here or on another copy: in a merge of two changes to the
    /// same field, the later one wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<jiff::Timestamp>,
    /// Fields this build does not know (written by a newer Quarterdeck or by hand): kept and
    /// written back as they were.
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}

impl Ballot {
    pub fn total(&self) -> u32 {
        self.dots.values().sum()
    }
}

/// What revealing a round counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Revealed {
    pub dots: u32,
    pub voters: usize,
}

impl Workshop {
    /// Whether a secret round is open.
    pub fn secret_round_open(&self) -> bool {
        self.secret_round.is_some()
    }

    /// Opens a secret round; false when one is open already.
    pub fn start_secret_round(&mut self) -> bool {
        if self.secret_round.is_some() {
            return false;
        }
        self.secret_round = Some(SecretRound::default());
        true
    }

    /// `voter`'s ballot in the open round, if they have one.
    pub fn ballot(&self, voter: ParticipantId) -> Option<&Ballot> {
        self.secret_round.as_ref()?.ballots.iter().find(|b| b.voter == voter)
    }

    /// Dots `voter` has placed secretly in the open round.
    pub fn secret_dots(&self, voter: ParticipantId) -> u32 {
        self.ballot(voter).map_or(0, Ballot::total)
    }

    /// +1 (delta > 0) or -1 (delta < 0) secret dot by `voter` on `id`, within the budget (public
    /// votes and ballot together) and the per-initiative cap. Returns the voter's secret dots
    /// on the initiative now. Refused with `UnknownVoter` when no round is open.
    pub fn secret_vote(&mut self, voter: ParticipantId, id: InitiativeId, delta: i32) -> Result<u32, VoteRefusal> {
        let participant = self.participant(voter).ok_or(VoteRefusal::UnknownVoter)?;
        if participant.removed && delta > 0 {
            return Err(VoteRefusal::UnknownVoter);
        }
        let public = self.initiative(id).ok_or(VoteRefusal::UnknownInitiative)?.votes.get(&voter).copied().unwrap_or(0);
        let (left, budget, cap) = (self.votes_left(voter), self.settings.vote_budget, self.settings.vote_cap);
        let round = self.secret_round.as_mut().ok_or(VoteRefusal::UnknownVoter)?;
        let mine = round.ballots.iter().find(|b| b.voter == voter).and_then(|b| b.dots.get(&id).copied()).unwrap_or(0);
        // Every refusal before anything changes: a refused dot leaves the round as it was.
        let now = match delta.signum() {
            1 if left == 0 => return Err(VoteRefusal::NoneLeft { budget }),
            1 if cap.is_some_and(|cap| public + mine >= cap) => return Err(VoteRefusal::CapReached { cap: cap.unwrap_or(0) }),
            1 => mine + 1,
            -1 if mine == 0 => return Err(VoteRefusal::NothingToTake),
            -1 => mine - 1,
            _ => return Ok(mine),
        };
        let index = match round.ballots.iter().position(|b| b.voter == voter) {
            Some(i) => i,
            None => {
                round.ballots.push(Ballot { voter, ..Ballot::default() });
                round.ballots.len() - 1
            }
        };
        let ballot = &mut round.ballots[index];
        if now == 0 {
            ballot.dots.remove(&id);
        } else {
            ballot.dots.insert(id, now);
        }
        ballot.cast = false;
        Ok(now)
    }

    /// Marks `voter`'s ballot as done (or not); false when no round is open.
    pub fn cast_ballot(&mut self, voter: ParticipantId, done: bool) -> bool {
        let Some(round) = self.secret_round.as_mut() else { return false };
        match round.ballots.iter_mut().find(|b| b.voter == voter) {
            Some(b) => b.cast = done,
            None => round.ballots.push(Ballot { voter, cast: done, ..Ballot::default() }),
        }
        true
    }

    /// Takes back every secret dot of `voter`; how many.
    pub fn clear_ballot(&mut self, voter: ParticipantId) -> u32 {
        let Some(b) = self.secret_round.as_mut().and_then(|r| r.ballots.iter_mut().find(|b| b.voter == voter)) else { return 0 };
        let n = b.total();
        b.dots.clear();
        b.cast = false;
        n
    }

    /// Ends the round, counting every ballot into the initiatives' votes at once. Dots on an
    /// initiative deleted meanwhile are dropped.
    pub fn reveal_votes(&mut self) -> Revealed {
        let Some(round) = self.secret_round.take() else { return Revealed::default() };
        let mut revealed = Revealed::default();
        for ballot in round.ballots {
            let mut counted = false;
            for (id, dots) in ballot.dots {
                if let Some(ini) = self.initiatives.iter().position(|i| i.id == id).and_then(|i| self.initiatives.get_mut(i)) {
                    *ini.votes.entry(ballot.voter).or_default() += dots;
                    revealed.dots += dots;
                    counted = true;
                }
            }
            revealed.voters += usize::from(counted);
        }
        revealed
    }

    /// Forgets the secret dots on an initiative (it was deleted), or moves them to another
    /// (it was merged into `into`).
    pub(super) fn move_secret_dots(&mut self, from: InitiativeId, into: Option<InitiativeId>) {
        let Some(round) = self.secret_round.as_mut() else { return };
        for b in &mut round.ballots {
            if let Some(n) = b.dots.remove(&from)
                && let Some(into) = into
            {
                *b.dots.entry(into).or_default() += n;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::prioritise::tests::{add, workshop};

    #[test]
    fn secret_dots_count_against_the_budget_and_show_only_at_the_reveal() {
        let mut w = workshop();
        let ada = w.add_participant("Ada").expect("id");
        let grace = w.add_participant("Grace").expect("id");
        let a = add(&mut w, "a");
        let b = add(&mut w, "b");
        assert_eq!(w.secret_vote(ada, a, 1), Err(VoteRefusal::UnknownVoter), "no round open");
        assert!(w.start_secret_round() && !w.start_secret_round());
        let before = w.clone();
        assert_eq!(w.secret_vote(grace, a, -1), Err(VoteRefusal::NothingToTake));
        assert_eq!(w, before, "a refused dot changes nothing (no empty ballot)");
        w.vote(ada, b, 1).expect("a public vote before");
        assert_eq!(w.secret_vote(ada, a, 1), Ok(1));
        assert_eq!(w.secret_vote(ada, a, 1), Ok(2));
        assert_eq!(w.secret_vote(ada, a, 1), Err(VoteRefusal::NoneLeft { budget: 3 }), "public and secret share the budget");
        assert_eq!(w.votes_left(ada), 0);
        assert_eq!(w.initiative(a).expect("a").total_votes(), 0, "nothing shows before the reveal");
        assert_eq!(w.secret_vote(grace, b, 1), Ok(1));
        assert_eq!(w.secret_vote(grace, b, -1), Ok(0));
        assert_eq!(w.secret_vote(grace, b, -1), Err(VoteRefusal::NothingToTake));
        w.secret_vote(grace, b, 1).expect("again");
        assert!(w.cast_ballot(grace, true) && w.ballot(grace).is_some_and(|b| b.cast));
        let revealed = w.reveal_votes();
        assert_eq!(revealed, Revealed { dots: 3, voters: 2 });
        assert!(!w.secret_round_open());
        assert_eq!(w.initiative(a).expect("a").votes.get(&ada), Some(&2));
        assert_eq!(w.initiative(b).expect("b").total_votes(), 2, "Ada's public vote and Grace's secret one");
    }

    #[test]
    fn the_cap_counts_public_and_secret_dots() {
        let mut w = workshop();
        w.settings.vote_cap = Some(2);
        let ada = w.add_participant("Ada").expect("id");
        let a = add(&mut w, "a");
        w.vote(ada, a, 1).expect("public");
        w.start_secret_round();
        assert_eq!(w.secret_vote(ada, a, 1), Ok(1));
        assert_eq!(w.secret_vote(ada, a, 1), Err(VoteRefusal::CapReached { cap: 2 }));
        assert_eq!(w.clear_ballot(ada), 1);
        assert_eq!(w.secret_dots(ada), 0);
    }

    #[test]
    fn a_deleted_idea_takes_its_secret_dots_with_it() {
        let mut w = workshop();
        let ada = w.add_participant("Ada").expect("id");
        let a = add(&mut w, "a");
        w.start_secret_round();
        w.secret_vote(ada, a, 1).expect("dot");
        w.delete_initiative(a);
        assert_eq!(w.secret_dots(ada), 0);
        assert_eq!(w.reveal_votes(), Revealed { dots: 0, voters: 0 });
    }
}
