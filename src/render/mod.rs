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

/// Renders the whole site.
pub fn render(site: &ResolvedSite<'_>, theme: &Theme) -> Result<RenderedSite, Vec<Diagnostic>> {
    let editions: Vec<_> = site
        .reports
        .iter()
        .flat_map(|r| r.editions.iter().map(move |e| (r, e)))
        .collect();
    let rendered: Vec<Result<pages::RenderedEdition, Diagnostic>> = editions
        .par_iter()
        .map(|(report, edition)| pages::edition_page(site, report, edition, theme))
        .collect();

    let mut diags = Vec::new();
    let mut warnings = Vec::new();
    let mut pending = Vec::new();
    let mut files = Vec::new();
    let mut stats = Stats::default();
    for r in rendered {
        match r {
            Ok(e) => {
                files.extend(e.files);
                warnings.extend(e.warnings);
                pending.extend(e.pending_links);
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
    let index = pages::index_pages(site, &comparisons, theme).and_then(|mut f| {
        f.extend(compare::comparison_pages(site, &comparisons, theme)?);
        Ok(f)
    });
    match index {
        Ok(f) => {
            stats.pages += f.len();
            files.extend(f);
        }
        Err(d) => diags.push(d),
    }
    for (name, bytes) in &theme.assets {
        files.push(OutputFile {
            path: format!("assets/{name}"),
            bytes: bytes.clone(),
        });
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let written: std::collections::HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    warnings.extend(links::check_pending(pending, &written));
    Ok(RenderedSite {
        files,
        stats,
        warnings,
    })
}
