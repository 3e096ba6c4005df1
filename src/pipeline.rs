//! The four stages run in order: load → resolve → render → write.

use crate::core::code::Code;
use crate::core::diagnostic::{Diagnostic, Diagnostics};
use crate::load::cache::LoadCache;
use crate::model::Project;
use crate::page_cache::PageCache;
use crate::render::{
    EditionCache, RenderedSite, Stats, Theme, load_theme, render_cached, render_each,
};
use crate::resolve::{ResolveOptions, ResolvedSite, resolve};
use crate::{load, write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The project folder.
    pub root: PathBuf,
    /// The output folder; `<root>/site` when `None`.
    pub out: Option<PathBuf>,
    /// Build draft editions too.
    pub drafts: bool,
    /// What `build` does when another build is writing the same output folder.
    pub when_locked: write::WhenLocked,
    /// Warnings count as errors: `build` then writes nothing when there is any.
    pub strict: bool,
    /// Typeset each edition as a PDF too (`--no-pdf` turns it off; so does `pdf: false` in
    /// site.yaml). `check` never typesets.
    pub pdf: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            out: None,
            drafts: false,
            when_locked: write::WhenLocked::Wait,
            strict: false,
            pdf: true,
        }
    }

    pub fn out_dir(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| self.root.join("site"))
    }
}

/// A successful build.
#[derive(Debug)]
pub struct BuildOutcome {
    pub stats: Stats,
    pub warnings: Vec<Diagnostic>,
    pub out: PathBuf,
    /// The previous site had been left aside by a build that was killed, and was put back
    /// before this one began.
    pub restored: bool,
    pub elapsed: Duration,
}

