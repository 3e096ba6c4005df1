//! What resolve hands to drawing: a chart's data, checked, as plain numbers per category; a
//! diagram's nodes and edges; and the font both are measured with.

pub mod diagram;
pub mod font;
pub mod scale;
pub mod text;

use crate::model::charts::{AxisSide, ChartType, SeriesKind};
use serde::Serialize;

/// A chart's data, checked: one value per category in every series.
#[derive(Debug, Clone, Serialize)]
pub struct Plot {
    #[serde(skip)]
    pub kind: ChartType,
    pub horizontal: bool,
    pub categories: Vec<String>,
    pub series: Vec<PlotSeries>,
    pub x_label: Option<String>,
    pub y_label: Option<String>,
    pub y_right_label: Option<String>,
    /// What its categories are, for the head of its data table: the box column a chart is
    /// drawn `from` (`Year`), else its `x_label`.
    pub category_name: Option<String>,
    /// The language its numbers and words are written in.
    #[serde(skip)]
    pub locale: crate::locale::Locale,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlotSeries {
    pub label: String,
    pub values: Vec<f64>,
    pub draw_as: SeriesKind,
    pub axis: AxisSide,
    pub unit: Option<String>,
    pub decimals: Option<u8>,
}

impl Plot {
    /// What the value axis on `side` must hold: the lowest and the highest value of the series
    /// drawn against it (for stacked bars, of each category's sums of positive and of negative
    /// values), with zero, and whether every value is whole. `None` when no series uses it.
    pub fn extent(&self, side: AxisSide) -> Option<(f64, f64, bool)> {
        let series: Vec<&PlotSeries> = self.series.iter().filter(|s| s.axis == side).collect();
        if series.is_empty() {
            return None;
        }
        let (mut min, mut max) = (0.0f64, 0.0f64);
        if self.kind == ChartType::StackedBar {
            for i in 0..self.categories.len() {
                let pos: f64 = series.iter().map(|s| s.values[i].max(0.0)).sum();
                let neg: f64 = series.iter().map(|s| s.values[i].min(0.0)).sum();
                // A sum past the range of numbers is infinite, for the check to see.
                max = max.max(pos);
                min = min.min(neg);
            }
        } else {
            for s in &series {
                for v in &s.values {
                    max = max.max(*v);
                    min = min.min(*v);
                }
            }
        }
        let whole = series
            .iter()
            .all(|s| s.values.iter().all(|v| v.fract() == 0.0));
        Some((min, max, whole))
    }
}
