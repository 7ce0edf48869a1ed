//! What step 4 shows beside the OKRs, as the method asks: health metrics (levels the team
//! keeps, not changes it makes), key results and objectives engineers proposed (candidates
//! the coach reads, to accept or decline), dependencies on other teams' key results, and the
//! head lines with the capacity split and the calibration over earlier periods.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::Row;
use super::forms::{names, parse_names};
use crate::action::Action;
use crate::keymap::{Context, Keymap};
use crate::model::calibration::Verdict;
use crate::model::candidate::{Candidate, CandidateKind};
use crate::model::dependency::{Dependency, Peer, Resolved};
use crate::model::health::{HealthMetricDraft, Level};
use crate::model::{HealthMetricId, KeyResultId, ObjectiveId, Workshop};
use crate::ui::form::Form;
use crate::ui::picker::Picker;
use crate::ui::text::{fit, pad};
use crate::ui::theme::Palette;

/// The health-metric editor's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HealthField {
    Name,
    Level,
    Unit,
    Owners,
}

pub fn health_form(w: &Workshop, id: Option<HealthMetricId>) -> Form<HealthField> {
    let h = id.and_then(|id| w.health_metric(id));
    let level = h.map(|h| h.level().text("")).unwrap_or_default();
    Form::new(if h.is_some() { "Health metric" } else { "New health metric: a level the team keeps" })
        .field(HealthField::Name, "Metric", h.map_or("", |h| h.name.as_str()), "e.g. Checkout availability, On-call pages")
        .field(HealthField::Level, "Keep it", &level, "at least 99.95, at most 10, or a band like 1-3")
        .field(HealthField::Unit, "Unit", h.map_or("", |h| h.unit.as_str()), "e.g. %, pages/week, minutes")
        .field(HealthField::Owners, "Owners", &h.map(|h| names(w, &h.owners)).unwrap_or_default(), "names, separated by commas")
}

/// Reads the health-metric editor; `None` with errors on the fields when something is wrong.
pub fn read_health(form: &mut Form<HealthField>, w: &Workshop, settings_key: &str) -> Option<HealthMetricDraft> {
    form.clear_errors();
    let name = form.value(HealthField::Name);
    if name.is_empty() {
        form.set_error(HealthField::Name, "name the metric the team keeps an eye on");
    }
    let (level, written) =
        Level::parse(&form.value(HealthField::Level)).map_err(|e| form.set_error(HealthField::Level, e)).unwrap_or_default();
    let owners = parse_names(w, &form.value(HealthField::Owners), settings_key)
        .map_err(|e| form.set_error(HealthField::Owners, e))
        .unwrap_or_default();
    if form.has_errors() {
        form.focus_first_error();
        return None;
    }
    let unit = Some(form.value(HealthField::Unit)).filter(|u| !u.is_empty()).unwrap_or(written);
    Some(HealthMetricDraft { name, level, unit, owners })
}

/// A checklist of every key result of the other workshops, those `kr` depends on ticked.
/// The choices come back by their position in the list returned beside it.
pub fn depends_picker(w: &Workshop, peers: &[Peer], kr: KeyResultId) -> Option<(Picker<usize>, Vec<Dependency>)> {
    let k = w.key_result(kr)?;
    let mut choices = Vec::new();
    let mut items = Vec::new();
    for peer in peers {
        for theirs in &peer.key_results {
            let on = k.depends_on.iter().any(|d| d.id == theirs.id);
            items.push((choices.len(), format!("{} · {}  ({})", peer.label(), theirs.description, theirs.standing.label()), on));
            choices.push(Dependency::on(peer, theirs));
        }
    }
    // Kept even when its workshop is gone, so unticking it is possible.
    let missing: Vec<&Dependency> = k.depends_on.iter().filter(|d| !choices.iter().any(|c| c.id == d.id)).collect();
    for d in missing {
        items.push((choices.len(), format!("{} (not found in the folder)", d.label()), true));
        choices.push(d.clone());
    }
    if items.is_empty() {
        return None;
    }
    let picker = Picker::new(format!("Depends on: {}", k.description), items, " · other workshops in this data folder");
    Some((picker, choices))
}

