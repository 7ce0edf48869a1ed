//! A check-in in words, as typed in the review's form or given to `quarterdeck checkin`:
//! reading the value (with its unit, by the shared quantity reader), status and
//! confidence, and recording it. One place, so the form and the command line accept and
//! refuse the same things.

use jiff::civil::Date;

use super::objective::{format_number, format_percent};
use super::quantity::{parse_quantity, parse_unit};
use super::review::{CheckInRefusal, Recorded};
use super::{CheckIn, KeyResult, KeyResultId, KeyResultKind, Status, Workshop};

/// A check-in in words.
#[derive(Debug, Clone, Default)]
pub struct CheckInWords {
    /// A number, with a unit if it helps ("2 hours" for a key result in minutes); done or
    /// not done for a milestone.
    pub value: String,
    /// Empty: suggested from pace.
    pub status: String,
    /// Empty: the team's confidence from the week's revealed round, else the last
    /// confidence (5 at first).
    pub confidence: String,
    /// Empty: the week's earlier note, if it has one.
    pub note: String,
    /// Needed when replacing an earlier week's check-in.
    pub reason: Option<String>,
    /// Record a value even though it looks implausible for the key result (the app asks
    /// first; the command line needs `--force`).
    pub force: bool,
    /// Save a status that needs a note without one, marked "note missing" for the review to
    /// fill in (the command line always may, so cron never loses a value; the app asks once).
    pub note_may_be_missing: bool,
}

/// Which part of a check-in was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckInPart {
    Value,
    /// The value reads, but looks implausible: recorded only when confirmed ([`CheckInWords::force`]).
    Implausible,
    Status,
    Confidence,
    /// The status needs a note ([`CheckInWords::note_may_be_missing`] saves it without).
    Note,
    Reason,
}

/// What a recorded check-in says, for the person or script that made it.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckInOutcome {
    pub week: u32,
    /// The date it is judged on (today, or the review day of an earlier week).
    pub date: Date,
    /// The value as recorded, in the key result's unit.
    pub value: f64,
    pub status: Status,
    /// The status was suggested from pace, not given.
    pub suggested: bool,
    /// Progress the value stands for (signed).
    pub progress: Option<f64>,
    /// Progress expected on `date`.
    pub expected: f64,
    pub recorded: Recorded,
}

impl CheckInOutcome {
    /// "suggested from pace: 20% done, 46% expected by 2027-02-12", when it was.
    pub fn suggestion(&self) -> Option<String> {
        self.suggested.then(|| {
            let done = self.progress.map_or_else(|| "nothing to measure".to_string(), |p| format!("{} done", format_percent(p)));
            format!("suggested from pace: {done}, {} expected by {}", format_percent(self.expected), self.date)
        })
    }
}

/// A status in words: `on track`, `at-risk`, `off`, `green`…; empty means "suggest it".
pub fn parse_status(text: &str) -> Result<Option<Status>, String> {
    let t = text.trim().to_lowercase().replace(['-', '_'], " ");
    match t.as_str() {
        "" | "auto" | "suggested" => Ok(None),
        s if "on track".starts_with(s) || s == "ok" || s == "green" => Ok(Some(Status::OnTrack)),
        s if "at risk".starts_with(s) || s == "risk" || s == "amber" => Ok(Some(Status::AtRisk)),
        s if "off track".starts_with(s) || s == "red" => Ok(Some(Status::OffTrack)),
        _ => Err("on track, at risk or off track (empty: suggested from pace)".into()),
    }
}

