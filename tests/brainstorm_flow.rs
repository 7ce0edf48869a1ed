//! Step 2 end to end: capture as fast as a room talks, silent mode and reveal, the timebox
//! under a hand-moved clock, edit/delete with undo, participants, and proposals drafted
//! alone then merged.

use std::collections::VecDeque;
use std::process::Command;

use quarterdeck::app::run::Incoming;
use quarterdeck::document::ProposalTarget;
use quarterdeck::model::Clock;
use quarterdeck::model::proposal::Proposal;
use quarterdeck::model::{InitiativeSource, Period, Size, Workshop};
use quarterdeck::store::Store;
use quarterdeck::testing::{Harness, fixed_clock};

fn room(dir: &std::path::Path) -> Harness {
    room_at(dir, 100, 30)
}

fn room_at(dir: &std::path::Path, width: u16, height: u16) -> Harness {
    let store = Store::open(dir.to_path_buf()).expect("store").0;
    let mut w = Workshop::new("Platform", "Infra", Period::parse("2027-Q1").expect("period"), fixed_clock().now());
    w.set_participants(&["Ada".into(), "Grace".into(), "Linus".into()]);
    store.create(&w).expect("create");
    let mut h = Harness::new(dir, width, height);
    h.press("<Enter>2");
    h
}

#[test]
fn capture_five_ideas_from_three_authors_without_leaving_capture() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = room(dir.path());
    assert!(h.screen().contains("Nothing captured yet"), "{}", h.screen());
    // Tab picks the next author (anonymous → Ada → Grace → Linus); Alt-n picks by number.
    h.press("a<Tab>Remote build cache<Enter>Preview environments<Enter>");
    h.press("<Tab>Flaky test quarantine<C-t><Enter>");
    h.press("<A-3>Cut the Kafka bill<Enter><A-0>Chaos day<Enter>");
    let screen = h.screen();
    for title in ["Remote build cache", "Preview environments", "Flaky test quarantine", "Cut the Kafka bill", "Chaos day"] {
        assert!(screen.contains(title), "{title} on screen:\n{screen}");
    }
    assert!(screen.contains("Ada 2 · Grace 1 · Linus 1 · anonymous 1"), "per-author counts:\n{screen}");
    assert!(screen.contains("type an idea"), "the capture line is still open:\n{screen}");
    let saved = h.saved("platform");
    let by = |t: &str| saved.initiatives.iter().find(|i| i.title == t).map(|i| (saved.author_name(i.author).to_string(), i.size));
    assert_eq!(by("Remote build cache"), Some(("Ada".into(), Size::Small)));
    assert_eq!(by("Flaky test quarantine"), Some(("Grace".into(), Size::Medium)), "Ctrl-t changed the size");
    assert_eq!(by("Cut the Kafka bill"), Some(("Linus".into(), Size::Small)), "the size goes back for the next idea");
    assert_eq!(by("Chaos day"), Some(("anonymous".into(), Size::Small)));
    // One undo removes the last idea only.
    h.press("<Esc>u");
    assert_eq!(h.saved("platform").initiatives.len(), 4);
}

#[test]
fn edit_and_delete_with_undo_and_a_description() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = room(dir.path());
    h.press("aFaster CI<C-d>");
    assert!(h.screen().contains("New initiative"), "{}", h.screen());
    // The title is typed: the description has the focus, so typing goes there at once.
    h.press("Builds take 18 minutes.<C-j>Half is cache misses.<Enter>");
    let saved = h.saved("platform");
    assert_eq!(saved.initiatives[0].description, "Builds take 18 minutes.\nHalf is cache misses.");
    h.press("<Esc><Enter>");
    assert!(h.screen().contains("Edit initiative"), "{}", h.screen());
    h.press(&"<BS>".repeat(12)).press("Fast feedback<Enter>");
    assert_eq!(h.saved("platform").initiatives[0].title, "Fast feedback");
    h.press("x");
    assert!(h.saved("platform").initiatives.is_empty());
    assert!(h.screen().contains("deleted \"Fast feedback\""), "{}", h.screen());
    h.press("u");
    assert_eq!(h.saved("platform").initiatives[0].title, "Fast feedback");
}

