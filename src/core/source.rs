//! A file of the project as read from disk, and positions inside it.

use std::any::Any;
use std::fmt;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// One text file of the project: its path relative to the project root (always with `/`
/// separators, so diagnostics and output never carry an absolute path) and its contents.
///
/// Positions are found through an index of the text built on first use, so each costs a
/// binary search and a short count however many diagnostics a large file has. `text` is not
/// to be replaced after [`SourceFile::new`]: the index is of the text the file was made with.
#[derive(Clone)]
pub struct SourceFile {
    pub path: String,
    /// Shared by every clone of the file; held as read (an `Arc<str>` would copy it).
    pub text: Arc<String>,
    index: Arc<OnceLock<LineIndex>>,
    /// What a reader of the file derives from its text once and keeps with it (the YAML
    /// node index of `load::yaml::locate_in`); opaque here, so this core type knows no stage.
    derived: Arc<OnceLock<Box<dyn Any + Send + Sync>>>,
}

impl fmt::Debug for SourceFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SourceFile")
            .field("path", &self.path)
            .field("text", &self.text)
            .finish()
    }
}

/// A position in a source file: 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Where each line starts, and how many characters come before every [`BLOCK`]-th byte.
struct LineIndex {
    line_starts: Vec<usize>,
    chars_before_block: Vec<usize>,
}

/// Bytes between checkpoints of the character count: a column is counted from the nearest.
const BLOCK: usize = 64;

impl LineIndex {
    fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        line_starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let mut chars_before_block = Vec::with_capacity(bytes.len() / BLOCK + 2);
        let mut chars = 0;
        for block in bytes.chunks(BLOCK) {
            chars_before_block.push(chars);
            chars += count_chars(block);
        }
        chars_before_block.push(chars);
        LineIndex {
            line_starts,
            chars_before_block,
        }
    }

    /// How many characters `text[..offset]` holds (`offset` on a char boundary).
    fn chars_before(&self, bytes: &[u8], offset: usize) -> usize {
        let block = offset / BLOCK;
        self.chars_before_block[block] + count_chars(&bytes[block * BLOCK..offset])
    }
}

/// The characters of UTF-8 bytes: the bytes that do not continue a character.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count()
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile {
            path: path.into(),
            text: Arc::new(text.into()),
            index: Arc::default(),
            derived: Arc::default(),
        }
    }

    /// The slot for what a reader derives from the text (built on first use, then shared by
    /// every clone of the file).
    pub(crate) fn derived(&self) -> &OnceLock<Box<dyn Any + Send + Sync>> {
        &self.derived
    }

    fn index(&self) -> &LineIndex {
        self.index.get_or_init(|| LineIndex::new(&self.text))
    }

    /// The line and column of a byte offset (clamped to the text, and to a char boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let index = self.index();
        // The last line starting at or before the offset (the first always starts at 0).
        let line = index.line_starts.partition_point(|&s| s <= offset);
        let line_start = index.line_starts[line - 1];
        let bytes = self.text.as_bytes();
        Position {
            line,
            column: index.chars_before(bytes, offset) - index.chars_before(bytes, line_start) + 1,
        }
    }

    /// How many lines the text has (the text after its last newline is a line, if empty).
    pub fn line_count(&self) -> usize {
        self.index().line_starts.len()
    }

    /// The byte range of a 1-based line, without its line ending.
    pub fn line_range(&self, line: usize) -> Option<Range<usize>> {
        let starts = &self.index().line_starts;
        let start = *starts.get(line.checked_sub(1)?)?;
        let end = starts.get(line).map_or(self.text.len(), |next| next - 1);
        let end = if self.text[start..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        Some(start..end)
    }

    /// How many characters a 1-based line has, without its line ending.
    pub fn line_chars(&self, line: usize) -> Option<usize> {
        let range = self.line_range(line)?;
        let index = self.index();
        let bytes = self.text.as_bytes();
        Some(index.chars_before(bytes, range.end) - index.chars_before(bytes, range.start))
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> Option<&str> {
        self.line_range(line).map(|r| &self.text[r])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let f = SourceFile::new("a.md", "ab\nçd @x\n");
        assert_eq!(f.position(0), Position { line: 1, column: 1 });
        assert_eq!(f.position(3), Position { line: 2, column: 1 });
        // "ç" is two bytes: the '@' at byte 7 is the 4th character of line 2.
        assert_eq!(f.position(7), Position { line: 2, column: 4 });
        // Inside a multi-byte character: clamped back to its start.
        assert_eq!(f.position(4), Position { line: 2, column: 1 });
        assert_eq!(f.line_text(2), Some("çd @x"));
        assert_eq!(f.line_text(9), None);
    }

    /// The index gives what a scan from the start of the text gives, at every offset,
    /// across checkpoints of the character count, multi-byte characters and CRLF endings.
    #[test]
    fn the_index_agrees_with_a_scan_from_the_start() {
        let line = "é中a\r\n".repeat(9) + "x\n\n" + &"ü".repeat(100) + "\r\nlast";
        let f = SourceFile::new("a.md", line.as_str());
        for offset in 0..=line.len() + 2 {
            let mut o = offset.min(line.len());
            while !line.is_char_boundary(o) {
                o -= 1;
            }
            let before = &line[..o];
            let start = before.rfind('\n').map_or(0, |i| i + 1);
            let want = Position {
                line: before.matches('\n').count() + 1,
                column: before[start..].chars().count() + 1,
            };
            assert_eq!(f.position(offset), want, "offset {offset}");
        }
        let lines: Vec<&str> = line
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .collect();
        assert_eq!(f.line_count(), lines.len());
        for (n, l) in lines.iter().enumerate() {
            assert_eq!(f.line_text(n + 1), Some(*l));
            assert_eq!(f.line_chars(n + 1), Some(l.chars().count()));
        }
        assert_eq!(f.line_text(0), None);
        assert_eq!(f.line_text(lines.len() + 1), None);
        assert_eq!(SourceFile::new("e", "").line_text(1), Some(""));
    }
}
