//! An embedded box: its framed block, titled "Box N. …", and its table, through `box.html`.
//!
//! Cells are formatted here (numbers from their raw values, Markdown through the chapter's
//! safe renderer, text escaped) and handed to the template as finished HTML; merged cells
//! become rowspans that never cross a group.

use super::downloads;
use super::markdown::render_snippet_with_marks;
use super::template::render_embed;
use super::theme::{Theme, template_error};
use crate::core::diagnostic::Diagnostic;
use crate::core::escape;
use crate::locale::{Locale, NumberFormat};
use crate::model::BoxSpec;
use crate::model::boxes::{Align, Cell, Column, ColumnType, NoteOn, Row, TableNotes, table_notes};
use crate::resolve::texts::{Field, TextMarks};
use crate::resolve::{Numbered, Resolution};
use serde::Serialize;

/// The box's HTML. `allow_raw_html` is the site's: Markdown in the box follows the
/// chapters' rules.
/// `mark_html` writes the references and citations of its text.
pub fn render_box(
    theme: &Theme,
    b: &Numbered<'_, BoxSpec>,
    allow_raw_html: bool,
    locale: &Locale,
    mark_html: &dyn Fn(&Resolution) -> String,
) -> Result<String, Diagnostic> {
    let ctx = box_context(
        &b.data.spec,
        b.number,
        &b.texts,
        allow_raw_html,
        locale,
        mark_html,
    );
    let mut ctx = tera::Context::from_serialize(&ctx).map_err(|e| template_error(&e))?;
    ctx.insert_value("t", super::template::words(locale));
    render_embed(theme, "box.html", &ctx)
}

/// What `box.html` is given.
#[derive(Debug, Serialize)]
pub struct BoxContext<'a> {
    pub number: usize,
    pub id: &'a str,
    /// Its typography set (smart quotes, dashes), as every title of the page.
    pub title: String,
    /// Rendered Markdown; notes and source start with their label ("Source:").
    pub intro: Option<String>,
    pub outro: Option<String>,
    pub notes: Option<String>,
    pub source: Option<String>,
    pub columns: Vec<ColumnContext<'a>>,
    /// Whether any column has a width hint (then the table has a `<colgroup>`).
    pub widths: bool,
    /// The `<colgroup>`s when the box has column groups, each the width hints of its
    /// columns (a column under no group is a group of its own), for `scope="colgroup"`.
    pub colgroups: Vec<Vec<Option<&'a str>>>,
    /// The header rows: one, or two under column groups.
    pub header_rows: Vec<Vec<HeaderCell<'a>>>,
    /// The table's footnotes (a, b, c …), listed under it.
    pub table_notes: Vec<NoteContext>,
    /// Few enough rows to be kept whole on a printed page (a longer box breaks between rows).
    pub short: bool,
    /// A box of numbers (most of its columns after the first are numeric): on a phone it
    /// stays a table that scrolls sideways, its first column fixed, rather than cards.
    pub numbers: bool,
    pub groups: Vec<GroupContext<'a>>,
    pub total: Option<Vec<CellContext>>,
    /// Links to the downloads, relative to the edition page.
    pub csv: String,
    pub json: String,
}

#[derive(Debug, Serialize)]
pub struct ColumnContext<'a> {
    pub key: &'a str,
    pub label: &'a str,
    /// Shown in the header, after the label: "Amount (USD 100 million)".
    pub unit: Option<&'a str>,
    /// The unit in brackets, as the language writes them: "(USD 100 million)".
    pub unit_text: Option<String>,
    pub class: &'static str,
    pub width: Option<&'a str>,
}

/// A header cell: a column's (`scope="col"`), or a column group's (`scope="colgroup"`).
#[derive(Debug, Serialize)]
pub struct HeaderCell<'a> {
    pub scope: &'static str,
    pub label: &'a str,
    pub unit: Option<&'a str>,
    pub unit_text: Option<String>,
    pub class: &'static str,
    pub colspan: usize,
    pub rowspan: usize,
    /// The markers of the column's note, finished HTML.
    pub notes: String,
}

