//! The build cache on the disk: `<project>/.almanac-cache/<kind>/`, where a build keeps what
//! it would otherwise make again when the inputs are unchanged (each edition's PDF, named by a
//! hash of everything it is typeset from and of the binary's version).
//!
//! It is never trusted: each entry carries its length and a hash of its name and bytes, and one
//! that does not match (cut short, edited, from another version, copied or renamed from another
//! entry) is removed and made again. Entries
//! are written whole (to a temporary name, then renamed), links are never followed, and a
//! cache that cannot be read or written only makes the build do the work. After a build, the
//! entries it did not use are removed, so the cache holds one build's worth.

use crate::core::store::{Store, key_of};
use std::collections::HashSet;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The folder of the cache, in the project folder.
pub const CACHE_DIR: &str = ".almanac-cache";

const MAGIC: &[u8] = b"almanac-cache 2\n";

#[derive(Debug)]
pub struct DiskStore {
    dir: Option<PathBuf>,
    used: Mutex<HashSet<String>>,
    /// Mixed into every key: the binary's identity, for entries only this binary may read.
    salt: Option<String>,
}

/// The binary that runs: its version, and the size and time of its file, so that what
/// another build of almanac made (which may make it otherwise) is never taken for its own.
/// `None` when the binary cannot be found.
pub fn binary_identity() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let meta = fs::metadata(exe).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(format!(
        "{} {} {}",
        env!("CARGO_PKG_VERSION"),
        meta.len(),
        modified.as_nanos()
    ))
}

impl DiskStore {
    /// The cache of `kind` in the project at `root`; none when its folder is a link or
    /// cannot be made.
    pub fn open(root: &Path, kind: &str) -> DiskStore {
        let real_folder = |p: &Path| match fs::symlink_metadata(p) {
            Ok(m) => m.is_dir(),
            Err(_) => fs::create_dir(p).is_ok(),
        };
        let top = root.join(CACHE_DIR);
        let dir = top.join(kind);
        let dir = (real_folder(&top) && real_folder(&dir)).then_some(dir);
        DiskStore {
            dir,
            used: Mutex::new(HashSet::new()),
            salt: None,
        }
    }

    /// The cache of `kind` whose entries only this binary reads (see [`binary_identity`]);
    /// none when the binary cannot be told.
    pub fn open_for_this_binary(root: &Path, kind: &str) -> DiskStore {
        match binary_identity() {
            Some(salt) => DiskStore {
                salt: Some(salt),
                ..DiskStore::open(root, kind)
            },
            None => DiskStore {
                dir: None,
                used: Mutex::new(HashSet::new()),
                salt: None,
            },
        }
    }

    /// The name of `key`'s entry.
    fn name(&self, key: &str) -> String {
        match &self.salt {
            Some(salt) => key_of(&[salt.as_bytes(), key.as_bytes()]),
            None => key.to_string(),
        }
    }

    fn path(&self, key: &str) -> Option<PathBuf> {
        // Keys are hex from `key_of`; anything else names no file.
        let plain =
            !key.is_empty() && key.len() <= 64 && key.bytes().all(|b| b.is_ascii_hexdigit());
        Some(self.dir.as_ref()?.join(key)).filter(|_| plain)
    }

    fn mark_used(&self, key: &str) {
        if let Ok(mut used) = self.used.lock() {
            used.insert(key.to_string());
        }
    }

