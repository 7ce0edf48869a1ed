//! The planning period: a label such as `2027-Q1` with start and end dates, and the
//! arithmetic of weeks within it. Pure date maths on `jiff::civil::Date`.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub label: String,
    pub start: Date,
    pub end: Date,
    /// Fields this build does not know (written by a newer Quarterdeck or by hand): kept and
    /// written back as they were.
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("\"{0}\" is not a period: use a quarter such as 2027-Q1, a half such as 2027-H2, or a year")]
    Unrecognised(String),
    #[error("the period ends before it starts")]
    EndsBeforeStart,
}

impl Period {
    pub fn new(label: impl Into<String>, start: Date, end: Date) -> Result<Self, PeriodError> {
        if end < start {
            return Err(PeriodError::EndsBeforeStart);
        }
        Ok(Self { label: label.into(), start, end, extra: crate::model::Extra::new() })
    }

    /// Parses `2027-Q1`, `Q1 2027`, `2027-H2` or `2027` into a period with its dates.
    pub fn parse(label: &str) -> Result<Self, PeriodError> {
        let raw = label.trim();
        let norm = raw.to_ascii_uppercase().replace([' ', '/', '_'], "-");
        let parts: Vec<&str> = norm.split('-').filter(|p| !p.is_empty()).collect();
        let bad = || PeriodError::Unrecognised(raw.to_string());
        let (year, part) = match parts.as_slice() {
            [y] => (*y, None),
            [a, b] if a.starts_with('Q') || a.starts_with('H') => (*b, Some(*a)),
            [a, b] => (*a, Some(*b)),
            _ => return Err(bad()),
        };
        let year: i16 = year.parse().map_err(|_| bad())?;
        if !(1900..=9999).contains(&year) {
            return Err(bad());
        }
        let (first_month, months) = match part {
            None => (1, 12),
            Some(p) => {
                let (kind, n) = p.split_at(1);
                let n: i8 = n.parse().map_err(|_| bad())?;
                match (kind, n) {
                    ("Q", 1..=4) => ((n - 1) * 3 + 1, 3),
                    ("H", 1..=2) => ((n - 1) * 6 + 1, 6),
                    _ => return Err(bad()),
                }
            }
        };
        let start = Date::new(year, first_month, 1).map_err(|_| bad())?;
        let end = start
            .checked_add(jiff::Span::new().months(months))
            .and_then(|d| d.checked_sub(jiff::Span::new().days(1)))
            .map_err(|_| bad())?;
        let label = match part {
            None => format!("{year}"),
            Some(p) => format!("{year}-{p}"),
        };
        Ok(Self { label, start, end, extra: crate::model::Extra::new() })
    }

    /// The period that follows this one, of the same length in months where it is a
    /// quarter, half or year; otherwise the same number of days.
    pub fn next(&self) -> Self {
        if let Ok(parsed) = Self::parse(&self.label)
            && parsed.start == self.start
            && parsed.end == self.end
        {
            let year = self.start.year();
            let label = self.label.to_ascii_uppercase();
            let next_label = if let Some(q) = label.strip_prefix(&format!("{year}-Q")) {
                match q {
                    "4" => format!("{}-Q1", year + 1),
                    q => format!("{year}-Q{}", q.parse::<u8>().unwrap_or(1) + 1),
                }
            } else if let Some(h) = label.strip_prefix(&format!("{year}-H")) {
                if h == "2" { format!("{}-H1", year + 1) } else { format!("{year}-H2") }
            } else {
                format!("{}", year + 1)
            };
            if let Ok(next) = Self::parse(&next_label) {
                return next;
            }
        }
        let len = self.days();
        let start = self.end.tomorrow().unwrap_or(self.end);
        let end = start.checked_add(jiff::Span::new().days(i64::from(len) - 1)).unwrap_or(start);
        Self { label: format!("after {}", self.label), start, end, extra: crate::model::Extra::new() }
    }

    /// Number of days in the period, both ends included.
    pub fn days(&self) -> i32 {
        (self.end - self.start).get_days() + 1
    }

