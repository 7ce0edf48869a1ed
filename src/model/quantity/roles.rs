//! The grammar around a number in a key result: what it is to the sentence (a baseline after
//! "from", a target after "to" or an arrow, a threshold after "under" or "at least", a level
//! after "at", a relative change after "by"), and the sentence's main verb.
//!
//! These are closed classes of English, not judgements, so they live here as code; the
//! coach's tunable word lists are in `assets/coach-lexicon.toml`.

use serde::Serialize;

use super::token::{Kind, Token};

/// How a threshold or level compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparator {
    /// `<`, under, below, less than, fewer than.
    Below,
    /// `≤`, at most, no more than, within, at or below, or less.
    AtMost,
    /// `~`, about, around.
    About,
    /// `≥`, at least, no less than, at or above, or more, `+`.
    AtLeast,
    /// `>`, above, over, more than, greater than.
    Above,
}

impl Comparator {
    /// Whether the level is a ceiling (the measure should stay below it).
    pub fn is_ceiling(self) -> bool {
        matches!(self, Comparator::Below | Comparator::AtMost)
    }

    /// Whether the level is a floor (the measure should stay above it).
    pub fn is_floor(self) -> bool {
        matches!(self, Comparator::AtLeast | Comparator::Above)
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::Below => "<",
            Comparator::AtMost => "≤",
            Comparator::About => "≈",
            Comparator::AtLeast => "≥",
            Comparator::Above => ">",
        }
    }
}

/// What a number is to its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// After "from", "currently", "baseline", before an arrow, before "today".
    Baseline,
    /// After "to", an arrow, "target".
    Target,
    /// After a comparator without "to" ("under 50 ms").
    Compared,
    /// After "at" ("hold availability at 99.9%").
    Level,
    /// "N% of …": a share, which is what such a sentence targets.
    Share,
    /// After "by", or before a comparative ("30% fewer"): a change relative to the baseline.
    By,
    /// None of the above.
    Bare,
}

/// Words that may come before the main verb without changing what the sentence is.
const LEAD: &[&str] =
    &["we", "will", "to", "must", "should", "shall", "let", "lets", "us", "i", "and", "then", "successfully", "also", "always", "s"];

/// Words allowed between a marker and its number ("from *current* 99.7%", "to *a median of* 8").
const FILLER: &[&str] = &[
    "a", "an", "the", "current", "roughly", "approx", "just", "only", "nearly", "almost", "of", "average", "median", "mean", "our", "its",
    "their", "level", "s",
];

/// Comparators, longest first, as lower-case words; a `Symbol` token matches its character.
const COMPARATORS: &[(&[&str], Comparator)] = &[
    (&["at", "or", "above"], Comparator::AtLeast),
    (&["at", "or", "over"], Comparator::AtLeast),
    (&["at", "or", "better", "than"], Comparator::AtLeast),
    (&["at", "or", "below"], Comparator::AtMost),
    (&["at", "or", "under"], Comparator::AtMost),
    (&["no", "less", "than"], Comparator::AtLeast),
    (&["not", "less", "than"], Comparator::AtLeast),
    (&["no", "fewer", "than"], Comparator::AtLeast),
    (&["no", "more", "than"], Comparator::AtMost),
    (&["not", "more", "than"], Comparator::AtMost),
    (&["greater", "than"], Comparator::Above),
    (&["higher", "than"], Comparator::Above),
    (&["more", "than"], Comparator::Above),
    (&["less", "than"], Comparator::Below),
    (&["fewer", "than"], Comparator::Below),
    (&["lower", "than"], Comparator::Below),
    (&["shorter", "than"], Comparator::Below),
    (&["faster", "than"], Comparator::Below),
    (&["at", "least"], Comparator::AtLeast),
    (&["at", "most"], Comparator::AtMost),
    (&["a", "minimum", "of"], Comparator::AtLeast),
    (&["a", "maximum", "of"], Comparator::AtMost),
    (&["minimum"], Comparator::AtLeast),
    (&["min"], Comparator::AtLeast),
    (&["maximum"], Comparator::AtMost),
    (&["max"], Comparator::AtMost),
    (&["above"], Comparator::Above),
    (&["over"], Comparator::Above),
    (&["exceeding"], Comparator::Above),
    (&["beyond"], Comparator::Above),
    (&["under"], Comparator::Below),
    (&["below"], Comparator::Below),
    (&["within"], Comparator::AtMost),
    (&["sub"], Comparator::Below),
    (&["around"], Comparator::About),
    (&["about"], Comparator::About),
    (&["approximately"], Comparator::About),
];

