//! Text for charts: cleaned of what XML forbids, measured with the embedded font, and
//! wrapped to a width.

use super::font::FAMILY;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Sizes are plotters' text heights: the SVG's font-size is about 1/1.24 of them, so these
/// print at about 11.3 and 12.5 pixels.
pub const TICK_SIZE: f64 = 14.0;
pub const LABEL_SIZE: f64 = 15.5;

/// Drops control characters, which XML 1.0 forbids (plotters escapes markup itself).
pub fn clean(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() && *c != '\u{FFFE}' && *c != '\u{FFFF}')
        .collect()
}

pub fn style<'a>(size: f64, color: &'a RGBColor, h: HPos, v: VPos) -> TextStyle<'a> {
    TextStyle::from((FAMILY, size).into_font())
        .color(color)
        .pos(Pos::new(h, v))
}

/// The width of `text` in pixels at `size`, from the font's metrics.
pub fn width(text: &str, size: f64) -> u32 {
    let font: FontDesc = (FAMILY, size).into_font();
    font.box_size(text)
        .map(|(w, _)| w)
        .unwrap_or_else(|_| (text.chars().count() as f64 * size * 0.6) as u32)
}

/// The width of the widest of `lines`, in pixels at `size`.
pub fn widest<'a>(lines: impl IntoIterator<Item = &'a String>, size: f64) -> i32 {
    lines.into_iter().map(|l| width(l, size)).max().unwrap_or(0) as i32
}

/// Splits `text` into lines no wider than `max` (a single long word stays whole), at most
/// `max_lines`; the last line ends with "…" when text is left over.
pub fn wrap(text: &str, size: f64, max: u32, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let candidate = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if width(&candidate, size) <= max || cur.is_empty() {
            cur = candidate;
        } else {
            lines.push(std::mem::replace(&mut cur, word.to_string()));
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && width(&format!("{last}…"), size) > max {
                last.pop();
            }
            last.push('…');
        }
    }
    lines
}

/// `text` on one line no wider than `max`: wrapped to one line, and a word too long even
/// alone cut short; whatever is left out is shown by a closing "…".
pub fn fit(text: &str, size: f64, max: u32) -> String {
    let mut line = wrap(text, size, max, 1)
        .into_iter()
        .next()
        .unwrap_or_default();
    if width(&line, size) <= max {
        return line;
    }
    if line.ends_with('…') {
        line.pop();
    }
    while !line.is_empty() && width(&format!("{line}…"), size) > max {
        line.pop();
    }
    line.push('…');
    line
}
