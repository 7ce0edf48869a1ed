//! The shared quantity reader: numbers read one way, units that convert or say why not, and
//! key-result sentences read the way engineers write them. Property tests: the number reader
//! never panics and reads back what Rust formats.

use proptest::prelude::*;
use quarterdeck::model::quantity::{
    Comparator, NumberError, QuantityError, Relative, Shape, parse_number, parse_quantity, parse_unit, read_key_result,
};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9 * a.abs().max(1.0)
}

/// (text, shape, baseline, target, unit, comparator)
type Case = (&'static str, Shape, Option<f64>, Option<f64>, &'static str, Option<Comparator>);

const SENTENCES: &[Case] = &[
    ("Reduce database-related P1 incidents from four per quarter to zero", Shape::Change, Some(4.0), Some(0.0), "per quarter", None),
    ("Reduce MTTR from 2 hours to 30 minutes", Shape::Change, Some(120.0), Some(30.0), "minutes", None),
    ("Reduce MTTR from 2 to 30 minutes", Shape::Change, Some(2.0), Some(30.0), "minutes", None),
    ("Increase coverage to 75% from 45%", Shape::Change, Some(45.0), Some(75.0), "%", None),
    ("Raise availability to 99.95% (from current 99.7%)", Shape::Change, Some(99.7), Some(99.95), "%", None),
    ("Increase deployment frequency from weekly to daily", Shape::Change, Some(1.0), Some(7.0), "per week", None),
    ("Increase deployment frequency to daily", Shape::Target, None, Some(1.0), "per day", None),
    ("Reduce rollback rate to under 1%", Shape::Threshold, None, Some(1.0), "%", Some(Comparator::Below)),
    (
        "Achieve ninety-ninth percentile query latency under fifty milliseconds",
        Shape::Threshold,
        None,
        Some(50.0),
        "ms",
        Some(Comparator::Below),
    ),
    ("Keep checkout availability at or above 99.95%", Shape::Maintain, None, Some(99.95), "%", Some(Comparator::AtLeast)),
    ("Hold availability at 99.9%", Shape::Maintain, None, Some(99.9), "%", None),
    ("Maintain current availability", Shape::Maintain, None, None, "", None),
    ("Error budget burn stays under 50% in every 30-day window", Shape::Maintain, None, Some(50.0), "%", Some(Comparator::Below)),
    ("Reduce P99 latency of payment processing by 30%", Shape::Relative, None, None, "", None),
    ("Increase user engagement by 15% with Feature X", Shape::Relative, None, None, "", None),
    ("Halve the cost of our staging environments", Shape::Relative, None, None, "", None),
    ("Lead time for changes from 6 days to under 1 day", Shape::Change, Some(6.0), Some(1.0), "days", Some(Comparator::Below)),
    ("Cut p95 latency 800 → 300 ms", Shape::Change, Some(800.0), Some(300.0), "ms", None),
    ("Bring p99 API latency from 1.2 s to 400 ms", Shape::Change, Some(1200.0), Some(400.0), "ms", None),
    ("Reduce app size from 2.4 MB to 800 KB", Shape::Change, Some(2400.0), Some(800.0), "KB", None),
    ("Spend from 12,000 to 9,500 USD a month", Shape::Change, Some(12000.0), Some(9500.0), "USD per month", None),
    ("Lower cloud spend per 1,000 transactions from $0.42 to $0.30", Shape::Change, Some(0.42), Some(0.30), "$", None),
    ("Lower monthly AWS spend from $180k to $140k", Shape::Change, Some(180_000.0), Some(140_000.0), "$", None),
    (
        "Reduce repeat incidents (same root cause within 90 days) from 9 to 2 per quarter",
        Shape::Change,
        Some(9.0),
        Some(2.0),
        "per quarter",
        None,
    ),
    ("Answer 60% of data questions without a ticket, up from 30%", Shape::Change, Some(30.0), Some(60.0), "%", None),
    ("95% of deploys finish in under 15 minutes", Shape::Target, None, Some(95.0), "%", None),
    ("Dark mode adopted by 30% of weekly active users", Shape::Target, None, Some(30.0), "%", None),
    (
        "No more than 2 open high-severity findings at any time",
        Shape::Threshold,
        None,
        Some(2.0),
        "open high-severity findings",
        Some(Comparator::AtMost),
    ),
    ("Cut cloud spend by 20% while keeping p95 under 300 ms", Shape::Relative, None, None, "", None),
    ("Reduce P1 incidents from 12 per quarter", Shape::BaselineOnly, Some(12.0), None, "per quarter", None),
    ("Eliminate manual deploy steps", Shape::Target, None, Some(0.0), "", None),
    ("Upgrade Postgres from 12 to 16", Shape::Change, Some(12.0), Some(16.0), "", None),
    ("Migrate from Java 8 to Java 17", Shape::Unmeasured, None, None, "", None),
    ("Achieve SOC 2 Type II certification", Shape::Unmeasured, None, None, "", None),
    ("Improve checkout reliability", Shape::Unmeasured, None, None, "", None),
    ("Launch by 31 March 2027", Shape::Unmeasured, None, None, "", None),
    ("Support 24/7 without paging anyone", Shape::Unmeasured, None, None, "", None),
    ("Raise eNPS from -10 to +20", Shape::Change, Some(-10.0), Some(20.0), "", None),
    ("Uptime ≥ 99.9%", Shape::Threshold, None, Some(99.9), "%", Some(Comparator::AtLeast)),
    ("Crash-free sessions 99.9%+", Shape::Threshold, None, Some(99.9), "%", Some(Comparator::AtLeast)),
    ("Deploy several times a day", Shape::Threshold, None, Some(2.0), "per day", Some(Comparator::AtLeast)),
];

