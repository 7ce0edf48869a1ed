//! The contexts a key is looked up in: one table per screen, dialog or part, each with
//! the chain of tables it falls back on (in `Keymap::chain`).

/// Where the keyboard focus is; each has its own table, checked before the global one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Global,
    Home,
    Trash,
    Backups,
    Step,
    /// Step 1's own keys, before the common step keys.
    Backlog,
    /// Step 2's own keys.
    Brainstorm,
    /// Typing into the brainstorm capture line.
    Capture,
    /// An engineer drafting a proposal alone: the capture keys, nothing of the room's.
    Draft,
    /// Step 3's keys for all its views.
    Prioritise,
    Objectives,
    Review,
    /// Step 5's meeting: the keys every part shares.
    Meeting,
    /// The meeting's first part: last week's commitments, done or not.
    LastWeek,
    /// The meeting's check-ins.
    MeetingCheckIns,
    /// The private confidence round: digits are votes.
    Confidence,
    /// The monthly review: keep, adjust or drop.
    Monthly,
    /// The meeting's commitments for this week.
    ThisWeek,
    /// A key result's picture: its chart, confidence and notes.
    Detail,
    /// A checklist overlay.
    Picker,
    Score,
    Vote,
    Board,
    /// Typing a filter for the list.
    Filter,
    /// Typing a file path.
    PathPrompt,
    Form,
    Confirm,
    Help,
    /// A participant's own screen in a room (over SSH): the keys every step shares.
    Seat,
    /// A participant writing ideas privately (step 2): typing is text.
    SeatCapture,
    /// A participant's secret dots (step 3).
    SeatVote,
    /// A participant's private impact/cost scores (step 3, when the facilitator asks).
    SeatScore,
    /// A participant's private confidence round (step 5's meeting).
    SeatConfidence,
}

impl Context {
    /// Every context, in the order the key config and its messages list them.
    pub const ALL: [Context; 33] = [
        Context::Global,
        Context::Home,
        Context::Trash,
        Context::Backups,
        Context::Step,
        Context::Backlog,
        Context::Brainstorm,
        Context::Capture,
        Context::Draft,
        Context::Prioritise,
        Context::Objectives,
        Context::Review,
        Context::Meeting,
        Context::LastWeek,
        Context::MeetingCheckIns,
        Context::Confidence,
        Context::Monthly,
        Context::ThisWeek,
        Context::Detail,
        Context::Picker,
        Context::Score,
        Context::Vote,
        Context::Board,
        Context::Form,
        Context::Confirm,
        Context::Help,
        Context::Filter,
        Context::PathPrompt,
        Context::Seat,
        Context::SeatCapture,
        Context::SeatVote,
        Context::SeatScore,
        Context::SeatConfidence,
    ];

    /// The context's name in the key config: the `[brainstorm]` of `keys.toml`.
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Home => "home",
            Context::Trash => "trash",
            Context::Backups => "backups",
            Context::Step => "step",
            Context::Backlog => "backlog",
            Context::Brainstorm => "brainstorm",
            Context::Capture => "capture",
            Context::Draft => "draft",
            Context::Prioritise => "prioritise",
            Context::Objectives => "objectives",
            Context::Review => "review",
            Context::Meeting => "meeting",
            Context::LastWeek => "last_week",
            Context::MeetingCheckIns => "meeting_check_ins",
            Context::Confidence => "confidence",
            Context::Monthly => "monthly",
            Context::ThisWeek => "this_week",
            Context::Detail => "detail",
            Context::Picker => "picker",
            Context::Score => "score",
            Context::Vote => "vote",
            Context::Board => "board",
            Context::Form => "form",
            Context::Confirm => "confirm",
            Context::Help => "help",
            Context::Filter => "filter",
            Context::PathPrompt => "path_prompt",
            Context::Seat => "seat",
            Context::SeatCapture => "seat_capture",
            Context::SeatVote => "seat_vote",
            Context::SeatScore => "seat_score",
            Context::SeatConfidence => "seat_confidence",
        }
    }

    pub fn from_name(name: &str) -> Option<Context> {
        Self::ALL.into_iter().find(|c| c.name() == name)
    }
}