/// A list of the objectives a proposed key result can join.
pub fn accept_picker(w: &Workshop, c: &Candidate) -> Option<Picker<ObjectiveId>> {
    let items: Vec<(ObjectiveId, String, bool)> =
        w.objectives.iter().map(|o| (o.id, o.title.lines().next().unwrap_or("").to_string(), false)).collect();
    if items.is_empty() {
        return None;
    }
    Some(Picker::new(format!("Accept into which objective: {}", c.text), items, " · the highlighted one, or the one ticked"))
}

/// The open candidates in the order step 4 lists them: each proposed objective followed
/// by its proposed key results, then the key results proposed for the team's objectives.
pub fn candidate_rows(w: &Workshop) -> Vec<&Candidate> {
    let open: Vec<&Candidate> = w.open_candidates().collect();
    let parent_open = |c: &Candidate| c.objective.is_some_and(|o| open.iter().any(|x| x.id == o));
    let mut rows = Vec::new();
    for o in open.iter().filter(|c| c.kind == CandidateKind::Objective) {
        rows.push(*o);
        rows.extend(open.iter().filter(|k| k.kind == CandidateKind::KeyResult && k.objective == Some(o.id)).copied());
    }
    rows.extend(open.iter().filter(|k| k.kind == CandidateKind::KeyResult && !parent_open(k)).copied());
    rows
}

/// The capacity split and the calibration trend, under the counts (none in a draft, or
/// with nothing to show).
pub fn head_lines(w: &Workshop, split: &crate::model::capacity::CapacitySplit, width: usize, palette: &Palette) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if split.counted > 0 {
        let target = &w.settings.capacity;
        let style = if split.off_target(target).is_some() { palette.warn } else { palette.muted };
        let text = format!(" Capacity of {} {}, by cost: {} · aim {}", split.counted, split.basis.short(), split.text(), target.short());
        lines.push(Line::from(Span::styled(fit(&text, width), style)));
    }
    if let Some(c) = w.calibration(false) {
        let verdict = c.verdict.map(|v| format!(" → {}: {}", v.label(), v.advice())).unwrap_or_default();
        let style = if c.verdict == Some(Verdict::AboutRight) { palette.ok } else { palette.warn };
        lines.push(Line::from(Span::styled(fit(&format!(" Earlier periods {}{verdict}", c.trend_text()), width), style)));
    }
    lines
}

/// A row of step 4 that the method adds: a dependency, a health metric, a candidate.
pub fn render_row(
    w: &Workshop,
    row: Row<'_>,
    width: usize,
    peers: Option<&[Peer]>,
    today: jiff::civil::Date,
    palette: &Palette,
) -> Line<'static> {
    match row {
        Row::Depends(_, d) => {
            let (status, style) = match peers.map(|p| d.resolve(p, today)) {
                None => (String::new(), palette.muted),
                Some(r @ Resolved::Live(..)) if r.blocks() => (" · blocked by it".to_string(), palette.bad),
                Some(r @ (Resolved::Missing | Resolved::Ended(..))) => (format!(" · {}", r.short()), palette.bad),
                Some(r) => (format!(" · {}", r.short()), palette.muted),
            };
            Line::from(vec![
                Span::styled("  │   ⇠ depends on ", palette.border),
                Span::styled(fit(&d.label(), width.saturating_sub(22 + status.chars().count())), palette.muted),
                Span::styled(status, style),
            ])
        }
        Row::Health(h) => {
            let right = format!(" keep {} · health metric", h.level_text());
            let owners = if h.owners.is_empty() { String::new() } else { format!(" · {}", names(w, &h.owners)) };
            let name_w = width.saturating_sub(right.chars().count() + owners.chars().count() + 4).max(8);
            Line::from(vec![
                Span::styled(" ♥ ", palette.accent),
                Span::styled(pad(&h.name, name_w), palette.base),
                Span::styled(right, palette.accent),
                Span::styled(owners, palette.muted),
            ])
        }
        Row::Candidate(c) => candidate_line(w, c, width, palette),
        _ => Line::from(""),
    }
}

