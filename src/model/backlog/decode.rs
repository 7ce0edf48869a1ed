//! Reading a backlog item without `#[serde(flatten)]`: a flattened field makes serde copy
//! every field of every item into a buffer before reading it, and a workshop carries
//! 10,000 items or more, read at every start. Here each known field is read straight into
//! the item and any other field is kept in `extra`, as the flattened field did; a missing
//! `id` or `title` is refused, a known field of the wrong type too, as the derived reader
//! did. (Writing stays derived: `#[serde(flatten)]` costs nothing there.)

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use super::BacklogItem;

/// A key of a backlog item: one of its fields, or a field this build does not know.
enum Field {
    Id,
    Title,
    Description,
    ExternalId,
    Labels,
    Section,
    SourceFile,
    SourceFormat,
    Created,
    Updated,
    Done,
    Status,
    State,
    ShelvedOn,
    RescuedAs,
    Changed,
    Other(String),
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Key;
        impl Visitor<'_> for Key {
            type Value = Field;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }

            fn visit_str<E: de::Error>(self, key: &str) -> Result<Field, E> {
                Ok(match key {
                    "id" => Field::Id,
                    "title" => Field::Title,
                    "description" => Field::Description,
                    "external_id" => Field::ExternalId,
                    "labels" => Field::Labels,
                    "section" => Field::Section,
                    "source_file" => Field::SourceFile,
                    "source_format" => Field::SourceFormat,
                    "created" => Field::Created,
                    "updated" => Field::Updated,
                    "done" => Field::Done,
                    "status" => Field::Status,
                    "state" => Field::State,
                    "shelved_on" => Field::ShelvedOn,
                    "rescued_as" => Field::RescuedAs,
                    "changed" => Field::Changed,
                    other => Field::Other(other.to_string()),
                })
            }
        }
        deserializer.deserialize_identifier(Key)
    }
}

impl<'de> Deserialize<'de> for BacklogItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(Item)
    }
}

struct Item;

impl<'de> Visitor<'de> for Item {
    type Value = BacklogItem;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a backlog item")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<BacklogItem, A::Error> {
        let mut item = BacklogItem::default();
        let (mut id, mut title) = (None, None);
        while let Some(field) = map.next_key::<Field>()? {
            match field {
                Field::Id => id = Some(map.next_value()?),
                Field::Title => title = Some(map.next_value()?),
                Field::Description => item.description = map.next_value()?,
                Field::ExternalId => item.external_id = map.next_value()?,
                Field::Labels => item.labels = map.next_value()?,
                Field::Section => item.section = map.next_value()?,
                Field::SourceFile => item.source_file = map.next_value()?,
                Field::SourceFormat => item.source_format = map.next_value()?,
                Field::Created => item.created = map.next_value()?,
                Field::Updated => item.updated = map.next_value()?,
                Field::Done => item.done = map.next_value()?,
                Field::Status => item.status = map.next_value()?,
                Field::State => item.state = map.next_value()?,
                Field::ShelvedOn => item.shelved_on = map.next_value()?,
                Field::RescuedAs => item.rescued_as = map.next_value()?,
                Field::Changed => item.changed = map.next_value()?,
                Field::Other(key) => {
                    item.extra.insert(key, map.next_value()?);
                }
            }
        }
        item.id = id.ok_or_else(|| de::Error::missing_field("id"))?;
        item.title = title.ok_or_else(|| de::Error::missing_field("title"))?;
        Ok(item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reader this replaces, for comparison: the same fields, derived, flattened.
    #[derive(Debug, serde::Deserialize)]
    struct Derived {
        id: crate::model::ids::BacklogItemId,
        title: String,
        #[serde(default)]
        description: String,
        #[serde(default)]
        external_id: Option<String>,
        #[serde(default)]
        labels: Vec<String>,
        #[serde(default)]
        section: String,
        #[serde(default)]
        source_file: String,
        #[serde(default)]
        source_format: String,
        #[serde(default)]
        created: Option<jiff::civil::Date>,
        #[serde(default)]
        updated: Option<jiff::civil::Date>,
        #[serde(default)]
        done: bool,
        #[serde(default)]
        status: crate::model::shelf::ItemStatus,
        #[serde(default)]
        state: super::super::BacklogState,
        #[serde(default)]
        shelved_on: Option<jiff::civil::Date>,
        #[serde(default)]
        rescued_as: Option<crate::model::ids::InitiativeId>,
        #[serde(default)]
        changed: Option<jiff::Timestamp>,
        #[serde(flatten)]
        extra: crate::model::Extra,
    }

    fn both(json: &str) -> (Result<BacklogItem, String>, Result<Derived, String>) {
        (serde_json::from_str(json).map_err(|e| e.to_string()), serde_json::from_str(json).map_err(|e| e.to_string()))
    }

    #[test]
    fn every_field_reads_as_the_derived_reader_read_it_and_unknown_fields_are_kept() {
        let json = r#"{"id": "B7F3Q2M9", "title": "Flaky CI", "description": "line\nline", "external_id": "OPS-1",
            "labels": ["ci", "Infra"], "section": "Later", "source_file": "jira.csv", "source_format": "jira-csv",
            "created": "2025-01-02", "updated": "2025-02-03", "done": true, "status": "done", "state": "shelved",
            "shelved_on": "2026-01-01", "rescued_as": "I7F3Q2M9", "changed": "2026-01-01T10:00:00Z",
            "future": {"a": [1, 2]}, "note": "kept"}"#;
        let (ours, derived) = both(json);
        let (ours, derived) = (ours.expect("reads"), derived.expect("reads"));
        assert_eq!(
            serde_json::to_value(&ours).expect("json"),
            serde_json::to_value(BacklogItem {
                id: derived.id,
                title: derived.title,
                description: derived.description,
                external_id: derived.external_id,
                labels: derived.labels,
                section: derived.section,
                source_file: derived.source_file,
                source_format: derived.source_format,
                created: derived.created,
                updated: derived.updated,
                done: derived.done,
                status: derived.status,
                state: derived.state,
                shelved_on: derived.shelved_on,
                rescued_as: derived.rescued_as,
                changed: derived.changed,
                extra: derived.extra,
            })
            .expect("json")
        );
        assert_eq!(ours.extra.len(), 2, "{:?}", ours.extra);
    }

    #[test]
    fn what_the_derived_reader_refused_is_refused() {
        for json in [
            r#"{"title": "no id"}"#,
            r#"{"id": "B7F3Q2M9"}"#,
            r#"{"id": "B7F3Q2M9", "title": 5}"#,
            r#"{"id": "B7F3Q2M9", "title": "t", "labels": "ci"}"#,
            r#"{"id": "B7F3Q2M9", "title": "t", "created": "yesterday"}"#,
            r#"{"id": "B7F3Q2M9", "title": "t", "description": null}"#,
            r#"{"id": "B7F3Q2M9", "title": "t", "state": "lost"}"#,
            r#"["B7F3Q2M9", "t"]"#,
            r#""B7F3Q2M9""#,
        ] {
            let (ours, derived) = both(json);
            assert!(ours.is_err() && derived.is_err(), "{json}: {ours:?} / {derived:?}");
        }
        let (ours, derived) = both(r#"{"id": "B7F3Q2M9", "title": "t", "external_id": null, "created": null}"#);
        assert!(ours.is_ok() && derived.is_ok(), "nulls where the field may be absent: {ours:?} / {derived:?}");
    }
}
