//! Typst markup written from Markdown and from data, where no author text is ever Typst code.
//!
//! Every piece of text from content or data reaches Typst as a string literal (`#"…";`,
//! with `\` and `"` escaped and every control character written as `\u{…}`), which Typst
//! shows as it is: `#`, `$`, `*`, `@`, `<`, `]` or `//` in a cell or a chapter print
//! literally, and nothing written can close the literal early. Addresses are string literals
//! too. Only almanac writes markup; the labels it writes are its own (`<almanac-box-3>`).

use crate::markdown::html_policy::url_allowed;
use crate::markdown::targets::TargetKind;
use crate::render::markdown::{
    TOKEN_CLOSE, TOKEN_OPEN, merge_text, options, substitute, substitute_marks, whole_token,
};
use crate::resolve::{Resolution, ResolvedMark};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
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
/// it continues the expression. The characters are the page's: a tab or another line break
/// (U+0085, U+2028…) reads as a space, and what a page may not hold (control characters,
/// noncharacters) is dropped, as the page drops it.
pub fn text(text: &str) -> String {
    let shown: String = text
        .chars()
        .filter_map(|c| match c {
            '\t' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => Some(' '),
            '\n' | '\r' => Some(c),
            c if c.is_control() || (0xFDD0..=0xFDEF).contains(&u32::from(c)) => None,
            c if u32::from(c) & 0xFFFE == 0xFFFE => None,
            c => Some(c),
        })
        .collect();
    if shown.is_empty() {
        return String::new();
    }
    format!("#{};", string(&shown))
}

/// What a mark of a chapter becomes in the PDF, given by the document being written.
pub trait Marks {
    /// A box or figure, as block markup.
    fn embed(&mut self, resolution: &Resolution) -> String;
    /// The label of a numbered thing (`<almanac-box-3>`), for a reference to link to.
    fn label_of(&self, id: &str) -> Option<String>;
    /// The `index`-th citation of the edition; inside a link, its words alone.
    fn citation(&self, index: usize, in_link: bool) -> String;
    /// How a reference to the `number`-th box or figure reads ("Box 3"), in the edition's
    /// language.
    fn reference_words(&self, kind: TargetKind, number: usize) -> String;
}

/// Formatted text (a citation, an entry of the reference list) as markup; `link_of` gives
/// the label a run links to (a citation's entry), else with `addresses` a run's own address
/// is a link.
pub fn rich(
    spans: &[crate::cite::rich::Span],
    addresses: bool,
    link_of: &dyn Fn(&crate::cite::rich::Span) -> Option<String>,
) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < spans.len() {
        // Runs that link to one place are one link.
        let label = link_of(&spans[i]);
        let end = spans[i..]
            .iter()
            .position(|s| link_of(s) != label)
            .map_or(spans.len(), |n| i + n);
        let mut inner = String::new();
        for s in &spans[i..end] {
            let mut run = text(&s.text);
            let look = s.look;
            for (on, f) in [
                (look.italic, "emph"),
                (look.bold, "strong"),
                (look.small_caps, "smallcaps"),
                (look.superscript, "super"),
                (look.subscript, "sub"),
                (look.underline, "underline"),
            ] {
                if on && !run.is_empty() {
                    run = format!("#{f}[{run}]");
                }
            }
            match s.link.as_deref() {
                Some(url) if addresses && label.is_none() && url_allowed(url) => {
                    let _ = write!(inner, "#link({})[{run}]", string(url));
                }
                _ => inner.push_str(&run),
            }
        }
        match label {
            Some(l) => {
                let _ = write!(out, "#link({l})[{inner}]");
            }
            None => out.push_str(&inner),
        }
        i = end;
    }
    out
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
) -> Chapter {
    let source = substitute(body, marks);
    let (events, starts): (Vec<Event>, Vec<usize>) = Parser::new_ext(&source, options())
        .into_offset_iter()
        .map(|(event, range)| (event, range.start))
        .unzip();
    let mut writer = Writer {
        marks,
        embeds,
        allow_raw_html,
        first_level,
        note_prefix,
        notes: HashMap::new(),
        definitions: footnote_definitions(&events),
        out: String::with_capacity(body.len() * 2),
        in_link: 0,
        nesting: Vec::new(),
        in_raw_text: None,
        last_level: first_level.saturating_sub(1),
        in_heading: false,
        starts: &starts,
        anchors: Vec::new(),
    };
    writer.events(&events, false);
    let mut anchors = writer.anchors;
    to_body_lines(&source, body, marks, &mut anchors);
    Chapter {
        markup: writer.out,
        anchors,
    }
}

