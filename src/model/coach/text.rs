//! The coach's rules about one text: an objective that reads as a task, a key result that is
//! an output, an activity, a vanity metric or not measurable at all.
//!
//! Decisions, so nobody has to rediscover them:
//! - Words are matched whole and case-insensitively: "ship" never matches "ownership".
//! - An output verb is flagged when it leads the text as an imperative ("Migrate…",
//!   "Complete…"), or, in a key result, as a past participle that states work done
//!   ("services migrated to Kubernetes", "tests written for…"). A participle used as an
//!   adjective before a noun ("completed checkouts", "migrated services") is not flagged.
//! - A verb followed by a metric noun is a noun compound, not a task: "build times",
//!   "deploy frequency", "release cadence". "Deploys per engineer per week" is a rate and
//!   "deployment frequency" a DORA outcome metric, so neither is flagged; the number of
//!   deployments is treated as that same throughput metric, not as vanity.
//! - A leading output verb is forgiven only when the text also states a measured change with
//!   a change verb ("Launch self-serve onboarding, cutting time to first payment from 14 to
//!   2 days"); "Upgrade Postgres from 12 to 16" has numbers but no change, so it is an output.
//! - Vanity and output metrics are flagged even with a baseline and a target: story points,
//!   velocity, lines of code, tickets closed, PRs merged, pull request counts, commits,
//!   features shipped, tasks completed, hours worked, meetings held. Pull requests in a
//!   time metric ("PR review wait time") are fine.
//! - In an objective, a multiplier of ambition ("10x traffic"), an ordinal, a year and
//!   "24/7" are part of a vision, not targets, so they do not trip `objective-numbers`; other
//!   numbers do, as advice only.

use super::lexer::{Lex, is_form_of, is_past_of, lex, words};
use super::metric::parse_from_to;
use super::{Finding, Severity, Subject};

/// Words that may come before the verb without changing what the sentence is.
const LEAD: &[&str] = &[
    "we",
    "will",
    "to",
    "successfully",
    "fully",
    "finally",
    "completely",
    "also",
    "let",
    "lets",
    "s",
    "us",
    "i",
    "and",
    "then",
    "must",
    "should",
    "shall",
];

/// Verbs of work: their object is an output, not an outcome.
const OUTPUT_VERBS: &[&str] = &[
    "complete",
    "deploy",
    "launch",
    "ship",
    "deliver",
    "migrate",
    "implement",
    "release",
    "finish",
    "build",
    "write",
    "create",
    "rewrite",
    "introduce",
    "adopt",
    "publish",
    "develop",
    "install",
    "integrate",
    "upgrade",
    "replace",
    "refactor",
    "add",
    "hold",
    "host",
    "conduct",
    "organise",
    "organize",
    "attend",
    "document",
];

/// Further verbs that make an objective a task ("Move the monorepo to Bazel").
const OBJECTIVE_ONLY_VERBS: &[&str] = &["move", "switch", "port", "retire", "decommission", "remove", "finalise", "finalize"];

/// Two-word output verbs.
const PHRASAL: &[(&str, &str)] = &[("roll", "out"), ("set", "up"), ("spin", "up"), ("stand", "up")];

/// Nouns of a deliverable, at the start of a text ("Migration to the new database").
const OUTPUT_NOUNS: &[&str] =
    &["migration", "rollout", "implementation", "completion", "adoption", "replacement", "introduction", "rewrite", "launch", "upgrade"];

/// Irregular past participles of output verbs.
const IRREGULAR_PAST: &[&str] = &["built", "written", "rewritten", "held", "set"];

/// After a verb, these make it a noun compound naming a metric ("build times").
const METRIC_FOLLOWERS: &[&str] = &[
    "time",
    "times",
    "duration",
    "durations",
    "frequency",
    "frequencies",
    "rate",
    "rates",
    "success",
    "failure",
    "failures",
    "speed",
    "speeds",
    "cadence",
    "latency",
    "queue",
    "queues",
    "health",
    "reliability",
    "stability",
    "errors",
    "volume",
    "per",
    "lead",
];

/// After a verb in an objective, these make it a capability rather than a deliverable
/// ("Ship with confidence", "Deploy any day without fear").
const CAPABILITY_FOLLOWERS: &[&str] = &[
    "with",
    "without",
    "faster",
    "safely",
    "confidently",
    "quickly",
    "fearlessly",
    "often",
    "daily",
    "continuously",
    "anytime",
    "independently",
    "reliably",
    "more",
    "better",
    "every",
    "any",
];

