//! The real binary in a pseudo-terminal (80x24, `TERM=xterm-256color`): keys in as bytes,
//! everything it writes fed to a vt100 parser, and the screen, exit status, saved files
//! and terminal state checked. No sleeps: every wait reads until the screen shows the
//! expected text, or fails with the screen once the test's deadline has passed.
//!
//! When the machine has no pseudo-terminals (no `/dev/ptmx`), each test says so and passes.

use std::ffi::OsStr;
use std::fs::OpenOptions;
use std::io::{ErrorKind, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use expectrl::process::unix::{Signal, WaitStatus};
use expectrl::session::OsSession;

const BIN: &str = env!("CARGO_BIN_EXE_quarterdeck");
const ROWS: u16 = 24;
const COLS: u16 = 80;
/// How long one whole test may wait on the program, all waits together.
const DEADLINE: Duration = Duration::from_secs(20);

const ENTER: &str = "\r";
const TAB: &str = "\t";
const ESC: &str = "\x1b";
const DOWN: &str = "\x1b[B";
const ENTER_ALT_SCREEN: &[u8] = b"\x1b[?1049h";
const LEAVE_ALT_SCREEN: &[u8] = b"\x1b[?1049l";
const HIDE_CURSOR: &[u8] = b"\x1b[?25l";
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";

/// The program running in a PTY, with everything it has written so far.
struct Pty {
    session: OsSession,
    /// Output chunks from a thread blocked on reading the PTY; disconnected once the
    /// program has exited and closed the terminal.
    output: Receiver<Vec<u8>>,
    closed: bool,
    raw: Vec<u8>,
    parser: vt100::Parser,
    deadline: Instant,
    status: Option<WaitStatus>,
}

/// Whether this machine can give us a pseudo-terminal at all.
fn pty_available() -> bool {
    match OpenOptions::new().read(true).write(true).open("/dev/ptmx") {
        Ok(_) => true,
        Err(e) => {
            eprintln!("SKIPPED: no pseudo-terminal available (/dev/ptmx: {e}); the PTY tests did not run");
            false
        }
    }
}

impl Pty {
    /// Starts `quarterdeck ARGS` in an 80x24 PTY; `None` (after saying so) when there are
    /// no PTYs here. `home` stands in for the user's home and temporary folders.
    fn spawn(args: &[&str], home: &Path, env: &[(&str, &OsStr)]) -> Option<Self> {
        if !pty_available() {
            return None;
        }
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .env("TERM", "xterm-256color")
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("xdg-data"))
            .env_remove("QUARTERDECK_DATA_DIR")
            .env_remove("NO_COLOR")
            .env_remove("COLORTERM");
        for (key, value) in env {
            cmd.env(key, value);
        }
        let mut session = OsSession::spawn(cmd).expect("spawn quarterdeck in a PTY");
        session.get_process_mut().set_window_size(COLS, ROWS).expect("set the PTY to 80x24");
        let mut reader = session.get_process().get_raw_handle().expect("a handle on the PTY to read from");
        let (tx, output) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(n) if n > 0 => {
                        if tx.send(buf[..n].to_vec()).is_err() {
                            break;
                        }
                    }
                    Err(e) if e.kind() == ErrorKind::Interrupted => {}
                    // End of file, or EIO: Linux reports it once the program has closed its
                    // side of the terminal.
                    _ => break,
                }
            }
        });
        Some(Self {
            session,
            output,
            closed: false,
            raw: Vec::new(),
            parser: vt100::Parser::new(ROWS, COLS, 0),
            deadline: Instant::now() + DEADLINE,
            status: None,
        })
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// What a failure shows: the screen, and the last bytes the program wrote.
    fn report(&self) -> String {
        let tail = &self.raw[self.raw.len().saturating_sub(400)..];
        format!(
            "--- screen ({} bytes written, alternate screen {}) ---\n{}\n--- last bytes ---\n{}",
            self.raw.len(),
            self.parser.screen().alternate_screen(),
            self.screen(),
            tail.escape_ascii()
        )
    }

    fn feed(&mut self, chunk: &[u8]) {
        self.raw.extend_from_slice(chunk);
        self.parser.process(chunk);
    }

    /// Takes the next chunk of output, waiting until the deadline; false once the program
    /// has closed the terminal.
    fn pump(&mut self, waiting_for: &str) -> bool {
        if self.closed {
            return false;
        }
        let left = self.deadline.saturating_duration_since(Instant::now());
        match self.output.recv_timeout(left) {
            Ok(chunk) => {
                self.feed(&chunk);
                true
            }
            Err(RecvTimeoutError::Disconnected) => {
                self.closed = true;
                false
            }
            Err(RecvTimeoutError::Timeout) => panic!("gave up after {DEADLINE:?} waiting for {waiting_for}\n{}", self.report()),
        }
    }

    /// Reads until the screen shows `text`.
    fn wait_for(&mut self, text: &str) {
        self.wait_until(&format!("the screen to show {text:?}"), |screen| screen.contains(text));
    }

    /// Reads until `ready` holds for the screen text; `what` says what that means.
    fn wait_until(&mut self, what: &str, ready: impl Fn(&str) -> bool) {
        while !ready(&self.screen()) {
            if !self.pump(what) {
                let status = self.wait_exit();
                panic!("the program ended ({status:?}) before {what}\n{}", self.report());
            }
        }
    }

    fn send(&mut self, keys: &str) {
        self.session.write_all(keys.as_bytes()).expect("write keys to the PTY");
        self.session.flush().expect("flush keys to the PTY");
    }

    /// Resizes the terminal (the program gets SIGWINCH) and the screen model with it.
    fn resize(&mut self, cols: u16, rows: u16) {
        self.parser.screen_mut().set_size(rows, cols);
        self.session.get_process_mut().set_window_size(cols, rows).expect("resize the PTY");
    }

    fn signal(&mut self, signal: Signal) {
        self.session.get_process_mut().kill(signal).expect("signal the program");
    }

    /// Reads everything until the program closes the terminal, then its exit status.
    fn wait_exit(&mut self) -> WaitStatus {
        if let Some(status) = self.status {
            return status;
        }
        while self.pump("the program to exit") {}
        // The terminal is closed as the process exits; it is reaped a moment later.
        loop {
            match self.session.get_process().status() {
                Ok(WaitStatus::StillAlive) => {
                    assert!(Instant::now() < self.deadline, "closed the terminal but did not exit\n{}", self.report());
                    std::thread::yield_now();
                }
                Ok(status) => {
                    self.status = Some(status);
                    return status;
                }
                Err(e) => panic!("could not get the exit status: {e}\n{}", self.report()),
            }
        }
    }

    fn assert_exit_code(&mut self, code: i32) {
        match self.wait_exit() {
            WaitStatus::Exited(_, c) if c == code => {}
            other => panic!("expected exit code {code}, got {other:?}\n{}", self.report()),
        }
    }

    /// The terminal is as the program found it: out of the alternate screen, cursor shown,
    /// mouse reporting and bracketed paste off. Call after the program has exited.
    fn assert_terminal_restored(&self) {
        let raw = &self.raw;
        let entered = rfind(raw, ENTER_ALT_SCREEN).unwrap_or_else(|| panic!("never entered the alternate screen\n{}", self.report()));
        let left = rfind(raw, LEAVE_ALT_SCREEN).unwrap_or_else(|| panic!("never left the alternate screen\n{}", self.report()));
        assert!(left > entered, "the last alternate-screen switch is into it, not out of it\n{}", self.report());
        let shown = rfind(raw, SHOW_CURSOR).unwrap_or_else(|| panic!("never showed the cursor\n{}", self.report()));
        assert!(rfind(raw, HIDE_CURSOR).is_none_or(|hidden| hidden < shown), "the cursor is left hidden\n{}", self.report());
        // Nothing is drawn once the alternate screen is left: it ends with those sequences.
        let ending = &raw[left..];
        assert!(
            ending.ends_with(SHOW_CURSOR),
            "output ends with {:?}, not by showing the cursor\n{}",
            ending.escape_ascii().to_string(),
            self.report()
        );
        let rest = strip_sequences(ending, &[LEAVE_ALT_SCREEN, SHOW_CURSOR]);
        assert!(rest.is_empty(), "after leaving the alternate screen it wrote {:?}\n{}", rest.escape_ascii().to_string(), self.report());

        let screen = self.parser.screen();
        assert!(!screen.alternate_screen(), "still in the alternate screen\n{}", self.report());
        assert!(!screen.hide_cursor(), "the cursor is hidden\n{}", self.report());
        assert_eq!(screen.mouse_protocol_mode(), vt100::MouseProtocolMode::None, "mouse reporting left on\n{}", self.report());
        assert!(!screen.bracketed_paste(), "bracketed paste left on\n{}", self.report());
    }
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// `bytes` without any of `sequences`.
fn strip_sequences(bytes: &[u8], sequences: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(s) = sequences.iter().find(|s| bytes[i..].starts_with(s)) {
            i += s.len();
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder for the test")
}

fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON ({e}):\n{text}", path.display()))
}

