//! Stage 3, render: pure functions from the resolved model to the bytes of every output file.
//! Editions render in parallel, all through the one Tera instance of the build.

pub mod boxes;
pub mod chapter_pages;
pub mod citations;
pub mod compare;
pub mod diagram_text;
pub mod downloads;
pub mod edition_cache;
pub mod feeds;
pub mod figures;
pub mod ids;
pub mod links;
pub mod markdown;
pub mod pages;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod search;
pub mod template;
pub mod theme;

use crate::core::code::Code;
use crate::core::diagnostic::Diagnostic;
use crate::core::site_path::SitePath;
use crate::resolve::ResolvedSite;
pub use edition_cache::{EditionCache, KeptEdition, KeptEditions};
use rayon::prelude::*;
pub use theme::{Theme, load_theme};

/// One file of the site: its place under the output folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: SitePath,
    pub bytes: FileBytes,
}

/// The bytes of an output file: borrowed for a file the binary holds (the theme's assets:
/// fonts of megabytes are never copied), shared for one a build makes, so that a rendered
/// edition kept by the live preview is handed out again without copying its files.
#[derive(Clone)]
pub struct FileBytes(Bytes);

#[derive(Clone)]
enum Bytes {
    Static(&'static [u8]),
    Shared(std::sync::Arc<Vec<u8>>),
}

impl std::ops::Deref for FileBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match &self.0 {
            Bytes::Static(b) => b,
            Bytes::Shared(b) => b,
        }
    }
}

impl AsRef<[u8]> for FileBytes {
    fn as_ref(&self) -> &[u8] {
        self
    }
}

impl PartialEq for FileBytes {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for FileBytes {}

impl std::fmt::Debug for FileBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FileBytes({} bytes)", self.len())
    }
}

impl From<Vec<u8>> for FileBytes {
    fn from(bytes: Vec<u8>) -> Self {
        FileBytes(Bytes::Shared(std::sync::Arc::new(bytes)))
    }
}

impl From<&'static [u8]> for FileBytes {
    fn from(bytes: &'static [u8]) -> Self {
        FileBytes(Bytes::Static(bytes))
    }
}

impl From<std::borrow::Cow<'static, [u8]>> for FileBytes {
    fn from(bytes: std::borrow::Cow<'static, [u8]>) -> Self {
        match bytes {
            std::borrow::Cow::Borrowed(b) => b.into(),
            std::borrow::Cow::Owned(b) => b.into(),
        }
    }
}

impl OutputFile {
    /// A file at `path`, which must be a [`SitePath`]: the one door by which a name made
    /// from ids, years or image paths becomes a file of the site.
    pub fn new(path: &str, bytes: impl Into<FileBytes>) -> Result<OutputFile, Diagnostic> {
        match SitePath::parse(path) {
            Ok(path) => Ok(OutputFile {
                path,
                bytes: bytes.into(),
            }),
            Err(why) => Err(Diagnostic::error(
                Code::OutputPath,
                format!(
                    "the output file `{path}` would not be a plain place inside the site: {why}"
                ),
            )
            .with_help(format!(
                "rename the report, box, figure, indicator, image or theme file (templates/assets/) it is made from: {}",
                crate::core::slug::RULE
            ))),
        }
    }
}

/// What a build made, for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub editions: usize,
    pub pages: usize,
    pub boxes: usize,
    pub figures: usize,
    /// PDFs in the site, and how many of them an earlier build had typeset.
    pub pdfs: usize,
    pub pdfs_from_store: usize,
    /// Editions an earlier build had rendered from the same sources, put back whole.
    pub editions_kept: usize,
}

#[derive(Debug)]
pub struct RenderedSite {
    /// Sorted by path.
    pub files: Vec<OutputFile>,
    pub stats: Stats,
    /// What rendering found that is not an error (links leading nowhere).
    pub warnings: Vec<Diagnostic>,
    /// How many editions were rendered (the others came from the cache).
    pub rendered_editions: usize,
}

/// Renders the whole site into memory.
pub fn render(site: &ResolvedSite<'_>, theme: &Theme) -> Result<RenderedSite, Vec<Diagnostic>> {
    render_cached(site, theme, None, None)
}

