//! Charts on axes: bars (vertical or sideways, grouped or stacked), lines with markers, areas,
//! and combos of bars on the left axis with lines on the right. Bars are rectangles drawn in
//! data order, so the SVG is the same on every build.

use super::annotation::{self, Anchors};
use super::axis::{self, CategoryLabels, Frame, ValueAxis};
use super::labels::{self, Label, Mark};
use super::marker::marker;
use super::reference::{self, Place};
use super::text::{self, LABEL_SIZE, TICK_SIZE};
use super::{legend, palette};
use crate::model::charts::{AxisSide, ChartType, SeriesKind};
use crate::plot::Plot;
use crate::plot::scale::axis_range;
use plotters::coord::Shift;
use plotters::prelude::*;

/// The size of a chart on axes, wide (the page's column: about 940 pixels at a laptop's width,
/// where this prints its 11.3- and 12.5-unit text at about 14 and 15.5 pixels), print (the PDF's
/// text width of 166 mm, where the same text prints at about 8.3 and 9.2 pt) and narrow (a
/// phone's screen: the same text sizes in half the width, so that labels stay readable when it
/// shrinks).
pub const WIDE: (u32, u32) = (760, 420);
pub const PRINT: (u32, u32) = (640, 360);
pub const NARROW: (u32, u32) = (360, 340);
const PAD: i32 = 12;
/// The longest an upright category label may be, in pixels; longer ones end in "…".
const UPRIGHT_LABEL_MAX: u32 = 120;

/// The legend rows a canvas of the base size holds without growing; a legend of more rows
/// (many series, or long labels on a phone) makes the canvas taller by as many rows, so that
/// the plot keeps its height.
const LEGEND_ROWS_HELD: u32 = 2;

/// The legend's entries on a canvas `width` wide: none for a lone series.
fn legend_labels(plot: &Plot, width: u32) -> Vec<(String, SeriesKind)> {
    if plot.series.len() < 2 {
        return Vec::new();
    }
    let room = width.saturating_sub(2 * PAD as u32);
    plot.series
        .iter()
        .map(|s| (legend::fit(&s.label, room), s.draw_as))
        .collect()
}

/// The size of a chart on axes drawn on a canvas of the base size `(width, height)`: taller
/// by the legend's rows past [`LEGEND_ROWS_HELD`].
pub fn size(plot: &Plot, (width, height): (u32, u32)) -> (u32, u32) {
    let rows = legend::rows(
        &legend_labels(plot, width),
        width.saturating_sub(2 * PAD as u32),
    );
    (
        width,
        height + rows.saturating_sub(LEGEND_ROWS_HELD) * legend::ROW_HEIGHT,
    )
}

fn axis_for(plot: &Plot, side: AxisSide) -> Option<ValueAxis> {
    let (min, max, whole) = plot.extent(side)?;
    // Resolve refuses data that no axis holds; this is never drawn.
    let (low, high, step) = axis_range(min, max, whole).unwrap_or((0.0, 1.0, 0.2));
    let unit = plot.series.iter().find(|s| s.axis == side)?.unit.clone();
    // A combo's two axes each say what they measure: the title given, else the unit (a `%`
    // is on the ticks already), else the one series drawn against that axis.
    let on_side: Vec<&str> = plot
        .series
        .iter()
        .filter(|s| s.axis == side)
        .map(|s| s.label.as_str())
        .collect();
    let lone_series = match on_side.as_slice() {
        [one] if plot.kind == ChartType::Combo => Some(one.to_string()),
        _ => None,
    };
    let title = match side {
        AxisSide::Left => plot.y_label.clone(),
        AxisSide::Right => plot.y_right_label.clone(),
    }
    .or_else(|| unit.clone().filter(|u| u != "%"))
    .or(lone_series);
    Some(ValueAxis {
        low,
        high,
        step,
        unit,
        title: title.map(|t| text::clean(&t)),
        numbers: plot.locale.numbers(),
    })
}

pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plot: &Plot,
    (width, height): (u32, u32),
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let stacked = plot.kind == ChartType::StackedBar;
    let sideways = plot.horizontal
        && matches!(
            plot.kind,
            ChartType::Bar | ChartType::GroupedBar | ChartType::StackedBar
        );
    let left_axis = axis_for(plot, AxisSide::Left);
    let right_axis = axis_for(plot, AxisSide::Right);
    let legend_labels = legend_labels(plot, width);
    let legend_rows = legend::rows(&legend_labels, width - 2 * PAD as u32);
    let labelled = plot.series.iter().any(|s| s.labels);
    let numbers = plot.locale.numbers();
    let mut drawn = Drawn::default();
    let mut markers = Vec::new();
    // Upright bars and points keep a band above the plot for their labels and notes.
    let noted = !plot.options.annotations.is_empty();
    let band = if (labelled || noted || plot.options.label_band) && !sideways {
        labels::ROOM
    } else {
        0
    };

    let top = PAD
        + (legend_rows * legend::ROW_HEIGHT) as i32
        + if legend_rows > 0 { 8 } else { 4 }
        + band;
    // Sideways, a label beyond its bar's end may use the margin at the right; where even
    // that is too narrow, it goes inside the bar.
    let label_room = if (labelled || noted) && sideways {
        16
    } else {
        0
    };
    let n_categories = plot.categories.len();
    let place = |frame: Frame| Place {
        frame,
        top: frame.top - band,
        sideways,
        categories: n_categories,
        left: None,
        right: None,
    };
    let categories: Vec<String> = plot.categories.iter().map(|c| text::clean(c)).collect();
    let n = categories.len().max(1);
    let line_h = axis::category_line_height();

    let frame;
    let wrapped: Vec<Vec<String>>;
    if sideways {
        let value = left_axis.clone().unwrap_or(ValueAxis {
            low: 0.0,
            high: 1.0,
            step: 0.2,
            unit: None,
            title: None,
            numbers: plot.locale.numbers(),
        });
        let label_w = 160.min(width / 3);
        let bottom_space = 24 + if value.title.is_some() { 24 } else { 0 };
        let bottom = height as i32 - PAD - bottom_space;
        // As many lines per label as its slot holds (up to three); with more bars than
        // lines fit, every few bars get a label.
        let slot = f64::from(bottom - top) / n as f64;
        let max_lines = ((slot / f64::from(line_h)).floor() as usize).clamp(1, 3);
        let every = axis::label_every(slot, line_h);
        wrapped = categories
            .iter()
            .map(|c| {
                text::wrap(c, TICK_SIZE, label_w, max_lines)
                    .iter()
                    .map(|l| text::fit(l, TICK_SIZE, label_w))
                    .collect()
            })
            .collect();
        let widest = text::widest(wrapped.iter().flatten(), TICK_SIZE);
        // The first and last ticks' labels are centred on the frame's ends: keep them inside.
        let half = value.label_width() as i32 / 2 + 2;
        frame = Frame {
            left: (PAD + widest + 10).max(half),
            top,
            right: (width as i32 - PAD - 16).min(width as i32 - half),
            bottom,
        };
        axis::draw_horizontal(area, &value.thinned(frame.right - frame.left, true), frame)?;
        axis::draw_categories(area, &wrapped, frame, CategoryLabels::Beside, every)?;
        reference::draw_bands(
            area,
            plot,
            &Place {
                left: Some(&value),
                ..place(frame)
            },
        )?;
        draw_bars(area, plot, &value, frame, true, stacked, &mut drawn)?;
    } else {
        let left_space = left_axis.as_ref().map_or(0, |a| {
            a.label_width() as i32 + 12 + if a.title.is_some() { 22 } else { 0 }
        });
        let right_space = right_axis.as_ref().map_or(16, |a| {
            a.label_width() as i32 + 12 + if a.title.is_some() { 22 } else { 0 }
        });
        let plot_w = width as i32 - 2 * PAD - left_space - right_space;
        let slot = f64::from(plot_w) / n as f64;
        let room = (slot as u32).saturating_sub(6).max(24);
        let across: Vec<Vec<String>> = categories
            .iter()
            .map(|c| text::wrap(c, TICK_SIZE, room, 3))
            .collect();
        // Labels that fit their slot lie across, wrapped; otherwise (many categories, or a
        // word wider than its slot) they stand upright, on one line each, and when even
        // upright they would touch, every few categories get one.
        let fits = across
            .iter()
            .flatten()
            .all(|l| text::width(l, TICK_SIZE) <= room);
        let (how, every, label_depth) = if fits {
            let lines = across.iter().map(Vec::len).max().unwrap_or(1) as i32;
            wrapped = across;
            (CategoryLabels::Under, 1, lines * line_h)
        } else {
            wrapped = categories
                .iter()
                .map(|c| vec![text::fit(c, TICK_SIZE, UPRIGHT_LABEL_MAX)])
                .collect();
            let longest = text::widest(wrapped.iter().flatten(), TICK_SIZE);
            (
                CategoryLabels::Upright,
                axis::label_every(slot, line_h),
                longest,
            )
        };
        let x_title = plot.x_label.as_ref().map(|t| text::clean(t));
        let bottom_space = 10 + label_depth + if x_title.is_some() { 24 } else { 0 };
        frame = Frame {
            left: PAD + left_space,
            top,
            right: width as i32 - PAD - right_space,
            bottom: height as i32 - PAD - bottom_space,
        };
        let tall = frame.bottom - frame.top;
        if let Some(a) = &left_axis {
            axis::draw_vertical(area, &a.thinned(tall, false), frame, false)?;
        }
        if let Some(a) = &right_axis {
            axis::draw_vertical(area, &a.thinned(tall, false), frame, true)?;
        }
        axis::draw_categories(area, &wrapped, frame, how, every)?;
        if let Some(t) = x_title {
            area.draw_text(
                &axis::one_line(&t, (frame.right - frame.left).max(24) as u32),
                &text::style(
                    LABEL_SIZE,
                    &palette::TEXT,
                    plotters::style::text_anchor::HPos::Center,
                    plotters::style::text_anchor::VPos::Bottom,
                ),
                ((frame.left + frame.right) / 2, height as i32 - PAD),
            )?;
        }
        reference::draw_bands(
            area,
            plot,
            &Place {
                left: left_axis.as_ref(),
                right: right_axis.as_ref(),
                ..place(frame)
            },
        )?;
        if let Some(a) = &left_axis {
            draw_bars(area, plot, a, frame, false, stacked, &mut drawn)?;
        }
        for (i, s) in plot.series.iter().enumerate() {
            if s.draw_as == SeriesKind::Bar {
                continue;
            }
            let Some(a) = (if s.axis == AxisSide::Right {
                right_axis.as_ref()
            } else {
                left_axis.as_ref()
            }) else {
                continue;
            };
            let slot_w = f64::from(frame.right - frame.left) / n as f64;
            let points: Vec<(i32, i32)> = s
                .values
                .iter()
                .enumerate()
                .map(|(k, v)| {
                    (
                        frame.left + (slot_w * (k as f64 + 0.5)) as i32,
                        a.map(*v, frame.bottom, frame.top),
                    )
                })
                .collect();
            let color = palette::rgb(plot.series_color(i));
            if s.draw_as == SeriesKind::Area {
                let base = a.map(0.0f64.clamp(a.low, a.high), frame.bottom, frame.top);
                let mut poly = points.clone();
                if let (Some(first), Some(last)) = (points.first(), points.last()) {
                    poly.push((last.0, base));
                    poly.push((first.0, base));
                }
                area.draw(&Polygon::new(poly, color.mix(0.35).filled()))?;
            }
            area.draw(&PathElement::new(points.clone(), color.stroke_width(2)))?;
            if s.labels {
                drawn
                    .marks
                    .extend(points.iter().zip(&s.values).map(|(p, v)| Label {
                        mark: Mark::Point(p.0, p.1),
                        text: s.format(*v, numbers),
                        color,
                    }));
            }
            for (k, p) in points.into_iter().enumerate() {
                drawn.anchors.push((k, i, p));
                markers.push(labels::marker_box(p));
                marker(area, i, p, color)?;
            }
        }
    }
    // Sideways, the value axis is the left one's, drawn along the bottom.
    let sideways_axis = left_axis.clone().filter(|_| sideways);
    let refs = reference::draw_lines_and_labels(
        area,
        plot,
        &Place {
            left: if sideways {
                sideways_axis.as_ref()
            } else {
                left_axis.as_ref()
            },
            right: right_axis.as_ref().filter(|_| !sideways),
            ..place(frame)
        },
        label_room,
    )?;
    let mut taken = refs;
    annotation::draw(
        area,
        plot,
        &drawn.anchors,
        (
            frame.left,
            frame.top - band,
            frame.right + label_room,
            frame.bottom,
        ),
        sideways,
        &drawn.bars,
        &mut taken,
    )?;
    markers.extend(taken);
    labels::draw(
        area,
        &drawn.marks,
        (
            frame.left,
            frame.top - band,
            frame.right + label_room,
            frame.bottom,
        ),
        &markers,
    )?;
    if legend_rows > 0 {
        let colors: Vec<RGBColor> = (0..plot.series.len())
            .map(|i| palette::rgb(plot.series_color(i)))
            .collect();
        legend::draw(
            area,
            &legend_labels,
            &colors,
            PAD,
            PAD,
            width - 2 * PAD as u32,
        )?;
    }
    Ok(())
}

