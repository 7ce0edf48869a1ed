//! A timer the whole room can read: each step's timebox from the workshop settings (an
//! agenda that runs itself), readable at 80 columns, a clear "time's up" with the bell
//! (unless turned off), and the overtime counted. The clock is moved by hand; no sleeps.

use std::collections::VecDeque;

use quarterdeck::app::run::Incoming;
use quarterdeck::model::{Clock, Period, Step, Workshop};
use quarterdeck::store::Store;
use quarterdeck::testing::{Harness, fixed_clock};

fn room(dir: &std::path::Path, width: u16, height: u16) -> Harness {
    let store = Store::open(dir.to_path_buf()).expect("store").0;
    let mut w = Workshop::new("Platform", "Infra", Period::parse("2027-Q1").expect("period"), fixed_clock().now());
    w.set_participants(&["Ada".into(), "Grace".into()]);
    store.create(&w).expect("create");
    let mut h = Harness::new(dir, width, height);
    h.press("<Enter>1");
    h
}

/// Moves the clock `secs` past the fixed start and lets the loop tick.
fn at(h: &mut Harness, secs: i64) {
    let start = fixed_clock().now();
    h.rt.app.clock = Clock::Fixed(start.checked_add(jiff::SignedDuration::from_secs(secs)).expect("valid"));
    h.run(VecDeque::from([Incoming::Timeout]));
}

#[test]
fn the_agenda_runs_itself_and_says_when_time_is_up() {
    for (width, height) in [(80, 24), (100, 30)] {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut h = room(dir.path(), width, height);
        // Settings: Tab ten times to the timeboxes.
        h.press(&format!(",{}2: 15, 3: 20<Enter>", "<Tab>".repeat(11)));
        let saved = h.saved("platform");
        assert_eq!(saved.settings.timeboxes.iter().collect::<Vec<_>>(), [(Step::Brainstorm, 15), (Step::Prioritise, 20)]);
        h.press("2t");
        assert!(h.screen().lines().nth(1).is_some_and(|l| l.contains("⏱ 15:00")), "readable on the title row at {width}:\n{}", h.screen());
        at(&mut h, 300);
        assert!(h.screen().contains("⏱ 10:00"), "{}", h.screen());
        // The next step's box starts by itself.
        h.press("3");
        assert!(h.screen().contains("Prioritise: the 20-minute timebox started"), "{}", h.screen());
        assert!(h.screen().contains("⏱ 20:00"), "{}", h.screen());
        at(&mut h, 300 + 20 * 60);
        let screen = h.screen();
        assert!(screen.contains("TIME'S UP 00:00"), "a banner:\n{screen}");
        assert!(screen.contains("time's up: the 20-minute timebox is over"), "the status line says it too:\n{screen}");
        assert!(!screen.contains("running"), "no stale 'running':\n{screen}");
        assert_eq!(h.rt.bells, 1, "the bell rang");
        at(&mut h, 300 + 20 * 60 + 65);
        assert!(h.screen().contains("TIME'S UP +01:05"), "overtime counted:\n{}", h.screen());
        assert_eq!(h.rt.bells, 1, "once");
    }
}

#[test]
fn the_bell_can_be_turned_off_and_the_banner_still_shows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = room(dir.path(), 80, 24);
    h.press(&format!(",{}<BS><BS>off<Enter>", "<Tab>".repeat(12)));
    assert!(h.saved("platform").settings.mute_bell);
    h.press("2--------t");
    assert!(h.screen().contains("⏱ 02:00"), "{}", h.screen());
    at(&mut h, 120);
    assert_eq!(h.rt.bells, 0, "no bell");
    assert!(h.screen().contains("TIME'S UP"), "{}", h.screen());
    insta::assert_snapshot!("times_up_80x24", h.snapshot());
    h.press("p");
    assert!(h.screen().contains("TIME'S UP"), "present mode says it too:\n{}", h.screen());
}

#[test]
fn times_up_in_present_mode_at_100x30() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = room(dir.path(), 100, 30);
    h.press("2---------tp");
    at(&mut h, 90);
    let screen = h.screen();
    assert!(screen.contains("TIME'S UP: 00:30 over the timebox"), "{screen}");
    insta::assert_snapshot!("times_up_present_100x30", h.snapshot());
    h.press("p");
    insta::assert_snapshot!("times_up_100x30", h.snapshot());
}
