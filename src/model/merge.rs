//! Three-way merges of workshops: what two copies changed since a common base, put
//! together by id and by field. Concurrent additions, edits of different fields, check-ins
//! on different key results or weeks all merge; the same field changed on both sides goes
//! to the later change (by the items' `changed` stamps) and the other value is kept in the
//! workshop's merge record. The result does not depend on which side is "ours".
//!
//! Used when saving finds the file changed by someone else, when the file changes on disk
//! while a workshop is open, when undoing a change after others' changes came in, and by
//! the git merge driver (`quarterdeck merge-file`).

mod value;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::Workshop;
use super::candidate::CandidateKind as Proposed;

/// A field both sides changed to different values: the value the merge kept and the one it
/// set aside, so nobody's change vanishes without a trace.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeNote {
    /// The same for the same decision, so merging the same change twice records it once.
    pub id: String,
    /// When the kept change was made.
    pub at: Timestamp,
    /// What it is about, as people read it: `initiatives I7F3Q2M9 title`.
    pub subject: String,
    pub kept: String,
    pub set_aside: String,
    /// Fields this build does not know, kept as they were.
    #[serde(flatten)]
    pub extra: super::Extra,
}

/// A merged workshop and what the merge decided.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub workshop: Workshop,
    /// Fields both sides changed: kept and set aside (also added to the merge record).
    pub conflicts: Vec<MergeNote>,
}

/// Why two copies could not be merged (only a copy that is not a workshop causes this).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the merged workshop does not read back: {0}")]
pub struct MergeError(String);

/// Merges what `ours` and `theirs` changed since `base`.
pub fn merge(base: &Workshop, ours: &Workshop, theirs: &Workshop) -> Result<Merged, MergeError> {
    if ours == theirs || base == theirs {
        return Ok(Merged { workshop: ours.clone(), conflicts: Vec::new() });
    }
    if base == ours {
        return Ok(Merged { workshop: theirs.clone(), conflicts: Vec::new() });
    }
    let to_value = |w: &Workshop| serde_json::to_value(w).map_err(|e| MergeError(e.to_string()));
    let (b, o, t) = (to_value(base)?, to_value(ours)?, to_value(theirs)?);
    let mut cx = value::Cx::default();
    let merged = value::merge(Some(&b), Some(&o), Some(&t), &mut cx).unwrap_or(o);
    let mut workshop: Workshop = serde_json::from_value(merged).map_err(|e| MergeError(e.to_string()))?;
    tidy(&mut workshop);
    let mut conflicts = cx.notes;
    conflicts.sort_by(|a, b| (a.at, &a.subject, &a.id).cmp(&(b.at, &b.subject, &b.id)));
    conflicts.dedup_by(|a, b| a.id == b.id);
    for note in &conflicts {
        if !workshop.merge_log.iter().any(|m| m.id == note.id) {
            workshop.merge_log.push(note.clone());
        }
    }
    workshop.merge_log.sort_by(|a, b| (a.at, &a.subject, &a.id).cmp(&(b.at, &b.subject, &b.id)));
    Ok(Merged { workshop, conflicts })
}

/// What no single side broke but the two together can: links to items the other side
/// deleted, check-ins out of week order, the same person added on both sides.
fn tidy(w: &mut Workshop) {
    let initiatives: std::collections::HashSet<u64> = w.initiatives.iter().map(|i| i.id.0).collect();
    let themes: std::collections::HashSet<u64> = w.themes.iter().map(|t| t.id.0).collect();
    for o in &mut w.objectives {
        o.theme = o.theme.filter(|t| themes.contains(&t.0));
        for kr in &mut o.key_results {
            kr.initiatives.retain(|i| initiatives.contains(&i.0));
            kr.check_ins.sort_by_key(|c| c.week);
            kr.check_ins.dedup_by_key(|c| c.week);
        }
    }
    for i in &mut w.initiatives {
        i.theme = i.theme.filter(|t| themes.contains(&t.0));
    }
    w.weekly_notes.sort_by_key(|n| n.week);
    for h in &mut w.health {
        h.check_ins.sort_by_key(|c| c.week);
        h.check_ins.dedup_by_key(|c| c.week);
    }
    dedupe_people(w);
}

