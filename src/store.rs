//! The data folder: one pretty JSON file per workshop, saved atomically with backups, locked
//! per workshop, migrated on load. No UI here; callers decide what to show for each error.
//!
//! Layout of the folder:
//!
//! ```text
//! platform-team.json            a workshop (the slug of its name + .json)
//! platform-team.lock            held while a window has it open (see `lock`)
//! .gitignore                    so the folder can be a git repository of workshops
//! .backups/platform-team/       previous.json, timed snapshots, recovered copies (see `backup`)
//! .trash/platform-team.{time}.json   deleted workshops (see `trash`)
//! .platform-team.json.XXXXXX    a save in progress (tidied or recovered by `open`)
//! ```

mod apart;
mod aside;
mod backup;
mod codec;
mod disk;
mod error;
mod finite;
mod gather;
mod lock;
mod newer;
mod proposal;
mod prune;
mod recover;
mod rescue;
mod shared;
mod slug;
mod trash;
mod views;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

pub use backup::{Backup, BackupKind};
pub use error::StoreError;
pub use gather::{Gathered, gather_proposals};
pub use lock::{LOCK_WAIT, Lock};
pub use newer::NewerCopy;
pub use proposal::{
    FoundProposals, MAX_PROPOSAL_BYTES, PROPOSALS_DIR, ProposalSaved, proposal_files, proposal_folder, read_proposal, save_proposal,
    write_proposal,
};
pub use shared::{Committed, Fingerprint, Incoming, OnDisk, read_workshop_file, write_workshop_file};
pub use slug::{MAX_SLUG_LEN, slug};
pub use trash::TrashEntry;
pub use views::STATE_ENV;

use crate::model::text::clean_line;
use crate::model::{Step, Workshop};
use codec::Schema;
use slug::{numbered, safe_stem};

const BACKUPS_DIR: &str = ".backups";
const TRASH_DIR: &str = ".trash";

/// The data folder and everything in it.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    schema: Schema,
    /// This person's state folder (what they were looking at); `None` keeps nothing.
    state: Option<PathBuf>,
    /// How long a writer waits for another writer's lock.
    lock_wait: std::time::Duration,
    /// Where backups and the trash go when the folder is in a git work tree (see `aside`).
    aside: Option<PathBuf>,
    /// Opened only to read ([`Store::open_existing`]): loading writes nothing either.
    read_only: bool,
}

/// One workshop file as the home screen lists it.
#[derive(Debug)]
pub struct Listing {
    pub slug: String,
    pub path: PathBuf,
    pub modified: Option<Timestamp>,
    /// What the file holds, or why it cannot be opened (corrupt, newer, unreadable).
    pub summary: Result<Summary, StoreError>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub name: String,
    pub team: String,
    /// The period's label, such as `2027-Q1`.
    pub period: String,
    /// The step this person was last on (from their own state, not the file).
    pub step: Option<Step>,
    /// What is due depends on (`Workshop::due_facts`), for home and `status`.
    pub due: Option<Box<Workshop>>,
}

impl Store {
    /// The folder to use: the one given (`--data-dir` / `QUARTERDECK_DATA_DIR`), else the
    /// platform's data folder (`~/.local/share/quarterdeck` on Linux).
    pub fn resolve_dir(explicit: Option<PathBuf>) -> Result<PathBuf, StoreError> {
        match explicit {
            Some(dir) if !dir.as_os_str().is_empty() => Ok(dir),
            _ => directories::ProjectDirs::from("", "", "quarterdeck").map(|p| p.data_dir().to_path_buf()).ok_or(StoreError::NoDataDir),
        }
    }

    /// Opens the folder, creating it if needed, writing its `.gitignore` if absent and
    /// dealing with temporary files left by interrupted saves. The notices say, in plain
    /// words, what that recovery did (and anything it could not do).
    pub fn open(dir: PathBuf) -> Result<(Store, Vec<String>), StoreError> {
        let dir = std::path::absolute(&dir).unwrap_or(dir);
        disk::ensure_dir(&dir).map_err(|e| StoreError::io(&dir, e))?;
        if !dir.is_dir() {
            let e = io::Error::new(io::ErrorKind::NotADirectory, "it is a file, not a folder");
            return Err(StoreError::io(&dir, e));
        }
        let store = Store::at(dir, false);
        let mut notices = Vec::new();
        store.write_gitignore(&mut notices);
        store.move_aside_into_git(&mut notices);
        store.recover_temp_files(&mut notices);
        store.prune_trash(Timestamp::now());
        store.tidy_backup_temp_files(&mut notices);
        Ok((store, notices))
    }

