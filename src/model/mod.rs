//! The typed model of a project, as the load stage reads it. Nothing here is rendered.

pub mod bibliography;
pub mod boxes;
pub mod charts;
pub mod diagrams;
pub mod image;
pub mod indicators;
pub mod text;
pub mod value;

use crate::core::source::SourceFile;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::PathBuf;

pub use crate::core::decimal::Decimal;
pub use boxes::BoxSpec;
pub use charts::ChartSpec;
pub use indicators::{Indicator, IndicatorsFile};

/// A whole project: `content/site.yaml`, its reports, and the project's own templates.
#[derive(Debug)]
pub struct Project {
    /// The project folder, as given (used to read, never written into the output).
    pub root: PathBuf,
    pub site_file: SourceFile,
    /// The site's settings; the defaults when `site.yaml` is in error (see `site_in_error`).
    pub site: Site,
    /// `site.yaml` could not be read: its own errors are reported, and the rest of the project
    /// is still loaded and checked with the default settings, so one run shows every problem.
    pub site_in_error: bool,
    pub reports: Vec<Report>,
    /// Files of the project's `templates/` folder that override the embedded theme.
    pub theme_overrides: Vec<ThemeFile>,
    /// The citation style (`citation_style` in site.yaml), read when a report has a
    /// bibliography; `None` otherwise, or when the name is in error (reported).
    pub citation_style: Option<crate::cite::Style>,
}

/// A file of the theme: a template (`*.html`) or an asset (`assets/…`), by its path relative
/// to `templates/`.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// `content/site.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub title: String,
    /// The language of every page (a BCP 47 tag: `en`, `fr`, `pt-BR`, `zh-Hans`): almanac's
    /// own words, numbers and dates; a report or an edition may give its own.
    #[serde(default = "default_language")]
    pub language: String,
    /// The project's own wording of almanac's words, by label key (see `docs/languages.md`).
    #[serde(default)]
    pub labels: crate::locale::Overrides,
    #[serde(default, deserialize_with = "non_blank")]
    pub description: Option<String>,
    /// The address the site is published at; pages link relatively, so it is only used for
    /// the canonical link.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Let raw HTML in the narrative through (off by default: it is escaped, with a warning).
    #[serde(default)]
    pub allow_raw_html: bool,
    /// Typeset every edition as a PDF too (`pdf: false` builds the site alone).
    #[serde(default = "yes")]
    pub pdf: bool,
    /// A search page, and every edition's text indexed for it by `build` (`search: true`).
    /// Off unless asked for: the index costs a large site several times its build's time
    /// and memory.
    #[serde(default)]
    pub search: bool,
    /// Chapter slugs that every report's editions must have.
    #[serde(default)]
    pub outline: Vec<String>,
    /// How an edition is laid out in pages: `single` (one page, the default) or `chapters`
    /// (a page per chapter, a contents page, and the whole edition on one page besides); a
    /// report or an edition may give its own.
    #[serde(default)]
    pub pages: Option<PageLayout>,
    /// Shown in the footer after a `©` (plain text); a report's own overrides it.
    #[serde(default, deserialize_with = "non_blank")]
    pub copyright: Option<String>,
    /// The name of the licence the content is published under (`CC BY 4.0`), in the footer.
    #[serde(default, deserialize_with = "non_blank")]
    pub license: Option<String>,
    /// The licence's text on the web: an absolute http(s) address (checked at load; one in
    /// error is dropped, so no page links to it).
    #[serde(default)]
    pub license_url: Option<String>,
    /// The CSL style of citations and reference lists: a name of a built-in style (`apa`,
    /// `ieee`, …); `chicago-author-date` when absent.
    #[serde(default)]
    pub citation_style: Option<String>,
}

/// What the footer of a page says of its rights: `copyright` (shown after a `©`), and the
/// licence's name and address. The site's, or a report's own on its pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rights<'a> {
    pub copyright: Option<&'a str>,
    pub license: Option<&'a str>,
    pub license_url: Option<&'a str>,
}

impl Site {
    /// The site's rights, for every page but a report's that gives its own.
    pub fn rights(&self) -> Rights<'_> {
        Rights {
            copyright: self.copyright.as_deref(),
            license: self.license.as_deref(),
            license_url: self.license_url.as_deref(),
        }
    }
}

