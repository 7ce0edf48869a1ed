//! The open workshop as a document being edited: the workshop, its undo history, whether it
//! has changes that are not on disk yet, what the file held when it was last read or written
//! (the base the next merge starts from), and what is derived from it once per change (the
//! coach's findings, the backlog's facts). Pure: the run loop does the saving and reading;
//! screens change the workshop only through [`Document::change`], so every change can be
//! undone. Other writers' changes come in through [`Document::saved`] and
//! [`Document::disk_changed`], merged with this person's.

pub mod history;

use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;

use jiff::Timestamp;
use jiff::civil::Date;

use crate::model::capacity::CapacitySplit;
use crate::model::coach::{self, Finding};
use crate::model::merge::{self, MergeNote};
use crate::model::{BacklogFacts, Workshop};
use crate::store::{Committed, OnDisk};
pub use history::History;

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
#[derive(Debug, Clone, PartialEq)]
pub struct ProposalTarget {
    pub path: PathBuf,
    pub id: String,
    pub author: String,
    pub created: Timestamp,
    /// What the file held when this window last read or wrote it: the base of a merge with
    /// another window on the same file. `None` for a file not written yet.
    pub base: Option<crate::model::proposal::Proposal>,
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
    /// What the file held when last read or written: the base of the next merge. `None` for
    /// the demo and proposal drafts.
    on_disk: Option<OnDisk>,
    /// The revision that matches `on_disk` (nothing to save when it is the current one).
    synced: u64,
    /// The revision of the save under way, and (for a workshop file) what it writes.
    sending: Option<(u64, Option<Workshop>)>,
    /// Counts changes, so derived views can be cached between them.
    revision: u64,
    /// Changed since the app last asked for a save.
    dirty: bool,
    /// A change was refused because the document is read-only.
    refused: bool,
    /// The findings, with the revision they are for and what they were made of.
    coach_cache: RefCell<Option<CoachCache>>,
    /// The capacity split, counted once per change.
    split_cache: RefCell<Option<(u64, Rc<CapacitySplit>)>>,
    /// Keyed by the backlog itself (shared between revisions that did not change it), so a
    /// score or a check-in does not recount 10,000 items.
    facts_cache: RefCell<Option<(crate::model::Backlog, Date, Rc<BacklogFacts>)>>,
}

