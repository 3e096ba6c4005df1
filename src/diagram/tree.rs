//! Trees: the tidy layout (each parent centred above its children, subtrees packed as close as
//! their outlines allow, level by level; a box with many children that have none of their own
//! lists them in a column under it) and the indented one (each box on its own row under its
//! parent, as a file tree), for a tree too wide for its canvas and for phones.

use super::{Joins, LabelAt, Layout, MARGIN, Rect, Route};
use crate::plot::diagram::Diagram;

/// Space between neighbouring boxes of one level, and between whole trees side by side.
const SIBLING_GAP: f64 = 16.0;
const ROOT_GAP: f64 = 32.0;
/// Space between a level's boxes and the connectors' bar to the next level, and below it.
const LEVEL_GAP: f64 = 32.0;
/// Space between a link's label and the box it leads to.
const LABEL_GAP: f64 = 4.0;
/// Indentation of a level, and space between rows, of the indented tree.
const INDENT: f64 = 28.0;
const ROW_GAP: f64 = 10.0;
/// Where a connector leaves a box of the indented tree, from its left side.
const TRUNK: f64 = 14.0;
/// A box with at least this many children, none with children of its own, stacks them.
pub const STACK_FROM: usize = 4;
/// A stack's column: its room for the trunk on the left, and below its parent.
const STACK_INDENT: f64 = 14.0;
const STACK_DROP: f64 = 12.0;

/// A subtree's outline, level by level below its top: the leftmost and rightmost extent,
/// relative to its top box's centre.
struct Outline {
    left: Vec<f64>,
    right: Vec<f64>,
}

/// Places outlines side by side, each as close to those before it as `gap` allows at every
/// level they share: the offset of each, and the outline of them all.
fn pack(outlines: Vec<Outline>, gap: f64) -> (Vec<f64>, Outline) {
    let mut offsets = Vec::with_capacity(outlines.len());
    let mut all = Outline {
        left: Vec::new(),
        right: Vec::new(),
    };
    for o in outlines {
        let shift = if offsets.is_empty() {
            0.0
        } else {
            all.right
                .iter()
                .zip(&o.left)
                .map(|(r, l)| r - l + gap)
                .fold(f64::MIN, f64::max)
        };
        for (d, (l, r)) in o.left.iter().zip(&o.right).enumerate() {
            if d < all.right.len() {
                all.right[d] = r + shift;
            } else {
                all.left.push(l + shift);
                all.right.push(r + shift);
            }
        }
        offsets.push(shift);
    }
    (offsets, all)
}

/// The boxes in pre-order (each before its children, children in the order written), each
/// with its level.
fn preorder(d: &Diagram, children: &[Vec<usize>]) -> Vec<(usize, usize)> {
    let mut order = Vec::with_capacity(d.nodes.len());
    let mut stack: Vec<(usize, usize)> = d.roots().into_iter().rev().map(|r| (r, 0)).collect();
    while let Some((v, level)) = stack.pop() {
        order.push((v, level));
        stack.extend(children[v].iter().rev().map(|&c| (c, level + 1)));
    }
    order
}

/// The label of the link into each box, and its size.
fn incoming_labels(d: &Diagram) -> Vec<Option<(usize, f64, f64)>> {
    let mut labels = vec![None; d.nodes.len()];
    for (i, e) in d.edges.iter().enumerate() {
        if let Some((w, h)) = e.label_size() {
            labels[e.to] = Some((i, w, h));
        }
    }
    labels
}

