//! References and citations: `@box-…`/`@fig-…` in the text fields of boxes and figures, and
//! citations of a report's bibliography (Hayagriva YAML and BibLaTeX) formatted in the site's
//! CSL style, linked to the edition's reference list and back, in the page and the PDF, with
//! the bibliography's downloads, "how to cite" and `CITATION.cff`; and each mistake reported
//! at its file, line and column. The works are synthetic.

use crate::common::*;
use serde_json::Value;
use std::path::Path;

const YAML: &str = "\
# Synthetic works.
doe-clusters:
  type: article
  title: Innovation clusters and their policies
  author: [\"Doe, Jane\", \"Roe, Richard\"]
  date: 2021
  page-range: 45-67
  parent:
    type: periodical
    title: Journal of Industrial Policy
    volume: 12

oecd-outlook:
  type: report
  title: Science <Outlook> & \"Policy\"
  author: OECD
  date: 2023
  url: https://example.org/outlook?a=1&b=2
";

const BIB: &str = "\
@book{smith-policy,
  author    = {Smith, Ann},
  title     = {Industrial Policy in Practice},
  publisher = {Example Press},
  year      = {2019},
}
";

/// The basic fixture with a bibliography, a chapter citing it and a box citing it.
fn project(style: Option<&str>) -> tempfile::TempDir {
    let dir = fixture("basic");
    let root = dir.path();
    write(root, "content/alpha/references.yaml", YAML);
    write(root, "content/alpha/references.bib", BIB);
    if let Some(style) = style {
        let site = read(root, "content/site.yaml");
        write(
            root,
            "content/site.yaml",
            &format!("{site}citation_style: {style}\n"),
        );
    }
    // The box is embedded in 02-findings, before this chapter: its citation comes first.
    write(
        root,
        "content/alpha/2023/04-sources.md",
        "---\ntitle: Sources\n---\nAs @smith-policy argues [@doe-clusters, p. 50; see @oecd-outlook], clusters matter [-@doe-clusters].\n\nNot a citation: `[@doe-clusters]`, a\\@b and mail@example.org.\n",
    );
    let box_file = read(root, "content/alpha/2023/data/box-sample.yaml");
    write(
        root,
        "content/alpha/2023/data/box-sample.yaml",
        &format!(
            "{box_file}notes: >-\n  Drawn in @fig-sample.\nsource: \"[@oecd-outlook, p. 3]\"\n"
        ),
    );
    dir
}

fn build(root: &Path) {
    let out = almanac(root, &["build"]);
    assert!(out.status.success(), "build failed:\n{}", stderr(&out));
}

/// Each citation's id and words, in page order.
fn citations(page: &str) -> Vec<(String, String)> {
    page.split("<span class=\"citation\" id=\"")
        .skip(1)
        .map(|rest| {
            let id = rest[..rest.find('"').expect("id end")].to_string();
            let inner = &rest[rest.find('>').expect("tag") + 1..];
            let inner = &inner[..inner.find("</span>").expect("span end")];
            (id, words(inner))
        })
        .collect()
}

/// Text without its tags, with the entities a test meets decoded.
fn words(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode_entities(&out)
}

/// The reference list's entries: id and words.
fn references(page: &str) -> Vec<(String, String)> {
    let list = &page[page
        .find("<ul class=\"reference-list\">")
        .expect("a reference list")..];
    let list = &list[..list.find("</ul>").expect("list end")];
    list.split("<li id=\"")
        .skip(1)
        .map(|rest| {
            let id = rest[..rest.find('"').expect("id end")].to_string();
            let inner = &rest[rest.find('>').expect("tag") + 1..];
            (id, words(&inner[..inner.find("</li>").expect("li end")]))
        })
        .collect()
}

