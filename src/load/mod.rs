//! Stage 1, load: walk the project and read it into the typed model.
//!
//! The walk is sorted and follows no symlink; nothing outside the project is read and nothing
//! is rendered. Every problem becomes a diagnostic, and loading goes on to find them all.

pub mod bibliography;
pub mod cache;
pub mod file_stamp;
pub mod front_matter;
pub mod image;
pub mod indicator_box;
pub mod language;
pub mod translation;
pub mod yaml;

use crate::core::code::Code;
use crate::core::diagnostic::{Diagnostic, Diagnostics};
use crate::core::slug;
use crate::core::source::SourceFile;
use crate::model::image::ImageFile;
use crate::model::text::{Reading, read_in};
use crate::model::{
    BoxSpec, Chapter, ChartSpec, DataFile, Edition, EditionData, EditionMeta, FrontMatter,
    IndicatorsFile, Project, Report, ReportMeta, Site, ThemeFile,
};
use language::Languages;
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// The largest file almanac reads; anything bigger is refused rather than loaded.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Loads the project at `root`. Returns the model when nothing stopped it from being built
/// (diagnostics may still hold errors), and every diagnostic found.
pub fn load(root: &Path) -> (Option<Project>, Diagnostics) {
    load_with(root, None)
}

/// A report's load: read now, or taken from the cache of an earlier build.
enum ReportLoad {
    Fresh(Option<Report>, Diagnostics),
    Kept(cache::Taken),
}

