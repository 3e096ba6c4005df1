//! Every diagnostic code, in one enum: a code is a stable kebab-case name that scripts match on
//! (`--format json`) and the guide (`docs/`) documents, so a misspelt or undocumented one cannot be
//! written. Variants stand in the order of their names, so sorting by code sorts by name.

use serde::{Serialize, Serializer};
use std::fmt;

macro_rules! codes {
    ($($variant:ident = $name:literal,)*) => {
        /// A diagnostic's stable name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in the order of their names.
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            /// The name scripts and the guide know the code by.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }
        }
    };
}

codes! {
    AmbiguousRow = "ambiguous-row",
    BibliographyEntry = "bibliography-entry",
    BlankText = "blank-text",
    BoxId = "box-id",
    BrokenAnchor = "broken-anchor",
    BrokenLink = "broken-link",
    ChapterFileName = "chapter-file-name",
    ChapterPageTaken = "chapter-page-taken",
    ChapterWithoutTitle = "chapter-without-title",
    ChartAnnotation = "chart-annotation",
    ChartColor = "chart-color",
    ChartData = "chart-data",
    ChartError = "chart-error",
    ChartReference = "chart-reference",
    CitationStyle = "citation-style",
    CitationWithoutBibliography = "citation-without-bibliography",
    CjkFontUnavailable = "cjk-font-unavailable",
    ColumnGroup = "column-group",
    ColumnKey = "column-key",
    ColumnOption = "column-option",
    ColumnWidth = "column-width",
    DataFileName = "data-file-name",
    Diagram = "diagram",
    DiagramLabel = "diagram-label",
    DiagramTooWide = "diagram-too-wide",
    DuplicateCellNote = "duplicate-cell-note",
    DuplicateChapter = "duplicate-chapter",
    DuplicateCitationKey = "duplicate-citation-key",
    DuplicateColumn = "duplicate-column",
    DuplicateId = "duplicate-id",
    DuplicateIndicator = "duplicate-indicator",
    DuplicateKey = "duplicate-key",
    EditionExists = "edition-exists",
    EditionFolder = "edition-folder",
    EditionWithoutChapters = "edition-without-chapters",
    EmbeddedTwice = "embedded-twice",
    EmptyBox = "empty-box",
    EmptyFile = "empty-file",
    EmptyGroup = "empty-group",
    FileName = "file-name",
    FileTooLarge = "file-too-large",
    FootnoteInFootnote = "footnote-in-footnote",
    IdMismatch = "id-mismatch",
    IdTaken = "id-taken",
    ImageActive = "image-active",
    ImageOutside = "image-outside",
    ImageType = "image-type",
    ImageWithoutAlt = "image-without-alt",
    IndicatorBoxMixed = "indicator-box-mixed",
    InitFolder = "init-folder",
    InvalidBaseUrl = "invalid-base-url",
    InvalidDate = "invalid-date",
    InvalidId = "invalid-id",
    InvalidLabel = "invalid-label",
    InvalidLanguage = "invalid-language",
    InvalidLicenseUrl = "invalid-license-url",
    InvalidTranslation = "invalid-translation",
    InvalidUtf8 = "invalid-utf8",
    MergedValuesDiffer = "merged-values-differ",
    MissingCell = "missing-cell",
    MissingField = "missing-field",
    MissingFile = "missing-file",
    MissingImage = "missing-image",
    MissingKey = "missing-key",
    MissingOutlineChapter = "missing-outline-chapter",
    MissingTranslation = "missing-translation",
    MoreCellProblems = "more-cell-problems",
    NegativeSlice = "negative-slice",
    NoColumns = "no-columns",
    NoContent = "no-content",
    NotAFile = "not-a-file",
    NotANumber = "not-a-number",
    OutputCollision = "output-collision",
    OutputFolder = "output-folder",
    OutputLocked = "output-locked",
    OutputPath = "output-path",
    PdfError = "pdf-error",
    PdfStandard = "pdf-standard",
    PreviousEdition = "previous-edition",
    ProjectExists = "project-exists",
    RawHtml = "raw-html",
    RawHtmlUnavailable = "raw-html-unavailable",
    ReferenceNotEmbedded = "reference-not-embedded",
    RowsAndGroups = "rows-and-groups",
    ScriptUnavailable = "script-unavailable",
    SearchIndex = "search-index",
    SeriesLength = "series-length",
    ServeAddress = "serve-address",
    ServeThread = "serve-thread",
    ServeWatch = "serve-watch",
    ShortcodeNotAlone = "shortcode-not-alone",
    ShortcodeSyntax = "shortcode-syntax",
    StrayFile = "stray-file",
    Symlink = "symlink",
    TemplateError = "template-error",
    TooDeep = "too-deep",
    TotalNotNumeric = "total-not-numeric",
    TotalOutOfRange = "total-out-of-range",
    TotalWithoutLabel = "total-without-label",
    TranslationMismatch = "translation-mismatch",
    UncitedReference = "uncited-reference",
    UnclosedHtml = "unclosed-html",
    UnclosedShortcode = "unclosed-shortcode",
    UndatedEdition = "undated-edition",
    UndefinedFootnote = "undefined-footnote",
    UnknownBox = "unknown-box",
    UnknownCitation = "unknown-citation",
    UnknownColumn = "unknown-column",
    UnknownColumnGroupColumn = "unknown-column-group-column",
    UnknownEdition = "unknown-edition",
    UnknownField = "unknown-field",
    UnknownFigure = "unknown-figure",
    UnknownFromBox = "unknown-from-box",
    UnknownFromColumn = "unknown-from-column",
    UnknownIndicator = "unknown-indicator",
    UnknownKey = "unknown-key",
    UnknownMergeColumn = "unknown-merge-column",
    UnknownNoteColumn = "unknown-note-column",
    UnknownReference = "unknown-reference",
    UnknownReport = "unknown-report",
    UnknownRow = "unknown-row",
    UnknownShortcode = "unknown-shortcode",
    UnknownTotalColumn = "unknown-total-column",
    UnknownValue = "unknown-value",
    Unreadable = "unreadable",
    UnsafeAttribute = "unsafe-attribute",
    UnsafeHtml = "unsafe-html",
    UnsafeLink = "unsafe-link",
    UnterminatedFrontMatter = "unterminated-front-matter",
    UntranslatedChapter = "untranslated-chapter",
    UntranslatedLabels = "untranslated-labels",
    UnusedBox = "unused-box",
    UnusedFigure = "unused-figure",
    UnusedFootnote = "unused-footnote",
    UnusedIndicator = "unused-indicator",
    WriteFailed = "write-failed",
    WrongCellType = "wrong-cell-type",
    WrongType = "wrong-type",
    YamlSyntax = "yaml-syntax",
    YamlTooDeep = "yaml-too-deep",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Tests and callers may compare a code with its name.
impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_stand_in_the_order_of_their_names_and_names_are_kebab_case() {
        let names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(
            names, sorted,
            "codes must be listed once each, sorted by name"
        );
        for name in names {
            assert!(
                name.split('-').all(|p| !p.is_empty()
                    && p.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
                "{name} is not kebab-case"
            );
        }
    }

    #[test]
    fn a_code_serializes_and_prints_as_its_name() {
        assert_eq!(
            serde_json::to_string(&Code::ChartData).unwrap(),
            "\"chart-data\""
        );
        assert_eq!(Code::OutputLocked.to_string(), "output-locked");
        assert!(Code::UnknownKey == "unknown-key");
    }
}
