//! Undo and redo for every change to the workshop: whole-workshop snapshots, bounded.
//! Simple and always correct for one writer; the cost of each entry is measured in the bench.

use crate::model::Workshop;

const LIMIT: usize = 200;

#[derive(Debug, Default)]
pub struct History {
    undo: Vec<(String, Workshop)>,
    redo: Vec<(String, Workshop)>,
}

impl History {
    /// Records the state before a change called `label`.
    pub fn record(&mut self, label: &str, before: Workshop) {
        self.undo.push((label.to_string(), before));
        if self.undo.len() > LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// Swaps `current` with the state before the last change; returns the change's label.
    pub fn undo(&mut self, current: &mut Workshop) -> Option<String> {
        let (label, before) = self.undo.pop()?;
        let after = std::mem::replace(current, before);
        self.redo.push((label.clone(), after));
        Some(label)
    }

    /// Re-applies the last undone change; returns its label.
    pub fn redo(&mut self, current: &mut Workshop) -> Option<String> {
        let (label, after) = self.redo.pop()?;
        let before = std::mem::replace(current, after);
        self.undo.push((label.clone(), before));
        Some(label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Period;

    #[test]
    fn undo_then_redo_round_trips_and_new_change_clears_redo() {
        let period = Period::parse("2027-Q1").expect("period");
        let mut w = Workshop::new("a", "", period, jiff::Timestamp::UNIX_EPOCH);
        let mut h = History::default();
        h.record("rename", w.clone());
        w.name = "b".into();
        assert_eq!(h.undo(&mut w).as_deref(), Some("rename"));
        assert_eq!(w.name, "a");
        assert_eq!(h.redo(&mut w).as_deref(), Some("rename"));
        assert_eq!(w.name, "b");
        h.undo(&mut w);
        h.record("team", w.clone());
        assert!(h.redo(&mut w).is_none());
    }
}
