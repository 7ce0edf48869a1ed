//! Step 5's meeting on the demo, through the real update loop: last week's commitments,
//! the check-ins (off track first), the private confidence round, this week's commitments,
//! the monthly review, a two-weekly cadence's off week, the picture of a key result, the
//! initiatives in the review, and the week's digest; then what the saved file holds.

use quarterdeck::model::review::Standing;
use quarterdeck::model::{CommitmentId, InitiativeStatus, KeyResultId, Verdict};
use quarterdeck::testing::{Harness, fixed_clock};

/// The demo on its review (week 7, nobody checked in yet).
fn demo(dir: &std::path::Path, w: u16, h: u16) -> Harness {
    let mut h = Harness::demo(dir, w, h);
    h.rt.app.data_dir = "~/.local/share/quarterdeck".into();
    h.press("5");
    h
}

const SLUG: &str = "platform-team";

#[test]
fn week_6s_commitments_appear_in_week_7s_review_and_are_marked() {
    let dir = tempfile::tempdir().expect("temp");
    let mut h = demo(dir.path(), 100, 30);
    h.press("m");
    let screen = h.screen();
    assert!(screen.contains("Meeting · week 7") && screen.contains("Week 6's commitments"), "{screen}");
    for text in ["quarantine bot's CI token", "failover runbook for payments-api", "spot runners for the nightly CI jobs"] {
        assert!(screen.contains(text), "{text} is on the agenda:\n{screen}");
    }
    assert!(!screen.contains("circuit breaker in front of refunds"), "week 5's are not:\n{screen}");
    // Done, not done, not done and carried on.
    h.press("ync");
    let saved = h.saved(SLUG);
    let done = |id: u64| saved.commitment(CommitmentId(id)).and_then(|c| c.done);
    assert_eq!((done(90), done(91), done(92)), (Some(true), Some(false), Some(false)));
    let again: Vec<_> = saved.commitments_of(7).collect();
    assert_eq!(again.len(), 1, "the carried one goes on this week");
    assert_eq!((again[0].carried_from, again[0].text.as_str()), (Some(CommitmentId(92)), "Turn on spot runners for the nightly CI jobs"));
    // This week's part shows it, and a new one with an owner and the key result it serves.
    h.press("...");
    assert!(h.screen().contains("This week's commitments"), "{}", h.screen());
    h.press("aQuarantine the Jest suites<Tab>tomasz<Tab>KR82<Enter>");
    let saved = h.saved(SLUG);
    let new = saved.commitments_of(7).find(|c| c.carried_from.is_none()).expect("a new commitment");
    assert_eq!(new.key_result, Some(KeyResultId(82)));
    assert_eq!(saved.author_name(new.owners.first().copied()), "Tomasz Kowalski");
    // The meeting ends after its last part, and says how to write the digest.
    h.press(".");
    assert!(h.screen().contains("meeting done"), "{}", h.screen());
}

#[test]
fn check_ins_come_off_track_and_at_risk_first_and_move_on_by_themselves() {
    let dir = tempfile::tempdir().expect("temp");
    let mut h = demo(dir.path(), 100, 30);
    h.press("m.");
    let screen = h.screen();
    let at = |text: &str| screen.find(text).unwrap_or_else(|| panic!("{text} in:\n{screen}"));
    assert!(at("KR82 Cut flaky-test") < at("KR78 Cut mean time") && at("KR78 Cut mean time") < at("KR77 Reduce"), "{screen}");
    assert!(screen.contains("Initiatives: ◐ Flaky-test quarantine bot (in progress)"), "{screen}");
    h.press("<Enter>100<Enter><Enter>");
    h.press("<Enter>70<Tab><Tab><Tab>Failover drill went well<Enter>");
    let saved = h.saved(SLUG);
    assert_eq!(saved.key_result(KeyResultId(82)).and_then(|k| k.check_in_for(7)).map(|c| c.value), Some(100.0));
    assert_eq!(saved.key_result(KeyResultId(78)).and_then(|k| k.check_in_for(7)).map(|c| c.value), Some(70.0));
}

