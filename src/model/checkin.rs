//! A check-in in words, as typed in the review's form or given to `quarterdeck checkin`:
//! reading the value, status and confidence, and recording it. One place, so the form and
//! the command line accept and refuse the same things.

use jiff::civil::Date;

use super::objective::format_number;
use super::review::CheckInRefusal;
use super::{CheckIn, KeyResult, KeyResultId, KeyResultKind, Status, Workshop};

/// A check-in in words.
#[derive(Debug, Clone, Default)]
pub struct CheckInWords {
    pub value: String,
    /// Empty: suggested from pace.
    pub status: String,
    /// Empty: the last confidence (5 at first).
    pub confidence: String,
    pub note: String,
    /// Needed when editing an earlier week.
    pub reason: Option<String>,
}

/// Which part of a check-in was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckInPart {
    Value,
    Status,
    Confidence,
    Note,
    Reason,
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

/// A key result's value in words: a number for a metric, done / not done for a milestone.
pub fn parse_value(kr: &KeyResult, text: &str) -> Result<f64, String> {
    let t = text.trim().to_lowercase();
    match kr.kind {
        KeyResultKind::Milestone { .. } => match t.as_str() {
            "done" | "yes" | "y" | "1" | "true" => Ok(1.0),
            "not done" | "no" | "n" | "0" | "false" | "not yet" => Ok(0.0),
            _ => Err("done or not done".into()),
        },
        KeyResultKind::Metric { .. } | KeyResultKind::Maintain { .. } => match t.trim_end_matches('%').replace(',', "").parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            _ => Err(format!("a number, e.g. {}", format_number(kr.baseline()))),
        },
    }
}

/// Records a check-in from words for `week`. On a refusal: which part, and why.
pub fn record_check_in(
    w: &mut Workshop,
    kr: KeyResultId,
    words: &CheckInWords,
    week: u32,
    today: Date,
) -> Result<Status, (CheckInPart, String)> {
    let Some(key_result) = w.key_result(kr) else { return Err((CheckInPart::Value, "that key result no longer exists".into())) };
    let value = parse_value(key_result, &words.value).map_err(|e| (CheckInPart::Value, e))?;
    let status =
        parse_status(&words.status).map_err(|e| (CheckInPart::Status, e))?.unwrap_or_else(|| w.suggested_status(key_result, value, today));
    let reason = words.reason.as_deref().filter(|r| !r.is_empty());
    let confidence = match words.confidence.trim() {
        "" => key_result.last_check_in().map_or(5, |c| c.confidence),
        c => c
            .parse::<u8>()
            .ok()
            .filter(|c| (1..=10).contains(c))
            .ok_or((CheckInPart::Confidence, "a whole number from 1 to 10".to_string()))?,
    };
    let date = if week == w.current_week(today) { today } else { w.period.week_start(week) };
    let check_in =
        CheckIn { week, date, value, status, confidence, note: words.note.clone(), changed: None, extra: crate::model::Extra::new() };
    let current = w.current_week(today);
    w.check_in(kr, check_in, current, reason).map_err(|e| match e {
        CheckInRefusal::NoteNeeded => (CheckInPart::Note, e.to_string()),
        CheckInRefusal::ReasonNeeded => (CheckInPart::Reason, e.to_string()),
        _ => (CheckInPart::Value, e.to_string()),
    })?;
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_parse_in_words() {
        assert_eq!(parse_status("at-risk"), Ok(Some(Status::AtRisk)));
        assert_eq!(parse_status("off"), Ok(Some(Status::OffTrack)));
        assert_eq!(parse_status(""), Ok(None));
        assert!(parse_status("purple").is_err());
    }
}
