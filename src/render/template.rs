//! Rendering one template of the theme, and the context every page of the site shares.

use super::theme::{Theme, template_error};
use crate::core::diagnostic::Diagnostic;
use crate::core::typography::smart_punctuation;
use crate::model::{Rights, Status};
use crate::resolve::{ResolvedEdition, ResolvedSite};
use serde::Serialize;

/// A theme template rendered with `ctx`; no control character from content reaches the page.
pub(crate) fn render_template(
    theme: &Theme,
    name: &str,
    ctx: &tera::Context,
) -> Result<String, Diagnostic> {
    let page = theme
        .tera
        .render(name, ctx)
        .map_err(|e| template_error(&e))?;
    Ok(crate::core::escape::drop_control_chars(page))
}

/// A theme template whose output is a part of a page (a box, a figure): its control
/// characters are dropped with the page's, by [`render_template`], in one pass over the page.
pub(crate) fn render_embed(
    theme: &Theme,
    name: &str,
    ctx: &tera::Context,
) -> Result<String, Diagnostic> {
    theme.tera.render(name, ctx).map_err(|e| template_error(&e))
}

/// What a page says of itself in its head and footer.
pub(crate) struct PageMeta<'a> {
    /// The page's place in the site (`alpha/2023/index.html`).
    pub path: &'a str,
    /// The page whose address is this one's canonical address, when it is another's (a
    /// report's page leads to its newest edition).
    pub canonical_path: Option<String>,
    /// The page's title for sharing (`og:title`), its typography set.
    pub title: String,
    /// The page's description (`<meta name="description">`, `og:description`).
    pub description: Option<&'a str>,
    /// `og:type`: `website` or `article`.
    pub og_type: &'static str,
    /// The footer's copyright and licence.
    pub rights: Rights<'a>,
    /// A draft's page asks search engines to leave it out.
    pub noindex: bool,
    /// The page's language: `<html lang>` and every word almanac writes on it.
    pub locale: &'a crate::locale::Locale,
}

impl<'a> PageMeta<'a> {
    /// A page of the whole site: its description and rights are the site's.
    pub fn site_page(site: &'a ResolvedSite<'_>, path: &'a str, title: String) -> Self {
        let s = &site.project.site;
        PageMeta {
            path,
            canonical_path: None,
            title,
            description: s.description.as_deref(),
            og_type: "website",
            rights: s.rights(),
            noindex: false,
            locale: &site.locale,
        }
    }
}

#[derive(Serialize)]
struct PageCtx<'a> {
    title: &'a str,
    description: Option<&'a str>,
    og_type: &'a str,
    noindex: bool,
}

#[derive(Serialize)]
struct FooterCtx<'a> {
    /// With its `©`.
    copyright: Option<String>,
    license: Option<&'a str>,
    license_url: Option<&'a str>,
}

/// What every page knows of the site and of itself: the way back to the site's root, its
/// metadata, its footer, and, when `base_url` says where the site is published, its canonical
/// address and the site's feed.
pub(crate) fn page_context(
    site: &ResolvedSite<'_>,
    root: &str,
    page: &PageMeta<'_>,
) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert("site", &site_ctx(site));
    ctx.insert("root", root);
    ctx.insert("lang", page.locale.tag());
    ctx.insert("rtl", &page.locale.is_rtl());
    ctx.insert_value("t", words(page.locale));
    // Every page links to the search page when the site has one.
    ctx.insert("search", &super::search::enabled(site));
    if let Some(base) = site.project.site.base_url.as_deref() {
        let target = page.canonical_path.as_deref().unwrap_or(page.path);
        ctx.insert("canonical", &page_address(base, target));
        if has_feed(site) {
            ctx.insert("feed", &format!("{root}{}", ATOM_PATH));
        }
    }
    ctx.insert(
        "page",
        &PageCtx {
            title: &page.title,
            description: page.description,
            og_type: page.og_type,
            noindex: page.noindex,
        },
    );
    let r = page.rights;
    ctx.insert(
        "footer",
        &FooterCtx {
            copyright: r.copyright.map(|c| {
                if c.starts_with('©') {
                    c.to_string()
                } else {
                    format!("© {c}")
                }
            }),
            license: r.license,
            license_url: r.license_url,
        },
    );
    ctx
}

/// The address on the web of the site's file at `path` (an `index.html` by its folder), with
/// the site published at `base` (ending in `/`).
pub(crate) fn page_address(base: &str, path: &str) -> String {
    let page = path.strip_suffix("index.html").unwrap_or(path);
    format!("{}/{page}", base.trim_end_matches('/'))
}

/// What an edition's page and its feed entry say it is: its own `description`, or its report's
/// `summary`, or the site's `description`.
pub(crate) fn edition_description<'a>(
    site: &'a ResolvedSite<'_>,
    edition: &'a ResolvedEdition<'_>,
) -> Option<&'a str> {
    edition
        .edition
        .meta
        .description
        .as_deref()
        .or(edition.report_meta().summary.as_deref())
        .or(site.project.site.description.as_deref())
}

/// Whether an edition is a draft (built only with `--drafts`, never listed for search engines
/// or feed readers).
pub(crate) fn is_draft(edition: &ResolvedEdition<'_>) -> bool {
    edition.edition.meta.status == Status::Draft
}

#[derive(Serialize)]
pub(crate) struct SiteCtx<'a> {
    title: String,
    language: &'a str,
    description: Option<&'a str>,
}

pub(crate) fn site_ctx<'a>(site: &'a ResolvedSite<'_>) -> SiteCtx<'a> {
    let s = &site.project.site;
    SiteCtx {
        title: smart_punctuation(&s.title),
        language: &s.language,
        description: s.description.as_deref(),
    }
}

/// The feed's place in the site.
pub const ATOM_PATH: &str = "atom.xml";
/// The sitemap's place in the site.
pub const SITEMAP_PATH: &str = "sitemap.xml";

/// Whether the site has a feed: it has an address, and a published edition with a date (a
/// feed must say when it was last updated, and only editions' dates can say it).
pub fn has_feed(site: &ResolvedSite<'_>) -> bool {
    site.project.site.base_url.is_some()
        && site.reports.iter().any(|r| {
            r.editions
                .iter()
                .any(|e| !is_draft(e) && e.edition.meta.date.is_some())
        })
}

/// A language's words as the templates' `t`: made once per language and shared (a Tera map
/// is reference-counted), so a page's boxes and figures do not each copy every label.
pub(crate) fn words(locale: &crate::locale::Locale) -> tera::Value {
    use std::sync::Mutex;
    static MADE: Mutex<Vec<(crate::locale::Locale, tera::Value)>> = Mutex::new(Vec::new());
    let mut made = MADE.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((_, words)) = made.iter().find(|(l, _)| l == locale) {
        return words.clone();
    }
    let words = tera::Value::from_serializable(locale.words());
    // A long-running preview meets a new locale each time the labels change: keep a few.
    if made.len() >= 16 {
        made.remove(0);
    }
    made.push((locale.clone(), words.clone()));
    words
}
