//! Pie and donut charts: slices from the top, clockwise, in data order; each slice's share
//! printed in it when it is wide enough, and every slice named with its value and share in
//! the legend beside the pie, so no label overlaps another.

use super::palette;
use super::text::{self, LABEL_SIZE, TICK_SIZE};
use crate::model::charts::ChartType;
use crate::render::number_format::format_number;
use crate::resolve::charts::Plot;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use std::f64::consts::{FRAC_PI_2, TAU};

pub const WIDTH: u32 = 640;
pub const HEIGHT: u32 = 340;
const CX: f64 = 170.0;
const CY: f64 = 170.0;
const R: f64 = 150.0;

/// Each slice's share in percent, summing to 100.
pub fn shares(values: &[f64]) -> Vec<f64> {
    let total: f64 = values.iter().sum();
    values
        .iter()
        .map(|v| if total > 0.0 { v / total * 100.0 } else { 0.0 })
        .collect()
}

fn arc(r: f64, a0: f64, a1: f64) -> Vec<(i32, i32)> {
    let steps = (((a1 - a0) / TAU * 180.0).ceil() as usize).max(2);
    (0..=steps)
        .map(|k| {
            let a = a0 + (a1 - a0) * k as f64 / steps as f64 - FRAC_PI_2;
            (
                (CX + r * a.cos()).round() as i32,
                (CY + r * a.sin()).round() as i32,
            )
        })
        .collect()
}

pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plot: &Plot,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let series = &plot.series[0];
    let inner = if plot.kind == ChartType::Donut {
        R * 0.55
    } else {
        0.0
    };
    let total: f64 = series.values.iter().sum();
    let pct = shares(&series.values);
    let mut a0 = 0.0;
    for (i, v) in series.values.iter().enumerate() {
        let a1 = a0 + v / total * TAU;
        let mut poly = arc(R, a0, a1);
        if inner > 0.0 {
            let mut back = arc(inner, a0, a1);
            back.reverse();
            poly.extend(back);
        } else {
            poly.push((CX as i32, CY as i32));
        }
        let color = palette::series(i);
        area.draw(&Polygon::new(poly, color.filled()))?;
        if pct[i] >= 6.0 {
            let mid = (a0 + a1) / 2.0 - FRAC_PI_2;
            let r = if inner > 0.0 {
                (R + inner) / 2.0
            } else {
                R * 0.62
            };
            let label = format!(
                "{}%",
                format_number(pct[i], Some(if pct[i] >= 10.0 { 0 } else { 1 }), true)
            );
            let pos = (
                (CX + r * mid.cos()).round() as i32,
                (CY + r * mid.sin()).round() as i32,
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
        let total_text = format_number(total, series.decimals, true);
        area.draw_text(
            &total_text,
            &text::style(22.0, &palette::TEXT, HPos::Center, VPos::Bottom),
            (CX as i32, CY as i32 + 2),
        )?;
        area.draw_text(
            "in all",
            &text::style(TICK_SIZE, &palette::TEXT, HPos::Center, VPos::Top),
            (CX as i32, CY as i32 + 4),
        )?;
    }
    // The legend: every slice with its value and share, on two lines each while they fit the
    // chart's height, else on one line each, closer together.
    let x = (CX + R + 36.0) as i32;
    let rows = series.values.len().max(1) as i32;
    let room = HEIGHT as i32 - 24;
    let two_lines = rows * 40 <= room;
    let row_h = if two_lines { 40 } else { (room / rows).max(14) };
    let y0 = (CY as i32 - rows * row_h / 2).max(12);
    let max_w = WIDTH - x as u32 - 12 - 22;
    let swatch = (row_h - 4).min(14);
    for (i, (cat, v)) in plot.categories.iter().zip(&series.values).enumerate() {
        let y = y0 + i as i32 * row_h;
        let color = palette::series(i);
        area.draw(&Rectangle::new(
            [(x, y + 2), (x + swatch, y + 2 + swatch)],
            color.filled(),
        ))?;
        let share = format!("{}%", format_number(pct[i], Some(1), true));
        let detail = match series.unit.as_deref() {
            // Values that are shares already: the share alone.
            Some("%") => share,
            Some(u) => format!("{} {u} · {share}", format_number(*v, series.decimals, true)),
            None => format!("{} · {share}", format_number(*v, series.decimals, true)),
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
                &text::fit(&text::clean(&format!("{name}: {detail}")), TICK_SIZE, max_w),
                &text::style(TICK_SIZE, &palette::TEXT, HPos::Left, VPos::Top),
                (x + 22, y + 2),
            )?;
        }
    }
    Ok(())
}
