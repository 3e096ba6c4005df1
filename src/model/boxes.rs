//! The schema of a box: a numbered data table, `data/box-*.yaml`, and how its cells read.
//!
//! A cell is read through its column ([`Column::cell`]): the validation in `resolve`, the
//! table in `render`, the downloads and the charts drawn from a box all read it the same way.

use crate::core::decimal::Decimal;
pub use crate::model::value::Row;
use crate::model::value::Scalar;
use serde::Deserialize;
use std::borrow::Cow;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoxSpec {
    /// Taken from the file name when absent; must match it when present.
    #[serde(default)]
    pub id: String,
    #[serde(deserialize_with = "crate::model::text::one")]
    pub title: String,
    /// Markdown shown above the table.
    #[serde(default, deserialize_with = "crate::model::text::optional")]
    pub intro: Option<String>,
    /// Markdown shown below the table.
    #[serde(default, deserialize_with = "crate::model::text::optional")]
    pub outro: Option<String>,
    /// Required, unless the box lists `indicators`.
    #[serde(default)]
    pub columns: Vec<Column>,
    /// Headers spanning adjacent columns ("Exports" over "2021" and "2022"): a second header
    /// row. Not to be confused with `groups`, which group rows.
    #[serde(default)]
    pub column_groups: Vec<ColumnGroup>,
    /// A box built from indicators of `data/indicators.yaml` (ids, in order): one row each
    /// with its value, year, threshold and status. Takes the place of columns and rows.
    #[serde(default)]
    pub indicators: Vec<String>,
    /// The rows, when the table has no groups.
    #[serde(default)]
    pub rows: Vec<Row>,
    /// Rows under group labels ("Innovation", "Outbound", …).
    #[serde(default)]
    pub groups: Vec<Group>,
    /// Columns whose equal neighbours become one cell (rowspan).
    #[serde(default)]
    pub merge: Vec<String>,
    /// Markdown.
    #[serde(default, deserialize_with = "crate::model::text::optional")]
    pub source: Option<String>,
    /// Markdown.
    #[serde(default, deserialize_with = "crate::model::text::optional")]
    pub notes: Option<String>,
    /// A computed totals row.
    #[serde(default)]
    pub total: Option<Total>,
    /// Footnotes on single cells, lettered with the columns' notes (a, b, c …).
    #[serde(default)]
    pub cell_notes: Vec<CellNote>,
    /// Rows set in bold on a tint, each named by its first column's value.
    #[serde(default)]
    pub highlight: Vec<Scalar>,
}

/// A header over adjacent columns.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnGroup {
    #[serde(deserialize_with = "crate::model::text::one")]
    pub label: String,
    /// The keys of its columns: adjacent, in the columns' order.
    pub columns: Vec<String>,
}

/// A footnote on one cell: the row named by its first column's value, the column by its key.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CellNote {
    pub row: Scalar,
    pub column: String,
    /// Markdown.
    #[serde(deserialize_with = "crate::model::text::one")]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    pub key: String,
    #[serde(deserialize_with = "crate::model::text::one")]
    pub label: String,
    #[serde(default, rename = "type")]
    pub kind: ColumnType,
    /// Fixed decimals for numbers.
    #[serde(default)]
    pub decimals: Option<u8>,
    /// Printed after a number (`%` directly, other units after a space).
    #[serde(default, deserialize_with = "crate::model::text::optional")]
    pub unit: Option<String>,
    #[serde(default)]
    pub align: Option<Align>,
    /// A width hint, such as `30%` or `12em`.
    #[serde(default)]
    pub width: Option<String>,
    /// Every row must have a value in this column.
    #[serde(default)]
    pub required: bool,
    /// A footnote on the column's header (Markdown), lettered with the cells' notes.
    #[serde(default, deserialize_with = "crate::model::text::optional")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnType {
    #[default]
    Text,
    Markdown,
    Integer,
    Number,
    Percent,
}

