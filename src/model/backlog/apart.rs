//! Reading a workshop whose backlog items are read elsewhere (on other threads, by the
//! store): the file is read with a marker where the items' array stood, and the reader of
//! `backlog.items` takes the marker in place of the items. The marker carries a number
//! drawn for this one read, so no file can hold it: when the marker was taken, the array
//! that was cut out was the workshop's backlog items and nothing else.

use std::cell::Cell;

use serde::{Deserialize, Deserializer, de};

use super::BacklogItem;
use crate::model::shared_list::SharedList;

/// What the reader of `backlog.items` does on this thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Apart {
    /// Reads the items (every read but the one below).
    Read,
    /// Takes the marker with this number in place of the items.
    Expect(u64),
    /// Took the marker.
    Taken,
}

thread_local! {
    static APART: Cell<Apart> = const { Cell::new(Apart::Read) };
}

/// The marker, as JSON text, to put where the items' array stood.
pub fn items_marker(number: u64) -> String {
    format!("\"\\u0000backlog items read apart {number:016x}\"")
}

fn marker_value(number: u64) -> String {
    format!("\u{0}backlog items read apart {number:016x}")
}

/// Runs `read` (a read of a workshop with [`items_marker`] in place of the backlog items)
/// and says whether the backlog's items were the marker. Not taken (`false`): the marker
/// was not where the items are, and what `read` gave must not be used.
pub fn read_without_items<T>(number: u64, read: impl FnOnce() -> T) -> (T, bool) {
    /// Puts the ordinary read back however `read` ends.
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            APART.with(|a| a.set(Apart::Read));
        }
    }
    let _reset = Reset;
    APART.with(|a| a.set(Apart::Expect(number)));
    let value = read();
    let taken = APART.with(Cell::get) == Apart::Taken;
    (value, taken)
}

/// The reader of `backlog.items`: the items, or (during [`read_without_items`]) the marker
/// in their place and no items. Anything else where the marker is expected is refused.
pub(super) fn items<'de, D: Deserializer<'de>>(deserializer: D) -> Result<SharedList<BacklogItem>, D::Error> {
    match APART.with(Cell::get) {
        Apart::Expect(number) => {
            let marker = String::deserialize(deserializer)?;
            if marker != marker_value(number) {
                return Err(de::Error::custom("the backlog's items are not where they were cut from"));
            }
            APART.with(|a| a.set(Apart::Taken));
            Ok(SharedList::new())
        }
        // A second backlog after the marker was taken is read as it is.
        Apart::Read | Apart::Taken => SharedList::deserialize(deserializer),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::backlog::Backlog;

    #[test]
    fn the_marker_stands_for_the_items_only_during_a_read_apart() {
        let text = format!(r#"{{"items": {}, "bankruptcy": null}}"#, items_marker(7));
        let (read, taken) = read_without_items(7, || serde_json::from_str::<Backlog>(&text));
        assert!(taken);
        assert!(read.expect("reads").items.is_empty());
        // Outside a read apart the marker is only a string where a list belongs.
        assert!(serde_json::from_str::<Backlog>(&text).is_err());
    }

    #[test]
    fn another_number_a_list_or_no_items_is_not_taken() {
        let other = format!(r#"{{"items": {}}}"#, items_marker(8));
        let (read, taken) = read_without_items(7, || serde_json::from_str::<Backlog>(&other));
        assert!(read.is_err() && !taken);
        let list = r#"{"items": [{"id": "B7F3Q2M9", "title": "t"}]}"#;
        let (read, taken) = read_without_items(7, || serde_json::from_str::<Backlog>(list));
        assert!(read.is_err() && !taken, "a list where the marker belongs is refused");
        let (read, taken) = read_without_items(7, || serde_json::from_str::<Backlog>("{}"));
        assert!(read.is_ok() && !taken, "no items at all: read, but not taken");
        // And the ordinary read is back after each.
        assert_eq!(serde_json::from_str::<Backlog>(list).expect("reads").items.len(), 1);
    }
}
