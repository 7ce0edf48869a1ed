//! Quantities read one way everywhere: the number reader (decimal point, thousands commas,
//! words), units with dimensions that convert or say why they cannot, and the reader of a
//! key result's sentence. Pure: no I/O. The coach, the key-result form, the check-in form,
//! the command line and importers share it, so a number means the same wherever it is typed.
//!
//! - [`parse_number`]: one bare number ("1,500", "99.5", "ninety-nine"); refuses "1,5".
//! - [`parse_quantity`]: a number with its unit ("2 hours", "99.5%", "$40k", "daily").
//! - [`parse_unit`]: a unit as typed in a unit field ("P1 incidents/month").
//! - [`reconcile`]: a baseline and a target in one unit ("2 hours" and "30 minutes" → 120 → 30 minutes).
//! - [`read_key_result`]: baseline, target, unit, threshold, relative change and kind of a
//!   key result's sentence.

mod number;
mod reader;
mod roles;
pub(crate) mod token;
mod unit;
mod unit_words;
mod words;

use serde::Serialize;

pub use number::{MAX_MAGNITUDE, NumberError, parse_number};
pub(crate) use reader::read;
pub use reader::{KeyResultReading, Reading, Relative, Shape, read_key_result};
pub use roles::Comparator;
pub(crate) use roles::{is_maintain_verb, main_verb};
pub use unit::{Currency, Measure, Period, Reconciled, SizeUnit, TimeUnit, Unit, UnitMismatch, reconcile};
pub use unit_words::parse_unit;
pub(crate) use unit_words::period_word;

/// Where words are written in a text: a byte range, always on character boundaries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// The words of `text` the span covers (empty when it does not fit `text`).
    pub fn text(self, text: &str) -> &str {
        text.get(self.start..self.end).unwrap_or_default()
    }

    /// The span as character offsets into `text`, for readers that count characters
    /// (JSON consumers, Python, JavaScript).
    pub fn chars(self, text: &str) -> (usize, usize) {
        let count = |end: usize| text.get(..end).map_or(0, |s| s.chars().count());
        (count(self.start), count(self.end))
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }
}

/// A number with its unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub value: f64,
    /// Plain when none was written.
    pub unit: Unit,
}

impl Quantity {
    /// The value in `unit`: "3 hours" is 180 in minutes; a plain number is taken to be in
    /// `unit` already; "95%" in minutes is a [`UnitMismatch`] that says why.
    pub fn value_in(&self, unit: &Unit) -> Result<f64, UnitMismatch> {
        self.unit.factor_to(unit).map(|f| self.value * f)
    }
}

/// Why a text is not a quantity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuantityError {
    #[error(transparent)]
    Number(#[from] NumberError),
    #[error("\"{0}\" is not a number with a unit; write it like 30, 2 hours, 99.5%, $40k or daily")]
    Unreadable(String),
}

/// Reads a number with its unit, the whole of `text`: `30`, `2 hours`, `99.5%`, `$40k`,
/// `1.2 s`, `4 per quarter`, `daily`, `four`. The number is read as [`parse_number`] reads it
/// (so `1,5` is refused as ambiguous), then `k`/`M` multipliers, currency, percent and unit words.
///
/// ```
/// use quarterdeck::model::quantity::{parse_quantity, parse_unit};
/// let q = parse_quantity("3 hours").expect("a duration");
/// assert_eq!(q.value_in(&parse_unit("minutes")), Ok(180.0));
/// assert!(parse_quantity("1,5").is_err());
/// ```
pub fn parse_quantity(text: &str) -> Result<Quantity, QuantityError> {
    match parse_number(text) {
        Ok(value) => return Ok(Quantity { value, unit: Unit::plain() }),
        Err(NumberError::NotANumber(_)) => {}
        Err(e) => return Err(e.into()),
    }
    let tokens = token::tokenize(text);
    let unreadable = || QuantityError::Unreadable(number::quote(text));
    if let Some((value, unit, _, end)) = unit_words::frequency_at(&tokens, 0)
        && end == tokens.len()
    {
        return Ok(Quantity { value, unit });
    }
    let n = tokens.first().and_then(token::Token::num).ok_or_else(unreadable)?;
    if let Some(e) = &n.error {
        return Err(e.clone().into());
    }
    if n.ordinal || n.times {
        return Err(unreadable());
    }
    let (unit, end) = unit_words::unit_at(text, &tokens, 0);
    if end != tokens.len() {
        return Err(unreadable());
    }
    Ok(Quantity { value: n.value, unit })
}
