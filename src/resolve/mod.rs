//! Stage 2, resolve: per edition, find every shortcode and reference, number boxes and
//! figures by their first embedding, and check that everything referred to exists.
//!
//! Every semantic error is found here, before any output exists.

pub mod boxes;
pub mod charts;
pub mod citations;
pub mod diagrams;
pub mod outline;
pub mod texts;
pub mod translation;
pub mod unused;
pub mod values;

use crate::core::code::Code;
use crate::core::diagnostic::{Diagnostic, Diagnostics, did_you_mean};
use crate::load::yaml::{Seg, Target, locate_in};
use crate::locale::Locale;
use crate::markdown::scan::{self, MarkKind};
pub use crate::markdown::targets::{ShortcodeKind, TargetKind};
use crate::model::{
    BoxSpec, Chapter, ChartSpec, DataFile, Edition, PageLayout, Project, Report, Status,
};
use rayon::prelude::*;
use std::collections::HashMap;
use std::ops::Range;

/// What to resolve.
#[derive(Debug, Clone, Copy, Default)]
pub struct ResolveOptions<'s> {
    /// Include editions whose status is `draft`.
    pub drafts: bool,
    /// Typeset each edition as a PDF too (when the site does not say `pdf: false`, and the
    /// binary has the `pdf` feature).
    pub pdf: bool,
    /// Where a build keeps formatted citations between runs (none: formatted in memory).
    pub store: Option<&'s dyn crate::core::store::Store>,
    /// Keep each chapter's scan with its file, for a later build of the same files (the live
    /// preview keeps unchanged reports loaded; see `markdown::scan::scan_remembered`).
    pub remember_scans: bool,
}

/// The whole site, resolved.
#[derive(Debug)]
pub struct ResolvedSite<'p> {
    pub project: &'p Project,
    /// Whether each edition is typeset as a PDF too.
    pub pdf: bool,
    /// Where PDFs typeset by earlier builds are kept, when the build keeps them (the pipeline
    /// sets it; resolve and render do no I/O of their own).
    pub store: Option<&'p dyn crate::core::store::Store>,
    /// Where formatted citations are kept between builds (the pipeline sets it, as `store`):
    /// render keeps each edition's "how to cite" there.
    pub citation_store: Option<&'p dyn crate::core::store::Store>,
    /// Reports with at least one edition built, in folder order.
    pub reports: Vec<ResolvedReport<'p>>,
    /// The site's language: its own pages (the index, the comparisons).
    pub locale: Locale,
}

#[derive(Debug)]
pub struct ResolvedReport<'p> {
    pub report: &'p Report,
    /// The report's language: its page.
    pub locale: Locale,
    /// Oldest first.
    pub editions: Vec<ResolvedEdition<'p>>,
}

impl ResolvedReport<'_> {
    /// The newest published edition (a draft is never the newest).
    pub fn newest(&self) -> Option<&ResolvedEdition<'_>> {
        self.editions
            .iter()
            .rev()
            .find(|e| e.edition.meta.status == Status::Published)
    }
}

/// A box or figure with its number in the edition.
#[derive(Debug)]
pub struct Numbered<'p, T, C = ()> {
    pub number: usize,
    pub data: &'p DataFile<T>,
    /// What resolving made of it (a figure's checked data).
    pub content: C,
    /// The references and citations in its Markdown fields.
    pub texts: texts::TextMarks,
}

/// A numbered figure and its content (absent only when it has errors, which stop the build).
pub type NumberedFigure<'p> = Numbered<'p, ChartSpec, Option<charts::FigureContent>>;

#[derive(Debug)]
pub struct ResolvedEdition<'p> {
    pub report: &'p Report,
    pub edition: &'p Edition,
    pub chapters: Vec<ResolvedChapter<'p>>,
    /// In number order.
    pub boxes: Vec<Numbered<'p, BoxSpec>>,
    /// In number order.
    pub figures: Vec<NumberedFigure<'p>>,
    /// Its citations formatted in reading order, and its reference list.
    pub citations: citations::EditionCitations,
    /// Its language: every word almanac writes on its page and in its PDF, its numbers and
    /// dates.
    pub locale: Locale,
    /// The edition in each language of its `translations:` (in that order), each resolved as
    /// an edition of its own (none on a translation).
    pub translations: Vec<ResolvedEdition<'p>>,
    /// Its layout in pages: one, or a page per chapter.
    pub pages: PageLayout,
}

