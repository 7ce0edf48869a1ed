//! Drawing a participant's seat: a header (the workshop, who they are, the timer), the
//! stage's list, their line or their budget, the last message, and the keys from the
//! keymap. Only what is theirs, or what the shared screen shows, is ever drawn: others'
//! hidden ideas, dots and confidence are counted at most, never shown.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{Stage, State, own_ideas, votable};
use crate::action::Action;
use crate::keymap::{Context, Keymap};
use crate::model::Workshop;
use crate::model::score_round::Axis;
use crate::ui::theme::Palette;

/// What a seat shows beside its own state.
pub struct Shown<'a> {
    pub workshop: &'a Workshop,
    pub stage: &'a Stage,
    /// The timebox, while it shows on the shared screen.
    pub timer: Option<String>,
    pub keymap: &'a Keymap,
}

impl State {
    pub fn render(&self, frame: &mut Frame, shown: &Shown) {
        let palette = self.theme.palette();
        let area = frame.area();
        if crate::ui::blank_or_too_small(frame, &palette) {
            return;
        }
        let (heading, hint) = match shown.stage {
            Stage::Capture { .. } => ("Step 2 · Brainstorm", "Write your ideas: only you see them until the facilitator reveals them all."),
            Stage::Vote => ("Step 3 · Vote", "Place your dots in secret: nobody sees them until the facilitator reveals all."),
            Stage::Score => (
                "Step 3 · Score",
                "Score each idea's impact and cost, 1–5: nobody sees yours; the facilitator reveals the team's averages.",
            ),
            Stage::Confidence { .. } => {
                ("Step 5 · Confidence", "How sure are you of each key result (1–10)? Nobody sees it until the reveal.")
            }
            Stage::Watch => ("Watching", "The shared screen."),
        };
        // The hint wraps rather than being cut at 80 columns (two rows at most).
        let hint_lines: Vec<String> = crate::ui::text::wrap(hint, (area.width as usize).saturating_sub(2)).into_iter().take(2).collect();
        let [header, title, body, message, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1 + hint_lines.len() as u16),
            Constraint::Min(0),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        self.header(frame, header, shown, &palette);
        let mut lines = vec![Line::styled(format!(" {heading}"), palette.title)];
        lines.extend(hint_lines.into_iter().map(|l| Line::styled(format!(" {l}"), palette.muted)));
        frame.render_widget(Paragraph::new(lines), title);
        match shown.stage {
            Stage::Capture { prompt } => self.capture(frame, body, shown, prompt.as_deref(), &palette),
            Stage::Vote => self.vote(frame, body, shown, &palette),
            Stage::Score => self.score_list(frame, body, shown, &palette),
            Stage::Confidence { week } => self.confidence_list(frame, body, shown, *week, &palette),
            Stage::Watch => {}
        }
        if let Some(m) = &self.message {
            let style = if m.error { palette.bad } else { palette.ok };
            frame.render_widget(Paragraph::new(format!(" {}", m.text)).style(style), message);
        }
        keys(frame, footer, shown.keymap, State::context(shown.stage), &palette);
    }

    /// Over the shared screen's key line, the keys that work on a watching seat: the
    /// facilitator's keys do nothing here.
    pub fn watching_keys(&self, frame: &mut Frame, keymap: &Keymap) {
        let palette = self.theme.palette();
        let area = frame.area();
        // Too small, the shared screen says so itself.
        if area.width < crate::ui::MIN_WIDTH || area.height < crate::ui::MIN_HEIGHT {
            return;
        }
        let row = Rect { y: area.bottom() - 1, height: 1, ..area };
        frame.render_widget(ratatui::widgets::Clear, row);
        frame.render_widget(Paragraph::new("").style(palette.base), row);
        keys(frame, row, keymap, Context::Seat, &palette);
    }

    fn header(&self, frame: &mut Frame, area: Rect, shown: &Shown, palette: &Palette) {
        let w = shown.workshop;
        let me = w.participant(self.who).map_or("", |p| p.name.as_str());
        let timer = shown.timer.as_deref().map(|t| format!("⏱ {t} ")).unwrap_or_default();
        let left = format!(" ⚓ Quarterdeck · {} · you are {me}", w.name);
        let gap = (area.width as usize).saturating_sub(left.width() + timer.width());
        let line =
            Line::from(vec![Span::styled(left, palette.tab_active), Span::raw(" ".repeat(gap)), Span::styled(timer, palette.accent)]);
        frame.render_widget(Paragraph::new(line).style(palette.tab), area);
    }

