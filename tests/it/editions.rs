//! Editions and series: indicators and the value shortcode, drafts and the newest edition,
//! new-edition, diff and the changes section, the outline check and comparison pages.

use crate::common::*;

fn built(extra: &[&str]) -> tempfile::TempDir {
    let dir = fixture("series");
    let mut args = vec!["build"];
    args.extend_from_slice(extra);
    let out = almanac(dir.path(), &args);
    assert!(out.status.success(), "{}", stderr(&out));
    dir
}

#[test]
fn the_narrative_quotes_indicators_formatted() {
    let dir = built(&[]);
    let page = read(dir.path(), "site/north/2023/index.html");
    assert!(
        page.contains("R&amp;D intensity reached 2.15% in 2022, against a threshold of 2%; the country ranks 12th."),
        "{page}"
    );
    let old = read(dir.path(), "site/north/2022/index.html");
    assert!(old.contains("R&amp;D intensity reached 1.80% in 2021"));
}

#[test]
fn text_that_quotes_data_changes_when_the_data_does() {
    let dir = fixture("series");
    let path = "content/north/2023/data/indicators.yaml";
    let changed = read(dir.path(), path).replace("value: 2.15", "value: 2.5");
    write(dir.path(), path, &changed);
    assert!(almanac(dir.path(), &["build"]).status.success());
    assert!(
        read(dir.path(), "site/north/2023/index.html")
            .contains("R&amp;D intensity reached 2.50% in 2022")
    );
}

#[test]
fn an_indicator_box_shows_values_against_thresholds() {
    let dir = built(&[]);
    let page = read(dir.path(), "site/north/2022/index.html");
    assert!(page.contains("<tr><th scope=\"row\" data-label=\"Indicator\">R&amp;D intensity</th><td class=\"align-right\" data-label=\"Value\">1.80%</td><td data-label=\"Year\">2021</td><td class=\"align-right\" data-label=\"Threshold\">2%</td><td data-label=\"Status\">Not met: below the threshold</td></tr>"), "{page}");
    // Lower is better: a value above its threshold misses it, one at or below meets it.
    let dir = fixture("series");
    let path = "content/north/2022/data/indicators.yaml";
    let lower = read(dir.path(), path).replace(
        "value: 14, ordinal: true, year: 2021, direction: lower }",
        "value: 14, ordinal: true, year: 2021, direction: lower, threshold: 10 }",
    );
    write(dir.path(), path, &lower);
    assert!(almanac(dir.path(), &["build", "--no-pdf"]).status.success());
    let page = read(dir.path(), "site/north/2022/index.html");
    assert!(
        page.contains("<td data-label=\"Status\">Not met: above the threshold</td>"),
        "{page}"
    );
    write(
        dir.path(),
        path,
        &lower.replace("threshold: 10 }", "threshold: 20 }"),
    );
    assert!(almanac(dir.path(), &["build", "--no-pdf"]).status.success());
    let page = read(dir.path(), "site/north/2022/index.html");
    assert!(
        page.contains("<td data-label=\"Status\">Met: at or below the threshold</td>"),
        "{page}"
    );
}

#[test]
fn value_shortcode_errors_name_file_and_line() {
    let dir = fixture("series");
    write(
        dir.path(),
        "content/north/2023/01-overview.md",
        "---\ntitle: Overview\n---\nA {{< value rd-intensty >}} and {{< value rank field=yeer >}} and {{< value patents field=threshold >}}.\n\n{{< box box-indicators >}}\n\n{{< box box-trade >}}\n",
    );
    let out = almanac(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("error[unknown-indicator]: this edition has no indicator `rd-intensty`"),
        "{err}"
    );
    assert!(
        err.contains("--> content/north/2023/01-overview.md:4:3"),
        "{err}"
    );
    assert!(err.contains("did you mean `rd-intensity`?"));
    assert!(
        err.contains("error[unknown-field]: indicators have no field `yeer`"),
        "{err}"
    );
    assert!(
        err.contains("--> content/north/2023/01-overview.md:4:33"),
        "{err}"
    );
    assert!(
        err.contains("error[missing-field]: the indicator `patents` has no `threshold`"),
        "{err}"
    );
}

#[test]
fn drafts_are_built_only_when_asked_and_never_the_newest() {
    let dir = built(&[]);
    assert!(!dir.path().join("site/south/2023").exists());
    assert!(read(dir.path(), "site/south/index.html").contains("url=../south/2022/index.html"));

    let dir = built(&["--drafts"]);
    assert!(dir.path().join("site/south/2023/index.html").is_file());
    // Even when built, a draft does not become the newest edition.
    assert!(read(dir.path(), "site/south/index.html").contains("url=../south/2022/index.html"));
    let draft = read(dir.path(), "site/south/2023/index.html");
    assert!(draft.contains("<strong>Draft</strong>"));
    // A draft newer than the newest published edition points to it without calling it newer.
    assert!(draft.contains("latest published edition: 2022"), "{draft}");
    assert!(!draft.contains("a newer edition exists"));
    let old = read(dir.path(), "site/south/2022/index.html");
    assert!(!old.contains("a newer edition exists") && !old.contains("latest published"));
}

