//! Reads the numbers of a key result's sentence the way engineers write them: "from X to Y"
//! in either order or with an arrow, "(from current 99.7%)", comparators in words and
//! symbols, relative targets ("by 30%", "halve"), frequencies ("to daily"), levels held
//! ("keep availability at or above 99.95%"), and guardrails ("while keeping p95 under
//! 300 ms") that are not the goal.

use serde::Serialize;

use super::Span;
use super::number::NumberError;
use super::roles::{self, Comparator, Role};
use super::token::{Kind, Token, tokenize};
use super::unit::{Unit, UnitMismatch, reconcile};
use super::unit_words::{frequency_at, span_of, unit_at};

/// One number of the sentence: its value in the reading's unit, and where it is written.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Reading {
    pub value: f64,
    pub span: Span,
}

/// What kind of key result the numbers make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// A baseline and a target: "from 4 per quarter to 0", "to 75% from 45%".
    Change,
    /// A target without a baseline: "to 0", "to daily".
    Target,
    /// A threshold without a baseline: "to under 1%", "p99 under 50 ms".
    Threshold,
    /// A change relative to a baseline not written: "by 30%", "halve", "2x faster".
    Relative,
    /// A level to hold: "keep availability at or above 99.95%" (or, without a number,
    /// "maintain availability", whose level is missing).
    Maintain,
    /// A baseline without a target: "from 4 per quarter".
    BaselineOnly,
    /// No number that states a quantity.
    Unmeasured,
}

/// A change relative to the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relative {
    /// "by 30%", "30% fewer".
    Percent(f64),
    /// "halve" (0.5), "double" (2), "2x faster" (2).
    Factor(f64),
    /// "by 5 minutes", in the reading's unit.
    Amount(f64),
}

/// What the numbers of a key result's sentence say.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyResultReading {
    pub shape: Shape,
    /// Today's value, in `unit`.
    pub baseline: Option<Reading>,
    /// The value aimed at, or the level to hold, in `unit`.
    pub target: Option<Reading>,
    /// How the target compares ("under", "at least"), when it is a threshold or a level.
    pub comparator: Option<Comparator>,
    pub relative: Option<(Relative, Span)>,
    /// The unit both values are in (baseline and target reconciled), plain when none.
    pub unit: Unit,
    /// Why the baseline's and the target's units cannot be reconciled; the values are then
    /// as written.
    pub unit_conflict: Option<UnitMismatch>,
    /// Numbers that cannot be read ("1,5", "1e308"), where they are written.
    pub number_errors: Vec<(Span, NumberError)>,
    /// How many numbers state a quantity (guardrails included; dates, years, ordinals,
    /// versions of "P1" and "24/7" not).
    pub quantities: usize,
    /// The verb that makes the sentence hold a level ("Keep", "stays"), for [`Shape::Maintain`].
    pub holding: Option<Span>,
}

impl KeyResultReading {
    /// Baseline, target and unit label, when both values are written.
    pub fn from_to(&self) -> Option<(f64, f64, String)> {
        Some((self.baseline?.value, self.target?.value, self.unit.label()))
    }
}

/// Reads the numbers of `text`, a key result's description. Never panics.
///
/// ```
/// use quarterdeck::model::quantity::{Shape, read_key_result};
/// let r = read_key_result("Reduce MTTR from 2 hours to 30 minutes");
/// assert_eq!(r.shape, Shape::Change);
/// assert_eq!(r.from_to(), Some((120.0, 30.0, "minutes".to_string())));
/// ```
pub fn read_key_result(text: &str) -> KeyResultReading {
    read(text, &tokenize(text))
}

