//! Step 5, the weekly review: an agenda that starts from the key results (value, progress,
//! trend, status, confidence), check-ins in a few keys each, earlier weeks, notes,
//! adjustments on record, and honest scoring at the end of the period.

use jiff::civil::Date;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::action::Action;
use crate::app::{App, Effect, Overlay, Session};
use crate::model::objective::format_number;
use crate::model::review::{CheckInRefusal, Easing, ScoreBand, Standing, score_band};
use crate::model::{CheckIn, KeyResult, KeyResultId, KeyResultKind, Objective, ObjectiveId, Status, Step, Workshop};
use crate::screen::objectives::{Row, okr_rows};
use crate::ui::form::{Form, FormPurpose};
use crate::ui::list;
use crate::ui::text::{fit, pad};
use crate::ui::theme::Palette;

/// The review's own state: which week shows, and whether the end-of-period scores do.
#[derive(Debug, Clone, Default)]
pub struct State {
    /// `None` is this week.
    pub week: Option<u32>,
    pub scoring: bool,
}

/// The week on screen.
pub fn shown_week(session: &Session, today: Date) -> u32 {
    session.review.week.unwrap_or_else(|| session.workshop.current_week(today))
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

fn selected(session: &Session) -> Option<Row<'_>> {
    okr_rows(&session.workshop).get(session.cursors[Step::Review as usize].selected).copied()
}

fn parse_status(text: &str) -> Result<Option<Status>, String> {
    let t = text.trim().to_lowercase().replace(['-', '_'], " ");
    match t.as_str() {
        "" | "auto" | "suggested" => Ok(None),
        s if "on track".starts_with(s) || s == "ok" || s == "green" => Ok(Some(Status::OnTrack)),
        s if "at risk".starts_with(s) || s == "risk" || s == "amber" => Ok(Some(Status::AtRisk)),
        s if "off track".starts_with(s) || s == "red" => Ok(Some(Status::OffTrack)),
        _ => Err("on track, at risk or off track (empty: suggested from pace)".into()),
    }
}

fn parse_value(kr: &KeyResult, text: &str) -> Result<f64, String> {
    let t = text.trim().to_lowercase();
    match kr.kind {
        KeyResultKind::Milestone => match t.as_str() {
            "done" | "yes" | "y" | "1" | "true" => Ok(1.0),
            "not done" | "no" | "n" | "0" | "false" | "not yet" => Ok(0.0),
            _ => Err("done or not done".into()),
        },
        KeyResultKind::Metric { .. } => match t.trim_end_matches('%').replace(',', "").parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            _ => Err(format!("a number, e.g. {}", format_number(kr.baseline()))),
        },
    }
}

/// A check-in in words, as typed in the form or given to `quarterdeck checkin`.
#[derive(Debug, Clone, Default)]
pub struct CheckInWords {
    pub value: String,
    /// Empty: suggested from pace.
    pub status: String,
    /// Empty: the last confidence (5 at first).
    pub confidence: String,
    pub note: String,
    /// Needed when editing an earlier week.
    pub reason: Option<String>,
}

/// Records a check-in from words (the form and `quarterdeck checkin` share this). On a
/// refusal: which field (value 0, status 1, confidence 2, note 3, reason 4) and why.
pub fn record_check_in(w: &mut Workshop, kr: KeyResultId, words: &CheckInWords, week: u32, today: Date) -> Result<Status, (usize, String)> {
    let Some(key_result) = w.key_result(kr) else { return Err((0, "that key result no longer exists".into())) };
    let value = parse_value(key_result, &words.value).map_err(|e| (0, e))?;
    let status = parse_status(&words.status).map_err(|e| (1, e))?.unwrap_or_else(|| w.suggested_status(key_result, value, today));
    let (confidence, note, reason) = (words.confidence.as_str(), words.note.as_str(), words.reason.as_deref().filter(|r| !r.is_empty()));
    let confidence = match confidence.trim() {
        "" => key_result.last_check_in().map_or(5, |c| c.confidence),
        c => c.parse::<u8>().ok().filter(|c| (1..=10).contains(c)).ok_or((2, "a whole number from 1 to 10".to_string()))?,
    };
    let date = if week == w.current_week(today) { today } else { w.period.week_start(week) };
    let check_in = CheckIn { week, date, value, status, confidence, note: note.to_string() };
    let current = w.current_week(today);
    w.check_in(kr, check_in, current, reason).map_err(|e| match e {
        CheckInRefusal::NoteNeeded => (3, e.to_string()),
        CheckInRefusal::ReasonNeeded => (4, e.to_string()),
        _ => (0, e.to_string()),
    })?;
    Ok(status)
}

