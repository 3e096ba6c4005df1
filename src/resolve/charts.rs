//! Checking a figure and gathering its data: inline categories and series, or a box's
//! columns joined by `from:`, into a [`Plot`] of plain numbers; or a static image, whose path
//! must stay inside its edition folder.

use crate::core::code::Code;
use crate::core::diagnostic::{Diagnostic, did_you_mean};
use crate::load::yaml::{Seg, Target, locate_in, place_at};
use crate::locale::Locale;
use crate::model::boxes::{Cell, ColumnType};
use crate::model::charts::{AxisSide, ChartType, Orientation, SeriesKind, SortOrder};
use crate::model::image::{ImageFile, image_type};
use crate::model::value::Scalar;
use crate::model::{ChartSpec, DataFile, Edition};
use crate::plot::colors::{self as palettes, OKABE_ITO, Palette, Rgb};
pub use crate::plot::diagram::Diagram;
pub use crate::plot::{Annotation, Plot, PlotOptions, PlotSeries, Reference, ReferenceKind};
use std::path::Path;

/// What a figure shows.
#[derive(Debug, Clone)]
pub enum FigureContent {
    Chart(Plot),
    Diagram(Diagram),
    Image(ImageFigure),
}

/// A figure drawn elsewhere.
#[derive(Debug, Clone)]
pub struct ImageFigure {
    /// Relative to the edition folder, `/`-separated; the same path under the edition's
    /// output folder.
    pub path: String,
    pub alt: String,
    pub bytes: Vec<u8>,
}

struct Check<'a> {
    file: &'a DataFile<ChartSpec>,
    /// The edition's language: the plot's numbers and default words.
    locale: &'a Locale,
    /// The label of the box column the categories come from, for the data table's head.
    category_name: Option<String>,
    diags: Vec<Diagnostic>,
    /// The chart's data comes from a box cell in error: that cell's own error says why, and
    /// the chart waits for it without an error of its own.
    waiting: bool,
}

impl Check<'_> {
    fn error(
        &mut self,
        code: Code,
        message: String,
        help: String,
        path: &[Seg<'_>],
        target: Target,
    ) {
        let d = Diagnostic::error(code, message).with_help(help);
        self.diags.push(place_at(d, &self.file.file, path, target));
    }
}

/// Checks a figure of `edition` and gathers its data: the content when it can be drawn, and
/// every problem found (warnings travel with a good figure too).
pub fn resolve_chart(
    edition: &Edition,
    file: &DataFile<ChartSpec>,
    locale: &Locale,
) -> (Option<FigureContent>, Vec<Diagnostic>) {
    let mut c = Check {
        file,
        locale,
        category_name: None,
        diags: Vec::new(),
        waiting: false,
    };
    let content = chart_content(edition, &mut c);
    (content, c.diags)
}

