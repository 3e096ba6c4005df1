//! Value axes: a range that starts at zero for bars and ends on a round number, and tick
//! labels formatted like the data (units on the axis, `%` on each tick).

use crate::locale::Numbers;
use crate::locale::numbers::decimals_needed;

/// `(low, high, step)`: a round range holding `min..max` and zero, in about five steps.
pub fn nice_range(min: f64, max: f64) -> (f64, f64, f64) {
    let (lo, hi) = (min.min(0.0), max.max(0.0));
    let span = if hi - lo > 0.0 { hi - lo } else { 1.0 };
    let raw = span / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let low = (lo / step).floor() * step;
    let high = (hi / step).ceil() * step;
    (low, if high > low { high } else { low + step }, step)
}

/// The range of a value axis for data from `min` to `max`: [`nice_range`], with whole-number
/// steps when every value is whole (counts are never split). `None` when no axis can hold the
/// data: a span or a sum beyond the range of numbers (two values near ±1.8 × 10^308), or
/// values so near zero that no step tells them apart. Resolve refuses such a chart, so a
/// chart that is drawn always has finite ticks.
pub fn axis_range(min: f64, max: f64, whole: bool) -> Option<(f64, f64, f64)> {
    if !(min.is_finite() && max.is_finite()) {
        return None;
    }
    let (low, high, mut step) = nice_range(min, max);
    if step < 1.0 && whole {
        step = 1.0;
    }
    let high = (high / step).ceil() * step;
    let steps = (high - low) / step;
    let drawable = [low, high, step, steps].iter().all(|v| v.is_finite())
        && step > 0.0
        && high > low
        && steps <= 1000.0;
    drawable.then_some((low, high, step))
}

/// A tick's label: as many decimals as the step needs, digits grouped, `%` as the language
/// writes it.
pub fn tick_label(value: f64, step: f64, unit: Option<&str>, numbers: Numbers) -> String {
    let d = decimals_needed(step).min(6);
    let v = if value.abs() < step * 1e-9 {
        0.0
    } else {
        value
    };
    let n = numbers.number(v, Some(d), true);
    match unit {
        Some("%") => numbers.with_unit(n, "%"),
        _ => n,
    }
}

/// The widest tick label of an axis from `low` to `high` by `step`, in the SVG's units: the
/// label and its width.
pub fn widest_tick_label(
    (low, high, step): (f64, f64, f64),
    unit: Option<&str>,
    numbers: Numbers,
) -> (String, u32) {
    let n = ((high - low) / step).round().max(0.0) as i64;
    (0..=n)
        .map(|i| {
            let l = tick_label(low + i as f64 * step, step, unit, numbers);
            let w = super::text::width(&l, super::text::TICK_SIZE);
            (l, w)
        })
        .max_by_key(|(_, w)| *w)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_round_and_hold_zero() {
        assert_eq!(nice_range(1.0, 4.0), (0.0, 4.0, 1.0));
        assert_eq!(nice_range(0.0, 1186.0), (0.0, 1250.0, 250.0));
        assert_eq!(nice_range(-3.0, 7.0), (-4.0, 8.0, 2.0));
        assert_eq!(nice_range(0.0, 0.0), (0.0, 0.2, 0.2));
    }

    #[test]
    fn an_axis_beyond_the_range_of_numbers_is_refused() {
        assert_eq!(axis_range(0.0, 1186.0, true), Some((0.0, 1250.0, 250.0)));
        assert_eq!(axis_range(0.0, 3.0, true), Some((0.0, 3.0, 1.0)));
        // Rounding up past the largest number, a span past it, a sum that overflowed.
        assert_eq!(axis_range(0.0, 1.7e308, false), None);
        assert_eq!(axis_range(-1e308, 1e308, false), None);
        assert_eq!(axis_range(0.0, f64::INFINITY, false), None);
        assert_eq!(axis_range(f64::NAN, 1.0, false), None);
        // So near zero that no step is left.
        assert_eq!(axis_range(0.0, 5e-324, false), None);
        assert!(axis_range(0.0, 1e300, false).is_some());
    }

    #[test]
    fn tick_labels_follow_the_step() {
        assert_eq!(tick_label(2.5, 0.5, Some("%"), Numbers::english()), "2.5%");
        assert_eq!(
            tick_label(1250.0, 250.0, Some("USD"), Numbers::english()),
            "1,250"
        );
        assert_eq!(tick_label(1e-17, 0.2, None, Numbers::english()), "0.0");
    }
}
