//! Step 4 rules: writing objectives and their key results, ordering them, linking the
//! initiatives that drive them (the funnel), and dismissing coach findings.

use jiff::civil::Date;

use super::ids::{InitiativeId, KeyResultId, ObjectiveId, ParticipantId, ThemeId};
use super::objective::{Commitment, KeyResult, KeyResultKind, Objective};
use super::text::{cap_title, clean_line, clean_multiline, cut_title, with_whole_title};
use super::workshop::{Dismissal, Workshop};

/// What the objective editor says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ObjectiveDraft {
    pub title: String,
    pub rationale: String,
    pub owners: Vec<ParticipantId>,
    pub parent: String,
    pub commitment: Commitment,
    pub theme: Option<ThemeId>,
}

/// What the key-result editor says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyResultDraft {
    pub description: String,
    pub kind: KeyResultKind,
    pub owners: Vec<ParticipantId>,
    /// `None` means the end of the period.
    pub due: Option<Date>,
}

pub(super) fn clean_kind(kind: &KeyResultKind) -> KeyResultKind {
    match kind {
        KeyResultKind::Metric { baseline, target, unit, extra } => KeyResultKind::Metric {
            baseline: if baseline.is_finite() { *baseline } else { 0.0 },
            target: if target.is_finite() { *target } else { 0.0 },
            unit: clean_line(unit),
            extra: extra.clone(),
        },
        KeyResultKind::Milestone { extra } => KeyResultKind::Milestone { extra: extra.clone() },
        KeyResultKind::Maintain { min, max, unit, extra } => KeyResultKind::Maintain {
            min: min.filter(|v| v.is_finite()),
            max: max.filter(|v| v.is_finite()),
            unit: clean_line(unit),
            extra: extra.clone(),
        },
    }
}

fn moved<T>(list: &mut [T], index: usize, delta: i32) -> bool {
    let target = index as i64 + i64::from(delta);
    if target < 0 || target >= list.len() as i64 || delta == 0 {
        return false;
    }
    list.swap(index, target as usize);
    true
}

impl Workshop {
    /// Adds an objective; a title longer than a title may be is cut and heads the rationale
    /// whole. `None` for an empty title.
    pub fn add_objective(&mut self, draft: &ObjectiveDraft) -> Option<ObjectiveId> {
        let (title, whole) = cut_title(clean_multiline(&draft.title));
        if title.is_empty() {
            return None;
        }
        let id = ObjectiveId(self.allocate_id());
        let theme = draft.theme.filter(|t| self.theme(*t).is_some());
        self.objectives.push(Objective {
            id,
            title,
            rationale: with_whole_title(whole, clean_multiline(&draft.rationale)),
            owners: draft.owners.clone(),
            parent: clean_line(&draft.parent),
            commitment: draft.commitment,
            theme,
            key_results: Vec::new(),
            learnings: String::new(),
            carried_from: None,
            proposal: None,
            changed: None,
            extra: crate::model::Extra::new(),
        });
        Some(id)
    }

    pub fn edit_objective(&mut self, id: ObjectiveId, draft: &ObjectiveDraft) -> bool {
        let (title, whole) = cut_title(clean_multiline(&draft.title));
        let theme = draft.theme.filter(|t| self.theme(*t).is_some());
        let Some(o) = self.objectives.iter_mut().find(|o| o.id == id) else { return false };
        if title.is_empty() {
            return false;
        }
        o.title = title;
        o.rationale = with_whole_title(whole, clean_multiline(&draft.rationale));
        o.owners.clone_from(&draft.owners);
        o.parent = clean_line(&draft.parent);
        o.commitment = draft.commitment;
        o.theme = theme;
        true
    }

    pub fn delete_objective(&mut self, id: ObjectiveId) -> bool {
        let before = self.objectives.len();
        self.objectives.retain(|o| o.id != id);
        before != self.objectives.len()
    }

    pub fn move_objective(&mut self, id: ObjectiveId, delta: i32) -> bool {
        match self.objectives.iter().position(|o| o.id == id) {
            Some(i) => moved(&mut self.objectives, i, delta),
            None => false,
        }
    }

    pub fn key_result(&self, id: KeyResultId) -> Option<&KeyResult> {
        self.objectives.iter().flat_map(|o| &o.key_results).find(|k| k.id == id)
    }

    pub fn key_result_mut(&mut self, id: KeyResultId) -> Option<&mut KeyResult> {
        self.objectives.iter_mut().flat_map(|o| &mut o.key_results).find(|k| k.id == id)
    }

    /// The objective a key result belongs to.
    pub fn objective_of(&self, id: KeyResultId) -> Option<&Objective> {
        self.objectives.iter().find(|o| o.key_results.iter().any(|k| k.id == id))
    }

    /// Adds a key result; the due date defaults to the end of the period.
    /// Adds a key result; its description is a title, cut to [`super::text::MAX_TITLE_CHARS`].
    pub fn add_key_result(&mut self, objective: ObjectiveId, draft: &KeyResultDraft) -> Option<KeyResultId> {
        let description = cap_title(&draft.description).0;
        if description.is_empty() || self.objective(objective).is_none() {
            return None;
        }
        let id = KeyResultId(self.allocate_id());
        let due = Some(draft.due.unwrap_or(self.period.end));
        let o = self.objectives.iter_mut().find(|o| o.id == objective)?;
        o.key_results.push(KeyResult {
            id,
            description,
            kind: clean_kind(&draft.kind),
            owners: draft.owners.clone(),
            due,
            initiatives: Vec::new(),
            check_ins: Vec::new(),
            adjustments: Vec::new(),
            final_score: None,
            score_reason: String::new(),
            carried: false,
            depends_on: Vec::new(),
            proposal: None,
            changed: None,
            extra: crate::model::Extra::new(),
        });
        Some(id)
    }

