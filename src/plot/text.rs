//! Text for drawings (charts and diagrams): cleaned of what XML forbids, measured with the
//! embedded font, and wrapped to a width. Resolve measures with it too, to refuse a label that
//! cannot fit before anything is drawn.

/// Sizes are plotters' text heights: the SVG's font-size is about 1/1.24 of them, so these
/// print at about 11.3 and 12.5 pixels.
pub const TICK_SIZE: f64 = 14.0;
pub const LABEL_SIZE: f64 = 15.5;

/// Drops control characters, which XML 1.0 forbids (plotters escapes markup itself); a line
/// break or tab is a space, so that the words it separates stay apart.
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c.is_whitespace() {
                ' '
            } else {
                c
            }
        })
        .filter(|c| !c.is_control() && *c != '\u{FFFE}' && *c != '\u{FFFF}')
        .collect()
}

/// Whether `text` shows anything: a character that is not a space, a control character or
/// an invisible format character (zero-width spaces and joiners, direction marks, embeddings,
/// overrides and isolates, the byte-order mark).
pub fn is_visible(text: &str) -> bool {
    text.chars().any(|c| {
        !c.is_whitespace()
            && !c.is_control()
            && !matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{00AD}')
    })
}

/// The width of `text` in pixels at `size` (a CSS font size: pixels per em, as the page's
/// SVG and the PDF set it), from the font's advances and kerning, from a face read once.
/// ab_glyph scales a font by its height (ascender to descender), not its em: Inter's height is
/// 1.21 em, so a scale of `size` measured text a fifth narrower than a browser sets it.
pub fn width(text: &str, size: f64) -> u32 {
    use ab_glyph::{Font, ScaleFont};
    let Some(face) = super::font::face() else {
        return (text.chars().count() as f64 * size * 0.6) as u32;
    };
    let em = |f: &ab_glyph::FontRef<'static>| {
        let per_em = f.units_per_em().unwrap_or(1000.0);
        ab_glyph::PxScale::from(size as f32 * f.height_unscaled() / per_em)
    };
    let font = face.as_scaled(em(face));
    // A character Inter lacks (a hanzi, kana) is set in the CJK font, as the page and the PDF
    // set it: its own advance, no kerning across the two.
    let cjk = super::font::cjk_face().map(|f| f.as_scaled(em(f)));
    let mut x = 0f32;
    let mut prev = None;
    for c in text.chars() {
        let glyph = font.glyph_id(c);
        if glyph.0 == 0
            && let Some(cjk) = &cjk
        {
            let other = cjk.glyph_id(c);
            if other.0 != 0 {
                x += cjk.h_advance(other);
                prev = None;
                continue;
            }
        }
        x += font.h_advance(glyph);
        if let Some(p) = prev {
            x += font.kern(p, glyph);
        }
        prev = Some(glyph);
    }
    (x as i32).unsigned_abs()
}

/// The width of the widest of `lines`, in pixels at `size`.
pub fn widest<'a>(lines: impl IntoIterator<Item = &'a String>, size: f64) -> i32 {
    lines.into_iter().map(|l| width(l, size)).max().unwrap_or(0) as i32
}

/// Whether a line may break before or after `c` without a space: the ideographs, kana and
/// Hangul of Chinese, Japanese and Korean, and their full-width punctuation.
fn breaks_anywhere(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FFF}'
        | '\u{3000}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{2FFFF}')
}

/// The pieces a line may break between, each with whether a space comes before it: words,
/// and within a word each CJK character on its own.
fn pieces(text: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    for word in text.split_whitespace() {
        let mut start = 0;
        let mut spaced = true;
        for (i, c) in word.char_indices() {
            if breaks_anywhere(c) {
                if i > start {
                    out.push((spaced, &word[start..i]));
                    spaced = false;
                }
                let end = i + c.len_utf8();
                out.push((spaced, &word[i..end]));
                spaced = false;
                start = end;
            }
        }
        if start < word.len() {
            out.push((spaced, &word[start..]));
        }
    }
    out
}

/// Splits `text` into lines no wider than `max` (a single long word stays whole; CJK text
/// breaks between its characters), at most `max_lines`; the last line ends with "…" when
/// text is left over.
pub fn wrap(text: &str, size: f64, max: u32, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for (spaced, piece) in pieces(text) {
        let candidate = if cur.is_empty() {
            piece.to_string()
        } else if spaced {
            format!("{cur} {piece}")
        } else {
            format!("{cur}{piece}")
        };
        if width(&candidate, size) <= max || cur.is_empty() {
            cur = candidate;
        } else {
            lines.push(std::mem::replace(&mut cur, piece.to_string()));
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

    /// The widths a browser gives the text at a CSS font size: the advances of the font's
    /// `hmtx` per em (read with fontTools: "Ministry" is 10,600 units of Inter's 2,816 per em,
    /// 47.05 px at 12.5; Chromium's `getComputedTextLength` of "State Council" at 12.5 px is
    /// 79), never the fifth smaller ones of scaling by the font's height.
    #[test]
    fn text_is_measured_at_its_css_size() {
        assert_eq!(width("Ministry", 12.5), 47);
        assert!((78..=79).contains(&width("State Council", 12.5)));
        assert_eq!(width("", 12.5), 0);
        // Twice the size, twice the width (within a pixel of truncation).
        let (one, two) = (
            width("Lighthouse factories", 10.0),
            width("Lighthouse factories", 20.0),
        );
        assert!(two.abs_diff(2 * one) <= 1, "{one} {two}");
    }

    /// A character Inter lacks is measured in the CJK font, as the page and the PDF set it:
    /// Noto's ideographs and kana are one em wide, its full-width punctuation too.
    #[cfg(feature = "cjk")]
    #[test]
    fn cjk_text_is_measured_in_the_cjk_font() {
        assert_eq!(width("中国制造", 12.5), 50);
        assert_eq!(width("カタカナ、", 10.0), 50);
        // Latin keeps Inter's metrics beside it.
        assert_eq!(width("R&D 中国", 12.5), width("R&D ", 12.5) + 25);
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
    fn cjk_text_breaks_between_characters_and_latin_between_words() {
        assert!(super::super::font::ensure_registered());
        let lines = wrap(
            "工业和信息化部 科学技术部 and the Ministry",
            LABEL_SIZE,
            60,
            20,
        );
        assert!(lines.len() > 2, "{lines:?}");
        assert!(
            lines
                .iter()
                .all(|l| width(l, LABEL_SIZE) <= 60 || !l.contains(' ')),
            "{lines:?}"
        );
        // Joined back, nothing is lost or added but the spaces that broke lines.
        let joined: String = lines
            .concat()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        assert_eq!(joined, "工业和信息化部科学技术部andtheMinistry");
        assert_eq!(
            pieces("a 中文b c"),
            vec![
                (true, "a"),
                (true, "中"),
                (false, "文"),
                (false, "b"),
                (true, "c")
            ]
        );
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