impl ResolvedEdition<'_> {
    /// The edition's folder in the site: `<report>/<year>`, or `<report>/<year>/<language>`
    /// for a translation.
    pub fn site_dir(&self) -> String {
        let (slug, year) = (&self.report.slug, self.edition.year);
        match self.edition.translated_into() {
            Some(language) => format!("{slug}/{year}/{language}"),
            None => format!("{slug}/{year}"),
        }
    }

    /// The page of its chapter `slug` when it is laid out a page per chapter:
    /// `<report>/<year>/<slug>/index.html`.
    pub fn chapter_page(&self, slug: &str) -> String {
        format!("{}/{slug}/index.html", self.site_dir())
    }

    /// The way back from the edition's folder to the site's top.
    pub fn root(&self) -> &'static str {
        if self.edition.translated_into().is_some() {
            "../../../"
        } else {
            "../../"
        }
    }

    /// The report's own text (name, title, summary) in the edition's language.
    pub fn report_meta(&self) -> &crate::model::ReportMeta {
        self.edition.report.as_ref().unwrap_or(&self.report.meta)
    }

    /// The page a box or figure is on, from the edition's folder (`index.html#box-id` on one
    /// page, `<chapter>/index.html#box-id` with a page per chapter); `None` when it is not
    /// embedded.
    pub fn page_of(&self, kind: TargetKind, id: &str) -> Option<String> {
        let index = match kind {
            TargetKind::Box => self.boxes.iter().position(|b| b.data.spec.id == id)?,
            TargetKind::Figure => self.figures.iter().position(|f| f.data.spec.id == id)?,
        };
        let chapter = self.chapters.iter().find(|c| {
            c.marks.iter().any(|m| {
                matches!(m.resolution, Resolution::Embed { kind: k, index: i } if k == kind && i == index)
            })
        })?;
        Some(match self.pages {
            PageLayout::Single => format!("index.html#{id}"),
            PageLayout::Chapters => format!("{}/index.html#{id}", chapter.chapter.slug),
        })
    }

    /// The edition and its translations, the original first.
    pub fn versions(&self) -> impl Iterator<Item = &Self> {
        std::iter::once(self).chain(&self.translations)
    }
}

#[derive(Debug)]
pub struct ResolvedChapter<'p> {
    pub chapter: &'p Chapter,
    /// In source order; ranges are byte ranges of the chapter body.
    pub marks: Vec<ResolvedMark>,
    /// Links to places inside the site, checked when the pages are rendered.
    pub links: Vec<scan::InternalLink>,
}

#[derive(Debug, Clone)]
pub struct ResolvedMark {
    pub range: Range<usize>,
    /// A block mark stands on a line of its own and becomes a block of its own.
    pub block: bool,
    pub resolution: Resolution,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Embed the `index`-th numbered box or figure of the edition.
    Embed { kind: TargetKind, index: usize },
    /// A link to a numbered thing.
    Reference {
        kind: TargetKind,
        id: String,
        number: usize,
    },
    /// Inline HTML, already escaped (a formatted value, say).
    Html(String),
    /// The `index`-th citation of the edition, in reading order
    /// (`ResolvedEdition::citations`).
    Citation { index: usize },
}