/// A key result's value in words: a number for a metric, read by the shared quantity
/// reader (a decimal point is the decimal separator, so "1,5" is refused as ambiguous) and
/// converted into the key result's unit ("2 hours" is 120 in minutes; "95%" is refused for
/// a duration, with why); done / not done for a milestone.
pub fn parse_value(kr: &KeyResult, text: &str) -> Result<f64, String> {
    let t = text.trim().to_lowercase();
    match &kr.kind {
        KeyResultKind::Milestone { .. } => match t.as_str() {
            "done" | "yes" | "y" | "1" | "true" => Ok(1.0),
            "not done" | "no" | "n" | "0" | "false" | "not yet" => Ok(0.0),
            _ => Err("done or not done".into()),
        },
        KeyResultKind::Metric { unit, .. } | KeyResultKind::Maintain { unit, .. } => {
            let example = || {
                let unit = if unit.is_empty() { String::new() } else { format!(" {unit}") };
                format!("a number, e.g. {}{unit}", format_number(kr.baseline()))
            };
            if t.is_empty() {
                return Err(example());
            }
            let quantity = parse_quantity(text).map_err(|e| e.to_string())?;
            quantity.value_in(&parse_unit(unit)).map_err(|e| format!("{e}."))
        }
    }
}

fn refusal(e: CheckInRefusal) -> (CheckInPart, String) {
    let part = match e {
        CheckInRefusal::NoteNeeded => CheckInPart::Note,
        CheckInRefusal::ReasonNeeded => CheckInPart::Reason,
        CheckInRefusal::RegressionOnTrack => CheckInPart::Status,
        CheckInRefusal::NotFinite | CheckInRefusal::OutsidePeriod | CheckInRefusal::UnknownKeyResult => CheckInPart::Value,
    };
    (part, e.to_string())
}

