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

/// Each step's timebox in minutes, for an agenda that runs itself. Saved as an object of
/// step names (`"brainstorm": 15`); names this build does not know (a newer build's steps)
/// are kept and written back as they were.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(from = "crate::model::Extra")]
pub struct Timeboxes {
    minutes: std::collections::BTreeMap<Step, u32>,
    extra: crate::model::Extra,
}

impl Timeboxes {
    pub fn get(&self, step: Step) -> Option<u32> {
        self.minutes.get(&step).copied()
    }

    pub fn is_empty(&self) -> bool {
        self.minutes.is_empty() && self.extra.is_empty()
    }

    /// The steps with a timebox, in step order.
    pub fn iter(&self) -> impl Iterator<Item = (Step, u32)> + '_ {
        self.minutes.iter().map(|(s, m)| (*s, *m))
    }

    /// These boxes for the steps this build knows; the others stay as they were.
    pub fn replace(&mut self, minutes: std::collections::BTreeMap<Step, u32>) {
        self.minutes = minutes;
    }

    /// What a newer build wrote here, for `Workshop::sanitise`.
    pub fn extra_mut(&mut self) -> &mut crate::model::Extra {
        &mut self.extra
    }
}

impl From<crate::model::Extra> for Timeboxes {
    fn from(map: crate::model::Extra) -> Self {
        let mut boxes = Timeboxes::default();
        for (key, value) in map {
            let step = serde_json::from_value::<Step>(serde_json::Value::String(key.clone())).ok();
            match (step, value.as_u64().and_then(|m| u32::try_from(m).ok())) {
                (Some(step), Some(minutes)) => _ = boxes.minutes.insert(step, minutes),
                _ => _ = boxes.extra.insert(key, value),
            }
        }
        boxes
    }
}

/// Written in step order, then what a newer build wrote.
impl serde::Serialize for Timeboxes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.minutes.len() + self.extra.len()))?;
        for (step, minutes) in &self.minutes {
            map.serialize_entry(step, minutes)?;
        }
        for (key, value) in &self.extra {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn timeboxes_keep_the_steps_of_a_newer_build() {
        let text = r#"{"brainstorm":15,"retro":20}"#;
        let boxes: Timeboxes = serde_json::from_str(text).expect("reads");
        assert_eq!(boxes.iter().collect::<Vec<_>>(), [(Step::Brainstorm, 15)]);
        assert_eq!(serde_json::to_string(&boxes).expect("writes"), text);
    }

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
