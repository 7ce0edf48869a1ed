//! Merges of small workshops, one kind of concurrent change at a time.

use jiff::Timestamp;

use super::*;
use crate::model::stamp::stamp_changes;
use crate::model::{Capture, CheckIn, KeyResultDraft, ObjectiveDraft, Period};

fn at(minute: i64) -> Timestamp {
    Timestamp::from_second(1_800_000_000 + minute * 60).expect("time")
}

fn base() -> Workshop {
    crate::model::ids::seed(3);
    let mut w = Workshop::new("Platform", "Infra", Period::parse("2027-Q1").expect("period"), at(0));
    w.add_participant("Ada");
    for title in ["Faster CI", "Fewer pages", "Cheaper logs"] {
        w.capture(&Capture { title: title.into(), ..Capture::default() }, at(0));
    }
    let o = w.add_objective(&ObjectiveDraft { title: "Fast feedback".into(), ..Default::default() }).expect("objective");
    for d in ["CI from 18 to 8 minutes", "Reruns from 120 to 10"] {
        w.add_key_result(o, &KeyResultDraft { description: d.into(), ..Default::default() }).expect("kr");
    }
    w
}

/// A copy of `w` changed by `change` at `minute`, stamped as the app stamps it.
fn changed(w: &Workshop, minute: i64, change: impl FnOnce(&mut Workshop)) -> Workshop {
    let mut after = w.clone();
    change(&mut after);
    stamp_changes(w, &mut after, at(minute));
    after
}

fn check_in(week: u32, value: f64) -> CheckIn {
    CheckIn { week, value, confidence: 6, ..CheckIn::default() }
}

fn both_ways(start: &Workshop, ours: &Workshop, theirs: &Workshop) -> Merged {
    let one = merge(start, ours, theirs).expect("merges");
    let two = merge(start, theirs, ours).expect("merges");
    assert_eq!(one.workshop, two.workshop, "the same whichever side is ours");
    one
}

#[test]
fn additions_on_both_sides_are_all_kept() {
    let start = base();
    let ours = changed(&start, 1, |w| _ = w.capture(&Capture { title: "Spot instances".into(), ..Capture::default() }, at(1)));
    let theirs = changed(&start, 2, |w| _ = w.capture(&Capture { title: "Self-service keys".into(), ..Capture::default() }, at(2)));
    let merged = both_ways(&start, &ours, &theirs);
    let titles: Vec<&str> = merged.workshop.initiatives.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["Faster CI", "Fewer pages", "Cheaper logs", "Spot instances", "Self-service keys"], "older addition first");
    assert!(merged.conflicts.is_empty());
}

#[test]
fn different_fields_of_one_item_both_survive() {
    let start = base();
    let id = start.initiatives[0].id;
    let ours = changed(&start, 1, |w| w.initiatives[0].title = "Much faster CI".into());
    let theirs = changed(&start, 2, |w| _ = w.set_impact(id, Some(5)));
    let merged = both_ways(&start, &ours, &theirs);
    let i = merged.workshop.initiative(id).expect("kept");
    assert_eq!((i.title.as_str(), i.impact), ("Much faster CI", Some(5)));
    assert!(merged.conflicts.is_empty());
}

#[test]
fn the_same_field_goes_to_the_later_change_and_the_other_is_on_record() {
    let start = base();
    let id = start.initiatives[0].id;
    let ours = changed(&start, 5, |w| w.initiatives[0].title = "Faster CI, later".into());
    let theirs = changed(&start, 2, |w| w.initiatives[0].title = "Faster CI, earlier".into());
    let merged = both_ways(&start, &ours, &theirs);
    assert_eq!(merged.workshop.initiative(id).map(|i| i.title.as_str()), Some("Faster CI, later"));
    let note = &merged.workshop.merge_log[0];
    assert_eq!((note.kept.as_str(), note.set_aside.as_str()), ("Faster CI, later", "Faster CI, earlier"));
    assert!(note.subject.starts_with("initiatives I") && note.subject.ends_with(" title"), "{}", note.subject);
    assert_eq!(note.at, at(5));
    let again = merge(&start, &merged.workshop, &theirs).expect("merges");
    assert_eq!(again.workshop.merge_log.len(), 1, "the same decision is recorded once");
}