/// Verbs that state a change in a measure.
const CHANGE_VERBS: &[&str] = &[
    "increase",
    "reduce",
    "cut",
    "lower",
    "raise",
    "grow",
    "decrease",
    "improve",
    "bring",
    "halve",
    "double",
    "triple",
    "drop",
    "shrink",
    "boost",
    "lift",
    "shorten",
    "speed",
    "accelerate",
    "slash",
    "trim",
    "expand",
    "minimise",
    "minimize",
    "maximise",
    "maximize",
];
const CHANGE_IRREGULAR: &[&str] = &["grew", "grown", "brought"];

/// Words that count as a number for "is there a number at all".
const NUMBER_WORDS: &[&str] = &[
    "zero", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "half", "halve", "double", "twice", "triple", "percent",
];

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// After a past participle, these make it a statement of work done ("migrated to", "shipped by").
const PREDICATE_FOLLOWERS: &[&str] = &[
    "to",
    "by",
    "in",
    "on",
    "at",
    "for",
    "and",
    "with",
    "from",
    "into",
    "onto",
    "across",
    "before",
    "within",
    "under",
    "successfully",
    "end",
];

/// Before a past participle, these make it a point in time ("from merged to deployed").
const TIME_PRECEDERS: &[&str] = &["to", "from", "until", "till", "before", "after", "once", "when", "between", "newly", "being"];

/// Words that make a pull-request metric a time metric, which is fine.
const TIME_WORDS: &[&str] =
    &["time", "wait", "waiting", "latency", "hours", "hour", "days", "day", "minutes", "minute", "lead", "cycle", "age", "turnaround"];

/// The longest objective that still reads as one memorable sentence.
pub(crate) const OBJECTIVE_MAX_WORDS: usize = 18;

fn example(weak: &str, strong: &str) -> (String, String) {
    (weak.to_string(), strong.to_string())
}

/// Equal as measures: baseline and target this close leave nothing to move.
pub(crate) fn same(a: f64, b: f64) -> bool {
    (a - b).abs() < f64::EPSILON
}

fn is_output_verb(w: &str, objective: bool) -> bool {
    OUTPUT_VERBS.contains(&w) || (objective && OBJECTIVE_ONLY_VERBS.contains(&w))
}

/// The word index where the sentence proper starts, after lead-ins like "We will".
fn first_word(lexes: &[Lex]) -> Option<usize> {
    lexes.iter().position(|l| !l.word().is_some_and(|w| LEAD.contains(&w)))
}

fn has_change_verb(ws: &[String]) -> bool {
    ws.iter().any(|w| CHANGE_IRREGULAR.contains(&w.as_str()) || CHANGE_VERBS.iter().any(|v| is_form_of(w, v)))
}

/// "by 30%" after a change verb: a relative change.
fn has_relative_change(lexes: &[Lex], ws: &[String]) -> bool {
    has_change_verb(ws) && lexes.windows(2).any(|p| p[0].word() == Some("by") && p[1].num().is_some_and(|n| n.value.is_finite()))
}

/// The leading output verb, as written, when the text starts with one.
fn leading_output_verb(lexes: &[Lex], objective: bool) -> Option<(String, bool)> {
    let i = first_word(lexes)?;
    let w = lexes[i].word()?;
    let next = lexes.get(i + 1).and_then(Lex::word);
    let raw = lexes[i].raw().unwrap_or(w);
    let phrasal = PHRASAL.iter().find(|(v, p)| (w == *v || (objective && is_form_of(w, v) && w.ends_with("ing"))) && next == Some(*p));
    let (verb, after, is_noun) = if let Some((_, p)) = phrasal {
        (format!("{raw} {p}"), lexes.get(i + 2).and_then(Lex::word), false)
    } else if is_output_verb(w, objective)
        || (objective && w.ends_with("ing") && OUTPUT_VERBS.iter().chain(OBJECTIVE_ONLY_VERBS).any(|v| is_form_of(w, v)))
    {
        (raw.to_string(), next, false)
    } else if OUTPUT_NOUNS.contains(&w) {
        (raw.to_string(), next, true)
    } else {
        return None;
    };
    if after.is_some_and(|a| METRIC_FOLLOWERS.contains(&a)) {
        return None;
    }
    let on_demand = after == Some("on") && lexes.get(i + 2).and_then(Lex::word) == Some("demand");
    if objective && (on_demand || after.is_some_and(|a| CAPABILITY_FOLLOWERS.contains(&a))) {
        return None;
    }
    Some((verb, is_noun))
}

