//! The one policy for what a page may carry from an author: which link addresses are kept,
//! which heading attributes, and (when a site sets `allow_raw_html: true`) which raw HTML.
//!
//! Raw HTML is cleaned by an allowlist built on `ammonia` (which parses with html5ever, the
//! browser's own algorithm, so no tag shape is read differently from a browser): the elements
//! of report prose, a few attributes each, addresses only of the schemes in [`URL_SCHEMES`]
//! or relative ones. Script, styles, forms, frames, `<base>`, `<meta>`, `<link>`, SVG and
//! MathML, event handlers and `style` attributes never pass. `render` enforces the policy with
//! [`clean`]; `check` warns with [`findings`], which reads the same tables.

/// The schemes a link or image address may have; any address without a scheme (a page, a
/// file, an `#anchor`) is kept too.
pub const URL_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// The elements raw HTML may use: report prose, tables, figures, disclosure.
pub const TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Elements removed together with what they hold (the rest keep their text).
pub const REMOVED_WITH_CONTENT: &[&str] = &["script", "style"];

/// Attributes any allowed element may have.
pub const GENERIC_ATTRIBUTES: &[&str] = &["class", "dir", "lang", "title"];

/// Attributes particular elements may have.
pub const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang"]),
    ("blockquote", &["cite"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("data", &["value"]),
    ("del", &["cite", "datetime"]),
    ("details", &["open"]),
    ("img", &["alt", "height", "src", "width"]),
    ("ins", &["cite", "datetime"]),
    ("li", &["value"]),
    ("ol", &["reversed", "start", "type"]),
    ("q", &["cite"]),
    ("td", &["colspan", "headers", "rowspan", "style"]),
    (
        "th",
        &["abbr", "colspan", "headers", "rowspan", "scope", "style"],
    ),
    ("time", &["datetime"]),
];

#[cfg_attr(not(feature = "raw-html"), allow(dead_code))]
/// The attributes whose value is an address, checked against [`URL_SCHEMES`].
const URL_ATTRIBUTES: &[&str] = &["href", "src", "cite"];

#[cfg_attr(not(feature = "raw-html"), allow(dead_code))]
/// The only `style` kept: a table cell's alignment, as Markdown tables write it.
const CELL_ALIGNMENTS: [&str; 3] = [
    "text-align: left",
    "text-align: center",
    "text-align: right",
];

/// Characters the renderer uses as placeholders inside its own HTML; never let through in
/// an attribute, where a placeholder swapped for markup could end the attribute early.
pub const PLACEHOLDERS: [char; 4] = ['\u{E000}', '\u{E001}', '\u{E002}', '\u{E003}'];

/// Whether a link or image address is kept: no scheme (relative), or one of [`URL_SCHEMES`].
/// The scheme is read as a browser reads it (WHATWG URL): blanks and control characters
/// around the address, and tabs and line breaks inside it, do not count.
pub fn url_allowed(url: &str) -> bool {
    let url = url.trim_matches(|c: char| c <= ' ');
    let mut scheme = String::new();
    for c in url.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')) {
        match c {
            ':' => {
                return !scheme.is_empty()
                    && URL_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str());
            }
            c if c.is_ascii_alphabetic() => scheme.push(c),
            c if !scheme.is_empty() && (c.is_ascii_digit() || matches!(c, '+' | '-' | '.')) => {
                scheme.push(c)
            }
            // Anything else before a `:` (a `/`, `?`, `#`, a leading digit): no scheme.
            _ => return true,
        }
    }
    true
}

/// Whether `url` is a path relative to the page: not an anchor, an absolute path, or an
/// address with a scheme.
pub fn is_relative_path(url: &str) -> bool {
    let path_end = url.find(['/', '?', '#']).unwrap_or(url.len());
    !url.is_empty() && !url.starts_with(['#', '/']) && !url[..path_end].contains(':')
}

