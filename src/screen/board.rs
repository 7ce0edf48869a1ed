//! Step 3's theme board: themes as columns after an "Ungrouped" one; move initiatives
//! between and within columns by key; create, describe, reorder, merge, delete and suggest
//! themes.

use std::cell::Cell;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::action::Action;
use crate::app::{App, Change, Confirm, Effect, Overlay, Session};
use crate::model::{Initiative, InitiativeId, ThemeId, Workshop};
use crate::ui::form::{Form, FormPurpose};
use crate::ui::text::{fit, pad};
use crate::ui::theme::Palette;

/// Where the board's selection is: a column (0 is Ungrouped) and a row in it.
#[derive(Debug, Clone, Default)]
pub struct Cursor {
    pub column: usize,
    pub row: usize,
    /// The first column drawn, when there are more than fit.
    pub first_column: Cell<usize>,
    /// Where the columns were last drawn and how wide each was, for clicks.
    pub drawn: Cell<(Rect, u16)>,
}

/// Selects the card (or column) under a click.
pub fn click(session: &mut Session, column: u16, row: u16) {
    let (area, width) = session.prioritise.board.drawn.get();
    if width == 0 || column < area.x || row < area.y || column >= area.x + area.width || row >= area.y + area.height {
        return;
    }
    let board = &mut session.prioritise.board;
    let target = board.first_column.get() + usize::from((column - area.x) / width);
    if target > session.workshop.themes.len() {
        return;
    }
    board.column = target;
    // Cards start under the border and the totals line.
    let len = session.workshop.column(theme_at(&session.workshop, target)).len();
    let card = usize::from(row.saturating_sub(area.y + 2));
    let board = &mut session.prioritise.board;
    board.row = card.min(len.saturating_sub(1));
}

/// The theme of column `n` (None for Ungrouped).
fn theme_at(w: &Workshop, column: usize) -> Option<ThemeId> {
    column.checked_sub(1).and_then(|i| w.themes.get(i)).map(|t| t.id)
}

fn column_of(w: &Workshop, theme: Option<ThemeId>) -> usize {
    theme.and_then(|t| w.themes.iter().position(|x| x.id == t)).map_or(0, |i| i + 1)
}

pub fn column_len(session: &Session) -> usize {
    let w = &session.workshop;
    w.column(theme_at(w, session.prioritise.board.column)).len()
}

/// The initiative selected on the board.
pub fn selected_initiative(session: &Session) -> Option<InitiativeId> {
    selected(session)
}

fn selected(session: &Session) -> Option<InitiativeId> {
    let w = &session.workshop;
    let board = &session.prioritise.board;
    w.column(theme_at(w, board.column)).get(board.row).map(|i| i.id)
}

