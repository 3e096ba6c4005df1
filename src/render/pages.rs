//! The pages of the site: their Tera contexts and their rendering.
//!
//! Every link between pages is relative (`root` is the way back to the site's top), so a site
//! works from any address, from a file system, and offline.

use super::OutputFile;
use super::chapter_pages::{self, IdPlaces, Page, relink};
use super::ids::PageIds;
use super::markdown::{self, ChapterContext, Heading, Note};
use super::template::{PageMeta, edition_description, is_draft, page_context, render_template};
use super::theme::Theme;
use crate::core::code::Code;
use crate::core::diagnostic::Diagnostic;
use crate::core::typography::smart_punctuation;
use crate::model::{PageLayout, Status};
use crate::resolve::{Resolution, ResolvedEdition, ResolvedReport, ResolvedSite, TargetKind};
use serde::Serialize;

#[derive(Serialize)]
struct EditionLink {
    year: u16,
    title: String,
    /// The edition's language, which a page in another marks on its title.
    lang: String,
    href: String,
    draft: bool,
    current: bool,
    newest: bool,
    /// The edition in its other languages (on the report's page).
    translations: Vec<VersionLink>,
}

/// A link to one language's version of an edition.
#[derive(Serialize)]
struct VersionLink {
    lang: String,
    /// The language's name in that language ("Français").
    name: String,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct ReportCtx<'a> {
    slug: &'a str,
    /// The report's language, which a page in another marks on its name and title.
    lang: &'a str,
    name: String,
    title: String,
    iso: Option<&'a str>,
    summary: Option<&'a str>,
    href: String,
    newest: Option<EditionLink>,
    editions: Vec<EditionLink>,
}

#[derive(Serialize)]
struct ChapterCtx {
    id: String,
    /// The link to it from the page's contents, and its page (empty: this page), to which
    /// its headings' ids are added.
    href: String,
    page: String,
    /// The id of the chapter's heading.
    title_id: String,
    title: String,
    html: String,
    notes: Vec<Note>,
    headings: Vec<Heading>,
    /// Set on a chapter a translation shows untranslated: the language it is written in,
    /// and its direction when that is not the page's.
    lang: Option<String>,
    dir: Option<&'static str>,
}

#[derive(Serialize)]
struct NumberedCtx {
    number: usize,
    id: String,
    title: String,
    /// Where it is from the edition's contents page.
    href: String,
}

/// The links to a report's editions, newest first, from a page at `root` (the edition page
/// of `current`, or a report's or the site's page): each to the edition in the page's
/// `language` when it is published in it (as its original or a translation), else to the
/// original.
fn edition_links(
    report: &ResolvedReport<'_>,
    root: &str,
    current: Option<u16>,
    language: Option<&str>,
) -> Vec<EditionLink> {
    let newest = report.newest().map(|e| e.edition.year);
    report
        .editions
        .iter()
        .rev()
        .map(|original| {
            // A report's or the site's page lists each edition's translations.
            edition_link(original, root, current, language, newest, current.is_none())
        })
        .collect()
}

/// The link to `original` in the page's `language` (see [`edition_links`]).
fn edition_link(
    original: &ResolvedEdition<'_>,
    root: &str,
    current: Option<u16>,
    language: Option<&str>,
    newest: Option<u16>,
    with_translations: bool,
) -> EditionLink {
    let e = in_language(original, language);
    EditionLink {
        year: e.edition.year,
        title: smart_punctuation(&e.edition.meta.title),
        lang: e.locale.tag().to_string(),
        href: format!("{root}{}/", e.site_dir()),
        draft: e.edition.meta.status == Status::Draft,
        current: Some(e.edition.year) == current,
        newest: Some(e.edition.year) == newest,
        translations: if with_translations {
            version_links(original, None, root)
                .into_iter()
                .skip(1)
                .collect()
        } else {
            Vec::new()
        },
    }
}

/// The version of `original` in `language` (itself, or a translation) when there is one,
/// else `original`.
fn in_language<'a, 'p>(
    original: &'a ResolvedEdition<'p>,
    language: Option<&str>,
) -> &'a ResolvedEdition<'p> {
    language
        .and_then(|l| original.versions().find(|v| v.locale.tag() == l))
        .unwrap_or(original)
}

