//! Reports kept loaded between the builds of one live preview, so that a rebuild reads and
//! parses only the reports whose files changed.
//!
//! A report's load depends on nothing but the files under its folder, the site's settings
//! (the language its files are read in when it names none, and the labels its boxes of
//! indicators are built with) and almanac itself. A kept report is therefore taken again only
//! when the site's `site.yaml` says the same as when it was loaded and every file and folder
//! under the report's folder is as it was then: the same names, kinds, lengths, modification
//! and change times, inodes, permissions and owners. The watcher's events are not trusted:
//! every build looks at the folder again.
//!
//! File times are only as fine as the file system keeps them (two writes in one tick of its
//! clock, or of a coarse file system's two seconds, can leave the same times), so a report
//! with any file changed in the last few seconds before its folder was looked at is loaded
//! but not kept: it is read again at the next build, when its times can no longer hide a
//! change. A folder that cannot be walked whole is never kept either. Whatever goes wrong, a
//! report is loaded afresh, never served stale.
//!
//! The cache holds the reports themselves, not copies: a build takes each kept report out,
//! and [`LoadCache::give_back`] returns the whole project once the build is over. A report's
//! diagnostics are kept with it and reported again by every build that takes it.

use crate::core::diagnostic::Diagnostic;
use crate::load::file_stamp::{changed_time, nanos};
use crate::model::{Report, Site};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};
use walkdir::WalkDir;

/// A file changed less than this long before its report's folder was looked at keeps the
/// report from being kept: a later change within the same tick of the file system's clock
/// (two seconds on the coarsest) could leave the same times.
pub use crate::load::file_stamp::SETTLED;

/// The reports of one project, loaded by earlier builds of the same session (the live
/// preview keeps one). See the module's documentation.
#[derive(Debug)]
pub struct LoadCache {
    inner: Mutex<Inner>,
    /// How long a report's files must have been left alone for it to be kept.
    settled: Duration,
}

impl Default for LoadCache {
    fn default() -> Self {
        LoadCache {
            inner: Mutex::default(),
            settled: SETTLED,
        }
    }
}

#[derive(Debug, Default)]
struct Inner {
    /// Reports given back by the last build, by folder name.
    kept: HashMap<String, Kept>,
    /// What the build in progress loaded or took, waiting for its report to come back.
    lent: HashMap<String, Lent>,
    /// How many reports the last build took from the cache.
    reused: usize,
    /// Counts the reports read, to number each load.
    loads: u64,
    /// The load of each report of the build in progress (see [`LoadCache::loaded_as`]).
    loaded_as: HashMap<String, u64>,
}

#[derive(Debug)]
struct Kept {
    lent: Lent,
    report: Report,
}

/// A report's key and what its load said, while the report is in a build.
#[derive(Debug, Clone)]
pub(super) struct Lent {
    key: Key,
    /// Which load of the report this is: the same number, the same report.
    generation: u64,
    /// The diagnostics of `load_report`.
    pub(super) loaded: Vec<Diagnostic>,
    /// The diagnostics of building its boxes of indicators.
    pub(super) expanded: Vec<Diagnostic>,
}

/// Everything a report's load depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Key {
    site: SiteContext,
    files: Fingerprint,
}

/// What a report's load reads of the site: its `site.yaml` as written (from which its language
/// and labels come), or that it was in error (the defaults apply).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SiteContext(Option<std::sync::Arc<String>>);

impl SiteContext {
    pub(super) fn of(site: Option<&(crate::core::source::SourceFile, Site)>) -> Self {
        SiteContext(site.map(|(file, _)| file.text.clone()))
    }
}

/// Every entry under a report's folder (hidden names, which load never reads, aside), in
/// walking order, with its metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Fingerprint(Vec<Stamp>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    /// Relative to the report's folder.
    path: PathBuf,
    kind: Kind,
    /// Length, modification and change times (nanoseconds), of a file or link; zero for a
    /// folder, whose entries have stamps of their own (its times change with an editor's
    /// hidden files).
    len: u64,
    modified: i128,
    changed: i128,
    /// Inode, device, permissions and owners (zero where the platform has none).
    ino: u64,
    dev: u64,
    mode: u32,
    uid: u32,
    gid: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Dir,
    File,
    Link,
    Other,
}