/// [`load`], taking every report whose files are as an earlier load of `kept` found them
/// from there rather than reading it again (see [`cache`]). The project must be handed back
/// with [`LoadCache::give_back`](cache::LoadCache::give_back) for its reports to be kept.
/// The model and the diagnostics are those a load from nothing gives.
pub fn load_with(root: &Path, kept: Option<&cache::LoadCache>) -> (Option<Project>, Diagnostics) {
    if let Some(kept) = kept {
        kept.begin();
    }
    let mut diags = Diagnostics::new();
    let content = root.join("content");
    if is_link(&content) {
        diags.push(linked_folder("content"));
        return (None, diags);
    }
    if !content.is_dir() {
        diags.push(
            Diagnostic::error(Code::NoContent, "this folder has no `content/` folder")
                .in_file("content")
                .with_help("run almanac in a project folder, or name one with --root"),
        );
        return (None, diags);
    }

    let site = read_yaml::<Site>(root, "content/site.yaml", &mut diags).map(|(file, mut site)| {
        diags.extend(check_base_url(&file, &mut site));
        diags.extend(check_license_url(&file, &mut site.license_url));
        diags.extend(language::check_site(
            &file,
            &mut site.language,
            &mut site.labels,
        ));
        (file, site)
    });
    // The language a report's files are read in when it names none.
    let site_language = site
        .as_ref()
        .map_or("en", |(_, s): &(SourceFile, Site)| s.language.as_str());
    let report_dirs = list_dir(root, "content", &mut diags);
    for entry in &report_dirs {
        if entry.kind == EntryKind::File && entry.name != "site.yaml" {
            diags.push(stray(
                &entry.rel,
                "content/ holds site.yaml and one folder per report",
            ));
        }
    }
    let site_context = cache::SiteContext::of(site.as_ref());
    // Reports load in parallel (and their editions and chapters within them).
    let loaded: Vec<ReportLoad> = report_dirs
        .par_iter()
        .filter(|e| e.kind == EntryKind::Dir)
        .map(|entry| {
            // A report's folder name is its address: one that is no slug is not loaded.
            let reserved = slug::RESERVED_REPORT_NAMES
                .contains(&entry.name.as_str())
                .then_some("the site keeps that name for its own pages");
            if let Some(why) = slug::problem(&entry.name).or(reserved) {
                let d = Diagnostic::error(
                    Code::InvalidId,
                    format!(
                        "the report folder `{}` cannot be an address: {why}",
                        entry.name
                    ),
                )
                .in_file(&entry.rel)
                .with_help(format!(
                    "rename the folder with {}, and not {}",
                    slug::RULE,
                    slug::RESERVED_REPORT_NAMES.join(" or ")
                ));
                let mut diags = Diagnostics::new();
                diags.push(d);
                return ReportLoad::Fresh(None, diags);
            }
            let Some(kept) = kept else {
                let mut d = Diagnostics::new();
                return ReportLoad::Fresh(load_report(root, entry, site_language, &mut d), d);
            };
            // Looked at before it is read: a change while it is read shows at the next build.
            let key = kept.key(root, &entry.rel, &site_context);
            if let Some(taken) = key.as_ref().and_then(|k| kept.take(&entry.name, k)) {
                return ReportLoad::Kept(taken);
            }
            let mut d = Diagnostics::new();
            let report = load_report(root, entry, site_language, &mut d);
            // A report that did not load has nothing to keep.
            let key = key.filter(|_| report.is_some());
            kept.loaded(&entry.name, key, d.iter());
            ReportLoad::Fresh(report, d)
        })
        .collect();
    let mut reports = Vec::with_capacity(loaded.len());
    // For each report taken from the cache, what building its boxes of indicators said then;
    // `None` for a report read by this load (its boxes are to be built).
    let mut expanded_before: Vec<Option<Vec<Diagnostic>>> = Vec::with_capacity(loaded.len());
    for load in loaded {
        match load {
            ReportLoad::Fresh(report, d) => {
                diags.extend(d);
                if let Some(report) = report {
                    reports.push(report);
                    expanded_before.push(None);
                }
            }
            ReportLoad::Kept(taken) => {
                diags.extend(taken.lent.loaded);
                reports.push(taken.report);
                expanded_before.push(Some(taken.lent.expanded));
            }
        }
    }
    let theme_overrides = load_theme_overrides(root, &mut diags);

    // A site.yaml in error has its own diagnostics; the reports are still checked, under the
    // default settings, so that one run shows every independent problem.
    let (site_file, mut site, site_in_error) = match site {
        Some((file, site)) => (file, site, false),
        None => (
            SourceFile::new("content/site.yaml", ""),
            Site::default(),
            true,
        ),
    };
    if site.allow_raw_html && !crate::markdown::html_policy::RAW_HTML_AVAILABLE {
        site.allow_raw_html = false;
        let d = Diagnostic::warning(
            Code::RawHtmlUnavailable,
            "this almanac was built without raw HTML support: raw HTML is shown as text",
        )
        .with_help("build almanac with its default features (the `raw-html` feature), or remove `allow_raw_html`");
        let pos = yaml::locate_in(
            &site_file,
            &[yaml::Seg::Key("allow_raw_html")],
            yaml::Target::Key,
        );
        diags.push(match pos {
            Some(p) => d.at_position(&site_file, p, "allow_raw_html".len()),
            None => d.in_file(&site_file.path),
        });
    }
    // The style is read once per build: every edition says how to cite it, in that style.
    // Without the citation engine, only a project that cites (or names a style) needs it.
    let cites = reports
        .iter()
        .any(|r| r.bibliography.is_some() || r.bibliography_in_error);
    let citation_style = if cfg!(feature = "citations") || cites || site.citation_style.is_some() {
        bibliography::style(&site_file, site.citation_style.as_deref())
            .map_err(|d| diags.push(d))
            .ok()
    } else {
        None
    };
    // Boxes of indicators are built in the report's language, with the site's labels: a
    // kept report's were built from the same site.yaml, and say what they said then.
    let mut locales = HashMap::new();
    for (report, before) in reports.iter_mut().zip(expanded_before) {
        match before {
            Some(before) => diags.extend(before),
            None => {
                let problems = expand_indicator_boxes(&site, report, &mut locales);
                if let Some(kept) = kept {
                    kept.expanded(&report.slug, &problems);
                }
                diags.extend(problems);
            }
        }
    }
    let project = Project {
        root: root.to_path_buf(),
        site_file,
        site,
        site_in_error,
        reports,
        theme_overrides,
        citation_style,
    };
    diags.extend(language::warnings(&project));
    (Some(project), diags)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntryKind {
    File,
    Dir,
}

#[derive(Debug, Clone)]
struct Entry {
    /// Relative to the project root, `/`-separated.
    rel: String,
    name: String,
    kind: EntryKind,
}

/// The entries of one folder, sorted by name. Symlinks are reported, never followed.
fn list_dir(root: &Path, rel: &str, diags: &mut Diagnostics) -> Vec<Entry> {
    let mut out = Vec::new();
    let walk = WalkDir::new(root.join(rel))
        .min_depth(1)
        .max_depth(1)
        .follow_links(false)
        .sort_by_file_name();
    for item in walk {
        let entry = match item {
            Ok(e) => e,
            Err(e) => {
                diags.push(
                    Diagnostic::error(
                        Code::Unreadable,
                        format!("cannot read this folder: {}", io_reason(&e)),
                    )
                    .in_file(rel)
                    .with_help("check the folder's permissions"),
                );
                continue;
            }
        };
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            diags.push(
                Diagnostic::error(Code::FileName, "a file name here is not valid UTF-8")
                    .in_file(rel)
                    .with_help("rename the file with letters, digits and dashes"),
            );
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        let child = format!("{rel}/{name}");
        let ft = entry.file_type();
        if ft.is_symlink() {
            diags.push(
                Diagnostic::error(
                    Code::Symlink,
                    "symlinks are not followed: almanac reads only the project's own files",
                )
                .in_file(&child)
                .with_help("replace the link with the file or folder itself"),
            );
            continue;
        }
        let kind = if ft.is_dir() {
            EntryKind::Dir
        } else {
            EntryKind::File
        };
        out.push(Entry {
            rel: child,
            name,
            kind,
        });
    }
    out
}

/// Whether `path` is a symbolic link (not followed).
fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// A top folder of the project (`content`, `templates`) that is a link: almanac reads only the
/// project's own files, so it is not followed.
fn linked_folder(rel: &str) -> Diagnostic {
    Diagnostic::error(
        Code::Symlink,
        format!("`{rel}/` is a symlink; symlinks are not followed: almanac reads only the project's own files"),
    )
    .in_file(rel)
    .with_help("replace the link with the folder itself")
}

fn io_reason(e: &walkdir::Error) -> String {
    e.io_error()
        .map(|io| io.kind().to_string())
        .unwrap_or_else(|| "a folder loop".to_string())
}

fn stray(rel: &str, what: &str) -> Diagnostic {
    Diagnostic::warning(
        Code::StrayFile,
        "this file is not part of any report and is ignored",
    )
    .in_file(rel)
    .with_help(what.to_string())
}

/// Reads a project file as UTF-8 text, refusing one that is too large or not text.
pub fn read_source(root: &Path, rel: &str) -> Result<SourceFile, Diagnostic> {
    let path: PathBuf = root.join(rel);
    let meta = std::fs::symlink_metadata(&path).map_err(|e| unreadable(rel, &e))?;
    // A named pipe or a device would block the build, or never end: only regular files are
    // read.
    if !meta.is_file() {
        return Err(Diagnostic::error(
            Code::NotAFile,
            "this is not a regular file (a named pipe, socket or device), so it is not read",
        )
        .in_file(rel)
        .with_help("replace it with an ordinary file, or move it out of the project"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(rel));
    }
    let bytes = std::fs::read(&path).map_err(|e| unreadable(rel, &e))?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..good]).into_owned();
            let rest_of_line: String = String::from_utf8_lossy(&bytes[good..])
                .split('\n')
                .next()
                .unwrap_or("")
                .to_string();
            let shown = SourceFile::new(rel, format!("{prefix}{rest_of_line}"));
            return Err(
                Diagnostic::error(Code::InvalidUtf8, "this file is not valid UTF-8 text")
                    .at(&shown, good, 1)
                    .with_help("save the file as UTF-8"),
            );
        }
    };
    let text = match text.strip_prefix('\u{FEFF}') {
        Some(t) => t.to_string(),
        None => text,
    };
    Ok(SourceFile::new(rel, text))
}

