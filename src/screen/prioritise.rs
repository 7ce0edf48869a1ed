//! Step 3, prioritise: four views of the same initiatives — scoring (a keystroke per value,
//! moving down as you go), the impact/cost matrix, dot voting, and the theme board
//! (`board.rs`). This file holds the step's state, the view switch and the sorted list;
//! scoring and the matrix are in `prioritise/score.rs`, voting in `prioritise/vote.rs`.

mod score;
mod vote;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::capture::{self, Captured, Capturing};
use super::{Ctx, board, brainstorm, filter_matches};
use crate::action::Action;
use crate::document::Document;
use crate::effect::Effect;
use crate::keymap::Context;
use crate::model::capacity::{CapacitySplit, CapacityTarget};
use crate::model::count::{count, count32};
use crate::model::{Capture, Initiative, InitiativeId, ParticipantId, Quadrant, Workshop};
use crate::ui::Look;
use crate::ui::list::ListCursor;
use crate::ui::present::Focus;
use crate::ui::text::fit;

/// Which of the step's four views shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    Score,
    Matrix,
    Vote,
    Board,
}

impl View {
    const ALL: [View; 4] = [View::Score, View::Matrix, View::Vote, View::Board];

    fn title(self) -> &'static str {
        match self {
            View::Score => "Score",
            View::Matrix => "Matrix",
            View::Vote => "Vote",
            View::Board => "Themes",
        }
    }

    /// The view's name in a person's state file.
    pub fn name(self) -> &'static str {
        match self {
            View::Score => "score",
            View::Matrix => "matrix",
            View::Vote => "vote",
            View::Board => "themes",
        }
    }

    pub fn from_name(name: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.name() == name)
    }
}

/// The order of the scoring, matrix and voting lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// As captured: stable while scoring, so rows do not jump under the cursor.
    #[default]
    Captured,
    Impact,
    Cost,
    Votes,
    Ratio,
    Quadrant,
}

impl Sort {
    fn next(self) -> Self {
        match self {
            Sort::Captured => Sort::Impact,
            Sort::Impact => Sort::Cost,
            Sort::Cost => Sort::Votes,
            Sort::Votes => Sort::Ratio,
            Sort::Ratio => Sort::Quadrant,
            Sort::Quadrant => Sort::Captured,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Sort::Captured => "as captured",
            Sort::Impact => "impact",
            Sort::Cost => "cost",
            Sort::Votes => "votes",
            Sort::Ratio => "impact ÷ cost",
            Sort::Quadrant => "quadrant",
        }
    }
}

/// Which score the digits set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Column {
    #[default]
    Impact,
    Cost,
}

/// Step 3's state: the view, order, selection and filter, scoring and voting, the board.
#[derive(Debug, Default)]
pub struct State {
    pub view: View,
    pub sort: Sort,
    pub column: Column,
    /// Typing scores: the digits score instead of switching steps.
    pub scoring: bool,
    /// Who is voting now.
    pub voter: Option<ParticipantId>,
    pub board: board::State,
    pub cursor: ListCursor,
    pub filter: String,
    /// A late idea's capture line, and the last capture's author, size and source.
    pub capturing: Option<Capturing>,
    pub last: Capture,
}

/// Initiatives matching the filter, in the chosen order.
pub fn ordered<'a>(w: &'a Workshop, filter: &str, sort: Sort) -> Vec<&'a Initiative> {
    let mut list: Vec<&Initiative> = w.initiatives.iter().filter(|i| filter_matches(&i.title, filter)).collect();
    let desc = |v: Option<u8>| std::cmp::Reverse(v.unwrap_or(0));
    match sort {
        Sort::Captured => {}
        Sort::Impact => list.sort_by_key(|i| desc(i.impact)),
        Sort::Cost => list.sort_by_key(|i| i.cost.unwrap_or(u8::MAX)),
        Sort::Votes => list.sort_by_key(|i| std::cmp::Reverse(i.total_votes())),
        Sort::Ratio => list.sort_by(|a, b| b.value_ratio().unwrap_or(-1.0).total_cmp(&a.value_ratio().unwrap_or(-1.0))),
        Sort::Quadrant => list.sort_by_key(|i| i.quadrant().map_or(4, |q| q as u8)),
    }
    list
}

