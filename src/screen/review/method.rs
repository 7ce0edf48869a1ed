//! What the weekly review shows beside the key results, as the method asks: the health
//! metrics at the top (a breach first, and loud), the form that records this week's
//! readings, how other teams' key results stand where one of ours depends on them ("blocked
//! by" when they are off track), and the calibration over earlier periods at the end.

use jiff::civil::Date;
use ratatui::text::{Line, Span};

use crate::document::Document;
use crate::model::calibration::Verdict;
use crate::model::dependency::{Peer, Resolved};
use crate::model::health::HealthStanding;
use crate::model::quantity::parse_number;
use crate::model::{HealthMetricId, KeyResult, Status, Workshop};
use crate::screen::Ctx;
use crate::ui::form::Form;
use crate::ui::text::fit;
use crate::ui::theme::Palette;

/// The health check-in form's fields: a reading per metric, and a note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HealthField {
    Value(HealthMetricId),
    Note,
}

/// The health metrics as of `week`, on one line so the agenda keeps its room: each breach
/// first (since when, in the alarm's colour), then the others (held, or not read yet).
/// Nothing without health metrics.
pub fn health_lines(w: &Workshop, week: u32, width: usize, palette: &Palette) -> Vec<Line<'static>> {
    if w.health.is_empty() {
        return Vec::new();
    }
    let mut breaches = Vec::new();
    let mut others = Vec::new();
    for h in &w.health {
        match h.standing(week) {
            HealthStanding::Breached { week: at, value, since } => {
                let since = if since < at { format!(" since week {since}") } else { format!(" in week {at}") };
                breaches.push(format!("⚠ {} {} (keep {}){since}", h.name, h.value_text(value), h.level().text("")));
            }
            HealthStanding::Held { value, week: at } => {
                let old = if at + 1 < week { format!(", week {at}") } else { String::new() };
                others.push(format!("✓ {} {} ({}{old})", h.name, h.value_text(value), h.level().text("")));
            }
            HealthStanding::NoReading => others.push(format!("· {} not read yet", h.name)),
        }
    }
    let head = " Health ";
    let room = width.saturating_sub(head.chars().count());
    let alarm = fit(&breaches.join(" · "), room);
    let sep = if breaches.is_empty() || others.is_empty() { "" } else { " · " };
    let rest_room = room.saturating_sub(alarm.chars().count() + sep.len());
    let rest = if rest_room > 4 { fit(&others.join(" · "), rest_room) } else { String::new() };
    let rest_style = if breaches.is_empty() { palette.ok } else { palette.muted };
    vec![Line::from(vec![
        Span::styled(head, palette.title),
        Span::styled(alarm, palette.bad),
        Span::styled(if rest.is_empty() { String::new() } else { sep.to_string() }, palette.muted),
        Span::styled(rest, rest_style),
    ])]
}

/// A field for each health metric's reading this week (prefilled with the one recorded),
/// and a note for what is being done about a breach.
pub fn health_form(w: &Workshop, week: u32) -> Form<HealthField> {
    let mut form = Form::new(format!("Week {week} health readings"));
    for h in &w.health {
        let value = h.check_in_for(week).map(|c| crate::model::objective::format_number(c.value)).unwrap_or_default();
        let last = h.check_in_as_of(week).map(|c| format!(" · last {} (week {})", h.value_text(c.value), c.week)).unwrap_or_default();
        form = form.field(HealthField::Value(h.id), fit(&h.name, 24), &value, &format!("keep {}{last}", h.level_text()));
    }
    let note = w.health.iter().filter_map(|h| h.check_in_for(week)).map(|c| c.note.as_str()).find(|n| !n.is_empty()).unwrap_or("");
    form.field(HealthField::Note, "Note", note, "for a breach: what is being done about it")
}

