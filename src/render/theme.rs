//! The theme: Tera templates and assets, embedded in the binary, overridden file by file by a
//! project's own `templates/` folder. One Tera instance serves the whole build.

use crate::core::code::Code;
use crate::core::diagnostic::Diagnostic;
use crate::model::ThemeFile;

/// The default theme, as shipped in this repository's `templates/` folder.
const EMBEDDED: &[(&str, &[u8])] = &[
    ("base.html", include_bytes!("../../templates/base.html")),
    ("index.html", include_bytes!("../../templates/index.html")),
    ("report.html", include_bytes!("../../templates/report.html")),
    (
        "edition.html",
        include_bytes!("../../templates/edition.html"),
    ),
    (
        "edition-nav.html",
        include_bytes!("../../templates/edition-nav.html"),
    ),
    (
        "edition-title.html",
        include_bytes!("../../templates/edition-title.html"),
    ),
    (
        "edition-toc.html",
        include_bytes!("../../templates/edition-toc.html"),
    ),
    (
        "edition-end.html",
        include_bytes!("../../templates/edition-end.html"),
    ),
    (
        "chapter-section.html",
        include_bytes!("../../templates/chapter-section.html"),
    ),
    (
        "contents.html",
        include_bytes!("../../templates/contents.html"),
    ),
    (
        "chapter.html",
        include_bytes!("../../templates/chapter.html"),
    ),
    ("search.html", include_bytes!("../../templates/search.html")),
    ("box.html", include_bytes!("../../templates/box.html")),
    (
        "compare.html",
        include_bytes!("../../templates/compare.html"),
    ),
    ("figure.html", include_bytes!("../../templates/figure.html")),
    (
        "assets/almanac.css",
        include_bytes!("../../templates/assets/almanac.css"),
    ),
    (
        "assets/search.js",
        include_bytes!("../../templates/assets/search.js"),
    ),
    // The font the page and the charts' text are set in (the charts are measured with it).
    (
        "assets/fonts/inter-regular.woff2",
        include_bytes!("../../templates/assets/fonts/inter-regular.woff2"),
    ),
    (
        "assets/fonts/inter-semibold.woff2",
        include_bytes!("../../templates/assets/fonts/inter-semibold.woff2"),
    ),
    (
        "assets/fonts/OFL.txt",
        include_bytes!("../../templates/assets/fonts/OFL.txt"),
    ),
];

/// With the `cjk` feature, the CJK font for the page (the same glyphs the charts are measured
/// with); the stylesheet's `unicode-range` has a browser fetch it only for a page with Chinese
/// or Japanese text.
#[cfg(feature = "cjk")]
const CJK_ASSETS: &[(&str, &[u8])] = &[(
    "assets/fonts/noto-sans-cjk-sc.woff2",
    include_bytes!("../../templates/assets/fonts/noto-sans-cjk-sc.woff2"),
)];
#[cfg(not(feature = "cjk"))]
const CJK_ASSETS: &[(&str, &[u8])] = &[];

