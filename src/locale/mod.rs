//! The language of a page or a PDF: the words almanac itself writes (labels), how numbers
//! and dates read, and plural forms, all from one BCP 47 tag (`language:` of the site, a
//! report or an edition). Numbers, dates and plural rules come from CLDR through ICU4X's
//! compiled data; the words from the tables almanac ships (`labels/`) with the project's own
//! over them.

pub mod dates;
pub mod labels;
pub mod numbers;

use icu_plurals::{PluralRuleType, PluralRules};
pub use labels::{Overrides, Text, Written};
pub use numbers::{NumberFormat, Numbers};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A language, ready to write in: cheap to clone, shared by every page of its editions.
#[derive(Clone)]
pub struct Locale(Arc<Inner>);

struct Inner {
    /// The tag in its canonical form (`fr-CA` for `FR-ca`).
    tag: String,
    language: String,
    /// The language's likely script (`Latn`, `Hans`, `Arab`), from CLDR.
    script: String,
    /// Whether its script is written right to left.
    rtl: bool,
    /// Every label, English where the language has none.
    labels: BTreeMap<String, Text>,
    /// The labels that are almanac's English (the language has no words of its own for
    /// them): counted and ordinal by English rules.
    english: std::collections::BTreeSet<String>,
    /// The plain form of every label (a counted one's `other`), for templates.
    words: BTreeMap<String, String>,
    numbers: Numbers,
    cardinal: Option<PluralRules>,
    ordinal: Option<PluralRules>,
    english_cardinal: Option<PluralRules>,
    english_ordinal: Option<PluralRules>,
    dates: dates::DateStyle,
}

impl std::fmt::Debug for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Locale({})", self.0.tag)
    }
}

impl PartialEq for Locale {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
            || self.0.tag == other.0.tag && self.0.labels == other.0.labels
    }
}

impl Default for Locale {
    fn default() -> Self {
        Locale::new("en", &Overrides::new())
    }
}

impl Locale {
    /// The language `tag` with the project's own wording over almanac's. A tag that is no
    /// BCP 47 tag (reported where it is written) reads as English.
    pub fn new(tag: &str, overrides: &Overrides) -> Locale {
        let parsed: icu_locale_core::Locale = tag.parse().unwrap_or(icu_locale_core::locale!("en"));
        let canonical = parsed.to_string();
        let language = parsed.id.language.as_str().to_string();
        let mut likely = parsed.id.clone();
        icu_locale::LocaleExpander::new_common().maximize(&mut likely);
        let script = likely
            .script
            .map(|s| s.as_str().to_string())
            .unwrap_or_default();
        let rtl = icu_locale::LocaleDirectionality::new_common().is_right_to_left(&parsed.id);
        // The tags a project's label may be given under, the closest first: the whole tag
        // without extensions, then its language with its region or script, then the language.
        let mut keys: Vec<String> = vec![canonical.clone(), parsed.id.to_string()];
        if let Some(region) = parsed.id.region {
            keys.push(format!("{language}-{}", region.as_str()));
        }
        if let Some(script) = parsed.id.script {
            keys.push(format!("{language}-{}", script.as_str()));
        }
        keys.push(language.clone());
        let mut labels = labels::english().clone();
        let mut english: std::collections::BTreeSet<String> = labels.keys().cloned().collect();
        if let Some(own) = labels::built_in(&labels::table_for(&language, &script)) {
            labels.extend(own.iter().map(|(k, t)| (k.clone(), t.clone())));
            english.clear();
        }
        for (key, written) in overrides {
            if labels.contains_key(key)
                && labels::override_problem(key, written).is_none()
                && let Some(text) = written.for_language(&keys).and_then(Written::as_text)
            {
                labels.insert(key.clone(), text);
                english.remove(key);
            }
        }
        let words = labels
            .iter()
            .map(|(k, t)| {
                (
                    k.clone(),
                    t.form(icu_plurals::PluralCategory::Other).to_string(),
                )
            })
            .collect();
        let rules = |locale: &icu_locale_core::Locale, kind: PluralRuleType| {
            PluralRules::try_new(locale.into(), kind.into()).ok()
        };
        let en = icu_locale_core::locale!("en");
        Locale(Arc::new(Inner {
            tag: canonical.clone(),
            language,
            script,
            rtl,
            labels,
            english,
            words,
            numbers: Numbers::for_language(&canonical),
            cardinal: rules(&parsed, PluralRuleType::Cardinal),
            ordinal: rules(&parsed, PluralRuleType::Ordinal),
            english_cardinal: rules(&en, PluralRuleType::Cardinal),
            english_ordinal: rules(&en, PluralRuleType::Ordinal),
            dates: dates::DateStyle::new(&parsed),
        }))
    }

