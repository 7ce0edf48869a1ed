//! The room's door: failed logins counted per address (an address that fails too often is
//! refused for a while, before any SSH is spoken), a cap on connections, and a cap on what
//! one session may type. Pure bookkeeping over times it is given, so it is tested without
//! waiting.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// Failed logins an address may make within `WINDOW` before it is refused.
pub const MAX_FAILURES: u32 = 5;
/// How long failures are remembered, and how long a refused address waits.
pub const WINDOW: Duration = Duration::from_secs(60);
/// Connections open at once (a workshop is six to twelve people; a large room twenty).
pub const MAX_CONNECTIONS: usize = 32;
/// What one session may type in a second (a paste of a paragraph is a few hundred bytes).
pub const INPUT_PER_SECOND: usize = 16 * 1024;

/// Failed attempts per address.
#[derive(Debug, Default)]
pub struct Door {
    failures: HashMap<IpAddr, (u32, Instant)>,
}

impl Door {
    /// Whether `from` is refused now (too many failures lately).
    pub fn refused(&mut self, from: IpAddr, now: Instant) -> bool {
        self.forget(now);
        self.failures.get(&from).is_some_and(|(n, _)| *n >= MAX_FAILURES)
    }

    /// Counts a failed login from `from`; returns whether it is refused from now on.
    pub fn failed(&mut self, from: IpAddr, now: Instant) -> bool {
        self.forget(now);
        let entry = self.failures.entry(from).or_insert((0, now));
        entry.0 += 1;
        entry.1 = now;
        entry.0 >= MAX_FAILURES
    }

    /// A good login clears the address's count.
    pub fn passed(&mut self, from: IpAddr) {
        self.failures.remove(&from);
    }

    /// Forgets addresses whose last failure is older than the window (the map stays small
    /// whoever knocks).
    fn forget(&mut self, now: Instant) {
        self.failures.retain(|_, (_, last)| now.duration_since(*last) < WINDOW);
    }
}

/// What one session typed in the current second.
#[derive(Debug)]
pub struct InputBudget {
    second: Instant,
    used: usize,
}

impl InputBudget {
    pub fn new(now: Instant) -> Self {
        Self { second: now, used: 0 }
    }

    /// Whether `len` more bytes may pass now; when not, they are dropped.
    pub fn take(&mut self, len: usize, now: Instant) -> bool {
        if now.duration_since(self.second) >= Duration::from_secs(1) {
            self.second = now;
            self.used = 0;
        }
        if self.used + len > INPUT_PER_SECOND {
            return false;
        }
        self.used += len;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_that_fails_too_often_is_refused_for_a_while() {
        let mut door = Door::default();
        let (a, b) = ("10.0.0.1".parse().expect("ip"), "10.0.0.2".parse().expect("ip"));
        let t0 = Instant::now();
        for n in 1..MAX_FAILURES {
            assert!(!door.failed(a, t0), "failure {n} is still allowed");
        }
        assert!(door.failed(a, t0));
        assert!(door.refused(a, t0 + Duration::from_secs(1)));
        assert!(!door.refused(b, t0), "another address is not");
        assert!(!door.refused(a, t0 + WINDOW), "forgotten after the window");
        door.failed(b, t0);
        door.passed(b);
        assert!(door.failures.is_empty() || !door.failures.contains_key(&b));
    }

    #[test]
    fn input_is_capped_per_second() {
        let t0 = Instant::now();
        let mut budget = InputBudget::new(t0);
        assert!(budget.take(INPUT_PER_SECOND, t0));
        assert!(!budget.take(1, t0 + Duration::from_millis(500)));
        assert!(budget.take(1, t0 + Duration::from_secs(1)));
    }
}
