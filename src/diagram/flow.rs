//! Flows: the layered (Sugiyama) layout. Links that close a cycle are turned round; each box
//! gets a layer (the longest path from a start); a link across several layers passes through a
//! slot of its own in each, and a labelled link's label takes a slot in the layer between its
//! ends, so that neither crosses a box or another label; the order within layers is improved
//! by barycentres, keeping the order with the fewest crossings; positions within a layer are
//! the closest to the linked boxes' that keep the gaps (isotonic regression, pool-adjacent-
//! violators). Every tie is broken by the order the author wrote.

use super::{Joins, LabelAt, Layout, MARGIN, Rect, Route};
use crate::model::diagrams::Direction;
use crate::plot::diagram::Diagram;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Space between layers (for the arrows), with and without labels in between.
const LAYER_GAP: f64 = 44.0;
const LABELLED_LAYER_GAP: f64 = 20.0;
/// Space between neighbours in a layer: two boxes, and anything else.
const NODE_GAP: f64 = 20.0;
const SLOT_GAP: f64 = 10.0;
/// The closest two links may leave or enter a box side by side.
const MIN_PORT_GAP: f64 = 7.0;
/// Rounds of reordering, and of placing.
const ORDER_ROUNDS: usize = 12;
const PLACE_ROUNDS: usize = 4;

/// Something that takes a place in a layer: a box, a link's slot, or a link's label.
struct Item {
    node: Option<usize>,
    /// Its extent across the layer (along the order) and along the flow.
    across: f64,
    along: f64,
    layer: usize,
}

