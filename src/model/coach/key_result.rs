//! The coach's rules about one key result: what it counts, whether it states work, and what
//! its numbers say (read by `model::quantity`, or typed in the form's fields).
//!
//! Weights, so nobody has to rediscover them:
//! - Counting activity, output, input or vanity is a warning even "from X to Y" (see
//!   `counted.rs`); so is a text that states work ("Complete the migration").
//! - No number, a baseline without a target, a level to hold that is not stated, a verb the
//!   numbers contradict, units that cannot be reconciled, a number that cannot be read, and
//!   a baseline equal to its target are warnings.
//! - A target, threshold or relative change without a baseline is advice: it can be judged at
//!   the end of the period, and the first check-in records the baseline.

use super::counted::counted_work;
use super::lexicon::{Class, LEXICON, Trend};
use super::verbs::{leading_work, participle_of_work};
use super::{Finding, Subject};
use crate::model::objective::format_number;
use crate::model::quantity::token::{Token, tokenize};
use crate::model::quantity::{KeyResultReading, Measure, Shape, Span, Unit, read};

/// What the caller knows about the key result beyond its text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Fields {
    /// Only the text: the numbers must be in it.
    None,
    /// A milestone: done or not; its being work is declared.
    Milestone,
    /// Baseline, target and unit as typed; `None` where nothing was given.
    Metric { baseline: Option<f64>, target: Option<f64>, unit: Option<Unit> },
    /// Baseline, target and unit as a workshop stores them, where a missing number was saved
    /// as 0 (see [`Fields::resolved`]).
    Stored { baseline: f64, target: f64, unit: Unit },
}

impl Fields {
    /// Stored fields as typed ones: a 0 the text does not state is taken as not given, since
    /// the form saves an empty field as 0 ("Reduce rollback rate to under 1%" is stored as
    /// 0 → 1 %, and has no baseline).
    fn resolved(&self, reading: &KeyResultReading) -> Fields {
        let Fields::Stored { baseline, target, unit } = self else { return self.clone() };
        let unit = Some(unit.clone());
        let text_has = |r: Option<crate::model::quantity::Reading>| r.is_some();
        if *baseline == 0.0 && *target == 0.0 && reading.quantities == 0 {
            return Fields::Metric { baseline: None, target: None, unit };
        }
        let baseline = (*baseline != 0.0 || text_has(reading.baseline)).then_some(*baseline);
        Fields::Metric { baseline, target: Some(*target), unit }
    }
}

/// The numbers the rules judge: the fields where given, else the text's.
#[derive(Debug, Clone)]
pub(crate) struct Numbers {
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub unit: Unit,
    pub shape: Shape,
}

impl Numbers {
    /// The text's numbers, completed by the fields.
    pub fn of(reading: &KeyResultReading, fields: &Fields) -> Numbers {
        let Fields::Metric { baseline, target, unit } = fields else {
            return Numbers {
                baseline: reading.baseline.map(|b| b.value),
                target: reading.target.map(|t| t.value),
                unit: reading.unit.clone(),
                shape: reading.shape,
            };
        };
        let unit = unit.clone().filter(|u| !u.is_plain()).unwrap_or_else(|| reading.unit.clone());
        let from_text = |v: Option<f64>| v.map(|v| reading.unit.factor_to(&unit).map_or(v, |f| v * f));
        let baseline = baseline.or_else(|| from_text(reading.baseline.map(|b| b.value)));
        let target = target.or_else(|| from_text(reading.target.map(|t| t.value)));
        let shape = match (baseline, target) {
            (Some(_), Some(_)) if reading.shape != Shape::Maintain => Shape::Change,
            (Some(_), None) if reading.shape == Shape::Unmeasured => Shape::BaselineOnly,
            (None, Some(_)) if reading.shape == Shape::Unmeasured => Shape::Target,
            _ => reading.shape,
        };
        Numbers { baseline, target, unit, shape }
    }

    /// Whether the numbers rise (`Some(true)`), fall or stay (`Some(false)`).
    fn rising(&self) -> Option<bool> {
        Some(self.target? > self.baseline?)
    }

    fn falling(&self) -> Option<bool> {
        Some(self.target? < self.baseline?)
    }
}

/// Equal as measures: baseline and target this close leave nothing to move.
pub(crate) fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// The first change verb of the text and which way it says the measure goes.
fn change_verb(tokens: &[Token]) -> Option<(Trend, Span)> {
    tokens.iter().find_map(|t| Some((LEXICON.trend(t.word()?)?, t.span)))
}

