//! A proposal as a workshop to draft in: the drafting screens (steps 2 and 4 of the app)
//! edit a workshop in memory whose initiatives, objectives and key results are the draft,
//! and it is written back to the proposal file after every change. Who wrote each item is
//! kept: the draft's participants are the people of the proposal, the one drafting first.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::parse::{tidy, tidy_key_result, tidy_objective};
use super::{MAX_AUTHOR_CHARS, MAX_ID_CHARS, PROPOSAL_VERSION, Proposal, ProposedInitiative, ProposedKeyResult, ProposedObjective};
use crate::model::ids::{InitiativeId, KeyResultId, ObjectiveId, ParticipantId};

use crate::model::objective::{KeyResult, Objective};
use crate::model::period::Period;
use crate::model::text::{cap_chars, clean_line};
use crate::model::workshop::Workshop;

/// Marks, in a draft only, the objective that holds the key results proposed for the
/// team's own objectives, and the items proposed anonymously.
const HOLDER: &str = "quarterdeck_holder";
const ANONYMOUS: &str = "quarterdeck_anonymous";

/// The title of the draft objective that holds key results for the team's own objectives.
pub const HOLDER_TITLE: &str = "Key results for the team's objectives";

/// Whether a draft objective is the holder of key results for the team's objectives.
pub fn is_holder(o: &Objective) -> bool {
    o.extra.contains_key(HOLDER)
}

/// Who an item is by, as a proposal writes it: (name when not the proposal's author,
/// anonymous).
fn by(draft: &Workshop, who: Option<ParticipantId>, anonymous: bool, author: &str, drafter: &str) -> (String, bool) {
    if anonymous {
        return (String::new(), true);
    }
    let name = match who {
        Some(p) => draft.author_name(Some(p)).to_string(),
        None => drafter.to_string(),
    };
    if name.eq_ignore_ascii_case(author) { (String::new(), false) } else { (cap_chars(clean_line(&name), MAX_AUTHOR_CHARS), false) }
}

impl Proposal {
    /// From a workshop used as a drafting pad: each initiative (title, description, size,
    /// impact, cost, creation time, who it is by or anonymous), each objective (title,
    /// problem) and each key result (description and numbers, under its objective), with
    /// their ids. Empty titles are left out. Objectives and key results are by their first
    /// owner, else by the one drafting (the draft's first participant).
    pub fn from_draft(id: &str, author: &str, created: Timestamp, draft: &Workshop) -> Self {
        let author = cap_chars(clean_line(author), MAX_AUTHOR_CHARS);
        let drafter = draft.participants.first().map_or(author.clone(), |p| p.name.clone());
        let initiatives = draft
            .initiatives
            .iter()
            .filter_map(|i| {
                let (name, anonymous) = by(draft, i.author, i.author.is_none(), &author, &drafter);
                tidy(ProposedInitiative {
                    id: i.id.0,
                    title: i.title.clone(),
                    description: i.description.clone(),
                    size: i.size,
                    impact: i.impact,
                    cost: i.cost,
                    created: i.created,
                    author: name,
                    anonymous,
                })
            })
            .collect();
        let mut objectives = Vec::new();
        let mut key_results = Vec::new();
        for o in &draft.objectives {
            let holder = is_holder(o);
            if !holder {
                let (name, anonymous) = by(draft, o.owners.first().copied(), o.extra.contains_key(ANONYMOUS), &author, &drafter);
                let proposed =
                    ProposedObjective { id: o.id.0, title: o.title.clone(), rationale: o.rationale.clone(), author: name, anonymous };
                objectives.extend(tidy_objective(proposed));
            }
            for k in &o.key_results {
                let (name, anonymous) = by(draft, k.owners.first().copied(), k.extra.contains_key(ANONYMOUS), &author, &drafter);
                key_results.extend(tidy_key_result(ProposedKeyResult {
                    id: k.id.0,
                    description: k.description.clone(),
                    kind: Some(k.kind.clone()),
                    objective: (!holder).then_some(o.id.0),
                    author: name,
                    anonymous,
                }));
            }
        }
        Self {
            quarterdeck_proposal: PROPOSAL_VERSION,
            id: cap_chars(clean_line(id), MAX_ID_CHARS),
            author,
            created,
            initiatives,
            objectives,
            key_results,
        }
    }

