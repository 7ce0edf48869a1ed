//! Step 3 end to end: score in one pass, read the matrix, spend votes within a budget,
//! and group every initiative into themes on the board.

use quarterdeck::model::{Capture, Period, Workshop};
use quarterdeck::store::Store;
use quarterdeck::testing::{Harness, fixed_clock};

/// A workshop with `n` unscored initiatives and three participants, open on step 3.
fn room(dir: &std::path::Path, n: usize, width: u16, height: u16) -> Harness {
    let store = Store::open(dir.to_path_buf()).expect("store").0;
    let mut w = Workshop::new("Platform", "Infra", Period::parse("2027-Q1").expect("period"), fixed_clock().now());
    w.set_participants(&["Ada".into(), "Grace".into(), "Linus".into()]);
    let titles = ["CI cache", "CI flaky tests", "Kafka cost", "Kafka alerts", "Runbooks", "Deploy previews"];
    for i in 0..n {
        let title = if i < titles.len() { titles[i].to_string() } else { format!("Idea number {i}") };
        w.capture(&Capture { title, ..Capture::default() }, fixed_clock().now());
    }
    store.create(&w).expect("create");
    let mut h = Harness::new(dir, width, height);
    h.press("<Enter>3");
    h
}

#[test]
fn score_ten_initiatives_in_one_pass() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = room(dir.path(), 10, 100, 30);
    assert!(h.screen().contains("10 unscored"), "{}", h.screen());
    // Two keys an initiative: impact, then cost; the selection moves down by itself.
    h.press("<Enter>");
    h.press("51" /* CI cache: quick win */).press("15" /* flaky: money pit */).press("4433221155443322");
    let saved = h.saved("platform");
    let scores: Vec<(Option<u8>, Option<u8>)> = saved.initiatives.iter().map(|i| (i.impact, i.cost)).collect();
    assert_eq!(scores[0], (Some(5), Some(1)));
    assert_eq!(scores[1], (Some(1), Some(5)));
    assert!(scores.iter().all(|(i, c)| i.is_some() && c.is_some()), "{scores:?}");
    assert!(h.screen().contains("0 unscored"), "{}", h.screen());
    assert!(h.screen().contains("quick win") && h.screen().contains("money pit"), "{}", h.screen());
}

#[test]
fn the_matrix_puts_quick_wins_top_left_and_money_pits_bottom_right() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = room(dir.path(), 2, 100, 30);
    h.press("<Enter>5115<Esc>vg");
    let screen = h.screen();
    assert!(screen.contains("QUICK WINS") && screen.contains("MONEY PITS"), "{screen}");
    let buffer = h.backend().buffer().clone();
    let find = |text: &str| {
        (0..buffer.area.height).find_map(|y| {
            let row: String = (0..buffer.area.width).map(|x| buffer[(x, y)].symbol().to_string()).collect();
            row.find(text).map(|x| (x as u16, y))
        })
    };
    let (qx, qy) = find("QUICK WINS").expect("label");
    let (mx, my) = find("MONEY PITS").expect("label");
    assert!(qx < mx && qy < my, "quick wins top-left of money pits");
    // Marker 1 (impact 5, cost 1) is in the quick-wins quadrant, marker 2 (1, 5) in money pits.
    let legend_x = buffer.area.width * 55 / 100;
    let marker = |n: &str| {
        (qy..buffer.area.height).find_map(|y| (3..legend_x).find(|x| buffer[(*x, y)].symbol() == n).map(|x| (x, y))).expect("marker drawn")
    };
    let (x1, y1) = marker("1");
    let (x2, y2) = marker("2");
    assert!(x1 < x2 && y1 < y2, "marker 1 at ({x1},{y1}) is up-left of marker 2 at ({x2},{y2}):\n{}", h.screen());
    assert!(y1 <= qy + 8 && x1 <= mx, "in the top-left quadrant");
    // Moving the selection moves the highlight.
    let palette = quarterdeck::ui::theme::ThemeName::Dark.palette();
    assert_eq!(buffer[(x1, y1)].bg, palette.selected.bg.expect("bg"));
    h.press("j");
    let buffer = h.backend().buffer().clone();
    assert_eq!(buffer[(x2, y2)].bg, palette.selected.bg.expect("bg"));
    assert_ne!(buffer[(x1, y1)].bg, palette.selected.bg.expect("bg"));
}

