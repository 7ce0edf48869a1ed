//! Properties of the whole app, driven through the real `update` by the test harness:
//!
//! - undo of everything returns the initial workshop, redo of everything the final one, and
//!   the saved file loads back equal to what is in memory, after any sequence of changes;
//! - every screen and overlay, with the demo and with an empty workshop, in every theme and
//!   with present mode on or off, renders at any size from 1x1 to 300x120 without a panic,
//!   and below the minimum says "terminal too small".

#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use quarterdeck::app::Overlay;
use quarterdeck::app::run::Incoming;
use quarterdeck::keymap::Context;
use quarterdeck::model::{Period, Workshop};
use quarterdeck::screen::prioritise::View;
use quarterdeck::testing::{Harness, keys};
use quarterdeck::ui::theme::ThemeName;
use ratatui::crossterm::event::Event;

// --- undo and redo ---

/// Changes someone can make, as keys from a known place (the step's digit first). Step 3's
/// view is set before the keys, when given. Each leaves at most an overlay open, which
/// `settle` closes.
const ACTIONS: &[(Option<View>, &str)] = &[
    (None, "2aNew idea from the room<Enter>"),
    (None, "2a<Tab>Idea by a participant<C-t><Enter>Another one<Enter>"),
    (None, "2jx"),
    (None, "2Gx"),
    (None, "2s"),
    (None, "2j<Enter><End> edited<Enter>"),
    (None, "2P<End>, Linus<Enter>"),
    (Some(View::Score), "3j<Enter>1<Esc>"),
    (Some(View::Score), "3<Enter>0<Esc>"),
    (Some(View::Score), "3<Enter>5l1<Esc>"),
    (Some(View::Score), "3aLate idea<Enter>"),
    (Some(View::Vote), "3>j+"),
    (Some(View::Vote), "3>>-"),
    (Some(View::Vote), "3>>>+j+"),
    (Some(View::Vote), "3Xy"),
    (Some(View::Vote), "3s>+j+"),
    (Some(View::Vote), "3s>+s"),
    (Some(View::Board), "3jL"),
    (Some(View::Board), "3j<A-2>"),
    (Some(View::Board), "3mjmy"),
    (Some(View::Board), "3lH"),
    (Some(View::Board), "3lJ"),
    (Some(View::Board), "3nA new theme<Enter>"),
    (Some(View::Board), "3l>"),
    (Some(View::Board), "3lDy"),
    (Some(View::Board), "3lMy"),
    (None, "3,<Tab><Tab><Tab><Tab><Tab><Tab><BS>2<Enter>"),
    (None, "3,<Tab><End> Ops<Enter>"),
    (None, "4nA brighter future for everyone<Enter>"),
    (None, "4kReduce CI p50 from 18 to 8 minutes<Enter>"),
    (None, "4jjxy"),
    (None, "4jJ"),
    (None, "4jK"),
    (None, "4ji<Space>j<Space><Enter>"),
    (None, "4jzOwned by the whole team<Enter>"),
    (Some(View::Score), "3jC"),
    (Some(View::Board), "3le<Tab><Tab>learning<Enter>"),
    (None, "4mLedger lag<Tab>at most 5<Tab>s<Enter>"),
    (None, "4G<Up>x"),
    (None, "4G<Up><Up>a<Enter>"),
    (None, "4jd<Space><Enter>"),
    (None, "4kKeep p99 under 300 ms<Enter>"),
    (None, "5H250<Tab>9<Enter>"),
    (None, "5jc4<Enter>"),
    (None, "5jc3<Tab><Tab><Tab>Holding steady<Enter>"),
    (None, "5[jc1<Enter>"),
    (None, "5wDecided to cut scope<Enter>"),
    (None, "5jA<Tab><Tab><BS>1<Enter>Vendor contract changed<Enter>"),
    (None, "5Ejs0.9<Enter>xxx<Enter>"),
    (None, "1Dy"),
    (None, "1j<Enter>Reframed as an initiative<Enter>"),
    (None, "u"),
    (None, "uu"),
    (None, "<C-r>"),
];