    /// And back, to reopen a draft, by its author.
    pub fn to_draft(&self, now: Timestamp) -> Workshop {
        self.to_draft_as(now, &self.author)
    }

    /// And back, to reopen a draft: a workshop named "Proposal by AUTHOR" whose
    /// participants are `drafter` (first: what they add is theirs), the proposal's author
    /// and whoever else an item is by, holding the proposal's items with their ids, each by
    /// its author (or anonymous). Key results proposed for the team's own objectives sit
    /// under an objective of their own, the first ([`HOLDER_TITLE`]). Its period is the
    /// quarter of `now`.
    pub fn to_draft_as(&self, now: Timestamp, drafter: &str) -> Workshop {
        let author = cap_chars(clean_line(&self.author), MAX_AUTHOR_CHARS);
        let name = if author.is_empty() { "Proposal".to_string() } else { format!("Proposal by {author}") };
        let today = now.to_zoned(TimeZone::UTC).date();
        let mut draft = Workshop::new(&name, "", Period::quarter_of(today), now);
        let ids =
            self.initiatives.iter().map(|i| i.id).chain(self.objectives.iter().map(|o| o.id)).chain(self.key_results.iter().map(|k| k.id));
        let mut pool = draft.id_pool();
        pool.reserve(ids);
        let holder_id = ObjectiveId(pool.fresh());
        // The people first, with ids no item has.
        let mut person = |w: &mut Workshop, name: &str| -> Option<ParticipantId> {
            let name = cap_chars(clean_line(name), MAX_AUTHOR_CHARS);
            if name.is_empty() {
                return None;
            }
            if let Some(p) = w.participants.iter().find(|p| p.name.eq_ignore_ascii_case(&name)) {
                return Some(p.id);
            }
            let id = ParticipantId(pool.fresh());
            w.participants.push(crate::model::Participant { id, name, ..Default::default() });
            Some(id)
        };
        person(&mut draft, drafter);
        let proposal_author = person(&mut draft, &author);
        let mut who = |w: &mut Workshop, name: &str, anonymous: bool| -> Option<ParticipantId> {
            match (anonymous, name.is_empty()) {
                (true, _) => None,
                (false, true) => proposal_author,
                (false, false) => person(w, name),
            }
        };
        let mut initiatives = Vec::new();
        for p in self.initiatives.iter().filter_map(|p| tidy(p.clone())) {
            let author = who(&mut draft, &p.author, p.anonymous);
            initiatives.push(p.clone().initiative(InitiativeId(p.id), author));
        }
        draft.initiatives = initiatives.into();
        draft.objectives = self.draft_okrs(&mut draft, &mut who, holder_id).into();
        draft
    }

