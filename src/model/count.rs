//! Counts in words, in one place, so a screen, a message and an export never say `1 votes`:
//! `count(1, "vote")` is `1 vote`, `count(3, "vote")` is `3 votes`. Nouns whose plural is
//! not the singular plus `s` are listed here once.

/// Singular → plural, for the nouns whose plural is not "add an s".
const IRREGULAR: &[(&str, &str)] = &[
    ("advice", "advice"),
    ("person", "people"),
    ("match", "matches"),
    ("box", "boxes"),
    ("was", "were"),
    ("is", "are"),
    ("has", "have"),
    ("it", "they"),
];

/// The noun for `n` of them: `vote` for 1, `votes` otherwise. Only the last word of a
/// phrase changes (`key result` → `key results`).
pub fn noun(n: usize, one: &str) -> String {
    if n == 1 {
        return one.to_string();
    }
    let (head, last) = match one.rsplit_once(' ') {
        Some((head, last)) => (format!("{head} "), last),
        None => (String::new(), one),
    };
    let plural = IRREGULAR.iter().find(|(s, _)| *s == last).map_or_else(|| format!("{last}s"), |(_, p)| (*p).to_string());
    format!("{head}{plural}")
}

/// `n` and its noun: `1 vote`, `0 votes`, `12 key results`.
pub fn count(n: usize, one: &str) -> String {
    format!("{n} {}", noun(n, one))
}

/// [`count`] for a `u32` (votes, minutes, dots).
pub fn count32(n: u32, one: &str) -> String {
    count(n as usize, one)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_and_many_read_right() {
        assert_eq!(count(1, "objective"), "1 objective");
        assert_eq!(count(0, "objective"), "0 objectives");
        assert_eq!(count(2, "key result"), "2 key results");
        assert_eq!(count(1, "key result"), "1 key result");
        assert_eq!(count(5, "advice"), "5 advice");
        assert_eq!(count(3, "person"), "3 people");
        assert_eq!(count32(1, "minute"), "1 minute");
        assert_eq!(count32(10, "minute"), "10 minutes");
        assert_eq!(noun(2, "is"), "are");
        assert_eq!(noun(1, "has"), "has");
    }
}