/// A footnote listed under the table.
#[derive(Debug, Serialize)]
pub struct NoteContext {
    pub id: String,
    pub letter: String,
    /// Rendered Markdown.
    pub html: String,
}

#[derive(Debug, Serialize)]
pub struct GroupContext<'a> {
    pub label: Option<&'a str>,
    pub rows: Vec<Vec<CellContext>>,
    /// For each row, whether `highlight` names it.
    pub highlight: Vec<bool>,
}

/// One cell that is drawn (a cell covered by a merged cell above is left out).
#[derive(Debug, Serialize)]
pub struct CellContext {
    /// A row header (`<th scope="row">`): the first column, and the totals row's label.
    pub header: bool,
    /// Finished, escaped HTML.
    pub html: String,
    /// The raw value of a number, for `data-value`.
    pub value: Option<String>,
    /// More than 1 when equal neighbours below are merged into this cell.
    pub rowspan: usize,
    pub class: &'static str,
    /// The column's name (with its unit), which a phone shows before the cell when the
    /// table's rows are laid out one under another.
    pub label: String,
}

/// A box of at most this many rows (a group's label counts as one) is kept whole in print.
const SHORT_BOX_ROWS: usize = 12;

/// The template context of a box; `texts` are its fields' resolved marks, which
/// `mark_html` writes.
pub fn box_context<'a>(
    spec: &'a BoxSpec,
    number: usize,
    texts: &TextMarks,
    allow_raw_html: bool,
    locale: &'a Locale,
    mark_html: &dyn Fn(&Resolution) -> String,
) -> BoxContext<'a> {
    let markdown = |t: &Option<String>, field: Field| {
        t.as_deref().map(|t| {
            render_snippet_with_marks(
                t,
                texts.of(field),
                &mut |r| mark_html(r),
                allow_raw_html,
                false,
            )
        })
    };
    let mut first_row = 0;
    let formats: Vec<Option<NumberFormat>> = spec
        .columns
        .iter()
        .map(|c| number_format_of(spec, c, locale))
        .collect();
    let notes = table_notes(spec);
    let highlighted = spec.highlighted_rows();
    let marker = |n: usize| note_marker(&spec.id, &notes.notes[n].letter, locale);
    let groups = spec
        .row_groups()
        .map(|g| {
            let spans = row_spans(spec, g.rows);
            let group_start = first_row;
            first_row += g.rows.len();
            let rows = g
                .rows
                .iter()
                .zip(spans)
                .enumerate()
                .map(|(r, (row, spans))| {
                    spec.columns
                        .iter()
                        .zip(&formats)
                        .zip(spans)
                        .enumerate()
                        .filter(|(_, (_, span))| *span > 0)
                        .map(|(i, ((column, format), rowspan))| {
                            let marks = texts.of(Field::Cell {
                                row: group_start + r,
                                column: i,
                            });
                            let mut c = cell(
                                column,
                                format.as_ref(),
                                row,
                                allow_raw_html,
                                marks,
                                mark_html,
                                locale,
                            );
                            for n in notes.of_cell(group_start + r, i) {
                                c.html.push_str(&marker(*n));
                            }
                            CellContext {
                                rowspan,
                                header: i == 0,
                                label: data_label(spec, i, locale),
                                ..c
                            }
                        })
                        .collect()
                })
                .collect();
            GroupContext {
                label: g.label,
                rows,
                highlight: (group_start..first_row)
                    .map(|r| highlighted.contains(&r))
                    .collect(),
            }
        })
        .collect();
    let table_notes = notes
        .notes
        .iter()
        .map(|n| NoteContext {
            id: note_id(&spec.id, &n.letter),
            letter: n.letter.clone(),
            html: render_snippet_with_marks(
                n.text,
                texts.of(note_field(n.on)),
                &mut |r| mark_html(r),
                allow_raw_html,
                true,
            ),
        })
        .collect();
    BoxContext {
        number,
        id: &spec.id,
        title: crate::core::typography::smart_punctuation(&spec.title),
        intro: markdown(&spec.intro, Field::Intro),
        outro: markdown(&spec.outro, Field::Outro),
        notes: markdown(&spec.notes, Field::Notes).map(|h| labelled(locale.text("note"), &h)),
        source: markdown(&spec.source, Field::Source).map(|h| labelled(locale.text("source"), &h)),
        columns: spec
            .columns
            .iter()
            .map(|c| ColumnContext {
                key: &c.key,
                label: &c.label,
                unit: c.unit.as_deref().filter(|u| !u.trim().is_empty()),
                unit_text: c
                    .unit
                    .as_deref()
                    .filter(|u| !u.trim().is_empty())
                    .map(|u| locale.fill("unit_in_brackets", &[("unit", u)])),
                class: class_of(c),
                width: c.width.as_deref(),
            })
            .collect(),
        widths: spec.columns.iter().any(|c| c.width.is_some()),
        colgroups: colgroups(spec),
        header_rows: header_rows(spec, &notes, locale),
        table_notes,
        short: spec
            .row_groups()
            .map(|g| g.rows.len() + usize::from(g.label.is_some()))
            .sum::<usize>()
            <= SHORT_BOX_ROWS,
        numbers: is_a_box_of_numbers(spec),
        groups,
        total: total_row(spec, &formats, locale),
        csv: downloads::href(&spec.id, "csv"),
        json: downloads::href(&spec.id, "json"),
    }
}