    /// Opens the folder only to read (`list`, `check`, `export`): nothing is created or
    /// written, not the folder, its `.gitignore`, recovered temporary files nor the copy a
    /// migration keeps. A folder that does not exist holds no workshops; one that cannot be
    /// read (or is a file) is an error.
    pub fn open_existing(dir: PathBuf) -> Result<Store, StoreError> {
        let dir = std::path::absolute(&dir).unwrap_or(dir);
        match fs::metadata(&dir) {
            Ok(meta) if !meta.is_dir() => {
                return Err(StoreError::read(&dir, io::Error::new(io::ErrorKind::NotADirectory, "it is a file, not a folder")));
            }
            Ok(_) => drop(fs::read_dir(&dir).map_err(|e| StoreError::read(&dir, e))?),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(StoreError::read(&dir, e)),
        }
        Ok(Store::at(dir, true))
    }

    fn at(dir: PathBuf, read_only: bool) -> Store {
        let aside = aside::aside_in_git(&dir);
        Store { dir, schema: codec::SCHEMA, state: views::default_state_dir(), lock_wait: LOCK_WAIT, aside, read_only }
    }

    /// A store whose code pretends to know another schema (to test migrations end to end).
    #[cfg(test)]
    pub(crate) fn with_schema(mut self, schema: Schema) -> Self {
        self.schema = schema;
        self
    }

