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
    let wanted = clean_line(key_result);
    let today = Clock::System.today();
    let outcome = store.update(&slug, Clock::System.now(), |w| {
        let id = key_result_named(w, &slug, &wanted)?;
        let week = w.current_week(today);
        let status = record_check_in(w, id, words, week, today).map_err(|(_, why)| eyre!("{id} not checked in: {why}"))?;
        Ok::<_, color_eyre::Report>(format!("checked in {id} for week {week}: {}", status.label()))
    })?;
    println!("{}", outcome?);
    Ok(())
}

/// The key result `wanted` names: its id (or an unambiguous start of it), or words of its
/// description that only it contains.
fn key_result_named(w: &crate::model::Workshop, slug: &str, wanted: &str) -> Result<crate::model::KeyResultId> {
    let krs: Vec<(crate::model::KeyResultId, String)> =
        w.objectives.iter().flat_map(|o| &o.key_results).map(|k| (k.id, k.description.clone())).collect();
    let by_id = krs.iter().find(|(id, _)| id.to_string().eq_ignore_ascii_case(wanted) || id.0.to_string() == wanted);
    let by_text: Vec<_> = krs.iter().filter(|(_, d)| d.to_lowercase().contains(&wanted.to_lowercase())).collect();
    match (by_id, by_text.as_slice()) {
        (Some((id, _)), _) | (None, [(id, _)]) => Ok(*id),
        (None, []) => {
            let ids: Vec<String> = krs.iter().map(|(id, _)| id.to_string()).collect();
            Err(eyre!("no key result in {slug} matches \"{wanted}\"; use one of {}", ids.join(", ")))
        }
        (None, many) => {
            let ids: Vec<String> = many.iter().map(|(id, _)| id.to_string()).collect();
            Err(eyre!("\"{wanted}\" matches several key results in {slug} ({}); use the id", ids.join(", ")))
        }
    }
}

/// Merges proposal files into a workshop, one summary line each.
pub(super) fn merge(store: &Store, workshop: &str, paths: &[PathBuf]) -> Result<()> {
    let slug = find(store, workshop)?;
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
    let today = Clock::System.today();
    let summaries = store.update(&slug, Clock::System.now(), |w| {
        Ok::<_, std::convert::Infallible>(
            proposals.iter().map(|(name, p)| w.merge_proposal(p, name, today).summary(name)).collect::<Vec<_>>(),
        )
    })?;
    for s in summaries.unwrap_or_else(|never| match never {}) {
        println!("{s}");
    }
    Ok(())
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
    // Read and parsed before the lock is taken: the lock is for the read-change-write only.
    let (name, imported) = crate::import::read_and_import(file, format).map_err(|e| eyre!(e))?;
    let report = store.update(&slug, Clock::System.now(), |w| Ok::<_, std::convert::Infallible>(w.import_backlog(imported, &name)))?;
    println!("{}", report.unwrap_or_else(|never| match never {}).summary(&name));
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
