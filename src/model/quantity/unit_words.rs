//! The words of units as engineers write them: after a number ("30 minutes", "4 per
//! quarter", "9,500 USD a month", "15 technical blog posts"), as a frequency ("daily",
//! "every sprint", "twice a week") and as a label in a unit field ("P1 incidents/month").

use super::Span;
use super::token::{Kind, Token, currency_of, tokenize};
use super::unit::{Currency, Measure, Period, SizeUnit, TimeUnit, Unit};

fn time_word(w: &str) -> Option<TimeUnit> {
    Some(match w {
        "ns" | "nanosecond" | "nanoseconds" => TimeUnit::Nanosecond,
        "µs" | "μs" | "us" | "microsecond" | "microseconds" => TimeUnit::Microsecond,
        "ms" | "msec" | "msecs" | "millis" | "millisecond" | "milliseconds" => TimeUnit::Millisecond,
        "s" | "sec" | "secs" | "second" | "seconds" => TimeUnit::Second,
        "m" | "min" | "mins" | "minute" | "minutes" => TimeUnit::Minute,
        "h" | "hr" | "hrs" | "hour" | "hours" => TimeUnit::Hour,
        "d" | "day" | "days" | "business day" | "business days" | "working day" | "working days" => TimeUnit::Day,
        "w" | "wk" | "wks" | "week" | "weeks" => TimeUnit::Week,
        "mo" | "mos" | "month" | "months" => TimeUnit::Month,
        "y" | "yr" | "yrs" | "year" | "years" => TimeUnit::Year,
        _ => return None,
    })
}

fn size_word(w: &str) -> Option<SizeUnit> {
    Some(match w {
        "b" | "byte" | "bytes" => SizeUnit::Byte,
        "kb" | "kilobyte" | "kilobytes" => SizeUnit::Kilobyte,
        "mb" | "megabyte" | "megabytes" => SizeUnit::Megabyte,
        "gb" | "gigabyte" | "gigabytes" => SizeUnit::Gigabyte,
        "tb" | "terabyte" | "terabytes" => SizeUnit::Terabyte,
        "pb" | "petabyte" | "petabytes" => SizeUnit::Petabyte,
        "kib" => SizeUnit::Kibibyte,
        "mib" => SizeUnit::Mebibyte,
        "gib" => SizeUnit::Gibibyte,
        "tib" => SizeUnit::Tebibyte,
        _ => return None,
    })
}

fn currency_word(w: &str) -> Option<&'static str> {
    Some(match w {
        "usd" | "dollar" | "dollars" => "USD",
        "eur" | "euro" | "euros" => "EUR",
        "gbp" | "pound" | "pounds" => "GBP",
        "jpy" | "yen" => "JPY",
        "chf" => "CHF",
        "cad" => "CAD",
        "aud" => "AUD",
        _ => return None,
    })
}

pub(crate) fn period_word(w: &str) -> Option<Period> {
    Some(match w {
        "second" | "sec" | "s" => Period::Second,
        "minute" | "min" => Period::Minute,
        "hour" | "hr" | "h" => Period::Hour,
        "day" | "d" | "night" => Period::Day,
        "week" | "wk" | "w" => Period::Week,
        "sprint" | "iteration" => Period::Sprint,
        "month" | "mo" => Period::Month,
        "quarter" | "qtr" | "q" => Period::Quarter,
        "year" | "yr" | "annum" => Period::Year,
        _ => return None,
    })
}

/// Words that end the name of what is counted ("4 incidents *by* March").
const NOUN_STOP: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "by",
    "before",
    "after",
    "until",
    "within",
    "in",
    "on",
    "at",
    "for",
    "of",
    "with",
    "while",
    "from",
    "to",
    "this",
    "that",
    "next",
    "each",
    "every",
    "across",
    "during",
    "through",
    "via",
    "so",
    "as",
    "when",
    "without",
    "than",
    "is",
    "are",
    "was",
    "were",
    "be",
    "which",
    "who",
    "end",
    "per",
    "out",
    "today",
    "now",
    "currently",
    "vs",
    "versus",
    "up",
    "down",
    "over",
    "under",
    "below",
    "above",
    "times",
    "time",
    "q1",
    "q2",
    "q3",
    "q4",
    "h1",
    "h2",
    "daily",
    "weekly",
    "monthly",
    "quarterly",
    "yearly",
    "annually",
    "hourly",
    "nightly",
    "more",
    "less",
    "fewer",
    "higher",
    "lower",
    "faster",
    "slower",
    "better",
    "worse",
    "all",
    "only",
    "even",
    "still",
    "whilst",
    "where",
    "baseline",
    "target",
    "goal",
];

