//! A chapter's Markdown to HTML, through pulldown-cmark's event stream.
//!
//! Shortcodes and references were found by the resolve stage in the raw source; here each is
//! swapped for a placeholder token before parsing and for its HTML after, so Markdown never
//! sees (or curls the quotes of) a shortcode. Headings get ids unique on the page, footnotes
//! are numbered across the edition and collected as the chapter's notes, and what the site
//! does not allow (raw HTML, script links, event-handler attributes) is never emitted.
//!
//! With `allow_raw_html`, the author's HTML is cleaned by [`html_policy::clean`] as one
//! fragment with the Markdown around it, as a browser would parse it; the renderer's own HTML
//! (headings, note references, boxes, figures, links) stands in that fragment as
//! placeholders and is put in only after cleaning, so the policy never has to allow it.

use super::ids::{PageIds, slugify};
use crate::core::escape;
pub use crate::markdown::dialect::options;
use crate::markdown::html_policy::{self, PLACEHOLDERS, url_allowed};
use crate::resolve::{Resolution, ResolvedMark};
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;

pub(crate) const TOKEN_OPEN: char = '\u{E000}';
pub(crate) const TOKEN_CLOSE: char = '\u{E001}';
/// Around the number of a piece of the renderer's own HTML, while raw HTML is cleaned.
const TRUSTED_OPEN: char = '\u{E002}';
const TRUSTED_CLOSE: char = '\u{E003}';

/// The renderer's own HTML. Without raw HTML it is written as it is; with raw HTML each
/// piece becomes a placeholder in the text, the whole is cleaned, then the pieces go back.
struct Trusted {
    on: bool,
    pieces: Vec<String>,
    /// Put before every relative address when the HTML is cleaned (`link_prefix`).
    prefix: Option<String>,
}

impl Trusted {
    fn new(allow_raw_html: bool) -> Self {
        Trusted {
            on: allow_raw_html,
            pieces: Vec::new(),
            prefix: None,
        }
    }

    /// The event that writes `html`.
    fn event<'e>(&mut self, html: String) -> Event<'e> {
        if !self.on {
            return Event::Html(html.into());
        }
        let n = self.pieces.len();
        self.pieces.push(html);
        Event::Text(format!("{TRUSTED_OPEN}{n}{TRUSTED_CLOSE}").into())
    }

    /// The written HTML, cleaned and with the pieces put back (without raw HTML, as it is).
    fn finish(&self, html: String) -> String {
        if !self.on {
            return html;
        }
        let clean = html_policy::clean_with_prefix(&html, self.prefix.as_deref());
        let mut out =
            String::with_capacity(clean.len() + self.pieces.iter().map(String::len).sum::<usize>());
        let mut rest = clean.as_str();
        while let Some(at) = rest.find(PLACEHOLDERS) {
            out.push_str(&rest[..at]);
            let c = rest[at..].chars().next().unwrap_or(TRUSTED_OPEN);
            rest = &rest[at + c.len_utf8()..];
            if c != TRUSTED_OPEN {
                continue;
            }
            let digits = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            if let (Some(piece), true) = (
                rest[..digits]
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| self.pieces.get(n)),
                rest[digits..].starts_with(TRUSTED_CLOSE),
            ) {
                out.push_str(piece);
                rest = &rest[digits + TRUSTED_CLOSE.len_utf8()..];
            }
        }
        out.push_str(rest);
        out
    }
}

/// A footnote of the chapter, numbered across the edition.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Note {
    pub number: usize,
    pub id: String,
    pub html: String,
}

/// A heading of the chapter, for the table of contents.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

#[derive(Debug, Default)]
pub struct ChapterHtml {
    pub html: String,
    pub notes: Vec<Note>,
    pub headings: Vec<Heading>,
    /// Headings whose `{#id}` another element of the page had taken: the id as written, the
    /// n-th heading of the chapter written with it (from 0), and the id it got instead.
    pub renamed_ids: Vec<RenamedId>,
}

/// A heading's `{#id}` that the page had given to something else first.
#[derive(Debug, Clone)]
pub struct RenamedId {
    pub written: String,
    pub nth: usize,
    pub given: String,
}

/// How the marks of a chapter become HTML, and the page state they share.
pub struct ChapterContext<'a> {
    /// The chapter's slug, which keeps its footnote ids apart from other chapters'.
    pub slug: &'a str,
    pub allow_raw_html: bool,
    pub ids: &'a mut PageIds,
    /// The last footnote number given out on the page.
    pub note_counter: &'a mut usize,
    /// The HTML of a resolved mark (an embedded block, a reference link).
    pub mark_html: &'a mut dyn FnMut(&Resolution) -> String,
    /// The page's language: the words of back links and table regions.
    pub locale: &'a crate::locale::Locale,
    /// Put before every relative link and image address: `../` for a chapter a translation
    /// shows untranslated, written for its original's page one folder up.
    pub link_prefix: Option<&'a str>,
}

/// Renders a chapter body with its resolved marks.
pub fn render_chapter<'a>(
    body: &str,
    marks: &'a [ResolvedMark],
    cx: ChapterContext<'a>,
) -> ChapterHtml {
    let source = substitute(body, marks);
    let events: Vec<Event> = Parser::new_ext(&source, options()).collect();
    Renderer {
        trusted: Trusted {
            // With raw HTML, the cleaner rewrites every address, the Markdown's too.
            prefix: cx
                .link_prefix
                .filter(|_| cx.allow_raw_html)
                .map(str::to_string),
            ..Trusted::new(cx.allow_raw_html)
        },
        cx,
        marks,
        events,
        out: ChapterHtml::default(),
        in_link: 0,
        explicit_kept: Vec::new(),
    }
    .run()
}

