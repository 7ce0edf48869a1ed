//! The commands that print and exit: `list`, `checkin`, `import`, `merge`, `export` and its
//! `--digest`.

use std::path::{Path, PathBuf};

use color_eyre::eyre::{Result, eyre};

use super::find;
use super::output::{err_line, out, out_line};
use crate::export::{CsvWhat, ExportFormat, MarkdownSections};
use crate::model::checkin::{CheckInOutcome, CheckInPart, CheckInWords, record_check_in};
use crate::model::objective::format_number;
use crate::model::text::clean_line;
use crate::model::{Clock, KeyResult, KeyResultId, KeyResultKind, WeekRefusal, Workshop};
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
    let working = super::progress::working(&format!("exporting {slug}"));
    let w = store.load(&slug)?;
    let text = crate::export::export_text(&w, format, what, sections, Clock::System.today());
    drop(working);
    write_out(&text, output)
}

/// An export's text to `output` (saying so on stderr), or to standard output.
fn write_out(text: &str, output: Option<&Path>) -> Result<()> {
    match output {
        Some(path) => {
            crate::store::write_export(path, text).map_err(|e| eyre!(e))?;
            err_line(&format!("wrote {}", path.display()));
        }
        None => out(text)?,
    }
    Ok(())
}

/// `export --digest`: one week's digest (this week unless `--week N`), to standard output
/// or a file.
pub(super) fn digest(store: &Store, workshop: &str, week: Option<u32>, output: Option<&Path>) -> Result<()> {
    let slug = find(store, workshop)?;
    let w = store.load(&slug)?;
    let today = Clock::System.today();
    let weeks = w.period.weeks();
    let week = match week {
        Some(n) if n == 0 || n > weeks => return Err(eyre!("--week {n}: {slug} has weeks 1 to {weeks}")),
        Some(n) => n,
        None => w.current_week(today).clamp(1, weeks.max(1)),
    };
    write_out(&crate::export::digest(&w, week, today), output)
}

/// `checkin`: one check-in, from a script. Nothing is written when it is refused.
/// `key_result` may name a health metric instead: then `reading` is its reading. Either way
/// the file is read once, under the lock.
pub(super) fn checkin(
    store: &Store,
    workshop: &str,
    key_result: &str,
    words: &CheckInWords,
    reading: &super::method::Reading,
) -> Result<()> {
    let slug = find(store, workshop)?;
    let today = Clock::System.today();
    let when = reading.when;
    let outcome = store.update(&slug, Clock::System.now(), |w| {
        if let Some(metric) = super::method::health_named(w, key_result) {
            return super::method::record_reading(w, &slug, metric, reading, today);
        }
        let id = find_key_result(w, &slug, key_result)?;
        let (week, date) = w.check_in_week(when, today).map_err(|e| match e {
            WeekRefusal::TodayOutside { .. } => eyre!("{id} not checked in: {e} (--week N or --date YYYY-MM-DD)"),
            _ => eyre!("{id} not checked in: {e}"),
        })?;
        let outcome = record_check_in(w, id, words, week, date, today).map_err(|(part, why)| match part {
            CheckInPart::Implausible => eyre!("{id} not checked in: {why}; check the value, or record it anyway with --force"),
            CheckInPart::Reason => eyre!("{id} not checked in: week {week} already has a check-in; replacing it needs --reason"),
            _ => eyre!("{id} not checked in: {why}"),
        })?;
        Ok::<_, color_eyre::Report>(outcome_lines(w, id, &outcome))
    })?;
    for line in outcome? {
        out_line(&line)?;
    }
    Ok(())
}

/// The key result `typed` names: its id or an unambiguous start of it, else a unique part
/// of its description.
fn find_key_result(w: &Workshop, slug: &str, typed: &str) -> Result<KeyResultId> {
    let wanted = clean_line(typed);
    let krs: Vec<&KeyResult> = w.objectives.iter().flat_map(|o| &o.key_results).collect();
    let ids = || krs.iter().map(|k| k.id);
    let listed = |ids: &[KeyResultId]| ids.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
    match crate::model::ids::find(ids(), &wanted, KeyResultId::starts_with) {
        Ok(id) => return Ok(id),
        Err(many) if many.len() > 1 => {
            return Err(eyre!("\"{wanted}\" is the start of several key results' ids in {slug} ({}); type more of it", listed(&many)));
        }
        Err(_) => {}
    }
    let lower = wanted.to_lowercase();
    let by_text: Vec<KeyResultId> =
        krs.iter().filter(|k| !lower.is_empty() && k.description.to_lowercase().contains(&lower)).map(|k| k.id).collect();
    match by_text.as_slice() {
        [id] => Ok(*id),
        [] => Err(eyre!("no key result in {slug} matches \"{wanted}\"; use one of {}", listed(&ids().collect::<Vec<_>>()))),
        many => Err(eyre!("\"{wanted}\" matches several key results in {slug} ({}); use the id", listed(many))),
    }
}