#[test]
fn check_ins_on_different_key_results_and_weeks_merge() {
    let start = base();
    let (k1, k2) = (start.objectives[0].key_results[0].id, start.objectives[0].key_results[1].id);
    let ours = changed(&start, 1, |w| w.key_result_mut(k1).expect("kr").check_ins.push(check_in(1, 17.0)));
    let theirs = changed(&start, 2, |w| {
        let kr = w.key_result_mut(k2).expect("kr");
        kr.check_ins.push(check_in(2, 110.0));
        kr.check_ins.push(check_in(1, 118.0));
    });
    let merged = both_ways(&start, &ours, &theirs);
    assert_eq!(merged.workshop.key_result(k1).map(|k| k.check_ins.len()), Some(1));
    let weeks: Vec<u32> = merged.workshop.key_result(k2).expect("kr").check_ins.iter().map(|c| c.week).collect();
    assert_eq!(weeks, [1, 2], "check-ins stay in week order");
}

#[test]
fn one_check_in_per_week_even_when_both_sides_wrote_it() {
    let start = base();
    let k = start.objectives[0].key_results[0].id;
    let ours =
        changed(&start, 1, |w| w.key_result_mut(k).expect("kr").check_ins.push(CheckIn { note: "cron".into(), ..check_in(3, 15.0) }));
    let theirs = changed(&start, 4, |w| w.key_result_mut(k).expect("kr").check_ins.push(check_in(3, 14.0)));
    let merged = both_ways(&start, &ours, &theirs);
    let c = &merged.workshop.key_result(k).expect("kr").check_ins;
    assert_eq!(c.len(), 1);
    assert_eq!((c[0].value, c[0].note.as_str()), (14.0, "cron"), "the later value, and the note only one side wrote");
}

#[test]
fn an_item_changed_on_one_side_survives_its_deletion_on_the_other() {
    let start = base();
    let id = start.initiatives[1].id;
    let ours = changed(&start, 1, |w| _ = w.delete_initiative(id));
    let theirs = changed(&start, 2, |w| w.initiatives[1].description = "Pager fatigue is real".into());
    let merged = both_ways(&start, &ours, &theirs);
    assert!(merged.workshop.initiative(id).is_some());
    assert!(merged.workshop.merge_log.iter().any(|n| n.set_aside == "deleted"), "{:?}", merged.workshop.merge_log);
    let z = changed(&start, 3, |w| _ = w.delete_initiative(id));
    assert!(merge(&start, &ours, &z).expect("merges").workshop.initiative(id).is_none(), "deleted on both sides, or unchanged: gone");
}

#[test]
fn a_reorder_on_one_side_and_an_addition_on_the_other_both_show() {
    let mut start = base();
    for name in ["CI", "Pages", "Cost"] {
        start.add_theme(name, "");
    }
    let ours = changed(&start, 1, |w| w.themes.reverse());
    let theirs = changed(&start, 2, |w| _ = w.add_theme("Learning", ""));
    let merged = both_ways(&start, &ours, &theirs);
    let names: Vec<&str> = merged.workshop.themes.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Cost", "Pages", "CI", "Learning"]);
}

#[test]
fn fields_this_build_does_not_know_merge_too() {
    let start = base();
    let ours = changed(&start, 1, |w| _ = w.initiatives[0].extra.insert("effort".into(), serde_json::json!(3)));
    let theirs = changed(&start, 2, |w| _ = w.extra.insert("pulse".into(), serde_json::json!(["uptime"])));
    let merged = both_ways(&start, &ours, &theirs);
    assert_eq!(merged.workshop.initiatives[0].extra.get("effort"), Some(&serde_json::json!(3)));
    assert_eq!(merged.workshop.extra.get("pulse"), Some(&serde_json::json!(["uptime"])));
}

#[test]
fn the_same_person_added_on_two_copies_is_one_person() {
    let start = base();
    let ours = changed(&start, 1, |w| {
        let grace = w.add_participant("Grace");
        w.initiatives[0].author = grace;
    });
    let theirs = changed(&start, 2, |w| {
        let grace = w.add_participant("grace");
        w.initiatives[1].author = grace;
    });
    let merged = both_ways(&start, &ours, &theirs);
    let graces: Vec<_> = merged.workshop.participants.iter().filter(|p| p.name.eq_ignore_ascii_case("grace")).collect();
    assert_eq!(graces.len(), 1);
    assert_eq!(merged.workshop.initiatives[0].author, merged.workshop.initiatives[1].author);
}

