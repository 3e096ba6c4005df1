//! Search: the index a build makes of every edition's text (each chapter's page with a page
//! per chapter), the search page and its list of editions for a reader without JavaScript,
//! the link to it on every page, the same bytes from two builds; none of it without
//! `search: true`.

use crate::common::*;
use serde_json::Value;
use std::path::Path;

fn build(root: &Path) {
    let out = almanac(root, &["build", "--no-pdf"]);
    assert!(out.status.success(), "build failed:\n{}", stderr(&out));
}

/// Pagefind's entry file: its languages, each with the number of pages indexed.
fn entry(root: &Path) -> Value {
    serde_json::from_str(&read(root, "site/pagefind/pagefind-entry.json")).expect("entry JSON")
}

#[test]
fn every_edition_and_chapter_page_is_indexed_and_the_search_page_lists_them() {
    let dir = fixture("chapters");
    let root = dir.path();
    build(root);
    // 2023 a page per chapter, in English and French (3 + 3), 2024 one page: 7, under the
    // site's language. Never a contents page or a one-page view.
    let entry = entry(root);
    assert_eq!(entry["languages"]["en"]["page_count"], 7, "{entry}");
    for file in ["pagefind.js", "pagefind-ui.js", "pagefind-ui.css"] {
        assert!(root.join("site/pagefind").join(file).is_file(), "{file}");
    }
    // The report and the edition are filters; a chapter's page is titled by its chapter.
    let trade = read(root, "site/delta/2023/trade/index.html");
    assert!(trade.contains(r#"data-pagefind-filter="report:Delta""#));
    assert!(trade.contains(r#"data-pagefind-body data-pagefind-filter="edition:2023""#));
    assert!(
        trade.contains(r#"data-pagefind-meta="title:Trade &amp; “markets” · Delta report 2023""#)
    );
    assert!(!read(root, "site/delta/2023/index.html").contains("data-pagefind-body"));
    assert!(!read(root, "site/delta/2023/one-page.html").contains("data-pagefind-body"));

    let search = read(root, "site/search/index.html");
    assert!(search.contains(r#"<script src="../pagefind/pagefind-ui.js" defer></script>"#));
    assert!(search.contains(r#"<script src="../assets/search.js" defer></script>"#));
    // Without JavaScript, every report and edition is a link away.
    assert!(search.contains(r#"<a href="../delta/index.html">Delta</a>: <a href="../delta/2024/index.html">2024</a>, <a href="../delta/2023/index.html">2023</a>"#), "{search}");
    assert!(root.join("site/assets/search.js").is_file());
    // Every page leads to it, from where it is.
    assert!(trade.contains(r#"<a href="../../../search/index.html">Search</a>"#));
    assert!(read(root, "site/index.html").contains(r#"<a href="search/index.html">Search</a>"#));
}

#[test]
fn two_builds_make_the_same_index_and_a_rebuild_reuses_it() {
    let a = fixture("chapters");
    let b = fixture("chapters");
    build(a.path());
    build(b.path());
    let index = |root: &Path| tree(&root.join("site/pagefind"));
    assert_eq!(index(a.path()), index(b.path()));
    // Nothing changed: the index is the cache's, the same bytes.
    build(a.path());
    assert_eq!(index(a.path()), index(b.path()));
    // A chapter changed: the index is made again, and differs.
    let chapter = "content/delta/2023/03-outlook.md";
    let text = read(a.path(), chapter);
    write(
        a.path(),
        chapter,
        &format!("{text}\nA new paragraph on shipbuilding.\n"),
    );
    build(a.path());
    assert_ne!(index(a.path()), index(b.path()));
}

#[test]
fn without_search_true_there_is_no_index_page_or_link() {
    let dir = fixture("chapters");
    let root = dir.path();
    let site = read(root, "content/site.yaml").replace("search: true\n", "");
    assert!(!site.contains("search"));
    write(root, "content/site.yaml", &site);
    build(root);
    assert!(!root.join("site/pagefind").exists());
    assert!(!root.join("site/search").exists());
    let trade = read(root, "site/delta/2023/trade/index.html");
    assert!(!trade.contains("search/index.html"));
    assert!(!trade.contains("data-pagefind"));
}
