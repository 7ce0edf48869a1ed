//! Every user intent: keys resolve to an `Action` through the keymap and nothing else.
//! `update` consumes actions; help and footer hints read their descriptions.

use crate::model::Step;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    Help,
    Undo,
    Redo,
    GoToStep(Step),
    NextStep,
    PrevStep,
    /// Back out: close the overlay, clear the filter, return to the step's first view; at
    /// the top of a step it asks before leaving the workshop.
    Back,
    /// Leave the workshop for home (everything is saved).
    Home,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Open or confirm the selected thing.
    Open,
    Filter,
    Settings,
    TogglePresent,
    CycleTheme,
    NewWorkshop,
    RenameWorkshop,
    CarryOver,
    DeleteWorkshop,
    ShowTrash,
    ShowBackups,
    Submit,
    /// A new line in a multi-line field.
    NewLine,
    NextField,
    PrevField,
    Yes,
    No,
    /// Import a backlog file.
    Import,
    DeclareBankruptcy,
    /// Reframe the selected shelved item as a new initiative.
    Rescue,
    /// Complete the path being typed.
    Complete,
    /// Cycle the import format (auto-detect, then each format).
    CycleFormat,
    /// Clear the list filter.
    ClearFilter,
    /// Open the capture line.
    Capture,
    /// Add what the capture line holds (it stays open).
    Add,
    Edit,
    Delete,
    ToggleSilent,
    Sort,
    NextCard,
    Participants,
    MergeProposals,
    NextAuthor,
    PrevAuthor,
    /// Author by number: 0 is anonymous, 1… the participants in order.
    Author(u8),
    CycleSize,
    CycleSource,
    /// Add a description to the idea being captured.
    Describe,
    /// Keep the size and source for the next ideas too (else each starts small, team).
    Pin,
    TimerToggle,
    TimerReset,
    TimerMore,
    TimerLess,
    /// Step 3: the next or previous of its views (score, matrix, vote, themes).
    NextView,
    PrevView,
    /// The digits set impact / cost.
    ScoreImpact,
    ScoreCost,
    /// Set the focused score (0 clears it).
    SetScore(u8),
    /// Start and stop typing scores (the digits score instead of switching steps).
    StartScoring,
    StopScoring,
    NextVoter,
    PrevVoter,
    VoteUp,
    VoteDown,
    ClearVotes,
    /// Start a secret round of dot voting, or reveal it.
    SecretVote,
    /// Start a round of private impact/cost scoring in the room, or reveal its averages.
    ScoreRound,
    ColumnLeft,
    ColumnRight,
    /// Move the selected initiative to the next column, or within its column.
    MoveLeft,
    MoveRight,
    MoveUp,
    MoveDown,
    NewTheme,
    EditTheme,
    ThemeLeft,
    ThemeRight,
    MergeTheme,
    DeleteTheme,
    SuggestThemes,
    /// Send the selected card to theme N (0 is Ungrouped), the board's numbered columns.
    SendToTheme(u8),
    /// Mark a card, then merge its duplicate into it (both authors and all votes kept).
    MergeIdeas,
    NewObjective,
    AddKeyResult,
    /// Tick the initiatives that drive the selected key result.
    Link,
    /// Dismiss the coach's finding about the selected item, with a reason.
    Dismiss,
    /// Select the next item the coach has a finding about.
    NextFinding,
    /// Tick or untick in a checklist.
    Toggle,
    PrevWeek,
    NextWeek,
    ThisWeek,
    /// Show end-of-period scores instead of statuses.
    ToggleScores,
    CheckIn,
    WeeklyNote,
    Adjust,
    /// Score a key result, or write an objective's learnings.
    Score,
    CarryOverChosen,
    /// Show the merge record: fields changed in two places at once, kept and set aside.
    MergeRecord,
    /// Show the selected item enlarged for the room.
    Focus,
    /// Export the OKR document (Markdown), the check-ins (CSV) or the workshop (JSON).
    Export,
    /// Step 3: tag the selected initiative business, engineering health or learning (or back
    /// to its theme's and source's).
    TagCapacity,
    /// Step 4: add a health metric, a level the team keeps beside its OKRs.
    NewHealthMetric,
    /// Step 4: pick the key results of other workshops the selected one depends on.
    DependOn,
    /// Step 4: accept the selected proposed key result or objective.
    Accept,
    /// Step 5: record this week's readings of the health metrics.
    HealthCheckIn,
    /// Step 5: run this week's meeting, part by part.
    StartMeeting,
    NextPart,
    PrevPart,
    /// A key result's picture: values against the pace line, confidence, notes.
    KeyResultDetail,
    /// The selected initiative's next status (not started, in progress, done, dropped).
    InitiativeStatus,
    /// Show or hide the initiatives under each key result.
    ToggleInitiatives,
    /// The week's digest: a short Markdown summary to paste into chat or a wiki.
    Digest,
    /// The monthly review: the month's trend, and keep, adjust or drop per key result.
    MonthlyReview,
    /// Last week's commitment was done, or not, or not and goes on this week.
    MarkDone,
    MarkNotDone,
    CarryCommitment,
    AddCommitment,
    /// A confidence vote by digit: 1–9, and 0 for 10.
    Vote(u8),
    /// This voter is done: their other votes stay as they were last time.
    EndTurn,
    /// This participant is not here: on to the next.
    SkipVoter,
    /// A participant's secret dots are final (they may still change them until the reveal).
    CastBallot,
    /// A participant's private scores are final (they may still change them until the reveal).
    DoneScoring,
    /// Take back the last vote.
    TakeBackVote,
    /// Show every vote at once.
    Reveal,
    /// Monthly review: keep the key result as it is, or drop it (with a reason).
    Keep,
    DropKeyResult,
    /// Show the whole error of the last failed save.
    WhyNotSaved,
}