/// The tidy tree, top-down.
pub fn tidy(d: &Diagram) -> Layout {
    let n = d.nodes.len();
    let children = d.children();
    let sizes: Vec<(f64, f64)> = d.nodes.iter().map(|n| n.size()).collect();
    let labels = incoming_labels(d);
    let label_h = |v: usize| labels[v].map_or(0.0, |l| l.2 + LABEL_GAP);
    // Boxes whose children stand in a column under them.
    let stacked: Vec<bool> = children
        .iter()
        .map(|kids| kids.len() >= STACK_FROM && kids.iter().all(|&c| children[c].is_empty()))
        .collect();
    // The column's width: its widest child (or label) and the trunk's room on both sides, so
    // that it stays centred under its parent.
    let column_w = |v: usize| {
        children[v]
            .iter()
            .map(|&c| sizes[c].0.max(labels[c].map_or(0.0, |l| l.1)))
            .fold(0.0, f64::max)
            + 2.0 * STACK_INDENT
    };
    // A box and the label above it take the width of the wider; a stack, its column's too.
    let unit = |v: usize| {
        let own = sizes[v].0.max(labels[v].map_or(0.0, |l| l.1));
        if stacked[v] {
            own.max(column_w(v))
        } else {
            own
        }
    };
    // The height a box takes on its level: a stack, its column's too.
    let unit_h = |v: usize| {
        if stacked[v] {
            sizes[v].1
                + children[v]
                    .iter()
                    .map(|&c| STACK_DROP + label_h(c) + sizes[c].1)
                    .sum::<f64>()
        } else {
            sizes[v].1
        }
    };
    let mut stacked_child = vec![false; n];
    for v in 0..n {
        if stacked[v] {
            for &c in &children[v] {
                stacked_child[c] = true;
            }
        }
    }
    let order: Vec<(usize, usize)> = preorder(d, &children)
        .into_iter()
        .filter(|&(v, _)| !stacked_child[v])
        .collect();

    // Children's offsets from their parent's centre, from the leaves up.
    let mut offset = vec![0.0; n];
    let mut outlines: Vec<Option<Outline>> = (0..n).map(|_| None).collect();
    for &(v, _) in order.iter().rev() {
        let half = unit(v) / 2.0;
        let kids: Vec<Outline> = if stacked[v] {
            Vec::new()
        } else {
            children[v]
                .iter()
                .map(|&c| {
                    outlines[c].take().unwrap_or(Outline {
                        left: vec![0.0],
                        right: vec![0.0],
                    })
                })
                .collect()
        };
        let mut outline = Outline {
            left: vec![-half],
            right: vec![half],
        };
        if !kids.is_empty() {
            let (xs, below) = pack(kids, SIBLING_GAP);
            let centre = (xs[0] + xs[xs.len() - 1]) / 2.0;
            for (&c, x) in children[v].iter().zip(&xs) {
                offset[c] = x - centre;
            }
            outline.left.extend(below.left.iter().map(|l| l - centre));
            outline.right.extend(below.right.iter().map(|r| r - centre));
        }
        outlines[v] = Some(outline);
    }
    let roots = d.roots();
    let tops: Vec<Outline> = roots
        .iter()
        .map(|&r| {
            outlines[r].take().unwrap_or(Outline {
                left: vec![0.0],
                right: vec![0.0],
            })
        })
        .collect();
    let (root_x, all) = pack(tops, ROOT_GAP);
    for (&r, x) in roots.iter().zip(&root_x) {
        offset[r] = *x;
    }
    let left = all.left.iter().copied().fold(0.0f64, f64::min);
    let right = all.right.iter().copied().fold(0.0f64, f64::max);

    // Centres from the top down; levels' tops from their tallest box and label.
    let mut cx = vec![0.0; n];
    let mut level_of = vec![0; n];
    let levels = all.left.len().max(1);
    let mut box_h = vec![0.0f64; levels];
    let mut band_h = vec![0.0f64; levels];
    let parent: Vec<Option<usize>> = d
        .incoming()
        .into_iter()
        .map(|e| e.map(|e| d.edges[e].from))
        .collect();
    for &(v, level) in &order {
        cx[v] = offset[v] + parent[v].map_or(MARGIN - left, |p| cx[p]);
        level_of[v] = level;
        box_h[level] = box_h[level].max(unit_h(v));
        band_h[level] = band_h[level].max(label_h(v));
    }
    let mut top = vec![MARGIN; levels];
    for l in 1..levels {
        top[l] = top[l - 1] + box_h[l - 1] + LEVEL_GAP + band_h[l];
    }
    let mut nodes: Vec<Rect> = (0..n)
        .map(|v| Rect {
            x: cx[v] - sizes[v].0 / 2.0,
            y: top[level_of[v]],
            w: sizes[v].0,
            h: sizes[v].1,
        })
        .collect();
    // Stacked children: a column under their parent, labels above each.
    let mut stack_label: Vec<Option<Rect>> = vec![None; n];
    for v in (0..n).filter(|&v| stacked[v] && !stacked_child[v]) {
        let x = cx[v] - column_w(v) / 2.0 + STACK_INDENT;
        let mut y = nodes[v].y + nodes[v].h;
        for &c in &children[v] {
            y += STACK_DROP;
            if let Some((_, w, h)) = labels[c] {
                stack_label[c] = Some(Rect { x, y, w, h });
                y += h + LABEL_GAP;
            }
            nodes[c] = Rect {
                x,
                y,
                w: sizes[c].0,
                h: sizes[c].1,
            };
            cx[c] = x + sizes[c].0 / 2.0;
            y += sizes[c].1;
        }
    }
    let routes = d
        .edges
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let (p, c) = (&nodes[e.from], &nodes[e.to]);
            if stacked_child[e.to] {
                // Down from the parent, along the trunk at the column's left, into the box.
                let trunk = c.x - STACK_INDENT / 2.0;
                let below = p.y + p.h + STACK_DROP / 2.0;
                return Route {
                    edge: i,
                    points: vec![
                        (cx[e.from], p.y + p.h),
                        (cx[e.from], below),
                        (trunk, below),
                        (trunk, c.y + c.h / 2.0),
                        (c.x, c.y + c.h / 2.0),
                    ],
                    joins: Joins::Lines,
                    label: stack_label[e.to]
                        .filter(|_| labels[e.to].is_some_and(|l| l.0 == i))
                        .map(|rect| LabelAt { rect, start: true }),
                };
            }
            let level = level_of[e.to];
            let bar = top[level] - band_h[level] - LEVEL_GAP / 2.0;
            let label = labels[e.to].filter(|l| l.0 == i).map(|(_, w, h)| LabelAt {
                rect: Rect {
                    x: cx[e.to] - w / 2.0,
                    y: c.y - LABEL_GAP - h,
                    w,
                    h,
                },
                start: false,
            });
            Route {
                edge: i,
                points: vec![
                    (cx[e.from], p.y + p.h),
                    (cx[e.from], bar),
                    (cx[e.to], bar),
                    (cx[e.to], c.y),
                ],
                joins: Joins::Lines,
                label,
            }
        })
        .collect();
    Layout {
        nodes,
        routes,
        width: (right - left) + 2.0 * MARGIN,
        height: top[levels - 1] + box_h[levels - 1] + MARGIN,
        arrows: false,
    }
}

