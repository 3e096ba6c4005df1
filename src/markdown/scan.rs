//! Finding shortcodes and cross-references in a chapter's raw Markdown.
//!
//! They are read from the raw source, never from rendered text (smart punctuation would curl
//! the quotes of a shortcode's arguments), and never inside code spans, code blocks or raw
//! HTML, which stay literal. The same pass notes what the renderer will refuse to emit (raw
//! HTML when the site does not allow it, `javascript:` links, event-handler attributes), so
//! that `check` reports it without rendering.

use super::citation::{self, Citation};
use super::targets::{ShortcodeKind, TargetKind};
use crate::core::code::Code;
use crate::core::diagnostic::{Diagnostic, did_you_mean};
use crate::core::source::SourceFile;
use crate::markdown::html_policy;
use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::ops::Range;

/// What a mark is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkKind {
    /// `{{< name arg key=value >}}`.
    Shortcode {
        kind: ShortcodeKind,
        args: Vec<String>,
        named: Vec<(String, String)>,
    },
    /// `@prefix-id`.
    Reference { kind: TargetKind, id: String },
    /// `[@key]`, `[@a; @b, p. 12]` or `@key`: works of the bibliography.
    Citation(Citation),
}

/// A shortcode or reference at a byte range of the chapter's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub range: Range<usize>,
    pub kind: MarkKind,
}

/// A link of the narrative to a place inside the site (`#anchor`, `../2021/`), checked once
/// the pages' ids and files are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// As written.
    pub target: String,
    /// Byte offset of the link in the chapter body.
    pub offset: usize,
}

/// What a chapter holds: its marks and its internal links, in source order.
#[derive(Debug, Default, Clone)]
pub struct Scanned {
    pub marks: Vec<Mark>,
    pub links: Vec<InternalLink>,
}

/// Scans a chapter body. `body_offset` places the body in `file` for diagnostics.
pub fn scan(
    file: &SourceFile,
    body_offset: usize,
    allow_raw_html: bool,
    diags: &mut Vec<Diagnostic>,
) -> Scanned {
    let mut links = Vec::new();
    let marks = scan_marks(file, body_offset, allow_raw_html, diags, &mut links);
    Scanned { marks, links }
}

/// [`scan`], remembered with the file: a chapter's scan depends on nothing but its text, where
/// its body begins and whether raw HTML is allowed, so the file keeps what the first scan
/// found (its diagnostics too, said again each time) for every later scan of it. The live
/// preview keeps unchanged files between rebuilds, which then scan only what changed. A file
/// whose slot for derived data already holds something else is scanned each time.
pub fn scan_remembered(
    file: &SourceFile,
    body_offset: usize,
    allow_raw_html: bool,
    diags: &mut Vec<Diagnostic>,
) -> Scanned {
    struct Remembered {
        body_offset: usize,
        allow_raw_html: bool,
        scanned: Scanned,
        diags: Vec<Diagnostic>,
    }
    let slot = file.derived();
    if let Some(r) = slot.get().and_then(|d| d.downcast_ref::<Remembered>())
        && r.body_offset == body_offset
        && r.allow_raw_html == allow_raw_html
    {
        diags.extend(r.diags.iter().cloned());
        return r.scanned.clone();
    }
    let mut found = Vec::new();
    let scanned = scan(file, body_offset, allow_raw_html, &mut found);
    if slot.get().is_none() {
        let _ = slot.set(Box::new(Remembered {
            body_offset,
            allow_raw_html,
            scanned: scanned.clone(),
            diags: found.clone(),
        }));
    }
    diags.extend(found);
    scanned
}

