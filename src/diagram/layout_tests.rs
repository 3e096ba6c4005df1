//! Diagrams measured box by box: on both canvases, for trees and flows written by hand and
//! generated (seeded), no two boxes overlap, no label overlaps a box or another label, every
//! link starts and ends at its boxes and crosses no other box, a tree's children are below
//! their parent, and everything lies inside the picture.

use super::*;
use crate::model::diagrams::EdgeStyle;
use crate::plot::diagram::{DiagramEdge, DiagramNode, wrap_edge_label, wrap_label, wrap_note};

fn build(
    layout: DiagramLayout,
    direction: Direction,
    labels: &[&str],
    edges: &[(usize, usize, Option<&str>)],
) -> Diagram {
    assert!(crate::plot::font::ensure_registered());
    let nodes = labels
        .iter()
        .enumerate()
        .map(|(i, l)| DiagramNode {
            id: format!("n{i}"),
            label: l.to_string(),
            group: (i % 3 == 0).then_some(0),
            note: (i % 4 == 1).then(|| "A note of a few words".to_string()),
            label_text: wrap_label(l),
            note_text: (i % 4 == 1).then(|| wrap_note("A note of a few words")),
        })
        .collect();
    let edges = edges
        .iter()
        .map(|&(from, to, label)| DiagramEdge {
            from,
            to,
            label: label.map(String::from),
            label_text: label.map(wrap_edge_label),
            style: if (from + to) % 2 == 0 {
                EdgeStyle::Dashed
            } else {
                EdgeStyle::Solid
            },
        })
        .collect();
    Diagram {
        layout,
        direction,
        nodes,
        edges,
        groups: vec!["Group".into()],
        locale: Default::default(),
    }
}

/// A small deterministic generator (xorshift), so that failures can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self, below: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % below.max(1) as u64) as usize
    }
}

const WORDS: [&str; 10] = [
    "Ministry",
    "of",
    "Industry",
    "and",
    "Information",
    "Technology",
    "council",
    "review",
    "department",
    "innovation",
];

fn label(rng: &mut Rng) -> String {
    let n = 1 + rng.next(7);
    (0..n)
        .map(|_| WORDS[rng.next(WORDS.len())])
        .collect::<Vec<_>>()
        .join(" ")
}

fn random_tree(seed: u64, n: usize) -> Diagram {
    let mut rng = Rng(seed);
    let labels: Vec<String> = (0..n).map(|_| label(&mut rng)).collect();
    let refs: Vec<&str> = labels.iter().map(String::as_str).collect();
    let edges: Vec<(usize, usize, Option<&str>)> = (1..n)
        .map(|i| {
            let parent = rng.next(i);
            (parent, i, (rng.next(4) == 0).then_some("reports to"))
        })
        .collect();
    build(DiagramLayout::Tree, Direction::Right, &refs, &edges)
}

fn random_flow(seed: u64, n: usize, direction: Direction, cycles: bool) -> Diagram {
    let mut rng = Rng(seed);
    let labels: Vec<String> = (0..n).map(|_| label(&mut rng)).collect();
    let refs: Vec<&str> = labels.iter().map(String::as_str).collect();
    let mut edges: Vec<(usize, usize, Option<&str>)> = Vec::new();
    for _ in 0..n + n / 2 {
        let a = rng.next(n);
        let b = rng.next(n);
        let (a, b) = if cycles || a < b { (a, b) } else { (b, a) };
        if a != b && !edges.iter().any(|e| e.0 == a && e.1 == b) {
            let l = match rng.next(5) {
                0 => Some("if approved by the minister"),
                1 => Some("or"),
                _ => None,
            };
            edges.push((a, b, l));
        }
    }
    build(DiagramLayout::Flow, direction, &refs, &edges)
}

fn inside(r: &Rect, w: f64, h: f64) -> bool {
    r.x >= -0.01 && r.y >= -0.01 && r.x + r.w <= w + 0.01 && r.y + r.h <= h + 0.01
}

fn shrunk(r: &Rect, by: f64) -> Rect {
    Rect {
        x: r.x + by,
        y: r.y + by,
        w: (r.w - 2.0 * by).max(0.0),
        h: (r.h - 2.0 * by).max(0.0),
    }
}

fn contains(r: &Rect, (x, y): (f64, f64)) -> bool {
    x > r.x && x < r.x + r.w && y > r.y && y < r.y + r.h
}

/// Points along a route as drawn, curves sampled.
fn samples(route: &Route) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    for pair in route.points.windows(2) {
        let ((ax, ay), (bx, by)) = (pair[0], pair[1]);
        let (c1, c2) = match route.joins {
            Joins::CurvesAcross => (((ax + bx) / 2.0, ay), ((ax + bx) / 2.0, by)),
            Joins::CurvesDown => ((ax, (ay + by) / 2.0), (bx, (ay + by) / 2.0)),
            Joins::Lines => ((ax, ay), (bx, by)),
        };
        for k in 0..=32 {
            let t = f64::from(k) / 32.0;
            let u = 1.0 - t;
            let x =
                u * u * u * ax + 3.0 * u * u * t * c1.0 + 3.0 * u * t * t * c2.0 + t * t * t * bx;
            let y =
                u * u * u * ay + 3.0 * u * u * t * c1.1 + 3.0 * u * t * t * c2.1 + t * t * t * by;
            out.push((x, y));
        }
    }
    out
}

