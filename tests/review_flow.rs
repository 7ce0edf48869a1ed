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
    assert!(h.screen().contains("Week 7 of 13") && h.screen().contains("9 not checked in this week"), "{}", h.screen());
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
    assert!(h.screen().contains("0 not checked in this week"), "{}", h.screen());
    let saved = h.saved("platform-team");
    assert!(saved.objectives.iter().flat_map(|o| &o.key_results).all(|k| k.check_in_for(week).is_some()));
}

#[test]
fn at_risk_asks_for_a_note_and_the_status_is_suggested_from_pace() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = demo(dir.path());
    // The first key result: P1 incidents 4 → 0; still 4 in week 7 is well behind pace.
    h.press("jc4<Enter>");
    assert!(h.screen().contains("what changes this week"), "a note is needed:\n{}", h.screen());
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
    assert!(h.screen().contains("0 not checked in this week"), "week 6 was complete:\n{}", h.screen());
    // Editing an earlier week needs a reason.
    h.press("jc3<Tab><Tab><Tab>x<Enter>");
    assert!(h.screen().contains("Reason"), "{}", h.screen());
    h.press("Typo in the first entry<Enter>");
    let kr = h.saved("platform-team").objectives[0].key_results[0].clone();
    assert!(kr.check_in_for(6).expect("week 6").note.contains("Typo in the first entry"));
    h.press("t");
    assert!(h.screen().contains("Week 7 of 13"));
    // Two weeks without a check-in: outdated, whatever it said.
    assert!(matches!(kr.standing(8), Standing::Outdated { .. }));
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
    let not_a_number = run(&["Platform team", &kr.id.to_string(), "eleven"]);
    assert_eq!(not_a_number.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&not_a_number.stderr).contains("a number"));
}
