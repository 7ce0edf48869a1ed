//! A complete copy of a workshop newer than its file, found after a crash (a save cut short
//! after the copy was written, see `recover`): offered when the workshop is opened, to open
//! or to leave aside. Either way nothing is deleted: a copy left aside is renamed
//! `declined-…` among the backups, where home can still restore it, and is not offered
//! again.

use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::backup::BackupKind;
use super::error::StoreError;
use super::{Store, codec, disk};
use crate::model::Workshop;

/// A newer copy of the open workshop, to offer.
#[derive(Debug, Clone, PartialEq)]
pub struct NewerCopy {
    pub slug: String,
    pub path: PathBuf,
    /// When the copy was written.
    pub taken: Timestamp,
    pub workshop: Workshop,
}

impl NewerCopy {
    /// Its time as the person's clock shows it: `2027-01-04 09:30`.
    pub fn when(&self) -> String {
        disk::local_time(self.taken)
    }
}

impl Store {
    /// The newest copy recovered after a crash that is newer than the workshop's file
    /// (written at `file_written`) and holds something else than `current`, if any.
    pub fn newer_copy(&self, slug: &str, file_written: Option<Timestamp>, current: &Workshop) -> Option<NewerCopy> {
        let file_written = file_written?;
        let copy = self.backups(slug).into_iter().find(|b| b.kind == BackupKind::Recovered && b.taken.is_some_and(|t| t > file_written))?;
        let bytes = disk::read_capped(&copy.path).ok()?;
        let workshop = codec::decode(&bytes, &copy.path, self.schema).ok()?.workshop;
        let taken = copy.taken?;
        (workshop != *current).then(|| NewerCopy { slug: slug.to_string(), path: copy.path, taken, workshop })
    }

    /// Leaves a newer copy aside: renamed `declined-…` beside the backups, not offered again.
    pub fn decline_newer_copy(&self, copy: &NewerCopy) -> Result<PathBuf, StoreError> {
        let name = copy.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let rest = name.strip_prefix("recovered-").unwrap_or(&name);
        let dir = copy.path.parent().map_or_else(|| self.backup_dir(&copy.slug), Path::to_path_buf);
        loop {
            let to = disk::unused_path(&dir, &format!("declined-{}", rest.trim_end_matches(".json")));
            if disk::move_no_clobber(&copy.path, &to).map_err(|e| StoreError::io(&copy.path, e))? {
                return Ok(to);
            }
        }
    }
}
