//! The weeks of the review: each week's review day, which week a check-in is for (this
//! week, a week asked for, or the week of a date, never outside the period), where a key
//! result stands for a week, and the week's counts. Silence is never green: once a week's
//! review day has passed, a key result without a check-in for it is "not checked in".

use jiff::civil::{Date, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::objective::{CheckIn, KeyResult, Status};
use crate::model::workshop::Workshop;

/// The weekday the team holds its weekly review (settings); without one, a week's
/// check-ins are due by its last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewDay(pub Weekday);

const WEEKDAYS: [(Weekday, &str); 7] = [
    (Weekday::Monday, "monday"),
    (Weekday::Tuesday, "tuesday"),
    (Weekday::Wednesday, "wednesday"),
    (Weekday::Thursday, "thursday"),
    (Weekday::Friday, "friday"),
    (Weekday::Saturday, "saturday"),
    (Weekday::Sunday, "sunday"),
];

impl ReviewDay {
    /// A weekday in English, whole or its first three letters, any case: `Monday`, `tue`.
    pub fn parse(text: &str) -> Option<ReviewDay> {
        let t = text.trim().to_lowercase();
        if t.len() < 3 {
            return None;
        }
        WEEKDAYS.iter().find(|(_, name)| name.starts_with(&t)).map(|(d, _)| ReviewDay(*d))
    }

    /// `monday`, as it is written in the file.
    pub fn name(self) -> &'static str {
        WEEKDAYS.iter().find(|(d, _)| *d == self.0).map_or("monday", |(_, n)| n)
    }
}

impl Serialize for ReviewDay {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for ReviewDay {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        ReviewDay::parse(&text).ok_or_else(|| serde::de::Error::custom("a review day is a weekday, e.g. \"monday\""))
    }
}

/// Which week a check-in is for, as someone said it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeekChoice {
    /// The week today falls in.
    ThisWeek,
    /// A week of the period by its number.
    Week(u32),
    /// The week a date falls in.
    Date(Date),
}

/// Why a check-in has no week of the period to go to. Each says the period's dates.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WeekRefusal {
    #[error("today ({today}) is outside the period {label} ({start} to {end}); say which week the check-in is for")]
    TodayOutside { today: Date, label: String, start: Date, end: Date },
    #[error("there is no week {week}: the period {label} has weeks 1 to {weeks} ({start} to {end})")]
    NoSuchWeek { week: u32, weeks: u32, label: String, start: Date, end: Date },
    #[error("week {week} starts on {starts}, after today ({today}): check in once it has begun")]
    NotBegun { week: u32, starts: Date, today: Date },
    #[error("{date} is outside the period {label} ({start} to {end})")]
    DateOutside { date: Date, label: String, start: Date, end: Date },
    #[error("{date} is after today ({today})")]
    DateAhead { date: Date, today: Date },
}

/// Where a key result stands for the agenda of a week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Checked in for the week: the status it stands for (a regression is never on track),
    /// and whether the note its status needs is missing.
    CheckedIn { status: Status, note_missing: bool },
    /// Not checked in yet, and not due yet (the week's review day has not passed): what the
    /// week before said, when it checked in.
    Pending { before: Option<(u32, Status)> },
    /// Not checked in, and the week's review day has passed (or it never was): whatever
    /// an earlier week said no longer counts.
    NotCheckedIn,
    /// A week the team does not meet in (every-two-weeks cadence) and no check-in of its
    /// own: what the latest check-in since the last meeting said. Nothing is outdated.
    OffWeek { last: Option<(u32, Status)> },
    /// Dropped at a monthly review in that week: no longer counted.
    Dropped { week: u32 },
}

impl Standing {
    /// `on track`, `at risk`, `on track · w6` (pending, last week's), `to check in`,
    /// `not checked in`.
    pub fn label(self) -> String {
        match self {
            Standing::CheckedIn { status, .. } => status.label().to_string(),
            Standing::Pending { before: Some((week, status)) } | Standing::OffWeek { last: Some((week, status)) } => {
                format!("{} · w{week}", status.label())
            }
            Standing::Pending { before: None } => "to check in".to_string(),
            Standing::NotCheckedIn => "not checked in".to_string(),
            Standing::OffWeek { last: None } => "off week".to_string(),
            Standing::Dropped { week } => format!("dropped w{week}"),
        }
    }

    /// The status of a check-in for the week, if there is one.
    pub fn status(self) -> Option<Status> {
        match self {
            Standing::CheckedIn { status, .. } => Some(status),
            _ => None,
        }
    }
}

