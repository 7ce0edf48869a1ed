//! The room's terminals on the loop's side: one ratatui terminal per participant whose
//! backend writes into a buffer sent to their SSH session on flush. The loop decodes their
//! bytes into keys for `update`, and draws a seat again only when what it shows changed
//! (ratatui's diff keeps the bytes small). Nothing here polls: a seat is drawn after an
//! event, like the facilitator's screen.

use std::collections::BTreeMap;
use std::io::Write;

use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

use super::Runtime;
use crate::app::App;
use crate::app::room::input::Decoder;
use crate::app::room::{Outlet, Output, RoomEvent, SessionId};
use crate::effect::Msg;
use crate::screen::seat::{Shown, Stage};
use crate::ui::theme::ThemeName;

/// The largest terminal a seat draws (a hostile size would cost memory, not show more).
pub const LARGEST: (u16, u16) = (400, 200);

/// Takes the participant's terminal: the alternate screen, no cursor, cleared.
const TAKE: &[u8] = b"\x1b[?1049h\x1b[?25l\x1b[2J";
/// Gives it back as it was.
const GIVE_BACK: &[u8] = b"\x1b[0m\x1b[?25h\x1b[?1049l";

/// A terminal's output, sent to the session as one piece on each flush.
pub struct Wire {
    outlet: Outlet,
    buffer: Vec<u8>,
}

impl Write for Wire {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let bytes = std::mem::take(&mut self.buffer);
        self.outlet.send(Output::Bytes(bytes)).map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe))
    }
}

/// What a seat showed when last drawn: drawn again only when this changes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Drawn {
    revision: u64,
    version: u64,
    stage: Stage,
    timer: Option<String>,
    /// The facilitator's frames, for a seat that watches the shared screen.
    shared: u64,
}

/// One participant's terminal.
pub struct SeatTerminal {
    terminal: Terminal<CrosstermBackend<Wire>>,
    decoder: Decoder,
    outlet: Outlet,
    drawn: Option<Drawn>,
}

impl SeatTerminal {
    fn new(outlet: Outlet, cols: u16, rows: u16) -> std::io::Result<Self> {
        let _ = outlet.send(Output::Bytes(TAKE.to_vec()));
        let wire = Wire { outlet: outlet.clone(), buffer: Vec::new() };
        let viewport = Viewport::Fixed(area(cols, rows));
        let terminal = Terminal::with_options(CrosstermBackend::new(wire), TerminalOptions { viewport })?;
        Ok(Self { terminal, decoder: Decoder::default(), outlet, drawn: None })
    }

    /// Gives the terminal back, says why, and ends the session.
    fn close(&self, why: &str) {
        let mut bytes = GIVE_BACK.to_vec();
        bytes.extend_from_slice(format!("quarterdeck: {why}\r\n").as_bytes());
        let _ = self.outlet.send(Output::Bytes(bytes));
        let _ = self.outlet.send(Output::Close);
    }
}

fn area(cols: u16, rows: u16) -> Rect {
    Rect::new(0, 0, cols.clamp(1, LARGEST.0), rows.clamp(1, LARGEST.1))
}

/// The seats' terminals, by session, and how many frames the facilitator's screen drew.
#[derive(Default)]
pub struct SeatTerminals {
    terminals: BTreeMap<SessionId, SeatTerminal>,
    shared_frames: u64,
}

