//! Stage 4, write: the whole site goes into a staging folder beside the output, which is then
//! swapped in. A failed or killed build leaves the previous output as it was, and a successful
//! one leaves no stale file behind. A file whose bytes equal the previous site's is hard-linked
//! from it instead of written again.
//!
//! The site a build replaces is not deleted: it is kept beside the output (`.site.previous` for
//! `site/`) and becomes the next build's staging folder, which is brought to the new site in
//! place (what is the same as the current site's file, the same file, is left; the rest is
//! replaced or swept away). Making and deleting hundreds of folders and thousands of files at
//! every build is what the file system spends most of a rebuild on; the kept site spares it.
//!
//! One build at a time writes an output folder: each holds [`OutputLock`], a lock on a file
//! beside the folder, from before it looks at the folder until the new site is in place. On
//! Linux the new site and the old are exchanged in one atomic rename, so a site is always
//! there; elsewhere two renames, after which a build killed between them leaves the old site
//! aside, and the next command puts it back ([`restore_interrupted`]).

use crate::core::code::Code;
use crate::core::diagnostic::Diagnostic;
use crate::core::site_path::SitePath;
use crate::load::file_stamp::FileStamp;
use crate::render::OutputFile;
use rayon::prelude::*;
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// The file that marks a folder as almanac's output, so that a build never replaces a folder
/// it did not make.
pub const MARKER: &str = ".almanac-site";
const MARKER_TEXT: &str = "This folder is built by almanac and replaced whole on every build.\n";

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.{tag}"))
}

/// Where the site a build replaced is kept, for the next build to start from.
fn previous_of(out: &Path) -> PathBuf {
    sibling(out, "previous")
}

fn failure(out: &Path, what: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(Code::WriteFailed, format!("{what}: {e}"))
        .in_file(&out.display().to_string())
        .with_help("check that the output folder's parent exists and is writable; the previous site is untouched")
}

/// Writes `files` into `out`, replacing what was there (waiting for any other build of `out`).
pub fn write_site(out: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    let lock = OutputLock::acquire(out, WhenLocked::Wait, &|| {})?;
    let staging = Staging::begin(out, &lock)?;
    staging.write(files)?;
    staging.commit()
}

/// What a build does when another build holds the output folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WhenLocked {
    /// Wait until the other build is done (the default).
    #[default]
    Wait,
    /// Fail at once with `output-locked`.
    Fail,
}

/// The exclusive lock on an output folder, held by one build from before it looks at the
/// folder until its site is in place; released when dropped (and by the system when the
/// process ends, however it ends). The lock is on a file beside the folder, `.site.lock` for
/// `site/`, which is never removed: removing a lock file lets two builds hold two locks.
#[derive(Debug)]
pub struct OutputLock {
    _file: fs::File,
    /// What the lock found and put right before it was handed out.
    restored: bool,
}

impl OutputLock {
    /// Takes the lock on `out`, calling `on_wait` once if another build holds it and `when`
    /// says to wait. Then restores a site that a killed build left aside.
    pub fn acquire(
        out: &Path,
        when: WhenLocked,
        on_wait: &dyn Fn(),
    ) -> Result<OutputLock, Diagnostic> {
        let file = open_lock_file(out)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) if when == WhenLocked::Wait => {
                on_wait();
                file.lock()
                    .map_err(|e| failure(out, "cannot lock the output folder", e))?;
            }
            Err(fs::TryLockError::WouldBlock) => return Err(locked(out)),
            Err(fs::TryLockError::Error(e)) => {
                return Err(failure(out, "cannot lock the output folder", e));
            }
        }
        let restored = restore_aside(out);
        Ok(OutputLock {
            _file: file,
            restored,
        })
    }

    /// Whether taking the lock put back a site that a killed build had left aside.
    pub fn restored(&self) -> bool {
        self.restored
    }
}

