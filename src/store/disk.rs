//! File-system primitives: capped reads, durable atomic writes, moves that never overwrite,
//! folder syncs, file-name timestamps. Nothing here knows what a workshop is.

use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use atomic_write_file::AtomicWriteFile;
use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;

/// Files the store creates are readable by their owner only (Unix); see [`FOLDER_MODE`].
#[cfg(unix)]
const FILE_MODE: u32 = 0o600;
/// Folders the store creates (the data folder, backups, trash, proposals) likewise.
#[cfg(unix)]
const FOLDER_MODE: u32 = 0o700;

/// The largest workshop file read or written (a workshop of 100,000 imported items with
/// long descriptions is about 150 MB). The same limit on both sides: what the store writes
/// it can read back. Anything larger is refused rather than read into memory.
pub(crate) const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// UTC timestamps in file names: `20270104T093000Z`.
const STAMP: &str = "%Y%m%dT%H%M%SZ";
const STAMP_LEN: usize = 16;

/// Reads a whole file, refusing files larger than [`MAX_FILE_BYTES`], symbolic links (see
/// [`is_link_refused`]) and anything that is not a regular file (a folder, a named pipe or a
/// device, which could block forever).
pub(crate) fn read_capped(path: &Path) -> io::Result<Vec<u8>> {
    let meta = fs::metadata(path)?;
    if !meta.is_file() {
        return Err(not_a_file());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(meta.len()));
    }
    let file = no_follow(OpenOptions::new().read(true)).open(path)?;
    // Room for the whole file at once (and one byte to see it grew): a workshop of several
    // megabytes is read without growing and copying the buffer a dozen times.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0).saturating_add(1));
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// A file over [`MAX_FILE_BYTES`], in words with both sizes.
fn too_large(len: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!("the file is {}, more than the {} a workshop file may hold", megabytes(len), megabytes(MAX_FILE_BYTES)),
    )
}

/// `153 MB`.
pub(crate) fn megabytes(len: u64) -> String {
    format!("{} MB", len.div_ceil(1024 * 1024))
}

/// Makes `options` refuse to open a symbolic link (the error is then one
/// [`is_link_refused`] recognises). Links in the data folder are never followed: a teammate
/// can commit one that points anywhere.
pub(crate) fn no_follow(options: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(options, libc::O_NOFOLLOW);
    options
}

/// Whether an open failed because the path is a symbolic link (see [`no_follow`]).
pub(crate) fn is_link_refused(e: &io::Error) -> bool {
    #[cfg(unix)]
    return e.raw_os_error() == Some(libc::ELOOP);
    #[cfg(not(unix))]
    return false;
}

/// The error for a path that is not a regular file.
pub(crate) fn not_a_file() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, "it is not a regular file (a folder, a pipe or a device)")
}

/// Replaces `path` with `bytes` all at once: temporary file in the same folder, fsync,
/// rename over, fsync the folder. After a crash the file is either the old or the new one.
/// The file is readable by its owner only, whatever the file it replaced allowed.
pub(crate) fn write_durably(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = AtomicWriteFile::options();
    #[cfg(unix)]
    {
        atomic_write_file::unix::OpenOptionsExt::preserve_mode(&mut options, false);
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, FILE_MODE);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.commit()
}

/// Makes `target` another name for the file at `source` (a hard link, placed atomically
/// and made durable with a sync of its folder), so keeping the previous version costs no
/// copy: the save that follows replaces `source` with a new file and the old one lives on
/// under `target`. Falls back to writing `bytes` where links are not possible.
pub(crate) fn link_durably(source: &Path, target: &Path, bytes: &[u8]) -> io::Result<()> {
    let temp = temp_sibling(target);
    let linked = fs::hard_link(source, &temp).and_then(|()| fs::rename(&temp, target)).and_then(|()| sync_parent(target));
    match linked {
        Ok(()) => Ok(()),
        Err(_) => {
            let _ = fs::remove_file(&temp);
            write_durably(target, bytes)
        }
    }
}

