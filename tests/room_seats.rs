//! A participant's seat in a room, through the real update loop (no SSH: the room events the
//! SSH side would send): each stage at 80x24 and 100x30 as insta snapshots, their changes
//! attributed to them, their undo taking back only their own, the facilitator's progress
//! line, and a seat that leaves. The SSH side itself is `tests/room_ssh.rs`.

use quarterdeck::model::Step;
use quarterdeck::screen::prioritise::View;
use quarterdeck::testing::Harness;

const SIZES: [(u16, u16); 2] = [(80, 24), (100, 30)];
const CTRL_Z: &str = "\x1a";

/// The demo open and hosted, with a fixed data-folder name for stable snapshots.
fn hosted(dir: &std::path::Path) -> Harness {
    let mut h = Harness::demo(dir, 100, 30);
    h.rt.app.data_dir = "~/.local/share/quarterdeck".into();
    h.open_room();
    h
}

fn snap(name: &str, h: &Harness, session: u64) {
    for (w, ht) in SIZES {
        insta::assert_snapshot!(format!("seat_{name}_{w}x{ht}"), h.seat_snapshot(session, w, ht));
    }
}

fn author_of(h: &Harness, title: &str) -> String {
    let w = h.workshop();
    let i = w.initiatives.iter().find(|i| i.title == title).unwrap_or_else(|| panic!("{title} captured"));
    w.author_name(i.author).to_string()
}

#[test]
fn step_2_private_capture_with_the_prompt_card() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = hosted(dir.path());
    h.press("2sn");
    let _ana = h.join(1, "Ana", (80, 24));
    let _ben = h.join(2, "ben", (100, 30));
    h.seat_types(1, "Self-serve preview environments\r");
    h.seat_types(2, "Quarantine flaky tests\r");
    h.seat_types(1, "Runbooks for the top 5 ala");
    assert_eq!(author_of(&h, "Self-serve preview environments"), "Ana", "the demo's Ana, matched by name");
    assert_eq!(author_of(&h, "Quarantine flaky tests"), "ben", "a new participant, added");
    let seat = h.seat_snapshot(1, 80, 24);
    assert!(seat.contains("Self-serve preview environments") && !seat.contains("Quarantine flaky tests"), "{seat}");
    assert!(h.screen().contains("2 of 2 have written"), "{}", h.screen());
    snap("capture", &h, 1);
}

#[test]
fn undo_on_a_seat_takes_back_only_that_participants_change() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = hosted(dir.path());
    h.press("2");
    let _ana = h.join(1, "Ana", (80, 24));
    let _ben = h.join(2, "Ben", (80, 24));
    h.seat_types(1, "Ana's idea\r");
    h.seat_types(2, "Ben's idea\r");
    h.press("aThe facilitator's idea<Enter><Esc>");
    h.seat_types(1, CTRL_Z);
    let titles: Vec<String> = h.workshop().initiatives.iter().map(|i| i.title.clone()).collect();
    assert!(!titles.iter().any(|t| t == "Ana's idea"), "Ana's own idea is taken back");
    assert!(titles.iter().any(|t| t == "Ben's idea") && titles.iter().any(|t| t == "The facilitator's idea"), "{titles:?}");
    h.seat_types(1, CTRL_Z);
    assert!(h.seat_snapshot(1, 80, 24).contains("nothing of yours to undo"));
    // The facilitator's undo is theirs alone too.
    h.press("u");
    let titles: Vec<String> = h.workshop().initiatives.iter().map(|i| i.title.clone()).collect();
    assert!(!titles.iter().any(|t| t == "The facilitator's idea") && titles.iter().any(|t| t == "Ben's idea"), "{titles:?}");
}

#[test]
fn step_3_secret_dots_on_a_seat() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = hosted(dir.path());
    h.rt.app.prioritise_mut().view = View::Vote;
    h.press("3s");
    assert!(h.workshop().secret_round_open());
    let _ana = h.join(1, "Ana", (80, 24));
    let _ben = h.join(2, "Ben", (80, 24));
    h.seat_types(1, "++\x1b[B+");
    h.seat_types(2, "\x1b[B\x1b[B+\r");
    let w = h.workshop();
    let ana = w.participants.iter().find(|p| p.name == "Ana").expect("Ana").id;
    assert_eq!(w.secret_dots(ana), 3);
    assert!(h.screen().contains("2 of 2 have voted"), "{}", h.screen());
    let ben_sees = h.seat_snapshot(2, 80, 24);
    assert!(ben_sees.contains("2 left of 3 · marked done"), "{ben_sees}");
    assert!(!ben_sees.contains("●●"), "Ben sees none of Ana's dots\n{ben_sees}");
    h.seat_types(1, "+");
    assert!(h.seat_snapshot(1, 80, 24).contains("no dots left"));
    snap("vote", &h, 1);
}

