//! The typed model of a project, as the load stage reads it. Nothing here is rendered.

pub mod boxes;
pub mod charts;
pub mod indicators;

use crate::source::SourceFile;
use serde::Deserialize;
use std::path::PathBuf;

pub use boxes::BoxSpec;
pub use charts::ChartSpec;
pub use indicators::{Indicator, IndicatorsFile};

/// A whole project: `content/site.yaml`, its reports, and the project's own templates.
#[derive(Debug)]
pub struct Project {
    /// The project folder, as given (used to read, never written into the output).
    pub root: PathBuf,
    pub site_file: SourceFile,
    /// The site's settings; the defaults when `site.yaml` is in error (see `site_in_error`).
    pub site: Site,
    /// `site.yaml` could not be read: its own errors are reported, and the rest of the project
    /// is still loaded and checked with the default settings, so one run shows every problem.
    pub site_in_error: bool,
    pub reports: Vec<Report>,
    /// Files of the project's `templates/` folder that override the embedded theme.
    pub theme_overrides: Vec<ThemeFile>,
}

/// A file of the theme: a template (`*.html`) or an asset (`assets/…`), by its path relative
/// to `templates/`.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// `content/site.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub title: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub description: Option<String>,
    /// The address the site is published at; pages link relatively, so it is only used for
    /// the canonical link.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Let raw HTML in the narrative through (off by default: it is escaped, with a warning).
    #[serde(default)]
    pub allow_raw_html: bool,
    /// Chapter slugs that every report's editions must have.
    #[serde(default)]
    pub outline: Vec<String>,
}

fn default_language() -> String {
    "en".to_string()
}

impl Default for Site {
    /// What a site without settings gets: the serde defaults, and no title.
    fn default() -> Self {
        Site {
            title: String::new(),
            language: default_language(),
            description: None,
            base_url: None,
            allow_raw_html: false,
            outline: Vec::new(),
        }
    }
}

/// `content/<report>/report.yaml` and its editions.
#[derive(Debug)]
pub struct Report {
    /// The folder name, used in addresses.
    pub slug: String,
    pub file: SourceFile,
    /// The defaults when `report.yaml` is in error (its own errors are reported).
    pub meta: ReportMeta,
    pub meta_in_error: bool,
    /// Oldest first.
    pub editions: Vec<Edition>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportMeta {
    pub name: String,
    #[serde(default)]
    pub iso: Option<String>,
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
}

/// `content/<report>/<year>/`: one edition.
#[derive(Debug)]
pub struct Edition {
    pub year: u16,
    /// The edition folder relative to the project root, `content/<report>/<year>`.
    pub dir: String,
    pub file: SourceFile,
    /// The defaults when `edition.yaml` is in error (its own errors are reported).
    pub meta: EditionMeta,
    pub meta_in_error: bool,
    /// In file-name order.
    pub chapters: Vec<Chapter>,
    /// The chapter files that could not be read (their errors are reported): what they
    /// embedded cannot be told unembedded or unused.
    pub unreadable_chapters: Vec<String>,
    pub data: EditionData,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Published,
    Draft,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditionMeta {
    pub title: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub status: Status,
    /// The year of the edition this one continues.
    #[serde(default)]
    pub previous: Option<u16>,
}

/// One `NN-slug.md` file.
#[derive(Debug)]
pub struct Chapter {
    pub file: SourceFile,
    /// The `slug` part of the file name, used for the chapter's anchor.
    pub slug: String,
    pub front: FrontMatter,
    /// Byte offset of the Markdown body (after the front matter) in `file.text`.
    pub body_offset: usize,
}

impl Chapter {
    pub fn body(&self) -> &str {
        &self.file.text[self.body_offset..]
    }

    /// The title to show: the front matter's, or one made from the slug.
    pub fn title(&self) -> String {
        match &self.front.title {
            Some(t) => t.clone(),
            None => {
                let words = self.slug.replace('-', " ");
                let mut c = words.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            }
        }
    }
}

/// The YAML block at the very top of a chapter.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    #[serde(default)]
    pub title: Option<String>,
}

/// A data object with the file it came from, so later stages can point into it.
#[derive(Debug)]
pub struct DataFile<T> {
    pub file: SourceFile,
    pub spec: T,
}

/// The `data/` folder of an edition.
#[derive(Debug, Default)]
pub struct EditionData {
    pub boxes: Vec<DataFile<BoxSpec>>,
    pub charts: Vec<DataFile<ChartSpec>>,
    /// `data/indicators.yaml`, when there is one.
    pub indicators: Option<DataFile<IndicatorsFile>>,
    /// The names (without `.yaml`) of the data files that exist but could not be loaded: their
    /// own errors are reported, and what refers to them is not reported again as unknown.
    pub unreadable: Vec<String>,
}

impl EditionData {
    /// Whether `id` (`box-…`, `fig-…`, or `indicators`) is a data file that failed to load.
    pub fn is_unreadable(&self, id: &str) -> bool {
        self.unreadable.iter().any(|u| u == id)
    }

    pub fn find_box(&self, id: &str) -> Option<&DataFile<BoxSpec>> {
        self.boxes.iter().find(|b| b.spec.id == id)
    }

    pub fn find_indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators
            .as_ref()?
            .spec
            .indicators
            .iter()
            .find(|i| i.id == id)
    }

    pub fn indicator_ids(&self) -> Vec<&str> {
        self.indicators
            .iter()
            .flat_map(|f| f.spec.indicators.iter().map(|i| i.id.as_str()))
            .collect()
    }

    pub fn find_chart(&self, id: &str) -> Option<&DataFile<ChartSpec>> {
        self.charts.iter().find(|c| c.spec.id == id)
    }
}
