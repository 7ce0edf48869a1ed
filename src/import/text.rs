//! Plain text: one item per line, `- ` and `* ` bullets stripped. Blank lines and `#`
//! comments are not items; nothing else in a line is interpreted.

use super::{Collector, ImportedItem, Read, numbered_lines};

pub(super) fn read(text: &str) -> Read {
    let mut out = Collector::default();
    for (number, line) in numbered_lines(text) {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let title = match line {
            "-" | "*" => "",
            _ => line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")).unwrap_or(line),
        };
        out.push(ImportedItem { title: title.to_string(), ..ImportedItem::default() }, Some(number));
    }
    out.finish("it has only blank lines and # comments")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_item_per_line_without_bullets_or_comments() {
        let read = read("# exported 2025\n\nFaster CI\n- Dark mode\r\n* Fewer pages  \n  -  Spaced bullet\n");
        let titles: Vec<&str> = read.items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(titles, ["Faster CI", "Dark mode", "Fewer pages", "Spaced bullet"]);
        assert!(read.skipped.is_empty());
    }

    #[test]
    fn lines_that_clean_to_nothing_are_skipped_with_their_number() {
        let read = read("ok\n\u{1b}\u{7}\n-\n");
        assert_eq!(read.items.len(), 1);
        assert_eq!(read.skipped.iter().map(|s| s.line).collect::<Vec<_>>(), [Some(2), Some(3)]);
    }

    #[test]
    fn old_mac_line_endings_split_too() {
        assert_eq!(read("a\rb\rc").items.len(), 3);
    }

    #[test]
    fn a_long_line_is_cut_but_kept_whole_in_the_description() {
        let long = "x".repeat(1000);
        let read = read(&long);
        assert_eq!(read.items[0].title.chars().count(), super::super::MAX_TITLE_CHARS);
        assert!(read.items[0].title.ends_with('…'));
        assert_eq!(read.items[0].description, long);
    }
}
