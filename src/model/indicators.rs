//! Indicators: named values of an edition, `data/indicators.yaml`, that the narrative quotes
//! with `{{< value id >}}` so its numbers follow the data.

use crate::render::number_format::{NumberFormat, format_number};
use serde::Deserialize;

/// `data/indicators.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorsFile {
    pub indicators: Vec<Indicator>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub id: String,
    pub label: String,
    pub value: f64,
    /// `%` prints right after the number, other units after a no-break space.
    #[serde(default)]
    pub unit: Option<String>,
    /// Fixed decimals; as many as the value needs when absent.
    #[serde(default)]
    pub decimals: Option<u8>,
    /// Print as an ordinal: `12` → `12th` (ranks).
    #[serde(default)]
    pub ordinal: bool,
    /// The year the value is for.
    #[serde(default)]
    pub year: Option<i32>,
    /// Markdown-free text naming where the value comes from.
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub threshold: Option<f64>,
    #[serde(default)]
    pub direction: Option<Direction>,
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
    /// The number alone, formatted (`2.44`, `798,000`, `12th`).
    pub fn number_text(&self, value: f64) -> String {
        if self.ordinal {
            return ordinal(&format_number(value, Some(0), true));
        }
        format_number(value, self.decimals, true)
    }

    /// The value with its unit, as the narrative prints it (`2.44%`, `279 billion yuan`).
    pub fn value_text(&self) -> String {
        self.with_unit(self.value)
    }

    /// Any number of this indicator (its value, its threshold) in its format and unit.
    pub fn with_unit(&self, value: f64) -> String {
        if self.ordinal {
            return self.number_text(value);
        }
        NumberFormat {
            decimals: self.decimals,
            grouping: true,
            unit: self.unit.as_deref(),
        }
        .format(value)
    }

    /// The threshold as its author wrote it (`2%`, not the value's `2.00%`).
    pub fn threshold_text(&self) -> Option<String> {
        let t = self.threshold?;
        Some(if self.ordinal {
            self.number_text(t)
        } else {
            NumberFormat {
                decimals: None,
                grouping: true,
                unit: self.unit.as_deref(),
            }
            .format(t)
        })
    }

    pub fn status(&self) -> Option<ThresholdStatus> {
        let threshold = self.threshold?;
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

    /// A field as text; `None` when the indicator has no such value (no year, say).
    pub fn field(&self, field: &str) -> Option<String> {
        match field {
            "value" => Some(self.value_text()),
            "number" => Some(self.number_text(self.value)),
            "label" => Some(self.label.clone()),
            "unit" => self.unit.clone(),
            "year" => self.year.map(|y| y.to_string()),
            "source" => self.source.clone(),
            "threshold" => self.threshold_text(),
            "status" => self
                .status()
                .map(|s| s.describe(self.direction).to_string()),
            _ => None,
        }
    }
}

impl ThresholdStatus {
    pub fn describe(self, direction: Option<Direction>) -> &'static str {
        match (self, direction) {
            (ThresholdStatus::Met, Some(Direction::Lower)) => "at or below the threshold",
            (ThresholdStatus::NotMet, Some(Direction::Lower)) => "above the threshold",
            (ThresholdStatus::Met, _) => "at or above the threshold",
            (ThresholdStatus::NotMet, _) => "below the threshold",
        }
    }
}

/// `12` → `12th`, `22` → `22nd`, `111` → `111th` (on a formatted whole number).
fn ordinal(number: &str) -> String {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let n: u64 = digits.parse().unwrap_or(0);
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{number}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ind(value: f64, unit: Option<&str>, decimals: Option<u8>) -> Indicator {
        Indicator {
            id: "x".into(),
            label: "X".into(),
            value,
            unit: unit.map(str::to_string),
            decimals,
            ordinal: false,
            year: Some(2021),
            source: None,
            threshold: Some(2.0),
            direction: Some(Direction::Higher),
        }
    }

    #[test]
    fn values_print_with_their_unit_and_decimals() {
        assert_eq!(ind(2.44, Some("%"), Some(2)).value_text(), "2.44%");
        assert_eq!(
            ind(798000.0, Some("items"), None).value_text(),
            "798,000\u{a0}items"
        );
        assert_eq!(
            ind(1.9, Some("%"), Some(2)).field("threshold").as_deref(),
            Some("2%")
        );
        assert_eq!(ind(2.44, None, None).field("year").as_deref(), Some("2021"));
        assert_eq!(
            ind(2.44, None, None).field("status").as_deref(),
            Some("at or above the threshold")
        );
        assert_eq!(
            ind(1.5, None, None).field("status").as_deref(),
            Some("below the threshold")
        );
        assert_eq!(ind(1.5, None, None).field("nope"), None);
    }

    #[test]
    fn ranks_print_as_ordinals() {
        let mut rank = ind(12.0, None, None);
        rank.ordinal = true;
        assert_eq!(rank.value_text(), "12th");
        for (n, s) in [
            (1.0, "1st"),
            (2.0, "2nd"),
            (3.0, "3rd"),
            (11.0, "11th"),
            (22.0, "22nd"),
            (34.0, "34th"),
            (113.0, "113th"),
        ] {
            assert_eq!(rank.number_text(n), s);
        }
    }
}
