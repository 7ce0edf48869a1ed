//! A small lexer for the coach: words (lower-cased, split at anything that is not a letter or
//! digit), numbers with what is written next to them (`$`, `%`, `k`/`M`, `ms`, `10x`) and
//! arrows, so the rules can match whole words and phrases instead of substrings
//! ("ship" never matches inside "ownership").

/// One number as written, with the marks attached to it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Num {
    /// The value after `k`, `M`, "thousand" or "million"; may be non-finite for absurd input
    /// (callers check).
    pub value: f64,
    pub percent: bool,
    /// `$`, `€` or `£` written before it.
    pub currency: Option<&'static str>,
    /// Letters written right after it that are not a multiplier (`ms` in `300ms`), lower-cased.
    pub unit: String,
    /// Written as a multiplier of ambition (`10x`, `2×`).
    pub times: bool,
    /// Written as an ordinal (`1st`, `3rd`).
    pub ordinal: bool,
    /// Written with a decimal point.
    pub decimal: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Lex {
    /// Lower-cased, and as written.
    Word(String, String),
    Num(Num),
    Arrow,
    /// Punctuation that ends a phrase (`,` `;` `(` `.` …).
    Break,
}

impl Lex {
    pub fn word(&self) -> Option<&str> {
        match self {
            Lex::Word(w, _) => Some(w),
            _ => None,
        }
    }

    /// The word as written.
    pub fn raw(&self) -> Option<&str> {
        match self {
            Lex::Word(_, raw) => Some(raw),
            _ => None,
        }
    }

    pub fn num(&self) -> Option<&Num> {
        match self {
            Lex::Num(n) => Some(n),
            _ => None,
        }
    }
}

fn currency_of(c: char) -> Option<&'static str> {
    match c {
        '$' => Some("$"),
        '€' => Some("€"),
        '£' => Some("£"),
        _ => None,
    }
}

fn word(raw: String) -> Lex {
    Lex::Word(raw.to_lowercase(), raw)
}

fn is_minus(c: char) -> bool {
    c == '-' || c == '−'
}

/// Lexes `text`. Never panics, whatever the input; linear in its length.
pub(crate) fn lex(text: &str) -> Vec<Lex> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<Lex> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev_alnum = i > 0 && chars[i - 1].is_alphanumeric();
        let next = chars.get(i + 1).copied();
        let next_digit = next.is_some_and(|n| n.is_ascii_digit());
        if c.is_whitespace() {
            i += 1;
        } else if matches!(c, '→' | '⟶' | '➝' | '➔') {
            out.push(Lex::Arrow);
            i += 1;
        } else if (c == '-' || c == '=') && next == Some('>') {
            out.push(Lex::Arrow);
            i += 2;
        } else if c.is_ascii_digit() && !prev_alnum {
            i = lex_number(&chars, i, None, false, &mut out);
        } else if let Some(cur) = currency_of(c).filter(|_| next_digit) {
            i = lex_number(&chars, i + 1, Some(cur), false, &mut out);
        } else if is_minus(c) && next_digit && !prev_alnum {
            i = lex_number(&chars, i + 1, None, true, &mut out);
        } else if c.is_alphanumeric() {
            let start = i;
            while i < chars.len() && chars[i].is_alphanumeric() {
                i += 1;
            }
            out.push(word(chars[start..i].iter().collect()));
        } else if c == '%' {
            if let Some(Lex::Num(n)) = out.last_mut() {
                n.percent = true;
            }
            i += 1;
        } else if c == '/' {
            out.push(word("per".into()));
            i += 1;
        } else if matches!(c, ',' | ';' | ':' | '.' | '(' | ')' | '[' | ']' | '!' | '?' | '"' | '“' | '”' | '—' | '|') {
            if out.last() != Some(&Lex::Break) {
                out.push(Lex::Break);
            }
            i += 1;
        } else {
            // Hyphens, apostrophes, symbols: separators that end nothing.
            i += 1;
        }
    }
    apply_multiplier_words(&mut out);
    out
}