#[test]
fn citations_read_in_the_style_and_link_to_their_entries_and_back() {
    let dir = project(None);
    let root = dir.path();
    build(root);
    let page = read(root, "site/alpha/2023/index.html");
    let cites = citations(&page);
    let texts: Vec<&str> = cites.iter().map(|(_, t)| t.as_str()).collect();
    // chicago-author-date by default; the box's citation (in 02-findings) reads first.
    assert_eq!(
        texts,
        [
            "(OECD 2023, 3)",
            "Smith (2019)",
            "(Doe and Roe 2021, 50; see OECD 2023)",
            "(2021)",
        ]
    );
    let ids: Vec<&str> = cites.iter().map(|(i, _)| i.as_str()).collect();
    assert_eq!(ids, ["cite-1", "cite-2", "cite-3", "cite-4"]);
    // Each work of a citation links to its own entry.
    assert!(
        page.contains("<a href=\"#bib-doe-clusters\">Doe and Roe 2021, 50</a>"),
        "{page}"
    );
    let refs = references(&page);
    let keys: Vec<&str> = refs.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        ["bib-doe-clusters", "bib-oecd-outlook", "bib-smith-policy"]
    );
    // Markup in a work's title is text; the address is a link, escaped.
    assert!(
        refs[1].1.starts_with("OECD. 2023. Science <"),
        "{}",
        refs[1].1
    );
    assert!(
        page.contains("Science &lt;"),
        "the title's markup is escaped"
    );
    assert!(
        page.contains("<a href=\"https://example.org/outlook?a=1&amp;b=2\" class=\"url\">"),
        "the address is an escaped link"
    );
    assert!(
        !page.to_lowercase().contains("<outlook>"),
        "no markup from a title"
    );
    // Back links to every citation of the work, in order.
    let oecd = &page[page.find("id=\"bib-oecd-outlook\"").expect("entry")..];
    let oecd = &oecd[..oecd.find("</li>").expect("end")];
    assert!(oecd.contains("href=\"#cite-1\"") && oecd.contains("href=\"#cite-3\""));
    // Code spans, escapes and addresses are not citations.
    assert!(page.contains("<code>[@doe-clusters]</code>"));
    assert!(page.contains("mail@example.org"));
    // A reference in a box's notes reads as the figure's number and links to it.
    assert!(
        page.contains("Drawn in <a class=\"xref\" href=\"#fig-sample\">Figure 1</a>."),
        "the box's notes resolve @fig-sample"
    );
    // The contents lead to the references and to how to cite.
    assert!(page.contains("<a href=\"#references-title\">References</a>"));
    assert!(page.contains("<h2 id=\"how-to-cite-title\">How to cite</h2>"));
    // An edition that cites nothing has no reference list and no bibliography downloads.
    let other = read(root, "site/alpha/2024/index.html");
    assert!(!other.contains("reference-list"));
    assert!(!root.join("site/alpha/2024/data/references.bib").exists());
    assert!(root.join("site/alpha/2024/CITATION.cff").exists());
}

#[test]
fn a_numeric_style_numbers_works_in_reading_order() {
    let dir = project(Some("ieee"));
    let root = dir.path();
    build(root);
    let page = read(root, "site/alpha/2023/index.html");
    let texts: Vec<String> = citations(&page).into_iter().map(|(_, t)| t).collect();
    assert_eq!(
        texts,
        // Works of one citation in number order, each with its own words.
        ["[1, p. 3]", "A. Smith [2]", "see [1], [3, p. 50]", "[3]"]
    );
    let refs = references(&page);
    let labels: Vec<&str> = refs.iter().map(|(_, t)| &t[..3]).collect();
    assert_eq!(labels, ["[1]", "[2]", "[3]"]);
    assert!(refs[0].1.contains("OECD"), "{refs:?}");
}

