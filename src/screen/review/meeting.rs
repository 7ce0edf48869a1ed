//! Step 5's meeting, part by part, each a few keys and skippable: last week's commitments
//! (done, not done, carried into this week), the check-ins (off track and at risk first),
//! the private confidence round (each participant in turn, hidden until revealed together
//! with the spread), the monthly review on every fourth meeting or on demand (keep, adjust
//! or drop), and this week's commitments. What needs a form asks the review for one
//! ([`Ask`]); the drawing is in `meeting_view.rs`.

use crate::action::Action;
use crate::document::Document;
use crate::keymap::Context;
use crate::model::{CommitmentId, KeyResultId, ParticipantId, Status, Verdict, Workshop};
use crate::screen::Ctx;
use crate::ui::list::ListCursor;

/// The parts of a meeting, in their order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    LastWeek,
    CheckIns,
    Confidence,
    Monthly,
    ThisWeek,
}

impl Part {
    pub fn title(self) -> &'static str {
        match self {
            Part::LastWeek => "Last week",
            Part::CheckIns => "Check-ins",
            Part::Confidence => "Confidence",
            Part::Monthly => "Monthly",
            Part::ThisWeek => "This week",
        }
    }

    pub fn context(self) -> Context {
        match self {
            Part::LastWeek => Context::LastWeek,
            Part::CheckIns => Context::MeetingCheckIns,
            Part::Confidence => Context::Confidence,
            Part::Monthly => Context::Monthly,
            Part::ThisWeek => Context::ThisWeek,
        }
    }
}

/// A form the meeting needs the review to open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    CheckIn(KeyResultId),
    Adjust(KeyResultId),
    Drop(KeyResultId),
    /// A new commitment (`None`) or one to edit.
    Commitment(Option<CommitmentId>),
    Detail(KeyResultId),
    Digest,
    WeeklyNote,
    /// The meeting is over (or left).
    Leave,
}

/// A meeting in progress: its week, the part on screen, the selection and who votes.
#[derive(Debug, Clone)]
pub struct Run {
    pub week: u32,
    pub part: Part,
    pub cursor: ListCursor,
    /// The participant whose turn it is in the confidence round (an index).
    pub voter: usize,
    /// The monthly review is one of the parts.
    pub monthly: bool,
}

/// The key results the meeting goes through: off track first, then at risk, then those
/// not yet checked in, then on track (by where they stood before this week), dropped ones
/// left out.
pub fn order(w: &Workshop, week: u32) -> Vec<KeyResultId> {
    let rank = |status: Option<Status>| match status {
        Some(Status::OffTrack) => 0,
        Some(Status::AtRisk) => 1,
        None => 2,
        Some(Status::OnTrack) => 3,
    };
    let mut krs: Vec<(u8, KeyResultId)> = w
        .objectives
        .iter()
        .flat_map(|o| &o.key_results)
        .filter(|k| !w.is_dropped(k.id, week))
        .map(|k| (rank(k.check_in_as_of(week.saturating_sub(1)).map(|c| k.status_of(c))), k.id))
        .collect();
    krs.sort_by_key(|(rank, _)| *rank);
    krs.into_iter().map(|(_, id)| id).collect()
}

impl Run {
    pub fn new(w: &Workshop, week: u32) -> Self {
        let mut run = Run { week, part: Part::LastWeek, cursor: ListCursor::default(), voter: 0, monthly: w.is_monthly(week) };
        if run.len(w) == 0 {
            run.part = Part::CheckIns;
        }
        run
    }

    pub fn parts(&self) -> Vec<Part> {
        let mut parts = vec![Part::LastWeek, Part::CheckIns, Part::Confidence];
        if self.monthly {
            parts.push(Part::Monthly);
        }
        parts.push(Part::ThisWeek);
        parts
    }

    /// Last meeting's commitments, reviewed in this part.
    pub fn last_week(&self, w: &Workshop) -> Vec<CommitmentId> {
        w.commitments_to_review(self.week).map(|last| w.commitments_of(last).map(|c| c.id).collect()).unwrap_or_default()
    }

    pub fn this_week(&self, w: &Workshop) -> Vec<CommitmentId> {
        w.commitments_of(self.week).map(|c| c.id).collect()
    }

