//! Diagnostics: every problem found in a project, with where it is and what to do about it.
//!
//! Library code collects diagnostics and returns them; only `main.rs` prints them.

use crate::core::code::Code;
use crate::core::source::{Position, SourceFile};
use serde::Serialize;
use std::fmt::Write as _;
use std::ops::{Deref, Range};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One problem. `code` is a stable kebab-case name listed in the code tables of the guide (`docs/`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    /// Path relative to the project root, with `/` separators.
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// How many characters the caret underlines (at least one).
    #[serde(skip)]
    pub width: usize,
    /// The offending source line, for the human format.
    #[serde(skip)]
    pub snippet: Option<Snippet>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            file: None,
            line: None,
            column: None,
            width: 1,
            snippet: None,
            help: None,
        }
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Names a file without a position in it.
    pub fn in_file(mut self, path: &str) -> Self {
        self.file = Some(path.to_string());
        self
    }

    /// Points at a byte range of a source file.
    pub fn at(self, file: &SourceFile, offset: usize, len: usize) -> Self {
        let pos = file.position(offset);
        let end = file.position(offset + len);
        let width = if end.line == pos.line {
            end.column.saturating_sub(pos.column).max(1)
        } else {
            1
        };
        self.at_position(file, pos, width)
    }

    /// Points at a line and column of a source file.
    pub fn at_position(mut self, file: &SourceFile, pos: Position, width: usize) -> Self {
        // Parsers may point just past the end (the line after a last newline): keep the
        // position on a line that exists.
        let lines = file.line_count();
        let pos = if pos.line > lines {
            let last = file.line_chars(lines).unwrap_or(0);
            Position {
                line: lines,
                column: last + 1,
            }
        } else {
            let len = file.line_chars(pos.line).unwrap_or(0);
            Position {
                line: pos.line.max(1),
                column: pos.column.clamp(1, len + 1),
            }
        };
        self.file = Some(file.path.clone());
        self.line = Some(pos.line);
        self.column = Some(pos.column);
        self.width = width.max(1);
        self.snippet = file.line_range(pos.line).map(|range| Snippet {
            text: file.text.clone(),
            range,
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, or as much of it as is known.
    pub fn location(&self) -> Option<String> {
        let file = self.file.as_deref()?;
        Some(match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
            (Some(l), None) => format!("{file}:{l}"),
            _ => file.to_string(),
        })
    }

    /// The rustc-style text of this diagnostic: header, location, source line with a caret
    /// under the fault, and the help line. Every field is shown with its control and
    /// direction-changing characters escaped (a file name with a newline cannot forge a line
    /// of its own), and the caret stands under the fault by display width (wide CJK
    /// characters take two columns, combining marks none, a tab four).
    pub fn render_human(&self) -> String {
        let mut out = String::new();
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(out, "{label}[{}]: {}", self.code, printable(&self.message));
        let gutter = self.line.map_or(1, |l| l.to_string().len());
        let pad = " ".repeat(gutter);
        if let Some(loc) = self.location() {
            let _ = writeln!(out, "{pad}--> {}", printable(&loc));
        }
        if let (Some(line), Some(col), Some(snippet)) = (self.line, self.column, &self.snippet) {
            let (shown, columns) = displayed(snippet);
            let at = |char_index: usize| columns[char_index.min(columns.len() - 1)];
            let start = at(col.saturating_sub(1));
            let end = at(col.saturating_sub(1) + self.width);
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{line} | {shown}");
            let _ = writeln!(
                out,
                "{pad} | {}{}",
                " ".repeat(start),
                "^".repeat(end.saturating_sub(start).max(1))
            );
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "{pad} = help: {}", printable(help));
        }
        out
    }
}

/// A line of source shown under a diagnostic: a range of its file's text, shared with the
/// file rather than copied, so that a long line with many faults is held once.
#[derive(Clone)]
pub struct Snippet {
    text: Arc<String>,
    range: Range<usize>,
}

