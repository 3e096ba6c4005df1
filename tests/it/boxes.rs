//! End to end: boxes, from `data/box-*.yaml` to the table on the edition page and its CSV and
//! JSON downloads, and every error a box can carry.

use crate::common::*;
use almanac::{BuildOptions, Diagnostic};
use std::path::Path;

fn built(name: &str) -> tempfile::TempDir {
    let dir = fixture(name);
    let out = almanac(dir.path(), &["build"]);
    assert!(out.status.success(), "build failed:\n{}", stderr(&out));
    dir
}

fn page(dir: &Path) -> String {
    read(dir, "site/demo/2022/index.html")
}

/// The HTML of the box with this id: its `<figure>` … `</figure>`.
fn box_html<'a>(page: &'a str, id: &str) -> &'a str {
    // `<figure class="box" id=…>`, or `class="box box-short"` for a box kept whole in print.
    let at = page
        .find(&format!(" id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no box {id}"));
    let start = page[..at]
        .rfind("<figure class=\"box")
        .expect("a box's figure");
    let end = start + page[start..].find("</figure>").expect("figure closes") + 9;
    &page[start..end]
}

/// The box's HTML without the `data-label` attributes (the column names a phone shows), for
/// comparing cells by their markup.
fn unlabelled(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(" data-label=\"") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " data-label=\"".len()..];
        rest = &after[after.find('"').map_or(after.len(), |j| j + 1)..];
    }
    out.push_str(rest);
    out
}

/// The value of `attr="…"` in a tag's source.
fn attr(tag: &str, name: &str) -> Option<usize> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[at..].split('"').next()?.parse().ok()
}

/// The table's rows as the grid a browser builds: for each `<tr>`, its cells as
/// (tag, rowspan, colspan, inner HTML); then checks that rowspans and colspans tile a
/// rectangle of `columns` columns with no hole and no overlap.
fn grid(table: &str, columns: usize) -> Vec<Vec<(String, usize, usize, String)>> {
    let mut rows = Vec::new();
    for tr in table.split("<tr").skip(1) {
        let tr = &tr[..tr.find("</tr>").expect("row closes")];
        let mut cells = Vec::new();
        let mut rest = tr;
        while let Some(open) = rest.find(['<']) {
            rest = &rest[open..];
            let tag = if rest.starts_with("<td") {
                "td"
            } else if rest.starts_with("<th") {
                "th"
            } else {
                rest = &rest[1..];
                continue;
            };
            let head_end = rest.find('>').expect("tag closes");
            let head = &rest[..head_end];
            let close = format!("</{tag}>");
            let body_end = rest.find(&close).expect("cell closes");
            cells.push((
                head.to_string(),
                attr(head, "rowspan").unwrap_or(1),
                attr(head, "colspan").unwrap_or(1),
                rest[head_end + 1..body_end].to_string(),
            ));
            rest = &rest[body_end + close.len()..];
        }
        rows.push(cells);
    }
    // Lay the cells out: a slot taken by a rowspan from above is skipped.
    let mut taken: Vec<Vec<bool>> = vec![vec![false; columns]; rows.len()];
    for (r, cells) in rows.iter().enumerate() {
        let mut c = 0;
        for (_, rowspan, colspan, _) in cells {
            while c < columns && taken[r][c] {
                c += 1;
            }
            assert!(
                r + rowspan <= rows.len() && c + colspan <= columns,
                "a cell overflows the table"
            );
            for (rr, slots) in taken.iter_mut().enumerate().skip(r).take(*rowspan) {
                for (cc, slot) in slots.iter_mut().enumerate().skip(c).take(*colspan) {
                    assert!(!*slot, "two cells overlap at row {rr}, column {cc}");
                    *slot = true;
                }
            }
            c += colspan;
        }
    }
    for (r, row) in taken.iter().enumerate() {
        assert!(row.iter().all(|t| *t), "row {r} has a hole: {row:?}");
    }
    rows
}

