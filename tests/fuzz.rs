//! Property tests: no input an author can write makes the parsers or the pipeline panic, and
//! every position they report lies inside its file. Bounded so `cargo test` stays quick; run a
//! longer campaign with `PROPTEST_CASES=100000 cargo test --release --test fuzz`.

use almanac::load::{front_matter, yaml};
use almanac::model::{BoxSpec, EditionMeta, ReportMeta, Site};
use almanac::resolve::scan;
use almanac::source::SourceFile;
use proptest::prelude::*;

/// Pieces of Markdown, YAML and almanac syntax, and troublemakers, to build inputs from.
const PIECES: &[&str] = &[
    "---\n",
    "...\n",
    "\n",
    "\n\n",
    " ",
    "  ",
    "\t",
    "title: ",
    "x",
    "é",
    "漢",
    "👍",
    "\u{E000}",
    "\u{E001}",
    "\u{0}",
    "\r\n",
    "{{<",
    ">}}",
    "{{< box box-a >}}",
    "{{< figure fig-b >}}",
    "{{< value v field=year >}}",
    "{{< box",
    "\"",
    "'",
    "`",
    "```",
    "    ",
    "@",
    "@box-a",
    "@fig-",
    "@fig-b",
    "a@b.org",
    "[^1]",
    "[^1]: note\n",
    "[x](#y)",
    "[j](javascript:alert(1))",
    "<b onclick=\"x\">",
    "</b>",
    "<!--",
    "# ",
    "## H {#id onclick=x}",
    "|a|b|\n|-|-|\n",
    "- ",
    "1. ",
    "> ",
    "*",
    "_",
    "~~",
    ":",
    "- { a: 1, b: [2 }",
    "{",
    "}",
    "[",
    "]",
    "&",
    "<",
    ">",
    "%",
    "#",
    "!",
    "|",
    ">-",
    "columns:\n  - { key: a, label: A }\n",
    "rows:\n  - { a: 1 }\n",
    "groups:\n  - label: G\n    rows: []\n",
    "merge: [a]\n",
    "id: box-a\n",
    "key: ",
    "label: ",
    "type: number\n",
    "decimals: 300\n",
    "1e309",
    "-0",
    "0x1F",
    "~",
    "null",
    "true",
];

/// `PROPTEST_CASES` when set (a longer campaign), else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn soup(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![4 => prop::sample::select(PIECES).prop_map(str::to_string), 1 => any::<char>().prop_map(|c| c.to_string())],
        0..max,
    )
    .prop_map(|v| v.concat())
}

fn assert_inside(file: &SourceFile, d: &almanac::Diagnostic) {
    let lines = file.text.split('\n').count();
    if let Some(line) = d.line {
        assert!(
            line >= 1 && line <= lines,
            "line {line} outside {lines} lines: {d:?}"
        );
        if let Some(col) = d.column {
            let len = file.line_text(line).map_or(0, |l| l.chars().count());
            assert!(
                col >= 1 && col <= len + 1,
                "column {col} past line of {len}: {d:?}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(256)))]

    #[test]
    fn front_matter_splits_at_boundaries(text in soup(40)) {
        if let Ok(split) = front_matter::split(&text) {
            prop_assert!(text.is_char_boundary(split.body_offset));
            prop_assert_eq!(&text[split.body_offset..], split.body);
        }
    }

    #[test]
    fn the_scanner_keeps_marks_and_positions_inside_the_file(text in soup(60), raw in any::<bool>()) {
        let file = SourceFile::new("c.md", text.clone());
        let mut diags = Vec::new();
        let scanned = scan::scan(&file, 0, raw, &mut diags);
        for m in &scanned.marks {
            prop_assert!(m.range.start < m.range.end && m.range.end <= text.len());
            prop_assert!(text.is_char_boundary(m.range.start) && text.is_char_boundary(m.range.end));
        }
        for d in &diags {
            assert_inside(&file, d);
        }
    }

    #[test]
    fn yaml_schemas_reject_without_panicking(text in soup(30)) {
        let file = SourceFile::new("d.yaml", text.clone());
        let results = [
            yaml::parse::<Site>(&file).err(),
            yaml::parse::<ReportMeta>(&file).err(),
            yaml::parse::<EditionMeta>(&file).err(),
            yaml::parse::<BoxSpec>(&file).err(),
        ];
        for d in results.iter().flatten() {
            prop_assert!(!d.code.is_empty() && d.help.is_some());
            assert_inside(&file, d);
        }
        let _ = yaml::locate(&text, &[yaml::Seg::Key("rows"), yaml::Seg::Index(0), yaml::Seg::Key("a")], yaml::Target::Key);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(48)))]

    /// The whole pipeline, in memory, on a project whose chapter and box are soup.
    #[test]
    fn the_pipeline_never_panics(chapter in soup(60), data in soup(25)) {
        let dir = tempfile::tempdir().expect("temp");
        let root = dir.path();
        let write = |rel: &str, text: &str| {
            let p = root.join(rel);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, text).expect("write");
        };
        write("content/site.yaml", "title: Fuzz\n");
        write("content/r/report.yaml", "name: R\ntitle: R\n");
        write("content/r/2020/edition.yaml", "title: E\n");
        write("content/r/2020/01-soup.md", &chapter);
        write("content/r/2020/data/box-a.yaml", &data);
        write("content/r/2020/data/fig-b.yaml", "title: B\n");
        let result = almanac::render_site(&almanac::BuildOptions::new(root));
        let diags = match result {
            Ok((_, warnings)) => warnings,
            Err(diags) => diags,
        };
        for d in &diags {
            prop_assert!(d.file.as_deref().is_none_or(|f| !f.starts_with('/')), "absolute path in {d:?}");
        }
    }
}
