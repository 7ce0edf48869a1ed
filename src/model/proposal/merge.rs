//! Merging a proposal into a workshop: new initiatives into the brainstorm, new key results
//! and objectives as candidates for step 4, each once. Merging the same proposal again (even
//! renamed, or edited since) recognises what it brought by the items' stable ids: what the
//! author changed and the room did not is updated, what both changed is left as the room has
//! it, and what the author deleted is removed unless the room worked on it.

use std::collections::{BTreeMap, HashSet};

use jiff::civil::Date;

use super::parse::tidy;
use super::{
    MAX_AUTHOR_CHARS, MAX_ID_CHARS, MergeReport, Proposal, ProposedInitiative, ProposedKeyResult, ProposedObjective, base_name, fingerprint,
};
use crate::model::backlog::title_key;
use crate::model::candidate::{Candidate, CandidateKind, Decision};
use crate::model::ids::{CandidateId, InitiativeId, ParticipantId};
use crate::model::initiative::ProposalOrigin;
use crate::model::objective::KeyResultKind;
use crate::model::text::{cap_chars, clean_line};
use crate::model::workshop::Workshop;

/// What an initiative says that its author may edit: title, description and size.
fn initiative_print(title: &str, description: &str, size: crate::model::Size) -> String {
    fingerprint(&[title, description, size.label()])
}

fn kind_text(kind: &KeyResultKind) -> String {
    serde_json::to_string(kind).unwrap_or_default()
}

fn objective_print(title: &str, rationale: &str) -> String {
    fingerprint(&["objective", title, rationale])
}

fn key_result_print(description: &str, kind: &KeyResultKind) -> String {
    fingerprint(&["key result", description, &kind_text(kind)])
}

/// What the merge knows while it goes.
struct Merge<'a> {
    file: String,
    author: String,
    proposal_id: String,
    today: Date,
    report: MergeReport,
    /// Who each name is, once looked up or added.
    people: BTreeMap<String, Option<ParticipantId>>,
    proposal: &'a Proposal,
}

/// What happened to one item merged before.
enum Again {
    Same,
    Update,
    Skip,
}

/// Compares the item as the room has it and as the proposal has it now with what was
/// merged last time.
fn again(merged: &str, in_room: &str, in_proposal: &str) -> Again {
    if in_proposal == merged || in_proposal == in_room {
        Again::Same
    } else if in_room == merged {
        Again::Update
    } else {
        Again::Skip
    }
}