#[test]
fn the_bibliography_downloads_and_how_to_cite() {
    let dir = project(Some("apa"));
    let root = dir.path();
    let site = read(root, "content/site.yaml");
    write(
        root,
        "content/site.yaml",
        &format!("{site}base_url: https://reports.example.org/\n"),
    );
    build(root);
    let bib = read(root, "site/alpha/2023/data/references.bib");
    assert!(bib.contains("@article{doe-clusters,"), "{bib}");
    assert!(
        bib.contains("author = {Doe, Jane and Roe, Richard}"),
        "{bib}"
    );
    assert!(bib.contains("volume = {12}"), "{bib}");
    assert!(
        bib.contains("author = {{OECD}}"),
        "an organisation is braced whole: {bib}"
    );
    // A work read from the .bib file is written back as it was.
    assert!(bib.contains("@book{smith-policy,"), "{bib}");
    let json: Value =
        serde_json::from_str(&read(root, "site/alpha/2023/data/references.json")).expect("JSON");
    let items = json.as_array().expect("a list");
    assert_eq!(items.len(), 3);
    let doe = items
        .iter()
        .find(|i| i["id"] == "doe-clusters")
        .expect("doe");
    assert_eq!(doe["type"], "article-journal");
    assert_eq!(doe["author"][0]["family"], "Doe");
    assert_eq!(doe["issued"]["date-parts"][0][0], 2021);
    assert_eq!(doe["container-title"], "Journal of Industrial Policy");
    let page = read(root, "site/alpha/2023/index.html");
    assert!(page.contains("href=\"data/references.bib\""));
    // How to cite the edition, in APA: its author, year, title, publisher and address.
    let cite_this = &page[page.find("class=\"cite-this\">").expect("how to cite") + 18..];
    let cite_this = words(&cite_this[..cite_this.find("</p>").expect("end")]);
    assert!(
        cite_this.starts_with("A. Tester. (2023). Alpha report 2023. Fixture reports."),
        "{cite_this}"
    );
    assert!(
        cite_this.contains("https://reports.example.org/alpha/2023/"),
        "{cite_this}"
    );
    let cff = read(root, "site/alpha/2023/CITATION.cff");
    assert!(cff.starts_with("cff-version: 1.2.0\n"), "{cff}");
    assert!(
        cff.contains("url: https://reports.example.org/alpha/2023/"),
        "{cff}"
    );
    assert!(cff.contains("- name: A. Tester"), "{cff}");
}

#[test]
fn the_pdf_carries_the_same_citations_and_references() {
    if !cfg!(feature = "pdf") {
        return;
    }
    let dir = project(None);
    let root = dir.path();
    build(root);
    let bytes = std::fs::read(root.join("site/alpha/2023/alpha-2023.pdf")).expect("the PDF");
    let text = pdf_extract::extract_text_from_mem(&bytes).expect("PDF text");
    // The text extractor puts spaces around links: compare the words alone.
    let flat: String = text.split_whitespace().collect();
    for words in [
        "As Smith (2019) argues",
        "(Doe and Roe 2021, 50; see OECD 2023)",
        "Source: (OECD 2023, 3)",
        "References",
        "Smith, Ann. 2019. Industrial Policy in Practice. Example Press.",
    ] {
        let words: String = words.split_whitespace().collect();
        assert!(flat.contains(&words), "{words} not in {flat}");
    }
}

/// `check --format json` of a project: its diagnostics.
fn check(root: &Path) -> Vec<Value> {
    let out = almanac(root, &["check", "--format", "json"]);
    serde_json::from_str(&String::from_utf8_lossy(&out.stdout))
        .unwrap_or_else(|e| panic!("JSON: {e}\n{}", stderr(&out)))
}

