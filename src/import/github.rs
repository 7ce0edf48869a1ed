//! GitHub issues as `gh issue list --json number,title,body,labels,...` prints them: an array of
//! issue objects, any key may be missing. Parsing the JSON text itself happens in `import`.

use serde_json::Value;

use super::{Collector, ImportError, ImportedItem, Read, parse_date, repo_reference};
use crate::model::ItemStatus;

const EXPECTED: &str = "a GitHub issue list (an array of issues from gh issue list --json number,title,...)";

fn text<'a>(issue: &'a Value, key: &str) -> &'a str {
    issue.get(key).and_then(Value::as_str).unwrap_or("")
}

/// `owner/repo#12` when the address says which repository, else `#12`, else the address.
fn external_id(issue: &Value) -> Option<String> {
    let url = text(issue, "url");
    let number = match issue.get("number") {
        // An issue number is a whole number; anything else (-1, 2.5, 1e300) is no number.
        Some(Value::Number(n)) => n.as_u64().map(|n| n.to_string()),
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().trim_start_matches('#').to_string()),
        _ => None,
    };
    match number {
        Some(n) => Some(repo_reference(url).filter(|r| r.ends_with(&format!("#{n}"))).unwrap_or(format!("#{n}"))),
        None => (!url.is_empty()).then(|| url.to_string()),
    }
}

fn item(issue: &Value) -> ImportedItem {
    let labels = issue.get("labels").and_then(Value::as_array).map_or_else(Vec::new, |labels| {
        labels.iter().filter_map(|l| l.as_str().or_else(|| l.get("name").and_then(Value::as_str))).map(str::to_string).collect()
    });
    let state = text(issue, "state");
    let closed = state.eq_ignore_ascii_case("closed") || state.eq_ignore_ascii_case("merged");
    let closed_at = issue.get("closedAt").is_some_and(|c| c.as_str().is_some_and(|s| !s.is_empty()));
    // `gh issue list --json stateReason`: an issue closed as "not planned" was dropped, not done.
    let reason = text(issue, "stateReason");
    let status = match (closed || closed_at, reason.to_ascii_uppercase().as_str()) {
        (false, _) => ItemStatus::Open,
        (true, "NOT_PLANNED" | "DUPLICATE") => ItemStatus::Canceled,
        (true, _) => ItemStatus::Done,
    };
    let url = text(issue, "url");
    let mut description = text(issue, "body").trim_end().to_string();
    if !url.is_empty() {
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str(url);
    }
    ImportedItem {
        title: text(issue, "title").to_string(),
        description,
        external_id: external_id(issue),
        labels,
        created: parse_date(text(issue, "createdAt")),
        updated: parse_date(text(issue, "updatedAt")),
        section: String::new(),
        status,
    }
}

pub(super) fn read(file: &str, json: Value) -> Result<Read, ImportError> {
    let wrong = || ImportError::WrongJsonShape { file: file.to_string(), expected: EXPECTED };
    let Value::Array(issues) = json else { return Err(wrong()) };
    if !issues.is_empty() && !issues.iter().any(|i| i.get("title").is_some()) {
        return Err(wrong());
    }
    let mut out = Collector::default();
    for issue in &issues {
        out.push(item(issue), None);
    }
    Ok(out.finish("the issue list is empty"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use serde_json::json;

    #[test]
    fn an_issue_keeps_its_number_labels_state_and_dates() {
        let issue = json!({"number": 12, "title": "Flaky deploys", "body": "Often.", "url": "https://github.com/acme/api/issues/12",
            "state": "CLOSED", "createdAt": "2024-03-01T10:00:00Z", "labels": [{"name": "ci", "color": "fff"}, "plain"]});
        let item = item(&issue);
        assert_eq!(item.external_id.as_deref(), Some("acme/api#12"));
        assert_eq!(item.description, "Often.\n\nhttps://github.com/acme/api/issues/12");
        assert_eq!(item.labels, ["ci", "plain"]);
        assert_eq!(item.created, Some(date(2024, 3, 1)));
        assert_eq!(item.status, ItemStatus::Done);
        let dropped = json!({"title": "t", "state": "CLOSED", "stateReason": "NOT_PLANNED"});
        assert_eq!(super::item(&dropped).status, ItemStatus::Canceled, "closed as not planned is not done");
        assert_eq!(super::item(&json!({"title": "t", "stateReason": 7})).status, ItemStatus::Open);
    }

    #[test]
    fn missing_keys_and_odd_values_are_tolerated() {
        assert_eq!(item(&json!({"title": "t", "number": 3})).external_id.as_deref(), Some("#3"));
        assert_eq!(item(&json!({"title": "t", "number": 1e300})).external_id.as_deref(), None);
        assert_eq!(item(&json!({"title": "t", "number": -2, "url": "u"})).external_id.as_deref(), Some("u"));
        assert_eq!(item(&json!({"title": "t", "url": "https://x/y"})).external_id.as_deref(), Some("https://x/y"));
        assert_eq!(
            item(&json!({"title": "t", "labels": "oops", "state": 5})),
            ImportedItem { title: "t".into(), ..ImportedItem::default() }
        );
    }

    #[test]
    fn wrong_shapes_are_refused() {
        assert!(matches!(read("x.json", json!({"cards": []})), Err(ImportError::WrongJsonShape { .. })));
        assert!(matches!(read("x.json", json!([1, 2])), Err(ImportError::WrongJsonShape { .. })));
        let read = read("x.json", json!([{"title": ""}, 7, {"title": "ok"}])).expect("some sound");
        assert_eq!((read.items.len(), read.skipped.len()), (1, 2));
    }
}
