//! Step 4, objectives: for each theme, an objective (a brighter future) with measurable key
//! results linked to the initiatives that drive them, shown as a funnel, with the coach's
//! findings beside it, updating as you type. The editors are in `objectives/forms.rs`.

mod actions;
mod focus;
mod forms;
mod method;
mod render;

pub use focus::focus_of;

use jiff::civil::Date;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Paragraph, Wrap};

use actions::{Deletion, delete, dismiss_dialog, link_dialog};
pub use forms::OBJECTIVE_PROMPT;
use forms::{KeyResultField, ObjectiveField, Why};
use method::HealthField;
use render::{head_lines, render_coach, render_row};

use super::Ctx;
use crate::action::Action;
use crate::document::Document;
use crate::effect::Effect;
use crate::keymap::Context;
use crate::model::candidate::Candidate;
use crate::model::coach::Subject;
use crate::model::dependency::Dependency;
use crate::model::health::HealthMetric;
use crate::model::{
    CandidateId, HealthMetricId, Initiative, InitiativeId, KeyResult, KeyResultId, Objective, ObjectiveId, Theme, Workshop,
};
use crate::ui::Look;
use crate::ui::form::{Form, FormEvent};
use crate::ui::list::{self, ListCursor};
use crate::ui::picker::{Picker, PickerEvent};
use crate::ui::present::Focus;