impl ReportMeta {
    /// The rights on this report's pages: its own `copyright` over the site's, and its own
    /// licence (name and address together, so a report's licence never links to the site's
    /// licence text) over the site's.
    pub fn rights<'a>(&'a self, site: &'a Site) -> Rights<'a> {
        let own_license = self.license.is_some() || self.license_url.is_some();
        Rights {
            copyright: self.copyright.as_deref().or(site.copyright.as_deref()),
            license: if own_license {
                self.license.as_deref()
            } else {
                site.license.as_deref()
            },
            license_url: if own_license {
                self.license_url.as_deref()
            } else {
                site.license_url.as_deref()
            },
        }
    }
}

/// The language an edition is written in: its own `language`, else its report's, else the
/// site's.
pub fn language_of<'a>(
    site: &'a Site,
    report: &'a ReportMeta,
    edition: &'a EditionMeta,
) -> &'a str {
    edition
        .language
        .as_deref()
        .or(report.language.as_deref())
        .unwrap_or(&site.language)
}

/// How an edition is laid out in pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageLayout {
    /// The whole edition on one page (`<report>/<year>/index.html`).
    #[default]
    Single,
    /// A page per chapter (`<report>/<year>/<slug>/index.html`), the edition's contents at
    /// `index.html`, and the whole edition on one page at `one-page.html`.
    Chapters,
}

/// The page layout of an edition: its own, else its report's, else the site's, else one page.
pub fn page_layout(site: &Site, report: &ReportMeta, edition: &EditionMeta) -> PageLayout {
    edition
        .pages
        .or(report.pages)
        .or(site.pages)
        .unwrap_or_default()
}

fn default_language() -> String {
    "en".to_string()
}

impl Default for Site {
    /// What a site without settings gets: the serde defaults, and no title.
    fn default() -> Self {
        Site {
            title: String::new(),
            language: default_language(),
            labels: Default::default(),
            description: None,
            base_url: None,
            allow_raw_html: false,
            pdf: true,
            search: false,
            outline: Vec::new(),
            pages: None,
            copyright: None,
            license: None,
            license_url: None,
            citation_style: None,
        }
    }
}

/// `content/<report>/report.yaml` and its editions.
#[derive(Debug)]
pub struct Report {
    /// The folder name, used in addresses.
    pub slug: String,
    pub file: SourceFile,
    /// The defaults when `report.yaml` is in error (its own errors are reported).
    pub meta: ReportMeta,
    pub meta_in_error: bool,
    /// Oldest first.
    pub editions: Vec<Edition>,
    /// The years of every edition folder, loaded or not (one in error has its own
    /// diagnostics), oldest first.
    pub edition_folders: Vec<u16>,
    /// The works its editions cite, when it has a bibliography that could be read.
    pub bibliography: Option<bibliography::Bibliography>,
    /// Its bibliography has errors (reported): its citations are not checked against it.
    pub bibliography_in_error: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportMeta {
    #[serde(deserialize_with = "crate::model::text::one")]
    pub name: String,
    #[serde(default)]
    pub iso: Option<String>,
    #[serde(deserialize_with = "crate::model::text::one")]
    pub title: String,
    /// The language of this report's pages and PDFs, over the site's.
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default, deserialize_with = "non_blank_text")]
    pub summary: Option<String>,
    /// The footer's copyright on this report's pages, over the site's.
    #[serde(default, deserialize_with = "non_blank")]
    pub copyright: Option<String>,
    /// The licence of this report's pages, over the site's (with `license_url`).
    #[serde(default, deserialize_with = "non_blank")]
    pub license: Option<String>,
    #[serde(default)]
    pub license_url: Option<String>,
    /// The page layout of this report's editions, over the site's.
    #[serde(default)]
    pub pages: Option<PageLayout>,
}

