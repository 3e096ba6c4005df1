//! The theme: Tera templates and assets, embedded in the binary, overridden file by file by a
//! project's own `templates/` folder. One Tera instance serves the whole build.

use crate::diagnostic::Diagnostic;
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

/// The templates, compiled once, and the asset files copied to `site/assets/`.
pub struct Theme {
    pub tera: tera::Tera,
    /// Path under `assets/` and bytes, sorted by path.
    pub assets: Vec<(String, Vec<u8>)>,
}

/// The embedded theme with the project's overrides on top.
pub fn load_theme(overrides: &[ThemeFile]) -> Result<Theme, Vec<Diagnostic>> {
    let mut files: Vec<(String, Vec<u8>)> = EMBEDDED
        .iter()
        .map(|(n, b)| (n.to_string(), b.to_vec()))
        .collect();
    for o in overrides {
        match files.iter_mut().find(|(n, _)| *n == o.name) {
            Some(slot) => slot.1 = o.bytes.clone(),
            None => files.push((o.name.clone(), o.bytes.clone())),
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
            match String::from_utf8(bytes) {
                Ok(text) => templates.push((name, text)),
                Err(_) => diags.push(
                    Diagnostic::error("invalid-utf8", "this template is not valid UTF-8 text")
                        .in_file(&format!("templates/{name}"))
                        .with_help("save the file as UTF-8"),
                ),
            }
        }
    }
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml"]);
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

/// A Tera error as a diagnostic, with the template and the cause Tera gives.
pub fn template_error(e: &tera::Error) -> Diagnostic {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    // Tera names the template as `--> index.html:1:51`: name it as the project's file.
    let name = message
        .split(" --> ")
        .nth(1)
        .and_then(|r| r.split([':', '\n', ' ']).next())
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    let (message, file) = match name {
        Some(n) => (
            message.replace(&format!(" --> {n}"), &format!(" --> templates/{n}")),
            format!("templates/{n}"),
        ),
        None => (message, "templates".to_string()),
    };
    Diagnostic::error("template-error", message)
        .in_file(&file)
        .with_help(
            "fix this template (a project's templates/ overrides the built-in theme file by file)",
        )
}
