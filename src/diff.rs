//! What changed between two editions of a report: per box the rows added, removed and changed
//! (old → new), per chart its data points, per indicator its value with the direction of the
//! change. `almanac diff` prints it; the edition page shows it as "Changes since …".

use crate::locale::Locale;
use crate::model::boxes::{Cell, ColumnType};
use crate::model::indicators::Direction;
use crate::model::{BoxSpec, ChartSpec, Edition};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditionDiff {
    pub from: u16,
    pub to: u16,
    pub boxes: Vec<TableDiff>,
    pub charts: Vec<TableDiff>,
    pub indicators: Vec<IndicatorChange>,
}

impl EditionDiff {
    pub fn is_empty(&self) -> bool {
        self.boxes.is_empty()
            && self.charts.is_empty()
            && self
                .indicators
                .iter()
                .all(|i| i.verdict == Verdict::Unchanged)
    }
}

/// A box or chart that was added, removed, or whose data changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableDiff {
    pub id: String,
    /// Where the edition's page shows it (set by the page, which knows its layout).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    pub title: String,
    pub status: Status,
    pub rows_added: Vec<String>,
    pub rows_removed: Vec<String>,
    pub changes: Vec<CellChange>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Added,
    Removed,
    Changed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellChange {
    /// The row's key (its first cell; with the group, when there are groups).
    pub row: String,
    pub column: String,
    pub old: String,
    pub new: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorChange {
    pub id: String,
    pub label: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub verdict: Verdict,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Improved,
    Worsened,
    /// Changed, where the indicator says no direction.
    Changed,
    Unchanged,
    Added,
    Removed,
}

impl Verdict {
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Improved => "improved",
            Verdict::Worsened => "worsened",
            Verdict::Changed => "changed",
            Verdict::Unchanged => "unchanged",
            Verdict::Added => "new",
            Verdict::Removed => "dropped",
        }
    }
}

/// A table as rows keyed by their first cell: key → (column label → text), in order.
type Keyed = Vec<(String, BTreeMap<String, String>)>;

/// A box's rows, each cell as the box prints it in `locale`.
fn box_rows(b: &BoxSpec, locale: &Locale) -> Keyed {
    let mut rows = Vec::new();
    let groups: Vec<(Option<&str>, &Vec<crate::model::boxes::Row>)> = if b.groups.is_empty() {
        vec![(None, &b.rows)]
    } else {
        b.groups
            .iter()
            .map(|g| (Some(g.label.as_str()), &g.rows))
            .collect()
    };
    for (group, group_rows) in groups {
        for row in group_rows {
            let cells: Vec<(String, String)> = b
                .columns
                .iter()
                .map(|c| {
                    let text = match c.cell(row) {
                        Ok(Cell::Text(t)) => t.into_owned(),
                        Ok(Cell::Number(n)) => locale
                            .format(
                                Some(b.decimals_of(c)),
                                (c.kind == ColumnType::Percent).then_some("%"),
                            )
                            .format_decimal(&n),
                        Ok(Cell::Empty) | Err(_) => String::new(),
                    };
                    (c.label.clone(), text)
                })
                .collect();
            let first = cells.first().map(|(_, t)| t.clone()).unwrap_or_default();
            let mut key = match group {
                Some(g) => format!("{g} / {first}"),
                None => first,
            };
            // Rows that share a first cell (merged years) are told apart by their order.
            let same = rows
                .iter()
                .filter(|(k, _): &&(String, _)| k == &key || k.starts_with(&format!("{key} #")))
                .count();
            if same > 0 {
                key = format!("{key} #{}", same + 1);
            }
            rows.push((key, cells.into_iter().collect()));
        }
    }
    rows
}

