//! Pandoc's citation syntax, read from raw Markdown: `[@key]`, `[@key, p. 12]`,
//! `[see @a; -@b, chap. 2]` and `@key` in running text (with an optional `@key [p. 12]`).
//!
//! Only the syntax is read here; whether a key names a work of the bibliography, and how the
//! citation reads in a style, is resolve's and the citation engine's. Keys that name a box or
//! a figure (`@box-…`, `@fig-…`) are cross-references, never citations.

use super::targets::TargetKind;

/// One work cited, with what surrounds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteItem {
    /// The key, as written after `@`.
    pub key: String,
    /// Where the `@` is, in bytes from the start of the citation.
    pub key_at: usize,
    /// Words before the key inside the brackets (`see`), trimmed.
    pub prefix: String,
    /// Words after the key (`p. 12`), without the comma that leads them, trimmed.
    pub suffix: String,
    /// `-@key`: the author is named in the text already; only the year (or number) is given.
    pub suppress_author: bool,
}

/// A citation: one or more works, in brackets, or one work named in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub items: Vec<CiteItem>,
    /// `@key` in running text ("Smith (2020) says"), rather than `[@key]`.
    pub in_text: bool,
}

/// The longest bracketed citation read, in bytes: a bracket that has not closed by then is
/// text (and the scan stays linear however many brackets a chapter opens).
const MAX_BRACKETED: usize = 2_000;

