//! The command line (clap): global options, the subcommands that print and exit, and the
//! start of the interactive app. Errors are one sentence naming the file.

use std::io::IsTerminal;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use color_eyre::eyre::{Result, eyre};
use ratatui::crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture};
use ratatui::crossterm::execute;

use crate::app::run::{Runtime, TerminalEvents, run};
use crate::app::{App, Clock};
use crate::model::text::clean_line;
use crate::model::{Period, Step, Workshop};
use crate::store::{Store, slug};
use crate::ui::theme::ThemeName;

mod check;

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
    /// Record this week's check-in of a key result from a script (a cron job, CI).
    Checkin {
        /// The workshop.
        workshop: String,
        /// The key result: its id (KR12) or a unique part of its description.
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
        /// CSV: key results and check-ins (default), or initiatives.
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

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Markdown,
    Csv,
    Json,
}

/// Which CSV `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CsvWhat {
    KeyResults,
    Initiatives,
}

/// How `check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

/// Where the interactive app starts.
enum Start {
    Home,
    Open(String, Option<Step>),
    Draft(Box<Workshop>, crate::app::ProposalTarget),
}

/// Runs the command line; the exit code is 0 unless a command says otherwise (`check`).
pub fn main(cli: &Cli) -> Result<std::process::ExitCode> {
    if let Some(Command::Check { workshop, format, objective, key_result }) = &cli.command {
        return Ok(check(cli, workshop.as_deref(), *format, objective, key_result));
    }
    dispatch(cli).map(|()| std::process::ExitCode::SUCCESS)
}

fn dispatch(cli: &Cli) -> Result<()> {
    let dir = Store::resolve_dir(cli.data_dir.clone())?;
    let theme = cli.theme.unwrap_or_else(|| ThemeName::from_env(std::env::var_os("NO_COLOR").as_deref()));
    match &cli.command {
        None => {
            let (store, notices) = Store::open(dir)?;
            interactive(cli, store, &notices, Start::Home, theme, None)
        }
        Some(Command::List) => {
            let (store, notices) = Store::open(dir)?;
            for n in &notices {
                eprintln!("{}", clean_line(n));
            }
            list(&store);
            Ok(())
        }
        Some(Command::New { name, team, period }) => {
            let (store, notices) = Store::open(dir)?;
            let today = Clock::System.today();
            let period = match period {
                Some(p) => Period::parse(p)?,
                None => Period::quarter_of(today).next(),
            };
            let workshop = Workshop::new(name, team.as_deref().unwrap_or(""), period, Clock::System.now());
            if workshop.name.is_empty() {
                return Err(eyre!("a workshop needs a name: quarterdeck new \"Platform team 2027-Q1\""));
            }
            let slug = store.create(&workshop)?;
            println!("created {} in {}", workshop.name, store.path_of(&slug).display());
            if std::io::stdout().is_terminal() { interactive(cli, store, &notices, Start::Open(slug, None), theme, None) } else { Ok(()) }
        }
        Some(Command::Open { name } | Command::Review { name }) => {
            let (store, notices) = Store::open(dir)?;
            let found = find(&store, name)?;
            let step = matches!(cli.command, Some(Command::Review { .. })).then_some(Step::Review);
            interactive(cli, store, &notices, Start::Open(found, step), theme, None)
        }
        Some(Command::Propose { author, out }) => {
            let (store, notices) = Store::open(dir)?;
            let (draft, target) = open_draft(&store, author.as_deref(), out.as_deref())?;
            interactive(cli, store, &notices, Start::Draft(Box::new(draft), target), theme, None)
        }
        Some(Command::Merge { workshop, files }) => {
            let (store, _) = Store::open(dir)?;
            merge(&store, workshop, files)
        }
        Some(Command::Import { workshop, file, format }) => {
            let (store, _) = Store::open(dir)?;
            import(&store, workshop, file, format.as_deref())
        }
        Some(Command::Check { .. }) => Ok(()),
        Some(Command::Export { workshop, format, output, what, themes, backlog, history, learnings, all }) => {
            let (store, _) = Store::open(dir)?;
            let slug = find(&store, workshop)?;
            let w = store.load(&slug)?;
            let sections = if *all {
                crate::export::MarkdownSections::ALL
            } else {
                crate::export::MarkdownSections { themes: *themes, backlog: *backlog, history: *history, learnings: *learnings }
            };
            let text = export_text(&w, *format, *what, sections, Clock::System.today());
            match output {
                Some(path) => {
                    write_export(path, &text)?;
                    eprintln!("wrote {}", path.display());
                }
                None => print!("{text}"),
            }
            Ok(())
        }
        Some(Command::Checkin { workshop, key_result, value, status, confidence, note }) => {
            let (store, _) = Store::open(dir)?;
            let words = crate::screen::review::CheckInWords {
                value: value.clone(),
                status: status.clone().unwrap_or_default(),
                confidence: confidence.clone().unwrap_or_default(),
                note: note.clone().unwrap_or_default(),
                reason: None,
            };
            checkin(&store, workshop, key_result, &words)
        }
        Some(Command::Demo { keep }) => {
            let demo = crate::demo::demo_workshop(Clock::System.today());
            if *keep {
                let (store, notices) = Store::open(dir)?;
                let slug = store.create(&demo)?;
                eprintln!("saved the demo as {}", store.path_of(&slug).display());
                return interactive(cli, store, &notices, Start::Open(slug, None), theme, None);
            }
            let temp = tempfile::Builder::new().prefix("quarterdeck-demo-").tempdir()?;
            let (store, notices) = Store::open(temp.path().to_path_buf())?;
            let slug = store.create(&demo)?;
            let banner = "DEMO: changes vanish on quit (demo --keep keeps a copy)".to_string();
            let result = interactive(cli, store, &notices, Start::Open(slug, None), theme, Some(banner));
            drop(temp);
            result
        }
    }
}

