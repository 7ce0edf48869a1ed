//! The room with a full house (issue 22): twenty participants over SSH typing at once into
//! the real binary's host on loopback, each keystroke timed until it is echoed on their own
//! screen; the host's CPU while nobody types; and, in-process, the facilitator's frame and a
//! participant's keystroke with twenty seats joined.

use std::sync::Arc;
use std::time::{Duration, Instant};

#[path = "../../tests/support/room.rs"]
mod client;

use crate::pty;

pub const PARTICIPANTS: usize = 20;
/// Keys each participant types, at about the pace of a quick typist.
const KEYS: usize = 30;
const PACE: Duration = Duration::from_millis(100);
const CODE: &str = "K7PQ2M";

/// What the room run measured.
pub struct Echoes {
    pub delays: Vec<Duration>,
    /// The host's CPU while twenty are connected and nobody types, in percent of a core.
    pub idle_cpu: Option<f64>,
}

/// Hosts `slug` from `dir` in the real binary, joins twenty participants over SSH, and has
/// each type `KEYS` keys into their capture line, timing each until their screen shows it.
pub fn echoes(dir: &std::path::Path, slug: &str) -> Option<Echoes> {
    let home = tempfile::tempdir().ok()?;
    let data = dir.to_str()?;
    let mut host = pty::Pty::spawn(&["--data-dir", data, "host", slug, "--code", CODE, "--listen", "127.0.0.1:0"], home.path(), &[])?;
    host.wait_for(&format!("code {CODE}"));
    let port = client::port_on(&host.screen())?;
    host.send("2");
    host.wait_for("Step 2");
    let rt = Arc::new(client::runtime());
    let mut people: Vec<client::Participant> =
        (0..PARTICIPANTS).map(|n| client::Participant::join(&rt, port, &format!("typist{n}"), CODE, (80, 24))).collect();
    for p in &mut people {
        p.wait_for("new idea");
    }
    let threads: Vec<_> = people
        .into_iter()
        .enumerate()
        .map(|(n, mut p)| {
            let rt = rt.clone();
            std::thread::spawn(move || {
                let mut typed = String::new();
                let mut delays = Vec::new();
                for k in 0..KEYS {
                    let key = char::from(b'a' + ((n + k) % 26) as u8);
                    typed.push(key);
                    let sent = Instant::now();
                    p.send(&rt, &key.to_string());
                    let line = format!("{typed}█");
                    p.wait_until("the echo", |screen| screen.contains(&line));
                    delays.push(sent.elapsed());
                    std::thread::sleep(PACE.saturating_sub(sent.elapsed()));
                }
                (delays, p)
            })
        })
        .collect();
    let mut delays = Vec::new();
    let mut people = Vec::new();
    for t in threads {
        let (d, p) = t.join().ok()?;
        delays.extend(d);
        people.push(p);
    }
    // Idle: everyone connected, nobody typing, no timer running.
    let window = Duration::from_secs(3);
    let before = host.cpu_ticks();
    std::thread::sleep(window);
    let after = host.cpu_ticks();
    let idle_cpu = before.zip(after).map(|(b, a)| (a - b) as f64 / 100.0 / window.as_secs_f64() * 100.0);
    host.send("q");
    for p in &mut people {
        p.wait_for("the room is closed");
    }
    host.wait_exit();
    Some(Echoes { delays, idle_cpu })
}

/// The median, the 99th percentile and the largest of some delays.
pub fn spread(mut delays: Vec<Duration>) -> (Duration, Duration, Duration) {
    delays.sort();
    let at = |q: f64| delays.get(((delays.len() as f64 - 1.0) * q).round() as usize).copied().unwrap_or_default();
    (at(0.5), at(0.99), delays.last().copied().unwrap_or_default())
}