/// (code, file, line, column) of each diagnostic.
fn places(diags: &[Value]) -> Vec<(String, String, u64, u64)> {
    diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn has(diags: &[Value], code: &str, file: &str, line: u64, column: u64) -> bool {
    places(diags)
        .iter()
        .any(|p| p == &(code.to_string(), file.to_string(), line, column))
}

#[test]
fn unknown_keys_are_errors_where_they_are_written_with_the_nearest_key() {
    let dir = project(None);
    let root = dir.path();
    write(
        root,
        "content/alpha/2023/05-more.md",
        "---\ntitle: More\n---\nSee [@doe-clusterz] and @smith-polcy.\n",
    );
    let box_file = read(root, "content/alpha/2023/data/box-sample.yaml")
        .replace("\"[@oecd-outlook, p. 3]\"", "\"[@oecd-outlok, p. 3]\"")
        .replace("Drawn in @fig-sample.", "Drawn in\n  @fig-sampel.");
    write(root, "content/alpha/2023/data/box-sample.yaml", &box_file);
    let diags = check(root);
    let chapter = "content/alpha/2023/05-more.md";
    let data = "content/alpha/2023/data/box-sample.yaml";
    assert!(has(&diags, "unknown-citation", chapter, 4, 6), "{diags:#?}");
    assert!(
        has(&diags, "unknown-citation", chapter, 4, 25),
        "{diags:#?}"
    );
    let source_line = box_file
        .lines()
        .position(|l| l.starts_with("source:"))
        .expect("source") as u64
        + 1;
    assert!(
        has(&diags, "unknown-citation", data, source_line, 11),
        "{diags:#?}"
    );
    let notes_line = box_file
        .lines()
        .position(|l| l.contains("@fig-sampel"))
        .expect("notes") as u64
        + 1;
    assert!(
        has(&diags, "unknown-reference", data, notes_line, 3),
        "{diags:#?}"
    );
    let helps: Vec<&str> = diags.iter().filter_map(|d| d["help"].as_str()).collect();
    for near in ["doe-clusters", "smith-policy", "oecd-outlook", "fig-sample"] {
        assert!(
            helps
                .iter()
                .any(|h| h.contains(&format!("did you mean `{near}`"))),
            "{near}: {helps:?}"
        );
    }
    // The works the misspelt citations meant are not called uncited.
    assert!(
        !places(&diags).iter().any(|p| p.0 == "uncited-reference"),
        "{diags:#?}"
    );
    let out = almanac(root, &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!root.join("site").exists(), "a failed build writes nothing");
}

#[test]
fn bibliography_mistakes_are_reported_at_their_line() {
    let dir = project(None);
    let root = dir.path();
    write(
        root,
        "content/alpha/references.yaml",
        &YAML.replace("  date: 2021\n", "  date: 2021-13\n"),
    );
    let diags = check(root);
    let line = YAML
        .lines()
        .position(|l| l == "  date: 2021")
        .expect("date") as u64
        + 1;
    assert!(
        has(
            &diags,
            "bibliography-entry",
            "content/alpha/references.yaml",
            line,
            9
        ),
        "{diags:#?}"
    );

    write(root, "content/alpha/references.yaml", YAML);
    write(
        root,
        "content/alpha/references.bib",
        &format!("{BIB}\n@article{{broken,\n  title = {{No comma}}\n  author = {{X}}\n}}\n"),
    );
    let diags = check(root);
    assert!(
        has(
            &diags,
            "bibliography-entry",
            "content/alpha/references.bib",
            10,
            3
        ),
        "{diags:#?}"
    );

    // A key in both files.
    write(
        root,
        "content/alpha/references.bib",
        &format!("{BIB}\n@misc{{doe-clusters, title = {{Again}}}}\n"),
    );
    let diags = check(root);
    assert!(
        has(
            &diags,
            "duplicate-citation-key",
            "content/alpha/references.bib",
            8,
            7
        ),
        "{diags:#?}"
    );
}

#[test]
fn style_and_bibliography_problems() {
    let dir = project(Some("chicago-autor-date"));
    let root = dir.path();
    let diags = check(root);
    let style = diags
        .iter()
        .find(|d| d["code"] == "citation-style")
        .expect("the style is refused");
    assert_eq!(style["file"], "content/site.yaml");
    assert!(
        style["help"]
            .as_str()
            .is_some_and(|h| h.contains("did you mean `chicago-author-date`")),
        "{style}"
    );
    // A footnote style is refused too.
    let site = read(root, "content/site.yaml").replace("chicago-autor-date", "chicago-notes");
    write(root, "content/site.yaml", &site);
    assert!(check(root).iter().any(|d| d["code"] == "citation-style"));

    // An entry no edition cites is a warning at its key.
    let site = read(root, "content/site.yaml").replace("citation_style: chicago-notes\n", "");
    write(root, "content/site.yaml", &site);
    write(
        root,
        "content/alpha/references.yaml",
        &format!("{YAML}\nnever-cited:\n  type: misc\n  title: Nobody cites this\n"),
    );
    let diags = check(root);
    let line = YAML.lines().count() as u64 + 2;
    assert!(
        has(
            &diags,
            "uncited-reference",
            "content/alpha/references.yaml",
            line,
            1
        ),
        "{diags:#?}"
    );
    assert!(
        diags.iter().all(|d| d["severity"] == "warning"),
        "{diags:#?}"
    );

    // Without a bibliography, `[@key]` is an error and a bare `@word` is text.
    std::fs::remove_file(root.join("content/alpha/references.yaml")).expect("rm");
    std::fs::remove_file(root.join("content/alpha/references.bib")).expect("rm");
    write(
        root,
        "content/alpha/2023/04-sources.md",
        "---\ntitle: Sources\n---\nWrite to @almanac, see [@doe-clusters].\n",
    );
    let box_file = read(root, "content/alpha/2023/data/box-sample.yaml")
        .replace("source: \"[@oecd-outlook, p. 3]\"\n", "");
    write(root, "content/alpha/2023/data/box-sample.yaml", &box_file);
    let diags = check(root);
    assert_eq!(
        places(&diags),
        [(
            "citation-without-bibliography".to_string(),
            "content/alpha/2023/04-sources.md".to_string(),
            4,
            25
        )]
    );
}

#[test]
fn citations_are_the_same_bytes_on_every_build() {
    let dir = project(Some("ieee"));
    let root = dir.path();
    build(root);
    let first = tree(&root.join("site"));
    std::fs::remove_dir_all(root.join("site")).expect("rm site");
    std::fs::remove_dir_all(root.join(".almanac-cache")).ok();
    build(root);
    assert!(first == tree(&root.join("site")), "two builds differ");
}

/// Every `id="…"` of a page, and whether any is there twice.
fn duplicate_ids(page: &str) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut twice = Vec::new();
    for part in page.split(" id=\"").skip(1) {
        let id = &part[..part.find('"').unwrap_or(0)];
        if !seen.insert(id.to_string()) {
            twice.push(id.to_string());
        }
    }
    twice
}

