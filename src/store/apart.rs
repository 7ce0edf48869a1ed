//! Reading a large workshop on several threads. Nearly all of a large file is the backlog's
//! items (10,000 of them are 5.4 of the reference workshop's 7 MB), and one thread reads
//! them at about 400 MB/s: the items' array is cut into parts at items' ends, each part read
//! (and cleaned) on a thread of its own, while this thread reads the rest of the file with a
//! marker where the array stood (`model::backlog::apart`).
//!
//! Only a file as the app writes it is read apart (two-space indents, which `git` and
//! editors keep): the array is found by its lines, which JSON strings cannot contain. What
//! the lines only suggest the reads confirm: a part that does not read as a whole list of
//! items, or a marker the workshop's backlog did not take, and this gives up (`None`), and
//! the file is read whole, one thread, as before (with the error's line and column when it
//! is broken). So a file reads to the same workshop either way.

use std::ops::Range;

use crate::model::backlog::apart::{items_marker, read_without_items};
use crate::model::shared_list::SharedList;
use crate::model::{BacklogItem, Workshop};

/// The lines that open the backlog's items, as the app writes them.
const ITEMS_OPEN: &[u8] = b"\n  \"backlog\": {\n    \"items\": [\n";
/// The line that closes them.
const ITEMS_CLOSE: &[u8] = b"\n    ]";
/// An item's last line and the comma after it: where a part may end.
const ITEM_END: &[u8] = b"\n      },\n";
/// Below this much of items one thread reads the file as fast.
const APART_FROM_BYTES: usize = 1 << 20;
/// More threads than this gain little and each holds its own allocator arena.
const MOST_THREADS: usize = 4;

/// The workshop in `bytes`, read on several threads and cleaned (`Workshop::sanitise`).
/// `None` when the file is small, not laid out as the app writes it, or anything in it does
/// not read: then read it whole.
pub(super) fn read(bytes: &[u8]) -> Option<Workshop> {
    read_on(bytes, std::thread::available_parallelism().map_or(1, usize::from).min(MOST_THREADS))
}

/// [`read`] on `threads` threads (this one among them).
fn read_on(bytes: &[u8], threads: usize) -> Option<Workshop> {
    let (start, end) = items_array(bytes)?;
    if threads < 2 || end - start < APART_FROM_BYTES {
        return None;
    }
    let array = &bytes[start..end];
    let parts = parts(array, bytes.len() - array.len(), threads);
    let (ours, theirs) = parts.split_first()?;
    std::thread::scope(|scope| {
        // Their parts first, so they start while this thread reads the rest.
        let others: Vec<_> = theirs.iter().map(|part| scope.spawn(|| read_items(&array[part.clone()]))).collect();
        let number = fresh_number();
        let mut rest = Vec::with_capacity(bytes.len() - array.len() + 64);
        rest.extend_from_slice(&bytes[..start]);
        rest.extend_from_slice(items_marker(number).as_bytes());
        rest.extend_from_slice(&bytes[end..]);
        let rest = String::from_utf8(rest).ok()?;
        let (workshop, taken) = read_without_items(number, || serde_json::from_str::<Workshop>(&rest));
        let mut workshop = workshop.ok().filter(|_| taken)?;
        // Cleaned while it holds no items: theirs are cleaned where they were read.
        workshop.sanitise();
        let mut items = read_items(&array[ours.clone()])?;
        for other in others {
            items.append(other.join().ok()??);
        }
        workshop.backlog.items = items;
        Some(workshop)
    })
}

/// Where the backlog's items' array starts (its `[`) and ends (after its `]`).
fn items_array(bytes: &[u8]) -> Option<(usize, usize)> {
    let open = memchr::memmem::find(bytes, ITEMS_OPEN)?;
    let start = open + ITEMS_OPEN.len() - 2;
    let close = start + memchr::memmem::find(&bytes[start..], ITEMS_CLOSE)?;
    Some((start, close + ITEMS_CLOSE.len()))
}

/// The array's items in parts, each between two commas or an end of the array (its
/// brackets left out): this thread's part first, sized so that it and the `rest` of the
/// file take about as long as each other thread's part.
fn parts(array: &[u8], rest: usize, threads: usize) -> Vec<Range<usize>> {
    let ours = ((array.len() + rest) / threads).saturating_sub(rest);
    let each = (array.len() - ours) / (threads - 1);
    let mut parts = Vec::with_capacity(threads);
    let mut from = 1;
    for target in (0..threads - 1).map(|n| ours + n * each) {
        let search = target.max(from).min(array.len());
        let Some(found) = memchr::memmem::find(&array[search..], ITEM_END) else { break };
        let comma = search + found + ITEM_END.len() - 2;
        parts.push(from..comma);
        from = comma + 1;
    }
    parts.push(from..array.len() - 1);
    parts
}

/// One part's items, cleaned; `None` unless the part is whole items, one after another,
/// separated by commas. Read where they lie (the part is not copied into a list of its
/// own): one item, then a comma or the part's end, and so on.
fn read_items(part: &[u8]) -> Option<SharedList<BacklogItem>> {
    let text = std::str::from_utf8(part).ok()?;
    let mut items = Vec::with_capacity(part.len() / 400);
    let mut at = 0;
    loop {
        let mut stream = serde_json::Deserializer::from_str(text.get(at..)?).into_iter::<BacklogItem>();
        let mut item = stream.next()?.ok()?;
        item.sanitise();
        items.push(item);
        at += stream.byte_offset();
        at += text.get(at..)?.bytes().take_while(u8::is_ascii_whitespace).count();
        match text.as_bytes().get(at) {
            None => return Some(items.into()),
            Some(b',') => at += 1,
            Some(_) => return None,
        }
    }
}