/// A week's counts: the first five partition the key results (they add up to the total);
/// `notes_missing` counts check-ins among them whose note is missing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub on_track: usize,
    pub at_risk: usize,
    pub off_track: usize,
    /// Not checked in yet, before the week's review day.
    pub to_check_in: usize,
    /// Not checked in, after the week's review day.
    pub not_checked_in: usize,
    pub notes_missing: usize,
    /// Dropped at a monthly review (not among the counts above).
    pub dropped: usize,
}

impl Tally {
    pub fn total(&self) -> usize {
        self.on_track + self.at_risk + self.off_track + self.to_check_in + self.not_checked_in
    }

    /// Counts one key result's standing.
    pub fn add(&mut self, standing: Standing) {
        match standing {
            Standing::CheckedIn { status, note_missing } => {
                self.notes_missing += usize::from(note_missing);
                match status {
                    Status::OnTrack => self.on_track += 1,
                    Status::AtRisk => self.at_risk += 1,
                    Status::OffTrack => self.off_track += 1,
                }
            }
            Standing::OffWeek { last: Some((_, status)) } => self.add(Standing::CheckedIn { status, note_missing: false }),
            Standing::Pending { .. } | Standing::OffWeek { last: None } => self.to_check_in += 1,
            Standing::NotCheckedIn => self.not_checked_in += 1,
            Standing::Dropped { .. } => self.dropped += 1,
        }
    }
}

impl KeyResult {
    /// Where the key result stands for `week`; `due` says whether the week's review day has
    /// passed (see [`Workshop::review_due`]).
    pub fn standing(&self, week: u32, due: bool) -> Standing {
        self.standing_since(week, due, week.checked_sub(1))
    }

    /// [`KeyResult::standing`] when the meeting before `week` was in `previous` (two weeks
    /// back for a team that meets every other week).
    pub fn standing_since(&self, week: u32, due: bool, previous: Option<u32>) -> Standing {
        if let Some(c) = self.check_in_for(week) {
            return Standing::CheckedIn { status: self.status_of(c), note_missing: c.note_missing };
        }
        if due {
            return Standing::NotCheckedIn;
        }
        let before = previous.and_then(|w| self.check_in_for(w)).map(|c| (c.week, self.status_of(c)));
        Standing::Pending { before }
    }

    /// The check-ins of the `count` weeks up to `week` (oldest first), `None` for a week
    /// without one: a sparkline shows those as gaps.
    pub fn weeks_up_to(&self, week: u32, count: usize) -> Vec<Option<&CheckIn>> {
        let first = week.saturating_sub(count.saturating_sub(1) as u32).max(1);
        (first..=week).map(|w| self.check_in_for(w)).collect()
    }
}

impl Workshop {
    /// The last day of a week of the period (the period's end for a short last week).
    pub fn week_end(&self, week: u32) -> Date {
        let start = self.period.week_start(week);
        start.checked_add(jiff::Span::new().days(6)).unwrap_or(start).min(self.period.end)
    }

    /// The day of a week's review: the settings' review day within the week, or the week's
    /// last day when none is set (or the week is too short to hold it).
    pub fn review_date(&self, week: u32) -> Date {
        let (start, end) = (self.period.week_start(week), self.week_end(week));
        let Some(ReviewDay(day)) = self.settings.review_day else { return end };
        (0..7).filter_map(|d| start.checked_add(jiff::Span::new().days(d)).ok()).find(|d| d.weekday() == day && *d <= end).unwrap_or(end)
    }

    /// Whether a week's check-ins are due on `today`: its review day has passed.
    pub fn review_due(&self, week: u32, today: Date) -> bool {
        today > self.review_date(week)
    }

    /// Where a key result stands for `week`, seen on `today`: dropped, an off week (the
    /// team meets every other week), or by its check-in and the week's review day.
    pub fn standing(&self, kr: &KeyResult, week: u32, today: Date) -> Standing {
        if let Some(dropped) = self.dropped_in(kr.id).filter(|w| *w <= week) {
            return Standing::Dropped { week: dropped };
        }
        if kr.check_in_for(week).is_none() && !self.is_meeting_week(week) {
            return self.off_week_standing(kr, week, today);
        }
        kr.standing_since(week, self.review_due(week, today), self.previous_meeting_week(week))
    }

