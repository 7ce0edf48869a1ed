//! How many copies are kept, so that backups, crash leftovers and the trash never grow
//! without bound, and never lose the newest of anything. The policy (README, "Where your
//! data lives"):
//!
//! - snapshots of a workshop: the 10 newest saves, then the newest of each hour for a day,
//!   then the newest of each day for 30 days;
//! - copies set aside (`recovered-`, `partial-`, `replaced-`): the 5 newest of each kind, and
//!   none older than 30 days except the newest of its kind;
//! - the trash: everything for 90 days, and always the 20 most recently deleted.

use std::collections::HashSet;
use std::fs;
use std::path::PathBuf;

use jiff::{SignedDuration, Timestamp};

use super::Store;
use super::backup::BackupKind;

const RECENT_SAVES: usize = 10;
const HOURLY_FOR: SignedDuration = SignedDuration::from_hours(24);
const DAILY_FOR: SignedDuration = SignedDuration::from_hours(24 * 30);
const ASIDE_KEPT: usize = 5;
const ASIDE_FOR: SignedDuration = SignedDuration::from_hours(24 * 30);
const TRASH_KEPT: usize = 20;
const TRASH_FOR: SignedDuration = SignedDuration::from_hours(24 * 90);

/// Which of `taken` (newest first) the snapshot ladder keeps, by index.
pub(crate) fn ladder(taken: &[Timestamp], now: Timestamp) -> HashSet<usize> {
    let mut keep: HashSet<usize> = (0..taken.len().min(RECENT_SAVES)).collect();
    let mut hours = HashSet::new();
    let mut days = HashSet::new();
    for (i, t) in taken.iter().enumerate() {
        let age = now.duration_since(*t);
        let hour = t.as_second().div_euclid(3600);
        let day = t.as_second().div_euclid(86_400);
        // Newest first: the first of each hour or day seen is its newest.
        if age <= HOURLY_FOR && hours.insert(hour) {
            keep.insert(i);
        }
        if age <= DAILY_FOR && days.insert(day) {
            keep.insert(i);
        }
    }
    keep
}

/// Which of `taken` (newest first) a count-and-age rule keeps: the `count` newest, and any
/// younger than `age`; always the newest.
fn newest_or_young(taken: &[Option<Timestamp>], count: usize, age: SignedDuration, now: Timestamp) -> HashSet<usize> {
    taken
        .iter()
        .enumerate()
        .filter(|(i, t)| *i == 0 || (*i < count && t.is_none_or(|t| now.duration_since(t) <= age)))
        .map(|(i, _)| i)
        .collect()
}

impl Store {
    /// Prunes a workshop's snapshots to the ladder and its set-aside copies by count and age.
    pub(crate) fn prune_backups(&self, slug: &str, now: Timestamp) {
        let backups = self.backups(slug);
        let snapshots: Vec<(Timestamp, PathBuf)> =
            backups.iter().filter(|b| b.kind == BackupKind::Snapshot).filter_map(|b| Some((b.taken?, b.path.clone()))).collect();
        let times: Vec<Timestamp> = snapshots.iter().map(|s| s.0).collect();
        let keep = ladder(&times, now);
        let mut doomed: Vec<PathBuf> = snapshots.into_iter().enumerate().filter(|(i, _)| !keep.contains(i)).map(|(_, s)| s.1).collect();
        for kind in [BackupKind::Recovered, BackupKind::Declined, BackupKind::Partial, BackupKind::Replaced] {
            let of_kind: Vec<_> = backups.iter().filter(|b| b.kind == kind).collect();
            let taken: Vec<Option<Timestamp>> = of_kind.iter().map(|b| b.taken).collect();
            let keep = newest_or_young(&taken, ASIDE_KEPT, ASIDE_FOR, now);
            doomed.extend(of_kind.iter().enumerate().filter(|(i, _)| !keep.contains(i)).map(|(_, b)| b.path.clone()));
        }
        for path in doomed {
            // Pruning is tidying: a copy that cannot be removed just stays.
            let _ = fs::remove_file(path);
        }
    }

    /// Empties the trash of what was deleted more than 90 days ago, beyond the 20 most
    /// recent deletions.
    pub(crate) fn prune_trash(&self, now: Timestamp) {
        let kept = |i: usize, t: Option<Timestamp>| i < TRASH_KEPT || t.is_none_or(|t| now.duration_since(t) <= TRASH_FOR);
        for (i, entry) in self.trash_entries().iter().enumerate() {
            if kept(i, entry.deleted) {
                continue;
            }
            let _ = fs::remove_file(&entry.file);
            let _ = fs::remove_dir_all(entry.file.with_extension("backups"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().expect("a timestamp")
    }

    #[test]
    fn the_ladder_keeps_recent_saves_then_one_an_hour_then_one_a_day() {
        let now = at("2027-03-01T12:00:00Z");
        // A save every 5 minutes for three days, newest first.
        let taken: Vec<Timestamp> = (0..(3 * 24 * 12)).map(|n| now - SignedDuration::from_mins(5 * n)).collect();
        let keep = ladder(&taken, now);
        assert!((0..RECENT_SAVES).all(|i| keep.contains(&i)), "the last ten saves");
        let hourly = taken.iter().enumerate().filter(|(i, t)| keep.contains(i) && now.duration_since(**t) <= HOURLY_FOR).count();
        assert!((24..=RECENT_SAVES + 25).contains(&hourly), "about one an hour for a day: {hourly}");
        let older = taken.iter().enumerate().filter(|(i, t)| keep.contains(i) && now.duration_since(**t) > HOURLY_FOR).count();
        assert_eq!(older, 2, "one a day after that (two more days)");
        assert!(keep.len() < 50, "bounded: {}", keep.len());
    }

    #[test]
    fn the_newest_is_always_kept_however_old() {
        let now = at("2027-03-01T12:00:00Z");
        let ancient = [Some(at("2020-01-01T00:00:00Z")), Some(at("2019-01-01T00:00:00Z"))];
        assert_eq!(newest_or_young(&ancient, 5, ASIDE_FOR, now), HashSet::from([0]));
        assert_eq!(ladder(&[at("2020-01-01T00:00:00Z")], now), HashSet::from([0]));
    }
}
