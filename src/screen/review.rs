//! Step 5, the weekly review: an agenda that starts from the key results (value, progress,
//! trend, standing, confidence), check-ins in a few keys each, earlier weeks, notes,
//! adjustments on record, and honest scoring at the end of the period. The check-in form is
//! in `review/checkin_form.rs`, the other forms in `review/forms.rs`, the drawing of the
//! agenda in `review/agenda.rs`, what the method adds (health metrics, dependencies,
//! calibration) in `review/method.rs`.

mod agenda;
mod checkin_form;
mod forms;
mod method;

use jiff::civil::Date;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Paragraph;

use agenda::{RowLayout, detail_text, head_lines, key_result_line, objective_line};
pub use agenda::{bar, confidence_points, progress_points, sparkline};
use checkin_form::CheckInDialog;
use forms::{AdjustDialog, CarryField, ScoreField, Text};

use super::Ctx;
use super::objectives::{Row, focus_of, okr_rows};
use crate::action::Action;
use crate::document::Document;
use crate::effect::Effect;
use crate::keymap::Context;
use crate::model::{ObjectiveId, WeekChoice, Workshop};
use crate::ui::Look;
use crate::ui::form::{Form, FormEvent};
use crate::ui::list::{self, ListCursor};
use crate::ui::present::Focus;

/// What is open over the agenda.
#[derive(Debug)]
enum Dialog {
    CheckIn(Box<CheckInDialog>),
    WeeklyNote { week: u32, form: Form<Text> },
    Adjust(Box<AdjustDialog>),
    Score { kr: crate::model::KeyResultId, form: Form<ScoreField> },
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
            // The same weeks as `quarterdeck checkin`: one of the period that has begun.
            (Action::CheckIn, Some(Row::KeyResult(_, kr))) => match w.check_in_week(WeekChoice::Week(week), today) {
                Ok(_) => Some(Dialog::CheckIn(Box::new(CheckInDialog::open(w, kr, week, today)))),
                Err(why) => {
                    ctx.info(format!("not now: {why}"));
                    None
                }
            },
            (Action::CheckIn, _) => {
                ctx.info(format!("select a key result to check in ({})", ctx.hint(Context::Review, Action::Down)));
                None
            }
            (Action::WeeklyNote, _) => Some(Dialog::WeeklyNote { week, form: forms::weekly_note_form(w, week) }),
            (Action::Adjust, Some(Row::KeyResult(_, kr))) => Some(Dialog::Adjust(Box::new(AdjustDialog::open(kr)))),
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
            Dialog::CheckIn(d) => d.form.handle(action),
            Dialog::WeeklyNote { form, .. } | Dialog::Learnings { form, .. } => form.handle(action),
            Dialog::Adjust(d) => d.form.handle(action),
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
            Dialog::CheckIn(d) => match d.submit(ctx, doc) {
                Some(outcome) => {
                    ctx.info(checkin_form::said(&outcome));
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
            Dialog::Adjust(d) => d.submit(ctx, doc),
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
            Dialog::CheckIn(d) => {
                feed!(d.form);
                d.refresh();
            }
            Dialog::WeeklyNote { form, .. } | Dialog::Learnings { form, .. } => feed!(form),
            Dialog::Adjust(d) => feed!(d.form),
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
        Some(focus_of(self.selected(w)?, |kr| w.standing(kr, week, today).label()))
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, over: Rect, look: &Look, doc: &Document) {
        self.render_agenda(frame, area, look, doc);
        let Some(dialog) = &self.dialog else { return };
        match dialog {
            Dialog::CheckIn(d) => d.form.render(frame, over, look, &[]),
            Dialog::WeeklyNote { form, .. } | Dialog::Learnings { form, .. } => form.render(frame, over, look, &[]),
            Dialog::Adjust(d) => d.form.render(frame, over, look, &[]),
            Dialog::Score { form, .. } => form.render(frame, over, look, &[]),
            Dialog::CarryOver(form) => form.render(frame, over, look, &[]),
            Dialog::Health { form, .. } => form.render(frame, over, look, &[]),
        }
    }

    fn render_agenda(&self, frame: &mut Frame, area: Rect, look: &Look, doc: &Document) {
        let (palette, today, w) = (look.palette, look.clock.today(), doc.workshop());
        let week = self.shown_week(w, today);
        let width = area.width as usize;
        let mut head_text = head_lines(w, week, look, width, self.scoring);
        head_text.extend(self.scoring.then(|| method::calibration_line(w, width, palette)).flatten());
        // The health metrics come first: a breach is the first thing the meeting sees.
        head_text.extend(method::health_lines(w, week, width, palette));
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
        let mut detail_line = detail_text(w, selected, week, look);
        let peers = doc.peers.as_deref();
        if let Some(Row::KeyResult(_, kr)) = selected {
            detail_line.push_str(&method::dependency_detail(kr, peers, today));
        }
        list::detail(frame, detail, &detail_line, palette);
        let layout = RowLayout::new(week, width, self.scoring, w.review_due(week, today));
        list::draw(frame, body, &self.cursor, rows.len(), palette, |i| match rows[i] {
            Row::Objective(o) => objective_line(o, &layout, palette),
            Row::KeyResult(o, kr) => key_result_line(kr, o, &layout, method::dependency_tag(kr, peers, today, palette), palette),
            _ => ratatui::text::Line::from(""),
        });
    }
}
