//! Step 5, the weekly review: an agenda that starts from the key results (value, progress,
//! trend, status, confidence), check-ins in a few keys each, earlier weeks, notes,
//! adjustments on record, and honest scoring at the end of the period. Its forms are in
//! `review/forms.rs`.

mod forms;
mod method;

use jiff::civil::Date;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use forms::{AdjustField, CarryField, CheckInField, ScoreField, Text};

use super::Ctx;
use super::objectives::{Row, focus_of, okr_rows};
use crate::action::Action;
use crate::document::Document;
use crate::effect::Effect;
use crate::keymap::Context;
use crate::model::objective::format_number;
use crate::model::review::{ScoreBand, Standing, score_band};
use crate::model::{KeyResult, KeyResultId, KeyResultKind, Objective, ObjectiveId, Status, Workshop};
use crate::ui::Look;
use crate::ui::form::{Form, FormEvent};
use crate::ui::list::{self, ListCursor};
use crate::ui::present::Focus;
use crate::ui::text::{fit, pad};
use crate::ui::theme::Palette;

/// What is open over the agenda.
#[derive(Debug)]
enum Dialog {
    CheckIn { kr: KeyResultId, week: u32, form: Form<CheckInField> },
    WeeklyNote { week: u32, form: Form<Text> },
    Adjust { kr: KeyResultId, form: Form<AdjustField> },
    Score { kr: KeyResultId, form: Form<ScoreField> },
    Learnings { objective: ObjectiveId, form: Form<Text> },
    CarryOver(Form<CarryField>),
    Health { week: u32, form: Form<method::HealthField> },
}

/// Step 5's state: which week shows, whether the end-of-period scores do, the selection.
#[derive(Debug, Default)]
pub struct State {
    /// `None` is this week.
    pub week: Option<u32>,
    pub scoring: bool,
    pub cursor: ListCursor,
    dialog: Option<Dialog>,
}

