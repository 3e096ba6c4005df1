//! Typography for text that is not Markdown (titles written in YAML or front matter): the same
//! curled quotes, dashes and ellipses that the Markdown of the chapters gets, made by the same
//! parser, so a title reads exactly as a heading with the same words does.

use pulldown_cmark::{Event, Options, Parser};

/// A no-break space put before the text while it is parsed, so that nothing at its start
/// (`1.`, `-`, `#`, `>`, four spaces) can begin a block: the text is always one paragraph.
const GUARD: char = '\u{A0}';

/// `text` with smart punctuation: `'` and `"` curled, `--` an en dash, `---` an em dash, `...`
/// an ellipsis, exactly as pulldown-cmark's smart punctuation sets a Markdown heading of the
/// same words. Nothing else of Markdown applies: every other ASCII punctuation character is
/// escaped before parsing, so `*a*`, `<b>`, `&amp;` or `[a](b)` stay as written. Line breaks
/// become spaces; the text's leading and trailing whitespace is kept. Plain text in, plain text
/// out (escape it for where it lands), and applying it again changes nothing.
pub fn smart_punctuation(text: &str) -> String {
    let is_space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r');
    let core = text.trim_matches(is_space);
    if !core.contains(['\'', '"', '-', '.']) {
        // Nothing to set: the text as it is (its line breaks as spaces).
        return text.replace(['\n', '\r'], " ");
    }
    let start = text.len() - text.trim_start_matches(is_space).len();
    let (lead, trail) = (&text[..start], &text[start + core.len()..]);

    let mut source = String::with_capacity(core.len() * 2 + GUARD.len_utf8());
    source.push(GUARD);
    for c in core.chars() {
        match c {
            '\n' | '\r' => source.push(' '),
            '\'' | '"' | '-' | '.' => source.push(c),
            c if c.is_ascii_punctuation() => {
                source.push('\\');
                source.push(c);
            }
            c => source.push(c),
        }
    }
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&lead.replace(['\n', '\r'], " "));
    let mut set = String::with_capacity(core.len() + 8);
    for event in Parser::new_ext(&source, Options::ENABLE_SMART_PUNCTUATION) {
        match event {
            Event::Text(t) => set.push_str(&t),
            Event::SoftBreak | Event::HardBreak => set.push(' '),
            _ => {}
        }
    }
    out.push_str(set.strip_prefix(GUARD).unwrap_or(&set));
    out.push_str(&trail.replace(['\n', '\r'], " "));
    out
}

#[cfg(test)]
mod tests {
    use super::smart_punctuation;
    use proptest::prelude::*;
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    /// The text of a Markdown heading `## {source}`, as pulldown-cmark sets it.
    fn heading_text(source: &str) -> String {
        let markdown = format!("## {source}\n");
        let mut text = String::new();
        let mut inside = false;
        for event in Parser::new_ext(&markdown, Options::ENABLE_SMART_PUNCTUATION) {
            match event {
                Event::Start(Tag::Heading { .. }) => inside = true,
                Event::End(TagEnd::Heading(_)) => inside = false,
                Event::Text(t) | Event::Code(t) if inside => text.push_str(&t),
                _ => {}
            }
        }
        text
    }

    /// `text` with every ASCII punctuation character escaped but the four that typography
    /// sets: the Markdown that writes `text` as plain words.
    fn escaped(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            if c.is_ascii_punctuation() && !matches!(c, '\'' | '"' | '-' | '.') {
                out.push('\\');
            }
            out.push(c);
        }
        out
    }

    #[test]
    fn titles_are_set_as_a_heading_of_the_same_words() {
        for (title, set) in [
            ("China's share", "China’s share"),
            ("\"Quoted\" at the start", "“Quoted” at the start"),
            ("ends \"quoted\"", "ends “quoted”"),
            ("'single' quotes", "‘single’ quotes"),
            ("'90s and rock 'n' roll", "’90s and rock ‘n’ roll"),
            (
                "the \"innovative country's\" goals",
                "the “innovative country’s” goals",
            ),
            ("2013--2021", "2013–2021"),
            ("a---b", "a—b"),
            ("wait...", "wait…"),
            ("1. x", "1. x"),
            ("# x", "# x"),
            ("- x", "- x"),
            ("> x", "> x"),
            ("    indented", "    indented"),
            ("<b>bold</b>", "<b>bold</b>"),
            ("*a* and _b_", "*a* and _b_"),
            ("[a](b)", "[a](b)"),
            ("&amp; &copy;", "&amp; &copy;"),
            ("back\\slash \\' \\\"", "back\\slash \\’ \\“"),
            ("a `code` span", "a `code` span"),
            ("<https://example.org>", "<https://example.org>"),
            ("x {#id}", "x {#id}"),
            ("a | b ~~c~~ [^1]", "a | b ~~c~~ [^1]"),
            ("two\nlines", "two lines"),
            (
                "M&A to boost China’s industry",
                "M&A to boost China’s industry",
            ),
            ("", ""),
            ("\"", "“"),
            ("'", "’"),
        ] {
            assert_eq!(smart_punctuation(title), set, "{title:?}");
            // The same words as a Markdown heading (written to be read as plain words) read
            // the same.
            let one_line = title.replace('\n', " ");
            if !one_line.trim().is_empty() && !one_line.starts_with("    ") {
                assert_eq!(heading_text(&escaped(&one_line)), set, "{title:?}");
            }
        }
    }

    #[test]
    fn a_title_without_markup_reads_as_its_heading_does() {
        for title in [
            "Use cases of China's lighthouse factories",
            "The \"new\" centres, 2016--2021...",
            "'Made in China 2025' and what followed",
            "Rock 'n' roll in the '90s",
        ] {
            assert_eq!(smart_punctuation(title), heading_text(title), "{title:?}");
        }
    }

    #[test]
    fn surrounding_whitespace_is_kept_and_set_text_is_left_alone() {
        assert_eq!(smart_punctuation("  'a' "), "  ‘a’ ");
        assert_eq!(smart_punctuation("\u{A0}'a'"), "\u{A0}‘a’");
        assert_eq!(smart_punctuation("plain\ttext"), "plain\ttext");
        assert_eq!(smart_punctuation("“set” – already…"), "“set” – already…");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn any_title_reads_as_its_escaped_heading(title in "[ a-z0-9'\"\\-.*_<>&#\\\\\\[\\]()!`{}|~^\u{A0}é中]{0,24}") {
            let set = smart_punctuation(&title);
            // Never Markdown's own characters: every character of the title is in the result,
            // but for those typography sets.
            let core = title.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r'));
            if !core.is_empty() {
                prop_assert_eq!(set.trim_matches(' '), heading_text(&escaped(core)));
            }
            // Once is enough: setting it again changes nothing.
            prop_assert_eq!(smart_punctuation(&set), set.clone());
        }
    }
}
