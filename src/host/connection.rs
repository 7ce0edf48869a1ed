//! One participant's SSH connection: the room code or a listed public key lets them in; a
//! pseudo-terminal and a shell are the only things they may ask for (no exec, no
//! subsystem such as SFTP, no forwarding, no agent, no X11). What they type goes to the
//! app's loop as a room event; what the app draws comes back through their outlet.

use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use russh::keys::ssh_key::PublicKey;
use russh::server::{Auth, ChannelOpenHandle, Handle, Msg, Session};
use russh::{Channel, ChannelId, MethodKind, MethodSet, Pty};

use super::Shared;
use super::guard::InputBudget;
use crate::app::room::{Output, RoomEvent, SessionId};
use crate::app::run::Incoming;
use crate::app::run::room::LARGEST;

/// A terminal type that draws no colour gets the monochrome theme.
fn has_colour(term: &str) -> bool {
    !matches!(term, "" | "dumb" | "vt100" | "vt102" | "vt220" | "ansi")
}

/// One connection's state.
pub struct Connection {
    shared: Arc<Shared>,
    session: SessionId,
    from: IpAddr,
    /// The name they logged in as.
    user: Option<String>,
    channel: Option<ChannelId>,
    /// Columns, rows and whether the terminal draws colour, from the pty request.
    pty: Option<(u16, u16, bool)>,
    joined: bool,
    budget: InputBudget,
    /// Set once they are in (the server closes a connection that takes too long).
    logged_in: Arc<std::sync::atomic::AtomicBool>,
}

impl Connection {
    pub(super) fn new(shared: Arc<Shared>, session: SessionId, from: IpAddr, logged_in: Arc<std::sync::atomic::AtomicBool>) -> Self {
        let budget = InputBudget::new(Instant::now());
        Self { shared, session, from, user: None, channel: None, pty: None, joined: false, budget, logged_in }
    }

    /// They are in, as `user`.
    fn admitted(&mut self, user: &str) -> Auth {
        self.user = Some(user.to_string());
        self.logged_in.store(true, Ordering::SeqCst);
        Auth::Accept
    }

    fn tell(&self, event: RoomEvent) {
        let _ = self.shared.app.send(Incoming::Room(event));
    }

    fn reject(methods: &[MethodKind]) -> Auth {
        Auth::Reject { proceed_with_methods: Some(MethodSet::from(methods)), partial_success: false }
    }

    fn known_key(&self, user: &str, key: &PublicKey) -> bool {
        self.shared.keys.iter().any(|k| k.name.eq_ignore_ascii_case(user) && k.key.key_data() == key.key_data())
    }

    fn door(&self) -> std::sync::MutexGuard<'_, super::guard::Door> {
        self.shared.door.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

const METHODS: &[MethodKind] = &[MethodKind::Password, MethodKind::PublicKey];

impl Drop for Connection {
    fn drop(&mut self) {
        self.shared.open.fetch_sub(1, Ordering::SeqCst);
        if self.joined {
            self.tell(RoomEvent::Left { session: self.session });
        }
    }
}

/// Sends what the app drew to the participant; on `Close`, ends the session politely.
async fn forward(handle: Handle, channel: ChannelId, mut outlet: tokio::sync::mpsc::UnboundedReceiver<Output>) {
    while let Some(output) = outlet.recv().await {
        match output {
            Output::Bytes(bytes) => {
                if handle.data(channel, bytes).await.is_err() {
                    break;
                }
            }
            Output::Close => {
                let _ = handle.exit_status_request(channel, 0).await;
                let _ = handle.eof(channel).await;
                let _ = handle.close(channel).await;
                break;
            }
        }
    }
}

impl russh::server::Handler for Connection {
    type Error = russh::Error;

    async fn authentication_banner(&mut self) -> Result<Option<String>, Self::Error> {
        Ok(Some("Quarterdeck room: your user name is your name in the workshop; the password is the room code.\r\n".into()))
    }

    async fn auth_none(&mut self, _user: &str) -> Result<Auth, Self::Error> {
        Ok(Self::reject(METHODS))
    }

    async fn auth_password(&mut self, user: &str, password: &str) -> Result<Auth, Self::Error> {
        let now = Instant::now();
        if self.door().refused(self.from, now) {
            return Ok(Self::reject(&[]));
        }
        if super::keys::code_matches(password, &self.shared.code) {
            self.door().passed(self.from);
            return Ok(self.admitted(user));
        }
        self.door().failed(self.from, now);
        Ok(Self::reject(METHODS))
    }

