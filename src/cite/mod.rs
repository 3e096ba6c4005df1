//! Citations: the bibliography of a report, and citations and reference lists formatted in a
//! CSL style.
//!
//! The engine is hayagriva, the citation engine of Typst, with the official CSL styles and
//! locales built in (behind the default cargo feature `citations`). Everything else of
//! almanac sees only this module's types: a [`Library`] read from a report's
//! `references.yaml` (Hayagriva's format) or `references.bib` (BibLaTeX), a [`Style`] named
//! in `site.yaml`, and [`Formatted`] text ([`rich::Rich`]) that render writes as HTML or
//! Typst. Formatting is deterministic: the same citations in the same order give the same
//! text.

pub mod locator;
pub mod rich;

#[cfg(feature = "citations")]
mod engine;
#[cfg(feature = "citations")]
mod export;

use rich::Rich;

/// The fields of an entry of a Hayagriva YAML bibliography (Hayagriva ignores any other,
/// so load reports one it would drop).
pub const YAML_FIELDS: &[&str] = &[
    "abstract",
    "affiliated",
    "archive",
    "archive-location",
    "author",
    "call-number",
    "chapter",
    "date",
    "edition",
    "editor",
    "genre",
    "issue",
    "language",
    "location",
    "note",
    "organization",
    "page-range",
    "page-total",
    "parent",
    "publisher",
    "runtime",
    "serial-number",
    "time-range",
    "title",
    "type",
    "url",
    "volume",
    "volume-total",
];

/// The style used when `site.yaml` names none.
pub const DEFAULT_STYLE: &str = "chicago-author-date";

/// What is wrong at a place of a bibliography file (a byte range of its text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseProblem {
    pub offset: usize,
    pub len: usize,
    pub message: String,
}

/// The works of a report's bibliography, in the order its files give them.
#[derive(Debug, Default)]
pub struct Library {
    keys: Vec<String>,
    /// Each key's place in `keys`: a citation's key is looked up once per citation.
    positions: std::collections::HashMap<String, usize>,
    #[cfg(feature = "citations")]
    inner: engine::Works,
}

impl Library {
    /// The keys, in file order.
    pub fn keys(&self) -> &[String] {
        &self.keys
    }

    pub fn contains(&self, key: &str) -> bool {
        self.positions.contains_key(key)
    }

    /// The place of `key` in [`Library::keys`].
    pub fn position(&self, key: &str) -> Option<usize> {
        self.positions.get(key).copied()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Reads a bibliography in Hayagriva's YAML format.
    pub fn read_yaml(text: &str) -> Result<Library, Vec<ParseProblem>> {
        #[cfg(feature = "citations")]
        {
            engine::Works::read_yaml(text).map(Library::from_works)
        }
        #[cfg(not(feature = "citations"))]
        {
            Err(vec![unavailable(text)])
        }
    }

    /// Reads a bibliography in BibLaTeX (or BibTeX).
    pub fn read_biblatex(text: &str) -> Result<Library, Vec<ParseProblem>> {
        #[cfg(feature = "citations")]
        {
            engine::Works::read_biblatex(text).map(Library::from_works)
        }
        #[cfg(not(feature = "citations"))]
        {
            Err(vec![unavailable(text)])
        }
    }

    #[cfg(feature = "citations")]
    fn from_works(inner: engine::Works) -> Library {
        let keys = inner.keys();
        Library {
            positions: keys
                .iter()
                .enumerate()
                .map(|(i, k)| (k.clone(), i))
                .collect(),
            keys,
            inner,
        }
    }

    /// Adds the works of `other`; a key already here keeps its first work.
    pub fn extend(&mut self, other: Library) {
        #[cfg(feature = "citations")]
        self.inner.extend(other.inner);
        for k in other.keys {
            if !self.contains(&k) {
                self.positions.insert(k.clone(), self.keys.len());
                self.keys.push(k);
            }
        }
    }

    /// The works of `keys` as BibTeX, for readers' reference managers.
    pub fn to_bibtex(&self, keys: &[&str]) -> String {
        #[cfg(feature = "citations")]
        {
            export::bibtex(&self.inner, keys)
        }
        #[cfg(not(feature = "citations"))]
        {
            let _ = keys;
            String::new()
        }
    }

    /// The works of `keys` as CSL-JSON, the format of Zotero and of every CSL processor.
    pub fn to_csl_json(&self, keys: &[&str]) -> String {
        #[cfg(feature = "citations")]
        {
            export::csl_json(&self.inner, keys)
        }
        #[cfg(not(feature = "citations"))]
        {
            let _ = keys;
            "[]\n".to_string()
        }
    }
}

#[cfg(not(feature = "citations"))]
fn unavailable(text: &str) -> ParseProblem {
    ParseProblem {
        offset: 0,
        len: text.lines().next().map_or(1, str::len).max(1),
        message: "this almanac was built without citations (the cargo feature `citations`)"
            .to_string(),
    }
}

/// A citation style, ready to format with.
#[derive(Debug)]
pub struct Style {
    pub name: String,
    /// Shared: a style is decoded once per process (see [`engine::StyleData::named`]).
    #[cfg(feature = "citations")]
    inner: std::sync::Arc<engine::StyleData>,
}

/// Why a style name cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StyleProblem {
    /// No built-in style has this name; the closest one, if any.
    Unknown(Option<&'static str>),
    /// A style that puts citations in footnotes, which almanac does not set.
    Notes,
    /// Built without the citation engine.
    Unavailable,
}

impl Style {
    /// The built-in CSL style of this name (`apa`, `ieee`, `chicago-author-date`, …).
    pub fn named(name: &str) -> Result<Style, StyleProblem> {
        #[cfg(feature = "citations")]
        {
            engine::StyleData::named(name).map(|inner| Style {
                name: name.to_string(),
                inner,
            })
        }
        #[cfg(not(feature = "citations"))]
        {
            let _ = name;
            Err(StyleProblem::Unavailable)
        }
    }

