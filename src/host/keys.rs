//! The room's secrets: the host key (ed25519, generated once and kept 0600 in the data
//! folder, so participants' `known_hosts` stays valid from one workshop to the next), the
//! participants file of public keys (`room_keys`: `name ssh-ed25519 AAAA… [comment]` a
//! line), and the room code (new each session unless given).

use std::io::Read as _;
use std::path::{Path, PathBuf};

use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::ssh_key::{LineEnding, PrivateKey, PublicKey};

/// The letters a room code is made of: no 0/O, 1/I/L, so it reads aloud without doubt.
const CODE_LETTERS: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// How long a room code is.
pub const CODE_LENGTH: usize = 6;

/// Where the room keeps its files in the data folder.
pub fn room_dir(data: &Path) -> PathBuf {
    data.join("room")
}

/// Random bytes from the system (the kernel's generator).
fn random<const N: usize>() -> std::io::Result<[u8; N]> {
    let mut bytes = [0u8; N];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(bytes)
}

/// A new room code, e.g. `K7PQ2M`.
pub fn new_code() -> std::io::Result<String> {
    let bytes: [u8; CODE_LENGTH] = random()?;
    // 256 is not a multiple of the alphabet; the bias is too small to matter for a code that
    // also rate-limits guesses.
    Ok(bytes.iter().map(|b| char::from(CODE_LETTERS[usize::from(*b) % CODE_LETTERS.len()])).collect())
}

/// The room's host key: read from `<data>/room/host_key`, or generated and written there
/// (mode 0600) the first time.
pub fn host_key(data: &Path) -> Result<PrivateKey, String> {
    let dir = room_dir(data);
    let path = dir.join("host_key");
    if path.exists() {
        let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read the room's host key {}: {e}", path.display()))?;
        return PrivateKey::from_openssh(text.as_bytes()).map_err(|e| {
            format!("the room's host key {} is not an OpenSSH private key ({e}); move it aside to make a new one", path.display())
        });
    }
    let seed: [u8; 32] = random().map_err(|e| format!("cannot make a host key: no random numbers ({e})"))?;
    let key = PrivateKey::from(Ed25519Keypair::from_seed(&seed));
    let text = key.to_openssh(LineEnding::LF).map_err(|e| format!("cannot encode the room's host key: {e}"))?;
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    write_private(&path, text.as_bytes()).map_err(|e| format!("cannot write the room's host key {}: {e}", path.display()))?;
    Ok(key)
}

/// Writes a file only its owner may read (created that way, never widened after).
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// A participant who may join with a public key instead of the code.
#[derive(Debug, Clone)]
pub struct KnownKey {
    pub name: String,
    pub key: PublicKey,
}

/// The participants file, `<data>/room_keys`: `name ssh-ed25519 AAAA… [comment]` a line,
/// `#` comments. Lines that cannot be read are skipped, each named in the messages.
pub fn room_keys(data: &Path) -> (Vec<KnownKey>, Vec<String>) {
    let path = data.join("room_keys");
    let Ok(text) = std::fs::read_to_string(&path) else { return (Vec::new(), Vec::new()) };
    let mut keys = Vec::new();
    let mut skipped = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parsed = line.split_once(char::is_whitespace).and_then(|(name, key)| {
            let key = PublicKey::from_openssh(key.trim()).ok()?;
            Some(KnownKey { name: name.to_string(), key })
        });
        match parsed {
            Some(k) => keys.push(k),
            None => skipped.push(format!("{} line {}: not `name ssh-ed25519 AAAA…`, skipped", path.display(), n + 1)),
        }
    }
    (keys, skipped)
}

/// Compares a typed code with the room's in time that does not depend on where they
/// differ (and ignoring case: codes are read aloud).
pub fn code_matches(typed: &str, code: &str) -> bool {
    let (a, b) = (typed.trim().to_ascii_uppercase(), code.to_ascii_uppercase());
    let mut diff = u8::from(a.len() != b.len());
    for (x, y) in a.bytes().zip(b.bytes().cycle()) {
        diff |= x ^ y;
    }
    diff == 0 && !b.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_short_and_unambiguous() {
        let code = new_code().expect("a code");
        assert_eq!(code.len(), CODE_LENGTH);
        assert!(code.bytes().all(|b| CODE_LETTERS.contains(&b)), "{code}");
        assert!(code_matches(" k7pq2m", "K7PQ2M"));
        assert!(!code_matches("K7PQ2", "K7PQ2M"));
        assert!(!code_matches("K7PQ2MX", "K7PQ2M"));
        assert!(!code_matches("", ""));
    }

    #[test]
    fn the_host_key_is_made_once_and_kept_private() {
        let dir = tempfile::tempdir().expect("temp dir");
        let first = host_key(dir.path()).expect("made");
        let again = host_key(dir.path()).expect("read");
        assert_eq!(first.public_key().key_data(), again.public_key().key_data());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(room_dir(dir.path()).join("host_key")).expect("exists").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn the_participants_file_skips_what_it_cannot_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let key = PrivateKey::from(Ed25519Keypair::from_seed(&[7; 32]));
        let public = key.public_key().to_openssh().expect("encoded");
        std::fs::write(dir.path().join("room_keys"), format!("# who may join\nana {public} laptop\nbad line\n")).expect("written");
        let (keys, skipped) = room_keys(dir.path());
        assert_eq!(keys.len(), 1);
        assert_eq!(keys[0].name, "ana");
        assert_eq!(skipped.len(), 1);
        assert!(skipped[0].contains("line 3"), "{skipped:?}");
    }
}