    /// How many rows the part on screen has.
    pub fn len(&self, w: &Workshop) -> usize {
        match self.part {
            Part::LastWeek => self.last_week(w).len(),
            Part::ThisWeek => self.this_week(w).len(),
            Part::CheckIns | Part::Confidence | Part::Monthly => order(w, self.week).len(),
        }
    }

    pub fn selected_key_result(&self, w: &Workshop) -> Option<KeyResultId> {
        match self.part {
            Part::CheckIns | Part::Confidence | Part::Monthly => order(w, self.week).get(self.cursor.selected).copied(),
            Part::LastWeek => self.last_week(w).get(self.cursor.selected).and_then(|c| w.commitment(*c)?.key_result),
            Part::ThisWeek => self.this_week(w).get(self.cursor.selected).and_then(|c| w.commitment(*c)?.key_result),
        }
    }

    /// The participant whose turn it is, while anyone is left to vote.
    pub fn voter(&self, w: &Workshop) -> Option<ParticipantId> {
        w.participants.get(self.voter).map(|p| p.id)
    }

    pub fn revealed(&self, w: &Workshop) -> bool {
        w.meeting(self.week).is_some_and(|m| m.revealed)
    }

    /// Moves to another part (`step` 1 is the next); `Leave` after the last.
    fn go(&mut self, w: &Workshop, step: isize) -> Option<Ask> {
        let parts = self.parts();
        let at = parts.iter().position(|p| *p == self.part).unwrap_or(0);
        let next = at.checked_add_signed(step)?;
        let Some(part) = parts.get(next) else { return Some(Ask::Leave) };
        self.part = *part;
        self.cursor.reset();
        if self.part == Part::Confidence && self.voter(w).is_none() && !self.revealed(w) {
            self.voter = 0;
        }
        None
    }

    /// Down one row after a key that settled the selected one.
    fn advance(&mut self, w: &Workshop) {
        self.cursor.apply(Action::Down, self.len(w), 10);
    }

    /// A key in the meeting: what to do, or a form to ask the review for.
    pub fn update(&mut self, ctx: &mut Ctx, doc: &mut Document, action: Action) -> Option<Ask> {
        let w = doc.workshop();
        if ListCursor::moves(action) {
            self.cursor.apply(action, self.len(w), 10);
            return None;
        }
        match action {
            Action::NextPart => return self.go(w, 1),
            Action::PrevPart => return self.go(w, -1),
            Action::Back => return Some(Ask::Leave),
            Action::MonthlyReview => {
                self.monthly = true;
                self.part = Part::Monthly;
                self.cursor.reset();
                return None;
            }
            Action::Digest => return Some(Ask::Digest),
            Action::WeeklyNote => return Some(Ask::WeeklyNote),
            Action::KeyResultDetail => return self.selected_key_result(w).map(Ask::Detail),
            _ => {}
        }
        match self.part {
            Part::LastWeek => self.last_week_key(ctx, doc, action),
            Part::CheckIns => (action == Action::CheckIn).then(|| self.selected_key_result(w).map(Ask::CheckIn)).flatten(),
            Part::Confidence => self.confidence_key(ctx, doc, action),
            Part::Monthly => self.monthly_key(ctx, doc, action),
            Part::ThisWeek => self.this_week_key(doc, action),
        }
    }

    fn last_week_key(&mut self, ctx: &mut Ctx, doc: &mut Document, action: Action) -> Option<Ask> {
        let id = *self.last_week(doc.workshop()).get(self.cursor.selected)?;
        let week = self.week;
        match action {
            Action::MarkDone => doc.try_change("commitment done", |w| w.mark_commitment(id, Some(true))),
            Action::MarkNotDone => doc.try_change("commitment not done", |w| w.mark_commitment(id, Some(false))),
            Action::CarryCommitment => doc.try_change("commitment carried over", |w| w.carry_commitment(id, week).is_some()),
            _ => return None,
        };
        let w = doc.workshop();
        if self.cursor.selected + 1 >= self.len(w) {
            ctx.info(format!("last week reviewed: {} goes on to the check-ins", ctx.hint(Context::Meeting, Action::NextPart)));
        }
        self.advance(w);
        None
    }

