//! An edition as a print-grade PDF, typeset in-process by the Typst compiler (behind the
//! default feature `pdf`): the same chapters, boxes, figures and numbers as the page, from the
//! resolved edition, never from a file.
//!
//! `document` writes the Typst source (every author word a string literal, see `markup`),
//! `world` serves it with the charts' SVG and the embedded fonts, and this module compiles it
//! and exports a tagged PDF: PDF/UA-1, and PDF/A-2b when the edition has a date (an archival
//! PDF must be dated, and the build's clock is never used). Metadata (title, authors,
//! language, date) comes from the edition; two builds give the same bytes.

mod box_fit;
mod document;
mod images;
pub mod markup;
mod world;

use crate::core::code::Code;
use crate::core::diagnostic::Diagnostic;
use crate::core::source::Position;
use crate::resolve::{NumberedFigure, ResolvedEdition, ResolvedReport, ResolvedSite};
use typst::foundations::{Datetime, Smart};
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

/// A typeset edition.
#[derive(Debug, Clone)]
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Why it is not PDF/UA-1 (and PDF/A-2b), when it could not be.
    pub not_conforming: Option<Diagnostic>,
    /// Taken from the store: an earlier build typeset the same inputs.
    pub from_store: bool,
    /// Its key in the store: a hash of everything it is typeset from.
    pub key: String,
}

/// A PDF as the store keeps it: its page count, the reason it is not conforming (if any),
/// then its bytes.
fn encode(pages: usize, why: Option<&str>, bytes: &[u8]) -> Vec<u8> {
    let why = why.unwrap_or("");
    let mut out = format!("{pages}\n{}\n{why}", why.len()).into_bytes();
    out.extend_from_slice(bytes);
    out
}

fn decode(entry: &[u8]) -> Option<(usize, Option<String>, Vec<u8>)> {
    let mut lines = entry.splitn(3, |&b| b == b'\n');
    let pages = std::str::from_utf8(lines.next()?).ok()?.parse().ok()?;
    let why_len: usize = std::str::from_utf8(lines.next()?).ok()?.parse().ok()?;
    let rest = lines.next()?;
    let why = std::str::from_utf8(rest.get(..why_len)?).ok()?;
    let bytes = rest.get(why_len..)?;
    bytes.starts_with(b"%PDF-").then(|| {
        (
            pages,
            (!why.is_empty()).then(|| why.to_string()),
            bytes.to_vec(),
        )
    })
}

/// The site path of an edition's PDF: `<report>/<year>/<report>-<year>.pdf`, and a
/// translation's `<report>/<year>/<language>/<report>-<year>-<language>.pdf`.
pub fn pdf_path(report: &ResolvedReport<'_>, edition: &ResolvedEdition<'_>) -> String {
    format!("{}/{}", edition.site_dir(), pdf_name(report, edition))
}

/// The file name alone, for the edition page's link.
pub fn pdf_name(report: &ResolvedReport<'_>, edition: &ResolvedEdition<'_>) -> String {
    let (slug, year) = (&report.report.slug, edition.edition.year);
    match edition.edition.translated_into() {
        Some(language) => format!("{slug}-{year}-{language}.pdf"),
        None => format!("{slug}-{year}.pdf"),
    }
}

