//! `status`: what is due across every workshop of the data folder, for cron or a shell
//! prompt: key results to check in this meeting week (by owner), key results outdated,
//! periods ended but not scored, and scored but not carried over. Only reads. Exit 0 when
//! nothing is due, 1 when something is, 2 when the folder cannot be read; with `--format
//! json` the same as one JSON object (an error too: `{"error": "…"}`).

use std::process::ExitCode;

use color_eyre::eyre::Result;
use serde_json::{Value, json};

use super::CheckFormat;
use super::output::{err_line, out_line};
use crate::model::due::{Due, DueKeyResult};
use crate::model::text::clean_line;
use crate::model::{Clock, Workshop};
use crate::store::{Listing, Store};

/// One workshop of the folder and what is due in it.
struct Row<'a> {
    listing: &'a Listing,
    workshop: &'a Workshop,
    due: Due,
}

pub(super) fn status(dir: std::path::PathBuf, format: CheckFormat) -> Result<ExitCode> {
    let listings = match Store::open_existing(dir).and_then(|store| store.try_list()) {
        Ok(listings) => listings,
        Err(e) => {
            let said = clean_line(&e.to_string());
            if format == CheckFormat::Json {
                out_line(&json!({ "error": said }).to_string())?;
            }
            err_line(&format!("quarterdeck: {said}"));
            return Ok(ExitCode::from(2));
        }
    };
    let today = Clock::System.today();
    let workshops: Vec<(&Listing, &Workshop)> =
        listings.iter().filter_map(|l| Some((l, l.summary.as_ref().ok()?.due.as_deref()?))).collect();
    let mut rows: Vec<Row> = workshops
        .iter()
        .map(|(listing, w)| {
            let others: Vec<&Workshop> = workshops.iter().map(|(_, o)| *o).filter(|o| !std::ptr::eq(*o, *w)).collect();
            Row { listing, workshop: w, due: w.due(today, &others) }
        })
        .collect();
    rows.sort_by_key(|r| r.workshop.name.to_lowercase());
    let unreadable: Vec<&Listing> = listings.iter().filter(|l| l.summary.is_err()).collect();
    let due = rows.iter().any(|r| r.due.anything());
    match format {
        CheckFormat::Json => out_line(&serde_json::to_string_pretty(&as_json(&rows, &unreadable, due))?)?,
        CheckFormat::Text => {
            for line in as_text(&rows, &unreadable) {
                out_line(&line)?;
            }
        }
    }
    Ok(if due { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn file_name(l: &Listing) -> String {
    l.path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default()
}

/// `KR77 Reduce payment-path P1 incidents…` cut to fit a line.
fn key_result_words(kr: &DueKeyResult) -> String {
    const MAX: usize = 60;
    let text: String = kr.description.chars().take(MAX).collect();
    let cut = if kr.description.chars().count() > MAX { "…" } else { "" };
    clean_line(&format!("{} {text}{cut}", kr.id))
}

fn as_text(rows: &[Row], unreadable: &[&Listing]) -> Vec<String> {
    let mut lines = Vec::new();
    if rows.is_empty() && unreadable.is_empty() {
        lines.push("no workshops in this folder".to_string());
    }
    for r in rows {
        let w = r.workshop;
        let week = match (r.due.week, r.due.starts) {
            (Some(week), _) if r.due.off_week => format!(" · week {week} of {} (off week)", w.period.weeks()),
            (Some(week), _) => format!(" · week {week} of {}", w.period.weeks()),
            (None, Some(starts)) => format!(" · starts {starts}"),
            (None, None) => " · ended".to_string(),
        };
        lines.push(clean_line(&format!("{} ({}){week}: {}", w.name, file_name(r.listing), r.due.summary())));
        for (title, list) in [("to check in", &r.due.to_check_in), ("outdated", &r.due.outdated)] {
            if list.is_empty() {
                continue;
            }
            lines.push(format!("  {title}:"));
            for (owner, krs) in Due::by_owner(list) {
                lines.push(format!("    {}:", clean_line(&owner)));
                lines.extend(krs.iter().map(|kr| format!("      {}", key_result_words(kr))));
            }
        }
    }
    for l in unreadable {
        let why = l.summary.as_ref().err().map(ToString::to_string).unwrap_or_default();
        lines.push(clean_line(&format!("{}: cannot be read ({why})", file_name(l))));
    }
    lines
}

fn key_results_json(list: &[DueKeyResult]) -> Value {
    list.iter().map(|kr| json!({ "id": kr.id.to_string(), "description": kr.description, "owners": kr.owners, "week": kr.week })).collect()
}

fn as_json(rows: &[Row], unreadable: &[&Listing], due: bool) -> Value {
    let workshops: Vec<Value> = rows
        .iter()
        .map(|r| {
            let d = &r.due;
            json!({
                "name": r.workshop.name,
                "file": file_name(r.listing),
                "period": r.workshop.period.label,
                "week": d.week,
                "off_week": d.off_week,
                "review_date": d.review_date.map(|d| d.to_string()),
                "to_check_in": key_results_json(&d.to_check_in),
                "outdated": key_results_json(&d.outdated),
                "unscored": d.unscored,
                "not_carried_over": d.not_carried_over,
                "due": d.anything(),
            })
        })
        .collect();
    let unreadable: Vec<Value> = unreadable
        .iter()
        .map(|l| json!({ "file": file_name(l), "error": l.summary.as_ref().err().map(ToString::to_string).unwrap_or_default() }))
        .collect();
    json!({ "due": due, "workshops": workshops, "unreadable": unreadable })
}
