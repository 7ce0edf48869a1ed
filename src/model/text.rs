//! Sanitising of text as it enters the model (QUALITY.md, "terminal escape injection"), and
//! the limits of a title. Nothing here knows about files or terminals; callers decide
//! single- or multi-line.

/// Longest title kept, in characters, wherever a title enters (typed, pasted, imported,
/// proposed, from the command line): a longer one is cut and kept whole at the head of the
/// description (see [`cap_title`]).
pub const MAX_TITLE_CHARS: usize = 300;

/// True for characters that must never reach a terminal, an export or a window title:
/// C0 controls, DEL, C1 controls and the bidirectional embedding/override/isolate marks.
fn is_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// True for characters that draw nothing and only hide differences between two texts that
/// look alike: Unicode's invisible format characters (zero-width space, joiners, word
/// joiner, byte order mark, soft hyphen, bidi marks, invisible operators, tags,
/// interlinear annotation) and the blank Hangul fillers. The joiners and tags that shape
/// emoji and joining scripts are kept where they do so (see [`joins`]).
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{34f}'
            | '\u{61c}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{17b4}'
            | '\u{17b5}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2060}'..='\u{2064}'
            | '\u{206a}'..='\u{206f}'
            | '\u{3164}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0001}'
            | '\u{e0020}'..='\u{e007f}'
    )
}

/// Characters an emoji sequence is built from: pictographs, symbols, skin tones and the
/// emoji variation selector.
fn is_emoji_part(c: char) -> bool {
    matches!(c, '\u{2300}'..='\u{23ff}' | '\u{2600}'..='\u{27bf}' | '\u{2b00}'..='\u{2bff}' | '\u{fe0f}' | '\u{1f000}'..='\u{1faff}')
}

/// Letters of the scripts whose shaping a zero-width (non-)joiner changes: Arabic, Syriac,
/// Thaana, N'Ko and the Indic scripts.
fn is_joining_script(c: char) -> bool {
    matches!(c, '\u{600}'..='\u{8ff}' | '\u{900}'..='\u{dff}' | '\u{fb50}'..='\u{fdff}' | '\u{fe70}'..='\u{fefc}')
}

/// Whether an invisible character does visible work between `prev` (the last character
/// kept) and `next`: a joiner inside an emoji sequence or between letters of a joining
/// script, or a tag of a flag sequence (🏴 and its tags).
fn joins(prev: Option<char>, c: char, next: Option<char>) -> bool {
    let (Some(prev), next) = (prev, next) else { return false };
    match c {
        '\u{200d}' => (is_emoji_part(prev) && next.is_some_and(is_emoji_part)) || joins_script(prev, next),
        '\u{200c}' => joins_script(prev, next),
        '\u{e0020}'..='\u{e007f}' => prev == '\u{1f3f4}' || ('\u{e0020}'..='\u{e007e}').contains(&prev),
        _ => false,
    }
}

fn joins_script(prev: char, next: Option<char>) -> bool {
    is_joining_script(prev) && next.is_some_and(is_joining_script)
}

/// Pushes `c` unless it is an invisible character doing no work there.
fn push_visible(out: &mut String, prev: &mut Option<char>, c: char, next: Option<char>) {
    if is_invisible(c) && !joins(*prev, c, next) {
        return;
    }
    out.push(c);
    *prev = Some(c);
}

/// One line of text: controls and invisible characters removed, tabs and line breaks
/// become spaces, ends trimmed.
pub fn clean_line(raw: &str) -> String {
    // Nearly all text is clean already (the model's is): copied, not rebuilt character by
    // character.
    if !any_needs_cleaning(raw, false) {
        return raw.trim().to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut prev = None;
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}' => {
                out.push(' ');
                prev = Some(' ');
            }
            c if is_forbidden(c) => {}
            c => push_visible(&mut out, &mut prev, c, chars.peek().copied()),
        }
    }
    out.trim().to_string()
}

/// Multi-line text: like [`clean_line`] but keeps line breaks (`\r\n`, `\r` and the
/// Unicode line and paragraph separators become `\n`) and trims only trailing whitespace
/// of the whole text.
pub fn clean_multiline(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut prev = None;
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
                prev = Some('\n');
            }
            '\n' | '\u{2028}' | '\u{2029}' => {
                out.push('\n');
                prev = Some('\n');
            }
            '\t' => {
                out.push_str("    ");
                prev = Some(' ');
            }
            c if is_forbidden(c) => {}
            c => push_visible(&mut out, &mut prev, c, chars.peek().copied()),
        }
    }
    out.trim_end().to_string()
}

