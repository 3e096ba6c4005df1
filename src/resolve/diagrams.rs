//! Checking a diagram (`type: diagram`): its boxes and links, a tree's shape, and that every
//! text fits where it is drawn; the result is a [`Diagram`] for drawing.

use crate::core::code::Code;
use crate::core::diagnostic::{Diagnostic, did_you_mean};
use crate::load::yaml::{Seg, Target, locate_in, place_at};
use crate::model::diagrams::{DiagramLayout, Direction, EdgeStyle};
use crate::model::value::Scalar;
use crate::model::{ChartSpec, DataFile};
use crate::plot::diagram::{
    self, Diagram, DiagramEdge, DiagramNode, EDGE_LABEL_MAX_LINES, EDGE_LABEL_MAX_WIDTH,
    GROUP_MAX_WIDTH, LABEL_MAX_LINES, MAX_EDGES, MAX_GROUPS, MAX_NODES, NODE_TEXT_WIDTH,
    NOTE_MAX_LINES, Wrapped,
};
use crate::plot::text::{LABEL_SIZE, TICK_SIZE};
use std::collections::HashMap;

struct Check<'a> {
    file: &'a DataFile<ChartSpec>,
    /// The edition's language, which the diagram's description is written in.
    locale: &'a crate::locale::Locale,
    diags: Vec<Diagnostic>,
}

impl Check<'_> {
    fn error(
        &mut self,
        code: Code,
        message: String,
        help: String,
        path: &[Seg<'_>],
        target: Target,
    ) {
        let d = Diagnostic::error(code, message).with_help(help);
        self.diags.push(place_at(d, &self.file.file, path, target));
    }
}

/// The text of a value where text belongs, when it shows something; `None` for nothing (or
/// only spaces and invisible characters), a list or a mapping. A number or true/false is text
/// too: its YAML value, which `written` reads as written where it can.
fn text_of(value: &Scalar) -> Option<String> {
    match value {
        Scalar::String(_) | Scalar::Number(_) | Scalar::Bool(_) => {
            let t = value.raw_text().trim().to_string();
            crate::plot::text::is_visible(&t).then_some(t)
        }
        Scalar::Tagged(inner) => text_of(inner),
        Scalar::Null | Scalar::Other(_) => None,
    }
}

impl Check<'_> {
    /// The text of the value at `path` where text belongs: a number as its file writes it
    /// (`2.50`, `0x1F`, `1e3`, not the number YAML reads), `Err` (reported) for a list or a
    /// mapping, `Ok(None)` for nothing.
    fn text(
        &mut self,
        value: Option<&Scalar>,
        path: &[Seg<'_>],
        what: &str,
    ) -> Result<Option<String>, ()> {
        let Some(value) = value else { return Ok(None) };
        if let Scalar::Other(_) = value {
            self.error(
                Code::Diagram,
                format!("{what} is text, not {}", value.describe()),
                "write it as one line of text".into(),
                path,
                Target::Value,
            );
            return Err(());
        }
        let mut inner = value;
        while let Scalar::Tagged(v) = inner {
            inner = v;
        }
        if let Scalar::Number(_) = inner
            && let Some(t) = self.written(path)
        {
            return Ok(Some(t));
        }
        Ok(text_of(value))
    }

    /// A plain scalar as its file writes it, from its first character to the end of its line
    /// or its flow item.
    fn written(&self, path: &[Seg<'_>]) -> Option<String> {
        let p = locate_in(&self.file.file, path, Target::Value)?;
        let line = self.file.file.text.lines().nth(p.line.checked_sub(1)?)?;
        let rest: String = line.chars().skip(p.column.checked_sub(1)?).collect();
        let end = rest.find([',', '}', ']', '#']).unwrap_or(rest.len());
        let t = rest[..end].trim();
        (!t.is_empty() && !t.starts_with(['"', '\'', '&', '*', '!', '[', '{']))
            .then(|| t.to_string())
    }
}

/// Checks the diagram of `file`: the diagram when it can be drawn, and every problem found.
pub fn resolve_diagram(
    file: &DataFile<ChartSpec>,
    locale: &crate::locale::Locale,
) -> (Option<Diagram>, Vec<Diagnostic>) {
    let mut c = Check {
        file,
        locale,
        diags: Vec::new(),
    };
    let diagram = check(&mut c);
    (diagram.filter(|_| c.diags.is_empty()), c.diags)
}

/// The keys of a chart that a diagram has no use for.
fn chart_keys(spec: &ChartSpec) -> Vec<&'static str> {
    let mut keys = Vec::new();
    let present = [
        ("series", !spec.series.is_empty()),
        ("categories", !spec.categories.is_empty()),
        ("from", spec.from.is_some()),
        ("x", spec.x.is_some()),
        ("x_label", spec.x_label.is_some()),
        ("y_label", spec.y_label.is_some()),
        ("y_right_label", spec.y_right_label.is_some()),
        ("orientation", spec.orientation.is_some()),
        ("sort", spec.sort.is_some()),
        ("palette", spec.palette.is_some()),
        ("labels", spec.labels.is_some()),
        ("reference", !spec.reference.is_empty()),
        ("annotations", !spec.annotations.is_empty()),
        ("small_multiples", spec.small_multiples),
    ];
    for (key, is) in present {
        if is {
            keys.push(key);
        }
    }
    keys
}