fn check_in_form(w: &Workshop, kr: &KeyResult, week: u32, current: u32, today: Date) -> Form {
    let existing = kr.check_in_for(week);
    let last = kr.check_in_as_of(week);
    let value = existing.map(|c| match kr.kind {
        KeyResultKind::Milestone => (if c.value >= 0.5 { "done" } else { "not done" }).to_string(),
        KeyResultKind::Metric { .. } => format_number(c.value),
    });
    let hint = match (&kr.kind, last) {
        (KeyResultKind::Milestone, _) => "done or not done".to_string(),
        (KeyResultKind::Metric { .. }, Some(c)) => format!("last: {} (week {}) · {}", format_number(c.value), c.week, kr.target_text()),
        (KeyResultKind::Metric { .. }, None) => format!("no check-in yet · {}", kr.target_text()),
    };
    let expected = w.expected_progress(kr, today);
    let mut form = Form::new(fit(&format!("Week {week} check-in — {}", kr.description), 80), FormPurpose::CheckIn { kr: kr.id, week })
        .field("Value", value.as_deref().unwrap_or(""), &hint)
        .field(
            "Status",
            existing.map_or("", |c| c.status.label()),
            &format!("empty: suggested from pace ({:.0}% expected by now)", expected * 100.0),
        )
        .field("Confidence", &last.map(|c| c.confidence.to_string()).unwrap_or_default(), "1–10: how sure the target will be met")
        .multiline_field("Note", existing.map_or("", |c| c.note.as_str()), "what changed, what changes this week");
    if week != current {
        form = form.field("Reason", "", "editing an earlier week: why");
    }
    form
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let today = app.clock.today();
    let Some(session) = &mut app.session else { return vec![] };
    let current = session.workshop.current_week(today);
    let week = shown_week(session, today);
    match action {
        Action::PrevWeek | Action::NextWeek => {
            let weeks = session.workshop.period.weeks();
            let next = if action == Action::PrevWeek { week.saturating_sub(1).max(1) } else { (week + 1).min(weeks).min(current.max(1)) };
            session.review.week = (next != current).then_some(next);
            vec![]
        }
        Action::ThisWeek => {
            session.review.week = None;
            vec![]
        }
        Action::ToggleScores => {
            session.review.scoring = !session.review.scoring;
            vec![]
        }
        Action::CheckIn => {
            let w = &session.workshop;
            let Some(Row::KeyResult(_, kr)) = selected(session) else {
                app.info("select a key result to check in (↓)");
                return vec![];
            };
            let form = check_in_form(w, kr, week, current, today);
            app.overlay = Some(Overlay::Form(Box::new(form)));
            vec![]
        }
        Action::WeeklyNote => {
            let note = session.workshop.weekly_note(week).unwrap_or("").to_string();
            let form = Form::new(format!("Week {week} notes"), FormPurpose::WeeklyNote { week }).multiline_field(
                "Notes",
                &note,
                "decisions and blockers from this week's review",
            );
            app.overlay = Some(Overlay::Form(Box::new(form)));
            vec![]
        }
        Action::Adjust => {
            let Some(Row::KeyResult(_, kr)) = selected(session) else { return vec![] };
            let (baseline, target, unit) = match &kr.kind {
                KeyResultKind::Metric { baseline, target, unit } => (format_number(*baseline), format_number(*target), unit.clone()),
                KeyResultKind::Milestone => (String::new(), String::new(), String::new()),
            };
            let form = Form::new("Adjust a key result — the original stays on record", FormPurpose::Adjust { kr: kr.id })
                .field("Key result", &kr.description, "the description")
                .field("Baseline", &baseline, "empty for a milestone")
                .field("Target", &target, "the new target")
                .field("Unit", &unit, "unit")
                .field("Reason", "", "required: what changed in the circumstances");
            app.overlay = Some(Overlay::Form(Box::new(form)));
            vec![]
        }
        Action::Score => {
            let form = match selected(session) {
                Some(Row::KeyResult(_, kr)) => {
                    let computed = kr.progress().map(|p| format!("{:.1}", (p * 10.0).round() / 10.0)).unwrap_or_default();
                    Form::new(fit(&format!("Score — {}", kr.description), 80), FormPurpose::Score { kr: kr.id })
                        .field(
                            "Score",
                            &kr.final_score.map(|s| format!("{s:.1}")).unwrap_or_default(),
                            &format!("0.0–1.0; empty uses the computed {computed}"),
                        )
                        .field("Reason", &kr.score_reason, "why this score, if you override it")
                }
                Some(Row::Objective(o)) => Form::new(
                    fit(&format!("Learnings — {}", o.title), 80),
                    FormPurpose::Learnings { objective: o.id },
                )
                .multiline_field("Learnings", &o.learnings, "what did we learn, what would we do differently"),
                _ => return vec![],
            };
            app.overlay = Some(Overlay::Form(Box::new(form)));
            vec![]
        }
        Action::CarryOverChosen => {
            let w = &session.workshop;
            let numbers: Vec<String> = (1..=w.objectives.len()).map(|n| n.to_string()).collect();
            let list: Vec<String> =
                w.objectives.iter().enumerate().map(|(n, o)| format!("{} {}", n + 1, o.title.lines().next().unwrap_or(""))).collect();
            let next = w.period.next().label;
            let name = if w.name.contains(&w.period.label) { w.name.replace(&w.period.label, &next) } else { format!("{} {next}", w.name) };
            let mut form = Form::new("Carry over into the next period (no check-ins)", FormPurpose::CarryOverChosen)
                .field("Name", &name, "the next workshop's name")
                .field("Objectives", &numbers.join(", "), "numbers to carry, e.g. 1, 3");
            form.aside = Some(("Objectives".into(), list));
            app.overlay = Some(Overlay::Form(Box::new(form)));
            vec![]
        }
        _ => vec![],
    }
}

