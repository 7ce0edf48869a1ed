//! The capacity split: how the chosen initiatives divide the team's capacity between
//! business work, engineering health and learning, by their cost, against the target split
//! in the workshop's settings (70/30 with learning inside health, as the method suggests).
//! Each initiative and theme can be tagged; untagged ones take their theme's tag, then a tag
//! guessed from the theme's words, then one from where the idea came from. Pure rules.

use serde::{Deserialize, Serialize};

use super::initiative::{Initiative, InitiativeSource, Size, Theme};
use super::workshop::Workshop;

/// What a piece of work spends the team's capacity on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Capacity {
    /// Work for the product and its users.
    Business,
    /// Engineering health: reliability, tooling, cost, technical evolution.
    Health,
    /// Learning: spikes, proofs of concept, research (part of engineering health).
    Learning,
}

impl Capacity {
    pub const ALL: [Capacity; 3] = [Capacity::Business, Capacity::Health, Capacity::Learning];

    pub fn label(self) -> &'static str {
        match self {
            Capacity::Business => "business",
            Capacity::Health => "engineering health",
            Capacity::Learning => "learning",
        }
    }

    /// One word, for narrow columns.
    pub fn short(self) -> &'static str {
        match self {
            Capacity::Business => "business",
            Capacity::Health => "health",
            Capacity::Learning => "learning",
        }
    }

    /// Reads `business`, `health`, `engineering health`, `learning` (or a start of one).
    pub fn parse(text: &str) -> Option<Capacity> {
        let t = text.trim().to_lowercase();
        if t.is_empty() {
            return None;
        }
        Capacity::ALL.into_iter().find(|c| c.label().starts_with(&t) || c.short().starts_with(&t))
    }

    /// The next tag by hand: business → health → learning → untagged (the default again).
    pub fn cycle(tag: Option<Capacity>) -> Option<Capacity> {
        match tag {
            None => Some(Capacity::Business),
            Some(Capacity::Business) => Some(Capacity::Health),
            Some(Capacity::Health) => Some(Capacity::Learning),
            Some(Capacity::Learning) => None,
        }
    }
}

/// Why an initiative counts where it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagFrom {
    /// Tagged by hand.
    Itself,
    /// Its theme is tagged by hand.
    Theme,
    /// Its theme's words ("Learning & spikes", "Cost").
    ThemeWords,
    /// Where the idea came from (product asks are business work).
    Source,
}

impl TagFrom {
    pub fn label(self) -> &'static str {
        match self {
            TagFrom::Itself => "tagged",
            TagFrom::Theme => "by theme",
            TagFrom::ThemeWords => "by theme name",
            TagFrom::Source => "by source",
        }
    }
}

/// The target split, in whole percent of the planned cost. Engineering health is what
/// business leaves; learning is a part of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CapacityTarget {
    pub business: u32,
    pub learning: u32,
    /// Fields this build does not know (written by a newer Quarterdeck or by hand): kept and
    /// written back as they were.
    #[serde(flatten)]
    pub extra: crate::model::Extra,
}

impl Default for CapacityTarget {
    fn default() -> Self {
        Self { business: 70, learning: 10, extra: crate::model::Extra::new() }
    }
}

impl CapacityTarget {
    pub fn is_default(&self) -> bool {
        *self == CapacityTarget::default()
    }

    /// Engineering health's share, learning included.
    pub fn health(&self) -> u32 {
        100u32.saturating_sub(self.business.min(100))
    }

    /// `70/30 (10 learning)`, for a line that shows the split beside it.
    pub fn short(&self) -> String {
        format!("{}/{} ({} learning)", self.business.min(100), self.health(), self.learning)
    }

    /// `70/30, learning 10`.
    pub fn text(&self) -> String {
        format!("{}/{}, learning {}", self.business.min(100), self.health(), self.learning)
    }

