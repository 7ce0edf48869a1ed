//! The frame around every screen: step tabs, step title with its coaching hint, status bar
//! and footer hints generated from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::{App, not_saved};
use crate::action::Action;
use crate::document::SaveState;
use crate::model::Step;
use crate::ui::text::{fit, wrap};
use crate::ui::theme::Palette;

const BRAND: &str = " ⚓ Quarterdeck ";
const BRAND_NARROW: &str = " ⚓ ";
/// Below this width the brand shrinks so all five tabs fit.
const NARROW: u16 = 90;

fn brand(width: u16) -> &'static str {
    if width < NARROW { BRAND_NARROW } else { BRAND }
}

/// The label of each tab, as drawn: ` 1 Backlog `, led by the key that goes there (from
/// the keymap, so a remapped key shows); the objectives tab counts the coach's findings.
fn tab_label(app: &App, step: Step, findings: usize) -> String {
    let key = app
        .keymap
        .help(crate::keymap::Context::Step)
        .into_iter()
        .find(|b| b.action == crate::action::Action::GoToStep(step))
        .and_then(|b| b.keys.first().map(|k| k.label()))
        .unwrap_or_else(|| step.number().to_string());
    if step == Step::Objectives && findings > 0 {
        format!(" {key} {} ({findings}) ", step.title())
    } else {
        format!(" {key} {} ", step.title())
    }
}

/// The coach's open findings, for the objectives tab.
fn open_findings(app: &App) -> usize {
    app.doc.as_ref().map_or(0, |d| d.findings().len())
}

/// Which tab is under column `x` of the tab row.
pub fn tab_at(x: u16, app: &App) -> Option<Step> {
    let findings = open_findings(app);
    let mut start = brand(app.width).width() as u16;
    for step in Step::ALL {
        let w = tab_label(app, step, findings).width() as u16;
        if x >= start && x < start + w {
            return Some(step);
        }
        start += w + 1;
    }
    None
}

pub fn tabs(frame: &mut Frame, area: Rect, app: &App, palette: &Palette) {
    let on_step = app.step().is_some() && app.doc.is_some();
    let brand = if on_step { brand(area.width) } else { BRAND };
    let mut spans = vec![Span::styled(brand, palette.title)];
    if let Some(target) = app.doc.as_ref().and_then(|d| d.proposal.as_ref()) {
        spans.push(Span::styled(format!(" proposal by {} ", target.author), palette.tab_active));
        let file = format!(" → {}", target.path.display());
        spans.push(Span::styled(fit(&file, (area.width as usize).saturating_sub(40)), palette.muted));
    } else if let Some(current) = app.step().filter(|_| on_step) {
        let findings = open_findings(app);
        for step in Step::ALL {
            let style = if step == current { palette.tab_active } else { palette.tab };
            spans.push(Span::styled(tab_label(app, step, findings), style));
            spans.push(Span::raw(" "));
        }
    } else {
        spans.push(Span::styled("home", palette.muted));
    }
    // On a step the timebox is on the title row, where there is room for it at 80 columns;
    // elsewhere it stays on this row.
    let timer = if on_step { None } else { timer_span(app, palette) };
    let timer_w = timer.as_ref().map_or(0, |t| t.content.width());
    if let Some(doc) = &app.doc
        && on_step
        && doc.proposal.is_none()
    {
        let used: usize = spans.iter().map(|s| s.content.width()).sum::<usize>() + timer_w;
        let room = (area.width as usize).saturating_sub(used + 1);
        if room > 8 {
            let name = fit(&doc.workshop().name, room);
            let pad = room.saturating_sub(name.width());
            spans.push(Span::raw(" ".repeat(pad)));
            spans.push(Span::styled(name, palette.muted));
        }
    }
    if let Some(timer) = timer {
        let used: usize = spans.iter().map(|s| s.content.width()).sum();
        spans.push(Span::raw(" ".repeat((area.width as usize).saturating_sub(used + timer_w))));
        spans.push(timer);
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(palette.base), area);
}