/// Every action but the numbered ones: its name in the key config (`keys.toml`, the
/// variant in snake case) and the short phrase the footer and the help overlay show.
const TABLE: &[(Action, &str, &str)] = &[
    (Action::Quit, "quit", "quit"),
    (Action::Help, "help", "help: all keys here"),
    (Action::Undo, "undo", "undo"),
    (Action::Redo, "redo", "redo"),
    (Action::NextStep, "next_step", "next step"),
    (Action::PrevStep, "prev_step", "previous step"),
    (Action::Back, "back", "back"),
    (Action::Home, "home", "home: leave the workshop"),
    (Action::Up, "up", "up"),
    (Action::Down, "down", "down"),
    (Action::PageUp, "page_up", "page up"),
    (Action::PageDown, "page_down", "page down"),
    (Action::Top, "top", "first"),
    (Action::Bottom, "bottom", "last"),
    (Action::Open, "open", "open"),
    (Action::Filter, "filter", "filter"),
    (Action::Settings, "settings", "workshop settings"),
    (Action::TogglePresent, "toggle_present", "present mode"),
    (Action::CycleTheme, "cycle_theme", "colour theme"),
    (Action::NewWorkshop, "new_workshop", "new workshop"),
    (Action::RenameWorkshop, "rename_workshop", "rename"),
    (Action::CarryOver, "carry_over", "carry over to next period"),
    (Action::DeleteWorkshop, "delete_workshop", "delete (to trash)"),
    (Action::ShowTrash, "show_trash", "trash"),
    (Action::ShowBackups, "show_backups", "backups"),
    (Action::MergeRecord, "merge_record", "merge record: changes made in two places"),
    (Action::Submit, "submit", "save"),
    (Action::NewLine, "new_line", "new line"),
    (Action::NextField, "next_field", "next field"),
    (Action::PrevField, "prev_field", "previous field"),
    (Action::Yes, "yes", "yes"),
    (Action::No, "no", "no"),
    (Action::Import, "import", "import a backlog file"),
    (Action::DeclareBankruptcy, "declare_bankruptcy", "declare bankruptcy"),
    (Action::Rescue, "rescue", "rescue: reframe as an initiative"),
    (Action::Complete, "complete", "complete the path"),
    (Action::CycleFormat, "cycle_format", "format: auto or forced"),
    (Action::ClearFilter, "clear_filter", "clear the filter"),
    (Action::Capture, "capture", "add ideas"),
    (Action::Add, "add", "add, and type the next"),
    (Action::Edit, "edit", "edit"),
    (Action::Delete, "delete", "delete (undo brings it back)"),
    (Action::ToggleSilent, "toggle_silent", "silent mode / reveal"),
    (Action::Sort, "sort", "sort: time, author, size"),
    (Action::NextCard, "next_card", "prompt card"),
    (Action::Participants, "participants", "participants"),
    (Action::MergeProposals, "merge_proposals", "merge proposals"),
    (Action::NextAuthor, "next_author", "next author"),
    (Action::PrevAuthor, "prev_author", "previous author"),
    (Action::CycleSize, "cycle_size", "size"),
    (Action::CycleSource, "cycle_source", "source"),
    (Action::Describe, "describe", "add with a description"),
    (Action::Pin, "pin", "pin size and source for the next ideas"),
    (Action::TimerToggle, "timer_toggle", "timer: start, pause, resume"),
    (Action::TimerReset, "timer_reset", "timer: reset"),
    (Action::TimerMore, "timer_more", "timer: one minute more"),
    (Action::TimerLess, "timer_less", "timer: one minute less"),
    (Action::NextView, "next_view", "next view: score, matrix, vote, themes"),
    (Action::PrevView, "prev_view", "previous view"),
    (Action::ScoreImpact, "score_impact", "digits set impact"),
    (Action::ScoreCost, "score_cost", "digits set cost"),
    (Action::StartScoring, "start_scoring", "start scoring: digits set impact, then cost"),
    (Action::StopScoring, "stop_scoring", "stop scoring"),
    (Action::NextVoter, "next_voter", "next voter"),
    (Action::PrevVoter, "prev_voter", "previous voter"),
    (Action::VoteUp, "vote_up", "vote"),
    (Action::VoteDown, "vote_down", "take a vote back"),
    (Action::ClearVotes, "clear_votes", "clear all votes (undo brings them back)"),
    (Action::SecretVote, "secret_vote", "secret round: start / reveal"),
    (Action::ScoreRound, "score_round", "private scoring in the room: start / reveal"),
    (Action::ColumnLeft, "column_left", "column left"),
    (Action::ColumnRight, "column_right", "column right"),
    (Action::MoveLeft, "move_left", "move idea to the left column"),
    (Action::MoveRight, "move_right", "move idea to the right column"),
    (Action::MoveUp, "move_up", "move idea up"),
    (Action::MoveDown, "move_down", "move idea down"),
    (Action::NewTheme, "new_theme", "new theme"),
    (Action::EditTheme, "edit_theme", "rename / describe theme"),
    (Action::ThemeLeft, "theme_left", "move theme left"),
    (Action::ThemeRight, "theme_right", "move theme right"),
    (Action::MergeTheme, "merge_theme", "merge into the theme on the left"),
    (Action::DeleteTheme, "delete_theme", "delete theme"),
    (Action::SuggestThemes, "suggest_themes", "suggest themes"),
    (Action::MergeIdeas, "merge_ideas", "merge two duplicate ideas"),
    (Action::NewObjective, "new_objective", "new objective"),
    (Action::AddKeyResult, "add_key_result", "add a key result"),
    (Action::Link, "link", "link initiatives"),
    (Action::Dismiss, "dismiss", "dismiss a finding (with why)"),
    (Action::NextFinding, "next_finding", "next finding: select what the coach is about"),
    (Action::Toggle, "toggle", "tick"),
    (Action::PrevWeek, "prev_week", "previous week"),
    (Action::NextWeek, "next_week", "next week"),
    (Action::ThisWeek, "this_week", "this week"),
    (Action::ToggleScores, "toggle_scores", "end of period: scores"),
    (Action::CheckIn, "check_in", "check in"),
    (Action::WeeklyNote, "weekly_note", "week's notes"),
    (Action::Adjust, "adjust", "adjust (with a reason)"),
    (Action::Score, "score", "score / learnings"),
    (Action::CarryOverChosen, "carry_over_chosen", "carry over to the next period"),
    (Action::Focus, "focus", "focus: show it enlarged"),
    (Action::Export, "export", "export: Markdown, CSV, JSON"),
    (Action::TagCapacity, "tag_capacity", "tag: business, health, learning"),
    (Action::NewHealthMetric, "new_health_metric", "add a health metric"),
    (Action::DependOn, "depend_on", "depends on another team's key result"),
    (Action::Accept, "accept", "accept a proposed one"),
    (Action::HealthCheckIn, "health_check_in", "health metrics: this week's readings"),
    (Action::StartMeeting, "start_meeting", "meeting: run this week's review"),
    (Action::NextPart, "next_part", "next part"),
    (Action::PrevPart, "prev_part", "previous part"),
    (Action::KeyResultDetail, "key_result_detail", "detail: chart, confidence, notes"),
    (Action::InitiativeStatus, "initiative_status", "initiative: next status"),
    (Action::ToggleInitiatives, "toggle_initiatives", "initiatives: show / hide"),
    (Action::Digest, "digest", "digest of the week"),
    (Action::MonthlyReview, "monthly_review", "monthly review"),
    (Action::MarkDone, "mark_done", "done"),
    (Action::MarkNotDone, "mark_not_done", "not done"),
    (Action::CarryCommitment, "carry_commitment", "not done: carry into this week"),
    (Action::AddCommitment, "add_commitment", "add a commitment"),
    (Action::EndTurn, "end_turn", "done: keep my other votes"),
    (Action::SkipVoter, "skip_voter", "skip: not here"),
    (Action::CastBallot, "cast_ballot", "done: my dots are final"),
    (Action::DoneScoring, "done_scoring", "done: my scores are final"),
    (Action::TakeBackVote, "take_back_vote", "take back a vote"),
    (Action::Reveal, "reveal", "reveal all votes"),
    (Action::Keep, "keep", "keep"),
    (Action::DropKeyResult, "drop_key_result", "drop (with a reason)"),
    (Action::WhyNotSaved, "why_not_saved", "why changes are not saved"),
];

