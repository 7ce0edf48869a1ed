//! Numbers written in words, as key results are: "four", "ninety-nine", "two hundred and
//! fifty", "three thousand", "a hundred", and ordinals ("ninety-ninth").
//!
//! The reader takes whole words (already lower-cased and split at hyphens and spaces) and
//! reads the longest prefix that is one number. It knows nothing about digits.

/// A number read from words.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct WordNumber {
    pub value: f64,
    /// How many words it took.
    pub len: usize,
    /// Its last word is an ordinal ("ninety-ninth").
    pub ordinal: bool,
}

fn small(word: &str) -> Option<(u32, bool)> {
    const CARDINAL: &[&str] = &[
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const ORDINAL: &[&str] = &[
        "zeroth",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
    ];
    if let Some(i) = CARDINAL.iter().position(|w| *w == word) {
        return Some((i as u32, false));
    }
    ORDINAL.iter().position(|w| *w == word).map(|i| (i as u32, true))
}

fn tens(word: &str) -> Option<(u32, bool)> {
    const CARDINAL: &[&str] = &["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    const ORDINAL: &[&str] = &["twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth"];
    if let Some(i) = CARDINAL.iter().position(|w| *w == word) {
        return Some((20 + 10 * i as u32, false));
    }
    ORDINAL.iter().position(|w| *w == word).map(|i| (20 + 10 * i as u32, true))
}

fn scale(word: &str) -> Option<(f64, bool)> {
    match word {
        "hundred" => Some((1e2, false)),
        "hundredth" => Some((1e2, true)),
        "thousand" => Some((1e3, false)),
        "thousandth" => Some((1e3, true)),
        "million" => Some((1e6, false)),
        "millionth" => Some((1e6, true)),
        "billion" => Some((1e9, false)),
        _ => None,
    }
}

/// Where the reader is in "two hundred and fifty-five thousand".
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Start,
    /// After "a": only a scale may follow ("a hundred").
    Article,
    /// After a unit or teen: a scale may follow.
    Units,
    /// After a tens word: a unit (1–9) or a scale may follow.
    Tens,
    /// After a scale: anything smaller may follow, or "and".
    Scale,
    /// After "and": a unit, teen or tens.
    And,
}

/// Reads the longest number at the start of `words`. `None` when the first word starts no
/// number. Standalone "second" is left alone (it is a unit of time far more often), as is a
/// lone "a".
pub(crate) fn read(words: &[&str]) -> Option<WordNumber> {
    let mut total = 0.0_f64;
    let mut group = 0.0_f64;
    let mut state = State::Start;
    let mut best: Option<WordNumber> = None;
    let mut last_scale = f64::INFINITY;
    for (i, &w) in words.iter().enumerate() {
        let (next, ordinal) = if w == "a" && state == State::Start {
            group = 1.0;
            (State::Article, false)
        } else if w == "and" && state == State::Scale {
            (State::And, false)
        } else if let Some((v, ord)) = small(w).filter(|_| matches!(state, State::Start | State::Scale | State::And | State::Tens)) {
            if state == State::Tens && (v == 0 || v >= 10) {
                break;
            }
            group += f64::from(v);
            (State::Units, ord)
        } else if let Some((v, ord)) = tens(w).filter(|_| matches!(state, State::Start | State::Scale | State::And)) {
            group += f64::from(v);
            (State::Tens, ord)
        } else if let Some((s, ord)) =
            scale(w).filter(|(s, _)| matches!(state, State::Article | State::Units | State::Tens) || (state == State::Scale && *s >= 1e3))
        {
            if s >= 1e3 {
                if s >= last_scale {
                    break;
                }
                last_scale = s;
                total += group * s;
                group = 0.0;
            } else if group >= 100.0 {
                break;
            } else {
                group *= s;
            }
            (State::Scale, ord)
        } else {
            break;
        };
        state = next;
        let lone_second = i == 0 && w == "second";
        if !matches!(state, State::Article | State::And) && !lone_second {
            best = Some(WordNumber { value: total + group, len: i + 1, ordinal });
        }
        if ordinal {
            break;
        }
    }
    best
}

/// Whether `word` can take part in a number written in words.
pub(crate) fn is_number_word(word: &str) -> bool {
    small(word).is_some() || tens(word).is_some() || scale(word).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> Option<(f64, usize, bool)> {
        let words: Vec<&str> = text.split([' ', '-']).collect();
        read(&words).map(|n| (n.value, n.len, n.ordinal))
    }

    #[test]
    fn reads_cardinals() {
        assert_eq!(value("zero"), Some((0.0, 1, false)));
        assert_eq!(value("four per quarter"), Some((4.0, 1, false)));
        assert_eq!(value("fifty milliseconds"), Some((50.0, 1, false)));
        assert_eq!(value("ninety-nine"), Some((99.0, 2, false)));
        assert_eq!(value("one hundred"), Some((100.0, 2, false)));
        assert_eq!(value("a hundred"), Some((100.0, 2, false)));
        assert_eq!(value("two hundred and fifty"), Some((250.0, 4, false)));
        assert_eq!(value("three thousand"), Some((3000.0, 2, false)));
        assert_eq!(value("twelve thousand five hundred"), Some((12500.0, 4, false)));
        assert_eq!(value("two million"), Some((2e6, 2, false)));
    }

    #[test]
    fn reads_ordinals_and_stops_where_the_number_ends() {
        assert_eq!(value("ninety-ninth percentile"), Some((99.0, 2, true)));
        assert_eq!(value("first response"), Some((1.0, 1, true)));
        assert_eq!(value("hundredth"), None, "a scale needs something before it");
        assert_eq!(value("four five"), Some((4.0, 1, false)));
        assert_eq!(value("twenty twenty"), Some((20.0, 1, false)));
        assert_eq!(value("ninety ten"), Some((90.0, 1, false)));
        assert_eq!(value("two hundred and"), Some((200.0, 2, false)), "a dangling and is not part of it");
        assert_eq!(value("a service"), None);
        assert_eq!(value("second region"), None);
        assert_eq!(value("thousand thousand"), None);
        assert_eq!(value("two thousand thousand"), Some((2000.0, 2, false)));
        assert_eq!(value("two hundred thousand"), Some((200_000.0, 3, false)));
        assert_eq!(value("two thousand hundred"), Some((2000.0, 2, false)));
        assert_eq!(value("sixty-second"), Some((62.0, 2, true)));
    }
}