#[test]
fn key_result_sentences_are_read_as_written() {
    let mut wrong = Vec::new();
    for (text, shape, baseline, target, unit, comparator) in SENTENCES {
        let r = read_key_result(text);
        let same = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => close(a, b),
            (None, None) => true,
            _ => false,
        };
        let got = (r.shape, r.baseline.map(|b| b.value), r.target.map(|t| t.value), r.unit.label(), r.comparator);
        let ok = got.0 == *shape
            && same(got.1, *baseline)
            && same(got.2, *target)
            && (got.3 == *unit || (*shape == Shape::Unmeasured))
            && (comparator.is_none() || got.4 == *comparator);
        if !ok {
            wrong.push(format!("{text:?}\n   expected {shape:?} {baseline:?} → {target:?} {unit:?} {comparator:?}\n   got      {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn spans_point_at_the_words() {
    let text = "Keep checkout availability at or above 99.95%";
    let r = read_key_result(text);
    assert_eq!(r.holding.map(|s| s.text(text)), Some("Keep"));
    assert_eq!(r.target.map(|t| t.span.text(text)), Some("99.95%"));
    let text = "Reduce MTTR from 2 hours to 30 minutes";
    let r = read_key_result(text);
    assert_eq!(r.baseline.map(|b| b.span.text(text)), Some("2 hours"));
    assert_eq!(r.target.map(|t| t.span.text(text)), Some("30 minutes"));
    let text = "Reduce deployment time by 50%";
    let r = read_key_result(text);
    assert!(matches!(r.relative, Some((Relative::Percent(p), s)) if close(p, 50.0) && s.text(text) == "50%"), "{r:?}");
    let text = "Überprüfung → from 4 to 0";
    let r = read_key_result(text);
    assert_eq!(r.baseline.map(|b| b.span.text(text)), Some("4"));
    assert_eq!(r.target.map(|b| b.span.chars(text)), Some((24, 25)));
}

#[test]
fn units_that_cannot_be_reconciled_say_why() {
    let r = read_key_result("Reduce MTTR from 4 hours to 95%");
    let conflict = r.unit_conflict.expect("a duration is not a percentage");
    assert!(conflict.to_string().contains("\"hours\" (a duration) and \"%\" (a percentage) measure different things"), "{conflict}");
    let r = read_key_result("Cut code review wait from 3 per sprint to 2 per week");
    assert!(r.unit_conflict.expect("sprints").to_string().contains("a sprint has no fixed length"));
}

#[test]
fn number_errors_are_reported_where_they_are() {
    let text = "Cut p95 from 1,5 s to 0.8 s";
    let r = read_key_result(text);
    assert_eq!(r.number_errors.len(), 1);
    let (span, error) = &r.number_errors[0];
    assert_eq!(span.text(text), "1,5");
    assert!(error.to_string().contains("did you mean 1.5?"));
}

#[test]
fn quantities_and_units_for_forms_and_the_command_line() {
    let minutes = parse_unit("minutes");
    assert_eq!(parse_quantity("3 hours").map(|q| q.value_in(&minutes)), Ok(Ok(180.0)));
    assert_eq!(parse_quantity("180").map(|q| q.value_in(&minutes)), Ok(Ok(180.0)));
    assert!(parse_quantity("95%").expect("a percentage").value_in(&minutes).is_err());
    assert_eq!(parse_quantity("99.5%").map(|q| (q.value, q.unit.label())), Ok((99.5, "%".into())));
    assert_eq!(parse_quantity("$40k").map(|q| (q.value, q.unit.label())), Ok((40_000.0, "$".into())));
    assert_eq!(parse_quantity("daily").map(|q| (q.value, q.unit.label())), Ok((1.0, "per day".into())));
    assert_eq!(parse_quantity("four").map(|q| q.value), Ok(4.0));
    assert_eq!(parse_quantity("4 per quarter").map(|q| q.unit.label()), Ok("per quarter".into()));
    assert!(matches!(parse_quantity("1,5"), Err(QuantityError::Number(NumberError::AmbiguousComma { .. }))));
    assert!(matches!(parse_quantity("1e308 ms"), Err(QuantityError::Number(NumberError::TooLarge(_)))));
    assert!(matches!(parse_quantity("lots"), Err(QuantityError::Unreadable(_))));
    assert!(matches!(parse_quantity("3rd"), Err(QuantityError::Unreadable(_))));
    let per_month = parse_unit("P1 incidents/month");
    assert_eq!(parse_quantity("12 per quarter").map(|q| q.value_in(&per_month).map(|v| (v * 1000.0).round())), Ok(Ok(4000.0)));
}

fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

proptest! {
    #[test]
    fn the_number_reader_never_panics(text in ".{0,64}") {
        let _ = parse_number(&text);
        let _ = parse_quantity(&text);
        let _ = parse_unit(&text);
        let r = read_key_result(&text);
        if let Some(t) = r.target { prop_assert!(t.value.is_finite()); }
        if let Some(b) = r.baseline { prop_assert!(b.value.is_finite()); }
    }

    #[test]
    fn numbery_noise_never_panics(text in "[0-9,.eE%$kKmM+\\-→ <>≥≤()a-z]{0,40}") {
        let _ = parse_number(&text);
        let _ = parse_quantity(&text);
        let _ = read_key_result(&text);
    }

    #[test]
    fn formatted_numbers_read_back(value in -1e15_f64..1e15) {
        let text = format!("{value}");
        prop_assert_eq!(parse_number(&text), Ok(value));
    }

    #[test]
    fn grouped_integers_read_back(n in 0_u64..1_000_000_000_000_000) {
        prop_assert_eq!(parse_number(&grouped(n)), Ok(n as f64));
    }

    #[test]
    fn one_decimal_comma_is_always_refused(whole in 0_u32..1000, frac in 0_u32..100) {
        let text = format!("{whole},{frac}");
        let refused = matches!(parse_number(&text), Err(NumberError::AmbiguousComma { .. }));
        prop_assert!(refused, "{}", text);
    }

    #[test]
    fn from_to_reads_back_its_numbers(b in 0_u32..100_000, t in 0_u32..100_000, unit in prop::sample::select(vec!["minutes", "ms", "%", "per week", "incidents"])) {
        let sep = if unit == "%" { "" } else { " " };
        let text = format!("Reduce it from {b}{sep}{unit} to {t}{sep}{unit}");
        let r = read_key_result(&text);
        prop_assert_eq!(r.from_to(), Some((f64::from(b), f64::from(t), unit.to_string())));
    }
}

#[test]
fn long_texts_are_read_whole() {
    // The reader is linear in the text's length: these must not take quadratic time (a
    // benchmark-free guard: quadratic reading of these took tens of seconds).
    let long = "from 1 to 2 ".repeat(10_000);
    assert_eq!(read_key_result(&long).from_to(), Some((1.0, 2.0, String::new())));
    let words = "ninety-nine percent of two million thousand per cent, ".repeat(5_000);
    let _ = read_key_result(&words);
    let digits = "1,5 1e308 $4k 30% ≥ 99.9%+ (from 3) ".repeat(5_000);
    assert!(read_key_result(&digits).number_errors.len() >= 5_000);
}
