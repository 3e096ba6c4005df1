//! `almanac check`: formats, strictness, the cap, and the warnings it adds to `build`'s checks.

use crate::common::*;
use serde_json::Value;

fn json(root: &std::path::Path, extra: &[&str]) -> (Option<i32>, Vec<Value>) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let out = almanac(root, &args);
    let diags = serde_json::from_slice(&out.stdout).expect("JSON array");
    (out.status.code(), diags)
}

/// The line and column of each diagnostic of `code` in the file `rel`.
fn places(diags: &[Value], code: &str, rel: &str) -> Vec<(i64, i64)> {
    diags
        .iter()
        .filter(|d| d["code"] == code && d["file"] == rel)
        .map(|d| {
            (
                d["line"].as_i64().unwrap_or(0),
                d["column"].as_i64().unwrap_or(0),
            )
        })
        .collect()
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn warnings_pass_unless_strict() {
    let dir = fixture("basic");
    write(
        dir.path(),
        "content/alpha/2023/data/box-spare.yaml",
        "title: Never shown (synthetic)\ncolumns:\n  - { key: a, label: A }\nrows:\n  - { a: x }\n",
    );
    let (code, diags) = json(dir.path(), &[]);
    assert_eq!(code, Some(0));
    let spare = diags
        .iter()
        .find(|d| d["code"] == "unused-box")
        .expect("unused-box warning");
    assert_eq!(spare["severity"], "warning");
    assert_eq!(spare["file"], "content/alpha/2023/data/box-spare.yaml");
    assert_eq!(spare["line"], 1);

    let (code, diags) = json(dir.path(), &["--strict"]);
    assert_eq!(code, Some(1));
    assert!(diags.iter().all(|d| d["severity"] == "error"));

    // The same warning in the human format, and build still succeeds with it.
    let out = almanac(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("warning[unused-box]: the box `box-spare` is never embedded"));
    assert!(stderr(&out).contains("--> content/alpha/2023/data/box-spare.yaml:1:1"));
    assert!(almanac(dir.path(), &["build"]).status.success());
}

#[test]
fn check_writes_nothing() {
    let dir = fixture("basic");
    assert!(almanac(dir.path(), &["check"]).status.success());
    assert!(!dir.path().join("site").exists());
}

#[test]
fn links_that_lead_nowhere_are_warned_with_their_place() {
    let dir = fixture("basic");
    write(
        dir.path(),
        "content/alpha/2024/01-summary.md",
        "---\ntitle: Summary\n---\nSee [a](#summary), [b](#nowhere), [c](../2023/), [d](../2019/) and [e](https://example.org/#x).\n",
    );
    let (code, diags) = json(dir.path(), &[]);
    assert_eq!(code, Some(0));
    let anchors: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "broken-anchor")
        .collect();
    assert_eq!(anchors.len(), 1, "{diags:#?}");
    assert_eq!(
        (anchors[0]["line"].as_u64(), anchors[0]["column"].as_u64()),
        (Some(4), Some(20))
    );
    let links: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "broken-link")
        .collect();
    assert_eq!(links.len(), 1, "{diags:#?}");
    assert!(
        links[0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("../2019/")
    );
}

#[test]
fn an_edition_without_chapters_is_warned() {
    let dir = fixture("basic");
    std::fs::remove_file(dir.path().join("content/alpha/2024/01-summary.md")).expect("rm");
    let (_, diags) = json(dir.path(), &[]);
    let d = diags
        .iter()
        .find(|d| d["code"] == "edition-without-chapters")
        .expect("warning");
    assert_eq!(d["file"], "content/alpha/2024/edition.yaml");
}

