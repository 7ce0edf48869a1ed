//! Present mode for screen sharing: the step title in large glyphs (tui-big-text), the
//! timer large beside it while it runs, and the focus panel that shows one item enlarged.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Padding, Paragraph, Wrap};
use tui_big_text::{BigText, PixelSize};

use super::form::centered;
use super::text::fit;
use super::theme::Palette;
use crate::model::Step;

/// The timebox as present mode shows it: its time, and whether it has run out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimerText {
    pub text: String,
    pub over: bool,
}

/// One item enlarged for the room: a heading and lines of detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Focus {
    pub heading: String,
    pub details: Vec<String>,
}

/// Rows the large title takes (glyph rows plus the coaching line).
pub const TITLE_ROWS: u16 = 5;

/// Whether there is room for the large title; below it present mode keeps the plain one.
pub fn fits(area: Rect) -> bool {
    area.width >= 60 && area.height >= 22
}

pub fn title(frame: &mut Frame, area: Rect, step: Step, timer: Option<&TimerText>, palette: &Palette) {
    let [glyphs, hint] = Layout::vertical([Constraint::Length(4), Constraint::Length(1)]).areas(area);
    let text = format!("{} {}", step.number(), step.title());
    // Half-height glyphs are 8 columns wide, quadrant ones 4: the largest that fits.
    let chars = text.chars().count() as u16;
    let timer_w = timer.map_or(0, |t| t.text.chars().count() as u16 * 4 + 2);
    let size = if chars * 8 + timer_w <= glyphs.width { PixelSize::HalfHeight } else { PixelSize::Quadrant };
    let [title_area, timer_area] = Layout::horizontal([Constraint::Min(0), Constraint::Length(timer_w)]).areas(glyphs);
    let big = BigText::builder().pixel_size(size).style(palette.title).lines(vec![Line::from(text)]).build();
    frame.render_widget(big, title_area);
    if let Some(t) = timer {
        let style = if t.over { palette.bad } else { palette.accent };
        let big = BigText::builder()
            .pixel_size(PixelSize::Quadrant)
            .style(style)
            .alignment(Alignment::Right)
            .lines(vec![Line::from(t.text.clone())])
            .build();
        frame.render_widget(big, timer_area);
    }
    // Once the timebox runs out, the line under the title says so to the whole room.
    let (line, style) = match timer {
        Some(t) if t.over => (format!(" TIME'S UP: {} over the timebox", t.text.trim_start_matches('+')), palette.bad),
        _ => (format!(" {}", step.hint()), palette.muted),
    };
    frame.render_widget(Paragraph::new(fit(&line, hint.width as usize)).style(style), hint);
}

/// The heading in lines of large glyphs (4 columns by 4 rows a letter, drawn with the
/// quadrant blocks every terminal font has), when they leave room for `details_rows` below;
/// `None` (plain text) otherwise, or when it has characters the glyph font lacks.
fn large_heading(heading: &str, width: u16, height: u16, details_rows: u16) -> Option<Vec<String>> {
    if !heading.chars().all(|c| c == ' ' || c.is_ascii_graphic()) {
        return None;
    }
    let lines = super::text::wrap(heading, usize::from(width / 4));
    (lines.len() as u16 * 4 + 1 + details_rows <= height).then_some(lines)
}

/// One item enlarged, so the whole room reads the same thing: the heading in large glyphs
/// when it fits (else in bold), then every detail wrapped. `close` is the key that closes it
/// (none in present mode: no key hints for the room).
pub fn focus(frame: &mut Frame, area: Rect, focus: &Focus, close: Option<&str>, palette: &Palette) {
    let popup = centered(area, area.width.saturating_sub(6).max(10), area.height.saturating_sub(4).max(5));
    frame.render_widget(Clear, popup);
    let title = close.map_or_else(|| " Focus ".to_string(), |close| format!(" Focus · {close} closes "));
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(palette.accent)
        .style(palette.base)
        .padding(Padding::new(3, 3, 1, 1))
        .title(Span::styled(title, palette.muted));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let details_rows: u16 = focus.details.iter().map(|d| super::text::wrap(d, usize::from(inner.width)).len() as u16).sum();
    let details: Vec<Line> = focus.details.iter().map(|d| Line::from(Span::styled(d.clone(), palette.base))).collect();
    let Some(lines) = large_heading(&focus.heading, inner.width, inner.height, details_rows) else {
        let mut text = vec![Line::from(Span::styled(focus.heading.clone(), palette.title.add_modifier(Modifier::BOLD))), Line::from("")];
        text.extend(details);
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), inner);
        return;
    };
    let rows = lines.len() as u16 * 4;
    let [big, _, rest] = Layout::vertical([Constraint::Length(rows), Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    let lines: Vec<Line> = lines.into_iter().map(Line::from).collect();
    frame.render_widget(BigText::builder().pixel_size(PixelSize::Quadrant).style(palette.title).lines(lines).build(), big);
    frame.render_widget(Paragraph::new(details).wrap(Wrap { trim: false }), rest);
}