fn chart_content(edition: &Edition, c: &mut Check<'_>) -> Option<FigureContent> {
    let spec = &c.file.spec;
    if let Some(image) = &spec.image {
        if spec.kind.is_some() || !spec.series.is_empty() || spec.from.is_some() {
            c.error(
                Code::ChartData,
                "a figure is an `image` or a chart, not both".into(),
                "remove `image`, or remove type/series/from".into(),
                &[Seg::Key("image")],
                Target::Key,
            );
            return None;
        }
        return resolve_image(edition, c, image).map(FigureContent::Image);
    }
    if spec.kind == Some(ChartType::Diagram) {
        let (diagram, diags) = super::diagrams::resolve_diagram(c.file, c.locale);
        c.diags.extend(diags);
        return diagram.map(FigureContent::Diagram);
    }
    // A diagram's keys on a chart: a forgotten `type: diagram`, or keys left from one.
    let diagram_keys = [
        ("layout", spec.layout.is_some()),
        ("direction", spec.direction.is_some()),
        ("several_roots", spec.several_roots),
        ("nodes", !spec.nodes.is_empty()),
        ("edges", !spec.edges.is_empty()),
    ];
    if let Some((key, _)) = diagram_keys.iter().find(|(_, present)| *present) {
        c.error(
            Code::Diagram,
            format!("`{key}` belongs to a diagram, and this figure is not one"),
            "write `type: diagram` to draw boxes and links, or remove it".into(),
            &[Seg::Key(key)],
            Target::Key,
        );
        return None;
    }
    let Some(kind) = spec.kind else {
        c.error(
            Code::MissingKey,
            "a chart needs a `type`".into(),
            "add type: bar, line, area, stacked-bar, grouped-bar, combo, pie, donut or diagram (or `image:` for a static figure)".into(),
            &[Seg::Key("title")],
            Target::Key,
        );
        return None;
    };
    if spec.series.is_empty() {
        c.error(
            Code::ChartData,
            "this chart has no series".into(),
            "add `series:` with at least one series".into(),
            &[Seg::Key("type")],
            Target::Key,
        );
        return None;
    }
    let (mut categories, mut series) = match &spec.from {
        Some(box_id) => {
            if !spec.categories.is_empty() || spec.series.iter().any(|s| !s.values.is_empty()) {
                c.error(
                    Code::ChartData,
                    "a chart takes its data `from` a box or inline, not both".into(),
                    "remove `categories` and `values`, or `from`".into(),
                    &[Seg::Key("from")],
                    Target::Key,
                );
                return None;
            }
            if edition.data.is_unreadable(box_id) {
                // The box's own file is in error and says so; the chart waits for it quietly.
                return None;
            }
            from_box(edition, c, box_id)
        }
        None => inline(c),
    };
    if !c.diags.is_empty() || c.waiting {
        return None;
    }
    // Combo: bars on the left, then lines on the right, unless the author says otherwise.
    for (i, s) in series.iter_mut().enumerate() {
        let spec_s = &spec.series[i];
        s.draw_as = spec_s.draw_as.unwrap_or(match kind {
            ChartType::Line => SeriesKind::Line,
            ChartType::Area => SeriesKind::Area,
            ChartType::Combo if i > 0 => SeriesKind::Line,
            _ => SeriesKind::Bar,
        });
        s.axis = spec_s.axis.unwrap_or(
            if kind == ChartType::Combo && s.draw_as != SeriesKind::Bar {
                AxisSide::Right
            } else {
                AxisSide::Left
            },
        );
    }
    for (i, s) in series.iter_mut().enumerate() {
        s.labels = spec.series[i].labels.or(spec.labels).unwrap_or(false);
    }
    if kind.is_round() {
        // A pie's slices carry their shares, and its legend every value, already.
        let written = std::iter::once((vec![Seg::Key("labels")], spec.labels.is_some())).chain(
            spec.series.iter().enumerate().map(|(i, s)| {
                (
                    vec![Seg::Key("series"), Seg::Index(i), Seg::Key("labels")],
                    s.labels.is_some(),
                )
            }),
        );
        for (path, _) in written.filter(|(_, is)| *is) {
            c.error(
                Code::ChartData,
                "a pie's or donut's slices carry their shares, and its legend every value, already: it takes no `labels`".into(),
                "remove `labels`".into(),
                &path,
                Target::Key,
            );
        }
    }
    // Bars stand on the left axis (their zero is its zero); a bar on the right would be drawn
    // nowhere.
    for (i, s) in series.iter().enumerate() {
        if s.draw_as == SeriesKind::Bar && s.axis == AxisSide::Right {
            c.error(
                Code::ChartData,
                "bars are drawn against the left axis; this bar series asks for the right".into(),
                "remove `axis: right` from the bars, or draw this series `as: line` on the right axis".into(),
                &[Seg::Key("series"), Seg::Index(i), Seg::Key("axis")],
                Target::Value,
            );
        }
    }
    if kind.is_round() {
        if series.len() > 1 {
            c.error(
                Code::ChartData,
                format!(
                    "a {} chart shows one series",
                    if kind == ChartType::Pie {
                        "pie"
                    } else {
                        "donut"
                    }
                ),
                "keep one series, or use a grouped-bar chart".into(),
                &[Seg::Key("series"), Seg::Index(1)],
                Target::Value,
            );
        }
        for (j, v) in series[0].values.iter().enumerate() {
            if *v < 0.0 {
                let path = if spec.from.is_some() {
                    vec![Seg::Key("series"), Seg::Index(0)]
                } else {
                    vec![
                        Seg::Key("series"),
                        Seg::Index(0),
                        Seg::Key("values"),
                        Seg::Index(j),
                    ]
                };
                c.error(Code::NegativeSlice, format!("a slice of a pie cannot be negative ({v})"), "pie and donut charts show shares of a whole: use a bar chart for values below zero".into(), &path, Target::Value);
            }
        }
        if series[0].values.iter().all(|v| *v == 0.0) {
            c.error(
                Code::ChartData,
                "every slice of this pie is zero".into(),
                "give the slices values".into(),
                &[Seg::Key("series")],
                Target::Key,
            );
        }
    }
    if let Some(order) = spec.sort {
        if matches!(
            kind,
            ChartType::Bar | ChartType::GroupedBar | ChartType::StackedBar
        ) {
            sort_by_value(&mut categories, &mut series, order);
        } else {
            c.error(
                Code::ChartData,
                "`sort` orders the bars of a bar chart; this chart keeps its categories in the order written".into(),
                "remove `sort`, or draw the data as a bar, grouped-bar or stacked-bar chart".into(),
                &[Seg::Key("sort")],
                Target::Key,
            );
        }
    }
    if spec.small_multiples {
        let problem = if !matches!(
            kind,
            ChartType::Line | ChartType::Area | ChartType::Bar | ChartType::GroupedBar
        ) {
            Some((
                format!(
                    "`small_multiples` draws a line, area, bar or grouped-bar chart; this is a {}",
                    spec_kind_name(kind)
                ),
                "remove `small_multiples`, or draw the series as lines or bars".to_string(),
            ))
        } else if spec.orientation == Some(Orientation::Horizontal) {
            Some((
                "small multiples stand upright: sideways bars are drawn as one chart".into(),
                "remove `small_multiples` or `orientation: horizontal`".into(),
            ))
        } else if series.len() < 2 {
            Some((
                "small multiples draw one chart per series, and this chart has one".into(),
                "remove `small_multiples`, or add series".into(),
            ))
        } else if series.iter().any(|s| s.axis == AxisSide::Right) {
            Some((
                "small multiples share one value axis; a series here asks for the right one".into(),
                "remove `axis: right`, or `small_multiples`".into(),
            ))
        } else {
            None
        };
        if let Some((message, help)) = problem {
            c.error(
                Code::ChartData,
                message,
                help,
                &[Seg::Key("small_multiples")],
                Target::Key,
            );
        }
    }
    let palette = colors(c, kind, &mut series);
    let references = references(c, kind, &categories, &series);
    let annotations = annotations(c, kind, &categories, &series);
    if !c.diags.is_empty() {
        return None;
    }
    let plot = Plot {
        kind,
        horizontal: spec.orientation == Some(Orientation::Horizontal),
        categories,
        series,
        x_label: spec.x_label.clone(),
        y_label: spec.y_label.clone(),
        y_right_label: spec.y_right_label.clone(),
        category_name: spec.x_label.clone().or(c.category_name.take()),
        locale: c.locale.clone(),
        options: PlotOptions {
            palette,
            references,
            annotations,
            small_multiples: spec.small_multiples,
            shared_extent: None,
            label_band: false,
        },
    };
    check_range(c, &plot);
    c.diags.is_empty().then_some(FigureContent::Chart(plot))
}

/// The digits after the point of a number as written (`3.0`: 1), none in an exponent form.
fn written_decimals(text: &str) -> u8 {
    match text.split_once('.') {
        Some((_, frac)) if frac.bytes().all(|b| b.is_ascii_digit()) => frac.len().min(20) as u8,
        _ => 0,
    }
}

