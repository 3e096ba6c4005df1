//! Rebuilds: an edition whose sources did not change since the last build into the same output
//! folder is put back from that build's site instead of rendered, and the site is byte for
//! byte what a build from nothing makes; anything changed, missing or damaged is rendered.

use crate::common::{almanac, fixture, read, stderr, tree, write};
use std::path::Path;

/// Builds `root` into `out` without PDFs; the summary line.
fn build(root: &Path, out: &str) -> String {
    let o = almanac(root, &["build", "--no-pdf", "--out", out]);
    assert!(o.status.success(), "{}", stderr(&o));
    stderr(&o)
}

/// How many editions the summary says were put back unchanged.
fn unchanged(summary: &str) -> usize {
    summary
        .split_once(" unchanged since the last build")
        .and_then(|(before, _)| before.rsplit('(').next()?.trim().parse().ok())
        .unwrap_or(0)
}

/// Adds a closing line to the project's file at `rel`.
fn append(root: &Path, rel: &str, line: &str) {
    let text = read(root, rel);
    write(root, rel, &format!("{text}\n{line}\n"));
}

/// A build from nothing of the same project: a fresh output folder has no notes.
fn clean_build(root: &Path) -> Vec<(String, Vec<u8>)> {
    let _ = std::fs::remove_dir_all(root.join("clean"));
    let summary = build(root, "clean");
    assert_eq!(unchanged(&summary), 0, "{summary}");
    tree(&root.join("clean"))
}

#[test]
fn a_rebuild_renders_only_the_changed_report_and_matches_a_clean_build() {
    // Two reports: alpha (two editions), beta (one).
    let dir = fixture("languages");
    let root = dir.path();
    let first = build(root, "site");
    assert_eq!(unchanged(&first), 0, "{first}");
    let again = build(root, "site");
    assert_eq!(unchanged(&again), 3, "{again}");
    assert_eq!(tree(&root.join("site")), clean_build(root));

    // One chapter of beta edited: beta's edition is rendered, alpha's two are put back.
    append(
        root,
        "content/beta/2023/01-overview.md",
        "Ein neuer Schlusssatz.",
    );
    let edited = build(root, "site");
    assert_eq!(unchanged(&edited), 2, "{edited}");
    let page = read(&root.join("site"), "beta/2023/index.html");
    assert!(page.contains("Ein neuer Schlusssatz."));
    assert_eq!(tree(&root.join("site")), clean_build(root));

    // A setting of the whole site renders every edition again.
    let site = read(root, "content/site.yaml");
    write(
        root,
        "content/site.yaml",
        &site.replace("Language fixture", "Renamed fixture"),
    );
    let renamed = build(root, "site");
    assert_eq!(unchanged(&renamed), 0, "{renamed}");
    assert!(read(&root.join("site"), "alpha/2023/index.html").contains("Renamed fixture"));
    assert_eq!(tree(&root.join("site")), clean_build(root));
}

#[test]
fn a_file_changed_or_removed_in_the_site_or_a_damaged_cache_is_never_trusted() {
    let dir = fixture("languages");
    let root = dir.path();
    build(root, "site");
    let site = root.join("site");
    let expected = tree(&site);

    // Changed by hand, to the same length: found by its hash, and that edition rendered.
    let page = read(&site, "alpha/2023/index.html");
    let tampered = page.replacen("<main", "<MAIN", 1);
    assert_eq!(tampered.len(), page.len());
    write(&site, "alpha/2023/index.html", &tampered);
    // Removed.
    let csv = std::fs::read_dir(site.join("beta/2023/data"))
        .expect("downloads")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "csv"))
        .expect("a CSV download");
    std::fs::remove_file(&csv).expect("rm");
    let summary = build(root, "site");
    assert_eq!(unchanged(&summary), 1, "{summary}");
    assert_eq!(tree(&site), expected);

    // The notes cut short, then replaced by garbage: the build renders everything, right.
    let notes: Vec<_> = std::fs::read_dir(root.join(".almanac-cache/pages"))
        .expect("the notes")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(notes.len(), 1, "one entry per output folder");
    let whole = std::fs::read(&notes[0]).expect("read");
    std::fs::write(&notes[0], &whole[..whole.len() / 2]).expect("cut");
    let summary = build(root, "site");
    assert_eq!(unchanged(&summary), 0, "{summary}");
    assert_eq!(tree(&site), expected);
    std::fs::write(&notes[0], b"almanac-cache 1\n3 0000000000000000\nabc").expect("garbage");
    let summary = build(root, "site");
    assert_eq!(unchanged(&summary), 0, "{summary}");
    assert_eq!(tree(&site), expected);
    // And the notes are sound again.
    assert_eq!(unchanged(&build(root, "site")), 3);
}

