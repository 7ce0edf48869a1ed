//! Two windows drafting one proposal file (two `quarterdeck propose` on one laptop, or one
//! reopened while the other is still open): when a window saves and finds the file changed
//! since it last read or wrote it, the three versions are merged by id and by field, as
//! workshops are. What only one side changed is taken from that side; a field both changed
//! keeps the saving window's text; an item deleted on one side and edited on the other is
//! kept; new items from both sides are all kept, the other window's after this one's.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::{Proposal, ProposedInitiative, ProposedKeyResult, ProposedObjective};

/// An item of a proposal, known by its id.
trait Keyed: Clone + PartialEq + Serialize + DeserializeOwned {
    fn key(&self) -> u64;
}

impl Keyed for ProposedInitiative {
    fn key(&self) -> u64 {
        self.id
    }
}

impl Keyed for ProposedObjective {
    fn key(&self) -> u64 {
        self.id
    }
}

impl Keyed for ProposedKeyResult {
    fn key(&self) -> u64 {
        self.id
    }
}

/// What a merge of two windows' drafts brought in from the other window.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rebased {
    /// Items the other window added or changed that are now in this one.
    pub came_in: usize,
    /// Items the other window removed that are gone here too.
    pub removed: usize,
}

impl Rebased {
    /// "2 ideas and 1 removal from another window", or `None` when nothing came in.
    pub fn sentence(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.came_in > 0 {
            parts.push(crate::model::count::count(self.came_in, "change"));
        }
        if self.removed > 0 {
            parts.push(crate::model::count::count(self.removed, "removal"));
        }
        (!parts.is_empty()).then(|| format!("merged {} from another window on this proposal", parts.join(" and ")))
    }
}

impl Proposal {
    /// `ours` (this window's draft) merged with `self` (what the file holds now), both
    /// descended from `base` (what this window last read or wrote; `None` when it never
    /// saw the file, so everything in it is new). The identity (id, author, created) is
    /// the file's.
    pub fn rebase(&self, base: Option<&Proposal>, ours: &Proposal) -> (Proposal, Rebased) {
        let mut said = Rebased::default();
        let empty = Proposal { initiatives: Vec::new(), objectives: Vec::new(), key_results: Vec::new(), ..self.clone() };
        let base = base.unwrap_or(&empty);
        let merged = Proposal {
            initiatives: merge_items(&base.initiatives, &ours.initiatives, &self.initiatives, &mut said),
            objectives: merge_items(&base.objectives, &ours.objectives, &self.objectives, &mut said),
            key_results: merge_items(&base.key_results, &ours.key_results, &self.key_results, &mut said),
            ..self.clone()
        };
        (merged, said)
    }
}

fn find<T: Keyed>(items: &[T], key: u64) -> Option<&T> {
    items.iter().find(|i| i.key() == key)
}

/// One list, three ways: this window's order, then what only the other window added.
fn merge_items<T: Keyed>(base: &[T], ours: &[T], theirs: &[T], said: &mut Rebased) -> Vec<T> {
    let mut merged = Vec::with_capacity(ours.len().max(theirs.len()));
    for mine in ours {
        let (was, now) = (find(base, mine.key()), find(theirs, mine.key()));
        match (was, now) {
            // Theirs deleted it: gone, unless this window changed it since.
            (Some(was), None) if was == mine => said.removed += 1,
            (Some(_) | None, None) => merged.push(mine.clone()),
            (None, Some(now)) => merged.push(merge_fields(now, mine, now, said)),
            (Some(was), Some(now)) => merged.push(merge_fields(was, mine, now, said)),
        }
    }
    for other in theirs {
        if find(ours, other.key()).is_some() {
            continue;
        }
        match find(base, other.key()) {
            // This window deleted it and the other left it alone: stays deleted.
            Some(was) if was == other => {}
            // New there, or changed there after this window deleted it: kept.
            _ => {
                said.came_in += 1;
                merged.push(other.clone());
            }
        }
    }
    merged
}

