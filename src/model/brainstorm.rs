//! Step 2 rules: capturing, editing and deleting initiatives, silent mode and reveal, and
//! the participants who author them. Proposals from engineers live in `proposal`.

use std::collections::BTreeMap;

use jiff::Timestamp;

use super::backlog::BacklogState;
use super::ids::{InitiativeId, ParticipantId};
use super::initiative::{Initiative, InitiativeSource, Size};
use super::text::{cap_title, clean_line, clean_multiline, with_whole_title};
use super::workshop::Workshop;

/// What the capture line or the initiative editor says about an initiative.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Capture {
    pub title: String,
    pub description: String,
    pub author: Option<ParticipantId>,
    pub size: Size,
    pub source: InitiativeSource,
    pub impact: Option<u8>,
    pub cost: Option<u8>,
    /// Business, engineering health or learning when tagged by hand (else by theme and
    /// source, see `model::capacity`).
    pub capacity: Option<super::capacity::Capacity>,
}

/// The sources a person picks from when capturing (the others are set by the app).
pub const CAPTURE_SOURCES: [InitiativeSource; 4] =
    [InitiativeSource::Team, InitiativeSource::Product, InitiativeSource::PrincipalEngineer, InitiativeSource::OpenIdea];

impl Workshop {
    /// Adds an initiative; hidden from the shared screen while silent mode is on. `None`
    /// when the title is empty after cleaning. A title longer than a title may be is cut,
    /// and heads the description whole ([`cap_title`]).
    pub fn capture(&mut self, capture: &Capture, now: Timestamp) -> Option<InitiativeId> {
        let (title, whole) = cap_title(&capture.title);
        if title.is_empty() {
            return None;
        }
        let id = InitiativeId(self.allocate_id());
        self.initiatives.push(Initiative {
            id,
            title,
            description: with_whole_title(whole, clean_multiline(&capture.description)),
            author: capture.author,
            co_authors: Vec::new(),
            source: capture.source,
            size: capture.size,
            impact: capture.impact.map(|v| v.clamp(1, 5)),
            cost: capture.cost.map(|v| v.clamp(1, 5)),
            votes: BTreeMap::new(),
            theme: None,
            rescued_from: None,
            proposal: None,
            hidden: self.silent_mode,
            capacity: capture.capacity,
            status: crate::model::InitiativeStatus::NotStarted,
            status_changed: None,
            created: now,
            changed: None,
            extra: crate::model::Extra::new(),
        });
        Some(id)
    }

    /// Changes an initiative's text, author, size, source and scores. The source of a
    /// rescued item or a merged proposal keeps saying where it came from. A long title is
    /// cut as on capture.
    pub fn edit_initiative(&mut self, id: InitiativeId, capture: &Capture) -> bool {
        let (title, whole) = cap_title(&capture.title);
        let Some(ini) = self.initiatives.iter_mut().find(|i| i.id == id) else { return false };
        if title.is_empty() {
            return false;
        }
        ini.title = title;
        ini.description = with_whole_title(whole, clean_multiline(&capture.description));
        ini.author = capture.author;
        ini.size = capture.size;
        if !matches!(ini.source, InitiativeSource::Proposal | InitiativeSource::RescuedBacklog) {
            ini.source = capture.source;
        }
        ini.impact = capture.impact.map(|v| v.clamp(1, 5));
        ini.cost = capture.cost.map(|v| v.clamp(1, 5));
        ini.capacity = capture.capacity;
        true
    }

    /// Removes an initiative and every link to it: key results stop counting it, and a
    /// backlog item it was rescued from goes back on the shelf.
    pub fn delete_initiative(&mut self, id: InitiativeId) -> Option<Initiative> {
        let index = self.initiatives.iter().position(|i| i.id == id)?;
        let removed = self.initiatives.remove(index);
        self.move_secret_dots(id, None);
        self.move_estimates(id, None);
        for kr in self.objectives.iter_mut().flat_map(|o| o.key_results.iter_mut()) {
            kr.initiatives.retain(|i| *i != id);
        }
        for item in &mut self.backlog.items {
            if item.rescued_as == Some(id) {
                item.rescued_as = None;
                item.state = BacklogState::Shelved;
            }
        }
        Some(removed)
    }

    /// Turns silent mode on or off; turning it off reveals every hidden idea at once.
    /// Returns how many were revealed.
    pub fn set_silent(&mut self, on: bool) -> usize {
        self.silent_mode = on;
        if on {
            return 0;
        }
        let mut revealed = 0;
        for i in self.initiatives.iter_mut().filter(|i| i.hidden) {
            i.hidden = false;
            revealed += 1;
        }
        revealed
    }

    /// Renames a participant; refused for an empty name or one another participant has.
    pub fn rename_participant(&mut self, id: ParticipantId, name: &str) -> bool {
        let name = clean_line(name);
        if name.is_empty() || self.participants.iter().any(|p| p.id != id && p.name.eq_ignore_ascii_case(&name)) {
            return false;
        }
        match self.participants.iter_mut().find(|p| p.id == id) {
            Some(p) => {
                p.name = name;
                true
            }
            None => false,
        }
    }

