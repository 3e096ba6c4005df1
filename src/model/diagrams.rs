//! The schema of a diagram, a figure of `type: diagram`: boxes (`nodes`) joined by arrows or
//! connectors (`edges`), laid out as a tree (an organisation chart) or a flow (a process).

use crate::model::value::Scalar;
use serde::{Deserialize, Serialize};

/// How a diagram is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiagramLayout {
    /// Each parent above its children: an organisation chart.
    Tree,
    /// Layers of steps joined by arrows: a process.
    Flow,
}

/// Which way a flow runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Right,
    Down,
}

/// A box of a diagram, as written. Every field is a [`Scalar`] so that `id: 2008` or
/// `label: 5G` reads as text; resolve refuses lists and mappings where text belongs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeSpec {
    #[serde(default)]
    pub id: Option<Scalar>,
    #[serde(default)]
    pub label: Option<Scalar>,
    /// Boxes of one group share a colour, named in the legend.
    #[serde(default)]
    pub group: Option<Scalar>,
    /// A second, smaller text in the box.
    #[serde(default)]
    pub note: Option<Scalar>,
}

/// An arrow (a flow) or a connector (a tree) between two boxes, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EdgeSpec {
    #[serde(default)]
    pub from: Option<Scalar>,
    #[serde(default)]
    pub to: Option<Scalar>,
    #[serde(default)]
    pub label: Option<Scalar>,
    #[serde(default)]
    pub style: Option<EdgeStyle>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EdgeStyle {
    #[default]
    Solid,
    Dashed,
}