/// Names in a folder, sorted (hidden ones too).
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("a folder entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn create_a_workshop_from_home_then_quit_restores_the_terminal() {
    let root = temp();
    let home = root.path().join("home");
    let data = root.path().join("data");
    std::fs::create_dir_all(&home).expect("home");
    let Some(mut pty) = Pty::spawn(&["--data-dir", data.to_str().expect("a UTF-8 path")], &home, &[]) else { return };

    pty.wait_for("No workshops yet");
    pty.send("n");
    pty.wait_for("New workshop");
    pty.send("Weekly Ops");
    pty.send(TAB);
    pty.send("SRE");
    pty.wait_for("SRE");
    pty.send(ENTER);
    pty.wait_for("Step 1 · Backlog");
    // The status line names the workshop, its period and its team.
    pty.wait_until("a status line \"Weekly Ops · PERIOD · SRE\"", |screen| {
        screen.lines().any(|l| l.trim_start().starts_with("Weekly Ops · ") && l.contains(" · SRE"))
    });
    pty.send("q");
    pty.assert_exit_code(0);

    let file = data.join("weekly-ops.json");
    assert!(file.is_file(), "{} written; the data folder has {:?}", file.display(), entries(&data));
    let json = read_json(&file);
    assert_eq!(json["name"], "Weekly Ops", "{json:#}");
    assert_eq!(json["team"], "SRE", "{json:#}");
    pty.assert_terminal_restored();
}

