//! Key results and objectives engineers proposed alone (`quarterdeck propose`), merged into
//! a workshop as candidates: step 4 shows them with the coach's findings until the room
//! accepts one (it becomes an objective or a key result, keeping its baseline, target and
//! unit and where it came from) or declines it (kept, so merging the proposal again does
//! not bring it back). Pure rules.

use serde::{Deserialize, Serialize};

use super::coach::{self, Finding};
use super::ids::{CandidateId, KeyResultId, ObjectiveId, ParticipantId};
use super::initiative::ProposalOrigin;
use super::objective::{KeyResult, KeyResultKind, Objective};
use super::workshop::Workshop;

/// What was proposed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CandidateKind {
    #[default]
    KeyResult,
    Objective,
}

/// What the room decided about a candidate still in the list (accepted ones leave it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    #[default]
    Open,
    Declined,
}

impl Decision {
    #[allow(clippy::trivially_copy_pass_by_ref)]
    fn is_open(&self) -> bool {
        *self == Decision::Open
    }
}

/// A proposed objective or key result, waiting for the room on step 4.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub id: CandidateId,
    pub kind: CandidateKind,
    /// The objective's title, or the key result's description.
    pub text: String,
    /// An objective's problem: why it matters.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rationale: String,
    /// A key result's numbers (baseline, target and unit; or a milestone; or a level to keep).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<KeyResultKind>,
    /// The proposed objective a key result was written under (a candidate too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objective: Option<CandidateId>,
    /// `None` means anonymous.
    #[serde(default)]
    pub author: Option<ParticipantId>,
    pub origin: ProposalOrigin,
    #[serde(default, skip_serializing_if = "Decision::is_open")]
    pub decision: Decision,
    /// When this was last changed here or on another copy: in a merge of two changes to the
    /// same field, the later one wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<jiff::Timestamp>,
    /// Fields this build does not know (written by a newer Quarterdeck or by hand): kept and
    /// written back as they were.
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}

impl Candidate {
    /// A key result's numbers: as proposed, else read from its text as step 4 does.
    pub fn key_result_kind(&self) -> KeyResultKind {
        self.measure.clone().unwrap_or_else(|| kind_from_text(&self.text))
    }

    /// What the coach says about it, as it would on step 4.
    pub fn findings(&self) -> Vec<Finding> {
        match self.kind {
            CandidateKind::Objective => coach::check_objective_text(&self.text),
            CandidateKind::KeyResult => coach::check_key_result_kind(&self.text, &self.key_result_kind()),
        }
    }

    /// `key result` or `objective`.
    pub fn kind_label(&self) -> &'static str {
        match self.kind {
            CandidateKind::KeyResult => "key result",
            CandidateKind::Objective => "objective",
        }
    }
}

/// A key result's numbers read from its text the way step 4's form reads them: "from X to
/// Y" is a metric, "keep … at or above X" a level to keep; otherwise a metric with nothing
/// to measure yet (the coach says why that matters).
pub fn kind_from_text(text: &str) -> KeyResultKind {
    let reading = super::quantity::read_key_result(text);
    if reading.shape == super::quantity::Shape::Maintain
        && let Some(level) = reading.target
    {
        let level = match reading.comparator {
            Some(c) if c.is_ceiling() => super::health::Level::at_most(level.value),
            _ => super::health::Level::at_least(level.value),
        };
        return KeyResultKind::maintain(level, reading.unit.label());
    }
    match coach::parse_from_to(text) {
        Some(p) => KeyResultKind::metric(p.baseline, p.target, p.unit),
        None => KeyResultKind::metric(0.0, 0.0, reading.unit.label()),
    }
}

impl Workshop {
    pub fn candidate(&self, id: CandidateId) -> Option<&Candidate> {
        self.candidates.iter().find(|c| c.id == id)
    }

    /// Candidates the room has not decided on, in the order they were merged.
    pub fn open_candidates(&self) -> impl Iterator<Item = &Candidate> {
        self.candidates.iter().filter(|c| c.decision == Decision::Open)
    }

    /// Accepts a proposed objective: it becomes an objective (keeping where it came from)
    /// with its open proposed key results as key results. Returns the new objective.
    pub fn accept_objective_candidate(&mut self, id: CandidateId) -> Option<ObjectiveId> {
        let c = self.candidate(id).filter(|c| c.kind == CandidateKind::Objective && c.decision == Decision::Open)?.clone();
        let objective = ObjectiveId(self.allocate_id());
        self.objectives.push(Objective {
            id: objective,
            title: c.text.clone(),
            rationale: c.rationale.clone(),
            owners: c.author.into_iter().collect(),
            proposal: Some(c.origin.clone()),
            ..Objective::default()
        });
        let children: Vec<CandidateId> =
            self.open_candidates().filter(|k| k.kind == CandidateKind::KeyResult && k.objective == Some(id)).map(|k| k.id).collect();
        for child in children {
            self.accept_key_result_candidate(child, objective);
        }
        self.candidates.retain(|k| k.id != id);
        Some(objective)
    }

