//! "From X to Y" in a key result's description: the baseline, the target and the unit
//! written next to them, so a key result typed as a sentence fills its structured fields.

use super::lexer::{Lex, Num, lex};

/// A baseline, a target and a unit read from a description.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedMetric {
    pub baseline: f64,
    pub target: f64,
    /// `%`, `$`, `ms`, `minutes`, `per week`…, or empty when none is written next to the numbers.
    pub unit: String,
}

/// Most words allowed between a number and the "to"/"from"/arrow that follows it
/// ("from 4 per quarter to 0").
const MAX_GAP: usize = 4;
/// Most words taken as the unit after the last number ("to 10 per week").
const MAX_UNIT_WORDS: usize = 4;

/// Words that end a unit: what follows them is context, not the unit.
const UNIT_STOP: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "by", "before", "after", "until", "within", "in", "on", "at", "for", "of", "with", "while",
    "from", "to", "this", "next", "each", "every", "across", "during", "through", "via", "so", "as", "when", "without", "than", "is",
    "are", "was", "were", "be", "while", "which", "that", "end", "q1", "q2", "q3", "q4",
];

/// Parses the first "from X to Y" (or "X → Y", "X -> Y", "to Y from X") in `text`.
///
/// `k` multiplies by 1,000 and `M` by 1,000,000 (also the words "thousand", "million");
/// `$1,000.50` reads as 1000.5. Returns `None` when there is no such pattern or when a value
/// is not a finite number.
pub fn parse_from_to(text: &str) -> Option<ParsedMetric> {
    let lexes = lex(text);
    (0..lexes.len()).find_map(|i| from_to_at(&lexes, i).or_else(|| to_from_at(&lexes, i)).or_else(|| arrow_at(&lexes, i)))
}

/// `from NUM [words] to NUM [unit]` starting at `i`.
fn from_to_at(l: &[Lex], i: usize) -> Option<ParsedMetric> {
    if l[i].word() != Some("from") {
        return None;
    }
    let baseline = l.get(i + 1)?.num()?;
    let (between, j) = gap_until(l, i + 2, |x| x.word() == Some("to"))?;
    let target = l.get(j + 1)?.num()?;
    build(baseline, target, &between, &unit_words_after(l, j + 2))
}

/// `to NUM [words] from NUM [unit]` starting at `i` ("increase coverage to 60% from 40%").
fn to_from_at(l: &[Lex], i: usize) -> Option<ParsedMetric> {
    if l[i].word() != Some("to") {
        return None;
    }
    let target = l.get(i + 1)?.num()?;
    let (between, j) = gap_until(l, i + 2, |x| x.word() == Some("from"))?;
    let baseline = l.get(j + 1)?.num()?;
    build(baseline, target, &between, &unit_words_after(l, j + 2))
}

/// `NUM [words] → NUM [unit]` starting at `i`.
fn arrow_at(l: &[Lex], i: usize) -> Option<ParsedMetric> {
    let baseline = l[i].num()?;
    let (between, j) = gap_until(l, i + 1, |x| *x == Lex::Arrow)?;
    let target = l.get(j + 1)?.num()?;
    build(baseline, target, &between, &unit_words_after(l, j + 2))
}

/// The words from `start` up to the first lexeme matching `end` (at most [`MAX_GAP`] words, no
/// numbers or punctuation between), and that lexeme's index.
fn gap_until(l: &[Lex], start: usize, end: impl Fn(&Lex) -> bool) -> Option<(Vec<String>, usize)> {
    let mut words = Vec::new();
    for (j, x) in l.iter().enumerate().skip(start) {
        if end(x) {
            return Some((words, j));
        }
        match x.word() {
            Some(w) if words.len() < MAX_GAP && !matches!(w, "from" | "to") => words.push(x.raw().unwrap_or(w).to_string()),
            _ => return None,
        }
    }
    None
}

/// Unit-like words right after the target, up to a stop word or punctuation.
fn unit_words_after(l: &[Lex], start: usize) -> Vec<String> {
    l.iter()
        .skip(start)
        .map_while(|x| Some((x.word()?, x.raw()?)))
        .take_while(|(w, _)| !UNIT_STOP.contains(w))
        .take(MAX_UNIT_WORDS)
        .map(|(_, raw)| raw.to_string())
        .collect()
}

fn build(baseline: &Num, target: &Num, between: &[String], after: &[String]) -> Option<ParsedMetric> {
    if !baseline.value.is_finite() || !target.value.is_finite() {
        return None;
    }
    let word_unit = |words: &[String]| {
        if words.first().is_some_and(|w| w.eq_ignore_ascii_case("percent")) { "%".to_string() } else { words.join(" ") }
    };
    let unit = if baseline.percent || target.percent {
        "%".to_string()
    } else if let Some(c) = target.currency.or(baseline.currency) {
        c.to_string()
    } else if !target.unit.is_empty() {
        target.unit.clone()
    } else if !baseline.unit.is_empty() {
        baseline.unit.clone()
    } else if !after.is_empty() {
        word_unit(after)
    } else {
        word_unit(between)
    };
    Some(ParsedMetric { baseline: baseline.value, target: target.value, unit })
}
