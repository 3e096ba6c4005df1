//! Numbers for readers, in the edition's language: fixed decimals, digit grouping, a unit.
//!
//! Everything works on decimal digits, never on binary floating point: a number from the data
//! formats from the digits it is written with ([`Decimal`]), so an integer beyond 2^53 keeps
//! every digit, and rounding is half away from zero on those digits, so `2.675` to two
//! decimals is `2.68` as a reader expects, not the `2.67` that binary floating point would
//! give. A computed number (a tick) formats from its shortest decimal form. The rounded digits
//! are then written by ICU4X's decimal formatter with the CLDR data of the language: its
//! decimal and grouping separators, where it groups (`1.468,9` in German, `1 468,9` in French,
//! `1234` but `12.345` in Spanish, `12,34,567` in Indian English), its minus sign. Boxes,
//! figure tick labels, descriptions and inline values all format through here, so the same
//! value reads the same everywhere. Downloads and `data-value` keep machine numbers.

use crate::core::decimal::{Decimal, rounded_parts};
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal as IcuDecimal;
use icu_decimal::options::{DecimalFormatterOptions, GroupingStrategy};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Mutex, OnceLock};

/// Between a number and a unit other than `%`: a no-break space, so the unit never wraps
/// away from its number.
pub const UNIT_SPACE: char = '\u{00A0}';

/// The number conventions of one language, from CLDR: made once per language a process
/// meets, and shared by every thread.
pub struct NumberStyle {
    tag: String,
    grouped: Option<DecimalFormatter>,
    plain: Option<DecimalFormatter>,
    /// What stands between a number and `%` (or `‰`).
    percent_gap: &'static str,
}

impl std::fmt::Debug for NumberStyle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NumberStyle({})", self.tag)
    }
}

/// The number conventions of a language: a cheap handle, copied into every format.
#[derive(Clone, Copy)]
pub struct Numbers(&'static NumberStyle);

impl std::fmt::Debug for Numbers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl PartialEq for Numbers {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}
impl Eq for Numbers {}

impl Default for Numbers {
    fn default() -> Self {
        Numbers::english()
    }
}

/// The gap CLDR's percent pattern puts between a number and `%` (`#,##0 %`), for the
/// languages whose pattern has one; the others write `12%`. From CLDR 47's `percentFormat`.
const PERCENT_GAPS: &[(&str, &str)] = &[
    ("cs", "\u{a0}"),
    ("da", "\u{a0}"),
    ("de", "\u{a0}"),
    ("es", "\u{a0}"),
    ("fi", "\u{a0}"),
    ("fr", "\u{202f}"),
    ("nb", "\u{a0}"),
    ("no", "\u{a0}"),
    ("pl", "\u{a0}"),
    ("ru", "\u{a0}"),
    ("sk", "\u{a0}"),
    ("sv", "\u{a0}"),
    ("uk", "\u{a0}"),
];

impl Numbers {
    /// English (`en`): `1,468.9`.
    pub fn english() -> Numbers {
        Numbers::for_language("en")
    }

    /// The conventions of `tag` (a BCP 47 tag: `de`, `fr-CA`, `en-IN`); ICU falls back
    /// through the tag's parents to the root's (`1468.9` with no grouping) for a language it
    /// has no data for, and a tag that is no tag at all reads as English.
    pub fn for_language(tag: &str) -> Numbers {
        static STYLES: OnceLock<Mutex<HashMap<String, &'static NumberStyle>>> = OnceLock::new();
        let styles = STYLES.get_or_init(Default::default);
        let mut styles = styles.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(s) = styles.get(tag) {
            return Numbers(s);
        }
        // One per distinct tag for the life of the process (a few at most): leaked, so every
        // format can hold a plain reference.
        let style: &'static NumberStyle = Box::leak(Box::new(NumberStyle::new(tag)));
        styles.insert(tag.to_string(), style);
        Numbers(style)
    }

    /// The language tag these conventions are of.
    pub fn tag(&self) -> &str {
        &self.0.tag
    }

    /// `value` with `decimals` fixed decimals (or as many as it needs) and, when `grouping`,
    /// digit grouping: `number(798000.0, Some(0), true)` is `798,000` in English. Works on
    /// the value's shortest decimal form; a number from the data formats through
    /// [`Numbers::digits`] on its own digits instead. Non-finite values print as `NaN`, `inf`
    /// and `-inf`.
    pub fn number(&self, value: f64, decimals: Option<u8>, grouping: bool) -> String {
        if !value.is_finite() {
            return value.to_string();
        }
        // Display of an f64 is its shortest round-tripping decimal form, never in exponent
        // form.
        self.digits(&value.to_string(), decimals, grouping)
    }

    /// A plain decimal (`-1234.5678`: an optional `-`, digits, an optional fraction; what
    /// [`Decimal::digits`] gives) with `decimals` fixed decimals, rounded half away from zero
    /// on these digits, in the language's conventions (grouped when `grouping`). Anything
    /// else is returned as it is.
    pub fn digits(&self, digits: &str, decimals: Option<u8>, grouping: bool) -> String {
        let Some((negative, int_digits, frac_digits)) = rounded_parts(digits, decimals) else {
            return digits.to_string();
        };
        let mut plain = String::with_capacity(int_digits.len() + frac_digits.len() + 2);
        if negative {
            plain.push('-');
        }
        plain.extend(int_digits.iter().map(|d| char::from(b'0' + d)));
        if !frac_digits.is_empty() {
            plain.push('.');
            plain.extend(frac_digits.iter().map(|d| char::from(b'0' + d)));
        }
        let formatter = if grouping {
            &self.0.grouped
        } else {
            &self.0.plain
        };
        match (formatter, IcuDecimal::try_from_str(&plain)) {
            (Some(f), Ok(decimal)) => f.format(&decimal).to_string(),
            _ => plain,
        }
    }

    /// A formatted number with its unit: `%` (and `‰`) after the number as the language
    /// writes a percentage (`2.44%`, `2,44 %` in French), any other unit after a no-break
    /// space (`1.8 USD billion`, `75 t`).
    pub fn with_unit(&self, mut number: String, unit: &str) -> String {
        let unit = unit.trim();
        if unit.is_empty() {
            return number;
        }
        if matches!(unit, "%" | "‰") {
            number.push_str(self.0.percent_gap);
        } else {
            number.push(UNIT_SPACE);
        }
        let _ = write!(number, "{unit}");
        number
    }

    /// A share in percent (`12.5%`, `12,5 %`), from a computed value.
    pub fn percent(&self, value: f64, decimals: Option<u8>) -> String {
        self.with_unit(self.number(value, decimals, true), "%")
    }
}

impl NumberStyle {
    fn new(tag: &str) -> NumberStyle {
        // A tag that is no BCP 47 tag (reported where it is written) reads as English.
        let locale: icu_locale_core::Locale = tag.parse().unwrap_or(icu_locale_core::locale!("en"));
        let formatter = |strategy| {
            let mut options = DecimalFormatterOptions::default();
            options.grouping_strategy = Some(strategy);
            DecimalFormatter::try_new((&locale).into(), options)
        };
        let language = locale.id.language.as_str();
        let percent_gap = PERCENT_GAPS
            .iter()
            .find(|(l, _)| *l == language)
            .map_or("", |(_, gap)| gap);
        NumberStyle {
            tag: tag.to_string(),
            // Compiled data holds every locale, falling back to the root's; should it fail,
            // the plain digits stand.
            grouped: formatter(GroupingStrategy::Auto).ok(),
            plain: formatter(GroupingStrategy::Never).ok(),
            percent_gap,
        }
    }
}

/// How to print a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NumberFormat<'u> {
    /// Digits after the decimal point; `None` prints as many as the value needs (`73.2`, `63`).
    pub decimals: Option<u8>,
    /// Group the integer digits as the language does (`798,000`).
    pub grouping: bool,
    /// Printed after the number: see [`Numbers::with_unit`].
    pub unit: Option<&'u str>,
    /// The language's conventions.
    pub numbers: Numbers,
}

