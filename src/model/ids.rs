//! Stable identifiers, never list positions, so that files kept in git diff and merge by
//! identity rather than by order.
//!
//! New ids are random (about 2^39 of them, so two clones that each add thousands of items
//! never meet), written as eight Crockford base-32 characters that start with a letter
//! (`"K7F3Q2M9"`). Ids from files of schema 1 were counters and stay the numbers they were,
//! so every clone that migrates the same file gets the same ids. People type ids shortened:
//! any unambiguous start, in any case, with or without the kind (`KR7F`, `7f3`, `KR12`).

use std::cell::Cell;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Set on every random id; counters from schema 1 are all below it.
const RANDOM: u64 = 1 << 40;
/// The 40 bits a random id carries.
const BITS: u64 = RANDOM - 1;
const DIGITS: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// How many of the digits are letters (`A`…`Z` without I, L, O, U): the first character.
const LETTERS: u64 = 22;

thread_local! {
    static STATE: Cell<u64> = Cell::new(seed_from_the_system());
}

/// A seed no other process shares: the standard library's per-process random hash keys.
fn seed_from_the_system() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
    hasher.write_u32(std::process::id());
    hasher.finish()
}

/// The next random number (splitmix64: fast, and every seed gives a full-period sequence).
fn next_random() -> u64 {
    STATE.with(|state| {
        let mut z = state.get().wrapping_add(0x9E37_79B9_7F4A_7C15);
        state.set(z);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    })
}

/// Makes this thread's ids repeatable (tests and benches that print ids).
pub fn seed(seed: u64) {
    STATE.with(|state| state.set(seed));
}

/// A new random id number: a letter, then seven base-32 digits.
pub fn random() -> u64 {
    let r = next_random();
    let first = (r >> 35) % LETTERS + 10;
    RANDOM | (first << 35) | (r & ((1 << 35) - 1))
}

/// Whether an id number is a random one (not a schema-1 counter).
pub fn is_random(n: u64) -> bool {
    n & RANDOM != 0
}

/// An id number as written: the counter for schema-1 ids, eight characters for random ones.
pub fn encode(n: u64) -> String {
    if !is_random(n) {
        return n.to_string();
    }
    let bits = n & BITS;
    (0..8).rev().map(|i| char::from(DIGITS[((bits >> (i * 5)) & 31) as usize])).collect()
}

/// The id number `text` writes, if it is one (either form; any case).
pub fn decode(text: &str) -> Option<u64> {
    if !text.is_empty() && text.len() <= 15 && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<u64>().ok().filter(|n| !is_random(*n));
    }
    if text.len() != 8 || !text.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    let mut bits = 0u64;
    for c in text.bytes() {
        bits = (bits << 5) | digit(c)?;
    }
    Some(RANDOM | bits)
}

/// A base-32 digit's value; the letters people mistake for digits count as those digits.
fn digit(c: u8) -> Option<u64> {
    let c = match c.to_ascii_uppercase() {
        b'O' => b'0',
        b'I' | b'L' => b'1',
        other => other,
    };
    DIGITS.iter().position(|d| *d == c).map(|p| p as u64)
}

/// Whether what someone typed could be the start of this id, with or without its kind's
/// letters (`KR7F` and `7F`; a schema-1 counter only whole: `KR12` or `12`).
pub fn starts(n: u64, prefix: &str, typed: &str) -> bool {
    let typed = typed.trim();
    let stripped = typed.get(..prefix.len()).filter(|p| p.eq_ignore_ascii_case(prefix)).map(|_| &typed[prefix.len()..]);
    [Some(typed), stripped].into_iter().flatten().any(|t| starts_bare(n, t))
}

fn starts_bare(n: u64, typed: &str) -> bool {
    let written = encode(n);
    if typed.is_empty() {
        return false;
    }
    if !is_random(n) {
        return written == typed;
    }
    typed.len() <= written.len() && typed.bytes().zip(written.bytes()).all(|(t, w)| digit(t).is_some_and(|v| DIGITS[v as usize] == w))
}

fn serialize<S: Serializer>(n: u64, serializer: S) -> Result<S::Ok, S::Error> {
    if is_random(n) { serializer.serialize_str(&encode(n)) } else { serializer.serialize_u64(n) }
}

fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    struct Visitor;
    impl serde::de::Visitor<'_> for Visitor {
        type Value = u64;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an id: a number, or eight letters and digits")
        }
        fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<u64, E> {
            if is_random(n) { Err(E::custom("an id number too large")) } else { Ok(n) }
        }
        fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<u64, E> {
            u64::try_from(n).map_err(|_| E::custom("a negative id")).and_then(|n| self.visit_u64(n))
        }
        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<u64, E> {
            decode(text).ok_or_else(|| E::custom("an id is a number, or eight letters and digits starting with a letter"))
        }
    }
    deserializer.deserialize_any(Visitor)
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u64);

        impl $name {
            /// The letters before the id when people read it (`KR` in `KR7F3Q2M9`).
            pub const PREFIX: &str = $prefix;

            /// A new random id.
            pub fn random() -> Self {
                Self(random())
            }

            /// Whether `typed` could be the start of this id, as people type it.
            pub fn starts_with(self, typed: &str) -> bool {
                starts(self.0, $prefix, typed)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, concat!($prefix, "{}"), encode(self.0))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serialize(self.0, serializer)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserialize(deserializer).map(Self)
            }
        }
    };
}

id_type!(/// A person taking part in the workshop.
    ParticipantId, "P");
id_type!(/// An item of the old backlog.
    BacklogItemId, "B");
id_type!(/// An initiative from the brainstorm.
    InitiativeId, "I");
