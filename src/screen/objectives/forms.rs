//! Step 4's editors: the objective (with the theme's initiatives beside it) and the key
//! result (a "from X to Y" description fills baseline, target and unit), both read by the
//! coach as they are typed, and the reason for dismissing a finding.

use crate::document::Document;
use crate::model::coach::{self, Finding, FormField, KeyResultForm};
use crate::model::objective::format_number;
use crate::model::retext::{self, Sync};
use crate::model::{Commitment, KeyResultDraft, KeyResultId, KeyResultKind, ObjectiveDraft, ObjectiveId, ParticipantId, ThemeId, Workshop};
use crate::ui::form::Form;
use crate::ui::text::fit;

/// The question every objective answers.
pub const OBJECTIVE_PROMPT: &str = "What broader problem do these initiatives solve? Describe the brighter future where it is solved.";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectiveField {
    Title,
    Problem,
    Owners,
    Commitment,
    Parent,
    Theme,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyResultField {
    Description,
    Kind,
    Baseline,
    Target,
    Unit,
    /// The level a "keep" key result holds.
    Level,
    Owners,
    Due,
}

/// The one field of the dismiss form: why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Why;

pub(super) fn names(w: &Workshop, ids: &[ParticipantId]) -> String {
    ids.iter().map(|p| w.author_name(Some(*p))).collect::<Vec<_>>().join(", ")
}

/// Participants by comma-separated names; unknown names come back as an error.
pub(super) fn parse_names(w: &Workshop, text: &str, settings_key: &str) -> Result<Vec<ParticipantId>, String> {
    let mut ids = Vec::new();
    for name in text.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        match w.active_participants().find(|p| p.name.eq_ignore_ascii_case(name)) {
            Some(p) if !ids.contains(&p.id) => ids.push(p.id),
            Some(_) => {}
            None => return Err(format!("no participant called {name}: add them in settings ({settings_key})")),
        }
    }
    Ok(ids)
}

pub fn objective_form(w: &Workshop, id: Option<ObjectiveId>, theme: Option<ThemeId>) -> Form<ObjectiveField> {
    let o = id.and_then(|id| w.objective(id));
    let theme = o.map_or(theme, |o| o.theme);
    let theme_name = theme.and_then(|t| w.theme(t)).map(|t| t.name.clone()).unwrap_or_default();
    let commitment = match o.map_or(Commitment::Aspirational, |o| o.commitment) {
        Commitment::Committed => "committed",
        Commitment::Aspirational => "aspirational",
    };
    let title = if theme_name.is_empty() { "Objective".to_string() } else { format!("Objective for {theme_name}") };
    let initiatives: Vec<String> = w.column(theme).iter().filter(|_| theme.is_some()).map(|i| format!("• {}", i.title)).collect();
    let mut form = Form::new(title)
        .multiline(ObjectiveField::Title, "Objective", o.map_or("", |o| o.title.as_str()), OBJECTIVE_PROMPT)
        .multiline(ObjectiveField::Problem, "Problem", o.map_or("", |o| o.rationale.as_str()), "the problem it solves, and for whom")
        .field(ObjectiveField::Owners, "Owners", &o.map(|o| names(w, &o.owners)).unwrap_or_default(), "names, separated by commas")
        .field(ObjectiveField::Commitment, "Commitment", commitment, "aspirational or committed")
        .field(ObjectiveField::Parent, "Parent", o.map_or("", |o| o.parent.as_str()), "optional: the company objective it serves")
        .field(ObjectiveField::Theme, "Theme", &theme_name, "the theme it comes from, or empty");
    form.aside =
        Some((format!("{theme_name} initiatives"), if initiatives.is_empty() { vec!["(no theme chosen)".into()] } else { initiatives }));
    form
}

pub fn key_result_form(w: &Workshop, objective: ObjectiveId, id: Option<KeyResultId>) -> Form<KeyResultField> {
    use KeyResultField as F;
    let kr = id.and_then(|id| w.key_result(id));
    let (kind, baseline, target, unit) = match kr.map(|k| &k.kind) {
        Some(KeyResultKind::Metric { baseline, target, unit, .. }) => {
            ("metric", format_number(*baseline), format_number(*target), unit.clone())
        }
        Some(KeyResultKind::Milestone { .. }) => ("milestone", String::new(), String::new(), String::new()),
        Some(KeyResultKind::Maintain { unit, .. }) => ("keep", String::new(), String::new(), unit.clone()),
        None => ("metric", String::new(), String::new(), String::new()),
    };
    let level = kr.and_then(|k| k.kind.level()).map(|l| l.text("")).unwrap_or_default();
    let due = kr.and_then(|k| k.due).unwrap_or(w.period.end).to_string();
    let objective_title = w.objective(objective).map(|o| o.title.lines().next().unwrap_or("").to_string()).unwrap_or_default();
    Form::new(fit(&format!("Key result — {objective_title}"), 70))
        .field(
            F::Description,
            "Key result",
            kr.map_or("", |k| k.description.as_str()),
            "an outcome: Reduce P1 incidents from 4 a month to 0",
        )
        .field(F::Kind, "Kind", kind, "metric, milestone, or keep (a level that is the goal)")
        .field(F::Baseline, "Baseline", &baseline, "where it is now (or write 'from X to Y' above)")
        .field(F::Target, "Target", &target, "where it should be at the end")
        .field(F::Unit, "Unit", &unit, "e.g. incidents/month, minutes, %")
        .field(F::Level, "Level", &level, "to keep: at least 99.9, at most 10, or 1-3")
        .field(F::Owners, "Owners", &kr.map(|k| names(w, &k.owners)).unwrap_or_default(), "names, separated by commas")
        .field(F::Due, "Due", &due, "YYYY-MM-DD (default: the end of the period)")
}

