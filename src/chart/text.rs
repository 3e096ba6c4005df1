//! Chart text: the sizes and the style plotters draws it with; measuring and wrapping are
//! `plot::text`'s, shared with diagrams and with resolve.

use crate::plot::font::FAMILY;
pub use crate::plot::text::{LABEL_SIZE, TICK_SIZE, clean, fit, widest, width, wrap};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub fn style<'a>(size: f64, color: &'a RGBColor, h: HPos, v: VPos) -> TextStyle<'a> {
    TextStyle::from((FAMILY, size).into_font())
        .color(color)
        .pos(Pos::new(h, v))
}
