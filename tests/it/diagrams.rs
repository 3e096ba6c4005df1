//! Diagrams: a tree and a flow written in YAML come out as numbered figures drawn to SVG (for
//! the column and for a phone), with a text version, CSV and JSON downloads, every author word
//! escaped where it lands, the same bytes on every build, and vector text in the PDF. The
//! organisations are synthetic.

use crate::common::*;
use serde_json::Value;
use std::path::Path;

const TREE: &str = "\
title: Who runs the programme (synthetic)
type: diagram
layout: tree
nodes:
  - { id: ministry, label: 'Ministry <b>of</b> Industry & \"Trade\"', group: Government }
  - { id: office, label: Programme office, group: Government, note: 12 staff }
  - { id: council, label: Advisory council, group: Advisers }
  - { id: formula, label: '=SUM(A1)', group: Advisers }
edges:
  - { from: ministry, to: office, label: directs }
  - { from: ministry, to: council, label: hears, style: dashed }
  - { from: office, to: formula }
source: Synthetic.
";

const FLOW: &str = "\
title: How a filing is reviewed (synthetic)
type: diagram
layout: flow
direction: down
nodes:
  - { id: filing, label: Filing }
  - { id: check, label: Completeness check }
  - { id: decision, label: Decision }
  - { id: revised, label: Revised filing }
edges:
  - { from: filing, to: check }
  - { from: check, to: decision, label: complete }
  - { from: check, to: revised, label: incomplete }
  - { from: revised, to: check }
";

fn project() -> tempfile::TempDir {
    let dir = fixture("basic");
    let root = dir.path();
    write(root, "content/alpha/2023/data/fig-org.yaml", TREE);
    write(root, "content/alpha/2023/data/fig-review.yaml", FLOW);
    write(
        root,
        "content/alpha/2023/04-structure.md",
        "---\ntitle: Structure\n---\nThe office answers to the ministry (@fig-org); filings follow @fig-review.\n\n{{< figure fig-org >}}\n\n{{< figure fig-review >}}\n",
    );
    dir
}

fn build(root: &Path, pdf: bool) {
    let args: &[&str] = if pdf {
        &["build"]
    } else {
        &["build", "--no-pdf"]
    };
    let out = almanac(root, args);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
}

/// The HTML of one figure of the page.
fn figure<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("<figure class=\"figure\" id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no figure {id}"));
    let end = page[start..].find("</figure>").expect("figure end") + start;
    &page[start..end]
}