    /// English, as almanac ships it.
    pub fn english() -> Locale {
        Locale::default()
    }

    /// The tag in its canonical form (`fr-CA`, for `fr-ca` as written).
    pub fn tag(&self) -> &str {
        &self.0.tag
    }

    /// The language's likely script, as CLDR names it (`Latn`, `Hans`, `Arab`).
    pub fn script(&self) -> &str {
        &self.0.script
    }

    /// Whether the language is written right to left (`dir="rtl"`).
    pub fn is_rtl(&self) -> bool {
        self.0.rtl
    }

    /// The plural rules for the label `key`: the language's, or English's for a label the
    /// language has no words for (English words, English forms: never "3nd").
    fn rules(&self, key: &str, ordinal: bool) -> Option<&PluralRules> {
        let english = self.0.english.contains(key);
        match (english, ordinal) {
            (false, false) => self.0.cardinal.as_ref(),
            (false, true) => self.0.ordinal.as_ref(),
            (true, false) => self.0.english_cardinal.as_ref(),
            (true, true) => self.0.english_ordinal.as_ref(),
        }
    }

    /// The primary language subtag (`fr`).
    pub fn language(&self) -> &str {
        &self.0.language
    }

    pub fn numbers(&self) -> Numbers {
        self.0.numbers
    }

    /// The label `key` as it stands (a counted label's `other` form); the key itself for a
    /// key almanac does not have (a test keeps every key the code uses in the tables).
    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.words.get(key).map_or(key, String::as_str)
    }

    /// Every label's plain form, by key: the `t` of every template.
    pub fn words(&self) -> &BTreeMap<String, String> {
        &self.0.words
    }

    /// The label `key` with its placeholders filled.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        labels::fill(self.text(key), args)
    }

    /// The counted label `key` in the form CLDR's plural rules give `count`, with `{count}`
    /// the count written in the language, and the other placeholders filled.
    pub fn count(&self, key: &str, count: usize, args: &[(&str, &str)]) -> String {
        let category = self
            .0
            .cardinal
            .as_ref()
            .map_or(icu_plurals::PluralCategory::Other, |r| {
                r.category_for(count)
            });
        let written = self.0.numbers.number(count as f64, Some(0), true);
        let mut all = Vec::with_capacity(args.len() + 1);
        all.push(("count", written.as_str()));
        all.extend_from_slice(args);
        let text = self.0.labels.get(key).map_or(key, |t| t.form(category));
        labels::fill(text, &all)
    }

    /// `n` as an ordinal (`12th`, `12e`, `12.`, `第12`), `written` being `n` formatted.
    pub fn ordinal(&self, n: u64, written: &str) -> String {
        let category = self
            .rules("ordinal", true)
            .map_or(icu_plurals::PluralCategory::Other, |r| r.category_for(n));
        let text = self
            .0
            .labels
            .get("ordinal")
            .map_or("{n}", |t| t.form(category));
        labels::fill(text, &[("n", written)])
    }

    /// Names joined as the language joins a list: `A, B and C`.
    pub fn list_and<S: AsRef<str>>(&self, items: &[S]) -> String {
        match items {
            [] => String::new(),
            [one] => one.as_ref().to_string(),
            [init @ .., last] => {
                let sep = self.text("list_separator");
                let first = init.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(sep);
                self.fill("list_and", &[("first", &first), ("last", last.as_ref())])
            }
        }
    }

    /// A `YYYY-MM-DD` date in the language's long form; the date as written when it is not
    /// one.
    pub fn date(&self, iso: &str) -> String {
        self.0.dates.format(iso).unwrap_or_else(|| iso.to_string())
    }

    /// A number format in this language.
    pub fn format<'u>(&self, decimals: Option<u8>, unit: Option<&'u str>) -> NumberFormat<'u> {
        NumberFormat {
            decimals,
            grouping: true,
            unit,
            numbers: self.0.numbers,
        }
    }
}

