//! Checking the narrative's links inside the site: an `#anchor` must name an id of its page,
//! and a relative link must lead to a page the build writes.

use super::ids::PageIds;
use crate::core::code::Code;
use crate::core::diagnostic::Diagnostic;
use crate::resolve::ResolvedEdition;
use std::collections::HashSet;

/// A link to another file of the site, checked once every output path is known.
#[derive(Debug, Clone)]
pub struct PendingLink {
    /// The output path it leads to, normalised (`china/2021/index.html`).
    pub target: String,
    /// The warning to give when nothing is written there.
    pub warning: Diagnostic,
}

/// Checks the links of an edition page whose output path is `page` and whose ids are `ids`:
/// anchors now, other pages later (returned as pending).
pub fn check_edition_links(
    edition: &ResolvedEdition<'_>,
    page: &str,
    ids: &PageIds,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<PendingLink> {
    let mut pending = Vec::new();
    for chapter in &edition.chapters {
        let file = &chapter.chapter.file;
        for link in &chapter.links {
            let at = chapter.chapter.body_offset + link.offset;
            let (path, fragment) = match link.target.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (link.target.as_str(), None),
            };
            let path = path.split('?').next().unwrap_or("");
            if path.is_empty() {
                // An id of a data file in error is missing for that reason alone, which its
                // own error says.
                let missing = |f: &&str| {
                    !f.is_empty() && !ids.contains(f) && !edition.edition.data.is_unreadable(f)
                };
                if let Some(f) = fragment.filter(missing) {
                    warnings.push(
                        Diagnostic::warning(Code::BrokenAnchor, format!("no element of this page has the id `{f}`"))
                            .at(file, at, 1)
                            .with_help("link to a heading's id (shown in the page's contents), a box or figure id, or a chapter slug"),
                    );
                }
                continue;
            }
            // A chapter a translation shows untranslated keeps the links written for its
            // original's page, one folder up (render puts `../` before them).
            let (written_for, path) = match &chapter.chapter.language {
                Some(_) if !path.starts_with('/') => (
                    format!(
                        "{}/{}/index.html",
                        edition.report.slug, edition.edition.year
                    ),
                    format!("../{path}"),
                ),
                _ => (page.to_string(), path.to_string()),
            };
            match resolve_relative(page, &path) {
                Some(target) => pending.push(PendingLink {
                    warning: Diagnostic::warning(Code::BrokenLink, format!("the link `{}` leads to no page of the site", link.target))
                        .at(file, at, 1)
                        .with_help(format!("check the path: links in this chapter are relative to its page, site/{written_for}")),
                    target,
                }),
                None => warnings.push(
                    Diagnostic::warning(Code::BrokenLink, format!("the link `{}` leads out of the site", link.target))
                        .at(file, at, 1)
                        .with_help("link inside the site, or write a full https:// address"),
                ),
            }
        }
    }
    pending
}

/// `path` relative to the page `page` (both `/`-separated, inside the site), as an output file
/// path; a folder means its `index.html`. `None` when it climbs out of the site.
pub fn resolve_relative(page: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        page.split('/').collect()
    };
    parts.pop();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut target = parts.join("/");
    if path.ends_with('/') || target.is_empty() {
        if !target.is_empty() {
            target.push('/');
        }
        target.push_str("index.html");
    }
    Some(target)
}

/// The pending links that lead to no written file, as warnings.
pub fn check_pending(pending: Vec<PendingLink>, written: &HashSet<&str>) -> Vec<Diagnostic> {
    pending
        .into_iter()
        .filter(|p| !lands(&p.target, written))
        .map(|p| p.warning)
        .collect()
}

/// Whether a link to `target` lands on a file of the site: the file, or the folder's page.
pub fn lands(target: &str, written: &HashSet<&str>) -> bool {
    written.contains(target) || written.contains(format!("{target}/index.html").as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_resolve_from_the_page() {
        let page = "china/2022/index.html";
        assert_eq!(
            resolve_relative(page, "../2021/").as_deref(),
            Some("china/2021/index.html")
        );
        assert_eq!(
            resolve_relative(page, "data/box-a.csv").as_deref(),
            Some("china/2022/data/box-a.csv")
        );
        assert_eq!(
            resolve_relative(page, "../../index.html").as_deref(),
            Some("index.html")
        );
        assert_eq!(
            resolve_relative(page, "../../"),
            Some("index.html".to_string())
        );
        assert_eq!(resolve_relative(page, "../../../etc/passwd"), None);
        assert_eq!(
            resolve_relative(page, "/china/").as_deref(),
            Some("china/index.html")
        );
    }
}