/// Resolves every edition of the project.
pub fn resolve<'p>(
    project: &'p Project,
    options: ResolveOptions<'_>,
) -> (ResolvedSite<'p>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut reports = Vec::new();
    // One locale per language the project writes in, shared by its editions.
    let site = &project.site;
    let mut locales: HashMap<String, Locale> = HashMap::new();
    let mut locale_of = |tag: &str| -> Locale {
        locales
            .entry(tag.to_string())
            .or_insert_with(|| Locale::new(tag, &site.labels))
            .clone()
    };
    let site_locale = locale_of(&site.language);
    let report_locales: Vec<Locale> = project
        .reports
        .iter()
        .map(|r| locale_of(r.meta.language.as_deref().unwrap_or(&site.language)))
        .collect();
    let edition_locales: Vec<Vec<Locale>> = project
        .reports
        .iter()
        .map(|r| {
            r.editions
                .iter()
                .map(|e| locale_of(crate::model::language_of(site, &r.meta, &e.meta)))
                .collect()
        })
        .collect();
    // The locale of each language editions are translated into.
    let translation_locales: HashMap<String, Locale> = project
        .reports
        .iter()
        .flat_map(|r| &r.editions)
        .flat_map(|e| e.translations.iter().filter_map(|t| t.translated_into()))
        .map(|tag| (tag.to_string(), locale_of(tag)))
        .collect();
    // Every edition of every report resolves in parallel; the order is kept.
    let results: Vec<(usize, ResolvedEdition, Vec<Diagnostic>)> = project
        .reports
        .iter()
        .enumerate()
        .flat_map(|(i, r)| {
            let locales = &edition_locales[i];
            r.editions
                .iter()
                .zip(locales)
                .map(move |(e, l)| (i, r, e, l))
        })
        .filter(|(_, _, e, _)| options.drafts || e.meta.status != Status::Draft)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(i, report, e, locale)| {
            let (mut resolved, mut d) =
                resolve_edition(project, report, e, locale.clone(), options);
            for t in &e.translations {
                let tag = t.translated_into().unwrap_or_default();
                let locale = translation_locales
                    .get(tag)
                    .cloned()
                    .unwrap_or_else(|| Locale::new(tag, &site.labels));
                let (translated, found) = resolve_edition(project, report, t, locale, options);
                translation::check_same_embeds(&resolved, &translated, &mut d);
                // What is unused is said of the original: a translation that leaves out what
                // its original embeds is a mismatch, said above. What else it shares with the
                // original (its data, the chapters it shows untranslated) gives the same
                // diagnostic twice, which the run's list keeps once (`into_sorted`).
                let unused = [Code::UnusedBox, Code::UnusedFigure, Code::UnusedIndicator];
                d.extend(found.into_iter().filter(|x| !unused.contains(&x.code)));
                resolved.translations.push(translated);
            }
            (i, resolved, d)
        })
        .collect();
    let mut by_report: Vec<Vec<ResolvedEdition>> =
        project.reports.iter().map(|_| Vec::new()).collect();
    for (i, e, d) in results {
        diags.extend(d);
        by_report[i].push(e);
    }
    for ((report, editions), locale) in project.reports.iter().zip(by_report).zip(report_locales) {
        if !editions.is_empty() {
            reports.push(ResolvedReport {
                report,
                locale,
                editions,
            });
        }
    }
    diags.extend(values::check_comparisons(&reports));
    let mut uncited = Vec::new();
    citations::warn_uncited(project, &reports, &mut uncited);
    diags.extend(uncited);
    let pdf = options.pdf && project.site.pdf && cfg!(feature = "pdf");
    (
        ResolvedSite {
            project,
            pdf,
            store: None,
            citation_store: None,
            reports,
            locale: site_locale,
        },
        diags,
    )
}

/// With `base_url` the site has an Atom feed of its published editions, and an entry of a
/// feed needs a date: a published edition without one is left out of it, and said so once.
fn check_dated(project: &Project, edition: &Edition, diags: &mut Vec<Diagnostic>) {
    if project.site.base_url.is_none()
        || edition.meta_in_error
        || edition.meta.status != Status::Published
        || edition.meta.date.is_some()
        // A `date` in error has its own diagnostic (and was dropped).
        || edition.meta.date_in_error
    {
        return;
    }
    let d = Diagnostic::warning(
        Code::UndatedEdition,
        format!(
            "the {} edition has no `date`, so the Atom feed leaves it out",
            edition.year
        ),
    )
    .with_help("give it `date: YYYY-MM-DD`");
    // At the empty `date:` when there is one, else at the title.
    let at = locate_in(&edition.file, &[Seg::Key("date")], Target::Key)
        .or_else(|| locate_in(&edition.file, &[Seg::Key("title")], Target::Key));
    diags.push(match at {
        Some(p) => d.at_position(&edition.file, p, 1),
        None => d.in_file(&edition.file.path),
    });
}