#[test]
fn confidences_stay_hidden_until_revealed_and_the_spread_is_shown() {
    let dir = tempfile::tempdir().expect("temp");
    let mut h = demo(dir.path(), 100, 30);
    h.press("m..");
    assert!(h.screen().contains("Amara Okafor's turn, the others look away"), "{}", h.screen());
    let screen = h.screen();
    let row = screen.lines().find(|l| l.contains("KR82")).expect("the row");
    assert!(row.contains("w6 1–5"), "last week's spread, stored with week 6, shows in week 7: {row}");
    // Amara: 9 on the first key result (flaky tests), then keeps her week 6 votes.
    h.press("9<Enter>");
    let screen = h.screen();
    assert!(screen.contains("José Hernández's turn"), "{screen}");
    let row = screen.lines().find(|l| l.contains("KR82")).expect("the row");
    assert!(row.trim_end().ends_with('●') && !row.contains('9') && !row.contains("votes"), "one tick, no number: {row}");
    let saved = h.saved(SLUG);
    assert!(!saved.meeting(7).expect("the round is kept").revealed);
    assert_eq!(saved.team_confidence(7, KeyResultId(82)), None, "nothing counts before the reveal");
    // Everyone else keeps theirs; the reveal shows every vote, the spread and the flag.
    h.press("<Enter><Enter><Enter><Enter>");
    assert!(!h.screen().contains("spread"), "{}", h.screen());
    h.press("r");
    let screen = h.screen();
    let row = screen.lines().find(|l| l.contains("KR82")).expect("the row");
    assert!(row.contains("votes 2 3 4 5 9") && row.contains("spread 2–9") && row.contains("team  4") && row.contains('⚑'), "{row}");
    assert!(screen.contains("1 with a big spread"), "{screen}");
    let saved = h.saved(SLUG);
    assert_eq!(saved.team_confidence(7, KeyResultId(82)), Some(4), "the median");
    // After talking it through, a digit sets the team's value.
    h.press("6");
    assert_eq!(h.saved(SLUG).team_confidence(7, KeyResultId(82)), Some(6));
    // Week 8's review shows week 7's commitments; the confidence is in the digest.
    let digest = quarterdeck::export::digest(&h.saved(SLUG), 7, fixed_clock().today());
    assert!(digest.contains("Key results") && !digest.contains("votes 2–9"), "no check-in yet, so no confidence line:\n{digest}");
}

#[test]
fn a_two_weekly_workshop_shows_nothing_outdated_in_its_off_week() {
    let dir = tempfile::tempdir().expect("temp");
    let mut h = demo(dir.path(), 100, 30);
    // Settings: meets every two weeks from week 2, so week 7 is an off week.
    h.press(",");
    h.press(&"<Tab>".repeat(14)).press(&"<BS>".repeat(30)).press("every 2 weeks from week 2<Enter>");
    let saved = h.saved(SLUG);
    assert!(!saved.is_meeting_week(7) && saved.is_meeting_week(6) && saved.is_meeting_week(8));
    let today = fixed_clock().today();
    // Even once week 7's review day has passed, nothing is outdated or "to check in".
    let later = saved.review_date(7).checked_add(jiff::Span::new().days(1)).expect("a day later");
    for kr in saved.objectives.iter().flat_map(|o| &o.key_results) {
        for day in [today, later] {
            let standing = saved.standing(kr, 7, day);
            assert!(matches!(standing, Standing::OffWeek { .. }), "{}: {standing:?}", kr.description);
        }
    }
    let screen = h.screen();
    assert!(screen.contains("0 to check in") && !screen.contains("not checked in"), "{screen}");
    assert!(!saved.due(today, &[]).anything(), "status asks for nothing in the off week");
    // The weekly setting brings week 7 back.
    h.press(",").press(&"<Tab>".repeat(14)).press(&"<BS>".repeat(30)).press("weekly<Enter>");
    assert!(h.screen().contains("9 to check in"), "{}", h.screen());
}

#[test]
fn the_monthly_review_keeps_adjusts_or_drops_with_a_reason() {
    let dir = tempfile::tempdir().expect("temp");
    let mut h = demo(dir.path(), 100, 30);
    h.press("M");
    let screen = h.screen();
    assert!(screen.contains("The month:") && screen.contains("3→2→2"), "the month's values:\n{screen}");
    h.press("y");
    // Drop the second one (MTTR): a reason is needed.
    h.press("x<Enter>");
    assert!(h.screen().contains("needs its reason"), "{}", h.screen());
    h.press("Folded into the availability key result<Enter>");
    let saved = h.saved(SLUG);
    let m = saved.meeting(7).expect("decisions");
    assert_eq!(m.decisions.get(&KeyResultId(82)).map(|d| d.verdict), Some(Verdict::Keep));
    assert_eq!(m.decisions.get(&KeyResultId(78)).map(|d| d.verdict), Some(Verdict::Drop));
    assert!(saved.is_dropped(KeyResultId(78), 7));
    assert_eq!(saved.tally(7, fixed_clock().today()).dropped, 1, "no longer counted");
}

