//! A participant in a room, as a test drives one: a real SSH client (russh's) over loopback
//! with a pseudo-terminal, everything the host sends fed to a vt100 parser. No sleeps: every
//! wait reads until the screen shows the expected text, or fails with the screen once the
//! deadline has passed.
#![allow(dead_code)]

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use russh::ChannelMsg;
use russh::client::{self, Handle};

/// How long one participant's waits may take together.
pub const DEADLINE: Duration = Duration::from_secs(20);

/// Trusts the host's key (the tests check the key file itself elsewhere).
pub struct Trusting;

impl client::Handler for Trusting {
    type Error = russh::Error;

    async fn check_server_key(&mut self, _key: &russh::keys::PublicKeyOrCertificate) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// A runtime for the clients of one test (their readers run on it in the background).
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a tokio runtime")
}

/// Connects to the room on `port` and logs in as `user` with `password`: the session, or
/// why not (the connection refused, or the login).
pub fn login(rt: &tokio::runtime::Runtime, port: u16, user: &str, password: &str) -> Result<Handle<Trusting>, String> {
    rt.block_on(async {
        let config = Arc::new(client::Config::default());
        let mut session = client::connect(config, ("127.0.0.1", port), Trusting).await.map_err(|e| format!("connect: {e}"))?;
        let auth = session.authenticate_password(user, password).await.map_err(|e| format!("login: {e}"))?;
        if auth.success() { Ok(session) } else { Err("login refused".to_string()) }
    })
}

/// A participant at their terminal.
pub struct Participant {
    pub name: String,
    session: Handle<Trusting>,
    write: russh::ChannelWriteHalf<client::Msg>,
    output: Receiver<Vec<u8>>,
    parser: vt100::Parser,
    deadline: Instant,
    pub closed: bool,
}

impl Participant {
    /// Joins the room on `port` as `name` with the code, in a `cols`x`rows` terminal.
    pub fn join(rt: &tokio::runtime::Runtime, port: u16, name: &str, code: &str, (cols, rows): (u16, u16)) -> Self {
        let session = login(rt, port, name, code).unwrap_or_else(|e| panic!("{name} could not join: {e}"));
        let channel = rt.block_on(async {
            let channel = session.channel_open_session().await.expect("a session channel");
            channel.request_pty(true, "xterm-256color", u32::from(cols), u32::from(rows), 0, 0, &[]).await.expect("a pty");
            channel.request_shell(true).await.expect("a shell");
            channel
        });
        let (mut read, write) = channel.split();
        let (tx, output) = mpsc::channel();
        rt.spawn(async move {
            while let Some(msg) = read.wait().await {
                let gone = match msg {
                    ChannelMsg::Data { data } => tx.send(data.to_vec()).is_err(),
                    ChannelMsg::Close => true,
                    _ => false,
                };
                if gone {
                    break;
                }
            }
        });
        Self {
            name: name.to_string(),
            session,
            write,
            output,
            parser: vt100::Parser::new(rows, cols, 0),
            deadline: Instant::now() + DEADLINE,
            closed: false,
        }
    }

    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Reads what came, until `ready` holds for the screen (and everything it said).
    pub fn wait_until(&mut self, what: &str, ready: impl Fn(&str) -> bool) {
        let mut said = String::new();
        loop {
            let screen = self.screen();
            if ready(&screen) || ready(&said) {
                return;
            }
            let left = self.deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(chunk) => {
                    said.push_str(&String::from_utf8_lossy(&chunk));
                    self.parser.process(&chunk);
                }
                Err(RecvTimeoutError::Disconnected) => {
                    self.closed = true;
                    assert!(
                        ready(&self.screen()) || ready(&said),
                        "{}'s session ended before {what}\n{}\n{said}",
                        self.name,
                        self.screen()
                    );
                    return;
                }
                Err(RecvTimeoutError::Timeout) => panic!("{} gave up after {DEADLINE:?} waiting for {what}\n{}", self.name, self.screen()),
            }
        }
    }

    pub fn wait_for(&mut self, text: &str) {
        self.wait_until(&format!("{text:?}"), |screen| screen.contains(text));
    }

    /// Types `keys` (bytes as a terminal sends them).
    pub fn send(&self, rt: &tokio::runtime::Runtime, keys: &str) {
        rt.block_on(self.write.data_bytes(keys.as_bytes().to_vec())).expect("send keys");
    }

    /// Writes an idea on step 2 and waits until it is listed as theirs.
    pub fn write_idea(&mut self, rt: &tokio::runtime::Runtime, idea: &str) {
        self.wait_for("Step 2 · Brainstorm");
        self.send(rt, &format!("{idea}\r"));
        self.wait_until(&format!("{idea:?} among their ideas"), |screen| screen.contains(idea) && screen.contains("Your ideas ("));
    }

    /// Waits until the host ends the session.
    pub fn wait_closed(&mut self) {
        let left = self.deadline.saturating_duration_since(Instant::now());
        while !self.closed {
            match self.output.recv_timeout(left) {
                Ok(chunk) => self.parser.process(&chunk),
                Err(RecvTimeoutError::Disconnected) => self.closed = true,
                Err(RecvTimeoutError::Timeout) => panic!("{}'s session was not closed\n{}", self.name, self.screen()),
            }
        }
    }

    /// Hangs up, as closing a laptop would.
    pub fn hang_up(self, rt: &tokio::runtime::Runtime) {
        let _ = rt.block_on(self.session.disconnect(russh::Disconnect::ByApplication, "bye", "en"));
    }
}

/// The port the host shows in its join line (`ssh -p PORT YOURNAME@…`).
pub fn port_on(screen: &str) -> Option<u16> {
    let at = screen.find("ssh -p ")? + "ssh -p ".len();
    screen[at..].split_whitespace().next()?.parse().ok()
}