/// A bar of `width` cells filled to `progress` (0.0–1.0).
pub fn bar(progress: f64, width: usize) -> String {
    let filled = ((progress.clamp(0.0, 1.0) * width as f64).round() as usize).min(width);
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

/// A sparkline of values, scaled between their own lowest and highest.
pub fn sparkline(values: &[f64], width: usize) -> String {
    const TICKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let values = &values[values.len().saturating_sub(width)..];
    let (lo, hi) = values.iter().fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
    let span = hi - lo;
    values
        .iter()
        .map(|v| if span <= f64::EPSILON { TICKS[3] } else { TICKS[(((v - lo) / span) * 7.0).round().clamp(0.0, 7.0) as usize] })
        .collect()
}

/// Past check-ins as progress, not raw values, so up always means better on the sparkline
/// (a falling incident count rises).
pub fn progress_trend(kr: &KeyResult, week: u32) -> Vec<f64> {
    kr.trend(week).iter().filter_map(|v| kr.progress_of(*v)).collect()
}

fn status_style(standing: Standing, palette: &Palette) -> ratatui::style::Style {
    match standing {
        Standing::Status(Status::OnTrack) => palette.ok,
        Standing::Status(Status::AtRisk) | Standing::Outdated { .. } => palette.warn,
        Standing::Status(Status::OffTrack) => palette.bad,
        Standing::NoCheckIn => palette.muted,
    }
}

fn band_style(band: ScoreBand, palette: &Palette) -> ratatui::style::Style {
    match band {
        ScoreBand::Success => palette.ok,
        ScoreBand::Partial => palette.warn,
        ScoreBand::Miss => palette.bad,
    }
}

impl State {
    pub fn context(&self) -> Context {
        if self.dialog.is_some() { Context::Form } else { Context::Review }
    }

    /// The week on screen.
    pub fn shown_week(&self, w: &Workshop, today: Date) -> u32 {
        self.week.unwrap_or_else(|| w.current_week(today))
    }

    fn selected<'a>(&self, w: &'a Workshop) -> Option<Row<'a>> {
        okr_rows(w).get(self.cursor.selected).copied()
    }

    pub fn update(&mut self, ctx: &mut Ctx, doc: &mut Document, action: Action) -> Vec<Effect> {
        if let Some(dialog) = self.dialog.take() {
            return self.answer(ctx, doc, dialog, action);
        }
        let today = ctx.clock.today();
        let w = doc.workshop();
        if ListCursor::moves(action) {
            self.cursor.apply(action, okr_rows(w).len(), 10);
            return vec![];
        }
        let current = w.current_week(today);
        let week = self.shown_week(w, today);
        let row = self.selected(w);
        self.dialog = match (action, row) {
            (Action::PrevWeek | Action::NextWeek, _) => {
                let weeks = w.period.weeks();
                let next =
                    if action == Action::PrevWeek { week.saturating_sub(1).max(1) } else { (week + 1).min(weeks).min(current.max(1)) };
                self.week = (next != current).then_some(next);
                None
            }
            (Action::ThisWeek, _) => {
                self.week = None;
                None
            }
            (Action::ToggleScores, _) => {
                self.scoring = !self.scoring;
                None
            }
            (Action::CheckIn, Some(Row::KeyResult(_, kr))) => {
                Some(Dialog::CheckIn { kr: kr.id, week, form: forms::check_in_form(w, kr, week, current, today) })
            }
            (Action::CheckIn, _) => {
                ctx.info(format!("select a key result to check in ({})", ctx.hint(Context::Review, Action::Down)));
                None
            }
            (Action::WeeklyNote, _) => Some(Dialog::WeeklyNote { week, form: forms::weekly_note_form(w, week) }),
            (Action::Adjust, Some(Row::KeyResult(_, kr))) => Some(Dialog::Adjust { kr: kr.id, form: forms::adjust_form(kr) }),
            (Action::Score, Some(Row::KeyResult(_, kr))) => Some(Dialog::Score { kr: kr.id, form: forms::score_form(kr) }),
            (Action::Score, Some(Row::Objective(o))) => {
                Some(Dialog::Learnings { objective: o.id, form: forms::learnings_form(&o.title, &o.learnings) })
            }
            (Action::CarryOverChosen, _) => Some(Dialog::CarryOver(forms::carry_over_form(w))),
            (Action::HealthCheckIn, _) if w.health.is_empty() => {
                let add = ctx.hint(Context::Objectives, Action::NewHealthMetric);
                ctx.info(format!("no health metrics yet: add the levels the team keeps on step 4 ({add})"));
                None
            }
            (Action::HealthCheckIn, _) => Some(Dialog::Health { week, form: method::health_form(w, week) }),
            _ => None,
        };
        vec![]
    }

    /// A key while a form is open; it stays open unless done.
    fn answer(&mut self, ctx: &mut Ctx, doc: &mut Document, mut dialog: Dialog, action: Action) -> Vec<Effect> {
        let event = match &mut dialog {
            Dialog::CheckIn { form, .. } => form.handle(action),
            Dialog::WeeklyNote { form, .. } | Dialog::Learnings { form, .. } => form.handle(action),
            Dialog::Adjust { form, .. } => form.handle(action),
            Dialog::Score { form, .. } => form.handle(action),
            Dialog::CarryOver(form) => form.handle(action),
            Dialog::Health { form, .. } => form.handle(action),
        };
        match event {
            FormEvent::Cancel => vec![],
            FormEvent::Submit => self.submit(ctx, doc, dialog),
            FormEvent::Handled | FormEvent::Ignored => {
                self.dialog = Some(dialog);
                vec![]
            }
        }
    }

    /// Saves a form; it stays open with its errors when something is wrong.
    fn submit(&mut self, ctx: &mut Ctx, doc: &mut Document, mut dialog: Dialog) -> Vec<Effect> {
        let done = match &mut dialog {
            Dialog::CheckIn { kr, week, form } => match forms::submit_check_in(ctx, doc, *kr, *week, form) {
                Some(status) => {
                    ctx.info(format!("checked in: {} — next key result", status.label()));
                    self.next_key_result(doc.workshop());
                    true
                }
                None => false,
            },
            Dialog::WeeklyNote { week, form } => {
                let text = form.text(Text);
                doc.change("weekly note", |w| w.set_weekly_note(*week, &text));
                true
            }
            Dialog::Adjust { kr, form } => forms::submit_adjust(ctx, doc, *kr, form),
            Dialog::Score { kr, form } => forms::submit_score(doc, *kr, form),
            Dialog::Learnings { objective, form } => {
                let text = form.text(Text);
                doc.try_change("learnings", |w| w.set_objective_learnings(*objective, &text));
                true
            }
            Dialog::CarryOver(form) => match forms::read_carry_over(ctx, doc.workshop(), form) {
                // The next period starts where its OKRs are written.
                Some(next) => return vec![Effect::Create { workshop: Box::new(next), step: Some(crate::model::Step::Objectives) }],
                None => false,
            },
            Dialog::Health { week, form } => method::submit_health(ctx, doc, *week, form),
        };
        if !done {
            self.dialog = Some(dialog);
        }
        vec![]
    }

    /// On to the next key result after a check-in: a few keys each.
    fn next_key_result(&mut self, w: &Workshop) {
        let rows = okr_rows(w);
        if let Some((next, _)) = rows.iter().enumerate().skip(self.cursor.selected + 1).find(|(_, r)| matches!(r, Row::KeyResult(..))) {
            self.cursor.selected = next;
        }
    }

    fn form_input(&mut self, key: Option<KeyEvent>, text: Option<&str>) {
        let Some(dialog) = &mut self.dialog else { return };
        macro_rules! feed {
            ($form:expr) => {{
                if let Some(key) = key {
                    $form.input(key);
                }
                if let Some(text) = text {
                    $form.paste(text);
                }
            }};
        }
        match dialog {
            Dialog::CheckIn { form, .. } => feed!(form),
            Dialog::WeeklyNote { form, .. } | Dialog::Learnings { form, .. } => feed!(form),
            Dialog::Adjust { form, .. } => feed!(form),
            Dialog::Score { form, .. } => feed!(form),
            Dialog::CarryOver(form) => feed!(form),
            Dialog::Health { form, .. } => feed!(form),
        }
    }

    pub fn input(&mut self, key: KeyEvent) {
        self.form_input(Some(key), None);
    }

    pub fn paste(&mut self, text: &str) {
        self.form_input(None, Some(text));
    }

    pub fn click(&mut self, column: u16, row: u16, doc: &Document) {
        let len = okr_rows(doc.workshop()).len();
        self.cursor.click(column, row, len);
    }

    /// The selected row, for the focus panel.
    pub fn focus(&self, doc: &Document, today: Date) -> Option<Focus> {
        let w = doc.workshop();
        let week = self.shown_week(w, today);
        Some(focus_of(self.selected(w)?, |kr| kr.standing(week).label().to_string()))
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, over: Rect, look: &Look, doc: &Document) {
        self.render_agenda(frame, area, look, doc);
        let Some(dialog) = &self.dialog else { return };
        match dialog {
            Dialog::CheckIn { form, .. } => form.render(frame, over, look, &[]),
            Dialog::WeeklyNote { form, .. } | Dialog::Learnings { form, .. } => form.render(frame, over, look, &[]),
            Dialog::Adjust { form, .. } => form.render(frame, over, look, &[]),
            Dialog::Score { form, .. } => form.render(frame, over, look, &[]),
            Dialog::CarryOver(form) => form.render(frame, over, look, &[]),
            Dialog::Health { form, .. } => form.render(frame, over, look, &[]),
        }
    }

    fn render_agenda(&self, frame: &mut Frame, area: Rect, look: &Look, doc: &Document) {
        let (palette, today, w) = (look.palette, look.clock.today(), doc.workshop());
        let week = self.shown_week(w, today);
        let mut head_text = self.head_lines(w, week, look, area.width as usize);
        head_text.extend(self.scoring.then(|| method::calibration_line(w, area.width as usize, palette)).flatten());
        // The health metrics come first: a breach is the first thing the meeting sees.
        head_text.extend(method::health_lines(w, week, area.width as usize, palette));
        let [head, body] = Layout::vertical([Constraint::Length(head_text.len() as u16), Constraint::Min(0)]).areas(area);
        frame.render_widget(Paragraph::new(head_text).style(palette.base), head);
        let rows = okr_rows(w);
        if rows.is_empty() {
            frame.render_widget(
                Paragraph::new(" No key results to review yet: write objectives first (step 4).").style(palette.muted),
                body,
            );
            return;
        }
        let [body, detail] = Layout::vertical([Constraint::Min(0), Constraint::Length(3)]).areas(body);
        let selected = rows.get(self.cursor.selected).copied();
        let mut detail_line = detail_text(w, selected, week);
        if let Some(Row::KeyResult(_, kr)) = selected {
            detail_line.push_str(&method::dependency_detail(kr, doc.peers.as_deref(), today));
        }
        list::detail(frame, detail, &detail_line, palette);
        let width = area.width as usize;
        let bar_w = if width >= 100 { 10 } else { 6 };
        let trend_w = if width >= 100 { 8 } else { 6 };
        let scoring = self.scoring;
        let layout = RowLayout { week, width, bar_w, trend_w, scoring };
        list::draw(frame, body, &self.cursor, rows.len(), palette, |i| match rows[i] {
            Row::Objective(o) => objective_line(o, width, scoring, palette),
            Row::KeyResult(o, kr) => {
                key_result_line(kr, o, &layout, method::dependency_tag(kr, doc.peers.as_deref(), today, palette), palette)
            }
            _ => Line::from(""),
        });
    }

    fn head_lines(&self, w: &Workshop, week: u32, look: &Look, width: usize) -> Vec<Line<'static>> {
        let palette = look.palette;
        let current = w.current_week(look.clock.today());
        let krs: Vec<&KeyResult> = w.objectives.iter().flat_map(|o| &o.key_results).collect();
        let count = |s: Status| krs.iter().filter(|k| k.standing(week) == Standing::Status(s)).count();
        let not_in = krs.iter().filter(|k| k.check_in_for(week).is_none()).count();
        let browsing = if week == current {
            String::new()
        } else {
            format!("  (browsing; this week is {current}: {} returns)", look.keymap.hint(Context::Review, Action::ThisWeek))
        };
        let line1 = format!(" Week {week} of {} · {} to {}{browsing}", w.period.weeks(), w.period.start, w.period.end);
        let mut line2 = vec![
            Span::styled(format!(" {} on track", count(Status::OnTrack)), palette.ok),
            Span::styled(format!(" · {} at risk", count(Status::AtRisk)), palette.warn),
            Span::styled(format!(" · {} off track", count(Status::OffTrack)), palette.bad),
            Span::styled(format!(" · {not_in} not checked in this week"), palette.muted),
        ];
        if self.scoring
            && let Some(pattern) = w.score_pattern()
        {
            line2.push(Span::styled(format!(" · {}", pattern.message()), palette.warn));
        }
        vec![Line::from(Span::styled(fit(&line1, width), palette.title)), Line::from(line2)]
    }
}

