//! `almanac init`: a new project, every file commented so an author learns the format from
//! it, that passes `check --strict` and builds as it is.
//!
//! The starter project lives in `starter/` and is embedded in the binary. Its edition folder is
//! called `YEAR` there and takes the year it is given; `%YEAR%`, `%LAST_YEAR%` and `%NEXT_YEAR%`
//! in its files become that year and its neighbours.
//!
//! Nothing is ever overwritten: a folder that holds `content/` already is refused, and the new
//! `content/` is written whole into a staging folder and renamed into place in one step, so a
//! failure leaves the folder as it was. An existing `.gitignore` is kept as it is.

use crate::core::code::Code;
use crate::core::diagnostic::Diagnostic;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The starter project's files: a path under `starter/`, and its text.
const STARTER: &[(&str, &str)] = &[
    (
        "content/site.yaml",
        include_str!("../starter/content/site.yaml"),
    ),
    (
        "content/example/report.yaml",
        include_str!("../starter/content/example/report.yaml"),
    ),
    (
        "content/example/YEAR/edition.yaml",
        include_str!("../starter/content/example/YEAR/edition.yaml"),
    ),
    (
        "content/example/YEAR/01-introduction.md",
        include_str!("../starter/content/example/YEAR/01-introduction.md"),
    ),
    (
        "content/example/YEAR/02-data.md",
        include_str!("../starter/content/example/YEAR/02-data.md"),
    ),
    (
        "content/example/YEAR/data/box-output.yaml",
        include_str!("../starter/content/example/YEAR/data/box-output.yaml"),
    ),
    (
        "content/example/YEAR/data/fig-output.yaml",
        include_str!("../starter/content/example/YEAR/data/fig-output.yaml"),
    ),
];

/// The starter's `.gitignore`, written only where there is none.
const GITIGNORE: &str = include_str!("../starter/.gitignore");

/// The paths of the starter project's files, as `starter/` holds them (for the test that
/// keeps this list and the folder the same).
pub fn starter_paths() -> impl Iterator<Item = &'static str> {
    STARTER
        .iter()
        .map(|(path, _)| *path)
        .chain(std::iter::once(".gitignore"))
}

/// What `init` made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Initialized {
    /// The files written, relative to the project folder, in order.
    pub files: Vec<String>,
    /// The edition's folder, relative to the project folder.
    pub edition: String,
    /// A `.gitignore` was there already and was left as it was.
    pub kept_gitignore: bool,
}

/// Writes a new project into `dir` (made when missing) with one edition of `year`.
pub fn init(dir: &Path, year: u16) -> Result<Initialized, Diagnostic> {
    if !(1001..=9998).contains(&year) {
        return Err(Diagnostic::error(
            Code::InitFolder,
            format!("{year} cannot be an edition's year"),
        )
        .with_help("an edition's year has four digits"));
    }
    let made_dir = prepare_folder(dir)?;
    let content = dir.join("content");
    if fs::symlink_metadata(&content).is_ok() {
        return Err(Diagnostic::error(
            Code::ProjectExists,
            "this folder holds a project already (it has content/)",
        )
        .in_file("content")
        .with_help("start the project in a new or empty folder: init never overwrites anything"));
    }
    let staging = dir.join(format!(".almanac-init-{}", std::process::id()));
    let written = write_content(&staging, year).and_then(|mut files| {
        // The .gitignore before content/, so a failure at either leaves nothing behind.
        let gitignore = dir.join(".gitignore");
        let wrote_gitignore = match write_new(&gitignore, GITIGNORE) {
            Ok(()) => true,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => false,
            Err(e) => return Err(write_error(".gitignore", &e)),
        };
        // One rename puts the whole content/ in place, or nothing.
        if let Err(e) = fs::rename(staging.join("content"), &content) {
            if wrote_gitignore {
                let _ = fs::remove_file(&gitignore);
            }
            return Err(write_error("content", &e));
        }
        if wrote_gitignore {
            files.push(".gitignore".to_string());
        }
        Ok((files, !wrote_gitignore))
    });
    let _ = fs::remove_dir_all(&staging);
    match written {
        Ok((files, kept_gitignore)) => Ok(Initialized {
            files,
            edition: format!("content/example/{year}"),
            kept_gitignore,
        }),
        Err(d) => {
            if made_dir {
                let _ = fs::remove_dir(dir);
            }
            Err(d)
        }
    }
}

/// Makes sure `dir` is a real folder, making it when missing; says whether it was made.
fn prepare_folder(dir: &Path) -> Result<bool, Diagnostic> {
    let shown = dir.display().to_string();
    match fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => Ok(false),
        Ok(m) if m.file_type().is_symlink() => Err(Diagnostic::error(
            Code::InitFolder,
            format!("`{shown}` is a link"),
        )
        .with_help("name the folder itself: init never writes through a link")),
        Ok(_) => Err(Diagnostic::error(
            Code::InitFolder,
            format!("`{shown}` is a file, not a folder"),
        )
        .with_help("name a new or empty folder for the project")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            fs::create_dir_all(dir).map_err(|e| {
                Diagnostic::error(
                    Code::InitFolder,
                    format!("cannot make the folder `{shown}`: {e}"),
                )
                .with_help("name a folder you can write to")
            })?;
            Ok(true)
        }
        Err(e) => Err(
            Diagnostic::error(Code::InitFolder, format!("cannot read `{shown}`: {e}"))
                .with_help("name a folder you can write to"),
        ),
    }
}

/// Writes the starter's `content/` under `staging`; the files' paths relative to the project.
fn write_content(staging: &Path, year: u16) -> Result<Vec<String>, Diagnostic> {
    fs::create_dir(staging).map_err(|e| write_error("content", &e))?;
    let year_text = year.to_string();
    let mut files = Vec::with_capacity(STARTER.len());
    for (path, text) in STARTER {
        let rel = path.replace("/YEAR/", &format!("/{year_text}/"));
        let target: PathBuf = staging.join(&rel);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| write_error(&rel, &e))?;
        }
        let text = text
            .replace("%LAST_YEAR%", &(year - 1).to_string())
            .replace("%NEXT_YEAR%", &(year + 1).to_string())
            .replace("%YEAR%", &year_text);
        write_new(&target, &text).map_err(|e| write_error(&rel, &e))?;
        files.push(rel);
    }
    Ok(files)
}

/// Writes a file that must not exist yet (never through a link, never over a file).
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

fn write_error(rel: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        Code::WriteFailed,
        format!("cannot write the new project: {e}"),
    )
    .in_file(rel)
    .with_help("check that the folder is writable; nothing was left half-written")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_starter_file_is_listed_and_every_listed_file_is_in_the_starter_folder() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("starter");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&root)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = starter_paths().map(str::to_string).collect();
        listed.sort();
        assert_eq!(on_disk, listed);
    }

    #[test]
    fn every_placeholder_is_filled() {
        let dir = tempfile::tempdir().unwrap();
        let made = init(dir.path(), 2031).unwrap();
        assert_eq!(made.edition, "content/example/2031");
        for rel in &made.files {
            let text = fs::read_to_string(dir.path().join(rel)).unwrap();
            assert!(!text.contains('%'), "{rel} keeps a placeholder");
            assert!(!rel.contains("YEAR"), "{rel}");
        }
        let edition =
            fs::read_to_string(dir.path().join("content/example/2031/edition.yaml")).unwrap();
        assert!(edition.contains("title: Example country report, 2031"));
        assert!(edition.contains("# previous: 2030") && edition.contains("example 2032"));
    }
}