/// Most words taken as the name of what is counted.
const MAX_NOUN_WORDS: usize = 4;

/// The text of tokens `from..to`, as written.
fn raw(text: &str, tokens: &[Token], from: usize, to: usize) -> String {
    match (tokens.get(from), to.checked_sub(1).and_then(|t| tokens.get(t))) {
        (Some(a), Some(b)) if b.span.end >= a.span.start => text.get(a.span.start..b.span.end).unwrap_or_default().to_string(),
        _ => String::new(),
    }
}

/// The measure written right with the number at `i` (its marks and suffix).
fn marked_measure(tokens: &[Token], i: usize) -> Option<Measure> {
    let n = tokens.get(i)?.num()?;
    if n.percent {
        return Some(Measure::Percent);
    }
    if let Some((code, symbol)) = n.currency {
        return Some(Measure::Money(Currency { code: code.into(), symbol: Some(symbol) }));
    }
    if n.suffix.is_empty() {
        return None;
    }
    let lower = n.suffix.to_lowercase();
    time_word(&lower)
        .map(Measure::Duration)
        .or_else(|| size_word(&lower).map(Measure::Size))
        .or_else(|| currency_word(&lower).map(|c| Measure::Money(Currency { code: c.into(), symbol: None })))
        .or_else(|| Some(Measure::Count(n.suffix.clone())))
}

/// The unit written with the number at `tokens[i]`, and the index of the first token after it.
/// Reads the number's own marks (`%`, `$`, `ms`), then unit words ("minutes", "MB", "USD"),
/// or else up to four words naming what is counted, then "per …" / "a week" clauses.
pub(crate) fn unit_at(text: &str, tokens: &[Token], i: usize) -> (Unit, usize) {
    let mut unit = Unit::of(marked_measure(tokens, i).unwrap_or(Measure::Count(String::new())));
    let j = read_unit_words(text, tokens, i + 1, &mut unit);
    (unit, j)
}

/// Reads unit words from `j` into `unit` (whose measure may already be known); returns where
/// they end.
fn read_unit_words(text: &str, tokens: &[Token], mut j: usize, unit: &mut Unit) -> usize {
    let word = |k: usize| tokens.get(k).and_then(Token::word);
    if let Measure::Money(c) = &mut unit.measure
        && let Some(code) = word(j).and_then(currency_word)
        && code == c.code
    {
        j += 1;
    }
    if unit.measure == Measure::Count(String::new())
        && let Some(w) = word(j)
    {
        let two = word(j + 1).map(|n| format!("{w} {n}"));
        if let Some(t) = time_word(w).or_else(|| two.as_deref().and_then(time_word)) {
            unit.measure = Measure::Duration(t);
            j += if time_word(w).is_some() { 1 } else { 2 };
        } else if let Some(s) = size_word(w) {
            unit.measure = Measure::Size(s);
            j += 1;
        } else if let Some(c) = currency_word(w) {
            unit.measure = Measure::Money(Currency { code: c.into(), symbol: None });
            j += 1;
        } else if w == "pp" || (w == "percentage" && word(j + 1) == Some("points")) {
            unit.measure = Measure::Percent;
            j += if w == "pp" { 1 } else { 2 };
        } else if matches!(w, "times" | "time") {
            j += 1;
        } else {
            let start = j;
            while j - start < MAX_NOUN_WORDS && word(j).is_some_and(|w| !NOUN_STOP.contains(&w) && time_word(w).is_none()) {
                j += 1;
            }
            if j > start {
                unit.measure = Measure::Count(raw(text, tokens, start, j));
            }
        }
    }
    read_per_clauses(text, tokens, j, unit)
}