fn check(c: &mut Check<'_>) -> Option<Diagram> {
    let spec = &c.file.spec;
    for key in chart_keys(spec) {
        c.error(
            Code::Diagram,
            format!("a diagram has no `{key}`: it is drawn from `nodes` and `edges`"),
            "remove it, or make this figure a chart (type: bar, line, …)".into(),
            &[Seg::Key(key)],
            Target::Key,
        );
    }
    let Some(layout) = spec.layout else {
        c.error(
            Code::Diagram,
            "a diagram needs a `layout`".into(),
            "add `layout: tree` (each box above the boxes it leads to, as an organisation chart) or `layout: flow` (the steps of a process)".into(),
            &[Seg::Key("type")],
            Target::Key,
        );
        return None;
    };
    if layout == DiagramLayout::Tree && spec.direction.is_some() {
        c.error(
            Code::Diagram,
            "a tree is drawn from the top down: `direction` is for a flow".into(),
            "remove `direction`, or make it `layout: flow`".into(),
            &[Seg::Key("direction")],
            Target::Key,
        );
    }
    if layout == DiagramLayout::Flow && spec.several_roots {
        c.error(
            Code::Diagram,
            "`several_roots` is for a tree; a flow may start anywhere".into(),
            "remove `several_roots`".into(),
            &[Seg::Key("several_roots")],
            Target::Key,
        );
    }
    if spec.nodes.is_empty() {
        // At `nodes:` when it is written empty, else at the layout that wants boxes.
        let key = if locate_in(&c.file.file, &[Seg::Key("nodes")], Target::Key).is_some() {
            "nodes"
        } else {
            "layout"
        };
        c.error(
            Code::Diagram,
            "this diagram has no boxes".into(),
            "add `nodes:`, each with an `id` and a `label`".into(),
            &[Seg::Key(key)],
            Target::Key,
        );
        return None;
    }
    if spec.nodes.len() > MAX_NODES || spec.edges.len() > MAX_EDGES {
        c.error(
            Code::Diagram,
            format!(
                "this diagram has {} boxes and {} links: more than a reader can follow in one figure (at most {MAX_NODES} and {MAX_EDGES})",
                spec.nodes.len(),
                spec.edges.len()
            ),
            "split it into several figures".into(),
            &[Seg::Key(if spec.nodes.len() > MAX_NODES { "nodes" } else { "edges" })],
            Target::Key,
        );
        return None;
    }

    // Boxes: ids, labels, groups, notes.
    let mut nodes: Vec<DiagramNode> = Vec::with_capacity(spec.nodes.len());
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut groups: Vec<String> = Vec::new();
    // Where each box kept is written in `nodes`, for locating its errors.
    let mut written: Vec<usize> = Vec::with_capacity(spec.nodes.len());
    for (i, n) in spec.nodes.iter().enumerate() {
        let at = |key| vec![Seg::Key("nodes"), Seg::Index(i), Seg::Key(key)];
        let id = match c.text(n.id.as_ref(), &at("id"), "a box's `id`") {
            Ok(Some(id)) => id,
            Err(()) => continue,
            Ok(None) => {
                c.error(
                    Code::Diagram,
                    "this box has no `id`".into(),
                    "give it an `id` (one word, unique in the diagram) for the links to name it"
                        .into(),
                    &[Seg::Key("nodes"), Seg::Index(i)],
                    Target::Value,
                );
                continue;
            }
        };
        if let Some(&first) = by_id.get(&id) {
            let line = locate_in(
                &c.file.file,
                &[Seg::Key("nodes"), Seg::Index(first), Seg::Key("id")],
                Target::Value,
            )
            .map_or(0, |p| p.line);
            c.error(
                Code::Diagram,
                format!("two boxes have the id `{id}`"),
                format!("the first is at line {line}: give each box its own id"),
                &at("id"),
                Target::Value,
            );
            continue;
        }
        // A box without a label is an error, but it stays, so that its links are not called
        // links to nowhere.
        let label = match c.text(n.label.as_ref(), &at("label"), "a box's `label`") {
            Ok(Some(l)) => l,
            Err(()) => String::new(),
            Ok(None) => {
                let place = if n.label.is_some() {
                    at("label")
                } else {
                    at("id")
                };
                c.error(
                    Code::DiagramLabel,
                    format!("the box `{id}` has no label"),
                    "add `label:` with the words the box shows".into(),
                    &place,
                    Target::Value,
                );
                String::new()
            }
        };
        let label_text = diagram::wrap_label(&label);
        check_fit(c, &label_text, &LABEL_ROOM, &at("label"));
        let note = c
            .text(n.note.as_ref(), &at("note"), "a box's `note`")
            .ok()
            .flatten();
        let note_text = note.as_deref().map(diagram::wrap_note);
        if let Some(w) = &note_text {
            check_fit(c, w, &NOTE_ROOM, &at("note"));
        }
        let group = match c.text(n.group.as_ref(), &at("group"), "a box's `group`") {
            Ok(Some(g)) => {
                check_fit(c, &diagram::wrap_group(&g), &GROUP_ROOM, &at("group"));
                Some(groups.iter().position(|x| *x == g).unwrap_or_else(|| {
                    groups.push(g);
                    groups.len() - 1
                }))
            }
            _ => None,
        };
        if groups.len() > MAX_GROUPS && group == Some(MAX_GROUPS) {
            c.error(
                Code::Diagram,
                format!("this is the diagram's group number {}: its colours tell at most {MAX_GROUPS} apart", MAX_GROUPS + 1),
                "use fewer groups, or say the rest in the labels or notes".into(),
                &at("group"),
                Target::Value,
            );
        }
        by_id.insert(id.clone(), nodes.len());
        written.push(i);
        nodes.push(DiagramNode {
            id,
            label,
            group,
            note,
            label_text,
            note_text,
        });
    }
    // Links.
    let mut edges: Vec<DiagramEdge> = Vec::with_capacity(spec.edges.len());
    let mut seen: HashMap<(usize, usize), usize> = HashMap::new();
    let ids: Vec<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
    // Edge index in `edges` → its index as written.
    let mut edge_written: Vec<usize> = Vec::with_capacity(spec.edges.len());
    for (i, e) in spec.edges.iter().enumerate() {
        let at = |key| vec![Seg::Key("edges"), Seg::Index(i), Seg::Key(key)];
        let end = |c: &mut Check<'_>, key: &'static str, value: &Option<Scalar>| -> Option<usize> {
            let name = match c.text(value.as_ref(), &at(key), &format!("a link's `{key}`")) {
                Ok(Some(name)) => Some(name),
                Err(()) => return None,
                Ok(None) => None,
            };
            let Some(name) = name else {
                c.error(
                    Code::Diagram,
                    format!("this link has no `{key}`"),
                    format!("give `{key}:` the id of a box"),
                    &[Seg::Key("edges"), Seg::Index(i)],
                    Target::Value,
                );
                return None;
            };
            match by_id.get(&name) {
                Some(&k) => Some(k),
                None => {
                    let help = match did_you_mean(&name, ids.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None if ids.len() <= 12 => format!("the boxes are: {}", ids.join(", ")),
                        None => "use the `id` of one of the diagram's boxes".into(),
                    };
                    c.error(
                        Code::Diagram,
                        format!("no box of this diagram has the id `{name}`"),
                        help,
                        &at(key),
                        Target::Value,
                    );
                    None
                }
            }
        };
        let from = end(c, "from", &e.from);
        let to = end(c, "to", &e.to);
        let (Some(from), Some(to)) = (from, to) else {
            continue;
        };
        if from == to {
            c.error(
                Code::Diagram,
                format!("this link leads from `{}` back to itself", ids[from]),
                "remove it: a link joins two different boxes".into(),
                &at("to"),
                Target::Value,
            );
            continue;
        }
        if let Some(&first) = seen.get(&(from, to)) {
            let line = locate_in(
                &c.file.file,
                &[Seg::Key("edges"), Seg::Index(first)],
                Target::Value,
            )
            .map_or(0, |p| p.line);
            c.error(
                Code::Diagram,
                format!(
                    "the link from `{}` to `{}` is written twice",
                    ids[from], ids[to]
                ),
                format!("remove one (the first is at line {line})"),
                &at("to"),
                Target::Value,
            );
            continue;
        }
        seen.insert((from, to), i);
        let label = c
            .text(e.label.as_ref(), &at("label"), "a link's `label`")
            .ok()
            .flatten();
        let label_text = label.as_deref().map(diagram::wrap_edge_label);
        if let Some(w) = &label_text {
            check_fit(c, w, &EDGE_LABEL_ROOM, &at("label"));
        }
        edge_written.push(i);
        edges.push(DiagramEdge {
            from,
            to,
            label,
            label_text,
            style: e.style.unwrap_or(EdgeStyle::Solid),
        });
    }
    let d = Diagram {
        layout,
        direction: spec.direction.unwrap_or(Direction::Right),
        nodes,
        edges,
        groups,
        locale: c.locale.clone(),
    };
    // A tree's shape is checked over the boxes and links that are sound, unless a box or link
    // is missing (then its shape would be misread); a label too long does not hide it.
    if layout == DiagramLayout::Tree && c.diags.iter().all(|d| d.code == Code::DiagramLabel) {
        check_tree(c, &d, &written, &edge_written);
    }
    Some(d)
}