impl ColumnType {
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            ColumnType::Integer | ColumnType::Number | ColumnType::Percent
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    Left,
    Right,
    Center,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    #[serde(deserialize_with = "crate::model::text::one")]
    pub label: String,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Total {
    /// The row's label; the language's "Total" when absent.
    #[serde(default, deserialize_with = "crate::model::text::optional")]
    pub label: Option<String>,
    /// The numeric columns to sum.
    pub columns: Vec<String>,
}

impl Total {
    /// The row's label: the author's, else `total` (the language's word for it).
    pub fn label_or<'a>(&'a self, total: &'a str) -> &'a str {
        self.label.as_deref().unwrap_or(total)
    }
}

/// A cell as its column reads it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// Absent, `null`, or blank text.
    Empty,
    /// The text of a `text` or `markdown` column (a number there reads as written).
    Text(Cow<'a, str>),
    /// The value of an `integer`, `number` or `percent` column, with its digits: the page
    /// prints these, as the downloads do.
    Number(Decimal),
}

/// A value that does not fit its column: what was found instead, in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellTypeError {
    pub found: &'static str,
}

/// A whole number written with a fraction or an exponent (`5.0`, `1e6`) is binary floating
/// point: exact up to 2^53, beyond which its digits may not be the ones written. (Integers
/// written as integers keep every digit.)
const MAX_EXACT_INTEGER: f64 = 9_007_199_254_740_992.0;

impl ColumnType {
    /// The name used in YAML.
    pub fn name(self) -> &'static str {
        match self {
            ColumnType::Text => "text",
            ColumnType::Markdown => "markdown",
            ColumnType::Integer => "integer",
            ColumnType::Number => "number",
            ColumnType::Percent => "percent",
        }
    }

    /// What a value of this type is, in words.
    pub fn expected(self) -> &'static str {
        match self {
            ColumnType::Text => "text",
            ColumnType::Markdown => "Markdown text",
            ColumnType::Integer => "a whole number",
            ColumnType::Number | ColumnType::Percent => "a number",
        }
    }
}

impl Column {
    /// The raw value of this column in `row`: `None` when the row has no such key.
    pub fn raw<'r>(&self, row: &'r Row) -> Option<&'r Scalar> {
        row.get(&self.key)
    }

    /// This column's cell of `row`.
    pub fn cell<'r>(&self, row: &'r Row) -> Result<Cell<'r>, CellTypeError> {
        self.read(self.raw(row))
    }

    /// Reads a raw value as this column's cell.
    pub fn read<'v>(&self, value: Option<&'v Scalar>) -> Result<Cell<'v>, CellTypeError> {
        let Some(value) = value else {
            return Ok(Cell::Empty);
        };
        let wrong = || CellTypeError {
            found: value.describe(),
        };
        match (self.kind, value) {
            (_, Scalar::Null) => Ok(Cell::Empty),
            (ColumnType::Text | ColumnType::Markdown, Scalar::String(s)) => {
                if s.trim().is_empty() {
                    Ok(Cell::Empty)
                } else {
                    Ok(Cell::Text(Cow::Borrowed(s)))
                }
            }
            (ColumnType::Text | ColumnType::Markdown, Scalar::Number(n)) => {
                if n.is_finite() {
                    Ok(Cell::Text(Cow::Owned(n.to_string())))
                } else {
                    Err(wrong())
                }
            }
            (ColumnType::Text | ColumnType::Markdown, Scalar::Bool(b)) => {
                Ok(Cell::Text(Cow::Borrowed(if *b { "true" } else { "false" })))
            }
            (ColumnType::Integer, Scalar::Number(n)) => match n.decimal() {
                Some(d) if !n.is_float() => Ok(Cell::Number(d)),
                Some(d) if d.is_whole() && d.value().abs() <= MAX_EXACT_INTEGER => {
                    Ok(Cell::Number(d))
                }
                Some(d) if d.is_whole() => Err(CellTypeError {
                    found: "a whole number too large to keep exact",
                }),
                _ => Err(wrong()),
            },
            (ColumnType::Number | ColumnType::Percent, Scalar::Number(n)) => {
                n.decimal().map(Cell::Number).ok_or_else(wrong)
            }
            _ => Err(wrong()),
        }
    }

    /// Where the cells of this column sit: the `align` given, or right for numbers.
    pub fn alignment(&self) -> Align {
        self.align.unwrap_or(if self.kind.is_numeric() {
            Align::Right
        } else {
            Align::Left
        })
    }
}

/// A run of rows: a labelled group, or the rows of a box without groups.
#[derive(Debug, Clone, Copy)]
pub struct RowGroup<'a> {
    /// `Some(i)` for `groups[i]`, `None` for the top-level `rows`.
    pub index: Option<usize>,
    pub label: Option<&'a str>,
    pub rows: &'a [Row],
}