/// Whether an attribute written on a Markdown heading (`## Title {#id lang=fr}`) is kept:
/// the generic ones and `data-…`; the id and classes are handled apart.
pub fn heading_attribute_allowed(name: &str) -> bool {
    (GENERIC_ATTRIBUTES.contains(&name) && name != "class")
        || name.strip_prefix("data-").is_some_and(|rest| {
            !rest.is_empty()
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

#[cfg_attr(not(feature = "raw-html"), allow(dead_code))]
/// Whether `element` may carry `attribute` with `value`.
fn attribute_allowed(element: &str, attribute: &str, value: &str) -> bool {
    let listed = GENERIC_ATTRIBUTES.contains(&attribute)
        || TAG_ATTRIBUTES
            .iter()
            .any(|(tag, attrs)| *tag == element && attrs.contains(&attribute));
    listed
        && (attribute != "style" || CELL_ALIGNMENTS.contains(&value.trim()))
        && (!URL_ATTRIBUTES.contains(&attribute) || url_allowed(value))
}

/// What the policy removes from a piece of raw HTML, for `check`: the byte offset of the
/// tag in `html` and what is removed from it. Comments are removed without a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub offset: usize,
    pub message: String,
    /// A tag, comment or raw-text element left open at the end of the piece: cleaned with what
    /// follows, it would take the rest of the chapter into itself (an error, not a warning).
    pub swallows: bool,
}

/// What [`inspect`] finds in a piece of raw HTML: what the policy removes, and the addresses
/// its links and images lead to (each at the byte offset of its tag in the piece), which are
/// checked as the Markdown's are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inspected {
    pub findings: Vec<Finding>,
    pub addresses: Vec<(usize, String)>,
}

/// The attributes whose address a reader follows, by element: checked to lead somewhere.
#[cfg_attr(not(feature = "raw-html"), allow(dead_code))]
const FOLLOWED: &[(&str, &str)] = &[("a", "href"), ("img", "src")];

/// Elements whose content a browser reads as text up to their end tag: one left open takes
/// everything after it.
pub const RAW_TEXT_ELEMENTS: &[&str] = &[
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
];

#[cfg(feature = "raw-html")]
mod enforce {
    use super::*;
    use std::sync::OnceLock;

    fn builder() -> &'static ammonia::Builder<'static> {
        static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
        BUILDER.get_or_init(configured)
    }

    /// The policy as a cleaner, relative addresses passed through.
    fn configured() -> ammonia::Builder<'static> {
        {
            let mut b = ammonia::Builder::empty();
            b.tags(TAGS.iter().copied().collect())
                .clean_content_tags(REMOVED_WITH_CONTENT.iter().copied().collect())
                .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
                .tag_attributes(
                    TAG_ATTRIBUTES
                        .iter()
                        .map(|(tag, attrs)| (*tag, attrs.iter().copied().collect()))
                        .collect(),
                )
                .url_schemes(URL_SCHEMES.iter().copied().collect())
                .url_relative(ammonia::UrlRelative::PassThrough)
                .link_rel(None)
                .strip_comments(true)
                .attribute_filter(|element, attribute, value| {
                    if !attribute_allowed(element, attribute, value) {
                        return None;
                    }
                    Some(if value.contains(PLACEHOLDERS) {
                        value.replace(PLACEHOLDERS, "").into()
                    } else {
                        value.into()
                    })
                });
            b
        }
    }

    /// Puts its prefix before an address relative to the page.
    struct Prefixed(String);

    impl ammonia::UrlRelativeEvaluate<'static> for Prefixed {
        fn evaluate<'url>(&self, url: &'url str) -> Option<std::borrow::Cow<'url, str>> {
            Some(if is_relative_path(url) {
                format!("{}{url}", self.0).into()
            } else {
                url.into()
            })
        }
    }

    /// As [`clean`], with `prefix` put before every address relative to the page (not an
    /// anchor, nor an absolute path): the raw HTML of a chapter written for another page.
    pub fn clean_with_prefix(html: &str, prefix: Option<&str>) -> String {
        let Some(prefix) = prefix else {
            return clean(html);
        };
        let mut b = configured();
        b.url_relative(ammonia::UrlRelative::Custom(Box::new(Prefixed(
            prefix.to_string(),
        ))));
        clean_by(&b, html)
    }

    /// `html` with everything the policy does not allow removed, parsed and written again as
    /// a browser would read it.
    pub fn clean(html: &str) -> String {
        clean_by(builder(), html)
    }

    fn clean_by(cleaner: &ammonia::Builder<'_>, html: &str) -> String {
        // Parsing grows with the square of the nesting; check has already refused a chapter
        // this deep (`too-deep`), so it is never published: show it as text, at once.
        let mut depth = Nesting::default();
        if depth.html(html) > MAX_NESTING {
            return crate::core::escape::html(html);
        }
        cleaner.clean(html).to_string()
    }

    /// What [`clean`] would remove from `html`, tag by tag, read by html5ever's tokenizer, and
    /// what it leaves open. `inline` is one tag of a paragraph, whose raw-text element (a
    /// `<script>`) closes in a later tag: the caller follows those (see [`raw_text_tag`]).
    pub fn findings(html: &str, inline: bool) -> Vec<Finding> {
        inspect(html, inline).findings
    }

    /// [`findings`], with the addresses of the links and images the policy keeps.
    pub fn inspect(html: &str, inline: bool) -> Inspected {
        use html5ever::tokenizer::{
            BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
        };
        use std::cell::RefCell;

        /// Each start tag, in order: its line (where it ends) and name, with what the
        /// policy removes from it and the address it leads to.
        type Tag = (u64, String, Vec<String>, Option<String>);
        struct Sink {
            tags: RefCell<Vec<Tag>>,
            /// Raw-text elements open, by the index of their tag in `tags`.
            raw_open: RefCell<Vec<(usize, String)>>,
            /// The input ended inside a tag or a comment.
            eof_inside: std::cell::Cell<bool>,
        }
        impl TokenSink for Sink {
            type Handle = ();
            fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
                if let Token::ParseError(e) = &token
                    && (e.starts_with("Saw EOF") || e.as_ref() == "Unexpected EOF")
                {
                    self.eof_inside.set(true);
                }
                if let Token::TagToken(tag) = &token
                    && tag.kind == TagKind::EndTag
                {
                    let mut open = self.raw_open.borrow_mut();
                    if let Some(i) = open.iter().rposition(|(_, n)| *n == *tag.name) {
                        open.truncate(i);
                    }
                }
                if let Token::TagToken(tag) = token
                    && tag.kind == TagKind::StartTag
                {
                    let inside_raw_text = !self.raw_open.borrow().is_empty();
                    if RAW_TEXT_ELEMENTS.contains(&&*tag.name) && !tag.self_closing {
                        let index = self.tags.borrow().len();
                        self.raw_open
                            .borrow_mut()
                            .push((index, tag.name.to_string()));
                    }
                    let name = tag.name.to_string();
                    let mut removed = Vec::new();
                    let mut address = None;
                    // Inside a raw-text element (a `<script>`, a `<textarea>`) a tag is text:
                    // it leads nowhere.
                    let followed = !inside_raw_text;
                    if REMOVED_WITH_CONTENT.contains(&name.as_str()) {
                        removed.push(format!("`<{name}>` is removed with all it holds"));
                    } else if !TAGS.contains(&name.as_str()) {
                        removed.push(format!("`<{name}>` is removed (its text stays)"));
                    } else {
                        for a in &tag.attrs {
                            let attr = a.name.local.to_string();
                            if attribute_allowed(&name, &attr, &a.value) {
                                if followed && FOLLOWED.contains(&(name.as_str(), attr.as_str())) {
                                    address = Some(a.value.to_string());
                                }
                                continue;
                            }
                            let listed = GENERIC_ATTRIBUTES.contains(&attr.as_str())
                                || TAG_ATTRIBUTES
                                    .iter()
                                    .any(|(t, l)| *t == name && l.contains(&attr.as_str()));
                            removed.push(if listed && URL_ATTRIBUTES.contains(&attr.as_str()) {
                                format!(
                                    "the address in `{attr}` of `<{name}>` is removed: only {} and relative addresses are kept",
                                    URL_SCHEMES.join(", ")
                                )
                            } else {
                                format!("the attribute `{attr}` of `<{name}>` is removed")
                            });
                        }
                    }
                    self.tags.borrow_mut().push((line, name, removed, address));
                }
                TokenSinkResult::Continue
            }
        }

        let sink = Sink {
            tags: RefCell::new(Vec::new()),
            raw_open: RefCell::new(Vec::new()),
            eof_inside: std::cell::Cell::new(false),
        };
        let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
        let input = BufferQueue::default();
        input.push_back(html.into());
        let _ = tokenizer.feed(&input);
        tokenizer.end();
        let tags = tokenizer.sink.tags.take();
        let raw_open = tokenizer.sink.raw_open.take();
        let eof_inside = tokenizer.sink.eof_inside.get();
        // Where each tag starts: the next `<name` after the one before, and not past the end
        // of the line the tokenizer finished it on.
        let line_ends: Vec<usize> = html
            .match_indices('\n')
            .map(|(i, _)| i)
            .chain(std::iter::once(html.len()))
            .collect();
        let lower = html.to_ascii_lowercase();
        let mut cursor = 0;
        let mut found = Vec::new();
        let mut addresses = Vec::new();
        let mut starts = Vec::with_capacity(tags.len());
        for (line, name, removed, address) in tags {
            let end = line_ends
                .get((line as usize).saturating_sub(1))
                .copied()
                .unwrap_or(html.len());
            let at = next_start_tag(&lower, cursor, end, &name);
            let offset = at.map_or(cursor.min(html.len()), |(start, _)| start);
            if let Some((_, after)) = at {
                cursor = after;
            }
            starts.push((offset, name));
            addresses.extend(address.map(|a| (offset, a)));
            found.extend(removed.into_iter().map(|message| Finding {
                offset,
                message,
                swallows: false,
            }));
        }
        if let Some((index, name)) = raw_open.first().filter(|_| !inline)
            && let Some((offset, _)) = starts.get(*index)
        {
            found.push(Finding {
                offset: *offset,
                message: format!("`<{name}>` is never closed (no `</{name}>` in the same block): it would take the rest of the chapter into itself"),
                swallows: true,
            });
        }
        if eof_inside {
            // The open tag: the first `<` of a tag or comment after the last tag that ended.
            let from = starts.last().map_or(0, |(at, _)| at + 1);
            let offset = html[from..]
                .match_indices('<')
                .map(|(i, _)| from + i)
                .find(|&i| {
                    html[i + 1..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphabetic() || c == '!')
                })
                .unwrap_or(from);
            found.push(Finding {
                offset,
                message: "this tag or comment is not closed before its block ends (a quote or `>` missing?): it would take the rest of the chapter into itself".into(),
                swallows: true,
            });
        }
        found.sort_by_key(|f| f.offset);
        Inspected {
            findings: found,
            addresses,
        }
    }
}