/// Comparators written after the number ("99.9% or higher").
const POSTFIX: &[(&[&str], Comparator)] = &[
    (&["or", "more"], Comparator::AtLeast),
    (&["or", "higher"], Comparator::AtLeast),
    (&["or", "better"], Comparator::AtLeast),
    (&["or", "above"], Comparator::AtLeast),
    (&["or", "greater"], Comparator::AtLeast),
    (&["or", "over"], Comparator::AtLeast),
    (&["and", "above"], Comparator::AtLeast),
    (&["and", "up"], Comparator::AtLeast),
    (&["or", "less"], Comparator::AtMost),
    (&["or", "fewer"], Comparator::AtMost),
    (&["or", "lower"], Comparator::AtMost),
    (&["or", "below"], Comparator::AtMost),
    (&["or", "under"], Comparator::AtMost),
    (&["or", "faster"], Comparator::AtMost),
    (&["at", "most"], Comparator::AtMost),
    (&["at", "least"], Comparator::AtLeast),
    (&["max"], Comparator::AtMost),
    (&["maximum"], Comparator::AtMost),
    (&["minimum"], Comparator::AtLeast),
    (&["min"], Comparator::AtLeast),
];

/// Comparatives that make the number before them a relative change ("30% fewer", "2x faster").
const COMPARATIVES: &[&str] = &[
    "fewer", "less", "lower", "faster", "quicker", "shorter", "smaller", "cheaper", "more", "higher", "greater", "larger", "bigger",
    "better", "longer", "slower", "worse",
];

/// Words after a number that make it today's value ("45% today").
const BASELINE_AFTER: &[&str] = &["today", "now", "currently", "baseline", "current"];

/// Words before a number that make it today's value.
const BASELINE_BEFORE: &[&str] = &["from", "currently", "today", "now", "baseline", "was", "vs", "versus", "since"];

fn symbol_comparator(c: char) -> Option<Comparator> {
    match c {
        '<' => Some(Comparator::Below),
        '≤' => Some(Comparator::AtMost),
        '>' => Some(Comparator::Above),
        '≥' => Some(Comparator::AtLeast),
        '~' | '≈' => Some(Comparator::About),
        _ => None,
    }
}

/// Whether the words of `pattern` end at token `end` (exclusive).
fn ends_with(tokens: &[Token], end: usize, pattern: &[&str]) -> bool {
    end >= pattern.len() && tokens[end - pattern.len()..end].iter().zip(pattern).all(|(t, p)| t.is(p))
}

/// Whether the words of `pattern` start at token `start`.
fn starts_with(tokens: &[Token], start: usize, pattern: &[&str]) -> bool {
    tokens.get(start..start + pattern.len()).is_some_and(|ts| ts.iter().zip(pattern).all(|(t, p)| t.is(p)))
}

/// The comparator ending at token `end` (exclusive), and how many tokens it takes.
fn comparator_ending_at(tokens: &[Token], end: usize) -> Option<(Comparator, usize)> {
    if let Some(Kind::Symbol(c)) = end.checked_sub(1).and_then(|i| tokens.get(i)).map(|t| &t.kind)
        && let Some(comparator) = symbol_comparator(*c)
    {
        return Some((comparator, 1));
    }
    COMPARATORS.iter().find(|(p, _)| ends_with(tokens, end, p)).map(|(p, c)| (*c, p.len()))
}

/// What the number at `start` is to its sentence, read from the words before it, and the
/// comparator written there.
pub(crate) fn role_before(tokens: &[Token], start: usize) -> (Role, Option<Comparator>) {
    let mut k = start;
    let mut comparator = None;
    for _ in 0..5 {
        if comparator.is_none()
            && let Some((c, len)) = comparator_ending_at(tokens, k)
        {
            comparator = Some(c);
            k -= len;
            continue;
        }
        let Some(prev) = k.checked_sub(1).and_then(|i| tokens.get(i)) else { break };
        match &prev.kind {
            Kind::Arrow => return (Role::Target, comparator),
            Kind::Word(w) if w == "to" || w == "target" || w == "goal" => return (Role::Target, comparator),
            Kind::Word(w) if BASELINE_BEFORE.contains(&w.as_str()) => return (Role::Baseline, comparator),
            Kind::Word(w) if w == "by" && comparator.is_none() => return (Role::By, None),
            Kind::Word(w) if w == "at" && comparator.is_none() => return (Role::Level, None),
            Kind::Word(w) if FILLER.contains(&w.as_str()) => k -= 1,
            Kind::Break(':') => k -= 1,
            _ => break,
        }
    }
    (if comparator.is_some() { Role::Compared } else { Role::Bare }, comparator)
}

/// What the words after a number (from token `end`) say about it: a comparator written
/// after it, that it is today's value, that it is a share ("30% of"), or a relative change
/// ("30% fewer"), and how many tokens that took.
pub(crate) fn after(tokens: &[Token], end: usize) -> (Option<Role>, Option<Comparator>, usize) {
    if let Some(Token { kind: Kind::Symbol('+'), .. }) = tokens.get(end) {
        return (None, Some(Comparator::AtLeast), 1);
    }
    if let Some((p, c)) = POSTFIX.iter().find(|(p, _)| starts_with(tokens, end, p)) {
        return (None, Some(*c), p.len());
    }
    let next = tokens.get(end);
    match next.map(|t| &t.kind) {
        Some(Kind::Arrow) => (Some(Role::Baseline), None, 0),
        Some(Kind::Word(w)) if BASELINE_AFTER.contains(&w.as_str()) => (Some(Role::Baseline), None, 1),
        Some(Kind::Word(w)) if w == "at" && tokens.get(end + 1).is_some_and(|t| t.is("present")) => (Some(Role::Baseline), None, 2),
        Some(Kind::Word(w)) if w == "of" => (Some(Role::Share), None, 0),
        Some(Kind::Word(w)) if COMPARATIVES.contains(&w.as_str()) && !tokens.get(end + 1).is_some_and(|t| t.is("than")) => {
            (Some(Role::By), None, 0)
        }
        _ => (None, None, 0),
    }
}

