//! CSV exports from Jira, Linear, GitLab and generic CSV: one reader (the `csv` crate), columns
//! matched by header name, never position, flavour guessed from the header. No JSON or text here.

use ::csv::{ReaderBuilder, StringRecord};

use super::{Collector, Format, ImportError, ImportedItem, Read, numbered_lines, parse_date, repo_reference};
use crate::model::ItemStatus;
use crate::model::text::clean_line;

/// Title columns of a generic CSV, most likely first.
const TITLE: &[&str] = &["title", "summary", "name", "task", "subject", "item", "story", "todo", "issue"];
/// What the "no column for the title" message says it looked for.
const TITLE_EXPECTED: &str = "Summary, Title, Name, Task";

/// Header names (lowercase) each field is read from; a format's own names are tried first,
/// then these generic ones, so a forced format still finds obvious columns.
#[derive(Clone, Copy)]
struct Names {
    title: &'static [&'static str],
    id: &'static [&'static str],
    url: &'static [&'static str],
    description: &'static [&'static str],
    /// Every column with one of these names; each cell may hold several labels.
    labels: &'static [&'static str],
    /// Single-value columns that become a label as they are (issue type).
    kind: &'static [&'static str],
    priority: &'static [&'static str],
    status: &'static [&'static str],
    created: &'static [&'static str],
    updated: &'static [&'static str],
    /// Columns that mark an item finished when they hold anything ("Completed" with a date):
    /// done, or canceled or archived when the column is named so (see [`set_means`]).
    done_if_set: &'static [&'static str],
    parent: &'static [&'static str],
    /// Every column with one of these names; the last non-empty one is kept.
    sprint: &'static [&'static str],
}

const NONE: &[&str] = &[];

const GENERIC: Names = Names {
    title: TITLE,
    id: &["id", "key", "issue key", "issue id", "number", "#", "ref", "reference", "ticket"],
    url: &["url", "link", "html url", "web url"],
    description: &["description", "body", "details", "notes", "desc", "content", "text"],
    labels: &["labels", "label", "tags", "tag", "categories", "category", "components", "component", "component/s"],
    kind: &["type", "issue type", "kind"],
    priority: &["priority"],
    status: &["status", "state"],
    created: &["created", "created at", "created date", "date created", "creation date", "created on", "opened", "date"],
    updated: &["updated", "updated at", "last updated", "modified", "last modified", "date modified", "last activity"],
    done_if_set: &[
        "done",
        "completed",
        "closed",
        "resolved",
        "completed at",
        "closed at",
        "canceled",
        "cancelled",
        "canceled at",
        "archived",
        "archived at",
    ],
    parent: &["parent", "parent summary", "epic"],
    sprint: &["sprint", "iteration"],
};

const JIRA: Names = Names {
    title: &["summary"],
    id: &["issue key", "issue id"],
    url: NONE,
    description: &["description"],
    labels: &["labels", "component/s"],
    kind: &["issue type"],
    priority: &["priority"],
    status: &["status"],
    created: &["created"],
    updated: &["updated"],
    done_if_set: NONE,
    parent: &["parent summary", "parent key", "parent"],
    sprint: &["sprint"],
};

const LINEAR: Names = Names {
    title: &["title"],
    id: &["id"],
    url: NONE,
    description: &["description"],
    labels: &["labels"],
    kind: NONE,
    priority: &["priority"],
    status: &["status"],
    created: &["created"],
    updated: &["updated"],
    done_if_set: &["completed", "canceled", "archived"],
    parent: &["parent issue"],
    sprint: &["cycle name"],
};

const GITLAB: Names = Names {
    title: &["title"],
    id: &["issue id"],
    url: &["url"],
    description: &["description"],
    labels: &["labels"],
    kind: NONE,
    priority: NONE,
    status: &["state"],
    created: &["created at (utc)"],
    updated: &["updated at (utc)"],
    done_if_set: &["closed at (utc)"],
    parent: &["epic title"],
    sprint: NONE,
};