    fn capture(&self, frame: &mut Frame, area: Rect, shown: &Shown, prompt: Option<&str>, palette: &Palette) {
        let w = shown.workshop;
        let prompt_rows = u16::from(prompt.is_some()) * 3;
        let [card, list, others, line] =
            Layout::vertical([Constraint::Length(prompt_rows), Constraint::Min(1), Constraint::Length(1), Constraint::Length(3)])
                .areas(area);
        if let Some(prompt) = prompt {
            let block = Block::new().borders(Borders::ALL).border_style(palette.border).title(" prompt ");
            frame.render_widget(Paragraph::new(prompt).style(palette.accent).block(block), card);
        }
        let mine: Vec<ListItem> = own_ideas(w, self.who)
            .map(|i| {
                let mark = if i.hidden { "private" } else { "shared" };
                ListItem::new(Line::from(vec![Span::raw(i.title.clone()), Span::styled(format!("  {mark}"), palette.muted)]))
            })
            .collect();
        let title = format!(" Your ideas ({}) ", mine.len());
        selectable(frame, list, mine, &title, self.selected_on(shown.stage), palette);
        let hidden = w.initiatives.iter().filter(|i| i.hidden && !i.authors().any(|a| a == self.who)).count();
        let shared = w.initiatives.iter().filter(|i| !i.hidden && !i.authors().any(|a| a == self.who)).count();
        let text = format!(" Others: {hidden} hidden until the reveal · {shared} on the shared screen");
        frame.render_widget(Paragraph::new(text).style(palette.muted), others);
        let add = shown.keymap.hint(Context::SeatCapture, Action::Add);
        let block = Block::new().borders(Borders::ALL).border_style(palette.border).title(format!(" new idea ({add} adds) "));
        // The end of a long line stays in view, with the cursor after it.
        let room = line.width.saturating_sub(3) as usize;
        let typed: String = tail(&self.line, room);
        frame.render_widget(Paragraph::new(Line::from(vec![Span::raw(typed), Span::styled("█", palette.accent)])).block(block), line);
    }

    fn vote(&self, frame: &mut Frame, area: Rect, shown: &Shown, palette: &Palette) {
        let w = shown.workshop;
        let open = w.secret_round_open();
        let ballot = w.ballot(self.who);
        let text = if open {
            let done = if ballot.is_some_and(|b| b.cast) { " · marked done" } else { "" };
            format!("Your dots: {} left of {}{done}", w.votes_left(self.who), w.settings.vote_budget)
        } else {
            "The secret vote is not open yet: the facilitator starts it. The votes below are those revealed so far.".to_string()
        };
        let said: Vec<Line> = crate::ui::text::wrap(&text, (area.width as usize).saturating_sub(2))
            .into_iter()
            .take(2)
            .map(|l| Line::from(format!(" {l}")))
            .collect();
        let [budget, list] = Layout::vertical([Constraint::Length(said.len() as u16), Constraint::Min(1)]).areas(area);
        frame.render_widget(Paragraph::new(said).style(palette.accent), budget);
        let items: Vec<ListItem> = votable(w)
            .map(|i| {
                let dots = if open {
                    let mine = ballot.and_then(|b| b.dots.get(&i.id)).copied().unwrap_or(0);
                    "●".repeat(mine as usize)
                } else {
                    match i.total_votes() {
                        1 => "1 vote".to_string(),
                        n => format!("{n} votes"),
                    }
                };
                ListItem::new(Line::from(vec![Span::styled(format!("{dots:>8} "), palette.ok), Span::raw(i.title.clone())]))
            })
            .collect();
        let title = format!(" Ideas ({}) ", items.len());
        selectable(frame, list, items, &title, self.selected_on(shown.stage), palette);
    }

