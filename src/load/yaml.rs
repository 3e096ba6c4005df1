//! YAML into typed values, with every error turned into a located diagnostic.
//!
//! serde_yaml reports where a syntax or type error is. For errors found later (a row key that
//! no column defines, say), [`locate`] finds the line and column of any node by its path.

use crate::core::code::Code;
use crate::core::diagnostic::{Diagnostic, did_you_mean};
use crate::core::source::{Position, SourceFile};
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use std::fmt;

/// Parses a whole file; its first error.
pub fn parse<T: DeserializeOwned>(file: &SourceFile) -> Result<T, Diagnostic> {
    parse_all(file, &file.text).map_err(|mut all| all.swap_remove(0))
}

/// Parses `text`, whose lines and columns are those of `file` (front matter is passed with
/// the lines before it blanked, so positions still match the file). On error, every
/// misspelt key of the file, not only the first (at least one diagnostic).
pub fn parse_all<T: DeserializeOwned>(file: &SourceFile, text: &str) -> Result<T, Vec<Diagnostic>> {
    if text.trim().is_empty() {
        return Err(vec![
            Diagnostic::error(Code::EmptyFile, "this YAML is empty")
                .in_file(&file.path)
                .with_help("write the keys this file needs; the guide (docs/) lists them"),
        ]);
    }
    if let Some(at) = too_deep(text) {
        return Err(vec![
            Diagnostic::error(
                Code::YamlTooDeep,
                format!("this YAML nests lists and maps in brackets over {MAX_FLOW_DEPTH} deep"),
            )
            .at(file, at, 1)
            .with_help("write the data flatter: no table needs brackets nested that deep"),
        ]);
    }
    serde_yaml::from_str(text).map_err(|e| {
        let mut first = yaml_error(file, text, &e);
        if let Some(values) = enum_values::<T>(text, &e.to_string()) {
            first.help = Some(format!("write one of: {values}"));
        }
        let mut all = Vec::new();
        if first.code == Code::UnknownKey {
            all = more_unknown_keys::<T>(file, text, &e.to_string());
        }
        // Every text without the language being read, not the first alone: one run lists
        // all a translator has to write.
        if first.code == Code::MissingTranslation {
            let more = missing_translations(file, text);
            if more.iter().any(|d| d.line == first.line) {
                return more;
            }
        }
        all.insert(0, first);
        all
    })
}

