//! Drawing step 2's parts beside the list: silent mode's count of hidden ideas and the
//! selected idea's detail.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::action::Action;
use crate::keymap::Context;
use crate::model::count::count;
use crate::model::{Initiative, Workshop};
use crate::ui::Look;
use crate::ui::text::pad;
use crate::ui::theme::Palette;

pub(super) fn render_silent(frame: &mut Frame, area: Rect, w: &Workshop, hide_authors: bool, look: &Look) {
    let palette = look.palette;
    let hidden = w.initiatives.iter().filter(|i| i.hidden).count();
    let reveal = look.keymap.hint(Context::Brainstorm, Action::ToggleSilent);
    let mut lines = vec![
        Line::from(""),
        Line::from(Span::styled(format!("   {} captured", count(hidden, "idea")), palette.title)),
        Line::from(Span::styled(
            if look.present {
                "   (hidden until the facilitator reveals them)".to_string()
            } else {
                format!("   (hidden until the facilitator reveals them with {reveal})")
            },
            palette.muted,
        )),
        Line::from(""),
    ];
    if !hide_authors {
        for p in w.active_participants() {
            let n = w.initiatives.iter().filter(|i| i.hidden && i.author == Some(p.id)).count();
            lines.push(Line::from(vec![
                Span::raw(format!("   {} ", pad(&p.name, 24))),
                Span::styled("●".repeat(n.min(40)), palette.accent),
            ]));
        }
    }
    frame.render_widget(Paragraph::new(lines).style(palette.base), area);
}

pub(super) fn render_detail(frame: &mut Frame, area: Rect, w: &Workshop, ini: &Initiative, hide_authors: bool, palette: &Palette) {
    let mut text = vec![Line::from(Span::styled(ini.title.clone(), palette.title)), Line::from("")];
    if !hide_authors {
        text.push(Line::from(Span::styled(format!("by {}", w.authors_text(ini)), palette.accent)));
    }
    text.push(Line::from(Span::styled(format!("{} · {}", ini.size.label(), ini.source.label()), palette.muted)));
    if let (Some(i), Some(c)) = (ini.impact, ini.cost) {
        text.push(Line::from(Span::styled(format!("impact {i} · cost {c}"), palette.muted)));
    }
    if let Some(p) = &ini.proposal {
        text.push(Line::from(Span::styled(format!("from {}'s proposal ({})", p.author, p.file), palette.muted)));
    }
    if let Some(item) = ini.rescued_from.and_then(|id| w.backlog.get(id)) {
        text.push(Line::from(Span::styled(format!("rescued from: {}", item.title), palette.muted)));
    }
    text.push(Line::from(""));
    text.extend(ini.description.lines().take(40).map(|l| Line::from(l.to_string())));
    let block = Block::new().borders(Borders::LEFT).border_style(palette.border);
    frame.render_widget(Paragraph::new(text).block(block).style(palette.base).wrap(Wrap { trim: false }), area);
}
