//! Step 3's scoring view (impact then cost, a keystroke each, moving down by itself) and
//! the impact/cost matrix of what is scored.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Column, State, View};
use crate::action::Action;
use crate::document::Document;
use crate::keymap::Context;
use crate::model::count::count;
use crate::model::score_round::{ScoresRevealed, Spread, TeamScore};
use crate::model::{Initiative, Quadrant, Workshop};
use crate::screen::Ctx;
use crate::ui::Look;
use crate::ui::list;
use crate::ui::text::{fit, pad};
use crate::widgets::matrix::{Matrix, MatrixPoint};

/// The columns of the team's scores: `3.4 (2–5)` for impact, then for cost.
const TEAM_WIDTH: usize = 20;

/// While a round of private scoring is open: how many have scored and the key that reveals.
fn round_line(w: &Workshop, look: &Look) -> Option<String> {
    if !w.score_round_open() {
        return None;
    }
    let scored = w.active_participants().filter(|p| w.has_scored(p.id)).count();
    let key = look.keymap.hint(Context::Prioritise, Action::ScoreRound);
    let has = crate::model::count::noun(scored, "has");
    Some(format!(" Private scoring: {} {has} scored, unseen · {key} reveals the averages", count(scored, "person")))
}

/// The team's impact and cost for one row; a spread of two points or more stands out.
fn team_cells(team: Option<TeamScore>, palette: &crate::ui::theme::Palette) -> [Span<'static>; 2] {
    let cell = |s: Option<Spread>, width: usize| {
        let text = format!("{:<width$}", s.map_or_else(|| "·".to_string(), |s| s.text()));
        Span::styled(text, if s.is_some_and(|s| s.wide()) { palette.warn } else { palette.muted })
    };
    [cell(team.and_then(|t| t.impact), 10), cell(team.and_then(|t| t.cost), TEAM_WIDTH - 10)]
}

/// `s` off the vote view: opens a round of private scoring (each participant in the room
/// scores on their own screen), or reveals the open one: the averages become the scores.
pub(super) fn score_round(ctx: &mut Ctx, doc: &mut Document) {
    let key = ctx.hint(Context::Prioritise, Action::ScoreRound);
    if doc.workshop().score_round_open() {
        let mut revealed = ScoresRevealed::default();
        doc.change("reveal scores", |w| revealed = w.reveal_scores());
        let undo = ctx.hint(Context::Prioritise, Action::Undo);
        ctx.info(format!(
            "revealed {} from {}: the team's averages on {} ({undo} undoes it)",
            count(revealed.values, "score"),
            count(revealed.scorers, "person"),
            count(revealed.initiatives, "initiative")
        ));
    } else if doc.change("private scoring", |w| _ = w.start_score_round()) {
        ctx.info(format!("private scoring: each participant in the room scores on their own screen until {key} reveals"));
    }
}

fn score_text(v: Option<u8>) -> String {
    v.map_or_else(|| "·".to_string(), |v| v.to_string())
}

/// The tally, or a dot while silent mode hides votes from the shared screen.
pub(super) fn votes_text(w: &Workshop, ini: &Initiative) -> String {
    if w.silent_mode { "•".to_string() } else { ini.total_votes().to_string() }
}

impl State {
    pub(super) fn score_action(&mut self, doc: &mut Document, action: Action) {
        match action {
            Action::StartScoring | Action::StopScoring => {
                self.scoring = action == Action::StartScoring;
                self.column = Column::Impact;
            }
            Action::ScoreImpact | Action::ScoreCost => {
                self.column = if action == Action::ScoreImpact { Column::Impact } else { Column::Cost };
            }
            Action::SetScore(value) => {
                let Some(id) = self.selected(doc.workshop()) else { return };
                let column = self.column;
                let value = (value > 0).then_some(value);
                let changed = doc.change("score", |w| {
                    if column == Column::Impact {
                        w.set_impact(id, value);
                    } else {
                        w.set_cost(id, value);
                    }
                });
                // Impact, then cost, then the next initiative: two keys an initiative.
                if changed {
                    if column == Column::Impact {
                        self.column = Column::Cost;
                    } else {
                        self.column = Column::Impact;
                        let len = self.rows(doc.workshop()).len();
                        self.cursor.apply(Action::Down, len, 1);
                    }
                }
            }
            _ => {}
        }
    }