#[test]
fn the_five_shapes_of_the_sample_report_render_as_tables() {
    let dir = built("boxes");
    let page = page(dir.path());

    // Box 1: rows under three group labels, long Markdown cells, a width hint, an intro.
    let b1 = box_html(&page, "box-indexes");
    let labels: Vec<&str> = b1
        .split("<th scope=\"rowgroup\" colspan=\"4\">")
        .skip(1)
        .map(|s| s.split('<').next().unwrap_or(""))
        .collect();
    assert_eq!(
        labels,
        ["Innovation", "Competitiveness", "Entrepreneurship"]
    );
    assert_eq!(b1.matches("<tbody>").count(), 3, "one row group per label");
    assert!(b1.contains("<col style=\"width: 18%\">"));
    assert!(b1.contains(
        "<div class=\"box-intro\">\n<p>Three families of indexes, each with a <em>ranking</em>"
    ));
    assert!(b1.contains(
        "<p>Unchanged from the previous edition.</p>\n<p>Its score increased by 1.3 points.</p>"
    ));
    assert!(b1.contains("See <a href=\"https://example.org/b\">the index</a>."));
    let rows = grid(b1, 4);
    assert_eq!(rows.len(), 1 + 3 + 4, "header, three labels, four rows");

    // Box 2: year and count merged over each year's centres.
    let b2 = box_html(&page, "box-new-centres");
    let rows = grid(b2, 4);
    assert_eq!(rows.len(), 9);

    // Box 3: numbers, aligned right, with a totals row.
    let b3 = box_html(&page, "box-outbound-ma");
    grid(b3, 4);
    assert!(b3.contains("<tfoot>\n<tr class=\"box-total\"><th scope=\"row\">Total</th>"));

    // Box 4: cases under "Outbound" and "Inbound".
    let b4 = box_html(&page, "box-ma-cases");
    assert!(b4.contains("<th scope=\"rowgroup\" colspan=\"2\">Outbound</th>"));
    assert!(b4.contains("<th scope=\"rowgroup\" colspan=\"2\">Inbound</th>"));
    assert_eq!(grid(b4, 2).len(), 1 + 2 + 3);

    // Box 5: company, industry, details; a missing cell is an empty cell.
    let b5 = box_html(&page, "box-lighthouse");
    let rows = grid(b5, 3);
    let heads: Vec<&str> = rows[0].iter().map(|c| c.3.as_str()).collect();
    assert_eq!(heads, ["Company", "Industry", "Details"]);
    assert!(rows[0].iter().all(|c| c.0.starts_with("<th scope=\"col\"")));
    assert_eq!(rows[3][2].3, "", "Company J has no details");
}

#[test]
fn every_box_is_a_captioned_table_in_a_framed_scrolling_block() {
    let dir = built("boxes");
    let page = page(dir.path());
    for (n, id) in [
        "box-indexes",
        "box-new-centres",
        "box-outbound-ma",
        "box-ma-cases",
        "box-lighthouse",
        "box-escaping",
    ]
    .iter()
    .enumerate()
    {
        let b = box_html(&page, id);
        let n = n + 1;
        assert!(
            b.contains(&format!(
                "<figcaption class=\"box-title\"><span class=\"box-number\">Box {n}.</span>"
            )),
            "{id}"
        );
        let scroll = b
            .find("<div class=\"box-scroll\" role=\"region\"")
            .expect("scroll");
        let table = b.find("<table class=\"box-table\">").expect("table");
        assert!(scroll < table, "the table scrolls inside its box");
        assert!(b.contains(&format!("<caption class=\"box-caption\">Box {n}. ")));
        assert!(b.contains("<thead>\n<tr><th scope=\"col\""));
    }
    // The phone and print rules the issue asks for are in the stylesheet.
    let css = read(dir.path(), "site/assets/almanac.css");
    let boxes = &css[css.find("/* boxes */").expect("boxes block")..];
    for rule in [
        ".box-scroll { position: relative; overflow-x: auto;",
        ".box-table tr, .box-table th, .box-table td { break-inside: avoid; }",
        ".box-table thead { display: table-header-group; }",
        ".box-table tfoot { display: table-row-group; }",
    ] {
        assert!(boxes.contains(rule), "stylesheet lacks {rule}");
    }
}

#[test]
fn merged_cells_span_their_run_and_never_cross_a_year() {
    let dir = built("boxes");
    let page = page(dir.path());
    let rows = grid(box_html(&page, "box-new-centres"), 4);
    // (first cell's text, rowspan) of every body row that starts with a year.
    let years: Vec<(&str, usize, usize)> = rows[1..]
        .iter()
        .filter(|r| r.len() == 4)
        .map(|r| (r[0].3.as_str(), r[0].1, r[1].1))
        .collect();
    // 2019 and 2020 both have 2 new centres: the counts stay two cells, one per year.
    assert_eq!(
        years,
        [
            ("2016", 1, 1),
            ("2017", 3, 3),
            ("2019", 2, 2),
            ("2020", 2, 2)
        ]
    );
    // The covered rows carry only name and location; equal locations are not merged.
    let widths: Vec<usize> = rows[1..].iter().map(Vec::len).collect();
    assert_eq!(widths, [4, 4, 2, 2, 4, 2, 4, 2]);
    assert_eq!(rows[8][1].3, "Jiangxi");
    assert!(
        rows[2][0].0.contains("rowspan=\"3\"") && rows[2][0].0.starts_with("<th scope=\"row\"")
    );
}

