//! Step 3, prioritise: four views of the same initiatives — scoring (a keystroke per value,
//! moving down as you go), the impact/cost matrix, dot voting, and the theme board
//! (`board.rs`). This file holds the view switch, scoring, matrix and voting.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::action::Action;
use crate::app::{App, Effect, Session};
use crate::model::{Initiative, InitiativeId, ParticipantId, Quadrant, Step, Workshop};
use crate::screen::{board, filter_matches};
use crate::ui::list;
use crate::ui::text::{fit, pad};
use crate::ui::theme::Palette;
use crate::widgets::matrix::{Matrix, MatrixPoint};

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

/// The step's state that is not saved in the workshop.
#[derive(Debug, Clone, Default)]
pub struct State {
    pub view: View,
    pub sort: Sort,
    pub column: Column,
    /// Typing scores: the digits score instead of switching steps.
    pub scoring: bool,
    /// Who is voting now.
    pub voter: Option<ParticipantId>,
    pub board: board::Cursor,
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

/// The rows of the current view (the board has its own cursor).
fn rows(session: &Session) -> Vec<&Initiative> {
    let state = &session.prioritise;
    let list = ordered(&session.workshop, &session.filters[Step::Prioritise as usize], state.sort);
    match state.view {
        View::Matrix => list.into_iter().filter(|i| i.quadrant().is_some()).collect(),
        _ => list,
    }
}

pub fn row_count(session: &Session) -> usize {
    match session.prioritise.view {
        View::Board => board::column_len(session),
        _ => rows(session).len(),
    }
}

/// The initiative selected in the scoring, matrix or voting view.
pub fn selected_initiative(session: &Session) -> Option<InitiativeId> {
    selected_id(session)
}

fn selected_id(session: &Session) -> Option<InitiativeId> {
    rows(session).get(session.cursors[Step::Prioritise as usize].selected).map(|i| i.id)
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(session) = &mut app.session else { return vec![] };
    match action {
        Action::NextView | Action::PrevView => {
            let i = View::ALL.iter().position(|v| *v == session.prioritise.view).unwrap_or(0);
            let step = if action == Action::NextView { 1 } else { View::ALL.len() - 1 };
            session.prioritise.view = View::ALL[(i + step) % View::ALL.len()];
            if session.prioritise.view == View::Vote && session.prioritise.voter.is_none() {
                session.prioritise.voter = session.workshop.active_participants().next().map(|p| p.id);
            }
            vec![]
        }
        Action::Sort => {
            session.prioritise.sort = session.prioritise.sort.next();
            let label = session.prioritise.sort.label();
            app.info(format!("sorted by {label}"));
            vec![]
        }
        Action::Capture => crate::screen::brainstorm::update(app, Action::Capture),
        Action::ToggleSilent => crate::screen::brainstorm::update(app, Action::ToggleSilent),
        _ => match session.prioritise.view {
            View::Score => score_action(app, action),
            View::Vote => vote_action(app, action),
            View::Board => board::update(app, action),
            View::Matrix => vec![],
        },
    }
}

fn score_action(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(session) = &mut app.session else { return vec![] };
    match action {
        Action::StartScoring | Action::StopScoring => {
            session.prioritise.scoring = action == Action::StartScoring;
            session.prioritise.column = Column::Impact;
            vec![]
        }
        Action::ScoreImpact | Action::ScoreCost => {
            session.prioritise.column = if action == Action::ScoreImpact { Column::Impact } else { Column::Cost };
            vec![]
        }
        Action::SetScore(value) => {
            let Some(id) = selected_id(session) else { return vec![] };
            let column = session.prioritise.column;
            let value = (value > 0).then_some(value);
            let effects = app.change("score", |w| {
                if column == Column::Impact {
                    w.set_impact(id, value);
                } else {
                    w.set_cost(id, value);
                }
            });
            // Impact, then cost, then the next initiative: two keys an initiative.
            if let Some(session) = &mut app.session
                && !effects.is_empty()
            {
                if column == Column::Impact {
                    session.prioritise.column = Column::Cost;
                } else {
                    session.prioritise.column = Column::Impact;
                    let len = rows(session).len();
                    session.cursor(Step::Prioritise).apply(Action::Down, len, 1);
                }
            }
            effects
        }
        _ => vec![],
    }
}

fn vote_action(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(session) = &mut app.session else { return vec![] };
    let voters: Vec<ParticipantId> = session.workshop.active_participants().map(|p| p.id).collect();
    match action {
        Action::NextVoter | Action::PrevVoter => {
            if voters.is_empty() {
                app.info("no participants to vote: add them with P on step 2, or in settings (,)");
                return vec![];
            }
            let i = session.prioritise.voter.and_then(|v| voters.iter().position(|p| *p == v));
            let next = match (i, action) {
                (None, _) => 0,
                (Some(i), Action::NextVoter) => (i + 1) % voters.len(),
                (Some(i), _) => (i + voters.len() - 1) % voters.len(),
            };
            session.prioritise.voter = Some(voters[next]);
            vec![]
        }
        Action::VoteUp | Action::VoteDown => {
            let (Some(voter), Some(id)) = (session.prioritise.voter.filter(|v| voters.contains(v)), selected_id(session)) else {
                app.info("choose who is voting first (< >)");
                return vec![];
            };
            let delta = if action == Action::VoteUp { 1 } else { -1 };
            let mut refused = None;
            let effects = app.try_change("vote", |w| match w.vote(voter, id, delta) {
                Ok(_) => true,
                Err(refusal) => {
                    refused = Some(refusal);
                    false
                }
            });
            if let Some(refusal) = refused {
                app.error(refusal.to_string());
            }
            effects
        }
        Action::ClearVotes => {
            let mut removed = 0;
            let effects = app.change("clear votes", |w| removed = w.clear_votes());
            app.info(format!("cleared {removed} votes (u brings them back)"));
            effects
        }
        _ => vec![],
    }
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, session: &Session, palette: &Palette) {
    let [tabs, capture_area, body] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(if matches!(app.overlay, Some(crate::app::Overlay::Capture(_))) { 3 } else { 0 }),
        Constraint::Min(0),
    ])
    .areas(area);
    render_view_tabs(frame, tabs, session, palette);
    if let Some(crate::app::Overlay::Capture(line)) = &app.overlay {
        crate::screen::brainstorm::render_capture(frame, capture_area, &session.workshop, line, app.present, palette);
    }
    match session.prioritise.view {
        View::Score => render_score(frame, body, session, palette),
        View::Matrix => render_matrix(frame, body, session, palette),
        View::Vote => render_vote(frame, body, session, palette),
        View::Board => board::render(frame, body, session, palette),
    }
}

