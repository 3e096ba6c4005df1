//! Being found and cited: `sitemap.xml` and `atom.xml`, each page's metadata (description,
//! canonical address, Open Graph, `noindex` on drafts), the footer's rights, and titles set
//! with the same typography as the prose, on the `found` fixture (two reports, dated and
//! undated editions, a draft, markup and quotes in every field; numbers synthetic).

use crate::common::*;
use serde_json::Value;
use std::path::Path;

/// The `found` fixture in a temporary folder, built with `args` (`--drafts`, say).
fn built(args: &[&str]) -> tempfile::TempDir {
    let dir = fixture("found");
    build(dir.path(), args);
    dir
}

fn build(root: &Path, args: &[&str]) {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let out = almanac(root, &all);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// The fixture's site.yaml without its `base_url`.
fn without_base_url(root: &Path) {
    let site = read(root, "content/site.yaml");
    let kept: Vec<&str> = site
        .lines()
        .filter(|l| !l.starts_with("base_url:"))
        .collect();
    write(root, "content/site.yaml", &(kept.join("\n") + "\n"));
}

fn page(root: &Path, rel: &str) -> String {
    read(&root.join("site"), rel)
}

/// Every HTML page of the built site, by its path in the site.
fn pages(root: &Path) -> Vec<(String, String)> {
    tree(&root.join("site"))
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, bytes)| (p, String::from_utf8(bytes).expect("UTF-8 page")))
        .collect()
}

/// The `content` of the `<meta>` whose `attr` is `name` (`name="description"`,
/// `property="og:title"`), as written (escaped).
fn meta<'a>(html: &'a str, attr: &str, name: &str) -> Option<&'a str> {
    let tag = format!("<meta {attr}=\"{name}\" content=\"");
    let start = html.find(&tag)? + tag.len();
    html[start..].split('"').next()
}

fn json_check(root: &Path) -> Vec<Value> {
    let out = almanac(root, &["check", "--format", "json"]);
    serde_json::from_slice(&out.stdout).expect("JSON array")
}

/// The `(loc, lastmod)` of every `<url>` of a sitemap.
fn sitemap_urls(text: &str) -> Vec<(String, Option<String>)> {
    let doc = roxmltree::Document::parse(text).expect("the sitemap is XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let child = |n: roxmltree::Node, name: &str| {
        n.children()
            .find(|c| c.has_tag_name(name))
            .and_then(|c| c.text())
            .map(str::to_string)
    };
    root.children()
        .filter(|n| n.is_element())
        .map(|u| {
            assert!(u.has_tag_name("url"));
            (child(u, "loc").expect("loc"), child(u, "lastmod"))
        })
        .collect()
}

const ATOM: &str = "http://www.w3.org/2005/Atom";

#[test]
fn sitemap_and_feed_are_written_only_with_a_base_url() {
    let dir = fixture("found");
    without_base_url(dir.path());
    build(dir.path(), &["--drafts"]);
    let site = dir.path().join("site");
    assert!(!site.join("sitemap.xml").exists());
    assert!(!site.join("atom.xml").exists());
    for (path, html) in pages(dir.path()) {
        assert!(!html.contains("application/atom+xml"), "{path}");
        assert!(!html.contains("rel=\"canonical\""), "{path}");
        assert!(!html.contains("og:url"), "{path}");
        // The rest of the metadata is there either way.
        assert!(html.contains("<meta property=\"og:title\""), "{path}");
    }
    // No undated-edition warning either: without an address there is no feed.
    assert!(
        !json_check(dir.path())
            .iter()
            .any(|d| d["code"] == "undated-edition")
    );

    let dir = built(&["--drafts"]);
    let site = dir.path().join("site");
    assert!(site.join("sitemap.xml").is_file());
    assert!(site.join("atom.xml").is_file());
    for (path, html) in pages(dir.path()) {
        let depth = path.matches('/').count();
        let feed = format!(
            "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"{}atom.xml\"",
            "../".repeat(depth)
        );
        assert_eq!(html.matches(&feed).count(), 1, "{path}");
    }
}

