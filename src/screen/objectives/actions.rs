//! Step 4's actions that reach beyond a form: deleting what a row shows (with undo),
//! linking initiatives, going to the next finding and dismissing one, and what the method adds — health metrics,
//! dependencies on other teams' key results (read from the folder first), and accepting or
//! declining a proposed key result or objective.

use super::forms::Why;
use super::method;
use super::{Dialog, Row, RowKey, State, subject_of};
use crate::action::Action;
use crate::document::Document;
use crate::effect::Effect;
use crate::keymap::Context;
use crate::model::candidate::CandidateKind;
use crate::model::dependency::Dependency;
use crate::model::health::HealthMetricDraft;
use crate::model::{CandidateId, HealthMetricId, InitiativeId, KeyResultId, ObjectiveId, Workshop};
use crate::screen::Ctx;
use crate::ui::form::{Form, FormEvent};
use crate::ui::picker::{Picker, PickerEvent};
use crate::ui::text::fit;

impl State {
    /// Selects the next row (after the selection, round to the top) whose item the coach
    /// has a finding about (the findings the coach shows on this step).
    pub(super) fn next_finding(&mut self, ctx: &mut Ctx, doc: &Document) {
        let findings = super::step_findings(doc, ctx.clock.today());
        let rows = super::rows(doc.workshop());
        let has = |i: usize| subject_of(rows.get(i).copied()).is_some_and(|s| findings.iter().any(|f| f.subject == s));
        let n = rows.len();
        match (1..=n).map(|step| (self.cursor.selected + step) % n.max(1)).find(|i| has(*i)) {
            Some(i) => self.cursor.selected = i,
            None => ctx.info("the coach has nothing to say about any item here"),
        }
    }

    /// The keys the method adds (a health metric, a dependency, accepting a proposed one);
    /// `None` for any other key. A proposal draft has none of them.
    pub(super) fn method_action(&mut self, ctx: &mut Ctx, doc: &mut Document, action: Action) -> Option<Vec<Effect>> {
        if !matches!(action, Action::NewHealthMetric | Action::DependOn | Action::Accept | Action::Link | Action::Dismiss) {
            return None;
        }
        if doc.drafting() {
            ctx.info("that is for the room's workshop: a proposal holds initiatives, key results and objectives");
            return Some(vec![]);
        }
        let w = doc.workshop();
        let row = super::rows(w).get(self.cursor.selected).copied();
        match action {
            Action::NewHealthMetric => self.dialog = Some(Dialog::Health { id: None, form: method::health_form(w, None) }),
            Action::DependOn => match row {
                Some(Row::KeyResult(_, k) | Row::Depends(k, _)) => return Some(self.depend_on(k.id)),
                _ => ctx.info("select a key result: it can depend on key results of other workshops in this data folder"),
            },
            Action::Accept => match row {
                Some(Row::Candidate(c)) => {
                    let id = c.id;
                    self.accept(ctx, doc, id);
                }
                _ => ctx.info("select a proposed key result or objective (listed after the health metrics) to accept it"),
            },
            _ => return None,
        }
        Some(vec![])
    }

    /// Picks what `kr` depends on: the other workshops are read first (fresh, all of them),
    /// and the picker opens when they are in.
    pub(super) fn depend_on(&mut self, kr: KeyResultId) -> Vec<Effect> {
        self.pending_depends = Some(kr);
        vec![Effect::LoadPeers { only: None }]
    }

    /// The other workshops were read: open the dependency picker if one was asked for.
    pub fn peers_loaded(&mut self, ctx: &mut Ctx, doc: &Document) {
        let Some(kr) = self.pending_depends.take() else { return };
        let peers = doc.peers.as_deref().unwrap_or_default();
        match method::depends_picker(doc.workshop(), peers, kr) {
            Some((picker, choices)) => self.dialog = Some(Dialog::Depends { key_result: kr, picker, choices }),
            None => {
                ctx.info("no other workshop in this data folder: dependencies are on the key results of workshops kept beside this one");
            }
        }
    }

