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

/// What became of the project's `.gitignore`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gitignore {
    /// Written from the starter.
    Written,
    /// There was one already: left as it was.
    Kept,
    /// It could not be written (the project itself is in place): why.
    Failed(String),
}

/// What `init` made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Initialized {
    /// The files written, relative to the project folder, in order.
    pub files: Vec<String>,
    /// The edition's folder, relative to the project folder.
    pub edition: String,
    pub gitignore: Gitignore,
}

/// The prefix of the staging folders `init` makes beside `content/`, and the file that marks
/// one as `init`'s own (only such a folder, left by a run that is over, is ever removed).
const STAGING_PREFIX: &str = ".almanac-init-";
const STAGING_MARK: &str = ".almanac-init";

/// Writes a new project into `dir` (made when missing) with one edition of `year`.
pub fn init(dir: &Path, year: u16) -> Result<Initialized, Diagnostic> {
    if !(1001..=9998).contains(&year) {
        return Err(Diagnostic::error(
            Code::InitFolder,
            format!("{year} cannot be an edition's year"),
        )
        .with_help("an edition's year has four digits"));
    }
    // `link/` and `link/.` name the link itself, as `link` does.
    let dir: PathBuf = dir.components().collect();
    let dir = if dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        dir
    };
    let shown = |rel: &str| dir.join(rel).display().to_string();
    let made = prepare_folder(&dir)?;
    let undo_folders = || {
        for folder in made.iter().rev() {
            let _ = fs::remove_dir(folder);
        }
    };
    let content = dir.join("content");
    if fs::symlink_metadata(&content).is_ok() {
        return Err(project_exists(&shown("content")));
    }
    remove_dead_staging(&dir);
    let staging = match make_staging(&dir) {
        Ok(staging) => staging,
        Err(e) => {
            undo_folders();
            return Err(write_error(&shown("content"), &e));
        }
    };
    let placed = write_content(&staging, year)
        .map_err(|(rel, e)| write_error(&shown(&rel), &e))
        .and_then(|files| {
            write_new(&staging.join(".gitignore"), GITIGNORE)
                .map_err(|e| write_error(&shown(".gitignore"), &e))?;
            // One rename puts the whole content/ in place, or nothing.
            match fs::rename(staging.join("content"), &content) {
                Ok(()) => Ok(files),
                // Another run (or the user) made content/ meanwhile.
                Err(_) if fs::symlink_metadata(&content).is_ok() => {
                    Err(project_exists(&shown("content")))
                }
                Err(e) => Err(write_error(&shown("content"), &e)),
            }
        });
    let mut files = match placed {
        Ok(files) => files,
        Err(d) => {
            let _ = fs::remove_dir_all(&staging);
            undo_folders();
            return Err(d);
        }
    };
    // The project is in place: the .gitignore comes whole or not at all, and never over one.
    let gitignore = match place_new(&staging.join(".gitignore"), &dir.join(".gitignore")) {
        Ok(()) => {
            files.push(".gitignore".to_string());
            Gitignore::Written
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Gitignore::Kept,
        Err(e) => Gitignore::Failed(e.to_string()),
    };
    let _ = fs::remove_dir_all(&staging);
    Ok(Initialized {
        files,
        edition: format!("content/example/{year}"),
        gitignore,
    })
}

fn project_exists(content: &str) -> Diagnostic {
    Diagnostic::error(
        Code::ProjectExists,
        "this folder holds a project already (it has content/)",
    )
    .in_file(content)
    .with_help("start the project in a new or empty folder: init never overwrites anything")
}

/// Makes sure `dir` is a real folder, making it (and missing folders above it) when missing;
/// the folders it made, outermost first, so a failure can take them away again.
fn prepare_folder(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let shown = dir.display().to_string();
    match fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => Ok(Vec::new()),
        Ok(m) if m.file_type().is_symlink() => Err(Diagnostic::error(
            Code::InitFolder,
            format!("`{shown}` is a link"),
        )
        .with_help("name the folder itself, not a link to it")),
        Ok(_) => Err(Diagnostic::error(
            Code::InitFolder,
            format!("`{shown}` is a file, not a folder"),
        )
        .with_help("name a new or empty folder for the project")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut missing: Vec<PathBuf> = dir
                .ancestors()
                .take_while(|a| !a.as_os_str().is_empty() && fs::symlink_metadata(a).is_err())
                .map(Path::to_path_buf)
                .collect();
            missing.reverse();
            fs::create_dir_all(dir).map_err(|e| {
                for folder in missing.iter().rev() {
                    let _ = fs::remove_dir(folder);
                }
                Diagnostic::error(
                    Code::InitFolder,
                    format!("cannot make the folder `{shown}`: {e}"),
                )
                .with_help("name a folder you can write to")
            })?;
            Ok(missing)
        }
        Err(e) => Err(
            Diagnostic::error(Code::InitFolder, format!("cannot read `{shown}`: {e}"))
                .with_help("name a folder you can write to"),
        ),
    }
}

/// A staging folder of this run's own, under a name no other run or file holds, marked as
/// `init`'s.
fn make_staging(dir: &Path) -> std::io::Result<PathBuf> {
    let pid = std::process::id();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let mut last = None;
    for attempt in 0..64u32 {
        let staging = dir.join(format!("{STAGING_PREFIX}{pid}-{nanos:x}{attempt}"));
        match fs::create_dir(&staging) {
            Ok(()) => {
                write_new(&staging.join(STAGING_MARK), "")?;
                return Ok(staging);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no free staging name")))
}

/// Removes the staging folders that runs killed before they finished left in `dir`: only
/// real folders that carry `init`'s mark, and whose process is over (where the system says;
/// elsewhere none is removed).
fn remove_dead_staging(dir: &Path) {
    let processes = Path::new("/proc");
    if !processes.join("self").exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix(STAGING_PREFIX)
            .and_then(|rest| rest.split('-').next())
            .filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        else {
            continue;
        };
        let path = entry.path();
        let ours = fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir())
            && fs::symlink_metadata(path.join(STAGING_MARK)).is_ok_and(|m| m.is_file());
        if ours && !processes.join(pid).exists() {
            let _ = fs::remove_dir_all(&path);
        }
    }
}

/// Puts the file at `from` at `to`, whole, unless something is at `to` already: a hard link
/// appears in one step and never replaces a file; where links cannot be made, a copy written
/// as a new file (and taken away again when it cannot be written whole).
fn place_new(from: &Path, to: &Path) -> std::io::Result<()> {
    match fs::hard_link(from, to) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
        Err(_) => write_new(to, &fs::read_to_string(from)?),
    }
}

/// Writes the starter's `content/` under `staging`; the files' paths relative to the project,
/// or the one that could not be written and why.
fn write_content(staging: &Path, year: u16) -> Result<Vec<String>, (String, std::io::Error)> {
    let year_text = year.to_string();
    let mut files = Vec::with_capacity(STARTER.len());
    for (path, text) in STARTER {
        let rel = path.replace("/YEAR/", &format!("/{year_text}/"));
        let target: PathBuf = staging.join(&rel);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| (rel.clone(), e))?;
        }
        let text = text
            .replace("%LAST_YEAR%", &(year - 1).to_string())
            .replace("%NEXT_YEAR%", &(year + 1).to_string())
            .replace("%YEAR%", &year_text);
        write_new(&target, &text).map_err(|e| (rel.clone(), e))?;
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
