//! Starting the interactive app: the terminal set up (raw mode, mouse, bracketed paste)
//! and always restored, the key config read, the run loop started where the command says.

use std::io::IsTerminal;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};

use color_eyre::eyre::{Result, eyre};
use ratatui::crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture};
use ratatui::crossterm::execute;

use super::Cli;
use crate::app::App;
use crate::app::run::{Runtime, TerminalEvents, run};
use crate::document::ProposalTarget;
use crate::model::text::clean_line;
use crate::model::{Clock, Step, Workshop};
use crate::store::Store;
use crate::ui::theme::ThemeName;

/// Where the interactive app starts.
pub(super) enum Start {
    Home,
    Open(String, Option<Step>),
    Draft(Box<Workshop>, ProposalTarget),
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
    let target = ProposalTarget { path, id: proposal.id.clone(), author: proposal.author.clone(), created: proposal.created };
    Ok((proposal.to_draft_as(now, &drafter), target))
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
    let mut events = TerminalEvents::start(Some(store.dir()))?;
    let terminal = ratatui::init();
    let _ = execute!(std::io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    let mut rt = Runtime::new(app, store, terminal);
    rt.ring_bell = true;
    match start {
        Start::Open(slug, step) => rt.open(&slug, step),
        Start::Draft(draft, target) => rt.draft(*draft, target),
        Start::Home => {}
    }
    let outcome = catch_unwind(AssertUnwindSafe(|| run(&mut rt, &mut events)));
    let _ = execute!(std::io::stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
    match outcome {
        Ok(result) => result,
        Err(panic) => {
            // The terminal is already restored by ratatui's hook; try to keep the work.
            rt.shutdown();
            resume_unwind(panic)
        }
    }
}