/// Findings about a key result's text, judged with what `fields` add.
pub(crate) fn findings(text: &str, subject: Subject, fields: &Fields) -> Vec<Finding> {
    let tokens = tokenize(text);
    let reading = read(text, &tokens);
    let fields = &fields.resolved(&reading);
    let numbers = Numbers::of(&reading, fields);
    let verb = change_verb(&tokens);
    // Whether the count is meant to fall (or stay under a ceiling): the text says so first,
    // then the fields, then the verb.
    let ceiling = reading.comparator.is_some_and(crate::model::quantity::Comparator::is_ceiling);
    let falling = ceiling
        || Numbers::of(&reading, &Fields::None).falling().or_else(|| numbers.falling()).unwrap_or(matches!(verb, Some((Trend::Down, _))));
    if let Some(c) = counted_work(text, &tokens, &reading, falling) {
        return vec![counted_finding(&c, subject)];
    }
    if *fields == Fields::Milestone {
        return Vec::new();
    }
    if let Some(f) = work_finding(text, &tokens, &reading, verb.is_some(), subject) {
        return vec![f];
    }
    let mut out: Vec<Finding> = reading
        .number_errors
        .iter()
        .take(1)
        .map(|(span, e)| Finding::new("kr-unreadable-number", subject, &format!("{e}.")).at(Some(*span)))
        .collect();
    out.extend(number_findings(text, &reading, &numbers, fields, verb, subject));
    out
}

fn counted_finding(c: &super::counted::CountedWork, subject: Subject) -> Finding {
    let meaning = LEXICON.class_text(c.class).map_or("", |t| t.meaning.as_str());
    let why = c.why.map(|w| format!(": {w}")).unwrap_or_default();
    let reason = format!("{} {meaning}{why}.", super::quoted(&c.thing));
    let example = match c.class {
        Class::Activity => {
            ("Increase game days from 0 to 4 per quarter", "Cut time to recover from payment incidents from 90 to 30 minutes")
        }
        Class::Output => ("Raise the number of runbooks from 10 to 40", "Cut time to recover with a runbook from 60 to 15 minutes"),
        Class::Input => ("Increase engineers hired from 0 to 10", "Cut pages per on-call engineer from 12 to 4 per week"),
        Class::Vanity => ("Increase the number of deployments from 200 to 400 per month", "Increase deployment frequency to daily"),
    };
    Finding::new(c.class.code(), subject, &reason)
        .suggest(&format!("Measure what it should change instead, e.g. {}.", c.instead))
        .example(example.0, example.1)
        .at(Some(c.span))
}

/// A text that states work: a leading verb of work (unless it goes on to state a measured
/// change: "Launch self-serve onboarding, cutting time to first payment from 14 to 2 days"),
/// or a participle of work done ("services migrated to Kubernetes").
fn work_finding(text: &str, tokens: &[Token], reading: &KeyResultReading, change_verb: bool, subject: Subject) -> Option<Finding> {
    let measured_change = change_verb && (reading.target.is_some() || reading.relative.is_some());
    let (words, span, class) = match leading_work(text, tokens, false) {
        Some(w) if w.noun && reading.shape == Shape::Change => return None,
        Some(w) if is_cadence(&w.words, reading) => return None,
        Some(w) if !w.ambiguous && !measured_change => (w.words, w.span, w.class),
        Some(_) => return None,
        None if measured_change || reading.shape == Shape::Change => return None,
        None => {
            let (words, span) = participle_of_work(text, tokens)?;
            (words, span, Class::Output)
        }
    };
    let kind = match class {
        Class::Activity => "an activity",
        Class::Input => "an input",
        Class::Output | Class::Vanity => "an output",
    };
    let reason = format!("{} describes work ({kind}), not the change it should cause (an outcome).", super::quoted(&words));
    Some(
        Finding::new("kr-output-verb", subject, &reason)
            .example("Complete the migration", "Reduce database-related P1 incidents from 4 per quarter to 0")
            .at(Some(span)),
    )
}

/// "Deploy to production at least once a day": a verb whose frequency is an outcome (the
/// lexicon's `rate_is_outcome`, e.g. deployment frequency) with a target per period.
fn is_cadence(verb: &str, reading: &KeyResultReading) -> bool {
    let verb = verb.to_lowercase();
    let frequency =
        reading.target.is_some() && reading.unit.per.is_some() && matches!(&reading.unit.measure, Measure::Count(n) if n.is_empty());
    frequency && LEXICON.counted.iter().any(|c| c.rate_is_outcome && c.nouns.contains(&verb))
}

