//! Hang guards: `almanac check` on inputs of a megabyte or more shaped to make a quadratic step
//! show (each once took minutes, or all the memory). Each run takes seconds, even in a debug
//! build; the limit is no timing, only a guard that turns a hang coming back into a failure.
//! `cargo bench --bench pathological` measures how the same inputs grow.

use crate::common::*;
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(600);
const SIZE: usize = 1_000_000;

/// `unit` repeated to about `bytes` bytes.
fn repeat(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len())
}

/// Adds `files` to the basic fixture's 2023 edition, runs `almanac check` and returns its exit
/// code and what it printed.
fn check_with(files: &[(&str, String)]) -> (Option<i32>, String) {
    let dir = fixture("basic");
    for (rel, text) in files {
        write(dir.path(), &format!("content/alpha/2023/{rel}"), text);
    }
    let out = almanac_within(dir.path(), &["check"], LIMIT);
    let printed = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    (out.status.code(), printed)
}

fn chapter(body: String) -> [(&'static str, String); 1] {
    [(
        "99-pathological.md",
        format!("---\ntitle: Pathological (synthetic)\n---\n{body}\n"),
    )]
}

#[test]
fn emphasis_and_angle_brackets_in_megabytes_of_text() {
    // Twice the size of the others: copying the text merged so far at each piece took
    // minutes at this size, where the rest took hours.
    for body in [
        repeat("*a ", 2 * SIZE),
        repeat("**a ", 2 * SIZE),
        repeat("<", 2 * SIZE),
    ] {
        let (code, printed) = check_with(&chapter(body));
        assert_eq!(code, Some(0), "{printed}");
    }
}

#[test]
fn many_headings_of_the_same_text() {
    let (code, printed) = check_with(&chapter(repeat("# Same\n\n", SIZE)));
    assert_eq!(code, Some(0), "{printed}");
}

#[test]
fn a_diagnostic_every_few_bytes_of_one_line() {
    for (body, error, shown) in [
        (repeat("@box-x ", SIZE), true, "error[unknown-reference]"),
        (repeat("{{< ", SIZE), true, "error[unclosed-shortcode]"),
        (repeat("[^a] ", SIZE), false, "warning[undefined-footnote]"),
    ] {
        let (code, printed) = check_with(&chapter(body));
        assert_eq!(code, Some(if error { 1 } else { 0 }), "{shown}");
        assert!(printed.contains(shown), "{shown}");
        assert!(printed.contains("not shown"), "{shown}");
    }
}

#[test]
fn an_unknown_reference_of_megabytes() {
    let (code, printed) = check_with(&chapter(format!("@box-{}", "a".repeat(2 * SIZE))));
    assert_eq!(code, Some(1));
    assert!(printed.contains("error[unknown-reference]"));
}

#[test]
fn a_diagnostic_for_each_entry_of_a_large_data_file() {
    let columns = repeat("  - { key: c, label: C }\n", SIZE);
    let (code, printed) = check_with(&[(
        "data/box-columns.yaml",
        format!("title: Columns (synthetic)\ncolumns:\n{columns}rows:\n  - {{ c: x }}\n"),
    )]);
    assert_eq!(code, Some(1));
    assert!(printed.contains("error[duplicate-column]"));

    let indicators: String = (0..SIZE / 40)
        .map(|i| format!("  - {{ id: unused-{i:07}, label: L, value: 1 }}\n"))
        .collect();
    let (code, printed) =
        check_with(&[("data/indicators.yaml", format!("indicators:\n{indicators}"))]);
    assert_eq!(code, Some(0), "{printed}");
    assert!(printed.contains("warning[unused-indicator]"));
}

#[test]
fn a_chart_label_of_twenty_thousand_characters() {
    let label = "Shenzhen".repeat(2_500);
    let (code, printed) = check_with(&[
        (
            "data/fig-long.yaml",
            format!(
                "title: Long (synthetic)\ntype: bar\ncategories: [{label}, b]\ny_label: {label}\nseries:\n  - {{ label: {label}, values: [1, 2] }}\n"
            ),
        ),
        (
            "99-pathological.md",
            "---\ntitle: Pathological (synthetic)\n---\n{{< figure fig-long >}}\n".to_string(),
        ),
    ]);
    assert_eq!(code, Some(0), "{printed}");
}
