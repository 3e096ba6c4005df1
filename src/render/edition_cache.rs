//! Rendered editions kept from one build to the next, for the live preview: an edition is
//! rendered again only when something its page can show has changed. Its page shows its own
//! chapters and data, its report's other editions (the switcher, "Changes since"), the site's
//! settings, whether the site has a feed, and the theme, so the key of an edition is a hash of
//! all of those, and a change in one report renders that report's editions only.

use super::pages::RenderedEdition;
use crate::core::diagnostic::Diagnostic;
use crate::core::site_path::SitePath;
use crate::resolve::charts::FigureContent;
use crate::resolve::{ResolvedReport, ResolvedSite};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

/// Editions an earlier build rendered and left in the site, which a build puts back without
/// rendering them when nothing their pages show has changed. The build keeps them on the
/// disk (`page_cache.rs` above this layer); render only asks.
pub trait KeptEditions: Sync {
    /// Puts the files of the edition kept under `key`, whose folder in the site is `dir`,
    /// into this build, when every one is still as it was made, and says what its render told
    /// the build; `None` when there is no such edition or anything about it has changed (it
    /// is then rendered).
    fn put_back(&self, key: &str, dir: &str) -> Result<Option<KeptEdition>, Diagnostic>;
    /// Keeps an edition this build rendered, under `key` (see [`edition_key`]).
    fn keep(&self, key: &str, edition: &RenderedEdition);
}

/// What a kept edition's render told the build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptEdition {
    pub paths: Vec<SitePath>,
    /// The other files of the site its pages link to, checked again at every build.
    pub link_targets: Vec<String>,
    /// Whether it has a PDF.
    pub pdf: bool,
}

/// The key an edition is kept under between builds: its report's key (see [`report_key`]),
/// its folder in the site, and whether the build makes PDFs. The binary that made it is the
/// keeper's to tell.
pub fn edition_key(report_key: u64, dir: &str, pdf: bool) -> String {
    crate::core::store::key_of(&[&report_key.to_le_bytes(), dir.as_bytes(), &[u8::from(pdf)]])
}

/// The editions rendered by earlier builds, with the key they were rendered under.
#[derive(Debug, Default)]
pub struct EditionCache {
    entries: Mutex<HashMap<String, (u64, RenderedEdition)>>,
}

impl EditionCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// The edition at `dir` (its folder in the site, a translation's its own), as rendered
    /// under `key`, if it was.
    pub fn get(&self, dir: &str, key: u64) -> Option<RenderedEdition> {
        let entries = self.entries.lock().ok()?;
        match entries.get(dir) {
            Some((k, rendered)) if *k == key => Some(rendered.clone()),
            _ => None,
        }
    }

    pub fn put(&self, dir: String, key: u64, rendered: RenderedEdition) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.insert(dir, (key, rendered));
        }
    }
}

/// Which load each report comes from, by folder name, when the build keeps loaded reports
/// (the live preview's `load::cache`): the number changes whenever the report is read again,
/// so the same number means the same sources.
pub type LoadedAs = HashMap<String, u64>;

/// The key of every edition of `report`: a hash of the site's settings and theme overrides,
/// whether drafts are built, and every source of the report (its report.yaml, and each
/// edition's edition.yaml, chapters, data files and figure images, and its bibliography) or,
/// when `loaded_as` numbers its load, that number instead of its sources.
pub fn report_key(
    site: &ResolvedSite<'_>,
    report: &ResolvedReport<'_>,
    loaded_as: Option<&LoadedAs>,
) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let project = site.project;
    project.site_file.text.hash(&mut h);
    // Whether the site has a feed, which every page links to: any report's dated edition
    // can make one.
    super::template::has_feed(site).hash(&mut h);
    for t in &project.theme_overrides {
        (&t.name, &t.bytes).hash(&mut h);
    }
    let r = report.report;
    if let Some(load) = loaded_as.and_then(|l| l.get(&r.slug)) {
        // The same load, the same sources (images included): none is hashed again.
        (1u8, load).hash(&mut h);
        for e in &report.editions {
            e.edition.year.hash(&mut h);
        }
        return h.finish();
    }
    0u8.hash(&mut h);
    r.file.text.hash(&mut h);
    // Its bibliography: every edition's citations and reference list are formatted from it.
    if let Some(bib) = &r.bibliography {
        for f in &bib.files {
            (&f.path, &f.text).hash(&mut h);
        }
    }
    for e in &r.editions {
        (e.year, &e.file.text, &e.unreadable_chapters).hash(&mut h);
        for c in &e.chapters {
            (&c.file.path, &c.file.text).hash(&mut h);
        }
        for b in &e.data.boxes {
            (&b.file.path, &b.file.text).hash(&mut h);
        }
        for c in &e.data.charts {
            (&c.file.path, &c.file.text).hash(&mut h);
        }
        if let Some(i) = &e.data.indicators {
            i.file.text.hash(&mut h);
        }
        // Its translations' own chapters (the rest they share with it).
        for t in &e.translations {
            for c in &t.chapters {
                (&c.file.path, &c.file.text).hash(&mut h);
            }
        }
    }
    // Which editions are built (drafts or not), and the images their figures copy.
    for e in &report.editions {
        e.edition.year.hash(&mut h);
        for f in &e.figures {
            if let Some(FigureContent::Image(img)) = &f.content {
                (&img.path, &img.bytes).hash(&mut h);
            }
        }
    }
    h.finish()
}