    /// Accepts a proposed key result into `objective`: its description, baseline, target
    /// and unit as proposed, its author as owner, due at the end of the period.
    pub fn accept_key_result_candidate(&mut self, id: CandidateId, objective: ObjectiveId) -> Option<KeyResultId> {
        let c = self.candidate(id).filter(|c| c.kind == CandidateKind::KeyResult && c.decision == Decision::Open)?.clone();
        self.objective(objective)?;
        let key_result = KeyResultId(self.allocate_id());
        let kr = KeyResult {
            id: key_result,
            description: c.text.clone(),
            kind: super::objectives::clean_kind(&c.key_result_kind()),
            owners: c.author.into_iter().collect(),
            due: Some(self.period.end),
            proposal: Some(c.origin.clone()),
            ..KeyResult::default()
        };
        self.objectives.iter_mut().find(|o| o.id == objective)?.key_results.push(kr);
        self.candidates.retain(|k| k.id != id);
        Some(key_result)
    }

    /// Declines a candidate: it stays in the file (so the same proposal merged again does
    /// not bring it back) but leaves step 4.
    pub fn decline_candidate(&mut self, id: CandidateId) -> bool {
        match self.candidates.iter_mut().find(|c| c.id == id && c.decision == Decision::Open) {
            Some(c) => {
                c.decision = Decision::Declined;
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ObjectiveDraft, Period};

    fn workshop() -> Workshop {
        Workshop::new("w", "", Period::parse("2027-Q1").expect("period"), jiff::Timestamp::UNIX_EPOCH)
    }

    fn candidate(w: &mut Workshop, kind: CandidateKind, text: &str, objective: Option<CandidateId>) -> CandidateId {
        let id = CandidateId(w.allocate_id());
        let origin =
            ProposalOrigin { author: "Ada".into(), proposal_id: "p1".into(), initiative_id: Some(id.0), ..ProposalOrigin::default() };
        w.candidates.push(Candidate { id, kind, text: text.into(), objective, origin, ..Candidate::default() });
        id
    }

    #[test]
    fn numbers_are_read_like_step_four() {
        assert_eq!(kind_from_text("Cut flaky reruns from 120 to 10 per week"), KeyResultKind::metric(120.0, 10.0, "per week"));
        assert_eq!(
            kind_from_text("Keep checkout availability at or above 99.95%"),
            KeyResultKind::maintain(crate::model::health::Level::at_least(99.95), "%")
        );
        assert_eq!(
            kind_from_text("Keep p99 latency under 300 ms"),
            KeyResultKind::maintain(crate::model::health::Level::at_most(300.0), "ms")
        );
    }

    #[test]
    fn accepting_an_objective_brings_its_key_results_with_their_numbers() {
        let mut w = workshop();
        let o = candidate(&mut w, CandidateKind::Objective, "Engineers trust the build", None);
        let k = candidate(&mut w, CandidateKind::KeyResult, "Cut flaky reruns from 120 to 10 per week", Some(o));
        let loose = candidate(&mut w, CandidateKind::KeyResult, "Bring CI p50 from 18 to 8 minutes", None);
        assert!(w.candidate(k).is_some_and(|c| c.findings().is_empty() || c.findings().iter().all(|f| f.code != "kr-unmeasurable")));
        let objective = w.accept_objective_candidate(o).expect("accepted");
        let accepted = w.objective(objective).expect("objective");
        assert_eq!(accepted.title, "Engineers trust the build");
        assert_eq!(accepted.proposal.as_ref().map(|p| p.author.as_str()), Some("Ada"));
        assert_eq!(accepted.key_results.len(), 1);
        assert_eq!(accepted.key_results[0].kind, KeyResultKind::metric(120.0, 10.0, "per week"));
        assert_eq!(w.open_candidates().count(), 1);
        let other = w.add_objective(&ObjectiveDraft { title: "Fast feedback".into(), ..Default::default() }).expect("o");
        let kr = w.accept_key_result_candidate(loose, other).expect("accepted");
        assert_eq!(w.key_result(kr).map(KeyResult::target_text), Some("18 → 8 minutes".to_string()));
        assert!(w.candidates.is_empty());
    }

    #[test]
    fn a_declined_candidate_stays_on_file_but_not_open() {
        let mut w = workshop();
        let k = candidate(&mut w, CandidateKind::KeyResult, "Complete the migration", None);
        assert!(w.candidate(k).is_some_and(|c| c.findings().iter().any(|f| f.code == "kr-output-verb")), "the coach reads it");
        assert!(w.decline_candidate(k));
        assert!(!w.decline_candidate(k), "already declined");
        assert_eq!((w.candidates.len(), w.open_candidates().count()), (1, 0));
        let o = w.add_objective(&ObjectiveDraft { title: "o".into(), ..Default::default() }).expect("o");
        assert!(w.accept_key_result_candidate(k, o).is_none(), "a declined one is not accepted");
    }
}