/// Whether `c` may start a key: a letter or digit of any script, or `_`.
fn key_start(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Punctuation a key may hold between its letters (Pandoc's rule): `doe:2020`, `a.b`.
fn key_inner_punctuation(c: char) -> bool {
    matches!(
        c,
        ':' | '.' | '#' | '$' | '%' | '&' | '-' | '+' | '?' | '<' | '>' | '~' | '/'
    )
}

/// The length in bytes of the key that starts `text`, or 0: letters and digits (of any
/// script) and `_`, with punctuation only between them (a full stop after a key ends the
/// sentence, not the key).
pub fn key_len(text: &str) -> usize {
    let mut chars = text.char_indices();
    match chars.next() {
        Some((_, c)) if key_start(c) => {}
        _ => return 0,
    }
    let mut end = text.chars().next().map_or(0, char::len_utf8);
    for (i, c) in chars {
        if key_start(c) {
            end = i + c.len_utf8();
        } else if !key_inner_punctuation(c) {
            break;
        }
    }
    end
}

/// Whether a key can be cited as `@key`: all of it is read as one key.
pub fn citable(key: &str) -> bool {
    !key.is_empty() && key_len(key) == key.len() && !is_cross_reference(key)
}

/// Whether a byte before `@` lets it start a citation or a reference: not inside a word, an
/// address or an escape (`a@b.org`, `\@`). (`_@key_` is emphasis around a key.)
pub fn may_precede_key(prev: Option<char>) -> bool {
    !prev.is_some_and(|p| p.is_alphanumeric() || matches!(p, '-' | '.' | '/' | '@' | '\\' | '+'))
}

/// Whether a key names a box or a figure (`box-…`, `fig-…`): a cross-reference.
pub fn is_cross_reference(key: &str) -> bool {
    key.split_once('-')
        .is_some_and(|(prefix, rest)| !rest.is_empty() && TargetKind::from_prefix(prefix).is_some())
}

/// A bracketed citation starting at `text[at] == '['`: the citation and where it ends. A
/// bracket is a citation when every `;`-separated part names one key with `@` (a link's
/// words `[@a](…)`, a reference link `[@a][x]`, a link definition `[@a]: …` and a bracket
/// of cross-references `[@box-a]` are not).
pub fn bracketed(text: &str, at: usize) -> Option<(Citation, usize)> {
    let rest = text.get(at..)?;
    if !rest.starts_with('[') {
        return None;
    }
    let window = &rest[..rest.len().min(MAX_BRACKETED)];
    let close = window[1..].find([']', '['])? + 1;
    if window.as_bytes()[close] != b']' {
        return None;
    }
    let inner = &rest[1..close];
    if !inner.contains('@') || inner.contains("\n\n") || inner.contains("\r\n\r\n") {
        return None;
    }
    let end = at + close + 1;
    if matches!(text.as_bytes().get(end), Some(b'(' | b'[' | b':')) {
        return None;
    }
    let mut items = Vec::new();
    let mut part_start = 1;
    for part in inner.split(';') {
        let item = item(part, part_start)?;
        if is_cross_reference(&item.key) {
            return None;
        }
        items.push(item);
        part_start += part.len() + 1;
    }
    Some((
        Citation {
            items,
            in_text: false,
        },
        end,
    ))
}

/// One part of a bracketed citation (`see -@key, p. 12`), `offset` bytes from the `[`.
fn item(part: &str, offset: usize) -> Option<CiteItem> {
    let b = part.as_bytes();
    // The first `@` that starts a key: at the start, after a space, or after `-`.
    let at = part.char_indices().find_map(|(i, c)| {
        (c == '@' && (i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'\n' | b'\r' | b'-')))
            .then_some(i)
    })?;
    let len = key_len(&part[at + 1..]);
    if len == 0 {
        return None;
    }
    let key = &part[at + 1..at + 1 + len];
    let suppress_author = at > 0 && b[at - 1] == b'-';
    let prefix_end = if suppress_author { at - 1 } else { at };
    let prefix = part[..prefix_end].trim();
    let after = part[at + 1 + len..].trim_start();
    // The words after a key are led by a comma (`, p. 12`) or a space (`p. 12`).
    let suffix = after.strip_prefix(',').unwrap_or(after).trim();
    if suffix.contains('@') && suffix.split_whitespace().any(|w| w.starts_with('@')) {
        // Two keys in one part: a `;` is missing, and this is not a citation Pandoc reads.
        return None;
    }
    Some(CiteItem {
        key: key.to_string(),
        key_at: offset + at,
        prefix: prefix.to_string(),
        suffix: suffix.to_string(),
        suppress_author,
    })
}

/// A citation in running text starting at `text[at] == '@'`: `@key`, or `@key [p. 12]` with
/// its locator. `None` for a cross-reference, an address, or an `@` that starts no key.
pub fn in_text(text: &str, at: usize) -> Option<(Citation, usize)> {
    if !text[at..].starts_with('@') || !may_precede_key(text[..at].chars().next_back()) {
        return None;
    }
    let len = key_len(&text[at + 1..]);
    if len == 0 {
        return None;
    }
    let key = &text[at + 1..at + 1 + len];
    if is_cross_reference(key) {
        return None;
    }
    let mut end = at + 1 + len;
    let mut suffix = String::new();
    // `@key [p. 12]`: a bracket of words right after the key is its locator.
    if let Some(rest) = text[end..].strip_prefix(" [") {
        let window = &rest[..rest.len().min(MAX_BRACKETED)];
        if let Some(close) = window.find([']', '[', '@', '\n'])
            && window.as_bytes()[close] == b']'
            && !matches!(rest.as_bytes().get(close + 1), Some(b'(' | b'[' | b':'))
            && !window[..close].trim().is_empty()
        {
            suffix = window[..close].trim().to_string();
            end += 2 + close + 1;
        }
    }
    Some((
        Citation {
            items: vec![CiteItem {
                key: key.to_string(),
                key_at: 0,
                prefix: String::new(),
                suffix,
                suppress_author: false,
            }],
            in_text: true,
        },
        end,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(c: &Citation) -> Vec<&str> {
        c.items.iter().map(|i| i.key.as_str()).collect()
    }

    #[test]
    fn brackets_hold_one_or_more_works_with_their_locators() {
        let t = "As shown [@wind-2022, p. 12; see -@who:2021 chap. 3].";
        let (c, end) = bracketed(t, 9).expect("a citation");
        assert_eq!(&t[9..end], "[@wind-2022, p. 12; see -@who:2021 chap. 3]");
        assert!(!c.in_text);
        assert_eq!(keys(&c), ["wind-2022", "who:2021"]);
        assert_eq!(c.items[0].suffix, "p. 12");
        assert_eq!(c.items[0].key_at, 1);
        assert_eq!(&t[9 + c.items[1].key_at..][..9], "@who:2021");
        assert_eq!(c.items[1].prefix, "see");
        assert!(c.items[1].suppress_author);
        assert_eq!(c.items[1].suffix, "chap. 3");
    }

    #[test]
    fn brackets_that_are_not_citations() {
        for t in [
            "[@a](https://x.org)",
            "[@a][ref]",
            "[@a]: https://x.org",
            "[no key here]",
            "[mail me@x.org]",
            "[@box-a]",
            "[@a; @fig-b]",
            "[@a @b]",
            "[@a\n\n@b]",
            "[@]",
            "[@a",
            "[see [@a]]",
        ] {
            assert_eq!(bracketed(t, 0), None, "{t}");
        }
    }

    #[test]
    fn keys_end_before_trailing_punctuation() {
        assert_eq!(key_len("doe2020."), 7);
        assert_eq!(key_len("doe:2020:x, p"), 10);
        assert_eq!(key_len("a--b"), 4);
        assert_eq!(key_len("-a"), 0);
        assert_eq!(key_len("müller2020, p"), "müller2020".len());
        assert_eq!(key_len("日本."), "日本".len());
        assert!(citable("doe:2020") && citable("müller") && !citable("ab-") && !citable("fig-x"));
    }

    #[test]
    fn in_text_citations_and_their_locators() {
        let t = "@doe2020 says so. Also @roe [p. 3] and a@b.org and \\@x and @box-a.";
        let (c, end) = in_text(t, 0).expect("a citation");
        assert!(c.in_text);
        assert_eq!(&t[..end], "@doe2020");
        let at = t.find("@roe").expect("roe");
        let (c, end) = in_text(t, at).expect("a citation");
        assert_eq!(&t[at..end], "@roe [p. 3]");
        assert_eq!(c.items[0].suffix, "p. 3");
        for at in [t.find("@b.org"), t.find("@x"), t.find("@box")] {
            assert_eq!(in_text(t, at.expect("found")), None);
        }
        // A link right after is not a locator.
        let t = "@roe [here](x)";
        assert_eq!(in_text(t, 0).map(|(_, e)| e), Some(4));
    }
}