    /// Removes a participant from the workshop; their initiatives keep their name.
    pub fn remove_participant(&mut self, id: ParticipantId) {
        if let Some(p) = self.participants.iter_mut().find(|p| p.id == id) {
            p.removed = true;
        }
    }

    /// How many initiatives each active participant has (in participant order), then
    /// anonymous — so a facilitator sees who has not spoken yet.
    pub fn counts_by_author(&self) -> Vec<(String, usize)> {
        // One pass over the initiatives, however many people there are (a room of twenty).
        let mut by_author: BTreeMap<ParticipantId, usize> = BTreeMap::new();
        for i in &self.initiatives {
            // An initiative counts once for a person, author and co-author at once or not.
            let mut authors: Vec<ParticipantId> = i.authors().collect();
            authors.sort_unstable();
            authors.dedup();
            for a in authors {
                *by_author.entry(a).or_default() += 1;
            }
        }
        let mut counts: Vec<(String, usize)> =
            self.active_participants().map(|p| (p.name.clone(), by_author.get(&p.id).copied().unwrap_or(0))).collect();
        let anonymous = self.initiatives.iter().filter(|i| i.author.is_none()).count();
        if anonymous > 0 {
            counts.push(("anonymous".into(), anonymous));
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Period, objective::KeyResult, objective::KeyResultKind};

    fn workshop() -> Workshop {
        Workshop::new("w", "", Period::parse("2027-Q1").expect("period"), Timestamp::UNIX_EPOCH)
    }

    fn capture(title: &str) -> Capture {
        Capture { title: title.into(), ..Capture::default() }
    }

    #[test]
    fn capture_cleans_and_respects_silent_mode() {
        let mut w = workshop();
        assert!(w.capture(&capture(" \u{1b}[2J "), Timestamp::UNIX_EPOCH).is_some(), "[2J is text once the escape is gone");
        assert!(w.capture(&capture("\u{7}"), Timestamp::UNIX_EPOCH).is_none());
        w.set_silent(true);
        let id = w.capture(&Capture { impact: Some(9), ..capture("Faster CI") }, Timestamp::UNIX_EPOCH).expect("captured");
        assert!(w.initiative(id).expect("exists").hidden);
        assert_eq!(w.initiative(id).expect("exists").impact, Some(5));
        assert_eq!(w.set_silent(false), 1);
        assert!(!w.initiative(id).expect("exists").hidden);
    }

    #[test]
    fn delete_unlinks_key_results_and_unrescues_backlog_items() {
        let mut w = workshop();
        let id = w.capture(&capture("x"), Timestamp::UNIX_EPOCH).expect("captured");
        let kr = KeyResult {
            id: crate::model::KeyResultId(91),
            description: "k".into(),
            kind: KeyResultKind::milestone(),
            initiatives: vec![id],
            ..KeyResult::default()
        };
        let o =
            crate::model::Objective { id: crate::model::ObjectiveId(90), title: "o".into(), key_results: vec![kr], ..Default::default() };
        w.objectives.push(o);
        assert!(w.delete_initiative(id).is_some());
        assert!(w.objectives[0].key_results[0].initiatives.is_empty());
        assert!(w.delete_initiative(id).is_none());
    }

    #[test]
    fn edit_keeps_the_origin_of_rescued_and_proposed_ideas() {
        let mut w = workshop();
        let id = w.capture(&capture("x"), Timestamp::UNIX_EPOCH).expect("captured");
        w.initiatives[0].source = InitiativeSource::Proposal;
        assert!(w.edit_initiative(id, &Capture { source: InitiativeSource::Team, size: Size::Large, ..capture("y") }));
        let ini = w.initiative(id).expect("exists");
        assert_eq!((ini.title.as_str(), ini.source, ini.size), ("y", InitiativeSource::Proposal, Size::Large));
        assert!(!w.edit_initiative(id, &capture("")), "an empty title is refused");
    }

    #[test]
    fn participants_rename_remove_and_counts() {
        let mut w = workshop();
        let ada = w.add_participant("Ada").expect("id");
        let grace = w.add_participant("Grace").expect("id");
        w.capture(&Capture { author: Some(ada), ..capture("a") }, Timestamp::UNIX_EPOCH);
        w.capture(&capture("anon"), Timestamp::UNIX_EPOCH);
        assert!(!w.rename_participant(ada, "grace"), "names stay unique");
        assert!(w.rename_participant(ada, "Ada L."));
        assert_eq!(w.counts_by_author(), vec![("Ada L.".into(), 1), ("Grace".into(), 0), ("anonymous".into(), 1)]);
        w.remove_participant(ada);
        assert_eq!(w.author_name(Some(ada)), "Ada L.", "their ideas keep the name");
        assert_eq!(w.counts_by_author().len(), 2);
        let _ = grace;
    }
}
