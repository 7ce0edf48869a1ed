//! Step 3's dot voting: who is voting, their dots on each initiative within the budget, and
//! the tallies (hidden while silent mode is on). Public by default; a secret round keeps each
//! voter's dots on a ballot of their own, shows only who has voted and how many dots each
//! has left, and counts every ballot at once when revealed.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::State;
use super::score::votes_text;
use crate::action::Action;
use crate::document::Document;
use crate::keymap::Context;
use crate::model::count::{count, count32};
use crate::model::{ParticipantId, Workshop};
use crate::screen::Ctx;
use crate::ui::Look;
use crate::ui::list;
use crate::ui::text::{fit, join_wrapped, pad};

impl State {
    pub(super) fn vote_action(&mut self, ctx: &mut Ctx, doc: &mut Document, action: Action) {
        let voters: Vec<ParticipantId> = doc.workshop().active_participants().map(|p| p.id).collect();
        let secret = doc.workshop().secret_round_open();
        match action {
            Action::NextVoter | Action::PrevVoter => {
                if voters.is_empty() {
                    let people = ctx.hint(Context::Vote, Action::Participants);
                    ctx.info(format!("no participants to vote: add them with {people}"));
                    return;
                }
                // In a secret round, moving on seals the ballot of whoever voted.
                if let Some(done) = self.voter.filter(|v| secret && doc.workshop().secret_dots(*v) > 0) {
                    doc.try_change("ballot cast", |w| w.ballot(done).is_some_and(|b| !b.cast) && w.cast_ballot(done, true));
                }
                let i = self.voter.and_then(|v| voters.iter().position(|p| *p == v));
                let next = match (i, action) {
                    (None, _) => 0,
                    (Some(i), Action::NextVoter) => (i + 1) % voters.len(),
                    (Some(i), _) => (i + voters.len() - 1) % voters.len(),
                };
                self.voter = Some(voters[next]);
            }
            Action::VoteUp | Action::VoteDown => self.dot(ctx, doc, &voters, action),
            Action::ClearVotes if secret => {
                let Some(voter) = self.voter else { return };
                let mut removed = 0;
                doc.change("clear ballot", |w| removed = w.clear_ballot(voter));
                let name = doc.workshop().author_name(Some(voter)).to_string();
                ctx.info(format!("took back {name}'s {} (still secret)", count32(removed, "dot")));
            }
            Action::ClearVotes => {
                let mut removed = 0;
                doc.change("clear votes", |w| removed = w.clear_votes());
                let undo = ctx.hint(Context::Vote, Action::Undo);
                ctx.info(format!("cleared {} ({undo} brings them back)", count32(removed, "vote")));
            }
            Action::SecretVote => secret_round(ctx, doc),
            _ => {}
        }
    }

    /// A dot placed or taken back by the current voter: in the open, or on their ballot.
    fn dot(&mut self, ctx: &mut Ctx, doc: &mut Document, voters: &[ParticipantId], action: Action) {
        let (Some(voter), Some(id)) = (self.voter.filter(|v| voters.contains(v)), self.selected(doc.workshop())) else {
            let who = format!("{} {}", ctx.hint(Context::Vote, Action::PrevVoter), ctx.hint(Context::Vote, Action::NextVoter));
            ctx.info(format!("choose who is voting first ({who})"));
            return;
        };
        let delta = if action == Action::VoteUp { 1 } else { -1 };
        let secret = doc.workshop().secret_round_open();
        let mut refused = None;
        doc.try_change(if secret { "secret vote" } else { "vote" }, |w| {
            let result = if secret { w.secret_vote(voter, id, delta) } else { w.vote(voter, id, delta) };
            result.map_err(|refusal| refused = Some(refusal)).is_ok()
        });
        if let Some(refusal) = refused {
            ctx.error(refusal.to_string());
        } else if secret {
            // Nothing about where the dot went: only how many are left.
            let left = doc.workshop().votes_left(voter);
            ctx.info(format!("dot noted secretly: {} left", count32(left, "dot")));
        }
    }