    fn confidence_key(&mut self, ctx: &mut Ctx, doc: &mut Document, action: Action) -> Option<Ask> {
        let (week, krs) = (self.week, order(doc.workshop(), self.week));
        let kr = krs.get(self.cursor.selected).copied();
        let revealed = self.revealed(doc.workshop());
        match (action, kr, self.voter(doc.workshop())) {
            (Action::Vote(n), Some(kr), _) if revealed => {
                doc.change("team confidence", |w| w.set_team_confidence(week, kr, if n == 0 { 10 } else { n }));
                self.advance(doc.workshop());
            }
            (Action::Vote(n), Some(kr), Some(person)) => {
                doc.try_change("confidence vote", |w| w.vote_confidence(week, kr, person, if n == 0 { 10 } else { n }));
                if self.cursor.selected + 1 >= krs.len() {
                    self.next_voter(ctx, doc.workshop());
                } else {
                    self.advance(doc.workshop());
                }
            }
            (Action::EndTurn, _, Some(person)) if !revealed => {
                doc.try_change("keep earlier votes", |w| w.keep_votes(week, person, &krs) > 0);
                self.next_voter(ctx, doc.workshop());
            }
            (Action::SkipVoter, _, Some(_)) if !revealed => self.next_voter(ctx, doc.workshop()),
            (Action::TakeBackVote, Some(kr), Some(person)) if !revealed => {
                doc.try_change("take back a vote", |w| w.unvote(week, kr, person));
            }
            (Action::Reveal, ..) if !revealed => {
                if doc.try_change("reveal the confidence round", |w| w.reveal(week)) {
                    let flagged =
                        krs.iter().filter(|k| doc.workshop().meeting(week).and_then(|m| m.spread(**k)).is_some_and(|s| s.flagged)).count();
                    self.cursor.reset();
                    ctx.info(match flagged {
                        0 => "revealed: the room agrees".to_string(),
                        n => format!("revealed: {n} with a big spread ⚑ to talk about"),
                    });
                } else {
                    ctx.info("no votes to reveal yet");
                }
            }
            (Action::Vote(_) | Action::EndTurn | Action::SkipVoter, _, None) if !revealed => {
                ctx.info(format!("everyone has had a turn: {} reveals", ctx.hint(Context::Confidence, Action::Reveal)));
            }
            _ => {}
        }
        None
    }

    fn next_voter(&mut self, ctx: &mut Ctx, w: &Workshop) {
        self.voter += 1;
        self.cursor.reset();
        match self.voter(w) {
            Some(p) => ctx.info(format!("{}'s turn: the others look away", w.author_name(Some(p)))),
            None => ctx.info(format!("everyone has had a turn: {} reveals", ctx.hint(Context::Confidence, Action::Reveal))),
        }
    }

    fn monthly_key(&mut self, ctx: &mut Ctx, doc: &mut Document, action: Action) -> Option<Ask> {
        let kr = order(doc.workshop(), self.week).get(self.cursor.selected).copied()?;
        match action {
            Action::Keep => {
                let week = self.week;
                doc.try_change("keep the key result", |w| w.decide(week, kr, Verdict::Keep, ""));
                self.advance(doc.workshop());
                ctx.info("kept");
                None
            }
            Action::Adjust => Some(Ask::Adjust(kr)),
            Action::DropKeyResult => Some(Ask::Drop(kr)),
            _ => None,
        }
    }

    fn this_week_key(&mut self, doc: &mut Document, action: Action) -> Option<Ask> {
        let selected = self.this_week(doc.workshop()).get(self.cursor.selected).copied();
        match (action, selected) {
            (Action::AddCommitment, _) => Some(Ask::Commitment(None)),
            (Action::Edit, Some(id)) => Some(Ask::Commitment(Some(id))),
            (Action::Delete, Some(id)) => {
                doc.try_change("delete a commitment", |w| w.delete_commitment(id));
                let len = self.len(doc.workshop());
                self.cursor.selected = self.cursor.selected.min(len.saturating_sub(1));
                None
            }
            _ => None,
        }
    }

    /// After a check-in in the meeting: on to the next key result.
    pub fn checked_in(&mut self, w: &Workshop) {
        if self.part == Part::CheckIns {
            self.advance(w);
        }
    }
}