/// The timebox while it is set going: `⏱ 07:42`, `⏱ 07:42 paused`, and once it runs out
/// `TIME'S UP +01:05` in red, counting the overtime.
pub fn timer_span(app: &App, palette: &Palette) -> Option<Span<'static>> {
    if !app.timer.is_visible() {
        return None;
    }
    let now = app.clock.now();
    let text = app.timer.display(now);
    let paused = if app.timer.is_running() { "" } else { " paused" };
    Some(if app.timer.is_over(now) {
        Span::styled(format!(" ⏱ TIME'S UP {text}{paused} "), palette.bad.add_modifier(Modifier::REVERSED))
    } else {
        Span::styled(format!(" ⏱ {text}{paused} "), palette.banner)
    })
}

/// The step title and its one-line coaching hint (two rows; in present mode the title is
/// set apart with a rule so it reads from across a room).
pub fn step_title(frame: &mut Frame, area: Rect, step: Step, app: &App, palette: &Palette) {
    let present = app.present;
    let width = area.width as usize;
    if app.drafting() {
        let other = app.keymap.hint(app.help_context(), Action::NextStep);
        let (title, hint) = if step == Step::Objectives {
            (
                format!(" Your proposal: key results and objectives  ({other} initiatives)"),
                " Propose key results (\"from X to Y\") for the team's objectives (the first row), or objectives of your own.",
            )
        } else {
            (
                format!(" Your proposal  ({other} key results and objectives)"),
                " Draft initiatives on your own, with a size and a rough impact and cost; the facilitator merges this file.",
            )
        };
        let lines =
            vec![Line::from(Span::styled(fit(&title, width), palette.title)), Line::from(Span::styled(fit(hint, width), palette.muted))];
        frame.render_widget(Paragraph::new(lines).style(palette.base), area);
        return;
    }
    let title = format!(" Step {} · {}", step.number(), step.title());
    let title = if present { title.to_uppercase() } else { title };
    let mut first = vec![Span::styled(title.clone(), palette.title)];
    if let Some(timer) = timer_span(app, palette) {
        let pad = width.saturating_sub(title.width() + timer.content.width());
        first.push(Span::raw(" ".repeat(pad)));
        first.push(timer);
    }
    let lines = if present {
        vec![Line::from(first), Line::from(Span::styled("━".repeat(width), palette.accent))]
    } else {
        vec![Line::from(first), Line::from(Span::styled(fit(&format!(" {}", step.hint()), width), palette.muted))]
    };
    frame.render_widget(Paragraph::new(lines).style(palette.base), area);
}

/// The status bar: the workshop, the message of the moment and the save state. A message
/// too long for one row wraps onto up to three (it is never cut short of that), starting on
/// the row below when a banner leaves it less than half the row; the save state keeps its
/// place at the right of the first row.
pub fn status_lines(app: &App, palette: &Palette, width: usize) -> Vec<Line<'static>> {
    let mut left: Vec<Span<'static>> = Vec::new();
    if let Some(banner) = &app.banner {
        left.push(Span::styled(format!(" {banner} "), palette.banner));
    }
    let right = match &app.doc {
        Some(s) if app.step().is_some() => {
            let w = s.workshop();
            let team = if w.team.is_empty() { String::new() } else { format!(" · {}", w.team) };
            left.push(Span::styled(format!(" {} · {}{team} ", w.name, w.period.label), palette.muted));
            match (&s.read_only, &s.save) {
                (Some(_), _) => Span::styled(" READ-ONLY ", palette.warn),
                (None, SaveState::Saved(at)) => Span::styled(format!(" saved {} ", app.clock.time_of_day(*at)), palette.ok),
                (None, SaveState::Pending) => Span::styled(" saving… ", palette.muted),
                (None, SaveState::Failed(_)) => Span::styled(failed_text(app, width, &left), palette.bad),
                (None, SaveState::NotKept) => Span::styled(" not saved (demo) ", palette.warn),
            }
        }
        _ => Span::raw(""),
    };
    // However long the reason, "NOT SAVED" always shows: the reason is cut, never the state.
    let right =
        if right.content.width() + 1 > width { Span::styled(fit(&right.content, width.saturating_sub(1)), right.style) } else { right };
    let right_w = right.content.width();
    let mut more: Vec<Line<'static>> = Vec::new();
    if let Some(m) = &app.message {
        // The message matters more than the workshop's name, which the tabs row shows too.
        let style = if m.error { palette.bad } else { palette.accent };
        let used = |left: &[Span]| left.iter().map(|s| s.content.width()).sum::<usize>();
        if m.text.width() + 2 + right_w + used(&left) > width && left.len() > usize::from(app.banner.is_some()) {
            left.pop();
        }
        let beside = width.saturating_sub(used(&left) + right_w + 1).max(1);
        // Squeezed beside a banner, a long message starts on the row below, at full width.
        let below = m.text.width() >= beside && beside < width / 2;
        let room = if below { width.saturating_sub(1) } else { beside };
        let mut lines = wrap(&m.text, room.saturating_sub(1)).into_iter();
        if !below {
            left.push(Span::styled(format!(" {}", lines.next().unwrap_or_default()), style));
        }
        let rest: Vec<String> = lines.collect();
        let shown = rest.len().min(if below { 3 } else { 2 });
        for (n, line) in rest.iter().take(shown).enumerate() {
            // A third row that is not the last says so rather than stopping mid-sentence.
            let line =
                if n + 1 == shown && rest.len() > shown { fit(&format!("{line} {}", rest[shown..].join(" ")), room) } else { line.clone() };
            more.push(Line::from(Span::styled(format!(" {line}"), style)));
        }
    }
    let used: usize = left.iter().map(|s| s.content.width()).sum();
    let mut spans = left;
    if used + right_w < width {
        spans.push(Span::raw(" ".repeat(width - used - right_w)));
        spans.push(right);
    } else if right_w < width {
        // The save state matters more than the rest: keep it, cut the left.
        let keep = width - right_w;
        let joined: String = spans.iter().map(|s| s.content.as_ref()).collect();
        spans = vec![Span::styled(fit(&joined, keep), palette.muted), right];
    }
    let mut lines = vec![Line::from(spans)];
    lines.extend(more);
    lines
}

