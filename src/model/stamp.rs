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
stamped!(super::ballot::Ballot, u64, |b| b.voter.0);
stamped!(super::score_round::ScoreCard, u64, |c| c.scorer.0);
stamped!(super::health::HealthCheckIn, u32, |c| c.week);
stamped!(super::candidate::Candidate, u64, |c| c.id.0);
stamped!(super::calibration::PeriodSummary, u64, |p| p.id.0);
stamped!(super::dependency::Dependency, u64, |d| d.id.0);

impl Stamped for super::health::HealthMetric {
    type Key = u64;
    fn key(&self) -> u64 {
        self.id.0
    }
    fn stamp(&mut self, at: Timestamp) {
        self.changed = Some(at);
    }
    fn differs(&self, before: &Self) -> bool {
        let strip = |h: &super::health::HealthMetric| super::health::HealthMetric { check_ins: Vec::new(), changed: None, ..h.clone() };
        strip(self) != strip(before)
    }
}
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
        let strip = |k: &KeyResult| KeyResult { check_ins: Vec::new(), depends_on: Vec::new(), changed: None, ..k.clone() };
        strip(self) != strip(before)
    }
}

/// A list the stamps walk: a `Vec`, or a shared list (where only the items that changed
/// are touched, so the rest stays shared with the list before).
trait Items<T> {
    fn count(&self) -> usize;
    fn at(&self, i: usize) -> Option<&T>;
    fn at_mut(&mut self, i: usize) -> Option<&mut T>;
}

impl<T> Items<T> for Vec<T> {
    fn count(&self) -> usize {
        self.len()
    }
    fn at(&self, i: usize) -> Option<&T> {
        self.get(i)
    }
    fn at_mut(&mut self, i: usize) -> Option<&mut T> {
        self.get_mut(i)
    }
}

impl<T: Clone> Items<T> for super::shared_list::SharedList<T> {
    fn count(&self) -> usize {
        self.len()
    }
    fn at(&self, i: usize) -> Option<&T> {
        self.get(i)
    }
    fn at_mut(&mut self, i: usize) -> Option<&mut T> {
        self.get_mut(i)
    }
}

/// What stamps an item's own lists, given its old self.
type Nested<'a, T> = dyn FnMut(Option<&T>, &mut T) + 'a;

/// Stamps the items of `after` that are new or differ from `before`; `nested` stamps what
/// an item holds (given its old self).
fn stamp_items<T: Stamped>(before: &impl Items<T>, after: &mut impl Items<T>, at: Timestamp, nested: Option<&mut Nested<'_, T>>) {
    let same_order =
        before.count() == after.count() && (0..after.count()).all(|i| before.at(i).map(Stamped::key) == after.at(i).map(Stamped::key));
    let index: HashMap<T::Key, usize> =
        if same_order { HashMap::new() } else { (0..before.count()).filter_map(|i| Some((before.at(i)?.key(), i))).collect() };
    let mut nested = nested;
    for i in 0..after.count() {
        let Some(item) = after.at(i) else { continue };
        let old = if same_order { before.at(i) } else { index.get(&item.key()).and_then(|j| before.at(*j)) };
        let changed = old.is_none_or(|old| item.differs(old));
        if nested.is_none() && !changed {
            continue;
        }
        let Some(item) = after.at_mut(i) else { continue };
        if let Some(nested) = nested.as_mut() {
            nested(old, item);
        }
        if changed {
            item.stamp(at);
        }
    }
}

/// Stamps the items of `after` that are new or differ from `before`.
fn stamp_list<T: Stamped>(before: &impl Items<T>, after: &mut impl Items<T>, at: Timestamp) {
    stamp_items(before, after, at, None);
}

