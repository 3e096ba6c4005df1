//! Element ids of one page: made from text, and unique on the page.

use std::collections::{HashMap, HashSet};

/// The ids already given out on a page.
#[derive(Debug, Default)]
pub struct PageIds {
    used: HashSet<String>,
    /// For each base asked for twice, the suffix to try next: every smaller one is taken
    /// (ids are never given back), so a page of many same headings is not a search from
    /// `-2` for each.
    next_suffix: HashMap<String, usize>,
}

impl PageIds {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn contains(&self, id: &str) -> bool {
        self.used.contains(id)
    }

    /// Takes `base` as it is, or with `-2`, `-3`… when it is taken.
    pub fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let next = self.next_suffix.entry(base.to_string()).or_insert(2);
        loop {
            let candidate = format!("{base}-{next}");
            *next += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// An id made from text: lower-case letters and digits (any script), other runs become `-`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_letters_and_digits() {
        assert_eq!(slugify("M&A: 2013–2021 (USD)"), "m-a-2013-2021-usd");
        assert_eq!(slugify("  Über Straße "), "über-straße");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn ids_are_unique_on_a_page() {
        let mut ids = PageIds::new();
        assert_eq!(ids.unique("intro"), "intro");
        assert_eq!(ids.unique("intro"), "intro-2");
        assert_eq!(ids.unique("intro-2"), "intro-2-2");
        assert_eq!(ids.unique(""), "section");
    }

    #[test]
    fn suffixes_go_on_from_the_last_one_given() {
        let mut ids = PageIds::new();
        assert_eq!(ids.unique("a-3"), "a-3");
        assert_eq!(ids.unique("a"), "a");
        assert_eq!(ids.unique("a"), "a-2");
        // `a-3` is taken by a heading of that text: the next same heading skips it.
        assert_eq!(ids.unique("a"), "a-4");
        assert_eq!(ids.unique("a-4"), "a-4-2");
        assert_eq!(ids.unique("a"), "a-5");
        // Many same headings take time in proportion to their number.
        let mut ids = PageIds::new();
        for n in 1..=50_000 {
            let id = ids.unique("same");
            assert_eq!(
                id,
                if n == 1 {
                    "same".to_string()
                } else {
                    format!("same-{n}")
                }
            );
        }
    }
}