impl BoxSpec {
    pub fn column(&self, key: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.key == key)
    }

    /// The top-level rows (when there are any), then each group.
    pub fn row_groups(&self) -> impl Iterator<Item = RowGroup<'_>> {
        let top = (!self.rows.is_empty()).then_some(RowGroup {
            index: None,
            label: None,
            rows: &self.rows,
        });
        top.into_iter()
            .chain(self.groups.iter().enumerate().map(|(i, g)| RowGroup {
                index: Some(i),
                label: Some(g.label.as_str()),
                rows: &g.rows,
            }))
    }

    /// Every row, group after group.
    pub fn all_rows(&self) -> impl Iterator<Item = &Row> {
        self.row_groups().flat_map(|g| g.rows.iter())
    }

    /// The name of a row: its first column's value as written, trimmed (`None` when empty).
    pub fn row_name<'r>(&self, row: &'r Row) -> Option<Cow<'r, str>> {
        let first = self.columns.first()?;
        let raw = first.raw(row)?;
        let text = raw.raw_text();
        if text.trim().is_empty() {
            return None;
        }
        Some(match text {
            Cow::Borrowed(t) => Cow::Borrowed(t.trim()),
            Cow::Owned(t) => Cow::Owned(t.trim().to_string()),
        })
    }

    /// The rows (numbered over every group) whose name is `selector` as written: the rows a
    /// `highlight` or `cell_notes` entry names. More than one when names repeat.
    pub fn rows_named(&self, selector: &Scalar) -> Vec<usize> {
        let wanted = selector.raw_text();
        let wanted = wanted.trim();
        self.all_rows()
            .enumerate()
            .filter(|(_, r)| self.row_name(r).is_some_and(|n| n == wanted))
            .map(|(i, _)| i)
            .collect()
    }

    /// For each column, the index of the column group it is in.
    pub fn column_group_of(&self) -> Vec<Option<usize>> {
        self.columns
            .iter()
            .map(|c| {
                self.column_groups
                    .iter()
                    .position(|g| g.columns.contains(&c.key))
            })
            .collect()
    }

    /// For each row of a group and each column, the rowspan of the cell: 1 for a cell of its
    /// own, more for a merged cell, 0 for a cell that the merged cell above covers.
    ///
    /// A cell of a `merge` column merges with the one above when both hold the same value, and
    /// when every `merge` column to its left merges there too: merging nests left to right, so a
    /// count never spans two years. Empty cells never merge; groups are passed one at a time, so
    /// nothing merges across a group's boundary.
    pub fn row_spans(&self, rows: &[Row]) -> Vec<Vec<usize>> {
        let spec = self;
        let merged: Vec<bool> = spec
            .columns
            .iter()
            .map(|c| spec.merge.contains(&c.key))
            .collect();
        let mut spans = vec![vec![1usize; spec.columns.len()]; rows.len()];
        let mut run_start = vec![0usize; spec.columns.len()];
        for r in 1..rows.len() {
            let mut outer_continues = true;
            for (j, column) in spec.columns.iter().enumerate() {
                if !merged[j] {
                    continue;
                }
                let here = column.cell(&rows[r]).unwrap_or(Cell::Empty);
                let above = column.cell(&rows[r - 1]).unwrap_or(Cell::Empty);
                let continues = outer_continues && here != Cell::Empty && here == above;
                if continues {
                    spans[r][j] = 0;
                    spans[run_start[j]][j] += 1;
                } else {
                    run_start[j] = r;
                }
                outer_continues = continues;
            }
        }
        spans
    }

    /// The rows (numbered over every group) that `highlight` names.
    pub fn highlighted_rows(&self) -> std::collections::BTreeSet<usize> {
        self.highlight
            .iter()
            .flat_map(|h| self.rows_named(h))
            .collect()
    }

    /// The decimals a column prints with: its `decimals`, or as many as its most precise
    /// value has, so that the column lines up; none for integers.
    pub fn decimals_of(&self, column: &Column) -> u8 {
        match column.kind {
            ColumnType::Number | ColumnType::Percent => column.decimals.unwrap_or_else(|| {
                self.all_rows()
                    .filter_map(|r| match column.cell(r) {
                        Ok(Cell::Number(v)) => Some(u8::try_from(v.decimals()).unwrap_or(u8::MAX)),
                        _ => None,
                    })
                    .max()
                    .unwrap_or(0)
            }),
            _ => 0,
        }
    }

    /// The total of a numeric column: the exact sum of its cells over every row of every
    /// group (empty cells add nothing), rounded to the column's decimals. `None` when it is
    /// beyond the range of numbers (resolve reports it as `total-out-of-range`).
    pub fn total_of(&self, column: &Column) -> Option<Decimal> {
        let cells: Vec<Decimal> = self
            .all_rows()
            .filter_map(|r| match column.cell(r) {
                Ok(Cell::Number(v)) => Some(v),
                _ => None,
            })
            .collect();
        Decimal::sum(&cells)?.round(self.decimals_of(column))
    }
}

