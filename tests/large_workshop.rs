//! No wall: a workshop of 100,000 backlog items, larger than the old 64 MB read limit,
//! opens, takes an edit and saves, and the file the store wrote reads back.

use quarterdeck::import::{Format, Imported, ImportedItem};
use quarterdeck::model::{Period, Workshop};
use quarterdeck::store::Store;
use quarterdeck::testing::{Harness, fixed_clock};

const ITEMS: usize = 100_000;

fn huge_workshop() -> Workshop {
    let mut w = Workshop::new("Huge", "Platform", Period::parse("2027-Q1").expect("period"), fixed_clock().now());
    let description = "Long-standing request from three teams; see the linked incident reviews. ".repeat(8);
    let items = (0..ITEMS)
        .map(|n| ImportedItem {
            title: format!("Backlog item number {n} from the old tracker"),
            description: description.clone(),
            external_id: Some(format!("OLD-{n}")),
            labels: vec!["legacy".into()],
            created: None,
            updated: None,
            ..ImportedItem::default()
        })
        .collect();
    w.import_backlog(Imported { format: Format::JiraCsv, items, skipped: Vec::new() }, "old.csv");
    w
}

#[test]
fn a_workshop_of_100000_items_over_64_mb_opens_takes_an_edit_and_saves() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _) = Store::open(dir.path().to_path_buf()).expect("store");
    let slug = store.create(&huge_workshop()).expect("a large workshop is written");
    let size = std::fs::metadata(store.path_of(&slug)).expect("file").len();
    assert!(size > 64 * 1024 * 1024, "the file is {size} bytes: past the old limit");
    assert_eq!(store.list()[0].summary.as_ref().map(|s| s.name.clone()).ok().as_deref(), Some("Huge"), "home lists it");

    let mut h = Harness::new(dir.path(), 100, 30);
    h.rt.open(&slug, Some(quarterdeck::model::Step::Brainstorm));
    h.draw();
    h.press("aAn idea in a huge workshop<Enter><Esc>");
    assert!(!h.rt.app.unsaved(), "saved:\n{}", h.screen());
    let saved = h.saved(&slug);
    assert_eq!(saved.backlog.items.len(), ITEMS);
    assert!(saved.initiatives.iter().any(|i| i.title == "An idea in a huge workshop"));
}
