//! Step 5, the weekly review: an agenda that starts from the key results (value, progress,
//! trend, standing, confidence), check-ins in a few keys each, earlier weeks, notes,
//! adjustments on record, and honest scoring at the end of the period. The check-in form is
//! in `review/checkin_form.rs`, the other forms in `review/forms.rs`, the drawing of the
//! agenda in `review/agenda.rs`, what the method adds (health metrics, dependencies,
//! calibration) in `review/method.rs`.

mod agenda;
mod checkin_form;
mod detail;
mod forms;
mod meeting;
pub use meeting::order as meeting_order;
mod meeting_forms;
mod meeting_view;
mod method;

use jiff::civil::Date;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Paragraph;

use agenda::{RowLayout, detail_text, head_lines, key_result_lines, objective_lines};
pub use agenda::{bar, confidence_points, progress_points, sparkline};
use checkin_form::CheckInDialog;
use forms::{AdjustDialog, CarryField, ScoreField, Text};
use meeting::{Ask, Part, Run};
use meeting_forms::{CommitField, Line};

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
    Commitment { id: Option<crate::model::CommitmentId>, form: Form<CommitField> },
    Drop { kr: crate::model::KeyResultId, form: Form<Line> },
    Digest { week: u32, form: Form<Line> },
}

/// Step 5's state: which week shows, whether the end-of-period scores do, the selection.
#[derive(Debug, Default)]
pub struct State {
    /// `None` is this week.
    pub week: Option<u32>,
    pub scoring: bool,
    pub cursor: ListCursor,
    dialog: Option<Dialog>,
    /// The meeting in progress, part by part.
    pub meeting: Option<Run>,
    /// A key result's picture, over the agenda or the meeting.
    detail: Option<detail::Detail>,
    /// The agenda shows the initiatives under each key result.
    pub initiatives: bool,
}

impl State {
    /// The week of the meeting on screen while it is in its confidence round: a room's
    /// participants then vote on their own terminals.
    pub fn confidence_round(&self) -> Option<u32> {
        self.meeting.as_ref().filter(|m| m.part == Part::Confidence && self.dialog.is_none()).map(|m| m.week)
    }

    pub fn context(&self) -> Context {
        match (&self.dialog, &self.detail, &self.meeting) {
            (Some(_), ..) => Context::Form,
            (None, Some(_), _) => Context::Detail,
            (None, None, Some(run)) => run.part.context(),
            (None, None, None) => Context::Review,
        }
    }