/// Two people of the same name added on two copies are one person: the one with the
/// smaller id stays, and everything the other authored, owned or voted is theirs.
fn dedupe_people(w: &mut Workshop) {
    use super::ParticipantId;
    let mut same: Vec<(ParticipantId, ParticipantId)> = Vec::new();
    let mut people = w.participants.clone();
    people.sort_by_key(|p| p.id);
    for (i, p) in people.iter().enumerate() {
        if let Some(first) = people[..i].iter().find(|q| q.name.eq_ignore_ascii_case(&p.name)) {
            same.push((p.id, first.id));
        }
    }
    if same.is_empty() {
        return;
    }
    let to = |id: ParticipantId| same.iter().find(|(from, _)| *from == id).map_or(id, |(_, to)| *to);
    w.participants.retain(|p| !same.iter().any(|(from, _)| *from == p.id));
    for i in &mut w.initiatives {
        i.author = i.author.map(to);
        i.co_authors.iter_mut().for_each(|p| *p = to(*p));
        let author = i.author;
        i.co_authors.retain(|p| Some(*p) != author);
        i.co_authors.dedup();
        let votes = std::mem::take(&mut i.votes);
        for (voter, n) in votes {
            *i.votes.entry(to(voter)).or_default() += n;
        }
    }
    if let Some(round) = &mut w.secret_round {
        for b in &mut round.ballots {
            b.voter = to(b.voter);
        }
        round.ballots.dedup_by(|b, a| {
            let same = a.voter == b.voter;
            if same {
                for (id, n) in std::mem::take(&mut b.dots) {
                    *a.dots.entry(id).or_default() += n;
                }
            }
            same
        });
    }
    if let Some(round) = &mut w.score_round {
        for c in &mut round.cards {
            c.scorer = to(c.scorer);
        }
        round.cards.sort_by_key(|c| c.scorer);
        round.cards.dedup_by(|c, a| {
            let same = a.scorer == c.scorer;
            if same {
                for (id, e) in std::mem::take(&mut c.scores) {
                    a.scores.entry(id).or_insert(e);
                }
            }
            same
        });
    }
    for o in &mut w.objectives {
        o.owners.iter_mut().for_each(|p| *p = to(*p));
        o.owners.dedup();
        for kr in &mut o.key_results {
            kr.owners.iter_mut().for_each(|p| *p = to(*p));
            kr.owners.dedup();
        }
    }
}

