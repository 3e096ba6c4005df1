//! Stage 3, render: pure functions from the resolved model to the bytes of every output file.
//! Editions render in parallel, all through the one Tera instance of the build.

pub mod boxes;
pub mod compare;
pub mod downloads;
pub mod figures;
pub mod ids;
pub mod links;
pub mod markdown;
pub mod number_format;
pub mod pages;
pub mod theme;

use crate::diagnostic::Diagnostic;
use crate::resolve::ResolvedSite;
use rayon::prelude::*;
pub use theme::{Theme, load_theme};

/// One file of the site: its path under the output folder (`/`-separated) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// What a build made, for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub editions: usize,
    pub pages: usize,
    pub boxes: usize,
    pub figures: usize,
}

#[derive(Debug)]
pub struct RenderedSite {
    /// Sorted by path.
    pub files: Vec<OutputFile>,
    pub stats: Stats,
    /// What rendering found that is not an error (links leading nowhere).
    pub warnings: Vec<Diagnostic>,
}

/// Renders the whole site into memory.
pub fn render(site: &ResolvedSite<'_>, theme: &Theme) -> Result<RenderedSite, Vec<Diagnostic>> {
    let collected = std::sync::Mutex::new(Vec::new());
    let summary = render_each(site, theme, &|files: Vec<OutputFile>| {
        collected.lock().map_err(|_| poisoned())?.extend(files);
        Ok(())
    })?;
    let mut files = collected.into_inner().map_err(|_| vec![poisoned()])?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(RenderedSite {
        files,
        stats: summary.stats,
        warnings: summary.warnings,
    })
}

fn poisoned() -> Diagnostic {
    Diagnostic::error("write-failed", "a rendering thread failed").with_help("report this")
}

/// What [`render_each`] made, once every file has gone to the sink.
#[derive(Debug)]
pub struct RenderSummary {
    pub stats: Stats,
    pub warnings: Vec<Diagnostic>,
}

/// Renders the site edition by edition, in parallel, handing each edition's files to `sink`
/// as soon as they are made (the build writes them straight into its staging folder, so a
/// large site never sits in memory whole). Links between pages are checked at the end, from
/// the paths alone.
pub fn render_each(
    site: &ResolvedSite<'_>,
    theme: &Theme,
    sink: &(dyn Fn(Vec<OutputFile>) -> Result<(), Diagnostic> + Sync),
) -> Result<RenderSummary, Vec<Diagnostic>> {
    let editions: Vec<_> = site
        .reports
        .iter()
        .flat_map(|r| r.editions.iter().map(move |e| (r, e)))
        .collect();
    type Done = (Vec<String>, Vec<Diagnostic>, Vec<links::PendingLink>);
    let rendered: Vec<Result<Done, Diagnostic>> = editions
        .par_iter()
        .map(|(report, edition)| {
            let e = pages::edition_page(site, report, edition, theme)?;
            let paths = e.files.iter().map(|f| f.path.clone()).collect();
            sink(e.files)?;
            Ok((paths, e.warnings, e.pending_links))
        })
        .collect();

    let mut diags = Vec::new();
    let mut warnings = Vec::new();
    let mut pending = Vec::new();
    let mut written: Vec<String> = Vec::new();
    let mut stats = Stats::default();
    for r in rendered {
        match r {
            Ok((paths, w, p)) => {
                written.extend(paths);
                warnings.extend(w);
                pending.extend(p);
            }
            Err(d) => diags.push(d),
        }
    }
    for (_, e) in &editions {
        stats.editions += 1;
        stats.pages += 1;
        stats.boxes += e.boxes.len();
        stats.figures += e.figures.len();
    }
    let comparisons = compare::comparisons(site);
    let mut rest = match pages::index_pages(site, &comparisons, theme).and_then(|mut f| {
        f.extend(compare::comparison_pages(site, &comparisons, theme)?);
        Ok(f)
    }) {
        Ok(f) => {
            stats.pages += f.len();
            f
        }
        Err(d) => {
            diags.push(d);
            Vec::new()
        }
    };
    for (name, bytes) in &theme.assets {
        rest.push(OutputFile {
            path: format!("assets/{name}"),
            bytes: bytes.clone(),
        });
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    written.extend(rest.iter().map(|f| f.path.clone()));
    sink(rest).map_err(|d| vec![d])?;
    let written: std::collections::HashSet<&str> = written.iter().map(String::as_str).collect();
    warnings.extend(links::check_pending(pending, &written));
    Ok(RenderSummary { stats, warnings })
}