/// Runs `quarterdeck new NAME --team TEAM` in `data` (no terminal needed); the file's path.
fn new_workshop(home: &Path, data: &Path, name: &str, team: &str) -> std::path::PathBuf {
    let created = Command::new(BIN)
        .env_remove("QUARTERDECK_DATA_DIR")
        .env("HOME", home)
        .arg("--data-dir")
        .arg(data)
        .args(["new", name, "--team", team, "--period", "2027-Q2"])
        .stdin(Stdio::null())
        .output()
        .expect("run quarterdeck new");
    assert!(created.status.success(), "quarterdeck new failed: {created:?}");
    let file = data.join("platform-team.json");
    assert_eq!(read_json(&file)["team"], team);
    file
}

/// A fresh home folder and data folder under a temporary root.
fn folders() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let root = temp();
    let home = root.path().join("home");
    let data = root.path().join("data");
    std::fs::create_dir_all(&home).expect("home");
    (root, home, data)
}

/// Opens "Platform team" from home and changes its team in the settings (`,`), leaving the
/// debounced save pending. `None` when there is no PTY here.
fn open_and_change_the_team(home: &Path, data: &Path, env: &[(&str, &OsStr)]) -> Option<Pty> {
    let mut pty = Pty::spawn(&["--data-dir", data.to_str().expect("a UTF-8 path")], home, env)?;
    pty.wait_for("Platform team");
    pty.send(ENTER);
    pty.wait_for("Step 1 · Backlog");
    pty.send(",");
    pty.wait_for("Workshop settings");
    pty.send(TAB);
    pty.send(" Ops");
    pty.wait_for("Infra Ops");
    pty.send(ENTER);
    pty.wait_for("settings saved");
    Some(pty)
}