/// Loads and resolves the project and compiles its theme, then runs `then` on them when
/// nothing so far is an error. Returns what `then` made, or every diagnostic (sorted); `then`
/// adds its own findings to the diagnostics it is handed.
fn with_resolved<T>(
    options: &BuildOptions,
    keep: Keep,
    then: impl FnOnce(&ResolvedSite<'_>, &Theme, &mut Diagnostics) -> Result<T, Vec<Diagnostic>>,
) -> Result<(T, Diagnostics), Vec<Diagnostic>> {
    with_resolved_kept(options, keep, None, then)
}

/// [`with_resolved`], taking the reports `loads` kept from earlier builds whose files have not
/// changed, and giving it the project's reports back afterwards (the live preview's).
fn with_resolved_kept<T>(
    options: &BuildOptions,
    keep: Keep,
    loads: Option<&LoadCache>,
    then: impl FnOnce(&ResolvedSite<'_>, &Theme, &mut Diagnostics) -> Result<T, Vec<Diagnostic>>,
) -> Result<(T, Diagnostics), Vec<Diagnostic>> {
    let (project, diags) = load::load_with(&options.root, loads);
    let Some(project) = project else {
        return Err(diags.into_sorted());
    };
    let result = resolve_and(options, keep, loads.is_some(), &project, diags, then);
    if let Some(loads) = loads {
        loads.give_back(project);
    }
    result
}

/// The stages after the load, on the loaded `project`: see [`with_resolved`].
fn resolve_and<T>(
    options: &BuildOptions,
    keep: Keep,
    remember_scans: bool,
    project: &Project,
    mut diags: Diagnostics,
    then: impl FnOnce(&ResolvedSite<'_>, &Theme, &mut Diagnostics) -> Result<T, Vec<Diagnostic>>,
) -> Result<(T, Diagnostics), Vec<Diagnostic>> {
    // Each edition's PDF, kept between builds under a hash of its inputs, by the binary that
    // typeset it (another build of almanac, with another Typst, may typeset it otherwise).
    let pdf_store = options
        .pdf
        .then(|| crate::cache::DiskStore::open_for_this_binary(&options.root, "pdf"));
    // Each edition's formatted citations, by the binary that formatted them.
    let citation_store = (keep == Keep::InTheCache)
        .then(|| crate::cache::DiskStore::open_for_this_binary(&options.root, "citations"));
    let (mut resolved, resolve_diags) = resolve(
        project,
        ResolveOptions {
            drafts: options.drafts,
            pdf: options.pdf,
            store: citation_store
                .as_ref()
                .map(|s| s as &dyn crate::core::store::Store),
            remember_scans,
        },
    );
    diags.extend(resolve_diags);
    resolved.store = pdf_store
        .as_ref()
        .map(|s| s as &dyn crate::core::store::Store);
    resolved.citation_store = citation_store
        .as_ref()
        .map(|s| s as &dyn crate::core::store::Store);
    let theme = load_theme(&project.theme_overrides)
        .map_err(|d| diags.extend(d))
        .ok();
    let theme = match theme {
        Some(t) if !diags.has_errors() => t,
        Some(t) => {
            // Errors so far stop the build, but not the render stage's own checks (links and
            // anchors, templates): one run shows every independent problem. The pages are
            // rendered and dropped.
            match render_each(&resolved, &t, None, &|_| Ok(())) {
                Ok(summary) => diags.extend(summary.warnings),
                Err(more) => diags.extend(more),
            }
            return Err(diags.into_sorted());
        }
        None => {
            // The project's templates do not compile: the links and anchors of the content
            // are still checked, through the default theme.
            if let Ok(default) = load_theme(&[]) {
                let checked = match render_each(&resolved, &default, None, &|_| Ok(())) {
                    Ok(summary) => summary.warnings,
                    Err(more) => more,
                };
                diags.extend(
                    checked
                        .into_iter()
                        .filter(|d| d.code == Code::BrokenAnchor || d.code == Code::BrokenLink),
                );
            }
            return Err(diags.into_sorted());
        }
    };
    match then(&resolved, &theme, &mut diags) {
        Ok(value) => {
            for store in [&pdf_store, &citation_store].into_iter().flatten() {
                store.keep_only_used();
            }
            Ok((value, diags))
        }
        Err(more) => {
            diags.extend(more);
            Err(diags.into_sorted())
        }
    }
}

/// Whether a run keeps what it made for the next in the build cache (a build does; `check`
/// and the live preview write nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    InTheCache,
    Nothing,
}

/// Loads, resolves and renders the project in memory; nothing is written.
/// On success, the rendered site and the warnings; otherwise every diagnostic.
pub fn render_site(
    options: &BuildOptions,
) -> Result<(RenderedSite, Vec<Diagnostic>), Vec<Diagnostic>> {
    render_site_cached(options, None)
}

/// [`render_site`], rendering again only the editions whose sources changed since `cache`
/// last saw them (the live preview keeps one cache for its whole session).
pub fn render_site_cached(
    options: &BuildOptions,
    cache: Option<&EditionCache>,
) -> Result<(RenderedSite, Vec<Diagnostic>), Vec<Diagnostic>> {
    render_site_kept(options, cache, None)
}

/// [`render_site_cached`], also taking the reports `loads` kept loaded from earlier runs whose
/// files have not changed (see [`LoadCache`]); the result is the same as
/// [`render_site`]'s. The live preview keeps both caches for its whole session.
pub fn render_site_kept(
    options: &BuildOptions,
    cache: Option<&EditionCache>,
    loads: Option<&LoadCache>,
) -> Result<(RenderedSite, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (site, diags) =
        with_resolved_kept(options, Keep::Nothing, loads, |resolved, theme, diags| {
            let loaded_as = loads.map(LoadCache::loaded_as);
            let mut site = render_cached(resolved, theme, cache, loaded_as.as_ref())?;
            diags.extend(std::mem::take(&mut site.warnings));
            Ok(site)
        })?;
    Ok((site, diags.into_sorted()))
}

/// Everything `build` validates, with nothing written: the site is rendered (and dropped
/// page by page), so template errors and links that lead nowhere are found too.
pub fn check(options: &BuildOptions) -> Vec<Diagnostic> {
    let options = &BuildOptions {
        pdf: false,
        ..options.clone()
    };
    let checked = with_resolved(options, Keep::Nothing, |resolved, theme, diags| {
        diags.extend(render_each(resolved, theme, None, &|_| Ok(()))?.warnings);
        Ok(())
    });
    match checked {
        Ok(((), diags)) => diags.into_sorted(),
        Err(diags) => diags,
    }
}

/// Builds the project into its output folder. On any error nothing is written and the
/// previous output stays as it was. Each edition's files go into the staging folder as soon
/// as they are rendered, so a large site is never held in memory whole.
pub fn build(options: &BuildOptions) -> Result<BuildOutcome, Vec<Diagnostic>> {
    build_reporting(options, &|| {})
}

/// [`build`], calling `on_wait` when another build holds the output folder and this one waits
/// for it (`options.when_locked`).
pub fn build_reporting(
    options: &BuildOptions,
    on_wait: &dyn Fn(),
) -> Result<BuildOutcome, Vec<Diagnostic>> {
    let start = Instant::now();
    let out = options.out_dir();
    check_output_folder(&options.root, &out).map_err(|d| vec![d])?;
    // Held until the new site is in place: one build at a time writes `out`.
    let lock =
        write::OutputLock::acquire(&out, options.when_locked, on_wait).map_err(|d| vec![d])?;
    let restored = lock.restored();
    let (stats, diags) = with_resolved(options, Keep::InTheCache, |resolved, theme, diags| {
        let staging = write::Staging::begin(&out, &lock).map_err(|d| vec![d])?;
        // On an error the staging folder is dropped, and removed: the previous site stays.
        // Editions rendered from the same sources by the build before are put back from
        // its site rather than rendered.
        let kept = PageCache::open(&options.root, &out, &staging, resolved.store);
        let summary = render_each(resolved, theme, Some(&kept), &|files| staging.write(&files))?;
        diags.extend(summary.warnings);
        if options.strict && !diags.is_empty() {
            // A warning stops a strict build as an error would: the staging folder is
            // dropped with everything in it, and the previous site stays.
            return Err(diags.take_as_errors());
        }
        if crate::render::search::enabled(resolved) {
            let index = search_index(&options.root, resolved, &staging)?;
            staging.write(&index).map_err(|d| vec![d])?;
        }
        let notes = kept.finish();
        staging.commit().map_err(|d| vec![d])?;
        notes.save();
        Ok(summary.stats)
    })?;
    Ok(BuildOutcome {
        stats,
        warnings: diags.into_sorted(),
        out,
        restored,
        elapsed: start.elapsed(),
    })
}

/// The site's search index, over the pages just staged (see `render::search`); taken from the
/// build cache when every indexed page is what it was when the index was made there. Pages
/// are read one at a time, never all held at once.
fn search_index(
    root: &Path,
    site: &ResolvedSite<'_>,
    staging: &write::Staging,
) -> Result<Vec<crate::render::OutputFile>, Vec<Diagnostic>> {
    use crate::core::site_path::SitePath;
    use crate::core::store::Store;
    use crate::render::search;
    let read = |path: &str| {
        SitePath::parse(path)
            .ok()
            .and_then(|rel| staging.staged_file(&rel))
    };
    let paths = search::indexed_pages(site);
    // Nothing to search: no index (the search page then lists what there is, which is
    // nothing), rather than one Pagefind's UI cannot open.
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    let language = site.locale.tag();
    // The key: every indexed page's path and a hash of its bytes.
    let mut digests = Vec::with_capacity(paths.len());
    for path in &paths {
        let digest = read(path).map(|bytes| crate::core::store::key_of(&[&bytes]));
        digests.push(digest.unwrap_or_default());
    }
    let mut parts: Vec<&[u8]> = vec![b"search", language.as_bytes()];
    for (path, digest) in paths.iter().zip(&digests) {
        parts.push(path.as_bytes());
        parts.push(digest.as_bytes());
    }
    let key = crate::core::store::key_of(&parts);
    let store = crate::cache::DiskStore::open_for_this_binary(root, "search");
    if let Some(files) = store.get(&key).and_then(|b| search::unpack(&b)) {
        return Ok(files);
    }
    let files = search::index(language, &paths, &read).map_err(|d| vec![d])?;
    store.put(&key, &search::pack(&files));
    Ok(files)
}

/// The output folder must not be the project, hold it, or sit inside its sources: the
/// build replaces it whole.
fn check_output_folder(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let root_abs = write::absolute(root);
    let out_abs = write::absolute(out);
    let shown = out.display().to_string();
    let inside = |dir: &str| out_abs.starts_with(root_abs.join(dir));
    if root_abs.starts_with(&out_abs) {
        return Err(Diagnostic::error(
            Code::OutputFolder,
            "the output folder holds the project itself",
        )
        .in_file(&shown)
        .with_help("name a folder of its own with --out, such as site"));
    }
    if inside("content") || inside("templates") {
        return Err(Diagnostic::error(
            Code::OutputFolder,
            "the output folder is inside the project's sources",
        )
        .in_file(&shown)
        .with_help("build outside content/ and templates/, such as into site"));
    }
    if inside(crate::cache::CACHE_DIR) {
        return Err(Diagnostic::error(
            Code::OutputFolder,
            "the output folder is inside the build cache",
        )
        .in_file(&shown)
        .with_help(format!(
            "build outside {}/, such as into site",
            crate::cache::CACHE_DIR
        )));
    }
    Ok(())
}
