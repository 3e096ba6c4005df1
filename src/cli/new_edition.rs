//! `almanac new-edition REPORT YEAR [--from YEAR]`.

use super::output::print_diagnostics;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(root: PathBuf, report: String, year: u16, from: Option<u16>) -> ExitCode {
    super::output::restore_site(&root);
    match almanac::new_edition::new_edition(&root, &report, year, from) {
        Ok(made) => {
            eprintln!(
                "started the {year} edition of {report} in {} from the {} edition ({} files); it is a draft: build it with --drafts, and set `status: published` when it is ready",
                made.dir, made.from, made.files
            );
            ExitCode::SUCCESS
        }
        Err(d) => {
            print_diagnostics(&[d]);
            ExitCode::from(1)
        }
    }
}
