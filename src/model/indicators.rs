//! Indicators: named values of an edition, `data/indicators.yaml`, that the narrative quotes
//! with `{{< value id >}}` so its numbers follow the data.

use crate::core::decimal::Decimal;
use crate::locale::Locale;
use serde::Deserialize;

/// `data/indicators.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorsFile {
    pub indicators: Vec<Indicator>,
}

/// One indicator. Its numbers keep the digits they are written with (an integer beyond 2^53
/// prints as written); `value` is the nearest `f64`, for comparing and drawing.
#[derive(Debug, Clone, Deserialize)]
#[serde(from = "IndicatorYaml")]
pub struct Indicator {
    pub id: String,
    pub label: String,
    /// The value's nearest `f64`: for comparisons and charts, never for printing.
    pub value: f64,
    /// The value as written: what is printed.
    pub written: Decimal,
    /// `%` prints right after the number, other units after a no-break space.
    pub unit: Option<String>,
    /// Fixed decimals; as many as the value needs when absent.
    pub decimals: Option<u8>,
    /// Print as an ordinal: `12` → `12th` (ranks).
    pub ordinal: bool,
    /// The year the value is for.
    pub year: Option<i32>,
    /// Markdown-free text naming where the value comes from.
    pub source: Option<String>,
    pub threshold: Option<Decimal>,
    pub direction: Option<Direction>,
}

/// An indicator as `indicators.yaml` writes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct IndicatorYaml {
    id: String,
    #[serde(deserialize_with = "crate::model::text::one")]
    label: String,
    value: Decimal,
    #[serde(default, deserialize_with = "crate::model::text::optional")]
    unit: Option<String>,
    #[serde(default)]
    decimals: Option<u8>,
    #[serde(default)]
    ordinal: bool,
    #[serde(default)]
    year: Option<i32>,
    #[serde(default, deserialize_with = "crate::model::text::optional")]
    source: Option<String>,
    #[serde(default)]
    threshold: Option<Decimal>,
    #[serde(default)]
    direction: Option<Direction>,
}

impl From<IndicatorYaml> for Indicator {
    fn from(y: IndicatorYaml) -> Indicator {
        Indicator {
            id: y.id,
            label: y.label,
            value: y.value.value(),
            written: y.value,
            unit: y.unit,
            decimals: y.decimals,
            ordinal: y.ordinal,
            year: y.year,
            source: y.source,
            threshold: y.threshold,
            direction: y.direction,
        }
    }
}

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Higher,
    Lower,
}

/// How a value stands against its threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThresholdStatus {
    Met,
    NotMet,
}

/// The fields `{{< value id field=… >}}` can print.
pub const FIELDS: [&str; 8] = [
    "value",
    "number",
    "label",
    "unit",
    "year",
    "source",
    "threshold",
    "status",
];

impl Indicator {
    /// A number alone, formatted in `locale` (`2.44`, `798,000`, `12th`).
    pub fn number_text(&self, value: &Decimal, locale: &Locale) -> String {
        let numbers = locale.numbers();
        if self.ordinal {
            let written = numbers.digits(value.digits(), Some(0), true);
            let whole = numbers
                .digits(value.digits(), Some(0), false)
                .chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .unwrap_or(0);
            return locale.ordinal(whole, &written);
        }
        numbers.digits(value.digits(), self.decimals, true)
    }

    /// The value with its unit, as the narrative prints it (`2.44%`, `279 billion yuan`).
    pub fn value_text(&self, locale: &Locale) -> String {
        self.with_unit(&self.written, locale)
    }

    /// Any number of this indicator (its value, its threshold) in its format and unit.
    pub fn with_unit(&self, value: &Decimal, locale: &Locale) -> String {
        if self.ordinal {
            return self.number_text(value, locale);
        }
        locale
            .format(self.decimals, self.unit.as_deref())
            .format_decimal(value)
    }

    /// The threshold as its author wrote it (`2%`, not the value's `2.00%`).
    pub fn threshold_text(&self, locale: &Locale) -> Option<String> {
        let t = self.threshold.as_ref()?;
        Some(if self.ordinal {
            self.number_text(t, locale)
        } else {
            locale.format(None, self.unit.as_deref()).format_decimal(t)
        })
    }

    pub fn status(&self) -> Option<ThresholdStatus> {
        let threshold = self.threshold.as_ref()?.value();
        let met = match self.direction {
            Some(Direction::Lower) => self.value <= threshold,
            _ => self.value >= threshold,
        };
        Some(if met {
            ThresholdStatus::Met
        } else {
            ThresholdStatus::NotMet
        })
    }

