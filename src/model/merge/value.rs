//! The three-way merge of two JSON values from a common base, by key and by field. Lists
//! of objects with an `id` (or, for check-ins, health readings and weekly notes, a `week`)
//! merge item by item; lists of plain values, and of records with neither (a check-in's
//! replaced versions, an adjustment), merge as sets; objects merge field by field; a field
//! both sides changed to different values goes to the side whose item changed later (its
//! `changed` stamp), ties broken by comparing the values, so the merge gives the same
//! result whichever side is "ours". Every such decision is noted.

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;
use serde_json::{Map, Value};

use super::MergeNote;

/// What the merge has decided so far, and where it is.
#[derive(Debug, Default)]
pub(super) struct Cx {
    pub notes: Vec<MergeNote>,
    /// The stamps of the innermost item on each side (ours, theirs).
    stamps: (Option<Timestamp>, Option<Timestamp>),
    /// Where we are, as people read it (`initiatives`, `I7F3Q2M9`, `title`).
    path: Vec<String>,
}

fn stamp_of(v: Option<&Value>) -> Option<Timestamp> {
    v?.get("changed")?.as_str()?.parse().ok()
}

/// The key an item of a list is known by, if the list is keyed.
fn key_of(v: &Value) -> Option<String> {
    let map = v.as_object()?;
    match map.get("id").or_else(|| map.get("week"))? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// How an item of the list at `field` is named for people: `KR7F3Q2M9`, `H4K2`, `week 5`.
fn item_label(field: &str, item: &Value, key: &str) -> String {
    let prefix = match field {
        "participants" | "ballots" | "cards" => "P",
        "items" => "B",
        "initiatives" => "I",
        "themes" => "T",
        "objectives" => "O",
        // A dependency is known by the other workshop's key result it waits on.
        "key_results" | "depends_on" => "KR",
        "health" => "H",
        "candidates" => "C",
        "calibration" => "PS",
        "commitments" => "CM",
        _ if item.get("week").is_some() && item.get("id").is_none() => return format!("week {key}"),
        _ => "",
    };
    format!("{prefix}{key}")
}

/// A value as people read it in the merge record: text as it is, other values as JSON.
fn shown(v: Option<&Value>) -> String {
    let text = match v {
        None | Some(Value::Null) => "(nothing)".to_string(),
        Some(Value::String(s)) if s.is_empty() => "(empty)".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    super::super::text::cap_chars(text, 300)
}

/// Merges `ours` and `theirs` (each `None` when absent) from `base`.
pub(super) fn merge(base: Option<&Value>, ours: Option<&Value>, theirs: Option<&Value>, cx: &mut Cx) -> Option<Value> {
    if ours == theirs {
        return ours.cloned();
    }
    if base == ours {
        return theirs.cloned();
    }
    if base == theirs {
        return ours.cloned();
    }
    match (ours, theirs) {
        (Some(Value::Object(o)), Some(Value::Object(t))) => {
            let b = base.and_then(Value::as_object);
            Some(Value::Object(merge_objects(b, o, t, cx)))
        }
        (Some(Value::Array(o)), Some(Value::Array(t))) => {
            let b: &[Value] = base.and_then(Value::as_array).map_or(&[], Vec::as_slice);
            let keyed = |list: &[Value]| list.iter().all(|v| key_of(v).is_some());
            let items = if keyed(b) && keyed(o) && keyed(t) {
                merge_keyed(b, o, t, cx)
            } else if [b, o, t].iter().all(|list| list.iter().all(|v| key_of(v).is_none())) {
                // Values, or records without an identity (a check-in's replaced versions):
                // as a set, so what either side added is kept.
                merge_set(b, o, t)
            } else {
                return Some(conflict(ours, theirs, cx));
            };
            Some(Value::Array(items))
        }
        _ => Some(conflict(ours, theirs, cx)),
    }
}

/// Both sides changed a value differently: the later change wins; the other is noted.
fn conflict(ours: Option<&Value>, theirs: Option<&Value>, cx: &mut Cx) -> Value {
    let (o_at, t_at) = cx.stamps;
    let ours_wins = match o_at.cmp(&t_at) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => ours.map(Value::to_string) >= theirs.map(Value::to_string),
    };
    let (kept, lost, at) = if ours_wins { (ours, theirs, o_at) } else { (theirs, ours, t_at) };
    let subject = cx.path.join(" ");
    let (kept_text, lost_text) = (shown(kept), shown(lost));
    let id = note_id(&subject, &kept_text, &lost_text);
    cx.notes.push(MergeNote {
        id,
        at: at.unwrap_or(Timestamp::UNIX_EPOCH),
        subject,
        kept: kept_text,
        set_aside: lost_text,
        ..MergeNote::default()
    });
    kept.cloned().unwrap_or(Value::Null)
}

/// The same for the same decision, whoever merges it.
fn note_id(subject: &str, kept: &str, lost: &str) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (subject, kept, lost).hash(&mut h);
    format!("{:016x}", h.finish())
}

