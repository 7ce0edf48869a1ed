//! The room on the app's side: each participant connected over SSH has a seat (their own
//! screen state, `screen::seat`), keyed by their session. Their keys arrive as messages and
//! change the one open document through the model, like the facilitator's; the run loop
//! draws each seat into its own terminal (`app/run/room.rs`). The SSH server is `crate::host`.

pub mod input;

use std::collections::BTreeMap;

use ratatui::crossterm::event::KeyEventKind;

use super::App;
use crate::document::History;
use crate::effect::Effect;
use crate::model::ParticipantId;
use crate::screen::seat::{self, Outcome, Stage};
use crate::screen::{Screen, brainstorm};
use crate::ui::theme::ThemeName;

/// The longest participant name taken from an SSH user name.
const LONGEST_NAME: usize = 40;

/// A participant's connection, as the SSH server numbers them.
pub type SessionId = u64;

/// What the app sends back to a participant's connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Bytes for their terminal (a drawn frame).
    Bytes(Vec<u8>),
    /// End the session (after the bytes that say why).
    Close,
}

/// Where a session's output goes (the SSH side reads the other end).
pub type Outlet = tokio::sync::mpsc::UnboundedSender<Output>;

/// What the SSH side tells the app, through the loop's one channel.
#[derive(Debug, Clone)]
pub enum RoomEvent {
    /// A participant has a pseudo-terminal and a shell: their seat opens.
    Joined { session: SessionId, user: String, cols: u16, rows: u16, colour: bool, outlet: Outlet },
    /// Bytes they typed.
    Input { session: SessionId, bytes: Vec<u8> },
    /// Their terminal changed size.
    Resized { session: SessionId, cols: u16, rows: u16 },
    /// Their connection ended.
    Left { session: SessionId },
}

/// How to join, for the facilitator's screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invite {
    /// `ssh -p 2222 YOURNAME@127.0.0.1`
    pub command: String,
    pub code: String,
}

/// The seats of the room, by session.
#[derive(Debug)]
pub struct Room {
    pub invite: Invite,
    pub seats: BTreeMap<SessionId, Seat>,
    /// The progress line as last counted, with what it was counted from.
    progress: std::cell::RefCell<Option<(ProgressKey, String)>>,
}

/// What the progress line depends on: the workshop's revision, who is here, the stage.
type ProgressKey = (u64, Vec<ParticipantId>, Stage);

/// One participant's seat, and how many times it changed on its own (for redrawing).
#[derive(Debug)]
pub struct Seat {
    pub state: seat::State,
    pub version: u64,
}

impl Room {
    pub fn new(invite: Invite) -> Self {
        Self { invite, seats: BTreeMap::new(), progress: std::cell::RefCell::new(None) }
    }

    /// The participants connected now, each once.
    pub fn present(&self) -> Vec<ParticipantId> {
        let mut who: Vec<ParticipantId> = self.seats.values().map(|s| s.state.who).collect();
        who.sort_unstable();
        who.dedup();
        who
    }
}

impl App {
    /// What the participants' seats are for now, by the step on the shared screen.
    pub fn room_stage(&self) -> Stage {
        if self.doc.is_none() {
            return Stage::Watch;
        }
        match &self.screen {
            Screen::Brainstorm(s) => {
                let prompt = s.card.and_then(|i| brainstorm::prompt_cards().get(i).map(|c| (*c).to_string()));
                Stage::Capture { prompt }
            }
            Screen::Prioritise(s) => {
                // Private scores while the facilitator asks for them, unless they turned to the votes.
                let scoring = self.doc.as_ref().is_some_and(|d| d.workshop().score_round_open());
                if scoring && s.view != crate::screen::prioritise::View::Vote { Stage::Score } else { Stage::Vote }
            }
            Screen::Review(r) => r.confidence_round().map_or(Stage::Watch, |week| Stage::Confidence { week }),
            _ => Stage::Watch,
        }
    }

    /// How far the room is, for the facilitator: "4 of 6 have written".
    pub fn room_progress(&self) -> Option<String> {
        let room = self.room.as_ref()?;
        let doc = self.doc.as_ref()?;
        let present = room.present();
        let stage = self.room_stage();
        // Counted once per change to the workshop or the room, not once per frame.
        let key = (doc.revision(), present.clone(), stage.clone());
        if let Some((k, said)) = room.progress.borrow().as_ref()
            && *k == key
        {
            return Some(said.clone());
        }
        let said = Self::count_progress(doc.workshop(), &present, &stage);
        *room.progress.borrow_mut() = Some((key, said.clone()));
        Some(said)
    }