/// One item three ways, field by field: a field only the other window changed comes in.
fn merge_fields<T: Keyed>(base: &T, ours: &T, theirs: &T, said: &mut Rebased) -> T {
    if theirs == base || theirs == ours {
        return ours.clone();
    }
    if ours == base {
        said.came_in += 1;
        return theirs.clone();
    }
    let (Ok(Value::Object(b)), Ok(Value::Object(o)), Ok(Value::Object(t))) =
        (serde_json::to_value(base), serde_json::to_value(ours), serde_json::to_value(theirs))
    else {
        return ours.clone();
    };
    let mut merged = Map::new();
    for key in o.keys().chain(t.keys()).chain(b.keys()) {
        if merged.contains_key(key) {
            continue;
        }
        let (was, mine, other) = (b.get(key), o.get(key), t.get(key));
        let value = if mine == was { other } else { mine };
        if let Some(value) = value {
            merged.insert(key.clone(), value.clone());
        }
    }
    match serde_json::from_value::<T>(Value::Object(merged)) {
        Ok(item) => {
            if item != *ours {
                said.came_in += 1;
            }
            item
        }
        Err(_) => ours.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Size;
    use jiff::Timestamp;

    fn idea(id: u64, title: &str) -> ProposedInitiative {
        ProposedInitiative { id, title: title.into(), created: Timestamp::UNIX_EPOCH, ..ProposedInitiative::default() }
    }

    fn proposal(ideas: &[ProposedInitiative]) -> Proposal {
        let mut p = Proposal::new("Ada", Timestamp::UNIX_EPOCH);
        p.id = "p1".into();
        p.initiatives = ideas.to_vec();
        p
    }

    fn titles(p: &Proposal) -> Vec<&str> {
        p.initiatives.iter().map(|i| i.title.as_str()).collect()
    }

    #[test]
    fn ideas_added_in_two_windows_are_all_kept_this_windows_first() {
        let base = proposal(&[idea(1, "Faster CI")]);
        let ours = proposal(&[idea(1, "Faster CI"), idea(2, "Flaky tests")]);
        let theirs = proposal(&[idea(1, "Faster CI"), idea(3, "On-call rota")]);
        let (merged, said) = theirs.rebase(Some(&base), &ours);
        assert_eq!(titles(&merged), ["Faster CI", "Flaky tests", "On-call rota"]);
        assert_eq!(said.sentence().as_deref(), Some("merged 1 change from another window on this proposal"));
    }

    #[test]
    fn fields_changed_on_different_sides_both_survive_and_a_clash_keeps_ours() {
        let base = proposal(&[idea(1, "Faster CI")]);
        let mut mine = idea(1, "Much faster CI");
        mine.impact = Some(4);
        let mut other = idea(1, "Faster CI");
        other.size = Size::Large;
        other.cost = Some(2);
        let (merged, _) = proposal(&[other.clone()]).rebase(Some(&base), &proposal(&[mine]));
        let i = &merged.initiatives[0];
        assert_eq!((i.title.as_str(), i.size, i.impact, i.cost), ("Much faster CI", Size::Large, Some(4), Some(2)));

        other.title = "Quicker CI".into();
        let (merged, _) = proposal(&[other]).rebase(Some(&base), &proposal(&[idea(1, "Much faster CI")]));
        assert_eq!(titles(&merged), ["Much faster CI"], "the saving window's text wins a clash");
    }

    #[test]
    fn deletions_carry_over_unless_the_other_side_edited() {
        let base = proposal(&[idea(1, "Faster CI"), idea(2, "Flaky tests")]);
        let ours = proposal(&[idea(1, "Faster CI"), idea(2, "Flaky tests")]);
        let theirs = proposal(&[idea(2, "Flaky tests")]);
        let (merged, said) = theirs.rebase(Some(&base), &ours);
        assert_eq!(titles(&merged), ["Flaky tests"]);
        assert_eq!(said.sentence().as_deref(), Some("merged 1 removal from another window on this proposal"));

        let ours = proposal(&[idea(1, "Much faster CI"), idea(2, "Flaky tests")]);
        assert_eq!(titles(&theirs.rebase(Some(&base), &ours).0), ["Much faster CI", "Flaky tests"], "an edit beats a delete");

        let ours = proposal(&[idea(2, "Flaky tests")]);
        let theirs = proposal(&[idea(1, "Faster CI"), idea(2, "Flaky tests")]);
        assert_eq!(titles(&theirs.rebase(Some(&base), &ours).0), ["Flaky tests"], "our delete stands");
        let theirs = proposal(&[idea(1, "Faster CI, edited"), idea(2, "Flaky tests")]);
        assert_eq!(titles(&theirs.rebase(Some(&base), &ours).0), ["Flaky tests", "Faster CI, edited"]);
    }

    #[test]
    fn without_a_base_everything_in_the_file_is_kept() {
        let theirs = proposal(&[idea(3, "On-call rota")]);
        let (merged, said) = theirs.rebase(None, &proposal(&[idea(2, "Flaky tests")]));
        assert_eq!(titles(&merged), ["Flaky tests", "On-call rota"]);
        assert_eq!(said.came_in, 1);
        assert_eq!(merged.id, "p1");
        let (same, said) = theirs.rebase(Some(&theirs), &theirs);
        assert_eq!(same, theirs);
        assert_eq!(said.sentence(), None);
    }
}