    pub(super) fn render_vote(&self, frame: &mut Frame, area: Rect, look: &Look, w: &Workshop) {
        let palette = look.palette;
        let secret = w.secret_round_open();
        let roster = roster(w, secret, area.width as usize);
        let voter = self.voter_lines(w, look, area.width as usize);
        let [who, people, header, body] = Layout::vertical([
            Constraint::Length(voter.len() as u16),
            Constraint::Length(roster.len() as u16),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(area);
        let width = area.width as usize;
        frame.render_widget(Paragraph::new(voter).style(palette.base), who);
        let roster: Vec<Line> = roster.into_iter().map(|l| Line::from(Span::styled(l, palette.muted))).collect();
        frame.render_widget(Paragraph::new(roster), people);
        let title_w = width.saturating_sub(12 + 8 + 4).max(10);
        let (mine_head, total_head) = if secret { ("", "Total") } else { ("Your dots", "Total") };
        let heading = format!(" {} {mine_head:>10} {total_head:>7}", pad("Initiative", title_w));
        frame.render_widget(Paragraph::new(fit(&heading, width)).style(palette.muted), header);
        let list = self.rows(w);
        list::draw(frame, body, &self.cursor, list.len(), palette, |i| {
            let ini = list[i];
            let mine = self.voter.and_then(|v| ini.votes.get(&v)).copied().unwrap_or(0);
            // A secret round shows no dots and no totals, not even the voter's own.
            let dots = if w.silent_mode || secret { String::new() } else { "●".repeat(mine.min(10) as usize) };
            let total = if secret { "hidden".to_string() } else { votes_text(w, ini) };
            Line::from(vec![
                Span::raw(format!(" {} ", pad(&ini.title, title_w))),
                Span::styled(format!("{dots:>10}"), palette.accent),
                Span::styled(format!(" {total:>7}"), palette.title),
            ])
        });
    }

    /// Who is voting, how many dots they have left, and (not in present mode) the keys: on
    /// the same line when they fit, else on the next.
    fn voter_lines(&self, w: &Workshop, look: &Look, width: usize) -> Vec<Line<'static>> {
        let palette = look.palette;
        let budget = w.settings.vote_budget;
        let cap = w.settings.vote_cap.map(|c| format!(", at most {c} on one")).unwrap_or_default();
        let key = |action| look.keymap.hint(Context::Vote, action);
        let secret = w.secret_round_open();
        let Some(p) = self.voter.and_then(|v| w.participant(v)) else {
            let text = if look.present {
                " Choose who is voting.".to_string()
            } else {
                format!(" Choose who is voting with {} or {}.", key(Action::PrevVoter), key(Action::NextVoter))
            };
            return vec![Line::from(Span::styled(text, palette.warn))];
        };
        let (label, keys) = if secret {
            (" Secret ballot: ", format!("   {} reveals everyone's at once", key(Action::SecretVote)))
        } else {
            (" Voting: ", format!("   {} secret round", key(Action::SecretVote)))
        };
        let mut spans = vec![
            Span::styled(label, if secret { palette.warn } else { palette.muted }),
            Span::styled(p.name.clone(), palette.tab_active),
            Span::styled(format!(" — {} of {budget} left{cap}", w.votes_left(p.id)), palette.title),
        ];
        if look.present {
            return vec![Line::from(spans)];
        }
        let who = format!(
            "   {} {} who votes · {} vote · {} take back",
            key(Action::PrevVoter),
            key(Action::NextVoter),
            key(Action::VoteUp),
            key(Action::VoteDown)
        );
        let keys = format!("{who}{keys}");
        let used: usize = spans.iter().map(|s| unicode_width::UnicodeWidthStr::width(s.content.as_ref())).sum();
        if used + keys.chars().count() <= width {
            spans.push(Span::styled(keys, palette.muted));
            return vec![Line::from(spans)];
        }
        vec![Line::from(spans), Line::from(Span::styled(fit(&keys, width), palette.muted))]
    }
}

/// Everyone and the dots they have left, wrapped between names: in a secret round, who has
/// voted (`✓` once every dot is placed) and nothing of where.
fn roster(w: &Workshop, secret: bool, width: usize) -> Vec<String> {
    let left_by_voter = w.votes_left_by_voter();
    let people: Vec<String> = w
        .active_participants()
        .map(|p| {
            let left = left_by_voter.get(&p.id).copied().unwrap_or(w.settings.vote_budget);
            match (secret, w.secret_dots(p.id), left) {
                (true, placed, 0) if placed > 0 => format!("{} ✓ voted", p.name),
                (true, placed, left) if placed > 0 => format!("{} voting, {left} left", p.name),
                (true, _, left) => format!("{} {left} left", p.name),
                (false, _, left) => format!("{} {left}", p.name),
            }
        })
        .collect();
    let lead = if secret { "Secret round: " } else { "Votes left: " };
    let mut lines = join_wrapped(&people, " · ", width.saturating_sub(lead.len() + 2));
    for (n, line) in lines.iter_mut().enumerate() {
        *line = if n == 0 { format!(" {lead}{line}") } else { format!(" {}{line}", " ".repeat(lead.len())) };
    }
    lines
}

/// `s` on the vote view: opens a secret round, or reveals the open one (every ballot counted
/// at once, one undoable change).
fn secret_round(ctx: &mut Ctx, doc: &mut Document) {
    let undo = ctx.hint(Context::Vote, Action::Undo);
    let key = ctx.hint(Context::Vote, Action::SecretVote);
    if doc.workshop().secret_round_open() {
        let mut revealed = crate::model::ballot::Revealed::default();
        doc.change("reveal votes", |w| revealed = w.reveal_votes());
        ctx.info(format!("revealed {} from {} ({undo} undoes it)", count32(revealed.dots, "dot"), count(revealed.voters, "voter")));
    } else if doc.change("secret round", |w| _ = w.start_secret_round()) {
        ctx.info(format!("secret round: each voter's dots stay hidden until {key} reveals them all at once"));
    }
}
