//! A placed diagram written as SVG: the legend of groups, the links (connectors or arrows,
//! with their labels on a halo), then the boxes with their text. Colours are the charts'
//! palette; boxes are light tints with dark text in every colour scheme, while the links'
//! and labels' greys are the ones the theme recolours in dark mode.

use super::{Joins, LabelAt, Layout, MARGIN, Rect, Route};
use crate::chart::palette;
use crate::core::escape;
use crate::model::diagrams::EdgeStyle;
use crate::plot::diagram::{Diagram, LABEL_LINE, NODE_PAD_Y, NOTE_GAP, NOTE_LINE};
use crate::plot::text::{self, LABEL_SIZE, TICK_SIZE};
use plotters::style::RGBColor;
use std::fmt::Write;

/// Text sizes as written into the SVG: plotters' measuring heights over 1.24, as charts write
/// them.
pub const LABEL_PX: f64 = LABEL_SIZE / 1.24;
const SMALL_PX: f64 = TICK_SIZE / 1.24;
/// The baseline of a line of text below its top.
const LABEL_BASELINE: f64 = 12.5;
const SMALL_BASELINE: f64 = 11.0;
/// The legend's swatch and its rows.
const SWATCH: f64 = 12.0;
const LEGEND_ROW: f64 = 20.0;

const INK: &str = "#1A1A1A";
const NOTE_INK: &str = "#4A4A4A";
const TEXT: &str = "#333333";
const LINE: &str = "#666666";
const PLAIN_FILL: &str = "#F4F5F7";

fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// A group's colour darkened: a box's border, seen even for the palette's yellow.
fn edge(c: RGBColor) -> String {
    let dark = |v: u8| (f64::from(v) * 0.75).round() as u8;
    hex(RGBColor(dark(c.0), dark(c.1), dark(c.2)))
}

/// A group's colour mixed with white: a box's fill.
fn tint(c: RGBColor) -> String {
    let mix = |v: u8| (f64::from(v) * 0.18 + 255.0 * 0.82).round() as u8;
    hex(RGBColor(mix(c.0), mix(c.1), mix(c.2)))
}

/// A coordinate with at most one decimal, written straight into the SVG.
struct N(f64);

impl std::fmt::Display for N {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // In whole tenths, written as integers: exact, and far cheaper than formatting a
        // float to one decimal.
        let tenths = (self.0 * 10.0).round() as i64;
        let sign = if tenths < 0 { "-" } else { "" };
        let t = tenths.unsigned_abs();
        if t.is_multiple_of(10) {
            write!(f, "{sign}{}", t / 10)
        } else {
            write!(f, "{sign}{}.{}", t / 10, t % 10)
        }
    }
}

/// The legend's entries, placed in rows across `width`: (x, row, name) of each group, a name
/// too long for a row of its own cut short.
fn legend(d: &Diagram, width: f64) -> (Vec<(f64, usize, String)>, f64) {
    let mut placed = Vec::with_capacity(d.groups.len());
    let (mut x, mut row) = (MARGIN, 0);
    let room = (width - 2.0 * MARGIN - SWATCH - 6.0).max(0.0) as u32;
    for g in &d.groups {
        let name = text::fit(&text::clean(g), TICK_SIZE, room);
        let w = SWATCH + 6.0 + f64::from(text::width(&name, TICK_SIZE)) + 18.0;
        if x > MARGIN && x + w > width - MARGIN {
            x = MARGIN;
            row += 1;
        }
        placed.push((x, row, name));
        x += w;
    }
    let height = if d.groups.is_empty() {
        0.0
    } else {
        (row + 1) as f64 * LEGEND_ROW + 6.0
    };
    (placed, height)
}

/// The SVG's width and height for `layout` on a canvas `canvas_w` wide: never narrower than
/// the canvas, so that every diagram's text is drawn at one size.
pub fn frame(d: &Diagram, layout: &Layout, canvas_w: f64) -> (f64, f64) {
    let width = layout.width.max(canvas_w).ceil();
    let (_, legend_h) = legend(d, width - legend_left(d, layout, width));
    (width, (layout.height + legend_h).ceil())
}

/// Where the legend starts: with the drawing when it fits on one row from there, else at the
/// frame's left, where it has the most room.
fn legend_left(d: &Diagram, layout: &Layout, width: f64) -> f64 {
    let dx = left(layout, width);
    let natural: f64 = d
        .groups
        .iter()
        .map(|g| SWATCH + 6.0 + f64::from(text::width(&text::clean(g), TICK_SIZE)) + 18.0)
        .sum::<f64>()
        + 2.0 * MARGIN;
    if natural <= width - dx { dx } else { 0.0 }
}

/// Where the drawing starts, centred on a frame `width` wide; the legend starts there too.
fn left(layout: &Layout, width: f64) -> f64 {
    ((width - layout.width) / 2.0).floor()
}

fn path_data(route: &Route) -> String {
    let mut s = String::new();
    let Some(&(x0, y0)) = route.points.first() else {
        return s;
    };
    let _ = write!(s, "M{} {}", N(x0), N(y0));
    for pair in route.points.windows(2) {
        let ((ax, ay), (bx, by)) = (pair[0], pair[1]);
        match route.joins {
            Joins::CurvesAcross if ay != by => {
                let mx = (ax + bx) / 2.0;
                let _ = write!(
                    s,
                    "C{} {} {} {} {} {}",
                    N(mx),
                    N(ay),
                    N(mx),
                    N(by),
                    N(bx),
                    N(by)
                );
            }
            Joins::CurvesDown if ax != bx => {
                let my = (ay + by) / 2.0;
                let _ = write!(
                    s,
                    "C{} {} {} {} {} {}",
                    N(ax),
                    N(my),
                    N(bx),
                    N(my),
                    N(bx),
                    N(by)
                );
            }
            _ => {
                let _ = write!(s, "L{} {}", N(bx), N(by));
            }
        }
    }
    s
}