/// What drawing the data leaves for the labels and notes drawn over it.
#[derive(Default)]
struct Drawn {
    /// The data labels to place.
    marks: Vec<Label>,
    /// Where each value was drawn.
    anchors: Anchors,
    /// Every bar's rectangle.
    bars: Vec<(i32, i32, i32, i32)>,
}

fn draw_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plot: &Plot,
    axis: &ValueAxis,
    frame: Frame,
    sideways: bool,
    stacked: bool,
    drawn: &mut Drawn,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let numbers = plot.locale.numbers();
    let bars: Vec<(usize, &crate::plot::PlotSeries)> = plot
        .series
        .iter()
        .enumerate()
        .filter(|(_, s)| s.draw_as == SeriesKind::Bar && s.axis == AxisSide::Left)
        .collect();
    if bars.is_empty() {
        return Ok(());
    }
    let n = plot.categories.len().max(1) as f64;
    let (from, to) = if sideways {
        (frame.left, frame.right)
    } else {
        (frame.bottom, frame.top)
    };
    let span = if sideways {
        frame.bottom - frame.top
    } else {
        frame.right - frame.left
    };
    let slot = f64::from(span) / n;
    let groups = if stacked { 1 } else { bars.len() };
    let bar_w = slot * 0.72 / groups as f64;
    for k in 0..plot.categories.len() {
        let (mut pos, mut neg) = (0.0f64, 0.0f64);
        for (j, (i, s)) in bars.iter().enumerate() {
            let v = s.values[k];
            let (base, end) = if stacked {
                let b = if v >= 0.0 { pos } else { neg };
                if v >= 0.0 {
                    pos += v
                } else {
                    neg += v
                }
                (b, b + v)
            } else {
                (0.0, v)
            };
            let g = if stacked { 0 } else { j };
            let a0 = slot * k as f64 + slot * 0.14 + bar_w * g as f64;
            let (a0, a1) = (a0.round() as i32, (a0 + bar_w - 1.0).round() as i32);
            let (v0, v1) = (axis.map(base, from, to), axis.map(end, from, to));
            let rect = if sideways {
                [(v0.min(v1), frame.top + a0), (v0.max(v1), frame.top + a1)]
            } else {
                [(frame.left + a0, v0.min(v1)), (frame.left + a1, v0.max(v1))]
            };
            let color = palette::rgb(plot.series_color(*i));
            area.draw(&Rectangle::new(rect, color.filled()))?;
            drawn
                .bars
                .push((rect[0].0, rect[0].1, rect[1].0, rect[1].1));
            drawn.anchors.push((
                k,
                *i,
                if sideways {
                    (v1, frame.top + (a0 + a1) / 2)
                } else {
                    (frame.left + (a0 + a1) / 2, v1)
                },
            ));
            if s.labels {
                let (from, to) = if sideways {
                    (frame.top + a0, frame.top + a1)
                } else {
                    (frame.left + a0, frame.left + a1)
                };
                drawn.marks.push(Label {
                    mark: Mark::Bar {
                        base: v0,
                        end: v1,
                        from,
                        to,
                        sideways,
                        stacked,
                    },
                    text: s.format(v, numbers),
                    color,
                });
            }
        }
    }
    Ok(())
}