#[test]
fn a_voter_spends_the_budget_and_cannot_exceed_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = room(dir.path(), 3, 100, 30);
    h.press("vv");
    assert!(h.screen().contains("Voting: Ada — 3 of 3 left"), "{}", h.screen());
    h.press("++j+");
    assert!(h.screen().contains("Voting: Ada — 0 of 3 left"), "{}", h.screen());
    h.press("+");
    assert!(h.screen().contains("no votes left"), "{}", h.screen());
    let saved = h.saved("platform");
    let ada = saved.participants[0].id;
    assert_eq!(saved.votes_spent(ada), 3);
    h.press(">");
    assert!(h.screen().contains("Voting: Grace — 3 of 3 left"), "{}", h.screen());
    h.press("+");
    // Lowering the budget below what Ada spent keeps her votes and says so.
    h.press(",<Tab><Tab><Tab><Tab><Tab><Tab><BS>2<Enter>");
    assert!(h.screen().contains("votes already cast are kept: Ada has 3"), "{}", h.screen());
    assert_eq!(h.saved("platform").votes_spent(ada), 3);
    // Clear all votes, then undo.
    h.press("X");
    assert_eq!(h.saved("platform").initiatives.iter().map(quarterdeck::model::Initiative::total_votes).sum::<u32>(), 0);
    h.press("u");
    assert_eq!(h.saved("platform").initiatives.iter().map(quarterdeck::model::Initiative::total_votes).sum::<u32>(), 4);
}

#[test]
fn votes_are_hidden_in_silent_mode_until_revealed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = room(dir.path(), 3, 100, 30);
    h.press("vv++2s3");
    let screen = h.screen();
    assert!(screen.contains("Voting: Ada") && !screen.contains("●●"), "no dots on the shared screen:\n{screen}");
    h.press("2s3");
    assert!(h.screen().contains("●●"), "{}", h.screen());
}

#[test]
fn a_secret_round_hides_every_dot_until_all_are_revealed_together() {
    for (width, height) in [(80, 24), (100, 30)] {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut h = room(dir.path(), 3, width, height);
        h.press("vvs");
        assert!(h.screen().contains("secret round"), "{}", h.screen());
        h.press("++j+");
        let screen = h.screen();
        assert!(!screen.contains('●'), "no dots, not even the voter's own:\n{screen}");
        assert!(screen.contains("hidden") && screen.contains("Ada ✓ voted"), "only who has voted:\n{screen}");
        assert!(screen.contains("Grace 3 left") && screen.contains("Linus 3 left"), "and how many dots are left:\n{screen}");
        let saved = h.saved("platform");
        assert_eq!(saved.initiatives.iter().map(quarterdeck::model::Initiative::total_votes).sum::<u32>(), 0, "no totals yet");
        let ada = saved.participants[0].id;
        assert_eq!(saved.secret_dots(ada), 3, "the ballot is in the saved workshop");
        assert!(saved.ballot(ada).is_some_and(|b| !b.cast));
        h.press(">+");
        assert!(h.screen().contains("Grace voting, 2 left"), "{}", h.screen());
        assert!(h.saved("platform").ballot(ada).is_some_and(|b| b.cast), "moving on seals Ada's ballot");
        insta::assert_snapshot!(format!("secret_round_{width}x{height}"), h.snapshot());
        h.press("s");
        let screen = h.screen();
        assert!(screen.contains("revealed 4 dots from 2 voters"), "{screen}");
        let saved = h.saved("platform");
        assert!(!saved.secret_round_open());
        let totals: Vec<u32> = saved.initiatives.iter().map(quarterdeck::model::Initiative::total_votes).collect();
        assert_eq!(totals, [2, 2, 0], "Ada's two on the first; Ada's one and Grace's one on the second");
        h.press("u");
        assert!(h.saved("platform").secret_round_open(), "undo takes the reveal back");
        h.press("<C-r>");
        // The public mode is still there: a vote now shows at once.
        h.press("<lt>g+");
        assert!(h.screen().contains('●'), "{}", h.screen());
    }
}