/// `content/<report>/<year>/`: one edition.
#[derive(Debug)]
pub struct Edition {
    pub year: u16,
    /// The edition folder relative to the project root, `content/<report>/<year>`.
    pub dir: String,
    pub file: SourceFile,
    /// The defaults when `edition.yaml` is in error (its own errors are reported).
    pub meta: EditionMeta,
    pub meta_in_error: bool,
    /// In file-name order.
    pub chapters: Vec<Chapter>,
    /// The chapter files that could not be read (their errors are reported): what they
    /// embedded cannot be told unembedded or unused.
    pub unreadable_chapters: Vec<String>,
    pub data: EditionData,
    /// The edition in the other languages of its `translations:`, in that order: each an
    /// edition of the same year and data, its text read in its language (`model::text`).
    pub translations: Vec<Edition>,
    /// Set on a translation: its language.
    pub translation: Option<Translation>,
    /// report.yaml read in the edition's language, when that is not its report's and the
    /// report's text is written in it (a translation's always is read so).
    pub report: Option<ReportMeta>,
}

/// What a translation of an edition has of its own.
#[derive(Debug)]
pub struct Translation {
    /// The language's tag in its canonical form (the edition's `language` too).
    pub language: String,
}

impl Edition {
    /// The language of this edition when it is a translation.
    pub fn translated_into(&self) -> Option<&str> {
        self.translation.as_ref().map(|t| t.language.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Published,
    Draft,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditionMeta {
    #[serde(deserialize_with = "crate::model::text::one")]
    pub title: String,
    /// A sentence or two on this edition, for its page's metadata and the feed; the report's
    /// `summary` (then the site's `description`) stands in for it.
    #[serde(default, deserialize_with = "non_blank_text")]
    pub description: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub date: Option<String>,
    /// The `date` was written but is no day of the calendar (reported, and dropped).
    #[serde(skip)]
    pub date_in_error: bool,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub status: Status,
    /// The year of the edition this one continues.
    #[serde(default)]
    pub previous: Option<u16>,
    /// The language of this edition's page and PDF, over its report's and the site's.
    #[serde(default)]
    pub language: Option<String>,
    /// The other languages this edition is published in (tags): each a translation from the
    /// same data, with its own chapters (`NN-slug.<tag>.md`) and its text taken from text
    /// fields written in several languages.
    #[serde(default)]
    pub translations: Vec<String>,
    /// The page layout of this edition (and its translations), over its report's and the
    /// site's.
    #[serde(default)]
    pub pages: Option<PageLayout>,
}

fn yes() -> bool {
    true
}

/// Optional text where blank text is no text: `description: ""` leaves the fallback in place
/// rather than an empty sentence, and `copyright: " "` shows no lone `©`.
fn non_blank<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let text: Option<String> = Option::deserialize(d)?;
    Ok(text.filter(|t| !t.trim().is_empty()))
}

/// As [`non_blank`], for text that may be written in several languages (`model::text`).
fn non_blank_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let text = text::optional(d)?;
    Ok(text.filter(|t| !t.trim().is_empty()))
}

/// Why `text` is not a publication date: a real day of the calendar written `YYYY-MM-DD`,
/// the form a `<time datetime>` takes (years 1000 to 9999). `None` when it is one.
pub fn date_problem(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || !digits(0..4)
        || !digits(5..7)
        || !digits(8..10)
    {
        return Some(format!("`{text}` is not a date written YYYY-MM-DD"));
    }
    let number = |r: std::ops::Range<usize>| text[r].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    if year < 1000 {
        return Some(format!("the year {year} is before 1000"));
    }
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let Some(name) = month.checked_sub(1).and_then(|m| MONTHS.get(m as usize)) else {
        return Some(format!("there is no month {month:02}"));
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day == 0 || day > days {
        return Some(format!(
            "{name} {year} has no day {day:02} (it has {days} days)"
        ));
    }
    None
}

/// Why `url` cannot be the address a site is published at: an absolute `http://` or
/// `https://` address with a host, and nothing a page's address cannot end in (no query,
/// fragment or credentials). `None` when it can be.
pub fn base_url_problem(url: &str) -> Option<String> {
    address_problem(url, true)
}

/// Why `url` cannot be the address of a licence's text, which a page links to: an absolute
/// `http://` or `https://` address with a host, without credentials (a query or a fragment
/// may follow). `None` when it can be.
pub fn license_url_problem(url: &str) -> Option<String> {
    address_problem(url, false)
}

/// An absolute http(s) address; with `site`, one that a page's path can follow (no query or
/// fragment).
fn address_problem(url: &str, site: bool) -> Option<String> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Some(format!(
            "`{url}` is not an absolute address: it needs `https://` (or `http://`) and a host"
        ));
    };
    if !(scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http")) {
        return Some(format!("`{url}` is not an http or https address"));
    }
    if let Some(c) = url.chars().find(|c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}')
    }) {
        return Some(format!(
            "{} cannot stand in an address (write it percent-encoded)",
            match c {
                ' ' => "a space".to_string(),
                c if c.is_whitespace() || c.is_control() =>
                    format!("the character U+{:04X}", u32::from(c)),
                c => format!("`{c}`"),
            }
        ));
    }
    if site && url.contains(['?', '#']) {
        return Some(
            "the site's address cannot have a query (`?…`) or a fragment (`#…`): each page's address is made by adding its path".into(),
        );
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    if authority.contains('@') {
        return Some(format!(
            "{} cannot carry a user name or password (`…@`)",
            if site {
                "the site's address"
            } else {
                "the address"
            }
        ));
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, _)) if !h.ends_with(']') && h.contains(':') => (authority, None),
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    let ipv6 = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .is_some_and(|h| {
            h.contains(':')
                && h.chars()
                    .all(|c| c.is_ascii_hexdigit() || matches!(c, ':' | '.'))
        });
    let host_ok = !host.is_empty()
        && (ipv6
            || host.split('.').all(|label| {
                !label.is_empty()
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            }));
    if !host_ok {
        return Some(if host.is_empty() {
            format!("`{url}` has no host")
        } else {
            format!("`{host}` is not a host name")
        });
    }
    if let Some(port) = port
        && !port.parse::<u16>().is_ok_and(|p| p > 0)
    {
        return Some(format!("the port `{port}` is not a number from 1 to 65535"));
    }
    if url
        .split('%')
        .skip(1)
        .any(|after| after.len() < 2 || !after.as_bytes()[..2].iter().all(u8::is_ascii_hexdigit))
    {
        return Some("a `%` in an address starts an escape such as `%20`".into());
    }
    None
}