fn too_large(rel: &str) -> Diagnostic {
    Diagnostic::error(
        Code::FileTooLarge,
        format!(
            "this file is larger than {} MiB, the most almanac reads",
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
    .in_file(rel)
    .with_help("split it into smaller files, or move large data out of the project")
}

fn unreadable(rel: &str, e: &std::io::Error) -> Diagnostic {
    let hint = match e.kind() {
        std::io::ErrorKind::NotFound => {
            "create this file; the guide (docs/project.md) shows what goes in it"
        }
        std::io::ErrorKind::PermissionDenied => "make the file readable",
        _ => "check that the file exists and can be read",
    };
    Diagnostic::error(
        Code::Unreadable,
        format!("cannot read this file: {}", e.kind()),
    )
    .in_file(rel)
    .with_help(hint)
}

fn read_yaml<T: DeserializeOwned>(
    root: &Path,
    rel: &str,
    diags: &mut Diagnostics,
) -> Option<(SourceFile, T)> {
    let file = read_source(root, rel).map_err(|d| diags.push(d)).ok()?;
    match yaml::parse_all::<T>(&file, &file.text) {
        Ok(v) => Some((file, v)),
        Err(all) => {
            diags.extend(all);
            None
        }
    }
}

fn load_report(
    root: &Path,
    dir: &Entry,
    site_language: &str,
    diags: &mut Diagnostics,
) -> Option<Report> {
    let entries = list_dir(root, &dir.rel, diags);
    let meta_rel = format!("{}/report.yaml", dir.rel);
    // report.yaml is read once its editions say which languages they are published in (its
    // text fields may be written in each); its `language` is known before.
    let meta_file = if entries.iter().any(|e| e.name == "report.yaml") {
        read_source(root, &meta_rel).map_err(|d| diags.push(d)).ok()
    } else {
        diags.push(
            Diagnostic::error(Code::MissingFile, "this report folder has no report.yaml")
                .in_file(&dir.rel)
                .with_help("add report.yaml with name and title (docs/project.md shows it)"),
        );
        None
    };
    let report_language = meta_file
        .as_ref()
        .map(|f| Languages::peek(&f.text))
        .and_then(|l| l.language().map(crate::locale::canonical_tag))
        .unwrap_or_else(|| crate::locale::canonical_tag(site_language));
    let mut edition_dirs = Vec::new();
    let mut bibliography_files = Vec::new();
    for e in entries {
        match e.kind {
            EntryKind::Dir => match parse_year(&e.name) {
                Some(year) => edition_dirs.push((year, e)),
                None => diags.push(
                    Diagnostic::error(
                        Code::EditionFolder,
                        format!("`{}` is not an edition year", e.name),
                    )
                    .in_file(&e.rel)
                    .with_help("name each edition folder by its year, such as 2023"),
                ),
            },
            EntryKind::File if e.name == "report.yaml" => {}
            EntryKind::File if bibliography::FILE_NAMES.contains(&e.name.as_str()) => {
                bibliography_files.push(e.name.clone());
            }
            EntryKind::File => diags.push(stray(
                &e.rel,
                "a report folder holds report.yaml, its bibliography (references.yaml or references.bib) and one folder per edition year",
            )),
        }
    }
    let names: Vec<&str> = bibliography_files.iter().map(String::as_str).collect();
    let bibliography = bibliography::load(root, &dir.rel, &names, diags);
    let loaded: Vec<(Option<Edition>, Diagnostics)> = edition_dirs
        .par_iter()
        .map(|(year, e)| {
            let mut d = Diagnostics::new();
            (load_edition(root, *year, e, &report_language, &mut d), d)
        })
        .collect();
    let mut editions: Vec<Edition> = Vec::new();
    for (edition, d) in loaded {
        diags.extend(d);
        editions.extend(edition);
    }
    // Every language an edition of the report is translated into, in the order first named.
    let mut translated: Vec<String> = Vec::new();
    for t in editions.iter().flat_map(|e| &e.meta.translations) {
        if !translated.iter().any(|l| l.eq_ignore_ascii_case(t)) {
            translated.push(t.clone());
        }
    }
    let read_meta = |language: &str, diags: &mut Diagnostics| {
        let file = meta_file.as_ref()?;
        let reading = translation::reading(language, &report_language, &translated);
        match read_in(Some(&reading), || {
            yaml::parse_all::<ReportMeta>(file, &file.text)
        }) {
            Ok(meta) => Some(meta),
            Err(all) => {
                diags.extend(all);
                None
            }
        }
    };
    let meta = read_meta(&report_language, diags).map(|mut meta| {
        let file = meta_file
            .clone()
            .unwrap_or_else(|| SourceFile::new(&meta_rel, ""));
        diags.extend(check_license_url(&file, &mut meta.license_url));
        diags.extend(language::check_tag(&file, &mut meta.language));
        (file, meta)
    });
    // report.yaml read in `language`: its text in that language, the rest the original's
    // (checked once, there).
    let original = meta.as_ref().map(|(_, m)| m.clone()).unwrap_or_default();
    let in_its = |mut report: ReportMeta, language: &str| {
        report.license_url.clone_from(&original.license_url);
        report.language = Some(language.to_string());
        report
    };
    // In each language its editions are translated into: a translation's pages name the
    // report in their language (its errors reported), once per language.
    let mut in_language: Vec<(String, ReportMeta)> = Vec::new();
    for language in &translated {
        let read = read_meta(language, diags).unwrap_or_else(|| original.clone());
        in_language.push((language.clone(), in_its(read, language)));
    }
    for t in editions.iter_mut().flat_map(|e| &mut e.translations) {
        let language = t.translated_into().unwrap_or_default();
        t.report = in_language
            .iter()
            .find(|(l, _)| l == language)
            .map(|(_, r)| r.clone());
    }
    // An original in another language than its report's names the report in its language
    // when report.yaml has text in it (and in the report's language otherwise: that edition
    // was never promised its report's text, so nothing is reported).
    if !translated.is_empty() {
        for e in &mut editions {
            let language = e
                .meta
                .language
                .as_deref()
                .map(crate::locale::canonical_tag)
                .unwrap_or_else(|| report_language.clone());
            if language.eq_ignore_ascii_case(&report_language) {
                continue;
            }
            e.report = match in_language.iter().find(|(l, _)| *l == language) {
                Some((_, r)) => Some(r.clone()),
                None => read_meta(&language, &mut Diagnostics::new()).map(|r| in_its(r, &language)),
            };
        }
    }
    // A report.yaml in error has its own diagnostics; its editions are still checked.
    let (file, meta, meta_in_error) = match meta {
        Some((file, meta)) => (file, meta, false),
        None => (SourceFile::new(meta_rel, ""), ReportMeta::default(), true),
    };
    Some(Report {
        slug: dir.name.clone(),
        file,
        meta,
        meta_in_error,
        editions,
        edition_folders: edition_dirs.iter().map(|(year, _)| *year).collect(),
        bibliography_in_error: matches!(bibliography, bibliography::Loaded::InError),
        bibliography: match bibliography {
            bibliography::Loaded::Read(b) => Some(*b),
            _ => None,
        },
    })
}

fn parse_year(name: &str) -> Option<u16> {
    if name.len() == 4 && name.bytes().all(|b| b.is_ascii_digit()) {
        name.parse().ok()
    } else {
        None
    }
}

fn load_edition(
    root: &Path,
    year: u16,
    dir: &Entry,
    report_language: &str,
    diags: &mut Diagnostics,
) -> Option<Edition> {
    let entries = list_dir(root, &dir.rel, diags);
    if std::fs::read_dir(root.join(&dir.rel)).is_err() {
        // Reported by list_dir; nothing inside an unreadable folder can be told missing.
        return None;
    }
    let mut chapter_entries = Vec::new();
    // `NN-slug.<tag>.md`: a chapter's translation, with its original's stem and its language.
    let mut translated_entries: Vec<(Entry, String, String)> = Vec::new();
    let mut data_entries = Vec::new();
    for e in &entries {
        match e.kind {
            EntryKind::File if e.name == "edition.yaml" => {}
            EntryKind::File if without_extension(&e.name, "md").is_some() => {
                let stem = without_extension(&e.name, "md").unwrap_or_default();
                match translation::split_stem(stem) {
                    Some((base, tag)) => {
                        translated_entries.push((e.clone(), base.to_string(), tag.to_string()))
                    }
                    None => chapter_entries.push(e.clone()),
                }
            }
            EntryKind::Dir if e.name == "data" => {
                for d in list_dir(root, &e.rel, diags) {
                    if d.kind == EntryKind::File
                        && (without_extension(&d.name, "yaml").is_some()
                            || without_extension(&d.name, "yml").is_some())
                    {
                        data_entries.push(d);
                    } else {
                        diags.push(stray(&d.rel, "data/ holds box-*.yaml and fig-*.yaml files"));
                    }
                }
            }
            // Images and other files an edition refers to stay where they are until used.
            _ => {}
        }
    }
    let meta_rel = format!("{}/edition.yaml", dir.rel);
    let meta_file = if entries.iter().any(|e| e.name == "edition.yaml") {
        read_source(root, &meta_rel).map_err(|d| diags.push(d)).ok()
    } else {
        diags.push(
            Diagnostic::error(Code::MissingFile, "this edition folder has no edition.yaml")
                .in_file(&dir.rel)
                .with_help("add edition.yaml with at least a title (docs/project.md shows it)"),
        );
        None
    };
    // The edition's language and its translations, known before its files are read in them.
    let peeked = meta_file
        .as_ref()
        .map(|f| Languages::peek(&f.text))
        .unwrap_or_default();
    let own = crate::locale::canonical_tag(peeked.language().unwrap_or(report_language));
    let others = match &meta_file {
        Some(file) => {
            let (others, problems) = translation::check_translations(file, &own, &peeked);
            diags.extend(problems);
            others
        }
        None => Vec::new(),
    };
    let reading = translation::reading(&own, &own, &others);
    let meta = meta_file.and_then(|file| {
        match read_in(Some(&reading), || {
            yaml::parse_all::<EditionMeta>(&file, &file.text)
        }) {
            Ok(mut meta) => {
                diags.extend(check_date(&file, &mut meta));
                diags.extend(language::check_tag(&file, &mut meta.language));
                meta.translations.clone_from(&others);
                Some((file, meta))
            }
            Err(all) => {
                // Its text in several languages cannot be read without `translations:`,
                // which the read then never reaches when misspelt.
                if !all.iter().any(|d| d.code == Code::UnknownKey) {
                    diags.extend(peeked.misspelt_translations(&file));
                }
                diags.extend(all);
                None
            }
        }
    });

    let chapters: Vec<Result<LoadedChapter, Diagnostic>> = chapter_entries
        .par_iter()
        .map(|e| {
            load_chapter(
                root,
                e,
                without_extension(&e.name, "md").unwrap_or_default(),
            )
        })
        .collect();
    let mut loaded_chapters: Vec<Chapter> = Vec::new();
    let mut unreadable_chapters = Vec::new();
    let mut untitled_by_error = Vec::new();
    for (c, entry) in chapters.into_iter().zip(&chapter_entries) {
        match c {
            Ok((c, front_errors)) => {
                if !front_errors.is_empty() {
                    diags.extend(front_errors);
                    untitled_by_error.push(c.slug.clone());
                }
                if let Some(prev) = loaded_chapters.iter().find(|p| p.slug == c.slug) {
                    diags.push(
                        Diagnostic::error(
                            Code::DuplicateChapter,
                            format!("two chapters have the slug `{}`", c.slug),
                        )
                        .in_file(&c.file.path)
                        .with_help(format!("rename this file or {}", prev.file.path)),
                    );
                }
                loaded_chapters.push(c);
            }
            Err(d) => {
                diags.push(d);
                unreadable_chapters.push(entry.rel.clone());
            }
        }
    }
    for c in &loaded_chapters {
        // A chapter whose front matter is in error has no title for that reason alone.
        if c.front.title.is_none() && !untitled_by_error.contains(&c.slug) {
            diags.push(untitled(c));
        }
    }

    let mut data = load_data(root, &data_entries, &reading, diags);
    data.images = read_images(root, &dir.rel, &data);
    data.index();
    let translations = match &meta {
        Some((file, meta)) => translation::load_translations(
            translation::Original {
                root,
                year,
                dir: &dir.rel,
                file,
                meta,
                language: &own,
                chapters: &loaded_chapters,
                unreadable_chapters: &unreadable_chapters,
                data_entries: &data_entries,
            },
            &translated_entries,
            diags,
        ),
        // Without its edition.yaml the edition has no translations; its own errors say why.
        None => Vec::new(),
    };
    // An edition.yaml in error has its own diagnostics; its chapters and data are still checked.
    let (file, meta, meta_in_error) = match meta {
        Some((file, meta)) => (file, meta, false),
        // Its languages still say in which its report's text is read.
        None => (
            SourceFile::new(meta_rel, ""),
            EditionMeta {
                translations: others,
                ..EditionMeta::default()
            },
            true,
        ),
    };
    Some(Edition {
        year,
        dir: dir.rel.clone(),
        file,
        meta,
        meta_in_error,
        chapters: loaded_chapters,
        unreadable_chapters,
        data,
        translations,
        translation: None,
        report: None,
    })
}

/// `base_url` is an absolute http(s) address, kept with a `/` at the end so that a page's
/// path follows it (`https://example.org/reports` is the folder `reports/`). One that is not
/// is reported and dropped, so no page names a wrong address.
fn check_base_url(file: &SourceFile, site: &mut Site) -> Option<Diagnostic> {
    let url = site.base_url.take()?;
    let Some(why) = crate::model::base_url_problem(&url) else {
        site.base_url = Some(if url.ends_with('/') {
            url
        } else {
            format!("{url}/")
        });
        return None;
    };
    let d = Diagnostic::error(Code::InvalidBaseUrl, format!("`base_url` cannot be the site's address: {why}"))
        .with_help("write the absolute address the site is published at, such as `base_url: https://example.org/reports/`, or remove `base_url` (pages link to each other relatively either way)");
    let at = yaml::locate_in(file, &[yaml::Seg::Key("base_url")], yaml::Target::Value);
    Some(match at {
        Some(p) => d.at_position(file, p, url.chars().count().max(1)),
        None => d.in_file(&file.path),
    })
}

/// `license_url` (in site.yaml or a report.yaml) is an absolute http(s) address, the footer's
/// link to the licence's text. One that is not is reported and dropped, so no page links to it.
fn check_license_url(file: &SourceFile, license_url: &mut Option<String>) -> Option<Diagnostic> {
    let why = crate::model::license_url_problem(license_url.as_deref()?)?;
    let url = license_url.take().unwrap_or_default();
    let d = Diagnostic::error(
        Code::InvalidLicenseUrl,
        format!("`license_url` cannot be the licence's address: {why}"),
    )
    .with_help("write the absolute address of the licence's text, such as `license_url: https://creativecommons.org/licenses/by/4.0/`, or remove `license_url`");
    let at = yaml::locate_in(file, &[yaml::Seg::Key("license_url")], yaml::Target::Value);
    Some(match at {
        Some(p) => d.at_position(file, p, url.chars().count().max(1)),
        None => d.in_file(&file.path),
    })
}

/// An edition's `date` is a real day written `YYYY-MM-DD` (the page carries it in a
/// `<time datetime>`); one that is not is reported and dropped, so nothing renders it.
fn check_date(file: &SourceFile, meta: &mut EditionMeta) -> Option<Diagnostic> {
    let why = crate::model::date_problem(meta.date.as_deref()?)?;
    let date = meta.date.take().unwrap_or_default();
    meta.date_in_error = true;
    let d = Diagnostic::error(
        Code::InvalidDate,
        format!("this is not a publication date: {why}"),
    )
    .with_help("write the date YYYY-MM-DD, a day of the calendar: `date: 2023-11-30`");
    let at = yaml::locate_in(file, &[yaml::Seg::Key("date")], yaml::Target::Value);
    Some(match at {
        Some(p) => d.at_position(file, p, date.chars().count().max(1)),
        None => d.in_file(&file.path),
    })
}

/// `name` without its extension `ext`, written in any case (`03-outlook.MD` is
/// `03-outlook`): a file saved by a tool that writes extensions in capitals is still read.
fn without_extension<'a>(name: &'a str, ext: &str) -> Option<&'a str> {
    let dot = name.len().checked_sub(ext.len() + 1)?;
    let (stem, rest) = (name.get(..dot)?, name.get(dot..)?);
    let found = rest.strip_prefix('.')?;
    (!stem.is_empty() && found.eq_ignore_ascii_case(ext)).then_some(stem)
}