/// A link to each language's version of `original` (itself first), from a page at `root`;
/// `current` is the version the page shows.
fn version_links(
    original: &ResolvedEdition<'_>,
    current: Option<&ResolvedEdition<'_>>,
    root: &str,
) -> Vec<VersionLink> {
    versions_at(original, current, |v| format!("{root}{}/", v.site_dir()))
}

/// Each language's version of `original`, at the address `href` gives it.
fn versions_at(
    original: &ResolvedEdition<'_>,
    current: Option<&ResolvedEdition<'_>>,
    href: impl Fn(&ResolvedEdition<'_>) -> String,
) -> Vec<VersionLink> {
    original
        .versions()
        .map(|v| VersionLink {
            lang: v.locale.tag().to_string(),
            name: crate::locale::language_name(v.locale.tag()),
            href: href(v),
            current: current.is_some_and(|c| std::ptr::eq(c, v)),
        })
        .collect()
}

/// The report's context on a page: on an edition's page, in that edition's language.
fn report_ctx<'a>(
    report: &'a ResolvedReport<'_>,
    root: &str,
    page: Option<&'a ResolvedEdition<'_>>,
) -> ReportCtx<'a> {
    let r = report.report;
    let current = page.map(|e| e.edition.year);
    let language = page.map(|e| e.locale.tag());
    let editions = edition_links(report, root, current, language);
    let newest = report.newest().map(|original| {
        let year = Some(original.edition.year);
        edition_link(original, root, current, language, year, false)
    });
    // On a page in another language than the report's, its text in that language if it has
    // it.
    let (meta, lang) = match page {
        Some(e) if e.edition.report.is_some() => (e.report_meta(), e.locale.tag()),
        _ => (&r.meta, report.locale.tag()),
    };
    ReportCtx {
        slug: &r.slug,
        lang,
        name: smart_punctuation(&meta.name),
        title: smart_punctuation(&meta.title),
        iso: r.meta.iso.as_deref(),
        summary: meta.summary.as_deref(),
        href: format!("{root}{}/", r.slug),
        newest,
        editions,
    }
}

/// `index.html` (every report and its editions) and `<report>/index.html` for each report,
/// each handed to `emit` as soon as it is rendered: a site of a thousand reports holds one
/// of them at a time, and the index's context (every report's) only while the index renders.
pub fn index_pages(
    site: &ResolvedSite<'_>,
    comparisons: &[super::compare::Comparison],
    theme: &Theme,
    emit: &mut dyn FnMut(OutputFile) -> Result<(), Diagnostic>,
) -> Result<(), Diagnostic> {
    {
        let reports: Vec<ReportCtx> = site
            .reports
            .iter()
            .map(|r| report_ctx(r, "", None))
            .collect();
        let title = smart_punctuation(&site.project.site.title);
        let mut ctx = page_context(site, "", &PageMeta::site_page(site, "index.html", title));
        ctx.insert("reports", &reports);
        ctx.insert("comparisons", comparisons);
        let page = render_template(theme, "index.html", &ctx)?;
        drop(ctx);
        emit(OutputFile::new("index.html", page.into_bytes())?)?;
    }
    if super::search::enabled(site) {
        // The search page lists every report and edition for a reader without JavaScript.
        let path = "search/index.html";
        let title = site.locale.text("search").to_string();
        let mut ctx = page_context(site, "../", &PageMeta::site_page(site, path, title));
        let reports: Vec<ReportCtx> = site
            .reports
            .iter()
            .map(|r| report_ctx(r, "../", None))
            .collect();
        ctx.insert("reports", &reports);
        let page = render_template(theme, "search.html", &ctx)?;
        drop(ctx);
        emit(OutputFile::new(path, page.into_bytes())?)?;
    }
    for report in &site.reports {
        let path = format!("{}/index.html", report.report.slug);
        let r = report_ctx(report, "../", None);
        let meta = &report.report.meta;
        let page = PageMeta {
            path: &path,
            // The page leads on to the newest edition, whose address it names as its own.
            canonical_path: report
                .newest()
                .map(|e| format!("{}/{}/index.html", report.report.slug, e.edition.year)),
            title: report
                .locale
                .fill("name_and_title", &[("name", &r.name), ("title", &r.title)]),
            description: meta
                .summary
                .as_deref()
                .or(site.project.site.description.as_deref()),
            og_type: "website",
            rights: meta.rights(&site.project.site),
            noindex: false,
            locale: &report.locale,
        };
        let mut ctx = page_context(site, "../", &page);
        ctx.insert("report", &r);
        emit(OutputFile::new(
            &path,
            render_template(theme, "report.html", &ctx)?.into_bytes(),
        )?)?;
    }
    Ok(())
}

