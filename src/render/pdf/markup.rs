//! Typst markup written from Markdown and from data, where no author text is ever Typst code.
//!
//! Every piece of text from content or data reaches Typst as a string literal (`#"…";`,
//! with `\` and `"` escaped and every control character written as `\u{…}`), which Typst
//! shows as it is: `#`, `$`, `*`, `@`, `<`, `]` or `//` in a cell or a chapter print
//! literally, and nothing written can close the literal early. Addresses are string literals
//! too. Only almanac writes markup; the labels it writes are its own (`<almanac-box-3>`).

use crate::markdown::html_policy::url_allowed;
use crate::render::markdown::{TOKEN_CLOSE, TOKEN_OPEN, options, substitute, whole_token};
use crate::resolve::{Resolution, ResolvedMark};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::fmt::Write as _;

/// `text` as a Typst string literal, quotes included.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `text` as markup that shows it: a string literal in markup, ended so that nothing after
/// it continues the expression.
pub fn text(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    format!("#{};", string(text))
}

/// What a mark of a chapter becomes in the PDF, given by the document being written.
pub trait Marks {
    /// A box or figure, as block markup.
    fn embed(&mut self, resolution: &Resolution) -> String;
    /// The label of a numbered thing (`<almanac-box-3>`), for a reference to link to.
    fn label_of(&self, id: &str) -> Option<String>;
}

/// A chapter's Markdown (with its resolved marks) as Typst markup. Headings start at
/// `first_level` for the chapter's own `##`; footnotes become Typst footnotes, at the foot of
/// their page; references link to their box or figure.
pub fn chapter(
    body: &str,
    marks: &[ResolvedMark],
    first_level: usize,
    allow_raw_html: bool,
    note_prefix: &str,
    embeds: &mut dyn Marks,
) -> String {
    let source = substitute(body, marks);
    let events: Vec<Event> = Parser::new_ext(&source, options()).collect();
    Writer {
        marks,
        embeds,
        allow_raw_html,
        first_level,
        note_prefix,
        notes: HashMap::new(),
        definitions: footnote_definitions(&events),
        out: String::with_capacity(body.len() * 2),
        in_link: 0,
        last_level: first_level.saturating_sub(1),
    }
    .run(&events)
}

/// A short piece of Markdown from data (a box's intro, a source line, a cell) as inline or
/// block markup, with the chapters' rules.
pub fn snippet(text: &str, allow_raw_html: bool, embeds: &mut dyn Marks) -> String {
    let events: Vec<Event> = Parser::new_ext(text, options() - Options::ENABLE_FOOTNOTES).collect();
    Writer {
        marks: &[],
        embeds,
        allow_raw_html,
        first_level: 3,
        note_prefix: "",
        notes: HashMap::new(),
        definitions: HashMap::new(),
        out: String::with_capacity(text.len() * 2),
        in_link: 0,
        last_level: 2,
    }
    .run(&events)
}

/// Each footnote definition's events, by label (the first definition of a label counts).
fn footnote_definitions<'e>(events: &[Event<'e>]) -> HashMap<String, Vec<Event<'e>>> {
    let mut out: HashMap<String, Vec<Event<'e>>> = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::FootnoteDefinition(label)) = &events[i] {
            let mut depth = 0;
            let mut inner = Vec::new();
            i += 1;
            while i < events.len() {
                match &events[i] {
                    Event::Start(Tag::FootnoteDefinition(_)) => depth += 1,
                    Event::End(TagEnd::FootnoteDefinition) if depth == 0 => break,
                    Event::End(TagEnd::FootnoteDefinition) => depth -= 1,
                    _ => {}
                }
                inner.push(events[i].clone());
                i += 1;
            }
            out.entry(label.to_string()).or_insert(inner);
        }
        i += 1;
    }
    out
}

struct Writer<'a, 'e> {
    marks: &'a [ResolvedMark],
    embeds: &'a mut dyn Marks,
    allow_raw_html: bool,
    first_level: usize,
    note_prefix: &'a str,
    /// Footnote label -> its Typst label, once it has been placed.
    notes: HashMap<String, String>,
    definitions: HashMap<String, Vec<Event<'e>>>,
    out: String,
    /// Inside a link: a reference there is words, not a second link.
    in_link: usize,
    /// The level of the last heading written (a heading never skips a level in the PDF's
    /// structure, as PDF/UA asks).
    last_level: usize,
}

