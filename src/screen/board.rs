//! Step 3's theme board: themes as columns after an "Ungrouped" one; move initiatives
//! between and within columns by key; create, describe, reorder, merge, delete and suggest
//! themes. Its forms and questions are its own.

use std::cell::Cell;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::Ctx;
use crate::action::Action;
use crate::document::Document;
use crate::keymap::{Context, Keymap};
use crate::model::capacity::Capacity;
use crate::model::suggest::ThemeSuggestion;
use crate::model::{Initiative, InitiativeId, ThemeId, Workshop};
use crate::ui::Look;
use crate::ui::confirm::Confirm;
use crate::ui::form::{Form, FormEvent};
use crate::ui::list::ListCursor;
use crate::ui::text::{fit, pad};
use crate::ui::theme::Palette;

/// A theme's form fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeField {
    Name,
    Description,
    /// Business, engineering health or learning: what its initiatives spend capacity on.
    Capacity,
}

const CAPACITY_HINT: &str = "business, engineering health or learning (empty: from its name)";

/// A change to the board asked for in a question, made when the answer is yes.
#[derive(Debug, Clone, PartialEq)]
pub enum BoardChange {
    Merge { from: ThemeId, into: ThemeId },
    Delete(ThemeId),
    AcceptSuggestions(Vec<ThemeSuggestion>),
}

#[derive(Debug)]
enum Dialog {
    /// A new theme (`None`) or an existing one.
    Theme {
        id: Option<ThemeId>,
        form: Form<ThemeField>,
    },
    Confirm(Confirm<BoardChange>),
}

/// Where the board's selection is: a column (0 is Ungrouped) and a row in it; and any
/// form or question open over it.
#[derive(Debug, Default)]
pub struct State {
    pub column: usize,
    pub row: usize,
    /// The first column drawn, when there are more than fit.
    first_column: Cell<usize>,
    /// Where the columns were last drawn and how wide each was, for clicks.
    drawn: Cell<(Rect, u16)>,
    dialog: Option<Dialog>,
}

/// The theme of column `n` (None for Ungrouped).
fn theme_at(w: &Workshop, column: usize) -> Option<ThemeId> {
    column.checked_sub(1).and_then(|i| w.themes.get(i)).map(|t| t.id)
}

fn column_of(w: &Workshop, theme: Option<ThemeId>) -> usize {
    theme.and_then(|t| w.themes.iter().position(|x| x.id == t)).map_or(0, |i| i + 1)
}

impl State {
    pub fn has_dialog(&self) -> bool {
        self.dialog.is_some()
    }

    pub fn context(&self) -> Context {
        match &self.dialog {
            Some(Dialog::Theme { .. }) => Context::Form,
            Some(Dialog::Confirm(_)) => Context::Confirm,
            None => Context::Board,
        }
    }

    fn column_len(&self, w: &Workshop) -> usize {
        w.column(theme_at(w, self.column)).len()
    }

    /// The initiative selected on the board.
    pub fn selected(&self, w: &Workshop) -> Option<InitiativeId> {
        w.column(theme_at(w, self.column)).get(self.row).map(|i| i.id)
    }

    /// Puts the selection on an initiative wherever it now is.
    fn follow(&mut self, w: &Workshop, id: InitiativeId) {
        let Some(ini) = w.initiative(id) else { return };
        self.column = column_of(w, ini.theme);
        self.row = w.column(ini.theme).iter().position(|i| i.id == id).unwrap_or(0);
    }

    /// Selects the card (or column) under a click.
    pub fn click(&mut self, w: &Workshop, column: u16, row: u16) {
        let (area, width) = self.drawn.get();
        if width == 0 || column < area.x || row < area.y || column >= area.x + area.width || row >= area.y + area.height {
            return;
        }
        let target = self.first_column.get() + usize::from((column - area.x) / width);
        if target > w.themes.len() {
            return;
        }
        self.column = target;
        // Cards start under the border and the totals line.
        let len = w.column(theme_at(w, target)).len();
        let card = usize::from(row.saturating_sub(area.y + 2));
        self.row = card.min(len.saturating_sub(1));
    }

