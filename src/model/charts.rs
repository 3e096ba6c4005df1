//! The schema of a figure, `data/fig-*.yaml`: a chart drawn at build time from inline data or
//! from a box's columns, a diagram (`model::diagrams`), or a static image drawn elsewhere.

use crate::model::diagrams::{DiagramLayout, Direction, EdgeSpec, NodeSpec};
use crate::model::value::Scalar;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartSpec {
    /// Taken from the file name when absent; must match it when present.
    #[serde(default)]
    pub id: String,
    #[serde(deserialize_with = "crate::model::text::one")]
    pub title: String,
    #[serde(default, deserialize_with = "crate::model::text::optional")]
    pub subtitle: Option<String>,
    /// Required for a chart; absent for a static image.
    #[serde(default, rename = "type")]
    pub kind: Option<ChartType>,
    /// `horizontal` draws bars sideways (bar, grouped-bar, stacked-bar).
    #[serde(default)]
    pub orientation: Option<Orientation>,
    /// Bars in order of their value (a stacked bar's by its total), largest first
    /// (`descending`) or smallest first (`ascending`), rather than as the data lists them.
    #[serde(default)]
    pub sort: Option<SortOrder>,
    /// The named palette its series (a pie's slices) take their colours from, in order:
    /// `okabe-ito` (the default), `tableau10`, `greys`, `blues` (`plot::colors`).
    #[serde(default)]
    pub palette: Option<String>,
    /// Each bar's or point's value printed on the chart (`true`); a series' own `labels`
    /// overrides it.
    #[serde(default)]
    pub labels: Option<bool>,
    /// Lines at a value and bands over categories or values, each named.
    #[serde(default)]
    pub reference: Vec<ReferenceSpec>,
    /// Notes on single points, each drawn beside its point with a leader line.
    #[serde(default)]
    pub annotations: Vec<AnnotationSpec>,
    /// One small chart per series, side by side on the same scale (line, area, bar and
    /// grouped-bar charts of several series).
    #[serde(default)]
    pub small_multiples: bool,
    /// Take the data from this box of the edition …
    #[serde(default)]
    pub from: Option<String>,
    /// … with this column as the categories.
    #[serde(default)]
    pub x: Option<String>,
    /// Inline categories (x values or slice names).
    #[serde(default)]
    pub categories: Vec<Scalar>,
    #[serde(default)]
    pub series: Vec<SeriesSpec>,
    #[serde(default, deserialize_with = "crate::model::text::optional")]
    pub x_label: Option<String>,
    #[serde(default, deserialize_with = "crate::model::text::optional")]
    pub y_label: Option<String>,
    #[serde(default, deserialize_with = "crate::model::text::optional")]
    pub y_right_label: Option<String>,
    /// Markdown.
    #[serde(default, deserialize_with = "crate::model::text::optional")]
    pub source: Option<String>,
    /// Markdown.
    #[serde(default, deserialize_with = "crate::model::text::optional")]
    pub notes: Option<String>,
    /// A static figure: an SVG, PNG or JPEG under the edition folder.
    #[serde(default)]
    pub image: Option<String>,
    /// The image's text alternative.
    #[serde(default, deserialize_with = "crate::model::text::optional")]
    pub alt: Option<String>,
    /// A diagram's layout: `tree` or `flow`.
    #[serde(default)]
    pub layout: Option<DiagramLayout>,
    /// A flow's direction: `right` (the default) or `down`.
    #[serde(default)]
    pub direction: Option<Direction>,
    /// A tree with more than one top box.
    #[serde(default)]
    pub several_roots: bool,
    #[serde(default)]
    pub nodes: Vec<NodeSpec>,
    #[serde(default)]
    pub edges: Vec<EdgeSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesSpec {
    #[serde(default, deserialize_with = "crate::model::text::optional")]
    pub label: Option<String>,
    /// With `from`: the box column that gives the values.
    #[serde(default)]
    pub column: Option<String>,
    /// Inline values, one per category.
    #[serde(default)]
    pub values: Vec<Scalar>,
    /// In a combo chart: how this series is drawn.
    #[serde(default, rename = "as")]
    pub draw_as: Option<SeriesKind>,
    #[serde(default)]
    pub axis: Option<AxisSide>,
    #[serde(default, deserialize_with = "crate::model::text::optional")]
    pub unit: Option<String>,
    #[serde(default)]
    pub decimals: Option<u8>,
    /// `#rrggbb`, or the name of a colour of the chart's palette. Kept as written (even an
    /// empty value: `color: #0072B2` unquoted is a YAML comment) for resolve to check.
    #[serde(default, deserialize_with = "present")]
    pub color: Option<Scalar>,
    /// This series' values printed on the chart, or not, whatever the figure's `labels`.
    #[serde(default)]
    pub labels: Option<bool>,
}

/// A key that is there, whatever its value, even nothing.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Scalar>, D::Error> {
    Scalar::deserialize(d).map(Some)
}