fn a_signal_saves_a_pending_change_and_restores_the_terminal(signal: Signal) {
    let (_root, home, data) = folders();
    let file = new_workshop(&home, &data, "Platform team", "Infra");
    let Some(mut pty) = open_and_change_the_team(&home, &data, &[]) else { return };
    // The save waits 300 ms for more changes; the signal should not wait for it.
    let saved_before_signal = read_json(&file)["team"] != "Infra";
    pty.signal(signal);
    let status = pty.wait_exit();
    assert!(matches!(status, WaitStatus::Exited(..)), "exits by itself on {signal:?}, not killed by it: {status:?}\n{}", pty.report());
    if saved_before_signal {
        eprintln!("note: the debounced save had already happened before {signal:?} arrived; the save on the way out was not exercised");
    }

    let json = read_json(&file);
    let team = json["team"].as_str().unwrap_or_else(|| panic!("a team in {json:#}"));
    assert!(team.ends_with(" Ops"), "the change made before {signal:?} was saved: team is {team:?}");
    assert_eq!(team, "Infra Ops");
    pty.assert_terminal_restored();
}

#[test]
fn sigterm_saves_a_pending_change_and_restores_the_terminal() {
    a_signal_saves_a_pending_change_and_restores_the_terminal(Signal::SIGTERM);
}

#[test]
fn sighup_saves_a_pending_change_and_restores_the_terminal() {
    a_signal_saves_a_pending_change_and_restores_the_terminal(Signal::SIGHUP);
}

/// Debug builds panic on a key named by `QUARTERDECK_TEST_PANIC_ON` (see `Runtime::handle`);
/// the binary `cargo test` builds is a debug build.
#[cfg(debug_assertions)]
#[test]
fn a_panic_restores_the_terminal_and_saves_the_pending_change() {
    let (_root, home, data) = folders();
    let file = new_workshop(&home, &data, "Platform team", "Infra");
    let env = [("QUARTERDECK_TEST_PANIC_ON", OsStr::new("!"))];
    let Some(mut pty) = open_and_change_the_team(&home, &data, &env) else { return };
    let saved_before_panic = read_json(&file)["team"] != "Infra";
    pty.send("!");
    let status = pty.wait_exit();
    assert!(!matches!(status, WaitStatus::Exited(_, 0)), "a panic is not a clean exit: {status:?}\n{}", pty.report());
    if saved_before_panic {
        eprintln!("note: the debounced save had already happened before the panic; the emergency save was not exercised");
    }
    // The report is long (a backtrace): the message has scrolled off the screen by now.
    assert!(rfind(&pty.raw, b"test panic").is_some(), "the panic is reported\n{}", pty.report());
    assert_eq!(read_json(&file)["team"], "Infra Ops", "the emergency save kept the change");
    pty.assert_terminal_restored();
}

