//! A failed save made impossible to miss: the reason shortened so it fits any width (paths
//! cut to their file names, advice left for the details), the banner drawn while saves
//! fail, and the details view with the whole error. What failed is the store's sentence;
//! this only decides how much of it shows where.

use std::path::Path;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::App;
use crate::action::Action;
use crate::document::SaveState;
use crate::keymap::Context;
use crate::ui::form::centered;
use crate::ui::text::fit;
use crate::ui::theme::Palette;

/// Always shown while saves fail, whatever the width.
pub const NOT_SAVED: &str = "NOT SAVED";

/// The whole error of the last failed save, while saves fail (read-only windows never save).
pub fn failure(app: &App) -> Option<&str> {
    match app.doc.as_ref() {
        Some(doc) if doc.read_only.is_none() => match &doc.save {
            SaveState::Failed(reason) => Some(reason),
            _ => None,
        },
        _ => None,
    }
}

/// The folders whose paths a short reason leaves out: the data folder, and the folder of
/// the proposal being drafted.
fn known_folders(app: &App) -> Vec<&Path> {
    let proposal = app.doc.as_ref().and_then(|d| d.proposal.as_ref()).and_then(|p| p.path.parent());
    std::iter::once(app.data_dir.as_path()).chain(proposal).filter(|p| !p.as_os_str().is_empty()).collect()
}

/// The reason of the last failed save, short enough for a status line.
pub fn short(app: &App) -> Option<String> {
    failure(app).map(|full| short_reason(full, &known_folders(app)))
}

/// A save error made short: paths in `folders` (and any other absolute path) cut to their
/// file names, the operating system's error number and the advice after the first clause
/// left for the details. `could not read or write /d/a.json: Permission denied (os error
/// 13) (check that you may write to that folder)` becomes `a.json: Permission denied`.
pub fn short_reason(full: &str, folders: &[&Path]) -> String {
    let mut text = full.to_string();
    for folder in folders {
        let prefix = format!("{}{}", folder.display(), std::path::MAIN_SEPARATOR);
        text = text.replace(&prefix, "");
    }
    text = file_names_only(&text);
    for lead in ["could not read or write ", "could not write ", "could not save "] {
        if let Some(rest) = text.strip_prefix(lead) {
            text = rest.to_string();
        }
    }
    if let Some(end) = first_clause_end(&text) {
        text.truncate(end);
    }
    // Drop the error number and the advice in brackets at the end.
    while text.ends_with(')') {
        let Some(open) = text.rfind(" (") else { break };
        text.truncate(open);
    }
    text.trim().trim_end_matches('.').to_string()
}

/// Where the first clause ends: the first `; ` or `. ` outside brackets.
fn first_clause_end(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut last = ' ';
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ' ' if depth == 0 && matches!(last, ';' | '.') => return Some(i - 1),
            _ => {}
        }
        last = c;
    }
    None
}

/// Every absolute path in `text` as its last part: `/home/a/b.json:` → `b.json:`.
fn file_names_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let path_like = word.starts_with('/') && word[1..].contains('/');
        match word.rfind('/').filter(|_| path_like) {
            Some(slash) => out.push_str(&word[slash + 1..]),
            None => out.push_str(word),
        }
    }
    out
}

/// The save state as the status line shows it while saves fail, in at most `room`
/// columns: ` NOT SAVED: reason ` cut to fit, never less than ` NOT SAVED `.
pub fn status_text(short: &str, room: usize) -> String {
    let full = format!(" {NOT_SAVED}: {short} ");
    if full.width() <= room {
        return full;
    }
    let bare = format!(" {NOT_SAVED} ");
    let reason_room = room.saturating_sub(NOT_SAVED.width() + 4);
    if reason_room < 8 {
        return bare;
    }
    format!(" {NOT_SAVED}: {} ", fit(short, reason_room))
}