/// Stamps everything `after` changed since `before` with `at`.
pub fn stamp_changes(before: &Workshop, after: &mut Workshop, at: Timestamp) {
    stamp_list(&before.participants, &mut after.participants, at);
    // The long lists are shared with `before` unless they changed: then they compare equal
    // at once and nothing is walked.
    if before.backlog.items != after.backlog.items {
        stamp_list(&before.backlog.items, &mut after.backlog.items, at);
    }
    if before.initiatives != after.initiatives {
        stamp_list(&before.initiatives, &mut after.initiatives, at);
    }
    stamp_list(&before.themes, &mut after.themes, at);
    if let Some(new) = &mut after.secret_round {
        let none = Vec::new();
        stamp_list(before.secret_round.as_ref().map_or(&none, |r| &r.ballots), &mut new.ballots, at);
    }
    if let Some(new) = &mut after.score_round {
        let none = Vec::new();
        stamp_list(before.score_round.as_ref().map_or(&none, |r| &r.cards), &mut new.cards, at);
    }
    stamp_list(&before.weekly_notes, &mut after.weekly_notes, at);
    stamp_list(&before.commitments, &mut after.commitments, at);
    stamp_list(&before.meetings, &mut after.meetings, at);
    stamp_list(&before.dismissed, &mut after.dismissed, at);
    let (none, no_depends) = (Vec::new(), Vec::new());
    // Shared with `before` unless changed: then nothing is walked (nor copied).
    if before.objectives != after.objectives {
        stamp_items(
            &*before.objectives,
            &mut *after.objectives,
            at,
            Some(&mut |old: Option<&Objective>, o: &mut Objective| {
                let none_krs = Vec::new();
                let old_krs = old.map_or(&none_krs, |o| &o.key_results);
                stamp_items(
                    old_krs,
                    &mut o.key_results,
                    at,
                    Some(&mut |old: Option<&KeyResult>, kr: &mut KeyResult| {
                        stamp_list(old.map_or(&none, |k| &k.check_ins), &mut kr.check_ins, at);
                        stamp_list(old.map_or(&no_depends, |k| &k.depends_on), &mut kr.depends_on, at);
                    }),
                );
            }),
        );
    }
    let no_readings = Vec::new();
    stamp_items(
        &before.health,
        &mut after.health,
        at,
        Some(&mut |old: Option<&super::health::HealthMetric>, h: &mut super::health::HealthMetric| {
            stamp_list(old.map_or(&no_readings, |h| &h.check_ins), &mut h.check_ins, at);
        }),
    );
    stamp_list(&before.candidates, &mut after.candidates, at);
    stamp_list(&before.calibration, &mut after.calibration, at);
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
        || a.secret_round.is_some() != b.secret_round.is_some()
        || a.score_round.as_ref().map(|r| r.revealed) != b.score_round.as_ref().map(|r| r.revealed)
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

    #[test]
    fn the_method_lists_are_stamped_item_by_item() {
        use crate::model::dependency::Dependency;
        use crate::model::health::{HealthMetricDraft, Level};
        let mut w = Workshop::new("w", "", Period::parse("2027-Q1").expect("period"), Timestamp::UNIX_EPOCH);
        let o = w.add_objective(&ObjectiveDraft { title: "o".into(), ..Default::default() }).expect("o");
        let kr = w.add_key_result(o, &KeyResultDraft { description: "k".into(), ..Default::default() }).expect("kr");
        let draft = HealthMetricDraft { name: "pages".into(), level: Level::at_most(10.0), ..Default::default() };
        let (pages, budget) = (w.add_health_metric(&draft).expect("h"), w.add_health_metric(&draft).expect("h2"));
        w.check_in_health(pages, 1, w.period.start, 4.0, "").expect("reading");
        let before = w.clone();
        let mut after = w.clone();
        after.check_in_health(pages, 2, w.period.start, 12.0, "kafka").expect("reading");
        let other = crate::model::KeyResultId(7);
        let dependency = Dependency { id: other, workshop: "peer".into(), ..Dependency::default() };
        after.key_result_mut(kr).expect("kr").depends_on.push(dependency);
        let now = at("2027-01-12T10:00:00Z");
        stamp_changes(&before, &mut after, now);
        let metric = after.health_metric(pages).expect("pages");
        let stamps: Vec<_> = metric.check_ins.iter().map(|c| (c.week, c.changed)).collect();
        assert_eq!(stamps, [(1, None), (2, Some(now))], "only the new reading");
        assert_eq!(metric.changed, None, "a reading is not a change to the metric's own fields");
        assert_eq!(after.health_metric(budget).and_then(|h| h.changed), None);
        let key_result = after.key_result(kr).expect("kr");
        assert_eq!(key_result.depends_on[0].changed, Some(now), "the new dependency");
        assert_eq!(key_result.changed, None, "a dependency is not a change to the key result's own fields");
    }
}
