//! The real binary in a pseudo-terminal (80x24, `TERM=xterm-256color`): keys in as bytes,
//! everything it writes fed to a vt100 parser, so tests can check the screen, the exit
//! status, the saved files and the terminal state. No sleeps: every wait reads until the
//! screen shows the expected text, or fails with the screen once the test's deadline has
//! passed.
//!
//! When the machine has no pseudo-terminals (no `/dev/ptmx`), `Pty::spawn` says so and
//! returns `None`, and the test passes.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::fs::OpenOptions;
use std::io::{ErrorKind, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use expectrl::process::unix::{Signal, WaitStatus};
use expectrl::session::OsSession;

pub const BIN: &str = env!("CARGO_BIN_EXE_quarterdeck");
pub const ROWS: u16 = 24;
pub const COLS: u16 = 80;
/// How long one whole test may wait on the program, all waits together.
pub const DEADLINE: Duration = Duration::from_secs(20);

pub const ENTER: &str = "\r";
pub const TAB: &str = "\t";
pub const ESC: &str = "\x1b";
pub const DOWN: &str = "\x1b[B";
pub const ENTER_ALT_SCREEN: &[u8] = b"\x1b[?1049h";
pub const LEAVE_ALT_SCREEN: &[u8] = b"\x1b[?1049l";
pub const HIDE_CURSOR: &[u8] = b"\x1b[?25l";
pub const SHOW_CURSOR: &[u8] = b"\x1b[?25h";

/// The program running in a PTY, with everything it has written so far.
pub struct Pty {
    session: OsSession,
    /// Output chunks from a thread blocked on reading the PTY; disconnected once the
    /// program has exited and closed the terminal.
    output: Receiver<Vec<u8>>,
    closed: bool,
    pub raw: Vec<u8>,
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
    pub fn spawn(args: &[&str], home: &Path, env: &[(&str, &OsStr)]) -> Option<Self> {
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

    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// What a failure shows: the screen, and the last bytes the program wrote.
    pub fn report(&self) -> String {
        let tail = &self.raw[self.raw.len().saturating_sub(400)..];
        format!(
            "--- screen ({} bytes written, alternate screen {}) ---\n{}\n--- last bytes ---\n{}",
            self.raw.len(),
            self.parser.screen().alternate_screen(),
            self.screen(),
            tail.escape_ascii()
        )
    }

    pub fn feed(&mut self, chunk: &[u8]) {
        self.raw.extend_from_slice(chunk);
        self.parser.process(chunk);
    }

    /// Takes the next chunk of output, waiting until the deadline; false once the program
    /// has closed the terminal.
    pub fn pump(&mut self, waiting_for: &str) -> bool {
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
    pub fn wait_for(&mut self, text: &str) {
        self.wait_until(&format!("the screen to show {text:?}"), |screen| screen.contains(text));
    }

    /// Reads until `ready` holds for the screen text; `what` says what that means.
    pub fn wait_until(&mut self, what: &str, ready: impl Fn(&str) -> bool) {
        while !ready(&self.screen()) {
            if !self.pump(what) {
                let status = self.wait_exit();
                panic!("the program ended ({status:?}) before {what}\n{}", self.report());
            }
        }
    }

    pub fn send(&mut self, keys: &str) {
        self.session.write_all(keys.as_bytes()).expect("write keys to the PTY");
        self.session.flush().expect("flush keys to the PTY");
    }

    /// Resizes the terminal (the program gets SIGWINCH) and the screen model with it.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.parser.screen_mut().set_size(rows, cols);
        self.session.get_process_mut().set_window_size(cols, rows).expect("resize the PTY");
    }

    pub fn signal(&mut self, signal: Signal) {
        self.session.get_process_mut().kill(signal).expect("signal the program");
    }

    /// The CPU time the program has used so far, in clock ticks (user and system, from
    /// `/proc/PID/stat`); `None` where there is no `/proc`.
    pub fn cpu_ticks(&self) -> Option<u64> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.session.get_process().pid())).ok()?;
        let (_, rest) = stat.rsplit_once(") ")?;
        let fields: Vec<&str> = rest.split_whitespace().collect();
        // After the state (field 3), utime and stime are fields 14 and 15.
        Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
    }

    /// Waits until the program is stopped (state `T` in `/proc`), as after a suspend: a
    /// SIGCONT sent before the stop would be lost to it.
    pub fn wait_stopped(&mut self) {
        let stat = format!("/proc/{}/stat", self.session.get_process().pid());
        let stopped = || std::fs::read_to_string(&stat).is_ok_and(|s| s.rsplit_once(") ").is_some_and(|(_, rest)| rest.starts_with('T')));
        while !stopped() {
            assert!(Instant::now() < self.deadline, "the program never stopped\n{}", self.report());
            std::thread::yield_now();
        }
    }

    /// Reads everything until the program closes the terminal, then its exit status.
    pub fn wait_exit(&mut self) -> WaitStatus {
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

    pub fn assert_exit_code(&mut self, code: i32) {
        match self.wait_exit() {
            WaitStatus::Exited(_, c) if c == code => {}
            other => panic!("expected exit code {code}, got {other:?}\n{}", self.report()),
        }
    }

    /// The terminal is as the program found it: out of the alternate screen, cursor shown,
    /// mouse reporting and bracketed paste off. Call after the program has exited.
    pub fn assert_terminal_restored(&self) {
        let raw = &self.raw;
        let entered = rfind(raw, ENTER_ALT_SCREEN).unwrap_or_else(|| panic!("never entered the alternate screen\n{}", self.report()));
        let left = rfind(raw, LEAVE_ALT_SCREEN).unwrap_or_else(|| panic!("never left the alternate screen\n{}", self.report()));
        assert!(left > entered, "the last alternate-screen switch is into it, not out of it\n{}", self.report());
        let shown = rfind(raw, SHOW_CURSOR).unwrap_or_else(|| panic!("never showed the cursor\n{}", self.report()));
        assert!(rfind(raw, HIDE_CURSOR).is_none_or(|hidden| hidden < shown), "the cursor is left hidden\n{}", self.report());
        // Nothing is drawn once the alternate screen is left: after those sequences comes at
        // most plain text (a sentence on standard error), no escape sequence.
        let ending = &raw[left..];
        let rest = strip_sequences(ending, &[LEAVE_ALT_SCREEN, SHOW_CURSOR]);
        assert!(
            !rest.contains(&0x1b),
            "after leaving the alternate screen it wrote {:?}\n{}",
            rest.escape_ascii().to_string(),
            self.report()
        );

        let screen = self.parser.screen();
        assert!(!screen.alternate_screen(), "still in the alternate screen\n{}", self.report());
        assert!(!screen.hide_cursor(), "the cursor is hidden\n{}", self.report());
        assert_eq!(screen.mouse_protocol_mode(), vt100::MouseProtocolMode::None, "mouse reporting left on\n{}", self.report());
        assert!(!screen.bracketed_paste(), "bracketed paste left on\n{}", self.report());
    }
}

pub fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// `bytes` without any of `sequences`.
pub fn strip_sequences(bytes: &[u8], sequences: &[&[u8]]) -> Vec<u8> {
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

pub fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder for the test")
}

pub fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON ({e}):\n{text}", path.display()))
}

/// Names in a folder, sorted (hidden ones too).
pub fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("a folder entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Runs `quarterdeck new NAME --team TEAM` in `data` (no terminal needed); the file's path.
pub fn new_workshop(home: &Path, data: &Path, name: &str, team: &str) -> std::path::PathBuf {
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
pub fn folders() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let root = temp();
    let home = root.path().join("home");
    let data = root.path().join("data");
    std::fs::create_dir_all(&home).expect("home");
    (root, home, data)
}
