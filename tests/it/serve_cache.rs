//! The live preview keeps the reports it loaded between rebuilds (`load::cache`): a rebuild
//! that takes unchanged reports from memory gives exactly what a build from nothing gives
//! (every file's bytes, every diagnostic), whatever changed in a report in between.

use crate::common::*;
use almanac::load::cache::LoadCache;
use almanac::pipeline::{render_site, render_site_kept};
use almanac::render::EditionCache;
use almanac::serve::ServeOptions;
use almanac::{BuildOptions, Diagnostic};
use std::path::Path;
use std::time::Duration;

/// A build's result: every file of the site and the warnings, or every diagnostic.
type Built = Result<(Vec<(String, Vec<u8>)>, Vec<Diagnostic>), Vec<Diagnostic>>;

fn built(
    result: Result<(almanac::render::RenderedSite, Vec<Diagnostic>), Vec<Diagnostic>>,
) -> Built {
    result.map(|(site, warnings)| {
        let files = site
            .files
            .iter()
            .map(|f| (f.path.as_str().to_string(), f.bytes.to_vec()))
            .collect();
        (files, warnings)
    })
}

/// The preview's builds of one project, with both of its caches.
struct Preview {
    options: BuildOptions,
    loads: LoadCache,
    editions: EditionCache,
}

impl Preview {
    /// Reports are kept however recently their files were written: the tests write each
    /// file only after the build before has ended.
    fn new(root: &Path) -> Self {
        Preview {
            options: ServeOptions::new(BuildOptions::new(root)).build,
            loads: LoadCache::settled_after(Duration::ZERO),
            editions: EditionCache::new(),
        }
    }

    fn build(&self) -> Built {
        built(render_site_kept(
            &self.options,
            Some(&self.editions),
            Some(&self.loads),
        ))
    }

    /// A rebuild gives what a build from nothing gives.
    fn rebuild_as_fresh(&self, what: &str) -> Built {
        let kept = self.build();
        let fresh = built(render_site(&self.options));
        match (&kept, &fresh) {
            (Ok((a, wa)), Ok((b, wb))) => {
                let paths = |s: &[(String, Vec<u8>)]| s.iter().map(|f| f.0.clone()).collect();
                let (pa, pb): (Vec<String>, Vec<String>) = (paths(a), paths(b));
                assert_eq!(pa, pb, "{what}: the same files");
                for ((path, x), (_, y)) in a.iter().zip(b) {
                    assert!(x == y, "{what}: {path} differs from a build from nothing");
                }
                assert_eq!(wa, wb, "{what}: the same warnings");
            }
            _ => assert_eq!(kept, fresh, "{what}"),
        }
        kept
    }

    /// [`Preview::rebuild_as_fresh`], when only the comparison matters.
    fn check(&self, what: &str) {
        let _ = self.rebuild_as_fresh(what);
    }
}