    /// An off week: the latest check-in since the last meeting stands; without one, a
    /// meeting that passed unchecked is "not checked in" still.
    fn off_week_standing(&self, kr: &KeyResult, week: u32, today: Date) -> Standing {
        let meeting = self.previous_meeting_week(week);
        let since = meeting.unwrap_or(1);
        let latest = kr.check_ins.iter().filter(|c| c.week >= since && c.week < week).max_by_key(|c| c.week);
        match (latest, meeting) {
            (Some(c), _) => Standing::OffWeek { last: Some((c.week, kr.status_of(c))) },
            (None, Some(m)) if self.review_due(m, today) => Standing::NotCheckedIn,
            (None, _) => Standing::OffWeek { last: kr.check_in_as_of(week).map(|c| (c.week, kr.status_of(c))) },
        }
    }

    /// The counts of a week, seen on `today`.
    pub fn tally(&self, week: u32, today: Date) -> Tally {
        let mut tally = Tally::default();
        for kr in self.objectives.iter().flat_map(|o| &o.key_results) {
            tally.add(self.standing(kr, week, today));
        }
        tally
    }

    /// The date a check-in for `week` is judged on: today in the week today falls in, else
    /// the week's review day (a back-dated check-in is judged by the pace of its own week).
    pub fn check_in_date(&self, week: u32, today: Date) -> Date {
        if self.period.contains(today) && self.period.week_of(today) == week { today } else { self.review_date(week).min(today) }
    }

