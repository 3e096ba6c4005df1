//! The `<desc>` of a diagram: its shape in one sentence (the full structure is the figure's
//! text version, written by render).

use crate::model::diagrams::DiagramLayout;
use crate::plot::diagram::Diagram;

/// One sentence: the kind of diagram, its size, where it starts and ends.
pub fn describe(d: &Diagram) -> String {
    let locale = &d.locale;
    let label = |i: &usize| d.nodes[*i].label.as_str();
    let mut linked = vec![false; d.nodes.len()];
    for e in &d.edges {
        linked[e.from] = true;
        linked[e.to] = true;
    }
    // A flow starts and ends at linked boxes; a box on its own is neither.
    let roots: Vec<&str> = d
        .roots()
        .iter()
        .filter(|&&i| d.layout == DiagramLayout::Tree || linked[i])
        .map(label)
        .collect();
    match d.layout {
        DiagramLayout::Tree => locale.fill(
            "describe_tree",
            &[
                ("boxes", &locale.count("count_boxes", d.nodes.len(), &[])),
                ("levels", &locale.count("count_levels", tree_depth(d), &[])),
                ("roots", &locale.list_and(&roots)),
            ],
        ),
        DiagramLayout::Flow => {
            let mut leads = vec![false; d.nodes.len()];
            for e in &d.edges {
                leads[e.from] = true;
            }
            let ends: Vec<&str> = (0..d.nodes.len())
                .filter(|&i| !leads[i] && linked[i])
                .map(|i| d.nodes[i].label.as_str())
                .collect();
            let key = match (roots.is_empty(), ends.is_empty()) {
                (true, true) => "describe_flow",
                (false, true) => "describe_flow_from",
                (true, false) => "describe_flow_to",
                (false, false) => "describe_flow_from_to",
            };
            locale.fill(
                key,
                &[
                    ("steps", &locale.count("count_steps", d.nodes.len(), &[])),
                    ("links", &locale.count("count_links", d.edges.len(), &[])),
                    ("starts", &locale.list_and(&roots)),
                    ("ends", &locale.list_and(&ends)),
                ],
            )
        }
    }
}

/// The number of levels of a tree (a box's level is one more than its parent's).
pub fn tree_depth(d: &Diagram) -> usize {
    let children = d.children();
    let mut depth = 0;
    let mut level: Vec<usize> = d.roots();
    while !level.is_empty() && depth <= d.nodes.len() {
        depth += 1;
        level = level
            .iter()
            .flat_map(|&v| children[v].iter().copied())
            .collect();
    }
    depth
}
