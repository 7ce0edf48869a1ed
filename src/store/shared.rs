//! A workshop file with many writers: a second window, a cron `checkin`, a `git pull`, a
//! teammate's clone. Every writer remembers what it last read or wrote ([`OnDisk`]); before
//! it writes, it takes the lock, reads the file again and, if someone else changed it since,
//! merges (three-way, by id and field) instead of overwriting. The lock is held for that
//! read-merge-write only.

use std::borrow::Cow;
use std::io;
use std::path::Path;

use jiff::Timestamp;

use super::error::StoreError;
use super::{Store, codec, disk};
use crate::model::Workshop;
use crate::model::merge::{self, MergeNote};

/// What a file held, without keeping its bytes: equal fingerprints, equal bytes (for any
/// file a person or a program would write).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    len: u64,
    hash: u64,
}

impl Fingerprint {
    /// What no file has: a document that knows its workshop but not its file's bytes merges
    /// with whatever the file holds at its first save.
    pub const UNKNOWN: Self = Self { len: u64::MAX, hash: 0 };

    pub fn of(bytes: &[u8]) -> Self {
        // XXH3: the same bytes give the same fingerprint in every process, at memory speed
        // (a 7 MB workshop in well under a millisecond; SipHash took 5 ms of every load).
        Self { len: bytes.len() as u64, hash: xxhash_rust::xxh3::xxh3_64(bytes) }
    }
}

/// A workshop as this process last read or wrote it: the base of the next merge.
#[derive(Debug, Clone)]
pub struct OnDisk {
    pub workshop: Workshop,
    pub fingerprint: Fingerprint,
    /// When the file was last written.
    pub modified: Option<Timestamp>,
    /// The schema the file had when it was read, if it was older (its original is kept
    /// before the file is first replaced).
    pub migrated_from: Option<u32>,
}

/// What other writers had changed, merged in by a save.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    /// In words: "1 check-in, 2 initiatives".
    pub what: String,
    /// Fields both sides changed: which value was kept, which set aside.
    pub conflicts: Vec<MergeNote>,
}

/// A finished save: what is on disk now, and what came in from others on the way.
#[derive(Debug, Clone)]
pub struct Committed {
    pub on_disk: OnDisk,
    /// `Some` when the file had changed since it was read: the workshop written is the
    /// merge of both.
    pub incoming: Option<Incoming>,
    /// Set when the file had gone (deleted or renamed elsewhere) and was written again.
    pub recreated: bool,
}

impl Store {
    /// Reads a workshop and what the next save will merge against. Older schemas are
    /// migrated (see [`Store::load`]); links, files with conflict markers and files with
    /// duplicate ids are refused with a sentence saying what to do.
    pub fn read(&self, slug: &str) -> Result<OnDisk, StoreError> {
        let path = self.path_of(slug);
        let bytes = self.read_existing(slug, &path)?;
        let decoded = codec::decode(&bytes, &path, self.schema)?;
        if let Some(from) = decoded.migrated_from.filter(|_| !self.read_only) {
            // Best effort here (the folder may be read-only); saving insists before it
            // replaces the original.
            let _ = self.keep_pre_migration(slug, from, &bytes);
        }
        Ok(OnDisk {
            workshop: decoded.workshop,
            fingerprint: Fingerprint::of(&bytes),
            modified: disk::modified_at(&path),
            migrated_from: decoded.migrated_from,
        })
    }

    /// Saves `ours`, a workshop that started as `base`: under the lock, the file is read
    /// again; if another writer changed it since `base`, their changes and ours are merged
    /// and the merge is written. Backups are kept as [`Store::save`] keeps them.
    pub fn commit(&self, slug: &str, base: &OnDisk, ours: &Workshop, now: Timestamp) -> Result<Committed, StoreError> {
        let _lock = self.lock(slug)?;
        let path = self.path_of(slug);
        let existing = read_if_there(&path)?;
        let mut incoming = None;
        let (to_write, readable) = match &existing {
            None => (Cow::Borrowed(ours), false),
            Some(bytes) if Fingerprint::of(bytes) == base.fingerprint => {
                if let Some(from) = base.migrated_from {
                    self.keep_pre_migration(slug, from, bytes)?;
                }
                (Cow::Borrowed(ours), true)
            }
            Some(bytes) => match codec::decode(bytes, &path, self.schema) {
                Ok(theirs) => {
                    if let Some(from) = theirs.migrated_from {
                        self.keep_pre_migration(slug, from, bytes)?;
                    }
                    let merged = merge::merge(&base.workshop, ours, &theirs.workshop)
                        .map_err(|e| StoreError::Unencodable { path: path.clone(), message: e.to_string() })?;
                    let what = merge::incoming(&base.workshop, &theirs.workshop);
                    incoming = Some(Incoming { what, conflicts: merged.conflicts });
                    (Cow::Owned(merged.workshop), true)
                }
                // Never replaced: a newer build's file, a merge git left half done, a file
                // whose ids are ambiguous. The app keeps its changes and says why.
                Err(e @ (StoreError::NewerSchema { .. } | StoreError::Conflicted { .. } | StoreError::DuplicateIds { .. })) => {
                    return Err(e);
                }
                // Unreadable otherwise: kept aside (`replaced-…`) and replaced by ours.
                Err(_) => (Cow::Borrowed(ours), false),
            },
        };
        let bytes = codec::encode(&path, &to_write, self.schema)?;
        self.replace(slug, &path, existing.as_deref().map(|b| (b, readable)), &bytes, now)?;
        let on_disk = OnDisk {
            workshop: to_write.into_owned(),
            fingerprint: Fingerprint::of(&bytes),
            modified: disk::modified_at(&path),
            migrated_from: None,
        };
        Ok(Committed { on_disk, incoming, recreated: existing.is_none() })
    }