/// Sends keys through the real event handling without drawing after each one (the run loop
/// draws after each; here only at the end, to keep 30 actions x 32 cases quick).
fn send(h: &mut Harness, dsl: &str) {
    for key in keys(dsl) {
        h.rt.handle(Incoming::Event(Event::Key(key)));
        assert!(!h.rt.quit, "an action quit the app: {dsl}");
    }
}

/// Closes whatever is open (forms, confirmations, the capture line, scoring) with Esc.
fn settle(h: &mut Harness) {
    for _ in 0..6 {
        let scoring = h.rt.app.help_context() == quarterdeck::keymap::Context::Score;
        if !h.rt.app.has_dialog() && !scoring {
            return;
        }
        send(h, "<Esc>");
    }
    panic!("could not close what is open: {:?}", h.rt.app.context());
}

fn slug(h: &Harness) -> Option<String> {
    h.rt.app.doc.as_ref().and_then(|d| d.slug.clone())
}

fn act(h: &mut Harness, (view, dsl): (Option<View>, &str)) {
    let before = slug(h);
    settle(h);
    if let Some(view) = view {
        h.rt.app.prioritise_mut().view = view;
    }
    send(h, dsl);
    settle(h);
    assert!(h.rt.app.doc.is_some(), "{dsl} closed the workshop");
    assert_eq!(slug(h), before, "{dsl} opened another workshop");
}

fn message(h: &Harness) -> String {
    h.rt.app.message.as_ref().map(|m| m.text.clone()).unwrap_or_default()
}

/// Presses `key` until the app says `done`; returns how many times it did something.
fn press_until(h: &mut Harness, key: &str, done: &str) -> usize {
    for n in 0..=250 {
        send(h, key);
        if message(h) == done {
            return n;
        }
    }
    panic!("{key} never said {done:?}; last: {:?}", message(h));
}

/// The workshop's content (what the undo and save properties compare).
/// A workshop without its change stamps: undo is a change too (stamped when it happens,
/// so a merge sees it as the latest word), so after undoing everything the content is the
/// initial one while the stamps say when that happened.
fn content(w: &Workshop) -> Workshop {
    fn unstamped(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                map.remove("changed");
                map.values_mut().for_each(unstamped);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(unstamped),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(w).expect("json");
    unstamped(&mut value);
    serde_json::from_value(value).expect("reads back")
}

fn first_difference(a: &Workshop, b: &Workshop) -> String {
    let (a, b) = (serde_json::to_string_pretty(a).expect("json"), serde_json::to_string_pretty(b).expect("json"));
    a.lines().zip(b.lines()).enumerate().find(|(_, (x, y))| x != y).map_or_else(
        || format!("lengths differ: {} vs {} lines", a.lines().count(), b.lines().count()),
        |(i, (x, y))| format!("line {}: {x:?} vs {y:?}", i + 1),
    )
}

fn action_sequence() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0..ACTIONS.len(), 1..=30)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn undo_all_redo_all_and_the_saved_file(sequence in action_sequence()) {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut h = Harness::demo(dir.path(), 100, 30);
        // Saves wait for `save_now` (the debounce deadline never comes): a durable save per
        // key would make 32 cases slow, and the property is about what is saved at the end.
        h.rt.debounce = std::time::Duration::from_secs(3600);
        let slug = h.rt.app.doc.as_ref().and_then(|d| d.slug.clone()).expect("the demo is kept");
        let initial = content(h.workshop());
        for &i in &sequence {
            act(&mut h, ACTIONS[i]);
        }
        h.draw();
        let last = h.workshop().clone();

        // The saved file is what is in memory (nothing ignored).
        h.rt.save_now();
        prop_assert!(!h.rt.app.unsaved(), "saved: {:?}", h.rt.app.doc.as_ref().map(|d| &d.save));
        let saved = h.saved(&slug);
        prop_assert!(saved == last, "the saved file differs from memory: {}", first_difference(&saved, &last));
        let last = content(&last);

        // When the sequence ended in undos, the newest state is further on: redo to it first.
        let ahead = press_until(&mut h, "<C-r>", "nothing to redo");
        let newest = content(h.workshop());
        if ahead == 0 {
            prop_assert!(newest == content(&last));
        }

        let undone = press_until(&mut h, "u", "nothing to undo");
        let back = content(h.workshop());
        prop_assert!(back == initial, "after {undone} undos the workshop is not the initial one: {}", first_difference(&back, &initial));

        let redone = press_until(&mut h, "<C-r>", "nothing to redo");
        prop_assert_eq!(undone, redone);
        let again = content(h.workshop());
        prop_assert!(again == newest, "after {redone} redos the workshop is not the newest one: {}", first_difference(&again, &newest));

        h.rt.save_now();
        let saved = h.saved(&slug);
        prop_assert!(saved == *h.workshop(), "saved after redo: {}", first_difference(&saved, h.workshop()));
    }
}