#[test]
fn numbers_are_formatted_from_raw_values_and_keep_them() {
    let dir = built("boxes");
    let page = page(dir.path());
    let b = &unlabelled(box_html(&page, "box-outbound-ma"));
    for cell in [
        // integer: thousands separators
        "<td class=\"num\" data-value=\"798000\">798,000</td>",
        // number with `decimals: 1`: fixed, rounded half away from zero on the written digits
        "<td class=\"num\" data-value=\"63\">63.0</td>",
        "<td class=\"num\" data-value=\"137.25\">137.3</td>",
        // percent: `%` right after, decimals from the most precise value of the column
        "<td class=\"num\" data-value=\"2.44\">2.44%</td>",
        "<td class=\"num\" data-value=\"13.8\">13.80%</td>",
        // the totals row: the sums of the columns it names, empty cells counting nothing
        "<td class=\"num\" data-value=\"802270\">802,270</td>",
        "<td class=\"num\" data-value=\"392.3\">392.3</td>",
    ] {
        assert!(b.contains(cell), "lacks {cell}\n{b}");
    }
    // The unit is said once, in the header; numeric headers align with their numbers.
    assert!(b.contains(
        "<th scope=\"col\" class=\"num\">Amount <span class=\"unit\">(USD 100 million)</span></th>"
    ));
    // An empty cell is drawn empty, without a value.
    assert!(b.contains("<tr><th scope=\"row\">2017</th><td class=\"num\"></td>"));
    let css = read(dir.path(), "site/assets/almanac.css");
    assert!(css.contains(".box-table .num { text-align: right;"));
}

#[test]
fn boxes_are_numbered_by_first_embedding_and_references_read_as_numbers() {
    let dir = built("boxes");
    let page = page(dir.path());
    // Chapter 1 refers to Box 3 before chapter 2 embeds it.
    for (id, n) in [
        ("box-indexes", 1),
        ("box-outbound-ma", 3),
        ("box-new-centres", 2),
        ("box-lighthouse", 5),
        ("box-ma-cases", 4),
    ] {
        assert!(
            page.contains(&format!("<a class=\"xref\" href=\"#{id}\">Box {n}</a>")),
            "@{id} should read Box {n}"
        );
    }
    // The list of boxes follows the numbers; a box never embedded is not in it.
    let toc = &page[page.find("id=\"boxes\"").expect("list of boxes")..];
    let toc = &toc[..toc.find("</ol>").expect("list ends")];
    let order: Vec<usize> = [
        "#box-indexes",
        "#box-new-centres",
        "#box-outbound-ma",
        "#box-ma-cases",
        "#box-lighthouse",
        "#box-escaping",
    ]
    .iter()
    .map(|h| toc.find(h).unwrap_or_else(|| panic!("{h} not listed")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]));
    assert!(!page.contains("box-unused"));
}

#[test]
fn text_from_data_is_escaped_in_cells_labels_titles_and_markdown() {
    let dir = built("boxes");
    let page = page(dir.path());
    let labelled = box_html(&page, "box-escaping");
    // Each cell carries its column's name for phones, escaped like the header.
    assert!(labelled.contains("data-label=\"Name &lt;i&gt; &amp; &#39;label&#39;\""));
    let b = &unlabelled(labelled);
    assert!(!b.contains("<script>") && !b.contains("<b>") && !b.contains("<i>"));
    assert!(!b.contains("javascript:alert(1)\""), "no script link");
    for escaped in [
        // A title is curled as a heading would be, and still escaped.
        "Escaping &lt;b&gt;bold&lt;/b&gt; &amp; “quotes” (synthetic)</figcaption>",
        "<th scope=\"col\">Name &lt;i&gt; &amp; &#39;label&#39;</th>",
        "<th scope=\"rowgroup\" colspan=\"3\">Group &lt;script&gt;alert(1)&lt;/script&gt; &amp; co</th>",
        "<th scope=\"row\">a &lt; b &amp; c &gt; d</th>",
        "<td>He said &quot;hi&quot;, then left.\nA second line.</td>",
        "<th scope=\"row\">Tom&#39;s &quot;Bar&quot;</th>",
        "Source with &lt;tags&gt; &amp; ampersands",
    ] {
        assert!(b.contains(escaped), "lacks {escaped}\n{b}");
    }
    // The list of boxes escapes the title too.
    assert!(page.contains("Box 6. Escaping &lt;b&gt;bold&lt;/b&gt; &amp; “quotes”"));
}