/// "per week", "a month", "per engineer per week", "/day".
fn read_per_clauses(text: &str, tokens: &[Token], mut j: usize, unit: &mut Unit) -> usize {
    let word = |k: usize| tokens.get(k).and_then(Token::word);
    for _ in 0..3 {
        let Some(intro) = word(j) else { break };
        let period = word(j + 1).and_then(period_word);
        if matches!(intro, "per" | "a" | "an" | "each" | "every") && period.is_some() && unit.per.is_none() {
            unit.per = period;
            j += 2;
        } else if intro == "per" && unit.per_what.is_empty() && word(j + 1) != Some("cent") {
            let start = j + 1;
            let mut k = start;
            while k - start < 3
                && tokens.get(k).is_some_and(|t| match &t.kind {
                    Kind::Word(w) => !NOUN_STOP.contains(&w.as_str()) && period_word(w).is_none(),
                    Kind::Num(n) => n.ok(),
                    _ => false,
                })
            {
                k += 1;
            }
            if k == start {
                break;
            }
            unit.per_what = raw(text, tokens, start, k);
            j = k;
        } else {
            break;
        }
    }
    j
}

/// A frequency written as words at `tokens[i]`: "daily", "every sprint", "every 2 weeks",
/// "twice a week", "several times a day". Its value, unit (a plain rate), whether it is a
/// lower bound ("several times a day"), and where it ends.
pub(crate) fn frequency_at(tokens: &[Token], i: usize) -> Option<(f64, Unit, bool, usize)> {
    let word = |k: usize| tokens.get(k).and_then(Token::word);
    let rate = |p: Period| Unit::plain().per_period(p);
    let w = word(i)?;
    let adverb = match w {
        "hourly" => Some((1.0, Period::Hour)),
        "daily" | "nightly" => Some((1.0, Period::Day)),
        "weekly" => Some((1.0, Period::Week)),
        "fortnightly" | "biweekly" => Some((0.5, Period::Week)),
        "monthly" => Some((1.0, Period::Month)),
        "quarterly" => Some((1.0, Period::Quarter)),
        "yearly" | "annually" => Some((1.0, Period::Year)),
        _ => None,
    };
    if let Some((v, p)) = adverb {
        return Some((v, rate(p), false, i + 1));
    }
    let times = match w {
        "once" => Some((1.0, false)),
        "twice" => Some((2.0, false)),
        "thrice" => Some((3.0, false)),
        "several" | "multiple" | "many" if matches!(word(i + 1), Some("times")) => Some((2.0, true)),
        _ => None,
    };
    if let Some((v, at_least)) = times {
        let k = if word(i + 1) == Some("times") { i + 2 } else { i + 1 };
        if matches!(word(k), Some("a" | "an" | "per" | "each" | "every"))
            && let Some(p) = word(k + 1).and_then(period_word)
        {
            return Some((v, rate(p), at_least, k + 2));
        }
        return None;
    }
    if matches!(w, "every" | "each") {
        if let Some(p) = word(i + 1).and_then(period_word) {
            return Some((1.0, rate(p), false, i + 2));
        }
        let n = tokens.get(i + 1)?.num().filter(|n| n.ok() && n.value > 0.0)?;
        let p = word(i + 2).and_then(|w| period_word(w.trim_end_matches('s')))?;
        return Some((1.0 / n.value, rate(p), false, i + 3));
    }
    None
}

/// Reads a unit as typed in a unit field or stored with a key result: `minutes`, `%`, `$`,
/// `P1 incidents/month`, `deploys/engineer/week`, `USD per 1k transactions`, `daily`. Never
/// fails: text it does not recognise is the name of what is counted.
pub fn parse_unit(label: &str) -> Unit {
    let label = crate::model::text::clean_line(label);
    let mut rest = label.as_str();
    let mut unit = Unit::plain();
    if let Some(c) = rest.chars().next()
        && let Some((code, symbol)) = currency_of(c)
    {
        unit.measure = Measure::Money(Currency { code: code.into(), symbol: Some(symbol) });
        rest = rest[c.len_utf8()..].trim_start();
    }
    let tokens = tokenize(rest);
    if tokens.is_empty() {
        return unit;
    }
    if let Some((_, freq, _, end)) = frequency_at(&tokens, 0)
        && end == tokens.len()
    {
        return freq;
    }
    if tokens.first().and_then(Token::word) == Some("percent") {
        unit.measure = Measure::Percent;
        let end = read_per_clauses(rest, &tokens, 1, &mut unit);
        return if end == tokens.len() { unit } else { Unit::of(Measure::Count(label.clone())) };
    }
    let end = read_unit_words(rest, &tokens, 0, &mut unit);
    if end == tokens.len() { unit } else { Unit::of(Measure::Count(label.clone())) }
}

