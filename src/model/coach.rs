//! The OKR coach: pure functions that read a workshop, one text, or a key-result form as
//! typed, and return findings with a severity, the item, the words that triggered them, a
//! one-line reason and a suggestion. The coach advises from PRODUCT.md's "principles from
//! practice"; it never blocks.
//!
//! Where things live: every check (code, weight, example, fix) in `coach/catalog.rs`; the
//! word lists in `assets/coach-lexicon.toml` (read by `coach/lexicon.rs`); the reading of
//! numbers and units in `model::quantity`; rules about an objective's text in
//! `coach/objective_text.rs`, a key result's in `coach/key_result.rs` (what is counted in
//! `coach/counted.rs`, verbs of work in `coach/verbs.rs`); the key-result form in
//! `coach/form.rs`; rules about the workshop's structure in `coach/structure.rs`. This file
//! holds the types, the entry points, and the ordering and dismissal of findings.

mod catalog;
mod counted;
mod form;
mod key_result;
mod lexicon;
mod objective_text;
mod structure;
mod verbs;

use serde::Serialize;

use super::ids::{InitiativeId, KeyResultId, ObjectiveId, ThemeId};
use super::quantity::{Span, read_key_result};
use super::text::{cap_chars, clean_line, is_clean_line};
use super::workshop::Workshop;

pub use catalog::{CHECKS, Check, Scope, check_of, checks_markdown};
pub use form::{FormField, FormNumbers, KeyResultForm, check_key_result_form, form_numbers};

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
    /// A text checked on its own (live feedback, `check --objective`, the key-result form).
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

    /// What kind of item it is, as a word (`key_result`, `objective`, …), for JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            Subject::Workshop => "workshop",
            Subject::Theme(_) => "theme",
            Subject::Objective(_) => "objective",
            Subject::KeyResult(_) => "key_result",
            Subject::Initiative(_) => "initiative",
            Subject::Text => "text",
        }
    }

    /// The item's text in `w`, which a finding's [`Finding::span`] points into: an
    /// objective's title, a key result's description, a theme's name, an initiative's title.
    pub fn text<'w>(&self, w: &'w Workshop) -> Option<&'w str> {
        match self {
            Subject::Objective(id) => w.objectives.iter().find(|o| o.id == *id).map(|o| o.title.as_str()),
            Subject::KeyResult(id) => {
                w.objectives.iter().flat_map(|o| &o.key_results).find(|k| k.id == *id).map(|k| k.description.as_str())
            }
            Subject::Theme(id) => w.theme(*id).map(|t| t.name.as_str()),
            Subject::Initiative(id) => w.initiative(*id).map(|i| i.title.as_str()),
            Subject::Workshop | Subject::Text => None,
        }
    }

    /// The item named for a person, e.g. `key result KR12 "Reduce MTTR from 90 to 30…"`, so
    /// "findings elsewhere" can say which one and a list can jump to it.
    pub fn name(&self, w: &Workshop) -> String {
        let label = match self {
            Subject::Workshop => return "the workshop".to_string(),
            Subject::Text => return "the text".to_string(),
            Subject::Theme(_) => "theme",
            Subject::Objective(_) => "objective",
            Subject::KeyResult(_) => "key result",
            Subject::Initiative(_) => "initiative",
        };
        match self.text(w).filter(|t| !t.trim().is_empty()) {
            Some(text) => format!("{label} {} {}", self.key(), quoted(text)),
            None => format!("{label} {}", self.key()),
        }
    }
}

/// One piece of coaching.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable, e.g. `kr-output-verb`; see [`CHECKS`].
    pub code: &'static str,
    pub severity: Severity,
    pub subject: Subject,
    /// One line: why it matters. Never holds control characters.
    pub reason: String,
    /// One line: what to do.
    pub suggestion: String,
    /// (weak, strong), where an example helps.
    pub example: Option<(String, String)>,
    /// The words that triggered it, as a byte range of the subject's text ([`Subject::text`],
    /// or the text checked), when one part of the text did.
    pub span: Option<Span>,
}

impl Finding {
    /// A finding with the severity and default suggestion of its check in [`CHECKS`];
    /// `reason` is cleaned to one line.
    pub(crate) fn new(code: &'static str, subject: Subject, reason: &str) -> Finding {
        let check = check_of(code);
        Finding {
            code,
            severity: check.severity,
            subject,
            reason: if is_clean_line(reason) { reason.trim().to_string() } else { clean_line(reason) },
            suggestion: check.fix.to_string(),
            example: None,
            span: None,
        }
    }

    pub(crate) fn suggest(mut self, suggestion: &str) -> Finding {
        self.suggestion = clean_line(suggestion);
        self
    }

    pub(crate) fn example(mut self, weak: &str, strong: &str) -> Finding {
        self.example = Some((weak.to_string(), strong.to_string()));
        self
    }

    pub(crate) fn at(mut self, span: Option<Span>) -> Finding {
        self.span = span;
        self
    }
}

/// `"text"`, cleaned and cut to 48 characters, for quoting in a reason.
pub(crate) fn quoted(text: &str) -> String {
    format!("\"{}\"", cap_chars(clean_line(text), 48))
}

