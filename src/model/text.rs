//! Text written in several languages: `title: {en: Trade, fr: Commerce}` in a report's or an
//! edition's files, for an edition with translations.
//!
//! Load reads such a file once per language of its edition, inside [`read_in`]; each text
//! field (a `String` read through [`one`] or [`optional`], a cell or a diagram's label read as
//! a [`Scalar`](super::value::Scalar)) then takes the text of the language being read. So
//! every stage after load sees plain text, and a translation is an edition like any other.

use crate::locale::labels::is_language_tag;
use crate::locale::serves;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::cell::RefCell;
use std::fmt;

/// The languages of the edition being read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The language whose text a field takes.
    pub language: String,
    /// Every language of the edition (the original's first): a mapping whose keys are
    /// language tags, one of them among these, is text in several languages.
    pub languages: Vec<String>,
}

thread_local! {
    static READING: RefCell<Option<Reading>> = const { RefCell::new(None) };
}

/// Runs `f` (which reads YAML) with `reading` as the language a text field takes; with
/// `None`, a field written in several languages is refused.
pub fn read_in<R>(reading: Option<&Reading>, f: impl FnOnce() -> R) -> R {
    let before = READING.with(|r| r.replace(reading.cloned()));
    struct Restore(Option<Reading>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let before = self.0.take();
            READING.with(|r| *r.borrow_mut() = before);
        }
    }
    let _restore = Restore(before);
    f()
}

/// Whether `key` can name a language of a text: a language tag whose language is a two- or
/// three-letter code (`fr`, `pt-BR`, `yue`), so that a mapping of fields (`title`, `rows`,
/// which BCP 47 would allow as languages) is never taken for one.
pub fn is_text_language(key: &str) -> bool {
    let primary = key.split('-').next().unwrap_or(key);
    // Not the codes for no language, several, none or an uncoded one.
    let special = ["und", "mul", "zxx", "mis"].contains(&primary.to_ascii_lowercase().as_str());
    (2..=3).contains(&primary.len()) && !special && is_language_tag(key)
}

/// Which of `keys` is the text of the language being read (the same tag, or a less specific
/// one in its script: `locale::serves`); `Ok(None)` when they are no language map (no
/// reading, an edition in one language, keys that are no languages), so the mapping is what
/// it is; an error for a language map without the language, or with a key that is none.
pub fn choose<'k>(
    keys: impl Iterator<Item = Option<&'k str>> + Clone,
) -> Result<Option<usize>, String> {
    READING.with(|r| {
        let r = r.borrow();
        // Only an edition with translations has text in several languages.
        let Some(reading) = r.as_ref().filter(|r| r.languages.len() > 1) else {
            return Ok(None);
        };
        // A mapping whose keys are all language tags is text in several languages, the
        // edition's or not (`{de: …}` in an edition in en and fr lacks both).
        let all_tags = keys.clone().all(|k| k.is_some_and(is_text_language));
        if !all_tags {
            // Text in several languages with a key that names none is a mistake to name.
            let some_tags = keys.clone().any(|k| k.is_some_and(is_text_language));
            let stray = keys.clone().find(|k| !k.is_some_and(is_text_language));
            return match (some_tags, stray) {
                (true, Some(k)) => {
                    let k = k.unwrap_or("?");
                    let hint = if k.contains('_') && is_text_language(&k.replace('_', "-")) {
                        format!(" (write `{}`)", k.replace('_', "-"))
                    } else {
                        String::new()
                    };
                    Err(format!(
                        "`{k}` is no language{hint}: in text written in several languages, each key is a language tag (`fr`, `pt-BR`)"
                    ))
                }
                _ => Ok(None),
            };
        }
        if keys.clone().next().is_none() {
            return Ok(None);
        }
        let keys: Vec<&str> = keys.flatten().collect();
        let exact = keys
            .iter()
            .position(|k| k.eq_ignore_ascii_case(&reading.language));
        match exact.or_else(|| keys.iter().position(|k| serves(k, &reading.language))) {
            Some(i) => Ok(Some(i)),
            None => Err(missing(&reading.language, &keys)),
        }
    })
}

