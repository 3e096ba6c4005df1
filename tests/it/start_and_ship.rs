//! Starting a project and shipping it from CI: `almanac init` (a new project that checks clean
//! and builds, never written over anything), `check --format github`, `build --strict`,
//! `--version`.

use crate::common::{almanac, read, stderr, tree, write};
use std::fs;
use std::path::Path;

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn a_new_project_checks_clean_under_strict_and_builds_with_every_feature_it_teaches() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = almanac(dir.path(), &["init", "reports"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cd reports && almanac check"),
        "{}",
        stderr(&out)
    );
    let project = dir.path().join("reports");
    let check = almanac(&project, &["check", "--strict"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("0 errors, 0 warnings"),
        "{}",
        stderr(&check)
    );

    let build = almanac(&project, &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let year = fs::read_dir(project.join("content/example"))
        .expect("report folder")
        .flatten()
        .find(|e| e.path().is_dir())
        .expect("an edition folder")
        .file_name()
        .to_string_lossy()
        .into_owned();
    let page = read(&project, &format!("site/example/{year}/index.html"));
    for shown in [
        "Box 1.",
        "Figure 1.",
        "<svg",
        "role=\"doc-noteref\"",
        ">Box 1</a>",
        ">Figure 1</a>",
        "Introduction",
        "The data",
    ] {
        assert!(page.contains(shown), "the page lacks {shown}");
    }
    // The shortcodes the prose explains are shown as written, not run.
    assert!(page.contains("{{&lt; box box-output &gt;}}"), "{page}");
    // Every file teaches: YAML files are commented, chapters explain themselves.
    for entry in walkdir::WalkDir::new(project.join("content")) {
        let entry = entry.expect("walk");
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".yaml") || name.ends_with(".md") {
            let text = fs::read_to_string(entry.path()).expect("read");
            assert!(
                text.contains("\n# ") || text.starts_with("# "),
                "{name} has no comment"
            );
        }
    }
    assert!(read(&project, ".gitignore").contains("site/"));
}

#[test]
fn a_folder_that_holds_a_project_is_refused_and_left_as_it_was() {
    let dir = crate::common::fixture("basic");
    let before = tree(dir.path());
    let out = almanac(dir.path(), &["init"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("error[project-exists]"),
        "{}",
        stderr(&out)
    );
    assert_eq!(tree(dir.path()), before, "init changed a project");

    // Even an empty content/ is a project started: nothing is written beside it.
    let empty = tempfile::tempdir().expect("temp dir");
    fs::create_dir(empty.path().join("content")).expect("mkdir");
    let out = almanac(empty.path(), &["init", "."]);
    assert_eq!(out.status.code(), Some(1));
    assert!(tree(empty.path()).is_empty());
}

#[test]
fn a_folder_with_other_files_gets_the_project_beside_them_and_keeps_its_gitignore() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "README.md", "# My reports\n");
    write(dir.path(), ".gitignore", "target/\n");
    let out = almanac(dir.path(), &["init"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("add `site/` and `.site.*`"),
        "{}",
        stderr(&out)
    );
    assert_eq!(read(dir.path(), "README.md"), "# My reports\n");
    assert_eq!(read(dir.path(), ".gitignore"), "target/\n");
    assert!(dir.path().join("content/site.yaml").is_file());
    assert_no_staging_left(dir.path());
}

/// No staging folder of `init` is left in `dir`.
fn assert_no_staging_left(dir: &Path) {
    let names: Vec<String> = fs::read_dir(dir)
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with(".almanac-init")),
        "{names:?}"
    );
}

