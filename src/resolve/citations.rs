//! Citations: each checked against its report's bibliography where it is written, then all
//! of an edition's numbered in reading order (chapters, and the boxes and figures where they
//! are embedded) and formatted in the site's style, with the edition's reference list.

use super::{Numbered, NumberedFigure, Resolution, ResolvedChapter, ResolvedReport};
use crate::cite::{self, rich::Rich};
use crate::core::code::Code;
use crate::core::diagnostic::{Diagnostic, did_you_mean};
use crate::core::source::{Position, SourceFile};
use crate::markdown::citation::{Citation, CiteItem};
use crate::model::{BoxSpec, Edition, Project, Report};
use std::cell::RefCell;
use std::collections::{BTreeSet, HashSet};

/// A citation of the edition, formatted.
#[derive(Debug, Clone)]
pub struct CiteText {
    pub text: Rich,
    /// The key of each work, in the order written (a `Span::item` indexes these).
    pub keys: Vec<String>,
}

/// An entry of the edition's reference list.
#[derive(Debug, Clone)]
pub struct ReferenceEntry {
    pub key: String,
    /// A numeric style's label (`[1]`).
    pub label: Option<Rich>,
    pub text: Rich,
    /// The citations (indices of `EditionCitations::cites`) that cite it, in reading order.
    pub cited_by: Vec<usize>,
}

/// An edition's citations in reading order, and the works they cite in the style's order.
#[derive(Debug, Default)]
pub struct EditionCitations {
    pub cites: Vec<CiteText>,
    pub references: Vec<ReferenceEntry>,
    /// Each key's entry in `references`.
    positions: std::collections::HashMap<String, usize>,
    /// Every key the edition's text cites, known or not (so that a work is not called
    /// uncited because another key of its citation is misspelt).
    pub written: BTreeSet<String>,
}

impl EditionCitations {
    /// The index in `references` of the entry of `key`.
    pub fn reference_of(&self, key: &str) -> Option<usize> {
        self.positions.get(key).copied()
    }
}

/// Checks citations against a report's bibliography.
pub struct Checker<'p> {
    report: &'p Report,
    edition: &'p Edition,
    written: RefCell<BTreeSet<String>>,
}

impl<'p> Checker<'p> {
    pub fn new(_project: &'p Project, report: &'p Report, edition: &'p Edition) -> Self {
        Checker {
            report,
            edition,
            written: RefCell::new(BTreeSet::new()),
        }
    }

    /// Every key checked, known or not.
    pub fn into_written(self) -> BTreeSet<String> {
        self.written.into_inner()
    }

    /// Whether `citation` cites works of the bibliography, each key reported where `place`
    /// says when not. A bare `@word` in a report without a bibliography is no citation (an
    /// address or a name, left as written); a bracketed one is an error.
    pub fn check(
        &self,
        citation: &Citation,
        file: &SourceFile,
        place: &dyn Fn(&CiteItem) -> (Position, usize),
        diags: &mut Vec<Diagnostic>,
    ) -> bool {
        if self.report.bibliography_in_error {
            return false;
        }
        self.written
            .borrow_mut()
            .extend(citation.items.iter().map(|i| i.key.clone()));
        let Some(bib) = &self.report.bibliography else {
            if !citation.in_text
                && let Some(first) = citation.items.first()
            {
                let (pos, width) = place(first);
                diags.push(
                    Diagnostic::error(
                        Code::CitationWithoutBibliography,
                        format!(
                            "`@{}` cites a work, and this report has no bibliography",
                            first.key
                        ),
                    )
                    .at_position(file, pos, width)
                    .with_help(format!(
                        "add content/{}/references.yaml (or references.bib) with an entry `{}`",
                        self.report.slug, first.key
                    )),
                );
            }
            return false;
        };
        let mut ok = true;
        for item in &citation.items {
            if bib.library.contains(&item.key) {
                continue;
            }
            ok = false;
            let (pos, width) = place(item);
            let targets = self
                .edition
                .data
                .boxes
                .iter()
                .map(|b| b.spec.id.as_str())
                .chain(self.edition.data.charts.iter().map(|c| c.spec.id.as_str()));
            let help = match did_you_mean(
                &item.key,
                bib.library.keys().iter().map(String::as_str).chain(targets),
            ) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!(
                    "add an entry `{}` to the report's bibliography ({}), or write `\\@` for an @ that cites nothing",
                    item.key,
                    bib.files
                        .first()
                        .map_or("references.yaml", |f| f.path.as_str())
                ),
            };
            diags.push(
                Diagnostic::error(
                    Code::UnknownCitation,
                    format!("`@{}` is no work of this report's bibliography", item.key),
                )
                .at_position(file, pos, width)
                .with_help(help),
            );
        }
        ok
    }
}

/// How an edition's citations are formatted: the site's style (none when it is in error), the
/// report's bibliography, and the edition's language.
pub struct Formatting<'a> {
    pub style: Option<&'a cite::Style>,
    pub report: &'a Report,
    pub language: &'a str,
    /// Where formatted lists are kept between builds (see [`cite::format_remembered`]).
    pub store: Option<&'a dyn crate::core::store::Store>,
}