fn scan_marks(
    file: &SourceFile,
    body_offset: usize,
    allow_raw_html: bool,
    diags: &mut Vec<Diagnostic>,
    links: &mut Vec<InternalLink>,
) -> Vec<Mark> {
    let body = &file.text[body_offset..];
    let mut prose = Vec::new();
    let literal = literal_ranges(file, body_offset, allow_raw_html, diags, links, &mut prose);
    // A citation is read only where the text is prose: never in a link's address or title,
    // nor in an image's description, where it could not be written as a citation.
    let prose = Covered::new(prose);
    let mut marks = Vec::new();
    let bytes = body.as_bytes();
    let mut i = 0;
    let mut next_literal = 0;
    let mut lines = LineCursor::default();
    while i < bytes.len() {
        while next_literal < literal.len() && literal[next_literal].end <= i {
            next_literal += 1;
        }
        if let Some(r) = literal.get(next_literal)
            && r.start <= i
        {
            i = r.end;
            continue;
        }
        match bytes[i] {
            b'{' if body[i..].starts_with("{{<") => {
                i = scan_shortcode(file, body_offset, body, i, &mut lines, &mut marks, diags);
            }
            b'@' => {
                let before = marks.len();
                i = scan_reference(body, i, &mut marks);
                if let Some(Mark {
                    range,
                    kind: MarkKind::Citation(_),
                }) = marks.get(before)
                    && !prose.contains(range.start)
                {
                    marks.truncate(before);
                }
            }
            b'[' => match citation::bracketed(body, i).filter(|_| prose.contains(i)) {
                Some((c, end)) => {
                    marks.push(Mark {
                        range: i..end,
                        kind: MarkKind::Citation(c),
                    });
                    i = end;
                }
                None => i += 1,
            },
            _ => {
                // On to the next byte that can begin a mark, or the next literal range,
                // whichever comes first: nothing between them is read.
                let limit = literal.get(next_literal).map_or(bytes.len(), |r| r.start);
                i += 1;
                i += memchr::memchr3(b'{', b'@', b'[', &bytes[i..limit.max(i)])
                    .unwrap_or(limit.saturating_sub(i));
            }
        }
    }
    marks
}

/// The warning of a link the policy drops, and its help (chapters and boxes).
pub const UNSAFE_LINK: &str = "this link is dropped, its words kept: only http, https, mailto, tel and relative addresses are emitted";
pub const UNSAFE_LINK_HELP: &str =
    "link to an http(s) address, a page or an #anchor; the words of the link stay";

/// A warning for each thing the raw-HTML policy removes from `html`, found at `at` in the body;
/// the addresses inside the site its links and images lead to go to `links`, checked as the
/// Markdown's are.
fn html_findings(
    file: &SourceFile,
    body_offset: usize,
    at: usize,
    html: &str,
    inline: bool,
    diags: &mut Vec<Diagnostic>,
    links: &mut Vec<InternalLink>,
) {
    let inspected = html_policy::inspect(html, inline);
    links.extend(
        inspected
            .addresses
            .into_iter()
            // As a browser reads an address: without the spaces around it, nor any tab or
            // line break inside.
            .map(|(offset, address)| {
                let trimmed = address.trim_matches(|c: char| c <= ' ');
                (offset, trimmed.replace(['\t', '\n', '\r'], ""))
            })
            .filter(|(_, address)| is_internal(address))
            .map(|(offset, target)| InternalLink {
                target,
                offset: at + offset,
            }),
    );
    for f in inspected.findings {
        if f.swallows {
            diags.push(
                Diagnostic::error(Code::UnclosedHtml, f.message)
                    .at(file, body_offset + at + f.offset, 1)
                    .with_help("close the tag (its quote, its `>`), the comment (`-->`) or the element in the same block of HTML, before the next blank line"),
            );
            continue;
        }
        diags.push(
            Diagnostic::warning(Code::UnsafeHtml, f.message)
                .at(file, body_offset + at + f.offset, 1)
                .with_help("raw HTML may use the elements and attributes of report prose (see the guide's Security page, docs/security.md); scripts, styles, forms, frames and event handlers never pass"),
        );
    }
}

