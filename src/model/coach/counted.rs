//! What a key result counts, whatever its verb: "Increase code reviews from 800 to 1200 per
//! sprint" has a baseline and a target, and still counts activity. The rule reads the noun
//! phrase the key result measures, finds its head ("code *reviews*", "*engineers* hired",
//! "number of *runbooks*", "deployment *frequency*"), and looks it up in the lexicon.
//!
//! Decisions, so nobody has to rediscover them:
//! - A head that names a measure ("time", "rate", "coverage", "latency") makes the key result
//!   a measure of something, not a count: "PR review wait time" and "test coverage" pass.
//! - A share ("30% of", "share of services …") is a ratio: counted activity in it passes
//!   ("95% of tickets closed within SLA"), migrated things do not ("80% of services migrated").
//! - A count that should fall, or stay under a ceiling, is not flagged: fewer meetings or
//!   fewer hours of toil can be the outcome. Only counts meant to grow, or whose direction is
//!   not stated, are.
//! - A frequency is an outcome where the lexicon says so (deployments: DORA's deployment
//!   frequency), normalised ("deploys per engineer per week") or per period ("releases from
//!   2 to 8 per month"); written as a count it is vanity ("the number of deployments from 200
//!   to 400 per month", "Increase deployments from 200 to 400").
//! - A verb of work followed by a count counts that work ("Hire two SREs", "Run 4 game days").
//! - Counting needs a number or "number of": "Conduct access reviews" is a task, for the verb
//!   rules.

use super::lexicon::{Class, Counted as Entry, LEXICON, singular};
use crate::model::quantity::token::Token;
use crate::model::quantity::{KeyResultReading, Measure, Span, is_maintain_verb, main_verb, period_word};

/// A key result that counts work, not its effect.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CountedWork {
    pub class: Class,
    /// The counted words as written ("code reviews", "engineers hired").
    pub thing: String,
    pub span: Span,
    /// Why counting it misleads, from the lexicon entry, when one matched.
    pub why: Option<&'static str>,
    /// Outcomes it might stand for.
    pub instead: &'static str,
}

/// A word (or an alias of several) or another token, with where it is written.
#[derive(Debug, Clone)]
struct Item {
    word: Option<String>,
    span: Span,
    token: usize,
    percent: bool,
    number: bool,
}

/// The tokens as items, with the lexicon's aliases ("lines of code" → "loc") merged.
fn items(tokens: &[Token]) -> Vec<Item> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let alias = LEXICON.alias_parts.iter().find_map(|(parts, alias)| {
            let matches = tokens.get(i..i + parts.len()).is_some_and(|ts| ts.iter().zip(parts).all(|(t, p)| t.is(p)));
            matches.then_some((alias, parts.len()))
        });
        if let Some((alias, len)) = alias {
            let span = Span { start: tokens[i].span.start, end: tokens[i + len - 1].span.end };
            out.push(Item { word: Some(alias.clone()), span, token: i, percent: false, number: false });
            i += len;
            continue;
        }
        let t = &tokens[i];
        let (percent, number) = t.num().map_or((false, false), |n| (n.percent, true));
        out.push(Item { word: t.word().map(str::to_string), span: t.span, token: i, percent, number });
        i += 1;
    }
    out
}

/// Words after which the numbers measure another thing than the phrase before them ("Pass
/// the audit *with* zero major findings").
const DETACH: &[&str] = &["with", "without", "while", "whilst", "including", "except", "where"];

/// Whether the first number after item `from` belongs to the phrase that ends there.
fn attached(items: &[Item], from: usize) -> bool {
    items.iter().skip(from).take_while(|it| !it.number).all(|it| it.word.as_deref().is_none_or(|w| !DETACH.contains(&w)))
}

/// Words that end the noun phrase a key result measures.
const NP_STOP: &[&str] = &[
    "of", "for", "in", "on", "per", "with", "across", "by", "at", "from", "to", "that", "which", "who", "whose", "where", "before",
    "after", "within", "under", "over", "above", "below", "than", "while", "without", "during", "through", "via", "into", "and", "or",
    "vs", "versus", "among", "between", "is", "are", "was", "were", "using", "used", "so", "when", "up", "down", "this", "each", "every",
    "as", "less", "fewer", "more",
];