impl Document {
    /// A document for `workshop`; `saved` is when its file was last written, if it has one.
    pub fn new(workshop: Workshop, slug: Option<String>, read_only: Option<String>, saved: Option<Timestamp>) -> Self {
        let on_disk = slug.as_ref().map(|_| OnDisk {
            workshop: workshop.clone(),
            fingerprint: crate::store::Fingerprint::UNKNOWN,
            modified: None,
            migrated_from: None,
        });
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
            on_disk,
            synced: 0,
            sending: None,
            revision: 0,
            dirty: false,
            refused: false,
            coach_cache: RefCell::new(None),
            split_cache: RefCell::new(None),
            facts_cache: RefCell::new(None),
        }
    }

    /// A document for a workshop read from its file.
    pub fn opened(on_disk: OnDisk, slug: String, saved: Option<Timestamp>) -> Self {
        let mut doc = Self::new(on_disk.workshop.clone(), Some(slug), None, saved);
        doc.on_disk = Some(on_disk);
        doc
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
        let mut history = std::mem::take(&mut self.history);
        let changed = self.change_in(&mut history, label, apply);
        self.history = history;
        changed
    }

    /// A change made by someone with a history of their own (a participant in a room): the
    /// same model, stamps and saving as every change, its undo entry kept in `history`, so
    /// their undo takes back only their own changes (merged with everyone else's since).
    pub fn change_in(&mut self, history: &mut History, label: &str, apply: impl FnOnce(&mut Workshop) -> bool) -> bool {
        if self.read_only.is_some() {
            self.refused = true;
            return false;
        }
        let before = self.workshop.clone();
        if !apply(&mut self.workshop) {
            return false;
        }
        crate::model::stamp::stamp_changes(&before, &mut self.workshop, self.clock.now());
        history.record(label, before, self.workshop.clone());
        self.changed();
        true
    }

    /// Undoes the last change; its label, or `None` when there is nothing to undo. What
    /// other writers changed since is kept.
    pub fn undo(&mut self) -> Option<String> {
        self.step_history(true)
    }

    /// Redoes the last undone change; its label, or `None` when there is nothing to redo.
    pub fn redo(&mut self) -> Option<String> {
        self.step_history(false)
    }

    fn step_history(&mut self, undo: bool) -> Option<String> {
        let mut history = std::mem::take(&mut self.history);
        let label = self.step_in(&mut history, undo);
        self.history = history;
        label
    }

    /// Undoes (or redoes) the last change recorded in someone's own `history` (see
    /// [`Document::change_in`]); its label, or `None` when there is nothing to take back.
    pub fn step_in(&mut self, history: &mut History, undo: bool) -> Option<String> {
        if self.read_only.is_some() {
            self.refused = true;
            return None;
        }
        // Taking a change back is itself a change, stamped now, so a merge sees it as the
        // latest word on those fields.
        let now = self.clock.now();
        let stamp = |before: &Workshop, after: &mut Workshop| crate::model::stamp::stamp_changes(before, after, now);
        let (workshop, label) = if undo { history.undo(&self.workshop, stamp) } else { history.redo(&self.workshop, stamp) }?;
        self.workshop = workshop;
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

    /// What a save should write, and the base it merges from: `None` when there is nothing
    /// to save here (no file, read-only, or no change since the file was last in step).
    /// Remembers what was sent, so the result can be merged with changes made meanwhile.
    pub fn save_job(&mut self) -> Option<(String, OnDisk, Workshop)> {
        self.sending = None;
        let slug = self.slug.clone()?;
        let base = self.on_disk.clone()?;
        if self.read_only.is_some() || self.revision == self.synced {
            return None;
        }
        self.sending = Some((self.revision, Some(self.workshop.clone())));
        Some((slug, base, self.workshop.clone()))
    }

    /// A proposal draft's save begins: what to write.
    pub fn draft_job(&mut self) -> Option<(&ProposalTarget, &Workshop)> {
        self.sending = Some((self.revision, None));
        Some((self.proposal.as_ref()?, &self.workshop))
    }

    /// A save failed: the changes stay here, marked not saved, and the next change or
    /// change on disk tries again.
    pub fn save_failed(&mut self, reason: String) {
        self.sending = None;
        self.save = SaveState::Failed(reason);
    }

    /// A proposal draft was written at `at`. When another window on the same file had
    /// written meanwhile, what it wrote was merged in and is shown now; the sentence says
    /// what came in.
    pub fn written(&mut self, at: Timestamp, saved: Option<crate::store::ProposalSaved>) -> Option<String> {
        self.synced = self.sending.take().map_or(self.revision, |(revision, _)| revision);
        let in_step = self.synced == self.revision;
        let said = saved.and_then(|saved| {
            let target = self.proposal.as_mut()?;
            let said = saved.merged.clone();
            if said.is_some() {
                let drafter = self.workshop.participants.first().map(|p| p.name.clone()).unwrap_or_default();
                self.workshop = saved.written.redraft(&self.workshop, &drafter, at);
                self.revision += 1;
                if in_step {
                    self.synced = self.revision;
                }
            }
            target.base = Some(saved.written);
            said
        });
        self.save = if self.synced == self.revision { SaveState::Saved(at) } else { SaveState::Pending };
        said
    }

    /// A save finished at `at`. When it merged in other writers' changes, they join what is
    /// shown (with anything changed here since the save began); the sentence says what came
    /// in.
    pub fn saved(&mut self, committed: Committed, at: Timestamp) -> Option<String> {
        let Committed { on_disk, incoming, recreated } = committed;
        let (sent_revision, sent) = match self.sending.take() {
            Some((revision, Some(sent))) => (revision, sent),
            _ => (self.revision, self.workshop.clone()),
        };
        let mut said = None;
        let mut in_step = self.revision == sent_revision;
        if let Some(incoming) = incoming {
            self.workshop = if in_step { on_disk.workshop.clone() } else { merged_or_ours(&sent, &self.workshop, &on_disk.workshop) };
            self.revision += 1;
            in_step = in_step || self.workshop == on_disk.workshop;
            said = Some(merged_message(&incoming.what, &incoming.conflicts));
        } else if recreated {
            said = Some("the file had been removed or renamed elsewhere; it was written again with everything shown here".to_string());
        }
        self.on_disk = Some(on_disk);
        if in_step {
            self.synced = self.revision;
            self.save = SaveState::Saved(at);
        } else {
            self.save = SaveState::Pending;
            self.dirty = true;
        }
        said
    }

    /// The file changed on disk (another window, a `checkin`, a `git pull`): what it holds
    /// now is merged with the changes not saved yet. The sentence says what came in; `None`
    /// when the file holds what this document last read or wrote.
    pub fn disk_changed(&mut self, theirs: OnDisk) -> Option<String> {
        let base = self.on_disk.as_ref()?;
        if theirs.fingerprint == base.fingerprint || self.sending.is_some() {
            return None;
        }
        let what = merge::incoming(&base.workshop, &theirs.workshop);
        let unsaved = self.revision != self.synced;
        let mut conflicts = Vec::new();
        self.workshop = if unsaved {
            match merge::merge(&base.workshop, &self.workshop, &theirs.workshop) {
                Ok(merged) => {
                    conflicts = merged.conflicts;
                    merged.workshop
                }
                Err(_) => return None,
            }
        } else {
            theirs.workshop.clone()
        };
        self.revision += 1;
        if unsaved {
            self.dirty = true;
            self.save = SaveState::Pending;
        } else {
            self.synced = self.revision;
        }
        self.on_disk = Some(theirs);
        Some(merged_message(&what, &conflicts))
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

    /// What the file held when this document last read or wrote it.
    pub fn base(&self) -> Option<&OnDisk> {
        self.on_disk.as_ref()
    }

    /// The merge record: fields two writers changed at once, what was kept and set aside.
    pub fn merge_log(&self) -> &[MergeNote] {
        &self.workshop.merge_log
    }

    /// Whether there are changes that are not on disk.
    pub fn unsaved(&self) -> bool {
        matches!(self.save, SaveState::Pending | SaveState::Failed(_))
    }

    /// The coach's findings, computed again only when a change touched what they are made
    /// of (never once per frame).
    pub fn findings(&self) -> Rc<Vec<Finding>> {
        let mut cache = self.coach_cache.borrow_mut();
        if let Some((revision, _, findings)) = &*cache
            && *revision == self.revision
        {
            return findings.clone();
        }
        let inputs = coach::Inputs::of(&self.workshop, &self.capacity_split());
        let findings = match cache.take() {
            Some((_, before, findings)) if before == inputs => findings,
            _ => Rc::new(coach::review(&self.workshop)),
        };
        *cache = Some((self.revision, inputs, findings.clone()));
        findings
    }

    /// How the plan divides the capacity, counted once per change.
    pub fn capacity_split(&self) -> Rc<CapacitySplit> {
        let mut cache = self.split_cache.borrow_mut();
        match &*cache {
            Some((revision, split)) if *revision == self.revision => split.clone(),
            _ => {
                let split = Rc::new(self.workshop.capacity_split());
                *cache = Some((self.revision, split.clone()));
                split
            }
        }
    }

    /// The backlog's facts for `today`, computed once per change of the backlog (and day).
    pub fn backlog_facts(&self, today: Date) -> Rc<BacklogFacts> {
        let mut cache = self.facts_cache.borrow_mut();
        match &*cache {
            // Equal at once while the items are shared, which they are unless they changed.
            Some((backlog, day, facts)) if *day == today && *backlog == self.workshop.backlog => facts.clone(),
            _ => {
                let facts = Rc::new(self.workshop.backlog_facts(today));
                *cache = Some((self.workshop.backlog.clone(), today, facts.clone()));
                facts
            }
        }
    }
}

/// The coach's findings for a revision, and what they were made of.
type CoachCache = (u64, coach::Inputs, Rc<Vec<Finding>>);

/// `ours` (changed since `sent` was saved) with what the save merged in (`written`).
fn merged_or_ours(sent: &Workshop, ours: &Workshop, written: &Workshop) -> Workshop {
    merge::merge(sent, ours, written).map_or_else(|_| ours.clone(), |m| m.workshop)
}

/// "merged from disk: 1 check-in, 2 initiatives", and the first field both sides changed.
fn merged_message(what: &str, conflicts: &[MergeNote]) -> String {
    match conflicts {
        [] => format!("merged from disk: {what}"),
        [first, rest @ ..] => {
            let more = if rest.is_empty() { String::new() } else { format!(" (and {} more)", rest.len()) };
            format!(
                "merged from disk: {what}; {} changed on both sides, kept \"{}\", \"{}\" is in the merge record{more}",
                first.subject,
                crate::model::text::cap_chars(first.kept.clone(), 40),
                crate::model::text::cap_chars(first.set_aside.clone(), 40)
            )
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
    fn the_coach_reviews_again_only_when_a_change_touches_what_it_reads() {
        let mut d = doc(Some("w"));
        let mut id = None;
        d.change("idea", |w| {
            let capture = crate::model::Capture { title: "Faster CI".into(), ..Default::default() };
            id = w.capture(&capture, Timestamp::UNIX_EPOCH);
        });
        d.change("objective", |w| {
            w.add_objective(&crate::model::ObjectiveDraft { title: "Builds nobody waits for".into(), ..Default::default() }).expect("o");
        });
        let id = id.expect("captured");
        let before = d.findings();
        assert!(before.iter().any(|f| f.code == "initiative-unlinked"), "{before:#?}");
        d.change("impact", |w| _ = w.set_impact(id, Some(4)));
        assert!(Rc::ptr_eq(&before, &d.findings()), "a score is not something the coach reads");
        d.change("retitle", |w| w.initiatives[0].title = "Much faster CI".into());
        let after = d.findings();
        assert!(!Rc::ptr_eq(&before, &after));
        assert!(after.iter().any(|f| f.reason.contains("Much faster CI")), "{after:#?}");
        d.change("cost", |w| _ = w.set_cost(id, Some(5)));
        assert_eq!(*d.findings(), crate::model::coach::review(d.workshop()), "always what a full review says");
    }

    #[test]
    fn the_demo_changes_but_never_asks_for_a_save() {
        let mut d = doc(None);
        assert!(d.change("rename", |w| w.name = "x".into()));
        assert_eq!(d.save, SaveState::NotKept);
        assert!(!d.take_dirty());
    }
}
