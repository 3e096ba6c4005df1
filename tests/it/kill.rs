//! Nothing lost: a build killed with SIGKILL at any moment leaves the previous site exactly as
//! it was, and the next build cleans up after it; builds of one output folder run one at a
//! time; a site is at the output's path at every moment.

use crate::common::*;
use std::process::{Command, Stdio};
use std::time::Instant;

/// A project large enough that a build takes a noticeable while (synthetic text).
fn big_project(root: &std::path::Path, words: &str) {
    write(root, "content/site.yaml", "title: Kill test (synthetic)\n");
    write(
        root,
        "content/big/report.yaml",
        "name: Big\ntitle: A big synthetic report\n",
    );
    let paragraph = format!("{words} with *emphasis*, `code` and a [link](#ch-0). ").repeat(40);
    for year in [2020, 2021, 2022, 2023] {
        write(
            root,
            &format!("content/big/{year}/edition.yaml"),
            &format!("title: Big {year}\n"),
        );
        for ch in 0..60 {
            let body = format!(
                "---\ntitle: Chapter {ch}\n---\n## Part\n\n{paragraph}\n\n{paragraph}[^n]\n\n[^n]: A note.\n"
            );
            write(
                root,
                &format!("content/big/{year}/{ch:02}-ch-{ch}.md"),
                &body,
            );
        }
    }
}

#[test]
fn a_killed_build_leaves_the_previous_site_as_it_was() {
    let dir = tempfile::tempdir().expect("temp");
    let root = dir.path();
    big_project(root, "First words");
    let first = almanac(root, &["build"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = tree(&root.join("site"));
    assert!(before.len() > 4);

    // Change every chapter, so a build that got through would change the site.
    big_project(root, "Second words");
    let start = Instant::now();
    let full = almanac(root, &["build", "--out", "probe"]);
    assert!(full.status.success());
    let build_time = start.elapsed();
    // What a build that got through writes: the only other state site/ may be in.
    let after = tree(&root.join("probe"));
    assert_ne!(after, before);

    let mut killed = 0;
    for step in 0..8u32 {
        let delay = build_time.mul_f64(f64::from(step) / 8.0);
        let mut child = Command::new(env!("CARGO_BIN_EXE_almanac"))
            .arg("build")
            .current_dir(root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(delay);
        if child.try_wait().expect("wait").is_none() {
            child.kill().expect("SIGKILL");
            killed += 1;
        }
        child.wait().expect("reap");
        // Never a mix: the previous site as it was or, when the kill came after the swap
        // (while the old copy was being deleted) or the build finished first, the whole new one.
        let now = tree(&root.join("site"));
        assert!(
            now == before || now == after,
            "site changed after a kill at {delay:?}"
        );
        if now == after {
            big_project(root, "First words");
            assert!(almanac(root, &["build"]).status.success());
            assert_eq!(tree(&root.join("site")), before);
            big_project(root, "Second words");
        }
    }
    assert!(
        killed >= 3,
        "only {killed} builds were killed mid-way (build takes {build_time:?})"
    );

    // The next build succeeds and leaves no staging folder behind.
    assert!(almanac(root, &["build"]).status.success());
    let leftovers: Vec<String> = std::fs::read_dir(root)
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".site.") && n != ".site.lock" && n != ".site.previous")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert!(read(root, "site/big/2023/index.html").contains("Second words"));
}

fn lock_file(root: &std::path::Path) -> std::fs::File {
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(root.join(".site.lock"))
        .expect("lock file")
}

#[test]
fn a_second_build_waits_for_the_first_or_fails_at_once_when_asked() {
    let dir = fixture("basic");
    let root = dir.path();
    // Another build holds the output folder (this test, for as long as it likes).
    let held = lock_file(root);
    held.lock().expect("lock");
    let refused = almanac(root, &["build", "--no-wait"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("error[output-locked]"),
        "{}",
        stderr(&refused)
    );
    assert!(!root.join("site").exists());
    let mut waiting = Command::new(env!("CARGO_BIN_EXE_almanac"))
        .arg("build")
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    std::thread::sleep(std::time::Duration::from_millis(400));
    assert!(waiting.try_wait().expect("wait").is_none(), "it waits");
    assert!(!root.join("site").exists());
    drop(held);
    let out = waiting.wait_with_output().expect("reap");
    assert!(out.status.success());
    assert!(
        stderr(&out).contains("waiting for another build of"),
        "{}",
        stderr(&out)
    );
    assert!(root.join("site/.almanac-site").is_file());
}

#[test]
fn builds_at_once_all_succeed_and_leave_a_whole_site_that_is_always_there() {
    let dir = fixture("basic");
    let root = dir.path().to_path_buf();
    assert!(almanac(&root, &["build"]).status.success());
    let expected = tree(&root.join("site"));
    // A reader that looks for the site's page all along: with the exchange it never misses.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let (stop, page) = (stop.clone(), root.join("site/index.html"));
        std::thread::spawn(move || {
            let mut missing = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                missing += usize::from(!page.is_file());
            }
            missing
        })
    };
    for _ in 0..6 {
        let builds: Vec<_> = (0..3)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_almanac"))
                    .arg("build")
                    .current_dir(&root)
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .expect("spawn")
            })
            .collect();
        for mut b in builds {
            assert!(b.wait().expect("reap").success());
        }
        assert_eq!(tree(&root.join("site")), expected);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    assert_eq!(
        reader.join().expect("reader"),
        0,
        "the site was missing at times"
    );
    assert!(almanac(&root, &["build"]).status.success());
}

