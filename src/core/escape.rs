//! Escaping for every place text from content and data can land.

/// Escapes text for HTML element content and for quoted attribute values.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    push_html(&mut out, text);
    out
}

/// Appends `text` escaped for HTML (content or quoted attribute).
pub fn push_html(out: &mut String, text: &str) {
    let mut last = 0;
    for (i, b) in text.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&text[last..]);
}

/// Whether HTML forbids `c` in a document: the C0 controls but tab, newline, form feed and
/// carriage return, DEL, the C1 controls (U+0080 to U+009F), and the noncharacters (U+FDD0 to
/// U+FDEF, and the last two code points of every plane, such as U+FFFE).
fn forbidden_control(c: char) -> bool {
    let n = u32::from(c);
    (c < ' ' && !matches!(c, '\t' | '\n' | '\u{0C}' | '\r'))
        || (0x7F..=0x9F).contains(&n)
        || (0xFDD0..=0xFDEF).contains(&n)
        || n & 0xFFFE == 0xFFFE
}

/// The bytes that can begin a character HTML forbids: an ASCII control but tab, newline,
/// form feed and carriage return, DEL, `C2` (the C1 controls), `EF` (U+FDD0 to U+FFFF), and
/// the lead bytes of four-byte sequences (the last two code points of the planes above).
static SUSPECT: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b < 0x20 && !matches!(b, 0x09 | 0x0A | 0x0C | 0x0D))
            || b == 0x7F
            || b == 0xC2
            || b == 0xEF
            || b >= 0xF0;
        b += 1;
    }
    table
};

