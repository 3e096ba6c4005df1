//! Where a chart's axes are drawn: the value axes (left, and right in a combo chart) with
//! their ticks, grid and titles, and the category axis with its labels wrapped under (or
//! beside) each category.

use super::palette;
use super::text::{self, LABEL_SIZE, TICK_SIZE};
use crate::plot::scale::tick_label;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// A value axis: its range, step, unit and title.
#[derive(Debug, Clone)]
pub struct ValueAxis {
    pub low: f64,
    pub high: f64,
    pub step: f64,
    pub unit: Option<String>,
    pub title: Option<String>,
    pub numbers: crate::locale::Numbers,
}

impl ValueAxis {
    /// The multiples of the step from `low` to `high`.
    pub fn ticks(&self) -> Vec<f64> {
        let first = (self.low / self.step - 1e-9).ceil() * self.step;
        let n = ((self.high - first) / self.step + 1e-9).floor() as i64;
        (0..=n.max(0))
            .map(|i| first + i as f64 * self.step)
            .collect()
    }

    /// The axis with only as many ticks as have room along `span` pixels: every second,
    /// fifth, tenth… of its round step (each tick still a round number, the range unchanged),
    /// the first whose labels never touch: side by side (`across`, an axis along the bottom)
    /// each label's width apart, one above another a line apart. A step that keeps both ends
    /// of the axis labelled is preferred; at least two ticks stay.
    pub fn thinned(&self, span: i32, across: bool) -> ValueAxis {
        let fits = |a: &ValueAxis| {
            let apart = f64::from(span.max(0)) * a.step / (self.high - self.low);
            let needs = if across {
                f64::from(a.label_width()) + 12.0
            } else {
                TICK_SIZE
            };
            apart >= needs
        };
        let on_tick = |v: f64, step: f64| ((v / step).round() - v / step).abs() < 1e-9;
        let candidates: Vec<ValueAxis> = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 1000.0]
            .iter()
            .map(|m| ValueAxis {
                step: self.step * m,
                ..self.clone()
            })
            .take_while(|a| a.ticks().len() >= 2)
            .collect();
        let ends_kept = |a: &&ValueAxis| on_tick(self.low, a.step) && on_tick(self.high, a.step);
        candidates
            .iter()
            .filter(ends_kept)
            .find(|a| fits(a))
            .or_else(|| candidates.iter().find(|a| fits(a)))
            .or(candidates.last())
            .cloned()
            .unwrap_or_else(|| self.clone())
    }

    pub fn labels(&self) -> Vec<String> {
        self.ticks()
            .iter()
            .map(|t| tick_label(*t, self.step, self.unit.as_deref(), self.numbers))
            .collect()
    }

    /// The widest tick label, in pixels.
    pub fn label_width(&self) -> u32 {
        self.labels()
            .iter()
            .map(|l| text::width(l, TICK_SIZE))
            .max()
            .unwrap_or(0)
    }

    /// Maps a value to a pixel between `from` (at `low`) and `to` (at `high`).
    pub fn map(&self, v: f64, from: i32, to: i32) -> i32 {
        let t = (v - self.low) / (self.high - self.low);
        (f64::from(from) + t * f64::from(to - from)).round() as i32
    }
}

/// The plot's rectangle in pixels.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    pub left: i32,
    pub top: i32,
    pub right: i32,
    pub bottom: i32,
}

type Res<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A vertical value axis at the left or right edge of `frame`, with grid lines (left only).
pub fn draw_vertical<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    axis: &ValueAxis,
    frame: Frame,
    right_side: bool,
) -> Res<DB> {
    let x = if right_side { frame.right } else { frame.left };
    for (t, label) in axis.ticks().iter().zip(axis.labels()) {
        let y = axis.map(*t, frame.bottom, frame.top);
        if !right_side {
            let color = if *t == 0.0 {
                palette::AXIS
            } else {
                palette::GRID
            };
            area.draw(&PathElement::new(
                vec![(frame.left, y), (frame.right, y)],
                color.stroke_width(1),
            ))?;
        }
        let (tx, h) = if right_side {
            (x + 6, HPos::Left)
        } else {
            (x - 6, HPos::Right)
        };
        area.draw_text(
            &label,
            &text::style(TICK_SIZE, &palette::TEXT, h, VPos::Center),
            (tx, y),
        )?;
    }
    if let Some(title) = &axis.title {
        let w = axis.label_width() as i32;
        let style = text::style(LABEL_SIZE, &palette::TEXT, HPos::Center, VPos::Center).transform(
            if right_side {
                FontTransform::Rotate90
            } else {
                FontTransform::Rotate270
            },
        );
        let tx = if right_side {
            x + 14 + w + 8
        } else {
            x - 14 - w - 8
        };
        let room = (frame.bottom - frame.top).max(24) as u32;
        let title = one_line(title, room);
        area.draw_text(&title, &style, (tx, (frame.top + frame.bottom) / 2))?;
    }
    Ok(())
}