#[test]
fn an_initiative_added_on_step_2_is_there_after_a_restart() {
    let (_root, home, data) = folders();
    let args = ["--data-dir", data.to_str().expect("a UTF-8 path")];
    let Some(mut pty) = Pty::spawn(&args, &home, &[]) else { return };
    pty.wait_for("No workshops yet");
    pty.send("n");
    pty.wait_for("New workshop");
    pty.send("Platform team");
    pty.wait_for("Platform team");
    pty.send(ENTER);
    pty.wait_for("Step 1 · Backlog");
    pty.send("2");
    pty.wait_for("Step 2 · Brainstorm");
    pty.send("a");
    pty.send("Cache the build artefacts");
    pty.wait_for("Cache the build artefacts");
    pty.send(ENTER);
    pty.wait_for("1 initiative");
    pty.send(ESC);
    // Until the capture line has closed, `q` right after Esc would read as Alt-q.
    pty.wait_until("the capture line closed", |screen| !screen.contains("Enter add, and type the next"));
    pty.send("q");
    pty.assert_exit_code(0);
    pty.assert_terminal_restored();
    let json = read_json(&data.join("platform-team.json"));
    assert_eq!(json["initiatives"][0]["title"], "Cache the build artefacts", "{json:#}");

    let Some(mut again) = Pty::spawn(&args, &home, &[]) else { return };
    again.wait_for("Platform team");
    again.send(ENTER);
    again.wait_for("Step 2 · Brainstorm");
    again.wait_for("Cache the build artefacts");
    again.send("q");
    again.assert_exit_code(0);
    again.assert_terminal_restored();
}

#[test]
fn resizing_redraws_at_the_new_size() {
    let (_root, home, data) = folders();
    new_workshop(&home, &data, "Platform team", "Infra");
    let Some(mut pty) = Pty::spawn(&["--data-dir", data.to_str().expect("a UTF-8 path"), "open", "Platform team"], &home, &[]) else {
        return;
    };
    pty.wait_for("Step 1 · Backlog");
    pty.resize(50, 12);
    pty.wait_for("terminal too small");
    pty.resize(100, 30);
    pty.wait_until("the step drawn again at 100x30", |screen| screen.contains("Step 1 · Backlog") && !screen.contains("too small"));
    // Drawn across the new width: something beyond the old 80 columns.
    pty.wait_until("text beyond column 80", |screen| screen.lines().any(|l| l.trim_end().chars().count() > 80));
    pty.send("q");
    pty.assert_exit_code(0);
    pty.assert_terminal_restored();
}

#[test]
fn a_second_instance_is_read_only_and_changes_nothing() {
    let (_root, home, data) = folders();
    let file = new_workshop(&home, &data, "Platform team", "Infra");
    let args = ["--data-dir", data.to_str().expect("a UTF-8 path"), "open", "Platform team"];
    let Some(mut first) = Pty::spawn(&args, &home, &[]) else { return };
    first.wait_for("Step 1 · Backlog");
    let before = std::fs::read(&file).expect("read the workshop");

    let Some(mut second) = Pty::spawn(&args, &home, &[]) else { return };
    second.wait_for("READ-ONLY");
    second.wait_for("read-only");
    second.send("2");
    second.wait_for("Step 2 · Brainstorm");
    second.send("a");
    second.wait_for("read-only: this workshop is open in another Quarterdeck");
    second.send("q");
    second.assert_exit_code(0);
    second.assert_terminal_restored();
    assert_eq!(std::fs::read(&file).expect("read the workshop"), before, "the read-only window wrote nothing");

    first.send("q");
    first.assert_exit_code(0);
    first.assert_terminal_restored();
    assert_eq!(std::fs::read(&file).expect("read the workshop"), before, "nothing changed, nothing written");
}