/// Byte ranges of the body that are code or raw HTML, in order.
fn literal_ranges(
    file: &SourceFile,
    body_offset: usize,
    allow_raw_html: bool,
    diags: &mut Vec<Diagnostic>,
    links: &mut Vec<InternalLink>,
    prose: &mut Vec<Range<usize>>,
) -> Vec<Range<usize>> {
    let body = &file.text[body_offset..];
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut warned_html = false;
    // Footnotes: where each label is cited (and whether inside a note), and which are defined.
    let mut cited: Vec<(String, usize, bool)> = Vec::new();
    let mut defined: Vec<(String, usize)> = Vec::new();
    let mut in_note = 0usize;
    // Where the parser found plain text (not code, addresses or image descriptions).
    let mut text_ranges: Vec<Range<usize>> = Vec::new();
    let mut in_autolink = false;
    let mut in_heading = false;
    let mut depth = html_policy::Nesting::default();
    let mut too_deep = false;
    // A raw-text element opened by an inline tag, not closed yet: where, and its name.
    let mut inline_open: Option<(usize, &'static str)> = None;
    // An image being read: where it starts, and whether its alt text has any words yet.
    let mut image: Option<(usize, bool)> = None;
    for (event, range) in
        Parser::new_ext(body, crate::markdown::dialect::options()).into_offset_iter()
    {
        if let (Some((_, has_words)), Event::Text(t) | Event::Code(t)) = (&mut image, &event) {
            *has_words |= !t.trim().is_empty();
        }
        // With raw HTML, the cleaner's work grows with the square of the nesting: a chapter
        // nests at most MAX_NESTING deep, Markdown containers and HTML elements together.
        if allow_raw_html && !too_deep {
            let html_peak = match &event {
                Event::Start(_) => {
                    depth.markdown += 1;
                    depth.html
                }
                Event::End(_) => {
                    depth.markdown = depth.markdown.saturating_sub(1);
                    depth.html
                }
                Event::Html(h) | Event::InlineHtml(h) => depth.html(h),
                _ => depth.html,
            };
            if depth.markdown + html_peak > html_policy::MAX_NESTING {
                too_deep = true;
                diags.push(
                    Diagnostic::error(
                        Code::TooDeep,
                        format!("the chapter nests blocks and HTML elements over {} deep here", html_policy::MAX_NESTING),
                    )
                    .at(file, body_offset + range.start, 1)
                    .with_help("close the elements you open (every <div> its </div>), or nest quotes and lists less deep"),
                );
            }
        }
        match &event {
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            }) => in_autolink = true,
            Event::End(TagEnd::Link) => in_autolink = false,
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(_) if image.is_none() && !in_autolink => text_ranges.push(range.clone()),
            _ => {}
        }
        match event {
            Event::FootnoteReference(label) => {
                cited.push((label.to_string(), range.start, in_note > 0));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                in_note += 1;
                defined.push((label.to_string(), range.start));
            }
            Event::End(TagEnd::FootnoteDefinition) => in_note = in_note.saturating_sub(1),
            Event::End(TagEnd::Image) => {
                if let Some((at, false)) = image.take() {
                    diags.push(
                        Diagnostic::warning(Code::ImageWithoutAlt, "this image has no text alternative")
                            .at(file, body_offset + at, 1)
                            .with_help("say what it shows between the brackets: ![A map of the centres](map.png)"),
                    );
                }
            }
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => out.push(range),
            // What the policy will remove from the author's HTML, block by block (a tag may
            // run over lines) and tag by tag inline.
            Event::Start(Tag::HtmlBlock) if allow_raw_html => {
                html_findings(
                    file,
                    body_offset,
                    range.start,
                    &body[range],
                    false,
                    diags,
                    links,
                );
            }
            // A heading's text is always text: its raw HTML is shown as typed.
            Event::InlineHtml(_) if in_heading && allow_raw_html => {
                diags.push(
                    Diagnostic::warning(Code::RawHtml, "raw HTML in a heading is shown as text")
                        .at(file, body_offset + range.start, 1)
                        .with_help("style headings with the theme, or give them {.classes}"),
                );
                out.push(range);
            }
            Event::InlineHtml(tag) if allow_raw_html => {
                // Inside a `<textarea>` or `<script>` opened earlier in the paragraph, a tag is
                // text: it leads nowhere.
                let mut inside_raw_text = Vec::new();
                html_findings(
                    file,
                    body_offset,
                    range.start,
                    &body[range.clone()],
                    true,
                    diags,
                    if inline_open.is_some() {
                        &mut inside_raw_text
                    } else {
                        links
                    },
                );
                // A `<script>` or `<textarea>` opened inline must close in the same block.
                match html_policy::raw_text_tag(&tag) {
                    Some((name, true)) if inline_open.is_none() => {
                        inline_open = Some((range.start, name));
                    }
                    Some((name, false)) if inline_open.is_some_and(|(_, n)| n == name) => {
                        inline_open = None;
                    }
                    _ => {}
                }
                out.push(range);
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell | TagEnd::Item,
            ) if inline_open.is_some() => {
                if let Some((at, name)) = inline_open.take() {
                    diags.push(
                        Diagnostic::error(
                            Code::UnclosedHtml,
                            format!("`<{name}>` is never closed in its paragraph: it would take the rest of the chapter into itself"),
                        )
                        .at(file, body_offset + at, 1)
                        .with_help(format!("close it with `</{name}>` in the same paragraph, or remove it")),
                    );
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                if !allow_raw_html && !warned_html {
                    warned_html = true;
                    diags.push(
                        Diagnostic::warning(Code::RawHtml, "raw HTML in the narrative is shown as text")
                            .at(file, body_offset + range.start, 1)
                            .with_help("write it in Markdown, or set `allow_raw_html: true` in content/site.yaml"),
                    );
                }
                out.push(range);
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. })
                if !html_policy::url_allowed(&dest_url) =>
            {
                diags.push(
                    Diagnostic::warning(Code::UnsafeLink, UNSAFE_LINK)
                        .at(file, body_offset + range.start, 1)
                        .with_help(UNSAFE_LINK_HELP),
                );
            }
            Event::Start(Tag::Link { dest_url, .. }) if is_internal(&dest_url) => {
                links.push(InternalLink {
                    target: dest_url.to_string(),
                    offset: range.start,
                });
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                image = Some((range.start, false));
                // A local image must be a file the build writes, like a link's page.
                if is_internal(&dest_url) {
                    links.push(InternalLink {
                        target: dest_url.to_string(),
                        offset: range.start,
                    });
                }
            }
            Event::Start(Tag::Heading { attrs, .. }) => {
                for (k, _) in attrs.iter().filter(|(k, _)| {
                    !html_policy::heading_attribute_allowed(&k.to_ascii_lowercase())
                }) {
                    diags.push(
                        Diagnostic::warning(
                            Code::UnsafeAttribute,
                            format!("the attribute `{k}` of this heading is never emitted"),
                        )
                        .at(file, body_offset + range.start, 1)
                        .with_help("a heading may carry an #id, .classes, lang, title, dir and data-… attributes"),
                    );
                }
            }
            _ => {}
        }
    }
    out.sort_by_key(|r| r.start);
    // A citation of a note never written is left as text by the Markdown parser: find it in
    // the source, outside code. Each test below costs O(log n), and the label search stops at
    // a blank or a bracket (a label has neither), so the whole search is O(n log n).
    prose.extend(text_ranges.iter().cloned());
    let in_text = Covered::new(text_ranges);
    let in_literal = Covered::new(out.clone());
    let parsed: HashSet<usize> = cited.iter().map(|(_, c, _)| *c).collect();
    let mut from = 0;
    while let Some(i) = body[from..].find("[^") {
        let at = from + i;
        from = at + 2;
        let rest = &body[at + 2..];
        let Some(len) = rest.find(|c: char| c == ']' || c == '[' || c.is_whitespace()) else {
            break;
        };
        if !rest[len..].starts_with(']') {
            continue;
        }
        let label = &rest[..len];
        let is_definition = rest[len + 1..].starts_with(':');
        let escaped = body[..at].ends_with('\\');
        if label.is_empty()
            || is_definition
            || escaped
            || !in_text.contains(at)
            || in_literal.contains(at)
            || parsed.contains(&at)
        {
            continue;
        }
        cited.push((label.to_string(), at, false));
    }
    check_footnotes(file, body_offset, &cited, &defined, diags);
    out
}