#[test]
fn links_to_what_the_other_side_deleted_are_dropped() {
    let start = base();
    let (k, i) = (start.objectives[0].key_results[0].id, start.initiatives[2].id);
    let ours = changed(&start, 1, |w| _ = w.set_link(k, i, true));
    let theirs = changed(&start, 2, |w| _ = w.delete_initiative(i));
    let merged = both_ways(&start, &ours, &theirs);
    assert!(merged.workshop.key_result(k).expect("kr").initiatives.is_empty());
}

#[test]
fn what_came_in_is_said_in_words() {
    let start = base();
    let k = start.objectives[0].key_results[0].id;
    let theirs = changed(&start, 1, |w| {
        w.key_result_mut(k).expect("kr").check_ins.push(check_in(1, 17.0));
        w.capture(&Capture { title: "A".into(), ..Capture::default() }, at(1));
        w.capture(&Capture { title: "B".into(), ..Capture::default() }, at(1));
    });
    assert_eq!(incoming(&start, &theirs), "1 check-in, 2 initiatives");
}

#[test]
fn secret_ballots_merge_by_voter_dot_by_dot() {
    let mut start = base();
    let grace = start.add_participant("Grace").expect("id");
    let ada = start.participants[0].id;
    let (a, b) = (start.initiatives[0].id, start.initiatives[1].id);
    start.start_secret_round();
    // Ada votes on two terminals at once (one idea each), Grace on a third.
    let ours = changed(&start, 1, |w| _ = w.secret_vote(ada, a, 1).expect("dot"));
    let theirs = changed(&start, 2, |w| {
        w.secret_vote(ada, b, 1).expect("dot");
        w.secret_vote(grace, b, 1).expect("dot");
    });
    let merged = both_ways(&start, &ours, &theirs);
    let round = merged.workshop.secret_round.as_ref().expect("still open");
    assert_eq!(round.ballots.len(), 2, "one ballot per voter: {:?}", round.ballots);
    let ada_ballot = merged.workshop.ballot(ada).expect("Ada's");
    assert_eq!((ada_ballot.dots.get(&a), ada_ballot.dots.get(&b)), (Some(&1), Some(&1)), "both of Ada's dots");
    assert_eq!(merged.workshop.secret_dots(grace), 1);
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    let file = serde_json::to_value(&merged.workshop).expect("json");
    assert!(file["secret_round"]["ballots"][0].get("id").is_some(), "a ballot is known by its voter's id");
}

#[test]
fn private_score_cards_merge_by_scorer_score_by_score() {
    use crate::model::score_round::Axis;
    let mut start = base();
    let grace = start.add_participant("Grace").expect("id");
    let ada = start.participants[0].id;
    let (a, b) = (start.initiatives[0].id, start.initiatives[1].id);
    start.start_score_round();
    // Ada scores impact on one copy and cost on another; Grace scores on a third.
    let ours = changed(&start, 1, |w| w.estimate(ada, a, Axis::Impact, Some(4)).expect("impact"));
    let theirs = changed(&start, 2, |w| {
        w.estimate(ada, a, Axis::Cost, Some(2)).expect("cost");
        w.estimate(grace, b, Axis::Impact, Some(5)).expect("impact");
    });
    let merged = both_ways(&start, &ours, &theirs);
    assert!(merged.workshop.score_round_open());
    let ada_card = merged.workshop.score_card(ada).expect("Ada's");
    let estimate = ada_card.scores.get(&a).expect("Ada's scores of a");
    assert_eq!((estimate.impact, estimate.cost), (Some(4), Some(2)), "both of Ada's scores");
    assert_eq!(merged.workshop.score_card(grace).map(crate::model::score_round::ScoreCard::values), Some(1));
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    // A reveal on one copy and a late score on the other: the reveal stands, the score is kept.
    let revealed = changed(&merged.workshop, 3, |w| _ = w.reveal_scores());
    let late = changed(&merged.workshop, 4, |w| w.estimate(grace, a, Axis::Impact, Some(1)).expect("impact"));
    let merged = both_ways(&merged.workshop, &revealed, &late);
    assert!(merged.workshop.score_round.as_ref().is_some_and(|r| r.revealed));
    assert_eq!(merged.workshop.team_score(a).and_then(|t| t.impact).map(|s| s.count), Some(2));
}

