//! The commands that print and exit: `list`, `checkin`, `import`, `merge` and `export`.

use std::path::{Path, PathBuf};

use color_eyre::eyre::{Result, eyre};

use super::find;
use crate::export::{CsvWhat, ExportFormat, MarkdownSections};
use crate::model::Clock;
use crate::model::checkin::{CheckInWords, record_check_in};
use crate::model::text::clean_line;
use crate::store::Store;

/// `export`: the OKR document, a CSV or the JSON, to standard output or a file.
pub(super) fn export(
    store: &Store,
    workshop: &str,
    format: ExportFormat,
    what: CsvWhat,
    sections: MarkdownSections,
    output: Option<&Path>,
) -> Result<()> {
    let slug = find(store, workshop)?;
    let w = store.load(&slug)?;
    let text = crate::export::export_text(&w, format, what, sections, w.current_week(Clock::System.today()));
    match output {
        Some(path) => {
            crate::store::write_export(path, &text).map_err(|e| eyre!(e))?;
            eprintln!("wrote {}", path.display());
        }
        None => print!("{text}"),
    }
    Ok(())
}

/// `checkin`: one check-in for this week, from a script.
pub(super) fn checkin(store: &Store, workshop: &str, key_result: &str, words: &CheckInWords) -> Result<()> {
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
    let status = record_check_in(&mut w, id, words, week, today).map_err(|(_, why)| eyre!("{id} not checked in: {why}"))?;
    store.save(&slug, &w)?;
    println!("checked in {id} for week {week}: {}", status.label());
    Ok(())
}

/// Merges proposal files into a workshop, one summary line each.
pub(super) fn merge(store: &Store, workshop: &str, paths: &[PathBuf]) -> Result<()> {
    let slug = find(store, workshop)?;
    let _lock = match store.lock(&slug)? {
        crate::store::LockOutcome::Acquired(lock) => lock,
        crate::store::LockOutcome::HeldBy(holder) => {
            return Err(eyre!("{slug} is open in another Quarterdeck ({holder}); merge from its brainstorm screen (m) or close it first"));
        }
    };
    let gathered = crate::store::gather_proposals(paths);
    let (last, before) = match gathered.bad.split_last() {
        Some((last, before)) => (Some(last), before),
        None => (None, &[][..]),
    };
    // Every good file is merged; each bad one is named on its own line.
    for bad in before {
        eprintln!("quarterdeck: {bad}");
    }
    if gathered.proposals.is_empty() {
        return Err(eyre!(
            "{}",
            last.cloned().unwrap_or_else(|| "no proposal files found in what was given; pass proposal files or folders of them".into())
        ));
    }
    let mut w = store.load(&slug)?;
    let today = Clock::System.today();
    let summaries: Vec<String> = gathered.proposals.iter().map(|(name, p)| w.merge_proposal(p, name, today).summary(name)).collect();
    store.save(&slug, &w)?;
    for s in summaries {
        println!("{s}");
    }
    if w.open_candidates().next().is_some() {
        println!("proposed key results and objectives wait on step 4: `quarterdeck open {slug}`");
    }
    if let Some(note) = gathered.skipped_note() {
        println!("{note}");
    }
    match last {
        Some(last) => {
            let n = gathered.bad.len();
            let merged = gathered.proposals.len();
            Err(eyre!("{last} ({n} {} not read; the other {merged} merged)", if n == 1 { "file" } else { "files" }))
        }
        None => Ok(()),
    }
}

pub(super) fn import(store: &Store, workshop: &str, file: &Path, format: Option<&str>) -> Result<()> {
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

pub(super) fn list(store: &Store) {
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
                let step = s.step.map(|s| format!("{} {}", s.number(), s.title())).unwrap_or_default();
                println!("{:<32} {:<18} {:<9} {:<12} {saved}", clean_line(&s.name), clean_line(&s.team), clean_line(&s.period), step);
            }
            Err(e) => println!("{:<32} cannot open: {}", l.slug, clean_line(&e.to_string())),
        }
    }
}
