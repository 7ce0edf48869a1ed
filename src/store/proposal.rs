//! Proposal files on disk: reading one (untrusted, capped), writing one durably, where they
//! go by default (`DATA/proposals/`), and which files a typed path stands for. The format
//! and the merge are in `model::proposal`.

use std::fs::{self, File};
use std::io::{self, ErrorKind, Read};
use std::path::{Path, PathBuf};

use super::error::StoreError;
use super::{Store, disk, slug};
use crate::model::proposal::{Proposal, ProposalError, parse_proposal};
use crate::model::text::clean_line;

/// The folder of proposals inside the data folder. Not ignored by its `.gitignore`: a team
/// may commit proposals beside its workshops.
pub const PROPOSALS_DIR: &str = "proposals";

/// No proposal comes near this; anything larger is refused rather than read into memory.
pub const MAX_PROPOSAL_BYTES: u64 = 8 * 1024 * 1024;

impl Store {
    /// `DATA/proposals`.
    pub fn proposals_dir(&self) -> PathBuf {
        self.dir.join(PROPOSALS_DIR)
    }

    /// `DATA/proposals/{slug of the author}.json`, or `proposal.json` when the author has no
    /// name a file could be named after.
    pub fn default_proposal_path(&self, author: &str) -> PathBuf {
        let author = clean_line(author);
        let stem = slug(&author);
        // `slug` falls back to "workshop" for names without letters or digits.
        let named = !author.is_empty() && (stem != "workshop" || author.to_lowercase().contains("workshop"));
        let stem = if named { stem } else { "proposal".to_string() };
        self.proposals_dir().join(format!("{stem}.json"))
    }
}

/// The path as a person typed it, safe to show.
fn shown(path: &Path) -> String {
    let text = clean_line(&path.display().to_string());
    if text.is_empty() { "the proposal file".to_string() } else { text }
}

/// Reads a proposal file: a regular file of at most [`MAX_PROPOSAL_BYTES`], parsed and
/// sanitised by [`parse_proposal`]. The error is one sentence naming the file.
pub fn read_proposal(path: &Path) -> Result<Proposal, String> {
    let bytes = read_bytes(path)?;
    parse_proposal(&shown(path), &bytes).map_err(|e| e.to_string())
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    let shown = shown(path);
    let fail = |e: &io::Error| match e.kind() {
        ErrorKind::NotFound => format!("{shown} does not exist; check the path and try again"),
        ErrorKind::PermissionDenied => format!("{shown} cannot be read (permission denied); check its permissions"),
        ErrorKind::IsADirectory => format!("{shown} is a folder; choose a proposal file inside it"),
        _ => format!("{shown} cannot be read ({}); check the path and try again", clean_line(&e.to_string())),
    };
    // Checked before opening: opening a named pipe would wait for a writer forever.
    let metadata = fs::metadata(path).map_err(|e| fail(&e))?;
    if metadata.is_dir() {
        return Err(format!("{shown} is a folder; choose a proposal file inside it"));
    }
    if !metadata.is_file() {
        return Err(format!("{shown} is not a regular file; choose a proposal file written by `quarterdeck propose`"));
    }
    let too_big = || {
        format!(
            "{shown} is over {} MB, far larger than any proposal; choose a proposal file written by `quarterdeck propose`",
            MAX_PROPOSAL_BYTES / (1024 * 1024)
        )
    };
    if metadata.len() > MAX_PROPOSAL_BYTES {
        return Err(too_big());
    }
    let file = File::open(path).map_err(|e| fail(&e))?;
    let mut bytes = Vec::new();
    file.take(MAX_PROPOSAL_BYTES + 1).read_to_end(&mut bytes).map_err(|e| fail(&e))?;
    if bytes.len() as u64 > MAX_PROPOSAL_BYTES {
        return Err(too_big());
    }
    Ok(bytes)
}

/// What saving a draft wrote: the proposal now in the file, as a reader sees it (this
/// window's draft, or it merged with what another window wrote meanwhile), and what came
/// in from the other window.
#[derive(Debug, Clone)]
pub struct ProposalSaved {
    pub written: Proposal,
    pub merged: Option<String>,
}

/// Saves a draft to its file, holding the file's lock (`{file}.lock`) from the read to
/// the write: when the file changed since `base` (another window drafting the same
/// proposal), both windows' changes are merged by id and field ([`Proposal::rebase`]), so
/// neither is lost. Anything else at `path` is left alone, as by [`write_proposal`].
pub fn save_proposal(path: &Path, base: Option<&Proposal>, ours: &Proposal) -> Result<ProposalSaved, StoreError> {
    ensure_parent(path)?;
    let _lock = super::lock::lock_beside(path)?;
    let there = existing(path, &ours.id)?;
    let (next, merged) = match there.as_ref().map(|(_, theirs)| theirs) {
        Some(theirs) if Some(theirs) != base && theirs != ours => {
            let (merged, said) = theirs.rebase(base, ours);
            (merged, said.sentence())
        }
        _ => (ours.clone(), None),
    };
    let (bytes, written) = encode(path, &next)?;
    write_if_changed(path, &bytes, there.as_ref().map(|(old, _)| old.as_slice()))?;
    Ok(ProposalSaved { written, merged })
}