fn candidate_line(w: &Workshop, c: &Candidate, width: usize, palette: &Palette) -> Line<'static> {
    let by = w.author_name(c.author);
    let findings = c.findings();
    let warned = findings.iter().any(|f| f.severity == crate::model::coach::Severity::Warning);
    let mark = if warned {
        " ⚠"
    } else if findings.is_empty() {
        ""
    } else {
        " ·"
    };
    let kind = c.key_result_kind();
    let numbers = if kind == crate::model::KeyResultKind::metric(0.0, 0.0, "") {
        " · no numbers".to_string()
    } else {
        format!(" · {}", crate::model::KeyResult { kind, ..Default::default() }.target_text())
    };
    let under_proposed_objective =
        c.objective.is_some_and(|o| w.candidate(o).is_some_and(|x| x.decision == crate::model::candidate::Decision::Open));
    let (lead, numbers) = match c.kind {
        CandidateKind::Objective => (" ? proposed objective: ", String::new()),
        CandidateKind::KeyResult if under_proposed_objective => ("   ? proposed key result: ", numbers),
        CandidateKind::KeyResult => (" ? proposed key result: ", numbers),
    };
    let right = format!("{numbers} · by {by}");
    let text_w = width.saturating_sub(lead.chars().count() + right.chars().count() + mark.len() + 1).max(8);
    Line::from(vec![
        Span::styled(lead, palette.accent),
        Span::raw(pad(c.text.lines().next().unwrap_or(""), text_w)),
        Span::styled(right, palette.muted),
        Span::styled(mark, palette.warn),
    ])
}

/// A proposal draft's head: what it holds, and the keys that write it.
pub fn draft_head_lines(w: &Workshop, keymap: &Keymap, width: usize, palette: &Palette) -> Vec<Line<'static>> {
    let objectives = w.objectives.iter().filter(|o| !crate::model::proposal::is_holder(o)).count();
    let key = |action| keymap.hint(Context::Objectives, action);
    let line1 = format!(" {objectives} objectives and {} key results proposed", w.key_result_count());
    let line2 = format!(
        " {} objective · {} key result (\"from X to Y\" fills the numbers) · {} edit · {} delete",
        key(Action::NewObjective),
        key(Action::AddKeyResult),
        key(Action::Edit),
        key(Action::Delete)
    );
    vec![Line::from(fit(&line1, width)), Line::from(Span::styled(fit(&line2, width), palette.muted))]
}

/// The draft's first row: the key results proposed for the team's own objectives.
pub fn holder_line(width: usize, palette: &Palette) -> Line<'static> {
    Line::from(Span::styled(
        fit(&format!(" {} (the facilitator picks which)", crate::model::proposal::HOLDER_TITLE), width),
        palette.accent,
    ))
}

/// The panel under the funnel when a health metric is selected: what it is for.
pub fn render_health_panel(frame: &mut Frame, area: Rect, keymap: &Keymap, palette: &Palette) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let block =
        Block::new().borders(Borders::LEFT | Borders::TOP).border_style(palette.border).title(Span::styled(" Coach ", palette.title));
    let check_in = keymap.hint(Context::Review, Action::HealthCheckIn);
    let lines = vec![
        Line::from(Span::styled("A health metric is a level to keep, not a change to make, so it is not a key result.", palette.accent)),
        Line::from(Span::styled(
            format!(
                "  Check it in each week on step 5 ({check_in}); a breach shows at the top of the review. When the level is this period's goal, make it a key result of kind \"keep\"."
            ),
            palette.base,
        )),
    ];
    frame.render_widget(Paragraph::new(lines).block(block).style(palette.base).wrap(Wrap { trim: false }), area);
}

/// The key that accepts and the one that declines, for a candidate's message.
pub fn candidate_keys(keymap: &Keymap) -> String {
    format!("{} accepts, {} declines", keymap.hint(Context::Objectives, Action::Accept), keymap.hint(Context::Objectives, Action::Delete))
}