/// `<report>/<year>/index.html`: the whole edition on one page.
pub fn edition_page(
    site: &ResolvedSite<'_>,
    report: &ResolvedReport<'_>,
    edition: &ResolvedEdition<'_>,
    theme: &Theme,
) -> Result<RenderedEdition, Diagnostic> {
    let root = edition.root();
    let allow_raw_html = site.project.site.allow_raw_html;
    let mut ids = PageIds::new();
    for reserved in [
        "top",
        "contents",
        "main",
        "notes",
        "figures",
        "boxes",
        "changes",
        "changes-title",
        "references",
        "references-title",
        "how-to-cite-title",
    ] {
        ids.unique(reserved);
    }
    // Boxes and figures first: references link to their ids as written, so a chapter or a
    // heading named like one (`04-box-trade.md`) is the one that gives way.
    for b in &edition.boxes {
        ids.unique(&b.data.spec.id);
    }
    for f in &edition.figures {
        let id = &f.data.spec.id;
        ids.unique(id);
        // The ids inside its two drawings.
        for suffix in [
            "svg-title",
            "svg-desc",
            "narrow-svg-title",
            "narrow-svg-desc",
        ] {
            ids.unique(&format!("{id}-{suffix}"));
        }
    }
    let inline = super::citations::InlineMarks::new(edition, &mut ids);
    let mut warnings = Vec::new();
    let chapter_ids: Vec<(String, String)> = edition
        .chapters
        .iter()
        .map(|c| {
            let id = ids.unique(&c.chapter.slug);
            // Shown untranslated, a chapter is its original's, which says so itself.
            if id != c.chapter.slug && c.chapter.language.is_none() {
                warnings.push(
                    Diagnostic::warning(
                        Code::IdTaken,
                        format!(
                            "the chapter's anchor `{}` is already an id of the page (almanac's own, or a box's or figure's): the chapter gets `{id}`, and a link to #{} leads elsewhere",
                            c.chapter.slug, c.chapter.slug
                        ),
                    )
                    .at(&c.chapter.file, 0, 0)
                    .with_help("rename the chapter file (NN-another-slug.md)"),
                );
            }
            let title_id = ids.unique(&format!("{id}-title"));
            (id, title_id)
        })
        .collect();

    // Each chart and diagram drawn once for the column and once for a phone (one that cannot
    // be drawn is drawn again by its figure, which reports why); the PDF draws its own, for
    // its narrower text width.
    let draw_all = |canvas| -> Vec<Option<String>> {
        edition
            .figures
            .iter()
            .map(|f| super::figures::drawing(f, canvas).ok().flatten())
            .collect()
    };
    let drawings = super::figures::Drawings {
        wide: draw_all(crate::chart::Canvas::Wide),
        narrow: draw_all(crate::chart::Canvas::Narrow),
    };
    let mut embedded: Vec<Result<String, Diagnostic>> = Vec::new();
    let mut note_counter = 0;
    let mut chapters = Vec::with_capacity(edition.chapters.len());
    for (chapter, (id, title_id)) in edition.chapters.iter().zip(chapter_ids) {
        // A chapter shown untranslated is marked with its language; what almanac writes into
        // it (boxes, figures, references, values) is in the page's.
        let shown_untranslated = chapter.chapter.language.is_some();
        let page_language = edition.locale.tag();
        let mut mark_html = |r: &Resolution| -> String {
            let html = match r {
                Resolution::Embed { kind, index } => {
                    let html = embed_html(
                        theme,
                        edition,
                        *kind,
                        *index,
                        allow_raw_html,
                        &drawings,
                        &inline,
                    );
                    let out = html.clone().unwrap_or_default();
                    embedded.push(html);
                    out
                }
                other => inline.html(other),
            };
            if shown_untranslated {
                marked_in(&html, page_language)
            } else {
                html
            }
        };
        let out = markdown::render_chapter(
            chapter.chapter.body(),
            &chapter.marks,
            ChapterContext {
                slug: &chapter.chapter.slug,
                allow_raw_html,
                ids: &mut ids,
                note_counter: &mut note_counter,
                mark_html: &mut mark_html,
                locale: &edition.locale,
                // Its links were written for the original's page, one folder up.
                link_prefix: shown_untranslated.then_some("../"),
            },
        );
        // A chapter shown untranslated is its original's, which says so itself.
        for renamed in out.renamed_ids.iter().filter(|_| !shown_untranslated) {
            let body = chapter.chapter.body();
            let at = heading_id_offset(body, &renamed.written, renamed.nth)
                .map_or(0, |o| chapter.chapter.body_offset + o);
            warnings.push(
                Diagnostic::warning(
                    Code::IdTaken,
                    format!(
                        "the heading's id `{}` is already taken on this page: the heading gets `{}`, and a link to #{} leads elsewhere",
                        renamed.written, renamed.given, renamed.written
                    ),
                )
                .at(&chapter.chapter.file, at, renamed.written.len() + 1)
                .with_help("give the heading an id of its own ({#another-id}); the ids of boxes, figures, chapters and almanac's own (main, contents, references, notes…) are taken"),
            );
        }
        chapters.push(ChapterCtx {
            href: format!("#{id}"),
            page: String::new(),
            id,
            title_id,
            title: smart_punctuation(&chapter.chapter.title()),
            html: out.html,
            notes: out.notes,
            headings: out.headings,
            lang: chapter.chapter.language.clone(),
            dir: chapter.chapter.language.as_deref().and_then(|l| {
                let rtl = crate::locale::is_rtl(l);
                (rtl != edition.locale.is_rtl()).then_some(if rtl { "rtl" } else { "ltr" })
            }),
        });
    }
    for e in embedded {
        e?;
    }

    let path = format!("{}/index.html", edition.site_dir());
    let page = PageMeta {
        path: &path,
        canonical_path: None,
        title: smart_punctuation(&edition.edition.meta.title),
        description: edition_description(site, edition),
        og_type: "article",
        rights: report.report.meta.rights(&site.project.site),
        noindex: is_draft(edition),
        locale: &edition.locale,
    };
    let mut ctx = page_context(site, root, &page);
    ctx.insert("report", &report_ctx(report, root, Some(edition)));
    // The edition in every language it is published in: the language switcher, and the
    // `hreflang` alternates of the page's head.
    let original = report
        .editions
        .iter()
        .find(|e| e.edition.year == edition.edition.year)
        .filter(|e| !e.translations.is_empty());
    if let Some(original) = original {
        ctx.insert("versions", &version_links(original, Some(edition), root));
        // With `base_url`, at their addresses on the web.
        let base = site.project.site.base_url.as_deref();
        let alternates = versions_at(original, Some(edition), |v| {
            let path = format!("{}/index.html", v.site_dir());
            match base {
                Some(base) => super::template::page_address(base, &path),
                None => format!("{root}{path}"),
            }
        });
        ctx.insert("alternates", &alternates);
    }
    ctx.insert("edition", &edition_ctx(edition, report));
    ctx.insert("chapters", &chapters);
    let boxes: Vec<NumberedCtx> = edition
        .boxes
        .iter()
        .map(|b| NumberedCtx {
            number: b.number,
            id: b.data.spec.id.clone(),
            title: smart_punctuation(&b.data.spec.title),
            href: format!("#{}", b.data.spec.id),
        })
        .collect();
    ctx.insert("boxes", &boxes);
    let figures: Vec<NumberedCtx> = edition
        .figures
        .iter()
        .map(|f| NumberedCtx {
            number: f.number,
            id: f.data.spec.id.clone(),
            title: smart_punctuation(&f.data.spec.title),
            href: format!("#{}", f.data.spec.id),
        })
        .collect();
    ctx.insert("figures", &figures);
    ctx.insert(
        "changes",
        &previous_edition(site, report, edition).map(|prev| {
            let mut changes = crate::diff::compare(prev, edition.edition, &edition.locale);
            // The titles of boxes and charts as the page sets them everywhere else.
            for t in changes.boxes.iter_mut().chain(&mut changes.charts) {
                t.title = smart_punctuation(&t.title);
            }
            // Each one the edition shows links to it (on the contents page of an edition
            // laid out a page per chapter, to the chapter's page: `relink`).
            for (list, kind) in [
                (&mut changes.boxes, TargetKind::Box),
                (&mut changes.charts, TargetKind::Figure),
            ] {
                for t in list.iter_mut() {
                    if edition.page_of(kind, &t.id).is_some() {
                        t.href = Some(format!("#{}", t.id));
                    }
                }
            }
            changes
        }),
    );
    let mut written = std::collections::HashSet::new();
    for c in &chapters {
        super::citations::InlineMarks::written_in(&c.html, &mut written);
        for n in &c.notes {
            super::citations::InlineMarks::written_in(&n.html, &mut written);
        }
    }
    ctx.insert("references", &inline.references(&written));
    if !edition.citations.references.is_empty() {
        ctx.insert(
            "bibliography",
            &BibliographyCtx {
                bibtex: super::citations::BIBTEX,
                csl_json: super::citations::CSL_JSON,
            },
        );
    }
    ctx.insert("how_to_cite", &super::citations::how_to_cite(site, edition));
    let pdf = edition_pdf(site, report, edition)?;
    ctx.insert("pdf", &pdf.as_ref().map(|p| &p.link));
    ctx.insert(
        "layout",
        match edition.pages {
            PageLayout::Single => "single",
            PageLayout::Chapters => "one-page",
        },
    );
    let html = render_template(theme, "edition.html", &ctx)?;
    warnings.extend(super::figures::diagram_size_warnings(edition, &drawings));
    let pending_links = super::links::check_edition_links(edition, &path, &ids, &mut warnings);
    let mut files = match edition.pages {
        PageLayout::Single => vec![OutputFile::new(&path, html.into_bytes())?],
        PageLayout::Chapters => {
            let one_page = format!("{}/{}", edition.site_dir(), chapter_pages::ONE_PAGE);
            // Written for the edition's `index.html`, which is now its contents: a link to
            // `index.html#an-id` is a link to this page's id.
            let html = relink(&html, Page::OnePage, &edition_folder(edition), &[]);
            let mut files = vec![OutputFile::new(&one_page, html.into_bytes())?];
            let split = SplitEdition {
                site,
                report,
                edition,
                theme,
                chapters: &chapters,
                boxes: &boxes,
                figures: &figures,
            };
            files.extend(split.pages(ctx)?);
            files
        }
    };
    let mut pdf_from_store = None;
    let mut pdf_key = None;
    if let Some(p) = pdf {
        files.push(p.file);
        warnings.extend(p.not_conforming);
        pdf_from_store = Some(p.from_store);
        pdf_key = Some(p.key);
    }
    files.extend(super::downloads::edition_downloads(edition)?);
    files.extend(super::citations::citation_files(site, report, edition)?);
    Ok(RenderedEdition {
        files,
        warnings,
        pdf_from_store,
        pdf_key,
        pending_links,
    })
}