#[test]
fn markdown_in_boxes_follows_the_sites_raw_html_policy() {
    let dir = fixture("boxes");
    write(
        dir.path(),
        "content/demo/2022/data/box-lighthouse.yaml",
        "title: T\nnotes: 'A <b onclick=\"x()\">bold</b> note, [a link](javascript:alert(1)).'\ncolumns:\n  - { key: d, label: D, type: markdown }\nrows:\n  - { d: '<em class=\"k\" onmouseover=\"y()\">kept</em> and <script>alert(1)</script>' }\n",
    );
    let out = almanac(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("warning[raw-html]: raw HTML in a box is shown as text"),
        "{err}"
    );
    assert!(
        err.contains("content/demo/2022/data/box-lighthouse.yaml:2:8"),
        "{err}"
    );
    assert!(err.contains("warning[unsafe-link]"), "{err}");
    let b = box_html(&page(dir.path()), "box-lighthouse").to_string();
    assert!(
        b.contains("A &lt;b onclick=\"x()\"&gt;bold&lt;/b&gt; note, a link."),
        "{b}"
    );
    assert!(
        b.contains("&lt;em class=\"k\" onmouseover=\"y()\"&gt;kept&lt;/em&gt;"),
        "{b}"
    );

    write(
        dir.path(),
        "content/site.yaml",
        "title: Boxes fixture\nallow_raw_html: true\n",
    );
    let out = almanac(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("raw-html"));
    let b = box_html(&page(dir.path()), "box-lighthouse").to_string();
    assert!(b.contains("A <b>bold</b> note, a link."), "{b}");
    assert!(b.contains("<em class=\"k\">kept</em>"), "{b}");
    assert!(!b.contains("onmouseover") && !b.contains("onclick") && !b.contains("<script>"));
}

/// Text a spreadsheet would run as a formula is neutralised in every CSV download, boxes' and
/// figures' alike; numbers (negative ones too) and the JSON stay exactly as written.
#[test]
fn csv_downloads_never_hand_a_spreadsheet_a_formula() {
    let dir = fixture("basic");
    let root = dir.path();
    let hostile = [
        "=HYPERLINK(\"https://e.org\",\"x\")",
        "+1",
        "-x",
        "@SUM(A1)",
        "\tcmd",
        "\rcmd",
    ];
    let mut rows = String::new();
    for (i, h) in hostile.iter().enumerate() {
        let value = if i == 0 {
            "-3.5".to_string()
        } else {
            i.to_string()
        };
        rows.push_str(&format!("  - {{ name: {h:?}, value: {value} }}\n"));
    }
    write(
        root,
        "content/alpha/2023/data/box-sample.yaml",
        &format!(
            "title: Hostile cells (synthetic)\ncolumns:\n  - {{ key: name, label: Name }}\n  - {{ key: value, label: Value, type: number, decimals: 1 }}\nrows:\n{rows}"
        ),
    );
    let out = almanac(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let site = root.join("site/alpha/2023");
    for file in ["data/box-sample.csv", "data/fig-sample.csv"] {
        let csv = parse_csv(&read(&site, file));
        for (record, h) in csv[1..].iter().zip(hostile) {
            assert_eq!(record[0], format!("'{h}"), "{file}");
        }
        assert_eq!(
            csv[1][1], "-3.5",
            "{file}: a negative number stays a number"
        );
    }
    let json: serde_json::Value =
        serde_json::from_str(&read(&site, "data/box-sample.json")).expect("JSON");
    assert_eq!(json["rows"][0]["name"], hostile[0]);
    assert_eq!(json["rows"][0]["value"], -3.5);
}

/// A strict RFC 4180 reader: records end with CRLF, quoted fields may hold anything.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "a lone CR ends no record");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, '\n') => panic!("a bare LF outside quotes: records end with CRLF"),
            (false, c) => {
                assert!(c != '"', "a quote inside an unquoted field");
                field.push(c);
            }
        }
    }
    assert!(
        !quoted && field.is_empty() && record.is_empty(),
        "the last record ends with CRLF"
    );
    records
}