/// What a check-in did, for the script's log: the week and value, the status and whether
/// it was only suggested, a missing note, and what it replaced.
fn outcome_lines(w: &Workshop, id: KeyResultId, o: &CheckInOutcome) -> Vec<String> {
    let Some(kr) = w.key_result(id) else { return Vec::new() };
    let value = match &kr.kind {
        KeyResultKind::Milestone { .. } => (if o.value >= 0.5 { "done" } else { "not done" }).to_string(),
        KeyResultKind::Metric { unit, .. } | KeyResultKind::Maintain { unit, .. } if unit.is_empty() => format_number(o.value),
        KeyResultKind::Metric { unit, .. } | KeyResultKind::Maintain { unit, .. } => format!("{} {unit}", format_number(o.value)),
    };
    let how = o.suggestion().map(|s| format!(" ({s})")).unwrap_or_default();
    let mut lines = vec![format!("checked in {id} for week {} ({}): {value}, {}{how}", o.week, o.date, o.status.label())];
    if o.recorded.note_missing {
        lines.push(format!(
            "note missing: {} needs a note; saved marked \"note missing\" for the review to fill in (or run again with --note)",
            o.status.label()
        ));
    }
    if let Some(r) = &o.recorded.replaced {
        let kept = if o.recorded.note_kept { "; its note was kept" } else { "" };
        let old = KeyResult { check_ins: Vec::new(), ..kr.clone() };
        let old_value = match old.kind {
            KeyResultKind::Milestone { .. } => (if r.value >= 0.5 { "done" } else { "not done" }).to_string(),
            KeyResultKind::Metric { .. } | KeyResultKind::Maintain { .. } => format_number(r.value),
        };
        lines.push(format!(
            "replaced week {}'s earlier check-in ({old_value}, {}, confidence {}, of {}); it stays in the check-in's history{kept}",
            o.week,
            r.status.label(),
            r.confidence,
            r.date
        ));
    }
    lines
}

/// Merges proposal files into a workshop, one summary line each. Every good file is
/// merged; each bad one is named (the last as the error, exit 1), and the subfolders not
/// entered are said.
pub(super) fn merge(store: &Store, workshop: &str, paths: &[PathBuf]) -> Result<()> {
    let slug = find(store, workshop)?;
    // Read before the lock is taken: the lock is for the read-change-write only.
    let gathered = crate::store::gather_proposals(paths);
    let (last, before) = match gathered.bad.split_last() {
        Some((last, before)) => (Some(last), before),
        None => (None, &[][..]),
    };
    for bad in before {
        err_line(&format!("quarterdeck: {bad}"));
    }
    if gathered.proposals.is_empty() {
        return Err(eyre!(
            "{}",
            last.cloned().unwrap_or_else(|| "no proposal files found in what was given; pass proposal files or folders of them".into())
        ));
    }
    let today = Clock::System.today();
    let working = super::progress::working(&format!("merging {} proposals into {slug}", gathered.proposals.len()));
    let (summaries, waiting) = store.change(&slug, Clock::System.now(), |w| {
        let summaries: Vec<String> = gathered.proposals.iter().map(|(name, p)| w.merge_proposal(p, name, today).summary(name)).collect();
        (summaries, w.open_candidates().next().is_some())
    })?;
    drop(working);
    for s in summaries {
        out_line(&s)?;
    }
    if waiting {
        out_line(&format!("proposed key results and objectives wait on step 4: `quarterdeck open {slug}`"))?;
    }
    if let Some(note) = gathered.skipped_note() {
        out_line(&note)?;
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
    // Read and parsed before the lock is taken: the lock is for the read-change-write only.
    let working = super::progress::working(&format!("importing {} into {slug}", super::progress::sized(file)));
    let (name, imported) = crate::import::read_and_import(file, format).map_err(|e| eyre!(e))?;
    let report = store.change(&slug, Clock::System.now(), |w| w.import_backlog(imported, &name))?;
    drop(working);
    out_line(&report.summary(&name))?;
    Ok(())
}

/// `list`: the workshops, one a line. An error (exit 1) when the folder cannot be read, or
/// after the list when any workshop in it cannot be, naming each.
pub(super) fn list(store: &Store) -> Result<()> {
    let listings = store.try_list()?;
    if listings.is_empty() {
        return out_line(&format!("no workshops in {} yet: `quarterdeck new NAME` creates one", store.dir().display())).map_err(Into::into);
    }
    out_line(&format!("{:<32} {:<18} {:<9} {:<12} LAST SAVED", "NAME", "TEAM", "PERIOD", "STEP"))?;
    let mut unreadable = Vec::new();
    for l in &listings {
        let saved = l.modified.map(|t| Clock::System.date_time(t)).unwrap_or_default();
        match &l.summary {
            Ok(s) => {
                let step = s.step.map(|s| format!("{} {}", s.number(), s.title())).unwrap_or_default();
                out_line(&format!(
                    "{:<32} {:<18} {:<9} {:<12} {saved}",
                    clean_line(&s.name),
                    clean_line(&s.team),
                    clean_line(&s.period),
                    step
                ))?;
            }
            Err(e) => {
                out_line(&format!("{:<32} cannot open: {}", l.slug, clean_line(&e.to_string())))?;
                unreadable.push(format!("{}.json", l.slug));
            }
        }
    }
    match unreadable.as_slice() {
        [] => Ok(()),
        [one] => Err(eyre!("{one} in {} cannot be read (the list says why)", store.dir().display())),
        many => Err(eyre!("{} workshops in {} cannot be read: {} (the list says why)", many.len(), store.dir().display(), many.join(", "))),
    }
}