/// The selected row's full text under the agenda.
fn detail_text(w: &Workshop, row: Option<Row<'_>>, week: u32) -> String {
    match row {
        Some(Row::KeyResult(_, kr)) => {
            let note = kr.check_in_as_of(week).map(|c| c.note.as_str()).filter(|n| !n.is_empty()).unwrap_or("no note");
            let adjusted = kr.adjustments.last().map(|a| format!(" · adjusted {}: {}", a.date, a.reason)).unwrap_or_default();
            let owners: Vec<&str> = kr.owners.iter().map(|p| w.author_name(Some(*p))).collect();
            let owners = if owners.is_empty() { String::new() } else { format!(" · {}", owners.join(", ")) };
            format!("{} ({}){owners} — {note}{adjusted}", kr.description, kr.target_text())
        }
        Some(Row::Objective(o)) => {
            let note = w.weekly_note(week).map(|n| format!(" · week {week} notes: {n}")).unwrap_or_default();
            format!("{}{note}", o.title)
        }
        _ => String::new(),
    }
}

/// How a key result's row is laid out at this width.
struct RowLayout {
    week: u32,
    width: usize,
    bar_w: usize,
    trend_w: usize,
    scoring: bool,
}

fn objective_line(o: &Objective, width: usize, scoring: bool, palette: &Palette) -> Line<'static> {
    let score = o.score().map(|s| {
        let style = if scoring { band_style(score_band(s, o.commitment), palette) } else { palette.muted };
        Span::styled(format!("  score {s:.1}"), style)
    });
    let mut spans = vec![Span::styled(format!(" {}", fit(o.title.lines().next().unwrap_or(""), width.saturating_sub(14))), palette.title)];
    spans.extend(score);
    Line::from(spans)
}

