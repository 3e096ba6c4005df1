//! Stage 4, write: the whole site goes into a staging folder beside the output, which is then
//! swapped in. A failed or killed build leaves the previous output as it was, and a successful
//! one leaves no stale file behind.

use crate::diagnostic::Diagnostic;
use crate::render::OutputFile;
use rayon::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};

/// The file that marks a folder as almanac's output, so that a build never replaces a folder
/// it did not make.
pub const MARKER: &str = ".almanac-site";
const MARKER_TEXT: &str = "This folder is built by almanac and replaced whole on every build.\n";

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.{tag}"))
}

/// Writes `files` into `out`, replacing what was there.
pub fn write_site(out: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    let shown = out.display().to_string();
    let fail = |what: &str, e: std::io::Error| {
        Diagnostic::error("write-failed", format!("{what}: {e}"))
            .in_file(&shown)
            .with_help("check that the output folder's parent exists and is writable; the previous site is untouched")
    };
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| fail("cannot create the output's parent folder", e))?;
    recover(out);

    if out.exists() {
        if !out.is_dir() {
            return Err(Diagnostic::error(
                "output-folder",
                "the output path is a file, not a folder",
            )
            .in_file(&shown)
            .with_help("name a folder with --out"));
        }
        let empty = fs::read_dir(out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !out.join(MARKER).is_file() {
            return Err(Diagnostic::error(
                "output-folder",
                "the output folder exists and was not made by almanac; it is left alone",
            )
            .in_file(&shown)
            .with_help("remove it, or name another folder with --out"));
        }
    }

    let staging = sibling(out, &format!("staging-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    let result = (|| -> Result<(), Diagnostic> {
        fs::create_dir_all(&staging).map_err(|e| fail("cannot create the staging folder", e))?;
        fs::write(staging.join(MARKER), MARKER_TEXT).map_err(|e| fail("cannot write", e))?;
        files.par_iter().try_for_each(|f| {
            let path = staging.join(&f.path);
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir)
                    .map_err(|e| fail(&format!("cannot create a folder for {}", f.path), e))?;
            }
            fs::write(&path, &f.bytes).map_err(|e| fail(&format!("cannot write {}", f.path), e))
        })?;
        let old = sibling(out, "old");
        if out.exists() {
            let _ = fs::remove_dir_all(&old);
            fs::rename(out, &old).map_err(|e| fail("cannot move the previous site aside", e))?;
        }
        if let Err(e) = fs::rename(&staging, out) {
            let _ = fs::rename(&old, out);
            return Err(fail("cannot move the new site into place", e));
        }
        let _ = fs::remove_dir_all(&old);
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

/// After a build killed between its two renames, puts the previous site back; removes the
/// staging folders of builds that were killed.
fn recover(out: &Path) {
    let old = sibling(out, "old");
    if !out.exists() && old.is_dir() {
        let _ = fs::rename(&old, out);
    }
    let Some(parent) = out.parent() else { return };
    let prefix = sibling(out, "staging-");
    let prefix = prefix
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    if let Ok(entries) = fs::read_dir(parent) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = fs::remove_dir_all(e.path());
            }
        }
    }
}
