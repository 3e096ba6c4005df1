//! References and citations in the Markdown fields of boxes and figures (a box's intro,
//! notes, source and Markdown cells; a figure's notes and source): found as in chapters,
//! resolved with the chapters' rules, and reported at their place in the YAML file.

use super::citations::Checker;
use super::{Resolution, ResolvedMark, TargetKind};
use crate::core::diagnostic::Diagnostic;
use crate::core::source::{Position, SourceFile};
use crate::load::yaml::{Seg, Target, locate_in};
use crate::markdown::citation::{Citation, CiteItem};
use crate::markdown::scan::{self, MarkKind};
use crate::model::boxes::ColumnType;
use crate::model::{BoxSpec, ChartSpec, DataFile};

/// A Markdown field of a box or figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Intro,
    /// A Markdown cell: the row (counted over every group) and the column.
    Cell {
        row: usize,
        column: usize,
    },
    /// The `note` of the column at this index.
    ColumnNote(usize),
    /// The entry at this index of `cell_notes`.
    CellNote(usize),
    Notes,
    Source,
    Outro,
}

/// The resolved marks of each field that has any, in reading order.
#[derive(Debug, Default)]
pub struct TextMarks {
    fields: Vec<(Field, Vec<ResolvedMark>)>,
}

impl TextMarks {
    /// The marks of one field (none when it has none).
    pub fn of(&self, field: Field) -> &[ResolvedMark] {
        self.fields
            .iter()
            .find(|(f, _)| *f == field)
            .map_or(&[], |(_, m)| m.as_slice())
    }

    /// Every field's marks, in reading order.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut ResolvedMark> {
        self.fields.iter_mut().flat_map(|(_, m)| m.iter_mut())
    }
}

/// Resolves `@box-…`/`@fig-…` to a reference, or says why not.
pub type Lookup<'a> = dyn Fn(TargetKind, &str) -> Result<Resolution, Option<Diagnostic>> + 'a;

struct FieldText<'a> {
    field: Field,
    path: Vec<Seg<'a>>,
    text: &'a str,
}

/// What resolving a field's marks needs: the site's HTML rule, how references resolve, the
/// citation checker, the edition's citations found so far and its diagnostics.
pub struct Fields<'a, 'p> {
    pub allow_raw_html: bool,
    pub lookup: &'a Lookup<'a>,
    pub cites: &'a Checker<'p>,
    pub pending: &'a mut Vec<Citation>,
    pub diags: &'a mut Vec<Diagnostic>,
}

/// The fields `notes`, `source`, … that a spec has, as field texts.
fn named<'a>(fields: &[(Field, &'a str, &'a Option<String>)]) -> Vec<FieldText<'a>> {
    fields
        .iter()
        .filter_map(|&(field, key, text)| {
            Some(FieldText {
                field,
                path: vec![Seg::Key(key)],
                text: text.as_deref()?,
            })
        })
        .collect()
}

impl Fields<'_, '_> {
    /// The marks of a box's fields.
    pub fn of_box(&mut self, data: &DataFile<BoxSpec>) -> TextMarks {
        let spec = &data.spec;
        let mut fields = named(&[(Field::Intro, "intro", &spec.intro)]);
        let mut row_number = 0;
        for group in spec.row_groups() {
            for (i, row) in group.rows.iter().enumerate() {
                for (c, column) in spec.columns.iter().enumerate() {
                    if column.kind != ColumnType::Markdown {
                        continue;
                    }
                    let Some(crate::model::value::Scalar::String(text)) = column.raw(row) else {
                        continue;
                    };
                    let mut path = Vec::with_capacity(5);
                    if let Some(g) = group.index {
                        path.extend([Seg::Key("groups"), Seg::Index(g)]);
                    }
                    path.extend([Seg::Key("rows"), Seg::Index(i), Seg::Key(&column.key)]);
                    fields.push(FieldText {
                        field: Field::Cell {
                            row: row_number,
                            column: c,
                        },
                        path,
                        text,
                    });
                }
                row_number += 1;
            }
        }
        for (c, column) in spec.columns.iter().enumerate() {
            if let Some(text) = &column.note {
                fields.push(FieldText {
                    field: Field::ColumnNote(c),
                    path: vec![Seg::Key("columns"), Seg::Index(c), Seg::Key("note")],
                    text,
                });
            }
        }
        for (i, note) in spec.cell_notes.iter().enumerate() {
            fields.push(FieldText {
                field: Field::CellNote(i),
                path: vec![Seg::Key("cell_notes"), Seg::Index(i), Seg::Key("note")],
                text: &note.note,
            });
        }
        fields.extend(named(&[
            (Field::Notes, "notes", &spec.notes),
            (Field::Source, "source", &spec.source),
            (Field::Outro, "outro", &spec.outro),
        ]));
        self.resolve(&data.file, fields)
    }