/// The `<colgroup>`s when the box has column groups (none otherwise): each the width hints
/// of its columns; a column under no group is a group of its own.
fn colgroups(spec: &BoxSpec) -> Vec<Vec<Option<&str>>> {
    if spec.column_groups.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<Vec<Option<&str>>> = Vec::new();
    let mut last = None;
    for (c, g) in spec.columns.iter().zip(spec.column_group_of()) {
        let width = c.width.as_deref();
        match (g, last) {
            (Some(g), Some(l)) if g == l => {
                if let Some(group) = out.last_mut() {
                    group.push(width);
                }
            }
            _ => out.push(vec![width]),
        }
        last = g;
    }
    out
}

/// The header rows. Without column groups, one row of the columns' headers. With them, two:
/// the first holds each group's header over its columns and the header of every column under
/// no group (spanning both rows); the second, the headers of the grouped columns.
fn header_rows<'a>(
    spec: &'a BoxSpec,
    notes: &TableNotes<'_>,
    locale: &Locale,
) -> Vec<Vec<HeaderCell<'a>>> {
    let of = spec.column_group_of();
    let two = of.iter().any(Option::is_some);
    let column_cell = |i: usize, c: &'a Column, rowspan: usize| {
        let unit = c.unit.as_deref().filter(|u| !u.trim().is_empty());
        HeaderCell {
            scope: "col",
            label: &c.label,
            unit,
            unit_text: unit.map(|u| locale.fill("unit_in_brackets", &[("unit", u)])),
            class: class_of(c),
            colspan: 1,
            rowspan,
            notes: notes.columns[i]
                .map(|n| note_marker(&spec.id, &notes.notes[n].letter, locale))
                .unwrap_or_default(),
        }
    };
    let mut first = Vec::new();
    let mut second = Vec::new();
    let mut open: Option<usize> = None;
    for (i, (c, g)) in spec.columns.iter().zip(&of).enumerate() {
        match g {
            None => first.push(column_cell(i, c, if two { 2 } else { 1 })),
            Some(g) => {
                if open != Some(*g) {
                    let span = of.iter().filter(|o| **o == Some(*g)).count();
                    first.push(HeaderCell {
                        scope: "colgroup",
                        label: &spec.column_groups[*g].label,
                        unit: None,
                        unit_text: None,
                        class: "box-colgroup",
                        colspan: span,
                        rowspan: 1,
                        notes: String::new(),
                    });
                }
                second.push(column_cell(i, c, 1));
            }
        }
        open = *g;
    }
    if two {
        vec![first, second]
    } else {
        vec![first]
    }
}

