//! Printing diagnostics and counts.

use almanac::Diagnostic;
use std::path::Path;

/// At most this many diagnostics are printed in the human format; the rest are counted.
pub const MAX_SHOWN: usize = 50;

/// Prints diagnostics in the human format, errors first, capped at [`MAX_SHOWN`].
pub fn print_diagnostics(diags: &[Diagnostic]) {
    let mut ordered: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
    ordered.extend(diags.iter().filter(|d| !d.is_error()));
    for d in ordered.iter().take(MAX_SHOWN) {
        eprintln!("{}", d.render_human());
    }
    if ordered.len() > MAX_SHOWN {
        let rest = &ordered[MAX_SHOWN..];
        let errors = rest.iter().filter(|d| d.is_error()).count();
        eprintln!(
            "… and {} more ({}, {}) not shown; `almanac check --format json` lists them all\n",
            rest.len(),
            count(errors, "error", "errors"),
            count(rest.len() - errors, "warning", "warnings")
        );
    }
}

/// "1 edition", "3 boxes".
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// Puts back `<root>/site` when a build killed between its two renames left it aside (no
/// build is writing it), and says so. Every command calls it first.
pub fn restore_site(root: &Path) {
    let site = root.join("site");
    if almanac::write::restore_interrupted(&site) {
        say_restored(&site);
    }
}

pub fn say_restored(site: &Path) {
    eprintln!(
        "note: put the previous site back into {} from where a killed build had left it",
        site.display()
    );
}
