//! What the program's clock says: the system clock in real runs, a fixed instant in tests
//! so that dates, weeks and "saved 10:32" are repeatable.

use jiff::{Timestamp, civil::Date};

#[derive(Debug, Clone, Copy)]
pub enum Clock {
    System,
    Fixed(Timestamp),
}

impl Clock {
    /// Looks up the system time zone on a thread of its own, so the first "today" finds it
    /// known: where `/etc/localtime` is a copy rather than a link, naming the zone means
    /// reading the whole zone database (about 5 ms), which start-up need not wait for. The
    /// zone is kept for a few minutes by jiff, so the lookup here is the one later calls use.
    pub fn look_up_zone_early() {
        let _ = std::thread::Builder::new().name("time zone".into()).spawn(|| drop(jiff::tz::TimeZone::system()));
    }

    pub fn now(self) -> Timestamp {
        match self {
            Clock::System => Timestamp::now(),
            Clock::Fixed(t) => t,
        }
    }

    pub fn today(self) -> Date {
        match self {
            Clock::System => jiff::Zoned::now().date(),
            Clock::Fixed(t) => t.to_zoned(jiff::tz::TimeZone::UTC).date(),
        }
    }

    fn zone(self) -> jiff::tz::TimeZone {
        match self {
            Clock::System => jiff::tz::TimeZone::system(),
            Clock::Fixed(_) => jiff::tz::TimeZone::UTC,
        }
    }

    /// `HH:MM` in local time, for "saved 10:32".
    pub fn time_of_day(self, t: Timestamp) -> String {
        t.to_zoned(self.zone()).strftime("%H:%M").to_string()
    }

    /// `YYYY-MM-DD HH:MM` in local time, for lists.
    pub fn date_time(self, t: Timestamp) -> String {
        t.to_zoned(self.zone()).strftime("%Y-%m-%d %H:%M").to_string()
    }
}
