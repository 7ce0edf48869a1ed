//! Step 4, objectives: for each theme, an objective (a brighter future) with measurable key
//! results linked to the initiatives that drive them, shown as a funnel, with the coach's
//! findings beside it, updating as you type.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::action::Action;
use crate::app::{App, Effect, Overlay, Session};
use crate::model::coach::{self, Finding, Severity, Subject};
use crate::model::objective::format_number;
use crate::model::{
    Commitment, Initiative, InitiativeId, KeyResult, KeyResultDraft, KeyResultId, KeyResultKind, Objective, ObjectiveDraft, ObjectiveId,
    ParticipantId, Step, Theme, ThemeId, Workshop,
};
use crate::ui::form::{Form, FormPurpose};
use crate::ui::list;
use crate::ui::text::{fit, pad};
use crate::ui::theme::Palette;

/// The question every objective answers.
pub const OBJECTIVE_PROMPT: &str = "What broader problem do these initiatives solve? Describe the brighter future where it is solved.";

/// A row of the funnel.
#[derive(Debug, Clone, Copy)]
pub enum Row<'a> {
    Objective(&'a Objective),
    KeyResult(&'a Objective, &'a KeyResult),
    /// An initiative a key result is linked to.
    Linked(&'a KeyResult, &'a Initiative),
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

/// The funnel: objective → key results → initiatives, then themes without an objective.
pub fn rows(w: &Workshop) -> Vec<Row<'_>> {
    let mut rows = Vec::new();
    for o in &w.objectives {
        rows.push(Row::Objective(o));
        for k in &o.key_results {
            rows.push(Row::KeyResult(o, k));
            rows.extend(k.initiatives.iter().filter_map(|i| w.initiative(*i)).map(|i| Row::Linked(k, i)));
        }
    }
    rows.extend(w.themes.iter().filter(|t| !w.objectives.iter().any(|o| o.theme == Some(t.id))).map(Row::ThemeWithout));
    rows
}

fn selected(session: &Session) -> Option<Row<'_>> {
    rows(&session.workshop).get(session.cursors[Step::Objectives as usize].selected).copied()
}

/// The objective the selection is in.
fn current_objective(row: Option<Row<'_>>) -> Option<ObjectiveId> {
    match row? {
        Row::Objective(o) | Row::KeyResult(o, _) => Some(o.id),
        Row::Linked(..) | Row::ThemeWithout(_) => None,
    }
}

fn names(w: &Workshop, ids: &[ParticipantId]) -> String {
    ids.iter().map(|p| w.author_name(Some(*p))).collect::<Vec<_>>().join(", ")
}

/// Participants by comma-separated names; unknown names come back as an error.
fn parse_names(w: &Workshop, text: &str) -> Result<Vec<ParticipantId>, String> {
    let mut ids = Vec::new();
    for name in text.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        match w.active_participants().find(|p| p.name.eq_ignore_ascii_case(name)) {
            Some(p) if !ids.contains(&p.id) => ids.push(p.id),
            Some(_) => {}
            None => return Err(format!("no participant called {name}: add them in settings (,)")),
        }
    }
    Ok(ids)
}

fn objective_form(w: &Workshop, id: Option<ObjectiveId>, theme: Option<ThemeId>) -> Form {
    let o = id.and_then(|id| w.objective(id));
    let theme = o.map_or(theme, |o| o.theme);
    let theme_name = theme.and_then(|t| w.theme(t)).map(|t| t.name.clone()).unwrap_or_default();
    let commitment = match o.map_or(Commitment::Aspirational, |o| o.commitment) {
        Commitment::Committed => "committed",
        Commitment::Aspirational => "aspirational",
    };
    let title = if theme_name.is_empty() { "Objective".to_string() } else { format!("Objective for {theme_name}") };
    let initiatives: Vec<String> = w.column(theme).iter().filter(|_| theme.is_some()).map(|i| format!("• {}", i.title)).collect();
    let mut form = Form::new(title, FormPurpose::Objective { id })
        .multiline_field("Objective", o.map_or("", |o| o.title.as_str()), OBJECTIVE_PROMPT)
        .multiline_field("Problem", o.map_or("", |o| o.rationale.as_str()), "the problem it solves, and for whom")
        .field("Owners", &o.map(|o| names(w, &o.owners)).unwrap_or_default(), "names, separated by commas")
        .field("Commitment", commitment, "aspirational or committed")
        .field("Parent", o.map_or("", |o| o.parent.as_str()), "optional: the company objective it serves")
        .field("Theme", &theme_name, "the theme it comes from, or empty");
    form.aside =
        Some((format!("{theme_name} initiatives"), if initiatives.is_empty() { vec!["(no theme chosen)".into()] } else { initiatives }));
    form.coach = Some(crate::ui::form::LiveCoach::Objective(0));
    form
}

