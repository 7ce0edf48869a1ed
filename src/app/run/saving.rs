//! Saving from the run loop: inline (tests, quitting, closing, opening another workshop)
//! or on the worker thread (the debounce deadline in real runs), and what waits for a save
//! in flight to land.

use std::time::Instant;

use ratatui::backend::Backend;

use super::Runtime;
use crate::app::saver::{self, Saver};
use crate::document::SaveState;
use crate::effect::{Msg, SaveReport};
use crate::model::text::clean_line;
use crate::store::StoreError;

impl<B: Backend> Runtime<B>
where
    B::Error: Send + Sync + 'static,
{
    /// Performs a pending save immediately (tests, quit, signals) and tells `update` how it
    /// went.
    pub fn save_now(&mut self) {
        if let Some(msg) = self.save() {
            self.send(msg);
        }
    }

    /// The debounce deadline: the save goes to the worker thread when there is one (the
    /// keyboard never waits for the disk), else it is done here.
    pub(super) fn save_soon(&mut self) {
        self.save_due = None;
        let Some(saver) = self.saver.as_mut() else { return self.save_now() };
        if saver.in_flight() {
            self.after_flight.save = true;
            return;
        }
        let Some(doc) = self.app.doc.as_mut().filter(|d| !d.drafting()) else { return self.save_now() };
        if !doc.unsaved() || doc.read_only.is_some() {
            return;
        }
        let Some((slug, base, ours)) = doc.save_job() else { return };
        self.first_unsaved = None;
        if !saver.send(slug.clone(), base.clone(), ours.clone(), self.app.clock.now()) {
            // The worker is gone: save here rather than not at all.
            self.saver = None;
            let result = self.store.commit(&slug, &base, &ours, self.app.clock.now()).map_err(|e| e.to_string());
            let at = self.app.clock.now();
            self.send(outcome_msg(saver::Outcome { at, result }));
        }
    }

    /// A save on the worker landed: `update` hears how it went, then what waited for it
    /// (another save, a look at the disk) is done.
    pub(super) fn save_landed(&mut self) -> bool {
        let Some(outcome) = self.saver.as_mut().and_then(Saver::finished) else { return false };
        self.send(outcome_msg(outcome));
        self.after_landing();
        true
    }

    /// Waits for the save in flight, if any, and lets `update` hear how it went: every
    /// inline save, close and open starts from what the worker wrote.
    pub(super) fn wait_for_save(&mut self) {
        if let Some(outcome) = self.saver.as_mut().and_then(Saver::wait) {
            self.send(outcome_msg(outcome));
            self.after_landing();
        }
    }

    pub(super) fn after_landing(&mut self) {
        let AfterFlight { save, sync } = std::mem::take(&mut self.after_flight);
        if save || self.app.doc.as_ref().is_some_and(|d| d.save == SaveState::Pending && self.save_due.is_none()) {
            self.save_due = Some(Instant::now());
        }
        if sync {
            self.sync_now();
        }
    }

    /// The proposal draft's own file was taken: it is saved in `path` from now on.
    pub(super) fn save_proposal_as(&mut self, path: std::path::PathBuf) -> Vec<Msg> {
        if let Some(target) = self.app.doc.as_mut().and_then(|d| d.proposal.as_mut()) {
            target.path = path;
            target.base = None;
        }
        self.save().into_iter().collect()
    }

    /// Writes the open document if it has changes (merging what other writers changed
    /// meanwhile); the result as a message.
    pub(super) fn save(&mut self) -> Option<Msg> {
        self.wait_for_save();
        self.save_due = None;
        self.first_unsaved = None;
        let doc = self.app.doc.as_mut()?;
        if !doc.unsaved() || doc.read_only.is_some() {
            return None;
        }
        // The app's clock says when, so tests can fix it.
        let now = self.app.clock.now();
        let failed = |e: &dyn std::fmt::Display| Msg::SaveFailed(clean_line(&e.to_string()));
        let saved = |committed| Msg::Saved(Box::new(SaveReport { at: now, committed: Some(committed), draft: None }));
        if doc.drafting() {
            let (target, draft) = doc.draft_job()?;
            let proposal = crate::model::proposal::Proposal::from_draft(&target.id, &target.author, target.created, draft);
            return Some(match crate::store::save_proposal(&target.path, target.base.as_ref(), &proposal) {
                Ok(written) => Msg::Saved(Box::new(SaveReport { at: now, committed: None, draft: Some(written) })),
                Err(StoreError::AlreadyExists { path }) => Msg::ProposalNameTaken {
                    reason: clean_line(&StoreError::AlreadyExists { path: path.clone() }.to_string()),
                    suggested: crate::screen::save_as::free_beside(&path, std::path::Path::exists),
                    taken: path,
                },
                Err(e) => failed(&e),
            });
        }
        let (slug, base, ours) = doc.save_job()?;
        Some(self.store.commit(&slug, &base, &ours, now).map_or_else(|e| failed(&e), saved))
    }
}

/// What the run loop waits to do until the save in flight lands.
#[derive(Debug, Default)]
pub(super) struct AfterFlight {
    pub(super) save: bool,
    pub(super) sync: bool,
}

/// A save's outcome as the message `update` hears.
fn outcome_msg(outcome: saver::Outcome) -> Msg {
    match outcome.result {
        Ok(committed) => Msg::Saved(Box::new(SaveReport { at: outcome.at, committed: Some(committed), draft: None })),
        Err(e) => Msg::SaveFailed(clean_line(&e)),
    }
}