    /// A field as text in `locale`; `None` when the indicator has no such value (no year,
    /// say).
    pub fn field(&self, field: &str, locale: &Locale) -> Option<String> {
        match field {
            "value" => Some(self.value_text(locale)),
            "number" => Some(self.number_text(&self.written, locale)),
            "label" => Some(self.label.clone()),
            "unit" => self.unit.clone(),
            "year" => self.year.map(|y| y.to_string()),
            "source" => self.source.clone(),
            "threshold" => self.threshold_text(locale),
            "status" => self
                .status()
                .map(|s| locale.text(s.label_key(self.direction)).to_string()),
            _ => None,
        }
    }
}

impl ThresholdStatus {
    /// The label that says how the value stands, by which way is better.
    pub fn label_key(self, direction: Option<Direction>) -> &'static str {
        match (self, direction) {
            (ThresholdStatus::Met, Some(Direction::Lower)) => "threshold_met_lower",
            (ThresholdStatus::NotMet, Some(Direction::Lower)) => "threshold_not_met_lower",
            (ThresholdStatus::Met, _) => "threshold_met",
            (ThresholdStatus::NotMet, _) => "threshold_not_met",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ind(value: f64, unit: Option<&str>, decimals: Option<u8>) -> Indicator {
        Indicator {
            id: "x".into(),
            label: "X".into(),
            value,
            written: Decimal::from_f64(value).expect("finite"),
            unit: unit.map(str::to_string),
            decimals,
            ordinal: false,
            year: Some(2021),
            source: None,
            threshold: Decimal::parse("2"),
            direction: Some(Direction::Higher),
        }
    }

    #[test]
    fn values_print_with_their_unit_and_decimals() {
        assert_eq!(
            ind(2.44, Some("%"), Some(2)).value_text(&Locale::english()),
            "2.44%"
        );
        assert_eq!(
            ind(798000.0, Some("items"), None).value_text(&Locale::english()),
            "798,000\u{a0}items"
        );
        assert_eq!(
            ind(1.9, Some("%"), Some(2))
                .field("threshold", &Locale::english())
                .as_deref(),
            Some("2%")
        );
        assert_eq!(
            ind(2.44, None, None)
                .field("year", &Locale::english())
                .as_deref(),
            Some("2021")
        );
        assert_eq!(
            ind(2.44, None, None)
                .field("status", &Locale::english())
                .as_deref(),
            Some("at or above the threshold")
        );
        assert_eq!(
            ind(1.5, None, None)
                .field("status", &Locale::english())
                .as_deref(),
            Some("below the threshold")
        );
        assert_eq!(ind(1.5, None, None).field("nope", &Locale::english()), None);
    }

    #[test]
    fn values_keep_their_digits_and_refuse_what_is_no_number() {
        let file: IndicatorsFile = serde_yaml::from_str(
            "indicators:\n  - { id: n, label: N, value: 12345678901234567891, threshold: 9007199254740993 }\n",
        )
        .expect("indicators");
        let n = &file.indicators[0];
        assert_eq!(
            n.value_text(&Locale::english()),
            "12,345,678,901,234,567,891"
        );
        assert_eq!(
            n.field("threshold", &Locale::english()).as_deref(),
            Some("9,007,199,254,740,993")
        );
        assert_eq!(n.value, 12345678901234567891.0);
        for bad in [".inf", "-.inf", ".nan"] {
            let text = format!("indicators:\n  - {{ id: n, label: N, value: {bad} }}\n");
            assert!(
                serde_yaml::from_str::<IndicatorsFile>(&text).is_err(),
                "{bad}"
            );
            let text =
                format!("indicators:\n  - {{ id: n, label: N, value: 1, threshold: {bad} }}\n");
            assert!(
                serde_yaml::from_str::<IndicatorsFile>(&text).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn ranks_print_as_ordinals() {
        let mut rank = ind(12.0, None, None);
        rank.ordinal = true;
        assert_eq!(rank.value_text(&Locale::english()), "12th");
        for (n, s) in [
            (1.0, "1st"),
            (2.0, "2nd"),
            (3.0, "3rd"),
            (11.0, "11th"),
            (22.0, "22nd"),
            (34.0, "34th"),
            (113.0, "113th"),
        ] {
            assert_eq!(
                rank.number_text(&Decimal::from_f64(n).expect("finite"), &Locale::english()),
                s
            );
        }
    }
}