fn page(built: &Built, path: &str) -> String {
    let (files, _) = built.as_ref().expect("the build succeeds");
    let bytes = &files
        .iter()
        .find(|f| f.0 == path)
        .unwrap_or_else(|| panic!("no {path}"))
        .1;
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_rebuild_after_an_edit_is_a_build_from_nothing_and_reads_only_that_report() {
    let dir = fixture("series");
    let preview = Preview::new(dir.path());
    preview.check("the first build");
    assert_eq!((preview.loads.reused(), preview.loads.len()), (0, 2));

    let rel = "content/north/2023/01-overview.md";
    edit(dir.path(), rel, |t| {
        format!("{t}\nA sentence added while serving.\n")
    });
    let site = preview.rebuild_as_fresh("a chapter edited");
    assert!(page(&site, "north/2023/index.html").contains("A sentence added while serving."));
    assert_eq!(preview.loads.reused(), 1, "south is taken as it was");

    // A box of indicators in the kept report is as it was built (not built twice).
    preview.check("nothing changed");
    assert_eq!(preview.loads.reused(), 2);
    // The site's settings are read by every report's load (here the label its boxes of
    // indicators are built with): all are read again.
    let site_yaml = read(dir.path(), "content/site.yaml");
    write(
        dir.path(),
        "content/site.yaml",
        &format!("{site_yaml}labels:\n  indicator: Gauge\n"),
    );
    let site = preview.rebuild_as_fresh("site.yaml edited");
    assert!(page(&site, "north/2023/index.html").contains(">Gauge<"));
    assert_eq!(preview.loads.reused(), 0);
}

#[test]
fn files_edited_added_removed_and_renamed_in_a_kept_report_are_read() {
    let dir = fixture("series");
    let preview = Preview::new(dir.path());
    preview.check("the first build");

    // The same length and content but for one letter.
    let rel = "content/south/2022/01-summary.md";
    let text = read(dir.path(), rel);
    let edited = text.replace("R&D intensity:", "R+D intensity:");
    assert_eq!(edited.len(), text.len());
    write(dir.path(), rel, &edited);
    let site = preview.rebuild_as_fresh("a letter changed");
    assert!(page(&site, "south/2022/index.html").contains("R+D intensity:"));

    // A new chapter.
    let added = "content/south/2022/09-added.md";
    write(
        dir.path(),
        added,
        "---\ntitle: Added late\n---\n\nNew words.\n",
    );
    let site = preview.rebuild_as_fresh("a chapter added");
    assert!(page(&site, "south/2022/index.html").contains("Added late"));

    // Renamed: its page moves.
    std::fs::rename(
        dir.path().join(added),
        dir.path().join("content/south/2022/08-renamed.md"),
    )
    .expect("rename");
    let site = preview.rebuild_as_fresh("a chapter renamed");
    let index = page(&site, "south/2022/index.html");
    assert!(index.contains("Added late") && index.contains("renamed"));
    assert!(!index.contains("#added") && !index.contains("added/"));

    // Removed.
    std::fs::remove_file(dir.path().join("content/south/2022/08-renamed.md")).expect("rm");
    let site = preview.rebuild_as_fresh("a chapter removed");
    assert!(!page(&site, "south/2022/index.html").contains("Added late"));

    // A data file replaced by another of the same length, its times set back to the old.
    let rel = "content/north/2023/data/box-trade.yaml";
    let path = dir.path().join(rel);
    let before = std::fs::metadata(&path).expect("meta");
    let text = read(dir.path(), rel);
    let swapped = text.replacen('1', "7", 1);
    assert_ne!(swapped, text);
    let other = dir.path().join("content/north/2023/data/.box-trade.new");
    std::fs::write(&other, &swapped).expect("write");
    let f = std::fs::File::options()
        .write(true)
        .open(&other)
        .expect("open");
    f.set_modified(before.modified().expect("mtime"))
        .expect("set mtime");
    drop(f);
    std::fs::rename(&other, &path).expect("replace");
    assert_eq!(
        std::fs::metadata(&path).expect("meta").modified().ok(),
        before.modified().ok()
    );
    preview.check("a data file replaced");

    // The same file written over in place (the same inode), its modification time set back.
    let before = std::fs::metadata(&path).expect("meta");
    let rewritten = swapped.replacen('7', "3", 1);
    assert_eq!(rewritten.len(), swapped.len());
    std::fs::write(&path, &rewritten).expect("write");
    let f = std::fs::File::options()
        .write(true)
        .open(&path)
        .expect("open");
    f.set_modified(before.modified().expect("mtime"))
        .expect("set mtime");
    drop(f);
    preview.check("a data file written over");

    // A whole edition removed from a kept report.
    std::fs::remove_dir_all(dir.path().join("content/south/2023")).expect("rm edition");
    preview.check("an edition removed");
    // A whole report removed, then put back.
    let south = dir.path().join("content/south");
    let aside = dir.path().join("south-aside");
    std::fs::rename(&south, &aside).expect("move away");
    preview.check("a report removed");
    std::fs::rename(&aside, &south).expect("move back");
    preview.check("a report back");
}

#[test]
fn a_kept_reports_warnings_are_said_at_every_build() {
    let dir = fixture("series");
    // A warning of the load (a stray file) and one of resolve's scan of a chapter (raw HTML
    // shown as text).
    write(
        dir.path(),
        "content/south/notes.txt",
        "not part of the report\n",
    );
    let rel = "content/south/2022/01-summary.md";
    let text = read(dir.path(), rel);
    write(dir.path(), rel, &format!("{text}\n<span>raw</span>\n"));
    let preview = Preview::new(dir.path());
    let first = preview.rebuild_as_fresh("the first build");
    let warnings = |b: &Built| -> Vec<String> {
        b.as_ref()
            .expect("the build succeeds")
            .1
            .iter()
            .map(|d| format!("{} {}", d.code.as_str(), d.file.clone().unwrap_or_default()))
            .collect()
    };
    let said = warnings(&first);
    assert!(
        said.contains(&"stray-file content/south/notes.txt".to_string()),
        "{said:?}"
    );
    assert!(
        said.contains(&"raw-html content/south/2022/01-summary.md".to_string()),
        "{said:?}"
    );
    for round in 0..2 {
        let rel = "content/north/2023/01-overview.md";
        let text = read(dir.path(), rel);
        write(dir.path(), rel, &format!("{text}\nRound {round}.\n"));
        let again = preview.rebuild_as_fresh("north edited");
        assert_eq!(preview.loads.reused(), 1);
        assert_eq!(warnings(&again), said, "round {round}");
    }
}

#[test]
fn an_error_in_a_report_and_its_fix() {
    let dir = fixture("series");
    let preview = Preview::new(dir.path());
    preview.check("the first build");

    let rel = "content/north/2022/data/box-trade.yaml";
    let good = read(dir.path(), rel);
    write(dir.path(), rel, &format!("{good}\nno_such_key: 1\n"));
    let failed = preview.rebuild_as_fresh("a box in error");
    let errors = failed.expect_err("the build fails");
    assert!(
        errors
            .iter()
            .any(|d| d.file.as_deref() == Some(rel) && d.is_error()),
        "{errors:?}"
    );
    // South unchanged, north's other edition unchanged: the error is still said.
    let rel2 = "content/south/2022/01-summary.md";
    let text = read(dir.path(), rel2);
    write(dir.path(), rel2, &format!("{text}\nMore.\n"));
    let again = preview.rebuild_as_fresh("the error, with south edited");
    assert!(again.is_err());
    assert_eq!(preview.loads.reused(), 1, "north, in error, is kept too");

    write(dir.path(), rel, &good);
    preview.check("fixed");

    // An error of building a box of indicators, said again while its report is kept.
    let rel = "content/north/2023/data/box-indicators.yaml";
    let good = read(dir.path(), rel);
    write(dir.path(), rel, &good.replace("rank]", "rnak]"));
    let failed = preview.rebuild_as_fresh("an unknown indicator");
    assert!(
        failed
            .expect_err("the build fails")
            .iter()
            .any(|d| d.code.as_str() == "unknown-indicator")
    );
    let text = read(dir.path(), rel2);
    write(dir.path(), rel2, &format!("{text}\nStill more.\n"));
    assert!(preview.rebuild_as_fresh("south edited again").is_err());
    assert_eq!(preview.loads.reused(), 1);
    write(dir.path(), rel, &good);
    preview.check("fixed again");
}

#[test]
fn a_report_written_just_now_is_read_again_by_the_next_build() {
    let dir = fixture("series");
    let options = ServeOptions::new(BuildOptions::new(dir.path())).build;
    // Every file was written a moment ago: two writes within one tick of the file system's
    // clock could leave the same times, so no report is kept yet.
    let loads = LoadCache::new();
    let fresh = built(render_site(&options));
    assert_eq!(built(render_site_kept(&options, None, Some(&loads))), fresh);
    assert_eq!(loads.len(), 0);
    assert_eq!(built(render_site_kept(&options, None, Some(&loads))), fresh);
    assert_eq!(loads.reused(), 0);
}