#[test]
fn each_embedded_box_has_csv_and_json_downloads_linked_from_it() {
    let dir = built("boxes");
    let site = dir.path().join("site/demo/2022");
    let page = page(dir.path());
    for id in [
        "box-indexes",
        "box-new-centres",
        "box-outbound-ma",
        "box-ma-cases",
        "box-lighthouse",
        "box-escaping",
    ] {
        let b = box_html(&page, id);
        for ext in ["csv", "json"] {
            assert!(
                b.contains(&format!("href=\"data/{id}.{ext}\"")),
                "{id} links its {ext}"
            );
            assert!(
                site.join(format!("data/{id}.{ext}")).is_file(),
                "{id}.{ext} exists"
            );
        }
    }
    assert!(
        !site.join("data/box-unused.csv").exists(),
        "only embedded boxes are published"
    );

    let csv = parse_csv(&read(&site, "data/box-outbound-ma.csv"));
    assert_eq!(
        csv,
        [
            vec!["year", "number", "amount", "share"],
            vec!["2013", "1290", "73.2", "13.8"],
            vec!["2014", "1670", "118.8", "20.9"],
            vec!["2015", "1310", "137.25", "25.2"],
            vec!["2016", "798000", "63", "2.44"],
            vec!["2017", "", "", ""],
        ]
    );
    let csv = parse_csv(&read(&site, "data/box-ma-cases.csv"));
    assert_eq!(csv[0], ["group", "company", "details"]);
    let groups: Vec<&str> = csv[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(groups, ["Outbound", "Outbound", "Inbound"]);
    assert_eq!(
        csv[3][2], "E and F acquired 31.37% of G. *Synthetic.*",
        "Markdown stays raw"
    );

    let json: serde_json::Value =
        serde_json::from_str(&read(&site, "data/box-outbound-ma.json")).expect("JSON");
    assert_eq!(json["id"], "box-outbound-ma");
    assert_eq!(json["number"], 3);
    assert_eq!(json["rows"].as_array().map(Vec::len), Some(5));
    assert_eq!(json["rows"][3]["number"], 798000);
    assert_eq!(json["rows"][0]["amount"], 73.2);
    assert!(json["rows"][4]["share"].is_null());
    assert_eq!(json["columns"][2]["unit"], "USD 100 million");
    assert_eq!(json["columns"][3]["decimals"], 2);
    assert_eq!(json["total"]["label"], "Total");
    assert_eq!(json["total"]["values"]["number"], 802270);
    assert_eq!(json["total"]["values"]["amount"], 392.3);
    let json: serde_json::Value =
        serde_json::from_str(&read(&site, "data/box-ma-cases.json")).expect("JSON");
    assert_eq!(json["rows"][2]["group"], "Inbound");
}

#[test]
fn a_cell_with_a_comma_a_quote_and_a_newline_round_trips_through_the_csv() {
    let dir = built("boxes");
    let csv_text = read(dir.path(), "site/demo/2022/data/box-escaping.csv");
    let csv = parse_csv(&csv_text);
    // The values as the YAML holds them, read independently of almanac.
    let yaml: serde_yaml::Value = serde_yaml::from_str(&read(
        dir.path(),
        "content/demo/2022/data/box-escaping.yaml",
    ))
    .expect("YAML");
    let group = &yaml["groups"][0];
    let label = group["label"].as_str().expect("label");
    assert_eq!(csv[0], ["group", "name", "note", "md"]);
    for (i, row) in group["rows"]
        .as_sequence()
        .expect("rows")
        .iter()
        .enumerate()
    {
        let cell = |k: &str| row[k].as_str().unwrap_or("").to_string();
        assert_eq!(
            csv[i + 1],
            [label.to_string(), cell("name"), cell("note"), cell("md")]
        );
    }
    assert_eq!(csv[1][2], "He said \"hi\", then left.\nA second line.");
    assert!(csv_text.contains("\"He said \"\"hi\"\", then left.\nA second line.\""));
}

#[test]
fn builds_of_boxes_are_byte_identical() {
    let dir = fixture("boxes");
    for out in ["a", "b"] {
        assert!(
            almanac(dir.path(), &["build", "--out", out])
                .status
                .success()
        );
    }
    assert_eq!(tree(&dir.path().join("a")), tree(&dir.path().join("b")));
}

fn find<'a>(diags: &'a [Diagnostic], code: &str, file: &str) -> &'a Diagnostic {
    diags
        .iter()
        .find(|d| d.code == code && d.file.as_deref() == Some(file))
        .unwrap_or_else(|| panic!("no {code} in {file}: {diags:#?}"))
}

#[test]
fn each_box_error_names_its_file_line_and_column_with_a_hint() {
    let dir = fixture("boxes-errors");
    let diags = almanac::check(&BuildOptions::new(dir.path()));
    let data = "content/demo/2022/data";
    let cases: [(&str, String, usize, usize, &str); 7] = [
        (
            "unknown-column",
            format!("{data}/box-unknown-key.yaml"),
            7,
            19,
            "did you mean `count`?",
        ),
        (
            "missing-cell",
            format!("{data}/box-missing-cell.yaml"),
            10,
            9,
            "give every row a `company`",
        ),
        (
            "wrong-cell-type",
            format!("{data}/box-wrong-type.yaml"),
            7,
            27,
            "write the bare number `1842.5` (thousands separators and units are added when printed)",
        ),
        (
            "unknown-merge-column",
            format!("{data}/box-bad-merge.yaml"),
            5,
            9,
            "did you mean `year`?",
        ),
        (
            "duplicate-id",
            format!("{data}/box-dup.yml"),
            1,
            1,
            "keep one of",
        ),
        (
            "embedded-twice",
            "content/demo/2022/01-chapter.md".into(),
            8,
            1,
            "embed it once",
        ),
        (
            "reference-not-embedded",
            "content/demo/2022/01-chapter.md".into(),
            6,
            5,
            "embed it with {{< box box-never >}}",
        ),
    ];
    for (code, file, line, column, help) in &cases {
        let d = find(&diags, code, file);
        assert!(d.is_error(), "{code} is an error");
        assert_eq!(
            (d.line, d.column),
            (Some(*line), Some(*column)),
            "{code} at {file}"
        );
        let h = d.help.as_deref().unwrap_or("");
        assert!(h.contains(help), "{code}: help `{h}` lacks `{help}`");
    }
    assert_eq!(
        diags.iter().filter(|d| d.is_error()).count(),
        cases.len(),
        "{diags:#?}"
    );

    // The binary prints them rustc-style, exits 1 and writes nothing.
    let out = almanac(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("error[unknown-column]: no column has the key `cuont`"),
        "{err}"
    );
    assert!(
        err.contains("--> content/demo/2022/data/box-unknown-key.yaml:7:19"),
        "{err}"
    );
    assert!(err.contains("= help: did you mean `count`?"), "{err}");
    assert!(!dir.path().join("site").exists());
}

