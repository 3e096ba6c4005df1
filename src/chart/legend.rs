//! The legend: a swatch and a label per series, in rows across the top. Drawn only for more
//! than one series.

use super::palette;
use super::text::{self, LABEL_SIZE};
use crate::model::charts::SeriesKind;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

pub const ROW_HEIGHT: u32 = 22;
const SWATCH: i32 = 12;
const GAP: u32 = 22;

/// A series' label as the legend sets it within `width`: on one line, ending in "…" when it
/// is longer than the legend is wide (as axis titles do); the data table and the description
/// keep it whole.
pub fn fit(label: &str, width: u32) -> String {
    let room = width.saturating_sub(SWATCH as u32 + 6).max(24);
    text::fit(&text::clean(label), LABEL_SIZE, room)
}

/// The rows a legend of `labels` needs within `width`.
pub fn rows(labels: &[(String, SeriesKind)], width: u32) -> u32 {
    layout(labels, width)
        .last()
        .map_or(0, |(_, _, row)| row + 1)
}

fn layout(labels: &[(String, SeriesKind)], width: u32) -> Vec<(i32, u32, u32)> {
    let mut out = Vec::with_capacity(labels.len());
    let (mut x, mut row) = (0u32, 0u32);
    for (label, _) in labels {
        let w = SWATCH as u32 + 6 + text::width(label, LABEL_SIZE);
        if x > 0 && x + w > width {
            x = 0;
            row += 1;
        }
        out.push((x as i32, w, row));
        x += w + GAP;
    }
    out
}

pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    labels: &[(String, SeriesKind)],
    colors: &[RGBColor],
    left: i32,
    top: i32,
    width: u32,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    for (i, ((label, kind), (x, _, row))) in labels.iter().zip(layout(labels, width)).enumerate() {
        let color = colors.get(i).copied().unwrap_or_else(|| palette::series(i));
        let x = left + x;
        let y = top + (row * ROW_HEIGHT) as i32;
        match kind {
            SeriesKind::Line => {
                area.draw(&PathElement::new(
                    vec![(x, y + SWATCH / 2), (x + SWATCH, y + SWATCH / 2)],
                    color.stroke_width(2),
                ))?;
                super::marker::marker(area, i, (x + SWATCH / 2, y + SWATCH / 2), color)?;
            }
            _ => area.draw(&Rectangle::new(
                [(x, y), (x + SWATCH, y + SWATCH)],
                color.filled(),
            ))?,
        }
        area.draw_text(
            label,
            &text::style(LABEL_SIZE, &palette::TEXT, HPos::Left, VPos::Center),
            (x + SWATCH + 6, y + SWATCH / 2),
        )?;
    }
    Ok(())
}