    pub fn update(&mut self, ctx: &mut Ctx, doc: &mut Document, action: Action) {
        if let Some(dialog) = self.dialog.take() {
            self.answer(ctx, doc, dialog, action);
            return;
        }
        let w = doc.workshop();
        let columns = w.themes.len() + 1;
        let focused_theme = theme_at(w, self.column);
        match action {
            Action::Up | Action::Down | Action::Top | Action::Bottom | Action::PageUp | Action::PageDown => {
                let mut cursor = ListCursor { selected: self.row, ..Default::default() };
                cursor.apply(action, self.column_len(w), 10);
                self.row = cursor.selected;
            }
            Action::ColumnLeft | Action::ColumnRight => {
                self.column = if action == Action::ColumnLeft { self.column.saturating_sub(1) } else { (self.column + 1).min(columns - 1) };
                self.row = self.row.min(self.column_len(w).saturating_sub(1));
            }
            Action::MoveLeft | Action::MoveRight => self.move_across(doc, action),
            Action::MoveUp | Action::MoveDown => {
                let Some(id) = self.selected(w) else { return };
                let delta = if action == Action::MoveUp { -1 } else { 1 };
                doc.try_change("reorder", |w| w.move_within_theme(id, delta));
                self.follow(doc.workshop(), id);
            }
            Action::NewTheme => {
                let form = Form::new("New theme")
                    .field(ThemeField::Name, "Name", "", "e.g. Fast feedback, Fewer tickets, Cost")
                    .multiline(ThemeField::Description, "Description", "", "optional: the problem these initiatives share")
                    .field(ThemeField::Capacity, "Capacity", "", CAPACITY_HINT);
                self.dialog = Some(Dialog::Theme { id: None, form });
            }
            Action::EditTheme => {
                let Some(theme) = focused_theme.and_then(|t| w.theme(t)) else {
                    ctx.info(format!("Ungrouped is not a theme: {} creates one", ctx.hint(Context::Board, Action::NewTheme)));
                    return;
                };
                let form = Form::new("Theme")
                    .field(ThemeField::Name, "Name", &theme.name, "the theme's name")
                    .multiline(ThemeField::Description, "Description", &theme.description, "the problem these initiatives share")
                    .field(ThemeField::Capacity, "Capacity", theme.capacity.map_or("", Capacity::label), CAPACITY_HINT);
                self.dialog = Some(Dialog::Theme { id: Some(theme.id), form });
            }
            Action::ThemeLeft | Action::ThemeRight => {
                let Some(theme) = focused_theme else { return };
                let delta = if action == Action::ThemeLeft { -1 } else { 1 };
                doc.try_change("reorder themes", |w| w.move_theme(theme, delta));
                self.column = column_of(doc.workshop(), Some(theme));
            }
            Action::MergeTheme | Action::DeleteTheme | Action::SuggestThemes => self.ask(ctx, w, action),
            _ => {}
        }
    }

    fn move_across(&mut self, doc: &mut Document, action: Action) {
        let w = doc.workshop();
        let columns = w.themes.len() + 1;
        let Some(id) = self.selected(w) else { return };
        let column = self.column;
        let target = if action == Action::MoveLeft { column.checked_sub(1) } else { (column + 1 < columns).then_some(column + 1) };
        let Some(target) = target else { return };
        let theme = theme_at(w, target);
        doc.change("move to theme", |w| _ = w.assign_theme(id, theme));
        self.follow(doc.workshop(), id);
    }

    /// The questions before merging, deleting or creating suggested themes.
    fn ask(&mut self, ctx: &mut Ctx, w: &Workshop, action: Action) {
        let undo = ctx.hint(Context::Board, Action::Undo);
        let focused_theme = theme_at(w, self.column);
        let name = |t| w.theme(t).map(|t| t.name.clone()).unwrap_or_default();
        let confirm = match action {
            Action::MergeTheme => {
                let (Some(from), Some(into)) = (focused_theme, theme_at(w, self.column.saturating_sub(1)).filter(|_| self.column >= 2))
                else {
                    ctx.info("merge joins a theme into the one on its left: select the right-hand theme of the two");
                    return;
                };
                let message = format!("Merge \"{}\" into \"{}\"? Its initiatives move there; {undo} undoes it.", name(from), name(into));
                Confirm::new("Merge themes", message, BoardChange::Merge { from, into })
            }
            Action::DeleteTheme => {
                let Some(theme) = focused_theme.and_then(|t| w.theme(t)) else { return };
                let count = w.column(Some(theme.id)).len();
                let message =
                    format!("Delete the theme \"{}\"? Its {count} initiatives go back to Ungrouped; {undo} undoes it.", theme.name);
                Confirm::new("Delete theme", message, BoardChange::Delete(theme.id))
            }
            _ => {
                let suggestions = w.suggest_themes();
                if suggestions.is_empty() {
                    let by_hand = ctx.keymap.hint_pair(Context::Board, Action::MoveLeft, Action::MoveRight);
                    ctx.info(format!("no shared words among the ungrouped initiatives: group them by hand ({by_hand})"));
                    return;
                }
                let list: Vec<String> = suggestions.iter().map(|s| format!("{} ({})", s.name, s.initiatives.len())).collect();
                let message = format!("From shared words: {}. Create these themes and group their initiatives?", list.join(", "));
                Confirm::new("Suggested themes", message, BoardChange::AcceptSuggestions(suggestions))
            }
        };
        self.dialog = Some(Dialog::Confirm(confirm));
    }