/// Where a text must fit: its name in messages, its size, its width and lines.
struct Room {
    what: &'static str,
    size: f64,
    width: f64,
    lines: usize,
    help: &'static str,
}

const LABEL_ROOM: Room = Room {
    what: "label",
    size: LABEL_SIZE,
    width: NODE_TEXT_WIDTH,
    lines: LABEL_MAX_LINES,
    help: "shorten it, and move the detail to the box's `note` or the figure's `notes`",
};
const NOTE_ROOM: Room = Room {
    what: "note",
    size: TICK_SIZE,
    width: NODE_TEXT_WIDTH,
    lines: NOTE_MAX_LINES,
    help: "shorten it, and move the detail to the figure's `notes`",
};
const EDGE_LABEL_ROOM: Room = Room {
    what: "link's label",
    size: TICK_SIZE,
    width: EDGE_LABEL_MAX_WIDTH,
    lines: EDGE_LABEL_MAX_LINES,
    help: "shorten it to a few words, and say the rest in the figure's `notes`",
};

const GROUP_ROOM: Room = Room {
    what: "group's name",
    size: TICK_SIZE,
    width: GROUP_MAX_WIDTH,
    lines: 1,
    help: "shorten it: the legend shows it on one line beside its colour",
};

/// Reports `w` at `path` if it does not fit its room.
fn check_fit(c: &mut Check<'_>, w: &Wrapped, room: &Room, path: &[Seg<'_>]) {
    if w.fits(room.width, room.lines) {
        return;
    }
    let wide = w
        .lines
        .iter()
        .find(|l| f64::from(crate::plot::text::width(l, room.size)) > room.width);
    let message = match wide {
        Some(word) => {
            // A word of a megabyte is named by its start.
            let shown: String = word.chars().take(40).collect();
            let more = if shown.len() < word.len() { "…" } else { "" };
            format!(
                "a word of this {} is too wide for its box: `{shown}{more}`",
                room.what
            )
        }
        None => format!(
            "this {} takes {} lines: at most {} fit in its box",
            room.what,
            w.lines.len(),
            room.lines
        ),
    };
    c.error(
        Code::DiagramLabel,
        message,
        room.help.to_string(),
        path,
        Target::Value,
    );
}

