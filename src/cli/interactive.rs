//! Starting the interactive app: the terminal set up (raw mode, mouse, bracketed paste)
//! and always restored, the key config read, the run loop started where the command says.

use std::io::IsTerminal;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};

use color_eyre::eyre::{Result, eyre};
use ratatui::crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture};
use ratatui::crossterm::execute;

use super::{Cli, find};
use crate::app::App;
use crate::app::run::{Runtime, TerminalEvents, run};
use crate::document::ProposalTarget;
use crate::model::text::clean_line;
use crate::model::{Clock, Step, Workshop};
use crate::store::Store;
use crate::ui::theme::ThemeName;

/// The app ended because of a signal, after saving and restoring the terminal: the exit
/// status is 128 + the signal's number, as a shell expects.
#[derive(Debug, thiserror::Error)]
#[error("ended by signal {0}")]
pub struct EndedBySignal(pub i32);

/// Gives the terminal back as the shell had it and stops until continued (Ctrl-Z, SIGTSTP).
fn stop_terminal() {
    let _ = execute!(std::io::stdout(), DisableMouseCapture, DisableBracketedPaste, ratatui::crossterm::cursor::Show);
    ratatui::restore();
    let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP);
}

/// Takes the terminal again after a stop: raw mode (keys act without Enter), the alternate
/// screen, mouse and bracketed paste.
fn take_terminal() {
    let _ = ratatui::crossterm::terminal::enable_raw_mode();
    let _ = execute!(std::io::stdout(), ratatui::crossterm::terminal::EnterAlternateScreen, EnableMouseCapture, EnableBracketedPaste);
}

/// Where the interactive app starts.
pub(super) enum Start {
    Home,
    Open(String, Option<Step>),
    /// Open and host the workshop as a room over SSH.
    Host(String, crate::host::Hosting),
    Draft(Box<(Workshop, ProposalTarget)>),
}

/// The proposal to draft: the existing file reopened, or a new one.
pub(super) fn open_draft(store: &Store, author: Option<&str>, out: Option<&std::path::Path>) -> Result<(Workshop, ProposalTarget)> {
    use crate::model::proposal::Proposal;
    let given = author.map(clean_line).filter(|a| !a.is_empty());
    let author = given
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .map(|a| clean_line(&a))
        .unwrap_or_default();
    let path = out.map_or_else(|| store.default_proposal_path(&author), std::path::Path::to_path_buf);
    let now = Clock::System.now();
    let proposal = if path.exists() { crate::store::read_proposal(&path).map_err(|e| eyre!(e))? } else { Proposal::new(&author, now) };
    // What `--author` adds is theirs, even in someone else's file; without it, the file's.
    let drafter = given.unwrap_or_else(|| if proposal.author.is_empty() { author.clone() } else { proposal.author.clone() });
    let base = path.exists().then(|| proposal.clone());
    let target = ProposalTarget { path, id: proposal.id.clone(), author: proposal.author.clone(), created: proposal.created, base };
    Ok((proposal.to_draft_as(now, &drafter), target))
}

/// `host`: opens the workshop and hosts it as a room over SSH.
pub(super) fn host(
    cli: &Cli,
    (store, notices): (Store, Vec<String>),
    name: &str,
    hosting: crate::host::Hosting,
    theme: ThemeName,
) -> Result<()> {
    let found = find(&store, name)?;
    interactive(cli, store, &notices, Start::Host(found, hosting), theme, None)
}

/// Starts the room's SSH server for `app`: the facilitator's screen shows how to join.
fn open_room(
    app: &mut App,
    hosting: &crate::host::Hosting,
    dir: &std::path::Path,
    waker: std::sync::mpsc::Sender<crate::app::run::Incoming>,
) -> Result<crate::host::RoomServer> {
    let server = crate::host::start(hosting, dir, waker).map_err(|e| eyre!(e))?;
    if crate::host::is_exposed(&server.address) {
        let warning = format!(
            "quarterdeck: the room listens on {}, beyond this machine: anyone who reaches it and knows the code {} can join",
            server.address, server.invite.code
        );
        crate::cli::output::err_line(&warning);
        app.error(format!("the room listens on {}: reachable beyond this machine", server.address));
    }
    if let Some(first) = server.notices.first() {
        app.error(clean_line(first));
    }
    app.room = Some(crate::app::room::Room::new(server.invite.clone()));
    Ok(server)
}

pub(super) fn interactive(
    cli: &Cli,
    store: Store,
    notices: &[String],
    start: Start,
    theme: ThemeName,
    banner: Option<String>,
) -> Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(eyre!("this needs a terminal to run interactively; `quarterdeck list` works anywhere"));
    }
    let mut app = App::new(Clock::System, theme, store.dir().to_path_buf());
    app.present = cli.present;
    app.banner = banner;
    if let Some(first) = notices.first() {
        app.info(clean_line(first));
    }
    let (keymap, messages) = crate::config::load_keymap(crate::config::keys_path().as_deref());
    app.keymap = keymap;
    if let Some(first) = messages.first() {
        app.error(clean_line(first));
    }
    for name in store.collect_rescued() {
        let trash = app.keymap.hint(crate::keymap::Context::Home, crate::action::Action::ShowTrash);
        app.info(format!("rescued \"{name}\" when saves failed: {trash} restores it from the trash"));
    }
    let mut events = TerminalEvents::start(Some(store.dir()))?;
    let server = match &start {
        Start::Host(_, hosting) => Some(open_room(&mut app, hosting, store.dir(), events.waker())?),
        _ => None,
    };
    let terminal = ratatui::init();
    let _ = execute!(std::io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    let mut rt = Runtime::new(app, store, terminal);
    rt.ring_bell = true;
    rt.save_in_background(events.waker());
    rt.stop_hook = Some(stop_terminal);
    rt.resume_hook = Some(take_terminal);
    match start {
        Start::Open(slug, step) => rt.open(&slug, step),
        Start::Host(slug, _) => rt.open(&slug, None),
        Start::Draft(draft) => {
            let (draft, target) = *draft;
            rt.draft(draft, target);
        }
        Start::Home => rt.home(),
    }
    let outcome = catch_unwind(AssertUnwindSafe(|| run(&mut rt, &mut events)));
    let _ = execute!(std::io::stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
    if let Some(server) = server {
        // Every session was told the room is closed when the loop shut down.
        rt.close_room();
        server.stop();
    }
    if let Some(path) = &rt.rescued {
        crate::cli::output::err_line(&format!(
            "quarterdeck: saves were failing, so your work was written to {}; the next start puts it in the trash view to restore",
            path.display()
        ));
    }
    match outcome {
        Ok(result) => match rt.ended_by {
            Some(signal) => Err(EndedBySignal(signal).into()),
            None => result,
        },
        Err(panic) => {
            // The terminal is already restored by ratatui's hook; try to keep the work.
            rt.shutdown();
            resume_unwind(panic)
        }
    }
}