    /// The marks of a figure's fields.
    pub fn of_chart(&mut self, data: &DataFile<ChartSpec>) -> TextMarks {
        let spec = &data.spec;
        let fields = named(&[
            (Field::Notes, "notes", &spec.notes),
            (Field::Source, "source", &spec.source),
        ]);
        self.resolve(&data.file, fields)
    }

    fn resolve(&mut self, file: &SourceFile, fields: Vec<FieldText<'_>>) -> TextMarks {
        resolve_fields(
            file,
            fields,
            self.allow_raw_html,
            self.lookup,
            self.cites,
            self.pending,
            self.diags,
        )
    }
}

fn resolve_fields(
    file: &SourceFile,
    fields: Vec<FieldText<'_>>,
    allow_raw_html: bool,
    lookup: &Lookup<'_>,
    cites: &Checker<'_>,
    pending: &mut Vec<Citation>,
    diags: &mut Vec<Diagnostic>,
) -> TextMarks {
    let mut out = TextMarks::default();
    for f in fields {
        // Every mark starts with `@` (a reference, or a citation's key).
        if !f.text.contains('@') {
            continue;
        }
        let text_file = SourceFile::new(file.path.clone(), f.text);
        // The field's own warnings (raw HTML, links) are the box checker's; only the marks
        // are wanted here.
        let mut ignored = Vec::new();
        let scanned = scan::scan(&text_file, 0, allow_raw_html, &mut ignored);
        let place = Place {
            file,
            path: &f.path,
            text: f.text,
        };
        let mut marks = Vec::new();
        for mark in scanned.marks {
            match mark.kind {
                MarkKind::Reference { kind, id } => match lookup(kind, &id) {
                    Ok(resolution) => marks.push(ResolvedMark {
                        range: mark.range,
                        block: false,
                        resolution,
                    }),
                    Err(Some(d)) => {
                        let pos = place.of(mark.range.start, &format!("@{id}"));
                        diags.push(d.at_position(file, pos, id.chars().count() + 1));
                    }
                    Err(None) => {}
                },
                MarkKind::Citation(citation) => {
                    let at = |item: &CiteItem| {
                        let token = format!("@{}", item.key);
                        (
                            place.of(mark.range.start + item.key_at, &token),
                            token.chars().count(),
                        )
                    };
                    if cites.check(&citation, file, &at, diags) {
                        marks.push(ResolvedMark {
                            range: mark.range,
                            block: false,
                            resolution: Resolution::Citation {
                                index: pending.len(),
                            },
                        });
                        pending.push(citation);
                    }
                }
                // Shortcodes have no meaning in a box's text: they stay as written.
                MarkKind::Shortcode { .. } => {}
            }
        }
        if !marks.is_empty() {
            out.fields.push((f.field, marks));
        }
    }
    out
}

/// Finds a place of a field's text in its YAML file.
struct Place<'a> {
    file: &'a SourceFile,
    path: &'a [Seg<'a>],
    text: &'a str,
}

impl Place<'_> {
    /// The position in the file of `token`, found at byte `at` of the field's text. A
    /// scalar's text is not its source (quotes, escapes, folded lines), but a token (`@key`)
    /// has neither spaces nor quotes: the n-th of its uses in the text is the n-th in the
    /// value's source. Where that fails, the value's start.
    fn of(&self, at: usize, token: &str) -> Position {
        let start = locate_in(self.file, self.path, Target::Value);
        let Some(start) = start else {
            return Position { line: 1, column: 1 };
        };
        let nth = self.text[..at.min(self.text.len())].matches(token).count();
        let Some(line) = self.file.line_range(start.line) else {
            return start;
        };
        let line_text = &self.file.text[line.clone()];
        let column_bytes: usize = line_text
            .chars()
            .take(start.column.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        let from = line.start + column_bytes;
        self.file.text[from..]
            .match_indices(token)
            .nth(nth)
            .map_or(start, |(i, _)| self.file.position(from + i))
    }
}