/// A footnote of the table: its letter, its text and what it is on.
#[derive(Debug)]
pub struct TableNote<'a> {
    pub letter: String,
    pub text: &'a str,
    pub on: NoteOn,
}

/// What a note is on: the column at this index, or the entry at this index of `cell_notes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteOn {
    Column(usize),
    Cell(usize),
}

/// The table's footnotes, lettered in the order a reader meets their markers: the header
/// row by row, then the rows, each left to right.
#[derive(Debug, Default)]
pub struct TableNotes<'a> {
    /// In the order of their letters.
    pub notes: Vec<TableNote<'a>>,
    /// For each column, its note's index in `notes`.
    pub columns: Vec<Option<usize>>,
    /// For each drawn cell (row over every group, column) with notes, their indexes: a merged
    /// cell carries the notes of the cells it covers.
    cells: std::collections::BTreeMap<(usize, usize), Vec<usize>>,
}

impl TableNotes<'_> {
    /// The notes of the drawn cell at this row and column.
    pub fn of_cell(&self, row: usize, column: usize) -> &[usize] {
        self.cells.get(&(row, column)).map_or(&[], Vec::as_slice)
    }
}

/// `a` … `z`, then `aa`, `ab` …: the letter of the `n`-th note (from 0).
pub fn note_letter(mut n: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(char::from(b'a' + (n % 26) as u8));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    letters.iter().rev().collect()
}

