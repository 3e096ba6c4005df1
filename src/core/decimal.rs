//! A number from the data, with its decimal digits.
//!
//! YAML gives integers exactly (to 2^64) and other numbers as binary floating point, whose
//! shortest decimal form is the digits the author wrote (up to 17 significant digits). A
//! [`Decimal`] keeps both: the digits, which everything a reader sees is formatted from and
//! which sums are computed on exactly, and the nearest `f64`, which charts draw and
//! comparisons use. An integer beyond 2^53 thus prints on the page with the digits the CSV
//! download carries, not those of the nearest `f64`.

use serde::de::{self, Deserialize, Deserializer, Unexpected, Visitor};
use std::fmt;

/// A finite number and its digits.
#[derive(Debug, Clone, PartialEq)]
pub struct Decimal {
    /// Plain decimal text, canonical: an optional `-`, the integer digits (no leading zero
    /// but a lone `0`), then `.` and the fraction digits when there are any (no trailing
    /// zero). Never an exponent; zero is `0`, never `-0`.
    digits: String,
    value: f64,
}

impl Decimal {
    /// A float by its shortest decimal form (`73.2`, not `73.2000000000000028…`); `None`
    /// when it is not finite.
    pub fn from_f64(v: f64) -> Option<Decimal> {
        if !v.is_finite() {
            return None;
        }
        // Display of an f64 is its shortest round-tripping decimal form, never in exponent
        // form.
        Some(Decimal {
            digits: canonical(&v.to_string()),
            value: v,
        })
    }

    /// A plain decimal (`-12.50`, `798000`; no exponent, no `+`): `None` for anything else,
    /// or for a number too large for an `f64`.
    pub fn parse(text: &str) -> Option<Decimal> {
        let (_, int, frac) = split(text)?;
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        let digits = canonical(text);
        let value: f64 = digits.parse().ok()?;
        value.is_finite().then_some(Decimal { digits, value })
    }

    fn from_integer(digits: String) -> Decimal {
        let digits = canonical(&digits);
        let value = digits.parse().unwrap_or(f64::NAN);
        Decimal { digits, value }
    }

    /// The nearest `f64`: for drawing and comparing, never for printing.
    pub fn value(&self) -> f64 {
        self.value
    }

    /// The digits, canonical (see the type): what formatting works on.
    pub fn digits(&self) -> &str {
        &self.digits
    }

    /// How many digits it has after the point: `73.2` has 1, `63` none.
    pub fn decimals(&self) -> usize {
        self.digits.split_once('.').map_or(0, |(_, f)| f.len())
    }

    pub fn is_whole(&self) -> bool {
        self.decimals() == 0
    }

    /// The exact sum: `None` when it is beyond the range of an `f64` (two values near
    /// 1.8 × 10^308), where nothing could draw or compare it.
    pub fn sum<'a>(numbers: impl IntoIterator<Item = &'a Decimal>) -> Option<Decimal> {
        let parts: Vec<(bool, &str, &str)> = numbers
            .into_iter()
            .filter_map(|d| split(&d.digits))
            .collect();
        let scale = parts.iter().map(|(_, _, f)| f.len()).max().unwrap_or(0);
        // Magnitudes as little-endian base-10 digits, scaled to `scale` fraction digits.
        let mut positive: Vec<u8> = Vec::new();
        let mut negative: Vec<u8> = Vec::new();
        for (neg, int, frac) in parts {
            let target = if neg { &mut negative } else { &mut positive };
            let scaled = frac
                .bytes()
                .chain(std::iter::repeat_n(b'0', scale - frac.len()))
                .rev()
                .chain(int.bytes().rev())
                .map(|b| b - b'0');
            add_into(target, scaled);
        }
        let (neg, mut magnitude) = if less(&positive, &negative) {
            (true, subtract(&negative, &positive))
        } else {
            (false, subtract(&positive, &negative))
        };
        if magnitude.len() <= scale {
            magnitude.resize(scale + 1, 0);
        }
        let digit = |d: &u8| char::from(b'0' + d);
        let mut text = String::with_capacity(magnitude.len() + 2);
        if neg {
            text.push('-');
        }
        text.extend(magnitude[scale..].iter().rev().map(digit));
        text.push('.');
        text.extend(magnitude[..scale].iter().rev().map(digit));
        Decimal::parse(&text)
    }

    /// Rounded to `decimals` digits after the point, half away from zero on the digits
    /// (`2.675` is `2.68`); `None` only when rounding up leaves the range of an `f64`.
    pub fn round(&self, decimals: u8) -> Option<Decimal> {
        let (negative, int, frac) = rounded_parts(&self.digits, Some(decimals))?;
        let digit = |d: &u8| char::from(b'0' + d);
        let mut text = String::with_capacity(int.len() + frac.len() + 2);
        if negative {
            text.push('-');
        }
        text.extend(int.iter().map(digit));
        if !frac.is_empty() {
            text.push('.');
            text.extend(frac.iter().map(digit));
        }
        Decimal::parse(&text)
    }
}

