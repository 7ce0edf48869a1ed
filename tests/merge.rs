//! The three-way merge as a property: two random sequences of changes applied to one base
//! (as two windows, a cron job or two clones would make them), merged in either order, give
//! the same workshop, and every change the other side did not also make is in it.

use std::collections::HashSet;

use jiff::Timestamp;
use proptest::prelude::*;
use quarterdeck::model::merge::merge;
use quarterdeck::model::stamp::stamp_changes;
use quarterdeck::model::{Capture, CheckIn, InitiativeId, KeyResultDraft, ObjectiveDraft, Period, Workshop};

const TITLES: [&str; 6] = ["Faster CI", "Fewer pages", "Cheaper logs", "Spot instances", "Self-service keys", "Chaos day"];
const PEOPLE: [&str; 4] = ["Ada", "Grace", "Linus", "Mei"];

#[derive(Debug, Clone)]
enum Op {
    Add(usize),
    Retitle(usize, usize),
    Impact(usize, u8),
    Delete(usize),
    AddTheme(usize),
    Assign(usize, usize),
    MoveTheme(usize, bool),
    CheckIn(usize, u32, u8),
    Person(usize),
    Vote(usize, usize),
    Team(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..6usize).prop_map(Op::Add),
        (0..8usize, 0..6usize).prop_map(|(i, t)| Op::Retitle(i, t)),
        (0..8usize, 1..=5u8).prop_map(|(i, v)| Op::Impact(i, v)),
        (0..8usize).prop_map(Op::Delete),
        (0..6usize).prop_map(Op::AddTheme),
        (0..8usize, 0..4usize).prop_map(|(i, t)| Op::Assign(i, t)),
        (0..4usize, any::<bool>()).prop_map(|(t, left)| Op::MoveTheme(t, left)),
        (0..2usize, 1..=13u32, 0..=20u8).prop_map(|(k, week, v)| Op::CheckIn(k, week, v)),
        (0..4usize).prop_map(Op::Person),
        (0..4usize, 0..8usize).prop_map(|(p, i)| Op::Vote(p, i)),
        (0..6usize).prop_map(Op::Team),
    ]
}

fn at(second: i64) -> Timestamp {
    Timestamp::from_second(1_800_000_000 + second).expect("time")
}

fn base() -> Workshop {
    quarterdeck::model::ids::seed(9);
    let mut w = Workshop::new("Platform", "Infra", Period::parse("2027-Q1").expect("period"), at(0));
    w.add_participant("Ada");
    for t in &TITLES[..3] {
        w.capture(&Capture { title: (*t).into(), ..Capture::default() }, at(0));
    }
    w.add_theme("CI", "");
    let o = w.add_objective(&ObjectiveDraft { title: "Fast feedback".into(), ..Default::default() }).expect("objective");
    for d in ["CI from 18 to 8 minutes", "Reruns from 120 to 10"] {
        w.add_key_result(o, &KeyResultDraft { description: d.into(), ..Default::default() }).expect("kr");
    }
    w
}

