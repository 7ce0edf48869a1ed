//! Start-up housekeeping: the folder's `.gitignore` and leftover temporary files from
//! interrupted saves (deleted only when provably stale). Ordinary saving lives elsewhere.

use std::fs::{self, Metadata};
use std::io;
use std::path::Path;

use jiff::Timestamp;

use super::lock::Probe;
use super::{Store, codec, disk};

/// Written once into the data folder so that it can be a git repository of workshops.
pub(crate) const GITIGNORE: &str = "\
# Written by Quarterdeck. The workshops (*.json) belong in git; these do not. All are safe
# for `git clean -fX` to remove: locks are held only for the moment of a save, and in a git
# repository backups and the trash live in .git/quarterdeck/, out of git's reach.
*.lock
.*.json.*
.backups/
.trash/
";

/// What earlier versions wrote, replaced by [`GITIGNORE`] when found unchanged.
const OLD_GITIGNORE: &str = "\
# Written by Quarterdeck. The workshops (*.json) belong in git; these do not:
# locks, backups, the trash and temporary files from saves in progress.
*.lock
.backups/
.trash/
.*.json.*
";

impl Store {
    pub(crate) fn write_gitignore(&self, notices: &mut Vec<String>) {
        let path = self.dir.join(".gitignore");
        if fs::symlink_metadata(&path).is_ok() {
            // The user's own is never replaced; ours from before is brought up to date.
            if disk::read_capped(&path).is_ok_and(|text| text == OLD_GITIGNORE.as_bytes()) {
                let _ = disk::write_durably(&path, GITIGNORE.as_bytes());
            }
            return;
        }
        if let Err(e) = disk::write_new(&path, GITIGNORE.as_bytes()) {
            notices.push(format!("could not write {}: {e}", path.display()));
        }
    }

    /// Deals with every leftover temporary file in the folder, returning what was done.
    pub(crate) fn recover_temp_files(&self, notices: &mut Vec<String>) {
        let Ok(entries) = fs::read_dir(&self.dir) else { return };
        for entry in entries.flatten() {
            let Ok(name) = entry.file_name().into_string() else { continue };
            let Some(target) = temp_target(&name) else { continue };
            let Ok(meta) = fs::symlink_metadata(entry.path()) else { continue };
            if !meta.is_file() {
                continue;
            }
            let stem = target.strip_suffix(".json").unwrap_or(target);
            // A save in progress in another window: not ours to touch.
            let Probe::Free(_guard) = self.probe_lock(stem) else { continue };
            let temp = entry.path();
            match self.recover_one(&temp, target, &meta) {
                Ok(Some(notice)) => notices.push(notice),
                Ok(None) => {}
                Err(e) => notices.push(format!(
                    "found a leftover temporary file {} but could not tidy it up ({e}); it was left in place",
                    temp.display()
                )),
            }
        }
    }

    /// Removes temporary files left in `.backups/{slug}/` by interrupted saves. A backup is
    /// always written before the file it keeps is replaced (or set aside), so what an
    /// interrupted one was copying is still on disk: nothing is lost by removing it.
    pub(crate) fn tidy_backup_temp_files(&self, notices: &mut Vec<String>) {
        let Ok(folders) = fs::read_dir(self.backups_root()) else { return };
        for folder in folders.flatten() {
            let Ok(stem) = folder.file_name().into_string() else { continue };
            if !folder.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            // A save in progress in another window: not ours to touch.
            let Probe::Free(_guard) = self.probe_lock(&stem) else { continue };
            let Ok(entries) = fs::read_dir(folder.path()) else { continue };
            for entry in entries.flatten() {
                let Ok(name) = entry.file_name().into_string() else { continue };
                if temp_target(&name).is_none() || !entry.file_type().is_ok_and(|t| t.is_file()) {
                    continue;
                }
                if let Err(e) = remove_and_sync(&entry.path()) {
                    notices.push(format!("could not remove the leftover temporary file {} ({e})", entry.path().display()));
                }
            }
        }
    }

