//! Numbers for readers: fixed decimals, thousands separators and a unit.
//!
//! Everything works on decimal digits, never on binary floating point: a number from the data
//! formats from the digits it is written with ([`Decimal`]), so an integer beyond 2^53 keeps
//! every digit, and rounding is half away from zero on those digits, so `2.675` to two
//! decimals is `2.68` as a reader expects, not the `2.67` that binary floating point would
//! give. A computed number (a tick) formats from its shortest decimal form. Boxes, figure
//! tick labels and inline values all format through here, so the same value reads the same
//! everywhere.

use crate::core::decimal::{Decimal, rounded_parts};
use std::fmt::Write as _;

/// Groups the integer digits in threes: `798,000`.
pub const THOUSANDS_SEPARATOR: char = ',';
pub const DECIMAL_SEPARATOR: char = '.';
/// Between a number and a unit other than `%`: a no-break space, so the unit never wraps
/// away from its number.
pub const UNIT_SPACE: char = '\u{00A0}';

/// How to print a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NumberFormat<'u> {
    /// Digits after the decimal point; `None` prints as many as the value needs (`73.2`, `63`).
    pub decimals: Option<u8>,
    /// Separate thousands in the integer part (`798,000`).
    pub grouping: bool,
    /// Printed after the number: see [`with_unit`].
    pub unit: Option<&'u str>,
}

impl NumberFormat<'_> {
    /// `value` as text. Non-finite values print as `NaN`, `inf` and `-inf`.
    pub fn format(&self, value: f64) -> String {
        self.finish(format_number(value, self.decimals, self.grouping))
    }

    /// A number from the data as text, formatted on its own digits (an integer beyond 2^53
    /// keeps every digit).
    pub fn format_decimal(&self, value: &Decimal) -> String {
        self.finish(format_digits(value.digits(), self.decimals, self.grouping))
    }

    fn finish(&self, number: String) -> String {
        match self.unit {
            Some(unit) => with_unit(number, unit),
            None => number,
        }
    }
}

/// `value` with `decimals` fixed decimals (or as many as it needs) and, when `grouping`,
/// thousands separators: `format_number(798000.0, Some(0), true)` is `798,000`. Works on the
/// value's shortest decimal form; a number from the data formats through [`format_digits`]
/// on its own digits instead.
pub fn format_number(value: f64, decimals: Option<u8>, grouping: bool) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    // Display of an f64 is its shortest round-tripping decimal form, never in exponent form.
    format_digits(&value.to_string(), decimals, grouping)
}

/// A plain decimal (`-1234.5678`: an optional `-`, digits, an optional fraction; what
/// [`Decimal::digits`] gives) with `decimals` fixed decimals, rounded half away from zero on
/// these digits, and thousands separators when `grouping`. Anything else is returned as it
/// is.
pub fn format_digits(digits: &str, decimals: Option<u8>, grouping: bool) -> String {
    let Some((negative, int_digits, frac_digits)) = rounded_parts(digits, decimals) else {
        return digits.to_string();
    };
    let mut out = String::with_capacity(int_digits.len() * 4 / 3 + frac_digits.len() + 2);
    if negative {
        out.push('-');
    }
    let n = int_digits.len();
    for (i, d) in int_digits.iter().enumerate() {
        if grouping && i > 0 && (n - i).is_multiple_of(3) {
            out.push(THOUSANDS_SEPARATOR);
        }
        out.push(char::from(b'0' + d));
    }
    if !frac_digits.is_empty() {
        out.push(DECIMAL_SEPARATOR);
        for d in &frac_digits {
            out.push(char::from(b'0' + d));
        }
    }
    out
}

/// A formatted number with its unit: `%` (and `‰`) right after the number (`2.44%`), any
/// other unit after a no-break space (`1.8 USD billion`, `75 t`).
pub fn with_unit(mut number: String, unit: &str) -> String {
    let unit = unit.trim();
    if unit.is_empty() {
        return number;
    }
    if !matches!(unit, "%" | "‰") {
        number.push(UNIT_SPACE);
    }
    let _ = write!(number, "{unit}");
    number
}

