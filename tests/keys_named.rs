//! Every key named on screen comes from the keymap. Every action on every screen is given a
//! key no default uses (F-keys and Ctrl/Alt chords); then every screen and dialog is drawn
//! at 80x24 and 100x30, and no default key name may appear as a key: not in the prose, the
//! dialogs, the footers or the tabs. The keys that reach each screen are translated from
//! the default ones through the same keymaps, so the test walks the app as a user of the
//! remapped keys would.

use std::fmt::Write as _;

use quarterdeck::keymap::{Context, Key, Keymap};
use quarterdeck::model::Step;
use quarterdeck::testing::{Harness, keys};
use ratatui::crossterm::event::{KeyEvent, KeyModifiers};

/// A key config giving every action of every screen its own key, none a default one.
fn remapped() -> (Keymap, String) {
    let defaults = Keymap::default();
    let mut keys = Vec::new();
    for prefix in ["", "alt-", "ctrl-", "ctrl-alt-"] {
        keys.extend((1..=24).map(|n| format!("{prefix}f{n}")));
    }
    for prefix in ["alt-", "ctrl-alt-"] {
        keys.extend(('a'..='z').chain('A'..='Z').map(|c| format!("{prefix}{c}")));
    }
    let used: Vec<Key> = Context::ALL.iter().flat_map(|c| defaults.table(*c)).flat_map(|b| b.keys.clone()).collect();
    keys.retain(|k| Key::parse(k).is_some_and(|k| !used.contains(&k)));
    // Screens that share a chain of tables take keys from one pool; a dialog's table is
    // consulted alone, so it may reuse them.
    let mut shared = keys.clone().into_iter();
    // A participant's seat (in a room) never consults the app's tables, nor they its: its
    // tables share a pool of their own.
    let mut seat = keys.clone().into_iter();
    let mut toml = String::new();
    for context in Context::ALL {
        let _ = writeln!(toml, "[{}]", context.name());
        let mut own = keys.clone().into_iter();
        let alone = Keymap::chain(context).len() == 1 && context != Context::Global && context != Context::Seat;
        let seats = context.name().starts_with("seat");
        let mut done = Vec::new();
        for binding in defaults.table(context) {
            if done.contains(&binding.action) {
                continue;
            }
            done.push(binding.action);
            let key = if alone {
                own.next()
            } else if seats {
                seat.next()
            } else {
                shared.next()
            }
            .expect("enough unused keys");
            let _ = writeln!(toml, "{} = \"{key}\"", binding.action.name());
        }
    }
    let (map, messages) = Keymap::with_overrides(&toml, "keys.toml");
    let taken: Vec<&String> = messages.iter().filter(|m| !m.contains("is taken first by")).collect();
    assert!(taken.is_empty(), "the remapping applies cleanly: {}", taken.iter().map(|m| m.as_str()).collect::<Vec<_>>().join("\n"));
    (map, toml)
}

/// Presses what the default keys `dsl` would do, with the remapped keys for the same actions.
fn press_translated(h: &mut Harness, dsl: &str, defaults: &Keymap) {
    for key in keys(dsl) {
        let context = h.rt.app.context();
        let event = match defaults.action_for(context, key) {
            Some(action) => {
                let label = h.rt.app.keymap.hint(context, action);
                let k = Key::parse(&label).unwrap_or_else(|| panic!("{action:?} has no key in {context:?}: {label}"));
                let mut mods = KeyModifiers::NONE;
                mods.set(KeyModifiers::CONTROL, k.ctrl);
                mods.set(KeyModifiers::ALT, k.alt);
                KeyEvent::new(k.code, mods)
            }
            None => key,
        };
        h.press_event(event);
    }
}