#[test]
fn every_error_is_reported_and_the_human_list_is_capped() {
    let dir = fixture("basic");
    let mut body = String::from("---\ntitle: Many\n---\n");
    for i in 0..80 {
        body.push_str(&format!("See @fig-missing-{i}.\n\n"));
    }
    write(dir.path(), "content/alpha/2023/04-many.md", &body);
    let (code, diags) = json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        codes(&diags)
            .iter()
            .filter(|c| *c == "unknown-reference")
            .count(),
        80
    );
    let out = almanac(dir.path(), &["check"]);
    let err = stderr(&out);
    assert_eq!(err.matches("error[unknown-reference]").count(), 50);
    assert!(
        err.contains("… and 30 more (30 errors, 0 warnings) not shown"),
        "{err}"
    );
    assert!(err.contains("checked .: 80 errors"), "{err}");
}

#[test]
fn json_objects_carry_every_documented_key() {
    let dir = fixture("basic");
    write(
        dir.path(),
        "content/alpha/2023/edition.yaml",
        "title: Alpha 2023\ndaet: 2023-06-30\n",
    );
    let (code, diags) = json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    let d = &diags[0];
    for key in [
        "severity", "code", "message", "file", "line", "column", "help",
    ] {
        assert!(d.get(key).is_some(), "missing {key} in {d}");
    }
    assert_eq!(d["help"], "did you mean `date`?");
}

#[test]
fn an_indicator_nothing_quotes_is_warned() {
    let dir = fixture("series");
    let out = almanac(dir.path(), &["check", "--format", "json"]);
    let diags: Vec<Value> = serde_json::from_slice(&out.stdout).expect("json");
    let unused: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "unused-indicator")
        .collect();
    // `patents` is quoted nowhere; `rd-intensity` and `rank` are (text and indicator box).
    assert_eq!(unused.len(), 2, "{diags:#?}");
    assert!(unused.iter().all(
        |d| d["message"].as_str().unwrap_or("").contains("`patents`")
            && d["line"] == 4
            && d["column"] == 11
    ));
}

#[test]
fn a_data_file_in_error_is_the_only_error_it_causes() {
    // The box is embedded and referred to and charted; the indicators are quoted and boxed.
    let dir = fixture("figures");
    let boxed = read(dir.path(), "content/demo/2024/data/box-centres.yaml");
    write(
        dir.path(),
        "content/demo/2024/data/box-centres.yaml",
        &boxed.replace("title:", "titel:"),
    );
    let (code, diags) = json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    let errors: Vec<&Value> = diags.iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0]["code"], "unknown-key");
    assert_eq!(errors[0]["file"], "content/demo/2024/data/box-centres.yaml");

    let dir = fixture("series");
    write(
        dir.path(),
        "content/north/2023/data/indicators.yaml",
        "indicators: [unclosed\n",
    );
    let (code, diags) = json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    let errors: Vec<&Value> = diags.iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0]["file"], "content/north/2023/data/indicators.yaml");

    // An edition.yaml in error: the next edition's `previous:` still names a real edition.
    let dir = fixture("basic");
    write(
        dir.path(),
        "content/alpha/2023/edition.yaml",
        "title: \"Alpha\nx: [\n",
    );
    let (code, diags) = json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(codes(&diags), ["yaml-syntax"], "{diags:#?}");
    assert!(
        !diags[0]["message"]
            .as_str()
            .unwrap_or("")
            .contains(" at line "),
        "the place is in the diagnostic, not repeated in its message"
    );
}

