//! The words almanac itself writes on a page or in a PDF ("Contents", "Box 3.", "Source:"),
//! by key, in the languages it ships (`labels/*.yaml`, embedded in the binary), with the
//! project's own wording (`labels:` in site.yaml) over them and English under them.
//!
//! A label may hold `{placeholders}` filled when it is written (`Box {n}.`), and may be
//! counted: a form for each CLDR plural category of its language (`{count} page`, `{count}
//! pages`), chosen by ICU4X's plural rules.

use icu_plurals::PluralCategory;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The languages almanac ships words for, by primary language subtag, with their tables.
pub const BUILT_IN: [(&str, &str); 8] = [
    ("en", include_str!("labels/en.yaml")),
    ("de", include_str!("labels/de.yaml")),
    ("es", include_str!("labels/es.yaml")),
    ("fr", include_str!("labels/fr.yaml")),
    ("it", include_str!("labels/it.yaml")),
    ("ja", include_str!("labels/ja.yaml")),
    ("pt", include_str!("labels/pt.yaml")),
    ("zh", include_str!("labels/zh.yaml")),
];

/// A label's text: one, or one per plural category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    Plain(String),
    /// By category, `other` always among them.
    Counted(Vec<(PluralCategory, String)>),
}

impl Text {
    /// The form for `category`, else the `other` form.
    pub fn form(&self, category: PluralCategory) -> &str {
        match self {
            Text::Plain(t) => t,
            Text::Counted(forms) => forms
                .iter()
                .find(|(c, _)| *c == category)
                .or_else(|| forms.iter().find(|(c, _)| *c == PluralCategory::Other))
                .map_or("", |(_, t)| t),
        }
    }

    /// The `{placeholders}` of all its forms, sorted, each once.
    pub fn placeholders(&self) -> Vec<&str> {
        let mut all: Vec<&str> = self.forms().into_iter().flat_map(placeholders).collect();
        all.sort_unstable();
        all.dedup();
        all
    }

    /// Every form's text.
    pub fn forms(&self) -> Vec<&str> {
        match self {
            Text::Plain(t) => vec![t],
            Text::Counted(forms) => forms.iter().map(|(_, t)| t.as_str()).collect(),
        }
    }
}

/// The name CLDR gives a plural category.
pub fn category_name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// The plural category CLDR names `name`.
pub fn category_named(name: &str) -> Option<PluralCategory> {
    Some(match name {
        "zero" => PluralCategory::Zero,
        "one" => PluralCategory::One,
        "two" => PluralCategory::Two,
        "few" => PluralCategory::Few,
        "many" => PluralCategory::Many,
        "other" => PluralCategory::Other,
        _ => return None,
    })
}

/// A label as written in YAML: text, or a map (of plural categories, or, in a project's
/// `labels:`, of languages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    Text(String),
    Map(BTreeMap<String, Written>),
}

impl<'de> Deserialize<'de> for Written {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Written;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "a label: text, a map of languages (`fr: …`), or a map of plural forms \
                     (`one: …`, `other: …`)",
                )
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Written, E> {
                Ok(Written::Text(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Written, A::Error> {
                let mut map = BTreeMap::new();
                while let Some((k, v)) = m.next_entry::<String, Written>()? {
                    if map
                        .keys()
                        .any(|have: &String| have.eq_ignore_ascii_case(&k))
                    {
                        return Err(serde::de::Error::custom(format!(
                            "`{k}` is written twice in this label"
                        )));
                    }
                    map.insert(k, v);
                }
                Ok(Written::Map(map))
            }
        }
        d.deserialize_any(Visit)
    }
}

impl Written {
    /// As a label's text, when it is text or a map of plural categories (with `other`) to
    /// text; `None` otherwise.
    pub fn as_text(&self) -> Option<Text> {
        match self {
            Written::Text(t) => Some(Text::Plain(t.clone())),
            Written::Map(m) => {
                let mut forms = Vec::with_capacity(m.len());
                for (name, w) in m {
                    let (Some(c), Written::Text(t)) = (category_named(name), w) else {
                        return None;
                    };
                    forms.push((c, t.clone()));
                }
                forms
                    .iter()
                    .any(|(c, _)| *c == PluralCategory::Other)
                    .then_some(Text::Counted(forms))
            }
        }
    }

