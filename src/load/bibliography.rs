//! Reads a report's bibliography (`references.yaml`, `references.bib`) and the site's
//! citation style, each problem located in its file.

use super::yaml::{self, Seg, Target};
use crate::cite::{Library, StyleProblem};
use crate::core::code::Code;
use crate::core::diagnostic::{Diagnostic, Diagnostics};
use crate::core::source::{Position, SourceFile};
use crate::model::bibliography::Bibliography;
use std::path::Path;

/// The names a bibliography file may have in a report folder.
pub const FILE_NAMES: [&str; 3] = ["references.yaml", "references.yml", "references.bib"];

/// What a report folder's bibliography files made.
pub enum Loaded {
    /// The folder has none.
    Absent,
    Read(Box<Bibliography>),
    /// A file of it is in error (reported).
    InError,
}

/// The bibliography of the report folder `dir_rel`, from those of `names` that are there.
pub fn load(root: &Path, dir_rel: &str, names: &[&str], diags: &mut Diagnostics) -> Loaded {
    let mut files = Vec::new();
    let mut library = Library::default();
    let mut places: Vec<(usize, Position)> = Vec::new();
    let mut failed = false;
    for name in FILE_NAMES.iter().filter(|n| names.contains(n)) {
        let rel = format!("{dir_rel}/{name}");
        let file = match super::read_source(root, &rel) {
            Ok(f) => f,
            Err(d) => {
                diags.push(d);
                failed = true;
                continue;
            }
        };
        let bib = name.ends_with(".bib");
        let read = if bib {
            Library::read_biblatex(&file.text)
        } else {
            Library::read_yaml(&file.text)
        };
        let works = match read {
            Ok(w) => w,
            Err(problems) => {
                for p in problems {
                    diags.push(
                        Diagnostic::error(
                            Code::BibliographyEntry,
                            format!("this bibliography entry cannot be read: {}", p.message),
                        )
                        .at(&file, p.offset, p.len)
                        .with_help(if bib {
                            "write each entry as @type{key, field = {value}, …} (BibLaTeX)"
                        } else {
                            "give each entry a `type` and fields as Hayagriva's format names them (docs/citations.md)"
                        }),
                    );
                }
                failed = true;
                continue;
            }
        };
        if !bib && unknown_fields(&file, diags) {
            failed = true;
        }
        let index = files.len();
        for key in works.keys() {
            let pos = if bib {
                bib_key_position(&file, key)
            } else {
                yaml::locate_in(&file, &[Seg::Key(key)], Target::Key)
            }
            .unwrap_or(Position { line: 1, column: 1 });
            if let Some((first, first_pos)) = library
                .position(key)
                .and_then(|i| places.get(i))
                .and_then(|&(f, p)| Some((files.get(f).map(|f: &SourceFile| f.path.clone())?, p)))
            {
                diags.push(
                    Diagnostic::error(
                        Code::DuplicateCitationKey,
                        format!("the key `{key}` is already an entry of this report's bibliography"),
                    )
                    .at_position(&file, pos, key.chars().count())
                    .with_help(format!(
                        "give this work another key, or remove one of the two (the other is at {first}:{}:{})",
                        first_pos.line, first_pos.column
                    )),
                );
                failed = true;
            }
        }
        for key in works.keys() {
            if !library.contains(key) {
                let pos = if bib {
                    bib_key_position(&file, key)
                } else {
                    yaml::locate_in(&file, &[Seg::Key(key)], Target::Key)
                };
                places.push((index, pos.unwrap_or(Position { line: 1, column: 1 })));
            }
        }
        library.extend(works);
        files.push(file);
    }
    if failed {
        return Loaded::InError;
    }
    if files.is_empty() {
        return Loaded::Absent;
    }
    Loaded::Read(Box::new(Bibliography {
        files,
        library,
        places,
    }))
}