fn open_lock_file(out: &Path) -> Result<fs::File, Diagnostic> {
    let parent = parent_of(out);
    fs::create_dir_all(parent)
        .map_err(|e| failure(out, "cannot create the output's parent folder", e))?;
    let path = sibling(out, "lock");
    // Only a regular file of our own: a link there is never followed (it could create a file
    // anywhere), and a pipe or device never opened (it could block the build for ever).
    if let Ok(m) = fs::symlink_metadata(&path)
        && !m.is_file()
    {
        return Err(Diagnostic::error(
            Code::OutputFolder,
            format!("`{}` is not a regular file", path.display()),
        )
        .in_file(&path.display().to_string())
        .with_help("remove it: almanac keeps its lock there"));
    }
    let mut options = fs::OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Should it become a link or a pipe between the look and the open.
        options.custom_flags(
            (rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK).bits() as i32,
        );
    }
    options
        .open(&path)
        .map_err(|e| failure(out, "cannot open the output folder's lock file", e))
}

fn locked(out: &Path) -> Diagnostic {
    Diagnostic::error(
        Code::OutputLocked,
        "another build is writing this output folder",
    )
    .in_file(&out.display().to_string())
    .with_help("wait for it to finish (leave out --no-wait to wait), or build into another folder with --out")
}

/// Puts back a site that a build killed between its two renames left aside, when no build is
/// writing it (a live one holds the lock, and is then left alone). Whether it did: commands
/// that do not build (check, serve, new-edition, diff) call it on `<root>/site` and say so.
pub fn restore_interrupted(out: &Path) -> bool {
    if !is_real_dir(&sibling(out, "old")) || fs::symlink_metadata(out).is_ok() {
        return false;
    }
    open_lock_file(out)
        .ok()
        .is_some_and(|f| f.try_lock().is_ok() && restore_aside(out))
}

/// With the lock held: the previous site back from `.site.old` when the output is missing.
fn restore_aside(out: &Path) -> bool {
    let old = sibling(out, "old");
    fs::symlink_metadata(out).is_err() && is_real_dir(&old) && fs::rename(&old, out).is_ok()
}

/// A folder, not a link to one.
fn is_real_dir(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

fn parent_of(out: &Path) -> &Path {
    out.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// A file of the previous site, found by [`Staging::previous_file`].
pub struct PreviousFile {
    /// Its bytes; `None` when it was known by its stamp and not read.
    pub bytes: Option<Vec<u8>>,
    /// Whether the staging folder's file at its place is this very file.
    staged: bool,
}

impl PreviousFile {
    /// What the new site keeps of it: the staging folder's file, or a link to it.
    fn kept(&self) -> Kept {
        if self.staged {
            Kept::Staged
        } else {
            Kept::Previous
        }
    }
}

/// What of the previous site's file a file placed in the new site can keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kept {
    /// Nothing: the bytes are written.
    No,
    /// The file, linked: it holds exactly the bytes.
    Previous,
    /// The file, which the staging folder already has at its place.
    Staged,
}

/// A site being written: files go into a staging folder beside the output, which
/// [`Staging::commit`] swaps in. Dropped without a commit, the output was never touched, and
/// the staging folder is kept as the next build's start (or removed, when what failed was
/// bringing it up to date).
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    committed: bool,
    /// Folders of the previous site found to be real folders, not links.
    real_dirs: Mutex<HashSet<String>>,
    /// Folders of the staging folder made or found to be real folders, not links.
    staged_dirs: Mutex<HashSet<String>>,
    /// Whether the staging folder began as the site before the previous one (see
    /// [`previous_of`]), whose files this build must replace or sweep away.
    reused: bool,
    /// Every file this build placed, when `reused`: what else is there is swept before the swap.
    placed: Mutex<HashSet<String>>,
    /// The permissions a folder made now gets, when there is a previous site: a kept folder is
    /// given them, and a file of the previous site with others is not linked but written, so
    /// that the site's folders and files are as a build into an empty folder makes them.
    folder_mode: Option<u32>,
    /// Whether bringing the kept site up to date failed: it is then removed, not kept again,
    /// so the next build starts afresh.
    failed: AtomicBool,
}