/// Reads a number starting at `start` (a digit) and pushes it; returns where it ended.
fn lex_number(chars: &[char], start: usize, currency: Option<&'static str>, negative: bool, out: &mut Vec<Lex>) -> usize {
    let mut i = start;
    let mut digits = String::new();
    let mut decimal = false;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            digits.push(c);
            i += 1;
        } else if c == ','
            && !decimal
            && chars.get(i + 1..i + 4).is_some_and(|d| d.iter().all(char::is_ascii_digit))
            && !chars.get(i + 4).is_some_and(char::is_ascii_digit)
        {
            // A thousands separator: "1,000".
            i += 1;
        } else if c == '.' && !decimal && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
            decimal = true;
            digits.push('.');
            i += 1;
        } else {
            break;
        }
    }
    let mut value: f64 = digits.parse().unwrap_or(f64::NAN);
    if negative {
        value = -value;
    }
    // Letters (and digits) written right after: a multiplier, a unit or an ordinal.
    let suffix_start = i;
    while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '×') {
        i += 1;
    }
    let suffix: String = chars[suffix_start..i].iter().collect();
    let mut num = Num { value, percent: false, currency, unit: String::new(), times: false, ordinal: false, decimal };
    match suffix.as_str() {
        "" => {}
        "k" | "K" => num.value *= 1e3,
        "M" | "mn" => num.value *= 1e6,
        "x" | "X" | "×" => num.times = true,
        "st" | "nd" | "rd" | "th" => num.ordinal = true,
        s if s.chars().any(|c| c.is_ascii_digit()) => {
            // Something like "1e5" or "3d6": not a number we understand.
            out.push(word(chars[start..i].iter().collect()));
            return i;
        }
        s => num.unit = s.to_lowercase(),
    }
    out.push(Lex::Num(num));
    i
}

/// "2 million" is 2,000,000: the word is folded into the number before it.
fn apply_multiplier_words(out: &mut Vec<Lex>) {
    let mut i = 1;
    while i < out.len() {
        let factor = match out[i].word() {
            Some("thousand") => Some(1e3),
            Some("million" | "millions") => Some(1e6),
            Some("billion" | "billions") => Some(1e9),
            _ => None,
        };
        if let (Some(f), Some(Lex::Num(n))) = (factor, out.get_mut(i - 1))
            && n.unit.is_empty()
        {
            n.value *= f;
            out.remove(i);
            continue;
        }
        i += 1;
    }
}

/// The words of `text`, lower-cased, split at anything that is not a letter or digit.
pub(crate) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Whether `word` is `base` or one of its regular inflections (`deploy` → `deploys`,
/// `deployed`, `deploying`; `ship` → `shipped`, `shipping`; `migrate` → `migrating`).
pub(crate) fn is_form_of(word: &str, base: &str) -> bool {
    if word == base {
        return true;
    }
    let Some(rest) = word.strip_prefix(base) else {
        // "migrate" → "migrating": the final e goes.
        return base.strip_suffix('e').is_some_and(|stem| word.strip_prefix(stem) == Some("ing"));
    };
    match rest {
        "s" | "es" | "ed" | "ing" => true,
        "d" => base.ends_with('e'),
        _ => {
            // "ship" → "shipped": the final consonant doubles.
            let last = base.chars().last();
            let mut r = rest.chars();
            r.next() == last && matches!(r.as_str(), "ed" | "ing")
        }
    }
}

/// Whether `word` is a past form of `base` (`deployed`, `shipped`, `migrated`).
pub(crate) fn is_past_of(word: &str, base: &str) -> bool {
    is_form_of(word, base) && (word.ends_with("ed") || (word.ends_with('d') && word.len() == base.len() + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections() {
        assert!(is_form_of("shipped", "ship") && is_form_of("shipping", "ship") && is_form_of("ships", "ship"));
        assert!(is_form_of("migrating", "migrate") && is_form_of("migrated", "migrate"));
        assert!(!is_form_of("ownership", "ship") && !is_form_of("builder", "build"));
        assert!(is_past_of("deployed", "deploy") && !is_past_of("deploys", "deploy"));
        assert!(is_past_of("released", "release") && !is_past_of("releases", "release"));
    }

    #[test]
    fn lexes_numbers_with_their_marks() {
        let l = lex("from $1,000.50 to 2.5k, 10x 300ms 3rd p95 99 %");
        let nums: Vec<&Num> = l.iter().filter_map(Lex::num).collect();
        assert_eq!(nums.len(), 6);
        assert!((nums[0].value - 1000.5).abs() < 1e-9 && nums[0].currency == Some("$"));
        assert!((nums[1].value - 2500.0).abs() < 1e-9);
        assert!(nums[2].times && nums[3].unit == "ms" && nums[4].ordinal && nums[5].percent);
        assert!(l.contains(&Lex::Word("p95".into(), "p95".into())));
    }
}