/// Every screen and dialog, from an open demo workshop, in default keys.
const PLACES: &[(&str, &str)] = &[
    ("home", "<C-w>"),
    ("empty home", ""),
    ("trash", "<C-w>t"),
    ("backups", "<C-w>b"),
    ("new workshop form", "<C-w>n"),
    ("rename form", "<C-w>r"),
    ("carry over form", "<C-w>c"),
    ("delete confirm", "<C-w>d"),
    ("leave question", "5<Esc>"),
    ("step 1", "1"),
    ("import prompt", "1i"),
    ("rescue form", "1<Enter>"),
    ("step 2", "2"),
    ("capture line", "2a"),
    ("describe form", "2a<C-d>"),
    ("filter", "2/ci"),
    ("focus", "2f"),
    ("initiative form", "2<Enter>"),
    ("participants form", "2P"),
    ("participants form on step 4", "4P"),
    ("merge prompt", "2m"),
    ("silent mode", "2s"),
    ("score", "3"),
    ("scoring", "3<Enter>"),
    ("matrix", "3v"),
    ("vote", "3vv"),
    ("secret round", "3vvs>+"),
    ("private scoring", "3s"),
    ("private scores revealed", "3ss"),
    ("board", "3vvv"),
    ("merge ideas confirm", "3vvvmjm"),
    ("theme form", "3vvvn"),
    ("delete theme confirm", "3vvvlD"),
    ("merge themes confirm", "3vvvllM"),
    ("late idea", "3a"),
    ("settings form", "3,"),
    ("export form", "3<C-e>"),
    ("merge record", "5R"),
    ("step 4", "4"),
    ("objective form", "4n"),
    ("key result form", "4jk"),
    ("picker", "4ji"),
    ("dismiss form", "4z"),
    ("step 5", "5"),
    ("check-in form", "5jc"),
    ("earlier week", "5["),
    ("week notes form", "5w"),
    ("adjust form", "5jA"),
    ("score form", "5js"),
    ("learnings form", "5s"),
    ("carry over chosen form", "5C"),
    ("initiatives in the review", "5i"),
    ("key result detail", "5jv"),
    ("digest form", "5D"),
    ("meeting: last week", "5m"),
    ("meeting: check-ins", "5m."),
    ("meeting: confidence round", "5m..7"),
    ("meeting: revealed", "5m..<Enter><Enter><Enter><Enter><Enter>r"),
    ("meeting: this week", "5m..."),
    ("meeting: commitment form", "5m...a"),
    ("meeting: monthly review", "5M"),
    ("meeting: drop form", "5Mx"),
    ("meeting: help", "5m?"),
    ("scores", "5E"),
    ("health metric form", "4m"),
    ("health metric row", "4G<Up><Up><Up>"),
    ("proposed key result", "4G<Up>"),
    ("accept into picker", "4G<Up><Up>a"),
    ("depends on picker", "4jd"),
    ("dependency row", "4jjjjjjjjjjjjj"),
    ("health readings form", "5H"),
    ("help", "5?"),
    ("step 1 help", "1?"),
    ("present mode", "5p"),
    // These two start with a save that failed (see `start`).
    ("not saved banner", "5"),
    ("not saved details", "5!"),
];

/// The harness a place starts from: home with nothing, or the demo open (with its last save
/// failed, for the places that show a failed save).
fn start(name: &str, dir: &std::path::Path, width: u16, height: u16) -> Harness {
    if name == "empty home" {
        return Harness::new(dir, width, height);
    }
    let mut h = Harness::demo(dir, width, height);
    if name.starts_with("not saved") {
        let error = format!("could not read or write {}: Permission denied (os error 13)", dir.join("platform-team.json").display());
        h.rt.send(quarterdeck::effect::Msg::SaveFailed(error));
    }
    h
}