    /// Waits `wait` for another writer's lock instead of the usual five seconds.
    #[must_use]
    pub fn with_lock_wait(mut self, wait: std::time::Duration) -> Self {
        self.lock_wait = wait;
        self
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// `{dir}/{slug}.json`. A slug that could leave the folder (or is not a harmless file
    /// name) is turned into a proper slug first, so the result is always inside `dir`.
    pub fn path_of(&self, slug: &str) -> PathBuf {
        self.dir.join(format!("{}.json", safe_stem(slug)))
    }

    /// The slug of an existing workshop for what someone typed: its slug, its file stem,
    /// or its name (any case). `None` when nothing matches.
    pub fn find(&self, query: &str) -> Option<String> {
        let query = query.trim();
        let direct = [safe_stem(query).into_owned(), slug(query)];
        if let Some(hit) = direct.into_iter().find(|s| self.path_of(s).is_file()) {
            return Some(hit);
        }
        self.list().into_iter().find(|l| l.summary.as_ref().is_ok_and(|s| s.name.eq_ignore_ascii_case(query))).map(|l| l.slug)
    }

    /// Every workshop file, most recently modified first. Files that cannot be opened are
    /// listed too, with the reason as their summary.
    pub fn list(&self) -> Vec<Listing> {
        self.try_list().unwrap_or_default()
    }

    /// [`Store::list`], or why the folder itself cannot be read (a folder that does not
    /// exist holds no workshops).
    pub fn try_list(&self) -> Result<Vec<Listing>, StoreError> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(StoreError::read(&self.dir, e)),
        };
        let views = self.all_views();
        let mut listings: Vec<Listing> = entries
            .flatten()
            .filter_map(|entry| {
                let name = entry.file_name().into_string().ok()?;
                let slug = name.strip_suffix(".json").filter(|s| !s.is_empty() && !name.starts_with('.'))?;
                let path = entry.path();
                let meta = fs::metadata(&path).ok().filter(|m| !m.is_dir())?;
                let step = views.get(slug).and_then(|v| v.get("step")).and_then(|s| serde_json::from_value(s.clone()).ok());
                // A pipe or a device by a workshop's name is listed as one that cannot be read,
                // never opened (a pipe would block); a folder is no workshop at all.
                let summary = if meta.is_file() {
                    self.summarise(&path).map(|s| Summary { step, ..s })
                } else {
                    Err(StoreError::read(&path, disk::not_a_file()))
                };
                Some(Listing { slug: slug.to_string(), modified: disk::modified(&meta), summary, path })
            })
            .collect();
        listings.sort_by(|a, b| b.modified.cmp(&a.modified).then_with(|| a.slug.cmp(&b.slug)));
        Ok(listings)
    }

    fn summarise(&self, path: &Path) -> Result<Summary, StoreError> {
        let bytes = disk::read_capped(path).map_err(|e| StoreError::read(path, e))?;
        let h = codec::header(&bytes, path, self.schema)?;
        Ok(Summary { name: h.name, team: h.team, period: h.period, step: None, due: Some(Box::new(h.due)) })
    }

    /// Writes a new workshop under the slug of its name (`-2`, `-3`... when taken, even by
    /// another program at the same moment). Returns the slug.
    pub fn create(&self, workshop: &Workshop) -> Result<String, StoreError> {
        self.write_unique(&slug(&workshop.name), workshop)
    }

    fn write_unique(&self, base: &str, workshop: &Workshop) -> Result<String, StoreError> {
        let bytes = codec::encode(&self.path_of(base), workshop, self.schema)?;
        for n in 1..=10_000 {
            let candidate = numbered(base, n);
            let path = self.path_of(&candidate);
            if fs::symlink_metadata(&path).is_ok() {
                continue;
            }
            // Its lock, held while the new file is written: another process starting up
            // meanwhile would otherwise take the temporary file for a crash's leftover and
            // move it into place first.
            let _lock = self.lock(&candidate)?;
            if disk::write_new(&path, &bytes).map_err(|e| StoreError::io(&path, e))? {
                return Ok(candidate);
            }
        }
        Err(StoreError::AlreadyExists { path: self.path_of(base) })
    }

    /// Reads a workshop: older schemas are migrated (the original kept as
    /// `.backups/{slug}/schema-v{n}.json`), text is sanitised. Corrupt and newer files,
    /// links, files with conflict markers or duplicate ids are refused and left exactly as
    /// they are.
    pub fn load(&self, slug: &str) -> Result<Workshop, StoreError> {
        self.read(slug).map(|on_disk| on_disk.workshop)
    }

    fn read_existing(&self, slug: &str, path: &Path) -> Result<Vec<u8>, StoreError> {
        disk::read_capped(path).map_err(|e| {
            if e.kind() == io::ErrorKind::NotFound {
                StoreError::NotFound { name: slug.to_string(), dir: self.dir.clone() }
            } else {
                shared::read_error(path, e)
            }
        })
    }

    /// Saves atomically and durably, over whatever the file holds (writers that may race
    /// others use [`Store::commit`] or [`Store::update`]). Before a readable file is
    /// replaced it is kept as `previous.json` (and as a timed snapshot every ten minutes);
    /// an unreadable one is kept as `replaced-{time}.json`; a file from a newer Quarterdeck
    /// is never replaced. Saving what is already on disk writes nothing. On error nothing
    /// on disk changed.
    pub fn save(&self, slug: &str, workshop: &Workshop) -> Result<Timestamp, StoreError> {
        self.save_at(slug, workshop, Timestamp::now())
    }

    pub(crate) fn save_at(&self, slug: &str, workshop: &Workshop, now: Timestamp) -> Result<Timestamp, StoreError> {
        let _lock = self.lock(slug)?;
        self.save_locked(slug, workshop, now)
    }

    fn save_locked(&self, slug: &str, workshop: &Workshop, now: Timestamp) -> Result<Timestamp, StoreError> {
        let path = self.path_of(slug);
        let bytes = codec::encode(&path, workshop, self.schema)?;
        let existing = match disk::read_capped(&path) {
            Ok(existing) if existing == bytes => return Ok(now),
            Ok(existing) => {
                let readable = match codec::decode(&existing, &path, self.schema) {
                    Ok(decoded) => {
                        if let Some(from) = decoded.migrated_from {
                            self.keep_pre_migration(slug, from, &existing)?;
                        }
                        true
                    }
                    Err(e @ StoreError::NewerSchema { .. }) => return Err(e),
                    Err(_) => false,
                };
                Some((existing, readable))
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(shared::read_error(&path, e)),
        };
        self.replace(slug, &path, existing.as_ref().map(|(b, r)| (b.as_slice(), *r)), &bytes, now)?;
        Ok(now)
    }

    /// Gives a workshop a new name and the file the slug of that name (numbered if taken);
    /// its backups follow. Returns the new slug. Corrupt or newer files are refused.
    pub fn rename(&self, slug: &str, new_name: &str) -> Result<String, StoreError> {
        let old = safe_stem(slug).into_owned();
        // Held throughout: a save from another window waits, then finds the file gone and
        // writes it again rather than losing its changes.
        let _lock = self.lock(&old)?;
        let path = self.path_of(&old);
        let bytes = self.read_existing(slug, &path)?;
        let decoded = codec::decode(&bytes, &path, self.schema)?;
        let name = clean_line(new_name);
        if name.is_empty() {
            return Err(StoreError::EmptyName);
        }
        let mut workshop = decoded.workshop;
        workshop.name = name;
        let base = self::slug(&workshop.name);
        if base == old {
            self.save_locked(&old, &workshop, Timestamp::now())?;
            return Ok(old);
        }
        if let Some(from) = decoded.migrated_from {
            self.keep_pre_migration(&old, from, &bytes)?;
        }
        let new = self.write_unique(&base, &workshop)?;
        // The renamed copy is safe on disk. Backups that cannot follow stay under the old
        // slug, where they are not lost.
        let _ = disk::move_dir_merging(&self.backup_dir(&old), &self.backup_dir(&new));
        fs::remove_file(&path).map_err(|e| StoreError::io(&path, e))?;
        disk::sync_dir(&self.dir).map_err(|e| StoreError::io(&self.dir, e))?;
        Ok(new)
    }
}

