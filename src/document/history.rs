//! Undo and redo for every change this person made, bounded. Each entry keeps the workshop
//! before and after its change; undoing puts the "before" back when nothing else happened
//! since, and otherwise takes back only what that change did, merged (three-way) with what
//! came in from other writers meanwhile, so undo never erases a teammate's check-in.

use crate::model::Workshop;
use crate::model::merge;

const LIMIT: usize = 200;

/// One change: what it is called, the workshop before it and after it.
#[derive(Debug)]
struct Entry {
    label: String,
    before: Workshop,
    after: Workshop,
}

#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Entry>,
    redo: Vec<Entry>,
}

/// `current` with the step from `from` to `to` applied: `to` itself when nothing else
/// changed since `from`; otherwise the three-way merge, keeping `current`'s merge record
/// (taking back one's own change is not a conflict worth recording).
fn apply(current: &Workshop, from: &Workshop, to: &Workshop) -> Workshop {
    if current == from {
        return to.clone();
    }
    match merge::merge(from, current, to) {
        Ok(merged) => Workshop { merge_log: current.merge_log.clone(), ..merged.workshop },
        Err(_) => current.clone(),
    }
}

impl History {
    /// Records a change called `label` from `before` to `after`.
    pub fn record(&mut self, label: &str, before: Workshop, after: Workshop) {
        self.undo.push(Entry { label: label.to_string(), before, after });
        if self.undo.len() > LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// Takes back the last change: the workshop to show, and the change's label. `finish`
    /// sees the workshop before and the result (to stamp what changed) before it is kept.
    pub fn undo(&mut self, current: &Workshop, finish: impl FnOnce(&Workshop, &mut Workshop)) -> Option<(Workshop, String)> {
        let entry = self.undo.pop()?;
        let mut result = apply(current, &entry.after, &entry.before);
        finish(current, &mut result);
        self.redo.push(Entry { label: entry.label.clone(), before: result.clone(), after: current.clone() });
        Some((result, entry.label))
    }

    /// Makes the last undone change again: the workshop to show, and the change's label.
    pub fn redo(&mut self, current: &Workshop, finish: impl FnOnce(&Workshop, &mut Workshop)) -> Option<(Workshop, String)> {
        let entry = self.redo.pop()?;
        let mut result = apply(current, &entry.before, &entry.after);
        finish(current, &mut result);
        self.undo.push(Entry { label: entry.label.clone(), before: current.clone(), after: result.clone() });
        Some((result, entry.label))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Capture, Period};
    use jiff::Timestamp;

    fn workshop() -> Workshop {
        let period = Period::parse("2027-Q1").expect("period");
        Workshop::new("a", "", period, Timestamp::UNIX_EPOCH)
    }

    #[test]
    fn undo_then_redo_round_trips_and_new_change_clears_redo() {
        let mut h = History::default();
        let before = workshop();
        let after = Workshop { name: "b".into(), ..before.clone() };
        h.record("rename", before.clone(), after.clone());
        let (undone, label) = h.undo(&after, |_, _| ()).expect("undo");
        assert_eq!((undone.name.as_str(), label.as_str()), ("a", "rename"));
        let (redone, _) = h.redo(&undone, |_, _| ()).expect("redo");
        assert_eq!(redone.name, "b");
        let (undone, _) = h.undo(&redone, |_, _| ()).expect("undo");
        h.record("team", undone.clone(), Workshop { team: "x".into(), ..undone });
        assert!(h.redo(&workshop(), |_, _| ()).is_none());
    }

    #[test]
    fn undo_keeps_what_came_in_from_others_meanwhile() {
        let mut h = History::default();
        let before = workshop();
        let after = Workshop { name: "renamed".into(), ..before.clone() };
        h.record("rename", before, after.clone());
        // A teammate's initiative arrives (merged from disk) before the undo.
        let mut current = after;
        current.capture(&Capture { title: "Faster CI".into(), ..Capture::default() }, Timestamp::UNIX_EPOCH);
        let (undone, _) = h.undo(&current, |_, _| ()).expect("undo");
        assert_eq!(undone.name, "a", "my change is taken back");
        assert_eq!(undone.initiatives.len(), 1, "theirs stays");
        let (redone, _) = h.redo(&undone, |_, _| ()).expect("redo");
        assert_eq!((redone.name.as_str(), redone.initiatives.len()), ("renamed", 1));
    }
}