/// Cell values that do not count as "set" in a done-if-set column.
const FALSY: &[&str] = &["no", "n", "false", "0", "-", "none", "null", "open", "todo", "to do"];

/// Column positions resolved from the header.
struct Columns {
    title: usize,
    id: Option<usize>,
    url: Option<usize>,
    description: Option<usize>,
    labels: Vec<usize>,
    kind: Option<usize>,
    priority: Option<usize>,
    status: Option<usize>,
    created: Option<usize>,
    updated: Option<usize>,
    /// Columns that finish an item when set, and what they mean.
    done_if_set: Vec<(usize, ItemStatus)>,
    parent: Option<usize>,
    sprint: Vec<usize>,
}

/// A header name as compared: lowercase, whitespace collapsed, sanitised.
fn normalise(header: &str) -> String {
    clean_line(header).trim_start_matches('\u{feff}').split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The first column whose name is in `own`, else in `generic`, in the lists' order.
fn first(headers: &[String], own: &[&str], generic: &[&str]) -> Option<usize> {
    own.iter().chain(generic).find_map(|name| headers.iter().position(|h| h == name))
}

/// Every column whose name is in `own` (or, when none is, in `generic`).
fn all(headers: &[String], own: &[&str], generic: &[&str]) -> Vec<usize> {
    let pick = |names: &[&str]| headers.iter().enumerate().filter(|(_, h)| names.contains(&h.as_str())).map(|(i, _)| i).collect::<Vec<_>>();
    let found = pick(own);
    if found.is_empty() { pick(generic) } else { found }
}

/// A title column by a looser rule: a name containing "title", "summary", "task" or "name",
/// unless it is about a person, a place or an id ("Author name", "Task ID").
fn loose_title(headers: &[String]) -> Option<usize> {
    const NOT: &[&str] = &["author", "assignee", "reporter", "creator", "owner", "user", "project", "file", "list", "team", "board", "id"];
    headers.iter().position(|h| {
        ["title", "summary", "task", "name"].iter().any(|w| h.contains(w)) && !h.split([' ', '_', '-']).any(|word| NOT.contains(&word))
    })
}

impl Columns {
    fn resolve(headers: &[String], own: Names) -> Option<Columns> {
        let g = GENERIC;
        let title = first(headers, own.title, g.title).or_else(|| loose_title(headers))?;
        let mut columns = Columns {
            title,
            id: first(headers, own.id, g.id),
            url: first(headers, own.url, g.url),
            description: first(headers, own.description, g.description),
            labels: all(headers, own.labels, g.labels),
            kind: first(headers, own.kind, g.kind),
            priority: first(headers, own.priority, g.priority),
            status: first(headers, own.status, g.status),
            created: first(headers, own.created, g.created),
            updated: first(headers, own.updated, g.updated),
            done_if_set: all(headers, own.done_if_set, g.done_if_set).into_iter().map(|c| (c, set_means(&headers[c]))).collect(),
            parent: first(headers, own.parent, g.parent),
            sprint: all(headers, own.sprint, g.sprint),
        };
        // The title column is never read again as something else.
        for slot in [&mut columns.id, &mut columns.url, &mut columns.description, &mut columns.kind, &mut columns.parent] {
            if *slot == Some(title) {
                *slot = None;
            }
        }
        columns.labels.retain(|c| *c != title);
        Some(columns)
    }
}

fn names_for(format: Format) -> Names {
    match format {
        Format::JiraCsv => JIRA,
        Format::LinearCsv => LINEAR,
        Format::GitlabCsv => GITLAB,
        _ => GENERIC,
    }
}

/// The separator the header line uses most, outside quotes: `,`, `;` or tab.
fn sniff_delimiter(header: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in header.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).rev().max_by_key(|i| counts[*i]).unwrap_or(0);
    if counts[best] == 0 { b',' } else { [b',', b';', b'\t'][best] }
}

fn header_line(text: &str) -> &str {
    numbered_lines(text).map(|(_, l)| l).find(|l| !l.trim().is_empty()).unwrap_or("")
}