#[test]
fn silent_mode_hides_texts_but_saves_them_and_reveal_shows_all() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = room(dir.path());
    h.press("s");
    assert!(h.screen().contains("SILENT MODE"), "{}", h.screen());
    h.press("a<Tab>Secret idea one<Enter><Tab>Secret idea two<Enter><Esc>");
    let screen = h.screen();
    assert!(!screen.contains("Secret idea"), "texts hidden:\n{screen}");
    assert!(screen.contains("2 ideas captured"), "{screen}");
    let saved = h.saved("platform");
    assert_eq!(saved.initiatives.len(), 2);
    assert!(saved.initiatives.iter().all(|i| i.hidden), "saved, marked hidden");
    // Present mode hides the per-author counts too.
    h.press("p");
    assert!(!h.screen().contains("Grace"), "{}", h.screen());
    h.press("ps");
    let screen = h.screen();
    assert!(screen.contains("Secret idea one") && screen.contains("Secret idea two"), "revealed at once:\n{screen}");
    assert!(h.screen().contains("revealed 2 ideas"));
    assert!(h.saved("platform").initiatives.iter().all(|i| !i.hidden));
}

#[test]
fn the_timer_counts_down_under_a_moved_clock_and_rings_once_at_zero() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = room(dir.path());
    assert_eq!(h.rt.deadline(), None, "nothing to wake up for: idle means no redraws");
    h.press("-------");
    h.press("t");
    assert!(h.screen().contains("⏱ 03:00"), "three minutes after seven presses of -:\n{}", h.screen());
    assert!(h.rt.deadline().is_some(), "ticks while running");
    let start = fixed_clock().now();
    let at = |secs: i64| Clock::Fixed(start.checked_add(jiff::SignedDuration::from_secs(secs)).expect("valid"));
    h.rt.app.clock = at(95);
    h.run(VecDeque::from([Incoming::Timeout]));
    assert!(h.screen().contains("⏱ 01:25"), "{}", h.screen());
    assert_eq!(h.rt.bells, 0);
    h.rt.app.clock = at(180);
    h.run(VecDeque::from([Incoming::Timeout, Incoming::Timeout]));
    assert_eq!(h.rt.bells, 1, "rings once at zero");
    h.rt.app.clock = at(245);
    h.run(VecDeque::from([Incoming::Timeout]));
    assert!(h.screen().contains("TIME'S UP +01:05"), "keeps counting overtime:\n{}", h.screen());
    assert!(h.screen().contains("TIME'S UP +01:05"), "time's up, said:\n{}", h.screen());
    let buffer = h.backend().buffer().clone();
    let palette = quarterdeck::ui::theme::ThemeName::Dark.palette();
    let x = (0..buffer.area.width).find(|x| buffer[(*x, 1)].symbol() == "⏱").expect("timer on the title row");
    assert_eq!(buffer[(x, 1)].fg, palette.bad.fg.expect("red"), "the colour changes at zero");
    // Visible on every screen while running; pausing stops the ticks.
    h.press("5");
    assert!(h.screen().contains("TIME'S UP +01:05"), "{}", h.screen());
    h.press("2t");
    assert_eq!(h.rt.deadline(), None, "paused: no ticks");
    h.press("T");
    assert!(!h.screen().contains("⏱"), "reset hides it");
}

#[test]
fn participants_are_renamed_removed_and_added_here() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = room(dir.path());
    h.press("a<Tab>Idea by Ada<Enter><Esc>P");
    assert!(h.screen().contains("Participants"), "{}", h.screen());
    // Fields: 1 Ada, 2 Grace, 3 Linus, Add (focused).
    h.press("Margaret<S-Tab><End>");
    h.press(&"<BS>".repeat(5)).press("<S-Tab><S-Tab><End> L.<Enter>");
    let saved = h.saved("platform");
    let active: Vec<&str> = saved.active_participants().map(|p| p.name.as_str()).collect();
    assert_eq!(active, vec!["Ada L.", "Grace", "Margaret"]);
    assert_eq!(saved.author_name(saved.initiatives[0].author), "Ada L.");
    assert!(h.screen().contains("Ada L. 1 · Grace 0 · Margaret 0"), "{}", h.screen());
}

#[test]
fn prompt_cards_cycle() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = room(dir.path());
    h.press("n");
    assert!(h.screen().contains("Prompt card: What tool do you wish you had every day?"), "{}", h.screen());
    h.press("n");
    assert!(h.screen().contains("build system"), "{}", h.screen());
}

