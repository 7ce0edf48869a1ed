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
    /// Back out: close the overlay, leave the list, or go home from a step.
    Back,
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
    TimerToggle,
    TimerReset,
    TimerMore,
    TimerLess,
}

impl Action {
    /// One short phrase, shown in the footer and the help overlay.
    pub fn description(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Help => "help: all keys here",
            Action::Undo => "undo",
            Action::Redo => "redo",
            Action::GoToStep(step) => step.title(),
            Action::NextStep => "next step",
            Action::PrevStep => "previous step",
            Action::Back => "back",
            Action::Up => "up",
            Action::Down => "down",
            Action::PageUp => "page up",
            Action::PageDown => "page down",
            Action::Top => "first",
            Action::Bottom => "last",
            Action::Open => "open",
            Action::Filter => "filter",
            Action::Settings => "workshop settings",
            Action::TogglePresent => "present mode",
            Action::CycleTheme => "colour theme",
            Action::NewWorkshop => "new workshop",
            Action::RenameWorkshop => "rename",
            Action::CarryOver => "carry over to next period",
            Action::DeleteWorkshop => "delete (to trash)",
            Action::ShowTrash => "trash",
            Action::ShowBackups => "backups",
            Action::Submit => "save",
            Action::NextField => "next field",
            Action::PrevField => "previous field",
            Action::Yes => "yes",
            Action::No => "no",
            Action::Import => "import a backlog file",
            Action::DeclareBankruptcy => "declare bankruptcy",
            Action::Rescue => "rescue: reframe as an initiative",
            Action::Complete => "complete the path",
            Action::CycleFormat => "format: auto or forced",
            Action::ClearFilter => "clear the filter",
            Action::Capture => "add ideas",
            Action::Add => "add, and type the next",
            Action::Edit => "edit",
            Action::Delete => "delete (u undoes)",
            Action::ToggleSilent => "silent mode / reveal",
            Action::Sort => "sort: time, author, size",
            Action::NextCard => "prompt card",
            Action::Participants => "participants",
            Action::MergeProposals => "merge proposals",
            Action::NextAuthor => "next author",
            Action::PrevAuthor => "previous author",
            Action::Author(0) => "anonymous",
            Action::Author(_) => "author by number",
            Action::CycleSize => "size",
            Action::CycleSource => "source",
            Action::Describe => "add with a description",
            Action::TimerToggle => "timer: start, pause, resume",
            Action::TimerReset => "timer: reset",
            Action::TimerMore => "timer: one minute more",
            Action::TimerLess => "timer: one minute less",
        }
    }
}
