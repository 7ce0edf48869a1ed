//! The figures a user feels (issue 15): memory after hundreds of edits, keystroke delay
//! while saves are written, the first frame through the real binary in a pseudo-terminal,
//! and how each grows from 1,000 to 100,000 backlog items.

use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use quarterdeck::app::run::Incoming;
use quarterdeck::model::{Step, Workshop};
use quarterdeck::store::Store;
use quarterdeck::testing::Harness;

use crate::pty::Pty;

/// Keys typed in a burst, 40 ms apart (25 keys a second, a fast typist).
const BURST: usize = 175;
const KEY_GAP: Duration = Duration::from_millis(40);

/// The edit probe (a process of its own): opens `slug`, makes `edits` score changes on step
/// 3, each an undo entry, saves once, and prints peak resident memory in KiB.
pub fn memory_after_edits(dir: &Path, slug: &str, edits: usize) {
    let mut h = Harness::new(dir, 200, 50);
    h.rt.debounce = Duration::from_secs(3600);
    h.rt.open(slug, Some(Step::Prioritise));
    h.draw();
    h.press("<Enter>");
    for n in 0..edits {
        h.press(if n % 2 == 0 { "3" } else { "4" });
        if n % 20 == 19 {
            h.press("j");
        }
    }
    h.press("<Esc>");
    h.rt.save_now();
    assert!(!h.rt.app.unsaved(), "the edits were saved");
    println!("{}", crate::vm_hwm_kib().unwrap_or(0));
}

/// Peak memory (KiB) of a fresh process of this binary running the edit probe.
pub fn probe_memory(dir: &Path, slug: &str, edits: usize) -> u64 {
    let out = std::process::Command::new(std::env::current_exe().expect("this binary"))
        .env("QD_BENCH_MEMORY", dir)
        .env("QD_BENCH_SLUG", slug)
        .env("QD_BENCH_EDITS", edits.to_string())
        .output()
        .expect("the memory probe runs");
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap_or(0)
}

/// How long each key of a typed burst waited, from when it was typed until its frame was
/// drawn, with saves written as the app writes them (on the worker thread, 300 ms after a
/// pause) or, for the baseline, with no save at all. The loop between keys does what the
/// real loop does: takes the worker's results and meets the save deadlines.
pub fn typing_delays(dir: &Path, slug: &str, saving: bool) -> Vec<Duration> {
    let mut h = Harness::new(dir, 100, 30);
    let (tx, rx) = mpsc::channel();
    h.rt.save_in_background(tx);
    h.rt.debounce = if saving { Duration::from_millis(300) } else { Duration::from_secs(3600) };
    h.rt.open(slug, Some(Step::Brainstorm));
    h.draw();
    h.press("a");
    let text = "Faster CI for all ";
    let mut delays = Vec::with_capacity(BURST);
    let start = Instant::now();
    for (n, ch) in text.chars().cycle().take(BURST).enumerate() {
        let typed_at = start + KEY_GAP * u32::try_from(n).unwrap_or(u32::MAX);
        idle_until(&mut h, &rx, typed_at);
        // Every 18th key ends an idea: a change, so the saves keep coming.
        let key = if n % text.len() == text.len() - 1 { "<Enter>".to_string() } else { ch.to_string() };
        h.press(&key);
        delays.push(typed_at.elapsed());
    }
    h.press("<Esc>");
    h.rt.shutdown();
    delays
}

/// The loop between keys: sleeps until `until`, waking for the worker's results and the
/// save deadline as the real loop does.
fn idle_until(h: &mut Harness, rx: &mpsc::Receiver<Incoming>, until: Instant) {
    loop {
        let now = Instant::now();
        if now >= until {
            return;
        }
        let wait = h.rt.deadline().map_or(until - now, |d| d.min(until - now));
        match rx.recv_timeout(wait) {
            Ok(incoming) => {
                if h.rt.handle(incoming) {
                    h.draw();
                }
            }
            Err(_) => {
                if h.rt.handle(Incoming::Timeout) {
                    h.draw();
                }
            }
        }
    }
}

/// The longest wait and the 99th percentile.
pub fn max_and_p99(mut delays: Vec<Duration>) -> (Duration, Duration) {
    delays.sort();
    let max = delays.last().copied().unwrap_or_default();
    let p99 = delays.get(delays.len() * 99 / 100).copied().unwrap_or(max);
    (max, p99)
}

/// Start-up as a user sees it: the real binary in a pseudo-terminal, from spawning it to
/// the workshop's name on screen. The median of `runs`.
pub fn first_frame_through_the_binary(dir: &Path, slug: &str, shows: &str, runs: usize) -> Option<Duration> {
    let home = tempfile::tempdir().expect("a home");
    let data = dir.to_str().expect("a UTF-8 path");
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        let mut pty = Pty::spawn(&["--data-dir", data, "open", slug], home.path(), &[])?;
        pty.wait_for(shows);
        times.push(started.elapsed());
        pty.send("q");
        pty.wait_exit();
    }
    times.sort();
    times.get(times.len() / 2).copied()
}

/// A plain read and parse of the file: the baseline of start-up.
pub fn read_and_parse(path: &Path) -> Duration {
    let started = Instant::now();
    let bytes = std::fs::read(path).expect("the file");
    std::hint::black_box(serde_json::from_slice::<Workshop>(&bytes).expect("parses"));
    started.elapsed()
}

/// The reference workshop's backlog cut or grown to `items`, saved in `dir`.
pub fn workshop_of(items: usize, dir: &Path) -> String {
    let mut w = super::workshop_with_backlog(items);
    w.name = format!("Growth {items}");
    let (store, _) = Store::open(dir.to_path_buf()).expect("store");
    store.create(&w).expect("saves")
}
