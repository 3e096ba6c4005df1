//! An embedded figure: "Figure N", its caption and source line, through `figure.html`.

use super::pages::render_template;
use super::theme::Theme;
use crate::diagnostic::Diagnostic;
use crate::model::ChartSpec;
use crate::resolve::{Numbered, ResolvedEdition};

pub fn render_figure(
    theme: &Theme,
    _edition: &ResolvedEdition<'_>,
    f: &Numbered<'_, ChartSpec>,
) -> Result<String, Diagnostic> {
    let mut ctx = tera::Context::new();
    ctx.insert("number", &f.number);
    ctx.insert("id", &f.data.spec.id);
    ctx.insert("title", &f.data.spec.title);
    render_template(theme, "figure.html", &ctx)
}
