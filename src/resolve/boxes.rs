//! Checking the boxes of an edition against their own columns.
//!
//! Every row key must name a column, every cell must fit its column's type, required cells
//! must be there, and `merge` and `total` must name columns that exist. Each problem points at
//! the YAML node at fault, with a hint; nothing is rendered here.

use crate::core::code::Code;
use crate::core::diagnostic::{Diagnostic, did_you_mean};
use crate::core::source::{Position, SourceFile};
use crate::load::yaml::{Seg, Target, locate_in};
use crate::markdown::html_policy;
use crate::model::boxes::{Cell, ColumnType, Row};
use crate::model::value::Scalar;
use crate::model::{BoxSpec, DataFile, Edition};
use pulldown_cmark::{Event, Parser, Tag};
use std::collections::HashMap;

/// The CSV and JSON downloads of a box with groups carry each row's group label under this
/// key, so no column may be called so.
pub const GROUP_KEY: &str = "group";

/// Checks every box of the edition (embedded or not: charts may draw from any of them).
pub fn check_edition(edition: &Edition, allow_raw_html: bool, diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &DataFile<BoxSpec>> = HashMap::new();
    for b in &edition.data.boxes {
        if let Some(first) = seen.get(b.spec.id.as_str()) {
            diags.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    format!("this edition already has a box `{}`", b.spec.id),
                )
                .at_position(&b.file, key_or_start(&b.file, &[Seg::Key("id")]), 1)
                .with_help(format!(
                    "a box's id is its file name: keep one of {} and {}",
                    first.file.path, b.file.path
                )),
            );
            continue;
        }
        seen.insert(&b.spec.id, b);
        if !is_id(&b.spec.id) {
            diags.push(
                Diagnostic::error(
                    Code::BoxId,
                    format!("`{}` cannot be a box's id", b.spec.id),
                )
                .at_position(&b.file, key_or_start(&b.file, &[Seg::Key("id")]), 1)
                .with_help(
                    "name the file box-<name>.yaml with letters, digits, `-` and `_` only: the id is an anchor, a file name and an @reference",
                ),
            );
        }
        if let Some(c) = edition.data.find_chart(&b.spec.id) {
            diags.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    format!("`{}` is both a box and a figure", b.spec.id),
                )
                .at_position(&b.file, key_or_start(&b.file, &[Seg::Key("id")]), 1)
                .with_help(format!("rename this file or {}", c.file.path)),
            );
        }
        check_box(&b.file, &b.spec, allow_raw_html, diags);
    }
}

/// Checks one box against its columns.
pub fn check_box(
    file: &SourceFile,
    spec: &BoxSpec,
    allow_raw_html: bool,
    diags: &mut Vec<Diagnostic>,
) {
    let mut cx = Checker {
        file,
        diags,
        in_rows: false,
        row_diagnostics: 0,
        hidden: (0, 0),
    };
    cx.columns(spec);
    cx.shape(spec);
    cx.blank_texts(spec);
    let keys: Vec<&str> = spec.columns.iter().map(|c| c.key.as_str()).collect();

    cx.in_rows = true;
    for group in spec.row_groups() {
        let mut base: Vec<Seg> = Vec::with_capacity(5);
        match group.index {
            Some(g) => base.extend([Seg::Key("groups"), Seg::Index(g), Seg::Key("rows")]),
            None => base.push(Seg::Key("rows")),
        }
        for (r, row) in group.rows.iter().enumerate() {
            cx.row(
                spec,
                &keys,
                row,
                &with(&base, Seg::Index(r)),
                allow_raw_html,
            );
        }
    }
    cx.in_rows = false;
    cx.hidden_summary(spec);

    for (i, key) in spec.merge.iter().enumerate() {
        if spec.column(key).is_none() {
            cx.error(
                Code::UnknownMergeColumn,
                format!("`merge` names `{key}`, which no column defines"),
                &[Seg::Key("merge"), Seg::Index(i)],
                Target::Value,
                key.chars().count(),
                unknown_help(key, &keys),
            );
        }
    }

    if let Some(total) = &spec.total {
        let numeric: Vec<&str> = spec
            .columns
            .iter()
            .filter(|c| c.kind.is_numeric())
            .map(|c| c.key.as_str())
            .collect();
        for (i, key) in total.columns.iter().enumerate() {
            let path = [Seg::Key("total"), Seg::Key("columns"), Seg::Index(i)];
            match spec.column(key) {
                None => cx.error(
                    Code::UnknownTotalColumn,
                    format!("`total` sums `{key}`, which no column defines"),
                    &path,
                    Target::Value,
                    key.chars().count(),
                    unknown_help_among(key, &numeric, "numeric columns to sum"),
                ),
                Some(c) if !c.kind.is_numeric() => cx.error(
                    Code::TotalNotNumeric,
                    format!("`total` sums `{key}`, a {} column", c.kind.name()),
                    &path,
                    Target::Value,
                    key.chars().count(),
                    "only integer, number and percent columns can be summed".to_string(),
                ),
                Some(c) if spec.total_of(c).is_none() => cx.error(
                    Code::TotalOutOfRange,
                    format!("the total of `{key}` is past the largest number (about 1.8 × 10^308)"),
                    &path,
                    Target::Value,
                    key.chars().count(),
                    format!("check the values of `{key}` (a wrong unit or a typo in an exponent?), or give them in a larger unit"),
                ),
                Some(_) => {}
            }
        }
        if spec.columns.iter().all(|c| total.columns.contains(&c.key)) {
            cx.error(
                Code::TotalWithoutLabel,
                "the totals row sums every column and has no cell left for its label",
                &[Seg::Key("total")],
                Target::Key,
                5,
                "the label sits in the first column not summed: keep one column out of `columns`"
                    .to_string(),
            );
        }
    }

    cx.column_groups(spec, &keys);
    cx.cell_notes(spec, &keys, allow_raw_html);
    cx.highlight(spec);
    for (i, c) in spec.columns.iter().enumerate() {
        if let Some(note) = &c.note {
            cx.markdown(
                note,
                &[Seg::Key("columns"), Seg::Index(i), Seg::Key("note")],
                allow_raw_html,
            );
        }
    }

    for key in ["intro", "outro", "source", "notes"] {
        let text = match key {
            "intro" => &spec.intro,
            "outro" => &spec.outro,
            "source" => &spec.source,
            _ => &spec.notes,
        };
        if let Some(text) = text {
            cx.markdown(text, &[Seg::Key(key)], allow_raw_html);
        }
    }
}

