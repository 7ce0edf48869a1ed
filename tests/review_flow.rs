//! Step 5 end to end: check in every key result of the demo for a new week in a few keys
//! each, browse earlier weeks, adjust on record, score at the end, carry over, and
//! `quarterdeck checkin` from a script.

use std::process::Command;

use quarterdeck::model::review::Standing;
use quarterdeck::model::{KeyResultKind, Status};
use quarterdeck::testing::{Harness, fixed_clock};

fn demo(dir: &std::path::Path) -> Harness {
    let mut h = Harness::demo(dir, 100, 30);
    h.press("5");
    h
}

#[test]
fn check_in_every_key_result_for_a_new_week() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = demo(dir.path());
    let screen = h.screen();
    assert!(screen.contains("Week 7 of 13") && screen.contains("9 to check in by Thu 2026-11-26"), "{screen}");
    let week = h.workshop().current_week(fixed_clock().today());
    // Value, then a note for the ones that need it; status and confidence take their defaults.
    h.press("j");
    let krs: Vec<(KeyResultKind, f64)> = h
        .workshop()
        .objectives
        .iter()
        .flat_map(|o| &o.key_results)
        .map(|k| (k.kind.clone(), k.last_check_in().map_or(0.0, |c| c.value)))
        .collect();
    for (kind, last) in krs {
        let value = match kind {
            KeyResultKind::Milestone { .. } => "done".to_string(),
            KeyResultKind::Metric { .. } | KeyResultKind::Maintain { .. } => format!("{last}"),
        };
        h.press("c").press(&value).press("<Tab><Tab><Tab>Holding steady<Enter>");
        assert!(!h.screen().contains("check-in —"), "the form closed:\n{}", h.screen());
    }
    assert!(h.screen().contains("0 to check in"), "{}", h.screen());
    let saved = h.saved("platform-team");
    assert!(saved.objectives.iter().flat_map(|o| &o.key_results).all(|k| k.check_in_for(week).is_some()));
}

#[test]
fn at_risk_asks_for_a_note_and_the_status_is_suggested_from_pace() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = demo(dir.path());
    // The first key result: P1 incidents 4 → 0; still 4 in week 7 is well behind pace.
    h.press("jc4<Enter>");
    assert!(h.screen().contains("needs a note"), "a note is needed:\n{}", h.screen());
    // The focus moved to the note.
    h.press("Two incidents from one vendor bug<Enter>");
    let saved = h.saved("platform-team");
    let kr = &saved.objectives[0].key_results[0];
    let this = kr.check_in_for(7).expect("checked in");
    assert_ne!(this.status, Status::OnTrack, "suggested from pace, not green");
    assert_eq!(this.confidence, kr.check_in_for(6).expect("week 6").confidence, "confidence defaults to the last");
}

#[test]
fn earlier_weeks_are_browsable_and_outdated_is_never_green() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = demo(dir.path());
    h.press("[");
    assert!(h.screen().contains("Week 6 of 13") && h.screen().contains("browsing"), "{}", h.screen());
    assert!(h.screen().contains("0 not checked in"), "week 6 was complete:\n{}", h.screen());
    // Replacing an earlier week's check-in needs a reason.
    h.press("jc3<Tab><Tab><Tab>x<Enter>");
    assert!(h.screen().contains("Reason"), "{}", h.screen());
    h.press("Typo in the first entry<Enter>");
    let kr = h.saved("platform-team").objectives[0].key_results[0].clone();
    assert!(kr.check_in_for(6).expect("week 6").note.contains("Typo in the first entry"));
    h.press("t");
    assert!(h.screen().contains("Week 7 of 13"));
    // A week without a check-in once its review day has passed: not checked in, whatever
    // the week before said.
    assert_eq!(kr.standing(8, true), Standing::NotCheckedIn);
}