/// The indented tree: rows in pre-order, each level further right.
pub fn indented(d: &Diagram) -> Layout {
    let n = d.nodes.len();
    let children = d.children();
    let labels = incoming_labels(d);
    let mut nodes = vec![
        Rect {
            x: 0.0,
            y: 0.0,
            w: 0.0,
            h: 0.0
        };
        n
    ];
    let mut y = MARGIN;
    let mut width: f64 = 0.0;
    let mut label_at: Vec<Option<LabelAt>> = vec![None; n];
    for (v, level) in preorder(d, &children) {
        let x = MARGIN + level as f64 * INDENT;
        if let Some((_, w, h)) = labels[v] {
            label_at[v] = Some(LabelAt {
                rect: Rect { x, y, w, h },
                start: true,
            });
            y += h + LABEL_GAP;
            width = width.max(x + w);
        }
        let (w, h) = d.nodes[v].size();
        nodes[v] = Rect { x, y, w, h };
        y += h + ROW_GAP;
        width = width.max(x + w);
    }
    let routes = d
        .edges
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let (p, c) = (nodes[e.from], nodes[e.to]);
            let trunk = p.x + TRUNK.min(p.w / 2.0);
            Route {
                edge: i,
                points: vec![
                    (trunk, p.y + p.h),
                    (trunk, c.y + c.h / 2.0),
                    (c.x, c.y + c.h / 2.0),
                ],
                joins: Joins::Lines,
                label: label_at[e.to].filter(|_| labels[e.to].is_some_and(|l| l.0 == i)),
            }
        })
        .collect();
    Layout {
        nodes,
        routes,
        width: width + MARGIN,
        height: y - ROW_GAP + MARGIN,
        arrows: false,
    }
}
