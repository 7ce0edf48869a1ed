//! Step 3's theme board: themes as columns after an "Ungrouped" one; send a card to theme N
//! with one key, move cards between and within columns, merge two duplicate ideas; create,
//! describe, reorder, merge, delete and suggest themes. Its forms and questions are its own;
//! drawing is in `board/render.rs`.

mod render;

use std::cell::Cell;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::Ctx;
use crate::action::Action;
use crate::document::Document;
use crate::keymap::Context;
use crate::model::capacity::Capacity;
use crate::model::count::count;
use crate::model::suggest::ThemeSuggestion;
use crate::model::{InitiativeId, ThemeId, Workshop};
use crate::ui::Look;
use crate::ui::confirm::Confirm;
use crate::ui::form::{Form, FormEvent};
use crate::ui::list::ListCursor;
use crate::ui::text::fit;

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
    Merge {
        from: ThemeId,
        into: ThemeId,
    },
    /// Two duplicate ideas become one.
    MergeIdeas {
        keep: InitiativeId,
        other: InitiativeId,
    },
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
    /// Where each card was last drawn, for clicks.
    cards: std::cell::RefCell<Vec<render::Drawn>>,
    /// A card marked to merge its duplicate into.
    pub marked: Option<InitiativeId>,
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
        let inside = |r: Rect| column >= r.x && column < r.x + r.width && row >= r.y && row < r.y + r.height;
        if let Some((_, col, n)) = self.cards.borrow().iter().find(|(r, ..)| inside(*r)) {
            self.column = *col;
            self.row = *n;
            return;
        }
        let (area, width) = self.drawn.get();
        if width == 0 || !inside(area) {
            return;
        }
        let target = self.first_column.get() + usize::from((column - area.x) / width);
        if target <= w.themes.len() {
            self.column = target;
            self.row = self.row.min(w.column(theme_at(w, target)).len().saturating_sub(1));
        }
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
            Action::SendToTheme(n) => self.send(ctx, doc, usize::from(n)),
            Action::MergeIdeas => self.merge_ideas(ctx, w),
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

    /// Sends the selected card to column `n` (0 Ungrouped, then the themes in order); the
    /// selection stays where it was, so the next card comes under it.
    fn send(&mut self, ctx: &mut Ctx, doc: &mut Document, n: usize) {
        let w = doc.workshop();
        let Some(id) = self.selected(w) else { return };
        if n > w.themes.len() {
            let new = ctx.hint(Context::Board, Action::NewTheme);
            ctx.info(format!("there is no column {n}: {} so far ({new} makes another)", count(w.themes.len(), "theme")));
            return;
        }
        let theme = theme_at(w, n);
        let name = theme.and_then(|t| w.theme(t)).map_or("Ungrouped".to_string(), |t| t.name.clone());
        let title = w.initiative(id).map(|i| i.title.clone()).unwrap_or_default();
        if doc.try_change("send to theme", |w| w.assign_theme(id, theme)) {
            let undo = ctx.hint(Context::Board, Action::Undo);
            ctx.info(format!("\"{}\" → {name} ({undo} undoes it)", fit(&title, 40)));
        }
        self.row = self.row.min(self.column_len(doc.workshop()).saturating_sub(1));
    }

    /// `m` marks the selected card; `m` on another asks to merge that duplicate into it.
    fn merge_ideas(&mut self, ctx: &mut Ctx, w: &Workshop) {
        let Some(id) = self.selected(w) else { return };
        let key = ctx.hint(Context::Board, Action::MergeIdeas);
        let title = |id| w.initiative(id).map(|i| i.title.clone()).unwrap_or_default();
        match self.marked.filter(|m| w.initiative(*m).is_some()) {
            Some(keep) if keep != id => {
                let undo = ctx.hint(Context::Board, Action::Undo);
                let message = format!(
                    "Merge \"{}\" into \"{}\"? One idea stays, with both authors, every vote and both texts; {undo} undoes it.",
                    title(id),
                    title(keep)
                );
                self.dialog =
                    Some(Dialog::Confirm(Confirm::new("Merge duplicate ideas", message, BoardChange::MergeIdeas { keep, other: id })));
            }
            Some(_) => {
                self.marked = None;
                ctx.info("unmarked");
            }
            None => {
                self.marked = Some(id);
                let back = ctx.hint(Context::Board, Action::Back);
                ctx.info(format!(
                    "marked \"{}\": select its duplicate and press {key} to merge them ({back} unmarks)",
                    fit(&title(id), 40)
                ));
            }
        }
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
                let message = format!(
                    "Delete the theme \"{}\"? Its {} go back to Ungrouped; {undo} undoes it.",
                    theme.name,
                    crate::model::count::count(count, "initiative")
                );
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
            BoardChange::MergeIdeas { keep, other } => {
                self.marked = None;
                if doc.try_change("merge ideas", |w| w.merge_initiatives(keep, other)) {
                    let undo = ctx.hint(Context::Board, Action::Undo);
                    let authors = doc.workshop().initiative(keep).map(|i| doc.workshop().authors_text(i)).unwrap_or_default();
                    ctx.info(format!("merged into one idea by {authors} ({undo} undoes it)"));
                    self.follow(doc.workshop(), keep);
                }
            }
            BoardChange::Delete(id) => {
                doc.try_change("delete theme", |w| w.delete_theme(id));
                self.column = self.column.min(doc.workshop().themes.len());
            }
            BoardChange::AcceptSuggestions(suggestions) => {
                let mut created = 0;
                doc.change("suggested themes", |w| created = w.accept_suggestions(&suggestions));
                let undo = ctx.hint(Context::Board, Action::Undo);
                ctx.info(format!("created {} from shared words ({undo} undoes it)", crate::model::count::count(created, "theme")));
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
}
