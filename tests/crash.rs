//! Crash safety: a process saving a workshop as fast as it can is killed with SIGKILL at a
//! random moment, 200 times over. After each kill the store is opened again (which
//! recovers or tidies temporary files) and the workshop must load and be exactly the
//! version being replaced or the one replacing it, never a mix.
//!
//! The saver is this test binary itself, started again with `--exact saver_child` and
//! `QD_CRASH_CHILD` set to the data folder, so nothing extra is built or shipped. Without
//! that variable `saver_child` does nothing.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use jiff::Timestamp;
use quarterdeck::model::{Capture, Period, Workshop};
use quarterdeck::store::{Store, StoreError};

const CHILD_ENV: &str = "QD_CRASH_CHILD";
const CHILD_TEST: &str = "saver_child";
const KILLS: u32 = 200;
const SLUG: &str = "crash-loop";
/// What the child writes to stdout before each save: `saving N` (the first one follows the
/// test harness's `test saver_child ... ` on the same line).
const ANNOUNCE: &str = "saving ";

/// Version `n` of the workshop: the counter in the team field and a number of initiatives
/// that grows and shrinks with it, so that consecutive versions differ in content and size.
fn version(n: u64) -> Workshop {
    let period = Period::parse("2027-Q1").expect("period");
    // The same version has the same (random) ids in every process.
    quarterdeck::model::ids::seed(n);
    let mut w = Workshop::new("Crash loop", &format!("v{n}"), period, Timestamp::UNIX_EPOCH);
    for i in 0..=(n % 40) {
        let title = format!("Initiative {i} of version {n}: {}", "x".repeat((n % 7) as usize * 20));
        w.capture(&Capture { title, ..Capture::default() }, Timestamp::UNIX_EPOCH).expect("a title");
    }
    w
}

fn counter_of(w: &Workshop) -> u64 {
    w.team.strip_prefix('v').and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("no counter in team {:?}", w.team))
}

/// The saver: runs only when started by `killed_mid_save_200_times_never_loses_the_file`.
#[test]
fn saver_child() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else { return };
    let (store, _) = Store::open(PathBuf::from(dir)).expect("open the store");
    // Every save takes the lock around its write, as the app's do; a kill releases it.
    let mut counter = counter_of(&store.load(SLUG).expect("load"));
    let mut out = std::io::stdout().lock();
    loop {
        counter += 1;
        writeln!(out, "{ANNOUNCE}{counter}").expect("announce");
        out.flush().expect("announce");
        store.save(SLUG, &version(counter)).expect("save");
    }
}

/// xorshift64: reproducible kill moments without another dependency.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Temporary files of interrupted saves anywhere under `dir` (`.{name}.json.{suffix}`).
fn temp_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return found };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            found.extend(temp_files(&path));
        } else if name.starts_with('.') && name.contains(".json.") {
            found.push(path);
        }
    }
    found
}

#[test]
#[allow(clippy::too_many_lines)] // one loop and its tally, read best in one piece
fn killed_mid_save_200_times_never_loses_the_file() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let started = Instant::now();
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("data");
    let (store, _) = Store::open(dir.clone()).expect("open");
    store.save(SLUG, &version(0)).expect("the first version");
    let exe = std::env::current_exe().expect("the test binary");

    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let (mut unreadable, mut recovered, mut saves_begun, mut kills_while_saving) = (0u32, 0usize, 0u64, 0u32);
    let mut partial = std::collections::HashSet::new();
    let mut last = 0u64;
    for round in 1..=KILLS {
        let mut child = Command::new(&exe)
            .args(["--exact", CHILD_TEST, "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, &dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the saver");
        // The one sleep here is the thing under test: a random moment to kill the saver at.
        let delay = 1 + rng.next() % 30;
        std::thread::sleep(Duration::from_millis(delay));
        child.kill().expect("SIGKILL the saver");
        let status = child.wait().expect("reap the saver");
        let mut out = String::new();
        child.stdout.take().expect("stdout").read_to_string(&mut out).expect("read the saver's stdout");
        let mut err = String::new();
        child.stderr.take().expect("stderr").read_to_string(&mut err).expect("read the saver's stderr");
        {
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(status.signal(), Some(9), "round {round}: the saver ended by itself ({status:?})\n{out}\n{err}");
        }
        let announced: Vec<u64> = out.lines().filter_map(|l| l.split_once(ANNOUNCE)?.1.parse().ok()).collect();
        if let (Some(first), Some(_)) = (announced.first(), announced.last()) {
            assert_eq!(*first, last + 1, "round {round}: the saver starts from the version on disk");
            saves_begun += announced.len() as u64;
            kills_while_saving += 1;
        }

        let before = temp_files(&dir).len();
        let (store, _notices) = Store::open(dir.clone()).expect("open after the kill");
        let after = temp_files(&dir);
        assert!(after.is_empty(), "round {round}: temporary files are recovered or tidied at the next start: {after:?}");
        recovered += before;
        let loaded = match store.load(SLUG) {
            Ok(w) => w,
            Err(e @ StoreError::NotFound { .. }) => panic!("round {round}: the workshop file is gone: {e}"),
            Err(e) => {
                unreadable += 1;
                eprintln!("round {round}: unreadable after the kill: {e}");
                continue;
            }
        };
        for backup in store.backups(SLUG) {
            // A save cut short leaves a half-written temporary file newer than the workshop;
            // recovery never deletes such a file but keeps it aside, labelled "partly
            // written (not readable)". It is evidence, not a backup to restore: the workshop
            // itself (checked above) is what must always load.
            if backup.kind == quarterdeck::store::BackupKind::Partial {
                partial.insert(backup.path.clone());
                continue;
            }
            let bytes = std::fs::read(&backup.path).expect("read a backup");
            if serde_json::from_slice::<serde_json::Value>(&bytes).is_err() {
                unreadable += 1;
                eprintln!("round {round}: backup {} is unreadable", backup.path.display());
            }
        }
        let got = counter_of(&loaded);
        let acceptable = match announced.last() {
            None => got == last,
            Some(&n) => got == n || got + 1 == n,
        };
        assert!(acceptable, "round {round}: loaded version {got}; before the kill {last}, last announced {:?}", announced.last());
        assert_eq!(loaded, version(got), "round {round}: version {got} loads exactly as it was saved");
        last = got;
    }
    println!(
        "crash loop: {KILLS} kills, {unreadable} unreadable, {recovered} recovered temp files, {} half-written copies kept aside",
        partial.len()
    );
    println!(
        "crash loop: {kills_while_saving} kills after saving began, {saves_begun} saves begun, version {last} on disk, {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(unreadable, 0, "every file loads after every kill");
}
