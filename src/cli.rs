//! The command line (clap): global options and subcommands, and which one runs. The
//! commands that print and exit are in `cli/commands.rs` and `cli/check.rs`; starting the
//! interactive app is `cli/interactive.rs`; writing output is `cli/output.rs`. Errors are
//! one sentence naming the file. `list`, `check` and `export` only read: they open the
//! folder with `Store::open_existing` and write nothing.

mod check;
mod commands;
mod git;
mod interactive;
mod lookup;
pub use interactive::EndedBySignal;
pub(crate) use lookup::find;
mod method;
pub mod output;
mod progress;
mod status;

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand};
use color_eyre::eyre::{Result, eyre};

use crate::export::{CsvWhat, ExportFormat, MarkdownSections};
use crate::model::checkin::CheckInWords;
use crate::model::text::{clean_line, name_key};
use crate::model::{Clock, Period, Step, WeekChoice, Workshop};
use crate::store::Store;
use crate::ui::theme::ThemeName;
use interactive::{Start, host, interactive};

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
    /// Open a workshop and host it as a room: participants join from their own terminals
    /// with plain `ssh -p 2222 THEIRNAME@ADDRESS` and the room code, and write ideas, place
    /// dots and give confidence privately; you reveal them together.
    #[command(after_help = "Participants need nothing installed: `ssh -p PORT NAME@ADDRESS`, then the room code as the password \
