//! Step 3 view: initiatives with impact, cost, votes and theme, grouped by theme in board
//! order (ungrouped last), with each theme's totals.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::ListCursor;
use crate::model::{Initiative, Workshop};
use crate::ui::list;
use crate::ui::text::{fit, pad};
use crate::ui::theme::Palette;

pub fn row_count(w: &Workshop, filter: &str) -> usize {
    ordered(w, filter).len()
}

/// Initiatives matching the filter in theme order, then by votes, then impact÷cost.
pub fn ordered<'a>(w: &'a Workshop, filter: &str) -> Vec<&'a Initiative> {
    let theme_pos = |i: &Initiative| i.theme.and_then(|t| w.themes.iter().position(|x| x.id == t)).unwrap_or(usize::MAX);
    let mut list: Vec<&Initiative> = w.initiatives.iter().filter(|i| crate::screen::filter_matches(&i.title, filter)).collect();
    list.sort_by(|a, b| {
        theme_pos(a)
            .cmp(&theme_pos(b))
            .then(b.total_votes().cmp(&a.total_votes()))
            .then(b.value_ratio().unwrap_or(0.0).total_cmp(&a.value_ratio().unwrap_or(0.0)))
    });
    list
}

fn score(v: Option<u8>) -> String {
    v.map_or_else(|| "·".to_string(), |v| v.to_string())
}

pub fn render(frame: &mut Frame, area: Rect, w: &Workshop, cursor: &ListCursor, filter: &str, palette: &Palette) {
    let [head, header, body] = Layout::vertical([Constraint::Length(2), Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let unscored = w.initiatives.iter().filter(|i| i.impact.is_none() || i.cost.is_none()).count();
    let votes: u32 = w.initiatives.iter().map(Initiative::total_votes).sum();
    let themes: Vec<String> = w
        .themes
        .iter()
        .map(|t| {
            let n = w.initiatives.iter().filter(|i| i.theme == Some(t.id)).count();
            format!("{} ({n})", t.name)
        })
        .collect();
    let ungrouped = w.initiatives.iter().filter(|i| i.theme.is_none()).count();
    let line1 = format!(" {} initiatives · {unscored} unscored · {votes} votes cast · {ungrouped} ungrouped", w.initiatives.len());
    let line2 = if themes.is_empty() { " No themes yet.".to_string() } else { format!(" Themes: {}", themes.join(" · ")) };
    let width = area.width as usize;
    frame.render_widget(
        Paragraph::new(vec![Line::from(fit(&line1, width)), Line::from(Span::styled(fit(&line2, width), palette.muted))])
            .style(palette.base),
        head,
    );
    let theme_w = (width / 4).clamp(10, 24);
    let title_w = width.saturating_sub(theme_w + 23).max(10);
    let heading = format!(" {} {:>6} {:>4} {:>5}  {}", pad("Initiative", title_w), "Impact", "Cost", "Votes", "Theme");
    frame.render_widget(Paragraph::new(fit(&heading, width)).style(palette.muted), header);
    let list = ordered(w, filter);
    list::draw(frame, body, cursor, list.len(), palette, |i| {
        let ini = list[i];
        let theme = ini.theme.and_then(|t| w.theme(t)).map_or("ungrouped", |t| t.name.as_str());
        let unscored = ini.impact.is_none() || ini.cost.is_none();
        Line::from(vec![
            Span::raw(format!(" {} ", pad(&ini.title, title_w))),
            Span::styled(format!("{:>6} {:>4} ", score(ini.impact), score(ini.cost)), if unscored { palette.warn } else { palette.base }),
            Span::styled(format!("{:>5}  ", ini.total_votes()), palette.accent),
            Span::styled(pad(theme, theme_w), palette.muted),
        ])
    });
}