fn merge_objects(
    base: Option<&Map<String, Value>>,
    ours: &Map<String, Value>,
    theirs: &Map<String, Value>,
    cx: &mut Cx,
) -> Map<String, Value> {
    let outer = cx.stamps;
    let stamps = (stamp_of_field(ours.get("changed")), stamp_of_field(theirs.get("changed")));
    if stamps != (None, None) {
        cx.stamps = stamps;
    }
    let mut keys: Vec<&String> = ours.keys().collect();
    keys.extend(theirs.keys().filter(|k| !ours.contains_key(*k)));
    if let Some(b) = base {
        keys.extend(b.keys().filter(|k| !ours.contains_key(*k) && !theirs.contains_key(*k)));
    }
    let mut out = Map::new();
    for key in keys {
        let (b, o, t) = (base.and_then(|b| b.get(key)), ours.get(key), theirs.get(key));
        let merged = if key == "changed" {
            later_stamp(o, t)
        } else {
            cx.path.push(key.clone());
            let merged = merge(b, o, t, cx);
            cx.path.pop();
            merged
        };
        if let Some(v) = merged {
            out.insert(key.clone(), v);
        }
    }
    cx.stamps = outer;
    out
}

/// The later of two stamps (a merged item changed when its latest change did).
fn later_stamp(o: Option<&Value>, t: Option<&Value>) -> Option<Value> {
    match (stamp_of_field(o), stamp_of_field(t)) {
        (Some(a), Some(b)) => if a >= b { o } else { t }.cloned(),
        (Some(_), None) => o.cloned(),
        (None, _) => t.cloned(),
    }
}

fn stamp_of_field(v: Option<&Value>) -> Option<Timestamp> {
    v?.as_str()?.parse().ok()
}

/// Plain values (and records without an id) merge as sets: what either side removed goes,
/// what either added comes; base order first, then additions in a fixed order.
fn merge_set(base: &[Value], ours: &[Value], theirs: &[Value]) -> Vec<Value> {
    let text = |v: &Value| v.to_string();
    let has = |list: &[Value], v: &Value| list.iter().any(|x| x == v);
    let mut out: Vec<Value> = base.iter().filter(|v| has(ours, v) && has(theirs, v)).cloned().collect();
    let mut added: BTreeMap<String, Value> = BTreeMap::new();
    for v in ours.iter().chain(theirs) {
        if !has(base, v) {
            added.insert(text(v), v.clone());
        }
    }
    out.extend(added.into_values());
    out.dedup();
    out
}