/// The links of the flow with every cycle broken: which are turned round, by a depth-first
/// walk from the boxes in the order written.
fn turned_links(d: &Diagram) -> Vec<bool> {
    let n = d.nodes.len();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in d.edges.iter().enumerate() {
        out[e.from].push(i);
    }
    let mut turned = vec![false; d.edges.len()];
    // 0 unseen, 1 on the walk, 2 done.
    let mut state = vec![0u8; n];
    for start in 0..n {
        if state[start] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = 1;
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if let Some(&e) = out[v].get(*next) {
                *next += 1;
                let w = d.edges[e].to;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => turned[e] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    turned
}

/// A round's sweep over the layers: even rounds down from the second layer (each layer drawn
/// to the one before), odd rounds up from the last but one (to the one after).
fn sweep(round: usize, layer_count: usize) -> (bool, Vec<usize>) {
    if round.is_multiple_of(2) {
        (true, (1..layer_count).collect())
    } else {
        (false, (0..layer_count.saturating_sub(1)).rev().collect())
    }
}

/// Each link's ends in the flow's direction: a turned link's the other way round.
fn ends_of(d: &Diagram, turned: &[bool]) -> Vec<(usize, usize)> {
    d.edges
        .iter()
        .zip(turned)
        .map(|(e, &t)| if t { (e.to, e.from) } else { (e.from, e.to) })
        .collect()
}

/// Each box's layer: one past the furthest of the boxes leading to it; a start sits just
/// before the first box it leads to.
fn layers_of(d: &Diagram, ends: &[(usize, usize)]) -> Vec<usize> {
    let n = d.nodes.len();
    let mut indegree = vec![0usize; n];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in ends {
        indegree[b] += 1;
        out[a].push(b);
    }
    let mut layer = vec![0usize; n];
    let mut ready: BinaryHeap<Reverse<usize>> =
        (0..n).filter(|&v| indegree[v] == 0).map(Reverse).collect();
    let mut topo = Vec::with_capacity(n);
    while let Some(Reverse(v)) = ready.pop() {
        topo.push(v);
        for &w in &out[v] {
            layer[w] = layer[w].max(layer[v] + 1);
            indegree[w] -= 1;
            if indegree[w] == 0 {
                ready.push(Reverse(w));
            }
        }
    }
    let mut has_in = vec![false; n];
    for &(_, b) in ends {
        has_in[b] = true;
    }
    for &v in topo.iter().rev() {
        if !has_in[v]
            && let Some(first) = out[v].iter().map(|&w| layer[w]).min()
        {
            layer[v] = first.saturating_sub(1);
        }
    }
    layer
}

/// The boxes in the order a reader follows the flow: layer by layer, each layer in the order
/// written.
pub fn reading_order(d: &Diagram) -> Vec<usize> {
    let turned = turned_links(d);
    let ends = ends_of(d, &turned);
    let layer = layers_of(d, &ends);
    let mut order: Vec<usize> = (0..d.nodes.len()).collect();
    order.sort_by_key(|&i| (layer[i], i));
    order
}

/// The number of crossings between two neighbouring layers' links, given as the positions
/// of their ends, by counting inversions with a Fenwick tree.
fn crossings(links: &mut [(usize, usize)], width: usize, tree: &mut Vec<usize>) -> usize {
    links.sort_unstable();
    tree.clear();
    tree.resize(width + 1, 0);
    let mut count = 0;
    for (seen, &(_, b)) in links.iter().enumerate() {
        // Links seen so far ending at or before b.
        let mut i = b + 1;
        let mut le = 0;
        while i > 0 {
            le += tree[i];
            i &= i - 1;
        }
        count += seen - le;
        let mut i = b + 1;
        while i <= width {
            tree[i] += 1;
            i += i & i.wrapping_neg();
        }
    }
    count
}

/// Positions for items in a fixed order, each as close to `want` as the minimum distances
/// `gap[i]` (between the centres of items i and i+1) allow, in the least-squares sense.
fn place(want: &[f64], gap: &[f64]) -> Vec<f64> {
    let mut offset = Vec::with_capacity(want.len());
    let mut acc = 0.0;
    for i in 0..want.len() {
        if i > 0 {
            acc += gap[i - 1];
        }
        offset.push(acc);
    }
    // Pool adjacent violators: blocks of (sum, count) with non-decreasing means.
    let mut blocks: Vec<(f64, usize)> = Vec::new();
    for (w, o) in want.iter().zip(&offset) {
        blocks.push((w - o, 1));
        while blocks.len() > 1 {
            let (s2, c2) = blocks[blocks.len() - 1];
            let (s1, c1) = blocks[blocks.len() - 2];
            if s1 / c1 as f64 > s2 / c2 as f64 {
                blocks.pop();
                let last = blocks.len() - 1;
                blocks[last] = (s1 + s2, c1 + c2);
            } else {
                break;
            }
        }
    }
    let mut out = Vec::with_capacity(want.len());
    for (s, c) in blocks {
        let mean = s / c as f64;
        for _ in 0..c {
            out.push(mean + offset[out.len()]);
        }
    }
    out
}

/// The flow laid out in `direction`.
pub fn layered(d: &Diagram, direction: Direction) -> Layout {
    let n = d.nodes.len();
    let right = direction == Direction::Right;
    let turned = turned_links(d);
    let ends = ends_of(d, &turned);
    let labelled = d.edges.iter().any(|e| e.label.is_some());
    let step = if labelled { 2 } else { 1 };
    let node_layer: Vec<usize> = layers_of(d, &ends).into_iter().map(|l| l * step).collect();

    // Items: the boxes, then each link's slots and label.
    let mut items: Vec<Item> = d
        .nodes
        .iter()
        .zip(&node_layer)
        .enumerate()
        .map(|(i, (node, &layer))| {
            let (w, h) = node.size();
            let (across, along) = if right { (h, w) } else { (w, h) };
            Item {
                node: Some(i),
                across,
                along,
                layer,
            }
        })
        .collect();
    // Each link's chain of items from its first end to its last (in the flow's direction).
    let mut chains: Vec<Vec<usize>> = Vec::with_capacity(d.edges.len());
    let mut label_item: Vec<Option<usize>> = vec![None; d.edges.len()];
    for (i, &(a, b)) in ends.iter().enumerate() {
        let mut chain = vec![a];
        for layer in node_layer[a] + 1..node_layer[b] {
            let label = d.edges[i]
                .label_size()
                .filter(|_| layer == node_layer[a] + 1);
            let (across, along) = match label {
                Some((w, h)) if right => (h, w),
                Some((w, h)) => (w, h),
                None => (0.0, 0.0),
            };
            if label.is_some() {
                label_item[i] = Some(items.len());
            }
            chain.push(items.len());
            items.push(Item {
                node: None,
                across,
                along,
                layer,
            });
        }
        chain.push(b);
        chains.push(chain);
    }
    let layer_count = items.iter().map(|it| it.layer + 1).max().unwrap_or(1);
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    for chain in &chains {
        for pair in chain.windows(2) {
            down[pair[0]].push(pair[1]);
            up[pair[1]].push(pair[0]);
        }
    }

    // Order within layers: first as written, then improved by barycentres.
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); layer_count];
    for (i, it) in items.iter().enumerate() {
        layers[it.layer].push(i);
    }
    let mut pos = vec![0usize; items.len()];
    let index = |layers: &[Vec<usize>], pos: &mut [usize]| {
        for layer in layers {
            for (k, &i) in layer.iter().enumerate() {
                pos[i] = k;
            }
        }
    };
    index(&layers, &mut pos);
    // Buffers reused by every count.
    let (mut links, mut tree) = (Vec::new(), Vec::new());
    let mut count = |layers: &[Vec<usize>], pos: &[usize]| -> usize {
        (0..layers.len().saturating_sub(1))
            .map(|l| {
                links.clear();
                links.extend(
                    layers[l]
                        .iter()
                        .flat_map(|&i| down[i].iter().map(move |&j| (pos[i], pos[j]))),
                );
                crossings(&mut links, layers[l + 1].len(), &mut tree)
            })
            .sum()
    };
    let mut best = layers.clone();
    let mut fewest = count(&layers, &pos);
    // A flow of many long links (hundreds of thousands of slots) gets fewer rounds.
    let rounds = if items.len() > 20_000 {
        2
    } else {
        ORDER_ROUNDS
    };
    let mut stale = 0;
    for round in 0..rounds {
        if fewest == 0 {
            break;
        }
        let (downward, sweep) = sweep(round, layer_count);
        for l in sweep {
            let keyed: Vec<(f64, usize)> = layers[l]
                .iter()
                .map(|&i| {
                    let near = if downward { &up[i] } else { &down[i] };
                    let key = if near.is_empty() {
                        pos[i] as f64
                    } else {
                        near.iter().map(|&j| pos[j] as f64).sum::<f64>() / near.len() as f64
                    };
                    (key, i)
                })
                .collect();
            let mut sorted = keyed;
            sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
            layers[l] = sorted.into_iter().map(|(_, i)| i).collect();
            for (k, &i) in layers[l].iter().enumerate() {
                pos[i] = k;
            }
        }
        let c = count(&layers, &pos);
        if c < fewest {
            fewest = c;
            best = layers.clone();
            stale = 0;
        } else {
            // Four sweeps without a gain: the barycentres have settled.
            stale += 1;
            if stale == 4 {
                break;
            }
        }
    }
    let layers = best;
    index(&layers, &mut pos);

    // Positions across the layers: packed, then drawn towards the linked items.
    let gap = |a: usize, b: usize| {
        let g = if items[a].node.is_some() && items[b].node.is_some() {
            NODE_GAP
        } else {
            SLOT_GAP
        };
        (items[a].across + items[b].across) / 2.0 + g
    };
    let mut centre = vec![0.0f64; items.len()];
    for layer in &layers {
        let gaps: Vec<f64> = layer.windows(2).map(|p| gap(p[0], p[1])).collect();
        let want = vec![0.0; layer.len()];
        for (&i, c) in layer.iter().zip(place(&want, &gaps)) {
            centre[i] = c;
        }
    }
    for round in 0..PLACE_ROUNDS {
        let (downward, sweep) = sweep(round, layer_count);
        for l in sweep {
            let layer = &layers[l];
            let want: Vec<f64> = layer
                .iter()
                .map(|&i| {
                    let near = if downward { &up[i] } else { &down[i] };
                    if near.is_empty() {
                        centre[i]
                    } else {
                        near.iter().map(|&j| centre[j]).sum::<f64>() / near.len() as f64
                    }
                })
                .collect();
            let gaps: Vec<f64> = layer.windows(2).map(|p| gap(p[0], p[1])).collect();
            for (&i, c) in layer.iter().zip(place(&want, &gaps)) {
                centre[i] = c;
            }
        }
    }
    let low = items
        .iter()
        .zip(&centre)
        .map(|(it, c)| c - it.across / 2.0)
        .fold(f64::INFINITY, f64::min);
    let high = items
        .iter()
        .zip(&centre)
        .map(|(it, c)| c + it.across / 2.0)
        .fold(f64::NEG_INFINITY, f64::max);
    for c in &mut centre {
        *c += MARGIN - low;
    }

    // Positions along the flow: each layer as deep as its deepest item.
    let layer_gap = if labelled {
        LABELLED_LAYER_GAP
    } else {
        LAYER_GAP
    };
    let mut depth = vec![0.0f64; layer_count];
    for it in &items {
        depth[it.layer] = depth[it.layer].max(it.along);
    }
    let mut start = vec![MARGIN; layer_count];
    for l in 1..layer_count {
        start[l] = start[l - 1] + depth[l - 1] + layer_gap;
    }
    let along_total = start[layer_count - 1] + depth[layer_count - 1] + MARGIN;
    let across_total = high - low + 2.0 * MARGIN;
    let mid = |i: usize| start[items[i].layer] + depth[items[i].layer] / 2.0;
    // (along, across) to (x, y).
    let xy = |along: f64, across: f64| {
        if right {
            (along, across)
        } else {
            (across, along)
        }
    };

    let nodes: Vec<Rect> = (0..n)
        .map(|i| {
            let (x, y) = xy(
                mid(i) - items[i].along / 2.0,
                centre[i] - items[i].across / 2.0,
            );
            let (w, h) = if right {
                (items[i].along, items[i].across)
            } else {
                (items[i].across, items[i].along)
            };
            Rect { x, y, w, h }
        })
        .collect();

    // Where links leave and enter a box: spread over its middle, in the order of their other
    // ends, so that they do not meet at one point.
    let mut port = vec![Vec::<(usize, f64)>::new(); items.len()];
    let spread = |port: &mut Vec<Vec<(usize, f64)>>, node: usize, links: Vec<(usize, f64)>| {
        let m = links.len() as f64;
        // Arrowheads closer than this would run together: then they meet at one point.
        let extent = if items[node].across * 0.6 / (m + 1.0) < MIN_PORT_GAP {
            0.0
        } else {
            items[node].across * 0.6
        };
        let mut sorted = links;
        sorted.sort_by(|a, b| a.1.total_cmp(&b.1));
        port[node] = sorted
            .into_iter()
            .enumerate()
            .map(|(k, (link, _))| {
                let at = centre[node] - extent / 2.0 + extent * (k as f64 + 1.0) / (m + 1.0);
                (link, at)
            })
            .collect();
    };
    let mut outgoing: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    let mut incoming: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for (i, chain) in chains.iter().enumerate() {
        outgoing[chain[0]].push((i, centre[chain[1]]));
        incoming[chain[chain.len() - 1]].push((i, centre[chain[chain.len() - 2]]));
    }
    let mut out_port = vec![0.0; d.edges.len()];
    let mut in_port = vec![0.0; d.edges.len()];
    for v in 0..n {
        spread(&mut port, v, std::mem::take(&mut outgoing[v]));
        for &(link, at) in &port[v] {
            out_port[link] = at;
        }
        spread(&mut port, v, std::mem::take(&mut incoming[v]));
        for &(link, at) in &port[v] {
            in_port[link] = at;
        }
    }

    let routes = chains
        .iter()
        .enumerate()
        .map(|(i, chain)| {
            let a = chain[0];
            let b = chain[chain.len() - 1];
            // Straight out of the box to its layer's end, curves only in the gaps between
            // layers (where nothing else is), straight through each slot, and straight from
            // the last layer's start into the box.
            let (la, lb) = (items[a].layer, items[b].layer);
            let mut points = vec![xy(mid(a) + items[a].along / 2.0, out_port[i])];
            if items[a].along < depth[la] {
                points.push(xy(start[la] + depth[la], out_port[i]));
            }
            for &slot in &chain[1..chain.len() - 1] {
                let l = items[slot].layer;
                points.push(xy(start[l], centre[slot]));
                points.push(xy(start[l] + depth[l], centre[slot]));
            }
            if items[b].along < depth[lb] {
                points.push(xy(start[lb], in_port[i]));
            }
            points.push(xy(mid(b) - items[b].along / 2.0, in_port[i]));
            if turned[i] {
                points.reverse();
            }
            let label = label_item[i].map(|slot| {
                let (w, h) = d.edges[i].label_size().unwrap_or((0.0, 0.0));
                let (cx, cy) = xy(mid(slot), centre[slot]);
                LabelAt {
                    rect: Rect {
                        x: cx - w / 2.0,
                        y: cy - h / 2.0,
                        w,
                        h,
                    },
                    start: false,
                }
            });
            Route {
                edge: i,
                points,
                joins: if right {
                    Joins::CurvesAcross
                } else {
                    Joins::CurvesDown
                },
                label,
            }
        })
        .collect();
    let (width, height) = xy(along_total, across_total);
    Layout {
        nodes,
        routes,
        width,
        height,
        arrows: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crossings_are_counted() {
        // Two links that cross, and one that crosses neither.
        assert_eq!(
            crossings(&mut [(0, 1), (1, 0), (2, 2)], 3, &mut Vec::new()),
            1
        );
        assert_eq!(crossings(&mut [(0, 0), (1, 1)], 2, &mut Vec::new()), 0);
        // Three that all cross each other.
        assert_eq!(
            crossings(&mut [(0, 2), (1, 1), (2, 0)], 3, &mut Vec::new()),
            3
        );
    }

    #[test]
    fn placing_keeps_gaps_and_comes_closest() {
        assert_eq!(
            place(&[0.0, 0.0, 0.0], &[10.0, 10.0]),
            vec![-10.0, 0.0, 10.0]
        );
        assert_eq!(place(&[0.0, 100.0], &[10.0]), vec![0.0, 100.0]);
        let p = place(&[5.0, 0.0, 50.0], &[10.0, 10.0]);
        assert!(
            p[1] - p[0] >= 10.0 - 1e-9 && p[2] - p[1] >= 10.0 - 1e-9,
            "{p:?}"
        );
        assert_eq!(p[2], 50.0);
    }
}
