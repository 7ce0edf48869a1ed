//! The coach's rules about a workshop's structure: how many objectives and key results, the
//! funnel from themes and initiatives to key results, ownership, and key results that all
//! measure one dimension. Each objective's and key result's text is judged by
//! `objective_text.rs` and `key_result.rs`, with the key result's stored numbers.

use std::collections::BTreeSet;

use super::key_result::{self, Fields};
use super::{Finding, Subject, objective_text, quoted};
use crate::model::ids::InitiativeId;
use crate::model::objective::{KeyResult, KeyResultKind, Objective};
use crate::model::quantity::{Measure, parse_unit, read_key_result};
use crate::model::workshop::Workshop;

/// Every finding about `w`, in the order the rules run.
pub(crate) fn findings(w: &Workshop) -> Vec<Finding> {
    let mut out = Vec::new();
    counts(w, &mut out);
    for t in &w.themes {
        if !w.objectives.iter().any(|o| o.theme == Some(t.id)) {
            let reason = format!("Theme {} has no objective, so its initiatives serve no stated outcome.", quoted(&t.name));
            out.push(Finding::new("theme-without-objective", Subject::Theme(t.id), &reason));
        }
    }
    for o in &w.objectives {
        objective(w, o, &mut out);
    }
    unlinked_initiatives(w, &mut out);
    missing_links(w, &mut out);
    out
}

/// Links to items that are not there: the coach names each, `check` fails on them.
fn missing_links(w: &Workshop, out: &mut Vec<Finding>) {
    use crate::model::integrity::dangling_links;
    for d in dangling_links(w) {
        let subject = w
            .initiatives
            .iter()
            .find(|i| i.id.to_string() == d.from)
            .map(|i| Subject::Initiative(i.id))
            .or_else(|| w.objectives.iter().find(|o| o.id.to_string() == d.from).map(|o| Subject::Objective(o.id)))
            .or_else(|| {
                w.objectives.iter().flat_map(|o| &o.key_results).find(|k| k.id.to_string() == d.from).map(|k| Subject::KeyResult(k.id))
            });
        let reason = format!("{} lists {} under {}, but there is no such item in the workshop.", d.from, d.to, d.link);
        out.push(Finding::new("link-missing", subject.unwrap_or(Subject::Workshop), &reason));
    }
}

fn counts(w: &Workshop, out: &mut Vec<Finding>) {
    let n = w.objectives.len();
    let (min, max) = (w.settings.min_objectives as usize, w.settings.max_objectives as usize);
    if n > max {
        let reason = format!("{n} objectives are a list of wishes, not priorities; focus means {max} or fewer.");
        out.push(Finding::new("too-many-objectives", Subject::Workshop, &reason));
    } else if n > 0 && n < min {
        let reason =
            format!("{} so far; {min} to {max} usually cover a team's real priorities.", crate::model::count::count(n, "objective"));
        out.push(Finding::new("too-few-objectives", Subject::Workshop, &reason));
    }
}

fn objective(w: &Workshop, o: &Objective, out: &mut Vec<Finding>) {
    let subject = Subject::Objective(o.id);
    if o.title.trim().is_empty() {
        out.push(Finding::new("objective-empty", subject, "The objective has no text yet."));
    } else {
        out.extend(objective_text::findings(&o.title, subject));
    }
    let (min, max) = (w.settings.min_key_results as usize, w.settings.max_key_results as usize);
    let n = o.key_results.len();
    if n == 0 {
        out.push(
            Finding::new(
                "objective-without-key-results",
                subject,
                "Without key results nobody can tell whether the objective was reached.",
            )
            .suggest(&format!("Add {min} to {max} measurable outcomes, each \"from X to Y\"."))
            .example("Payments our merchants never have to think about", "… with: reduce payment P1 incidents from 4 per month to 0"),
        );
    } else if n < min || n > max {
        let reason = if n < min {
            format!("Only {}: one number can be gamed, or miss what matters.", crate::model::count::count(n, "key result"))
        } else {
            format!("{n} key results dilute focus; nobody tracks that many every week.")
        };
        let suggestion = format!("Keep {min} to {max} key results that prove the objective from different angles.");
        out.push(Finding::new("kr-count", subject, &reason).suggest(&suggestion));
    }
    if n > 0 && o.key_results.iter().all(|k| k.kind.is_milestone()) {
        out.push(
            Finding::new(
                "milestones-only",
                subject,
                "Every key result is a milestone: that is a plan, not proof the objective was reached.",
            )
            .example("Launch the new status page", "Cut outage tickets from 40 to 10 per month"),
        );
    }
    if let Some(dimension) = one_dimension(o) {
        let reason = format!("All {n} key results measure {dimension}; one angle can improve while the others get worse.");
        out.push(Finding::new("kr-one-dimension", subject, &reason).example(
            "P1 incidents 4 → 0; P2 incidents 10 → 5",
            "P1 incidents 4 → 0; recovery time 90 → 30 min; availability 99.5% → 99.95%",
        ));
    }
    let themed = o.theme.is_some_and(|t| w.initiatives.iter().any(|i| i.theme == Some(t)));
    let linked = o.key_results.iter().any(|k| k.initiatives.iter().any(|i| w.initiative(*i).is_some()));
    if !themed && !linked {
        out.push(Finding::new("objective-without-initiatives", subject, "No initiative drives this objective: a goal without a plan."));
    }
    for k in &o.key_results {
        key_result(k, out);
    }
}

