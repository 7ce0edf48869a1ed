//! Drawing: `draw` reads the app and paints one frame. Chrome, overlays, themes and shared
//! widgets live in `ui/`; each screen's body lives in `screen/`.

pub mod chrome;
pub mod form;
pub mod help;
pub mod list;
pub mod picker;
pub mod present;
pub mod prompt;
pub mod text;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::app::{App, Overlay, View};
use crate::screen;

/// The smallest terminal every screen is designed for.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;

pub fn draw(frame: &mut Frame, app: &App) {
    let palette = app.theme.palette();
    let area = frame.area();
    frame.render_widget(Block::new().style(palette.base), area);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = format!("terminal too small: needs at least {MIN_WIDTH}x{MIN_HEIGHT} (now {}x{})", area.width, area.height);
        frame.render_widget(Paragraph::new(text).style(palette.warn).wrap(Wrap { trim: true }), area);
        return;
    }
    // Present mode drops the key hints, and on a step the tab row too: the large title
    // says where the room is.
    let big = app.present && matches!(app.view, View::Step(_)) && !app.drafting() && present::fits(area);
    let footer_rows = u16::from(!app.present);
    let [tabs, body, status, footer] =
        Layout::vertical([Constraint::Length(u16::from(!big)), Constraint::Min(0), Constraint::Length(1), Constraint::Length(footer_rows)])
            .areas(area);
    chrome::tabs(frame, tabs, app, &palette);
    match (app.view, &app.session) {
        (View::Step(step), Some(session)) => {
            let title_rows = if big { present::TITLE_ROWS } else { 2 };
            let [title, _gap, content] =
                Layout::vertical([Constraint::Length(title_rows), Constraint::Length(1), Constraint::Min(0)]).areas(body);
            if big {
                present::title(frame, title, step, app, &palette);
            } else {
                chrome::step_title(frame, title, step, app, &palette);
            }
            screen::render_step(frame, content, app, session, step, &palette);
        }
        _ => {
            let [_, content] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(body);
            screen::home::render(frame, content, app, &palette);
        }
    }
    chrome::status(frame, status, app, &palette);
    if !app.present {
        chrome::footer(frame, footer, app, &palette);
    }
    match &app.overlay {
        Some(Overlay::Help { scroll }) => {
            help::render(frame, body, &app.keymap, app.context_beneath(), *scroll, &palette);
        }
        Some(Overlay::Form(form)) => form.render(frame, body, &palette),
        Some(Overlay::Confirm(c)) => confirm(frame, body, &c.title, &c.message, &palette),
        Some(Overlay::PathPrompt(prompt)) => prompt.render(frame, body, &palette),
        Some(Overlay::Picker(picker)) => picker.render(frame, body, &palette),
        Some(Overlay::Focus { heading, details }) => present::focus(frame, body, heading, details, &palette),
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
        // The capture line is drawn in place by the brainstorm screen.
        Some(Overlay::Capture(_)) | None => {}
    }
}

fn confirm(frame: &mut Frame, area: Rect, title: &str, message: &str, palette: &theme::Palette) {
    let width = area.width.saturating_sub(4).min(64);
    let inner_w = width.saturating_sub(2).max(1) as usize;
    let lines = message.chars().count().div_ceil(inner_w) as u16;
    let popup = form::centered(area, width, lines + 4);
    frame.render_widget(Clear, popup);
    let block = Block::new().borders(Borders::ALL).border_style(palette.warn).title(Span::styled(format!(" {title} "), palette.title));
    let text = vec![
        Line::from(message.to_string()),
        Line::from(""),
        Line::from(vec![Span::styled(" y", palette.accent), Span::raw(" yes   "), Span::styled("n", palette.accent), Span::raw(" no")]),
    ];
    frame.render_widget(Paragraph::new(text).block(block).style(palette.base).wrap(Wrap { trim: true }), popup);
}
