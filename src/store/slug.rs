//! File names: the slug of a workshop name, numbered variants, and the guard keeping any
//! caller-given name inside the data folder. No file-system access here.

use std::borrow::Cow;

/// Longest slug, in characters (all ASCII, so also bytes).
pub const MAX_SLUG_LEN: usize = 60;

/// Device names Windows reserves in every folder, whatever the extension.
const RESERVED: [&str; 24] = [
    "con", "prn", "aux", "nul", "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "lpt0", "lpt1", "lpt2",
    "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The file-name stem for a workshop name: lowercase ASCII letters, digits and single dashes,
/// at most 60 characters, never empty, never a name Windows reserves. Common accented Latin
/// letters are transliterated (`Zürich` → `zurich`); other characters separate words.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len().min(MAX_SLUG_LEN));
    let mut gap = false;
    'chars: for c in name.chars().flat_map(char::to_lowercase) {
        if matches!(c, '\'' | '\u{2019}') {
            continue; // "Ada's team" → "adas-team"
        }
        let ascii: Cow<str> = if c.is_ascii() { Cow::Owned(c.to_string()) } else { Cow::Borrowed(transliterate(c)) };
        if ascii.is_empty() && !is_combining_mark(c) {
            gap = true;
        }
        for a in ascii.chars() {
            if a.is_ascii_alphanumeric() {
                if gap && !out.is_empty() {
                    out.push('-');
                }
                gap = false;
                if out.len() >= MAX_SLUG_LEN {
                    break 'chars;
                }
                out.push(a);
            } else {
                gap = true;
            }
        }
    }
    let mut out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        out.push_str("workshop");
    }
    if RESERVED.contains(&out.as_str()) {
        out.push_str("-workshop");
    }
    out
}

/// `base` for the first try, then `base-2`, `base-3`... each still at most
/// [`MAX_SLUG_LEN`] characters when `base` is a slug.
pub(crate) fn numbered(base: &str, n: u32) -> String {
    if n <= 1 {
        return base.to_string();
    }
    let suffix = format!("-{n}");
    let mut kept = base.to_string();
    while !kept.is_empty() && kept.len() + suffix.len() > MAX_SLUG_LEN {
        kept.pop();
    }
    let kept = kept.trim_end_matches('-');
    if kept.is_empty() { format!("workshop{suffix}") } else { format!("{kept}{suffix}") }
}

/// The stem a caller-supplied slug stands for. Names that are already harmless file stems
/// (as found on disk, including hand-named files such as `Team plan`) are kept; anything
/// that could leave the folder, hide as a dotfile or trip Windows is turned into a slug.
pub(crate) fn safe_stem(name: &str) -> Cow<'_, str> {
    let harmless = !name.is_empty()
        && name.len() <= 200
        && !name.starts_with('.')
        && !name.ends_with('.')
        && !name.ends_with(' ')
        && !name.chars().any(|c| c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'))
        // Device names only mean something on Windows; elsewhere `nul.json` is a file.
        && !(cfg!(windows) && RESERVED.contains(&name.to_ascii_lowercase().as_str()));
    if harmless { Cow::Borrowed(name) } else { Cow::Owned(slug(name)) }
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}')
}

/// ASCII for common lowercase Latin letters with marks; "" for everything else.
fn transliterate(c: char) -> &'static str {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ordinary_names() {
        assert_eq!(slug("Platform team"), "platform-team");
        assert_eq!(slug("  Q1 -- Platform / Infra!  "), "q1-platform-infra");
        assert_eq!(slug("Ada's team"), "adas-team");
        assert_eq!(slug("Zürich Straße Œuvre"), "zurich-strasse-oeuvre");
        assert_eq!(slug("Ünïcödé"), "unicode");
        assert_eq!(slug("e\u{301}te\u{301}"), "ete", "combining marks are dropped, not word breaks");
    }

    #[test]
    fn hostile_names() {
        assert_eq!(slug("../../etc/x"), "etc-x");
        assert_eq!(slug("a/b\\c"), "a-b-c");
        assert_eq!(slug("."), "workshop");
        assert_eq!(slug(".."), "workshop");
        assert_eq!(slug(""), "workshop");
        assert_eq!(slug("🚀🔥"), "workshop");
        assert_eq!(slug("東京チーム"), "workshop");
        assert_eq!(slug("a\0b"), "a-b");
        assert_eq!(slug("CON"), "con-workshop");
        assert_eq!(slug("nul"), "nul-workshop");
        assert_eq!(slug("Com1"), "com1-workshop");
        assert_eq!(slug("lpt9."), "lpt9-workshop");
        assert_eq!(slug("console"), "console");
        let long = slug(&"ab ".repeat(100));
        assert!(long.len() <= MAX_SLUG_LEN && !long.ends_with('-'), "{long}");
        assert_eq!(slug(&"x".repeat(300)), "x".repeat(60));
    }

    #[test]
    fn numbered_variants_stay_short() {
        assert_eq!(numbered("plan", 1), "plan");
        assert_eq!(numbered("plan", 2), "plan-2");
        let base = "x".repeat(60);
        assert_eq!(numbered(&base, 12), format!("{}-12", "x".repeat(57)));
        assert_eq!(numbered(&format!("{}-y", "x".repeat(57)), 2), format!("{}-2", "x".repeat(57)));
    }

    #[test]
    fn safe_stem_keeps_harmless_names_and_slugs_the_rest() {
        assert_eq!(safe_stem("platform-team"), "platform-team");
        assert_eq!(safe_stem("Team plan"), "Team plan");
        assert_eq!(safe_stem("../../etc/passwd"), "etc-passwd");
        assert_eq!(safe_stem(".."), "workshop");
        assert_eq!(safe_stem(".hidden"), "hidden");
        assert_eq!(safe_stem("a\\b"), "a-b");
        assert_eq!(safe_stem("C:x"), "c-x");
        let con = if cfg!(windows) { "con-workshop" } else { "con" };
        assert_eq!(safe_stem("con"), con);
        assert_eq!(safe_stem(""), "workshop");
    }

    proptest! {
        #[test]
        fn any_string_gives_a_safe_slug(name in any::<String>()) {
            let s = slug(&name);
            prop_assert!(!s.is_empty());
            prop_assert!(s.len() <= MAX_SLUG_LEN);
            prop_assert!(s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{}", s);
            prop_assert!(!s.starts_with('-') && !s.ends_with('-') && !s.contains("--"), "{}", s);
            prop_assert!(!RESERVED.contains(&s.as_str()));
            prop_assert_eq!(slug(&s), s.clone(), "a slug is its own slug");
        }

        #[test]
        fn any_string_gives_a_stem_inside_the_folder(name in any::<String>()) {
            let stem = safe_stem(&name);
            let path = std::path::Path::new("/data").join(format!("{stem}.json"));
            prop_assert_eq!(path.parent(), Some(std::path::Path::new("/data")));
            prop_assert!(!stem.starts_with('.') && !stem.is_empty());
        }

        #[test]
        fn numbered_slugs_stay_slugs(name in any::<String>(), n in 1u32..100_000) {
            let s = numbered(&slug(&name), n);
            prop_assert!(s.len() <= MAX_SLUG_LEN, "{}", s);
            prop_assert!(s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
        }
    }
}
