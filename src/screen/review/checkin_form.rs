//! Step 5's check-in form: value, status (suggested from the pace of the check-in's own
//! week, and suggested again whenever the value changes), confidence, note, and a reason
//! when it replaces an earlier week's check-in. A value that looks implausible and a status
//! that needs a note are asked about once: Enter again records the value, or saves the
//! check-in marked "note missing".

use std::fmt::Write as _;

use jiff::civil::Date;

use crate::action::Action;
use crate::document::Document;
use crate::keymap::Context;
use crate::model::checkin::{CheckInOutcome, CheckInPart, CheckInWords, parse_value, record_check_in};
use crate::model::objective::{format_number, format_percent};
use crate::model::review::Pace;
use crate::model::{KeyResult, KeyResultId, KeyResultKind, Workshop};
use crate::screen::Ctx;
use crate::ui::form::Form;
use crate::ui::text::fit;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckInField {
    Value,
    Status,
    Confidence,
    Note,
    Reason,
}

impl From<CheckInPart> for CheckInField {
    fn from(part: CheckInPart) -> Self {
        match part {
            CheckInPart::Value | CheckInPart::Implausible => CheckInField::Value,
            CheckInPart::Status => CheckInField::Status,
            CheckInPart::Confidence => CheckInField::Confidence,
            CheckInPart::Note => CheckInField::Note,
            CheckInPart::Reason => CheckInField::Reason,
        }
    }
}

/// The check-in form of one key result for one week, with what it needs to suggest a
/// status as the value is typed.
#[derive(Debug)]
pub struct CheckInDialog {
    pub kr: KeyResultId,
    pub week: u32,
    /// The date the check-in is judged on: today this week, the week's review day before.
    pub date: Date,
    pub form: Form<CheckInField>,
    key_result: KeyResult,
    pace: Pace,
    /// The value and status the form opened with: a changed value suggests the status again.
    opened: (String, String),
    /// A value the person was told looks implausible: Enter again records it.
    confirm_value: Option<String>,
    /// The person was told the status needs a note: Enter again saves it without.
    asked_for_note: bool,
}

fn value_text(kr: &KeyResult, value: f64) -> String {
    match kr.kind {
        KeyResultKind::Milestone { .. } => (if value >= 0.5 { "done" } else { "not done" }).to_string(),
        KeyResultKind::Metric { .. } | KeyResultKind::Maintain { .. } => format_number(value),
    }
}

impl CheckInDialog {
    pub fn open(w: &Workshop, kr: &KeyResult, week: u32, today: Date) -> Self {
        use CheckInField as F;
        let existing = kr.check_in_for(week);
        let last = kr.check_in_as_of(week);
        let date = w.check_in_date(week, today);
        let value = existing.map(|c| value_text(kr, c.value)).unwrap_or_default();
        let status = existing.map_or("", |c| c.status.label()).to_string();
        let hint = match (&kr.kind, last) {
            (KeyResultKind::Milestone { .. }, _) => "done or not done".to_string(),
            (KeyResultKind::Metric { .. } | KeyResultKind::Maintain { .. }, Some(c)) => {
                format!("last: {} (week {}) · {}", format_number(c.value), c.week, kr.target_text())
            }
            (KeyResultKind::Metric { .. } | KeyResultKind::Maintain { .. }, None) => format!("no check-in yet · {}", kr.target_text()),
        };
        let replacing = existing.is_some() && week < w.current_week(today);
        let form = Form::new(fit(&format!("Week {week} check-in — {}", kr.description), 80))
            .field(F::Value, "Value", &value, &hint)
            .field(F::Status, "Status", &status, "")
            .field(
                F::Confidence,
                "Confidence",
                &w.team_confidence(week, kr.id).or(last.map(|c| c.confidence)).map(|c| c.to_string()).unwrap_or_default(),
                "1–10: how sure the target will be met",
            )
            .multiline(F::Note, "Note", existing.map_or("", |c| c.note.as_str()), "what changed, what changes this week");
        let form = if replacing { form.field(F::Reason, "Reason", "", "replacing an earlier week's check-in: why") } else { form };
        let mut dialog = CheckInDialog {
            kr: kr.id,
            week,
            date,
            form,
            key_result: kr.clone(),
            pace: w.pace(kr, date),
            opened: (value, status),
            confirm_value: None,
            asked_for_note: false,
        };
        dialog.refresh();
        dialog
    }

