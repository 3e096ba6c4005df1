//! The bundled sample: the whole China 2022 report builds clean, with every box and figure,
//! every reference resolved, and no debris of the PDF it was extracted from.

use crate::common::*;
use std::path::Path;

fn sample() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&root.join("content"), &dir.path().join("content"));
    let out = almanac(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        !stderr(&out).contains("warning["),
        "the sample builds without warnings:\n{}",
        stderr(&out)
    );
    dir
}

fn page(dir: &tempfile::TempDir) -> String {
    read(dir.path(), "site/china/2022/index.html")
}

/// The rows of a box's table body (group label rows excluded).
fn box_rows(html: &str, id: &str) -> usize {
    let at = html
        .find(&format!(" id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no {id}"));
    let start = html[..at]
        .rfind("<figure class=\"box")
        .expect("a box's figure");
    let end = start + html[start..].find("</figure>").expect("end");
    let table = &html[start..end];
    let body = &table[table.find("<tbody").expect("tbody")..];
    body.matches("<tr>").count()
}

#[test]
fn every_box_of_the_report_with_every_row() {
    let dir = sample();
    let html = page(&dir);
    // Rows as the source report gives them.
    for (id, rows) in [
        ("box-innovation-indexes", 7),
        ("box-new-centers", 21),
        ("box-outbound-ma", 9),
        ("box-ma-cases", 4),
        ("box-lighthouse-cases", 5),
        ("box-innovative-country", 4),
    ] {
        assert_eq!(box_rows(&html, id), rows, "{id}");
    }
    // The third box of the source carried the second's title; here it says what it shows.
    assert!(html.contains("<span class=\"box-number\">Box 4.</span> Outbound investment and M&amp;A in manufacturing, 2013–2021"));
    // Values of the source, formatted from raw numbers.
    assert!(
        html.contains("data-value=\"607.2\" data-label=\"Amount (USD 100 million)\">607.2</td>")
    );
    assert!(html.contains(">50.8%</td>"));
    // Merged years and counts (Box of new centres): 2018 spans its five centres.
    assert!(html.contains("rowspan=\"5\""));
}

#[test]
fn every_figure_is_drawn_and_numbered() {
    let dir = sample();
    let html = page(&dir);
    for id in [
        "fig-new-centers",
        "fig-5g-shareholders",
        "fig-outbound-ma",
        "fig-lighthouse-share",
        "fig-lighthouse-use-cases",
    ] {
        let at = html
            .find(&format!("<figure class=\"figure\" id=\"{id}\">"))
            .unwrap_or_else(|| panic!("no {id}"));
        assert!(
            html[at..].find("<svg class=\"chart\"").is_some(),
            "{id} has a chart"
        );
    }
    for n in 1..=5 {
        assert!(html.contains(&format!("<span class=\"figure-number\">Figure {n}.</span>")));
    }
    // The numbers the text gives: 42 of 114 lighthouse factories; 53% / 47% of use cases.
    assert_eq!(
        read(dir.path(), "site/china/2022/data/fig-lighthouse-share.csv"),
        "category,Lighthouse factories\r\nChina,42\r\nRest of the world,72\r\n"
    );
    assert_eq!(
        read(dir.path(), "site/china/2022/data/fig-new-centers.csv"),
        "category,New centres\r\n2016,1\r\n2017,3\r\n2018,5\r\n2019,4\r\n2020,4\r\n2021,5\r\n"
    );
    // A series label that names its unit is not given it twice in the figure's table.
    assert!(html.contains(">Amount (USD 100 million)</th>"));
    assert!(!html.contains("(USD 100 million) (USD 100 million)"));
}

#[test]
fn every_cross_reference_resolves_and_none_is_hand_written() {
    let dir = sample();
    let html = page(&dir);
    let ids: Vec<&str> = html
        .split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    let mut xrefs = 0;
    for part in html.split("<a class=\"xref\" href=\"#").skip(1) {
        let target = part.split('"').next().unwrap_or("");
        assert!(ids.contains(&target), "reference to missing #{target}");
        xrefs += 1;
    }
    assert!(xrefs >= 10, "only {xrefs} references");
    // The source's "shown in Fig.1 and Table 1" now names the right figure and box.
    assert!(html.contains("are shown in <a class=\"xref\" href=\"#fig-new-centers\">Figure 4</a> and <a class=\"xref\" href=\"#box-new-centers\">Box 3</a>"), "{}", &html[html.find("The details about").unwrap_or(0)..][..400]);
    assert!(!html.contains("Fig.1") && !html.contains("Table 1"));
}

#[test]
fn the_diagrams_whose_content_the_text_gives_are_drawn_and_the_others_say_so() {
    let dir = sample();
    let html = page(&dir);
    // Drawn: each a figure with its drawing, its text version and its downloads.
    for (id, words) in [
        ("fig-ministries", "State Tobacco Monopoly Administration"),
        ("fig-policymaking", "Consent of the minister"),
        ("fig-centre-owners", "Independent third parties"),
        ("fig-alliance-council", "Several executive director units"),
    ] {
        let start = html
            .find(&format!("<figure class=\"figure\" id=\"{id}\">"))
            .unwrap_or_else(|| panic!("{id} is not drawn"));
        let figure = &html[start..start + html[start..].find("</figure>").expect("end")];
        assert!(figure.contains("<svg class=\"chart diagram\""), "{id}");
        assert!(
            figure.contains("class=\"diagram-text\"") && figure.contains(words),
            "{id}"
        );
        assert!(
            figure.contains("drawn from") || figure.contains("Drawn from"),
            "{id} says where its content comes from"
        );
        assert!(
            dir.path()
                .join(format!("site/china/2022/data/{id}.csv"))
                .exists()
        );
    }
    // Not drawn, because the text does not give their content: the notes stay.
    for words in [
        "shows the organizations supporting Chinese industrial innovation policymaking",
        "shows the Xinchang model",
        "shows the typology of China",
    ] {
        assert!(html.contains(words), "the note {words:?} is gone");
    }
}

#[test]
fn no_debris_of_the_pdf_survives() {
    let dir = sample();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/china/2022");
    // The chapters, and the data files whose text came from the report too.
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for folder in [root.clone(), root.join("data")] {
        for entry in std::fs::read_dir(&folder).expect("read folder").flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".md") || name.ends_with(".yaml") {
                files.push(entry.path());
            }
        }
    }
    assert!(files.len() > 12, "chapters and data files: {files:?}");
    for path in files {
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&path).expect("read");
        for (n, line) in text.lines().enumerate() {
            let t = line.trim();
            assert!(
                !t.contains("  "),
                "{name}:{}: double spaces left by the extraction",
                n + 1
            );
            // A page number alone on a line.
            assert!(
                !(t.len() <= 3 && !t.is_empty() && t.chars().all(|c| c.is_ascii_digit())),
                "{name}:{}: page number {t:?}",
                n + 1
            );
            // A word broken at the end of a line ("indus-" / "try").
            assert!(
                !(t.ends_with('-') && t.chars().rev().nth(1).is_some_and(char::is_alphabetic)),
                "{name}:{}: broken word {t:?}",
                n + 1
            );
            // Source figure captions and footnote numbers glued to words.
            assert!(
                !t.starts_with("Figure ") && !t.contains("centers2") && !t.contains("behavior1"),
                "{name}:{}: caption debris {t:?}",
                n + 1
            );
        }
    }
    let html = page(&dir);
    assert!(html.contains("expenditure usually accounts for more than 2% of GDP. China’s has now reached 2.44% in 2021."));
}
