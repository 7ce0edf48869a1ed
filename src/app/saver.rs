//! Saves off the keyboard's path: the run loop hands a save (the workshop as it stands, a
//! cheap copy: its big lists are shared) to a worker thread, which merges, encodes and
//! writes it durably while the person goes on typing, then wakes the loop with the result.
//! One save is in flight at a time; what changes meanwhile is saved by the next one.

use std::sync::mpsc::{self, Receiver, Sender};

use jiff::Timestamp;

use super::events::Incoming;
use crate::model::Workshop;
use crate::store::{Committed, OnDisk, Store};

/// A save for the worker: what to write over which file, merging from which base.
struct Job {
    slug: String,
    base: OnDisk,
    ours: Workshop,
    now: Timestamp,
}

/// How a save on the worker went: what is on disk now, or why nothing was written.
pub struct Outcome {
    pub at: Timestamp,
    pub result: Result<Committed, String>,
}

/// The worker thread and the save it is writing, if any.
pub struct Saver {
    jobs: Sender<Job>,
    done: Receiver<Outcome>,
    in_flight: bool,
}

impl Saver {
    /// Starts the worker with its own handle on the store; `wake` tells the run loop a
    /// save finished.
    pub fn start(store: Store, wake: Sender<Incoming>) -> Self {
        let (jobs, job_rx) = mpsc::channel::<Job>();
        let (done_tx, done) = mpsc::channel();
        std::thread::spawn(move || {
            for Job { slug, base, ours, now } in job_rx {
                let result = store.commit(&slug, &base, &ours, now).map_err(|e| e.to_string());
                if done_tx.send(Outcome { at: now, result }).is_err() {
                    break;
                }
                // The loop may have ended; the outcome is still there for `wait`.
                let _ = wake.send(Incoming::SaveFinished);
            }
        });
        Self { jobs, done, in_flight: false }
    }

    /// Whether a save is being written.
    pub fn in_flight(&self) -> bool {
        self.in_flight
    }

    /// Hands a save to the worker; `false` when the worker is gone (then the caller saves
    /// itself).
    pub fn send(&mut self, slug: String, base: OnDisk, ours: Workshop, now: Timestamp) -> bool {
        self.in_flight = self.jobs.send(Job { slug, base, ours, now }).is_ok();
        self.in_flight
    }

    /// The finished save, if it has finished.
    pub fn finished(&mut self) -> Option<Outcome> {
        let outcome = self.done.try_recv().ok()?;
        self.in_flight = false;
        Some(outcome)
    }

    /// Waits for the save in flight (quitting, closing, opening another workshop, a
    /// signal): its outcome, or `None` when none was in flight.
    pub fn wait(&mut self) -> Option<Outcome> {
        if !self.in_flight {
            return None;
        }
        self.in_flight = false;
        self.done.recv().ok()
    }
}
