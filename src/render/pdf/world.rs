//! The Typst world of one edition's PDF: the generated source, the files it reads (the charts'
//! SVG, the edition's metadata as JSON) from memory, and the fonts embedded in the binary. No
//! file is read from the disk, no system font is looked up, no package is fetched, and the
//! date is the edition's (never the clock's).

use super::document::{Origin, Region};
use std::collections::HashMap;
use std::sync::OnceLock;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};

/// Inter, the site's typeface, in the four faces the PDF sets: regular, italic, semibold
/// (headings, strong) and its italic. OFL-1.1 (`fonts/OFL.txt`).
const FONT_FILES: [&[u8]; 4] = [
    include_bytes!("fonts/Inter-Regular.otf"),
    include_bytes!("fonts/Inter-Italic.otf"),
    include_bytes!("fonts/Inter-SemiBold.otf"),
    include_bytes!("fonts/Inter-SemiBoldItalic.otf"),
];

/// The fonts and the standard library, made once for every edition of every build.
struct Shared {
    fonts: Vec<Font>,
    book: LazyHash<FontBook>,
    library: LazyHash<Library>,
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        // With the `cjk` feature, the CJK font after Inter's four faces: Chinese and Japanese
        // are set in it (the same subset the charts are measured with).
        #[cfg(feature = "cjk")]
        let cjk: &[&[u8]] = &[crate::plot::font::CJK_REGULAR];
        #[cfg(not(feature = "cjk"))]
        let cjk: &[&[u8]] = &[];
        let fonts: Vec<Font> = FONT_FILES
            .iter()
            .chain(cjk)
            .flat_map(|bytes| Font::iter(Bytes::new(*bytes)))
            .collect();
        Shared {
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            library: LazyHash::new(Library::default()),
        }
    })
}

/// The id of a file of the edition's world, at the root of its project.
pub fn file_id(path: &str) -> Option<FileId> {
    let path = VirtualPath::new(path).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, path).intern())
}

pub struct EditionWorld {
    main: Source,
    files: HashMap<FileId, Bytes>,
    today: Option<Datetime>,
}

impl EditionWorld {
    /// A world whose main file is `source`, with `files` (name and bytes) beside it.
    pub fn new(
        source: String,
        files: Vec<(String, Bytes)>,
        today: Option<Datetime>,
    ) -> Option<Self> {
        let main = Source::new(file_id("main.typ")?, source);
        let mut map = HashMap::with_capacity(files.len());
        for (name, bytes) in files {
            map.insert(file_id(&name)?, bytes);
        }
        Some(EditionWorld {
            main,
            files: map,
            today,
        })
    }
}

impl EditionWorld {
    /// The place in the project a typesetting problem comes from: the line of the chapter
    /// whose markup holds it (or, for a problem inside the preamble's functions, the markup
    /// that called them), or the figure whose image or chart it is in.
    pub fn origin_of<'a>(
        &self,
        problem: &SourceDiagnostic,
        regions: &'a [Region],
        origins: &'a [(String, Origin)],
    ) -> Option<&'a Origin> {
        let spans =
            std::iter::once(problem.span).chain(problem.trace.iter().map(|t| t.span.into()));
        for span in spans {
            let Some(id) = span.id() else { continue };
            if id == self.main.id() {
                let Some(at) = self.range(span).map(|r| r.start) else {
                    continue;
                };
                // The innermost part that holds it: a box or figure inside its chapter.
                let found = regions
                    .iter()
                    .filter(|region| region.range.contains(&at))
                    .min_by_key(|region| region.range.len())
                    .and_then(|region| region.origin_at(at));
                if found.is_some() {
                    return found;
                }
            } else {
                let name = id.vpath().get_without_slash();
                if let Some((_, origin)) = origins.iter().find(|(file, _)| file == name) {
                    return Some(origin);
                }
            }
        }
        None
    }
}

impl World for EditionWorld {
    fn library(&self) -> &LazyHash<Library> {
        &shared().library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &shared().book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(id.vpath().get_without_slash().into()))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        self.files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.vpath().get_without_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        shared().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::source::{Position, SourceFile};

    #[test]
    fn a_problem_inside_a_function_is_placed_where_the_markup_called_it() {
        // The error is in the function's body (the preamble's part), the call in a chapter's.
        let head = "#let picture(p) = image(p)\n";
        let source = format!("{head}#picture(\"absent.png\")\n");
        let chapter = SourceFile::new("content/r/2022/01-a.md", "Intro.\n\nThe picture.\n");
        let origin = |line| Origin {
            file: chapter.clone(),
            at: Position { line, column: 1 },
            image: None,
        };
        let regions = [Region {
            range: head.len()..source.len(),
            anchors: vec![(head.len(), origin(3))],
        }];
        let world = EditionWorld::new(source, Vec::new(), None).expect("a world");
        let errors = typst::compile::<typst_layout::PagedDocument>(&world)
            .output
            .expect_err("no such image");
        let found = world
            .origin_of(&errors[0], &regions, &[])
            .expect("placed in the chapter");
        assert_eq!(found.file.path, "content/r/2022/01-a.md");
        assert_eq!(found.at.line, 3);
    }
}