/// One `NN-slug.md` file (or its translation, `NN-slug.<tag>.md`).
#[derive(Debug, Clone)]
pub struct Chapter {
    pub file: SourceFile,
    /// The `slug` part of the file name, used for the chapter's anchor.
    pub slug: String,
    pub front: FrontMatter,
    /// Byte offset of the Markdown body (after the front matter) in `file.text`.
    pub body_offset: usize,
    /// Set in a translation on a chapter not translated yet: the original's chapter, shown
    /// in the original's language (this tag).
    pub language: Option<String>,
}

impl Chapter {
    pub fn body(&self) -> &str {
        &self.file.text[self.body_offset..]
    }

    /// The title to show: the front matter's, or one made from the slug.
    pub fn title(&self) -> String {
        match &self.front.title {
            Some(t) => t.clone(),
            None => {
                let words = self.slug.replace('-', " ");
                let mut c = words.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            }
        }
    }
}

/// The YAML block at the very top of a chapter.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    #[serde(default)]
    pub title: Option<String>,
}

/// A data object with the file it came from, so later stages can point into it.
#[derive(Debug)]
pub struct DataFile<T> {
    pub file: SourceFile,
    pub spec: T,
}

/// The `data/` folder of an edition.
#[derive(Debug, Default)]
pub struct EditionData {
    pub boxes: Vec<DataFile<BoxSpec>>,
    pub charts: Vec<DataFile<ChartSpec>>,
    /// `data/indicators.yaml`, when there is one.
    pub indicators: Option<DataFile<IndicatorsFile>>,
    /// The names (without `.yaml`) of the data files that exist but could not be loaded: their
    /// own errors are reported, and what refers to them is not reported again as unknown.
    pub unreadable: Vec<String>,
    /// What was found at each figure's `image` path (as written), read by the load stage.
    pub images: HashMap<String, image::ImageFile>,
    /// Where each id is in the lists above, once [`EditionData::index`] has run (the load
    /// stage's last step; nothing changes the lists after it). Until then lookups scan.
    ids: Option<IdIndex>,
}

