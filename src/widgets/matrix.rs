//! The impact/cost matrix: cost on the horizontal axis (1 left → 5 right), impact on the
//! vertical one (1 bottom → 5 top), split between 2 and 3 on each axis into the four
//! quadrants of [`Quadrant`], with every scored initiative drawn as its number in its
//! (cost, impact) cell and, when there is room, a legend on the right.
//!
//! ```text
//! impact ↑
//! 5 ┤ QUICK WINS         │              BIG BETS
//!   │     3,7+2          │       4
//! 4 ┤                    │
//! 3 ┤       1            │
//!   ├────────────────────┼─────────────────────
//! 2 ┤                    │             5
//! 1 ┤ FILLERS            │            MONEY PITS
//!   └───┬───────┬────────┴──┬───────┬─── cost →
//!       1       2           3       4       5
//! ```
//!
//! It draws straight into a [`Buffer`], clipped to it, so it never panics at any size; below
//! about 30x10 it says it needs more room.

use std::collections::BTreeMap;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use crate::model::Quadrant;
use crate::ui::text::{fit, pad};
use crate::ui::theme::Palette;

/// One scored initiative on the chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatrixPoint<'a> {
    /// Shown on the chart and in the legend, 1-based.
    pub number: usize,
    pub title: &'a str,
    /// 1–5; values outside are drawn at the nearest end.
    pub impact: u8,
    /// 1–5; values outside are drawn at the nearest end.
    pub cost: u8,
}

/// The impact/cost chart, with an optional legend.
#[derive(Debug, Clone, Copy)]
pub struct Matrix<'a> {
    pub points: &'a [MatrixPoint<'a>],
    /// Index into `points` of the highlighted one.
    pub selected: Option<usize>,
    pub palette: &'a Palette,
    /// Draw the legend on the right when the area is at least [`LEGEND_MIN_WIDTH`] wide.
    pub legend: bool,
}

/// The narrowest area that gets a legend beside the chart.
pub const LEGEND_MIN_WIDTH: u16 = 70;

/// Columns left of the plot: a tick value, a space and the axis line.
const AXIS_WIDTH: u16 = 3;

/// The smallest plot (inside the axes) that holds five bands and the quadrant divider.
const MIN_PLOT: u16 = 6;

/// Writes `text` from (x, y), cut at the right edge of `clip`; does nothing outside it.
/// Returns the columns written.
fn put(buf: &mut Buffer, clip: Rect, x: u16, y: u16, text: &str, style: Style) -> u16 {
    if y < clip.top() || y >= clip.bottom() || x < clip.left() || x >= clip.right() {
        return 0;
    }
    let (end, _) = buf.set_stringn(x, y, text, usize::from(clip.right() - x), style);
    end.saturating_sub(x)
}

/// One axis of the plot: five bands in drawing order with a one-cell divider after the
/// first `split` of them.
#[derive(Debug, Clone, Copy)]
struct Bands {
    start: [u16; 5],
    len: [u16; 5],
    divider: u16,
}

impl Bands {
    /// `origin` and `length` of the whole axis; `length` must be at least 6.
    fn new(origin: u16, length: u16, split: usize) -> Bands {
        let cells = length.saturating_sub(1);
        let (base, extra) = (cells / 5, cells % 5);
        let mut bands = Bands { start: [0; 5], len: [0; 5], divider: origin };
        let mut at = origin;
        for i in 0..5 {
            if i == split {
                bands.divider = at;
                at += 1;
            }
            // Spare cells go to the outer bands first: they share their outer row with
            // a quadrant label, so a second row keeps points and labels apart.
            let len = base + u16::from(usize::from(extra) > [0, 2, 3, 4, 1][i]);
            bands.start[i] = at;
            bands.len[i] = len;
            at += len;
        }
        bands
    }

    fn centre(&self, i: usize) -> u16 {
        self.start[i] + self.len[i].saturating_sub(1) / 2
    }

    /// The row (of a vertical axis) points of band `i` are drawn on: its middle, kept off
    /// the outer rows where the quadrant labels are when the band has another row.
    fn point_row(&self, i: usize, top: u16, bottom: u16) -> u16 {
        let y = self.centre(i);
        if self.len[i] > 1 && y == top {
            y + 1
        } else if self.len[i] > 1 && y + 1 == bottom {
            y - 1
        } else {
            y
        }
    }
}