/// What the coach says about the objective being typed.
pub fn objective_findings(form: &Form<ObjectiveField>) -> Vec<Finding> {
    coach::check_objective_text(&form.text(ObjectiveField::Title))
}

/// The key-result form as the coach reads it: the description with the baseline, target
/// and unit fields as typed.
fn as_typed(fields: &[String; 5]) -> KeyResultForm<'_> {
    let milestone = !fields[4].is_empty() && "milestone".starts_with(fields[4].to_lowercase().as_str());
    KeyResultForm { description: &fields[0], baseline: &fields[1], target: &fields[2], unit: &fields[3], milestone }
}

/// Description, baseline, target, unit and kind as typed.
pub fn typed(form: &Form<KeyResultField>) -> [String; 5] {
    use KeyResultField as F;
    [F::Description, F::Baseline, F::Target, F::Unit, F::Kind].map(|f| form.value(f))
}

/// What the coach says about the key result being typed: the text judged with the
/// baseline, target and unit fields, so a baseline typed in its field counts.
pub fn key_result_findings(form: &Form<KeyResultField>) -> Vec<Finding> {
    if let Some(kind) = level_to_keep(form) {
        // Judged as the workshop will judge it once saved: a level that is the goal.
        return coach::check_key_result_kind(&form.value(KeyResultField::Description), &kind);
    }
    coach::check_key_result_form(&as_typed(&typed(form)))
}

/// The level a form whose kind says "keep" holds, when it can be read (from the level
/// field, else the description).
fn level_to_keep(form: &Form<KeyResultField>) -> Option<KeyResultKind> {
    use KeyResultField as F;
    let kind = form.value(F::Kind).to_lowercase();
    if kind.is_empty() || !["keep", "maintain", "level"].iter().any(|k| k.starts_with(kind.as_str())) {
        return None;
    }
    let unit = form.value(F::Unit);
    match form.value(F::Level) {
        l if l.is_empty() => {
            let read = crate::model::candidate::kind_from_text(&form.value(F::Description));
            let level = read.level()?;
            Some(KeyResultKind::maintain(level, if unit.is_empty() { read_unit(&read) } else { unit }))
        }
        l => crate::model::health::Level::parse(&l)
            .ok()
            .map(|(level, written)| KeyResultKind::maintain(level, if unit.is_empty() { written } else { unit })),
    }
}

/// Makes an edited key result's text and numbers agree before it is saved: a text edited
/// into other numbers gives them to the fields it did not change, numbers edited without
/// the text rewrite it. `true` when one side followed the other: the form shows the change
/// by the fields, `opened` becomes what is now typed, and Enter again saves.
fn follow(form: &mut Form<KeyResultField>, opened: &mut [String; 5], enter: &str) -> bool {
    use KeyResultField as F;
    let now = typed(form);
    match retext::sync(&as_typed(opened), &as_typed(&now)) {
        Sync::AsTyped => return false,
        Sync::FieldsFollowText { baseline, target, unit } => {
            let wanted = [(F::Baseline, baseline.map(format_number)), (F::Target, target.map(format_number)), (F::Unit, Some(unit))];
            for (field, value) in wanted {
                let Some(value) = value else { continue };
                let was = form.value(field);
                if value != was {
                    let was = if was.is_empty() { "empty".to_string() } else { was };
                    form.set_value(field, &value);
                    form.set_error(field, format!("read from the text (was {was}); {enter} saves"));
                }
            }
        }
        Sync::TextFollowsFields(text) => {
            form.set_value(F::Description, &text);
            form.set_error(F::Description, format!("rewritten to say the numbers; {enter} saves"));
        }
    }
    *opened = typed(form);
    true
}

