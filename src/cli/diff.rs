//! `almanac diff REPORT FROM TO`.

use super::output::print_diagnostics;
use almanac::Diagnostic;
use almanac::core::code::Code;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(root: PathBuf, report: String, from: u16, to: u16) -> ExitCode {
    super::output::restore_site(&root);
    let (project, diags) = almanac::load::load(&root);
    let Some(project) = project else {
        print_diagnostics(&diags.into_sorted());
        return ExitCode::from(1);
    };
    let Some(r) = project.reports.iter().find(|r| r.slug == report) else {
        let names: Vec<&str> = project.reports.iter().map(|r| r.slug.as_str()).collect();
        print_diagnostics(&[Diagnostic::error(
            Code::UnknownReport,
            format!("there is no report `{report}`"),
        )
        .in_file("content")
        .with_help(format!("the reports are: {}", names.join(", ")))]);
        return ExitCode::from(1);
    };
    let find = |year: u16| r.editions.iter().find(|e| e.year == year);
    let (Some(old), Some(new)) = (find(from), find(to)) else {
        let missing = if find(from).is_none() { from } else { to };
        let years: Vec<String> = r.editions.iter().map(|e| e.year.to_string()).collect();
        print_diagnostics(&[Diagnostic::error(
            Code::UnknownEdition,
            format!("`{report}` has no {missing} edition that loads"),
        )
        .in_file(&format!("content/{report}"))
        .with_help(format!("the editions are: {}", years.join(", ")))]);
        return ExitCode::from(1);
    };
    print!(
        "{}",
        almanac::diff::to_text(
            &almanac::diff::compare(old, new, &almanac::locale::Locale::english()),
            &r.meta.name
        )
    );
    ExitCode::SUCCESS
}