/// The drawing-order band of a cost (left to right) and of an impact (top to bottom).
fn cost_band(cost: u8) -> usize {
    usize::from(cost.clamp(1, 5) - 1)
}

fn impact_band(impact: u8) -> usize {
    usize::from(5 - impact.clamp(1, 5))
}

impl Matrix<'_> {
    fn label_style(&self, quadrant: Quadrant) -> Style {
        let p = self.palette;
        match quadrant {
            Quadrant::QuickWin => p.ok.add_modifier(Modifier::BOLD),
            Quadrant::BigBet => p.accent.add_modifier(Modifier::BOLD),
            Quadrant::Filler => p.muted,
            Quadrant::MoneyPit => p.bad,
        }
    }

    /// Numbers are bold, and tinted for the two quadrants that matter most.
    fn point_style(&self, point: &MatrixPoint<'_>) -> Style {
        let p = self.palette;
        match Quadrant::of(point.impact.clamp(1, 5), point.cost.clamp(1, 5)) {
            Quadrant::QuickWin => p.ok.add_modifier(Modifier::BOLD),
            Quadrant::MoneyPit => p.bad,
            Quadrant::BigBet | Quadrant::Filler => p.title,
        }
    }

    fn selected(&self) -> Option<usize> {
        self.selected.filter(|s| *s < self.points.len())
    }

    fn render_chart(&self, area: Rect, buf: &mut Buffer) {
        let p = self.palette;
        // Short charts give the axis title's row to the plot, so that the outer bands
        // get two rows (one for the quadrant label, one for points).
        let title_rows = u16::from(area.height >= 12);
        let plot = Rect::new(
            area.x.saturating_add(AXIS_WIDTH),
            area.y.saturating_add(title_rows),
            area.width.saturating_sub(AXIS_WIDTH),
            area.height.saturating_sub(title_rows + 2),
        );
        if plot.width < MIN_PLOT || plot.height < MIN_PLOT {
            let message = if area.width >= 24 { "matrix: needs more room" } else { "too small" };
            put(buf, area, area.x, area.y, &fit(message, usize::from(area.width)), p.warn);
            return;
        }
        let xs = Bands::new(plot.x, plot.width, 2);
        let ys = Bands::new(plot.y, plot.height, 3);
        let axis_x = plot.x - 1;

        // Quadrant dividers and the axes.
        for y in plot.top()..plot.bottom() {
            put(buf, area, xs.divider, y, "│", p.border);
            put(buf, area, axis_x, y, "│", p.border);
        }
        for x in plot.left()..plot.right() {
            put(buf, area, x, ys.divider, "─", p.border);
            put(buf, area, x, plot.bottom(), "─", p.border);
        }
        put(buf, area, xs.divider, ys.divider, "┼", p.border);
        put(buf, area, axis_x, ys.divider, "├", p.border);
        put(buf, area, axis_x, plot.bottom(), "└", p.border);
        put(buf, area, xs.divider, plot.bottom(), "┴", p.border);
        for band in 0..5 {
            let impact = 5 - band as u8;
            let y = ys.point_row(band, plot.top(), plot.bottom());
            put(buf, area, area.x, y, &impact.to_string(), p.muted);
            put(buf, area, axis_x, y, "┤", p.border);
            put(buf, area, xs.centre(band), plot.bottom(), "┬", p.border);
            put(buf, area, xs.centre(band), plot.bottom() + 1, &(band + 1).to_string(), p.muted);
        }
        if title_rows > 0 {
            put(buf, area, area.x, area.y, "impact ↑", p.muted);
        }
        if plot.width >= 16 {
            put(buf, area, plot.right() - 7, plot.bottom(), " cost →", p.muted);
        }

        // Quadrant labels in the chart's outer corners.
        let left = (plot.x, xs.divider - plot.x);
        let right = (xs.divider + 1, plot.right() - xs.divider - 1);
        let corners = [
            (Quadrant::QuickWin, left, plot.top(), false),
            (Quadrant::BigBet, right, plot.top(), true),
            (Quadrant::Filler, left, plot.bottom() - 1, false),
            (Quadrant::MoneyPit, right, plot.bottom() - 1, true),
        ];
        for (quadrant, (x, width), y, align_right) in corners {
            // One cell of margin from the lines when there is room for it.
            let room = usize::from(width);
            let text = fit(quadrant.title(), room.saturating_sub(2).max(room.min(4)));
            let gap = u16::from(usize::from(width) >= text.width() + 2);
            let x = if align_right { x + width - gap - text.width() as u16 } else { x + gap };
            put(buf, area, x, y, &text, self.label_style(quadrant));
        }

        // Points, grouped by cell.
        let mut cells: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
        for (index, point) in self.points.iter().enumerate() {
            cells.entry((cost_band(point.cost), impact_band(point.impact))).or_default().push(index);
        }
        for ((column, row), mut indices) in cells {
            indices.sort_by_key(|&i| (self.points[i].number, i));
            let segments = self.cell_label(&indices, usize::from(xs.len[column]));
            let width: usize = segments.iter().map(|(text, _)| text.width()).sum();
            let mut x = xs.start[column] + (xs.len[column].saturating_sub(width as u16)) / 2;
            let y = ys.point_row(row, plot.top(), plot.bottom());
            for (text, style) in segments {
                x += put(buf, area, x, y, &text, style);
            }
        }
    }

    /// What one cell shows: as many numbers as fit in `width`, separated by commas, then
    /// `+N` for the rest; the selected point is always among those shown when any is.
    fn cell_label(&self, indices: &[usize], width: usize) -> Vec<(String, Style)> {
        let p = self.palette;
        let selected = self.selected().filter(|s| indices.contains(s));
        let style_of = |i: usize| if Some(i) == selected { p.selected } else { self.point_style(&self.points[i]) };
        // The widths of the candidates are counted without building them (numbers are
        // ASCII digits): building every candidate is quadratic in a crowded cell.
        let digits = |n: usize| n.checked_ilog10().map_or(1, |d| d as usize + 1);
        let mut prefix = Vec::with_capacity(indices.len() + 1);
        prefix.push(0usize);
        for &i in indices {
            prefix.push(prefix.last().copied().unwrap_or(0) + digits(self.points[i].number));
        }
        let selected_at = selected.and_then(|s| indices.iter().position(|&i| i == s));
        let fits = |shown: usize| {
            let numbers = match (selected, selected_at) {
                (Some(s), Some(at)) if shown > 0 && at >= shown => prefix[shown - 1] + digits(self.points[s].number),
                _ => prefix[shown],
            };
            let hidden = indices.len() - shown;
            let more = if hidden > 0 { 1 + digits(hidden) } else { 0 };
            numbers + shown.saturating_sub(1) + more <= width
        };
        for shown in (0..=indices.len()).rev().filter(|&shown| fits(shown)).take(1) {
            let mut chosen: Vec<usize> = indices[..shown].to_vec();
            if let Some(s) = selected
                && shown > 0
                && !chosen.contains(&s)
            {
                chosen[shown - 1] = s;
            }
            let hidden = indices.len() - shown;
            let mut segments: Vec<(String, Style)> = Vec::new();
            for (n, &i) in chosen.iter().enumerate() {
                if n > 0 {
                    segments.push((",".into(), p.muted));
                }
                segments.push((self.points[i].number.to_string(), style_of(i)));
            }
            if hidden > 0 {
                let style = if shown == 0 && selected.is_some() { p.selected } else { p.accent.add_modifier(Modifier::BOLD) };
                segments.push((format!("+{hidden}"), style));
            }
            if segments.iter().map(|(t, _)| t.width()).sum::<usize>() <= width {
                return segments;
            }
        }
        // Not even "+N" fits: as much of the first number as the cell holds.
        let first = selected.unwrap_or(indices[0]);
        vec![(fit(&self.points[first].number.to_string(), width), style_of(first))]
    }

    fn render_legend(&self, area: Rect, buf: &mut Buffer) {
        let p = self.palette;
        let width = usize::from(area.width);
        let rows = usize::from(area.height);
        if width == 0 || rows == 0 {
            return;
        }
        let len = self.points.len();
        if len == 0 {
            put(buf, area, area.x, area.y, &fit("no scored initiatives yet", width), p.muted);
            return;
        }
        let selected = self.selected();
        // The window of points in view, with "more" markers taking a row at either end
        // when some are out of view (never hiding the selected one).
        let (mut first, mut last) = (0, len.min(rows));
        if len > rows {
            let centre = selected.unwrap_or(0);
            first = centre.saturating_sub(rows / 2).min(len - rows);
            last = first + rows;
            if rows >= 3 {
                if first > 0 {
                    first += 1;
                }
                if last < len {
                    last -= 1;
                }
            }
        }
        let number_width = self.points.iter().map(|pt| pt.number.to_string().len()).max().unwrap_or(1);
        let mut y = area.y;
        if first > 0 && rows >= 3 {
            put(buf, area, area.x, y, &fit(&format!("↑ {first} more"), width), p.muted);
            y += 1;
        }
        for (index, point) in self.points.iter().enumerate().take(last).skip(first) {
            let is_selected = Some(index) == selected;
            let number = format!("{:>number_width$} ", point.number);
            let scores = format!(" (i{} c{})", point.impact, point.cost);
            let room = width.saturating_sub(number.width() + scores.width());
            let (title, scores) = if room >= 4 { (fit(point.title, room), scores) } else { (String::new(), String::new()) };
            let (number_style, title_style, scores_style) =
                if is_selected { (p.selected, p.selected, p.selected) } else { (self.point_style(point), p.base, p.muted) };
            if is_selected {
                put(buf, area, area.x, y, &pad("", width), p.selected);
            }
            let mut x = area.x;
            x += put(buf, area, x, y, &number, number_style);
            x += put(buf, area, x, y, &title, title_style);
            put(buf, area, x, y, &scores, scores_style);
            y += 1;
        }
        if last < len && rows >= 3 {
            put(buf, area, area.x, y, &fit(&format!("↓ {} more", len - last), width), p.muted);
        }
    }
}