/// Where the next start tag named `name` (lowercase) begins in `lower` (raw HTML, lowercased),
/// at or after `from` and at or before `limit`, and where it ends; read as a tokenizer reads
/// tags: never inside a comment, nor inside another tag (its quoted values included), and
/// `<ab` is not `<a`.
#[cfg_attr(not(feature = "raw-html"), allow(dead_code))]
fn next_start_tag(lower: &str, from: usize, limit: usize, name: &str) -> Option<(usize, usize)> {
    let bytes = lower.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        let lt = i + memchr::memchr(b'<', bytes.get(i..)?)?;
        if lt > limit {
            return None;
        }
        let rest = &lower[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            i = lt + 4 + comment_length(comment);
            continue;
        }
        let closing = rest[1..].starts_with('/');
        let bogus = rest.starts_with("<!")
            || rest.starts_with("<?")
            || closing && !rest[2..].starts_with(|c: char| c.is_ascii_alphabetic());
        if bogus {
            // A bogus comment, up to the next `>` (`</ x>` is one too).
            i = rest.find('>').map_or(bytes.len(), |j| lt + j + 1);
            continue;
        }
        let name_at = lt + 1 + usize::from(closing);
        let len = lower[name_at..]
            .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
            .unwrap_or(lower.len() - name_at);
        let starts_a_tag = lower[name_at..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic());
        if !starts_a_tag {
            // A `<` of the text.
            i = lt + 1;
            continue;
        }
        let end = tag_end(bytes, name_at + len);
        if !closing && &lower[name_at..name_at + len] == name {
            return Some((lt, end));
        }
        i = end;
    }
    None
}