#[test]
fn citations_where_no_citation_can_be_written_leave_no_dangling_link() {
    let dir = project(None);
    let root = dir.path();
    write(
        root,
        "content/alpha/2023/05-references.md",
        "---\ntitle: References\n---\n## How to cite title\n\n[see @doe-clusters](https://example.org), [x](https://x.org \"see [@smith-policy]\"), ![a [@oecd-outlook]](https://x.org/i.png).\n\n[^unused]: Never called [@smith-policy].\n",
    );
    build(root);
    let page = read(root, "site/alpha/2023/index.html");
    assert!(
        duplicate_ids(&page).is_empty(),
        "{:?}",
        duplicate_ids(&page)
    );
    // Inside a link, the citation is its words; in a link's title or a picture's description
    // it stays as written; no placeholder leaks.
    assert!(
        page.contains("title=\"see [@smith-policy]\""),
        "the title as written"
    );
    assert!(
        page.contains("alt=\"a [@oecd-outlook]\""),
        "the description as written"
    );
    assert!(!page.contains('\u{E000}') && !page.contains('\u{E001}'));
    // Every link back leads to a citation on the page.
    for part in page.split("class=\"ref-back\" href=\"#").skip(1) {
        let id = &part[..part.find('"').expect("end")];
        assert!(page.contains(&format!("id=\"{id}\"")), "#{id} is nowhere");
    }
}