/// The message of a language map without the language being read. `load` knows it by its
/// start ("no text in").
pub fn missing(language: &str, has: &[&str]) -> String {
    let has: Vec<String> = has.iter().map(|k| format!("`{k}`")).collect();
    let has = if has.is_empty() {
        String::new()
    } else {
        format!(" (it has {})", has.join(", "))
    };
    format!("no text in `{language}` here{has}: add `{language}: …`, the text in that language")
}

/// Why a mapping with these keys, met anywhere in a file being read, is text in several
/// languages without the one being read; `None` when it is not (or has it).
///
/// Only a mapping whose keys are all languages, one of them the edition's, counts here: this
/// looks at every mapping of a file, most of them fields.
pub fn missing_here(keys: &[&str]) -> Option<String> {
    let ours = READING.with(|r| {
        r.borrow().as_ref().is_some_and(|r| {
            keys.iter()
                .any(|k| r.languages.iter().any(|l| serves(k, l)))
        })
    });
    if !ours || !keys.iter().all(|k| is_text_language(k)) {
        return None;
    }
    choose(keys.iter().map(|k| Some(*k))).err()
}

/// Whether the file being read belongs to an edition in several languages.
fn several_languages() -> bool {
    READING.with(|r| r.borrow().as_ref().is_some_and(|r| r.languages.len() > 1))
}

/// A text field: plain text, or, in an edition with translations, text in several languages
/// (a mapping from language tags to text) of which it takes the language being read.
///
/// Elsewhere it is read as text alone, exactly as written (`1.10` stays `1.10`); in an
/// edition with translations a plain value that YAML reads as a number or a truth value is
/// written back in its shortest form (`1.10` is `1.1`): quote it to keep it as written.
pub fn one<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    if several_languages() {
        d.deserialize_any(TextVisitor)
    } else {
        String::deserialize(d)
    }
}

/// An optional text field, as [`one`].
pub fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            one(d).map(Some)
        }
    }
    d.deserialize_option(V)
}