#[test]
fn a_box_referenced_but_unknown_suggests_the_nearest_id() {
    let dir = fixture("boxes");
    write(
        dir.path(),
        "content/demo/2022/03-cases.md",
        "---\ntitle: Cases\n---\n{{< box box-ma-cases >}}\n\n{{< box box-lighthouse >}}\n\n{{< box box-escaping >}}\n\nSee @box-ma-case.\n",
    );
    let diags = almanac::check(&BuildOptions::new(dir.path()));
    let d = find(&diags, "unknown-reference", "content/demo/2022/03-cases.md");
    assert_eq!((d.line, d.column), (Some(10), Some(5)));
    assert_eq!(d.help.as_deref(), Some("did you mean `box-ma-cases`?"));
}

#[test]
fn the_docs_example_box_builds_as_documented() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/boxes.md"))
        .expect("docs/boxes.md");
    let fence = doc.find("```yaml").expect("a YAML example");
    let start = fence + doc[fence..].find('\n').expect("a line") + 1;
    let example = &doc[start..start + doc[start..].find("```").expect("closes")];
    let dir = fixture("boxes");
    write(
        dir.path(),
        "content/demo/2022/data/box-outbound-ma.yaml",
        example,
    );
    let out = almanac(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let b = unlabelled(box_html(&page(dir.path()), "box-outbound-ma"));
    for shown in [
        "<td class=\"num\" data-value=\"63\">63.0</td>",
        "<td class=\"num\" data-value=\"13.8\">13.8%</td>",
        "Amount <span class=\"unit\">(USD 100 million)</span>",
        "<td class=\"num\" data-value=\"424\">424</td>",
        "<td class=\"num\" data-value=\"255\">255.0</td>",
        "<span class=\"box-label\">Source:</span> Wind",
    ] {
        assert!(b.contains(shown), "lacks {shown}\n{b}");
    }
}