#[test]
fn grouping_on_the_board_keeps_every_initiative_somewhere() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = room(dir.path(), 6, 100, 30);
    h.press("vvv");
    assert!(h.screen().contains("Ungrouped"), "{}", h.screen());
    h.press("nFast feedback<Enter>nCost<Enter>");
    // Back to Ungrouped, move the first idea right twice (into Cost), the next once.
    h.press("hhL");
    h.press("hL");
    let saved = h.saved("platform");
    let theme_of = |t: &str| {
        saved.initiatives.iter().find(|i| i.title == t).and_then(|i| i.theme).and_then(|id| saved.theme(id)).map(|t| t.name.clone())
    };
    assert_eq!(theme_of("CI cache").as_deref(), Some("Fast feedback"));
    assert_eq!(theme_of("CI flaky tests").as_deref(), Some("Fast feedback"));
    // Merge Cost into Fast feedback, then delete it: everything back in Ungrouped, nothing lost.
    h.press("lMy");
    assert_eq!(h.saved("platform").themes.len(), 1);
    h.press("Dy");
    let saved = h.saved("platform");
    assert!(saved.themes.is_empty());
    assert_eq!(saved.initiatives.len(), 6);
    assert!(saved.initiatives.iter().all(|i| i.theme.is_none()));
    h.press("u");
    assert_eq!(h.saved("platform").themes.len(), 1);
}

#[test]
fn theme_suggestions_come_from_shared_words_and_are_deterministic() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = room(dir.path(), 6, 100, 30);
    let first = h.workshop().suggest_themes();
    assert_eq!(first, h.workshop().suggest_themes());
    let names: Vec<&str> = first.iter().map(|s| s.name.as_str()).collect();
    assert!(names.contains(&"Kafka"), "{names:?}");
    h.press("vvvS");
    assert!(h.screen().contains("Suggested themes"), "{}", h.screen());
    h.press("y");
    let saved = h.saved("platform");
    assert!(saved.themes.iter().any(|t| t.name == "Kafka"));
}

#[test]
fn ideas_can_still_be_captured_from_step_three() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = room(dir.path(), 1, 100, 30);
    h.press("aLate idea<Enter><Esc>");
    assert!(h.saved("platform").initiatives.iter().any(|i| i.title == "Late idea"));
    assert!(h.screen().contains("Late idea"), "{}", h.screen());
}

