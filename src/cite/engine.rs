//! hayagriva behind the [`super`] module's types: reading bibliographies, the built-in
//! styles and locales, and formatting.

use super::locator::{self, Locator as Loc};
use super::rich::{Look, Rich};
use super::{Cite, Formatted, ParseProblem, Reference, StyleProblem};
use hayagriva::citationberg::taxonomy::Locator;
use hayagriva::citationberg::{
    CitationFormat, FontStyle, FontVariant, FontWeight, IndependentStyle, Locale, LocaleCode,
    Style, StyleCategory, StyleClass, TextDecoration, VerticalAlign,
};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, CitePurpose, ElemChild,
    ElemChildren, ElemMeta, Formatting, LocatorPayload, SpecificLocator,
};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The works of a bibliography, and the BibLaTeX of those read from a `.bib` file (written
/// back as they were for the BibTeX download).
#[derive(Debug, Default)]
pub struct Works {
    pub library: hayagriva::Library,
    /// The BibLaTeX of each work read from a `.bib` file, as its file writes it.
    pub biblatex: HashMap<String, String>,
}

impl Works {
    pub fn keys(&self) -> Vec<String> {
        self.library.keys().map(str::to_string).collect()
    }

    pub fn extend(&mut self, other: Works) {
        for entry in other.library.iter() {
            if self.library.get(entry.key()).is_none() {
                self.library.push(entry);
            }
        }
        for (k, v) in other.biblatex {
            self.biblatex.entry(k).or_insert(v);
        }
    }

    pub fn read_yaml(text: &str) -> Result<Works, Vec<ParseProblem>> {
        match hayagriva::io::from_yaml_str(text) {
            Ok(library) => Ok(Works {
                library,
                biblatex: HashMap::new(),
            }),
            Err(e) => {
                let mut message = e.to_string();
                // The position is the diagnostic's own.
                if let Some(at) = message.find(" at line ") {
                    message.truncate(at);
                }
                let mut offset = e.location().map_or(0, |l| l.index());
                // A repeated key is reported at the start of the file: find its second use.
                if let Some(key) = message.strip_prefix("duplicate key ").map(str::to_string) {
                    let mut starts = top_level_key_offsets(text, &key);
                    starts.next();
                    if let Some(second) = starts.next() {
                        offset = second;
                    }
                    message = format!("the key `{key}` is used twice");
                }
                Err(vec![ParseProblem {
                    offset: offset.min(text.len()),
                    len: 1,
                    message,
                }])
            }
        }
    }

    pub fn read_biblatex(text: &str) -> Result<Works, Vec<ParseProblem>> {
        let bibliography = biblatex::Bibliography::parse(text).map_err(|e| {
            vec![ParseProblem {
                offset: e.span.start.min(text.len()),
                len: e.span.len().max(1),
                message: e.kind.to_string(),
            }]
        })?;
        let mut works = Works::default();
        let mut problems = Vec::new();
        for entry in bibliography.iter() {
            match hayagriva::Entry::try_from(entry) {
                // A date biblatex could not read is dropped without a word: say so.
                Ok(e)
                    if (e.date().is_none()
                        && (entry.fields.contains_key("date")
                            || entry.fields.contains_key("year")))
                        || entry.fields.get("year").is_some_and(|y| !year_text_ok(y)) =>
                {
                    let bad_year = entry.fields.get("year").is_some_and(|y| !year_text_ok(y));
                    let name = if bad_year || !entry.fields.contains_key("date") {
                        "year"
                    } else {
                        "date"
                    };
                    let chunks = entry.fields.get(name).and_then(|c| c.first());
                    let at = chunks.map_or(0, |c| c.span.start);
                    problems.push(ParseProblem {
                        offset: at.min(text.len()),
                        len: 1,
                        message: format!(
                            "entry `{}`, field `{name}`: not a date (write a year, `2021`, or `2021-05-23`)",
                            entry.key
                        ),
                    });
                }
                Ok(e) => {
                    works.library.push(&e);
                    works.biblatex.insert(
                        entry.key.clone(),
                        raw_entry(text, &entry.key).unwrap_or_else(|| entry.to_biblatex_string()),
                    );
                }
                Err(t) => {
                    let field = entry
                        .fields
                        .iter()
                        .find(|(_, chunks)| {
                            chunks
                                .iter()
                                .any(|c| c.span.start <= t.span.start && t.span.end <= c.span.end)
                        })
                        .map(|(name, _)| format!(", field `{name}`"))
                        .unwrap_or_default();
                    problems.push(ParseProblem {
                        offset: t.span.start.min(text.len()),
                        len: t.span.len().max(1),
                        message: format!("entry `{}`{field}: {}", entry.key, t.kind),
                    });
                }
            }
        }
        if problems.is_empty() {
            Ok(works)
        } else {
            Err(problems)
        }
    }
}

/// Whether a `year` field is a year (digits, as BibTeX writes one): biblatex reads `20x9`
/// as the year 20.
fn year_text_ok(chunks: &[biblatex::Spanned<biblatex::Chunk>]) -> bool {
    let text: String = chunks
        .iter()
        .map(|c| match &c.v {
            biblatex::Chunk::Normal(s)
            | biblatex::Chunk::Verbatim(s)
            | biblatex::Chunk::Math(s) => s.as_str(),
        })
        .collect();
    let t = text.trim();
    !t.is_empty() && t.chars().all(|c| c.is_ascii_digit())
}

/// The text of the entry `key` as its `.bib` file writes it: from its `@` to the brace or
/// parenthesis that closes it, so the download keeps its author's LaTeX as written.
fn raw_entry(text: &str, key: &str) -> Option<String> {
    let mut from = 0;
    while let Some(i) = text[from..].find(key) {
        let at = from + i;
        from = at + key.len();
        let before = text[..at].trim_end();
        if !(before.ends_with('{') || before.ends_with('('))
            || !text[from..].trim_start().starts_with(',')
        {
            continue;
        }
        let open = before.len() - 1;
        let start = text[..open].rfind('@')?;
        let (up, down) = if before.ends_with('{') {
            (b'{', b'}')
        } else {
            (b'(', b')')
        };
        let mut depth = 0usize;
        for (j, &b) in text.as_bytes()[open..].iter().enumerate() {
            if b == up || (up == b'(' && b == b'{') {
                depth += 1;
            } else if b == down || (up == b'(' && b == b'}') {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(text[start..open + j + 1].to_string());
                }
            }
        }
        return None;
    }
    None
}