/// A chart's data as rows keyed by category: its inline `categories` and `series[].values`
/// (a value past the last category is left out); a chart drawn `from` a box changes with its
/// box. A diagram's rows are its boxes (by id: label, group, note) and its links (by their
/// ends: label, style).
fn chart_rows(c: &ChartSpec, locale: &Locale) -> Keyed {
    if !c.nodes.is_empty() || !c.edges.is_empty() {
        return diagram_rows(c, locale);
    }
    let mut rows: Keyed = c
        .categories
        .iter()
        .map(|cat| (cat.raw_text().into_owned(), BTreeMap::new()))
        .collect();
    for series in &c.series {
        let label = series.label.clone().unwrap_or_default();
        for ((_, cells), v) in rows.iter_mut().zip(&series.values) {
            // A number as the language writes it, with the digits it was written with.
            let text = match v {
                crate::model::value::Scalar::Number(n) => n.decimal().map_or_else(
                    || v.raw_text().into_owned(),
                    |d| locale.numbers().digits(d.digits(), None, true),
                ),
                _ => v.raw_text().into_owned(),
            };
            cells.insert(label.clone(), text);
        }
    }
    rows
}

fn diagram_rows(c: &ChartSpec, locale: &Locale) -> Keyed {
    let text = |v: &Option<crate::model::value::Scalar>| {
        v.as_ref()
            .map(|v| v.raw_text().trim().to_string())
            .unwrap_or_default()
    };
    let mut rows: Keyed = Vec::new();
    for n in &c.nodes {
        let mut cells = BTreeMap::new();
        // Every field, written or not, so that one taken away is a change too.
        for (key, value) in [
            ("diff_label", &n.label),
            ("diff_group", &n.group),
            ("diff_note", &n.note),
        ] {
            cells.insert(locale.text(key).to_string(), text(value));
        }
        rows.push((locale.fill("diff_box", &[("id", &text(&n.id))]), cells));
    }
    for e in &c.edges {
        let mut cells = BTreeMap::new();
        cells.insert(locale.text("diff_label").to_string(), text(&e.label));
        let dashed = e.style == Some(crate::model::diagrams::EdgeStyle::Dashed);
        cells.insert(
            locale.text("diff_style").to_string(),
            locale
                .text(if dashed { "link_dashed" } else { "link_solid" })
                .to_string(),
        );
        rows.push((
            locale.fill(
                "diff_link",
                &[("from", &text(&e.from)), ("to", &text(&e.to))],
            ),
            cells,
        ));
    }
    rows
}

fn compare_rows(
    id: &str,
    title: &str,
    old: Option<Keyed>,
    new: Option<Keyed>,
) -> Option<TableDiff> {
    let (status, old, new) = match (old, new) {
        (None, None) => return None,
        (None, Some(n)) => (Status::Added, Vec::new(), n),
        (Some(o), None) => (Status::Removed, o, Vec::new()),
        (Some(o), Some(n)) => (Status::Changed, o, n),
    };
    let mut diff = TableDiff {
        href: None,
        id: id.to_string(),
        title: title.to_string(),
        status,
        rows_added: Vec::new(),
        rows_removed: Vec::new(),
        changes: Vec::new(),
    };
    for (key, cells) in &new {
        match old.iter().find(|(k, _)| k == key) {
            None => diff.rows_added.push(key.clone()),
            Some((_, old_cells)) => {
                for (col, value) in cells {
                    let before = old_cells.get(col).cloned().unwrap_or_default();
                    if &before != value {
                        diff.changes.push(CellChange {
                            row: key.clone(),
                            column: col.clone(),
                            old: before,
                            new: value.clone(),
                        });
                    }
                }
            }
        }
    }
    for (key, _) in &old {
        if !new.iter().any(|(k, _)| k == key) {
            diff.rows_removed.push(key.clone());
        }
    }
    let changed = status != Status::Changed
        || !diff.rows_added.is_empty()
        || !diff.rows_removed.is_empty()
        || !diff.changes.is_empty();
    changed.then_some(diff)
}