fn resolve_edition<'p>(
    project: &'p Project,
    report: &'p Report,
    edition: &'p Edition,
    locale: Locale,
    options: ResolveOptions<'_>,
) -> (ResolvedEdition<'p>, Vec<Diagnostic>) {
    let store = options.store;
    let mut diags = Vec::new();
    let allow_html = project.site.allow_raw_html;
    let scan = if options.remember_scans {
        scan::scan_remembered
    } else {
        scan::scan
    };
    let scanned: Vec<scan::Scanned> = edition
        .chapters
        .iter()
        .map(|c| scan(&c.file, c.body_offset, allow_html, &mut diags))
        .collect();
    check_previous(report, edition, &mut diags);
    check_dated(project, edition, &mut diags);
    boxes::check_edition(edition, allow_html, &mut diags);
    values::check_indicators(edition, &mut diags);
    outline::check_outline(&project.site, edition, &mut diags);
    let mut pages = crate::model::page_layout(&project.site, &report.meta, &edition.meta);
    // A chapter whose page would take a folder of the edition's is an error (reported on the
    // original: a translation's chapters have its slugs); such an edition is rendered on one
    // page, so nothing else collides with it.
    if pages == PageLayout::Chapters {
        let mut errors = Vec::new();
        check_chapter_pages(report, edition, &mut errors);
        if !errors.is_empty() {
            pages = PageLayout::Single;
        }
        if edition.translated_into().is_none() {
            diags.extend(errors);
        }
    }

    // Number boxes and figures by their first embedding, in chapter order.
    let mut numbers: HashMap<String, (TargetKind, usize)> = HashMap::new();
    let mut boxes: Vec<Numbered<BoxSpec>> = Vec::new();
    let mut figures: Vec<NumberedFigure> = Vec::new();
    let mut contents: HashMap<&str, charts::FigureContent> = HashMap::new();
    for chart in &edition.data.charts {
        let (content, d) = charts::resolve_chart(edition, chart, &locale);
        diags.extend(d);
        if let Some(content) = content {
            contents.insert(chart.spec.id.as_str(), content);
        }
    }
    let mut first_embed: HashMap<String, (&Chapter, usize)> = HashMap::new();
    for (chapter, scanned) in edition.chapters.iter().zip(&scanned) {
        for mark in &scanned.marks {
            let MarkKind::Shortcode {
                kind: ShortcodeKind::Embed(kind),
                args,
                ..
            } = &mark.kind
            else {
                continue;
            };
            let kind = *kind;
            let at = chapter.body_offset + mark.range.start;
            let len = mark.range.len();
            let Some(id) = args.first() else {
                diags.push(
                    Diagnostic::error(
                        Code::ShortcodeSyntax,
                        format!("`{}` needs the id of what to embed", kind.shortcode()),
                    )
                    .at(&chapter.file, at, len)
                    .with_help(format!(
                        "write {{{{< {} {}-id >}}}}",
                        kind.shortcode(),
                        kind.prefix()
                    )),
                );
                continue;
            };
            if let Some((first_chapter, first_at)) = first_embed.get(id.as_str()) {
                let pos = first_chapter.file.position(*first_at);
                diags.push(
                    Diagnostic::error(Code::EmbeddedTwice, format!("`{id}` is already embedded"))
                        .at(&chapter.file, at, len)
                        .with_help(format!(
                            "embed it once (it is at {}:{}:{}) and refer to it elsewhere with @{id}",
                            first_chapter.file.path, pos.line, pos.column
                        )),
                );
                continue;
            }
            let found = match kind {
                TargetKind::Box => edition.data.find_box(id).map(|data| {
                    boxes.push(Numbered {
                        number: boxes.len() + 1,
                        data,
                        content: (),
                        texts: texts::TextMarks::default(),
                    });
                    boxes.len()
                }),
                TargetKind::Figure => edition.data.find_chart(id).map(|data| {
                    figures.push(Numbered {
                        number: figures.len() + 1,
                        data,
                        content: contents.remove(id.as_str()),
                        texts: texts::TextMarks::default(),
                    });
                    figures.len()
                }),
            };
            match found {
                Some(number) => {
                    numbers.insert(id.clone(), (kind, number));
                    first_embed.insert(id.clone(), (chapter, at));
                }
                // A data file in error has its own diagnostic; the embedding adds nothing.
                None if edition.data.is_unreadable(id) => {}
                None => diags.push(unknown_target(edition, kind, id).at(&chapter.file, at, len)),
            }
        }
    }

    unused::warn_unused(edition, &numbers, &mut diags);

    let cite_check = citations::Checker::new(project, report, edition);
    // Citations as written, in the order found; `citations::order` numbers them in reading
    // order once the boxes' and figures' texts are resolved too.
    let mut pending: Vec<crate::markdown::citation::Citation> = Vec::new();
    let mut quoted: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut chapters = Vec::with_capacity(edition.chapters.len());
    for (chapter, scan::Scanned { marks, links }) in edition.chapters.iter().zip(scanned) {
        let mut resolved = Vec::with_capacity(marks.len());
        for mark in marks {
            let at = chapter.body_offset + mark.range.start;
            let len = mark.range.len();
            match mark.kind {
                MarkKind::Shortcode {
                    kind: ShortcodeKind::Value,
                    args,
                    named,
                } => {
                    if let Some(id) = args.first() {
                        quoted.insert(id.clone());
                    }
                    match values::resolve_value(edition, &args, &named, &locale) {
                        Ok(html) => resolved.push(ResolvedMark {
                            range: mark.range,
                            block: false,
                            resolution: Resolution::Html(html),
                        }),
                        Err(d)
                            if d.code == Code::UnknownIndicator
                                && edition.data.is_unreadable("indicators") => {}
                        Err(d) => diags.push(d.at(&chapter.file, at, len)),
                    }
                }
                MarkKind::Shortcode {
                    kind: ShortcodeKind::Embed(kind),
                    args,
                    ..
                } => {
                    let Some(id) = args.first() else { continue };
                    let Some(&(_, number)) = numbers.get(id.as_str()) else {
                        continue;
                    };
                    if first_embed.get(id.as_str()).map(|(_, a)| *a) != Some(at) {
                        continue;
                    }
                    resolved.push(ResolvedMark {
                        range: mark.range,
                        block: true,
                        resolution: Resolution::Embed {
                            kind,
                            index: number - 1,
                        },
                    });
                }
                MarkKind::Reference { kind, id } => match reference(edition, &numbers, kind, &id) {
                    Ok(resolution) => resolved.push(ResolvedMark {
                        range: mark.range,
                        block: false,
                        resolution,
                    }),
                    Err(Some(d)) => diags.push(d.at(&chapter.file, at, len)),
                    Err(None) => {}
                },
                MarkKind::Citation(citation) => {
                    let place = |item: &crate::markdown::citation::CiteItem| {
                        let at = at + item.key_at;
                        (chapter.file.position(at), item.key.chars().count() + 1)
                    };
                    if cite_check.check(&citation, &chapter.file, &place, &mut diags) {
                        resolved.push(ResolvedMark {
                            range: mark.range,
                            block: false,
                            resolution: Resolution::Citation {
                                index: pending.len(),
                            },
                        });
                        pending.push(citation);
                    }
                }
            }
        }
        chapters.push(ResolvedChapter {
            chapter,
            marks: resolved,
            links,
        });
    }

    unused::warn_unused_indicators(edition, &quoted, &mut diags);

    // The Markdown fields of every box and figure, embedded or not (an unembedded one's
    // errors are errors all the same); the embedded keep theirs.
    let lookup = |kind: TargetKind, id: &str| reference(edition, &numbers, kind, id);
    let mut fields = texts::Fields {
        allow_raw_html: allow_html,
        lookup: &lookup,
        cites: &cite_check,
        pending: &mut pending,
        diags: &mut diags,
    };
    for data in &edition.data.boxes {
        let marks = fields.of_box(data);
        if let Some(b) = boxes.iter_mut().find(|b| std::ptr::eq(b.data, data)) {
            b.texts = marks;
        }
    }
    for data in &edition.data.charts {
        let marks = fields.of_chart(data);
        if let Some(f) = figures.iter_mut().find(|f| std::ptr::eq(f.data, data)) {
            f.texts = marks;
        }
    }
    let citations = citations::order(
        citations::Formatting {
            style: project.citation_style.as_ref(),
            report,
            language: locale.tag(),
            store,
        },
        &mut chapters,
        &mut boxes,
        &mut figures,
        pending,
        cite_check.into_written(),
    );

    (
        ResolvedEdition {
            report,
            edition,
            chapters,
            boxes,
            figures,
            citations,
            locale,
            translations: Vec::new(),
            pages,
        },
        diags,
    )
}

