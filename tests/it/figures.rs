//! Figures end to end: every chart type drawn to SVG that parses as XML, numbered and
//! referred to, escaped, accessible, reproducible, with its data downloads; and each error.

use crate::common::*;

fn built() -> tempfile::TempDir {
    let dir = fixture("figures");
    let out = almanac(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    dir
}

fn page(dir: &tempfile::TempDir) -> String {
    read(dir.path(), "site/demo/2024/index.html")
}

/// Every inline `<svg>…</svg>` of a page.
fn svgs(html: &str) -> Vec<&str> {
    html.match_indices("<svg class=\"chart\"")
        .map(|(i, _)| {
            let end = html[i..].find("</svg>").expect("closed svg") + i + 6;
            &html[i..end]
        })
        .collect()
}

/// The text of every `<text>` element of an SVG, trimmed.
fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("valid XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").trim().to_string())
        .collect()
}

#[test]
fn every_chart_type_draws_an_svg_that_parses_as_xml() {
    let dir = built();
    let html = page(&dir);
    let all = svgs(&html);
    // Nine charts (and one static image), each drawn for the column and for a phone.
    assert_eq!(all.len(), 18, "nine charts, twice");
    let narrow = all
        .iter()
        .filter(|s| s.contains("viewBox=\"0 0 360 "))
        .count();
    assert_eq!(narrow, 9, "a narrow drawing of each chart");
    for svg in &all {
        let doc =
            roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("invalid XML ({e}):\n{svg}"));
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        assert!(root.attribute("viewBox").is_some());
        assert!(
            root.attribute("width").is_none() && root.attribute("height").is_none(),
            "scales with the page"
        );
        let title = root
            .children()
            .find(|n| n.has_tag_name("title"))
            .expect("title");
        let desc = root
            .children()
            .find(|n| n.has_tag_name("desc"))
            .expect("desc");
        assert!(!title.text().unwrap_or("").is_empty() && !desc.text().unwrap_or("").is_empty());
        assert!(
            doc.descendants().any(|n| n.has_tag_name("text")),
            "text stays text"
        );
    }
}

#[test]
fn figures_are_numbered_by_first_embedding_and_referred_to() {
    let dir = built();
    let html = page(&dir);
    assert!(html.contains(
        "<span class=\"figure-number\">Figure 1.</span> New centres per year (synthetic)"
    ));
    assert!(html.contains("<span class=\"figure-number\">Figure 10.</span> An organisation chart drawn elsewhere (synthetic)"));
    assert!(html.contains("<a class=\"xref\" href=\"#fig-combo\">Figure 7</a>"));
    assert!(html.contains("<a class=\"xref\" href=\"#fig-pie\">Figure 8</a>"));
}

#[test]
fn merged_box_rows_collapse_into_one_point_per_category() {
    let dir = built();
    let csv = read(dir.path(), "site/demo/2024/data/fig-bar.csv");
    assert_eq!(
        csv,
        "category,New centres\r\n2016,1\r\n2017,2\r\n2018,1\r\n"
    );
    let html = page(&dir);
    let desc = html
        .split("<desc id=\"fig-bar-svg-desc\">")
        .nth(1)
        .expect("desc")
        .split("</desc>")
        .next()
        .expect("end");
    assert_eq!(
        desc,
        "Bar chart of New centres over 3 categories from 2016 to 2018. New centres from 1 to 2."
    );
}

#[test]
fn a_combo_chart_has_two_labelled_axes_and_a_legend() {
    let dir = built();
    let html = page(&dir);
    let svg = svgs(&html)
        .into_iter()
        .find(|s| s.contains("fig-combo-svg-title"))
        .expect("combo");
    let t = texts(svg);
    assert!(
        t.contains(&"USD 100 million".to_string()),
        "right axis titled with its unit: {t:?}"
    );
    assert!(
        t.contains(&"Number of deals".to_string()) && t.contains(&"Amount".to_string()),
        "legend"
    );
    assert!(
        t.contains(&"500".to_string()) && t.contains(&"150".to_string()),
        "both axes have ticks: {t:?}"
    );
    let json = read(dir.path(), "site/demo/2024/data/fig-combo.json");
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["series"][1]["axis"], "right");
    assert_eq!(v["series"][1]["values"][3], 450.7);
}

#[test]
fn pies_name_every_slice_with_its_share() {
    let dir = built();
    let html = page(&dir);
    let pie = svgs(&html)
        .into_iter()
        .find(|s| s.contains("fig-pie-svg-title"))
        .expect("pie");
    let t = texts(pie);
    assert!(
        t.contains(&"42 · 36.8%".to_string()) && t.contains(&"72 · 63.2%".to_string()),
        "{t:?}"
    );
    assert!(html.contains(
        "Pie chart of Lighthouse factories. China: 42 (36.8%); Rest of the world: 72 (63.2%)."
    ));
    // A slice reads its share as its legend does, to one decimal.
    assert!(t.contains(&"36.8%".to_string()), "{t:?}");
}

