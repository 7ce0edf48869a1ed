//! `quarterdeck host`: the room's SSH server. A tokio runtime on a thread of its own runs
//! a russh server (ring backend) that turns each participant's connection into room
//! events on the app's one channel; the app's loop stays the only owner of the workshop.
//! The door (`guard.rs`), the secrets (`keys.rs`) and one connection (`connection.rs`)
//! live beside this file.

mod connection;
pub mod guard;
pub mod keys;

use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use crate::app::room::Invite;
use crate::app::run::Incoming;

/// Where a room listens when `--listen` is not given: this machine only.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:2222";
/// A connection that has not logged in by then is closed.
const LOGIN_GRACE: Duration = Duration::from_secs(30);
/// A participant who sends nothing for this long is disconnected.
const IDLE: Duration = Duration::from_secs(60 * 60);
/// How long quitting waits for the sessions to be told the room is closed.
const CLOSING: Duration = Duration::from_secs(2);

/// What `host` was asked for.
#[derive(Debug, Clone)]
pub struct Hosting {
    pub listen: SocketAddr,
    pub code: Option<String>,
    pub times: Times,
}

/// How long the door waits: hidden options of `host`, for tests (the defaults serve a room).
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct Times {
    /// Seconds a connection may take to log in (30 by default).
    #[arg(long, value_name = "SECS", hide = true, value_parser = clap::value_parser!(u64).range(1..))]
    login_grace: Option<u64>,
    /// Seconds a participant may send nothing before being disconnected (an hour by default).
    #[arg(long, value_name = "SECS", hide = true, value_parser = clap::value_parser!(u64).range(1..))]
    idle: Option<u64>,
}

impl Times {
    fn login_grace(self) -> Duration {
        self.login_grace.map_or(LOGIN_GRACE, Duration::from_secs)
    }

    fn idle(self) -> Duration {
        self.idle.map_or(IDLE, Duration::from_secs)
    }
}

/// What every connection shares: the code, the known keys, the door, the app's channel.
pub(crate) struct Shared {
    code: String,
    keys: Vec<keys::KnownKey>,
    door: Mutex<guard::Door>,
    app: mpsc::Sender<Incoming>,
    /// Connections open now.
    open: AtomicUsize,
    login_grace: Duration,
}

/// A running room: how to join it, and how to stop it.
pub struct RoomServer {
    pub invite: Invite,
    /// The address it listens on (the port chosen when `--listen` asked for port 0).
    pub address: SocketAddr,
    /// What the participants file could not give (lines skipped).
    pub notices: Vec<String>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    done: mpsc::Receiver<()>,
}

/// Whether an address reaches beyond this machine.
pub fn is_exposed(address: &SocketAddr) -> bool {
    !address.ip().is_loopback()
}

/// Starts the room's server on its own thread; events go to `app`.
pub fn start(hosting: &Hosting, data: &Path, app: mpsc::Sender<Incoming>) -> Result<RoomServer, String> {
    let key = keys::host_key(data)?;
    let code = match &hosting.code {
        Some(code) => code.trim().to_string(),
        None => keys::new_code().map_err(|e| format!("cannot make a room code: {e}"))?,
    };
    if code.is_empty() {
        return Err("the room code cannot be empty".into());
    }
    let (known, notices) = keys::room_keys(data);
    let listener = std::net::TcpListener::bind(hosting.listen).map_err(|e| format!("cannot listen on {}: {e}", hosting.listen))?;
    listener.set_nonblocking(true).map_err(|e| e.to_string())?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let config = russh::server::Config {
        keys: vec![key],
        inactivity_timeout: Some(hosting.times.idle()),
        auth_rejection_time: Duration::from_millis(300),
        auth_rejection_time_initial: Some(Duration::ZERO),
        max_auth_attempts: 3,
        nodelay: true,
        ..russh::server::Config::default()
    };
    let shared = Arc::new(Shared {
        code: code.clone(),
        keys: known,
        door: Mutex::new(guard::Door::default()),
        app,
        open: AtomicUsize::new(0),
        login_grace: hosting.times.login_grace(),
    });
    let (stop, stopped) = tokio::sync::oneshot::channel();
    let (finished, done) = mpsc::channel();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    std::thread::Builder::new()
        .name("room".into())
        .spawn(move || {
            runtime.block_on(serve(listener, Arc::new(config), shared, stopped));
            let _ = finished.send(());
        })
        .map_err(|e| e.to_string())?;
    let host = if address.ip().is_unspecified() { "<this machine's address>".to_string() } else { address.ip().to_string() };
    let invite = Invite { command: format!("ssh -p {} YOURNAME@{host}", address.port()), code };
    Ok(RoomServer { invite, address, notices, stop: Some(stop), done })
}

impl RoomServer {
    /// Stops listening and waits (briefly) for the sessions to be closed: the app has told
    /// each the room is closed before this.
    pub fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = self.done.recv_timeout(CLOSING + Duration::from_millis(500));
    }
}

/// Accepts connections until stopped; each runs on its own task.
async fn serve(
    listener: std::net::TcpListener,
    config: Arc<russh::server::Config>,
    shared: Arc<Shared>,
    mut stopped: tokio::sync::oneshot::Receiver<()>,
) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else { return };
    let sessions = AtomicU64::new(1);
    loop {
        tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => {
                let Ok((socket, peer)) = accepted else { continue };
                if !admit(&shared, peer.ip()) {
                    drop(socket);
                    continue;
                }
                let session = sessions.fetch_add(1, Ordering::SeqCst);
                let logged_in = Arc::new(std::sync::atomic::AtomicBool::new(false));
                let handler = connection::Connection::new(shared.clone(), session, peer.ip(), logged_in.clone());
                tokio::spawn(run_connection(config.clone(), socket, handler, logged_in, shared.login_grace));
            }
        }
    }
    // The sessions were told the room is closed; give the words time to leave.
    let deadline = Instant::now() + CLOSING;
    while shared.open.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Whether a new connection from `from` may come in: not over the cap, not refused.
fn admit(shared: &Shared, from: IpAddr) -> bool {
    let refused = shared.door.lock().unwrap_or_else(std::sync::PoisonError::into_inner).refused(from, Instant::now());
    if refused || shared.open.load(Ordering::SeqCst) >= guard::MAX_CONNECTIONS {
        return false;
    }
    shared.open.fetch_add(1, Ordering::SeqCst);
    true
}

/// One connection: the SSH session until it ends, closed if it has not logged in within
/// the grace time.
async fn run_connection(
    config: Arc<russh::server::Config>,
    socket: tokio::net::TcpStream,
    handler: connection::Connection,
    logged_in: Arc<std::sync::atomic::AtomicBool>,
    login_grace: Duration,
) {
    let Ok(session) = russh::server::run_stream(config, socket, handler).await else { return };
    let handle = session.handle();
    let grace = tokio::spawn(async move {
        tokio::time::sleep(login_grace).await;
        if !logged_in.load(Ordering::SeqCst) {
            let _ = handle.disconnect(russh::Disconnect::ByApplication, "not logged in in time".into(), String::new()).await;
        }
    });
    let _ = session.await;
    grace.abort();
}