    fn answer(&mut self, ctx: &mut Ctx, doc: &mut Document, dialog: Dialog, action: Action) {
        match dialog {
            Dialog::Confirm(confirm) => {
                if let Some(change) = confirm.answer(action) {
                    self.apply(ctx, doc, change);
                }
            }
            Dialog::Theme { id, mut form } => match form.handle(action) {
                FormEvent::Cancel => {}
                FormEvent::Submit => {
                    if !self.submit_theme(doc, id, &mut form) {
                        self.dialog = Some(Dialog::Theme { id, form });
                    }
                }
                FormEvent::Handled | FormEvent::Ignored => self.dialog = Some(Dialog::Theme { id, form }),
            },
        }
    }

    /// Makes a confirmed change.
    fn apply(&mut self, ctx: &mut Ctx, doc: &mut Document, change: BoardChange) {
        match change {
            BoardChange::Merge { from, into } => {
                doc.try_change("merge themes", |w| w.merge_themes(from, into));
                // Follow the merged theme's initiatives to where they went.
                self.column = column_of(doc.workshop(), Some(into));
                self.row = 0;
            }
            BoardChange::Delete(id) => {
                doc.try_change("delete theme", |w| w.delete_theme(id));
                self.column = self.column.min(doc.workshop().themes.len());
            }
            BoardChange::AcceptSuggestions(suggestions) => {
                let mut created = 0;
                doc.change("suggested themes", |w| created = w.accept_suggestions(&suggestions));
                let undo = ctx.hint(Context::Board, Action::Undo);
                ctx.info(format!("created {created} themes from shared words ({undo} undoes it)"));
            }
        }
    }

    /// Saves the new-theme and theme forms; whether the form is done.
    fn submit_theme(&mut self, doc: &mut Document, id: Option<ThemeId>, form: &mut Form<ThemeField>) -> bool {
        form.clear_errors();
        let name = form.value(ThemeField::Name);
        let description = form.text(ThemeField::Description);
        if name.is_empty() {
            form.set_error(ThemeField::Name, "a theme needs a name");
            return false;
        }
        if doc.workshop().themes.iter().any(|t| Some(t.id) != id && t.name.eq_ignore_ascii_case(&name)) {
            form.set_error(ThemeField::Name, "there is a theme of that name already");
            return false;
        }
        let tag = form.value(ThemeField::Capacity);
        let capacity = Capacity::parse(&tag);
        if !tag.is_empty() && capacity.is_none() {
            form.set_error(ThemeField::Capacity, "business, engineering health or learning, or empty");
            return false;
        }
        let tagged = |w: &mut Workshop, id: ThemeId| match w.themes.iter_mut().find(|t| t.id == id) {
            Some(t) if t.capacity != capacity => {
                t.capacity = capacity;
                true
            }
            _ => false,
        };
        match id {
            Some(id) => _ = doc.try_change("edit theme", |w| w.edit_theme(id, &name, &description) | tagged(w, id)),
            None => {
                let mut created = None;
                doc.change("new theme", |w| {
                    created = w.add_theme(&name, &description);
                    created.map(|id| tagged(w, id));
                });
                if let Some(id) = created {
                    self.column = column_of(doc.workshop(), Some(id));
                    self.row = 0;
                }
            }
        }
        true
    }