/// Writes a file outside the data folder (an export) durably: temporary file, fsync, rename,
/// so a half-written document never replaces a good one. The error is one sentence.
pub fn write_export(path: &Path, text: &str) -> Result<(), String> {
    use std::io::Write as _;
    let fail = |e: io::Error| format!("could not write {}: {e}", path.display());
    let mut file = atomic_write_file::AtomicWriteFile::options().open(path).map_err(fail)?;
    file.write_all(text.as_bytes()).map_err(fail)?;
    file.commit().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Period;

    fn workshop(name: &str) -> Workshop {
        let period = Period::parse("2027-Q1").expect("period");
        Workshop::new(name, "Infra", period, Timestamp::UNIX_EPOCH)
    }

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("tempdir");
        let (store, notices) = Store::open(dir.path().join("data")).expect("open");
        assert!(notices.is_empty(), "{notices:?}");
        (dir, store)
    }

    fn at(text: &str) -> Timestamp {
        text.parse().expect("timestamp")
    }

    fn kinds(store: &Store, slug: &str) -> Vec<(BackupKind, String)> {
        store.backups(slug).into_iter().map(|b| (b.kind, b.path.file_name().expect("name").to_string_lossy().into_owned())).collect()
    }

    fn set_modified(path: &Path, t: Timestamp) {
        let file = fs::File::options().write(true).open(path).expect("open");
        file.set_modified(std::time::SystemTime::from(t)).expect("set mtime");
    }

    #[test]
    fn every_save_keeps_the_version_it_replaced_as_a_snapshot_named_when_it_was_written() {
        let (_tmp, store) = store();
        let mut w = workshop("Platform");
        let slug = store.create(&w).expect("create");
        let start = at("2027-01-04T09:00:00Z");
        set_modified(&store.path_of(&slug), start);

        // First replacement: a snapshot of the version written at 09:00.
        w.team = "v2".into();
        store.save_at(&slug, &w, at("2027-01-04T09:01:00Z")).expect("save");
        assert_eq!(
            kinds(&store, &slug),
            [(BackupKind::Previous, "previous.json".into()), (BackupKind::Snapshot, "20270104T090000Z.json".into())]
        );
        // Four minutes later: previous.json moves on, and the 09:01 version is kept too.
        set_modified(&store.path_of(&slug), at("2027-01-04T09:01:00Z"));
        w.team = "v3".into();
        store.save_at(&slug, &w, at("2027-01-04T09:05:00Z")).expect("save");
        assert_eq!(store.backups(&slug).len(), 3);
        let previous = fs::read_to_string(store.backup_dir(&slug).join("previous.json")).expect("read");
        assert!(previous.contains("\"team\": \"v2\""), "{previous}");

        // Every 11 minutes for an hour: each replaced version kept (within the last ten saves).
        for i in 1..=6 {
            let written = start.checked_add(jiff::SignedDuration::from_mins(11 * i)).expect("time");
            set_modified(&store.path_of(&slug), written);
            w.team = format!("v{}", i + 3);
            let now = written.checked_add(jiff::SignedDuration::from_secs(30)).expect("time");
            store.save_at(&slug, &w, now).expect("save");
        }
        let snapshots = kinds(&store, &slug).into_iter().filter(|(k, _)| *k == BackupKind::Snapshot).count();
        assert_eq!(snapshots, 8);
        let first = fs::read_to_string(store.backup_dir(&slug).join("20270104T090000Z.json")).expect("read");
        assert!(first.contains("\"name\": \"Platform\""), "the first version is still there");
        let v4 = fs::read_to_string(store.backup_dir(&slug).join("20270104T092200Z.json")).expect("read");
        assert!(v4.contains("\"team\": \"v4\""), "a snapshot holds the version written at its time");
    }

    #[test]
    fn saving_the_same_thing_again_writes_nothing() {
        let (_tmp, store) = store();
        let w = workshop("Platform");
        let slug = store.create(&w).expect("create");
        store.save(&slug, &w).expect("save");
        assert!(store.backups(&slug).is_empty(), "no backup of an identical file");
    }

    #[test]
    fn migrations_keep_the_original_and_the_result_saves_in_the_new_schema() {
        let (_tmp, store) = store();
        let slug = store.create(&workshop("Platform")).expect("create");
        let original = fs::read(store.path_of(&slug)).expect("read");
        let future = store.clone().with_schema(codec::future::FUTURE);

        let loaded = future.load(&slug).expect("migrated");
        assert_eq!(loaded.name, "PLATFORM");
        assert_eq!(kinds(&future, &slug), [(BackupKind::BeforeMigration, "schema-v2.json".into())]);
        let kept = future.backup_dir(&slug).join("schema-v2.json");
        assert_eq!(fs::read(&kept).expect("read"), original);
        assert_eq!(fs::read(future.path_of(&slug)).expect("read"), original, "loading changes nothing");

        // Even if the pre-migration copy went missing, saving puts it back before replacing.
        fs::remove_file(&kept).expect("rm");
        future.save(&slug, &loaded).expect("save");
        assert_eq!(fs::read(&kept).expect("read"), original);
        let saved = fs::read_to_string(future.path_of(&slug)).expect("read");
        assert!(saved.contains("\"schema_version\": 4"), "{saved}");
        // ...and this build, which only knows schema 2, refuses the result.
        assert!(matches!(store.load(&slug), Err(StoreError::NewerSchema { found: 4, supported: 2, .. })));
    }

    #[test]
    fn renaming_to_the_same_slug_keeps_the_file() {
        let (_tmp, store) = store();
        let slug = store.create(&workshop("Platform")).expect("create");
        assert_eq!(store.rename(&slug, "PLATFORM").expect("rename"), "platform");
        assert_eq!(store.load("platform").expect("load").name, "PLATFORM");
        assert!(matches!(store.rename(&slug, " \u{7} "), Err(StoreError::EmptyName)));
    }

    #[test]
    fn find_accepts_slugs_stems_and_names() {
        let (_tmp, store) = store();
        let slug = store.create(&workshop("Platform Team")).expect("create");
        fs::write(store.dir().join("Hand named.json"), fs::read(store.path_of(&slug)).expect("read")).expect("write");
        assert_eq!(store.find("platform-team").as_deref(), Some("platform-team"));
        assert_eq!(store.find("Platform Team").as_deref(), Some("platform-team"));
        assert_eq!(store.find("Hand named").as_deref(), Some("Hand named"));
        assert_eq!(store.find("nothing"), None);
    }

    #[test]
    fn open_refuses_a_file_where_the_folder_should_be() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("data");
        fs::write(&file, "").expect("write");
        let err = Store::open(file).expect_err("not a folder");
        assert!(matches!(err, StoreError::Io { .. }), "{err}");
    }

    #[test]
    fn resolve_dir_prefers_the_explicit_folder() {
        let explicit = PathBuf::from("/tmp/somewhere");
        assert_eq!(Store::resolve_dir(Some(explicit.clone())).expect("dir"), explicit);
        if let Ok(default) = Store::resolve_dir(None) {
            assert!(default.ends_with("quarterdeck"), "{}", default.display());
        }
    }

    #[test]
    fn the_gitignore_covers_everything_but_workshops() {
        let (_tmp, store) = store();
        let text = fs::read_to_string(store.dir().join(".gitignore")).expect("read");
        for line in ["*.lock", ".backups/", ".trash/", ".*.json.*"] {
            assert!(text.lines().any(|l| l == line), "{line}");
        }
        fs::write(store.dir().join(".gitignore"), "mine\n").expect("write");
        Store::open(store.dir().to_path_buf()).expect("reopen");
        assert_eq!(fs::read_to_string(store.dir().join(".gitignore")).expect("read"), "mine\n", "never replaced");
    }
}
