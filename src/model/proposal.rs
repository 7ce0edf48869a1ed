//! Proposals: initiatives, key results and objectives an engineer drafts alone
//! (`quarterdeck propose`), kept in a small JSON file of their own and merged into a
//! workshop later without duplicates. The file format and what merging reports; reading a
//! file (every file is untrusted) is `proposal/parse.rs`, drafting `proposal/draft.rs`, the
//! merge `proposal/merge.rs`. No I/O here (see `store::proposal` for the files).

use std::sync::atomic::{AtomicU64, Ordering};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::initiative::Size;
use super::objective::KeyResultKind;
use super::text::{cap_chars, clean_line};

mod draft;
mod merge;
mod parse;
mod rebase;
pub use draft::{HOLDER_TITLE, is_holder};
pub use parse::{ProposalError, parse_proposal};
pub use rebase::Rebased;

/// The proposal file format this program writes and reads. Newer files are refused.
pub const PROPOSAL_VERSION: u32 = 1;

/// Longest title kept, in characters (as everywhere a title enters); a longer one is cut
/// and kept whole at the head of the description.
pub use super::text::MAX_TITLE_CHARS;
/// Longest description kept, in bytes.
pub const MAX_DESCRIPTION_BYTES: usize = 64 * 1024;
/// Longest author name kept, in characters.
pub const MAX_AUTHOR_CHARS: usize = 100;
/// Longest proposal id kept, in characters.
const MAX_ID_CHARS: usize = 100;
/// Longest piece of a parser's message quoted in an error.
const MAX_MESSAGE_CHARS: usize = 200;

/// What one engineer drafted alone, as saved in a proposal file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    /// The format version; also how a proposal file is recognised.
    pub quarterdeck_proposal: u32,
    /// Made once when the draft starts, so that two people's drafts never collide and a
    /// proposal merged twice (even renamed) is recognised.
    pub id: String,
    pub author: String,
    pub created: Timestamp,
    #[serde(default)]
    pub initiatives: Vec<ProposedInitiative>,
    /// Objectives proposed for the team's OKRs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<ProposedObjective>,
    /// Key results proposed, under a proposed objective or for one of the team's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key_results: Vec<ProposedKeyResult>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProposedInitiative {
    /// Stable within the proposal, whatever is edited later.
    pub id: u64,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default)]
    pub size: Size,
    /// The author's guess, 1–5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<u8>,
    /// The author's guess, 1–5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<u8>,
    pub created: Timestamp,
    /// Who it is by, when not the proposal's author (drafted with a colleague).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub author: String,
    /// Proposed anonymously: it arrives without an author.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub anonymous: bool,
}

/// An objective proposed for the team's OKRs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProposedObjective {
    /// Stable within the proposal.
    pub id: u64,
    pub title: String,
    /// The problem it solves.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rationale: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub author: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub anonymous: bool,
}

/// A key result proposed for the team's OKRs: its description and its numbers (read from
/// the description as step 4 reads it when the file does not give them).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProposedKeyResult {
    /// Stable within the proposal.
    pub id: u64,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<KeyResultKind>,
    /// The proposed objective it is written under (its id in this proposal), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objective: Option<u64>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub author: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub anonymous: bool,
}

impl ProposedInitiative {
    /// The initiative it becomes in a workshop (source proposal, unscored guesses kept).
    pub(crate) fn initiative(
        self,
        id: crate::model::InitiativeId,
        author: Option<crate::model::ParticipantId>,
    ) -> crate::model::Initiative {
        crate::model::Initiative {
            id,
            title: self.title,
            description: self.description,
            author,
            source: crate::model::InitiativeSource::Proposal,
            size: self.size,
            impact: self.impact,
            cost: self.cost,
            created: self.created,
            ..crate::model::Initiative::default()
        }
    }
}

impl Proposal {
    /// An empty proposal with a fresh id.
    pub fn new(author: &str, now: Timestamp) -> Self {
        Self {
            quarterdeck_proposal: PROPOSAL_VERSION,
            id: fresh_id(now),
            author: cap_chars(clean_line(author), MAX_AUTHOR_CHARS),
            created: now,
            initiatives: Vec::new(),
            objectives: Vec::new(),
            key_results: Vec::new(),
        }
    }