#[test]
fn the_sitemap_lists_the_index_published_editions_and_comparisons() {
    let dir = built(&["--drafts"]);
    let urls = sitemap_urls(&page(dir.path(), "sitemap.xml"));
    let expected: Vec<(String, Option<String>)> = [
        ("https://example.org/reports/", None),
        (
            "https://example.org/reports/alpha/2022/",
            Some("2023-03-15"),
        ),
        ("https://example.org/reports/alpha/2023/", None),
        ("https://example.org/reports/beta/2021/", Some("2023-03-15")),
        ("https://example.org/reports/beta/2023/", Some("2023-09-30")),
    ]
    .iter()
    .map(|(l, d)| (l.to_string(), d.map(str::to_string)))
    .collect();
    // Not the draft (alpha/2024), not the reports' pages that only lead on.
    assert_eq!(urls, expected);

    // A comparison page is listed after the editions.
    let dir = fixture("found");
    for (report, year, value) in [("alpha", "2022", "1.5"), ("beta", "2023", "2")] {
        write(
            dir.path(),
            &format!("content/{report}/{year}/data/indicators.yaml"),
            &format!(
                "indicators:\n  - {{ id: share, label: \"Share's (synthetic)\", value: {value} }}\n"
            ),
        );
        let chapter = format!("content/{report}/{year}/01-more.md");
        write(
            dir.path(),
            &chapter,
            "---\ntitle: More\n---\nThe share is {{< value share >}}.\n",
        );
    }
    // beta's newest is 2023, alpha's is the undated 2023: give it the indicator too.
    write(
        dir.path(),
        "content/alpha/2023/data/indicators.yaml",
        "indicators:\n  - { id: share, label: \"Share's (synthetic)\", value: 1.7 }\n",
    );
    write(
        dir.path(),
        "content/alpha/2023/01-second.md",
        "---\ntitle: Second\n---\nThe share is {{< value share >}}.\n",
    );
    build(dir.path(), &[]);
    let urls = sitemap_urls(&page(dir.path(), "sitemap.xml"));
    assert_eq!(
        urls.last().map(|(l, _)| l.as_str()),
        Some("https://example.org/reports/compare/share/")
    );
    assert_eq!(urls.len(), 6);
    // The comparison's title is set as every title is.
    let compare = page(dir.path(), "compare/share/index.html");
    assert!(compare.contains("<h1>Share’s (synthetic) across countries</h1>"));
}

#[test]
fn the_feed_lists_dated_published_editions_newest_first() {
    let dir = built(&["--drafts"]);
    let text = page(dir.path(), "atom.xml");
    let doc = roxmltree::Document::parse(&text).expect("the feed is XML");
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")));
    let text_of = |n: roxmltree::Node, name: &str| -> Vec<String> {
        n.children()
            .filter(|c| c.has_tag_name((ATOM, name)))
            .map(|c| c.text().unwrap_or("").to_string())
            .collect()
    };
    let site_title = "Found & “cited” <script>alert(‘x’)</script> ]]> reports";
    let site_description = "Synthetic reports for the site's tests: 'quotes' & <b>markup</b> ]]>.";
    assert_eq!(text_of(feed, "id"), ["https://example.org/reports/"]);
    assert_eq!(text_of(feed, "title"), [site_title]);
    assert_eq!(text_of(feed, "subtitle"), [site_description]);
    assert_eq!(text_of(feed, "updated"), ["2023-09-30T00:00:00Z"]);
    let links: Vec<(&str, &str)> = feed
        .children()
        .filter(|c| c.has_tag_name((ATOM, "link")))
        .map(|l| {
            (
                l.attribute("rel").unwrap_or(""),
                l.attribute("href").unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        links,
        [
            ("self", "https://example.org/reports/atom.xml"),
            ("alternate", "https://example.org/reports/")
        ]
    );
    // An entry has no author (beta 2023): the feed names one for it, the site.
    let feed_author: Vec<Vec<String>> = feed
        .children()
        .filter(|c| c.has_tag_name((ATOM, "author")))
        .map(|a| text_of(a, "name"))
        .collect();
    assert_eq!(feed_author, [vec![site_title.to_string()]]);

    struct Entry {
        id: String,
        link: String,
        title: String,
        updated: String,
        authors: Vec<String>,
        summary: String,
    }
    let entries: Vec<Entry> = feed
        .children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .map(|e| Entry {
            id: text_of(e, "id").concat(),
            link: e
                .children()
                .find(|c| c.has_tag_name((ATOM, "link")))
                .and_then(|l| l.attribute("href"))
                .unwrap_or("")
                .to_string(),
            title: text_of(e, "title").concat(),
            updated: text_of(e, "updated").concat(),
            authors: e
                .children()
                .filter(|c| c.has_tag_name((ATOM, "author")))
                .flat_map(|a| text_of(a, "name"))
                .collect(),
            summary: text_of(e, "summary").concat(),
        })
        .collect();
    // Newest first; the two of 2023-03-15 by report folder. Not the undated alpha 2023, not
    // the draft.
    let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "https://example.org/reports/beta/2023/",
            "https://example.org/reports/alpha/2022/",
            "https://example.org/reports/beta/2021/",
        ]
    );
    for e in &entries {
        assert_eq!(e.link, e.id);
    }
    let updated: Vec<&str> = entries.iter().map(|e| e.updated.as_str()).collect();
    assert_eq!(
        updated,
        [
            "2023-09-30T00:00:00Z",
            "2023-03-15T00:00:00Z",
            "2023-03-15T00:00:00Z"
        ]
    );
    assert_eq!(
        entries[1].title,
        "Alpha’s <land>: Alpha 2022: China’s ‘first’ look"
    );
    assert_eq!(entries[0].title, "Beta: Beta 2023");
    assert_eq!(entries[1].authors, ["Ann O'Hara", "Bo <b> & \"Co\""]);
    assert!(entries[0].authors.is_empty());
    assert_eq!(entries[2].authors, ["Cy"]);
    // The edition's own description, else the report's summary, else the site's description.
    assert_eq!(
        entries[1].summary,
        "The first \"alpha\" edition & <script>x</script> ]]>"
    );
    assert_eq!(entries[0].summary, site_description);

    // With no dated edition there is nothing to date a feed by: no feed, and no page links
    // to one; the sitemap stays.
    let dir = fixture("found");
    for edition in ["alpha/2022", "beta/2021", "beta/2023"] {
        let rel = format!("content/{edition}/edition.yaml");
        let text = read(dir.path(), &rel);
        let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("date:")).collect();
        write(dir.path(), &rel, &(kept.join("\n") + "\n"));
    }
    build(dir.path(), &["--drafts"]);
    assert!(!dir.path().join("site/atom.xml").exists());
    assert!(dir.path().join("site/sitemap.xml").exists());
    assert!(
        pages(dir.path())
            .iter()
            .all(|(_, html)| !html.contains("application/atom+xml"))
    );
}