/// An integer, every digit kept.
impl From<u64> for Decimal {
    fn from(u: u64) -> Decimal {
        Decimal::from_integer(u.to_string())
    }
}

/// An integer, every digit kept.
impl From<i64> for Decimal {
    fn from(i: i64) -> Decimal {
        Decimal::from_integer(i.to_string())
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.digits)
    }
}

/// `(negative, integer digits, fraction digits)` of a plain decimal; `None` for anything
/// else.
pub(crate) fn split(text: &str) -> Option<(bool, &str, &str)> {
    let (neg, rest) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text),
    };
    let (int, frac) = rest.split_once('.').unwrap_or((rest, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    (all_digits(int) && all_digits(frac)).then_some((neg, int, frac))
}

/// The canonical form of a plain decimal (see [`Decimal`]); the text itself when it is not
/// one.
fn canonical(text: &str) -> String {
    let Some((neg, int, frac)) = split(text) else {
        return text.to_string();
    };
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    let mut out = String::with_capacity(int.len() + frac.len() + 3);
    if neg && !(int.is_empty() && frac.is_empty()) {
        out.push('-');
    }
    out.push_str(if int.is_empty() { "0" } else { int });
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// `acc += digits`, both little-endian.
fn add_into(acc: &mut Vec<u8>, digits: impl Iterator<Item = u8>) {
    let mut carry = 0u8;
    let mut i = 0;
    for d in digits {
        if i == acc.len() {
            acc.push(0);
        }
        let s = acc[i] + d + carry;
        acc[i] = s % 10;
        carry = s / 10;
        i += 1;
    }
    while carry > 0 {
        if i == acc.len() {
            acc.push(0);
        }
        let s = acc[i] + carry;
        acc[i] = s % 10;
        carry = s / 10;
        i += 1;
    }
}

fn trimmed(a: &[u8]) -> &[u8] {
    let len = a.iter().rposition(|&d| d != 0).map_or(0, |p| p + 1);
    &a[..len]
}

/// `a < b`, little-endian magnitudes.
fn less(a: &[u8], b: &[u8]) -> bool {
    let (a, b) = (trimmed(a), trimmed(b));
    if a.len() != b.len() {
        return a.len() < b.len();
    }
    a.iter().rev().lt(b.iter().rev())
}

/// `a - b` for `a >= b`, little-endian magnitudes (either may carry high zeros).
fn subtract(a: &[u8], b: &[u8]) -> Vec<u8> {
    let len = a.len().max(b.len());
    let mut out = Vec::with_capacity(len);
    let mut borrow = 0i8;
    for i in 0..len {
        let digit = |x: &[u8]| x.get(i).map_or(0, |&d| d as i8);
        let mut v = digit(a) - borrow - digit(b);
        borrow = i8::from(v < 0);
        if v < 0 {
            v += 10;
        }
        out.push(v as u8);
    }
    out
}

/// A number key of a data file (`value: 2.44`): integers keep every digit (to 2^128), and
/// `.inf` and `.nan` are refused.
impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Decimal;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a finite number")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
                Ok(Decimal::from_integer(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
                Ok(Decimal::from_integer(v.to_string()))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Decimal, E> {
                Ok(Decimal::from_integer(v.to_string()))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Decimal, E> {
                Ok(Decimal::from_integer(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
                Decimal::from_f64(v).ok_or_else(|| E::invalid_value(Unexpected::Float(v), &self))
            }
        }
        d.deserialize_any(V)
    }
}

/// A plain decimal's sign, integer digits and fraction digits, rounded to `decimals` fixed
/// decimals half away from zero on the digits themselves (no `f64` on the way); a negative
/// zero loses its sign. `None` when `digits` is not a plain decimal.
pub fn rounded_parts(digits: &str, decimals: Option<u8>) -> Option<(bool, Vec<u8>, Vec<u8>)> {
    let (negative, int_part, frac_part) = split(digits)?;
    let int_part = match int_part.trim_start_matches('0') {
        "" => "0",
        t => t,
    };
    let mut int_digits: Vec<u8> = int_part.bytes().map(|b| b - b'0').collect();
    let mut frac_digits: Vec<u8> = frac_part.bytes().map(|b| b - b'0').collect();
    if let Some(d) = decimals {
        let d = usize::from(d);
        if frac_digits.len() > d {
            let round_up = frac_digits[d] >= 5;
            frac_digits.truncate(d);
            if round_up {
                carry_one(&mut int_digits, &mut frac_digits);
            }
        } else {
            frac_digits.resize(d, 0);
        }
    }
    let negative =
        negative && (int_digits.iter().any(|&d| d != 0) || frac_digits.iter().any(|&d| d != 0));
    Some((negative, int_digits, frac_digits))
}

/// Adds one unit in the last place of `int.frac`, carrying leftwards.
fn carry_one(int_digits: &mut Vec<u8>, frac_digits: &mut [u8]) {
    for d in frac_digits.iter_mut().rev() {
        if *d == 9 {
            *d = 0;
        } else {
            *d += 1;
            return;
        }
    }
    for d in int_digits.iter_mut().rev() {
        if *d == 9 {
            *d = 0;
        } else {
            *d += 1;
            return;
        }
    }
    int_digits.insert(0, 1);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::parse(text).expect("a decimal")
    }

    fn yaml(text: &str) -> Option<Decimal> {
        serde_yaml::from_str::<Decimal>(text).ok()
    }

    #[test]
    fn integers_keep_every_digit_and_floats_their_shortest_form() {
        let big = yaml("12345678901234567891").expect("a number");
        assert_eq!(big.digits(), "12345678901234567891");
        assert_eq!(big.value(), 12345678901234567891.0);
        assert_eq!(
            yaml("-9007199254740993").expect("n").digits(),
            "-9007199254740993"
        );
        assert_eq!(yaml("73.2").expect("n").digits(), "73.2");
        assert_eq!(yaml("63.0").expect("n").digits(), "63");
        assert_eq!(yaml("1e-7").expect("n").digits(), "0.0000001");
        assert_eq!(yaml("-0.0").expect("n").digits(), "0");
        assert_eq!(yaml(".inf"), None);
        assert_eq!(yaml(".nan"), None);
        assert_eq!(d("007.50").digits(), "7.5");
        assert_eq!(Decimal::from(u64::MAX).digits(), "18446744073709551615");
        assert_eq!(Decimal::from(-0i64).digits(), "0");
        assert_eq!(Decimal::from(i64::MIN).digits(), "-9223372036854775808");
        assert_eq!(Decimal::parse("1e5"), None);
        assert_eq!(Decimal::parse("-"), None);
        assert_eq!(Decimal::parse(&format!("2{}", "0".repeat(308))), None);
    }

    #[test]
    fn sums_are_exact_on_the_digits() {
        let sum = |xs: &[&str]| {
            let ds: Vec<Decimal> = xs.iter().map(|x| d(x)).collect();
            Decimal::sum(&ds).map(|s| s.digits().to_string())
        };
        assert_eq!(sum(&["0.1", "0.2"]).as_deref(), Some("0.3"));
        assert_eq!(
            sum(&["12345678901234567891", "1"]).as_deref(),
            Some("12345678901234567892")
        );
        assert_eq!(sum(&["73.2", "118.8", "137.25"]).as_deref(), Some("329.25"));
        assert_eq!(sum(&["5", "-7.5"]).as_deref(), Some("-2.5"));
        assert_eq!(sum(&["-0.05", "0.01"]).as_deref(), Some("-0.04"));
        assert_eq!(sum(&["1.5", "-1.5"]).as_deref(), Some("0"));
        assert_eq!(sum(&[]).as_deref(), Some("0"));
        let max = Decimal::from_f64(f64::MAX).expect("finite");
        assert_eq!(Decimal::sum([&max, &max]), None);
        let sum = Decimal::sum([&max, &Decimal::from_f64(-f64::MAX).expect("finite")]);
        assert_eq!(sum.map(|s| s.value()), Some(0.0));
    }

    #[test]
    fn rounding_is_half_away_from_zero_on_the_digits() {
        assert_eq!(d("2.675").round(2).expect("finite").digits(), "2.68");
        assert_eq!(d("-2.675").round(2).expect("finite").digits(), "-2.68");
        assert_eq!(d("5").round(2).expect("finite").digits(), "5");
        assert_eq!(d("-0.004").round(2).expect("finite").digits(), "0");
    }

    #[test]
    fn a_number_key_refuses_what_is_not_a_finite_number() {
        let ok: Decimal = serde_yaml::from_str("123456789012345678901234567890").expect("u128");
        assert_eq!(ok.digits(), "123456789012345678901234567890");
        for bad in [".inf", "-.inf", ".nan", "text", "[1]"] {
            assert!(serde_yaml::from_str::<Decimal>(bad).is_err(), "{bad}");
        }
    }
}
