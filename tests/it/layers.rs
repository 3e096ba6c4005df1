//! The modules form layers: each imports only from its own layer or the ones below, read off
//! the `crate::…` paths of every source file. A new module must be given a layer here, so a
//! newcomer's first question, where does this go and what may it touch, has one answer.

use std::path::Path;

/// The library's top-level modules, lowest layer first; modules of one layer may use each
/// other. The binary (`main.rs`, `cli/`) is above them all.
const LAYERS: &[&[&str]] = &[
    // diagnostics, source files, escaping, names, numbers with their digits
    &["core"],
    // a language: almanac's words, numbers, dates and plural forms (CLDR through ICU4X)
    &["locale"],
    // the Markdown dialect, its extensions, scanning, and the one safety policy
    &["markdown", "cite"],
    &["model"],
    &["plot"],
    &["load"],
    &["resolve"],
    &["chart", "diagram"],
    &["diff"],
    &["render"],
    &["write"],
    &["cache", "init", "new_edition", "page_cache", "pipeline"],
    &["serve"],
];
fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// Each `crate::name` a line of Rust names, outside comments.
fn crate_paths(line: &str) -> Vec<&str> {
    let code = line.split("//").next().unwrap_or("");
    code.match_indices("crate::")
        .filter(|(i, _)| {
            // `almanac::` or `$crate::` are not this crate's paths.
            *i == 0
                || !code.as_bytes()[i - 1].is_ascii_alphanumeric() && code.as_bytes()[i - 1] != b'$'
        })
        .map(|(i, m)| {
            let rest = &code[i + m.len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .collect()
}

/// Every `.rs` file under `dir`, with its path relative to `src/`.
fn sources(dir: &Path, src: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources(&path, src, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path
                .strip_prefix(src)
                .expect("under src")
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, std::fs::read_to_string(&path).expect("UTF-8 source")));
        }
    }
}