    /// How many things it proposes.
    pub fn len(&self) -> usize {
        self.initiatives.len() + self.objectives.len() + self.key_results.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// `{time}-{process}-{n}` in hex: distinct for two people (different times and processes)
/// and for two drafts started by one program in the same nanosecond.
fn fresh_id(now: Timestamp) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    // Nanoseconds since 1970 fit in 64 bits until 2554; the wrap after that is harmless.
    let nanos = now.as_nanosecond() as u64;
    format!("{nanos:x}-{:x}-{n:x}", std::process::id())
}

/// A short, stable fingerprint of some texts (FNV-1a, 64 bits, in hex): the same in every
/// build and on every machine, so a file merged on one clone is recognised on another.
pub(crate) fn fingerprint(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0x1f]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// What merging one proposal did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// New initiatives in the workshop.
    pub added: usize,
    /// New key results and objectives, as candidates on step 4.
    pub proposed: usize,
    /// Items merged before that the proposal changed since and the room had not: updated.
    pub updated: usize,
    /// Items merged before that both the proposal and the room changed: left as the room has
    /// them.
    pub skipped: usize,
    /// Items merged before and deleted from the proposal since, which the room had not
    /// worked on: removed.
    pub removed: usize,
    /// Items merged before and deleted from the proposal since, which the room worked on
    /// (voted, grouped, linked, accepted): kept.
    pub kept: usize,
    /// Items of the proposal the workshop already had as they are (merged before, or the
    /// same author's with the same title).
    pub already_there: usize,
    /// The proposal's author, or "anonymous".
    pub author: String,
    /// Whether the proposal holds initiatives only (so the summary can call them that).
    pub initiatives_only: bool,
}

impl MergeReport {
    /// One line for people: "Merged 4 initiatives by Ada from ada.json (2 already there)",
    /// with what was updated, skipped, removed or kept when merging it again.
    pub fn summary(&self, file: &str) -> String {
        let file = base_name(file);
        let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        // Additions alone read as they always did; a merge that also changed what was there
        // says each thing it did.
        let changed = self.updated + self.removed > 0;
        let mut did = Vec::new();
        if self.added > 0 {
            let added = count(self.added, "initiative", "initiatives");
            did.push(if changed { format!("{added} added") } else { added });
        }
        if self.proposed > 0 {
            did.push(format!("{} for step 4", count(self.proposed, "key result or objective", "key results and objectives")));
        }
        if self.updated > 0 {
            did.push(format!("{} updated", self.updated));
        }
        if self.removed > 0 {
            did.push(format!("{} removed as deleted from the proposal", self.removed));
        }
        let mut notes = Vec::new();
        if self.skipped > 0 {
            notes.push(format!("{} skipped: changed here since the last merge", self.skipped));
        }
        if self.kept > 0 {
            notes.push(format!(
                "{} kept though deleted from the proposal: the room worked on {}",
                self.kept,
                if self.kept == 1 { "it" } else { "them" }
            ));
        }
        if self.already_there > 0 {
            notes.push(format!("{} already there", self.already_there));
        }
        let notes = if notes.is_empty() { String::new() } else { format!(" ({})", notes.join("; ")) };
        if changed {
            return format!("Merged {file} by {}: {}{notes}", self.author, did.join(", "));
        }
        if !did.is_empty() {
            return format!("Merged {} by {} from {file}{notes}", did.join(", "), self.author);
        }
        let things = |n: usize| if self.initiatives_only { count(n, "initiative", "initiatives") } else { count(n, "item", "items") };
        match (self.already_there, self.skipped + self.kept) {
            (0, 0) => format!("Nothing to merge from {file}: the proposal by {} is empty", self.author),
            (there, 0) => format!(
                "Nothing new from {file}: its {} by {} {} already there",
                things(there),
                self.author,
                if there == 1 { "is" } else { "are" }
            ),
            _ => format!("Nothing merged from {file} by {}{notes}", self.author),
        }
    }
}