/// Typesets `edition`; `svg_of` draws a figure's chart or diagram for the PDF's text width.
pub fn typeset(
    site: &ResolvedSite<'_>,
    edition: &ResolvedEdition<'_>,
    description: Option<String>,
    svg_of: &dyn Fn(&NumberedFigure<'_>) -> Option<String>,
) -> Result<Pdf, Diagnostic> {
    let doc = document::document(
        edition,
        edition.locale.tag(),
        description,
        site.project.site.allow_raw_html,
        svg_of,
    );
    let date = edition_date(edition);
    // Everything the PDF is made from, and what makes it: the same key, the same bytes.
    let key = {
        let date_text = format!("{date:?}");
        let mut parts: Vec<&[u8]> = vec![
            env!("CARGO_PKG_VERSION").as_bytes(),
            doc.source.as_bytes(),
            edition.edition.file.path.as_bytes(),
            date_text.as_bytes(),
        ];
        for (name, bytes) in &doc.files {
            parts.push(name.as_bytes());
            parts.push(bytes.as_slice());
        }
        crate::core::store::key_of(&parts)
    };
    let not_conforming = |why: &str| {
        let help = if why.contains("glyph") || why.contains("notdef") {
            "some characters are outside the embedded font (Inter: Latin, Greek and Cyrillic) and print as boxes in the PDF: Chinese, Japanese, Arabic, Hebrew or emoji, say"
        } else if why.contains("heading") {
            "a heading skips a level: give the chapter's headings in order (## before ###)"
        } else if why.contains("alt") {
            "give every image a text alternative (`alt`)"
        } else {
            "the PDF is made all the same; the message says what the standard asks"
        };
        Diagnostic::warning(
            Code::PdfStandard,
            format!("the PDF of this edition is not fully conforming: {why}"),
        )
        .in_file(&edition.edition.file.path)
        .with_help(help)
    };
    if let Some((pages, why, bytes)) = site
        .store
        .and_then(|s| s.get(&key))
        .and_then(|e| decode(&e))
    {
        return Ok(Pdf {
            bytes,
            pages,
            not_conforming: why.as_deref().map(not_conforming),
            from_store: true,
            key,
        });
    }
    // A problem is reported at the line of the project it comes from, and said in almanac's
    // words: Typst's own message only follows them.
    let failed_at = |origin: Option<&document::Origin>, why: &str| -> Diagnostic {
        let (message, help) = match origin.and_then(|o| o.image.as_deref()) {
            Some(image) => (
                format!(
                    "the PDF of this edition could not be typeset: the image `{image}` could not be read: {why}"
                ),
                "open the image in an image viewer, and export it again (a plain SVG without linked images, a PNG or a JPEG); `--no-pdf` builds the site meanwhile",
            ),
            None => (
                match origin {
                    Some(_) => {
                        format!(
                            "the PDF of this edition could not be typeset at this place ({why})"
                        )
                    }
                    None => format!("the PDF of this edition could not be typeset ({why})"),
                },
                "a file's content is never read as Typst, so this is almanac's fault: please report it with this file; `--no-pdf` builds the site meanwhile",
            ),
        };
        let problem = Diagnostic::error(Code::PdfError, message).with_help(help);
        match origin {
            Some(o) => problem.at_position(&o.file, o.at, 1),
            None => problem.at_position(&edition.edition.file, Position { line: 1, column: 1 }, 1),
        }
    };
    let failed = |why: &str| failed_at(None, why);
    if let Some((origin, why)) = doc.problems.first() {
        return Err(failed_at(Some(origin), why));
    }
    let (regions, origins) = (doc.regions, doc.origins);
    let world = world::EditionWorld::new(doc.source, doc.files, date)
        .ok_or_else(|| failed("a file of its world has no usable name"))?;
    // Typst lays out and exports with rayon. Run from a worker of the build's own pool, a
    // worker waiting in Typst's parallel work would take up another edition's whole
    // typesetting meanwhile, and again, nesting without bound until a stack overflowed. So
    // each edition is typeset by a thread of its own, which blocks without taking up other
    // work, and Typst's parallel work runs in a pool of its own.
    let typeset_here = || -> Result<_, Diagnostic> {
        let compiled = typst::compile::<typst_layout::PagedDocument>(&world);
        // Typst memoizes across compilations in a cache of its own that nothing else empties:
        // one edition's results are of little use to the next, and kept, 200 editions held
        // 10 GB (a 100 × 2 build peaks at 270 MB with this; evicting everything was slower).
        typst::comemo::evict(1);
        let paged = compiled.output.map_err(|errors| {
            let origin = errors
                .first()
                .and_then(|e| world.origin_of(e, &regions, &origins));
            failed_at(origin, &first_message(&errors))
        })?;
        let ident = format!("almanac:{}", edition.site_dir().replace('/', ":"));
        // The standards to meet, in the order they are given up when the content cannot meet
        // them all: both, then each alone, then none (tagged all the same).
        let attempts: Vec<Vec<PdfStandard>> = match date {
            Some(_) => vec![
                vec![PdfStandard::Ua_1, PdfStandard::A_2b],
                vec![PdfStandard::Ua_1],
                vec![PdfStandard::A_2b],
                vec![],
            ],
            None => vec![vec![PdfStandard::Ua_1], vec![]],
        };
        let export =
            |standards: &[PdfStandard]| -> Result<Vec<u8>, (Option<&document::Origin>, String)> {
                let options = PdfOptions {
                    ident: Smart::Custom(ident.clone()),
                    creator: Smart::Custom(Some("almanac".into())),
                    timestamp: date.map(Timestamp::new_utc),
                    standards: PdfStandards::new(standards)
                        .map_err(|e| (None, e.message().to_string()))?,
                    tagged: true,
                    ..PdfOptions::default()
                };
                typst_pdf::pdf(&paged, &options).map_err(|errors| {
                    let origin = errors
                        .first()
                        .and_then(|e| world.origin_of(e, &regions, &origins));
                    // At a figure's image, in the author's terms rather than the encoder's.
                    let why = match origin.and_then(|o| o.image.as_ref()) {
                        Some(_) => "it, or a picture inside it, cannot be decoded".to_string(),
                        None => first_message(&errors),
                    };
                    (origin, why)
                })
            };
        // The standards ask what some content cannot give (a glyph the font lacks, say): then
        // the PDF is made all the same, tagged, and a warning says why it is not conforming.
        let mut first_refusal: Option<String> = None;
        let mut made = None;
        for standards in &attempts {
            match export(standards) {
                Ok(bytes) => {
                    made = Some((bytes, standards.clone()));
                    break;
                }
                Err((origin, why)) if standards.is_empty() => return Err(failed_at(origin, &why)),
                Err(why) => {
                    first_refusal.get_or_insert(why.1);
                }
            }
        }
        Ok((paged.pages().len(), made, first_refusal))
    };
    let (pages, made, first_refusal) = on_typesetting_thread(typeset_here)
        .unwrap_or_else(|| Err(failed("the typesetting stopped unexpectedly")))?;
    let Some((bytes, met)) = made else {
        return Err(failed("no export was possible"));
    };
    let why = first_refusal.map(|why| {
        let kept = match met.as_slice() {
            [] => "it is tagged, but neither PDF/UA-1 nor PDF/A-2b".to_string(),
            [PdfStandard::Ua_1] if date.is_some() => "it is PDF/UA-1, but not PDF/A-2b".into(),
            [PdfStandard::A_2b] => "it is PDF/A-2b, but not PDF/UA-1".into(),
            _ => "it is not PDF/UA-1".into(),
        };
        format!("{kept}: {why}")
    });
    if let Some(store) = site.store {
        store.put(&key, &encode(pages, why.as_deref(), &bytes));
    }
    Ok(Pdf {
        pages,
        bytes,
        not_conforming: why.as_deref().map(not_conforming),
        from_store: false,
        key,
    })
}

/// The first error's words (the PDF is almanac's own markup: any error is almanac's).
fn first_message(errors: &[typst::diag::SourceDiagnostic]) -> String {
    errors
        .first()
        .map_or_else(|| "no reason given".into(), |e| e.message.to_string())
}

/// The edition's date as Typst's, when it has one (checked at load: a real day).
fn edition_date(edition: &ResolvedEdition<'_>) -> Option<Datetime> {
    let date = edition.edition.meta.date.as_deref()?;
    let part = |r: std::ops::Range<usize>| date.get(r)?.parse::<i32>().ok();
    Datetime::from_ymd(
        part(0..4)?,
        u8::try_from(part(5..7)?).ok()?,
        u8::try_from(part(8..10)?).ok()?,
    )
}

/// Runs `work` on a thread of its own (with room for Typst's deep layouts), in which Typst's
/// parallel work runs in the typesetting pool: `None` if it panicked.
fn on_typesetting_thread<T: Send>(work: impl FnOnce() -> T + Send) -> Option<T> {
    const STACK: usize = 16 << 20;
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    let pool = POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|n| format!("almanac-typeset-{n}"))
            .stack_size(STACK)
            .build()
            .ok()
    });
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("almanac-typeset".into())
            .stack_size(STACK)
            .spawn_scoped(scope, || match pool {
                Some(pool) => pool.install(work),
                None => work(),
            })
            .ok()?;
        thread.join().ok()
    })
}
