//! End to end: `almanac build` on fixture projects, reading what it writes.

use crate::common::*;
use std::collections::HashSet;

fn built(name: &str) -> tempfile::TempDir {
    let dir = fixture(name);
    let out = almanac(dir.path(), &["build"]);
    assert!(out.status.success(), "build failed:\n{}", stderr(&out));
    dir
}

/// Every `id="…"` of a page.
fn ids(html: &str) -> Vec<String> {
    html.split(" id=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn pages_exist_where_the_readme_says() {
    let dir = built("basic");
    let site = dir.path().join("site");
    for page in [
        "index.html",
        "alpha/index.html",
        "alpha/2023/index.html",
        "alpha/2024/index.html",
        "assets/almanac.css",
    ] {
        assert!(site.join(page).is_file(), "missing {page}");
    }
    let index = read(&site, "index.html");
    assert!(index.contains("href=\"alpha/index.html\""));
    assert!(index.contains("href=\"alpha/2023/index.html\""));
    // The report page leads to the newest edition, without JavaScript.
    let report = read(&site, "alpha/index.html");
    assert!(report.contains("url=../alpha/2024/index.html"), "{report}");
}

#[test]
fn every_file_a_page_or_the_stylesheet_asks_for_is_written() {
    let dir = built("basic");
    let site = dir.path().join("site");
    let css = read(&site, "assets/almanac.css");
    let urls: Vec<&str> = css
        .split("url(\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap_or(""))
        .collect();
    assert!(urls.len() >= 2, "the theme's fonts: {urls:?}");
    for url in urls {
        assert!(
            site.join("assets").join(url).is_file(),
            "the stylesheet asks for assets/{url}, which the build did not write"
        );
    }
    let page = read(&site, "alpha/2023/index.html");
    for attr in ["href=\"", "src=\""] {
        for target in page
            .split(attr)
            .skip(1)
            .map(|s| s.split('"').next().unwrap_or(""))
        {
            if target.starts_with('#') || target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let path = target.split('#').next().unwrap_or("");
            assert!(
                site.join("alpha/2023").join(path).exists(),
                "the page links to {target}, which the build did not write"
            );
        }
    }
}

#[test]
fn base_url_gives_every_page_its_published_address() {
    let dir = built("basic");
    assert!(!read(dir.path(), "site/alpha/2023/index.html").contains("rel=\"canonical\""));
    let site = read(dir.path(), "content/site.yaml");
    write(
        dir.path(),
        "content/site.yaml",
        &format!("{site}base_url: https://example.org/reports/\n"),
    );
    assert!(almanac(dir.path(), &["build"]).status.success());
    for (page, address) in [
        ("index.html", "https://example.org/reports/"),
        // The report's page leads to its newest edition, and names it as its address.
        (
            "alpha/index.html",
            "https://example.org/reports/alpha/2024/",
        ),
        (
            "alpha/2023/index.html",
            "https://example.org/reports/alpha/2023/",
        ),
    ] {
        let html = read(&dir.path().join("site"), page);
        assert!(
            html.contains(&format!("<link rel=\"canonical\" href=\"{address}\">")),
            "{page}"
        );
    }
}

#[test]
fn chapters_come_in_file_name_order_and_the_toc_lists_them_all() {
    let dir = built("basic");
    let page = read(&dir.path().join("site"), "alpha/2023/index.html");
    let main = &page[page.find("class=\"edition-body\"").expect("body")..];
    let positions: Vec<usize> = ["id=\"introduction\"", "id=\"findings\"", "id=\"outlook\""]
        .iter()
        .map(|id| main.find(id).unwrap_or_else(|| panic!("no {id}")))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    let start = page.find("<nav class=\"toc\"").expect("toc");
    let toc = &page[start..start + page[start..].find("</nav>").expect("end of toc")];
    for (href, title) in [
        ("#introduction", "Introduction"),
        ("#findings", "Findings"),
        ("#outlook", "Outlook"),
    ] {
        assert!(
            toc.contains(&format!("<a href=\"{href}\">{title}</a>")),
            "toc lacks {title}"
        );
    }
}

#[test]
fn ids_are_unique_and_every_internal_link_lands() {
    let dir = built("basic");
    let page = read(&dir.path().join("site"), "alpha/2023/index.html");
    let all = ids(&page);
    let unique: HashSet<&String> = all.iter().collect();
    assert_eq!(all.len(), unique.len(), "duplicate ids in {all:?}");
    // Two chapters have a "Background" heading: both get an id of their own.
    assert!(all.contains(&"background".to_string()) && all.contains(&"background-2".to_string()));
    for href in page
        .split("href=\"#")
        .skip(1)
        .map(|s| s.split('"').next().unwrap_or(""))
    {
        assert!(
            unique.contains(&href.to_string()),
            "link to missing #{href}"
        );
    }
}

#[test]
fn a_chapter_or_heading_named_like_an_id_of_the_page_gives_way_to_it() {
    let dir = fixture("basic");
    write(
        dir.path(),
        "content/alpha/2023/04-box-sample.md",
        "---\ntitle: Box sample, the chapter\n---\n## Fig sample\n\nSee @box-sample and @fig-sample.\n\n## Findings title\n\n## Fig sample svg title\n",
    );
    let out = almanac(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = read(&dir.path().join("site"), "alpha/2023/index.html");
    let all = ids(&page);
    let unique: HashSet<&String> = all.iter().collect();
    assert_eq!(all.len(), unique.len(), "duplicate ids in {all:?}");
    assert!(page.contains("<figure class=\"box box-numbers box-short\" id=\"box-sample\">"));
    assert!(page.contains("<figure class=\"figure\" id=\"fig-sample\">"));
}

#[test]
fn footnotes_link_both_ways_without_colliding_across_chapters() {
    let dir = built("basic");
    let page = read(&dir.path().join("site"), "alpha/2023/index.html");
    // Both chapters use the label [^a]; numbering runs across the edition.
    assert!(page.contains(
        "<a href=\"#fn-introduction-a\" id=\"ref-fn-introduction-a\" role=\"doc-noteref\">1</a>"
    ));
    assert!(page.contains(
        "<a href=\"#fn-findings-a\" id=\"ref-fn-findings-a\" role=\"doc-noteref\">2</a>"
    ));
    assert!(page.contains("<li id=\"fn-introduction-a\" value=\"1\">"));
    assert!(page.contains("href=\"#ref-fn-introduction-a\" class=\"note-back\""));
    assert!(page.contains("href=\"#ref-fn-findings-a\" class=\"note-back\""));
}

#[test]
fn references_read_as_numbers_and_code_stays_literal() {
    let dir = built("basic");
    let page = read(&dir.path().join("site"), "alpha/2023/index.html");
    assert!(page.contains("<a class=\"xref\" href=\"#box-sample\">Box 1</a>"));
    assert!(page.contains("<a class=\"xref\" href=\"#fig-sample\">Figure 1</a>"));
    assert!(page.contains("someone@box-sample.org"));
    assert!(page.contains("<code>{{&lt; box literal &gt;}}</code>"));
    assert!(page.contains("<code>@fig-literal</code>"));
    // A `---` in the middle of a chapter is a rule, and the text after it survives.
    assert!(page.contains("This text follows a rule and is not front matter."));
}

#[test]
fn titles_from_content_are_escaped() {
    let dir = fixture("basic");
    write(
        dir.path(),
        "content/site.yaml",
        "title: \"<script>alert('x')</script> & \\\"quotes\\\"\"\n",
    );
    write(
        dir.path(),
        "content/alpha/2023/01-introduction.md",
        "---\ntitle: \"Intro <script>x</script> & 'q'\"\n---\n@box-sample @fig-sample\n",
    );
    let out = almanac(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = read(dir.path(), "site/alpha/2023/index.html");
    assert!(!page.contains("<script>"), "unescaped script");
    assert!(page.contains("<title>Alpha report 2023 · &lt;script&gt;alert(‘x’)&lt;/script&gt; &amp; “quotes”</title>"), "{page}");
    assert!(page.contains("Intro &lt;script&gt;"));
}

#[test]
fn control_characters_from_content_never_reach_a_page() {
    let dir = fixture("basic");
    write(
        dir.path(),
        "content/alpha/2023/04-bell.md",
        "---\ntitle: \"Bell\\a and escape\\e\"\n---\nA bell \u{7} and an escape \u{1B}[1m here.\n",
    );
    let out = almanac(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = read(dir.path(), "site/alpha/2023/index.html");
    assert!(page.contains("Bell and escape"), "title lost");
    assert!(
        page.contains("A bell  and an escape [1m here."),
        "text lost"
    );
    let bad: Vec<char> = page
        .chars()
        .filter(|&c| c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    assert!(bad.is_empty(), "control characters in the page: {bad:?}");
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = fixture("basic");
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
    let a = tree(&dir.path().join("a"));
    let b = tree(&dir.path().join("b"));
    assert!(!a.is_empty());
    assert_eq!(a, b);
}

#[test]
fn a_failed_build_exits_1_and_leaves_the_previous_site_untouched() {
    let dir = built("basic");
    let before = tree(&dir.path().join("site"));
    write(
        dir.path(),
        "content/alpha/2023/02-findings.md",
        "---\ntitle: [broken\n---\nText\n",
    );
    let out = almanac(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("content/alpha/2023/02-findings.md:2:"),
        "{}",
        stderr(&out)
    );
    assert_eq!(tree(&dir.path().join("site")), before);
}

#[test]
fn a_successful_build_leaves_no_stale_file() {
    let dir = built("basic");
    std::fs::remove_dir_all(dir.path().join("content/alpha/2024")).expect("rm");
    let out = almanac(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!dir.path().join("site/alpha/2024").exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // The lock file stays: removing it would let two builds hold two locks. So does the
        // site the build replaced, which the next build starts from.
        .filter(|n| n.starts_with(".site.") && n != ".site.lock" && n != ".site.previous")
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_rebuild_links_unchanged_files_and_rewrites_changed_or_tampered_ones() {
    use std::os::unix::fs::MetadataExt;
    let dir = built("basic");
    let site = dir.path().join("site");
    let meta = |rel: &str| std::fs::metadata(site.join(rel)).expect("stat");
    let css = meta("assets/almanac.css").ino();
    let page_2023 = meta("alpha/2023/index.html").ino();
    let page_2024 = read(&site, "alpha/2024/index.html");
    write(&site, "alpha/2024/index.html", "tampered by hand");
    let findings = read(dir.path(), "content/alpha/2023/02-findings.md");
    write(
        dir.path(),
        "content/alpha/2023/02-findings.md",
        &format!("{findings}\nAn added closing sentence.\n"),
    );
    let out = almanac(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Unchanged: the same file, linked over; its other name is in the site it replaced, kept
    // beside the output for the next build to start from.
    assert_eq!(meta("assets/almanac.css").ino(), css);
    assert_eq!(meta("assets/almanac.css").nlink(), 2);
    let kept = std::fs::metadata(dir.path().join(".site.previous/assets/almanac.css"));
    assert_eq!(kept.expect("stat").ino(), css);
    // Changed: written anew, with the new text.
    assert_ne!(meta("alpha/2023/index.html").ino(), page_2023);
    assert!(read(&site, "alpha/2023/index.html").contains("An added closing sentence."));
    // Edited in the output by hand: compared by bytes, so rebuilt, not linked.
    assert_eq!(read(&site, "alpha/2024/index.html"), page_2024);

    // A folder of the output replaced by a link to elsewhere: nothing is linked from there.
    let outside = tempfile::tempdir().expect("temp dir");
    let moved = outside.path().join("alpha");
    std::fs::rename(site.join("alpha"), &moved).expect("move");
    std::os::unix::fs::symlink(&moved, site.join("alpha")).expect("link");
    let out = almanac(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let kept = std::fs::metadata(moved.join("2024/index.html")).expect("stat");
    assert_eq!(
        kept.nlink(),
        1,
        "the outside file is not shared with the site"
    );
    assert!(
        !std::fs::symlink_metadata(site.join("alpha"))
            .expect("stat")
            .is_symlink()
    );
}

#[test]
fn a_project_template_overrides_the_default_file_by_file() {
    let dir = fixture("basic");
    write(
        dir.path(),
        "templates/report.html",
        "{% extends \"base.html\" %}{% block body %}<main id=\"main\"><p class=\"custom\">Custom {{ report.name }}</p></main>{% endblock body %}",
    );
    let out = almanac(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        read(dir.path(), "site/alpha/index.html").contains("<p class=\"custom\">Custom Alpha</p>")
    );
    // The other templates are still the built-in ones.
    assert!(read(dir.path(), "site/alpha/2023/index.html").contains("class=\"toc\""));

    // A broken one is named as the project's file, with its line and column.
    write(
        dir.path(),
        "templates/report.html",
        "{% extends \"base.html\" %}{% block body %}{{ nope( }}{% endblock body %}",
    );
    let out = almanac(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("--> templates/report.html:1:"),
        "{}",
        stderr(&out)
    );
    // The place is the diagnostic's own, for tools too, and the message is one line.
    let out = almanac(dir.path(), &["check", "--format", "json"]);
    let diags: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let d = &diags[0];
    assert_eq!(d["code"], "template-error");
    assert_eq!(d["file"], "templates/report.html");
    assert_eq!(d["line"], 1);
    assert!(d["column"].as_u64().is_some_and(|c| c > 40), "{d}");
    assert!(!d["message"].as_str().unwrap_or("\n").contains('\n'), "{d}");
}

#[test]
fn unknown_shortcodes_and_references_fail_with_file_and_line() {
    let dir = fixture("basic");
    write(
        dir.path(),
        "content/alpha/2023/03-outlook.md",
        "---\ntitle: Outlook\n---\n{{< figure fig-sample >}}\n\n{{< chart fig-sample >}}\n\nSee @fig-nothing.\n",
    );
    let out = almanac(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("error[unknown-shortcode]: unknown shortcode `chart`"),
        "{err}"
    );
    assert!(
        err.contains("--> content/alpha/2023/03-outlook.md:6:1"),
        "{err}"
    );
    assert!(
        err.contains("error[unknown-reference]: unknown reference `@fig-nothing`"),
        "{err}"
    );
    assert!(
        err.contains("--> content/alpha/2023/03-outlook.md:8:5"),
        "{err}"
    );
    assert!(
        !dir.path().join("site").exists(),
        "a failed build writes nothing"
    );
}

#[test]
fn usage_errors_exit_2_and_help_documents_the_flags() {
    let dir = fixture("basic");
    assert_eq!(
        almanac(dir.path(), &["build", "--nope"]).status.code(),
        Some(2)
    );
    let help = almanac(dir.path(), &["build", "--help"]);
    let text = String::from_utf8_lossy(&help.stdout);
    for flag in ["--root", "--out", "--drafts"] {
        assert!(text.contains(flag), "help lacks {flag}");
    }
    assert!(almanac(dir.path(), &["--version"]).status.success());
}

#[test]
fn the_output_folder_may_not_hold_the_project() {
    let dir = fixture("basic");
    for out in [".", "content/site", ".almanac-cache/pages"] {
        let o = almanac(dir.path(), &["build", "--out", out]);
        assert_eq!(o.status.code(), Some(1), "--out {out}");
        assert!(stderr(&o).contains("output-folder"));
    }
    assert!(dir.path().join("content/site.yaml").is_file());
}
