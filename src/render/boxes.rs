//! An embedded box: its framed block, titled "Box N. …", through the `box.html` template.

use super::pages::render_template;
use super::theme::Theme;
use crate::diagnostic::Diagnostic;
use crate::model::BoxSpec;
use crate::resolve::{Numbered, ResolvedEdition};

pub fn render_box(
    theme: &Theme,
    _edition: &ResolvedEdition<'_>,
    b: &Numbered<'_, BoxSpec>,
) -> Result<String, Diagnostic> {
    let mut ctx = tera::Context::new();
    ctx.insert("number", &b.number);
    ctx.insert("id", &b.data.spec.id);
    ctx.insert("title", &b.data.spec.title);
    render_template(theme, "box.html", &ctx)
}