fn on_border(r: &Rect, (x, y): (f64, f64)) -> bool {
    let near = |a: f64, b: f64| (a - b).abs() < 0.01;
    let within = |v: f64, lo: f64, hi: f64| v >= lo - 0.01 && v <= hi + 0.01;
    ((near(x, r.x) || near(x, r.x + r.w)) && within(y, r.y, r.y + r.h))
        || ((near(y, r.y) || near(y, r.y + r.h)) && within(x, r.x, r.x + r.w))
}

fn assert_sound(d: &Diagram, l: &Layout, what: &str) {
    let n = l.nodes.len();
    assert_eq!(n, d.nodes.len(), "{what}");
    for (i, a) in l.nodes.iter().enumerate() {
        assert!(
            inside(a, l.width, l.height),
            "{what}: box {i} {a:?} outside {}×{}",
            l.width,
            l.height
        );
        for (j, b) in l.nodes.iter().enumerate().skip(i + 1) {
            assert!(
                !a.overlaps(b),
                "{what}: boxes {i} and {j} overlap: {a:?} {b:?}"
            );
        }
    }
    let labels: Vec<Rect> = l
        .routes
        .iter()
        .filter_map(|r| r.label.map(|a| a.rect))
        .collect();
    assert_eq!(
        labels.len(),
        d.edges.iter().filter(|e| e.label.is_some()).count(),
        "{what}: every label is placed"
    );
    for (i, a) in labels.iter().enumerate() {
        assert!(inside(a, l.width, l.height), "{what}: label {a:?} outside");
        for b in &l.nodes {
            assert!(!a.overlaps(b), "{what}: label {a:?} on box {b:?}");
        }
        for b in labels.iter().skip(i + 1) {
            assert!(!a.overlaps(b), "{what}: labels overlap: {a:?} {b:?}");
        }
    }
    assert_eq!(l.routes.len(), d.edges.len(), "{what}");
    for route in &l.routes {
        let e = &d.edges[route.edge];
        let (first, last) = (route.points[0], route.points[route.points.len() - 1]);
        assert!(
            on_border(&l.nodes[e.from], first),
            "{what}: link {} leaves {first:?}, not its box {:?}",
            route.edge,
            l.nodes[e.from]
        );
        assert!(
            on_border(&l.nodes[e.to], last),
            "{what}: link {} ends at {last:?}, not its box {:?}",
            route.edge,
            l.nodes[e.to]
        );
        for p in samples(route) {
            for (k, b) in l.nodes.iter().enumerate() {
                if k != e.from && k != e.to {
                    assert!(
                        !contains(&shrunk(b, 1.0), p),
                        "{what}: link {} ({}→{}) crosses box {k} at {p:?}",
                        route.edge,
                        e.from,
                        e.to
                    );
                }
            }
        }
    }
}

#[test]
fn hand_written_trees_and_flows_are_sound() {
    let ministries = build(
        DiagramLayout::Tree,
        Direction::Right,
        &[
            "State Council",
            "Ministry of Science and Technology (MOST)",
            "Ministry of Industry and Information Technology (MIIT)",
            "Science and Technology Department",
            "National Defense Science and Technology Industry Bureau",
            "State Tobacco Monopoly Administration",
        ],
        &[
            (0, 1, Some("includes its head")),
            (0, 2, Some("includes its head")),
            (2, 3, None),
            (2, 4, Some("manages")),
            (2, 5, None),
        ],
    );
    let council = build(
        DiagramLayout::Tree,
        Direction::Right,
        &[
            "MIIT",
            "Alliance",
            "Council",
            "1–2 chairmen",
            "Several vice chairmen",
            "1 executive chairman",
            "5–8 chairman units",
            "Several executive director units",
            "Several director units",
        ],
        &[
            (0, 1, Some("guidance")),
            (1, 2, None),
            (2, 3, None),
            (2, 4, Some("elected")),
            (2, 5, None),
            (2, 6, None),
            (2, 7, None),
            (2, 8, None),
        ],
    );
    let process = build(
        DiagramLayout::Flow,
        Direction::Right,
        &[
            "Research",
            "Formulation",
            "Implementation",
            "Supervision",
            "Evaluation",
            "Feedback",
            "Modification",
            "Exit",
        ],
        &[
            (0, 1, None),
            (1, 2, None),
            (2, 3, None),
            (3, 4, None),
            (4, 5, None),
            (5, 6, None),
            (6, 2, Some("back to")),
            (6, 7, None),
        ],
    );
    for (name, d) in [
        ("ministries", &ministries),
        ("council", &council),
        ("process", &process),
    ] {
        for canvas in [Canvas::Wide, Canvas::Print, Canvas::Narrow] {
            let (drawn, l) = laid_out(d, canvas);
            assert_sound(&drawn, &l, &format!("{name} on {canvas:?}"));
        }
        for direction in [Direction::Right, Direction::Down] {
            if d.layout == DiagramLayout::Flow {
                assert_sound(
                    d,
                    &flow::layered(d, direction),
                    &format!("{name} {direction:?}"),
                );
            } else {
                assert_sound(d, &tree::tidy(d), &format!("{name} tidy"));
                assert_sound(d, &tree::indented(d), &format!("{name} indented"));
            }
        }
    }
    // The council's six members, none with members of its own, stand in a column.
    let l = tree::tidy(&council);
    let xs: Vec<f64> = (3..9).map(|i| l.nodes[i].x).collect();
    assert!(xs.iter().all(|x| *x == xs[0]), "{xs:?}");
    assert!((4..9).all(|i| l.nodes[i].y > l.nodes[i - 1].y + l.nodes[i - 1].h));
}

