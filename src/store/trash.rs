//! The trash: delete moves a workshop and its backups into `.trash/` as `{slug}.{time}.json`;
//! listing and restoring. The trash empties itself of what is old (see `prune`), so there is no
//! "empty trash" to forget.

use std::fs;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::error::StoreError;
use super::slug::{numbered, safe_stem};
use super::{Store, codec, disk};

/// A deleted workshop waiting in the trash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrashEntry {
    pub file: PathBuf,
    /// The workshop's name (or its slug when the file cannot be read).
    pub name: String,
    /// The slug it had, which `restore` brings back if it is free.
    pub slug: String,
    pub deleted: Option<Timestamp>,
}

impl Store {
    /// Moves the workshop into the trash, its backups beside it.
    pub fn delete(&self, slug: &str) -> Result<(), StoreError> {
        let stem = safe_stem(slug).into_owned();
        let path = self.path_of(&stem);
        // Not in the middle of another writer's save.
        let _lock = self.lock(&stem)?;
        if !path.is_file() {
            return Err(StoreError::NotFound { name: slug.to_string(), dir: self.dir.clone() });
        }
        let trash = self.trash_root();
        disk::ensure_dir(&trash).map_err(|e| StoreError::io(&trash, e))?;
        let base = format!("{stem}.{}", disk::stamp(Timestamp::now()));
        let mut n = 1;
        let entry = loop {
            let entry = if n == 1 { base.clone() } else { format!("{base}-{n}") };
            let file = trash.join(format!("{entry}.json"));
            if fs::symlink_metadata(trash.join(format!("{entry}.backups"))).is_err()
                && disk::move_no_clobber(&path, &file).map_err(|e| StoreError::io(&path, e))?
            {
                break entry;
            }
            n += 1;
        };
        // The workshop is safe in the trash; backups that cannot follow stay where they were.
        let _ = disk::move_dir_merging(&self.backup_dir(&stem), &trash.join(format!("{entry}.backups")));
        Ok(())
    }

    /// Everything in the trash, most recently deleted first, each with its workshop's name.
    pub fn trash(&self) -> Vec<TrashEntry> {
        let mut found = self.trash_entries();
        for entry in &mut found {
            if let Some(d) = disk::read_capped(&entry.file).ok().and_then(|bytes| codec::decode(&bytes, &entry.file, self.schema).ok()) {
                entry.name = d.workshop.name;
            }
        }
        found
    }

    /// The trash's entries from their file names alone (the name is the slug): for pruning,
    /// which must not read every deleted workshop at each start.
    pub(crate) fn trash_entries(&self) -> Vec<TrashEntry> {
        let Ok(entries) = fs::read_dir(self.trash_root()) else { return Vec::new() };
        let mut found: Vec<TrashEntry> = entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|e| {
                let file_name = e.file_name().into_string().ok()?;
                let entry = file_name.strip_suffix(".json").filter(|_| !file_name.starts_with('.'))?;
                let (slug, deleted) = split_entry(entry);
                let deleted = deleted.or_else(|| e.metadata().ok().as_ref().and_then(disk::modified));
                Some(TrashEntry { file: e.path(), name: slug.to_string(), slug: slug.to_string(), deleted })
            })
            .collect();
        found.sort_by(|a, b| b.deleted.cmp(&a.deleted).then(b.file.cmp(&a.file)));
        found
    }

    /// Moves a trashed workshop back under its old slug, or a numbered one if that has been
    /// taken since; its backups come back too. Returns the slug.
    pub fn restore(&self, entry: &Path) -> Result<String, StoreError> {
        let trash = self.trash_root();
        let nothing = || StoreError::NothingToRestore { path: entry.to_path_buf() };
        // Only the file name counts: nothing outside the trash can be "restored".
        let file_name = entry.file_name().and_then(|n| n.to_str()).ok_or_else(nothing)?;
        let stem = file_name.strip_suffix(".json").filter(|_| !file_name.starts_with('.')).ok_or_else(nothing)?;
        let from = trash.join(file_name);
        if !from.is_file() {
            return Err(nothing());
        }
        let base = safe_stem(split_entry(stem).0).into_owned();
        let mut n = 1;
        let slug = loop {
            let candidate = numbered(&base, n);
            let to = self.path_of(&candidate);
            if fs::symlink_metadata(&to).is_err() && disk::move_no_clobber(&from, &to).map_err(|e| StoreError::io(&from, e))? {
                break candidate;
            }
            n += 1;
        };
        let backups = self.backups_root().join(&slug);
        // The workshop is back; backups that cannot follow stay in the trash.
        let _ = disk::move_dir_merging(&trash.join(format!("{stem}.backups")), &backups);
        Ok(slug)
    }
}

/// `platform-team.20270104T093000Z-2` → (`platform-team`, time).
fn split_entry(entry: &str) -> (&str, Option<Timestamp>) {
    match entry.rsplit_once('.') {
        Some((slug, stamp)) if !slug.is_empty() => match disk::parse_stamp(stamp) {
            Some(t) => (slug, Some(t)),
            None => (entry, None),
        },
        _ => (entry, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_split_into_slug_and_time() {
        let t = disk::parse_stamp("20270104T093000Z");
        assert_eq!(split_entry("platform.20270104T093000Z"), ("platform", t));
        assert_eq!(split_entry("my.plan.20270104T093000Z-2"), ("my.plan", t));
        assert_eq!(split_entry("my.plan"), ("my.plan", None));
        assert_eq!(split_entry("plain"), ("plain", None));
    }
}
