//! Backups in `.backups/{slug}/` (inside `.git/quarterdeck/` when the folder is in git, see `aside`): previous version, timed snapshots, copies set aside; listing
//! and restoring them. When a save takes them is decided in `store.rs`, not here.

use std::fs;
use std::path::{Path, PathBuf};

use jiff::{SignedDuration, Timestamp};

use super::Store;
use super::codec;
use super::disk;
use super::error::StoreError;
use super::slug::safe_stem;

/// The previous good version of a workshop, replaced at every save that changes it.
const PREVIOUS: &str = "previous.json";
/// Where snapshots cannot be hard links, a copy is taken when the newest is older than this.
const SNAPSHOT_EVERY: SignedDuration = SignedDuration::from_mins(10);

/// One file in a workshop's backup folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    pub path: PathBuf,
    /// When the copy was taken (from its name, or else when the file was last written).
    pub taken: Option<Timestamp>,
    pub kind: BackupKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupKind {
    /// `previous.json`: the version before the latest save.
    Previous,
    /// `{YYYYMMDDTHHMMSSZ}.json`: the version a save replaced, kept on a ladder (`prune`).
    Snapshot,
    /// `recovered-…`: an unsaved copy found after a crash.
    Recovered,
    /// `declined-…`: a recovered copy newer than the file, offered at open and left aside.
    Declined,
    /// `partial-…`: a half-written copy found after a crash; kept, but not readable.
    Partial,
    /// `replaced-…`: the file as it was before a backup was restored over it (or before a
    /// save replaced an unreadable file).
    Replaced,
    /// `schema-v{n}.json`: the file as it was before it was migrated from schema `n`.
    BeforeMigration,
    /// Anything else someone put there.
    Other,
}

impl BackupKind {
    pub fn label(self) -> &'static str {
        match self {
            BackupKind::Previous => "previous version",
            BackupKind::Snapshot => "snapshot",
            BackupKind::Recovered => "recovered after a crash",
            BackupKind::Declined => "newer copy, left aside",
            BackupKind::Partial => "partly written (not readable)",
            BackupKind::Replaced => "replaced by a restore",
            BackupKind::BeforeMigration => "before an upgrade",
            BackupKind::Other => "other copy",
        }
    }
}

/// What kind of backup a file name is, and the time its name carries.
fn classify(name: &str) -> Option<(BackupKind, Option<Timestamp>)> {
    let stem = name.strip_suffix(".json").filter(|_| !name.starts_with('.'))?;
    if name == PREVIOUS {
        return Some((BackupKind::Previous, None));
    }
    if stem.len() == 16
        && let Some(t) = disk::parse_stamp(stem)
    {
        return Some((BackupKind::Snapshot, Some(t)));
    }
    for (prefix, kind) in [
        ("recovered-", BackupKind::Recovered),
        ("declined-", BackupKind::Declined),
        ("partial-", BackupKind::Partial),
        ("replaced-", BackupKind::Replaced),
    ] {
        if let Some(rest) = stem.strip_prefix(prefix) {
            return Some((kind, disk::parse_stamp(rest)));
        }
    }
    if stem.strip_prefix("schema-v").is_some_and(|n| n.parse::<u32>().is_ok()) {
        return Some((BackupKind::BeforeMigration, None));
    }
    Some((BackupKind::Other, None))
}

impl Store {
    /// `.backups/{slug}/`, or its place in the git folder.
    pub fn backup_dir(&self, slug: &str) -> PathBuf {
        self.backups_root().join(&*safe_stem(slug))
    }

