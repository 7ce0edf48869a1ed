//! Step 1: the old backlog, imported and then shelved by declaring bankruptcy.
//! Items are never deleted; one can be rescued only by reframing it as an initiative.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::ids::{BacklogItemId, InitiativeId};
use super::shelf::ItemStatus;

pub mod apart;
mod decode;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Backlog {
    #[serde(deserialize_with = "apart::items")]
    pub items: super::shared_list::SharedList<BacklogItem>,
    pub bankruptcy: Option<Bankruptcy>,
    /// Fields this build does not know (written by a newer Quarterdeck or by hand): kept and
    /// written back as they were.
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}

/// When the team declared backlog bankruptcy, and what they said about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bankruptcy {
    pub declared_on: Date,
    #[serde(default)]
    pub note: String,
    /// Fields this build does not know (written by a newer Quarterdeck or by hand): kept and
    /// written back as they were.
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BacklogState {
    /// Imported, bankruptcy not yet declared.
    #[default]
    Imported,
    /// Put on the shelf: kept, browsable, searchable, not worked on.
    Shelved,
    /// Reframed as a new initiative.
    Rescued,
}

/// Read by hand (`backlog/decode.rs`): 10,000 items are read at every start.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BacklogItem {
    pub id: BacklogItemId,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Issue key, number or URL in the tool it came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
    /// Where it sat in the file (a Markdown heading path, `Q3 › Infra`): context, not a label.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub section: String,
    /// File name the item was imported from.
    #[serde(default)]
    pub source_file: String,
    /// Format the item was read as (e.g. `jira-csv`, `markdown`).
    #[serde(default)]
    pub source_format: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<Date>,
    /// Done or closed in the tool it came from: kept equal to `status == Done` (files written
    /// before `status` existed say only this).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub done: bool,
    /// Where it stood in its tool: open, in progress, done, canceled or archived.
    #[serde(default, skip_serializing_if = "ItemStatus::is_open")]
    pub status: ItemStatus,
    #[serde(default)]
    pub state: BacklogState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shelved_on: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rescued_as: Option<InitiativeId>,
    /// When this was last changed here or on another copy: in a merge of two changes to the
    /// same field, the later one wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<jiff::Timestamp>,
    /// Fields this build does not know (written by a newer Quarterdeck or by hand): kept and
    /// written back as they were.
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}

impl BacklogItem {
    /// Date it was last touched: updated if known, else created.
    pub fn last_touched(&self) -> Option<Date> {
        self.updated.or(self.created)
    }

    /// The external id as a narrow column shows it: `#12` of `owner/repo#12`, the last
    /// part of a URL, or the id itself.
    pub fn short_id(&self) -> &str {
        let id = self.external_id.as_deref().unwrap_or("");
        if let Some((_, number)) = id.rsplit_once('#') {
            return &id[id.len() - number.len() - 1..];
        }
        if id.contains("://") {
            return id.trim_end_matches('/').rsplit('/').next().unwrap_or(id);
        }
        id
    }
}

impl Backlog {
    pub fn get(&self, id: BacklogItemId) -> Option<&BacklogItem> {
        self.items.iter().find(|i| i.id == id)
    }

    /// Items that count: still open (or in progress) in their tool.
    pub fn open_items(&self) -> impl Iterator<Item = &BacklogItem> {
        self.items.iter().filter(|i| !i.status.is_finished())
    }
}

// ---------------------------------------------------------------------------------------
// Imported backlogs, as the importers (`crate::import`) hand them to the model, and the
// merge into a workshop. The data types live here so the model depends on nothing above it;
// `crate::import` re-exports them.

use std::collections::HashMap;
use std::fmt::{self, Write as _};

use super::text::{clean_line, clean_multiline, is_clean_line};
use super::workshop::Workshop;

