//! Verbs of work in objectives and key results: a text that starts with one is a task
//! ("Migrate…", "Complete…", "Roll out…"), and a past participle can state work done
//! ("services migrated to Kubernetes").
//!
//! Decisions, so nobody has to rediscover them:
//! - Only the base form leads a task ("Deploy the gateway"); "Deploys per engineer" is a noun.
//!   Objectives also read "-ing" forms ("Migrating the monorepo").
//! - A verb followed by a metric noun is a noun compound, not a task: "build times", "deploy
//!   frequency", "release cadence".
//! - In an objective, a verb followed by a capability word is an aspiration, not a
//!   deliverable: "Ship with confidence", "Deploy on demand".
//! - A participle stating work done is one followed by a preposition, the end of the text or
//!   a number ("runbooks written for every alert"); before a noun it is an adjective and says
//!   nothing ("completed checkouts", "migrated services"); after "to", "from" and the like it
//!   is a point in time ("time from merged to deployed").

use super::lexicon::{Class, LEXICON, is_form_of};
use crate::model::quantity::Span;
use crate::model::quantity::main_verb;
use crate::model::quantity::token::{Kind, Token};

/// A verb or noun of work that leads the text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LeadingWork {
    /// As written ("Roll out", "Migrate").
    pub words: String,
    pub span: Span,
    pub class: Class,
    /// Flagged only with a count or an activity as its object ("Run 6 game days").
    pub ambiguous: bool,
    /// A noun of a deliverable ("Migration of…"), not a verb.
    pub noun: bool,
    /// The token after the verb (and its particle).
    pub next: usize,
}

/// After a past participle, these make it a statement of work done ("migrated *to*").
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

fn word_at(tokens: &[Token], i: usize) -> Option<&str> {
    tokens.get(i).and_then(Token::word)
}

/// The verb (or noun) of work that leads the text, when it does. `objective` adds the verbs
/// that only make an objective a task and reads "-ing" forms.
pub(crate) fn leading_work(text: &str, tokens: &[Token], objective: bool) -> Option<LeadingWork> {
    let i = main_verb(tokens)?;
    let w = word_at(tokens, i)?;
    let next = word_at(tokens, i + 1);
    let gerund_of = |v: &str| objective && w.ends_with("ing") && is_form_of(w, v);
    let phrasal = LEXICON.work.phrasal.iter().find_map(|p| {
        let (v, particle) = p.split_once(' ')?;
        ((w == v || gerund_of(v)) && next == Some(particle)).then_some(v)
    });
    let (class, ambiguous, noun, after) = if phrasal.is_some() {
        (Class::Output, false, false, i + 2)
    } else if let Some((class, ambiguous)) = base_work_verb(w, objective) {
        (class, ambiguous, false, i + 1)
    } else if LEXICON.work.nouns.iter().any(|n| n == w) {
        (Class::Output, false, true, i + 1)
    } else {
        return None;
    };
    let after_word = word_at(tokens, after);
    if after_word.is_some_and(|a| LEXICON.compounds.metric_followers.iter().any(|f| f == a)) {
        return None;
    }
    let on_demand = after_word == Some("on") && word_at(tokens, after + 1) == Some("demand");
    if objective && (on_demand || after_word.is_some_and(|a| a != "on" && LEXICON.compounds.capability_followers.iter().any(|f| f == a))) {
        return None;
    }
    let object = if matches!(after_word, Some("a" | "an" | "the" | "our")) { word_at(tokens, after + 1) } else { after_word };
    if objective && object.is_some_and(|o| LEXICON.compounds.aspiration_objects.iter().any(|a| a == o)) {
        return None;
    }
    let span = Span { start: tokens[i].span.start, end: tokens[after - 1].span.end };
    Some(LeadingWork { words: span.text(text).to_string(), span, class, ambiguous, noun, next: after })
}

/// The class of a verb of work written in its base form (or, in an objective, its "-ing"
/// form), and whether it is ambiguous.
fn base_work_verb(w: &str, objective: bool) -> Option<(Class, bool)> {
    let work = &LEXICON.work;
    let listed = |list: &[String]| list.iter().any(|v| v == w || (objective && w.ends_with("ing") && is_form_of(w, v)));
    if listed(&work.output) || (objective && listed(&work.objective_only)) {
        Some((Class::Output, false))
    } else if listed(&work.activity) {
        Some((Class::Activity, false))
    } else if listed(&work.input) {
        Some((Class::Input, false))
    } else if listed(&work.ambiguous) {
        LEXICON.work_verb(w)
    } else {
        None
    }
}

/// Whether `word` is a past form of a verb of output ("migrated", "written", "shipped");
/// activity participles ("closed", "answered") often state an outcome's condition ("tickets
/// answered within 4 hours"), so they are left to the count rules.
fn is_past_of_work(word: &str) -> bool {
    matches!(LEXICON.participle(word), Some((Class::Output, _))) || LEXICON.work.irregular_past.iter().any(|p| p == word)
}

/// A past participle stating work done ("services migrated to Kubernetes", "runbooks
/// written for every alert"), as written and where.
pub(crate) fn participle_of_work(text: &str, tokens: &[Token]) -> Option<(String, Span)> {
    for (i, t) in tokens.iter().enumerate() {
        let Some(w) = t.word() else { continue };
        let next = word_at(tokens, i + 1);
        let rolled_out = matches!(w, "rolled") && next == Some("out");
        let set_up = w == "set" && next == Some("up");
        if !(rolled_out || set_up || (w != "set" && is_past_of_work(w))) {
            continue;
        }
        if i > 0 && word_at(tokens, i - 1).is_some_and(|p| LEXICON.is_time_preceder(p)) {
            continue;
        }
        let skip = if rolled_out || set_up { 2 } else { 1 };
        let predicate = match tokens.get(i + skip).map(|t| &t.kind) {
            None | Some(Kind::Break(_) | Kind::Num(_) | Kind::Arrow | Kind::Symbol(_)) => true,
            Some(Kind::Word(next)) => PREDICATE_FOLLOWERS.contains(&next.as_str()),
        };
        if predicate && i > 0 {
            let span = Span { start: t.span.start, end: tokens[i + skip - 1].span.end };
            return Some((span.text(text).to_string(), span));
        }
    }
    None
}