/// The fingerprint of the report folder `rel` (relative to `root`), or `None` when the report
/// must not be kept: a part of it cannot be read, or a file changed too recently for its times
/// to tell a later change (less than `settled` ago, see [`SETTLED`]).
fn fingerprint(root: &Path, rel: &str, settled: Duration) -> Option<Fingerprint> {
    let dir = root.join(rel);
    let now = SystemTime::now();
    let settled = nanos(now.checked_sub(settled)?)?;
    let mut stamps = Vec::new();
    let walk = WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().as_encoded_bytes().starts_with(b"."));
    for entry in walk {
        let entry = entry.ok()?;
        let meta = entry.metadata().ok()?;
        let ft = meta.file_type();
        let kind = if ft.is_symlink() {
            Kind::Link
        } else if ft.is_dir() {
            Kind::Dir
        } else if ft.is_file() {
            Kind::File
        } else {
            Kind::Other
        };
        let mut stamp = Stamp {
            path: entry.path().strip_prefix(&dir).ok()?.to_path_buf(),
            kind,
            len: 0,
            modified: 0,
            changed: 0,
            ino: 0,
            dev: 0,
            mode: 0,
            uid: 0,
            gid: 0,
        };
        platform_stamp(&meta, &mut stamp);
        if kind != Kind::Dir {
            stamp.len = meta.len();
            stamp.modified = nanos(meta.modified().ok()?)?;
            stamp.changed = changed_time(&meta).unwrap_or(stamp.modified);
            if stamp.modified >= settled || stamp.changed >= settled {
                return None;
            }
        } else {
            // A folder's permissions decide whether it can be read.
            stamp.changed = 0;
        }
        stamps.push(stamp);
    }
    Some(Fingerprint(stamps))
}

#[cfg(unix)]
fn platform_stamp(meta: &std::fs::Metadata, stamp: &mut Stamp) {
    use std::os::unix::fs::MetadataExt;
    stamp.ino = meta.ino();
    stamp.dev = meta.dev();
    stamp.mode = meta.mode();
    stamp.uid = meta.uid();
    stamp.gid = meta.gid();
}

#[cfg(not(unix))]
fn platform_stamp(meta: &std::fs::Metadata, stamp: &mut Stamp) {
    stamp.mode = u32::from(meta.permissions().readonly());
}

/// A report a build took from the cache, with what its load said.
pub(super) struct Taken {
    pub(super) report: Report,
    pub(super) lent: Lent,
}

