//! The data of each embedded box as files a reader can download, beside the edition page:
//! `<report>/<year>/data/<id>.csv` and `<id>.json`.
//!
//! Both carry raw values (numbers as written, never formatted), one column (or key) per
//! column of the box, and, for a box with groups, each row's group label under `group`.
//! The CSV is RFC 4180: UTF-8 without a byte-order mark, CRLF between records, fields quoted
//! when they hold a comma, a quote or a line break. The JSON also carries the columns, the
//! computed totals, the source and the notes.

use super::OutputFile;
use crate::core::diagnostic::Diagnostic;
use crate::core::escape::{csv_number, csv_record as push_record, csv_text};
use crate::model::boxes::{NoteOn, Row};
use crate::model::diagrams::{DiagramLayout, Direction, EdgeStyle};
use crate::model::value::Scalar;
use crate::model::{BoxSpec, Decimal};
use crate::resolve::boxes::GROUP_KEY;
use crate::resolve::charts::{Diagram, FigureContent, Plot};
use crate::resolve::{NumberedFigure, ResolvedEdition};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

/// The link to a box's download, relative to its edition page: `data/<id>.<ext>`.
pub fn href(id: &str, ext: &str) -> String {
    format!("data/{id}.{ext}")
}

/// The CSV and JSON files of every box embedded in the edition.
pub fn edition_downloads(edition: &ResolvedEdition<'_>) -> Result<Vec<OutputFile>, Diagnostic> {
    let dir = edition.site_dir();
    let mut files = Vec::with_capacity(edition.boxes.len() * 2);
    for b in &edition.boxes {
        let spec = &b.data.spec;
        files.push(OutputFile::new(
            &format!("{dir}/{}", href(&spec.id, "csv")),
            box_csv(spec).into_bytes(),
        )?);
        files.push(OutputFile::new(
            &format!("{dir}/{}", href(&spec.id, "json")),
            box_json(spec, b.number, edition.locale.text("total")).into_bytes(),
        )?);
    }
    for f in &edition.figures {
        files.extend(figure_files(&dir, f)?);
    }
    Ok(files)
}

/// The box's rows as CSV: a header of column keys (after `group` when the box has groups),
/// then one record per row with its raw values; an empty field for an empty cell.
pub fn box_csv(spec: &BoxSpec) -> String {
    let grouped = !spec.groups.is_empty();
    let mut out = String::new();
    let mut header: Vec<&str> = Vec::with_capacity(spec.columns.len() + 1);
    if grouped {
        header.push(GROUP_KEY);
    }
    header.extend(spec.columns.iter().map(|c| c.key.as_str()));
    push_record(&mut out, header.into_iter().map(csv_text));
    for group in spec.row_groups() {
        for row in group.rows {
            let group_label = grouped.then(|| csv_text(group.label.unwrap_or("")));
            // A number written as a number stays as written; everything else is text, made
            // safe for spreadsheets.
            let cells = spec.columns.iter().map(|c| match c.raw(row) {
                Some(v @ Scalar::Number(_)) => csv_number(&v.raw_text()),
                Some(v) => csv_text(&v.raw_text()),
                None => String::new(),
            });
            push_record(&mut out, group_label.into_iter().chain(cells));
        }
    }
    out
}

fn header_len(spec: &BoxSpec) -> usize {
    spec.columns.len() + usize::from(!spec.groups.is_empty())
}

#[derive(Serialize)]
struct BoxJson<'a> {
    id: &'a str,
    number: usize,
    title: &'a str,
    columns: Vec<ColumnJson<'a>>,
    rows: Vec<RowJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total: Option<TotalJson<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    table_notes: Vec<NoteJson<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    highlight: Vec<&'a Scalar>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
}

/// A footnote of the table, with the letter the page gives it: on a column's header, or on
/// the cell of a row (named as in `cell_notes`) and a column.
#[derive(Serialize)]
struct NoteJson<'a> {
    letter: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    row: Option<&'a Scalar>,
    column: &'a str,
    note: &'a str,
}