/// The format a backlog file is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Text,
    Markdown,
    JiraCsv,
    LinearCsv,
    GitlabCsv,
    GenericCsv,
    GithubJson,
    TrelloJson,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Text,
        Format::Markdown,
        Format::JiraCsv,
        Format::LinearCsv,
        Format::GitlabCsv,
        Format::GenericCsv,
        Format::GithubJson,
        Format::TrelloJson,
    ];

    /// The name used by `--format` and stored as an item's `source_format`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::JiraCsv => "jira-csv",
            Format::LinearCsv => "linear-csv",
            Format::GitlabCsv => "gitlab-csv",
            Format::GenericCsv => "csv",
            Format::GithubJson => "github-json",
            Format::TrelloJson => "trello-json",
        }
    }

    /// A format from its name or an obvious alias (`md`, `jira`, `gh`...), ignoring case.
    pub fn parse(name: &str) -> Option<Format> {
        let name = name.trim().to_ascii_lowercase();
        if let Some(format) = Self::ALL.into_iter().find(|f| f.name() == name) {
            return Some(format);
        }
        Some(match name.as_str() {
            "txt" | "plain" | "plain-text" => Format::Text,
            "md" | "gfm" => Format::Markdown,
            "jira" => Format::JiraCsv,
            "linear" => Format::LinearCsv,
            "gitlab" => Format::GitlabCsv,
            "generic" | "generic-csv" | "tsv" => Format::GenericCsv,
            "github" | "gh" | "gh-json" => Format::GithubJson,
            "trello" => Format::TrelloJson,
            _ => return None,
        })
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One item read from a file, already sanitised by the importer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportedItem {
    pub title: String,
    pub description: String,
    pub external_id: Option<String>,
    pub labels: Vec<String>,
    /// Where it sat in the file (Markdown headings), as `Q3 › Infra`.
    pub section: String,
    pub created: Option<Date>,
    pub updated: Option<Date>,
    pub status: ItemStatus,
}

/// A row, line or entry of the file that was not imported, and why (e.g. line 17, "no title").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub line: Option<usize>,
    pub reason: String,
}

impl Skipped {
    /// A short phrase for a list of skips, grouped by reason: "no title on lines 17, 40, 41".
    pub fn describe(skipped: &[Skipped]) -> String {
        const SHOWN_LINES: usize = 5;
        let mut groups: Vec<(&str, Vec<usize>, usize)> = Vec::new();
        for s in skipped {
            let index = match groups.iter().position(|g| g.0 == s.reason) {
                Some(i) => i,
                None => {
                    groups.push((&s.reason, Vec::new(), 0));
                    groups.len() - 1
                }
            };
            let group = &mut groups[index];
            group.2 += 1;
            group.1.extend(s.line);
        }
        let phrases: Vec<String> = groups
            .into_iter()
            .map(|(reason, lines, count)| {
                if lines.is_empty() {
                    return if count == 1 { reason.to_string() } else { format!("{reason} ({count})") };
                }
                let word = super::count::noun(lines.len(), "line");
                let shown: Vec<String> = lines.iter().take(SHOWN_LINES).map(ToString::to_string).collect();
                let more = lines.len().saturating_sub(SHOWN_LINES);
                let unlined = count - lines.len();
                let mut phrase = format!("{reason} on {word} {}", shown.join(", "));
                if more > 0 {
                    let _ = write!(phrase, " and {more} more");
                }
                if unlined > 0 {
                    let _ = write!(phrase, " (and {unlined} elsewhere)");
                }
                phrase
            })
            .collect();
        phrases.join("; ")
    }
}

/// What an importer read from one file: the items and what it skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub format: Format,
    pub items: Vec<ImportedItem>,
    pub skipped: Vec<Skipped>,
}

/// What merging an import into the backlog did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// New backlog items.
    pub added: usize,
    /// Items that matched one already in the backlog (by external id, else by title).
    pub already_there: usize,
    /// Rows or lines of the file the importer skipped.
    pub skipped: Vec<Skipped>,
}

impl ImportReport {
    /// One line for people: "Imported 412 items from jira.csv (3 skipped: no title on lines 17, 40, 41)".
    pub fn summary(&self, file_name: &str) -> String {
        let file = base_name(file_name);
        let noun = super::count::noun(self.added, "item");
        let mut notes = Vec::new();
        if self.already_there > 0 {
            notes.push(format!("{} already there", self.already_there));
        }
        if !self.skipped.is_empty() {
            notes.push(format!("{} skipped: {}", self.skipped.len(), Skipped::describe(&self.skipped)));
        }
        let mut line = format!("Imported {} {noun} from {file}", self.added);
        if !notes.is_empty() {
            let _ = write!(line, " ({})", notes.join("; "));
        }
        line
    }
}

/// The file name alone (never a full path), safe to show.
fn base_name(file: &str) -> String {
    clean_line(file.rsplit(['/', '\\']).next().unwrap_or(file))
}

