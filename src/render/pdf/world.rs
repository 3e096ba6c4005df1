//! The Typst world of one edition's PDF: the generated source, the files it reads (the charts'
//! SVG, the edition's metadata as JSON) from memory, and the fonts embedded in the binary. No
//! file is read from the disk, no system font is looked up, no package is fetched, and the
//! date is the edition's (never the clock's).

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
        let fonts: Vec<Font> = FONT_FILES
            .iter()
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
        files: Vec<(String, Vec<u8>)>,
        today: Option<Datetime>,
    ) -> Option<Self> {
        let main = Source::new(file_id("main.typ")?, source);
        let mut map = HashMap::with_capacity(files.len());
        for (name, bytes) in files {
            map.insert(file_id(&name)?, Bytes::new(bytes));
        }
        Some(EditionWorld {
            main,
            files: map,
            today,
        })
    }
}

impl EditionWorld {
    /// The project file a typesetting problem comes from: the chapter whose markup holds it,
    /// or the figure whose image or chart it is in.
    pub fn origin_of<'a>(
        &self,
        problem: &SourceDiagnostic,
        regions: &'a [(std::ops::Range<usize>, String)],
        origins: &'a [(String, String)],
    ) -> Option<&'a str> {
        let id = problem.span.id()?;
        if id == self.main.id() {
            let at = self.range(problem.span)?.start;
            // The innermost part that holds it: a box or figure inside its chapter.
            return regions
                .iter()
                .filter(|(range, _)| range.contains(&at))
                .min_by_key(|(range, _)| range.len())
                .map(|(_, file)| file.as_str());
        }
        let name = id.vpath().get_without_slash();
        origins
            .iter()
            .find(|(file, _)| file == name)
            .map(|(_, origin)| origin.as_str())
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