#[test]
fn a_proposal_drafted_alone_merges_once_with_its_author() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let store = Store::open(data.clone()).expect("store").0;
    let w = Workshop::new("Platform", "Infra", Period::parse("2027-Q1").expect("period"), fixed_clock().now());
    store.create(&w).expect("create");

    // Draft alone: the same capture line, saved to the proposal file as you go.
    let path = dir.path().join("ada.json");
    let proposal = Proposal::new("Ada", fixed_clock().now());
    let target =
        ProposalTarget { path: path.clone(), id: proposal.id.clone(), author: "Ada".into(), created: proposal.created, base: None };
    let mut h = Harness::new(&data, 100, 30);
    h.rt.draft(proposal.to_draft(fixed_clock().now()), target);
    h.draw();
    assert!(h.screen().contains("proposal by Ada") && h.screen().contains("Your proposal"), "{}", h.screen());
    h.press("aSpot instances for CI<Enter>Self-service API keys<C-d><Tab><Tab><Tab>4<Tab>2<Enter><Esc>");
    assert!(h.rt.quit || path.exists(), "saved continuously");
    let written = quarterdeck::store::read_proposal(&path).expect("a valid proposal");
    assert_eq!(written.initiatives.len(), 2);
    assert_eq!((written.initiatives[1].impact, written.initiatives[1].cost), (Some(4), Some(2)));

    let merge = || {
        Command::new(env!("CARGO_BIN_EXE_quarterdeck"))
            .arg("--data-dir")
            .arg(&data)
            .args(["merge", "Platform"])
            .arg(&path)
            .output()
            .expect("runs")
    };
    let first = merge();
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert!(String::from_utf8_lossy(&first.stdout).contains("Merged 2"), "{}", String::from_utf8_lossy(&first.stdout));
    let second = merge();
    assert!(String::from_utf8_lossy(&second.stdout).contains("already there"), "{}", String::from_utf8_lossy(&second.stdout));
    let w = store.load("platform").expect("load");
    assert_eq!(w.initiatives.len(), 2, "each once");
    assert!(w.initiatives.iter().all(|i| i.source == InitiativeSource::Proposal && w.author_name(i.author) == "Ada"));

    // Something that is not a proposal is refused in one sentence, and nothing changes.
    let workshop_file = store.path_of("platform");
    let refused = Command::new(env!("CARGO_BIN_EXE_quarterdeck"))
        .arg("--data-dir")
        .arg(&data)
        .args(["merge", "Platform"])
        .arg(&workshop_file)
        .output()
        .expect("runs");
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("platform.json") && stderr.contains("not a Quarterdeck proposal"), "{stderr}");
    assert_eq!(store.load("platform").expect("load").initiatives.len(), 2);
}

#[test]
fn merging_from_the_brainstorm_screen() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = room(dir.path());
    let folder = tempfile::tempdir().expect("proposals");
    for author in ["Ada", "Grace"] {
        let mut p = Proposal::new(author, fixed_clock().now());
        let mut draft = p.to_draft(fixed_clock().now());
        draft.capture(&quarterdeck::model::Capture { title: format!("{author}'s idea"), ..Default::default() }, fixed_clock().now());
        p = Proposal::from_draft(&p.id, author, p.created, &draft);
        quarterdeck::store::write_proposal(&folder.path().join(format!("{author}.json")), &p).expect("write");
    }
    h.press("m").press(&format!("{}<Enter>", folder.path().display()));
    let screen = h.screen();
    assert!(screen.contains("Ada's idea") && screen.contains("Grace's idea"), "{screen}");
    h.press("m").press(&format!("{}<Enter>", folder.path().display()));
    assert_eq!(h.saved("platform").initiatives.len(), 2, "merging again adds nothing");
}