#[test]
fn building_twice_gives_the_same_bytes() {
    let dir = built(&["--drafts"]);
    let first = tree(&dir.path().join("site"));
    build(dir.path(), &["--drafts"]);
    assert_eq!(first, tree(&dir.path().join("site")));
    let other = built(&["--drafts"]);
    assert_eq!(first, tree(&other.path().join("site")));
}

#[test]
fn a_published_edition_without_a_date_is_warned_once_with_a_base_url() {
    let dir = fixture("found");
    let diags = json_check(dir.path());
    let undated: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "undated-edition")
        .collect();
    assert_eq!(undated.len(), 1, "{diags:?}");
    let d = undated[0];
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["file"], "content/alpha/2023/edition.yaml");
    assert_eq!(
        d["message"],
        "the 2023 edition has no `date`, so the Atom feed leaves it out"
    );
    assert_eq!(d["help"], "give it `date: YYYY-MM-DD`");
    // Once, with drafts or not; a draft without a date is not warned (it is in no feed).
    write(
        dir.path(),
        "content/alpha/2024/edition.yaml",
        "title: Alpha draft\nstatus: draft\n",
    );
    let out = almanac(dir.path(), &["check", "--drafts", "--format", "json"]);
    let diags: Vec<Value> = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        diags
            .iter()
            .filter(|d| d["code"] == "undated-edition")
            .count(),
        1
    );
    // A date in error is reported as such, not again as missing.
    write(
        dir.path(),
        "content/alpha/2023/edition.yaml",
        "title: Alpha 2023\ndate: 2023-02-30\n",
    );
    let codes: Vec<String> = json_check(dir.path())
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(codes.contains(&"invalid-date".to_string()), "{codes:?}");
    assert!(!codes.contains(&"undated-edition".to_string()), "{codes:?}");
    // A `date` written empty or null is no date: warned, at the key.
    for empty in ["date:", "date: ~", "date: null"] {
        write(
            dir.path(),
            "content/alpha/2023/edition.yaml",
            &format!("title: Alpha 2023\n{empty}\n"),
        );
        let diags = json_check(dir.path());
        let d = diags
            .iter()
            .find(|d| d["code"] == "undated-edition")
            .unwrap_or_else(|| panic!("{empty}: {diags:?}"));
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(2), Some(1))
        );
    }
}

