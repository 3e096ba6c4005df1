//! An edition laid out a page per chapter (`pages: chapters`): `<edition>/<slug>/index.html`
//! for each chapter, the edition's contents at `<edition>/index.html`, and the whole edition
//! on one page at `<edition>/one-page.html`.
//!
//! The chapters are rendered once, for the one-page view, where every id of the edition is on
//! the same page and every relative address is written for the edition's folder. A chapter's
//! page takes that HTML moved onto it ([`relink`]): a link to an id on another page goes to
//! that page ([`IdPlaces`] knows which page holds each id, read from the HTML itself), and
//! every relative address gets a `../`, the chapter's page being one folder down. So a
//! reference, a citation, a footnote, a box's downloads and the author's own links land where
//! they did on one page, whichever page they are written on.

use std::collections::HashMap;

/// The whole edition on one page, beside its contents page.
pub const ONE_PAGE: &str = "one-page.html";

/// A page of an edition laid out a page per chapter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// `index.html`: the contents, the reference list, the changes, how to cite.
    Contents,
    /// The page of the chapter of this index.
    Chapter(usize),
    /// `one-page.html`: every id of the edition.
    OnePage,
}

/// Where an id is: its page, and whether a link to it is a link to the page itself (a
/// chapter's own section, whose page starts with it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Place {
    page: Page,
    top: bool,
}

/// The page that holds each id of a split edition.
#[derive(Debug, Default)]
pub struct IdPlaces {
    /// By the id as it reads (its HTML escapes and percent-encoding undone).
    places: HashMap<String, Place>,
    /// The name of the edition's folder (`2023`, or `fr` for a translation), through which a
    /// link may name the edition's page (`../2023/index.html#id`).
    folder: String,
}

impl IdPlaces {
    /// The places of an edition whose folder is named `folder`.
    pub fn in_folder(folder: &str) -> Self {
        IdPlaces {
            places: HashMap::new(),
            folder: folder.to_string(),
        }
    }

    /// Whether `path` (decoded, before any `?` or `#`) names the edition's page.
    fn is_editions_page(&self, path: &str) -> bool {
        if matches!(path, "" | "." | "./" | "index.html" | "./index.html") {
            return true;
        }
        let folder = &self.folder;
        !folder.is_empty()
            && path.strip_prefix("../").is_some_and(|rest| {
                rest == folder.as_str()
                    || rest
                        .strip_prefix(folder.as_str())
                        .is_some_and(|r| matches!(r, "/" | "/index.html"))
            })
    }

    /// A chapter's own ids: its section's (a link to which is a link to its page) and its
    /// heading's.
    pub fn add_chapter(&mut self, index: usize, section_id: &str, title_id: &str) {
        let page = Page::Chapter(index);
        self.places
            .insert(section_id.to_string(), Place { page, top: true });
        self.places
            .entry(title_id.to_string())
            .or_insert(Place { page, top: false });
    }

    /// An id the page's template writes (a note's), on `page`.
    pub fn add(&mut self, id: &str, page: Page) {
        self.places
            .entry(id.to_string())
            .or_insert(Place { page, top: false });
    }

    /// The address of the id `id` (as it reads, not escaped) from `page`.
    pub fn link(&self, id: &str, page: Page, slugs: &[String]) -> String {
        self.address(id, page, slugs)
            .unwrap_or_else(|| format!("#{id}"))
    }

    /// Every id written in `html`, on `page` (an id already placed stays where it is).
    pub fn add_html(&mut self, html: &str, page: Page) {
        for (_, value) in attributes(html, &["id"]) {
            self.places
                .entry(decode(value))
                .or_insert(Place { page, top: false });
        }
    }

    /// The address of `#fragment` (as written in an attribute) from `page`: `None` when it
    /// is on that page, or on no page of the edition.
    fn address(&self, fragment: &str, page: Page, slugs: &[String]) -> Option<String> {
        match self.target(fragment, page, slugs) {
            Target::Elsewhere { page, top: true } => Some(page),
            Target::Elsewhere { page, top: false } => Some(format!("{page}#{fragment}")),
            Target::Here | Target::Unknown => None,
        }
    }