#[test]
fn bars_sorted_by_value_are_drawn_and_listed_in_that_order() {
    let dir = fixture("figures");
    let hbar = "title: Sorted (synthetic)\ntype: bar\norientation: horizontal\nsort: ascending\ncategories: [Large, Small, Middle, Also small]\nseries:\n  - { label: Firms, values: [30, 7, 12.5, 7] }\n";
    write(dir.path(), "content/demo/2024/data/fig-hbar.yaml", hbar);
    // A stacked bar by its total (North 3, South 9), largest first.
    write(
        dir.path(),
        "content/demo/2024/data/fig-stacked.yaml",
        "title: Stacked bars (synthetic)\ntype: stacked-bar\nsort: descending\ncategories: [North, South]\nseries:\n  - { label: Public, values: [1, 4] }\n  - { label: Private, values: [2, 5] }\n",
    );
    let out = almanac(dir.path(), &["build", "--no-pdf"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = page(&dir);
    let svg = svgs(&html)
        .into_iter()
        .find(|s| s.contains("fig-hbar-svg-title"))
        .expect("the sorted chart");
    let labels: Vec<String> = texts(svg)
        .into_iter()
        .filter(|t| ["Large", "Small", "Middle", "Also small"].contains(&t.as_str()))
        .collect();
    // Equal values keep the order written.
    assert_eq!(
        labels,
        ["Small", "Also small", "Middle", "Large"],
        "{labels:?}"
    );
    let csv = read(dir.path(), "site/demo/2024/data/fig-hbar.csv");
    let rows: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap_or(""))
        .collect();
    assert_eq!(rows, ["Small", "Also small", "Middle", "Large"], "{csv}");
    let sums = |csv: &str| -> Vec<f64> {
        csv.lines()
            .skip(1)
            .map(|l| {
                l.split(',')
                    .skip(1)
                    .filter_map(|v| v.parse::<f64>().ok())
                    .sum()
            })
            .collect()
    };
    let stacked = read(dir.path(), "site/demo/2024/data/fig-stacked.csv");
    assert_eq!(sums(&stacked), [9.0, 3.0], "{stacked}");
    assert!(
        stacked
            .lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("South")),
        "{stacked}"
    );
}