/// The (empty) places of the ids of `edition`, whose folder they know.
fn edition_folder(edition: &ResolvedEdition<'_>) -> IdPlaces {
    let dir = edition.site_dir();
    IdPlaces::in_folder(dir.rsplit('/').next().unwrap_or_default())
}

/// Where the `nth` heading attribute `{#id}` (from 0) is written in a chapter's body.
fn heading_id_offset(body: &str, id: &str, nth: usize) -> Option<usize> {
    let needle = format!("#{id}");
    body.match_indices(&needle)
        .filter(|(i, _)| {
            let after = body[i + needle.len()..].chars().next();
            let open = body[..*i].rfind('{');
            matches!(after, Some('}' | ' ' | '\t'))
                && open.is_some_and(|b| !body[b..*i].contains(['}', '\n']))
        })
        .nth(nth)
        .map(|(i, _)| i)
}

/// The edition page's link to its PDF.
#[derive(Serialize)]
#[cfg_attr(not(feature = "pdf"), allow(dead_code))]
struct PdfLink {
    href: String,
    pages: usize,
    /// "12 pages", in the edition's language.
    pages_text: String,
    /// "1.2 MB", "640 kB".
    size: String,
}

/// An edition's PDF: the page's link to it, the file, why it is not conforming (if it is
/// not), and whether an earlier build had typeset it.
#[cfg_attr(not(feature = "pdf"), allow(dead_code))]
struct EditionPdf {
    link: PdfLink,
    file: OutputFile,
    not_conforming: Option<Diagnostic>,
    from_store: bool,
    key: String,
}

