//! Units with dimensions: durations, sizes, percentages, money, counts, and any of them per
//! period ("per week", "daily") or per something ("per engineer"). Two units either convert
//! into one another or give a [`UnitMismatch`] that says why they cannot.

use std::fmt;

/// A unit of time, for durations ("30 minutes") and nothing else; periods of rates are
/// [`Period`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeUnit {
    Nanosecond,
    Microsecond,
    Millisecond,
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
}

impl TimeUnit {
    /// Length in seconds (a month is a twelfth of a 365.25-day year).
    pub fn seconds(self) -> f64 {
        match self {
            TimeUnit::Nanosecond => 1e-9,
            TimeUnit::Microsecond => 1e-6,
            TimeUnit::Millisecond => 1e-3,
            TimeUnit::Second => 1.0,
            TimeUnit::Minute => 60.0,
            TimeUnit::Hour => 3600.0,
            TimeUnit::Day => 86_400.0,
            TimeUnit::Week => 604_800.0,
            TimeUnit::Month => 2_629_800.0,
            TimeUnit::Year => 31_557_600.0,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TimeUnit::Nanosecond => "ns",
            TimeUnit::Microsecond => "µs",
            TimeUnit::Millisecond => "ms",
            TimeUnit::Second => "seconds",
            TimeUnit::Minute => "minutes",
            TimeUnit::Hour => "hours",
            TimeUnit::Day => "days",
            TimeUnit::Week => "weeks",
            TimeUnit::Month => "months",
            TimeUnit::Year => "years",
        }
    }
}

/// A unit of data size. KB is 1,000 bytes and KiB 1,024, as the SI and IEC prefixes say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SizeUnit {
    Byte,
    Kilobyte,
    Megabyte,
    Gigabyte,
    Terabyte,
    Petabyte,
    Kibibyte,
    Mebibyte,
    Gibibyte,
    Tebibyte,
}

impl SizeUnit {
    pub fn bytes(self) -> f64 {
        match self {
            SizeUnit::Byte => 1.0,
            SizeUnit::Kilobyte => 1e3,
            SizeUnit::Megabyte => 1e6,
            SizeUnit::Gigabyte => 1e9,
            SizeUnit::Terabyte => 1e12,
            SizeUnit::Petabyte => 1e15,
            SizeUnit::Kibibyte => 1024.0,
            SizeUnit::Mebibyte => 1_048_576.0,
            SizeUnit::Gibibyte => 1_073_741_824.0,
            SizeUnit::Tebibyte => 1_099_511_627_776.0,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SizeUnit::Byte => "B",
            SizeUnit::Kilobyte => "KB",
            SizeUnit::Megabyte => "MB",
            SizeUnit::Gigabyte => "GB",
            SizeUnit::Terabyte => "TB",
            SizeUnit::Petabyte => "PB",
            SizeUnit::Kibibyte => "KiB",
            SizeUnit::Mebibyte => "MiB",
            SizeUnit::Gibibyte => "GiB",
            SizeUnit::Tebibyte => "TiB",
        }
    }
}

/// The period of a rate or frequency ("per week", "daily", "every sprint").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Sprint,
    Month,
    Quarter,
    Year,
}

impl Period {
    /// Length in days; `None` for a sprint, whose length differs from team to team.
    pub fn days(self) -> Option<f64> {
        match self {
            Period::Second => Some(1.0 / 86_400.0),
            Period::Minute => Some(1.0 / 1440.0),
            Period::Hour => Some(1.0 / 24.0),
            Period::Day => Some(1.0),
            Period::Week => Some(7.0),
            Period::Sprint => None,
            Period::Month => Some(365.25 / 12.0),
            Period::Quarter => Some(365.25 / 4.0),
            Period::Year => Some(365.25),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Period::Second => "second",
            Period::Minute => "minute",
            Period::Hour => "hour",
            Period::Day => "day",
            Period::Week => "week",
            Period::Sprint => "sprint",
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }
}

/// A currency: its ISO code, and whether it was written as a symbol (so it is shown as one).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Currency {
    /// `USD`, `EUR`, `GBP`, `JPY`, …
    pub code: String,
    /// `$`, `€`, `£`, `¥` when written that way.
    pub symbol: Option<char>,
}