#[test]
fn generated_trees_are_sound() {
    for seed in 1..=60u64 {
        let d = random_tree(seed * 7919, 1 + (seed as usize % 50));
        for (name, l) in [
            ("tidy", tree::tidy(&d)),
            ("indented", tree::indented(&d)),
            ("wide", laid_out(&d, Canvas::Wide).1),
            ("narrow", laid_out(&d, Canvas::Narrow).1),
        ] {
            assert_sound(&d, &l, &format!("tree {seed} {name}"));
            // Children below their parent.
            for e in &d.edges {
                assert!(
                    l.nodes[e.to].y > l.nodes[e.from].y,
                    "tree {seed} {name}: {e:?}"
                );
            }
        }
    }
}

#[test]
fn generated_flows_are_sound() {
    for seed in 1..=60u64 {
        for direction in [Direction::Right, Direction::Down] {
            let d = random_flow(
                seed * 104_729,
                2 + (seed as usize % 49),
                direction,
                seed % 3 == 0,
            );
            let l = flow::layered(&d, direction);
            assert_sound(&d, &l, &format!("flow {seed} {direction:?}"));
            for canvas in [Canvas::Wide, Canvas::Print, Canvas::Narrow] {
                let (drawn, l) = laid_out(&d, canvas);
                assert_sound(
                    &drawn,
                    &l,
                    &format!("flow {seed} {direction:?} on {canvas:?}"),
                );
            }
        }
    }
}

#[test]
fn the_same_diagram_draws_the_same_bytes_and_speaks() {
    let d = random_flow(42, 30, Direction::Right, true);
    let a = draw_svg(&d, "fig-x", "Steps <&>", Canvas::Wide);
    assert_eq!(a, draw_svg(&d, "fig-x", "Steps <&>", Canvas::Wide));
    assert!(a.starts_with("<svg class=\"chart diagram\" viewBox=\"0 0 "));
    assert!(
        a.contains("role=\"img\"")
            && a.contains("<title id=\"fig-x-svg-title\">Steps &lt;&amp;&gt;</title>")
    );
    assert!(a.contains("<desc id=\"fig-x-svg-desc\">Flow diagram of 30 steps"));
    assert!(a.contains("marker-end=\"url(#fig-x-arrow)\"") && a.contains("stroke-dasharray"));
    let t = random_tree(42, 30);
    assert_eq!(
        draw_svg(&t, "t", "T", Canvas::Narrow),
        draw_svg(&t, "t", "T", Canvas::Narrow)
    );
    assert!(
        !draw_svg(&t, "t", "T", Canvas::Wide).contains("marker-end"),
        "a tree's connectors have no arrowheads"
    );
}

#[test]
fn markup_in_a_label_stays_text() {
    let d = build(
        DiagramLayout::Flow,
        Direction::Right,
        &["<script>alert(1)</script>", "A & B \u{7}"],
        &[(0, 1, Some("\"quoted\" <b>"))],
    );
    let svg = draw_svg(&d, "f", "t", Canvas::Wide);
    assert!(
        !svg.contains("<script") && !svg.contains("<b>") && !svg.contains('\u{7}'),
        "{svg}"
    );
    assert!(svg.contains("&lt;script&gt;") && svg.contains("A &amp; B"));
}

#[test]
fn a_wide_tree_is_drawn_indented_and_fits() {
    // Twelve children, each with a child of its own: too wide side by side.
    let labels: Vec<String> = (0..25).map(|i| format!("Directorate number {i}")).collect();
    let refs: Vec<&str> = labels.iter().map(String::as_str).collect();
    let mut edges = Vec::new();
    for i in 1..13 {
        edges.push((0, i, None));
        edges.push((i, i + 12, None));
    }
    let d = build(DiagramLayout::Tree, Direction::Right, &refs, &edges);
    assert!(tree::tidy(&d).width > WIDE_WIDTH * SLACK);
    let l = laid_out(&d, Canvas::Wide).1;
    assert!(l.width <= WIDE_WIDTH, "{}", l.width);
    assert_eq!(l, tree::indented(&d));
}