fn key_result_line(kr: &KeyResult, o: &Objective, layout: &RowLayout, tag: Option<Span<'static>>, palette: &Palette) -> Line<'static> {
    let RowLayout { week, width, bar_w, trend_w, scoring } = *layout;
    let last = kr.check_in_as_of(week);
    let value = match (last, &kr.kind) {
        (None, _) => "—".to_string(),
        (Some(c), KeyResultKind::Milestone { .. }) => (if c.value >= 0.5 { "done" } else { "not yet" }).to_string(),
        (Some(c), KeyResultKind::Metric { .. } | KeyResultKind::Maintain { .. }) => format_number(c.value),
    };
    let progress = last.and_then(|c| kr.progress_of(c.value)).unwrap_or(0.0);
    let standing = kr.standing(week);
    let style = status_style(standing, palette);
    let confidence = match kr.confidence_change(week) {
        Some((c, 0)) => format!("{c:>2}/10  "),
        Some((c, d)) => format!("{c:>2}/10{d:>+3}"),
        None => String::new(),
    };
    let right_w = 8 + bar_w + 6 + 16 + 9 + trend_w + 1;
    let tag_w = tag.as_ref().map_or(0, Span::width);
    let desc_w = width.saturating_sub(right_w + 3 + tag_w).max(8);
    let mut spans = vec![Span::styled("  ", palette.border), Span::raw(pad(&kr.description, desc_w))];
    spans.extend(tag);
    spans.extend([
        Span::raw(format!(" {:>7} ", fit(&value, 7))),
        Span::styled(bar(progress, bar_w), style),
        Span::raw(format!(" {:>4.0}% ", progress * 100.0)),
    ]);
    if scoring {
        let score = kr.score().unwrap_or(0.0);
        let band = score_band(score, o.commitment);
        let mark = if kr.final_score.is_some() { "*" } else { " " };
        spans.push(Span::styled(pad(&format!("score {score:.1}{mark}"), 15), band_style(band, palette)));
    } else {
        spans.push(Span::styled(pad(standing.label(), 15), style));
    }
    spans.push(Span::styled(format!(" {}", pad(&sparkline(&progress_trend(kr, week), trend_w), trend_w)), palette.accent));
    spans.push(Span::styled(format!(" {confidence}"), palette.muted));
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CheckIn;

    #[test]
    fn bar_and_sparkline_scale() {
        assert_eq!(bar(0.5, 4), "██░░");
        assert_eq!(bar(2.0, 3), "███");
        assert_eq!(bar(-1.0, 2), "░░");
        assert_eq!(sparkline(&[1.0, 2.0, 3.0], 8), "▁▅█");
        assert_eq!(sparkline(&[5.0, 5.0], 8), "▄▄");
        assert_eq!(sparkline(&[1.0, 2.0, 3.0, 4.0], 2), "▁█", "the latest values when narrow");
    }

    #[test]
    fn a_falling_metric_that_improves_rises_on_the_sparkline() {
        let kind = KeyResultKind::metric(4.0, 0.0, "incidents");
        let mut kr = crate::model::KeyResult { id: KeyResultId(1), kind, ..Default::default() };
        for (week, value) in [(1, 4.0), (2, 3.0), (3, 2.0)] {
            kr.check_ins.push(CheckIn { week, value, confidence: 5, ..CheckIn::default() });
        }
        assert_eq!(sparkline(&progress_trend(&kr, 3), 8), "▁▅█");
    }
}
