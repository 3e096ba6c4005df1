//! Search across every report and edition: the pages whose text a reader can search, and
//! their index, made by Pagefind (the `search` feature) from the pages a build writes into
//! `site/pagefind/`, beside Pagefind's search UI. The search page itself
//! (`search/index.html`) is one of the index pages (`pages.rs`).
//!
//! Pagefind splits the index into chunks, so a reader's browser fetches only the few a query
//! needs. It is deterministic: the same pages give the same bytes.

use super::OutputFile;
use crate::core::diagnostic::Diagnostic;
use crate::model::PageLayout;
use crate::resolve::ResolvedSite;

/// Where the index and Pagefind's UI are, in the site.
pub const BUNDLE_DIR: &str = "pagefind";

/// Whether the site has search: it asks for it (`search: true`) and the binary can make the
/// index.
pub fn enabled(site: &ResolvedSite<'_>) -> bool {
    cfg!(feature = "search") && site.project.site.search
}

/// The pages whose text is indexed, by their path in the site: each edition's text once, in
/// every language it is published in; its page, or with a page per chapter each chapter's
/// page (never the contents page or the one-page view, which would only repeat them).
pub fn indexed_pages(site: &ResolvedSite<'_>) -> Vec<String> {
    let mut pages = Vec::new();
    for report in &site.reports {
        for edition in report.editions.iter().flat_map(|e| e.versions()) {
            let dir = edition.site_dir();
            match edition.pages {
                PageLayout::Single => pages.push(format!("{dir}/index.html")),
                PageLayout::Chapters => pages.extend(
                    edition
                        .chapters
                        .iter()
                        .map(|c| edition.chapter_page(&c.chapter.slug)),
                ),
            }
        }
    }
    pages
}

/// `files` as one entry of the build cache: each file's path and bytes, length first.
pub fn pack(files: &[OutputFile]) -> Vec<u8> {
    let mut out = Vec::new();
    for f in files {
        for part in [f.path.as_str().as_bytes(), &f.bytes[..]] {
            out.extend_from_slice(&(part.len() as u64).to_le_bytes());
            out.extend_from_slice(part);
        }
    }
    out
}

/// The files [`pack`] made; `None` when the entry is not one.
pub fn unpack(mut bytes: &[u8]) -> Option<Vec<OutputFile>> {
    let take = |bytes: &mut &[u8]| -> Option<Vec<u8>> {
        let (len, rest) = bytes.split_first_chunk::<8>()?;
        let len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
        let part = rest.get(..len)?.to_vec();
        *bytes = &rest[len..];
        Some(part)
    };
    let mut files = Vec::new();
    while !bytes.is_empty() {
        let path = String::from_utf8(take(&mut bytes)?).ok()?;
        let contents = take(&mut bytes)?;
        // A path that is no place in the site is no entry of ours.
        if !path.starts_with("pagefind/") {
            return None;
        }
        files.push(OutputFile::new(&path, contents).ok()?);
    }
    Some(files)
}

/// The index of `pages` (their paths in the site; `read` gives each one's HTML, one at a
/// time), in the site's `language`
/// (a tag: its primary language names Pagefind's stemmer), with Pagefind's files: every file
/// of `site/pagefind/`.
#[cfg(feature = "search")]
pub fn index(
    language: &str,
    pages: &[String],
    read: &dyn Fn(&str) -> Option<Vec<u8>>,
) -> Result<Vec<OutputFile>, Diagnostic> {
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;
    let failed = |what: &str, e: &dyn std::fmt::Display| {
        Diagnostic::error(
            crate::core::code::Code::SearchIndex,
            format!("the search index could not be made: {what}: {e}"),
        )
        .with_help("this is almanac's fault: please report it; `search: false` in site.yaml builds the site without search meanwhile")
    };
    let primary = language
        .split(['-', '_'])
        .next()
        .unwrap_or("en")
        .to_ascii_lowercase();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| failed("no runtime", &e))?;
    let files = runtime.block_on(async {
        let options = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .force_language(primary)
            .build();
        let mut index = PagefindIndex::new(Some(options)).map_err(|e| failed("options", &e))?;
        for path in pages {
            // A page the build did not write (an edition in error) has nothing to index.
            let Some(html) = read(path) else { continue };
            let html = String::from_utf8(html).map_err(|e| failed(path, &e))?;
            index
                .add_html_file(Some(path.clone()), None, html)
                .await
                .map_err(|e| failed(path, &e))?;
        }
        index.get_files().await.map_err(|e| failed("writing", &e))
    })?;
    let mut out = Vec::with_capacity(files.len());
    for f in files {
        let name = f.filename.to_string_lossy().replace('\\', "/");
        out.push(OutputFile::new(
            &format!("{BUNDLE_DIR}/{name}"),
            f.contents,
        )?);
    }
    out.sort_by(|a, b| a.path.as_str().cmp(b.path.as_str()));
    Ok(out)
}

/// Without the `search` feature there is no index (and `enabled` is false).
#[cfg(not(feature = "search"))]
pub fn index(
    _: &str,
    _: &[String],
    _: &dyn Fn(&str) -> Option<Vec<u8>>,
) -> Result<Vec<OutputFile>, Diagnostic> {
    Ok(Vec::new())
}
