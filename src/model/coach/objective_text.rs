//! The coach's rules about an objective's text: a task dressed as an objective, numbers that
//! belong in key results, and length.
//!
//! Decisions, so nobody has to rediscover them:
//! - A multiplier of ambition ("10x traffic"), an ordinal ("our 3rd region"), a year, a date
//!   and "24/7" are part of a vision, not targets, so they do not trip `objective-numbers`;
//!   neither does "one" written as a word ("One place to find any service's owner"), which is
//!   a determiner far more often than a target. Other numbers do, as advice only.

use super::verbs::leading_work;
use super::{Finding, Subject, quoted};
use crate::model::quantity::token::tokenize;
use crate::model::quantity::{Span, read};

/// The longest objective that still reads as one memorable sentence.
pub(crate) const OBJECTIVE_MAX_WORDS: usize = 18;

/// Findings about an objective's text.
pub(crate) fn findings(text: &str, subject: Subject) -> Vec<Finding> {
    let mut out = Vec::new();
    let tokens = tokenize(text);
    if let Some(work) = leading_work(text, &tokens, true).filter(|w| !w.ambiguous) {
        let reason = format!("Starts with {}: that is a task or deliverable, not the impact it should have.", quoted(&work.words));
        out.push(
            Finding::new("objective-task", subject, &reason)
                .example("Migrate to the new database", "Database reliability that lets us scale to 10x traffic")
                .at(Some(work.span)),
        );
    }
    if let Some(span) = first_target(text, &tokens) {
        out.push(
            Finding::new("objective-numbers", subject, "Numbers in an objective are targets; they belong in its key results.")
                .example("Reach 99.95% checkout availability", "Payments our merchants never have to think about")
                .at(Some(span)),
        );
    }
    let count = text.split_whitespace().count();
    if count > OBJECTIVE_MAX_WORDS {
        out.push(Finding::new(
            "objective-long",
            subject,
            &format!("{count} words: an objective people remember fits in one short sentence."),
        ));
    }
    out
}

/// Where the first number that states a target is written.
fn first_target(text: &str, tokens: &[crate::model::quantity::token::Token]) -> Option<Span> {
    let reading = read(text, tokens);
    let is_lone_one = |span: Span| span.text(text).split_whitespace().next().is_some_and(|w| w.eq_ignore_ascii_case("one"));
    [reading.target.map(|t| t.span), reading.baseline.map(|b| b.span), reading.relative.map(|r| r.1)]
        .into_iter()
        .flatten()
        .filter(|s| !is_lone_one(*s))
        .min_by_key(|s| s.start)
}