/// The name a phone shows before a cell of column `i`: its label with its unit, after its
/// group's label when it has one ("Exports: 2021").
pub(crate) fn data_label(spec: &BoxSpec, i: usize, locale: &Locale) -> String {
    let Some(column) = spec.columns.get(i) else {
        return String::new();
    };
    let label = column_label(column, locale);
    match spec
        .column_groups
        .iter()
        .find(|g| g.columns.contains(&column.key))
    {
        Some(g) => locale.fill(
            "column_in_group",
            &[("group", g.label.as_str()), ("column", &label)],
        ),
        None => label,
    }
}

/// The field whose marks a note's text has.
pub(crate) fn note_field(on: NoteOn) -> Field {
    match on {
        NoteOn::Column(i) => Field::ColumnNote(i),
        NoteOn::Cell(i) => Field::CellNote(i),
    }
}

/// The id of a note in the list under its box's table.
fn note_id(box_id: &str, letter: &str) -> String {
    format!("{box_id}-note-{letter}")
}

/// A note's marker: its letter raised, a link to the note, named "Note a" for those who
/// hear the page.
fn note_marker(box_id: &str, letter: &str, locale: &Locale) -> String {
    format!(
        "<sup class=\"box-note-ref\"><a href=\"#{}\" aria-label=\"{}\">{letter}</a></sup>",
        escape::html(&note_id(box_id, letter)),
        escape::html(&locale.fill("cell_note", &[("letter", letter)])),
    )
}

/// Whether more than half of the columns after the first (the rows' names) hold numbers.
fn is_a_box_of_numbers(spec: &BoxSpec) -> bool {
    let rest = spec.columns.iter().skip(1);
    let numeric = rest.clone().filter(|c| c.kind.is_numeric()).count();
    numeric * 2 > rest.count()
}

/// Rendered Markdown led by a label: inside a lone paragraph (`<p><span>Source:</span> Wind</p>`),
/// or as a paragraph of its own before several blocks. The label is text (escaped here).
pub(crate) fn labelled(label: &str, html: &str) -> String {
    let label = escape::html(label);
    let trimmed = html.trim_end();
    let lone = trimmed
        .strip_prefix("<p>")
        .and_then(|t| t.strip_suffix("</p>"))
        .filter(|inner| !inner.contains("<p>"));
    // A full-width colon (Chinese, Japanese) holds its own space.
    let lead = crate::locale::labels::leading(&label);
    let gap = &lead[label.len()..];
    match lone {
        Some(inner) => format!("<p><span class=\"box-label\">{label}</span>{gap}{inner}</p>"),
        None => format!("<p class=\"box-label\">{label}</p>\n{trimmed}"),
    }
}

/// How a numeric column prints its cells: integers with no decimals, numbers and percents
/// with [`BoxSpec::decimals_of`]; thousands always separated; `%` in each percent cell. Any other unit
/// is printed once, in the header.
pub(crate) fn number_format_of<'a>(
    spec: &BoxSpec,
    column: &'a Column,
    locale: &Locale,
) -> Option<NumberFormat<'a>> {
    column.kind.is_numeric().then(|| {
        locale.format(
            Some(spec.decimals_of(column)),
            (column.kind == ColumnType::Percent).then_some("%"),
        )
    })
}

/// The class of a column's cells: `num` for numbers (right-aligned, tabular figures),
/// `prose` for Markdown (wider on a phone), and the `align` given when it is not the default.
fn class_of(column: &Column) -> &'static str {
    match (column.kind, column.align) {
        (k, None | Some(Align::Right)) if k.is_numeric() => "num",
        (k, Some(Align::Left)) if k.is_numeric() => "num align-left",
        (k, Some(Align::Center)) if k.is_numeric() => "num align-center",
        (ColumnType::Markdown, None | Some(Align::Left)) => "prose",
        (ColumnType::Markdown, Some(Align::Right)) => "prose align-right",
        (ColumnType::Markdown, Some(Align::Center)) => "prose align-center",
        (_, None | Some(Align::Left)) => "",
        (_, Some(Align::Right)) => "align-right",
        (_, Some(Align::Center)) => "align-center",
    }
}

