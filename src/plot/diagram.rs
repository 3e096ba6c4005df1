//! A diagram as resolve hands it to drawing: its boxes and links checked, each box's text
//! already wrapped and measured with the embedded font, so that drawing only places them.

use super::text::{self, LABEL_SIZE, TICK_SIZE};
use crate::model::diagrams::{DiagramLayout, Direction, EdgeStyle};

/// The widest a box may be, in the SVG's units (pixels at the column's width).
pub const NODE_MAX_WIDTH: f64 = 200.0;
/// Space between a box's edge and its text.
pub const NODE_PAD_X: f64 = 10.0;
pub const NODE_PAD_Y: f64 = 7.0;
/// A box's label wraps to at most this many lines …
pub const LABEL_MAX_LINES: usize = 4;
/// … and its note to this many.
pub const NOTE_MAX_LINES: usize = 3;
/// The widest an edge's label may be, and its lines.
pub const EDGE_LABEL_MAX_WIDTH: f64 = 160.0;
pub const EDGE_LABEL_MAX_LINES: usize = 3;
/// Line heights of a label and of a note (the text prints at 12.5 and 11.3 pixels).
pub const LABEL_LINE: f64 = 16.0;
pub const NOTE_LINE: f64 = 14.0;
/// The gap between a box's label and its note.
pub const NOTE_GAP: f64 = 3.0;
/// A group's name is written in the legend on one line, at most this wide.
pub const GROUP_MAX_WIDTH: f64 = 300.0;
/// Groups told apart by colour: the palette's first seven (its eighth, grey, would read as a
/// box of no group).
pub const MAX_GROUPS: usize = 7;
/// The fewest boxes and links a reader can still follow, and the most almanac lays out.
pub const MAX_NODES: usize = 500;
pub const MAX_EDGES: usize = 1000;

/// Text wrapped to a width: its lines and the size they take.
#[derive(Debug, Clone, PartialEq)]
pub struct Wrapped {
    pub lines: Vec<String>,
    /// The widest line, in pixels.
    pub width: f64,
}

impl Wrapped {
    /// `text` wrapped to `max` pixels at `size`, every line kept (a word wider than `max`
    /// stays whole on its own line, for the caller to refuse).
    pub fn new(text: &str, size: f64, max: f64) -> Wrapped {
        // Measured with the font, never the estimate used when it cannot be read.
        super::font::ensure_registered();
        let lines = text::wrap(&text::clean(text), size, max as u32, usize::MAX);
        let width = f64::from(text::widest(&lines, size).max(0));
        Wrapped { lines, width }
    }

    /// Whether it fits in `max_lines` lines of `max` pixels.
    pub fn fits(&self, max: f64, max_lines: usize) -> bool {
        self.lines.len() <= max_lines && self.width <= max
    }
}

/// The room for text inside a box.
pub const NODE_TEXT_WIDTH: f64 = NODE_MAX_WIDTH - 2.0 * NODE_PAD_X;

/// A box's label at the label size.
pub fn wrap_label(label: &str) -> Wrapped {
    Wrapped::new(label, LABEL_SIZE, NODE_TEXT_WIDTH)
}

/// A box's note at the smaller size.
pub fn wrap_note(note: &str) -> Wrapped {
    Wrapped::new(note, TICK_SIZE, NODE_TEXT_WIDTH)
}

/// A group's name, on one line of the legend.
pub fn wrap_group(name: &str) -> Wrapped {
    Wrapped::new(name, TICK_SIZE, GROUP_MAX_WIDTH)
}

/// An edge's label at the smaller size.
pub fn wrap_edge_label(label: &str) -> Wrapped {
    Wrapped::new(label, TICK_SIZE, EDGE_LABEL_MAX_WIDTH)
}