impl Merge<'_> {
    fn origin(&self, item: u64, print: String, anonymous: bool) -> ProposalOrigin {
        ProposalOrigin {
            author: if anonymous { String::new() } else { self.author.clone() },
            file: self.file.clone(),
            merged_on: self.today,
            proposal_id: self.proposal_id.clone(),
            initiative_id: Some(item),
            fingerprint: print,
            extra: crate::model::Extra::new(),
        }
    }

    /// Whether an origin is this proposal's item `n`.
    fn is(&self, origin: Option<&ProposalOrigin>, n: u64) -> bool {
        origin.is_some_and(|o| !self.proposal_id.is_empty() && o.proposal_id == self.proposal_id && o.initiative_id == Some(n))
    }

    fn ours(&self, origin: Option<&ProposalOrigin>) -> bool {
        origin.is_some_and(|o| !self.proposal_id.is_empty() && o.proposal_id == self.proposal_id)
    }

    /// The participant an item is by: none when anonymous, else its author (the
    /// proposal's when it names none), found by name in any case or added (a removed one of
    /// that name is revived).
    fn person(&mut self, w: &mut Workshop, name: &str, anonymous: bool) -> Option<ParticipantId> {
        if anonymous {
            return None;
        }
        let name = if name.is_empty() { self.author.clone() } else { cap_chars(clean_line(name), MAX_AUTHOR_CHARS) };
        if name.is_empty() {
            return None;
        }
        *self.people.entry(name.to_lowercase()).or_insert_with(|| w.add_participant(&name))
    }

    fn initiatives(&mut self, w: &mut Workshop) {
        let mut titles: HashSet<String> = HashSet::new();
        let known = w.participants.iter().find(|p| !self.author.is_empty() && p.name.eq_ignore_ascii_case(&self.author)).map(|p| p.id);
        for i in &w.initiatives {
            let by_origin = i.proposal.as_ref().map(|o| o.author.as_str());
            let same_author = if self.author.is_empty() {
                i.author.is_none() && by_origin.is_none_or(str::is_empty)
            } else {
                (known.is_some() && i.author == known) || by_origin.is_some_and(|a| a.eq_ignore_ascii_case(&self.author))
            };
            if same_author {
                titles.insert(title_key(&i.title));
            }
        }
        let mut fresh: Vec<ProposedInitiative> = Vec::new();
        for p in self.proposal.initiatives.iter().filter_map(|p| tidy(p.clone())) {
            let print = initiative_print(&p.title, &p.description, p.size);
            if let Some(i) = w.initiatives.iter().position(|i| self.is(i.proposal.as_ref(), p.id)) {
                titles.insert(title_key(&p.title));
                let here = &w.initiatives[i];
                let merged = here.proposal.as_ref().map(|o| o.fingerprint.clone()).unwrap_or_default();
                match again(&merged, &initiative_print(&here.title, &here.description, here.size), &print) {
                    Again::Same => self.report.already_there += 1,
                    Again::Skip => self.report.skipped += 1,
                    Again::Update => {
                        let author = self.person(w, &p.author, p.anonymous);
                        let here = &mut w.initiatives[i];
                        (here.title, here.description, here.size, here.author) = (p.title.clone(), p.description.clone(), p.size, author);
                        if let Some(o) = &mut here.proposal {
                            o.fingerprint = print;
                        }
                        self.report.updated += 1;
                    }
                }
                continue;
            }
            // Inserting also catches a title repeated within the proposal.
            if !titles.insert(title_key(&p.title)) {
                self.report.already_there += 1;
                continue;
            }
            fresh.push(p);
        }
        let mut pool = w.id_pool();
        for p in fresh {
            let author = self.person(w, &p.author, p.anonymous);
            let print = initiative_print(&p.title, &p.description, p.size);
            let origin = self.origin(p.id, print, p.anonymous);
            let mut initiative = p.initiative(InitiativeId(pool.fresh()), author);
            (initiative.proposal, initiative.hidden) = (Some(origin), w.silent_mode);
            w.initiatives.push(initiative);
            self.report.added += 1;
        }
        self.withdrawn_initiatives(w);
    }

    /// Initiatives this proposal brought that it no longer has: removed when the room left
    /// them alone (no votes, no theme, no key result), kept otherwise.
    fn withdrawn_initiatives(&mut self, w: &mut Workshop) {
        let still: HashSet<u64> = self.proposal.initiatives.iter().map(|p| p.id).collect();
        let linked: HashSet<InitiativeId> =
            w.objectives.iter().flat_map(|o| &o.key_results).flat_map(|k| k.initiatives.iter().copied()).collect();
        let mut gone = Vec::new();
        for i in &w.initiatives {
            let Some(origin) = i.proposal.as_ref().filter(|o| self.ours(Some(o))) else { continue };
            if origin.initiative_id.is_some_and(|n| still.contains(&n)) {
                continue;
            }
            let untouched = initiative_print(&i.title, &i.description, i.size) == origin.fingerprint
                && i.votes.is_empty()
                && i.theme.is_none()
                && !linked.contains(&i.id);
            if untouched {
                gone.push(i.id);
            } else {
                self.report.kept += 1;
            }
        }
        self.report.removed += gone.len();
        w.initiatives.retain(|i| !gone.contains(&i.id));
    }

    fn objectives(&mut self, w: &mut Workshop) -> BTreeMap<u64, CandidateId> {
        let mut homes = BTreeMap::new();
        for p in &self.proposal.objectives {
            let print = objective_print(&p.title, &p.rationale);
            if let Some(c) = w.candidates.iter().position(|c| c.kind == CandidateKind::Objective && self.is(Some(&c.origin), p.id)) {
                homes.insert(p.id, w.candidates[c].id);
                self.candidate_again(w, c, print, |c| (c.text, c.rationale) = (p.title.clone(), p.rationale.clone()));
                continue;
            }
            if let Some(o) = w.objectives.iter().position(|o| self.is(o.proposal.as_ref(), p.id)) {
                let here = &w.objectives[o];
                let merged = here.proposal.as_ref().map(|x| x.fingerprint.clone()).unwrap_or_default();
                match again(&merged, &objective_print(&here.title, &here.rationale), &print) {
                    Again::Same => self.report.already_there += 1,
                    Again::Skip => self.report.skipped += 1,
                    Again::Update => {
                        let here = &mut w.objectives[o];
                        (here.title, here.rationale) = (p.title.clone(), p.rationale.clone());
                        if let Some(x) = &mut here.proposal {
                            x.fingerprint = print;
                        }
                        self.report.updated += 1;
                    }
                }
                continue;
            }
            let id = self.add_candidate(w, p.id, print, p, None);
            homes.insert(p.id, id);
        }
        homes
    }

    fn key_results(&mut self, w: &mut Workshop, homes: &BTreeMap<u64, CandidateId>) {
        for p in &self.proposal.key_results {
            let kind = p.kind.clone().unwrap_or_default();
            let print = key_result_print(&p.description, &kind);
            if let Some(c) = w.candidates.iter().position(|c| c.kind == CandidateKind::KeyResult && self.is(Some(&c.origin), p.id)) {
                self.candidate_again(w, c, print, |c| (c.text, c.measure) = (p.description.clone(), Some(kind.clone())));
                continue;
            }
            let accepted = w.objectives.iter().flat_map(|o| &o.key_results).position(|k| self.is(k.proposal.as_ref(), p.id));
            if let Some(at) = accepted {
                let Some(here) = w.objectives.iter_mut().flat_map(|o| &mut o.key_results).nth(at) else { continue };
                let merged = here.proposal.as_ref().map(|x| x.fingerprint.clone()).unwrap_or_default();
                match again(&merged, &key_result_print(&here.description, &here.kind), &print) {
                    Again::Same => self.report.already_there += 1,
                    Again::Skip => self.report.skipped += 1,
                    Again::Update => {
                        (here.description, here.kind) = (p.description.clone(), crate::model::objectives::clean_kind(&kind));
                        if let Some(x) = &mut here.proposal {
                            x.fingerprint = print;
                        }
                        self.report.updated += 1;
                    }
                }
                continue;
            }
            let home = p.objective.and_then(|o| homes.get(&o).copied());
            self.add_candidate(w, p.id, print, p, home);
        }
    }

    /// A candidate merged before: a declined one stays declined; an open one (which the
    /// room cannot edit) takes the proposal's changes.
    fn candidate_again(&mut self, w: &mut Workshop, at: usize, print: String, update: impl FnOnce(&mut Candidate)) {
        let c = &mut w.candidates[at];
        if c.decision == Decision::Declined || c.origin.fingerprint == print {
            self.report.already_there += 1;
            return;
        }
        update(c);
        c.origin.fingerprint = print;
        self.report.updated += 1;
    }

    fn add_candidate(&mut self, w: &mut Workshop, n: u64, print: String, item: &dyn Proposed, home: Option<CandidateId>) -> CandidateId {
        let author = self.person(w, item.author(), item.anonymous());
        let id = CandidateId(w.allocate_id());
        let mut candidate =
            Candidate { id, author, objective: home, origin: self.origin(n, print, item.anonymous()), ..Candidate::default() };
        item.fill(&mut candidate);
        w.candidates.push(candidate);
        self.report.proposed += 1;
        id
    }

    /// Key results and objectives this proposal brought that it no longer has: open
    /// candidates are removed; accepted ones are the room's now and are kept.
    fn withdrawn_candidates(&mut self, w: &mut Workshop) {
        let objectives: HashSet<u64> = self.proposal.objectives.iter().map(|p| p.id).collect();
        let key_results: HashSet<u64> = self.proposal.key_results.iter().map(|p| p.id).collect();
        let still = |kind: CandidateKind, n: Option<u64>| {
            n.is_some_and(|n| if kind == CandidateKind::Objective { objectives.contains(&n) } else { key_results.contains(&n) })
        };
        let open_before = w.open_candidates().count();
        w.candidates.retain(|c| !self.ours(Some(&c.origin)) || still(c.kind, c.origin.initiative_id));
        self.report.removed += open_before - w.open_candidates().count();
        let kept_objectives = w
            .objectives
            .iter()
            .filter(|o| {
                self.ours(o.proposal.as_ref()) && !still(CandidateKind::Objective, o.proposal.as_ref().and_then(|x| x.initiative_id))
            })
            .count();
        let kept_key_results = w
            .objectives
            .iter()
            .flat_map(|o| &o.key_results)
            .filter(|k| {
                self.ours(k.proposal.as_ref()) && !still(CandidateKind::KeyResult, k.proposal.as_ref().and_then(|x| x.initiative_id))
            })
            .count();
        self.report.kept += kept_objectives + kept_key_results;
    }
}

