//! The colours a chart may be drawn in: its named palettes (`palette:`) and their named
//! colours, and a colour written as `#rrggbb` (a series' `color:`). Resolve checks a chart's
//! choice against these; drawing takes the colours from here, as numbers, so no text written
//! by an author ever reaches the SVG.

use serde::{Serialize, Serializer};

/// A colour, red, green and blue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb` (six hexadecimal digits, in either case), else `None`.
    pub fn parse_hex(text: &str) -> Option<Rgb> {
        let hex = text.strip_prefix('#')?;
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
    }

    /// `#RRGGBB`.
    pub fn hex(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }
}

impl Serialize for Rgb {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.hex())
    }
}

/// A named palette: its colours in the order series (or a pie's slices) take them, each with
/// the name a series' `color:` may give it.
#[derive(Debug)]
pub struct Palette {
    pub name: &'static str,
    pub colors: &'static [(&'static str, Rgb)],
    /// Told apart by readers with any common colour-vision deficiency.
    pub colour_blind_safe: bool,
    /// Light to dark steps of one hue, for series in an order (years, size classes): taken
    /// once each, never round again, since a repeated step would read as the same thing.
    pub sequential: bool,
}

impl Palette {
    /// The colour of the `i`-th series or slice.
    pub fn color(&self, i: usize) -> Rgb {
        self.colors[i % self.colors.len()].1
    }

    /// The colour of this palette called `name`.
    pub fn named(&self, name: &str) -> Option<Rgb> {
        self.colors
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, c)| *c)
    }

    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        self.colors.iter().map(|(n, _)| *n)
    }
}

/// Okabe and Ito's eight colours: safe for colour-blind readers, distinct in lightness for
/// greyscale print, readable on a dark page. The default.
pub const OKABE_ITO: Palette = Palette {
    name: "okabe-ito",
    colors: &[
        ("blue", Rgb(0x00, 0x72, 0xB2)),
        ("orange", Rgb(0xE6, 0x9F, 0x00)),
        ("bluish-green", Rgb(0x00, 0x9E, 0x73)),
        ("reddish-purple", Rgb(0xCC, 0x79, 0xA7)),
        ("sky-blue", Rgb(0x56, 0xB4, 0xE9)),
        ("vermillion", Rgb(0xD5, 0x5E, 0x00)),
        ("yellow", Rgb(0xF0, 0xE4, 0x42)),
        ("grey", Rgb(0x55, 0x55, 0x55)),
    ],
    colour_blind_safe: true,
    sequential: false,
};

/// Tableau's ten (2016): familiar from dashboards; its red and green, and its blue and purple,
/// are hard to tell apart for some colour-blind readers.
pub const TABLEAU10: Palette = Palette {
    name: "tableau10",
    colors: &[
        ("blue", Rgb(0x4E, 0x79, 0xA7)),
        ("orange", Rgb(0xF2, 0x8E, 0x2B)),
        ("red", Rgb(0xE1, 0x57, 0x59)),
        ("teal", Rgb(0x76, 0xB7, 0xB2)),
        ("green", Rgb(0x59, 0xA1, 0x4F)),
        ("yellow", Rgb(0xED, 0xC9, 0x48)),
        ("purple", Rgb(0xB0, 0x7A, 0xA1)),
        ("pink", Rgb(0xFF, 0x9D, 0xA7)),
        ("brown", Rgb(0x9C, 0x75, 0x5F)),
        ("grey", Rgb(0xBA, 0xB0, 0xAC)),
    ],
    colour_blind_safe: false,
    sequential: false,
};

/// Four greys, dark to light, for a report printed in black and white.
pub const GREYS: Palette = Palette {
    name: "greys",
    colors: &[
        ("grey-1", Rgb(0x25, 0x25, 0x25)),
        ("grey-2", Rgb(0x63, 0x63, 0x63)),
        ("grey-3", Rgb(0x96, 0x96, 0x96)),
        ("grey-4", Rgb(0xC4, 0xC4, 0xC4)),
    ],
    colour_blind_safe: true,
    sequential: true,
};

/// Five blues, dark to light (ColorBrewer's Blues): series in an order.
pub const BLUES: Palette = Palette {
    name: "blues",
    colors: &[
        ("blue-1", Rgb(0x08, 0x51, 0x9C)),
        ("blue-2", Rgb(0x31, 0x82, 0xBD)),
        ("blue-3", Rgb(0x6B, 0xAE, 0xD6)),
        ("blue-4", Rgb(0x9E, 0xCA, 0xE1)),
        ("blue-5", Rgb(0xC6, 0xDB, 0xEF)),
    ],
    colour_blind_safe: true,
    sequential: true,
};

/// Every palette a chart may name, the default first.
pub const PALETTES: [&Palette; 4] = [&OKABE_ITO, &TABLEAU10, &GREYS, &BLUES];

/// The palette called `name`.
pub fn palette(name: &str) -> Option<&'static Palette> {
    PALETTES.iter().copied().find(|p| p.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_colours_are_six_digits_and_nothing_else() {
        assert_eq!(Rgb::parse_hex("#0072b2"), Some(Rgb(0x00, 0x72, 0xB2)));
        assert_eq!(
            Rgb::parse_hex("#0072B2").map(Rgb::hex).as_deref(),
            Some("#0072B2")
        );
        for bad in [
            "0072B2",
            "#072",
            "#0072B2FF",
            "#00 72B",
            "#0072Bz",
            "#\"><x",
            "#ééé",
        ] {
            assert_eq!(Rgb::parse_hex(bad), None, "{bad}");
        }
    }

    #[test]
    fn palettes_have_unique_names_and_the_default_first() {
        assert_eq!(PALETTES[0].name, "okabe-ito");
        for p in PALETTES {
            let mut names: Vec<&str> = p.names().collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), p.colors.len(), "{}", p.name);
            assert_eq!(palette(p.name).map(|q| q.name), Some(p.name));
        }
        assert_eq!(OKABE_ITO.color(8), OKABE_ITO.color(0));
    }
}