impl Currency {
    pub fn label(&self) -> String {
        self.symbol.map_or_else(|| self.code.clone(), String::from)
    }
}

/// What a unit measures.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Measure {
    Duration(TimeUnit),
    Size(SizeUnit),
    Percent,
    Money(Currency),
    /// A count of something, named as written ("P1 incidents"), or empty for a plain number.
    Count(String),
}

impl Measure {
    fn is_plain(&self) -> bool {
        matches!(self, Measure::Count(noun) if noun.is_empty())
    }

    /// The dimension in words, for messages.
    fn kind(&self) -> &'static str {
        match self {
            Measure::Duration(_) => "a duration",
            Measure::Size(_) => "a size",
            Measure::Percent => "a percentage",
            Measure::Money(_) => "an amount of money",
            Measure::Count(noun) if noun.is_empty() => "a plain number",
            Measure::Count(_) => "a count",
        }
    }
}

/// A unit: a measure, optionally per something ("per engineer") and per period ("per week").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Unit {
    pub measure: Measure,
    /// "per engineer", "per 1k transactions": what the measure is divided by, besides time.
    pub per_what: String,
    pub per: Option<Period>,
}

impl Unit {
    /// A plain number: no unit at all.
    pub fn plain() -> Unit {
        Unit { measure: Measure::Count(String::new()), per_what: String::new(), per: None }
    }

    pub fn of(measure: Measure) -> Unit {
        Unit { measure, per_what: String::new(), per: None }
    }

    pub fn per_period(mut self, period: Period) -> Unit {
        self.per = Some(period);
        self
    }

    /// No measure, nothing per anything.
    pub fn is_plain(&self) -> bool {
        self.measure.is_plain() && self.per_what.is_empty() && self.per.is_none()
    }

    /// The unit as it is shown and stored: `minutes`, `%`, `$`, `P1 incidents per month`,
    /// `per week`, or empty for a plain number.
    pub fn label(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        match &self.measure {
            Measure::Duration(t) => parts.push(t.label().to_string()),
            Measure::Size(s) => parts.push(s.label().to_string()),
            Measure::Percent => parts.push("%".to_string()),
            Measure::Money(c) => parts.push(c.label()),
            Measure::Count(noun) if noun.is_empty() => {}
            Measure::Count(noun) => parts.push(noun.clone()),
        }
        if !self.per_what.is_empty() {
            parts.push(format!("per {}", self.per_what));
        }
        if let Some(p) = self.per {
            parts.push(format!("per {}", p.label()));
        }
        parts.join(" ")
    }

    fn described(&self) -> String {
        let label = self.label();
        let kind = match self.per {
            Some(_) if self.measure.is_plain() => "a rate",
            _ => self.measure.kind(),
        };
        if label.is_empty() { kind.to_string() } else { format!("\"{label}\" ({kind})") }
    }

    /// The factor that turns a value in `self` into a value in `other` (`value * factor`).
    /// A plain number takes on the other unit; a plain rate ("4 per quarter") takes on the
    /// other's measure only when that is a rate too.
    pub fn factor_to(&self, other: &Unit) -> Result<f64, UnitMismatch> {
        let measure = measure_factor(self, other).ok_or_else(|| self.mismatch(other, MismatchKind::Dimension))?;
        if !self.per_what.is_empty() && !other.per_what.is_empty() && !self.per_what.eq_ignore_ascii_case(&other.per_what) {
            return Err(self.mismatch(other, MismatchKind::PerWhat));
        }
        let per = match (self.per, other.per) {
            (Some(a), Some(b)) if a == b => 1.0,
            (Some(a), Some(b)) => match (a.days(), b.days()) {
                (Some(da), Some(db)) => db / da,
                _ => return Err(self.mismatch(other, MismatchKind::Sprint)),
            },
            _ => 1.0,
        };
        Ok(measure * per)
    }

