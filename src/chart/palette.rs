//! Colours: a chart's series take theirs from the plot (its palette, `plot::colors`, by
//! default Okabe–Ito's: told apart by people with any common colour-vision deficiency,
//! distinct in lightness for greyscale print, and readable on a dark page); diagrams' groups
//! take Okabe–Ito's; text and axes are fixed.

use crate::plot::colors::{OKABE_ITO, Rgb};
use plotters::style::RGBColor;

/// Text and axes; the theme's CSS recolours them in dark mode.
pub const TEXT: RGBColor = RGBColor(0x33, 0x33, 0x33);
pub const AXIS: RGBColor = RGBColor(0x66, 0x66, 0x66);
pub const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);

/// The `i`-th colour of the default palette.
pub fn series(i: usize) -> RGBColor {
    rgb(OKABE_ITO.color(i))
}

pub fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// Black or white, whichever reads better on `c`.
pub fn ink_on(c: RGBColor) -> RGBColor {
    let l = 0.2126 * f64::from(c.0) + 0.7152 * f64::from(c.1) + 0.0722 * f64::from(c.2);
    if l > 140.0 {
        RGBColor(0, 0, 0)
    } else {
        RGBColor(0xFF, 0xFF, 0xFF)
    }
}
