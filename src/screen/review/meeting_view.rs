//! Drawing the meeting: the parts as a trail with the one on screen lit, a line saying what
//! this part asks (its keys from the keymap), then its rows. In the confidence round, votes
//! show only as ticks until they are revealed together; then each key result shows the
//! votes, their spread, the team's value and a ⚑ where the spread is big.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::meeting::{Part, Run, order};
use crate::action::Action;
use crate::keymap::Context;
use crate::model::{KeyResult, WeeklyCommitment, Workshop};
use crate::ui::Look;
use crate::ui::list;
use crate::ui::text::{fit, pad};

/// The trail of parts: `Meeting · week 7  Last week › Check-ins › …`.
fn trail(run: &Run, w: &Workshop, look: &Look) -> Line<'static> {
    let palette = look.palette;
    let monthly = if w.is_monthly(run.week) { " (monthly)" } else { "" };
    let mut spans = vec![Span::styled(format!(" Meeting · week {}{monthly}  ", run.week), palette.title)];
    for (i, part) in run.parts().into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" › ", palette.muted));
        }
        let style = if part == run.part { palette.tab_active } else { palette.muted };
        spans.push(Span::styled(part.title().to_string(), style));
    }
    Line::from(spans)
}

/// The keys of a confidence: `1–9, 0 for 10`.
fn votes(look: &Look) -> String {
    let key = |n: u8| look.keymap.hint(Context::Confidence, Action::Vote(n));
    format!("{}–{}, {} for 10", key(1), key(9), key(0))
}

/// What the part asks, with its keys.
fn prompt(run: &Run, w: &Workshop, look: &Look) -> String {
    let key = |context: Context, action: Action| look.keymap.hint(context, action);
    let next = key(Context::Meeting, Action::NextPart);
    match run.part {
        Part::LastWeek => match w.commitments_to_review(run.week) {
            Some(last) if !run.last_week(w).is_empty() => format!(
                "Week {last}'s commitments: {} done · {} not done · {} not done, carry on · {next} on",
                key(Context::LastWeek, Action::MarkDone),
                key(Context::LastWeek, Action::MarkNotDone),
                key(Context::LastWeek, Action::CarryCommitment)
            ),
            _ => format!("Nothing was committed at the last meeting: {next} goes on to the check-ins"),
        },
        Part::CheckIns => format!(
            "Off track and at risk first: {} checks in, {} shows the picture · {next} on",
            key(Context::MeetingCheckIns, Action::CheckIn),
            key(Context::Meeting, Action::KeyResultDetail)
        ),
        Part::Confidence if run.revealed(w) => {
            format!("Revealed. After talking, {} sets the team's value · {next} on", votes(look))
        }
        Part::Confidence => match run.voter(w) {
            Some(p) => format!(
                "{}'s turn, the others look away: {} per key result · {} keep my other votes · {} skip · {} reveal",
                w.author_name(Some(p)),
                votes(look),
                key(Context::Confidence, Action::EndTurn),
                key(Context::Confidence, Action::SkipVoter),
                key(Context::Confidence, Action::Reveal)
            ),
            None => format!("Everyone has had a turn: {} reveals the votes together", key(Context::Confidence, Action::Reveal)),
        },
        Part::Monthly => format!(
            "The month: {} keep · {} adjust (with a reason) · {} drop (with a reason) · {next} on",
            key(Context::Monthly, Action::Keep),
            key(Context::Monthly, Action::Adjust),
            key(Context::Monthly, Action::DropKeyResult)
        ),
        Part::ThisWeek => format!(
            "This week's commitments, each with an owner and the key result it serves: {} adds · {next} ends the meeting",
            key(Context::ThisWeek, Action::AddCommitment)
        ),
    }
}

