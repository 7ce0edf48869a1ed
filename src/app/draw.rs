//! Drawing one frame from `&App`: the frame around the screen (tabs, step title, status,
//! footer — `chrome.rs`), the screen itself, and what sits over it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::widgets::{Clear, Paragraph};

use super::{App, Overlay, chrome, not_saved};
use crate::action::Action;
use crate::keymap::Context;
use crate::ui::present::{self, TimerText};
use crate::ui::{Look, help, merge_record};

pub fn draw(frame: &mut Frame, app: &App) {
    draw_with(frame, app, app.theme);
}

/// The frame in another theme: what a participant watching the shared screen sees.
pub fn draw_with(frame: &mut Frame, app: &App, theme: crate::ui::theme::ThemeName) {
    let palette = theme.palette();
    let look = Look { palette: &palette, keymap: &app.keymap, clock: app.clock, present: app.present };
    let area = frame.area();
    if crate::ui::blank_or_too_small(frame, &palette) {
        return;
    }
    // Present mode drops the key hints, and on a step the tab row too: the large title
    // says where the room is.
    let step = app.step().filter(|_| app.doc.is_some());
    let big = app.present && step.is_some() && !app.drafting() && present::fits(area);
    let footer_rows = u16::from(!app.present);
    let status_lines = chrome::status_lines(app, &palette, area.width as usize);
    // While saves fail a banner says so above the status line, in present mode too.
    let banner_rows = u16::from(not_saved::failure(app).is_some());
    let [tabs, body, room, banner, status, footer] = Layout::vertical([
        Constraint::Length(u16::from(!big)),
        Constraint::Min(0),
        Constraint::Length(u16::from(app.room.is_some())),
        Constraint::Length(banner_rows),
        Constraint::Length(status_lines.len() as u16),
        Constraint::Length(footer_rows),
    ])
    .areas(area);
    chrome::tabs(frame, tabs, app, &palette);
    let content = if let Some(step) = step {
        let title_rows = if big { present::TITLE_ROWS } else { 2 };
        let [title, _gap, content] =
            Layout::vertical([Constraint::Length(title_rows), Constraint::Length(1), Constraint::Min(0)]).areas(body);
        if big {
            let now = app.clock.now();
            let timer =
                app.timer.is_visible().then(|| TimerText { text: app.timer.display(now), over: app.timer.remaining_seconds(now) <= 0 });
            present::title(frame, title, step, timer.as_ref(), &palette);
        } else {
            chrome::step_title(frame, title, step, app, &palette);
        }
        content
    } else {
        let [_, content] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(body);
        content
    };
    // Dialogs of the screen are centred on the body, like the app's own overlays.
    app.screen.render(frame, content, body, &look, app.doc.as_ref(), &app.data_dir);
    chrome::room_line(frame, room, app, &palette);
    not_saved::banner(frame, banner, app, &palette);
    chrome::status(frame, status, status_lines, &palette);
    if !app.present {
        chrome::footer(frame, footer, app, &palette);
    }
    match &app.overlay {
        Some(Overlay::Help { scroll }) => help::render(frame, body, &app.keymap, app.help_context(), *scroll, &palette),
        Some(Overlay::NewerCopy(question)) => question.confirm.render(frame, body, &look),
        Some(Overlay::QuitUnsaved(confirm) | Overlay::Leave(confirm)) => confirm.render(frame, body, &look),
        Some(Overlay::MergeRecord { scroll }) => {
            let close = app.keymap.hint(Context::Help, Action::Back);
            let notes = app.doc.as_ref().map(crate::document::Document::merge_log).unwrap_or_default();
            merge_record::render(frame, body, notes, *scroll, &close, app.clock, &palette);
        }
        Some(Overlay::NotSaved) => not_saved::details(frame, body, app, &palette),
        Some(Overlay::Focus(focus)) => {
            let close = app.keymap.hint(Context::Help, Action::Back);
            present::focus(frame, body, focus, (!app.present).then_some(close.as_str()), &palette);
        }
        Some(Overlay::Filter(input)) => {
            // The filter is typed on the footer row, so the list above stays in view.
            let row = if app.present { status } else { footer };
            frame.render_widget(Clear, row);
            let [label, field] = Layout::horizontal([Constraint::Length(3), Constraint::Min(1)]).areas(row);
            frame.render_widget(Paragraph::new(" /").style(palette.accent), label);
            let mut input = (**input).clone();
            input.set_style(palette.base);
            input.set_cursor_style(palette.selected);
            frame.render_widget(&input, field);
        }
        Some(overlay) => {
            if let Some(dialog) = overlay.form_dialog() {
                dialog.render(frame, body, &look);
            }
        }
        None => {}
    }
}