fn render_view_tabs(frame: &mut Frame, area: Rect, session: &Session, palette: &Palette) {
    let mut spans = vec![Span::raw(" ")];
    for view in View::ALL {
        let style = if view == session.prioritise.view { palette.tab_active } else { palette.tab };
        spans.push(Span::styled(format!(" {} ", view.title()), style));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled(" v next view", palette.muted));
    let w = &session.workshop;
    let unscored = w.initiatives.iter().filter(|i| i.impact.is_none() || i.cost.is_none()).count();
    let votes: u32 = w.initiatives.iter().map(Initiative::total_votes).sum();
    let ungrouped = w.initiatives.iter().filter(|i| i.theme.is_none()).count();
    let sort = if session.prioritise.sort == Sort::Captured || session.prioritise.view == View::Board {
        String::new()
    } else {
        format!(" · sorted by {}", session.prioritise.sort.label())
    };
    let facts = format!(" {} initiatives · {unscored} unscored · {votes} votes · {ungrouped} ungrouped{sort}", w.initiatives.len());
    let lines = vec![Line::from(spans), Line::from(Span::styled(fit(&facts, area.width as usize), palette.muted))];
    frame.render_widget(Paragraph::new(lines).style(palette.base), area);
}

fn score_text(v: Option<u8>) -> String {
    v.map_or_else(|| "·".to_string(), |v| v.to_string())
}