#[test]
fn a_corrupt_file_is_named_left_alone_and_the_others_still_open() {
    let (_root, home, data) = folders();
    new_workshop(&home, &data, "Platform team", "Infra");
    let broken = data.join("broken.json");
    let garbage = b"{\"name\": \"Broken\", oops".to_vec();
    std::fs::write(&broken, &garbage).expect("write the corrupt file");
    let before = entries(&data);
    // Opening the healthy workshop adds its lock file; nothing else may appear.
    let without_locks =
        |names: Vec<String>| names.into_iter().filter(|n| Path::new(n).extension().is_none_or(|e| e != "lock")).collect::<Vec<_>>();

    let Some(mut pty) = Pty::spawn(&["--data-dir", data.to_str().expect("a UTF-8 path")], &home, &[]) else { return };
    pty.wait_for("cannot open");
    // Newest first: the corrupt file is the first row.
    pty.send(ENTER);
    pty.wait_for("cannot be opened");
    pty.send(DOWN);
    pty.send(ENTER);
    pty.wait_for("Step 1 · Backlog");
    pty.send("q");
    pty.assert_exit_code(0);
    pty.assert_terminal_restored();
    assert_eq!(std::fs::read(&broken).expect("the corrupt file is still there"), garbage, "left byte for byte");
    assert_eq!(without_locks(entries(&data)), before, "nothing moved or added beside it");
}

#[test]
fn demo_opens_at_the_review_and_leaves_nothing_behind() {
    let root = temp();
    let home = root.path().join("home");
    let data = root.path().join("data");
    let scratch = root.path().join("tmp");
    for dir in [&home, &data, &scratch] {
        std::fs::create_dir_all(dir).expect("a folder for the test");
    }
    let args = ["--data-dir", data.to_str().expect("a UTF-8 path"), "demo"];
    let Some(mut pty) = Pty::spawn(&args, &home, &[("TMPDIR", scratch.as_os_str())]) else { return };

    pty.wait_for("Step 5 · Review");
    pty.wait_for("Week 7 of 13");
    assert!(
        !entries(&scratch).is_empty(),
        "the demo lives in a temporary folder under TMPDIR while it runs (TMPDIR has {:?})",
        entries(&scratch)
    );
    pty.send("q");
    pty.assert_exit_code(0);

    assert_eq!(entries(&data), Vec::<String>::new(), "the demo wrote to the data folder");
    assert_eq!(entries(&scratch), Vec::<String>::new(), "the demo's temporary folder is removed on quit");
    pty.assert_terminal_restored();
}

#[test]
fn propose_with_author_credits_new_ideas_to_them_in_someone_elses_file() {
    let (_root, home, data) = folders();
    let file = home.join("alice.json");
    let mut alice = quarterdeck_proposal("Alice");
    alice["initiatives"] = serde_json::json!([{ "id": 1, "title": "Alice's idea", "created": "2027-01-02T10:00:00Z" }]);
    std::fs::write(&file, serde_json::to_string_pretty(&alice).expect("json")).expect("write alice.json");
    let args =
        ["--data-dir", data.to_str().expect("a UTF-8 path"), "propose", "--author", "Bob", "--out", file.to_str().expect("a UTF-8 path")];
    let Some(mut pty) = Pty::spawn(&args, &home, &[]) else { return };
    pty.wait_for("Alice's idea");
    pty.send("a");
    pty.send("Bob's idea");
    pty.wait_for("Bob's idea");
    pty.send(ENTER);
    pty.wait_for("2 initiatives");
    pty.send(ESC);
    pty.wait_until("the capture line closed", |screen| !screen.contains("Enter add, and type the next"));
    pty.send(ESC);
    pty.assert_exit_code(0);
    pty.assert_terminal_restored();
    let json = read_json(&file);
    assert_eq!(json["author"], "Alice", "the file stays Alice's: {json:#}");
    assert_eq!(json["initiatives"][0]["title"], "Alice's idea");
    assert!(json["initiatives"][0].get("author").is_none(), "hers, as the file's author: {json:#}");
    assert_eq!(json["initiatives"][1]["title"], "Bob's idea");
    assert_eq!(json["initiatives"][1]["author"], "Bob", "Bob's new idea is credited to Bob: {json:#}");
}

/// A proposal file's top as `quarterdeck propose` writes it, by `author`.
fn quarterdeck_proposal(author: &str) -> serde_json::Value {
    serde_json::json!({ "quarterdeck_proposal": 1, "id": "18f0-1-0", "author": author, "created": "2027-01-02T09:00:00Z" })
}
