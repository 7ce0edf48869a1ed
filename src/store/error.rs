//! `StoreError`: every way reading or writing the data folder can fail, each worded as one
//! sentence a person can act on, naming the file. What to do about an error is the caller's.

use std::io;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The operating system refused (missing permission, disk full, read-only folder...).
    #[error("could not read or write {}: {source}{}", path.display(), io_hint(source))]
    Io { path: PathBuf, source: io::Error },

    /// The operating system refused a read (of a workshop, or of the folder itself).
    #[error("could not read {}: {source}{}", path.display(), read_hint(source))]
    Read { path: PathBuf, source: io::Error },

    /// The file is not JSON, or not shaped like a workshop. `line` is 0 when the problem has
    /// no position (for example a missing `schema_version`).
    #[error(
        "{} is not a readable workshop ({}); it was left untouched — restore a backup from home",
        path.display(),
        location(*line, *column, message)
    )]
    Corrupt { path: PathBuf, line: usize, column: usize, message: String },

    #[error(
        "{} was written by a newer Quarterdeck (schema {found}, this one knows up to {supported}); update Quarterdeck to open it. The file was not changed.",
        path.display()
    )]
    NewerSchema { path: PathBuf, found: u32, supported: u32 },

    #[error("there is no workshop called \"{name}\" in {}; check the name on the home screen", dir.display())]
    NotFound { name: String, dir: PathBuf },

    #[error("{} already exists; choose another name", path.display())]
    AlreadyExists { path: PathBuf },

    #[error("could not find a data folder for Quarterdeck on this system; pass --data-dir or set QUARTERDECK_DATA_DIR")]
    NoDataDir,

    /// The trash entry or backup asked for is not there (any more).
    #[error("there is nothing to restore at {}; it may already have been restored or moved", path.display())]
    NothingToRestore { path: PathBuf },

    #[error("a workshop needs a name with at least one visible character; nothing was renamed")]
    EmptyName,

    /// The workshop in memory would not survive being written and read back (for example a
    /// number that is not finite); nothing was written.
    #[error(
        "could not save {}: the workshop would not read back ({message}); the file on disk was not changed",
        path.display()
    )]
    Unencodable { path: PathBuf, message: String },

    /// Another writer held the workshop's lock for longer than a save takes.
    #[error(
        "{} is being written by {holder} and was still busy after {waited} s; nothing was changed — try again in a moment",
        path.display()
    )]
    Busy { path: PathBuf, holder: String, waited: u64 },

    /// A link where the store expects its own file: following it could read or overwrite
    /// anything (a teammate can commit such a link).
    #[error(
        "{} is a symbolic link; Quarterdeck does not follow links in its data folder (one could point anywhere), so it was neither read nor written — replace the link with the file itself",
        path.display()
    )]
    Symlink { path: PathBuf },

    /// Git's conflict markers from a merge that was not finished.
    #[error(
        "{} has git conflict markers from an unfinished merge (line {line}); run `quarterdeck git-setup` in the folder once, then `git checkout -m {}` so Quarterdeck merges it. The file was left untouched.",
        path.display(),
        file_name(path)
    )]
    Conflicted { path: PathBuf, line: usize },

    /// Two items of one kind share an id: an edit would land on the wrong one.
    #[error(
        "{} has {count} items with the id {id} (lines {lines}), from a hand edit or a merge without Quarterdeck's merge driver; give all but one of them another id (eight letters and digits) or delete them. The file was left untouched.",
        path.display()
    )]
    DuplicateIds { path: PathBuf, id: String, count: usize, lines: String },
}

impl StoreError {
    pub(crate) fn io(path: &Path, source: io::Error) -> Self {
        StoreError::Io { path: path.to_path_buf(), source }
    }

    /// A refused read: its hint is about reading, never writing.
    pub(crate) fn read(path: &Path, source: io::Error) -> Self {
        StoreError::Read { path: path.to_path_buf(), source }
    }

    /// The message is cleaned: serde quotes the file's own text back ("unknown variant
    /// `…`"), and that text is as untrusted as the rest of the file.
    pub(crate) fn corrupt(path: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        let message = crate::model::text::clean_line(&message.into());
        StoreError::Corrupt { path: path.to_path_buf(), line, column, message }
    }

    /// The file this error is about, when there is one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            StoreError::Io { path, .. }
            | StoreError::Read { path, .. }
            | StoreError::Corrupt { path, .. }
            | StoreError::NewerSchema { path, .. }
            | StoreError::AlreadyExists { path }
            | StoreError::NothingToRestore { path }
            | StoreError::Unencodable { path, .. }
            | StoreError::Busy { path, .. }
            | StoreError::Symlink { path }
            | StoreError::Conflicted { path, .. }
            | StoreError::DuplicateIds { path, .. } => Some(path),
            StoreError::NotFound { .. } | StoreError::NoDataDir | StoreError::EmptyName => None,
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

fn location(line: usize, column: usize, message: &str) -> String {
    if line == 0 { message.to_string() } else { format!("line {line}, column {column}: {message}") }
}

/// What a person can do about the commonest refusals.
fn io_hint(error: &io::Error) -> &'static str {
    match error.kind() {
        io::ErrorKind::PermissionDenied => " (check that you may write to that folder)",
        io::ErrorKind::StorageFull => " (the disk is full; free some space)",
        io::ErrorKind::ReadOnlyFilesystem => " (the disk is mounted read-only)",
        _ => "",
    }
}

/// What a person can do about a refused read.
fn read_hint(error: &io::Error) -> &'static str {
    match error.kind() {
        io::ErrorKind::PermissionDenied => " (check that you may read it)",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_file_and_the_position() {
        let e = StoreError::corrupt(Path::new("/d/a.json"), 3, 7, "expected value");
        assert_eq!(
            e.to_string(),
            "/d/a.json is not a readable workshop (line 3, column 7: expected value); it was left untouched — restore a backup from home"
        );
        let e = StoreError::corrupt(Path::new("/d/a.json"), 0, 0, "no schema_version");
        assert!(e.to_string().contains("(no schema_version)"), "{e}");
        let e = StoreError::io(Path::new("/d/a.json"), io::Error::from(io::ErrorKind::PermissionDenied));
        assert!(e.to_string().starts_with("could not read or write /d/a.json: "), "{e}");
        assert!(e.to_string().ends_with("(check that you may write to that folder)"), "{e}");
        assert_eq!(e.path(), Some(Path::new("/d/a.json")));
        let e = StoreError::read(Path::new("/d/a.json"), io::Error::from(io::ErrorKind::PermissionDenied));
        assert!(e.to_string().starts_with("could not read /d/a.json: "), "{e}");
        assert!(e.to_string().ends_with("(check that you may read it)") && !e.to_string().contains("write"), "{e}");
    }
}