/// A chapter as markup, with where its blocks come from.
pub struct Chapter {
    pub markup: String,
    /// The start of each block's markup, with the offset in the chapter's body of the start of
    /// the line it was written from, in order.
    pub anchors: Vec<(usize, usize)>,
}

/// Turns each anchor's offset in `source` (the body with its marks replaced by tokens) into
/// the offset of the start of its line in `body`. Lines are what the two share: a token
/// stands for words of one line, and a block mark's token is put on a line of its own, with
/// one line break added before it and one after it.
fn to_body_lines(source: &str, body: &str, marks: &[ResolvedMark], anchors: &mut [(usize, usize)]) {
    if anchors.is_empty() {
        return;
    }
    let line_starts = |text: &str| -> Vec<usize> {
        std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect()
    };
    let (in_source, in_body) = (line_starts(source), line_starts(body));
    // Each block token's line in the source: from the start of what precedes it on its
    // line (after the line break added before it) to its end (the one added after it).
    let mut from = 0;
    let blocks: Vec<(usize, usize)> = marks
        .iter()
        .enumerate()
        .filter(|(_, mark)| mark.block)
        .filter_map(|(n, mark)| {
            let token = format!("{TOKEN_OPEN}{n}{TOKEN_CLOSE}");
            let at = from + source[from..].find(&token)?;
            from = at + token.len();
            let before = body.get(..mark.range.start)?;
            let indent = before.len() - before.rfind('\n').map_or(0, |i| i + 1);
            Some((at.saturating_sub(indent), from))
        })
        .collect();
    for (_, offset) in anchors.iter_mut() {
        let line = in_source
            .partition_point(|&s| s <= *offset)
            .saturating_sub(1);
        // (Both ends are in order, as the tokens are.)
        let added = blocks.partition_point(|&(start, _)| start <= *offset)
            + blocks.partition_point(|&(_, end)| end < *offset);
        let line = line.saturating_sub(added).min(in_body.len() - 1);
        *offset = in_body[line];
    }
}

/// A short piece of Markdown from data (a box's intro, a source line, a cell) as inline or
/// block markup, with the chapters' rules; `marks` are its resolved references and citations.
pub fn snippet(
    text: &str,
    marks: &[ResolvedMark],
    allow_raw_html: bool,
    embeds: &mut dyn Marks,
) -> String {
    let text = substitute_marks(text, marks);
    let events: Vec<Event> =
        Parser::new_ext(&text, options() - Options::ENABLE_FOOTNOTES).collect();
    let events = if marks.is_empty() {
        events
    } else {
        merge_text(events)
    };
    Writer {
        marks,
        embeds,
        allow_raw_html,
        // A heading in a box or a figure's text has no place in the document's outline.
        first_level: 0,
        note_prefix: "",
        notes: HashMap::new(),
        definitions: HashMap::new(),
        out: String::with_capacity(text.len() * 2),
        in_link: 0,
        nesting: Vec::new(),
        in_raw_text: None,
        last_level: 0,
        in_heading: false,
        starts: &[],
        anchors: Vec::new(),
    }
    .run(&events)
}

/// The index of the end of the footnote definition whose content starts at `from` (or the
/// end of `events`).
fn definition_end(events: &[Event<'_>], from: usize) -> usize {
    let mut depth = 0;
    for (i, e) in events.iter().enumerate().skip(from) {
        match e {
            Event::Start(Tag::FootnoteDefinition(_)) => depth += 1,
            Event::End(TagEnd::FootnoteDefinition) if depth == 0 => return i,
            Event::End(TagEnd::FootnoteDefinition) => depth -= 1,
            _ => {}
        }
    }
    events.len()
}

/// Each footnote definition's events, by label (the first definition of a label counts).
fn footnote_definitions<'e>(events: &[Event<'e>]) -> HashMap<String, Vec<Event<'e>>> {
    let mut out: HashMap<String, Vec<Event<'e>>> = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::FootnoteDefinition(label)) = &events[i] {
            let end = definition_end(events, i + 1);
            out.entry(label.to_string())
                .or_insert_with(|| events[i + 1..end].to_vec());
            i = end;
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
    /// The lists and quotes open, each `true` when written flat: past `MAX_NESTING` their
    /// items are plain blocks (Typst's layout allows so deep and no deeper).
    nesting: Vec<bool>,
    /// Inside a raw-text element of the author's HTML (`<script>`, `<style>`…) or a comment:
    /// its text is not the reader's.
    in_raw_text: Option<&'static str>,
    /// The level of the last heading written (a heading never skips a level in the PDF's
    /// structure, as PDF/UA asks).
    last_level: usize,
    /// Inside a heading of the outline: a footnote there is not repeated in the contents.
    in_heading: bool,
    /// Where each event of the chapter starts in its source (none for a snippet).
    starts: &'a [usize],
    /// The start of each block's markup, with its event's offset in the source.
    anchors: Vec<(usize, usize)>,
}