fn cell(
    column: &Column,
    format: Option<&NumberFormat>,
    row: &Row,
    allow_raw_html: bool,
    marks: &[crate::resolve::ResolvedMark],
    mark_html: &dyn Fn(&Resolution) -> String,
    locale: &Locale,
) -> CellContext {
    let (html, value) = match column.cell(row) {
        Ok(Cell::Number(v)) => {
            let shown = format.map_or_else(|| v.to_string(), |f| f.format_decimal(&v));
            let raw = column.raw(row).map(|r| r.raw_text().into_owned());
            (escape::html(&shown), raw)
        }
        Ok(Cell::Text(t)) if column.kind == ColumnType::Markdown => (
            render_snippet_with_marks(&t, marks, &mut |r| mark_html(r), allow_raw_html, true),
            None,
        ),
        Ok(Cell::Text(t)) => (escape::html(&t), None),
        // Resolve has reported any cell that does not fit; an empty cell is drawn empty.
        Ok(Cell::Empty) | Err(_) => (String::new(), None),
    };
    CellContext {
        header: false,
        html,
        value,
        rowspan: 1,
        class: class_of(column),
        label: column_label(column, locale),
    }
}

/// A column's name with its unit, as its header shows it.
pub(crate) fn column_label(column: &Column, locale: &Locale) -> String {
    match column.unit.as_deref() {
        Some(u) if u != "%" => {
            locale.fill("label_with_unit", &[("label", &column.label), ("unit", u)])
        }
        _ => column.label.clone(),
    }
}

/// For each row of a group and each column, the rowspan of the cell (see
/// [`BoxSpec::row_spans`]).
pub fn row_spans(spec: &BoxSpec, rows: &[Row]) -> Vec<Vec<usize>> {
    spec.row_spans(rows)
}