    /// Reads `70/30`, `70`, `70/30, learning 10` or `70/30/10`: the business share, then
    /// optionally health (which must make 100 with it), then learning (within health).
    pub fn parse(text: &str) -> Result<CapacityTarget, String> {
        const HOW: &str = "business/health percent, e.g. 70/30, learning 10";
        let numbers: Vec<u32> = text
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .map(str::parse)
            .collect::<Result<_, _>>()
            .map_err(|_| HOW)?;
        let (business, health, learning) = match numbers.as_slice() {
            [b] => (*b, None, None),
            [b, h] if text.to_lowercase().contains("learn") => (*b, None, Some(*h)),
            [b, h] => (*b, Some(*h), None),
            [b, h, l] => (*b, Some(*h), Some(*l)),
            _ => return Err(HOW.to_string()),
        };
        if business > 100 || health.is_some_and(|h| h + business != 100) {
            return Err(format!("{HOW}: the two shares make 100"));
        }
        let learning = learning.unwrap_or(CapacityTarget::default().learning.min(100 - business));
        if learning > 100 - business {
            return Err(format!("learning is part of engineering health, so at most {}", 100 - business));
        }
        Ok(CapacityTarget { business, learning, extra: crate::model::Extra::new() })
    }
}

/// Words of a theme's name that say what it spends capacity on.
const LEARNING_WORDS: &[&str] =
    &["learning", "learn", "spike", "spikes", "research", "experiment", "experiments", "poc", "prototype", "training", "exploration"];
const HEALTH_WORDS: &[&str] = &[
    "reliability",
    "resilience",
    "tooling",
    "tools",
    "tech",
    "debt",
    "technical",
    "cost",
    "costs",
    "ci",
    "build",
    "builds",
    "platform",
    "infrastructure",
    "infra",
    "observability",
    "security",
    "on-call",
    "oncall",
    "toil",
    "tickets",
    "maintenance",
    "upgrade",
    "upgrades",
    "migration",
    "performance",
    "feedback",
    "incident",
    "incidents",
    "developer",
    "productivity",
    "testing",
    "tests",
];

/// The tag a theme's name and description suggest, if they say.
pub fn tag_from_words(theme: &Theme) -> Option<Capacity> {
    let text = format!("{} {}", theme.name, theme.description).to_lowercase();
    let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric() && c != '-').filter(|w| !w.is_empty()).collect();
    if words.iter().any(|w| LEARNING_WORDS.contains(w)) {
        return Some(Capacity::Learning);
    }
    words.iter().any(|w| HEALTH_WORDS.contains(w)).then_some(Capacity::Health)
}

/// The tag where an idea came from suggests: product asks are business work, the principal
/// engineer's are engineering health; the rest are business until tagged.
fn tag_from_source(source: InitiativeSource) -> Capacity {
    match source {
        InitiativeSource::PrincipalEngineer | InitiativeSource::RescuedBacklog => Capacity::Health,
        _ => Capacity::Business,
    }
}

/// The tag an initiative counts under given its theme's: its own, then the theme's (by
/// hand, or by its words), then its source's.
fn tag_of(i: &Initiative, theme: Option<(Capacity, TagFrom)>) -> (Capacity, TagFrom) {
    match (i.capacity, theme) {
        (Some(tag), _) => (tag, TagFrom::Itself),
        (None, Some((tag, TagFrom::Itself))) => (tag, TagFrom::Theme),
        (None, Some((tag, _))) => (tag, TagFrom::ThemeWords),
        (None, None) => (tag_from_source(i.source), TagFrom::Source),
    }
}

/// What an initiative's size stands for when its cost is not scored yet (1–5).
fn cost_by_size(size: Size) -> u8 {
    match size {
        Size::Small => 1,
        Size::Medium => 2,
        Size::Large => 4,
        Size::Audacious => 5,
    }
}

/// Which initiatives the split counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// Those driving a key result or in a theme that has an objective (step 4 onwards).
    Planned,
    /// Those grouped into a theme (step 3).
    Grouped,
    /// Every initiative, before any is grouped.
    All,
}