    fn score_list(&self, frame: &mut Frame, area: Rect, shown: &Shown, palette: &Palette) {
        let w = shown.workshop;
        let card = w.score_card(self.who);
        let ideas = votable(w).count();
        let scored =
            votable(w).filter(|i| card.and_then(|c| c.scores.get(&i.id)).is_some_and(|e| e.impact.is_some() && e.cost.is_some())).count();
        let done = if card.is_some_and(|c| c.done) { " · marked done" } else { "" };
        let [said, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
        frame.render_widget(Paragraph::new(format!(" You have scored {scored} of {ideas}{done}")).style(palette.accent), said);
        let selected = self.selected_on(shown.stage);
        let items: Vec<ListItem> = votable(w)
            .enumerate()
            .map(|(n, i)| {
                let estimate = card.and_then(|c| c.scores.get(&i.id));
                let cell = |axis: Axis| {
                    let value = estimate.and_then(|e| e.get(axis)).map_or_else(|| "·".to_string(), |v| v.to_string());
                    let style = if n == selected && axis == self.axis { palette.tab_active } else { palette.ok };
                    Span::styled(format!("{value:^3}"), style)
                };
                ListItem::new(Line::from(vec![
                    Span::raw(" "),
                    cell(Axis::Impact),
                    Span::raw("  "),
                    cell(Axis::Cost),
                    Span::raw("  "),
                    Span::raw(i.title.clone()),
                ]))
            })
            .collect();
        let key = |a| shown.keymap.hint(Context::SeatScore, a);
        let axes = format!("{} impact · {} cost", key(Action::ScoreImpact), key(Action::ScoreCost));
        let title = format!(" Impact · Cost of {} ideas ({axes}) ", items.len());
        selectable(frame, list, items, &title, selected, palette);
    }

    fn confidence_list(&self, frame: &mut Frame, area: Rect, shown: &Shown, week: u32, palette: &Palette) {
        let w = shown.workshop;
        let meeting = w.meeting(week);
        let revealed = meeting.is_some_and(|m| m.revealed);
        let items: Vec<ListItem> = crate::screen::review::meeting_order(w, week)
            .into_iter()
            .filter_map(|kr| w.key_result(kr).map(|k| (kr, k)))
            .map(|(kr, k)| {
                let mine = meeting.and_then(|m| m.vote_of(kr, self.who)).map_or_else(|| "  –".to_string(), |v| format!("{v:>3}"));
                let team = match meeting.and_then(|m| m.spread(kr)).filter(|_| revealed) {
                    Some(s) => format!("  team {} ({})", s.team, s.range()),
                    None => String::new(),
                };
                ListItem::new(Line::from(vec![
                    Span::styled(format!("{mine} "), palette.ok),
                    Span::raw(k.description.clone()),
                    Span::styled(team, palette.muted),
                ]))
            })
            .collect();
        let key = |n| shown.keymap.hint(Context::SeatConfidence, Action::Vote(n));
        let title = if revealed {
            format!(" Week {week}: revealed ")
        } else {
            format!(" Week {week}: your votes ({}–{}, {} for 10) ", key(1), key(9), key(0))
        };
        selectable(frame, area, items, &title, self.selected_on(shown.stage), palette);
    }
}

/// A bordered list with the selected row marked and kept in view.
fn selectable(frame: &mut Frame, area: Rect, items: Vec<ListItem>, title: &str, selected: usize, palette: &Palette) {
    let count = items.len();
    let block = Block::new().borders(Borders::ALL).border_style(palette.border).title(title.to_string());
    let list = List::new(items).block(block).highlight_style(palette.selected).highlight_symbol("› ");
    let mut state = ListState::default().with_selected((count > 0).then_some(selected.min(count.saturating_sub(1))));
    frame.render_stateful_widget(list, area, &mut state);
}

/// The last characters of `text` that fit in `width` columns.
fn tail(text: &str, width: usize) -> String {
    let mut out: Vec<char> = Vec::new();
    let mut used = 0;
    for c in text.chars().rev() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.into_iter().rev().collect()
}

/// The stage's keys from the keymap, as the app's footer shows them.
fn keys(frame: &mut Frame, area: Rect, keymap: &Keymap, context: Context, palette: &Palette) {
    crate::ui::key_hints(frame, area, &keymap.footer(context), palette);
}
