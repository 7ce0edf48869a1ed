//! Idle CPU and redraws (QUALITY.md "Performance budgets"): the real binary in a
//! pseudo-terminal, left alone after its first frame, writes nothing and uses (almost) no
//! CPU; with the brainstorm timer running it redraws about once a second, not more.
//!
//! This is the one place where waiting on wall time is the thing measured: "nothing happens
//! for three seconds" can only be observed by waiting three seconds. Every other wait reads
//! until the screen shows what it expects, as in `tests/pty.rs`.
//!
//! When the machine has no pseudo-terminals (no `/dev/ptmx`), the test says so and passes.

use std::fs::OpenOptions;
use std::io::{ErrorKind, Read, Write};
use std::process::Command;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use expectrl::session::OsSession;

const BIN: &str = env!("CARGO_BIN_EXE_quarterdeck");
/// How long the program is watched while idle.
const IDLE: Duration = Duration::from_secs(3);
/// Output quiet for this long counts as settled (the first frames, a debounced save).
const SETTLED: Duration = Duration::from_secs(1);
/// Chunks further apart than this belong to different redraws.
const BURST_GAP: Duration = Duration::from_millis(100);
const DEADLINE: Duration = Duration::from_secs(30);

struct Pty {
    session: OsSession,
    output: Receiver<Vec<u8>>,
    parser: vt100::Parser,
    deadline: Instant,
}

impl Pty {
    fn spawn(args: &[&str], home: &std::path::Path) -> Option<Self> {
        if let Err(e) = OpenOptions::new().read(true).write(true).open("/dev/ptmx") {
            eprintln!("SKIPPED: no pseudo-terminal available (/dev/ptmx: {e}); the idle test did not run");
            return None;
        }
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .env("TERM", "xterm-256color")
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("xdg-data"))
            .env_remove("QUARTERDECK_DATA_DIR")
            .env_remove("NO_COLOR");
        let mut session = OsSession::spawn(cmd).expect("spawn quarterdeck in a PTY");
        session.get_process_mut().set_window_size(100, 30).expect("set the PTY size");
        let mut reader = session.get_process().get_raw_handle().expect("a handle on the PTY");
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
                    _ => break,
                }
            }
        });
        Some(Self { session, output, parser: vt100::Parser::new(30, 100, 0), deadline: Instant::now() + DEADLINE })
    }

    fn wait_for(&mut self, text: &str) {
        while !self.parser.screen().contents().contains(text) {
            let left = self.deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(chunk) => self.parser.process(&chunk),
                Err(e) => panic!("gave up waiting for {text:?} ({e})\n{}", self.parser.screen().contents()),
            }
        }
    }

    /// Reads until the program has written nothing for `SETTLED`.
    fn settle(&mut self) {
        loop {
            assert!(Instant::now() < self.deadline, "the program never stopped writing");
            match self.output.recv_timeout(SETTLED) {
                Ok(chunk) => self.parser.process(&chunk),
                Err(RecvTimeoutError::Timeout) => return,
                Err(RecvTimeoutError::Disconnected) => panic!("the program closed the terminal"),
            }
        }
    }

    /// Watches the terminal for `how_long`: (bytes written, bursts of writes).
    fn watch(&mut self, how_long: Duration) -> (usize, usize) {
        let end = Instant::now() + how_long;
        let (mut bytes, mut bursts) = (0, 0);
        let mut last: Option<Instant> = None;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return (bytes, bursts);
            }
            match self.output.recv_timeout(left) {
                Ok(chunk) => {
                    let now = Instant::now();
                    if last.is_none_or(|t| now.duration_since(t) > BURST_GAP) {
                        bursts += 1;
                    }
                    last = Some(now);
                    bytes += chunk.len();
                    self.parser.process(&chunk);
                }
                Err(RecvTimeoutError::Timeout) => return (bytes, bursts),
                Err(RecvTimeoutError::Disconnected) => panic!("the program closed the terminal"),
            }
        }
    }

    /// CPU time the program has used (user + system), from /proc/<pid>/stat.
    fn cpu_time(&self) -> Duration {
        let pid = self.session.get_process().pid();
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("read /proc/<pid>/stat");
        // Fields after the command name (which may hold spaces) in parentheses: state is
        // field 3, utime 14 and stime 15, in clock ticks (100 a second on Linux).
        let after = &stat[stat.rfind(')').expect("a command name") + 1..];
        let fields: Vec<&str> = after.split_whitespace().collect();
        let ticks: u64 = fields[11].parse::<u64>().expect("utime") + fields[12].parse::<u64>().expect("stime");
        Duration::from_millis(ticks * 10)
    }

    fn quit(&mut self) {
        self.session.write_all(b"q").expect("write q");
        self.session.flush().expect("flush");
        while self.output.recv_timeout(self.deadline.saturating_duration_since(Instant::now())).is_ok() {}
    }
}

#[test]
fn idle_the_app_writes_nothing_and_uses_no_cpu_and_the_timer_redraws_once_a_second() {
    let root = tempfile::tempdir().expect("a temporary folder");
    let home = root.path().join("home");
    std::fs::create_dir_all(&home).expect("home");
    let data = root.path().join("data");
    let Some(mut pty) = Pty::spawn(&["--data-dir", data.to_str().expect("a UTF-8 path"), "demo"], &home) else { return };
    pty.wait_for("Step 5");
    pty.settle();

    let cpu_before = pty.cpu_time();
    let started = Instant::now();
    let (bytes, _) = pty.watch(IDLE);
    let wall = started.elapsed();
    let cpu = pty.cpu_time().saturating_sub(cpu_before);
    assert_eq!(bytes, 0, "idle for {wall:?}, the program wrote {bytes} bytes:\n{}", pty.parser.screen().contents());
    assert!(cpu.as_secs_f64() < 0.05 * wall.as_secs_f64(), "idle for {wall:?}, the program used {cpu:?} of CPU (≥ 5%)");
    eprintln!("idle: {bytes} bytes written and {cpu:?} CPU in {wall:?}");

    // The brainstorm timer: one redraw a second, give or take the edges of the window.
    pty.session.write_all(b"2").expect("write 2");
    pty.session.flush().expect("flush");
    pty.wait_for("Step 2");
    pty.settle();
    pty.session.write_all(b"t").expect("write t");
    pty.session.flush().expect("flush");
    // The keypress's own redraw, then watch.
    let _ = pty.watch(Duration::from_millis(300));
    let cpu_before = pty.cpu_time();
    let started = Instant::now();
    let (bytes, bursts) = pty.watch(IDLE);
    let wall = started.elapsed();
    let cpu = pty.cpu_time().saturating_sub(cpu_before);
    eprintln!("timer running: {bursts} redraws ({bytes} bytes) and {cpu:?} CPU in {wall:?}");
    assert!(bursts <= 5, "with the timer running the program redrew {bursts} times in {wall:?} (at most about one a second)");
    pty.quit();
}