/// Where `key:` starts a line of a YAML file (a top-level key), in order.
fn top_level_key_offsets<'a>(text: &'a str, key: &'a str) -> impl Iterator<Item = usize> + 'a {
    let mut offset = 0;
    text.split_inclusive('\n').filter_map(move |line| {
        let at = offset;
        offset += line.len();
        let unquoted = line
            .strip_prefix(key)
            .or_else(|| line.strip_prefix(&format!("\"{key}\"")[..]))
            .or_else(|| line.strip_prefix(&format!("'{key}'")[..]));
        unquoted
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
            .then_some(at)
    })
}

/// A built-in style, decoded once per build.
#[derive(Debug)]
pub struct StyleData {
    style: IndependentStyle,
    pub numeric: bool,
}

pub fn style_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = hayagriva::archive::ArchivedStyle::all()
        .iter()
        .flat_map(|s| s.names().iter().copied())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

impl StyleData {
    /// The built-in style `name`, decoded once per process: decoding the archive's CBOR costs
    /// more than formatting a whole reference list, and the live preview would pay it at
    /// every rebuild.
    pub fn named(name: &str) -> Result<Arc<StyleData>, StyleProblem> {
        static DECODED: Mutex<Vec<(String, Arc<StyleData>)>> = Mutex::new(Vec::new());
        let decoded = || DECODED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, style)) = decoded().iter().find(|(n, _)| n == name) {
            return Ok(style.clone());
        }
        let style = Arc::new(Self::decode(name)?);
        decoded().push((name.to_string(), style.clone()));
        Ok(style)
    }

    fn decode(name: &str) -> Result<StyleData, StyleProblem> {
        let Some(archived) = hayagriva::archive::ArchivedStyle::by_name(name) else {
            let names = style_names();
            return Err(StyleProblem::Unknown(
                names
                    .iter()
                    .copied()
                    .filter(|n| strsim::osa_distance(n, name) <= 3.max(name.len() / 3))
                    .min_by_key(|n| strsim::osa_distance(n, name)),
            ));
        };
        let Style::Independent(style) = archived.get() else {
            return Err(StyleProblem::Unknown(None));
        };
        if style.settings.class == StyleClass::Note {
            return Err(StyleProblem::Notes);
        }
        let numeric = style.info.category.iter().any(|c| {
            matches!(
                c,
                StyleCategory::CitationFormat {
                    format: CitationFormat::Numeric
                }
            )
        });
        Ok(StyleData { style, numeric })
    }
}