/// The body with every mark replaced by a token `\u{E000}N\u{E001}`; a block mark's line is
/// set apart by blank lines so it becomes a paragraph of its own.
pub(crate) fn substitute(body: &str, marks: &[ResolvedMark]) -> String {
    fn push_clean(out: &mut String, text: &str) {
        if text.contains(PLACEHOLDERS) || text.contains("&#") {
            out.push_str(&defuse_placeholders(text));
        } else {
            out.push_str(text);
        }
    }
    let mut out = String::with_capacity(body.len() + marks.len() * 4);
    let mut last = 0;
    for (n, mark) in marks.iter().enumerate() {
        let token = format!("{TOKEN_OPEN}{n}{TOKEN_CLOSE}");
        if mark.block {
            let line_start = body[..mark.range.start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = body[mark.range.end..]
                .find('\n')
                .map_or(body.len(), |i| mark.range.end + i);
            push_clean(&mut out, &body[last..line_start]);
            out.push('\n');
            push_clean(&mut out, &body[line_start..mark.range.start]);
            out.push_str(&token);
            out.push('\n');
            last = line_end;
        } else {
            push_clean(&mut out, &body[last..mark.range.start]);
            out.push_str(&token);
            last = mark.range.end;
        }
    }
    push_clean(&mut out, &body[last..]);
    out
}

/// A field's text with its marks as tokens (as it is, when it has none).
pub(crate) fn substitute_marks<'t>(
    text: &'t str,
    marks: &[ResolvedMark],
) -> std::borrow::Cow<'t, str> {
    if marks.is_empty() {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(substitute(text, marks))
    }
}

/// `text` with the placeholder characters replaced by U+FFFD, whether written as they are or
/// as numeric character references (`&#xE000;`, `&#57344;`), which the Markdown parser would
/// decode into a placeholder after the marks were swapped in.
fn defuse_placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(|c: char| c == '&' || PLACEHOLDERS.contains(&c)) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(c) = rest.chars().next().filter(|c| PLACEHOLDERS.contains(c)) {
            out.push('\u{FFFD}');
            rest = &rest[c.len_utf8()..];
            continue;
        }
        // `&#` digits `;` or `&#x` hex digits `;`, as CommonMark reads them.
        let after = &rest[1..];
        let (radix, digits) = match after.strip_prefix('#') {
            Some(n) => match n.strip_prefix(['x', 'X']) {
                Some(h) => (16, h),
                None => (10, n),
            },
            None => (0, ""),
        };
        let len = digits
            .find(|c: char| !c.is_digit(radix.max(2)))
            .unwrap_or(digits.len());
        let code = (radix > 0 && len > 0 && digits[len..].starts_with(';'))
            .then(|| u32::from_str_radix(&digits[..len], radix).ok())
            .flatten();
        let whole = rest.len() - digits.len() + len + 1;
        match code.and_then(char::from_u32) {
            Some(c) if PLACEHOLDERS.contains(&c) => {
                out.push('\u{FFFD}');
                rest = &rest[whole..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Links and images on their way out: a script link is dropped (its words stay), and a bare
/// address (`<https://…>`) is written with class `url`, so that print, which follows each link
/// with its address, does not print it twice. Every other link passes as it is.
#[derive(Default)]
struct LinkFilter {
    /// For each open link or image: how its end is written.
    ends: Vec<LinkEnd>,
    /// Put before each relative address (see `ChapterContext::link_prefix`).
    prefix: Option<String>,
}

enum LinkEnd {
    Dropped,
    Kept,
    Raw,
}

impl LinkFilter {
    /// The event to write for a link or image start or end, if any.
    fn pass<'e>(&mut self, mut event: Event<'e>) -> Option<Event<'e>> {
        match event {
            Event::Start(Tag::Link { ref dest_url, .. } | Tag::Image { ref dest_url, .. })
                if !url_allowed(dest_url) =>
            {
                self.ends.push(LinkEnd::Dropped);
                None
            }
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink,
                ref dest_url,
                ..
            }) => {
                self.ends.push(LinkEnd::Raw);
                let href = escape::html(dest_url);
                Some(Event::Html(
                    format!("<a href=\"{href}\" class=\"url\">").into(),
                ))
            }
            Event::Start(
                Tag::Link {
                    ref mut dest_url, ..
                }
                | Tag::Image {
                    ref mut dest_url, ..
                },
            ) if self.prefix.is_some() && html_policy::is_relative_path(dest_url) => {
                self.ends.push(LinkEnd::Kept);
                let prefix = self.prefix.as_deref().unwrap_or_default();
                *dest_url = format!("{prefix}{dest_url}").into();
                Some(event)
            }
            Event::Start(_) => {
                self.ends.push(LinkEnd::Kept);
                Some(event)
            }
            Event::End(_) => match self.ends.pop() {
                Some(LinkEnd::Dropped) => None,
                Some(LinkEnd::Raw) => Some(Event::Html("</a>".into())),
                Some(LinkEnd::Kept) | None => Some(event),
            },
            other => Some(other),
        }
    }
}

struct Renderer<'a, 'e> {
    cx: ChapterContext<'a>,
    trusted: Trusted,
    marks: &'a [ResolvedMark],
    events: Vec<Event<'e>>,
    out: ChapterHtml,
    /// How many links (or images) the text being rendered is inside: a reference there is
    /// its words only, as a link cannot hold another.
    in_link: usize,
    /// The `{#id}`s written on headings that kept them, in order.
    explicit_kept: Vec<String>,
}