    fn count_progress(w: &crate::model::Workshop, present: &[ParticipantId], stage: &Stage) -> String {
        let of = present.len();
        let count = |done: &dyn Fn(ParticipantId) -> bool| present.iter().filter(|p| done(**p)).count();
        match *stage {
            Stage::Capture { .. } => {
                // One pass over the ideas, however many people are in the room.
                let authors: std::collections::BTreeSet<ParticipantId> =
                    w.initiatives.iter().flat_map(crate::model::Initiative::authors).collect();
                format!("{} of {of} have written", count(&|p| authors.contains(&p)))
            }
            Stage::Score => format!("{} of {of} have scored", count(&|p| w.has_scored(p))),
            Stage::Vote => format!("{} of {of} have voted", count(&|p| w.ballot(p).is_some_and(|b| b.cast || b.total() > 0))),
            Stage::Confidence { week } => {
                let voted = |p| w.meeting(week).is_some_and(|m| m.confidence.values().any(|votes| votes.contains_key(&p)));
                format!("{} of {of} gave their confidence", count(&voted))
            }
            Stage::Watch => format!("{of} joined"),
        }
    }

    /// Ends every seat, saying why.
    pub(super) fn close_seats(&mut self, why: &str) -> Vec<Effect> {
        let sessions = self.room.as_ref().map(|r| r.seats.keys().copied().collect::<Vec<_>>()).unwrap_or_default();
        sessions.into_iter().map(|session| Effect::CloseSeat { session, why: why.to_string() }).collect()
    }

    /// A message about the room's seats: someone joined, typed, left.
    pub(super) fn seat_message(&mut self, msg: crate::effect::Msg) -> Vec<Effect> {
        use crate::effect::Msg;
        match msg {
            Msg::SeatJoined { session, user, colour } => self.seat_joined(session, &user, colour),
            Msg::SeatKey { session, key } if key.kind != KeyEventKind::Release => self.seat_key(session, key),
            Msg::SeatLeft(session) => {
                let left = self.room.as_mut().and_then(|room| room.seats.remove(&session));
                let name = left.and_then(|seat| self.doc.as_ref()?.workshop().participant(seat.state.who).map(|p| p.name.clone()));
                if let Some(name) = name {
                    self.info(format!("{name} left the room"));
                }
                vec![]
            }
            _ => vec![],
        }
    }

    fn seat_joined(&mut self, session: SessionId, user: &str, colour: bool) -> Vec<Effect> {
        let close = |why: &str| vec![Effect::CloseSeat { session, why: why.to_string() }];
        let (Some(room), Some(doc)) = (&mut self.room, &mut self.doc) else { return close("no workshop is open in this room") };
        if doc.drafting() || doc.read_only.is_some() {
            return close("this workshop cannot take changes from the room");
        }
        let name: String = crate::model::text::clean_line(user).chars().take(LONGEST_NAME).collect();
        let name = name.trim().to_string();
        let known = doc.workshop().active_participants().find(|p| p.name.eq_ignore_ascii_case(&name)).map(|p| p.id);
        let who = known.or_else(|| {
            let mut id = None;
            // Joining is nobody's change to undo.
            doc.change_in(&mut History::default(), &format!("{name} joined the room"), |w| {
                id = w.add_participant(&name);
                id.is_some()
            });
            id
        });
        let Some(who) = who else { return close("a name is needed: ssh YOURNAME@…") };
        let theme = if colour { ThemeName::Dark } else { ThemeName::Mono };
        room.seats.insert(session, Seat { state: seat::State::new(who, theme), version: 0 });
        self.info(format!("{name} joined the room"));
        vec![]
    }

    fn seat_key(&mut self, session: SessionId, key: ratatui::crossterm::event::KeyEvent) -> Vec<Effect> {
        let stage = self.room_stage();
        let now = self.clock.now();
        let (Some(room), Some(doc)) = (&mut self.room, &mut self.doc) else { return vec![] };
        let Some(seat) = room.seats.get_mut(&session) else { return vec![] };
        seat.version += 1;
        match seat.state.handle(key, &stage, doc, &self.keymap, now) {
            Outcome::Leave => vec![Effect::CloseSeat { session, why: "you left the room; what you submitted is kept".to_string() }],
            Outcome::Own | Outcome::Changed => vec![],
        }
    }
}
