//! Every check the coach makes: its code, its weight, what it catches, an example that
//! triggers it and the fix. Findings take their severity and default suggestion from here,
//! the README's table is generated from here (a test keeps them equal), and a test runs each
//! text example through the coach to prove it still triggers its code.

use super::Severity;

/// What a check reads, and so how its example is tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One objective's text (`check --objective`): the example is such a text.
    ObjectiveText,
    /// One key result's text (`check --key-result`): the example is such a text.
    KeyResultText,
    /// A key result's text and its baseline, target and unit fields.
    KeyResultFields,
    /// The workshop as a whole: the example describes a situation.
    Workshop,
}

/// One check of the coach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Check {
    /// Stable: dismissals and CI scripts refer to it.
    pub code: &'static str,
    pub severity: Severity,
    pub scope: Scope,
    /// What it catches, in a few words.
    pub catches: &'static str,
    /// An example that triggers it.
    pub example: &'static str,
    /// What to do; also the finding's suggestion where no more specific one applies.
    pub fix: &'static str,
}

const fn check(
    code: &'static str,
    severity: Severity,
    scope: Scope,
    catches: &'static str,
    example: &'static str,
    fix: &'static str,
) -> Check {
    Check { code, severity, scope, catches, example, fix }
}

use Scope::{KeyResultFields, KeyResultText, ObjectiveText, Workshop};
use Severity::{Advice, Warning};