    /// Where `#fragment` leads from `page`.
    fn target(&self, fragment: &str, page: Page, slugs: &[String]) -> Target {
        if page == Page::OnePage {
            return Target::Here;
        }
        let Some(place) = self.places.get(&percent_decoded(&decode(fragment))) else {
            return Target::Unknown;
        };
        let to_page = match (page, place.page) {
            _ if place.page == page => return Target::Here,
            (Page::Contents, Page::Chapter(k)) => slugs.get(k).map(|s| format!("{s}/index.html")),
            (Page::Chapter(_), Page::Chapter(k)) => {
                slugs.get(k).map(|s| format!("../{s}/index.html"))
            }
            (Page::Chapter(_), Page::Contents) => Some("../index.html".to_string()),
            _ => None,
        };
        match to_page {
            Some(page) => Target::Elsewhere {
                page,
                top: place.top,
            },
            None => Target::Unknown,
        }
    }
}

/// Where a link to an id leads from a page.
enum Target {
    /// To this page.
    Here,
    /// To another page of the edition (at its top: the id is the chapter's own section).
    Elsewhere { page: String, top: bool },
    /// To no page of the edition (a broken anchor, reported where it is written).
    Unknown,
}

/// `html`, written for the one-page view, as it reads on `page`: each link to an id on
/// another page leads there, and on a chapter's page each relative address (`href`, `src`,
/// `cite`) starts one folder up. `slugs` are the chapters' slugs, in order.
///
/// Every attribute of the HTML almanac writes is double-quoted with its `"` escaped (the
/// theme's templates, the Markdown renderer and the raw-HTML cleaner all write it so), so an
/// attribute is found exactly where ` name="` is written.
pub fn relink(html: &str, page: Page, places: &IdPlaces, slugs: &[String]) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 32);
    let mut written = 0;
    for (start, value) in attributes(html, &["href", "src", "cite"]) {
        if let Some(new) = moved(value, page, places, slugs) {
            out.push_str(&html[written..start]);
            out.push_str(&new);
            written = start + value.len();
        }
    }
    out.push_str(&html[written..]);
    out
}

/// An address (as written in an attribute) of the one-page view, as `page` writes it; `None`
/// when it stays as it is.
fn moved(value: &str, page: Page, places: &IdPlaces, slugs: &[String]) -> Option<String> {
    // A browser strips the whitespace around an address; so does this.
    let trimmed = value.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c'));
    let (before, fragment) = match trimmed.split_once('#') {
        Some((before, fragment)) => (before, Some(fragment)),
        None => (trimmed, None),
    };
    let (path, query) = before.split_once('?').unwrap_or((before, ""));
    let query = if before.contains('?') {
        format!("?{query}")
    } else {
        String::new()
    };
    // A link to an id of the edition's page, however written: `#x`, `index.html#x`, `./#x`.
    if let Some(fragment) = fragment
        && places.is_editions_page(&decode(path))
    {
        match places.target(fragment, page, slugs) {
            Target::Here if trimmed == value && path.is_empty() => return None,
            Target::Here => return Some(format!("{query}#{fragment}")),
            Target::Elsewhere { page, top } => {
                let fragment = if top {
                    String::new()
                } else {
                    format!("#{fragment}")
                };
                return Some(format!("{page}{query}{fragment}"));
            }
            // Not an id of the edition: left to the rule for every other address.
            Target::Unknown if path.is_empty() => {
                return (trimmed != value).then(|| trimmed.to_string());
            }
            Target::Unknown => {}
        }
    }
    match page {
        Page::Chapter(_) if is_relative(&decode(trimmed)) => Some(format!("../{trimmed}")),
        _ => (trimmed != value).then(|| trimmed.to_string()),
    }
}