/// A diagram, checked: every link joins two boxes of it; a tree is a tree.
#[derive(Debug, Clone)]
pub struct Diagram {
    pub layout: DiagramLayout,
    pub direction: Direction,
    pub nodes: Vec<DiagramNode>,
    pub edges: Vec<DiagramEdge>,
    /// The groups' names, in the order their first box is written.
    pub groups: Vec<String>,
    /// The language its description and text version are written in.
    pub locale: crate::locale::Locale,
}

#[derive(Debug, Clone)]
pub struct DiagramNode {
    pub id: String,
    pub label: String,
    /// An index into `Diagram::groups`.
    pub group: Option<usize>,
    pub note: Option<String>,
    pub label_text: Wrapped,
    pub note_text: Option<Wrapped>,
}

impl DiagramNode {
    /// The box's width and height.
    pub fn size(&self) -> (f64, f64) {
        let note_w = self.note_text.as_ref().map_or(0.0, |n| n.width);
        let w = (self.label_text.width.max(note_w) + 2.0 * NODE_PAD_X).max(48.0);
        let mut h = 2.0 * NODE_PAD_Y + LABEL_LINE * self.label_text.lines.len() as f64;
        if let Some(n) = &self.note_text {
            h += NOTE_GAP + NOTE_LINE * n.lines.len() as f64;
        }
        (w.ceil(), h)
    }
}

#[derive(Debug, Clone)]
pub struct DiagramEdge {
    /// Indexes into `Diagram::nodes`.
    pub from: usize,
    pub to: usize,
    pub label: Option<String>,
    pub label_text: Option<Wrapped>,
    pub style: EdgeStyle,
}

impl DiagramEdge {
    /// The size of the label's text, if any.
    pub fn label_size(&self) -> Option<(f64, f64)> {
        self.label_text
            .as_ref()
            .map(|l| (l.width.ceil(), NOTE_LINE * l.lines.len() as f64))
    }
}

impl Diagram {
    /// Each box's children in the order the links are written (a tree's links go from parent
    /// to child).
    pub fn children(&self) -> Vec<Vec<usize>> {
        let mut children = vec![Vec::new(); self.nodes.len()];
        for e in &self.edges {
            children[e.from].push(e.to);
        }
        children
    }

    /// The link into each box, if any (in a tree, from its parent).
    pub fn incoming(&self) -> Vec<Option<usize>> {
        let mut into = vec![None; self.nodes.len()];
        for (i, e) in self.edges.iter().enumerate() {
            into[e.to].get_or_insert(i);
        }
        into
    }

    /// The same diagram with its boxes' text wrapped to `text_width` and its links' labels to
    /// `label_width` (a phone's narrower boxes); sizes only, nothing else changes.
    pub fn rewrapped(&self, text_width: f64, label_width: f64) -> Diagram {
        let mut d = self.clone();
        for n in &mut d.nodes {
            n.label_text = Wrapped::new(&n.label, LABEL_SIZE, text_width);
            n.note_text = n
                .note
                .as_deref()
                .map(|t| Wrapped::new(t, TICK_SIZE, text_width));
        }
        for e in &mut d.edges {
            e.label_text = e
                .label
                .as_deref()
                .map(|t| Wrapped::new(t, TICK_SIZE, label_width));
        }
        d
    }

    /// The boxes no link leads into, in the order written.
    pub fn roots(&self) -> Vec<usize> {
        let into = self.incoming();
        (0..self.nodes.len())
            .filter(|&i| into[i].is_none())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_wrap_inside_a_box_and_long_words_are_seen() {
        assert!(super::super::font::ensure_registered());
        let w = wrap_label("Ministry of Industry and Information Technology (MIIT)");
        assert!(
            w.lines.len() >= 2 && w.fits(NODE_TEXT_WIDTH, LABEL_MAX_LINES),
            "{w:?}"
        );
        let long = wrap_label(&"Industrieinformationstechnologieministerium".repeat(2));
        assert!(!long.fits(NODE_TEXT_WIDTH, LABEL_MAX_LINES), "{long:?}");
        let many = wrap_label(&"word ".repeat(60));
        assert!(many.lines.len() > LABEL_MAX_LINES);
    }
}