/// The CSL locales for `language`: its own, the one it falls back to, and US English (the
/// terms of last resort). Each is decoded once per process, and only those asked for: all 63
/// at once cost about 0.1 s.
fn locales_for(language: &str) -> Arc<[Locale]> {
    static CACHE: Mutex<Vec<(String, Arc<[Locale]>)>> = Mutex::new(Vec::new());
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, l)) = cache.iter().find(|(l, _)| l == language) {
        return l.clone();
    }
    let code = LocaleCode(language.to_string());
    let mut wanted = vec![code.0.clone()];
    if let Some(f) = code.fallback() {
        wanted.push(f.0);
    }
    wanted.push(LocaleCode::en_us().0);
    let mut found: Vec<Locale> = Vec::new();
    for want in &wanted {
        if found
            .iter()
            .any(|l| l.lang.as_ref().is_some_and(|c| &c.0 == want))
        {
            continue;
        }
        // A locale's code is a CBOR text string in its blob: a head byte and the bytes.
        let Ok(len) = u8::try_from(want.len()) else {
            continue;
        };
        if len >= 24 {
            continue;
        }
        let mut needle = vec![0x60 | len];
        needle.extend_from_slice(want.as_bytes());
        for blob in hayagriva::archive::LOCALES {
            // The code is the blob's first entry (`@xml:lang`): only the locale asked for is
            // decoded (a code such as `en` is also a word inside a dozen other locales, and
            // decoding each took 10 ms). A blob laid out otherwise is searched as a whole.
            let first = blob_language(blob);
            if first.is_some_and(|code| code != want.as_bytes())
                || first.is_none() && !blob.windows(needle.len()).any(|w| w == needle.as_slice())
            {
                continue;
            }
            if let Ok(locale) = ciborium::de::from_reader::<Locale, _>(*blob)
                && locale.lang.as_ref().is_some_and(|c| &c.0 == want)
            {
                found.push(locale);
                break;
            }
        }
    }
    let locales: Arc<[Locale]> = found.into();
    cache.push((language.to_string(), locales.clone()));
    locales
}

/// The language code a CBOR locale of hayagriva's archive opens with: a map whose first key
/// is `@xml:lang`, its value a short text string.
fn blob_language(blob: &[u8]) -> Option<&[u8]> {
    const KEY: &[u8] = b"\x69@xml:lang";
    let rest = blob.get(1..)?.strip_prefix(KEY)?;
    let (&head, rest) = rest.split_first()?;
    let len = usize::from(head.checked_sub(0x60).filter(|&n| n < 24)?);
    rest.get(..len)
}