    /// The keys of the entries there are, in no order.
    pub fn keys(&self) -> Vec<String> {
        let Some(Ok(entries)) = self.dir.as_ref().map(fs::read_dir) else {
            return Vec::new();
        };
        entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|name| self.path(name).is_some())
            .collect()
    }

    /// Removes the entry under `key`.
    pub fn remove(&self, key: &str) {
        if let Some(path) = self.path(key) {
            let _ = fs::remove_file(path);
        }
    }

    /// Removes every entry this build did not use.
    pub fn keep_only_used(&self) {
        let (Some(dir), Ok(used)) = (&self.dir, self.used.lock()) else {
            return;
        };
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_file = entry.file_type().is_ok_and(|t| t.is_file());
            if is_file && !used.contains(&name) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// The header of the entry named `name`: its magic line, then its length and a hash of its name
/// and bytes (an entry copied or renamed under another name is not that name's entry).
fn header(name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(
        format!("{} {}\n", bytes.len(), key_of(&[name.as_bytes(), bytes])).as_bytes(),
    );
    out
}

impl Store for DiskStore {
    fn get(&self, key: &str) -> Option<Vec<u8>> {
        let key = &self.name(key);
        let path = self.path(key)?;
        self.mark_used(key);
        let meta = fs::symlink_metadata(&path).ok()?;
        if !meta.is_file() {
            return None;
        }
        let whole = fs::read(&path).ok()?;
        let body_at = whole
            .strip_prefix(MAGIC)
            .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
            .map(|n| MAGIC.len() + n + 1);
        let sound = body_at.filter(|&at| whole[..at] == header(key, &whole[at..])[..]);
        match sound {
            Some(at) => Some(whole[at..].to_vec()),
            None => {
                // Damaged or foreign: made again, and replaced.
                let _ = fs::remove_file(&path);
                None
            }
        }
    }

    fn keep(&self, key: &str) {
        let key = &self.name(key);
        if self.path(key).is_some() {
            self.mark_used(key);
        }
    }

    fn put(&self, key: &str, bytes: &[u8]) {
        let key = &self.name(key);
        let Some(path) = self.path(key) else {
            return;
        };
        self.mark_used(key);
        let temp = path.with_extension(format!("tmp-{}", std::process::id()));
        let written = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
            .and_then(|mut f| {
                f.write_all(&header(key, bytes))?;
                // Not synced to the disk: an entry a crash cuts short fails its checksum and
                // is made again, and a sync per entry costs more than most entries save.
                f.write_all(bytes)
            })
            .and_then(|()| fs::rename(&temp, &path));
        if written.is_err() {
            let _ = fs::remove_file(&temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_put_is_got_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let store = DiskStore::open(dir.path(), "pdf");
        let key = key_of(&[b"inputs"]);
        assert_eq!(store.get(&key), None);
        store.put(&key, b"%PDF-1.7 bytes");
        assert_eq!(store.get(&key).as_deref(), Some(&b"%PDF-1.7 bytes"[..]));
        // Cut short, or changed: dropped, never given back.
        let path = dir.path().join(CACHE_DIR).join("pdf").join(&key);
        let whole = fs::read(&path).unwrap();
        fs::write(&path, &whole[..whole.len() - 3]).unwrap();
        assert_eq!(store.get(&key), None);
        assert!(!path.exists());
        store.put(&key, b"%PDF-1.7 bytes");
        let mut changed = fs::read(&path).unwrap();
        let last = changed.len() - 1;
        changed[last] ^= 1;
        fs::write(&path, changed).unwrap();
        assert_eq!(store.get(&key), None);
        // A sound entry copied under another key's name is not that key's entry, for either
        // kind of store.
        for store in [
            DiskStore::open(dir.path(), "pdf"),
            DiskStore::open_for_this_binary(dir.path(), "citations"),
        ] {
            let other = key_of(&[b"other inputs"]);
            store.put(&key, b"made from the inputs");
            store.put(&other, b"made from the other inputs");
            let folder = store.dir.clone().expect("a folder");
            fs::copy(
                folder.join(store.name(&key)),
                folder.join(store.name(&other)),
            )
            .unwrap();
            assert_eq!(store.get(&other), None);
            assert_eq!(
                store.get(&key).as_deref(),
                Some(&b"made from the inputs"[..])
            );
        }
        // A key that is no hash names no file.
        store.put("../x", b"no");
        assert!(!dir.path().join(CACHE_DIR).join("x").exists());
    }

    #[test]
    fn a_store_for_this_binary_reads_only_what_this_binary_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let key = key_of(&[b"inputs"]);
        let plain = DiskStore::open(dir.path(), "pdf");
        plain.put(&key, b"made by another almanac");
        let ours = DiskStore::open_for_this_binary(dir.path(), "pdf");
        assert_eq!(
            ours.get(&key),
            None,
            "another binary's entry under the same key"
        );
        ours.put(&key, b"ours");
        let again = DiskStore::open_for_this_binary(dir.path(), "pdf");
        assert_eq!(again.get(&key).as_deref(), Some(&b"ours"[..]));
        // After the build, the cache holds its own entries only: another binary's go.
        again.keep_only_used();
        assert!(
            DiskStore::open_for_this_binary(dir.path(), "pdf")
                .get(&key)
                .is_some()
        );
        assert_eq!(plain.get(&key), None);
    }

    #[test]
    fn entries_a_build_did_not_use_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (key_of(&[b"a"]), key_of(&[b"b"]));
        let first = DiskStore::open(dir.path(), "pdf");
        first.put(&a, b"A");
        first.put(&b, b"B");
        let second = DiskStore::open(dir.path(), "pdf");
        assert!(second.get(&a).is_some());
        second.keep_only_used();
        assert!(DiskStore::open(dir.path(), "pdf").get(&b).is_none());
        assert!(DiskStore::open(dir.path(), "pdf").get(&a).is_some());
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_cache_folder_is_never_used() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), dir.path().join(CACHE_DIR)).unwrap();
        let store = DiskStore::open(dir.path(), "pdf");
        store.put(&key_of(&[b"a"]), b"A");
        assert!(fs::read_dir(elsewhere.path()).unwrap().next().is_none());
    }
}