/// How long a comment's text and end are, from just after its `<!--`: `<!-->` and `<!--->`
/// end at once, and `--!>` ends a comment as `-->` does.
#[cfg_attr(not(feature = "raw-html"), allow(dead_code))]
fn comment_length(text: &str) -> usize {
    if text.starts_with('>') {
        return 1;
    }
    if text.starts_with("->") {
        return 2;
    }
    let ends = [("-->", 3), ("--!>", 4)];
    ends.iter()
        .filter_map(|(end, len)| text.find(end).map(|at| at + len))
        .min()
        .unwrap_or(text.len())
}

/// Just past the `>` that ends the tag whose name ends at `from`, over quoted attribute
/// values (a `>` inside one does not end it); the end of the text when none does.
#[cfg_attr(not(feature = "raw-html"), allow(dead_code))]
fn tag_end(bytes: &[u8], from: usize) -> usize {
    /// Where in a tag the reading is.
    enum At {
        /// Between attributes, or in a name.
        Names,
        /// After an `=`: a value begins at the next character that is not a space.
        Equals,
        /// In a value without quotes, which ends at a space or the tag's end.
        Unquoted,
    }
    let mut at = At::Names;
    let mut i = from;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'>' {
            return i + 1;
        }
        at = match at {
            At::Names if c == b'=' => At::Equals,
            At::Names => At::Names,
            At::Equals if c == b'"' || c == b'\'' => {
                i = memchr::memchr(c, &bytes[i + 1..]).map_or(bytes.len(), |j| i + 1 + j);
                At::Names
            }
            At::Equals if c.is_ascii_whitespace() => At::Equals,
            At::Equals => At::Unquoted,
            At::Unquoted if c.is_ascii_whitespace() => At::Names,
            At::Unquoted => At::Unquoted,
        };
        i += 1;
    }
    bytes.len()
}