/// Words before the noun phrase that do not change it.
const DETERMINERS: &[&str] = &["the", "our", "a", "an", "all", "total", "new", "their", "its", "of"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Framing {
    Count,
    Share,
    Measure,
}

/// The noun phrase a key result measures.
#[derive(Debug, Clone)]
struct NounPhrase {
    /// Lower-case; the head (last) singular.
    words: Vec<String>,
    first: usize,
    /// The item after the head.
    after: usize,
    participle: Option<(usize, Class, bool)>,
    framing: Framing,
    explicit_count: bool,
}

fn word(items: &[Item], i: usize) -> Option<&str> {
    items.get(i).and_then(|it| it.word.as_deref())
}

/// Reads the noun phrase starting at item `i`.
fn noun_phrase(items: &[Item], mut i: usize, mut framing: Framing) -> NounPhrase {
    let mut explicit_count = false;
    while let Some(w) = word(items, i) {
        let of_next = word(items, i + 1) == Some("of");
        if LEXICON.is_count(w) && of_next {
            explicit_count = true;
            i += 2;
        } else if LEXICON.is_share(w) && of_next {
            framing = Framing::Share;
            i += 2;
        } else if DETERMINERS.contains(&w) {
            i += 1;
        } else {
            break;
        }
    }
    let mut first = i;
    let mut words: Vec<String> = Vec::new();
    let mut participle = None;
    while let Some(w) = word(items, i) {
        if NP_STOP.contains(&w) || words.len() >= 6 {
            break;
        }
        if !words.is_empty() && matches!(w, "the" | "a" | "an" | "our" | "their" | "its") {
            // "Pass the audit": what came before the article was a verb, not the phrase.
            words.clear();
            first = i + 1;
            i += 1;
            continue;
        }
        if let Some((class, as_share)) = LEXICON.participle(w).filter(|_| !words.is_empty()) {
            participle = Some((i, class, as_share));
            break;
        }
        words.extend(w.split_whitespace().map(str::to_string));
        i += 1;
    }
    if words.len() > 1 && words.last().is_some_and(|h| LEXICON.is_count(h)) {
        explicit_count = true;
        words.pop();
    }
    if let Some(head) = words.last_mut() {
        if LEXICON.is_measure(head) {
            framing = Framing::Measure;
        } else if LEXICON.is_share(head) {
            framing = Framing::Share;
        }
        *head = singular(head);
    }
    NounPhrase { words, first, after: i, participle, framing, explicit_count }
}

/// The noun phrase after the first number, when the measured thing is written there
/// ("Run 4 game days", "80% of services migrated", "from 0 to 15 blog posts").
fn phrase_after_number(items: &[Item], from: usize) -> Option<NounPhrase> {
    let n = (from..items.len()).find(|&k| items[k].number)?;
    let of = word(items, n + 1) == Some("of");
    let mut k = n + 1 + usize::from(of);
    // "from 0 to 15 blog posts": the phrase is after the last number of the range.
    while word(items, k) == Some("to") && items.get(k + 1).is_some_and(|it| it.number) {
        k += 2;
    }
    let framing = if items[n].percent || of { Framing::Share } else { Framing::Count };
    Some(noun_phrase(items, k, framing))
}

/// What the key result counts, when that is activity, output, input or vanity and meant to
/// grow. `falling` is whether its numbers (or its verb) say it should go down.
pub(crate) fn counted_work(text: &str, tokens: &[Token], reading: &KeyResultReading, falling: bool) -> Option<CountedWork> {
    if falling {
        return None;
    }
    let items = items(tokens);
    let v = main_verb(tokens).and_then(|t| items.iter().position(|it| it.token == t)).unwrap_or(0);
    let verb = word(&items, v).unwrap_or_default();
    let is_verb = is_base_verb(verb);
    let start = if is_verb { v + 1 + usize::from(matches!(word(&items, v + 1), Some("up" | "down" | "out"))) } else { v };
    let mut np = noun_phrase(&items, start, Framing::Count);
    let count_after_verb = np.words.is_empty() && items.get(np.first).is_some_and(|it| it.number);
    let end = np.participle.map_or(np.after, |(p, _, _)| p + 1);
    if np.words.is_empty() || !attached(&items, end) {
        np = phrase_after_number(&items, start)?;
    }
    if reading.quantities == 0 && !np.explicit_count {
        return None;
    }
    let framing = match (&reading.unit.measure, np.framing) {
        (_, Framing::Measure) | (Measure::Duration(_) | Measure::Money(_) | Measure::Size(_), _) => Framing::Measure,
        (Measure::Percent, _) | (_, Framing::Share) => Framing::Share,
        _ => Framing::Count,
    };
    let thing_end = np.participle.map_or(np.after, |(p, _, _)| p + 1);
    let span = Span { start: items.get(np.first).map_or(0, |it| it.span.start), end: items.get(thing_end - 1).map_or(0, |it| it.span.end) };
    let found = |class: Class, entry: Option<&'static Entry>| {
        let instead = entry.map_or_else(|| LEXICON.class_text(class).map_or("", |c| c.instead.as_str()), |e| e.instead.as_str());
        Some(CountedWork { class, thing: span.text(text).to_string(), span, why: entry.map(|e| e.why.as_str()), instead })
    };
    let per_period = reading.unit.per.is_some();
    if let Some(entry) = LEXICON.counted(&np.words).filter(|e| applies(e, &np, &items, framing, per_period)) {
        return found(entry.class, Some(entry));
    }
    if let Some((_, class, as_share)) = np.participle
        && (framing == Framing::Count || (framing == Framing::Share && as_share))
    {
        return found(class, None);
    }
    if is_verb
        && count_after_verb
        && framing != Framing::Measure
        && let Some((class, _)) = LEXICON.work_verb(verb)
    {
        return found(class, None);
    }
    None
}

/// Whether a counted entry applies to this phrase as it is framed. A frequency is the outcome
/// for entries that say so: normalised ("deploys per engineer") or per period ("releases
/// from 2 to 8 per month"), unless it is written as a count ("the number of deployments …
/// per month", "deployment count").
fn applies(entry: &Entry, np: &NounPhrase, items: &[Item], framing: Framing, per_period: bool) -> bool {
    let next = word(items, np.after);
    if next.is_some_and(|n| entry.not_before.iter().any(|b| b == n)) {
        return false;
    }
    let per_what = next == Some("per") && word(items, np.after + 1).is_some_and(|w| period_word(w).is_none());
    if entry.rate_is_outcome && (per_what || (per_period && !np.explicit_count)) {
        return false;
    }
    framing == Framing::Count || entry.any_framing
}

/// Whether `word` is a verb in its base form, as a key result's first word is ("Increase",
/// "Hire", "Keep"); "Deploys per engineer" starts with a noun.
fn is_base_verb(word: &str) -> bool {
    let listed = |list: &[String]| list.iter().any(|v| v == word);
    let lists = &LEXICON.work;
    LEXICON.trend(word).is_some() && !word.ends_with('s')
        || listed(&lists.output)
        || listed(&lists.activity)
        || listed(&lists.input)
        || listed(&lists.ambiguous)
        || is_maintain_verb(word)
        || matches!(word, "have" | "make" | "see" | "ensure" | "enable" | "support" | "answer")
}