/// Finds a workshop by file name, slug of the name, or name (any case).
fn find(store: &Store, name: &str) -> Result<String> {
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

/// The text of an export.
pub fn export_text(
    w: &Workshop,
    format: ExportFormat,
    what: CsvWhat,
    sections: crate::export::MarkdownSections,
    today: jiff::civil::Date,
) -> String {
    match (format, what) {
        (ExportFormat::Markdown, _) => crate::export::markdown(w, w.current_week(today), sections),
        (ExportFormat::Csv, CsvWhat::KeyResults) => crate::export::check_ins_csv(w),
        (ExportFormat::Csv, CsvWhat::Initiatives) => crate::export::initiatives_csv(w),
        (ExportFormat::Json, _) => crate::export::json(w),
    }
}

/// Writes an export durably (temporary file, fsync, rename), so a half-written document
/// never replaces a good one.
pub fn write_export(path: &std::path::Path, text: &str) -> Result<()> {
    use std::io::Write as _;
    let fail = |e: std::io::Error| eyre!("could not write {}: {e}", path.display());
    let mut file = atomic_write_file::AtomicWriteFile::options().open(path).map_err(fail)?;
    file.write_all(text.as_bytes()).map_err(fail)?;
    file.commit().map_err(fail)
}

/// `checkin`: one check-in for this week, from a script.
fn checkin(store: &Store, workshop: &str, key_result: &str, words: &crate::screen::review::CheckInWords) -> Result<()> {
    let slug = find(store, workshop)?;
    let _lock = match store.lock(&slug)? {
        crate::store::LockOutcome::Acquired(lock) => lock,
        crate::store::LockOutcome::HeldBy(holder) => {
            return Err(eyre!("{slug} is open in another Quarterdeck ({holder}); check in from its review screen or close it first"));
        }
    };
    let mut w = store.load(&slug)?;
    let wanted = clean_line(key_result);
    let krs: Vec<(crate::model::KeyResultId, String)> =
        w.objectives.iter().flat_map(|o| &o.key_results).map(|k| (k.id, k.description.clone())).collect();
    let by_id = krs.iter().find(|(id, _)| id.to_string().eq_ignore_ascii_case(&wanted) || id.0.to_string() == wanted);
    let by_text: Vec<_> = krs.iter().filter(|(_, d)| d.to_lowercase().contains(&wanted.to_lowercase())).collect();
    let id = match (by_id, by_text.as_slice()) {
        (Some((id, _)), _) | (None, [(id, _)]) => *id,
        (None, []) => {
            let ids: Vec<String> = krs.iter().map(|(id, _)| id.to_string()).collect();
            return Err(eyre!("no key result in {slug} matches \"{wanted}\"; use one of {}", ids.join(", ")));
        }
        (None, many) => {
            let ids: Vec<String> = many.iter().map(|(id, _)| id.to_string()).collect();
            return Err(eyre!("\"{wanted}\" matches several key results in {slug} ({}); use the id", ids.join(", ")));
        }
    };
    let today = Clock::System.today();
    let week = w.current_week(today);
    let status =
        crate::screen::review::record_check_in(&mut w, id, words, week, today).map_err(|(_, why)| eyre!("{id} not checked in: {why}"))?;
    store.save(&slug, &w)?;
    println!("checked in {id} for week {week}: {}", status.label());
    Ok(())
}

/// `check`: the coach's findings for a workshop or for single texts (see `cli/check.rs`).
fn check(cli: &Cli, workshop: Option<&str>, format: CheckFormat, objectives: &[String], key_results: &[String]) -> std::process::ExitCode {
    let fail = |message: String| {
        eprintln!("quarterdeck: {}", clean_line(&message));
        std::process::ExitCode::from(2)
    };
    let (label, findings) = if let Some(name) = workshop {
        let loaded = Store::resolve_dir(cli.data_dir.clone())
            .and_then(|dir| Store::open(dir).map(|(store, _)| store))
            .map_err(|e| e.to_string())
            .and_then(|store| {
                let slug = find(&store, name).map_err(|e| e.to_string())?;
                store.load(&slug).map(|w| (store.path_of(&slug), w)).map_err(|e| e.to_string())
            });
        match loaded {
            Ok((path, w)) => (path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default(), check::of_workshop(&w)),
            Err(e) => return fail(e),
        }
    } else if objectives.is_empty() && key_results.is_empty() {
        return fail("check needs a workshop name, or texts to lint with --objective or --key-result".into());
    } else {
        ("the texts given".to_string(), check::of_texts(objectives, key_results))
    };
    check::report(&label, &findings, format == CheckFormat::Json)
}

/// The proposal to draft: the existing file reopened, or a new one.
fn open_draft(store: &Store, author: Option<&str>, out: Option<&std::path::Path>) -> Result<(Workshop, crate::app::ProposalTarget)> {
    use crate::model::proposal::Proposal;
    let author = author
        .map(String::from)
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .map(|a| clean_line(&a))
        .unwrap_or_default();
    let path = out.map_or_else(|| store.default_proposal_path(&author), std::path::Path::to_path_buf);
    let now = Clock::System.now();
    let proposal = if path.exists() { crate::store::read_proposal(&path).map_err(|e| eyre!(e))? } else { Proposal::new(&author, now) };
    let target = crate::app::ProposalTarget { path, id: proposal.id.clone(), author: proposal.author.clone(), created: proposal.created };
    Ok((proposal.to_draft(now), target))
}

/// Merges proposal files into a workshop, one summary line each.
fn merge(store: &Store, workshop: &str, paths: &[PathBuf]) -> Result<()> {
    let slug = find(store, workshop)?;
    let _lock = match store.lock(&slug)? {
        crate::store::LockOutcome::Acquired(lock) => lock,
        crate::store::LockOutcome::HeldBy(holder) => {
            return Err(eyre!("{slug} is open in another Quarterdeck ({holder}); merge from its brainstorm screen (m) or close it first"));
        }
    };
    let mut files = Vec::new();
    for path in paths {
        files.extend(crate::store::proposal_files(path).map_err(|e| eyre!(e))?);
    }
    // Read every file before changing anything: one bad file merges nothing.
    let proposals = files
        .iter()
        .map(|f| {
            let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            crate::store::read_proposal(f).map(|p| (name, p)).map_err(|e| eyre!(e))
        })
        .collect::<Result<Vec<_>>>()?;
    if proposals.is_empty() {
        return Err(eyre!("no proposal files found in what was given; pass proposal files or folders of them"));
    }
    let mut w = store.load(&slug)?;
    let today = Clock::System.today();
    let summaries: Vec<String> = proposals.iter().map(|(name, p)| w.merge_proposal(p, name, today).summary(name)).collect();
    store.save(&slug, &w)?;
    for s in summaries {
        println!("{s}");
    }
    Ok(())
}

fn import(store: &Store, workshop: &str, file: &std::path::Path, format: Option<&str>) -> Result<()> {
    let format = match format {
        None => None,
        Some(name) => Some(crate::import::Format::parse(name).ok_or_else(|| {
            let known: Vec<&str> = crate::import::Format::ALL.iter().map(|f| f.name()).collect();
            eyre!("unknown format \"{}\": use one of {}", clean_line(name), known.join(", "))
        })?),
    };
    let slug = find(store, workshop)?;
    let _lock = match store.lock(&slug)? {
        crate::store::LockOutcome::Acquired(lock) => lock,
        crate::store::LockOutcome::HeldBy(holder) => {
            return Err(eyre!("{slug} is open in another Quarterdeck ({holder}); import from its backlog screen (i) or close it first"));
        }
    };
    let mut w = store.load(&slug)?;
    let (name, imported) = crate::import::read_and_import(file, format).map_err(|e| eyre!(e))?;
    let report = w.import_backlog(imported, &name);
    store.save(&slug, &w)?;
    println!("{}", report.summary(&name));
    Ok(())
}

fn list(store: &Store) {
    let listings = store.list();
    if listings.is_empty() {
        println!("no workshops in {} yet: `quarterdeck new NAME` creates one", store.dir().display());
        return;
    }
    println!("{:<32} {:<18} {:<9} {:<12} LAST SAVED", "NAME", "TEAM", "PERIOD", "STEP");
    for l in listings {
        let saved = l.modified.map(|t| Clock::System.date_time(t)).unwrap_or_default();
        match &l.summary {
            Ok(s) => {
                let step = format!("{} {}", s.step.number(), s.step.title());
                println!("{:<32} {:<18} {:<9} {:<12} {saved}", clean_line(&s.name), clean_line(&s.team), clean_line(&s.period), step);
            }
            Err(e) => println!("{:<32} cannot open: {}", l.slug, clean_line(&e.to_string())),
        }
    }
}

fn interactive(cli: &Cli, store: Store, notices: &[String], start: Start, theme: ThemeName, banner: Option<String>) -> Result<()> {
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
    let mut events = TerminalEvents::start()?;
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