#[cfg(not(feature = "raw-html"))]
mod enforce {
    use super::*;

    /// Without the `raw-html` feature raw HTML is never allowed (load turns the setting
    /// off); should it get here, it is text.
    pub fn clean(html: &str) -> String {
        crate::core::escape::html(html)
    }

    pub fn clean_with_prefix(html: &str, _prefix: Option<&str>) -> String {
        crate::core::escape::html(html)
    }

    pub fn findings(_html: &str, _inline: bool) -> Vec<Finding> {
        Vec::new()
    }

    pub fn inspect(_html: &str, _inline: bool) -> Inspected {
        Inspected::default()
    }
}

pub use enforce::{clean, clean_with_prefix, findings, inspect};

/// For one inline tag: the raw-text element it opens (`Some((name, true))`) or closes
/// (`Some((name, false))`).
pub fn raw_text_tag(tag: &str) -> Option<(&'static str, bool)> {
    let rest = tag.strip_prefix('<')?;
    let (rest, opens) = match rest.strip_prefix('/') {
        Some(r) => (r, false),
        None => (rest, true),
    };
    let end = rest
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .unwrap_or(rest.len());
    let name = rest[..end].to_ascii_lowercase();
    let self_closing = tag.trim_end().ends_with("/>");
    RAW_TEXT_ELEMENTS
        .iter()
        .find(|e| **e == name)
        .filter(|_| !(opens && self_closing))
        .map(|e| (*e, opens))
}

/// How deep a drawing may nest its elements.
const MAX_SVG_DEPTH: usize = 256;

