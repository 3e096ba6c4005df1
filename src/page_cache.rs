//! Rendered editions kept between builds. A build notes, for each edition it renders without a
//! warning, the path, length and hash of every file it wrote, under a key of everything the
//! edition's pages show (`render::edition_cache::edition_key`). The next build into the same
//! output folder puts those files back, hard-linked from the previous site, instead of
//! rendering the edition again.
//!
//! Nothing here is trusted. The notes are one entry of the build cache per output folder
//! (`.almanac-cache/pages/`, with its length and checksum like every entry); notes another
//! binary wrote are thrown away whole; every file is found to be the one written before it
//! is put back, and an edition with any file missing, changed, or behind a link is rendered.
//!
//! A file is known to be the one written by its stamp (`load::file_stamp`: device, inode,
//! length, modification and change times), taken once the site is in place, as version
//! control tools know a file unchanged: no write, rename or change of its times leaves its
//! change time as it was. A file is stamped only when its change time is a few seconds
//! before the build began: then it has not changed since, so it holds what the build read or
//! wrote (a file changed while the build ran is not stamped, however long the build takes),
//! and no later change, even within the same tick of the clock, can keep its times. Any
//! other file is read and hashed by the next build, and stamped by a later one.

use crate::cache::DiskStore;
use crate::core::diagnostic::Diagnostic;
use crate::core::site_path::SitePath;
use crate::core::store::{Store, key_of};
use crate::load::file_stamp::{FileStamp, SETTLED};
use crate::render::pages::RenderedEdition;
use crate::render::{KeptEdition, KeptEditions};
use crate::write::Staging;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hasher};
use std::path::Path;
use std::sync::Mutex;

const HEADER: &str = "almanac-pages 2";

/// One edition as a build wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Note {
    files: Vec<NotedFile>,
    /// The other files of the site its pages link to.
    links: Vec<String>,
    /// Its PDF's key in the PDF store, kept alive while the edition is.
    pdf_key: Option<String>,
}

/// A file of an edition as a build wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct NotedFile {
    path: SitePath,
    len: u64,
    hash: u64,
    /// Its stamp in the output folder once the site was in place; `None` when it had changed
    /// too recently to be known by it (or is not stamped yet: see [`PageNotes::save`]).
    stamp: Option<FileStamp>,
}

/// The editions of the previous build into one output folder, and those of this one.
pub struct PageCache<'a> {
    store: DiskStore,
    /// When the build began: before any file of the previous site was looked at.
    began: std::time::SystemTime,
    /// The notes' key: a hash of the output folder's path.
    entry: String,
    /// That path, written in the notes so that notes of a folder gone can be removed.
    out: std::path::PathBuf,
    /// Which binary writes: notes of another are never read.
    binary: Option<String>,
    staging: &'a Staging,
    pdfs: Option<&'a dyn Store>,
    /// What the previous build noted, as read.
    read: Vec<u8>,
    before: HashMap<String, Note>,
    now: Mutex<BTreeMap<String, Note>>,
}

/// The notes of a build, written once its site is in place.
pub struct PageNotes {
    store: DiskStore,
    began: std::time::SystemTime,
    entry: String,
    out: std::path::PathBuf,
    binary: Option<String>,
    read: Vec<u8>,
    notes: Option<BTreeMap<String, Note>>,
}

/// Gives each file of `notes` not stamped yet its stamp in the site at `out`, when its change
/// time is [`SETTLED`] before `began`, the moment the build began: such a file has not changed
/// since before the build read or wrote it, so it holds the bytes noted. A file changed since
/// (by this build, linking or writing it, or by anyone while the build ran) stays unstamped.
fn stamp_unstamped(notes: &mut BTreeMap<String, Note>, out: &Path, began: std::time::SystemTime) {
    notes
        .par_iter_mut()
        .flat_map_iter(|(_, note)| note.files.iter_mut())
        .filter(|f| f.stamp.is_none())
        .for_each(|f| {
            f.stamp = std::fs::symlink_metadata(f.path.under(out))
                .ok()
                .and_then(|meta| FileStamp::settled(&meta, began, SETTLED))
                .filter(|stamp| stamp.len == f.len);
        });
}

