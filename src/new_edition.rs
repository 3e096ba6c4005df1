//! `almanac new-edition`: start next year's edition as a copy of an earlier one.
//!
//! The copy (chapters, data, images: the whole folder, links refused) is made in a staging
//! folder and renamed into place, so a failure leaves nothing half-copied. Its edition.yaml is
//! edited line by line, keeping the author's comments and key order: `status` becomes `draft`,
//! `previous` names the edition it came from, a year in the title moves to the new year, and
//! the date is commented out until the edition is published.

use crate::core::code::Code;
use crate::core::diagnostic::Diagnostic;
use std::fs;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// What `new_edition` made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEdition {
    pub from: u16,
    /// The new edition's folder, relative to the project root.
    pub dir: String,
    pub files: usize,
}

fn years_of(report_dir: &Path) -> Vec<u16> {
    let mut years: Vec<u16> = fs::read_dir(report_dir)
        .map(|d| {
            d.flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    (name.len() == 4).then(|| name.parse().ok()).flatten()
                })
                .collect()
        })
        .unwrap_or_default();
    years.sort_unstable();
    years
}

/// Copies edition `from` (default: the newest) of `report` into `year`.
pub fn new_edition(
    root: &Path,
    report: &str,
    year: u16,
    from: Option<u16>,
) -> Result<NewEdition, Diagnostic> {
    let report_rel = format!("content/{report}");
    let report_dir = root.join(&report_rel);
    // Only a real folder of the project: a name that is no slug, or a link, could lead the
    // copy out of it.
    let real_dir = |p: &Path| fs::symlink_metadata(p).is_ok_and(|m| m.is_dir());
    if crate::core::slug::problem(report).is_some()
        || !real_dir(&root.join("content"))
        || !real_dir(&report_dir)
        || !fs::symlink_metadata(report_dir.join("report.yaml")).is_ok_and(|m| m.is_file())
    {
        return Err(Diagnostic::error(
            Code::UnknownReport,
            format!("there is no report `{report}`"),
        )
        .in_file(&report_rel)
        .with_help("name a folder of content/ that holds report.yaml"));
    }
    if !(1000..=9999).contains(&year) {
        return Err(Diagnostic::error(
            Code::EditionFolder,
            format!("`{year}` is not an edition year"),
        )
        .in_file(&report_rel)
        .with_help("give the year with four digits, such as 2023"));
    }
    let years = years_of(&report_dir);
    // By default the newest edition before `year`; an edition older than all the others is
    // started from the oldest one after it.
    let newest_before = years.iter().copied().filter(|y| *y < year).max();
    let oldest_after = years.iter().copied().filter(|y| *y > year).min();
    let from = match from.or(newest_before).or(oldest_after) {
        Some(f) if years.contains(&f) => f,
        Some(f) => {
            return Err(Diagnostic::error(
                Code::UnknownEdition,
                format!("`{report}` has no {f} edition"),
            )
            .in_file(&report_rel)
            .with_help(format!(
                "the editions are: {}",
                years
                    .iter()
                    .map(u16::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        None => {
            return Err(Diagnostic::error(Code::UnknownEdition, format!("`{report}` has no edition to start from"))
                .in_file(&report_rel)
                .with_help("create the first edition by hand: content/<report>/<year>/edition.yaml and chapters"));
        }
    };
    let dir = format!("{report_rel}/{year}");
    let target = root.join(&dir);
    if target.exists() {
        return Err(Diagnostic::error(
            Code::EditionExists,
            format!("the {year} edition of `{report}` exists already"),
        )
        .in_file(&dir)
        .with_help(
            "new-edition never overwrites: choose another year, or remove the folder yourself",
        ));
    }
    let source = report_dir.join(from.to_string());
    // Only a real edition is a start: a folder without its edition.yaml would give an empty
    // new edition that does not load.
    if !fs::symlink_metadata(source.join("edition.yaml")).is_ok_and(|m| m.is_file()) {
        return Err(Diagnostic::error(
            Code::MissingFile,
            format!("the {from} edition of `{report}` has no edition.yaml to start from"),
        )
        .in_file(&format!("{report_rel}/{from}"))
        .with_help(format!(
            "write content/{report}/{from}/edition.yaml first, or start from another year with --from"
        )));
    }
    let staging = report_dir.join(format!(".{year}.new-edition-{}", std::process::id()));
    let result = copy_edition(&source, &staging, from, year, newest_before).and_then(|files| {
        fs::rename(&staging, &target).map_err(|e| io_error(&dir, &e))?;
        Ok(files)
    });
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    Ok(NewEdition {
        from,
        dir,
        files: result?,
    })
}

fn io_error(rel: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        Code::WriteFailed,
        format!("cannot write the new edition: {e}"),
    )
    .in_file(rel)
    .with_help("check that the report folder is writable; nothing was left half-copied")
}

fn copy_edition(
    source: &Path,
    staging: &Path,
    from: u16,
    year: u16,
    previous: Option<u16>,
) -> Result<usize, Diagnostic> {
    let shown = staging.display().to_string();
    let mut files = 0;
    for entry in WalkDir::new(source).follow_links(false).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            Diagnostic::error(
                Code::Unreadable,
                format!("cannot read the edition to copy: {e}"),
            )
            .with_help("check its permissions")
        })?;
        let rel = entry.path().strip_prefix(source).unwrap_or(Path::new(""));
        let to: PathBuf = staging.join(rel);
        let ft = entry.file_type();
        if ft.is_symlink() {
            return Err(Diagnostic::error(
                Code::Symlink,
                "the edition holds a symlink, which is never copied or followed",
            )
            .in_file(&entry.path().display().to_string())
            .with_help("replace the link with the file itself"));
        } else if ft.is_dir() {
            fs::create_dir_all(&to).map_err(|e| io_error(&shown, &e))?;
        } else if !ft.is_file() {
            // A named pipe would block the copy for ever.
            return Err(Diagnostic::error(
                Code::NotAFile,
                "the edition holds something that is not a regular file (a named pipe, socket or device)",
            )
            .in_file(&entry.path().display().to_string())
            .with_help("remove it, then start the new edition again"));
        } else if rel == Path::new("edition.yaml") {
            let text = fs::read_to_string(entry.path()).map_err(|e| io_error(&shown, &e))?;
            fs::write(&to, next_edition_yaml(&text, from, year, previous))
                .map_err(|e| io_error(&shown, &e))?;
            files += 1;
        } else {
            fs::copy(entry.path(), &to).map_err(|e| io_error(&shown, &e))?;
            files += 1;
        }
    }
    Ok(files)
}

/// The new edition.yaml: status draft, `previous` the edition before it (none when it is the
/// oldest), the title's year moved, the date and the description (which speak of the old
/// edition) set aside as comments.
pub fn next_edition_yaml(text: &str, from: u16, year: u16, previous: Option<u16>) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let (mut saw_status, mut saw_previous) = (false, false);
    // Inside a description set aside: its continuation lines are set aside with it.
    let mut in_description = false;
    for line in text.lines() {
        let key = line.split(':').next().unwrap_or("");
        let top_level = !line.starts_with([' ', '\t', '#', '-']);
        if in_description && line.trim().is_empty() {
            // A blank line may stand inside a block scalar: it ends nothing.
            out.push('\n');
            continue;
        }
        if in_description && !top_level && !line.starts_with('#') {
            out.push_str(&format!("# {line}\n"));
            continue;
        }
        in_description = false;
        match key {
            "status" if top_level => {
                out.push_str("status: draft\n");
                saw_status = true;
            }
            "previous" if top_level => {
                if let Some(p) = previous {
                    out.push_str(&format!("previous: {p}\n"));
                }
                saw_previous = true;
            }
            "title" if top_level => {
                out.push_str(&line.replace(&from.to_string(), &year.to_string()));
                out.push('\n');
            }
            "date" if top_level => {
                out.push_str(&format!("# {line}   (the {from} edition's date: set this edition's when it is published)\n"));
            }
            "description" if top_level => {
                out.push_str(&format!(
                    "# (the {from} edition's description: write this edition's)\n# {line}\n"
                ));
                in_description = true;
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    if !saw_status {
        out.push_str("status: draft\n");
    }
    if let (false, Some(p)) = (saw_previous, previous) {
        out.push_str(&format!("previous: {p}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edition_yaml_is_edited_line_by_line() {
        let before = "# The 2022 edition.\ntitle: China report 2022\ndate: 2022-12-31\nstatus: published\nauthors:\n  - A. Author\n";
        let after = next_edition_yaml(before, 2022, 2023, Some(2022));
        assert_eq!(
            after,
            "# The 2022 edition.\ntitle: China report 2023\n# date: 2022-12-31   (the 2022 edition's date: set this edition's when it is published)\nstatus: draft\nauthors:\n  - A. Author\nprevious: 2022\n"
        );
        // A description speaks of the old edition: set aside, a folded one whole.
        let described = next_edition_yaml(
            "title: X\ndescription: >\n  Old words\n\n  over two lines.\n\nauthors: [A]\n",
            2022,
            2023,
            Some(2022),
        );
        assert_eq!(
            described,
            "title: X\n# (the 2022 edition's description: write this edition's)\n# description: >\n#   Old words\n\n#   over two lines.\n\nauthors: [A]\nstatus: draft\nprevious: 2022\n"
        );
        let again = next_edition_yaml("title: X\nprevious: 2020\n", 2021, 2022, Some(2021));
        assert_eq!(again, "title: X\nprevious: 2021\nstatus: draft\n");
        // An edition older than all the others continues none.
        let oldest = next_edition_yaml("title: X 2021\nprevious: 2020\n", 2021, 2019, None);
        assert_eq!(oldest, "title: X 2019\nstatus: draft\n");
    }
}