    /// A map whose every key names a plural category.
    fn is_counted(&self) -> bool {
        matches!(self, Written::Map(m) if m.keys().all(|k| category_named(k).is_some()))
    }

    /// The text this override gives a language, whose tags are `keys`, the closest first
    /// (`fr-CA`, then `fr`): itself when it is text or counted, else its entry for the
    /// first of them it has.
    pub fn for_language<S: AsRef<str>>(&self, keys: &[S]) -> Option<&Written> {
        match self {
            Written::Text(_) => Some(self),
            Written::Map(_) if self.is_counted() => Some(self),
            Written::Map(m) => keys.iter().find_map(|key| {
                m.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(key.as_ref()))
                    .map(|(_, w)| w)
            }),
        }
    }
}

/// A project's own wording: `labels:` in site.yaml, by key; each value text, a counted map,
/// or a map of languages to either.
pub type Overrides = BTreeMap<String, Written>;

/// One language's built-in table, read from the binary the first time it is asked for (a
/// build reads English and its own languages', never all eight).
pub fn built_in(language: &str) -> Option<&'static BTreeMap<String, Text>> {
    static TABLES: [OnceLock<BTreeMap<String, Text>>; BUILT_IN.len()] =
        [const { OnceLock::new() }; BUILT_IN.len()];
    let at = BUILT_IN
        .iter()
        .position(|(l, _)| l.eq_ignore_ascii_case(language))?;
    Some(TABLES[at].get_or_init(|| {
        // The tables are almanac's own, checked by the tests below: one that did not read
        // would leave its language to English, never stop a build.
        let written: BTreeMap<String, Written> =
            serde_yaml::from_str(BUILT_IN[at].1).unwrap_or_default();
        written
            .into_iter()
            .filter_map(|(k, w)| Some((k, w.as_text()?)))
            .collect()
    }))
}

/// The table a language takes its words from: its primary subtag's, except that Chinese in
/// traditional characters (`zh-Hant`, and `zh-TW`, `zh-HK` by their likely script) has none
/// (almanac ships simplified Chinese).
pub fn table_for(language: &str, script: &str) -> String {
    if language.eq_ignore_ascii_case("zh") && script == "Hant" {
        return "zh-Hant".to_string();
    }
    language.to_ascii_lowercase()
}

/// The English table: every key there is.
pub fn english() -> &'static BTreeMap<String, Text> {
    static EMPTY: OnceLock<BTreeMap<String, Text>> = OnceLock::new();
    built_in("en").unwrap_or_else(|| EMPTY.get_or_init(BTreeMap::new))
}

/// The `{names}` a text holds, in order, each once.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !name.is_empty()
            && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            && !names.contains(&name)
        {
            names.push(name);
        }
        rest = &after[close + 1..];
    }
    names
}

/// A label that leads what follows it ("Source:", "注："), with the space that parts them,
/// unless it ends in a full-width mark (Chinese, Japanese) that holds its own.
pub fn leading(label: &str) -> String {
    if label.ends_with(|c: char| matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')) {
        label.to_string()
    } else {
        format!("{label} ")
    }
}

/// `text` with each `{name}` of `args` replaced by its value; other braces stay.
pub fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after
            .find('}')
            .and_then(|close| Some((close, args.iter().find(|(n, _)| *n == &after[..close])?)))
        {
            Some((close, (_, value))) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// What is wrong with a project's wording for `key` (`None` when nothing is): the key must be
/// one of almanac's; text must hold every `{placeholder}` of almanac's English label and no
/// other; a counted label (only one English counts) may be a map of plural forms with
/// `other`, whose `other` keeps every placeholder and whose other forms may leave some out
/// ("one page"); a map of languages holds either.
pub fn override_problem(key: &str, written: &Written) -> Option<String> {
    override_problem_at(key, written).map(|p| p.message)
}

/// What is wrong with a project's wording of a label, and where under its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The keys under the label's own that lead to what is wrong (`[fr]`, `[fr, one]`,
    /// `[dual]`); empty for the label's value itself.
    pub at: Vec<String>,
    /// What is wrong is the last of those keys itself (a language or plural form that is
    /// none), not its value.
    pub names_a_key: bool,
    pub message: String,
}