/// Every mapping of the file that is text in several languages without the one being read
/// (`model::text`), each at its place, in the order of the file.
fn missing_translations(file: &SourceFile, text: &str) -> Vec<Diagnostic> {
    fn walk(
        value: &serde_yaml::Value,
        path: &mut Vec<PathSeg>,
        found: &mut Vec<(Vec<PathSeg>, String)>,
    ) {
        match value {
            serde_yaml::Value::Mapping(map) => {
                // The languages it has text in (`fr: ~` is none).
                let keys: Option<Vec<&str>> = map
                    .iter()
                    .filter(|(_, v)| {
                        v.as_str().is_none_or(|t| !t.trim().is_empty()) && !v.is_null()
                    })
                    .map(|(k, _)| k.as_str())
                    .collect();
                if let Some(why) = keys.as_deref().and_then(crate::model::text::missing_here) {
                    found.push((path.clone(), why));
                    return;
                }
                for (k, v) in map {
                    if let Some(k) = k.as_str() {
                        path.push(PathSeg::Key(k.to_string()));
                        walk(v, path, found);
                        path.pop();
                    }
                }
            }
            serde_yaml::Value::Sequence(list) => {
                for (i, v) in list.iter().enumerate() {
                    path.push(PathSeg::Index(i));
                    walk(v, path, found);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let Ok(doc) = serde_yaml::from_str::<serde_yaml::Value>(text) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    walk(&doc, &mut Vec::new(), &mut found);
    let (code, help) = classify("no text in `");
    found
        .into_iter()
        .map(|(path, why)| {
            let segs: Vec<Seg<'_>> = path
                .iter()
                .map(|p| match p {
                    PathSeg::Key(k) => Seg::Key(k),
                    PathSeg::Index(i) => Seg::Index(*i),
                })
                .collect();
            let named: Vec<String> = path
                .iter()
                .map(|p| match p {
                    PathSeg::Key(k) => k.clone(),
                    PathSeg::Index(i) => format!("[{i}]"),
                })
                .collect();
            let mut d = Diagnostic::error(
                code,
                format!("{}: {why}", named.join(".").replace(".[", "[")),
            );
            d.help.clone_from(&help);
            match locate_in(file, &segs, Target::Value) {
                Some(p) => d.at_position(file, p, 1),
                None => d.in_file(&file.path),
            }
        })
        .collect()
}

/// One step of a path to a node, owned.
#[derive(Debug, Clone)]
enum PathSeg {
    Key(String),
    Index(usize),
}

/// The deepest nesting of `[` and `{` a file may have. The YAML scanner's work grows with the
/// square of the depth (20,000 brackets took over a second, 200,000 minutes), and real data
/// never goes past a handful.
const MAX_FLOW_DEPTH: usize = 100;

/// Where the text's brackets first nest past [`MAX_FLOW_DEPTH`], if they do. Brackets inside
/// quotes and comments do not count; any others may (a plain scalar's `[` too), which can
/// only make the count higher than the parser's, never let deep input through.
fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'#' if i == 0 || bytes[i - 1].is_ascii_whitespace() => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < bytes.len() && bytes[i] != q {
                    if q == b'"' && bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The unknown key a serde error names (`unknown field `titel`, expected …`).
fn unknown_key(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    Some(rest.split('`').next()?.to_string())
}

/// The key a "did you mean" help suggests.
fn suggested_key(help: Option<&str>) -> Option<String> {
    let rest = help?.strip_prefix("did you mean `")?;
    Some(rest.split('`').next()?.to_string())
}

/// The misspelt keys after the first: the first is corrected where the parser says it is, in
/// a copy of the document (renamed to the key it most likely meant, so a required key is not
/// then missing, or else taken out), and the copy is parsed again, until another kind of error
/// or none (at most 20 more).
fn more_unknown_keys<T: DeserializeOwned>(
    file: &SourceFile,
    text: &str,
    first: &str,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let Ok(mut doc) = serde_yaml::from_str::<serde_yaml::Value>(text) else {
        return found;
    };
    let mut message = first.to_string();
    while found.len() < 20 {
        let Some(key) = unknown_key(&message) else {
            break;
        };
        let meant = suggested_key(classify(&without_locations(&message)).1.as_deref());
        let Some(place) = place_of(&message) else {
            break;
        };
        if correct_key(&mut doc, &place, &key, meant.as_deref()).is_none() {
            break;
        }
        // Parsed from text again, so that the error names its place as the first did.
        let Ok(again) = serde_yaml::to_string(&doc) else {
            break;
        };
        let Err(e) = serde_yaml::from_str::<T>(&again) else {
            break;
        };
        message = e.to_string();
        let (Some(next), Some(place)) = (unknown_key(&message), place_of(&message)) else {
            break;
        };
        let mut segs: Vec<Seg<'_>> = place
            .iter()
            .map(|p| match p {
                PathPart::Key(k) => Seg::Key(k),
                PathPart::Index(i) => Seg::Index(*i),
            })
            .collect();
        segs.push(Seg::Key(&next));
        let shown = without_locations(&message);
        let (code, help) = classify(&shown);
        let mut d = Diagnostic::error(code, in_words(&shown));
        d.help = help;
        found.push(match locate(text, &segs, Target::Key) {
            Some(pos) => d.at_position(file, pos, next.chars().count()),
            None => d.in_file(&file.path),
        });
    }
    found
}

/// A step of a path through a YAML document.
enum PathPart {
    Key(String),
    Index(usize),
}

/// The mapping an unknown-key error is in, from the path the parser puts before it
/// (`columns[1]: unknown field …`; none for the top level).
fn place_of(message: &str) -> Option<Vec<PathPart>> {
    path_before(message, "unknown field `")
}

/// The path the parser puts before the part of its message that starts with `marker`.
fn path_before(message: &str, marker: &str) -> Option<Vec<PathPart>> {
    let at = message.find(marker)?;
    let prefix = message[..at].trim_end().trim_end_matches(':');
    let mut path = Vec::new();
    if prefix.is_empty() {
        return Some(path);
    }
    for part in prefix.split('.') {
        let (name, mut rest) = part.split_at(part.find('[').unwrap_or(part.len()));
        if !name.is_empty() {
            path.push(PathPart::Key(name.to_string()));
        }
        while let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']')?;
            path.push(PathPart::Index(r[..end].parse().ok()?));
            rest = &r[end + 1..];
        }
    }
    Some(path)
}

/// Renames `key` of the mapping at `place` to `meant` when that mapping has no such key yet,
/// or else takes it out.
fn correct_key(
    doc: &mut serde_yaml::Value,
    place: &[PathPart],
    key: &str,
    meant: Option<&str>,
) -> Option<()> {
    let serde_yaml::Value::Mapping(m) = node_at(doc, place)? else {
        return None;
    };
    // Keeps the order of the other keys, so that paths found afterwards stay true.
    let v = m.shift_remove(key)?;
    if let Some(meant) = meant.filter(|m2| !m.contains_key(*m2)) {
        m.insert(meant.into(), v);
    }
    Some(())
}

/// The node at `place` of a document, under any tags.
fn node_at<'d>(
    doc: &'d mut serde_yaml::Value,
    place: &[PathPart],
) -> Option<&'d mut serde_yaml::Value> {
    let mut node = doc;
    for part in place {
        node = match (part, node) {
            (PathPart::Key(k), serde_yaml::Value::Mapping(m)) => m.get_mut(k.as_str())?,
            (PathPart::Index(i), serde_yaml::Value::Sequence(items)) => items.get_mut(*i)?,
            _ => return None,
        };
        while let serde_yaml::Value::Tagged(t) = node {
            node = &mut t.value;
        }
    }
    Some(node)
}

/// What the parser calls a value that is one of a set of words (`pages: single`) when it
/// finds a list or a mapping there.
const ONE_OF_WORDS: &str = "expected a YAML tag starting with '!'";

/// The words a key takes, when the parser found a list or a mapping where one of them
/// belongs (`pages: [chapters]`): the same document parsed again with a word that is none
/// of them in that place, so the parser names them (`` `single`, `chapters` ``).
fn enum_values<T: DeserializeOwned>(text: &str, message: &str) -> Option<String> {
    if !message.contains(ONE_OF_WORDS) {
        return None;
    }
    let place = path_before(message, "invalid type: ")?;
    let mut doc = serde_yaml::from_str::<serde_yaml::Value>(text).ok()?;
    *node_at(&mut doc, &place)? = serde_yaml::Value::String("\u{1}".into());
    let again = serde_yaml::to_string(&doc).ok()?;
    let message = serde_yaml::from_str::<T>(&again).err()?.to_string();
    let names = expected_names(message.split("unknown variant `\u{1}`").nth(1)?);
    (!names.is_empty()).then(|| names.join(", "))
}

/// The names serde lists after "expected" (`` expected `a` or `b` ``, `` expected one of `a`,
/// `b`, `c` ``), each in backticks.
fn expected_names(tail: &str) -> Vec<String> {
    tail.split('`')
        .skip(1)
        .step_by(2)
        .map(|n| format!("`{n}`"))
        .collect()
}

/// The parser's message (without its locations) in an author's words: what serde says in
/// the words of Rust (`invalid type: unit value, expected struct ColumnGroup`, `unknown
/// variant`, `u8`) said as what was found and what belongs there. The path before it
/// (`columns[0].type: `) stays; any other message is kept as it is.
fn in_words(message: &str) -> String {
    const MARKERS: [&str; 6] = [
        "invalid type: ",
        "invalid value: ",
        "invalid length ",
        "unknown variant `",
        "unknown field `",
        "missing field `",
    ];
    let Some((at, marker)) = MARKERS
        .iter()
        .filter_map(|m| message.find(m).map(|i| (i, *m)))
        .min()
    else {
        return message.to_string();
    };
    let (path, body) = message.split_at(at);
    let rest = &body[marker.len()..];
    let said = match marker {
        "invalid type: " | "invalid value: " | "invalid length " => {
            let Some(split) = rest.rfind(", expected ") else {
                return message.to_string();
            };
            let found = &rest[..split];
            let expected = &rest[split + ", expected ".len()..];
            let found = if marker == "invalid length " {
                format!("{found} values")
            } else {
                found_in_words(found)
            };
            format!(
                "found {found} where {} belongs",
                expected_in_words(expected)
            )
        }
        _ => {
            let (name, tail) = rest.split_once('`').unwrap_or((rest, ""));
            let names = expected_names(tail);
            match marker {
                "unknown variant `" if names.is_empty() => {
                    format!("`{name}` is not a value this key takes")
                }
                "unknown variant `" => format!("`{name}` is not one of: {}", names.join(", ")),
                "unknown field `" => format!("unknown key `{name}`"),
                _ => format!("the key `{name}` is missing"),
            }
        }
    };
    format!("{path}{said}")
}

/// What serde says it found (`serde::de::Unexpected`), in words.
fn found_in_words(found: &str) -> String {
    let quoted = |prefix: &str| {
        found
            .strip_prefix(prefix)
            .map(|v| v.trim_matches('`').to_string())
    };
    if let Some(text) = found.strip_prefix("string ") {
        return format!("the text {text}");
    }
    if let Some(c) = quoted("char ") {
        return format!("the text \"{c}\"");
    }
    if let Some(n) = quoted("integer ").or_else(|| quoted("floating point ")) {
        return format!("the number {n}");
    }
    if let Some(b) = quoted("boolean ") {
        return format!("`{b}`");
    }
    match found {
        "sequence" => "a list",
        "map" => "a mapping",
        "unit value" | "unit" => "nothing (`null`)",
        "enum" | "unit variant" | "newtype variant" | "tuple variant" | "struct variant" => {
            "a tagged value (`!…`)"
        }
        "Option value" | "newtype struct" => "a value",
        other => other,
    }
    .to_string()
}

/// What serde says it expected (a visitor's `expecting`, often a Rust type's name), in words.
fn expected_in_words(expected: &str) -> String {
    let words = match expected {
        "a sequence" | "sequence" | "a YAML sequence" => "a list",
        "a string" | "string" | "a borrowed string" => "text",
        "a map" | "map" | "a YAML mapping" => "a mapping of keys",
        "a boolean" | "bool" => "`true` or `false`",
        "a character" | "char" => "one character",
        "u8" => "a whole number from 0 to 255",
        "u16" => "a whole number from 0 to 65535",
        "u32" | "u64" | "u128" | "usize" => "a whole number, 0 or more",
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "a whole number",
        "f32" | "f64" => "a number",
        "unit" => "nothing",
        "option" => "a value",
        _ if expected.starts_with("struct ") => "a mapping of keys",
        _ if Some(expected) == ONE_OF_WORDS.strip_prefix("expected ")
            || expected.starts_with("enum ") =>
        {
            "one value"
        }
        _ if expected.starts_with("a tuple of size ") || expected.starts_with("tuple of ") => {
            return format!(
                "a list of {} values",
                expected
                    .trim_start_matches("a tuple of size ")
                    .trim_start_matches("tuple of ")
                    .trim_end_matches(" elements")
            );
        }
        other => other,
    };
    words.to_string()
}

/// Turns a serde_yaml error from parsing `text` (the file's, or its front matter with the
/// lines around it blanked) into a diagnostic with a stable code and a hint.
pub fn yaml_error(file: &SourceFile, text: &str, e: &serde_yaml::Error) -> Diagnostic {
    let message = without_locations(&e.to_string());
    let (code, help) = classify(&message);
    let shown = in_words(&message);
    let repeated = (code == Code::DuplicateKey)
        .then(|| {
            message
                .split('`')
                .nth(1)
                .and_then(|k| repeated_key(&file.text, k))
        })
        .flatten();
    // The caret spans a named key, as it does for the keys found after the first.
    let width = unknown_key(&message)
        .or_else(|| repeated.and(message.split('`').nth(1).map(str::to_string)))
        .map_or(1, |k| k.chars().count());
    let mut d = Diagnostic::error(code, shown);
    d.help = help;
    if let Some(pos) = repeated {
        return d.at_position(file, pos, width);
    }
    match e.location() {
        Some(loc) => {
            let pos = Position {
                line: loc.line(),
                column: loc.column(),
            };
            if code == Code::YamlSyntax
                && let Some((at, key_width, help)) = comment_after_key(text, pos)
            {
                d.help = Some(help);
                return d.at_position(file, at, key_width);
            }
            d.at_position(file, pos, width)
        }
        None => match unplaced_error(text, &e.to_string()) {
            Some((pos, width, help)) => {
                d.help = Some(help.to_string());
                d.at_position(file, pos, width)
            }
            None => d.in_file(&file.path),
        },
    }
}

/// A `#` written unquoted after `key:` starts a comment. In block style that leaves the key
/// empty (what checks the key says so), but in a flow collection (`{ …, color: #fff }`) the
/// comment takes the closing bracket with it, and the parser fails on a later line. When the
/// last text before the syntax error at `at` is such a `key: #…`: the place of the key, its
/// width and the help to quote the value.
fn comment_after_key(text: &str, at: Position) -> Option<(Position, usize, String)> {
    let lines: Vec<&str> = text.split('\n').collect();
    // The comment runs to the end of its line: the error is on a later one.
    for n in (0..at.line.saturating_sub(1).min(lines.len())).rev() {
        let line = lines[n].trim_end_matches('\r');
        let Some(hash) = comment_start(line) else {
            if line.trim().is_empty() {
                continue;
            }
            return None;
        };
        let before = line[..hash].trim_end();
        if before.is_empty() {
            continue;
        }
        let written = before.strip_suffix(':')?;
        let start = written
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '-'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let key = &written[start..];
        if key.is_empty() {
            return None;
        }
        let value = line[hash..]
            .split([',', '}', ']'])
            .next()
            .unwrap_or("")
            .trim_end();
        let place = Position {
            line: n + 1,
            column: line[..start].chars().count() + 1,
        };
        let help = format!(
            "an unquoted `#` starts a comment in YAML: `{key}:` is left without a value, and the rest of the line (with its closing bracket) is dropped; put the value in quotes: {key}: \"{value}\""
        );
        return Some((place, key.chars().count(), help));
    }
    None
}

/// The byte where the comment of a YAML `line` starts: the first `#` at its start or after a
/// space or tab, outside quotes.
fn comment_start(line: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match quote {
            Some('"') if c == '\\' => {
                chars.next();
            }
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && (prev == ' ' || prev == '\t') => return Some(i),
            None => {}
        }
        prev = c;
    }
    None
}