/// The banner over the status line while saves fail: what happened to the work and the key
/// that shows the whole error.
pub fn banner(frame: &mut Frame, area: Rect, app: &App, palette: &Palette) {
    let Some(short) = short(app) else { return };
    let key = app.keymap.hint(Context::Global, Action::WhyNotSaved);
    let width = area.width as usize;
    let tail = format!(" · press {key} for why ");
    let head = format!(" ⚠ {NOT_SAVED}: ");
    let room = width.saturating_sub(head.width() + tail.width());
    // The reason first; what that means for the work where there is room for it.
    let advice = " — kept in memory only; the next change tries again";
    let says = if short.width() + 20 <= room { format!("{short}{}", fit(advice, room - short.width())) } else { fit(&short, room) };
    let line = if room >= 12 { format!("{head}{says}{tail}") } else { fit(&format!("{head}{short}"), width) };
    frame.render_widget(Paragraph::new(line).style(palette.bad.add_modifier(ratatui::style::Modifier::REVERSED)), area);
}

/// The whole error, over the screen, until any key.
pub fn details(frame: &mut Frame, area: Rect, app: &App, palette: &Palette) {
    let full = failure(app).unwrap_or("The last save worked: nothing is waiting to be saved.");
    let close = app.keymap.hint(Context::Help, Action::Back);
    let width = area.width.saturating_sub(4).min(76);
    let advice = "Your changes are kept in this window's memory and every change tries to save again: \
                  fix the cause (free some space, make the folder writable), then change anything.";
    let close = format!("{close} closes this");
    let inner = width.saturating_sub(2).max(1) as usize;
    let rows = wrapped_rows(full, inner) + 1 + wrapped_rows(advice, inner) + 1 + wrapped_rows(&close, inner);
    let text = vec![
        Line::from(Span::styled(full.to_string(), palette.bad)),
        Line::from(""),
        Line::from(advice),
        Line::from(""),
        Line::from(Span::styled(close, palette.muted)),
    ];
    let popup = centered(area, width, (rows as u16).saturating_add(2));
    frame.render_widget(Clear, popup);
    let title = Span::styled(format!(" Why changes are {NOT_SAVED} "), palette.title);
    let block = Block::new().borders(Borders::ALL).border_style(palette.bad).title(title);
    frame.render_widget(Paragraph::new(text).block(block).style(palette.base).wrap(Wrap { trim: false }), popup);
}

/// How many rows `text` takes wrapped at word boundaries into `width` columns (as the
/// paragraph wraps it: a word longer than the row is cut).
fn wrapped_rows(text: &str, width: usize) -> usize {
    let mut rows = 1;
    let mut used = 0;
    for word in text.split(' ') {
        let w = word.width();
        if used > 0 && used + 1 + w > width {
            rows += 1;
            used = 0;
        }
        used += if used > 0 { 1 + w } else { w };
        while used > width {
            rows += 1;
            used -= width;
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_is_cut_to_the_file_and_what_went_wrong() {
        let dir = Path::new("/home/someone/very/long/folder/of/workshops");
        let full = "could not read or write /home/someone/very/long/folder/of/workshops/platform-team.json: Permission denied (os error 13) (check that you may write to that folder)";
        assert_eq!(short_reason(full, &[dir]), "platform-team.json: Permission denied");
        let elsewhere =
            "could not read or write /mnt/other/place/a.json: No space left on device (os error 28) (the disk is full; free some space)";
        assert_eq!(short_reason(elsewhere, &[dir]), "a.json: No space left on device");
        let newer = "/d/x.json was written by a newer Quarterdeck (schema 4, this one knows up to 2); update Quarterdeck to open it. The file was not changed.";
        assert_eq!(short_reason(newer, &[]), "x.json was written by a newer Quarterdeck");
        assert_eq!(short_reason("/p/mine.json already exists; choose another name", &[]), "mine.json already exists");
        assert_eq!(short_reason("disk full", &[]), "disk full");
    }

    #[test]
    fn the_status_keeps_not_saved_at_any_room() {
        let short = "platform-team.json: Permission denied";
        assert_eq!(status_text(short, 80), " NOT SAVED: platform-team.json: Permission denied ");
        let cut = status_text(short, 30);
        assert!(cut.starts_with(" NOT SAVED: platform") && cut.ends_with("… ") && cut.width() <= 30, "{cut:?}");
        assert_eq!(status_text(short, 12), " NOT SAVED ");
        assert_eq!(status_text(short, 5), " NOT SAVED ", "never less than the words themselves");
    }
}
