//! The Typst source of an edition's PDF: a title page, the contents and the lists of boxes and
//! figures (with page numbers, which Typst counts), the chapters, boxes as tables (a long box
//! breaks across pages with its header repeated; a short one stays whole), figures from the
//! same SVG as the page, footnotes at the foot of their page, references as links.
//!
//! The look is `preamble.typ`; what varies is written here, every word as a literal
//! ([`markup`]). Numbers are the edition's own: each box and figure carries the number the
//! page gives it, never one Typst counts.

use super::markup::{self, Marks, string, text};
use crate::core::source::{Position, SourceFile};
use crate::load::yaml::{Seg, Target, locate_in};
use crate::locale::NumberFormat;
use crate::markdown::targets::TargetKind;
use crate::model::BoxSpec;
use crate::model::boxes::{Align, Cell, ColumnType};
use crate::model::boxes::{TableNotes, table_notes};
use crate::render::boxes::{column_label, note_field, number_format_of, row_spans};
use crate::resolve::charts::FigureContent;
use crate::resolve::texts::{Field, TextMarks};
use crate::resolve::{Numbered, NumberedFigure, Resolution, ResolvedEdition, ResolvedMark};
use std::fmt::Write as _;
use std::ops::Range;
use typst::foundations::Bytes;

/// The look of every PDF: page, type, headings, boxes and figures.
pub const PREAMBLE: &str = include_str!("preamble.typ");

/// What the source needs beside it: the files it reads, by name.
pub struct Document {
    pub source: String,
    pub files: Vec<(String, Bytes)>,
    /// The part of the source each project file's markup takes (a chapter, and inside it a
    /// box or figure), so a problem in the typesetting is named by the file and line it
    /// comes from.
    pub regions: Vec<Region>,
    /// Each file of the world made from a project's file (a figure's image or chart), with
    /// the place in the project that gives it.
    pub origins: Vec<(String, Origin)>,
    /// What cannot be typeset, found while writing the source (a picture that cannot be
    /// read), with where it comes from.
    pub problems: Vec<(Origin, String)>,
}

/// The width of the text on a page (A4 less its margins), and the most height a picture
/// takes (of the 24.7 cm a page has for text), as the preamble sets them.
const TEXT_WIDTH_CM: f64 = 21.0 - 2.0 * 2.2;
const MOST_PICTURE_CM: f64 = 17.0;

/// A part of the document's source, and where in the project it was written from.
pub struct Region {
    pub range: Range<usize>,
    /// Offsets in the source, in order, each with the place its markup comes from: a
    /// chapter's blocks, a box's or figure's file.
    pub anchors: Vec<(usize, Origin)>,
}

/// A place in the project: a line of a file; `image`, when the place names an image the
/// PDF reads (a figure's `image:`), so a problem there is said to be the image's.
#[derive(Clone)]
pub struct Origin {
    pub file: SourceFile,
    pub at: Position,
    pub image: Option<String>,
}

impl Region {
    /// The place the markup at `offset` comes from.
    pub fn origin_at(&self, offset: usize) -> Option<&Origin> {
        let before = self.anchors.partition_point(|(start, _)| *start <= offset);
        self.anchors
            .get(before.saturating_sub(1))
            .map(|(_, origin)| origin)
    }
}

/// The edition's metadata, as `meta.json` gives it to the preamble.
#[derive(serde::Serialize)]
struct Meta<'a> {
    title: String,
    report: String,
    edition: String,
    running: String,
    /// The language and region of `language` as Typst takes them (`en-GB`: `en`, `GB`);
    /// none where `language` gives none it knows.
    lang: Option<String>,
    region: Option<String>,
    authors: &'a [String],
    description: Option<String>,
    /// As the edition's language writes it.
    date: Option<String>,
    /// The font families text is set in, in order: Inter, then (with the `cjk` feature) the
    /// CJK font for the characters Inter lacks.
    fonts: &'static [&'static str],
}

