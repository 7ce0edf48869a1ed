//! Ready for a room (issue 19): what the room reads is never cut, counts read right, and
//! present mode shows no key hints. At 80x24 and 100x30, on the demo, which holds the
//! workshop's longest texts.

use quarterdeck::keymap::{Context, Keymap};
use quarterdeck::testing::Harness;
use quarterdeck::ui::Message;

const SIZES: [(u16, u16); 2] = [(80, 24), (100, 30)];

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || "│├↳┌┐└┘─█║◀\"".contains(c)).filter(|w| !w.is_empty()).map(String::from).collect()
}

/// Whether `needle`'s words appear, in order, among `hay`'s (other words may come between:
/// the figures beside a key result).
fn in_order(hay: &[String], needle: &str) -> bool {
    let mut at = hay.iter();
    words(needle).iter().all(|w| at.any(|h| h == w))
}

/// The rows drawn in the selection's style, as text.
fn selected_rows(h: &Harness) -> Vec<String> {
    h.snapshot().lines().filter(|l| l.ends_with('◀')).map(String::from).collect()
}

/// Walks every row of the step on screen and checks that each selected key result and
/// objective reads whole in its own rows (wrapped, never cut).
fn every_row_reads_whole(h: &mut Harness, step: &str) {
    h.press(&format!("{step}g"));
    let w = h.workshop().clone();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..60 {
        let rows = words(&selected_rows(h).join(" "));
        for o in &w.objectives {
            if in_order(&rows, &o.title) {
                seen.insert(o.title.clone());
            }
            for kr in &o.key_results {
                if in_order(&rows, &kr.description) {
                    seen.insert(kr.description.clone());
                }
            }
        }
        h.press("j");
    }
    for o in &w.objectives {
        assert!(seen.contains(&o.title), "step {step}: {:?} is never read whole:\n{}", o.title, h.screen());
        for kr in &o.key_results {
            assert!(seen.contains(&kr.description), "step {step}: {:?} is never read whole:\n{}", kr.description, h.screen());
        }
    }
}

#[test]
fn key_results_and_objectives_are_never_cut_in_the_review_and_the_funnel() {
    for (width, height) in SIZES {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut h = Harness::demo(dir.path(), width, height);
        every_row_reads_whole(&mut h, "5");
        every_row_reads_whole(&mut h, "4");
        // No "…" inside a key result on either screen.
        for step in ["4g", "5g"] {
            h.press(step);
            let w = h.workshop().clone();
            for kr in w.objectives.iter().flat_map(|o| &o.key_results) {
                let start: String = kr.description.chars().take(12).collect();
                for line in h.screen().lines().filter(|l| l.contains(&start)) {
                    assert!(!line.contains('…'), "cut at {width}x{height}: {line}");
                }
            }
        }
    }
}

#[test]
fn a_verdict_on_the_scores_is_never_cut_inside_a_number() {
    for (width, height) in SIZES {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut h = Harness::demo(dir.path(), width, height);
        let doc = h.rt.app.doc.as_mut().expect("open");
        doc.change("low scores", |w| {
            for kr in w.objectives.iter_mut().flat_map(|o| o.key_results.iter_mut()) {
                kr.final_score = Some(0.2);
            }
        });
        h.press("5E");
        let screen = h.screen();
        let text = words(&screen).join(" ");
        assert!(text.contains("Most key results scored below 0.4: the targets may have been unrealistic."), "{screen}");
        insta::assert_snapshot!(format!("review_verdict_{width}x{height}"), h.snapshot());
    }
}

#[test]
fn a_long_message_wraps_in_the_status_bar_instead_of_being_cut() {
    for (width, height) in SIZES {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut h = Harness::demo(dir.path(), width, height);
        let text = "needs a note: what changes this week, and what would bring it back on track? Say it in a sentence the room can act on";
        h.rt.app.message = Some(Message::error(text));
        h.draw();
        let screen = h.screen();
        assert!(in_order(&words(&screen), text), "whole at {width}x{height}:\n{screen}");
        assert!(screen.contains("saved 10:00"), "the save state keeps its place:\n{screen}");
    }
}