/// A reference drawn over a chart: a line at a value (`y`), a band between two values
/// (`y_from`, `y_to`), or a band over categories (`from`, `to`); always with a `label`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceSpec {
    #[serde(default)]
    pub y: Option<Scalar>,
    #[serde(default)]
    pub y_from: Option<Scalar>,
    #[serde(default)]
    pub y_to: Option<Scalar>,
    #[serde(default)]
    pub from: Option<Scalar>,
    #[serde(default)]
    pub to: Option<Scalar>,
    #[serde(default, deserialize_with = "crate::model::text::optional")]
    pub label: Option<String>,
    /// The value axis `y` is read on, in a chart with two (`left` by default).
    #[serde(default)]
    pub axis: Option<AxisSide>,
}

/// A note on one point of a chart: the category (`x`), the series (by its label; optional
/// when there is one) and the note's `text`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnotationSpec {
    #[serde(default)]
    pub x: Option<Scalar>,
    #[serde(default, deserialize_with = "crate::model::text::optional")]
    pub series: Option<String>,
    #[serde(default, deserialize_with = "crate::model::text::optional")]
    pub text: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChartType {
    Bar,
    GroupedBar,
    StackedBar,
    Line,
    Area,
    Combo,
    Pie,
    Donut,
    Diagram,
}

impl ChartType {
    /// The kind's name in English, as the figure's JSON download states it (a reader's
    /// page names it in the page's language: [`ChartType::label_key`]).
    pub fn describe(self) -> &'static str {
        match self {
            ChartType::Bar => "Bar chart",
            ChartType::GroupedBar => "Grouped bar chart",
            ChartType::StackedBar => "Stacked bar chart",
            ChartType::Line => "Line chart",
            ChartType::Area => "Area chart",
            ChartType::Combo => "Bar and line chart",
            ChartType::Pie => "Pie chart",
            ChartType::Donut => "Donut chart",
            ChartType::Diagram => "Diagram",
        }
    }

    /// The label that names this kind of chart to a reader (`chart_bar`: "Bar chart").
    pub fn label_key(self) -> &'static str {
        match self {
            ChartType::Bar => "chart_bar",
            ChartType::GroupedBar => "chart_grouped_bar",
            ChartType::StackedBar => "chart_stacked_bar",
            ChartType::Line => "chart_line",
            ChartType::Area => "chart_area",
            ChartType::Combo => "chart_combo",
            ChartType::Pie => "chart_pie",
            ChartType::Donut => "chart_donut",
            // A diagram describes itself (`describe_tree`, `describe_flow`).
            ChartType::Diagram => "figure",
        }
    }

    pub fn is_round(self) -> bool {
        matches!(self, ChartType::Pie | ChartType::Donut)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    Descending,
    Ascending,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Orientation {
    Vertical,
    Horizontal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SeriesKind {
    Bar,
    Line,
    Area,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AxisSide {
    Left,
    Right,
}
