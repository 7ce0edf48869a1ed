//! The open workshop as a document being edited: the workshop, its undo history, whether it
//! has changes that are not on disk yet, and what is derived from it once per change (the
//! coach's findings, the backlog's facts). Pure: the run loop does the saving; screens change
//! the workshop only through [`Document::change`], so every change can be undone.

pub mod history;

use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;

use jiff::Timestamp;
use jiff::civil::Date;

use crate::model::coach::{self, Finding};
use crate::model::{BacklogFacts, Workshop};
use history::History;

/// Where the open workshop stands with the disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    Saved(Timestamp),
    Pending,
    Failed(String),
    /// The demo: nothing is written.
    NotKept,
}

/// Where a proposal being drafted alone is saved, and what identifies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalTarget {
    pub path: PathBuf,
    pub id: String,
    pub author: String,
    pub created: Timestamp,
}

/// An open workshop and everything about editing it that is not saved in it.
#[derive(Debug)]
pub struct Document {
    workshop: Workshop,
    /// The file it lives in; `None` for the demo that is not kept and for a proposal draft.
    pub slug: Option<String>,
    /// Who holds the workshop when this instance opened it read-only.
    pub read_only: Option<String>,
    /// Set when this is an engineer's proposal draft (`quarterdeck propose`), saved to its
    /// own file instead of the data folder.
    pub proposal: Option<ProposalTarget>,
    pub save: SaveState,
    /// The other workshops of the folder as they stood when last read (for dependencies
    /// between teams); `None` until read.
    pub peers: Option<Vec<crate::model::dependency::Peer>>,
    /// When changes happen: every changed item is stamped with it, for merges.
    clock: crate::model::Clock,
    history: History,
    /// Counts changes, so derived views can be cached between them.
    revision: u64,
    /// Changed since the app last asked for a save.
    dirty: bool,
    /// A change was refused because the document is read-only.
    refused: bool,
    coach_cache: RefCell<Option<(u64, Rc<Vec<Finding>>)>>,
    facts_cache: RefCell<Option<(u64, Date, Rc<BacklogFacts>)>>,
}

impl Document {
    /// A document for `workshop`; `saved` is when its file was last written, if it has one.
    pub fn new(workshop: Workshop, slug: Option<String>, read_only: Option<String>, saved: Option<Timestamp>) -> Self {
        let save = match (&slug, saved) {
            (None, _) => SaveState::NotKept,
            (Some(_), Some(at)) => SaveState::Saved(at),
            (Some(_), None) => SaveState::Pending,
        };
        Self {
            workshop,
            slug,
            read_only,
            proposal: None,
            save,
            peers: None,
            clock: crate::model::Clock::System,
            history: History::default(),
            revision: 0,
            dirty: false,
            refused: false,
            coach_cache: RefCell::new(None),
            facts_cache: RefCell::new(None),
        }
    }

    /// Stamps changes with the time `clock` says (tests fix it).
    #[must_use]
    pub fn with_clock(mut self, clock: crate::model::Clock) -> Self {
        self.clock = clock;
        self
    }

    /// A proposal draft, saved to `target.path`.
    pub fn draft(workshop: Workshop, target: ProposalTarget, now: Timestamp) -> Self {
        let mut doc = Self::new(workshop, None, None, Some(now));
        doc.save = SaveState::Saved(now);
        doc.proposal = Some(target);
        doc
    }

    pub fn workshop(&self) -> &Workshop {
        &self.workshop
    }

    /// Whether changes are written anywhere (not the demo).
    pub fn is_kept(&self) -> bool {
        self.slug.is_some() || self.proposal.is_some()
    }

    /// Whether this is an engineer drafting a proposal alone.
    pub fn drafting(&self) -> bool {
        self.proposal.is_some()
    }

    /// Applies a change with an undo entry called `label`; refused (and nothing changes)
    /// when the document is read-only. Returns whether it changed anything.
    pub fn change(&mut self, label: &str, apply: impl FnOnce(&mut Workshop)) -> bool {
        self.try_change(label, |w| {
            apply(w);
            true
        })
    }