#[test]
fn a_site_left_aside_by_a_killed_build_is_put_back_by_any_command() {
    for command in [
        &["check"][..],
        &["build"],
        &["diff", "alpha", "2023", "2024"],
    ] {
        let dir = fixture("basic");
        let root = dir.path();
        assert!(almanac(root, &["build"]).status.success());
        let before = tree(&root.join("site"));
        // What a build killed between the two renames of the fallback swap leaves.
        std::fs::rename(root.join("site"), root.join(".site.old")).expect("aside");
        let out = almanac(root, command);
        assert!(
            stderr(&out).contains("note: put the previous site back"),
            "{command:?}: {}",
            stderr(&out)
        );
        assert!(!root.join(".site.old").exists(), "{command:?}");
        assert_eq!(tree(&root.join("site")), before, "{command:?}");
    }
}

#[test]
fn a_dead_build_s_staging_folder_is_removed_but_a_link_there_is_never_followed() {
    let dir = fixture("basic");
    let root = dir.path();
    let elsewhere = tempfile::tempdir().expect("temp");
    write(elsewhere.path(), "keep.txt", "not almanac's");
    std::fs::create_dir(root.join(".site.staging-1")).expect("dead staging");
    write(root, ".site.staging-1/index.html", "half a site");
    std::os::unix::fs::symlink(elsewhere.path(), root.join(".site.staging-2")).expect("link");
    std::os::unix::fs::symlink(elsewhere.path(), root.join(".site.old")).expect("link");
    assert!(almanac(root, &["build"]).status.success());
    assert!(!root.join(".site.staging-1").exists());
    assert_eq!(read(elsewhere.path(), "keep.txt"), "not almanac's");
    assert!(almanac(root, &["build"]).status.success());
    assert_eq!(read(elsewhere.path(), "keep.txt"), "not almanac's");
    // An output folder that is itself a link is refused, not replaced or read through.
    std::fs::remove_dir_all(root.join("site")).expect("rm");
    write(elsewhere.path(), ".almanac-site", "marker");
    std::os::unix::fs::symlink(elsewhere.path(), root.join("site")).expect("link");
    let out = almanac(root, &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("error[output-folder]"),
        "{}",
        stderr(&out)
    );
    assert_eq!(read(elsewhere.path(), "keep.txt"), "not almanac's");
}
