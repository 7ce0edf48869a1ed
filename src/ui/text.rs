//! Width-aware text helpers: cutting, padding and wrapping by display columns, so CJK and
//! emoji line up.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Cuts `text` to at most `width` columns, ending with `…` when cut.
pub fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Cuts or pads `text` to exactly `width` columns.
pub fn pad(text: &str, width: usize) -> String {
    let mut out = fit(text, width);
    let w = out.width();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

/// `text` in lines of at most `width` columns, broken between words; a word longer than a
/// line is broken inside it. Line breaks in `text` are kept. Nothing is cut: every
/// character of `text` (spaces at the breaks aside) is in the result. At least one line.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for word in paragraph.split(' ') {
            let w = word.width();
            let gap = usize::from(!line.is_empty() || used > 0);
            if used + gap + w <= width {
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                used += gap + w;
                continue;
            }
            if used > 0 {
                out.push(std::mem::take(&mut line));
                used = 0;
            }
            // A word wider than a line is broken where it must be.
            for c in word.chars() {
                let cw = c.width().unwrap_or(0);
                if used + cw > width && used > 0 {
                    out.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push(c);
                used += cw;
            }
        }
        out.push(line);
    }
    out
}

/// `text` wrapped with its first line at most `first` columns wide and the rest at most
/// `rest`: a cell that starts in a table column and runs on under the whole row.
pub fn wrap_hanging(text: &str, first: usize, rest: usize) -> Vec<String> {
    let mut lines = wrap(text, first);
    if lines.len() > 1 {
        let rest_lines = lines.split_off(1);
        // The rest starts from the words after the first line, so a word split there is not
        // written back with a space inside it.
        let words: Vec<&str> = text.split_whitespace().collect();
        let n = lines[0].split_whitespace().count();
        let tail = if n > 0 && words.get(n - 1).copied() == lines[0].split_whitespace().last() {
            words[n..].join(" ")
        } else {
            rest_lines.join(" ")
        };
        lines.extend(wrap(&tail, rest));
    }
    lines
}

/// `items` joined by `sep` in lines of at most `width` columns, breaking only between
/// items (an item wider than a line is wrapped on its own). At least one line.
pub fn join_wrapped(items: &[String], sep: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for item in items {
        let candidate = if line.is_empty() { item.clone() } else { format!("{line}{sep}{item}") };
        if candidate.width() <= width || line.is_empty() {
            line = candidate;
        } else {
            out.push(std::mem::replace(&mut line, item.clone()));
        }
        if line.width() > width {
            let mut pieces = wrap(&line, width);
            line = pieces.pop().unwrap_or_default();
            out.extend(pieces);
        }
    }
    out.push(line);
    out
}

/// How many lines [`wrap`] makes of `text` at `width`.
pub fn wrapped_height(text: &str, width: usize) -> usize {
    wrap(text, width).len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_and_pads_by_columns() {
        assert_eq!(fit("hello", 10), "hello");
        assert_eq!(fit("hello world", 6), "hello…");
        assert_eq!(fit("数据库迁移", 5), "数据…");
        assert_eq!(pad("数据", 6), "数据  ");
        assert_eq!(pad("数据库迁移", 4).width(), 4);
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn joins_items_without_breaking_one() {
        let items: Vec<String> = ["Amara Okafor 4", "Tomasz Kowalski 5", "anonymous 3"].map(String::from).to_vec();
        assert_eq!(join_wrapped(&items, " · ", 36), ["Amara Okafor 4 · Tomasz Kowalski 5", "anonymous 3"]);
        assert_eq!(join_wrapped(&items, " · ", 80), ["Amara Okafor 4 · Tomasz Kowalski 5 · anonymous 3"]);
        assert_eq!(join_wrapped(&[], " · ", 10), [""]);
        assert_eq!(join_wrapped(&["abcdefgh".to_string()], " · ", 4), ["abcd", "efgh"]);
    }

    #[test]
    fn wraps_between_words_and_loses_nothing() {
        assert_eq!(wrap("Most key results scored below 0.7", 30), ["Most key results scored below", "0.7"]);
        assert_eq!(wrap("short", 30), ["short"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a\nb c", 10), ["a", "b c"]);
        assert_eq!(wrap("数据库 迁移", 4), ["数据", "库", "迁移"]);
        let text = "Reduce payment-path P1 incidents from 4 per month to 0";
        for width in 1..60 {
            let lines = wrap(text, width);
            assert!(lines.iter().all(|l| l.width() <= width), "{width}: {lines:?}");
            assert_eq!(lines.join(" ").replace(' ', ""), text.replace(' ', ""), "{width}");
        }
    }
}