#[test]
fn timeboxes_of_different_steps_and_the_bell_merge() {
    use crate::model::Step;
    let start = base();
    let ours = changed(&start, 1, |w| w.settings.timeboxes.replace([(Step::Brainstorm, 15)].into()));
    let theirs = changed(&start, 2, |w| {
        w.settings.timeboxes.replace([(Step::Prioritise, 20)].into());
        w.settings.mute_bell = true;
    });
    let merged = both_ways(&start, &ours, &theirs);
    let boxes: Vec<(Step, u32)> = merged.workshop.settings.timeboxes.iter().collect();
    assert_eq!(boxes, [(Step::Brainstorm, 15), (Step::Prioritise, 20)]);
    assert!(merged.workshop.settings.mute_bell);
}

#[test]
fn an_imported_items_status_and_its_rescue_merge() {
    use crate::model::backlog::{Format, Imported, ImportedItem};
    use crate::model::{BacklogState, ItemStatus};
    let mut start = base();
    let file = |status| {
        let item = ImportedItem { title: "Flaky tests".into(), external_id: Some("K-1".into()), status, ..ImportedItem::default() };
        Imported { format: Format::JiraCsv, items: vec![item], skipped: vec![] }
    };
    start.import_backlog(file(ItemStatus::Open), "jira.csv");
    let id = start.backlog.items[0].id;
    let ours = changed(&start, 1, |w| _ = w.import_backlog(file(ItemStatus::InProgress), "jira.csv"));
    let theirs = changed(&start, 2, |w| w.backlog.items[0].state = BacklogState::Shelved);
    let merged = both_ways(&start, &ours, &theirs);
    let kept = merged.workshop.backlog.items.iter().find(|i| i.id == id).expect("the item");
    assert_eq!((kept.status, kept.state), (ItemStatus::InProgress, BacklogState::Shelved));
}

#[test]
fn a_merged_duplicate_keeps_votes_cast_on_another_copy_meanwhile() {
    let mut start = base();
    let grace = start.add_participant("Grace").expect("id");
    let ada = start.participants[0].id;
    let (keep, other) = (start.initiatives[0].id, start.initiatives[1].id);
    start.initiatives[1].author = Some(grace);
    let ours = changed(&start, 1, |w| _ = w.merge_initiatives(keep, other));
    let theirs = changed(&start, 2, |w| _ = w.vote(ada, keep, 1).expect("vote"));
    let merged = both_ways(&start, &ours, &theirs);
    let kept = merged.workshop.initiative(keep).expect("kept");
    assert_eq!(kept.co_authors, [grace]);
    assert_eq!(kept.votes.get(&ada), Some(&1));
    assert!(merged.workshop.initiative(other).is_none(), "the duplicate stays merged");
}

#[test]
fn health_readings_of_different_weeks_merge_in_week_order() {
    let mut start = base();
    let draft = crate::model::health::HealthMetricDraft {
        name: "Pages".into(),
        level: crate::model::health::Level::at_most(10.0),
        ..Default::default()
    };
    let id = start.add_health_metric(&draft).expect("metric");
    let ours = changed(&start, 1, |w| _ = w.check_in_health(id, 3, jiff::civil::date(2027, 1, 15), 12.0, "noisy alerts"));
    let theirs = changed(&start, 2, |w| _ = w.check_in_health(id, 2, jiff::civil::date(2027, 1, 8), 9.0, ""));
    let merged = both_ways(&start, &ours, &theirs);
    let weeks: Vec<u32> = merged.workshop.health[0].check_ins.iter().map(|c| c.week).collect();
    assert_eq!(weeks, [2, 3]);
    assert!(merged.conflicts.is_empty());
}

