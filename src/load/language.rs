//! The languages a project writes in: each `language:` is a BCP 47 tag, each entry of the
//! site's `labels:` one almanac can use, and a language almanac ships no words for is
//! named with the labels that fall back to English.

use super::yaml::{Seg, Target, locate_in};
use crate::core::code::Code;
use crate::core::diagnostic::{Diagnostic, did_you_mean};
use crate::core::source::SourceFile;
use crate::locale::{Overrides, labels};
use crate::model::Project;

/// Why `tag` is not a language tag (`None` when it is one ICU can read).
pub fn tag_problem(tag: &str) -> Option<String> {
    if tag.contains('_') && labels::is_language_tag(&tag.replace('_', "-")) {
        return Some(format!(
            "`{tag}` is not a language tag: BCP 47 joins its parts with `-`, as in `{}`",
            tag.replace('_', "-")
        ));
    }
    if !labels::is_language_tag(tag) {
        return Some(format!(
            "`{tag}` is not a language tag: a language code such as `en`, `fr` or `zh`, \
             optionally followed by a script or a region (`zh-Hans`, `pt-BR`)"
        ));
    }
    match tag.parse::<icu_locale_core::Locale>() {
        Ok(_) => None,
        Err(_) => Some(format!("`{tag}` is not a BCP 47 language tag")),
    }
}

/// A `language:` that is no tag is reported at its value and dropped (the language above
/// it stands), so nothing is written in a language that does not exist.
pub fn check_tag(file: &SourceFile, tag: &mut Option<String>) -> Option<Diagnostic> {
    let why = tag_problem(tag.as_deref()?)?;
    let written = tag.take().unwrap_or_default();
    Some(place(
        file,
        &[Seg::Key("language")],
        Target::Value,
        written.chars().count(),
        Diagnostic::error(Code::InvalidLanguage, why).with_help(
            "write the language as a BCP 47 tag: `language: fr`, `language: pt-BR`, \
             `language: zh-Hans`",
        ),
    ))
}

/// The site's `language` (a wrong one reads as `en`, reported) and `labels:` (each wrong
/// entry reported at its key and left out).
pub fn check_site(
    file: &SourceFile,
    language: &mut String,
    labels: &mut Overrides,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut tag = Some(std::mem::take(language));
    diags.extend(check_tag(file, &mut tag));
    *language = tag.unwrap_or_else(|| "en".to_string());
    let known: Vec<&str> = labels::english().keys().map(String::as_str).collect();
    labels.retain(|key, written| {
        let Some(problem) = labels::override_problem_at(key, written) else {
            return true;
        };
        let mut d = Diagnostic::error(Code::InvalidLabel, problem.message);
        d = match did_you_mean(key, known.iter().copied()) {
            Some(near) if !known.contains(&key.as_str()) => {
                d.with_help(format!("did you mean `{near}`? docs/languages.md lists every label"))
            }
            _ if !known.contains(&key.as_str()) => {
                d.with_help("docs/languages.md lists every label almanac writes")
            }
            _ => d.with_help(
                "keep the label's placeholders as almanac's own wording has them (docs/languages.md lists them)",
            ),
        };
        // At what is wrong: a key almanac does not have, or a language or plural form that is
        // none, at its name; a wrong text at its value.
        let mut path = vec![Seg::Key("labels"), Seg::Key(key)];
        path.extend(problem.at.iter().map(|k| Seg::Key(k)));
        let target = if problem.names_a_key || !known.contains(&key.as_str()) {
            Target::Key
        } else {
            Target::Value
        };
        let width = problem.at.last().unwrap_or(key).chars().count();
        diags.push(place(file, &path, target, width, d));
        false
    });
    diags
}

/// The warnings a `language:` can earn, at its value: almanac ships no words for it (naming
/// the labels that fall back to English, those `labels:` does not give), its script is not in
/// almanac's fonts, or its CJK font is not built in.
pub fn warnings(project: &Project) -> Vec<Diagnostic> {
    let overrides = &project.site.labels;
    let mut diags = Vec::new();
    // At the `language:` that names the tag, or at its entry of `translations:`.
    let mut warn = |file: &SourceFile, tag: &str, path: &[Seg<'_>]| {
        let at = |d| place(file, path, Target::Value, tag.chars().count(), d);
        if !cfg!(feature = "cjk") && is_cjk(tag) {
            let d = Diagnostic::warning(
                Code::CjkFontUnavailable,
                format!(
                    "this almanac was built without its CJK font: `{tag}` text is measured \
                     with a guess in charts and diagrams, shown in the reader's own font, and \
                     missing from the PDF"
                ),
            )
            .with_help("build almanac with its default features (the `cjk` feature)");
            diags.push(at(d));
        }
        let locale = crate::locale::Locale::new(tag, overrides);
        if let Some(d) = script_problem(&locale) {
            diags.push(at(d));
        }
        let missing: Vec<&str> = locale.untranslated().collect();
        if missing.is_empty() {
            return;
        }
        let shown: Vec<String> = missing.iter().take(6).map(|k| format!("`{k}`")).collect();
        let more = missing.len().saturating_sub(shown.len());
        let d = Diagnostic::warning(
            Code::UntranslatedLabels,
            format!(
                "almanac has no words of its own for `{tag}`: {} written in English ({}{})",
                if missing.len() == 1 {
                    "1 label is".to_string()
                } else {
                    format!("{} labels are", missing.len())
                },
                shown.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            ),
        )
        .with_help(
            "give them in the language under `labels:` in site.yaml (docs/languages.md lists \
             every label), or choose a language almanac ships: en, de, es, fr, it, ja, pt, zh",
        );
        diags.push(at(d));
    };
    if !project.site_in_error {
        warn(
            &project.site_file,
            &project.site.language,
            &[Seg::Key("language")],
        );
    }
    for report in &project.reports {
        if let Some(tag) = &report.meta.language {
            warn(&report.file, tag, &[Seg::Key("language")]);
        }
        for edition in &report.editions {
            if let Some(tag) = &edition.meta.language {
                warn(&edition.file, tag, &[Seg::Key("language")]);
            }
            for t in edition
                .translations
                .iter()
                .filter_map(|t| t.translated_into())
            {
                // Its place among the entries as written (a wrong one before it was dropped).
                let i = Languages::peek(&edition.file.text).position(t);
                let path = [Seg::Key("translations"), Seg::Index(i.unwrap_or(0))];
                warn(
                    &edition.file,
                    t,
                    if i.is_some() { &path } else { &path[..1] },
                );
            }
        }
    }
    diags
}