/// How many decimals `value` needs to be printed exactly as its shortest form: `73.2` needs 1,
/// `63.0` and `798000` need 0.
pub fn decimals_needed(value: f64) -> u8 {
    if !value.is_finite() {
        return 0;
    }
    let shortest = value.abs().to_string();
    shortest
        .split_once('.')
        .map_or(0, |(_, frac)| u8::try_from(frac.len()).unwrap_or(u8::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_get_thousands_separators() {
        assert_eq!(format_number(798000.0, Some(0), true), "798,000");
        assert_eq!(format_number(1234567.0, Some(0), true), "1,234,567");
        assert_eq!(format_number(999.0, Some(0), true), "999");
        assert_eq!(format_number(1000.0, Some(0), true), "1,000");
        assert_eq!(format_number(-1234.0, Some(0), true), "-1,234");
        assert_eq!(format_number(0.0, Some(0), true), "0");
        assert_eq!(format_number(798000.0, Some(0), false), "798000");
    }

    #[test]
    fn decimals_are_fixed_and_rounded_half_away_from_zero_on_the_written_digits() {
        assert_eq!(format_number(63.0, Some(1), true), "63.0");
        assert_eq!(format_number(73.2, Some(1), true), "73.2");
        assert_eq!(format_number(2.675, Some(2), true), "2.68");
        assert_eq!(format_number(-2.675, Some(2), true), "-2.68");
        assert_eq!(format_number(0.125, Some(2), true), "0.13");
        assert_eq!(format_number(1.25, Some(1), true), "1.3");
        assert_eq!(format_number(9.96, Some(1), true), "10.0");
        assert_eq!(format_number(999999.5, Some(0), true), "1,000,000");
        assert_eq!(format_number(1234.5678, Some(2), true), "1,234.57");
        assert_eq!(format_number(0.0004, Some(2), true), "0.00");
        // A negative value that rounds to zero prints no minus sign.
        assert_eq!(format_number(-0.004, Some(2), true), "0.00");
        assert_eq!(format_number(-0.0, Some(1), true), "0.0");
        assert_eq!(format_number(0.3, Some(0), true), "0");
        assert_eq!(format_number(0.5, Some(0), true), "1");
    }

    #[test]
    fn without_fixed_decimals_the_shortest_form_is_printed() {
        assert_eq!(format_number(73.2, None, true), "73.2");
        assert_eq!(format_number(63.0, None, true), "63");
        assert_eq!(format_number(12345.678, None, true), "12,345.678");
        assert_eq!(format_number(1e-7, None, false), "0.0000001");
        assert_eq!(format_number(f64::NAN, None, true), "NaN");
        assert_eq!(format_number(f64::NEG_INFINITY, Some(2), true), "-inf");
    }

    #[test]
    fn numbers_from_the_data_format_on_their_own_digits() {
        let big: Decimal = serde_yaml::from_str("12345678901234567891").expect("a number");
        assert_eq!(big.value().to_string(), "12345678901234567000");
        let f = NumberFormat {
            decimals: Some(0),
            grouping: true,
            unit: None,
        };
        assert_eq!(f.format_decimal(&big), "12,345,678,901,234,567,891");
        assert_eq!(
            format_digits("-9007199254740993.5", Some(0), true),
            "-9,007,199,254,740,994"
        );
        assert_eq!(format_digits("2.675", Some(2), false), "2.68");
        assert_eq!(format_digits("0.0004", Some(2), true), "0.00");
        assert_eq!(format_digits("-0.004", Some(2), true), "0.00");
        assert_eq!(format_digits("1e5", None, true), "1e5");
    }

    #[test]
    fn units_follow_the_number() {
        let pct = NumberFormat {
            decimals: Some(2),
            grouping: true,
            unit: Some("%"),
        };
        assert_eq!(pct.format(2.44), "2.44%");
        let usd = NumberFormat {
            decimals: Some(1),
            grouping: true,
            unit: Some("USD 100 million"),
        };
        assert_eq!(usd.format(1842.5), "1,842.5\u{a0}USD 100 million");
        assert_eq!(with_unit("5".into(), "  "), "5");
        assert_eq!(NumberFormat::default().format(1234.5), "1234.5");
    }

    #[test]
    fn decimals_needed_counts_the_written_digits() {
        assert_eq!(decimals_needed(73.2), 1);
        assert_eq!(decimals_needed(63.0), 0);
        assert_eq!(decimals_needed(2.44), 2);
        assert_eq!(decimals_needed(-0.125), 3);
        assert_eq!(decimals_needed(f64::NAN), 0);
    }
}