/// Title as compared for duplicates: lowercase, whitespace collapsed, punctuation trimmed.
pub(crate) fn title_key(title: &str) -> String {
    let mut key = String::with_capacity(title.len());
    for word in title.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        if word.is_ascii() {
            let start = key.len();
            key.push_str(word);
            key[start..].make_ascii_lowercase();
        } else {
            key.extend(word.chars().flat_map(char::to_lowercase));
        }
    }
    let trimmed = key.trim_matches(|c: char| !c.is_alphanumeric());
    if trimmed.len() == key.len() || trimmed.is_empty() { key } else { trimmed.to_string() }
}

/// [`clean_line`], keeping the string when it is clean already (no allocation).
fn clean_owned(text: String) -> String {
    if is_clean_line(&text) && text.trim().len() == text.len() { text } else { clean_line(&text) }
}

/// How a duplicate was recognised, which decides how far it may refresh the existing item.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Match {
    ExternalId,
    Title,
}

/// Refreshes what an export may legitimately change (status, updated), never state or title.
fn refresh(existing: &mut BacklogItem, status: ItemStatus, updated: Option<Date>, how: Match) {
    existing.status = match how {
        // The tool is the source of truth about its own issue: it may have been reopened.
        Match::ExternalId => status,
        // Matched by title only, e.g. a plain list that cannot say "done": only ever finish it.
        Match::Title if status.is_finished() && !existing.status.is_finished() => status,
        Match::Title => existing.status,
    };
    existing.done = existing.status == ItemStatus::Done;
    if updated > existing.updated {
        existing.updated = updated;
    }
}

/// Where each external id and normalised title first appears in the backlog.
struct DuplicateIndex {
    ids: HashMap<String, usize>,
    titles: HashMap<String, usize>,
    titles_without_id: HashMap<String, usize>,
}

impl DuplicateIndex {
    fn with_capacity(n: usize) -> DuplicateIndex {
        DuplicateIndex { ids: HashMap::with_capacity(n), titles: HashMap::with_capacity(n), titles_without_id: HashMap::new() }
    }

    fn add(&mut self, i: usize, external_id: Option<&str>, title_key: String) {
        match external_id {
            Some(id) => {
                self.ids.entry(id.to_string()).or_insert(i);
            }
            None => {
                self.titles_without_id.entry(title_key.clone()).or_insert(i);
            }
        }
        self.titles.entry(title_key).or_insert(i);
    }

    /// An item with the same external id; else, when one side has no external id, the same
    /// title (two issues of one tracker with equal titles are still two issues).
    fn find(&self, external_id: Option<&str>, title_key: &str) -> Option<(usize, Match)> {
        match external_id {
            Some(id) => self
                .ids
                .get(id)
                .map(|i| (*i, Match::ExternalId))
                .or_else(|| self.titles_without_id.get(title_key).map(|i| (*i, Match::Title))),
            None => self.titles.get(title_key).map(|i| (*i, Match::Title)),
        }
    }
}

impl Workshop {
    /// Merges an import into the backlog without duplicates: an item matches an existing one
    /// with the same external id, else (when either has no external id) the same normalised
    /// title. New items are shelved straight away when bankruptcy was already declared.
    pub fn import_backlog(&mut self, imported: Imported, source_file: &str) -> ImportReport {
        let source_file = base_name(source_file);
        let source_format = imported.format.name();
        let existing = self.backlog.items.len();
        let mut seen = DuplicateIndex::with_capacity(existing + imported.items.len());
        for (i, item) in self.backlog.items.iter().enumerate() {
            seen.add(i, item.external_id.as_deref(), title_key(&item.title));
        }
        let (state, shelved_on) = match &self.backlog.bankruptcy {
            Some(b) => (BacklogState::Shelved, Some(b.declared_on)),
            None => (BacklogState::Imported, None),
        };
        let mut already_there = 0;
        for raw in imported.items {
            let title = clean_owned(raw.title);
            if title.is_empty() {
                continue;
            }
            let external_id = raw.external_id.map(clean_owned).filter(|id| !id.is_empty());
            let key = title_key(&title);
            if let Some((i, how)) = seen.find(external_id.as_deref(), &key) {
                refresh(&mut self.backlog.items[i], raw.status, raw.updated, how);
                already_there += 1;
                continue;
            }
            seen.add(self.backlog.items.len(), external_id.as_deref(), key);
            self.backlog.items.push(BacklogItem {
                // Numbered below, all at once.
                id: BacklogItemId(0),
                title,
                description: clean_multiline(&raw.description),
                external_id,
                labels: raw.labels.into_iter().map(clean_owned).filter(|l| !l.is_empty()).collect(),
                section: clean_owned(raw.section),
                source_file: source_file.clone(),
                source_format: source_format.to_string(),
                created: raw.created,
                updated: raw.updated,
                done: raw.status == ItemStatus::Done,
                status: raw.status,
                state,
                shelved_on,
                rescued_as: None,
                changed: None,
                extra: crate::model::Extra::new(),
            });
        }
        let added = self.backlog.items.len() - existing;
        if added > 0 {
            // One pool of the ids in use: checking each new id against every item would make
            // a 100,000-row import quadratic.
            let mut pool = self.id_pool();
            for item in self.backlog.items.iter_mut().skip(existing) {
                item.id = BacklogItemId(pool.fresh());
            }
        }
        ImportReport { added, already_there, skipped: imported.skipped }
    }
}

