//! Small multiples (`small_multiples: true`): one small chart per series, in a grid, each
//! titled by its series and drawn on the scale of all of them (`Plot::panel`), so that the
//! panels compare at a glance. Two columns on the column (three from five series) and in the
//! PDF, one on a phone.

use super::Canvas;
use super::cartesian;
use super::palette;
use super::text::{self, LABEL_SIZE};
use crate::plot::Plot;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// The height of a panel's title above its chart.
const TITLE: u32 = 26;

/// The grid of a chart's panels on a canvas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grid {
    pub cols: u32,
    pub rows: u32,
    pub panel_w: u32,
    pub panel_h: u32,
}

impl Grid {
    pub fn size(&self) -> (u32, u32) {
        (self.cols * self.panel_w, self.rows * self.panel_h)
    }
}

pub fn grid(plot: &Plot, canvas: Canvas) -> Grid {
    let n = plot.series.len().max(1) as u32;
    let cols = match canvas {
        Canvas::Narrow => 1,
        Canvas::Wide if n >= 5 => 3,
        _ => 2,
    }
    .min(n);
    let (width, panel_h) = match (canvas, cols) {
        (Canvas::Narrow, _) => (cartesian::NARROW.0, 230),
        (Canvas::Wide, 3) => (cartesian::WIDE.0, 220),
        (Canvas::Wide, _) => (cartesian::WIDE.0, 240),
        (Canvas::Print, _) => (cartesian::PRINT.0, 210),
    };
    Grid {
        cols,
        rows: n.div_ceil(cols),
        panel_w: width / cols,
        panel_h,
    }
}

pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plot: &Plot,
    g: Grid,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let panels = area.split_evenly((g.rows as usize, g.cols as usize));
    for (i, panel) in panels.iter().enumerate().take(plot.series.len()) {
        let (head, body) = panel.split_vertically(TITLE);
        let title = text::fit(
            &text::clean(&plot.series[i].label),
            LABEL_SIZE,
            g.panel_w.saturating_sub(24).max(24),
        );
        head.draw_text(
            &title,
            &text::style(LABEL_SIZE, &palette::TEXT, HPos::Left, VPos::Top),
            (12, 8),
        )?;
        cartesian::draw(&body, &plot.panel(i), (g.panel_w, g.panel_h - TITLE))?;
    }
    Ok(())
}
