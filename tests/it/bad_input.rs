//! Bad input, table-driven: every case under tests/fixtures/bad gives its diagnostic at the
//! right file, line and column, exits 1, and writes nothing; and cases made on the fly (links,
//! loops, huge files) are refused the same way. Never a panic.

use crate::common::*;
use serde_json::Value;
use std::fs;
use std::path::Path;

/// Runs `check --format json`; returns the exit code and the diagnostics.
fn check_json(root: &Path) -> (Option<i32>, Vec<Value>) {
    let out = almanac(root, &["check", "--format", "json"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let diags: Vec<Value> = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {text}\n{}", stderr(&out)));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    (out.status.code(), diags)
}

/// `code path[:line[:col]]`: does a diagnostic match?
fn matches(d: &Value, expect: &str) -> bool {
    let (code, place) = expect.split_once(' ').unwrap_or((expect, ""));
    let mut parts = place.split(':');
    let file = parts.next().unwrap_or("");
    let line: Option<u64> = parts.next().and_then(|l| l.parse().ok());
    let col: Option<u64> = parts.next().and_then(|c| c.parse().ok());
    d["code"] == code
        && d["file"] == file
        && line.is_none_or(|l| d["line"] == l)
        && col.is_none_or(|c| d["column"] == c)
}

fn assert_refused(root: &Path, expect: &str) {
    let (code, diags) = check_json(root);
    assert_eq!(code, Some(1), "{expect}: check must fail; got {diags:#?}");
    assert!(
        diags.iter().any(|d| matches(d, expect)),
        "{expect} not among {diags:#?}"
    );
    for d in &diags {
        assert!(
            d["help"].is_string(),
            "every diagnostic says what to do: {d}"
        );
    }
    let build = almanac(root, &["build"]);
    assert_eq!(build.status.code(), Some(1), "{expect}: build must fail");
    assert!(
        !root.join("site").exists(),
        "{expect}: a failed build writes nothing"
    );
}

#[test]
fn every_bad_fixture_gives_its_code_at_its_place() {
    let cases = fixture_dir("bad");
    let mut ran = 0;
    for entry in fs::read_dir(&cases).expect("cases") {
        let case = entry.expect("case").path();
        if !case.is_dir() {
            continue;
        }
        let dir = fixture("basic");
        copy_tree(&case.join("files"), dir.path());
        let expect = fs::read_to_string(case.join("expect")).expect("expect file");
        for line in expect.lines().filter(|l| !l.trim().is_empty()) {
            assert_refused(dir.path(), line.trim());
        }
        ran += 1;
    }
    assert!(ran >= 15, "only {ran} cases ran");
}

#[test]
fn a_clean_fixture_checks_clean() {
    let dir = fixture("basic");
    let (code, diags) = check_json(dir.path());
    assert_eq!(code, Some(0), "{diags:#?}");
    assert!(diags.iter().all(|d| d["severity"] == "warning"));
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_project_and_loops_are_refused() {
    let dir = fixture("basic");
    let data = dir.path().join("content/alpha/2023/data");
    std::os::unix::fs::symlink("/etc/hostname", data.join("box-outside.yaml")).expect("link");
    assert_refused(
        dir.path(),
        "symlink content/alpha/2023/data/box-outside.yaml",
    );

    let dir = fixture("basic");
    let loop_dir = dir.path().join("content/alpha/2023/images");
    fs::create_dir_all(&loop_dir).expect("mkdir");
    std::os::unix::fs::symlink("..", loop_dir.join("again")).expect("link");
    std::os::unix::fs::symlink(dir.path().join("content"), dir.path().join("content/loop"))
        .expect("link");
    assert_refused(dir.path(), "symlink content/loop");

    // A figure's image reached through a linked folder that leads out of the project.
    let dir = fixture("basic");
    let outside = tempfile::tempdir().expect("temp dir");
    fs::write(
        outside.path().join("outside.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .expect("write");
    let diagrams = dir.path().join("content/alpha/2023/diagrams");
    fs::create_dir_all(&diagrams).expect("mkdir");
    std::os::unix::fs::symlink(outside.path(), diagrams.join("out")).expect("link");
    write(
        dir.path(),
        "content/alpha/2023/data/fig-diagram.yaml",
        "title: Synthetic diagram\nimage: diagrams/out/outside.svg\nalt: A box\n",
    );
    assert_refused(
        dir.path(),
        "symlink content/alpha/2023/data/fig-diagram.yaml:2",
    );

    // The project's top folders themselves, linked to folders outside it.
    for top in ["content", "templates"] {
        let dir = fixture("basic");
        let outside = tempfile::tempdir().expect("temp dir");
        let real = dir.path().join(top);
        if real.exists() {
            copy_tree(&real, outside.path());
            fs::remove_dir_all(&real).expect("remove");
        }
        std::os::unix::fs::symlink(outside.path(), &real).expect("link");
        assert_refused(dir.path(), &format!("symlink {top}"));
    }
}

#[test]
fn a_huge_file_is_refused_not_loaded() {
    let dir = fixture("basic");
    let big = "x".repeat(50 * 1024 * 1024);
    write(
        dir.path(),
        "content/alpha/2023/04-huge.md",
        &format!("---\ntitle: Huge\n---\n{big}\n"),
    );
    assert_refused(dir.path(), "file-too-large content/alpha/2023/04-huge.md");
    // In the project's templates too: a theme file is read whole.
    let dir = fixture("basic");
    write(dir.path(), "templates/assets/huge.css", &big);
    assert_refused(dir.path(), "file-too-large templates/assets/huge.css");
}

/// A named pipe where a chapter, a data file or an edition's file belongs would block a read
/// for ever: it is refused, never opened, by check, build and new-edition alike.
#[cfg(unix)]
#[test]
fn a_named_pipe_never_stalls_a_command() {
    // Each run takes milliseconds; the limit only turns a hang into a failure.
    const LIMIT: std::time::Duration = std::time::Duration::from_secs(120);
    fn mkfifo(path: &Path) {
        let made = std::process::Command::new("mkfifo").arg(path).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo {}", path.display());
    }
    for rel in [
        "content/alpha/2023/04-pipe.md",
        "content/alpha/2023/data/box-pipe.yaml",
    ] {
        let dir = fixture("basic");
        mkfifo(&dir.path().join(rel));
        let check = almanac_within(dir.path(), &["check"], LIMIT);
        assert_eq!(check.status.code(), Some(1));
        assert_refused(dir.path(), &format!("not-a-file {rel}"));
    }
    let dir = fixture("basic");
    mkfifo(&dir.path().join("content/alpha/2024/pipe.svg"));
    let args = ["new-edition", "alpha", "2025", "--from", "2024"];
    let out = almanac_within(dir.path(), &args, LIMIT);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("error[not-a-file]"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("content/alpha/2025").exists());
}

/// The lock beside the output is only ever a regular file: a link there is not followed (no
/// file made elsewhere) and a pipe there does not stall the build.
#[cfg(unix)]
#[test]
fn the_output_lock_is_never_a_link_or_a_pipe() {
    const LIMIT: std::time::Duration = std::time::Duration::from_secs(120);
    let dir = fixture("basic");
    let elsewhere = tempfile::tempdir().expect("temp");
    let target = elsewhere.path().join("made-by-the-build");
    std::os::unix::fs::symlink(&target, dir.path().join(".site.lock")).expect("link");
    let out = almanac_within(dir.path(), &["build"], LIMIT);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("error[output-folder]"),
        "{}",
        stderr(&out)
    );
    assert!(!target.exists(), "the build followed the link");
    std::fs::remove_file(dir.path().join(".site.lock")).expect("unlink");
    let made = std::process::Command::new("mkfifo")
        .arg(dir.path().join(".site.lock"))
        .status();
    assert!(made.is_ok_and(|s| s.success()));
    let out = almanac_within(dir.path(), &["build"], LIMIT);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("error[output-folder]"),
        "{}",
        stderr(&out)
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_named() {
    use std::os::unix::fs::PermissionsExt;
    let dir = fixture("basic");
    let file = dir.path().join("content/alpha/2023/01-introduction.md");
    fs::set_permissions(&file, fs::Permissions::from_mode(0o000)).expect("chmod");
    if fs::read(&file).is_ok() {
        // Running as root: permissions do not stop reads, so there is nothing to test.
        return;
    }
    assert_refused(
        dir.path(),
        "unreadable content/alpha/2023/01-introduction.md",
    );
}

#[test]
fn an_output_folder_inside_content_is_refused() {
    let dir = fixture("basic");
    let out = almanac(dir.path(), &["build", "--out", "content/public"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("error[output-folder]"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("content/public").exists());
}

#[test]
fn a_folder_almanac_did_not_make_is_never_replaced() {
    let dir = fixture("basic");
    write(dir.path(), "mine/notes.txt", "keep me");
    let out = almanac(dir.path(), &["build", "--out", "mine"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("error[output-folder]"));
    assert_eq!(read(dir.path(), "mine/notes.txt"), "keep me");
}

/// The theme folder is read like content: a link is an error, never followed nor skipped in
/// silence; a pipe is not read; a name that cannot be a file of the site is refused.
#[cfg(unix)]
#[test]
fn theme_files_are_only_regular_files_with_names_the_site_can_carry() {
    const LIMIT: std::time::Duration = std::time::Duration::from_secs(120);
    let dir = fixture("basic");
    let root = dir.path();
    std::fs::create_dir_all(root.join("templates/assets")).expect("mkdir");
    std::os::unix::fs::symlink("/etc/hostname", root.join("templates/edition.html")).expect("link");
    assert_refused(root, "symlink templates/edition.html");
    std::fs::remove_file(root.join("templates/edition.html")).expect("unlink");
    let made = std::process::Command::new("mkfifo")
        .arg(root.join("templates/base.html"))
        .status();
    assert!(made.is_ok_and(|s| s.success()));
    let out = almanac_within(root, &["check"], LIMIT);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_refused(root, "not-a-file templates/base.html");
    std::fs::remove_file(root.join("templates/base.html")).expect("unlink");
    write(root, "templates/assets/a\\b.css", "a {}\n");
    assert_refused(root, "file-name templates/assets/a\\b.css");
}
