//! Colours: the Okabe–Ito palette, told apart by people with any common colour-vision
//! deficiency, distinct in lightness for greyscale print, and readable on a dark page.

use plotters::style::RGBColor;

pub const SERIES: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0xF0, 0xE4, 0x42), // yellow
    RGBColor(0x55, 0x55, 0x55), // grey
];

/// Text and axes; the theme's CSS recolours them in dark mode.
pub const TEXT: RGBColor = RGBColor(0x33, 0x33, 0x33);
pub const AXIS: RGBColor = RGBColor(0x66, 0x66, 0x66);
pub const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);

pub fn series(i: usize) -> RGBColor {
    SERIES[i % SERIES.len()]
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