#[test]
fn a_tree_and_a_flow_are_drawn_with_a_text_version_and_downloads() {
    let dir = project();
    let root = dir.path();
    build(root, false);
    let page = read(root, "site/alpha/2023/index.html");
    assert!(
        page.contains("(<a class=\"xref\" href=\"#fig-org\">Figure 2</a>)"),
        "references number the diagrams"
    );

    let org = figure(&page, "fig-org");
    assert!(org.contains(
        "<span class=\"figure-number\">Figure 2.</span> Who runs the programme (synthetic)"
    ));
    // Drawn twice (column and phone), each an image with its title and description.
    assert_eq!(
        org.matches("<svg class=\"chart diagram\"").count(),
        2,
        "{org}"
    );
    assert!(org.contains("role=\"img\" aria-labelledby=\"fig-org-svg-title fig-org-svg-desc\""));
    assert!(org.contains("<desc id=\"fig-org-svg-desc\">Tree diagram of 4 boxes in 3 levels, with Ministry &lt;b&gt;of&lt;/b&gt; Industry &amp; &quot;Trade&quot; at the top.</desc>"), "{org}");
    // A tree's connectors have no arrowheads; the dashed link is dashed; groups are in a legend.
    assert!(!org.contains("marker-end"));
    assert!(org.contains("stroke-dasharray"));
    assert!(org.contains(">Government</text>") && org.contains(">Advisers</text>"));
    // Markup in a label is text, in the drawing and in the text version.
    assert!(!org.contains("<b>of</b>"), "{org}");
    assert!(org.contains(">Ministry &lt;b&gt;of&lt;/b&gt; Industry &amp;"));
    // The text version: a nested list, with the links' labels, groups and notes.
    assert!(org.contains("<summary>Figure 2 as text</summary>"));
    let text = &org[org
        .find("<ul class=\"diagram-text\">")
        .expect("the tree as a list")..];
    assert!(
        text.starts_with(
            "<ul class=\"diagram-text\">\n\
             <li><bdi>Ministry &lt;b&gt;of&lt;/b&gt; Industry &amp; &quot;Trade&quot;</bdi> (group: <bdi>Government</bdi>)\n<ul>\n\
             <li>“<bdi>directs</bdi>”: <bdi>Programme office</bdi> (group: <bdi>Government</bdi>) — <bdi>12 staff</bdi>\n<ul>\n\
             <li><bdi>=SUM(A1)</bdi> (group: <bdi>Advisers</bdi>)</li>\n</ul></li>\n\
             <li>“<bdi>hears</bdi>”, dashed: <bdi>Advisory council</bdi> (group: <bdi>Advisers</bdi>)</li>\n</ul></li>\n</ul>"
        ),
        "{text}"
    );

    let review = figure(&page, "fig-review");
    assert!(review.contains("marker-end=\"url(#fig-review-arrow)\""));
    assert!(
        review.contains("<marker id=\"fig-review-narrow-arrow\""),
        "the phone's drawing has its own arrowhead"
    );
    assert!(review.contains("Flow diagram of 4 steps and 4 links, from Filing to Decision."));
    let steps = &review[review
        .find("<ol class=\"diagram-text\">")
        .expect("the flow as steps")..];
    assert!(
        steps.starts_with(
            "<ol class=\"diagram-text\">\n\
             <li><bdi>Filing</bdi>. Leads to step 2, <bdi>Completeness check</bdi></li>\n\
             <li><bdi>Completeness check</bdi>. Leads to step 3, <bdi>Decision</bdi>, “<bdi>complete</bdi>”; step 4, <bdi>Revised filing</bdi>, “<bdi>incomplete</bdi>”</li>\n\
             <li><bdi>Decision</bdi></li>\n\
             <li><bdi>Revised filing</bdi>. Leads to step 2, <bdi>Completeness check</bdi></li>\n</ol>"
        ),
        "{steps}"
    );

    // Downloads: one CSV of boxes then links, formula-safe; the JSON of the same.
    let csv = read(root, "site/alpha/2023/data/fig-org.csv");
    assert_eq!(
        csv,
        "kind,id,label,group,note,from,to,style\r\n\
         node,ministry,\"Ministry <b>of</b> Industry & \"\"Trade\"\"\",Government,,,,\r\n\
         node,office,Programme office,Government,12 staff,,,\r\n\
         node,council,Advisory council,Advisers,,,,\r\n\
         node,formula,'=SUM(A1),Advisers,,,,\r\n\
         edge,,directs,,,ministry,office,solid\r\n\
         edge,,hears,,,ministry,council,dashed\r\n\
         edge,,,,,office,formula,solid\r\n"
    );
    let json: Value =
        serde_json::from_str(&read(root, "site/alpha/2023/data/fig-review.json")).expect("JSON");
    assert_eq!(json["type"], "diagram");
    assert_eq!(json["number"], 3);
    assert_eq!(json["layout"], "flow");
    assert_eq!(json["direction"], "down");
    assert_eq!(json["nodes"].as_array().map(Vec::len), Some(4));
    assert_eq!(json["edges"][1]["label"], "complete");
    assert_eq!(json["edges"][3]["from"], "revised");
    assert!(
        org.contains("href=\"data/fig-org.csv\"")
            && review.contains("href=\"data/fig-review.json\"")
    );

    // The same bytes on a second build.
    let first = tree(&root.join("site"));
    build(root, false);
    assert_eq!(first, tree(&root.join("site")));
}

#[test]
fn a_phone_gets_an_indented_tree_and_a_narrow_flow() {
    let dir = project();
    let root = dir.path();
    build(root, false);
    let page = read(root, "site/alpha/2023/index.html");
    let org = figure(&page, "fig-org");
    let narrow = &org[org
        .find("<div class=\"chart-narrow\">")
        .expect("phone drawing")..];
    assert!(narrow.contains("viewBox=\"0 0 360 "), "{narrow}");
    let review = figure(&page, "fig-review");
    let narrow = &review[review
        .find("<div class=\"chart-narrow\">")
        .expect("phone drawing")..];
    assert!(
        narrow.contains("viewBox=\"0 0 360 "),
        "a small flow fits a phone: {narrow}"
    );
}

