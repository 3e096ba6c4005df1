//! Nothing lost: a build killed with SIGKILL at any moment leaves the previous site exactly as
//! it was, and the next build cleans up after it.

mod common;
use common::*;
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
        .filter(|n| n.starts_with(".site."))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert!(read(root, "site/big/2023/index.html").contains("Second words"));
}