/// Puts the selection on an initiative wherever it now is.
fn follow(session: &mut Session, id: InitiativeId) {
    let w = &session.workshop;
    let Some(ini) = w.initiative(id) else { return };
    let column = column_of(w, ini.theme);
    let row = w.column(ini.theme).iter().position(|i| i.id == id).unwrap_or(0);
    session.prioritise.board.column = column;
    session.prioritise.board.row = row;
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(session) = &mut app.session else { return vec![] };
    let columns = session.workshop.themes.len() + 1;
    let focused_theme = theme_at(&session.workshop, session.prioritise.board.column);
    match action {
        Action::Up | Action::Down | Action::Top | Action::Bottom | Action::PageUp | Action::PageDown => {
            let len = column_len(session);
            let board = &mut session.prioritise.board;
            let mut cursor = crate::app::ListCursor { selected: board.row, ..Default::default() };
            cursor.apply(action, len, 10);
            board.row = cursor.selected;
            vec![]
        }
        Action::ColumnLeft | Action::ColumnRight => {
            let board = &mut session.prioritise.board;
            board.column = if action == Action::ColumnLeft { board.column.saturating_sub(1) } else { (board.column + 1).min(columns - 1) };
            let len = column_len(session);
            let board = &mut session.prioritise.board;
            board.row = board.row.min(len.saturating_sub(1));
            vec![]
        }
        Action::MoveLeft | Action::MoveRight => {
            let Some(id) = selected(session) else { return vec![] };
            let column = session.prioritise.board.column;
            let target = if action == Action::MoveLeft { column.checked_sub(1) } else { (column + 1 < columns).then_some(column + 1) };
            let Some(target) = target else { return vec![] };
            let theme = theme_at(&session.workshop, target);
            let effects = app.change("move to theme", |w| _ = w.assign_theme(id, theme));
            if let Some(session) = &mut app.session {
                follow(session, id);
            }
            effects
        }
        Action::MoveUp | Action::MoveDown => {
            let Some(id) = selected(session) else { return vec![] };
            let delta = if action == Action::MoveUp { -1 } else { 1 };
            let effects = app.try_change("reorder", |w| w.move_within_theme(id, delta));
            if let Some(session) = &mut app.session {
                follow(session, id);
            }
            effects
        }
        Action::NewTheme => {
            let form = Form::new("New theme", FormPurpose::NewTheme)
                .field("Name", "", "e.g. Fast feedback, Fewer tickets, Cost")
                .multiline_field("Description", "", "optional: the problem these initiatives share");
            app.overlay = Some(Overlay::Form(Box::new(form)));
            vec![]
        }
        Action::EditTheme => {
            let Some(theme) = focused_theme.and_then(|t| session.workshop.theme(t)) else {
                app.info("Ungrouped is not a theme: n creates one");
                return vec![];
            };
            let form = Form::new("Theme", FormPurpose::EditTheme { id: theme.id })
                .field("Name", &theme.name, "the theme's name")
                .multiline_field("Description", &theme.description, "the problem these initiatives share");
            app.overlay = Some(Overlay::Form(Box::new(form)));
            vec![]
        }
        Action::ThemeLeft | Action::ThemeRight => {
            let Some(theme) = focused_theme else { return vec![] };
            let delta = if action == Action::ThemeLeft { -1 } else { 1 };
            let effects = app.try_change("reorder themes", |w| w.move_theme(theme, delta));
            if let Some(session) = &mut app.session {
                session.prioritise.board.column = column_of(&session.workshop, Some(theme));
            }
            effects
        }
        Action::MergeTheme => {
            let w = &session.workshop;
            let column = session.prioritise.board.column;
            let (Some(from), Some(into)) = (focused_theme, theme_at(w, column.saturating_sub(1)).filter(|_| column >= 2)) else {
                app.info("merge joins a theme into the one on its left: select the right-hand theme of the two");
                return vec![];
            };
            let name = |t| w.theme(t).map(|t| t.name.clone()).unwrap_or_default();
            app.overlay = Some(Overlay::Confirm(Confirm {
                title: "Merge themes".into(),
                message: format!("Merge \"{}\" into \"{}\"? Its initiatives move there; u undoes it.", name(from), name(into)),
                on_yes: vec![],
                change: Some(Change::MergeThemes { from, into }),
            }));
            vec![]
        }
        Action::DeleteTheme => {
            let Some(theme) = focused_theme.and_then(|t| session.workshop.theme(t)) else { return vec![] };
            let count = session.workshop.column(Some(theme.id)).len();
            app.overlay = Some(Overlay::Confirm(Confirm {
                title: "Delete theme".into(),
                message: format!("Delete the theme \"{}\"? Its {count} initiatives go back to Ungrouped; u undoes it.", theme.name),
                on_yes: vec![],
                change: Some(Change::DeleteTheme(theme.id)),
            }));
            vec![]
        }
        Action::SuggestThemes => {
            let suggestions = session.workshop.suggest_themes();
            if suggestions.is_empty() {
                app.info("no shared words among the ungrouped initiatives: group them by hand (H/L)");
                return vec![];
            }
            let list: Vec<String> = suggestions.iter().map(|s| format!("{} ({})", s.name, s.initiatives.len())).collect();
            app.overlay = Some(Overlay::Confirm(Confirm {
                title: "Suggested themes".into(),
                message: format!("From shared words: {}. Create these themes and group their initiatives?", list.join(", ")),
                on_yes: vec![],
                change: Some(Change::AcceptSuggestions(suggestions)),
            }));
            vec![]
        }
        _ => vec![],
    }
}

/// Saves the new-theme and theme forms.
pub fn submit(app: &mut App, mut form: Form) -> (Vec<Effect>, Option<Form>) {
    form.clear_errors();
    let name = form.value(0);
    let description = form.text(1);
    if name.is_empty() {
        form.set_error(0, "a theme needs a name");
        return (vec![], Some(form));
    }
    let taken = |w: &Workshop, except: Option<ThemeId>| w.themes.iter().any(|t| Some(t.id) != except && t.name.eq_ignore_ascii_case(&name));
    let Some(session) = &app.session else { return (vec![], None) };
    match form.purpose.clone() {
        FormPurpose::NewTheme => {
            if taken(&session.workshop, None) {
                form.set_error(0, "there is a theme of that name already");
                return (vec![], Some(form));
            }
            let mut created = None;
            let effects = app.change("new theme", |w| created = w.add_theme(&name, &description));
            if let (Some(id), Some(session)) = (created, &mut app.session) {
                session.prioritise.board.column = column_of(&session.workshop, Some(id));
                session.prioritise.board.row = 0;
            }
            (effects, None)
        }
        FormPurpose::EditTheme { id } => {
            if taken(&session.workshop, Some(id)) {
                form.set_error(0, "there is a theme of that name already");
                return (vec![], Some(form));
            }
            (app.try_change("edit theme", |w| w.edit_theme(id, &name, &description)), None)
        }
        _ => (vec![], Some(form)),
    }
}

