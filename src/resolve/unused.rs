//! Warnings for what an edition has but never shows: boxes and figures nothing embeds, and an
//! edition without chapters.

use super::TargetKind;
use crate::core::code::Code;
use crate::core::diagnostic::Diagnostic;
use crate::core::source::Position;
use crate::load::yaml::{Seg, Target, locate_in};
use crate::model::Edition;
use std::collections::{HashMap, HashSet};

const START: Position = Position { line: 1, column: 1 };

/// `embedded` maps every embedded id to its kind and number.
pub fn warn_unused(
    edition: &Edition,
    embedded: &HashMap<String, (TargetKind, usize)>,
    diags: &mut Vec<Diagnostic>,
) {
    // A chapter that could not be read may be the one that shows them: its error says enough.
    if !edition.unreadable_chapters.is_empty() {
        return;
    }
    if edition.chapters.is_empty() {
        diags.push(
            Diagnostic::warning(Code::EditionWithoutChapters, "this edition has no chapters")
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
                Diagnostic::warning(Code::UnusedBox, format!("the box `{id}` is never embedded"))
            }
            TargetKind::Figure => Diagnostic::warning(
                Code::UnusedFigure,
                format!("the figure `{id}` is never embedded"),
            ),
        };
        diags.push(d.at_position(file, START, 1).with_help(format!(
            "embed it in a chapter with {{{{< {} {id} >}}}}, or delete the file",
            kind.shortcode()
        )));
    }
}

/// Indicators that no `value` shortcode quotes and no indicator box lists.
pub fn warn_unused_indicators(
    edition: &Edition,
    quoted: &HashSet<String>,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(file) = &edition.data.indicators else {
        return;
    };
    if !edition.unreadable_chapters.is_empty() {
        return;
    }
    for (i, ind) in file.spec.indicators.iter().enumerate() {
        let in_box = edition
            .data
            .boxes
            .iter()
            .any(|b| b.spec.indicators.contains(&ind.id));
        if in_box || quoted.contains(&ind.id) {
            continue;
        }
        let d = Diagnostic::warning(
            Code::UnusedIndicator,
            format!("the indicator `{}` is never quoted", ind.id),
        )
        .with_help(format!(
            "quote it with {{{{< value {} >}}}}, list it in an indicator box, or delete it",
            ind.id
        ));
        diags.push(
            match locate_in(
                &file.file,
                &[Seg::Key("indicators"), Seg::Index(i), Seg::Key("id")],
                Target::Value,
            ) {
                Some(p) => d.at_position(&file.file, p, ind.id.chars().count()),
                None => d.in_file(&file.file.path),
            },
        );
    }
}
