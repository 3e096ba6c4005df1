//! Slugs: the names that become part of an output path or an address (report folders, box and
//! figure ids, indicator ids, chapter slugs). One rule for all of them, checked at load, so
//! that no name from content can climb out of the site, collide on a case-insensitive disk or
//! need escaping in a URL.

/// The longest slug: well inside every file system's name limit once an extension is added.
pub const MAX_LEN: usize = 100;

/// Top-level folders of the site that are not reports: a report may not be named like one.
pub const RESERVED_REPORT_NAMES: [&str; 2] = ["assets", "compare"];

/// What a slug may hold, for hints.
pub const RULE: &str =
    "lower-case letters a-z, digits, `-` and `_`, beginning and ending with a letter or digit";

/// Why `name` is not a slug, or `None` when it is one: 1 to [`MAX_LEN`] characters of
/// lower-case ASCII letters, digits, `-` and `_`, beginning and ending with a letter or digit.
pub fn problem(name: &str) -> Option<&'static str> {
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let bytes = name.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return Some("it is empty");
    };
    if bytes.len() > MAX_LEN {
        return Some("it is longer than 100 characters");
    }
    if let Some(&b) = bytes
        .iter()
        .find(|&&b| !(alnum(b) || b == b'-' || b == b'_'))
    {
        return Some(if b.is_ascii_uppercase() {
            "it has upper-case letters (file systems that ignore case would mix it up)"
        } else if b == b'.' || b == b'/' || b == b'\\' {
            "it has `.`, `/` or `\\`, which make paths"
        } else if b.is_ascii_whitespace() {
            "it has spaces"
        } else {
            "it has characters other than a-z, 0-9, `-` and `_`"
        });
    }
    if !alnum(first) || !alnum(last) {
        return Some("it begins or ends with `-` or `_`");
    }
    None
}

/// Whether `name` is a slug.
pub fn is_slug(name: &str) -> bool {
    problem(name).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lower_case_words_joined_by_dashes() {
        for ok in [
            "china",
            "box-new-centers",
            "gii-rank-2012",
            "a",
            "2022",
            "rd_intensity",
        ] {
            assert!(is_slug(ok), "{ok}");
        }
        for bad in [
            "", "..", ".", "../x", "a/b", "a\\b", "China", "a b", "-a", "a-", "_a", "a\u{0}",
            "a\n", "café", "a.b", "%2e%2e", "C:",
        ] {
            assert!(!is_slug(bad), "{bad:?}");
        }
        assert!(is_slug(&"a".repeat(MAX_LEN)));
        assert!(!is_slug(&"a".repeat(MAX_LEN + 1)));
    }

    #[test]
    fn the_problem_says_what_is_wrong() {
        assert_eq!(
            problem("../x"),
            Some("it has `.`, `/` or `\\`, which make paths")
        );
        assert!(problem("Box").is_some_and(|p| p.contains("upper-case")));
        assert!(problem("a b").is_some_and(|p| p.contains("spaces")));
    }
}