/// The scripts almanac's fonts set: Inter's (Latin, Greek, Cyrillic) and, with the `cjk`
/// feature, simplified Chinese and Japanese.
fn script_is_set(script: &str) -> bool {
    matches!(script, "Latn" | "Grek" | "Cyrl")
        || cfg!(feature = "cjk") && matches!(script, "Hans" | "Jpan" | "Hani")
}

/// A warning when the language's script is not in almanac's fonts: its letters, digits and
/// month names would be missing glyphs in the PDF, and charts would be measured with a guess.
fn script_problem(locale: &crate::locale::Locale) -> Option<Diagnostic> {
    let script = locale.script();
    if script.is_empty() || script_is_set(script) {
        return None;
    }
    let cjk = matches!(script, "Hant" | "Kore" | "Hang");
    if cjk && !cfg!(feature = "cjk") {
        // The CJK font's own warning says it.
        return None;
    }
    Some(
        Diagnostic::warning(
            Code::ScriptUnavailable,
            format!(
                "`{}` is written in a script almanac's fonts do not have ({script}): its \
                 letters, digits and dates show as missing glyphs in the PDF, and charts \
                 measure them with a guess (the pages show them in the reader's own font)",
                locale.tag()
            ),
        )
        .with_help(
            "publish this edition without a PDF (`pdf: false` in site.yaml), or in a language \
             written in Latin, Greek, Cyrillic, simplified Chinese or Japanese",
        ),
    )
}

/// What a report.yaml or an edition.yaml says of its languages, read before the file itself
/// (whose text fields are read in those languages). A file in error says nothing here: its
/// own read reports why.
#[derive(Debug, Default)]
pub struct Languages {
    pub language: Option<serde_yaml::Value>,
    pub translations: Option<serde_yaml::Value>,
    /// The file's top-level keys, as written.
    pub keys: Vec<String>,
}

impl Languages {
    pub fn peek(text: &str) -> Languages {
        let Ok(serde_yaml::Value::Mapping(map)) = serde_yaml::from_str(text) else {
            return Languages::default();
        };
        Languages {
            language: map.get("language").cloned(),
            translations: map.get("translations").cloned(),
            keys: map
                .keys()
                .filter_map(|k| k.as_str().map(str::to_string))
                .collect(),
        }
    }

    /// A key written for `translations` and misspelt (`tranlsations`), which the file's read
    /// may not reach when its text in several languages cannot be read without it.
    pub fn misspelt_translations(&self, file: &SourceFile) -> Option<Diagnostic> {
        if self.translations.is_some() {
            return None;
        }
        let key = self
            .keys
            .iter()
            .find(|k| crate::core::diagnostic::did_you_mean(k, ["translations"]).is_some())?;
        let d = Diagnostic::error(Code::UnknownKey, format!("unknown key `{key}`"))
            .with_help("did you mean `translations`?");
        Some(match locate_in(file, &[Seg::Key(key)], Target::Key) {
            Some(p) => d.at_position(file, p, key.chars().count()),
            None => d.in_file(&file.path),
        })
    }

    /// Where the language `tag` (canonical) is among the `translations` as written.
    pub fn position(&self, tag: &str) -> Option<usize> {
        self.translations
            .as_ref()?
            .as_sequence()?
            .iter()
            .position(|v| v.as_str().map(crate::locale::canonical_tag).as_deref() == Some(tag))
    }

    /// The `language`, when it is a language tag.
    pub fn language(&self) -> Option<&str> {
        self.language
            .as_ref()?
            .as_str()
            .filter(|t| tag_problem(t).is_none())
    }
}

/// Chinese, Japanese or Korean: a language whose text needs the CJK font.
fn is_cjk(tag: &str) -> bool {
    let language = tag.split(['-', '_']).next().unwrap_or(tag);
    ["zh", "ja", "ko"]
        .iter()
        .any(|l| language.eq_ignore_ascii_case(l))
}

fn place(
    file: &SourceFile,
    path: &[Seg<'_>],
    target: Target,
    width: usize,
    d: Diagnostic,
) -> Diagnostic {
    match locate_in(file, path, target) {
        Some(p) => d.at_position(file, p, width.max(1)),
        None => d.in_file(&file.path),
    }
}