    fn recover_one(&self, temp: &Path, target: &str, meta: &Metadata) -> io::Result<Option<String>> {
        let target_path = self.dir.join(target);
        let stem = target.strip_suffix(".json").unwrap_or(target);
        let temp_written = disk::modified(meta);
        let bytes = disk::read_capped(temp)?;
        if bytes.is_empty() {
            // Created and never written: there is nothing in it to lose.
            remove_and_sync(temp)?;
            return Ok(None);
        }
        let on_disk = disk::read_capped(&target_path);
        let target_missing = matches!(&on_disk, Err(e) if e.kind() == io::ErrorKind::NotFound);
        if let Ok(current) = &on_disk {
            let target_good = codec::decode(current, &target_path, self.schema).is_ok();
            let not_newer = matches!((temp_written, disk::modified_at(&target_path)), (Some(t), Some(f)) if t <= f);
            if *current == bytes || (target_good && not_newer) {
                remove_and_sync(temp)?;
                return Ok(None);
            }
        }
        let when = temp_written.unwrap_or_else(Timestamp::now);
        let Ok(decoded) = codec::decode(&bytes, temp, self.schema) else {
            let kept = self.keep_moved(stem, "partial", temp, when)?;
            return Ok(Some(format!(
                "found a partly written copy of {target} from {} that cannot be read; moved it to {} in case you need it",
                disk::local_time(when),
                kept.display()
            )));
        };
        let name = decoded.workshop.name;
        if target_missing && disk::move_no_clobber(temp, &target_path)? {
            return Ok(Some(format!(
                "found an unsaved copy of \"{name}\" from {} with no saved file beside it; restored it as {target}",
                disk::local_time(when)
            )));
        }
        self.keep_moved(stem, "recovered", temp, when)?;
        Ok(Some(format!(
            "found an unsaved copy of \"{name}\" from {}, newer than its file; opening the workshop offers it",
            disk::local_time(when)
        )))
    }

    /// Moves `file` into the workshop's backups as `{prefix}-{time}.json`.
    fn keep_moved(&self, stem: &str, prefix: &str, file: &Path, when: Timestamp) -> io::Result<std::path::PathBuf> {
        let dir = self.backup_dir(stem);
        disk::ensure_dir(&dir)?;
        loop {
            let path = disk::unused_path(&dir, &format!("{prefix}-{}", disk::stamp(when)));
            if disk::move_no_clobber(file, &path)? {
                return Ok(path);
            }
        }
    }
}

fn remove_and_sync(file: &Path) -> io::Result<()> {
    fs::remove_file(file)?;
    disk::sync_dir(file.parent().unwrap_or(Path::new(".")))
}

/// For `.{name}.json.{suffix}`, the name of the workshop file it was going to replace.
/// Vim's swap files (`.name.json.swp`, `.swo`...) belong to a running editor: not ours.
fn temp_target(file_name: &str) -> Option<&str> {
    let rest = file_name.strip_prefix('.')?;
    let cut = rest.rfind(".json.")?;
    let (target, suffix) = (&rest[..cut + ".json".len()], &rest[cut + ".json.".len()..]);
    let vim_swap = suffix.len() == 3 && suffix.starts_with("sw");
    let harmless_target = cut > 0 && !target.starts_with('.') && !target.contains(['/', '\\']);
    (harmless_target && !suffix.is_empty() && !vim_swap).then_some(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_point_at_their_workshop() {
        assert_eq!(temp_target(".platform.json.Ab12Cd"), Some("platform.json"));
        assert_eq!(temp_target(".my.json.plan.json.x"), Some("my.json.plan.json"));
        assert_eq!(temp_target(".platform.json.new12x0x3"), Some("platform.json"));
        assert_eq!(temp_target(".platform.json.swp"), None);
        assert_eq!(temp_target(".platform.json."), None);
        assert_eq!(temp_target("platform.json.x"), None);
        assert_eq!(temp_target(".json.x"), None);
        assert_eq!(temp_target("..hidden.json.x"), None);
        assert_eq!(temp_target(".gitignore"), None);
    }
}
