//! Importing an old backlog from exported files: entry points, errors, decoding, sanitising and
//! dates shared by all formats. Each format's reader is in `import/`; merging is in the model.

mod csv;
mod detect;
mod github;
mod markdown;
mod text;
mod trello;

use jiff::civil::Date;

use crate::model::text::{cap_bytes, cap_chars, clean_line, clean_multiline, is_clean_line};

pub use crate::model::backlog::{Format, ImportReport, Imported, ImportedItem, Skipped};
pub use detect::detect;

/// Longest title kept, in characters; a longer one is cut and kept whole in the description.
pub const MAX_TITLE_CHARS: usize = 300;
/// Longest description kept, in bytes.
pub const MAX_DESCRIPTION_BYTES: usize = 64 * 1024;
const MAX_LABEL_CHARS: usize = 100;
const MAX_LABELS: usize = 50;
const MAX_ID_CHARS: usize = 200;

/// Why a file could not be imported. Each message is one sentence naming the file (and the
/// line where known) and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("{file} is empty: nothing to import")]
    Empty { file: String },
    #[error("{file} is not text (it looks binary); export the backlog as text, Markdown, CSV or JSON and import that")]
    Binary { file: String },
    #[error("{file} is UTF-16 text; save it as UTF-8 and import again")]
    Utf16 { file: String },
    #[error("{file} is not valid UTF-8 at line {line}; save it as UTF-8 and import again")]
    InvalidUtf8 { file: String, line: usize },
    #[error("{file} has no column for the title: found {found}; expected one of {expected}")]
    NoTitleColumn { file: String, found: String, expected: String },
    #[error("{file} has a quote opened on line {line} that is never closed; close it and import again")]
    UnclosedQuote { file: String, line: usize },
    #[error("{file} could not be read as CSV at line {line} ({message}); fix that line and import again")]
    Csv { file: String, line: usize, message: String },
    #[error("{file} is not valid JSON (line {line}, column {column}: {message})")]
    Json { file: String, line: usize, column: usize, message: String },
    #[error("{file} is JSON but not {expected}")]
    WrongJsonShape { file: String, expected: &'static str },
    #[error("{file} has nothing to import: {detail}")]
    NothingImportable { file: String, detail: String },
}

/// What a format's reader found: the items, what it skipped, and how to say "nothing here".
#[derive(Debug)]
struct Read {
    items: Vec<ImportedItem>,
    skipped: Vec<Skipped>,
    /// Why there is nothing to import when nothing was skipped either.
    why_empty: &'static str,
}

/// Reads a backlog file. `format` `None` detects it (see [`detect`]). `file_name` is only
/// used to detect the format and in messages. Never panics; the error says what to do.
pub fn import(file_name: &str, content: &[u8], format: Option<Format>) -> Result<Imported, ImportError> {
    let file = display_name(file_name);
    let text = decode(&file, content)?;
    let (format, json) = match format {
        Some(format) => (format, None),
        None => {
            let sniffed = detect::sniff(file_name, text);
            if sniffed.unknown_json {
                return Err(ImportError::WrongJsonShape { file, expected: "a GitHub issue list or a Trello board" });
            }
            (sniffed.format, sniffed.json)
        }
    };
    let read = match format {
        Format::Text => text::read(text),
        Format::Markdown => markdown::read(text),
        Format::JiraCsv | Format::LinearCsv | Format::GitlabCsv | Format::GenericCsv => csv::read(&file, text, format)?,
        Format::GithubJson => github::read(&file, json_or_parse(&file, text, json)?)?,
        Format::TrelloJson => trello::read(&file, &json_or_parse(&file, text, json)?)?,
    };
    if read.items.is_empty() {
        let detail = if read.skipped.is_empty() {
            read.why_empty.to_string()
        } else {
            format!("every item was skipped ({})", Skipped::describe(&read.skipped))
        };
        return Err(ImportError::NothingImportable { file, detail });
    }
    Ok(Imported { format, items: read.items, skipped: read.skipped })
}

