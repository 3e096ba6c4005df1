//! Diagnostics: every problem found in a project, with where it is and what to do about it.
//!
//! Library code collects diagnostics and returns them; only `main.rs` prints them.

use crate::source::{Position, SourceFile};
use serde::Serialize;
use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One problem. `code` is a stable kebab-case name listed in the README.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
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
    pub snippet: Option<String>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
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

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
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
        let lines = file.text.split('\n').count();
        let pos = if pos.line > lines {
            let last = file.line_text(lines).map_or(0, |l| l.chars().count());
            Position {
                line: lines,
                column: last + 1,
            }
        } else {
            let len = file.line_text(pos.line).map_or(0, |l| l.chars().count());
            Position {
                line: pos.line.max(1),
                column: pos.column.clamp(1, len + 1),
            }
        };
        self.file = Some(file.path.clone());
        self.line = Some(pos.line);
        self.column = Some(pos.column);
        self.width = width.max(1);
        self.snippet = file.line_text(pos.line).map(str::to_string);
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

/// Characters a terminal would act on rather than show: C0 and C1 controls, and the marks
/// that change the direction of the text after them.
fn is_unsafe_to_print(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every character [`is_unsafe_to_print`] written as its escape (`\n`, `\u{1b}`).
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
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

/// The closest of `candidates` to `word`, for "did you mean" hints.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = edit_distance(word, c);
        let limit = (word.chars().count().max(c.chars().count()) / 3).max(1);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Optimal string alignment: insertions, deletions, substitutions and transpositions.
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(w) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j - 1] + cost)
                .min(d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_format_points_at_the_fault() {
        let f = SourceFile::new("content/a.md", "one\nsee @fig-x here\n");
        let d = Diagnostic::error("unknown-reference", "unknown reference `@fig-x`")
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
        let d = Diagnostic::error("unknown-reference", "x").at(&f, "中国制造 ".len(), 6);
        let text = d.render_human();
        assert!(text.contains("1 | 中国制造 @fig-x\n"), "{text}");
        assert!(
            text.contains(&format!("  | {}^^^^^^\n", " ".repeat(9))),
            "{text}"
        );
        let d = Diagnostic::error("unknown-reference", "x").at(&f, "中国制造 @fig-x\n\t".len(), 6);
        let text = d.render_human();
        assert!(text.contains("2 |     @box-y\n"), "{text}");
        assert!(text.contains("  |     ^^^^^^\n"), "{text}");
        // A caret under a wide character is as wide as it.
        let d = Diagnostic::error("x-y", "x").at(&f, 0, "中".len());
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
        let d = Diagnostic::error("unknown-reference", "unknown `a\rb`")
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
        let d = Diagnostic::error("missing-key", "x").at_position(
            &f,
            Position { line: 2, column: 1 },
            1,
        );
        assert_eq!((d.line, d.column), (Some(1), Some(2)));
        assert_eq!(d.snippet.as_deref(), Some("é"));
        let d = Diagnostic::error("x-y", "x").at_position(
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
    }
}