/// Default key labels that a screen must not show once every action has another key:
/// names (`Enter`, `Ctrl-e`, `Shift-Tab`), and single characters with what they do, as
/// hints pair them (`? help`, `D declare bankruptcy`).
struct Defaults {
    names: Vec<String>,
    chars: Vec<(char, &'static str)>,
}

fn default_names(map: &Keymap) -> Defaults {
    let mut names = Vec::new();
    let mut chars = Vec::new();
    for context in Context::ALL {
        for binding in map.table(context) {
            for key in &binding.keys {
                let label = key.label();
                let mut it = label.chars();
                match (it.next(), it.next()) {
                    (Some(c), None) => chars.push((c, binding.action.description())),
                    _ => names.push(label),
                }
            }
        }
    }
    // Single arrows also point from a baseline to a target ("4 → 0") and along an axis
    // ("impact ↑"), and Home and End are words: only the pairs read as keys.
    names.retain(|w| !["Home", "End"].contains(&w.as_str()));
    names.extend(["←→".to_string(), "↑↓".to_string()]);
    names.sort();
    names.dedup();
    Defaults { names, chars }
}

/// Whether `c` may stand before or after a key name.
fn edge(c: Option<char>) -> bool {
    c.is_none_or(|c| " ()·,:/.│┃".contains(c))
}

/// Where a default key name shows as a key on a screen, if anywhere.
fn default_key_shown(screen: &str, defaults: &Defaults) -> Option<String> {
    for (row, line) in screen.lines().enumerate() {
        for name in &defaults.names {
            for (at, _) in line.match_indices(name.as_str()) {
                let before = line[..at].chars().next_back();
                let after = line[at + name.len()..].chars().next();
                // `Ctrl-Alt-F3` contains `Alt-F3`: a remapped key, not a default one.
                if edge(before) && edge(after) && before != Some('-') {
                    return Some(format!("{name:?} in: {line}"));
                }
            }
        }
        for &(c, does) in &defaults.chars {
            // Digits are data ("5 Review" is a step's number on home) except on the tab row.
            if c.is_ascii_digit() && row > 0 {
                continue;
            }
            if let Some(found) = char_as_key(line, c, does) {
                return Some(found);
            }
        }
    }
    None
}

/// A single-character key in a line, read the way hints use one: `press D`, `(u undoes
/// it)`, `· k key result`, `n objective` at the start, `y yes   n no`, `? help`. A letter
/// inside a sentence ("from X to Y", "A platform…") is a word.
fn char_as_key(line: &str, c: char, does: &str) -> Option<String> {
    let chars: Vec<char> = line.chars().collect();
    for (i, &here) in chars.iter().enumerate() {
        if here != c {
            continue;
        }
        let before: String = chars[..i].iter().collect();
        let after: String = chars[i + 1..].iter().collect();
        if !edge(before.chars().next_back()) || !edge(after.chars().next()) {
            continue;
        }
        let article = c == 'a' || c == 'A' || c == 'I';
        let pressed = before.ends_with("press ") || before.ends_with("Press ") || (before.ends_with("with ") && !article);
        // A digit in brackets on the tab row is a count (`Objectives (6)`), not a key.
        let bracketed = before.ends_with('(') && after.starts_with(')') && !c.is_ascii_digit();
        let paired = after.starts_with(&format!(" {does}")) || bracketed;
        let trimmed = before.trim_end();
        // Inside a box a letter may be the cut end of a word behind it: there only a key
        // paired with what it does counts (`│y yes`).
        let hint_start = trimmed.is_empty() || trimmed.ends_with('·') || before.ends_with('(') || before.ends_with("   ");
        let hint_end = after.starts_with(' ') && after.chars().nth(1).is_some_and(char::is_lowercase);
        if pressed || paired || (c.is_ascii_alphabetic() && !article && hint_start && hint_end) {
            return Some(format!("{c:?} in: {line}"));
        }
    }
    None
}

#[test]
fn no_default_key_name_shows_once_every_key_is_remapped() {
    let defaults = Keymap::default();
    let (remapped, _) = remapped();
    let shown = default_names(&defaults);
    let mut found = Vec::new();
    for (width, height) in [(80, 24), (100, 30)] {
        for (name, dsl) in PLACES {
            let dir = tempfile::tempdir().expect("temp dir");
            let mut h = start(name, dir.path(), width, height);
            h.rt.app.keymap = remapped.clone();
            h.draw();
            press_translated(&mut h, dsl, &defaults);
            let screen = h.screen();
            if let Some(at) = default_key_shown(&screen, &shown) {
                found.push(format!("{name} at {width}x{height}: {at}"));
            }
        }
    }
    assert!(found.is_empty(), "default key names still shown:\n{}", found.join("\n"));
}

#[test]
fn the_walk_reaches_each_place_with_the_remapped_keys() {
    let defaults = Keymap::default();
    let (remapped, _) = remapped();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = Harness::demo(dir.path(), 100, 30);
    h.rt.app.keymap = remapped;
    press_translated(&mut h, "5jc", &defaults);
    assert_eq!(h.step(), Some(Step::Review));
    assert_eq!(h.rt.app.context(), Context::Form, "the check-in form opened:\n{}", h.screen());
    assert!(h.screen().contains("Week 7 check-in"), "{}", h.screen());
}

/// Present mode is for the room: with every key remapped to a chord no default uses, no
/// step or view in present mode names one anywhere (what the status line says after a key
/// is feedback, and is cleared before each look).
#[test]
fn present_mode_names_no_key_on_any_step() {
    let defaults = Keymap::default();
    let (remapped, _) = remapped();
    let walk = [
        ("step 1", "1"),
        ("step 2", "2"),
        ("capture line", "2a"),
        ("silent mode", "2s"),
        ("score", "3"),
        ("scoring", "3<Enter>"),
        ("matrix", "3v"),
        ("vote", "3vv"),
        ("secret round", "3vvs"),
        ("board", "3vvv"),
        ("step 4", "4"),
        ("step 5", "5"),
        ("earlier week", "5["),
        ("scores", "5E"),
    ];
    for (width, height) in [(80, 24), (100, 30)] {
        for (name, dsl) in walk {
            let dir = tempfile::tempdir().expect("temp dir");
            let mut h = Harness::demo(dir.path(), width, height);
            h.rt.app.keymap = remapped.clone();
            h.rt.app.present = true;
            press_translated(&mut h, dsl, &defaults);
            h.rt.app.message = None;
            h.draw();
            let screen = h.screen();
            let named = screen.lines().find(|l| {
                l.contains("Alt-")
                    || l.contains("Ctrl-")
                    || l.split_whitespace().any(|w| w.starts_with('F') && w[1..].parse::<u8>().is_ok())
            });
            assert!(named.is_none(), "{name} in present mode at {width}x{height} names a key: {named:?}\n{screen}");
        }
    }
}

/// A participant's seat at each stage names no default key either (its footer and its
/// prose come from the same keymap).
#[test]
fn no_default_key_name_shows_on_a_participants_seat() {
    let defaults = Keymap::default();
    let (remapped, _) = remapped();
    let shown = default_names(&defaults);
    let mut found = Vec::new();
    for (stage, dsl) in [("capture", "2sn"), ("vote", "3vvs"), ("score", "3s"), ("confidence", "5m.."), ("watch", "4")] {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut h = Harness::demo(dir.path(), 100, 30);
        h.rt.app.keymap = remapped.clone();
        h.open_room();
        press_translated(&mut h, dsl, &defaults);
        let _seat = h.join(1, "Ana", (80, 24));
        for (width, height) in [(80, 24), (100, 30)] {
            let snapshot = h.seat_snapshot(1, width, height);
            let screen: String = snapshot.lines().map(|l| l.trim_end_matches(" ◀").trim_matches('"').to_string() + "\n").collect();
            if let Some(at) = default_key_shown(&screen, &shown) {
                found.push(format!("the seat's {stage} at {width}x{height}: {at}"));
            }
        }
    }
    assert!(found.is_empty(), "default key names still shown:\n{}", found.join("\n"));
}