/// Largest file the importer reads: far beyond any real export, small enough to stay snappy.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a backlog file from disk and imports it: the file's name (never its path, for
/// `Workshop::import_backlog`) and what was read, or one sentence saying what went wrong.
/// The only function here that touches the file system.
pub fn read_and_import(path: &std::path::Path, format: Option<Format>) -> Result<(String, Imported), String> {
    use std::io::{ErrorKind, Read as _};
    let shown = clean_line(&path.display().to_string());
    let name = display_name(&path.to_string_lossy());
    let fail = |e: &std::io::Error| match e.kind() {
        ErrorKind::NotFound => format!("{shown} does not exist; check the path and try again"),
        ErrorKind::PermissionDenied => format!("{shown} cannot be read (permission denied); check its permissions"),
        ErrorKind::IsADirectory => format!("{shown} is a folder; choose a file inside it"),
        _ => format!("{shown} cannot be read ({}); check the path and try again", clean_line(&e.to_string())),
    };
    // Checked before opening: opening a named pipe would wait for a writer forever.
    let metadata = std::fs::metadata(path).map_err(|e| fail(&e))?;
    if metadata.is_dir() {
        return Err(format!("{shown} is a folder; choose a file inside it"));
    }
    if !metadata.is_file() {
        return Err(format!("{shown} is not a regular file; choose an exported file"));
    }
    let too_big = || format!("{name} is over {} MB; export fewer items or split the file", MAX_FILE_BYTES / (1024 * 1024));
    if metadata.len() > MAX_FILE_BYTES {
        return Err(too_big());
    }
    let file = std::fs::File::open(path).map_err(|e| fail(&e))?;
    let mut content = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut content).map_err(|e| fail(&e))?;
    if content.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big());
    }
    let imported = import(&name, &content, format).map_err(|e| e.to_string())?;
    Ok((name, imported))
}

/// The file name alone, safe to show (untrusted like everything else in a file).
fn display_name(file_name: &str) -> String {
    let name = clean_line(file_name.rsplit(['/', '\\']).next().unwrap_or(file_name));
    if name.is_empty() { "the file".to_string() } else { name }
}

/// The content as text without a BOM, or why it is not text.
fn decode<'a>(file: &str, content: &'a [u8]) -> Result<&'a str, ImportError> {
    let content = content.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(content);
    let file = file.to_string();
    if content.starts_with(&[0xFF, 0xFE]) || content.starts_with(&[0xFE, 0xFF]) {
        return Err(ImportError::Utf16 { file });
    }
    if content.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty { file });
    }
    if content.contains(&0) || looks_binary(content) {
        return Err(ImportError::Binary { file });
    }
    std::str::from_utf8(content).map_err(|e| {
        let line = content[..e.valid_up_to()].split(|b| *b == b'\n').count();
        ImportError::InvalidUtf8 { file, line }
    })
}

/// More than one control byte in ten at the start (other than whitespace and escape) is not
/// something people write.
fn looks_binary(content: &[u8]) -> bool {
    let sample = &content[..content.len().min(8192)];
    let controls = sample.iter().filter(|b| **b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | b'\x0c' | b'\x1b')).count();
    controls * 10 > sample.len()
}

fn json_or_parse(file: &str, text: &str, parsed: Option<serde_json::Value>) -> Result<serde_json::Value, ImportError> {
    match parsed {
        Some(value) => Ok(value),
        None => parse_json(file, text),
    }
}

fn parse_json(file: &str, text: &str) -> Result<serde_json::Value, ImportError> {
    serde_json::from_str(text).map_err(|e| {
        // serde_json's message ends with " at line L column C", which the sentence already says.
        let message = e.to_string();
        let message = message.rfind(" at line ").map_or(message.as_str(), |i| &message[..i]).to_string();
        ImportError::Json { file: file.to_string(), line: e.line(), column: e.column(), message }
    })
}

/// Lines split on `\n`, `\r\n` or a lone `\r`, numbered from 1.
fn numbered_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let lone_cr = !text.contains('\n') && text.contains('\r');
    let separator: &[char] = if lone_cr { &['\r'] } else { &['\n'] };
    text.split(separator).map(|l| l.strip_suffix('\r').unwrap_or(l)).enumerate().map(|(i, l)| (i + 1, l))
}

