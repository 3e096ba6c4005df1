//! `almanac check`: everything `build` validates, nothing written.

use super::output::{count, print_diagnostics, restore_site};
use almanac::{BuildOptions, Severity};
use clap::ValueEnum;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style messages on standard error.
    Human,
    /// A JSON array of diagnostics on standard output.
    Json,
}

pub fn run(root: PathBuf, strict: bool, format: Format, drafts: bool) -> ExitCode {
    restore_site(&root);
    let mut options = BuildOptions::new(root);
    options.drafts = drafts;
    let mut diags = almanac::check(&options);
    if strict {
        for d in &mut diags {
            d.severity = Severity::Error;
        }
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    match format {
        Format::Json => match serde_json::to_string_pretty(&diags) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("error: cannot write the diagnostics as JSON: {e}");
                return ExitCode::from(1);
            }
        },
        Format::Human => {
            print_diagnostics(&diags);
            eprintln!(
                "checked {}: {}, {}{}",
                options.root.display(),
                count(errors, "error", "errors"),
                count(warnings, "warning", "warnings"),
                if strict {
                    " (--strict: warnings count as errors)"
                } else {
                    ""
                }
            );
        }
    }
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
