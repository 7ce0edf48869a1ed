//! The OKR coach: pure functions that read a workshop (or one text) and return findings with
//! a severity, the item, a one-line reason and a suggestion, sometimes with a weak-vs-strong
//! example. The coach advises from PRODUCT.md's "principles from practice"; it never blocks.
//!
//! The rules about wording live in `coach/text.rs` (with the decisions taken on borderline
//! cases), "from X to Y" parsing in `coach/metric.rs`; this file holds the structural rules
//! (counts, the funnel, ownership) and the ordering and dismissal of findings.

mod lexer;
mod metric;
mod text;

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use super::ids::{InitiativeId, KeyResultId, ObjectiveId, ThemeId};
use super::objective::{KeyResultKind, Objective};
use super::text::{cap_chars, clean_line};
use super::workshop::Workshop;

pub use metric::{ParsedMetric, parse_from_to};
use text::KrKind;

/// How much a finding matters. Neither blocks anything; `check` exits 1 on warnings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Advice,
    Warning,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Advice => "advice",
            Severity::Warning => "warning",
        }
    }
}

/// The item a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Subject {
    Workshop,
    Theme(ThemeId),
    Objective(ObjectiveId),
    KeyResult(KeyResultId),
    Initiative(InitiativeId),
    /// A text checked on its own (live feedback, `check --objective`).
    Text,
}

impl Subject {
    /// The item as its id reads (`workshop`, `T2`, `O3`, `KR12`, `I40`, `text`): what
    /// [`Dismissal::subject`](super::workshop::Dismissal) stores.
    pub fn key(&self) -> String {
        match self {
            Subject::Workshop => "workshop".to_string(),
            Subject::Theme(id) => id.to_string(),
            Subject::Objective(id) => id.to_string(),
            Subject::KeyResult(id) => id.to_string(),
            Subject::Initiative(id) => id.to_string(),
            Subject::Text => "text".to_string(),
        }
    }
}

/// One piece of coaching.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable, e.g. `kr-output-verb`; see [`CODES`].
    pub code: &'static str,
    pub severity: Severity,
    pub subject: Subject,
    /// One line: why it matters.
    pub reason: String,
    /// One line: what to do.
    pub suggestion: String,
    /// (weak, strong), where an example helps.
    pub example: Option<(String, String)>,
}

/// Every code the coach can report, for documentation, `check --help` and tests.
pub const CODES: &[&str] = &[
    "too-many-objectives",
    "too-few-objectives",
    "kr-count",
    "objective-empty",
    "objective-task",
    "objective-numbers",
    "objective-long",
    "objective-without-key-results",
    "objective-without-initiatives",
    "milestones-only",
    "kr-one-dimension",
    "kr-empty",
    "kr-unmeasurable",
    "kr-no-baseline",
    "kr-no-target",
    "kr-flat",
    "kr-no-unit",
    "kr-output-verb",
    "kr-vanity-metric",
    "kr-without-owner",
    "theme-without-objective",
    "initiative-unlinked",
];

/// Findings about one objective text, for live feedback while typing and for
/// `check --objective` (subject [`Subject::Text`]). Empty text has nothing to say yet.
pub fn check_objective_text(text: &str) -> Vec<Finding> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    text::objective_findings(text, Subject::Text)
}

/// Findings about one key result text (subject [`Subject::Text`]): the numbers must be in the
/// text, as when drafting in an editor or with `check --key-result`.
pub fn check_key_result_text(text: &str) -> Vec<Finding> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    text::key_result_findings(text, Subject::Text, KrKind::Text)
}

/// Every finding for the workshop, minus those dismissed (matched on code and subject key).
/// Ordered: warnings first, then by subject in workshop order (the workshop, themes in board
/// order, each objective followed by its key results, initiatives).
pub fn review(w: &Workshop) -> Vec<Finding> {
    let mut out = Vec::new();
    counts(w, &mut out);
    for t in &w.themes {
        if !w.objectives.iter().any(|o| o.theme == Some(t.id)) {
            let name = quoted(&t.name);
            out.push(Finding {
                code: "theme-without-objective",
                severity: Severity::Warning,
                subject: Subject::Theme(t.id),
                reason: format!("Theme {name} has no objective, so its initiatives serve no stated outcome."),
                suggestion:
                    "Ask what broader problem these initiatives solve and write that as its objective, or fold the theme into another."
                        .to_string(),
                example: None,
            });
        }
    }
    for o in &w.objectives {
        objective(w, o, &mut out);
    }
    unlinked_initiatives(w, &mut out);
    out.retain(|f| !w.dismissed.iter().any(|d| d.code == f.code && d.subject.eq_ignore_ascii_case(&f.subject.key())));
    let rank = subject_ranks(w);
    // Stable: within one subject, the order the rules ran in.
    out.sort_by_key(|f| (std::cmp::Reverse(f.severity), rank.get(&f.subject).copied().unwrap_or(usize::MAX)));
    out
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", cap_chars(clean_line(name), 48))
}