/// Lists of items merge item by item, by key; see `order` for where each item goes.
fn merge_keyed(base: &[Value], ours: &[Value], theirs: &[Value], cx: &mut Cx) -> Vec<Value> {
    let index = |list: &[Value]| -> BTreeMap<String, Value> { list.iter().filter_map(|v| Some((key_of(v)?, v.clone()))).collect() };
    let (b, o, t) = (index(base), index(ours), index(theirs));
    let field = cx.path.last().cloned().unwrap_or_default();
    let mut result: BTreeMap<String, Value> = BTreeMap::new();
    let keys: BTreeSet<&String> = b.keys().chain(o.keys()).chain(t.keys()).collect();
    for key in keys {
        let (bv, ov, tv) = (b.get(key), o.get(key), t.get(key));
        let label = item_label(&field, ov.or(tv).or(bv).unwrap_or(&Value::Null), key);
        cx.path.push(label);
        let merged = match (bv, ov, tv) {
            (Some(_) | None, Some(_), Some(_)) => merge(bv, ov, tv, cx),
            (Some(bv), Some(kept), None) | (Some(bv), None, Some(kept)) if kept != bv => {
                // Changed on one side, deleted on the other: the change is kept.
                let subject = cx.path.join(" ");
                let (kept_text, lost) = ("kept, with its changes".to_string(), "deleted".to_string());
                let at = stamp_of(Some(kept)).unwrap_or(Timestamp::UNIX_EPOCH);
                let id = note_id(&subject, &kept_text, &lost);
                cx.notes.push(MergeNote { id, at, subject, kept: kept_text, set_aside: lost, ..MergeNote::default() });
                Some(kept.clone())
            }
            (None, Some(v), None) | (None, None, Some(v)) => Some(v.clone()),
            // Deleted on a side that did not change it, or never there.
            (Some(_), _, _) | (None, None, None) => None,
        };
        cx.path.pop();
        if let Some(v) = merged {
            result.insert(key.clone(), v);
        }
    }
    order(base, ours, theirs, result)
}

/// Where each merged item goes. The items both had keep the base's order, unless one side
/// reordered them (then its order; if both did, the earlier of the two orders). Items a
/// side added follow the item they followed on that side; two sides' additions after the
/// same item go oldest first. The same whichever side is "ours".
fn order(base: &[Value], ours: &[Value], theirs: &[Value], mut items: BTreeMap<String, Value>) -> Vec<Value> {
    let keys = |list: &[Value]| -> Vec<String> { list.iter().filter_map(key_of).filter(|k| items.contains_key(k)).collect() };
    let (b, o, t) = (keys(base), keys(ours), keys(theirs));
    let in_base: BTreeSet<&String> = b.iter().collect();
    let common = |list: &[String]| -> Vec<String> { list.iter().filter(|k| in_base.contains(k)).cloned().collect() };
    let (cb, co, ct) = (common(&b), common(&o), common(&t));
    let skeleton = match (co != cb, ct != cb) {
        (true, false) => co,
        (false, true) => ct,
        (true, true) => co.min(ct),
        (false, false) => cb,
    };
    // Additions, in blocks after the item they followed on their side (at the end when
    // they were at the end).
    let mut blocks: BTreeMap<Anchor, Vec<(String, Vec<String>)>> = BTreeMap::new();
    let mut placed: BTreeSet<String> = skeleton.iter().cloned().collect();
    for side in [&o, &t] {
        let mut anchor = Anchor::Start;
        let mut block: Vec<String> = Vec::new();
        for key in side {
            if in_base.contains(key) {
                push_block(&mut blocks, anchor, std::mem::take(&mut block), &items);
                anchor = Anchor::After(key.clone());
            } else if placed.insert(key.clone()) {
                block.push(key.clone());
            }
        }
        push_block(&mut blocks, Anchor::End, block, &items);
    }
    let mut out = Vec::with_capacity(items.len());
    let mut take_block = |anchor: &Anchor, out: &mut Vec<Value>, items: &mut BTreeMap<String, Value>| {
        for (_, block) in blocks.remove(anchor).unwrap_or_default() {
            out.extend(block.iter().filter_map(|k| items.remove(k)));
        }
    };
    take_block(&Anchor::Start, &mut out, &mut items);
    for key in &skeleton {
        out.extend(items.remove(key));
        take_block(&Anchor::After(key.clone()), &mut out, &mut items);
    }
    take_block(&Anchor::End, &mut out, &mut items);
    // Anything left (what it followed is gone): at the end, in key order.
    out.extend(items.into_values());
    out
}

/// Where a block of added items goes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Anchor {
    Start,
    After(String),
    End,
}

/// Files a block of added items under the item it follows, in a fixed order.
fn push_block(
    blocks: &mut BTreeMap<Anchor, Vec<(String, Vec<String>)>>,
    anchor: Anchor,
    block: Vec<String>,
    items: &BTreeMap<String, Value>,
) {
    let Some(first) = block.first() else { return };
    let sort_key = format!("{:?}{first}", items.get(first).and_then(|v| stamp_of(Some(v))));
    let list = blocks.entry(anchor).or_default();
    list.push((sort_key, block));
    list.sort();
}
