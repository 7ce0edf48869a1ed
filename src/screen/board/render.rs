//! Drawing the theme board: numbered columns (the key that sends a card there leads each
//! name), cards as wide as the screen allows with their titles on up to two lines and their
//! scores in words, totals in words, and where each card was drawn for clicks.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{State, theme_at};
use crate::action::Action;
use crate::keymap::{Context, Keymap};
use crate::model::count::{count, count32};
use crate::model::{Initiative, InitiativeId, ThemeId, Workshop};
use crate::ui::Look;
use crate::ui::text::{fit, pad, wrap};

/// The narrowest a column gets before fewer columns show (and the rest scroll).
const MIN_COLUMN: u16 = 30;

/// Where a card was drawn: its rectangle, column and row, for clicks.
pub(super) type Drawn = (Rect, usize, usize);

impl State {
    pub(super) fn render_board(&self, frame: &mut Frame, area: Rect, look: &Look, w: &Workshop) {
        let palette = look.palette;
        let columns = w.themes.len() + 1;
        if area.width < 10 || area.height < 4 {
            return;
        }
        // No key hints in present mode: the room reads the cards.
        let hint_rows = u16::from(!look.present);
        let [hint_area, area] = Layout::vertical([Constraint::Length(hint_rows), Constraint::Min(0)]).areas(area);
        if !look.present {
            frame.render_widget(Paragraph::new(fit(&keys_line(look.keymap), area.width as usize)).style(palette.muted), hint_area);
        }
        let fit_count = (area.width / MIN_COLUMN).max(1) as usize;
        let mut first = self.first_column.get().min(columns.saturating_sub(1));
        if self.column < first {
            first = self.column;
        } else if self.column >= first + fit_count {
            first = self.column + 1 - fit_count;
        }
        self.first_column.set(first);
        let shown = fit_count.min(columns - first);
        let width = area.width / shown as u16;
        self.drawn.set((area, width));
        let mut cards = Vec::new();
        let grouped = w.columns();
        for (slot, column) in (first..first + shown).enumerate() {
            let x = area.x + slot as u16 * width;
            let rect = Rect::new(x, area.y, if slot + 1 == shown { area.width - slot as u16 * width } else { width }, area.height);
            let theme = theme_at(w, column);
            let items = grouped.get(&theme).map_or(&[][..], Vec::as_slice);
            let card = Column { index: column, theme, focused: column == self.column, row: self.row, marked: self.marked, items };
            render_column(frame, rect, w, &card, look, &mut cards);
        }
        *self.cards.borrow_mut() = cards;
        if first > 0 || first + shown < columns {
            let more = format!(" columns {}–{} of {columns} ", first + 1, first + shown);
            let x = area.x + area.width.saturating_sub(more.len() as u16 + 1);
            frame.render_widget(Paragraph::new(more).style(palette.muted), Rect::new(x, area.y + area.height - 1, area.width.min(24), 1));
        }
    }
}

/// ` 0–9 send the card · ←→ column · H/L move · … `, from the keymap.
fn keys_line(keymap: &Keymap) -> String {
    let key = |action| keymap.hint(Context::Board, action);
    let pair = |a, b| keymap.hint_pair(Context::Board, a, b);
    format!(
        " {}…{} send to that column · {}{} column · {} move · {} reorder · {} merge duplicates · {} new theme · {} edit · {} {} move theme · {} merge themes · {} delete · {} suggest",
        key(Action::SendToTheme(0)),
        key(Action::SendToTheme(9)),
        key(Action::ColumnLeft),
        key(Action::ColumnRight),
        pair(Action::MoveLeft, Action::MoveRight),
        pair(Action::MoveDown, Action::MoveUp),
        key(Action::MergeIdeas),
        key(Action::NewTheme),
        key(Action::EditTheme),
        key(Action::ThemeLeft),
        key(Action::ThemeRight),
        key(Action::MergeTheme),
        key(Action::DeleteTheme),
        key(Action::SuggestThemes),
    )
}

/// What a column needs to know to draw itself.
struct Column<'a> {
    index: usize,
    theme: Option<ThemeId>,
    focused: bool,
    row: usize,
    marked: Option<InitiativeId>,
    /// Its cards, in order.
    items: &'a [&'a Initiative],
}

