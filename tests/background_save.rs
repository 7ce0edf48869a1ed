//! Saves off the keyboard's path: with the worker thread the binary uses, a change is
//! written while the person goes on typing, what they type meanwhile is saved by the next
//! save, "saved" shows only once the bytes are on disk, and leaving waits for the save in
//! flight. Driven through the real run loop; the waits are on the worker's own signal.

use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use quarterdeck::app::run::Incoming;
use quarterdeck::testing::Harness;

/// The demo open with saves on a worker thread, as `quarterdeck` runs them.
fn with_worker(dir: &std::path::Path, debounce: Duration) -> (Harness, Receiver<Incoming>) {
    let mut h = Harness::demo(dir, 100, 30);
    let (tx, rx) = mpsc::channel();
    h.rt.save_in_background(tx);
    h.rt.debounce = debounce;
    (h, rx)
}

/// Lets the debounce deadline pass (it is a millisecond away) and hands the save over.
fn hand_over_the_save(h: &mut Harness) {
    let due = h.rt.save_due().expect("a save is due");
    while Instant::now() < due {
        std::hint::spin_loop();
    }
    h.rt.handle(Incoming::Timeout);
    assert!(h.rt.saving_in_background(), "the save went to the worker");
}

/// Waits for the worker's signal and lets the loop take the result.
fn land(h: &mut Harness, rx: &Receiver<Incoming>) {
    let incoming = rx.recv_timeout(Duration::from_secs(30)).expect("the worker signals");
    assert!(matches!(incoming, Incoming::SaveFinished));
    h.rt.handle(incoming);
    h.draw();
}

fn titles_on_disk(h: &Harness) -> Vec<String> {
    h.saved(&h.slug()).initiatives.iter().map(|i| i.title.clone()).collect()
}

#[test]
fn typing_goes_on_while_a_save_is_written_and_the_next_save_takes_what_was_typed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut h, rx) = with_worker(dir.path(), Duration::from_millis(1));
    h.press("2aFirst idea<Enter>");
    hand_over_the_save(&mut h);
    // Keys are handled while the worker writes: the screen shows them at once.
    h.press("Second idea<Enter>");
    assert!(h.screen().contains("Second idea"));
    assert!(!h.screen().contains("saved 09:"), "not saved before the bytes are on disk:\n{}", h.screen());
    land(&mut h, &rx);
    assert!(titles_on_disk(&h).contains(&"First idea".to_string()));
    assert!(!titles_on_disk(&h).contains(&"Second idea".to_string()), "the second idea waits for the next save");
    // What was typed meanwhile is saved by the next save, with nothing retyped.
    hand_over_the_save(&mut h);
    land(&mut h, &rx);
    let titles = titles_on_disk(&h);
    assert!(titles.contains(&"First idea".to_string()) && titles.contains(&"Second idea".to_string()), "{titles:?}");
    assert!(h.screen().contains("saved"), "{}", h.screen());
}

#[test]
fn quitting_waits_for_the_save_in_flight_and_saves_the_rest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut h, _rx) = with_worker(dir.path(), Duration::from_millis(1));
    h.press("2aIn flight<Enter>");
    hand_over_the_save(&mut h);
    h.press("Typed after<Enter><Esc>");
    h.rt.shutdown();
    let titles = titles_on_disk(&h);
    assert!(titles.contains(&"In flight".to_string()) && titles.contains(&"Typed after".to_string()), "{titles:?}");
    assert!(!h.rt.saving_in_background());
}

#[test]
fn a_change_on_disk_during_a_save_is_merged_once_the_save_lands() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut h, rx) = with_worker(dir.path(), Duration::from_millis(1));
    let slug = h.slug();
    h.press("2aMine<Enter>");
    hand_over_the_save(&mut h);
    // The save lands first (the worker holds the lock), then a script adds its own idea,
    // and the watch reports it before the loop has heard of the save.
    let incoming = rx.recv_timeout(Duration::from_secs(30)).expect("the worker signals");
    let cron = quarterdeck::store::Store::open(dir.path().to_path_buf()).expect("store").0;
    let now = quarterdeck::testing::fixed_clock().now();
    cron.change(&slug, now, |w| w.capture(&quarterdeck::model::Capture { title: "From cron".into(), ..Default::default() }, now))
        .expect("cron writes");
    h.rt.sync_now();
    h.rt.handle(incoming);
    h.draw();
    assert!(h.workshop().initiatives.iter().any(|i| i.title == "From cron"), "{}", h.screen());
    assert!(h.workshop().initiatives.iter().any(|i| i.title == "Mine"));
}

#[test]
fn each_change_moves_the_save_to_a_pause_after_it_but_never_past_two_seconds_from_the_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut h, _rx) = with_worker(dir.path(), Duration::from_millis(300));
    h.press("2aA<Enter>");
    let first = h.rt.save_due().expect("due");
    assert!(first <= Instant::now() + Duration::from_millis(300));
    h.press("B<Enter>");
    let second = h.rt.save_due().expect("due");
    assert!(second >= first, "the pause counts from the latest change");
    h.rt.debounce = Duration::from_secs(60);
    h.press("C<Enter>");
    let capped = h.rt.save_due().expect("due");
    // The first change was made a debounce before its first deadline.
    let first_change = first.checked_sub(Duration::from_millis(300)).expect("after boot");
    assert!(capped <= first_change + Duration::from_secs(2), "a steady typist's changes are saved within 2 s of the first");
    assert!(capped < Instant::now() + Duration::from_secs(3), "not a minute away");
}