impl LoadCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// A cache that keeps a report once its files have been left alone for `settled` (rather
    /// than [`SETTLED`]): a test's files are all just written. Only a file system whose clock
    /// ticks finer than the time between a build and the next write may be trusted so.
    pub fn settled_after(settled: Duration) -> Self {
        LoadCache {
            settled,
            ..Self::default()
        }
    }

    /// The key of the report folder `rel` now, or `None` when it is not to be kept.
    pub(super) fn key(&self, root: &Path, rel: &str, site: &SiteContext) -> Option<Key> {
        let files = fingerprint(root, rel, self.settled)?;
        Some(Key {
            site: site.clone(),
            files,
        })
    }

    /// A build begins: what an earlier build loaded and never gave back is forgotten.
    pub(super) fn begin(&self) {
        if let Ok(mut inner) = self.inner.lock() {
            inner.lent.clear();
            inner.reused = 0;
            inner.loaded_as.clear();
        }
    }

    /// The report kept for the folder `name` when it was loaded under `key`; it is lent to
    /// the build until [`LoadCache::give_back`]. A report kept under another key is dropped.
    pub(super) fn take(&self, name: &str, key: &Key) -> Option<Taken> {
        let mut inner = self.inner.lock().ok()?;
        let kept = inner.kept.remove(name)?;
        if kept.lent.key != *key {
            return None;
        }
        inner.lent.insert(name.to_string(), kept.lent.clone());
        inner
            .loaded_as
            .insert(name.to_string(), kept.lent.generation);
        inner.reused += 1;
        Some(Taken {
            report: kept.report,
            lent: kept.lent,
        })
    }

    /// Notes a report this build loaded under `key` (or `None`: not to be kept), with what its
    /// load said.
    pub(super) fn loaded<'a>(
        &self,
        name: &str,
        key: Option<Key>,
        loaded: impl Iterator<Item = &'a Diagnostic>,
    ) {
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        inner.loads += 1;
        let generation = inner.loads;
        // A report not to be kept is read again by the next build, and numbered again: its
        // editions' key is made from its sources, so they are rendered only if these changed.
        match key {
            Some(key) => {
                inner.loaded_as.insert(name.to_string(), generation);
                inner.lent.insert(
                    name.to_string(),
                    Lent {
                        key,
                        generation,
                        loaded: loaded.cloned().collect(),
                        expanded: Vec::new(),
                    },
                );
            }
            None => {
                inner.lent.remove(name);
            }
        }
    }

    /// Notes the diagnostics of building the boxes of indicators of a report this build
    /// loaded.
    pub(super) fn expanded(&self, name: &str, expanded: &[Diagnostic]) {
        if let Ok(mut inner) = self.inner.lock()
            && let Some(lent) = inner.lent.get_mut(name)
        {
            lent.expanded = expanded.to_vec();
        }
    }

    /// Takes back the reports of a build's project: each is kept for the next build when it
    /// may be. Reports the build did not load (their folder is gone) are forgotten.
    pub fn give_back(&self, project: crate::model::Project) {
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        let mut lent = std::mem::take(&mut inner.lent);
        let mut kept = HashMap::new();
        for report in project.reports {
            if let Some(l) = lent.remove(&report.slug) {
                kept.insert(report.slug.clone(), Kept { lent: l, report });
            }
        }
        inner.kept = kept;
    }

    /// Which load each report of the build in progress comes from, by folder name (of the
    /// reports that may be kept): a number that changes whenever the report is read again, and
    /// stays while it is taken from the cache. Two builds that give a report the same number have the same sources for it, so
    /// its rendered editions' key is made from the number rather than from every source.
    pub fn loaded_as(&self) -> HashMap<String, u64> {
        self.inner
            .lock()
            .map(|i| i.loaded_as.clone())
            .unwrap_or_default()
    }

    /// How many reports are kept for the next build.
    pub fn len(&self) -> usize {
        self.inner.lock().map_or(0, |i| i.kept.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many reports the last build took from the cache rather than reading them.
    pub fn reused(&self) -> usize {
        self.inner.lock().map_or(0, |i| i.reused)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_keyed_by_its_entries_and_a_file_just_written_keeps_it_from_being_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        let report = root.join("content/r");
        std::fs::create_dir_all(report.join("2023")).expect("folders");
        std::fs::write(report.join("report.yaml"), "name: R\n").expect("write");
        std::fs::write(report.join("2023/01-a.md"), "Words.\n").expect("write");
        // Just written: its times could hide a second write in the same tick.
        assert_eq!(fingerprint(root, "content/r", SETTLED), None);
        let before = fingerprint(root, "content/r", Duration::ZERO).expect("a fingerprint");
        assert_eq!(
            before.0.len(),
            4,
            "the folder, report.yaml, 2023, the chapter"
        );
        // Hidden names are never read by the load: an editor's swap file changes nothing.
        std::fs::write(report.join("2023/.01-a.md.swp"), "swap").expect("write");
        assert_eq!(
            fingerprint(root, "content/r", Duration::ZERO).as_ref(),
            Some(&before)
        );
        // A new file, a longer one, a renamed one: each changes the key.
        std::fs::write(report.join("2023/02-b.md"), "More.\n").expect("write");
        let added = fingerprint(root, "content/r", Duration::ZERO).expect("a fingerprint");
        assert_ne!(added, before);
        std::fs::write(report.join("2023/02-b.md"), "More words.\n").expect("write");
        let longer = fingerprint(root, "content/r", Duration::ZERO).expect("a fingerprint");
        assert_ne!(longer, added);
        std::fs::rename(report.join("2023/02-b.md"), report.join("2023/03-b.md")).expect("mv");
        let renamed = fingerprint(root, "content/r", Duration::ZERO).expect("a fingerprint");
        assert_ne!(renamed, longer);
        // A folder that is gone has no key.
        assert_eq!(fingerprint(root, "content/gone", Duration::ZERO), None);
    }
}