/// A past participle stating work done ("services migrated to Kubernetes").
fn participle_of_work(lexes: &[Lex]) -> Option<String> {
    for (i, l) in lexes.iter().enumerate() {
        let Some(w) = l.word() else { continue };
        let rolled_out = is_past_of(w, "roll") && lexes.get(i + 1).and_then(Lex::word) == Some("out");
        let past = rolled_out || IRREGULAR_PAST.contains(&w) || OUTPUT_VERBS.iter().any(|v| is_past_of(w, v));
        if !past || (w == "set" && lexes.get(i + 1).and_then(Lex::word) != Some("up")) {
            continue;
        }
        if i > 0 && lexes[i - 1].word().is_some_and(|p| TIME_PRECEDERS.contains(&p)) {
            continue;
        }
        let skip = if rolled_out || w == "set" { 2 } else { 1 };
        let predicate = match lexes.get(i + skip) {
            None | Some(Lex::Break | Lex::Num(_) | Lex::Arrow) => true,
            Some(Lex::Word(next, _)) => PREDICATE_FOLLOWERS.contains(&next.as_str()),
        };
        if predicate {
            let raw = l.raw().unwrap_or(w);
            return Some(if skip == 2 { format!("{raw} {}", if rolled_out { "out" } else { "up" }) } else { raw.to_string() });
        }
    }
    None
}

/// Words of the text without numbers, for phrase matching ("close 200 tickets" → "close tickets").
fn phrase_words(text: &str) -> Vec<String> {
    words(text).into_iter().filter(|w| !w.starts_with(|c: char| c.is_ascii_digit())).collect()
}

fn matches_phrase(ws: &[String], phrase: &[&[&str]]) -> bool {
    ws.windows(phrase.len()).any(|win| win.iter().zip(phrase).all(|(w, alts)| alts.contains(&w.as_str())))
}

/// A verb and its object with at most one word between ("close Jira tickets", "hold
/// architecture meetings").
fn matches_verb_object(ws: &[String], verbs: &[&str], objects: &[&str]) -> bool {
    ws.iter().enumerate().any(|(i, w)| verbs.contains(&w.as_str()) && ws.iter().skip(i + 1).take(2).any(|o| objects.contains(&o.as_str())))
}

/// Which vanity or output metric the text measures, and why that misleads.
fn vanity_metric(text: &str) -> Option<(&'static str, &'static str)> {
    const EFFORT: &str = "measure effort, not the outcome users feel.";
    const ACTIVITY: &str = "count activity, not its effect: more of it can even mean more problems.";
    const OUTPUT: &str = "count output; they say nothing about whether it helped anyone.";
    const TICKETS: &[&str] = &["tickets", "ticket", "issues", "issue", "bugs", "jiras"];
    const PRS: &[&str] = &["prs", "pr", "mrs"];
    const FEATURES: &[&str] = &["features", "feature"];
    const TASKS: &[&str] = &["tasks", "task", "todos"];
    const MEETINGS: &[&str] = &["meetings", "meeting", "workshops", "sessions"];
    let table: &[(&'static str, &'static str, &[&[&str]])] = &[
        ("Story points", EFFORT, &[&["story"], &["points", "point"]]),
        (
            "Lines of code",
            "measure volume of work, not what it achieved; less code is often better.",
            &[&["lines", "line"], &["of"], &["code"]],
        ),
        ("Lines of code", "measure volume of work, not what it achieved; less code is often better.", &[&["loc", "sloc"]]),
        ("Tickets closed", ACTIVITY, &[TICKETS, &["closed", "resolved", "completed", "done", "handled", "processed"]]),
        ("Merged pull requests", ACTIVITY, &[PRS, &["merged", "opened", "reviewed", "created", "raised"]]),
        (
            "Merged pull requests",
            ACTIVITY,
            &[&["pull", "merge"], &["requests", "request"], &["merged", "opened", "reviewed", "created", "raised"]],
        ),
        ("Commits", ACTIVITY, &[&["commits"]]),
        ("Commits", ACTIVITY, &[&["commit"], &["count", "counts"]]),
        ("Features shipped", OUTPUT, &[FEATURES, &["shipped", "delivered", "released", "launched", "built", "completed", "done"]]),
        ("Features shipped", OUTPUT, &[&["number"], &["of"], FEATURES]),
        ("Tasks completed", ACTIVITY, &[TASKS, &["completed", "done", "closed", "finished", "delivered"]]),
        ("Hours worked", EFFORT, &[&["hours", "hour"], &["worked", "logged", "spent", "billed", "booked"]]),
        ("Hours worked", EFFORT, &[&["overtime"]]),
        ("Meetings held", ACTIVITY, &[MEETINGS, &["held", "attended", "run", "organised", "organized", "hosted", "conducted"]]),
        ("Meetings held", ACTIVITY, &[&["number"], &["of"], MEETINGS]),
    ];
    let verb_object: &[(&'static str, &'static str, &[&str], &[&str])] = &[
        ("Tickets closed", ACTIVITY, &["close", "closes", "closing", "closed"], TICKETS),
        ("Merged pull requests", ACTIVITY, &["merge", "merged", "open", "opened", "review", "reviewed"], PRS),
        ("Features shipped", OUTPUT, &["ship", "deliver", "release", "launch", "build", "complete"], FEATURES),
        ("Tasks completed", ACTIVITY, &["complete", "finish", "close"], TASKS),
        ("Meetings held", ACTIVITY, &["hold", "attend", "run", "organise", "organize", "host", "conduct"], MEETINGS),
    ];
    let ws = phrase_words(text);
    if let Some((name, why, _)) = table.iter().find(|(_, _, p)| matches_phrase(&ws, p)) {
        return Some((name, why));
    }
    // "Team velocity" is effort; "velocity of customer onboarding" is a rate of an outcome.
    if ws.iter().enumerate().any(|(i, w)| w == "velocity" && ws.get(i + 1).is_none_or(|n| n != "of")) {
        return Some(("Velocity", EFFORT));
    }
    if let Some((name, why, _, _)) = verb_object.iter().find(|(_, _, v, o)| matches_verb_object(&ws, v, o)) {
        return Some((name, why));
    }
    // A count of pull requests, unless it is a time ("PR review wait time").
    let mentions_prs = matches_phrase(&ws, &[PRS]) || matches_phrase(&ws, &[&["pull"], &["requests", "request"]]);
    let per_pr = matches_phrase(&ws, &[&["per"], PRS]) || matches_phrase(&ws, &[&["per"], &["pull"]]);
    if mentions_prs && !per_pr && !ws.iter().any(|w| TIME_WORDS.contains(&w.as_str())) {
        return Some(("Pull requests", ACTIVITY));
    }
    None
}

