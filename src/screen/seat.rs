//! A participant's own screen in a room (each on their own terminal, over SSH): what they
//! do depends on the facilitator's step — write ideas privately, place secret dots, give
//! their confidence — through the same model and document as the facilitator, attributed
//! to them, with an undo that takes back only their own changes. Drawing is in `seat/view.rs`;
//! connections and terminals are the room's (`app/room.rs`).

mod view;

pub use view::Shown;

use jiff::Timestamp;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::action::Action;
use crate::document::{Document, History};
use crate::keymap::{Context, Keymap};
use crate::model::prioritise::VoteRefusal;
use crate::model::score_round::Axis;
use crate::model::{Capture, ParticipantId, Workshop};
use crate::ui::Message;
use crate::ui::theme::ThemeName;

/// The longest idea a participant may type on their line (the model caps titles too).
const LONGEST_LINE: usize = 400;

/// What a participant's screen is for, by the facilitator's step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    /// Step 2: writing ideas privately; the prompt card the facilitator shows, if any.
    Capture { prompt: Option<String> },
    /// Step 3: secret dots, with their own budget.
    Vote,
    /// Step 3 while the facilitator asks for private impact/cost scores.
    Score,
    /// Step 5's meeting in its confidence round, for this week.
    Confidence { week: u32 },
    /// Any other step: what the shared screen shows (drawn by the room).
    Watch,
}

/// What a key did on a participant's screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Only their own screen changed (or nothing did).
    Own,
    /// The workshop changed: every screen may need drawing.
    Changed,
    /// They asked to leave the room.
    Leave,
}

/// One participant's seat: who they are, their line, their selection, their theme, and
/// the history of their own changes.
#[derive(Debug)]
pub struct State {
    pub who: ParticipantId,
    pub line: String,
    pub selected: usize,
    pub theme: ThemeName,
    pub message: Option<Message>,
    /// Which score the digits set while scoring.
    pub axis: Axis,
    /// The kind of stage `selected` belongs to: a new stage starts at the top (a new prompt
    /// card does not move it).
    seen: Option<std::mem::Discriminant<Stage>>,
    history: History,
}

impl State {
    pub fn new(who: ParticipantId, theme: ThemeName) -> Self {
        Self { who, line: String::new(), selected: 0, theme, message: None, axis: Axis::Impact, seen: None, history: History::default() }
    }

    /// The keymap table for the stage.
    pub fn context(stage: &Stage) -> Context {
        match stage {
            Stage::Capture { .. } => Context::SeatCapture,
            Stage::Vote => Context::SeatVote,
            Stage::Score => Context::SeatScore,
            Stage::Confidence { .. } => Context::SeatConfidence,
            Stage::Watch => Context::Seat,
        }
    }

    /// One key from the participant's terminal.
    pub fn handle(&mut self, key: KeyEvent, stage: &Stage, doc: &mut Document, keymap: &Keymap, now: Timestamp) -> Outcome {
        if self.seen != Some(std::mem::discriminant(stage)) {
            self.seen = Some(std::mem::discriminant(stage));
            self.selected = 0;
            self.axis = Axis::Impact;
        }
        let context = Self::context(stage);
        let typing = matches!(stage, Stage::Capture { .. });
        let Some(action) = keymap.action_for(context, key) else {
            if typing {
                self.type_key(key);
            }
            return Outcome::Own;
        };
        self.message = None;
        let len = Self::rows(stage, doc.workshop(), self.who);
        match action {
            Action::Quit => return Outcome::Leave,
            Action::CycleTheme => self.theme = self.theme.next(),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(len.saturating_sub(1)),
            Action::Back => self.line.clear(),
            Action::Undo => return self.undo(doc),
            Action::Add => return self.add(doc, now),
            Action::VoteUp | Action::VoteDown | Action::CastBallot => return self.dot(action, doc),
            Action::ScoreImpact => self.axis = Axis::Impact,
            Action::ScoreCost => self.axis = Axis::Cost,
            Action::SetScore(n) => return self.score(doc, n),
            Action::DoneScoring => return self.done_scoring(doc),
            Action::Vote(n) => return self.confidence(stage, doc, Some(if n == 0 { 10 } else { n })),
            Action::TakeBackVote => return self.confidence(stage, doc, None),
            _ => {}
        }
        Outcome::Own
    }

    /// The selected row on `stage` (the top until they move on a new stage).
    pub fn selected_on(&self, stage: &Stage) -> usize {
        if self.seen == Some(std::mem::discriminant(stage)) { self.selected } else { 0 }
    }

    fn type_key(&mut self, key: KeyEvent) {
        let plain = !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match key.code {
            KeyCode::Char(c) if plain && self.line.chars().count() < LONGEST_LINE => self.line.push(c),
            KeyCode::Backspace => {
                self.line.pop();
            }
            _ => {}
        }
    }

    /// How many rows the stage's list has (for the selection).
    fn rows(stage: &Stage, w: &Workshop, who: ParticipantId) -> usize {
        match stage {
            Stage::Capture { .. } => own_ideas(w, who).count(),
            Stage::Vote | Stage::Score => votable(w).count(),
            Stage::Confidence { week } => crate::screen::review::meeting_order(w, *week).len(),
            Stage::Watch => 0,
        }
    }

    fn undo(&mut self, doc: &mut Document) -> Outcome {
        match doc.step_in(&mut self.history, true) {
            Some(label) => {
                self.message = Some(Message::info(format!("undone: {label}")));
                Outcome::Changed
            }
            None => {
                self.message = Some(Message::info("nothing of yours to undo"));
                Outcome::Own
            }
        }
    }

