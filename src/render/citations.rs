//! Citations on the page: each a link to its entry of the edition's reference list, the list
//! itself with links back to every citation, how to cite the edition, and the files readers'
//! reference managers take (`data/references.bib`, `data/references.json`, `CITATION.cff`).

use super::OutputFile;
use super::ids::{PageIds, slugify};
use crate::cite::rich::{Look, Span};
use crate::core::diagnostic::Diagnostic;
use crate::core::escape;
use crate::markdown::html_policy::url_allowed;
use crate::resolve::{Resolution, ResolvedEdition, ResolvedReport, ResolvedSite};
use serde::Serialize;

/// The id of the `n`-th citation (from 0) of the page.
fn cite_id(n: usize) -> String {
    format!("cite-{}", n + 1)
}

/// How references and citations read in an edition's text, and the ids they link to.
pub struct InlineMarks<'a> {
    edition: &'a ResolvedEdition<'a>,
    /// The id of each entry of the reference list, in its order.
    reference_ids: Vec<String>,
}

impl<'a> InlineMarks<'a> {
    /// Takes the page's ids of the citations and of the reference list's entries.
    pub fn new(edition: &'a ResolvedEdition<'a>, ids: &mut PageIds) -> Self {
        for n in 0..edition.citations.cites.len() {
            ids.unique(&cite_id(n));
        }
        let reference_ids = edition
            .citations
            .references
            .iter()
            .map(|r| ids.unique(&format!("bib-{}", slugify(&r.key))))
            .collect();
        InlineMarks {
            edition,
            reference_ids,
        }
    }

    /// The HTML of a reference, a value or a citation (an embed is the page's to write).
    pub fn html(&self, r: &Resolution) -> String {
        match r {
            Resolution::Reference { kind, id, number } => format!(
                "<a class=\"xref\" href=\"#{}\">{}</a>",
                escape::html(id),
                escape::html(
                    &self
                        .edition
                        .locale
                        .fill(kind.reference_key(), &[("n", &number.to_string())])
                )
            ),
            Resolution::Html(html) => html.clone(),
            Resolution::Citation { index } => self.citation(*index),
            Resolution::Embed { .. } => String::new(),
        }
    }

    /// A citation: each work's words a link to its entry.
    fn citation(&self, index: usize) -> String {
        let Some(cite) = self.edition.citations.cites.get(index) else {
            return String::new();
        };
        let mut out = format!("<span class=\"citation\" id=\"{}\">", cite_id(index));
        let spans = &cite.text.spans;
        let mut i = 0;
        while i < spans.len() {
            let item = spans[i].item;
            let end = spans[i..]
                .iter()
                .position(|s| s.item != item)
                .map_or(spans.len(), |n| i + n);
            let target = item
                .and_then(|k| cite.keys.get(k))
                .and_then(|key| self.edition.citations.reference_of(key))
                .and_then(|r| self.reference_ids.get(r));
            match target {
                Some(id) => {
                    out.push_str(&format!("<a href=\"#{}\">", escape::html(id)));
                    write_spans(&spans[i..end], false, &mut out);
                    out.push_str("</a>");
                }
                None => write_spans(&spans[i..end], false, &mut out),
            }
            i = end;
        }
        out.push_str("</span>");
        out
    }

    /// The citations (their indices) written in `html` with their ids: a citation inside a
    /// link's words is words alone, and one in a note that nothing calls is not on the page.
    pub fn written_in(html: &str, out: &mut std::collections::HashSet<usize>) {
        const OPEN: &str = "<span class=\"citation\" id=\"cite-";
        let mut rest = html;
        while let Some(at) = rest.find(OPEN) {
            rest = &rest[at + OPEN.len()..];
            let digits = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            if let Ok(n) = rest[..digits].parse::<usize>()
                && n > 0
            {
                out.insert(n - 1);
            }
        }
    }