fn key_result_form(w: &Workshop, objective: ObjectiveId, id: Option<KeyResultId>) -> Form {
    let kr = id.and_then(|id| w.key_result(id));
    let (kind, baseline, target, unit) = match kr.map(|k| &k.kind) {
        Some(KeyResultKind::Metric { baseline, target, unit }) => {
            ("metric", format_number(*baseline), format_number(*target), unit.clone())
        }
        Some(KeyResultKind::Milestone) => ("milestone", String::new(), String::new(), String::new()),
        None => ("metric", String::new(), String::new(), String::new()),
    };
    let due = kr.and_then(|k| k.due).unwrap_or(w.period.end).to_string();
    let objective_title = w.objective(objective).map(|o| o.title.lines().next().unwrap_or("").to_string()).unwrap_or_default();
    let mut form = Form::new(fit(&format!("Key result — {objective_title}"), 70), FormPurpose::KeyResult { objective, id })
        .field("Key result", kr.map_or("", |k| k.description.as_str()), "an outcome: Reduce P1 incidents from 4 a month to 0")
        .field("Kind", kind, "metric or milestone")
        .field("Baseline", &baseline, "where it is now (or write 'from X to Y' above)")
        .field("Target", &target, "where it should be at the end")
        .field("Unit", &unit, "e.g. incidents/month, minutes, %")
        .field("Owners", &kr.map(|k| names(w, &k.owners)).unwrap_or_default(), "names, separated by commas")
        .field("Due", &due, "YYYY-MM-DD (default: the end of the period)");
    form.coach = Some(crate::ui::form::LiveCoach::KeyResult(0));
    form
}

fn number(form: &mut Form, index: usize) -> Option<f64> {
    let text = form.value(index).replace(',', "");
    if text.is_empty() {
        return None;
    }
    match text.trim_end_matches('%').parse::<f64>() {
        Ok(v) if v.is_finite() => Some(v),
        _ => {
            form.set_error(index, "a number, e.g. 4 or 99.5");
            None
        }
    }
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(session) = &app.session else { return vec![] };
    let w = &session.workshop;
    let row = selected(session);
    match action {
        Action::NewObjective => {
            let theme = match row {
                Some(Row::ThemeWithout(t)) => Some(t.id),
                _ => None,
            };
            app.overlay = Some(Overlay::Form(Box::new(objective_form(w, None, theme))));
            vec![]
        }
        Action::Edit => {
            let form = match row {
                Some(Row::Objective(o)) => objective_form(w, Some(o.id), None),
                Some(Row::KeyResult(o, k)) => key_result_form(w, o.id, Some(k.id)),
                Some(Row::ThemeWithout(t)) => objective_form(w, None, Some(t.id)),
                Some(Row::Linked(k, _)) => return open_picker(app, k.id),
                None => return vec![],
            };
            app.overlay = Some(Overlay::Form(Box::new(form)));
            vec![]
        }
        Action::AddKeyResult => {
            let Some(objective) = current_objective(row) else {
                app.info("select an objective first (n writes one)");
                return vec![];
            };
            app.overlay = Some(Overlay::Form(Box::new(key_result_form(w, objective, None))));
            vec![]
        }
        Action::Delete => match row {
            Some(Row::Objective(o)) => {
                let (id, title) = (o.id, o.title.clone());
                let effects = app.try_change("delete objective", |w| w.delete_objective(id));
                app.info(format!("deleted the objective \"{}\" (u undoes it)", fit(&title, 40)));
                effects
            }
            Some(Row::KeyResult(_, k)) => {
                let id = k.id;
                let effects = app.try_change("delete key result", |w| w.delete_key_result(id));
                app.info("deleted the key result (u undoes it)");
                effects
            }
            Some(Row::Linked(k, i)) => {
                let (kr, ini) = (k.id, i.id);
                app.try_change("unlink", |w| w.set_link(kr, ini, false))
            }
            _ => vec![],
        },
        Action::MoveUp | Action::MoveDown => {
            let delta = if action == Action::MoveUp { -1 } else { 1 };
            let key = row_key(row);
            let effects = match key {
                RowKey::Objective(id) => app.try_change("reorder objectives", |w| w.move_objective(id, delta)),
                RowKey::KeyResult(id) => app.try_change("reorder key results", |w| w.move_key_result(id, delta)),
                RowKey::None => vec![],
            };
            follow(app, key);
            effects
        }
        Action::Link => match row {
            Some(Row::KeyResult(_, k) | Row::Linked(k, _)) => open_picker(app, k.id),
            _ => {
                app.info("select a key result to link initiatives to it");
                vec![]
            }
        },
        Action::Dismiss => {
            let Some(subject) = subject_of(row) else { return vec![] };
            let findings: Vec<Finding> = coach::review(w).into_iter().filter(|f| f.subject == subject).collect();
            let Some(first) = findings.first() else {
                app.info("nothing to dismiss here");
                return vec![];
            };
            let form = Form::new(
                format!("Dismiss: {}", fit(&first.reason, 60)),
                FormPurpose::Dismiss { code: first.code.to_string(), subject: subject.key() },
            )
            .field("Why", "", "the reason stays in the file, e.g. 'owned by the whole team'");
            app.overlay = Some(Overlay::Form(Box::new(form)));
            vec![]
        }
        _ => vec![],
    }
}