    fn add(&mut self, doc: &mut Document, now: Timestamp) -> Outcome {
        let capture = Capture { title: std::mem::take(&mut self.line), author: Some(self.who), ..Capture::default() };
        if !doc.change_in(&mut self.history, "your idea", |w| w.capture(&capture, now).is_some()) {
            return Outcome::Own;
        }
        let private = doc.workshop().silent_mode;
        let said = if private { "added: only you see it until the facilitator reveals" } else { "added" };
        self.message = Some(Message::info(said));
        self.selected = own_ideas(doc.workshop(), self.who).count().saturating_sub(1);
        Outcome::Changed
    }

    /// A secret dot placed or taken back on the selected idea, or the ballot marked done.
    fn dot(&mut self, action: Action, doc: &mut Document) -> Outcome {
        if !doc.workshop().secret_round_open() {
            self.message = Some(Message::info("the vote has not started: the facilitator opens it"));
            return Outcome::Own;
        }
        let who = self.who;
        if action == Action::CastBallot {
            doc.change_in(&mut self.history, "your ballot marked done", |w| w.cast_ballot(who, true));
            self.message = Some(Message::info("marked done: you may still change your dots until the reveal"));
            return Outcome::Changed;
        }
        let Some(id) = votable(doc.workshop()).nth(self.selected).map(|i| i.id) else { return Outcome::Own };
        let delta = if action == Action::VoteUp { 1 } else { -1 };
        let mut refused = None;
        let label = if delta > 0 { "your dot" } else { "your dot taken back" };
        let changed = doc.change_in(&mut self.history, label, |w| match w.secret_vote(who, id, delta) {
            Ok(_) => true,
            Err(why) => {
                refused = Some(why);
                false
            }
        });
        if let Some(why) = refused {
            self.message = Some(Message::error(refusal(why)));
        }
        if changed { Outcome::Changed } else { Outcome::Own }
    }

    /// A private score (1–5, or 0 to clear) of the selected idea on the chosen axis: impact,
    /// then cost, then the next idea, as the facilitator scores.
    fn score(&mut self, doc: &mut Document, value: u8) -> Outcome {
        let Some(id) = votable(doc.workshop()).nth(self.selected).map(|i| i.id) else { return Outcome::Own };
        let (who, axis) = (self.who, self.axis);
        let mut refused = None;
        let changed = doc.change_in(&mut self.history, &format!("your {}", axis.label()), |w| {
            w.estimate(who, id, axis, (value > 0).then_some(value)).map_err(|why| refused = Some(why)).is_ok()
        });
        if let Some(why) = refused {
            self.message = Some(Message::info(why.to_string()));
        }
        if !changed {
            return Outcome::Own;
        }
        // A score moves on (a cleared one stays put).
        if value > 0 && axis == Axis::Impact {
            self.axis = Axis::Cost;
        } else if value > 0 {
            self.axis = Axis::Impact;
            let rows = votable(doc.workshop()).count();
            self.selected = (self.selected + 1).min(rows.saturating_sub(1));
        }
        Outcome::Changed
    }

    fn done_scoring(&mut self, doc: &mut Document) -> Outcome {
        let who = self.who;
        if !doc.change_in(&mut self.history, "your scores marked done", |w| w.finish_score_card(who, true)) {
            self.message = Some(Message::info("private scoring is not open: the facilitator opens it"));
            return Outcome::Own;
        }
        self.message = Some(Message::info("marked done: you may still change your scores until the reveal"));
        Outcome::Changed
    }

    /// A confidence vote (1–10) on the selected key result, or taken back (`None`).
    fn confidence(&mut self, stage: &Stage, doc: &mut Document, value: Option<u8>) -> Outcome {
        let Stage::Confidence { week } = *stage else { return Outcome::Own };
        let order = crate::screen::review::meeting_order(doc.workshop(), week);
        let Some(kr) = order.get(self.selected).copied() else { return Outcome::Own };
        let who = self.who;
        let changed = match value {
            Some(v) => doc.change_in(&mut self.history, "your confidence", |w| w.vote_confidence(week, kr, who, v)),
            None => doc.change_in(&mut self.history, "your confidence taken back", |w| w.unvote(week, kr, who)),
        };
        if !changed {
            let revealed = doc.workshop().meeting(week).is_some_and(|m| m.revealed);
            self.message = Some(Message::info(if revealed {
                "the votes are revealed: the team's value is set together"
            } else {
                "no vote to take back"
            }));
            return Outcome::Own;
        }
        if value.is_some() {
            self.selected = (self.selected + 1).min(order.len().saturating_sub(1));
        }
        Outcome::Changed
    }
}

fn refusal(why: VoteRefusal) -> String {
    match why {
        VoteRefusal::NoneLeft { budget } => format!("no dots left: you have {budget}; take one back to move it"),
        VoteRefusal::CapReached { cap } => format!("at most {cap} dots on one idea"),
        VoteRefusal::NothingToTake => "no dot of yours on this idea".to_string(),
        _ => "not a vote this round takes".to_string(),
    }
}

/// The ideas `who` wrote (they always see their own).
pub fn own_ideas(w: &Workshop, who: ParticipantId) -> impl Iterator<Item = &crate::model::Initiative> {
    w.initiatives.iter().filter(move |i| i.authors().any(|a| a == who))
}

/// The ideas on the shared board (not hidden): what dots go on.
pub fn votable(w: &Workshop) -> impl Iterator<Item = &crate::model::Initiative> {
    w.initiatives.iter().filter(|i| !i.hidden)
}
