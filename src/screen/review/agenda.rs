//! Drawing the review's agenda: the week's head lines (counts that add up to the key
//! results), each objective with its progress (a score only in the end-of-period view),
//! each key result's row (value, signed progress, standing, a progress sparkline on a fixed
//! scale from baseline to target and a confidence trend, both with gaps for missed weeks),
//! and the selected row's details (its note, a missing note, what a later check-in
//! replaced, adjustments).

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::action::Action;
use crate::keymap::Context;
use crate::model::objective::{format_number, format_percent, format_score};
use crate::model::review::{ScoreBand, Standing, Tally, score_band};
use crate::model::{CheckIn, KeyResult, KeyResultKind, Objective, Status, Workshop};
use crate::screen::objectives::Row;
use crate::ui::Look;
use crate::ui::text::{fit, pad, wrap, wrap_hanging};
use crate::ui::theme::Palette;
use unicode_width::UnicodeWidthStr;

const TICKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/// A week without a check-in, on a sparkline.
pub const GAP: char = '·';
/// A week below the baseline (a regression), on a progress sparkline.
pub const BELOW: char = '_';

/// A bar of `width` cells filled to `progress` (0.0–1.0; a regression is empty).
pub fn bar(progress: f64, width: usize) -> String {
    let filled = ((progress.clamp(0.0, 1.0) * width as f64).round() as usize).min(width);
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

/// One cell of a sparkline on a fixed scale: 0.0 is the bottom, 1.0 the top, below 0.0 is
/// [`BELOW`], a missed week [`GAP`].
fn tick(point: Option<f64>) -> char {
    match point {
        None => GAP,
        Some(p) if p < -1e-9 => BELOW,
        Some(p) => TICKS[(p.clamp(0.0, 1.0) * 7.0).round() as usize],
    }
}

/// Points on a fixed scale (0.0 bottom, 1.0 top), one a week, `None` for a missed week.
pub fn sparkline(points: &[Option<f64>]) -> String {
    points.iter().map(|p| tick(*p)).collect()
}

/// Progress of each of the `width` weeks up to `week`: baseline at the bottom, target at
/// the top, so a small change draws small and up always means better.
pub fn progress_points(kr: &KeyResult, week: u32, width: usize) -> Vec<Option<f64>> {
    kr.weeks_up_to(week, width).into_iter().map(|c| c.and_then(|c| kr.progress_of(c.value))).collect()
}

/// Confidence of each of the `width` weeks up to `week`, 1 at the bottom and 10 at the top.
pub fn confidence_points(kr: &KeyResult, week: u32, width: usize) -> Vec<Option<f64>> {
    kr.weeks_up_to(week, width).into_iter().map(|c| c.map(|c| f64::from(c.confidence.saturating_sub(1)) / 9.0)).collect()
}

fn status_style(status: Status, palette: &Palette) -> Style {
    match status {
        Status::OnTrack => palette.ok,
        Status::AtRisk => palette.warn,
        Status::OffTrack => palette.bad,
    }
}

fn standing_style(standing: Standing, palette: &Palette) -> Style {
    match standing {
        Standing::CheckedIn { status, .. } => status_style(status, palette),
        Standing::Pending { .. } | Standing::OffWeek { .. } | Standing::Dropped { .. } => palette.muted,
        Standing::NotCheckedIn => palette.warn,
    }
}

fn band_style(band: ScoreBand, palette: &Palette) -> Style {
    match band {
        ScoreBand::Success => palette.ok,
        ScoreBand::Partial => palette.warn,
        ScoreBand::Miss => palette.bad,
    }
}

/// An initiative under the key result it drives: its status (changed in place) and title.
pub fn initiative_line(i: &crate::model::Initiative, palette: &Palette) -> Line<'static> {
    use crate::model::InitiativeStatus as S;
    let style = match i.status {
        S::NotStarted => palette.muted,
        S::InProgress => palette.warn,
        S::Done => palette.ok,
        S::Dropped => palette.bad,
    };
    Line::from(vec![Span::styled(format!("     {} {:<11} ", i.status.mark(), i.status.label()), style), Span::raw(i.title.clone())])
}