    pub fn input(&mut self, key: KeyEvent) {
        if let Some(Dialog::Theme { form, .. }) = &mut self.dialog {
            form.input(key);
        }
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(Dialog::Theme { form, .. }) = &mut self.dialog {
            form.paste(text);
        }
    }

    /// Draws the board into `area`, its dialogs centred over `over`.
    pub fn render(&self, frame: &mut Frame, area: Rect, over: Rect, look: &Look, w: &Workshop) {
        self.render_board(frame, area, look, w);
        match &self.dialog {
            Some(Dialog::Theme { form, .. }) => form.render(frame, over, look, &[]),
            Some(Dialog::Confirm(confirm)) => confirm.render(frame, over, look),
            None => {}
        }
    }

    fn render_board(&self, frame: &mut Frame, area: Rect, look: &Look, w: &Workshop) {
        let palette = look.palette;
        let columns = w.themes.len() + 1;
        if area.width < 10 || area.height < 4 {
            return;
        }
        let [hint_area, area] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        frame.render_widget(Paragraph::new(fit(&keys_line(look.keymap), area.width as usize)).style(palette.muted), hint_area);
        let col_width: u16 = 26;
        let fit_count = (area.width / col_width).max(1) as usize;
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
        let empty = look.keymap.hint_pair(Context::Board, Action::MoveLeft, Action::MoveRight);
        for (slot, column) in (first..first + shown).enumerate() {
            let theme = theme_at(w, column);
            let x = area.x + slot as u16 * width;
            let rect = Rect::new(x, area.y, if slot + 1 == shown { area.width - slot as u16 * width } else { width }, area.height);
            let card = Card { theme, focused: column == self.column, row: self.row, empty_hint: &empty };
            render_column(frame, rect, w, &card, palette);
        }
        if first > 0 || first + shown < columns {
            let more = format!(" columns {}–{} of {columns} ", first + 1, first + shown);
            let x = area.x + area.width.saturating_sub(more.len() as u16 + 1);
            frame.render_widget(Paragraph::new(more).style(palette.muted), Rect::new(x, area.y + area.height - 1, area.width.min(24), 1));
        }
    }
}

/// ` ←→ column · H/L move idea · J/K reorder · n new theme · …`, from the keymap.
fn keys_line(keymap: &Keymap) -> String {
    let key = |action| keymap.hint(Context::Board, action);
    let pair = |a, b| keymap.hint_pair(Context::Board, a, b);
    format!(
        " {}{} column · {} move idea · {} reorder · {} new theme · {} edit · {} {} move theme · {} merge · {} delete · {} suggest",
        key(Action::ColumnLeft),
        key(Action::ColumnRight),
        pair(Action::MoveLeft, Action::MoveRight),
        pair(Action::MoveDown, Action::MoveUp),
        key(Action::NewTheme),
        key(Action::EditTheme),
        key(Action::ThemeLeft),
        key(Action::ThemeRight),
        key(Action::MergeTheme),
        key(Action::DeleteTheme),
        key(Action::SuggestThemes),
    )
}

/// What a column needs to know about the selection.
struct Card<'a> {
    theme: Option<ThemeId>,
    focused: bool,
    row: usize,
    /// The keys that move ideas, for an empty column's hint.
    empty_hint: &'a str,
}

fn render_column(frame: &mut Frame, area: Rect, w: &Workshop, card: &Card, palette: &Palette) {
    let (theme, focused, row) = (card.theme, card.focused, card.row);
    let tag =
        theme.and_then(|t| w.theme(t)).and_then(|t| w.theme_capacity(t)).map(|(c, _)| format!(" · {}", c.short())).unwrap_or_default();
    let name = format!("{}{tag} ", theme.and_then(|t| w.theme(t)).map_or("Ungrouped", |t| t.name.as_str()));
    let (count, votes, impact, cost) = w.column_totals(theme);
    let border = if focused { palette.accent } else { palette.border };
    let block = Block::new().borders(Borders::ALL).border_style(border).title(Span::styled(
        fit(&format!(" {name}"), area.width.saturating_sub(2) as usize),
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
        let text =
            if theme.is_none() { "everything is grouped".to_string() } else { format!("empty: move ideas here with {}", card.empty_hint) };
        frame.render_widget(Paragraph::new(fit(&text, inner_w)).style(palette.muted), Rect::new(inner.x, inner.y + 1, inner.width, 1));
    }
}
