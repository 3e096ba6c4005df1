//! `almanac new-edition`: start next year's edition as a copy of an earlier one.
//!
//! The copy (chapters, data, images: the whole folder, links refused) is made in a staging
//! folder and renamed into place, so a failure leaves nothing half-copied. Its edition.yaml is
//! edited line by line, keeping the author's comments and key order: `status` becomes `draft`,
//! `previous` names the edition it came from, a year in the title moves to the new year, and
//! the date is commented out until the edition is published.

use crate::core::code::Code;
use crate::core::diagnostic::Diagnostic;
use crate::load::yaml::{Seg, Target, locate};
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
/// edition) set aside as comments. The author's comments and key order stay: each top-level
/// key's lines are found by the YAML parser, so a key written `"date":`, a value running over
/// several lines, or a quoted one that continues at the start of a line, is edited whole.
/// A file that is no plain block mapping (a flow mapping, say) is written afresh from its
/// values instead, comments lost but every edit made.
pub fn next_edition_yaml(text: &str, from: u16, year: u16, previous: Option<u16>) -> String {
    let edited = edit_in_place(text, from, year, previous)
        .filter(|out| reads_as_next(out, previous))
        .or_else(|| rewrite(text, from, year, previous).filter(|out| reads_as_next(out, previous)));
    // A file YAML cannot read at all is copied as it is: loading the new edition will say
    // where it is wrong, as it would have for the old one.
    edited.unwrap_or_else(|| text.to_string())
}

/// The top-level keys of `text` in order, each with the index of its first line.
fn key_lines(text: &str) -> Option<Vec<(String, usize)>> {
    let doc: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    let serde_yaml::Value::Mapping(map) = doc else {
        return None;
    };
    let mut keys = Vec::with_capacity(map.len());
    for key in map.keys() {
        let key = key.as_str()?;
        let at = locate(text, &[Seg::Key(key)], Target::Key)?;
        let line = at.line.checked_sub(1)?;
        // Lines must go down the file key by key: a flow mapping puts them on one line.
        if keys.last().is_some_and(|(_, l)| *l >= line) {
            return None;
        }
        keys.push((key.to_string(), line));
    }
    Some(keys)
}

