//! Splits a sentence into tokens with their byte spans: words (lower-cased), numbers with the
//! marks written next to them (`$`, `%`, `k`, `ms`, `10x`, `3rd`, "four", "2 million"),
//! arrows, comparison symbols and phrase breaks. Never panics; linear in the text's length.

use super::Span;
use super::number::{NumberError, checked, scan_digits};
use super::words;

/// One number as written, with the marks attached to it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Num {
    /// The value after multipliers (`k`, `M`, "thousand"); NaN when `error` is set.
    pub value: f64,
    /// Why the number cannot be read ("1,5", "1e308").
    pub error: Option<NumberError>,
    pub percent: bool,
    /// ISO code of a currency symbol written before it.
    pub currency: Option<(&'static str, char)>,
    /// Letters written right after it that are not a multiplier (`ms` in `300ms`), as written.
    pub suffix: String,
    /// Written as a multiplier (`10x`, `2×`).
    pub times: bool,
    /// Written as an ordinal (`1st`, "ninety-ninth").
    pub ordinal: bool,
    /// Written with a decimal point.
    pub decimal: bool,
    /// Written in words ("four").
    pub words: bool,
    /// Written with a sign (`-10`, `+40`).
    pub signed: bool,
}

impl Num {
    fn new(value: Result<f64, NumberError>) -> Num {
        let (value, error) = match value {
            Ok(v) => (v, None),
            Err(e) => (f64::NAN, Some(e)),
        };
        Num {
            value,
            error,
            percent: false,
            currency: None,
            suffix: String::new(),
            times: false,
            ordinal: false,
            decimal: false,
            words: false,
            signed: false,
        }
    }

    /// A usable number: read without error.
    pub fn ok(&self) -> bool {
        self.error.is_none() && self.value.is_finite()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    /// Lower-cased.
    Word(String),
    Num(Num),
    Arrow,
    /// `<` `>` `≤` `≥` `=` `~` `≈`, and `+` right after a number ("99.9%+").
    Symbol(char),
    /// Punctuation that ends a phrase: `,` `;` `:` `.` `(` `)` and the like.
    Break(char),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub kind: Kind,
    pub span: Span,
}

impl Token {
    pub fn word(&self) -> Option<&str> {
        match &self.kind {
            Kind::Word(w) => Some(w),
            _ => None,
        }
    }

    pub fn num(&self) -> Option<&Num> {
        match &self.kind {
            Kind::Num(n) => Some(n),
            _ => None,
        }
    }

    pub fn is(&self, word: &str) -> bool {
        self.word() == Some(word)
    }
}

pub(crate) fn currency_of(c: char) -> Option<(&'static str, char)> {
    match c {
        '$' => Some(("USD", '$')),
        '€' => Some(("EUR", '€')),
        '£' => Some(("GBP", '£')),
        '¥' => Some(("JPY", '¥')),
        _ => None,
    }
}

fn is_break(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '.' | '(' | ')' | '[' | ']' | '!' | '?' | '"' | '“' | '”' | '—' | '|')
}

/// The text as characters, with the byte offset of each (and of the end).
struct Source<'a> {
    text: &'a str,
    chars: Vec<char>,
    offsets: Vec<usize>,
}

impl Source<'_> {
    fn offset(&self, i: usize) -> usize {
        self.offsets.get(i).copied().unwrap_or(self.text.len())
    }

    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    fn span(&self, from: usize, to: usize) -> Span {
        Span { start: self.offset(from), end: self.offset(to) }
    }
}

