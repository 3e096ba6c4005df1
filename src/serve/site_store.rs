//! The site being served, held in memory: the last good build, and the diagnostics of the
//! build that failed since, if any. Requests read a snapshot; a rebuild swaps in a new one.

use crate::core::diagnostic::Diagnostic;
use crate::render::OutputFile;
use std::sync::{Arc, RwLock};

/// What the server answers from at one moment.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// The files of the last good build, sorted by path; empty until a build succeeds.
    pub files: Arc<Vec<OutputFile>>,
    /// The errors of the latest build when it failed; empty when it succeeded.
    pub errors: Arc<Vec<Diagnostic>>,
    /// Counts every build outcome, good or failed: a page that carries an older number is
    /// out of date.
    pub version: u64,
}

impl Snapshot {
    /// The bytes of the file at `path`.
    pub fn file(&self, path: &str) -> Option<&[u8]> {
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .ok()
            .map(|i| &*self.files[i].bytes)
    }

    /// Whether the last build failed.
    pub fn failing(&self) -> bool {
        !self.errors.is_empty()
    }
}

/// The shared, swappable snapshot.
#[derive(Debug, Default)]
pub struct SiteStore {
    current: RwLock<Arc<Snapshot>>,
}

impl SiteStore {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.current.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// A good build: its files replace the site and the errors are cleared.
    pub fn publish(&self, mut files: Vec<OutputFile>) -> u64 {
        // `render_site` sorts already; lookups rely on it, so make sure.
        if !files.is_sorted_by(|a, b| a.path <= b.path) {
            files.sort_by(|a, b| a.path.cmp(&b.path));
        }
        self.swap(|old| Snapshot {
            files: Arc::new(files),
            errors: Arc::new(Vec::new()),
            version: old.version + 1,
        })
    }

    /// A failed build: the last good files stay, with the errors beside them.
    pub fn fail(&self, errors: Vec<Diagnostic>) -> u64 {
        self.swap(|old| Snapshot {
            files: Arc::clone(&old.files),
            errors: Arc::new(errors),
            version: old.version + 1,
        })
    }

    fn swap(&self, next: impl FnOnce(&Snapshot) -> Snapshot) -> u64 {
        let mut guard = self.current.write().unwrap_or_else(|e| e.into_inner());
        let new = next(&guard);
        let version = new.version;
        *guard = Arc::new(new);
        version
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile::new(path, text.as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn a_failed_build_keeps_the_last_good_files() {
        let store = SiteStore::new();
        assert_eq!(store.snapshot().version, 0);
        store.publish(vec![file("index.html", "one"), file("a/index.html", "a")]);
        let s = store.snapshot();
        assert_eq!(s.file("index.html"), Some(&b"one"[..]));
        assert_eq!(s.file("a/index.html"), Some(&b"a"[..]));
        assert_eq!(s.file("missing"), None);
        assert!(!s.failing());

        store.fail(vec![Diagnostic::error(
            crate::core::code::Code::UnknownKey,
            "broken",
        )]);
        let s = store.snapshot();
        assert!(s.failing());
        assert_eq!(s.version, 2);
        assert_eq!(s.file("index.html"), Some(&b"one"[..]));

        store.publish(vec![file("index.html", "two")]);
        let s = store.snapshot();
        assert!(!s.failing());
        assert_eq!(s.file("index.html"), Some(&b"two"[..]));
        assert_eq!(s.file("a/index.html"), None);
    }
}