#[test]
fn a_file_or_a_link_is_no_folder_to_start_in() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "notes.txt", "keep me\n");
    let out = almanac(dir.path(), &["init", "notes.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("error[init-folder]"),
        "{}",
        stderr(&out)
    );
    assert_eq!(read(dir.path(), "notes.txt"), "keep me\n");
    #[cfg(unix)]
    {
        let elsewhere = tempfile::tempdir().expect("temp dir");
        std::os::unix::fs::symlink(elsewhere.path(), dir.path().join("link")).expect("link");
        let out = almanac(dir.path(), &["init", "link"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("is a link"), "{}", stderr(&out));
        assert!(
            tree(elsewhere.path()).is_empty(),
            "init wrote through a link"
        );
    }
}

#[test]
fn check_can_speak_github_actions_workflow_commands() {
    let dir = crate::common::fixture("basic");
    write(
        dir.path(),
        "content/alpha/2023/data/box-sample.yaml",
        "title: A sample box (synthetic)\ncolumns:\n  - { key: name, label: Name }\nrows:\n  - { name: First, valeu: 1 }\n",
    );
    // Run from the folder above, as a workflow does from the repository's root: the file is
    // named from there.
    let parent = dir.path().parent().expect("parent");
    let name = dir
        .path()
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let out = almanac(parent, &["check", "--root", &name, "--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    let printed = stdout(&out);
    let error = printed
        .lines()
        .find(|l| l.starts_with("::error "))
        .unwrap_or_else(|| panic!("no error command in {printed}"));
    assert!(
        error.starts_with(&format!(
            "::error file={name}/content/alpha/2023/data/box-sample.yaml,line=5,col=20,title=unknown-column::"
        )),
        "{error}"
    );
    assert!(error.contains("%0Ahelp: "), "{error}");
    // Every line of standard output is one workflow command.
    assert!(
        printed
            .lines()
            .all(|l| l.starts_with("::error ") || l.starts_with("::warning "))
    );
    // Warnings are warnings, and `--strict` makes them errors.
    let warn = crate::common::fixture("basic");
    write(
        warn.path(),
        "content/alpha/2024/02-extra.md",
        "---\ntitle: Extra\n---\nA note never cited.\n\n[^x]: Unused.\n",
    );
    let out = almanac(warn.path(), &["check", "--format", "github"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with(
            "::warning file=content/alpha/2024/02-extra.md,line=6,col=1,title=unused-footnote::"
        ),
        "{}",
        stdout(&out)
    );
    let out = almanac(warn.path(), &["check", "--strict", "--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).starts_with("::error "), "{}", stdout(&out));
}

#[test]
fn the_version_is_the_crates() {
    let out = almanac(Path::new("."), &["--version"]);
    assert!(out.status.success());
    assert_eq!(
        stdout(&out).trim(),
        format!("almanac {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_strict_build_stops_at_a_warning_and_leaves_the_previous_site() {
    let dir = crate::common::fixture("basic");
    let first = almanac(dir.path(), &["build", "--strict"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = tree(&dir.path().join("site"));
    write(
        dir.path(),
        "content/alpha/2024/02-extra.md",
        "---\ntitle: Extra\n---\nA note never cited.\n\n[^x]: Unused.\n",
    );
    let strict = almanac(dir.path(), &["build", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        stderr(&strict).contains("error[unused-footnote]"),
        "{}",
        stderr(&strict)
    );
    assert!(stderr(&strict).contains("--strict"), "{}", stderr(&strict));
    assert_eq!(
        tree(&dir.path().join("site")),
        before,
        "a strict build wrote"
    );
    // Without --strict the same project builds, and says what it warns of.
    let lenient = almanac(dir.path(), &["build"]);
    assert!(lenient.status.success(), "{}", stderr(&lenient));
    assert!(stderr(&lenient).contains("warning[unused-footnote]"));
}

/// The shipped workflow's `almanac` steps, run as written on a project `init` made: they pass,
/// and the folder it uploads holds the site.
#[test]
fn the_example_workflow_checks_and_builds_a_new_project() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = fs::read_to_string(root.join("examples/ci/github-pages.yml")).expect("workflow");
    let workflow: serde_yaml::Value = serde_yaml::from_str(&text).expect("YAML");
    let mut commands = Vec::new();
    for job in workflow["jobs"].as_mapping().expect("jobs").values() {
        for step in job["steps"].as_sequence().expect("steps") {
            if let Some(run) = step["run"].as_str().filter(|r| r.starts_with("almanac ")) {
                commands.push(run.to_string());
            }
        }
    }
    assert_eq!(commands.len(), 2, "{commands:?}");
    let dir = tempfile::tempdir().expect("temp dir");
    assert!(almanac(dir.path(), &["init"]).status.success());
    for command in &commands {
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        let out = almanac(dir.path(), &args);
        assert!(out.status.success(), "{command}: {}", stderr(&out));
    }
    let upload = workflow["jobs"]["build"]["steps"]
        .as_sequence()
        .expect("steps")
        .iter()
        .find_map(|s| {
            s["with"]["path"].as_str().filter(|_| {
                s["uses"]
                    .as_str()
                    .is_some_and(|u| u.starts_with("actions/upload-pages-artifact"))
            })
        })
        .expect("an upload step");
    assert!(dir.path().join(upload).join("index.html").is_file());
}

#[test]
fn a_trailing_slash_names_the_link_too_and_a_refusal_names_the_folder_given() {
    let dir = tempfile::tempdir().expect("temp dir");
    #[cfg(unix)]
    {
        let elsewhere = tempfile::tempdir().expect("temp dir");
        std::os::unix::fs::symlink(elsewhere.path(), dir.path().join("link")).expect("link");
        for name in ["link/", "link/."] {
            let out = almanac(dir.path(), &["init", name]);
            assert_eq!(out.status.code(), Some(1), "{name}");
            assert!(stderr(&out).contains("is a link"), "{}", stderr(&out));
        }
        assert!(
            tree(elsewhere.path()).is_empty(),
            "init wrote through a link"
        );
    }
    fs::create_dir_all(dir.path().join("q/content")).expect("mkdir");
    let out = almanac(dir.path(), &["init", "q"]);
    assert!(stderr(&out).contains("--> q/content"), "{}", stderr(&out));
}

#[test]
fn two_runs_at_once_make_one_project_and_the_other_says_so() {
    for round in 0..12 {
        let dir = tempfile::tempdir().expect("temp dir");
        let runs: Vec<_> = (0..2)
            .map(|_| {
                let at = dir.path().to_path_buf();
                std::thread::spawn(move || almanac(&at, &["init", "new"]))
            })
            .map(|t| t.join().expect("run"))
            .collect();
        let won = runs.iter().filter(|o| o.status.success()).count();
        assert_eq!(won, 1, "round {round}: {won} runs succeeded");
        let lost = runs.iter().find(|o| !o.status.success()).expect("a loser");
        assert!(
            stderr(lost).contains("error[project-exists]"),
            "round {round}: {}",
            stderr(lost)
        );
        let winner = runs.iter().find(|o| o.status.success()).expect("a winner");
        assert!(
            !stderr(winner).contains("was there already"),
            "{}",
            stderr(winner)
        );
        let project = dir.path().join("new");
        assert!(
            read(&project, ".gitignore").contains("site/"),
            "round {round}"
        );
        assert_no_staging_left(&project);
    }
}

#[test]
fn a_staging_folder_left_by_a_killed_run_is_cleared_and_nothing_else_is() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Left by a run whose process is over: init's own, marked.
    write(dir.path(), ".almanac-init-4294967295-0/.almanac-init", "");
    write(
        dir.path(),
        ".almanac-init-4294967295-0/content/site.yaml",
        "title: x\n",
    );
    // Not init's: a folder of the same shape without the mark, and one of a live process.
    write(
        dir.path(),
        ".almanac-init-4294967295-1/notes.txt",
        "precious\n",
    );
    let live = format!(".almanac-init-{}-0", std::process::id());
    write(dir.path(), &format!("{live}/.almanac-init"), "");
    let out = almanac(dir.path(), &["init"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!dir.path().join(".almanac-init-4294967295-0").exists());
    assert_eq!(
        read(dir.path(), ".almanac-init-4294967295-1/notes.txt"),
        "precious\n"
    );
    assert!(dir.path().join(live).exists());
}