/// The edition typeset as a PDF, when the site makes PDFs.
#[cfg(feature = "pdf")]
fn edition_pdf(
    site: &ResolvedSite<'_>,
    report: &ResolvedReport<'_>,
    edition: &ResolvedEdition<'_>,
) -> Result<Option<EditionPdf>, Diagnostic> {
    use super::pdf;
    if !site.pdf {
        return Ok(None);
    }
    // Each chart and diagram drawn for the PDF's text width (a figure that cannot be drawn
    // was reported by the page).
    let svg_of = |f: &crate::resolve::NumberedFigure<'_>| {
        super::figures::drawing(f, crate::chart::Canvas::Print)
            .ok()
            .flatten()
    };
    let typeset = pdf::typeset(
        site,
        edition,
        edition_description(site, edition).map(str::to_string),
        &svg_of,
    )?;
    let link = PdfLink {
        href: pdf::pdf_name(report, edition),
        pages: typeset.pages,
        pages_text: edition.locale.count("pdf_pages", typeset.pages, &[]),
        size: file_size(typeset.bytes.len(), &edition.locale),
    };
    let file = OutputFile::new(&pdf::pdf_path(report, edition), typeset.bytes)?;
    Ok(Some(EditionPdf {
        link,
        file,
        not_conforming: typeset.not_conforming,
        from_store: typeset.from_store,
        key: typeset.key,
    }))
}