impl PageNotes {
    /// Stamps every file not yet stamped, in the site just put in place, and writes the notes,
    /// unless they are what the previous build wrote; then removes the notes of output folders
    /// that are gone (each build into a new folder leaves notes).
    pub fn save(self) {
        let (Some(binary), Some(mut notes)) = (self.binary, self.notes) else {
            return;
        };
        stamp_unstamped(&mut notes, &self.out, self.began);
        let bytes = write(&binary, &self.out, &notes);
        if bytes == self.read {
            return;
        }
        self.store.put(&self.entry, &bytes);
        for key in self.store.keys() {
            if key == self.entry {
                continue;
            }
            let gone = self.store.get(&key).is_none_or(|notes| {
                output_of(&notes).is_none_or(|out| !out.join(crate::write::MARKER).is_file())
            });
            if gone {
                self.store.remove(&key);
            }
        }
    }
}

impl<'a> PageCache<'a> {
    /// The notes for builds of the project at `root` into `out`, putting files back into
    /// `staging`; `pdfs` is the store whose PDFs the kept editions hold on to.
    pub fn open(
        root: &Path,
        out: &Path,
        staging: &'a Staging,
        pdfs: Option<&'a dyn Store>,
    ) -> PageCache<'a> {
        let began = std::time::SystemTime::now();
        let store = DiskStore::open(root, "pages");
        let out = crate::write::absolute(out);
        let entry = key_of(&[out.as_os_str().as_encoded_bytes()]);
        let binary = crate::cache::binary_identity();
        let read = binary
            .as_ref()
            .and_then(|_| store.get(&entry))
            .unwrap_or_default();
        let before = binary
            .as_deref()
            .and_then(|b| parse(&read, b))
            .unwrap_or_default();
        PageCache {
            store,
            began,
            entry,
            out,
            binary,
            staging,
            pdfs,
            read,
            before,
            now: Mutex::default(),
        }
    }

    /// This build's notes, to save once the site is in place (never when it fails: the
    /// previous site, and the notes of it, stay).
    pub fn finish(self) -> PageNotes {
        PageNotes {
            store: self.store,
            began: self.began,
            entry: self.entry,
            out: self.out,
            binary: self.binary,
            read: self.read,
            notes: self.now.into_inner().ok(),
        }
    }
}

impl KeptEditions for PageCache<'_> {
    fn put_back(&self, key: &str, dir: &str) -> Result<Option<KeptEdition>, Diagnostic> {
        let Some(note) = self.before.get(key) else {
            return Ok(None);
        };
        // An edition's files are in its own folder: a note naming any other place is not
        // this build's.
        let inside = |p: &SitePath| {
            p.as_str()
                .strip_prefix(dir)
                .is_some_and(|rest| rest.starts_with('/'))
        };
        if !note.files.iter().all(|f| inside(&f.path)) {
            return Ok(None);
        }
        // Every file found as it was made (by its stamp, or read and hashed) before any is
        // put back.
        let mut found = Vec::with_capacity(note.files.len());
        for f in &note.files {
            match self.staging.previous_file(&f.path, f.len, f.stamp.as_ref()) {
                Some(file) if file.bytes.as_ref().is_none_or(|b| hash_of(b) == f.hash) => {
                    found.push(file);
                }
                _ => return Ok(None),
            }
        }
        let mut kept = note.clone();
        for (f, file) in kept.files.iter_mut().zip(&found) {
            // A file left as it is keeps its stamp; one linked again, or read, is stamped
            // anew once the site is in place.
            if !self.staging.keep_previous(&f.path, file)? || file.bytes.is_some() {
                f.stamp = None;
            }
        }
        if let (Some(pdfs), Some(pdf)) = (self.pdfs, &note.pdf_key) {
            pdfs.keep(pdf);
        }
        let paths = kept.files.iter().map(|f| f.path.clone()).collect();
        if let Ok(mut now) = self.now.lock() {
            now.insert(key.to_string(), kept);
        }
        Ok(Some(KeptEdition {
            paths,
            link_targets: note.links.clone(),
            pdf: note.pdf_key.is_some(),
        }))
    }

    fn keep(&self, key: &str, edition: &RenderedEdition) {
        let note = Note {
            files: edition
                .files
                .iter()
                .map(|f| NotedFile {
                    path: f.path.clone(),
                    len: f.bytes.len() as u64,
                    hash: hash_of(&f.bytes),
                    stamp: None,
                })
                .collect(),
            links: edition
                .pending_links
                .iter()
                .map(|l| l.target.clone())
                .collect(),
            pdf_key: edition.pdf_key.clone(),
        };
        // Notes are lines: a link target with a line break in it is not noted (nor kept).
        if note.links.iter().any(|t| t.contains(['\n', '\r'])) {
            return;
        }
        if let Ok(mut now) = self.now.lock() {
            now.insert(key.to_string(), note);
        }
    }
}