impl Basis {
    /// `planned`, `grouped`, `captured`: after a count of initiatives.
    pub fn short(self) -> &'static str {
        match self {
            Basis::Planned => "planned",
            Basis::Grouped => "grouped",
            Basis::All => "captured",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Basis::Planned => "in the plan",
            Basis::Grouped => "in themes",
            Basis::All => "captured",
        }
    }
}

/// How the chosen initiatives divide the capacity, by cost.
#[derive(Debug, Clone, PartialEq)]
pub struct CapacitySplit {
    /// Cost per tag, in [`Capacity::ALL`] order.
    pub cost: [u32; 3],
    /// Initiatives counted.
    pub counted: usize,
    /// Of those, how many were counted by size because their cost is not scored.
    pub by_size: usize,
    pub basis: Basis,
}

impl CapacitySplit {
    pub fn total(&self) -> u32 {
        self.cost.iter().sum()
    }

    /// The share (0–1) of a tag.
    pub fn share(&self, tag: Capacity) -> f64 {
        let total = self.total();
        if total == 0 {
            return 0.0;
        }
        f64::from(self.cost[tag as usize]) / f64::from(total)
    }

    /// Engineering health's share, learning included (as the target counts it).
    pub fn health_share(&self) -> f64 {
        self.share(Capacity::Health) + self.share(Capacity::Learning)
    }

    /// `64% business · 36% health (9% learning)`.
    pub fn text(&self) -> String {
        let pct = |v: f64| (v * 100.0).round() as u32;
        // Rounded so the two shares still make 100.
        let business = pct(self.share(Capacity::Business));
        format!("{business}% business · {}% health ({}% learning)", 100 - business, pct(self.share(Capacity::Learning)))
    }

    /// Why the plan is far from the target, when it is, and what to do: business more than
    /// 15 points off its target, or learning under half of its target. `None` with fewer
    /// than three initiatives counted (too few to judge).
    pub fn off_target(&self, target: &CapacityTarget) -> Option<OffTarget> {
        if self.counted < 3 || self.total() == 0 {
            return None;
        }
        let business = self.share(Capacity::Business) * 100.0;
        let learning = self.share(Capacity::Learning) * 100.0;
        let aim = f64::from(target.business.min(100));
        if business > aim + 15.0 {
            return Some(OffTarget {
                reason: format!(
                    "The plan spends {business:.0}% of its cost on business work and {:.0}% on engineering health, against a target of {}.",
                    100.0 - business,
                    target.text()
                ),
                suggestion: "Carve out time for engineering health: keep initiatives that pay down risk, toil or cost in the plan, or change the target in the settings.",
            });
        }
        if business < aim - 15.0 {
            return Some(OffTarget {
                reason: format!(
                    "The plan spends {:.0}% of its cost on engineering health and {business:.0}% on business work, against a target of {}.",
                    100.0 - business,
                    target.text()
                ),
                suggestion: "Check the work the business needs is in the plan and tagged business, or lower the business share in the settings.",
            });
        }
        let wanted = f64::from(target.learning);
        (wanted > 0.0 && learning < wanted / 2.0).then(|| OffTarget {
            reason: format!("Learning has {learning:.0}% of the plan's cost, against a target of {}%: no time is carved out to learn.", target.learning),
            suggestion: "Keep a spike or a proof of concept in the plan (link it to a key result, or give the learning theme an objective), or lower the learning share in the settings.",
        })
    }
}

/// Why a plan is far from its target split, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffTarget {
    pub reason: String,
    pub suggestion: &'static str,
}

impl Workshop {
    /// The tag an initiative counts under, and why.
    pub fn capacity_of(&self, i: &Initiative) -> (Capacity, TagFrom) {
        let theme = i.theme.and_then(|t| self.theme(t)).and_then(|t| self.theme_capacity(t));
        tag_of(i, theme)
    }

    /// A theme's tag: set by hand, or suggested by its words.
    pub fn theme_capacity(&self, theme: &Theme) -> Option<(Capacity, TagFrom)> {
        theme.capacity.map(|c| (c, TagFrom::Itself)).or_else(|| tag_from_words(theme).map(|c| (c, TagFrom::ThemeWords)))
    }

