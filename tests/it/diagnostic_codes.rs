//! The user guide's code tables (in `docs/`, and the README's if it has any) and the `Code`
//! enum say the same: every code the binary can give is documented, and every code the guide
//! documents exists.

use almanac::core::code::Code;
use std::collections::BTreeSet;
use std::path::Path;

/// The codes in the first column of every table headed `| code |` of a Markdown text.
fn documented_codes(markdown: &str) -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    let mut in_table = false;
    for line in markdown.lines() {
        if line.starts_with("| code ") {
            in_table = true;
            continue;
        }
        if !line.starts_with('|') {
            in_table = false;
            continue;
        }
        if in_table && let Some(cell) = line.split('|').nth(1) {
            codes.extend(
                cell.split('`')
                    .skip(1)
                    .step_by(2)
                    .filter(|c| !c.is_empty())
                    .map(str::to_string),
            );
        }
    }
    codes
}

#[test]
fn every_code_is_documented_and_every_documented_code_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages = vec![root.join("README.md")];
    for entry in std::fs::read_dir(root.join("docs")).expect("docs/") {
        let path = entry.expect("docs entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            pages.push(path);
        }
    }
    let mut documented = BTreeSet::new();
    for page in &pages {
        let text = std::fs::read_to_string(page).expect("read a page of the guide");
        documented.extend(documented_codes(&text));
    }
    let known: BTreeSet<String> = Code::ALL.iter().map(|c| c.to_string()).collect();
    let undocumented: Vec<_> = known.difference(&documented).collect();
    let unknown: Vec<_> = documented.difference(&known).collect();
    assert!(
        undocumented.is_empty(),
        "codes missing from the code tables of docs/: {undocumented:?}"
    );
    assert!(
        unknown.is_empty(),
        "docs/ documents codes that `Code` does not have: {unknown:?}"
    );
}

#[test]
fn the_table_reader_reads_every_code_of_a_row() {
    let readme = "| code | what |\n| --- | --- |\n| `a-b`, `c` | x `not-this` |\n\n| `d-e` | y |";
    let found: Vec<String> = documented_codes(readme).into_iter().collect();
    assert_eq!(found, ["a-b", "c"]);
}