impl Locale {
    /// The labels this language falls back to English for: those it has no built-in table
    /// for and the project does not give (none for a language almanac ships).
    pub fn untranslated(&self) -> impl Iterator<Item = &str> {
        self.0.english.iter().map(String::as_str)
    }
}

/// A language tag in its canonical form (`fr-CA` for `FR-ca`); one that is no tag as written.
pub fn canonical_tag(tag: &str) -> String {
    tag.parse::<icu_locale_core::Locale>()
        .map_or_else(|_| tag.to_string(), |l| l.to_string())
}

/// Whether text written for the language `key` serves a reader of `tag`: the same tag, or
/// one less specific in the same script (`fr` for `fr-CA`, `zh-Hant` for `zh-HK`, `zh` for
/// `zh-CN`), never another script or region (`zh` — simplified — is no text for `zh-TW`,
/// nor `pt-PT` for `pt-BR`, nor `sr` — Cyrillic — for `sr-Latn`).
pub fn serves(key: &str, tag: &str) -> bool {
    let (Ok(k), Ok(t)) = (
        key.parse::<icu_locale_core::LanguageIdentifier>(),
        tag.parse::<icu_locale_core::LanguageIdentifier>(),
    ) else {
        return key.eq_ignore_ascii_case(tag);
    };
    if k == t {
        return true;
    }
    if k.language != t.language || k.region.is_some_and(|r| Some(r) != t.region) {
        return false;
    }
    if k.variants.iter().any(|v| !t.variants.contains(v)) {
        return false;
    }
    let expander = icu_locale::LocaleExpander::new_common();
    let script = |id: &icu_locale_core::LanguageIdentifier| {
        let mut likely = id.clone();
        expander.maximize(&mut likely);
        likely.script
    };
    script(&k) == script(&t)
}

/// Whether the language `tag` is written right to left.
pub fn is_rtl(tag: &str) -> bool {
    tag.parse::<icu_locale_core::LanguageIdentifier>()
        .is_ok_and(|id| icu_locale::LocaleDirectionality::new_common().is_right_to_left(&id))
}