/// The depth of element nesting `text` reaches, when it passes `limit`: a start tag (`<` and
/// a letter) opens unless it ends in `/>`, an end tag closes; a tag is read to its `>` with
/// its quoted attribute values, and comments, CDATA and processing instructions are skipped
/// whole, so no text inside them can lower the count.
fn deeper_than(text: &str, limit: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let find = |from: usize, end: &[u8]| {
        bytes[from.min(bytes.len())..]
            .windows(end.len())
            .position(|w| w == end)
            .map_or(bytes.len(), |p| from + p + end.len())
    };
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        if rest.starts_with(b"<!--") {
            i = find(i, b"-->");
        } else if rest.starts_with(b"<![CDATA[") {
            i = find(i, b"]]>");
        } else if rest.starts_with(b"<?") {
            i = find(i, b"?>");
        } else if rest.starts_with(b"</") {
            depth = depth.saturating_sub(1);
            i = find(i, b">");
        } else if rest[0] == b'<'
            && rest
                .get(1)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
        {
            // To the tag's end, past quoted values.
            let mut j = i + 1;
            let mut quote = None;
            while j < bytes.len() {
                match (quote, bytes[j]) {
                    (None, q @ (b'"' | b'\'')) => quote = Some(q),
                    (Some(q), c) if c == q => quote = None,
                    (None, b'>') => break,
                    _ => {}
                }
                j += 1;
            }
            if bytes.get(j.wrapping_sub(1)) != Some(&b'/') {
                depth += 1;
                if depth > limit {
                    return Some(depth);
                }
            }
            i = j + 1;
        } else {
            i += 1;
        }
    }
    None
}

/// Why an author's SVG image could run script when its file is opened (it is published as a
/// file of the site, on the site's origin), or `None`: no `<script>` or `<foreignObject>`, no
/// `on…` attribute, no attribute holding a `javascript:` address (an `<animate>` can set one),
/// no link other than [`url_allowed`] or an embedded raster picture (`data:image/png`…).
pub fn svg_problem(text: &str) -> Option<String> {
    // Readers of XML (the parser here, the PDF's SVG renderer) descend element by element: a
    // drawing nested thousands deep would exhaust their stack. No drawing needs that many.
    if let Some(depth) = deeper_than(text, MAX_SVG_DEPTH) {
        return Some(format!(
            "it nests elements {depth} deep, more than the {MAX_SVG_DEPTH} a drawing may"
        ));
    }
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = match roxmltree::Document::parse_with_options(text, options) {
        Ok(d) => d,
        Err(e) => return Some(format!("it is not well-formed XML ({e})")),
    };
    let raster = |v: &str| {
        let v = v.trim_start().to_ascii_lowercase();
        [
            "data:image/png",
            "data:image/jpeg",
            "data:image/gif",
            "data:image/webp",
        ]
        .iter()
        .any(|p| v.starts_with(p))
    };
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        if name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("foreignObject") {
            return Some(format!("it holds a `<{name}>` element"));
        }
        for a in node.attributes() {
            let attr = a.name();
            let compact: String = a
                .value()
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            if attr.to_ascii_lowercase().starts_with("on") {
                return Some(format!("its `<{name}>` has an `{attr}` attribute"));
            }
            if compact.contains("javascript:") || compact.contains("vbscript:") {
                return Some(format!("its `<{name}>` has a script address in `{attr}`"));
            }
            if attr == "href" && !url_allowed(a.value()) && !raster(a.value()) {
                return Some(format!("its `<{name}>` links to `{}`", a.value()));
            }
        }
    }
    None
}

/// How deep a chapter with raw HTML may nest, Markdown containers and HTML elements together.
pub const MAX_NESTING: usize = 256;

/// The nesting reached so far: Markdown containers open, HTML elements open.
#[derive(Default)]
pub struct Nesting {
    pub markdown: usize,
    pub html: usize,
    /// The most HTML elements open at once so far.
    pub html_max: usize,
}

impl Nesting {
    /// Counts the elements a piece of raw HTML opens and closes (not void ones, nor `<x/>`).
    /// Returns the most elements open at once while reading it.
    pub fn html(&mut self, html: &str) -> usize {
        let mut peak = self.html;
        const VOID: [&str; 13] = [
            "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr",
        ];
        for (i, _) in html.match_indices('<') {
            let rest = &html[i + 1..];
            let (rest, closes) = match rest.strip_prefix('/') {
                Some(r) => (r, true),
                None => (rest, false),
            };
            let len = rest
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(rest.len());
            if len == 0 || !rest.as_bytes()[0].is_ascii_alphabetic() {
                continue;
            }
            let name = rest[..len].to_ascii_lowercase();
            if closes {
                self.html = self.html.saturating_sub(1);
            } else if !VOID.contains(&name.as_str())
                && !rest[len..].split('>').next().unwrap_or("").ends_with('/')
            {
                self.html += 1;
                self.html_max = self.html_max.max(self.html);
                peak = peak.max(self.html);
            }
        }
        peak
    }
}

