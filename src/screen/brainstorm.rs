//! Step 2 view: the initiatives captured so far, with who has spoken (per-author counts)
//! and silent mode honoured: hidden entries show only as a count.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::ListCursor;
use crate::model::{Initiative, Workshop};
use crate::screen::filter_matches;
use crate::ui::list;
use crate::ui::text::{fit, pad};
use crate::ui::theme::Palette;

/// Initiatives that may be shown on the shared screen and match the filter.
pub fn shown<'a>(w: &'a Workshop, filter: &str) -> Vec<&'a Initiative> {
    w.initiatives.iter().filter(|i| !i.hidden && filter_matches(&format!("{} {}", i.title, w.author_name(i.author)), filter)).collect()
}

pub fn row_count(w: &Workshop, filter: &str) -> usize {
    shown(w, filter).len()
}

/// "Amara 6 · José 5 · … · anonymous 2": who has spoken, and who not yet.
pub fn author_counts(w: &Workshop) -> String {
    let mut parts: Vec<String> = w
        .active_participants()
        .map(|p| format!("{} {}", p.name, w.initiatives.iter().filter(|i| i.author == Some(p.id)).count()))
        .collect();
    let anonymous = w.initiatives.iter().filter(|i| i.author.is_none()).count();
    if anonymous > 0 {
        parts.push(format!("anonymous {anonymous}"));
    }
    parts.join(" · ")
}

pub fn render(frame: &mut Frame, area: Rect, w: &Workshop, cursor: &ListCursor, filter: &str, present: bool, palette: &Palette) {
    let [head, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(area);
    let hidden = w.initiatives.iter().filter(|i| i.hidden).count();
    let count = if hidden > 0 {
        format!(" {} initiatives · {hidden} ideas captured in silent mode, not yet revealed", w.initiatives.len())
    } else {
        format!(" {} initiatives", w.initiatives.len())
    };
    let lines = vec![
        Line::from(Span::styled(fit(&count, area.width as usize), palette.title)),
        Line::from(Span::styled(fit(&format!(" {}", author_counts(w)), area.width as usize), palette.muted)),
    ];
    frame.render_widget(Paragraph::new(lines).style(palette.base), head);
    if w.initiatives.is_empty() {
        frame.render_widget(Paragraph::new(" Nothing captured yet: every idea counts, big or small.").style(palette.muted), body);
        return;
    }
    let shown = shown(w, filter);
    let hide_authors = present && w.silent_mode;
    let width = body.width as usize;
    list::draw(frame, body, cursor, shown.len(), palette, |i| {
        let ini = shown[i];
        let author = if hide_authors { "" } else { w.author_name(ini.author) };
        // The source column gives way first on a narrow screen.
        let (meta, meta_w) = if width >= 100 {
            (format!(" {} · {} · {}", pad(author, 16), pad(ini.size.label(), 9), pad(ini.source.label(), 20)), 16 + 9 + 20 + 7)
        } else {
            (format!(" {} · {}", pad(author, 16), pad(ini.size.label(), 9)), 16 + 9 + 4)
        };
        let title_w = width.saturating_sub(meta_w + 2).max(10);
        Line::from(vec![Span::raw(format!(" {}", pad(&ini.title, title_w))), Span::styled(meta, palette.muted)])
    });
}