pub fn document(
    edition: &ResolvedEdition<'_>,
    language: &str,
    description: Option<String>,
    allow_raw_html: bool,
    svg_of: &dyn Fn(&NumberedFigure<'_>) -> Option<String>,
) -> Document {
    let typography = crate::core::typography::smart_punctuation;
    let meta = &edition.edition.meta;
    let locale = &edition.locale;
    let year = edition.edition.year;
    let report_title = typography(&edition.report_meta().title);
    let title = typography(&meta.title);
    let meta_json = Meta {
        title: title.clone(),
        report: report_title.clone(),
        edition: locale.fill("edition_of_year", &[("year", &year.to_string())]),
        running: typography(&edition.report_meta().name),
        lang: language_of(language),
        region: region_of(language),
        authors: &meta.authors,
        description,
        date: meta.date.as_deref().map(|d| locale.date(d)),
        fonts: if cfg!(feature = "cjk") {
            &[crate::plot::font::FAMILY, crate::plot::font::CJK_FAMILY]
        } else {
            &[crate::plot::font::FAMILY]
        },
    };
    let mut files = vec![(
        "meta.json".to_string(),
        Bytes::new(serde_json::to_vec(&meta_json).unwrap_or_default()),
    )];
    let mut out = String::with_capacity(64 * 1024);
    out.push_str(PREAMBLE);
    out.push_str("\n#title-page()\n");
    let _ = writeln!(
        out,
        "#almanac-in-outline.update(true)\n#outline(title: [{}], depth: 2)",
        text(locale.text("contents"))
    );
    if !edition.boxes.is_empty() {
        let _ = writeln!(
            out,
            "#outline(title: [{}], target: figure.where(kind: \"box\"))",
            text(locale.text("boxes"))
        );
    }
    if !edition.figures.is_empty() {
        let _ = writeln!(
            out,
            "#outline(title: [{}], target: figure.where(kind: image))",
            text(locale.text("figures"))
        );
    }
    out.push_str("#almanac-in-outline.update(false)\n");
    let mut origins = Vec::new();
    let mut regions = Vec::new();
    let mut problems = Vec::new();
    let mut embeds = Embeds {
        edition,
        allow_raw_html,
        svg_of,
        files: &mut files,
        origins: &mut origins,
        problems: &mut problems,
    };
    for (n, chapter) in edition.chapters.iter().enumerate() {
        // A chapter a translation shows untranslated is set in its own language (hyphenation,
        // quotation marks, and the language its tags say).
        let language = chapter.chapter.language.as_deref().map(|tag| {
            let primary = tag.split('-').next().unwrap_or(tag);
            primary.to_ascii_lowercase()
        });
        if let Some(language) = language
            .as_deref()
            .filter(|l| l.bytes().all(|b| b.is_ascii_lowercase()))
        {
            let _ = write!(out, "\n#[#set text(lang: \"{language}\")\n");
        }
        let start = out.len();
        let _ = write!(
            out,
            "\n#pagebreak(weak: true)\n#heading(level: 1)[{}]\n\n",
            text(&typography(&chapter.chapter.title()))
        );
        let typeset = markup::chapter(
            chapter.chapter.body(),
            &chapter.marks,
            2,
            allow_raw_html,
            &format!("almanac-c{}-", n + 1),
            &mut embeds,
        );
        let (file, body_offset) = (&chapter.chapter.file, chapter.chapter.body_offset);
        let at = |offset: usize| Origin {
            file: file.clone(),
            at: file.position(offset),
            image: None,
        };
        let body_at = out.len();
        let mut anchors = vec![(start, at(0))];
        anchors.extend(
            typeset
                .anchors
                .iter()
                .map(|&(markup, line)| (body_at + markup, at(body_offset + line))),
        );
        out.push_str(&typeset.markup);
        regions.push(Region {
            range: start..out.len(),
            anchors,
        });
        if language
            .as_deref()
            .is_some_and(|l| l.bytes().all(|b| b.is_ascii_lowercase()))
        {
            out.push_str("\n]\n");
        }
    }
    references(&mut out, edition);
    for b in &edition.boxes {
        unlink_missing(&mut out, &format!("<almanac-box-{}>", b.number));
    }
    for f in &edition.figures {
        unlink_missing(&mut out, &format!("<almanac-fig-{}>", f.number));
    }
    // Each box and figure where the chapters placed it: from its call to its label.
    for b in &edition.boxes {
        let call = format!(
            "#almanac-box({})",
            string(&caption_number(edition, TargetKind::Box, b.number))
        );
        let label = format!("<almanac-box-{}>", b.number);
        // A box's markup is its table, above all: its rows.
        let origin = data_origin(&b.data.file, "rows", None);
        regions.extend(region(&out, &call, &label, origin));
    }
    for f in &edition.figures {
        let call = format!(
            "#almanac-figure({})",
            string(&caption_number(edition, TargetKind::Figure, f.number))
        );
        let label = format!("<almanac-fig-{}>", f.number);
        regions.extend(region(&out, &call, &label, figure_origin(f)));
    }
    Document {
        source: out,
        files,
        regions,
        origins,
        problems,
    }
}

/// The primary language subtag of a BCP 47 tag (`en-GB`, `pt_BR`, `zh-Hans`), as Typst takes
/// it: two or three letters, lower-case.
fn language_of(tag: &str) -> Option<String> {
    let primary = tag.split(['-', '_']).next()?;
    ((2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic()))
        .then(|| primary.to_ascii_lowercase())
}

/// The region subtag of a BCP 47 tag (`en-GB`: `GB`), as Typst takes it: two letters.
fn region_of(tag: &str) -> Option<String> {
    language_of(tag)?;
    tag.split(['-', '_'])
        .skip(1)
        .find(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_alphabetic()))
        .map(str::to_ascii_uppercase)
}

