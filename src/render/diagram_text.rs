//! A diagram's text version, beside its drawing: a tree as a nested list, a flow as the
//! ordered list of its steps, each with where it leads; with every group, note, link label
//! and dashed link the drawing shows. Every author's word is escaped, and isolated (`<bdi>`)
//! so that a direction mark in it cannot turn the words around it.

use crate::core::escape::html;
use crate::locale::labels::fill;
use crate::model::diagrams::DiagramLayout;
use crate::model::diagrams::EdgeStyle;
use crate::plot::diagram::{Diagram, DiagramEdge, DiagramNode};
use std::fmt::Write;

/// An author's words: escaped, isolated.
fn words(text: &str) -> String {
    format!("<bdi>{}</bdi>", html(text))
}

/// The label `key` of the diagram's language as HTML, its placeholders filled with HTML.
fn label(d: &Diagram, key: &str, args: &[(&str, &str)]) -> String {
    fill(&html(d.locale.text(key)), args)
}

fn node_text(d: &Diagram, node: &DiagramNode) -> String {
    let mut s = words(&node.label);
    if let Some(g) = node.group {
        let _ = write!(
            s,
            " {}",
            label(d, "diagram_group", &[("group", &words(&d.groups[g]))])
        );
    }
    if let Some(note) = &node.note {
        let _ = write!(s, " — {}", words(note));
    }
    s
}

/// How a link reads: its label in quotes, and whether it is dashed.
fn link_text(d: &Diagram, e: &DiagramEdge) -> Option<String> {
    let dashed = e.style == EdgeStyle::Dashed;
    let quoted = |l: &str| label(d, "quoted", &[("text", &words(l))]);
    let separator = html(d.locale.text("list_separator"));
    match (&e.label, dashed) {
        (Some(l), true) => Some(format!(
            "{}{separator}{}",
            quoted(l),
            html(d.locale.text("link_dashed"))
        )),
        (Some(l), false) => Some(quoted(l)),
        (None, true) => Some(html(d.locale.text("link_dashed"))),
        (None, false) => None,
    }
}

/// The text version as HTML.
pub fn outline(d: &Diagram) -> String {
    match d.layout {
        DiagramLayout::Tree => tree(d),
        DiagramLayout::Flow => flow(d),
    }
}

fn tree(d: &Diagram) -> String {
    let children = d.children();
    let into = d.incoming();
    let mut out = String::from("<ul class=\"diagram-text\">\n");
    // (box, whether its list item is open): children are written between the two visits.
    let mut stack: Vec<(usize, bool)> = d.roots().into_iter().rev().map(|r| (r, false)).collect();
    while let Some((v, done)) = stack.pop() {
        if done {
            if !children[v].is_empty() {
                out.push_str("</ul>");
            }
            out.push_str("</li>\n");
            continue;
        }
        out.push_str("<li>");
        if let Some(link) = into[v].and_then(|e| link_text(d, &d.edges[e])) {
            let _ = write!(out, "{link}: ");
        }
        out.push_str(&node_text(d, &d.nodes[v]));
        stack.push((v, true));
        if !children[v].is_empty() {
            out.push_str("\n<ul>\n");
            stack.extend(children[v].iter().rev().map(|&c| (c, false)));
        }
    }
    out.push_str("</ul>");
    out
}

fn flow(d: &Diagram) -> String {
    let order = crate::diagram::flow::reading_order(d);
    let mut step = vec![0; d.nodes.len()];
    for (k, &v) in order.iter().enumerate() {
        step[v] = k + 1;
    }
    let mut out = String::from("<ol class=\"diagram-text\">\n");
    for &v in &order {
        let _ = write!(out, "<li>{}", node_text(d, &d.nodes[v]));
        let leads: Vec<String> = d
            .edges
            .iter()
            .filter(|e| e.from == v)
            .map(|e| {
                let mut s = label(
                    d,
                    "flow_step",
                    &[
                        ("n", &step[e.to].to_string()),
                        ("label", &words(&d.nodes[e.to].label)),
                    ],
                );
                if let Some(link) = link_text(d, e) {
                    let _ = write!(s, "{}{link}", html(d.locale.text("list_separator")));
                }
                s
            })
            .collect();
        if !leads.is_empty() {
            let list = leads.join(&html(d.locale.text("list_semicolon")));
            let _ = write!(out, ". {}", label(d, "flow_leads_to", &[("list", &list)]));
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>");
    out
}

/// The text version in one paragraph of plain text, for the PDF's alternative text: a tree
/// as nested parentheses, a flow as its numbered steps.
pub fn plain(d: &Diagram) -> String {
    let locale = &d.locale;
    let quoted = |l: &str| locale.fill("quoted", &[("text", l)]);
    let name = |v: usize| {
        let n = &d.nodes[v];
        let mut s = n.label.clone();
        if let Some(g) = n.group {
            let _ = write!(
                s,
                " {}",
                locale.fill("diagram_group", &[("group", &d.groups[g])])
            );
        }
        if let Some(note) = &n.note {
            let _ = write!(s, " — {note}");
        }
        s
    };
    let link = |e: &DiagramEdge| match (&e.label, e.style == EdgeStyle::Dashed) {
        (Some(l), true) => format!(
            "{}{}{}: ",
            quoted(l),
            locale.text("list_separator"),
            locale.text("link_dashed")
        ),
        (Some(l), false) => format!("{}: ", quoted(l)),
        (None, true) => format!("{}: ", locale.text("link_dashed")),
        (None, false) => String::new(),
    };
    let into = d.incoming();
    match d.layout {
        DiagramLayout::Tree => {
            let children = d.children();
            let mut out = String::new();
            let mut stack: Vec<(usize, usize)> =
                d.roots().into_iter().rev().map(|r| (r, 0)).collect();
            // (box, 0) writes the box; (box, 1) closes its children.
            let mut first = true;
            while let Some((v, visit)) = stack.pop() {
                if visit == 1 {
                    out.push(']');
                    continue;
                }
                if !first && !out.ends_with('[') {
                    out.push_str("; ");
                }
                first = false;
                if let Some(e) = into[v] {
                    out.push_str(&link(&d.edges[e]));
                }
                out.push_str(&name(v));
                if !children[v].is_empty() {
                    out.push_str(" [");
                    stack.push((v, 1));
                    stack.extend(children[v].iter().rev().map(|&c| (c, 0)));
                }
            }
            out
        }
        DiagramLayout::Flow => {
            let order = crate::diagram::flow::reading_order(d);
            let mut step = vec![0; d.nodes.len()];
            for (k, &v) in order.iter().enumerate() {
                step[v] = k + 1;
            }
            order
                .iter()
                .map(|&v| {
                    let leads: Vec<String> = d
                        .edges
                        .iter()
                        .filter(|e| e.from == v)
                        .map(|e| {
                            let mut s = format!("{}", step[e.to]);
                            if let Some(l) = &e.label {
                                let _ = write!(s, " ({})", quoted(l));
                            }
                            s
                        })
                        .collect();
                    let mut s = format!("{}. {}", step[v], name(v));
                    if !leads.is_empty() {
                        let list = locale.list_and(&leads);
                        let _ = write!(
                            s,
                            "{}{}",
                            locale.text("list_separator"),
                            locale.fill("flow_leads_to_plain", &[("list", &list)])
                        );
                    }
                    s.push('.');
                    s
                })
                .collect::<Vec<_>>()
                .join(" ")
        }
    }
}
