//! One way to read a number, said up front: a decimal point is the decimal separator; a comma
//! only groups thousands (`1,500`), so `1,5` is refused as ambiguous; non-finite values and
//! absurd magnitudes are refused; numbers may be written in words ("four", "ninety-nine").
//!
//! Units, multipliers (`k`, `M`) and percentages are read in `quantity`; this file reads the
//! bare number.

use super::words;
use crate::model::text::{cap_chars, clean_line};

/// The largest magnitude read: a million billion. Beyond it no key result is meant (and f64
/// stops holding every integer exactly at about 9e15).
pub const MAX_MAGNITUDE: f64 = 1e15;

/// Why a text is not a number. Each reads as one sentence a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("no number given")]
    Empty,
    #[error("\"{0}\" is not a number; write it like 4, 99.5, 1,500 or four")]
    NotANumber(String),
    #[error("\"{text}\" is ambiguous: did you mean {suggestion}? (a decimal point is the decimal separator; commas only group thousands)")]
    AmbiguousComma { text: String, suggestion: String },
    #[error("\"{0}\" groups its digits wrongly: commas go between groups of three digits, as in 1,500 or 12,000,000")]
    BadGrouping(String),
    #[error("\"{0}\" is not a finite number")]
    NotFinite(String),
    #[error("\"{0}\" is too large: numbers up to 1,000,000,000,000,000 (1e15) are read")]
    TooLarge(String),
}

/// The text as an error may quote it: one clean line, at most 40 characters.
pub(crate) fn quote(text: &str) -> String {
    cap_chars(clean_line(text), 40)
}

/// Digits scanned in running text: how far they went and what they are worth.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Digits {
    pub value: Result<f64, NumberError>,
    /// Characters consumed.
    pub len: usize,
    /// Written with a decimal point.
    pub decimal: bool,
}

/// Scans a number written in digits starting at `chars[start]` (an ASCII digit): digits,
/// commas between digits, one decimal point followed by a digit, an exponent (`e5`, `E-3`).
pub(crate) fn scan_digits(chars: &[char], start: usize) -> Digits {
    let digit = |i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
    let mut i = start;
    let mut groups: Vec<usize> = vec![0];
    let mut plain = String::new();
    let mut decimal = false;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            plain.push(c);
            if !decimal && let Some(g) = groups.last_mut() {
                *g += 1;
            }
            i += 1;
        } else if c == ',' && !decimal && digit(i + 1) {
            groups.push(0);
            i += 1;
        } else if c == '.' && !decimal && digit(i + 1) {
            decimal = true;
            plain.push('.');
            i += 1;
        } else if matches!(c, 'e' | 'E') && (digit(i + 1) || (matches!(chars.get(i + 1), Some('+' | '-')) && digit(i + 2))) {
            plain.push('e');
            plain.extend(chars.get(i + 1).filter(|s| !s.is_ascii_digit()));
            i += if digit(i + 1) { 1 } else { 2 };
            while digit(i) {
                plain.push(chars[i]);
                i += 1;
            }
            break;
        } else {
            break;
        }
    }
    let written: String = chars[start..i].iter().collect();
    let value = if groups.len() > 1 && !valid_grouping(&groups) {
        if groups.len() == 2 && !decimal && !plain.contains('e') {
            Err(NumberError::AmbiguousComma { text: quote(&written), suggestion: written.replacen(',', ".", 1) })
        } else {
            Err(NumberError::BadGrouping(quote(&written)))
        }
    } else {
        checked(plain.parse::<f64>().ok(), &written)
    };
    Digits { value, len: i - start, decimal }
}

/// First group of one to three digits, every later group exactly three.
fn valid_grouping(groups: &[usize]) -> bool {
    groups.first().is_some_and(|g| (1..=3).contains(g)) && groups.iter().skip(1).all(|g| *g == 3)
}

/// A parsed value, refused when it is not finite or larger than [`MAX_MAGNITUDE`].
pub(crate) fn checked(value: Option<f64>, written: &str) -> Result<f64, NumberError> {
    match value {
        None => Err(NumberError::NotANumber(quote(written))),
        Some(v) if !v.is_finite() || v.abs() > MAX_MAGNITUDE => Err(NumberError::TooLarge(quote(written))),
        Some(v) => Ok(v),
    }
}