/// A link to a label that was never placed (a box embedded only in a note no one cites)
/// would stop Typst: such references are words.
fn unlink_missing(source: &mut String, label: &str) {
    if !source.contains(&format!("] {label}")) {
        *source = source.replace(&format!("#link({label})["), "#[");
    }
}

/// The bytes of `source` from `call` to the end of `label`, when both are there, from one
/// place in the project.
fn region(source: &str, call: &str, label: &str, origin: Origin) -> Option<Region> {
    let start = source.find(call)?;
    let end = start + source[start..].find(label)? + label.len();
    Some(Region {
        range: start..end,
        anchors: vec![(start, origin)],
    })
}

/// A picture at the text's width, or, when that would make it taller than most of a page, set
/// smaller, whole, rather than cut. Written at the figure (not in a function of the preamble),
/// so that a problem Typst finds with the picture, even at export, is placed at the figure.
fn image_call(name: &str, alt: &str, tall: bool, raster: bool) -> String {
    let size = if tall {
        format!("height: {MOST_PICTURE_CM}cm")
    } else {
        "width: 100%".to_string()
    };
    // A raster image is not smoothed when scaled: PDF/A forbids it.
    let scaling = if raster {
        ", scaling: \"pixelated\""
    } else {
        ""
    };
    format!(
        "#image({}, {size}, alt: {}{scaling})\n",
        string(name),
        string(alt)
    )
}

/// The line of `key` in a data file (its first line if it has none).
fn data_origin(file: &SourceFile, key: &str, image: Option<String>) -> Origin {
    let target = if image.is_some() {
        Target::Value
    } else {
        Target::Key
    };
    Origin {
        file: file.clone(),
        at: locate_in(file, &[Seg::Key(key)], target).unwrap_or(Position { line: 1, column: 1 }),
        image,
    }
}

/// Where a figure comes from: its `image:` for a figure of an image (the likeliest cause of a
/// problem there), its `type:` for a chart.
fn figure_origin(f: &NumberedFigure<'_>) -> Origin {
    match &f.content {
        Some(FigureContent::Image(img)) => data_origin(
            &f.data.file,
            "image",
            Some(format!("{}/{}", edition_dir(&f.data.file.path), img.path)),
        ),
        _ => data_origin(&f.data.file, "type", None),
    }
}