#[cfg(not(feature = "pdf"))]
fn edition_pdf(
    _: &ResolvedSite<'_>,
    _: &ResolvedReport<'_>,
    _: &ResolvedEdition<'_>,
) -> Result<Option<EditionPdf>, Diagnostic> {
    Ok(None)
}

/// A file's size for readers, in decimal units with one decimal below 10: "840 kB", "1.2 MB"
/// (as the language writes the number and the unit).
#[cfg_attr(not(feature = "pdf"), allow(dead_code))]
fn file_size(bytes: usize, locale: &crate::locale::Locale) -> String {
    // Whole kilobytes first, so that rounding happens once, on the digits.
    let (value, key) = if bytes >= 1_000_000 {
        (bytes as f64 / 1_000_000.0, "size_mb")
    } else {
        ((bytes as f64 / 1_000.0).max(1.0), "size_kb")
    };
    let decimals = if value < 9.95 { 1 } else { 0 };
    let size = locale.numbers().number(value, Some(decimals), true);
    locale.fill(key, &[("size", &size)])
}

/// An edition's files, with what its links need checked.
#[derive(Debug, Clone)]
pub struct RenderedEdition {
    pub files: Vec<OutputFile>,
    pub warnings: Vec<Diagnostic>,
    /// Whether a PDF was made: `Some(true)` when an earlier build's was taken from the store.
    pub pdf_from_store: Option<bool>,
    /// The PDF's key in the build's store, which a later build keeps for it.
    pub pdf_key: Option<String>,
    /// Links to other files of the site, checked once all are known.
    pub pending_links: Vec<super::links::PendingLink>,
}

#[derive(Serialize)]
struct EditionCtx<'a> {
    year: u16,
    title: String,
    date: Option<&'a str>,
    /// The date as the edition's language writes it ("June 30, 2023").
    date_text: Option<String>,
    authors: &'a [String],
    draft: bool,
    newest: bool,
}

fn edition_ctx<'a>(
    edition: &'a ResolvedEdition<'_>,
    report: &ResolvedReport<'_>,
) -> EditionCtx<'a> {
    let meta = &edition.edition.meta;
    EditionCtx {
        year: edition.edition.year,
        title: smart_punctuation(&meta.title),
        date: meta.date.as_deref(),
        date_text: meta.date.as_deref().map(|d| edition.locale.date(d)),
        authors: &meta.authors,
        draft: is_draft(edition),
        newest: report.newest().map(|e| e.edition.year) == Some(edition.edition.year),
    }
}

/// The bibliography's downloads, relative to the edition page.
#[derive(Serialize)]
struct BibliographyCtx {
    bibtex: &'static str,
    csl_json: &'static str,
}

/// `html` (a box, a figure, a reference, a value) marked as written in `language`: its
/// first element carries `lang` (a text alone is put in a `span`).
fn marked_in(html: &str, language: &str) -> String {
    let lang = crate::core::escape::html(language);
    let trimmed = html.trim_start();
    let lead = &html[..html.len() - trimmed.len()];
    if let Some(rest) = trimmed.strip_prefix('<') {
        let name_len = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        if name_len > 0 {
            let (name, after) = rest.split_at(name_len);
            return format!("{lead}<{name} lang=\"{lang}\"{after}");
        }
    }
    format!("<span lang=\"{lang}\">{html}</span>")
}

