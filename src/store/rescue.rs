//! The last resort: when the app must exit while saves to the data folder are failing (a
//! full disk, a folder made read-only, a network share gone), the work is written to a
//! rescue folder outside it — this person's state folder, else the temporary folder — and
//! the next start moves it into the workshop folder's trash, where home's trash view offers
//! to restore it beside the current version.

use std::fs;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::error::StoreError;
use super::slug::safe_stem;
use super::{Store, codec, disk, views};
use crate::model::Workshop;

impl Store {
    /// The rescue folders of this data folder, most preferred first.
    fn rescue_dirs(&self) -> Vec<PathBuf> {
        let key = views::folder_key(&self.dir);
        let state = self.state.iter().map(|s| s.join("rescue").join(&key));
        state.chain(std::iter::once(std::env::temp_dir().join("quarterdeck-rescue").join(&key))).collect()
    }

    /// Writes `workshop` to the first rescue folder that takes it, as
    /// `{slug}.{time}.json`; where it went.
    pub fn rescue(&self, slug: &str, workshop: &Workshop, now: Timestamp) -> Result<PathBuf, StoreError> {
        let name = format!("{}.{}.json", safe_stem(slug), disk::stamp(now));
        let mut last = None;
        for dir in self.rescue_dirs() {
            let path = dir.join(&name);
            let written = disk::ensure_dir(&dir)
                .map_err(|e| StoreError::io(&dir, e))
                .and_then(|()| super::write_workshop_file(&path, workshop).map(|()| path.clone()));
            match written {
                Ok(path) => return Ok(path),
                Err(e) => last = Some(e),
            }
        }
        Err(last.unwrap_or(StoreError::NoDataDir))
    }

    /// Moves rescue copies left by an earlier run into the trash; the name of each
    /// workshop moved, for the person to read at start-up. Copies that cannot move yet stay
    /// for the next start.
    pub fn collect_rescued(&self) -> Vec<String> {
        let trash = self.trash_root();
        let mut names = Vec::new();
        for dir in self.rescue_dirs() {
            let Ok(entries) = fs::read_dir(&dir) else { continue };
            for entry in entries.flatten().filter(|e| e.file_type().is_ok_and(|t| t.is_file())) {
                let from = entry.path();
                if from.extension().is_none_or(|e| e != "json") || disk::ensure_dir(&trash).is_err() {
                    continue;
                }
                names.extend(move_into(&from, &trash));
            }
        }
        names
    }
}

/// Moves a rescue copy into the trash (copying when they are on different disks); the
/// workshop's name once it is there.
fn move_into(from: &Path, trash: &Path) -> Option<String> {
    let bytes = disk::read_capped(from).ok()?;
    let name = codec::decode(&bytes, from, codec::SCHEMA).ok()?.workshop.name;
    let to = trash.join(from.file_name()?);
    if !disk::write_new(&to, &bytes).ok()? {
        return None;
    }
    let _ = fs::remove_file(from);
    Some(crate::model::text::clean_line(&name))
}
