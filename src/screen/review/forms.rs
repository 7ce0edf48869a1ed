//! Step 5's forms besides the check-in (`checkin_form.rs`): the week's notes, an adjustment
//! on record (its text and numbers kept in agreement), a score override, an objective's
//! learnings, and carrying chosen objectives into the next period.

use crate::action::Action;
use crate::document::Document;
use crate::keymap::Context;
use crate::model::coach::{FormField, KeyResultForm, form_numbers};
use crate::model::objective::format_number;
use crate::model::retext::{self, Sync};
use crate::model::review::Easing;
use crate::model::{KeyResult, KeyResultId, KeyResultKind, ObjectiveId, Workshop};
use crate::screen::Ctx;
use crate::ui::form::Form;
use crate::ui::text::fit;

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

pub fn weekly_note_form(w: &Workshop, week: u32) -> Form<Text> {
    let note = w.weekly_note(week).unwrap_or("");
    Form::new(format!("Week {week} notes")).multiline(Text, "Notes", note, "decisions and blockers from this week's review")
}

/// Description, baseline, target and unit as the coach's form reads them.
fn as_form(fields: &[String; 4], milestone: bool) -> KeyResultForm<'_> {
    KeyResultForm { description: &fields[0], baseline: &fields[1], target: &fields[2], unit: &fields[3], milestone }
}

/// The adjustment form, and the description and numbers it opened with: whichever side
/// is edited, the other follows (shown before it is saved).
#[derive(Debug)]
pub struct AdjustDialog {
    pub kr: KeyResultId,
    pub form: Form<AdjustField>,
    milestone: bool,
    /// A level to keep: its target field holds the level ("≥ 99.9"), which no text follows.
    level: bool,
    /// Description, baseline, target and unit as they were when the form opened (or after
    /// the last time one side followed the other).
    opened: [String; 4],
}

impl AdjustDialog {
    pub fn open(kr: &KeyResult) -> Self {
        use AdjustField as F;
        let (baseline, target, unit) = match &kr.kind {
            KeyResultKind::Metric { baseline, target, unit, .. } => (format_number(*baseline), format_number(*target), unit.clone()),
            KeyResultKind::Milestone { .. } => (String::new(), String::new(), String::new()),
            // The level to keep is adjusted in the target's field ("≥ 99.9").
            KeyResultKind::Maintain { min, max, unit, .. } => {
                (String::new(), crate::model::health::Level { min: *min, max: *max }.text(""), unit.clone())
            }
        };
        let form = Form::new("Adjust a key result — the original stays on record")
            .field(F::Description, "Key result", &kr.description, "the description")
            .field(F::Baseline, "Baseline", &baseline, "empty for a milestone")
            .field(F::Target, "Target", &target, "the new target")
            .field(F::Unit, "Unit", &unit, "unit")
            .field(F::Reason, "Reason", "", "required: what changed in the circumstances");
        let opened = [kr.description.clone(), baseline, target, unit];
        AdjustDialog { kr: kr.id, form, milestone: kr.kind.is_milestone(), level: kr.kind.level().is_some(), opened }
    }

    fn typed(&self) -> [String; 4] {
        use AdjustField as F;
        [F::Description, F::Baseline, F::Target, F::Unit].map(|f| self.form.value(f))
    }

    /// Makes the text and the numbers agree before saving: when only one side was edited,
    /// the other follows and the form says so; `true` when that happened (Enter again saves).
    fn follow(&mut self, enter: &str) -> bool {
        use AdjustField as F;
        let (before, after) = (self.opened.clone(), self.typed());
        let sync = retext::sync(&as_form(&before, self.milestone), &as_form(&after, self.milestone));
        match sync {
            Sync::AsTyped => return false,
            Sync::FieldsFollowText { baseline, target, unit } => {
                for (field, value) in
                    [(F::Baseline, baseline.map(format_number)), (F::Target, target.map(format_number)), (F::Unit, Some(unit))]
                {
                    let Some(value) = value else { continue };
                    let was = self.form.value(field);
                    if value != was {
                        self.form.set_value(field, &value);
                        self.form.set_error(field, format!("read from the text (was {was}); {enter} saves"));
                    }
                }
            }
            Sync::TextFollowsFields(text) => {
                self.form.set_value(F::Description, &text);
                self.form.set_error(F::Description, format!("rewritten to say the new numbers; {enter} saves"));
            }
        }
        self.opened = self.typed();
        true
    }

    /// Records the adjustment; whether the form is done.
    pub fn submit(&mut self, ctx: &mut Ctx, doc: &mut Document) -> bool {
        use AdjustField as F;
        self.form.clear_errors();
        let kr = self.kr;
        let Some(key_result) = doc.workshop().key_result(kr) else { return true };
        let enter = ctx.hint(Context::Form, Action::Submit);
        // One side following the other is shown, not saved: Enter again saves.
        let followed = !self.level && self.follow(&enter);
        let kind = match &key_result.kind {
            KeyResultKind::Milestone { extra } => KeyResultKind::Milestone { extra: extra.clone() },
            KeyResultKind::Maintain { .. } => match crate::model::health::Level::parse(&self.form.value(F::Target)) {
                Ok((level, _)) => KeyResultKind::maintain(level, self.form.value(F::Unit)),
                Err(e) => {
                    self.form.set_error(F::Target, e);
                    key_result.kind.clone()
                }
            },
            KeyResultKind::Metric { .. } => {
                let numbers = form_numbers(&as_form(&self.typed(), false));
                for (field, error) in &numbers.errors {
                    self.form.set_error(if *field == FormField::Baseline { F::Baseline } else { F::Target }, error.clone());
                }
                for (field, value) in [(F::Baseline, numbers.baseline), (F::Target, numbers.target)] {
                    if value.is_none() && !self.form.has_errors() {
                        self.form.set_error(field, "a number, e.g. 4 or 99.5");
                    }
                }
                KeyResultKind::metric(numbers.baseline.unwrap_or(0.0), numbers.target.unwrap_or(0.0), numbers.unit)
            }
        };
        let reason = self.form.value(F::Reason);
        if reason.is_empty() {
            self.form.set_error(F::Reason, "say why: the change stays on record with its reason");
            self.form.focus_on(F::Reason);
        }
        if followed || self.form.has_errors() {
            if !followed {
                self.form.focus_first_error();
            }
            return false;
        }
        let description = self.form.value(F::Description);
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
}

pub fn score_form(kr: &KeyResult) -> Form<ScoreField> {
    let computed = kr.progress().map(|p| format!("{:.1}", (p.clamp(0.0, 1.0) * 10.0).round() / 10.0)).unwrap_or_default();
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
        match crate::model::quantity::parse_number(&text) {
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
