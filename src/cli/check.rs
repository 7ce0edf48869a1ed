//! `check`: the coach's findings for a workshop or for single texts, as text for people or
//! JSON for CI. Every finding says which text or item it is about (an index among the texts
//! given, or the objective's or key result's id), the words that triggered it, the reason and
//! a suggestion. Exit 0 without warnings, 1 with, 2 when the workshop cannot be read; with
//! `--format json` that error is JSON on standard output too (`{"error": "…"}`), so a
//! script reading the output always gets JSON.

use std::process::ExitCode;

use color_eyre::eyre::Result;

use super::output::{err_line, out_line};
use super::{CheckFormat, Cli, find};
use crate::model::coach::{self, Finding, Severity, Subject};
use crate::model::text::{cap_chars, clean_line};
use crate::model::{Clock, Workshop};
use crate::store::Store;

/// Where a finding's text comes from.
struct Source {
    /// For a text given on the command line: `objective` or `key_result`, and its position
    /// among the texts of that kind (0-based, in command-line order).
    given: Option<(&'static str, usize)>,
    /// The text the finding's span points into.
    text: Option<String>,
}

/// A finding and where its text comes from.
pub(super) struct Located {
    finding: Finding,
    source: Source,
}

/// A coach function for one kind of text.
type Judge = fn(&str) -> Vec<Finding>;

/// Findings about the texts given with `--objective` and `--key-result`.
pub(super) fn of_texts(objectives: &[String], key_results: &[String]) -> Vec<Located> {
    let mut out = Vec::new();
    let kinds: [(&'static str, &[String], Judge); 2] =
        [("objective", objectives, coach::check_objective_text), ("key_result", key_results, coach::check_key_result_text)];
    for (kind, texts, judge) in kinds {
        for (index, raw) in texts.iter().enumerate() {
            let text = clean_line(raw);
            for finding in judge(&text) {
                out.push(Located { finding, source: Source { given: Some((kind, index)), text: Some(text.clone()) } });
            }
        }
    }
    out
}

/// Findings about a workshop, each with its item's text.
pub(super) fn of_workshop(w: &Workshop) -> Vec<Located> {
    coach::review(w)
        .into_iter()
        .map(|finding| {
            let text = finding.subject.text(w).map(str::to_string);
            Located { finding, source: Source { given: None, text } }
        })
        .collect()
}

/// The warnings about dependencies on other teams' key results that are missing or ended.
fn dependency_findings(w: &Workshop, peers: &[crate::model::dependency::Peer]) -> Vec<Located> {
    w.dependency_findings(peers, Clock::System.today())
        .into_iter()
        .map(|finding| {
            let text = finding.subject.text(w).map(str::to_string);
            Located { finding, source: Source { given: None, text } }
        })
        .collect()
}

/// One finding as JSON: `subject` (the item's id, or `text`), `kind`, `index` (texts) or
/// `id` (workshop items), `code`, `severity`, `text`, `span` (character offsets into `text`
/// and the words there), `reason`, `suggestion` and `example`.
fn json(l: &Located) -> serde_json::Value {
    let f = &l.finding;
    let mut value = serde_json::json!({
        "subject": f.subject.key(),
        "kind": l.source.given.map_or(f.subject.kind(), |(kind, _)| kind),
        "code": f.code,
        "severity": f.severity.label(),
        "reason": f.reason,
        "suggestion": f.suggestion,
        "example": f.example.as_ref().map(|(weak, strong)| serde_json::json!({ "weak": weak, "strong": strong })),
    });
    if let Some((_, index)) = l.source.given {
        value["index"] = index.into();
    } else if f.subject != Subject::Workshop {
        value["id"] = f.subject.key().into();
    }
    if let Some(text) = &l.source.text {
        value["text"] = clean_line(text).into();
        value["span"] = f.span.filter(|s| !s.text(text).is_empty()).map_or(serde_json::Value::Null, |s| {
            let (start, end) = s.chars(text);
            serde_json::json!({ "start": start, "end": end, "words": clean_line(s.text(text)) })
        });
    }
    value
}

/// One finding as a line for people.
fn line(l: &Located) -> String {
    let f = &l.finding;
    let severity = if f.severity == Severity::Warning { "warning" } else { "advice " };
    let subject = match (&l.source.given, &l.source.text) {
        (Some((kind, _)), Some(text)) => format!("{} \"{}\"", kind.replace('_', " "), cap_chars(clean_line(text), 32)),
        _ => f.subject.key(),
    };
    let words = match (f.span, &l.source.text) {
        (Some(span), Some(text)) if !span.text(text).is_empty() => format!(" [at \"{}\"]", clean_line(span.text(text))),
        _ => String::new(),
    };
    format!("{severity}  {subject:<6} {:<22} {}{words} {}", f.code, f.reason, f.suggestion)
}

/// Prints the findings (text: after `facts`, a line each) and returns the exit code: 1
/// with warnings, else 0.
pub(super) fn report(label: &str, findings: &[Located], facts: &[String], json_format: bool) -> Result<ExitCode> {
    let warnings = findings.iter().filter(|l| l.finding.severity == Severity::Warning).count();
    if json_format {
        let list: Vec<serde_json::Value> = findings.iter().map(json).collect();
        out_line(&serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into()))?;
    } else {
        let count = crate::model::count::count;
        out_line(&format!("{label}: {}, {}", count(warnings, "warning"), count(findings.len() - warnings, "advice")))?;
        for fact in facts {
            out_line(&clean_line(fact))?;
        }
        for l in findings {
            out_line(&line(l))?;
        }
    }
    Ok(ExitCode::from(u8::from(warnings > 0)))
}

/// `check`: the coach's findings for a workshop or for single texts.
pub(super) fn check(
    cli: &Cli,
    workshop: Option<&str>,
    format: CheckFormat,
    objectives: &[String],
    key_results: &[String],
) -> Result<ExitCode> {
    let fail = |message: String| -> Result<ExitCode> {
        let message = clean_line(&message);
        if format == CheckFormat::Json {
            out_line(&serde_json::to_string_pretty(&serde_json::json!({ "error": message })).unwrap_or_default())?;
        }
        err_line(&format!("quarterdeck: {message}"));
        Ok(ExitCode::from(2))
    };
    let (label, findings, facts) = if let Some(name) = workshop {
        let loaded = Store::resolve_dir(cli.data_dir.clone()).and_then(Store::open_existing).map_err(|e| e.to_string()).and_then(|store| {
            let slug = find(&store, name).map_err(|e| e.to_string())?;
            let w = store.load(&slug).map_err(|e| e.to_string())?;
            // The other workshops are read only when a key result depends on one.
            let only = w.dependency_slugs();
            let peers = if only.is_empty() { Vec::new() } else { store.peers(Some(&slug), Some(&only), Clock::System.today()) };
            Ok((store.path_of(&slug), w, peers))
        });
        match loaded {
            Ok((path, w, peers)) => {
                let mut found = of_workshop(&w);
                found.extend(dependency_findings(&w, &peers));
                (path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default(), found, super::method::facts(&w))
            }
            Err(e) => return fail(e),
        }
    } else if objectives.is_empty() && key_results.is_empty() {
        return fail("check needs a workshop name, or texts to lint with --objective or --key-result".into());
    } else {
        ("the texts given".to_string(), of_texts(objectives, key_results), Vec::new())
    };
    report(&label, &findings, &facts, format == CheckFormat::Json)
}