/// Two files of the build at one place, or a file where another needs a folder
/// (`assets/2023` beside `assets/2023/index.html`).
fn find_collision(written: &[SitePath]) -> Option<Diagnostic> {
    let mut unique = std::collections::HashSet::with_capacity(written.len());
    let mut folded = std::collections::HashMap::with_capacity(written.len());
    for path in written {
        if !unique.insert(path.as_str()) {
            return Some(collision(path.as_str(), "two files"));
        }
        // On a disk that ignores case (macOS, Windows) these are one file too.
        if let Some(other) = folded.insert(path.as_str().to_lowercase(), path.as_str()) {
            return Some(collision(
                &format!("{other}` and `{}", path.as_str()),
                "two files whose names differ only in case (one file on macOS and Windows)",
            ));
        }
    }
    written.iter().find_map(|path| {
        let p = path.as_str();
        p.match_indices('/')
            .map(|(i, _)| &p[..i])
            .find(|parent| unique.contains(parent))
            .map(|parent| collision(parent, "a file and a folder"))
    })
}

/// Two outputs of the build want the same place in the site (a report named like a theme
/// asset's folder, say): the build stops rather than let one overwrite the other.
fn collision(path: &str, what: &str) -> Diagnostic {
    Diagnostic::error(
        Code::OutputCollision,
        format!("{what} of the site would be written at `{path}`"),
    )
    .with_help("rename the report, edition, figure image or theme file (templates/assets/) that makes one of them")
}

/// Renders the whole site into memory, taking from `cache` the editions whose sources have not
/// changed since it rendered them, and keeping the others there for the next time.
///
/// `loaded_as` numbers the load of each report when the build keeps loaded reports (see
/// [`edition_cache::LoadedAs`]): an edition's key is then made from the number.
pub fn render_cached(
    site: &ResolvedSite<'_>,
    theme: &Theme,
    cache: Option<&EditionCache>,
    loaded_as: Option<&edition_cache::LoadedAs>,
) -> Result<RenderedSite, Vec<Diagnostic>> {
    let collected = std::sync::Mutex::new(Vec::new());
    let summary = render_editions(site, theme, cache, loaded_as, None, &|files: Vec<
        OutputFile,
    >| {
        collected.lock().map_err(|_| poisoned())?.extend(files);
        Ok(())
    })?;
    let mut files = collected.into_inner().map_err(|_| vec![poisoned()])?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(RenderedSite {
        files,
        stats: summary.stats,
        warnings: summary.warnings,
        rendered_editions: summary.rendered_editions,
    })
}

fn poisoned() -> Diagnostic {
    Diagnostic::error(Code::WriteFailed, "a rendering thread failed").with_help("report this")
}

/// What [`render_each`] made, once every file has gone to the sink.
#[derive(Debug)]
pub struct RenderSummary {
    pub stats: Stats,
    pub warnings: Vec<Diagnostic>,
    /// How many editions were rendered (the others came from the cache).
    pub rendered_editions: usize,
}

/// Renders the site edition by edition, in parallel, handing each edition's files to `sink`
/// as soon as they are made (the build writes them straight into its staging folder, so a
/// large site never sits in memory whole). Links between pages are checked at the end, from
/// the paths alone. With `kept`, an edition an earlier build rendered from the same sources
/// is put back from there instead of rendered.
pub fn render_each(
    site: &ResolvedSite<'_>,
    theme: &Theme,
    kept: Option<&dyn KeptEditions>,
    sink: &(dyn Fn(Vec<OutputFile>) -> Result<(), Diagnostic> + Sync),
) -> Result<RenderSummary, Vec<Diagnostic>> {
    render_editions(site, theme, None, None, kept, sink)
}

/// What became of one edition.
struct Done {
    paths: Vec<SitePath>,
    warnings: Vec<Diagnostic>,
    pending: Vec<links::PendingLink>,
    /// The link targets of an edition put back whole (its warnings are not kept: it had none
    /// when it was rendered, and is rendered again should one of these now lead nowhere).
    kept_targets: Vec<String>,
    /// Rendered by this build, not taken from a cache.
    fresh: bool,
    pdf_from_store: Option<bool>,
}

