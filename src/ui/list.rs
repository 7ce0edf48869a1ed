//! A scrolling list that builds only the rows in view, so a 10,000-item backlog costs
//! the same to draw as a 30-item one; and a list of items several lines tall (text wrapped
//! rather than cut), which scrolls so the selected item is whole on screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState, Wrap};

use std::cell::{Cell, RefCell};

use super::theme::Palette;
use crate::action::Action;

/// A selection in a list; the scroll offset is remembered by the view so the selection
/// stays visible without jumping.
#[derive(Debug, Default, Clone)]
pub struct ListCursor {
    pub selected: usize,
    pub offset: Cell<usize>,
    /// Where the list was last drawn, so a click can find its row.
    pub area: Cell<Rect>,
    /// For a list of tall items: the first row and the height of each item drawn, from
    /// the offset on (empty for a list of one-line rows).
    pub tall: RefCell<Vec<(u16, u16)>>,
}

impl ListCursor {
    /// Moves the selection for a navigation action; whether the action was one.
    pub fn apply(&mut self, action: Action, len: usize, page: usize) -> bool {
        let last = len.saturating_sub(1);
        let before = self.selected;
        self.selected = match action {
            Action::Up => self.selected.saturating_sub(1),
            Action::Down => (self.selected + 1).min(last),
            Action::PageUp => self.selected.saturating_sub(page.max(1)),
            Action::PageDown => (self.selected + page.max(1)).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            _ => return false,
        };
        before != self.selected || matches!(action, Action::Up | Action::Down)
    }

    /// Whether `action` moves a list selection.
    pub fn moves(action: Action) -> bool {
        matches!(action, Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Top | Action::Bottom)
    }

    /// Back to the top, e.g. after the filter changed.
    pub fn reset(&mut self) {
        self.selected = 0;
        self.offset.set(0);
    }

    /// Selects the row under a click, if the click is inside the list as last drawn.
    pub fn click(&mut self, column: u16, row: u16, len: usize) -> bool {
        match self.row_at(column, row, len) {
            Some(i) => {
                self.selected = i;
                true
            }
            None => false,
        }
    }

    /// The row under a click, if the click is inside the list as last drawn.
    pub fn row_at(&self, column: u16, row: u16, len: usize) -> Option<usize> {
        let area = self.area.get();
        let inside = column >= area.x && column < area.x + area.width && row >= area.y && row < area.y + area.height;
        let tall = self.tall.borrow();
        let index = if tall.is_empty() {
            self.offset.get() + usize::from(row.saturating_sub(area.y))
        } else {
            self.offset.get() + tall.iter().position(|(y, h)| row >= *y && row < y + h)?
        };
        (inside && index < len).then_some(index)
    }

    /// The first visible row for a window of `height` rows, keeping the selection in view.
    pub fn window(&self, len: usize, height: usize) -> usize {
        let selected = self.selected.min(len.saturating_sub(1));
        let mut offset = self.offset.get().min(len.saturating_sub(height));
        if selected < offset {
            offset = selected;
        } else if height > 0 && selected >= offset + height {
            offset = selected + 1 - height;
        }
        self.offset.set(offset);
        offset
    }
}