/// The trade box of the fixture: column groups, notes on columns and cells, a highlighted row.
#[test]
fn column_groups_table_notes_and_highlighted_rows_render_as_a_statistical_table() {
    let dir = built("boxes");
    let page = page(dir.path());
    let b = box_html(&page, "box-trade");

    // Two header rows that tile the table with its body: a group's header spans its columns
    // (`scope="colgroup"`, one `<colgroup>` each), a column under no group spans both rows.
    let rows = grid(b, 6);
    assert_eq!(
        rows[0]
            .iter()
            .map(|(head, rowspan, colspan, _)| (head.as_str(), *rowspan, *colspan))
            .collect::<Vec<_>>(),
        [
            ("<th scope=\"col\" rowspan=\"2\"", 2, 1),
            (
                "<th scope=\"colgroup\" colspan=\"2\" class=\"box-colgroup\"",
                1,
                2
            ),
            (
                "<th scope=\"colgroup\" colspan=\"2\" class=\"box-colgroup\"",
                1,
                2
            ),
            ("<th scope=\"col\" rowspan=\"2\" class=\"num\"", 2, 1),
        ]
    );
    assert_eq!(rows[1].len(), 4, "the grouped columns' own headers");
    assert!(
        rows[1]
            .iter()
            .all(|c| c.0 == "<th scope=\"col\" class=\"num\"")
    );
    assert!(b.contains(
        "<colgroup><col></colgroup><colgroup><col><col></colgroup><colgroup><col><col></colgroup><colgroup><col></colgroup>\n<thead>"
    ));
    assert_eq!(rows[0][1].3, "Exports");
    // On a phone a cell is named by its group and column.
    assert!(b.contains("data-label=\"Imports: 2022\">33.0<sup"), "{b}");

    // Letters in reading order: the first header row, the second, then the cells row by row.
    let marker = |letter: &str| {
        format!(
            "<sup class=\"box-note-ref\"><a href=\"#box-trade-note-{letter}\" aria-label=\"Note {letter}\">{letter}</a></sup>"
        )
    };
    for (cell, letter) in [
        ("Balance 2022", "a"),
        ("2022", "b"),
        ("Beta", "c"),
        ("33.0", "d"),
    ] {
        assert!(
            b.contains(&format!(">{cell}{}</", marker(letter))),
            "{cell} has note {letter}:\n{b}"
        );
    }
    assert_eq!(b.matches("class=\"box-note-ref\"").count(), 4);
    let list = &b[b
        .find("<ol class=\"box-table-notes\">")
        .expect("the notes' list")..];
    let notes: Vec<&str> = list
        .split("<li id=\"")
        .skip(1)
        .map(|li| &li[..li.find("</li>").expect("closes")])
        .collect();
    assert_eq!(
        notes,
        [
            "box-trade-note-a\"><span class=\"box-note-letter\">a</span> Exports less imports, in <strong>2022</strong>.",
            "box-trade-note-b\"><span class=\"box-note-letter\">b</span> Provisional.",
            "box-trade-note-c\"><span class=\"box-note-letter\">c</span> Includes its overseas territories.",
            "box-trade-note-d\"><span class=\"box-note-letter\">d</span> Break in series: customs data from 2022 on.",
        ]
    );
    // Under the table, before the box's own note and source.
    let at = |s: &str| b.find(s).unwrap_or_else(|| panic!("no {s}"));
    assert!(at("</table>") < at("box-table-notes") && at("box-table-notes") < at("box-notes"));

    // The highlighted row, and it alone.
    assert_eq!(b.matches("class=\"box-highlight\"").count(), 1);
    assert!(b.contains(
        "<tr class=\"box-highlight\"><th scope=\"row\" data-label=\"Partner\">World</th>"
    ));
    let css = read(dir.path(), "site/assets/almanac.css");
    for rule in [
        ".box-table .box-highlight > th, .box-table .box-highlight > td { font-weight: 700;",
        ".box-numbers .box-table thead tr + tr > :first-child { position: static;",
    ] {
        assert!(css.contains(rule), "lacks {rule}");
    }

    // The downloads: the CSV's header is the column keys; the JSON names each column's group,
    // the notes with their letters, and the highlighted rows.
    let csv = read(dir.path(), "site/demo/2022/data/box-trade.csv");
    assert!(csv.starts_with(
        "group,partner,exports_2021,exports_2022,imports_2021,imports_2022,balance\r\n"
    ));
    let json: serde_json::Value =
        serde_json::from_str(&read(dir.path(), "site/demo/2022/data/box-trade.json"))
            .expect("JSON");
    assert_eq!(json["columns"][1]["group"], "Exports");
    assert!(json["columns"][0].get("group").is_none());
    assert_eq!(
        json["table_notes"][3],
        serde_json::json!({"letter": "d", "row": "Gamma", "column": "imports_2022", "note": "Break in series: customs data from 2022 on."})
    );
    assert_eq!(json["table_notes"][0]["column"], "balance");
    assert!(json["table_notes"][0].get("row").is_none());
    assert_eq!(json["highlight"], serde_json::json!(["World"]));
}