/// The week's line and its counts: on track, at risk, off track, and to check in (before
/// the review day) or not checked in (after it) add up to the key results. In the scores
/// view the verdict on them follows on lines of its own, whole: it is never cut inside a
/// number ("below 0.7").
pub fn head_lines(w: &Workshop, week: u32, look: &Look, width: usize, scoring: bool) -> Vec<Line<'static>> {
    let palette = look.palette;
    let today = look.clock.today();
    let current = w.current_week(today);
    let browsing = if week == current {
        String::new()
    } else if look.present {
        format!("  (browsing; this week is {current})")
    } else {
        format!("  (browsing; this week is {current}: {} returns)", look.keymap.hint(Context::Review, Action::ThisWeek))
    };
    let line1 = format!(" Week {week} of {} · {} to {}{browsing}", w.period.weeks(), w.period.start, w.period.end);
    let tally: Tally = w.tally(week, today);
    let mut line2 = vec![
        Span::styled(format!(" {} on track", tally.on_track), palette.ok),
        Span::styled(format!(" · {} at risk", tally.at_risk), palette.warn),
        Span::styled(format!(" · {} off track", tally.off_track), palette.bad),
    ];
    if w.review_due(week, today) {
        line2.push(Span::styled(format!(" · {} not checked in", tally.not_checked_in), palette.warn));
    } else {
        let due = w.review_date(week);
        line2.push(Span::styled(format!(" · {} to check in by {} {due}", tally.to_check_in, due.strftime("%a")), palette.muted));
    }
    if tally.notes_missing > 0 {
        line2.push(Span::styled(format!("  ({} with the note missing)", tally.notes_missing), palette.warn));
    }
    let mut head = vec![Line::from(Span::styled(fit(&line1, width), palette.title)), Line::from(line2)];
    if scoring && let Some(pattern) = w.score_pattern() {
        let verdict = wrap(pattern.message(), width.saturating_sub(2));
        head.extend(verdict.into_iter().map(|l| Line::from(Span::styled(format!(" {l}"), palette.warn))));
    }
    head
}

/// The selected row's full text under the agenda.
pub fn detail_text(w: &Workshop, row: Option<Row<'_>>, week: u32, look: &Look) -> String {
    match row {
        Some(Row::KeyResult(_, kr)) => key_result_detail(w, kr, week, look),
        Some(Row::Objective(o)) => {
            let note = w.weekly_note(week).map(|n| format!(" · week {week} notes: {n}")).unwrap_or_default();
            format!("{}{note}", o.title)
        }
        _ => String::new(),
    }
}

fn key_result_detail(w: &Workshop, kr: &KeyResult, week: u32, look: &Look) -> String {
    let owners: Vec<&str> = kr.owners.iter().map(|p| w.author_name(Some(*p))).collect();
    let owners = if owners.is_empty() { String::new() } else { format!(" · {}", owners.join(", ")) };
    let this = kr.check_in_for(week);
    let note = match this {
        Some(c) if c.note_missing => {
            let enter = look.keymap.hint(Context::Review, Action::CheckIn);
            format!("NOTE MISSING: {} needs one ({enter} writes it)", c.status.label())
        }
        Some(c) if !c.note.is_empty() => c.note.clone(),
        Some(_) => "no note".to_string(),
        None => kr.check_in_as_of(week).map_or_else(|| "no check-in yet".to_string(), |c| format!("last: week {}, {}", c.week, note_of(c))),
    };
    let replaced = this
        .filter(|c| !c.replaced.is_empty())
        .map(|c| {
            let earlier: Vec<String> =
                c.replaced.iter().map(|r| format!("{} {} ({})", value_text(kr, r.value), r.status.label(), r.date)).collect();
            format!(" · replaced this week: {}", earlier.join(", "))
        })
        .unwrap_or_default();
    let adjusted = kr.adjustments.last().map(|a| format!(" · adjusted {}: {}", a.date, a.reason)).unwrap_or_default();
    format!("{} ({}){owners} — {note}{replaced}{adjusted}", kr.description, kr.target_text())
}

fn note_of(c: &CheckIn) -> String {
    if c.note.is_empty() { "no note".to_string() } else { c.note.clone() }
}

fn value_text(kr: &KeyResult, value: f64) -> String {
    match kr.kind {
        KeyResultKind::Milestone { .. } => (if value >= 0.5 { "done" } else { "not yet" }).to_string(),
        KeyResultKind::Metric { .. } | KeyResultKind::Maintain { .. } => format_number(value),
    }
}

/// How a key result's row is laid out at this width.
pub struct RowLayout {
    pub week: u32,
    pub width: usize,
    pub bar_w: usize,
    pub trend_w: usize,
    pub status_w: usize,
    pub scoring: bool,
    /// Whether the week's review day has passed.
    pub due: bool,
}