/// Position of each subject in workshop order.
fn subject_ranks(w: &Workshop) -> HashMap<Subject, usize> {
    let themes = w.themes.iter().map(|t| Subject::Theme(t.id));
    let okrs = w
        .objectives
        .iter()
        .flat_map(|o| std::iter::once(Subject::Objective(o.id)).chain(o.key_results.iter().map(|k| Subject::KeyResult(k.id))));
    let initiatives = w.initiatives.iter().map(|i| Subject::Initiative(i.id));
    std::iter::once(Subject::Workshop).chain(themes).chain(okrs).chain(initiatives).enumerate().map(|(i, s)| (s, i)).collect()
}

fn counts(w: &Workshop, out: &mut Vec<Finding>) {
    let n = w.objectives.len();
    let (min, max) = (w.settings.min_objectives as usize, w.settings.max_objectives as usize);
    if n > max {
        out.push(Finding {
            code: "too-many-objectives",
            severity: Severity::Warning,
            subject: Subject::Workshop,
            reason: format!("{n} objectives are a list of wishes, not priorities; focus means {max} or fewer."),
            suggestion: "Keep the objectives the team would defend in a trade-off; the rest can wait for next period.".to_string(),
            example: None,
        });
    } else if n > 0 && n < min {
        out.push(Finding {
            code: "too-few-objectives",
            severity: Severity::Advice,
            subject: Subject::Workshop,
            reason: format!(
                "{n} objective{} so far; {min} to {max} usually cover a team's real priorities.",
                if n == 1 { "" } else { "s" }
            ),
            suggestion: "Check whether another theme's problem deserves an objective of its own.".to_string(),
            example: None,
        });
    }
}