impl<B: Backend> Runtime<B>
where
    B::Error: Send + Sync + 'static,
{
    /// Something from the SSH side; returns whether the facilitator's screen needs drawing.
    pub(super) fn room_event(&mut self, event: RoomEvent) -> bool {
        match event {
            RoomEvent::Joined { session, user, cols, rows, colour, outlet } => {
                match SeatTerminal::new(outlet, cols, rows) {
                    Ok(t) => {
                        self.seats.terminals.insert(session, t);
                        self.send(Msg::SeatJoined { session, user, colour });
                    }
                    Err(_) => {
                        let _ = self.seats.terminals.remove(&session);
                    }
                }
                true
            }
            RoomEvent::Input { session, bytes } => {
                let Some(t) = self.seats.terminals.get_mut(&session) else { return false };
                let keys = t.decoder.feed(&bytes);
                let revision = self.app.doc.as_ref().map(crate::document::Document::revision);
                for key in keys {
                    self.send(Msg::SeatKey { session, key });
                }
                // Only a change to the workshop shows on the facilitator's screen; a
                // participant's typing redraws their own seat alone.
                if revision == self.app.doc.as_ref().map(crate::document::Document::revision) && self.seats.terminals.contains_key(&session)
                {
                    self.draw_seats();
                    return false;
                }
                true
            }
            RoomEvent::Resized { session, cols, rows } => {
                if let Some(t) = self.seats.terminals.get_mut(&session) {
                    let _ = t.terminal.resize(area(cols, rows));
                    t.drawn = None;
                    self.draw_seats();
                }
                false
            }
            RoomEvent::Left { session } => {
                self.seats.terminals.remove(&session);
                self.send(Msg::SeatLeft(session));
                true
            }
        }
    }

    /// Ends one participant's session (they left, or could not join).
    pub(super) fn close_seat(&mut self, session: SessionId, why: &str) {
        if let Some(t) = self.seats.terminals.remove(&session) {
            t.close(why);
        }
        self.send(Msg::SeatLeft(session));
    }

    /// Ends every session politely (the app is quitting): each is told the room is closed.
    pub fn close_room(&mut self) {
        for (_, t) in std::mem::take(&mut self.seats.terminals) {
            t.close("the room is closed; everything you submitted is saved");
        }
    }

    /// Draws every seat whose view changed since it was last drawn.
    pub(super) fn draw_seats(&mut self) {
        self.seats.shared_frames += 1;
        let app = &self.app;
        let Some(room) = &app.room else { return };
        let stage = app.room_stage();
        let revision = app.doc.as_ref().map_or(0, crate::document::Document::revision);
        let timer = app.timer.is_visible().then(|| app.timer.display(app.clock.now()));
        // Seats watching the shared screen at the same size and theme see the same frame:
        // it is drawn once and copied.
        let mut shared_frames: Vec<(Rect, ThemeName, Buffer)> = Vec::new();
        for (session, t) in &mut self.seats.terminals {
            let Some(seat) = room.seats.get(session) else { continue };
            let watching = stage == Stage::Watch || app.doc.is_none();
            let shared = if watching { self.seats.shared_frames } else { 0 };
            let now = Drawn { revision, version: seat.version, stage: stage.clone(), timer: timer.clone(), shared };
            if t.drawn.as_ref() == Some(&now) {
                continue;
            }
            let theme = seat.state.theme;
            let _ = t.terminal.draw(|frame| {
                let area = frame.area();
                if !watching {
                    draw_seat(frame, app, &seat.state, &stage, timer.clone());
                } else if let Some((.., drawn)) = shared_frames.iter().find(|(a, th, _)| *a == area && *th == theme) {
                    frame.buffer_mut().clone_from(drawn);
                } else {
                    draw_seat(frame, app, &seat.state, &stage, timer.clone());
                    shared_frames.push((area, theme, frame.buffer_mut().clone()));
                }
            });
            t.drawn = Some(now);
        }
    }
}

/// One seat's frame: their own screen for the stage, or the shared screen in their theme.
pub fn draw_seat(frame: &mut ratatui::Frame, app: &App, seat: &crate::screen::seat::State, stage: &Stage, timer: Option<String>) {
    match (stage, &app.doc) {
        // Home lists the facilitator's other workshops: not for the room.
        (_, None) => {
            let palette = seat.theme.palette();
            if !crate::ui::blank_or_too_small(frame, &palette) {
                let text = ratatui::widgets::Paragraph::new(" The facilitator has no workshop open: wait here.").style(palette.muted);
                frame.render_widget(text, frame.area());
            }
        }
        (Stage::Watch, Some(_)) => {
            crate::app::draw::draw_with(frame, app, seat.theme);
            seat.watching_keys(frame, &app.keymap);
        }
        (_, Some(doc)) => seat.render(frame, &Shown { workshop: doc.workshop(), stage, timer, keymap: &app.keymap }),
    }
}