#[cfg(test)]
mod import_tests {
    use super::*;
    use crate::model::Period;
    use jiff::{Timestamp, civil::date};

    fn workshop() -> Workshop {
        Workshop::new("w", "", Period::parse("2027-Q1").expect("period"), Timestamp::UNIX_EPOCH)
    }

    fn item(title: &str, id: Option<&str>) -> ImportedItem {
        ImportedItem { title: title.into(), external_id: id.map(Into::into), ..ImportedItem::default() }
    }

    fn imported(items: Vec<ImportedItem>) -> Imported {
        Imported { format: Format::JiraCsv, items, skipped: vec![Skipped { line: Some(9), reason: "no title".into() }] }
    }

    #[test]
    fn formats_have_names_and_aliases() {
        for f in Format::ALL {
            assert_eq!(Format::parse(f.name()), Some(f));
            assert_eq!(Format::parse(&f.name().to_uppercase()), Some(f));
        }
        assert_eq!(Format::parse(" md "), Some(Format::Markdown));
        assert_eq!(Format::parse("GH"), Some(Format::GithubJson));
        assert_eq!(Format::parse("jira"), Some(Format::JiraCsv));
        assert_eq!(Format::parse("xlsx"), None);
        assert_eq!(Format::GenericCsv.to_string(), "csv");
    }

    #[test]
    fn new_items_get_fresh_ids_and_their_source() {
        let mut w = workshop();
        let report = w.import_backlog(imported(vec![item("A", Some("OPS-1")), item("B", None)]), "/home/ada/exports/jira.csv");
        assert_eq!((report.added, report.already_there, report.skipped.len()), (2, 0, 1));
        let ids: Vec<u64> = w.backlog.items.iter().map(|i| i.id.0).collect();
        assert!(ids[0] != ids[1] && ids.iter().all(|id| crate::model::ids::is_random(*id)), "fresh random ids: {ids:?}");
        let first = &w.backlog.items[0];
        assert_eq!(
            (first.source_file.as_str(), first.source_format.as_str(), first.state),
            ("jira.csv", "jira-csv", BacklogState::Imported)
        );
    }

    #[test]
    fn duplicates_match_on_external_id_else_on_title() {
        let mut w = workshop();
        w.import_backlog(
            imported(vec![item("Fix login", Some("OPS-1")), item("Faster CI", None), item("Same title", Some("OPS-2"))]),
            "a.csv",
        );
        let again = vec![
            item("Fix login (renamed in Jira)", Some("OPS-1")),
            item("  faster   ci. ", None),
            item("Faster CI", Some("OPS-9")),
            item("Same title", Some("OPS-3")),
            item("same title", None),
        ];
        let report = w.import_backlog(imported(again), "a.csv");
        assert_eq!((report.added, report.already_there), (1, 4));
        assert_eq!(w.backlog.items.len(), 4);
        assert_eq!(w.backlog.items[0].title, "Fix login", "a duplicate never renames");
        assert_eq!(w.backlog.items[3].external_id.as_deref(), Some("OPS-3"), "two issues with one title are two issues");
    }

    #[test]
    fn duplicates_within_one_file_are_merged_too() {
        let mut w = workshop();
        let report = w.import_backlog(imported(vec![item("A", None), item("a!", None), item("B", None)]), "t.txt");
        assert_eq!((report.added, report.already_there), (2, 1));
    }

