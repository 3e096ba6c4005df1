//! The one font of the theme, embedded: its metrics lay out the charts' text, and the page
//! shows the same font (the WOFF2 subsets in `templates/assets/fonts/`), so what was measured
//! is what readers see. No system font library is ever asked.

use std::sync::OnceLock;

/// The family name written into the SVG; the page's `@font-face` gives it the same font.
pub const FAMILY: &str = "Inter";

/// A subset of Inter Regular (OFL-1.1, see FONT-LICENSE.txt): Latin, Latin-1, Latin
/// Extended-A, punctuation and a few symbols.
static INTER_REGULAR: &[u8] = include_bytes!("inter-regular-subset.otf");

/// Registers the font with plotters once per process; false if it could not be read (then
/// plotters cannot measure text and drawing reports an error instead of guessing).
pub fn ensure_registered() -> bool {
    static DONE: OnceLock<bool> = OnceLock::new();
    *DONE.get_or_init(|| {
        [
            plotters::style::FontStyle::Normal,
            plotters::style::FontStyle::Bold,
        ]
        .into_iter()
        .all(|style| plotters::style::register_font(FAMILY, style, INTER_REGULAR).is_ok())
    })
}

/// The font as a face to measure with: read once per process; `None` if it cannot be read.
pub fn face() -> Option<&'static ab_glyph::FontRef<'static>> {
    static FACE: OnceLock<Option<ab_glyph::FontRef<'static>>> = OnceLock::new();
    FACE.get_or_init(|| ab_glyph::FontRef::try_from_slice(INTER_REGULAR).ok())
        .as_ref()
}

/// The family of the CJK font, as the PDF names it (the page's `@font-face` gives the same
/// glyphs to Chinese and Japanese text after Inter's).
pub const CJK_FAMILY: &str = "Noto Sans CJK SC";

/// A subset of Noto Sans CJK SC Regular (OFL-1.1, see FONT-LICENSE.txt): the common hanzi of
/// Chinese and kanji of Japanese, kana, CJK punctuation (`fonts/subset-cjk.py` makes it).
/// Behind the default cargo feature `cjk`.
#[cfg(feature = "cjk")]
pub static CJK_REGULAR: &[u8] = include_bytes!("noto-sans-cjk-sc-subset.otf");

/// The CJK font as a face to measure the characters Inter lacks: read once per process;
/// `None` without the `cjk` feature.
pub fn cjk_face() -> Option<&'static ab_glyph::FontRef<'static>> {
    #[cfg(feature = "cjk")]
    {
        static FACE: OnceLock<Option<ab_glyph::FontRef<'static>>> = OnceLock::new();
        FACE.get_or_init(|| ab_glyph::FontRef::try_from_slice(CJK_REGULAR).ok())
            .as_ref()
    }
    #[cfg(not(feature = "cjk"))]
    None
}