/// Where the errors the parser gives no place for are: a second document in the file (at its
/// `---` or after its `...`), and a file whose aliases repeat or nest past the parser's limit
/// (at the first line that, with the lines before it, trips the limit). With a width for the
/// caret and a hint.
fn unplaced_error(text: &str, message: &str) -> Option<(Position, usize, &'static str)> {
    if message.contains("more than one document") {
        let pos = second_document(text)?;
        return Some((
            pos,
            3,
            "a file holds one YAML document: remove this `---` and what follows it, or move that into a file of its own",
        ));
    }
    let limit = ["repetition limit exceeded", "recursion limit exceeded"]
        .into_iter()
        .find(|l| message.contains(l))?;
    let line = first_line_tripping(text, limit)?;
    Some((
        Position { line, column: 1 },
        1,
        "this file nests or repeats aliases (`*name`) past what almanac expands: write the values out, or nest less deeply",
    ))
}

/// The start of the second document of `text`: the second `---` at the start of a line (the
/// first may open the first document), or the first after a `...` end marker.
fn second_document(text: &str) -> Option<Position> {
    let marker = |l: &str, m: &str| {
        l.strip_prefix(m)
            .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t', '\r']))
    };
    let mut in_document = false;
    for (n, line) in text.split('\n').enumerate() {
        let here = Position {
            line: n + 1,
            column: 1,
        };
        if marker(line, "---") {
            if in_document {
                return Some(here);
            }
            in_document = true;
        } else if marker(line, "...") {
            // Anything but comments and blank lines after the end is a second document.
            let rest = text.split('\n').skip(n + 1).position(|l| {
                let t = l.trim();
                !t.is_empty() && !t.starts_with('#')
            });
            return rest.map(|k| Position {
                line: n + 2 + k,
                column: 1,
            });
        } else {
            let t = line.trim();
            if !t.is_empty() && !t.starts_with('#') && !line.starts_with('%') {
                in_document = true;
            }
        }
    }
    None
}