#[test]
fn initiatives_show_under_their_key_results_and_change_status_in_place() {
    let dir = tempfile::tempdir().expect("temp");
    let mut h = demo(dir.path(), 100, 30);
    h.press("i");
    let screen = h.screen();
    assert!(screen.contains("● done        Idempotency keys on every payment API write"), "{screen}");
    // Objective, key result, then its first initiative.
    h.press("jj<Space>");
    let i = h.saved(SLUG).initiative(quarterdeck::model::InitiativeId(46)).cloned().expect("initiative");
    assert_eq!((i.status, i.status_changed), (InitiativeStatus::Dropped, Some(fixed_clock().today())));
    assert!(h.screen().contains("✕ dropped"), "{}", h.screen());
    h.press("u");
    assert_eq!(h.saved(SLUG).initiative(quarterdeck::model::InitiativeId(46)).map(|i| i.status), Some(InitiativeStatus::Done));
}

#[test]
fn the_digest_key_writes_week_7_only() {
    let dir = tempfile::tempdir().expect("temp");
    let mut h = demo(dir.path(), 100, 30);
    h.press("jc3<Tab><Tab><Tab>One incident this week<Enter>");
    let file = dir.path().join("digest.md");
    h.press("D").press(&"<BS>".repeat(60)).press(&file.display().to_string()).press("<Enter>");
    let text = std::fs::read_to_string(&file).expect("the digest is written");
    assert!(text.starts_with("**Platform team · week 7 of 13**"), "{text}");
    assert!(text.contains("One incident this week"), "{text}");
    assert!(!text.contains("shadow mode") && !text.contains("week 5"), "nothing of other weeks:\n{text}");
}

#[test]
fn the_picture_of_a_key_result_shows_its_values_and_the_pace_line() {
    for (w, ht) in [(80, 24), (100, 30)] {
        let dir = tempfile::tempdir().expect("temp");
        let mut h = demo(dir.path(), w, ht);
        h.press("jjv");
        let screen = h.screen();
        assert!(
            screen.contains("KR78 Cut mean time to recovery") && screen.contains("expected pace") && screen.contains("value"),
            "{screen}"
        );
        assert!(screen.contains("w6 5 (3–6)"), "confidence per week, with the spread:\n{screen}");
        assert!(screen.chars().any(|c| ('\u{2801}'..='\u{28ff}').contains(&c)), "the lines are drawn:\n{screen}");
        insta::assert_snapshot!(format!("detail_{w}x{ht}"), h.snapshot());
        h.press("<Esc>");
        assert!(h.screen().contains("Week 7 of 13"), "back to the agenda");
        h.rt.app.present = true;
        h.press("jv");
        insta::assert_snapshot!(format!("detail_present_{w}x{ht}"), h.snapshot());
    }
}

#[test]
fn each_part_of_the_meeting_at_80x24_and_100x30() {
    for (w, ht) in [(80, 24), (100, 30)] {
        let dir = tempfile::tempdir().expect("temp");
        let mut h = demo(dir.path(), w, ht);
        h.press("m");
        insta::assert_snapshot!(format!("meeting_last_week_{w}x{ht}"), h.snapshot());
        h.press("yn.");
        insta::assert_snapshot!(format!("meeting_check_ins_{w}x{ht}"), h.snapshot());
        h.press(".7");
        insta::assert_snapshot!(format!("meeting_confidence_hidden_{w}x{ht}"), h.snapshot());
        h.press("<Enter><Enter><Enter><Enter><Enter>r");
        insta::assert_snapshot!(format!("meeting_confidence_revealed_{w}x{ht}"), h.snapshot());
        h.press(".");
        insta::assert_snapshot!(format!("meeting_this_week_{w}x{ht}"), h.snapshot());
        h.press("a");
        insta::assert_snapshot!(format!("meeting_commitment_form_{w}x{ht}"), h.snapshot());
        h.press("<Esc>M");
        insta::assert_snapshot!(format!("meeting_monthly_{w}x{ht}"), h.snapshot());
    }
}