/// A file's hash, to tell it is the one noted.
fn hash_of(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    h.write(bytes);
    h.finish()
}

/// A path as hex digits of its bytes: any path, on one line.
fn path_hex(path: &Path) -> String {
    use std::fmt::Write as _;
    let mut hex = String::new();
    for b in path.as_os_str().as_encoded_bytes() {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

/// The output folder the notes are of.
fn output_of(notes: &[u8]) -> Option<std::path::PathBuf> {
    let text = std::str::from_utf8(notes).ok()?;
    let hex = text.lines().nth(2)?.strip_prefix("out ")?;
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect::<Option<_>>()?;
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Some(std::ffi::OsStr::from_bytes(&bytes).into())
    }
    #[cfg(not(unix))]
    {
        String::from_utf8(bytes).ok().map(Into::into)
    }
}

fn write(binary: &str, out_dir: &Path, notes: &BTreeMap<String, Note>) -> Vec<u8> {
    use std::fmt::Write as _;
    let mut out = format!("{HEADER}\nbinary {binary}\nout {}\n", path_hex(out_dir));
    for (key, note) in notes {
        let _ = writeln!(out, "edition {key}");
        if let Some(pdf) = &note.pdf_key {
            let _ = writeln!(out, "pdf {pdf}");
        }
        for f in &note.files {
            let stamp = f.stamp.map_or_else(|| "-".to_string(), |s| s.to_word());
            let _ = writeln!(out, "file {} {:016x} {stamp} {}", f.len, f.hash, f.path);
        }
        for target in &note.links {
            let _ = writeln!(out, "link {target}");
        }
    }
    out.into_bytes()
}

/// The notes as written by `binary`; `None` for anything else.
fn parse(bytes: &[u8], binary: &str) -> Option<HashMap<String, Note>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut lines = text.lines();
    if lines.next()? != HEADER || lines.next()?.strip_prefix("binary ")? != binary {
        return None;
    }
    lines.next()?.strip_prefix("out ")?;
    let mut notes = HashMap::new();
    let mut current: Option<(String, Note)> = None;
    for line in lines {
        let (kind, rest) = line.split_once(' ')?;
        if kind == "edition" {
            notes.extend(current.take());
            let empty = Note {
                files: Vec::new(),
                links: Vec::new(),
                pdf_key: None,
            };
            current = Some((rest.to_string(), empty));
            continue;
        }
        let note = &mut current.as_mut()?.1;
        match kind {
            "pdf" => note.pdf_key = Some(rest.to_string()),
            "link" => note.links.push(rest.to_string()),
            "file" => {
                let mut parts = rest.splitn(4, ' ');
                let len = parts.next()?.parse().ok()?;
                let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
                let stamp = match parts.next()? {
                    "-" => None,
                    word => Some(FileStamp::from_word(word)?),
                };
                let path = SitePath::parse(parts.next()?).ok()?;
                note.files.push(NotedFile {
                    path,
                    len,
                    hash,
                    stamp,
                });
            }
            _ => return None,
        }
    }
    notes.extend(current);
    Some(notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noted(path: &str, len: u64, hash: u64, stamp: Option<FileStamp>) -> NotedFile {
        NotedFile {
            path: SitePath::parse(path).unwrap(),
            len,
            hash,
            stamp,
        }
    }

    #[test]
    fn a_file_changed_after_the_build_began_is_not_stamped_however_long_ago() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path();
        std::fs::create_dir_all(out.join("r/2023")).expect("folders");
        std::fs::write(out.join("r/2023/index.html"), "<p>x</p>").expect("write");
        let notes_of = || {
            let mut notes = BTreeMap::new();
            notes.insert(
                "k".to_string(),
                Note {
                    files: vec![noted("r/2023/index.html", 8, 1, None)],
                    links: Vec::new(),
                    pdf_key: None,
                },
            );
            notes
        };
        let stamp = |notes: &BTreeMap<String, Note>| notes["k"].files[0].stamp;
        // The build began a second before the file changed; the file was changed more than
        // SETTLED ago by the time the notes are saved. Not stamped: it changed while the
        // build ran, after the build may have read it.
        let changed = std::fs::metadata(out.join("r/2023/index.html"))
            .and_then(|m| m.modified())
            .expect("mtime");
        std::thread::sleep(SETTLED + std::time::Duration::from_millis(300));
        let mut notes = notes_of();
        stamp_unstamped(&mut notes, out, changed - std::time::Duration::from_secs(1));
        assert_eq!(stamp(&notes), None);
        // A build that began long after the change stamps it.
        let mut notes = notes_of();
        stamp_unstamped(&mut notes, out, std::time::SystemTime::now());
        assert!(stamp(&notes).is_some());
        // Of another length than noted: never.
        let mut notes = notes_of();
        notes.get_mut("k").expect("note").files[0].len = 9;
        stamp_unstamped(&mut notes, out, std::time::SystemTime::now());
        assert_eq!(stamp(&notes), None);
    }

    #[test]
    fn notes_read_back_as_written_and_only_by_the_binary_that_wrote_them() {
        let mut notes = BTreeMap::new();
        notes.insert(
            "ab12".to_string(),
            Note {
                files: vec![
                    noted("r/2023/index.html", 120, 7, None),
                    noted(
                        "r/2023/data/a b.csv",
                        3,
                        u64::MAX,
                        Some(FileStamp {
                            dev: 2049,
                            ino: 77,
                            len: 3,
                            modified: -5,
                            changed: 1_700_000_000_123_456_789,
                        }),
                    ),
                ],
                links: vec!["r/2022/index.html".into()],
                pdf_key: Some("ff00".into()),
            },
        );
        notes.insert(
            "cd34".to_string(),
            Note {
                files: vec![noted("s/2024/index.html", 9, 1, None)],
                links: Vec::new(),
                pdf_key: None,
            },
        );
        let out = Path::new("/srv/site 1");
        let bytes = write("1.0 5 6", out, &notes);
        assert_eq!(output_of(&bytes).as_deref(), Some(out));
        let back = parse(&bytes, "1.0 5 6").expect("read back");
        assert_eq!(back.len(), 2);
        assert_eq!(back["ab12"], notes["ab12"]);
        assert_eq!(back["cd34"], notes["cd34"]);
        assert!(parse(&bytes, "1.0 5 7").is_none(), "another binary's notes");
        // Anything not written by `write` is not read at all.
        let mut bad = bytes.clone();
        bad.extend_from_slice(b"file x y z\n");
        assert!(parse(&bad, "1.0 5 6").is_none());
        let text = String::from_utf8(bytes).unwrap();
        let unsafe_path = text.replace("r/2023/index.html", "../escape.html");
        assert!(parse(unsafe_path.as_bytes(), "1.0 5 6").is_none());
    }
}