    /// Like [`Document::change`], for changes that may turn out to change nothing (a
    /// refused vote): `apply` says whether it did, and only then is there an undo entry.
    pub fn try_change(&mut self, label: &str, apply: impl FnOnce(&mut Workshop) -> bool) -> bool {
        if self.read_only.is_some() {
            self.refused = true;
            return false;
        }
        let before = self.workshop.clone();
        if !apply(&mut self.workshop) {
            return false;
        }
        crate::model::stamp::stamp_changes(&before, &mut self.workshop, self.clock.now());
        self.history.record(label, before);
        self.changed();
        true
    }

    /// Undoes the last change; its label, or `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Option<String> {
        self.step_history(true)
    }

    /// Redoes the last undone change; its label, or `None` when there is nothing to redo.
    pub fn redo(&mut self) -> Option<String> {
        self.step_history(false)
    }

    fn step_history(&mut self, undo: bool) -> Option<String> {
        if self.read_only.is_some() {
            self.refused = true;
            return None;
        }
        let label = if undo { self.history.undo(&mut self.workshop) } else { self.history.redo(&mut self.workshop) }?;
        self.changed();
        Some(label)
    }

    fn changed(&mut self) {
        self.revision += 1;
        self.dirty = true;
        if self.is_kept() && !matches!(self.save, SaveState::Failed(_)) {
            self.save = SaveState::Pending;
        }
    }

    /// Counts changes; derived views compare it to know when to recompute.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Whether there are changes the app has not asked to save yet (and clears the mark).
    pub fn take_dirty(&mut self) -> bool {
        std::mem::take(&mut self.dirty) && self.is_kept()
    }

    /// Whether a change was refused for being read-only (and clears the mark).
    pub fn take_refused(&mut self) -> bool {
        std::mem::take(&mut self.refused)
    }

    /// Whether there are changes that are not on disk.
    pub fn unsaved(&self) -> bool {
        matches!(self.save, SaveState::Pending | SaveState::Failed(_))
    }

    /// The coach's findings, computed once per change rather than once per frame.
    pub fn findings(&self) -> Rc<Vec<Finding>> {
        let mut cache = self.coach_cache.borrow_mut();
        match &*cache {
            Some((revision, findings)) if *revision == self.revision => findings.clone(),
            _ => {
                let findings = Rc::new(coach::review(&self.workshop));
                *cache = Some((self.revision, findings.clone()));
                findings
            }
        }
    }

    /// The backlog's facts for `today`, computed once per change (and day).
    pub fn backlog_facts(&self, today: Date) -> Rc<BacklogFacts> {
        let mut cache = self.facts_cache.borrow_mut();
        match &*cache {
            Some((revision, day, facts)) if *revision == self.revision && *day == today => facts.clone(),
            _ => {
                let facts = Rc::new(self.workshop.backlog_facts(today));
                *cache = Some((self.revision, today, facts.clone()));
                facts
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Period;

    fn doc(slug: Option<&str>) -> Document {
        let w = Workshop::new("w", "", Period::parse("2027-Q1").expect("period"), Timestamp::UNIX_EPOCH);
        Document::new(w, slug.map(String::from), None, Some(Timestamp::UNIX_EPOCH))
    }

    #[test]
    fn a_change_is_undoable_and_asks_for_a_save_once() {
        let mut d = doc(Some("w"));
        assert!(d.change("rename", |w| w.name = "x".into()));
        assert_eq!(d.save, SaveState::Pending);
        assert!(d.take_dirty() && !d.take_dirty());
        assert_eq!(d.undo().as_deref(), Some("rename"));
        assert_eq!(d.workshop().name, "w");
        assert_eq!(d.redo().as_deref(), Some("rename"));
        assert_eq!(d.workshop().name, "x");
        assert_eq!(d.revision(), 3);
    }

    #[test]
    fn read_only_refuses_every_change_and_says_so() {
        let mut d = doc(Some("w"));
        d.read_only = Some("pid 1".into());
        assert!(!d.change("rename", |w| w.name = "x".into()));
        assert!(d.take_refused());
        assert_eq!(d.workshop().name, "w");
        assert!(!d.take_dirty());
    }

    #[test]
    fn the_demo_changes_but_never_asks_for_a_save() {
        let mut d = doc(None);
        assert!(d.change("rename", |w| w.name = "x".into()));
        assert_eq!(d.save, SaveState::NotKept);
        assert!(!d.take_dirty());
    }
}