#[test]
fn adjust_on_record_then_score_and_carry_over() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = demo(dir.path());
    h.press("jA").press("<Tab><Tab><BS>1<Enter>");
    assert!(h.screen().contains("say why"), "a reason is required:\n{}", h.screen());
    h.press("Vendor contract changed<Enter>");
    let kr = h.saved("platform-team").objectives[0].key_results[0].clone();
    assert_eq!(kr.adjustments.last().map(|a| a.reason.as_str()), Some("Vendor contract changed"));
    assert_eq!(kr.description, "Reduce payment-path P1 incidents from 4 per month to 1", "the text says the new target");
    assert!(h.screen().contains("EASED"), "easing a target is labelled:\n{}", h.screen());
    // End of period: scores coloured by the 0.7 rule; an override needs a reason.
    h.press("E");
    assert!(h.screen().contains("score 0."), "{}", h.screen());
    h.press("s0.9<Enter>");
    assert!(h.screen().contains("needs its reason"), "{}", h.screen());
    h.press("Counted the vendor outage as ours<Enter>");
    assert_eq!(h.saved("platform-team").objectives[0].key_results[0].final_score, Some(0.9));
    // Carry the first objective into the next period.
    h.press("C<Tab>");
    h.press(&"<BS>".repeat(10)).press("1<Enter>");
    let store = &h.rt.store;
    let next = store.list().into_iter().find(|l| l.slug != "platform-team").expect("a new workshop");
    let next = store.load(&next.slug).expect("loads");
    assert_eq!(next.objectives.len(), 1);
    assert!(next.objectives[0].key_results.iter().all(|k| k.check_ins.is_empty() && k.carried));
}

#[test]
fn checkin_from_the_command_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let h = Harness::demo(dir.path(), 80, 24);
    let kr = h.workshop().objectives[1].key_results[0].clone();
    drop(h);
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_quarterdeck")).arg("--data-dir").arg(dir.path()).arg("checkin").args(args).output().expect("runs")
    };
    let ok = run(&["Platform team", &kr.id.to_string(), "11", "--confidence", "8"]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(String::from_utf8_lossy(&ok.stdout).contains(&format!("checked in {}", kr.id)));
    let unknown = run(&["Platform team", "no such thing", "3"]);
    assert_eq!(unknown.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("no key result"), "{stderr}");
    let not_a_number = run(&["Platform team", &kr.id.to_string(), "lots"]);
    assert_eq!(not_a_number.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&not_a_number.stderr).contains("a number"));
}

#[test]
fn a_changed_value_suggests_the_status_again_and_a_missing_note_is_asked_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = demo(dir.path());
    // P1 incidents 4 → 0: 2 in week 7 is on pace.
    h.press("jc2<Enter>");
    let kr = h.workshop().objectives[0].key_results[0].id;
    let status = |h: &Harness| h.workshop().key_result(kr).and_then(|k| k.check_in_for(7)).map(|c| (c.value, c.status, c.note_missing));
    assert_eq!(status(&h), Some((2.0, Status::OnTrack, false)));
    // Corrected to 4 (no progress at all): the "on track" the form opened with goes.
    h.press("kc<BS>4");
    let screen = h.screen();
    assert!(screen.contains("empty: off track by pace (0% done, 49% expected 21 Nov)"), "{screen}");
    assert!(!screen.contains("Status:      on track"), "{screen}");
    h.press("<Enter>");
    assert!(h.screen().contains("needs a note; Enter again saves it as \"note missing\""), "{}", h.screen());
    h.press("<Enter>");
    assert_eq!(status(&h), Some((4.0, Status::OffTrack, true)), "re-suggested, not left on track");
    let c = h.workshop().key_result(kr).and_then(|k| k.check_in_for(7)).cloned().expect("week 7");
    assert_eq!(
        c.replaced.iter().map(|r| (r.value, r.status)).collect::<Vec<_>>(),
        vec![(2.0, Status::OnTrack)],
        "the first stays on record"
    );
    h.press("k");
    let screen = h.screen();
    assert!(screen.contains("(1 with the note missing)") && screen.contains("NOTE MISSING"), "{screen}");
    assert!(screen.contains("replaced this week: 2 on track"), "{screen}");
}