    pub fn edit_key_result(&mut self, id: KeyResultId, draft: &KeyResultDraft) -> bool {
        let description = cap_title(&draft.description).0;
        let due = Some(draft.due.unwrap_or(self.period.end));
        let Some(kr) = self.key_result_mut(id) else { return false };
        if description.is_empty() {
            return false;
        }
        kr.description = description;
        kr.kind = clean_kind(&draft.kind);
        kr.owners.clone_from(&draft.owners);
        kr.due = due;
        true
    }

    pub fn delete_key_result(&mut self, id: KeyResultId) -> bool {
        self.objectives.iter_mut().any(|o| {
            let before = o.key_results.len();
            o.key_results.retain(|k| k.id != id);
            before != o.key_results.len()
        })
    }

    /// Moves a key result up or down within its objective.
    pub fn move_key_result(&mut self, id: KeyResultId, delta: i32) -> bool {
        for o in &mut self.objectives {
            if let Some(i) = o.key_results.iter().position(|k| k.id == id) {
                return moved(&mut o.key_results, i, delta);
            }
        }
        false
    }

    /// Links or unlinks an initiative to a key result it drives.
    pub fn set_link(&mut self, kr: KeyResultId, initiative: InitiativeId, linked: bool) -> bool {
        if self.initiative(initiative).is_none() {
            return false;
        }
        let Some(kr) = self.key_result_mut(kr) else { return false };
        let has = kr.initiatives.contains(&initiative);
        match (has, linked) {
            (false, true) => kr.initiatives.push(initiative),
            (true, false) => kr.initiatives.retain(|i| *i != initiative),
            _ => return false,
        }
        true
    }

    /// Initiatives linked to no key result at all.
    pub fn unlinked_initiatives(&self) -> impl Iterator<Item = &super::Initiative> {
        let linked: std::collections::HashSet<super::InitiativeId> =
            self.objectives.iter().flat_map(|o| &o.key_results).flat_map(|k| k.initiatives.iter().copied()).collect();
        self.initiatives.iter().filter(move |i| !linked.contains(&i.id))
    }

    /// Records that the team dismissed a coach finding for one item, and why.
    pub fn dismiss(&mut self, code: &str, subject: &str, reason: &str) {
        self.dismissed.retain(|d| !(d.code == code && d.subject == subject));
        self.dismissed.push(Dismissal {
            code: clean_line(code),
            subject: clean_line(subject),
            reason: clean_multiline(reason),
            changed: None,
            extra: crate::model::Extra::new(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Capture, Period};

    fn workshop() -> Workshop {
        Workshop::new("w", "", Period::parse("2027-Q1").expect("period"), jiff::Timestamp::UNIX_EPOCH)
    }

    fn metric(description: &str) -> KeyResultDraft {
        KeyResultDraft { description: description.into(), kind: KeyResultKind::metric(4.0, 0.0, "incidents"), owners: vec![], due: None }
    }

    #[test]
    fn objectives_and_key_results_are_written_ordered_and_deleted() {
        let mut w = workshop();
        assert!(w.add_objective(&ObjectiveDraft::default()).is_none(), "a title is needed");
        let o = w.add_objective(&ObjectiveDraft { title: "Reliable payments".into(), ..Default::default() }).expect("added");
        let a = w.add_key_result(o, &metric("P1 incidents from 4 to 0")).expect("kr");
        let b = w.add_key_result(o, &metric("MTTR from 90 to 30 minutes")).expect("kr");
        assert_eq!(w.key_result(a).and_then(|k| k.due), Some(w.period.end), "due defaults to the period end");
        assert!(w.move_key_result(b, -1));
        assert_eq!(w.objectives[0].key_results[0].id, b);
        assert!(!w.move_key_result(b, -1), "already first");
        let nan = KeyResultDraft { kind: KeyResultKind::metric(f64::NAN, 1.0, String::new()), ..metric("x") };
        assert!(w.edit_key_result(a, &nan));
        assert_eq!(w.key_result(a).map(|k| k.kind.clone()), Some(KeyResultKind::metric(0.0, 1.0, String::new())));
        assert_eq!(w.objective_of(a).map(|o| o.id), Some(o));
        assert!(w.delete_key_result(a));
        assert!(w.key_result(a).is_none());
        assert!(w.delete_objective(o));
        assert!(w.objectives.is_empty());
    }

    #[test]
    fn links_form_the_funnel() {
        let mut w = workshop();
        let i = w.capture(&Capture { title: "Runbooks".into(), ..Default::default() }, jiff::Timestamp::UNIX_EPOCH).expect("i");
        let o = w.add_objective(&ObjectiveDraft { title: "Calm on-call".into(), ..Default::default() }).expect("o");
        let k = w.add_key_result(o, &metric("Pages from 30 to 5 a week")).expect("kr");
        assert_eq!(w.unlinked_initiatives().count(), 1);
        assert!(w.set_link(k, i, true));
        assert!(!w.set_link(k, i, true), "already linked");
        assert_eq!(w.unlinked_initiatives().count(), 0);
        assert!(w.set_link(k, i, false));
        assert!(!w.set_link(k, InitiativeId(999), true));
    }

    #[test]
    fn a_dismissal_replaces_an_earlier_one_for_the_same_finding() {
        let mut w = workshop();
        w.dismiss("kr-without-owner", "KR3", "owned by the whole team");
        w.dismiss("kr-without-owner", "KR3", "really\u{1b}[2J the whole team");
        assert_eq!(w.dismissed.len(), 1);
        assert_eq!(w.dismissed[0].reason, "really[2J the whole team");
    }
}