impl NumberFormat<'_> {
    /// `value` as text. Non-finite values print as `NaN`, `inf` and `-inf`.
    pub fn format(&self, value: f64) -> String {
        self.finish(self.numbers.number(value, self.decimals, self.grouping))
    }

    /// A number from the data as text, formatted on its own digits (an integer beyond 2^53
    /// keeps every digit).
    pub fn format_decimal(&self, value: &Decimal) -> String {
        self.finish(
            self.numbers
                .digits(value.digits(), self.decimals, self.grouping),
        )
    }

    fn finish(&self, number: String) -> String {
        match self.unit {
            Some(unit) => self.numbers.with_unit(number, unit),
            None => number,
        }
    }
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

    fn en() -> Numbers {
        Numbers::english()
    }

    #[test]
    fn integers_get_thousands_separators() {
        assert_eq!(en().number(798000.0, Some(0), true), "798,000");
        assert_eq!(en().number(1234567.0, Some(0), true), "1,234,567");
        assert_eq!(en().number(999.0, Some(0), true), "999");
        assert_eq!(en().number(1000.0, Some(0), true), "1,000");
        assert_eq!(en().number(-1234.0, Some(0), true), "-1,234");
        assert_eq!(en().number(0.0, Some(0), true), "0");
        assert_eq!(en().number(798000.0, Some(0), false), "798000");
    }

    #[test]
    fn decimals_are_fixed_and_rounded_half_away_from_zero_on_the_written_digits() {
        assert_eq!(en().number(63.0, Some(1), true), "63.0");
        assert_eq!(en().number(73.2, Some(1), true), "73.2");
        assert_eq!(en().number(2.675, Some(2), true), "2.68");
        assert_eq!(en().number(-2.675, Some(2), true), "-2.68");
        assert_eq!(en().number(0.125, Some(2), true), "0.13");
        assert_eq!(en().number(1.25, Some(1), true), "1.3");
        assert_eq!(en().number(9.96, Some(1), true), "10.0");
        assert_eq!(en().number(999999.5, Some(0), true), "1,000,000");
        assert_eq!(en().number(1234.5678, Some(2), true), "1,234.57");
        assert_eq!(en().number(0.0004, Some(2), true), "0.00");
        // A negative value that rounds to zero prints no minus sign.
        assert_eq!(en().number(-0.004, Some(2), true), "0.00");
        assert_eq!(en().number(-0.0, Some(1), true), "0.0");
        assert_eq!(en().number(0.3, Some(0), true), "0");
        assert_eq!(en().number(0.5, Some(0), true), "1");
    }

    #[test]
    fn without_fixed_decimals_the_shortest_form_is_printed() {
        assert_eq!(en().number(73.2, None, true), "73.2");
        assert_eq!(en().number(63.0, None, true), "63");
        assert_eq!(en().number(12345.678, None, true), "12,345.678");
        assert_eq!(en().number(1e-7, None, false), "0.0000001");
        assert_eq!(en().number(f64::NAN, None, true), "NaN");
        assert_eq!(en().number(f64::NEG_INFINITY, Some(2), true), "-inf");
    }

    #[test]
    fn numbers_from_the_data_format_on_their_own_digits() {
        let big: Decimal = serde_yaml::from_str("12345678901234567891").expect("a number");
        assert_eq!(big.value().to_string(), "12345678901234567000");
        let f = NumberFormat {
            decimals: Some(0),
            grouping: true,
            unit: None,
            numbers: en(),
        };
        assert_eq!(f.format_decimal(&big), "12,345,678,901,234,567,891");
        assert_eq!(
            en().digits("-9007199254740993.5", Some(0), true),
            "-9,007,199,254,740,994"
        );
        assert_eq!(en().digits("2.675", Some(2), false), "2.68");
        assert_eq!(en().digits("0.0004", Some(2), true), "0.00");
        assert_eq!(en().digits("-0.004", Some(2), true), "0.00");
        assert_eq!(en().digits("1e5", None, true), "1e5");
    }

    #[test]
    fn units_follow_the_number() {
        let pct = NumberFormat {
            decimals: Some(2),
            grouping: true,
            unit: Some("%"),
            numbers: en(),
        };
        assert_eq!(pct.format(2.44), "2.44%");
        let usd = NumberFormat {
            decimals: Some(1),
            grouping: true,
            unit: Some("USD 100 million"),
            numbers: en(),
        };
        assert_eq!(usd.format(1842.5), "1,842.5\u{a0}USD 100 million");
        assert_eq!(en().with_unit("5".into(), "  "), "5");
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

    #[test]
    fn each_language_writes_numbers_its_own_way() {
        let n = |tag: &str, digits: &str, decimals: Option<u8>| {
            Numbers::for_language(tag).digits(digits, decimals, true)
        };
        assert_eq!(n("de", "1468.9", None), "1.468,9");
        assert_eq!(n("fr", "1468.9", None), "1\u{202f}468,9");
        assert_eq!(n("it", "-1234567.891", Some(2)), "-1.234.567,89");
        // Spanish groups from five digits (CLDR's minimum grouping digits, 2).
        assert_eq!(n("es", "1234.5", None), "1234,5");
        assert_eq!(n("es", "12345.5", None), "12.345,5");
        assert_eq!(n("pt", "12345.5", None), "12.345,5");
        assert_eq!(n("zh", "12345.5", None), "12,345.5");
        assert_eq!(n("ja", "12345.5", None), "12,345.5");
        assert_eq!(n("en-IN", "1234567", None), "12,34,567");
        // Rounding stays on the written digits in every language.
        assert_eq!(n("de", "2.675", Some(2)), "2,68");
        assert_eq!(n("fr", "-0.004", Some(2)), "0,00");
        // Ungrouped (an axis of years) keeps only the decimal sign.
        assert_eq!(
            Numbers::for_language("de").digits("2015", None, false),
            "2015"
        );
        assert_eq!(
            Numbers::for_language("de").digits("12345.5", None, false),
            "12345,5"
        );
        // A tag that is no tag reads as English.
        assert_eq!(n("not a tag!", "1234.5", None), "1,234.5");
    }

    #[test]
    fn a_percentage_is_written_as_the_language_writes_it() {
        let pct = |tag: &str| Numbers::for_language(tag).percent(12.5, Some(1));
        assert_eq!(pct("en"), "12.5%");
        assert_eq!(pct("de"), "12,5\u{a0}%");
        assert_eq!(pct("fr"), "12,5\u{202f}%");
        assert_eq!(pct("es"), "12,5\u{a0}%");
        assert_eq!(pct("it"), "12,5%");
        assert_eq!(pct("zh-Hans"), "12.5%");
        let usd = NumberFormat {
            decimals: Some(1),
            grouping: true,
            unit: Some("Mrd. USD"),
            numbers: Numbers::for_language("de"),
        };
        assert_eq!(usd.format(1842.5), "1.842,5\u{a0}Mrd. USD");
    }

    #[test]
    fn one_style_per_language_is_made() {
        assert_eq!(Numbers::for_language("fr"), Numbers::for_language("fr"));
        assert_ne!(Numbers::for_language("fr"), Numbers::for_language("de"));
        assert_eq!(Numbers::for_language("fr-CA").tag(), "fr-CA");
    }
}
