//! The static figures' pictures a PDF shows (SVG, PNG or JPEG), read before typesetting with
//! the decoders Typst itself uses, so a picture Typst cannot read is reported at the figure
//! that names it, and each picture's shape is known without measuring it in Typst. (A chart
//! needs no reading: its shape is its canvas's.)

use typst::foundations::Bytes;
use typst::visualize::{ExchangeFormat, RasterImage, SvgImage};

/// A picture's height over its width, or why Typst cannot read it. `ext` is the file's
/// extension, lower-case (`svg`, `png`, `jpg`, `jpeg`).
pub fn aspect(ext: &str, data: &Bytes) -> Result<f64, String> {
    let data = data.clone();
    let (width, height) = match ext {
        "svg" => {
            let svg = SvgImage::new(data)
                .map_err(|_| "it is damaged, or not an SVG drawing that can be read".to_string())?;
            (svg.width(), svg.height())
        }
        "jpg" | "jpeg" | "png" => {
            let format = if ext == "png" {
                ExchangeFormat::Png
            } else {
                ExchangeFormat::Jpg
            };
            // The decoder's own words are its internals: what the author can act on is this.
            let raster = RasterImage::plain(data, format).map_err(|_| {
                format!(
                    "it is damaged, or not a {} picture that can be decoded",
                    ext.to_ascii_uppercase()
                )
            })?;
            (f64::from(raster.width()), f64::from(raster.height()))
        }
        other => return Err(format!("`{other}` is not a picture the PDF can show")),
    };
    if width > 0.0 && height > 0.0 && (height / width).is_finite() {
        Ok(height / width)
    } else {
        Err("it has no size".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_picture_has_its_shape_and_a_damaged_one_says_why() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"></svg>"#;
        assert_eq!(aspect("svg", &Bytes::new(svg.to_vec())), Ok(0.5));
        let damaged = b"\x89PNG\r\n\x1a\nnot a picture at all";
        let why = aspect("png", &Bytes::new(damaged.to_vec())).expect_err("damaged");
        assert!(!why.is_empty());
        assert!(aspect("svg", &Bytes::new(b"<svg".to_vec())).is_err());
    }
}
