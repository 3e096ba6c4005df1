//! The user guide in `docs/` (and the README) says what almanac does: every example of a project
//! file in it is tested, and every relative link in it leads somewhere.
//!
//! A fenced block whose info string carries `file=PATH` (```` ```yaml file=content/… ````) is a
//! file of its page's example project. For each page with such blocks, the fixture `basic` is
//! copied, the blocks are written over it (after those of the pages it names in a comment
//! `<!-- examples-build-on: boxes.md -->`), and the project must check with no diagnostic at
//! all, then build the pages and downloads its files make. A YAML or Markdown block that is
//! only part of a file says `fragment`; one that is neither fails, so that no example is added
//! untested. Shell blocks are not run.

use crate::common::*;
use almanac::BuildOptions;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every page of the guide: its file name in `docs/` and its text, by name.
fn book() -> BTreeMap<String, String> {
    let mut pages = BTreeMap::new();
    for entry in std::fs::read_dir(root().join("docs")).expect("docs/") {
        let path = entry.expect("docs entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            pages.insert(name, std::fs::read_to_string(&path).expect("read page"));
        }
    }
    assert!(pages.len() > 5, "the guide's pages: {:?}", pages.keys());
    pages
}

fn parser(text: &str) -> Parser<'_> {
    Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH)
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

/// A fenced code block of a page.
#[derive(Debug)]
struct Block {
    /// The info string's first word: the language.
    lang: String,
    /// The info string's other words (`file=…`, `fragment`).
    attrs: Vec<String>,
    text: String,
    line: usize,
}

impl Block {
    fn file(&self) -> Option<&str> {
        self.attrs.iter().find_map(|a| a.strip_prefix("file="))
    }

    fn is_fragment(&self) -> bool {
        self.attrs.iter().any(|a| a == "fragment")
    }
}

fn blocks(text: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut open = false;
    for (event, range) in parser(text).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let mut words = info.split_whitespace().map(str::to_string);
                out.push(Block {
                    lang: words.next().unwrap_or_default(),
                    attrs: words.collect(),
                    text: String::new(),
                    line: line_of(text, range.start),
                });
                open = true;
            }
            Event::Text(t) if open => out.last_mut().expect("open block").text.push_str(&t),
            Event::End(TagEnd::CodeBlock) => open = false,
            _ => {}
        }
    }
    out
}