    fn mismatch(&self, other: &Unit, kind: MismatchKind) -> UnitMismatch {
        let (first, second) = (self.described(), other.described());
        let message = match kind {
            MismatchKind::Dimension => {
                format!("{first} and {second} measure different things, so neither converts into the other; write both numbers in one unit")
            }
            MismatchKind::Currency => format!("{first} and {second} are different currencies; write both numbers in one"),
            MismatchKind::PerWhat => format!("{first} and {second} are per different things; write both per the same thing"),
            MismatchKind::Sprint => format!(
                "{first} and {second} cannot be converted, because a sprint has no fixed length; write both per sprint or both per calendar period"
            ),
        };
        UnitMismatch { first: self.label(), second: other.label(), message }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// The measure part of [`Unit::factor_to`]; `None` when the measures do not convert.
fn measure_factor(from: &Unit, to: &Unit) -> Option<f64> {
    match (&from.measure, &to.measure) {
        (Measure::Count(_), Measure::Count(_)) | (Measure::Percent, Measure::Percent) => Some(1.0),
        (Measure::Duration(a), Measure::Duration(b)) => Some(a.seconds() / b.seconds()),
        (Measure::Size(a), Measure::Size(b)) => Some(a.bytes() / b.bytes()),
        (Measure::Money(a), Measure::Money(b)) => (a.code == b.code).then_some(1.0),
        (m, _) if m.is_plain() && from.per_what.is_empty() && (from.per.is_none() || to.per.is_some()) => Some(1.0),
        (_, m) if m.is_plain() && to.per_what.is_empty() && (to.per.is_none() || from.per.is_some()) => Some(1.0),
        _ => None,
    }
}

#[derive(Clone, Copy)]
enum MismatchKind {
    Dimension,
    Currency,
    PerWhat,
    Sprint,
}

/// Two units that cannot be reconciled, and a sentence that says why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct UnitMismatch {
    /// The units' labels, as [`Unit::label`] gives them.
    pub first: String,
    pub second: String,
    pub message: String,
}

/// A baseline and a target in one unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Reconciled {
    pub baseline: f64,
    pub target: f64,
    pub unit: Unit,
}