pub fn status(frame: &mut Frame, area: Rect, lines: Vec<Line<'static>>, palette: &Palette) {
    frame.render_widget(Paragraph::new(lines).style(palette.base), area);
}

/// `NOT SAVED` and as much of the short reason as leaves room for the message (or a third
/// of the line for the workshop's name): never cut below the words `NOT SAVED`.
fn failed_text(app: &App, width: usize, left: &[Span]) -> String {
    let short = not_saved::short(app).unwrap_or_default();
    let room = match &app.message {
        Some(m) => width.saturating_sub(m.text.width() + 3),
        None => width.saturating_sub(left.iter().map(|s| s.content.width()).sum::<usize>().min(width / 3)),
    };
    not_saved::status_text(&short, room)
}

/// The room's line on the facilitator's screen: how to join, the code, how far the room is.
pub fn room_line(frame: &mut Frame, area: Rect, app: &App, palette: &Palette) {
    let Some(room) = &app.room else { return };
    let progress = app.room_progress().unwrap_or_default();
    let line = Line::from(vec![
        Span::styled(" Room ", palette.tab_active),
        Span::styled(format!(" {} ", room.invite.command), palette.accent),
        Span::styled(format!("· code {} ", room.invite.code), palette.title),
        Span::styled(format!("· {progress}"), palette.ok),
    ]);
    frame.render_widget(Paragraph::new(line).style(palette.base), area);
}

pub fn footer(frame: &mut Frame, area: Rect, app: &App, palette: &Palette) {
    // Help first: whatever else is cut on a narrow screen, `?` is always findable.
    let mut bindings = app.keymap.footer(app.context());
    bindings.sort_by_key(|b| b.action != crate::action::Action::Help);
    crate::ui::key_hints(frame, area, &bindings, palette);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_positions_match_labels() {
        for width in [80, 100] {
            let clock = crate::model::Clock::Fixed(jiff::Timestamp::UNIX_EPOCH);
            let mut app = App::new(clock, crate::ui::theme::ThemeName::Dark, std::path::PathBuf::new());
            app.width = width;
            let start = brand(width).width() as u16;
            assert_eq!(tab_at(start, &app), Some(Step::Backlog));
            assert_eq!(tab_at(start.saturating_sub(1), &app), None);
            let second = start + tab_label(&app, Step::Backlog, 0).width() as u16 + 1;
            assert_eq!(tab_at(second, &app), Some(Step::Brainstorm));
        }
    }
}
