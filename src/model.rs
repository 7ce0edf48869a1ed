//! The workshop domain: pure data and rules for every step, no I/O and no ratatui.
//! Persistence lives in `store`, drawing in `screen` and `ui`.

pub mod backlog;
pub mod ballot;
pub mod bankruptcy;
pub mod brainstorm;
pub mod calibration;
pub mod candidate;
pub mod capacity;
pub mod checkin;
pub mod clock;
pub mod coach;
pub mod commitment;
pub mod count;
pub mod dependency;
pub mod due;
pub mod duplicates;
pub mod health;
pub mod ids;
pub mod initiative;
pub mod integrity;
pub mod meeting;
pub mod merge;
pub mod objective;
pub mod objectives;
pub mod period;
pub mod prioritise;
pub mod proposal;
pub mod quantity;
pub mod retext;
pub mod review;
pub mod sanitise;
pub mod score_round;
pub mod shared_list;
pub mod shared_vec;
pub mod shelf;
pub mod stamp;
pub mod suggest;
pub mod text;
pub mod timer;
pub mod workshop;

pub use backlog::{Backlog, BacklogItem, BacklogState, Bankruptcy};
pub use bankruptcy::BacklogFacts;
pub use brainstorm::Capture;
pub use clock::Clock;
pub use commitment::{CommitmentDraft, WeeklyCommitment};
pub use ids::{
    BacklogItemId, CandidateId, CommitmentId, HealthMetricId, InitiativeId, KeyResultId, ObjectiveId, ParticipantId, PeriodSummaryId,
    ThemeId,
};
pub use initiative::{Initiative, InitiativeSource, InitiativeStatus, ProposalOrigin, Size, Theme};
pub use meeting::{Cadence, Decision, Meeting, Spread, Verdict};
pub use objective::{Adjustment, CheckIn, Commitment, Direction, KeyResult, KeyResultKind, Objective, Replaced, Status};
pub use objectives::{KeyResultDraft, ObjectiveDraft};
pub use period::{Period, PeriodError};
pub use prioritise::{Quadrant, VoteRefusal};
pub use proposal::{
    MergeReport, PROPOSAL_VERSION, Proposal, ProposalError, ProposedInitiative, ProposedKeyResult, ProposedObjective, parse_proposal,
};
pub use review::{
    AdjustRefusal, CheckInRefusal, Easing, Retrospective, ReviewDay, ScoreBand, ScorePattern, Standing, Tally, WeekChoice, WeekRefusal,
    WeeklyNote, score_band,
};
pub use shelf::{ItemStatus, ShelfCounts};
/// The fields of a saved object that this build does not know, kept as they were read.
pub type Extra = serde_json::Map<String, serde_json::Value>;

pub use workshop::{Dismissal, Participant, SCHEMA_VERSION, Settings, Step, Workshop};
