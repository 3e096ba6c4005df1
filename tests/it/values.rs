//! How values from the content are read: numbers keep the digits they are written with,
//! dates are days of the calendar, the site's address is absolute, and chapter files are
//! found whatever the case of their extension. (What is refused is in tests/fixtures/bad.)

use crate::common::*;

fn build(dir: &std::path::Path) {
    let out = almanac(dir, &["build"]);
    assert!(out.status.success(), "build failed:\n{}", stderr(&out));
}

/// The text of the cells of the page's table of `box_id`, in order.
fn cells(page: &str, box_id: &str) -> Vec<String> {
    let start = page
        .find(&format!("id=\"{box_id}\""))
        .unwrap_or_else(|| panic!("no {box_id} on the page"));
    let table = &page[start..];
    let table = &table[..table.find("</table>").expect("a table")];
    table
        .split("<td")
        .skip(1)
        .map(|c| {
            let inner = &c[c.find('>').expect("tag") + 1..];
            inner[..inner.find("</td>").expect("end")].to_string()
        })
        .collect()
}

#[test]
fn integers_past_2_53_print_with_the_digits_the_downloads_carry() {
    let dir = fixture("basic");
    write(
        dir.path(),
        "content/alpha/2023/data/box-sample.yaml",
        "title: A sample box (synthetic)\ncolumns:\n  - { key: name, label: Name }\n  - { key: value, label: Value, type: number }\n  - { key: count, label: Count, type: integer }\nrows:\n  - { name: First, value: 12345678901234567891, count: 9007199254740993 }\n  - { name: Second, value: 1.5, count: 1 }\ntotal: { columns: [value, count] }\n",
    );
    // A chart asks for numbers this long in a larger unit (figures.rs): here the fixture's
    // figure of this box gives them in billions, inline.
    write(
        dir.path(),
        "content/alpha/2023/data/fig-sample.yaml",
        "title: A sample figure (synthetic)\ntype: bar\ncategories: [First, Second]\nseries:\n  - { label: Value, unit: billion, values: [12345678901.2, 0.0] }\n",
    );
    write(
        dir.path(),
        "content/alpha/2023/data/indicators.yaml",
        "indicators:\n  - { id: big, label: A large synthetic count, value: 12345678901234567891, threshold: 9007199254740993 }\n",
    );
    write(
        dir.path(),
        "content/alpha/2023/04-values.md",
        "---\ntitle: Values\n---\nThe count is {{< value big >}}, the threshold {{< value big field=threshold >}}.\n",
    );
    build(dir.path());
    let page = read(dir.path(), "site/alpha/2023/index.html");
    let cells = cells(&page, "box-sample");
    // Name is the row header (a th); the numbers and the totals are cells.
    assert_eq!(
        cells,
        [
            "12,345,678,901,234,567,891.0",
            "9,007,199,254,740,993",
            "1.5",
            "1",
            // The totals are exact sums of the digits.
            "12,345,678,901,234,567,892.5",
            "9,007,199,254,740,994",
        ],
        "{page}"
    );
    assert!(page.contains("data-value=\"12345678901234567891\""));
    assert!(page.contains("data-value=\"9007199254740993\""));
    assert!(
        page.contains(
            "The count is 12,345,678,901,234,567,891, the threshold 9,007,199,254,740,993."
        ),
        "{page}"
    );
    let csv = read(dir.path(), "site/alpha/2023/data/box-sample.csv");
    assert!(
        csv.contains("First,12345678901234567891,9007199254740993\r\n"),
        "{csv}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&read(dir.path(), "site/alpha/2023/data/box-sample.json"))
            .expect("JSON");
    assert_eq!(json["rows"][0]["count"], 9007199254740993u64);
    assert_eq!(json["total"]["values"]["count"], 9007199254740994u64);
}

#[test]
fn a_real_date_is_kept_for_the_page() {
    let dir = fixture("basic");
    write(
        dir.path(),
        "content/alpha/2024/edition.yaml",
        "title: Alpha report 2024\ndate: 2024-02-29\nprevious: 2023\n",
    );
    build(dir.path());
    let page = read(dir.path(), "site/alpha/2024/index.html");
    assert!(
        page.contains("<time datetime=\"2024-02-29\">February 29, 2024</time>"),
        "{page}"
    );
}

#[test]
fn a_base_url_without_its_last_slash_is_the_folder() {
    let dir = fixture("basic");
    let site = read(dir.path(), "content/site.yaml");
    write(
        dir.path(),
        "content/site.yaml",
        &format!("{site}base_url: https://example.org/reports\n"),
    );
    build(dir.path());
    let page = read(dir.path(), "site/alpha/2023/index.html");
    assert!(
        page.contains("<link rel=\"canonical\" href=\"https://example.org/reports/alpha/2023/\">"),
        "{page}"
    );
}

#[test]
fn a_chapter_file_is_read_whatever_the_case_of_its_extension() {
    let dir = fixture("basic");
    write(
        dir.path(),
        "content/alpha/2023/04-extra.MD",
        "---\ntitle: Extra\n---\nA chapter saved with its extension in capitals.\n",
    );
    write(
        dir.path(),
        "content/alpha/2023/05-more.Md",
        "---\ntitle: More\n---\nAnd another.\n",
    );
    let check = almanac(dir.path(), &["check", "--strict"]);
    assert!(check.status.success(), "{}", stderr(&check));
    build(dir.path());
    let page = read(dir.path(), "site/alpha/2023/index.html");
    for (id, text) in [
        ("extra", "A chapter saved with its extension in capitals."),
        ("more", "And another."),
    ] {
        assert!(page.contains(&format!("id=\"{id}\"")), "{id}: {page}");
        assert!(page.contains(text));
        assert!(
            page.contains(&format!("href=\"#{id}\"")),
            "{id} in the contents"
        );
    }
    assert!(!page.contains(".MD") && !page.contains(".Md"));

    // Its slug is the slug, so it can clash with another chapter's.
    write(
        dir.path(),
        "content/alpha/2023/06-outlook.MD",
        "---\ntitle: Outlook again\n---\n",
    );
    let check = almanac(dir.path(), &["check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stderr(&check).contains("error[duplicate-chapter]: two chapters have the slug `outlook`"),
        "{}",
        stderr(&check)
    );
}
