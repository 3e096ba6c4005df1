//! An edition and its translations show the same boxes and figures under the same numbers:
//! each translated chapter embeds what its original embeds, in the same order.

use super::{Resolution, ResolvedChapter, ResolvedEdition, TargetKind};
use crate::core::code::Code;
use crate::core::diagnostic::Diagnostic;

/// What a chapter embeds, in order: each box's or figure's id, with where it is (a byte
/// offset in the chapter's file).
fn embeds<'a>(
    edition: &'a ResolvedEdition<'_>,
    chapter: &ResolvedChapter<'_>,
) -> Vec<(&'a str, usize)> {
    chapter
        .marks
        .iter()
        .filter_map(|m| match m.resolution {
            Resolution::Embed { kind, index } => {
                let id = match kind {
                    TargetKind::Box => edition.boxes.get(index).map(|b| b.data.spec.id.as_str()),
                    TargetKind::Figure => {
                        edition.figures.get(index).map(|f| f.data.spec.id.as_str())
                    }
                }?;
                Some((id, chapter.chapter.body_offset + m.range.start))
            }
            _ => None,
        })
        .collect()
}

/// Reports each translated chapter of `translated` whose embeddings differ from its
/// original's in `original`: a box or figure missing from one language, or another order
/// (which would number them otherwise).
pub fn check_same_embeds(
    original: &ResolvedEdition<'_>,
    translated: &ResolvedEdition<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    let language = translated.edition.translated_into().unwrap_or_default();
    for (o, t) in original.chapters.iter().zip(&translated.chapters) {
        // A chapter shown untranslated is the original's own.
        if t.chapter.language.is_some() || o.chapter.slug != t.chapter.slug {
            continue;
        }
        // What could not be read in one language has its own error there, and is embedded
        // in neither as far as this check can tell.
        let readable = |id: &str| {
            !original.edition.data.is_unreadable(id) && !translated.edition.data.is_unreadable(id)
        };
        let mut here = embeds(translated, t);
        let mut there = embeds(original, o);
        here.retain(|(id, _)| readable(id));
        there.retain(|(id, _)| readable(id));
        if here.iter().map(|e| e.0).eq(there.iter().map(|e| e.0)) {
            continue;
        }
        let file = &t.chapter.file;
        let original_name = o.chapter.file.path.rsplit('/').next().unwrap_or_default();
        let d = if let Some((id, _)) = there
            .iter()
            .find(|(id, _)| !here.iter().any(|h| h.0 == *id))
        {
            Diagnostic::error(
                Code::TranslationMismatch,
                format!("`{id}` is embedded in `{original_name}` but not in its `{language}` translation"),
            )
            .in_file(&file.path)
            .with_help(format!(
                "embed `{id}` here as the original does, so both languages show it under one number"
            ))
        } else if let Some((id, at)) = here
            .iter()
            .find(|(id, _)| !there.iter().any(|h| h.0 == *id))
        {
            Diagnostic::error(
                Code::TranslationMismatch,
                format!("`{id}` is embedded here but not in the original, `{original_name}`"),
            )
            .at(file, *at, 1)
            .with_help(format!(
                "embed `{id}` in `{original_name}` too, or remove it here: a translation shows what its original shows"
            ))
        } else {
            let list = |l: &[(&str, usize)]| l.iter().map(|e| e.0).collect::<Vec<_>>().join(", ");
            Diagnostic::error(
                Code::TranslationMismatch,
                format!(
                    "this translation embeds its boxes and figures in another order than `{original_name}` ({} here, {} there)",
                    list(&here),
                    list(&there)
                ),
            )
            .at(file, here.first().map_or(0, |e| e.1), 1)
            .with_help("embed them in the original's order, so they have the same numbers in both languages")
        };
        diags.push(d);
    }
}
