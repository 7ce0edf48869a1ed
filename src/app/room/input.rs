//! A participant's keystrokes as the bytes their terminal sends over SSH, decoded into key
//! events: printable UTF-8, Enter, Backspace, Tab, arrows and the other common VT
//! sequences, Esc, Ctrl- and Alt-letters. Hostile input (broken UTF-8, endless escape
//! sequences, C1 controls) is dropped, never passed on.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The longest escape sequence kept while it is incomplete; anything longer is dropped.
const LONGEST_SEQUENCE: usize = 32;

/// Keeps what a read cut in half (a UTF-8 character or an escape sequence) for the next.
#[derive(Debug, Default)]
pub struct Decoder {
    pending: Vec<u8>,
}

/// What one sequence at the front of the bytes is: a key (or nothing) and its length, or
/// not complete yet.
enum Step {
    Key(Option<KeyEvent>, usize),
    Incomplete,
}

#[allow(clippy::unnecessary_wraps)] // every decoded sequence is an `Option<KeyEvent>`
fn key(code: KeyCode, modifiers: KeyModifiers) -> Option<KeyEvent> {
    Some(KeyEvent::new(code, modifiers))
}

impl Decoder {
    /// The keys in `bytes` (after what the last read left incomplete).
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<KeyEvent> {
        self.pending.extend_from_slice(bytes);
        let mut keys = Vec::new();
        let mut at = 0;
        while at < self.pending.len() {
            let rest = &self.pending[at..];
            match decode(rest) {
                Step::Key(k, used) => {
                    keys.extend(k);
                    at += used.max(1);
                }
                // A lone Esc at the end of what arrived is the Esc key: terminals send a
                // whole sequence in one write.
                Step::Incomplete if rest == [0x1b] => {
                    keys.extend(key(KeyCode::Esc, KeyModifiers::NONE));
                    at += 1;
                }
                Step::Incomplete if rest.len() > LONGEST_SEQUENCE => at += 1,
                Step::Incomplete => break,
            }
        }
        self.pending.drain(..at);
        keys
    }
}

fn decode(bytes: &[u8]) -> Step {
    let none = KeyModifiers::NONE;
    match bytes[0] {
        0x1b => escape(bytes),
        b'\r' => Step::Key(key(KeyCode::Enter, none), if bytes.get(1) == Some(&b'\n') { 2 } else { 1 }),
        b'\n' => Step::Key(key(KeyCode::Enter, none), 1),
        b'\t' => Step::Key(key(KeyCode::Tab, none), 1),
        0x7f | 0x08 => Step::Key(key(KeyCode::Backspace, none), 1),
        c @ 0x01..=0x1a => Step::Key(key(KeyCode::Char(char::from(b'a' + c - 1)), KeyModifiers::CONTROL), 1),
        0x00 | 0x1c..=0x1f => Step::Key(None, 1),
        _ => text(bytes),
    }
}

/// One UTF-8 character; invalid bytes and C1 controls are dropped.
fn text(bytes: &[u8]) -> Step {
    let width = match bytes[0] {
        0x20..=0x7e => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return Step::Key(None, 1),
    };
    if bytes.len() < width {
        // Only wait for the rest when what came so far can still be a character.
        return if bytes[1..].iter().all(|b| b & 0xc0 == 0x80) { Step::Incomplete } else { Step::Key(None, 1) };
    }
    match std::str::from_utf8(&bytes[..width]).ok().and_then(|s| s.chars().next()) {
        Some(c) if !c.is_control() => Step::Key(key(KeyCode::Char(c), KeyModifiers::NONE), width),
        _ => Step::Key(None, 1),
    }
}

/// Esc, Alt-something, or a CSI / SS3 sequence.
fn escape(bytes: &[u8]) -> Step {
    match bytes.get(1) {
        None => Step::Incomplete,
        Some(b'[') => csi(bytes),
        Some(b'O') => match bytes.get(2) {
            None => Step::Incomplete,
            Some(&b) => Step::Key(final_key(b, KeyModifiers::NONE), 3),
        },
        Some(0x1b) => Step::Key(key(KeyCode::Esc, KeyModifiers::NONE), 1),
        Some(_) => match decode(&bytes[1..]) {
            Step::Key(Some(mut k), used) => {
                k.modifiers |= KeyModifiers::ALT;
                Step::Key(Some(k), used + 1)
            }
            Step::Key(None, used) => Step::Key(None, used + 1),
            Step::Incomplete => Step::Incomplete,
        },
    }
}

/// `ESC [ params final`: arrows, Home/End, Shift-Tab, and the `~` keys, with modifiers.
fn csi(bytes: &[u8]) -> Step {
    let Some(end) = bytes.iter().take(LONGEST_SEQUENCE).skip(2).position(|b| (0x40..=0x7e).contains(b)).map(|p| p + 2) else {
        return Step::Incomplete;
    };
    let params: Vec<u16> = std::str::from_utf8(&bytes[2..end]).unwrap_or("").split(';').map(|p| p.parse().unwrap_or(0)).collect();
    let modifiers = modifiers(params.get(1).copied().unwrap_or(1));
    let k = match bytes[end] {
        b'~' => tilde(params.first().copied().unwrap_or(0)).and_then(|code| key(code, modifiers)),
        b'Z' => key(KeyCode::BackTab, KeyModifiers::SHIFT),
        b => final_key(b, modifiers),
    };
    Step::Key(k, end + 1)
}

/// xterm's modifier parameter: 1 + shift (1) + alt (2) + ctrl (4).
fn modifiers(param: u16) -> KeyModifiers {
    let bits = param.saturating_sub(1);
    let mut m = KeyModifiers::NONE;
    m.set(KeyModifiers::SHIFT, bits & 1 != 0);
    m.set(KeyModifiers::ALT, bits & 2 != 0);
    m.set(KeyModifiers::CONTROL, bits & 4 != 0);
    m
}