/// Every code the coach can report, for documentation, `check --help` and tests.
pub fn codes() -> impl Iterator<Item = &'static str> {
    CHECKS.iter().map(|c| c.code)
}

/// Findings about one objective text, for live feedback while typing and for
/// `check --objective` (subject [`Subject::Text`]). Empty text has nothing to say yet.
pub fn check_objective_text(text: &str) -> Vec<Finding> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    objective_text::findings(text, Subject::Text)
}

/// Findings about one key result text (subject [`Subject::Text`]): the numbers must be in the
/// text, as when drafting in an editor or with `check --key-result`. Spans point into `text`.
pub fn check_key_result_text(text: &str) -> Vec<Finding> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    key_result::findings(text, Subject::Text, &key_result::Fields::None)
}

/// Findings about a key result that is not in a workshop yet (an engineer's proposed one),
/// from its text and its numbers as stored (subject [`Subject::Text`]).
pub fn check_key_result_kind(text: &str, kind: &super::KeyResultKind) -> Vec<Finding> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    key_result::findings(text, Subject::Text, &structure::fields_of(kind))
}

/// A baseline, a target and a unit read from a description.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedMetric {
    pub baseline: f64,
    pub target: f64,
    /// `%`, `$`, `ms`, `minutes`, `per week`…, or empty when none is written.
    pub unit: String,
}

/// The baseline, target and unit of a description that states both ("from 2 hours to 30
/// minutes" is 120 → 30 minutes; "to 75% from 45%" is 45 → 75 %), read by the shared
/// [`quantity`](super::quantity) reader. `None` without both values, or when their units
/// cannot be reconciled. Kept for the key-result form of step 4; new callers can use
/// [`read_key_result`] or [`form_numbers`], which also say why not.
pub fn parse_from_to(text: &str) -> Option<ParsedMetric> {
    let reading = read_key_result(text);
    if reading.unit_conflict.is_some() {
        return None;
    }
    let (baseline, target, unit) = reading.from_to()?;
    Some(ParsedMetric { baseline, target, unit })
}

/// What the coach's findings are made of, cheap to take and compare: a change that touches
/// none of it (a score, a vote's dot count, a check-in's note) keeps the findings as they
/// were, so such a keystroke does not pay for a review of the whole workshop. The
/// initiatives count by what the rules read of them (id, title, theme, author, voters,
/// hidden), hashed; the capacity split by the advice it gives.
#[derive(Debug, Clone, PartialEq)]
pub struct Inputs {
    objectives: super::shared_vec::SharedVec<super::objective::Objective>,
    themes: Vec<super::initiative::Theme>,
    participants: Vec<super::workshop::Participant>,
    settings: super::workshop::Settings,
    dismissed: Vec<super::workshop::Dismissal>,
    initiatives: u64,
    capacity: Vec<Finding>,
}

impl Inputs {
    /// The inputs of `w`, whose capacity split is `split`.
    pub fn of(w: &Workshop, split: &super::capacity::CapacitySplit) -> Self {
        use std::hash::{BuildHasher, Hash, Hasher};
        // Compared only within this process: a fast hash with a fixed seed will do.
        let mut hasher = foldhash::fast::FixedState::default().build_hasher();
        for i in &w.initiatives {
            (i.id.0, i.theme.map(|t| t.0), i.author.map(|p| p.0), i.hidden, &i.title).hash(&mut hasher);
            for voter in i.votes.keys() {
                voter.0.hash(&mut hasher);
            }
        }
        let capacity = super::capacity::advice(w, split);
        Self {
            objectives: w.objectives.clone(),
            themes: w.themes.clone(),
            participants: w.participants.clone(),
            settings: w.settings.clone(),
            dismissed: w.dismissed.clone(),
            initiatives: hasher.finish(),
            capacity,
        }
    }
}

/// Every finding for the workshop, minus those dismissed (matched on code and subject key).
/// Ordered: warnings first, then by subject in workshop order (the workshop, themes in board
/// order, each objective followed by its key results, initiatives).
pub fn review(w: &Workshop) -> Vec<Finding> {
    let mut out = structure::findings(w);
    out.extend(super::capacity::findings(w));
    out.retain(|f| !w.dismissed.iter().any(|d| d.code == f.code && d.subject.eq_ignore_ascii_case(&f.subject.key())));
    let rank = subject_ranks(w);
    // Stable: within one subject, the order the rules ran in.
    out.sort_by_key(|f| (std::cmp::Reverse(f.severity), rank.get(&f.subject).copied().unwrap_or(usize::MAX)));
    out
}

/// Position of each subject in workshop order.
fn subject_ranks(w: &Workshop) -> foldhash::HashMap<Subject, usize> {
    let themes = w.themes.iter().map(|t| Subject::Theme(t.id));
    let okrs = w
        .objectives
        .iter()
        .flat_map(|o| std::iter::once(Subject::Objective(o.id)).chain(o.key_results.iter().map(|k| Subject::KeyResult(k.id))));
    let initiatives = w.initiatives.iter().map(|i| Subject::Initiative(i.id));
    std::iter::once(Subject::Workshop).chain(themes).chain(okrs).chain(initiatives).enumerate().map(|(i, s)| (s, i)).collect()
}
