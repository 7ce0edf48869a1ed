//! Proposals: initiatives an engineer drafts alone (`quarterdeck propose`), kept in a small
//! JSON file of their own and merged into a workshop later without duplicates. The file
//! format, its parsing (every file is untrusted) and the merge; no I/O here (see
//! `store::proposal` for reading and writing the files).

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use super::backlog::title_key;
use super::ids::{InitiativeId, ParticipantId};
use super::initiative::{Initiative, InitiativeSource, ProposalOrigin, Size};
use super::period::Period;
use super::text::{cap_chars, clean_line};
use super::workshop::Workshop;

mod parse;
use parse::tidy;
pub use parse::{ProposalError, parse_proposal};

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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
        }
    }

    /// From a workshop used as a drafting pad (the drafting screen edits a workshop in
    /// memory whose initiatives are the draft): title, description, size, impact, cost and
    /// creation time of each initiative, with the initiatives' ids. Empty titles are left out.
    pub fn from_draft(id: &str, author: &str, created: Timestamp, draft: &Workshop) -> Self {
        let initiatives = draft
            .initiatives
            .iter()
            .filter_map(|i| {
                tidy(ProposedInitiative {
                    id: i.id.0,
                    title: i.title.clone(),
                    description: i.description.clone(),
                    size: i.size,
                    impact: i.impact,
                    cost: i.cost,
                    created: i.created,
                })
            })
            .collect();
        Self {
            quarterdeck_proposal: PROPOSAL_VERSION,
            id: cap_chars(clean_line(id), MAX_ID_CHARS),
            author: cap_chars(clean_line(author), MAX_AUTHOR_CHARS),
            created,
            initiatives,
        }
    }

    /// And back, to reopen a draft: a workshop named "Proposal by AUTHOR" whose one
    /// participant is the author, holding the proposal's initiatives (same ids), authored by
    /// them, source proposal. Its period is the quarter of `now`.
    pub fn to_draft(&self, now: Timestamp) -> Workshop {
        let author = cap_chars(clean_line(&self.author), MAX_AUTHOR_CHARS);
        let name = if author.is_empty() { "Proposal".to_string() } else { format!("Proposal by {author}") };
        let today = now.to_zoned(TimeZone::UTC).date();
        let mut draft = Workshop::new(&name, "", Period::quarter_of(today), now);
        draft.initiatives = self
            .initiatives
            .iter()
            .filter_map(|p| tidy(p.clone()))
            .map(|p| Initiative {
                id: InitiativeId(p.id),
                title: p.title,
                description: p.description,
                author: None,
                source: InitiativeSource::Proposal,
                size: p.size,
                impact: p.impact,
                cost: p.cost,
                votes: BTreeMap::new(),
                theme: None,
                rescued_from: None,
                proposal: None,
                hidden: false,
                status: crate::model::InitiativeStatus::NotStarted,
                status_changed: None,
                created: p.created,
                changed: None,
                extra: crate::model::Extra::new(),
            })
            .collect();
        // After the initiatives, so the author's id is not one of theirs.
        if let Some(me) = draft.add_participant(&author) {
            draft.initiatives.iter_mut().for_each(|i| i.author = Some(me));
        }
        draft
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

/// What merging one proposal did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeReport {
    /// New initiatives in the workshop.
    pub added: usize,
    /// Initiatives of the proposal the workshop already had (merged before, or the same
    /// author's with the same title).
    pub already_there: usize,
    /// The proposal's author, or "anonymous".
    pub author: String,
}

impl MergeReport {
    /// One line for people: "Merged 4 initiatives by Ada from ada.json (2 already there)".
    pub fn summary(&self, file: &str) -> String {
        let file = base_name(file);
        let noun = |n: usize| if n == 1 { "initiative" } else { "initiatives" };
        match (self.added, self.already_there) {
            (0, 0) => format!("Nothing to merge from {file}: the proposal by {} has no initiatives", self.author),
            (0, there) => {
                format!("Nothing new from {file}: its {there} {} by {} {} already there", noun(there), self.author, is_are(there))
            }
            (added, 0) => format!("Merged {added} {} by {} from {file}", noun(added), self.author),
            (added, there) => format!("Merged {added} {} by {} from {file} ({there} already there)", noun(added), self.author),
        }
    }
}

fn is_are(n: usize) -> &'static str {
    if n == 1 { "is" } else { "are" }
}

/// The file name alone (never a full path), safe to show.
fn base_name(file: &str) -> String {
    let name = clean_line(file.rsplit(['/', '\\']).next().unwrap_or(file));
    if name.is_empty() { "the proposal file".to_string() } else { name }
}

