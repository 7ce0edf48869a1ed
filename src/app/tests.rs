//! `update` driven with no disk and no terminal: keys and effect results in, the effects it
//! asks for and the state it leaves checked.

use crate::document::SaveState;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::store::Listing;

fn clock() -> Clock {
    Clock::Fixed("2026-11-21T10:00:00Z".parse().expect("timestamp"))
}

fn app() -> App {
    App::new(clock(), ThemeName::Dark, PathBuf::from("/nowhere"))
}

/// The app with the demo workshop open on `step`, as the loop would report it.
fn with_demo(step: Step) -> App {
    let mut app = app();
    let workshop = crate::demo::demo_workshop(clock().today());
    let opened = Opened {
        workshop,
        slug: Some("platform-team".into()),
        read_only: None,
        saved: Some(clock().now()),
        step: Some(step),
        views: serde_json::Value::Null,
        proposal: None,
        on_disk: None,
    };
    let effects = update(&mut app, Msg::Opened(Box::new(opened)));
    // A key result of the demo depends on the checkout team's: that workshop is read too.
    let peers = Effect::LoadPeers { only: Some(vec!["checkout-team".into()]) };
    assert!(effects.contains(&peers), "{effects:?}");
    assert!(effects.iter().all(|e| *e == Effect::Save || *e == peers), "opening asks for nothing but the step's save: {effects:?}");
    app
}

fn press(app: &mut App, keys: &str) -> Vec<Effect> {
    crate::testing::keys(keys).into_iter().flat_map(|k| update(app, Msg::Key(k))).collect()
}

fn listing(slug: &str) -> Listing {
    let summary = crate::store::Summary { name: slug.into(), team: String::new(), period: "2027-Q1".into(), step: None, due: None };
    Listing { slug: slug.into(), path: PathBuf::from(format!("/nowhere/{slug}.json")), modified: None, summary: Ok(summary) }
}

#[test]
fn enter_on_home_asks_to_open_the_selected_workshop() {
    let mut app = app();
    assert!(update(&mut app, Msg::Listed { listings: vec![listing("a"), listing("b")], select: Some("b".into()) }).is_empty());
    assert_eq!(press(&mut app, "<Enter>"), vec![Effect::Open { slug: "b".into(), step: None }]);
    assert_eq!(press(&mut app, "k<Enter>"), vec![Effect::Open { slug: "a".into(), step: None }]);
}

#[test]
fn deleting_from_home_asks_first_and_the_answer_is_the_effect() {
    let mut app = app();
    update(&mut app, Msg::Listed { listings: vec![listing("a")], select: None });
    assert!(press(&mut app, "d").is_empty());
    assert_eq!(app.context(), Context::Confirm);
    assert!(press(&mut app, "n").is_empty(), "no deletes nothing");
    assert!(press(&mut app, "d").is_empty());
    assert_eq!(press(&mut app, "y"), vec![Effect::Delete("a".into())]);
    assert_eq!(update(&mut app, Msg::Deleted("a".into())), vec![Effect::List { select: Some(String::new()) }]);
    assert!(app.message.as_ref().is_some_and(|m| m.text == "moved a to the trash (t shows it)"));
}

#[test]
fn a_change_on_a_step_asks_for_a_save_and_browsing_does_not() {
    let mut app = with_demo(Step::Prioritise);
    assert!(press(&mut app, "jj").is_empty(), "moving the selection writes nothing");
    assert_eq!(press(&mut app, "<Enter>3"), vec![Effect::Save], "a score is a change");
    assert_eq!(app.doc.as_ref().map(|d| d.save.clone()), Some(SaveState::Pending));
    update(&mut app, Msg::Saved(Box::new(crate::effect::SaveReport { at: clock().now(), committed: None, draft: None })));
    assert_eq!(app.doc.as_ref().map(|d| d.save.clone()), Some(SaveState::Saved(clock().now())));
    assert_eq!(press(&mut app, "u"), vec![Effect::Save], "undo is a change too");
}

#[test]
fn leaving_a_step_is_deliberate_and_closing_lists_home_again() {
    let mut app = with_demo(Step::Review);
    // Esc backs out of an earlier week first, then asks; a second Esc stays.
    press(&mut app, "[");
    assert!(press(&mut app, "<Esc>").is_empty());
    assert_eq!(app.screen.step(), Some(Step::Review));
    assert!(app.overlay.is_none(), "back to this week, nothing asked");
    assert!(press(&mut app, "<Esc>").is_empty());
    assert!(matches!(app.overlay, Some(Overlay::Leave(_))), "the top of a step asks");
    assert!(press(&mut app, "<Esc>").is_empty(), "a habitual second Esc answers no");
    assert!(app.overlay.is_none() && app.doc.is_some());
    assert_eq!(press(&mut app, "<Esc>y"), vec![Effect::Close], "yes leaves");
    assert_eq!(press(&mut app, "<C-w>"), vec![Effect::Close], "home is its own key");
    assert!(app.doc.is_some(), "nothing changes until the loop says it closed");
    let effects = update(&mut app, Msg::Closed { slug: Some("platform-team".into()) });
    assert_eq!(effects, vec![Effect::List { select: Some("platform-team".into()) }]);
    assert!(app.doc.is_none() && matches!(app.screen, Screen::Home(_)));
}