fn apply(w: &mut Workshop, op: &Op, now: Timestamp) {
    let pick = |w: &Workshop, i: usize| (!w.initiatives.is_empty()).then(|| w.initiatives[i % w.initiatives.len()].id);
    match *op {
        Op::Add(t) => _ = w.capture(&Capture { title: TITLES[t].into(), ..Capture::default() }, now),
        Op::Retitle(i, t) => {
            if let Some(id) = pick(w, i) {
                let old = w.initiative(id).map(|i| i.title.clone()).unwrap_or_default();
                let title = format!("{} ({})", TITLES[t], old.len());
                w.initiatives.iter_mut().filter(|x| x.id == id).for_each(|x| x.title.clone_from(&title));
            }
        }
        Op::Impact(i, v) => _ = pick(w, i).map(|id| w.set_impact(id, Some(v))),
        Op::Delete(i) => _ = pick(w, i).map(|id| w.delete_initiative(id)),
        Op::AddTheme(t) => _ = w.add_theme(TITLES[t], ""),
        Op::Assign(i, t) => {
            let theme = (!w.themes.is_empty()).then(|| w.themes[t % w.themes.len()].id);
            _ = pick(w, i).map(|id| w.assign_theme(id, theme));
        }
        Op::MoveTheme(t, left) => {
            if !w.themes.is_empty() {
                let id = w.themes[t % w.themes.len()].id;
                w.move_theme(id, if left { -1 } else { 1 });
            }
        }
        Op::CheckIn(k, week, v) => {
            let id = w.objectives[0].key_results[k].id;
            let kr = w.key_result_mut(id).expect("kr");
            kr.check_ins.retain(|c| c.week != week);
            kr.check_ins.push(CheckIn {
                week,
                value: f64::from(v),
                confidence: 5,
                date: now.to_zoned(jiff::tz::TimeZone::UTC).date(),
                ..CheckIn::default()
            });
            kr.check_ins.sort_by_key(|c| c.week);
        }
        Op::Person(p) => _ = w.add_participant(PEOPLE[p]),
        Op::Vote(p, i) => {
            let voter = w.participants.iter().find(|x| x.name == PEOPLE[p]).map(|x| x.id);
            if let (Some(voter), Some(id)) = (voter, pick(w, i)) {
                let _ = w.vote(voter, id, 1);
            }
        }
        Op::Team(t) => w.team = TITLES[t].to_string(),
    }
}

/// A side's copy: each change stamped as the app stamps it, one second apart from `start`.
fn side(base: &Workshop, ops: &[Op], start: i64, seed: u64) -> Workshop {
    quarterdeck::model::ids::seed(seed);
    let mut w = base.clone();
    for (n, op) in ops.iter().enumerate() {
        let before = w.clone();
        let now = at(start + 2 * n as i64);
        apply(&mut w, op, now);
        stamp_changes(&before, &mut w, now);
    }
    w
}

fn ids(w: &Workshop) -> HashSet<InitiativeId> {
    w.initiatives.iter().map(|i| i.id).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn merging_in_either_order_gives_the_same_workshop_and_keeps_every_change(
        xs in proptest::collection::vec(op(), 0..12),
        ys in proptest::collection::vec(op(), 0..12),
    ) {
        let b = base();
        // The two sides change at interleaved moments, as two people would.
        let x = side(&b, &xs, 1, 101);
        let y = side(&b, &ys, 2, 202);
        let xy = merge(&b, &x, &y).expect("merges");
        let yx = merge(&b, &y, &x).expect("merges");
        prop_assert_eq!(&xy.workshop, &yx.workshop);
        let m = &xy.workshop;

        // Every initiative either side added is there.
        for added in ids(&x).union(&ids(&y)).filter(|id| !ids(&b).contains(id)) {
            prop_assert!(m.initiative(*added).is_some(), "added {added} is missing");
        }
        // What one side changed and the other left alone is there as that side made it.
        for (one, other) in [(&x, &y), (&y, &x)] {
            for i in &one.initiatives {
                let Some(was) = b.initiative(i.id) else { continue };
                let untouched = other.initiative(i.id).is_some_and(|o| o == was);
                if untouched && i != was {
                    let merged = m.initiative(i.id);
                    prop_assert!(merged.is_some_and(|mi| mi.title == i.title && mi.impact == i.impact && mi.theme.is_none_or(|t| m.theme(t).is_some())),
                        "a one-sided change to {} is lost", i.id);
                }
            }
            for kr in one.objectives.iter().flat_map(|o| &o.key_results) {
                for c in &kr.check_ins {
                    let also = other.key_result(kr.id).is_some_and(|k| k.check_ins.iter().any(|o| o.week == c.week));
                    let merged = m.key_result(kr.id).and_then(|k| k.check_ins.iter().find(|o| o.week == c.week));
                    prop_assert!(merged.is_some(), "the check-in of week {} is lost", c.week);
                    if !also {
                        prop_assert_eq!(merged.map(|o| o.value), Some(c.value));
                    }
                }
            }
        }
        // The result is a workshop that saves and reads back.
        let text = serde_json::to_string(m).expect("serialises");
        let back: Workshop = serde_json::from_str(&text).expect("reads back");
        prop_assert_eq!(&back, m);
    }
}
