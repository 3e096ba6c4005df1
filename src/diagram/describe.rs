//! The `<desc>` of a diagram: its shape in one sentence (the full structure is the figure's
//! text version, written by render).

use crate::model::diagrams::DiagramLayout;
use crate::plot::diagram::Diagram;

fn list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// One sentence: the kind of diagram, its size, where it starts and ends.
pub fn describe(d: &Diagram) -> String {
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
        DiagramLayout::Tree => {
            let depth = tree_depth(d);
            format!(
                "Tree diagram of {} in {}, with {} at the top.",
                plural(d.nodes.len(), "box", "boxes"),
                plural(depth, "level", "levels"),
                list(&roots)
            )
        }
        DiagramLayout::Flow => {
            let mut leads = vec![false; d.nodes.len()];
            for e in &d.edges {
                leads[e.from] = true;
            }
            let ends: Vec<&str> = (0..d.nodes.len())
                .filter(|&i| !leads[i] && linked[i])
                .map(|i| d.nodes[i].label.as_str())
                .collect();
            let mut s = format!(
                "Flow diagram of {} and {}",
                plural(d.nodes.len(), "step", "steps"),
                plural(d.edges.len(), "link", "links")
            );
            if !roots.is_empty() {
                s.push_str(&format!(", from {}", list(&roots)));
            }
            if !ends.is_empty() {
                s.push_str(&format!(" to {}", list(&ends)));
            }
            s.push('.');
            s
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