#[test]
fn keys_of_any_script_and_dates_and_fields_that_cannot_be_read() {
    let dir = project(None);
    let root = dir.path();
    write(
        root,
        "content/alpha/references.yaml",
        &format!(
            "{YAML}\nmüller-2020:\n  type: book\n  title: Ein Buch\n  author: \"Müller, Anna\"\n  date: 2020\n"
        ),
    );
    write(
        root,
        "content/alpha/2023/05-more.md",
        "---\ntitle: More\n---\nAs @müller-2020 shows [@müller-2020, p. 4].\n",
    );
    build(root);
    let page = read(root, "site/alpha/2023/index.html");
    let texts: Vec<String> = citations(&page).into_iter().map(|(_, t)| t).collect();
    assert!(texts.contains(&"Müller (2020)".to_string()), "{texts:?}");
    assert!(texts.contains(&"(Müller 2020, 4)".to_string()), "{texts:?}");

    // A field Hayagriva would drop is an error at it, with the field meant.
    write(
        root,
        "content/alpha/references.yaml",
        &YAML.replace(
            "  title: Innovation clusters",
            "  titel: Innovation clusters",
        ),
    );
    let diags = check(root);
    let line = YAML
        .lines()
        .position(|l| l.starts_with("  title: Innovation"))
        .expect("title") as u64
        + 1;
    assert!(
        has(
            &diags,
            "bibliography-entry",
            "content/alpha/references.yaml",
            line,
            3
        ),
        "{diags:#?}"
    );
    assert!(diags.iter().any(|d| {
        d["help"]
            .as_str()
            .is_some_and(|h| h.contains("did you mean `title`"))
    }));

    // A year BibLaTeX would misread is an error at it.
    write(root, "content/alpha/references.yaml", YAML);
    write(
        root,
        "content/alpha/references.bib",
        &BIB.replace("{2019}", "{20x9}"),
    );
    let diags = check(root);
    assert!(
        has(
            &diags,
            "bibliography-entry",
            "content/alpha/references.bib",
            5,
            16
        ),
        "{diags:#?}"
    );
}

#[test]
fn what_is_written_back_stays_as_written() {
    let dir = project(None);
    let root = dir.path();
    let site = read(root, "content/site.yaml");
    write(
        root,
        "content/site.yaml",
        &format!("{site}citation_style: apa\n"),
    );
    write(
        root,
        "content/alpha/references.bib",
        "@book{smith-policy,\n  author    = {Smith, Ann},\n  title     = {Policy in \\emph{Practice}},\n  publisher = {Example Press},\n  year      = {2019},\n}\n",
    );
    let edition = read(root, "content/alpha/2023/edition.yaml").replace(
        "authors: [A. Tester]",
        "authors: [Jane Doe, \"Martin Luther King, Jr.\"]",
    );
    write(root, "content/alpha/2023/edition.yaml", &edition);
    write(
        root,
        "content/alpha/references.yaml",
        &YAML.replace(
            "Science <Outlook>",
            "Science \u{202E}reversed\u{202C} <Outlook>",
        ),
    );
    build(root);
    let bib = read(root, "site/alpha/2023/data/references.bib");
    assert!(
        bib.contains("title     = {Policy in \\emph{Practice}},"),
        "the .bib entry as written: {bib}"
    );
    let page = read(root, "site/alpha/2023/index.html");
    let cite_this = &page[page.find("class=\"cite-this\">").expect("how to cite") + 18..];
    let cite_this = words(&cite_this[..cite_this.find("</p>").expect("end")]);
    assert!(
        cite_this.starts_with("Jane Doe, & Martin Luther King, Jr."),
        "{cite_this}"
    );
    assert!(page.contains("<bdi>"), "a direction override is isolated");
}