impl Staging {
    /// Checks the output folder and creates the staging folder. The lock proves that no other
    /// build is writing `out`, so every staging folder of it still there is a dead build's.
    pub fn begin(out: &Path, _lock: &OutputLock) -> Result<Staging, Diagnostic> {
        let shown = out.display().to_string();
        remove_dead_staging(out);
        if fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(Diagnostic::error(
                Code::OutputFolder,
                "the output path is a symlink; the build replaces the output folder whole, so it must be a real folder",
            )
            .in_file(&shown)
            .with_help("remove the link and build into a folder, or name the folder itself with --out"));
        }
        if out.exists() {
            if !out.is_dir() {
                return Err(Diagnostic::error(
                    Code::OutputFolder,
                    "the output path is a file, not a folder",
                )
                .in_file(&shown)
                .with_help("name a folder with --out"));
            }
            let empty = fs::read_dir(out)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if !empty && !out.join(MARKER).is_file() {
                return Err(Diagnostic::error(
                    Code::OutputFolder,
                    "the output folder exists and was not made by almanac; it is left alone",
                )
                .in_file(&shown)
                .with_help("remove it, or name another folder with --out"));
            }
        }
        let dir = sibling(out, &format!("staging-{}", std::process::id()));
        remove_tree(&dir);
        // The site kept by the build before: only a real folder almanac made is taken.
        let previous = previous_of(out);
        let mut reused = is_real_dir(&previous)
            && fs::symlink_metadata(previous.join(MARKER)).is_ok_and(|m| m.is_file())
            && fs::rename(&previous, &dir).is_ok();
        if reused && !is_real_dir(&dir) {
            remove_tree(&dir);
            reused = false;
        }
        let previous_site = reused || fs::symlink_metadata(out).is_ok();
        let folder_mode = if previous_site {
            fresh_folder_mode(out)
        } else {
            None
        };
        let staging = Staging {
            out: out.to_path_buf(),
            dir,
            committed: false,
            real_dirs: Mutex::default(),
            staged_dirs: Mutex::default(),
            reused,
            placed: Mutex::default(),
            folder_mode,
            failed: AtomicBool::new(false),
        };
        if !reused {
            fs::create_dir_all(&staging.dir)
                .map_err(|e| failure(out, "cannot create the staging folder", e))?;
        }
        let marker = staging.dir.join(MARKER);
        if reused {
            fs::symlink_metadata(&staging.dir)
                .and_then(|m| staging.fresh_folder(&staging.dir, &m))
                .and_then(|()| clear(&marker))
                .map_err(|e| staging.not_brought_up_to_date(MARKER, e))?;
            if let Ok(mut placed) = staging.placed.lock() {
                placed.insert(MARKER.to_string());
            }
        }
        write_new(&marker, MARKER_TEXT.as_bytes())
            .map_err(|e| failure(out, &format!("cannot write {}", marker.display()), e))?;
        Ok(staging)
    }

    /// Writes files into the staging folder, in parallel; a file whose bytes the previous
    /// site's file at its place already holds is linked from there.
    pub fn write(&self, files: &[OutputFile]) -> Result<(), Diagnostic> {
        files.par_iter().try_for_each(|f| {
            let found = self
                .previous_file(&f.path, f.bytes.len() as u64, None)
                .filter(|old| old.bytes.as_deref() == Some(&*f.bytes));
            self.place(
                &f.path,
                Some(&f.bytes),
                found.map_or(Kept::No, |old| old.kept()),
            )
        })
    }

    /// The bytes of the previous site's file at `rel`, when it is `len` bytes long: only a
    /// file of the site's own (see [`own_file`]) reached through real folders; its length is
    /// told before a byte is read. When its stamp is `known` (taken by an earlier build once
    /// the file was in place: see `load::file_stamp`), the file is that one, unchanged, and is
    /// not read.
    ///
    /// A file with two names is the site's own only when the other is the staging folder's
    /// file at `rel`, reached through real folders (made so first): the same file, kept since
    /// the build before linked it. Then it is `staged` already.
    pub fn previous_file(
        &self,
        rel: &SitePath,
        len: u64,
        known: Option<&FileStamp>,
    ) -> Option<PreviousFile> {
        let previous = rel.under(&self.out);
        let meta = fs::symlink_metadata(&previous).ok()?;
        if !meta.is_file() || meta.len() != len || !self.real_folders(rel) {
            return None;
        }
        let staged = self.reused
            && self.make_folders(rel).is_ok()
            && fs::symlink_metadata(rel.under(&self.dir))
                .is_ok_and(|s| s.is_file() && same_file(&s, &meta));
        if !(own_file(&meta) || staged && links(&meta) == 2) {
            return None;
        }
        // A file made under another umask, or narrowed by hand, is written anew with the
        // permissions a new file gets (a folder's, without search).
        if self
            .folder_mode
            .is_some_and(|mode| mode_of(&meta) & 0o7777 != mode & 0o666)
        {
            return None;
        }
        if known.is_some() && FileStamp::of(&meta).as_ref() == known {
            return Some(PreviousFile {
                bytes: None,
                staged,
            });
        }
        let bytes = fs::read(&previous).ok()?;
        (bytes.len() as u64 == len).then_some(PreviousFile {
            bytes: Some(bytes),
            staged,
        })
    }

    /// The bytes of the file this build has put at `rel` (written, or linked from the
    /// previous site), for what is made from the site's own pages (its search index).
    pub fn staged_file(&self, rel: &SitePath) -> Option<Vec<u8>> {
        if self.reused && !self.placed.lock().is_ok_and(|p| p.contains(rel.as_str())) {
            // What the kept site had there, not this build's.
            return None;
        }
        fs::read(rel.under(&self.dir)).ok()
    }

    /// Puts the previous site's file at `rel`, which the caller found with
    /// [`Staging::previous_file`] to be what this build makes, into the new site. Whether it
    /// is left as it was (the staging folder's file is that file already): neither linked nor
    /// written, so its stamp is what it was.
    pub fn keep_previous(&self, rel: &SitePath, file: &PreviousFile) -> Result<bool, Diagnostic> {
        let kept = file.kept();
        self.place(rel, file.bytes.as_deref(), kept)?;
        Ok(kept == Kept::Staged)
    }

    /// Puts `bytes` at `rel` in the new site: hard-linked to the previous site's file when
    /// `kept` says that file holds exactly these bytes, written otherwise (or when the link
    /// cannot be made). Creating a file costs the file system far more than reading
    /// one and linking it (on an ext4 disk, 0.7 ms against 0.03 ms), and most files of a
    /// rebuild are unchanged; an unchanged file also keeps its modification time, so that
    /// deploy tools comparing times skip it. The previous site is only read, never written.
    ///
    /// In a staging folder that began as the kept site, a file already there that is the
    /// previous site's file (one file with two names) is left as it is when `kept` says so;
    /// anything else there is removed first, never written through. `bytes` is `None` for a
    /// kept file known by its stamp, read only if it cannot be linked.
    fn place(&self, rel: &SitePath, bytes: Option<&[u8]>, kept: Kept) -> Result<(), Diagnostic> {
        let path = rel.under(&self.dir);
        self.make_folders(rel)?;
        if self.reused {
            if let Ok(mut placed) = self.placed.lock() {
                placed.insert(rel.as_str().to_string());
            }
            if kept == Kept::Staged {
                return Ok(());
            }
            clear(&path).map_err(|e| self.not_brought_up_to_date(rel.as_str(), e))?;
        }
        if kept != Kept::No && fs::hard_link(rel.under(&self.out), &path).is_ok() {
            return Ok(());
        }
        let read;
        let bytes = match bytes {
            Some(bytes) => bytes,
            None => {
                read = fs::read(rel.under(&self.out))
                    .map_err(|e| self.cannot_write(rel.as_str(), e))?;
                &read
            }
        };
        write_new(&path, bytes).map_err(|e| self.cannot_write(rel.as_str(), e))
    }

    /// Makes every folder on `rel`'s way inside the staging folder a real folder: made where
    /// it is missing, and where something else is there (a file, or a link that would lead
    /// out of the staging folder), that removed first. Each folder is looked at once per build.
    fn make_folders(&self, rel: &SitePath) -> Result<(), Diagnostic> {
        let Some((parents, _)) = rel.as_str().rsplit_once('/') else {
            return Ok(());
        };
        if self.staged_dirs.lock().is_ok_and(|d| d.contains(parents)) {
            return Ok(());
        }
        let cannot = |e| self.cannot_write(&format!("a folder for {rel}"), e);
        let mut folder = self.dir.clone();
        for part in parents.split('/') {
            folder.push(part);
            match fs::symlink_metadata(&folder) {
                Ok(m) if m.is_dir() => {
                    if self.reused {
                        self.fresh_folder(&folder, &m)
                            .map_err(|e| self.not_brought_up_to_date(rel.as_str(), e))?;
                    }
                    continue;
                }
                Ok(_) => fs::remove_file(&folder)
                    .map_err(|e| self.not_brought_up_to_date(rel.as_str(), e))?,
                Err(_) => {}
            }
            match fs::create_dir(&folder) {
                Ok(()) => {}
                // Made by another thread meanwhile: a folder is what is wanted.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && is_real_dir(&folder) => {
                }
                Err(e) => return Err(cannot(e)),
            }
        }
        if let Ok(mut d) = self.staged_dirs.lock() {
            d.insert(parents.to_string());
        }
        Ok(())
    }

    /// Removes from a staging folder that began as the kept site everything this build did
    /// not place: the files of pages, editions and downloads that are no longer made, and
    /// the folders left empty. A file that cannot be removed fails the build, since it would
    /// be a stale file in the new site.
    fn sweep(&self) -> Result<(), Diagnostic> {
        if !self.reused {
            return Ok(());
        }
        let placed = self.placed.lock().map_err(|_| {
            Diagnostic::error(Code::WriteFailed, "the list of written files was lost")
        })?;
        let mut folders: HashSet<&str> = HashSet::new();
        for path in placed.iter() {
            let mut rest = path.as_str();
            while let Some((parent, _)) = rest.rsplit_once('/') {
                if !folders.insert(parent) {
                    break;
                }
                rest = parent;
            }
        }
        sweep_folder(&self.dir, "", &placed, &folders)
            .map_err(|e| self.not_brought_up_to_date("a file the site no longer has", e))
    }

    /// Gives a kept folder the read, write and search permissions a folder made now gets,
    /// when it has others. Its setgid and sticky bits stay: they come from the folder it is
    /// in, as a new folder's would, and changing the mode of a setgid folder of another
    /// group would drop that bit.
    fn fresh_folder(&self, folder: &Path, meta: &fs::Metadata) -> std::io::Result<()> {
        match self.folder_mode {
            Some(mode) if rwx(meta) != mode & 0o777 => {
                set_mode(folder, (mode_of(meta) & !0o777) | (mode & 0o777))
            }
            _ => Ok(()),
        }
    }

    /// The error of a file or folder (`what`) that cannot be written: in a staging folder that
    /// began as the kept site, that site is then dropped (see
    /// [`Staging::not_brought_up_to_date`]), since what failed may be something in it.
    fn cannot_write(&self, what: &str, e: std::io::Error) -> Diagnostic {
        if self.reused {
            self.not_brought_up_to_date(what, e)
        } else {
            failure(&self.out, &format!("cannot write {what}"), e)
        }
    }

    /// The error of a kept site's entry (`what`) that cannot be removed or changed: the kept
    /// site is then removed rather than kept again, so the next build starts afresh.
    fn not_brought_up_to_date(&self, what: &str, e: std::io::Error) -> Diagnostic {
        self.failed.store(true, Ordering::Relaxed);
        Diagnostic::error(
            Code::WriteFailed,
            format!("cannot bring the site kept from the build before up to date ({what}): {e}"),
        )
        .in_file(&self.dir.display().to_string())
        .with_help(format!(
            "the previous site is untouched; the kept copy ({}) is started afresh at the next build: build again, and if it fails the same way, check who owns that folder and remove it",
            previous_of(&self.out).display()
        ))
    }

    /// Whether every folder on `rel`'s way inside the previous site is a real folder, not a
    /// link that could lead out of it.
    /// Each folder is looked at once per build (a site has thousands of files in a few
    /// hundred folders).
    fn real_folders(&self, rel: &SitePath) -> bool {
        let Some((parents, _)) = rel.as_str().rsplit_once('/') else {
            return true;
        };
        if self.real_dirs.lock().is_ok_and(|d| d.contains(parents)) {
            return true;
        }
        let mut folder = self.out.clone();
        let real = parents.split('/').all(|part| {
            folder.push(part);
            fs::symlink_metadata(&folder).is_ok_and(|m| m.is_dir())
        });
        if real && let Ok(mut d) = self.real_dirs.lock() {
            d.insert(parents.to_string());
        }
        real
    }

    /// Swaps the staging folder in for the output, then deletes the previous site. On Linux
    /// the two are exchanged in one atomic rename: at every moment one complete site is at
    /// the output's path.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        self.sweep()?;
        let old = sibling(&self.out, "old");
        let exists = fs::symlink_metadata(&self.out).is_ok();
        if exists && exchange(&self.dir, &self.out) {
            // The staging folder's path now holds the previous site, kept for the next build.
            self.committed = true;
            keep_as_previous(&self.out, &self.dir);
            return Ok(());
        }
        if exists {
            remove_tree(&old);
            fs::rename(&self.out, &old)
                .map_err(|e| failure(&self.out, "cannot move the previous site aside", e))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.out) {
            let _ = fs::rename(&old, &self.out);
            return Err(failure(&self.out, "cannot move the new site into place", e));
        }
        self.committed = true;
        keep_as_previous(&self.out, &old);
        Ok(())
    }
}

