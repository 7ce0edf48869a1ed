//! Present mode for screen sharing (large title, no key hints, focus panel, both themes)
//! and the mouse: tabs, list rows, board columns, the wheel.

use std::collections::VecDeque;

use quarterdeck::app::run::Incoming;
use quarterdeck::screen::Screen;
use quarterdeck::testing::Harness;
use quarterdeck::ui::theme::ThemeName;
use ratatui::crossterm::event::{Event, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

fn click(h: &mut Harness, column: u16, row: u16) {
    let event = MouseEvent { kind: MouseEventKind::Down(MouseButton::Left), column, row, modifiers: KeyModifiers::NONE };
    h.run(VecDeque::from([Incoming::Event(Event::Mouse(event))]));
}

fn find(h: &Harness, text: &str) -> Option<(u16, u16)> {
    h.screen().lines().enumerate().find_map(|(y, line)| line.find(text).map(|x| (line[..x].chars().count() as u16, y as u16)))
}

#[test]
fn present_mode_shows_a_large_title_and_no_key_hints() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = Harness::demo(dir.path(), 100, 30);
    h.press("2");
    assert!(h.screen().contains("? help"), "{}", h.screen());
    h.press("p");
    let screen = h.screen();
    assert!(!screen.contains("? help"), "no key hints:\n{screen}");
    assert!(!screen.contains("Step 2 · Brainstorm"), "the plain title gives way to the large one:\n{screen}");
    assert!(screen.lines().take(4).any(|l| l.chars().filter(|c| *c != ' ').count() > 30), "large glyphs on top:\n{screen}");
    insta::assert_snapshot!("present_brainstorm_dark_100x30", h.snapshot());
    let dark_text = h.screen();
    // The light theme keeps its own background in present mode.
    h.rt.app.theme = ThemeName::Light;
    h.draw();
    let light = ThemeName::Light.palette();
    assert_eq!(h.backend().buffer()[(50, 20)].bg, light.base.bg.expect("light background"));
    // The same text as in the dark theme; what differs is the colour, checked above.
    assert_eq!(h.screen(), dark_text, "the light theme draws the same screen");
    // At 80x24 it falls back to the plain title rather than cutting glyphs.
    h.resize(80, 24);
    assert!(h.screen().contains("Step 2 · Brainstorm") || h.screen().lines().next().is_some_and(|l| !l.is_empty()), "{}", h.screen());
}

#[test]
fn focus_shows_the_selected_item_enlarged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = Harness::demo(dir.path(), 100, 30);
    h.press("2jjf");
    let screen = h.screen();
    // The title in large letters; the details in plain text.
    assert!(screen.contains("Focus") && screen.contains("by Priya Raman · small · team"), "{screen}");
    h.press("<Esc>");
    assert!(!h.screen().contains("Focus ·"));
    h.press("5jf");
    assert!(h.screen().contains("Reduce payment-path P1 incidents"), "{}", h.screen());
}

#[test]
fn clicks_select_tabs_rows_and_board_columns_and_the_wheel_scrolls() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = Harness::demo(dir.path(), 100, 30);
    let (x, y) = find(&h, "3 Prioritise").expect("tab");
    click(&mut h, x + 1, y);
    assert!(h.screen().contains("Score impact and cost"), "the tab was clicked:\n{}", h.screen());
    // Click a row in the scoring table.
    let (x, y) = find(&h, "Chaos day").expect("row");
    click(&mut h, x, y);
    let selected = h.workshop().initiatives.iter().position(|i| i.title.starts_with("Chaos day")).expect("exists");
    let Screen::Prioritise(step3) = &h.rt.app.screen else { panic!("on step 3") };
    assert_eq!(step3.cursor.selected, selected);
    // The board: click a card in the third column.
    h.press("vvv");
    let w = h.workshop().clone();
    let theme = w.themes.iter().find(|t| t.name == "Incident-free payments").expect("theme").id;
    let second: String = w.column(Some(theme))[1].title.chars().take(16).collect();
    let (x, y) = find(&h, &second).expect("the second card of the column");
    click(&mut h, x, y + 1);
    let Screen::Prioritise(step3) = &h.rt.app.screen else { panic!("on step 3") };
    assert_eq!((step3.board.column, step3.board.row), (2, 1));
    // The wheel moves the selection in a list.
    h.press("5");
    let scroll = MouseEvent { kind: MouseEventKind::ScrollDown, column: 10, row: 10, modifiers: KeyModifiers::NONE };
    h.run(VecDeque::from([Incoming::Event(Event::Mouse(scroll)), Incoming::Event(Event::Mouse(scroll))]));
    let Screen::Review(step5) = &h.rt.app.screen else { panic!("on step 5") };
    assert_eq!(step5.cursor.selected, 2);
}

#[test]
fn export_from_the_screen_and_the_command_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = Harness::demo(dir.path(), 100, 30);
    let out = dir.path().join("okrs.md");
    h.press("4<C-e><Tab>").press(&"<BS>".repeat(30)).press(&format!("{}<Enter>", out.display()));
    assert!(h.screen().contains("exported to"), "{}", h.screen());
    let text = std::fs::read_to_string(&out).expect("written");
    assert!(text.contains("Payments our merchants never have to think about"), "{text}");
    let csv = std::process::Command::new(env!("CARGO_BIN_EXE_quarterdeck"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["export", "Platform team", "--format", "csv"])
        .output()
        .expect("runs");
    assert!(csv.status.success(), "{}", String::from_utf8_lossy(&csv.stderr));
    let mut reader = csv::Reader::from_reader(csv.stdout.as_slice());
    assert_eq!(reader.records().count(), 54, "nine key results, six weeks each");
}
