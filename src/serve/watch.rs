//! Watching the project's sources: `content/` and `templates/`, recursively, through the
//! platform's file events (notify). Editors write a file in several steps (a temporary file,
//! a rename, a change of mode), so events are gathered until the sources have been quiet for
//! a short while, and then handed over as one batch of changed paths.

use notify::event::EventKind;
use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::mpsc::{RecvTimeoutError, Sender, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The folders of a project whose changes call for a rebuild.
pub const SOURCE_DIRS: [&str; 2] = ["content", "templates"];

/// However busy the sources, a batch is handed over at the latest this long after its first
/// event.
const LONGEST_BATCH: Duration = Duration::from_millis(500);

enum Message {
    Event(notify::Result<notify::Event>),
    Stop,
}

/// A running watch; [`WatchHandle::stop`] ends it.
pub struct WatchHandle {
    tx: Sender<Message>,
    thread: Option<JoinHandle<()>>,
}

impl WatchHandle {
    /// Stops watching and waits for a batch being handled to finish.
    pub fn stop(&mut self) {
        let _ = self.tx.send(Message::Stop);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for WatchHandle {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Starts watching the sources of the project at `root`. `on_change` runs on the watch's own
/// thread with the changed paths (relative to `root`, `/`-separated, sorted) once the sources
/// have been quiet for `quiet`. Events that arrive while it runs make the next batch.
pub fn watch(
    root: &Path,
    quiet: Duration,
    mut on_change: impl FnMut(Vec<String>) + Send + 'static,
) -> notify::Result<WatchHandle> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let (tx, rx) = channel();
    let events = tx.clone();
    let mut watcher: RecommendedWatcher =
        notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            let _ = events.send(Message::Event(res));
        })?;
    // The root itself, not recursively: to notice content/ or templates/ appearing.
    watcher.watch(&root, RecursiveMode::NonRecursive)?;
    let mut sources = Sources::default();
    sources.refresh(&mut watcher, &root, &BTreeSet::new());

    let thread = std::thread::Builder::new()
        .name("almanac-watch".into())
        .spawn(move || {
            loop {
                let mut changed = BTreeSet::new();
                // Wait for the first relevant event.
                loop {
                    match rx.recv() {
                        Ok(Message::Event(ev)) => collect(&root, ev, &mut changed),
                        Ok(Message::Stop) | Err(_) => return,
                    }
                    if !changed.is_empty() {
                        break;
                    }
                }
                // Then until the sources are quiet.
                let first = Instant::now();
                while first.elapsed() < LONGEST_BATCH {
                    match rx.recv_timeout(quiet) {
                        Ok(Message::Event(ev)) => collect(&root, ev, &mut changed),
                        Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                        Err(RecvTimeoutError::Timeout) => break,
                    }
                }
                sources.refresh(&mut watcher, &root, &changed);
                on_change(changed.into_iter().collect());
            }
        })
        .map_err(notify::Error::io)?;
    Ok(WatchHandle {
        tx,
        thread: Some(thread),
    })
}

/// Which source folders are being watched recursively.
#[derive(Default)]
struct Sources {
    watched: [bool; SOURCE_DIRS.len()],
}

impl Sources {
    /// Watches each source folder that exists and is not watched yet, or that was itself
    /// created, removed or moved in this batch (its old watch is gone).
    fn refresh(
        &mut self,
        watcher: &mut RecommendedWatcher,
        root: &Path,
        changed: &BTreeSet<String>,
    ) {
        for (i, dir) in SOURCE_DIRS.iter().enumerate() {
            let path = root.join(dir);
            if self.watched[i] && changed.contains(*dir) {
                let _ = watcher.unwatch(&path);
                self.watched[i] = false;
            }
            if !self.watched[i] && path.is_dir() {
                self.watched[i] = watcher.watch(&path, RecursiveMode::Recursive).is_ok();
            }
        }
    }
}

/// Adds the relevant paths of an event to `changed`.
fn collect(root: &Path, event: notify::Result<notify::Event>, changed: &mut BTreeSet<String>) {
    let Ok(event) = event else {
        // The watch lost events (an overflowing queue): rebuild to be safe.
        changed.insert("content".into());
        return;
    };
    if matches!(event.kind, EventKind::Access(_)) {
        return;
    }
    for path in &event.paths {
        if let Some(rel) = relevant(root, path) {
            changed.insert(rel);
        }
    }
}

/// The path relative to the root when it is a source a build reads: inside `content/` or
/// `templates/` (or one of them), and not an editor's swap, backup or temporary file.
fn relevant(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let top = parts.next()?;
    if !SOURCE_DIRS.contains(&top.as_ref()) {
        return None;
    }
    let name = rel.file_name()?.to_string_lossy();
    let scratch = name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
        // sed -i's sedXXXXXX, JetBrains' safe-write copies.
        || (name.len() == 9
            && name.starts_with("sed")
            && name.bytes().all(|b| b.is_ascii_alphanumeric())
            && !path.is_dir())
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___");
    if scratch {
        return None;
    }
    Some(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_count_and_editor_scratch_files_do_not() {
        let root = Path::new("/p");
        let rel = |p: &str| relevant(root, Path::new(p));
        assert_eq!(
            rel("/p/content/a/2023/01-x.md").as_deref(),
            Some("content/a/2023/01-x.md")
        );
        assert_eq!(
            rel("/p/templates/base.html").as_deref(),
            Some("templates/base.html")
        );
        assert_eq!(rel("/p/content").as_deref(), Some("content"));
        for ignored in [
            "/p/site/index.html",
            "/p/target/debug/x",
            "/p/content/a/.01-x.md.swp",
            "/p/content/a/01-x.md~",
            "/p/content/a/4913",
            "/p/content/a/#01-x.md#",
            "/p/content/a/2023/sedX4kP2q",
            "/p/content/a/01-x.md___jb_tmp___",
            "/elsewhere/content/x.md",
        ] {
            assert_eq!(rel(ignored), None, "{ignored}");
        }
    }
}