fn final_key(b: u8, modifiers: KeyModifiers) -> Option<KeyEvent> {
    let code = match b {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P' => KeyCode::F(1),
        b'Q' => KeyCode::F(2),
        b'R' => KeyCode::F(3),
        b'S' => KeyCode::F(4),
        _ => return None,
    };
    key(code, modifiers)
}

fn tilde(n: u16) -> Option<KeyCode> {
    Some(match n {
        1 | 7 => KeyCode::Home,
        2 => KeyCode::Insert,
        3 => KeyCode::Delete,
        4 | 8 => KeyCode::End,
        5 => KeyCode::PageUp,
        6 => KeyCode::PageDown,
        11..=15 => KeyCode::F((n - 10) as u8),
        17..=21 => KeyCode::F((n - 11) as u8),
        23 | 24 => KeyCode::F((n - 12) as u8),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(bytes: &[u8]) -> Vec<(KeyCode, KeyModifiers)> {
        Decoder::default().feed(bytes).into_iter().map(|k| (k.code, k.modifiers)).collect()
    }

    fn plain(code: KeyCode) -> (KeyCode, KeyModifiers) {
        (code, KeyModifiers::NONE)
    }

    #[test]
    fn common_keys() {
        assert_eq!(codes(b"a\r"), vec![plain(KeyCode::Char('a')), plain(KeyCode::Enter)]);
        assert_eq!(codes(b"\r\n"), vec![plain(KeyCode::Enter)], "CR LF is one Enter");
        assert_eq!(codes(b"\x7f\x08\t"), vec![plain(KeyCode::Backspace), plain(KeyCode::Backspace), plain(KeyCode::Tab)]);
        assert_eq!(codes(b"\x1b[A\x1bOB\x1b[C\x1b[D"), [KeyCode::Up, KeyCode::Down, KeyCode::Right, KeyCode::Left].map(plain));
        assert_eq!(codes(b"\x1b[5~\x1b[6~\x1b[3~"), [KeyCode::PageUp, KeyCode::PageDown, KeyCode::Delete].map(plain));
        assert_eq!(codes(b"\x03"), vec![(KeyCode::Char('c'), KeyModifiers::CONTROL)]);
        assert_eq!(codes(b"\x1bx"), vec![(KeyCode::Char('x'), KeyModifiers::ALT)]);
        assert_eq!(codes(b"\x1b[1;5A"), vec![(KeyCode::Up, KeyModifiers::CONTROL)]);
        assert_eq!(codes(b"\x1b[Z"), vec![(KeyCode::BackTab, KeyModifiers::SHIFT)]);
        assert_eq!(codes(b"\x1bOQ\x1b[15~"), [KeyCode::F(2), KeyCode::F(5)].map(plain));
        assert_eq!(codes(b"\x1b"), vec![plain(KeyCode::Esc)]);
        assert_eq!(codes("é日🙂".as_bytes()), ['é', '日', '🙂'].map(|c| plain(KeyCode::Char(c))));
    }

    #[test]
    fn a_sequence_cut_between_reads_is_kept_for_the_next() {
        let mut d = Decoder::default();
        assert!(d.feed(b"\x1b[").is_empty());
        assert_eq!(d.feed(b"A").iter().map(|k| k.code).collect::<Vec<_>>(), vec![KeyCode::Up]);
        let bytes = "日".as_bytes();
        assert!(d.feed(&bytes[..1]).is_empty());
        assert!(d.feed(&bytes[1..2]).is_empty());
        assert_eq!(d.feed(&bytes[2..]).iter().map(|k| k.code).collect::<Vec<_>>(), vec![KeyCode::Char('日')]);
    }

    #[test]
    fn hostile_input_is_dropped_not_passed_on() {
        // Broken UTF-8, C1 controls (as UTF-8 and raw), NUL and the other C0 leftovers.
        assert_eq!(codes(b"\xff\xfe\xc0\x80a"), vec![plain(KeyCode::Char('a'))]);
        assert_eq!(codes("\u{9b}\u{85}b".as_bytes()), vec![plain(KeyCode::Char('b'))]);
        assert_eq!(codes(b"\x00\x1c\x1d\x1e\x1f\x9bc"), vec![plain(KeyCode::Char('c'))]);
        // A truncated multi-byte start followed by ASCII does not swallow the ASCII.
        assert_eq!(codes(b"\xe6d"), vec![plain(KeyCode::Char('d'))]);
        // Unknown sequences vanish whole; screen-changing ones never come out as text.
        assert_eq!(codes(b"\x1b[2J\x1b[31m\x1b[?1049hz"), vec![plain(KeyCode::Char('z'))]);
        assert_eq!(codes(b"\x1b[99999999999999999999~y"), vec![plain(KeyCode::Char('y'))]);
    }

    #[test]
    fn an_endless_sequence_is_bounded() {
        let mut d = Decoder::default();
        let mut endless = b"\x1b[".to_vec();
        endless.extend(std::iter::repeat_n(b'1', 10_000));
        let keys = d.feed(&endless);
        assert!(d.pending.len() <= LONGEST_SEQUENCE + 1, "kept {} bytes", d.pending.len());
        assert!(keys.iter().all(|k| matches!(k.code, KeyCode::Char('1' | '['))), "what follows the dropped Esc is plain text");
        // A megabyte of random-ish bytes never panics and never yields a control character.
        let noise: Vec<u8> = (0..1_000_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        for k in Decoder::default().feed(&noise) {
            if let KeyCode::Char(c) = k.code {
                assert!(!c.is_control(), "{c:?}");
            }
        }
    }
}