/// The folder of an edition's data file (`content/r/2022/data/fig-x.yaml` → `content/r/2022`).
fn edition_dir(data_file: &str) -> &str {
    data_file
        .rsplit_once('/')
        .and_then(|(dir, _)| dir.rsplit_once('/'))
        .map_or("", |(dir, _)| dir)
}

/// How the caption of the `number`-th box or figure begins, in the edition's language
/// ("Box 3.", "Encadré 3.", "专栏3"), as its page writes it.
fn caption_number(edition: &ResolvedEdition<'_>, kind: TargetKind, number: usize) -> String {
    let key = match kind {
        TargetKind::Box => "box_number",
        TargetKind::Figure => "figure_number",
    };
    edition.locale.fill(key, &[("n", &number.to_string())])
}

/// The edition's reference list, each entry labelled for its citations to link to.
fn references(out: &mut String, edition: &ResolvedEdition<'_>) {
    let list = &edition.citations.references;
    if list.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "\n#pagebreak(weak: true)\n#heading(level: 1)[{}]\n\n",
        text(edition.locale.text("references"))
    );
    for (i, r) in list.iter().enumerate() {
        let label = r
            .label
            .as_ref()
            .map(|l| format!("{} ", markup::rich(&l.spans, false, &|_| None)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "#almanac-reference[{label}{}] <almanac-ref-{}>",
            markup::rich(&r.text.spans, true, &|_| None),
            i + 1
        );
    }
}

/// The boxes and figures of the edition, written where the chapters embed them.
struct Embeds<'a, 'p> {
    edition: &'a ResolvedEdition<'p>,
    allow_raw_html: bool,
    svg_of: &'a dyn Fn(&NumberedFigure<'_>) -> Option<String>,
    files: &'a mut Vec<(String, Bytes)>,
    origins: &'a mut Vec<(String, Origin)>,
    problems: &'a mut Vec<(Origin, String)>,
}

impl Marks for Embeds<'_, '_> {
    fn embed(&mut self, resolution: &Resolution) -> String {
        match resolution {
            Resolution::Embed {
                kind: TargetKind::Box,
                index,
            } => self
                .edition
                .boxes
                .get(*index)
                .map_or_else(String::new, |b| self.boxed(b)),
            Resolution::Embed {
                kind: TargetKind::Figure,
                index,
            } => self
                .edition
                .figures
                .get(*index)
                .map_or_else(String::new, |f| self.figure(f)),
            _ => String::new(),
        }
    }

    fn citation(&self, index: usize, in_link: bool) -> String {
        let citations = &self.edition.citations;
        let Some(cite) = citations.cites.get(index) else {
            return String::new();
        };
        if in_link {
            return text(&cite.text.plain());
        }
        markup::rich(&cite.text.spans, false, &|span| {
            let key = cite.keys.get(span.item?)?;
            Some(format!(
                "<almanac-ref-{}>",
                citations.reference_of(key)? + 1
            ))
        })
    }

    fn reference_words(&self, kind: TargetKind, number: usize) -> String {
        self.edition
            .locale
            .fill(kind.reference_key(), &[("n", &number.to_string())])
    }

    fn label_of(&self, id: &str) -> Option<String> {
        if let Some(b) = self.edition.boxes.iter().find(|b| b.data.spec.id == id) {
            return Some(format!("<almanac-box-{}>", b.number));
        }
        self.edition
            .figures
            .iter()
            .find(|f| f.data.spec.id == id)
            .map(|f| format!("<almanac-fig-{}>", f.number))
    }
}

impl Embeds<'_, '_> {
    /// Markdown of a box or figure as markup, with its marks; `label` ("Source:") leads it
    /// in bold.
    fn snippet(&mut self, label: Option<&str>, md: &str, marks: &[ResolvedMark]) -> String {
        let inner = markup::snippet(md, marks, self.allow_raw_html, self);
        let inner = inner.trim_end();
        match label {
            Some(label) => format!("#strong[{}] {inner}\n\n", text(label)),
            None => format!("{inner}\n\n"),
        }
    }