#[derive(Serialize)]
struct ColumnJson<'a> {
    key: &'a str,
    label: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    decimals: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<&'a str>,
    /// The label of the column group it stands under.
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<&'a str>,
}

/// One row as an object: `group` first when the box has groups, then every column in order
/// (`null` for an empty cell).
struct RowJson<'a> {
    spec: &'a BoxSpec,
    group: Option<&'a str>,
    row: &'a Row,
}

impl Serialize for RowJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(header_len(self.spec)))?;
        if let Some(g) = self.group {
            map.serialize_entry(GROUP_KEY, g)?;
        }
        for c in &self.spec.columns {
            map.serialize_entry(&c.key, &c.raw(self.row))?;
        }
        map.end()
    }
}

struct TotalJson<'a> {
    label: &'a str,
    /// Column key, total (`None` only past the range of numbers, which resolve reports), and
    /// whether the column is of integers (then the total is written as a whole number with
    /// every digit, `1411` rather than `1411.0`).
    values: Vec<(&'a str, Option<Decimal>, bool)>,
}

impl Serialize for TotalJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Values<'v>(&'v [(&'v str, Option<Decimal>, bool)]);
        impl Serialize for Values<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(Some(self.0.len()))?;
                for (k, v, integer) in self.0 {
                    let Some(v) = v else {
                        map.serialize_entry(k, &())?;
                        continue;
                    };
                    let digits = v.digits();
                    match (digits.parse::<i64>(), digits.parse::<u64>()) {
                        (Ok(i), _) if *integer => map.serialize_entry(k, &i)?,
                        (_, Ok(u)) if *integer => map.serialize_entry(k, &u)?,
                        _ => map.serialize_entry(k, &v.value())?,
                    }
                }
                map.end()
            }
        }
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("label", self.label)?;
        map.serialize_entry("values", &Values(&self.values))?;
        map.end()
    }
}

/// The box as JSON: id, number, title, columns (with their effective decimals and column
/// group), rows of raw values, the computed totals, the table's footnotes with their letters,
/// the highlighted rows' names, notes and source (Markdown).
/// `total` names the totals row when the box gives it no label (the edition's word).
pub fn box_json(spec: &BoxSpec, number: usize, total: &str) -> String {
    let grouped = !spec.groups.is_empty();
    let notes = crate::model::boxes::table_notes(spec);
    let doc = BoxJson {
        id: &spec.id,
        number,
        title: &spec.title,
        columns: spec
            .columns
            .iter()
            .map(|c| ColumnJson {
                key: &c.key,
                label: &c.label,
                kind: c.kind.name(),
                decimals: c.kind.is_numeric().then(|| spec.decimals_of(c)),
                unit: c.unit.as_deref(),
                group: spec
                    .column_groups
                    .iter()
                    .find(|g| g.columns.contains(&c.key))
                    .map(|g| g.label.as_str()),
            })
            .collect(),
        rows: spec
            .row_groups()
            .flat_map(|g| {
                g.rows.iter().map(move |row| RowJson {
                    spec,
                    group: if grouped { g.label } else { None },
                    row,
                })
            })
            .collect(),
        total: spec.total.as_ref().map(|t| TotalJson {
            label: t.label_or(total),
            values: spec
                .columns
                .iter()
                .filter(|c| t.columns.contains(&c.key) && c.kind.is_numeric())
                .map(|c| {
                    let integer = c.kind == crate::model::boxes::ColumnType::Integer;
                    (c.key.as_str(), spec.total_of(c), integer)
                })
                .collect(),
        }),
        table_notes: notes
            .notes
            .iter()
            .filter_map(|n| match n.on {
                NoteOn::Column(i) => Some(NoteJson {
                    letter: &n.letter,
                    row: None,
                    column: &spec.columns.get(i)?.key,
                    note: n.text,
                }),
                NoteOn::Cell(i) => {
                    let cell = spec.cell_notes.get(i)?;
                    Some(NoteJson {
                        letter: &n.letter,
                        row: Some(&cell.row),
                        column: &cell.column,
                        note: n.text,
                    })
                }
            })
            .collect(),
        highlight: spec.highlight.iter().collect(),
        notes: spec.notes.as_deref(),
        source: spec.source.as_deref(),
    };
    // Serializing plain strings, numbers and maps with string keys cannot fail.
    let mut json = serde_json::to_string_pretty(&doc).unwrap_or_default();
    json.push('\n');
    json
}

