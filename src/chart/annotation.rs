//! Annotations (`annotations:`): a note beside one point (a line's point, a bar's end), joined
//! to it by a leader line. Each note tries its places in a fixed order (above, above right,
//! above left, below …, then twice as far; for a sideways bar beside its end first) and takes
//! the first inside the plot that touches no bar and no label placed before; with none free it
//! takes the first inside the plot, so that a note is always drawn. The same chart draws the same picture.

use super::palette;
use super::text::{self, TICK_SIZE};
use crate::plot::Plot;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// A box: left, top, right, bottom.
pub type Bounds = (i32, i32, i32, i32);

/// How far from its point a note stands.
const LEAD: i32 = 30;
/// The gap between the leader's end and the point (a marker's radius and a little).
const CLEAR: i32 = 7;

/// Where each series' value of each category was drawn: (category, series, point).
pub type Anchors = Vec<(usize, usize, (i32, i32))>;

fn overlaps(a: Bounds, b: Bounds) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// The notes, drawn over everything; their boxes are returned (with `taken`'s), for the data
/// labels to keep clear of. `plot_box` is where a note may go; `bars`, the bars it keeps off.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plot: &Plot,
    anchors: &Anchors,
    plot_box: Bounds,
    sideways: bool,
    bars: &[Bounds],
    taken: &mut Vec<Bounds>,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    for a in &plot.options.annotations {
        let (k, i) = a.at;
        let Some(&(_, _, (x, y))) = anchors.iter().find(|(c, s, _)| *c == k && *s == i) else {
            continue;
        };
        let note = text::fit(
            &a.text,
            TICK_SIZE,
            (plot_box.2 - plot_box.0 - 4).max(24) as u32,
        );
        let w = text::width(&note, TICK_SIZE) as i32;
        let h = 14;
        // Each place: the note's box, where its text is drawn (left, baseline), and the
        // leader's end beside the box.
        let place = |dx: i32, dy: i32| -> (Bounds, (i32, i32), (i32, i32)) {
            // (dx, dy): which way from the point, -1, 0 or 1 each.
            let cx = x + dx.signum() * (LEAD * 2 / 3 + if dx == 0 { 0 } else { w / 2 });
            let cy = y + dy * LEAD;
            let b = (cx - w / 2 - 2, cy - h / 2, cx + w / 2 + 2, cy + h / 2);
            // Up or down: to the box's edge nearest the point; sideways: to its near side.
            let near = match dx.signum() {
                1 => b.0 + 4,
                -1 => b.2 - 4,
                _ => cx,
            };
            let end = match (dx.signum(), dy.signum()) {
                (_, -1) => (near, b.3),
                (_, 1) => (near, b.1),
                (1, _) => (b.0, cy),
                _ => (b.2, cy),
            };
            (b, (cx, cy + 4), end)
        };
        let mut ways = vec![(0, -1), (1, -1), (-1, -1), (0, 1), (1, 1), (-1, 1)];
        if sideways {
            ways.splice(0..0, [(1, 0), (-1, 0)]);
        }
        // Then twice as far, past a neighbour in the way.
        let far: Vec<(i32, i32)> = ways.iter().map(|&(dx, dy)| (dx, dy * 2)).collect();
        ways.extend(far);
        let inside = |b: Bounds| {
            b.0 >= plot_box.0 && b.1 >= plot_box.1 && b.2 <= plot_box.2 && b.3 <= plot_box.3
        };
        let candidates: Vec<_> = ways.iter().map(|&(dx, dy)| place(dx, dy)).collect();
        let chosen = candidates
            .iter()
            .find(|(b, _, _)| {
                inside(*b)
                    && !taken.iter().any(|t| overlaps(*b, *t))
                    && !bars.iter().any(|t| overlaps(*b, *t))
            })
            .or_else(|| candidates.iter().find(|(b, _, _)| inside(*b)))
            .copied()
            .unwrap_or_else(|| {
                // Not even alone inside the plot (a narrow one): above, kept inside across.
                let (b, at, end) = candidates[0];
                let shift = (plot_box.0 - b.0).max(0) - (b.2 - plot_box.2).max(0);
                (
                    (b.0 + shift, b.1, b.2 + shift, b.3),
                    (at.0 + shift, at.1),
                    (end.0 + shift, end.1),
                )
            });
        let (b, at, end) = chosen;
        // The leader, from beside the point to the note.
        let (ex, ey) = (f64::from(end.0 - x), f64::from(end.1 - y));
        let len = (ex * ex + ey * ey).sqrt().max(1.0);
        let start = (
            x + (ex / len * f64::from(CLEAR)).round() as i32,
            y + (ey / len * f64::from(CLEAR)).round() as i32,
        );
        area.draw(&PathElement::new(
            vec![start, end],
            palette::AXIS.stroke_width(1),
        ))?;
        area.draw_text(
            &note,
            &text::style(TICK_SIZE, &palette::TEXT, HPos::Center, VPos::Bottom),
            at,
        )?;
        taken.push(b);
    }
    Ok(())
}
