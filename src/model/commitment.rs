//! What a weekly meeting commits to: a piece of work for the coming week, with its owners
//! and the key result it serves, marked done or not at the next meeting (and carried into
//! that week when it was not). Kept by id, so two people adding commitments at once merge.

use serde::{Deserialize, Serialize};

use super::ids::{CommitmentId, KeyResultId, ParticipantId};
use super::text::clean_line;
use super::workshop::Workshop;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyCommitment {
    pub id: CommitmentId,
    /// The week of the meeting that made it: the next meeting reviews it.
    pub week: u32,
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<ParticipantId>,
    /// The key result it serves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_result: Option<KeyResultId>,
    /// What the next meeting said: done, or not done; `None` until then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<bool>,
    /// The earlier commitment, not done, that this one carries on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried_from: Option<CommitmentId>,
    /// When this was last changed here or on another copy: in a merge of two changes to the
    /// same field, the later one wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<jiff::Timestamp>,
    /// Fields this build does not know (written by a newer Quarterdeck or by hand): kept and
    /// written back as they were.
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}

/// A commitment as typed: what, who, for which key result.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommitmentDraft {
    pub text: String,
    pub owners: Vec<ParticipantId>,
    pub key_result: Option<KeyResultId>,
}

impl Workshop {
    /// The commitments a meeting in `week` made, in the order they were made.
    pub fn commitments_of(&self, week: u32) -> impl Iterator<Item = &WeeklyCommitment> {
        self.commitments.iter().filter(move |c| c.week == week)
    }

    /// The week whose commitments the meeting in `week` reviews: the meeting before it.
    pub fn commitments_to_review(&self, week: u32) -> Option<u32> {
        self.previous_meeting_week(week)
    }

    pub fn commitment(&self, id: CommitmentId) -> Option<&WeeklyCommitment> {
        self.commitments.iter().find(|c| c.id == id)
    }

    /// Adds a commitment for `week`; `None` when its text is empty.
    pub fn add_commitment(&mut self, week: u32, draft: &CommitmentDraft) -> Option<CommitmentId> {
        let text = clean_line(&draft.text);
        if text.trim().is_empty() {
            return None;
        }
        let id = CommitmentId(self.allocate_id());
        self.commitments.push(WeeklyCommitment {
            id,
            week,
            text: text.trim().to_string(),
            owners: draft.owners.clone(),
            key_result: draft.key_result,
            ..WeeklyCommitment::default()
        });
        Some(id)
    }

    /// Rewrites a commitment; false when it is unknown or the text is empty.
    pub fn edit_commitment(&mut self, id: CommitmentId, draft: &CommitmentDraft) -> bool {
        let text = clean_line(&draft.text);
        let Some(c) = self.commitments.iter_mut().find(|c| c.id == id).filter(|_| !text.trim().is_empty()) else { return false };
        c.text = text.trim().to_string();
        c.owners.clone_from(&draft.owners);
        c.key_result = draft.key_result;
        true
    }

    pub fn delete_commitment(&mut self, id: CommitmentId) -> bool {
        let before = self.commitments.len();
        self.commitments.retain(|c| c.id != id);
        self.commitments.len() != before
    }

    /// Marks a commitment done or not done (`None`: not reviewed yet).
    pub fn mark_commitment(&mut self, id: CommitmentId, done: Option<bool>) -> bool {
        let Some(c) = self.commitments.iter_mut().find(|c| c.id == id) else { return false };
        c.done = done;
        true
    }

    /// Marks a commitment not done and commits to it again in `week` (once: carrying it
    /// twice gives the same carried commitment).
    pub fn carry_commitment(&mut self, id: CommitmentId, week: u32) -> Option<CommitmentId> {
        self.mark_commitment(id, Some(false));
        if let Some(again) = self.commitments.iter().find(|c| c.carried_from == Some(id) && c.week == week) {
            return Some(again.id);
        }
        let old = self.commitment(id)?.clone();
        let draft = CommitmentDraft { text: old.text, owners: old.owners, key_result: old.key_result };
        let new = self.add_commitment(week, &draft)?;
        if let Some(c) = self.commitments.iter_mut().find(|c| c.id == new) {
            c.carried_from = Some(id);
        }
        Some(new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Period;

    #[test]
    fn commitments_are_made_marked_and_carried() {
        let mut w = Workshop::new("w", "", Period::parse("2027-Q1").expect("period"), jiff::Timestamp::UNIX_EPOCH);
        let ada = w.add_participant("Ada").expect("person");
        let draft = CommitmentDraft { text: " Ship the cache\u{7} ".into(), owners: vec![ada], key_result: None };
        let a = w.add_commitment(6, &draft).expect("added");
        assert!(w.add_commitment(6, &CommitmentDraft::default()).is_none(), "empty text");
        assert_eq!(w.commitment(a).map(|c| c.text.as_str()), Some("Ship the cache"));
        assert_eq!(w.commitments_to_review(7), Some(6));
        assert_eq!(w.commitments_of(6).count(), 1);
        let carried = w.carry_commitment(a, 7).expect("carried");
        assert_eq!(w.carry_commitment(a, 7), Some(carried), "carried once");
        assert_eq!(w.commitment(a).and_then(|c| c.done), Some(false));
        let c = w.commitment(carried).expect("new");
        assert_eq!((c.week, c.carried_from, c.owners.clone()), (7, Some(a), vec![ada]));
        assert!(w.mark_commitment(carried, Some(true)));
        assert!(w.edit_commitment(carried, &CommitmentDraft { text: "Ship it".into(), ..CommitmentDraft::default() }));
        assert!(w.delete_commitment(carried) && !w.delete_commitment(carried));
        assert_ne!(a.0, 0);
        assert!(crate::model::ids::is_random(a.0));
    }
}