    fn boxed(&mut self, b: &Numbered<'_, BoxSpec>) -> String {
        let spec = &b.data.spec;
        let title = crate::core::typography::smart_punctuation(&spec.title);
        let mut body = String::new();
        if let Some(intro) = &spec.intro {
            body.push_str(&self.snippet(None, intro, b.texts.of(Field::Intro)));
        }
        let notes = table_notes(spec);
        let (table, breaks) = self.table(spec, &b.texts, &notes);
        body.push_str(&table);
        body.push_str("\n\n#set text(size: 8.5pt)\n");
        if !notes.notes.is_empty() {
            // The table's footnotes, each its letter and its text, before the box's note.
            body.push_str("#grid(columns: (1.4em, 1fr), row-gutter: 0.5em,\n");
            for n in &notes.notes {
                let text = markup::snippet(
                    n.text,
                    b.texts.of(note_field(n.on)),
                    self.allow_raw_html,
                    self,
                );
                let _ = writeln!(body, "  [#emph[{}]], [{}],", n.letter, text.trim_end());
            }
            body.push_str(")\n\n");
        }
        if let Some(notes) = &spec.notes {
            body.push_str(&self.snippet(
                Some(self.edition.locale.text("note")),
                notes,
                b.texts.of(Field::Notes),
            ));
        }
        if let Some(source) = &spec.source {
            body.push_str(&self.snippet(
                Some(self.edition.locale.text("source")),
                source,
                b.texts.of(Field::Source),
            ));
        }
        if let Some(outro) = &spec.outro {
            body.push_str(&self.snippet(None, outro, b.texts.of(Field::Outro)));
        }
        // Whether it breaks across pages, where its text tells; Typst measures it otherwise.
        let breaks = match breaks {
            Some(true) => ", breaks: true",
            Some(false) => ", breaks: false",
            None => "",
        };
        format!(
            "#almanac-box({}{breaks})[{}][\n{body}] <almanac-box-{}>",
            string(&caption_number(self.edition, TargetKind::Box, b.number)),
            text(&title),
            b.number
        )
    }