/// What came in from another copy, in words: "1 check-in, 2 initiatives", "1 health
/// reading".
pub fn incoming(before: &Workshop, after: &Workshop) -> String {
    let parts = [
        (count(&check_ins(before), &check_ins(after), |(k, c)| (*k, c.week)), "check-in", "check-ins"),
        (count(&health_readings(before), &health_readings(after), |(h, c)| (*h, c.week)), "health reading", "health readings"),
        (count(&before.initiatives, &after.initiatives, |i: &super::Initiative| i.id), "initiative", "initiatives"),
        (count(&key_results(before), &key_results(after), |k| k.id), "key result", "key results"),
        (count(&objectives(before), &objectives(after), |o| o.id), "objective", "objectives"),
        (count(&before.themes, &after.themes, |t| t.id), "theme", "themes"),
        (count(&health_metrics(before), &health_metrics(after), |h| h.id), "health metric", "health metrics"),
        (count(&dependencies(before), &dependencies(after), |(k, d)| (*k, d.id)), "dependency", "dependencies"),
        (
            count(&candidates(before, Proposed::KeyResult), &candidates(after, Proposed::KeyResult), |c| c.id),
            "proposed key result",
            "proposed key results",
        ),
        (
            count(&candidates(before, Proposed::Objective), &candidates(after, Proposed::Objective), |c| c.id),
            "proposed objective",
            "proposed objectives",
        ),
        (count(&before.calibration, &after.calibration, |p| p.id), "earlier period", "earlier periods"),
        (count(&before.backlog.items, &after.backlog.items, |b: &super::BacklogItem| b.id), "backlog item", "backlog items"),
        (count(&before.participants, &after.participants, |p| p.id), "participant", "participants"),
        (count(&before.weekly_notes, &after.weekly_notes, |n| n.week), "weekly note", "weekly notes"),
    ];
    let mut said: Vec<String> =
        parts.iter().filter(|(n, ..)| *n > 0).map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many })).collect();
    // The workshop's own fields, by name (a teammate renamed the team, moved the period).
    let fields = [
        (before.name != after.name, "the name"),
        (before.team != after.team, "the team"),
        (before.period != after.period, "the period"),
        (before.settings != after.settings, "the settings"),
    ];
    said.extend(fields.iter().filter(|(changed, _)| *changed).map(|(_, field)| (*field).to_string()));
    if said.is_empty() { "other changes".to_string() } else { said.join(", ") }
}

/// How many items of `after` are new or changed since `before`, by `key`.
fn count<'a, T: PartialEq + 'a, K: Eq + std::hash::Hash>(
    before: impl IntoIterator<Item = &'a T>,
    after: impl IntoIterator<Item = &'a T>,
    key: impl Fn(&T) -> K,
) -> usize {
    let was: std::collections::HashMap<K, &T> = before.into_iter().map(|b| (key(b), b)).collect();
    after.into_iter().filter(|a| was.get(&key(a)).is_none_or(|b| **b != **a)).count()
}

/// Every key result's check-ins, with the key result's id.
fn check_ins(w: &Workshop) -> Vec<(super::KeyResultId, super::CheckIn)> {
    w.objectives.iter().flat_map(|o| &o.key_results).flat_map(|k| k.check_ins.iter().map(move |c| (k.id, c.clone()))).collect()
}

/// Every key result's dependencies, with the key result's id.
fn dependencies(w: &Workshop) -> Vec<(super::KeyResultId, super::dependency::Dependency)> {
    w.objectives.iter().flat_map(|o| &o.key_results).flat_map(|k| k.depends_on.iter().map(move |d| (k.id, d.clone()))).collect()
}

/// Every health metric's readings, with the metric's id.
fn health_readings(w: &Workshop) -> Vec<(super::HealthMetricId, super::health::HealthCheckIn)> {
    w.health.iter().flat_map(|h| h.check_ins.iter().map(move |c| (h.id, c.clone()))).collect()
}

/// The key results without what is counted on its own (check-ins, dependencies).
fn key_results(w: &Workshop) -> Vec<super::KeyResult> {
    let strip = |k: &super::KeyResult| super::KeyResult { check_ins: Vec::new(), depends_on: Vec::new(), ..k.clone() };
    w.objectives.iter().flat_map(|o| o.key_results.iter().map(strip)).collect()
}

/// The objectives without their key results (counted on their own).
fn objectives(w: &Workshop) -> Vec<super::Objective> {
    w.objectives.iter().map(|o| super::Objective { key_results: Vec::new(), ..o.clone() }).collect()
}

/// The health metrics without their readings (counted on their own).
fn health_metrics(w: &Workshop) -> Vec<super::health::HealthMetric> {
    w.health.iter().map(|h| super::health::HealthMetric { check_ins: Vec::new(), ..h.clone() }).collect()
}

/// The candidates of one kind (a proposed key result or objective).
fn candidates(w: &Workshop, kind: Proposed) -> Vec<super::candidate::Candidate> {
    w.candidates.iter().filter(|c| c.kind == kind).cloned().collect()
}

#[cfg(test)]
mod tests;