fn is_year(n: &super::lexer::Num) -> bool {
    !n.decimal && !n.percent && n.currency.is_none() && n.unit.is_empty() && (1900.0..=2199.0).contains(&n.value)
}

/// Whether the number at `i` is part of a date ("31 March", "March 31", "2027").
fn is_date(lexes: &[Lex], i: usize) -> bool {
    let month = |j: Option<usize>| j.and_then(|j| lexes.get(j)).and_then(Lex::word).is_some_and(|w| MONTHS.contains(&w));
    lexes[i].num().is_some_and(is_year) || month(i.checked_sub(1)) || month(Some(i + 1))
}

/// Numbers that state a quantity (not an ordinal, a date, a "10x" or "24/7").
fn quantities(lexes: &[Lex]) -> impl Iterator<Item = usize> + '_ {
    lexes.iter().enumerate().filter_map(move |(i, l)| {
        let n = l.num()?;
        let round_the_clock = (same(n.value, 24.0) && lexes.get(i + 1).and_then(Lex::word) == Some("per"))
            || (same(n.value, 7.0)
                && i >= 2
                && lexes[i - 1].word() == Some("per")
                && lexes[i - 2].num().is_some_and(|m| same(m.value, 24.0)));
        (n.value.is_finite() && !n.times && !n.ordinal && !round_the_clock && !is_date(lexes, i)).then_some(i)
    })
}

/// A number right after "from", "currently", "today" or "baseline", with no target anywhere.
fn has_baseline_only(lexes: &[Lex]) -> bool {
    lexes.iter().enumerate().any(|(i, l)| {
        l.word().is_some_and(|w| matches!(w, "from" | "currently" | "today" | "baseline" | "now"))
            && (1..=2).any(|d| lexes.get(i + d).and_then(Lex::num).is_some_and(|n| n.value.is_finite()))
    })
}

fn finding(
    code: &'static str,
    severity: Severity,
    subject: Subject,
    reason: String,
    suggestion: &str,
    example: Option<(String, String)>,
) -> Finding {
    Finding { code, severity, subject, reason, suggestion: suggestion.to_string(), example }
}