    #[test]
    fn a_duplicate_refreshes_done_and_updated_but_never_state() {
        let mut w = workshop();
        w.import_backlog(imported(vec![item("A", Some("K-1")), item("B", None)]), "a.csv");
        w.backlog.items[0].state = BacklogState::Rescued;
        let mut a = item("A", Some("K-1"));
        a.status = ItemStatus::Done;
        a.updated = Some(date(2025, 1, 2));
        let mut b = item("B", None);
        b.updated = Some(date(2020, 1, 1));
        w.import_backlog(imported(vec![a.clone(), b]), "a.csv");
        let first = &w.backlog.items[0];
        assert_eq!((first.done, first.updated, first.state), (true, Some(date(2025, 1, 2)), BacklogState::Rescued));
        a.status = ItemStatus::Open;
        a.updated = Some(date(2024, 1, 1));
        w.import_backlog(imported(vec![a]), "a.csv");
        assert_eq!((w.backlog.items[0].done, w.backlog.items[0].updated), (false, Some(date(2025, 1, 2))), "reopened; older date ignored");
        let mut plain = item("A", None);
        plain.status = ItemStatus::Open;
        w.backlog.items[0].status = ItemStatus::Done;
        w.import_backlog(imported(vec![plain]), "list.txt");
        assert!(w.backlog.items[0].done, "a title match only ever marks done");
    }

    #[test]
    fn a_late_import_goes_straight_to_the_shelf() {
        let mut w = workshop();
        w.import_backlog(imported(vec![item("Old", None)]), "a.csv");
        w.declare_bankruptcy(date(2026, 11, 21), "");
        w.import_backlog(imported(vec![item("Late", None)]), "b.csv");
        let late = &w.backlog.items[1];
        assert_eq!((late.state, late.shelved_on), (BacklogState::Shelved, Some(date(2026, 11, 21))));
    }

    #[test]
    fn text_is_cleaned_even_if_the_importer_did_not() {
        let mut w = workshop();
        let dirty = ImportedItem {
            title: "a\u{1b}[2J\u{202e}b".into(),
            description: "x\u{7}\r\ny".into(),
            labels: vec!["\u{9b}l".into(), "\u{7}".into()],
            external_id: Some("\u{1b}".into()),
            ..ImportedItem::default()
        };
        let report = w.import_backlog(imported(vec![dirty, item("\u{7}", None)]), "x\u{1b}.txt");
        assert_eq!(report.added, 1);
        let it = &w.backlog.items[0];
        assert_eq!(
            (it.title.as_str(), it.description.as_str(), it.labels.clone(), it.external_id.clone()),
            ("a[2Jb", "x\ny", vec!["l".to_string()], None)
        );
        assert_eq!(it.source_file, "x.txt");
    }

    #[test]
    fn the_summary_reads_well() {
        let report = ImportReport {
            added: 412,
            already_there: 0,
            skipped: [17, 40, 41].map(|l| Skipped { line: Some(l), reason: "no title".into() }).to_vec(),
        };
        assert_eq!(
            report.summary("/tmp/jira-export.csv"),
            "Imported 412 items from jira-export.csv (3 skipped: no title on lines 17, 40, 41)"
        );
        let report = ImportReport { added: 1, already_there: 5, skipped: vec![] };
        assert_eq!(report.summary("a.md"), "Imported 1 item from a.md (5 already there)");
        let many: Vec<Skipped> = (1..=8)
            .map(|l| Skipped { line: Some(l), reason: "no title".into() })
            .chain([Skipped { line: None, reason: "odd".into() }])
            .collect();
        assert_eq!(Skipped::describe(&many), "no title on lines 1, 2, 3, 4, 5 and 3 more; odd");
    }
}

#[cfg(test)]
mod short_id_tests {
    use super::*;

    #[test]
    fn short_ids_fit_a_narrow_column() {
        let mut item = BacklogItem {
            id: BacklogItemId(1),
            title: "t".into(),
            description: String::new(),
            external_id: Some("acme/web#57".into()),
            labels: vec![],
            section: String::new(),
            source_file: String::new(),
            source_format: String::new(),
            created: None,
            updated: None,
            done: false,
            status: ItemStatus::Open,
            state: BacklogState::Imported,
            shelved_on: None,
            rescued_as: None,
            changed: None,
            extra: crate::model::Extra::new(),
        };
        assert_eq!(item.short_id(), "#57");
        item.external_id = Some("https://trello.com/c/AbCd1234/".into());
        assert_eq!(item.short_id(), "AbCd1234");
        item.external_id = Some("PAY-12".into());
        assert_eq!(item.short_id(), "PAY-12");
        item.external_id = None;
        assert_eq!(item.short_id(), "");
    }
}