#[cfg(feature = "pdf")]
#[test]
fn the_pdf_draws_a_diagram_as_vectors_with_its_words() {
    let dir = project();
    let root = dir.path();
    build(root, true);
    let bytes = std::fs::read(root.join("site/alpha/2023/alpha-2023.pdf")).expect("the PDF");
    let text = pdf_extract::extract_text_from_mem(&bytes).expect("text");
    // A drawing's glyphs are placed one by one, so its words are compared without spaces.
    let text: String = text.split_whitespace().collect();
    for words in [
        "Figure 2.",
        "Who runs the programme",
        "Programme office",
        "12 staff",
        "Completeness check",
        "incomplete",
    ] {
        let words: String = words.split_whitespace().collect();
        assert!(text.contains(&words), "the PDF lacks {words:?}: {text}");
    }
    let doc = lopdf::Document::load_mem(&bytes).expect("PDF");
    let images = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict
                .get(b"Subtype")
                .and_then(|n| n.as_name())
                .is_ok_and(|n| n == b"Image")
        })
        .count();
    assert_eq!(images, 0, "a diagram became a raster image");
}

#[test]
fn numbers_and_line_breaks_read_as_written() {
    let dir = fixture("basic");
    let root = dir.path();
    write(
        root,
        "content/alpha/2023/data/fig-n.yaml",
        "title: Numbers (synthetic)\ntype: diagram\nlayout: flow\nnodes:\n  - { id: 0x10, label: 2.50 }\n  - id: b\n    label: \"Ministry\\tof\\nIndustry\"\nedges:\n  - { from: 0x10, to: b, label: 1.10 }\n",
    );
    write(
        root,
        "content/alpha/2023/04-n.md",
        "---\ntitle: N\n---\n{{< figure fig-n >}}\n",
    );
    build(root, false);
    let page = read(root, "site/alpha/2023/index.html");
    let fig = figure(&page, "fig-n");
    assert!(
        fig.contains(">2.50</text>") && fig.contains(">1.10</text>"),
        "{fig}"
    );
    assert!(
        fig.contains(">Ministry of Industry</text>"),
        "a line break is a space: {fig}"
    );
    let csv = read(root, "site/alpha/2023/data/fig-n.csv");
    assert!(
        csv.contains("node,0x10,2.50,") && csv.contains("edge,,1.10,,,0x10,b,solid"),
        "{csv}"
    );
}

#[test]
fn a_diagram_too_wide_to_read_is_a_warning_at_its_layout() {
    let dir = fixture("basic");
    let root = dir.path();
    // Ten processes of ten steps side by side: too wide across, and too wide turned.
    let mut yaml = String::from("title: Wide (synthetic)\ntype: diagram\nlayout: flow\nnodes:\n");
    let mut edges = String::from("edges:\n");
    for c in 0..10 {
        for step in 0..10 {
            yaml.push_str(&format!(
                "  - {{ id: c{c}s{step}, label: Step {step} of process {c} }}\n"
            ));
            if step > 0 {
                edges.push_str(&format!(
                    "  - {{ from: c{c}s{}, to: c{c}s{step} }}\n",
                    step - 1
                ));
            }
        }
    }
    write(
        root,
        "content/alpha/2023/data/fig-wide.yaml",
        &(yaml + &edges),
    );
    write(
        root,
        "content/alpha/2023/04-w.md",
        "---\ntitle: W\n---\n{{< figure fig-wide >}}\n",
    );
    let out = almanac(root, &["check", "--format", "json"]);
    let diags: Vec<Value> = serde_json::from_slice(&out.stdout).expect("JSON");
    let w = diags
        .iter()
        .find(|d| d["code"] == "diagram-too-wide")
        .unwrap_or_else(|| panic!("no warning: {diags:#?}"));
    assert_eq!(w["severity"], "warning");
    assert_eq!(w["file"], "content/alpha/2023/data/fig-wide.yaml");
    assert_eq!(w["line"], 3);
    assert_eq!(out.status.code(), Some(0), "a warning, not an error");
}