impl Workshop {
    /// Adds the proposal's initiatives, each once. The author becomes a participant (found
    /// by name in any case, or added; a removed participant of that name is revived) when
    /// anything is added; an empty author merges as anonymous. New initiatives have source
    /// proposal and remember where they came from (author, file name, `today`, proposal id
    /// and initiative id), so merging the same proposal again — even renamed or edited
    /// since — adds nothing; an initiative of the same author with the same normalised
    /// title also counts as already there. Hidden while silent mode is on, like any
    /// capture. Impact and cost guesses carry over.
    pub fn merge_proposal(&mut self, proposal: &Proposal, file_name: &str, today: Date) -> MergeReport {
        let file = base_name(file_name);
        let author = cap_chars(clean_line(&proposal.author), MAX_AUTHOR_CHARS);
        let proposal_id = cap_chars(clean_line(&proposal.id), MAX_ID_CHARS);
        let known = (!author.is_empty()).then(|| self.participants.iter().find(|p| p.name.eq_ignore_ascii_case(&author))).flatten();
        let known = known.map(|p| p.id);

        let mut merged: HashSet<(&str, u64)> = HashSet::new();
        let mut titles: HashSet<String> = HashSet::new();
        for i in &self.initiatives {
            if let Some(origin) = &i.proposal
                && let Some(n) = origin.initiative_id
                && !origin.proposal_id.is_empty()
            {
                merged.insert((origin.proposal_id.as_str(), n));
            }
            let by_origin = i.proposal.as_ref().map(|o| o.author.as_str());
            let same_author = if author.is_empty() {
                i.author.is_none() && by_origin.is_none_or(str::is_empty)
            } else {
                (known.is_some() && i.author == known) || by_origin.is_some_and(|a| a.eq_ignore_ascii_case(&author))
            };
            if same_author {
                titles.insert(title_key(&i.title));
            }
        }

        let mut fresh: Vec<ProposedInitiative> = Vec::new();
        let mut already_there = 0;
        for p in &proposal.initiatives {
            let Some(p) = tidy(p.clone()) else { continue };
            let by_id = !proposal_id.is_empty() && merged.contains(&(proposal_id.as_str(), p.id));
            // Inserting also catches a title repeated within the proposal.
            if by_id || !titles.insert(title_key(&p.title)) {
                already_there += 1;
                continue;
            }
            fresh.push(p);
        }

        let shown = if author.is_empty() { "anonymous".to_string() } else { author.clone() };
        if fresh.is_empty() {
            return MergeReport { added: 0, already_there, author: shown };
        }
        let author_id: Option<ParticipantId> = self.add_participant(&author);
        let added = fresh.len();
        let mut pool = self.id_pool();
        let hidden = self.silent_mode;
        for p in fresh {
            self.initiatives.push(Initiative {
                id: InitiativeId(pool.fresh()),
                title: p.title,
                description: p.description,
                author: author_id,
                source: InitiativeSource::Proposal,
                size: p.size,
                impact: p.impact,
                cost: p.cost,
                votes: BTreeMap::new(),
                theme: None,
                rescued_from: None,
                proposal: Some(ProposalOrigin {
                    author: author.clone(),
                    file: file.clone(),
                    merged_on: today,
                    proposal_id: proposal_id.clone(),
                    initiative_id: Some(p.id),
                    extra: crate::model::Extra::new(),
                }),
                hidden,
                status: crate::model::InitiativeStatus::NotStarted,
                status_changed: None,
                created: p.created,
                changed: None,
                extra: crate::model::Extra::new(),
            });
        }
        MergeReport { added, already_there, author: shown }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
        assert_eq!(report, MergeReport { added: 2, already_there: 0, author: "Ada".into() });
        assert_eq!(report.summary("/home/ada/proposals/ada.json"), "Merged 2 initiatives by Ada from ada.json");
        let ada = w.participants.iter().find(|p| p.name == "Ada").expect("participant").id;
        for (i, n) in w.initiatives.iter().zip(1..) {
            assert_eq!((i.author, i.source, i.size, i.impact), (Some(ada), InitiativeSource::Proposal, Size::Medium, Some(4)));
            let origin = i.proposal.as_ref().expect("origin");
            assert_eq!(
                origin,
                &ProposalOrigin {
                    author: "Ada".into(),
                    file: "ada.json".into(),
                    merged_on: date(2027, 1, 5),
                    proposal_id: "p1".into(),
                    initiative_id: Some(n),
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
        assert_eq!((report.added, report.already_there), (1, 1));
        assert_eq!(report.summary("ada.json"), "Merged 1 initiative by Ada from ada.json (1 already there)");

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
            source: InitiativeSource::Team,
            size: Size::Small,
            impact: None,
            cost: None,
            votes: BTreeMap::new(),
            theme: None,
            rescued_from: None,
            proposal: None,
            hidden: false,
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
            "Nothing to merge from x.json: the proposal by Ada has no initiatives"
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