impl Deref for Snippet {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text[self.range.clone()]
    }
}

impl From<String> for Snippet {
    fn from(line: String) -> Self {
        Snippet {
            range: 0..line.len(),
            text: Arc::new(line),
        }
    }
}

impl PartialEq for Snippet {
    fn eq(&self, other: &Self) -> bool {
        (Arc::ptr_eq(&self.text, &other.text) && self.range == other.range) || **self == **other
    }
}

impl Eq for Snippet {}

impl std::fmt::Debug for Snippet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

/// Characters a terminal would act on rather than show: C0 and C1 controls, and the marks
/// that change the direction of the text after them.
fn is_unsafe_to_print(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every character [`is_unsafe_to_print`] written as its escape (`\n`, `\u{1b}`).
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unsafe_to_print) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe_to_print(c) {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// A source line as shown under a diagnostic (tabs as four spaces, unsafe characters
/// escaped), and the display column at which each of its characters starts, with one more
/// entry for the end of the line.
fn displayed(line: &str) -> (String, Vec<usize>) {
    use unicode_width::UnicodeWidthChar;
    let mut shown = String::with_capacity(line.len());
    let mut columns = Vec::with_capacity(line.len() + 1);
    let mut width = 0;
    for c in line.chars() {
        columns.push(width);
        if c == '\t' {
            shown.push_str("    ");
            width += 4;
        } else if is_unsafe_to_print(c) {
            let escaped: String = c.escape_debug().collect();
            width += escaped.len();
            shown.push_str(&escaped);
        } else {
            shown.push(c);
            width += c.width().unwrap_or(0);
        }
    }
    columns.push(width);
    (shown, columns)
}

/// The diagnostics of one run, in a stable order (by file, line, column).
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Takes every diagnostic out, each made an error (`--strict`: warnings count as errors).
    pub fn take_as_errors(&mut self) -> Vec<Diagnostic> {
        let mut items = std::mem::take(&mut self.items);
        for d in &mut items {
            d.severity = Severity::Error;
        }
        items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Sorted by file, line and column, then errors before warnings; duplicates removed.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, b.severity, a.code, &a.message)
                .cmp(&(&b.file, b.line, b.column, a.severity, b.code, &b.message))
        });
        self.items.dedup();
        self.items
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Words longer than this get no "did you mean" (no id, key or name is nearly so long), so
/// that a huge unknown word costs no more than reading it.
pub const MAX_SUGGESTED_LEN: usize = 100;

/// At most this many candidates are weighed for one "did you mean" (the first ones: every
/// list almanac passes is in file order), so that each unknown word costs at most a constant,
/// however many ids a project defines: far more than any real list of ids, keys or names.
pub const MAX_SUGGESTION_CANDIDATES: usize = 1000;