impl RowLayout {
    /// The layout for a list `width` columns wide; one column stays free for its scroll bar.
    pub fn new(week: u32, width: usize, scoring: bool, due: bool) -> Self {
        let width = width.saturating_sub(1);
        let wide = width >= 99;
        RowLayout {
            week,
            width,
            bar_w: if wide { 10 } else { 6 },
            trend_w: if wide { 8 } else { 5 },
            status_w: if wide { 17 } else { 15 },
            scoring,
            due,
        }
    }

    /// The description's column: what the figures leave.
    fn desc_w(&self) -> usize {
        let right_w = 9 + self.bar_w + 7 + self.status_w + 1 + 2 * (self.trend_w + 1) + 5;
        self.width.saturating_sub(right_w + 3).max(8)
    }
}

/// An objective, its title wrapped whole: its progress during the period, its score in the
/// end-of-period view (with the precision that decides its colour), after the last line.
pub fn objective_lines(o: &Objective, layout: &RowLayout, palette: &Palette) -> Vec<Line<'static>> {
    let right = if layout.scoring {
        o.score().map(|s| Span::styled(format!("  score {}", format_score(s)), band_style(score_band(s, o.commitment), palette)))
    } else {
        o.progress_as_of(layout.week).map(|p| Span::styled(format!("  progress {}", format_percent(p)), palette.muted))
    };
    let right_w = right.as_ref().map_or(0, Span::width);
    let title = o.title.lines().next().unwrap_or("");
    let mut lines: Vec<Line<'static>> = wrap(title, layout.width.saturating_sub(right_w + 1))
        .into_iter()
        .map(|l| Line::from(Span::styled(format!(" {l}"), palette.title)))
        .collect();
    if let (Some(right), Some(last)) = (right, lines.last_mut()) {
        last.spans.push(right);
    }
    lines
}

/// A key result: its description starts in its column beside the figures and runs on,
/// whole, under them; `tag` (how the key results it depends on stand) follows its end.
pub fn key_result_lines(
    kr: &KeyResult,
    o: &Objective,
    layout: &RowLayout,
    tag: Option<Span<'static>>,
    palette: &Palette,
) -> Vec<Line<'static>> {
    let (desc_w, rest_w) = (layout.desc_w(), layout.width.saturating_sub(5));
    let mut text = wrap_hanging(&kr.description, desc_w, rest_w);
    let head = if text.is_empty() { String::new() } else { text.remove(0) };
    let mut first = key_result_line(kr, o, layout, palette);
    let mut lines = Vec::new();
    let tag_w = tag.as_ref().map_or(0, Span::width);
    match tag {
        Some(tag) if text.is_empty() && head.width() + tag_w <= desc_w => {
            let fill = " ".repeat(desc_w - head.width() - tag_w);
            first.spans.splice(1..2, [Span::raw(head), tag, Span::raw(fill)]);
            lines.push(first);
        }
        tag => {
            first.spans[1] = Span::raw(pad(&head, desc_w));
            lines.push(first);
            let mut rest: Vec<Line<'static>> =
                text.into_iter().map(|l| Line::from(vec![Span::styled("    ", palette.border), Span::raw(l)])).collect();
            if let Some(tag) = tag {
                match rest.last_mut() {
                    Some(last) if last.width() + tag_w <= rest_w + 4 => last.spans.push(tag),
                    _ => rest.push(Line::from(vec![Span::styled("   ", palette.border), tag])),
                }
            }
            lines.extend(rest);
        }
    }
    lines
}

/// The standing in words, fitting `width`: a missing note says so where there is room.
fn standing_cell(standing: Standing, width: usize) -> String {
    match standing {
        Standing::CheckedIn { status, note_missing: true } => {
            let long = format!("{}·no note", status.label());
            if long.chars().count() <= width { long } else { format!("{} !", status.label()) }
        }
        other => fit(&other.label(), width),
    }
}