/// What a row is about, for the coach.
fn subject_of(row: Option<Row<'_>>) -> Option<Subject> {
    Some(match row? {
        Row::Objective(o) => Subject::Objective(o.id),
        Row::KeyResult(_, k) => Subject::KeyResult(k.id),
        Row::Linked(_, i) => Subject::Initiative(i.id),
        Row::ThemeWithout(t) => Subject::Theme(t.id),
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowKey {
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

/// Keeps the selection on the same objective or key result after it moved.
fn follow(app: &mut App, key: RowKey) {
    let Some(session) = &mut app.session else { return };
    let found = rows(&session.workshop).iter().position(|r| row_key(Some(*r)) == key && key != RowKey::None);
    if let Some(i) = found {
        session.cursors[Step::Objectives as usize].selected = i;
    }
}

fn open_picker(app: &mut App, kr: KeyResultId) -> Vec<Effect> {
    let Some(session) = &app.session else { return vec![] };
    let w = &session.workshop;
    let Some(k) = w.key_result(kr) else { return vec![] };
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
        app.info("no initiatives yet: capture them on step 2");
        return vec![];
    }
    app.overlay =
        Some(Overlay::Picker(Box::new(crate::ui::picker::Picker::new(format!("Initiatives driving: {}", k.description), kr, items))));
    vec![]
}

/// Applies the picker's ticks as one change.
pub fn picked(app: &mut App, kr: KeyResultId, ticks: &[(InitiativeId, bool)]) -> Vec<Effect> {
    app.try_change("link initiatives", |w| ticks.iter().fold(false, |changed, (i, on)| w.set_link(kr, *i, *on) || changed))
}

/// Saves the objective, key-result and dismiss forms.
pub fn submit(app: &mut App, mut form: Form) -> (Vec<Effect>, Option<Form>) {
    let Some(session) = &app.session else { return (vec![], None) };
    let w = &session.workshop;
    form.clear_errors();
    match form.purpose.clone() {
        FormPurpose::Objective { id } => {
            let title = form.text(0);
            if title.is_empty() {
                form.set_error(0, "write the objective: the brighter future, in a sentence");
            }
            let owners = parse_names(w, &form.value(2)).map_err(|e| form.set_error(2, e)).unwrap_or_default();
            let commitment = match form.value(3).to_lowercase().as_str() {
                c if "committed".starts_with(c) && !c.is_empty() => Commitment::Committed,
                c if "aspirational".starts_with(c) || c.is_empty() => Commitment::Aspirational,
                _ => {
                    form.set_error(3, "aspirational or committed");
                    Commitment::Aspirational
                }
            };
            let theme_name = form.value(5);
            let theme = if theme_name.is_empty() {
                None
            } else if let Some(t) = w.themes.iter().find(|t| t.name.eq_ignore_ascii_case(&theme_name)) {
                Some(t.id)
            } else {
                form.set_error(5, format!("no theme called {theme_name} (themes are made on step 3)"));
                None
            };
            if form.has_errors() {
                form.focus_first_error();
                return (vec![], Some(form));
            }
            let draft = ObjectiveDraft { title, rationale: form.text(1), owners, parent: form.value(4), commitment, theme };
            let effects = match id {
                Some(id) => app.try_change("edit objective", |w| w.edit_objective(id, &draft)),
                None => {
                    let mut created = None;
                    let effects = app.change("new objective", |w| created = w.add_objective(&draft));
                    if let Some(id) = created {
                        follow(app, RowKey::Objective(id));
                        app.info("objective written: k adds its key results");
                    }
                    effects
                }
            };
            (effects, None)
        }
        FormPurpose::KeyResult { objective, id } => {
            let description = form.value(0);
            if description.is_empty() {
                form.set_error(0, "describe the outcome you will measure");
            }
            let milestone = match form.value(1).to_lowercase().as_str() {
                k if !k.is_empty() && "milestone".starts_with(k) => true,
                k if k.is_empty() || "metric".starts_with(k) => false,
                _ => {
                    form.set_error(1, "metric or milestone");
                    false
                }
            };
            let parsed = coach::parse_from_to(&description);
            let baseline = number(&mut form, 2).or(parsed.as_ref().map(|p| p.baseline));
            let target = number(&mut form, 3).or(parsed.as_ref().map(|p| p.target));
            let unit = Some(form.value(4)).filter(|u| !u.is_empty()).or(parsed.map(|p| p.unit)).unwrap_or_default();
            let owners = parse_names(w, &form.value(5)).map_err(|e| form.set_error(5, e)).unwrap_or_default();
            let due = match form.value(6) {
                d if d.is_empty() => None,
                d => d.parse::<jiff::civil::Date>().map_err(|_| form.set_error(6, "a date like 2027-03-31")).ok(),
            };
            if form.has_errors() {
                form.focus_first_error();
                return (vec![], Some(form));
            }
            // Missing numbers are not refused: the coach says why they matter.
            let kind = if milestone {
                KeyResultKind::Milestone
            } else {
                KeyResultKind::Metric { baseline: baseline.unwrap_or(0.0), target: target.unwrap_or(0.0), unit }
            };
            let draft = KeyResultDraft { description, kind, owners, due };
            let effects = match id {
                Some(id) => app.try_change("edit key result", |w| w.edit_key_result(id, &draft)),
                None => {
                    let mut created = None;
                    let effects = app.change("new key result", |w| created = w.add_key_result(objective, &draft));
                    if let Some(id) = created {
                        follow(app, RowKey::KeyResult(id));
                        app.info("key result added: i links the initiatives that drive it");
                    }
                    effects
                }
            };
            (effects, None)
        }
        FormPurpose::Dismiss { code, subject } => {
            let reason = form.value(0);
            if reason.is_empty() {
                form.set_error(0, "say why, so the next reader knows");
                return (vec![], Some(form));
            }
            let effects = app.change("dismiss finding", |w| w.dismiss(&code, &subject, &reason));
            app.info("dismissed, with the reason kept in the file");
            (effects, None)
        }
        _ => (vec![], Some(form)),
    }
}

pub fn row_count(w: &Workshop) -> usize {
    rows(w).len()
}

pub fn render(frame: &mut Frame, area: Rect, session: &Session, palette: &Palette) {
    let w = &session.workshop;
    let findings = session.findings();
    let [head, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(area);
    let width = area.width as usize;
    let unlinked = if w.objectives.is_empty() { 0 } else { w.unlinked_initiatives().count() };
    let warnings = findings.iter().filter(|f| f.severity == Severity::Warning).count();
    let line1 = format!(
        " {} objectives · {} key results · {unlinked} initiatives linked to nothing · coach: {warnings} warnings, {} advice",
        w.objectives.len(),
        w.key_result_count(),
        findings.len() - warnings
    );
    let line2 = " n objective · k key result · i link initiatives · Enter edit · x delete · J/K reorder · z dismiss a finding";
    frame.render_widget(
        Paragraph::new(vec![Line::from(fit(&line1, width)), Line::from(Span::styled(fit(line2, width), palette.muted))])
            .style(palette.base),
        head,
    );
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
    let cursor = &session.cursors[Step::Objectives as usize];
    if rows.is_empty() {
        let text = format!(" No objectives yet. Start from a theme (made on step 3), press n and answer: {OBJECTIVE_PROMPT}");
        frame.render_widget(Paragraph::new(text).style(palette.muted).wrap(Wrap { trim: true }), list_area);
    }
    let list_w = list_area.width as usize;
    list::draw(frame, list_area, cursor, rows.len(), palette, |i| render_row(w, rows[i], list_w, &findings, palette));
    let subject = subject_of(rows.get(cursor.selected).copied());
    render_coach(frame, bottom, &findings, subject, palette);
}

fn marks(findings: &[Finding], subject: Subject) -> Span<'static> {
    let warning = findings.iter().any(|f| f.subject == subject && f.severity == Severity::Warning);
    let advice = findings.iter().any(|f| f.subject == subject);
    match (warning, advice) {
        (true, _) => Span::raw(" ⚠"),
        (false, true) => Span::raw(" ·"),
        _ => Span::raw(""),
    }
}

fn render_row<'a>(w: &Workshop, row: Row<'_>, width: usize, findings: &[Finding], palette: &Palette) -> Line<'a> {
    match row {
        Row::Objective(o) => {
            let theme = o.theme.and_then(|t| w.theme(t)).map_or(String::new(), |t| format!("  [{}]", t.name));
            let kind = if o.commitment == Commitment::Committed { " committed" } else { " aspirational" };
            let title_w = width.saturating_sub(theme.chars().count() + kind.len() + 4);
            let mark = marks(findings, Subject::Objective(o.id));
            Line::from(vec![
                Span::styled(format!(" {}", fit(o.title.lines().next().unwrap_or(""), title_w)), palette.title),
                Span::styled(theme, palette.accent),
                Span::styled(kind, palette.muted),
                Span::styled(mark.content, palette.warn),
            ])
        }
        Row::KeyResult(_, kr) => {
            let target = kr.target_text();
            let linked = match kr.initiatives.len() {
                0 => "no initiatives".to_string(),
                1 => "1 initiative".to_string(),
                n => format!("{n} initiatives"),
            };
            let target_w = (width / 3).clamp(10, 30);
            let right = format!(" {:>target_w$} · {linked:<14}", fit(&target, target_w));
            let desc_w = width.saturating_sub(target_w + 17 + 8).max(8);
            let mark = marks(findings, Subject::KeyResult(kr.id));
            Line::from(vec![
                Span::styled("  ├ ", palette.border),
                Span::raw(pad(&kr.description, desc_w)),
                Span::styled(right, if kr.initiatives.is_empty() { palette.warn } else { palette.muted }),
                Span::styled(mark.content, palette.warn),
            ])
        }
        Row::Linked(_, ini) => Line::from(vec![
            Span::styled("  │   ↳ ", palette.border),
            Span::styled(fit(&ini.title, width.saturating_sub(9)), palette.muted),
        ]),
        Row::ThemeWithout(t) => Line::from(vec![
            Span::styled(" + ", palette.warn),
            Span::styled(format!("{} has no objective yet", t.name), palette.warn),
            Span::styled("  (Enter writes it)", palette.muted),
        ]),
    }
}

fn render_coach(frame: &mut Frame, area: Rect, findings: &[Finding], subject: Option<Subject>, palette: &Palette) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let block =
        Block::new().borders(Borders::LEFT | Borders::TOP).border_style(palette.border).title(Span::styled(" Coach ", palette.title));
    let mut lines = Vec::new();
    let here: Vec<&Finding> = findings.iter().filter(|f| Some(f.subject) == subject).collect();
    let shown: Vec<&Finding> = if here.is_empty() { findings.iter().take(6).collect() } else { here.clone() };
    if findings.is_empty() {
        lines.push(Line::from(Span::styled("Nothing to say: these read as outcomes.", palette.ok)));
    } else if here.is_empty() {
        lines.push(Line::from(Span::styled(format!("Nothing here. {} findings elsewhere:", findings.len()), palette.muted)));
    }
    for f in shown {
        let style = if f.severity == Severity::Warning { palette.warn } else { palette.accent };
        let mark = if f.severity == Severity::Warning { "⚠" } else { "·" };
        lines.push(Line::from(Span::styled(format!("{mark} {}", f.reason), style)));
        lines.push(Line::from(Span::styled(format!("  {}", f.suggestion), palette.base)));
        if let Some((weak, strong)) = &f.example {
            lines.push(Line::from(Span::styled(format!("  weak: {weak}"), palette.muted)));
            lines.push(Line::from(Span::styled(format!("  strong: {strong}"), palette.ok)));
        }
    }
    frame.render_widget(Paragraph::new(lines).block(block).style(palette.base).wrap(Wrap { trim: false }), area);
}