/// Saves the review's forms.
pub fn submit(app: &mut App, mut form: Form) -> (Vec<Effect>, Option<Form>) {
    let today = app.clock.today();
    form.clear_errors();
    match form.purpose.clone() {
        FormPurpose::CheckIn { kr, week } => {
            let words = CheckInWords {
                value: form.value(0),
                status: form.value(1),
                confidence: form.value(2),
                note: form.text(3),
                reason: form.fields.get(4).map(|_| form.value(4)),
            };
            let mut outcome = Ok(Status::OnTrack);
            let effects = app.try_change("check-in", |w| {
                outcome = record_check_in(w, kr, &words, week, today);
                outcome.is_ok()
            });
            match outcome {
                Ok(status) => {
                    app.info(format!("checked in: {} — next key result", status.label()));
                    // On to the next key result: a few keys each.
                    if let Some(session) = &mut app.session {
                        let rows = okr_rows(&session.workshop);
                        let cursor = &mut session.cursors[Step::Review as usize];
                        if let Some(next) = rows.iter().enumerate().skip(cursor.selected + 1).find(|(_, r)| matches!(r, Row::KeyResult(..)))
                        {
                            cursor.selected = next.0;
                        }
                    }
                    (effects, None)
                }
                Err((field, message)) => {
                    form.set_error(field, message);
                    form.focus_first_error();
                    (vec![], Some(form))
                }
            }
        }
        FormPurpose::WeeklyNote { week } => {
            let text = form.text(0);
            (app.change("weekly note", |w| w.set_weekly_note(week, &text)), None)
        }
        FormPurpose::Adjust { kr } => {
            let Some(session) = &app.session else { return (vec![], None) };
            let Some(key_result) = session.workshop.key_result(kr) else { return (vec![], None) };
            let kind = match &key_result.kind {
                KeyResultKind::Milestone => KeyResultKind::Milestone,
                KeyResultKind::Metric { .. } => {
                    let number = |form: &mut Form, i: usize| match form.value(i).parse::<f64>() {
                        Ok(v) if v.is_finite() => v,
                        _ => {
                            form.set_error(i, "a number");
                            0.0
                        }
                    };
                    KeyResultKind::Metric { baseline: number(&mut form, 1), target: number(&mut form, 2), unit: form.value(3) }
                }
            };
            let reason = form.value(4);
            if reason.is_empty() {
                form.set_error(4, "say why: the change stays on record with its reason");
            }
            if form.has_errors() {
                form.focus_first_error();
                return (vec![], Some(form));
            }
            let description = form.value(0);
            let mut easing = None;
            let effects = app.try_change("adjust key result", |w| {
                let before = w.key_result(kr).cloned();
                easing = w.adjust_key_result(kr, &description, kind, &reason, today).ok();
                easing.is_some() && w.key_result(kr) != before.as_ref()
            });
            match easing {
                Some(Easing::Eased) => app.info("adjusted: the target was EASED toward the baseline; recorded with the reason"),
                Some(_) => app.info("adjusted; the original stays on record with the reason"),
                None => app.error("not adjusted"),
            }
            (effects, None)
        }
        FormPurpose::Score { kr } => {
            let text = form.value(0);
            let score = if text.is_empty() {
                None
            } else {
                match text.parse::<f64>() {
                    Ok(s) if (0.0..=1.0).contains(&s) => Some(s),
                    _ => {
                        form.set_error(0, "a score from 0.0 to 1.0, or empty for the computed one");
                        return (vec![], Some(form));
                    }
                }
            };
            let reason = form.value(1);
            if score.is_some() && reason.is_empty() {
                form.set_error(1, "an override needs its reason");
                form.focus = 1;
                return (vec![], Some(form));
            }
            (app.try_change("score", |w| w.set_score(kr, score, &reason)), None)
        }
        FormPurpose::Learnings { objective } => {
            let text = form.text(0);
            (app.try_change("learnings", |w| w.set_objective_learnings(objective, &text)), None)
        }
        FormPurpose::CarryOverChosen => {
            let Some(session) = &app.session else { return (vec![], None) };
            let name = form.value(0);
            if name.is_empty() {
                form.set_error(0, "the next workshop needs a name");
            }
            let w = &session.workshop;
            let mut chosen: Vec<ObjectiveId> = Vec::new();
            for part in form.value(1).split([',', ' ']).filter(|p| !p.is_empty()) {
                match part.parse::<usize>().ok().and_then(|n| n.checked_sub(1)).and_then(|n| w.objectives.get(n)) {
                    Some(o) => chosen.push(o.id),
                    None => form.set_error(1, format!("no objective {part}: use the numbers beside")),
                }
            }
            if form.has_errors() {
                return (vec![], Some(form));
            }
            let next = w.carry_over_chosen(&name, &chosen, app.clock.now());
            (vec![Effect::Create(Box::new(next))], None)
        }
        _ => (vec![], Some(form)),
    }
}

