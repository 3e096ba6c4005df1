//! Reading a figure's static image. Only a plain path inside the edition folder, of an image
//! type, is looked at; no symlink is followed, the file itself or a folder on the way.

use crate::core::site_path::SitePath;
use crate::model::image::{ImageFile, MAX_IMAGE_BYTES, image_type};
use std::path::Path;

/// What is at `image` (relative to the edition folder `edition_dir`, itself relative to
/// `root`), or `None` when the path is not one the figure may name (resolve reports why).
pub fn read_image(root: &Path, edition_dir: &str, image: &str) -> Option<ImageFile> {
    SitePath::parse(image).ok()?;
    image_type(image)?;
    let rel = Path::new(image);
    let mut folder = root.join(edition_dir);
    let mut shown = String::new();
    for part in rel.parent().into_iter().flat_map(Path::components) {
        folder.push(part);
        if !shown.is_empty() {
            shown.push('/');
        }
        shown.push_str(&part.as_os_str().to_string_lossy());
        if std::fs::symlink_metadata(&folder).is_ok_and(|m| m.file_type().is_symlink()) {
            return Some(ImageFile::FolderIsLink(shown));
        }
    }
    let full = root.join(edition_dir).join(rel);
    Some(match std::fs::symlink_metadata(&full) {
        Ok(m) if m.file_type().is_symlink() => ImageFile::IsLink,
        Ok(m) if m.len() > MAX_IMAGE_BYTES => ImageFile::TooLarge,
        Ok(m) if m.is_file() => match std::fs::read(&full) {
            Ok(bytes) => ImageFile::Read(bytes),
            Err(e) => ImageFile::Unreadable(e.kind()),
        },
        _ => ImageFile::Missing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_plain_image_and_refuses_the_rest() {
        let root = std::env::temp_dir().join(format!("almanac-image-{}", std::process::id()));
        let edition = "content/r/2022";
        std::fs::create_dir_all(root.join(edition).join("img")).expect("folders");
        std::fs::write(root.join(edition).join("img/a.png"), b"png").expect("image");
        assert_eq!(
            read_image(&root, edition, "img/a.png"),
            Some(ImageFile::Read(b"png".to_vec()))
        );
        assert_eq!(
            read_image(&root, edition, "img/b.png"),
            Some(ImageFile::Missing)
        );
        // Not looked at: outside the edition, or not an image.
        assert_eq!(read_image(&root, edition, "../2021/img/a.png"), None);
        assert_eq!(read_image(&root, edition, "img/a.txt"), None);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(
                root.join(edition).join("img"),
                root.join(edition).join("ln"),
            )
            .expect("link");
            assert_eq!(
                read_image(&root, edition, "ln/a.png"),
                Some(ImageFile::FolderIsLink("ln".into()))
            );
        }
        std::fs::remove_dir_all(&root).ok();
    }
}
