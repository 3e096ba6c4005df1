//! A figure's static image: which paths may name one, and what the load stage found there.
//! Reading the file is load's job; resolve turns what was found into the figure or an error.

/// The file types a figure's `image` may be, by extension (lowercase).
pub const IMAGE_TYPES: [&str; 4] = ["svg", "png", "jpg", "jpeg"];

/// The largest image a figure may show.
pub const MAX_IMAGE_BYTES: u64 = 8 * 1024 * 1024;

/// The lowercase extension of `image` when it is one of [`IMAGE_TYPES`].
pub fn image_type(image: &str) -> Option<String> {
    let ext = image.rsplit_once('.')?.1.to_ascii_lowercase();
    IMAGE_TYPES.contains(&ext.as_str()).then_some(ext)
}

/// What the load stage found at a figure's image path, relative to its edition folder.
/// Only a plain site path of an image type is looked at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageFile {
    /// The file's bytes.
    Read(Vec<u8>),
    /// A folder on the way (as written, `/`-separated) is a symlink.
    FolderIsLink(String),
    /// The image itself is a symlink.
    IsLink,
    /// Over [`MAX_IMAGE_BYTES`].
    TooLarge,
    /// A file that exists could not be read.
    Unreadable(std::io::ErrorKind),
    /// No file there (or not a regular file).
    Missing,
}
