//! The words after a cited key (`p. 12`, `chap. 3`, `pp. 4-7`) as a CSL locator, so the style
//! writes its own label ("p. 12", "S. 12", "12") in its own language.

/// Where in a work a citation points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locator<'a> {
    /// A kind CSL knows (its name: `page`, `chapter`, …) and the value after its label.
    Labelled { kind: &'static str, value: &'a str },
    /// Words that name no known kind, printed as written.
    Free(&'a str),
}

/// The labels authors write, as Pandoc reads them, and the CSL locator each names.
const LABELS: &[(&str, &str)] = &[
    ("p.", "page"),
    ("pp.", "page"),
    ("p", "page"),
    ("pp", "page"),
    ("page", "page"),
    ("pages", "page"),
    ("chap.", "chapter"),
    ("chaps.", "chapter"),
    ("ch.", "chapter"),
    ("chapter", "chapter"),
    ("chapters", "chapter"),
    ("sec.", "section"),
    ("secs.", "section"),
    ("section", "section"),
    ("sections", "section"),
    ("§", "section"),
    ("§§", "section"),
    ("fig.", "figure"),
    ("figs.", "figure"),
    ("figure", "figure"),
    ("figures", "figure"),
    ("tab.", "table"),
    ("table", "table"),
    ("tables", "table"),
    ("vol.", "volume"),
    ("vols.", "volume"),
    ("volume", "volume"),
    ("volumes", "volume"),
    ("para.", "paragraph"),
    ("paras.", "paragraph"),
    ("paragraph", "paragraph"),
    ("paragraphs", "paragraph"),
    ("¶", "paragraph"),
    ("n.", "note"),
    ("nn.", "note"),
    ("note", "note"),
    ("notes", "note"),
    ("l.", "line"),
    ("ll.", "line"),
    ("line", "line"),
    ("lines", "line"),
    ("no.", "issue"),
    ("art.", "article-locator"),
    ("app.", "appendix"),
    ("appendix", "appendix"),
    ("col.", "column"),
    ("column", "column"),
    ("pt.", "part"),
    ("part", "part"),
    ("bk.", "book"),
    ("book", "book"),
    ("v.", "verse"),
    ("vv.", "verse"),
    ("verse", "verse"),
];

/// The locator of the words after a key, or `None` when there are none. A bare number or
/// range (`12`, `12-14`) is a page, as in Pandoc.
pub fn parse(suffix: &str) -> Option<Locator<'_>> {
    let suffix = suffix.trim();
    if suffix.is_empty() {
        return None;
    }
    let (first, rest) = match suffix.split_once(char::is_whitespace) {
        Some((f, r)) => (f, r.trim_start()),
        None => (suffix, ""),
    };
    let lower = first.to_lowercase();
    if let Some(&(_, kind)) = LABELS.iter().find(|(l, _)| *l == lower)
        && !rest.is_empty()
    {
        return Some(Locator::Labelled { kind, value: rest });
    }
    // `§12`: a sign glued to its number.
    for sign in ["§", "¶"] {
        if let Some(value) = suffix.strip_prefix(sign)
            && value.starts_with(|c: char| c.is_ascii_digit())
        {
            let kind = if sign == "§" { "section" } else { "paragraph" };
            return Some(Locator::Labelled { kind, value });
        }
    }
    if suffix.starts_with(|c: char| c.is_ascii_digit())
        && suffix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '–' | ',' | ' '))
    {
        return Some(Locator::Labelled {
            kind: "page",
            value: suffix,
        });
    }
    Some(Locator::Free(suffix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_become_kinds_and_the_rest_stays_words() {
        let l = |kind, value| Some(Locator::Labelled { kind, value });
        assert_eq!(parse("p. 12"), l("page", "12"));
        assert_eq!(parse("pp. 12-14"), l("page", "12-14"));
        assert_eq!(parse("Chap. 3"), l("chapter", "3"));
        assert_eq!(parse("§4"), l("section", "4"));
        assert_eq!(parse("33"), l("page", "33"));
        assert_eq!(parse("and elsewhere"), Some(Locator::Free("and elsewhere")));
        assert_eq!(parse("p."), Some(Locator::Free("p.")));
        assert_eq!(parse("  "), None);
    }
}