/// The 1-based line whose inclusion makes the parser give `needle`, found by bisecting on
/// the number of lines (O(log n) parses; each stops at the parser's limit).
fn first_line_tripping(text: &str, needle: &str) -> Option<usize> {
    let ends: Vec<usize> = text
        .match_indices('\n')
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let trips = |lines: usize| {
        let prefix = &text[..ends[lines - 1]];
        serde_yaml::from_str::<serde_yaml::Value>(prefix)
            .err()
            .is_some_and(|e| e.to_string().contains(needle))
    };
    let (mut lo, mut hi) = (1, ends.len());
    if !trips(hi) {
        return None;
    }
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if trips(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Some(lo)
}

/// Where `key` is written the second time (the parser reports a repeated key at the start of
/// its mapping); in a chapter, only its front matter is searched.
fn repeated_key(text: &str, key: &str) -> Option<Position> {
    let mut seen = false;
    for (n, line) in text.lines().enumerate() {
        if n > 0 && line.trim_end() == "---" {
            break;
        }
        let content = line.trim_start().trim_start_matches("- ");
        if content
            .strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with(':'))
        {
            if seen {
                let column = line.chars().count() - content.chars().count() + 1;
                return Some(Position {
                    line: n + 1,
                    column,
                });
            }
            seen = true;
        }
    }
    None
}

/// The parser's message without its " at line L column C" parts: the diagnostic points there.
fn without_locations(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let digits = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let line_len = digits(after);
        let tail = &after[line_len..];
        rest = match tail.strip_prefix(" column ") {
            Some(col) if line_len > 0 => &col[digits(col)..],
            _ if line_len > 0 => tail,
            _ => {
                out.push_str(" at line ");
                after
            }
        };
    }
    out.push_str(rest);
    out
}

fn classify(message: &str) -> (Code, Option<String>) {
    if let Some(rest) = message.split("unknown field `").nth(1) {
        let field = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        let help = match did_you_mean(field, expected.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None if expected.is_empty() => "remove this key".to_string(),
            None => format!("the keys allowed here are: {}", expected.join(", ")),
        };
        return (Code::UnknownKey, Some(help));
    }
    if message.contains("in text written in several languages, each key is a language tag") {
        return (
            Code::WrongType,
            Some("key each text by its language, as `translations:` and the edition's `language` name them".into()),
        );
    }
    if message.contains("no text in `") {
        // `model::text`: a text field in several languages without the edition's one. The
        // message says what to add.
        return (
            Code::MissingTranslation,
            Some("write the text in every language of the edition (docs/languages.md)".into()),
        );
    }
    if message.contains("in an edition with translations, write it in quotes") {
        return (
            Code::WrongType,
            Some("quote the text, so that YAML does not read it as a number".into()),
        );
    }
    if message.contains("a value in several languages must be text in each") {
        return (
            Code::WrongType,
            Some(
                "write the number once (`amount: 1468.9`); only text is written per language"
                    .into(),
            ),
        );
    }
    if message.contains("missing field") {
        return (
            Code::MissingKey,
            Some("add this key; the guide (docs/) lists the keys of each file".into()),
        );
    }
    if message.contains("invalid type: map, expected a string") {
        return (
            Code::WrongType,
            Some("write plain text here: only a text field (a title, label, unit, note, source or text cell) may be written in several languages (`{en: …, fr: …}`), and only in an edition that lists its other languages in `translations:` (docs/languages.md)".into()),
        );
    }
    if message.contains("invalid type") || message.contains("invalid value") {
        return (
            Code::WrongType,
            Some("give this key a value of the expected type".into()),
        );
    }
    if message.contains("unknown variant") {
        return (
            Code::UnknownValue,
            Some("use one of the expected values".into()),
        );
    }
    if message.contains("duplicate") {
        return (Code::DuplicateKey, Some("keep one of the two keys".into()));
    }
    (
        Code::YamlSyntax,
        Some("fix the YAML syntax here (indentation, quotes, a missing `:`)".into()),
    )
}

/// One step of a path into a YAML document.
#[derive(Debug, Clone, Copy)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// What [`locate`] points at: a node's value, or the key that introduces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Value,
    Key,
}

const HERE: &str = "\u{0}almanac-locate";

