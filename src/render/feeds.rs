//! What finds the site from outside: `sitemap.xml` (sitemaps.org 0.9) for search engines and
//! `atom.xml` (RFC 4287), the feed of published editions. Both need absolute addresses, so
//! they are written only when `base_url` says where the site is published; drafts are in
//! neither. Nothing here reads a clock: a page's date is its edition's `date`.

use super::OutputFile;
use super::compare::Comparison;
use super::template::{ATOM_PATH, SITEMAP_PATH, edition_description, is_draft, page_address};
use crate::core::diagnostic::Diagnostic;
use crate::core::escape::xml;
use crate::core::typography::smart_punctuation;
use crate::resolve::{ResolvedEdition, ResolvedReport, ResolvedSite};

/// A published edition with a date: an entry of the feed.
struct Entry<'a> {
    report: &'a ResolvedReport<'a>,
    edition: &'a ResolvedEdition<'a>,
    date: &'a str,
}

/// The feed's entries: every published edition with a `date`, newest first; editions of one
/// day by report folder, then the newer edition first, so the order is total.
fn entries<'a>(site: &'a ResolvedSite<'a>) -> Vec<Entry<'a>> {
    let mut entries: Vec<Entry> = site
        .reports
        .iter()
        .flat_map(|report| report.editions.iter().map(move |e| (report, e)))
        .filter(|(_, e)| !is_draft(e))
        .filter_map(|(report, edition)| {
            let date = edition.edition.meta.date.as_deref()?;
            Some(Entry {
                report,
                edition,
                date,
            })
        })
        .collect();
    entries.sort_by(|a, b| {
        b.date
            .cmp(a.date)
            .then_with(|| a.report.report.slug.cmp(&b.report.report.slug))
            .then_with(|| b.edition.edition.year.cmp(&a.edition.edition.year))
    });
    entries
}

/// `sitemap.xml` and `atom.xml`, when the site has an address (and, for the feed, a dated
/// edition).
pub fn feed_files(
    site: &ResolvedSite<'_>,
    comparisons: &[Comparison],
) -> Result<Vec<OutputFile>, Diagnostic> {
    let Some(base) = site.project.site.base_url.as_deref() else {
        return Ok(Vec::new());
    };
    let mut files = vec![OutputFile::new(
        SITEMAP_PATH,
        sitemap(site, base, comparisons).into_bytes(),
    )?];
    if let Some(feed) = atom(site, base) {
        files.push(OutputFile::new(ATOM_PATH, feed.into_bytes())?);
    }
    Ok(files)
}

fn edition_address(base: &str, edition: &ResolvedEdition<'_>) -> String {
    page_address(base, &format!("{}/index.html", edition.site_dir()))
}

/// The site's index, every published edition (report by report, oldest first, with its date
/// when it has one, each followed by its translations; one laid out a page per chapter with
/// each chapter's page) and every comparison page. Not the reports' pages, which only lead on to
/// their newest edition, and never a draft.
fn sitemap(site: &ResolvedSite<'_>, base: &str, comparisons: &[Comparison]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut url = |address: String, date: Option<&str>| {
        out.push_str("<url><loc>");
        out.push_str(&xml(&address));
        out.push_str("</loc>");
        if let Some(date) = date {
            out.push_str("<lastmod>");
            out.push_str(&xml(date));
            out.push_str("</lastmod>");
        }
        out.push_str("</url>\n");
    };
    url(page_address(base, "index.html"), None);
    for report in &site.reports {
        for original in report.editions.iter().filter(|e| !is_draft(e)) {
            for edition in original.versions() {
                let date = edition.edition.meta.date.as_deref();
                url(edition_address(base, edition), date);
                // Laid out a page per chapter: each chapter's page (the one-page view says
                // nothing these do not).
                if edition.pages == crate::model::PageLayout::Chapters {
                    for c in &edition.chapters {
                        let path = edition.chapter_page(&c.chapter.slug);
                        url(page_address(base, &path), date);
                    }
                }
            }
        }
    }
    for c in comparisons {
        url(
            page_address(base, &format!("compare/{}/index.html", c.id)),
            None,
        );
    }
    out.push_str("</urlset>\n");
    out
}

/// The Atom feed of the published editions with a date, newest first; `None` when there is
/// none (a feed must say when it was updated).
fn atom(site: &ResolvedSite<'_>, base: &str) -> Option<String> {
    let entries = entries(site);
    let newest = entries.first()?;
    let s = &site.project.site;
    let title = smart_punctuation(&s.title);
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml(site.locale.tag())
    ));
    out.push_str(&format!("<id>{}</id>\n", xml(base)));
    out.push_str(&format!("<title>{}</title>\n", xml(&title)));
    if let Some(d) = &s.description {
        out.push_str(&format!("<subtitle>{}</subtitle>\n", xml(d)));
    }
    out.push_str(&format!(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml(&page_address(base, ATOM_PATH))
    ));
    out.push_str(&format!(
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml(base)
    ));
    out.push_str(&format!("<updated>{}</updated>\n", updated(newest.date)));
    // An entry without authors takes the feed's, which must then be there: the site's name.
    if entries
        .iter()
        .any(|e| e.edition.edition.meta.authors.is_empty())
    {
        out.push_str(&format!("<author><name>{}</name></author>\n", xml(&title)));
    }
    for e in &entries {
        let meta = &e.edition.edition.meta;
        let address = xml(&edition_address(base, e.edition));
        out.push_str("<entry>\n");
        out.push_str(&format!("<id>{address}</id>\n"));
        let title = e.edition.locale.fill(
            "name_and_title",
            &[
                ("name", &smart_punctuation(&e.edition.report_meta().name)),
                ("title", &smart_punctuation(&meta.title)),
            ],
        );
        // An edition in another language than the site's says so.
        let lang = e.edition.locale.tag();
        if lang == site.locale.tag() {
            out.push_str(&format!("<title>{}</title>\n", xml(&title)));
        } else {
            out.push_str(&format!(
                "<title xml:lang=\"{}\">{}</title>\n",
                xml(lang),
                xml(&title)
            ));
        }
        out.push_str(&format!(
            "<link rel=\"alternate\" type=\"text/html\" href=\"{address}\"/>\n"
        ));
        out.push_str(&format!("<updated>{}</updated>\n", updated(e.date)));
        for author in &meta.authors {
            out.push_str(&format!("<author><name>{}</name></author>\n", xml(author)));
        }
        if let Some(summary) = edition_description(site, e.edition) {
            // The edition's or its report's words are in its language; the site's in the
            // feed's.
            let own = meta.description.is_some() || e.edition.report_meta().summary.is_some();
            if own && lang != site.locale.tag() {
                out.push_str(&format!(
                    "<summary xml:lang=\"{}\">{}</summary>\n",
                    xml(lang),
                    xml(summary)
                ));
            } else {
                out.push_str(&format!("<summary>{}</summary>\n", xml(summary)));
            }
        }
        out.push_str("</entry>\n");
    }
    out.push_str("</feed>\n");
    Some(out)
}

/// An edition's date as an Atom date: the start of its day, in UTC.
fn updated(date: &str) -> String {
    format!("{}T00:00:00Z", xml(date))
}
