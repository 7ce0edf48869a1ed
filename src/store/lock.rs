//! The write lock: a sidecar `{slug}.lock` locked with `File::try_lock` and holding who
//! has it. Every writer holds it only around one read-merge-write (a save, a check-in, a
//! rename), never for a whole session, and waits a little for it instead of failing: so a
//! cron check-in lands while the app is open, and two windows on one workshop both edit.
//! The file is opened without following links and stays readable by its owner only.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jiff::Zoned;

use super::error::StoreError;
use super::slug::safe_stem;
use super::{Store, disk};
use crate::model::text::clean_line;

/// How long a writer waits for another one before giving up with [`StoreError::Busy`].
/// A save of the largest workshop takes well under a second.
pub const LOCK_WAIT: Duration = Duration::from_secs(5);

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

pub(crate) enum Probe {
    Free(Option<File>),
    Busy,
}

/// What is shown when the holder has not written (or could not write) who it is.
const UNKNOWN_HOLDER: &str = "another Quarterdeck";
const MAX_HOLDER_CHARS: usize = 120;

impl Store {
    /// `{slug}.lock`, beside the workshop.
    pub fn lock_path(&self, slug: &str) -> PathBuf {
        self.dir.join(format!("{}.lock", safe_stem(slug)))
    }

    /// Takes the workshop's write lock, waiting up to the store's lock wait (5 s unless
    /// changed) while another writer has it.
    pub fn lock(&self, slug: &str) -> Result<Lock, StoreError> {
        lock_at(self.lock_path(slug), self.lock_wait)
    }

    /// Whether another process is writing the workshop right now, without creating a lock
    /// file. While a `Free(Some(guard))` lives, nobody else can take the lock.
    pub(crate) fn probe_lock(&self, slug: &str) -> Probe {
        let Ok(file) = disk::no_follow(OpenOptions::new().read(true).write(true)).open(self.lock_path(slug)) else {
            return Probe::Free(None);
        };
        match file.try_lock() {
            Ok(()) => Probe::Free(Some(file)),
            Err(TryLockError::WouldBlock) => Probe::Busy,
            Err(TryLockError::Error(_)) => Probe::Free(None),
        }
    }
}

/// The lock beside a file that is not a workshop (a proposal): `{file name}.lock`.
pub fn lock_beside(file: &Path) -> Result<Lock, StoreError> {
    let mut name = file.file_name().map(std::ffi::OsStr::to_os_string).unwrap_or_default();
    name.push(".lock");
    lock_at(file.with_file_name(name), LOCK_WAIT)
}

/// Takes the lock in `path`, waiting up to `wait` while another writer has it.
fn lock_at(path: PathBuf, wait: Duration) -> Result<Lock, StoreError> {
    let io_error =
        |e: io::Error| if disk::is_link_refused(&e) { StoreError::Symlink { path: path.clone() } } else { StoreError::io(&path, e) };
    let mut options = disk::private_file_options();
    let mut file = disk::no_follow(options.read(true).write(true).create(true).truncate(false)).open(&path).map_err(io_error)?;
    let started = Instant::now();
    let mut pause = Duration::from_millis(2);
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(TryLockError::WouldBlock) if started.elapsed() < wait => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(50));
            }
            Err(TryLockError::WouldBlock) => {
                return Err(StoreError::Busy { holder: read_holder(&mut file), waited: wait.as_secs(), path });
            }
            Err(TryLockError::Error(e)) => return Err(io_error(e)),
        }
    }
    // Who holds it is a courtesy for a writer kept waiting; the lock works without it.
    let _ = write_holder(&mut file);
    Ok(Lock { _held: file, path })
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
