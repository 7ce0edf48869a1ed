//! The brainstorm timebox: set minutes, start, pause, resume, reset; counts into overtime
//! and rings once at zero. Time comes from the app's clock, so tests move it by hand.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

use super::workshop::Step;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimerState {
    Stopped,
    Running { since: Timestamp, before: SignedDuration },
    Paused { elapsed: SignedDuration },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timer {
    pub minutes: u32,
    pub state: TimerState,
    /// Whether the bell has rung for this run (it rings once).
    pub rang: bool,
    /// The step whose timebox this is, when it was set from the agenda.
    pub step: Option<Step>,
}

impl Timer {
    pub fn new(minutes: u32) -> Self {
        Self { minutes: minutes.clamp(1, 180), state: TimerState::Stopped, rang: false, step: None }
    }

    /// Arriving on `step` whose timebox is `minutes`: a stopped timer is set to it; one
    /// running for another step starts again with this step's box (the agenda runs itself);
    /// a paused one, or one already timing this step, is left alone. Whether it started.
    pub fn arrive(&mut self, step: Step, minutes: u32, now: Timestamp) -> bool {
        match self.state {
            TimerState::Stopped => {
                self.minutes = minutes.clamp(1, 180);
                self.step = Some(step);
                false
            }
            TimerState::Running { .. } if self.step != Some(step) => {
                self.minutes = minutes.clamp(1, 180);
                self.step = Some(step);
                self.rang = false;
                self.state = TimerState::Running { since: now, before: SignedDuration::ZERO };
                true
            }
            TimerState::Running { .. } | TimerState::Paused { .. } => false,
        }
    }

    /// Whether the timebox has run out (running or paused in overtime).
    pub fn is_over(&self, now: Timestamp) -> bool {
        self.is_visible() && self.remaining_seconds(now) <= 0
    }

    pub fn is_running(&self) -> bool {
        matches!(self.state, TimerState::Running { .. })
    }

    /// Whether the timer is shown (running or paused).
    pub fn is_visible(&self) -> bool {
        !matches!(self.state, TimerState::Stopped)
    }

    fn elapsed(&self, now: Timestamp) -> SignedDuration {
        match self.state {
            TimerState::Stopped => SignedDuration::ZERO,
            TimerState::Running { since, before } => before + now.duration_since(since).max(SignedDuration::ZERO),
            TimerState::Paused { elapsed } => elapsed,
        }
    }

    /// Seconds left; negative in overtime.
    pub fn remaining_seconds(&self, now: Timestamp) -> i64 {
        i64::from(self.minutes) * 60 - self.elapsed(now).as_secs()
    }

    /// Start, pause or resume.
    pub fn toggle(&mut self, now: Timestamp) {
        self.state = match self.state {
            TimerState::Stopped => {
                self.rang = false;
                TimerState::Running { since: now, before: SignedDuration::ZERO }
            }
            TimerState::Running { .. } => TimerState::Paused { elapsed: self.elapsed(now) },
            TimerState::Paused { elapsed } => TimerState::Running { since: now, before: elapsed },
        };
    }

    pub fn reset(&mut self) {
        self.state = TimerState::Stopped;
        self.rang = false;
    }

    /// Adds or removes whole minutes of the timebox (1 to 180).
    pub fn adjust(&mut self, minutes: i32) {
        self.minutes = (i64::from(self.minutes) + i64::from(minutes)).clamp(1, 180) as u32;
        if self.remaining_seconds_unchecked() > 0 {
            self.rang = false;
        }
    }

    fn remaining_seconds_unchecked(&self) -> i64 {
        match self.state {
            TimerState::Paused { elapsed } => i64::from(self.minutes) * 60 - elapsed.as_secs(),
            _ => i64::from(self.minutes) * 60,
        }
    }

    /// Called on each tick: true exactly once, when the countdown first reaches zero.
    pub fn should_ring(&mut self, now: Timestamp) -> bool {
        if self.is_running() && !self.rang && self.remaining_seconds(now) <= 0 {
            self.rang = true;
            return true;
        }
        false
    }

    /// How long until the shown value changes (the next whole second), while running.
    pub fn next_tick(&self, now: Timestamp) -> Option<Duration> {
        if !self.is_running() {
            return None;
        }
        let into_second = self.elapsed(now).subsec_millis().rem_euclid(1000);
        Some(Duration::from_millis(u64::try_from(1000 - into_second).unwrap_or(1000).max(1)))
    }

    /// `07:42`, or `+01:05` in overtime.
    pub fn display(&self, now: Timestamp) -> String {
        let left = self.remaining_seconds(now);
        let (sign, secs) = if left < 0 { ("+", -left) } else { ("", left) };
        format!("{sign}{:02}:{:02}", secs / 60, secs % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + secs).expect("valid")
    }

    #[test]
    fn counts_down_pauses_resumes_and_rings_once_into_overtime() {
        let mut t = Timer::new(1);
        assert_eq!(t.display(at(0)), "01:00");
        t.toggle(at(0));
        assert_eq!(t.display(at(20)), "00:40");
        t.toggle(at(20));
        assert_eq!(t.display(at(500)), "00:40", "paused");
        t.toggle(at(500));
        assert!(!t.should_ring(at(539)));
        assert!(t.should_ring(at(540)));
        assert!(!t.should_ring(at(541)), "rings once");
        assert_eq!(t.display(at(605)), "+01:05");
        t.reset();
        assert_eq!((t.display(at(999)), t.is_visible()), ("01:00".to_string(), false));
    }

    #[test]
    fn arriving_on_a_step_follows_the_agenda() {
        let mut t = Timer::new(10);
        assert!(!t.arrive(Step::Brainstorm, 15, at(0)), "stopped: set, not started");
        assert_eq!((t.minutes, t.is_running()), (15, false));
        t.toggle(at(0));
        assert!(!t.arrive(Step::Brainstorm, 15, at(60)), "already timing this step");
        assert_eq!(t.display(at(60)), "14:00");
        assert!(t.arrive(Step::Prioritise, 20, at(900)), "running for another step: the next box starts");
        assert_eq!(t.display(at(900)), "20:00");
        assert!(t.should_ring(at(900 + 1200)) && t.is_over(at(900 + 1200)));
        t.toggle(at(3000));
        assert!(!t.arrive(Step::Objectives, 30, at(3000)), "paused: left alone");
        assert_eq!(t.minutes, 20);
    }

    #[test]
    fn ticks_only_while_running_on_the_second() {
        let mut t = Timer::new(10);
        assert_eq!(t.next_tick(at(0)), None);
        t.toggle(at(0));
        let half = at(3).checked_add(SignedDuration::from_millis(250)).expect("valid");
        assert_eq!(t.next_tick(half), Some(Duration::from_millis(750)));
        t.adjust(-20);
        assert_eq!(t.minutes, 1);
        t.adjust(500);
        assert_eq!(t.minutes, 180);
    }
}