/// With a page per chapter, each chapter's page is the folder named by its slug in the
/// edition's folder: one that a translation (`fr/`) already takes cannot be a chapter's.
fn check_chapter_pages(report: &Report, edition: &Edition, diags: &mut Vec<Diagnostic>) {
    let languages = &edition.meta.translations;
    for chapter in &edition.chapters {
        let slug = chapter.slug.as_str();
        // (`data/` holds the downloads, none of them an `index.html`: a chapter `data`
        // shares the folder with them.)
        let taken = languages
            .iter()
            .find(|l| crate::locale::canonical_tag(l).eq_ignore_ascii_case(slug))
            .map(|l| format!("the edition's translation into `{l}`"));
        if let Some(what) = taken {
            diags.push(
                Diagnostic::error(
                    Code::ChapterPageTaken,
                    format!(
                        "the chapter `{slug}` would have its page at {}/{}/{slug}/, which {what} takes",
                        report.slug, edition.year
                    ),
                )
                .at(&chapter.file, 0, 0)
                .with_help(format!(
                    "rename the chapter file (NN-another-slug.md), or lay the edition out on one page with `pages: single` in {}/edition.yaml",
                    edition.dir
                )),
            );
        }
    }
}

/// `previous:` names an existing, older edition of the same report: the one this edition's
/// "Changes since" compares with.
fn check_previous(report: &Report, edition: &Edition, diags: &mut Vec<Diagnostic>) {
    let Some(previous) = edition.meta.previous else {
        return;
    };
    if previous < edition.year && report.editions.iter().any(|e| e.year == previous) {
        return;
    }
    // An older edition that exists but is in error has its own diagnostics.
    if previous < edition.year && report.edition_folders.contains(&previous) {
        return;
    }
    let older: Vec<String> = report
        .editions
        .iter()
        .filter(|e| e.year < edition.year)
        .map(|e| e.year.to_string())
        .collect();
    let message = if previous >= edition.year {
        format!(
            "`previous: {previous}` must be an edition before this {} one",
            edition.year
        )
    } else {
        format!("this report has no {previous} edition")
    };
    let help = if older.is_empty() {
        "this is the report's oldest edition: remove `previous`".to_string()
    } else {
        format!("name one of the older editions: {}", older.join(", "))
    };
    let d = Diagnostic::error(Code::PreviousEdition, message).with_help(help);
    diags.push(
        match locate_in(&edition.file, &[Seg::Key("previous")], Target::Value) {
            Some(p) => d.at_position(&edition.file, p, previous.to_string().len()),
            None => d.in_file(&edition.file.path),
        },
    );
}