impl Drop for Staging {
    /// A staging folder never swapped in is kept as the next build's start (its files are
    /// never trusted, only found to be the current site's own), or removed.
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        if self.failed.load(Ordering::Relaxed) {
            remove_tree(&self.dir);
        } else {
            keep_as_previous(&self.out, &self.dir);
        }
    }
}

/// Keeps the site at `site` (the one just replaced, or a staging folder never swapped in) as
/// the next build's staging folder, or removes it where that place is taken by something
/// almanac did not put there (which is then left alone).
fn keep_as_previous(out: &Path, site: &Path) {
    let previous = previous_of(out);
    let kept = is_real_dir(site)
        && fs::symlink_metadata(&previous).is_err()
        && fs::rename(site, &previous).is_ok();
    if !kept {
        remove_tree(site);
    }
}

/// Removes what is in `dir` (the staging folder's folder at `rel`) but in neither `placed`
/// (files) nor `folders` (folders holding placed files); links are removed, never followed.
fn sweep_folder(
    dir: &Path,
    rel: &str,
    placed: &HashSet<String>,
    folders: &HashSet<&str>,
) -> std::io::Result<()> {
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.par_iter().try_for_each(|entry| {
        let name = entry.file_name();
        let path = entry.path();
        let Some(name) = name.to_str() else {
            // No name a site file has.
            return remove_entry(&path);
        };
        let inner = if rel.is_empty() {
            name.to_string()
        } else {
            format!("{rel}/{name}")
        };
        let kind = entry.file_type()?;
        if kind.is_dir() && folders.contains(inner.as_str()) {
            sweep_folder(&path, &inner, placed, folders)
        } else if !kind.is_dir() && placed.contains(&inner) {
            Ok(())
        } else {
            remove_entry(&path)
        }
    })
}

