//! A key result's picture, opened from the review: a chart (ratatui's `Chart`) of its weekly
//! values against the expected pace from baseline to target, the adjustments marked where
//! they happened, the confidence per week beneath it (and the room's spread where a round
//! was revealed), then its adjustments and notes, which scroll. In present mode the chart
//! takes the room's whole attention: the notes make way for it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, LegendPosition, Paragraph, Wrap};

use crate::model::objective::format_number;
use crate::model::{KeyResult, KeyResultId, KeyResultKind, Workshop};
use crate::ui::Look;
use crate::ui::text::fit;

/// The key result on show and how far its notes are scrolled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detail {
    pub kr: KeyResultId,
    pub scroll: u16,
}

/// The value a key result aims from and to (a milestone goes from 0, not done, to 1).
fn ends(kr: &KeyResult) -> (f64, f64) {
    match &kr.kind {
        KeyResultKind::Metric { baseline, target, .. } => (*baseline, *target),
        KeyResultKind::Milestone { .. } => (0.0, 1.0),
        // A level to keep: the line is the level (the band's floor to its ceiling).
        KeyResultKind::Maintain { min, max, .. } => {
            let (low, high) = (min.or(*max).unwrap_or_default(), max.or(*min).unwrap_or_default());
            (low, high)
        }
    }
}

/// The expected pace: baseline at the period's start (week 0) to target at the end of the
/// week of its due date, or of the period.
fn pace_line(w: &Workshop, kr: &KeyResult) -> Vec<(f64, f64)> {
    let weeks = f64::from(w.period.weeks());
    let (baseline, target) = ends(kr);
    let due = kr.due.filter(|d| *d < w.period.end).map_or(weeks, |d| f64::from(w.period.week_of(d)));
    let mut line = vec![(0.0, baseline), (due, target)];
    if due < weeks {
        line.push((weeks, target));
    }
    line
}

/// The lowest and highest value the chart must show, with a little room.
fn bounds(kr: &KeyResult, values: &[(f64, f64)]) -> [f64; 2] {
    let (baseline, target) = ends(kr);
    let all = values.iter().map(|(_, v)| *v).chain([baseline, target]);
    let (lo, hi) = all.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let room = ((hi - lo).abs() * 0.08).max(1e-6);
    [lo - room, hi + room]
}

fn chart<'a>(w: &Workshop, kr: &'a KeyResult, look: &Look, data: &'a ChartData) -> Chart<'a> {
    let palette = look.palette;
    let weeks = f64::from(w.period.weeks());
    let [lo, hi] = data.y;
    let mut datasets = vec![
        Dataset::default().name("expected pace").marker(Marker::Braille).graph_type(GraphType::Line).style(palette.muted).data(&data.pace),
        Dataset::default()
            .name("value")
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(palette.ok.add_modifier(Modifier::BOLD))
            .data(&data.values),
        Dataset::default().marker(Marker::Dot).graph_type(GraphType::Scatter).style(palette.ok).data(&data.values),
    ];
    for (i, line) in data.adjustments.iter().enumerate() {
        let name = if i == 0 { "adjusted" } else { "" };
        datasets.push(Dataset::default().name(name).marker(Marker::Braille).graph_type(GraphType::Line).style(palette.warn).data(line));
    }
    let mid = (w.period.weeks() / 2).max(1);
    let x_labels = vec![Span::raw("w0"), Span::raw(format!("w{mid}")), Span::raw(format!("w{}", w.period.weeks()))];
    let y_text = |v: f64| match kr.kind {
        KeyResultKind::Milestone { .. } if v >= 0.5 => "done".to_string(),
        KeyResultKind::Milestone { .. } => "not".to_string(),
        KeyResultKind::Metric { .. } | KeyResultKind::Maintain { .. } => format_number(v),
    };
    let (baseline, target) = ends(kr);
    let (low, high) = (baseline.min(target), baseline.max(target));
    Chart::new(datasets)
        .style(palette.base)
        .x_axis(Axis::default().bounds([0.0, weeks]).labels(x_labels).style(palette.muted))
        .y_axis(Axis::default().bounds([lo, hi]).labels(vec![Span::raw(y_text(low)), Span::raw(y_text(high))]).style(palette.muted))
        // The corner the pace line leaves empty: top right when it falls, bottom right when it rises.
        .legend_position(Some(if target < baseline { LegendPosition::TopRight } else { LegendPosition::BottomRight }))
        .hidden_legend_constraints((Constraint::Percentage(60), Constraint::Percentage(60)))
}