/// The slug of a chapter file named `NN-slug.md` (the extension in any case), from its stem
/// `NN-slug`.
fn chapter_slug(stem: &str) -> Option<&str> {
    let (number, slug) = stem.split_once('-')?;
    let number_ok = !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit());
    let slug_ok = !slug.is_empty()
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-');
    (number_ok && slug_ok).then_some(slug)
}

/// The warning of a chapter without a title.
fn untitled(c: &Chapter) -> Diagnostic {
    Diagnostic::warning(Code::ChapterWithoutTitle, "this chapter has no title")
        .in_file(&c.file.path)
        .with_help("add front matter at the top: ---, title: …, ---")
}

/// A chapter, and the errors of its front matter when that could not be read: the chapter is
/// kept (untitled) so that its embeddings and references still count.
type LoadedChapter = (Chapter, Vec<Diagnostic>);

/// Loads the chapter file `entry`, whose stem (its name without `.md`, and without the
/// language of a translation) is `stem`.
fn load_chapter(root: &Path, entry: &Entry, stem: &str) -> Result<LoadedChapter, Diagnostic> {
    let Some(slug) = chapter_slug(stem) else {
        return Err(Diagnostic::error(
            Code::ChapterFileName,
            format!("`{}` is not a chapter file name", entry.name),
        )
        .in_file(&entry.rel)
        .with_help("name chapters NN-slug.md, such as 01-introduction.md (lower-case letters, digits, dashes)"));
    };
    let file = read_source(root, &entry.rel)?;
    let split = front_matter::split(&file.text).map_err(|_| {
        Diagnostic::error(
            Code::UnterminatedFrontMatter,
            "the front matter is never closed",
        )
        .at(&file, 0, 3)
        .with_help("end the front matter with a line `---`")
    })?;
    let (front, front_error) = match &split.yaml {
        Some(y) if !y.trim().is_empty() => match yaml::parse_all::<FrontMatter>(&file, y) {
            Ok(front) => (front, Vec::new()),
            Err(all) => (FrontMatter::default(), all),
        },
        _ => (FrontMatter::default(), Vec::new()),
    };
    let body_offset = split.body_offset;
    Ok((
        Chapter {
            slug: slug.to_string(),
            front,
            body_offset,
            file,
            language: None,
        },
        front_error,
    ))
}