fn reader(text: &str, delimiter: u8) -> ::csv::Reader<&[u8]> {
    ReaderBuilder::new().delimiter(delimiter).flexible(true).has_headers(false).from_reader(text.as_bytes())
}

/// The flavour of CSV a header line announces, if it looks like a CSV header at all.
/// `csv_extension` says the file is called `.csv`/`.tsv`, so any header is taken as CSV.
pub(super) fn sniff_header(text: &str, csv_extension: bool) -> Option<Format> {
    let line = header_line(text);
    let delimiter = sniff_delimiter(line);
    if !csv_extension && !line.as_bytes().contains(&delimiter) {
        return None;
    }
    let mut record = StringRecord::new();
    if !reader(line, delimiter).read_record(&mut record).unwrap_or(false) {
        return csv_extension.then_some(Format::GenericCsv);
    }
    let headers: Vec<String> = record.iter().map(normalise).collect();
    let has = |name: &str| headers.iter().any(|h| h == name);
    if has("summary") && (has("issue key") || has("issue id") || has("issue type")) {
        return Some(Format::JiraCsv);
    }
    if has("title") && has("issue id") && (has("url") || has("state") || has("created at (utc)")) {
        return Some(Format::GitlabCsv);
    }
    if has("id") && has("title") && ["team", "archived", "cycle name", "triaged", "project milestone"].iter().any(|h| has(h)) {
        return Some(Format::LinearCsv);
    }
    // Without a .csv name, a header needs a title column and another known one, so that a
    // plain list starting "Task, then more" stays a plain list.
    let short = headers.iter().all(|h| h.chars().count() <= 64);
    let titled = headers.iter().any(|h| TITLE.contains(&h.as_str()));
    let g = GENERIC;
    let others =
        [g.id, g.url, g.description, g.labels, g.kind, g.priority, g.status, g.created, g.updated, g.done_if_set, g.parent, g.sprint];
    let known = headers.iter().any(|h| others.iter().any(|names| names.contains(&h.as_str())));
    (csv_extension || (short && titled && known)).then_some(Format::GenericCsv)
}

/// Where a quoted field opens and never closes, following the `csv` crate's rules: a quote
/// opens a field only at its start, `""` inside is a quote, anything after the closing quote
/// continues the field.
fn unclosed_quote(text: &str, delimiter: u8) -> Option<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::FieldStart;
    let mut line = 1;
    let mut opened = 1;
    for b in text.bytes() {
        let end = b == delimiter || b == b'\n' || b == b'\r';
        state = match (state, b) {
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) | (State::QuoteInQuoted, b'"') => State::Quoted,
            (State::FieldStart, b'"') => {
                opened = line;
                State::Quoted
            }
            (_, _) if end => State::FieldStart,
            _ => State::Unquoted,
        };
        if b == b'\n' {
            line += 1;
        }
    }
    (state == State::Quoted).then_some(opened)
}

/// Linear and GitLab put a `'` before a cell starting with `= + - @` so spreadsheets do not
/// run it as a formula; the text people wrote has no such quote.
fn unescape_formula(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => cell,
    }
}

/// What a set "when" column means: Linear's `Canceled` and `Archived` are not done.
fn set_means(header: &str) -> ItemStatus {
    match header.trim_end_matches(" at") {
        "canceled" | "cancelled" => ItemStatus::Canceled,
        "archived" => ItemStatus::Archived,
        _ => ItemStatus::Done,
    }
}

fn is_set(cell: &str) -> bool {
    let cell = cell.trim();
    !cell.is_empty() && !FALSY.iter().any(|f| f.eq_ignore_ascii_case(cell))
}

/// No priority worth a label.
fn is_no_priority(priority: &str) -> bool {
    let priority = priority.trim();
    ["", "none", "no priority", "-"].iter().any(|p| p.eq_ignore_ascii_case(priority))
}