/// A horizontal value axis under `frame` (for sideways bars), with vertical grid lines.
pub fn draw_horizontal<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    axis: &ValueAxis,
    frame: Frame,
) -> Res<DB> {
    for (t, label) in axis.ticks().iter().zip(axis.labels()) {
        let x = axis.map(*t, frame.left, frame.right);
        let color = if *t == 0.0 {
            palette::AXIS
        } else {
            palette::GRID
        };
        area.draw(&PathElement::new(
            vec![(x, frame.top), (x, frame.bottom)],
            color.stroke_width(1),
        ))?;
        area.draw_text(
            &label,
            &text::style(TICK_SIZE, &palette::TEXT, HPos::Center, VPos::Top),
            (x, frame.bottom + 6),
        )?;
    }
    if let Some(title) = &axis.title {
        area.draw_text(
            &one_line(title, (frame.right - frame.left).max(24) as u32),
            &text::style(LABEL_SIZE, &palette::TEXT, HPos::Center, VPos::Top),
            ((frame.left + frame.right) / 2, frame.bottom + 26),
        )?;
    }
    Ok(())
}

/// An axis title on one line no longer than `room` pixels, ending in "…" when cut.
pub fn one_line(title: &str, room: u32) -> String {
    text::fit(title, LABEL_SIZE, room)
}

/// How category labels are set along their axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CategoryLabels {
    /// Left of the frame, for sideways bars, each wrapped to its slot's height.
    Beside,
    /// Under the frame, each wrapped to its slot's width.
    Under,
    /// Under the frame, turned to read upwards: for more or longer labels than fit across.
    Upright,
}

/// The height in pixels of a line of category labels.
pub fn category_line_height() -> i32 {
    (TICK_SIZE * 1.25) as i32
}

/// Every how many categories one is labelled, so that labels `thickness` pixels deep never
/// touch in slots `slot` pixels apart (1: every category).
pub fn label_every(slot: f64, thickness: i32) -> usize {
    if slot <= 0.0 {
        return 1;
    }
    (f64::from(thickness) / slot).ceil().max(1.0) as usize
}

/// Category labels, each set in its slot as `how` says; only every `every`-th is drawn.
pub fn draw_categories<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lines: &[Vec<String>],
    frame: Frame,
    how: CategoryLabels,
    every: usize,
) -> Res<DB> {
    let n = lines.len().max(1) as f64;
    let line_h = category_line_height();
    for (i, label) in lines.iter().enumerate().step_by(every.max(1)) {
        match how {
            CategoryLabels::Beside => {
                let slot = f64::from(frame.bottom - frame.top) / n;
                let cy = frame.top + (slot * (i as f64 + 0.5)) as i32;
                let y0 = cy - line_h * (label.len() as i32 - 1) / 2;
                for (k, l) in label.iter().enumerate() {
                    area.draw_text(
                        l,
                        &text::style(TICK_SIZE, &palette::TEXT, HPos::Right, VPos::Center),
                        (frame.left - 8, y0 + k as i32 * line_h),
                    )?;
                }
            }
            CategoryLabels::Under | CategoryLabels::Upright => {
                let slot = f64::from(frame.right - frame.left) / n;
                let cx = frame.left + (slot * (i as f64 + 0.5)) as i32;
                if how == CategoryLabels::Upright {
                    // Turned a quarter: the label ends at the axis and reads upwards.
                    let style = text::style(TICK_SIZE, &palette::TEXT, HPos::Right, VPos::Center)
                        .transform(FontTransform::Rotate270);
                    let l = label.first().map_or("", String::as_str);
                    area.draw_text(l, &style, (cx, frame.bottom + 6))?;
                    continue;
                }
                for (k, l) in label.iter().enumerate() {
                    area.draw_text(
                        l,
                        &text::style(TICK_SIZE, &palette::TEXT, HPos::Center, VPos::Top),
                        (cx, frame.bottom + 6 + k as i32 * line_h),
                    )?;
                }
            }
        }
    }
    let axis_line = if how == CategoryLabels::Beside {
        vec![(frame.left, frame.top), (frame.left, frame.bottom)]
    } else {
        vec![(frame.left, frame.bottom), (frame.right, frame.bottom)]
    };
    area.draw(&PathElement::new(axis_line, palette::AXIS.stroke_width(1)))?;
    Ok(())
}