/// Where the first character HTML forbids (see [`forbidden_control`]) starts in `text`, read
/// in one pass over the bytes: only a byte that can begin one is decoded, so the usual page,
/// with accents, `·` and `©` but no control, costs one table lookup per byte.
fn first_forbidden(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    // The suspect bytes are ASCII or lead bytes, never continuations: each is at the start
    // of a character.
    while let Some(n) = bytes[from..].iter().position(|&b| SUSPECT[usize::from(b)]) {
        let at = from + n;
        if text[at..].chars().next().is_some_and(forbidden_control) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Removes the characters that make a page invalid HTML (a U+0007 pasted into a chapter,
/// `"\x85"` or `"\uFFFE"` written in YAML), wherever in the page they came from. Pages that
/// hold none, nearly all, are returned as they are, after one pass over their bytes.
pub fn drop_control_chars(page: String) -> String {
    let Some(first) = first_forbidden(&page) else {
        return page;
    };
    let mut out = String::with_capacity(page.len());
    out.push_str(&page[..first]);
    out.extend(page[first..].chars().filter(|&c| !forbidden_control(c)));
    out
}

/// A relative path as a URL path: every byte but the unreserved characters and `/`
/// percent-encoded, so that a file named `a#b.svg` or `a?b.png` is not read as a fragment or
/// a query. HTML-escape the result where it lands in an attribute, as for any text.
pub fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Escapes text for XML (SVG, feeds): like HTML, and drops the characters that XML 1.0 forbids
/// (everything below U+0020 but tab, newline and carriage return; U+FFFE, U+FFFF) along with
/// those a page may not hold (see [`drop_control_chars`]), so the same text is kept in both.
pub fn xml(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .filter(|&c| !forbidden_control(c) && c != '\u{0C}')
        .collect();
    html(&cleaned)
}

/// A CSV field of text (RFC 4180), made safe to open in a spreadsheet: text that a
/// spreadsheet would run as a formula (beginning with `=`, `+`, `-`, `@`, a tab, CR or LF,
/// even after spaces) gets a leading `'`, as OWASP recommends, so that `=HYPERLINK(…)` in a
/// cell reads as the text it is. Then quoted when it holds a comma, quote, CR or LF.
pub fn csv_text(text: &str) -> String {
    let starts_formula = |t: &str| t.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']);
    if starts_formula(text) || starts_formula(text.trim_start_matches(' ')) {
        csv_quoted(&format!("'{text}"))
    } else {
        csv_quoted(text)
    }
}

/// A CSV field of a number, as written in the data (`-3.5` stays `-3.5`): never prefixed.
pub fn csv_number(number: &str) -> String {
    csv_quoted(number)
}

/// Appends one CSV record (RFC 4180, CRLF line ends) of fields escaped by [`csv_text`] or
/// [`csv_number`]: the one CSV writer of boxes' and figures' downloads.
pub fn csv_record(out: &mut String, fields: impl Iterator<Item = String>) {
    for (i, f) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&f);
    }
    out.push_str("\r\n");
}

/// Quoted when it holds a comma, quote, CR or LF, with quotes doubled.
fn csv_quoted(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// The character references a page would decode: the five of markup, `&nbsp;`, and numeric
/// ones (`&#65;`, `&#x41;`).
pub fn decode_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest.find(';').filter(|&e| e <= 10).and_then(|e| {
            let c = match &rest[1..e] {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => '\u{A0}',
                name => {
                    let n = name.strip_prefix('#')?;
                    let code = match n.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => n.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_keep_slashes_and_encode_the_rest() {
        assert_eq!(url_path("img/org chart.svg"), "img/org%20chart.svg");
        assert_eq!(url_path("a#b?c%.png"), "a%23b%3Fc%25.png");
        assert_eq!(url_path("图/x.svg"), "%E5%9B%BE/x.svg");
        assert_eq!(url_path("a\"><x.png"), "a%22%3E%3Cx.png");
    }

    #[test]
    fn control_characters_leave_a_page_and_whitespace_stays() {
        assert_eq!(
            drop_control_chars("a\u{0}b\u{7}c\u{1B}[d\u{7F}\te\nf\u{C}g\rh".into()),
            "abc[d\te\nf\u{C}g\rh"
        );
        assert_eq!(drop_control_chars("plain é · ©".into()), "plain é · ©");
        // C1 controls and noncharacters, which the HTML checker refuses, go too.
        assert_eq!(
            drop_control_chars("© é 𝔸 · a\u{85}b\u{9F}c\u{FDD0}d\u{FFFE}e\u{1FFFF}f\u{A0}g".into()),
            "© é 𝔸 · abcdef\u{A0}g"
        );
        assert_eq!(xml("a\u{85}\u{C}b\u{FFFF}<"), "ab&lt;");
    }

    #[test]
    fn the_byte_scan_finds_exactly_the_forbidden_characters() {
        let ranges = [
            0..0x800,
            0xFD00..0x10000,
            0x1FFF0..0x20010,
            0x10FFF0..0x110000,
        ];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            let page = format!("é{c}·{c}");
            let kept: String = page.chars().filter(|&c| !forbidden_control(c)).collect();
            assert_eq!(
                drop_control_chars(page.clone()),
                kept,
                "U+{:04X}",
                u32::from(c)
            );
        }
    }

    #[test]
    fn html_escapes_markup_and_quotes() {
        assert_eq!(
            html(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(html("plain ü"), "plain ü");
    }

    #[test]
    fn xml_drops_forbidden_control_characters() {
        assert_eq!(xml("a\u{0}b\u{7}c\u{1b}d\te"), "abcd\te");
    }

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(csv_text("plain"), "plain");
        assert_eq!(csv_text("a,\"b\"\nc"), "\"a,\"\"b\"\"\nc\"");
        assert_eq!(csv_number("1,5"), "\"1,5\"");
    }

    #[test]
    fn csv_text_never_starts_a_formula_and_numbers_stay_as_written() {
        for (cell, safe) in [
            (
                "=HYPERLINK(\"https://e.org\",\"x\")",
                "\"'=HYPERLINK(\"\"https://e.org\"\",\"\"x\"\")\"",
            ),
            ("+1", "'+1"),
            ("-x", "'-x"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tcmd", "'\tcmd"),
            ("\rcmd", "\"'\rcmd\""),
            ("  =1+1", "'  =1+1"),
            ("a=b", "a=b"),
            ("3-4", "3-4"),
        ] {
            assert_eq!(csv_text(cell), safe, "{cell:?}");
        }
        assert_eq!(csv_number("-3.5"), "-3.5");
        assert_eq!(csv_number("+7"), "+7");
    }
}