    async fn auth_publickey_offered(&mut self, user: &str, offer: russh::server::PublicKeyOffer<'_>) -> Result<Auth, Self::Error> {
        let known = self.known_key(user, offer.public_key);
        Ok(if known { Auth::Accept } else { Self::reject(METHODS) })
    }

    async fn auth_publickey(&mut self, user: &str, key: russh::server::VerifiedPublicKey<'_>) -> Result<Auth, Self::Error> {
        if self.door().refused(self.from, Instant::now()) || !self.known_key(user, key.public_key) {
            return Ok(Self::reject(METHODS));
        }
        Ok(self.admitted(user))
    }

    async fn auth_keyboard_interactive<'a>(
        &'a mut self,
        _user: &str,
        _submethods: &str,
        _response: Option<russh::server::Response<'a>>,
    ) -> Result<Auth, Self::Error> {
        Ok(Self::reject(METHODS))
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        // One terminal per connection.
        if self.channel.is_some() {
            reply.reject(russh::ChannelOpenFailure::AdministrativelyProhibited).await;
            return Ok(());
        }
        self.channel = Some(channel.id());
        reply.accept().await;
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let size = |n: u32, most: u16| u16::try_from(n).unwrap_or(most).clamp(1, most);
        self.pty = Some((size(cols, LARGEST.0), size(rows, LARGEST.1), has_colour(term)));
        session.channel_success(channel)
    }

    async fn shell_request(&mut self, channel: ChannelId, session: &mut Session) -> Result<(), Self::Error> {
        let (Some((cols, rows, colour)), Some(user), false) = (self.pty, self.user.clone(), self.joined) else {
            session.data(channel, "quarterdeck: a room needs a terminal: ssh -t\r\n".as_bytes().to_vec())?;
            session.channel_failure(channel)?;
            return session.close(channel);
        };
        session.channel_success(channel)?;
        let (outlet, outgoing) = tokio::sync::mpsc::unbounded_channel();
        tokio::spawn(forward(session.handle(), channel, outgoing));
        self.joined = true;
        self.tell(RoomEvent::Joined { session: self.session, user, cols, rows, colour, outlet });
        Ok(())
    }

    async fn exec_request(&mut self, channel: ChannelId, _data: &[u8], session: &mut Session) -> Result<(), Self::Error> {
        session.extended_data(channel, 1, "quarterdeck: a room runs no commands; join with plain ssh\r\n".as_bytes().to_vec())?;
        session.channel_failure(channel)?;
        session.close(channel)
    }

    async fn subsystem_request(&mut self, channel: ChannelId, _name: &str, session: &mut Session) -> Result<(), Self::Error> {
        session.channel_failure(channel)?;
        session.close(channel)
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single: bool,
        _protocol: &str,
        _cookie: &str,
        _screen: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }

    async fn tcpip_forward(&mut self, _address: &str, _port: &mut u32, _session: &mut Session) -> Result<bool, Self::Error> {
        Ok(false)
    }

    async fn window_change_request(
        &mut self,
        _channel: ChannelId,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        let size = |n: u32, most: u16| u16::try_from(n).unwrap_or(most).clamp(1, most);
        let (cols, rows) = (size(cols, LARGEST.0), size(rows, LARGEST.1));
        if let Some(pty) = &mut self.pty {
            (pty.0, pty.1) = (cols, rows);
        }
        if self.joined {
            self.tell(RoomEvent::Resized { session: self.session, cols, rows });
        }
        Ok(())
    }

    async fn data(&mut self, _channel: ChannelId, data: &[u8], _session: &mut Session) -> Result<(), Self::Error> {
        // Beyond what a person types or pastes in a second, input is dropped.
        if self.joined && self.budget.take(data.len(), Instant::now()) {
            self.tell(RoomEvent::Input { session: self.session, bytes: data.to_vec() });
        }
        Ok(())
    }

    async fn channel_eof(&mut self, channel: ChannelId, session: &mut Session) -> Result<(), Self::Error> {
        session.close(channel)
    }

    async fn channel_close(&mut self, _channel: ChannelId, _session: &mut Session) -> Result<(), Self::Error> {
        if self.joined {
            self.joined = false;
            self.tell(RoomEvent::Left { session: self.session });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_terminal_without_colour_gets_the_monochrome_theme() {
        assert!(super::has_colour("xterm-256color"));
        assert!(super::has_colour("screen"));
        for term in ["dumb", "vt100", ""] {
            assert!(!super::has_colour(term), "{term}");
        }
    }
}