    pub(super) fn render_score(&self, frame: &mut Frame, area: Rect, look: &Look, w: &Workshop) {
        let palette = look.palette;
        let round = round_line(w, look);
        let [status, header, body] =
            Layout::vertical([Constraint::Length(u16::from(round.is_some())), Constraint::Length(1), Constraint::Min(0)]).areas(area);
        if let Some(line) = round {
            frame.render_widget(Paragraph::new(fit(&line, area.width as usize)).style(palette.warn), status);
        }
        let width = area.width as usize;
        // The team's averages, with their spread, once a round of private scoring is revealed.
        let team_w = if w.score_round.as_ref().is_some_and(|r| r.revealed) { TEAM_WIDTH } else { 0 };
        let title_w = width.saturating_sub(6 + 6 + 7 + 12 + 4 + team_w).max(10);
        let (column, scoring) = (self.column, self.scoring);
        let label = match (scoring, look.present) {
            (true, true) => "SCORING: impact then cost, 1–5".to_string(),
            (true, false) => {
                format!("SCORING: type 1–5, impact then cost ({} stops)", look.keymap.hint(Context::Score, Action::StopScoring))
            }
            (false, true) => "Initiative".to_string(),
            (false, false) => format!("Initiative ({} starts scoring)", look.keymap.hint(Context::Prioritise, Action::StartScoring)),
        };
        let team_heading = if team_w > 0 { pad("Team: impact · cost", team_w) } else { String::new() };
        let heading = format!(" {} {:>6} {:>5} {:>6}  {team_heading}{}", pad(&label, title_w), "Impact", "Cost", "Votes", "Quadrant");
        frame.render_widget(Paragraph::new(fit(&heading, width)).style(if scoring { palette.warn } else { palette.muted }), header);
        let list = self.rows(w);
        if list.is_empty() {
            let capture = look.keymap.hint(Context::Prioritise, Action::Capture);
            let text = if look.present {
                " No initiatives to score yet: capture some on step 2.".to_string()
            } else {
                format!(" No initiatives to score yet: capture some on step 2 (or press {capture}).")
            };
            frame.render_widget(Paragraph::new(text).style(palette.muted), body);
            return;
        }
        let selected = self.cursor.selected;
        list::draw(frame, body, &self.cursor, list.len(), palette, |i| {
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
            let mut spans = vec![
                Span::raw(format!(" {} ", pad(&ini.title, title_w))),
                cell(ini.impact, Column::Impact, 6),
                Span::raw(" "),
                cell(ini.cost, Column::Cost, 5),
                Span::styled(format!(" {:>6}  ", votes_text(w, ini)), palette.accent),
            ];
            if team_w > 0 {
                spans.extend(team_cells(w.team_score(ini.id), palette));
            }
            spans.push(Span::styled(quadrant, if ini.quadrant().is_none() { palette.warn } else { palette.muted }));
            Line::from(spans)
        });
    }

    pub(super) fn render_matrix(&self, frame: &mut Frame, area: Rect, look: &Look, w: &Workshop) {
        let palette = look.palette;
        debug_assert_eq!(self.view, View::Matrix);
        let list = self.rows(w);
        if list.is_empty() {
            let next = look.keymap.hint(Context::Prioritise, Action::NextView);
            let text = if look.present {
                " Nothing scored yet: score impact and cost first.".to_string()
            } else {
                format!(" Nothing scored yet: score impact and cost first ({next} to the Score view).")
            };
            frame.render_widget(Paragraph::new(text).style(palette.muted), area);
            return;
        }
        let points: Vec<MatrixPoint> = list
            .iter()
            .enumerate()
            .map(|(n, i)| MatrixPoint { number: n + 1, title: &i.title, impact: i.impact.unwrap_or(1), cost: i.cost.unwrap_or(1) })
            .collect();
        let selected = self.cursor.selected.min(points.len() - 1);
        frame.render_widget(Matrix { points: &points, selected: Some(selected), palette, legend: true }, area);
    }
}
