//! Printing diagnostics and counts.

use almanac::Diagnostic;

pub fn print_diagnostics(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{}", d.render_human());
    }
}

/// "1 edition", "3 boxes".
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}