/// Reads a CSV export of the given flavour.
pub(super) fn read(file: &str, text: &str, format: Format) -> Result<Read, ImportError> {
    let delimiter = sniff_delimiter(header_line(text));
    if let Some(line) = unclosed_quote(text, delimiter) {
        return Err(ImportError::UnclosedQuote { file: file.to_string(), line });
    }
    let csv_error = |e: &::csv::Error| ImportError::Csv {
        file: file.to_string(),
        line: e.position().map_or(1, |p| p.line() as usize),
        message: clean_line(&e.to_string()),
    };
    let mut reader = reader(text, delimiter);
    let mut record = StringRecord::new();
    if !reader.read_record(&mut record).map_err(|e| csv_error(&e))? {
        return Ok(Collector::default().finish("it has no header row"));
    }
    let raw_headers: Vec<String> = record.iter().map(clean_line).collect();
    let headers: Vec<String> = raw_headers.iter().map(|h| normalise(h)).collect();
    let Some(columns) = Columns::resolve(&headers, names_for(format)) else {
        return Err(ImportError::NoTitleColumn {
            file: file.to_string(),
            found: found_list(&raw_headers),
            expected: TITLE_EXPECTED.to_string(),
        });
    };
    let unescape = matches!(format, Format::LinearCsv | Format::GitlabCsv);
    let mut out = Collector::default();
    while reader.read_record(&mut record).map_err(|e| csv_error(&e))? {
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let line = record.position().map(|p| p.line() as usize);
        let row = Row { record: &record, unescape };
        out.push(row.item(&columns, format), line);
    }
    Ok(out.finish("it has a header row but no rows"))
}

/// The header names found, for the "no column for the title" message.
fn found_list(headers: &[String]) -> String {
    const SHOWN: usize = 12;
    let named: Vec<&str> = headers.iter().map(String::as_str).filter(|h| !h.is_empty()).collect();
    if named.is_empty() {
        return "no column names".to_string();
    }
    let mut list: Vec<String> = named.iter().take(SHOWN).map(|h| crate::model::text::cap_chars((*h).to_string(), 40)).collect();
    if named.len() > SHOWN {
        list.push(format!("and {} more", named.len() - SHOWN));
    }
    list.join(", ")
}

struct Row<'a> {
    record: &'a StringRecord,
    unescape: bool,
}