/// A figure's data as `data/<id>.csv` and `data/<id>.json` under the edition folder.
fn data_files(
    dir: &str,
    id: &str,
    csv: String,
    json: String,
) -> Result<Vec<OutputFile>, Diagnostic> {
    Ok(vec![
        OutputFile::new(&format!("{dir}/{}", href(id, "csv")), csv.into_bytes())?,
        OutputFile::new(&format!("{dir}/{}", href(id, "json")), json.into_bytes())?,
    ])
}

/// A figure's files under the edition folder: CSV and JSON of a chart's or a diagram's data,
/// or the image.
pub fn figure_files(dir: &str, f: &NumberedFigure<'_>) -> Result<Vec<OutputFile>, Diagnostic> {
    let spec = &f.data.spec;
    Ok(match &f.content {
        Some(FigureContent::Chart(plot)) => {
            data_files(dir, &spec.id, plot_csv(plot), plot_json(f, plot))?
        }
        Some(FigureContent::Diagram(d)) => {
            data_files(dir, &spec.id, diagram_csv(d), diagram_json(f, d))?
        }
        Some(FigureContent::Image(img)) => vec![OutputFile::new(
            &format!("{dir}/{}", img.path),
            img.bytes.clone(),
        )?],
        None => Vec::new(),
    })
}

/// RFC 4180: a header of `category` and the series labels, then raw values.
pub fn plot_csv(plot: &Plot) -> String {
    let mut out = String::new();
    let labels = plot.series.iter().map(|s| csv_text(&s.label));
    push_record(
        &mut out,
        std::iter::once("category".to_string()).chain(labels),
    );
    for (i, c) in plot.categories.iter().enumerate() {
        let values = plot
            .series
            .iter()
            .map(|s| csv_number(&s.values[i].to_string()));
        push_record(&mut out, std::iter::once(csv_text(c)).chain(values));
    }
    out
}

/// A diagram as one table: a row per box, then a row per link.
pub fn diagram_csv(d: &Diagram) -> String {
    let mut out = String::new();
    push_record(
        &mut out,
        [
            "kind", "id", "label", "group", "note", "from", "to", "style",
        ]
        .into_iter()
        .map(String::from),
    );
    for node in &d.nodes {
        push_record(
            &mut out,
            [
                "node".to_string(),
                csv_text(&node.id),
                csv_text(&node.label),
                csv_text(node.group.map_or("", |g| d.groups[g].as_str())),
                csv_text(node.note.as_deref().unwrap_or("")),
                String::new(),
                String::new(),
                String::new(),
            ]
            .into_iter(),
        );
    }
    for e in &d.edges {
        push_record(
            &mut out,
            [
                "edge".to_string(),
                String::new(),
                csv_text(e.label.as_deref().unwrap_or("")),
                String::new(),
                String::new(),
                csv_text(&d.nodes[e.from].id),
                csv_text(&d.nodes[e.to].id),
                style_name(e.style).to_string(),
            ]
            .into_iter(),
        );
    }
    out
}

fn style_name(style: EdgeStyle) -> &'static str {
    match style {
        EdgeStyle::Solid => "solid",
        EdgeStyle::Dashed => "dashed",
    }
}