id_type!(/// A theme grouping initiatives.
    ThemeId, "T");
id_type!(/// An objective.
    ObjectiveId, "O");
id_type!(/// A key result of an objective.
    KeyResultId, "KR");
id_type!(/// A health metric: a level the team keeps beside its OKRs.
    HealthMetricId, "H");
id_type!(/// A key result or objective an engineer proposed, waiting on step 4 to be accepted.
    CandidateId, "C");
id_type!(/// The summary of an earlier period, kept for calibration.
    PeriodSummaryId, "PS");
id_type!(/// A commitment a weekly meeting made: work for the week, with an owner.
    CommitmentId, "CM");

/// The one item among `ids` that `typed` names: an exact id first, else the only one it is
/// the start of. `Err` lists the candidates when it is ambiguous (or is empty when none).
pub fn find<T: Copy + std::fmt::Display>(
    ids: impl IntoIterator<Item = T>,
    typed: &str,
    starts: impl Fn(T, &str) -> bool,
) -> Result<T, Vec<T>> {
    let wanted = typed.trim();
    let ids: Vec<T> = ids.into_iter().collect();
    if let Some(exact) = ids.iter().find(|id| id.to_string().eq_ignore_ascii_case(wanted)) {
        return Ok(*exact);
    }
    let hits: Vec<T> = ids.into_iter().filter(|id| starts(*id, wanted)).collect();
    match hits.as_slice() {
        [one] => Ok(*one),
        _ => Err(hits),
    }
}

/// The shortest start of each id (at least four characters after its kind's letters) that
/// no other id shares: what lists and exports show, so people can type it.
pub fn short_forms<T: std::fmt::Display>(ids: &[T], prefix: &str) -> Vec<String> {
    let full: Vec<String> = ids.iter().map(ToString::to_string).collect();
    full.iter()
        .enumerate()
        .map(|(i, id)| {
            (prefix.len() + 4..id.len())
                .map(|n| &id[..n])
                .find(|start| full.iter().enumerate().all(|(j, other)| j == i || !other.starts_with(start)))
                .unwrap_or(id)
                .to_string()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_ids_round_trip_and_start_with_a_letter() {
        seed(7);
        for _ in 0..1000 {
            let n = random();
            let text = encode(n);
            assert_eq!(text.len(), 8);
            assert!(text.as_bytes()[0].is_ascii_uppercase(), "{text}");
            assert_eq!(decode(&text), Some(n));
            assert_eq!(decode(&text.to_lowercase()), Some(n), "any case");
        }
    }

    #[test]
    fn counters_from_schema_1_stay_numbers() {
        let id = KeyResultId(12);
        assert_eq!(id.to_string(), "KR12");
        assert_eq!(serde_json::to_string(&id).expect("json"), "12");
        assert_eq!(serde_json::from_str::<KeyResultId>("12").expect("reads"), id);
        assert!(id.starts_with("KR12") && id.starts_with("12") && !id.starts_with("1"), "a counter is typed whole");
    }

    #[test]
    fn random_ids_are_strings_in_files_and_map_keys() {
        seed(1);
        let id = ParticipantId::random();
        let json = serde_json::to_string(&id).expect("json");
        assert!(json.starts_with('"') && json.len() == 10, "{json}");
        assert_eq!(serde_json::from_str::<ParticipantId>(&json).expect("reads"), id);
        let votes: std::collections::BTreeMap<ParticipantId, u32> = [(id, 2), (ParticipantId(3), 1)].into();
        let text = serde_json::to_string(&votes).expect("json");
        assert_eq!(serde_json::from_str::<std::collections::BTreeMap<ParticipantId, u32>>(&text).expect("reads"), votes);
    }

    #[test]
    fn two_clones_adding_thousands_never_meet() {
        seed(11);
        let a: std::collections::HashSet<u64> = (0..5000).map(|_| random()).collect();
        seed(12);
        let b: std::collections::HashSet<u64> = (0..5000).map(|_| random()).collect();
        assert_eq!(a.len() + b.len(), 10_000);
        assert!(a.is_disjoint(&b));
    }

    fn kr(text: &str) -> KeyResultId {
        KeyResultId(decode(text).expect("an id"))
    }

    #[test]
    fn typed_starts_find_one_or_say_which() {
        let ids = [kr("K7F3Q2M9"), kr("K7AAAAAA"), kr("M0000000"), KeyResultId(5)];
        assert_eq!(find(ids, "K7F", KeyResultId::starts_with), Ok(ids[0]));
        assert_eq!(find(ids, "krk7f3", KeyResultId::starts_with), Ok(ids[0]), "kind optional");
        assert_eq!(find(ids, "krk7f", KeyResultId::starts_with), Ok(ids[0]), "any case");
        assert_eq!(find(ids, "mo", KeyResultId::starts_with), Ok(ids[2]), "O read as 0");
        assert_eq!(find(ids, "KR5", KeyResultId::starts_with), Ok(ids[3]));
        assert_eq!(find(ids, "KR55", KeyResultId::starts_with), Err(vec![]));
        assert_eq!(find(ids, "K7", KeyResultId::starts_with).map_err(|v| v.len()), Err(2), "ambiguous: both are listed");
    }

    #[test]
    fn short_forms_are_unique_and_at_least_four_characters() {
        let ids = [kr("K7F3Q2M9"), kr("K7F3Q2MA"), kr("M0000000"), KeyResultId(12)];
        let short = short_forms(&ids, KeyResultId::PREFIX);
        assert_eq!(short, ["KRK7F3Q2M9", "KRK7F3Q2MA", "KRM000", "KR12"]);
    }
}