    /// This proposal (two windows' drafts merged) as the draft `ours` becomes: what the
    /// merge left as it was here stays exactly as it is here (so undo still applies to it),
    /// the rest comes from the proposal, its people matched by name to the draft's own.
    pub fn redraft(&self, ours: &Workshop, drafter: &str, now: Timestamp) -> Workshop {
        let fresh = self.to_draft_as(now, drafter);
        let mine = Proposal::from_draft(&self.id, &self.author, self.created, ours);
        let mut w = ours.clone();
        let mut people = std::collections::HashMap::new();
        for p in &fresh.participants {
            match w.participants.iter().find(|q| q.name.eq_ignore_ascii_case(&p.name)) {
                Some(q) => people.insert(p.id, q.id),
                None => {
                    w.participants.push(p.clone());
                    people.insert(p.id, p.id)
                }
            };
        }
        let person = |p: ParticipantId| people.get(&p).copied().unwrap_or(p);
        let holder = |o: &Objective| is_holder(o).then(|| ours.objectives.iter().find(|x| is_holder(x)).map(|x| x.id)).flatten();
        let initiatives = fresh.initiatives.iter().map(|i| {
            let unchanged = find(&mine.initiatives, i.id.0, |p| p.id) == find(&self.initiatives, i.id.0, |p| p.id);
            match ours.initiatives.iter().find(|o| o.id == i.id) {
                Some(kept) if unchanged => kept.clone(),
                _ => crate::model::Initiative { author: i.author.map(person), ..i.clone() },
            }
        });
        w.initiatives = initiatives.collect();
        let objectives = fresh.objectives.iter().map(|o| {
            let id = holder(o).unwrap_or(o.id);
            let proposed = (!is_holder(o)).then_some(o.id.0);
            let krs = |p: &Proposal| p.key_results.iter().filter(|k| k.objective == proposed).cloned().collect::<Vec<_>>();
            let unchanged = find(&mine.objectives, o.id.0, |p| p.id) == find(&self.objectives, o.id.0, |p| p.id) && krs(&mine) == krs(self);
            match ours.objectives.iter().find(|x| x.id == id) {
                Some(kept) if unchanged => kept.clone(),
                _ => {
                    let mut o = Objective { id, owners: o.owners.iter().copied().map(person).collect(), ..o.clone() };
                    for k in &mut o.key_results {
                        k.owners = k.owners.iter().copied().map(person).collect();
                    }
                    o
                }
            }
        });
        w.objectives = objectives.collect();
        w
    }

    /// The holder of the key results proposed for the team's own objectives (always there,
    /// first, so they have a home), then the proposed objectives with their key results.
    fn draft_okrs(
        &self,
        draft: &mut Workshop,
        who: &mut impl FnMut(&mut Workshop, &str, bool) -> Option<ParticipantId>,
        holder_id: ObjectiveId,
    ) -> Vec<Objective> {
        let mark = |extra: &mut crate::model::Extra, anonymous: bool| {
            if anonymous {
                extra.insert(ANONYMOUS.into(), true.into());
            }
        };
        let mut objectives: Vec<Objective> = Vec::new();
        for p in self.objectives.iter().filter_map(|p| tidy_objective(p.clone())) {
            let owner = who(draft, &p.author, p.anonymous);
            let mut o = Objective {
                id: ObjectiveId(p.id),
                title: p.title,
                rationale: p.rationale,
                owners: owner.into_iter().collect(),
                ..Objective::default()
            };
            mark(&mut o.extra, p.anonymous);
            objectives.push(o);
        }
        let mut loose = Vec::new();
        for p in self.key_results.iter().filter_map(|p| tidy_key_result(p.clone())) {
            let owner = who(draft, &p.author, p.anonymous);
            let mut k = KeyResult {
                id: KeyResultId(p.id),
                description: p.description,
                kind: p.kind.unwrap_or_default(),
                owners: owner.into_iter().collect(),
                due: Some(draft.period.end),
                ..KeyResult::default()
            };
            mark(&mut k.extra, p.anonymous);
            match p.objective.and_then(|o| objectives.iter().position(|x| x.id.0 == o)) {
                Some(at) => objectives[at].key_results.push(k),
                None => loose.push(k),
            }
        }
        let mut holder = Objective { id: holder_id, title: HOLDER_TITLE.to_string(), key_results: loose, ..Objective::default() };
        holder.extra.insert(HOLDER.into(), true.into());
        objectives.insert(0, holder);
        objectives
    }
}

fn find<T>(items: &[T], id: u64, key: impl Fn(&T) -> u64) -> Option<&T> {
    items.iter().find(|i| key(i) == id)
}
