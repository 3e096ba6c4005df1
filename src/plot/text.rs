//! Text for drawings (charts and diagrams): cleaned of what XML forbids, measured with the
//! embedded font, and wrapped to a width. Resolve measures with it too, to refuse a label that
//! cannot fit before anything is drawn.

use super::font::FAMILY;
use plotters::prelude::*;

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
            *last = cut(last, size, max);
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
    cut(&line, size, max)
}

/// The longest start of `text` that fits in `max` with a closing "…", and the "…" (just "…"
/// when nothing fits). Text only grows wider as characters are added (a glyph advances the
/// pen further than any kerning takes back), so the cut is found by bisecting on character
/// boundaries: O(log n) measurements of a long label, not one per character.
fn cut(text: &str, size: f64, max: u32) -> String {
    let ends: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .skip(1)
        .chain(std::iter::once(text.len()))
        .collect();
    let with_ellipsis = |chars: usize| {
        let start = if chars == 0 {
            ""
        } else {
            &text[..ends[chars - 1]]
        };
        format!("{start}…")
    };
    // The longest start known to fit (none: zero characters), and one known not to.
    let (mut fits, mut too_wide) = (0, ends.len() + 1);
    while too_wide - fits > 1 {
        let mid = fits + (too_wide - fits) / 2;
        if width(&with_ellipsis(mid), size) <= max {
            fits = mid;
        } else {
            too_wide = mid;
        }
    }
    with_ellipsis(fits)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cut as it was made before: one character off the end at a time.
    fn cut_char_by_char(text: &str, size: f64, max: u32) -> String {
        let mut line = text.to_string();
        while !line.is_empty() && width(&format!("{line}…"), size) > max {
            line.pop();
        }
        line.push('…');
        line
    }

    #[test]
    fn bisecting_cuts_where_cutting_char_by_char_did() {
        assert!(super::super::font::ensure_registered());
        let texts = [
            "Lighthouse factories by use case",
            "AVAWAVATo Ty Yo Wa LT ff fi …",
            "Écoles, Straße, Łódź, 中国制造, ñ",
            "iiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiii WWWWWWWWWWWWWW",
            "x",
            "",
        ];
        for text in texts {
            for max in [0, 5, 12, 30, 47, 80, 150, 400] {
                for size in [TICK_SIZE, LABEL_SIZE] {
                    assert_eq!(
                        cut(text, size, max),
                        cut_char_by_char(text, size, max),
                        "{text:?} in {max} at {size}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_very_long_label_is_cut_in_few_measurements() {
        assert!(super::super::font::ensure_registered());
        // Cut one character at a time, this took minutes.
        let label = "Shenzhen".repeat(2_500);
        let cut = fit(&label, TICK_SIZE, 120);
        assert!(cut.ends_with('…') && cut.len() < 40, "{cut}");
        assert!(width(&cut, TICK_SIZE) <= 120);
        let lines = wrap(&format!("a {label} b"), TICK_SIZE, 120, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…') && lines[1].len() < 40, "{lines:?}");
    }
}