fn commitment_line(w: &Workshop, c: &WeeklyCommitment, width: usize, look: &Look) -> Line<'static> {
    let palette = look.palette;
    let (mark, style) = match c.done {
        Some(true) => ("✓ done    ", palette.ok),
        Some(false) if w.commitments.iter().any(|n| n.carried_from == Some(c.id)) => ("→ carried ", palette.warn),
        Some(false) => ("✗ not done", palette.bad),
        None if c.carried_from.is_some() => ("↻ again   ", palette.muted),
        None => ("·         ", palette.muted),
    };
    let owners: Vec<&str> = c.owners.iter().map(|o| w.author_name(Some(*o))).collect();
    let kr = c.key_result.map(|k| k.to_string()).unwrap_or_default();
    let who = format!(" {} {kr}", owners.join(", "));
    let text_w = width.saturating_sub(14 + who.chars().count()).max(10);
    Line::from(vec![Span::styled(format!(" {mark} "), style), Span::raw(pad(&c.text, text_w)), Span::styled(who, palette.muted)])
}

fn kr_cell(kr: &KeyResult, width: usize) -> String {
    pad(&format!(" {} {}", kr.id, kr.description), width)
}

/// A key result in the check-ins: where it stood, and this week's value once checked in.
fn check_in_line(w: &Workshop, kr: &KeyResult, run: &Run, width: usize, look: &Look) -> Line<'static> {
    let standing = w.standing(kr, run.week, look.clock.today());
    let value = kr.check_in_for(run.week).map(|c| crate::model::objective::format_number(c.value));
    let tail_w = if width >= 100 { 40 } else { 30 };
    let tail = pad(&format!(" {:<18} {}", fit(&standing.label(), 18), value.unwrap_or_default()), tail_w);
    let text_w = width.saturating_sub(tail_w).max(12);
    let style = match standing.status() {
        Some(crate::model::Status::OffTrack) => look.palette.bad,
        Some(crate::model::Status::AtRisk) => look.palette.warn,
        Some(crate::model::Status::OnTrack) => look.palette.ok,
        None => look.palette.muted,
    };
    Line::from(vec![Span::raw(kr_cell(kr, text_w)), Span::styled(tail, style)])
}

/// A key result in the confidence round: ticks before the reveal, votes and spread after.
fn confidence_line(w: &Workshop, kr: &KeyResult, run: &Run, width: usize, look: &Look) -> Line<'static> {
    let palette = look.palette;
    let meeting = w.meeting(run.week);
    let tail = if run.revealed(w) {
        match meeting.and_then(|m| m.spread(kr.id)) {
            Some(s) => {
                let votes: Vec<String> = s.votes.iter().map(ToString::to_string).collect();
                let flag = if s.flagged { " ⚑ talk" } else { "" };
                format!(" votes {:<14} spread {:<5} team {:>2}{flag}", votes.join(" "), s.range(), s.team)
            }
            None => " no votes".to_string(),
        }
    } else {
        let voters = meeting.map_or(0, |m| m.voters(kr.id));
        let mine = run.voter(w).and_then(|p| meeting.and_then(|m| m.vote_of(kr.id, p))).map_or("  ", |_| "✓ ");
        // The last meeting's revealed spread, for reference.
        let before = w.previous_meeting_week(run.week).and_then(|last| {
            let s = w.meeting(last).filter(|m| m.revealed)?.spread(kr.id)?;
            Some(format!("w{last} {} ", s.range()))
        });
        format!(" {:<10}{mine}{}", before.unwrap_or_default(), "●".repeat(voters))
    };
    let tail_w = if run.revealed(w) { 50 } else { 30 };
    let text_w = width.saturating_sub(tail_w).max(12);
    let style = if tail.contains('⚑') { palette.warn } else { palette.muted };
    let tail = pad(&tail, tail_w);
    Line::from(vec![Span::raw(kr_cell(kr, text_w)), Span::styled(tail, style)])
}