/// Each id's place in its list (the first, where two files give the same id).
#[derive(Debug, Default)]
struct IdIndex {
    boxes: HashMap<String, usize>,
    charts: HashMap<String, usize>,
    indicators: HashMap<String, usize>,
    unreadable: std::collections::HashSet<String>,
}

impl EditionData {
    /// Indexes the ids, so that every lookup takes the same time however many files an
    /// edition has. Called by the load stage once the lists are complete.
    pub fn index(&mut self) {
        fn places<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<String, usize> {
            let mut map = HashMap::new();
            for (i, id) in ids.enumerate() {
                map.entry(id.to_string()).or_insert(i);
            }
            map
        }
        self.ids = Some(IdIndex {
            boxes: places(self.boxes.iter().map(|b| b.spec.id.as_str())),
            charts: places(self.charts.iter().map(|c| c.spec.id.as_str())),
            indicators: places(
                self.indicators
                    .iter()
                    .flat_map(|f| f.spec.indicators.iter().map(|i| i.id.as_str())),
            ),
            unreadable: self.unreadable.iter().cloned().collect(),
        });
    }

    /// Whether `id` (`box-…`, `fig-…`, or `indicators`) is a data file that failed to load.
    pub fn is_unreadable(&self, id: &str) -> bool {
        match &self.ids {
            Some(ids) => ids.unreadable.contains(id),
            None => self.unreadable.iter().any(|u| u == id),
        }
    }

    pub fn find_box(&self, id: &str) -> Option<&DataFile<BoxSpec>> {
        match &self.ids {
            Some(ids) => self.boxes.get(*ids.boxes.get(id)?),
            None => self.boxes.iter().find(|b| b.spec.id == id),
        }
    }

    pub fn find_indicator(&self, id: &str) -> Option<&Indicator> {
        let list = &self.indicators.as_ref()?.spec.indicators;
        match &self.ids {
            Some(ids) => list.get(*ids.indicators.get(id)?),
            None => list.iter().find(|i| i.id == id),
        }
    }

    pub fn indicator_ids(&self) -> Vec<&str> {
        self.indicators
            .iter()
            .flat_map(|f| f.spec.indicators.iter().map(|i| i.id.as_str()))
            .collect()
    }