    /// The box's table, and whether the box breaks across pages when that is certain.
    fn table(
        &mut self,
        spec: &BoxSpec,
        texts: &TextMarks,
        notes: &TableNotes<'_>,
    ) -> (String, Option<bool>) {
        let formats: Vec<Option<NumberFormat>> = spec
            .columns
            .iter()
            .map(|c| number_format_of(spec, c, &self.edition.locale))
            .collect();
        let aligns: Vec<&str> = spec
            .columns
            .iter()
            .map(|c| match (c.align, c.kind.is_numeric()) {
                (Some(Align::Right), _) | (None, true) => "right",
                (Some(Align::Center), _) => "center",
                _ => "left",
            })
            .collect();
        let n = spec.columns.len().max(1);
        let mut t = String::new();
        // A wide table is set smaller, so its columns fit the page without running together.
        let size = match n {
            0..=5 => 8.5,
            6..=7 => 7.5,
            8..=9 => 6.5,
            _ => 5.5,
        };
        let breaks = super::box_fit::breaks(spec, &formats, size, &self.edition.locale);
        let group_of = spec.column_group_of();
        let two_rows = group_of.iter().any(Option::is_some);
        // Under column groups, the rule under the header is drawn under its second row, and
        // each group's header has a thin rule of its own over its columns.
        let stroke = if two_rows {
            ", stroke: (x, y) => if y < 2 { none } else { (bottom: 0.3pt + luma(200)) }"
        } else {
            ""
        };
        let _ = write!(
            t,
            "#set text(size: {size}pt)\n#table(columns: {n}, align: ({},){stroke},\n  table.header(",
            aligns.join(", ")
        );
        let marker = |i: Option<usize>| {
            i.map(|n| format!("#super[{}]", notes.notes[n].letter))
                .unwrap_or_default()
        };
        let label = |i: usize, column: &crate::model::boxes::Column| {
            format!(
                "{}{}",
                text(&column_label(column, &self.edition.locale)),
                marker(notes.columns[i])
            )
        };
        if two_rows {
            let mut open = None;
            for (i, (column, g)) in spec.columns.iter().zip(&group_of).enumerate() {
                match g {
                    None => {
                        let _ = write!(
                            t,
                            "table.cell(rowspan: 2, align: bottom + {})[{}], ",
                            aligns[i],
                            label(i, column)
                        );
                    }
                    Some(g) if open != Some(*g) => {
                        let span = group_of.iter().filter(|o| **o == Some(*g)).count();
                        let _ = write!(
                            t,
                            "table.cell(colspan: {span}, align: center + bottom, stroke: (bottom: 0.5pt + luma(60)))[{}], ",
                            text(&spec.column_groups[*g].label)
                        );
                    }
                    Some(_) => {}
                }
                open = *g;
            }
            t.push_str("\n    ");
            for (i, (column, g)) in spec.columns.iter().zip(&group_of).enumerate() {
                if g.is_some() {
                    let _ = write!(t, "[#text(weight: \"semibold\")[{}]], ", label(i, column));
                }
            }
            t.push_str("\n    table.hline(stroke: 0.8pt + luma(60)),\n  ),\n");
        } else {
            for (i, column) in spec.columns.iter().enumerate() {
                let _ = write!(t, "[{}], ", label(i, column));
            }
            t.push_str("),\n");
        }
        let highlighted = spec.highlighted_rows();
        let mut rows_before = 0;
        for group in spec.row_groups() {
            if let Some(label) = group.label {
                let _ = writeln!(
                    t,
                    "  table.cell(colspan: {n}, align: left)[#strong[{}]],",
                    text(label)
                );
            }
            let spans = row_spans(spec, group.rows);
            for (row, spans) in group.rows.iter().zip(spans) {
                let row_number = rows_before;
                rows_before += 1;
                t.push_str("  ");
                for (i, ((column, format), span)) in
                    spec.columns.iter().zip(&formats).zip(spans).enumerate()
                {
                    if span == 0 {
                        continue;
                    }
                    let content = match column.cell(row) {
                        Ok(Cell::Number(v)) => text(
                            &format
                                .as_ref()
                                .map_or_else(|| v.to_string(), |f| f.format_decimal(&v)),
                        ),
                        Ok(Cell::Text(s)) if column.kind == ColumnType::Markdown => {
                            let marks = texts.of(Field::Cell {
                                row: row_number,
                                column: i,
                            });
                            markup::snippet(&s, marks, self.allow_raw_html, self)
                                .trim_end()
                                .to_string()
                        }
                        Ok(Cell::Text(s)) => text(&s),
                        Ok(Cell::Empty) | Err(_) => String::new(),
                    };
                    let mut content = content;
                    for n in notes.of_cell(row_number, i) {
                        let _ = write!(content, "#super[{}]", notes.notes[*n].letter);
                    }
                    let lit = highlighted.contains(&row_number);
                    let content = if i == 0 || lit {
                        format!("#strong[{content}]")
                    } else {
                        content
                    };
                    let fill = if lit { ", fill: luma(228)" } else { "" };
                    if span > 1 || lit {
                        let _ = write!(t, "table.cell(rowspan: {span}{fill})[{content}], ");
                    } else {
                        let _ = write!(t, "[{content}], ");
                    }
                }
                t.push('\n');
            }
        }
        if let Some(total) = &spec.total {
            let label_at = spec
                .columns
                .iter()
                .position(|c| !total.columns.contains(&c.key));
            t.push_str("  table.hline(stroke: 0.8pt),\n  ");
            for (i, (column, format)) in spec.columns.iter().zip(&formats).enumerate() {
                let content = if Some(i) == label_at {
                    format!(
                        "#strong[{}]",
                        text(total.label_or(self.edition.locale.text("total")))
                    )
                } else if total.columns.contains(&column.key) {
                    match (format, spec.total_of(column)) {
                        (Some(f), Some(v)) => format!("#strong[{}]", text(&f.format_decimal(&v))),
                        _ => String::new(),
                    }
                } else {
                    String::new()
                };
                let _ = write!(t, "[{content}], ");
            }
            t.push('\n');
        }
        t.push_str(")\n");
        (t, breaks)
    }