/// What a stored key result's kind tells the rules about its text: a level to keep is a
/// target without a baseline.
pub(super) fn fields_of(kind: &KeyResultKind) -> Fields {
    match kind {
        KeyResultKind::Metric { baseline, target, unit, .. } => {
            Fields::Stored { baseline: *baseline, target: *target, unit: parse_unit(unit) }
        }
        KeyResultKind::Milestone { .. } => Fields::Milestone,
        KeyResultKind::Maintain { min, max, unit, .. } => {
            Fields::Metric { baseline: None, target: min.or(*max), unit: Some(parse_unit(unit)) }
        }
    }
}

fn key_result(k: &KeyResult, out: &mut Vec<Finding>) {
    let subject = Subject::KeyResult(k.id);
    if k.description.trim().is_empty() {
        out.push(Finding::new("kr-empty", subject, "The key result has no description yet."));
    } else {
        out.extend(key_result::findings(&k.description, subject, &fields_of(&k.kind)));
    }
    if let KeyResultKind::Metric { unit, .. } = &k.kind
        && unit.trim().is_empty()
        && read_key_result(&k.description).unit.is_plain()
    {
        out.push(Finding::new("kr-no-unit", subject, "No unit: a change from one number to another, but of what?"));
    }
    if k.owners.is_empty() {
        out.push(Finding::new("kr-without-owner", subject, "Nobody owns this key result, so nobody will chase it every week."));
    }
}

/// The dimension all of an objective's key results measure, when there are at least two and
/// they are all metrics with the same unit or in the same dimension (see [`dimension_of`]).
fn one_dimension(o: &Objective) -> Option<String> {
    if o.key_results.len() < 2 {
        return None;
    }
    let mut units = BTreeSet::new();
    let mut dimensions = BTreeSet::new();
    for k in &o.key_results {
        let KeyResultKind::Metric { unit, .. } = &k.kind else { return None };
        units.insert(unit.trim().to_lowercase());
        dimensions.insert(dimension_of(&k.description, unit));
    }
    match (units.len(), dimensions.len()) {
        (1, _) if units.first().is_some_and(|u| !u.is_empty()) => Some(format!("\"{}\"", units.first().map_or("", String::as_str))),
        (_, 1) => dimensions.first().copied().flatten().map(str::to_string),
        _ => None,
    }
}

/// The dimension a key result measures, from its unit (a duration is time, money is cost, a
/// percentage a rate) or else its words: time, cost, a rate, satisfaction or a count of
/// events. Words after "per" are the period, not the dimension ("deploys per day" is a
/// count). `None` when none is recognised.
fn dimension_of(description: &str, unit: &str) -> Option<&'static str> {
    const CLASSES: &[(&str, &[&str])] = &[
        ("time", &["time", "times", "latency", "duration", "mttr", "mttd", "p50", "p75", "p90", "p95", "p99", "lead", "recovery"]),
        ("cost", &["cost", "costs", "spend", "spending", "budget", "price", "bill"]),
        ("a rate", &["availability", "uptime", "rate", "ratio", "slo", "coverage", "share", "percentage"]),
        ("satisfaction", &["nps", "csat", "satisfaction", "score", "rating", "enps"]),
        (
            "a count of events",
            &[
                "incidents",
                "incident",
                "outages",
                "outage",
                "pages",
                "alerts",
                "errors",
                "failures",
                "bugs",
                "tickets",
                "defects",
                "escalations",
                "reruns",
                "deploys",
                "deployments",
                "releases",
                "count",
                "number",
            ],
        ),
    ];
    let measured = parse_unit(unit).measure;
    let from_unit = match measured {
        Measure::Duration(_) => Some("time"),
        Measure::Money(_) => Some("cost"),
        Measure::Percent => Some("a rate"),
        Measure::Size(_) | Measure::Count(_) => None,
    };
    let from_text = match read_key_result(description).unit.measure {
        Measure::Duration(_) => Some("time"),
        Measure::Money(_) => Some("cost"),
        Measure::Percent => Some("a rate"),
        Measure::Size(_) | Measure::Count(_) => None,
    };
    if let Some(d) = from_unit.or(from_text) {
        return Some(d);
    }
    let mut ws: Vec<String> = Vec::new();
    for part in [description, unit] {
        let mut after_per = false;
        for w in part.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            let w = w.to_lowercase();
            if after_per {
                after_per = false;
                continue;
            }
            after_per = w == "per";
            ws.push(w);
        }
    }
    CLASSES.iter().find(|(_, keys)| ws.iter().any(|w| keys.contains(&w.as_str()))).map(|(name, _)| *name)
}

fn unlinked_initiatives(w: &Workshop, out: &mut Vec<Finding>) {
    if w.objectives.is_empty() {
        return;
    }
    let linked: BTreeSet<InitiativeId> =
        w.objectives.iter().flat_map(|o| o.key_results.iter().flat_map(|k| k.initiatives.iter().copied())).collect();
    for i in &w.initiatives {
        // Hidden ones are silent-mode secrets; those in a theme without an objective are
        // covered by that theme's finding.
        let theme_without_objective = i.theme.is_some_and(|t| w.theme(t).is_some() && !w.objectives.iter().any(|o| o.theme == Some(t)));
        if i.hidden || linked.contains(&i.id) || theme_without_objective {
            continue;
        }
        let reason = format!("{} drives no key result, so it is work outside the OKRs.", quoted(&i.title));
        out.push(Finding::new("initiative-unlinked", Subject::Initiative(i.id), &reason));
    }
}