#[test]
fn deleting_an_idea_that_drives_a_key_result_asks_first() {
    for (width, height) in [(80, 24), (100, 30)] {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut h = Harness::demo(dir.path(), width, height);
        h.press("2");
        let w = h.workshop().clone();
        let linked = |id| w.objectives.iter().flat_map(|o| &o.key_results).filter(|k| k.initiatives.contains(&id)).count();
        let shown: Vec<_> = w.initiatives.iter().filter(|i| !i.hidden).collect();
        let at = shown.iter().position(|i| linked(i.id) > 0).expect("the demo links ideas to key results");
        let driving = shown[at].clone();
        h.press(&format!("g{}x", "j".repeat(at)));
        let screen = h.screen();
        assert!(screen.contains("drives") && screen.contains("key result"), "asked first:\n{screen}");
        insta::assert_snapshot!(format!("delete_driving_idea_{width}x{height}"), h.snapshot());
        h.press("n");
        assert!(h.workshop().initiative(driving.id).is_some(), "n keeps it");
        h.press("xy");
        assert!(h.workshop().initiative(driving.id).is_none(), "y deletes it");
        assert!(h.workshop().objectives.iter().flat_map(|o| &o.key_results).all(|k| !k.initiatives.contains(&driving.id)), "unlinked");
        h.press("u");
        assert_eq!(
            h.workshop().objectives.iter().flat_map(|o| &o.key_results).filter(|k| k.initiatives.contains(&driving.id)).count(),
            linked(driving.id)
        );
        // An idea that drives nothing goes at once (undo brings it back).
        let free = shown.iter().position(|i| linked(i.id) == 0).expect("an unlinked idea");
        let id = shown[free].id;
        h.press(&format!("g{}x", "j".repeat(free)));
        assert!(h.workshop().initiative(id).is_none(), "{}", h.screen());
    }
}

#[test]
fn escape_keeps_what_was_typed_as_an_idea_and_undo_takes_it_back() {
    for (width, height) in [(80, 24), (100, 30)] {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut h = room_at(dir.path(), width, height);
        h.press("a<Tab>Half-typed idea<Esc>");
        assert_eq!(h.rt.app.context(), quarterdeck::keymap::Context::Brainstorm, "the line closed");
        let saved = h.saved("platform");
        assert_eq!(saved.initiatives.len(), 1, "kept, not thrown away");
        assert_eq!((saved.initiatives[0].title.as_str(), saved.author_name(saved.initiatives[0].author)), ("Half-typed idea", "Ada"));
        assert!(h.screen().contains("added \"Half-typed idea\" as you left (u undoes it)"), "{}", h.screen());
        h.press("u");
        assert!(h.saved("platform").initiatives.is_empty(), "undo covers capture");
        h.press("a<Esc>");
        assert!(h.saved("platform").initiatives.is_empty(), "an empty line adds nothing");
    }
}

#[test]
fn size_and_source_go_back_per_idea_unless_pinned() {
    for (width, height) in [(80, 24), (100, 30)] {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut h = room_at(dir.path(), width, height);
        h.press("aOne<C-t><C-t><C-o><Enter>Two<Enter>");
        h.press("Three<C-t><C-t><C-o><C-p>");
        assert!(h.screen().contains("large · product (pinned)"), "{}", h.screen());
        h.press("<Enter>Four<Enter><C-p>Five<Enter><Esc>");
        let saved = h.saved("platform");
        let of = |t: &str| saved.initiatives.iter().find(|i| i.title == t).map(|i| (i.size, i.source)).expect("captured");
        assert_eq!(of("One"), (Size::Large, InitiativeSource::Product));
        assert_eq!(of("Two"), (Size::Small, InitiativeSource::Team), "not pinned: back to the defaults");
        assert_eq!(of("Three"), (Size::Large, InitiativeSource::Product));
        assert_eq!(of("Four"), (Size::Large, InitiativeSource::Product), "pinned: kept");
        assert_eq!(of("Five"), (Size::Large, InitiativeSource::Product), "unpinned after Four: this one still had them");
        h.press("aSix<Enter><Esc>");
        assert_eq!(h.saved("platform").initiatives.last().map(|i| i.size), Some(Size::Small), "a new line starts from the defaults");
    }
}

#[test]
fn silent_mode_shows_the_line_being_typed_and_numbers_the_authors() {
    for (width, height) in [(80, 24), (100, 30)] {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut h = room_at(dir.path(), width, height);
        h.press("sa");
        let screen = h.screen();
        for author in ["Alt-0 anonymous", "Alt-1 Ada", "Alt-2 Grace", "Alt-3 Linus"] {
            assert!(screen.contains(author), "{author}:\n{screen}");
        }
        h.press("<A-2>Proofread me");
        assert!(h.screen().contains("Proofread me"), "the facilitator sees their own typing:\n{}", h.screen());
        insta::assert_snapshot!(format!("silent_capture_{width}x{height}"), h.snapshot());
        h.press("<Enter>");
        assert!(!h.screen().contains("Proofread me"), "the list stays hidden:\n{}", h.screen());
        assert_eq!(h.saved("platform").initiatives[0].title, "Proofread me");
    }
}