impl Widget for Matrix<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        buf.set_style(area, self.palette.base);
        if self.legend && area.width >= LEGEND_MIN_WIDTH {
            let legend_width = area.width * 2 / 5;
            let chart = Rect { width: area.width - legend_width - 2, ..area };
            let legend = Rect { x: area.right() - legend_width, width: legend_width, ..area };
            self.render_chart(chart, buf);
            for y in area.top()..area.bottom() {
                put(buf, area, chart.right() + 1, y, "│", self.palette.border);
            }
            self.render_legend(Rect { x: legend.x + 1, width: legend.width - 1, ..legend }, buf);
        } else {
            self.render_chart(area, buf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::theme::ThemeName;

    fn point(number: usize, title: &str, impact: u8, cost: u8) -> MatrixPoint<'_> {
        MatrixPoint { number, title, impact, cost }
    }

    fn render(points: &[MatrixPoint<'_>], selected: Option<usize>, palette: &Palette, width: u16, height: u16) -> Buffer {
        let mut buf = Buffer::empty(Rect::new(0, 0, width, height));
        Matrix { points, selected, palette, legend: true }.render(buf.area, &mut buf);
        buf
    }

    /// The symbols of one row, one per cell (a wide character's second cell is a space).
    fn row(buf: &Buffer, y: u16) -> Vec<String> {
        (0..buf.area.width).map(|x| buf[(x, y)].symbol().to_string()).collect()
    }

    fn row_text(buf: &Buffer, y: u16) -> String {
        row(buf, y).concat()
    }

    /// Where `text` starts, searching cells left of `x_limit` row by row.
    fn find(buf: &Buffer, text: &str, x_limit: u16) -> Option<(u16, u16)> {
        let wanted: Vec<String> = text.chars().map(String::from).collect();
        for y in 0..buf.area.height {
            let cells = row(buf, y);
            for x in 0..usize::from(x_limit).min(cells.len()).saturating_sub(wanted.len() - 1) {
                if cells[x..x + wanted.len()] == wanted[..] {
                    // A whole number, not part of a longer one.
                    let digit = |s: &String| s.chars().all(|c| c.is_ascii_digit());
                    let before = x > 0 && digit(&cells[x - 1]) && digit(&wanted[0]);
                    let after = cells.get(x + wanted.len()).is_some_and(digit) && wanted.last().is_some_and(digit);
                    if !before && !after {
                        return Some((x as u16, y));
                    }
                }
            }
        }
        None
    }

    fn screen(buf: &Buffer) -> String {
        (0..buf.area.height).map(|y| row_text(buf, y)).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn quick_wins_top_left_and_money_pits_bottom_right() {
        let palette = ThemeName::Dark.palette();
        let points = [point(17, "Cache the CI images", 5, 1), point(42, "Rewrite it in Rust", 1, 5), point(23, "Migrate Kafka", 5, 5)];
        let buf = render(&points, None, &palette, 100, 30);
        let chart_right = 100 - 40;
        let (cx, cy) = find(&buf, "┼", chart_right).expect("the quadrant divider crosses");
        let (qx, qy) = find(&buf, "17", chart_right).unwrap_or_else(|| panic!("17 drawn\n{}", screen(&buf)));
        let (mx, my) = find(&buf, "42", chart_right).expect("42 drawn");
        let (bx, by) = find(&buf, "23", chart_right).expect("23 drawn");
        assert!(qx < cx && qy < cy, "quick win at {qx},{qy} is left of and above {cx},{cy}\n{}", screen(&buf));
        assert!(mx > cx && my > cy, "money pit at {mx},{my} is right of and below {cx},{cy}\n{}", screen(&buf));
        assert!(bx > cx && by < cy, "big bet at {bx},{by} top right");
        let (lx, ly) = find(&buf, "QUICK WINS", chart_right).expect("labelled");
        assert!(lx < cx && ly < cy, "QUICK WINS in the top-left quadrant");
        let (lx, ly) = find(&buf, "MONEY PITS", chart_right).expect("labelled");
        assert!(lx > cx && ly > cy, "MONEY PITS in the bottom-right quadrant");
        let (lx, ly) = find(&buf, "BIG BETS", chart_right).expect("labelled");
        assert!(lx > cx && ly < cy);
        let (lx, ly) = find(&buf, "FILLERS", chart_right).expect("labelled");
        assert!(lx < cx && ly > cy);
        assert_eq!(buf[(lx, ly)].fg, palette.muted.fg.expect("colour"));
        let (lx, ly) = find(&buf, "QUICK WINS", chart_right).expect("labelled");
        assert_eq!(buf[(lx, ly)].fg, palette.ok.fg.expect("colour"), "quick wins tinted ok");
        let (lx, ly) = find(&buf, "MONEY PITS", chart_right).expect("labelled");
        assert_eq!(buf[(lx, ly)].fg, palette.bad.fg.expect("colour"), "money pits tinted bad");
        assert!(find(&buf, "impact ↑", chart_right).is_some() && find(&buf, "cost →", chart_right).is_some());
        // The quadrant split is between 2 and 3: tick 3 above the divider, 2 below.
        let (_, three) = find(&buf, "3 ┤", 4).expect("impact tick 3");
        let (_, two) = find(&buf, "2 ┤", 4).expect("impact tick 2");
        assert!(three < cy && two > cy);
    }

    #[test]
    fn boundary_scores_fall_on_the_high_side_of_three() {
        let palette = ThemeName::Dark.palette();
        let points = [point(11, "a", 3, 2), point(12, "b", 2, 3)];
        let buf = render(&points, None, &palette, 100, 30);
        let (cx, cy) = find(&buf, "┼", 60).expect("divider");
        let (ax, ay) = find(&buf, "11", 60).expect("drawn");
        let (bx, by) = find(&buf, "12", 60).expect("drawn");
        assert!(ax < cx && ay < cy, "impact 3, cost 2 is a quick win");
        assert!(bx > cx && by > cy, "impact 2, cost 3 is a money pit");
    }

    #[test]
    fn the_selected_point_and_its_legend_line_are_highlighted() {
        let palette = ThemeName::Dark.palette();
        let points = [point(17, "Cache the CI images", 5, 1), point(42, "Rewrite it in Rust", 1, 5)];
        let buf = render(&points, Some(1), &palette, 100, 30);
        let selected = (palette.selected.fg.expect("fg"), palette.selected.bg.expect("bg"));
        let (x, y) = find(&buf, "42", 60).expect("drawn");
        for dx in 0..2 {
            assert_eq!((buf[(x + dx, y)].fg, buf[(x + dx, y)].bg), selected);
        }
        let (x, y) = find(&buf, "17", 60).expect("drawn");
        assert_ne!(buf[(x, y)].bg, selected.1, "the others are not");
        let (x, y) = find(&buf, "Rewrite it in Rust", 100).expect("in the legend");
        assert!(x > 60);
        assert_eq!((buf[(x, y)].fg, buf[(x, y)].bg), selected);
        assert_eq!(buf[(99, y)].bg, selected.1, "the whole legend line");
        let (x, y) = find(&buf, "Cache the CI images", 100).expect("in the legend");
        assert_ne!(buf[(x, y)].bg, selected.1);
        // Moving the selection moves the highlight.
        let buf = render(&points, Some(0), &palette, 100, 30);
        let (x, y) = find(&buf, "17", 60).expect("drawn");
        assert_eq!((buf[(x, y)].fg, buf[(x, y)].bg), selected);
        let (x, y) = find(&buf, "42", 60).expect("drawn");
        assert_ne!(buf[(x, y)].bg, selected.1);
    }

    #[test]
    fn mono_highlights_by_reversing() {
        let palette = ThemeName::Mono.palette();
        let points = [point(17, "a", 5, 1), point(42, "b", 1, 5)];
        let buf = render(&points, Some(0), &palette, 80, 24);
        let (x, y) = find(&buf, "17", 48).expect("drawn");
        assert!(buf[(x, y)].modifier.contains(Modifier::REVERSED));
        let (x, y) = find(&buf, "42", 48).expect("drawn");
        assert!(!buf[(x, y)].modifier.contains(Modifier::REVERSED));
        let quick = find(&buf, "QUICK", 48).expect("labelled");
        let pits = find(&buf, "MONEY", 48).expect("labelled");
        assert_ne!(buf[quick].modifier, buf[pits].modifier, "quadrants differ without colour");
    }

    #[test]
    fn points_on_one_cell_stay_readable() {
        let palette = ThemeName::Dark.palette();
        let points = [point(1, "a", 4, 4), point(2, "b", 4, 4), point(3, "c", 4, 4)];
        let buf = render(&points, None, &palette, 100, 30);
        let chart: String = (0..30).map(|y| row(&buf, y)[..60].concat()).collect::<Vec<_>>().join("\n");
        assert!(chart.contains("1,2,3") || chart.contains("1,2+1"), "{chart}");
        // Many points in a narrow cell: as many as fit, then a count.
        let many: Vec<MatrixPoint<'_>> = (1..=12).map(|n| point(n, "x", 4, 4)).collect();
        let buf = render(&many, None, &palette, 80, 24);
        let found = (0..24).map(|y| row_text(&buf, y)).find(|r| r.contains('+')).expect("a +N count");
        assert!(found.contains("1,") || found.contains("+12"), "{found}");
        // The selected one is shown even when it would be cut.
        let buf = render(&many, Some(11), &palette, 80, 24);
        let (x, y) = find(&buf, "12", 48).expect("selected 12 on the chart");
        assert_eq!(buf[(x, y)].bg, palette.selected.bg.expect("bg"));
    }

    #[test]
    fn cell_labels_count_what_they_hide() {
        let palette = ThemeName::Dark.palette();
        let points: Vec<MatrixPoint<'_>> = [3, 7, 12, 15].iter().map(|&n| point(n, "x", 4, 4)).collect();
        let m = Matrix { points: &points, selected: None, palette: &palette, legend: false };
        let text = |width| m.cell_label(&[0, 1, 2, 3], width).into_iter().map(|(t, _)| t).collect::<String>();
        assert_eq!(text(20), "3,7,12,15");
        assert_eq!(text(6), "3,7+2");
        assert_eq!(text(2), "+4");
        assert_eq!(text(1), "3");
        assert_eq!(text(0), "");
        let m = Matrix { selected: Some(3), ..m };
        assert_eq!(m.cell_label(&[0, 1, 2, 3], 6).into_iter().map(|(t, _)| t).collect::<String>(), "3,15+2");
    }

    #[test]
    fn the_legend_lists_titles_with_scores_and_scrolls_to_the_selection() {
        let palette = ThemeName::Dark.palette();
        let titles: Vec<String> = (1..=40).map(|n| format!("Initiative number {n}")).collect();
        let points: Vec<MatrixPoint<'_>> = titles.iter().enumerate().map(|(n, t)| point(n + 1, t, (n % 5) as u8 + 1, 3)).collect();
        let buf = render(&points[..3], None, &palette, 100, 30);
        for title in ["Initiative number 1 (i1 c3)", "Initiative number 2 (i2 c3)", "Initiative number 3 (i3 c3)"] {
            assert!(find(&buf, title, 100).is_some_and(|(x, _)| x > 60), "{title} in the legend");
        }
        let buf = render(&points, Some(34), &palette, 100, 30);
        assert!(find(&buf, "Initiative number 35 ", 100).is_some(), "{}", screen(&buf));
        assert!(find(&buf, "Initiative number 1 ", 100).is_none(), "scrolled past the first");
        assert!(screen(&buf).contains("↑ ") && screen(&buf).contains(" more"));
        let buf = render(&points, Some(39), &palette, 100, 30);
        assert!(find(&buf, "Initiative number 40 ", 100).is_some(), "the last one is reachable");
        let buf = render(&points, None, &palette, 100, 30);
        assert!(screen(&buf).contains("↓ 11 more"), "{}", screen(&buf));
        let buf = render(&points, None, &palette, 69, 30);
        assert!(find(&buf, "Initiative", 69).is_none(), "no legend when narrow");
    }

    #[test]
    fn wide_titles_keep_the_legend_aligned() {
        let palette = ThemeName::Dark.palette();
        let points = [
            point(1, "数据库迁移数据库迁移数据库迁移数据库迁移数据库迁移", 5, 1),
            point(2, "🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀", 2, 2),
        ];
        let buf = render(&points, Some(0), &palette, 100, 30);
        for y in 0..2 {
            let text = row_text(&buf, y);
            assert!(text.contains('…'), "cut with an ellipsis: {text}");
            assert!(text.trim_end().ends_with(')'), "scores stay on the line: {text}");
        }
        let (_, y) = find(&buf, "(i5 c1)", 100).expect("scores");
        assert_eq!(buf[(99, y)].bg, palette.selected.bg.expect("bg"));
    }

    #[test]
    fn renders_at_every_size_without_panicking() {
        let palette = ThemeName::Light.palette();
        let titles = ["数据库迁移 wide", "🚀 launch", "plain", ""];
        let points: Vec<MatrixPoint<'_>> = (0..30).map(|n| point(n * 37 + 1, titles[n % 4], (n % 7) as u8, (n * 3 % 8) as u8)).collect();
        for width in 0..=120 {
            for height in 0..=40 {
                for legend in [true, false] {
                    let mut buf = Buffer::empty(Rect::new(3, 2, width, height));
                    let matrix = Matrix { points: &points, selected: Some(width as usize % 31), palette: &palette, legend };
                    matrix.render(buf.area, &mut buf);
                }
            }
        }
        // An area reaching outside the buffer is clipped, not a panic.
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 10));
        Matrix { points: &points, selected: None, palette: &palette, legend: true }.render(Rect::new(5, 5, 200, 200), &mut buf);
        Matrix { points: &[], selected: Some(3), palette: &palette, legend: true }.render(Rect::new(0, 0, 1, 1), &mut buf);
    }

    #[test]
    fn small_sizes_draw_something_sensible() {
        let palette = ThemeName::Dark.palette();
        let points = [point(17, "a", 5, 1), point(42, "b", 1, 5)];
        let buf = render(&points, None, &palette, 30, 10);
        let (cx, cy) = find(&buf, "┼", 30).expect("the whole chart at 30x10\n");
        let (qx, qy) = find(&buf, "17", 30).unwrap_or_else(|| panic!("{}", screen(&buf)));
        assert!(qx < cx && qy < cy);
        assert!(find(&buf, "42", 30).is_some_and(|(x, y)| x > cx && y > cy));
        let buf = render(&points, None, &palette, 20, 5);
        assert!(screen(&buf).contains("too small"), "{}", screen(&buf));
        let buf = render(&[], None, &palette, 100, 30);
        assert!(screen(&buf).contains("no scored initiatives"));
    }
}