    /// Every backup of a workshop: the previous version first, then newest first.
    pub fn backups(&self, slug: &str) -> Vec<Backup> {
        let Ok(entries) = fs::read_dir(self.backup_dir(slug)) else { return Vec::new() };
        let mut found: Vec<Backup> = entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                let (kind, named) = classify(&name)?;
                let taken = named.or_else(|| e.metadata().ok().as_ref().and_then(disk::modified));
                Some(Backup { path: e.path(), taken, kind })
            })
            .collect();
        found.sort_by(|a, b| {
            (b.kind == BackupKind::Previous)
                .cmp(&(a.kind == BackupKind::Previous))
                .then(b.taken.cmp(&a.taken))
                .then(sequence(&b.path).cmp(&sequence(&a.path)))
                .then(b.path.cmp(&a.path))
        });
        found
    }

    /// Puts a backup back as the workshop. The current file, readable or not, is first kept
    /// as `replaced-{time}.json` beside the backups; nothing is deleted.
    pub fn restore_backup(&self, slug: &str, backup: &Path) -> Result<(), StoreError> {
        let dir = self.backup_dir(slug);
        let source = match backup.file_name() {
            Some(name) if backup.parent().is_none_or(|p| p.as_os_str().is_empty() || same_dir(p, &dir)) => dir.join(name),
            _ => return Err(StoreError::NothingToRestore { path: backup.to_path_buf() }),
        };
        let bytes = match disk::read_capped(&source) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(StoreError::NothingToRestore { path: source });
            }
            Err(e) => return Err(StoreError::io(&source, e)),
        };
        // A backup that would not open is not put in place.
        codec::decode(&bytes, &source, self.schema)?;
        let _lock = self.lock(slug)?;
        let path = self.path_of(slug);
        match disk::read_capped(&path) {
            Ok(current) if current == bytes => return Ok(()),
            Ok(current) => {
                self.keep_aside(slug, "replaced", &current, Timestamp::now())?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(StoreError::io(&path, e)),
        }
        disk::write_durably(&path, &bytes).map_err(|e| StoreError::io(&path, e))
    }

    /// Writes `bytes` durably as `.backups/{slug}/{prefix}-{time}.json` (numbered if taken).
    pub(crate) fn keep_aside(&self, slug: &str, prefix: &str, bytes: &[u8], when: Timestamp) -> Result<PathBuf, StoreError> {
        let dir = self.backup_dir(slug);
        disk::ensure_dir(&dir).map_err(|e| StoreError::io(&dir, e))?;
        let stem = format!("{prefix}-{}", disk::stamp(when));
        // After the copies of this second already there (some may have been pruned): the
        // number says which came last.
        let taken_this_second = fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.file_name().to_str().is_some_and(|n| n.starts_with(&stem)))
            .map(|e| sequence(&e.path()))
            .max();
        let mut n = taken_this_second.map_or(1, |max| max + 1);
        loop {
            let path = if n == 1 { dir.join(format!("{stem}.json")) } else { dir.join(format!("{stem}-{n}.json")) };
            match disk::write_new(&path, bytes) {
                Ok(true) => {
                    self.prune_backups(slug, when);
                    return Ok(path);
                }
                Ok(false) => n += 1,
                Err(e) => return Err(StoreError::io(&path, e)),
            }
        }
    }

    /// Keeps the file as it was before its first migration from schema `from`.
    pub(crate) fn keep_pre_migration(&self, slug: &str, from: u32, bytes: &[u8]) -> Result<(), StoreError> {
        let dir = self.backup_dir(slug);
        disk::ensure_dir(&dir).map_err(|e| StoreError::io(&dir, e))?;
        let path = dir.join(format!("schema-v{from}.json"));
        disk::write_new(&path, bytes).map(|_| ()).map_err(|e| StoreError::io(&path, e))
    }

    /// Before a save replaces a readable file: keep it as `previous.json` and as a snapshot
    /// named after when it was written (both hard links to the replaced file, so free where
    /// the file system has them; elsewhere a copy, at most every ten minutes), then prune
    /// the snapshots to the ladder (`prune`).
    pub(crate) fn back_up_before_save(
        &self,
        slug: &str,
        source: &Path,
        existing: &[u8],
        existing_written: Option<Timestamp>,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let dir = self.backup_dir(slug);
        disk::ensure_dir(&dir).map_err(|e| StoreError::io(&dir, e))?;
        let previous = dir.join(PREVIOUS);
        disk::link_durably(source, &previous, existing).map_err(|e| StoreError::io(&previous, e))?;

        // Named after when that version was written, so the name says how old it is.
        let taken = existing_written.filter(|t| *t <= now).unwrap_or(now);
        let path = dir.join(format!("{}.json", disk::stamp(taken)));
        if fs::hard_link(source, &path).is_err() && !path.exists() {
            let newest = self.backups(slug).into_iter().filter(|b| b.kind == BackupKind::Snapshot).filter_map(|b| b.taken).max();
            if newest.is_none_or(|newest| now.duration_since(newest) >= SNAPSHOT_EVERY) {
                disk::write_new(&path, existing).map_err(|e| StoreError::io(&path, e))?;
            }
        }
        self.prune_backups(slug, now);
        Ok(())
    }
}

/// The `n` of a copy named `…Z-n.json`, the `n`th taken within one second (1 for the first).
fn sequence(path: &Path) -> u32 {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    match stem.rsplit_once('-') {
        Some((stamped, n)) if stamped.ends_with('Z') => n.parse().unwrap_or(1),
        _ => 1,
    }
}

fn same_dir(a: &Path, b: &Path) -> bool {
    a == b || matches!((fs::canonicalize(a), fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_classified() {
        let t = disk::parse_stamp("20270104T093000Z");
        assert_eq!(classify("previous.json"), Some((BackupKind::Previous, None)));
        assert_eq!(classify("20270104T093000Z.json"), Some((BackupKind::Snapshot, t)));
        assert_eq!(classify("recovered-20270104T093000Z.json"), Some((BackupKind::Recovered, t)));
        assert_eq!(classify("partial-20270104T093000Z-2.json"), Some((BackupKind::Partial, t)));
        assert_eq!(classify("replaced-20270104T093000Z.json"), Some((BackupKind::Replaced, t)));
        assert_eq!(classify("schema-v1.json"), Some((BackupKind::BeforeMigration, None)));
        assert_eq!(classify("notes.json"), Some((BackupKind::Other, None)));
        assert_eq!(classify(".previous.json.abc123"), None);
        assert_eq!(classify("notes.txt"), None);
    }

    #[test]
    fn copies_taken_in_one_second_sort_by_their_number() {
        assert_eq!(sequence(Path::new("replaced-20270104T093000Z.json")), 1);
        assert_eq!(sequence(Path::new("replaced-20270104T093000Z-12.json")), 12);
        assert_eq!(sequence(Path::new("previous.json")), 1);
    }
}
