//! Guessing a backlog file's format: from its content first (JSON shape, CSV header names,
//! Markdown syntax), then its extension, else plain text. Reading each format is elsewhere.

use serde_json::Value;

use super::markdown::{self, Line};
use super::{Format, csv, numbered_lines};

/// What sniffing found; the parsed JSON is kept so it is not parsed twice.
pub(super) struct Sniffed {
    pub format: Format,
    pub json: Option<Value>,
    /// Valid JSON, but neither a GitHub issue list nor a Trello board.
    pub unknown_json: bool,
}

impl Sniffed {
    fn plain(format: Format) -> Sniffed {
        Sniffed { format, json: None, unknown_json: false }
    }
}

/// The format of a file, from its content first, then its name; plain text by default.
pub fn detect(file_name: &str, content: &[u8]) -> Format {
    let content = content.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(content);
    match std::str::from_utf8(content) {
        Ok(text) => sniff(file_name, text).format,
        Err(_) => by_extension(&extension(file_name), content.trim_ascii_start().first().copied()).unwrap_or(Format::Text),
    }
}

fn extension(file_name: &str) -> String {
    let name = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    name.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_default()
}

fn by_extension(extension: &str, first_byte: Option<u8>) -> Option<Format> {
    match extension {
        "csv" | "tsv" => Some(Format::GenericCsv),
        "json" if first_byte == Some(b'{') => Some(Format::TrelloJson),
        "json" => Some(Format::GithubJson),
        "md" | "markdown" | "mdown" | "mkd" => Some(Format::Markdown),
        "txt" | "text" => Some(Format::Text),
        _ => None,
    }
}

/// GitHub: an array of objects with a title (or an empty array); Trello: an object with cards.
fn json_format(value: &Value) -> Option<Format> {
    match value {
        Value::Array(items) if items.is_empty() || items.iter().take(50).any(|i| i.get("title").is_some()) => Some(Format::GithubJson),
        Value::Object(board) if board.get("cards").is_some_and(Value::is_array) => Some(Format::TrelloJson),
        _ => None,
    }
}

pub(super) fn sniff(file_name: &str, text: &str) -> Sniffed {
    let extension = extension(file_name);
    let first = text.trim_start().bytes().next();
    if matches!(first, Some(b'[' | b'{')) {
        match serde_json::from_str::<Value>(text) {
            Ok(value) => {
                let known = json_format(&value);
                let guess = if value.is_array() { Format::GithubJson } else { Format::TrelloJson };
                return Sniffed { format: known.unwrap_or(guess), unknown_json: known.is_none(), json: Some(value) };
            }
            // Broken JSON is still JSON when the name says so: the reader reports where it breaks.
            Err(_) if extension == "json" => return Sniffed::plain(by_extension("json", first).unwrap_or(Format::GithubJson)),
            Err(_) => {}
        }
    }
    if let Some(format) = csv::sniff_header(text, matches!(extension.as_str(), "csv" | "tsv")) {
        return Sniffed::plain(format);
    }
    Sniffed::plain(markdown_or_text(text, &extension))
}

/// Markdown when list syntax dominates (task boxes settle it), plain text when plain lines do;
/// the extension breaks ties.
fn markdown_or_text(text: &str, extension: &str) -> Format {
    let by_name = by_extension(extension, None);
    let (mut tasks, mut items, mut plain) = (0usize, 0usize, 0usize);
    let mut fence: Option<(u8, usize)> = None;
    for (_, line) in numbered_lines(text) {
        let kind = markdown::classify(line);
        if let Some((c, len)) = fence {
            if matches!(kind, Line::Fence(d, l) if d == c && l >= len) {
                fence = None;
            }
            continue;
        }
        match kind {
            Line::Fence(c, len) => fence = Some((c, len)),
            Line::Item { task, .. } => {
                items += 1;
                tasks += usize::from(task);
            }
            Line::Other { .. } => plain += 1,
            Line::Blank | Line::Heading { .. } | Line::Break => {}
        }
    }
    let markdown = match by_name {
        _ if tasks > 0 => true,
        _ if items > 0 && plain == 0 => true,
        Some(Format::Markdown) => true,
        Some(Format::Text) => false,
        _ => items > 0 && items >= plain,
    };
    if markdown { Format::Markdown } else { Format::Text }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guess(name: &str, text: &str) -> Format {
        detect(name, text.as_bytes())
    }

    #[test]
    fn json_shapes_decide() {
        assert_eq!(guess("x", "[{\"number\": 1, \"title\": \"a\"}]"), Format::GithubJson);
        assert_eq!(guess("x.txt", " []"), Format::GithubJson);
        assert_eq!(guess("x", "{\"cards\": [], \"lists\": []}"), Format::TrelloJson);
        assert_eq!(guess("x.json", "{\"cards\": ["), Format::TrelloJson);
        assert_eq!(guess("x.json", "[{\"title\""), Format::GithubJson);
        assert_eq!(guess("x.txt", "[ ] not json"), Format::Text);
        assert!(sniff("x.json", "{\"a\": 1}").unknown_json);
    }

    #[test]
    fn csv_headers_decide() {
        assert_eq!(guess("export", "Summary,Issue key,Issue id,Labels\n"), Format::JiraCsv);
        assert_eq!(guess("x.txt", "Title;Tags\nA;b\n"), Format::GenericCsv);
        assert_eq!(guess("x.csv", "Key,Foo\n"), Format::GenericCsv);
    }

    #[test]
    fn markdown_or_text() {
        assert_eq!(guess("notes", "some line\n- [ ] a task\n"), Format::Markdown);
        assert_eq!(guess("notes", "# Infra\n- one\n- two\n"), Format::Markdown);
        assert_eq!(guess("notes", "# a comment\nplain item\nanother\n"), Format::Text);
        assert_eq!(guess("notes.md", "# Title\nprose\n"), Format::Markdown);
        assert_eq!(guess("notes.txt", "prose\n- bullet\n"), Format::Text);
        assert_eq!(guess("notes", "prose\n- bullet\n- bullet\n"), Format::Markdown);
        assert_eq!(guess("notes", "```\nplain\n```\n- x\n"), Format::Markdown);
    }

    #[test]
    fn not_utf8_goes_by_name() {
        assert_eq!(detect("a.csv", b"\xff\xfe"), Format::GenericCsv);
        assert_eq!(detect("a.JSON", b"  {\xff"), Format::TrelloJson);
        assert_eq!(detect("a.bin", b"\xff"), Format::Text);
    }
}
