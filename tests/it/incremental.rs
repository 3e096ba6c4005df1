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
    let _ = std::fs::remove_dir_all(root.join(".clean.previous"));
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

/// Every entry under `dir` and `dir` itself, folders and links too (which `tree` leaves out),
/// sorted: a letter for its kind, its permissions and its path.
#[cfg(unix)]
fn entries(dir: &Path) -> Vec<String> {
    use std::os::unix::fs::PermissionsExt;
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| {
            let e = e.expect("walk");
            let kind = e.file_type();
            let letter = if kind.is_symlink() {
                'l'
            } else if kind.is_dir() {
                'd'
            } else {
                'f'
            };
            // Of the link itself, never followed.
            let mode = e.metadata().expect("stat").permissions().mode() & 0o7777;
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy();
            format!("{letter} {mode:o} {rel}")
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn the_site_a_build_replaces_is_where_the_next_build_starts_and_nothing_in_it_is_trusted() {
    use std::fs;
    use std::os::unix::fs::MetadataExt;
    let dir = fixture("languages");
    let root = dir.path();
    build(root, "site");
    build(root, "site");
    let (site, previous) = (root.join("site"), root.join(".site.previous"));
    // The replaced site is kept beside the output: an unchanged file is one file with two
    // names, and nothing else has a name for it.
    assert!(previous.join(".almanac-site").is_file());
    let css = |base: &Path| fs::metadata(base.join("assets/almanac.css")).expect("stat");
    assert_eq!(css(&site).ino(), css(&previous).ino());
    assert_eq!(css(&site).nlink(), 2);

    // The kept site damaged in every way a build could trip on.
    let outside = tempfile::tempdir().expect("temp dir");
    // A stale page and a stale folder.
    write(&previous, "alpha/2023/stale.html", "stale");
    write(&previous, "gone/old/index.html", "stale");
    // A page of an edition that is put back replaced by another file.
    fs::remove_file(previous.join("alpha/2023/index.html")).expect("rm");
    write(&previous, "alpha/2023/index.html", "stale words");
    // A folder replaced by a link to a copy outside: never written through.
    let copy = outside.path().join("alpha-2024");
    crate::common::copy_tree(&previous.join("alpha/2024"), &copy);
    fs::remove_dir_all(previous.join("alpha/2024")).expect("rm");
    std::os::unix::fs::symlink(&copy, previous.join("alpha/2024")).expect("link");
    let copy_before = tree(&copy);
    // A file replaced by a hard link to a file outside with the same bytes.
    let planted = outside.path().join("planted.css");
    fs::copy(previous.join("assets/almanac.css"), &planted).expect("copy");
    fs::remove_file(previous.join("assets/almanac.css")).expect("rm");
    fs::hard_link(&planted, previous.join("assets/almanac.css")).expect("link");
    let planted_before = fs::read(&planted).expect("read");
    // A folder replaced by a link to a folder outside, where a file has a second name of the
    // site's own file: that file is not the site's own any more, so it is not linked again.
    let twin = outside.path().join("twin");
    fs::create_dir(&twin).expect("mkdir");
    let data = site.join("alpha/2023/data");
    let shared = fs::read_dir(&data)
        .expect("ls")
        .flatten()
        .map(|e| e.file_name())
        .min()
        .expect("a download");
    fs::remove_dir_all(previous.join("alpha/2023/data")).expect("rm");
    fs::hard_link(data.join(&shared), twin.join(&shared)).expect("link");
    std::os::unix::fs::symlink(&twin, previous.join("alpha/2023/data")).expect("link");
    // A folder where a page goes, and a file where a folder goes.
    fs::remove_file(previous.join("index.html")).expect("rm");
    write(&previous, "index.html/inside.html", "stale");
    fs::remove_dir_all(previous.join("beta/2023/data")).expect("rm");
    write(&previous, "beta/2023/data", "a file, not a folder");
    // And one chapter of beta edited: beta's edition is rendered, and so is alpha's 2023, one
    // of whose files has a name outside the site now; alpha's 2024 is put back.
    append(
        root,
        "content/beta/2023/01-overview.md",
        "Ein neuer Schlusssatz.",
    );

    let summary = build(root, "site");
    assert_eq!(unchanged(&summary), 1, "{summary}");
    let clean = clean_build(root);
    assert_eq!(tree(&site), clean);
    assert_eq!(entries(&site), entries(&root.join("clean")));
    // Nothing outside was written, and the outside file is no name of the site's.
    assert_eq!(tree(&copy), copy_before);
    assert_eq!(fs::read(&planted).expect("read"), planted_before);
    assert_eq!(fs::metadata(&planted).expect("stat").nlink(), 1);
    assert_ne!(
        css(&site).ino(),
        fs::metadata(&planted).expect("stat").ino()
    );
    assert_ne!(
        fs::metadata(data.join(&shared)).expect("stat").ino(),
        fs::metadata(twin.join(&shared)).expect("stat").ino()
    );
    // The site just replaced is kept in its turn, and no staging folder is left.
    assert!(previous.join(".almanac-site").is_file());
    let leftovers: Vec<String> = fs::read_dir(root)
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".site.staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // A folder of that name almanac did not make is never taken, nor removed.
    fs::remove_dir_all(&previous).expect("rm");
    write(&previous, "mine.txt", "the user's own");
    build(root, "site");
    assert_eq!(
        tree(&previous),
        vec![("mine.txt".to_string(), b"the user's own".to_vec())]
    );
    assert_eq!(tree(&site), clean);
}

#[cfg(unix)]
#[test]
fn kept_folders_and_files_get_the_permissions_new_ones_get() {
    use std::os::unix::fs::PermissionsExt;
    let dir = fixture("languages");
    let root = dir.path();
    build(root, "site");
    build(root, "site");
    build(root, "clean");
    let fresh = entries(&root.join("clean"));
    // Folders of both trees, the site and the one kept beside it, narrowed by hand (as a
    // build under another umask would have made them).
    let narrow = |rel: &str, mode: u32| {
        std::fs::set_permissions(root.join(rel), std::fs::Permissions::from_mode(mode))
            .expect("chmod");
    };
    narrow("site/alpha", 0o700);
    narrow("site", 0o750);
    narrow(".site.previous/alpha/2023", 0o555);
    narrow(".site.previous", 0o700);
    // Files of the site (so of the kept site too: one file, two names), as a build under
    // umask 077 would have made them, or narrowed by hand.
    narrow("site/assets/almanac.css", 0o600);
    narrow("site/alpha/2023/index.html", 0o640);
    for _ in 0..3 {
        build(root, "site");
        assert_eq!(entries(&root.join("site")), fresh);
    }
}

#[test]
fn a_file_known_by_its_stamp_is_still_found_changed_in_place_with_its_time_set_back() {
    let dir = fixture("languages");
    let root = dir.path();
    let site = root.join("site");
    build(root, "site");
    build(root, "site");
    let expected = tree(&site);
    // Files changed in the last seconds are read and hashed, not stamped: once they have been
    // left alone long enough, a build stamps them.
    std::thread::sleep(almanac::load::file_stamp::SETTLED + std::time::Duration::from_millis(300));
    assert_eq!(unchanged(&build(root, "site")), 3);
    let notes = std::fs::read_dir(root.join(".almanac-cache/pages"))
        .expect("the notes")
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).expect("read"))
        .collect::<String>();
    let noted = notes
        .lines()
        .find(|l| l.starts_with("file ") && l.ends_with(" alpha/2023/index.html"))
        .expect("the page is noted");
    let stamp = noted.split(' ').nth(3).expect("a stamp field");
    assert_ne!(stamp, "-", "stamped once settled: {noted}");

    // Changed in place to the same length, its modification time set back: the same inode,
    // length and modification time, but its change time tells.
    let path = site.join("alpha/2023/index.html");
    let modified = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    let page = read(&site, "alpha/2023/index.html");
    let tampered = page.replacen("<main", "<MAIN", 1);
    assert_eq!(tampered.len(), page.len());
    std::fs::write(&path, &tampered).expect("write in place");
    std::fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_modified(modified))
        .expect("set the time back");
    let summary = build(root, "site");
    assert_eq!(unchanged(&summary), 2, "{summary}");
    assert_eq!(tree(&site), expected);
    assert_eq!(unchanged(&build(root, "site")), 3);
}