impl State {
    /// The rows of the current list view (the board has its own cursor).
    fn rows<'a>(&self, w: &'a Workshop) -> Vec<&'a Initiative> {
        let list = ordered(w, &self.filter, self.sort);
        match self.view {
            View::Matrix => list.into_iter().filter(|i| i.quadrant().is_some()).collect(),
            _ => list,
        }
    }

    /// The initiative selected in the current view.
    pub fn selected(&self, w: &Workshop) -> Option<InitiativeId> {
        match self.view {
            View::Board => self.board.selected(w),
            _ => self.rows(w).get(self.cursor.selected).map(|i| i.id),
        }
    }

    pub fn context(&self) -> Context {
        if let Some(c) = &self.capturing {
            return c.context();
        }
        match self.view {
            View::Board => self.board.context(),
            _ => self.help_context(),
        }
    }

    pub fn help_context(&self) -> Context {
        match self.view {
            View::Score if self.scoring => Context::Score,
            View::Vote => Context::Vote,
            View::Board => Context::Board,
            _ => Context::Prioritise,
        }
    }

    pub fn update(&mut self, ctx: &mut Ctx, doc: &mut Document, action: Action) -> Vec<Effect> {
        if let Some(capturing) = &mut self.capturing {
            if let Captured::Closed(_) = capturing.update(ctx, doc, &mut self.last, action) {
                self.capturing = None;
            }
            return vec![];
        }
        if self.view == View::Board && self.board.has_dialog() {
            self.board.update(ctx, doc, action);
            return vec![];
        }
        match action {
            Action::NextView | Action::PrevView => {
                let i = View::ALL.iter().position(|v| *v == self.view).unwrap_or(0);
                let step = if action == Action::NextView { 1 } else { View::ALL.len() - 1 };
                self.view = View::ALL[(i + step) % View::ALL.len()];
                if self.view == View::Vote && self.voter.is_none() {
                    self.voter = doc.workshop().active_participants().next().map(|p| p.id);
                }
            }
            Action::Sort => {
                self.sort = self.sort.next();
                ctx.info(format!("sorted by {}", self.sort.label()));
            }
            Action::Capture => {
                if doc.read_only.is_some() {
                    ctx.error("read-only: this workshop is open in another Quarterdeck");
                } else {
                    self.capturing = Some(Capturing::new(ctx, &self.last));
                }
            }
            Action::ToggleSilent => brainstorm::toggle_silent(ctx, doc),
            Action::TagCapacity => self.tag_capacity(ctx, doc),
            Action::ScoreRound if self.view != View::Board => score::score_round(ctx, doc),
            _ if self.view == View::Board => self.board.update(ctx, doc, action),
            _ if ListCursor::moves(action) => {
                let len = self.rows(doc.workshop()).len();
                self.cursor.apply(action, len, 10);
            }
            _ => match self.view {
                View::Score => self.score_action(doc, action),
                View::Vote => self.vote_action(ctx, doc, action),
                View::Board | View::Matrix => {}
            },
        }
        vec![]
    }

    /// `Esc`: the filter cleared first, then back to the first view (scoring). False when
    /// there is nothing to back out of.
    pub fn back(&mut self) -> bool {
        if self.board.marked.take().is_some() {
            return true;
        }
        if !self.filter.is_empty() {
            self.filter.clear();
            self.cursor.reset();
            return true;
        }
        if self.view != View::Score {
            self.view = View::Score;
            return true;
        }
        false
    }

    pub fn input(&mut self, key: KeyEvent) {
        match &mut self.capturing {
            Some(capturing) => capturing.input(key),
            None => self.board.input(key),
        }
    }

    pub fn paste(&mut self, ctx: &mut Ctx, doc: &mut Document, text: &str) {
        match &mut self.capturing {
            Some(capturing) => capturing.paste(ctx, doc, text),
            None => self.board.paste(text),
        }
    }

    pub fn click(&mut self, column: u16, row: u16, doc: &Document) {
        match self.view {
            View::Board => self.board.click(doc.workshop(), column, row),
            _ => {
                let len = self.rows(doc.workshop()).len();
                self.cursor.click(column, row, len);
            }
        }
    }

    /// The selected initiative, for the focus panel.
    pub fn focus(&self, doc: &Document) -> Option<Focus> {
        let w = doc.workshop();
        let ini = w.initiative(self.selected(w)?)?;
        let score = match (ini.impact, ini.cost) {
            (Some(i), Some(c)) => format!("impact {i} · cost {c} · {}", ini.quadrant().map_or("", Quadrant::label)),
            _ => "not scored yet".to_string(),
        };
        let mut details = vec![score, count32(ini.total_votes(), "vote")];
        if let Some(team) = w.team_score(ini.id) {
            let axis = |s: Option<crate::model::score_round::Spread>| s.map_or_else(|| "·".to_string(), |s| s.text());
            let people = team.impact.or(team.cost).map_or(0, |s| s.count);
            details.push(format!("team: impact {} · cost {} · from {}", axis(team.impact), axis(team.cost), count(people, "person")));
        }
        details.extend(ini.description.lines().map(String::from));
        Some(Focus { heading: ini.title.clone(), details })
    }

    /// Tags the selected initiative business, engineering health or learning, or back to
    /// what its theme and source say.
    fn tag_capacity(&mut self, ctx: &mut Ctx, doc: &mut Document) {
        let Some(id) = self.selected(doc.workshop()) else {
            ctx.info("select an initiative to tag what it spends capacity on");
            return;
        };
        doc.try_change("capacity tag", |w| {
            let Some(i) = w.initiatives.iter_mut().find(|i| i.id == id) else { return false };
            i.capacity = crate::model::capacity::Capacity::cycle(i.capacity);
            true
        });
        let w = doc.workshop();
        if let Some(i) = w.initiative(id) {
            let (tag, from) = w.capacity_of(i);
            let split = w.capacity_split();
            ctx.info(format!("{}: {} ({}) · plan: {}", fit(&i.title, 30), tag.label(), from.label(), split.text()));
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, over: Rect, look: &Look, doc: &Document) {
        let w = doc.workshop();
        let [tabs, capture_area, body] = Layout::vertical([
            Constraint::Length(3),
            Constraint::Length(self.capturing.as_ref().map_or(0, |c| capture::height(w, &c.line, look, area.width))),
            Constraint::Min(0),
        ])
        .areas(area);
        self.render_view_tabs(frame, tabs, look, doc);
        if let Some(capturing) = &self.capturing {
            capture::render_line(frame, capture_area, w, &capturing.line, look);
        }
        match self.view {
            View::Score => self.render_score(frame, body, look, w),
            View::Matrix => self.render_matrix(frame, body, look, w),
            View::Vote => self.render_vote(frame, body, look, w),
            View::Board => self.board.render(frame, body, over, look, w),
        }
        if let Some(capturing) = &self.capturing {
            capturing.render_form(frame, over, look);
        }
    }

    fn render_view_tabs(&self, frame: &mut Frame, area: Rect, look: &Look, doc: &Document) {
        let (palette, w) = (look.palette, doc.workshop());
        let mut spans = vec![Span::raw(" ")];
        for view in View::ALL {
            let style = if view == self.view { palette.tab_active } else { palette.tab };
            spans.push(Span::styled(format!(" {} ", view.title()), style));
            spans.push(Span::raw(" "));
        }
        if !look.present {
            let next = look.keymap.hint(Context::Prioritise, Action::NextView);
            let tag = look.keymap.hint(Context::Prioritise, Action::TagCapacity);
            spans.push(Span::styled(format!(" {next} next view · {tag} capacity tag"), palette.muted));
        }
        let unscored = w.initiatives.iter().filter(|i| i.impact.is_none() || i.cost.is_none()).count();
        let votes: u32 = w.initiatives.iter().map(Initiative::total_votes).sum();
        let ungrouped = w.initiatives.iter().filter(|i| i.theme.is_none()).count();
        let sort = if self.sort == Sort::Captured || self.view == View::Board {
            String::new()
        } else {
            format!(" · sorted by {}", self.sort.label())
        };
        let facts = format!(
            " {} · {unscored} unscored · {} · {ungrouped} ungrouped{sort}",
            count(w.initiatives.len(), "initiative"),
            count32(votes, "vote")
        );
        let mut lines = vec![Line::from(spans), Line::from(Span::styled(fit(&facts, area.width as usize), palette.muted))];
        lines.push(capacity_line(&doc.capacity_split(), &w.settings.capacity, look, area.width as usize));
        frame.render_widget(Paragraph::new(lines).style(palette.base), area);
    }
}

/// How the initiatives in themes (or all, before any are grouped) divide the capacity by
/// cost, against the target, and the key that tags one.
fn capacity_line(split: &CapacitySplit, target: &CapacityTarget, look: &Look, width: usize) -> Line<'static> {
    let palette = look.palette;
    if split.counted == 0 {
        return Line::from(Span::styled(fit(&format!(" Capacity: nothing to count yet · aim {}", target.short()), width), palette.muted));
    }
    let style = if split.off_target(target).is_some() { palette.warn } else { palette.muted };
    let text = format!(" Capacity of {} {}, by cost: {} · aim {}", split.counted, split.basis.short(), split.text(), target.short());
    Line::from(Span::styled(fit(&text, width), style))
}