/// Records the readings typed (empty ones are left as they are); whether the form is done.
/// The note goes with each reading outside its level.
pub fn submit_health(ctx: &mut Ctx, doc: &mut Document, week: u32, form: &mut Form<HealthField>) -> bool {
    form.clear_errors();
    let mut readings = Vec::new();
    for h in &doc.workshop().health {
        let text = form.value(HealthField::Value(h.id));
        if text.is_empty() {
            continue;
        }
        match parse_number(text.trim_end_matches('%').trim()) {
            Ok(v) => readings.push((h.id, v)),
            Err(e) => form.set_error(HealthField::Value(h.id), e.to_string()),
        }
    }
    if form.has_errors() {
        form.focus_first_error();
        return false;
    }
    let note = form.value(HealthField::Note);
    let today = ctx.clock.today();
    let date = if week == doc.workshop().current_week(today) { today } else { doc.workshop().period.week_start(week) };
    doc.try_change("health readings", |w| {
        let mut changed = false;
        for (id, value) in &readings {
            let breach = w.health_metric(*id).is_some_and(|h| !h.level().holds(*value));
            changed |= w.check_in_health(*id, week, date, *value, if breach { &note } else { "" }).is_ok();
        }
        changed
    });
    let breached = doc.workshop().health_breaches(week).len();
    let said = match breached {
        0 => "every health metric holds its level".to_string(),
        1 => "1 health metric is breached: it shows at the top of the review".to_string(),
        n => format!("{n} health metrics are breached: they show at the top of the review"),
    };
    ctx.info(format!("{} readings recorded for week {week} · {said}", readings.len()));
    true
}

/// What a key result's dependencies say, for its row: `⇠ blocked` when one of them is off
/// track, else the worst of their states.
pub fn dependency_tag(kr: &KeyResult, peers: Option<&[Peer]>, today: Date, palette: &Palette) -> Option<Span<'static>> {
    if kr.depends_on.is_empty() {
        return None;
    }
    let Some(peers) = peers else { return Some(Span::styled(" ⇠ ", palette.muted)) };
    let resolved: Vec<Resolved> = kr.depends_on.iter().map(|d| d.resolve(peers, today)).collect();
    let (text, style) = if resolved.iter().any(|r| r.blocks()) {
        ("blocked".to_string(), palette.bad)
    } else if let Some(r) = resolved.iter().find(|r| matches!(r, Resolved::Missing | Resolved::Ended(..))) {
        (r.short(), palette.bad)
    } else {
        let on_track = |r: &Resolved| matches!(r, Resolved::Live(_, k) if k.standing.status() == Some(Status::OnTrack));
        match resolved.iter().find(|r| !on_track(r)) {
            Some(worst) => (worst.short(), palette.warn),
            None => ("on track".to_string(), palette.ok),
        }
    };
    Some(Span::styled(format!(" ⇠ {text} "), style))
}

/// The dependencies of the selected key result in words, for the detail under the agenda.
pub fn dependency_detail(kr: &KeyResult, peers: Option<&[Peer]>, today: Date) -> String {
    let parts: Vec<String> = kr
        .depends_on
        .iter()
        .map(|d| match peers.map(|p| d.resolve(p, today)) {
            Some(r @ Resolved::Live(_, k)) if r.blocks() => format!("blocked by {}: {}", d.label(), k.standing.label()),
            Some(Resolved::Live(_, k)) => format!("depends on {}: {}", d.label(), k.standing.label()),
            Some(r) => format!("depends on {}: {}", d.label(), r.short()),
            None => format!("depends on {}", d.label()),
        })
        .collect();
    if parts.is_empty() { String::new() } else { format!(" · {}", parts.join(" · ")) }
}

/// The end-of-period view's calibration: earlier periods and this one, and the verdict.
pub fn calibration_line(w: &Workshop, width: usize, palette: &Palette) -> Option<Line<'static>> {
    let c = w.calibration(true)?;
    if c.periods.len() < 2 {
        return None;
    }
    let verdict = c.verdict.map(|v| format!(" → {}: {}", v.label(), v.advice())).unwrap_or_default();
    let eased: u32 = c.periods.iter().map(|p| p.eased).sum();
    let eased = if eased == 0 { String::new() } else { format!(" · {eased} targets eased") };
    let foresight =
        c.periods.iter().rev().find_map(|p| p.foresight().map(|f| format!(" · mid-period confidence: {}", f.label()))).unwrap_or_default();
    let style = if c.verdict == Some(Verdict::AboutRight) { palette.ok } else { palette.warn };
    Some(Line::from(Span::styled(fit(&format!(" Calibration: {}{verdict}{eased}{foresight}", c.trend_text()), width), style)))
}