/// A key result in the monthly review: the month's values and confidence, and the verdict.
fn monthly_line(w: &Workshop, kr: &KeyResult, run: &Run, width: usize, look: &Look) -> Line<'static> {
    let from = run.week.saturating_sub(3).max(1);
    let month: Vec<&crate::model::CheckIn> = (from..=run.week).filter_map(|week| kr.check_in_for(week)).collect();
    let values: Vec<String> = month
        .iter()
        .map(|c| match kr.kind {
            crate::model::KeyResultKind::Milestone { .. } if c.value >= 0.5 => "done".to_string(),
            crate::model::KeyResultKind::Milestone { .. } => "not".to_string(),
            crate::model::KeyResultKind::Metric { .. } | crate::model::KeyResultKind::Maintain { .. } => {
                crate::model::objective::format_number(c.value)
            }
        })
        .collect();
    let confidence: Vec<String> = month.iter().map(|c| c.confidence.to_string()).collect();
    let verdict = w.meeting(run.week).and_then(|m| m.decisions.get(&kr.id)).map_or("", |d| d.verdict.label());
    let tail = format!(" {:<22} conf {:<9} {verdict}", fit(&values.join("→"), 22), confidence.join(" "));
    let text_w = width.saturating_sub(tail.chars().count()).max(12);
    Line::from(vec![Span::raw(kr_cell(kr, text_w)), Span::styled(tail, look.palette.muted)])
}

/// The initiatives that drive the selected key result, with their status.
fn initiatives(w: &Workshop, kr: Option<&KeyResult>, look: &Look) -> Line<'static> {
    let mut spans = vec![Span::styled(" Initiatives: ", look.palette.muted)];
    let linked: Vec<_> = kr.map(|k| k.initiatives.iter().filter_map(|i| w.initiative(*i)).collect()).unwrap_or_default();
    if linked.is_empty() {
        spans.push(Span::styled("none linked (step 4 links them)", look.palette.muted));
    }
    for (n, i) in linked.iter().enumerate() {
        let sep = if n == 0 { "" } else { " · " };
        spans.push(Span::styled(format!("{sep}{} ", i.status.mark()), look.palette.accent));
        spans.push(Span::raw(format!("{} ({})", i.title, i.status.label())));
    }
    Line::from(spans)
}

pub fn render(frame: &mut Frame, area: Rect, look: &Look, w: &Workshop, run: &Run) {
    let palette = look.palette;
    let width = area.width as usize;
    let [trail_area, prompt_area, body] = Layout::vertical([Constraint::Length(1), Constraint::Length(2), Constraint::Min(0)]).areas(area);
    frame.render_widget(Paragraph::new(trail(run, w, look)).style(palette.base), trail_area);
    let ask = Paragraph::new(format!(" {}", prompt(run, w, look))).style(palette.muted).wrap(ratatui::widgets::Wrap { trim: false });
    frame.render_widget(ask, prompt_area);
    let len = run.len(w);
    if len == 0 {
        let empty = match run.part {
            Part::ThisWeek => " No commitments for this week yet.",
            Part::LastWeek => "",
            _ => " No key results to review.",
        };
        frame.render_widget(Paragraph::new(empty).style(palette.muted), body);
        return;
    }
    let krs: Vec<&KeyResult> = order(w, run.week).iter().filter_map(|k| w.key_result(*k)).collect();
    let body = if run.part == Part::CheckIns && body.height > 8 {
        let [list_area, under] = Layout::vertical([Constraint::Min(0), Constraint::Length(3)]).areas(body);
        let kr = krs.get(run.cursor.selected).copied();
        frame.render_widget(
            Paragraph::new(initiatives(w, kr, look)).style(palette.base).wrap(ratatui::widgets::Wrap { trim: false }),
            under,
        );
        list_area
    } else {
        body
    };
    let last = run.last_week(w);
    let this = run.this_week(w);
    list::draw(frame, body, &run.cursor, len, palette, |i| match run.part {
        Part::LastWeek => w.commitment(last[i]).map_or_else(|| Line::from(""), |c| commitment_line(w, c, width, look)),
        Part::ThisWeek => w.commitment(this[i]).map_or_else(|| Line::from(""), |c| commitment_line(w, c, width, look)),
        Part::CheckIns => check_in_line(w, krs[i], run, width, look),
        Part::Confidence => confidence_line(w, krs[i], run, width, look),
        Part::Monthly => monthly_line(w, krs[i], run, width, look),
    });
}