impl<'e> Writer<'_, 'e> {
    fn run(mut self, events: &[Event<'e>]) -> String {
        self.events(events, false);
        self.out
    }

    /// Writes `events`; inside a footnote, a footnote reference stays as typed.
    fn events(&mut self, events: &[Event<'e>], in_note: bool) {
        let mut i = 0;
        // Items of the lists and cells of the tables being written: whether one was begun.
        while i < events.len() {
            let event = &events[i];
            i += 1;
            match event {
                Event::Start(Tag::FootnoteDefinition(_)) => {
                    // Written where it is cited: skip to its end.
                    let mut depth = 0;
                    while i < events.len() {
                        match &events[i] {
                            Event::Start(Tag::FootnoteDefinition(_)) => depth += 1,
                            Event::End(TagEnd::FootnoteDefinition) if depth == 0 => break,
                            Event::End(TagEnd::FootnoteDefinition) => depth -= 1,
                            _ => {}
                        }
                        i += 1;
                    }
                    i += 1;
                }
                Event::Start(Tag::Paragraph) => {
                    // A paragraph that is only a block mark is the block itself.
                    if let (Some(Event::Text(t)), Some(Event::End(TagEnd::Paragraph))) =
                        (events.get(i), events.get(i + 1))
                        && let Some(n) = whole_token(t)
                        && let Some(mark) = self.marks.get(n)
                        && matches!(mark.resolution, Resolution::Embed { .. })
                    {
                        let block = self.embeds.embed(&mark.resolution);
                        self.out.push_str(&block);
                        self.out.push_str("\n\n");
                        i += 2;
                        continue;
                    }
                }
                Event::End(TagEnd::Paragraph) => self.out.push_str("\n\n"),
                Event::Start(Tag::Heading { level, .. }) => {
                    let level = self.heading_level(*level);
                    let _ = write!(self.out, "#heading(level: {level})[");
                }
                Event::End(TagEnd::Heading(_)) => self.out.push_str("]\n\n"),
                Event::Start(Tag::Emphasis) => self.out.push_str("#emph["),
                Event::Start(Tag::Strong) => self.out.push_str("#strong["),
                Event::Start(Tag::Strikethrough) => self.out.push_str("#strike["),
                Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough) => {
                    self.out.push(']')
                }
                Event::Start(Tag::Link { dest_url, .. }) => {
                    // Addresses out of the site are links; an anchor or a page of the site
                    // is words (the PDF is read without the site).
                    let external = url_allowed(dest_url)
                        && (dest_url.starts_with("http://")
                            || dest_url.starts_with("https://")
                            || dest_url.starts_with("mailto:")
                            || dest_url.starts_with("tel:"));
                    if external {
                        let _ = write!(self.out, "#link({})[", string(dest_url));
                    } else {
                        self.out.push_str("#[");
                    }
                    self.in_link += 1;
                }
                Event::End(TagEnd::Link) => {
                    self.out.push(']');
                    self.in_link = self.in_link.saturating_sub(1);
                }
                Event::Start(Tag::Image { .. }) => {
                    // An image of a chapter is not carried into the PDF: its words are.
                    self.out.push_str("#[");
                }
                Event::End(TagEnd::Image) => self.out.push(']'),
                Event::Start(Tag::BlockQuote(_)) => self.out.push_str("#quote(block: true)[\n"),
                Event::End(TagEnd::BlockQuote(_)) => self.out.push_str("]\n\n"),
                Event::Start(Tag::CodeBlock(kind)) => {
                    let mut code = String::new();
                    while let Some(e) = events.get(i) {
                        i += 1;
                        match e {
                            Event::Text(t) => code.push_str(t),
                            Event::End(TagEnd::CodeBlock) => break,
                            _ => {}
                        }
                    }
                    let lang = match kind {
                        CodeBlockKind::Fenced(l) if !l.is_empty() => {
                            format!(
                                ", lang: {}",
                                string(l.split_whitespace().next().unwrap_or(""))
                            )
                        }
                        _ => String::new(),
                    };
                    let _ = write!(
                        self.out,
                        "#raw(block: true{lang}, {})\n\n",
                        string(code.trim_end_matches('\n'))
                    );
                }
                Event::Start(Tag::List(start)) => match start {
                    Some(n) => {
                        let _ = write!(self.out, "#enum(start: {n}, ");
                    }
                    None => self.out.push_str("#list("),
                },
                Event::End(TagEnd::List(_)) => self.out.push_str(")\n\n"),
                Event::Start(Tag::Item) => self.out.push('['),
                Event::End(TagEnd::Item) => self.out.push_str("], "),
                Event::Start(Tag::Table(aligns)) => {
                    let aligns: Vec<&str> = aligns
                        .iter()
                        .map(|a| match a {
                            pulldown_cmark::Alignment::Right => "right",
                            pulldown_cmark::Alignment::Center => "center",
                            _ => "left",
                        })
                        .collect();
                    let _ = write!(
                        self.out,
                        "#table(columns: {}, align: ({},), ",
                        aligns.len().max(1),
                        aligns.join(", ")
                    );
                }
                Event::End(TagEnd::Table) => self.out.push_str(")\n\n"),
                Event::Start(Tag::TableHead) => self.out.push_str("table.header("),
                Event::End(TagEnd::TableHead) => self.out.push_str("), "),
                Event::Start(Tag::TableRow) | Event::End(TagEnd::TableRow) => {}
                Event::Start(Tag::TableCell) => self.out.push('['),
                Event::End(TagEnd::TableCell) => self.out.push_str("], "),
                Event::Text(t) => self.text(t),
                Event::Code(c) => {
                    let _ = write!(self.out, "#raw({});", string(c));
                }
                Event::Html(h) | Event::InlineHtml(h) => {
                    // Raw HTML cannot be typeset: without it allowed it reads as typed (as on
                    // the page); allowed, its words stand without the tags.
                    if self.allow_raw_html {
                        let words = crate::render::markdown::decode_entities(
                            &crate::render::markdown::strip_tags(h),
                        );
                        self.out.push_str(&text(&words));
                    } else {
                        self.out.push_str(&text(h));
                    }
                }
                Event::SoftBreak => self.out.push(' '),
                Event::HardBreak => self.out.push_str("#linebreak()"),
                Event::Rule => self
                    .out
                    .push_str("#line(length: 100%, stroke: 0.5pt + luma(160))\n\n"),
                Event::FootnoteReference(label) => self.footnote(label, in_note),
                Event::TaskListMarker(done) => {
                    self.out.push_str(&text(if *done { "☒ " } else { "☐ " }))
                }
                Event::InlineMath(m) | Event::DisplayMath(m) => self.out.push_str(&text(m)),
                Event::Start(
                    Tag::HtmlBlock
                    | Tag::MetadataBlock(_)
                    | Tag::DefinitionList
                    | Tag::DefinitionListTitle
                    | Tag::DefinitionListDefinition
                    | Tag::Superscript
                    | Tag::Subscript,
                ) => {}
                Event::End(_) => {}
            }
        }
    }

    fn heading_level(&mut self, level: HeadingLevel) -> usize {
        // `#` and `##` of a chapter are its first level below the chapter's title.
        let wanted = (level as usize).saturating_sub(1).max(1) + self.first_level - 1;
        let level = wanted.min(self.last_level + 1).max(self.first_level);
        self.last_level = level;
        level
    }

    /// Text with tokens: each token its mark's markup, the rest as literals.
    fn text(&mut self, t: &str) {
        let mut rest = t;
        while let Some(open) = rest.find(TOKEN_OPEN) {
            let after = &rest[open + TOKEN_OPEN.len_utf8()..];
            let Some(close) = after.find(TOKEN_CLOSE) else {
                break;
            };
            self.out.push_str(&text(&rest[..open]));
            if let Some(mark) = after[..close]
                .parse::<usize>()
                .ok()
                .and_then(|n| self.marks.get(n))
            {
                let markup = self.mark(&mark.resolution);
                self.out.push_str(&markup);
            }
            rest = &after[close + TOKEN_CLOSE.len_utf8()..];
        }
        self.out.push_str(&text(rest));
    }

    fn mark(&mut self, resolution: &Resolution) -> String {
        match resolution {
            Resolution::Reference { kind, id, number } => {
                let words = text(&format!("{} {number}", kind.label()));
                match self.embeds.label_of(id) {
                    Some(label) if self.in_link == 0 => format!("#link({label})[{words}]"),
                    _ => words,
                }
            }
            // A value, formatted for the page: its words.
            Resolution::Html(html) => text(&crate::render::markdown::decode_entities(
                &crate::render::markdown::strip_tags(html),
            )),
            // A block mark inside a paragraph (it stands alone on its line in the source).
            embed @ Resolution::Embed { .. } => {
                format!("\n\n{}\n\n", self.embeds.embed(embed))
            }
        }
    }

    fn footnote(&mut self, label: &str, in_note: bool) {
        if in_note || !self.definitions.contains_key(label) {
            self.out.push_str(&text(&format!("[^{label}]")));
            return;
        }
        if let Some(placed) = self.notes.get(label) {
            let _ = write!(self.out, "#footnote({placed})");
            return;
        }
        let placed = format!("<{}note-{}>", self.note_prefix, self.notes.len() + 1);
        self.notes.insert(label.to_string(), placed.clone());
        let inner = self.definitions.get(label).cloned().unwrap_or_default();
        self.out.push_str("#footnote[");
        let start = self.out.len();
        self.events(&inner, true);
        // A note is one paragraph or more: no blank line before it closes.
        let trimmed = self.out[start..].trim_end().len();
        self.out.truncate(start + trimmed);
        let _ = write!(self.out, "] {placed}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoMarks;
    impl Marks for NoMarks {
        fn embed(&mut self, _: &Resolution) -> String {
            "#[EMBED]".into()
        }
        fn label_of(&self, id: &str) -> Option<String> {
            Some(format!("<almanac-{id}>"))
        }
    }

    #[test]
    fn a_string_literal_holds_anything_and_cannot_be_closed_early() {
        assert_eq!(string(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(string("line\nnext\u{7}"), r#""line\nnext\u{7}""#);
        assert_eq!(
            text("#eval(\"x\") $ * @a <b> ] // c"),
            r##"#"#eval(\"x\") $ * @a <b> ] // c";"##
        );
    }

    #[test]
    fn markdown_becomes_markup_with_every_word_a_literal() {
        let out = chapter(
            "Text *em* **strong** `code` [link](https://example.org) and #hash.[^n]\n\n[^n]: A note.\n\n## Sub\n\n- a\n- b\n",
            &[],
            2,
            false,
            "c1-",
            &mut NoMarks,
        );
        assert!(out.contains(r#"#"Text ";#emph[#"em";]"#), "{out}");
        assert!(out.contains(r#"#strong[#"strong";]"#), "{out}");
        assert!(out.contains(r#"#raw("code");"#), "{out}");
        assert!(
            out.contains(r#"#link("https://example.org")[#"link";]"#),
            "{out}"
        );
        assert!(
            out.contains(r#"#footnote[#"A note.";] <c1-note-1>"#),
            "{out}"
        );
        assert!(out.contains("#heading(level: 2)["), "{out}");
        assert!(out.contains(r#"#list([#"a";], [#"b";], )"#), "{out}");
        // Only what almanac writes is markup: the author's `#` is a character of a literal.
        assert!(out.contains(r##"#" and #hash.";"##), "{out}");
    }

    #[test]
    fn a_script_link_is_words_and_headings_never_skip_a_level() {
        let out = chapter(
            "[x](javascript:alert(1))\n\n#### Deep\n\n## Next\n",
            &[],
            2,
            false,
            "",
            &mut NoMarks,
        );
        assert!(!out.contains("javascript"), "{out}");
        assert!(out.contains("#heading(level: 2)[#\"Deep\";]"), "{out}");
        assert!(out.contains("#heading(level: 2)[#\"Next\";]"), "{out}");
    }
}