/// Every check, in the order the README lists them.
pub const CHECKS: &[Check] = &[
    check(
        "objective-task",
        Warning,
        ObjectiveText,
        "An objective phrased as a task or deliverable",
        "Migrate to the new database",
        "Describe the brighter future once the work is done; the work itself becomes an initiative.",
    ),
    check(
        "objective-numbers",
        Advice,
        ObjectiveText,
        "Numbers in an objective: targets belong in key results",
        "Reach 99.95% checkout availability",
        "Keep the objective qualitative and inspiring; move the number into a key result.",
    ),
    check(
        "objective-long",
        Advice,
        ObjectiveText,
        "An objective too long to remember",
        "Make sure that every single engineer on every one of our product teams can always see the effect of each change they make quickly",
        "Aim for fewer than about 18 words; put the why in the rationale.",
    ),
    check(
        "kr-output-verb",
        Warning,
        KeyResultText,
        "A key result that states work to do, not a change it causes",
        "Complete the migration",
        "Ask what gets better once it is done and measure that; the work becomes an initiative.",
    ),
    check(
        "kr-activity-metric",
        Warning,
        KeyResultText,
        "Counting activity (reviews, meetings, game days, talks, trainings), even \"from X to Y\"",
        "Increase code reviews from 800 to 1200 per sprint",
        "Measure the change the activity should cause.",
    ),
    check(
        "kr-output-metric",
        Warning,
        KeyResultText,
        "Counting output (features, runbooks, tests, dashboards, migrated services)",
        "Raise the number of runbooks from 10 to 40",
        "Measure the user or system metric the output should move.",
    ),
    check(
        "kr-input-metric",
        Warning,
        KeyResultText,
        "Counting input (headcount, hires, hours, budget)",
        "Increase engineers hired from 0 to 10",
        "Measure what the people, hours or money should make possible.",
    ),
    check(
        "kr-vanity-metric",
        Warning,
        KeyResultText,
        "A vanity metric (number of deployments, commits, story points, stars)",
        "Increase the number of deployments from 200 to 400 per month",
        "Measure a metric that only moves when users or the system are better off.",
    ),
    check(
        "kr-unmeasurable",
        Warning,
        KeyResultText,
        "No number at all",
        "Improve checkout reliability",
        "Name the metric, where it is today and where it should be: \"from X to Y\".",
    ),
    check(
        "kr-no-target",
        Warning,
        KeyResultText,
        "A baseline without a target",
        "Reduce P1 incidents from 4 per quarter",
        "Add the value that would mean success: \"from X to Y\".",
    ),
    check(
        "kr-no-baseline",
        Advice,
        KeyResultText,
        "A target, threshold or relative change without today's value",
        "Reduce rollback rate to under 1%",
        "Record the baseline at the first check-in, or write it: \"from X to Y\".",
    ),
    check(
        "kr-maintain-no-level",
        Warning,
        KeyResultText,
        "A level to hold that does not say which level",
        "Maintain current availability",
        "State the level to hold, e.g. \"at or above 99.9%\".",
    ),
    check(
        "kr-direction",
        Warning,
        KeyResultText,
        "A verb whose direction the numbers contradict",
        "Reduce MTTR from 2 to 30 minutes",
        "Swap the numbers or the verb, and check the units: \"from 2 hours to 30 minutes\".",
    ),
    check(
        "kr-mixed-units",
        Warning,
        KeyResultText,
        "A baseline and a target in units that cannot be compared",
        "Reduce MTTR from 4 hours to 95%",
        "Write both numbers in one unit.",
    ),
    check(
        "kr-unreadable-number",
        Warning,
        KeyResultText,
        "A number that cannot be read one way (\"1,5\", \"1e308\")",
        "Cut p95 from 1,5 s to 0.8 s",
        "Write decimals with a point (1.5) and group thousands in threes (1,500).",
    ),
    check(
        "kr-flat",
        Warning,
        KeyResultText,
        "Baseline equal to target",
        "Keep availability from 99.9% to 99.9%",
        "Set a target that differs from today's value, or state a level to hold: \"keep availability at or above 99.9%\".",
    ),
    check(
        "kr-text-disagrees",
        Warning,
        KeyResultFields,
        "Numbers in the text that differ from the baseline and target fields",
        "\"Cut p95 from 800 ms to 300 ms\" with a target field of 450",
        "Make the text and the fields say the same, so progress is computed from what everyone reads.",
    ),
    check(
        "kr-no-unit",
        Advice,
        KeyResultFields,
        "A metric without a unit",
        "Baseline 4, target 0, no unit and none in the text",
        "Name the unit, e.g. \"P1 incidents/month\", \"minutes\" or \"%\".",
    ),
    check(
        "kr-empty",
        Warning,
        KeyResultFields,
        "A key result with no description",
        "A key result saved with an empty description",
        "Say what changes and by how much: \"from X to Y\".",
    ),
    check(
        "kr-without-owner",
        Advice,
        KeyResultFields,
        "A key result nobody owns",
        "A key result with no owner",
        "Name one or more owners; ownership can be shared.",
    ),
    check(
        "too-many-objectives",
        Warning,
        Workshop,
        "More objectives than the limit (5 by default)",
        "7 objectives in one period",
        "Keep the objectives the team would defend in a trade-off; the rest can wait for next period.",
    ),
    check(
        "too-few-objectives",
        Advice,
        Workshop,
        "Fewer objectives than the minimum (3 by default)",
        "1 objective in one period",
        "Check whether another theme's problem deserves an objective of its own.",
    ),
    check(
        "objective-empty",
        Warning,
        Workshop,
        "An objective with no text",
        "An objective saved with an empty title",
        "Describe the brighter future where the theme's problem is solved.",
    ),
    check(
        "objective-without-key-results",
        Warning,
        Workshop,
        "An objective with no key results",
        "An objective with none",
        "Add measurable outcomes, each \"from X to Y\".",
    ),
    check(
        "kr-count",
        Warning,
        Workshop,
        "Fewer or more key results than the limits (2 to 4 by default)",
        "An objective with 1 or 6 key results",
        "Keep a few key results that prove the objective from different angles.",
    ),
    check(
        "milestones-only",
        Warning,
        Workshop,
        "An objective whose key results are all milestones",
        "\"Launch the status page\" as its only key result",
        "Add a metric that shows the milestones made a difference.",
    ),
    check(
        "kr-one-dimension",
        Advice,
        Workshop,
        "Key results that all measure one dimension",
        "P1 incidents 4 → 0 and P2 incidents 10 → 5",
        "Mix dimensions, e.g. incident frequency, recovery time and availability.",
    ),
    check(
        "objective-without-initiatives",
        Advice,
        Workshop,
        "An objective no initiative drives",
        "An objective without a theme or linked initiatives",
        "Give it a theme with initiatives, or link initiatives to its key results.",
    ),
    check(
        "theme-without-objective",
        Warning,
        Workshop,
        "A theme whose initiatives serve no objective",
        "A theme \"Learning\" with no objective",
        "Ask what broader problem these initiatives solve and write that as its objective, or fold the theme into another.",
    ),
    check(
        "initiative-unlinked",
        Advice,
        Workshop,
        "An initiative that drives no key result",
        "An initiative linked to nothing",
        "Link it to the key result it moves, or ask whether it belongs in this period.",
    ),
    check(
        "capacity-off-target",
        Advice,
        Workshop,
        "A plan whose cost is far from the target capacity split (business, engineering health, learning)",
        "90% of the planned cost on business work against a target of 70/30",
        "Bring the plan nearer the split the team set: change which initiatives are in it, correct their tags, or change the target in the settings.",
    ),
    check(
        "kr-dependency-missing",
        Warning,
        Workshop,
        "A dependency on a key result no longer in the data folder",
        "Depends on another team's key result that was deleted",
        "Ask the other team what replaced it and depend on that, or remove the dependency.",
    ),
    check(
        "kr-dependency-ended",
        Warning,
        Workshop,
        "A dependency on a key result whose period or due date is over",
        "Depends on a key result of last quarter",
        "Depend on the key result that carries it on this period, or remove the dependency.",
    ),
    check(
        "link-missing",
        Warning,
        Workshop,
        "A link to an item that is not in the workshop (a hand edit, or a git merge without Quarterdeck's driver)",
        "A key result linked to initiative I7F3Q2M9, which was deleted",
        "Restore the missing item from a backup (home, then b), or remove the id from the file by hand.",
    ),
];

/// The check with `code`. Every code the coach reports is in [`CHECKS`] (tested), so an
/// unknown code is a bug; it gets a neutral stand-in rather than a panic.
pub fn check_of(code: &str) -> &'static Check {
    const UNKNOWN: Check = check("unknown", Advice, Workshop, "", "", "");
    CHECKS.iter().find(|c| c.code == code).unwrap_or(&UNKNOWN)
}

/// The table of every check, as Markdown, for the README.
pub fn checks_markdown() -> String {
    let cell = |s: &str| s.replace('|', "\\|");
    let mut out = String::from("| code | weight | what it catches | example that triggers it | the fix |\n|---|---|---|---|---|\n");
    for c in CHECKS {
        use std::fmt::Write as _;
        let example = match c.scope {
            ObjectiveText | KeyResultText => format!("\"{}\"", c.example.replace('"', "'")),
            KeyResultFields | Workshop => c.example.to_string(),
        };
        let _ = writeln!(out, "| `{}` | {} | {} | {} | {} |", c.code, c.severity.label(), cell(c.catches), cell(&example), cell(c.fix));
    }
    out
}