/// A number no file can know in advance.
fn fresh_number() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    std::collections::hash_map::RandomState::new().build_hasher().finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ids::BacklogItemId;
    use crate::model::shelf::ItemStatus;
    use crate::model::{Period, Workshop};

    /// A workshop with `items` backlog items (about 300 bytes each as written), some of them
    /// carrying what a read must clean, a nested unknown field, and escapes.
    fn large(items: u64) -> Workshop {
        crate::model::ids::seed(3);
        let mut w = Workshop::new("Platform team", "Infra", Period::parse("2027-Q1").expect("period"), jiff::Timestamp::UNIX_EPOCH);
        w.add_participant("Ada");
        for n in 0..items {
            let mut item = BacklogItem {
                id: BacklogItemId(n * 7919 + 1),
                title: format!("Item {n} \u{201c}quoted\u{201d} 支払い"),
                description: format!("line one of {n}\nline \"two\" with a tab\tand 🚀\nline three"),
                labels: vec!["infra".into(), format!("l{}", n % 5)],
                status: if n % 4 == 0 { ItemStatus::Done } else { ItemStatus::Open },
                done: n % 4 == 0,
                ..BacklogItem::default()
            };
            if n % 97 == 0 {
                item.title = format!("Dirty\u{202e} {n}\u{7}");
                item.extra.insert("nested".into(), serde_json::json!({"a": [{"b": 1}, {"c": [2, 3]}], "d": {"e": null}}));
            }
            w.backlog.items.push(item);
        }
        w
    }

    fn text_of(w: &Workshop) -> String {
        serde_json::to_string_pretty(w).expect("encodes")
    }

    /// The file read whole, on one thread, and cleaned: what a read apart must equal.
    fn whole(text: &str) -> Workshop {
        let mut w: Workshop = serde_json::from_str(text).expect("reads whole");
        w.sanitise();
        w
    }

    fn same(a: &Workshop, b: &Workshop) {
        assert_eq!(serde_json::to_value(a).expect("json"), serde_json::to_value(b).expect("json"));
        assert_eq!(a, b);
    }

    #[test]
    fn a_large_file_reads_apart_to_the_workshop_it_reads_whole_on_any_number_of_threads() {
        let text = text_of(&large(6000));
        assert!(text.len() > APART_FROM_BYTES);
        let expected = whole(&text);
        assert!(expected.backlog.items.iter().any(|i| i.title == "Dirty 0"), "cleaned");
        for threads in [2, 3, 4, 7, 16] {
            let read = read_on(text.as_bytes(), threads).unwrap_or_else(|| panic!("reads apart on {threads} threads"));
            same(&read, &expected);
        }
    }

    #[test]
    fn a_small_file_or_one_thread_reads_whole() {
        let text = text_of(&large(50));
        assert!(read_on(text.as_bytes(), 4).is_none());
        assert!(read_on(text_of(&large(6000)).as_bytes(), 1).is_none());
        assert!(read_on(b"", 4).is_none());
    }

    /// Every line of an item indented as an item's last line is: each `},` is then a place
    /// to cut, most of them inside an item. Whatever is cut, the read gives up or is right.
    #[test]
    fn cuts_inside_items_are_caught_by_the_reads() {
        let text = text_of(&large(6000));
        let flattened: String = text
            .lines()
            .map(|line| {
                let body = line.trim_start();
                if line.len() - body.len() > 6 { format!("      {body}\n") } else { format!("{line}\n") }
            })
            .collect();
        let expected = whole(&flattened);
        for threads in [2, 3, 4, 5, 8] {
            if let Some(read) = read_on(flattened.as_bytes(), threads) {
                same(&read, &expected);
            }
        }
    }

    /// A decoy laid out like the backlog, in a field this build does not know and written
    /// before the real one: the marker lands in the decoy, the backlog does not take it, and
    /// the file is read whole.
    #[test]
    fn a_decoy_backlog_elsewhere_is_not_taken_for_the_items() {
        let real = text_of(&large(6000));
        let decoy_items: Vec<String> =
            (0..4000).map(|n| format!("      {{\"id\": {n}, \"title\": \"decoy {n} {}\"}}", "x".repeat(300))).collect();
        let decoy = format!("{{\n  \"decoy\": {{\n  \"backlog\": {{\n    \"items\": [\n{}\n    ]\n  }}}},", decoy_items.join(",\n"));
        let text = real.replacen('{', &decoy, 1);
        let (start, end) = items_array(text.as_bytes()).expect("an array");
        assert!(end - start > APART_FROM_BYTES && text[start..end].contains("decoy"), "the decoy is found first, and is large");
        let expected = whole(&text);
        assert_eq!(expected.backlog.items.len(), 6000);
        assert!(expected.extra.contains_key("decoy"));
        assert!(read_on(text.as_bytes(), 2).is_none(), "the decoy is not the backlog");
    }

    #[test]
    fn a_broken_item_or_text_that_is_not_utf8_is_left_to_the_whole_read() {
        let text = text_of(&large(6000));
        let broken = text.replacen("\"title\": \"Item 4000", "\"title\": Item 4000", 1);
        assert!(read_on(broken.as_bytes(), 3).is_none());
        let mut bytes = text.into_bytes();
        let at = bytes.len() / 2;
        bytes[at] = 0xff;
        assert!(read_on(&bytes, 3).is_none());
    }

    #[test]
    fn the_marker_is_refused_where_the_file_itself_has_it() {
        // A file whose items are a marker string (of another read) does not read.
        let text = text_of(&large(6000));
        let (start, end) = items_array(text.as_bytes()).expect("the array");
        let forged = format!("{}{}{}", &text[..start], items_marker(1), &text[end..]);
        assert!(serde_json::from_str::<Workshop>(&forged).is_err());
    }
}