/// The closest of `candidates` to `word`, for "did you mean" hints: the nearest by optimal
/// string alignment distance (insertions, deletions, substitutions, transpositions) within a
/// third of the longer word's length. None for a word longer than [`MAX_SUGGESTED_LEN`]
/// characters; candidates longer than that, or past the first
/// [`MAX_SUGGESTION_CANDIDATES`], are not weighed.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let chars = |s: &str| s.chars().take(MAX_SUGGESTED_LEN + 1).count();
    let word_len = chars(word);
    if word_len > MAX_SUGGESTED_LEN {
        return None;
    }
    let mut best: Option<(usize, &str)> = None;
    for c in candidates.into_iter().take(MAX_SUGGESTION_CANDIDATES) {
        let c_len = chars(c);
        let limit = (word_len.max(c_len) / 3).max(1);
        // The distance is at least the difference in length.
        if c_len > MAX_SUGGESTED_LEN
            || word_len.abs_diff(c_len) > limit
            || ascii_bag_distance(word, c).is_some_and(|d| d > limit)
        {
            continue;
        }
        let d = strsim::osa_distance(word, c);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// For two ASCII words, how many characters one has that the other lacks (the larger of the
/// two counts, by multiset): a cheap lower bound of the edit distance, as each insertion,
/// deletion or substitution changes it by at most one and a transposition not at all.
fn ascii_bag_distance(a: &str, b: &str) -> Option<usize> {
    if !a.is_ascii() || !b.is_ascii() {
        return None;
    }
    let mut counts = [0i32; 128];
    for &x in a.as_bytes() {
        counts[usize::from(x)] += 1;
    }
    for &x in b.as_bytes() {
        counts[usize::from(x)] -= 1;
    }
    // Each count is taken once, by the first of its characters.
    let (mut more, mut fewer) = (0, 0);
    for &x in a.as_bytes().iter().chain(b.as_bytes()) {
        let c = std::mem::take(&mut counts[usize::from(x)]);
        if c > 0 {
            more += c.unsigned_abs() as usize;
        } else {
            fewer += c.unsigned_abs() as usize;
        }
    }
    Some(more.max(fewer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_format_points_at_the_fault() {
        let f = SourceFile::new("content/a.md", "one\nsee @fig-x here\n");
        let d = Diagnostic::error(
            crate::core::code::Code::UnknownReference,
            "unknown reference `@fig-x`",
        )
        .at(&f, 8, 6)
        .with_help("define it");
        let text = d.render_human();
        assert!(text.contains("error[unknown-reference]: unknown reference `@fig-x`"));
        assert!(text.contains("--> content/a.md:2:5"));
        assert!(text.contains("2 | see @fig-x here"));
        assert!(text.contains("  |     ^^^^^^\n"), "{text}");
        assert!(text.contains("= help: define it"));
    }

    #[test]
    fn carets_stand_under_wide_text_by_display_width() {
        // Each of these CJK characters takes two columns; the tab four.
        let f = SourceFile::new("content/a.md", "中国制造 @fig-x\n\t@box-y\n");
        let d = Diagnostic::error(crate::core::code::Code::UnknownReference, "x").at(
            &f,
            "中国制造 ".len(),
            6,
        );
        let text = d.render_human();
        assert!(text.contains("1 | 中国制造 @fig-x\n"), "{text}");
        assert!(
            text.contains(&format!("  | {}^^^^^^\n", " ".repeat(9))),
            "{text}"
        );
        let d = Diagnostic::error(crate::core::code::Code::UnknownReference, "x").at(
            &f,
            "中国制造 @fig-x\n\t".len(),
            6,
        );
        let text = d.render_human();
        assert!(text.contains("2 |     @box-y\n"), "{text}");
        assert!(text.contains("  |     ^^^^^^\n"), "{text}");
        // A caret under a wide character is as wide as it.
        let d = Diagnostic::error(crate::core::code::Code::UnknownKey, "x").at(&f, 0, "中".len());
        assert!(
            d.render_human().contains("  | ^^\n"),
            "{}",
            d.render_human()
        );
    }

    #[test]
    fn names_and_lines_cannot_forge_output() {
        let f = SourceFile::new(
            "content/a\nerror[fake]: forged.md",
            "text \u{1b}[31mred\u{202e} @fig-x\n",
        );
        let d = Diagnostic::error(crate::core::code::Code::UnknownReference, "unknown `a\rb`")
            .at(&f, "text \u{1b}[31mred\u{202e} ".len(), 6)
            .with_help("see\u{7}");
        let text = d.render_human();
        // One line per part, and no raw control or direction character anywhere.
        assert_eq!(text.lines().count(), 6, "{text}");
        assert!(
            !text.lines().any(|l| l.starts_with("error[fake]")),
            "{text}"
        );
        assert!(
            !text.chars().any(|c| c != '\n' && is_unsafe_to_print(c)),
            "{text}"
        );
        assert!(
            text.contains(r"--> content/a\nerror[fake]: forged.md:1:"),
            "{text}"
        );
        assert!(text.contains(r"unknown `a\rb`"), "{text}");
        // The caret still stands under `@fig-x`, past the escapes.
        let shown = text
            .lines()
            .find(|l| l.starts_with("1 | "))
            .expect("source line");
        let caret = text.lines().find(|l| l.contains('^')).expect("caret line");
        let at = shown.find("@fig-x").expect("shown");
        assert_eq!(caret.find('^'), Some(at), "{text}");
    }

    #[test]
    fn positions_past_the_end_stay_on_a_real_line() {
        // Found by the property test: serde_yaml points a missing key at the line after a
        // one-line file's end.
        let f = SourceFile::new("d.yaml", "é");
        let d = Diagnostic::error(crate::core::code::Code::MissingKey, "x").at_position(
            &f,
            Position { line: 2, column: 1 },
            1,
        );
        assert_eq!((d.line, d.column), (Some(1), Some(2)));
        assert_eq!(d.snippet.as_deref(), Some("é"));
        let d = Diagnostic::error(crate::core::code::Code::UnknownKey, "x").at_position(
            &f,
            Position {
                line: 1,
                column: 40,
            },
            1,
        );
        assert_eq!(d.column, Some(2));
    }

    #[test]
    fn suggestions_pick_the_nearest_close_word() {
        assert_eq!(did_you_mean("titel", ["title", "date"]), Some("title"));
        assert_eq!(did_you_mean("zzz", ["title", "date"]), None);
        // Transpositions count once; ties go to the first candidate.
        assert_eq!(did_you_mean("bxo", ["box", "bax"]), Some("box"));
    }

    #[test]
    fn words_too_long_for_an_id_get_no_suggestion() {
        let long = "a".repeat(MAX_SUGGESTED_LEN + 1);
        assert_eq!(did_you_mean(&long, [long.as_str()]), None);
        let near = "a".repeat(MAX_SUGGESTED_LEN - 1);
        let at_cap = "a".repeat(MAX_SUGGESTED_LEN);
        assert_eq!(
            did_you_mean(&near, [long.as_str(), &at_cap]),
            Some(at_cap.as_str())
        );
        // A huge word is refused without being compared: this would take minutes otherwise.
        let huge = format!("box-{}", "x".repeat(4 << 20));
        assert_eq!(did_you_mean(&huge, ["box-a", &huge]), None);
    }

    #[test]
    fn the_bag_distance_never_exceeds_the_edit_distance() {
        let words = [
            "", "a", "ab", "ba", "abc", "box-a", "bxo-a", "fig-new", "gif-wen", "aaab",
        ];
        for a in words {
            for b in words {
                let bag = ascii_bag_distance(a, b).expect("ascii");
                assert!(bag <= strsim::osa_distance(a, b), "{a:?} {b:?}");
            }
        }
        assert_eq!(ascii_bag_distance("é", "e"), None);
    }

    #[test]
    fn only_the_first_candidates_are_weighed() {
        let ids: Vec<String> = (0..MAX_SUGGESTION_CANDIDATES + 1)
            .map(|i| format!("indicator-{i:05}"))
            .collect();
        let first = &ids[0];
        let last = &ids[MAX_SUGGESTION_CANDIDATES];
        assert_eq!(
            did_you_mean("indicator-00000x", ids.iter().map(String::as_str)),
            Some(first.as_str())
        );
        assert_eq!(
            did_you_mean(
                &format!("{last}x"),
                ids[MAX_SUGGESTION_CANDIDATES..].iter().map(String::as_str)
            ),
            Some(last.as_str())
        );
        // Past the first thousand, the nearest is not weighed: a nearer-but-later one loses to
        // an earlier one within reach.
        assert_ne!(
            did_you_mean(&format!("{last}x"), ids.iter().map(String::as_str)),
            Some(last.as_str())
        );
    }
}