#[test]
fn an_implausible_value_is_recorded_only_when_confirmed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = demo(dir.path());
    // Checkout availability 99.5 → 99.95 %: 4 is a typo for 99.4, most likely.
    h.press("jjjc4<Enter>");
    assert!(h.screen().contains("4 is far outside 99.5 → 99.95 % (Enter again saves)"), "{}", h.screen());
    let kr = h.workshop().objectives[0].key_results[2].id;
    assert!(h.workshop().key_result(kr).and_then(|k| k.check_in_for(7)).is_none(), "not recorded yet");
    // Another value is asked about again; the same one, confirmed, is recorded.
    h.press("<BS>5<Enter>");
    assert!(h.screen().contains("5 is far outside"), "{}", h.screen());
    h.press("<Enter>");
    assert!(h.screen().contains("needs a note"), "a regression is off track and needs a note:\n{}", h.screen());
    h.press("The probe's numbers, as reported<Enter>");
    let c = h.workshop().key_result(kr).and_then(|k| k.check_in_for(7)).cloned().expect("recorded");
    assert_eq!((c.value, c.status), (5.0, Status::OffTrack));
}

#[test]
fn a_back_dated_check_in_is_judged_by_the_pace_of_its_own_week() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = quarterdeck::store::Store::open(dir.path().to_path_buf()).expect("store").0;
    let mut w = quarterdeck::demo::demo_workshop(fixed_clock().today());
    // Service-desk tickets 60 → 25 a month: week 3 was never checked in.
    w.objectives[2].key_results[1].check_ins.retain(|c| c.week != 3);
    let kr = w.objectives[2].key_results[1].id;
    store.create(&w).expect("create");
    let mut h = Harness::new(dir.path(), 100, 30);
    h.press("<Enter>5[[[[");
    assert!(h.screen().contains("Week 3 of 13") && h.screen().contains("1 not checked in"), "{}", h.screen());
    h.press(&"j".repeat(10)).press("c55");
    let screen = h.screen();
    // Week 3 ends on Thursday 29 October: 23% of the period is expected by then.
    assert!(screen.contains("empty: on track by pace (14% done, 23% expected 29 Oct)"), "{screen}");
    assert!(!screen.contains("Reason"), "filling in an empty earlier week replaces nothing:\n{screen}");
    h.press("<Enter>");
    let c = h.workshop().key_result(kr).and_then(|k| k.check_in_for(3)).cloned().expect("recorded");
    assert_eq!((c.status, c.date), (Status::OnTrack, jiff::civil::date(2026, 10, 29)), "by today's pace 14% would be off track");
}

#[test]
fn a_period_that_has_not_begun_takes_no_check_ins() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = quarterdeck::store::Store::open(dir.path().to_path_buf()).expect("store").0;
    let mut w =
        quarterdeck::model::Workshop::new("Next", "", quarterdeck::model::Period::parse("2027-Q1").expect("q"), fixed_clock().now());
    let o = w.add_objective(&quarterdeck::model::ObjectiveDraft { title: "Calm on-call".into(), ..Default::default() }).expect("o");
    let draft = quarterdeck::model::KeyResultDraft {
        description: "Pages from 30 to 5 a week".into(),
        kind: KeyResultKind::metric(30.0, 5.0, "pages/week"),
        ..Default::default()
    };
    w.add_key_result(o, &draft).expect("kr");
    store.create(&w).expect("create");
    let mut h = Harness::new(dir.path(), 100, 30);
    h.press("<Enter>5jc");
    assert!(h.screen().contains("not now: week 1 starts on 2027-01-01, after today (2026-11-21)"), "{}", h.screen());
    assert!(!h.screen().contains("check-in —"), "no form:\n{}", h.screen());
}
