//! What the program's clock says: the system clock in real runs, a fixed instant in tests
//! so that dates, weeks and "saved 10:32" are repeatable.

use jiff::{Timestamp, civil::Date};

#[derive(Debug, Clone, Copy)]
pub enum Clock {
    System,
    Fixed(Timestamp),
}

impl Clock {
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