    /// Changes a workshop on disk as one writer among many (the command line's `checkin`,
    /// `import`, `merge`): under the lock, reads the file, applies `change`, stamps what it
    /// changed and writes it if anything did. `Ok(Err(_))` when `change` refused: nothing
    /// was written.
    pub fn update<T, E>(
        &self,
        slug: &str,
        now: Timestamp,
        change: impl FnOnce(&mut Workshop) -> Result<T, E>,
    ) -> Result<Result<T, E>, StoreError> {
        let _lock = self.lock(slug)?;
        let path = self.path_of(slug);
        let bytes = self.read_existing(slug, &path)?;
        let decoded = codec::decode(&bytes, &path, self.schema)?;
        let before = decoded.workshop;
        let mut after = before.clone();
        let result = change(&mut after);
        if result.is_err() {
            return Ok(result);
        }
        crate::model::stamp::stamp_changes(&before, &mut after, now);
        if after != before || decoded.migrated_from.is_some() {
            if let Some(from) = decoded.migrated_from {
                self.keep_pre_migration(slug, from, &bytes)?;
            }
            let new = codec::encode(&path, &after, self.schema)?;
            self.replace(slug, &path, Some((&bytes, true)), &new, now)?;
        }
        Ok(result)
    }

    /// Like [`Store::update`], for a change that is never refused.
    pub fn change<T>(&self, slug: &str, now: Timestamp, change: impl FnOnce(&mut Workshop) -> T) -> Result<T, StoreError> {
        self.update(slug, now, |w| Ok::<_, std::convert::Infallible>(change(w))).map(|done| done.unwrap_or_else(|never| match never {}))
    }

    /// Whether the workshop's file may differ from `on_disk` (a cheap look at its size and
    /// modification time; reading tells for sure).
    pub fn changed_since(&self, slug: &str, on_disk: &OnDisk) -> bool {
        match std::fs::symlink_metadata(self.path_of(slug)) {
            Ok(meta) => meta.len() != on_disk.fingerprint.len || disk::modified(&meta) != on_disk.modified || on_disk.modified.is_none(),
            Err(_) => true,
        }
    }

    /// Writes `bytes` over the file that held `existing` (its bytes, and whether they were
    /// a readable workshop): a readable one is kept as the previous version (and a timed
    /// snapshot), an unreadable one set aside as `replaced-{time}.json`. The caller holds
    /// the lock. Writing what is already there writes nothing.
    pub(super) fn replace(
        &self,
        slug: &str,
        path: &Path,
        existing: Option<(&[u8], bool)>,
        bytes: &[u8],
        now: Timestamp,
    ) -> Result<(), StoreError> {
        match existing {
            Some((old, _)) if old == bytes => return Ok(()),
            Some((old, true)) => self.back_up_before_save(slug, path, old, disk::modified_at(path), now)?,
            Some((old, false)) => {
                self.keep_aside(slug, "replaced", old, now)?;
            }
            None => {}
        }
        disk::write_durably(path, bytes).map_err(|e| StoreError::io(path, e))
    }
}

/// A read error as a sentence: a link gets its own.
pub(super) fn read_error(path: &Path, e: io::Error) -> StoreError {
    if disk::is_link_refused(&e) { StoreError::Symlink { path: path.to_path_buf() } } else { StoreError::read(path, e) }
}

/// The file's bytes, or `None` when it is not there.
fn read_if_there(path: &Path) -> Result<Option<Vec<u8>>, StoreError> {
    match disk::read_capped(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(read_error(path, e)),
    }
}

/// Reads a workshop file anywhere (git's merge driver is given temporary copies): older
/// schemas migrated, text sanitised, duplicate ids and conflict markers refused. `None` for
/// an empty file: git gives one as the base when both sides added the file.
pub fn read_workshop_file(path: &Path) -> Result<Option<Workshop>, StoreError> {
    let bytes = disk::read_capped(path).map_err(|e| read_error(path, e))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    Ok(Some(codec::decode(&bytes, path, codec::SCHEMA)?.workshop))
}

/// Writes a workshop file anywhere, atomically, in this build's schema.
pub fn write_workshop_file(path: &Path, workshop: &Workshop) -> Result<(), StoreError> {
    let bytes = codec::encode(path, workshop, codec::SCHEMA)?;
    disk::write_durably(path, &bytes).map_err(|e| StoreError::io(path, e))
}