/// `owner/repo#12` (GitHub) or `group/project#12` (GitLab) from an issue's web address: unique
/// across projects, where `#12` alone is not.
fn repo_reference(url: &str) -> Option<String> {
    let rest = url.trim().split_once("://")?.1;
    let path = rest.split_once('/')?.1.split(['?', '#']).next()?;
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let [project @ .., kind, number] = segments.as_slice() else { return None };
    if !matches!(*kind, "issues" | "pull" | "work_items") || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let project = project.strip_suffix(&["-"]).unwrap_or(project);
    (!project.is_empty()).then(|| format!("{}#{number}", project.join("/")))
}

/// Sanitises every text of an item as it enters the model and caps the sizes; `None` when
/// the title is empty after cleaning.
fn tidy(raw: ImportedItem) -> Option<ImportedItem> {
    let full_title = clean_owned(raw.title);
    if full_title.is_empty() {
        return None;
    }
    let (title, whole) = if full_title.chars().nth(MAX_TITLE_CHARS).is_some() {
        (cap_chars(full_title.clone(), MAX_TITLE_CHARS), Some(full_title))
    } else {
        (full_title, None)
    };
    let mut description = clean_multiline(&raw.description);
    let blank_start = description.len() - description.trim_start_matches(['\n', ' ']).len();
    description.drain(..blank_start);
    if let Some(whole) = whole {
        // Nothing lost: the whole title heads the description.
        description = if description.is_empty() { whole } else { format!("{whole}\n\n{description}") };
    }
    cap_bytes(&mut description, MAX_DESCRIPTION_BYTES);
    let external_id = raw.external_id.map(clean_owned).filter(|id| !id.is_empty()).map(|id| cap_chars(id, MAX_ID_CHARS));
    let mut labels: Vec<String> = Vec::with_capacity(raw.labels.len());
    for label in raw.labels {
        let label = cap_chars(clean_owned(label), MAX_LABEL_CHARS);
        if !label.is_empty() && labels.len() < MAX_LABELS && !labels.iter().any(|l| l.eq_ignore_ascii_case(&label)) {
            labels.push(label);
        }
    }
    let section = cap_chars(clean_owned(raw.section), MAX_TITLE_CHARS);
    Some(ImportedItem { title, description, external_id, labels, section, created: raw.created, updated: raw.updated, status: raw.status })
}

/// [`clean_line`], keeping the string when it is clean already (most are: no allocation).
fn clean_owned(text: String) -> String {
    if is_clean_line(&text) && text.trim().len() == text.len() { text } else { clean_line(&text) }
}

/// Collects tidied items and the ones skipped for having no title.
#[derive(Default)]
struct Collector {
    items: Vec<ImportedItem>,
    skipped: Vec<Skipped>,
}

impl Collector {
    fn push(&mut self, raw: ImportedItem, line: Option<usize>) {
        match tidy(raw) {
            Some(item) => self.items.push(item),
            None => self.skipped.push(Skipped { line, reason: "no title".to_string() }),
        }
    }

    fn finish(self, why_empty: &'static str) -> Read {
        Read { items: self.items, skipped: self.skipped, why_empty }
    }
}

/// A date from the forms exports use: ISO (`2025-07-14`, `2025-07-14T15:42:00Z`,
/// `2025-07-14 15:42`), Jira (`14/Jul/25 3:42 PM`, `14/Jul/2025`), `Jul 14, 2025`,
/// `14.07.2025`, and `d/m/yyyy` or `m/d/yyyy` when the day is over 12. Anything else is `None`.
fn parse_date(raw: &str) -> Option<Date> {
    let s = raw.trim().trim_start_matches('\'');
    if s.len() > 64 {
        return None;
    }
    let b = s.as_bytes();
    if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        return s.get(..10)?.parse::<Date>().ok();
    }
    let mut words = s.split_whitespace();
    let first = words.next()?;
    if let Some(month) = month_number(first) {
        // "Jul 14, 2025"
        let day = words.next()?.trim_end_matches(',').parse().ok()?;
        let year = year_number(words.next()?)?;
        return Date::new(year, month, day).ok();
    }
    let separator = if first.contains('/') {
        '/'
    } else if first.contains('.') {
        '.'
    } else {
        return None;
    };
    let mut parts = first.split(separator);
    let (Some(a), Some(b), Some(c), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else { return None };
    if let Some(month) = month_number(b) {
        return Date::new(year_number(c)?, month, a.parse().ok()?).ok();
    }
    let (a, b): (i8, i8) = (a.parse().ok()?, b.parse().ok()?);
    let year = year_number(c)?;
    if separator == '.' {
        return Date::new(year, b, a).ok();
    }
    // Slashes: day first or month first depends on the locale; decide only when one is over 12.
    if a > 12 {
        Date::new(year, b, a).ok()
    } else if b > 12 {
        Date::new(year, a, b).ok()
    } else {
        None
    }
}