pub fn render(frame: &mut Frame, area: Rect, session: &Session, today: Date, palette: &Palette) {
    let w = &session.workshop;
    let week = shown_week(session, today);
    let current = w.current_week(today);
    let [head, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(area);
    let krs: Vec<&KeyResult> = w.objectives.iter().flat_map(|o| &o.key_results).collect();
    let count = |s: Status| krs.iter().filter(|k| k.standing(week) == Standing::Status(s)).count();
    let not_in = krs.iter().filter(|k| k.check_in_for(week).is_none()).count();
    let width = area.width as usize;
    let browsing = if week == current { String::new() } else { format!("  (browsing; this week is {current}: t returns)") };
    let line1 = format!(" Week {week} of {} · {} to {}{browsing}", w.period.weeks(), w.period.start, w.period.end);
    let mut line2 = vec![
        Span::styled(format!(" {} on track", count(Status::OnTrack)), palette.ok),
        Span::styled(format!(" · {} at risk", count(Status::AtRisk)), palette.warn),
        Span::styled(format!(" · {} off track", count(Status::OffTrack)), palette.bad),
        Span::styled(format!(" · {not_in} not checked in this week"), palette.muted),
    ];
    if session.review.scoring
        && let Some(pattern) = w.score_pattern()
    {
        line2.push(Span::styled(format!(" · {}", pattern.message()), palette.warn));
    }
    frame.render_widget(
        Paragraph::new(vec![Line::from(Span::styled(fit(&line1, width), palette.title)), Line::from(line2)]).style(palette.base),
        head,
    );
    let rows = okr_rows(w);
    if rows.is_empty() {
        frame.render_widget(Paragraph::new(" No key results to review yet: write objectives first (step 4).").style(palette.muted), body);
        return;
    }
    let [body, detail] = Layout::vertical([Constraint::Min(0), Constraint::Length(3)]).areas(body);
    let cursor = &session.cursors[Step::Review as usize];
    let detail_text = match rows.get(cursor.selected).copied() {
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
    };
    list::detail(frame, detail, &detail_text, palette);
    let bar_w = if width >= 100 { 10 } else { 6 };
    let trend_w = if width >= 100 { 8 } else { 6 };
    let scoring = session.review.scoring;
    list::draw(frame, body, cursor, rows.len(), palette, |i| match rows[i] {
        Row::Objective(o) => objective_line(o, width, scoring, palette),
        Row::KeyResult(o, kr) => key_result_line(kr, o, week, width, bar_w, trend_w, scoring, palette),
        Row::Linked(..) | Row::ThemeWithout(_) => Line::from(""),
    });
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

#[allow(clippy::too_many_arguments)]
fn key_result_line(
    kr: &KeyResult,
    o: &Objective,
    week: u32,
    width: usize,
    bar_w: usize,
    trend_w: usize,
    scoring: bool,
    palette: &Palette,
) -> Line<'static> {
    let last = kr.check_in_as_of(week);
    let value = match (last, &kr.kind) {
        (None, _) => "—".to_string(),
        (Some(c), KeyResultKind::Milestone) => (if c.value >= 0.5 { "done" } else { "not yet" }).to_string(),
        (Some(c), KeyResultKind::Metric { .. }) => format_number(c.value),
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
    let desc_w = width.saturating_sub(right_w + 3).max(8);
    let mut spans = vec![
        Span::styled("  ", palette.border),
        Span::raw(pad(&kr.description, desc_w)),
        Span::raw(format!(" {:>7} ", fit(&value, 7))),
        Span::styled(bar(progress, bar_w), style),
        Span::raw(format!(" {:>4.0}% ", progress * 100.0)),
    ];
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
        let mut kr = crate::model::KeyResult {
            id: KeyResultId(1),
            description: "P1 incidents from 4 to 0".into(),
            kind: KeyResultKind::Metric { baseline: 4.0, target: 0.0, unit: "incidents".into() },
            owners: vec![],
            due: None,
            initiatives: vec![],
            check_ins: vec![],
            adjustments: vec![],
            final_score: None,
            score_reason: String::new(),
            carried: false,
        };
        for (week, value) in [(1, 4.0), (2, 3.0), (3, 2.0)] {
            kr.check_ins.push(CheckIn {
                week,
                date: jiff::civil::date(2027, 1, 1),
                value,
                status: Status::OnTrack,
                confidence: 5,
                note: String::new(),
            });
        }
        assert_eq!(sparkline(&progress_trend(&kr, 3), 8), "▁▅█");
    }

    #[test]
    fn statuses_and_values_parse_in_words() {
        assert_eq!(parse_status("at-risk"), Ok(Some(Status::AtRisk)));
        assert_eq!(parse_status("off"), Ok(Some(Status::OffTrack)));
        assert_eq!(parse_status(""), Ok(None));
        assert!(parse_status("purple").is_err());
    }
}
