//! The key-result form's coach: the description judged together with the baseline, target
//! and unit fields as typed, so a baseline typed in its own field silences "no baseline",
//! and a field that contradicts the text says so. Also the numbers the form stands for when
//! it is saved, read with the shared quantity reader ("2 hours" in a minutes key result is
//! 120; "1,5" is refused as ambiguous).

use super::key_result::{self, Fields};
use super::{Finding, Subject};
use crate::model::quantity::{Unit, parse_quantity, parse_unit, read_key_result};

/// The key-result form as typed: every field as its text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeyResultForm<'a> {
    pub description: &'a str,
    pub baseline: &'a str,
    pub target: &'a str,
    pub unit: &'a str,
    /// The kind field says milestone: done or not, no numbers expected.
    pub milestone: bool,
}

/// Which field of the form a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormField {
    Baseline,
    Target,
}

impl FormField {
    pub fn label(self) -> &'static str {
        match self {
            FormField::Baseline => "Baseline",
            FormField::Target => "Target",
        }
    }
}

/// The numbers a key-result form stands for: each field as typed where it is, else what the
/// description says, all in one unit.
#[derive(Debug, Clone, PartialEq)]
pub struct FormNumbers {
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    /// The unit field as typed, else the unit the description's numbers are in (`minutes`
    /// for "from 2 hours to 30 minutes"), else the unit typed with a number.
    pub unit: String,
    /// Fields that cannot be read, and why, one sentence each ("\"1,5\" is ambiguous: did
    /// you mean 1.5? …").
    pub errors: Vec<(FormField, String)>,
}

/// The fields' own numbers, in the unit the form stands for; `None` where a field is empty.
struct Typed {
    baseline: Option<f64>,
    target: Option<f64>,
    unit: Option<Unit>,
    errors: Vec<(FormField, String)>,
}

fn typed(form: &KeyResultForm) -> Typed {
    let written = read_key_result(form.description).unit;
    let field_unit = Some(parse_unit(form.unit)).filter(|u| !u.is_plain());
    let mut errors = Vec::new();
    let mut own_unit = None;
    let mut value = |field: FormField, text: &str| -> Option<f64> {
        if text.trim().is_empty() {
            return None;
        }
        let q = parse_quantity(text).map_err(|e| errors.push((field, e.to_string()))).ok()?;
        let unit = field_unit.clone().or_else(|| Some(written.clone()).filter(|u| !u.is_plain()));
        match unit {
            Some(u) => q.value_in(&u).map_err(|e| errors.push((field, format!("{e}.")))).ok(),
            None => {
                own_unit.get_or_insert(q.unit);
                Some(q.value)
            }
        }
    };
    let baseline = value(FormField::Baseline, form.baseline);
    let target = value(FormField::Target, form.target);
    let unit = field_unit.or(own_unit).filter(|u| !u.is_plain());
    Typed { baseline, target, unit, errors }
}

/// The numbers the form stands for, for saving it. A field that cannot be read is `None`,
/// with its error; the caller shows it by the field.
pub fn form_numbers(form: &KeyResultForm) -> FormNumbers {
    let t = typed(form);
    let reading = read_key_result(form.description);
    let unit = t.unit.clone().unwrap_or_else(|| reading.unit.clone());
    let from_text = |v: Option<f64>| v.map(|v| reading.unit.factor_to(&unit).map_or(v, |f| v * f));
    let has_error = |field: FormField| t.errors.iter().any(|(f, _)| *f == field);
    let text_ok = reading.unit_conflict.is_none();
    let baseline =
        t.baseline.or_else(|| from_text(reading.baseline.map(|b| b.value)).filter(|_| text_ok && !has_error(FormField::Baseline)));
    let target = t.target.or_else(|| from_text(reading.target.map(|b| b.value)).filter(|_| text_ok && !has_error(FormField::Target)));
    let label = if form.unit.trim().is_empty() { unit.label() } else { crate::model::text::clean_line(form.unit) };
    FormNumbers { baseline, target, unit: label, errors: t.errors }
}

/// What the coach says about a key-result form as typed (subject [`Subject::Text`]; spans
/// point into the description). A baseline, target or unit typed in its field counts as
/// written; a field that differs from the description, or cannot be read, is a finding.
pub fn check_key_result_form(form: &KeyResultForm) -> Vec<Finding> {
    if form.description.trim().is_empty() {
        return Vec::new();
    }
    if form.milestone {
        return key_result::findings(form.description, Subject::Text, &Fields::Milestone);
    }
    let t = typed(form);
    let mut out: Vec<Finding> =
        t.errors.iter().map(|(field, e)| Finding::new("kr-unreadable-number", Subject::Text, &format!("{}: {e}", field.label()))).collect();
    let fields = Fields::Metric { baseline: t.baseline, target: t.target, unit: t.unit };
    out.extend(key_result::findings(form.description, Subject::Text, &fields));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form<'a>(description: &'a str, baseline: &'a str, target: &'a str, unit: &'a str) -> KeyResultForm<'a> {
        KeyResultForm { description, baseline, target, unit, milestone: false }
    }

    #[test]
    fn numbers_come_from_the_fields_then_the_text() {
        let n = form_numbers(&form("Reduce MTTR from 2 hours to 30 minutes", "", "", ""));
        assert_eq!((n.baseline, n.target, n.unit.as_str()), (Some(120.0), Some(30.0), "minutes"));
        let n = form_numbers(&form("Reduce MTTR to 30 minutes", "3 hours", "", ""));
        assert_eq!((n.baseline, n.target, n.unit.as_str()), (Some(180.0), Some(30.0), "minutes"));
        let n = form_numbers(&form("Fewer pages", "12", "4", "pages/week"));
        assert_eq!((n.baseline, n.target, n.unit.as_str()), (Some(12.0), Some(4.0), "pages/week"));
        let n = form_numbers(&form("Cut p95", "1,5", "0.8", "s"));
        assert_eq!(n.baseline, None);
        assert!(n.errors[0].1.contains("did you mean 1.5?"), "{:?}", n.errors);
    }

    #[test]
    fn the_coach_reads_the_fields() {
        let codes = |f: &KeyResultForm| check_key_result_form(f).iter().map(|f| f.code).collect::<Vec<_>>();
        assert_eq!(codes(&form("Reduce rollback rate to under 1%", "", "", "")), ["kr-no-baseline"]);
        assert!(codes(&form("Reduce rollback rate to under 1%", "3", "", "")).is_empty(), "a typed baseline counts");
        assert_eq!(codes(&form("Reduce P1 incidents", "", "", "")), ["kr-unmeasurable"]);
        assert!(codes(&form("Reduce P1 incidents", "4", "0", "per quarter")).is_empty());
        assert_eq!(codes(&form("Reduce P1 incidents", "0", "4", "per quarter")), ["kr-direction"]);
        assert_eq!(codes(&form("Cut p95 from 800 ms to 300 ms", "", "450", "")), ["kr-text-disagrees"]);
        assert_eq!(codes(&form("Cut p95", "1,5", "0.8", "s")).first(), Some(&"kr-unreadable-number"));
        assert!(
            codes(&KeyResultForm { description: "Every service has an owner", milestone: true, ..KeyResultForm::default() }).is_empty()
        );
    }
}