impl<'e> Renderer<'_, 'e> {
    fn run(mut self) -> ChapterHtml {
        let events = std::mem::take(&mut self.events);
        let defined: HashMap<String, usize> = events
            .iter()
            .enumerate()
            .filter_map(|(i, e)| match e {
                Event::Start(Tag::FootnoteDefinition(l)) => Some((l.to_string(), i)),
                _ => None,
            })
            .collect();
        let events = merge_text(events);

        // Footnote label -> (number, id, reference ids), in reference order.
        let mut notes: Vec<(String, usize, String, Vec<String>)> = Vec::new();
        // Label -> its place in `notes`: a chapter of many notes looks each up at once.
        let mut note_index: HashMap<String, usize> = HashMap::new();
        let mut body: Vec<Event<'e>> = Vec::with_capacity(events.len());
        let mut definitions: HashMap<String, Vec<Event<'e>>> = HashMap::new();
        let mut links = self.link_filter();
        let mut i = 0;
        while i < events.len() {
            let event = events[i].clone();
            i += 1;
            match event {
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let mut inner = Vec::new();
                    let mut depth = 0;
                    while i < events.len() {
                        let e = events[i].clone();
                        i += 1;
                        match &e {
                            Event::Start(Tag::FootnoteDefinition(_)) => depth += 1,
                            Event::End(TagEnd::FootnoteDefinition) if depth == 0 => break,
                            Event::End(TagEnd::FootnoteDefinition) => depth -= 1,
                            _ => {}
                        }
                        inner.push(e);
                    }
                    definitions.entry(label.to_string()).or_insert(inner);
                }
                Event::FootnoteReference(label) if defined.contains_key(label.as_ref()) => {
                    let idx = match note_index.get(label.as_ref()).copied() {
                        Some(p) => p,
                        None => {
                            *self.cx.note_counter += 1;
                            let base = format!("fn-{}-{}", self.cx.slug, slugify(&label));
                            let id = self.cx.ids.unique(&base);
                            notes.push((label.to_string(), *self.cx.note_counter, id, Vec::new()));
                            note_index.insert(label.to_string(), notes.len() - 1);
                            notes.len() - 1
                        }
                    };
                    let (_, number, id, refs) = &mut notes[idx];
                    let ref_id = self.cx.ids.unique(&format!("ref-{id}"));
                    refs.push(ref_id.clone());
                    body.push(self.trusted.event(format!(
                        "<sup class=\"note-ref\"><a href=\"#{id}\" id=\"{ref_id}\" role=\"doc-noteref\">{number}</a></sup>"
                    )));
                }
                Event::FootnoteReference(label) => {
                    body.push(Event::Text(format!("[^{label}]").into()));
                }
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) => {
                    let mut inner = Vec::new();
                    while i < events.len() {
                        let e = events[i].clone();
                        i += 1;
                        if matches!(e, Event::End(TagEnd::Heading(_))) {
                            break;
                        }
                        inner.push(e);
                    }
                    self.heading(level, id, classes, attrs, inner, &mut body);
                }
                Event::Start(Tag::Paragraph) => {
                    // A paragraph that is only a block token is the block itself.
                    if let (Some(Event::Text(t)), Some(Event::End(TagEnd::Paragraph))) =
                        (events.get(i), events.get(i + 1))
                        && let Some(n) = whole_token(t)
                        && let Some(mark) = self.marks.get(n)
                    {
                        let html = (self.cx.mark_html)(&mark.resolution);
                        body.push(self.trusted.event(html));
                        i += 2;
                        continue;
                    }
                    body.push(Event::Start(Tag::Paragraph));
                }
                Event::Text(t) => self.text(t, &mut body),
                // The author's HTML goes out raw, to be cleaned with the rest (or as text).
                Event::Html(h) | Event::InlineHtml(h) => {
                    if self.cx.allow_raw_html {
                        body.push(Event::Html(h));
                    } else {
                        body.push(Event::Text(h));
                    }
                }
                e @ (Event::Start(Tag::Link { .. } | Tag::Image { .. })
                | Event::End(TagEnd::Link | TagEnd::Image)) => {
                    body.extend(self.pass_link(&mut links, e));
                }
                Event::Start(Tag::Table(align)) => {
                    let region = format!(
                        "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">",
                        escape::html(self.cx.locale.text("table"))
                    );
                    body.push(self.trusted.event(region));
                    body.push(Event::Start(Tag::Table(align)));
                }
                Event::End(TagEnd::Table) => {
                    body.push(Event::End(TagEnd::Table));
                    body.push(self.trusted.event("</div>".into()));
                }
                other => body.push(other),
            }
        }
        let mut html = String::with_capacity(self.out.html.capacity());
        pulldown_cmark::html::push_html(&mut html, body.into_iter());
        self.out.html = self.trusted.finish(html);

        for (label, number, id, refs) in notes {
            let mut html = String::new();
            if let Some(inner) = definitions.remove(&label) {
                let mut processed = Vec::with_capacity(inner.len());
                let mut links = self.link_filter();
                for e in inner {
                    match e {
                        // A note cited inside a note has no number: it stays as typed.
                        Event::FootnoteReference(l) => {
                            processed.push(Event::Text(format!("[^{l}]").into()))
                        }
                        e @ (Event::Start(Tag::Link { .. } | Tag::Image { .. })
                        | Event::End(TagEnd::Link | TagEnd::Image)) => {
                            processed.extend(self.pass_link(&mut links, e));
                        }
                        Event::Text(t) => self.text(t, &mut processed),
                        Event::Html(h) | Event::InlineHtml(h) if !self.cx.allow_raw_html => {
                            processed.push(Event::Text(h))
                        }
                        Event::Html(h) | Event::InlineHtml(h) => processed.push(Event::Html(h)),
                        other => processed.push(other),
                    }
                }
                let mut raw = String::new();
                pulldown_cmark::html::push_html(&mut raw, processed.into_iter());
                html = self.trusted.finish(raw);
            }
            let mut back = String::new();
            for (k, r) in refs.iter().enumerate() {
                let which = if refs.len() > 1 {
                    format!("{number}.{}", k + 1)
                } else {
                    number.to_string()
                };
                let label =
                    escape::html(&self.cx.locale.fill("back_to_reference", &[("n", &which)]));
                back.push_str(&format!(" <a href=\"#{r}\" class=\"note-back\" role=\"doc-backlink\" aria-label=\"{label}\">↩</a>"));
            }
            let trimmed = html.trim_end();
            let html = match trimmed.strip_suffix("</p>") {
                Some(head) => format!("{head}{back}</p>"),
                None => format!("{trimmed}<p>{back}</p>"),
            };
            self.out.notes.push(Note { number, id, html });
        }
        self.out
    }

    /// A link or image event through `links`, keeping count of the links the text is in; an
    /// autolink's tag is the renderer's own HTML.
    fn link_filter(&self) -> LinkFilter {
        LinkFilter {
            ends: Vec::new(),
            // With raw HTML the cleaner puts it before every address (see `Trusted`).
            prefix: self
                .cx
                .link_prefix
                .filter(|_| !self.cx.allow_raw_html)
                .map(str::to_string),
        }
    }

    fn pass_link(&mut self, links: &mut LinkFilter, event: Event<'e>) -> Option<Event<'e>> {
        match self.count_link(links, event)? {
            Event::Html(h) => Some(self.trusted.event(h.into_string())),
            e => Some(e),
        }
    }

    /// [`Self::pass_link`] for HTML that is the renderer's own as a whole (a heading).
    fn count_link(&mut self, links: &mut LinkFilter, event: Event<'e>) -> Option<Event<'e>> {
        let opens = matches!(event, Event::Start(_));
        let kept = links.pass(event)?;
        if opens {
            self.in_link += 1;
        } else {
            self.in_link = self.in_link.saturating_sub(1);
        }
        Some(kept)
    }

    /// Text with tokens: the text escaped, each token its mark's HTML.
    fn text(&mut self, t: CowStr<'e>, body: &mut Vec<Event<'e>>) {
        expand_marks(
            t,
            self.marks,
            self.in_link > 0,
            &mut *self.cx.mark_html,
            &mut self.trusted,
            body,
        );
    }

    fn heading(
        &mut self,
        level: HeadingLevel,
        explicit_id: Option<CowStr<'e>>,
        classes: Vec<CowStr<'e>>,
        attrs: Vec<(CowStr<'e>, Option<CowStr<'e>>)>,
        inner: Vec<Event<'e>>,
        body: &mut Vec<Event<'e>>,
    ) {
        let mut processed = Vec::with_capacity(inner.len());
        let mut links = self.link_filter();
        for e in inner {
            match e {
                Event::Text(t) => self.text(t, &mut processed),
                Event::Html(h) | Event::InlineHtml(h) => processed.push(Event::Text(h)),
                // Links go through the filter as everywhere; the heading is written whole as
                // the renderer's own HTML, so an autolink's tag stays as it is here.
                e @ (Event::Start(Tag::Link { .. } | Tag::Image { .. })
                | Event::End(TagEnd::Link | TagEnd::Image)) => {
                    processed.extend(self.count_link(&mut links, e));
                }
                other => processed.push(other),
            }
        }
        let mut inner_html = String::new();
        pulldown_cmark::html::push_html(&mut inner_html, processed.into_iter());
        let text = strip_tags(&inner_html);
        let base = match &explicit_id {
            Some(id) => slugify(id),
            None => slugify(&text),
        };
        let id = self.cx.ids.unique(&base);
        if let Some(written) = &explicit_id {
            let nth = self
                .out
                .renamed_ids
                .iter()
                .filter(|r| r.written == written.as_ref())
                .count()
                + self
                    .explicit_kept
                    .iter()
                    .filter(|w| *w == written.as_ref())
                    .count();
            if id == base {
                self.explicit_kept.push(written.to_string());
            } else {
                self.out.renamed_ids.push(RenamedId {
                    written: written.to_string(),
                    nth,
                    given: id.clone(),
                });
            }
        }
        // A chapter's title is its h2; its Markdown headings start at h3.
        let n = ((level as usize) + 1).clamp(3, 6);
        let mut open = format!("<h{n} id=\"{}\"", escape::html(&id));
        if !classes.is_empty() {
            let cls: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
            open.push_str(&format!(" class=\"{}\"", escape::html(&cls.join(" "))));
        }
        for (k, v) in &attrs {
            let name_ok = !k.is_empty()
                && k.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            let v = v.as_deref().unwrap_or("");
            if name_ok && html_policy::heading_attribute_allowed(&k.to_ascii_lowercase()) {
                open.push_str(&format!(
                    " {}=\"{}\"",
                    k.to_ascii_lowercase(),
                    escape::html(v)
                ));
            }
        }
        open.push('>');
        body.push(self.trusted.event(format!("{open}{inner_html}</h{n}>\n")));
        self.out.headings.push(Heading {
            level: n as u8,
            id,
            text: decode_entities(&text),
        });
    }
}

/// Text with mark tokens in it, as events: each token becomes its mark's HTML. Inside a
/// link, a mark is only words (a link holds no link): a reference reads "Box 3", a citation
/// its text.
fn expand_marks<'e>(
    t: CowStr<'e>,
    marks: &[ResolvedMark],
    in_link: bool,
    mark_html: &mut dyn FnMut(&Resolution) -> String,
    trusted: &mut Trusted,
    body: &mut Vec<Event<'e>>,
) {
    if !t.contains(TOKEN_OPEN) {
        body.push(Event::Text(t));
        return;
    }
    let mut rest: &str = &t;
    while let Some(open) = rest.find(TOKEN_OPEN) {
        let after = &rest[open + TOKEN_OPEN.len_utf8()..];
        let Some(close) = after.find(TOKEN_CLOSE) else {
            break;
        };
        if open > 0 {
            body.push(Event::Text(rest[..open].to_string().into()));
        }
        if let Some(mark) = after[..close]
            .parse::<usize>()
            .ok()
            .and_then(|n| marks.get(n))
        {
            match &mark.resolution {
                // Inside a link, a mark's words alone (a reference's "Box 3").
                r if in_link => {
                    let html = mark_html(r);
                    body.push(trusted.event(strip_tags(&html)));
                }
                r => {
                    let html = mark_html(r);
                    body.push(trusted.event(html));
                }
            }
        }
        rest = &after[close + TOKEN_CLOSE.len_utf8()..];
    }
    if !rest.is_empty() {
        body.push(Event::Text(rest.to_string().into()));
    }
}

