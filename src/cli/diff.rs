//! `almanac diff REPORT FROM TO`.

use super::output::print_diagnostics;
use almanac::Diagnostic;
use almanac::core::code::Code;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(root: PathBuf, report: String, from: u16, to: u16, language: Option<&str>) -> ExitCode {
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
    // Each edition as published in the language asked for: its original or a translation.
    let (old, new, name) = match language {
        None => (old, new, r.meta.name.as_str()),
        Some(tag) => {
            let wanted = almanac::locale::canonical_tag(tag);
            let language_of = |e: &almanac::model::Edition| {
                almanac::locale::canonical_tag(almanac::model::language_of(
                    &project.site,
                    &r.meta,
                    &e.meta,
                ))
            };
            fn in_language<'e>(
                e: &'e almanac::model::Edition,
                is: &dyn Fn(&almanac::model::Edition) -> bool,
            ) -> Option<&'e almanac::model::Edition> {
                std::iter::once(e).chain(&e.translations).find(|v| is(v))
            }
            let is = |v: &almanac::model::Edition| language_of(v) == wanted;
            let in_it = |e| in_language(e, &is);
            match (in_it(old), in_it(new)) {
                (Some(o), Some(n)) => {
                    let name = n
                        .report
                        .as_ref()
                        .map_or(r.meta.name.as_str(), |m| m.name.as_str());
                    (o, n, name)
                }
                (o, _) => {
                    let e = if o.is_none() { old } else { new };
                    let has: Vec<String> = std::iter::once(e)
                        .chain(&e.translations)
                        .map(language_of)
                        .collect();
                    print_diagnostics(&[Diagnostic::error(
                        Code::UnknownEdition,
                        format!(
                            "the {} edition of `{report}` is not published in `{wanted}`",
                            e.year
                        ),
                    )
                    .in_file(&e.file.path)
                    .with_help(format!("its languages are: {}", has.join(", ")))]);
                    return ExitCode::from(1);
                }
            }
        }
    };
    print!(
        "{}",
        almanac::diff::to_text(
            &almanac::diff::compare(old, new, &almanac::locale::Locale::english()),
            name
        )
    );
    ExitCode::SUCCESS
}