/// What the chart draws, kept while it borrows it.
struct ChartData {
    pace: Vec<(f64, f64)>,
    values: Vec<(f64, f64)>,
    adjustments: Vec<Vec<(f64, f64)>>,
    y: [f64; 2],
}

impl ChartData {
    fn of(w: &Workshop, kr: &KeyResult) -> Self {
        let values: Vec<(f64, f64)> = kr.check_ins.iter().map(|c| (f64::from(c.week), c.value)).collect();
        let y = bounds(kr, &values);
        let adjustments = kr
            .adjustments
            .iter()
            .map(|a| {
                // Partway into the week it happened in, between that week's check-ins.
                let x = f64::from(w.period.week_of(a.date)) - 0.5;
                vec![(x, y[0]), (x, y[1])]
            })
            .collect();
        ChartData { pace: pace_line(w, kr), values, adjustments, y }
    }
}

/// The confidence of each week with a check-in, and the spread of the room's votes.
fn confidence_line(w: &Workshop, kr: &KeyResult, look: &Look) -> Line<'static> {
    let mut spans = vec![Span::styled(" confidence ", look.palette.muted)];
    for c in &kr.check_ins {
        let spread = w.meeting(c.week).filter(|m| m.revealed).and_then(|m| m.spread(kr.id));
        let style = if spread.as_ref().is_some_and(|s| s.flagged) { look.palette.warn } else { look.palette.base };
        let votes = spread.map(|s| format!(" ({})", s.range())).unwrap_or_default();
        spans.push(Span::styled(format!(" w{} {}{votes}", c.week, c.confidence), style));
    }
    if kr.check_ins.is_empty() {
        spans.push(Span::styled(" no check-ins yet", look.palette.muted));
    }
    Line::from(spans)
}

/// The adjustments and the notes, newest first.
fn notes(w: &Workshop, kr: &KeyResult, look: &Look) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for a in kr.adjustments.iter().rev() {
        let week = w.period.week_of(a.date);
        lines.push(Line::from(vec![
            Span::styled(format!(" w{week} adjusted "), look.palette.warn),
            Span::raw(format!("{} ({})", a.reason, a.date)),
        ]));
    }
    for c in kr.check_ins.iter().rev().filter(|c| !c.note.trim().is_empty()) {
        lines.push(Line::from(vec![Span::styled(format!(" w{} ", c.week), look.palette.muted), Span::raw(c.note.replace('\n', " "))]));
    }
    if lines.is_empty() {
        lines.push(Line::from(Span::styled(" No notes or adjustments yet.", look.palette.muted)));
    }
    lines
}

/// Draws the picture of `detail`'s key result into `area`.
pub fn render(frame: &mut Frame, area: Rect, look: &Look, w: &Workshop, detail: Detail, week: u32) {
    let palette = look.palette;
    frame.render_widget(Paragraph::new("").style(palette.base), area);
    let Some(kr) = w.key_result(detail.kr) else {
        frame.render_widget(Paragraph::new(" This key result is gone.").style(palette.muted), area);
        return;
    };
    let width = area.width as usize;
    let owners: Vec<&str> = kr.owners.iter().map(|o| w.author_name(Some(*o))).collect();
    let standing = w.standing(kr, week, look.clock.today()).label();
    let head = vec![
        Line::from(Span::styled(fit(&format!(" {} {}", kr.id, kr.description), width), palette.title)),
        Line::from(Span::styled(
            fit(&format!(" {} · {} · week {week}: {standing}", owners.join(", "), kr.target_text()), width),
            palette.muted,
        )),
    ];
    let notes_h = if look.present { 0 } else { (area.height / 4).clamp(2, 6) };
    let [head_area, chart_area, confidence_area, notes_area] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(4), Constraint::Length(1), Constraint::Length(notes_h)]).areas(area);
    frame.render_widget(Paragraph::new(head).style(palette.base), head_area);
    let data = ChartData::of(w, kr);
    frame.render_widget(chart(w, kr, look, &data), chart_area);
    frame.render_widget(Paragraph::new(confidence_line(w, kr, look)).style(palette.base), confidence_area);
    if notes_h > 0 {
        let text = notes(w, kr, look);
        let para = Paragraph::new(text).style(Style::default().patch(palette.base)).wrap(Wrap { trim: true }).scroll((detail.scroll, 0));
        frame.render_widget(para, notes_area);
    }
}