/// The pages a page's examples build on, from its `<!-- examples-build-on: … -->` comment.
fn builds_on(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("<!-- examples-build-on:"))
        .flat_map(|rest| {
            rest.trim_end_matches("-->")
                .split_whitespace()
                .take_while(|w| w.ends_with(".md"))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The `file=` blocks of a page, as (path, text), checked to be plain relative paths.
fn example_files(name: &str, text: &str) -> Vec<(String, String)> {
    blocks(text)
        .into_iter()
        .filter_map(|b| {
            let path = b.file()?.to_string();
            assert!(
                !path.is_empty()
                    && !path.starts_with('/')
                    && path
                        .split('/')
                        .all(|p| !p.is_empty() && p != "." && p != ".."),
                "docs/{name}:{}: `file={path}` is not a plain relative path",
                b.line
            );
            Some((path, b.text))
        })
        .collect()
}

#[test]
fn every_yaml_and_markdown_example_is_a_tested_file_or_marked_as_a_fragment() {
    let mut untested = Vec::new();
    for (name, text) in book() {
        for b in blocks(&text) {
            let project_language = matches!(b.lang.as_str(), "yaml" | "yml" | "markdown" | "md");
            if b.file().is_some() && b.is_fragment() {
                untested.push(format!(
                    "docs/{name}:{}: a block is a file or a fragment, not both",
                    b.line
                ));
            } else if project_language && b.file().is_none() && !b.is_fragment() {
                untested.push(format!(
                    "docs/{name}:{}: ```{} is neither `file=PATH` (tested) nor `fragment`",
                    b.line, b.lang
                ));
            }
        }
    }
    assert!(untested.is_empty(), "{}", untested.join("\n"));
}

/// The example project of a page: `basic`, then the files of the pages it builds on, then its
/// own. No two blocks may write one file.
fn example_project(
    book: &BTreeMap<String, String>,
    name: &str,
) -> (tempfile::TempDir, Vec<String>) {
    let dir = fixture("basic");
    let mut written: BTreeMap<String, String> = BTreeMap::new();
    let mut pages = builds_on(&book[name]);
    pages.push(name.to_string());
    for page in &pages {
        let text = book
            .get(page)
            .unwrap_or_else(|| panic!("docs/{name} builds on docs/{page}, which is not there"));
        let files = example_files(page, text);
        assert!(
            page == name || !files.is_empty(),
            "docs/{name} builds on docs/{page}, which has no example files"
        );
        for (path, body) in files {
            if let Some(before) = written.insert(path.clone(), page.clone()) {
                panic!("docs/{page} and docs/{before} both write {path}");
            }
            write(dir.path(), &path, &body);
        }
    }
    let own = example_files(name, &book[name])
        .into_iter()
        .map(|(path, _)| path)
        .collect();
    (dir, own)
}

/// What the build must have written for one example file of the project at `dir`.
fn assert_built(name: &str, dir: &Path, file: &str) {
    let site = dir.join("site");
    let parts: Vec<&str> = file.split('/').collect();
    let page = |rel: &str| -> String {
        assert!(
            site.join(rel).is_file(),
            "docs/{name}: the example's {file} should make site/{rel}, which the build did not write"
        );
        read(&site, rel)
    };
    match parts.as_slice() {
        ["content", "site.yaml"] => {
            page("index.html");
        }
        ["content", report, "report.yaml"] => {
            page(&format!("{report}/index.html"));
        }
        // A bibliography: the works its editions cite are each edition's downloads.
        ["content", report, "references.yaml" | "references.bib"] => {
            let citing = std::fs::read_dir(site.join(report))
                .expect("the report's folder")
                .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u16>().ok())
                .filter(|year| {
                    site.join(format!("{report}/{year}/data/references.bib"))
                        .is_file()
                })
                .count();
            assert!(
                citing > 0,
                "docs/{name}: the example's {file} should give an edition its data/references.bib"
            );
        }
        ["content", report, year, rest @ ..] => {
            // A chapter's translation (`01-summary.en.md`) is on its translation's page.
            let translated = match rest {
                [chapter] if chapter.ends_with(".md") => chapter
                    .trim_end_matches(".md")
                    .rsplit_once('.')
                    .map(|(stem, language)| (stem.to_string(), language.to_string())),
                _ => None,
            };
            let html = match &translated {
                Some((_, language)) => page(&format!("{report}/{year}/{language}/index.html")),
                None => page(&format!("{report}/{year}/index.html")),
            };
            match rest {
                [chapter] if chapter.ends_with(".md") => {
                    let stem = translated
                        .as_ref()
                        .map_or(chapter.trim_end_matches(".md"), |(stem, _)| stem.as_str());
                    let slug = stem.split_once('-').map_or("", |(_, slug)| slug);
                    assert!(
                        html.contains(&format!(" id=\"{slug}\"")),
                        "docs/{name}: the chapter {file} is not on its edition's page"
                    );
                }
                ["data", data] if data.starts_with("box-") || data.starts_with("fig-") => {
                    let id = data
                        .trim_end_matches(".yaml")
                        .trim_end_matches(".yml")
                        .to_string();
                    assert!(
                        html.contains(&format!(" id=\"{id}\"")),
                        "docs/{name}: {id} is not on its edition's page"
                    );
                    for ext in ["csv", "json"] {
                        page(&format!("{report}/{year}/data/{id}.{ext}"));
                    }
                }
                _ => {}
            }
        }
        [.., last] if last.ends_with(".yml") || last.ends_with(".yaml") => {
            // A file outside the project's content (a CI configuration): valid YAML at least.
            let text = read(dir, file);
            if let Err(e) = serde_yaml::from_str::<serde_yaml::Value>(&text) {
                panic!("docs/{name}: the example {file} is not valid YAML: {e}");
            }
        }
        _ => {}
    }
}

#[test]
fn every_page_s_example_project_checks_clean_and_builds_what_the_page_says() {
    let book = book();
    let mut tested = 0;
    for name in book.keys() {
        let (dir, files) = example_project(&book, name);
        if files.is_empty() {
            continue;
        }
        tested += 1;
        let diags = almanac::check(&BuildOptions::new(dir.path()));
        assert!(
            diags.is_empty(),
            "docs/{name}: its example project is not clean under `check --strict`:\n{}",
            diags
                .iter()
                .map(|d| d.render_human())
                .collect::<Vec<_>>()
                .join("\n")
        );
        if let Err(diags) = almanac::build(&BuildOptions::new(dir.path())) {
            panic!(
                "docs/{name}: its example project does not build:\n{}",
                diags
                    .iter()
                    .map(|d| d.render_human())
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
        for page in ["index.html", "assets/almanac.css"] {
            assert!(dir.path().join("site").join(page).is_file(), "site/{page}");
        }
        for file in &files {
            assert_built(name, dir.path(), file);
        }
    }
    assert!(tested >= 4, "only {tested} pages have tested examples");
}

#[test]
fn the_documented_value_shortcodes_print_what_the_page_says() {
    let book = book();
    let (dir, _) = example_project(&book, "editions.md");
    assert!(almanac::build(&BuildOptions::new(dir.path())).is_ok());
    let page = read(dir.path(), "site/alpha/2023/index.html");
    // "`{{< value rd-intensity >}}` prints `2.44%`".
    assert!(
        book["editions.md"].contains("`{{< value rd-intensity >}}` prints `2.44%`"),
        "the sentence this test reads"
    );
    assert!(
        page.contains("R&amp;D intensity reached 2.44% in 2021,\nat or above the threshold"),
        "{page}"
    );
}

/// The `.gitlab-ci.yml` of the CI page: a job named `pages` publishing `public/`, whose
/// `almanac` commands really check and build the page's example project.
#[test]
fn the_gitlab_example_checks_and_builds_into_public_in_a_job_named_pages() {
    let book = book();
    let (dir, files) = example_project(&book, "check-and-ci.md");
    assert!(files.iter().any(|f| f == ".gitlab-ci.yml"), "{files:?}");
    let ci: serde_yaml::Value =
        serde_yaml::from_str(&read(dir.path(), ".gitlab-ci.yml")).expect("YAML");
    let pages = &ci["pages"];
    assert_eq!(
        pages["artifacts"]["paths"],
        serde_yaml::from_str::<serde_yaml::Value>("[public]").expect("YAML")
    );
    let lines = |v: &serde_yaml::Value| -> Vec<String> {
        v.as_sequence()
            .map(|s| {
                s.iter()
                    .filter_map(|l| l.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let script = lines(&pages["script"]);
    for needed in ["almanac check --strict", "almanac build --out public"] {
        assert!(
            script.iter().any(|l| l == needed),
            "pages lacks {needed}: {script:?}"
        );
    }
    let mut commands = lines(&ci["default"]["before_script"]);
    commands.extend(lines(&ci["check"]["script"]));
    commands.extend(script);
    for line in commands.iter().filter(|l| l.starts_with("almanac ")) {
        let args: Vec<&str> = line.split_whitespace().skip(1).collect();
        let out = almanac(dir.path(), &args);
        assert!(out.status.success(), "`{line}` failed:\n{}", stderr(&out));
    }
    assert!(dir.path().join("public/alpha/2023/index.html").is_file());
}

#[test]
fn the_readme_gives_the_set_up_commands() {
    let readme = read(root(), "README.md");
    let set_up = blocks(&readme)
        .into_iter()
        .find(|b| b.lang == "sh" && b.text.contains("cargo test"))
        .expect("a sh block with the set-up commands");
    for line in [
        "cargo run --release -- build   # builds the bundled sample into site/",
        "cargo test                     # runs the tests",
    ] {
        assert!(
            set_up.text.lines().any(|l| l == line),
            "the README's set-up lacks `{line}`"
        );
    }
}

/// The relative link targets of a Markdown text (links and images, outside code).
fn links(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (event, range) in parser(text).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event {
            let url = dest_url.to_string();
            let scheme = url
                .split_once(':')
                .is_some_and(|(s, _)| !s.is_empty() && !s.contains(['/', '#', '.']));
            if !scheme && !url.starts_with("//") {
                out.push((url, line_of(text, range.start)));
            }
        }
    }
    out
}

/// GitHub's id of a heading: lower case, spaces to `-`, punctuation other than `-` and `_`
/// dropped.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

/// The ids of a Markdown text's headings, a repeated one suffixed `-1`, `-2`… as GitHub does.
fn anchors(text: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let mut heading: Option<String> = None;
    for event in parser(text) {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::Text(t) | Event::Code(t) if heading.is_some() => {
                heading.as_mut().expect("in a heading").push_str(&t);
            }
            Event::End(TagEnd::Heading(_)) => {
                let base = slug(&heading.take().unwrap_or_default());
                let mut id = base.clone();
                let mut n = 0;
                while ids.contains(&id) {
                    n += 1;
                    id = format!("{base}-{n}");
                }
                ids.insert(id);
            }
            _ => {}
        }
    }
    ids
}

#[test]
fn every_relative_link_of_the_readme_and_the_guide_leads_to_a_file_and_heading() {
    let mut files: Vec<PathBuf> = vec![root().join("README.md")];
    files.extend(book().keys().map(|name| root().join("docs").join(name)));
    let mut broken = Vec::new();
    let mut checked = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read");
        let shown = file
            .strip_prefix(root())
            .expect("inside")
            .display()
            .to_string();
        for (url, line) in links(&text) {
            checked += 1;
            let (path, anchor) = url.split_once('#').unwrap_or((&url, ""));
            let target = if path.is_empty() {
                file.clone()
            } else {
                file.parent().expect("folder").join(path)
            };
            if !target.exists() {
                broken.push(format!("{shown}:{line}: {url}: no such file"));
                continue;
            }
            if !anchor.is_empty() && target.extension().is_some_and(|e| e == "md") {
                let ids = anchors(&std::fs::read_to_string(&target).expect("read target"));
                if !ids.contains(anchor) {
                    broken.push(format!("{shown}:{line}: {url}: no heading #{anchor}"));
                }
            }
        }
    }
    assert!(checked > 20, "only {checked} links found");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn every_page_of_the_guide_is_in_its_contents_and_in_the_readme() {
    let readme = read(root(), "README.md");
    let contents = read(root(), "docs/README.md");
    let from_readme: BTreeSet<String> = links(&readme).into_iter().map(|(u, _)| u).collect();
    let from_contents: BTreeSet<String> = links(&contents).into_iter().map(|(u, _)| u).collect();
    for name in book().keys().filter(|n| *n != "README.md") {
        assert!(
            from_contents.contains(name.as_str()),
            "docs/README.md does not list {name}"
        );
        assert!(
            from_readme.contains(&format!("docs/{name}")),
            "README.md does not link docs/{name}"
        );
    }
}

#[test]
fn the_readers_of_this_test_read_what_they_should() {
    assert_eq!(slug("`content/site.yaml`"), "contentsiteyaml");
    assert_eq!(
        slug("Checking a project, diagnostic codes and CI"),
        "checking-a-project-diagnostic-codes-and-ci"
    );
    assert_eq!(slug("Set_up: the `--out` flag"), "set_up-the---out-flag");
    let ids = anchors("# A\n\n## A\n\n### `x.yaml` and more\n");
    assert_eq!(
        ids.into_iter().collect::<Vec<_>>(),
        ["a", "a-1", "xyaml-and-more"]
    );
    let text = "See [a](a.md#b), ![p](img/p.png), [w](https://x.org) and `[c](c.md)`.\n\n```yaml file=content/x.yaml\nk: v\n```\n\n```yaml fragment\nk: v\n```\n";
    let found: Vec<String> = links(text).into_iter().map(|(u, _)| u).collect();
    assert_eq!(found, ["a.md#b", "img/p.png"]);
    let b = blocks(text);
    assert_eq!(b.len(), 2);
    assert_eq!(
        (b[0].file(), b[0].text.as_str()),
        (Some("content/x.yaml"), "k: v\n")
    );
    assert!(b[1].is_fragment() && b[1].file().is_none());
    assert_eq!(
        builds_on("x\n<!-- examples-build-on: boxes.md (why) -->\n"),
        ["boxes.md"]
    );
}