pub fn render(frame: &mut Frame, area: Rect, session: &Session, palette: &Palette) {
    let w = &session.workshop;
    let board = &session.prioritise.board;
    let columns = w.themes.len() + 1;
    if area.width < 10 || area.height < 4 {
        return;
    }
    let [hint_area, area] =
        ratatui::layout::Layout::vertical([ratatui::layout::Constraint::Length(1), ratatui::layout::Constraint::Min(0)]).areas(area);
    let hint = " ←→ column · H/L move idea · J/K reorder · n new theme · e edit · < > move theme · M merge · D delete · S suggest";
    frame.render_widget(Paragraph::new(fit(hint, area.width as usize)).style(palette.muted), hint_area);
    let col_width: u16 = 26;
    let fit_count = (area.width / col_width).max(1) as usize;
    let mut first = board.first_column.get().min(columns.saturating_sub(1));
    if board.column < first {
        first = board.column;
    } else if board.column >= first + fit_count {
        first = board.column + 1 - fit_count;
    }
    board.first_column.set(first);
    let shown = fit_count.min(columns - first);
    let width = area.width / shown as u16;
    board.drawn.set((area, width));
    for (slot, column) in (first..first + shown).enumerate() {
        let theme = theme_at(w, column);
        let x = area.x + slot as u16 * width;
        let rect = Rect::new(x, area.y, if slot + 1 == shown { area.width - slot as u16 * width } else { width }, area.height);
        render_column(frame, rect, w, theme, column == board.column, board.row, palette);
    }
    if first > 0 || first + shown < columns {
        let more = format!(" columns {}–{} of {columns} ", first + 1, first + shown);
        let x = area.x + area.width.saturating_sub(more.len() as u16 + 1);
        frame.render_widget(Paragraph::new(more).style(palette.muted), Rect::new(x, area.y + area.height - 1, area.width.min(24), 1));
    }
}

fn render_column(frame: &mut Frame, area: Rect, w: &Workshop, theme: Option<ThemeId>, focused: bool, row: usize, palette: &Palette) {
    let name = theme.and_then(|t| w.theme(t)).map_or("Ungrouped", |t| t.name.as_str());
    let (count, votes, impact, cost) = w.column_totals(theme);
    let border = if focused { palette.accent } else { palette.border };
    let block = Block::new().borders(Borders::ALL).border_style(border).title(Span::styled(
        fit(&format!(" {name} "), area.width.saturating_sub(2) as usize),
        if focused { palette.title } else { palette.base },
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let inner_w = inner.width as usize;
    let totals = if w.silent_mode {
        format!("{count} ideas · impact {impact} · cost {cost}")
    } else {
        format!("{count} · {votes} votes · i{impact} c{cost}")
    };
    frame.render_widget(Paragraph::new(fit(&totals, inner_w)).style(palette.muted), Rect::new(inner.x, inner.y, inner.width, 1));
    let items: Vec<&Initiative> = w.column(theme);
    let rows = inner.height.saturating_sub(1) as usize;
    let offset = if focused && row >= rows { row + 1 - rows } else { 0 };
    for (n, ini) in items.iter().enumerate().skip(offset).take(rows) {
        let y = inner.y + 1 + (n - offset) as u16;
        let style = if focused && n == row { palette.selected } else { palette.base };
        let score = match (ini.impact, ini.cost) {
            (Some(i), Some(c)) => format!(" {i}/{c}"),
            _ => " ·".to_string(),
        };
        let title_w = inner_w.saturating_sub(score.len());
        let line = Line::from(vec![
            Span::styled(pad(&ini.title, title_w), style),
            Span::styled(score, if focused && n == row { style } else { palette.muted }),
        ]);
        frame.render_widget(Paragraph::new(line), Rect::new(inner.x, y, inner.width, 1));
    }
    if items.is_empty() {
        let text = if theme.is_none() { "everything is grouped" } else { "empty: move ideas here with H/L" };
        frame.render_widget(Paragraph::new(fit(text, inner_w)).style(palette.muted), Rect::new(inner.x, inner.y + 1, inner.width, 1));
    }
}