#[test]
fn two_writers_health_readings_for_different_weeks_both_survive_and_are_named() {
    let mut start = base();
    let draft = crate::model::health::HealthMetricDraft {
        name: "Availability".into(),
        level: crate::model::health::Level::at_least(99.9),
        unit: "%".into(),
        ..Default::default()
    };
    let id = start.add_health_metric(&draft).expect("metric");
    // A cron job records week 4 while the room, on another copy, records week 5.
    let cron = changed(&start, 1, |w| _ = w.check_in_health(id, 4, jiff::civil::date(2027, 1, 29), 99.95, ""));
    let room = changed(&start, 2, |w| _ = w.check_in_health(id, 5, jiff::civil::date(2027, 2, 5), 99.2, "a bad deploy"));
    let merged = both_ways(&start, &cron, &room);
    let readings: Vec<(u32, f64, &str)> = merged.workshop.health[0].check_ins.iter().map(|c| (c.week, c.value, c.note.as_str())).collect();
    assert_eq!(readings, [(4, 99.95, ""), (5, 99.2, "a bad deploy")]);
    assert!(merged.conflicts.is_empty());
    assert_eq!(incoming(&cron, &merged.workshop), "1 health reading");
    assert_eq!(incoming(&room, &merged.workshop), "1 health reading");
}

#[test]
fn the_method_lists_are_named_in_words_and_in_the_merge_record() {
    let mut start = base();
    let draft = crate::model::health::HealthMetricDraft {
        name: "Pages".into(),
        level: crate::model::health::Level::at_most(10.0),
        ..Default::default()
    };
    let id = start.add_health_metric(&draft).expect("metric");
    let theirs = changed(&start, 2, |w| {
        _ = w.add_health_metric(&crate::model::health::HealthMetricDraft { name: "Error budget".into(), ..draft.clone() });
        _ = w.check_in_health(id, 1, jiff::civil::date(2027, 1, 8), 4.0, "");
    });
    assert_eq!(incoming(&start, &theirs), "1 health reading, 1 health metric");
    // The same metric renamed on both copies: the record names it by its id.
    let ours = changed(&start, 5, |w| w.health[0].name = "Pages a week".into());
    let theirs = changed(&start, 3, |w| w.health[0].name = "Night pages".into());
    let merged = both_ways(&start, &ours, &theirs);
    let note = &merged.workshop.merge_log[0];
    assert_eq!(note.subject, format!("health {id} name"));
    assert_eq!((note.kept.as_str(), note.set_aside.as_str()), ("Pages a week", "Night pages"));
}

#[test]
fn proposed_items_earlier_periods_and_dependencies_merge_by_id() {
    use crate::model::calibration::PeriodSummary;
    use crate::model::candidate::{Candidate, CandidateKind};
    use crate::model::dependency::Dependency;
    let mut start = base();
    let kr = start.objectives[0].key_results[0].id;
    let proposed = crate::model::CandidateId(start.allocate_id());
    start.candidates.push(Candidate {
        id: proposed,
        kind: CandidateKind::KeyResult,
        text: "Pages from 14 to 5".into(),
        ..Candidate::default()
    });
    let depend = |w: &mut Workshop, on: u64| {
        let d = Dependency { id: crate::model::KeyResultId(on), workshop: "checkout".into(), ..Dependency::default() };
        w.key_result_mut(kr).expect("kr").depends_on.push(d);
    };
    // The room declines the proposal and adds a dependency; a carry-over on another copy
    // records the earlier period and adds another dependency.
    let ours = changed(&start, 2, |w| {
        assert!(w.decline_candidate(proposed));
        depend(w, 11);
    });
    let theirs = changed(&start, 3, |w| {
        let id = crate::model::PeriodSummaryId(w.allocate_id());
        w.calibration.push(PeriodSummary { id, period: "2026-Q4".into(), average: 0.5, ..PeriodSummary::default() });
        depend(w, 12);
    });
    let merged = both_ways(&start, &ours, &theirs);
    let w = &merged.workshop;
    let depends: Vec<u64> = w.key_result(kr).expect("kr").depends_on.iter().map(|d| d.id.0).collect();
    assert_eq!(depends.len(), 2, "both dependencies kept: {depends:?}");
    assert!(depends.contains(&11) && depends.contains(&12));
    assert!(w.open_candidates().next().is_none(), "the decline survives");
    assert_eq!(w.candidates.len(), 1, "one proposal, not two");
    assert_eq!(w.calibration.iter().map(|p| p.period.as_str()).collect::<Vec<_>>(), ["2026-Q4"]);
    assert!(merged.conflicts.is_empty());
    assert_eq!(incoming(&ours, w), "1 dependency, 1 earlier period");
}