fn render_editions(
    site: &ResolvedSite<'_>,
    theme: &Theme,
    cache: Option<&EditionCache>,
    loaded_as: Option<&edition_cache::LoadedAs>,
    kept: Option<&dyn KeptEditions>,
    sink: &(dyn Fn(Vec<OutputFile>) -> Result<(), Diagnostic> + Sync),
) -> Result<RenderSummary, Vec<Diagnostic>> {
    // With a cache, each report's key, computed once for all its editions. Numbered loads
    // are the memory's own: the build's kept pages on the disk are keyed by their sources.
    let keyed = cache.is_some() || kept.is_some();
    let loaded_as = loaded_as.filter(|_| kept.is_none());
    let keys: Vec<Option<u64>> = site
        .reports
        .par_iter()
        .map(|r| keyed.then(|| edition_cache::report_key(site, r, loaded_as)))
        .collect();
    let editions: Vec<_> = site
        .reports
        .iter()
        .zip(&keys)
        .flat_map(|(r, key)| {
            r.editions
                .iter()
                .flat_map(|e| e.versions())
                .map(move |e| (r, e, *key))
        })
        .collect();
    let rendered: Vec<Result<Done, Diagnostic>> = editions
        .par_iter()
        .map(|(report, edition, key)| {
            let dir = edition.site_dir();
            let kept_key = kept
                .zip(*key)
                .map(|(k, key)| (k, edition_cache::edition_key(key, &dir, site.pdf)));
            if let Some((k, key)) = &kept_key
                && let Some(back) = k.put_back(key, &dir)?
            {
                citations::keep_how_to_cite(site, edition);
                return Ok(Done {
                    paths: back.paths,
                    warnings: Vec::new(),
                    pending: Vec::new(),
                    kept_targets: back.link_targets,
                    fresh: false,
                    pdf_from_store: back.pdf.then_some(true),
                });
            }
            let cached = cache.zip(*key).and_then(|(c, k)| c.get(&dir, k));
            let fresh = cached.is_none();
            let e = match cached {
                Some(e) => e,
                None => {
                    let e = pages::edition_page(site, report, edition, theme)?;
                    if let (Some(c), Some(k)) = (cache, key) {
                        c.put(dir, *k, e.clone());
                    }
                    e
                }
            };
            // An edition with warnings is not kept: they are said at every build.
            if let Some((k, key)) = &kept_key
                && e.warnings.is_empty()
            {
                k.keep(key, &e);
            }
            let paths = e.files.iter().map(|f| f.path.clone()).collect();
            sink(e.files)?;
            Ok(Done {
                paths,
                warnings: e.warnings,
                pending: e.pending_links,
                kept_targets: Vec::new(),
                fresh,
                pdf_from_store: e.pdf_from_store,
            })
        })
        .collect();

    let mut diags = Vec::new();
    let mut warnings = Vec::new();
    let mut pending = Vec::new();
    let mut written: Vec<SitePath> = Vec::new();
    let mut stats = Stats::default();
    let mut rendered_editions = 0;
    // The editions put back whole, with the pages their links lead to.
    let mut put_back = Vec::new();
    for (r, edition) in rendered.into_iter().zip(&editions) {
        match r {
            Ok(done) => {
                rendered_editions += usize::from(done.fresh);
                stats.pdfs += usize::from(done.pdf_from_store.is_some());
                stats.pdfs_from_store += usize::from(done.pdf_from_store == Some(true));
                written.extend(done.paths);
                warnings.extend(done.warnings);
                pending.extend(done.pending);
                if !done.kept_targets.is_empty() {
                    put_back.push((edition, done.kept_targets));
                }
            }
            Err(d) => diags.push(d),
        }
    }
    for (_, e, _) in &editions {
        stats.editions += 1;
        // One page; or its contents, each chapter's and the whole edition on one.
        stats.pages += match e.pages {
            crate::model::PageLayout::Single => 1,
            crate::model::PageLayout::Chapters => 2 + e.chapters.len(),
        };
        stats.boxes += e.boxes.len();
        stats.figures += e.figures.len();
    }
    stats.editions_kept = stats.editions - rendered_editions;
    // An edition put back whole whose links now lead nowhere is rendered again (and
    // dropped: its files are the same) to say where each such link is written.
    let recheck = |known: &std::collections::HashSet<&str>| -> Vec<Diagnostic> {
        put_back
            .par_iter()
            .filter(|(_, targets)| targets.iter().any(|t| !links::lands(t, known)))
            .flat_map_iter(|((report, edition, _), _)| {
                match pages::edition_page(site, report, edition, theme) {
                    Ok(e) => {
                        let mut found = e.warnings;
                        found.extend(links::check_pending(e.pending_links, known));
                        found
                    }
                    Err(d) => vec![d],
                }
            })
            .collect()
    };
    let comparisons = compare::comparisons(site);
    // The index and the reports' pages go to the sink as each is rendered (a thousand
    // reports' pages held until the last was made were 20 MB at the peak of a build). When
    // an edition failed they go too, and are dropped with the rest of what the sink has.
    let mut index_paths = Vec::new();
    let mut sink_failed = None;
    let index = pages::index_pages(site, &comparisons, theme, &mut |file| {
        index_paths.push(file.path.clone());
        sink(vec![file]).inspect_err(|d| sink_failed = Some(d.clone()))
    });
    if let Some(d) = sink_failed {
        return Err(vec![d]);
    }
    let mut rest = match index.and_then(|()| compare::comparison_pages(site, &comparisons, theme)) {
        Ok(f) => {
            stats.pages += index_paths.len() + f.len();
            f
        }
        Err(d) => {
            diags.push(d);
            Vec::new()
        }
    };
    match feeds::feed_files(site, &comparisons) {
        Ok(f) => rest.extend(f),
        Err(d) => diags.push(d),
    }
    for (name, bytes) in &theme.assets {
        // The search page's script, only for a site with one.
        if name == "search.js" && !search::enabled(site) {
            continue;
        }
        match OutputFile::new(&format!("assets/{name}"), bytes.clone()) {
            Ok(f) => rest.push(f),
            Err(d) => diags.push(d),
        }
    }
    if !diags.is_empty() {
        // The links of the pages that did render are still checked, so one run shows every
        // problem (the pages that failed count as there: their links are not in doubt).
        let mut known: std::collections::HashSet<String> =
            written.iter().map(|p| p.as_str().to_owned()).collect();
        known.insert("index.html".into());
        if site.project.site.base_url.is_some() {
            known.insert(template::SITEMAP_PATH.into());
        }
        if template::has_feed(site) {
            known.insert(template::ATOM_PATH.into());
        }
        known.extend(
            site.reports
                .iter()
                .map(|r| format!("{}/index.html", r.report.slug)),
        );
        known.extend(
            comparisons
                .iter()
                .map(|c| format!("compare/{}/index.html", c.id)),
        );
        known.extend(
            theme
                .assets
                .iter()
                .map(|(name, _)| format!("assets/{name}")),
        );
        let known: std::collections::HashSet<&str> = known.iter().map(String::as_str).collect();
        diags.extend(warnings);
        diags.extend(links::check_pending(pending, &known));
        diags.extend(recheck(&known));
        return Err(diags);
    }
    written.extend(index_paths);
    written.extend(rest.iter().map(|f| f.path.clone()));
    sink(rest).map_err(|d| vec![d])?;
    if let Some(d) = find_collision(&written) {
        return Err(vec![d]);
    }
    let written: std::collections::HashSet<&str> = written.iter().map(SitePath::as_str).collect();
    warnings.extend(links::check_pending(pending, &written));
    let found = recheck(&written);
    if found.iter().any(Diagnostic::is_error) {
        return Err(found);
    }
    warnings.extend(found);
    Ok(RenderSummary {
        stats,
        warnings,
        rendered_editions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(list: &[&str]) -> Vec<SitePath> {
        list.iter().map(|p| SitePath::parse(p).unwrap()).collect()
    }

    #[test]
    fn file_bytes_are_shared_by_their_copies_and_compared_by_content() {
        let made = OutputFile::new("a/index.html", b"<p>page</p>".to_vec()).unwrap();
        let copy = made.clone();
        // A copy (a rendered edition handed out again by the live preview) shares the bytes.
        assert_eq!(made.bytes.as_ptr(), copy.bytes.as_ptr());
        let held: &'static [u8] = b"<p>page</p>";
        let from_binary = OutputFile::new("a/index.html", held).unwrap();
        assert_eq!(from_binary.bytes.as_ptr(), held.as_ptr(), "never copied");
        assert_eq!(made, from_binary);
        assert_ne!(
            made.bytes,
            OutputFile::new("a", b"other".to_vec()).unwrap().bytes
        );
    }

    #[test]
    fn two_files_at_one_place_or_a_file_for_a_folder_stop_the_build() {
        assert!(find_collision(&paths(&["index.html", "a/index.html", "a/b.csv"])).is_none());
        let d = find_collision(&paths(&["a/index.html", "b/x", "a/index.html"])).unwrap();
        assert_eq!(d.code, "output-collision");
        assert!(d.message.contains("`a/index.html`"), "{}", d.message);
        let d = find_collision(&paths(&["r/1/img/a.svg", "r/1/img/A.svg"])).unwrap();
        assert!(d.message.contains("differ only in case"), "{}", d.message);
        let d = find_collision(&paths(&["assets/2023", "assets/2023/index.html"])).unwrap();
        assert!(d.message.contains("a file and a folder") && d.message.contains("`assets/2023`"));
    }
}