    /// Number of review weeks: week 1 starts on the start date.
    pub fn weeks(&self) -> u32 {
        (self.days().max(1) as u32).div_ceil(7)
    }

    /// The week of the period a date falls in (1-based), clamped to the period.
    pub fn week_of(&self, date: Date) -> u32 {
        if date < self.start {
            return 1;
        }
        let days = (date - self.start).get_days();
        (days as u32 / 7 + 1).min(self.weeks())
    }

    /// The first day of a given week of the period.
    pub fn week_start(&self, week: u32) -> Date {
        let offset = i64::from(week.saturating_sub(1)) * 7;
        self.start.checked_add(jiff::Span::new().days(offset)).unwrap_or(self.start)
    }

    /// Fraction of the period elapsed at the end of `date` (0.0 before, 1.0 after).
    pub fn elapsed_fraction(&self, date: Date) -> f64 {
        if date < self.start {
            return 0.0;
        }
        let done = f64::from((date - self.start).get_days() + 1);
        (done / f64::from(self.days())).clamp(0.0, 1.0)
    }

    pub fn contains(&self, date: Date) -> bool {
        self.start <= date && date <= self.end
    }

    /// The quarter containing `date`, the default for a new workshop.
    pub fn quarter_of(date: Date) -> Self {
        let q = (date.month() - 1) / 3 + 1;
        Self::parse(&format!("{}-Q{q}", date.year())).unwrap_or_else(|_| Self {
            label: format!("{}", date.year()),
            start: date,
            end: date,
            extra: crate::model::Extra::new(),
        })
    }

    /// Moves both dates by a number of days (the demo keeps its data current this way).
    pub fn shifted(&self, days: i64) -> Self {
        let shift = |d: Date| d.checked_add(jiff::Span::new().days(days)).unwrap_or(d);
        Self { label: self.label.clone(), start: shift(self.start), end: shift(self.end), extra: crate::model::Extra::new() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn parses_quarters_halves_and_years() {
        let q = Period::parse("2027-q1").expect("quarter");
        assert_eq!((q.label.as_str(), q.start, q.end), ("2027-Q1", date(2027, 1, 1), date(2027, 3, 31)));
        let q4 = Period::parse("Q4 2026").expect("quarter first");
        assert_eq!((q4.start, q4.end), (date(2026, 10, 1), date(2026, 12, 31)));
        let h = Period::parse("2027-H2").expect("half");
        assert_eq!((h.start, h.end), (date(2027, 7, 1), date(2027, 12, 31)));
        let y = Period::parse("2028").expect("year");
        assert_eq!((y.start, y.end, y.days()), (date(2028, 1, 1), date(2028, 12, 31), 366));
    }

    #[test]
    fn rejects_nonsense() {
        for bad in ["", "Q5 2027", "2027-Q0", "next quarter", "99999-Q1", "2027-Q1-Q2"] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn weeks_and_pace() {
        let q = Period::parse("2027-Q1").expect("quarter");
        assert_eq!(q.weeks(), 13);
        assert_eq!(q.week_of(date(2027, 1, 1)), 1);
        assert_eq!(q.week_of(date(2027, 1, 8)), 2);
        assert_eq!(q.week_of(date(2030, 1, 1)), 13);
        assert_eq!(q.week_start(2), date(2027, 1, 8));
        assert!((q.elapsed_fraction(date(2027, 3, 31)) - 1.0).abs() < f64::EPSILON);
        assert!(q.elapsed_fraction(date(2026, 3, 31)).abs() < f64::EPSILON);
    }

    #[test]
    fn next_period_follows_the_kind() {
        assert_eq!(Period::parse("2026-Q4").expect("q").next().label, "2027-Q1");
        assert_eq!(Period::parse("2027-Q2").expect("q").next().label, "2027-Q3");
        assert_eq!(Period::parse("2027-H2").expect("h").next().label, "2028-H1");
        let odd = Period::new("sprint 4", date(2027, 1, 1), date(2027, 1, 14)).expect("p");
        let next = odd.next();
        assert_eq!((next.start, next.end), (date(2027, 1, 15), date(2027, 1, 28)));
    }
}