/// Whether a character means `s` may need cleaning (as one line, or several when `\n` is
/// allowed).
fn needs_cleaning(c: char, newline_ok: bool) -> bool {
    (is_forbidden(c) && !(newline_ok && c == '\n')) || is_invisible(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Whether any character of `s` needs cleaning. Most text is ASCII: its bytes are checked
/// without decoding characters (a workshop's 10,000 descriptions are checked at every load).
fn any_needs_cleaning(s: &str, newline_ok: bool) -> bool {
    const RUN: usize = 32;
    let bytes = s.as_bytes();
    // A line break is plain where it may stay (a space stands in where it may not).
    let line_break = if newline_ok { b'\n' } else { b' ' };
    let mut at = 0;
    while at < bytes.len() {
        let end = (at + RUN).min(bytes.len());
        let run = bytes.get(at..end).unwrap_or_default();
        // A run of plain printable ASCII (and line breaks, where they may stay) needs nothing;
        // checked without branches, so the compiler checks many bytes at once.
        if run.iter().fold(true, |plain, &b| plain & ((0x20..0x7f).contains(&b) || b == line_break)) {
            at = end;
            continue;
        }
        while at < end {
            let Some(&b) = bytes.get(at) else { return false };
            if b.is_ascii() {
                if (b < 0x20 && !(newline_ok && b == b'\n')) || b == 0x7f {
                    return true;
                }
                at += 1;
                continue;
            }
            // A character of several bytes (`at` is on its first): decoded only here.
            let Some(c) = s.get(at..).and_then(|rest| rest.chars().next()) else { return false };
            if needs_cleaning(c, newline_ok) {
                return true;
            }
            at += c.len_utf8();
        }
    }
    false
}

/// Cleans `s` as one line ([`clean_line`]), without allocating when it is already clean.
pub fn clean_line_in_place(s: &mut String) {
    // Trimming only takes away, so equal lengths mean nothing was (comparing the text
    // itself would read it all again).
    if any_needs_cleaning(s, false) || s.trim().len() != s.len() {
        *s = clean_line(s);
    }
}

/// Cleans `s` as multi-line text ([`clean_multiline`]), without allocating when it is
/// already clean.
pub fn clean_multiline_in_place(s: &mut String) {
    if any_needs_cleaning(s, true) || s.trim_end().len() != s.len() {
        *s = clean_multiline(s);
    }
}

/// A title as it enters the model: one clean line ([`clean_line`]) of at most
/// [`MAX_TITLE_CHARS`] characters. A longer title is cut (ending in `…`) and the whole
/// of it is returned too, to head the description ([`with_whole_title`]): nothing typed
/// or pasted is lost.
pub fn cap_title(raw: &str) -> (String, Option<String>) {
    cut_title(clean_line(raw))
}

/// [`cap_title`] for text already clean (a multi-line objective, say).
pub fn cut_title(title: String) -> (String, Option<String>) {
    if title.chars().nth(MAX_TITLE_CHARS).is_some() { (cap_chars(title.clone(), MAX_TITLE_CHARS), Some(title)) } else { (title, None) }
}

/// The description once a cut title's whole text heads it (a blank line between), or the
/// description as it was when the title was not cut.
pub fn with_whole_title(whole: Option<String>, description: String) -> String {
    match whole {
        None => description,
        Some(whole) if description.trim().is_empty() => whole,
        Some(whole) => format!("{whole}\n\n{description}"),
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

/// What makes two names the same name to a person: case and spacing ignored, invisible
/// characters removed ("Platform team", "platform  Team" and "`PlatformTeam`" are one name).
pub fn name_key(name: &str) -> String {
    clean_line(name).chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
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
    !any_needs_cleaning(s, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ascii_shortcut_agrees_with_the_rules_for_every_ascii_character() {
        for b in 0u8..0x80 {
            for newline_ok in [false, true] {
                let text = format!("a{}b", char::from(b));
                assert_eq!(any_needs_cleaning(&text, newline_ok), needs_cleaning(char::from(b), newline_ok), "{b:#x} {newline_ok}");
            }
        }
        assert!(any_needs_cleaning("caf\u{e9}\u{200b}", false), "and the rest is still checked");
        // Wherever the odd character falls, inside a run of plain bytes or across its end.
        let plain = "Cut build time from 40 to 10 minutes — for everyone, every day";
        assert!(!any_needs_cleaning(plain, false));
        for odd in ['\t', '\u{200b}', '\u{7f}', '\u{202e}', '\n'] {
            for at in plain.char_indices().map(|(i, _)| i) {
                let mut text = plain.to_string();
                text.insert(at, odd);
                assert!(any_needs_cleaning(&text, false), "{odd:?} at {at}");
                assert_eq!(any_needs_cleaning(&text, true), odd != '\n', "{odd:?} at {at}");
            }
        }
    }

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
        for raw in [
            "",
            "plain",
            " lead",
            "trail ",
            "a\tb",
            "a\nb",
            "a\r\nb\n\n",
            "x\u{1b}[2J",
            "\u{202e}evil",
            "数据库 🚀",
            "é\u{a0}",
            "\u{85}x",
            "\u{feff}x\u{200b}",
            "a\u{2028}b",
        ] {
            let mut line = raw.to_string();
            clean_line_in_place(&mut line);
            assert_eq!(line, clean_line(raw), "{raw:?}");
            let mut multi = raw.to_string();
            clean_multiline_in_place(&mut multi);
            assert_eq!(multi, clean_multiline(raw), "{raw:?}");
        }
    }

    #[test]
    fn invisible_characters_are_removed_where_they_do_nothing() {
        for (raw, clean) in [
            ("Plat\u{200b}form", "Platform"),
            ("\u{feff}Title", "Title"),
            ("soft\u{ad}hyphen", "softhyphen"),
            ("word\u{2060}joiner\u{200e}\u{200f}", "wordjoiner"),
            ("a\u{200d}b\u{200c}c", "abc"),
            ("\u{200d}\u{1f680}", "\u{1f680}"),
            ("hi\u{e0041}\u{e0042}\u{e007f}", "hi"),
            ("\u{3164}\u{115f}", ""),
            ("line\u{2028}break", "line break"),
        ] {
            assert_eq!(clean_line(raw), clean, "{raw:?}");
            assert!(is_clean_line(clean), "{clean:?}");
        }
        assert!(!is_clean_line("a\u{200b}b"));
        assert_eq!(clean_multiline("\u{feff}one\u{200b}\u{2029}two"), "one\ntwo");
    }

    #[test]
    fn joiners_that_shape_emoji_and_scripts_are_kept() {
        for kept in [
            "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}",
            "\u{1f441}\u{fe0f}\u{200d}\u{1f5e8}\u{fe0f}",
            "\u{645}\u{6cc}\u{200c}\u{62e}\u{648}\u{627}\u{647}\u{645}",
            "\u{915}\u{94d}\u{200d}\u{937}",
            "\u{1f3f4}\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}",
        ] {
            assert_eq!(clean_line(kept), kept, "{kept:?}");
            assert_eq!(clean_multiline(kept), kept, "{kept:?}");
        }
    }

    #[test]
    fn a_long_title_is_capped_and_kept_whole_for_the_description() {
        let long = format!("{}\u{200b}\tend", "é".repeat(400));
        let (title, whole) = cap_title(&long);
        assert_eq!(title.chars().count(), MAX_TITLE_CHARS);
        assert!(title.ends_with('…'));
        let whole = whole.expect("cut, so kept whole");
        assert_eq!(whole, format!("{} end", "é".repeat(400)));
        assert_eq!(with_whole_title(Some(whole.clone()), "more".into()), format!("{whole}\n\nmore"));
        assert_eq!(with_whole_title(Some(whole.clone()), String::new()), whole);
        assert_eq!(cap_title(" short "), ("short".to_string(), None));
        assert_eq!(with_whole_title(None, "kept".into()), "kept");
        let exact = "x".repeat(MAX_TITLE_CHARS);
        assert_eq!(cap_title(&exact), (exact.clone(), None));
    }

    #[test]
    fn names_that_differ_in_case_or_spacing_are_one_name() {
        let key = name_key("Platform team");
        for same in ["platform team", " PLATFORM  TEAM ", "Platform\tteam", "PlatformTeam", "Platform\u{200b} team"] {
            assert_eq!(name_key(same), key, "{same:?}");
        }
        assert_ne!(name_key("Platform teams"), key);
        assert_eq!(name_key("ÉQUIPE Ops"), name_key("équipe ops"));
    }

    #[test]
    fn keeps_wide_and_combining_characters() {
        assert_eq!(clean_line("数据库 🚀 café"), "数据库 🚀 café");
    }
}