/// Compares edition `old` with edition `new` of the same report, every value and word as
/// `locale` writes it.
pub fn compare(old: &Edition, new: &Edition, locale: &Locale) -> EditionDiff {
    let mut ids: Vec<&str> = old
        .data
        .boxes
        .iter()
        .chain(&new.data.boxes)
        .map(|b| b.spec.id.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let boxes = ids
        .iter()
        .filter_map(|id| {
            let o = old.data.find_box(id);
            let n = new.data.find_box(id);
            let title = n.or(o).map(|b| b.spec.title.as_str()).unwrap_or("");
            compare_rows(
                id,
                title,
                o.map(|b| box_rows(&b.spec, locale)),
                n.map(|b| box_rows(&b.spec, locale)),
            )
        })
        .collect();

    let mut ids: Vec<&str> = old
        .data
        .charts
        .iter()
        .chain(&new.data.charts)
        .map(|c| c.spec.id.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let charts = ids
        .iter()
        .filter_map(|id| {
            let o = old.data.find_chart(id);
            let n = new.data.find_chart(id);
            let title = n.or(o).map(|c| c.spec.title.as_str()).unwrap_or("");
            compare_rows(
                id,
                title,
                o.map(|c| chart_rows(&c.spec, locale)),
                n.map(|c| chart_rows(&c.spec, locale)),
            )
        })
        .collect();

    let mut ids: Vec<&str> = new.data.indicator_ids();
    for id in old.data.indicator_ids() {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    let indicators = ids
        .iter()
        .map(|id| {
            let o = old.data.find_indicator(id);
            let n = new.data.find_indicator(id);
            let verdict = match (o, n) {
                (None, _) => Verdict::Added,
                (_, None) => Verdict::Removed,
                (Some(o), Some(n)) if o.value == n.value => Verdict::Unchanged,
                (Some(o), Some(n)) => match n.direction.or(o.direction) {
                    Some(Direction::Higher) if n.value > o.value => Verdict::Improved,
                    Some(Direction::Lower) if n.value < o.value => Verdict::Improved,
                    Some(_) => Verdict::Worsened,
                    None => Verdict::Changed,
                },
            };
            IndicatorChange {
                id: id.to_string(),
                label: n.or(o).map(|i| i.label.clone()).unwrap_or_default(),
                old: o.map(|i| i.value_text(locale)),
                new: n.map(|i| i.value_text(locale)),
                verdict,
            }
        })
        .collect();
    EditionDiff {
        from: old.year,
        to: new.year,
        boxes,
        charts,
        indicators,
    }
}

/// The comparison as text, for the terminal.
pub fn to_text(diff: &EditionDiff, report: &str) -> String {
    let mut out = format!("Changes in {report} from {} to {}\n", diff.from, diff.to);
    if diff.is_empty() {
        out.push_str("\nNo data changed.\n");
        return out;
    }
    for (heading, tables) in [("Boxes", &diff.boxes), ("Charts", &diff.charts)] {
        if tables.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{heading}\n"));
        for t in tables {
            let what = match t.status {
                Status::Added => "added",
                Status::Removed => "removed",
                Status::Changed => "changed",
            };
            out.push_str(&format!("  {} ({}): {what}\n", t.id, t.title));
            if t.status == Status::Changed {
                for r in &t.rows_added {
                    out.push_str(&format!("    + row {r}\n"));
                }
                for r in &t.rows_removed {
                    out.push_str(&format!("    - row {r}\n"));
                }
                // A cell with nothing in it (a column new in one edition) reads as a dash.
                let shown = |v: &'_ str| if v.is_empty() { "—" } else { v }.to_string();
                for c in &t.changes {
                    out.push_str(&format!(
                        "    ~ {} / {}: {} → {}\n",
                        c.row,
                        c.column,
                        shown(&c.old),
                        shown(&c.new)
                    ));
                }
            }
        }
    }
    if !diff.indicators.is_empty() {
        out.push_str("\nIndicators\n");
        for i in &diff.indicators {
            let old = i.old.as_deref().unwrap_or("—");
            let new = i.new.as_deref().unwrap_or("—");
            out.push_str(&format!(
                "  {} ({}): {old} → {new}, {}\n",
                i.label,
                i.id,
                i.verdict.word()
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two versions of a chart compared as an English page shows them.
    fn compare_charts(old: &ChartSpec, new: &ChartSpec) -> Option<TableDiff> {
        let en = Locale::english();
        compare_rows(
            "fig-t",
            "T",
            Some(chart_rows(old, &en)),
            Some(chart_rows(new, &en)),
        )
    }

    fn chart(yaml: &str) -> ChartSpec {
        serde_yaml::from_str(yaml).expect("a chart")
    }

    fn cells(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_diagram_is_compared_box_by_box_and_link_by_link() {
        let old = chart(
            "title: T\ntype: diagram\nlayout: tree\nnodes:\n  - { id: a, label: Ministry }\n  - { id: b, label: Office, group: G }\n  - { id: c, label: Gone }\nedges:\n  - { from: a, to: b }\n  - { from: a, to: c }\n",
        );
        let new = chart(
            "title: T\ntype: diagram\nlayout: tree\nnodes:\n  - { id: a, label: Ministry of Industry }\n  - { id: b, label: Office, group: G }\n  - { id: d, label: New }\nedges:\n  - { from: a, to: b, label: directs, style: dashed }\n  - { from: a, to: d }\n",
        );
        let diff = compare_charts(&old, &new).expect("a change");
        assert_eq!(diff.rows_added, vec!["box d", "link a → d"]);
        assert_eq!(diff.rows_removed, vec!["box c", "link a → c"]);
        let changed: Vec<(&str, &str, &str, &str)> = diff
            .changes
            .iter()
            .map(|c| {
                (
                    c.row.as_str(),
                    c.column.as_str(),
                    c.old.as_str(),
                    c.new.as_str(),
                )
            })
            .collect();
        assert_eq!(
            changed,
            vec![
                ("box a", "label", "Ministry", "Ministry of Industry"),
                ("link a → b", "label", "", "directs"),
                ("link a → b", "style", "solid", "dashed"),
            ]
        );
    }

    #[test]
    fn a_chart_is_compared_by_category_and_series_label() {
        let rows = chart_rows(
            &chart(
                "title: T\ntype: line\ncategories: [2019, '2020', 2021.50]\nseries:\n  - label: Exports\n    values: [1.50, 12345678901234567891, ~, 9]\n  - values: [1e3, x]\n",
            ),
            &Locale::english(),
        );
        assert_eq!(
            rows,
            vec![
                (
                    "2019".to_string(),
                    cells(&[("Exports", "1.5"), ("", "1,000")])
                ),
                (
                    "2020".to_string(),
                    cells(&[("Exports", "12,345,678,901,234,567,891"), ("", "x")])
                ),
                ("2021.5".to_string(), cells(&[("Exports", "")])),
            ]
        );
        // Values as the page's language writes them.
        let french = chart_rows(
            &chart(
                "title: T\ntype: bar\ncategories: [a]\nseries: [{ label: S, values: [1468.9] }]\n",
            ),
            &Locale::new("fr", &Default::default()),
        );
        assert_eq!(
            french,
            vec![("a".to_string(), cells(&[("S", "1\u{202f}468,9")]))]
        );
        let from_box =
            chart("title: T\ntype: bar\nfrom: box-x\nx: year\nseries: [{ column: v }]\n");
        assert_eq!(chart_rows(&from_box, &Locale::english()), Vec::new());
        // A series is named by its label as the chart's legend shows it, a number's digits
        // as written.
        let numbered = chart(
            "title: T\ntype: bar\ncategories: [a]\nseries: [{ label: 2016.50, values: [1] }]\n",
        );
        assert_eq!(
            chart_rows(&numbered, &Locale::english()),
            vec![("a".to_string(), cells(&[("2016.50", "1")]))]
        );
    }

    #[test]
    fn a_changed_data_point_reads_old_to_new() {
        let old = chart(
            "title: T\ntype: bar\ncategories: [a, b]\nseries: [{ label: S, values: [1, 2] }]\n",
        );
        let new = chart(
            "title: T\ntype: bar\ncategories: [b, c]\nseries: [{ label: S, values: [2.5, 3] }]\n",
        );
        let diff = compare_charts(&old, &new).expect("a change");
        assert_eq!(diff.status, Status::Changed);
        assert_eq!(diff.rows_added, ["c"]);
        assert_eq!(diff.rows_removed, ["a"]);
        assert_eq!(
            diff.changes,
            [CellChange {
                row: "b".into(),
                column: "S".into(),
                old: "2".into(),
                new: "2.5".into(),
            }]
        );
        assert_eq!(compare_charts(&old, &old), None);
    }
}