/// Puts a baseline and a target into one unit: the unit the target was written in, completed
/// by what only the baseline says (its measure, its period), or the baseline's when that keeps
/// more of the values whole ("from 2 hours to 30 minutes" is 120 → 30 minutes either way;
/// "from weekly to daily" is 1 → 7 per week rather than 0.14 → 1 per day).
pub fn reconcile(baseline: (f64, &Unit), target: (f64, &Unit)) -> Result<Reconciled, UnitMismatch> {
    let (b, bu) = baseline;
    let (t, tu) = target;
    if let (Measure::Money(x), Measure::Money(y)) = (&bu.measure, &tu.measure)
        && x.code != y.code
    {
        return Err(bu.mismatch(tu, MismatchKind::Currency));
    }
    if measure_factor(bu, tu).is_none() {
        return Err(bu.mismatch(tu, MismatchKind::Dimension));
    }
    let mut best: Option<(usize, Reconciled)> = None;
    let mut first_error = None;
    for unit in [completed(tu, bu), completed(bu, tu)] {
        let converted = bu.factor_to(&unit).and_then(|fb| tu.factor_to(&unit).map(|ft| (b * fb, t * ft)));
        match converted {
            Ok((b, t)) => {
                let fractions = usize::from(!is_whole(b)) + usize::from(!is_whole(t));
                if best.as_ref().is_none_or(|(f, _)| fractions < *f) {
                    best = Some((fractions, Reconciled { baseline: b, target: t, unit }));
                }
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    match (best, first_error) {
        (_, Some(e)) => Err(e),
        (Some((_, r)), None) => Ok(r),
        (None, None) => Err(bu.mismatch(tu, MismatchKind::Dimension)),
    }
}

/// `main`, with what it leaves unsaid taken from `other`.
fn completed(main: &Unit, other: &Unit) -> Unit {
    let mut unit = main.clone();
    if unit.measure.is_plain() && (other.per.is_none() || unit.per.is_some() || other.measure.is_plain()) {
        unit.measure = other.measure.clone();
    }
    if unit.per_what.is_empty() {
        unit.per_what.clone_from(&other.per_what);
    }
    if unit.per.is_none() {
        unit.per = other.per;
    }
    unit
}

fn is_whole(v: f64) -> bool {
    (v - v.round()).abs() < 1e-9 * v.abs().max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minutes() -> Unit {
        Unit::of(Measure::Duration(TimeUnit::Minute))
    }

    fn hours() -> Unit {
        Unit::of(Measure::Duration(TimeUnit::Hour))
    }

    #[test]
    fn durations_reconcile_into_whole_numbers() {
        let r = reconcile((2.0, &hours()), (30.0, &minutes())).expect("both durations");
        assert_eq!((r.baseline, r.target, r.unit.label()), (120.0, 30.0, "minutes".to_string()));
        let r = reconcile((30.0, &minutes()), (2.0, &hours())).expect("both durations");
        assert_eq!((r.baseline, r.target, r.unit.label()), (30.0, 120.0, "minutes".to_string()));
        let r = reconcile((2.0, &Unit::plain()), (30.0, &minutes())).expect("a plain number takes the unit");
        assert_eq!((r.baseline, r.target, r.unit.label()), (2.0, 30.0, "minutes".to_string()));
    }

    #[test]
    fn rates_convert_between_calendar_periods_but_not_sprints() {
        let daily = Unit::plain().per_period(Period::Day);
        let weekly = Unit::plain().per_period(Period::Week);
        let r = reconcile((1.0, &weekly), (1.0, &daily)).expect("calendar periods");
        assert_eq!((r.baseline, r.target, r.unit.label()), (1.0, 7.0, "per week".to_string()));
        let sprint = Unit::plain().per_period(Period::Sprint);
        let e = reconcile((4.0, &sprint), (10.0, &weekly)).expect_err("sprints have no length");
        assert!(e.to_string().contains("a sprint has no fixed length"), "{e}");
        let quarterly = Unit::plain().per_period(Period::Quarter);
        let r = reconcile((4.0, &quarterly), (0.0, &Unit::plain())).expect("the target takes the period");
        assert_eq!(r.unit.label(), "per quarter");
    }

    #[test]
    fn different_dimensions_say_why() {
        let e = reconcile((4.0, &hours()), (95.0, &Unit::of(Measure::Percent))).expect_err("no conversion");
        assert_eq!(e.first, "hours");
        assert_eq!(e.second, "%");
        assert!(e.to_string().contains("\"hours\" (a duration) and \"%\" (a percentage) measure different things"), "{e}");
        let per_month = Unit::plain().per_period(Period::Month);
        assert!(reconcile((12.0, &per_month), (50.0, &Unit::of(Measure::Percent))).is_err(), "a rate is not a percentage");
        let usd = Unit::of(Measure::Money(Currency { code: "USD".into(), symbol: Some('$') }));
        let eur = Unit::of(Measure::Money(Currency { code: "EUR".into(), symbol: None }));
        assert!(reconcile((1.0, &usd), (2.0, &eur)).expect_err("currencies").to_string().contains("different currencies"));
        let dollars = Unit::of(Measure::Money(Currency { code: "USD".into(), symbol: None }));
        assert_eq!(reconcile((1.0, &dollars), (2.0, &usd)).expect("same currency").unit.label(), "$");
    }

    #[test]
    fn sizes_use_si_and_iec_prefixes() {
        let mb = Unit::of(Measure::Size(SizeUnit::Megabyte));
        let kb = Unit::of(Measure::Size(SizeUnit::Kilobyte));
        let r = reconcile((2.4, &mb), (800.0, &kb)).expect("sizes");
        assert_eq!((r.baseline, r.target, r.unit.label()), (2400.0, 800.0, "KB".to_string()));
        assert!((SizeUnit::Mebibyte.bytes() - 1024.0 * 1024.0).abs() < f64::EPSILON);
    }
}