#[allow(clippy::large_enum_variant)] // short-lived, one per data file
enum Loaded {
    Box(DataFile<BoxSpec>),
    Chart(DataFile<ChartSpec>),
    Indicators(DataFile<IndicatorsFile>),
}

/// A data file loaded, with the problems that did not stop it loading; or why it could not be.
type LoadedFile = Result<(Loaded, Vec<Diagnostic>), Vec<Diagnostic>>;

/// Loads one data file by what its name says it is. A data file whose `id:` disagrees with
/// its name is still loaded (under its file name), so that the mismatch is the only error it
/// causes.
fn load_data_file(root: &Path, e: &Entry, stem: &str) -> LoadedFile {
    if stem == "indicators" {
        let (file, spec) = parse_data::<IndicatorsFile>(root, &e.rel)?;
        let problems = check_indicator_ids(&file, &spec);
        Ok((Loaded::Indicators(DataFile { file, spec }), problems))
    } else if stem.starts_with("box-") || stem.starts_with("fig-") {
        // The file name is the id, and the id names the downloads' files.
        if let Some(why) = slug::problem(stem) {
            return Err(vec![
                Diagnostic::error(Code::InvalidId, format!("`{stem}` cannot be an id: {why}"))
                    .in_file(&e.rel)
                    .with_help(format!("rename the file with {}", slug::RULE)),
            ]);
        }
        if stem.starts_with("box-") {
            let (file, mut spec) = parse_data::<BoxSpec>(root, &e.rel)?;
            spec.rows.shrink_to_fit();
            let problem = check_id(&file, &mut spec.id, stem).err();
            Ok((
                Loaded::Box(DataFile { file, spec }),
                Vec::from_iter(problem),
            ))
        } else {
            let (file, mut spec) = parse_data::<ChartSpec>(root, &e.rel)?;
            let problem = check_id(&file, &mut spec.id, stem).err();
            Ok((
                Loaded::Chart(DataFile { file, spec }),
                Vec::from_iter(problem),
            ))
        }
    } else {
        Err(vec![Diagnostic::error(
            Code::DataFileName,
            format!("`{}` is neither a box, a figure nor the indicators", e.name),
        )
        .in_file(&e.rel)
        .with_help("name a box's file box-<id>.yaml, a chart's fig-<id>.yaml, and the indicators indicators.yaml")])
    }
}