/// Every action in the alphabet does what it is for on the demo: each changes the workshop
/// (else the property above would test less than it seems), except undo/redo on a fresh start.
#[test]
fn every_action_changes_the_demo() {
    let mut unchanged = Vec::new();
    for &(view, dsl) in ACTIONS {
        if dsl.starts_with('u') || dsl.starts_with("<C-r>") {
            continue;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let mut h = Harness::demo(dir.path(), 100, 30);
        let before = content(h.workshop());
        act(&mut h, (view, dsl));
        if content(h.workshop()) == before {
            unchanged.push(format!("{dsl} ({})", message(&h)));
        }
    }
    // Some depend on the state (a vote needs votes left, a check-in may repeat the value);
    // the random sequences reach those states. Most change the demo as it is.
    eprintln!("actions that change nothing on the demo as it is: {unchanged:?}");
    assert!(unchanged.len() * 4 < ACTIONS.len(), "too many actions change nothing:\n{}", unchanged.join("\n"));
}

// --- every screen at every size ---

/// How to reach each screen and overlay from an open workshop.
const SCREENS: &[(&str, Option<View>, &str)] = &[
    ("home", None, "<C-w>"),
    ("trash", None, "<C-w>t"),
    ("backups", None, "<C-w>b"),
    ("new workshop form", None, "<C-w>n"),
    ("delete confirm", None, "<C-w>d"),
    ("step 1", None, "1"),
    ("delete theme confirm", Some(View::Board), "3lD"),
    ("import prompt", None, "1i"),
    ("step 2", None, "2"),
    ("capture line", None, "2a"),
    ("filter", None, "2/ci"),
    ("focus", None, "2f"),
    ("initiative form", None, "2<Enter>"),
    ("participants form", None, "2P"),
    ("score", Some(View::Score), "3"),
    ("scoring", Some(View::Score), "3<Enter>"),
    ("matrix", Some(View::Matrix), "3"),
    ("vote", Some(View::Vote), "3"),
    ("board", Some(View::Board), "3"),
    ("theme form", Some(View::Board), "3n"),
    ("settings form", None, "3,"),
    ("step 4", None, "4"),
    ("objective form", None, "4n"),
    ("picker", None, "4ji"),
    ("health metric form", None, "4m"),
    ("depends on picker", None, "4jd"),
    ("proposed key result", None, "4G<Up>"),
    ("accept into picker", None, "4G<Up><Up>a"),
    ("step 5", None, "5"),
    ("health readings form", None, "5H"),
    ("check-in form", None, "5jc"),
    ("scores", None, "5E"),
    ("help", None, "5?"),
    // The last save failed (see `on_screen`): the banner, and the whole error.
    ("not saved", None, "5"),
    ("not saved details", None, "5!"),
];

const THEMES: [ThemeName; 3] = [ThemeName::Dark, ThemeName::Light, ThemeName::Mono];

/// A harness on the demo or on an empty workshop, open, showing `screen` in `theme`.
fn on_screen(dir: &std::path::Path, empty: bool, screen: usize, theme: ThemeName, present: bool) -> Harness {
    let mut h = if empty {
        let mut h = Harness::new(dir, 100, 30);
        let period = Period::parse("2026-Q4").expect("period");
        let w = Workshop::new("Empty", "", period, "2026-11-01T00:00:00Z".parse().expect("time"));
        let slug = h.rt.store.create(&w).expect("create");
        h.rt.open(&slug, None);
        h
    } else {
        Harness::demo(dir, 100, 30)
    };
    h.rt.app.theme = theme;
    h.rt.app.present = present;
    let (name, view, dsl) = SCREENS[screen];
    if name.starts_with("not saved") {
        let error = format!("could not read or write {}: No space left on device (os error 28)", dir.join("x.json").display());
        h.rt.send(quarterdeck::effect::Msg::SaveFailed(error));
    }
    if let Some(view) = view {
        h.rt.app.prioritise_mut().view = view;
    }
    h.press(dsl);
    h
}

fn says_too_small(h: &Harness) -> bool {
    let compact: String = h.screen().split_whitespace().collect();
    compact.starts_with("terminaltoosmall") || (!compact.is_empty() && "terminaltoosmall".starts_with(compact.as_str()))
}

fn check_size(h: &mut Harness, width: u16, height: u16, what: &str) {
    h.resize(width, height);
    let small = width < quarterdeck::ui::MIN_WIDTH || height < quarterdeck::ui::MIN_HEIGHT;
    if small {
        // A 1x1 terminal has room for one letter of the message; 0 cells for none.
        assert!(says_too_small(h) || width * height < 2, "{what} at {width}x{height} does not say too small:\n{}", h.screen());
    } else {
        assert!(!says_too_small(h), "{what} at {width}x{height} says too small");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_screen_renders_at_any_size(
        screen in 0..SCREENS.len(),
        empty in any::<bool>(),
        theme in 0..THEMES.len(),
        present in any::<bool>(),
        width in 1u16..=300,
        height in 1u16..=120,
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut h = on_screen(dir.path(), empty, screen, THEMES[theme], present);
        let what = format!("{} ({}, {:?}, present {present})", SCREENS[screen].0, if empty { "empty" } else { "demo" }, THEMES[theme]);
        check_size(&mut h, width, height, &what);
        // And back to a usable size: nothing was lost on the way.
        check_size(&mut h, 100, 30, &what);
    }
}

#[test]
fn every_screen_at_the_extreme_sizes() {
    const SIZES: [(u16, u16); 7] = [(1, 1), (1, 120), (300, 1), (300, 120), (59, 15), (60, 14), (60, 15)];
    for (screen, (name, _, _)) in SCREENS.iter().enumerate() {
        for empty in [false, true] {
            let dir = tempfile::tempdir().expect("temp dir");
            let mut h = on_screen(dir.path(), empty, screen, ThemeName::Dark, false);
            // Too small is cheap to draw: every theme. Full frames (300x120, 60x15): one theme
            // per screen, in turn, with present mode on every other screen.
            for (i, theme) in THEMES.into_iter().enumerate() {
                h.rt.app.theme = theme;
                h.rt.app.present = (screen + i) % 2 == 1;
                let full = i == screen % THEMES.len();
                for (width, height) in SIZES {
                    if !full && width >= quarterdeck::ui::MIN_WIDTH && height >= quarterdeck::ui::MIN_HEIGHT {
                        continue;
                    }
                    let what = format!("{name} ({}, {theme:?})", if empty { "empty" } else { "demo" });
                    check_size(&mut h, width, height, &what);
                }
            }
        }
    }
}

/// The screen list reaches what it says: each overlay is really open.
#[test]
fn the_screens_are_reached() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (screen, (name, _, _)) in SCREENS.iter().enumerate() {
        let h = on_screen(&dir.path().join(screen.to_string()), false, screen, ThemeName::Dark, false);
        let overlay = h.rt.app.overlay.as_ref();
        let context = h.rt.app.context();
        let ok = match *name {
            "capture line" => context == Context::Capture,
            "filter" => matches!(overlay, Some(Overlay::Filter(_))),
            "focus" => matches!(overlay, Some(Overlay::Focus { .. })),
            "help" => matches!(overlay, Some(Overlay::Help { .. })),
            "not saved details" => matches!(overlay, Some(Overlay::NotSaved)),
            "not saved" => h.screen().contains("NOT SAVED") && !h.rt.app.has_dialog(),
            n if n.ends_with("picker") => context == Context::Picker,
            "import prompt" => context == Context::PathPrompt,
            "delete confirm" | "delete theme confirm" => context == Context::Confirm,
            n if n.ends_with("form") => context == Context::Form,
            "scoring" => context == Context::Score,
            _ => !h.rt.app.has_dialog(),
        };
        assert!(ok, "{name}: not reached, focus on {context:?}\n{}", h.screen());
    }
}