/// The notes of the columns and cells of a box, lettered. A cell note whose row or column
/// does not exist, or that repeats a cell's, has been reported by resolve and is left out.
pub fn table_notes(spec: &BoxSpec) -> TableNotes<'_> {
    let mut out = TableNotes {
        columns: vec![None; spec.columns.len()],
        ..TableNotes::default()
    };
    fn push<'a>(out: &mut TableNotes<'a>, text: &'a str, on: NoteOn) -> usize {
        let letter = note_letter(out.notes.len());
        out.notes.push(TableNote { letter, text, on });
        out.notes.len() - 1
    }
    // The header: the first row (columns under no group), then the second.
    let of = spec.column_group_of();
    for second in [false, true] {
        for (i, c) in spec.columns.iter().enumerate() {
            if let (Some(text), true) = (&c.note, of[i].is_some() == second) {
                out.columns[i] = Some(push(&mut out, text.as_str(), NoteOn::Column(i)));
            }
        }
    }
    // Each cell's note, by row and column.
    let mut on: std::collections::BTreeMap<(usize, usize), usize> = Default::default();
    for (k, note) in spec.cell_notes.iter().enumerate() {
        let Some(column) = spec.columns.iter().position(|c| c.key == note.column) else {
            continue;
        };
        if let [row] = spec.rows_named(&note.row).as_slice() {
            on.entry((*row, column)).or_insert(k);
        }
    }
    if on.is_empty() {
        return out;
    }
    let mut first_row = 0;
    for g in spec.row_groups() {
        for (r, spans) in spec.row_spans(g.rows).into_iter().enumerate() {
            for (c, span) in spans.into_iter().enumerate() {
                for covered in first_row + r..first_row + r + span {
                    if let Some(k) = on.get(&(covered, c)) {
                        let n = push(
                            &mut out,
                            spec.cell_notes[*k].note.as_str(),
                            NoteOn::Cell(*k),
                        );
                        out.cells.entry((first_row + r, c)).or_default().push(n);
                    }
                }
            }
        }
        first_row += g.rows.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(kind: ColumnType) -> Column {
        Column {
            key: "v".into(),
            label: "V".into(),
            kind,
            decimals: None,
            unit: None,
            align: None,
            width: None,
            required: false,
            note: None,
        }
    }

    fn row(yaml: &str) -> Row {
        serde_yaml::from_str(yaml).expect("row")
    }

    #[test]
    fn notes_are_lettered_in_reading_order() {
        assert_eq!(
            [0, 1, 25, 26, 27, 51, 52, 701, 702].map(note_letter),
            ["a", "b", "z", "aa", "ab", "az", "ba", "zz", "aaa"]
        );
        let spec: BoxSpec = serde_yaml::from_str(
            "title: T\ncolumns:\n  - { key: p, label: P, note: On P. }\n  - { key: x, label: X, note: On X. }\n  - { key: y, label: Y }\n  - { key: z, label: Z, note: On Z. }\ncolumn_groups:\n  - { label: G, columns: [x, y] }\nmerge: [y]\nrows:\n  - { p: A, y: 1 }\n  - { p: B, y: 1 }\n  - { p: C, y: 2 }\ncell_notes:\n  - { row: C, column: p, note: On C. }\n  - { row: B, column: y, note: On B's y. }\n  - { row: Nowhere, column: p, note: Dropped. }\n",
        )
        .expect("spec");
        let notes = table_notes(&spec);
        let read: Vec<(&str, &str)> = notes
            .notes
            .iter()
            .map(|n| (n.letter.as_str(), n.text))
            .collect();
        // The first header row (P and Z, under no group), the second (X), then the cells: the
        // note on B's y sits on the merged cell that A's row opens.
        assert_eq!(
            read,
            [
                ("a", "On P."),
                ("b", "On Z."),
                ("c", "On X."),
                ("d", "On B's y."),
                ("e", "On C.")
            ]
        );
        assert_eq!(notes.columns, [Some(0), Some(2), None, Some(1)]);
        assert_eq!(notes.of_cell(0, 2), [3]);
        assert!(notes.of_cell(1, 2).is_empty());
        assert_eq!(notes.of_cell(2, 0), [4]);
        assert_eq!(notes.notes[4].on, NoteOn::Cell(0));
    }

    #[test]
    fn cells_read_through_their_column() {
        let text = column(ColumnType::Text);
        assert_eq!(
            text.cell(&row("{ v: 2016 }")),
            Ok(Cell::Text("2016".into()))
        );
        assert_eq!(text.cell(&row("{ v: '  ' }")), Ok(Cell::Empty));
        assert_eq!(text.cell(&row("{ w: 1 }")), Ok(Cell::Empty));
        assert_eq!(text.cell(&row("{ v: ~ }")), Ok(Cell::Empty));
        assert_eq!(text.cell(&row("{ v: [1] }")).unwrap_err().found, "a list");

        let int = column(ColumnType::Integer);
        let number = |text: &str| Ok(Cell::Number(Decimal::parse(text).expect("decimal")));
        assert_eq!(int.cell(&row("{ v: 798000 }")), number("798000"));
        assert_eq!(int.cell(&row("{ v: 5.0 }")), number("5"));
        // Beyond 2^53, an integer keeps its digits; a float's might not be the ones written.
        assert_eq!(
            int.cell(&row("{ v: 12345678901234567891 }")),
            number("12345678901234567891")
        );
        assert_eq!(
            int.cell(&row("{ v: 1.0e20 }")).unwrap_err().found,
            "a whole number too large to keep exact"
        );
        assert_eq!(
            int.cell(&row("{ v: 1.5 }")).unwrap_err().found,
            "a number with decimals"
        );
        assert_eq!(
            int.cell(&row("{ v: '798,000' }")).unwrap_err().found,
            "text"
        );
        assert!(int.cell(&row("{ v: .inf }")).is_err());

        let num = column(ColumnType::Number);
        assert_eq!(num.cell(&row("{ v: 73.2 }")), number("73.2"));
        assert_eq!(num.cell(&row("{ v: -3 }")), number("-3"));
        assert_eq!(
            num.cell(&row("{ v: 9007199254740993 }")),
            number("9007199254740993")
        );
        assert!(num.cell(&row("{ v: .nan }")).is_err());
        assert!(num.cell(&row("{ v: true }")).is_err());
        assert_eq!(num.alignment(), Align::Right);
        assert_eq!(text.alignment(), Align::Left);
    }
}