    /// Whether the style numbers works (`[1]`) rather than naming them (`(Doe 2020)`).
    pub fn is_numeric(&self) -> bool {
        #[cfg(feature = "citations")]
        {
            self.inner.numeric
        }
        #[cfg(not(feature = "citations"))]
        {
            false
        }
    }
}

/// Every built-in style name, sorted.
pub fn style_names() -> Vec<&'static str> {
    #[cfg(feature = "citations")]
    {
        engine::style_names()
    }
    #[cfg(not(feature = "citations"))]
    {
        Vec::new()
    }
}

/// One work cited, as the text cites it.
#[derive(Debug, Clone, Copy)]
pub struct CiteItem<'a> {
    pub key: &'a str,
    /// Words before the work (`see`).
    pub prefix: &'a str,
    /// A locator or words after it (`p. 12`, `chap. 3`).
    pub suffix: &'a str,
    /// Only the year (or number): the author is named in the text.
    pub suppress_author: bool,
}

/// A citation of one or more works.
#[derive(Debug, Clone)]
pub struct Cite<'a> {
    pub items: Vec<CiteItem<'a>>,
    /// Named in running text: "Doe (2020)" rather than "(Doe 2020)".
    pub in_text: bool,
}

/// An entry of the reference list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Reference {
    pub key: String,
    /// The label a numeric style sets before the entry (`[1]`).
    pub label: Option<Rich>,
    pub text: Rich,
}

/// Every citation of a document formatted, and its reference list.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Formatted {
    /// One per citation, in the order given.
    pub citations: Vec<Rich>,
    /// The works cited, in the style's order.
    pub references: Vec<Reference>,
}