    /// A figure's picture as a file of the world; `tall` when at the text's width it would be
    /// taller than most of a page (then it is set smaller, whole).
    fn picture(&mut self, f: &NumberedFigure<'_>, name: &str, bytes: Bytes, aspect: f64) -> bool {
        self.files.push((name.to_string(), bytes));
        self.origins.push((name.to_string(), figure_origin(f)));
        TEXT_WIDTH_CM * aspect > MOST_PICTURE_CM
    }

    fn figure(&mut self, f: &NumberedFigure<'_>) -> String {
        let spec = &f.data.spec;
        let title = crate::core::typography::smart_punctuation(&spec.title);
        let mut body = String::new();
        match &f.content {
            Some(FigureContent::Chart(plot)) => {
                let name = format!("fig-{}.svg", f.number);
                if let Some(svg) = (self.svg_of)(f) {
                    let alt = crate::chart::describe::describe(plot);
                    let (w, h) = crate::chart::canvas_size(plot, crate::chart::Canvas::Print);
                    let aspect = f64::from(h) / f64::from(w.max(1));
                    let tall = self.picture(f, &name, Bytes::from_string(svg), aspect);
                    body.push_str(&image_call(&name, &alt, tall, false));
                }
            }
            Some(FigureContent::Diagram(d)) => {
                let name = format!("fig-{}.svg", f.number);
                if let Some(svg) = (self.svg_of)(f) {
                    let alt = format!(
                        "{} {}",
                        crate::diagram::describe::describe(d),
                        crate::render::diagram_text::plain(d)
                    );
                    // Its shape from the drawing itself, not a second layout.
                    let (w, h) = crate::render::figures::drawn_size(&svg).unwrap_or((1.0, 1.0));
                    let aspect = h / w.max(1.0);
                    let tall = self.picture(f, &name, Bytes::from_string(svg), aspect);
                    body.push_str(&image_call(&name, &alt, tall, false));
                }
            }
            Some(FigureContent::Image(img)) => {
                let ext = img
                    .path
                    .rsplit('.')
                    .next()
                    .unwrap_or("png")
                    .to_ascii_lowercase();
                let name = format!("img-{}.{ext}", f.number);
                let bytes = Bytes::new(img.bytes.clone());
                // Read first: a picture Typst cannot read is reported at the figure.
                match super::images::aspect(&ext, &bytes) {
                    Ok(aspect) => {
                        let tall = self.picture(f, &name, bytes, aspect);
                        body.push_str(&image_call(&name, &img.alt, tall, ext != "svg"));
                    }
                    Err(why) => self.problems.push((figure_origin(f), why)),
                }
            }
            None => {}
        }
        // The subtitle above the picture, as on the page.
        if let Some(subtitle) = &spec.subtitle {
            body = format!(
                "#text(size: 8.5pt)[{}]\n\n{body}",
                text(&crate::core::typography::smart_punctuation(subtitle))
            );
        }
        let mut notes = String::from("#set text(size: 8.5pt)\n");
        if let Some(n) = &spec.notes {
            notes.push_str(&self.snippet(
                Some(self.edition.locale.text("note")),
                n,
                f.texts.of(Field::Notes),
            ));
        }
        if let Some(s) = &spec.source {
            notes.push_str(&self.snippet(
                Some(self.edition.locale.text("source")),
                s,
                f.texts.of(Field::Source),
            ));
        }
        format!(
            "#almanac-figure({})[{}][\n{body}][\n{notes}] <almanac-fig-{}>",
            string(&caption_number(self.edition, TargetKind::Figure, f.number)),
            text(&title),
            f.number
        )
    }
}
