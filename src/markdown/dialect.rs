//! The Markdown almanac reads, the same for resolve's scan and render's parse.

use pulldown_cmark::Options;

/// The Markdown dialect: tables, footnotes, strikethrough, heading attributes and smart
/// punctuation. Metadata blocks stay off: front matter is split off before parsing, and a
/// `---` further down is Markdown.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}