    /// Accepts a proposed objective (with its proposed key results), or asks which
    /// objective a proposed key result joins.
    pub(super) fn accept(&mut self, ctx: &mut Ctx, doc: &mut Document, id: CandidateId) {
        let w = doc.workshop();
        let Some(c) = w.candidate(id) else { return };
        if c.kind == CandidateKind::KeyResult {
            match method::accept_picker(w, c) {
                Some(picker) => self.dialog = Some(Dialog::AcceptInto { candidate: id, picker }),
                None => ctx.info(format!(
                    "write an objective first ({}): a key result belongs to one",
                    ctx.hint(Context::Objectives, Action::NewObjective)
                )),
            }
            return;
        }
        let mut created = None;
        doc.change("accept proposed objective", |w| created = w.accept_objective_candidate(id));
        if let Some(o) = created {
            self.follow(doc.workshop(), RowKey::Objective(o));
            ctx.info(format!(
                "accepted: the objective and its proposed key results are the team's now ({} undoes it)",
                ctx.hint(Context::Objectives, Action::Undo)
            ));
        }
    }

    pub(super) fn accept_into(&mut self, ctx: &mut Ctx, doc: &mut Document, id: CandidateId, objective: ObjectiveId) {
        let mut created = None;
        doc.change("accept proposed key result", |w| created = w.accept_key_result_candidate(id, objective));
        if let Some(kr) = created {
            self.follow(doc.workshop(), RowKey::KeyResult(kr));
            ctx.info("accepted with its baseline, target and unit; the coach reads it as the team's now");
        }
    }

    /// A key while one of the method's dialogs is open; it stays open unless done.
    pub(super) fn answer_method(&mut self, ctx: &mut Ctx, doc: &mut Document, dialog: Dialog, action: Action) -> Option<Dialog> {
        match dialog {
            Dialog::Health { id, mut form } => match form.handle(action) {
                FormEvent::Cancel => None,
                FormEvent::Submit => match method::read_health(&mut form, doc.workshop(), &ctx.hint(Context::Step, Action::Settings)) {
                    Some(draft) => {
                        save_health(ctx, doc, id, &draft);
                        None
                    }
                    None => Some(Dialog::Health { id, form }),
                },
                FormEvent::Handled | FormEvent::Ignored => Some(Dialog::Health { id, form }),
            },
            Dialog::Depends { key_result, mut picker, choices } => match picker.handle(action) {
                PickerEvent::Save => {
                    let chosen: Vec<Dependency> =
                        picker.ticks().iter().filter(|(_, on)| *on).filter_map(|(i, _)| choices.get(*i).cloned()).collect();
                    let n = chosen.len();
                    if doc.try_change("dependencies", |w| w.set_dependencies(key_result, chosen)) {
                        ctx.info(format!("depends on {n} key results of other teams; step 5 shows how they stand"));
                    }
                    None
                }
                PickerEvent::Cancel => None,
                PickerEvent::Handled => Some(Dialog::Depends { key_result, picker, choices }),
            },
            Dialog::AcceptInto { candidate, mut picker } => match picker.handle(action) {
                PickerEvent::Save => {
                    let ticked = picker.ticks().into_iter().find(|(_, on)| *on).map(|(o, _)| o);
                    let into = ticked.or_else(|| picker.items.get(picker.cursor.selected).map(|(o, ..)| *o));
                    if let Some(into) = into {
                        self.accept_into(ctx, doc, candidate, into);
                    }
                    None
                }
                PickerEvent::Cancel => None,
                PickerEvent::Handled => Some(Dialog::AcceptInto { candidate, picker }),
            },
            other => Some(other),
        }
    }
}

fn save_health(ctx: &mut Ctx, doc: &mut Document, id: Option<HealthMetricId>, draft: &HealthMetricDraft) {
    match id {
        Some(id) => _ = doc.try_change("edit health metric", |w| w.edit_health_metric(id, draft)),
        None => {
            let mut created = None;
            doc.change("new health metric", |w| created = w.add_health_metric(draft));
            if created.is_some() {
                let check_in = ctx.hint(Context::Review, Action::HealthCheckIn);
                ctx.info(format!("health metric added: check it in each week on step 5 ({check_in})"));
            }
        }
    }
}

