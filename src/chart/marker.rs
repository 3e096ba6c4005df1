//! The markers that tell series apart without colour: on a line's points and in the legend.

use plotters::coord::Shift;
use plotters::prelude::*;

/// A different marker per series, so lines part in greyscale too.
pub fn marker<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    i: usize,
    (x, y): (i32, i32),
    color: RGBColor,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    match i % 3 {
        0 => area.draw(&Circle::new((x, y), 4, color.filled())),
        1 => area.draw(&Rectangle::new(
            [(x - 4, y - 4), (x + 4, y + 4)],
            color.filled(),
        )),
        _ => area.draw(&Polygon::new(
            vec![(x, y - 5), (x + 5, y + 4), (x - 5, y + 4)],
            color.filled(),
        )),
    }
}