impl<'e> Writer<'_, 'e> {
    fn run(mut self, events: &[Event<'e>]) -> String {
        self.events(events, false);
        self.out
    }

    /// Writes `events`; inside a footnote, a footnote reference stays as typed.
    fn events(&mut self, events: &[Event<'e>], in_note: bool) {
        let mut i = 0;
        while i < events.len() {
            let event = &events[i];
            if !in_note
                && matches!(event, Event::Start(_))
                && let Some(&start) = self.starts.get(i)
            {
                self.anchors.push((self.out.len(), start));
            }
            i += 1;
            match event {
                // Written where it is cited: skipped here.
                Event::Start(Tag::FootnoteDefinition(_)) => i = definition_end(events, i) + 1,
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
                // A heading in a box's or figure's text, or in a footnote, has no place in the
                // document's outline: its words are set in bold.
                Event::Start(Tag::Heading { .. }) if self.first_level == 0 || in_note => {
                    self.out.push_str("#strong[");
                }
                Event::Start(Tag::Heading { level, .. }) => {
                    let level = self.heading_level(*level);
                    let _ = write!(self.out, "#heading(level: {level})[");
                    self.in_heading = true;
                }
                Event::End(TagEnd::Heading(_)) => {
                    self.out.push_str("]\n\n");
                    if !in_note {
                        self.in_heading = false;
                    }
                }
                Event::Start(Tag::Emphasis) => self.out.push_str("#emph["),
                Event::Start(Tag::Strong) => self.out.push_str("#strong["),
                Event::Start(Tag::Strikethrough) => self.out.push_str("#strike["),
                Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough) => {
                    self.out.push(']')
                }
                Event::Start(Tag::Link {
                    link_type: LinkType::Email,
                    dest_url,
                    ..
                }) => {
                    let to = format!("mailto:{dest_url}");
                    let _ = write!(self.out, "#link({})[", string(&to));
                    self.in_link += 1;
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
                Event::Start(Tag::BlockQuote(_)) => {
                    let flat = self.nesting.len() >= MAX_NESTING;
                    self.nesting.push(flat);
                    self.out.push_str(if flat {
                        "#[\n"
                    } else {
                        "#quote(block: true)[\n"
                    });
                }
                Event::End(TagEnd::BlockQuote(_)) => {
                    self.nesting.pop();
                    self.out.push_str("]\n\n");
                }
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
                Event::Start(Tag::List(start)) => {
                    let flat = self.nesting.len() >= MAX_NESTING;
                    self.nesting.push(flat);
                    match start {
                        // The items as an array of blocks, joined.
                        _ if flat => self.out.push_str("#("),
                        Some(n) => {
                            let _ = write!(self.out, "#enum(start: {n}, ");
                        }
                        None => self.out.push_str("#list("),
                    }
                }
                Event::End(TagEnd::List(_)) => {
                    let flat = self.nesting.pop().unwrap_or(false);
                    self.out
                        .push_str(if flat { ").join()\n\n" } else { ")\n\n" });
                }
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
                Event::Text(_) if self.in_raw_text.is_some() => {}
                Event::Text(t) => self.text(t),
                Event::Code(c) => {
                    let _ = write!(self.out, "#raw({});", string(c));
                }
                Event::Html(h) | Event::InlineHtml(h) if !self.allow_raw_html => {
                    // Raw HTML reads as typed, as on the page.
                    self.out.push_str(&text(h));
                }
                Event::Start(Tag::HtmlBlock) if self.allow_raw_html => {
                    // The author's HTML cannot be typeset: a block is read whole, as the
                    // page's cleaner reads it, and its words are what the page shows.
                    let mut html = String::new();
                    while let Some(e) = events.get(i) {
                        i += 1;
                        match e {
                            Event::Html(h) | Event::Text(h) => html.push_str(h),
                            Event::End(TagEnd::HtmlBlock) => break,
                            _ => {}
                        }
                    }
                    self.out.push_str(&html_words(&html));
                    self.out.push_str("\n\n");
                }
                Event::Html(h) | Event::InlineHtml(h) => self.inline_html(h),
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
                let words = text(&self.embeds.reference_words(*kind, *number));
                match self.embeds.label_of(id) {
                    Some(label) if self.in_link == 0 => format!("#link({label})[{words}]"),
                    _ => words,
                }
            }
            // A value, formatted for the page: its words.
            Resolution::Html(html) => text(&crate::render::markdown::decode_entities(
                &crate::render::markdown::strip_tags(html),
            )),
            Resolution::Citation { index } => self.embeds.citation(*index, self.in_link > 0),
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
        // The contents repeat a heading's words: a note of a heading is placed in the
        // heading alone, never a second time (and numbered twice) from the contents.
        let (open, close) = if self.in_heading {
            ("#context if not almanac-in-outline.get() [", "]")
        } else {
            ("", "")
        };
        if let Some(placed) = self.notes.get(label) {
            let _ = write!(self.out, "{open}#footnote({placed}){close}");
            return;
        }
        let placed = format!("<{}note-{}>", self.note_prefix, self.notes.len() + 1);
        self.notes.insert(label.to_string(), placed.clone());
        let inner = self.definitions.get(label).cloned().unwrap_or_default();
        let _ = write!(self.out, "{open}#footnote[");
        let start = self.out.len();
        self.events(&inner, true);
        // A note is one paragraph or more: no blank line before it closes.
        let trimmed = self.out[start..].trim_end().len();
        self.out.truncate(start + trimmed);
        let _ = write!(self.out, "]{placed}{close}");
    }

    /// An inline tag of the author's (raw HTML allowed): a line break where it breaks the
    /// line; the text of a script, a style or a comment left out, as the page leaves it out.
    fn inline_html(&mut self, tag: &str) {
        let lower = tag.trim().to_ascii_lowercase();
        if let Some(name) = self.in_raw_text {
            let closes = if name == "!--" {
                lower.contains("-->")
            } else {
                lower.starts_with(&format!("</{name}"))
            };
            if closes {
                self.in_raw_text = None;
            }
            return;
        }
        if lower.starts_with("<!--") {
            if !lower.ends_with("-->") {
                self.in_raw_text = Some("!--");
            }
            return;
        }
        if let Some((name, true)) = crate::markdown::html_policy::raw_text_tag(tag) {
            self.in_raw_text = Some(name);
            return;
        }
        if lower.starts_with("<br") {
            self.out.push_str("#linebreak()");
        }
    }
}

/// How deep lists and quotes are written as such; deeper, their items are plain blocks.
const MAX_NESTING: usize = 8;

/// The elements whose content is no text for a reader.
const RAW_TEXT: [&str; 10] = [
    "script", "style", "textarea", "title", "template", "iframe", "noscript", "xmp", "noembed",
    "noframes",
];

/// The words a reader sees of a block of the author's HTML: no comments, no script or style,
/// a space where a tag breaks the line, character references decoded.
fn html_words(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while !rest.is_empty() {
        let lower = rest.to_ascii_lowercase();
        if lower.starts_with("<!--") {
            let end = lower.find("-->").map_or(rest.len(), |e| e + 3);
            rest = &rest[end..];
            continue;
        }
        let raw = RAW_TEXT.iter().find(|n| {
            lower.starts_with(&format!("<{n}"))
                && lower[n.len() + 1..].starts_with(['>', ' ', '\t', '\n', '/'])
        });
        if let Some(name) = raw {
            let close = format!("</{name}");
            let end = lower.find(&close).map_or(rest.len(), |at| {
                at + lower[at..].find('>').map_or(lower.len() - at, |g| g + 1)
            });
            rest = &rest[end..];
            continue;
        }
        let is_tag = rest.starts_with('<')
            && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
        if is_tag {
            let end = rest.find('>').map_or(rest.len(), |g| g + 1);
            if ["<br", "</p", "</div", "</li", "</tr", "</h"]
                .iter()
                .any(|t| lower.starts_with(t))
            {
                out.push(' ');
            }
            rest = &rest[end..];
            continue;
        }
        let next = rest[1..].find('<').map_or(rest.len(), |n| n + 1);
        out.push_str(&rest[..next]);
        rest = &rest[next..];
    }
    let words = crate::core::escape::decode_html(&out);
    text(&words.split_whitespace().collect::<Vec<_>>().join(" "))
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
        fn citation(&self, index: usize, in_link: bool) -> String {
            format!("#[CITE {index} {in_link}]")
        }
        fn reference_words(&self, kind: TargetKind, number: usize) -> String {
            crate::locale::Locale::english()
                .fill(kind.reference_key(), &[("n", &number.to_string())])
        }
    }

    #[test]
    fn a_snippet_writes_its_marks() {
        let marks = [
            ResolvedMark {
                range: 7..13,
                block: false,
                resolution: Resolution::Citation { index: 2 },
            },
            ResolvedMark {
                range: 21..25,
                block: false,
                resolution: Resolution::Citation { index: 3 },
            },
        ];
        let out = snippet(
            "Source [@a-b] and [x @c-d](https://e.org)",
            &marks,
            false,
            &mut NoMarks,
        );
        assert!(out.contains("#[CITE 2 false]"), "{out}");
        assert!(
            out.contains("#[CITE 3 true]"),
            "a citation in a link is words: {out}"
        );
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
        )
        .markup;
        assert!(out.contains(r#"#"Text ";#emph[#"em";]"#), "{out}");
        assert!(out.contains(r#"#strong[#"strong";]"#), "{out}");
        assert!(out.contains(r#"#raw("code");"#), "{out}");
        assert!(
            out.contains(r#"#link("https://example.org")[#"link";]"#),
            "{out}"
        );
        assert!(
            out.contains(r#"#footnote[#"A note.";]<c1-note-1>"#),
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
        )
        .markup;
        assert!(!out.contains("javascript"), "{out}");
        assert!(out.contains("#heading(level: 2)[#\"Deep\";]"), "{out}");
        assert!(out.contains("#heading(level: 2)[#\"Next\";]"), "{out}");
    }

    #[test]
    fn each_block_of_markup_knows_the_line_it_was_written_from() {
        // A block mark on line 3 (its token adds a line break) and an inline one on line 5.
        let body = "First para.\n\n{{< box b >}}\n\nSee @box-b here.\n\n- item\n";
        let mark =
            |range: std::ops::Range<usize>, block: bool, resolution: Resolution| ResolvedMark {
                range,
                block,
                resolution,
            };
        let block_at = body.find("{{<").unwrap();
        let inline_at = body.find("@box").unwrap();
        let marks = [
            mark(
                block_at..block_at + "{{< box b >}}".len(),
                true,
                Resolution::Embed {
                    kind: crate::markdown::targets::TargetKind::Box,
                    index: 0,
                },
            ),
            mark(
                inline_at..inline_at + "@box-b".len(),
                false,
                Resolution::Html("Box 1".into()),
            ),
        ];
        let out = chapter(body, &marks, 2, false, "", &mut NoMarks);
        let line_of = |needle: &str| {
            let at = out.markup.find(needle).unwrap();
            let (_, offset) = out.anchors.iter().rev().find(|(m, _)| *m <= at).unwrap();
            body[..*offset].matches('\n').count() + 1
        };
        assert_eq!(line_of("\"First para."), 1, "{:?}", out.anchors);
        assert_eq!(line_of("#[EMBED]"), 3, "{:?}", out.anchors);
        assert_eq!(line_of("\"See "), 5, "{:?}", out.anchors);
        assert_eq!(line_of("\"item"), 7, "{:?}", out.anchors);
    }

    #[test]
    fn a_note_of_a_heading_stays_out_of_the_contents_however_it_is_written() {
        let out = chapter(
            "## Title[^a] and more[^b]\n\n[^a]: ## Inner heading\n[^b]: Note b.\n",
            &[],
            2,
            false,
            "",
            &mut NoMarks,
        )
        .markup;
        // Both notes guarded from the contents, the note's heading only bold words.
        assert_eq!(
            out.matches("#context if not almanac-in-outline.get()")
                .count(),
            2,
            "{out}"
        );
        assert_eq!(out.matches("#heading(").count(), 1, "{out}");
        assert!(out.contains("#strong[#\"Inner heading\";]"), "{out}");
    }
}