#[test]
fn blank_text_is_no_text_and_leaves_the_fallback_in_place() {
    let dir = fixture("found");
    let edition = read(dir.path(), "content/beta/2023/edition.yaml");
    write(
        dir.path(),
        "content/beta/2023/edition.yaml",
        &format!("{edition}description: \"  \"\n"),
    );
    let site = read(dir.path(), "content/site.yaml");
    let site: String = site
        .lines()
        .filter(|l| !l.starts_with("copyright:"))
        .map(|l| format!("{l}\n"))
        .collect();
    write(
        dir.path(),
        "content/site.yaml",
        &format!("{site}copyright: \"\"\n"),
    );
    build(dir.path(), &[]);
    let html = page(dir.path(), "beta/2023/index.html");
    let description = meta(&html, "name", "description").expect("a description");
    assert!(!description.trim().is_empty());
    assert!(!html.contains("© <"), "a lone ©");
    let feed = page(dir.path(), "atom.xml");
    assert!(!feed.contains("<summary></summary>"), "{feed}");
}

#[test]
fn every_page_has_exactly_one_canonical_link() {
    let dir = built(&["--drafts"]);
    let all = pages(dir.path());
    assert!(all.len() >= 8, "{}", all.len());
    for (path, html) in &all {
        assert_eq!(html.matches("rel=\"canonical\"").count(), 1, "{path}");
        assert_eq!(html.matches("property=\"og:url\"").count(), 1, "{path}");
        let canonical = html
            .split("<link rel=\"canonical\" href=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or("");
        assert_eq!(meta(html, "property", "og:url"), Some(canonical), "{path}");
    }
    let canonical_of = |rel: &str| {
        let html = page(dir.path(), rel);
        html.split("<link rel=\"canonical\" href=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(canonical_of("index.html"), "https://example.org/reports/");
    assert_eq!(
        canonical_of("beta/2021/index.html"),
        "https://example.org/reports/beta/2021/"
    );
    // A report's page leads on to its newest published edition, and names it as canonical.
    assert_eq!(
        canonical_of("alpha/index.html"),
        "https://example.org/reports/alpha/2023/"
    );
    assert!(
        page(dir.path(), "alpha/index.html")
            .contains("<meta http-equiv=\"refresh\" content=\"0; url=../alpha/2023/index.html\">")
    );
    assert_eq!(
        canonical_of("beta/index.html"),
        "https://example.org/reports/beta/2023/"
    );
}

#[test]
fn drafts_and_only_drafts_ask_not_to_be_indexed() {
    let dir = built(&["--drafts"]);
    for (path, html) in pages(dir.path()) {
        let noindex = html
            .matches("<meta name=\"robots\" content=\"noindex\">")
            .count();
        let expected = usize::from(path == "alpha/2024/index.html");
        assert_eq!(noindex, expected, "{path}");
        assert_eq!(html.matches("name=\"robots\"").count(), expected, "{path}");
    }
}

#[test]
fn each_page_describes_itself_for_search_and_sharing() {
    let dir = built(&["--drafts"]);
    let site_description = "Synthetic reports for the site&#39;s tests: &#39;quotes&#39; &amp; &lt;b&gt;markup&lt;/b&gt; ]]&gt;.";
    let summary = "Alpha&#39;s summary &amp; &lt;i&gt;more&lt;/i&gt; ]]&gt;";
    let site_title = "Found &amp; “cited” &lt;script&gt;alert(‘x’)&lt;/script&gt; ]]&gt; reports";
    for (rel, og_type, title, description) in [
        ("index.html", "website", site_title, site_description),
        (
            "alpha/2022/index.html",
            "article",
            "Alpha 2022: China’s ‘first’ look",
            "The first &quot;alpha&quot; edition &amp; &lt;script&gt;x&lt;/script&gt; ]]&gt;",
        ),
        (
            "alpha/2023/index.html",
            "article",
            "Alpha 2023 – the second…",
            summary,
        ),
        (
            "alpha/2024/index.html",
            "article",
            "Alpha draft’s edition",
            "A draft&#39;s own description.",
        ),
        (
            "beta/2023/index.html",
            "article",
            "Beta 2023",
            site_description,
        ),
        (
            "alpha/index.html",
            "website",
            "Alpha’s &lt;land&gt;: The “alpha” report &amp; co",
            summary,
        ),
    ] {
        let html = page(dir.path(), rel);
        assert_eq!(
            meta(&html, "name", "description"),
            Some(description),
            "{rel}"
        );
        assert_eq!(
            meta(&html, "property", "og:description"),
            Some(description),
            "{rel}"
        );
        assert_eq!(meta(&html, "property", "og:type"), Some(og_type), "{rel}");
        assert_eq!(meta(&html, "property", "og:title"), Some(title), "{rel}");
        assert_eq!(
            meta(&html, "property", "og:site_name"),
            Some(site_title),
            "{rel}"
        );
        assert_eq!(html.matches("name=\"description\"").count(), 1, "{rel}");
        assert!(!html.contains("og:image"), "{rel}");
        assert!(!html.contains("<script"), "{rel}");
    }
}

#[test]
fn the_footer_carries_the_rights_of_the_site_or_of_its_report() {
    let dir = built(&["--drafts"]);
    let footer = |rel: &str| {
        let html = page(dir.path(), rel);
        let start = html.find("<footer class=\"site-footer\">").expect("footer");
        html[start..].to_string()
    };
    let site_rights = "<p class=\"rights\"><span class=\"copyright\">© 2024 The &lt;Almanac&gt; &amp; &#39;Friends&#39;</span> · <span class=\"license\">Licence: <a rel=\"license\" href=\"https://creativecommons.org/licenses/by/4.0/?a=1&amp;b=2\">CC BY 4.0 &lt;script&gt;</a></span></p>\n<p>Built with almanac.</p>";
    let alpha_rights = "<p class=\"rights\"><span class=\"copyright\">© Alpha Office &amp; &#39;partners&#39;</span> · <span class=\"license\">Licence: <a rel=\"license\" href=\"https://creativecommons.org/publicdomain/zero/1.0/\">CC0 &lt;1.0&gt;</a></span></p>\n<p>Built with almanac.</p>";
    for rel in ["index.html", "beta/index.html", "beta/2021/index.html"] {
        assert!(footer(rel).contains(site_rights), "{rel}: {}", footer(rel));
    }
    for rel in [
        "alpha/index.html",
        "alpha/2022/index.html",
        "alpha/2024/index.html",
    ] {
        assert!(footer(rel).contains(alpha_rights), "{rel}: {}", footer(rel));
    }

    // A report's copyright alone keeps the site's licence; a licence of its own takes the
    // site's name and address away together; a copyright that has its `©` keeps it once.
    let dir = fixture("found");
    write(
        dir.path(),
        "content/alpha/report.yaml",
        "name: Alpha\ntitle: A\ncopyright: © Alpha\n",
    );
    write(
        dir.path(),
        "content/beta/report.yaml",
        "name: Beta\ntitle: B\nlicense_url: https://example.org/beta-licence\n",
    );
    build(dir.path(), &[]);
    let alpha = page(dir.path(), "alpha/2022/index.html");
    assert!(alpha.contains("<span class=\"copyright\">© Alpha</span> · <span class=\"license\">Licence: <a rel=\"license\" href=\"https://creativecommons.org/licenses/by/4.0/?a=1&amp;b=2\">CC BY 4.0 &lt;script&gt;</a></span>"), "{alpha}");
    let beta = page(dir.path(), "beta/2023/index.html");
    assert!(beta.contains("<span class=\"copyright\">© 2024 The &lt;Almanac&gt; &amp; &#39;Friends&#39;</span> · <span class=\"license\">Licence: <a class=\"url\" rel=\"license\" href=\"https://example.org/beta-licence\">https://example.org/beta-licence</a></span>"), "{beta}");

    // Without any, the footer is as it was.
    write(
        dir.path(),
        "content/site.yaml",
        "title: Plain\nbase_url: https://example.org/\n",
    );
    write(
        dir.path(),
        "content/alpha/report.yaml",
        "name: Alpha\ntitle: A\n",
    );
    write(
        dir.path(),
        "content/beta/report.yaml",
        "name: Beta\ntitle: B\n",
    );
    build(dir.path(), &[]);
    assert!(
        page(dir.path(), "alpha/2022/index.html")
            .contains("<footer class=\"site-footer\">\n<p>Built with almanac.</p>\n</footer>")
    );
}

#[test]
fn a_license_url_that_is_no_web_address_is_an_error_at_its_place() {
    let dir = fixture("found");
    let site = read(dir.path(), "content/site.yaml").replace(
        "license_url: \"https://creativecommons.org/licenses/by/4.0/?a=1&b=2\"",
        "license_url: javascript:alert(1)",
    );
    write(dir.path(), "content/site.yaml", &site);
    write(
        dir.path(),
        "content/beta/report.yaml",
        "name: Beta\ntitle: B\nlicense: Mine\nlicense_url: /licence.html\n",
    );
    let diags = json_check(dir.path());
    let mut bad: Vec<(String, u64, u64)> = diags
        .iter()
        .filter(|d| d["code"] == "invalid-license-url")
        .map(|d| {
            assert_eq!(d["severity"], "error");
            (
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    bad.sort();
    assert_eq!(
        bad,
        [
            ("content/beta/report.yaml".to_string(), 4, 14),
            ("content/site.yaml".to_string(), 7, 14),
        ],
        "{diags:?}"
    );
    let out = almanac(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.path().join("site").exists());
}

#[test]
fn titles_read_with_smart_quotes_everywhere_and_downloads_keep_them_as_written() {
    let dir = built(&[]);
    let html = page(dir.path(), "alpha/2022/index.html");
    let start = html.find("<nav class=\"toc\"").expect("toc");
    let toc = &html[start..start + html[start..].find("</nav>").expect("end of toc")];
    // The chapter's title from its front matter and its heading from the Markdown read alike.
    assert!(
        toc.contains("<a href=\"#rise\">China’s “rise” – 2013–2021…</a>"),
        "{toc}"
    );
    assert!(toc.contains(">China’s “rise” – again…</a>"), "{toc}");
    assert!(
        toc.contains("<a href=\"#box-quotes\">Box 1. Tom’s “best” box – 2013–2021 &lt;i&gt;</a>")
    );
    assert!(toc.contains("<a href=\"#fig-quotes\">Figure 1. Tom’s “figure” (synthetic)</a>"));
    assert!(!toc.contains("&#39;") && !toc.contains("&quot;"), "{toc}");
    assert!(html.contains(
        "<title>Alpha 2022: China’s ‘first’ look · Found &amp; “cited” &lt;script&gt;alert(‘x’)&lt;/script&gt; ]]&gt; reports</title>"
    ));
    assert!(html.contains("<h1>Alpha 2022: China’s ‘first’ look</h1>"));
    assert!(html.contains("<h2 id=\"rise-title\">China’s “rise” – 2013–2021…</h2>"));
    assert!(html.contains("<p class=\"report-name\">Alpha’s &lt;land&gt;</p>"));
    assert!(html.contains(
        "<span class=\"box-number\">Box 1.</span> Tom’s “best” box – 2013–2021 &lt;i&gt;</figcaption>"
    ));
    assert!(html.contains(
        "<caption class=\"box-caption\">Box 1. Tom’s “best” box – 2013–2021 &lt;i&gt;</caption>"
    ));
    assert!(html.contains(
        "<span class=\"figure-number\">Figure 1.</span> Tom’s “figure” (synthetic)<span class=\"figure-subtitle\">Bars ‘n’ more…</span>"
    ));
    assert!(html.contains("<title id=\"fig-quotes-svg-title\">Tom’s “figure” (synthetic)</title>"));
    // The prose is Markdown's, as before.
    assert!(html.contains("The “prose” is curled by Markdown: China’s rise."));
    // Set once: no title is set twice over (an `&amp;amp;` or a doubled quote would show it).
    assert!(!html.contains("&amp;amp;"));
    let index = page(dir.path(), "index.html");
    assert!(index.contains(">Alpha’s &lt;land&gt;</a></h2>"), "{index}");
    assert!(index.contains("<p class=\"report-title\">The “alpha” report &amp; co</p>"));
    // The downloads carry the text as written.
    let csv = page(dir.path(), "alpha/2022/data/box-quotes.csv");
    assert!(csv.contains("\"Tom's \"\"Bar\"\"\",1\r\n"), "{csv}");
    let json: Value =
        serde_json::from_str(&page(dir.path(), "alpha/2022/data/box-quotes.json")).expect("JSON");
    assert_eq!(json["title"], "Tom's \"best\" box -- 2013--2021 <i>");
    let json: Value =
        serde_json::from_str(&page(dir.path(), "alpha/2022/data/fig-quotes.json")).expect("JSON");
    assert_eq!(json["title"], "Tom's \"figure\" (synthetic)");
}
