//! Rendering one template of the theme, and the context every page of the site shares.

use super::theme::{Theme, template_error};
use crate::core::diagnostic::Diagnostic;
use crate::resolve::ResolvedSite;
use serde::Serialize;

/// A theme template rendered with `ctx`; no control character from content reaches the page.
pub(crate) fn render_template(
    theme: &Theme,
    name: &str,
    ctx: &tera::Context,
) -> Result<String, Diagnostic> {
    let page = theme
        .tera
        .render(name, ctx)
        .map_err(|e| template_error(&e))?;
    Ok(crate::core::escape::drop_control_chars(page))
}

/// What every page knows of the site, and its canonical address when the site has one.
pub(crate) fn page_context(site: &ResolvedSite<'_>, root: &str, path: &str) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert("site", &site_ctx(site));
    ctx.insert("root", root);
    if let Some(base) = site.project.site.base_url.as_deref() {
        let page = path.strip_suffix("index.html").unwrap_or(path);
        ctx.insert(
            "canonical",
            &format!("{}/{page}", base.trim_end_matches('/')),
        );
    }
    ctx
}

#[derive(Serialize)]
pub(crate) struct SiteCtx<'a> {
    title: &'a str,
    language: &'a str,
    description: Option<&'a str>,
}

pub(crate) fn site_ctx<'a>(site: &'a ResolvedSite<'_>) -> SiteCtx<'a> {
    let s = &site.project.site;
    SiteCtx {
        title: &s.title,
        language: &s.language,
        description: s.description.as_deref(),
    }
}
