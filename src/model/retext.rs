//! A key result's text and its numbers saying the same thing. Progress is computed from the
//! baseline, target and unit, while people read the text; when one changes, the other
//! follows: a text edited into "from 120 to 10 per week" gives its numbers to the fields,
//! and a target adjusted to 450 rewrites "…from 800 ms to 300 ms" into "…to 450 ms".
//! Numbers are read by the shared [`quantity`](super::quantity) reader.

use super::coach::{KeyResultForm, form_numbers};
use super::quantity::token::tokenize;
use super::quantity::{Span, Unit, parse_number, parse_quantity, parse_unit, read_key_result};

/// `text` with the baseline and the target it writes rewritten to `baseline` and `target`
/// (values in `unit`, the key result's unit), each in the unit it is written in ("2 hours"
/// stays in hours). Numbers the text does not write, or that cannot be rewritten (a
/// frequency word such as "daily"), are left as they are; so is a text whose units
/// contradict each other.
///
/// ```
/// use quarterdeck::model::retext::with_numbers;
/// let text = "Cut p95 checkout latency from 800 ms to 300 ms";
/// assert_eq!(with_numbers(text, None, Some(450.0), "ms"), "Cut p95 checkout latency from 800 ms to 450 ms");
/// let mttr = "Reduce MTTR from 2 hours to 30 minutes";
/// assert_eq!(with_numbers(mttr, Some(90.0), None, "minutes"), "Reduce MTTR from 1.5 hours to 30 minutes");
/// ```
pub fn with_numbers(text: &str, baseline: Option<f64>, target: Option<f64>, unit: &str) -> String {
    let reading = read_key_result(text);
    if reading.unit_conflict.is_some() {
        return text.to_string();
    }
    let unit = parse_unit(unit);
    let in_unit = |v: f64| reading.unit.factor_to(&unit).map_or(v, |f| v * f);
    let mut edits: Vec<(Span, String)> = Vec::new();
    for (written, wanted) in [(reading.baseline, baseline), (reading.target, target)] {
        let (Some(written), Some(wanted)) = (written, wanted) else { continue };
        if same(in_unit(written.value), wanted) {
            continue;
        }
        if let Some(edit) = rewrite(text, written.span, wanted, &unit) {
            edits.push(edit);
        }
    }
    edits.sort_by_key(|(span, _)| std::cmp::Reverse(span.start));
    let mut out = text.to_string();
    for (span, number) in edits {
        if out.is_char_boundary(span.start) && out.is_char_boundary(span.end) && span.end <= out.len() {
            out.replace_range(span.start..span.end, &number);
        }
    }
    out
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// The digits (or number words) of the quantity written at `span`, and what to write there
/// instead for `value` in `unit`.
fn rewrite(text: &str, span: Span, value: f64, unit: &Unit) -> Option<(Span, String)> {
    let written = span.text(text);
    let quantity = parse_quantity(written).ok()?;
    let value = unit.factor_to(&quantity.unit).map_or(value, |f| value * f);
    let token = tokenize(written).into_iter().find(|t| t.num().is_some())?;
    let token_text = token.span.text(written);
    let num = token.num()?;
    // The digits within the token ("0.42" in "$0.42", "40" in "40k"), or all of it for
    // a number in words.
    let first = token_text.find(|c: char| c.is_ascii_digit());
    let (start, end, multiplier) = match first {
        Some(first) => {
            let len = token_text[first..].find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',')).unwrap_or(token_text.len() - first);
            let digits = token_text[first..first + len].trim_end_matches(['.', ',']);
            let shown = parse_number(digits).ok().filter(|d| d.abs() > f64::EPSILON);
            (first, first + digits.len(), shown.map_or(1.0, |d| num.value / d))
        }
        None => (0, token_text.len(), 1.0),
    };
    let grouped = token_text[start..end].contains(',');
    let number = plain(value / multiplier, grouped);
    let at = span.start + token.span.start;
    Some((Span { start: at + start, end: at + end }, number))
}

/// A number as a person writes it in a sentence: up to three decimals, thousands grouped
/// with commas when the number it replaces was.
fn plain(n: f64, grouped: bool) -> String {
    let s = format!("{n:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    let s = if s == "-0" { "0" } else { s };
    if !grouped {
        return s.to_string();
    }
    let (int, frac) = s.split_once('.').map_or((s, None), |(i, f)| (i, Some(f)));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}{}", frac.map(|f| format!(".{f}")).unwrap_or_default())
}

/// What saving an edited key-result form should do, so its text and numbers agree.
#[derive(Debug, Clone, PartialEq)]
pub enum Sync {
    /// Save it as typed: nothing was edited, or both the text and the fields were.
    AsTyped,
    /// The text was edited into other numbers and the fields were not: they follow the
    /// text (values in `unit`; `None` where the text writes none, so the field stays).
    FieldsFollowText { baseline: Option<f64>, target: Option<f64>, unit: String },
    /// The numbers were edited and the text was not: the text follows them.
    TextFollowsFields(String),
}