    /// After a key: a changed value suggests the status again (a status the form opened
    /// with no longer holds), and the status field says what leaving it empty gives.
    pub fn refresh(&mut self) {
        use CheckInField as F;
        let value = self.form.value(F::Value);
        if value != self.opened.0 && !self.opened.1.is_empty() && self.form.value(F::Status) == self.opened.1 {
            self.form.set_value(F::Status, "");
            self.opened.1.clear();
        }
        let expected = format!("{} expected {}", format_percent(self.pace.expected), self.date.strftime("%-d %b"));
        let placeholder = match parse_value(&self.key_result, &value) {
            Ok(v) if !value.is_empty() => {
                let done = self.key_result.progress_of(v).map(|p| format!("{} done, ", format_percent(p))).unwrap_or_default();
                format!("empty: {} by pace ({done}{expected})", self.pace.suggest(&self.key_result, v).label())
            }
            _ => format!("empty: suggested from pace ({expected})"),
        };
        self.form.set_placeholder(F::Status, &placeholder);
        if self.confirm_value.as_ref().is_some_and(|v| *v != value) {
            self.confirm_value = None;
        }
    }

    /// Records the check-in; what it did, or `None` with the form showing why not.
    pub fn submit(&mut self, ctx: &Ctx, doc: &mut Document) -> Option<CheckInOutcome> {
        use CheckInField as F;
        self.form.clear_errors();
        let value = self.form.value(F::Value);
        let note = self.form.text(F::Note);
        let words = CheckInWords {
            value: value.clone(),
            status: self.form.value(F::Status),
            confidence: self.form.value(F::Confidence),
            note: note.clone(),
            reason: self.form.has(F::Reason).then(|| self.form.value(F::Reason)),
            force: self.confirm_value.as_ref() == Some(&value),
            note_may_be_missing: self.asked_for_note && note.trim().is_empty(),
        };
        let (week, date, today) = (self.week, self.date, ctx.clock.today());
        let kr = self.kr;
        let mut outcome = Err((CheckInPart::Value, String::new()));
        doc.try_change("check-in", |w| {
            outcome = record_check_in(w, kr, &words, week, date, today);
            outcome.is_ok()
        });
        let enter = ctx.hint(Context::Form, Action::Submit);
        match outcome {
            Ok(done) => Some(done),
            Err((part, message)) => {
                let message = match part {
                    CheckInPart::Implausible => {
                        self.confirm_value = Some(value);
                        format!("{message} ({enter} again saves)")
                    }
                    CheckInPart::Note => {
                        self.asked_for_note = true;
                        format!("needs a note; {enter} again saves it as \"note missing\"")
                    }
                    _ => message,
                };
                self.form.set_error(part.into(), message);
                self.form.focus_first_error();
                None
            }
        }
    }
}

/// What the status bar says after a check-in.
pub fn said(outcome: &CheckInOutcome) -> String {
    let mut text = format!("checked in week {}: {}", outcome.week, outcome.status.label());
    if outcome.suggested {
        text.push_str(" (suggested from pace)");
    }
    if outcome.recorded.note_missing {
        text.push_str(" · note missing");
    }
    if let Some(r) = &outcome.recorded.replaced {
        let _ = write!(text, " · replaced {} ({}), kept in its history", format_number(r.value), r.status.label());
    }
    text.push_str(" — next key result");
    text
}