/// Records a check-in from words for `week`, judged on `date` (see
/// [`Workshop::check_in_week`]); `today` says which week is this week. On a refusal:
/// which part, and why, in a sentence.
pub fn record_check_in(
    w: &mut Workshop,
    kr: KeyResultId,
    words: &CheckInWords,
    week: u32,
    date: Date,
    today: Date,
) -> Result<CheckInOutcome, (CheckInPart, String)> {
    let Some(key_result) = w.key_result(kr) else { return Err((CheckInPart::Value, "that key result no longer exists".into())) };
    let value = parse_value(key_result, &words.value).map_err(|e| (CheckInPart::Value, e))?;
    if !words.force
        && let Some(why) = key_result.implausible(value)
    {
        return Err((CheckInPart::Implausible, why));
    }
    let given = parse_status(&words.status).map_err(|e| (CheckInPart::Status, e))?;
    let pace = w.pace(key_result, date);
    let status = given.unwrap_or_else(|| pace.suggest(key_result, value));
    let progress = key_result.progress_of(value);
    if status == Status::OnTrack && key_result.is_regression(value) {
        let done = progress.map(format_percent).unwrap_or_default();
        return Err((
            CheckInPart::Status,
            format!("{done} is a regression, never on track: leave the status empty, or say at risk or off track"),
        ));
    }
    let confidence = match words.confidence.trim() {
        // The room's revealed confidence for the week, else the last one.
        "" => w.team_confidence(week, kr).or_else(|| key_result.check_in_as_of(week).map(|c| c.confidence)).unwrap_or(5),
        c => c
            .parse::<u8>()
            .ok()
            .filter(|c| (1..=10).contains(c))
            .ok_or((CheckInPart::Confidence, "a whole number from 1 to 10".to_string()))?,
    };
    let check_in = CheckIn {
        week,
        date,
        value,
        status,
        confidence,
        note: words.note.clone(),
        note_missing: words.note_may_be_missing,
        ..CheckIn::default()
    };
    let current = w.current_week(today);
    let reason = words.reason.as_deref().filter(|r| !r.trim().is_empty());
    let recorded = w.check_in(kr, check_in, current, reason).map_err(refusal)?;
    let value = w.key_result(kr).and_then(|k| k.check_in_for(week)).map_or(value, |c| c.value);
    Ok(CheckInOutcome { week, date, value, status, suggested: given.is_none(), progress, expected: pace.expected, recorded })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{KeyResultDraft, ObjectiveDraft, Period};
    use jiff::civil::date;

    #[test]
    fn statuses_parse_in_words() {
        assert_eq!(parse_status("at-risk"), Ok(Some(Status::AtRisk)));
        assert_eq!(parse_status("off"), Ok(Some(Status::OffTrack)));
        assert_eq!(parse_status(""), Ok(None));
        assert!(parse_status("purple").is_err());
    }

    fn metric(baseline: f64, target: f64, unit: &str) -> KeyResult {
        KeyResult { kind: KeyResultKind::metric(baseline, target, unit), ..KeyResult::default() }
    }

    #[test]
    fn values_are_read_one_way_with_their_units() {
        let mttr = metric(120.0, 30.0, "minutes");
        assert_eq!(parse_value(&mttr, "180"), Ok(180.0));
        assert_eq!(parse_value(&mttr, "2 hours"), Ok(120.0));
        assert_eq!(parse_value(&mttr, "1.5"), Ok(1.5));
        let ambiguous = parse_value(&mttr, "1,5").expect_err("ambiguous");
        assert!(ambiguous.contains("did you mean 1.5?"), "{ambiguous}");
        assert_eq!(parse_value(&mttr, "1,500"), Ok(1500.0));
        assert!(parse_value(&mttr, "1e308").is_err());
        let mismatch = parse_value(&mttr, "95%").expect_err("a percentage is not a duration");
        assert!(mismatch.contains("measure different things"), "{mismatch}");
        assert_eq!(parse_value(&mttr, ""), Err("a number, e.g. 120 minutes".into()));
        assert_eq!(parse_value(&metric(99.5, 99.9, "%"), "99.7%"), Ok(99.7));
        assert_eq!(parse_value(&KeyResult::default(), "eleven"), Ok(11.0));
    }

    /// 2027-Q1 with one key result per kind given.
    fn workshop(kinds: &[KeyResultKind]) -> (Workshop, Vec<KeyResultId>) {
        let mut w = Workshop::new("w", "", Period::parse("2027-Q1").expect("period"), jiff::Timestamp::UNIX_EPOCH);
        let o = w.add_objective(&ObjectiveDraft { title: "o".into(), ..Default::default() }).expect("objective");
        let ids = kinds
            .iter()
            .map(|kind| w.add_key_result(o, &KeyResultDraft { description: "kr".into(), kind: kind.clone(), ..Default::default() }))
            .map(|id| id.expect("kr"))
            .collect();
        (w, ids)
    }

    fn words(value: &str) -> CheckInWords {
        CheckInWords { value: value.into(), ..CheckInWords::default() }
    }

    #[test]
    fn a_regression_is_off_track_with_negative_progress() {
        let (mut w, ids) = workshop(&[KeyResultKind::metric(2.0, 0.0, "outages per quarter")]);
        let today = date(2027, 2, 10);
        let (week, day) = (w.current_week(today), today);
        let cron = CheckInWords { note_may_be_missing: true, ..words("5") };
        let outcome = record_check_in(&mut w, ids[0], &cron, week, day, today).expect("recorded");
        assert_eq!(outcome.status, Status::OffTrack);
        assert_eq!(outcome.progress, Some(-1.5));
        assert!(outcome.suggestion().expect("suggested").starts_with("suggested from pace: -150% done"));
        let on_track = CheckInWords { status: "on track".into(), note: "fine".into(), ..words("5") };
        let (part, why) = record_check_in(&mut w, ids[0], &on_track, week, day, today).expect_err("never on track");
        assert_eq!(part, CheckInPart::Status);
        assert!(why.contains("-150% is a regression"), "{why}");
    }

    #[test]
    fn implausible_values_need_confirming() {
        let (mut w, ids) = workshop(&[KeyResultKind::metric(99.5, 99.9, "%"), KeyResultKind::metric(4.0, 0.0, "incidents")]);
        let today = date(2027, 2, 10);
        let week = w.current_week(today);
        let (part, why) = record_check_in(&mut w, ids[0], &words("4"), week, today, today).expect_err("availability of 4");
        assert_eq!(part, CheckInPart::Implausible);
        assert_eq!(why, "4 is far outside 99.5 → 99.9 %");
        let (_, why) = record_check_in(&mut w, ids[0], &words("120"), week, today, today).expect_err("over 100%");
        assert!(why.contains("not a percentage from 0 to 100"), "{why}");
        let forced = CheckInWords { force: true, note_may_be_missing: true, ..words("4") };
        assert!(record_check_in(&mut w, ids[0], &forced, week, today, today).is_ok());
        let regression = CheckInWords { note_may_be_missing: true, ..words("7") };
        assert!(record_check_in(&mut w, ids[1], &regression, week, today, today).is_ok(), "a plain regression is plausible");
        let (_, why) = record_check_in(&mut w, ids[1], &words("-1"), week, today, today).expect_err("negative incidents");
        assert!(why.contains("negative"), "{why}");
        assert!(record_check_in(&mut w, ids[1], &words("400"), week, today, today).is_err());
    }

    #[test]
    fn behind_pace_without_a_note_is_saved_and_flagged_or_asked() {
        let (mut w, ids) = workshop(&[KeyResultKind::metric(0.0, 100.0, "")]);
        let today = date(2027, 3, 1);
        let week = w.current_week(today);
        let (part, _) = record_check_in(&mut w, ids[0], &words("10"), week, today, today).expect_err("the app asks");
        assert_eq!(part, CheckInPart::Note);
        let cron = CheckInWords { note_may_be_missing: true, ..words("10") };
        let outcome = record_check_in(&mut w, ids[0], &cron, week, today, today).expect("saved");
        assert_eq!((outcome.status, outcome.suggested, outcome.recorded.note_missing), (Status::OffTrack, true, true));
        assert!(w.key_result(ids[0]).and_then(|k| k.check_in_for(week)).is_some_and(|c| c.note_missing));
        let noted = CheckInWords { note: "Two engineers out".into(), ..words("10") };
        let outcome = record_check_in(&mut w, ids[0], &noted, week, today, today).expect("note filled in");
        assert!(!outcome.recorded.note_missing && outcome.recorded.replaced.is_none(), "filling the note replaces nothing");
        assert!(w.key_result(ids[0]).and_then(|k| k.check_in_for(week)).is_some_and(|c| !c.note_missing));
    }

    #[test]
    fn a_second_check_in_keeps_the_first_note_and_history() {
        let (mut w, ids) = workshop(&[KeyResultKind::metric(0.0, 100.0, "")]);
        let today = date(2027, 1, 20);
        let week = w.current_week(today);
        let meeting = CheckInWords { note: "Cache landed; the meeting agreed".into(), confidence: "8".into(), ..words("20") };
        record_check_in(&mut w, ids[0], &meeting, week, today, today).expect("first");
        let outcome = record_check_in(&mut w, ids[0], &words("22"), week, today, today).expect("second");
        let replaced = outcome.recorded.replaced.expect("replaced");
        assert_eq!((replaced.value, replaced.confidence), (20.0, 8));
        assert!(outcome.recorded.note_kept);
        let c = w.key_result(ids[0]).and_then(|k| k.check_in_for(week)).cloned().expect("check-in");
        assert_eq!((c.value, c.note.as_str(), c.confidence), (22.0, "Cache landed; the meeting agreed", 8));
        assert_eq!(c.replaced.len(), 1, "the first stays in the history");
        let again = record_check_in(&mut w, ids[0], &words("22"), week, today, today).expect("the same again");
        assert!(again.recorded.replaced.is_none(), "saying the same again replaces nothing");
    }

    #[test]
    fn a_back_dated_check_in_is_judged_by_its_week() {
        let (mut w, ids) = workshop(&[KeyResultKind::metric(0.0, 100.0, "")]);
        let today = date(2027, 3, 20);
        let (week, date) = w.check_in_week(crate::model::WeekChoice::Week(2), today).expect("week 2");
        let outcome = record_check_in(&mut w, ids[0], &words("12"), week, date, today).expect("recorded");
        assert_eq!(outcome.status, Status::OnTrack, "12% is on pace for week 2, though far behind for today");
        assert!(w.key_result(ids[0]).and_then(|k| k.check_in_for(2)).is_some_and(|c| c.date == date));
        let (part, _) = record_check_in(&mut w, ids[0], &words("13"), week, date, today).expect_err("replacing week 2");
        assert_eq!(part, CheckInPart::Reason);
        let with_reason = CheckInWords { reason: Some("typo".into()), ..words("13") };
        assert!(record_check_in(&mut w, ids[0], &with_reason, week, date, today).is_ok());
    }
}