fn render_score(frame: &mut Frame, area: Rect, session: &Session, palette: &Palette) {
    let w = &session.workshop;
    let [header, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let width = area.width as usize;
    let title_w = width.saturating_sub(6 + 6 + 7 + 12 + 4).max(10);
    let column = session.prioritise.column;
    let scoring = session.prioritise.scoring;
    let label = if scoring { "SCORING: type 1–5, impact then cost (Esc stops)" } else { "Initiative (Enter starts scoring)" };
    let heading = format!(" {} {:>6} {:>5} {:>6}  {}", pad(label, title_w), "Impact", "Cost", "Votes", "Quadrant");
    frame.render_widget(Paragraph::new(fit(&heading, width)).style(if scoring { palette.warn } else { palette.muted }), header);
    let list = rows(session);
    if list.is_empty() {
        frame
            .render_widget(Paragraph::new(" No initiatives to score yet: capture some on step 2 (or press a).").style(palette.muted), body);
        return;
    }
    let cursor = &session.cursors[Step::Prioritise as usize];
    let selected = cursor.selected;
    list::draw(frame, body, cursor, list.len(), palette, |i| {
        let ini = list[i];
        let cell = |v: Option<u8>, col: Column, width: usize| {
            let text = format!("{:>width$}", score_text(v));
            let style = if scoring && i == selected && col == column {
                palette.tab_active
            } else if v.is_none() {
                palette.warn
            } else {
                palette.base
            };
            Span::styled(text, style)
        };
        let quadrant = ini.quadrant().map_or("unscored", Quadrant::label);
        Line::from(vec![
            Span::raw(format!(" {} ", pad(&ini.title, title_w))),
            cell(ini.impact, Column::Impact, 6),
            Span::raw(" "),
            cell(ini.cost, Column::Cost, 5),
            Span::styled(format!(" {:>6}  ", votes_text(w, ini)), palette.accent),
            Span::styled(quadrant, if ini.quadrant().is_none() { palette.warn } else { palette.muted }),
        ])
    });
}

/// The tally, or a dot while silent mode hides votes from the shared screen.
fn votes_text(w: &Workshop, ini: &Initiative) -> String {
    if w.silent_mode { "•".to_string() } else { ini.total_votes().to_string() }
}

fn render_matrix(frame: &mut Frame, area: Rect, session: &Session, palette: &Palette) {
    let list = rows(session);
    if list.is_empty() {
        frame.render_widget(
            Paragraph::new(" Nothing scored yet: score impact and cost first (v to the Score view).").style(palette.muted),
            area,
        );
        return;
    }
    let points: Vec<MatrixPoint> = list
        .iter()
        .enumerate()
        .map(|(n, i)| MatrixPoint { number: n + 1, title: &i.title, impact: i.impact.unwrap_or(1), cost: i.cost.unwrap_or(1) })
        .collect();
    let selected = session.cursors[Step::Prioritise as usize].selected.min(points.len() - 1);
    frame.render_widget(Matrix { points: &points, selected: Some(selected), palette, legend: true }, area);
}

fn render_vote(frame: &mut Frame, area: Rect, session: &Session, palette: &Palette) {
    let w = &session.workshop;
    let state = &session.prioritise;
    let [who, people, header, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let width = area.width as usize;
    let budget = w.settings.vote_budget;
    let cap = w.settings.vote_cap.map(|c| format!(", at most {c} on one")).unwrap_or_default();
    let voter_line = match state.voter.and_then(|v| w.participant(v)) {
        Some(p) => Line::from(vec![
            Span::styled(" Voting: ", palette.muted),
            Span::styled(p.name.clone(), palette.tab_active),
            Span::styled(format!(" — {} of {budget} left{cap}", w.votes_left(p.id)), palette.title),
            Span::styled("   < > who votes · + vote · - take back", palette.muted),
        ]),
        None => Line::from(Span::styled(" Choose who is voting with < or >.", palette.warn)),
    };
    frame.render_widget(Paragraph::new(voter_line).style(palette.base), who);
    let left: Vec<String> = w.active_participants().map(|p| format!("{} {}", p.name, w.votes_left(p.id))).collect();
    let people_line = format!(" Votes left: {}", left.join(" · "));
    frame.render_widget(Paragraph::new(fit(&people_line, width)).style(palette.muted), people);
    let title_w = width.saturating_sub(12 + 8 + 4).max(10);
    let heading = format!(" {} {:>10} {:>7}", pad("Initiative", title_w), "Your dots", "Total");
    frame.render_widget(Paragraph::new(fit(&heading, width)).style(palette.muted), header);
    let list = rows(session);
    let cursor = &session.cursors[Step::Prioritise as usize];
    list::draw(frame, body, cursor, list.len(), palette, |i| {
        let ini = list[i];
        let mine = state.voter.and_then(|v| ini.votes.get(&v)).copied().unwrap_or(0);
        let dots = if w.silent_mode { String::new() } else { "●".repeat(mine.min(10) as usize) };
        Line::from(vec![
            Span::raw(format!(" {} ", pad(&ini.title, title_w))),
            Span::styled(format!("{dots:>10}"), palette.accent),
            Span::styled(format!(" {:>7}", votes_text(w, ini)), palette.title),
        ])
    });
}