    /// The reference list, for the template; each entry links back to those of its
    /// citations that are on the page (`written`).
    pub fn references(&self, written: &std::collections::HashSet<usize>) -> Vec<ReferenceCtx> {
        self.edition
            .citations
            .references
            .iter()
            .zip(&self.reference_ids)
            .map(|(r, id)| {
                let mut html = String::new();
                write_spans(&r.text.spans, true, &mut html);
                let cited_by: Vec<&usize> =
                    r.cited_by.iter().filter(|c| written.contains(c)).collect();
                let many = cited_by.len() > 1;
                let back = cited_by
                    .into_iter()
                    .enumerate()
                    .map(|(n, c)| {
                        let mark = if many {
                            format!("↩<sup>{}</sup>", n + 1)
                        } else {
                            "↩".to_string()
                        };
                        format!(
                            "<a class=\"ref-back\" href=\"#{}\" aria-label=\"{}\">{mark}</a>",
                            cite_id(*c),
                            escape::html(
                                &self
                                    .edition
                                    .locale
                                    .fill("back_to_citation", &[("n", &(n + 1).to_string())])
                            )
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                ReferenceCtx {
                    id: id.clone(),
                    label: r.label.as_ref().map(|l| {
                        let mut s = String::new();
                        write_spans(&l.spans, false, &mut s);
                        s
                    }),
                    html,
                    back,
                }
            })
            .collect()
    }
}

/// An entry of the reference list, as `edition.html` is given it.
#[derive(Debug, Serialize)]
pub struct ReferenceCtx {
    pub id: String,
    /// A numeric style's label (`[1]`), HTML.
    pub label: Option<String>,
    /// The entry, HTML.
    pub html: String,
    /// Links back to each citation of it, HTML.
    pub back: String,
}

/// Formatted text as HTML, every word escaped; with `links`, a work's address is a link (a
/// script address never is).
fn write_spans(spans: &[Span], links: bool, out: &mut String) {
    for s in spans {
        let link = s.link.as_deref().filter(|u| links && url_allowed(u));
        if let Some(url) = link {
            // A bare address is not printed twice when the page is printed.
            let class = if s.text == url { " class=\"url\"" } else { "" };
            out.push_str(&format!("<a href=\"{}\"{class}>", escape::html(url)));
        }
        let tags = tags(s.look);
        for t in &tags {
            out.push_str(t.0);
        }
        // A direction override in a work's words stays inside them.
        let isolate = s.text.contains(|c: char| {
            matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
        });
        if isolate {
            out.push_str("<bdi>");
        }
        out.push_str(&escape::html(&s.text));
        if isolate {
            out.push_str("</bdi>");
        }
        for t in tags.iter().rev() {
            out.push_str(t.1);
        }
        if link.is_some() {
            out.push_str("</a>");
        }
    }
}

fn tags(look: Look) -> Vec<(&'static str, &'static str)> {
    let mut t = Vec::new();
    if look.italic {
        t.push(("<i>", "</i>"));
    }
    if look.bold {
        t.push(("<b>", "</b>"));
    }
    if look.small_caps {
        t.push(("<span class=\"small-caps\">", "</span>"));
    }
    if look.superscript {
        t.push(("<sup>", "</sup>"));
    }
    if look.subscript {
        t.push(("<sub>", "</sub>"));
    }
    if look.underline {
        t.push(("<u>", "</u>"));
    }
    t
}

/// How to cite the edition, HTML: formatted in the site's style when the engine is built in.
pub fn how_to_cite(site: &ResolvedSite<'_>, edition: &ResolvedEdition<'_>) -> Option<String> {
    let work = edition_work(site, edition);
    let style = site.project.citation_style.as_ref()?;
    let rich = crate::cite::format_work_remembered(
        &work,
        style,
        edition.locale.tag(),
        site.citation_store,
    )?;
    let mut html = String::new();
    write_spans(&rich.spans, true, &mut html);
    Some(html)
}

/// Keeps the edition's "how to cite" in the build cache, though this build did not need it:
/// its page was put back whole.
pub fn keep_how_to_cite(site: &ResolvedSite<'_>, edition: &ResolvedEdition<'_>) {
    if let (Some(style), Some(store)) = (&site.project.citation_style, site.citation_store) {
        crate::cite::keep_work(
            &edition_work(site, edition),
            style,
            edition.locale.tag(),
            store,
        );
    }
}

/// The edition as a work: its title, authors, date (or year), the site as publisher, and
/// its address when the site has one.
fn edition_work(site: &ResolvedSite<'_>, edition: &ResolvedEdition<'_>) -> crate::cite::Work {
    let meta = &edition.edition.meta;
    crate::cite::Work {
        title: meta.title.clone(),
        authors: meta.authors.clone(),
        date: Some(
            meta.date
                .clone()
                .unwrap_or_else(|| edition.edition.year.to_string()),
        ),
        publisher: Some(site.project.site.title.clone()).filter(|t| !t.trim().is_empty()),
        url: site
            .project
            .site
            .base_url
            .as_deref()
            .map(|base| super::template::page_address(base, &format!("{}/", edition.site_dir()))),
    }
}

/// `CITATION.cff` (Citation File Format 1.2.0) of an edition: what GitHub, Zenodo and
/// reference managers read to cite it.
fn citation_cff(site: &ResolvedSite<'_>, edition: &ResolvedEdition<'_>) -> String {
    #[derive(Serialize)]
    struct Name {
        name: String,
    }
    #[derive(Serialize)]
    struct Cff<'a> {
        #[serde(rename = "cff-version")]
        version: &'static str,
        message: &'a str,
        title: String,
        authors: Vec<Name>,
        #[serde(rename = "date-released", skip_serializing_if = "Option::is_none")]
        date: Option<String>,
        #[serde(rename = "version")]
        edition: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        url: Option<String>,
    }
    let work = edition_work(site, edition);
    // Every name an entity's: CFF's persons need their family and given names apart.
    let mut authors: Vec<Name> = work.authors.into_iter().map(|name| Name { name }).collect();
    if authors.is_empty() {
        authors.push(Name {
            name: work
                .publisher
                .unwrap_or_else(|| edition.report_meta().name.clone()),
        });
    }
    let cff = Cff {
        version: "1.2.0",
        message: edition.locale.text("cite_message"),
        title: work.title,
        authors,
        date: edition.edition.meta.date.clone(),
        edition: edition.edition.year.to_string(),
        url: work.url,
    };
    serde_yaml::to_string(&cff).unwrap_or_default()
}

/// The edition's `CITATION.cff`, and its bibliography's downloads when it cites anything.
pub fn citation_files(
    site: &ResolvedSite<'_>,
    report: &ResolvedReport<'_>,
    edition: &ResolvedEdition<'_>,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let dir = edition.site_dir();
    let mut files = vec![OutputFile::new(
        &format!("{dir}/CITATION.cff"),
        citation_cff(site, edition).into_bytes(),
    )?];
    if let (Some(bib), false) = (
        &report.report.bibliography,
        edition.citations.references.is_empty(),
    ) {
        let keys: Vec<&str> = edition
            .citations
            .references
            .iter()
            .map(|r| r.key.as_str())
            .collect();
        files.push(OutputFile::new(
            &format!("{dir}/{BIBTEX}"),
            bib.library.to_bibtex(&keys).into_bytes(),
        )?);
        files.push(OutputFile::new(
            &format!("{dir}/{CSL_JSON}"),
            bib.library.to_csl_json(&keys).into_bytes(),
        )?);
    }
    Ok(files)
}

/// The bibliography's downloads, relative to the edition page.
pub const BIBTEX: &str = "data/references.bib";
pub const CSL_JSON: &str = "data/references.json";
