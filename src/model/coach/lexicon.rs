//! The coach's word lists, read from `assets/coach-lexicon.toml` (compiled in), and the
//! lookups the rules make in them. Why each word is there is written beside it in that file;
//! this module only knows how to match words (whole, lower-cased, with their inflections).
//!
//! Kept as a data file rather than Rust constants so a team can tune the lists without
//! reading the rules, and so each entry carries its reason and suggested outcome, which the
//! findings quote.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

/// What counting something measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Class {
    Activity,
    Output,
    Input,
    Vanity,
}

impl Class {
    /// The finding's code for a key result that counts this.
    pub fn code(self) -> &'static str {
        match self {
            Class::Activity => "kr-activity-metric",
            Class::Output => "kr-output-metric",
            Class::Input => "kr-input-metric",
            Class::Vanity => "kr-vanity-metric",
        }
    }

    fn key(self) -> &'static str {
        match self {
            Class::Activity => "activity",
            Class::Output => "output",
            Class::Input => "input",
            Class::Vanity => "vanity",
        }
    }
}

/// Which way a change verb says the measure should go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Trend {
    Down,
    Up,
    Unstated,
}

#[derive(Debug, Deserialize)]
struct ChangeVerbs {
    decrease: Vec<String>,
    increase: Vec<String>,
    neutral: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Work {
    pub output: Vec<String>,
    pub activity: Vec<String>,
    pub input: Vec<String>,
    pub ambiguous: Vec<String>,
    pub objective_only: Vec<String>,
    pub phrasal: Vec<String>,
    pub nouns: Vec<String>,
    pub irregular_past: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Compounds {
    pub metric_followers: Vec<String>,
    pub capability_followers: Vec<String>,
    pub aspiration_objects: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Participles {
    activity: Vec<String>,
    output: Vec<String>,
    input: Vec<String>,
    even_as_share: Vec<String>,
    time_preceders: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Framing {
    measures: Vec<String>,
    shares: Vec<String>,
    counts: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ClassText {
    pub meaning: String,
    pub instead: String,
}

/// One entry of `[[counted]]`: things whose count is not an outcome.
#[derive(Debug, Deserialize)]
pub(crate) struct Counted {
    /// Singular nouns, each one to three words.
    pub nouns: Vec<String>,
    pub class: Class,
    pub why: String,
    pub instead: String,
    /// A frequency normalised per something ("deploys per engineer per week") is an outcome.
    #[serde(default)]
    pub rate_is_outcome: bool,
    /// Flagged even when measured in money or time ("budget").
    #[serde(default)]
    pub any_framing: bool,
    /// Words right after the noun that make it something else ("velocity *of* onboarding").
    #[serde(default)]
    pub not_before: Vec<String>,
    /// `nouns`, each split into words (filled once, after reading the file).
    #[serde(skip)]
    parts: Vec<Vec<String>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Lexicon {
    change: ChangeVerbs,
    pub work: Work,
    pub compounds: Compounds,
    participles: Participles,
    framing: Framing,
    class: BTreeMap<String, ClassText>,
    pub counted: Vec<Counted>,
    aliases: BTreeMap<String, String>,
    /// `aliases`, each phrase split into words (filled once, after reading the file).
    #[serde(skip)]
    pub alias_parts: Vec<(Vec<String>, String)>,
}

/// The lexicon compiled into the program. Its parsing is tested (`the_lexicon_parses`), so
/// the expect below can only fire on a build that did not run its tests.
pub(crate) static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut lexicon: Lexicon =
        toml::from_str(include_str!("../../../assets/coach-lexicon.toml")).expect("assets/coach-lexicon.toml parses");
    for c in &mut lexicon.counted {
        c.parts = c.nouns.iter().map(|n| n.split_whitespace().map(str::to_string).collect()).collect();
    }
    lexicon.alias_parts =
        lexicon.aliases.iter().map(|(phrase, alias)| (phrase.split_whitespace().map(str::to_string).collect(), alias.clone())).collect();
    lexicon
});

fn contains(list: &[String], word: &str) -> bool {
    list.iter().any(|w| w == word)
}

impl Lexicon {
    /// Which way `word` (a form of a change verb) says the measure should go.
    pub fn trend(&self, word: &str) -> Option<Trend> {
        let any = |list: &[String]| list.iter().any(|v| is_form_of(word, v));
        if any(&self.change.decrease) {
            Some(Trend::Down)
        } else if any(&self.change.increase) {
            Some(Trend::Up)
        } else if any(&self.change.neutral) || word == "grew" || word == "brought" {
            Some(Trend::Unstated)
        } else {
            None
        }
    }

    /// The class of work `word` (a verb's base form or inflection) names, and whether it is
    /// ambiguous (flagged only with a count or an activity as its object).
    pub fn work_verb(&self, word: &str) -> Option<(Class, bool)> {
        let any = |list: &[String]| list.iter().any(|v| is_form_of(word, v));
        if any(&self.work.output) {
            Some((Class::Output, false))
        } else if any(&self.work.activity) {
            Some((Class::Activity, false))
        } else if any(&self.work.input) {
            Some((Class::Input, false))
        } else if any(&self.work.ambiguous) || matches!(word, "held" | "ran" | "given") {
            Some((if is_form_of(word, "onboard") { Class::Output } else { Class::Activity }, true))
        } else {
            None
        }
    }

    /// The class of work a participle after a noun states, and whether it stays work as a share.
    pub fn participle(&self, word: &str) -> Option<(Class, bool)> {
        let class = if contains(&self.participles.activity, word) {
            Class::Activity
        } else if contains(&self.participles.output, word) {
            Class::Output
        } else if contains(&self.participles.input, word) {
            Class::Input
        } else {
            return None;
        };
        Some((class, contains(&self.participles.even_as_share, word)))
    }

    pub fn is_time_preceder(&self, word: &str) -> bool {
        contains(&self.participles.time_preceders, word)
    }

    pub fn is_measure(&self, word: &str) -> bool {
        contains(&self.framing.measures, word)
    }

    pub fn is_share(&self, word: &str) -> bool {
        contains(&self.framing.shares, word)
    }

    pub fn is_count(&self, word: &str) -> bool {
        contains(&self.framing.counts, word)
    }

    pub fn class_text(&self, class: Class) -> Option<&ClassText> {
        self.class.get(class.key())
    }

    /// The counted entry whose noun ends at the last of `words` (lower-case, the last one
    /// singular).
    pub fn counted(&self, words: &[String]) -> Option<&Counted> {
        self.counted
            .iter()
            .find(|c| c.parts.iter().any(|parts| words.len() >= parts.len() && words[words.len() - parts.len()..] == parts[..]))
    }
}

/// Whether `word` is `base` or one of its regular inflections (`deploy` → `deploys`,
/// `deployed`, `deploying`; `ship` → `shipped`, `shipping`; `migrate` → `migrating`;
/// `fix` → `fixes`).
pub(crate) fn is_form_of(word: &str, base: &str) -> bool {
    if word == base {
        return true;
    }
    let Some(rest) = word.strip_prefix(base) else {
        // "migrate" → "migrating": the final e goes.
        return base.strip_suffix('e').is_some_and(|stem| word.strip_prefix(stem) == Some("ing"));
    };
    match rest {
        "s" | "es" | "ed" | "ing" => true,
        "d" => base.ends_with('e'),
        _ => {
            // "ship" → "shipped": the final consonant doubles.
            let last = base.chars().last();
            let mut r = rest.chars();
            r.next() == last && matches!(r.as_str(), "ed" | "ing")
        }
    }
}

/// The singular of a lower-case noun, as far as engineering nouns go: `stories` → `story`,
/// `reviews` → `review`, `prs` → `pr`; words that only look plural stay (`status`, `analysis`).
pub(crate) fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies").filter(|s| s.len() >= 2) {
        return format!("{stem}y");
    }
    for ending in ["sses", "shes", "ches", "xes"] {
        if word.ends_with(ending) {
            return word[..word.len() - 2].to_string();
        }
    }
    if word.len() >= 3 && word.ends_with('s') && !["ss", "us", "is"].iter().any(|e| word.ends_with(e)) {
        return word[..word.len() - 1].to_string();
    }
    word.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lexicon_parses_and_every_counted_entry_is_complete() {
        let lexicon: Lexicon = toml::from_str(include_str!("../../../assets/coach-lexicon.toml")).expect("parses");
        for c in &lexicon.counted {
            assert!(!c.nouns.is_empty() && !c.why.is_empty() && !c.instead.is_empty(), "{c:?}");
            for noun in &c.nouns {
                assert_eq!(noun, &noun.to_lowercase(), "nouns are lower-case: {noun}");
                let head = noun.split_whitespace().last().unwrap_or_default();
                assert_eq!(singular(head), head, "a noun's last word is singular: {noun}");
            }
        }
        for class in [Class::Activity, Class::Output, Class::Input, Class::Vanity] {
            assert!(lexicon.class_text(class).is_some(), "{class:?} has its text");
        }
    }

    #[test]
    fn inflections() {
        assert!(is_form_of("shipped", "ship") && is_form_of("shipping", "ship") && is_form_of("ships", "ship"));
        assert!(is_form_of("migrating", "migrate") && is_form_of("migrated", "migrate") && is_form_of("fixes", "fix"));
        assert!(!is_form_of("ownership", "ship") && !is_form_of("builder", "build"));
        assert_eq!(singular("stories"), "story");
        assert_eq!(singular("reviews"), "review");
        assert_eq!(singular("prs"), "pr");
        assert_eq!(singular("status"), "status");
        assert_eq!(singular("dashes"), "dash");
    }

    #[test]
    fn lookups() {
        assert_eq!(LEXICON.trend("reducing"), Some(Trend::Down));
        assert_eq!(LEXICON.trend("raised"), Some(Trend::Up));
        assert_eq!(LEXICON.trend("improve"), Some(Trend::Unstated));
        assert_eq!(LEXICON.work_verb("hire"), Some((Class::Input, false)));
        assert_eq!(LEXICON.work_verb("run"), Some((Class::Activity, true)));
        assert_eq!(LEXICON.participle("migrated"), Some((Class::Output, true)));
        let words = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        assert_eq!(LEXICON.counted(&words("chaos game day")).map(|c| c.class), Some(Class::Activity));
        assert!(LEXICON.counted(&words("lead time")).is_none());
    }
}
