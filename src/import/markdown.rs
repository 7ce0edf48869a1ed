//! Markdown TODO lists: GFM task lists and bullet or ordered lists, nested items kept with
//! their parent as context, headings as the item's section (not a label: a heading is where
//! an item sits, not what it is). `[x]` is done, `[/]` in progress, `[-]` and `[~]` canceled.
//! Prose, tables and code blocks are not items.

use super::{Collector, ImportedItem, Read, numbered_lines};
use crate::model::ItemStatus;
use crate::model::text::cap_chars;
use crate::model::text::clean_line;

/// What one line of Markdown is, as far as a TODO list cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Line<'a> {
    Blank,
    /// A code fence opening or closing: the fence character and its length.
    Fence(u8, usize),
    Heading {
        level: usize,
        text: &'a str,
    },
    Item {
        indent: usize,
        task: bool,
        status: ItemStatus,
        text: &'a str,
    },
    /// A thematic break (`---`, `***`, `* * *`).
    Break,
    Other {
        indent: usize,
        text: &'a str,
    },
}

/// Columns of leading whitespace (a tab counts to the next multiple of 4) and the rest.
fn indentation(line: &str) -> (usize, &str) {
    let mut columns = 0;
    for (i, c) in line.char_indices() {
        match c {
            ' ' => columns += 1,
            '\t' => columns += 4 - columns % 4,
            _ => return (columns, &line[i..]),
        }
    }
    (columns, "")
}

fn fence(rest: &str) -> Option<(u8, usize)> {
    let first = *rest.as_bytes().first()?;
    if first != b'`' && first != b'~' {
        return None;
    }
    let len = rest.bytes().take_while(|b| *b == first).count();
    (len >= 3).then_some((first, len))
}

fn is_break(rest: &str) -> bool {
    let mut marks = rest.chars().filter(|c| !c.is_whitespace());
    let Some(first) = marks.next() else { return false };
    matches!(first, '-' | '*' | '_') && marks.clone().all(|c| c == first) && marks.count() >= 2
}

/// The text after a list marker (`-`, `*`, `+`, `1.`, `1)`), if the line is a list item.
fn after_marker(rest: &str) -> Option<&str> {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let marker_len = match rest.as_bytes().first()? {
        b'-' | b'*' | b'+' => 1,
        b'0'..=b'9' if digits <= 9 && matches!(rest.as_bytes().get(digits), Some(b'.' | b')')) => digits + 1,
        _ => return None,
    };
    let after = &rest[marker_len..];
    (after.is_empty() || after.starts_with([' ', '\t'])).then(|| after.trim())
}

pub(super) fn classify(line: &str) -> Line<'_> {
    let (indent, rest) = indentation(line);
    let rest = rest.trim_end();
    if rest.is_empty() {
        return Line::Blank;
    }
    if let Some((c, len)) = fence(rest) {
        return Line::Fence(c, len);
    }
    if indent <= 3 && rest.starts_with('#') {
        let level = rest.bytes().take_while(|b| *b == b'#').count();
        let after = &rest[level..];
        if level <= 6 && (after.is_empty() || after.starts_with([' ', '\t'])) {
            // A closing sequence of `#` after a space is not part of the heading.
            let text = after.trim();
            let text = match text.trim_end_matches('#') {
                stripped if stripped.is_empty() || stripped.ends_with([' ', '\t']) => stripped.trim_end(),
                _ => text,
            };
            return Line::Heading { level, text };
        }
    }
    if is_break(rest) {
        return Line::Break;
    }
    if let Some(text) = after_marker(rest) {
        let status = match text.get(..3) {
            Some("[ ]") => Some(ItemStatus::Open),
            Some("[x]" | "[X]") => Some(ItemStatus::Done),
            Some("[/]") => Some(ItemStatus::InProgress),
            Some("[-]" | "[~]") => Some(ItemStatus::Canceled),
            _ => None,
        };
        let (task, status, text) = match status {
            Some(status) => (true, status, &text[3..]),
            None => (false, ItemStatus::Open, text),
        };
        // "[x]done" without a space is not a task box.
        if task && !(text.is_empty() || text.starts_with([' ', '\t'])) {
            return Line::Item { indent, task: false, status: ItemStatus::Open, text: after_marker(rest).unwrap_or_default() };
        }
        return Line::Item { indent, task, status, text: text.trim() };
    }
    Line::Other { indent, text: rest }
}

/// An item being read: its notes (continuation lines) and parent are joined at the end.
struct Draft {
    line: usize,
    item: ImportedItem,
    notes: Vec<String>,
    parent: Option<String>,
}