/// Writes a proposal as pretty JSON, atomically and durably, creating the folder. Only a
/// missing or empty file, or a file holding this same proposal (same id), is replaced:
/// anything else at `path` (a workshop, another person's proposal, a file from a newer
/// Quarterdeck) is left alone and `AlreadyExists` returned. Writing what is already there
/// writes nothing. Returns the proposal as a reader of the file sees it.
pub fn write_proposal(path: &Path, proposal: &Proposal) -> Result<Proposal, StoreError> {
    let (bytes, written) = encode(path, proposal)?;
    let there = existing(path, &written.id)?;
    ensure_parent(path)?;
    write_if_changed(path, &bytes, there.as_ref().map(|(old, _)| old.as_slice()))?;
    Ok(written)
}

/// The pretty JSON of a proposal, and the proposal as a reader of those bytes sees it (what
/// is written must open again).
fn encode(path: &Path, proposal: &Proposal) -> Result<(Vec<u8>, Proposal), StoreError> {
    let unencodable = |message: String| StoreError::Unencodable { path: path.to_path_buf(), message };
    let mut bytes = serde_json::to_vec_pretty(proposal).map_err(|e| unencodable(e.to_string()))?;
    bytes.push(b'\n');
    let written = parse_proposal(&shown(path), &bytes).map_err(|e| unencodable(e.to_string()))?;
    Ok((bytes, written))
}

/// What `path` holds when it may be replaced by the proposal `id`: `None` for a missing or
/// empty file, its bytes and proposal when it holds that same proposal; anything else is
/// `AlreadyExists`.
fn existing(path: &Path, id: &str) -> Result<Option<(Vec<u8>, Proposal)>, StoreError> {
    match disk::read_capped(path) {
        Ok(bytes) if bytes.iter().all(u8::is_ascii_whitespace) => Ok(None),
        Ok(bytes) => match parse_proposal("", &bytes) {
            Ok(there) if there.id == id => Ok(Some((bytes, there))),
            _ => Err(StoreError::AlreadyExists { path: path.to_path_buf() }),
        },
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(StoreError::io(path, e)),
    }
}

fn ensure_parent(path: &Path) -> Result<(), StoreError> {
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) => disk::ensure_dir(parent).map_err(|e| StoreError::io(parent, e)),
        None => Ok(()),
    }
}

/// Writes `bytes` durably unless the file already holds them (`old`).
fn write_if_changed(path: &Path, bytes: &[u8], old: Option<&[u8]>) -> Result<(), StoreError> {
    if old == Some(bytes) {
        return Ok(());
    }
    disk::write_durably(path, bytes).map_err(|e| StoreError::io(path, e))
}

/// The proposal files a path stands for, and the subfolders it did not enter.
#[derive(Debug, Default)]
pub struct FoundProposals {
    pub files: Vec<PathBuf>,
    /// Folders directly inside the folder given: a merge does not enter them.
    pub skipped_folders: Vec<String>,
}

/// The proposal files a typed path stands for: a file is itself (whatever it holds; reading
/// it says if it is not a proposal); a folder is every `*.json` directly in it that claims
/// to be a proposal, sorted, skipping workshops, other JSON and binary files silently (a
/// proposal that cannot be read is kept, so that reading it says why). A folder without
/// proposals, or a path that cannot be read, is an error naming it.
pub fn proposal_files(path: &Path) -> Result<Vec<PathBuf>, String> {
    proposal_folder(path).map(|found| found.files)
}