/// The file name alone (never a full path), safe to show.
fn base_name(file: &str) -> String {
    let name = clean_line(file.rsplit(['/', '\\']).next().unwrap_or(file));
    if name.is_empty() { "the proposal file".to_string() } else { name }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::{Initiative, InitiativeId, InitiativeSource, Period, ProposalOrigin, Workshop};
    use jiff::civil::date;

    fn at(text: &str) -> Timestamp {
        text.parse().expect("timestamp")
    }

    fn workshop() -> Workshop {
        Workshop::new("Platform", "Infra", Period::parse("2027-Q1").expect("period"), at("2027-01-04T09:00:00Z"))
    }

    fn proposal(author: &str, id: &str, titles: &[&str]) -> Proposal {
        let mut p = Proposal::new(author, at("2027-01-02T10:00:00Z"));
        p.id = id.to_string();
        p.initiatives = titles
            .iter()
            .zip(1..)
            .map(|(t, n)| ProposedInitiative {
                id: n,
                title: (*t).to_string(),
                description: String::new(),
                size: Size::Medium,
                impact: Some(4),
                cost: None,
                created: at("2027-01-02T10:00:00Z"),
                ..ProposedInitiative::default()
            })
            .collect();
        p
    }

    fn parse(text: &str) -> Result<Proposal, ProposalError> {
        parse_proposal("ada.json", text.as_bytes())
    }

    #[test]
    fn fresh_ids_differ_even_in_the_same_instant() {
        let now = at("2027-01-02T10:00:00Z");
        let (a, b) = (Proposal::new("Ada", now), Proposal::new("Ada", now));
        assert_ne!(a.id, b.id);
        assert!(a.id.chars().all(|c| c.is_ascii_hexdigit() || c == '-'), "{}", a.id);
        assert_eq!(a.quarterdeck_proposal, PROPOSAL_VERSION);
    }

    #[test]
    fn a_minimal_file_parses_with_defaults() {
        let p = parse(
            r#"{"quarterdeck_proposal": 1, "author": "Ada", "created": "2027-01-02T10:00:00Z",
            "initiatives": [{"title": "Faster CI"}, {"id": 7, "title": "Build cache", "size": "large", "impact": 3}]}"#,
        )
        .expect("parses");
        assert_eq!(p.id, "");
        let ids: Vec<u64> = p.initiatives.iter().map(|i| i.id).collect();
        assert_eq!(ids, [8, 7], "missing ids are numbered after the highest");
        assert_eq!(p.initiatives[0].created, p.created);
        assert_eq!((p.initiatives[0].size, p.initiatives[1].size), (Size::Small, Size::Large));
        assert_eq!(p.initiatives[1].impact, Some(3));
    }

    #[test]
    fn repeated_ids_are_renumbered_the_same_way_every_time() {
        let text = r#"{"quarterdeck_proposal": 1, "created": "2027-01-02T10:00:00Z",
            "initiatives": [{"id": 2, "title": "a"}, {"id": 2, "title": "b"}, {"id": 3, "title": "c"}]}"#;
        let ids: Vec<u64> = parse(text).expect("parses").initiatives.iter().map(|i| i.id).collect();
        assert_eq!(ids, [2, 4, 3]);
    }

    #[test]
    fn scores_are_clamped_and_titles_cleaned() {
        let p = parse(r#"{"quarterdeck_proposal": 1, "author": " A\u001b[2Jda\u202e ", "created": "2027-01-02T10:00:00Z",
            "initiatives": [{"title": "x\u0000y\u009b", "impact": 200, "cost": -4}, {"title": " \u0007 "}, {"title": "z", "impact": 2.6}]}"#)
        .expect("parses");
        assert_eq!(p.author, "A[2Jda");
        assert_eq!(p.initiatives.len(), 2, "the empty title is dropped");
        assert_eq!((p.initiatives[0].title.as_str(), p.initiatives[0].impact, p.initiatives[0].cost), ("xy", Some(5), Some(1)));
        assert_eq!(p.initiatives[1].impact, Some(3));
    }

    #[test]
    fn long_titles_are_cut_and_kept_whole_in_the_description() {
        let long = "word ".repeat(100);
        let text = format!(
            r#"{{"quarterdeck_proposal": 1, "created": "2027-01-02T10:00:00Z", "initiatives": [{{"title": "{long}", "description": "why"}}]}}"#
        );
        let i = &parse(&text).expect("parses").initiatives[0];
        assert_eq!(i.title.chars().count(), MAX_TITLE_CHARS);
        assert!(i.title.ends_with('…'));
        assert_eq!(i.description, format!("{}\n\nwhy", long.trim_end()));
    }

    #[test]
    fn errors_are_one_sentence_naming_the_file() {
        let e = parse(r#"{"schema_version": 1, "name": "Platform"}"#).expect_err("a workshop");
        assert_eq!(e.to_string(), "ada.json is not a Quarterdeck proposal (it looks like a workshop: open it with `quarterdeck open`)");
        let e = parse(r#"{"quarterdeck_proposal": 3}"#).expect_err("newer");
        assert_eq!(
            e.to_string(),
            "ada.json was written by a newer Quarterdeck (proposal format 3, this one reads 1); update Quarterdeck to merge it"
        );
        let e = parse("{\n  \"quarterdeck_proposal\": 1,\n  oops\n}").expect_err("malformed");
        assert!(matches!(e, ProposalError::Json { line: 3, column: 3, .. }), "{e:?}");
        let e = parse(r#"{"quarterdeck_proposal": 1, "created": "2027-01-02T10:00:00Z", "initiatives": [{"title": "a", "size": "huge"}]}"#)
            .expect_err("unknown size");
        assert!(e.to_string().contains("unknown variant `huge`"), "{e}");
        assert!(matches!(e, ProposalError::Invalid { line: 1, .. }), "{e:?}");
        let e = parse(r#"{"quarterdeck_proposal": 0}"#).expect_err("zero");
        assert!(e.to_string().contains("must be a whole number from 1, not 0"), "{e}");
        let e = parse(r#"{"quarterdeck_proposal": "1"}"#).expect_err("string");
        assert!(e.to_string().contains("not a string"), "{e}");
        assert_eq!(
            parse_proposal("a.json", b"\xFF\xFE{\0}").expect_err("utf16").to_string(),
            "a.json is UTF-16 text; save it as UTF-8 and merge it again"
        );
    }

    #[test]
    fn error_messages_quote_nothing_hostile() {
        let evil = "\u{1b}]0;pwn\u{7}".repeat(1000);
        let text = format!(
            r#"{{"quarterdeck_proposal": 1, "created": "2027-01-02T10:00:00Z", "initiatives": [{{"title": "a", "size": "{evil}"}}]}}"#
        );
        let e = parse(&text).expect_err("unknown size").to_string();
        assert!(!e.contains('\u{1b}') && !e.contains('\u{7}'), "{e}");
        assert!(e.chars().count() < 400, "{e}");
        let e = parse_proposal("a\u{1b}[2J.json\n", b"").expect_err("empty").to_string();
        assert_eq!(e, "a[2J.json is empty; ask its author to save the proposal again");
    }

    #[test]
    fn drafts_round_trip() {
        let mut p = proposal("Ada", "abc", &["Faster CI", "Build cache"]);
        p.initiatives[1].description = "Shared.\nRemote.".into();
        p.initiatives[1].id = 9;
        let draft = p.to_draft(at("2027-02-01T00:00:00Z"));
        assert_eq!(draft.name, "Proposal by Ada");
        assert_eq!(draft.period.label, "2027-Q1");
        assert_eq!(draft.participants.len(), 1);
        let me = draft.participants[0].id;
        assert!(draft.initiatives.iter().all(|i| i.author == Some(me) && i.source == InitiativeSource::Proposal));
        assert!(draft.initiatives.iter().all(|i| i.id.0 != me.0), "the author's id is not an initiative's");
        let back = Proposal::from_draft(&p.id, &p.author, p.created, &draft);
        assert_eq!(back, p);
    }

    #[test]
    fn drafting_after_reopening_gets_new_ids() {
        let p = proposal("Ada", "abc", &["one", "two"]);
        let mut draft = p.to_draft(at("2027-02-01T00:00:00Z"));
        let id = draft.allocate_id();
        assert!(p.initiatives.iter().all(|i| i.id != id));
    }

    #[test]
    fn merge_adds_each_once_with_its_author() {
        let mut w = workshop();
        let p = proposal("Ada", "p1", &["Faster CI", "Build cache"]);
        let report = w.merge_proposal(&p, "/home/ada/proposals/ada.json", date(2027, 1, 5));
        assert_eq!(report, MergeReport { added: 2, author: "Ada".into(), initiatives_only: true, ..MergeReport::default() });
        assert_eq!(report.summary("/home/ada/proposals/ada.json"), "Merged 2 initiatives by Ada from ada.json");
        let ada = w.participants.iter().find(|p| p.name == "Ada").expect("participant").id;
        for (i, n) in w.initiatives.iter().zip(1..) {
            assert_eq!((i.author, i.source, i.size, i.impact), (Some(ada), InitiativeSource::Proposal, Size::Medium, Some(4)));
            let origin = i.proposal.as_ref().expect("origin");
            assert_eq!(origin.fingerprint.len(), 16, "what it said when merged");
            assert_eq!(
                origin,
                &ProposalOrigin {
                    author: "Ada".into(),
                    file: "ada.json".into(),
                    merged_on: date(2027, 1, 5),
                    proposal_id: "p1".into(),
                    initiative_id: Some(n),
                    fingerprint: origin.fingerprint.clone(),
                    extra: crate::model::Extra::new(),
                }
            );
        }
        let again = w.merge_proposal(&p, "renamed.json", date(2027, 1, 6));
        assert_eq!((again.added, again.already_there), (0, 2));
        assert_eq!(again.summary("renamed.json"), "Nothing new from renamed.json: its 2 initiatives by Ada are already there");
        assert_eq!(w.initiatives.len(), 2);
    }

    #[test]
    fn ids_match_even_after_edits_and_titles_match_without_ids() {
        let mut w = workshop();
        let mut p = proposal("Ada", "p1", &["Faster CI"]);
        w.merge_proposal(&p, "ada.json", date(2027, 1, 5));
        p.initiatives[0].title = "Much faster CI".into();
        p.initiatives.push(ProposedInitiative { id: 2, title: "New idea".into(), ..p.initiatives[0].clone() });
        let report = w.merge_proposal(&p, "ada.json", date(2027, 1, 6));
        assert_eq!((report.added, report.updated, report.already_there), (1, 1, 0));
        assert_eq!(report.summary("ada.json"), "Merged ada.json by Ada: 1 initiative added, 1 updated");
        assert_eq!(w.initiatives[0].title, "Much faster CI", "the room had not changed it");

        // A hand-made copy without an id still matches by author and title.
        let copy = proposal("ada", "", &["new  IDEA!"]);
        assert_eq!(w.merge_proposal(&copy, "copy.json", date(2027, 1, 6)).added, 0);
        // Another author with the same title is someone else's idea.
        let grace = proposal("Grace", "p2", &["New idea", "Faster CI"]);
        assert_eq!(w.merge_proposal(&grace, "grace.json", date(2027, 1, 6)).added, 2);
        assert_eq!(w.participants.len(), 2);
    }

    #[test]
    fn a_title_already_captured_by_the_author_counts_as_there() {
        let mut w = workshop();
        let ada = w.add_participant("Ada").expect("id");
        let id = InitiativeId(w.allocate_id());
        w.initiatives.push(Initiative {
            id,
            title: "Faster CI".into(),
            description: String::new(),
            author: Some(ada),
            co_authors: Vec::new(),
            source: InitiativeSource::Team,
            size: Size::Small,
            impact: None,
            cost: None,
            votes: BTreeMap::new(),
            theme: None,
            rescued_from: None,
            proposal: None,
            hidden: false,
            capacity: None,
            status: crate::model::InitiativeStatus::NotStarted,
            status_changed: None,
            created: at("2027-01-04T09:00:00Z"),
            changed: None,
            extra: crate::model::Extra::new(),
        });
        let report = w.merge_proposal(&proposal("ADA", "p1", &["faster ci", "faster ci."]), "ada.json", date(2027, 1, 5));
        assert_eq!((report.added, report.already_there), (0, 2));
    }

    #[test]
    fn removed_authors_are_revived_only_when_something_is_added() {
        let mut w = workshop();
        let p = proposal("Ada", "p1", &["one"]);
        w.merge_proposal(&p, "ada.json", date(2027, 1, 5));
        let ada = w.participants[0].id;
        w.participants[0].removed = true;
        w.merge_proposal(&p, "ada.json", date(2027, 1, 5));
        assert!(w.participants[0].removed, "nothing added, nothing revived");
        w.merge_proposal(&proposal("ada", "p2", &["two"]), "ada-2.json", date(2027, 1, 5));
        assert!(!w.participants[0].removed);
        assert_eq!(w.initiatives[1].author, Some(ada));
    }

    #[test]
    fn anonymous_proposals_merge_as_anonymous() {
        let mut w = workshop();
        let report = w.merge_proposal(&proposal("  ", "p1", &["one"]), "proposal.json", date(2027, 1, 5));
        assert_eq!(report.author, "anonymous");
        assert!(w.participants.is_empty());
        assert_eq!(w.initiatives[0].author, None);
        let empty = proposal("Ada", "p2", &[]);
        assert_eq!(
            w.merge_proposal(&empty, "x.json", date(2027, 1, 5)).summary("x.json"),
            "Nothing to merge from x.json: the proposal by Ada is empty"
        );
    }

    #[test]
    fn silent_mode_hides_merged_initiatives_and_ids_stay_unique() {
        let mut w = workshop();
        w.silent_mode = true;
        w.add_participant("Linus");
        w.merge_proposal(&proposal("Ada", "p1", &["one", "two", "three"]), "ada.json", date(2027, 1, 5));
        assert!(w.initiatives.iter().all(|i| i.hidden));
        let mut ids: Vec<u64> = w.participants.iter().map(|p| p.id.0).chain(w.initiatives.iter().map(|i| i.id.0)).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 5);
        assert!(!ids.contains(&w.allocate_id()));
    }
}
