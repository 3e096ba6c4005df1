//! What resolve hands to drawing: a chart's data, checked, as plain numbers per category; a
//! diagram's nodes and edges; and the font both are measured with.

pub mod colors;
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
    /// How it is drawn beyond its data: its palette, reference lines and bands.
    #[serde(flatten)]
    pub options: PlotOptions,
}

/// How a chart is drawn beyond its data.
#[derive(Debug, Clone, Serialize)]
pub struct PlotOptions {
    /// The colours its series (a pie's slices) take in order.
    #[serde(skip)]
    pub palette: &'static colors::Palette,
    /// Its reference lines and bands, in the order written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Reference>,
    /// Its notes on single points, in the order written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<Annotation>,
    /// Drawn as one small chart per series (`small_multiples: true`).
    #[serde(skip)]
    pub small_multiples: bool,
    /// The extent every value axis takes instead of its own series': one panel of small
    /// multiples drawn on the scale of all of them.
    #[serde(skip)]
    pub shared_extent: Option<(f64, f64, bool)>,
    /// Keep the band for labels and notes above the plot even without any here: a panel of
    /// small multiples whose siblings have them, so that every panel's axes line up.
    #[serde(skip)]
    pub label_band: bool,
}

/// The widest an annotation's text may be, in the SVG's units at the tick size (about 35
/// characters): one line that fits beside its point on a phone's canvas too.
pub const ANNOTATION_MAX_WIDTH: u32 = 240;

/// The widest the tick labels of a chart's value axes may be, all axes together, in the SVG's
/// units at the tick size (about 100,000,000,000 written out): what a phone's canvas gives
/// them while keeping half its width for the plot. Resolve refuses data whose ticks need
/// more, asking for a larger unit.
pub const TICK_LABELS_MAX_WIDTH: u32 = 120;

/// A note on one point, checked.
#[derive(Debug, Clone, Serialize)]
pub struct Annotation {
    /// The category it is at, as written in the chart …
    pub x: String,
    /// … and the series' label.
    pub series: String,
    pub text: String,
    /// The category's index and the series'.
    #[serde(skip)]
    pub at: (usize, usize),
}

impl Default for PlotOptions {
    fn default() -> Self {
        PlotOptions {
            palette: &colors::OKABE_ITO,
            references: Vec::new(),
            annotations: Vec::new(),
            small_multiples: false,
            shared_extent: None,
            label_band: false,
        }
    }
}

/// A reference drawn over a chart, checked.
#[derive(Debug, Clone, Serialize)]
pub struct Reference {
    pub label: String,
    /// The decimals its values are written with (as many as the YAML gives them).
    #[serde(skip)]
    pub decimals: Option<u8>,
    #[serde(flatten)]
    pub kind: ReferenceKind,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceKind {
    /// A line at a value of the axis on `axis`.
    Line { y: f64, axis: AxisSide },
    /// A band between two values (`low` ≤ `high`).
    ValueBand { low: f64, high: f64, axis: AxisSide },
    /// A band over the categories `first..=last` (indexes, `first` ≤ `last`), named `from`
    /// and `to` (for the figure's JSON).
    CategoryBand {
        #[serde(skip)]
        first: usize,
        #[serde(skip)]
        last: usize,
        from: String,
        to: String,
    },
}

impl Reference {
    /// The values it needs its axis on `side` to hold.
    pub fn values_on(&self, side: AxisSide) -> Vec<f64> {
        match self.kind {
            ReferenceKind::Line { y, axis } if axis == side => vec![y],
            ReferenceKind::ValueBand { low, high, axis } if axis == side => vec![low, high],
            _ => Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PlotSeries {
    pub label: String,
    pub values: Vec<f64>,
    pub draw_as: SeriesKind,
    pub axis: AxisSide,
    pub unit: Option<String>,
    pub decimals: Option<u8>,
    /// The colour its `color:` gives it, else it takes its turn in the palette.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<colors::Rgb>,
    /// Its values printed beside its bars or points (`labels:`).
    #[serde(skip)]
    pub labels: bool,
}

impl PlotSeries {
    /// A value as its data table and its label on the chart write it: its `decimals`, the
    /// language's digits and grouping, and a `%` when its unit is one (another unit heads the
    /// table's column and titles the axis instead).
    pub fn format(&self, value: f64, numbers: crate::locale::Numbers) -> String {
        let n = numbers.number(value, self.decimals, true);
        if self.unit.as_deref() == Some("%") {
            numbers.with_unit(n, "%")
        } else {
            n
        }
    }
}

impl Plot {
    /// The colour of the `i`-th series: its own, else the next of the palette's colours that
    /// no series has as its own (so that a series given the palette's first colour does not
    /// share it with the series that would have taken it).
    pub fn series_color(&self, i: usize) -> colors::Rgb {
        if let Some(c) = self.series.get(i).and_then(|s| s.color) {
            return c;
        }
        let free = self.free_colors();
        let rank = self.series[..i.min(self.series.len())]
            .iter()
            .filter(|s| s.color.is_none())
            .count();
        match free.len() {
            0 => self.options.palette.color(i),
            n => free[rank % n],
        }
    }

    /// The palette's colours that no series has as its own, in order.
    pub fn free_colors(&self) -> Vec<colors::Rgb> {
        self.options
            .palette
            .colors
            .iter()
            .map(|(_, c)| *c)
            .filter(|c| !self.series.iter().any(|s| s.color == Some(*c)))
            .collect()
    }

    /// One panel of its small multiples: the `i`-th series alone, in its own colour, with its
    /// notes, on the scale of every series.
    pub fn panel(&self, i: usize) -> Plot {
        let mut p = self.clone();
        p.options.shared_extent = self.extent(AxisSide::Left);
        p.options.small_multiples = false;
        p.options.label_band =
            self.series.iter().any(|s| s.labels) || !self.options.annotations.is_empty();
        let mut s = self.series[i].clone();
        s.color = Some(self.series_color(i));
        p.series = vec![s];
        p.options.annotations = self
            .options
            .annotations
            .iter()
            .filter(|a| a.at.1 == i)
            .map(|a| Annotation {
                at: (a.at.0, 0),
                ..a.clone()
            })
            .collect();
        p
    }

    /// The colour of a pie's `k`-th slice.
    pub fn slice_color(&self, k: usize) -> colors::Rgb {
        self.options.palette.color(k)
    }

    /// What the value axis on `side` must hold: the lowest and the highest value of the series
    /// drawn against it (for stacked bars, of each category's sums of positive and of negative
    /// values), with zero, and whether every value is whole. `None` when no series uses it.
    pub fn extent(&self, side: AxisSide) -> Option<(f64, f64, bool)> {
        let series: Vec<&PlotSeries> = self.series.iter().filter(|s| s.axis == side).collect();
        if series.is_empty() {
            return None;
        }
        if let Some(shared) = self.options.shared_extent {
            return Some(shared);
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
        // A reference line or band on this axis is drawn inside it.
        let marked: Vec<f64> = self
            .options
            .references
            .iter()
            .flat_map(|r| r.values_on(side))
            .collect();
        for v in &marked {
            max = max.max(*v);
            min = min.min(*v);
        }
        let whole = series
            .iter()
            .all(|s| s.values.iter().all(|v| v.fract() == 0.0))
            && marked.iter().all(|v| v.fract() == 0.0);
        Some((min, max, whole))
    }
}