/// Like [`proposal_files`], also naming the subfolders of a folder, which are not entered.
pub fn proposal_folder(path: &Path) -> Result<FoundProposals, String> {
    let shown = shown(path);
    let metadata = fs::metadata(path).map_err(|e| match e.kind() {
        ErrorKind::NotFound => format!("{shown} does not exist; check the path and try again"),
        ErrorKind::PermissionDenied => format!("{shown} cannot be read (permission denied); check its permissions"),
        _ => format!("{shown} cannot be read ({}); check the path and try again", clean_line(&e.to_string())),
    })?;
    if !metadata.is_dir() {
        return Ok(FoundProposals { files: vec![path.to_path_buf()], skipped_folders: Vec::new() });
    }
    let entries =
        fs::read_dir(path).map_err(|e| format!("{shown} cannot be listed ({}); check its permissions", clean_line(&e.to_string())))?;
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || !name.to_ascii_lowercase().ends_with(".json") {
                return None;
            }
            let file = entry.path();
            fs::metadata(&file).ok().filter(fs::Metadata::is_file)?;
            let not_a_proposal = read_bytes(&file).is_ok_and(|bytes| {
                matches!(parse_proposal(&name, &bytes), Err(ProposalError::NotAProposal { .. } | ProposalError::Binary { .. }))
            });
            (!not_a_proposal).then_some(file)
        })
        .collect();
    let skipped_folders = super::gather::subfolders(path);
    if files.is_empty() {
        let inside = if skipped_folders.is_empty() {
            String::new()
        } else {
            format!(" (subfolders are not entered: {})", skipped_folders.join(", "))
        };
        return Err(format!(
            "{shown} holds no proposal files{inside}; choose a .json file written by `quarterdeck propose` or the folder holding them"
        ));
    }
    files.sort();
    Ok(FoundProposals { files, skipped_folders })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Period, ProposedInitiative, Size, Workshop};
    use jiff::Timestamp;

    fn at(text: &str) -> Timestamp {
        text.parse().expect("timestamp")
    }

    fn proposal(author: &str) -> Proposal {
        let mut p = Proposal::new(author, at("2027-01-02T10:00:00Z"));
        p.initiatives.push(ProposedInitiative {
            id: 1,
            title: "Faster CI".into(),
            description: "Cache.\nShard.".into(),
            size: Size::Large,
            impact: Some(4),
            cost: Some(2),
            created: at("2027-01-02T10:05:00Z"),
            ..ProposedInitiative::default()
        });
        p
    }

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("tempdir");
        let (store, _) = Store::open(dir.path().join("data")).expect("open");
        (dir, store)
    }

    #[test]
    fn default_paths_are_slugs_in_the_proposals_folder() {
        let (_tmp, store) = store();
        let dir = store.dir().join("proposals");
        assert_eq!(store.proposals_dir(), dir);
        assert_eq!(store.default_proposal_path("Ada Lovelace"), dir.join("ada-lovelace.json"));
        assert_eq!(store.default_proposal_path("../../etc/passwd"), dir.join("etc-passwd.json"));
        assert_eq!(store.default_proposal_path(" \u{7} "), dir.join("proposal.json"));
        assert_eq!(store.default_proposal_path("数据"), dir.join("proposal.json"));
        assert_eq!(store.default_proposal_path("Workshop"), dir.join("workshop.json"));
    }

    #[test]
    fn writes_are_pretty_and_read_back_equal() {
        let (_tmp, store) = store();
        let path = store.default_proposal_path("Ada");
        let p = proposal("Ada");
        write_proposal(&path, &p).expect("write");
        let text = fs::read_to_string(&path).expect("read");
        assert!(text.starts_with("{\n  \"quarterdeck_proposal\": 1,\n  \"id\": "), "{text}");
        assert!(text.ends_with("}\n"));
        assert_eq!(read_proposal(&path).expect("read"), p);
        let names: Vec<_> = fs::read_dir(store.proposals_dir()).expect("ls").map(|e| e.expect("entry").file_name()).collect();
        assert_eq!(names, ["ada.json"], "no temporary file left");
    }

    #[test]
    fn only_the_same_proposal_is_ever_replaced() {
        let (_tmp, store) = store();
        let path = store.default_proposal_path("Ada");
        let mut p = proposal("Ada");
        write_proposal(&path, &p).expect("write");
        p.initiatives[0].title = "Much faster CI".into();
        write_proposal(&path, &p).expect("the same proposal, edited");
        assert_eq!(read_proposal(&path).expect("read").initiatives[0].title, "Much faster CI");

        let other = proposal("Ada");
        assert!(matches!(write_proposal(&path, &other), Err(StoreError::AlreadyExists { .. })), "another draft");
        let workshop = Workshop::new("Platform", "", Period::parse("2027-Q1").expect("period"), Timestamp::UNIX_EPOCH);
        let slug = store.create(&workshop).expect("create");
        let before = fs::read(store.path_of(&slug)).expect("read");
        assert!(matches!(write_proposal(&store.path_of(&slug), &p), Err(StoreError::AlreadyExists { .. })));
        assert_eq!(fs::read(store.path_of(&slug)).expect("read"), before, "a workshop is never overwritten");
        let newer = store.proposals_dir().join("newer.json");
        fs::write(&newer, r#"{"quarterdeck_proposal": 2, "id": "x"}"#).expect("write");
        assert!(write_proposal(&newer, &p).is_err());
        let empty = store.proposals_dir().join("empty.json");
        fs::write(&empty, "").expect("write");
        write_proposal(&empty, &p).expect("an empty file holds nothing to lose");
    }

    #[test]
    fn odd_files_are_refused_in_one_sentence() {
        let (_tmp, store) = store();
        let dir = store.proposals_dir();
        fs::create_dir_all(&dir).expect("mkdir");
        let e = read_proposal(&dir.join("none.json")).expect_err("missing");
        assert!(e.ends_with("none.json does not exist; check the path and try again"), "{e}");
        let e = read_proposal(&dir).expect_err("folder");
        assert!(e.ends_with("proposals is a folder; choose a proposal file inside it"), "{e}");
        let big = dir.join("big.json");
        File::create(&big).expect("create").set_len(MAX_PROPOSAL_BYTES + 1).expect("sparse");
        let e = read_proposal(&big).expect_err("too big");
        assert!(e.contains("big.json is over 8 MB"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn named_pipes_are_refused_without_blocking() {
        let (_tmp, store) = store();
        let fifo = store.dir().join("pipe.json");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo here
        }
        let e = read_proposal(&fifo).expect_err("fifo");
        assert!(e.contains("is not a regular file"), "{e}");
    }
}
