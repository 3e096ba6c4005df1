//! What the file system says of a file that tells whether it changed: its identity (device and
//! inode), length, and modification and change times. The change time moves with every write,
//! rename, change of permissions or of the modification time, and cannot be set back; so a
//! file with the same stamp as before holds the same bytes, unless it was changed within the
//! same tick of the file system's clock as the stamp was taken in (a file changed less than a
//! few seconds before the moment it is known to hold its bytes is therefore not stamped: see
//! [`FileStamp::settled`]).

use std::fs::Metadata;
use std::time::{Duration, SystemTime};

/// A file changed less than this long before its stamp was taken could change again within
/// the same tick of the file system's clock (two seconds on the coarsest) and keep its times.
pub const SETTLED: Duration = Duration::from_secs(3);

/// A file's identity, length and times, as [`FileStamp::of`] reads them from its metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    pub dev: u64,
    pub ino: u64,
    pub len: u64,
    /// Nanoseconds since the epoch.
    pub modified: i128,
    pub changed: i128,
}

impl FileStamp {
    /// The stamp of a regular file; `None` where the platform does not tell a file's identity
    /// and change time (such a file is never known by its stamp).
    pub fn of(meta: &Metadata) -> Option<FileStamp> {
        if !meta.is_file() {
            return None;
        }
        let (dev, ino) = identity(meta)?;
        Some(FileStamp {
            dev,
            ino,
            len: meta.len(),
            modified: nanos(meta.modified().ok()?)?,
            changed: changed_time(meta)?,
        })
    }

    /// [`FileStamp::of`], for a file known to hold what it held at `since` (read or written
    /// by a build that began then): `None` when the file was modified or changed less than
    /// `settled` before `since`, or after it (changed since; or a clock set back), since a change
    /// within the same tick of the clock could leave the same stamp.
    pub fn settled(meta: &Metadata, since: SystemTime, settled: Duration) -> Option<FileStamp> {
        let stamp = FileStamp::of(meta)?;
        let before = nanos(since.checked_sub(settled)?)?;
        (stamp.modified < before && stamp.changed < before).then_some(stamp)
    }

    /// The stamp as one word: `dev.ino.len.modified.changed`.
    pub fn to_word(&self) -> String {
        format!(
            "{:x}.{:x}.{}.{}.{}",
            self.dev, self.ino, self.len, self.modified, self.changed
        )
    }

    /// A stamp written by [`FileStamp::to_word`]; `None` for anything else.
    pub fn from_word(word: &str) -> Option<FileStamp> {
        let mut parts = word.split('.');
        let stamp = FileStamp {
            dev: u64::from_str_radix(parts.next()?, 16).ok()?,
            ino: u64::from_str_radix(parts.next()?, 16).ok()?,
            len: parts.next()?.parse().ok()?,
            modified: parts.next()?.parse().ok()?,
            changed: parts.next()?.parse().ok()?,
        };
        parts.next().is_none().then_some(stamp)
    }
}

/// Nanoseconds since the epoch (negative before it).
pub fn nanos(t: SystemTime) -> Option<i128> {
    match t.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => Some(i128::try_from(d.as_nanos()).ok()?),
        Err(e) => Some(-i128::try_from(e.duration().as_nanos()).ok()?),
    }
}

/// The inode's change time, in nanoseconds since the epoch.
#[cfg(unix)]
pub fn changed_time(meta: &Metadata) -> Option<i128> {
    use std::os::unix::fs::MetadataExt;
    Some(i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()))
}

#[cfg(not(unix))]
pub fn changed_time(_: &Metadata) -> Option<i128> {
    None
}

#[cfg(unix)]
fn identity(meta: &Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn identity(_: &Metadata) -> Option<(u64, u64)> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_reads_back_and_changes_with_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.html");
        std::fs::write(&path, "<p>one</p>").expect("write");
        let meta = std::fs::metadata(&path).expect("meta");
        let stamp = FileStamp::of(&meta).expect("a stamp on unix");
        assert_eq!(FileStamp::from_word(&stamp.to_word()), Some(stamp));
        assert_eq!(FileStamp::from_word("1.2.3.4"), None);
        assert_eq!(FileStamp::from_word("1.2.3.4.5.6"), None);
        assert_eq!(FileStamp::from_word("x.2.3.4.5"), None);
        // Just written: not settled now, settled for a stamp taken a minute later.
        let now = SystemTime::now();
        assert_eq!(FileStamp::settled(&meta, now, SETTLED), None);
        let later = now + Duration::from_secs(60);
        assert_eq!(FileStamp::settled(&meta, later, SETTLED), Some(stamp));
        // The same length written in place, its modification time set back: the change time
        // still tells.
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(&path, "<p>two</p>").expect("write");
        let f = std::fs::File::options()
            .write(true)
            .open(&path)
            .expect("open");
        f.set_modified(meta.modified().expect("mtime"))
            .expect("set mtime");
        let after = FileStamp::of(&std::fs::metadata(&path).expect("meta")).expect("stamp");
        assert_eq!(after.modified, stamp.modified);
        assert_eq!(after.len, stamp.len);
        assert_ne!(after, stamp);
        // A folder has no stamp.
        assert_eq!(
            FileStamp::of(&std::fs::metadata(dir.path()).expect("meta")),
            None
        );
    }
}