/// Numbers the edition's citations in reading order (a box's or figure's where it is
/// embedded) and formats them. `pending[i]` is the citation that marks with `index: i` were
/// given when found.
pub fn order(
    how: Formatting<'_>,
    chapters: &mut [ResolvedChapter<'_>],
    boxes: &mut [Numbered<'_, BoxSpec>],
    figures: &mut [NumberedFigure<'_>],
    pending: Vec<Citation>,
    written: BTreeSet<String>,
) -> EditionCitations {
    let Formatting {
        style,
        report,
        language,
        store,
    } = how;
    if pending.is_empty() {
        return EditionCitations {
            written,
            ..EditionCitations::default()
        };
    }
    let mut ordered: Vec<&Citation> = Vec::with_capacity(pending.len());
    let mut renumber = |resolution: &mut Resolution| {
        if let Resolution::Citation { index } = resolution
            && let Some(c) = pending.get(*index)
        {
            *index = ordered.len();
            ordered.push(c);
        }
    };
    for chapter in chapters.iter_mut() {
        for mark in &mut chapter.marks {
            match mark.resolution {
                Resolution::Embed {
                    kind: super::TargetKind::Box,
                    index,
                } => {
                    if let Some(b) = boxes.get_mut(index) {
                        for m in b.texts.iter_mut() {
                            renumber(&mut m.resolution);
                        }
                    }
                }
                Resolution::Embed {
                    kind: super::TargetKind::Figure,
                    index,
                } => {
                    if let Some(f) = figures.get_mut(index) {
                        for m in f.texts.iter_mut() {
                            renumber(&mut m.resolution);
                        }
                    }
                }
                _ => renumber(&mut mark.resolution),
            }
        }
    }
    let (Some(bib), Some(style)) = (&report.bibliography, style) else {
        // The style is in error (reported): the citations stay unformatted.
        return EditionCitations {
            written,
            ..EditionCitations::default()
        };
    };
    let requests: Vec<cite::Cite> = ordered
        .iter()
        .map(|c| cite::Cite {
            items: c
                .items
                .iter()
                .map(|i| cite::CiteItem {
                    key: &i.key,
                    prefix: &i.prefix,
                    suffix: &i.suffix,
                    suppress_author: i.suppress_author,
                })
                .collect(),
            in_text: c.in_text,
        })
        .collect();
    let formatted =
        cite::format_remembered(&bib.library, &bib.files, style, language, &requests, store);
    let cites: Vec<CiteText> = ordered
        .iter()
        .zip(formatted.citations)
        .map(|(c, text)| CiteText {
            text,
            keys: c.items.iter().map(|i| i.key.clone()).collect(),
        })
        .collect();
    let positions: std::collections::HashMap<String, usize> = formatted
        .references
        .iter()
        .enumerate()
        .map(|(i, r)| (r.key.clone(), i))
        .collect();
    let mut cited_by: Vec<Vec<usize>> = vec![Vec::new(); positions.len()];
    for (i, c) in cites.iter().enumerate() {
        for key in &c.keys {
            if let Some(list) = positions.get(key).and_then(|&r| cited_by.get_mut(r))
                && list.last() != Some(&i)
            {
                list.push(i);
            }
        }
    }
    let references = formatted
        .references
        .into_iter()
        .zip(cited_by)
        .map(|(r, cited_by)| ReferenceEntry {
            cited_by,
            key: r.key,
            label: r.label,
            text: r.text,
        })
        .collect();
    EditionCitations {
        cites,
        references,
        positions,
        written,
    }
}

/// A warning at each entry of a report's bibliography that none of its editions cites (only
/// when every edition was resolved and every file read: a draft left out, or a chapter or
/// data file in error, may cite it).
pub fn warn_uncited(
    project: &Project,
    reports: &[ResolvedReport<'_>],
    diags: &mut Vec<Diagnostic>,
) {
    for resolved in reports {
        let report = resolved.report;
        let Some(bib) = &report.bibliography else {
            continue;
        };
        // A file that could not be read may cite any work: none is called uncited then.
        let unread = report.editions.iter().any(|e| {
            std::iter::once(e)
                .chain(&e.translations)
                .any(|v| !v.unreadable_chapters.is_empty() || !v.data.unreadable.is_empty())
        });
        if resolved.editions.len() < report.editions.len() || unread {
            continue;
        }
        // Cited in any language of any edition.
        let cited: HashSet<&str> = resolved
            .editions
            .iter()
            .flat_map(|e| e.versions())
            .flat_map(|e| e.citations.written.iter().map(String::as_str))
            .collect();
        for key in bib.library.keys() {
            if cited.contains(key.as_str()) {
                continue;
            }
            let help = if crate::markdown::citation::citable(key) {
                format!("cite it with [@{key}] where the work is used, or remove the entry")
            } else {
                format!(
                    "`{key}` cannot be cited with @: give the entry a key of letters, digits and `_`, with `-`, `:` or `.` only between them, not starting with box- or fig-"
                )
            };
            let d = Diagnostic::warning(
                Code::UncitedReference,
                format!("no edition of `{}` cites `{key}`", report.slug),
            )
            .with_help(help);
            diags.push(match bib.place_of(key) {
                Some((file, pos)) => d.at_position(file, pos, key.chars().count()),
                None => d,
            });
        }
        let _ = project;
    }
}