impl Action {
    /// Every action, numbered ones included (each step, each score, each author).
    pub fn all() -> impl Iterator<Item = Action> {
        let steps = Step::ALL.into_iter().map(Action::GoToStep);
        let scores = (0..=5).map(Action::SetScore);
        let authors = (0..=9).map(Action::Author);
        let themes = (0..=9).map(Action::SendToTheme);
        let votes = (0..=9).map(Action::Vote);
        TABLE.iter().map(|(a, ..)| *a).chain(steps).chain(scores).chain(authors).chain(themes).chain(votes)
    }

    /// The action's stable name in the key config (`keys.toml`): the variant in snake case,
    /// with the number for the numbered ones: `next_step`, `go_to_step_3`, `set_score_0`, `author_7`.
    pub fn name(self) -> String {
        match self {
            Action::GoToStep(step) => format!("go_to_step_{}", step.number()),
            Action::SetScore(n) => format!("set_score_{n}"),
            Action::Author(n) => format!("author_{n}"),
            Action::SendToTheme(n) => format!("send_to_theme_{n}"),
            Action::Vote(n) => format!("vote_{n}"),
            plain => TABLE.iter().find(|(a, ..)| *a == plain).map_or_else(String::new, |(_, name, _)| (*name).to_string()),
        }
    }