/// Loads an edition's data files, their text read as `reading` says.
fn load_data(
    root: &Path,
    entries: &[Entry],
    reading: &Reading,
    diags: &mut Diagnostics,
) -> EditionData {
    let results: Vec<(&str, LoadedFile)> = entries
        .par_iter()
        .map(|e| {
            let stem = e.name.rsplit_once('.').map_or(e.name.as_str(), |(s, _)| s);
            // The reading is the thread's own: set on the thread that reads.
            (
                stem,
                read_in(Some(reading), || load_data_file(root, e, stem)),
            )
        })
        .collect();
    let mut data = EditionData::default();
    for (stem, r) in results {
        if r.is_err() {
            data.unreadable.push(stem.to_string());
        }
        match r {
            Ok((loaded, problems)) => {
                diags.extend(problems);
                match loaded {
                    Loaded::Box(b) => data.boxes.push(b),
                    Loaded::Chart(c) => data.charts.push(c),
                    Loaded::Indicators(i) => data.indicators = Some(i),
                }
            }
            Err(all) => diags.extend(all),
        }
    }
    // With indicators.yaml in error, its own error says why its indicators are unknown, and
    // the boxes built from them cannot be built: they count as unreadable too.
    if data.is_unreadable("indicators") {
        let (waiting, boxes) = std::mem::take(&mut data.boxes)
            .into_iter()
            .partition(|b| !b.spec.indicators.is_empty());
        data.boxes = boxes;
        let waiting: Vec<DataFile<BoxSpec>> = waiting;
        data.unreadable
            .extend(waiting.into_iter().map(|b| b.spec.id));
    }
    // Held until the build ends, so without room for more: a list grown by doubling keeps
    // up to half its room empty (five boxes of 440 bytes each take room for eight).
    data.boxes.shrink_to_fit();
    data.charts.shrink_to_fit();
    data
}

