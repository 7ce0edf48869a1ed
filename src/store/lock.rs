//! The "open elsewhere" lock: a sidecar `{slug}.lock` locked with `File::try_lock` and
//! holding who has it. Deciding to open read-only when it is held is the caller's business.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use jiff::Zoned;

use super::error::StoreError;
use super::slug::safe_stem;
use super::{Store, disk};
use crate::model::text::clean_line;

/// A held lock on one workshop. Dropping it releases the lock (so does the process ending,
/// however it ends).
#[derive(Debug)]
pub struct Lock {
    /// Held for its lock; never read.
    _held: File,
    path: PathBuf,
}

impl Lock {
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[derive(Debug)]
pub enum LockOutcome {
    Acquired(Lock),
    /// Someone else has the workshop open: who, as they wrote it ("pid 123 on host x since
    /// 10:32"), already cleaned for display.
    HeldBy(String),
}

pub(crate) enum Probe {
    Free(Option<File>),
    Busy,
}

/// What is shown when the holder has not written (or could not write) who it is.
const UNKNOWN_HOLDER: &str = "another Quarterdeck window";
const MAX_HOLDER_CHARS: usize = 120;

impl Store {
    /// `{slug}.lock`, beside the workshop.
    pub fn lock_path(&self, slug: &str) -> PathBuf {
        self.dir.join(format!("{}.lock", safe_stem(slug)))
    }

    /// Tries to take the workshop's lock without waiting.
    pub fn lock(&self, slug: &str) -> Result<LockOutcome, StoreError> {
        let path = self.lock_path(slug);
        let io_error = |e| StoreError::io(&path, e);
        let mut file = disk::private_file_options().read(true).write(true).create(true).truncate(false).open(&path).map_err(io_error)?;
        match file.try_lock() {
            Ok(()) => {
                // Who holds it is a courtesy for the other window; the lock works without it.
                let _ = write_holder(&mut file);
                Ok(LockOutcome::Acquired(Lock { _held: file, path }))
            }
            Err(TryLockError::WouldBlock) => Ok(LockOutcome::HeldBy(read_holder(&mut file))),
            Err(TryLockError::Error(e)) => Err(io_error(e)),
        }
    }

    /// Whether another process has the workshop open right now, without creating a lock
    /// file. While a `Free(Some(guard))` lives, nobody else can take the lock.
    pub(crate) fn probe_lock(&self, slug: &str) -> Probe {
        let Ok(file) = OpenOptions::new().read(true).write(true).open(self.lock_path(slug)) else {
            return Probe::Free(None);
        };
        match file.try_lock() {
            Ok(()) => Probe::Free(Some(file)),
            Err(TryLockError::WouldBlock) => Probe::Busy,
            Err(TryLockError::Error(_)) => Probe::Free(None),
        }
    }
}

fn write_holder(file: &mut File) -> io::Result<()> {
    let text = format!("pid {} on {} since {}\n", std::process::id(), host_name(), Zoned::now().strftime("%H:%M"));
    file.set_len(0)?;
    file.seek(SeekFrom::Start(0))?;
    file.write_all(text.as_bytes())?;
    file.flush()
}

fn read_holder(file: &mut File) -> String {
    let mut bytes = Vec::new();
    if file.seek(SeekFrom::Start(0)).is_err() || file.take(4096).read_to_end(&mut bytes).is_err() {
        return UNKNOWN_HOLDER.to_string();
    }
    // Anyone can write this file: clean it before it reaches a terminal.
    let text: String = clean_line(&String::from_utf8_lossy(&bytes)).chars().take(MAX_HOLDER_CHARS).collect();
    if text.is_empty() { UNKNOWN_HOLDER.to_string() } else { text }
}

fn host_name() -> String {
    let from_env = std::env::var("HOSTNAME").ok();
    let from_file = || std::fs::read_to_string("/etc/hostname").ok();
    from_env
        .or_else(from_file)
        .map(|h| clean_line(&h).chars().take(64).collect::<String>())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "this machine".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hostile_holder_text_is_cleaned() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("x.lock");
        std::fs::write(&path, format!("pid 1\u{1b}]0;pwned\u{7} {}", "x".repeat(500))).expect("write");
        let mut file = File::open(&path).expect("open");
        let text = read_holder(&mut file);
        assert!(text.starts_with("pid 1]0;pwned x"), "{text}");
        assert_eq!(text.chars().count(), MAX_HOLDER_CHARS);
        std::fs::write(&path, "").expect("write");
        let mut file = File::open(&path).expect("open");
        assert_eq!(read_holder(&mut file), UNKNOWN_HOLDER);
    }

    #[test]
    fn the_host_name_is_never_empty() {
        assert!(!host_name().is_empty());
    }
}