(or a public key listed in DATA_DIR/room_keys as `name ssh-ed25519 AAAA…`). They get only their seat: no shell, no commands, \
no SFTP, no forwarding. The host key is kept in DATA_DIR/room/host_key.")]
    Host {
        /// The workshop to host, by name.
        name: String,
        /// Where to listen. The default is this machine only; another address (0.0.0.0 for
        /// the LAN, or behind a tunnel) lets anyone who reaches it and knows the code join.
        #[arg(long, value_name = "ADDR:PORT", default_value = crate::host::DEFAULT_LISTEN)]
        listen: std::net::SocketAddr,
        /// The room code (the password participants type); a new one each time by default.
        #[arg(long, value_name = "CODE")]
        code: Option<String>,
        #[command(flatten)]
        times: crate::host::Times,
    },
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
        #[arg(conflicts_with_all = ["objective", "key_result"])]
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
    /// Record a check-in of a key result (or a reading of a health metric) from a script (a
    /// cron job, CI).
    ///
    /// The week: this week, unless --week N or --date YYYY-MM-DD says which one (a week that
    /// has begun). Outside the period, a check-in without them is refused with the period's
    /// dates (exit 1, nothing written): after the period ends, say --week 13 to correct the
    /// last week. A back-dated check-in is judged by the pace of its own week.
    ///
    /// The value: a number with a decimal point (1.5; 1,500 is fifteen hundred; 1,5 is
    /// refused as ambiguous), optionally with a unit that converts to the key result's
    /// ("2 hours" for a key result in minutes). A value far outside the key result's range (an
    /// availability of 4 on 99.5 → 99.9 %) is refused unless --force.
    ///
    /// Replacing: one check-in a week. A second one for the same week replaces the first,
    /// which stays in the check-in's history (the review and `export --history` show it), and
    /// says so; without --note it keeps the first one's note, and without --status or
    /// --confidence the status is suggested again and the confidence kept. Replacing an
    /// earlier week's check-in needs --reason.
    ///
    /// The note: at risk and off track need one. Without --note, the value is still saved,
    /// with the suggested status, marked "note missing"; the output says so and the review
    /// shows it for the team to fill in. A value below the baseline (in the key result's
    /// direction) is a regression: never on track.
    ///
    /// A health metric's reading takes the value, --note (kept with a breach), and --week or
    /// --date; a second reading for the same week replaces the first.
    ///
    /// Exit 0 when the check-in is saved (note missing included), 1 when it is refused.
    #[command(after_help = "Example, every Friday from cron (this week; the status suggested from pace):\n  \
        quarterdeck checkin \"Platform team\" KR7F3 \"42 minutes\" --note \"Runbooks landed\"\n\
        Correct week 13 after the period ended:\n  \
        quarterdeck checkin \"Platform team\" KR7F3 9 --week 13 --reason \"final numbers from finance\"\n\
        A health metric's reading for this week:\n  \
        quarterdeck checkin \"Platform team\" \"Availability\" 99.97%")]
    Checkin {
        /// The workshop.
        workshop: String,
        /// The key result: its id or any unambiguous start of it (KR7F3, 7f3, KR12), or a
        /// unique part of its description; or a health metric: its id (H…) or a unique part
        /// of its name.
        key_result: String,
        /// The new value, e.g. 42, 99.95%, "2 hours" (done / not done for a milestone).
        value: String,
        /// on-track, at-risk or off-track (default: suggested from pace).
        #[arg(long)]
        status: Option<String>,
        /// 1–10 (default: the last one).
        #[arg(long)]
        confidence: Option<String>,
        /// What changed; at risk and off track need one (without it the check-in is saved
        /// marked "note missing").
        #[arg(long)]
        note: Option<String>,
        /// The week of the period, 1 to the last (default: this week).
        #[arg(long, value_name = "N", conflicts_with = "date")]
        week: Option<u32>,
        /// The week this date falls in, judged on that date.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// Why an earlier week's check-in is replaced (needed then).
        #[arg(long)]
        reason: Option<String>,
        /// Record a value even though it looks implausible for the key result.
        #[arg(long)]
        force: bool,
    },
    /// Export the OKRs: a Markdown document for the wiki, CSV for a spreadsheet, or the JSON.
    Export {
        workshop: String,
        #[arg(long, value_enum, default_value = "markdown")]
        format: ExportFormat,
        /// Write to FILE instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// CSV: key results and check-ins (the default), initiatives, or health metrics'
        /// readings.
        #[arg(long, value_enum)]
        what: Option<CsvWhat>,
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
        /// Markdown: only one week's digest (values and changes, status changes, the
        /// confidence spread, notes, commitments, initiatives), to paste into chat or a wiki.
        #[arg(long, conflicts_with_all = ["themes", "backlog", "history", "learnings", "all"])]
        digest: bool,
        /// The digest's week of the period (default: this week).
        #[arg(long, value_name = "N", requires = "digest")]
        week: Option<u32>,
    },
    /// What is due across every workshop in the data folder: key results to check in this
    /// week (by owner), outdated ones, periods ended but not scored, scored but not carried
    /// over. Exit 0 when nothing is due, 1 when something is (for cron or a shell prompt), 2
    /// when the folder cannot be read.
    ///
    /// With --format json: `due` (true or false), `workshops` (each with `name`, `file`,
    /// `period`, `week`, `off_week`, `review_date`, `to_check_in` and `outdated` (key results
    /// with `id`, `description`, `owners`, `week`), `unscored`, `not_carried_over`, `due`)
    /// and `unreadable` (`file`, `error`).
    Status {
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
    },
    /// The merge driver git runs for workshop files (`git-setup` installs it): merges what
    /// OURS and THEIRS changed since BASE, by id and field, into OURS. A field both sides
    /// changed keeps the later change and records the other in the workshop's merge record.
    /// Exit 0 when merged, 1 (OURS untouched, git reports a conflict) when a side cannot be read.
    MergeFile {
        /// The common ancestor (git's %O; may be empty).
        base: PathBuf,
        /// Our version (git's %A); the merge is written here.
        ours: PathBuf,
        /// Their version (git's %B).
        theirs: PathBuf,
        /// The file's name in the repository (git's %P), for messages.
        path: Option<String>,
    },
    /// Makes git merge workshops with Quarterdeck: writes `/*.json merge=quarterdeck` to the
    /// folder's .gitattributes and sets the repository's merge.quarterdeck.driver. Run once
    /// per clone, in the data folder (or pass the folder).
    GitSetup {
        /// The folder of workshops in a git repository (default: the data folder).
        dir: Option<PathBuf>,
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

/// Reads the command line: clap's parsing, then the flags that only apply with some values
/// of others (`export --themes` is for Markdown, `--what` for CSV), refused the way clap
/// refuses anything (a usage error, exit 2).
pub fn parse_args() -> Cli {
    let cli = Cli::parse();
    if let Some(Command::Export { format, what, themes, backlog, history, learnings, all, digest, .. }) = &cli.command {
        let markdown_flags = [
            ("--themes", *themes),
            ("--backlog", *backlog),
            ("--history", *history),
            ("--learnings", *learnings),
            ("--all", *all),
            ("--digest", *digest),
        ];
        let refused = match format {
            ExportFormat::Markdown => what.is_some().then_some(("--what", "csv")),
            ExportFormat::Csv => markdown_flags.iter().find(|(_, on)| *on).map(|(flag, _)| (*flag, "markdown")),
            ExportFormat::Json => what
                .is_some()
                .then_some(("--what", "csv"))
                .or_else(|| markdown_flags.iter().find(|(_, on)| *on).map(|(flag, _)| (*flag, "markdown"))),
        };
        if let Some((flag, needs)) = refused {
            let message = format!("the argument '{flag}' only applies with '--format {needs}'");
            let mut command = Cli::command();
            command.build();
            // The export subcommand's own usage, as clap shows it for its other refusals.
            let mut export = command.find_subcommand_mut("export").map(std::mem::take).unwrap_or(command);
            export.error(clap::error::ErrorKind::ArgumentConflict, message).exit();
        }
    }
    cli
}

/// Runs the command line; the exit code is 0 unless a command says otherwise (`check`).
pub fn main(cli: &Cli) -> Result<std::process::ExitCode> {
    if let Some(Command::Check { workshop, format, objective, key_result }) = &cli.command {
        return check::check(cli, workshop.as_deref(), *format, objective, key_result);
    }
    if let Some(Command::Status { format }) = &cli.command {
        let dir = Store::resolve_dir(cli.data_dir.clone())?;
        return status::status(dir, *format);
    }
    if let Some(Command::MergeFile { base, ours, theirs, path }) = &cli.command {
        return Ok(git::merge_file(base, ours, theirs, path.as_deref()));
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
        Some(Command::List) => commands::list(&Store::open_existing(dir)?),
        Some(Command::New { name, team, period }) => new(cli, open()?, name, team.as_deref(), period.as_deref(), theme),
        Some(Command::Open { name } | Command::Review { name }) => {
            let (store, notices) = open()?;
            let found = find(&store, name)?;
            let step = matches!(cli.command, Some(Command::Review { .. })).then_some(Step::Review);
            interactive(cli, store, &notices, Start::Open(found, step), theme, None)
        }
        Some(Command::Host { name, listen, code, times }) => {
            host(cli, open()?, name, crate::host::Hosting { listen: *listen, code: code.clone(), times: *times }, theme)
        }
        Some(Command::Propose { author, out }) => {
            let (store, notices) = open()?;
            let (draft, target) = interactive::open_draft(&store, author.as_deref(), out.as_deref())?;
            interactive(cli, store, &notices, Start::Draft(Box::new((draft, target))), theme, None)
        }
        Some(Command::Merge { workshop, files }) => commands::merge(&open()?.0, workshop, files),
        Some(Command::Import { workshop, file, format }) => commands::import(&open()?.0, workshop, file, format.as_deref()),
        Some(Command::Check { .. } | Command::MergeFile { .. } | Command::Status { .. }) => Ok(()),
        Some(Command::GitSetup { dir: given }) => {
            let dir = match given {
                Some(given) => given.clone(),
                None => open()?.0.dir().to_path_buf(),
            };
            git::setup(&dir)
        }
        Some(Command::Export { workshop, output, digest: true, week, .. }) => {
            commands::digest(&Store::open_existing(dir)?, workshop, *week, output.as_deref())
        }
        Some(Command::Export { workshop, format, output, what, themes, backlog, history, learnings, all, .. }) => {
            let sections = if *all {
                MarkdownSections::ALL
            } else {
                MarkdownSections { themes: *themes, backlog: *backlog, history: *history, learnings: *learnings }
            };
            let what = what.unwrap_or(CsvWhat::KeyResults);
            commands::export(&Store::open_existing(dir)?, workshop, *format, what, sections, output.as_deref())
        }
        Some(Command::Checkin { workshop, key_result, value, status, confidence, note, week, date, reason, force }) => {
            let when = match (week, date) {
                (Some(n), _) => WeekChoice::Week(*n),
                (None, Some(d)) => {
                    WeekChoice::Date(d.trim().parse().map_err(|_| eyre!("--date {}: a date like 2027-02-12", clean_line(d)))?)
                }
                (None, None) => WeekChoice::ThisWeek,
            };
            let store = open()?.0;
            // A health metric's reading, when that is what it names.
            let refused = [
                ("--status", status.is_some()),
                ("--confidence", confidence.is_some()),
                ("--reason", reason.is_some()),
                ("--force", *force),
            ];
            let reading = method::Reading { value, note: note.as_deref(), when, refused };
            let words = CheckInWords {
                value: value.clone(),
                status: status.clone().unwrap_or_default(),
                confidence: confidence.clone().unwrap_or_default(),
                note: note.clone().unwrap_or_default(),
                reason: reason.clone(),
                force: *force,
                // Cron never loses a value: a missing note is flagged, not refused.
                note_may_be_missing: true,
            };
            commands::checkin(&store, workshop, key_result, &words, &reading)
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
    let typed = clean_line(name);
    if typed.is_empty() {
        return Err(eyre!("a workshop needs a name: quarterdeck new \"Platform team 2027-Q1\""));
    }
    let chars = typed.chars().count();
    if chars > crate::model::text::MAX_TITLE_CHARS {
        return Err(eyre!(
            "a workshop's name holds {} characters and this one has {chars}; choose a shorter name",
            crate::model::text::MAX_TITLE_CHARS
        ));
    }
    let key = name_key(&typed);
    if let Some((file, existing)) = store.list().iter().find_map(|l| {
        let s = l.summary.as_ref().ok()?;
        (name_key(&s.name) == key)
            .then(|| (l.path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default(), s.name.clone()))
    }) {
        let existing = clean_line(&existing);
        return Err(eyre!(
            "there is already a workshop called \"{existing}\" ({file}), which differs only in case or spacing; open it with `quarterdeck open \"{existing}\"` or choose another name"
        ));
    }
    let workshop = Workshop::new(name, team.unwrap_or(""), period, Clock::System.now());
    let slug = store.create(&workshop)?;
    output::out_line(&format!("created {} in {}", workshop.name, store.path_of(&slug).display()))?;
    if std::io::stdout().is_terminal() { interactive(cli, store, &notices, Start::Open(slug, None), theme, None) } else { Ok(()) }
}

/// `demo`: the sample workshop in a temporary folder (or kept, with `--keep`).
fn demo(cli: &Cli, dir: &std::path::Path, keep: bool, theme: ThemeName) -> Result<()> {
    let mut demo = crate::demo::demo_workshop(Clock::System.today());
    // The second team's workshop goes beside it: one of the demo's key results depends on it.
    let mut peer = crate::demo::demo_peer(Clock::System.today());
    if keep {
        let (store, notices) = Store::open(dir.to_path_buf())?;
        // Names of their own, so no lookup can take them for workshops already there.
        let taken: Vec<String> = store.list().iter().filter_map(|l| l.summary.as_ref().ok().map(|s| name_key(&s.name))).collect();
        for w in [&mut demo, &mut peer] {
            let base = w.name.clone();
            let mut n = 1;
            while taken.contains(&name_key(&w.name)) {
                w.name = if n == 1 { format!("{base} (demo)") } else { format!("{base} (demo {n})") };
                n += 1;
            }
        }
        let peer_slug = store.create(&peer)?;
        crate::demo::depend_on_peer(&mut demo, &peer_slug, &peer.name);
        let slug = store.create(&demo)?;
        output::err_line(&format!(
            "saved the demo as {} (and {}, a team it depends on)",
            store.path_of(&slug).display(),
            store.path_of(&peer_slug).display()
        ));
        // Without a terminal, keeping it was the whole job.
        if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
            return Ok(());
        }
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