/// At most this many diagnostics about the cells of one box are shown: a column given the
/// wrong type can make every row wrong, and each diagnostic is located by reading the file
/// again. The rest are counted in one last diagnostic.
const MAX_ROW_DIAGNOSTICS: usize = 20;

struct Checker<'a> {
    file: &'a SourceFile,
    diags: &'a mut Vec<Diagnostic>,
    /// Set while the rows are checked: their diagnostics count against the limit.
    in_rows: bool,
    row_diagnostics: usize,
    /// Diagnostics past the limit, errors and warnings.
    hidden: (usize, usize),
}

impl Checker<'_> {
    fn position(&self, path: &[Seg<'_>], target: Target) -> Position {
        locate_in(self.file, path, target).unwrap_or(Position { line: 1, column: 1 })
    }

    fn push(&mut self, d: Diagnostic, path: &[Seg<'_>], target: Target, width: usize) {
        if self.in_rows {
            if self.row_diagnostics >= MAX_ROW_DIAGNOSTICS {
                if d.is_error() {
                    self.hidden.0 += 1;
                } else {
                    self.hidden.1 += 1;
                }
                return;
            }
            self.row_diagnostics += 1;
        }
        let pos = self.position(path, target);
        self.diags.push(d.at_position(self.file, pos, width));
    }

    /// One diagnostic for those past the limit: an error if any of them is one.
    fn hidden_summary(&mut self, spec: &BoxSpec) {
        let (errors, warnings) = self.hidden;
        if errors + warnings == 0 {
            return;
        }
        let message = format!(
            "{} more problems in the rows of this box are not shown",
            errors + warnings
        );
        let d = if errors > 0 {
            Diagnostic::error(Code::MoreCellProblems, message)
        } else {
            Diagnostic::warning(Code::MoreCellProblems, message)
        };
        let key = if spec.rows.is_empty() {
            "groups"
        } else {
            "rows"
        };
        let width = key.len();
        self.push(
            d.with_help("fix the ones shown (a column's `type` may be wrong) and check again"),
            &[Seg::Key(key)],
            Target::Key,
            width,
        );
    }

    fn error(
        &mut self,
        code: Code,
        message: impl Into<String>,
        path: &[Seg<'_>],
        target: Target,
        width: usize,
        help: String,
    ) {
        self.push(
            Diagnostic::error(code, message).with_help(help),
            path,
            target,
            width,
        );
    }

    fn columns(&mut self, spec: &BoxSpec) {
        if spec.columns.is_empty() {
            self.error(
                Code::NoColumns,
                "this box has no columns",
                &[Seg::Key("columns")],
                Target::Key,
                7,
                "list the columns: - { key: year, label: Year }".to_string(),
            );
        }
        let has_groups = !spec.groups.is_empty();
        let mut keys_before: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for (i, c) in spec.columns.iter().enumerate() {
            let at = |k| [Seg::Key("columns"), Seg::Index(i), Seg::Key(k)];
            let repeated = !keys_before.insert(c.key.as_str());
            if c.key.trim().is_empty() {
                self.error(
                    Code::ColumnKey,
                    "a column's key is empty",
                    &at("key"),
                    Target::Value,
                    1,
                    "give the column a key that its rows use, such as `year`".to_string(),
                );
            } else if repeated {
                self.error(
                    Code::DuplicateColumn,
                    format!("two columns have the key `{}`", c.key),
                    &at("key"),
                    Target::Value,
                    c.key.chars().count(),
                    "give each column a key of its own".to_string(),
                );
            } else if has_groups && c.key == GROUP_KEY {
                self.error(
                    Code::ColumnKey,
                    format!("a box with groups cannot have a column `{GROUP_KEY}`"),
                    &at("key"),
                    Target::Value,
                    c.key.chars().count(),
                    format!(
                        "the downloads carry each row's group label as `{GROUP_KEY}`: rename this column"
                    ),
                );
            }
            if c.decimals.is_some() && !matches!(c.kind, ColumnType::Number | ColumnType::Percent) {
                self.error(
                    Code::ColumnOption,
                    format!("`decimals` has no meaning for a {} column", c.kind.name()),
                    &at("decimals"),
                    Target::Key,
                    8,
                    "give decimals to number and percent columns only (integers print none)"
                        .to_string(),
                );
            }
            if c.unit.is_some() && !matches!(c.kind, ColumnType::Integer | ColumnType::Number) {
                let help = if c.kind == ColumnType::Percent {
                    "a percent column prints `%` itself: remove `unit`"
                } else {
                    "give a unit to integer and number columns only"
                };
                self.error(
                    Code::ColumnOption,
                    format!("`unit` has no meaning for a {} column", c.kind.name()),
                    &at("unit"),
                    Target::Key,
                    4,
                    help.to_string(),
                );
            }
            if let Some(w) = &c.width
                && !is_width(w)
            {
                self.error(
                    Code::ColumnWidth,
                    format!("`{w}` is not a width"),
                    &at("width"),
                    Target::Value,
                    w.chars().count(),
                    "write a number and a unit: 30%, 12em, 10rem, 20ch or 200px".to_string(),
                );
            }
        }
    }

    /// The texts a reader sees as a caption, a header or a footnote are never blank: a blank
    /// one makes an empty header cell, a cell label such as `: A`, or a footnote of nothing.
    fn blank_texts(&mut self, spec: &BoxSpec) {
        self.blank(
            Some(&spec.title),
            &[Seg::Key("title")],
            "the box's `title`",
            "write the title the box is listed and cited by",
        );
        for (i, c) in spec.columns.iter().enumerate() {
            let at = |k| [Seg::Key("columns"), Seg::Index(i), Seg::Key(k)];
            self.blank(
                Some(&c.label),
                &at("label"),
                "a column's `label`",
                "write the words of the column's header",
            );
            self.blank(
                c.note.as_deref(),
                &at("note"),
                "a column's `note`",
                "write the footnote's text, or remove `note`",
            );
        }
        for (g, group) in spec.groups.iter().enumerate() {
            self.blank(
                Some(&group.label),
                &[Seg::Key("groups"), Seg::Index(g), Seg::Key("label")],
                "a group's `label`",
                "write the words of the row that heads the group",
            );
        }
        for (g, group) in spec.column_groups.iter().enumerate() {
            self.blank(
                Some(&group.label),
                &[Seg::Key("column_groups"), Seg::Index(g), Seg::Key("label")],
                "a column group's `label`",
                "write the words of the header over its columns",
            );
        }
        for (i, note) in spec.cell_notes.iter().enumerate() {
            self.blank(
                Some(&note.note),
                &[Seg::Key("cell_notes"), Seg::Index(i), Seg::Key("note")],
                "a cell's `note`",
                "write the footnote's text, or remove the entry",
            );
        }
    }

    fn blank(&mut self, text: Option<&str>, path: &[Seg<'_>], what: &str, help: &str) {
        if text.is_some_and(|t| t.trim().is_empty()) {
            self.error(
                Code::BlankText,
                format!("{what} is blank"),
                path,
                Target::Value,
                1,
                help.to_string(),
            );
        }
    }

    fn shape(&mut self, spec: &BoxSpec) {
        match (spec.rows.is_empty(), spec.groups.is_empty()) {
            (false, false) => self.error(
                Code::RowsAndGroups,
                "this box has both `rows` and `groups`",
                &[Seg::Key("groups")],
                Target::Key,
                6,
                "put every row under a group, or drop `groups` and list `rows` only".to_string(),
            ),
            (true, true) => self.error(
                Code::EmptyBox,
                "this box has no rows",
                &[Seg::Key("title")],
                Target::Key,
                5,
                "add `rows:` (or `groups:` with a label and rows each)".to_string(),
            ),
            _ => {}
        }
        for (g, group) in spec.groups.iter().enumerate() {
            if group.rows.is_empty() {
                self.error(
                    Code::EmptyGroup,
                    format!("the group `{}` has no rows", group.label),
                    &[Seg::Key("groups"), Seg::Index(g)],
                    Target::Value,
                    1,
                    "add rows under it, or remove the group".to_string(),
                );
            }
        }
    }

    fn row(
        &mut self,
        spec: &BoxSpec,
        keys: &[&str],
        row: &Row,
        path: &[Seg<'_>],
        allow_raw_html: bool,
    ) {
        for key in row.keys() {
            let name = key.raw_text();
            if spec.column(&name).is_some() {
                continue;
            }
            let help = unknown_help(&name, keys);
            let width = name.chars().count();
            self.error(
                Code::UnknownColumn,
                format!("no column has the key `{name}`"),
                &with(path, Seg::Key(&name)),
                Target::Key,
                width,
                help,
            );
        }
        for column in &spec.columns {
            let raw = column.raw(row);
            match column.read(raw) {
                Ok(Cell::Empty) if column.required => {
                    let message = format!("this row has no `{}`, a required column", column.key);
                    let help = format!("give every row a `{}`", column.key);
                    if raw.is_some() {
                        let path = with(path, Seg::Key(&column.key));
                        self.error(Code::MissingCell, message, &path, Target::Value, 1, help);
                    } else {
                        self.error(Code::MissingCell, message, path, Target::Value, 1, help);
                    }
                }
                Ok(Cell::Text(text)) if column.kind == ColumnType::Markdown => {
                    self.markdown(&text, &with(path, Seg::Key(&column.key)), allow_raw_html);
                }
                Ok(_) => {}
                Err(e) => {
                    let value = raw.map(Scalar::raw_text).unwrap_or_default();
                    let help = match (column.kind, raw) {
                        (k, Some(Scalar::String(s))) if k.is_numeric() => {
                            number_hint(s, column.kind)
                        }
                        (ColumnType::Integer, _) => format!(
                            "`{}` is an integer column: write a whole number, or make it `type: number`",
                            column.key
                        ),
                        (k, _) if k.is_numeric() => format!(
                            "`{}` is a {} column: write a number, or leave the cell empty",
                            column.key,
                            k.name()
                        ),
                        _ => "write the cell as text (quote it if it starts with a YAML symbol)"
                            .to_string(),
                    };
                    self.error(
                        Code::WrongCellType,
                        format!(
                            "the column `{}` holds {}, but this cell is {}",
                            column.key,
                            column.kind.expected(),
                            e.found
                        ),
                        &with(path, Seg::Key(&column.key)),
                        Target::Value,
                        value.chars().count(),
                        help,
                    );
                }
            }
        }
    }

    /// Each column group names existing columns, side by side and in order, none of them
    /// the first (the rows' names) or in another group.
    fn column_groups(&mut self, spec: &BoxSpec, keys: &[&str]) {
        let mut taken: HashMap<&str, &str> = HashMap::new();
        for (g, group) in spec.column_groups.iter().enumerate() {
            if group.columns.is_empty() {
                self.error(
                    Code::ColumnGroup,
                    format!("the column group `{}` has no columns", group.label),
                    &[
                        Seg::Key("column_groups"),
                        Seg::Index(g),
                        Seg::Key("columns"),
                    ],
                    Target::Key,
                    7,
                    "list the keys of the columns it spans: columns: [exports_2021, exports_2022]"
                        .to_string(),
                );
            }
            // The columns a key not found may have meant: not the first, none a group spans.
            let spannable: Vec<&str> = keys
                .iter()
                .skip(1)
                .filter(|k| {
                    !spec
                        .column_groups
                        .iter()
                        .any(|other| other.columns.iter().any(|c| c == *k))
                })
                .copied()
                .collect();
            let mut previous: Option<(usize, &str)> = None;
            for (j, key) in group.columns.iter().enumerate() {
                let path = [
                    Seg::Key("column_groups"),
                    Seg::Index(g),
                    Seg::Key("columns"),
                    Seg::Index(j),
                ];
                let width = key.chars().count();
                let Some(at) = keys.iter().position(|k| k == key) else {
                    self.error(
                        Code::UnknownColumnGroupColumn,
                        format!(
                            "the column group `{}` spans `{key}`, which no column defines",
                            group.label
                        ),
                        &path,
                        Target::Value,
                        width,
                        unknown_help_among(
                            key,
                            &spannable,
                            "columns left for a group (not the first, none a group spans already)",
                        ),
                    );
                    previous = None;
                    continue;
                };
                if at == 0 {
                    self.error(
                        Code::ColumnGroup,
                        format!("`{key}`, the first column, cannot be under a column group"),
                        &path,
                        Target::Value,
                        width,
                        "the first column names the rows and its header spans both header rows: leave it out of `columns` here".to_string(),
                    );
                } else if let Some(other) = taken.insert(key.as_str(), group.label.as_str()) {
                    self.error(
                        Code::ColumnGroup,
                        format!("`{key}` is already under the column group `{other}`"),
                        &path,
                        Target::Value,
                        width,
                        "a column stands under one group at most: remove it from one of them"
                            .to_string(),
                    );
                } else if let Some((before, before_key)) = previous
                    && at != before + 1
                {
                    let (message, help) = if at < before {
                        (
                            format!("`{key}` comes before `{before_key}` among the columns"),
                            "list a group's columns in the order of `columns`".to_string(),
                        )
                    } else {
                        (
                            format!(
                                "`{key}` does not stand right after `{before_key}` among the columns"
                            ),
                            format!(
                                "a group spans columns side by side: add {} to the group, or move `{key}` next to `{before_key}` under `columns`",
                                keys[before + 1..at]
                                    .iter()
                                    .map(|k| format!("`{k}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        )
                    };
                    self.error(
                        Code::ColumnGroup,
                        message,
                        &path,
                        Target::Value,
                        width,
                        help,
                    );
                }
                previous = Some((at, key.as_str()));
            }
        }
    }

    /// The one row a `cell_notes` or `highlight` entry names, or its error: `None` when
    /// there is none or several and `one` is wanted.
    fn named_row(
        &mut self,
        spec: &BoxSpec,
        selector: &Scalar,
        path: &[Seg<'_>],
        one: bool,
    ) -> Option<usize> {
        let name = selector.raw_text();
        let width = name.chars().count().max(1);
        let first = spec.columns.first().map_or("", |c| c.key.as_str());
        // A row's name is a value as its first column holds it: text, a number, true/false.
        // Anything else, or blank text, names no row, whatever the rows are.
        if !matches!(
            selector,
            Scalar::String(_) | Scalar::Number(_) | Scalar::Bool(_)
        ) {
            let found = match selector {
                Scalar::Null => "nothing (`null`)",
                other => other.describe(),
            };
            self.error(
                Code::WrongType,
                format!("a row is named by its first column's text; found {found}"),
                path,
                Target::Value,
                1,
                format!(
                    "write the row's name as its first column (`{first}`) shows it, such as {}",
                    row_names(spec)
                        .first()
                        .map_or_else(|| "`2021`".to_string(), |n| format!("`{n}`"))
                ),
            );
            return None;
        }
        if name.trim().is_empty() {
            let unnamed = spec.all_rows().any(|r| spec.row_name(r).is_none());
            let help = if unnamed {
                format!(
                    "a row whose first column (`{first}`) is empty cannot be named: give it a value there and write that value here"
                )
            } else {
                format!("write the row's name as its first column (`{first}`) shows it")
            };
            self.error(
                Code::UnknownRow,
                "a blank name names no row",
                path,
                Target::Value,
                width,
                help,
            );
            return None;
        }
        let rows = spec.rows_named(selector);
        match rows.as_slice() {
            [row] => Some(*row),
            [] => {
                let names = row_names(spec);
                let help = match did_you_mean(name.trim(), names.iter().map(String::as_str)) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!(
                        "a row is named by its first column (`{first}`), as written there: {}",
                        names
                            .iter()
                            .take(8)
                            .map(|n| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                            + if names.len() > 8 { ", …" } else { "" }
                    ),
                };
                self.error(
                    Code::UnknownRow,
                    format!("no row is named `{name}`"),
                    path,
                    Target::Value,
                    width,
                    help,
                );
                None
            }
            [..] if one => {
                self.error(
                    Code::AmbiguousRow,
                    format!("{} rows are named `{name}`", rows.len()),
                    path,
                    Target::Value,
                    width,
                    format!("a note goes on one cell: give the rows different values in their first column (`{first}`)"),
                );
                None
            }
            [..] => None,
        }
    }

    /// Each cell note names an existing column and one row, and no cell has two notes.
    fn cell_notes(&mut self, spec: &BoxSpec, keys: &[&str], allow_raw_html: bool) {
        let mut seen: HashMap<(usize, &str), usize> = HashMap::new();
        for (i, note) in spec.cell_notes.iter().enumerate() {
            let at = |k| [Seg::Key("cell_notes"), Seg::Index(i), Seg::Key(k)];
            let column_known = spec.column(&note.column).is_some();
            if !column_known {
                self.error(
                    Code::UnknownNoteColumn,
                    format!(
                        "the note is on the column `{}`, which no column defines",
                        note.column
                    ),
                    &at("column"),
                    Target::Value,
                    note.column.chars().count().max(1),
                    unknown_help(&note.column, keys),
                );
            }
            let row = self.named_row(spec, &note.row, &at("row"), true);
            if let (Some(row), true) = (row, column_known)
                && let Some(first) = seen.insert((row, note.column.as_str()), i)
            {
                self.error(
                    Code::DuplicateCellNote,
                    format!(
                        "the cell `{}` of the row `{}` already has a note (the entry {} of `cell_notes`)",
                        note.column,
                        note.row.raw_text(),
                        first + 1
                    ),
                    &[Seg::Key("cell_notes"), Seg::Index(i)],
                    Target::Value,
                    1,
                    "a cell has one note: write both texts in one `note`".to_string(),
                );
            }
            self.markdown(&note.note, &at("note"), allow_raw_html);
        }
    }

    /// Each highlighted row exists (a name shared by several rows highlights them all).
    fn highlight(&mut self, spec: &BoxSpec) {
        for (i, selector) in spec.highlight.iter().enumerate() {
            self.named_row(
                spec,
                selector,
                &[Seg::Key("highlight"), Seg::Index(i)],
                false,
            );
        }
    }

    /// Warns about what the renderer will not emit: raw HTML (unless allowed), script links.
    fn markdown(&mut self, text: &str, path: &[Seg<'_>], allow_raw_html: bool) {
        let mut html_warned = false;
        for event in Parser::new_ext(text, crate::markdown::dialect::options()) {
            let inline = matches!(event, Event::InlineHtml(_));
            match event {
                Event::Html(h) | Event::InlineHtml(h) if allow_raw_html => {
                    for f in html_policy::findings(&h, inline) {
                        if f.swallows {
                            self.push(
                                Diagnostic::error(Code::UnclosedHtml, f.message)
                                    .with_help("close the tag (its quote, its `>`), the comment (`-->`) or the element in the same block of HTML"),
                                path,
                                Target::Value,
                                1,
                            );
                            continue;
                        }
                        self.push(
                            Diagnostic::warning(Code::UnsafeHtml, f.message)
                                .with_help("raw HTML may use the elements and attributes of report prose (see the guide's Security page, docs/security.md); scripts, styles, forms, frames and event handlers never pass"),
                            path,
                            Target::Value,
                            1,
                        );
                    }
                }
                Event::Html(_) | Event::InlineHtml(_) if !allow_raw_html && !html_warned => {
                    html_warned = true;
                    self.push(
                        Diagnostic::warning(Code::RawHtml, "raw HTML in a box is shown as text")
                            .with_help("write it in Markdown, or set `allow_raw_html: true` in content/site.yaml"),
                        path,
                        Target::Value,
                        1,
                    );
                }
                Event::Start(Tag::Link { dest_url, .. })
                | Event::Start(Tag::Image { dest_url, .. })
                    if !html_policy::url_allowed(&dest_url) =>
                {
                    self.push(
                        Diagnostic::warning(Code::UnsafeLink, crate::markdown::scan::UNSAFE_LINK)
                            .with_help(crate::markdown::scan::UNSAFE_LINK_HELP),
                        path,
                        Target::Value,
                        1,
                    );
                }
                _ => {}
            }
        }
    }
}

/// Letters, digits, `-` and `_`: what an `@reference` can name, and safe as an HTML id and a
/// file name in the site.
fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The names of the rows, each once, in the order of the rows.
fn row_names(spec: &BoxSpec) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for n in spec.all_rows().filter_map(|r| spec.row_name(r)) {
        if !names.iter().any(|m| *m == n) {
            names.push(n.into_owned());
        }
    }
    names
}

/// `path` and one more step.
fn with<'a>(path: &[Seg<'a>], seg: Seg<'a>) -> Vec<Seg<'a>> {
    let mut out = Vec::with_capacity(path.len() + 1);
    out.extend_from_slice(path);
    out.push(seg);
    out
}

/// The position of a top-level key, or the start of the file.
fn key_or_start(file: &SourceFile, path: &[Seg<'_>]) -> Position {
    locate_in(file, path, Target::Key).unwrap_or(Position { line: 1, column: 1 })
}

/// The help for a key no column defines where only some columns may stand (`allowed`, with
/// what they are in words): "did you mean" suggests none of the others.
fn unknown_help_among(key: &str, allowed: &[&str], what: &str) -> String {
    match did_you_mean(key, allowed.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None if allowed.is_empty() => format!("this box has no {what}"),
        None => format!(
            "{what}: {}",
            allowed
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn unknown_help(key: &str, keys: &[&str]) -> String {
    match did_you_mean(key, keys.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None if keys.is_empty() => "define the column under `columns`".to_string(),
        None => format!(
            "the columns are: {}; add one under `columns` or fix the key",
            keys.join(", ")
        ),
    }
}

/// A hint for a number written as text: `"798,000"`, `"2.44%"`, `"n/a"`.
fn number_hint(text: &str, kind: ColumnType) -> String {
    let t = text.trim();
    let stripped: String = t
        .chars()
        .filter(|c| !matches!(c, ',' | '%' | ' ' | '\u{a0}'))
        .collect();
    if !stripped.is_empty() && stripped.parse::<f64>().is_ok() {
        let unit = if kind == ColumnType::Percent {
            " (the column prints `%` itself)"
        } else {
            " (thousands separators and units are added when printed)"
        };
        return format!("write the bare number `{stripped}`{unit}");
    }
    "write a number, or leave the cell empty (or `~`) when there is no value".to_string()
}

/// `30%`, `12em`, `10.5rem`, `20ch`, `200px`: a number and a unit, nothing that could carry
/// more CSS into the `style` attribute it lands in.
fn is_width(w: &str) -> bool {
    let Some(unit_at) = w.find(|c: char| !(c.is_ascii_digit() || c == '.')) else {
        return false;
    };
    let (number, unit) = w.split_at(unit_at);
    !number.is_empty()
        && number.parse::<f64>().is_ok_and(|v| v > 0.0)
        && matches!(unit, "%" | "em" | "rem" | "ch" | "px")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(yaml: &str) -> Vec<Diagnostic> {
        let file = SourceFile::new("content/r/2022/data/box-t.yaml", yaml);
        let spec: BoxSpec = crate::load::yaml::parse(&file).expect("parses");
        let mut diags = Vec::new();
        check_box(&file, &spec, false, &mut diags);
        diags.sort_by_key(|d| (d.line, d.column));
        diags
    }

    fn at(d: &Diagnostic) -> (&str, usize, usize) {
        (d.code.as_str(), d.line.unwrap_or(0), d.column.unwrap_or(0))
    }

    const COLUMNS: &str = "title: T\ncolumns:\n  - { key: year, label: Year, required: true }\n  - { key: count, label: Count, type: integer }\n  - { key: share, label: Share, type: percent }\n";

    #[test]
    fn a_valid_box_has_no_diagnostics() {
        let d = check(&format!(
            "{COLUMNS}rows:\n  - {{ year: 2016, count: 1, share: 2.44 }}\n  - {{ year: 2017, count: ~ }}\n"
        ));
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn row_keys_must_name_columns() {
        let d = check(&format!(
            "{COLUMNS}rows:\n  - {{ year: 2016, cuont: 1 }}\n  - year: 2017\n    zzz: 2\n"
        ));
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(at(&d[0]), ("unknown-column", 7, 19));
        assert_eq!(d[0].help.as_deref(), Some("did you mean `count`?"));
        assert_eq!(at(&d[1]), ("unknown-column", 9, 5));
        assert!(
            d[1].help
                .as_deref()
                .unwrap_or("")
                .contains("year, count, share")
        );
    }

    #[test]
    fn cells_must_fit_their_column() {
        let d = check(&format!(
            "{COLUMNS}groups:\n  - label: A\n    rows:\n      - {{ year: 2016, count: '798,000', share: 1.5% }}\n      - {{ year: 2017, count: 1.5 }}\n      - {{ year: [x] }}\n"
        ));
        let codes: Vec<_> = d.iter().map(at).collect();
        assert_eq!(
            codes,
            [
                ("wrong-cell-type", 9, 30),
                ("wrong-cell-type", 9, 48),
                ("wrong-cell-type", 10, 30),
                ("wrong-cell-type", 11, 17),
            ],
            "{d:?}"
        );
        assert_eq!(
            d[0].help.as_deref(),
            Some(
                "write the bare number `798000` (thousands separators and units are added when printed)"
            )
        );
        assert!(
            d[1].help
                .as_deref()
                .unwrap_or("")
                .contains("prints `%` itself")
        );
        assert!(
            d[2].message
                .contains("a whole number, but this cell is a number with decimals")
        );
    }

    #[test]
    fn required_cells_must_be_there() {
        let d = check(&format!(
            "{COLUMNS}rows:\n  - {{ count: 1 }}\n  - {{ year: ~, count: 2 }}\n  - {{ year: '', count: 3 }}\n"
        ));
        let codes: Vec<_> = d.iter().map(at).collect();
        assert_eq!(
            codes,
            [
                ("missing-cell", 7, 5),
                ("missing-cell", 8, 13),
                ("missing-cell", 9, 13)
            ]
        );
    }

    #[test]
    fn merge_and_total_name_existing_columns() {
        let d = check(&format!(
            "{COLUMNS}merge: [year, cont]\ntotal:\n  columns: [count, yeer, year]\nrows:\n  - {{ year: 2016 }}\n"
        ));
        let codes: Vec<_> = d.iter().map(at).collect();
        assert_eq!(
            codes,
            [
                ("unknown-merge-column", 6, 15),
                ("unknown-total-column", 8, 20),
                ("total-not-numeric", 8, 26),
            ],
            "{d:?}"
        );
        assert_eq!(d[0].help.as_deref(), Some("did you mean `count`?"));
    }

    #[test]
    fn a_total_past_the_range_of_numbers_is_an_error() {
        let d = check(
            "title: T\ncolumns:\n  - { key: name, label: Name }\n  - { key: v, label: V, type: number }\n  - { key: n, label: N, type: integer }\nrows:\n  - { name: a, v: 1.0e308, n: 9223372036854775807 }\n  - { name: b, v: 1.0e308, n: 18446744073709551615 }\ntotal: { columns: [v, n] }\n",
        );
        let codes: Vec<_> = d.iter().map(at).collect();
        // The integers add up exactly, past 2^64; the numbers past every f64.
        assert_eq!(codes, [("total-out-of-range", 9, 20)], "{d:?}");
        assert!(d[0].message.contains("`v`"));
    }

    #[test]
    fn column_options_must_make_sense() {
        let d = check(
            "title: T\ncolumns:\n  - { key: a, label: A, decimals: 2 }\n  - { key: b, label: B, type: percent, unit: '%' }\n  - { key: c, label: C, width: '30%; color: red' }\n  - { key: a, label: A2 }\nrows:\n  - { a: x }\n",
        );
        let codes: Vec<_> = d.iter().map(at).collect();
        assert_eq!(
            codes,
            [
                ("column-option", 3, 25),
                ("column-option", 4, 40),
                ("column-width", 5, 32),
                ("duplicate-column", 6, 12),
            ],
            "{d:?}"
        );
    }

    #[test]
    fn a_box_has_rows_or_groups_not_both_and_no_empty_group() {
        let d = check("title: T\ncolumns:\n  - { key: a, label: A }\n");
        assert_eq!(at(&d[0]), ("empty-box", 1, 1));
        let d = check(
            "title: T\ncolumns:\n  - { key: a, label: A }\nrows:\n  - { a: 1 }\ngroups:\n  - { label: G, rows: [] }\n",
        );
        let codes: Vec<_> = d.iter().map(at).collect();
        assert_eq!(codes, [("rows-and-groups", 6, 1), ("empty-group", 7, 5)]);
    }

    #[test]
    fn markdown_fields_warn_about_what_is_not_emitted() {
        let d = check(
            "title: T\nsource: 'See <b>this</b>'\nnotes: '[x](javascript:alert(1))'\ncolumns:\n  - { key: a, label: A, type: markdown }\nrows:\n  - { a: '<i>x</i>' }\n",
        );
        let codes: Vec<_> = d.iter().map(at).collect();
        assert_eq!(
            codes,
            [
                ("raw-html", 2, 9),
                ("unsafe-link", 3, 8),
                ("raw-html", 7, 10)
            ]
        );
    }

    #[test]
    fn a_flood_of_cell_errors_is_cut_short() {
        let rows: String = (0..50)
            .map(|i| format!("  - {{ year: {i}, count: 'n/a' }}\n"))
            .collect();
        let d = check(&format!("{COLUMNS}rows:\n{rows}"));
        assert_eq!(d.len(), MAX_ROW_DIAGNOSTICS + 1);
        let last = d
            .iter()
            .find(|d| d.code == "more-cell-problems")
            .expect("summary");
        assert!(last.is_error());
        assert_eq!(
            last.message,
            "30 more problems in the rows of this box are not shown"
        );
        assert_eq!((last.line, last.column), (Some(6), Some(1)));
    }

    const TRADE: &str = "title: T\ncolumns:\n  - { key: partner, label: Partner }\n  - { key: x21, label: '2021', type: number }\n  - { key: x22, label: '2022', type: number }\n  - { key: m21, label: '2021', type: number }\n  - { key: m22, label: '2022', type: number }\nrows:\n  - { partner: Alpha, x21: 1, x22: 2, m21: 3, m22: 4 }\n  - { partner: Beta, x21: 1, x22: 2, m21: 3, m22: 4 }\n  - { partner: Beta, x21: 5 }\n";

    #[test]
    fn column_groups_span_adjacent_columns_in_order() {
        let ok = check(&format!(
            "{TRADE}column_groups:\n  - {{ label: Exports, columns: [x21, x22] }}\n  - {{ label: Imports, columns: [m21, m22] }}\n"
        ));
        assert!(ok.is_empty(), "{ok:?}");
        let d = check(&format!(
            "{TRADE}column_groups:\n  - {{ label: Exports, columns: [x22, x21] }}\n  - {{ label: Imports, columns: [x21, m22, m2] }}\n  - {{ label: All, columns: [partner] }}\n  - {{ label: None, columns: [] }}\n"
        ));
        let codes: Vec<_> = d.iter().map(at).collect();
        assert_eq!(
            codes,
            [
                ("column-group", 13, 38),
                ("column-group", 14, 33),
                ("column-group", 14, 38),
                ("unknown-column-group-column", 14, 43),
                ("column-group", 15, 29),
                ("column-group", 16, 20),
            ],
            "{d:?}"
        );
        assert!(
            d[0].message.contains("`x21` comes before `x22`"),
            "{}",
            d[0].message
        );
        assert!(
            d[1].message
                .contains("already under the column group `Exports`")
        );
        assert!(
            d[2].help
                .as_deref()
                .unwrap_or("")
                .contains("add `x22`, `m21` to the group"),
            "{:?}",
            d[2].help
        );
        assert_eq!(d[3].help.as_deref(), Some("did you mean `m21`?"));
        assert!(d[4].message.contains("the first column"));
    }

    #[test]
    fn cell_notes_name_one_existing_cell_once() {
        let d = check(&format!(
            "{TRADE}cell_notes:\n  - {{ row: Alpha, column: x22, note: Provisional. }}\n  - {{ row: Alpa, column: x2, note: A. }}\n  - {{ row: Beta, column: x21, note: B. }}\n  - {{ row: Alpha, column: x22, note: Again. }}\n  - {{ row: Nowhere, column: x21, note: '<b>x</b>' }}\n"
        ));
        let codes: Vec<_> = d.iter().map(at).collect();
        assert_eq!(
            codes,
            [
                ("unknown-row", 14, 12),
                ("unknown-note-column", 14, 26),
                ("ambiguous-row", 15, 12),
                ("duplicate-cell-note", 16, 5),
                ("unknown-row", 17, 12),
                ("raw-html", 17, 40),
            ],
            "{d:?}"
        );
        assert_eq!(d[0].help.as_deref(), Some("did you mean `Alpha`?"));
        assert_eq!(d[1].help.as_deref(), Some("did you mean `x21`?"));
        assert_eq!(d[2].message, "2 rows are named `Beta`");
        assert!(d[3].message.contains("already has a note (the entry 1"));
        assert!(
            d[4].help
                .as_deref()
                .unwrap_or("")
                .ends_with("as written there: `Alpha`, `Beta`"),
            "{:?}",
            d[4].help
        );
    }

    #[test]
    fn highlighted_rows_exist() {
        let d = check(&format!("{TRADE}highlight: [Beta, Alpha, Gama, 7]\n"));
        let codes: Vec<_> = d.iter().map(at).collect();
        // A name two rows share highlights both.
        assert_eq!(
            codes,
            [("unknown-row", 12, 26), ("unknown-row", 12, 32)],
            "{d:?}"
        );
        assert_eq!(d[1].message, "no row is named `7`");
        let d = check(&format!("{TRADE}highlight: [Betta]\n"));
        assert_eq!(d[0].help.as_deref(), Some("did you mean `Beta`?"));
    }

    #[test]
    fn labels_and_notes_a_reader_sees_are_never_blank() {
        let d = check(
            "title: ' '\ncolumns:\n  - { key: p, label: '' }\n  - { key: a, label: A, type: number, note: '' }\n  - { key: b, label: B, type: number }\ngroups:\n  - { label: '', rows: [{ p: X, a: 1, b: 2 }] }\ncolumn_groups:\n  - { label: '', columns: [a, b] }\ncell_notes:\n  - { row: X, column: a, note: '  ' }\n",
        );
        let codes: Vec<_> = d.iter().map(at).collect();
        assert_eq!(
            codes,
            [
                ("blank-text", 1, 8),
                ("blank-text", 3, 22),
                ("blank-text", 4, 45),
                ("blank-text", 7, 14),
                ("blank-text", 9, 14),
                ("blank-text", 11, 32),
            ],
            "{d:?}"
        );
        assert_eq!(d[4].message, "a column group's `label` is blank");
        assert!(d.iter().all(|d| d.is_error() && d.help.is_some()));
    }

    #[test]
    fn a_row_is_named_by_text_and_never_by_a_blank() {
        // A mapping, a list, null: no name at all, whatever the rows are.
        let d = check(&format!(
            "{TRADE}  - {{ x21: 9 }}\nhighlight: [{{a: 1}}, ~, [Beta]]\ncell_notes:\n  - {{ row: ~, column: x21, note: N. }}\n"
        ));
        let codes: Vec<_> = d.iter().map(at).collect();
        assert_eq!(
            codes,
            [
                ("wrong-type", 13, 13),
                ("wrong-type", 13, 21),
                ("wrong-type", 13, 24),
                ("wrong-type", 15, 12),
            ],
            "{d:?}"
        );
        assert_eq!(
            d[0].message,
            "a row is named by its first column's text; found a mapping"
        );
        assert!(d[1].message.ends_with("found nothing (`null`)"), "{d:?}");
        assert!(d[2].message.ends_with("found a list"), "{d:?}");
        assert!(
            d.iter()
                .all(|d| !d.help.as_deref().unwrap_or("").contains("did you mean"))
        );
        // Blank text names no row, even where a row's first cell is empty: say so.
        let d = check(&format!("{TRADE}  - {{ x21: 9 }}\nhighlight: ['', ' ']\n"));
        let codes: Vec<_> = d.iter().map(at).collect();
        assert_eq!(
            codes,
            [("unknown-row", 13, 13), ("unknown-row", 13, 17)],
            "{d:?}"
        );
        assert_eq!(d[0].message, "a blank name names no row");
        assert!(
            d[0].help
                .as_deref()
                .unwrap_or("")
                .contains("whose first column (`partner`) is empty cannot be named"),
            "{d:?}"
        );
        let d = check(&format!("{TRADE}highlight: ['']\n"));
        assert!(
            !d[0]
                .help
                .as_deref()
                .unwrap_or("")
                .contains("cannot be named")
        );
    }

    #[test]
    fn did_you_mean_suggests_only_columns_allowed_there() {
        // `x2` is one edit from `x21` and `x22`, both spanned already; `partner`, the first
        // column, is never in a group; the total sums numbers only.
        let d = check(&format!(
            "{TRADE}column_groups:\n  - {{ label: G, columns: [x22, x2] }}\n  - {{ label: H, columns: [x21] }}\n  - {{ label: I, columns: [partne] }}\ntotal: {{ columns: [partnr] }}\n"
        ));
        let codes: Vec<_> = d.iter().map(at).collect();
        assert_eq!(
            codes,
            [
                ("unknown-column-group-column", 13, 32),
                ("unknown-column-group-column", 15, 27),
                ("unknown-total-column", 16, 20),
            ],
            "{d:?}"
        );
        for d in &d {
            let help = d.help.as_deref().unwrap_or("");
            assert!(
                !help.contains("did you mean") && !help.contains("`partner`"),
                "{help}"
            );
        }
        assert!(
            d[0].help
                .as_deref()
                .unwrap_or("")
                .ends_with(": `m21`, `m22`"),
            "{d:?}"
        );
        let d = check(
            "title: T\ncolumns:\n  - { key: p, label: P }\n  - { key: a, label: A }\nrows: [{ p: X, a: 1 }]\ncolumn_groups:\n  - { label: G, columns: [1] }\n",
        );
        assert_eq!(d[0].help.as_deref(), Some("did you mean `a`?"), "{d:?}");
    }

    #[test]
    fn widths_are_a_number_and_a_unit() {
        for ok in ["30%", "12em", "10.5rem", "20ch", "200px"] {
            assert!(is_width(ok), "{ok}");
        }
        for bad in [
            "30",
            "%",
            "0%",
            "30 %",
            "30%;x",
            "-3em",
            "1e3px",
            "calc(1px)",
        ] {
            assert!(!is_width(bad), "{bad}");
        }
    }
}
