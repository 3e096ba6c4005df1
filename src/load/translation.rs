//! Editions in several languages: an edition's `translations:`, its translated chapter files
//! (`NN-slug.<tag>.md` beside `NN-slug.md`), and the languages its YAML is read in.
//!
//! A translation is loaded as an edition of its own (`Edition::translations`): the same
//! folder, its edition.yaml, report.yaml and data files read again in its language, its
//! chapters the translated files, and the original's chapter where one is not translated
//! yet (a warning says so).

use super::language::{self, Languages};
use crate::core::code::Code;
use crate::core::diagnostic::{Diagnostic, Diagnostics};
use crate::core::source::SourceFile;
use crate::load::yaml::{Seg, Target, locate_in};
use crate::load::{Entry, yaml};
use crate::model::text::{Reading, read_in};
use crate::model::{Chapter, Edition, EditionMeta, Translation};
use rayon::prelude::*;
use std::path::Path;

/// The reading of an edition's files in `language`, among its `own` language and its
/// `translations`.
pub fn reading(language: &str, own: &str, translations: &[String]) -> Reading {
    Reading {
        language: language.to_string(),
        languages: std::iter::once(own.to_string())
            .chain(translations.iter().cloned())
            .collect(),
    }
}

/// The edition's `translations:` as written (peeked before the file is read): each entry
/// that is no language tag, is the edition's own language, or repeats one before it is
/// reported at it and dropped; the rest, in their canonical form, are the edition's
/// translations. Checked here, once, whether or not the rest of the file can be read.
pub fn check_translations(
    file: &SourceFile,
    own: &str,
    peeked: &Languages,
) -> (Vec<String>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut kept: Vec<String> = Vec::new();
    let place = |d: Diagnostic, path: &[Seg<'_>], width: usize| match locate_in(
        file,
        path,
        Target::Value,
    ) {
        Some(p) => d.at_position(file, p, width.max(1)),
        None => d.in_file(&file.path),
    };
    let list = match &peeked.translations {
        None | Some(serde_yaml::Value::Null) => return (kept, diags),
        Some(serde_yaml::Value::Sequence(list)) => list,
        Some(_) => {
            let d = Diagnostic::error(
                Code::InvalidTranslation,
                "`translations` is a list of languages",
            )
            .with_help("write it as a list: `translations: [fr]`");
            diags.push(place(d, &[Seg::Key("translations")], 1));
            return (kept, diags);
        }
    };
    for (i, entry) in list.iter().enumerate() {
        let written = entry.as_str().unwrap_or_default();
        let tag = crate::locale::canonical_tag(written);
        let tag_help = "write each language as a BCP 47 tag whose language has two or three letters: `translations: [fr, pt-BR]`";
        let problem = if entry.as_str().is_none() {
            Some((
                "this entry is not a language tag".to_string(),
                tag_help.to_string(),
            ))
        } else if let Some(why) = language::tag_problem(written) {
            Some((why, tag_help.to_string()))
        } else if !crate::model::text::is_text_language(&tag) {
            Some((
                format!("`{written}` is no language an edition can be translated into"),
                tag_help.to_string(),
            ))
        } else if tag.eq_ignore_ascii_case(own) {
            Some((
                format!("`{written}` is this edition's own language, not a translation"),
                format!(
                    "remove `{written}` from `translations:`; list the other languages the edition is published in"
                ),
            ))
        } else if kept.iter().any(|k| k.eq_ignore_ascii_case(&tag)) {
            Some((
                format!("`{written}` is listed twice"),
                "list each language once".to_string(),
            ))
        } else {
            None
        };
        match problem {
            Some((why, help)) => {
                let d = Diagnostic::error(Code::InvalidTranslation, why).with_help(help);
                let width = written.chars().count();
                diags.push(place(d, &[Seg::Key("translations"), Seg::Index(i)], width));
            }
            // In its canonical form: it names the translation's folder (`fr`, for `FR`).
            None => kept.push(tag),
        }
    }
    (kept, diags)
}

/// A chapter file's stem split into the original's stem and the language it translates into:
/// `01-trade.fr` is `01-trade` in `fr`. `None` for an original's stem.
pub fn split_stem(stem: &str) -> Option<(&str, &str)> {
    let (base, tag) = stem.rsplit_once('.')?;
    (!base.is_empty() && crate::model::text::is_text_language(tag)).then_some((base, tag))
}