/// The line and column of the node at `path` in `text`, or `None` if there is none.
/// With `Target::Key` and a path ending in a key, the position of the key itself.
pub fn locate(text: &str, path: &[Seg<'_>], target: Target) -> Option<Position> {
    let de = serde_yaml::Deserializer::from_str(text);
    match (Nav { path, target }).deserialize(de) {
        Ok(()) => None,
        Err(e) if e.to_string().starts_with(HERE) || e.to_string().contains(HERE) => {
            e.location().map(|l| Position {
                line: l.line(),
                column: l.column(),
            })
        }
        Err(_) => None,
    }
}

struct Nav<'p, 'a> {
    path: &'p [Seg<'a>],
    target: Target,
}

impl<'de> DeserializeSeed<'de> for Nav<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Nav<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML node")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.leaf()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.leaf()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.leaf()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.leaf()
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.leaf()
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.leaf()
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.leaf()
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        match self.path.split_first() {
            None => Err(de::Error::custom(HERE)),
            Some((Seg::Index(i), rest)) => {
                for _ in 0..*i {
                    if seq.next_element::<IgnoredAny>()?.is_none() {
                        return Ok(());
                    }
                }
                seq.next_element_seed(Nav {
                    path: rest,
                    target: self.target,
                })?;
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(())
            }
            Some((Seg::Key(_), _)) => {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(())
            }
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (key, rest) = match self.path.split_first() {
            None => return Err(de::Error::custom(HERE)),
            Some((Seg::Key(k), rest)) => (*k, rest),
            Some((Seg::Index(_), _)) => {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                return Ok(());
            }
        };
        let stop_at_key = rest.is_empty() && self.target == Target::Key;
        while let Some(found) = map.next_key_seed(KeySeed { key, stop_at_key })? {
            if found {
                map.next_value_seed(Nav {
                    path: rest,
                    target: self.target,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

impl Nav<'_, '_> {
    fn leaf<E: de::Error>(self) -> Result<(), E> {
        if self.path.is_empty() {
            Err(E::custom(HERE))
        } else {
            Ok(())
        }
    }
}

/// Reads a mapping key as text; true when it is the key sought.
struct KeySeed<'k> {
    key: &'k str,
    stop_at_key: bool,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = bool;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        self.check(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        self.check(&v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        self.check(&v.to_string())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        self.check(if v { "true" } else { "false" })
    }
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(false)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(false)
    }
}

impl KeySeed<'_> {
    fn check<E: de::Error>(self, v: &str) -> Result<bool, E> {
        if v != self.key {
            Ok(false)
        } else if self.stop_at_key {
            Err(E::custom(HERE))
        } else {
            Ok(true)
        }
    }
}

/// `d` placed at the node of `path` in `file` (its key or its value), or at the file when the
/// path is not in it.
pub fn place_at(d: Diagnostic, file: &SourceFile, path: &[Seg<'_>], target: Target) -> Diagnostic {
    match locate_in(file, path, target) {
        Some(p) => d.at_position(file, p, 1),
        None => d.in_file(&file.path),
    }
}

/// [`locate`] for the text of `file`, through an index of every scalar node's place built by
/// one reading of the file on its first use and kept with it: many diagnostics in one large
/// file cost one parse, not one each. Gives what [`locate`] gives (the index is used only
/// where it is sure to; a collection's own place, or a file the index could not read whole,
/// is asked of [`locate`]).
pub fn locate_in(file: &SourceFile, path: &[Seg<'_>], target: Target) -> Option<Position> {
    let index = file
        .derived()
        .get_or_init(|| Box::new(NodeIndex::build(&file.text)))
        .downcast_ref::<Option<NodeIndex>>()
        .and_then(Option::as_ref);
    let Some(index) = index else {
        return locate(&file.text, path, target);
    };
    let steps: Vec<Step> = path
        .iter()
        .map(|s| match s {
            Seg::Key(k) => Step::Key((*k).to_string()),
            Seg::Index(i) => Step::Index(*i),
        })
        .collect();
    // Only a path ending in a key has a key of its own.
    let key = target == Target::Key && matches!(path.last(), Some(Seg::Key(_)));
    // A value that is a collection somewhere (its own place is not in the index) is found
    // as `locate` finds it.
    if !key && index.collections.contains(&steps) {
        return locate(&file.text, path, target);
    }
    index.scalars.get(&(steps, key)).copied()
}

/// A step of a path, owned.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Step {
    Key(String),
    Index(usize),
}

/// Where the scalars and keys of a YAML text are (the first in document order for a path, as
/// [`locate`] finds), and which paths are collections.
#[derive(Debug, Default)]
pub(crate) struct NodeIndex {
    /// (path, is the key) → place.
    scalars: std::collections::HashMap<(Vec<Step>, bool), Position>,
    collections: std::collections::HashSet<Vec<Step>>,
}

impl NodeIndex {
    /// One reading of `text` through the same parser as [`locate`], or `None` if any part of
    /// it is something the index does not model (a parse error, a second document, a tag, an
    /// integer past 64 bits): then every question goes to [`locate`].
    fn build(text: &str) -> Option<NodeIndex> {
        let mut index = NodeIndex::default();
        let de = serde_yaml::Deserializer::from_str(text);
        match (Walk {
            index: &mut index,
            path: Vec::new(),
        })
        .deserialize(de)
        {
            Ok(()) => Some(index),
            // The whole document is one scalar.
            Err(e) => {
                let p = here(&e)?;
                index.scalars.insert((Vec::new(), false), p);
                Some(index)
            }
        }
    }
}

/// The place an error raised with [`HERE`] at a node carries, from its text: the node's mark
/// as " at line L column C", left out for the very start of the text.
fn here(e: &impl fmt::Display) -> Option<Position> {
    let text = e.to_string();
    let rest = &text[text.find(HERE)? + HERE.len()..];
    if rest.is_empty() {
        return Some(Position { line: 1, column: 1 });
    }
    let (line, column) = rest.strip_prefix(" at line ")?.split_once(" column ")?;
    Some(Position {
        line: line.parse().ok()?,
        column: column.parse().ok()?,
    })
}

/// Visits every node of a document, recording its place. A scalar's place is learnt by failing
/// on it with [`HERE`] (the parser then names its mark); its parent catches that and goes on,
/// which is sound because the parser has read the scalar whole before the failure. Any other
/// failure ends the walk.
struct Walk<'i> {
    index: &'i mut NodeIndex,
    path: Vec<Step>,
}

impl Walk<'_> {
    fn record(&mut self, path: Vec<Step>, key: bool, at: Position) {
        self.index.scalars.entry((path, key)).or_insert(at);
    }

    fn child(&mut self, step: Step) -> Walk<'_> {
        let mut path = self.path.clone();
        path.push(step);
        Walk {
            index: self.index,
            path,
        }
    }

    fn leaf<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(HERE))
    }
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML node")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.leaf()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.leaf()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.leaf()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.leaf()
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.leaf()
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.leaf()
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.leaf()
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        self.index.collections.insert(self.path.clone());
        let mut i = 0;
        loop {
            match seq.next_element_seed(self.child(Step::Index(i))) {
                Ok(Some(())) => {}
                Ok(None) => return Ok(()),
                Err(e) => {
                    let at = here(&e).ok_or(e)?;
                    let mut path = self.path.clone();
                    path.push(Step::Index(i));
                    self.record(path, false, at);
                }
            }
            i += 1;
        }
    }
    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        self.index.collections.insert(self.path.clone());
        loop {
            let mut key = None;
            match map.next_key_seed(KeyWalk { key: &mut key }) {
                Ok(None) => return Ok(()),
                // A key no path can name (a number with a fraction, null, a collection): its
                // value is out of reach, as it is for `locate`.
                Ok(Some(())) => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
                Err(e) => {
                    let at = here(&e).ok_or(e)?;
                    let Some(key) = key else {
                        return Err(de::Error::custom("a key without text"));
                    };
                    let mut path = self.path.clone();
                    path.push(Step::Key(key.clone()));
                    self.record(path, true, at);
                    match map.next_value_seed(self.child(Step::Key(key.clone()))) {
                        Ok(()) => {}
                        Err(e) => {
                            let at = here(&e).ok_or(e)?;
                            let mut path = self.path.clone();
                            path.push(Step::Key(key));
                            self.record(path, false, at);
                        }
                    }
                }
            }
        }
    }
}