/// A language's name as its own speakers write it ("Français", "日本語"), for a language
/// switcher (from CLDR's names of languages in themselves); a language not in the table is
/// named by its tag. A tag with a region or script names it after the language (`pt-BR`:
/// "Português (pt-BR)").
pub fn language_name(tag: &str) -> String {
    const NAMES: [(&str, &str); 62] = [
        ("af", "Afrikaans"),
        ("am", "አማርኛ"),
        ("ar", "العربية"),
        ("az", "Azərbaycan"),
        ("be", "Беларуская"),
        ("bg", "Български"),
        ("bn", "বাংলা"),
        ("bs", "Bosanski"),
        ("ca", "Català"),
        ("cs", "Čeština"),
        ("cy", "Cymraeg"),
        ("da", "Dansk"),
        ("de", "Deutsch"),
        ("el", "Ελληνικά"),
        ("en", "English"),
        ("es", "Español"),
        ("et", "Eesti"),
        ("eu", "Euskara"),
        ("fa", "فارسی"),
        ("fi", "Suomi"),
        ("fr", "Français"),
        ("ga", "Gaeilge"),
        ("gl", "Galego"),
        ("he", "עברית"),
        ("hi", "हिन्दी"),
        ("hr", "Hrvatski"),
        ("hu", "Magyar"),
        ("hy", "Հայերեն"),
        ("id", "Bahasa Indonesia"),
        ("is", "Íslenska"),
        ("it", "Italiano"),
        ("ja", "日本語"),
        ("ka", "ქართული"),
        ("kk", "Қазақ тілі"),
        ("km", "ខ្មែរ"),
        ("ko", "한국어"),
        ("lo", "ລາວ"),
        ("lt", "Lietuvių"),
        ("lv", "Latviešu"),
        ("mk", "Македонски"),
        ("mn", "Монгол"),
        ("ms", "Bahasa Melayu"),
        ("my", "မြန်မာ"),
        ("nb", "Norsk bokmål"),
        ("ne", "नेपाली"),
        ("nl", "Nederlands"),
        ("no", "Norsk"),
        ("pl", "Polski"),
        ("pt", "Português"),
        ("ro", "Română"),
        ("ru", "Русский"),
        ("sk", "Slovenčina"),
        ("sl", "Slovenščina"),
        ("sq", "Shqip"),
        ("sr", "Српски"),
        ("sv", "Svenska"),
        ("sw", "Kiswahili"),
        ("th", "ไทย"),
        ("tr", "Türkçe"),
        ("uk", "Українська"),
        ("vi", "Tiếng Việt"),
        ("zh", "中文"),
    ];
    let primary = tag.split('-').next().unwrap_or(tag);
    match NAMES.iter().find(|(t, _)| t.eq_ignore_ascii_case(primary)) {
        Some((_, name)) if primary.len() == tag.len() => (*name).to_string(),
        Some((_, name)) => format!("{name} ({tag})"),
        None => tag.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_locale_writes_its_own_words_numbers_and_dates() {
        let fr = Locale::new("fr", &Overrides::new());
        assert_eq!(fr.text("box"), "Encadré");
        assert_eq!(fr.count("pdf_pages", 1, &[]), "1 page");
        assert_eq!(fr.count("pdf_pages", 1234, &[]), "1\u{202f}234 pages");
        assert_eq!(fr.date("2023-06-30"), "30 juin 2023");
        assert_eq!(fr.ordinal(1, "1"), "1er");
        assert_eq!(fr.ordinal(2, "2"), "2e");
        let en = Locale::english();
        assert_eq!(en.count("pdf_pages", 1, &[]), "1 page");
        assert_eq!(en.count("pdf_pages", 0, &[]), "0 pages");
        assert_eq!(en.ordinal(22, "22"), "22nd");
        assert_eq!(en.ordinal(13, "13"), "13th");
        assert_eq!(en.list_and(&["A", "B", "C"]), "A, B and C");
        assert_eq!(en.fill("box_number", &[("n", "3")]), "Box 3.");
        let de = Locale::new("de-AT", &Overrides::new());
        assert_eq!(de.text("box"), "Kasten");
        assert_eq!(de.ordinal(3, "3"), "3.");
        let zh = Locale::new("zh-Hans", &Overrides::new());
        assert_eq!(zh.list_and(&["甲", "乙", "丙"]), "甲、乙和丙");
    }

    #[test]
    fn the_project_s_wording_comes_first_and_english_fills_the_gaps() {
        let overrides: Overrides = serde_yaml::from_str(
            "box_number: 'Panel {n}.'\ncontents: {fr: Sommaire, nl: Inhoud}\npdf_pages: {one: 'a single page', other: '{count} pages'}\n",
        )
        .expect("yaml");
        let en = Locale::new("en", &overrides);
        assert_eq!(en.fill("box_number", &[("n", "2")]), "Panel 2.");
        assert_eq!(en.text("contents"), "Contents");
        assert_eq!(en.count("pdf_pages", 1, &[]), "a single page");
        let fr = Locale::new("fr-BE", &overrides);
        assert_eq!(fr.text("contents"), "Sommaire");
        let nl = Locale::new("nl", &overrides);
        assert_eq!(nl.text("contents"), "Inhoud");
        assert_eq!(nl.text("box"), "Box");
        let missing: Vec<&str> = nl.untranslated().collect();
        let has = |k: &str| missing.contains(&k);
        assert!(has("box") && !has("contents"));
        assert!(!has("box_number"), "a plain override is every language's");
        // English words keep English forms in a language almanac does not ship.
        let hindi = Locale::new("hi", &Overrides::new());
        let ordinals: Vec<String> = [1, 2, 3, 4, 21]
            .iter()
            .map(|n| hindi.ordinal(*n, &n.to_string()))
            .collect();
        assert_eq!(ordinals, ["1st", "2nd", "3rd", "4th", "21st"]);
        // Tags in their canonical form; direction and script from CLDR.
        assert_eq!(Locale::new("FR-ca", &Overrides::new()).tag(), "fr-CA");
        assert!(Locale::new("ar", &Overrides::new()).is_rtl());
        assert_eq!(Locale::new("zh-TW", &Overrides::new()).script(), "Hant");
        assert_eq!(Locale::new("zh-TW", &Overrides::new()).text("box"), "Box");
        assert_eq!(
            Locale::new("fr", &Overrides::new()).untranslated().count(),
            0
        );
        // A wrong override (reported where it is written) is not used.
        let wrong: Overrides = serde_yaml::from_str("box_number: Panel\n").expect("yaml");
        assert_eq!(
            Locale::new("en", &wrong).fill("box_number", &[("n", "2")]),
            "Box 2."
        );
    }
}
