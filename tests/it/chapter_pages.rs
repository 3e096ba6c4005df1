//! `pages: chapters`: an edition as a contents page, a page per chapter and the whole edition
//! on one page, with every reference, citation, footnote, download and link of the narrative
//! landing where it did on one page; numbering per edition; a slug that would take another
//! folder refused. On the synthetic `chapters` fixture.

use crate::common::*;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// Builds the fixture (no PDF) and returns its site's files by path.
fn built(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let out = almanac(root, &["build", "--no-pdf"]);
    assert!(out.status.success(), "build failed:\n{}", stderr(&out));
    tree(&root.join("site")).into_iter().collect()
}

fn page(site: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        site.get(path)
            .unwrap_or_else(|| panic!("no {path}"))
            .clone(),
    )
    .expect("UTF-8")
}

/// The values of the attribute `name` on a page, decoded.
fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let open = format!(" {name}=\"");
    html.split(&open)
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(decode_entities)
        .collect()
}

/// `path` joined onto the folder of the page `from`, `..` resolved.
fn join(from: &str, path: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for p in path.split('/') {
        match p {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    if path.ends_with('/') || joined.is_empty() {
        format!("{joined}/index.html")
            .trim_start_matches('/')
            .to_string()
    } else {
        joined
    }
}

#[test]
fn every_link_of_every_page_lands_on_a_file_and_an_id() {
    let dir = fixture("chapters");
    let site = built(dir.path());
    let ids: BTreeMap<&str, HashSet<String>> = site
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| {
            let html = String::from_utf8_lossy(b);
            (
                p.as_str(),
                attribute_values(&html, "id").into_iter().collect(),
            )
        })
        .collect();
    let mut checked = 0;
    for (path, bytes) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for url in attribute_values(&html, "href")
            .into_iter()
            .chain(attribute_values(&html, "src"))
        {
            if url.contains("://") || url.starts_with("mailto:") {
                continue;
            }
            let (file, fragment) = match url.split_once('#') {
                Some((f, frag)) => (f, Some(frag)),
                None => (url.as_str(), None),
            };
            let target = if file.is_empty() {
                path.clone()
            } else {
                join(path, file)
            };
            assert!(
                site.contains_key(&target),
                "{path}: `{url}` leads to {target}, which the build did not write"
            );
            if let Some(fragment) = fragment {
                assert!(
                    ids[target.as_str()].contains(fragment),
                    "{path}: `{url}`: {target} has no id `{fragment}`"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 200, "only {checked} links checked");
}

#[test]
fn an_edition_splits_into_contents_chapters_and_one_page() {
    let dir = fixture("chapters");
    let site = built(dir.path());
    for path in [
        "delta/2023/index.html",
        "delta/2023/one-page.html",
        "delta/2023/overview/index.html",
        "delta/2023/trade/index.html",
        "delta/2023/outlook/index.html",
        "delta/2023/fr/index.html",
        "delta/2023/fr/overview/index.html",
        // The 2024 edition says `pages: single` over the site's `chapters`.
        "delta/2024/index.html",
    ] {
        assert!(site.contains_key(path), "{path} missing");
    }
    assert!(!site.contains_key("delta/2024/one-page.html"));
    assert!(!site.contains_key("delta/2024/summary/index.html"));
    assert!(page(&site, "delta/2024/index.html").contains("A short edition on one page."));

    let overview = page(&site, "delta/2023/overview/index.html");
    let trade = page(&site, "delta/2023/trade/index.html");
    let outlook = page(&site, "delta/2023/outlook/index.html");
    let contents = page(&site, "delta/2023/index.html");
    let one_page = page(&site, "delta/2023/one-page.html");

    // Each chapter's text on its page alone; the one-page view has them all.
    assert!(overview.contains("points ahead to") && !overview.contains("Back to <a"));
    assert!(trade.contains("Back to <a") && !trade.contains("points ahead to"));
    for text in ["points ahead to", "Back to <a", "As <a"] {
        assert!(one_page.contains(text), "one-page view lacks {text}");
    }
    assert!(!contents.contains("points ahead to"));

    // References lead to the page the box and the figure are embedded on, numbered as on
    // one page; the same chapter's own ids stay on the page.
    assert!(overview.contains(r#"<a class="xref" href="../trade/index.html#box-trade">Box 1</a>"#));
    assert!(
        overview.contains(r#"<a class="xref" href="../outlook/index.html#fig-trade">Figure 1</a>"#)
    );
    assert!(outlook.contains(r##"<a class="xref" href="#fig-trade">Figure 1</a>"##));
    assert!(outlook.contains(r#"<a class="xref" href="../trade/index.html#box-trade">Box 1</a>"#));
    assert!(one_page.contains(r##"<a class="xref" href="#box-trade">Box 1</a>"##));
    // The author's anchors: a heading on another chapter's page, a chapter's own page.
    assert!(overview.contains(r#"href="../trade/index.html#exports""#));
    assert!(trade.contains(r#"href="../overview/index.html""#));
    // Footnotes on their chapter's page, numbered through the edition.
    assert!(overview.contains("A note on the overview page."));
    assert!(!overview.contains("A note on the trade page"));
    assert!(trade.contains("A note on the trade page"));
    // Citations lead to the reference list on the contents page, and back.
    assert!(overview.contains(r#"href="../index.html#bib-roe-growth""#));
    assert!(contents.contains(r#"href="overview/index.html#cite-1""#));
    assert!(contents.contains(r#"href="trade/index.html#cite-2""#));
    // Addresses written for the edition's folder, one folder up on a chapter's page.
    assert!(overview.contains(r#"href="../data/box-trade.csv""#));
    assert!(overview.contains(r#"href="../../2024/index.html""#));
    assert!(
        trade.contains(r#"href="../data&#x2F;box-trade.csv""#)
            || trade.contains(r#"href="../data/box-trade.csv""#)
    );

    // The contents page lists every chapter, box and figure at its page.
    assert!(contents.contains(r#"<a href="trade/index.html#box-trade">Box 1."#));
    assert!(contents.contains(r#"<a href="outlook/index.html#fig-trade">Figure 1."#));
    assert!(contents.contains(r#"<a href="overview/index.html">Overview</a>"#));
    assert!(contents.contains(r#"href="trade/index.html#exports""#));
    assert!(contents.contains(r#"href="one-page.html""#));
    assert!(one_page.contains(r#"<a href="index.html">Chapter by chapter</a>"#));

    // The way around: breadcrumbs, the chapters with the current one marked, previous/next.
    assert!(trade.contains(r#"<a href="../index.html">Delta report 2023</a>"#));
    assert!(trade.contains(
        r#"<a href="../trade/index.html" aria-current="page">Trade &amp; “markets”</a>"#
    ));
    assert!(trade.contains(r#"<link rel="prev" href="../overview/index.html">"#));
    assert!(trade.contains(r#"<link rel="next" href="../outlook/index.html">"#));
    assert!(overview.contains(r#"<a rel="prev" href="../index.html">"#));
    assert!(!outlook.contains(r#"rel="next""#));
    assert!(trade.contains(
        "<title>Trade &amp; “markets” · Delta report 2023 · Chapter pages fixture</title>"
    ));
    // Every page of the edition is one folder further from the site's top.
    assert!(trade.contains(r#"href="../../../assets/almanac.css""#));

    // A translation's chapter pages: the language switcher leads to the same chapter.
    let fr = page(&site, "delta/2023/fr/overview/index.html");
    assert!(fr.contains(r#"href="../../../../delta/2023/overview/index.html" lang="en""#));
    assert!(
        overview.contains(
            r#"hreflang="fr" href="https://reports.example.org/delta/2023/fr/overview/""#
        )
    );

    // The sitemap names each chapter's page.
    let sitemap = page(&site, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://reports.example.org/delta/2023/trade/</loc>"));
    assert!(!sitemap.contains("one-page.html"));
}

#[test]
fn the_same_bytes_every_build_and_after_a_layout_change() {
    let dir = fixture("chapters");
    let root = dir.path();
    let first = built(root);
    let again = built(root);
    assert_eq!(first, again);

    // From one page to chapters: a rebuild over the previous site gives what a build from
    // nothing gives, never the previous layout's pages.
    write(
        root,
        "content/delta/2024/edition.yaml",
        "title: Delta report 2024\ndate: 2024-05-01\npages: chapters\n",
    );
    let rebuilt = built(root);
    assert!(rebuilt.contains_key("delta/2024/summary/index.html"));
    std::fs::remove_dir_all(root.join(".almanac-cache")).expect("remove cache");
    std::fs::remove_dir_all(root.join("site")).expect("remove site");
    assert_eq!(rebuilt, built(root));
}

#[test]
fn a_chapter_cannot_take_a_folder_the_edition_uses() {
    let dir = fixture("chapters");
    let root = dir.path();
    // `data/` holds the downloads, none an index.html: a chapter `data` shares it.
    write(
        root,
        "content/delta/2023/04-data.md",
        "---\ntitle: Data\n---\nText.\n",
    );
    let site = built(root);
    assert!(page(&site, "delta/2023/data/index.html").contains("<h2 id=\"data-title\">Data</h2>"));
    assert!(site.contains_key("delta/2023/data/box-trade.csv"));
    // A translation's folder is taken.
    write(
        root,
        "content/delta/2023/05-fr.md",
        "---\ntitle: French\n---\nText.\n",
    );
    let out = almanac(root, &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let diags: Vec<Value> = serde_json::from_slice(&out.stdout).expect("JSON");
    let taken: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "chapter-page-taken")
        .collect();
    assert_eq!(taken.len(), 1, "{diags:#?}");
    // The edition is laid out on one page instead: its pages collide with nothing else.
    assert!(
        !diags.iter().any(|d| d["code"] == "output-collision"),
        "{diags:#?}"
    );
    let d = taken[0];
    assert_eq!(d["file"], "content/delta/2023/05-fr.md");
    assert_eq!(d["line"], 1);
    assert_eq!(d["column"], 1);
    assert!(d["help"].as_str().unwrap_or("").contains("pages: single"));
    // On one page, the same slug is an anchor like any other.
    write(
        root,
        "content/delta/2023/edition.yaml",
        "title: Delta report 2023\ndate: 2023-05-01\ntranslations: [fr]\npages: single\n",
    );
    let out = almanac(root, &["check", "--format", "json"]);
    let diags: Vec<Value> = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(!diags.iter().any(|d| d["code"] == "chapter-page-taken"));
}

#[test]
fn a_wrong_layout_name_is_refused_where_it_is_written() {
    let dir = fixture("chapters");
    let root = dir.path();
    write(
        root,
        "content/delta/report.yaml",
        "name: Delta\ntitle: Delta country report (synthetic)\npages: chapter\n",
    );
    let out = almanac(root, &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let diags: Vec<Value> = serde_json::from_slice(&out.stdout).expect("JSON");
    let d = diags
        .iter()
        .find(|d| d["file"] == "content/delta/report.yaml")
        .unwrap_or_else(|| panic!("{diags:#?}"));
    assert_eq!(d["line"], 3);
    assert_eq!(d["column"], 8);
    assert!(
        d["message"].as_str().unwrap_or("").contains("chapters"),
        "{d}"
    );
}

#[test]
fn links_to_the_editions_page_with_an_id_and_taken_ids() {
    let dir = fixture("chapters");
    let root = dir.path();
    write(
        root,
        "content/delta/2023/04-main.md",
        "---\ntitle: Main\n---\n## Again {#exports}\n\n[a](index.html#exports) [b](./#exports) [c](  #overview  )\n",
    );
    let site = built(root);
    let main = page(&site, "delta/2023/main/index.html");
    // The chapter's anchor `main` is almanac's: it gets `main-2`; the heading's `exports` is
    // the trade chapter's: it gets `exports-2`. Links to what was written still lead there.
    assert!(main.contains(r#"<section class="chapter" id="main-2""#));
    assert!(main.contains(r#"<h3 id="exports-2">"#));
    assert!(
        main.contains(r#"<a href="../trade/index.html#exports">a</a>"#),
        "{main}"
    );
    assert!(main.contains(r#"<a href="../trade/index.html#exports">b</a>"#));
    assert!(main.contains(r#"<a href="../overview/index.html">c</a>"#));
    let one_page = page(&site, "delta/2023/one-page.html");
    assert!(one_page.contains(r##"<a href="#exports">a</a>"##));

    let out = almanac(root, &["check", "--format", "json"]);
    let diags: Vec<Value> = serde_json::from_slice(&out.stdout).expect("JSON");
    let taken: Vec<(String, u64, u64)> = diags
        .iter()
        .filter(|d| d["code"] == "id-taken")
        .map(|d| {
            (
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let file = "content/delta/2023/04-main.md".to_string();
    assert_eq!(
        taken,
        vec![(file.clone(), 1, 1), (file, 4, 11)],
        "{diags:#?}"
    );
}