#[test]
fn notes_on_merged_cells_and_awkward_text_are_escaped_and_lettered_once() {
    let dir = fixture("boxes");
    write(
        dir.path(),
        "content/demo/2022/data/box-new-centres.yaml",
        "title: Centres (synthetic)\ncolumns:\n  - { key: name, label: Name }\n  - { key: year, label: Year }\n  - { key: count, label: Count, type: integer, note: 'Count <b>&</b> \"all\"' }\nmerge: [year]\nrows:\n  - { name: One, year: 2017, count: 1 }\n  - { name: Two, year: 2017, count: 2 }\n  - { name: Three, year: 2018, count: 3 }\ncolumn_groups:\n  - { label: 'When & <how many>', columns: [year, count] }\ncell_notes:\n  - { row: Two, column: year, note: 'Second <i>centre</i>.' }\nhighlight: [Three]\n",
    );
    let out = almanac(dir.path(), &["build", "--no-pdf"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let b = unlabelled(box_html(&page(dir.path()), "box-new-centres"));
    // The note on a cell the merged year covers goes on the merged cell.
    assert!(
        b.contains(
            "<td rowspan=\"2\">2017<sup class=\"box-note-ref\"><a href=\"#box-new-centres-note-b\""
        ),
        "{b}"
    );
    assert!(b.contains("When &amp; &lt;how many&gt;</th>"), "{b}");
    // A note is Markdown: raw HTML shown as text (the site does not allow it), quotes curled.
    assert!(
        b.contains("a</span> Count &lt;b&gt;&amp;&lt;/b&gt; “all”</li>"),
        "{b}"
    );
    assert!(b.contains("Second &lt;i&gt;centre&lt;/i&gt;."), "{b}");
    assert_eq!(b.matches("<li id=").count(), 2);
}

#[test]
fn each_mistake_in_column_groups_notes_and_highlights_is_located() {
    let dir = fixture("boxes");
    write(
        dir.path(),
        "content/demo/2022/data/box-trade.yaml",
        "title: Trade (synthetic)\ncolumns:\n  - { key: partner, label: Partner }\n  - { key: x21, label: '2021', type: number }\n  - { key: x22, label: '2022', type: number }\n  - { key: m21, label: '2021', type: number }\ncolumn_groups:\n  - { label: Exports, columns: [x21, m21] }\n  - { label: Imports, columns: [m12] }\nrows:\n  - { partner: Alpha, x21: 1, x22: 2, m21: 3 }\n  - { partner: Beta, x21: 1 }\ncell_notes:\n  - { row: Alpha, column: x22, note: A. }\n  - { row: Alpa, column: x22, note: B. }\n  - { row: Alpha, column: x2, note: C. }\n  - { row: Alpha, column: x22, note: D. }\nhighlight: [Beta, Gamma]\n",
    );
    let diags = almanac::check(&BuildOptions::new(dir.path()));
    let file = "content/demo/2022/data/box-trade.yaml";
    let mut found: Vec<(&str, usize, usize, &str)> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            assert_eq!(d.file.as_deref(), Some(file), "{d:?}");
            (
                d.code.as_str(),
                d.line.unwrap_or(0),
                d.column.unwrap_or(0),
                d.help.as_deref().unwrap_or(""),
            )
        })
        .collect();
    found.sort();
    let mut expected = vec![
        (
            "column-group",
            8,
            38,
            "add `x22` to the group, or move `m21` next to `x21` under `columns`",
        ),
        // `m21` is one letter off, but already under `Exports`: never suggested.
        (
            "unknown-column-group-column",
            9,
            33,
            "columns left for a group (not the first, none a group spans already): `x22`",
        ),
        ("unknown-row", 15, 12, "did you mean `Alpha`?"),
        ("unknown-note-column", 16, 27, "did you mean `x21`?"),
        (
            "duplicate-cell-note",
            17,
            5,
            "a cell has one note: write both texts in one `note`",
        ),
        (
            "unknown-row",
            18,
            19,
            "a row is named by its first column (`partner`), as written there: `Alpha`, `Beta`",
        ),
    ];
    expected.sort();
    assert_eq!(found.len(), expected.len(), "{diags:#?}");
    for ((code, line, column, help), (e_code, e_line, e_column, e_help)) in
        found.iter().zip(&expected)
    {
        assert_eq!(
            (code, line, column),
            (e_code, e_line, e_column),
            "{diags:#?}"
        );
        assert!(help.contains(e_help), "{code}: `{help}` lacks `{e_help}`");
    }
    // Printed rustc-style by the binary.
    let out = almanac(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("error[unknown-row]: no row is named `Gamma`\n  --> content/demo/2022/data/box-trade.yaml:18:19"),
        "{}",
        stderr(&out)
    );
}

/// A long box with column groups breaks across pages with both header rows on each, and its
/// notes' letters and highlighted rows in the PDF.
#[cfg(feature = "pdf")]
#[test]
fn the_pdf_repeats_both_header_rows_and_letters_the_notes_as_the_page() {
    let dir = fixture("boxes");
    let rows: String = (1..=70)
        .map(|i| {
            format!("  - {{ partner: Partner {i:02}, x21: {i}.5, x22: {i}, m21: 2, m22: 3 }}\n")
        })
        .collect();
    write(
        dir.path(),
        "content/demo/2022/data/box-trade.yaml",
        &format!(
            "title: Trade (synthetic)\ncolumns:\n  - {{ key: partner, label: Partner }}\n  - {{ key: x21, label: Year one, type: number }}\n  - {{ key: x22, label: Year two, type: number, note: Provisional. }}\n  - {{ key: m21, label: Year one, type: number }}\n  - {{ key: m22, label: Year two, type: number }}\ncolumn_groups:\n  - {{ label: Sales abroad, columns: [x21, x22] }}\n  - {{ label: Purchases abroad, columns: [m21, m22] }}\nhighlight: [Partner 03]\ncell_notes:\n  - {{ row: Partner 02, column: m22, note: Estimated. }}\nrows:\n{rows}"
        ),
    );
    let out = almanac(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(dir.path().join("site/demo/2022/demo-2022.pdf")).expect("the PDF");
    let pages = pdf_extract::extract_text_from_mem_by_pages(&bytes).expect("pages");
    let with_rows: Vec<&String> = pages
        .iter()
        .filter(|p| p.contains("Partner 0") || p.contains("Partner 5") || p.contains("Partner 7"))
        .collect();
    assert!(with_rows.len() >= 2, "the box breaks across pages");
    for p in &with_rows {
        for header in ["Sales abroad", "Purchases abroad", "Year one"] {
            assert!(
                p.contains(header),
                "a page of the box lacks `{header}`:\n{p}"
            );
        }
    }
    let text = with_rows.iter().map(|p| p.as_str()).collect::<String>();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("a Provisional."), "{text}");
    assert!(text.contains("b Estimated."), "{text}");
}