#[test]
fn a_refused_close_keeps_the_workshop_and_says_why() {
    let mut app = with_demo(Step::Backlog);
    update(&mut app, Msg::CloseRefused("disk full".into()));
    assert!(app.doc.is_some());
    assert!(app.message.as_ref().is_some_and(|m| m.error && m.text.contains("cannot leave: changes are NOT SAVED (press ! for why)")));
}

#[test]
fn an_import_read_by_the_loop_becomes_one_undoable_change() {
    let mut app = with_demo(Step::Backlog);
    assert_eq!(press(&mut app, "i"), vec![]);
    assert_eq!(app.context(), Context::PathPrompt);
    let effects = press(&mut app, "old.txt<Enter>");
    assert_eq!(effects, vec![Effect::ReadBacklog { path: "old.txt".into(), format: None }]);
    let before = app.doc.as_ref().map_or(0, |d| d.workshop().backlog.items.len());
    let items = crate::import::import("old.txt", b"Faster builds\nFewer pages\n", None).expect("imports");
    let effects = update(&mut app, Msg::BacklogRead { file: "old.txt".into(), items });
    assert_eq!(effects, vec![Effect::Save]);
    assert_eq!(app.doc.as_ref().map_or(0, |d| d.workshop().backlog.items.len()), before + 2);
    assert_eq!(app.context(), Context::Backlog, "the prompt closed");
    press(&mut app, "u");
    assert_eq!(app.doc.as_ref().map_or(0, |d| d.workshop().backlog.items.len()), before);
}

#[test]
fn a_failed_read_is_said_in_the_prompt_that_asked() {
    let mut app = with_demo(Step::Backlog);
    press(&mut app, "imissing.csv<Enter>");
    update(&mut app, Msg::Failed("missing.csv does not exist; check the path and try again".into()));
    assert_eq!(app.context(), Context::PathPrompt, "the prompt stays open to try again");
    assert!(app.message.is_none(), "the prompt says it, not the status line");
}

#[test]
fn a_drafting_engineer_leaves_with_escape_and_never_closes_a_workshop() {
    let mut app = app();
    let target = crate::document::ProposalTarget {
        path: "/nowhere/p.json".into(),
        id: "p1".into(),
        author: "Ada".into(),
        created: clock().now(),
        base: None,
    };
    let draft = crate::model::proposal::Proposal::new("Ada", clock().now()).to_draft(clock().now());
    let opened = Opened {
        workshop: draft,
        slug: None,
        read_only: None,
        saved: None,
        step: None,
        views: serde_json::Value::Null,
        proposal: Some(target),
        on_disk: None,
    };
    update(&mut app, Msg::Opened(Box::new(opened)));
    assert_eq!(app.context(), Context::Draft);
    assert!(press(&mut app, "aIdea one<Enter>").contains(&Effect::Save));
    assert_eq!(press(&mut app, "<Esc><Esc>"), vec![Effect::Quit]);
}

#[test]
fn the_timer_rings_once_when_a_tick_finds_it_over() {
    let mut app = with_demo(Step::Brainstorm);
    app.timer.minutes = 1;
    app.timer.toggle(clock().now() - jiff::SignedDuration::from_secs(61));
    assert_eq!(update(&mut app, Msg::Tick), vec![Effect::Bell]);
    assert_eq!(update(&mut app, Msg::Tick), vec![]);
}

#[test]
fn keys_named_in_messages_follow_the_keymap() {
    let mut app = with_demo(Step::Brainstorm);
    let (keymap, messages) = Keymap::with_overrides("[step]\nundo = \"ctrl-z\"\n", "keys.toml");
    assert!(messages.is_empty(), "{messages:?}");
    app.keymap = keymap;
    let mut effects = press(&mut app, "x");
    if app.context() == Context::Confirm {
        // The first idea drives a key result: deleting it is asked first.
        effects = press(&mut app, "y");
    }
    assert_eq!(effects, vec![Effect::Save]);
    let said = app.message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    assert!(said.starts_with("deleted \"") && said.ends_with("(Ctrl-z undoes it)"), "{said}");
    let key = KeyEvent::new(KeyCode::Char('p'), KeyModifiers::NONE);
    update(&mut app, Msg::Key(key));
    assert!(app.message.as_ref().is_some_and(|m| m.text == "present mode on (p to leave)"));
}