/// Writes `bytes` to `path` only if nothing is there yet, atomically and durably. `false`
/// when the name was taken (even by another program at the same moment). The file is
/// readable by its owner only.
pub(crate) fn write_new(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    let temp = temp_sibling(path);
    let written = (|| {
        let mut file = private_file_options().write(true).create_new(true).open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    let moved = written.and_then(|()| move_no_clobber(&temp, path));
    if !matches!(moved, Ok(true)) {
        // Best effort: a leftover temporary file is tidied at the next start.
        let _ = fs::remove_file(&temp);
    }
    moved
}

/// Moves a file to `to` unless something is already there (`false` then, nothing moved).
/// Both folders are synced afterwards.
pub(crate) fn move_no_clobber(from: &Path, to: &Path) -> io::Result<bool> {
    match fs::hard_link(from, to) {
        Ok(()) => {
            // Both names now hold the data; dropping the old one cannot lose anything.
            let _ = fs::remove_file(from);
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Ok(false),
        // Some file systems cannot link; fall back to a checked rename.
        Err(_) => {
            if fs::symlink_metadata(to).is_ok() {
                return Ok(false);
            }
            fs::rename(from, to)?;
        }
    }
    sync_parent(to)?;
    if from.parent() != to.parent() {
        sync_parent(from)?;
    }
    Ok(true)
}

/// Moves a folder to `to`; when `to` already exists its files are moved in one by one,
/// renamed where they would clash, so that nothing is overwritten.
pub(crate) fn move_dir_merging(from: &Path, to: &Path) -> io::Result<()> {
    if !from.is_dir() {
        return Ok(());
    }
    if fs::symlink_metadata(to).is_err() {
        if let Some(parent) = to.parent() {
            ensure_dir(parent)?;
        }
        fs::rename(from, to)?;
        sync_parent(to)?;
        return sync_parent(from);
    }
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, ""));
        let mut n = 1;
        loop {
            let target = if n == 1 { to.join(&*name) } else { to.join(format!("{stem}-{n}.{ext}")) };
            if move_no_clobber(&entry.path(), &target)? {
                break;
            }
            n += 1;
        }
    }
    // Only succeeds once empty; anything left stays where it was.
    let _ = fs::remove_dir(from);
    Ok(())
}

/// The first of `dir/{stem}.json`, `dir/{stem}-2.json`... that does not exist yet.
pub(crate) fn unused_path(dir: &Path, stem: &str) -> PathBuf {
    let mut n = 1u32;
    loop {
        let path = if n == 1 { dir.join(format!("{stem}.json")) } else { dir.join(format!("{stem}-{n}.json")) };
        if fs::symlink_metadata(&path).is_err() {
            return path;
        }
        n += 1;
    }
}

/// Options that create a file readable by its owner only (on Unix; elsewhere the defaults).
pub(crate) fn private_file_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, FILE_MODE);
    options
}

/// Creates a folder (and its parents, each usable by its owner only on Unix), syncing each
/// parent so the new entry is durable.
pub(crate) fn ensure_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        ensure_dir(parent)?;
    }
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, FOLDER_MODE);
    match builder.create(dir) {
        Ok(()) => sync_parent(dir),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Makes the entries of a folder durable (a no-op where folders cannot be opened).
pub(crate) fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

fn sync_parent(path: &Path) -> io::Result<()> {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => sync_dir(p),
        _ => sync_dir(Path::new(".")),
    }
}

/// A fresh name beside `path` in the `.{name}.{suffix}` form temporary files have.
fn temp_sibling(path: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = Timestamp::now().subsec_nanosecond();
    path.with_file_name(format!(".{name}.new{}x{n}x{nanos}", std::process::id()))
}

pub(crate) fn modified(meta: &Metadata) -> Option<Timestamp> {
    Timestamp::try_from(meta.modified().ok()?).ok()
}

pub(crate) fn modified_at(path: &Path) -> Option<Timestamp> {
    modified(&fs::metadata(path).ok()?)
}