/// The index of the main verb: the first word after lead-ins like "We will".
pub(crate) fn main_verb(tokens: &[Token]) -> Option<usize> {
    tokens.iter().position(|t| !t.word().is_some_and(|w| LEAD.contains(&w))).filter(|&i| tokens[i].word().is_some())
}

/// Whether `word` is a form of a verb that holds a level ("keep", "maintains", "held").
pub(crate) fn is_maintain_verb(word: &str) -> bool {
    matches!(
        word,
        "keep"
            | "keeps"
            | "kept"
            | "maintain"
            | "maintains"
            | "maintained"
            | "hold"
            | "holds"
            | "sustain"
            | "sustains"
            | "sustained"
            | "preserve"
            | "preserves"
            | "protect"
            | "protects"
            | "stay"
            | "stays"
            | "remain"
            | "remains"
            | "defend"
    )
}

/// Whether `word` (mid-sentence) says the measure holds ("availability *stays* above").
pub(crate) fn is_holding_word(word: &str) -> bool {
    matches!(word, "stay" | "stays" | "remain" | "remains" | "holds" | "kept" | "maintained" | "sustained")
}

/// Words after which numbers are guardrails, not the goal ("while keeping p95 under 300 ms").
pub(crate) fn is_guard_word(word: &str) -> bool {
    matches!(word, "while" | "whilst" | "without" | "keeping" | "maintaining" | "but")
}

/// Verbs whose object goes to zero ("Eliminate manual deploy steps").
pub(crate) fn is_zeroing_verb(word: &str) -> bool {
    matches!(word, "eliminate" | "eradicate" | "end")
}

/// Verbs that state a relative change by themselves, with their factor.
pub(crate) fn relative_verb(word: &str) -> Option<f64> {
    match word {
        "halve" => Some(0.5),
        "double" => Some(2.0),
        "triple" => Some(3.0),
        "quadruple" => Some(4.0),
        _ => None,
    }
}

/// Fractions written in words after "by" ("by half", "by a third"), as percentages.
pub(crate) fn fraction_after_by(tokens: &[Token], by: usize) -> Option<(f64, usize)> {
    [(&["half"][..], 50.0), (&["a", "half"], 50.0), (&["a", "third"], 100.0 / 3.0), (&["a", "quarter"], 25.0), (&["a", "fifth"], 20.0)]
        .iter()
        .find(|(p, _)| starts_with(tokens, by + 1, p))
        .map(|(p, v)| (*v, p.len()))
}

/// Whether "in half" is written ("cut build time in half").
pub(crate) fn in_half(tokens: &[Token]) -> Option<usize> {
    tokens.windows(2).position(|w| w[0].is("in") && w[1].is("half"))
}

#[cfg(test)]
mod tests {
    use super::super::token::tokenize;
    use super::*;

    fn role(text: &str) -> (Role, Option<Comparator>) {
        let tokens = tokenize(text);
        let i = tokens.iter().rposition(|t| t.num().is_some()).expect("a number");
        role_before(&tokens, i)
    }

    #[test]
    fn roles_from_the_words_before() {
        assert_eq!(role("from 45%"), (Role::Baseline, None));
        assert_eq!(role("(from current 99.7%)"), (Role::Baseline, None));
        assert_eq!(role("to under 1%"), (Role::Target, Some(Comparator::Below)));
        assert_eq!(role("at or above 99.95%"), (Role::Compared, Some(Comparator::AtLeast)));
        assert_eq!(role("at 99.9%"), (Role::Level, None));
        assert_eq!(role("by 30%"), (Role::By, None));
        assert_eq!(role("≥ 99.9%"), (Role::Compared, Some(Comparator::AtLeast)));
        assert_eq!(role("no more than 2"), (Role::Compared, Some(Comparator::AtMost)));
        assert_eq!(role("to a median of 8"), (Role::Target, None));
        assert_eq!(role("Java 17"), (Role::Bare, None));
        assert_eq!(role("→ 300"), (Role::Target, None));
    }

    #[test]
    fn what_follows_a_number() {
        let tokens = tokenize("99.9% or higher");
        assert_eq!(after(&tokens, 1), (None, Some(Comparator::AtLeast), 2));
        let tokens = tokenize("30% fewer incidents");
        assert_eq!(after(&tokens, 1).0, Some(Role::By));
        let tokens = tokenize("30% of users");
        assert_eq!(after(&tokens, 1).0, Some(Role::Share));
        let tokens = tokenize("45% today");
        assert_eq!(after(&tokens, 1).0, Some(Role::Baseline));
    }
}