#[test]
fn the_newest_published_edition_leads_and_editions_link_each_other() {
    let dir = built(&[]);
    assert!(read(dir.path(), "site/north/index.html").contains("url=../north/2023/index.html"));
    let old = read(dir.path(), "site/north/2022/index.html");
    assert!(old.contains("href=\"../../north/2023/index.html\""));
    assert!(old.contains("a newer edition exists (2023)"));
    let index = read(dir.path(), "site/index.html");
    for link in [
        "north/2022/index.html",
        "north/2023/index.html",
        "south/2022/index.html",
    ] {
        assert!(index.contains(link), "index lacks {link}");
    }
}

#[test]
fn diff_prints_rows_and_indicators_and_the_page_shows_the_same() {
    let dir = fixture("series");
    let out = almanac(dir.path(), &["diff", "north", "2022", "2023"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Changes in Northland from 2022 to 2023"));
    assert!(text.contains("    + row South"), "{text}");
    assert!(text.contains("    - row West"));
    assert!(text.contains("    ~ East / Amount: 10.5 → 11.0"), "{text}");
    assert!(
        text.contains("  Innovation rank (rank): 14th → 12th, improved"),
        "{text}"
    );
    assert!(text.contains(
        "  Patents granted (patents): 12,500\u{a0}patents → 11,800\u{a0}patents, worsened"
    ));

    assert!(almanac(dir.path(), &["build"]).status.success());
    let page = read(dir.path(), "site/north/2023/index.html");
    assert!(page.contains("<h2 id=\"changes-title\">Changes since the 2022 edition</h2>"));
    assert!(page.contains("<li>East, Amount: 10.5 → 11.0</li>"));
    assert!(page.contains("<td class=\"num\">14th</td><td class=\"num\">12th</td><td class=\"verdict verdict-improved\">improved</td>"));
    // The oldest edition has nothing to compare with.
    assert!(!read(dir.path(), "site/north/2022/index.html").contains("Changes since"));

    // A column new in this edition: its cells had no value before, which reads as a dash.
    write(
        dir.path(),
        "content/north/2023/data/box-trade.yaml",
        &read(dir.path(), "content/north/2023/data/box-trade.yaml")
            .replace(
                "  - { key: amount,",
                "  - { key: kind, label: Kind }\n  - { key: amount,",
            )
            .replace("{ partner: East,", "{ partner: East, kind: Goods,"),
    );
    let out = almanac(dir.path(), &["diff", "north", "2022", "2023"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("    ~ East / Kind: — → Goods"), "{text}");
    assert!(almanac(dir.path(), &["build"]).status.success());
    let page = read(dir.path(), "site/north/2023/index.html");
    assert!(page.contains("<li>East, Kind: — → Goods</li>"), "{page}");

    let bad = almanac(dir.path(), &["diff", "north", "2019", "2023"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("error[unknown-edition]"));
}

#[test]
fn new_edition_copies_and_marks_a_draft_and_refuses_to_overwrite() {
    let dir = fixture("series");
    let out = almanac(dir.path(), &["new-edition", "north", "2024"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let meta = read(dir.path(), "content/north/2024/edition.yaml");
    assert!(
        meta.contains("# The 2023 edition (synthetic)."),
        "comments survive: {meta}"
    );
    assert!(meta.contains("title: Northland 2024"));
    assert!(meta.contains("status: draft"));
    assert!(meta.contains("previous: 2023"));
    assert!(!meta.lines().any(|l| l.starts_with("date:")));
    assert_eq!(
        read(dir.path(), "content/north/2024/data/box-trade.yaml"),
        read(dir.path(), "content/north/2023/data/box-trade.yaml")
    );
    assert_eq!(
        read(dir.path(), "content/north/2024/01-overview.md"),
        read(dir.path(), "content/north/2023/01-overview.md")
    );
    // The draft builds with --drafts and compares with 2023.
    let build = almanac(dir.path(), &["build", "--drafts"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let page = read(dir.path(), "site/north/2024/index.html");
    assert!(page.contains("<h2 id=\"changes-title\">Changes since the 2023 edition</h2>"));
    assert!(
        page.contains("<li><a href=\"#changes-title\">Changes since the 2023 edition</a></li>"),
        "the contents list the changes"
    );

    let again = almanac(
        dir.path(),
        &["new-edition", "north", "2024", "--from", "2022"],
    );
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("error[edition-exists]"));
    assert!(
        read(dir.path(), "content/north/2024/edition.yaml").contains("previous: 2023"),
        "untouched"
    );

    let missing = almanac(dir.path(), &["new-edition", "nowhere", "2024"]);
    assert!(stderr(&missing).contains("error[unknown-report]"));
    let from = almanac(
        dir.path(),
        &["new-edition", "north", "2030", "--from", "2001"],
    );
    assert!(stderr(&from).contains("error[unknown-edition]"));
    assert!(!dir.path().join("content/north/2030").exists());
}

#[test]
fn new_edition_stays_inside_the_project_and_makes_only_edition_years() {
    let dir = fixture("series");
    // A year the load stage would refuse as an edition folder is refused before copying.
    let short = almanac(dir.path(), &["new-edition", "north", "99"]);
    assert_eq!(short.status.code(), Some(1));
    assert!(
        stderr(&short).contains("error[edition-folder]"),
        "{}",
        stderr(&short)
    );
    assert!(!dir.path().join("content/north/99").exists());
    // A report folder that is a link to a report outside the project is not copied into.
    let outside = tempfile::tempdir().expect("temp");
    copy_tree(&dir.path().join("content/north"), outside.path());
    std::os::unix::fs::symlink(outside.path(), dir.path().join("content/linked")).expect("link");
    let linked = almanac(dir.path(), &["new-edition", "linked", "2024"]);
    assert_eq!(linked.status.code(), Some(1));
    assert!(stderr(&linked).contains("error[unknown-report]"));
    assert!(
        !outside.path().join("2024").exists(),
        "nothing written outside the project"
    );
    for name in ["../north", "North", "north/2023", ""] {
        let bad = almanac(dir.path(), &["new-edition", name, "2024"]);
        assert_eq!(bad.status.code(), Some(1), "{name}");
    }
    // An edition folder without its edition.yaml is no start: nothing empty is made from it.
    std::fs::create_dir_all(dir.path().join("content/north/2040")).expect("mkdir");
    let empty = almanac(dir.path(), &["new-edition", "north", "2041"]);
    assert_eq!(empty.status.code(), Some(1), "{}", stderr(&empty));
    assert!(
        stderr(&empty).contains("error[missing-file]"),
        "{}",
        stderr(&empty)
    );
    assert!(!dir.path().join("content/north/2041").exists());
}

#[test]
fn the_outline_check_names_the_edition_that_lacks_a_chapter() {
    let dir = fixture("series");
    let out = almanac(dir.path(), &["check", "--format", "json"]);
    let diags: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    let missing: Vec<_> = diags
        .iter()
        .filter(|d| d["code"] == "missing-outline-chapter")
        .collect();
    assert_eq!(missing.len(), 1, "{diags:#?}");
    assert_eq!(missing[0]["file"], "content/south/2022/edition.yaml");
    assert!(
        missing[0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("`overview`")
    );
}

#[test]
fn an_indicator_of_several_reports_gets_a_comparison_page() {
    let dir = built(&[]);
    let page = read(dir.path(), "site/compare/rd-intensity/index.html");
    assert!(page.contains("<h1>R&amp;D intensity across countries</h1>"));
    assert!(page.contains("<tr><th scope=\"row\">Northland</th><td class=\"num\" data-value=\"2.15\">2.15%</td><td>2022</td><td><a href=\"../../north/2023/index.html#box-indicators\">2023</a></td></tr>"), "{page}");
    // Each row leads to the box that shows the indicator in that edition (above).
    // Southland's newest published edition is 2022 (2023 is a draft).
    assert!(page.contains("<tr><th scope=\"row\">Southland</th><td class=\"num\" data-value=\"1.2\">1.20%</td><td>2021</td>"));
    // A chart of the same values, sideways bars named by country.
    assert!(page.contains("<svg class=\"chart\""));
    assert!(page.contains(
        "<title id=\"compare-rd-intensity-svg-title\">R&amp;D intensity across countries</title>"
    ));
    assert!(
        page.contains(
            "Bar chart of R&amp;D intensity over 2 categories from Northland to Southland."
        ),
        "{page}"
    );
    // Only one report defines `rank`: no page.
    assert!(!dir.path().join("site/compare/rank").exists());
    assert!(
        read(dir.path(), "site/index.html").contains("href=\"compare/rd-intensity/index.html\"")
    );
}

#[test]
fn a_new_edition_continues_the_newest_before_it_and_an_oldest_continues_none() {
    let dir = fixture("series");
    // 2022 and 2023 exist: a 2020 edition is older than both, copied from 2022.
    let out = almanac(dir.path(), &["new-edition", "north", "2020"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let meta = read(dir.path(), "content/north/2020/edition.yaml");
    assert!(!meta.contains("previous:"), "{meta}");
    let out = almanac(dir.path(), &["check", "--drafts"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Between 2020 and 2022: continues 2020, never the newer 2023.
    let out = almanac(dir.path(), &["new-edition", "north", "2021"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(read(dir.path(), "content/north/2021/edition.yaml").contains("previous: 2020"));
    let out = almanac(dir.path(), &["check", "--drafts"]);
    assert!(out.status.success(), "{}", stderr(&out));
}