/// The HTML of an embedded box or figure.
fn embed_html(
    theme: &Theme,
    edition: &ResolvedEdition<'_>,
    kind: TargetKind,
    index: usize,
    allow_raw_html: bool,
    drawings: &super::figures::Drawings,
    inline: &super::citations::InlineMarks<'_>,
) -> Result<String, Diagnostic> {
    match kind {
        TargetKind::Box => super::boxes::render_box(
            theme,
            &edition.boxes[index],
            allow_raw_html,
            &edition.locale,
            &|r| inline.html(r),
        ),
        TargetKind::Figure => super::figures::render_figure(
            theme,
            &edition.figures[index],
            allow_raw_html,
            drawings.of(index),
            &edition.locale,
            &|r| inline.html(r),
        ),
    }
}

/// The edition this one is compared with: its `previous:`, or else the newest older published
/// edition of the report. It is compared in its own language: with that edition's original or translation in the
/// same language, and with nothing when the previous edition is not published in it.
fn previous_edition<'p>(
    site: &ResolvedSite<'p>,
    report: &ResolvedReport<'p>,
    edition: &ResolvedEdition<'_>,
) -> Option<&'p crate::model::Edition> {
    let all = &report.report.editions;
    let year = edition.edition.year;
    let previous = match edition.edition.meta.previous {
        Some(p) => all.iter().find(|e| e.year == p),
        None => all
            .iter()
            .filter(|e| e.year < year && e.meta.status == Status::Published)
            .max_by_key(|e| e.year),
    }?;
    // Rows and series are known by their text: across languages, every one would read as
    // removed and added again.
    std::iter::once(previous)
        .chain(&previous.translations)
        .find(|v| {
            let tag = crate::model::language_of(&site.project.site, &report.report.meta, &v.meta);
            crate::locale::canonical_tag(tag) == edition.locale.tag()
        })
}

/// An edition laid out a page per chapter (see `chapter_pages`), from its one-page render.
struct SplitEdition<'a, 'p> {
    site: &'a ResolvedSite<'p>,
    report: &'a ResolvedReport<'p>,
    edition: &'a ResolvedEdition<'p>,
    theme: &'a Theme,
    chapters: &'a [ChapterCtx],
    boxes: &'a [NumberedCtx],
    figures: &'a [NumberedCtx],
}

/// A chapter in a list of the split edition's pages.
#[derive(Serialize)]
struct ChapterLink<'a> {
    href: String,
    /// Its page, to which its headings' ids are added.
    page: String,
    title: &'a str,
    lang: Option<&'a str>,
    dir: Option<&'static str>,
    headings: &'a [Heading],
    /// The page this list is on.
    current: bool,
}

/// A chapter on its own page.
#[derive(Serialize)]
struct ChapterPageCtx<'a> {
    id: &'a str,
    title_id: &'a str,
    title: &'a str,
    html: String,
    notes: Vec<Note>,
    lang: Option<&'a str>,
    dir: Option<&'static str>,
}

impl SplitEdition<'_, '_> {
    /// The contents page and each chapter's page; `ctx` is the one-page view's.
    fn pages(&self, mut ctx: tera::Context) -> Result<Vec<OutputFile>, Diagnostic> {
        let edition = self.edition;
        let dir = edition.site_dir();
        let slugs: Vec<String> = edition
            .chapters
            .iter()
            .map(|c| c.chapter.slug.clone())
            .collect();
        let mut places = edition_folder(edition);
        for (i, c) in self.chapters.iter().enumerate() {
            let page = Page::Chapter(i);
            places.add_chapter(i, &c.id, &c.title_id);
            places.add_html(&c.html, page);
            for n in &c.notes {
                places.add(&n.id, page);
                places.add_html(&n.html, page);
            }
        }
        let links = |from: Page| -> Vec<ChapterLink<'_>> {
            self.chapters
                .iter()
                .zip(&slugs)
                .enumerate()
                .map(|(i, (c, slug))| {
                    let href = match from {
                        Page::Contents | Page::OnePage => format!("{slug}/index.html"),
                        Page::Chapter(_) => format!("../{slug}/index.html"),
                    };
                    ChapterLink {
                        page: href.clone(),
                        href,
                        title: &c.title,
                        lang: c.lang.as_deref(),
                        dir: c.dir,
                        headings: &c.headings,
                        current: from == Page::Chapter(i),
                    }
                })
                .collect()
        };

