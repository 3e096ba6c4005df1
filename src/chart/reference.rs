//! Reference lines and bands (`reference:`): a dashed line at a value, a shaded band between
//! two values or over categories, each with its label inside the plot. Bands are drawn under
//! the data, lines over it; labels go where they touch no label placed before, in the order
//! written, so the same chart draws the same picture.

use super::axis::{Frame, ValueAxis};
use super::palette;
use super::text::{self, TICK_SIZE};
use crate::model::charts::AxisSide;
use crate::plot::{Plot, ReferenceKind};
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// A text's box: left, top, right, bottom.
pub type Bounds = (i32, i32, i32, i32);

/// Where a chart's references are drawn: its plot frame, which way its bars lie, its number of
/// categories and its value axes.
pub struct Place<'a> {
    pub frame: Frame,
    /// The highest a label may reach (the band kept above the plot for labels included).
    pub top: i32,
    pub sideways: bool,
    pub categories: usize,
    pub left: Option<&'a ValueAxis>,
    pub right: Option<&'a ValueAxis>,
}

impl Place<'_> {
    /// Where the value `v` of the axis on `side` lies: a y (upright), an x (sideways).
    fn at(&self, v: f64, side: AxisSide) -> Option<i32> {
        let axis = match side {
            AxisSide::Left => self.left,
            AxisSide::Right => self.right,
        }?;
        let f = self.frame;
        Some(if self.sideways {
            axis.map(v, f.left, f.right)
        } else {
            axis.map(v, f.bottom, f.top)
        })
    }

    /// The span of the categories `first..=last` across the category axis.
    fn categories_span(&self, first: usize, last: usize) -> (i32, i32) {
        let f = self.frame;
        let (from, span) = if self.sideways {
            (f.top, f.bottom - f.top)
        } else {
            (f.left, f.right - f.left)
        };
        let slot = f64::from(span) / self.categories.max(1) as f64;
        (
            from + (slot * first as f64).round() as i32,
            from + (slot * (last + 1) as f64).round() as i32,
        )
    }
}

/// The bands' shade: a grey the dark theme recolours (`almanac.css`), seen through.
pub const BAND: RGBColor = RGBColor(0x7F, 0x7F, 0x7F);
const BAND_OPACITY: f64 = 0.14;

/// The bands, under the data.
pub fn draw_bands<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plot: &Plot,
    p: &Place<'_>,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let f = p.frame;
    for r in &plot.options.references {
        let rect = match r.kind {
            ReferenceKind::Line { .. } => continue,
            ReferenceKind::ValueBand { low, high, axis } => {
                let (Some(a), Some(b)) = (p.at(low, axis), p.at(high, axis)) else {
                    continue;
                };
                if p.sideways {
                    [(a.min(b), f.top), (a.max(b), f.bottom)]
                } else {
                    [(f.left, a.min(b)), (f.right, a.max(b))]
                }
            }
            ReferenceKind::CategoryBand { first, last, .. } => {
                let (a, b) = p.categories_span(first, last);
                if p.sideways {
                    [(f.left, a), (f.right, b)]
                } else {
                    [(a, f.top), (b, f.bottom)]
                }
            }
        };
        area.draw(&Rectangle::new(rect, BAND.mix(BAND_OPACITY).filled()))?;
    }
    Ok(())
}

/// The lines, over the data, and every reference's label; the labels' boxes are returned, for
/// data labels to keep clear of. `room` is how far past the frame's right a label may reach.
pub fn draw_lines_and_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plot: &Plot,
    p: &Place<'_>,
    room: i32,
) -> Result<Vec<Bounds>, DrawingAreaErrorKind<DB::ErrorType>> {
    let f = p.frame;
    let mut taken: Vec<Bounds> = Vec::new();
    let right_edge = f.right + room;
    for r in &plot.options.references {
        let max_w = ((right_edge - f.left) - 8).max(24) as u32;
        let label = text::fit(&text::clean(&r.label), TICK_SIZE, max_w);
        let w = text::width(&label, TICK_SIZE) as i32;
        // Where the label goes first: its anchor point and anchors.
        let (mut x, mut y, h, v) = match r.kind {
            ReferenceKind::Line { y: value, axis } => {
                let Some(at) = p.at(value, axis) else {
                    continue;
                };
                if p.sideways {
                    area.draw(&DashedPathElement::new(
                        vec![(at, f.top), (at, f.bottom)],
                        6,
                        4,
                        palette::AXIS.stroke_width(2),
                    ))?;
                    if at + 4 + w <= right_edge {
                        (at + 4, f.top + 2, HPos::Left, VPos::Top)
                    } else {
                        (at - 4, f.top + 2, HPos::Right, VPos::Top)
                    }
                } else {
                    area.draw(&DashedPathElement::new(
                        vec![(f.left, at), (f.right, at)],
                        6,
                        4,
                        palette::AXIS.stroke_width(2),
                    ))?;
                    if at - 15 >= p.top {
                        (f.right - 2, at - 4, HPos::Right, VPos::Bottom)
                    } else {
                        (f.right - 2, at + 4, HPos::Right, VPos::Top)
                    }
                }
            }
            ReferenceKind::ValueBand { low, high, axis } => {
                let (Some(a), Some(b)) = (p.at(low, axis), p.at(high, axis)) else {
                    continue;
                };
                if p.sideways {
                    (a.max(b) - 3, f.top + 2, HPos::Right, VPos::Top)
                } else {
                    (f.right - 2, a.min(b) + 3, HPos::Right, VPos::Top)
                }
            }
            ReferenceKind::CategoryBand { first, last, .. } => {
                let (a, b) = p.categories_span(first, last);
                if p.sideways {
                    (f.right - 2, a + 2, HPos::Right, VPos::Top)
                } else {
                    let centre = ((a + b) / 2).clamp(f.left + w / 2 + 1, f.right - w / 2 - 1);
                    (centre, f.top + 2, HPos::Center, VPos::Top)
                }
            }
        };
        // Kept inside the plot across …
        let (l, r_) = match h {
            HPos::Left => (x, x + w),
            HPos::Right => (x - w, x),
            HPos::Center => (x - w / 2, x + w / 2),
        };
        if l < f.left {
            x += f.left - l;
        } else if r_ > right_edge {
            x -= r_ - right_edge;
        }
        // … and clear of the labels before it, a line lower each time.
        let bounds = |x: i32, y: i32| -> Bounds {
            let (l, r) = match h {
                HPos::Left => (x, x + w),
                HPos::Right => (x - w, x),
                HPos::Center => (x - w / 2, x + w / 2),
            };
            let (t, b) = match v {
                VPos::Bottom => (y - 11, y + 3),
                VPos::Top => (y - 1, y + 12),
                VPos::Center => (y - 7, y + 7),
            };
            (l - 2, t, r + 2, b)
        };
        let mut tries = 0;
        while tries < 8
            && taken.iter().any(|t| {
                let b = bounds(x, y);
                b.0 < t.2 && t.0 < b.2 && b.1 < t.3 && t.1 < b.3
            })
        {
            y += 14;
            tries += 1;
        }
        let b = bounds(x, y);
        if b.3 > f.bottom {
            // No room left in the plot: the description still names it.
            continue;
        }
        taken.push(b);
        area.draw_text(
            &label,
            &text::style(TICK_SIZE, &palette::TEXT, h, v),
            (x, y),
        )?;
    }
    Ok(taken)
}