/// Byte ranges, for asking in O(log n) whether any of them holds an offset.
struct Covered {
    /// Sorted by start, each with the furthest end of it and the ranges before it.
    ranges: Vec<(usize, usize)>,
}

impl Covered {
    fn new(mut ranges: Vec<Range<usize>>) -> Self {
        ranges.sort_by_key(|r| r.start);
        let mut furthest = 0;
        Covered {
            ranges: ranges
                .into_iter()
                .map(|r| {
                    furthest = furthest.max(r.end);
                    (r.start, furthest)
                })
                .collect(),
        }
    }

    /// Whether a range holds `at`: one starting at or before it reaches past it.
    fn contains(&self, at: usize) -> bool {
        match self.ranges.partition_point(|(start, _)| *start <= at) {
            0 => false,
            n => self.ranges[n - 1].1 > at,
        }
    }
}

/// Every cited note defined, every defined note cited, and no note cited from inside a note
/// (notes are numbered as the text cites them, so such a note would have no number).
fn check_footnotes(
    file: &SourceFile,
    body_offset: usize,
    cited: &[(String, usize, bool)],
    defined: &[(String, usize)],
    diags: &mut Vec<Diagnostic>,
) {
    let defined_labels: HashSet<&str> = defined.iter().map(|(l, _)| l.as_str()).collect();
    let cited_labels: HashSet<&str> = cited.iter().map(|(l, _, _)| l.as_str()).collect();
    for (label, at, in_note) in cited {
        let d = if *in_note {
            Diagnostic::warning(
                Code::FootnoteInFootnote,
                format!("the note `[^{label}]` is cited inside another note"),
            )
            .with_help("cite it in the text, or write its words into the note that cites it")
        } else if !defined_labels.contains(label.as_str()) {
            Diagnostic::warning(
                Code::UndefinedFootnote,
                format!("the note `[^{label}]` is cited but never written"),
            )
            .with_help(format!(
                "write it on a line of its own: [^{label}]: The note's text."
            ))
        } else {
            continue;
        };
        diags.push(d.at(file, body_offset + at, label.chars().count() + 3));
    }
    for (label, at) in defined {
        if !cited_labels.contains(label.as_str()) {
            diags.push(
                Diagnostic::warning(
                    Code::UnusedFootnote,
                    format!("the note `[^{label}]` is never cited in the text"),
                )
                .at(file, body_offset + at, label.chars().count() + 3)
                .with_help(format!(
                    "cite it with [^{label}] where it belongs, or delete it"
                )),
            );
        }
    }
}