/// What `@id` resolves to: a link to its number, or why not (`None` when its data file is in
/// error, or its embedding may be in a chapter that could not be read: reported already).
fn reference(
    edition: &Edition,
    numbers: &HashMap<String, (TargetKind, usize)>,
    kind: TargetKind,
    id: &str,
) -> Result<Resolution, Option<Diagnostic>> {
    if let Some(&(_, number)) = numbers.get(id) {
        return Ok(Resolution::Reference {
            kind,
            id: id.to_string(),
            number,
        });
    }
    if edition.data.is_unreadable(id) {
        return Err(None);
    }
    let exists = match kind {
        TargetKind::Box => edition.data.find_box(id).is_some(),
        TargetKind::Figure => edition.data.find_chart(id).is_some(),
    };
    // The chapter that embeds it may be one that could not be read.
    if exists && !edition.unreadable_chapters.is_empty() {
        return Err(None);
    }
    Err(Some(if exists {
        Diagnostic::error(
            Code::ReferenceNotEmbedded,
            format!("`@{id}` refers to something never embedded"),
        )
        .with_help(format!(
            "embed it with {{{{< {} {id} >}}}} on a line of its own",
            kind.shortcode()
        ))
    } else {
        let mut d = unknown_target(edition, kind, id);
        d.code = Code::UnknownReference;
        d.message = format!("unknown reference `@{id}`");
        d
    }))
}

fn unknown_target(edition: &Edition, kind: TargetKind, id: &str) -> Diagnostic {
    let ids: Vec<&str> = match kind {
        TargetKind::Box => edition
            .data
            .boxes
            .iter()
            .map(|b| b.spec.id.as_str())
            .collect(),
        TargetKind::Figure => edition
            .data
            .charts
            .iter()
            .map(|c| c.spec.id.as_str())
            .collect(),
    };
    let help = match did_you_mean(id, ids.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("define it in {}/data/{id}.yaml", edition.dir),
    };
    let d = match kind {
        TargetKind::Box => {
            Diagnostic::error(Code::UnknownBox, format!("this edition has no box `{id}`"))
        }
        TargetKind::Figure => Diagnostic::error(
            Code::UnknownFigure,
            format!("this edition has no figure `{id}`"),
        ),
    };
    d.with_help(help)
}