/// Findings about an objective's text.
pub(crate) fn objective_findings(text: &str, subject: Subject) -> Vec<Finding> {
    let mut out = Vec::new();
    let lexes = lex(text);
    if let Some((verb, _)) = leading_output_verb(&lexes, true) {
        out.push(finding(
            "objective-task",
            Severity::Warning,
            subject,
            format!("Starts with \"{verb}\": that is a task or deliverable, not the impact it should have."),
            "Describe the brighter future once the work is done; the work itself becomes an initiative.",
            Some(example("Migrate to the new database", "Database reliability that lets us scale to 10x traffic")),
        ));
    }
    if quantities(&lexes).next().is_some() {
        out.push(finding(
            "objective-numbers",
            Severity::Advice,
            subject,
            "Numbers in an objective are targets; they belong in its key results.".to_string(),
            "Keep the objective qualitative and inspiring; move the number into a key result.",
            Some(example("Reach 99.95% checkout availability", "Payments our merchants never have to think about")),
        ));
    }
    let count = text.split_whitespace().count();
    if count > OBJECTIVE_MAX_WORDS {
        out.push(finding(
            "objective-long",
            Severity::Advice,
            subject,
            format!("{count} words: an objective people remember fits in one short sentence."),
            "Aim for fewer than about 18 words; put the why in the rationale.",
            None,
        ));
    }
    out
}

/// What the caller knows about the key result beyond its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KrKind {
    /// Only the text: numbers must be in it.
    Text,
    /// A metric with structured baseline and target: numbers are in the fields.
    Metric,
    /// A milestone: done or not, numbers are not expected and its being work is declared.
    Milestone,
}

/// Findings about a key result's text.
pub(crate) fn key_result_findings(text: &str, subject: Subject, kind: KrKind) -> Vec<Finding> {
    let mut out = Vec::new();
    let lexes = lex(text);
    if let Some((name, why)) = vanity_metric(text) {
        out.push(finding(
            "kr-vanity-metric",
            Severity::Warning,
            subject,
            format!("{name} {why}"),
            "Measure the effect the work should have on users or on the system, not the amount of work.",
            Some(example("Increase story points delivered from 40 to 60", "Cut lead time for changes from 5 days to 1 day")),
        ));
        return out;
    }
    if kind == KrKind::Milestone {
        return out;
    }
    let ws = words(text);
    let parsed = parse_from_to(text);
    let measured_change = (parsed.is_some() && has_change_verb(&ws)) || has_relative_change(&lexes, &ws);
    let output = match leading_output_verb(&lexes, false) {
        Some((_, true)) if parsed.is_some() => None,
        Some((verb, _)) if !measured_change => Some(verb),
        _ if measured_change => None,
        _ => participle_of_work(&lexes),
    };
    if let Some(verb) = output {
        out.push(finding(
            "kr-output-verb",
            Severity::Warning,
            subject,
            format!("\"{verb}\" describes work (an output), not the change it should cause (an outcome)."),
            "Ask what gets better once it is done and measure that; the work becomes an initiative.",
            Some(example("Complete the migration", "Reduce database-related P1 incidents from 4 per quarter to 0")),
        ));
        return out;
    }
    if kind == KrKind::Metric {
        return out;
    }
    match parsed {
        Some(p) if same(p.baseline, p.target) => out.push(flat(subject, p.baseline)),
        Some(_) => {}
        None if quantities(&lexes).next().is_none() && !ws.iter().any(|w| NUMBER_WORDS.contains(&w.as_str())) => out.push(finding(
            "kr-unmeasurable",
            Severity::Warning,
            subject,
            "No number: at the end of the period nobody can tell whether it was achieved.".to_string(),
            "Name the metric, where it is today and where it should be: \"from X to Y\".",
            Some(example("Improve checkout reliability", "Raise checkout API availability from 99.5% to 99.95%")),
        )),
        None if has_baseline_only(&lexes) => out.push(finding(
            "kr-no-target",
            Severity::Warning,
            subject,
            "There is a baseline but no target: how far is far enough?".to_string(),
            "Add the value that would mean success: \"from X to Y\".",
            Some(example("Reduce P1 incidents from 4 per quarter", "Reduce P1 incidents from 4 per quarter to 0")),
        )),
        None => out.push(finding(
            "kr-no-baseline",
            Severity::Warning,
            subject,
            "There is a target but no baseline, so progress cannot be computed.".to_string(),
            "Write where it is today as well: \"from X to Y\".",
            Some(example("Reduce P1 incidents to 0", "Reduce P1 incidents from 4 per quarter to 0")),
        )),
    }
    out
}

/// Baseline equal to target.
pub(crate) fn flat(subject: Subject, value: f64) -> Finding {
    finding(
        "kr-flat",
        Severity::Warning,
        subject,
        format!("Baseline and target are both {}: there is nothing to move.", crate::model::objective::format_number(value)),
        "Set a target that differs from today's value; a level to hold belongs with a key result that moves.",
        Some(example("Keep availability from 99.9% to 99.9%", "Raise availability from 99.5% to 99.9%")),
    )
}