/// The permissions a folder made beside `out` now gets (the process's umask applied), found
/// by making one; none where the system has no such modes or the folder cannot be made.
#[cfg(unix)]
fn fresh_folder_mode(out: &Path) -> Option<u32> {
    let probe = sibling(out, &format!("mode-{}", std::process::id()));
    let _ = fs::remove_dir(&probe);
    fs::create_dir(&probe).ok()?;
    let mode = fs::symlink_metadata(&probe).ok().map(|m| mode_of(&m));
    let _ = fs::remove_dir(&probe);
    mode
}

#[cfg(not(unix))]
fn fresh_folder_mode(_: &Path) -> Option<u32> {
    None
}

#[cfg(unix)]
fn mode_of(meta: &fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn mode_of(_: &fs::Metadata) -> u32 {
    0
}

/// The read, write and search permissions of a folder.
fn rwx(meta: &fs::Metadata) -> u32 {
    mode_of(meta) & 0o777
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) -> std::io::Result<()> {
    Ok(())
}

/// Removes what is at `path`, if anything (see [`remove_entry`]).
fn clear(path: &Path) -> std::io::Result<()> {
    match remove_entry(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        done => done,
    }
}

/// Removes a file, a link (not what it leads to) or a folder and all it holds.
fn remove_entry(path: &Path) -> std::io::Result<()> {
    if fs::symlink_metadata(path)?.is_dir() {
        remove_tree(path);
        match fs::symlink_metadata(path) {
            Err(_) => Ok(()),
            Ok(_) => Err(std::io::Error::other(format!(
                "{} could not be removed",
                path.display()
            ))),
        }
    } else {
        fs::remove_file(path)
    }
}

/// `path` as the file system names it, from the root: what exists of it resolved (so `..` and
/// links compare truthfully), the rest as written. The same folder gets the same name
/// whether it exists yet or not.
pub fn absolute(path: &Path) -> PathBuf {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut existing = path.as_path();
    let mut tail = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                tail.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut base = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    for t in tail.into_iter().rev() {
        base.push(t);
    }
    base
}

/// Whether a file of the previous site may be linked into the new one: a regular file with
/// no other name. One with another name (a hard link planted from outside the site) would tie
/// the new site to a file elsewhere, which could then change it; it is written anew instead.
#[cfg(unix)]
fn own_file(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    meta.is_file() && meta.nlink() == 1
}

#[cfg(not(unix))]
fn own_file(meta: &fs::Metadata) -> bool {
    meta.is_file()
}

/// How many names a file has.
#[cfg(unix)]
fn links(meta: &fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.nlink()
}

#[cfg(not(unix))]
fn links(_: &fs::Metadata) -> u64 {
    0
}

/// Whether two files' metadata are of one file (two names of it). Never, where the system
/// does not tell.
#[cfg(unix)]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &fs::Metadata, _: &fs::Metadata) -> bool {
    false
}