/// A row of the funnel.
#[derive(Debug, Clone, Copy)]
pub enum Row<'a> {
    Objective(&'a Objective),
    KeyResult(&'a Objective, &'a KeyResult),
    /// An initiative a key result is linked to.
    Linked(&'a KeyResult, &'a Initiative),
    /// A key result of another workshop that one of ours depends on.
    Depends(&'a KeyResult, &'a Dependency),
    /// A level the team keeps beside its OKRs.
    Health(&'a HealthMetric),
    /// A key result or objective an engineer proposed, waiting for the room.
    Candidate(&'a Candidate),
    /// A theme still waiting for its objective.
    ThemeWithout(&'a Theme),
}

/// Objectives and their key results only (the review's agenda).
pub fn okr_rows(w: &Workshop) -> Vec<Row<'_>> {
    let mut rows = Vec::new();
    for o in &w.objectives {
        rows.push(Row::Objective(o));
        rows.extend(o.key_results.iter().map(|k| Row::KeyResult(o, k)));
    }
    rows
}

/// The funnel: objective → key results → initiatives (and the key results of other teams
/// they depend on), then the health metrics, the proposed key results and objectives, and
/// themes without an objective.
pub fn rows(w: &Workshop) -> Vec<Row<'_>> {
    let mut rows = Vec::new();
    // The linked initiatives in one pass over all of them, not one search per link.
    let wanted: std::collections::HashSet<InitiativeId> =
        w.objectives.iter().flat_map(|o| &o.key_results).flat_map(|k| k.initiatives.iter().copied()).collect();
    let linked: std::collections::HashMap<InitiativeId, &crate::model::Initiative> = if wanted.is_empty() {
        std::collections::HashMap::default()
    } else {
        w.initiatives.iter().filter(|i| wanted.contains(&i.id)).map(|i| (i.id, i)).collect()
    };
    for o in &w.objectives {
        rows.push(Row::Objective(o));
        for k in &o.key_results {
            rows.push(Row::KeyResult(o, k));
            rows.extend(k.initiatives.iter().filter_map(|i| linked.get(i).copied()).map(|i| Row::Linked(k, i)));
            rows.extend(k.depends_on.iter().map(|d| Row::Depends(k, d)));
        }
    }
    rows.extend(w.health.iter().map(Row::Health));
    rows.extend(method::candidate_rows(w).into_iter().map(Row::Candidate));
    rows.extend(w.themes.iter().filter(|t| !w.objectives.iter().any(|o| o.theme == Some(t.id))).map(Row::ThemeWithout));
    rows
}

/// What is open over the funnel.
#[derive(Debug)]
pub(super) enum Dialog {
    Objective {
        id: Option<ObjectiveId>,
        form: Form<ObjectiveField>,
    },
    /// `opened`: the fields as they were when the form opened (or last followed one
    /// another), so an edited text can give its numbers to the fields it did not change.
    KeyResult {
        objective: ObjectiveId,
        id: Option<KeyResultId>,
        form: Form<KeyResultField>,
        opened: Box<[String; 5]>,
    },
    Dismiss {
        code: String,
        subject: String,
        form: Form<Why>,
    },
    Link {
        key_result: KeyResultId,
        picker: Picker<InitiativeId>,
    },
    Health {
        id: Option<HealthMetricId>,
        form: Form<HealthField>,
    },
    Depends {
        key_result: KeyResultId,
        picker: Picker<usize>,
        choices: Vec<Dependency>,
    },
    AcceptInto {
        candidate: CandidateId,
        picker: Picker<ObjectiveId>,
    },
}

/// Step 4's state: the selection in the funnel and any dialog.
#[derive(Debug, Default)]
pub struct State {
    pub cursor: ListCursor,
    dialog: Option<Dialog>,
    /// The key result whose dependencies are to be picked once the other workshops are read.
    pending_depends: Option<KeyResultId>,
}

/// The objective the selection is in.
fn current_objective(row: Option<Row<'_>>) -> Option<ObjectiveId> {
    match row? {
        Row::Objective(o) | Row::KeyResult(o, _) => Some(o.id),
        Row::Linked(..) | Row::ThemeWithout(_) | Row::Depends(..) | Row::Health(_) | Row::Candidate(_) => None,
    }
}

/// What a row is about, for the coach.
fn subject_of(row: Option<Row<'_>>) -> Option<Subject> {
    Some(match row? {
        Row::Objective(o) => Subject::Objective(o.id),
        Row::KeyResult(_, k) | Row::Depends(k, _) => Subject::KeyResult(k.id),
        Row::Linked(_, i) => Subject::Initiative(i.id),
        Row::ThemeWithout(t) => Subject::Theme(t.id),
        Row::Health(_) | Row::Candidate(_) => return None,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RowKey {
    Objective(ObjectiveId),
    KeyResult(KeyResultId),
    None,
}

fn row_key(row: Option<Row<'_>>) -> RowKey {
    match row {
        Some(Row::Objective(o)) => RowKey::Objective(o.id),
        Some(Row::KeyResult(_, k)) => RowKey::KeyResult(k.id),
        _ => RowKey::None,
    }
}

impl State {
    pub fn context(&self) -> Context {
        match &self.dialog {
            Some(Dialog::Link { .. } | Dialog::Depends { .. } | Dialog::AcceptInto { .. }) => Context::Picker,
            Some(_) => Context::Form,
            None => Context::Objectives,
        }
    }

    fn selected<'a>(&self, w: &'a Workshop) -> Option<Row<'a>> {
        rows(w).get(self.cursor.selected).copied()
    }

    /// Keeps the selection on the same objective or key result after it moved.
    fn follow(&mut self, w: &Workshop, key: RowKey) {
        if let Some(i) = rows(w).iter().position(|r| row_key(Some(*r)) == key && key != RowKey::None) {
            self.cursor.selected = i;
        }
    }

    pub fn update(&mut self, ctx: &mut Ctx, doc: &mut Document, action: Action) -> Vec<Effect> {
        if let Some(dialog) = self.dialog.take() {
            self.answer(ctx, doc, dialog, action);
            return vec![];
        }
        let w = doc.workshop();
        if ListCursor::moves(action) {
            self.cursor.apply(action, rows(w).len(), 10);
            return vec![];
        }
        if let Some(effects) = self.method_action(ctx, doc, action) {
            return effects;
        }
        let w = doc.workshop();
        let row = self.selected(w);
        let key = |action| ctx.hint(Context::Objectives, action);
        match action {
            Action::NewObjective => {
                let theme = if let Some(Row::ThemeWithout(t)) = row { Some(t.id) } else { None };
                self.dialog = Some(Dialog::Objective { id: None, form: forms::objective_form(w, None, theme) });
            }
            Action::Edit => {
                self.dialog = match row {
                    Some(Row::Objective(o)) => Some(Dialog::Objective { id: Some(o.id), form: forms::objective_form(w, Some(o.id), None) }),
                    Some(Row::KeyResult(o, k)) => Some(key_result_dialog(w, o.id, Some(k.id))),
                    Some(Row::ThemeWithout(t)) => Some(Dialog::Objective { id: None, form: forms::objective_form(w, None, Some(t.id)) }),
                    Some(Row::Linked(k, _)) => link_dialog(ctx, w, k.id),
                    Some(Row::Health(h)) => Some(Dialog::Health { id: Some(h.id), form: method::health_form(w, Some(h.id)) }),
                    Some(Row::Candidate(_)) => {
                        ctx.info(format!("a proposed one: {}", method::candidate_keys(ctx.keymap)));
                        None
                    }
                    Some(Row::Depends(k, _)) => return self.depend_on(k.id),
                    None => None,
                };
            }
            Action::AddKeyResult => match current_objective(row) {
                Some(objective) => self.dialog = Some(key_result_dialog(w, objective, None)),
                None => {
                    let text = format!("select an objective first ({} writes one)", key(Action::NewObjective));
                    ctx.info(text);
                }
            },
            Action::Delete => {
                let target = Deletion::of(row);
                delete(ctx, doc, target);
            }
            Action::MoveUp | Action::MoveDown => {
                let delta = if action == Action::MoveUp { -1 } else { 1 };
                let key = row_key(row);
                match key {
                    RowKey::Objective(id) => _ = doc.try_change("reorder objectives", |w| w.move_objective(id, delta)),
                    RowKey::KeyResult(id) => _ = doc.try_change("reorder key results", |w| w.move_key_result(id, delta)),
                    RowKey::None => {}
                }
                self.follow(doc.workshop(), key);
            }
            Action::Link => match row {
                Some(Row::KeyResult(_, k) | Row::Linked(k, _)) => self.dialog = link_dialog(ctx, w, k.id),
                _ => ctx.info("select a key result to link initiatives to it"),
            },
            Action::Dismiss => self.dialog = dismiss_dialog(ctx, doc, row),
            Action::NextFinding => self.next_finding(ctx, doc),
            _ => {}
        }
        vec![]
    }

    /// A key while a dialog is open; it stays open unless done.
    fn answer(&mut self, ctx: &mut Ctx, doc: &mut Document, dialog: Dialog, action: Action) {
        let settings = ctx.hint(Context::Step, Action::Settings);
        self.dialog = match dialog {
            Dialog::Link { key_result, mut picker } => match picker.handle(action) {
                PickerEvent::Save => {
                    let ticks = picker.ticks();
                    doc.try_change("link initiatives", |w| {
                        ticks.iter().fold(false, |changed, (i, on)| w.set_link(key_result, *i, *on) || changed)
                    });
                    None
                }
                PickerEvent::Cancel => None,
                PickerEvent::Handled => Some(Dialog::Link { key_result, picker }),
            },
            Dialog::Objective { id, mut form } => match form.handle(action) {
                FormEvent::Cancel => None,
                FormEvent::Submit => match forms::read_objective(&mut form, doc.workshop(), &settings) {
                    Some(draft) => {
                        self.save_objective(ctx, doc, id, &draft);
                        None
                    }
                    None => Some(Dialog::Objective { id, form }),
                },
                FormEvent::Handled | FormEvent::Ignored => Some(Dialog::Objective { id, form }),
            },
            Dialog::KeyResult { objective, id, mut form, mut opened } => match form.handle(action) {
                FormEvent::Cancel => None,
                FormEvent::Submit => {
                    let enter = ctx.hint(Context::Form, Action::Submit);
                    match forms::read_key_result(&mut form, &mut opened, doc, &settings, &enter) {
                        Some(draft) => {
                            self.save_key_result(ctx, doc, objective, id, &draft);
                            None
                        }
                        None => Some(Dialog::KeyResult { objective, id, form, opened }),
                    }
                }
                FormEvent::Handled | FormEvent::Ignored => Some(Dialog::KeyResult { objective, id, form, opened }),
            },
            dialog @ (Dialog::Health { .. } | Dialog::Depends { .. } | Dialog::AcceptInto { .. }) => {
                self.answer_method(ctx, doc, dialog, action)
            }
            Dialog::Dismiss { code, subject, mut form } => match form.handle(action) {
                FormEvent::Cancel => None,
                FormEvent::Submit => {
                    let reason = form.value(Why);
                    if reason.is_empty() {
                        form.set_error(Why, "say why, so the next reader knows");
                        Some(Dialog::Dismiss { code, subject, form })
                    } else {
                        doc.change("dismiss finding", |w| w.dismiss(&code, &subject, &reason));
                        ctx.info("dismissed, with the reason kept in the file");
                        None
                    }
                }
                FormEvent::Handled | FormEvent::Ignored => Some(Dialog::Dismiss { code, subject, form }),
            },
        };
    }

    fn save_objective(&mut self, ctx: &mut Ctx, doc: &mut Document, id: Option<ObjectiveId>, draft: &crate::model::ObjectiveDraft) {
        match id {
            Some(id) => _ = doc.try_change("edit objective", |w| w.edit_objective(id, draft)),
            None => {
                let mut created = None;
                doc.change("new objective", |w| created = w.add_objective(draft));
                if let Some(id) = created {
                    self.follow(doc.workshop(), RowKey::Objective(id));
                    ctx.info(format!("objective written: {} adds its key results", ctx.hint(Context::Objectives, Action::AddKeyResult)));
                }
            }
        }
    }

    fn save_key_result(
        &mut self,
        ctx: &mut Ctx,
        doc: &mut Document,
        objective: ObjectiveId,
        id: Option<KeyResultId>,
        draft: &crate::model::KeyResultDraft,
    ) {
        match id {
            Some(id) => _ = doc.try_change("edit key result", |w| w.edit_key_result(id, draft)),
            None => {
                let mut created = None;
                doc.change("new key result", |w| created = w.add_key_result(objective, draft));
                if let Some(id) = created {
                    self.follow(doc.workshop(), RowKey::KeyResult(id));
                    let link = ctx.hint(Context::Objectives, Action::Link);
                    ctx.info(format!("key result added: {link} links the initiatives that drive it"));
                }
            }
        }
    }

    pub fn input(&mut self, key: KeyEvent) {
        match &mut self.dialog {
            Some(Dialog::Objective { form, .. }) => form.input(key),
            Some(Dialog::KeyResult { form, .. }) => form.input(key),
            Some(Dialog::Dismiss { form, .. }) => form.input(key),
            Some(Dialog::Health { form, .. }) => form.input(key),
            Some(Dialog::Link { .. } | Dialog::Depends { .. } | Dialog::AcceptInto { .. }) | None => {}
        }
    }

    pub fn paste(&mut self, text: &str) {
        match &mut self.dialog {
            Some(Dialog::Objective { form, .. }) => form.paste(text),
            Some(Dialog::KeyResult { form, .. }) => form.paste(text),
            Some(Dialog::Dismiss { form, .. }) => form.paste(text),
            Some(Dialog::Health { form, .. }) => form.paste(text),
            Some(Dialog::Link { .. } | Dialog::Depends { .. } | Dialog::AcceptInto { .. }) | None => {}
        }
    }

    pub fn click(&mut self, column: u16, row: u16, doc: &Document) {
        let len = rows(doc.workshop()).len();
        self.cursor.click(column, row, len);
    }

    /// The selected row, for the focus panel.
    pub fn focus(&self, doc: &Document, today: Date) -> Option<Focus> {
        let w = doc.workshop();
        let week = w.current_week(today);
        Some(focus_of(w, self.selected(w)?, week, today))
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, over: Rect, look: &Look, doc: &Document) {
        self.render_funnel(frame, area, look, doc);
        match &self.dialog {
            Some(Dialog::Objective { form, .. }) => form.render(frame, over, look, &forms::objective_findings(form)),
            Some(Dialog::KeyResult { form, .. }) => form.render(frame, over, look, &forms::key_result_findings(form)),
            Some(Dialog::Dismiss { form, .. }) => form.render(frame, over, look, &[]),
            Some(Dialog::Link { picker, .. }) => picker.render(frame, over, look),
            Some(Dialog::Health { form, .. }) => form.render(frame, over, look, &[]),
            Some(Dialog::Depends { picker, .. }) => picker.render(frame, over, look),
            Some(Dialog::AcceptInto { picker, .. }) => picker.render(frame, over, look),
            None => {}
        }
    }

    fn render_funnel(&self, frame: &mut Frame, area: Rect, look: &Look, doc: &Document) {
        let (palette, w, today) = (look.palette, doc.workshop(), look.clock.today());
        let findings = step_findings(doc, today);
        let width = area.width as usize;
        let mut head_text =
            if doc.drafting() { method::draft_head_lines(w, look.keymap, width, palette) } else { head_lines(w, &findings, look, width) };
        if !doc.drafting() {
            head_text.extend(method::head_lines(w, &doc.capacity_split(), width, palette));
        }
        let [head, body] = Layout::vertical([Constraint::Length(head_text.len() as u16), Constraint::Min(0)]).areas(area);
        frame.render_widget(Paragraph::new(head_text).style(palette.base), head);
        let rows = rows(w);
        // The funnel keeps the full width up to the screen-sharing size; the coach sits below
        // it, and beside it only on wide terminals.
        let coach_width = if body.width >= 120 { body.width / 3 } else { 0 };
        let [left, coach_area] = Layout::horizontal([Constraint::Min(0), Constraint::Length(coach_width)]).areas(body);
        let (list_area, bottom) = if coach_width == 0 {
            let coach_rows = if body.height >= 16 { 7 } else { 4 };
            let [a, b] = Layout::vertical([Constraint::Min(0), Constraint::Length(coach_rows)]).areas(left);
            (a, b)
        } else {
            (left, coach_area)
        };
        if rows.is_empty() {
            let new = look.keymap.hint(Context::Objectives, Action::NewObjective);
            let press = if look.present { String::new() } else { format!(", press {new}") };
            let text = format!(" No objectives yet. Start from a theme (made on step 3){press} and answer: {OBJECTIVE_PROMPT}");
            frame.render_widget(Paragraph::new(text).style(palette.muted).wrap(Wrap { trim: true }), list_area);
        }
        let list_w = (list_area.width as usize).saturating_sub(1); // the scroll bar's column stays free
        // No key hints in present mode.
        let write = if look.present { String::new() } else { look.keymap.hint(Context::Objectives, Action::Edit) };
        let peers = doc.peers.as_deref();
        list::draw_tall(frame, list_area, &self.cursor, rows.len(), palette, |i| match rows[i] {
            row @ (Row::Depends(..) | Row::Health(_) | Row::Candidate(_)) => {
                vec![method::render_row(w, row, list_w, peers, today, palette)]
            }
            Row::Objective(o) if crate::model::proposal::is_holder(o) => vec![method::holder_line(list_w, palette)],
            row => render_row(w, row, list_w, &findings, &write, palette),
        });
        let next = if look.present { String::new() } else { look.keymap.hint(Context::Objectives, Action::NextFinding) };
        match rows.get(self.cursor.selected).copied() {
            Some(Row::Candidate(c)) => render_coach(frame, bottom, (w, &c.findings()), Some(Subject::Text), &next, palette),
            Some(Row::Health(_)) => method::render_health_panel(frame, bottom, look.keymap, palette),
            row => render_coach(frame, bottom, (w, &findings), subject_of(row), &next, palette),
        }
    }
}

/// The key-result editor for a new key result (`id` `None`) or an existing one.
fn key_result_dialog(w: &Workshop, objective: ObjectiveId, id: Option<KeyResultId>) -> Dialog {
    let form = forms::key_result_form(w, objective, id);
    let opened = Box::new(forms::typed(&form));
    Dialog::KeyResult { objective, id, form, opened }
}

/// The coach's findings on this step: the workshop's, with the dependencies on other
/// teams' key results once those are read. A proposal draft is coached on its texts only.
fn step_findings(doc: &Document, today: Date) -> std::rc::Rc<Vec<crate::model::coach::Finding>> {
    let all = doc.findings();
    if doc.peers.is_none() && !doc.drafting() {
        // The document's own, shared: a frame copies none of them.
        return all;
    }
    let mut findings: Vec<crate::model::coach::Finding> = all.iter().cloned().collect();
    if let Some(peers) = &doc.peers {
        findings.extend(doc.workshop().dependency_findings(peers, today));
    }
    if doc.drafting() {
        let holder = |id| doc.workshop().objective(id).is_some_and(crate::model::proposal::is_holder);
        findings.retain(|f| match f.subject {
            Subject::Objective(o) => !holder(o) && !matches!(f.code, "objective-without-initiatives" | "kr-count" | "kr-one-dimension"),
            Subject::KeyResult(_) => f.code != "kr-without-owner",
            _ => false,
        });
    }
    findings.into()
}