/// Reads the objective editor; `None` with errors on the fields when something is wrong.
pub fn read_objective(form: &mut Form<ObjectiveField>, w: &Workshop, settings_key: &str) -> Option<ObjectiveDraft> {
    use ObjectiveField as F;
    form.clear_errors();
    let title = form.text(F::Title);
    if title.is_empty() {
        form.set_error(F::Title, "write the objective: the brighter future, in a sentence");
    }
    let owners = parse_names(w, &form.value(F::Owners), settings_key).map_err(|e| form.set_error(F::Owners, e)).unwrap_or_default();
    let commitment = match form.value(F::Commitment).to_lowercase().as_str() {
        c if "committed".starts_with(c) && !c.is_empty() => Commitment::Committed,
        c if "aspirational".starts_with(c) || c.is_empty() => Commitment::Aspirational,
        _ => {
            form.set_error(F::Commitment, "aspirational or committed");
            Commitment::Aspirational
        }
    };
    let theme_name = form.value(F::Theme);
    let theme = if theme_name.is_empty() {
        None
    } else if let Some(t) = w.themes.iter().find(|t| t.name.eq_ignore_ascii_case(&theme_name)) {
        Some(t.id)
    } else {
        form.set_error(F::Theme, format!("no theme called {theme_name} (themes are made on step 3)"));
        None
    };
    if form.has_errors() {
        form.focus_first_error();
        return None;
    }
    Some(ObjectiveDraft { title, rationale: form.text(F::Problem), owners, parent: form.value(F::Parent), commitment, theme })
}

/// Reads the key-result editor; `None` with errors (or a change shown by the fields, see
/// [`follow`]) when it is not ready to save. Numbers are read by the shared quantity reader
/// ("1,5" is refused as ambiguous, "2 hours" in a minutes key result is 120). Missing
/// numbers are not refused: the coach says why they matter.
pub fn read_key_result(
    form: &mut Form<KeyResultField>,
    opened: &mut [String; 5],
    doc: &Document,
    settings_key: &str,
    enter: &str,
) -> Option<KeyResultDraft> {
    use KeyResultField as F;
    let w = doc.workshop();
    form.clear_errors();
    let description = form.value(F::Description);
    if description.is_empty() {
        form.set_error(F::Description, "describe the outcome you will measure");
    }
    let kind_text = form.value(F::Kind).to_lowercase();
    let (milestone, keep) = match kind_text.as_str() {
        k if !k.is_empty() && "milestone".starts_with(k) => (true, false),
        k if !k.is_empty() && ("keep".starts_with(k) || "maintain".starts_with(k) || "level".starts_with(k)) => (false, true),
        k if k.is_empty() || "metric".starts_with(k) => (false, false),
        _ => {
            form.set_error(F::Kind, "metric, milestone or keep");
            (false, false)
        }
    };
    // "Keep availability at or above 99.95%" is a level to keep, unless numbers typed in
    // their fields say a change; a level has no baseline and target for its text to follow.
    let read = crate::model::candidate::kind_from_text(&description);
    let keep = keep || (!milestone && read.level().is_some() && form.value(F::Baseline).is_empty() && form.value(F::Target).is_empty());
    if !form.has_errors() && !milestone && !keep && follow(form, opened, enter) {
        return None;
    }
    let fields = typed(form);
    let numbers = coach::form_numbers(&as_typed(&fields));
    if !milestone && !keep {
        for (field, error) in &numbers.errors {
            form.set_error(if *field == FormField::Baseline { F::Baseline } else { F::Target }, error.clone());
        }
    }
    let owners = parse_names(w, &form.value(F::Owners), settings_key).map_err(|e| form.set_error(F::Owners, e)).unwrap_or_default();
    let due = match form.value(F::Due) {
        d if d.is_empty() => None,
        d => d.parse::<jiff::civil::Date>().map_err(|_| form.set_error(F::Due, "a date like 2027-03-31")).ok(),
    };
    let level = match form.value(F::Level) {
        l if l.is_empty() => read.level().map(|level| (level, read_unit(&read))),
        l => crate::model::health::Level::parse(&l).map_err(|e| form.set_error(F::Level, e)).ok(),
    };
    let keep = keep || (!milestone && numbers.baseline.is_none() && numbers.target.is_none() && level.is_some());
    if keep && level.is_none() && !form.has_errors() {
        form.set_error(F::Level, "the level to keep: at least 99.9, at most 10, or 1-3");
    }
    if form.has_errors() {
        form.focus_first_error();
        return None;
    }
    let kind = match (milestone, keep, level) {
        (true, ..) => KeyResultKind::milestone(),
        (false, true, Some((level, written))) => {
            KeyResultKind::maintain(level, Some(form.value(F::Unit)).filter(|u| !u.is_empty()).unwrap_or(written))
        }
        _ => KeyResultKind::metric(numbers.baseline.unwrap_or(0.0), numbers.target.unwrap_or(0.0), numbers.unit),
    };
    Some(KeyResultDraft { description, kind, owners, due })
}

/// The unit of a kind read from a description.
fn read_unit(kind: &KeyResultKind) -> String {
    match kind {
        KeyResultKind::Maintain { unit, .. } | KeyResultKind::Metric { unit, .. } => unit.clone(),
        KeyResultKind::Milestone { .. } => String::new(),
    }
}
