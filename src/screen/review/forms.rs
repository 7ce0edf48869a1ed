//! Step 5's forms: a check-in (value, status suggested from pace, confidence, note), the
//! week's notes, an adjustment on record, a score override, an objective's learnings, and
//! carrying chosen objectives into the next period.

use jiff::civil::Date;

use crate::document::Document;
use crate::model::checkin::{CheckInPart, CheckInWords, record_check_in};
use crate::model::objective::format_number;
use crate::model::review::Easing;
use crate::model::{KeyResult, KeyResultId, KeyResultKind, ObjectiveId, Status, Workshop};
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
            CheckInPart::Value => CheckInField::Value,
            CheckInPart::Status => CheckInField::Status,
            CheckInPart::Confidence => CheckInField::Confidence,
            CheckInPart::Note => CheckInField::Note,
            CheckInPart::Reason => CheckInField::Reason,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdjustField {
    Description,
    Baseline,
    Target,
    Unit,
    Reason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreField {
    Score,
    Reason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CarryField {
    Name,
    Objectives,
}

/// The one field of the notes and learnings forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text;

pub fn check_in_form(w: &Workshop, kr: &KeyResult, week: u32, current: u32, today: Date) -> Form<CheckInField> {
    use CheckInField as F;
    let existing = kr.check_in_for(week);
    let last = kr.check_in_as_of(week);
    let value = existing.map(|c| match kr.kind {
        KeyResultKind::Milestone { .. } => (if c.value >= 0.5 { "done" } else { "not done" }).to_string(),
        KeyResultKind::Metric { .. } | KeyResultKind::Maintain { .. } => format_number(c.value),
    });
    let hint = match (&kr.kind, last) {
        (KeyResultKind::Milestone { .. }, _) => "done or not done".to_string(),
        (KeyResultKind::Metric { .. } | KeyResultKind::Maintain { .. }, Some(c)) => {
            format!("last: {} (week {}) · {}", format_number(c.value), c.week, kr.target_text())
        }
        (KeyResultKind::Metric { .. } | KeyResultKind::Maintain { .. }, None) => format!("no check-in yet · {}", kr.target_text()),
    };
    let expected = w.expected_progress(kr, today);
    let form = Form::new(fit(&format!("Week {week} check-in — {}", kr.description), 80))
        .field(F::Value, "Value", value.as_deref().unwrap_or(""), &hint)
        .field(
            F::Status,
            "Status",
            existing.map_or("", |c| c.status.label()),
            &format!("empty: suggested from pace ({:.0}% expected by now)", expected * 100.0),
        )
        .field(
            F::Confidence,
            "Confidence",
            &last.map(|c| c.confidence.to_string()).unwrap_or_default(),
            "1–10: how sure the target will be met",
        )
        .multiline(F::Note, "Note", existing.map_or("", |c| c.note.as_str()), "what changed, what changes this week");
    if week == current { form } else { form.field(F::Reason, "Reason", "", "editing an earlier week: why") }
}

/// Records the check-in; the status recorded, or the form with the refused field marked.
pub fn submit_check_in(ctx: &Ctx, doc: &mut Document, kr: KeyResultId, week: u32, form: &mut Form<CheckInField>) -> Option<Status> {
    use CheckInField as F;
    form.clear_errors();
    let words = CheckInWords {
        value: form.value(F::Value),
        status: form.value(F::Status),
        confidence: form.value(F::Confidence),
        note: form.text(F::Note),
        reason: form.has(F::Reason).then(|| form.value(F::Reason)),
    };
    let today = ctx.clock.today();
    let mut outcome = Ok(Status::OnTrack);
    doc.try_change("check-in", |w| {
        outcome = record_check_in(w, kr, &words, week, today);
        outcome.is_ok()
    });
    match outcome {
        Ok(status) => Some(status),
        Err((part, message)) => {
            form.set_error(part.into(), message);
            form.focus_first_error();
            None
        }
    }
}

pub fn weekly_note_form(w: &Workshop, week: u32) -> Form<Text> {
    let note = w.weekly_note(week).unwrap_or("");
    Form::new(format!("Week {week} notes")).multiline(Text, "Notes", note, "decisions and blockers from this week's review")
}

pub fn adjust_form(kr: &KeyResult) -> Form<AdjustField> {
    use AdjustField as F;
    let (baseline, target, unit) = match &kr.kind {
        KeyResultKind::Metric { baseline, target, unit, .. } => (format_number(*baseline), format_number(*target), unit.clone()),
        KeyResultKind::Milestone { .. } => (String::new(), String::new(), String::new()),
        // The level to keep is adjusted in the target's field ("≥ 99.9").
        KeyResultKind::Maintain { min, max, unit, .. } => {
            (String::new(), crate::model::health::Level { min: *min, max: *max }.text(""), unit.clone())
        }
    };
    Form::new("Adjust a key result — the original stays on record")
        .field(F::Description, "Key result", &kr.description, "the description")
        .field(F::Baseline, "Baseline", &baseline, "empty for a milestone")
        .field(F::Target, "Target", &target, "the new target")
        .field(F::Unit, "Unit", &unit, "unit")
        .field(F::Reason, "Reason", "", "required: what changed in the circumstances")
}

/// Records an adjustment; whether the form is done.
pub fn submit_adjust(ctx: &mut Ctx, doc: &mut Document, kr: KeyResultId, form: &mut Form<AdjustField>) -> bool {
    use AdjustField as F;
    form.clear_errors();
    let Some(key_result) = doc.workshop().key_result(kr) else { return true };
    let kind = match &key_result.kind {
        KeyResultKind::Milestone { extra } => KeyResultKind::Milestone { extra: extra.clone() },
        KeyResultKind::Maintain { .. } => match crate::model::health::Level::parse(&form.value(F::Target)) {
            Ok((level, _)) => KeyResultKind::maintain(level, form.value(F::Unit)),
            Err(e) => {
                form.set_error(F::Target, e);
                key_result.kind.clone()
            }
        },
        KeyResultKind::Metric { .. } => {
            let number = |form: &mut Form<AdjustField>, field| match form.value(field).parse::<f64>() {
                Ok(v) if v.is_finite() => v,
                _ => {
                    form.set_error(field, "a number");
                    0.0
                }
            };
            KeyResultKind::metric(number(form, F::Baseline), number(form, F::Target), form.value(F::Unit))
        }
    };
    let reason = form.value(F::Reason);
    if reason.is_empty() {
        form.set_error(F::Reason, "say why: the change stays on record with its reason");
    }
    if form.has_errors() {
        form.focus_first_error();
        return false;
    }
    let description = form.value(F::Description);
    let today = ctx.clock.today();
    let mut easing = None;
    doc.try_change("adjust key result", |w| {
        let before = w.key_result(kr).cloned();
        easing = w.adjust_key_result(kr, &description, kind, &reason, today).ok();
        easing.is_some() && w.key_result(kr) != before.as_ref()
    });
    match easing {
        Some(Easing::Eased) => ctx.info("adjusted: the target was EASED toward the baseline; recorded with the reason"),
        Some(_) => ctx.info("adjusted; the original stays on record with the reason"),
        None => ctx.error("not adjusted"),
    }
    true
}

pub fn score_form(kr: &KeyResult) -> Form<ScoreField> {
    let computed = kr.progress().map(|p| format!("{:.1}", (p * 10.0).round() / 10.0)).unwrap_or_default();
    Form::new(fit(&format!("Score — {}", kr.description), 80))
        .field(
            ScoreField::Score,
            "Score",
            &kr.final_score.map(|s| format!("{s:.1}")).unwrap_or_default(),
            &format!("0.0–1.0; empty uses the computed {computed}"),
        )
        .field(ScoreField::Reason, "Reason", &kr.score_reason, "why this score, if you override it")
}

/// Records a score override; whether the form is done.
pub fn submit_score(doc: &mut Document, kr: KeyResultId, form: &mut Form<ScoreField>) -> bool {
    form.clear_errors();
    let text = form.value(ScoreField::Score);
    let score = if text.is_empty() {
        None
    } else {
        match text.parse::<f64>() {
            Ok(s) if (0.0..=1.0).contains(&s) => Some(s),
            _ => {
                form.set_error(ScoreField::Score, "a score from 0.0 to 1.0, or empty for the computed one");
                return false;
            }
        }
    };
    let reason = form.value(ScoreField::Reason);
    if score.is_some() && reason.is_empty() {
        form.set_error(ScoreField::Reason, "an override needs its reason");
        form.focus_on(ScoreField::Reason);
        return false;
    }
    doc.try_change("score", |w| w.set_score(kr, score, &reason));
    true
}

pub fn learnings_form(title: &str, learnings: &str) -> Form<Text> {
    Form::new(fit(&format!("Learnings — {title}"), 80)).multiline(
        Text,
        "Learnings",
        learnings,
        "what did we learn, what would we do differently",
    )
}

pub fn carry_over_form(w: &Workshop) -> Form<CarryField> {
    let numbers: Vec<String> = (1..=w.objectives.len()).map(|n| n.to_string()).collect();
    let list: Vec<String> =
        w.objectives.iter().enumerate().map(|(n, o)| format!("{} {}", n + 1, o.title.lines().next().unwrap_or(""))).collect();
    let next = w.period.next().label;
    let name = if w.name.contains(&w.period.label) { w.name.replace(&w.period.label, &next) } else { format!("{} {next}", w.name) };
    let mut form = Form::new("Carry over into the next period (no check-ins)")
        .field(CarryField::Name, "Name", &name, "the next workshop's name")
        .field(CarryField::Objectives, "Objectives", &numbers.join(", "), "numbers to carry, e.g. 1, 3");
    form.aside = Some(("Objectives".into(), list));
    form
}

/// The next period's workshop with the chosen objectives, or the form's errors.
pub fn read_carry_over(ctx: &Ctx, w: &Workshop, form: &mut Form<CarryField>) -> Option<Workshop> {
    form.clear_errors();
    let name = form.value(CarryField::Name);
    if name.is_empty() {
        form.set_error(CarryField::Name, "the next workshop needs a name");
    }
    let mut chosen: Vec<ObjectiveId> = Vec::new();
    for part in form.value(CarryField::Objectives).split([',', ' ']).filter(|p| !p.is_empty()) {
        match part.parse::<usize>().ok().and_then(|n| n.checked_sub(1)).and_then(|n| w.objectives.get(n)) {
            Some(o) => chosen.push(o.id),
            None => form.set_error(CarryField::Objectives, format!("no objective {part}: use the numbers beside")),
        }
    }
    if form.has_errors() {
        return None;
    }
    Some(w.carry_over_chosen(&name, &chosen, ctx.clock.now()))
}