    /// The initiatives the split counts: those in the plan if there are any, else those in
    /// themes, else all that are not hidden by silent mode.
    pub fn capacity_basis(&self) -> (Basis, Vec<&Initiative>) {
        // Sets, so a large workshop costs a pass over its links, not one per initiative.
        let linked: foldhash::HashSet<super::InitiativeId> =
            self.objectives.iter().flat_map(|o| &o.key_results).flat_map(|k| k.initiatives.iter().copied()).collect();
        let themes: foldhash::HashSet<super::ThemeId> = self.objectives.iter().filter_map(|o| o.theme).collect();
        let planned: Vec<&Initiative> =
            self.initiatives.iter().filter(|i| linked.contains(&i.id) || i.theme.is_some_and(|t| themes.contains(&t))).collect();
        if !planned.is_empty() {
            return (Basis::Planned, planned);
        }
        let grouped: Vec<&Initiative> = self.initiatives.iter().filter(|i| i.theme.is_some()).collect();
        if !grouped.is_empty() {
            return (Basis::Grouped, grouped);
        }
        (Basis::All, self.initiatives.iter().filter(|i| !i.hidden).collect())
    }

    /// How the chosen initiatives divide the capacity by cost (size where cost is not scored).
    pub fn capacity_split(&self) -> CapacitySplit {
        let (basis, chosen) = self.capacity_basis();
        // Each theme's tag once, not once per initiative (its words are read each time).
        let themes: foldhash::HashMap<super::ThemeId, Option<(Capacity, TagFrom)>> =
            self.themes.iter().map(|t| (t.id, self.theme_capacity(t))).collect();
        let mut cost = [0u32; 3];
        let mut by_size = 0;
        for i in &chosen {
            let (tag, _) = tag_of(i, i.theme.and_then(|t| themes.get(&t).copied().flatten()));
            let c = i.cost.unwrap_or_else(|| {
                by_size += 1;
                cost_by_size(i.size)
            });
            cost[tag as usize] += u32::from(c);
        }
        CapacitySplit { cost, counted: chosen.len(), by_size, basis }
    }
}

/// The coach's one piece of advice about the capacity split, when the plan is far from
/// the target (see [`CapacitySplit::off_target`]).
pub(crate) fn findings(w: &Workshop) -> Vec<super::coach::Finding> {
    advice(w, &w.capacity_split())
}