fn diagram_json(f: &NumberedFigure<'_>, d: &Diagram) -> String {
    #[derive(Serialize)]
    struct Node<'a> {
        id: &'a str,
        label: &'a str,
        group: Option<&'a str>,
        note: Option<&'a str>,
    }
    #[derive(Serialize)]
    struct Edge<'a> {
        from: &'a str,
        to: &'a str,
        label: Option<&'a str>,
        style: &'a str,
    }
    #[derive(Serialize)]
    struct Body<'a> {
        layout: DiagramLayout,
        #[serde(skip_serializing_if = "Option::is_none")]
        direction: Option<Direction>,
        nodes: Vec<Node<'a>>,
        edges: Vec<Edge<'a>>,
    }
    let body = Body {
        layout: d.layout,
        direction: (d.layout == DiagramLayout::Flow).then_some(d.direction),
        nodes: d
            .nodes
            .iter()
            .map(|n| Node {
                id: &n.id,
                label: &n.label,
                group: n.group.map(|g| d.groups[g].as_str()),
                note: n.note.as_deref(),
            })
            .collect(),
        edges: d
            .edges
            .iter()
            .map(|e| Edge {
                from: &d.nodes[e.from].id,
                to: &d.nodes[e.to].id,
                label: e.label.as_deref(),
                style: style_name(e.style),
            })
            .collect(),
    };
    let mut out = figure_json(f, "diagram", body);
    out.push('\n');
    out
}

/// A figure's JSON: its id, number, title and kind, then what `body` holds.
fn figure_json(f: &NumberedFigure<'_>, kind: &str, body: impl Serialize) -> String {
    #[derive(Serialize)]
    struct Json<'a, B> {
        id: &'a str,
        number: usize,
        title: &'a str,
        #[serde(rename = "type")]
        kind: &'a str,
        #[serde(flatten)]
        body: B,
    }
    let json = Json {
        id: &f.data.spec.id,
        number: f.number,
        title: &f.data.spec.title,
        kind,
        body,
    };
    // Serializing strings, numbers and lists of them cannot fail.
    serde_json::to_string_pretty(&json).unwrap_or_default()
}

fn plot_json(f: &NumberedFigure<'_>, plot: &Plot) -> String {
    figure_json(f, plot.kind.describe(), plot)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(yaml: &str) -> BoxSpec {
        let mut s: BoxSpec = serde_yaml::from_str(yaml).expect("spec");
        s.id = "box-t".into();
        s
    }

    #[test]
    fn csv_carries_raw_values_and_the_group_label() {
        let s = spec(
            "title: T\ncolumns:\n  - { key: company, label: Company }\n  - { key: amount, label: Amount, type: number, decimals: 2 }\ngroups:\n  - label: Outbound\n    rows:\n      - { company: 'Geely, & \"Volvo\"', amount: 1.8 }\n  - label: Inbound\n    rows:\n      - { company: \"Two\\nlines\" }\n",
        );
        assert_eq!(
            box_csv(&s),
            "group,company,amount\r\nOutbound,\"Geely, & \"\"Volvo\"\"\",1.8\r\nInbound,\"Two\nlines\",\r\n"
        );
    }

    #[test]
    fn json_keeps_column_order_raw_values_and_totals() {
        let s = spec(
            "title: T\ncolumns:\n  - { key: z, label: Z }\n  - { key: a, label: A, type: integer, unit: t }\nrows:\n  - { z: x, a: 798000 }\n  - { z: y }\ntotal: { label: All, columns: [a] }\nsource: Wind\n",
        );
        let json = box_json(&s, 2, "Total");
        let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(v["number"], 2);
        assert_eq!(v["rows"][0]["a"], 798000);
        assert!(v["rows"][1]["a"].is_null());
        assert_eq!(v["total"]["values"]["a"], 798000);
        assert!(json.contains("\"a\": 798000\n"), "{json}");
        assert_eq!(v["columns"][1]["unit"], "t");
        assert_eq!(v["source"], "Wind");
        // Keys follow the columns, not the alphabet.
        assert!(json.find("\"z\": \"x\"") < json.find("\"a\": 798000"));
        assert!(json.ends_with("}\n"));
    }
}