fn edit_in_place(text: &str, from: u16, year: u16, previous: Option<u16>) -> Option<String> {
    let keys = key_lines(text)?;
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + 128);
    let head = keys.first().map_or(lines.len(), |(_, l)| *l);
    for line in &lines[..head] {
        out.push_str(line);
        out.push('\n');
    }
    let (mut saw_status, mut saw_previous) = (false, false);
    for (i, (key, start)) in keys.iter().enumerate() {
        let end = keys.get(i + 1).map_or(lines.len(), |(_, l)| *l);
        let mut span = &lines[*start..end];
        // Blank and comment lines after the value belong to what follows: kept as they are.
        let mut tail = span.len();
        while tail > 1 && {
            let t = span[tail - 1].trim_start();
            t.is_empty() || t.starts_with('#')
        } {
            tail -= 1;
        }
        let after = &span[tail..];
        span = &span[..tail];
        match key.as_str() {
            "status" => {
                out.push_str("status: draft\n");
                saw_status = true;
            }
            "previous" => {
                if let Some(p) = previous {
                    out.push_str(&format!("previous: {p}\n"));
                }
                saw_previous = true;
            }
            "title" => {
                for line in span {
                    out.push_str(&line.replace(&from.to_string(), &year.to_string()));
                    out.push('\n');
                }
            }
            "date" | "description" => {
                let note = if key == "date" {
                    format!("the {from} edition's date: set this edition's when it is published")
                } else {
                    format!("the {from} edition's description: write this edition's")
                };
                if let [line] = span {
                    out.push_str(&format!("# {line}   ({note})\n"));
                } else {
                    out.push_str(&format!("# ({note})\n"));
                    for line in span {
                        if line.trim().is_empty() {
                            out.push('\n');
                        } else {
                            out.push_str(&format!("# {line}\n"));
                        }
                    }
                }
            }
            _ => {
                for line in span {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        for line in after {
            out.push_str(line);
            out.push('\n');
        }
    }
    // What follows a document's end (`...`) is no part of it: the added keys go before it.
    let (body, end_marker) = match out.rfind("\n...") {
        Some(at) if out[at + 4..].trim().is_empty() || out[at + 4..].starts_with('\n') => {
            (out[..=at].to_string(), Some(out[at + 1..].to_string()))
        }
        _ => (out, None),
    };
    let mut out = body;
    if !saw_status {
        out.push_str("status: draft\n");
    }
    if let (false, Some(p)) = (saw_previous, previous) {
        out.push_str(&format!("previous: {p}\n"));
    }
    if let Some(end) = end_marker {
        out.push_str(&end);
    }
    Some(out)
}

/// The same edits on the parsed values, written afresh (comments are lost).
fn rewrite(text: &str, from: u16, year: u16, previous: Option<u16>) -> Option<String> {
    let doc: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    let serde_yaml::Value::Mapping(mut map) = doc else {
        return None;
    };
    map.insert("status".into(), "draft".into());
    match previous {
        Some(p) => {
            map.insert("previous".into(), u64::from(p).into());
        }
        None => {
            map.remove("previous");
        }
    }
    // The title, or its text in each language (`title: {en: …, fr: …}`).
    match map.get_mut("title") {
        Some(serde_yaml::Value::String(title)) => {
            *title = title.replace(&from.to_string(), &year.to_string());
        }
        Some(serde_yaml::Value::Mapping(texts)) => {
            for text in texts.values_mut() {
                if let serde_yaml::Value::String(t) = text {
                    *t = t.replace(&from.to_string(), &year.to_string());
                }
            }
        }
        _ => {}
    }
    map.remove("date");
    map.remove("description");
    let body = serde_yaml::to_string(&map).ok()?;
    Some(format!(
        "# Started by new-edition from the {from} edition, whose edition.yaml was written\n# afresh: its date and description are left out, for this edition's own.\n{body}"
    ))
}

/// Whether `out` reads as a draft edition continuing `previous`, with no date or description.
fn reads_as_next(out: &str, previous: Option<u16>) -> bool {
    let Ok(serde_yaml::Value::Mapping(map)) = serde_yaml::from_str::<serde_yaml::Value>(out) else {
        return false;
    };
    map.get("status").and_then(|s| s.as_str()) == Some("draft")
        && map.get("previous").and_then(serde_yaml::Value::as_u64) == previous.map(u64::from)
        && !map.contains_key("date")
        && !map.contains_key("description")
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
        // Keys and values of any shape YAML allows are edited whole, and the result loads.
        for before in [
            "title: T 2026\ndescription: \"first\nsecond: x\"\nstatus: published\n",
            "title: T 2026\ndescription: 'first\nsecond: x'\nstatus: published\n",
            "\"title\": T 2026\n\"description\": x\n\"date\": 2026-01-02\n\"status\": published\n",
            "title : T 2026\ndescription : x\ndate : 2026-01-02\n",
            "title: T 2026\ndescription: |\n  a\n\n  b\n# a comment of the author\nauthors:\n- A\n",
            "{title: T 2026, description: x, date: 2026-01-02, status: published}\n",
            "title: T 2026\ndate: 2026-01-02\n...\n",
            "# only a comment\ntitle: T 2026\n",
        ] {
            let after = next_edition_yaml(before, 2026, 2027, Some(2026));
            let doc: serde_yaml::Value = serde_yaml::from_str(&after)
                .unwrap_or_else(|e| panic!("{before:?} gave {after:?}: {e}"));
            assert_eq!(doc["status"].as_str(), Some("draft"), "{after}");
            assert_eq!(doc["previous"].as_u64(), Some(2026), "{after}");
            assert_eq!(doc["title"].as_str(), Some("T 2027"), "{after}");
            assert!(
                doc.get("date").is_none() && doc.get("description").is_none(),
                "{after}"
            );
        }
        // The author's comments stay where they were.
        let kept = next_edition_yaml(
            "# Our report.\ntitle: T 2026\n\n# Who wrote it.\nauthors: [A]\n",
            2026,
            2027,
            Some(2026),
        );
        assert_eq!(
            kept,
            "# Our report.\ntitle: T 2027\n\n# Who wrote it.\nauthors: [A]\nstatus: draft\nprevious: 2026\n"
        );
        let again = next_edition_yaml("title: X\nprevious: 2020\n", 2021, 2022, Some(2021));
        assert_eq!(again, "title: X\nprevious: 2021\nstatus: draft\n");
        // An edition older than all the others continues none.
        let oldest = next_edition_yaml("title: X 2021\nprevious: 2020\n", 2021, 2019, None);
        assert_eq!(oldest, "title: X 2019\nstatus: draft\n");
    }

    #[test]
    fn a_title_in_several_languages_moves_to_the_new_year_in_each() {
        for before in [
            "title:\n  en: Report 2026\n  fr: Rapport 2026\ntranslations: [fr]\n",
            "{title: {en: Report 2026, fr: Rapport 2026}, translations: [fr]}\n",
        ] {
            let after = next_edition_yaml(before, 2026, 2027, Some(2026));
            let doc: serde_yaml::Value = serde_yaml::from_str(&after).unwrap();
            assert_eq!(doc["title"]["en"].as_str(), Some("Report 2027"), "{after}");
            assert_eq!(doc["title"]["fr"].as_str(), Some("Rapport 2027"), "{after}");
            assert_eq!(doc["translations"][0].as_str(), Some("fr"), "{after}");
        }
    }
}