#[test]
fn step_5_private_confidence_round_on_a_seat() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = hosted(dir.path());
    h.press("5m>>");
    let _ana = h.join(1, "Ana", (80, 24));
    h.seat_types(1, "7\x1b[B4");
    let week = match h.rt.app.room_stage() {
        quarterdeck::screen::seat::Stage::Confidence { week } => week,
        other => panic!("the confidence round: {other:?}"),
    };
    let w = h.workshop();
    let ana = w.participants.iter().find(|p| p.name == "Ana").expect("Ana").id;
    let votes: Vec<u8> = w.meeting(week).map(|m| m.confidence.values().filter_map(|v| v.get(&ana).copied()).collect()).unwrap_or_default();
    assert_eq!(votes.len(), 2, "two votes, attributed to Ana: {votes:?}");
    assert!(h.screen().contains("1 of 1 gave their confidence"), "{}", h.screen());
    snap("confidence", &h, 1);
}

#[test]
fn other_steps_show_the_shared_screen_at_the_seats_size() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = hosted(dir.path());
    h.press("4");
    assert_eq!(h.step(), Some(Step::Objectives));
    let _ana = h.join(1, "Ana", (80, 24));
    let seat = h.seat_snapshot(1, 80, 24);
    assert!(seat.contains("Step 4 · Objectives"));
    // The keys line is the seat's own: the facilitator's keys do nothing here.
    assert!(seat.contains("Ctrl-c quit") && !seat.contains("? help"), "{seat}");
    snap("watch", &h, 1);
}

#[test]
fn a_seat_that_leaves_is_closed_and_keeps_what_it_submitted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = hosted(dir.path());
    h.press("2");
    let mut ana = h.join(1, "Ana", (80, 24));
    h.seat_types(1, "Kept idea\r\x03");
    let mut said = Vec::new();
    let mut closed = false;
    while let Ok(out) = ana.try_recv() {
        match out {
            quarterdeck::app::room::Output::Bytes(b) => said.extend(b),
            quarterdeck::app::room::Output::Close => closed = true,
        }
    }
    assert!(closed, "the session is ended");
    assert!(String::from_utf8_lossy(&said).contains("you left the room"));
    assert!(h.rt.app.room.as_ref().is_some_and(|r| r.seats.is_empty()));
    assert!(h.workshop().initiatives.iter().any(|i| i.title == "Kept idea"));
}

#[test]
fn closing_the_workshop_ends_every_seat_and_home_is_never_shown_to_the_room() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = hosted(dir.path());
    let mut ana = h.join(1, "Ana", (80, 24));
    h.press("<C-w>");
    assert!(h.rt.app.room.as_ref().is_some_and(|r| r.seats.is_empty()), "the seats ended with the workshop");
    let mut said = Vec::new();
    while let Ok(quarterdeck::app::room::Output::Bytes(b)) = ana.try_recv() {
        said.extend(b);
    }
    assert!(String::from_utf8_lossy(&said).contains("the facilitator closed the workshop"));
    // Nobody joins a room with no workshop open (home lists the other workshops).
    let mut ben = h.join(2, "Ben", (80, 24));
    assert!(h.rt.app.room.as_ref().is_some_and(|r| r.seats.is_empty()));
    let mut said = Vec::new();
    while let Ok(quarterdeck::app::room::Output::Bytes(b)) = ben.try_recv() {
        said.extend(b);
    }
    let said = String::from_utf8_lossy(&said);
    assert!(said.contains("no workshop is open") && !said.contains("Platform team"), "{said}");
}

#[test]
fn a_seat_is_drawn_again_at_its_new_size_when_its_terminal_is_resized() {
    use quarterdeck::app::room::{Output, RoomEvent};
    use quarterdeck::app::run::Incoming;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = hosted(dir.path());
    h.press("2");
    let mut ana = h.join(1, "Ana", (80, 24));
    while ana.try_recv().is_ok() {}
    h.run(std::collections::VecDeque::from([Incoming::Room(RoomEvent::Resized { session: 1, cols: 200, rows: 60 })]));
    let mut parser = vt100::Parser::new(60, 200, 0);
    while let Ok(Output::Bytes(b)) = ana.try_recv() {
        parser.process(&b);
    }
    let screen = parser.screen().contents();
    assert!(screen.contains("you are Ana") && screen.contains("new idea"), "drawn at 200x60 at once:\n{screen}");
    // A hostile size is held to what a seat draws.
    h.run(std::collections::VecDeque::from([Incoming::Room(RoomEvent::Resized { session: 1, cols: u16::MAX, rows: u16::MAX })]));
    assert!(h.rt.app.room.as_ref().is_some_and(|r| r.seats.contains_key(&1)));
}