/// Fifteen cards into four themes: one key a card (the digit of its theme), the selection
/// staying on Ungrouped so the next card comes under it.
#[test]
fn fifteen_cards_are_grouped_at_the_speed_of_a_room() {
    for (width, height) in [(80, 24), (100, 30)] {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(dir.path().to_path_buf()).expect("store").0;
        let mut w = Workshop::new("Platform", "Infra", Period::parse("2027-Q1").expect("period"), fixed_clock().now());
        for t in ["Fast feedback", "Cost", "Reliability", "Learning"] {
            w.add_theme(t, "");
        }
        for i in 0..15 {
            let title = format!("Payments CI runs green first time, idea {i:02}");
            w.capture(&Capture { title, ..Capture::default() }, fixed_clock().now());
        }
        store.create(&w).expect("create");
        let mut h = Harness::new(dir.path(), width, height);
        h.press("<Enter>3vvv");
        let screen = h.screen();
        assert!(screen.contains("Alt-0 Ungrouped") && screen.contains("Alt-1 Fast feedback"), "numbered columns:\n{screen}");
        assert!(screen.contains("Payments CI runs green first") && screen.contains("idea 00"), "cards to read:\n{screen}");
        assert!(screen.contains("15 ideas · 0 votes") && screen.contains("impact 0 · cost 0"), "totals in words:\n{screen}");
        insta::assert_snapshot!(format!("board_wide_cards_{width}x{height}"), h.snapshot());
        for n in "123412341234123".chars() {
            h.press(&format!("<A-{n}>"));
        }
        let saved = h.saved("platform");
        assert!(saved.initiatives.iter().all(|i| i.theme.is_some()), "all 15 grouped with 15 keys");
        let per_theme: Vec<usize> = saved.themes.iter().map(|t| saved.column(Some(t.id)).len()).collect();
        assert_eq!(per_theme, [4, 4, 4, 3]);
        assert!(h.screen().contains("everything is grouped"), "{}", h.screen());
        h.press("u");
        assert_eq!(h.saved("platform").column(None).len(), 1, "one undo, one card back");
        h.press("<A-9>");
        assert!(h.screen().contains("there is no column 9"), "{}", h.screen());
        // The digits still switch steps from the board.
        h.press("4");
        assert_eq!(h.step(), Some(quarterdeck::model::Step::Objectives));
    }
}

#[test]
fn two_duplicate_ideas_merge_into_one_keeping_both_authors_and_votes() {
    for (width, height) in [(80, 24), (100, 30)] {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(dir.path().to_path_buf()).expect("store").0;
        let mut w = Workshop::new("Platform", "Infra", Period::parse("2027-Q1").expect("period"), fixed_clock().now());
        w.set_participants(&["Ada".into(), "Grace".into()]);
        let (ada, grace) = (w.participants[0].id, w.participants[1].id);
        let a = w.capture(&Capture { title: "Remote build cache".into(), author: Some(ada), ..Capture::default() }, fixed_clock().now());
        let b = w
            .capture(&Capture { title: "Cache CI builds remotely".into(), author: Some(grace), ..Capture::default() }, fixed_clock().now());
        let (a, b) = (a.expect("a"), b.expect("b"));
        w.vote(ada, a, 1).expect("vote");
        w.vote(grace, b, 1).expect("vote");
        w.vote(grace, b, 1).expect("vote");
        store.create(&w).expect("create");
        let mut h = Harness::new(dir.path(), width, height);
        h.press("<Enter>3vvvm");
        assert!(h.screen().contains("marked \"Remote build cache\""), "{}", h.screen());
        h.press("jm");
        assert!(h.screen().contains("Merge duplicate ideas"), "asked first:\n{}", h.screen());
        insta::assert_snapshot!(format!("merge_ideas_confirm_{width}x{height}"), h.snapshot());
        h.press("y");
        let saved = h.saved("platform");
        assert_eq!(saved.initiatives.len(), 1);
        let kept = &saved.initiatives[0];
        assert_eq!((kept.title.as_str(), saved.authors_text(kept).as_str()), ("Remote build cache", "Ada & Grace"));
        assert_eq!(kept.total_votes(), 3, "every vote kept");
        assert!(kept.description.contains("Cache CI builds remotely"), "the other's words kept");
        assert!(h.screen().contains("merged into one idea by Ada & Grace"), "{}", h.screen());
        h.press("u");
        assert_eq!(h.saved("platform").initiatives.len(), 2, "undo brings both back");
        // Esc forgets a mark before it leaves the view.
        h.press("m<Esc>");
        assert_eq!(h.rt.app.prioritise_mut().board.marked, None);
        assert_eq!(h.rt.app.prioritise_mut().view, quarterdeck::screen::prioritise::View::Board);
    }
}