/// A link inside the site: no scheme, not protocol-relative, not a mail address.
fn is_internal(url: &str) -> bool {
    let scheme_end = url.find(':');
    let before_path = url.find(['/', '?', '#']).unwrap_or(url.len());
    let has_scheme = scheme_end.is_some_and(|i| i < before_path);
    !url.is_empty() && !has_scheme && !url.starts_with("//")
}

/// The line the scan is on and the next `>}}` ahead of it, each found once for all the
/// shortcodes they serve: found again for each shortcode, a long line of them took time
/// quadratic in its length. The scan only moves forward.
#[derive(Default)]
struct LineCursor {
    /// The start and end of the last line asked for.
    line: Option<(usize, usize)>,
    /// Where the last search for `>}}` started, and what it found.
    close: Option<(usize, Option<usize>)>,
}

impl LineCursor {
    fn line_bounds(&mut self, body: &str, at: usize) -> (usize, usize) {
        if let Some((start, end)) = self.line
            && start <= at
            && at < end
        {
            return (start, end);
        }
        let start = body[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = body[at..].find('\n').map_or(body.len(), |i| at + i);
        self.line = Some((start, end));
        (start, end)
    }

    /// Where the first `>}}` at or after `from` starts.
    fn next_close(&mut self, body: &str, from: usize) -> Option<usize> {
        if let Some((searched_from, found)) = self.close
            && searched_from <= from
            && found.is_none_or(|at| at >= from)
        {
            return found;
        }
        let found = body[from..].find(">}}").map(|i| from + i);
        self.close = Some((from, found));
        found
    }
}

/// Reads the shortcode starting at `start` (`{{<`); returns where scanning goes on.
fn scan_shortcode(
    file: &SourceFile,
    body_offset: usize,
    body: &str,
    start: usize,
    lines: &mut LineCursor,
    marks: &mut Vec<Mark>,
    diags: &mut Vec<Diagnostic>,
) -> usize {
    let (line_start, line_end) = lines.line_bounds(body, start);
    // `>}}` holds no newline: the first one ahead closes this shortcode if it is on its line.
    let Some(close) = lines
        .next_close(body, start)
        .filter(|at| at + 3 <= line_end)
        .map(|at| at - start)
    else {
        diags.push(
            Diagnostic::error(
                Code::UnclosedShortcode,
                "this shortcode is not closed on its line",
            )
            .at(file, body_offset + start, 3)
            .with_help("write the whole shortcode on one line: {{< box box-id >}}"),
        );
        return start + 3;
    };
    let end = start + close + 3;
    let inner = &body[start + 3..start + close];
    let words = match split_args(inner) {
        Ok(w) => w,
        Err(msg) => {
            diags.push(
                Diagnostic::error(Code::ShortcodeSyntax, msg)
                    .at(file, body_offset + start, end - start)
                    .with_help("close the quotes: {{< value id field=\"year\" >}}"),
            );
            return end;
        }
    };
    let Some(name) = words.first() else {
        diags.push(
            Diagnostic::error(Code::ShortcodeSyntax, "this shortcode has no name")
                .at(file, body_offset + start, end - start)
                .with_help("name it: {{< box box-id >}} or {{< figure fig-id >}}"),
        );
        return end;
    };
    let Some(kind) = ShortcodeKind::lookup(name) else {
        let names = ShortcodeKind::names();
        let help = match did_you_mean(name, names.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("the shortcodes are: {}", names.join(", ")),
        };
        diags.push(
            Diagnostic::error(
                Code::UnknownShortcode,
                format!("unknown shortcode `{name}`"),
            )
            .at(file, body_offset + start, end - start)
            .with_help(help),
        );
        return end;
    };
    if kind.is_block() {
        // Trimmed from the shortcode's side only, so a long line costs its blanks, once.
        let alone = body[line_start..start].trim_end().is_empty()
            && body[end..line_end].trim_start().is_empty();
        if !alone {
            diags.push(
                Diagnostic::error(
                    Code::ShortcodeNotAlone,
                    format!("the `{name}` shortcode must stand on a line of its own"),
                )
                .at(file, body_offset + start, end - start)
                .with_help("put it on its own line, with a blank line before and after"),
            );
            return end;
        }
    }
    let mut args = Vec::new();
    let mut named = Vec::new();
    for w in &words[1..] {
        match w.split_once('=') {
            Some((k, v)) => named.push((k.to_string(), v.to_string())),
            None => args.push(w.to_string()),
        }
    }
    marks.push(Mark {
        range: start..end,
        kind: MarkKind::Shortcode { kind, args, named },
    });
    end
}

/// Splits shortcode arguments on blanks; `"…"` quotes a value with blanks (`key="a b"`).
fn split_args(inner: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_quotes = false;
    let mut has_word = false;
    for c in inner.chars() {
        match c {
            '"' => {
                in_quotes = !in_quotes;
                has_word = true;
            }
            c if c.is_whitespace() && !in_quotes => {
                if has_word {
                    words.push(std::mem::take(&mut cur));
                    has_word = false;
                }
            }
            c => {
                cur.push(c);
                has_word = true;
            }
        }
    }
    if in_quotes {
        return Err("a quoted argument of this shortcode is not closed".to_string());
    }
    if has_word {
        words.push(cur);
    }
    Ok(words)
}

fn is_id_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// Reads `@prefix-id` at `at` when it is a reference, else `@key` as a citation in running
/// text; returns where scanning goes on. An `@` inside a word (`a@b.org`) is plain text.
fn scan_reference(body: &str, at: usize, marks: &mut Vec<Mark>) -> usize {
    let bytes = body.as_bytes();
    if !citation::may_precede_key(body[..at].chars().next_back()) {
        return at + 1;
    }
    let mut end = at + 1;
    while end < bytes.len() && is_id_byte(bytes[end]) {
        end += 1;
    }
    while end > at + 1 && matches!(bytes[end - 1], b'-' | b'_') {
        end -= 1;
    }
    let id = &body[at + 1..end];
    if let Some((prefix, rest)) = id.split_once('-')
        && !rest.is_empty()
        && let Some(kind) = TargetKind::from_prefix(prefix)
    {
        marks.push(Mark {
            range: at..end,
            kind: MarkKind::Reference {
                kind,
                id: id.to_string(),
            },
        });
        return end;
    }
    match citation::in_text(body, at) {
        Some((c, end)) => {
            marks.push(Mark {
                range: at..end,
                kind: MarkKind::Citation(c),
            });
            end
        }
        None => at + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (Vec<Mark>, Vec<Diagnostic>) {
        let f = SourceFile::new("c.md", text);
        let mut d = Vec::new();
        let m = scan(&f, 0, false, &mut d).marks;
        (m, d)
    }

    fn refs(marks: &[Mark]) -> Vec<String> {
        marks
            .iter()
            .filter_map(|m| match &m.kind {
                MarkKind::Reference { id, .. } => Some(id.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn references_are_found_outside_code_only() {
        let (m, d) = run(
            "See @fig-a, @box-b. Mail a@box-c.org or `@fig-d`.\n\n```\n@fig-e\n```\n\n    @fig-f\n",
        );
        assert_eq!(refs(&m), ["fig-a", "box-b"]);
        assert!(d.is_empty());
    }

    #[test]
    fn at_signs_before_other_words_are_citations_not_references() {
        let (m, _) = run("Follow @someone and [@tbl-x, p. 2] and @fig- now\n");
        assert!(refs(&m).is_empty());
        let keys: Vec<(&str, bool)> = m
            .iter()
            .filter_map(|m| match &m.kind {
                MarkKind::Citation(c) => Some((c.items[0].key.as_str(), c.in_text)),
                _ => None,
            })
            .collect();
        // Resolve decides: a bare `@word` is text in a report without a bibliography.
        assert_eq!(keys, [("someone", true), ("tbl-x", false), ("fig", true)]);
    }

    #[test]
    fn block_shortcodes_stand_alone_and_keep_quotes_raw() {
        let (m, d) = run("Text\n\n  {{< box box-a >}}\n\nInline {{< figure fig-b >}} here.\n");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].range, 8..25);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "shortcode-not-alone");
        assert_eq!((d[0].line, d[0].column), (Some(5), Some(8)));

        assert_eq!(
            split_args(r#"value id key="a “b” c""#).unwrap(),
            ["value", "id", "key=a “b” c"]
        );
        assert!(split_args(r#"a "b"#).is_err());
    }

    #[test]
    fn unknown_and_unclosed_shortcodes_are_errors_with_positions() {
        let (_, d) = run("x\n{{< bx box-a >}}\n{{< box a\n");
        assert_eq!(d[0].code, "unknown-shortcode");
        assert_eq!(d[0].help.as_deref(), Some("did you mean `box`?"));
        assert_eq!((d[0].line, d[0].column), (Some(2), Some(1)));
        assert_eq!(d[1].code, "unclosed-shortcode");
        assert_eq!(d[1].line, Some(3));
    }

    #[test]
    fn internal_links_are_collected_with_their_offsets() {
        let f = SourceFile::new(
            "c.md",
            "[a](#top) [b](https://x.org/#y) [c](../2021/) [d](mailto:a@b.org) [e](//cdn/x)\n",
        );
        let mut d = Vec::new();
        let links = scan(&f, 0, false, &mut d).links;
        let got: Vec<(&str, usize)> = links
            .iter()
            .map(|l| (l.target.as_str(), l.offset))
            .collect();
        assert_eq!(got, [("#top", 0), ("../2021/", 32)]);
    }

    #[test]
    fn shortcodes_in_code_are_literal() {
        let (m, d) = run("`{{< nope >}}`\n\n```md\n{{< box x >}}\n```\n");
        assert!(m.is_empty());
        assert!(d.is_empty());
    }
}