/// The coach's advice on a split already counted.
pub(crate) fn advice(w: &Workshop, split: &CapacitySplit) -> Vec<super::coach::Finding> {
    split
        .off_target(&w.settings.capacity)
        .map(|off| super::coach::Finding::new("capacity-off-target", super::coach::Subject::Workshop, &off.reason).suggest(off.suggestion))
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Capture, Period, Workshop};
    use jiff::Timestamp;

    fn workshop() -> Workshop {
        Workshop::new("w", "", Period::parse("2027-Q1").expect("period"), Timestamp::UNIX_EPOCH)
    }

    fn idea(w: &mut Workshop, title: &str, source: InitiativeSource, cost: u8) -> crate::model::InitiativeId {
        let capture = Capture { title: title.into(), source, cost: Some(cost), ..Capture::default() };
        w.capture(&capture, Timestamp::UNIX_EPOCH).expect("captured")
    }

    #[test]
    fn tags_default_by_theme_then_source_and_can_be_set() {
        let mut w = workshop();
        let product = idea(&mut w, "Self-serve refunds", InitiativeSource::Product, 3);
        let principal = idea(&mut w, "Retire the old queue", InitiativeSource::PrincipalEngineer, 2);
        let spike = idea(&mut w, "Try Bazel", InitiativeSource::Team, 1);
        let learning = w.add_theme("Learning & spikes", "").expect("theme");
        w.assign_theme(spike, Some(learning));
        let of = |w: &Workshop, id| w.capacity_of(w.initiative(id).expect("idea"));
        assert_eq!(of(&w, product), (Capacity::Business, TagFrom::Source));
        assert_eq!(of(&w, principal), (Capacity::Health, TagFrom::Source));
        assert_eq!(of(&w, spike), (Capacity::Learning, TagFrom::ThemeWords));
        w.themes[0].capacity = Some(Capacity::Health);
        assert_eq!(of(&w, spike), (Capacity::Health, TagFrom::Theme));
        w.initiatives[0].capacity = Some(Capacity::Learning);
        assert_eq!(of(&w, product), (Capacity::Learning, TagFrom::Itself));
        assert_eq!(Capacity::cycle(None), Some(Capacity::Business));
        assert_eq!(Capacity::cycle(Some(Capacity::Learning)), None);
        assert_eq!(Capacity::parse("eng"), Some(Capacity::Health));
        assert_eq!(Capacity::parse("Learn"), Some(Capacity::Learning));
    }

    #[test]
    fn the_split_counts_cost_and_size_of_the_chosen_initiatives() {
        let mut w = workshop();
        let a = idea(&mut w, "Refunds", InitiativeSource::Product, 5);
        let b = idea(&mut w, "Faster CI", InitiativeSource::PrincipalEngineer, 3);
        let c = w.capture(&Capture { title: "Spike".into(), size: Size::Large, ..Capture::default() }, Timestamp::UNIX_EPOCH).expect("c");
        w.initiatives[2].capacity = Some(Capacity::Learning);
        let split = w.capacity_split();
        assert_eq!((split.basis, split.counted, split.by_size, split.cost), (Basis::All, 3, 1, [5, 3, 4]));
        let theme = w.add_theme("Payments", "").expect("theme");
        w.assign_theme(a, Some(theme));
        w.assign_theme(b, Some(theme));
        let split = w.capacity_split();
        assert_eq!((split.basis, split.counted, split.cost), (Basis::Grouped, 2, [5, 3, 0]));
        assert_eq!(split.text(), "63% business · 37% health (0% learning)");
        assert_eq!(w.initiative(c).map(|i| w.capacity_of(i)), Some((Capacity::Learning, TagFrom::Itself)));
    }

    #[test]
    fn the_coach_speaks_only_when_the_plan_is_far_from_the_target() {
        let target = CapacityTarget::default();
        let split = |cost: [u32; 3]| CapacitySplit { cost, counted: 5, by_size: 0, basis: Basis::Planned };
        assert_eq!(split([70, 20, 10]).off_target(&target), None);
        let far = split([18, 2, 0]).off_target(&target).expect("far").reason;
        assert!(far.starts_with("The plan spends 90% of its cost on business work and 10% on engineering health"), "{far}");
        let low = split([5, 15, 0]).off_target(&target).expect("too little business");
        assert!(low.reason.starts_with("The plan spends 75% of its cost on engineering health and 25% on business"), "{}", low.reason);
        assert!(low.suggestion.contains("tagged business"));
        let none = split([70, 30, 0]).off_target(&target).expect("no learning").reason;
        assert!(none.contains("Learning has 0%"), "{none}");
        assert_eq!(CapacitySplit { counted: 2, ..split([18, 2, 0]) }.off_target(&target), None, "too few to judge");
    }

    #[test]
    fn targets_read_as_people_write_them() {
        assert_eq!(CapacityTarget::parse("70/30").map(|t| (t.business, t.learning)), Ok((70, 10)));
        assert_eq!(CapacityTarget::parse("60/40, learning 15").map(|t| (t.business, t.learning)), Ok((60, 15)));
        assert_eq!(CapacityTarget::parse("80 learning 5").map(|t| (t.business, t.learning)), Ok((80, 5)));
        assert_eq!(CapacityTarget::parse("95").map(|t| (t.business, t.learning)), Ok((95, 5)), "learning fits inside health");
        assert!(CapacityTarget::parse("70/40").is_err());
        assert!(CapacityTarget::parse("70/30/40").is_err());
        assert_eq!(CapacityTarget::default().text(), "70/30, learning 10");
    }
}