/// The sentence as tokens.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let src = Source { text, chars: text.chars().collect(), offsets: text.char_indices().map(|(o, _)| o).collect() };
    let mut out: Vec<Token> = Vec::new();
    let mut i = 0;
    while i < src.chars.len() {
        let c = src.chars[i];
        let prev_alnum = i > 0 && src.chars[i - 1].is_alphanumeric();
        let next = src.at(i + 1);
        let next_digit = next.is_some_and(|n| n.is_ascii_digit());
        let single = |kind: Kind, len: usize| Token { kind, span: src.span(i, i + len) };
        if c.is_whitespace() {
            i += 1;
        } else if matches!(c, '→' | '⟶' | '➝' | '➔' | '⇒') {
            out.push(single(Kind::Arrow, 1));
            i += 1;
        } else if matches!(c, '-' | '=') && next == Some('>') {
            out.push(single(Kind::Arrow, 2));
            i += 2;
        } else if matches!((c, next), ('<' | '>', Some('=')) | ('=', Some('<' | '>'))) {
            let symbol = if c == '<' || next == Some('<') { '≤' } else { '≥' };
            out.push(single(Kind::Symbol(symbol), 2));
            i += 2;
        } else if c.is_ascii_digit() && !prev_alnum {
            i = number(&src, i, i, None, &mut out);
        } else if let Some(cur) = currency_of(c).filter(|_| next_digit) {
            i = number(&src, i, i + 1, Some(cur), &mut out);
        } else if matches!(c, '-' | '−' | '+')
            && next_digit
            && !prev_alnum
            && !matches!(out.last(), Some(t) if t.num().is_some() && t.span.end == src.offset(i))
        {
            i = number(&src, i, i + 1, None, &mut out);
        } else if matches!(c, '<' | '>' | '≤' | '≥' | '=' | '~' | '≈' | '+') {
            out.push(single(Kind::Symbol(c), 1));
            i += 1;
        } else if c.is_alphanumeric() {
            let start = i;
            while i < src.chars.len() && src.chars[i].is_alphanumeric() {
                i += 1;
            }
            let span = src.span(start, i);
            out.push(Token { kind: Kind::Word(text[span.start..span.end].to_lowercase()), span });
        } else if c == '%' {
            match out.last_mut() {
                Some(Token { kind: Kind::Num(n), span }) => {
                    n.percent = true;
                    span.end = src.offset(i + 1);
                }
                _ => out.push(single(Kind::Word("percent".into()), 1)),
            }
            i += 1;
        } else if c == '/' {
            out.push(single(Kind::Word("per".into()), 1));
            i += 1;
        } else if is_break(c) {
            out.push(single(Kind::Break(c), 1));
            i += 1;
        } else {
            // Hyphens, apostrophes, other symbols: separators that end nothing.
            i += 1;
        }
    }
    fold_words(text, &out)
}