/// What the original edition was loaded from, which its translations read again.
pub(super) struct Original<'a> {
    pub root: &'a Path,
    pub year: u16,
    /// The edition's folder, `content/<report>/<year>`.
    pub dir: &'a str,
    /// Its edition.yaml.
    pub file: &'a SourceFile,
    pub meta: &'a EditionMeta,
    /// Its own language.
    pub language: &'a str,
    pub chapters: &'a [Chapter],
    pub unreadable_chapters: &'a [String],
    pub data_entries: &'a [Entry],
}

/// The edition in each language of its `translations:` (checked), from its translated chapter
/// files (`entries`: each with its original's stem and its language). A translated file of a
/// language the edition does not list, or of no chapter, is an error; a chapter not yet
/// translated is a warning, and the original's is shown in its place.
pub(super) fn load_translations(
    original: Original<'_>,
    entries: &[(Entry, String, String)],
    diags: &mut Diagnostics,
) -> Vec<Edition> {
    let languages = &original.meta.translations;
    let stems: Vec<&str> = original
        .chapters
        .iter()
        .map(|c| chapter_stem(&c.file.path))
        .chain(original.unreadable_chapters.iter().map(|p| chapter_stem(p)))
        .collect();
    let mut wanted: Vec<&(Entry, String, String)> = Vec::new();
    for e in entries {
        let (entry, stem, tag) = e;
        let listed = languages.iter().any(|l| l.eq_ignore_ascii_case(tag));
        let own = crate::locale::canonical_tag(tag).eq_ignore_ascii_case(original.language);
        if super::chapter_slug(stem).is_none() {
            diags.push(
                Diagnostic::error(
                    Code::ChapterFileName,
                    format!("`{}` is not a chapter file name", entry.name),
                )
                .in_file(&entry.rel)
                .with_help(format!(
                    "name a chapter's translation NN-slug.{tag}.md, after its chapter NN-slug.md (lower-case letters, digits, dashes)"
                )),
            );
            continue;
        }
        let problem = if own {
            Some((
                format!(
                    "`{}` is written in this edition's own language, `{}`, whose chapter is `{stem}.md`",
                    entry.name, original.language
                ),
                format!(
                    "keep the chapter in `{stem}.md` and remove this file, or name it for a language of `translations:`"
                ),
            ))
        } else if !listed {
            Some((
                format!(
                    "`{}` is a translation into `{tag}`, which this edition does not list in `translations:`",
                    entry.name
                ),
                format!("add `{tag}` to `translations:` in edition.yaml, or remove this file"),
            ))
        } else if !stems.contains(&stem.as_str()) {
            Some((
                format!(
                    "`{}` translates no chapter: there is no `{stem}.md`",
                    entry.name
                ),
                format!(
                    "name a chapter's translation after the chapter (`NN-slug.{tag}.md` beside `NN-slug.md`), or add `{stem}.md`"
                ),
            ))
        } else if wanted
            .iter()
            .any(|(_, s, t)| s == stem && t.eq_ignore_ascii_case(tag))
        {
            Some((
                format!(
                    "`{}` is a second translation of `{stem}.md` into `{tag}`",
                    entry.name
                ),
                "keep one file per chapter and language".to_string(),
            ))
        } else {
            None
        };
        match problem {
            Some((why, help)) => diags.push(
                Diagnostic::error(Code::InvalidTranslation, why)
                    .in_file(&entry.rel)
                    .with_help(help),
            ),
            None => wanted.push(e),
        }
    }
    let loaded: Vec<Result<super::LoadedChapter, Diagnostic>> = wanted
        .par_iter()
        .map(|(entry, stem, _)| super::load_chapter(original.root, entry, stem))
        .collect();
    let mut translated: Vec<(&str, &str, Chapter)> = Vec::new();
    let mut unreadable: Vec<String> = original.unreadable_chapters.to_vec();
    for (c, (entry, stem, tag)) in loaded.into_iter().zip(&wanted) {
        match c {
            Ok((c, front_errors)) => {
                if front_errors.is_empty() && c.front.title.is_none() {
                    diags.push(super::untitled(&c));
                }
                diags.extend(front_errors);
                translated.push((stem, tag, c));
            }
            Err(d) => {
                diags.push(d);
                unreadable.push(entry.rel.clone());
            }
        }
    }

    let mut editions = Vec::new();
    for language in languages {
        // A problem of a file every language reads is one diagnostic twice, which the run's
        // list keeps once (`Diagnostics::into_sorted`).
        let reading = reading(language, original.language, languages);
        let file = original.file;
        let mut meta = match read_in(Some(&reading), || {
            yaml::parse_all::<EditionMeta>(file, &file.text)
        }) {
            Ok(meta) => meta,
            Err(all) => {
                diags.extend(all);
                original.meta.clone()
            }
        };
        // What is no text is the original's, checked there.
        meta.date.clone_from(&original.meta.date);
        meta.date_in_error = original.meta.date_in_error;
        meta.language = Some(language.clone());
        meta.translations = Vec::new();
        let mut chapters = Vec::with_capacity(original.chapters.len());
        for c in original.chapters {
            let stem = chapter_stem(&c.file.path);
            // Each translated chapter belongs to one translation: taken, not copied.
            let own = translated
                .iter()
                .position(|(s, t, _)| *s == stem && t.eq_ignore_ascii_case(language));
            match own {
                Some(i) => chapters.push(translated.swap_remove(i).2),
                None => {
                    // A translation that could not be read has its own error.
                    let in_unreadable = unreadable.iter().any(|u| {
                        split_stem(chapter_stem(u))
                            .is_some_and(|(s, t)| s == stem && t.eq_ignore_ascii_case(language))
                    });
                    // A link in its place is reported as one, and not followed.
                    let linked = std::fs::symlink_metadata(
                        original
                            .root
                            .join(original.dir)
                            .join(format!("{stem}.{language}.md")),
                    )
                    .is_ok_and(|m| m.file_type().is_symlink());
                    if !in_unreadable && !linked {
                        diags.push(
                            Diagnostic::warning(
                                Code::UntranslatedChapter,
                                format!(
                                    "this chapter has no `{language}` translation: the `{language}` edition shows it in `{}`",
                                    original.language
                                ),
                            )
                            .in_file(&c.file.path)
                            .with_help(format!(
                                "add `{stem}.{language}.md`, the chapter in `{language}`"
                            )),
                        );
                    }
                    let mut shown = c.clone();
                    shown.language = Some(original.language.to_string());
                    chapters.push(shown);
                }
            }
        }
        let mut data = super::load_data(original.root, original.data_entries, &reading, diags);
        data.images = super::read_images(original.root, original.dir, &data);
        data.index();
        editions.push(Edition {
            year: original.year,
            dir: original.dir.to_string(),
            file: file.clone(),
            meta,
            meta_in_error: false,
            chapters,
            unreadable_chapters: unreadable.clone(),
            data,
            translations: Vec::new(),
            translation: Some(Translation {
                language: language.clone(),
            }),
            report: None,
        });
    }
    editions
}

