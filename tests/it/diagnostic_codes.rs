//! Every diagnostic code the source can produce is documented in the README.

use std::fs;
use std::path::Path;

fn is_code(s: &str) -> bool {
    let mut parts = s.split('-');
    parts.clone().count() >= 2
        && parts.all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// The first string literal after each place a diagnostic is made.
fn codes_in(text: &str) -> Vec<String> {
    let folded: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut codes = Vec::new();
    // The YAML error classifier returns `("code", help)` tuples.
    for marker in [
        "Diagnostic::error(",
        "Diagnostic::warning(",
        "self.error(",
        "code = ",
        "return (",
        "} (",
    ] {
        for (i, _) in folded.match_indices(marker) {
            let after = &folded[i + marker.len()..];
            let window = &after[..after.len().min(60)];
            if let Some(start) = window.find('"') {
                let lit = &window[start + 1..];
                if let Some(end) = lit.find('"')
                    && is_code(&lit[..end])
                {
                    codes.push(lit[..end].to_string());
                }
            }
        }
    }
    codes
}

#[test]
fn every_code_in_the_source_is_in_the_readme() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = fs::read_to_string(root.join("README.md")).expect("README");
    let mut codes = Vec::new();
    for entry in walkdir::WalkDir::new(root.join("src")).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.path().extension().is_some_and(|e| e == "rs") {
            let text = fs::read_to_string(entry.path()).expect("read");
            // Unit tests build diagnostics of their own; only the code before them counts.
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            codes.extend(codes_in(code));
        }
    }
    codes.sort();
    codes.dedup();
    assert!(codes.len() > 30, "the scan found too few codes: {codes:?}");
    let missing: Vec<&String> = codes
        .iter()
        .filter(|c| !readme.contains(&format!("`{c}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "codes not documented in the README: {missing:?}"
    );
}