/// A column's heading: the key that sends a card there, then its name (`2 Cost`); in
/// present mode the column's number, not the key behind it.
fn heading(w: &Workshop, column: &Column, look: &Look) -> String {
    let tag = column
        .theme
        .and_then(|t| w.theme(t))
        .and_then(|t| w.theme_capacity(t))
        .map(|(c, _)| format!(" · {}", c.short()))
        .unwrap_or_default();
    let name = format!("{}{tag}", column.theme.and_then(|t| w.theme(t)).map_or("Ungrouped", |t| t.name.as_str()));
    let key = u8::try_from(column.index)
        .ok()
        .filter(|n| *n <= 9)
        .map(|n| if look.present { n.to_string() } else { look.keymap.hint(Context::Board, Action::SendToTheme(n)) });
    match key.filter(|k| !k.starts_with('[')) {
        Some(key) => format!(" {key} {name} "),
        None => format!(" {name} "),
    }
}

/// A card: its title on up to two lines (the second cut if it must be), then its scores
/// and votes in words.
fn card_lines(ini: &Initiative, width: usize, silent: bool, marked: bool) -> Vec<String> {
    let lead = if marked { "⊕ " } else { "" };
    let mut title = wrap(&format!("{lead}{}", ini.title), width);
    if title.len() > 2 {
        let rest = title[1..].join(" ");
        title.truncate(1);
        title.push(fit(&rest, width));
    }
    let scores = match (ini.impact, ini.cost) {
        (Some(i), Some(c)) => format!("impact {i} · cost {c}"),
        _ => "not scored".to_string(),
    };
    let meta = if silent { scores } else { format!("{scores} · {}", count32(ini.total_votes(), "vote")) };
    title.push(fit(&format!("  {meta}"), width));
    title
}

fn render_column(frame: &mut Frame, area: Rect, w: &Workshop, column: &Column, look: &Look, cards: &mut Vec<Drawn>) {
    let palette = look.palette;
    let (focused, row) = (column.focused, column.row);
    let border = if focused { palette.accent } else { palette.border };
    let title = fit(&heading(w, column, look), area.width.saturating_sub(2) as usize);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(border)
        .title(Span::styled(title, if focused { palette.title } else { palette.base }));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let inner_w = inner.width as usize;
    let (n, votes, impact, cost) = crate::model::prioritise::totals(column.items);
    // The totals in words, on two rows so a narrow column says them whole.
    let ideas = if w.silent_mode { count(n, "idea") } else { format!("{} · {}", count(n, "idea"), count32(votes, "vote")) };
    let totals = vec![Line::from(fit(&ideas, inner_w)), Line::from(fit(&format!("impact {impact} · cost {cost}"), inner_w))];
    let head = 2.min(inner.height);
    frame.render_widget(Paragraph::new(totals).style(palette.muted), Rect::new(inner.x, inner.y, inner.width, head));
    let items = column.items;
    if items.is_empty() {
        let text = if column.theme.is_none() { "everything is grouped" } else { "empty: send cards here" };
        if inner.height > head {
            frame
                .render_widget(Paragraph::new(fit(text, inner_w)).style(palette.muted), Rect::new(inner.x, inner.y + head, inner.width, 1));
        }
        return;
    }
    let bottom = inner.y + inner.height;
    let lay = |i: usize| card_lines(items[i], inner_w, w.silent_mode, column.marked == Some(items[i].id));
    // Scroll so the selected card is whole on screen: back from it, as many cards as fit.
    // Only the cards in view are laid out (a column may hold hundreds).
    let room = usize::from(inner.height.saturating_sub(head));
    let mut first = 0;
    if focused {
        let row = row.min(items.len() - 1);
        let mut used = lay(row).len();
        first = row;
        while first > 0 {
            let above = lay(first - 1).len();
            if used + above > room {
                break;
            }
            used += above;
            first -= 1;
        }
    }
    let mut y = inner.y + head;
    for n in first..items.len() {
        if y >= bottom {
            break;
        }
        let lines = lay(n);
        let selected = focused && n == row;
        let height = (lines.len() as u16).min(bottom - y);
        for (k, line) in lines.iter().take(usize::from(height)).enumerate() {
            let meta = k + 1 == lines.len();
            let style = match (selected, meta) {
                (true, _) => palette.selected,
                (false, true) => palette.muted,
                (false, false) => palette.base,
            };
            // Straight into the buffer: a card line is already cut to the column, so a
            // paragraph's wrapping and truncation would only cost (a board draws hundreds).
            frame.buffer_mut().set_stringn(inner.x, y + k as u16, pad(line, inner_w), inner_w, style);
        }
        cards.push((Rect::new(inner.x, y, inner.width, height), column.index, n));
        y += height;
    }
}