/// The stem of a chapter file (`01-trade` for `content/r/2023/01-trade.md`).
fn chapter_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    super::without_extension(name, "md").unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chapter_file_names_its_language_after_its_stem() {
        assert_eq!(split_stem("01-trade.fr"), Some(("01-trade", "fr")));
        assert_eq!(split_stem("01-trade.pt-BR"), Some(("01-trade", "pt-BR")));
        assert_eq!(split_stem("01-trade"), None);
        assert_eq!(split_stem("01-trade.not_a_tag"), None);
    }

    #[test]
    fn translations_are_other_languages_once_in_canonical_form() {
        let text = "title: {en: A, fr: B}\nlanguage: en\ntranslations: [FR, en, fr, x_y, de, 1, title, pt-br]\n";
        let file = SourceFile::new("e.yaml", text);
        let peeked = Languages::peek(text);
        assert_eq!(peeked.language(), Some("en"));
        let (kept, diags) = check_translations(&file, "en", &peeked);
        assert_eq!(kept, vec!["fr", "de", "pt-BR"]);
        let places: Vec<_> = diags
            .iter()
            .map(|d| (d.code.as_str(), d.line, d.column))
            .collect();
        assert_eq!(
            places,
            vec![
                ("invalid-translation", Some(3), Some(20)),
                ("invalid-translation", Some(3), Some(24)),
                ("invalid-translation", Some(3), Some(28)),
                ("invalid-translation", Some(3), Some(37)),
                ("invalid-translation", Some(3), Some(40)),
            ]
        );
        // A file that cannot be read says nothing; one that is not a list says so.
        let (kept, diags) = check_translations(&file, "en", &Languages::peek("title: ["));
        assert!(kept.is_empty() && diags.is_empty());
        let text = "title: T\ntranslations: fr\n";
        let (kept, diags) = check_translations(
            &SourceFile::new("e.yaml", text),
            "en",
            &Languages::peek(text),
        );
        assert!(kept.is_empty());
        assert_eq!((diags[0].line, diags[0].column), (Some(2), Some(15)));
    }
}