/// What the numbers say: units, direction, text against fields, and the shape's own checks.
fn number_findings(
    text: &str,
    reading: &KeyResultReading,
    numbers: &Numbers,
    fields: &Fields,
    verb: Option<(Trend, Span)>,
    subject: Subject,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let both = reading.baseline.zip(reading.target).map(|(b, t)| b.span.join(t.span));
    if let Some(conflict) = &reading.unit_conflict {
        out.push(Finding::new("kr-mixed-units", subject, &format!("The baseline and the target cannot be compared: {conflict}.")).at(both));
    } else if let (Some((trend, span)), Some(rising)) = (verb, numbers.rising())
        && let Some(word) = direction_contradiction(trend, rising, numbers)
    {
        let (b, t) = (numbers.baseline.map_or_else(String::new, format_number), numbers.target.map_or_else(String::new, format_number));
        let unit = Some(numbers.unit.label()).filter(|u| !u.is_empty()).map(|u| format!(" {u}")).unwrap_or_default();
        let reason =
            format!("{} says the measure should go {word}, but the numbers go from {b} to {t}{unit}.", super::quoted(span.text(text)));
        let numbers_span = reading.target.map_or(span, |t| span.join(t.span));
        out.push(Finding::new("kr-direction", subject, &reason).at(Some(numbers_span)));
    }
    if let Fields::Metric { .. } = fields {
        out.extend(disagreement(text, reading, numbers, subject));
    }
    out.extend(shape_finding(reading, numbers, fields, subject));
    out
}

/// The direction a verb says, when the numbers go the other way.
fn direction_contradiction(trend: Trend, rising: bool, numbers: &Numbers) -> Option<&'static str> {
    let flat = numbers.baseline.zip(numbers.target).is_some_and(|(b, t)| same(b, t));
    match trend {
        _ if flat => None,
        Trend::Down if rising => Some("down"),
        Trend::Up if !rising => Some("up"),
        _ => None,
    }
}

/// The text's numbers against the fields' ("…from 800 ms to 300 ms" with a target of 450).
fn disagreement(text: &str, reading: &KeyResultReading, numbers: &Numbers, subject: Subject) -> Option<Finding> {
    if reading.unit_conflict.is_some() {
        return None;
    }
    let factor = reading.unit.factor_to(&numbers.unit).unwrap_or(1.0);
    let differs = |written: Option<crate::model::quantity::Reading>, field: Option<f64>| {
        let (w, f) = (written?, field?);
        (!same(w.value * factor, f)).then_some((w, f))
    };
    let found = differs(reading.baseline, numbers.baseline).or_else(|| differs(reading.target, numbers.target))?;
    let unit = Some(numbers.unit.label()).filter(|u| !u.is_empty()).map(|u| format!(" {u}")).unwrap_or_default();
    let reason = format!("The text says {} but the fields say {}{unit}.", super::quoted(found.0.span.text(text)), format_number(found.1));
    Some(Finding::new("kr-text-disagrees", subject, &reason).at(Some(found.0.span)))
}

/// The check that belongs to the kind of key result the numbers make.
fn shape_finding(reading: &KeyResultReading, numbers: &Numbers, fields: &Fields, subject: Subject) -> Option<Finding> {
    let target_span = reading.target.map(|t| t.span);
    match numbers.shape {
        Shape::Maintain if numbers.target.is_none() => Some(
            Finding::new("kr-maintain-no-level", subject, "Holding a level is a fine key result, but this one does not say which level.")
                .example("Keep availability high", "Keep checkout availability at or above 99.95%")
                .at(reading.holding),
        ),
        Shape::Unmeasured if *fields == Fields::None || numbers.target.is_none() => Some(
            Finding::new("kr-unmeasurable", subject, "No number: at the end of the period nobody can tell whether it was achieved.")
                .example("Improve checkout reliability", "Raise checkout API availability from 99.5% to 99.95%"),
        ),
        Shape::BaselineOnly => Some(
            Finding::new("kr-no-target", subject, "There is a baseline but no target: how far is far enough?")
                .example("Reduce P1 incidents from 4 per quarter", "Reduce P1 incidents from 4 per quarter to 0")
                .at(reading.baseline.map(|b| b.span)),
        ),
        Shape::Relative | Shape::Target | Shape::Threshold if numbers.baseline.is_none() => {
            let reason = match numbers.shape {
                Shape::Relative => "A relative target is judged against where things start, and that is not written yet.",
                Shape::Threshold => "A threshold can be judged at the end, but progress needs today's value.",
                _ => "There is a target but no baseline, so progress cannot be computed yet.",
            };
            Some(Finding::new("kr-no-baseline", subject, reason).at(reading.relative.map(|r| r.1).or(target_span)))
        }
        // A level to hold may be stored as baseline = target; written "from X to X" it is flat.
        Shape::Change
            if (reading.holding.is_none() || reading.shape == Shape::Change)
                && numbers.baseline.zip(numbers.target).is_some_and(|(b, t)| same(b, t)) =>
        {
            let value = numbers.baseline.map_or_else(String::new, format_number);
            Some(
                Finding::new("kr-flat", subject, &format!("Baseline and target are both {value}: there is nothing to move."))
                    .example("Keep availability from 99.9% to 99.9%", "Keep availability at or above 99.9%")
                    .at(reading.baseline.zip(reading.target).map(|(b, t)| b.span.join(t.span))),
            )
        }
        _ => None,
    }
}