pub fn format(works: &Works, style: &StyleData, language: &str, cites: &[Cite<'_>]) -> Formatted {
    let locales = locales_for(language);
    let locale = Some(LocaleCode(language.to_string()));
    let mut driver: BibliographyDriver<'_, hayagriva::Entry> = BibliographyDriver::new();
    // For each citation given: whether the driver formats it, and for each of its items
    // handed over, the item's index in the citation as written.
    let mut plans: Vec<Option<Vec<usize>>> = Vec::with_capacity(cites.len());
    for cite in cites {
        let mut items = Vec::with_capacity(cite.items.len());
        let mut original = Vec::with_capacity(cite.items.len());
        for (i, item) in cite.items.iter().enumerate() {
            let Some(entry) = works.library.get(item.key) else {
                continue;
            };
            let locator = locator::parse(item.suffix).map(|l| match l {
                Loc::Labelled { kind, value } => SpecificLocator(
                    kind.parse().unwrap_or(Locator::Custom),
                    LocatorPayload::Str(value),
                ),
                Loc::Free(words) => SpecificLocator(Locator::Custom, LocatorPayload::Str(words)),
            });
            let purpose = if cite.in_text {
                Some(CitePurpose::Prose)
            } else if item.suppress_author && !style.numeric {
                // A number names no author: a numeric style's citation stays as it is.
                Some(CitePurpose::Year)
            } else {
                None
            };
            items.push(CitationItem::new(entry, locator, None, false, purpose));
            original.push(i);
        }
        if items.is_empty() {
            plans.push(None);
            continue;
        }
        driver.citation(CitationRequest::new(
            items,
            &style.style,
            locale.clone(),
            &locales,
            None,
        ));
        plans.push(Some(original));
    }
    let rendered = driver.finish(BibliographyRequest::new(
        &style.style,
        locale.clone(),
        &locales,
    ));
    let mut rendered_citations = rendered.citations.into_iter();
    let citations = cites
        .iter()
        .zip(plans)
        .map(|(cite, plan)| {
            let Some(original) = plan else {
                return Rich::default();
            };
            let Some(r) = rendered_citations.next() else {
                return Rich::default();
            };
            let mut out = Rich::default();
            let mut w = Writer {
                out: &mut out,
                item: None,
                prefixes: Some((cite, &original)),
            };
            w.children(&r.citation, Look::default());
            // A style whose in-text form has no date (MLA) leaves its brackets empty.
            if cite.in_text && out.plain().contains("()") {
                for s in &mut out.spans {
                    s.text = s.text.replace(" ()", "").replace("()", "");
                }
                out.spans.retain(|s| !s.text.is_empty());
            }
            // A citation naming only years has lost the style's brackets.
            let bare = !cite.in_text && cite.items.iter().all(|i| i.suppress_author);
            if bare && !style.numeric && !out.is_empty() {
                let mut wrapped = Rich::default();
                wrapped.push("(", Look::default(), None, None);
                for s in out.spans {
                    wrapped.push(&s.text, s.look, s.link.as_deref(), s.item);
                }
                wrapped.push(")", Look::default(), None, None);
                return wrapped;
            }
            out
        })
        .collect();
    let references = rendered
        .bibliography
        .map(|b| {
            b.items
                .into_iter()
                .map(|item| Reference {
                    label: item.first_field.map(|f| rich(std::slice::from_ref(&f))),
                    text: rich(&item.content.0),
                    key: item.key,
                })
                .collect()
        })
        .unwrap_or_default();
    Formatted {
        citations,
        references,
    }
}

/// Walks hayagriva's output into [`Rich`] text.
struct Writer<'o, 'c> {
    out: &'o mut Rich,
    /// The item (as written) whose text is being walked.
    item: Option<usize>,
    /// The citation and its items' indices as written, to put each item's prefix before it.
    prefixes: Option<(&'c Cite<'c>, &'c [usize])>,
}

fn look_of(base: Look, f: &Formatting) -> Look {
    Look {
        italic: base.italic || matches!(f.font_style, FontStyle::Italic),
        bold: base.bold || matches!(f.font_weight, FontWeight::Bold),
        small_caps: base.small_caps || matches!(f.font_variant, FontVariant::SmallCaps),
        superscript: base.superscript || matches!(f.vertical_align, VerticalAlign::Sup),
        subscript: base.subscript || matches!(f.vertical_align, VerticalAlign::Sub),
        underline: base.underline || matches!(f.text_decoration, TextDecoration::Underline),
    }
}

impl Writer<'_, '_> {
    fn children(&mut self, children: &ElemChildren, look: Look) {
        for c in &children.0 {
            self.child(c, look);
        }
    }

    fn child(&mut self, child: &ElemChild, look: Look) {
        match child {
            ElemChild::Text(t) => {
                self.out
                    .push(&t.text, look_of(look, &t.formatting), None, self.item);
            }
            ElemChild::Markup(m) => self.out.push(m, look, None, self.item),
            ElemChild::Link { text, url } => self.out.push(
                &text.text,
                look_of(look, &text.formatting),
                Some(url),
                self.item,
            ),
            ElemChild::Transparent { .. } => {}
            ElemChild::Elem(e) => {
                let outer = self.item;
                if let Some(ElemMeta::Entry(i)) = e.meta {
                    let written = self
                        .prefixes
                        .and_then(|(_, original)| original.get(i).copied());
                    self.item = written.or(Some(i));
                    if let Some((cite, _)) = self.prefixes
                        && let Some(item) = written.and_then(|w| cite.items.get(w))
                        && !item.prefix.is_empty()
                    {
                        self.out.push(item.prefix, look, None, self.item);
                        self.out.push(" ", look, None, self.item);
                    }
                }
                self.children(&e.children, look);
                self.item = outer;
            }
        }
    }
}

/// One work, written as a Hayagriva entry and formatted as its reference-list entry.
pub fn format_work(work: &super::Work, style: &StyleData, language: &str) -> Option<Rich> {
    // Through the YAML reader, which parses names and dates as a bibliography's are.
    let mut entry = serde_yaml::Mapping::new();
    let mut set = |k: &str, v: serde_yaml::Value| {
        entry.insert(serde_yaml::Value::String(k.to_string()), v);
    };
    set("type", "report".into());
    set("title", work.title.replace(['{', '}', '$'], "").into());
    if !work.authors.is_empty() {
        // Each name as written (`Jane Doe`, `OECD`): never split at a comma or inverted.
        let names = work
            .authors
            .iter()
            .map(|a| {
                let mut m = serde_yaml::Mapping::new();
                m.insert("name".into(), a.replace(['{', '}', '$'], "").into());
                serde_yaml::Value::Mapping(m)
            })
            .collect();
        set("author", serde_yaml::Value::Sequence(names));
    }
    if let Some(d) = &work.date {
        set("date", d.as_str().into());
    }
    if let Some(p) = &work.publisher {
        set("publisher", p.replace(['{', '}', '$'], "").into());
    }
    if let Some(u) = &work.url {
        set("url", u.as_str().into());
    }
    let mut library = serde_yaml::Mapping::new();
    library.insert("work".into(), serde_yaml::Value::Mapping(entry));
    let text = serde_yaml::to_string(&library).ok()?;
    let works = Works::read_yaml(&text).ok()?;
    let entry = works.library.get("work")?;
    let locales = locales_for(language);
    let locale = Some(LocaleCode(language.to_string()));
    let mut driver: BibliographyDriver<'_, hayagriva::Entry> = BibliographyDriver::new();
    driver.citation(CitationRequest::new(
        vec![CitationItem::new(entry, None, None, true, None)],
        &style.style,
        locale.clone(),
        &locales,
        None,
    ));
    let rendered = driver.finish(BibliographyRequest::new(&style.style, locale, &locales));
    let item = rendered.bibliography?.items.into_iter().next()?;
    Some(rich(&item.content.0))
}

/// Output of hayagriva that belongs to no citation (a reference list's entry, its label).
fn rich(children: &[ElemChild]) -> Rich {
    let mut out = Rich::default();
    let mut w = Writer {
        out: &mut out,
        item: None,
        prefixes: None,
    };
    for c in children {
        w.child(c, Look::default());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_archived_locale_is_found_by_the_code_it_opens_with() {
        for blob in hayagriva::archive::LOCALES {
            let decoded: Locale = ciborium::de::from_reader(*blob).expect("a locale");
            let code = decoded.lang.expect("its code").0;
            assert_eq!(
                blob_language(blob),
                Some(code.as_bytes()),
                "the first entry of {code}"
            );
        }
        // `en` is no locale of its own: it falls back to US English, found without decoding
        // the locales in which `en` is only a word.
        let codes = |language: &str| -> Vec<String> {
            locales_for(language)
                .iter()
                .filter_map(|l| l.lang.as_ref())
                .map(|c| c.0.clone())
                .collect()
        };
        assert_eq!(codes("en"), ["en-US"]);
        assert_eq!(codes("fr"), ["fr-FR", "en-US"]);
    }
}