/// [`override_problem`], with the place under the label's key.
pub fn override_problem_at(key: &str, written: &Written) -> Option<Problem> {
    let problem = |at: Vec<String>, message: String| {
        Some(Problem {
            at,
            names_a_key: false,
            message,
        })
    };
    let bad_key = |at: Vec<String>, message: String| {
        Some(Problem {
            at,
            names_a_key: true,
            message,
        })
    };
    let Some(english) = english().get(key) else {
        return problem(Vec::new(), format!("`{key}` is not a label almanac writes"));
    };
    let counted = matches!(english, Text::Counted(_));
    let wanted = english.placeholders();
    let check_text = |text: &str, whole: bool| -> Option<String> {
        let has = placeholders(text);
        if let Some(extra) = has.iter().find(|p| !wanted.contains(p)) {
            return Some(format!(
                "`{{{extra}}}` is not a placeholder of `{key}`; it has {}",
                list_of(&wanted)
            ));
        }
        let missing: Vec<&str> = wanted
            .iter()
            .copied()
            .filter(|p| !has.contains(p))
            .collect();
        (whole && !missing.is_empty()).then(|| {
            format!(
                "`{key}` must keep {}: the reader would lose what it stands for",
                list_of(&missing)
            )
        })
    };
    // A text, or a map of plural forms: the problem, the form it is in, and whether that
    // form's name is the problem.
    let check_one = |w: &Written| -> Option<(Option<String>, String, bool)> {
        match w {
            Written::Text(t) => check_text(t, true).map(|m| (None, m, false)),
            Written::Map(m) => {
                if let Some(bad) = m.keys().find(|k| category_named(k).is_none()) {
                    return Some((
                        Some(bad.clone()),
                        format!(
                            "`{bad}` is not a plural form: they are zero, one, two, few, many \
                             and other"
                        ),
                        true,
                    ));
                }
                if !counted {
                    return Some((
                        None,
                        format!(
                            "`{key}` is not counted: write it as text (or as a map of languages)"
                        ),
                        false,
                    ));
                }
                if !m.contains_key("other") {
                    return Some((
                        None,
                        format!("`{key}` needs its `other` form, the one for most numbers"),
                        false,
                    ));
                }
                m.iter().find_map(|(form, t)| {
                    let Written::Text(t) = t else {
                        return Some((
                            Some(form.clone()),
                            format!("the `{form}` form of `{key}` is text"),
                            false,
                        ));
                    };
                    check_text(t, form == "other").map(|msg| (Some(form.clone()), msg, false))
                })
            }
        }
    };
    let under = |first: Option<String>, then: Option<String>| -> Vec<String> {
        first.into_iter().chain(then).collect()
    };
    match written {
        // A map with any plural form's name is a map of plural forms (whose other keys are
        // named as wrong), never of languages.
        Written::Map(m) if !m.keys().any(|k| category_named(k).is_some()) => {
            m.iter().find_map(|(lang, w)| {
                if !is_language_tag(lang) {
                    return bad_key(
                        vec![lang.clone()],
                        format!(
                            "`{lang}` is neither a language (`fr`, `pt-BR`) nor a plural form \
                             (`one`, `other`)"
                        ),
                    );
                }
                if let Written::Map(inner) = w
                    && !inner.keys().any(|k| category_named(k).is_some())
                {
                    return problem(
                        vec![lang.clone()],
                        format!(
                            "`{key}` in `{lang}` is text, or a map of plural forms with `other`"
                        ),
                    );
                }
                check_one(w).map(|(form, message, names_a_key)| Problem {
                    at: under(Some(lang.clone()), form),
                    names_a_key,
                    message,
                })
            })
        }
        _ => check_one(written).map(|(form, message, names_a_key)| Problem {
            at: under(None, form),
            names_a_key,
            message,
        }),
    }
}