/// A number of the sentence before the reading chooses baseline and target.
#[derive(Debug, Clone)]
struct Candidate {
    value: f64,
    unit: Unit,
    first: usize,
    span: Span,
    role: Role,
    comparator: Option<Comparator>,
    in_parens: bool,
    guard: bool,
    percent: bool,
    times: bool,
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// Words before a year ("by 2027"), and before a number that names a level, a standard or a
/// version, not a quantity ("Sev 1", "tier 2", "SOC 2", "ISO 27001", "WCAG 2.1", "Java 21").
const YEAR_BEFORE: &[&str] = &[
    "in", "by", "of", "for", "since", "until", "till", "before", "after", "during", "through", "end", "fy", "early", "late", "mid", "the",
    "our", "this", "next", "last",
];
const LABEL_BEFORE: &[&str] = &[
    "sev",
    "severity",
    "p",
    "priority",
    "tier",
    "level",
    "v",
    "version",
    "phase",
    "stage",
    "wave",
    "step",
    "gen",
    "soc",
    "iso",
    "wcag",
    "pci",
    "dss",
    "tls",
    "http",
    "nist",
    "owasp",
    "java",
    "python",
    "node",
    "kubernetes",
    "postgres",
    "postgresql",
    "mysql",
    "react",
    "ios",
    "android",
    "ubuntu",
    "rails",
    "django",
    "php",
    "ruby",
    "scala",
    "kotlin",
    "swift",
    "angular",
    "vue",
    "terraform",
    "elasticsearch",
];

/// Whether the number at `i` is a date, a year, a label ("Sev 1") or "24/7": not a quantity.
fn is_not_a_quantity(tokens: &[Token], i: usize) -> bool {
    let word = |j: Option<usize>| j.and_then(|j| tokens.get(j)).and_then(Token::word);
    let Some(n) = tokens[i].num() else { return true };
    let plain = !n.decimal && !n.percent && n.currency.is_none() && n.suffix.is_empty() && !n.words && !n.signed;
    let before = word(i.checked_sub(1));
    let after = word(Some(i + 1));
    let year = plain
        && n.value.fract() == 0.0
        && (1900.0..=2199.0).contains(&n.value)
        && (i == 0
            || before.is_some_and(|w| YEAR_BEFORE.contains(&w))
            || after.is_some_and(|w| matches!(w, "q1" | "q2" | "q3" | "q4" | "h1" | "h2")));
    let month = |w: Option<&str>| w.is_some_and(|w| MONTHS.contains(&w));
    let label = plain && before.is_some_and(|w| LABEL_BEFORE.contains(&w));
    let is = |t: Option<&Token>, v: f64| t.and_then(Token::num).is_some_and(|m| (m.value - v).abs() < f64::EPSILON);
    let round_the_clock = plain
        && ((is(Some(&tokens[i]), 24.0) && after == Some("per") && is(tokens.get(i + 2), 7.0))
            || (is(Some(&tokens[i]), 7.0) && before == Some("per") && is(i.checked_sub(2).and_then(|j| tokens.get(j)), 24.0)));
    n.ordinal || year || label || round_the_clock || (plain && (month(before) || month(after)))
}

/// Every number of the sentence that states a quantity, and the numbers that cannot be read.
fn candidates(text: &str, tokens: &[Token]) -> (Vec<Candidate>, Vec<(Span, NumberError)>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let (mut depth, mut guard) = (0_usize, false);
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i].kind {
            Kind::Break('(' | '[') => depth += 1,
            Kind::Break(')' | ']') => depth = depth.saturating_sub(1),
            Kind::Break(_) => guard = false,
            Kind::Word(w) if i > 0 && roles::is_guard_word(w) => guard = true,
            Kind::Num(n) if !n.ok() => {
                if let Some(e) = &n.error {
                    errors.push((tokens[i].span, e.clone()));
                }
            }
            Kind::Num(n) if !is_not_a_quantity(tokens, i) => {
                let (unit, end) = unit_at(text, tokens, i);
                let (role, comparator, extra) = role_of(tokens, i, end);
                let c = Candidate {
                    value: n.value,
                    unit,
                    first: i,
                    span: span_of(tokens, i, end),
                    role,
                    comparator,
                    in_parens: depth > 0,
                    guard,
                    percent: n.percent,
                    times: n.times,
                };
                if !c.times || c.role == Role::By {
                    out.push(c);
                }
                i = end + extra;
                continue;
            }
            Kind::Word(_) => {
                let (role, comparator) = roles::role_before(tokens, i);
                // "daily" is a frequency after "to" or "from", an adjective elsewhere
                // ("daily active users"); "twice a week" is one anywhere.
                let adverb = tokens[i].word().is_some_and(|w| w.ends_with("ly"));
                if (role != Role::Bare || !adverb)
                    && let Some((value, unit, at_least, end)) = frequency_at(tokens, i)
                {
                    let comparator = comparator.or(at_least.then_some(Comparator::AtLeast));
                    let span = span_of(tokens, i, end);
                    out.push(Candidate {
                        value,
                        unit,
                        first: i,
                        span,
                        role,
                        comparator,
                        in_parens: depth > 0,
                        guard,
                        percent: false,
                        times: false,
                    });
                    i = end;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    (out, errors)
}

/// The role of the number at `i` whose unit ends at `end`, from the words on both sides,
/// and how many tokens after `end` that took.
fn role_of(tokens: &[Token], i: usize, end: usize) -> (Role, Option<Comparator>, usize) {
    let (before, comparator_before) = roles::role_before(tokens, i);
    let (after, comparator_after, extra) = roles::after(tokens, end);
    let role = match (before, after) {
        (Role::Bare | Role::By, Some(Role::Share)) => Role::Share,
        (Role::Bare, Some(r)) => r,
        (b, _) => b,
    };
    (role, comparator_before.or(comparator_after), extra)
}

/// Baseline and target among the candidates.
fn choose(cands: &[Candidate]) -> (Option<&Candidate>, Option<&Candidate>) {
    let usable = |c: &&Candidate| !c.guard && !c.times;
    let aside = |c: &&Candidate| c.in_parens;
    let baseline = cands.iter().filter(usable).position(|c| c.role == Role::Baseline);
    let usable_cands: Vec<&Candidate> = cands.iter().filter(usable).collect();
    let target = if let Some(b) = baseline {
        let (before, after) = usable_cands.split_at(b);
        after
            .iter()
            .skip(1)
            .find(|c| c.role == Role::Target)
            .or_else(|| before.iter().find(|c| c.role == Role::Target))
            .or_else(|| before.iter().find(|c| !aside(c) && matches!(c.role, Role::Compared | Role::Level | Role::Share)))
            .or_else(|| before.iter().find(|c| !aside(c) && c.role == Role::Bare))
            .copied()
    } else {
        usable_cands
            .iter()
            .find(|c| !aside(c) && matches!(c.role, Role::Target | Role::Share | Role::Compared | Role::Level))
            .or_else(|| usable_cands.iter().find(|c| !aside(c) && c.role == Role::Bare))
            .copied()
    };
    (baseline.map(|b| usable_cands[b]), target)
}

/// The relative change written: "by 30%", "30% fewer", "2x faster", "halve", "by half",
/// "in half".
fn relative(tokens: &[Token], verb: Option<usize>, cands: &[Candidate]) -> Option<(Relative, Span)> {
    if let Some(c) = cands.iter().find(|c| !c.guard && c.role == Role::By) {
        let r = if c.percent {
            Relative::Percent(c.value)
        } else if c.times {
            Relative::Factor(c.value)
        } else {
            Relative::Amount(c.value)
        };
        return Some((r, c.span));
    }
    if let Some(v) = verb
        && let Some(f) = tokens[v].word().and_then(roles::relative_verb)
    {
        return Some((Relative::Factor(f), tokens[v].span));
    }
    if let Some(by) = tokens.iter().position(|t| t.is("by"))
        && let Some((p, len)) = roles::fraction_after_by(tokens, by)
    {
        return Some((Relative::Percent(p), span_of(tokens, by, by + 1 + len)));
    }
    roles::in_half(tokens).map(|i| (Relative::Factor(0.5), span_of(tokens, i, i + 2)))
}

/// The verb that holds a level: the main verb ("Keep", "Hold availability at …", not "Hold
/// 6 meetings"), or "stays"/"remains" before the target.
fn holding(tokens: &[Token], verb: Option<usize>, target: Option<&Candidate>) -> Option<Span> {
    if let Some(v) = verb
        && tokens[v].word().is_some_and(roles::is_maintain_verb)
        && tokens.get(v + 1).and_then(Token::num).is_none()
    {
        return Some(tokens[v].span);
    }
    let limit = target.map_or(tokens.len(), |t| t.first);
    tokens[..limit].iter().find(|t| t.word().is_some_and(roles::is_holding_word)).map(|t| t.span)
}

/// Reads the numbers of `text`, already tokenised.
pub(crate) fn read(text: &str, tokens: &[Token]) -> KeyResultReading {
    let (cands, number_errors) = candidates(text, tokens);
    let (baseline, target) = choose(&cands);
    let verb = roles::main_verb(tokens);
    let relative = relative(tokens, verb, &cands);
    let holding = holding(tokens, verb, target);
    let zeroing = verb.filter(|&v| target.is_none() && tokens[v].word().is_some_and(roles::is_zeroing_verb));
    let reading = |c: &Candidate| Reading { value: c.value, span: c.span };
    let (baseline_r, mut target_r, unit, unit_conflict) = match (baseline, target) {
        (Some(b), Some(t)) => match reconcile((b.value, &b.unit), (t.value, &t.unit)) {
            Ok(r) => (Some(Reading { value: r.baseline, span: b.span }), Some(Reading { value: r.target, span: t.span }), r.unit, None),
            Err(e) => (Some(reading(b)), Some(reading(t)), t.unit.clone(), Some(e)),
        },
        (None, Some(t)) => (None, Some(reading(t)), t.unit.clone(), None),
        (Some(b), None) => (Some(reading(b)), None, b.unit.clone(), None),
        (None, None) => (None, None, Unit::plain(), None),
    };
    if let Some(v) = zeroing {
        target_r = Some(Reading { value: 0.0, span: tokens[v].span });
    }
    let comparator = target.and_then(|t| t.comparator);
    let shape = match (baseline_r.is_some(), target_r.is_some()) {
        (true, true) => Shape::Change,
        _ if holding.is_some() => Shape::Maintain,
        (false, true) if comparator.is_some() => Shape::Threshold,
        (false, true) => Shape::Target,
        _ if relative.is_some() => Shape::Relative,
        (true, false) => Shape::BaselineOnly,
        (false, false) => Shape::Unmeasured,
    };
    let quantities =
        cands.len() + usize::from(zeroing.is_some()) + usize::from(relative.is_some() && cands.iter().all(|c| c.role != Role::By));
    KeyResultReading {
        shape,
        baseline: baseline_r,
        target: target_r,
        comparator,
        relative,
        unit,
        unit_conflict,
        number_errors,
        quantities,
        holding,
    }
}