/// An error at each field of a YAML entry (or of its `parent`) that Hayagriva does not know,
/// which it would drop without a word; whether there was one.
fn unknown_fields(file: &SourceFile, diags: &mut Diagnostics) -> bool {
    let Ok(serde_yaml::Value::Mapping(entries)) =
        serde_yaml::from_str::<serde_yaml::Value>(&file.text)
    else {
        return false;
    };
    let mut found = false;
    for (key, entry) in &entries {
        let Some(key) = key.as_str() else { continue };
        let mut stack: Vec<(Vec<Seg<'_>>, &serde_yaml::Value)> = vec![(vec![Seg::Key(key)], entry)];
        while let Some((path, value)) = stack.pop() {
            let serde_yaml::Value::Mapping(fields) = value else {
                continue;
            };
            for (field, inner) in fields {
                let Some(name) = field.as_str() else { continue };
                if name == "parent" {
                    let mut p = path.clone();
                    p.push(Seg::Key("parent"));
                    match inner {
                        serde_yaml::Value::Sequence(list) => {
                            for (i, item) in list.iter().enumerate() {
                                let mut q = p.clone();
                                q.push(Seg::Index(i));
                                stack.push((q, item));
                            }
                        }
                        other => stack.push((p, other)),
                    }
                    continue;
                }
                if crate::cite::YAML_FIELDS.contains(&name) {
                    continue;
                }
                found = true;
                let mut p = path.clone();
                p.push(Seg::Key(name));
                let help = match crate::core::diagnostic::did_you_mean(
                    name,
                    crate::cite::YAML_FIELDS.iter().copied(),
                ) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!(
                        "an entry's fields are {} (docs/citations.md)",
                        crate::cite::YAML_FIELDS.join(", ")
                    ),
                };
                let d = Diagnostic::error(
                    Code::BibliographyEntry,
                    format!("`{name}` is no field of a bibliography entry: it would be dropped"),
                )
                .with_help(help);
                diags.push(match yaml::locate_in(file, &p, Target::Key) {
                    Some(pos) => d.at_position(file, pos, name.chars().count()),
                    None => d.in_file(&file.path),
                });
            }
        }
    }
    found
}

/// Where `@type{key,` names `key` in a BibLaTeX file.
fn bib_key_position(file: &SourceFile, key: &str) -> Option<Position> {
    let text = &file.text;
    let mut from = 0;
    while let Some(i) = text[from..].find(key) {
        let at = from + i;
        from = at + key.len();
        let before = text[..at].trim_end();
        let after = text[at + key.len()..].trim_start();
        if (before.ends_with('{') || before.ends_with('(')) && after.starts_with(',') {
            return Some(file.position(at));
        }
    }
    None
}

/// The site's citation style, or a located error.
pub fn style(site_file: &SourceFile, name: Option<&str>) -> Result<crate::cite::Style, Diagnostic> {
    let shown = name.unwrap_or(crate::cite::DEFAULT_STYLE);
    crate::cite::Style::named(shown).map_err(|problem| {
        let (message, help) = match problem {
            StyleProblem::Unknown(near) => (
                format!("there is no built-in citation style `{shown}`"),
                match near {
                    Some(n) => format!("did you mean `{n}`? (docs/citations.md lists every style)"),
                    None => "name a built-in CSL style such as chicago-author-date, apa, ieee, vancouver or mla (docs/citations.md lists them)".to_string(),
                },
            ),
            StyleProblem::Notes => (
                format!("the style `{shown}` puts citations in footnotes, which almanac does not set"),
                "choose an author-date or numeric style, such as chicago-author-date, apa or ieee".to_string(),
            ),
            StyleProblem::Unavailable => (
                "this almanac was built without citations (the cargo feature `citations`)".to_string(),
                "build almanac with its default features, or remove the bibliography".to_string(),
            ),
        };
        let d = Diagnostic::error(Code::CitationStyle, message).with_help(help);
        match yaml::locate_in(site_file, &[Seg::Key("citation_style")], Target::Value) {
            Some(p) => d.at_position(site_file, p, shown.chars().count()),
            None => d.in_file(&site_file.path),
        }
    })
}