impl Row<'_> {
    /// A cell, trimmed; empty when the row is shorter than the header.
    fn cell(&self, column: Option<usize>) -> &str {
        let cell = column.and_then(|c| self.record.get(c)).unwrap_or("").trim();
        if self.unescape { unescape_formula(cell) } else { cell }
    }

    fn item(&self, columns: &Columns, format: Format) -> ImportedItem {
        let url = self.cell(columns.url);
        let id = self.cell(columns.id);
        let external_id = match format {
            // "Issue ID" is the project's issue number; the URL says which project.
            Format::GitlabCsv => repo_reference(url).or_else(|| (!id.is_empty()).then(|| format!("#{id}"))),
            _ if id.is_empty() => (!url.is_empty()).then(|| url.to_string()),
            _ => Some(id.to_string()),
        };
        let mut labels: Vec<String> = Vec::new();
        for column in &columns.labels {
            labels.extend(self.cell(Some(*column)).split([',', ';', '|']).map(str::trim).filter(|l| !l.is_empty()).map(str::to_string));
        }
        // The status word (`In Progress`, `Canceled`…), then what the set columns add to it.
        let status = columns
            .done_if_set
            .iter()
            .filter(|(c, _)| is_set(self.cell(Some(*c))))
            .fold(ItemStatus::from_word(self.cell(columns.status)).unwrap_or_default(), |s, (_, means)| s.strongest(*means));
        // What has no field of its own is kept in the description, one "Key: value" a line.
        // Issue type and priority are not labels: labels stay the team's own words, and
        // "Medium priority" on most items would drown them in the facts.
        let mut notes: Vec<String> = Vec::new();
        let kind = self.cell(columns.kind);
        if !kind.is_empty() {
            notes.push(format!("Type: {kind}"));
        }
        let priority = self.cell(columns.priority);
        if !is_no_priority(priority) {
            notes.push(format!("Priority: {priority}"));
        }
        let parent = self.cell(columns.parent);
        if !parent.is_empty() {
            notes.push(format!("Part of: {parent}"));
        }
        if let Some(sprint) = columns.sprint.iter().map(|c| self.cell(Some(*c))).rfind(|s| !s.is_empty()) {
            notes.push(format!("Sprint: {sprint}"));
        }
        if !url.is_empty() && external_id.as_deref() != Some(url) {
            notes.push(url.to_string());
        }
        let mut description = self.cell(columns.description).to_string();
        if !notes.is_empty() {
            if !description.is_empty() {
                description.push_str("\n\n");
            }
            description.push_str(&notes.join("\n"));
        }
        ImportedItem {
            title: self.cell(Some(columns.title)).to_string(),
            description,
            external_id,
            labels,
            created: parse_date(self.cell(columns.created)),
            updated: parse_date(self.cell(columns.updated)),
            section: String::new(),
            status,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn read_ok(text: &str, format: Format) -> Read {
        read("t.csv", text, format).expect("reads")
    }

    #[test]
    fn columns_are_found_by_name_not_position() {
        let text = "Status,Summary,Issue key\nDone,Ship it,OPS-1\nTo Do,Plan it,OPS-2\n";
        let read = read_ok(text, Format::JiraCsv);
        assert_eq!(read.items.len(), 2);
        assert_eq!(
            (read.items[0].title.as_str(), read.items[0].external_id.as_deref(), read.items[0].status),
            ("Ship it", Some("OPS-1"), ItemStatus::Done)
        );
        assert_eq!(read.items[1].status, ItemStatus::Open);
    }

    #[test]
    fn statuses_keep_their_meaning() {
        let text = "Summary,Issue key,Status\nA,K-1,In Progress\nB,K-2,Selected for Development\nC,K-3,Won't Do\nD,K-4,To Do\n";
        let statuses: Vec<ItemStatus> = read_ok(text, Format::JiraCsv).items.iter().map(|i| i.status).collect();
        assert_eq!(statuses, [ItemStatus::InProgress, ItemStatus::InProgress, ItemStatus::Canceled, ItemStatus::Open]);
        let text = "ID,Title,Status,Team,Completed,Canceled,Archived\nE-1,A,Canceled,Core,,2025-01-01,\nE-2,B,Backlog,Core,,,2025-02-01\nE-3,C,Done,Core,2025-01-01,,2025-02-01\n";
        let statuses: Vec<ItemStatus> = read_ok(text, Format::LinearCsv).items.iter().map(|i| i.status).collect();
        assert_eq!(statuses, [ItemStatus::Canceled, ItemStatus::Archived, ItemStatus::Done], "canceled and archived are not done");
    }

    #[test]
    fn repeated_label_columns_are_all_collected() {
        let text = "Summary,Labels,Labels,Labels,Issue Type,Priority,Description\nA,ci,,flaky,Bug,High,Why\n";
        let item = &read_ok(text, Format::JiraCsv).items[0];
        assert_eq!(item.labels, ["ci", "flaky"]);
        assert_eq!(item.description, "Why\n\nType: Bug\nPriority: High");
    }

    #[test]
    fn delimiter_is_sniffed_from_the_header() {
        assert_eq!(sniff_delimiter("a;b;c"), b';');
        assert_eq!(sniff_delimiter("a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter("\"a;b\",c"), b',');
        assert_eq!(sniff_delimiter("title"), b',');
        let read = read_ok("Title\tTags\nTabbed\tx, y\n", Format::GenericCsv);
        assert_eq!(read.items[0].labels, ["x", "y"]);
    }

    #[test]
    fn ragged_rows_and_rows_without_title_are_handled() {
        let text = "Title,Description,Tags\nShort\nWide,d,t,extra,more\n,no title here\n,,\n";
        let read = read_ok(text, Format::GenericCsv);
        assert_eq!(read.items.iter().map(|i| i.title.as_str()).collect::<Vec<_>>(), ["Short", "Wide"]);
        assert_eq!(read.skipped.len(), 1, "the all-empty row is not worth reporting");
        assert_eq!(read.skipped[0].line, Some(4));
    }

    #[test]
    fn line_numbers_count_multi_line_cells() {
        let text = "Title,Description\n\"One\",\"a\nb\nc\"\n,x\n";
        let read = read_ok(text, Format::GenericCsv);
        assert_eq!(read.items[0].description, "a\nb\nc");
        assert_eq!(read.skipped[0].line, Some(5));
    }

    #[test]
    fn unclosed_quotes_are_reported_with_their_line() {
        assert_eq!(unclosed_quote("a,b\n\"x,y\nz", b','), Some(2));
        assert_eq!(unclosed_quote("a,b\n\"x\"\"y\",z\n", b','), None);
        assert_eq!(unclosed_quote("a,5\" screen,b\n", b','), None, "a quote inside a field is literal");
        let err = read("q.csv", "Title\n\"never closed\nmore\n", Format::GenericCsv).expect_err("unclosed");
        assert_eq!(err.to_string(), "q.csv has a quote opened on line 2 that is never closed; close it and import again");
    }

    #[test]
    fn an_unknown_layout_names_what_was_found() {
        let err = read("jira.csv", "Key,Foo,Bar\n1,2,3\n", Format::JiraCsv).expect_err("no title");
        assert_eq!(
            err.to_string(),
            "jira.csv has no column for the title: found Key, Foo, Bar; expected one of Summary, Title, Name, Task"
        );
    }

    #[test]
    fn linear_formula_quotes_are_removed() {
        let text = "ID,Title,Labels,Team\nENG-1,'=cost review,\"'+1, ops\",Core\n";
        let item = &read_ok(text, Format::LinearCsv).items[0];
        assert_eq!(item.title, "=cost review");
        assert_eq!(item.labels, ["+1", "ops"]);
        assert_eq!(unescape_formula("'plain"), "'plain");
    }

    #[test]
    fn gitlab_ids_say_which_project() {
        let text = "Issue ID,URL,Title,State,Created At (UTC)\n7,https://gitlab.com/acme/web/-/issues/7,Fix,Closed,2025-01-02 10:00:00\n";
        let item = &read_ok(text, Format::GitlabCsv).items[0];
        assert_eq!(item.external_id.as_deref(), Some("acme/web#7"));
        assert_eq!(item.status, ItemStatus::Done);
        assert_eq!(item.created, Some(date(2025, 1, 2)));
        assert!(item.description.ends_with("https://gitlab.com/acme/web/-/issues/7"));
    }

    #[test]
    fn headers_announce_their_flavour() {
        assert_eq!(sniff_header("Summary,Issue key,Issue id\n", false), Some(Format::JiraCsv));
        assert_eq!(sniff_header("ID,Team,Title,Status\n", false), Some(Format::LinearCsv));
        assert_eq!(sniff_header("Issue ID,URL,Title,State\n", false), Some(Format::GitlabCsv));
        assert_eq!(sniff_header("\u{feff}name;notes\n", false), Some(Format::GenericCsv));
        assert_eq!(sniff_header("Buy milk, eggs and bread\n", false), None);
        assert_eq!(sniff_header("Task, then the rest of the sentence\n", false), None);
        assert_eq!(sniff_header("Task, then the rest of the sentence\n", true), Some(Format::GenericCsv));
        assert_eq!(sniff_header("just words\n", true), Some(Format::GenericCsv));
    }

    #[test]
    fn a_loose_title_column_is_found_but_not_a_person() {
        let headers: Vec<String> = ["author name", "task name"].iter().map(|h| (*h).to_string()).collect();
        assert_eq!(loose_title(&headers), Some(1));
    }

    #[test]
    fn header_only_has_nothing() {
        let read = read_ok("Title,Tags\n", Format::GenericCsv);
        assert!(read.items.is_empty() && read.skipped.is_empty());
        assert_eq!(read.why_empty, "it has a header row but no rows");
    }
}