fn key_result_line(kr: &KeyResult, o: &Objective, layout: &RowLayout, palette: &Palette) -> Line<'static> {
    let RowLayout { week, bar_w, trend_w, status_w, scoring, due, .. } = *layout;
    let this = kr.check_in_for(week);
    let shown = this.or_else(|| kr.check_in_as_of(week));
    let value = shown.map_or_else(|| "—".to_string(), |c| value_text(kr, c.value));
    let progress = shown.and_then(|c| kr.progress_of(c.value)).unwrap_or(0.0);
    let standing = kr.standing(week, due);
    // Last week's value stands in grey until this week's check-in.
    let style = if this.is_some() { standing_style(standing, palette) } else { palette.muted };
    let confidence = shown.map(|c| format!("{:>2}/10", c.confidence)).unwrap_or_default();
    let desc_w = layout.desc_w();
    let mut spans = vec![Span::styled("  ", palette.border), Span::raw(pad(&kr.description, desc_w))];
    spans.extend([
        Span::styled(format!(" {:>7} ", fit(&value, 7)), if this.is_some() { Style::default() } else { palette.muted }),
        Span::styled(bar(progress, bar_w), style),
        Span::styled(format!(" {:>5} ", format_percent(progress)), if progress < 0.0 { palette.bad } else { Style::default() }),
    ]);
    if scoring {
        let score = kr.score().unwrap_or(0.0);
        let mark = if kr.final_score.is_some() { "*" } else { " " };
        spans.push(Span::styled(
            pad(&format!("score {score:.1}{mark}"), status_w + 1),
            band_style(score_band(score, o.commitment), palette),
        ));
    } else {
        spans.push(Span::styled(pad(&standing_cell(standing, status_w), status_w + 1), standing_style(standing, palette)));
    }
    // A week not due yet is not a gap: the trends end with the week before until it is in.
    let last = if this.is_none() && !due { week.saturating_sub(1) } else { week };
    spans.push(Span::raw(" "));
    spans.extend(sparkline_spans(&progress_points(kr, last, trend_w), trend_w, palette.accent, palette));
    spans.push(Span::raw(" "));
    spans.extend(sparkline_spans(&confidence_points(kr, last, trend_w), trend_w, palette.muted, palette));
    spans.push(Span::styled(format!(" {confidence}"), palette.muted));
    Line::from(spans)
}

/// A sparkline padded to `width` on the left, gaps muted and regressions in the bad
/// colour.
fn sparkline_spans(points: &[Option<f64>], width: usize, style: Style, palette: &Palette) -> Vec<Span<'static>> {
    let pad = width.saturating_sub(points.len());
    std::iter::once(Span::raw(" ".repeat(pad)))
        .chain(points.iter().map(|p| {
            let cell = tick(*p);
            let style = match cell {
                GAP => palette.muted,
                BELOW => palette.bad,
                _ => style,
            };
            Span::styled(cell.to_string(), style)
        }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kr(baseline: f64, target: f64, weeks: &[(u32, f64, u8)]) -> KeyResult {
        let mut kr = KeyResult { kind: KeyResultKind::metric(baseline, target, ""), ..KeyResult::default() };
        for (week, value, confidence) in weeks {
            kr.check_ins.push(CheckIn { week: *week, value: *value, confidence: *confidence, ..CheckIn::default() });
        }
        kr
    }

    #[test]
    fn bars_fill_to_progress() {
        assert_eq!(bar(0.5, 4), "██░░");
        assert_eq!(bar(2.0, 3), "███");
        assert_eq!(bar(-1.0, 2), "░░", "a regression is an empty bar");
    }

    #[test]
    fn sparklines_use_a_fixed_scale_from_baseline_to_target() {
        // A 1.8% blip draws small, not as a full bar.
        let blip = kr(0.0, 100.0, &[(1, 0.0, 5), (2, 1.8, 5)]);
        assert_eq!(sparkline(&progress_points(&blip, 2, 8)), "▁▁");
        // 17% worse draws below the floor, not flat.
        let worse = kr(100.0, 0.0, &[(1, 100.0, 5), (2, 117.0, 5)]);
        assert_eq!(sparkline(&progress_points(&worse, 2, 8)), "▁_");
        // Up always means better, for a decrease too.
        let falling = kr(4.0, 0.0, &[(1, 4.0, 5), (2, 2.0, 5), (3, 0.0, 5)]);
        assert_eq!(sparkline(&progress_points(&falling, 3, 8)), "▁▅█");
        assert_eq!(sparkline(&progress_points(&falling, 3, 2)), "▅█", "the latest weeks when narrow");
    }

    #[test]
    fn missed_weeks_are_gaps_and_confidence_has_its_trend() {
        let k = kr(0.0, 10.0, &[(1, 1.0, 1), (2, 2.0, 4), (4, 4.0, 10)]);
        assert_eq!(sparkline(&progress_points(&k, 5, 8)), "▂▂·▄·");
        assert_eq!(sparkline(&confidence_points(&k, 5, 8)), "▁▃·█·");
    }
}