    /// The week of the period a check-in is for, and the date it is judged on; refused
    /// outside the period (with its dates) and for weeks that have not begun.
    pub fn check_in_week(&self, choice: WeekChoice, today: Date) -> Result<(u32, Date), WeekRefusal> {
        let p = &self.period;
        let (label, start, end) = (p.label.clone(), p.start, p.end);
        match choice {
            WeekChoice::ThisWeek if p.contains(today) => {
                let week = p.week_of(today);
                Ok((week, today))
            }
            WeekChoice::ThisWeek => Err(WeekRefusal::TodayOutside { today, label, start, end }),
            WeekChoice::Week(week) if week == 0 || week > p.weeks() => {
                Err(WeekRefusal::NoSuchWeek { week, weeks: p.weeks(), label, start, end })
            }
            WeekChoice::Week(week) if p.week_start(week) > today => Err(WeekRefusal::NotBegun { week, starts: p.week_start(week), today }),
            WeekChoice::Week(week) => Ok((week, self.check_in_date(week, today))),
            WeekChoice::Date(date) if !p.contains(date) => Err(WeekRefusal::DateOutside { date, label, start, end }),
            WeekChoice::Date(date) if date > today => Err(WeekRefusal::DateAhead { date, today }),
            WeekChoice::Date(date) => Ok((p.week_of(date), date)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{KeyResultDraft, KeyResultKind, ObjectiveDraft, Period};
    use jiff::civil::date;

    /// 2027-Q1: week 1 is Friday 1 January to Thursday 7 January; 13 weeks, the last of
    /// six days (25 to 31 March).
    fn workshop() -> Workshop {
        Workshop::new("w", "", Period::parse("2027-Q1").expect("period"), jiff::Timestamp::UNIX_EPOCH)
    }

    fn check_in(week: u32, status: Status) -> CheckIn {
        CheckIn { week, value: 1.0, status, confidence: 5, ..CheckIn::default() }
    }

    #[test]
    fn review_days_fall_in_their_week() {
        let mut w = workshop();
        assert_eq!(w.review_date(1), date(2027, 1, 7), "without a review day, the week's last day");
        assert_eq!(w.review_date(13), date(2027, 3, 31), "the short last week ends with the period");
        w.settings.review_day = ReviewDay::parse("Mon");
        assert_eq!(w.review_date(1), date(2027, 1, 4));
        assert_eq!(w.review_date(2), date(2027, 1, 11));
        w.settings.review_day = ReviewDay::parse("thursday");
        assert_eq!(w.review_date(12), date(2027, 3, 25));
        assert_eq!(w.review_date(13), date(2027, 3, 31), "the short last week has no Thursday: its last day");
        assert!(!w.review_due(12, date(2027, 3, 25)), "due once the day has passed");
        assert!(w.review_due(12, date(2027, 3, 26)));
        assert_eq!(ReviewDay::parse("mo"), None, "too short to say");
        assert_eq!(ReviewDay::parse("Friday").map(ReviewDay::name), Some("friday"));
        let json = serde_json::to_string(&ReviewDay(Weekday::Tuesday)).expect("json");
        assert_eq!(json, "\"tuesday\"");
        assert!(serde_json::from_str::<ReviewDay>("\"someday\"").is_err());
    }

    #[test]
    fn silence_is_never_green() {
        let mut kr = KeyResult { kind: KeyResultKind::metric(0.0, 10.0, ""), ..KeyResult::default() };
        kr.check_ins = vec![check_in(5, Status::OnTrack)];
        assert_eq!(kr.standing(5, true), Standing::CheckedIn { status: Status::OnTrack, note_missing: false });
        assert_eq!(kr.standing(6, false), Standing::Pending { before: Some((5, Status::OnTrack)) });
        assert_eq!(kr.standing(6, false).label(), "on track · w5");
        assert_eq!(kr.standing(6, true), Standing::NotCheckedIn, "once due, last week's status no longer counts");
        assert_eq!(kr.standing(7, false), Standing::Pending { before: None }, "week 6 was missed");
        assert_eq!(kr.standing(7, false).label(), "to check in");
        assert_eq!(Standing::NotCheckedIn.label(), "not checked in");
        assert_eq!(kr.standing(4, true), Standing::NotCheckedIn);
    }

    #[test]
    fn counts_partition_the_key_results() {
        let mut w = workshop();
        let o = w.add_objective(&ObjectiveDraft { title: "o".into(), ..Default::default() }).expect("objective");
        let ids: Vec<_> = (0..6)
            .map(|_| {
                let draft = KeyResultDraft { description: "kr".into(), kind: KeyResultKind::metric(0.0, 10.0, ""), ..Default::default() };
                w.add_key_result(o, &draft).expect("kr")
            })
            .collect();
        let mut put = |i: usize, c: CheckIn| w.key_result_mut(ids[i]).expect("kr").check_ins.push(c);
        put(0, check_in(2, Status::OnTrack));
        put(1, check_in(2, Status::AtRisk));
        put(2, CheckIn { note_missing: true, ..check_in(2, Status::OffTrack) });
        put(3, check_in(1, Status::OnTrack));
        put(4, check_in(1, Status::OnTrack));
        let during = w.tally(2, date(2027, 1, 9));
        assert_eq!((during.on_track, during.at_risk, during.off_track, during.to_check_in, during.not_checked_in), (1, 1, 1, 3, 0));
        assert_eq!(during.notes_missing, 1);
        let after = w.tally(2, date(2027, 1, 15));
        assert_eq!((after.to_check_in, after.not_checked_in), (0, 3));
        assert_eq!(during.total(), 6);
        assert_eq!(after.total(), 6);
    }

    #[test]
    fn a_check_in_goes_to_a_week_of_the_period_or_nowhere() {
        let w = workshop();
        let today = date(2027, 2, 20);
        assert_eq!(w.check_in_week(WeekChoice::ThisWeek, today), Ok((8, today)));
        assert_eq!(w.check_in_week(WeekChoice::Week(3), today), Ok((3, date(2027, 1, 21))), "judged on its own review day");
        assert_eq!(w.check_in_week(WeekChoice::Week(8), today), Ok((8, today)));
        assert_eq!(w.check_in_week(WeekChoice::Date(date(2027, 1, 2)), today), Ok((1, date(2027, 1, 2))));
        let after = date(2027, 4, 9);
        let refused = w.check_in_week(WeekChoice::ThisWeek, after).expect_err("after the period");
        assert_eq!(
            refused.to_string(),
            "today (2027-04-09) is outside the period 2027-Q1 (2027-01-01 to 2027-03-31); say which week the check-in is for"
        );
        assert_eq!(w.check_in_week(WeekChoice::Week(13), after), Ok((13, date(2027, 3, 31))), "only when asked");
        assert!(w.check_in_week(WeekChoice::ThisWeek, date(2026, 12, 30)).is_err(), "before the period");
        let none = w.check_in_week(WeekChoice::Week(14), after).expect_err("no week 14");
        assert!(none.to_string().contains("weeks 1 to 13 (2027-01-01 to 2027-03-31)"), "{none}");
        assert!(w.check_in_week(WeekChoice::Week(0), after).is_err());
        let ahead = w.check_in_week(WeekChoice::Week(9), today).expect_err("not begun");
        assert_eq!(ahead.to_string(), "week 9 starts on 2027-02-26, after today (2027-02-20): check in once it has begun");
        assert!(w.check_in_week(WeekChoice::Date(date(2027, 4, 1)), after).is_err());
        assert!(w.check_in_week(WeekChoice::Date(date(2027, 2, 21)), today).is_err(), "a date ahead");
    }
}
