//! Change stamps: after a change, every item that differs from before (and the workshop's
//! own fields, if they do) records when. A merge uses them when both sides changed the same
//! field: the later change wins. Stamping compares before and after, so no rule of the
//! model has to remember to do it.

use std::collections::HashMap;

use jiff::Timestamp;

use super::{KeyResult, Objective, Workshop};

/// Something a list keeps by identity, with a stamp of its own.
trait Stamped: PartialEq {
    type Key: Eq + std::hash::Hash + Copy;
    fn key(&self) -> Self::Key;
    fn stamp(&mut self, at: Timestamp);
    /// Whether its own fields changed (its own nested stamped lists aside).
    fn differs(&self, before: &Self) -> bool {
        self != before
    }
}

macro_rules! stamped {
    ($ty:ty, $key:ty, |$item:ident| $k:expr) => {
        impl Stamped for $ty {
            type Key = $key;
            fn key(&self) -> $key {
                let $item = self;
                $k
            }
            fn stamp(&mut self, at: Timestamp) {
                self.changed = Some(at);
            }
        }
    };
}

stamped!(super::Participant, u64, |p| p.id.0);
stamped!(super::BacklogItem, u64, |b| b.id.0);
stamped!(super::Initiative, u64, |i| i.id.0);
stamped!(super::Theme, u64, |t| t.id.0);
stamped!(super::CheckIn, u32, |c| c.week);
stamped!(super::review::WeeklyNote, u32, |n| n.week);
stamped!(super::commitment::WeeklyCommitment, u64, |c| c.id.0);
stamped!(super::meeting::Meeting, u32, |m| m.week);

impl Stamped for super::Dismissal {
    type Key = (u64, u64);
    fn key(&self) -> (u64, u64) {
        use std::hash::{Hash, Hasher};
        let mut a = std::collections::hash_map::DefaultHasher::new();
        self.code.hash(&mut a);
        let mut b = std::collections::hash_map::DefaultHasher::new();
        self.subject.hash(&mut b);
        (a.finish(), b.finish())
    }
    fn stamp(&mut self, at: Timestamp) {
        self.changed = Some(at);
    }
}

impl Stamped for Objective {
    type Key = u64;
    fn key(&self) -> u64 {
        self.id.0
    }
    fn stamp(&mut self, at: Timestamp) {
        self.changed = Some(at);
    }
    fn differs(&self, before: &Self) -> bool {
        let strip = |o: &Objective| Objective { key_results: Vec::new(), changed: None, ..o.clone() };
        strip(self) != strip(before)
    }
}

impl Stamped for KeyResult {
    type Key = u64;
    fn key(&self) -> u64 {
        self.id.0
    }
    fn stamp(&mut self, at: Timestamp) {
        self.changed = Some(at);
    }
    fn differs(&self, before: &Self) -> bool {
        let strip = |k: &KeyResult| KeyResult { check_ins: Vec::new(), changed: None, ..k.clone() };
        strip(self) != strip(before)
    }
}

/// Stamps the items of `after` that are new or differ from `before`.
fn stamp_list<T: Stamped>(before: &[T], after: &mut [T], at: Timestamp, mut nested: impl FnMut(Option<&T>, &mut T)) {
    let index: HashMap<T::Key, &T> = if before.len() == after.len() && before.iter().zip(after.iter()).all(|(b, a)| b.key() == a.key()) {
        HashMap::new()
    } else {
        before.iter().map(|b| (b.key(), b)).collect()
    };
    for (i, item) in after.iter_mut().enumerate() {
        let old = if index.is_empty() { before.get(i) } else { index.get(&item.key()).copied() };
        nested(old, item);
        if old.is_none_or(|old| item.differs(old)) {
            item.stamp(at);
        }
    }
}

/// Stamps everything `after` changed since `before` with `at`.
pub fn stamp_changes(before: &Workshop, after: &mut Workshop, at: Timestamp) {
    stamp_list(&before.participants, &mut after.participants, at, |_, _| {});
    if before.backlog.items != after.backlog.items {
        stamp_list(&before.backlog.items, &mut after.backlog.items, at, |_, _| {});
    }
    stamp_list(&before.initiatives, &mut after.initiatives, at, |_, _| {});
    stamp_list(&before.themes, &mut after.themes, at, |_, _| {});
    stamp_list(&before.weekly_notes, &mut after.weekly_notes, at, |_, _| {});
    stamp_list(&before.commitments, &mut after.commitments, at, |_, _| {});
    stamp_list(&before.meetings, &mut after.meetings, at, |_, _| {});
    stamp_list(&before.dismissed, &mut after.dismissed, at, |_, _| {});
    stamp_list(&before.objectives, &mut after.objectives, at, |old, o| {
        let old_krs = old.map_or(&[][..], |o| &o.key_results[..]);
        stamp_list(old_krs, &mut o.key_results, at, |old, kr| {
            let old_check_ins = old.map_or(&[][..], |k| &k.check_ins[..]);
            stamp_list(old_check_ins, &mut kr.check_ins, at, |_, _| {});
        });
    });
    if own_fields_differ(before, after) {
        after.changed = Some(at);
    }
}

/// Whether the workshop's own fields (not its lists of items) differ.
fn own_fields_differ(a: &Workshop, b: &Workshop) -> bool {
    a.name != b.name
        || a.team != b.team
        || a.period != b.period
        || a.settings != b.settings
        || a.silent_mode != b.silent_mode
        || a.retrospective != b.retrospective
        || a.backlog.bankruptcy != b.backlog.bankruptcy
        || a.extra != b.extra
        || a.backlog.extra != b.backlog.extra
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Capture, CheckIn, KeyResultDraft, ObjectiveDraft, Period};

    fn at(s: &str) -> Timestamp {
        s.parse().expect("time")
    }

    #[test]
    fn only_what_changed_is_stamped() {
        let mut w = Workshop::new("w", "", Period::parse("2027-Q1").expect("period"), Timestamp::UNIX_EPOCH);
        let a = w.capture(&Capture { title: "a".into(), ..Capture::default() }, Timestamp::UNIX_EPOCH).expect("a");
        let b = w.capture(&Capture { title: "b".into(), ..Capture::default() }, Timestamp::UNIX_EPOCH).expect("b");
        let o = w.add_objective(&ObjectiveDraft { title: "o".into(), ..Default::default() }).expect("o");
        let kr = w.add_key_result(o, &KeyResultDraft { description: "k".into(), ..Default::default() }).expect("kr");
        let before = w.clone();
        let mut after = w.clone();
        after.initiatives[1].title = "b2".into();
        after.key_result_mut(kr).expect("kr").check_ins.push(CheckIn { week: 2, value: 1.0, confidence: 5, ..CheckIn::default() });
        let now = at("2027-01-05T10:00:00Z");
        stamp_changes(&before, &mut after, now);
        assert_eq!(after.initiative(a).and_then(|i| i.changed), None);
        assert_eq!(after.initiative(b).and_then(|i| i.changed), Some(now));
        let key_result = after.key_result(kr).expect("kr");
        assert_eq!(key_result.check_ins[0].changed, Some(now), "the new check-in");
        assert_eq!(key_result.changed, None, "the key result's own fields did not change");
        assert_eq!(after.objective(o).and_then(|o| o.changed), None);
        assert_eq!(after.changed, None, "the workshop's own fields did not change");
        let mut renamed = after.clone();
        renamed.name = "w2".into();
        stamp_changes(&after, &mut renamed, now);
        assert_eq!(renamed.changed, Some(now));
    }
}