/// `20270104T093000Z`, for file names.
pub(crate) fn stamp(t: Timestamp) -> String {
    t.strftime(STAMP).to_string()
}

/// The time at the start of a name made by [`stamp`] (`20270104T093000Z-2` works too).
pub(crate) fn parse_stamp(s: &str) -> Option<Timestamp> {
    let head = s.get(..STAMP_LEN)?;
    let rest = &s[STAMP_LEN..];
    if !(rest.is_empty() || rest.starts_with('-')) {
        return None;
    }
    let civil = DateTime::strptime(STAMP, head).ok()?;
    Some(civil.to_zoned(TimeZone::UTC).ok()?.timestamp())
}

/// Local wall-clock time for messages: `2027-01-04 09:30`.
pub(crate) fn local_time(t: Timestamp) -> String {
    t.to_zoned(TimeZone::system()).strftime("%Y-%m-%d %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_round_trip_to_the_second() {
        let t: Timestamp = "2027-01-04T09:30:15Z".parse().expect("time");
        assert_eq!(stamp(t), "20270104T093015Z");
        assert_eq!(parse_stamp("20270104T093015Z"), Some(t));
        assert_eq!(parse_stamp("20270104T093015Z-3"), Some(t));
        assert_eq!(parse_stamp("20270104T093015Zx"), None);
        assert_eq!(parse_stamp("previous"), None);
        assert_eq!(parse_stamp("2027010"), None);
        assert_eq!(parse_stamp("20271304T093015Z"), None);
    }

    #[test]
    fn write_new_never_overwrites() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.json");
        assert!(write_new(&path, b"one").expect("write"));
        assert!(!write_new(&path, b"two").expect("write"));
        assert_eq!(fs::read(&path).expect("read"), b"one");
        let names: Vec<_> = fs::read_dir(dir.path()).expect("ls").map(|e| e.expect("entry").file_name()).collect();
        assert_eq!(names, ["a.json"], "no temporary file is left behind");
    }

    #[test]
    fn write_durably_replaces_whole_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.json");
        write_durably(&path, b"a long first version").expect("write");
        write_durably(&path, b"short").expect("write");
        assert_eq!(fs::read(&path).expect("read"), b"short");
        assert_eq!(fs::read_dir(dir.path()).expect("ls").count(), 1);
    }

    #[test]
    fn merging_folders_keeps_both_sides() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        ensure_dir(&a).expect("mkdir");
        ensure_dir(&b).expect("mkdir");
        fs::write(a.join("previous.json"), "from a").expect("write");
        fs::write(a.join("only-a.json"), "only a").expect("write");
        fs::write(b.join("previous.json"), "from b").expect("write");
        move_dir_merging(&a, &b).expect("merge");
        assert!(!a.exists());
        assert_eq!(fs::read_to_string(b.join("previous.json")).expect("read"), "from b");
        assert_eq!(fs::read_to_string(b.join("previous-2.json")).expect("read"), "from a");
        assert_eq!(fs::read_to_string(b.join("only-a.json")).expect("read"), "only a");
        move_dir_merging(&b, &dir.path().join("c/d")).expect("plain move");
        assert_eq!(fs::read_dir(dir.path().join("c/d")).expect("ls").count(), 3);
    }

    #[test]
    fn oversized_files_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("big.json");
        let file = File::create(&path).expect("create");
        file.set_len(MAX_FILE_BYTES + 1).expect("sparse file");
        let err = read_capped(&path).expect_err("too big");
        assert_eq!(err.kind(), io::ErrorKind::FileTooLarge);
        assert_eq!(err.to_string(), "the file is 513 MB, more than the 512 MB a workshop file may hold");
    }

    #[test]
    fn unused_paths_count_up() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = unused_path(dir.path(), "x");
        assert_eq!(first, dir.path().join("x.json"));
        fs::write(&first, "").expect("write");
        assert_eq!(unused_path(dir.path(), "x"), dir.path().join("x-2.json"));
    }
}