/// A list of text fields, as [`one`] each.
pub fn list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct Item(String);
    impl<'de> de::Deserialize<'de> for Item {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Item, D::Error> {
            one(d).map(Item)
        }
    }
    let items: Vec<Item> = de::Deserialize::deserialize(d)?;
    Ok(items.into_iter().map(|i| i.0).collect())
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<String, E> {
        Ok(s.to_owned())
    }
    fn visit_string<E: de::Error>(self, s: String) -> Result<String, E> {
        Ok(s)
    }
    // YAML reads a plain `2023` or `true` as a number or a truth value, which write back as
    // they were written; a fraction may not (`1.10` is 1.1), so it must be quoted.
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Err(E::custom(format!(
            "this text reads as the number {v} here: in an edition with translations, write it in quotes (\"{v}\", or as you mean it) so it stays as written"
        )))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
        let mut entries: Vec<(String, String)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if entries.iter().any(|(k, _)| k.eq_ignore_ascii_case(&key)) {
                return Err(de::Error::custom(format!(
                    "duplicate entry with key \"{key}\""
                )));
            }
            // An entry without text (`fr: ~`) is no text in that language.
            let value: Option<String> = map.next_value()?;
            entries.push((key, value.unwrap_or_default()));
        }
        let keys = entries.iter().map(|(k, _)| Some(k.as_str()));
        match choose(keys) {
            Ok(Some(i)) if entries[i].1.trim().is_empty() => {
                let keys: Vec<&str> = entries
                    .iter()
                    .filter(|(_, t)| !t.trim().is_empty())
                    .map(|(k, _)| k.as_str())
                    .collect();
                Err(de::Error::custom(missing(&entries[i].0, &keys)))
            }
            Ok(Some(i)) => Ok(entries.swap_remove(i).1),
            Ok(None) => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
            Err(why) => Err(de::Error::custom(why)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug)]
    struct T {
        #[serde(deserialize_with = "one")]
        title: String,
        #[serde(default, deserialize_with = "optional")]
        note: Option<String>,
    }

    fn reading(language: &str) -> Reading {
        Reading {
            language: language.into(),
            languages: vec!["en".into(), "fr".into()],
        }
    }

    fn read(yaml: &str, language: Option<&str>) -> Result<T, String> {
        let r = language.map(reading);
        read_in(r.as_ref(), || serde_yaml::from_str::<T>(yaml)).map_err(|e| e.to_string())
    }

    #[test]
    fn a_field_takes_the_language_being_read() {
        let yaml = "title: {en: Trade, fr: Commerce}\nnote: {en: A, fr: B}";
        assert_eq!(read(yaml, Some("en")).unwrap().title, "Trade");
        let fr = read(yaml, Some("fr")).unwrap();
        assert_eq!(
            (fr.title.as_str(), fr.note.as_deref()),
            ("Commerce", Some("B"))
        );
        // A region's edition takes its language's text; plain text is every language's.
        assert_eq!(read(yaml, Some("fr-CA")).unwrap().title, "Commerce");
        assert_eq!(read("title: Trade", Some("fr")).unwrap().title, "Trade");
    }

    #[test]
    fn a_missing_language_is_named_and_a_map_of_other_keys_is_no_text() {
        let e = read("title: {en: Trade, de: Handel}", Some("fr")).unwrap_err();
        assert!(
            e.contains("no text in `fr` here (it has `en`, `de`)"),
            "{e}"
        );
        let e = read("title: {en: A, fr: B, fr_FR: C}", Some("fr")).unwrap_err();
        assert!(e.contains("`fr_FR` is no language (write `fr-FR`)"), "{e}");
        let e = read("title: {a: 1}", Some("fr")).unwrap_err();
        assert!(e.contains("invalid type: map, expected a string"), "{e}");
        // Outside an edition with translations, a map is no text, and text is as written.
        let e = read("title: {en: Trade}", None).unwrap_err();
        assert!(e.contains("invalid type: map"), "{e}");
        let alone = Reading {
            language: "en".into(),
            languages: vec!["en".into()],
        };
        let t = read_in(Some(&alone), || serde_yaml::from_str::<T>("title: 1.10")).unwrap();
        assert_eq!(t.title, "1.10");
        // With translations, a whole number or a truth value is text as written; a fraction,
        // which YAML would write back otherwise (`1.10` as 1.1), must be quoted; in a map, text
        // is as written.
        assert_eq!(read("title: 2023", Some("fr")).unwrap().title, "2023");
        let e = read("title: 2016.10", Some("fr")).unwrap_err();
        assert!(e.contains("write it in quotes"), "{e}");
        assert_eq!(
            read("title: \"2016.10\"", Some("fr")).unwrap().title,
            "2016.10"
        );
        assert_eq!(
            read("title: {en: 1.10, fr: 1.10}", Some("fr"))
                .unwrap()
                .title,
            "1.10"
        );
        // An entry without text is missing.
        let e = read("title: {en: A, fr: ~}", Some("fr")).unwrap_err();
        assert!(e.contains("no text in `fr` here (it has `en`)"), "{e}");
        // And the reading ends with the call.
        assert!(read_in(None, || READING.with(|r| r.borrow().is_none())));
    }

    #[test]
    fn a_text_falls_back_to_its_language_never_to_a_sibling() {
        assert!(serves("fr", "fr-CA") && serves("zh-Hant", "zh-HK") && serves("FR", "fr"));
        assert!(serves("zh", "zh-CN") && serves("pt", "pt-BR"));
        assert!(
            !serves("zh-Hans", "zh-Hant") && !serves("pt-PT", "pt-BR") && !serves("fr-FR", "fr")
        );
        assert!(!serves("zh", "zh-TW") && !serves("sr", "sr-Latn"));
        assert!(!serves("f", "fr") && !serves("fr-C", "fr-CA"));
        let r = Reading {
            language: "zh-Hant".into(),
            languages: vec!["en".into(), "zh-Hant".into()],
        };
        let e = read_in(Some(&r), || {
            serde_yaml::from_str::<T>("title: {en: Box, zh-Hans: 专栏}")
        })
        .unwrap_err()
        .to_string();
        assert!(e.contains("no text in `zh-Hant`"), "{e}");
        // A mapping of fields is never taken for text in several languages.
        assert!(!is_text_language("title") && is_text_language("pt-BR") && is_text_language("yue"));
    }
}
