//! Sanitising of text as it enters the model (QUALITY.md, "terminal escape injection").
//! Nothing here knows about files or terminals; callers decide single- or multi-line.

/// True for characters that must never reach a terminal, an export or a window title:
/// C0 controls, DEL, C1 controls and the bidirectional embedding/override/isolate marks.
fn is_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// One line of text: controls removed, tabs and line breaks become spaces, ends trimmed.
pub fn clean_line(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(' '),
            c if is_forbidden(c) => {}
            c => out.push(c),
        }
    }
    out.trim().to_string()
}

/// Multi-line text: like [`clean_line`] but keeps line breaks (`\r\n` and `\r` become `\n`)
/// and trims only trailing whitespace of the whole text.
pub fn clean_multiline(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' => out.push('\n'),
            '\t' => out.push_str("    "),
            c if is_forbidden(c) => {}
            c => out.push(c),
        }
    }
    out.trim_end().to_string()
}

/// Cleans `s` as one line ([`clean_line`]), without allocating when it is already clean.
pub fn clean_line_in_place(s: &mut String) {
    if s.chars().any(is_forbidden) || s.trim() != s.as_str() {
        *s = clean_line(s);
    }
}

/// Cleans `s` as multi-line text ([`clean_multiline`]), without allocating when it is
/// already clean.
pub fn clean_multiline_in_place(s: &mut String) {
    if s.chars().any(|c| c != '\n' && is_forbidden(c)) || s.trim_end() != s.as_str() {
        *s = clean_multiline(s);
    }
}

/// The text in at most `max` characters, ending in an ellipsis when cut.
pub fn cap_chars(text: String, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text,
        Some(_) => {
            let end = text.char_indices().nth(max.saturating_sub(1)).map_or(0, |(i, _)| i);
            format!("{}…", text[..end].trim_end())
        }
    }
}

/// The text cut to at most `max` bytes on a character boundary, ending in an ellipsis.
pub fn cap_bytes(text: &mut String, max: usize) {
    if text.len() > max {
        let mut end = max.saturating_sub('…'.len_utf8());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push('…');
    }
}

/// What a JSON value is, in words for an error message ("a list", "a number").
pub fn json_kind(value: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a true/false value",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Whether a string is already clean as a single line (used to validate loaded files).
pub fn is_clean_line(s: &str) -> bool {
    !s.chars().any(|c| is_forbidden(c) || c == '\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_escape_sequences_and_bidi() {
        assert_eq!(clean_line("a\u{1b}]0;pwn\u{7}b\u{1b}[2Jc"), "a]0;pwnb[2Jc");
        assert_eq!(clean_line("evil\u{202e}txt.exe"), "eviltxt.exe");
        assert_eq!(clean_line("x\u{9b}31my\u{7f}"), "x31my");
        assert_eq!(clean_line("\u{2066}a\u{2069}"), "a");
    }

    #[test]
    fn tabs_and_newlines_in_a_line_become_spaces() {
        assert_eq!(clean_line("  a\tb\r\nc  "), "a b  c");
    }

    #[test]
    fn multiline_keeps_breaks_and_normalises_them() {
        assert_eq!(clean_multiline("a\r\nb\rc\n\u{0}d\t"), "a\nb\nc\nd");
    }

    #[test]
    fn caps_by_characters_and_bytes_on_boundaries() {
        assert_eq!(cap_chars("abcdef".into(), 4), "abc…");
        assert_eq!(cap_chars("abcd".into(), 4), "abcd");
        assert_eq!(cap_chars("数据库迁移".into(), 3), "数据…");
        let mut s = "ééééé".to_string();
        cap_bytes(&mut s, 6);
        assert_eq!(s, "é…");
    }

    #[test]
    fn cleaning_in_place_is_the_same_as_cleaning() {
        for raw in
            ["", "plain", " lead", "trail ", "a\tb", "a\nb", "a\r\nb\n\n", "x\u{1b}[2J", "\u{202e}evil", "数据库 🚀", "é\u{a0}", "\u{85}x"]
        {
            let mut line = raw.to_string();
            clean_line_in_place(&mut line);
            assert_eq!(line, clean_line(raw), "{raw:?}");
            let mut multi = raw.to_string();
            clean_multiline_in_place(&mut multi);
            assert_eq!(multi, clean_multiline(raw), "{raw:?}");
        }
    }

    #[test]
    fn keeps_wide_and_combining_characters() {
        assert_eq!(clean_line("数据库 🚀 café"), "数据库 🚀 café");
    }
}