#[test]
fn formatted_citations_are_kept_between_builds_and_a_damaged_entry_is_formatted_again() {
    let dir = project(Some("apa"));
    let root = dir.path();
    // A second report, which an edit of the first leaves alone (its editions' addresses tell
    // its works apart).
    copy_tree(&root.join("content/alpha"), &root.join("content/beta"));
    let site = read(root, "content/site.yaml");
    write(
        root,
        "content/site.yaml",
        &format!("{site}base_url: https://reports.example.org/\n"),
    );
    let run = |out: &str| {
        let o = almanac(root, &["build", "--no-pdf", "--out", out]);
        assert!(o.status.success(), "{}", stderr(&o));
    };
    run("site");
    let kept = root.join(".almanac-cache/citations");
    let entries = || -> Vec<std::path::PathBuf> {
        std::fs::read_dir(&kept)
            .expect("the citations cache")
            .flatten()
            .map(|e| e.path())
            .collect()
    };
    // Each report's citing edition's citations, and how to cite each edition.
    let (citing, editions) = (2, 4);
    assert_eq!(
        entries().len(),
        citing + editions,
        "one edition of each report cites"
    );
    let page = read(root, "site/alpha/2023/index.html");
    // Every entry damaged, and the pages rendered again (their notes removed): formatted
    // again, to the same words.
    for entry in entries() {
        let mut bytes = std::fs::read(&entry).expect("entry");
        let last = bytes.len() - 2;
        bytes[last] ^= 0x20;
        std::fs::write(&entry, bytes).expect("damage");
    }
    std::fs::remove_dir_all(root.join(".almanac-cache/pages")).expect("rm notes");
    run("site");
    assert_eq!(read(root, "site/alpha/2023/index.html"), page);
    assert_eq!(entries().len(), citing + editions);
    // A changed citation is a new entry; the old one goes. The other report, put back whole,
    // keeps its editions' "how to cite".
    edit(root, "content/alpha/2023/04-sources.md", |t| {
        t.replace("p. 50", "p. 51")
    });
    run("site");
    assert!(read(root, "site/alpha/2023/index.html").contains("p. 51"));
    assert_eq!(entries().len(), citing + editions);
    // A new title is cited by its new name, from a new entry.
    edit(root, "content/alpha/2023/edition.yaml", |t| {
        t.replace("Alpha report 2023", "Alpha report, revised")
    });
    run("site");
    let page = read(root, "site/alpha/2023/index.html");
    let cite_this = &page[page.find("class=\"cite-this\">").expect("how to cite") + 18..];
    let cite_this = words(&cite_this[..cite_this.find("</p>").expect("end")]);
    assert!(cite_this.contains("Alpha report, revised."), "{cite_this}");
    assert_eq!(entries().len(), citing + editions);
    // `check` writes nothing there.
    std::fs::remove_dir_all(&kept).expect("rm");
    assert!(almanac(root, &["check"]).status.success());
    assert!(!kept.exists());
}

#[test]
fn a_work_cited_only_in_a_file_in_error_is_not_called_uncited() {
    let dir = project(None);
    let root = dir.path();
    // `oecd-outlook` is cited by the box's source alone.
    let chapter = read(root, "content/alpha/2023/04-sources.md");
    write(
        root,
        "content/alpha/2023/04-sources.md",
        &chapter.replace("; see @oecd-outlook", ""),
    );
    let diags = check(root);
    assert!(
        !diags.iter().any(|d| d["code"] == "uncited-reference"),
        "{diags:?}"
    );
    // The box breaks: its error is said, and no work is called uncited because of it.
    write(
        root,
        "content/alpha/2023/data/box-sample.yaml",
        "title: [broken\n",
    );
    let diags = check(root);
    assert!(
        diags
            .iter()
            .any(|d| d["file"] == "content/alpha/2023/data/box-sample.yaml"),
        "{diags:?}"
    );
    assert!(
        !diags.iter().any(|d| d["code"] == "uncited-reference"),
        "{diags:?}"
    );
}
