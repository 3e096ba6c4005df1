//! A report's bibliography: `references.yaml` (Hayagriva's format) and/or `references.bib`
//! (BibLaTeX) in the report folder, shared by all its editions.

use crate::cite::Library;
use crate::core::source::{Position, SourceFile};

#[derive(Debug)]
pub struct Bibliography {
    /// The files it was read from, `references.yaml` before `references.bib`.
    pub files: Vec<SourceFile>,
    /// Their works, in file order.
    pub library: Library,
    /// Where each work's key is written: the file (an index of `files`) and the position, in
    /// the order of `library.keys()`.
    pub places: Vec<(usize, Position)>,
}

impl Bibliography {
    /// The file and position of `key`'s entry.
    pub fn place_of(&self, key: &str) -> Option<(&SourceFile, Position)> {
        let i = self.library.position(key)?;
        let (file, pos) = *self.places.get(i)?;
        Some((self.files.get(file)?, pos))
    }
}
