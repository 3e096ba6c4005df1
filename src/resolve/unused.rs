//! Warnings for what an edition has but never shows: boxes and figures nothing embeds, and an
//! edition without chapters.

use super::TargetKind;
use crate::diagnostic::Diagnostic;
use crate::model::Edition;
use crate::source::Position;
use std::collections::HashMap;

const START: Position = Position { line: 1, column: 1 };

/// `embedded` maps every embedded id to its kind and number.
pub fn warn_unused(
    edition: &Edition,
    embedded: &HashMap<String, (TargetKind, usize)>,
    diags: &mut Vec<Diagnostic>,
) {
    if edition.chapters.is_empty() {
        diags.push(
            Diagnostic::warning("edition-without-chapters", "this edition has no chapters")
                .at_position(&edition.file, START, 1)
                .with_help(format!(
                    "add chapters as {}/01-introduction.md and so on",
                    edition.dir
                )),
        );
    }
    let boxes = edition
        .data
        .boxes
        .iter()
        .map(|b| (TargetKind::Box, &b.spec.id, &b.file));
    let charts = edition
        .data
        .charts
        .iter()
        .map(|c| (TargetKind::Figure, &c.spec.id, &c.file));
    for (kind, id, file) in boxes.chain(charts) {
        if embedded.contains_key(id.as_str()) {
            continue;
        }
        let d = match kind {
            TargetKind::Box => {
                Diagnostic::warning("unused-box", format!("the box `{id}` is never embedded"))
            }
            TargetKind::Figure => Diagnostic::warning(
                "unused-figure",
                format!("the figure `{id}` is never embedded"),
            ),
        };
        diags.push(d.at_position(file, START, 1).with_help(format!(
            "embed it in a chapter with {{{{< {} {id} >}}}}, or delete the file",
            kind.shortcode()
        )));
    }
}