pub(super) fn read(text: &str) -> Read {
    let mut drafts: Vec<Draft> = Vec::new();
    // Headings in force (level, text), and the open list items (indent, title, draft index).
    let mut headings: Vec<(usize, String)> = Vec::new();
    let mut nesting: Vec<(usize, String)> = Vec::new();
    let mut fence_open: Option<(u8, usize)> = None;
    let mut continues: Option<usize> = None;
    let mut after_blank = false;
    let mut lines = numbered_lines(text).peekable();
    // YAML front matter is metadata, not a list.
    if lines.peek().is_some_and(|(_, l)| l.trim_end() == "---") {
        lines.next();
        lines.by_ref().find(|(_, line)| matches!(line.trim_end(), "---" | "..."));
    }
    for (number, line) in lines {
        let kind = classify(line);
        if let Some((c, len)) = fence_open {
            if matches!(kind, Line::Fence(d, l) if d == c && l >= len) {
                fence_open = None;
            }
            continue;
        }
        match kind {
            Line::Blank => {}
            Line::Fence(c, len) => fence_open = Some((c, len)),
            Line::Heading { level, text } => {
                headings.retain(|(l, _)| *l < level);
                let text = clean_line(text);
                if !text.is_empty() {
                    headings.push((level, text));
                }
                nesting.clear();
                continues = None;
            }
            Line::Break => {
                nesting.clear();
                continues = None;
            }
            Line::Item { indent, status, text, .. } => {
                while nesting.last().is_some_and(|(i, _)| *i >= indent) {
                    nesting.pop();
                }
                let title = clean_line(text);
                let item = ImportedItem {
                    title: text.to_string(),
                    section: headings.iter().map(|(_, h)| h.as_str()).collect::<Vec<_>>().join(" › "),
                    status,
                    ..ImportedItem::default()
                };
                drafts.push(Draft { line: number, item, notes: Vec::new(), parent: nesting.last().map(|(_, t)| t.clone()) });
                if title.is_empty() {
                    continues = None;
                } else {
                    nesting.push((indent, cap_chars(title, super::MAX_TITLE_CHARS)));
                    continues = Some(drafts.len() - 1);
                }
            }
            Line::Other { indent, text } => match continues {
                // A line under an item (indented, or right after it) continues its text.
                Some(i) if indent >= 2 || !after_blank => drafts[i].notes.push(text.to_string()),
                _ => {
                    if indent < 2 {
                        nesting.clear();
                    }
                    continues = None;
                }
            },
        }
        after_blank = kind == Line::Blank;
    }
    finish(drafts)
}

/// The items read, each with its notes and the item it is part of as its description.
fn finish(drafts: Vec<Draft>) -> Read {
    let mut out = Collector::default();
    for mut draft in drafts {
        let mut description = draft.notes.join("\n");
        if let Some(parent) = draft.parent {
            if !description.is_empty() {
                description.push_str("\n\n");
            }
            description.push_str("Part of: ");
            description.push_str(&parent);
        }
        draft.item.description = description;
        out.push(draft.item, Some(draft.line));
    }
    out.finish("it has no list items (\"- item\" or \"- [ ] task\")")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_classified() {
        assert_eq!(classify("- [ ] a"), Line::Item { indent: 0, task: true, status: ItemStatus::Open, text: "a" });
        assert_eq!(classify("  * [X] b"), Line::Item { indent: 2, task: true, status: ItemStatus::Done, text: "b" });
        assert_eq!(classify("12) c"), Line::Item { indent: 0, task: false, status: ItemStatus::Open, text: "c" });
        assert_eq!(classify("+ [x]d"), Line::Item { indent: 0, task: false, status: ItemStatus::Open, text: "[x]d" });
        assert_eq!(classify("## Infra ##"), Line::Heading { level: 2, text: "Infra" });
        assert_eq!(classify("# C#"), Line::Heading { level: 1, text: "C#" });
        assert_eq!(classify("#hashtag"), Line::Other { indent: 0, text: "#hashtag" });
        assert_eq!(classify("* * *"), Line::Break);
        assert_eq!(classify("```rust"), Line::Fence(b'`', 3));
        assert_eq!(classify("-not a list"), Line::Other { indent: 0, text: "-not a list" });
        assert_eq!(classify("2025. A year"), Line::Item { indent: 0, task: false, status: ItemStatus::Open, text: "A year" });
        assert_eq!(classify("1234567890. too long"), Line::Other { indent: 0, text: "1234567890. too long" });
    }

    #[test]
    fn nested_items_keep_their_parent_and_headings_become_sections() {
        let read = read("# Q3\n## Infra\n- [ ] Faster CI\n  - [x] Cache deps\n    Needs a bucket.\n- Other\n## Web\n1. Dark mode\n");
        let titles: Vec<&str> = read.items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(titles, ["Faster CI", "Cache deps", "Other", "Dark mode"]);
        assert_eq!(read.items[1].description, "Needs a bucket.\n\nPart of: Faster CI");
        assert!(read.items[1].status == ItemStatus::Done && read.items[0].status == ItemStatus::Open);
        assert_eq!(read.items[2].description, "");
        assert_eq!(read.items[0].section, "Q3 › Infra");
        assert_eq!(read.items[3].section, "Q3 › Web");
        assert!(read.items.iter().all(|i| i.labels.is_empty()), "a heading is not a label");
    }

    #[test]
    fn task_boxes_say_in_progress_and_canceled_too() {
        let read = read("- [/] Doing it\n- [-] Dropped\n- [~] Dropped too\n- [?] Asked\n");
        let statuses: Vec<ItemStatus> = read.items.iter().map(|i| i.status).collect();
        assert_eq!(statuses, [ItemStatus::InProgress, ItemStatus::Canceled, ItemStatus::Canceled, ItemStatus::Open]);
        assert_eq!(read.items[3].title, "[?] Asked", "an unknown box is text");
    }

    #[test]
    fn code_fences_and_front_matter_are_not_items() {
        let read = read("---\ntags:\n  - x\n---\n- real\n```\n- not an item\n```\n~~~~\n- nor this\n~~~\n~~~~\n- real too\n");
        let titles: Vec<&str> = read.items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(titles, ["real", "real too"]);
    }

    #[test]
    fn empty_items_are_skipped_with_their_line() {
        let read = read("- [ ]\n- ok\n-\n");
        assert_eq!(read.items.len(), 1);
        assert_eq!(read.skipped.iter().map(|s| s.line).collect::<Vec<_>>(), [Some(1), Some(3)]);
    }

    #[test]
    fn prose_is_not_an_item() {
        let read = read("Some intro text.\n\n- item\n\nA closing paragraph.\n");
        assert_eq!(read.items.len(), 1);
        assert_eq!(read.items[0].description, "");
    }
}
