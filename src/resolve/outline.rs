//! The series outline: `outline:` in site.yaml names the chapters every report's editions
//! must have, so a series of country reports keeps one shape.

use crate::core::code::Code;
use crate::core::diagnostic::Diagnostic;
use crate::core::source::Position;
use crate::model::{Edition, Site};

pub fn check_outline(site: &Site, edition: &Edition, diags: &mut Vec<Diagnostic>) {
    for slug in &site.outline {
        if !edition.chapters.iter().any(|c| &c.slug == slug) {
            diags.push(
                Diagnostic::warning(
                    Code::MissingOutlineChapter,
                    format!("this edition has no chapter `{slug}`, which the site's outline asks every report for"),
                )
                .at_position(&edition.file, Position { line: 1, column: 1 }, 1)
                .with_help(format!("add {}/NN-{slug}.md, or change `outline` in content/site.yaml", edition.dir)),
            );
        }
    }
}
