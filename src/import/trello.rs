//! Trello board exports (Menu › Print, export and share › Export as JSON): cards with their
//! list's name as their section. Archived cards (and cards in archived lists) are imported as
//! archived, never dropped and never taken for done; cards in a "Done" list are done.

use std::collections::HashMap;

use jiff::{Timestamp, tz::TimeZone};
use serde_json::Value;

use super::{Collector, ImportError, ImportedItem, Read, parse_date};
use crate::model::ItemStatus;

const EXPECTED: &str = "a Trello board (an object with cards and lists, from Export as JSON)";

/// List names that mean the cards in them are finished.
const DONE_LISTS: &[&str] = &["done", "complete", "completed", "finished", "shipped", "closed", "released"];

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn flag(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// A Trello id starts with the creation time: 8 hex digits of Unix seconds.
fn created_from_id(id: &str) -> Option<jiff::civil::Date> {
    let seconds = i64::from_str_radix(id.get(..8)?, 16).ok()?;
    let at = Timestamp::from_second(seconds).ok()?;
    Some(at.to_zoned(TimeZone::UTC).date())
}

/// A card's status: its list's meaning, a due date marked complete (done), or the card
/// archived (archived, unless its list already says it was done).
fn card_status(card: &Value, list: ItemStatus) -> ItemStatus {
    let mut status = list;
    if flag(card, "dueComplete") {
        status = status.strongest(ItemStatus::Done);
    }
    if flag(card, "closed") {
        status = status.strongest(ItemStatus::Archived);
    }
    status
}

pub(super) fn read(file: &str, json: &Value) -> Result<Read, ImportError> {
    let Some(cards) = json.get("cards").and_then(Value::as_array) else {
        return Err(ImportError::WrongJsonShape { file: file.to_string(), expected: EXPECTED });
    };
    // List id → (name, what being in it means: archived, done, or nothing).
    let lists: HashMap<&str, (&str, ItemStatus)> = json
        .get("lists")
        .and_then(Value::as_array)
        .map(|lists| {
            lists
                .iter()
                .map(|l| {
                    let name = text(l, "name");
                    let status = if DONE_LISTS.contains(&name.trim().to_lowercase().as_str()) {
                        ItemStatus::Done
                    } else if let Some(status) = ItemStatus::from_word(name) {
                        status
                    } else if flag(l, "closed") {
                        ItemStatus::Archived
                    } else {
                        ItemStatus::Open
                    };
                    (text(l, "id"), (name, status))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut out = Collector::default();
    for card in cards {
        let (list, list_status) = lists.get(text(card, "idList")).copied().unwrap_or(("", ItemStatus::Open));
        let labels: Vec<String> = card
            .get("labels")
            .and_then(Value::as_array)
            .map(|ls| ls.iter().map(|l| text(l, "name").to_string()).collect())
            .unwrap_or_default();
        let id = text(card, "id");
        let short_url = text(card, "shortUrl");
        let item = ImportedItem {
            title: text(card, "name").to_string(),
            description: text(card, "desc").to_string(),
            external_id: [short_url, text(card, "url"), id].into_iter().find(|s| !s.is_empty()).map(str::to_string),
            labels,
            section: list.to_string(),
            created: created_from_id(id),
            updated: parse_date(text(card, "dateLastActivity")),
            status: card_status(card, list_status),
        };
        out.push(item, None);
    }
    Ok(out.finish("the board has no cards"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use serde_json::json;

    #[test]
    fn cards_keep_their_list_as_a_section_and_archived_ones_are_not_done() {
        use ItemStatus::{Archived, Done, Open};
        let board = json!({"lists": [{"id": "L1", "name": "Ideas"}, {"id": "L2", "name": "Done"}, {"id": "L3", "name": "Old", "closed": true}],
            "cards": [
                {"id": "5f1e2d3c0000000000000000", "name": "Dark mode", "idList": "L1", "labels": [{"name": "web"}, {"name": ""}],
                 "shortUrl": "https://trello.com/c/abc", "dateLastActivity": "2025-02-03T04:05:06.000Z"},
                {"name": "Archived", "idList": "L1", "closed": true},
                {"name": "Finished", "idList": "L2"},
                {"name": "In an archived list", "idList": "L3"},
                {"name": "Unknown list", "idList": "nope"}]});
        let read = read("b.json", &board).expect("reads");
        let first = &read.items[0];
        assert_eq!(first.labels, ["web"]);
        assert_eq!(first.section, "Ideas");
        assert_eq!(first.external_id.as_deref(), Some("https://trello.com/c/abc"));
        assert_eq!(first.created, Some(date(2020, 7, 27)));
        assert_eq!(first.updated, Some(date(2025, 2, 3)));
        assert_eq!(read.items.iter().map(|i| i.status).collect::<Vec<_>>(), [Open, Archived, Done, Archived, Open]);
    }

    #[test]
    fn not_a_board_is_refused() {
        assert!(matches!(read("b.json", &json!([{"title": "x"}])), Err(ImportError::WrongJsonShape { .. })));
        assert!(matches!(read("b.json", &json!({"cards": {}})), Err(ImportError::WrongJsonShape { .. })));
    }

    #[test]
    fn odd_ids_give_no_date() {
        assert_eq!(created_from_id("zz"), None);
        assert_eq!(created_from_id("ffffffffffff"), Some(date(2106, 2, 7)));
        assert_eq!(created_from_id("é0000000"), None);
    }
}
