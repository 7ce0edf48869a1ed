//! The command line (clap): global options and subcommands, and which one runs. The
//! commands that print and exit are in `cli/commands.rs` and `cli/check.rs`; starting the
//! interactive app is `cli/interactive.rs`. Errors are one sentence naming the file.

mod check;
mod commands;
mod interactive;
mod method;

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use color_eyre::eyre::{Result, eyre};

use crate::export::{CsvWhat, ExportFormat, MarkdownSections};
use crate::model::checkin::CheckInWords;
use crate::model::text::clean_line;
use crate::model::{Clock, Period, Step, Workshop};
use crate::store::{Store, slug};
use crate::ui::theme::ThemeName;
use interactive::{Start, interactive};

/// Bottom-up OKR planning workshops and weekly reviews, in the terminal.
#[derive(Debug, Parser)]
#[command(name = "quarterdeck", version, about, long_about = None)]
pub struct Cli {
    /// Keep workshops in DIR (e.g. a git repository the team shares).
    #[arg(long, global = true, env = "QUARTERDECK_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Colour theme; `NO_COLOR` selects mono unless a theme is given.
    #[arg(long, global = true, value_enum)]
    pub theme: Option<ThemeName>,
    /// Present mode for screen sharing: large titles, no key hints.
    #[arg(long, global = true)]
    pub present: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a workshop (and open it when run in a terminal).
    New {
        name: String,
        #[arg(long)]
        team: Option<String>,
        /// e.g. 2027-Q1, 2027-H2 or 2027; defaults to the next quarter.
        #[arg(long)]
        period: Option<String>,
    },
    /// Open a workshop by name.
    Open { name: String },
    /// List the workshops: name, team, period, step, last saved.
    List,
    /// Open a sample workshop with data in every step (changes are not kept).
    Demo {
        /// Save the sample as a normal workshop instead.
        #[arg(long)]
        keep: bool,
    },
    /// Open a workshop straight at the weekly review.
    Review { name: String },
    /// Draft initiatives on your own, saved to a proposal file the facilitator merges.
    Propose {
        /// Your name, as the workshop's participants know you.
        #[arg(long)]
        author: Option<String>,
        /// Where to save the proposal (default: the data folder's proposals/NAME.json).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Merge proposal files (or folders of them) into a workshop's brainstorm.
    Merge {
        /// The workshop to merge into.
        workshop: String,
        /// Proposal files or folders.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// The coach's findings, for CI of a repository that keeps OKRs: exit 0 with no
    /// warnings, 1 with warnings, 2 when the workshop cannot be read.
    ///
    /// With --format json, each finding has: `code`, `severity` (warning or advice),
    /// `subject` (the item's id, or "text"), `kind` (objective, `key_result`, theme,
    /// initiative or workshop), `index` (a text's position among the --objective or
    /// --key-result texts, from 0) or `id` (the workshop's item), `text`, `span` (character
    /// offsets into text, and the words there), `reason`, `suggestion` and `example`. The
    /// README lists every check.
    Check {
        /// The workshop to check (or lint single texts with --objective / --key-result).
        workshop: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
        /// An objective's text to lint on its own (repeatable).
        #[arg(long, value_name = "TEXT")]
        objective: Vec<String>,
        /// A key result's text to lint on its own (repeatable).
        #[arg(long = "key-result", value_name = "TEXT")]
        key_result: Vec<String>,
    },
    /// Record this week's check-in of a key result (or reading of a health metric) from a
    /// script (a cron job, CI).
    Checkin {
        /// The workshop.
        workshop: String,
        /// The key result: its id (KR12) or a unique part of its description; or a health
        /// metric: its id (H…) or a unique part of its name.
        key_result: String,
        /// The new value (done / not done for a milestone).
        value: String,
        /// on-track, at-risk or off-track (default: suggested from pace).
        #[arg(long)]
        status: Option<String>,
        /// 1–10 (default: the last one).
        #[arg(long)]
        confidence: Option<String>,
        /// What changed (needed for at risk and off track).
        #[arg(long)]
        note: Option<String>,
    },
    /// Export the OKRs: a Markdown document for the wiki, CSV for a spreadsheet, or the JSON.
    Export {
        workshop: String,
        #[arg(long, value_enum, default_value = "markdown")]
        format: ExportFormat,
        /// Write to FILE instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// CSV: key results and check-ins (default), initiatives, or health metrics' readings.
        #[arg(long, value_enum, default_value = "key-results")]
        what: CsvWhat,
        /// Markdown: add the themes with their initiatives and votes.
        #[arg(long)]
        themes: bool,
        /// Markdown: add the shelved backlog and rescued items.
        #[arg(long)]
        backlog: bool,
        /// Markdown: add the weekly review history.
        #[arg(long)]
        history: bool,
        /// Markdown: add the learnings.
        #[arg(long)]
        learnings: bool,
        /// Markdown: every optional section.
        #[arg(long)]
        all: bool,
    },
    /// Import an old backlog into a workshop (Jira, Linear, GitLab or generic CSV,
    /// `gh issue list --json` output, a Trello board export, Markdown or text).
    Import {
        /// The workshop to import into.
        workshop: String,
        /// The backlog file.
        file: PathBuf,
        /// Force a format instead of detecting it: text, markdown, jira-csv, linear-csv,
        /// gitlab-csv, csv, github-json or trello-json.
        #[arg(long)]
        format: Option<String>,
    },
}

/// How `check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

/// Runs the command line; the exit code is 0 unless a command says otherwise (`check`).
pub fn main(cli: &Cli) -> Result<std::process::ExitCode> {
    if let Some(Command::Check { workshop, format, objective, key_result }) = &cli.command {
        return Ok(check::check(cli, workshop.as_deref(), *format, objective, key_result));
    }
    dispatch(cli).map(|()| std::process::ExitCode::SUCCESS)
}

fn dispatch(cli: &Cli) -> Result<()> {
    let dir = Store::resolve_dir(cli.data_dir.clone())?;
    let theme = cli.theme.unwrap_or_else(|| ThemeName::from_env(std::env::var_os("NO_COLOR").as_deref()));
    let open = || Store::open(dir.clone());
    match &cli.command {
        None => {
            let (store, notices) = open()?;
            interactive(cli, store, &notices, Start::Home, theme, None)
        }
        Some(Command::List) => {
            let (store, notices) = open()?;
            for n in &notices {
                eprintln!("{}", clean_line(n));
            }
            commands::list(&store);
            Ok(())
        }
        Some(Command::New { name, team, period }) => new(cli, open()?, name, team.as_deref(), period.as_deref(), theme),
        Some(Command::Open { name } | Command::Review { name }) => {
            let (store, notices) = open()?;
            let found = find(&store, name)?;
            let step = matches!(cli.command, Some(Command::Review { .. })).then_some(Step::Review);
            interactive(cli, store, &notices, Start::Open(found, step), theme, None)
        }
        Some(Command::Propose { author, out }) => {
            let (store, notices) = open()?;
            let (draft, target) = interactive::open_draft(&store, author.as_deref(), out.as_deref())?;
            interactive(cli, store, &notices, Start::Draft(Box::new(draft), target), theme, None)
        }
        Some(Command::Merge { workshop, files }) => commands::merge(&open()?.0, workshop, files),
        Some(Command::Import { workshop, file, format }) => commands::import(&open()?.0, workshop, file, format.as_deref()),
        Some(Command::Check { .. }) => Ok(()),
        Some(Command::Export { workshop, format, output, what, themes, backlog, history, learnings, all }) => {
            let sections = if *all {
                MarkdownSections::ALL
            } else {
                MarkdownSections { themes: *themes, backlog: *backlog, history: *history, learnings: *learnings }
            };
            commands::export(&open()?.0, workshop, *format, *what, sections, output.as_deref())
        }
        Some(Command::Checkin { workshop, key_result, value, status, confidence, note }) => {
            // A health metric's reading, when that is what it names.
            if let Some(done) = method::checkin_health(&open()?.0, workshop, key_result, value, note.as_deref()) {
                return done;
            }
            let words = CheckInWords {
                value: value.clone(),
                status: status.clone().unwrap_or_default(),
                confidence: confidence.clone().unwrap_or_default(),
                note: note.clone().unwrap_or_default(),
                reason: None,
            };
            commands::checkin(&open()?.0, workshop, key_result, &words)
        }
        Some(Command::Demo { keep }) => demo(cli, &dir, *keep, theme),
    }
}

/// `new`: creates a workshop, and opens it when run in a terminal.
fn new(
    cli: &Cli,
    (store, notices): (Store, Vec<String>),
    name: &str,
    team: Option<&str>,
    period: Option<&str>,
    theme: ThemeName,
) -> Result<()> {
    let period = match period {
        Some(p) => Period::parse(p)?,
        None => Period::quarter_of(Clock::System.today()).next(),
    };
    let workshop = Workshop::new(name, team.unwrap_or(""), period, Clock::System.now());
    if workshop.name.is_empty() {
        return Err(eyre!("a workshop needs a name: quarterdeck new \"Platform team 2027-Q1\""));
    }
    let slug = store.create(&workshop)?;
    println!("created {} in {}", workshop.name, store.path_of(&slug).display());
    if std::io::stdout().is_terminal() { interactive(cli, store, &notices, Start::Open(slug, None), theme, None) } else { Ok(()) }
}

/// `demo`: the sample workshop in a temporary folder (or kept, with `--keep`).
fn demo(cli: &Cli, dir: &std::path::Path, keep: bool, theme: ThemeName) -> Result<()> {
    let demo = crate::demo::demo_workshop(Clock::System.today());
    // The second team's workshop goes beside it: one of the demo's key results depends on it.
    let peer = crate::demo::demo_peer(Clock::System.today());
    if keep {
        let (store, notices) = Store::open(dir.to_path_buf())?;
        let slug = store.create(&demo)?;
        let peer_slug = store.create(&peer)?;
        eprintln!(
            "saved the demo as {} (and {}, a team it depends on)",
            store.path_of(&slug).display(),
            store.path_of(&peer_slug).display()
        );
        return interactive(cli, store, &notices, Start::Open(slug, Some(Step::Review)), theme, None);
    }
    let temp = tempfile::Builder::new().prefix("quarterdeck-demo-").tempdir()?;
    let (store, notices) = Store::open(temp.path().to_path_buf())?;
    let slug = store.create(&demo)?;
    store.create(&peer)?;
    let banner = "DEMO: changes vanish on quit (demo --keep keeps a copy)".to_string();
    // The demo opens on its weekly review, where every step's work comes together.
    let result = interactive(cli, store, &notices, Start::Open(slug, Some(Step::Review)), theme, Some(banner));
    drop(temp);
    result
}

/// Finds a workshop by file name, slug of the name, or name (any case).
pub(crate) fn find(store: &Store, name: &str) -> Result<String> {
    let wanted = slug(name);
    let listings = store.list();
    let hit = listings
        .iter()
        .find(|l| l.slug == name || l.slug == wanted)
        .or_else(|| listings.iter().find(|l| l.summary.as_ref().is_ok_and(|s| s.name.eq_ignore_ascii_case(name.trim()))));
    match hit {
        Some(l) => Ok(l.slug.clone()),
        None => {
            Err(eyre!("no workshop called \"{}\" in {}; `quarterdeck list` shows the ones there", clean_line(name), store.dir().display()))
        }
    }
}