/// Reads a number whose digits start at `digits` (a sign or currency symbol may start it at
/// `start`), pushes it, and returns where it ended.
fn number(src: &Source, start: usize, digits: usize, currency: Option<(&'static str, char)>, out: &mut Vec<Token>) -> usize {
    let plain = &src.chars;
    let scanned = scan_digits(plain, digits);
    let mut i = digits + scanned.len;
    let suffix_start = i;
    while i < plain.len() && (plain[i].is_alphabetic() || plain[i] == '×') {
        i += 1;
    }
    if plain.get(i).is_some_and(char::is_ascii_digit) {
        // Something like "3d6" or "1e5e5": not a number we understand, so one word.
        let mut end = i;
        while end < plain.len() && plain[end].is_alphanumeric() {
            end += 1;
        }
        let span = src.span(start, end);
        out.push(Token { kind: Kind::Word(src.text[span.start..span.end].to_lowercase()), span });
        return end;
    }
    let suffix: String = plain[suffix_start..i].iter().collect();
    let negative = matches!(plain[start], '-' | '−');
    let mut num = Num::new(scanned.value.map(|v| if negative { -v } else { v }));
    num.decimal = scanned.decimal;
    num.currency = currency;
    num.signed = matches!(plain[start], '-' | '−' | '+');
    let multiplier = match suffix.as_str() {
        "k" | "K" => Some(1e3),
        "M" | "mn" | "MM" => Some(1e6),
        "bn" => Some(1e9),
        "m" if currency.is_some() => Some(1e6),
        "B" | "b" if currency.is_some() => Some(1e9),
        _ => None,
    };
    let span = src.span(start, i);
    if let Some(m) = multiplier {
        multiply(&mut num, m, &src.text[span.start..span.end]);
    }
    match suffix.as_str() {
        _ if multiplier.is_some() => {}
        "" => {}
        "x" | "X" | "×" => num.times = true,
        "st" | "nd" | "rd" | "th" => num.ordinal = true,
        s => num.suffix = s.to_string(),
    }
    out.push(Token { kind: Kind::Num(num), span });
    i
}

/// Multiplies a readable number, refusing what grows too large.
fn multiply(num: &mut Num, factor: f64, written: &str) {
    if !num.ok() {
        return;
    }
    match checked(Some(num.value * factor), written) {
        Ok(v) => num.value = v,
        Err(e) => {
            num.value = f64::NAN;
            num.error = Some(e);
        }
    }
}

/// In one pass: numbers written in words become one number token ("ninety-nine", "two
/// hundred and fifty", "a hundred"), "2 million" is 2,000,000, and "10 percent" is 10%.
fn fold_words(text: &str, tokens: &[Token]) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let run: Vec<&str> = tokens[i..].iter().map_while(Token::word).take(8).collect();
        let found = run.first().is_some_and(|w| *w == "a" || words::is_number_word(w)).then(|| words::read(&run)).flatten();
        if let Some(n) = found {
            let span = Span { start: tokens[i].span.start, end: tokens[i + n.len - 1].span.end };
            let mut num = Num::new(Ok(n.value));
            num.words = true;
            num.ordinal = n.ordinal;
            out.push(Token { kind: Kind::Num(num), span });
            i += n.len;
            continue;
        }
        let factor = match tokens[i].word() {
            Some("thousand") => Some(1e3),
            Some("million" | "millions") => Some(1e6),
            Some("billion" | "billions") => Some(1e9),
            _ => None,
        };
        let two_words = tokens[i].is("per") && tokens.get(i + 1).is_some_and(|t| t.is("cent"));
        let percent_word = matches!(tokens[i].word(), Some("percent" | "pct")) || two_words;
        if let Some(Token { kind: Kind::Num(n), span }) = out.last_mut()
            && n.suffix.is_empty()
            && !n.percent
            && (factor.is_some() || percent_word)
        {
            let taken = if two_words { 2 } else { 1 };
            let end = tokens[i + taken - 1].span.end;
            match factor {
                Some(f) => multiply(n, f, text.get(span.start..end).unwrap_or_default()),
                None => n.percent = true,
            }
            span.end = end;
            i += taken;
            continue;
        }
        out.push(tokens[i].clone());
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nums(text: &str) -> Vec<Num> {
        tokenize(text).into_iter().filter_map(|t| t.num().cloned()).collect()
    }

    #[test]
    fn numbers_with_their_marks() {
        let n = nums("from $1,000.50 to 2.5k, 10x 300ms 3rd 99 % 40 percent €2m");
        assert_eq!(n.len(), 8);
        assert!((n[0].value - 1000.5).abs() < 1e-9 && n[0].currency == Some(("USD", '$')));
        assert!((n[1].value - 2500.0).abs() < 1e-9);
        assert!(n[2].times && n[3].suffix == "ms" && n[4].ordinal && n[5].percent && n[6].percent);
        assert!((n[7].value - 2e6).abs() < 1e-9);
        let words: Vec<String> = tokenize("p95 P1 Q2").iter().filter_map(|t| t.word().map(str::to_string)).collect();
        assert_eq!(words, ["p95", "p1", "q2"]);
    }

    #[test]
    fn numbers_in_words_and_spans() {
        let text = "from four per quarter to zero, ninety-ninth under fifty milliseconds";
        let tokens = tokenize(text);
        let n: Vec<(&str, f64, bool)> =
            tokens.iter().filter_map(|t| t.num().map(|n| (&text[t.span.start..t.span.end], n.value, n.ordinal))).collect();
        assert_eq!(n, [("four", 4.0, false), ("zero", 0.0, false), ("ninety-ninth", 99.0, true), ("fifty", 50.0, false)]);
        let n = nums("2 million users and 3 thousand");
        assert_eq!(n.iter().map(|n| n.value).collect::<Vec<_>>(), [2e6, 3e3]);
    }

    #[test]
    fn bad_numbers_carry_their_error() {
        let n = nums("from 1,5 to 1e308 and 1,500");
        assert!(matches!(n[0].error, Some(NumberError::AmbiguousComma { .. })));
        assert!(matches!(n[1].error, Some(NumberError::TooLarge(_))));
        assert!(n[2].ok() && (n[2].value - 1500.0).abs() < 1e-9);
        for hostile in ["9".repeat(400) + "k", "1e5e5".into(), "→→ -> => <= >= ≥ 99.9%+ -5 +40 3d6 ×× 10x k M".into(), "%%%/".into()]
        {
            let _ = tokenize(&hostile);
        }
    }

    #[test]
    fn comparison_symbols() {
        let kinds: Vec<Kind> =
            tokenize("≥ 99.9% <= 5 > 3 99%+").into_iter().map(|t| t.kind).filter(|k| matches!(k, Kind::Symbol(_))).collect();
        assert_eq!(kinds, [Kind::Symbol('≥'), Kind::Symbol('≤'), Kind::Symbol('>'), Kind::Symbol('+')]);
    }
}