#[test]
fn a_chart_drawn_from_a_percent_column_shows_its_percent_signs() {
    let dir = fixture("figures");
    write(
        dir.path(),
        "content/demo/2024/data/box-centres.yaml",
        "title: Shares (synthetic)\ncolumns:\n  - { key: year, label: Year }\n  - { key: share, label: Share, type: percent, decimals: 1 }\nrows:\n  - { year: \"2016\", share: 12.5 }\n  - { year: \"2017\", share: 40 }\n",
    );
    write(
        dir.path(),
        "content/demo/2024/data/fig-bar.yaml",
        "title: Shares by year (synthetic)\ntype: bar\nfrom: box-centres\nx: year\nseries:\n  - { column: share }\n",
    );
    write(
        dir.path(),
        "content/demo/2024/data/fig-combo.yaml",
        "title: Combo (synthetic)\ntype: combo\ncategories: [a]\nseries:\n  - { label: A, values: [1] }\n  - { label: B, values: [2] }\n",
    );
    let out = almanac(dir.path(), &["build", "--no-pdf"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = page(&dir);
    let svg = svgs(&html)
        .into_iter()
        .find(|s| s.contains("fig-bar-svg-title"))
        .expect("the chart");
    let ticks = texts(svg);
    assert!(ticks.iter().any(|t| t == "40%"), "{ticks:?}");
    assert!(
        html.contains("<td class=\"num\">12.5%</td>"),
        "the data table"
    );
    // A combo without axis titles or units names each axis by its one series (in the
    // legend too, so twice).
    let combo = svgs(&html)
        .into_iter()
        .find(|s| s.contains("fig-combo-svg-title"))
        .expect("the combo");
    let t = texts(combo);
    for name in ["A", "B"] {
        assert_eq!(t.iter().filter(|x| *x == name).count(), 2, "{name}: {t:?}");
    }
}

#[test]
fn a_chart_s_data_table_is_headed_by_what_its_categories_are() {
    let dir = built();
    let html = page(&dir);
    let table = |id: &str| {
        let at = html
            .find(&format!("aria-label=\"Figure {id}, data\""))
            .expect("a data table");
        html[at..]
            .split("</thead>")
            .next()
            .unwrap_or("")
            .to_string()
    };
    // Drawn from a box: the column's label; inline: "Category".
    let number_of = |fig: &str| {
        let at = html.find(&format!("id=\"{fig}\"")).expect("the figure");
        let n = &html[at..];
        let n = &n[n.find("Figure ").expect("its number") + 7..];
        n[..n.find('.').expect("a period")].to_string()
    };
    let bar = table(&number_of("fig-bar"));
    assert!(bar.contains("<th scope=\"col\">Year</th>"), "{bar}");
    let pie = table(&number_of("fig-pie"));
    assert!(pie.contains("<th scope=\"col\">Category</th>"), "{pie}");
}

#[test]
fn labels_are_escaped_and_the_data_is_also_a_table() {
    let dir = built();
    let html = page(&dir);
    assert!(html.contains("Chemicals &lt;&amp;&gt; &quot;plastics&quot;"));
    assert!(!html.contains("<&>"));
    assert!(html.contains("<summary>The numbers of Figure 5</summary>"));
    assert!(html.contains("<tr><th scope=\"row\">2022</th><td class=\"num\">2.44%</td><td class=\"num\">2.5%</td></tr>"), "data table");
    assert_eq!(
        read(dir.path(), "site/demo/2024/data/fig-hbar.csv")
            .lines()
            .nth(3),
        Some("\"Chemicals <&> \"\"plastics\"\"\",7")
    );
}

#[test]
fn control_characters_never_reach_the_svg() {
    let dir = fixture("figures");
    write(
        dir.path(),
        "content/demo/2024/data/fig-area.yaml",
        "title: \"Area \\0 \\a \\e (synthetic)\"\ntype: area\ncategories: [\"a\\0b\", \"c\\x1bd\"]\nseries:\n  - { label: \"s\\a\", values: [1, 2] }\n",
    );
    let out = almanac(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = page(&dir);
    for svg in svgs(&html) {
        roxmltree::Document::parse(svg).expect("valid XML");
        assert!(!svg.contains(['\u{0}', '\u{7}', '\u{1b}']));
    }
}

#[test]
fn a_static_figure_is_copied_with_its_alt_text() {
    let dir = built();
    let html = page(&dir);
    assert!(html.contains(
        "<img src=\"diagrams/org.svg\" alt=\"Three boxes, a ministry above two agencies.\""
    ));
    assert_eq!(
        read(dir.path(), "site/demo/2024/diagrams/org.svg"),
        read(dir.path(), "content/demo/2024/diagrams/org.svg")
    );
}

#[test]
fn an_image_path_is_a_url_on_the_page_and_a_file_name_in_the_site() {
    let dir = fixture("figures");
    let svg = read(dir.path(), "content/demo/2024/diagrams/org.svg");
    write(dir.path(), "content/demo/2024/diagrams/org #2?.svg", &svg);
    let spec = "content/demo/2024/data/fig-diagram.yaml";
    let yaml = read(dir.path(), spec).replace("diagrams/org.svg", "\"diagrams/org #2?.svg\"");
    write(dir.path(), spec, &yaml);
    let out = almanac(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // `#` and `?` would make a fragment and a query of the rest: they are encoded.
    assert!(page(&dir).contains("<img src=\"diagrams/org%20%232%3F.svg\""));
    assert_eq!(read(dir.path(), "site/demo/2024/diagrams/org #2?.svg"), svg);
}

#[test]
fn charts_draw_the_same_bytes_every_build() {
    let dir = fixture("figures");
    assert!(
        almanac(dir.path(), &["build", "--out", "a"])
            .status
            .success()
    );
    assert!(
        almanac(dir.path(), &["build", "--out", "b"])
            .status
            .success()
    );
    assert_eq!(tree(&dir.path().join("a")), tree(&dir.path().join("b")));
}

fn fails_with(file: &str, yaml: &str, expect: &[(&str, usize)]) {
    let dir = fixture("figures");
    write(dir.path(), &format!("content/demo/2024/data/{file}"), yaml);
    let out = almanac(dir.path(), &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{yaml}");
    let diags: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    for (code, line) in expect {
        assert!(
            diags.iter().any(|d| d["code"] == *code
                && d["line"] == *line
                && d["file"] == format!("content/demo/2024/data/{file}")),
            "{code} at line {line} not in {diags:#?}"
        );
    }
}

#[test]
fn each_figure_error_names_its_place() {
    fails_with(
        "fig-line.yaml",
        "title: T\ntype: line\ncategories: [a, b]\nseries:\n  - { label: s, values: [1, 2, 3] }\n",
        &[("series-length", 5)],
    );
    fails_with(
        "fig-line.yaml",
        "title: T\ntype: line\ncategories: [a, b]\nseries:\n  - label: s\n    values: [1, \"2,5\"]\n",
        &[("not-a-number", 6)],
    );
    // A list, a mapping or nothing where a number belongs says what it found.
    let dir = fixture("figures");
    let file = "content/demo/2024/data/fig-line.yaml";
    write(
        dir.path(),
        file,
        "title: T\ntype: line\ncategories: [a, b, c]\nseries:\n  - label: s\n    values: [1, [2], {a: 1}]\n",
    );
    let out = almanac(dir.path(), &["check", "--format", "json"]);
    let diags: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    let found: Vec<(&str, u64)> = diags
        .iter()
        .filter(|d| d["code"] == "not-a-number" && d["file"] == file)
        .map(|d| {
            (
                d["message"].as_str().unwrap_or(""),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("found a list where a number belongs", 6),
            ("found a mapping where a number belongs", 6)
        ],
        "{diags:#?}"
    );
    fails_with(
        "fig-bar.yaml",
        "title: T\ntype: bar\nfrom: box-centers\nx: year\nseries:\n  - { column: count }\n",
        &[("unknown-from-box", 3)],
    );
    fails_with(
        "fig-bar.yaml",
        "title: T\ntype: bar\nfrom: box-centres\nx: year\nseries:\n  - { column: cuont }\n",
        &[("unknown-from-column", 6)],
    );
    fails_with(
        "fig-pie.yaml",
        "title: T\ntype: pie\ncategories: [a, b]\nseries:\n  - label: s\n    values: [3, -1]\n",
        &[("negative-slice", 6)],
    );
    fails_with(
        "fig-pie.yaml",
        "title: T\ntype: radar\ncategories: [a]\nseries:\n  - { values: [1] }\n",
        &[("unknown-value", 2)],
    );
    fails_with(
        "fig-line.yaml",
        "title: T\ntype: line\nsort: descending\ncategories: [a, b]\nseries:\n  - { values: [1, 2] }\n",
        &[("chart-data", 3)],
    );
    fails_with(
        "fig-diagram.yaml",
        "title: T\nimage: ../../../../etc/hostname\nalt: x\n",
        &[("image-outside", 2)],
    );
    fails_with(
        "fig-diagram.yaml",
        "title: T\nimage: /etc/hostname\nalt: x\n",
        &[("image-outside", 2)],
    );
    fails_with(
        "fig-diagram.yaml",
        "title: T\nimage: diagrams/none.svg\nalt: x\n",
        &[("missing-image", 2)],
    );
    fails_with(
        "fig-bar.yaml",
        "title: T\ntype: bar\nfrom: box-deals\nx: year\nseries:\n  - { column: deals }\ncategories: [a]\n",
        &[("chart-data", 3)],
    );
    fails_with(
        "fig-bar.yaml",
        "title: T\ntype: bar\ncategories: [a, b]\nseries:\n  - { label: s, values: [1, 2] }\n  - label: t\n    axis: right\n    values: [3, 4]\n",
        &[("chart-data", 7)],
    );
}

#[test]
fn an_image_without_alt_text_is_warned() {
    let dir = fixture("figures");
    write(
        dir.path(),
        "content/demo/2024/data/fig-diagram.yaml",
        "title: T\nimage: diagrams/org.svg\n",
    );
    let out = almanac(dir.path(), &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let diags: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    assert!(
        diags
            .iter()
            .any(|d| d["code"] == "image-without-alt" && d["line"] == 2)
    );
}

#[test]
fn an_image_that_is_not_the_type_its_name_says_is_refused_where_it_is_named() {
    let dir = crate::common::fixture("basic");
    crate::common::write(
        dir.path(),
        "content/alpha/2023/img/shot.png",
        "GIF89a, not a PNG",
    );
    crate::common::write(
        dir.path(),
        "content/alpha/2023/data/fig-shot.yaml",
        "title: A renamed picture (synthetic)\nimage: img/shot.png\nalt: Nothing to see\n",
    );
    let chapter = crate::common::read(dir.path(), "content/alpha/2023/03-outlook.md");
    crate::common::write(
        dir.path(),
        "content/alpha/2023/03-outlook.md",
        &format!("{chapter}\n{{{{< figure fig-shot >}}}}\n"),
    );
    let diags = almanac::check(&almanac::BuildOptions::new(dir.path()));
    let d = diags
        .iter()
        .find(|d| d.code == "image-type")
        .unwrap_or_else(|| panic!("{diags:?}"));
    assert_eq!(
        d.file.as_deref(),
        Some("content/alpha/2023/data/fig-shot.yaml")
    );
    assert_eq!((d.line, d.column), (Some(2), Some(8)));
    // A real PNG's first bytes pass.
    std::fs::write(
        dir.path().join("content/alpha/2023/img/shot.png"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    )
    .expect("write");
    let diags = almanac::check(&almanac::BuildOptions::new(dir.path()));
    assert!(!diags.iter().any(|d| d.code == "image-type"), "{diags:?}");
}

/// `yaml` as `file` of the figures fixture: `check` refuses it with `code` at exactly
/// `line:column`, and a help text that says `help`.
fn refused_at(file: &str, yaml: &str, code: &str, (line, column): (u64, u64), help: &str) {
    let dir = fixture("figures");
    write(dir.path(), &format!("content/demo/2024/data/{file}"), yaml);
    let out = almanac(dir.path(), &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{yaml}");
    let diags: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    let place = format!("content/demo/2024/data/{file}:{line}:{column}");
    assert!(
        diags.iter().any(|d| d["code"] == code
            && format!(
                "{}:{}:{}",
                d["file"].as_str().unwrap_or(""),
                d["line"],
                d["column"]
            ) == place
            && d["help"].as_str().is_some_and(|h| h.contains(help))),
        "{code} at {place} saying `{help}` not in {diags:#?}"
    );
}

/// `yaml` as `file` of the figures fixture: `check` refuses it with exactly one error, of
/// `code`, at exactly `line:column`, saying `help`.
fn refused_once_at(
    file: &str,
    yaml: &str,
    code: &str,
    (line, column): (u64, u64),
    help: &str,
) -> serde_json::Value {
    let dir = fixture("figures");
    write(dir.path(), &format!("content/demo/2024/data/{file}"), yaml);
    let out = almanac(dir.path(), &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{yaml}");
    let diags: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    let errors: Vec<&serde_json::Value> =
        diags.iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "one error for {yaml}: {diags:#?}");
    let d = errors[0].clone();
    assert_eq!(d["code"], code, "{d:#?}");
    assert_eq!(
        (&d["file"], &d["line"], &d["column"]),
        (
            &serde_json::json!(format!("content/demo/2024/data/{file}")),
            &serde_json::json!(line),
            &serde_json::json!(column)
        ),
        "{d:#?}"
    );
    assert!(
        d["help"].as_str().is_some_and(|h| h.contains(help)),
        "{d:#?}"
    );
    d
}

fn chart_options() -> (tempfile::TempDir, String) {
    let dir = fixture("chart-options");
    let out = almanac(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = read(dir.path(), "site/demo/2024/index.html");
    (dir, html)
}

/// The wide drawing of the figure `id` on `html`.
fn wide_svg<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("aria-labelledby=\"{id}-svg-title"))
        .expect("the figure's wide drawing");
    let start = html[..start].rfind("<svg").expect("svg");
    let end = html[start..].find("</svg>").expect("closed") + start + 6;
    &html[start..end]
}

#[test]
fn series_take_their_own_colour_and_the_rest_the_palette_s_free_ones() {
    let (_dir, html) = chart_options();
    let svg = wide_svg(&html, "fig-colors");
    // `color: red` of tableau10, `color: "#555555"`, and the third series the palette's first
    // colour that neither took (its blue), never the red the first series chose.
    for (colour, what) in [
        ("#E15759", "red"),
        ("#555555", "a colour of its own"),
        ("#4E79A7", "the palette's first free colour"),
    ] {
        assert!(
            svg.contains(&format!("stroke=\"{colour}\"")),
            "{what}: {colour} not drawn"
        );
    }
    let reds = svg.matches("stroke=\"#E15759\"").count();
    assert_eq!(
        reds, 2,
        "the red line and its legend swatch, no other series"
    );
    let blues = wide_svg(&html, "fig-blues");
    for step in ["#08519C", "#3182BD", "#6BAED6"] {
        assert!(blues.contains(&format!("fill=\"{step}\"")), "{step}");
    }
    assert!(!blues.contains("#0072B2"), "not the default palette");
    let pie = wide_svg(&html, "fig-greys-pie");
    for step in ["#252525", "#636363", "#969696"] {
        assert!(pie.contains(&format!("fill=\"{step}\"")), "{step}");
    }
}

#[test]
fn wrong_colours_and_palettes_are_refused_where_they_are_written() {
    let line = |extra: &str, color: &str| {
        format!(
            "title: T\ntype: line\n{extra}categories: [a, b]\nseries:\n  - label: s\n    values: [1, 2]\n    color: {color}\n"
        )
    };
    refused_at(
        "fig-line.yaml",
        &line("palette: tableu10\n", "red"),
        "chart-color",
        (3, 10),
        "did you mean `tableau10`?",
    );
    refused_at(
        "fig-line.yaml",
        &line("", "vermilion"),
        "chart-color",
        (7, 12),
        "did you mean `vermillion`?",
    );
    refused_at(
        "fig-line.yaml",
        &line("", "\"#12345\""),
        "chart-color",
        (7, 12),
        "six",
    );
    refused_at(
        "fig-line.yaml",
        &line("", "\"#0072B2\\\" onload=\\\"x\""),
        "chart-color",
        (7, 12),
        "six",
    );
    // Unquoted, `#` starts a comment: the key is there with nothing in it.
    refused_at(
        "fig-line.yaml",
        &line("", "#0072B2"),
        "chart-color",
        (7, 5),
        "in quotes",
    );
    refused_at(
        "fig-pie.yaml",
        "title: T\ntype: pie\ncategories: [a, b]\nseries:\n  - { label: s, values: [1, 2], color: blue }\n",
        "chart-color",
        (5, 33),
        "palette",
    );
    refused_at(
        "fig-bar.yaml",
        "title: T\ntype: grouped-bar\npalette: greys\ncategories: [a]\nseries:\n  - { values: [1] }\n  - { values: [2] }\n  - { values: [3] }\n  - { values: [4] }\n  - { values: [5] }\n",
        "chart-color",
        (3, 10),
        "okabe-ito",
    );
}

/// The text of every `<text>` of the figure `id`'s wide drawing.
fn drawn_texts(html: &str, id: &str) -> Vec<String> {
    texts(wide_svg(html, id))
}

#[test]
fn data_labels_write_each_value_as_the_table_does() {
    let (_dir, html) = chart_options();
    // Sideways and sorted: a horizontal bar ranked by value, each bar labelled with its unit
    // and decimals, and the table in the same order with the same words.
    let ranked = drawn_texts(&html, "fig-ranked");
    let order: Vec<&str> = ranked
        .iter()
        .map(String::as_str)
        .filter(|t| ["North", "South", "East", "West", "Centre"].contains(t))
        .collect();
    assert_eq!(order, ["South", "Centre", "West", "North", "East"]);
    for label in ["30.3%", "28.3%", "21.0%", "12.5%", "8.0%"] {
        assert!(ranked.contains(&label.to_string()), "{label} in {ranked:?}");
        assert!(
            html.contains(&format!("<td class=\"num\">{label}</td>")),
            "the table writes {label} too"
        );
    }
    let table = &html[html.find("Figure 4</summary>").expect("table")..];
    assert!(table.find(">South<") < table.find(">East<"));
    // A series' `labels: false` wins over the figure's `labels: true`.
    let lines = drawn_texts(&html, "fig-labelled-lines");
    for label in ["1,842.5", "1,910.0", "2,230.8", "2,405.0"] {
        assert!(lines.contains(&label.to_string()), "{label} in {lines:?}");
    }
    assert!(
        !lines.iter().any(|t| t == "2,200" || t == "2,400"),
        "the target is not labelled: {lines:?}"
    );
    // Inside stacked segments tall enough for them; the East's public 5 is too thin, and the
    // table still gives it.
    let stack = drawn_texts(&html, "fig-labelled-stack");
    for label in ["30", "50", "42", "12", "40"] {
        assert!(stack.contains(&label.to_string()), "{label} in {stack:?}");
    }
    assert!(!stack.contains(&"5".to_string()), "{stack:?}");
}

#[test]
fn a_pie_takes_no_data_labels() {
    refused_at(
        "fig-pie.yaml",
        "title: T\ntype: pie\nlabels: true\ncategories: [a, b]\nseries:\n  - { label: s, values: [1, 2] }\n",
        "chart-data",
        (3, 1),
        "remove `labels`",
    );
    refused_at(
        "fig-pie.yaml",
        "title: T\ntype: donut\ncategories: [a, b]\nseries:\n  - { label: s, values: [1, 2], labels: false }\n",
        "chart-data",
        (5, 33),
        "remove `labels`",
    );
}

#[test]
fn reference_lines_and_bands_are_drawn_named_and_described() {
    let (dir, html) = chart_options();
    let line = wide_svg(&html, "fig-reference");
    let shown = texts(line);
    assert!(shown.contains(&"Target".to_string()) && shown.contains(&"Pandemic".to_string()));
    // The target is above every value: the axis reaches it.
    assert!(shown.contains(&"3".to_string()), "{shown:?}");
    assert!(
        line.contains("stroke-dasharray") || line.contains("<polyline"),
        "a line"
    );
    for desc in [
        "A reference line marks Target at 3.0.",
        "A band marks Pandemic from 2020 to 2021.",
    ] {
        assert!(line.contains(desc), "{desc}");
    }
    let bars = wide_svg(&html, "fig-reference-bars");
    for desc in [
        "A reference line marks Average at 16.25.",
        "A band marks Normal range from 10 to 15.",
    ] {
        assert!(bars.contains(desc), "{desc}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&read(dir.path(), "site/demo/2024/data/fig-reference.json"))
            .expect("json");
    assert_eq!(json["references"][0]["label"], "Target");
    assert_eq!(json["references"][0]["line"]["y"], 3.0);
    assert_eq!(json["references"][1]["category_band"]["from"], "2020");
    assert_eq!(json["references"][1]["category_band"]["to"], "2021");
}

#[test]
fn wrong_references_are_refused_where_they_are_written() {
    let line = |reference: &str| {
        format!(
            "title: T\ntype: line\ncategories: [2019, 2020, 2021]\nseries:\n  - {{ label: s, values: [1, 2, 3] }}\nreference:\n  - {reference}\n"
        )
    };
    refused_at(
        "fig-line.yaml",
        &line("{ from: 2020, to: 2016, label: P }"),
        "chart-reference",
        (7, 23),
        "did you mean `2019`?",
    );
    refused_at(
        "fig-line.yaml",
        &line("{ y: \"3%\", label: Target }"),
        "chart-reference",
        (7, 10),
        "plain number",
    );
    refused_at(
        "fig-line.yaml",
        &line("{ y: 3 }"),
        "chart-reference",
        (7, 5),
        "add label:",
    );
    refused_at(
        "fig-line.yaml",
        &line("{ y: 3, from: 2020, label: T }"),
        "chart-reference",
        (7, 5),
        "keep the keys of one kind",
    );
    refused_at(
        "fig-line.yaml",
        &line("{ y: 3, axis: right, label: T }"),
        "chart-reference",
        (7, 19),
        "remove `axis: right`",
    );
    refused_at(
        "fig-pie.yaml",
        "title: T\ntype: pie\ncategories: [a, b]\nseries:\n  - { label: s, values: [1, 2] }\nreference:\n  - { y: 1, label: T }\n",
        "chart-reference",
        (6, 1),
        "remove `reference`",
    );
}

#[test]
fn a_band_over_one_category_is_refused_once_where_its_end_is_written() {
    // A band given one end covers that category; an unknown one is one error, at that end,
    // in the order written and sorted alike.
    for (sort, band, column) in [
        ("", "{ from: 2017, label: X }", 13),
        ("", "{ to: 2017, label: X }", 11),
        ("sort: descending\n", "{ from: 2017, label: X }", 13),
        ("sort: ascending\n", "{ to: 2017, label: X }", 11),
    ] {
        refused_once_at(
            "fig-line.yaml",
            &format!(
                "title: T\ntype: bar\ncategories: [2018, 2019, 2020]\nseries:\n  - {{ label: A, values: [1, 2, 3] }}\n{sort}reference:\n  - {band}\n"
            ),
            "chart-reference",
            (if sort.is_empty() { 7 } else { 8 }, column),
            "did you mean",
        );
    }
}

#[test]
fn annotations_are_drawn_at_their_point_and_described() {
    let (dir, html) = chart_options();
    let svg = wide_svg(&html, "fig-annotated");
    let shown = texts(svg);
    assert!(
        shown.contains(&"Record high".to_string()) && shown.contains(&"Series break".to_string())
    );
    for desc in [
        "A note at 2021 on GDP (8.4%): Record high.",
        "A note at 2020 on Investment (2.9%): Series break.",
    ] {
        assert!(svg.contains(desc), "{desc}");
    }
    assert!(
        wide_svg(&html, "fig-annotated-bars")
            .contains("A note at South on Firms (26): New census.")
    );
    let json: serde_json::Value =
        serde_json::from_str(&read(dir.path(), "site/demo/2024/data/fig-annotated.json"))
            .expect("json");
    assert_eq!(json["annotations"][0]["x"], "2021");
    assert_eq!(json["annotations"][0]["series"], "GDP");
    assert_eq!(json["annotations"][0]["text"], "Record high");
}

#[test]
fn wrong_annotations_are_refused_where_they_are_written() {
    let line = |note: &str| {
        format!(
            "title: T\ntype: line\ncategories: [2019, 2020, 2021]\nseries:\n  - {{ label: GDP, values: [1, 2, 3] }}\n  - {{ label: Jobs, values: [3, 2, 1] }}\nannotations:\n  - {note}\n"
        )
    };
    refused_at(
        "fig-line.yaml",
        &line("{ x: 2022, series: GDP, text: Record }"),
        "chart-annotation",
        (8, 10),
        "did you mean `2020`?",
    );
    refused_at(
        "fig-line.yaml",
        &line("{ x: 2021, series: GPD, text: Record }"),
        "chart-annotation",
        (8, 24),
        "did you mean `GDP`?",
    );
    refused_at(
        "fig-line.yaml",
        &line("{ x: 2021, text: Record }"),
        "chart-annotation",
        (8, 5),
        "add series: with one of: GDP, Jobs",
    );
    refused_at(
        "fig-line.yaml",
        &line("{ x: 2021, series: GDP }"),
        "chart-annotation",
        (8, 5),
        "add text:",
    );
    refused_at(
        "fig-line.yaml",
        &line(
            "{ x: 2021, series: GDP, text: The highest value of the whole series since records began }",
        ),
        "chart-annotation",
        (8, 35),
        "a few words",
    );
    refused_at(
        "fig-pie.yaml",
        "title: T\ntype: donut\ncategories: [a, b]\nseries:\n  - { label: s, values: [1, 2] }\nannotations:\n  - { x: a, text: T }\n",
        "chart-annotation",
        (6, 1),
        "remove `annotations`",
    );
}

#[test]
fn a_value_of_the_wrong_kind_says_what_was_found() {
    let chart = |key: &str, entry: &str| {
        format!(
            "title: T\ntype: line\ncategories: [2018, 2019, 2020]\nseries:\n  - {{ label: A, values: [1, 2, 3] }}\n{key}:\n  - {entry}\n"
        )
    };
    for (key, entry, code, column, message) in [
        (
            "annotations",
            "{ x: [2018], text: hi }",
            "chart-annotation",
            10,
            "`x` must be a category, found a list",
        ),
        (
            "annotations",
            "{ x: { year: 2018 }, text: hi }",
            "chart-annotation",
            10,
            "`x` must be a category, found a mapping",
        ),
        (
            "reference",
            "{ from: [2018], label: P }",
            "chart-reference",
            13,
            "`from` must be a category, found a list",
        ),
        (
            "reference",
            "{ y: [3], label: P }",
            "chart-reference",
            10,
            "`y` must be a number, found a list",
        ),
    ] {
        let d = refused_once_at("fig-line.yaml", &chart(key, entry), code, (7, column), "");
        assert_eq!(d["message"], message, "{d:#?}");
    }
}

#[test]
fn numbers_too_long_for_an_axis_ask_for_a_larger_unit_where_they_are_written() {
    let chart = |values: &str, extra: &str| {
        format!(
            "title: T\ntype: line\ncategories: [2018, 2019, 2020]\nseries:\n  - {{ label: A, values: {values} }}\n{extra}"
        )
    };
    for (yaml, place) in [
        // A reference line far past the data, at the reference.
        (
            chart("[1, 2, 3]", "reference:\n  - { y: 1e40, label: X }\n"),
            (7, 10),
        ),
        (
            chart("[1, 2, 3]", "reference:\n  - { y: 1e308, label: X }\n"),
            (7, 10),
        ),
        // Values of hundreds of digits, at the one farthest from zero.
        (chart("[1e300, -3e300, 2e300]", ""), (5, 33)),
        // Trillions written out.
        (chart("[1.5e12, 2e12, 3e12]", ""), (5, 40)),
    ] {
        let d = refused_once_at(
            "fig-line.yaml",
            &yaml,
            "chart-data",
            place,
            "give the values in a larger unit",
        );
        assert!(
            d["message"].as_str().is_some_and(|m| m.len() < 300),
            "{d:#?}"
        );
    }
    // Billions written out still draw.
    let dir = fixture("figures");
    write(
        dir.path(),
        "content/demo/2024/data/fig-line.yaml",
        &chart("[1.5e9, -2e9, 3e9]", ""),
    );
    let out = almanac(dir.path(), &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn small_multiples_draw_one_titled_chart_per_series_and_say_so() {
    let (_dir, html) = chart_options();
    let svg = wide_svg(&html, "fig-multiples");
    let shown = texts(svg);
    for region in ["North", "South", "East", "West"] {
        assert_eq!(
            shown.iter().filter(|t| *t == region).count(),
            1,
            "{region} titles its panel: {shown:?}"
        );
    }
    // One scale: each of the four panels' axes reaches the largest value of all (8.8%).
    assert_eq!(shown.iter().filter(|t| *t == "10%").count(), 4, "{shown:?}");
    assert_eq!(shown.iter().filter(|t| *t == "Target").count(), 4);
    assert!(shown.contains(&"Floods".to_string()));
    assert!(svg.contains("Drawn as small multiples, one chart per series, on the same scale."));
    // Two panels across, two down: the canvas is as tall as its rows.
    assert!(svg.contains("viewBox=\"0 0 760 480\""), "{}", &svg[..200]);
}

#[test]
fn small_multiples_are_refused_where_they_cannot_be_drawn() {
    refused_at(
        "fig-pie.yaml",
        "title: T\ntype: pie\nsmall_multiples: true\ncategories: [a, b]\nseries:\n  - { label: s, values: [1, 2] }\n",
        "chart-data",
        (3, 1),
        "remove `small_multiples`",
    );
    refused_at(
        "fig-line.yaml",
        "title: T\ntype: line\nsmall_multiples: true\ncategories: [a, b]\nseries:\n  - { label: s, values: [1, 2] }\n",
        "chart-data",
        (3, 1),
        "add series",
    );
    refused_at(
        "fig-bar.yaml",
        "title: T\ntype: bar\norientation: horizontal\nsmall_multiples: true\ncategories: [a, b]\nseries:\n  - { label: s, values: [1, 2] }\n  - { label: t, values: [1, 2] }\n",
        "chart-data",
        (4, 1),
        "orientation: horizontal",
    );
}
