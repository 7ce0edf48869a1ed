//! Step 3's dot voting: who is voting, their dots on each initiative within the budget,
//! and the tallies (hidden while silent mode is on).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::State;
use super::score::votes_text;
use crate::action::Action;
use crate::document::Document;
use crate::keymap::Context;
use crate::model::count::count32;
use crate::model::{ParticipantId, Workshop};
use crate::screen::Ctx;
use crate::ui::Look;
use crate::ui::list;
use crate::ui::text::{fit, pad};

impl State {
    pub(super) fn vote_action(&mut self, ctx: &mut Ctx, doc: &mut Document, action: Action) {
        let voters: Vec<ParticipantId> = doc.workshop().active_participants().map(|p| p.id).collect();
        match action {
            Action::NextVoter | Action::PrevVoter => {
                if voters.is_empty() {
                    let people = ctx.hint(Context::Vote, Action::Participants);
                    ctx.info(format!("no participants to vote: add them with {people}"));
                    return;
                }
                let i = self.voter.and_then(|v| voters.iter().position(|p| *p == v));
                let next = match (i, action) {
                    (None, _) => 0,
                    (Some(i), Action::NextVoter) => (i + 1) % voters.len(),
                    (Some(i), _) => (i + voters.len() - 1) % voters.len(),
                };
                self.voter = Some(voters[next]);
            }
            Action::VoteUp | Action::VoteDown => {
                let (Some(voter), Some(id)) = (self.voter.filter(|v| voters.contains(v)), self.selected(doc.workshop())) else {
                    let who = format!("{} {}", ctx.hint(Context::Vote, Action::PrevVoter), ctx.hint(Context::Vote, Action::NextVoter));
                    ctx.info(format!("choose who is voting first ({who})"));
                    return;
                };
                let delta = if action == Action::VoteUp { 1 } else { -1 };
                let mut refused = None;
                doc.try_change("vote", |w| match w.vote(voter, id, delta) {
                    Ok(_) => true,
                    Err(refusal) => {
                        refused = Some(refusal);
                        false
                    }
                });
                if let Some(refusal) = refused {
                    ctx.error(refusal.to_string());
                }
            }
            Action::ClearVotes => {
                let mut removed = 0;
                doc.change("clear votes", |w| removed = w.clear_votes());
                let undo = ctx.hint(Context::Vote, Action::Undo);
                ctx.info(format!("cleared {} ({undo} brings them back)", count32(removed, "vote")));
            }
            _ => {}
        }
    }

    pub(super) fn render_vote(&self, frame: &mut Frame, area: Rect, look: &Look, w: &Workshop) {
        let palette = look.palette;
        let [who, people, header, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Length(1), Constraint::Min(0)]).areas(area);
        let width = area.width as usize;
        let budget = w.settings.vote_budget;
        let cap = w.settings.vote_cap.map(|c| format!(", at most {c} on one")).unwrap_or_default();
        let key = |action| look.keymap.hint(Context::Vote, action);
        let voter_line = match self.voter.and_then(|v| w.participant(v)) {
            Some(p) => Line::from(vec![
                Span::styled(" Voting: ", palette.muted),
                Span::styled(p.name.clone(), palette.tab_active),
                Span::styled(format!(" — {} of {budget} left{cap}", w.votes_left(p.id)), palette.title),
                Span::styled(
                    format!(
                        "   {} {} who votes · {} vote · {} take back",
                        key(Action::PrevVoter),
                        key(Action::NextVoter),
                        key(Action::VoteUp),
                        key(Action::VoteDown)
                    ),
                    palette.muted,
                ),
            ]),
            None => Line::from(Span::styled(
                format!(" Choose who is voting with {} or {}.", key(Action::PrevVoter), key(Action::NextVoter)),
                palette.warn,
            )),
        };
        frame.render_widget(Paragraph::new(voter_line).style(palette.base), who);
        let left: Vec<String> = w.active_participants().map(|p| format!("{} {}", p.name, w.votes_left(p.id))).collect();
        let people_line = format!(" Votes left: {}", left.join(" · "));
        frame.render_widget(Paragraph::new(fit(&people_line, width)).style(palette.muted), people);
        let title_w = width.saturating_sub(12 + 8 + 4).max(10);
        let heading = format!(" {} {:>10} {:>7}", pad("Initiative", title_w), "Your dots", "Total");
        frame.render_widget(Paragraph::new(fit(&heading, width)).style(palette.muted), header);
        let list = self.rows(w);
        list::draw(frame, body, &self.cursor, list.len(), palette, |i| {
            let ini = list[i];
            let mine = self.voter.and_then(|v| ini.votes.get(&v)).copied().unwrap_or(0);
            let dots = if w.silent_mode { String::new() } else { "●".repeat(mine.min(10) as usize) };
            Line::from(vec![
                Span::raw(format!(" {} ", pad(&ini.title, title_w))),
                Span::styled(format!("{dots:>10}"), palette.accent),
                Span::styled(format!(" {:>7}", votes_text(w, ini)), palette.title),
            ])
        });
    }
}