/// A proposed objective or key result, as a candidate takes it.
trait Proposed {
    fn author(&self) -> &str;
    fn anonymous(&self) -> bool;
    fn fill(&self, c: &mut Candidate);
}

impl Proposed for ProposedObjective {
    fn author(&self) -> &str {
        &self.author
    }
    fn anonymous(&self) -> bool {
        self.anonymous
    }
    fn fill(&self, c: &mut Candidate) {
        (c.kind, c.text, c.rationale) = (CandidateKind::Objective, self.title.clone(), self.rationale.clone());
    }
}

impl Proposed for ProposedKeyResult {
    fn author(&self) -> &str {
        &self.author
    }
    fn anonymous(&self) -> bool {
        self.anonymous
    }
    fn fill(&self, c: &mut Candidate) {
        (c.kind, c.text, c.measure) = (CandidateKind::KeyResult, self.description.clone(), self.kind.clone());
    }
}

impl Workshop {
    /// Merges a proposal: its initiatives into the brainstorm (source proposal, each by its
    /// author or anonymous, hidden while silent mode is on, impact and cost guesses kept) and
    /// its key results and objectives as candidates for step 4, each once. Authors become
    /// participants (found by name in any case, or added) when something of theirs is added;
    /// an empty author merges as anonymous. Each item remembers where it came from (author,
    /// file name, `today`, proposal id, its id there, and a fingerprint of what it said), so
    /// merging the same proposal again — even renamed — adds nothing: items the author
    /// edited since are updated unless the room changed them too (then skipped), and items
    /// the author deleted are removed unless the room worked on them (then kept). An
    /// initiative of the same author with the same normalised title also counts as there.
    pub fn merge_proposal(&mut self, proposal: &Proposal, file_name: &str, today: Date) -> MergeReport {
        let author = cap_chars(clean_line(&proposal.author), MAX_AUTHOR_CHARS);
        let shown = if author.is_empty() { "anonymous".to_string() } else { author.clone() };
        let mut merge = Merge {
            file: base_name(file_name),
            author,
            proposal_id: cap_chars(clean_line(&proposal.id), MAX_ID_CHARS),
            today,
            report: MergeReport {
                author: shown,
                initiatives_only: proposal.objectives.is_empty() && proposal.key_results.is_empty(),
                ..MergeReport::default()
            },
            people: BTreeMap::new(),
            proposal,
        };
        merge.initiatives(self);
        let homes = merge.objectives(self);
        merge.key_results(self, &homes);
        merge.withdrawn_candidates(self);
        merge.report
    }
}