/// Builds every box of indicators of a report, once each edition's language is known (its rows
/// are the indicators' values as the language writes them); returns the problems found.
/// `locales` keeps the locales made, for the next report.
fn expand_indicator_boxes(
    site: &Site,
    report: &mut Report,
    locales: &mut HashMap<String, crate::locale::Locale>,
) -> Vec<Diagnostic> {
    let mut expand = |meta: &ReportMeta, edition: &mut Edition| -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        if edition
            .data
            .boxes
            .iter()
            .all(|b| b.spec.indicators.is_empty())
        {
            return problems;
        }
        let tag = crate::model::language_of(site, meta, &edition.meta);
        let locale = locales
            .entry(tag.to_string())
            .or_insert_with(|| crate::locale::Locale::new(tag, &site.labels));
        let data = &mut edition.data;
        for b in &mut data.boxes {
            indicator_box::expand(b, data.indicators.as_ref(), locale, &mut problems);
        }
        problems
    };
    let mut problems = Vec::new();
    for edition in &mut report.editions {
        problems.extend(expand(&report.meta, edition));
        // Each translation's boxes in its own language too (a problem both have is one
        // diagnostic twice, which the run's list keeps once).
        for t in &mut edition.translations {
            problems.extend(expand(&report.meta, t));
        }
    }
    problems
}

/// Every image the edition's figures name, read in parallel.
fn read_images(root: &Path, edition_dir: &str, data: &EditionData) -> HashMap<String, ImageFile> {
    let mut paths: Vec<&str> = data
        .charts
        .iter()
        .filter_map(|c| c.spec.image.as_deref())
        .collect();
    paths.sort_unstable();
    paths.dedup();
    paths
        .par_iter()
        .filter_map(|p| Some((p.to_string(), image::read_image(root, edition_dir, p)?)))
        .collect()
}

fn parse_data<T: DeserializeOwned>(
    root: &Path,
    rel: &str,
) -> Result<(SourceFile, T), Vec<Diagnostic>> {
    let file = read_source(root, rel).map_err(|d| vec![d])?;
    let spec = yaml::parse_all::<T>(&file, &file.text)?;
    Ok((file, spec))
}

