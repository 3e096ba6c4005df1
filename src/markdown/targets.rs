//! The things a chapter can embed and refer to, and the shortcodes that exist.
//!
//! This is the one registry of Markdown extensions: a new kind of referable thing or a new
//! shortcode is added here, and the scanner, the resolver and the renderer follow.

/// A numbered thing of an edition: embedded with a shortcode, referred to with `@prefix-id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TargetKind {
    Box,
    Figure,
}

impl TargetKind {
    pub const ALL: [TargetKind; 2] = [TargetKind::Box, TargetKind::Figure];

    /// The id prefix, before the dash: `@box-…`, `@fig-…`.
    pub fn prefix(self) -> &'static str {
        match self {
            TargetKind::Box => "box",
            TargetKind::Figure => "fig",
        }
    }

    /// The label a reference reads as ("Box 3", "Figure 6" in English).
    pub fn reference_key(self) -> &'static str {
        match self {
            TargetKind::Box => "box_ref",
            TargetKind::Figure => "figure_ref",
        }
    }

    /// The shortcode that embeds it.
    pub fn shortcode(self) -> &'static str {
        match self {
            TargetKind::Box => "box",
            TargetKind::Figure => "figure",
        }
    }

    pub fn from_prefix(prefix: &str) -> Option<TargetKind> {
        TargetKind::ALL.into_iter().find(|k| k.prefix() == prefix)
    }

    /// The kind of an id such as `fig-new-centers`.
    pub fn of_id(id: &str) -> Option<TargetKind> {
        TargetKind::from_prefix(id.split_once('-')?.0)
    }
}

/// The shortcodes almanac knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShortcodeKind {
    /// Embeds a box or a figure; stands on a line of its own.
    Embed(TargetKind),
    /// Prints an indicator (or one of its fields) in running text.
    Value,
}

impl ShortcodeKind {
    pub fn lookup(name: &str) -> Option<ShortcodeKind> {
        if name == "value" {
            return Some(ShortcodeKind::Value);
        }
        TargetKind::ALL
            .into_iter()
            .find(|k| k.shortcode() == name)
            .map(ShortcodeKind::Embed)
    }

    /// Every shortcode name, for "did you mean" hints.
    pub fn names() -> Vec<&'static str> {
        let mut names: Vec<&'static str> = TargetKind::ALL.iter().map(|k| k.shortcode()).collect();
        names.push("value");
        names
    }

    /// Block shortcodes stand on a line of their own; the others sit in running text.
    pub fn is_block(self) -> bool {
        matches!(self, ShortcodeKind::Embed(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_name_their_kind_by_prefix() {
        assert_eq!(
            TargetKind::of_id("fig-new-centers"),
            Some(TargetKind::Figure)
        );
        assert_eq!(TargetKind::of_id("box-a"), Some(TargetKind::Box));
        assert_eq!(TargetKind::of_id("tbl-a"), None);
        assert_eq!(
            ShortcodeKind::lookup("figure"),
            Some(ShortcodeKind::Embed(TargetKind::Figure))
        );
        assert_eq!(ShortcodeKind::lookup("fig"), None);
    }
}