/// A tree: one parent per box, no circle, one top box (unless `several_roots`). Every box
/// with a second parent and every circle is reported, each once.
fn check_tree(c: &mut Check<'_>, d: &Diagram, written: &[usize], edge_written: &[usize]) {
    let edge_at = |i: usize, key| {
        vec![
            Seg::Key("edges"),
            Seg::Index(edge_written[i]),
            Seg::Key(key),
        ]
    };
    let mut parent: Vec<Option<usize>> = vec![None; d.nodes.len()];
    for (i, e) in d.edges.iter().enumerate() {
        if let Some(first) = parent[e.to] {
            c.error(
                Code::Diagram,
                format!(
                    "`{}` has two parents in this tree: `{}` and `{}`",
                    d.nodes[e.to].id,
                    d.nodes[d.edges[first].from].id,
                    d.nodes[e.from].id
                ),
                "in a tree each box hangs from one box: remove one of the links, or draw it as `layout: flow`".into(),
                &edge_at(i, "to"),
                Target::Value,
            );
            continue;
        }
        parent[e.to] = Some(i);
    }
    // Each box climbs to its root; a box that climbs back to itself is on a circle.
    // 0: not seen; 1: on the current climb; 2: done.
    let mut state = vec![0u8; d.nodes.len()];
    let mut circles = 0;
    for start in 0..d.nodes.len() {
        let mut path = Vec::new();
        let mut v = start;
        while state[v] == 0 {
            state[v] = 1;
            path.push(v);
            match parent[v] {
                Some(e) => v = d.edges[e].from,
                None => break,
            }
        }
        if state[v] == 1
            && parent[v].is_some()
            && let Some(at) = path.iter().position(|&x| x == v)
        {
            let circle = &path[at..];
            // Reported at the link that closes it: the last written.
            if let Some(closing) = circle.iter().filter_map(|&x| parent[x]).max() {
                let names: Vec<&str> = circle
                    .iter()
                    .rev()
                    .map(|&x| d.nodes[x].id.as_str())
                    .collect();
                c.error(
                    Code::Diagram,
                    format!(
                        "these links go round in a circle, which a tree cannot draw: {} → {}",
                        names.join(" → "),
                        names[0]
                    ),
                    "remove the link that leads back up, or draw it as `layout: flow`".into(),
                    &edge_at(closing, "to"),
                    Target::Value,
                );
                circles += 1;
            }
        }
        for x in path {
            state[x] = 2;
        }
    }
    let roots: Vec<usize> = (0..d.nodes.len())
        .filter(|&v| parent[v].is_none())
        .collect();
    if circles == 0 && roots.len() > 1 && !c.file.spec.several_roots {
        let names: Vec<&str> = roots.iter().map(|&r| d.nodes[r].id.as_str()).collect();
        c.error(
            Code::Diagram,
            format!(
                "this tree has {} top boxes: {}",
                roots.len(),
                names.join(", ")
            ),
            "link them under one box, or write `several_roots: true` to draw them side by side"
                .into(),
            &[
                Seg::Key("nodes"),
                Seg::Index(written[roots[1]]),
                Seg::Key("id"),
            ],
            Target::Value,
        );
    }
}