#[test]
fn a_kept_edition_still_reports_a_link_that_now_leads_nowhere() {
    let dir = fixture("languages");
    let root = dir.path();
    append(
        root,
        "content/beta/2023/01-overview.md",
        "Siehe [Alpha](../../alpha/2024/index.html).",
    );
    let first = build(root, "site");
    assert!(!first.contains("broken-link"), "{first}");
    // Alpha goes; beta's sources are unchanged, so it is put back, and its link is now
    // broken: said at its line all the same.
    std::fs::remove_dir_all(root.join("content/alpha")).expect("rm");
    let o = almanac(root, &["build", "--no-pdf", "--out", "site"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let said = stderr(&o);
    assert_eq!(unchanged(&said), 1, "{said}");
    assert!(said.contains("broken-link"), "{said}");
    assert!(said.contains("content/beta/2023/01-overview.md:"), "{said}");
    // Said again at the next build, as any warning is.
    let o = almanac(root, &["build", "--no-pdf", "--out", "site"]);
    assert!(stderr(&o).contains("broken-link"), "{}", stderr(&o));
}

#[test]
fn another_output_folder_keeps_its_own_notes() {
    let dir = fixture("languages");
    let root = dir.path();
    build(root, "a");
    build(root, "b");
    assert_eq!(unchanged(&build(root, "a")), 3);
    assert_eq!(unchanged(&build(root, "b")), 3);
    // Without PDFs and with them, an edition's files differ: nothing is put back across.
    let with_pdf = almanac(root, &["build", "--out", "a"]);
    assert!(with_pdf.status.success(), "{}", stderr(&with_pdf));
    assert_eq!(unchanged(&stderr(&with_pdf)), 0, "{}", stderr(&with_pdf));
    assert!(root.join("a/beta/2023/beta-2023.pdf").is_file());
}

#[cfg(feature = "pdf")]
#[test]
fn a_kept_edition_keeps_its_pdf_in_the_cache() {
    let dir = fixture("basic");
    let root = dir.path();
    let run = |root: &Path| {
        let o = almanac(root, &["build"]);
        assert!(o.status.success(), "{}", stderr(&o));
        stderr(&o)
    };
    run(root);
    let kept = run(root);
    assert_eq!(unchanged(&kept), 2, "{kept}");
    // A template override changes every page but no PDF: the editions are rendered, and
    // their PDFs still come from the cache, though the build before did not typeset them.
    write(
        root,
        "templates/assets/extra.css",
        "/* an addition of the project's own */\n",
    );
    let after = run(root);
    assert_eq!(unchanged(&after), 0, "{after}");
    assert!(
        after.contains("2 PDFs (2 unchanged, from the cache)"),
        "{after}"
    );
}

#[cfg(unix)]
#[test]
fn a_file_of_the_site_linked_from_outside_is_written_anew_not_linked_again() {
    use std::os::unix::fs::MetadataExt;
    let dir = fixture("languages");
    let root = dir.path();
    build(root, "site");
    // A download of the site replaced by a hard link to a file outside it, same bytes.
    let csv = root.join("site/beta/2023/data/box-money.csv");
    let outside = tempfile::tempdir().expect("temp dir");
    let planted = outside.path().join("planted.csv");
    std::fs::copy(&csv, &planted).expect("copy");
    std::fs::remove_file(&csv).expect("rm");
    std::fs::hard_link(&planted, &csv).expect("link");
    build(root, "site");
    let site_file = std::fs::metadata(&csv).expect("stat");
    assert_ne!(
        site_file.ino(),
        std::fs::metadata(&planted).expect("stat").ino(),
        "the site's file is its own"
    );
    assert_eq!(site_file.nlink(), 1);
    assert_eq!(tree(&root.join("site")), clean_build(root));
}

#[test]
fn the_notes_of_an_output_folder_that_is_gone_are_removed() {
    let dir = fixture("languages");
    let root = dir.path();
    build(root, "a");
    build(root, "b");
    let entries = || {
        std::fs::read_dir(root.join(".almanac-cache/pages"))
            .expect("the notes")
            .count()
    };
    assert_eq!(entries(), 2);
    std::fs::remove_dir_all(root.join("b")).expect("rm");
    append(root, "content/beta/2023/01-overview.md", "Noch ein Satz.");
    build(root, "a");
    assert_eq!(entries(), 1, "only the notes of a/ are left");
    assert_eq!(unchanged(&build(root, "a")), 3);
}
