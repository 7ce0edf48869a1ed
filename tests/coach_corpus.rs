//! The coach against a careful OKR coach: a corpus of engineering objectives and key results
//! in the styles teams write them (tests/fixtures/coach/), each with the verdict a careful
//! coach gives ("ok": advice at most; "warn": rewrite it). The coach must agree with at
//! least 95% of them. Every disagreement is printed, so a change to the rules shows what it
//! costs as well as what it buys.

use quarterdeck::model::coach::{Finding, Severity, check_key_result_text, check_objective_text};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Entry {
    text: String,
    verdict: String,
}

#[derive(Debug, Deserialize)]
struct Corpus {
    #[serde(default)]
    objective: Vec<Entry>,
    #[serde(default)]
    key_result: Vec<Entry>,
}

fn verdict(findings: &[Finding]) -> &'static str {
    if findings.iter().any(|f| f.severity == Severity::Warning) { "warn" } else { "ok" }
}

/// Agreement on one corpus file: (agreed, total, disagreements).
fn agreement(file: &str) -> (usize, usize, Vec<String>) {
    let path = format!("{}/tests/fixtures/coach/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let corpus: Corpus = toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut agreed = 0;
    let mut wrong = Vec::new();
    let judged = corpus
        .objective
        .iter()
        .map(|e| (e, check_objective_text(&e.text)))
        .chain(corpus.key_result.iter().map(|e| (e, check_key_result_text(&e.text))));
    let mut total = 0;
    for (entry, findings) in judged {
        assert!(matches!(entry.verdict.as_str(), "ok" | "warn"), "{entry:?}");
        total += 1;
        if verdict(&findings) == entry.verdict {
            agreed += 1;
        } else {
            let codes: Vec<&str> = findings.iter().map(|f| f.code).collect();
            wrong.push(format!("  expected {:<4} got {codes:?}: {}", entry.verdict, entry.text));
        }
    }
    (agreed, total, wrong)
}

fn assert_agrees(file: &str, min_entries: usize) {
    let (agreed, total, wrong) = agreement(file);
    let share = agreed as f64 / total as f64;
    println!("{file}: the coach agrees on {agreed} of {total} ({:.1}%)", share * 100.0);
    for w in &wrong {
        println!("{w}");
    }
    assert!(total >= min_entries, "{file} holds {total} entries, fewer than {min_entries}");
    assert!(share >= 0.95, "{file}: agreement {:.1}% is below 95%:\n{}", share * 100.0, wrong.join("\n"));
}

#[test]
fn the_coach_agrees_with_a_careful_coach_on_the_development_corpus() {
    assert_agrees("corpus.toml", 80);
}

#[test]
fn the_coach_agrees_with_a_careful_coach_on_the_later_set() {
    assert_agrees("holdout.toml", 60);
}

#[test]
fn the_coach_agrees_with_a_careful_coach_on_the_unseen_set() {
    assert_agrees("unseen.toml", 60);
}