/// Writes a new file. What is already at `path` (a path given twice, linked to the previous
/// site's file) is replaced, never written through: the previous site stays as it was.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path);
    match file {
        Ok(mut f) => f.write_all(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            fs::remove_file(path)?;
            fs::write(path, bytes)
        }
        Err(e) => Err(e),
    }
}

/// Removes a folder, its subfolders in parallel (deleting thousands of files is system time
/// that both cores can share).
fn remove_tree(dir: &Path) {
    // A link in the folder's place is removed, never followed into.
    match fs::symlink_metadata(dir) {
        // A folder its owner made unreadable or read-only is opened up to be emptied.
        Ok(m) if m.is_dir() => {
            if mode_of(&m) & 0o700 != 0o700 {
                let _ = set_mode(dir, mode_of(&m) | 0o700);
            }
        }
        Ok(_) => {
            let _ = fs::remove_file(dir);
            return;
        }
        Err(_) => return,
    }
    if let Ok(entries) = fs::read_dir(dir) {
        let entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        entries.par_iter().for_each(|p| {
            // Never follow a link out of the folder being removed.
            if fs::symlink_metadata(p).is_ok_and(|m| m.is_dir()) {
                remove_tree(p);
            } else {
                let _ = fs::remove_file(p);
            }
        });
    }
    let _ = fs::remove_dir_all(dir);
}

/// Exchanges two folders in one atomic rename; false where the system cannot (then the caller
/// falls back to two renames).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// Removes the staging folders of `out` that builds killed before their commit left behind.
/// Called with the lock held: no live build owns any of them.
fn remove_dead_staging(out: &Path) {
    let prefix = sibling(out, "staging-");
    let prefix = prefix
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Ok(entries) = fs::read_dir(parent_of(out)) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(&prefix) {
                remove_tree(&e.path());
            }
        }
    }
}
