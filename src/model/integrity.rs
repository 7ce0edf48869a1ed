//! What a workshop file can get wrong that its shape does not show: two items of one kind
//! with the same id (an edit would land on the wrong one), and links to items that are not
//! there. Files get these from hand edits and from merges made without Quarterdeck's merge
//! driver. The store refuses duplicates on load; `check` reports both.

// Seeded per process as the standard one is, and several times faster on ids.
use foldhash::HashSet;
use std::fmt::Display;

use super::Workshop;

/// An id that more than one item of one kind carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// As people read it: `I7F3Q2M9`.
    pub id: String,
    /// As the file writes it (`"7F3Q2M9A"` or `12`), to find its lines.
    pub written: String,
    pub count: usize,
}

/// A link from one item to an item that is not in the workshop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dangling {
    /// The item holding the link: `KR7F3Q2M9`.
    pub from: String,
    /// What the link is: `theme`, `initiatives`, `owners`, `author`, `votes`.
    pub link: &'static str,
    /// The id it points to.
    pub to: String,
    /// As the file writes the item holding the link, to find its line.
    pub written: String,
}

fn duplicates_among<T: Display + serde::Serialize + Ord + Copy>(ids: impl Iterator<Item = T>, out: &mut Vec<Duplicate>) {
    // Sorted, equal ids stand together (10,000 backlog ids are checked at every load).
    let mut ids: Vec<T> = ids.collect();
    ids.sort_unstable();
    for run in ids.chunk_by(|a, b| a == b).filter(|run| run.len() > 1) {
        out.push(Duplicate { id: run[0].to_string(), written: written(&run[0]), count: run.len() });
    }
}

fn written(id: &impl serde::Serialize) -> String {
    serde_json::to_string(id).unwrap_or_default()
}

/// Every id shared by two or more items of one kind.
pub fn duplicate_ids(w: &Workshop) -> Vec<Duplicate> {
    let mut out = Vec::new();
    duplicates_among(w.participants.iter().map(|p| p.id), &mut out);
    duplicates_among(w.backlog.items.iter().map(|b| b.id), &mut out);
    duplicates_among(w.initiatives.iter().map(|i| i.id), &mut out);
    duplicates_among(w.themes.iter().map(|t| t.id), &mut out);
    duplicates_among(w.objectives.iter().map(|o| o.id), &mut out);
    duplicates_among(w.objectives.iter().flat_map(|o| &o.key_results).map(|k| k.id), &mut out);
    duplicates_among(w.commitments.iter().map(|c| c.id), &mut out);
    out
}

/// Every link to an item that is not there.
pub fn dangling_links(w: &Workshop) -> Vec<Dangling> {
    let people: HashSet<u64> = w.participants.iter().map(|p| p.id.0).collect();
    let themes: HashSet<u64> = w.themes.iter().map(|t| t.id.0).collect();
    let initiatives: HashSet<u64> = w.initiatives.iter().map(|i| i.id.0).collect();
    let mut out = Vec::new();
    let mut check = |from: &dyn DisplayId, link: &'static str, to: &dyn DisplayId, known: &HashSet<u64>| {
        if !known.contains(&to.number()) {
            out.push(Dangling { from: from.shown(), link, to: to.shown(), written: from.written() });
        }
    };
    for i in &w.initiatives {
        if let Some(t) = &i.theme {
            check(&i.id, "theme", t, &themes);
        }
        if let Some(p) = &i.author {
            check(&i.id, "author", p, &people);
        }
        for p in i.votes.keys() {
            check(&i.id, "votes", p, &people);
        }
    }
    for o in &w.objectives {
        if let Some(t) = &o.theme {
            check(&o.id, "theme", t, &themes);
        }
        for p in &o.owners {
            check(&o.id, "owners", p, &people);
        }
        for k in &o.key_results {
            for i in &k.initiatives {
                check(&k.id, "initiatives", i, &initiatives);
            }
            for p in &k.owners {
                check(&k.id, "owners", p, &people);
            }
        }
    }
    out
}

/// An id of any kind, as the checks above need it.
trait DisplayId {
    fn number(&self) -> u64;
    fn shown(&self) -> String;
    fn written(&self) -> String;
}

macro_rules! display_id {
    ($($name:ident),*) => {$(
        impl DisplayId for super::$name {
            fn number(&self) -> u64 {
                self.0
            }
            fn shown(&self) -> String {
                self.to_string()
            }
            fn written(&self) -> String {
                written(self)
            }
        }
    )*};
}

display_id!(ParticipantId, ThemeId, InitiativeId, ObjectiveId, KeyResultId);

/// The 1-based lines of pretty-printed JSON `text` where an item with the id written as
/// `written` starts (its `"id": …` line).
pub fn lines_of_id(text: &[u8], written: &str) -> Vec<usize> {
    let wanted = format!("\"id\": {written}");
    text.split(|b| *b == b'\n')
        .enumerate()
        .filter(|(_, line)| {
            let line = String::from_utf8_lossy(line);
            let line = line.trim().trim_end_matches(',');
            line == wanted
        })
        .map(|(n, _)| n + 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Capture, KeyResultDraft, ObjectiveDraft, Period, ThemeId};
    use jiff::Timestamp;

    fn workshop() -> Workshop {
        crate::model::ids::seed(5);
        let mut w = Workshop::new("w", "", Period::parse("2027-Q1").expect("period"), Timestamp::UNIX_EPOCH);
        for title in ["a", "b"] {
            w.capture(&Capture { title: title.into(), ..Capture::default() }, Timestamp::UNIX_EPOCH);
        }
        let o = w.add_objective(&ObjectiveDraft { title: "o".into(), ..Default::default() }).expect("objective");
        w.add_key_result(o, &KeyResultDraft { description: "k".into(), ..Default::default() }).expect("kr");
        w
    }

    #[test]
    fn a_clean_workshop_has_no_problems() {
        let w = workshop();
        assert!(duplicate_ids(&w).is_empty());
        assert!(dangling_links(&w).is_empty());
    }

    #[test]
    fn duplicates_are_found_per_kind_and_located_by_line() {
        let mut w = workshop();
        w.initiatives[1].id = w.initiatives[0].id;
        let found = duplicate_ids(&w);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, w.initiatives[0].id.to_string());
        assert_eq!(found[0].count, 2);
        let text = serde_json::to_vec_pretty(&w).expect("json");
        assert_eq!(lines_of_id(&text, &found[0].written).len(), 2);
    }

    #[test]
    fn links_to_missing_items_are_named() {
        let mut w = workshop();
        let kr = w.objectives[0].key_results[0].id;
        w.objectives[0].key_results[0].initiatives.push(crate::model::InitiativeId(999));
        w.initiatives[0].theme = Some(ThemeId(998));
        let found = dangling_links(&w);
        let said: Vec<String> = found.iter().map(|d| format!("{} {} {}", d.from, d.link, d.to)).collect();
        assert_eq!(said, [format!("{} theme T998", w.initiatives[0].id), format!("{kr} initiatives I999")]);
    }
}