/// The templates, compiled once, and the asset files copied to `site/assets/`.
pub struct Theme {
    pub tera: tera::Tera,
    /// Path under `assets/` and bytes (the embedded theme's borrowed from the binary), sorted
    /// by path.
    pub assets: Vec<(String, std::borrow::Cow<'static, [u8]>)>,
}

/// The embedded theme with the project's overrides on top.
pub fn load_theme(overrides: &[ThemeFile]) -> Result<Theme, Vec<Diagnostic>> {
    use std::borrow::Cow;
    let mut files: Vec<(String, Cow<'static, [u8]>)> = EMBEDDED
        .iter()
        .chain(CJK_ASSETS)
        .map(|(n, b)| (n.to_string(), Cow::Borrowed(*b)))
        .collect();
    for o in overrides {
        let bytes = Cow::Owned(o.bytes.clone());
        match files.iter_mut().find(|(n, _)| *n == o.name) {
            Some(slot) => slot.1 = bytes,
            None => files.push((o.name.clone(), bytes)),
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));

    let mut diags = Vec::new();
    let mut templates = Vec::new();
    let mut assets = Vec::new();
    for (name, bytes) in files {
        if let Some(asset) = name.strip_prefix("assets/") {
            assets.push((asset.to_string(), bytes));
        } else if name.ends_with(".html") || name.ends_with(".xml") {
            match String::from_utf8(bytes.into_owned()) {
                Ok(text) => templates.push((name, text)),
                Err(_) => diags.push(
                    Diagnostic::error(Code::InvalidUtf8, "this template is not valid UTF-8 text")
                        .in_file(&format!("templates/{name}"))
                        .with_help("save the file as UTF-8"),
                ),
            }
        }
    }
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    tera.register_filter("fill", fill);
    tera.register_filter("lead", lead);
    if let Err(e) = tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    {
        diags.push(template_error(&e));
    }
    if diags.is_empty() {
        Ok(Theme { tera, assets })
    } else {
        Err(diags)
    }
}

/// A Tera error as a diagnostic at the template's line and column, with the cause Tera gives.
/// Tera writes its own rustc-style text (`--> box.html:1:12`, the line, a caret): its place
/// and source line become the diagnostic's, so the message is one line like every other.
pub fn template_error(e: &tera::Error) -> Diagnostic {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push('\n');
        text.push_str(&s.to_string());
        source = s.source();
    }
    let mut said = Vec::new();
    let mut place: Option<(String, usize, usize)> = None;
    let mut snippet = None;
    let mut width = 1;
    for line in text.lines() {
        let t = line.trim();
        if let Some(loc) = t.strip_prefix("--> ") {
            let mut parts = loc.rsplitn(3, ':');
            let (col, row, name) = (parts.next(), parts.next(), parts.next());
            place = match (
                name,
                row.and_then(|r| r.parse().ok()),
                col.and_then(|c| c.parse().ok()),
            ) {
                (Some(n), Some(r), Some(c)) => Some((n.to_string(), r, c)),
                _ => Some((loc.to_string(), 0, 0)),
            };
        } else if let Some(rest) = t.strip_prefix('|') {
            let carets = rest.trim();
            if !carets.is_empty() && carets.chars().all(|c| c == '^') {
                width = carets.chars().count();
            }
        } else if let Some((_, code)) = line.split_once(" | ").filter(|(n, _)| {
            let n = n.trim();
            !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
        }) {
            snippet = Some(code.to_string());
        } else if !t.is_empty() {
            said.push(t.strip_prefix("error: ").unwrap_or(t).to_string());
        }
    }
    let mut d = Diagnostic::error(Code::TemplateError, said.join(": ")).with_help(
        "fix this template (a project's templates/ overrides the built-in theme file by file)",
    );
    match place {
        Some((name, line, column)) => {
            d.file = Some(format!("templates/{name}"));
            if line > 0 {
                d.line = Some(line);
                d.column = Some(column.max(1));
                d.width = width;
                d.snippet = snippet.map(Into::into);
            }
        }
        None => d.file = Some("templates".to_string()),
    }
    d
}

/// The filter `fill`: a label's `{placeholders}` filled from its arguments, in one pass (a
/// value is never read for placeholders of its own): `{{ t.box_number | fill(n=number) }}`.
/// The result is plain text, escaped where it lands like any other.
fn fill(label: &str, args: tera::Kwargs, _: &tera::State) -> String {
    let args: Vec<(String, String)> = args
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let pairs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    crate::locale::labels::fill(label, &pairs)
}

/// The filter `lead`: a label that leads what follows it ("Source:", "注："), with the space
/// that parts them, unless the label ends in a full-width mark that holds its own.
fn lead(label: &str, _: tera::Kwargs, _: &tera::State) -> String {
    crate::locale::labels::leading(label)
}