/// A data object's id is its file name; an `id` key, when given, must agree. The id is the
/// file name afterwards either way.
fn check_id(file: &SourceFile, id: &mut String, stem: &str) -> Result<(), Diagnostic> {
    let given = std::mem::replace(id, stem.to_string());
    if !given.is_empty() && given != stem {
        let id = given;
        let pos = yaml::locate_in(file, &[yaml::Seg::Key("id")], yaml::Target::Value);
        let d = Diagnostic::error(
            Code::IdMismatch,
            format!("the id `{id}` differs from the file name `{stem}`"),
        )
        .with_help(format!("use `id: {stem}`, or rename the file to {id}.yaml"));
        return Err(match pos {
            Some(p) => d.at_position(file, p, id.chars().count()),
            None => d.in_file(&file.path),
        });
    }
    Ok(())
}

/// Every indicator id must be a slug: an id several reports share names a comparison page.
/// The indicators stay loaded, so that the values quoting them are not also reported.
fn check_indicator_ids(file: &SourceFile, spec: &IndicatorsFile) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (i, indicator) in spec.indicators.iter().enumerate() {
        let Some(why) = slug::problem(&indicator.id) else {
            continue;
        };
        let path = [
            yaml::Seg::Key("indicators"),
            yaml::Seg::Index(i),
            yaml::Seg::Key("id"),
        ];
        let d = Diagnostic::error(
            Code::InvalidId,
            format!("the indicator id `{}` cannot be an id: {why}", indicator.id),
        )
        .with_help(format!("write the id with {}", slug::RULE));
        problems.push(match yaml::locate_in(file, &path, yaml::Target::Value) {
            Some(p) => d.at_position(file, p, indicator.id.chars().count()),
            None => d.in_file(&file.path),
        });
    }
    problems
}

/// The project's `templates/` folder: every file in it overrides the embedded theme's file
/// of the same name.
fn load_theme_overrides(root: &Path, diags: &mut Diagnostics) -> Vec<ThemeFile> {
    let dir = root.join("templates");
    if is_link(&dir) {
        diags.push(linked_folder("templates"));
        return Vec::new();
    }
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for item in WalkDir::new(&dir)
        .min_depth(1)
        .follow_links(false)
        .sort_by_file_name()
    {
        let Ok(entry) = item else {
            diags.push(
                Diagnostic::error(Code::Unreadable, "cannot read a file under templates/")
                    .in_file("templates"),
            );
            continue;
        };
        let Ok(rel) = entry.path().strip_prefix(&dir) else {
            continue;
        };
        let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
        let Some(parts) = parts else {
            diags.push(
                Diagnostic::error(
                    Code::FileName,
                    "a file name under templates/ is not valid UTF-8",
                )
                .in_file(&format!("templates/{}", rel.to_string_lossy()))
                .with_help("rename the file with letters, digits and dashes"),
            );
            continue;
        };
        let name = parts.join("/");
        if parts.iter().any(|part| part.starts_with('.')) {
            continue;
        }
        let rel = format!("templates/{name}");
        let ft = entry.file_type();
        if ft.is_dir() {
            continue;
        }
        if ft.is_symlink() {
            diags.push(
                Diagnostic::error(
                    Code::Symlink,
                    "symlinks are not followed: almanac reads only the project's own files",
                )
                .in_file(&rel)
                .with_help("replace the link with the file itself"),
            );
            continue;
        }
        if !ft.is_file() {
            diags.push(
                Diagnostic::error(
                    Code::NotAFile,
                    "this is not a regular file (a named pipe, socket or device), so it is not read",
                )
                .in_file(&rel)
                .with_help("replace it with an ordinary file, or move it out of the project"),
            );
            continue;
        }
        // Theme assets are published under the same name: it must be a place in the site.
        if let Err(why) = crate::core::site_path::SitePath::parse(&name) {
            diags.push(
                Diagnostic::error(
                    Code::FileName,
                    format!("this theme file's name cannot be a file of the site: {why}"),
                )
                .in_file(&rel)
                .with_help("rename it with letters, digits, dashes and dots"),
            );
            continue;
        }
        if entry.metadata().is_ok_and(|m| m.len() > MAX_FILE_BYTES) {
            diags.push(too_large(&rel));
            continue;
        }
        match std::fs::read(entry.path()) {
            Ok(bytes) => out.push(ThemeFile { name, bytes }),
            Err(e) => diags.push(unreadable(&rel, &e)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapter_names_are_number_dash_slug() {
        let chapter_slug = |name| chapter_slug(without_extension(name, "md")?);
        assert_eq!(chapter_slug("01-introduction.md"), Some("introduction"));
        assert_eq!(chapter_slug("7-m-and-a.md"), Some("m-and-a"));
        assert_eq!(chapter_slug("intro.md"), None);
        assert_eq!(chapter_slug("01-Intro.md"), None);
        assert_eq!(chapter_slug("01-.md"), None);
        // The extension in any case, never part of the slug.
        assert_eq!(chapter_slug("03-outlook.MD"), Some("outlook"));
        assert_eq!(chapter_slug("03-outlook.Md"), Some("outlook"));
        assert_eq!(chapter_slug("03-outlook.md.MD"), None);
        assert_eq!(chapter_slug("03-outlookmd"), None);
        assert_eq!(without_extension("box-a.YAML", "yaml"), Some("box-a"));
        assert_eq!(without_extension(".md", "md"), None);
        assert_eq!(without_extension("é.md", "md"), Some("é"));
        assert_eq!(without_extension("md", "md"), None);
    }
}
