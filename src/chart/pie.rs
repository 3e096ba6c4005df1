//! Pie and donut charts: slices from the top, clockwise, in data order; each slice's share
//! printed in it when it is wide enough, and every slice named with its value and share in
//! the legend beside the pie, so no label overlaps another.

use super::palette;
use super::text::{self, LABEL_SIZE, TICK_SIZE};
use crate::model::charts::ChartType;
use crate::plot::Plot;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use std::f64::consts::{FRAC_PI_2, TAU};

/// Where a pie is drawn: its centre and radius, and its legend beside it (wide) or under it
/// (narrow, for phones).
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    pub width: u32,
    pub height: u32,
    cx: f64,
    cy: f64,
    r: f64,
    legend_below: bool,
}

/// Beside the legend: the page's column (as wide as a chart on axes, so that their text reads
/// at the same size) …
pub const WIDE: Geometry = Geometry {
    width: super::cartesian::WIDE.0,
    height: 340,
    cx: 170.0,
    cy: 170.0,
    r: 150.0,
    legend_below: false,
};

/// … and the PDF's text width.
pub const PRINT: Geometry = Geometry {
    width: super::cartesian::PRINT.0,
    height: 340,
    cx: 170.0,
    cy: 170.0,
    r: 150.0,
    legend_below: false,
};

/// The legend under the pie, two lines a slice, for a phone's screen.
pub fn narrow(slices: usize) -> Geometry {
    let (r, top) = (115.0, 12.0);
    Geometry {
        width: 360,
        height: (top + 2.0 * r) as u32 + 24 + 40 * slices.max(1) as u32,
        cx: 180.0,
        cy: top + r,
        r,
        legend_below: true,
    }
}

/// Each slice's share in percent, summing to 100.
pub fn shares(values: &[f64]) -> Vec<f64> {
    let total: f64 = values.iter().sum();
    values
        .iter()
        .map(|v| if total > 0.0 { v / total * 100.0 } else { 0.0 })
        .collect()
}

fn arc(g: &Geometry, r: f64, a0: f64, a1: f64) -> Vec<(i32, i32)> {
    let steps = (((a1 - a0) / TAU * 180.0).ceil() as usize).max(2);
    (0..=steps)
        .map(|k| {
            let a = a0 + (a1 - a0) * k as f64 / steps as f64 - FRAC_PI_2;
            (
                (g.cx + r * a.cos()).round() as i32,
                (g.cy + r * a.sin()).round() as i32,
            )
        })
        .collect()
}

pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plot: &Plot,
    g: &Geometry,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (cx, cy, r_outer) = (g.cx, g.cy, g.r);
    let series = &plot.series[0];
    let inner = if plot.kind == ChartType::Donut {
        r_outer * 0.55
    } else {
        0.0
    };
    let total: f64 = series.values.iter().sum();
    let pct = shares(&series.values);
    let numbers = plot.locale.numbers();
    let mut a0 = 0.0;
    for (i, v) in series.values.iter().enumerate() {
        let a1 = a0 + v / total * TAU;
        let mut poly = arc(g, r_outer, a0, a1);
        if inner > 0.0 {
            let mut back = arc(g, inner, a0, a1);
            back.reverse();
            poly.extend(back);
        } else {
            poly.push((cx as i32, cy as i32));
        }
        let color = palette::rgb(plot.slice_color(i));
        area.draw(&Polygon::new(poly, color.filled()))?;
        if pct[i] >= 6.0 {
            let mid = (a0 + a1) / 2.0 - FRAC_PI_2;
            let r = if inner > 0.0 {
                (r_outer + inner) / 2.0
            } else {
                r_outer * 0.62
            };
            // The legend's precision, so a slice and its legend entry read the same share.
            let label = numbers.percent(pct[i], Some(1));
            let pos = (
                (cx + r * mid.cos()).round() as i32,
                (cy + r * mid.sin()).round() as i32,
            );
            area.draw_text(
                &label,
                &text::style(
                    LABEL_SIZE,
                    &palette::ink_on(color),
                    HPos::Center,
                    VPos::Center,
                ),
                pos,
            )?;
        }
        a0 = a1;
    }
    if inner > 0.0 && series.unit.as_deref() != Some("%") {
        let total_text = numbers.number(total, series.decimals, true);
        area.draw_text(
            &total_text,
            &text::style(22.0, &palette::TEXT, HPos::Center, VPos::Bottom),
            (cx as i32, cy as i32 + 2),
        )?;
        area.draw_text(
            plot.locale.text("donut_total"),
            &text::style(TICK_SIZE, &palette::TEXT, HPos::Center, VPos::Top),
            (cx as i32, cy as i32 + 4),
        )?;
    }
    // The legend: every slice with its value and share, on two lines each while they fit the
    // chart's height, else on one line each, closer together.
    let rows = series.values.len().max(1) as i32;
    let (x, y0, row_h, two_lines, max_w) = if g.legend_below {
        let x = 24;
        (
            x,
            (cy + r_outer) as i32 + 24,
            40,
            true,
            g.width - x as u32 - 12 - 22,
        )
    } else {
        let x = (cx + r_outer + 36.0) as i32;
        let room = g.height as i32 - 24;
        let two_lines = rows * 40 <= room;
        let row_h = if two_lines { 40 } else { (room / rows).max(14) };
        let y0 = (cy as i32 - rows * row_h / 2).max(12);
        (x, y0, row_h, two_lines, g.width - x as u32 - 12 - 22)
    };
    let swatch = (row_h - 4).min(14);
    for (i, (cat, v)) in plot.categories.iter().zip(&series.values).enumerate() {
        let y = y0 + i as i32 * row_h;
        let color = palette::rgb(plot.slice_color(i));
        area.draw(&Rectangle::new(
            [(x, y + 2), (x + swatch, y + 2 + swatch)],
            color.filled(),
        ))?;
        let share = numbers.percent(pct[i], Some(1));
        let detail = match series.unit.as_deref() {
            // Values that are shares already: the share alone.
            Some("%") => share,
            Some(u) => format!(
                "{} · {share}",
                numbers.with_unit(numbers.number(*v, series.decimals, true), u)
            ),
            None => format!("{} · {share}", numbers.number(*v, series.decimals, true)),
        };
        let name = text::clean(cat);
        if two_lines {
            area.draw_text(
                &text::fit(&name, LABEL_SIZE, max_w),
                &text::style(LABEL_SIZE, &palette::TEXT, HPos::Left, VPos::Top),
                (x + 22, y + 2),
            )?;
            area.draw_text(
                &text::fit(&text::clean(&detail), TICK_SIZE, max_w),
                &text::style(TICK_SIZE, &palette::TEXT, HPos::Left, VPos::Top),
                (x + 22, y + 20),
            )?;
        } else {
            area.draw_text(
                &text::fit(
                    &text::clean(
                        &plot
                            .locale
                            .fill("name_and_title", &[("name", &name), ("title", &detail)]),
                    ),
                    TICK_SIZE,
                    max_w,
                ),
                &text::style(TICK_SIZE, &palette::TEXT, HPos::Left, VPos::Top),
                (x + 22, y + 2),
            )?;
        }
    }
    Ok(())
}