    /// The agenda's rows: objectives and key results, and with the initiatives shown, the
    /// initiatives that drive each key result.
    fn rows<'a>(&self, w: &'a Workshop) -> Vec<Row<'a>> {
        if !self.initiatives {
            return okr_rows(w);
        }
        let mut rows = Vec::new();
        for row in okr_rows(w) {
            rows.push(row);
            if let Row::KeyResult(_, kr) = row {
                rows.extend(kr.initiatives.iter().filter_map(|i| w.initiative(*i)).map(|i| Row::Linked(kr, i)));
            }
        }
        rows
    }

    /// The week on screen.
    pub fn shown_week(&self, w: &Workshop, today: Date) -> u32 {
        self.week.unwrap_or_else(|| w.current_week(today))
    }

    fn selected<'a>(&self, w: &'a Workshop) -> Option<Row<'a>> {
        self.rows(w).get(self.cursor.selected).copied()
    }

    pub fn update(&mut self, ctx: &mut Ctx, doc: &mut Document, action: Action) -> Vec<Effect> {
        if let Some(dialog) = self.dialog.take() {
            return self.answer(ctx, doc, dialog, action);
        }
        if let Some(detail) = &mut self.detail {
            match action {
                Action::Up => detail.scroll = detail.scroll.saturating_sub(1),
                Action::Down => detail.scroll = detail.scroll.saturating_add(1),
                Action::Back | Action::KeyResultDetail => self.detail = None,
                _ => {}
            }
            return vec![];
        }
        if let Some(mut run) = self.meeting.take() {
            let ask = run.update(ctx, doc, action);
            self.meeting = Some(run);
            return self.ask(ctx, doc, ask);
        }
        let today = ctx.clock.today();
        let w = doc.workshop();
        if ListCursor::moves(action) {
            self.cursor.apply(action, self.rows(w).len(), 10);
            return vec![];
        }
        if self.meeting_keys(ctx, doc, action) {
            return vec![];
        }
        let w = doc.workshop();
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

    /// The agenda's keys for the meeting, the picture of a key result, the digest and the
    /// initiatives; false when the key is none of them.
    fn meeting_keys(&mut self, ctx: &mut Ctx, doc: &mut Document, action: Action) -> bool {
        let today = ctx.clock.today();
        let w = doc.workshop();
        let week = self.shown_week(w, today);
        let row = self.selected(w);
        let dialog = match (action, row) {
            (Action::StartMeeting | Action::MonthlyReview, _) => {
                let mut run = Run::new(w, week);
                if action == Action::MonthlyReview {
                    run.monthly = true;
                    run.part = Part::Monthly;
                }
                self.meeting = Some(run);
                None
            }
            (Action::KeyResultDetail, Some(Row::KeyResult(_, kr) | Row::Linked(kr, _))) => {
                self.detail = Some(detail::Detail { kr: kr.id, scroll: 0 });
                None
            }
            (Action::Digest, _) => Some(Dialog::Digest { week, form: meeting_forms::digest_form(w, week) }),
            (Action::ToggleInitiatives, _) => {
                self.initiatives = !self.initiatives;
                self.cursor.selected = self.cursor.selected.min(self.rows(w).len().saturating_sub(1));
                None
            }
            (Action::InitiativeStatus, Some(Row::Linked(_, i))) => {
                let (id, next, said) = (i.id, i.status.next(), format!("{}: {}", i.title, i.status.next().label()));
                doc.try_change("initiative status", |w| w.set_initiative_status(id, next, today));
                ctx.info(said);
                None
            }
            (Action::InitiativeStatus, _) if !self.initiatives => {
                self.initiatives = true;
                ctx.info(format!(
                    "initiatives shown: select one, {} changes its status",
                    ctx.hint(Context::Review, Action::InitiativeStatus)
                ));
                None
            }
            _ => return false,
        };
        self.dialog = dialog;
        true
    }

    /// What the meeting asked for: a form, the picture of a key result, or to leave.
    fn ask(&mut self, ctx: &mut Ctx, doc: &mut Document, ask: Option<Ask>) -> Vec<Effect> {
        let Some(run) = &self.meeting else { return vec![] };
        let (w, week, today) = (doc.workshop(), run.week, ctx.clock.today());
        self.dialog = match ask {
            None => None,
            Some(Ask::CheckIn(kr)) => match (w.key_result(kr), w.check_in_week(WeekChoice::Week(week), today)) {
                (Some(kr), Ok(_)) => Some(Dialog::CheckIn(Box::new(CheckInDialog::open(w, kr, week, today)))),
                (_, Err(why)) => {
                    ctx.info(format!("not now: {why}"));
                    None
                }
                (None, _) => None,
            },
            Some(Ask::Adjust(kr)) => w.key_result(kr).map(|kr| Dialog::Adjust(Box::new(AdjustDialog::open(kr)))),
            Some(Ask::Drop(kr)) => Some(Dialog::Drop { kr, form: meeting_forms::drop_form(w, kr) }),
            Some(Ask::Commitment(id)) => Some(Dialog::Commitment { id, form: meeting_forms::commitment_form(w, id) }),
            Some(Ask::Detail(kr)) => {
                self.detail = Some(detail::Detail { kr, scroll: 0 });
                None
            }
            Some(Ask::Digest) => Some(Dialog::Digest { week, form: meeting_forms::digest_form(w, week) }),
            Some(Ask::WeeklyNote) => Some(Dialog::WeeklyNote { week, form: forms::weekly_note_form(w, week) }),
            Some(Ask::Leave) => {
                let done = run.part == Part::ThisWeek;
                self.meeting = None;
                if done {
                    ctx.info(format!("meeting done: {} writes the week's digest", ctx.hint(Context::Review, Action::Digest)));
                }
                None
            }
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
            Dialog::Commitment { form, .. } => form.handle(action),
            Dialog::Drop { form, .. } | Dialog::Digest { form, .. } => form.handle(action),
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
                    match &mut self.meeting {
                        Some(run) => run.checked_in(doc.workshop()),
                        None => self.next_key_result(doc.workshop()),
                    }
                    true
                }
                None => false,
            },
            Dialog::WeeklyNote { week, form } => {
                let text = form.text(Text);
                doc.change("weekly note", |w| w.set_weekly_note(*week, &text));
                true
            }
            Dialog::Adjust(d) => {
                let done = d.submit(ctx, doc);
                if let Some(run) = self.meeting.as_ref().filter(|r| done && r.part == Part::Monthly) {
                    let (week, kr) = (run.week, d.kr);
                    doc.try_change("adjust the key result", |w| w.decide(week, kr, crate::model::Verdict::Adjust, ""));
                }
                done
            }
            Dialog::Commitment { id, form } => {
                let week = self.meeting.as_ref().map_or_else(|| doc.workshop().current_week(ctx.clock.today()), |r| r.week);
                meeting_forms::submit_commitment(doc, week, *id, form)
            }
            Dialog::Drop { kr, form } => {
                let week = self.meeting.as_ref().map_or_else(|| doc.workshop().current_week(ctx.clock.today()), |r| r.week);
                meeting_forms::submit_drop(doc, week, *kr, form)
            }
            Dialog::Digest { week, form } => {
                let text = crate::export::digest(doc.workshop(), *week, ctx.clock.today());
                return vec![Effect::WriteFile { path: std::path::PathBuf::from(form.value(Line)), text }];
            }
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
            Dialog::Commitment { form, .. } => feed!(form),
            Dialog::Drop { form, .. } | Dialog::Digest { form, .. } => feed!(form),
        }
    }

    /// `Esc`: from the scores back to statuses, from an earlier week back to this one.
    /// False when showing this week's statuses.
    pub fn back(&mut self) -> bool {
        if self.scoring {
            self.scoring = false;
            return true;
        }
        self.week.take().is_some()
    }

    pub fn input(&mut self, key: KeyEvent) {
        self.form_input(Some(key), None);
    }

    pub fn paste(&mut self, text: &str) {
        self.form_input(None, Some(text));
    }

    pub fn click(&mut self, column: u16, row: u16, doc: &Document) {
        let len = self.rows(doc.workshop()).len();
        self.cursor.click(column, row, len);
    }

    /// The selected row, for the focus panel.
    pub fn focus(&self, doc: &Document, today: Date) -> Option<Focus> {
        let w = doc.workshop();
        let week = self.shown_week(w, today);
        Some(focus_of(w, self.selected(w)?, week, today))
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, over: Rect, look: &Look, doc: &Document) {
        let w = doc.workshop();
        match (&self.detail, &self.meeting) {
            (Some(d), _) => detail::render(
                frame,
                area,
                look,
                w,
                *d,
                self.meeting.as_ref().map_or_else(|| self.shown_week(w, look.clock.today()), |r| r.week),
            ),
            (None, Some(run)) => meeting_view::render(frame, area, look, w, run),
            (None, None) => self.render_agenda(frame, area, look, doc),
        }
        let Some(dialog) = &self.dialog else { return };
        match dialog {
            Dialog::CheckIn(d) => d.form.render(frame, over, look, &[]),
            Dialog::WeeklyNote { form, .. } | Dialog::Learnings { form, .. } => form.render(frame, over, look, &[]),
            Dialog::Adjust(d) => d.form.render(frame, over, look, &[]),
            Dialog::Score { form, .. } => form.render(frame, over, look, &[]),
            Dialog::CarryOver(form) => form.render(frame, over, look, &[]),
            Dialog::Health { form, .. } => form.render(frame, over, look, &[]),
            Dialog::Commitment { form, .. } => form.render(frame, over, look, &[]),
            Dialog::Drop { form, .. } | Dialog::Digest { form, .. } => form.render(frame, over, look, &[]),
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
        let rows = self.rows(w);
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
        // Key results and objectives wrap rather than lose their end: the room reads them.
        list::draw_tall(frame, body, &self.cursor, rows.len(), palette, |i| match rows[i] {
            Row::Objective(o) => objective_lines(o, &layout, palette),
            Row::KeyResult(o, kr) => key_result_lines(kr, o, &layout, method::dependency_tag(kr, peers, today, palette), palette),
            Row::Linked(_, i) => vec![agenda::initiative_line(i, palette)],
            _ => vec![ratatui::text::Line::from("")],
        });
    }
}
