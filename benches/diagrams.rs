//! How long a 50-box diagram takes to lay out and draw to SVG (the bar: under a
//! millisecond), a tree and a flow, on the column's canvas and a phone's; and measuring its
//! labels, which resolve does once.
//!
//!     cargo bench --bench diagrams

use almanac::chart::Canvas;
use almanac::diagram::draw_svg;
use almanac::model::diagrams::{DiagramLayout, Direction, EdgeStyle};
use almanac::plot::diagram::{
    Diagram, DiagramEdge, DiagramNode, wrap_edge_label, wrap_label, wrap_note,
};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const LABELS: [&str; 5] = [
    "Ministry of Industry and Information Technology",
    "Science and Technology Department",
    "Council",
    "Several executive director units",
    "Formulation of policy documents",
];

/// Synthetic: 50 boxes; a tree where box i hangs from box (i − 1) / 3, or a flow where box i
/// leads to i + 1 and i + 3, with a label on every fifth link.
fn diagram(layout: DiagramLayout, direction: Direction) -> Diagram {
    assert!(almanac::plot::font::ensure_registered());
    let nodes = (0..50)
        .map(|i| {
            let label = format!("{} {i}", LABELS[i % LABELS.len()]);
            DiagramNode {
                id: format!("n{i}"),
                label_text: wrap_label(&label),
                label,
                group: Some(i % 3),
                note: (i % 7 == 0).then(|| "A short note".to_string()),
                note_text: (i % 7 == 0).then(|| wrap_note("A short note")),
            }
        })
        .collect();
    let pairs: Vec<(usize, usize)> = match layout {
        DiagramLayout::Tree => (1..50).map(|i| ((i - 1) / 3, i)).collect(),
        DiagramLayout::Flow => (0..50)
            .flat_map(|i| [(i, i + 1), (i, i + 3)])
            .filter(|&(_, b)| b < 50)
            .collect(),
    };
    let edges = pairs
        .into_iter()
        .enumerate()
        .map(|(k, (from, to))| {
            let label = (k % 5 == 0).then(|| "if approved".to_string());
            DiagramEdge {
                from,
                to,
                label_text: label.as_deref().map(wrap_edge_label),
                label,
                style: EdgeStyle::Solid,
            }
        })
        .collect();
    Diagram {
        layout,
        direction,
        nodes,
        edges,
        groups: vec!["A".into(), "B".into(), "C".into()],
        locale: Default::default(),
    }
}

fn diagrams(c: &mut Criterion) {
    for (name, layout, direction) in [
        ("tree", DiagramLayout::Tree, Direction::Right),
        ("flow (down)", DiagramLayout::Flow, Direction::Down),
        // Too wide left to right for the column: turned down after one try.
        ("flow (right)", DiagramLayout::Flow, Direction::Right),
    ] {
        let d = diagram(layout, direction);
        for (canvas_name, canvas) in [("wide", Canvas::Wide), ("narrow", Canvas::Narrow)] {
            c.bench_function(&format!("diagram {name} of 50 boxes, {canvas_name}"), |b| {
                b.iter(|| draw_svg(black_box(&d), "fig-bench", "Bench", canvas))
            });
        }
    }
    c.bench_function("measure 50 labels", |b| {
        b.iter(|| {
            (0..50)
                .map(|i| wrap_label(black_box(LABELS[i % LABELS.len()])).lines.len())
                .sum::<usize>()
        })
    });
}

criterion_group!(benches, diagrams);
criterion_main!(benches);