/// Markdown outside a chapter (a box's intro, notes or source, a Markdown cell), with the
/// chapter's dialect and safety: raw HTML is text unless the site allows it (and then
/// sanitized), script links are dropped. It has no footnotes and its headings no ids (they
/// would collide with the page's); headings start at `h4`, inside the chapter's sections.
/// With `inline`, a lone paragraph loses its `<p>`, to sit in a table cell.
pub fn render_snippet(text: &str, allow_raw_html: bool, inline: bool) -> String {
    render_snippet_with_marks(text, &[], &mut |_| String::new(), allow_raw_html, inline)
}

/// [`render_snippet`] of a field with resolved marks (references, citations), each written
/// by `mark_html`.
pub fn render_snippet_with_marks(
    text: &str,
    marks: &[ResolvedMark],
    mark_html: &mut dyn FnMut(&Resolution) -> String,
    allow_raw_html: bool,
    inline: bool,
) -> String {
    let text = substitute_marks(text, marks);
    let text = text.as_ref();
    let shift = |l: HeadingLevel| {
        HeadingLevel::try_from(((l as usize) + 3).min(6)).unwrap_or(HeadingLevel::H6)
    };
    let mut links = LinkFilter::default();
    let mut trusted = Trusted::new(allow_raw_html);
    let defused;
    // `substitute` has defused the placeholders already, and put its own tokens in.
    let text = if marks.is_empty()
        && allow_raw_html
        && (text.contains(PLACEHOLDERS) || text.contains("&#"))
    {
        defused = defuse_placeholders(text);
        defused.as_str()
    } else {
        text
    };
    let parsed: Vec<Event> = Parser::new_ext(text, options() - Options::ENABLE_FOOTNOTES).collect();
    // A token must not be cut in two by the parser's split of the text.
    let parsed = if marks.is_empty() {
        parsed
    } else {
        merge_text(parsed)
    };
    let mut events = Vec::with_capacity(parsed.len());
    let mut in_link = 0usize;
    for e in parsed {
        match e {
            // Raw, to be cleaned with the rest.
            Event::Html(h) | Event::InlineHtml(h) if allow_raw_html => events.push(Event::Html(h)),
            Event::Html(h) | Event::InlineHtml(h) => events.push(Event::Text(h)),
            e @ (Event::Start(Tag::Link { .. } | Tag::Image { .. })
            | Event::End(TagEnd::Link | TagEnd::Image)) => {
                match &e {
                    Event::Start(Tag::Link { .. }) => in_link += 1,
                    Event::End(TagEnd::Link) => in_link = in_link.saturating_sub(1),
                    _ => {}
                }
                if let Some(e) = links.pass(e) {
                    events.push(match e {
                        Event::Html(h) => trusted.event(h.into_string()),
                        e => e,
                    });
                }
            }
            Event::Start(Tag::Heading { level, .. }) => events.push(Event::Start(Tag::Heading {
                level: shift(level),
                id: None,
                classes: Vec::new(),
                attrs: Vec::new(),
            })),
            Event::End(TagEnd::Heading(level)) => {
                events.push(Event::End(TagEnd::Heading(shift(level))))
            }
            Event::Text(t) => {
                expand_marks(t, marks, in_link > 0, mark_html, &mut trusted, &mut events)
            }
            other => events.push(other),
        }
    }
    let mut raw = String::with_capacity(text.len() + text.len() / 4);
    pulldown_cmark::html::push_html(&mut raw, events.into_iter());
    let mut html = trusted.finish(raw);
    if inline {
        let trimmed = html.trim_end();
        if let Some(inner) = trimmed
            .strip_prefix("<p>")
            .and_then(|t| t.strip_suffix("</p>"))
            && !inner.contains("<p>")
        {
            return inner.to_string();
        }
        html.truncate(trimmed.len());
    }
    html
}