#[test]
fn a_chapter_in_error_is_the_only_error_it_causes() {
    // 02-findings embeds box-sample, which 01-introduction refers to.
    let rel = "content/alpha/2023/02-findings.md";
    let dir = fixture("basic");
    let text = read(dir.path(), rel);
    write(dir.path(), rel, &text.replacen("title:", "titel:", 1));
    let (code, diags) = json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(codes(&diags), ["unknown-key"], "{diags:#?}");
    assert_eq!(diags[0]["file"], rel);

    // Not even readable as text: the chapter is left out, and nothing else is blamed for it.
    let dir = fixture("basic");
    let mut bytes = text.into_bytes();
    bytes.extend_from_slice(b"\xff\xfe broken\n");
    std::fs::write(dir.path().join(rel), bytes).expect("write");
    let (code, diags) = json(dir.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(codes(&diags), ["invalid-utf8"], "{diags:#?}");
}

#[test]
fn notes_and_images_that_go_wrong_are_warned_where_they_stand() {
    let dir = fixture("basic");
    let rel = "content/alpha/2023/04-notes.md";
    write(
        dir.path(),
        rel,
        "---\ntitle: Notes\n---\nText.[^a] More.[^missing] `[^code]` \\[^escaped] <https://x.org/a[^auto]> [l](https://x.org/?[^dest]=1 \"[^title]\")\n\n[^a]: A [bad](javascript:alert(1)) link and a cite[^b].\n[^b]: Bee.\n[^c]: Never cited.\n\n![](diagrams/none.png)\n",
    );
    let (code, diags) = json(dir.path(), &[]);
    assert_eq!(code, Some(0), "warnings only: {diags:#?}");
    let at = |code: &str| places(&diags, code, rel);
    assert_eq!(at("undefined-footnote"), [(4, 16)]);
    assert_eq!(at("footnote-in-footnote"), [(6, 51)]);
    assert_eq!(at("unused-footnote"), [(8, 1)]);
    assert_eq!(at("unsafe-link"), [(6, 9)]);
    assert_eq!(at("image-without-alt"), [(10, 1)]);
    assert_eq!(at("broken-link"), [(10, 1)]);

    // The script link inside the note is not emitted.
    assert!(almanac(dir.path(), &["build"]).status.success());
    let page = read(dir.path(), "site/alpha/2023/index.html");
    assert!(!page.contains("javascript:"));
    assert!(
        page.contains("A bad link and a cite[^b]."),
        "the nested cite stays as typed"
    );
}

/// Eleven independent mistakes, made as a new user would, in every kind of file: one `check`
/// run reports each of them at its place, and nothing that only follows from another.
#[test]
fn one_run_shows_every_independent_mistake() {
    let dir = fixture("basic");
    let root = dir.path();
    let edit = |rel: &str, from: &str, to: &str| {
        let text = read(root, rel);
        assert!(text.contains(from), "{rel} holds {from:?}");
        write(root, rel, &text.replacen(from, to, 1));
    };
    let append = |rel: &str, more: &str| write(root, rel, &(read(root, rel) + more));
    // The three files a stage used to stop at: the site's, the report's, the edition's.
    edit("content/site.yaml", "description:", "descripton:");
    edit(
        "content/alpha/report.yaml",
        "title: Alpha country report (synthetic)\n",
        "",
    );
    append("content/alpha/2023/edition.yaml", "status: publshed\n");
    // A data file that does not parse, a cell of the wrong type that a chart also reads, and a
    // chart series naming a column that does not exist.
    write(
        root,
        "content/alpha/2023/data/box-broken.yaml",
        "title: [unclosed\n",
    );
    edit(
        "content/alpha/2023/data/box-sample.yaml",
        "value: 20",
        "value: twenty",
    );
    write(
        root,
        "content/alpha/2024/data/fig-other.yaml",
        "title: Other (synthetic)\ntype: bar\ncategories: [a]\nseries:\n  - { label: X, values: [1, 2] }\n",
    );
    append(
        "content/alpha/2024/01-summary.md",
        "\n{{< figure fig-other >}}\n",
    );
    // In the narrative: an unknown reference, shortcode and value, an anchor that leads
    // nowhere (a render-stage check), a note never written; and a link to the broken box,
    // which only follows from its file's error.
    append(
        "content/alpha/2023/03-outlook.md",
        "\nSee @fig-nope.\n\n{{< tabel box-sample >}}\n\nValue {{< value nothing >}}.\n\n\
         Go [there](#no-such-place) or [to the box](#box-broken).\n\nA claim.[^zz]\n",
    );

    let (code, diags) = json(root, &[]);
    assert_eq!(code, Some(1));
    let found: Vec<(String, String)> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["file"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let expected = [
        ("unknown-key", "content/site.yaml"),
        ("missing-key", "content/alpha/report.yaml"),
        ("unknown-value", "content/alpha/2023/edition.yaml"),
        ("wrong-type", "content/alpha/2023/data/box-broken.yaml"),
        ("wrong-cell-type", "content/alpha/2023/data/box-sample.yaml"),
        ("series-length", "content/alpha/2024/data/fig-other.yaml"),
        ("unknown-reference", "content/alpha/2023/03-outlook.md"),
        ("unknown-shortcode", "content/alpha/2023/03-outlook.md"),
        ("unknown-indicator", "content/alpha/2023/03-outlook.md"),
        ("broken-anchor", "content/alpha/2023/03-outlook.md"),
        ("undefined-footnote", "content/alpha/2023/03-outlook.md"),
    ];
    for (code, file) in expected {
        assert!(
            found.iter().any(|(c, f)| c == code && f == file),
            "{code} in {file} missing from {found:#?}"
        );
    }
    // Nothing else: no chart error for the box cell, no anchor warning for the broken box,
    // no "unused" or "unknown" that the errors above explain.
    assert_eq!(found.len(), expected.len(), "{found:#?}");
    assert!(diags.iter().all(|d| d["line"].is_u64()), "{diags:#?}");
}

/// With raw HTML allowed, `check` warns at each thing the policy removes, at its tag; the
/// built page carries none of them and keeps the prose.
#[test]
fn raw_html_warnings_name_each_removal_where_it_is_written() {
    let dir = fixture("basic");
    let root = dir.path();
    write(
        root,
        "content/site.yaml",
        "title: Basic fixture\nallow_raw_html: true\n",
    );
    write(
        root,
        "content/alpha/2024/01-summary.md",
        "---\ntitle: Summary\n---\n\nPlain <abbr title=\"x\">ab</abbr> words.\n\n<div class=\"note\"\n     onclick=\"steal()\">\n\nInside.\n\n</div>\n\nThen <a href=\"java&#x09;script:x()\">a link</a> and <iframe src=\"https://e.org\"></iframe>.\n\n<base href=\"https://evil.example/\">\n",
    );
    let (_, diags) = json(root, &[]);
    let html: Vec<(String, i64, i64)> = diags
        .iter()
        .filter(|d| d["code"] == "unsafe-html")
        .map(|d| {
            (
                d["message"].as_str().unwrap_or("").to_string(),
                d["line"].as_i64().unwrap_or(0),
                d["column"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    let expect = [
        ("the attribute `onclick` of `<div>` is removed", 7, 1),
        ("the address in `href` of `<a>` is removed", 14, 6),
        ("`<iframe>` is removed", 14, 52),
        ("`<base>` is removed", 16, 1),
    ];
    assert_eq!(html.len(), expect.len(), "{html:?}");
    for ((message, line, column), (want, l, c)) in html.iter().zip(expect) {
        assert!(message.starts_with(want), "{message} is not {want}");
        assert_eq!((*line, *column), (l, c), "{message}");
    }
    let out = almanac(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = read(root, "site/alpha/2024/index.html");
    assert!(
        page.contains("Plain <abbr title=\"x\">ab</abbr> words."),
        "{page}"
    );
    assert!(page.contains("<div class=\"note\">"));
    for never in ["steal", "javascript", "<iframe", "evil.example"] {
        assert!(!page.contains(never), "{never} reached the page");
    }
}

/// `check` fails with exactly one `unclosed-html`, at `(line, column)`.
fn assert_one_unclosed_at(root: &std::path::Path, (line, column): (i64, i64)) {
    let (code, diags) = json(root, &[]);
    assert_eq!(code, Some(1));
    let open: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "unclosed-html")
        .collect();
    assert_eq!(open.len(), 1, "{diags:?}");
    assert_eq!(
        (open[0]["line"].as_i64(), open[0]["column"].as_i64()),
        (Some(line), Some(column))
    );
}

/// A tag left open in a block of raw HTML would take the rest of the chapter into itself once
/// cleaned: it is an error at the tag, so the build never silently drops the text after it.
#[test]
fn raw_html_left_open_is_an_error_at_its_tag() {
    let dir = fixture("basic");
    let root = dir.path();
    write(
        root,
        "content/site.yaml",
        "title: Basic fixture\nallow_raw_html: true\n",
    );
    write(
        root,
        "content/alpha/2024/01-summary.md",
        "---\ntitle: Summary\n---\n\nFirst paragraph.\n\n<div class=\"note\" title=\"An unclosed quote>\nA note.\n</div>\n\n## Section two\n\nLast paragraph.\n",
    );
    assert_one_unclosed_at(root, (7, 1));
    let out = almanac(root, &["build"]);
    assert_eq!(out.status.code(), Some(1));
    // Closed, the same chapter builds whole.
    write(
        root,
        "content/alpha/2024/01-summary.md",
        "---\ntitle: Summary\n---\n\nFirst paragraph.\n\n<div class=\"note\" title=\"A closed quote\">\nA note.\n</div>\n\n## Section two\n\nLast paragraph.\n",
    );
    let out = almanac(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = read(root, "site/alpha/2024/index.html");
    assert!(
        page.contains("id=\"section-two\"") && page.contains("Last paragraph."),
        "{page}"
    );
    // Opened inline and never closed in its paragraph.
    write(
        root,
        "content/alpha/2024/01-summary.md",
        "---\ntitle: Summary\n---\n\nFirst <textarea>paragraph.\n\nSecond <script>x</script> paragraph.\n",
    );
    assert_one_unclosed_at(root, (5, 7));
}

/// With raw HTML, nesting is bounded (the cleaner's work grows with its square): a chapter of
/// 100,000 nested elements, or quotes, is refused at once, at the place it gets too deep.
#[test]
fn raw_html_nested_past_the_limit_is_refused_quickly() {
    const LIMIT: std::time::Duration = std::time::Duration::from_secs(120);
    let dir = fixture("basic");
    let root = dir.path();
    write(
        root,
        "content/site.yaml",
        "title: Basic fixture\nallow_raw_html: true\n",
    );
    for body in [
        format!("{}x{}\n", "<div>".repeat(100_000), "</div>".repeat(100_000)),
        format!("{}x\n", ">".repeat(100_000)),
    ] {
        write(
            root,
            "content/alpha/2024/01-summary.md",
            &format!("---\ntitle: Summary\n---\n\n{body}"),
        );
        let out = almanac_within(root, &["check", "--format", "json"], LIMIT);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let diags: Vec<Value> = serde_json::from_slice(&out.stdout).expect("JSON");
        assert!(
            diags
                .iter()
                .any(|d| d["code"] == "too-deep" && d["line"] == 5),
            "{diags:?}"
        );
    }
    // As deep as prose goes, it builds.
    let body = format!("{}x{}\n", "<div>".repeat(50), "</div>".repeat(50));
    write(
        root,
        "content/alpha/2024/01-summary.md",
        &format!("---\ntitle: Summary\n---\n\n{body}"),
    );
    let out = almanac(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// A template in error does not hide the content's broken links and anchors: one run shows
/// both, whether the template fails to compile or to render.
#[test]
fn a_broken_template_does_not_hide_broken_links() {
    for template in ["{% if %}", "{{ nothing.here }}"] {
        let dir = fixture("basic");
        let root = dir.path();
        write(
            root,
            "content/alpha/2024/01-summary.md",
            "---\ntitle: Summary\n---\n\nSee [a](#nowhere) and [b](../nope.html).\n",
        );
        write(root, "templates/index.html", template);
        let (code, diags) = json(root, &[]);
        assert_eq!(code, Some(1), "{diags:?}");
        let found = codes(&diags);
        for want in ["broken-anchor", "broken-link"] {
            assert!(
                found.iter().any(|c| c == want),
                "{template}: no {want} in {found:?}"
            );
        }
        assert!(
            found.iter().any(|c| c.starts_with("template")),
            "{template}: {found:?}"
        );
    }
}

/// Raw HTML in a heading is shown as typed even where raw HTML is allowed: check says so,
/// rather than what cleaning would remove from it.
#[test]
fn raw_html_in_a_heading_is_reported_as_text() {
    let dir = fixture("basic");
    let root = dir.path();
    write(
        root,
        "content/site.yaml",
        "title: Basic fixture\nallow_raw_html: true\n",
    );
    write(
        root,
        "content/alpha/2024/01-summary.md",
        "---\ntitle: Summary\n---\n\n## Head <b onclick=\"x()\">bold</b>\n\nText.\n",
    );
    let (_, diags) = json(root, &[]);
    let found = codes(&diags);
    assert!(found.iter().any(|c| c == "raw-html"), "{found:?}");
    assert!(!found.iter().any(|c| c == "unsafe-html"), "{found:?}");
    let out = almanac(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = read(root, "site/alpha/2024/index.html");
    assert!(
        page.contains("Head &lt;b onclick=&quot;x()&quot;&gt;bold&lt;/b&gt;"),
        "{page}"
    );
}

/// Links and images written in raw HTML are checked as the Markdown's are: a page or file the
/// build does not write, or an id no element of the page has, is reported at its tag.
#[test]
fn links_in_raw_html_are_checked_like_the_markdowns() {
    let dir = fixture("basic");
    let root = dir.path();
    write(
        root,
        "content/site.yaml",
        "title: Basic fixture\nallow_raw_html: true\n",
    );
    let rel = "content/alpha/2024/01-summary.md";
    write(
        root,
        rel,
        "---\ntitle: Summary\n---\n\nHome: <a href=\"../../index.html\">site</a>, [last year](../2023/).\n\n<p>Gone: <a href=\"../2031/\">x</a>\n<img src=\"nope.png\" alt=\"None\"></p>\n\nInline <a href=\"#nowhere\">anchor</a>, <a href=\"https://example.org/x\">out</a>.\n",
    );
    let (_, diags) = json(root, &[]);
    let at = |code: &str| places(&diags, code, rel);
    assert_eq!(at("broken-link"), [(7, 10), (8, 1)], "{diags:?}");
    assert_eq!(at("broken-anchor"), [(10, 8)], "{diags:?}");
    // Each warning at its own tag: not at a `<a` inside a comment, an attribute's value or
    // another tag's name (`<abbr`).
    write(
        root,
        rel,
        "---\ntitle: Summary\n---\n<p><!-- <a href=\"../2023/\"> --> <a href=\"../2044/\">x</a></p>\n\n<p title=\"<a\"><a href=\"../2046/\">x</a></p>\n\n<p><abbr title=\"<a\">x</abbr> <a href=\"../2049/\">y</a></p>\n\n<p><!--> <!---> <!-- x --!> </ a> <a href=\"../2050/\">x</a></p>\n\n<p><span title=a=\">x</span> <a href=\"../2051/\">y</a></p>\n",
    );
    let (_, diags) = json(root, &[]);
    let at = |code: &str| places(&diags, code, rel);
    assert_eq!(
        at("broken-link"),
        [(4, 33), (6, 15), (8, 30), (10, 35), (12, 29)],
        "{diags:?}"
    );
    // A tag inside a `<script>` or a `<textarea>` is text, and leads nowhere; a browser reads
    // an address without the spaces around it.
    write(
        root,
        rel,
        "---\ntitle: Summary\n---\n\n<div><script><a href=\"../2041/\">x</a></script></div>\n\n<div><textarea><a href=\"../2042/\">x</a></textarea></div>\n\nIn a paragraph <textarea><a href=\"../2043/\">x</a></textarea> and <script><a href=\"../2044/\">y</a></script>.\n\n<p><a href=\" ../2023/ \">back</a></p>\n",
    );
    let (_, diags) = json(root, &[]);
    let found = codes(&diags);
    assert!(!found.iter().any(|c| c == "broken-link"), "{diags:?}");
    // The same links made good: nothing to say.
    write(
        root,
        rel,
        "---\ntitle: Summary\n---\n\n<p>Back: <a href=\"../2023/\">x</a> <a href=\"#summary\">top</a></p>\n",
    );
    let (_, diags) = json(root, &[]);
    let found = codes(&diags);
    assert!(!found.iter().any(|c| c.starts_with("broken-")), "{found:?}");
}