/// Draws items `0..len` of a list whose items may take several lines (`item(i)` gives an
/// item's lines, asked only for the ones in view), scrolled so the selected item is whole
/// on screen when it fits. The selected item is drawn in the selection's style.
pub fn draw_tall<'a>(
    frame: &mut Frame,
    area: Rect,
    cursor: &ListCursor,
    len: usize,
    palette: &Palette,
    mut item: impl FnMut(usize) -> Vec<Line<'a>>,
) {
    cursor.tall.borrow_mut().clear();
    if area.height == 0 || area.width == 0 || len == 0 {
        return;
    }
    cursor.area.set(area);
    let height = usize::from(area.height);
    let selected = cursor.selected.min(len - 1);
    let mut lines: std::collections::BTreeMap<usize, Vec<Line<'a>>> = std::collections::BTreeMap::new();
    let mut tall =
        |i: usize, lines: &mut std::collections::BTreeMap<usize, Vec<Line<'a>>>| lines.entry(i).or_insert_with(|| item(i)).len().max(1);
    let mut offset = cursor.offset.get().min(selected);
    while offset < selected && (offset..=selected).map(|i| tall(i, &mut lines)).sum::<usize>() > height {
        offset += 1;
    }
    // The rows items `from..` take, counted only as far as one screen (long lists stay cheap).
    let mut rows_from = |from: usize, lines: &mut std::collections::BTreeMap<usize, Vec<Line<'a>>>| {
        let mut rows = 0;
        for i in from..len {
            rows += tall(i, lines);
            if rows > height {
                break;
            }
        }
        rows
    };
    // Room to spare below the last item: show more of what is above.
    while offset > 0 && rows_from(offset - 1, &mut lines) <= height {
        offset -= 1;
    }
    cursor.offset.set(offset);
    let scrollbar = offset > 0 || rows_from(offset, &mut lines) > height;
    let width = if scrollbar { area.width.saturating_sub(1) } else { area.width };
    let mut y = area.y;
    let bottom = area.y + area.height;
    let mut drawn = Vec::new();
    for i in offset..len {
        if y >= bottom {
            break;
        }
        let item_lines = lines.remove(&i).unwrap_or_else(|| item(i));
        let start = y;
        for mut line in item_lines {
            if y >= bottom {
                break;
            }
            if i == selected {
                for span in &mut line.spans {
                    span.style = span.style.patch(palette.selected);
                }
            }
            let style = if i == selected { palette.selected } else { palette.base };
            frame.render_widget(Paragraph::new(line).style(style), Rect::new(area.x, y, width, 1));
            y += 1;
        }
        drawn.push((start, y - start));
    }
    *cursor.tall.borrow_mut() = drawn;
    if scrollbar {
        let mut state = ScrollbarState::new(len.saturating_sub(1)).position(offset);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight).begin_symbol(None).end_symbol(None).style(palette.border),
            area,
            &mut state,
        );
    }
}

/// Draws rows `0..len` of a list into `area`, asking `row(i)` only for visible ones.
pub fn draw<'a>(frame: &mut Frame, area: Rect, cursor: &ListCursor, len: usize, palette: &Palette, mut row: impl FnMut(usize) -> Line<'a>) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let height = area.height as usize;
    cursor.area.set(area);
    let offset = cursor.window(len, height);
    let selected = cursor.selected.min(len.saturating_sub(1));
    let scrollbar = len > height;
    let text_width = if scrollbar { area.width.saturating_sub(1) } else { area.width };
    for (line_no, i) in (offset..len.min(offset + height)).enumerate() {
        let mut line = row(i);
        if i == selected {
            // Spans carry the theme's background; the selection must win over all of them.
            for span in &mut line.spans {
                span.style = span.style.patch(palette.selected);
            }
        }
        let rect = Rect::new(area.x, area.y + line_no as u16, text_width, 1);
        let style = if i == selected { palette.selected } else { palette.base };
        frame.render_widget(Paragraph::new(line).style(style), rect);
    }
    if scrollbar {
        let mut state = ScrollbarState::new(len.saturating_sub(height)).position(offset);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight).begin_symbol(None).end_symbol(None).style(palette.border),
            area,
            &mut state,
        );
    }
}

/// The selected row's full text under a list (lists cut long text to one line), with a
/// rule above it; as much as fits.
pub fn detail(frame: &mut Frame, area: Rect, text: &str, palette: &Palette) {
    let block = Block::new().borders(Borders::TOP).border_style(palette.border);
    frame.render_widget(Paragraph::new(format!(" {text}")).block(block).style(palette.muted).wrap(Wrap { trim: true }), area);
}