    /// The action a config name stands for (see [`Action::name`]); `None` for unknown names.
    pub fn from_name(name: &str) -> Option<Action> {
        let number = |prefix: &str, max: u8| {
            name.strip_prefix(prefix).and_then(|n| n.parse::<u8>().ok()).filter(|n| *n <= max && name.len() == prefix.len() + 1)
        };
        if let Some(n) = number("go_to_step_", 5) {
            return Step::from_number(usize::from(n)).map(Action::GoToStep);
        }
        if let Some(n) = number("set_score_", 5) {
            return Some(Action::SetScore(n));
        }
        if let Some(n) = number("author_", 9) {
            return Some(Action::Author(n));
        }
        if let Some(n) = number("send_to_theme_", 9) {
            return Some(Action::SendToTheme(n));
        }
        if let Some(n) = number("vote_", 9) {
            return Some(Action::Vote(n));
        }
        TABLE.iter().find(|(_, n, _)| *n == name).map(|(a, ..)| *a)
    }

    /// One short phrase, shown in the footer and the help overlay.
    pub fn description(self) -> &'static str {
        match self {
            Action::GoToStep(step) => step.title(),
            Action::SetScore(0) => "clear the score",
            Action::SetScore(_) => "score 1–5",
            Action::Author(0) => "anonymous",
            Action::Author(_) => "author by number",
            Action::SendToTheme(0) => "send the card back to Ungrouped",
            Action::SendToTheme(_) => "send the card to theme N",
            Action::Vote(0) => "confidence 10",
            Action::Vote(_) => "confidence 1–9",
            plain => TABLE.iter().find(|(a, ..)| *a == plain).map_or("", |(.., d)| d),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A number per variant; the match has no wildcard, so a new variant must be added here
    /// (and then to `TABLE`, or the test below fails). A list, one line a variant.
    #[allow(clippy::too_many_lines)]
    fn variant(action: Action) -> usize {
        match action {
            Action::Quit => 0,
            Action::Help => 1,
            Action::Undo => 2,
            Action::Redo => 3,
            Action::GoToStep(_) => 4,
            Action::NextStep => 5,
            Action::PrevStep => 6,
            Action::Back => 7,
            Action::Up => 8,
            Action::Down => 9,
            Action::PageUp => 10,
            Action::PageDown => 11,
            Action::Top => 12,
            Action::Bottom => 13,
            Action::Open => 14,
            Action::Filter => 15,
            Action::Settings => 16,
            Action::TogglePresent => 17,
            Action::CycleTheme => 18,
            Action::NewWorkshop => 19,
            Action::RenameWorkshop => 20,
            Action::CarryOver => 21,
            Action::DeleteWorkshop => 22,
            Action::ShowTrash => 23,
            Action::ShowBackups => 24,
            Action::Submit => 25,
            Action::NewLine => 26,
            Action::NextField => 27,
            Action::PrevField => 28,
            Action::Yes => 29,
            Action::No => 30,
            Action::Import => 31,
            Action::DeclareBankruptcy => 32,
            Action::Rescue => 33,
            Action::Complete => 34,
            Action::CycleFormat => 35,
            Action::ClearFilter => 36,
            Action::Capture => 37,
            Action::Add => 38,
            Action::Edit => 39,
            Action::Delete => 40,
            Action::ToggleSilent => 41,
            Action::Sort => 42,
            Action::NextCard => 43,
            Action::Participants => 44,
            Action::MergeProposals => 45,
            Action::NextAuthor => 46,
            Action::PrevAuthor => 47,
            Action::Author(_) => 48,
            Action::CycleSize => 49,
            Action::CycleSource => 50,
            Action::Describe => 51,
            Action::TimerToggle => 52,
            Action::TimerReset => 53,
            Action::TimerMore => 54,
            Action::TimerLess => 55,
            Action::NextView => 56,
            Action::PrevView => 57,
            Action::ScoreImpact => 58,
            Action::ScoreCost => 59,
            Action::SetScore(_) => 60,
            Action::StartScoring => 61,
            Action::StopScoring => 62,
            Action::NextVoter => 63,
            Action::PrevVoter => 64,
            Action::VoteUp => 65,
            Action::VoteDown => 66,
            Action::ClearVotes => 67,
            Action::ColumnLeft => 68,
            Action::ColumnRight => 69,
            Action::MoveLeft => 70,
            Action::MoveRight => 71,
            Action::MoveUp => 72,
            Action::MoveDown => 73,
            Action::NewTheme => 74,
            Action::EditTheme => 75,
            Action::ThemeLeft => 76,
            Action::ThemeRight => 77,
            Action::MergeTheme => 78,
            Action::DeleteTheme => 79,
            Action::SuggestThemes => 80,
            Action::NewObjective => 81,
            Action::AddKeyResult => 82,
            Action::Link => 83,
            Action::Dismiss => 84,
            Action::Toggle => 85,
            Action::PrevWeek => 86,
            Action::NextWeek => 87,
            Action::ThisWeek => 88,
            Action::ToggleScores => 89,
            Action::CheckIn => 90,
            Action::WeeklyNote => 91,
            Action::Adjust => 92,
            Action::Score => 93,
            Action::CarryOverChosen => 94,
            Action::Focus => 95,
            Action::Export => 96,
            Action::TagCapacity => 97,
            Action::NewHealthMetric => 98,
            Action::DependOn => 99,
            Action::Accept => 100,
            Action::HealthCheckIn => 101,
            Action::MergeRecord => 102,
            Action::NextFinding => 103,
            Action::WhyNotSaved => 104,
            Action::StartMeeting => 105,
            Action::NextPart => 106,
            Action::PrevPart => 107,
            Action::KeyResultDetail => 108,
            Action::InitiativeStatus => 109,
            Action::ToggleInitiatives => 110,
            Action::Digest => 111,
            Action::MonthlyReview => 112,
            Action::MarkDone => 113,
            Action::MarkNotDone => 114,
            Action::CarryCommitment => 115,
            Action::AddCommitment => 116,
            Action::Vote(_) => 117,
            Action::EndTurn => 118,
            Action::SkipVoter => 119,
            Action::TakeBackVote => 120,
            Action::Reveal => 121,
            Action::Keep => 122,
            Action::DropKeyResult => 123,
            Action::Home => 124,
            Action::Pin => 125,
            Action::SecretVote => 126,
            Action::SendToTheme(_) => 127,
            Action::MergeIdeas => 128,
            Action::CastBallot => 129,
            Action::ScoreRound => 130,
            Action::DoneScoring => 131,
        }
    }

    #[test]
    fn every_variant_has_a_name_and_a_phrase() {
        let mut seen = std::collections::BTreeSet::new();
        for action in Action::all() {
            seen.insert(variant(action));
            assert!(!action.name().is_empty() && !action.description().is_empty(), "{action:?}");
            assert_eq!(Action::from_name(&action.name()), Some(action));
        }
        assert_eq!(seen.len(), 132, "every variant is in Action::all()");
        assert_eq!(Action::all().count(), TABLE.len() + 5 + 6 + 10 + 10 + 10);
    }
}