#[allow(clippy::too_many_arguments)]
fn text_lines(
    out: &mut String,
    lines: &[String],
    x: f64,
    top: f64,
    line: f64,
    baseline: f64,
    px: f64,
    fill: &str,
    anchor: &str,
) {
    for (i, l) in lines.iter().enumerate() {
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-family=\"Inter\" font-size=\"{}\" fill=\"{fill}\" text-anchor=\"{anchor}\">{}</text>",
            N(x),
            N(top + i as f64 * line + baseline),
            N(px),
            escape::xml(l)
        );
    }
}

fn label(out: &mut String, at: &LabelAt, lines: &[String]) {
    let r = at.rect;
    let _ = writeln!(
        out,
        "<rect class=\"halo\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#FFFFFF\"/>",
        N(r.x - 2.0),
        N(r.y),
        N(r.w + 4.0),
        N(r.h)
    );
    let (x, anchor) = if at.start {
        (r.x, "start")
    } else {
        (r.x + r.w / 2.0, "middle")
    };
    text_lines(
        out,
        lines,
        x,
        r.y,
        NOTE_LINE,
        SMALL_BASELINE,
        SMALL_PX,
        TEXT,
        anchor,
    );
}

fn node_box(out: &mut String, d: &Diagram, i: usize, r: &Rect) {
    let node = &d.nodes[i];
    let (fill, stroke) = match node.group {
        Some(g) => {
            let c = palette::series(g);
            (tint(c), edge(c))
        }
        None => (PLAIN_FILL.to_string(), LINE.to_string()),
    };
    let _ = writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.2\"/>",
        N(r.x),
        N(r.y),
        N(r.w),
        N(r.h)
    );
    let cx = r.x + r.w / 2.0;
    let top = r.y + NODE_PAD_Y;
    let label = &node.label_text.lines;
    text_lines(
        out,
        label,
        cx,
        top,
        LABEL_LINE,
        LABEL_BASELINE,
        LABEL_PX,
        INK,
        "middle",
    );
    if let Some(note) = &node.note_text {
        let top = top + LABEL_LINE * label.len() as f64 + NOTE_GAP;
        text_lines(
            out,
            &note.lines,
            cx,
            top,
            NOTE_LINE,
            SMALL_BASELINE,
            SMALL_PX,
            NOTE_INK,
            "middle",
        );
    }
}

/// The diagram as an SVG element on a canvas `canvas_w` wide, the drawing centred on it.
pub fn write(
    d: &Diagram,
    layout: &Layout,
    id: &str,
    title: &str,
    desc: &str,
    canvas_w: f64,
) -> String {
    let (width, height) = frame(d, layout, canvas_w);
    let dx = left(layout, width);
    let lx = legend_left(d, layout, width);
    let (entries, legend_h) = legend(d, width - lx);
    let mut l = layout.clone();
    l.shift(dx, legend_h);
    let id = escape::html(id);
    let mut out = String::with_capacity(4096 + 600 * d.nodes.len());
    let _ = write!(
        out,
        "<svg class=\"chart diagram\" viewBox=\"0 0 {} {}\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"{id}-svg-title {id}-svg-desc\">\n<title id=\"{id}-svg-title\">{}</title>\n<desc id=\"{id}-svg-desc\">{}</desc>\n",
        N(width),
        N(height),
        escape::xml(&text::clean(title)),
        escape::xml(&text::clean(desc))
    );
    if l.arrows {
        let _ = writeln!(
            out,
            "<defs><marker id=\"{id}-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0 0L10 5L0 10z\" fill=\"{LINE}\"/></marker></defs>"
        );
    }
    for (k, (x, row, name)) in entries.iter().enumerate() {
        let c = palette::series(k);
        let (x, row) = (*x, *row);
        let (x, y) = (x + lx, MARGIN + row as f64 * LEGEND_ROW);
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{SWATCH}\" height=\"{SWATCH}\" rx=\"2\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1.2\"/>",
            N(x),
            N(y),
            tint(c),
            edge(c)
        );
        text_lines(
            &mut out,
            std::slice::from_ref(name),
            x + SWATCH + 6.0,
            y - 0.5,
            NOTE_LINE,
            SMALL_BASELINE,
            SMALL_PX,
            TEXT,
            "start",
        );
    }
    for route in &l.routes {
        let e = &d.edges[route.edge];
        let dash = if e.style == EdgeStyle::Dashed {
            " stroke-dasharray=\"5 4\""
        } else {
            ""
        };
        let arrow = if l.arrows {
            format!(" marker-end=\"url(#{id}-arrow)\"")
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "<path d=\"{}\" fill=\"none\" stroke=\"{LINE}\" stroke-width=\"1.4\"{dash}{arrow}/>",
            path_data(route)
        );
    }
    for route in &l.routes {
        if let (Some(at), Some(text)) = (&route.label, &d.edges[route.edge].label_text) {
            label(&mut out, at, &text.lines);
        }
    }
    for (i, r) in l.nodes.iter().enumerate() {
        node_box(&mut out, d, i, r);
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::N;

    #[test]
    fn coordinates_are_written_in_tenths() {
        for (v, s) in [
            (0.0, "0"),
            (12.0, "12"),
            (12.04, "12"),
            (12.05, "12.1"),
            (-0.5, "-0.5"),
            (-3.0, "-3"),
            (7.25, "7.3"),
            (-0.04, "0"),
        ] {
            assert_eq!(N(v).to_string(), s, "{v}");
        }
    }
}