fn list_of(names: &[&str]) -> String {
    if names.is_empty() {
        return "none".to_string();
    }
    names
        .iter()
        .map(|n| format!("`{{{n}}}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A BCP 47 language tag's shape: letters and digits in parts of 1 to 8 joined by `-`, the
/// first of 2 to 8 letters.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()));
    first_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_label_with_its_placeholders() {
        let en = english();
        assert!(en.len() > 100, "the English table reads");
        for (lang, yaml) in BUILT_IN {
            let written: BTreeMap<String, Written> =
                serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("{lang}.yaml: {e}"));
            let table = built_in(lang).expect("a table");
            assert_eq!(table.len(), written.len(), "{lang}: every value is a label");
            let keys: Vec<&String> = table.keys().collect();
            let en_keys: Vec<&String> = en.keys().collect();
            assert_eq!(keys, en_keys, "{lang} has the keys of en");
            for (key, text) in table {
                let english = &en[key];
                assert_eq!(
                    matches!(text, Text::Counted(_)),
                    matches!(english, Text::Counted(_)),
                    "{lang}.{key} is counted as in English"
                );
                let wanted = english.placeholders();
                let mut other: Vec<&str> = placeholders(text.form(PluralCategory::Other));
                other.sort_unstable();
                assert_eq!(other, wanted, "{lang}.{key}: the placeholders of English");
                for form in text.forms() {
                    assert!(
                        placeholders(form).iter().all(|p| wanted.contains(p)),
                        "{lang}.{key}: `{form}` has no placeholder English lacks"
                    );
                    assert!(
                        !form.trim().is_empty() || key == "list_separator",
                        "{lang}.{key}"
                    );
                }
            }
        }
    }

    #[test]
    fn placeholders_are_filled_and_other_braces_kept() {
        assert_eq!(placeholders("Box {n}. {n} {title} {}"), ["n", "title"]);
        assert_eq!(fill("Box {n}.", &[("n", "3")]), "Box 3.");
        assert_eq!(fill("{a} {b} {c", &[("a", "x")]), "x {b} {c");
        assert_eq!(fill("{n}{n}", &[("n", "{n}")]), "{n}{n}");
    }

    #[test]
    fn a_project_label_is_checked_against_almanac_s() {
        let text = |s: &str| Written::Text(s.to_string());
        assert_eq!(override_problem("box_number", &text("Panel {n}.")), None);
        assert!(override_problem("box_numbr", &text("x")).is_some());
        let missing = override_problem("box_number", &text("Panel")).expect("a problem");
        assert!(missing.contains("`{n}`"), "{missing}");
        let extra = override_problem("contents", &text("Contents {n}")).expect("a problem");
        assert!(extra.contains("`{n}`"), "{extra}");
        let counted: Written =
            serde_yaml::from_str("{one: one page, other: '{count} pages'}").expect("yaml");
        assert_eq!(override_problem("pdf_pages", &counted), None);
        let no_other: Written = serde_yaml::from_str("{one: one page}").expect("yaml");
        assert!(override_problem("pdf_pages", &no_other).is_some());
        let by_language: Written =
            serde_yaml::from_str("{fr: 'Panneau {n}.', pt-BR: 'Quadro {n}.'}").expect("yaml");
        assert_eq!(override_problem("box_number", &by_language), None);
        assert_eq!(
            by_language.for_language(&["pt-BR", "pt"]),
            Some(&text("Quadro {n}."))
        );
        assert_eq!(
            by_language.for_language(&["fr-CA", "fr"]),
            Some(&text("Panneau {n}."))
        );
        assert_eq!(by_language.for_language(&["de"]), None);
        // almanac's own English, copied, is a good override; a lost number is not.
        let span: Written = serde_yaml::from_str(
            "{one: 'one category, {first}', other: '{count} categories from {first} to {last}'}",
        )
        .expect("yaml");
        assert_eq!(override_problem("describe_span", &span), None);
        let lost: Written = serde_yaml::from_str("{one: a page, other: pages}").expect("yaml");
        assert!(override_problem("pdf_pages", &lost).is_some_and(|m| m.contains("`{count}`")));
        let dual: Written =
            serde_yaml::from_str("{one: a page, dual: two, other: '{count} pages'}").expect("yaml");
        assert!(override_problem("pdf_pages", &dual).is_some_and(|m| m.contains("`dual`")));
        let counted_box: Written = serde_yaml::from_str("{one: Boxy, other: Boxes}").expect("yaml");
        assert!(override_problem("box", &counted_box).is_some_and(|m| m.contains("not counted")));
        assert!(serde_yaml::from_str::<Written>("42").is_err());
        assert!(serde_yaml::from_str::<Written>("{fr: a, FR: b}").is_err());
        assert!(!is_language_tag("fr_FR"));
        let bad_language: Written = serde_yaml::from_str("{'f r': x}").expect("yaml");
        assert!(override_problem("contents", &bad_language).is_some());
    }
}