    pub fn find_chart(&self, id: &str) -> Option<&DataFile<ChartSpec>> {
        match &self.ids {
            Some(ids) => self.charts.get(*ids.charts.get(id)?),
            None => self.charts.iter().find(|c| c.spec.id == id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{
        BoxSpec, DataFile, EditionData, base_url_problem, date_problem, license_url_problem,
    };
    use crate::core::source::SourceFile;

    #[test]
    fn the_id_index_finds_what_the_scan_finds() {
        let spec = |id: &str| -> BoxSpec {
            serde_yaml::from_str(&format!("id: {id}\ntitle: T\ncolumns: []\n")).expect("spec")
        };
        let file = |n: &str| SourceFile::new(format!("content/r/2022/data/{n}"), "");
        let mut data = EditionData::default();
        for (name, id) in [
            ("box-a.yaml", "box-a"),
            ("box-b.yaml", "box-b"),
            ("box-a.yml", "box-a"),
        ] {
            data.boxes.push(DataFile {
                file: file(name),
                spec: spec(id),
            });
        }
        data.unreadable.push("fig-x".into());
        let before: Vec<_> = ["box-a", "box-b", "box-c"]
            .iter()
            .map(|id| data.find_box(id).map(|b| b.file.path.clone()))
            .collect();
        data.index();
        let after: Vec<_> = ["box-a", "box-b", "box-c"]
            .iter()
            .map(|id| data.find_box(id).map(|b| b.file.path.clone()))
            .collect();
        assert_eq!(before, after);
        // The first file of an id wins, as a scan finds it.
        assert_eq!(after[0].as_deref(), Some("content/r/2022/data/box-a.yaml"));
        assert_eq!(after[2], None);
        assert!(data.is_unreadable("fig-x") && !data.is_unreadable("box-a"));
        assert!(data.find_chart("box-a").is_none() && data.find_indicator("x").is_none());
    }

    #[test]
    fn a_base_url_is_an_absolute_http_address() {
        for ok in [
            "https://example.org/reports/",
            "https://example.org/reports",
            "http://example.org",
            "HTTPS://Example.org:8443/a/b/",
            "https://[2001:db8::1]:8080/",
            "https://bücher.example/%C3%A9t%C3%A9/",
        ] {
            assert_eq!(base_url_problem(ok), None, "{ok}");
        }
        for (bad, why) in [
            ("/", "is not an absolute address"),
            ("example.org/reports/", "is not an absolute address"),
            ("//example.org/", "is not an absolute address"),
            ("ftp://example.org/", "is not an http or https address"),
            (
                "javascript://example.org/%0Aalert(1)",
                "is not an http or https address",
            ),
            ("https:///reports/", "has no host"),
            ("https://exa mple.org/", "a space cannot stand"),
            ("https://example.org/\"x", "`\"` cannot stand"),
            ("https://example.org/?page=1", "a query"),
            ("https://example.org/#top", "a fragment"),
            ("https://user:pw@example.org/", "a user name or password"),
            ("https://example.org:99999/", "the port `99999`"),
            ("https://example..org/", "is not a host name"),
            ("https://-example.org/", "is not a host name"),
            ("https://[zz]/", "is not a host name"),
            ("https://2001:db8::1/", "is not a host name"),
            ("https://example.org/100%/", "starts an escape"),
        ] {
            let got = base_url_problem(bad).unwrap_or_default();
            assert!(got.contains(why), "{bad}: {got}");
        }
    }

    #[test]
    fn a_license_url_is_an_absolute_http_address_that_may_have_a_fragment() {
        for ok in [
            "https://creativecommons.org/licenses/by/4.0/",
            "http://example.org/licence?lang=en#terms",
            "https://example.org#terms",
        ] {
            assert_eq!(license_url_problem(ok), None, "{ok}");
        }
        for (bad, why) in [
            ("/licence", "is not an absolute address"),
            (
                "javascript://x/%0Aalert(1)",
                "is not an http or https address",
            ),
            ("https://", "has no host"),
            ("https://a b/", "a space cannot stand"),
            (
                "https://user@example.org/",
                "the address cannot carry a user name",
            ),
        ] {
            let got = license_url_problem(bad).unwrap_or_default();
            assert!(got.contains(why), "{bad}: {got}");
        }
        // An `@` after the host is part of the path or query, not credentials.
        assert_eq!(license_url_problem("https://example.org?x@y"), None);
    }

    #[test]
    fn dates_are_real_days_written_yyyy_mm_dd() {
        for ok in [
            "2022-12-31",
            "2024-02-29",
            "2000-02-29",
            "1000-01-01",
            "9999-12-31",
        ] {
            assert_eq!(date_problem(ok), None, "{ok}");
        }
        for (bad, why) in [
            ("2022-02-30", "February 2022 has no day 30 (it has 28 days)"),
            ("2023-02-29", "February 2023 has no day 29 (it has 28 days)"),
            ("1900-02-29", "February 1900 has no day 29 (it has 28 days)"),
            ("2022-04-31", "April 2022 has no day 31 (it has 30 days)"),
            ("2022-13-01", "there is no month 13"),
            ("2022-00-10", "there is no month 00"),
            ("2022-01-00", "January 2022 has no day 00 (it has 31 days)"),
            ("0999-12-31", "the year 999 is before 1000"),
            (
                "30 November 2023",
                "`30 November 2023` is not a date written YYYY-MM-DD",
            ),
            ("2022-1-5", "`2022-1-5` is not a date written YYYY-MM-DD"),
            (
                "2022/01/05",
                "`2022/01/05` is not a date written YYYY-MM-DD",
            ),
            (
                "2022-01-05T10:00",
                "`2022-01-05T10:00` is not a date written YYYY-MM-DD",
            ),
            (
                "２０２２-01-05",
                "`２０２２-01-05` is not a date written YYYY-MM-DD",
            ),
            ("", "`` is not a date written YYYY-MM-DD"),
        ] {
            assert_eq!(date_problem(bad).as_deref(), Some(why), "{bad}");
        }
    }
}
