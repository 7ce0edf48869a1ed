//! Two windows on one proposal file (issue 18): an engineer drafting in two terminals, or
//! reopening the proposal while the first window is still open. Every idea typed in
//! either window ends up in the file, each window shows what the other added once it
//! saves, and a file that holds somebody else's proposal is never overwritten: the window
//! asks for another name instead of throwing the draft away.

use std::path::{Path, PathBuf};

use quarterdeck::document::ProposalTarget;
use quarterdeck::model::proposal::Proposal;
use quarterdeck::store::{read_proposal, write_proposal};
use quarterdeck::testing::{Harness, fixed_clock};

/// A window drafting the proposal in `path`, opened as `quarterdeck propose` opens it.
fn window(data: &Path, path: &Path) -> Harness {
    let proposal = if path.exists() { read_proposal(path).expect("readable") } else { Proposal::new("Ada", fixed_clock().now()) };
    let base = path.exists().then(|| proposal.clone());
    let target = ProposalTarget {
        path: path.to_path_buf(),
        id: proposal.id.clone(),
        author: proposal.author.clone(),
        created: proposal.created,
        base,
    };
    let mut h = Harness::new(data, 100, 30);
    h.rt.draft(proposal.to_draft_as(fixed_clock().now(), "Ada"), target);
    h.draw();
    h
}

/// A window drafting a new proposal whose file is to be `path` (which holds another one).
fn new_proposal_at(data: &Path, path: &Path, width: u16, height: u16) -> Harness {
    let proposal = Proposal::new("Ada", fixed_clock().now());
    let target =
        ProposalTarget { path: path.to_path_buf(), id: proposal.id.clone(), author: "Ada".into(), created: proposal.created, base: None };
    let mut h = Harness::new(data, width, height);
    h.rt.draft(proposal.to_draft_as(fixed_clock().now(), "Ada"), target);
    h
}

fn titles(path: &Path) -> Vec<String> {
    read_proposal(path).expect("readable").initiatives.into_iter().map(|i| i.title).collect()
}

fn started(dir: &Path) -> (PathBuf, PathBuf) {
    let data = dir.join("data");
    let path = dir.join("ada.json");
    let mut first = Proposal::new("Ada", fixed_clock().now());
    let mut draft = first.to_draft_as(fixed_clock().now(), "Ada");
    let id = draft.allocate_id();
    draft.initiatives.push(quarterdeck::model::Initiative {
        id: quarterdeck::model::InitiativeId(id),
        title: "Faster CI".into(),
        ..Default::default()
    });
    first = Proposal::from_draft(&first.id, &first.author, first.created, &draft);
    write_proposal(&path, &first).expect("written");
    (data, path)
}

#[test]
fn ideas_typed_in_two_windows_all_reach_the_file_and_each_window_sees_the_others() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (data, path) = started(dir.path());
    let mut left = window(&data, &path);
    let mut right = window(&data, &path);

    left.press("aFlaky tests<Enter><Esc>");
    assert_eq!(titles(&path), ["Faster CI", "Flaky tests"]);
    right.press("aOn-call rota<Enter>");
    assert_eq!(titles(&path), ["Faster CI", "On-call rota", "Flaky tests"], "the right window kept the left's idea");
    let screen = right.screen();
    assert!(screen.contains("merged 1 change from another window"), "{screen}");
    assert!(screen.contains("Flaky tests") && screen.contains("On-call rota"), "{screen}");
    right.press("<Esc>");

    // The left window learns of the right's idea at its next save, and keeps its own edit.
    left.press("aBuild cache<Enter><Esc>");
    assert_eq!(titles(&path), ["Faster CI", "Flaky tests", "Build cache", "On-call rota"]);
    assert!(left.screen().contains("On-call rota"), "{}", left.screen());

    // A delete in one window is a delete in the file; the other's next save keeps it gone.
    right.press("gx");
    let after_delete = titles(&path);
    assert!(!after_delete.contains(&"Faster CI".to_string()), "{after_delete:?}");
    left.press("aTest data builders<Enter><Esc>");
    let both = titles(&path);
    assert!(!both.contains(&"Faster CI".to_string()), "the delete stands: {both:?}");
    assert!(both.contains(&"Test data builders".to_string()) && both.contains(&"Build cache".to_string()), "{both:?}");
}

#[test]
fn undo_after_a_merge_takes_back_only_this_windows_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (data, path) = started(dir.path());
    let mut left = window(&data, &path);
    let mut right = window(&data, &path);
    left.press("aFlaky tests<Enter><Esc>");
    right.press("aOn-call rota<Enter><Esc>");
    right.press("u");
    assert_eq!(titles(&path), ["Faster CI", "Flaky tests"], "undo removed the right's idea, not the left's");
}

#[test]
fn a_file_holding_another_proposal_asks_for_a_new_name_and_keeps_the_draft() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (data, path) = started(dir.path());
    let theirs = std::fs::read(&path).expect("read");
    // A new proposal aimed at a file that already holds another one (Ada's first proposal).
    let mut h = new_proposal_at(&data, &path, 80, 24);
    h.press("aSpot instances<Enter>");
    let screen = h.screen();
    assert!(screen.contains("Save the proposal as"), "{screen}");
    assert!(screen.contains("ada.json already holds another proposal"), "{screen}");
    assert!(screen.contains("ada-2.json"), "a free name is offered: {screen}");
    assert_eq!(std::fs::read(&path).expect("read"), theirs, "the other proposal is untouched");

    // Esc keeps the draft open and says it is not saved; the next change asks again.
    h.press("<Esc>");
    assert!(h.screen().contains("NOT SAVED"), "{}", h.screen());
    h.press("Retry budget<Enter>");
    assert!(h.screen().contains("Save the proposal as"), "{}", h.screen());
    h.press("<Enter><Esc>");
    let saved_as = dir.path().join("ada-2.json");
    assert_eq!(titles(&saved_as), ["Spot instances", "Retry budget"]);
    assert!(!h.screen().contains("Save the proposal as") && !h.screen().contains("NOT SAVED"), "{}", h.screen());
    // Later changes go to the new file.
    h.press("aChaos day<Enter><Esc>");
    assert_eq!(titles(&saved_as), ["Spot instances", "Retry budget", "Chaos day"]);
    assert_eq!(std::fs::read(&path).expect("read"), theirs);
}

#[test]
fn the_new_name_dialog_at_80x24_and_100x30() {
    for (width, height) in [(80, 24), (100, 30)] {
        let dir = tempfile::tempdir().expect("tempdir");
        let (data, path) = started(dir.path());
        let mut h = new_proposal_at(&data, &path, width, height);
        h.press("aSpot instances<Enter>");
        // The temporary folder's name, replaced by one as long, so the layout is the same.
        let shown = dir.path().display().to_string();
        let fixed = format!("/tmp/{}", "d".repeat(shown.len().saturating_sub(5)));
        insta::assert_snapshot!(format!("save_as_{width}x{height}"), h.snapshot().replace(&shown, &fixed));
    }
}

#[test]
fn the_new_name_dialog_draws_at_any_size_without_losing_the_draft() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (data, path) = started(dir.path());
    let mut h = new_proposal_at(&data, &path, 80, 24);
    h.press("aSpot instances<Enter>");
    for (width, height) in [(1, 1), (10, 4), (20, 6), (40, 8), (200, 60)] {
        h.resize(width, height);
    }
    h.resize(80, 24);
    assert!(h.screen().contains("Save the proposal as"), "{}", h.screen());
    h.press("<Enter>");
    assert_eq!(titles(&dir.path().join("ada-2.json")), ["Spot instances"]);
}