/// Why `v` is no number: its text as written, or what was found instead (a list, a mapping,
/// nothing), which has no text to quote.
fn not_a_number(v: &Scalar) -> String {
    match v.raw_text() {
        text if !text.is_empty() => format!("`{text}` is not a number"),
        _ => format!("found {} where a number belongs", v.describe()),
    }
}

/// A number written as `key` in a chart's YAML, else why not.
fn number_of(key: &str, v: &Scalar) -> Result<f64, String> {
    match v {
        Scalar::Other(_) | Scalar::Null => {
            Err(format!("`{key}` must be a number, found {}", v.describe()))
        }
        _ => match v.as_f64().filter(|f| f.is_finite()) {
            Some(f) if !matches!(v, Scalar::String(_)) => Ok(f),
            _ => Err(not_a_number(v)),
        },
    }
}

/// The index of the category written as `key: v`, else the message and the help that says
/// what there is.
fn category_of(key: &str, v: &Scalar, categories: &[String]) -> Result<usize, (String, String)> {
    let all = || {
        format!(
            "the categories of this chart are: {}",
            categories.join(", ")
        )
    };
    // A list, a mapping or a tagged value is never a category, nor is nothing (unless a
    // category was written empty).
    let written = match v {
        Scalar::Other(_) | Scalar::Tagged(_) => None,
        Scalar::Null if !categories.iter().any(String::is_empty) => None,
        _ => Some(v.raw_text()),
    };
    let Some(written) = written else {
        return Err((
            format!("`{key}` must be a category, found {}", v.describe()),
            format!("write one category as `categories:` does; {}", all()),
        ));
    };
    if let Some(i) = categories.iter().position(|c| *c == written) {
        return Ok(i);
    }
    Err((
        format!("`{written}` is not a category of this chart"),
        match did_you_mean(&written, categories.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`?"),
            None => all(),
        },
    ))
}

/// The chart's `reference:` lines and bands, checked: each with a label, and one of `y` (a
/// number), `y_from` and `y_to` (numbers), or `from` and `to` (categories of the chart, `to`
/// defaulting to `from`); a value on an axis the chart draws.
fn references(
    c: &mut Check<'_>,
    kind: ChartType,
    categories: &[String],
    series: &[PlotSeries],
) -> Vec<Reference> {
    let spec = &c.file.spec;
    if spec.reference.is_empty() {
        return Vec::new();
    }
    if kind.is_round() {
        c.error(
            Code::ChartReference,
            "a pie or donut has no axes to draw a reference line or band on".into(),
            "remove `reference`, or draw the data as a bar chart".into(),
            &[Seg::Key("reference")],
            Target::Key,
        );
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, r) in spec.reference.iter().enumerate() {
        let at = |key: &'static str| [Seg::Key("reference"), Seg::Index(i), Seg::Key(key)];
        let whole = [Seg::Key("reference"), Seg::Index(i)];
        let label = match r.label.as_deref().map(str::trim) {
            Some(l) if crate::plot::text::is_visible(l) => l.to_string(),
            _ => {
                c.error(
                    Code::ChartReference,
                    "a reference line or band needs a `label` saying what it marks".into(),
                    "add label: (\"Target\", \"Pandemic\"), which the chart prints beside it and its description reads out".into(),
                    &whole,
                    Target::Value,
                );
                continue;
            }
        };
        let axis = r.axis.unwrap_or(AxisSide::Left);
        let shape = (
            r.y.is_some(),
            r.y_from.is_some() || r.y_to.is_some(),
            r.from.is_some() || r.to.is_some(),
        );
        let kind = match shape {
            (true, false, false) => {
                let Some(y) = &r.y else { continue };
                match number_of("y", y) {
                    Ok(y) => ReferenceKind::Line { y, axis },
                    Err(m) => {
                        c.error(
                            Code::ChartReference,
                            m,
                            "write the value as a plain number (3.5, not \"3.5%\")".into(),
                            &at("y"),
                            Target::Value,
                        );
                        continue;
                    }
                }
            }
            (false, true, false) => {
                let mut ends = Vec::new();
                for key in ["y_from", "y_to"] {
                    let v = if key == "y_from" { &r.y_from } else { &r.y_to };
                    match v.as_ref().map(|v| number_of(key, v)) {
                        Some(Ok(v)) => ends.push(v),
                        Some(Err(m)) => c.error(
                            Code::ChartReference,
                            m,
                            "write the value as a plain number (3.5, not \"3.5%\")".into(),
                            &at(key),
                            Target::Value,
                        ),
                        None => c.error(
                            Code::ChartReference,
                            format!("a band between two values needs `{key}` too"),
                            "give both y_from: and y_to:".into(),
                            &whole,
                            Target::Value,
                        ),
                    }
                }
                let [a, b] = ends[..] else { continue };
                ReferenceKind::ValueBand {
                    low: a.min(b),
                    high: a.max(b),
                    axis,
                }
            }
            (false, false, true) => {
                if r.axis.is_some() {
                    c.error(
                        Code::ChartReference,
                        "a band over categories spans the whole value axis: it takes no `axis`"
                            .into(),
                        "remove `axis`".into(),
                        &at("axis"),
                        Target::Key,
                    );
                    continue;
                }
                // Each end written is checked once, where it is written; a band given one
                // end (`from` or `to` alone) covers that one category.
                let written: Vec<(&'static str, &Scalar)> = [("from", &r.from), ("to", &r.to)]
                    .into_iter()
                    .filter_map(|(key, v)| v.as_ref().map(|v| (key, v)))
                    .collect();
                let mut ends = Vec::new();
                for &(key, v) in &written {
                    match category_of(key, v, categories) {
                        Ok(k) => ends.push(k),
                        Err((message, help)) => {
                            c.error(Code::ChartReference, message, help, &at(key), Target::Value)
                        }
                    }
                }
                if ends.len() != written.len() {
                    continue;
                }
                let (a, b) = match ends[..] {
                    [a] => (a, a),
                    [a, b] => (a, b),
                    _ => continue,
                };
                let (first, last) = (a.min(b), a.max(b));
                ReferenceKind::CategoryBand {
                    first,
                    last,
                    from: categories[first].clone(),
                    to: categories[last].clone(),
                }
            }
            _ => {
                c.error(
                    Code::ChartReference,
                    "a reference is a line (`y`), a band between values (`y_from`, `y_to`) or a band over categories (`from`, `to`), one of them".into(),
                    "keep the keys of one kind: y: 3.0, or y_from: 1 and y_to: 2, or from: 2020 and to: 2021".into(),
                    &whole,
                    Target::Value,
                );
                continue;
            }
        };
        if matches!(
            kind,
            ReferenceKind::Line { .. } | ReferenceKind::ValueBand { .. }
        ) && !series.iter().any(|s| s.axis == axis)
        {
            c.error(
                Code::ChartReference,
                "no series of this chart is drawn against the right axis".into(),
                "remove `axis: right`, or draw a series on the right axis".into(),
                &at("axis"),
                Target::Value,
            );
            continue;
        }
        let decimals = [&r.y, &r.y_from, &r.y_to]
            .into_iter()
            .flatten()
            .map(|v| written_decimals(&v.raw_text()))
            .max();
        out.push(Reference {
            label,
            decimals,
            kind,
        });
    }
    out
}

/// A chart type as its `type:` writes it.
fn spec_kind_name(kind: ChartType) -> &'static str {
    match kind {
        ChartType::Bar => "bar",
        ChartType::GroupedBar => "grouped-bar",
        ChartType::StackedBar => "stacked-bar",
        ChartType::Line => "line",
        ChartType::Area => "area",
        ChartType::Combo => "combo",
        ChartType::Pie => "pie",
        ChartType::Donut => "donut",
        ChartType::Diagram => "diagram",
    }
}

/// The chart's `annotations:`, checked: each at a category of the chart (`x`), on a series
/// named by its label (or the only one), with a `text` short enough for one line.
fn annotations(
    c: &mut Check<'_>,
    kind: ChartType,
    categories: &[String],
    series: &[PlotSeries],
) -> Vec<Annotation> {
    let spec = &c.file.spec;
    if spec.annotations.is_empty() {
        return Vec::new();
    }
    if kind.is_round() {
        c.error(
            Code::ChartAnnotation,
            "a pie's or donut's slices are named in its legend: it takes no `annotations`".into(),
            "remove `annotations`, and say it in the figure's notes".into(),
            &[Seg::Key("annotations")],
            Target::Key,
        );
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, a) in spec.annotations.iter().enumerate() {
        let at = |key: &'static str| [Seg::Key("annotations"), Seg::Index(i), Seg::Key(key)];
        let whole = [Seg::Key("annotations"), Seg::Index(i)];
        let Some(x) = &a.x else {
            c.error(
                Code::ChartAnnotation,
                "an annotation needs `x`, the category of the point it is on".into(),
                format!("add x: with one of: {}", categories.join(", ")),
                &whole,
                Target::Value,
            );
            continue;
        };
        let category = match category_of("x", x, categories) {
            Ok(k) => k,
            Err((message, help)) => {
                c.error(
                    Code::ChartAnnotation,
                    message,
                    help,
                    &at("x"),
                    Target::Value,
                );
                continue;
            }
        };
        let labels: Vec<&str> = series.iter().map(|s| s.label.as_str()).collect();
        let on = match (a.series.as_deref(), series.len()) {
            (None, 1) => 0,
            (None, _) => {
                c.error(
                    Code::ChartAnnotation,
                    "this chart has several series: an annotation says which one it is on".into(),
                    format!("add series: with one of: {}", labels.join(", ")),
                    &whole,
                    Target::Value,
                );
                continue;
            }
            (Some(name), _) => match labels.iter().position(|l| *l == name) {
                Some(i) => i,
                None => {
                    let help = match did_you_mean(name, labels.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("the series of this chart are: {}", labels.join(", ")),
                    };
                    c.error(
                        Code::ChartAnnotation,
                        format!("this chart has no series `{name}`"),
                        help,
                        &at("series"),
                        Target::Value,
                    );
                    continue;
                }
            },
        };
        let text = match a.text.as_deref().map(str::trim) {
            Some(t) if crate::plot::text::is_visible(t) => crate::plot::text::clean(t),
            _ => {
                c.error(
                    Code::ChartAnnotation,
                    "an annotation needs a `text`".into(),
                    "add text: with a few words (\"Record high\")".into(),
                    &whole,
                    Target::Value,
                );
                continue;
            }
        };
        crate::plot::font::ensure_registered();
        let wide = crate::plot::text::width(&text, crate::plot::text::TICK_SIZE);
        if wide > crate::plot::ANNOTATION_MAX_WIDTH {
            c.error(
                Code::ChartAnnotation,
                format!(
                    "this annotation is {wide} pixels wide, and one line beside its point holds {}",
                    crate::plot::ANNOTATION_MAX_WIDTH
                ),
                "keep it to a few words (about 35 characters); the figure's notes have room for more".into(),
                &at("text"),
                Target::Value,
            );
            continue;
        }
        out.push(Annotation {
            x: categories[category].clone(),
            series: series[on].label.clone(),
            text,
            at: (category, on),
        });
    }
    out
}

/// The chart's palette (`palette:`, else Okabe–Ito's) and each series' own `color:`, checked:
/// a palette of that name, a colour that is `#rrggbb` or a name in the palette, no colour on a
/// pie's one series (its slices take the palette's colours), and no more series or slices
/// than a sequential palette has steps.
fn colors(c: &mut Check<'_>, kind: ChartType, series: &mut [PlotSeries]) -> &'static Palette {
    let spec = &c.file.spec;
    let palette = match spec.palette.as_deref() {
        None => &OKABE_ITO,
        Some(name) => match palettes::palette(name) {
            Some(p) => p,
            None => {
                let names = palettes::PALETTES.map(|p| p.name);
                let help = match did_you_mean(name, names) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("the palettes are: {}", names.join(", ")),
                };
                c.error(
                    Code::ChartColor,
                    format!("there is no palette `{name}`"),
                    help,
                    &[Seg::Key("palette")],
                    Target::Value,
                );
                &OKABE_ITO
            }
        },
    };
    for (i, s) in spec.series.iter().enumerate() {
        let Some(written) = &s.color else {
            continue;
        };
        let path = [Seg::Key("series"), Seg::Index(i), Seg::Key("color")];
        if kind.is_round() {
            c.error(
                Code::ChartColor,
                "a pie's slices take the palette's colours in turn: one `color` would paint them all alike".into(),
                "remove `color`, or choose the slices' colours with `palette:`".into(),
                &path,
                Target::Key,
            );
            continue;
        }
        let text = match written {
            Scalar::String(t) => t.trim(),
            Scalar::Null => {
                c.error(
                    Code::ChartColor,
                    "this `color` has no value: unquoted, a `#` starts a YAML comment".into(),
                    "put the colour in quotes, as color: \"#0072B2\", or name one of the palette's colours".into(),
                    &path,
                    Target::Key,
                );
                continue;
            }
            other => {
                c.error(
                    Code::ChartColor,
                    format!("a `color` is text, not {}", other.describe()),
                    "write a colour as \"#rrggbb\" (in quotes) or name one of the palette's colours".into(),
                    &path,
                    Target::Value,
                );
                continue;
            }
        };
        let found = if text.starts_with('#') {
            Rgb::parse_hex(text).ok_or_else(|| {
                (
                    format!("`{text}` is not a colour"),
                    "write `#` and six hexadecimal digits (red, green and blue, 00 to FF each), in quotes: color: \"#0072B2\"".to_string(),
                )
            })
        } else {
            palette.named(text).ok_or_else(|| {
                let help = match did_you_mean(text, palette.names()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!(
                        "its colours are: {}; or write \"#rrggbb\"",
                        palette.names().collect::<Vec<_>>().join(", ")
                    ),
                };
                (
                    format!("the palette `{}` has no colour `{text}`", palette.name),
                    help,
                )
            })
        };
        match found {
            Ok(rgb) => {
                if let Some(s) = series.get_mut(i) {
                    s.color = Some(rgb);
                }
            }
            Err((message, help)) => c.error(Code::ChartColor, message, help, &path, Target::Value),
        }
    }
    if palette.sequential {
        let (count, steps, what) = if kind.is_round() {
            (
                series.first().map_or(0, |s| s.values.len()),
                palette.colors.len(),
                "slices",
            )
        } else {
            let taken: Vec<Rgb> = series.iter().filter_map(|s| s.color).collect();
            (
                series.iter().filter(|s| s.color.is_none()).count(),
                palette
                    .colors
                    .iter()
                    .filter(|(_, c)| !taken.contains(c))
                    .count(),
                "series",
            )
        };
        if count > steps {
            c.error(
                Code::ChartColor,
                format!(
                    "the palette `{}` has {steps} steps for this chart's {count} {what}",
                    palette.name
                ),
                "a step of a sequential palette may not repeat: choose okabe-ito or tableau10, give some series their own `color`, or draw fewer".into(),
                &[Seg::Key("palette")],
                Target::Value,
            );
        }
    }
    palette
}

/// The categories (and every series' values with them) in the order of their value: the sum
/// of their series (a stacked bar's total, a lone bar's value), largest first for
/// `descending`; equal values keep the order written.
fn sort_by_value(categories: &mut Vec<String>, series: &mut [PlotSeries], order: SortOrder) {
    let total = |i: usize| -> f64 { series.iter().map(|s| s.values[i]).sum() };
    let mut order_of: Vec<usize> = (0..categories.len()).collect();
    order_of.sort_by(|&a, &b| {
        let (x, y) = (total(a), total(b));
        match order {
            SortOrder::Descending => y.total_cmp(&x),
            SortOrder::Ascending => x.total_cmp(&y),
        }
    });
    *categories = order_of.iter().map(|&i| categories[i].clone()).collect();
    for s in series.iter_mut() {
        s.values = order_of.iter().map(|&i| s.values[i]).collect();
    }
}

/// Where the `j`-th value of the `i`-th series is written: inline, the value itself; from a
/// box, the series' `column`.
fn value_path(spec: &ChartSpec, i: usize, j: usize) -> Vec<Seg<'static>> {
    if spec.from.is_some() {
        vec![Seg::Key("series"), Seg::Index(i), Seg::Key("column")]
    } else {
        vec![
            Seg::Key("series"),
            Seg::Index(i),
            Seg::Key("values"),
            Seg::Index(j),
        ]
    }
}

/// Every value is a finite number, but sums and spans of them can leave the range of numbers
/// (about ±1.8 × 10^308): a pie's total, a stack of bars, an axis from the lowest value to the
/// highest. Such a chart is refused here, so that nothing draws `inf` or `NaN`.
fn check_range(c: &mut Check<'_>, plot: &Plot) {
    let spec = &c.file.spec;
    const HELP: &str = "these values are beyond what a chart can draw: check them (a wrong unit or a typo in an exponent?), or give them in a larger unit";
    if plot.kind.is_round() {
        let s = &plot.series[0];
        if !s.values.iter().sum::<f64>().is_finite() {
            let j = largest(&s.values);
            c.error(
                Code::ChartData,
                format!(
                    "the slices of `{}` add up past the largest number (about 1.8 × 10^308)",
                    s.label
                ),
                HELP.into(),
                &value_path(spec, 0, j),
                Target::Value,
            );
        }
        return;
    }
    // The ticks' labels of the axes that can be drawn: (side, widest label, its width).
    let mut ticks: Vec<(AxisSide, String, u32)> = Vec::new();
    for side in [AxisSide::Left, AxisSide::Right] {
        let Some((min, max, whole)) = plot.extent(side) else {
            continue;
        };
        if let Some(range) = crate::plot::scale::axis_range(min, max, whole) {
            crate::plot::font::ensure_registered();
            let unit = plot
                .series
                .iter()
                .find(|s| s.axis == side)
                .and_then(|s| s.unit.as_deref());
            let (label, wide) =
                crate::plot::scale::widest_tick_label(range, unit, plot.locale.numbers());
            ticks.push((side, label, wide));
            continue;
        }
        let on_side: Vec<usize> = (0..plot.series.len())
            .filter(|&i| plot.series[i].axis == side)
            .collect();
        let two_axes = plot.series.iter().any(|s| s.axis != side);
        let side_name = match (side, two_axes) {
            (_, false) => "value",
            (AxisSide::Left, true) => "left",
            (AxisSide::Right, true) => "right",
        };
        // A stack past the largest number: the series whose value takes it there.
        if plot.kind == ChartType::StackedBar && !(min.is_finite() && max.is_finite()) {
            for (j, category) in plot.categories.iter().enumerate() {
                let (mut pos, mut neg) = (0.0f64, 0.0f64);
                let over = on_side.iter().copied().find(|&i| {
                    let v = plot.series[i].values[j];
                    if v >= 0.0 {
                        pos += v
                    } else {
                        neg += v
                    }
                    !(pos.is_finite() && neg.is_finite())
                });
                if let Some(i) = over {
                    c.error(
                        Code::ChartData,
                        format!("the stacked bars of `{category}` add up past the largest number (about 1.8 × 10^308)"),
                        HELP.into(),
                        &value_path(spec, i, j),
                        Target::Value,
                    );
                    return;
                }
            }
        }
        // Otherwise the axis from the lowest value to the highest: at the farthest from zero.
        let (i, j) = on_side
            .iter()
            .map(|&i| (i, largest(&plot.series[i].values)))
            .max_by(|a, b| {
                let v =
                    |(i, j): (usize, usize)| plot.series[i].values.get(j).map_or(0.0, |v| v.abs());
                v(*a).total_cmp(&v(*b))
            })
            .unwrap_or((0, 0));
        let (message, help) = if min.abs().max(max.abs()) >= 1.0 {
            (
                format!(
                    "the {side_name} axis cannot be drawn: from its lowest value to its highest, rounded out to whole steps, it passes the largest number (about 1.8 × 10^308)"
                ),
                HELP.to_string(),
            )
        } else {
            (
                format!("the {side_name} axis cannot be drawn: its values are so close to zero that no step of an axis tells them apart"),
                "check these values (a typo in an exponent?), or give them in a smaller unit (thousandths, millionths)".to_string(),
            )
        };
        c.error(
            Code::ChartData,
            message,
            help,
            &value_path(spec, i, j),
            Target::Value,
        );
    }
    // Numbers too long to label an axis: a value axis shows them in full, as the data table
    // does, and neither a phone nor a page has room for thirty digits beside a plot.
    let total: u32 = ticks.iter().map(|t| t.2).sum();
    let max = crate::plot::TICK_LABELS_MAX_WIDTH;
    if total > max
        && let Some((side, label, _)) = ticks.iter().max_by_key(|t| t.2)
    {
        let side_name = if ticks.len() == 2 {
            match side {
                AxisSide::Left => "left",
                AxisSide::Right => "right",
            }
        } else {
            "value"
        };
        // A label of hundreds of digits is told by its start and its length.
        let digits = label.chars().filter(char::is_ascii_digit).count();
        let shown = if label.chars().count() > 30 {
            let start: String = label.chars().take(20).collect();
            format!("`{start}…` ({digits} digits)")
        } else {
            format!("`{label}`")
        };
        c.error(
            Code::ChartData,
            format!(
                "the numbers of the {side_name} axis are too long to label it: its ticks would read up to {shown}, and the axes' labels have room for {max} pixels, not {total}"
            ),
            "give the values in a larger unit (thousands, millions, billions) and say which in the series' `unit` or `y_label`; or check them (a wrong unit or a typo in an exponent?)".into(),
            &extreme_path(spec, plot, *side),
            Target::Value,
        );
    }
}

/// Where the value farthest from zero on `side`'s axis is written: a series' value, or a
/// reference line's or band's end when that is farther.
fn extreme_path(spec: &ChartSpec, plot: &Plot, side: AxisSide) -> Vec<Seg<'static>> {
    let mut best: (f64, Vec<Seg<'static>>) = (-1.0, vec![Seg::Key("series")]);
    for (i, s) in plot.series.iter().enumerate() {
        if s.axis != side {
            continue;
        }
        let j = largest(&s.values);
        if let Some(v) = s.values.get(j)
            && v.abs() > best.0
        {
            best = (v.abs(), value_path(spec, i, j));
        }
    }
    for (i, r) in spec.reference.iter().enumerate() {
        for (key, v) in [("y", &r.y), ("y_from", &r.y_from), ("y_to", &r.y_to)] {
            let on_side = r.axis.unwrap_or(AxisSide::Left) == side;
            if let Some(v) = v.as_ref().and_then(Scalar::as_f64)
                && on_side
                && v.abs() > best.0
            {
                best = (
                    v.abs(),
                    vec![Seg::Key("reference"), Seg::Index(i), Seg::Key(key)],
                );
            }
        }
    }
    best.1
}

/// The index of the value farthest from zero.
fn largest(values: &[f64]) -> usize {
    (0..values.len())
        .max_by(|&a, &b| values[a].abs().total_cmp(&values[b].abs()))
        .unwrap_or(0)
}

fn new_series(
    label: String,
    values: Vec<f64>,
    unit: Option<String>,
    decimals: Option<u8>,
) -> PlotSeries {
    PlotSeries {
        label,
        values,
        draw_as: SeriesKind::Bar,
        axis: AxisSide::Left,
        unit,
        decimals,
        color: None,
        labels: false,
    }
}

fn inline(c: &mut Check<'_>) -> (Vec<String>, Vec<PlotSeries>) {
    let spec = &c.file.spec;
    let categories: Vec<String> = spec
        .categories
        .iter()
        .map(|v| v.raw_text().into_owned())
        .collect();
    if categories.is_empty() {
        c.error(
            Code::ChartData,
            "this chart has no data".into(),
            "add `categories:` and `values:` to each series, or take the data `from:` a box".into(),
            &[Seg::Key("series")],
            Target::Key,
        );
        return (categories, Vec::new());
    }
    let mut series = Vec::new();
    for (i, s) in spec.series.iter().enumerate() {
        if s.values.len() != categories.len() {
            c.error(
                Code::SeriesLength,
                format!(
                    "this series has {} values for {} categories",
                    s.values.len(),
                    categories.len()
                ),
                "give every series one value per category, in the same order".into(),
                &[Seg::Key("series"), Seg::Index(i), Seg::Key("values")],
                Target::Key,
            );
            continue;
        }
        let mut values = Vec::with_capacity(s.values.len());
        for (j, v) in s.values.iter().enumerate() {
            match v.as_f64().filter(|f| f.is_finite()) {
                Some(f) => values.push(f),
                None => c.error(
                    Code::NotANumber,
                    not_a_number(v),
                    "write the raw number, without units or thousands separators (1842.5, not \"1,842.5\")".into(),
                    &[Seg::Key("series"), Seg::Index(i), Seg::Key("values"), Seg::Index(j)],
                    Target::Value,
                ),
            }
        }
        let label = s
            .label
            .clone()
            .unwrap_or_else(|| c.locale.fill("series", &[("n", &(i + 1).to_string())]));
        series.push(new_series(label, values, s.unit.clone(), s.decimals));
    }
    (categories, series)
}

fn from_box(edition: &Edition, c: &mut Check<'_>, box_id: &str) -> (Vec<String>, Vec<PlotSeries>) {
    let spec = &c.file.spec;
    let Some(b) = edition.data.find_box(box_id) else {
        let ids: Vec<&str> = edition
            .data
            .boxes
            .iter()
            .map(|b| b.spec.id.as_str())
            .collect();
        let help = match did_you_mean(box_id, ids.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("the boxes of this edition are: {}", ids.join(", ")),
        };
        c.error(
            Code::UnknownFromBox,
            format!("`from` names no box of this edition: `{box_id}`"),
            help,
            &[Seg::Key("from")],
            Target::Value,
        );
        return (Vec::new(), Vec::new());
    };
    let b = &b.spec;
    let keys: Vec<&str> = b.columns.iter().map(|col| col.key.as_str()).collect();
    let column = |c: &mut Check<'_>, key: &str, path: &[Seg<'_>]| {
        let found = b.columns.iter().find(|col| col.key == key);
        if found.is_none() {
            let help = match did_you_mean(key, keys.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("the columns of `{box_id}` are: {}", keys.join(", ")),
            };
            c.error(
                Code::UnknownFromColumn,
                format!("the box `{box_id}` has no column `{key}`"),
                help,
                path,
                Target::Value,
            );
        }
        found
    };
    let Some(x_key) = spec.x.as_deref() else {
        c.error(
            Code::MissingKey,
            "a chart `from` a box needs `x:`, the column of its categories".into(),
            format!("add x: with one of: {}", keys.join(", ")),
            &[Seg::Key("from")],
            Target::Key,
        );
        return (Vec::new(), Vec::new());
    };
    let x_col = column(c, x_key, &[Seg::Key("x")]);
    c.category_name = x_col.map(|x| x.label.clone());
    let mut value_cols = Vec::new();
    for (i, s) in spec.series.iter().enumerate() {
        match &s.column {
            Some(key) => value_cols.push(column(
                c,
                key,
                &[Seg::Key("series"), Seg::Index(i), Seg::Key("column")],
            )),
            None => {
                c.error(
                    Code::MissingKey,
                    "a series of a chart `from` a box needs `column:`".into(),
                    format!("add column: with one of: {}", keys.join(", ")),
                    &[Seg::Key("series"), Seg::Index(i)],
                    Target::Value,
                );
                value_cols.push(None);
            }
        }
    }
    let Some(x_col) = x_col else {
        return (Vec::new(), Vec::new());
    };
    if value_cols.iter().any(Option::is_none) {
        return (Vec::new(), Vec::new());
    }
    let collapse = b.merge.iter().any(|m| m == x_key);
    let mut categories: Vec<String> = Vec::new();
    let mut values: Vec<Vec<f64>> = vec![Vec::new(); value_cols.len()];
    for row in b.all_rows() {
        let x = match x_col.cell(row) {
            Ok(Cell::Text(t)) => t.into_owned(),
            Ok(Cell::Number(n)) => c.locale.numbers().digits(n.digits(), x_col.decimals, false),
            _ => String::new(),
        };
        let mut row_values = Vec::with_capacity(value_cols.len());
        for (i, col) in value_cols.iter().flatten().enumerate() {
            let v = match col.cell(row) {
                Ok(Cell::Number(n)) => Some(n.value()),
                // A number written in a text column; `inf`, `NaN` and `1e999` are not numbers.
                Ok(Cell::Text(t)) => t.trim().parse::<f64>().ok().filter(|v| v.is_finite()),
                Ok(Cell::Empty) => None,
                Err(_) => {
                    // Reported by the box's own check.
                    c.waiting = true;
                    return (Vec::new(), Vec::new());
                }
            };
            match v {
                Some(v) => row_values.push(v),
                None => {
                    c.error(
                        Code::NotANumber,
                        format!("the column `{}` of `{box_id}` has a cell that is not a number (row `{x}`)", col.key),
                        format!("chart columns must hold numbers; give `{}` a number type in {box_id}", col.key),
                        &[Seg::Key("series"), Seg::Index(i), Seg::Key("column")],
                        Target::Value,
                    );
                    return (Vec::new(), Vec::new());
                }
            }
        }
        if collapse && categories.last() == Some(&x) {
            let last = values[0].len() - 1;
            if values.iter().zip(&row_values).any(|(vs, v)| vs[last] != *v) {
                c.error(
                    Code::MergedValuesDiffer,
                    format!("the rows of `{x}` in `{box_id}` differ in a charted column"),
                    "rows merged on the x column must agree in every charted column".into(),
                    &[Seg::Key("x")],
                    Target::Value,
                );
                return (Vec::new(), Vec::new());
            }
            continue;
        }
        categories.push(x);
        for (vs, v) in values.iter_mut().zip(row_values) {
            vs.push(v);
        }
    }
    let series = spec
        .series
        .iter()
        .zip(values)
        .zip(value_cols.iter().flatten())
        .map(|((s, vals), col)| {
            let label = s.label.clone().unwrap_or_else(|| col.label.clone());
            // A percent column's cells carry their `%`: so do its series' ticks, labels
            // and data table.
            let percent = (col.kind == ColumnType::Percent).then(|| "%".to_string());
            new_series(
                label,
                vals,
                s.unit.clone().or_else(|| col.unit.clone()).or(percent),
                s.decimals.or(col.decimals),
            )
        })
        .collect();
    (categories, series)
}

fn resolve_image(edition: &Edition, c: &mut Check<'_>, image: &str) -> Option<ImageFigure> {
    let rel = Path::new(image);
    // The image is copied to the same path under the edition's output folder: it must be a
    // site path, the one rule for every file the build writes.
    if let Err(why) = crate::core::site_path::SitePath::parse(image) {
        c.error(
            Code::ImageOutside,
            format!("the image `{image}` is not a plain path inside the edition folder: {why}"),
            "give a path inside the edition folder, such as diagrams/org.svg (no `..`, no absolute path, no part starting with `.`)".into(),
            &[Seg::Key("image")],
            Target::Value,
        );
        return None;
    }
    let Some(ext) = image_type(image) else {
        c.error(
            Code::ImageType,
            format!("`{image}` is not an SVG, PNG or JPEG image"),
            "use an .svg, .png or .jpg file".into(),
            &[Seg::Key("image")],
            Target::Value,
        );
        return None;
    };
    match edition.data.images.get(image) {
        Some(ImageFile::FolderIsLink(shown)) => {
            c.error(
                Code::Symlink,
                format!(
                    "the folder `{shown}` on the image's path is a symlink, which is never followed"
                ),
                "put the image itself in a real folder of the edition".into(),
                &[Seg::Key("image")],
                Target::Value,
            );
            None
        }
        Some(ImageFile::IsLink) => {
            c.error(
                Code::Symlink,
                format!("the image `{image}` is a symlink, which is never followed"),
                "put the image file itself in the edition folder".into(),
                &[Seg::Key("image")],
                Target::Value,
            );
            None
        }
        Some(ImageFile::TooLarge) => {
            c.error(
                Code::FileTooLarge,
                format!("the image `{image}` is over 8 MiB"),
                "make it smaller".into(),
                &[Seg::Key("image")],
                Target::Value,
            );
            None
        }
        Some(ImageFile::Read(bytes)) => {
            // A PNG or JPEG must be one, not another file under its name: browsers would show
            // nothing and the PDF could not be typeset.
            let signature_fits = match ext.as_str() {
                "png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
                "jpg" | "jpeg" => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
                _ => true,
            };
            if !signature_fits {
                c.error(
                    Code::ImageType,
                    format!(
                        "`{image}` is named as a {} image but is not one",
                        ext.to_ascii_uppercase()
                    ),
                    "export the image again as that type, or name it by the type it is".into(),
                    &[Seg::Key("image")],
                    Target::Value,
                );
                return None;
            }
            // An SVG is published as a file of the site: opened on its own, its script would
            // run on the site's origin.
            if ext == "svg" {
                let problem = match std::str::from_utf8(bytes) {
                    Ok(text) => crate::markdown::html_policy::svg_problem(text),
                    Err(_) => Some("it is not UTF-8 text".into()),
                };
                if let Some(why) = problem {
                    c.error(
                        Code::ImageActive,
                        format!("the SVG image `{image}` cannot be published: {why}"),
                        if why.contains(" deep") {
                            "flatten the drawing's groups (most editors have a plain or optimised SVG export), or use a PNG".into()
                        } else {
                            "remove scripts, event handlers, foreignObject and script links from the SVG (most editors have a plain or optimised SVG export), or use a PNG".into()
                        },
                        &[Seg::Key("image")],
                        Target::Value,
                    );
                    return None;
                }
            }
            let alt = c.file.spec.alt.clone().unwrap_or_default();
            if alt.trim().is_empty() {
                let d = Diagnostic::warning(
                    Code::ImageWithoutAlt,
                    format!("the image `{image}` has no text alternative"),
                )
                .with_help(
                    "add `alt:` saying what the figure shows, for readers who cannot see it",
                );
                c.diags.push(
                    match locate_in(&c.file.file, &[Seg::Key("image")], Target::Key) {
                        Some(p) => d.at_position(&c.file.file, p, 5),
                        None => d.in_file(&c.file.file.path),
                    },
                );
            }
            Some(ImageFigure {
                path: rel
                    .components()
                    .map(|p| p.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
                alt,
                bytes: bytes.clone(),
            })
        }
        Some(ImageFile::Unreadable(kind)) => {
            c.error(
                Code::Unreadable,
                format!("cannot read the image `{image}`: {kind}"),
                "check the file's permissions".into(),
                &[Seg::Key("image")],
                Target::Value,
            );
            None
        }
        Some(ImageFile::Missing) | None => {
            c.error(
                Code::MissingImage,
                format!("there is no image `{image}` in {}", edition.dir),
                "put the file there, or correct the path (relative to the edition folder)".into(),
                &[Seg::Key("image")],
                Target::Value,
            );
            None
        }
    }
}
