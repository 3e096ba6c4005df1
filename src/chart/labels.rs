//! Data labels (`labels:`): each bar's or point's value printed beside it, as the data table
//! writes it. Each label tries its places in a fixed order (beyond a bar's end, else inside it;
//! above a point, else below it) and takes the first that stays inside the plot (with the band
//! kept free above it) and touches no label placed before; a label with no such place is left
//! out, and the data table still gives its value. The same plot places the same labels.

use super::palette;
use super::text::{self, TICK_SIZE};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// The band kept above the plot for the labels of the highest bars and points.
pub const ROOM: i32 = 16;
/// Between a label and its bar's end or its point.
const GAP: i32 = 4;

/// What a label is printed beside.
#[derive(Debug, Clone, Copy)]
pub enum Mark {
    /// A bar from `base` to `end` along its value axis (`y`, or `x` when sideways), across
    /// `from..to` the other way.
    Bar {
        base: i32,
        end: i32,
        from: i32,
        to: i32,
        sideways: bool,
        /// A stacked segment: its label goes inside it or nowhere.
        stacked: bool,
    },
    /// A line's or area's point.
    Point(i32, i32),
}

/// A label to place: its mark, its text, and the colour of its series (for text inside a bar).
pub struct Label {
    pub mark: Mark,
    pub text: String,
    pub color: RGBColor,
}

/// A label placed: its text, where, anchored how, and in what ink.
pub type Placed = (String, (i32, i32), HPos, VPos, RGBColor);

/// A text's box: left, top, right, bottom.
type Bounds = (i32, i32, i32, i32);

/// The box of `text` drawn at `at` anchored `h`, `v`, with a pixel to spare each way (plotters
/// sets `Bottom` on the baseline, `Top` an em's 0.76 above it, `Center` half an ex).
fn bounds(text: &str, (x, y): (i32, i32), h: HPos, v: VPos) -> Bounds {
    let w = text::width(text, TICK_SIZE) as i32;
    let (l, r) = match h {
        HPos::Left => (x, x + w),
        HPos::Right => (x - w, x),
        HPos::Center => (x - w / 2 - 1, x + w / 2 + 1),
    };
    let (t, b) = match v {
        VPos::Bottom => (y - 11, y + 3),
        VPos::Top => (y - 1, y + 12),
        VPos::Center => (y - 7, y + 7),
    };
    (l - 1, t, r + 1, b)
}

/// The places a label tries, in order: where, anchored how, and whether it is inside its bar
/// (then printed in the ink that reads on the bar's colour).
fn places(mark: Mark, text: &str) -> Vec<((i32, i32), HPos, VPos, bool)> {
    let w = text::width(text, TICK_SIZE) as i32;
    match mark {
        Mark::Point(x, y) => vec![
            ((x, y - 9), HPos::Center, VPos::Bottom, false),
            ((x, y + 8), HPos::Center, VPos::Top, false),
        ],
        Mark::Bar {
            base,
            end,
            from,
            to,
            sideways,
            stacked,
        } => {
            let mid = (from + to) / 2;
            let long = (end - base).abs();
            let across = (to - from).abs();
            let centre = (base + end) / 2;
            if sideways {
                // Values grow to the right; a negative bar ends on the left.
                let right = end >= base;
                let fits_inside = long >= w + 2 * GAP && across >= 14;
                let mut out = Vec::new();
                if stacked {
                    if fits_inside {
                        out.push(((centre, mid), HPos::Center, VPos::Center, true));
                    }
                    return out;
                }
                out.push(if right {
                    ((end + GAP, mid), HPos::Left, VPos::Center, false)
                } else {
                    ((end - GAP, mid), HPos::Right, VPos::Center, false)
                });
                if fits_inside {
                    out.push(if right {
                        ((end - GAP, mid), HPos::Right, VPos::Center, true)
                    } else {
                        ((end + GAP, mid), HPos::Left, VPos::Center, true)
                    });
                }
                out
            } else {
                // Values grow upwards: a smaller y is higher.
                let up = end <= base;
                let fits_inside = long >= 14 + 2 * GAP && across >= w + 2;
                let mut out = Vec::new();
                if stacked {
                    if fits_inside {
                        out.push(((mid, centre), HPos::Center, VPos::Center, true));
                    }
                    return out;
                }
                // Beyond the end only over the bar's own width and its share of the gap.
                if w <= across + across / 3 {
                    out.push(if up {
                        ((mid, end - GAP), HPos::Center, VPos::Bottom, false)
                    } else {
                        ((mid, end + GAP), HPos::Center, VPos::Top, false)
                    });
                }
                if fits_inside {
                    out.push(if up {
                        ((mid, end + GAP), HPos::Center, VPos::Top, true)
                    } else {
                        ((mid, end - GAP), HPos::Center, VPos::Bottom, true)
                    });
                }
                out
            }
        }
    }
}

/// The box a line's marker at `(x, y)` covers, which no label may cover.
pub fn marker_box((x, y): (i32, i32)) -> Bounds {
    (x - 5, y - 5, x + 5, y + 5)
}

/// Where each label lands, in the order given: its text, place and anchors, and its ink; a
/// label with no free place is left out. `plot` is the plot's area, the band above it
/// included; `markers`, the boxes of every line's markers, which labels leave in sight.
pub fn place(labels: &[Label], plot: Bounds, markers: &[Bounds]) -> Vec<Placed> {
    let mut taken: Vec<Bounds> = markers.to_vec();
    let mut out = Vec::new();
    for label in labels {
        let found = places(label.mark, &label.text)
            .into_iter()
            .find(|(at, h, v, _)| {
                let b = bounds(&label.text, *at, *h, *v);
                let inside = b.0 >= plot.0 && b.1 >= plot.1 && b.2 <= plot.2 && b.3 <= plot.3;
                inside
                    && !taken
                        .iter()
                        .any(|t| b.0 < t.2 && t.0 < b.2 && b.1 < t.3 && t.1 < b.3)
            });
        if let Some((at, h, v, inside)) = found {
            taken.push(bounds(&label.text, at, h, v));
            let ink = if inside {
                palette::ink_on(label.color)
            } else {
                palette::TEXT
            };
            out.push((label.text.clone(), at, h, v, ink));
        }
    }
    out
}

pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    labels: &[Label],
    plot: Bounds,
    markers: &[Bounds],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    for (t, at, h, v, ink) in place(labels, plot, markers) {
        area.draw_text(&t, &text::style(TICK_SIZE, &ink, h, v), at)?;
    }
    Ok(())
}