        // The contents page: the one-page view's context without the chapters' text.
        let numbered = |list: &[NumberedCtx]| -> Vec<NumberedCtx> {
            list.iter()
                .map(|n| NumberedCtx {
                    number: n.number,
                    id: n.id.clone(),
                    title: n.title.clone(),
                    href: places.link(&n.id, Page::Contents, &slugs),
                })
                .collect()
        };
        ctx.insert("layout", "contents");
        ctx.insert("chapters", &links(Page::Contents));
        ctx.insert("boxes", &numbered(self.boxes));
        ctx.insert("figures", &numbered(self.figures));
        let contents = render_template(self.theme, "contents.html", &ctx)?;
        places.add_html(&contents, Page::Contents);
        let contents = relink(&contents, Page::Contents, &places, &slugs);
        let mut files = vec![OutputFile::new(
            &format!("{dir}/index.html"),
            contents.into_bytes(),
        )?];

        // Each chapter's page, one folder down.
        let root = format!("{}../", edition.root());
        let site = self.site;
        let original = self
            .report
            .editions
            .iter()
            .find(|e| e.edition.year == edition.edition.year)
            .filter(|e| !e.translations.is_empty());
        for (i, (c, slug)) in self.chapters.iter().zip(&slugs).enumerate() {
            let page_here = Page::Chapter(i);
            let path = edition.chapter_page(slug);
            let meta = PageMeta {
                path: &path,
                canonical_path: None,
                title: c.title.clone(),
                description: edition_description(site, edition),
                og_type: "article",
                rights: self.report.report.meta.rights(&site.project.site),
                noindex: is_draft(edition),
                locale: &edition.locale,
            };
            let mut ctx = page_context(site, &root, &meta);
            ctx.insert("report", &report_ctx(self.report, &root, Some(edition)));
            ctx.insert("edition", &edition_ctx(edition, self.report));
            if let Some(original) = original {
                // The same chapter in the edition's other languages.
                let chapter_of = |v: &ResolvedEdition<'_>| match v.pages {
                    PageLayout::Chapters => v.chapter_page(slug),
                    PageLayout::Single => format!("{}/index.html", v.site_dir()),
                };
                ctx.insert(
                    "versions",
                    &versions_at(original, Some(edition), |v| {
                        let page = chapter_of(v);
                        format!("{root}{}", page.trim_end_matches("index.html"))
                    }),
                );
                let base = site.project.site.base_url.as_deref();
                let alternates = versions_at(original, Some(edition), |v| {
                    let page = chapter_of(v);
                    match base {
                        Some(base) => super::template::page_address(base, &page),
                        None => format!("{root}{page}"),
                    }
                });
                ctx.insert("alternates", &alternates);
            }
            ctx.insert("chapters", &links(page_here));
            ctx.insert(
                "chapter",
                &ChapterPageCtx {
                    id: &c.id,
                    title_id: &c.title_id,
                    title: &c.title,
                    html: relink(&c.html, page_here, &places, &slugs),
                    notes: c
                        .notes
                        .iter()
                        .map(|n| Note {
                            number: n.number,
                            id: n.id.clone(),
                            html: relink(&n.html, page_here, &places, &slugs),
                        })
                        .collect(),
                    lang: c.lang.as_deref(),
                    dir: c.dir,
                },
            );
            let neighbour = |k: usize| {
                self.chapters.get(k).map(|n| PagerLink {
                    href: format!("../{}/index.html", slugs[k]),
                    title: &n.title,
                    lang: n.lang.as_deref(),
                })
            };
            let prev = match i.checked_sub(1) {
                Some(k) => neighbour(k),
                // The first chapter leads back to the contents.
                None => Some(PagerLink {
                    href: "../index.html".to_string(),
                    title: edition.locale.text("contents"),
                    lang: None,
                }),
            };
            ctx.insert("prev", &prev);
            ctx.insert("next", &neighbour(i + 1));
            files.push(OutputFile::new(
                &path,
                render_template(self.theme, "chapter.html", &ctx)?.into_bytes(),
            )?);
        }
        Ok(files)
    }
}

/// The previous or next page of a chapter's.
#[derive(Serialize)]
struct PagerLink<'a> {
    href: String,
    title: &'a str,
    lang: Option<&'a str>,
}