/// Formats a document's citations, given in reading order (numbers, "ibid." and the letters
/// that tell two works of an author and year apart depend on it), in `language` (a BCP 47
/// tag such as `en` or `fr-CA`). Every key must be in `library` (resolve checks them).
pub fn format(library: &Library, style: &Style, language: &str, cites: &[Cite<'_>]) -> Formatted {
    #[cfg(feature = "citations")]
    {
        engine::format(&library.inner, &style.inner, language, cites)
    }
    #[cfg(not(feature = "citations"))]
    {
        let _ = (library, style, language, cites);
        Formatted::default()
    }
}

/// [`format`], remembered: the same citations of the same works in the same style and
/// language format to the same text, so it is taken from this process's memory, or else from
/// `store` (the build cache), when it was formatted before. `sources` are the bibliography's
/// files as read, which the key is made from with everything else the text depends on.
/// Formatting is most of what a small project's build does (the engine renders and sorts
/// through the whole style for each reference list), and the same lists come back at every
/// rebuild and every edit the live preview sees.
pub fn format_remembered(
    library: &Library,
    sources: &[crate::core::source::SourceFile],
    style: &Style,
    language: &str,
    cites: &[Cite<'_>],
    store: Option<&dyn crate::core::store::Store>,
) -> Formatted {
    static MEMORY: Memory<Formatted> = Memory::new();
    let key = {
        // `key_of` writes each part's length before it: no two lists of parts run together.
        let mut parts: Vec<&[u8]> = vec![
            b"almanac citations 1",
            env!("CARGO_PKG_VERSION").as_bytes(),
            style.name.as_bytes(),
            language.as_bytes(),
        ];
        for c in cites {
            parts.push(if c.in_text { b"cite in text" } else { b"cite" });
            for i in &c.items {
                parts.extend([i.key, i.prefix, i.suffix].map(str::as_bytes));
                parts.push(if i.suppress_author { b"-" } else { b"+" });
            }
        }
        for s in sources {
            parts.extend([s.path.as_bytes(), s.text.as_bytes()]);
        }
        crate::core::store::key_of(&parts)
    };
    MEMORY.remembered(
        &key,
        store,
        |f| f.citations.len() == cites.len(),
        || format(library, style, language, cites),
    )
}

/// What formatting made, kept in this process's memory under the key of its inputs, and in the
/// build cache: see [`format_remembered`] and [`format_work_remembered`].
struct Memory<T> {
    made: std::sync::Mutex<Option<std::collections::HashMap<String, T>>>,
}

impl<T: Clone + serde::Serialize + serde::de::DeserializeOwned> Memory<T> {
    /// Bounded: a long live preview keeps what its last few hundred formattings made.
    const REMEMBERED: usize = 512;

    const fn new() -> Self {
        Memory {
            made: std::sync::Mutex::new(None),
        }
    }

    /// What `make` makes, from memory or from `store` when an earlier run made it under `key`
    /// (and `sound` accepts it: an entry of the cache is never trusted blindly).
    fn remembered(
        &self,
        key: &str,
        store: Option<&dyn crate::core::store::Store>,
        sound: impl Fn(&T) -> bool,
        make: impl FnOnce() -> T,
    ) -> T {
        let memory = || self.made.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(made) = memory().as_ref().and_then(|m| m.get(key)) {
            return made.clone();
        }
        let made = store
            .and_then(|s| s.get(key))
            .and_then(|bytes| serde_json::from_slice::<T>(&bytes).ok())
            .filter(|made| sound(made))
            .unwrap_or_else(|| {
                let made = make();
                if let (Some(s), Ok(bytes)) = (store, serde_json::to_vec(&made)) {
                    s.put(key, &bytes);
                }
                made
            });
        let mut m = memory();
        let m = m.get_or_insert_with(std::collections::HashMap::new);
        if m.len() >= Self::REMEMBERED {
            m.clear();
        }
        m.insert(key.to_string(), made.clone());
        made
    }
}

/// A work described by almanac itself (an edition, for "how to cite").
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Work {
    pub title: String,
    /// Names as written (`Doe, Jane`, or an organisation's name).
    pub authors: Vec<String>,
    /// `YYYY` or `YYYY-MM-DD`.
    pub date: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
}

/// `work` as an entry of a reference list in `style`; `None` without the engine.
pub fn format_work(work: &Work, style: &Style, language: &str) -> Option<Rich> {
    #[cfg(feature = "citations")]
    {
        engine::format_work(work, &style.inner, language)
    }
    #[cfg(not(feature = "citations"))]
    {
        let _ = (work, style, language);
        None
    }
}

/// [`format_work`], remembered as [`format_remembered`] remembers reference lists: the engine
/// takes as long to format one edition's "how to cite" as a whole chapter takes to render,
/// and it comes out the same for the same work, style and language.
pub fn format_work_remembered(
    work: &Work,
    style: &Style,
    language: &str,
    store: Option<&dyn crate::core::store::Store>,
) -> Option<Rich> {
    static MEMORY: Memory<Option<Rich>> = Memory::new();
    let key = work_key(work, style, language)?;
    MEMORY.remembered(&key, store, |_| true, || format_work(work, style, language))
}

/// Keeps what [`format_work_remembered`] put in `store` for `work`, though this build did not
/// need it (the page it is on was kept whole).
pub fn keep_work(
    work: &Work,
    style: &Style,
    language: &str,
    store: &dyn crate::core::store::Store,
) {
    if let Some(key) = work_key(work, style, language) {
        store.keep(&key);
    }
}

/// The key of `work` formatted in `style` and `language`: everything the text depends on.
fn work_key(work: &Work, style: &Style, language: &str) -> Option<String> {
    let fields = serde_json::to_vec(work).ok()?;
    Some(crate::core::store::key_of(&[
        b"almanac how to cite 1",
        env!("CARGO_PKG_VERSION").as_bytes(),
        style.name.as_bytes(),
        language.as_bytes(),
        &fields,
    ]))
}