/// Reads a key as [`KeySeed`] compares it, keeping its text and failing with [`HERE`] so its
/// place is known; a key no path can name is read and passed over.
struct KeyWalk<'k> {
    key: &'k mut Option<String>,
}

impl<'de> DeserializeSeed<'de> for KeyWalk<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeyWalk<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.named(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.named(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.named(v.to_string())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.named(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }
}

impl KeyWalk<'_> {
    fn named<E: de::Error>(self, key: String) -> Result<(), E> {
        *self.key = Some(key);
        Err(E::custom(HERE))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_nested_past_the_limit_are_refused_before_parsing() {
        let deep = format!("title: {}", "[".repeat(200_000));
        let file = SourceFile::new("d.yaml", deep.clone());
        let e = parse::<serde_yaml::Value>(&file).unwrap_err();
        assert_eq!(e.code, "yaml-too-deep");
        assert_eq!((e.line, e.column), (Some(1), Some(8 + MAX_FLOW_DEPTH)));
        let fine = "a: [[1, 2], {b: '[[[[', c: \"{{{\\\"\"}] # [[[[\n";
        assert_eq!(too_deep(fine), None);
        let at_limit = format!(
            "a: {}{}",
            "[".repeat(MAX_FLOW_DEPTH),
            "]".repeat(MAX_FLOW_DEPTH)
        );
        assert_eq!(too_deep(&at_limit), None);
    }

    fn place_of_error(text: &str) -> (Option<usize>, Option<usize>, String) {
        let file = SourceFile::new("d.yaml", text);
        let d = parse::<serde_yaml::Value>(&file).expect_err("an error");
        (d.line, d.column, d.help.unwrap_or_default())
    }

    #[test]
    fn an_unquoted_hash_after_a_key_in_brackets_asks_for_quotes_at_the_key() {
        // On one line and across lines, after a `#` in quotes, and at the end of the file.
        for (text, line, column, quoted) in [
            (
                "s:\n  - { label: A, values: [1, 2], color: #fff }\n  - { label: B }\n",
                2,
                33,
                "color: \"#fff\"",
            ),
            (
                "s:\n  - { label: \"A #1\",\n      color: #0072B2 }\nt: 1\n",
                3,
                7,
                "color: \"#0072B2\"",
            ),
            (
                "a: { b: 1, fill_color: #abc }",
                1,
                12,
                "fill_color: \"#abc\"",
            ),
        ] {
            let (l, c, help) = place_of_error(text);
            assert_eq!((l, c), (Some(line), Some(column)), "{text}");
            assert!(help.contains(quoted), "{help}");
        }
        // Any other syntax error keeps its own place and help.
        for text in ["a: #x\nb: [1\n", "a: { b: 1 # c }\n", "a: [1, 2\n"] {
            let (_, _, help) = place_of_error(text);
            assert!(help.starts_with("fix the YAML syntax"), "{text}: {help}");
        }
    }

    #[test]
    fn a_second_document_is_pointed_at() {
        // With and without a `---` opening the first document, and after an end marker.
        assert_eq!(place_of_error("a: 1\n---\nb: 2\n").0, Some(2));
        assert_eq!(place_of_error("# c\n---\na: 1\n--- \nb: 2\n").0, Some(4));
        assert_eq!(place_of_error("a: 1\n...\n# c\n\nb: 2\n").0, Some(5));
        assert!(
            place_of_error("a: 1\n---\nb: 2\n")
                .2
                .contains("one YAML document")
        );
    }

    #[test]
    fn aliases_past_the_limit_are_pointed_at() {
        // Nine times nine times … nine values: past serde_yaml's limit on repetition.
        let mut text = "rows:\n  - &a [x,x,x,x,x,x,x,x,x]\n".to_string();
        let names = ["a", "b", "c", "d", "e", "f", "g", "h"];
        for w in names.windows(2) {
            let refs = vec![format!("*{}", w[0]); 9].join(",");
            text.push_str(&format!("  - &{} [{refs}]\n", w[1]));
        }
        text.push_str("title: after\n");
        let (line, column, help) = place_of_error(&text);
        assert!(line.is_some_and(|l| l > 2 && l <= 9), "{line:?}");
        assert_eq!(column, Some(1));
        assert!(help.contains("aliases"), "{help}");
        // Nesting past the parser's depth limit, on one line.
        let deep = format!("a: {}{}\n", "[".repeat(300), "]".repeat(300));
        assert_eq!(place_of_error(&format!("ok: 1\n{deep}")).0, Some(2));
    }

    #[test]
    fn every_misspelt_key_of_a_file_is_reported_where_it_stands() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Column {
            key: String,
            label: String,
        }
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Doc {
            title: String,
            columns: Vec<Column>,
            #[serde(default)]
            source: Option<String>,
        }
        // `label` is valid in a column and unknown at the top: only the top one is wrong.
        let text = "titel: T\ncolumns:\n  - { key: a, label: A }\n  - { key: b, lable: B }\nsorce: x\nlabel: y\n";
        let file = SourceFile::new("data/box-t.yaml", text);
        let all = parse_all::<Doc>(&file, text).expect_err("three misspelt keys");
        let found: Vec<(String, usize, usize)> = all
            .iter()
            .map(|d| {
                (
                    d.message.clone(),
                    d.line.unwrap_or(0),
                    d.column.unwrap_or(0),
                )
            })
            .collect();
        assert_eq!(found.len(), 4, "{found:#?}");
        assert!(found[3].0 == "unknown key `label`" && (found[3].1, found[3].2) == (6, 1));
        assert!(found[0].0 == "unknown key `titel`" && (found[0].1, found[0].2) == (1, 1));
        assert!(
            found[1].0 == "columns[1]: unknown key `lable`",
            "{found:#?}"
        );
        assert_eq!((found[1].1, found[1].2), (4, 15));
        assert!(found[2].0 == "unknown key `sorce`" && (found[2].1, found[2].2) == (5, 1));
        assert!(
            all.iter()
                .all(|d| d.code == "unknown-key" && d.help.is_some())
        );
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(rename_all = "lowercase")]
    #[allow(dead_code)]
    enum Pages {
        Single,
        Chapters,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Group {
        label: String,
        columns: Vec<String>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Site {
        title: String,
        #[serde(default)]
        pages: Option<Pages>,
        #[serde(default)]
        groups: Vec<Group>,
        #[serde(default)]
        decimals: Option<u8>,
        #[serde(default)]
        draft: bool,
    }

    /// The message, place and help of the first error parsing `text` as a `Site`.
    fn site_error(text: &str) -> (String, Option<usize>, Option<usize>, String) {
        let file = SourceFile::new("site.yaml", text);
        let d = parse::<Site>(&file).expect_err("an error");
        (d.message, d.line, d.column, d.help.unwrap_or_default())
    }

    #[test]
    fn messages_say_in_words_what_was_found_and_what_belongs() {
        // A list where one of a set of words belongs: the words are named.
        let (m, line, column, help) = site_error("title: T\npages: [chapters]\n");
        assert_eq!(m, "pages: found a list where one value belongs");
        assert_eq!((line, column), (Some(2), Some(8)));
        assert_eq!(help, "write one of: `single`, `chapters`");
        let (m, _, _, help) = site_error("title: T\npages: {chapters: 1}\n");
        assert_eq!(m, "pages: found a mapping where one value belongs");
        assert_eq!(help, "write one of: `single`, `chapters`");
        // A word that is none of them.
        let (m, line, _, _) = site_error("title: T\npages: chapter\n");
        assert_eq!(m, "pages: `chapter` is not one of: `single`, `chapters`");
        assert_eq!(line, Some(2));
        // Nothing, or text, where a mapping belongs; a mapping where a list belongs.
        let (m, line, _, _) = site_error("title: T\ngroups: [null]\n");
        assert_eq!(
            m,
            "groups[0]: found nothing (`null`) where a mapping of keys belongs"
        );
        assert_eq!(line, Some(2));
        let (m, _, _, _) = site_error("title: T\ngroups: [abc]\n");
        assert_eq!(
            m,
            "groups[0]: found the text \"abc\" where a mapping of keys belongs"
        );
        let (m, _, _, _) = site_error("title: T\ngroups: {label: a}\n");
        assert_eq!(m, "groups: found a mapping where a list belongs");
        let (m, _, _, _) = site_error("title: T\ngroups:\n  - { label: G, columns: x }\n");
        assert_eq!(
            m,
            "groups[0].columns: found the text \"x\" where a list belongs"
        );
        // A list where text belongs; numbers and truth values in words.
        let (m, _, _, _) = site_error("title: [a, b]\n");
        assert_eq!(m, "title: found a list where text belongs");
        let (m, _, _, _) = site_error("title: T\ndecimals: two\n");
        assert_eq!(
            m,
            "decimals: found the text \"two\" where a whole number from 0 to 255 belongs"
        );
        let (m, _, _, _) = site_error("title: T\ndecimals: 300\n");
        assert_eq!(
            m,
            "decimals: found the number 300 where a whole number from 0 to 255 belongs"
        );
        let (m, _, _, _) = site_error("title: T\ndraft: 1.5\n");
        assert_eq!(
            m,
            "draft: found the number 1.5 where `true` or `false` belongs"
        );
        // A missing key.
        let (m, _, _, _) = site_error("title: T\ngroups:\n  - { label: G }\n");
        assert_eq!(m, "groups[0]: the key `columns` is missing");
        // No Rust in any of them.
        for text in [
            "title: T\npages: [chapters]\n",
            "title: T\ngroups: [null]\n",
            "title: T\ndecimals: -1\n",
            "title: T\npages: chapter\n",
        ] {
            let (m, ..) = site_error(text);
            for rust in [
                "struct",
                "variant",
                "YAML tag",
                "u8",
                "invalid type",
                "sequence",
                "unit value",
            ] {
                assert!(!m.contains(rust), "{m}");
            }
        }
    }

    #[test]
    fn a_repeated_key_is_found_where_it_is_repeated() {
        let text = "title: A\ndate: 2023-01-01\n  title: B\n";
        assert_eq!(
            repeated_key(text, "title"),
            Some(Position { line: 3, column: 3 })
        );
        let chapter = "---\ntitle: A\n---\ntitle: not front matter\n";
        assert_eq!(repeated_key(chapter, "title"), None);
    }

    #[test]
    fn messages_lose_their_locations_and_keep_their_words() {
        assert_eq!(
            without_locations(
                "found unexpected end of stream at line 3 column 1, while scanning a quoted scalar at line 1 column 8"
            ),
            "found unexpected end of stream, while scanning a quoted scalar"
        );
        assert_eq!(
            without_locations("unknown field `x` at line 2"),
            "unknown field `x`"
        );
        assert_eq!(
            without_locations("nothing at line here"),
            "nothing at line here"
        );
    }

    const DOC: &str =
        "id: box-a\nrows:\n  - { year: 2016, count: 1 }\n  - year: 2017\n    cuont: 2\n";

    #[test]
    fn locates_values_and_keys_in_block_and_flow_style() {
        let p = |path: &[Seg], t| locate(DOC, path, t).map(|p| (p.line, p.column));
        assert_eq!(p(&[Seg::Key("id")], Target::Value), Some((1, 5)));
        assert_eq!(p(&[Seg::Key("id")], Target::Key), Some((1, 1)));
        assert_eq!(
            p(
                &[Seg::Key("rows"), Seg::Index(0), Seg::Key("count")],
                Target::Value
            ),
            Some((3, 26))
        );
        assert_eq!(
            p(
                &[Seg::Key("rows"), Seg::Index(1), Seg::Key("cuont")],
                Target::Key
            ),
            Some((5, 5))
        );
        assert_eq!(p(&[Seg::Key("rows"), Seg::Index(7)], Target::Value), None);
        assert_eq!(p(&[Seg::Key("nope")], Target::Value), None);
    }

    /// Every path of a document, and some that lead nowhere, as owned steps.
    fn paths(v: &serde_yaml::Value, here: Vec<Step>, out: &mut Vec<Vec<Step>>) {
        out.push(here.clone());
        let with = |step: Step| {
            let mut p = here.clone();
            p.push(step);
            p
        };
        match v {
            serde_yaml::Value::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    paths(item, with(Step::Index(i)), out);
                }
                out.push(with(Step::Index(items.len())));
                out.push(with(Step::Key("0".into())));
            }
            serde_yaml::Value::Mapping(m) => {
                for (k, item) in m {
                    let name = match k {
                        serde_yaml::Value::String(s) => s.clone(),
                        serde_yaml::Value::Number(n) => n.to_string(),
                        serde_yaml::Value::Bool(b) => b.to_string(),
                        _ => continue,
                    };
                    paths(item, with(Step::Key(name)), out);
                }
                out.push(with(Step::Key("nope".into())));
                out.push(with(Step::Index(0)));
            }
            serde_yaml::Value::Tagged(t) => paths(&t.value, here, out),
            _ => out.push(with(Step::Key("below".into()))),
        }
    }

    /// The index answers every question as `locate` does: block and flow style, repeated keys,
    /// aliases, numbers and booleans as keys, nulls, nesting, tags, a second document, broken
    /// syntax, a lone scalar.
    #[test]
    fn the_node_index_agrees_with_locate_everywhere() {
        let docs = [
            DOC,
            "a: 1\na: {b: 2}\nc:\n  - x\n  - [y, {z: ~}]\n  -\n  - - deep\n",
            "a: {x: 1}\na: {b: 2}\nb: [1, 2]\nb: 3\n",
            "base: &b {k: v, n: [1, 2]}\nuse: *b\nagain: *b\n",
            "1: one\ntrue: yes\n2.5: f\n~: n\n[a]: s\n{m: 1}: t\nlast: end\n",
            "- a\n- b: c\n  d:\n    - e\n- ''\n- \"q\"\n",
            "x: !tag v\ny: 1\n",
            "n: 123456789012345678901234567890\nm: 2\n",
            "one: 1\n---\ntwo: 2\n",
            "ok: 1\nbad: [unclosed\n",
            "just a scalar",
            "",
            "# only a comment\n",
            "k: |\n  block\n  text\nnext: >-\n  folded\n",
            "rows:\n- {a: 1, b: 2}\n- {a: 3}\nempty: {}\nnone: []\n",
        ];
        for doc in docs {
            let file = SourceFile::new("d.yaml", doc);
            let value: serde_yaml::Value = serde_yaml::from_str(doc).unwrap_or_default();
            let mut all = Vec::new();
            paths(&value, Vec::new(), &mut all);
            for path in &all {
                let segs: Vec<Seg<'_>> = path
                    .iter()
                    .map(|s| match s {
                        Step::Key(k) => Seg::Key(k),
                        Step::Index(i) => Seg::Index(*i),
                    })
                    .collect();
                for target in [Target::Value, Target::Key] {
                    assert_eq!(
                        locate_in(&file, &segs, target),
                        locate(doc, &segs, target),
                        "{doc:?} at {path:?} ({target:?})"
                    );
                }
            }
            // What the index does not model is left to `locate`; the rest is indexed.
            let unmodelled = ["!tag", "1234567890123456789012", "---", "[unclosed"];
            assert_eq!(
                file.derived()
                    .get()
                    .and_then(|d| d.downcast_ref::<Option<NodeIndex>>())
                    .is_some_and(Option::is_some),
                !unmodelled.iter().any(|u| doc.contains(u)),
                "{doc:?}"
            );
        }
    }

    #[test]
    fn many_places_in_one_large_file_cost_one_reading() {
        // Each `locate` reads the whole file: 20,000 of them took minutes.
        let rows: String = (0..20_000)
            .map(|i| format!("  - {{ id: i{i}, v: {i} }}\n"))
            .collect();
        let file = SourceFile::new("d.yaml", format!("rows:\n{rows}"));
        for i in (0..20_000).step_by(7) {
            let p = locate_in(
                &file,
                &[Seg::Key("rows"), Seg::Index(i), Seg::Key("v")],
                Target::Value,
            );
            assert_eq!(p.map(|p| p.line), Some(i + 2));
        }
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Meta {
        title: String,
        year: u16,
    }

    #[test]
    fn errors_carry_code_position_and_hint() {
        let f = SourceFile::new("e.yaml", "title: x\nyaer: 2022\n");
        let d = parse::<Meta>(&f).unwrap_err();
        assert_eq!(d.code, "unknown-key");
        assert_eq!((d.line, d.column), (Some(2), Some(1)));
        assert_eq!(d.help.as_deref(), Some("did you mean `year`?"));

        let f = SourceFile::new("e.yaml", "title: x\nyear: soon\n");
        let d = parse::<Meta>(&f).unwrap_err();
        assert_eq!(d.code, "wrong-type");
        assert_eq!(d.line, Some(2));

        let f = SourceFile::new("e.yaml", "title: \"x\nyear: 1\n");
        assert_eq!(parse::<Meta>(&f).unwrap_err().code, "yaml-syntax");
        let f = SourceFile::new("e.yaml", "  \n");
        assert_eq!(parse::<Meta>(&f).unwrap_err().code, "empty-file");
    }
}