/// Each value of the attributes `names` in `html`, with the byte offset where it starts.
fn attributes<'h>(html: &'h str, names: &[&str]) -> Vec<(usize, &'h str)> {
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(eq) = html[at..].find("=\"").map(|i| at + i) {
        let value_start = eq + 2;
        let Some(len) = html[value_start..].find('"') else {
            break;
        };
        let name_start = html[..eq]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
            .map_or(0, |i| i + 1);
        let named = names.contains(&&html[name_start..eq]);
        // An attribute follows the element's name or another attribute, after a space.
        if named && name_start > 0 && bytes[name_start - 1].is_ascii_whitespace() {
            found.push((value_start, &html[value_start..value_start + len]));
        }
        at = value_start + len + 1;
    }
    found
}

/// An address that is relative to the page's folder: no scheme, no `/` at its start, not a
/// fragment.
fn is_relative(url: &str) -> bool {
    if url.starts_with(['/', '#', '\\']) {
        return false;
    }
    let scheme_end = url.find([':', '/', '?', '#']);
    let has_scheme = scheme_end.is_some_and(|i| {
        url.as_bytes()[i] == b':'
            && url[..i].starts_with(|c: char| c.is_ascii_alphabetic())
            && url[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    !has_scheme
}

/// `text` with its `%XX` escapes undone, as a browser reads a fragment (bytes that are no
/// UTF-8 become U+FFFD).
fn percent_decoded(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An attribute's value with its character references undone (`&amp;`, `&#x2F;`, `&#39;`).
fn decode(value: &str) -> String {
    if value.contains('&') {
        crate::core::escape::decode_html(value)
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slugs() -> Vec<String> {
        vec!["intro".to_string(), "trade".to_string()]
    }

    fn places() -> IdPlaces {
        let mut p = IdPlaces::default();
        p.add_chapter(0, "intro", "intro-title");
        p.add_chapter(1, "trade", "trade-title");
        p.add_html(
            r#"<p id="fn-1">x</p><figure id="box-a&amp;b">"#,
            Page::Chapter(0),
        );
        p.add_html(r#"<h3 id="exports">E</h3>"#, Page::Chapter(1));
        p.add_html(r#"<li id="bib-smith">S</li>"#, Page::Contents);
        p
    }

    #[test]
    fn links_to_ids_lead_to_the_page_that_holds_them() {
        let p = places();
        let html = r##"<a href="#fn-1">1</a> <a href="#exports">E</a> <a class="x" href="#bib-smith">S</a> <a href="#trade">T</a> <a href="#box-a&amp;b">B</a> <a href="#nowhere">N</a>"##;
        assert_eq!(
            relink(html, Page::Chapter(0), &p, &slugs()),
            r##"<a href="#fn-1">1</a> <a href="../trade/index.html#exports">E</a> <a class="x" href="../index.html#bib-smith">S</a> <a href="../trade/index.html">T</a> <a href="#box-a&amp;b">B</a> <a href="#nowhere">N</a>"##
        );
        assert_eq!(
            relink(html, Page::Contents, &p, &slugs()),
            r##"<a href="intro/index.html#fn-1">1</a> <a href="trade/index.html#exports">E</a> <a class="x" href="#bib-smith">S</a> <a href="trade/index.html">T</a> <a href="intro/index.html#box-a&amp;b">B</a> <a href="#nowhere">N</a>"##
        );
    }

    #[test]
    fn relative_addresses_move_one_folder_up_on_a_chapter_page() {
        let p = places();
        let html = r#"<a href="data&#x2F;box-a.csv">CSV</a><img src="img/map.png" alt=""><a href="https:&#x2F;&#x2F;example.org/a">W</a><a href="&#x2F;abs">A</a><a href="mailto:a@b.c">M</a><a href="../2021/index.html">O</a><blockquote cite="notes.html"></blockquote>"#;
        assert_eq!(
            relink(html, Page::Chapter(1), &p, &slugs()),
            r#"<a href="../data&#x2F;box-a.csv">CSV</a><img src="../img/map.png" alt=""><a href="https:&#x2F;&#x2F;example.org/a">W</a><a href="&#x2F;abs">A</a><a href="mailto:a@b.c">M</a><a href="../../2021/index.html">O</a><blockquote cite="../notes.html"></blockquote>"#
        );
        // The contents page is the edition's folder itself.
        assert_eq!(relink(html, Page::Contents, &p, &slugs()), html);
    }

    #[test]
    fn a_link_to_the_editions_page_and_an_id_is_a_link_to_the_id() {
        let p = places();
        let html = r##"<a href="index.html#exports">1</a><a href="./#exports">2</a><a href="?x=1#exports">3</a><a href="  #exports  ">4</a><a href="index.html#fn-1">5</a><a href="index.html">6</a><a href="  data/x.csv ">7</a>"##;
        assert_eq!(
            relink(html, Page::Chapter(0), &p, &slugs()),
            r##"<a href="../trade/index.html#exports">1</a><a href="../trade/index.html#exports">2</a><a href="../trade/index.html?x=1#exports">3</a><a href="../trade/index.html#exports">4</a><a href="#fn-1">5</a><a href="../index.html">6</a><a href="../data/x.csv">7</a>"##
        );
        assert_eq!(
            relink(html, Page::OnePage, &p, &slugs()),
            r##"<a href="#exports">1</a><a href="#exports">2</a><a href="?x=1#exports">3</a><a href="#exports">4</a><a href="#fn-1">5</a><a href="index.html">6</a><a href="data/x.csv">7</a>"##
        );
        assert_eq!(
            relink(html, Page::Contents, &p, &slugs()),
            r##"<a href="trade/index.html#exports">1</a><a href="trade/index.html#exports">2</a><a href="trade/index.html?x=1#exports">3</a><a href="trade/index.html#exports">4</a><a href="intro/index.html#fn-1">5</a><a href="index.html">6</a><a href="data/x.csv">7</a>"##
        );
    }

    #[test]
    fn the_editions_page_through_its_folder_and_encoded_fragments() {
        let mut p = IdPlaces::in_folder("2023");
        p.add_chapter(0, "intro", "intro-title");
        p.add_chapter(1, "trade", "trade-title");
        p.add_html(r#"<h3 id="exports">E</h3>"#, Page::Chapter(1));
        let html = r##"<a href="../2023/index.html#exports">1</a><a href="../2023/#exports">2</a><a href="#ex%70orts">3</a><a href="../2022/index.html#exports">4</a>"##;
        assert_eq!(
            relink(html, Page::Chapter(0), &p, &slugs()),
            r##"<a href="../trade/index.html#exports">1</a><a href="../trade/index.html#exports">2</a><a href="../trade/index.html#ex%70orts">3</a><a href="../../2022/index.html#exports">4</a>"##
        );
        assert_eq!(percent_decoded("a%2Db%zz%E4%B8%AD"), "a-b%zz中");
    }

    #[test]
    fn only_attributes_are_read_never_text_or_other_attributes() {
        let p = places();
        // Text and other attributes escape `"`: they never hold ` href="`.
        let html = r##"<p data-href="x.html" title="a &quot;href=&quot;#exports">href="#exports" <a xlink:href="y.html">y</a></p>"##;
        assert_eq!(relink(html, Page::Chapter(0), &p, &slugs()), html);
    }

    #[test]
    fn schemes_and_paths_are_told_apart() {
        for relative in ["a.html", "data/x.csv", "../x", "./x", "a/b:c", "?q=1", ""] {
            assert!(is_relative(relative), "{relative}");
        }
        for absolute in [
            "https://a",
            "mailto:x",
            "/x",
            "//host/x",
            "#x",
            "tel:+1",
            "x:y/z",
        ] {
            assert!(!is_relative(absolute), "{absolute}");
        }
        assert_eq!(
            decode("a&amp;b&#x2F;c&#39;d&lt;&bogus;&"),
            "a&b/c'd<&bogus;&"
        );
    }
}