/// Compares a key-result form as it opened (`before`) with the form being saved (`after`).
pub fn sync(before: &KeyResultForm, after: &KeyResultForm) -> Sync {
    if after.milestone {
        return Sync::AsTyped;
    }
    let text_edited = before.description.trim() != after.description.trim();
    let fields_edited = (before.baseline.trim(), before.target.trim(), before.unit.trim())
        != (after.baseline.trim(), after.target.trim(), after.unit.trim());
    let typed = form_numbers(after);
    match (text_edited, fields_edited) {
        (true, false) => {
            // Only a field that says something else goes stale: an empty one is filled from
            // the text when the form is saved anyway.
            let text = form_numbers(&KeyResultForm { description: after.description, ..KeyResultForm::default() });
            let reading = read_key_result(after.description);
            let stale =
                |field: &str, t: Option<f64>, f: Option<f64>| !field.trim().is_empty() && t.is_some_and(|t| f.is_none_or(|f| !same(t, f)));
            let unit_stale = !after.unit.trim().is_empty()
                && !reading.unit.is_plain()
                && !reading.unit.factor_to(&parse_unit(after.unit)).is_ok_and(|f| same(f, 1.0));
            if !(stale(after.baseline, text.baseline, typed.baseline) || stale(after.target, text.target, typed.target) || unit_stale) {
                return Sync::AsTyped;
            }
            let unit = if unit_stale || after.unit.trim().is_empty() { text.unit.clone() } else { after.unit.trim().to_string() };
            let in_unit = |v: Option<f64>| v.map(|v| parse_unit(&text.unit).factor_to(&parse_unit(&unit)).map_or(v, |f| v * f));
            Sync::FieldsFollowText { baseline: in_unit(text.baseline), target: in_unit(text.target), unit }
        }
        (false, true) if typed.errors.is_empty() => {
            let text = with_numbers(after.description, typed.baseline, typed.target, &typed.unit);
            if text == after.description { Sync::AsTyped } else { Sync::TextFollowsFields(text) }
        }
        _ => Sync::AsTyped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_rewritten_where_and_how_they_are_written() {
        assert_eq!(with_numbers("Cut p95 from 800 ms to 300 ms", Some(420.0), None, "ms"), "Cut p95 from 420 ms to 300 ms");
        assert_eq!(with_numbers("Cut p95 from 800ms to 300ms", None, Some(450.0), "ms"), "Cut p95 from 800ms to 450ms");
        assert_eq!(
            with_numbers("Lower cloud spend per 1,000 transactions from $0.42 to $0.30", Some(0.36), None, "USD per 1k transactions"),
            "Lower cloud spend per 1,000 transactions from $0.36 to $0.30"
        );
        assert_eq!(
            with_numbers("Reduce P1 incidents from four per quarter to zero", Some(3.0), None, "per quarter"),
            "Reduce P1 incidents from 3 per quarter to zero"
        );
        assert_eq!(with_numbers("Grow revenue from $40k to $60k", Some(45_000.0), None, "$"), "Grow revenue from $45k to $60k");
        assert_eq!(
            with_numbers("Grow active merchants from 1,200 to 12,500", Some(2500.0), None, ""),
            "Grow active merchants from 2,500 to 12,500"
        );
        assert_eq!(
            with_numbers("Raise availability from 99.5% to 99.95%", None, Some(99.9), "%"),
            "Raise availability from 99.5% to 99.9%"
        );
        assert_eq!(
            with_numbers("Reduce MTTR to 30 minutes", Some(90.0), None, "minutes"),
            "Reduce MTTR to 30 minutes",
            "no baseline to rewrite"
        );
        assert_eq!(with_numbers("Ship the CI pipeline", Some(1.0), Some(2.0), ""), "Ship the CI pipeline");
        let same = "Cut flaky-test reruns from 120 to 10 per week";
        assert_eq!(with_numbers(same, Some(120.0), Some(10.0), "per week"), same);
    }

    fn form<'a>(description: &'a str, baseline: &'a str, target: &'a str, unit: &'a str) -> KeyResultForm<'a> {
        KeyResultForm { description, baseline, target, unit, milestone: false }
    }

    #[test]
    fn the_edited_side_leads() {
        let before = form("Ship the new CI pipeline", "0", "0", "per week");
        let after = form("Cut flaky-test reruns from 120 to 10 per week", "0", "0", "per week");
        assert_eq!(sync(&before, &after), Sync::FieldsFollowText { baseline: Some(120.0), target: Some(10.0), unit: "per week".into() });
        let before = form("Reduce MTTR from 90 to 30 minutes", "90", "30", "minutes");
        let after = form("Reduce MTTR from 2 hours to 30 minutes", "90", "30", "minutes");
        assert_eq!(sync(&before, &after), Sync::FieldsFollowText { baseline: Some(120.0), target: Some(30.0), unit: "minutes".into() });
        let after = form("Reduce MTTR from 90 to 30 minutes", "90", "45", "minutes");
        assert_eq!(sync(&before, &after), Sync::TextFollowsFields("Reduce MTTR from 90 to 45 minutes".into()));
        let reworded = form("Cut MTTR from 90 to 30 minutes", "90", "30", "minutes");
        assert_eq!(sync(&before, &reworded), Sync::AsTyped, "same numbers, other words");
        let both = form("Cut MTTR from 90 to 20 minutes", "90", "20", "minutes");
        assert_eq!(sync(&before, &both), Sync::AsTyped);
        assert_eq!(sync(&before, &before), Sync::AsTyped);
        let incidents = form("Reduce P1 incidents from 4 per month to 0", "4", "0", "P1 incidents/month");
        let edited = form("Reduce P1 incidents from 6 per month to 0", "4", "0", "P1 incidents/month");
        assert_eq!(
            sync(&incidents, &edited),
            Sync::FieldsFollowText { baseline: Some(6.0), target: Some(0.0), unit: "P1 incidents/month".into() },
            "a compatible unit field stays as written"
        );
    }
}
