//! [`SitePath`]: the place of a file inside the output folder. Every file the build writes is
//! named by one, and the write stage joins nothing else onto the output folder, so no id,
//! title or path from a project can name a file outside the site.

use std::fmt;
use std::path::{Path, PathBuf};

/// The longest name of one folder or file (most file systems stop at 255 bytes).
const MAX_SEGMENT_BYTES: usize = 255;

/// A relative, `/`-separated path of plain names: no empty part, no `.` or `..`, no part
/// starting with `.` (nothing hidden, nothing like `.htaccess`), no `\`, `:`, NUL or other
/// control character. Joined onto a folder it always names something inside that folder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SitePath(String);

impl SitePath {
    /// Checks `path`; the error says what is wrong with it, for a diagnostic.
    pub fn parse(path: &str) -> Result<SitePath, String> {
        if path.is_empty() {
            return Err("the path is empty".into());
        }
        for segment in path.split('/') {
            segment_problem(segment).map_or(Ok(()), Err)?;
        }
        Ok(SitePath(path.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The file under `base`: each part pushed on its own, never parsed as a path.
    pub fn under(&self, base: &Path) -> PathBuf {
        let mut full = base.to_path_buf();
        for segment in self.0.split('/') {
            full.push(segment);
        }
        full
    }
}

impl fmt::Display for SitePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn segment_problem(segment: &str) -> Option<String> {
    if segment.is_empty() {
        return Some("it has an empty part (`//`, or a `/` at an end)".into());
    }
    if segment == "." || segment == ".." {
        return Some(format!("it has a `{segment}` part"));
    }
    if segment.starts_with('.') {
        return Some(format!("the part `{segment}` starts with `.`"));
    }
    if segment.len() > MAX_SEGMENT_BYTES {
        return Some(format!(
            "a part is {} bytes long, over the {MAX_SEGMENT_BYTES} a file name may have",
            segment.len()
        ));
    }
    if let Some(c) = segment
        .chars()
        .find(|&c| c == '\\' || c == ':' || c.is_control())
    {
        return Some(format!("it holds the character {c:?}"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Component;

    #[test]
    fn plain_relative_paths_are_accepted_and_join_part_by_part() {
        let p = SitePath::parse("china/2022/data/box-trade.csv").unwrap();
        assert_eq!(p.as_str(), "china/2022/data/box-trade.csv");
        assert_eq!(
            p.under(Path::new("site")),
            Path::new("site/china/2022/data/box-trade.csv")
        );
    }

    #[test]
    fn anything_that_could_climb_or_hide_is_refused() {
        for bad in [
            "",
            "/etc/passwd",
            "a//b",
            "a/",
            "../x",
            "a/../../x",
            "./a",
            "a/.git/config",
            ".htaccess",
            "a\\..\\b",
            "c:/x",
            "a/b\0c",
            "a\nb",
        ] {
            assert!(SitePath::parse(bad).is_err(), "{bad:?} was accepted");
        }
        let long = "x".repeat(256);
        assert!(SitePath::parse(&long).is_err());
        assert!(SitePath::parse(&"x".repeat(255)).is_ok());
    }

    #[test]
    fn an_accepted_path_has_only_plain_parts() {
        let p = SitePath::parse("a b/ünï/ç.svg").unwrap();
        assert!(
            p.under(Path::new("out"))
                .strip_prefix("out")
                .unwrap()
                .components()
                .all(|c| matches!(c, Component::Normal(_)))
        );
    }
}