fn year_number(s: &str) -> Option<i16> {
    let s = s.trim_end_matches(',');
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i16 = s.parse().ok()?;
    match s.len() {
        // Two-digit years as strftime reads them: 69–99 are 19xx, 00–68 are 20xx.
        2 => Some(if year >= 69 { 1900 + year } else { 2000 + year }),
        4 => Some(year),
        _ => None,
    }
}

fn month_number(s: &str) -> Option<i8> {
    const MONTHS: [&str; 12] =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
    let s = s.trim_end_matches([',', '.']);
    if s.len() < 3 {
        return None;
    }
    let prefix_of = |m: &str| m.get(..s.len()).is_some_and(|p| p.eq_ignore_ascii_case(s));
    let position = MONTHS.iter().position(|m| prefix_of(m) || (s.eq_ignore_ascii_case("sept") && *m == "september"))?;
    Some(position as i8 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn dates_in_the_forms_exports_use() {
        assert_eq!(parse_date("14/Jul/25 3:42 PM"), Some(date(2025, 7, 14)));
        assert_eq!(parse_date("2/Sep/2025 9:15 AM"), Some(date(2025, 9, 2)));
        assert_eq!(parse_date("2025-07-14 15:42"), Some(date(2025, 7, 14)));
        assert_eq!(parse_date("2025-07-14T15:42:10.123Z"), Some(date(2025, 7, 14)));
        assert_eq!(parse_date("2025-07-14 15:42:00 UTC"), Some(date(2025, 7, 14)));
        assert_eq!(parse_date("Jul 14, 2025 3:42 PM"), Some(date(2025, 7, 14)));
        assert_eq!(parse_date("September 1, 2024"), Some(date(2024, 9, 1)));
        assert_eq!(parse_date("sept 1, 2024"), Some(date(2024, 9, 1)));
        assert_eq!(parse_date("14.07.2025"), Some(date(2025, 7, 14)));
        assert_eq!(parse_date("14/07/2025"), Some(date(2025, 7, 14)));
        assert_eq!(parse_date("07/14/2025"), Some(date(2025, 7, 14)));
        assert_eq!(parse_date("'2025-07-14"), Some(date(2025, 7, 14)), "Linear's formula quote");
        assert_eq!(parse_date("01/02/31 10:00"), None, "day or month first cannot be told");
        assert_eq!(parse_date("01/Jan/69"), Some(date(1969, 1, 1)));
    }

    #[test]
    fn impossible_dates_are_none_never_an_error() {
        for raw in [
            "",
            "soon",
            "2025-02-30",
            "31/Feb/25",
            "99/Jul/99999",
            "-1/-1/-1",
            "Jul 99, 2025",
            "Ju 1, 2025",
            "2025-0７-14",
            "1e400",
            "x/y/z",
            "1/2/3/4",
        ] {
            assert_eq!(parse_date(raw), None, "{raw}");
        }
        assert_eq!(parse_date(&"9".repeat(100)), None);
    }

    #[test]
    fn decoding_names_the_problem() {
        let err = |bytes: &[u8]| decode("f.txt", bytes).expect_err("refused").to_string();
        assert_eq!(err(b""), "f.txt is empty: nothing to import");
        assert_eq!(err(b"\xef\xbb\xbf \n\t"), "f.txt is empty: nothing to import");
        assert!(err(b"ab\0cd").starts_with("f.txt is not text (it looks binary)"));
        assert!(err(b"\x01\x02\x03\x04abc").starts_with("f.txt is not text"));
        assert_eq!(err(b"\xff\xfea\0"), "f.txt is UTF-16 text; save it as UTF-8 and import again");
        assert_eq!(err(b"a\nb\nc\xe9\n"), "f.txt is not valid UTF-8 at line 3; save it as UTF-8 and import again");
        assert_eq!(err(b"\xe9"), "f.txt is not valid UTF-8 at line 1; save it as UTF-8 and import again");
        assert_eq!(decode("f.txt", b"\xef\xbb\xbfTitle").expect("text"), "Title");
    }

    #[test]
    fn messages_name_the_file_not_its_folder() {
        assert_eq!(display_name("/home/ada/exports/jira.csv"), "jira.csv");
        assert_eq!(display_name("C:\\Users\\ada\\todo.md"), "todo.md");
        assert_eq!(display_name("evil\u{1b}[2J.txt"), "evil[2J.txt");
        assert_eq!(display_name("dir/"), "the file");
    }

    #[test]
    fn issue_addresses_become_project_references() {
        assert_eq!(repo_reference("https://github.com/acme/api/issues/12").as_deref(), Some("acme/api#12"));
        assert_eq!(repo_reference("https://github.com/acme/api/pull/3?x=1").as_deref(), Some("acme/api#3"));
        assert_eq!(repo_reference("https://gitlab.com/acme/sub/web/-/issues/7").as_deref(), Some("acme/sub/web#7"));
        assert_eq!(repo_reference("https://github.com/acme/api/issues/new"), None);
        assert_eq!(repo_reference("not a url"), None);
        assert_eq!(repo_reference("https://x.com/issues/1"), None);
    }

    #[test]
    fn tidy_cleans_and_caps_everything() {
        let raw = ImportedItem {
            title: format!("\u{1b}[31m{}", "é".repeat(400)),
            description: "\n\n  line\u{202e}\r\nnext\u{7}".into(),
            external_id: Some(" \u{7} ".into()),
            labels: vec!["ci".into(), "CI".into(), " ".into(), "x".repeat(500)],
            ..ImportedItem::default()
        };
        let item = tidy(raw).expect("has a title");
        assert_eq!(item.title.chars().count(), MAX_TITLE_CHARS);
        assert!(item.title.starts_with("[31mé") && item.title.ends_with('…'));
        assert!(item.description.starts_with("[31mé") && item.description.ends_with("line\nnext"));
        assert_eq!(item.external_id, None);
        assert_eq!(item.labels.len(), 2);
        assert_eq!(item.labels[1].chars().count(), MAX_LABEL_CHARS);
        assert!(tidy(ImportedItem { title: "\u{1b}\u{202e} \t".into(), ..ImportedItem::default() }).is_none());
        let clean = tidy(ImportedItem { title: "Plain".into(), labels: vec!["a".into()], ..ImportedItem::default() }).expect("kept");
        assert_eq!((clean.title.as_str(), clean.labels.as_slice()), ("Plain", ["a".to_string()].as_slice()));
    }

    #[test]
    fn descriptions_are_capped_on_a_char_boundary() {
        let mut text = "€".repeat(MAX_DESCRIPTION_BYTES);
        cap_bytes(&mut text, MAX_DESCRIPTION_BYTES);
        assert!(text.len() <= MAX_DESCRIPTION_BYTES && text.ends_with('…'));
        let mut short = "abc".to_string();
        cap_bytes(&mut short, 3);
        assert_eq!(short, "abc");
        assert_eq!(cap_chars("abc".into(), 3), "abc");
        assert_eq!(cap_chars("éé".into(), 2), "éé");
        assert_eq!(cap_chars("abcd".into(), 3), "ab…");
    }

    #[test]
    fn nothing_importable_says_why() {
        let err = import("n.txt", b"# only a comment\n\n", None).expect_err("nothing");
        assert_eq!(err.to_string(), "n.txt has nothing to import: it has only blank lines and # comments");
        let err = import("t.csv", b"Title,Tags\n,a\n,b\n", None).expect_err("nothing");
        assert_eq!(err.to_string(), "t.csv has nothing to import: every item was skipped (no title on lines 2, 3)");
        let err = import("x.json", b"{\"a\": [1]}", None).expect_err("unknown");
        assert_eq!(err.to_string(), "x.json is JSON but not a GitHub issue list or a Trello board");
    }

    #[test]
    fn json_errors_say_where() {
        let err = import("board.json", b"{\n  \"cards\": [\n    {\"name\": \"a\",}\n  ]\n}", None).expect_err("broken");
        assert_eq!(err.to_string(), "board.json is not valid JSON (line 3, column 18: trailing comma)");
    }
}