/// Reads one number, the whole of `text` (surrounding spaces aside): digits as described in
/// the module header, an optional sign (`-`, `−`, `+`), or words ("four", "ninety-nine",
/// "two hundred", "three thousand"). Ordinals are positions, not amounts, and are refused.
///
/// ```
/// use quarterdeck::model::quantity::{NumberError, parse_number};
/// assert_eq!(parse_number("1,500"), Ok(1500.0));
/// assert_eq!(parse_number("ninety-nine"), Ok(99.0));
/// assert!(matches!(parse_number("1,5"), Err(NumberError::AmbiguousComma { .. })));
/// assert!(parse_number("1e308").is_err());
/// ```
pub fn parse_number(text: &str) -> Result<f64, NumberError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(NumberError::Empty);
    }
    let (negative, body) = match trimmed.chars().next() {
        Some('-' | '−') => (true, trimmed.trim_start_matches(['-', '−']).trim_start()),
        Some('+') => (false, trimmed[1..].trim_start()),
        _ => (false, trimmed),
    };
    let chars: Vec<char> = body.chars().collect();
    let sign = if negative { -1.0 } else { 1.0 };
    if chars.first().is_some_and(char::is_ascii_digit) {
        let digits = scan_digits(&chars, 0);
        if digits.len != chars.len() {
            return Err(NumberError::NotANumber(quote(trimmed)));
        }
        return digits.value.map(|v| sign * v);
    }
    let lower = body.to_lowercase();
    if matches!(lower.as_str(), "inf" | "infinity" | "nan" | "∞") {
        return Err(NumberError::NotFinite(quote(trimmed)));
    }
    let parts: Vec<&str> = lower.split(|c: char| c.is_whitespace() || c == '-').filter(|w| !w.is_empty()).collect();
    match words::read(&parts) {
        Some(n) if n.len == parts.len() && !n.ordinal => Ok(sign * n.value),
        _ => Err(NumberError::NotANumber(quote(trimmed))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_read_one_way() {
        assert_eq!(parse_number("4"), Ok(4.0));
        assert_eq!(parse_number(" 99.5 "), Ok(99.5));
        assert_eq!(parse_number("1,500"), Ok(1500.0));
        assert_eq!(parse_number("12,000,000.25"), Ok(12_000_000.25));
        assert_eq!(parse_number("-10"), Ok(-10.0));
        assert_eq!(parse_number("+40"), Ok(40.0));
        assert_eq!(parse_number("1e6"), Ok(1e6));
        assert_eq!(parse_number("2.5E-3"), Ok(0.0025));
    }

    #[test]
    fn refusals_say_why() {
        let ambiguous = parse_number("1,5").expect_err("ambiguous");
        assert_eq!(ambiguous, NumberError::AmbiguousComma { text: "1,5".into(), suggestion: "1.5".into() });
        assert!(ambiguous.to_string().contains("did you mean 1.5?"), "{ambiguous}");
        assert!(matches!(parse_number("1,50"), Err(NumberError::AmbiguousComma { .. })));
        assert!(matches!(parse_number("1,5000"), Err(NumberError::AmbiguousComma { .. })));
        assert!(matches!(parse_number("1,234,5"), Err(NumberError::BadGrouping(_))));
        assert!(matches!(parse_number("1234,567"), Err(NumberError::AmbiguousComma { .. })));
        assert!(matches!(parse_number("12,34,567"), Err(NumberError::BadGrouping(_))));
        assert!(matches!(parse_number("1.5,000"), Err(NumberError::NotANumber(_))));
        assert!(matches!(parse_number("1e308"), Err(NumberError::TooLarge(_))));
        assert!(matches!(parse_number("1e400"), Err(NumberError::TooLarge(_))));
        assert!(matches!(parse_number("NaN"), Err(NumberError::NotFinite(_))));
        assert!(matches!(parse_number("inf"), Err(NumberError::NotFinite(_))));
        assert_eq!(parse_number("   "), Err(NumberError::Empty));
        assert!(matches!(parse_number("4 apples"), Err(NumberError::NotANumber(_))));
        assert!(matches!(parse_number("ninety-ninth"), Err(NumberError::NotANumber(_))));
        let hostile = parse_number("\u{1b}[2J1,5").expect_err("not a number");
        assert!(!hostile.to_string().contains('\u{1b}'), "{hostile}");
    }

    #[test]
    fn words_read_too() {
        assert_eq!(parse_number("four"), Ok(4.0));
        assert_eq!(parse_number("Ninety-Nine"), Ok(99.0));
        assert_eq!(parse_number("two hundred"), Ok(200.0));
        assert_eq!(parse_number("three thousand"), Ok(3000.0));
        assert_eq!(parse_number("one hundred and twenty"), Ok(120.0));
        assert_eq!(parse_number("minus"), Err(NumberError::NotANumber("minus".into())));
    }
}