/// Joins neighbouring text events, which pulldown-cmark may split (at smart quotes, say), so
/// a token is never cut in two.
///
/// A run of pieces is joined in one growing string, copied once, not once per piece.
pub(crate) fn merge_text(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    fn close(out: &mut [Event<'_>], run: &mut Option<String>) {
        if let (Some(joined), Some(last)) = (run.take(), out.last_mut()) {
            *last = Event::Text(joined.into());
        }
    }
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    // The text of the run that `out`'s last event starts, once a second piece has come.
    let mut run: Option<String> = None;
    for e in events {
        if let (Event::Text(t), Some(Event::Text(prev))) = (&e, out.last()) {
            run.get_or_insert_with(|| prev.to_string()).push_str(t);
            continue;
        }
        close(&mut out, &mut run);
        out.push(e);
    }
    close(&mut out, &mut run);
    out
}

pub(crate) fn whole_token(t: &str) -> Option<usize> {
    t.trim()
        .strip_prefix(TOKEN_OPEN)?
        .strip_suffix(TOKEN_CLOSE)?
        .parse()
        .ok()
}

pub(crate) fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

pub(crate) fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(body: &str, marks: &[ResolvedMark], allow: bool) -> ChapterHtml {
        let mut ids = PageIds::new();
        let mut counter = 0;
        let mut html_of = |r: &Resolution| match r {
            Resolution::Reference { number, id, .. } => {
                format!("<a href=\"#{id}\">Figure {number}</a>")
            }
            Resolution::Embed { index, .. } => format!("<figure>embed {index}</figure>"),
            Resolution::Html(h) => h.clone(),
            Resolution::Citation { index } => {
                format!("<span class=\"citation\"><a href=\"#bib\">Doe {index}</a></span>")
            }
        };
        render_chapter(
            body,
            marks,
            ChapterContext {
                slug: "intro",
                allow_raw_html: allow,
                ids: &mut ids,
                note_counter: &mut counter,
                mark_html: &mut html_of,
                locale: &crate::locale::Locale::english(),
                link_prefix: None,
            },
        )
    }

    #[test]
    fn a_heading_drops_script_links_as_a_paragraph_does() {
        for allow in [false, true] {
            let out = render(
                "## [click](javascript:alert(1))\n\n### <javascript:alert(2)>\n\n#### ![i](data:image/svg+xml,x) [x](vbscript:y) [ok](https://example.org) <https://example.org/a>\n",
                &[],
                allow,
            );
            // The words stay; no address does.
            for never in ["href=\"javascript", "href=\"vbscript", "src=", "<img"] {
                assert!(!out.html.contains(never), "{never} in {}", out.html);
            }
            assert!(out.html.contains(">click</h3>"), "{}", out.html);
            assert!(
                out.html.contains("<a href=\"https://example.org\">ok</a>"),
                "{}",
                out.html
            );
            assert!(
                out.html
                    .contains("<a href=\"https://example.org/a\" class=\"url\">"),
                "{}",
                out.html
            );
            assert!(!out.html.contains(PLACEHOLDERS), "{:?}", out.html);
        }
    }

    #[test]
    fn a_placeholder_written_as_a_character_reference_is_only_a_character() {
        let body = "&#xE000;0&#xE001; and &#57346;0&#xe003; and &#xE0000; and &amp; &#x41;\n\n{{< box box-a >}}\n";
        let at = body.find("{{<").unwrap();
        let marks = vec![ResolvedMark {
            range: at..at + 17,
            block: true,
            resolution: Resolution::Html("<figure>box</figure>".into()),
        }];
        for allow in [false, true] {
            let out = render(body, &marks, allow);
            assert_eq!(
                out.html.matches("<figure>box</figure>").count(),
                1,
                "{}",
                out.html
            );
            assert!(
                out.html.contains("\u{FFFD}0\u{FFFD} and \u{FFFD}0\u{FFFD}"),
                "{}",
                out.html
            );
            assert!(out.html.contains("&amp; A"), "{}", out.html);
        }
    }

    #[test]
    fn headings_get_unique_ids_and_shifted_levels() {
        let out = render("# Scope\n\n## Scope\n\n### Deep {#custom}\n", &[], false);
        assert!(
            out.html.contains("<h3 id=\"scope\">Scope</h3>"),
            "{}",
            out.html
        );
        assert!(out.html.contains("<h3 id=\"scope-2\">Scope</h3>"));
        assert!(out.html.contains("<h4 id=\"custom\">Deep</h4>"));
        assert_eq!(out.headings.len(), 3);
    }

    #[test]
    fn footnotes_are_numbered_and_link_both_ways() {
        let out = render(
            "A[^a] and B[^b] and A again[^a].\n\n[^b]: Bee.\n[^a]: Ay.\n",
            &[],
            false,
        );
        assert_eq!(out.notes.len(), 2);
        assert_eq!(out.notes[0].number, 1);
        assert_eq!(out.notes[0].id, "fn-intro-a");
        assert!(
            out.html.contains(
                "<a href=\"#fn-intro-a\" id=\"ref-fn-intro-a\" role=\"doc-noteref\">1</a>"
            )
        );
        assert!(out.html.contains("id=\"ref-fn-intro-a-2\""));
        assert!(out.notes[0].html.contains("href=\"#ref-fn-intro-a\""));
        assert!(out.notes[0].html.contains("href=\"#ref-fn-intro-a-2\""));
        assert!(out.notes[1].html.contains("Bee."));
        assert!(!out.html.contains("Bee."), "definitions leave the body");
    }

    #[test]
    fn raw_html_is_escaped_unless_allowed_and_scripts_never_pass() {
        let out = render(
            "<b onclick=\"x()\">hi</b>\n\n[x](javascript:alert(1))\n",
            &[],
            false,
        );
        assert!(out.html.contains("&lt;b onclick"));
        assert!(!out.html.contains("javascript:"));
        let out = render(
            "<b onclick=\"x()\" class=\"k\">hi</b> <a href=\" JAVASCRIPT:y\">z</a>\n\n<script>alert(1)</script>\n",
            &[],
            true,
        );
        assert!(out.html.contains("<b class=\"k\">hi</b>"), "{}", out.html);
        assert!(!out.html.to_lowercase().contains("javascript"));
        assert!(!out.html.contains("<script>"));
        // A scheme hidden behind character references, which the browser would decode.
        let out = render(
            "<a href=\"java&#115;cript:a()\">1</a> <a href=\"&#x6A;avascript:b()\">2</a> <a href=\"jav&Tab;ascript:c()\">3</a> <a href=\"https://x.org/?a=1&amp;b=2\">4</a>\n",
            &[],
            true,
        );
        assert!(!out.html.contains("cript:"), "{}", out.html);
        assert!(out.html.contains("href=\"https://x.org/?a=1&amp;b=2\""));
        let out = render("# T {onclick=\"x()\" data-k=v}\n", &[], false);
        assert!(
            out.html.contains("<h3 id=\"t\" data-k=\"v\">"),
            "{}",
            out.html
        );
    }

    #[test]
    fn marks_become_their_html_and_blocks_leave_the_paragraph() {
        let body = "See @fig-a now.\n{{< figure fig-a >}}\nAfter.\n";
        let marks = vec![
            ResolvedMark {
                range: 4..10,
                block: false,
                resolution: Resolution::Reference {
                    kind: crate::resolve::TargetKind::Figure,
                    id: "fig-a".into(),
                    number: 1,
                },
            },
            ResolvedMark {
                range: 16..36,
                block: true,
                resolution: Resolution::Embed {
                    kind: crate::resolve::TargetKind::Figure,
                    index: 0,
                },
            },
        ];
        let out = render(body, &marks, false);
        assert_eq!(
            out.html,
            "<p>See <a href=\"#fig-a\">Figure 1</a> now.</p>\n<figure>embed 0</figure>\n<p>After.</p>\n"
        );
    }

    #[test]
    fn with_raw_html_the_renderers_own_html_survives_cleaning_and_the_authors_is_cleaned() {
        // The figure's own HTML has an id and a script-free SVG the policy would not allow
        // from an author; it must come through whole, while the author's HTML is cleaned.
        let body = "<div class=\"wide\" onclick=\"x()\">\n\nSee @fig-a[^n].\n\n</div>\n{{< figure fig-a >}}\n\n| a |\n|--:|\n| 1 |\n\n[^n]: A <b onmouseover=\"y()\">note</b>.\n";
        let at = |needle: &str| body.find(needle).unwrap();
        let marks = vec![
            ResolvedMark {
                range: at("@fig-a")..at("@fig-a") + 6,
                block: false,
                resolution: Resolution::Html("<a href=\"#fig-a\" id=\"r1\">Figure 1</a>".into()),
            },
            ResolvedMark {
                range: at("{{<")..at(">}}") + 3,
                block: true,
                resolution: Resolution::Html(
                    "<figure id=\"fig-a\"><svg role=\"img\"><title>T</title></svg></figure>".into(),
                ),
            },
        ];
        let out = render(body, &marks, true);
        assert!(out.html.contains("<div class=\"wide\">"), "{}", out.html);
        assert!(!out.html.contains("onclick"), "{}", out.html);
        assert!(
            out.html
                .contains("See <a href=\"#fig-a\" id=\"r1\">Figure 1</a><sup class=\"note-ref\">"),
            "{}",
            out.html
        );
        assert!(
            out.html
                .contains("<figure id=\"fig-a\"><svg role=\"img\"><title>T</title></svg></figure>"),
            "{}",
            out.html
        );
        assert!(
            out.html
                .contains("<div class=\"table-scroll\" tabindex=\"0\""),
            "{}",
            out.html
        );
        assert!(
            out.html.contains("<th style=\"text-align: right\">a</th>"),
            "{}",
            out.html
        );
        assert!(!out.html.contains(PLACEHOLDERS), "{:?}", out.html);
        assert_eq!(out.notes.len(), 1);
        assert!(
            out.notes[0].html.contains("A <b>note</b>."),
            "{}",
            out.notes[0].html
        );
        assert!(
            out.notes[0].html.contains("class=\"note-back\""),
            "{}",
            out.notes[0].html
        );
    }

    /// Every attribute name of every tag in `html`, as a browser's tokenizer reads it.
    #[cfg(feature = "raw-html")]
    fn attribute_names(html: &str) -> Vec<String> {
        use html5ever::tokenizer::{
            BufferQueue, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
        };
        struct Names(std::cell::RefCell<Vec<String>>);
        impl TokenSink for Names {
            type Handle = ();
            fn process_token(&self, token: Token, _: u64) -> TokenSinkResult<()> {
                if let Token::TagToken(t) = token {
                    self.0
                        .borrow_mut()
                        .extend(t.attrs.iter().map(|a| a.name.local.to_string()));
                }
                TokenSinkResult::Continue
            }
        }
        let tokenizer = Tokenizer::new(Names(Default::default()), TokenizerOpts::default());
        let input = BufferQueue::default();
        input.push_back(html.into());
        let _ = tokenizer.feed(&input);
        tokenizer.end();
        tokenizer.sink.0.take()
    }

    #[cfg(feature = "raw-html")]
    #[test]
    fn a_placeholder_inside_an_authors_attribute_never_becomes_markup() {
        // An HTML block leaves an attribute open, so the note reference's placeholder and an
        // inline tag land inside its value: putting the reference's quotes back there would
        // end the attribute early.
        let body = "<div title=\"\n\nx[^n] <img src=x onerror=alert(1)>\n\n<div>\">\n\n[^n]: N.\n";
        let out = render(body, &[], true);
        // Broken out of, the attribute would leave names such as `note-ref"` behind.
        let names = attribute_names(&out.html);
        assert!(
            names
                .iter()
                .all(|n| !n.starts_with("on")
                    && n.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')),
            "{names:?} in {}",
            out.html
        );
        assert!(!out.html.contains(PLACEHOLDERS), "{:?}", out.html);
    }

    #[test]
    fn a_reference_inside_link_text_is_words_not_a_second_link() {
        let body = "[see @fig-a](https://example.org/) and @fig-a.\n";
        let mark = |range| ResolvedMark {
            range,
            block: false,
            resolution: Resolution::Reference {
                kind: crate::resolve::TargetKind::Figure,
                id: "fig-a".into(),
                number: 1,
            },
        };
        let out = render(body, &[mark(5..11), mark(39..45)], false);
        assert_eq!(
            out.html,
            "<p><a href=\"https://example.org/\">see Figure 1</a> and <a href=\"#fig-a\">Figure 1</a>.</p>\n"
        );
    }

    #[test]
    fn a_bare_address_is_marked_so_print_does_not_repeat_it() {
        let out = render(
            "See <https://x.org/a?b=1&c=2> and [the site](https://x.org/).\n",
            &[],
            false,
        );
        assert_eq!(
            out.html,
            "<p>See <a href=\"https://x.org/a?b=1&amp;c=2\" class=\"url\">https://x.org/a?b=1&amp;c=2</a> and <a href=\"https://x.org/\">the site</a>.</p>\n"
        );
        assert_eq!(
            render_snippet("<https://x.org/>", false, true),
            "<a href=\"https://x.org/\" class=\"url\">https://x.org/</a>"
        );
    }

    #[test]
    fn a_reference_inside_a_notes_link_is_words_too() {
        let body = "Text.[^n]\n\n[^n]: [see @fig-a](https://example.org/).\n";
        let mark = ResolvedMark {
            range: 22..28,
            block: false,
            resolution: Resolution::Reference {
                kind: crate::resolve::TargetKind::Figure,
                id: "fig-a".into(),
                number: 1,
            },
        };
        let out = render(body, &[mark], false);
        let note = &out.notes[0].html;
        assert!(
            note.contains("<a href=\"https://example.org/\">see Figure 1</a>"),
            "{note}"
        );
    }

    #[test]
    fn a_snippet_writes_its_references_and_citations_and_only_words_inside_a_link() {
        let text = "See @fig-a and [@doe] in *[the @fig-a link](https://x.org)*.";
        let at = |needle: &str, nth: usize| {
            let start = text.match_indices(needle).nth(nth).expect("found").0;
            start..start + needle.len()
        };
        let reference = Resolution::Reference {
            kind: crate::markdown::targets::TargetKind::Figure,
            id: "fig-a".into(),
            number: 2,
        };
        let marks = [
            ResolvedMark {
                range: at("@fig-a", 0),
                block: false,
                resolution: reference.clone(),
            },
            ResolvedMark {
                range: at("[@doe]", 0),
                block: false,
                resolution: Resolution::Citation { index: 0 },
            },
            ResolvedMark {
                range: at("@fig-a", 1),
                block: false,
                resolution: reference,
            },
        ];
        for allow in [false, true] {
            let html = render_snippet_with_marks(
                text,
                &marks,
                &mut |r| match r {
                    Resolution::Reference { number, .. } => {
                        format!("<a class=\"xref\" href=\"#fig-a\">Figure {number}</a>")
                    }
                    _ => "<span class=\"citation\"><a href=\"#bib-doe\">Doe 2020</a></span>".into(),
                },
                allow,
                true,
            );
            assert_eq!(
                html,
                "See <a class=\"xref\" href=\"#fig-a\">Figure 2</a> and <span class=\"citation\"><a href=\"#bib-doe\">Doe 2020</a></span> in <em><a href=\"https://x.org\">the Figure 2 link</a></em>.",
                "raw HTML allowed: {allow}"
            );
        }
    }

    #[test]
    fn snippets_have_the_chapter_safety_and_sit_inline() {
        assert_eq!(
            render_snippet("*Wind* & <b>co</b>", false, true),
            "<em>Wind</em> &amp; &lt;b&gt;co&lt;/b&gt;"
        );
        assert_eq!(
            render_snippet("<b onclick=\"x()\">co</b>", true, true),
            "<b>co</b>"
        );
        let html = render_snippet("[a](javascript:alert(1)) [b](https://e.org)", false, true);
        assert_eq!(html, "a <a href=\"https://e.org\">b</a>");
        let html = render_snippet("One.\n\nTwo.\n\n# Head {#x}\n\n[^1]\n", false, true);
        assert_eq!(html, "<p>One.</p>\n<p>Two.</p>\n<h4>Head</h4>\n<p>[^1]</p>");
        assert_eq!(render_snippet("One.", false, false), "<p>One.</p>\n");
    }

    #[test]
    fn tables_scroll_inside_their_wrapper() {
        let out = render("| a | b |\n|---|---|\n| 1 | 2 |\n", &[], false);
        assert!(out.html.starts_with("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table\"><table>"));
    }

    #[test]
    fn a_prefix_goes_before_relative_addresses_only() {
        let mut ids = PageIds::new();
        let mut counter = 0;
        let mut html_of = |_: &Resolution| String::new();
        let out = render_chapter(
            "[a](../2022/) [b](#x) [c](/abs) [d](https://x.org/a) ![e](img/p.png) [f](javascript:alert(1)) [g](data/x.csv?y#z)\n",
            &[],
            ChapterContext {
                slug: "c",
                allow_raw_html: false,
                ids: &mut ids,
                note_counter: &mut counter,
                mark_html: &mut html_of,
                locale: &crate::locale::Locale::english(),
                link_prefix: Some("../"),
            },
        );
        let html = out.html;
        for expected in [
            "href=\"../../2022/\"",
            "href=\"#x\"",
            "href=\"/abs\"",
            "href=\"https://x.org/a\"",
            "src=\"../img/p.png\"",
            "href=\"../data/x.csv?y#z\"",
        ] {
            assert!(html.contains(expected), "{expected} in {html}");
        }
        assert!(!html.contains("javascript"), "{html}");
        // With raw HTML the cleaner does it, for the Markdown's links and the HTML's alike,
        // once.
        let mut ids = PageIds::new();
        let out = render_chapter(
            "[a](../2022/) <a href=\"../x/\">b</a> <a href=\"#y\">c</a> <img src=\"img/p.png\" alt=\"p\">\n",
            &[],
            ChapterContext {
                slug: "c",
                allow_raw_html: true,
                ids: &mut ids,
                note_counter: &mut counter,
                mark_html: &mut html_of,
                locale: &crate::locale::Locale::english(),
                link_prefix: Some("../"),
            },
        );
        let html = out.html;
        if cfg!(feature = "raw-html") {
            for expected in [
                "href=\"../../2022/\"",
                "href=\"../../x/\"",
                "href=\"#y\"",
                "src=\"../img/p.png\"",
            ] {
                assert!(html.contains(expected), "{expected} in {html}");
            }
        }
    }
}