// Split up by the coach's second edition (issue 17), which rewrites these rules.
#[allow(clippy::too_many_lines)]
fn objective(w: &Workshop, o: &Objective, out: &mut Vec<Finding>) {
    let subject = Subject::Objective(o.id);
    if o.title.trim().is_empty() {
        out.push(Finding {
            code: "objective-empty",
            severity: Severity::Warning,
            subject,
            reason: "The objective has no text yet.".to_string(),
            suggestion: "Describe the brighter future where the theme's problem is solved.".to_string(),
            example: None,
        });
    } else {
        out.extend(text::objective_findings(&o.title, subject));
    }
    let (min, max) = (w.settings.min_key_results as usize, w.settings.max_key_results as usize);
    let n = o.key_results.len();
    if n == 0 {
        out.push(Finding {
            code: "objective-without-key-results",
            severity: Severity::Warning,
            subject,
            reason: "Without key results nobody can tell whether the objective was reached.".to_string(),
            suggestion: format!("Add {min} to {max} measurable outcomes, each \"from X to Y\"."),
            example: Some((
                "Payments our merchants never have to think about".into(),
                "… with: reduce payment P1 incidents from 4 per month to 0".into(),
            )),
        });
    } else if n < min || n > max {
        let reason = if n < min {
            format!("Only {n} key result{}: one number can be gamed, or miss what matters.", if n == 1 { "" } else { "s" })
        } else {
            format!("{n} key results dilute focus; nobody tracks that many every week.")
        };
        out.push(Finding {
            code: "kr-count",
            severity: Severity::Warning,
            subject,
            reason,
            suggestion: format!("Keep {min} to {max} key results that prove the objective from different angles."),
            example: None,
        });
    }
    if n > 0 && o.key_results.iter().all(|k| k.kind.is_milestone()) {
        out.push(Finding {
            code: "milestones-only",
            severity: Severity::Warning,
            subject,
            reason: "Every key result is a milestone: that is a plan, not proof the objective was reached.".to_string(),
            suggestion: "Add a metric that shows the milestones made a difference.".to_string(),
            example: Some(("Launch the new status page".into(), "Cut outage tickets from 40 to 10 per month".into())),
        });
    }
    if let Some(dimension) = one_dimension(o) {
        out.push(Finding {
            code: "kr-one-dimension",
            severity: Severity::Advice,
            subject,
            reason: format!("All {n} key results measure {dimension}; one angle can improve while the others get worse."),
            suggestion: "Mix dimensions, e.g. incident frequency, recovery time and availability.".to_string(),
            example: Some((
                "P1 incidents 4 → 0; P2 incidents 10 → 5".into(),
                "P1 incidents 4 → 0; recovery time 90 → 30 min; availability 99.5% → 99.95%".into(),
            )),
        });
    }
    let themed = o.theme.is_some_and(|t| w.initiatives.iter().any(|i| i.theme == Some(t)));
    let linked = o.key_results.iter().any(|k| k.initiatives.iter().any(|i| w.initiative(*i).is_some()));
    if !themed && !linked {
        out.push(Finding {
            code: "objective-without-initiatives",
            severity: Severity::Advice,
            subject,
            reason: "No initiative drives this objective: a goal without a plan.".to_string(),
            suggestion: "Give it a theme with initiatives, or link initiatives to its key results.".to_string(),
            example: None,
        });
    }
    for k in &o.key_results {
        let subject = Subject::KeyResult(k.id);
        if k.description.trim().is_empty() {
            out.push(Finding {
                code: "kr-empty",
                severity: Severity::Warning,
                subject,
                reason: "The key result has no description yet.".to_string(),
                suggestion: "Say what changes and by how much: \"from X to Y\".".to_string(),
                example: None,
            });
        } else {
            let kind = match k.kind {
                KeyResultKind::Metric { .. } => KrKind::Metric,
                KeyResultKind::Milestone { .. } => KrKind::Milestone,
            };
            out.extend(text::key_result_findings(&k.description, subject, kind));
        }
        if let KeyResultKind::Metric { baseline, target, unit, .. } = &k.kind {
            if text::same(*baseline, *target) {
                out.push(text::flat(subject, *baseline));
            }
            let written = parse_from_to(&k.description).is_some_and(|p| !p.unit.is_empty());
            if unit.trim().is_empty() && !written {
                out.push(Finding {
                    code: "kr-no-unit",
                    severity: Severity::Advice,
                    subject,
                    reason: "No unit: a change from one number to another, but of what?".to_string(),
                    suggestion: "Name the unit, e.g. \"P1 incidents/month\", \"minutes\" or \"%\".".to_string(),
                    example: None,
                });
            }
        }
        if k.owners.is_empty() {
            out.push(Finding {
                code: "kr-without-owner",
                severity: Severity::Advice,
                subject,
                reason: "Nobody owns this key result, so nobody will chase it every week.".to_string(),
                suggestion: "Name one or more owners; ownership can be shared.".to_string(),
                example: None,
            });
        }
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

/// The dimension a key result measures, from its words and unit: time, cost, a rate,
/// satisfaction or a count of events. Words after "per" are the period, not the dimension
/// ("deploys per day" is a count). `None` when none is recognised.
fn dimension_of(description: &str, unit: &str) -> Option<&'static str> {
    const CLASSES: &[(&str, &[&str])] = &[
        (
            "time",
            &[
                "time", "times", "latency", "duration", "minutes", "minute", "min", "mins", "hours", "hour", "seconds", "second", "ms",
                "s", "days", "mttr", "mttd", "p50", "p75", "p90", "p95", "p99", "lead", "recovery",
            ],
        ),
        ("cost", &["cost", "costs", "spend", "spending", "usd", "eur", "dollars", "budget", "price", "bill", "$", "€", "£"]),
        ("a rate", &["availability", "uptime", "%", "percent", "rate", "ratio", "slo", "coverage", "share", "percentage"]),
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
    let mut ws: Vec<String> = Vec::new();
    for part in [description, unit] {
        let mut after_per = false;
        for w in part.split(|c: char| !(c.is_alphanumeric() || matches!(c, '%' | '$' | '€' | '£'))).filter(|w| !w.is_empty()) {
            let w = w.to_lowercase();
            if after_per {
                after_per = false;
                continue;
            }
            after_per = w == "per";
            ws.push(w);
        }
        if part.contains('%') {
            ws.push("%".into());
        }
        if part.contains('$') {
            ws.push("$".into());
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
        out.push(Finding {
            code: "initiative-unlinked",
            severity: Severity::Advice,
            subject: Subject::Initiative(i.id),
            reason: format!("{} drives no key result, so it is work outside the OKRs.", quoted(&i.title)),
            suggestion: "Link it to the key result it moves, or ask whether it belongs in this period.".to_string(),
            example: None,
        });
    }
}