/// The span from the start of token `from` to the end of token `to - 1`.
pub(crate) fn span_of(tokens: &[Token], from: usize, to: usize) -> Span {
    let start = tokens.get(from).map_or(0, |t| t.span.start);
    let end = to.checked_sub(1).and_then(|t| tokens.get(t)).map_or(start, |t| t.span.end.max(start));
    Span { start, end }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit_after_first_number(text: &str) -> (String, String) {
        let tokens = tokenize(text);
        let i = tokens.iter().position(|t| t.num().is_some()).expect("a number");
        let (unit, end) = unit_at(text, &tokens, i);
        let rest = tokens.get(end).map_or(String::new(), |t| text[t.span.start..].to_string());
        (unit.label(), rest)
    }

    #[test]
    fn units_after_numbers() {
        let cases = [
            ("30 minutes for Sev1", "minutes", "for Sev1"),
            ("300ms at p95", "ms", "at p95"),
            ("4 per quarter to 0", "per quarter", "to 0"),
            ("9,500 USD a month", "USD per month", ""),
            ("15 technical blog posts this quarter", "technical blog posts", "this quarter"),
            ("1.5 deploys per engineer per week", "deploys per engineer per week", ""),
            ("$0.30 per 1,000 transactions", "$ per 1,000 transactions", ""),
            ("120 MB", "MB", ""),
            ("99.9% or higher", "%", "or higher"),
            ("10 times a day", "per day", ""),
            ("3 business days", "days", ""),
            ("40 P1 incidents/month", "P1 incidents per month", ""),
        ];
        for (text, label, rest) in cases {
            assert_eq!(unit_after_first_number(text), (label.to_string(), rest.to_string()), "{text:?}");
        }
    }

    #[test]
    fn frequencies() {
        let read = |text: &str| frequency_at(&tokenize(text), 0).map(|(v, u, at_least, _)| (v, u.label(), at_least));
        assert_eq!(read("daily"), Some((1.0, "per day".into(), false)));
        assert_eq!(read("every sprint"), Some((1.0, "per sprint".into(), false)));
        assert_eq!(read("twice a week"), Some((2.0, "per week".into(), false)));
        assert_eq!(read("several times a day"), Some((2.0, "per day".into(), true)));
        assert_eq!(read("every 2 weeks"), Some((0.5, "per week".into(), false)));
        assert_eq!(read("every engineer"), None);
        assert_eq!(read("daily active users").map(|r| r.1), Some("per day".into()), "the caller decides where a frequency can be");
    }

    #[test]
    fn unit_labels_parse_back() {
        for (label, expected) in [
            ("minutes", "minutes"),
            ("%", "%"),
            ("$", "$"),
            ("P1 incidents/month", "P1 incidents per month"),
            ("deploys/engineer/week", "deploys per engineer per week"),
            ("USD per 1k transactions", "USD per 1k transactions"),
            ("reruns/week", "reruns per week"),
            ("daily", "per day"),
            ("per quarter", "per quarter"),
            ("", ""),
            ("a rather long label that is not a unit", "a rather long label that is not a unit"),
        ] {
            assert_eq!(parse_unit(label).label(), expected, "{label:?}");
        }
        assert_eq!(parse_unit("hours").measure, Measure::Duration(TimeUnit::Hour));
        assert_eq!(parse_unit("GB").measure, Measure::Size(SizeUnit::Gigabyte));
        assert_eq!(parse_unit("%").measure, Measure::Percent);
    }
}
