//! Diagrams drawn to SVG at build time: a tree (`tree.rs`: tidy, or indented when it is too
//! wide) or a flow (`flow.rs`: layered), placed from the sizes resolve measured, then written
//! as shapes and text (`svg.rs`). Everything follows the order the author wrote, so the same
//! diagram gives the same bytes on every build.

pub mod describe;
pub mod flow;
pub mod svg;
pub mod tree;

use crate::chart::Canvas;
use crate::model::diagrams::{DiagramLayout, Direction};
use crate::plot::diagram::Diagram;

/// The width each canvas is drawn for: the charts' column and phone widths.
pub const WIDE_WIDTH: f64 = crate::chart::cartesian::WIDE.0 as f64;
pub const PRINT_WIDTH: f64 = crate::chart::cartesian::PRINT.0 as f64;
pub const NARROW_WIDTH: f64 = crate::chart::cartesian::NARROW.0 as f64;
/// How much wider than its canvas a drawing may be before another layout is tried (its text
/// then shrinks by at most this much).
const SLACK: f64 = 1.15;
/// Space around the drawing.
pub const MARGIN: f64 = 8.0;

/// A box placed: its top-left corner and size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }
}

/// Where a link's label is written: the centre of its first line's box, or its left end.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelAt {
    /// The box the label's text takes.
    pub rect: Rect,
    /// Left-aligned (an indented tree) rather than centred.
    pub start: bool,
}

/// How a route's points are joined: straight lines (a tree's connectors), or curves that
/// leave one point and enter the next along the flow (across, or down).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joins {
    Lines,
    CurvesAcross,
    CurvesDown,
}

/// A link drawn: the SVG path data and where its label goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub edge: usize,
    /// Points the link passes through, and how they are joined.
    pub points: Vec<(f64, f64)>,
    pub joins: Joins,
    pub label: Option<LabelAt>,
}

/// A diagram placed on its canvas.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub nodes: Vec<Rect>,
    pub routes: Vec<Route>,
    pub width: f64,
    pub height: f64,
    /// Links end in arrowheads (a flow), or are connectors (a tree).
    pub arrows: bool,
}

impl Layout {
    /// Moves everything by (dx, dy).
    pub fn shift(&mut self, dx: f64, dy: f64) {
        for r in &mut self.nodes {
            r.x += dx;
            r.y += dy;
        }
        for route in &mut self.routes {
            for p in &mut route.points {
                p.0 += dx;
                p.1 += dy;
            }
            if let Some(l) = &mut route.label {
                l.rect.x += dx;
                l.rect.y += dy;
            }
        }
    }
}

fn canvas_width(canvas: Canvas) -> f64 {
    match canvas {
        Canvas::Wide => WIDE_WIDTH,
        Canvas::Print => PRINT_WIDTH,
        Canvas::Narrow => NARROW_WIDTH,
    }
}

/// Narrower boxes' text widths a flow tries when it does not fit its canvas.
const NARROWER_TEXT_WIDTHS: [f64; 3] = [140.0, 110.0, 84.0];

/// The diagram laid out for `canvas`, with its text as laid out (rewrapped for narrower boxes
/// when that was needed). The first of these that fits the canvas, else the narrowest (whose
/// text shrinks least): a tree tidy, then indented; a flow in its direction on the column
/// (top down on a phone), then turned the other way, then with narrower boxes in either.
fn laid_out<'d>(d: &'d Diagram, canvas: Canvas) -> (std::borrow::Cow<'d, Diagram>, Layout) {
    use std::borrow::Cow;
    let room = canvas_width(canvas) * SLACK;
    let mut best: Option<(Cow<'d, Diagram>, Layout)> = None;
    let mut consider = |drawn: Cow<'d, Diagram>, l: Layout| -> bool {
        let fits = l.width <= room;
        if best.as_ref().is_none_or(|(_, b)| l.width < b.width) {
            best = Some((drawn, l));
        }
        fits
    };
    match d.layout {
        DiagramLayout::Tree => {
            let _ = consider(Cow::Borrowed(d), tree::tidy(d))
                || consider(Cow::Borrowed(d), tree::indented(d));
        }
        DiagramLayout::Flow => {
            let first = match canvas {
                Canvas::Wide | Canvas::Print => d.direction,
                Canvas::Narrow => Direction::Down,
            };
            let other = match first {
                Direction::Right => Direction::Down,
                Direction::Down => Direction::Right,
            };
            // Both directions as written first (cheap), then narrower boxes (each a new
            // measuring of every label) in each.
            let _ = consider(Cow::Borrowed(d), flow::layered(d, first))
                || consider(Cow::Borrowed(d), flow::layered(d, other))
                || [first, other].into_iter().any(|direction| {
                    NARROWER_TEXT_WIDTHS.into_iter().any(|text_width| {
                        let narrower = d.rewrapped(text_width, text_width);
                        let l = flow::layered(&narrower, direction);
                        consider(Cow::Owned(narrower), l)
                    })
                });
        }
    }
    match best {
        Some(found) => found,
        None => (Cow::Borrowed(d), tree::indented(d)),
    }
}

/// The diagram as an inline, accessible SVG element drawn on `canvas`; `id` (unique on the
/// page) names its title, description and arrowhead.
pub fn draw_svg(d: &Diagram, id: &str, title: &str, canvas: Canvas) -> String {
    let (drawn, l) = laid_out(d, canvas);
    svg::write(
        &drawn,
        &l,
        id,
        title,
        &describe::describe(d),
        canvas_width(canvas),
    )
}

#[cfg(test)]
mod layout_tests;
