//! The schema of a box: a numbered data table, `data/box-*.yaml`.

use serde::Deserialize;

/// One row: column key → raw value, in the order written.
pub type Row = serde_yaml::Mapping;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoxSpec {
    /// Taken from the file name when absent; must match it when present.
    #[serde(default)]
    pub id: String,
    pub title: String,
    /// Markdown shown above the table.
    #[serde(default)]
    pub intro: Option<String>,
    /// Markdown shown below the table.
    #[serde(default)]
    pub outro: Option<String>,
    pub columns: Vec<Column>,
    /// The rows, when the table has no groups.
    #[serde(default)]
    pub rows: Vec<Row>,
    /// Rows under group labels ("Innovation", "Outbound", …).
    #[serde(default)]
    pub groups: Vec<Group>,
    /// Columns whose equal neighbours become one cell (rowspan).
    #[serde(default)]
    pub merge: Vec<String>,
    /// Markdown.
    #[serde(default)]
    pub source: Option<String>,
    /// Markdown.
    #[serde(default)]
    pub notes: Option<String>,
    /// A computed totals row.
    #[serde(default)]
    pub total: Option<Total>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    pub key: String,
    pub label: String,
    #[serde(default, rename = "type")]
    pub kind: ColumnType,
    /// Fixed decimals for numbers.
    #[serde(default)]
    pub decimals: Option<u8>,
    /// Printed after a number (`%` directly, other units after a space).
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub align: Option<Align>,
    /// A width hint, such as `30%` or `12em`.
    #[serde(default)]
    pub width: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnType {
    #[default]
    Text,
    Markdown,
    Integer,
    Number,
    Percent,
}

impl ColumnType {
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            ColumnType::Integer | ColumnType::Number | ColumnType::Percent
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    Left,
    Right,
    Center,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub label: String,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Total {
    #[serde(default = "default_total_label")]
    pub label: String,
    /// The numeric columns to sum.
    pub columns: Vec<String>,
}

fn default_total_label() -> String {
    "Total".to_string()
}