/// What `x` deletes, taken from the row before the workshop changes.
pub(super) enum Deletion {
    Objective(ObjectiveId, String),
    KeyResult(KeyResultId),
    Link(KeyResultId, InitiativeId),
    Depends(KeyResultId, KeyResultId),
    Health(HealthMetricId, String),
    Candidate(CandidateId),
    Nothing,
}

impl Deletion {
    pub(super) fn of(row: Option<Row<'_>>) -> Self {
        match row {
            Some(Row::Objective(o)) => Deletion::Objective(o.id, o.title.clone()),
            Some(Row::KeyResult(_, k)) => Deletion::KeyResult(k.id),
            Some(Row::Linked(k, i)) => Deletion::Link(k.id, i.id),
            Some(Row::Depends(k, d)) => Deletion::Depends(k.id, d.id),
            Some(Row::Health(h)) => Deletion::Health(h.id, h.name.clone()),
            Some(Row::Candidate(c)) => Deletion::Candidate(c.id),
            _ => Deletion::Nothing,
        }
    }
}

pub(super) fn delete(ctx: &mut Ctx, doc: &mut Document, target: Deletion) {
    let undo = ctx.hint(Context::Objectives, Action::Undo);
    match target {
        Deletion::Objective(id, title) => {
            doc.try_change("delete objective", |w| w.delete_objective(id));
            ctx.info(format!("deleted the objective \"{}\" ({undo} undoes it)", fit(&title, 40)));
        }
        Deletion::KeyResult(id) => {
            doc.try_change("delete key result", |w| w.delete_key_result(id));
            ctx.info(format!("deleted the key result ({undo} undoes it)"));
        }
        Deletion::Link(kr, ini) => _ = doc.try_change("unlink", |w| w.set_link(kr, ini, false)),
        Deletion::Depends(kr, on) => _ = doc.try_change("remove dependency", |w| w.remove_dependency(kr, on)),
        Deletion::Health(id, name) => {
            doc.try_change("delete health metric", |w| w.delete_health_metric(id));
            ctx.info(format!("deleted the health metric \"{}\" and its readings ({undo} undoes it)", fit(&name, 40)));
        }
        Deletion::Candidate(id) => {
            if doc.try_change("decline proposal", |w| w.decline_candidate(id)) {
                ctx.info(format!("declined ({undo} undoes it); merging the proposal again will not bring it back"));
            }
        }
        Deletion::Nothing => {}
    }
}

pub(super) fn link_dialog(ctx: &mut Ctx, w: &Workshop, kr: KeyResultId) -> Option<Dialog> {
    let k = w.key_result(kr)?;
    let theme = w.objective_of(kr).and_then(|o| o.theme);
    // The objective's theme's initiatives first, then the rest.
    let mut items: Vec<(InitiativeId, String, bool)> = Vec::new();
    for ini in w
        .initiatives
        .iter()
        .filter(|i| theme.is_some() && i.theme == theme)
        .chain(w.initiatives.iter().filter(|i| theme.is_none() || i.theme != theme))
    {
        let theme_name = ini.theme.and_then(|t| w.theme(t)).map_or("ungrouped", |t| t.name.as_str());
        items.push((ini.id, format!("{}  ({theme_name})", ini.title), k.initiatives.contains(&ini.id)));
    }
    if items.is_empty() {
        ctx.info("no initiatives yet: capture them on step 2");
        return None;
    }
    let picker = Picker::new(format!("Initiatives driving: {}", k.description), items, " · the theme's initiatives come first");
    Some(Dialog::Link { key_result: kr, picker })
}

pub(super) fn dismiss_dialog(ctx: &mut Ctx, doc: &Document, row: Option<Row<'_>>) -> Option<Dialog> {
    let subject = subject_of(row)?;
    let findings = doc.findings();
    let Some(first) = findings.iter().find(|f| f.subject == subject) else {
        ctx.info("nothing to dismiss here");
        return None;
    };
    let form = Form::new(format!("Dismiss: {}", fit(&first.reason, 60))).field(
        Why,
        "Why",
        "",
        "the reason stays in the file, e.g. 'owned by the whole team'",
    );
    Some(Dialog::Dismiss { code: first.code.to_string(), subject: subject.key(), form })
}