/// The totals row: the label in the first column not summed, each summed column's total,
/// the other cells empty.
fn total_row(
    spec: &BoxSpec,
    formats: &[Option<NumberFormat>],
    locale: &Locale,
) -> Option<Vec<CellContext>> {
    let total = spec.total.as_ref()?;
    let label_at = spec
        .columns
        .iter()
        .position(|c| !total.columns.contains(&c.key))?;
    let cells = spec
        .columns
        .iter()
        .zip(formats)
        .enumerate()
        .map(|(i, (column, format))| {
            if i == label_at {
                return CellContext {
                    header: true,
                    html: escape::html(total.label_or(locale.text("total"))),
                    value: None,
                    rowspan: 1,
                    class: "",
                    label: String::new(),
                };
            }
            let summed = total.columns.contains(&column.key) && column.kind.is_numeric();
            // A total beyond the range of numbers has been reported by resolve.
            let (html, value) = match (summed, format, spec.total_of(column)) {
                (true, Some(f), Some(v)) => {
                    (escape::html(&f.format_decimal(&v)), Some(v.to_string()))
                }
                _ => (String::new(), None),
            };
            CellContext {
                header: false,
                html,
                value,
                rowspan: 1,
                class: class_of(column),
                label: column_label(column, locale),
            }
        })
        .collect();
    Some(cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(yaml: &str) -> BoxSpec {
        serde_yaml::from_str(yaml).expect("spec")
    }

    const CENTRES: &str = "title: T\ncolumns:\n  - { key: year, label: Year }\n  - { key: count, label: Count, type: integer }\n  - { key: name, label: Name }\nmerge: [year, count]\nrows:\n  - { year: 2018, count: 2, name: a }\n  - { year: 2018, count: 2, name: b }\n  - { year: 2019, count: 2, name: c }\n  - { year: 2019, count: 2, name: d }\n  - { year: 2019, count: 2, name: d }\n  - { name: e }\n  - { name: f }\n";

    #[test]
    fn a_box_of_numbers_is_told_from_a_box_of_text() {
        let en = Locale::english();
        let numbers = spec(
            "title: T\ncolumns:\n  - { key: y, label: Year }\n  - { key: a, label: A, type: integer }\n  - { key: b, label: B, type: percent }\n  - { key: n, label: Note }\nrows:\n  - { y: \"2020\", a: 1, b: 2 }\n",
        );
        let text = spec(CENTRES);
        let of = |s: &BoxSpec| {
            box_context(s, 1, &TextMarks::default(), false, &en, &|_| String::new()).numbers
        };
        assert!(
            of(&numbers),
            "two of three columns after the first are numbers"
        );
        assert!(!of(&text), "one of two");
        assert!(!of(&spec(
            "title: T\ncolumns:\n  - { key: y, label: Year, type: integer }\nrows: []\n"
        )));
    }

    #[test]
    fn merged_cells_nest_left_to_right_and_empty_cells_stay_apart() {
        let s = spec(CENTRES);
        let spans = row_spans(&s, &s.rows);
        assert_eq!(
            spans,
            [
                [2, 2, 1],
                [0, 0, 1],
                // The count is 2 again, but a new year starts: a new count cell.
                [3, 3, 1],
                [0, 0, 1],
                // `name` is not merged, so equal names stay two cells.
                [0, 0, 1],
                [1, 1, 1],
                [1, 1, 1],
            ]
        );
    }

    #[test]
    fn merging_follows_the_columns_not_the_merge_list_order() {
        let s = spec(&CENTRES.replace("merge: [year, count]", "merge: [count]"));
        let spans = row_spans(&s, &s.rows);
        // Without the year merged, the count 2 runs over both years.
        assert_eq!(
            spans.iter().map(|r| r[1]).collect::<Vec<_>>(),
            [5, 0, 0, 0, 0, 1, 1]
        );
        assert!(spans.iter().all(|r| r[0] == 1));
    }

    #[test]
    fn numbers_print_from_raw_values_and_keep_them() {
        let s = spec(
            "id: box-n\ntitle: T\ncolumns:\n  - { key: y, label: Year }\n  - { key: n, label: N, type: integer }\n  - { key: a, label: Amount, type: number, unit: USD 100 million }\n  - { key: p, label: Share, type: percent, decimals: 2 }\nrows:\n  - { y: 2013, n: 798000, a: 73.2, p: 2.44 }\n  - { y: 2014, n: 1, a: 63, p: 20.9 }\ntotal: { columns: [n, a, p] }\n",
        );
        let en = Locale::english();
        let ctx = box_context(&s, 3, &TextMarks::default(), false, &en, &|_| String::new());
        let row = &ctx.groups[0].rows[0];
        assert!(row[0].header);
        assert_eq!(row[0].html, "2013");
        assert_eq!(
            (row[1].html.as_str(), row[1].value.as_deref()),
            ("798,000", Some("798000"))
        );
        assert_eq!(row[2].html, "73.2");
        assert_eq!(row[3].html, "2.44%");
        let row = &ctx.groups[0].rows[1];
        assert_eq!(
            (row[2].html.as_str(), row[2].value.as_deref()),
            ("63.0", Some("63"))
        );
        assert_eq!(row[3].html, "20.90%");
        assert_eq!(ctx.columns[2].unit, Some("USD 100 million"));
        assert_eq!(ctx.columns[2].class, "num");
        let total = ctx.total.expect("total");
        assert_eq!(total[0].html, "Total");
        assert!(total[0].header);
        assert_eq!(total[1].html, "798,001");
        assert_eq!(
            (total[2].html.as_str(), total[2].value.as_deref()),
            ("136.2", Some("136.2"))
        );
        assert_eq!(total[3].html, "23.34%");
        assert_eq!(ctx.csv, "data/box-n.csv");
    }

    #[test]
    fn text_is_escaped_and_markdown_is_safe() {
        let s = spec(
            "title: T\ncolumns:\n  - { key: t, label: T }\n  - { key: m, label: M, type: markdown }\nrows:\n  - { t: '<b>&\"q\"', m: '**A** <i>x</i> [l](javascript:x)' }\n",
        );
        let en = Locale::english();
        let ctx = box_context(&s, 1, &TextMarks::default(), false, &en, &|_| String::new());
        let row = &ctx.groups[0].rows[0];
        assert_eq!(row[0].html, "&lt;b&gt;&amp;&quot;q&quot;");
        assert_eq!(row[1].html, "<strong>A</strong> &lt;i&gt;x&lt;/i&gt; l");
    }
}