#[test]
fn a_message_squeezed_by_the_demo_banner_starts_below_it_rather_than_in_a_sliver() {
    for (width, height) in SIZES {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut h = Harness::demo(dir.path(), width, height);
        h.rt.app.banner = Some("DEMO: changes vanish on quit (demo --keep keeps a copy)".into());
        h.rt.app.message = Some(Message::error("no votes left (budget 3)"));
        h.draw();
        let screen = h.screen();
        // Whole on one row: beside the banner where it fits (100 columns), else below it.
        assert!(screen.lines().any(|l| l.contains("no votes left (budget 3)")), "whole at {width}x{height}:\n{screen}");
        assert!(screen.contains("DEMO: changes vanish") && screen.contains("saved 10:00"), "{screen}");
    }
}

/// `1 objectives`, `1 votes`, `1 findings`, `1 warnings`, `1 minutes`…: never.
#[test]
fn counts_read_right_on_every_step() {
    let plural_after_one = ["objectives", "votes", "findings", "warnings", "minutes", "initiatives", "ideas", "items", "dots", "themes"];
    for (width, height) in SIZES {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut h = Harness::demo(dir.path(), width, height);
        // One of several things, so the singular shows: one objective, one vote.
        h.press("4");
        for _ in 0..2 {
            h.press("gxy");
        }
        for keys in ["1", "2", "3", "3v", "v", "v", "4", "5", "5E", "2T-------------t"] {
            h.press(keys);
            let screen = h.screen();
            for word in plural_after_one {
                assert!(!screen.contains(&format!(" 1 {word}")), "\"1 {word}\" after {keys} at {width}x{height}:\n{screen}");
            }
        }
    }
}

/// Present mode is for the room: no key hints on any step or view.
#[test]
fn present_mode_shows_no_key_hints_anywhere() {
    let map = Keymap::default();
    let hints: Vec<String> = [
        (Context::Brainstorm, quarterdeck::action::Action::Capture, "to add"),
        (Context::Prioritise, quarterdeck::action::Action::NextView, "next view"),
        (Context::Prioritise, quarterdeck::action::Action::StartScoring, "starts scoring"),
        (Context::Vote, quarterdeck::action::Action::VoteUp, "vote"),
        (Context::Board, quarterdeck::action::Action::NewTheme, "new theme"),
        (Context::Objectives, quarterdeck::action::Action::AddKeyResult, "key result"),
        (Context::Review, quarterdeck::action::Action::ThisWeek, "returns"),
    ]
    .iter()
    .map(|(c, a, what)| format!("{} {what}", map.hint(*c, *a)))
    .collect();
    for (width, height) in SIZES {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut h = Harness::demo(dir.path(), width, height);
        h.press("p");
        for keys in ["1", "2", "2a", "<Esc>", "3", "3v", "v", "v", "4", "5", "5[", "5E", "5E"] {
            h.press(keys);
            let screen = h.screen();
            for hint in &hints {
                assert!(!screen.contains(hint.as_str()), "{hint:?} after {keys} in present mode at {width}x{height}:\n{screen}");
            }
            assert!(!screen.contains("press ") && !screen.contains("Press "), "after {keys} at {width}x{height}:\n{screen}");
        }
    }
}

/// `f` in present mode: the selected item in large text, with what the room needs: a key
/// result's latest value, status, confidence, note and owners; an objective's key results.
#[test]
fn focus_shows_what_the_room_needs_in_large_text() {
    for (width, height) in SIZES {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut h = Harness::demo(dir.path(), width, height);
        h.press("p5jf");
        let screen = h.screen();
        for part in ["Latest: 2 P1 incidents/month (week 6) · on track · confidence 8/10", "Owners: Amara Okafor", "Target: 4 → 0"] {
            assert!(words(&screen).join(" ").contains(part), "{part:?} at {width}x{height}:\n{screen}");
        }
        if width >= 100 {
            assert!(!screen.contains("│   Reduce payment-path P1"), "the heading is in large glyphs at 100x30:\n{screen}");
        }
        assert!(!screen.contains("closes"), "no key hint in present mode:\n{screen}");
        insta::assert_snapshot!(format!("focus_key_result_{width}x{height}"), h.snapshot());
        h.press("<Esc>kf");
        let screen = h.screen();
        let w = h.workshop().clone();
        for kr in &w.objectives[0].key_results {
            assert!(in_order(&words(&screen), &kr.description), "{:?} under its objective:\n{screen}", kr.description);
        }
        insta::assert_snapshot!(format!("focus_objective_{width}x{height}"), h.snapshot());
        // A note shows when there is one (week 6 of the MTTR key result has one).
        h.press("<Esc>jjf");
        assert!(words(&h.screen()).join(" ").contains("Note: At risk:"), "{}", h.screen());
    }
}