#[test]
fn every_module_imports_only_from_its_layer_or_below() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &src, &mut files);
    assert!(files.len() > 20, "the sources were found");
    let mut wrong = Vec::new();
    for (rel, text) in &files {
        let top = rel.split('/').next().unwrap_or("").trim_end_matches(".rs");
        if matches!(top, "lib" | "main" | "cli") {
            continue;
        }
        let Some(own) = layer_of(top) else {
            wrong.push(format!(
                "{rel}: the module `{top}` has no layer in tests/it/layers.rs"
            ));
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            for used in crate_paths(line) {
                match layer_of(used) {
                    Some(l) if l > own => wrong.push(format!(
                        "{rel}:{}: `{top}` uses `crate::{used}`, a layer above it",
                        n + 1
                    )),
                    None if !used.is_empty() => {
                        wrong.push(format!("{rel}:{}: `crate::{used}` has no layer", n + 1))
                    }
                    _ => {}
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Within render, an embed (a box, a figure, their downloads) never reaches up to the pages
/// that hold it: pages call embeds, not the other way round.
#[test]
fn embeds_never_import_pages() {
    let render = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/render");
    for embed in ["boxes.rs", "figures.rs", "downloads.rs"] {
        let text = std::fs::read_to_string(render.join(embed)).expect("embed source");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            assert!(
                !code.contains("super::pages") && !code.contains("render::pages"),
                "src/render/{embed}:{}: an embed uses the pages module",
                n + 1
            );
        }
    }
}

#[test]
fn the_path_reader_finds_this_crates_paths_only() {
    assert_eq!(
        crate_paths("use crate::model::{Site, Edition}; // crate::render"),
        ["model"]
    );
    assert_eq!(
        crate_paths("let x = almanac::render::x; $crate::y"),
        Vec::<&str>::new()
    );
    assert_eq!(
        crate_paths("f(crate::core::escape::html(a), crate::markdown::scan(b))"),
        ["core", "markdown"]
    );
}

/// Only the stages whose job it is touch the file system: load reads the project (its
/// images too), write writes the site, and the commands around them (pipeline, new-edition,
/// the live preview). Resolve, render, drawing and the model work on what load read.
#[test]
fn only_load_write_and_the_commands_touch_files() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &src, &mut files);
    let allowed = [
        "load",
        "write",
        "pipeline",
        "new_edition",
        "init",
        "cache",
        "page_cache",
        "serve",
        "cli",
        "main",
    ];
    let mut wrong = Vec::new();
    for (rel, text) in &files {
        let top = rel.split('/').next().unwrap_or("").trim_end_matches(".rs");
        if allowed.contains(&top) {
            continue;
        }
        // Unit tests may make fixtures of their own.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (n, line) in code.lines().enumerate() {
            let line = line.split("//").next().unwrap_or("");
            for io in [
                "fs::",
                "File::",
                "read_dir",
                ".is_dir()",
                ".is_file()",
                ".exists()",
                "symlink_metadata",
            ] {
                // `fs::` or `File::` as a name of its own, not the end of `OutputFile::`.
                let named = line.match_indices(io).any(|(i, _)| {
                    i == 0
                        || !line.as_bytes()[i - 1].is_ascii_alphanumeric()
                            && line.as_bytes()[i - 1] != b'_'
                });
                if named {
                    wrong.push(format!(
                        "{rel}:{}: `{io}` outside the stages that touch files",
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The files of one folder of `src/` never import each other in a circle (`render/template`
/// using `render/feeds` while `feeds` uses `template`): within a folder too, each file has a
/// place below or above the others.
#[test]
fn the_files_of_a_folder_form_no_circle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &src, &mut files);
    // folder -> file stem -> the sibling stems it names.
    let mut graph: std::collections::BTreeMap<
        String,
        std::collections::BTreeMap<String, Vec<String>>,
    > = Default::default();
    for (rel, _) in &files {
        if let Some((folder, file)) = rel.rsplit_once('/') {
            let stem = file.trim_end_matches(".rs").to_string();
            graph
                .entry(folder.to_string())
                .or_default()
                .entry(stem)
                .or_default();
        }
    }
    for (rel, text) in &files {
        let Some((folder, file)) = rel.rsplit_once('/') else {
            continue;
        };
        let stem = file.trim_end_matches(".rs");
        let siblings: Vec<String> = graph[folder].keys().cloned().collect();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        let prefixes = [
            "super::".to_string(),
            format!("crate::{}::", folder.replace('/', "::")),
        ];
        let mut used = Vec::new();
        for line in code.lines() {
            let line = line.split("//").next().unwrap_or("");
            for prefix in &prefixes {
                for (i, _) in line.match_indices(prefix.as_str()) {
                    let rest = &line[i + prefix.len()..];
                    let end = rest
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .unwrap_or(rest.len());
                    let name = &rest[..end];
                    if name != stem && siblings.iter().any(|s| s == name) && stem != "mod" {
                        used.push(name.to_string());
                    }
                }
            }
        }
        if let Some(uses) = graph.get_mut(folder).and_then(|g| g.get_mut(stem)) {
            uses.extend(used);
        }
    }
    let mut circles = Vec::new();
    for (folder, files) in &graph {
        // A depth-first walk: a file met again while still on the path closes a circle.
        fn walk<'a>(
            at: &'a str,
            files: &'a std::collections::BTreeMap<String, Vec<String>>,
            path: &mut Vec<&'a str>,
            done: &mut std::collections::BTreeSet<&'a str>,
            found: &mut Vec<String>,
        ) {
            if let Some(i) = path.iter().position(|p| *p == at) {
                found.push(path[i..].join(" -> ") + " -> " + at);
                return;
            }
            if !done.insert(at) {
                return;
            }
            path.push(at);
            for next in files.get(at).into_iter().flatten() {
                walk(next, files, path, done, found);
            }
            path.pop();
        }
        let mut done = std::collections::BTreeSet::new();
        for start in files.keys() {
            let mut found = Vec::new();
            walk(start, files, &mut Vec::new(), &mut done, &mut found);
            circles.extend(found.into_iter().map(|c| format!("src/{folder}: {c}")));
        }
    }
    assert!(circles.is_empty(), "{}", circles.join("\n"));
}