/// The first idea on the shared board, as seats list them.
fn first_idea(h: &Harness) -> quarterdeck::model::Initiative {
    h.workshop().initiatives.iter().find(|i| !i.hidden).cloned().expect("the demo has ideas")
}

#[test]
fn step_3_private_scores_on_seats_are_averaged_with_their_spread_at_the_reveal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = hosted(dir.path());
    h.press("3");
    let before = first_idea(&h);
    let _ana = h.join(1, "Ana", (80, 24));
    let _ben = h.join(2, "Ben", (100, 30));
    assert!(!h.seat_snapshot(1, 80, 24).contains("Step 3 · Score"), "no private scoring until the facilitator asks");
    h.press("s");
    assert!(h.workshop().score_round_open());
    assert!(h.seat_snapshot(1, 80, 24).contains("Step 3 · Score"), "{}", h.seat_snapshot(1, 80, 24));
    // Ana: impact 2, cost 1 on the first idea (then the cursor moves on); Ben: 5 and 2.
    h.seat_types(1, "21");
    h.seat_types(2, "52\r");
    assert!(h.seat_snapshot(1, 80, 24).contains("You have scored 1 of"), "{}", h.seat_snapshot(1, 80, 24));
    assert!(h.seat_snapshot(2, 80, 24).contains("· marked done"), "{}", h.seat_snapshot(2, 80, 24));
    let screen = h.screen();
    assert!(screen.contains("2 of 2 have scored") && screen.contains("Private scoring: 2 people have scored"), "{screen}");
    // Nobody's values show before the reveal: the idea keeps its scores, the screen no team column.
    let now = first_idea(&h);
    assert_eq!((now.impact, now.cost), (before.impact, before.cost));
    assert!(!screen.contains("Team: impact"), "{screen}");
    // Ana's undo takes back only her own cost.
    h.seat_types(1, CTRL_Z);
    let ana = h.workshop().participants.iter().find(|p| p.name == "Ana").expect("Ana").id;
    let ana_card = h.workshop().score_card(ana).and_then(|c| c.scores.get(&before.id)).cloned().expect("Ana's scores");
    assert_eq!((ana_card.impact, ana_card.cost), (Some(2), None));
    h.seat_types(1, "\x1b[A\x1b[C1");
    snap("score", &h, 1);
    for (w, ht) in [(1, 1), (20, 5), (200, 60)] {
        let seat = h.seat_snapshot(1, w, ht);
        assert!(seat.contains("Step 3 · Score") || seat.contains("too") || w < 10, "{w}x{ht}:\n{seat}");
    }

    h.press("s");
    let now = first_idea(&h);
    assert_eq!((now.impact, now.cost), (Some(4), Some(2)), "the averages 3.5 and 1.5, rounded");
    let screen = h.screen();
    assert!(screen.contains("Team: impact · cost") && screen.contains("3.5 (2–5)") && screen.contains("1.5 (1–2)"), "{screen}");
    assert!(screen.contains("revealed 4 scores from 2 people"), "{screen}");
    for (w, ht) in SIZES {
        h.resize(w, ht);
        insta::assert_snapshot!(format!("prioritise_team_scores_{w}x{ht}"), h.snapshot());
    }
    // The team column at any size: drawn or "too small", never a panic.
    for (w, ht) in [(1, 1), (20, 5), (60, 15), (200, 60)] {
        h.resize(w, ht);
        let screen = h.screen();
        assert!(screen.contains("Team: impact") || screen.contains("too small") || w < 10, "{w}x{ht}:\n{screen}");
    }
    // The seats are back to the votes once the scores are revealed.
    assert!(h.seat_snapshot(1, 80, 24).contains("Step 3 · Vote"));
    // The facilitator's undo takes the reveal back.
    h.press("u");
    assert!(h.workshop().score_round_open());
}

#[test]
fn a_seat_cannot_score_before_the_facilitator_asks_or_after_the_reveal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = hosted(dir.path());
    h.press("3s");
    let _ana = h.join(1, "Ana", (80, 24));
    h.press("s");
    // A revealed round puts the seat back on the votes, where digits are no score.
    h.seat_types(1, "4");
    let ana = h.workshop().participants.iter().find(|p| p.name == "Ana").expect("Ana").id;
    assert!(h.workshop().score_card(ana).is_none());
    // On the vote view, the room votes even while a scoring round is open.
    h.press("s");
    h.rt.app.prioritise_mut().view = View::Vote;
    assert_eq!(h.rt.app.room_stage(), quarterdeck::screen::seat::Stage::Vote);
}