/// Whether this almanac can clean raw HTML (it was built with the `raw-html` feature).
pub const RAW_HTML_AVAILABLE: bool = cfg!(feature = "raw-html");

#[cfg(test)]
mod tests {
    #[test]
    fn a_drawing_nested_too_deep_is_refused_before_it_is_read() {
        let deep = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\">{}{}</svg>",
            "<g>".repeat(15_000),
            "</g>".repeat(15_000)
        );
        assert!(super::svg_problem(&deep).expect("refused").contains("deep"));
        // Comments cannot hide the depth, and a shallow drawing passes.
        let hidden = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\">{}</svg>",
            "<g><!-- </g></g> -->".repeat(300)
        );
        assert!(super::svg_problem(&hidden).is_some());
        let quoted = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\">{}</svg>",
            "<g id=\"/>\">".repeat(300)
        );
        assert!(
            super::svg_problem(&quoted)
                .expect("refused")
                .contains("deep")
        );
        let fine = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\">{}{}</svg>",
            "<g>".repeat(50),
            "</g>".repeat(50)
        );
        assert_eq!(super::svg_problem(&fine), None);
    }

    use super::*;

    #[test]
    fn only_relative_addresses_and_the_listed_schemes_are_kept() {
        for ok in [
            "https://example.org/a",
            "HTTP://x",
            "mailto:a@b.org",
            "tel:+1",
            "../2021/index.html",
            "#box-a",
            "data/box-a.csv",
            "/x:y",
            "a/b:c",
            "?q=a:b",
            "1:2",
        ] {
            assert!(url_allowed(ok), "{ok} refused");
        }
        for bad in [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:x",
            "\u{1}javascript:x",
            "vbscript:x",
            "data:text/html,x",
            "data:image/svg+xml,x",
            "file:///etc/passwd",
            "ftp://x",
        ] {
            assert!(!url_allowed(bad), "{bad:?} kept");
        }
    }

    #[test]
    fn an_svg_that_could_run_script_is_found() {
        let ok = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><title>Map</title><a href=\"https://example.org\"><rect width=\"1\" height=\"1\"/></a><image xlink:href=\"data:image/png;base64,AAAA\"/><use href=\"#a\"/></svg>";
        assert_eq!(svg_problem(ok), None);
        for bad in [
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\" java\tscript:x\">x</a></svg>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:x=\"http://www.w3.org/1999/xlink\"><a x:href=\"javascript:x\">x</a></svg>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><animate attributeName=\"href\" values=\"https://a;javascript:alert(1)\"/></svg>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></foreignObject></svg>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"data:image/svg+xml,x\"/></svg>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"&#106;avascript:x\">x</a></svg>",
            "<svg><unclosed>",
        ] {
            assert!(svg_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn heading_attributes_are_the_generic_ones_and_data() {
        assert!(heading_attribute_allowed("lang"));
        assert!(heading_attribute_allowed("data-level"));
        assert!(!heading_attribute_allowed("onclick"));
        assert!(!heading_attribute_allowed("style"));
        assert!(!heading_attribute_allowed("href"));
        assert!(!heading_attribute_allowed("data-"));
        // Written as `{.name}`, and only once.
        assert!(!heading_attribute_allowed("class"));
    }

    #[cfg(feature = "raw-html")]
    #[test]
    fn the_shapes_a_hand_written_filter_misread_are_read_as_a_browser_does() {
        for (input, never) in [
            ("<script>alert(1)</script>", "alert"),
            ("</p \"><script>alert(1)</script>", "<script"),
            ("<a \"=x onclick=alert(1)>x</a>", "onclick"),
            ("<b \"onmouseover=alert(1)\">x</b>", "onmouseover"),
            (
                "<svg><animate attributeName=href values=\"javascript:alert(1)\"/></svg>",
                "javascript",
            ),
            ("<base href=\"https://evil.example/\">", "<base"),
            (
                "<meta http-equiv=refresh content=\"0;url=https://evil.example\">",
                "<meta",
            ),
            (
                "<link rel=stylesheet href=\"https://evil.example/x.css\">",
                "<link",
            ),
            ("<a href=\"jav&#x09;ascript:alert(1)\">x</a>", "href"),
            ("<a href=\"&#106;avascript:alert(1)\">x</a>", "href"),
            ("<img src=x onerror=alert(1)>", "onerror"),
            (
                "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
                "srcdoc",
            ),
            (
                "<p style=\"background:url(https://evil.example)\">x</p>",
                "style",
            ),
            (
                "<form action=\"https://evil.example\"><input></form>",
                "<form",
            ),
            (
                "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
                "javascript",
            ),
        ] {
            let out = clean(input);
            assert!(!out.contains(never), "{input} gave {out}");
        }
    }

    #[cfg(feature = "raw-html")]
    #[test]
    fn report_prose_passes() {
        let html = "<details open=\"\"><summary>More</summary><p>Text <abbr title=\"Gross domestic product\">GDP</abbr> x<sup>2</sup> H<sub>2</sub>O, <a href=\"https://example.org\">a link</a>.</p></details>";
        assert_eq!(clean(html), html);
        let cell = "<table><tbody><tr><td style=\"text-align: right\" colspan=\"2\">1</td></tr></tbody></table>";
        assert_eq!(clean(cell), cell);
    }

    #[cfg(feature = "raw-html")]
    #[test]
    fn a_placeholder_never_survives_in_an_attribute() {
        let out = clean("<span title=\"a\u{E002}0\u{E003}b\">\u{E002}1\u{E003}</span>");
        assert_eq!(out, "<span title=\"a0b\">\u{E002}1\u{E003}</span>");
    }

    #[cfg(feature = "raw-html")]
    #[test]
    fn a_piece_left_open_is_found_and_a_closed_one_is_not() {
        for open in [
            "<div class=\"note\" title=\"An unclosed quote>\nA note.\n</div>\n",
            "<div class=\"x\"\n",
            "<p>a <span title='x>b</span></p>",
            "<!-- a comment",
            "<textarea>x",
            "<script>x",
            "<p>x</p><style>",
        ] {
            let f = findings(open, false);
            assert!(f.iter().any(|f| f.swallows), "{open:?}: {f:?}");
        }
        for closed in [
            "<div class=\"note\" title=\"A quote\">\nA note.\n</div>\n",
            "<p>a &amp b &#</p>",
            "<p>x &",
            "<!-- c -->",
            "<textarea>x</textarea>",
            "<br/>",
            "<p>a < b</p>",
        ] {
            let f = findings(closed, false);
            assert!(!f.iter().any(|f| f.swallows), "{closed:?}: {f:?}");
        }
        let html = "<p>ok</p>\n<div title=\"x>";
        let f = findings(html, false);
        assert_eq!(f.last().map(|f| f.offset), Some(html.find("<div").unwrap()));
    }

    #[cfg(feature = "raw-html")]
    #[test]
    fn findings_name_what_is_removed_and_where() {
        let html =
            "<p>ok</p>\n<p onclick=\"x\">a</p><script>x</script>\n<a href=\"javascript:x\">y</a>";
        let f = findings(html, false);
        let messages: Vec<&str> = f.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "the attribute `onclick` of `<p>` is removed",
                "`<script>` is removed with all it holds",
                "the address in `href` of `<a>` is removed: only http, https, mailto, tel and relative addresses are kept",
            ]
        );
        assert_eq!(f[0].offset, html.find("<p onclick").unwrap());
        assert_eq!(f[2].offset, html.find("<a href").unwrap());
        assert!(findings("<p class=\"x\">Fine <em>text</em></p>", false).is_empty());
    }
}
