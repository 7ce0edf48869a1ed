//! Text limits wherever a title enters: a title holds 300 characters (as imports cap them)
//! and the whole of a longer text heads the description, so nothing typed or pasted is
//! lost; invisible characters (zero-width, byte order marks, format characters) never reach
//! a single-line text. Driven through the real update loop and checked in the saved file.

use std::collections::VecDeque;

use quarterdeck::app::run::Incoming;
use quarterdeck::model::text::MAX_TITLE_CHARS;
use quarterdeck::model::{Period, Workshop};
use quarterdeck::store::Store;
use quarterdeck::testing::{Harness, fixed_clock};
use ratatui::crossterm::event::Event;

/// A workshop "Platform" in `dir`, open on step 2.
fn room(dir: &std::path::Path) -> Harness {
    let store = Store::open(dir.to_path_buf()).expect("store").0;
    let w = Workshop::new("Platform", "Infra", Period::parse("2027-Q1").expect("period"), fixed_clock().now());
    store.create(&w).expect("create");
    let mut h = Harness::new(dir, 100, 30);
    h.press("<Enter>2");
    h
}

fn paste(h: &mut Harness, text: &str) {
    h.run(VecDeque::from([Incoming::Event(Event::Paste(text.to_string()))]));
}

/// About 1 MB on one line, led by a byte order mark and strewn with zero-width spaces.
fn megabyte() -> (String, String) {
    let sentence = "Cache the build artefacts so a pull request runs in minutes, not hours.\u{200b} ";
    let raw = format!("\u{feff}{}", sentence.repeat(1_000_000 / sentence.len() + 1));
    let clean = sentence.replace('\u{200b}', "").repeat(1_000_000 / sentence.len() + 1).trim_end().to_string();
    (raw, clean)
}

#[test]
fn a_megabyte_pasted_into_the_capture_line_is_a_300_character_title_and_the_rest_its_description() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = room(dir.path());
    let (raw, clean) = megabyte();
    assert!(raw.len() > 1_000_000);
    h.press("a");
    paste(&mut h, &raw);
    let screen = h.screen();
    assert!(screen.contains("a title holds 300 characters"), "the cut is said:\n{screen}");
    assert!(screen.contains(&format!("the whole paste, {} characters", clean.chars().count())), "{screen}");
    h.press("<Enter>");
    let saved = h.saved("platform");
    let idea = &saved.initiatives[0];
    assert_eq!(idea.title.chars().count(), MAX_TITLE_CHARS, "{:?}", &idea.title[..80]);
    assert!(idea.title.starts_with("Cache the build artefacts") && idea.title.ends_with('…'), "no BOM, cut with an ellipsis");
    assert!(!idea.title.contains('\u{200b}'), "zero-width spaces removed");
    assert_eq!(idea.description, clean, "the whole paste, cleaned, is the description");
    assert!(h.screen().contains("type an idea"), "the line is open and empty for the next idea:\n{}", h.screen());
    h.press("Next one<Enter>");
    assert_eq!(h.saved("platform").initiatives[1].description, "", "the next idea does not inherit the paste");
}

#[test]
fn a_short_paste_is_typed_into_the_line_as_before() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = room(dir.path());
    h.press("aFaster ");
    paste(&mut h, "\u{feff}CI\u{200b} builds");
    h.press("<Enter>");
    let saved = h.saved("platform");
    assert_eq!(saved.initiatives[0].title, "Faster CI builds");
    assert_eq!(saved.initiatives[0].description, "");
}

#[test]
fn a_long_title_typed_into_a_form_is_cut_and_heads_the_description() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = room(dir.path());
    h.press("aShort<Enter><Esc><Enter>");
    assert!(h.screen().contains("Edit initiative"), "{}", h.screen());
    let long = "word ".repeat(200);
    paste(&mut h, &long);
    h.press("<Tab>");
    paste(&mut h, "Why it matters");
    h.press("<Enter>");
    let idea = &h.saved("platform").initiatives[0];
    assert_eq!(idea.title.chars().count(), MAX_TITLE_CHARS);
    let whole = format!("Short{}", long.trim_end());
    assert_eq!(idea.description, format!("{whole}\n\nWhy it matters"));
}

#[test]
fn several_pasted_lines_become_ideas_each_capped_and_clean() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = room(dir.path());
    h.press("a");
    let long = "x".repeat(1000);
    paste(&mut h, &format!("\u{feff}First\u{200d}idea\n{long}\n"));
    let saved = h.saved("platform");
    assert_eq!(saved.initiatives[0].title, "Firstidea");
    assert_eq!(saved.initiatives[1].title.chars().count(), MAX_TITLE_CHARS);
    assert_eq!(saved.initiatives[1].description, long);
}

#[test]
fn themes_objectives_and_key_results_hold_a_title_too() {
    let mut w = Workshop::new(&"n".repeat(1000), "", Period::parse("2027-Q1").expect("period"), fixed_clock().now());
    assert_eq!(w.name.chars().count(), MAX_TITLE_CHARS, "a workshop's name is a title");
    let long = "t".repeat(400);
    let theme = w.add_theme(&long, "about").expect("theme");
    let t = w.theme(theme).expect("theme");
    assert_eq!(t.name.chars().count(), MAX_TITLE_CHARS);
    assert_eq!(t.description, format!("{long}\n\nabout"));
    let draft = quarterdeck::model::objectives::ObjectiveDraft { title: long.clone(), ..Default::default() };
    let o = w.add_objective(&draft).expect("objective");
    assert_eq!(w.objective(o).expect("objective").title.chars().count(), MAX_TITLE_CHARS);
    assert_eq!(w.objective(o).expect("objective").rationale, long);
    let kr = quarterdeck::model::objectives::KeyResultDraft { description: format!("\u{200b}{long}"), ..Default::default() };
    let k = w.add_key_result(o, &kr).expect("key result");
    let description = &w.key_result(k).expect("key result").description;
    assert_eq!(description.chars().count(), MAX_TITLE_CHARS);
    assert!(description.starts_with('t'), "no zero-width space");
}
