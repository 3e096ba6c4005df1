//! Property tests: no input an author can write makes the parsers or the pipeline panic, and
//! every position they report lies inside its file. Bounded so `cargo test` stays quick; run a
//! longer campaign with `PROPTEST_CASES=100000 cargo test --release --test it fuzz::`.

use almanac::core::source::SourceFile;
use almanac::load::{front_matter, yaml};
use almanac::markdown::scan;
use almanac::model::{BoxSpec, EditionMeta, ReportMeta, Site};
use proptest::prelude::*;

/// Pieces of Markdown, YAML and almanac syntax, and troublemakers, to build inputs from.
const PIECES: &[&str] = &[
    "---\n",
    "...\n",
    "\n",
    "\n\n",
    " ",
    "  ",
    "\t",
    "title: ",
    "x",
    "é",
    "漢",
    "👍",
    "\u{E000}",
    "\u{E001}",
    "\u{0}",
    "\r\n",
    "{{<",
    ">}}",
    "{{< box box-a >}}",
    "{{< figure fig-b >}}",
    "{{< value v field=year >}}",
    "{{< box",
    "\"",
    "'",
    "`",
    "```",
    "    ",
    "@",
    "@box-a",
    "@fig-",
    "@fig-b",
    "a@b.org",
    "[^1]",
    "[^1]: note\n",
    "[x](#y)",
    "[j](javascript:alert(1))",
    "<b onclick=\"x\">",
    "</b>",
    "<!--",
    "# ",
    "## H {#id onclick=x}",
    "|a|b|\n|-|-|\n",
    "- ",
    "1. ",
    "> ",
    "*",
    "_",
    "~~",
    ":",
    "- { a: 1, b: [2 }",
    "{",
    "}",
    "[",
    "]",
    "&",
    "<",
    ">",
    "%",
    "#",
    "!",
    "|",
    ">-",
    "columns:\n  - { key: a, label: A }\n",
    "rows:\n  - { a: 1 }\n",
    "groups:\n  - label: G\n    rows: []\n",
    "merge: [a]\n",
    "id: box-a\n",
    "key: ",
    "label: ",
    "type: number\n",
    "decimals: 300\n",
    "1e309",
    "-0",
    "0x1F",
    "~",
    "null",
    "true",
];

/// `PROPTEST_CASES` when set (a longer campaign), else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn soup(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![4 => prop::sample::select(PIECES).prop_map(str::to_string), 1 => any::<char>().prop_map(|c| c.to_string())],
        0..max,
    )
    .prop_map(|v| v.concat())
}

fn assert_inside(file: &SourceFile, d: &almanac::Diagnostic) {
    let lines = file.text.split('\n').count();
    if let Some(line) = d.line {
        assert!(
            line >= 1 && line <= lines,
            "line {line} outside {lines} lines: {d:?}"
        );
        if let Some(col) = d.column {
            let len = file.line_text(line).map_or(0, |l| l.chars().count());
            assert!(
                col >= 1 && col <= len + 1,
                "column {col} past line of {len}: {d:?}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(256)))]

    #[test]
    fn front_matter_splits_at_boundaries(text in soup(40)) {
        if let Ok(split) = front_matter::split(&text) {
            prop_assert!(text.is_char_boundary(split.body_offset));
            prop_assert_eq!(&text[split.body_offset..], split.body);
        }
    }

    #[test]
    fn the_scanner_keeps_marks_and_positions_inside_the_file(text in soup(60), raw in any::<bool>()) {
        let file = SourceFile::new("c.md", text.clone());
        let mut diags = Vec::new();
        let scanned = scan::scan(&file, 0, raw, &mut diags);
        for m in &scanned.marks {
            prop_assert!(m.range.start < m.range.end && m.range.end <= text.len());
            prop_assert!(text.is_char_boundary(m.range.start) && text.is_char_boundary(m.range.end));
        }
        for d in &diags {
            assert_inside(&file, d);
        }
    }

    #[test]
    fn yaml_schemas_reject_without_panicking(text in soup(30)) {
        let file = SourceFile::new("d.yaml", text.clone());
        let results = [
            yaml::parse::<Site>(&file).err(),
            yaml::parse::<ReportMeta>(&file).err(),
            yaml::parse::<EditionMeta>(&file).err(),
            yaml::parse::<BoxSpec>(&file).err(),
        ];
        for d in results.iter().flatten() {
            prop_assert!(d.help.is_some(), "{} has no help", d.code);
            assert_inside(&file, d);
        }
        let _ = yaml::locate(&text, &[yaml::Seg::Key("rows"), yaml::Seg::Index(0), yaml::Seg::Key("a")], yaml::Target::Key);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(48)))]

    /// The whole pipeline, in memory, on a project whose chapter and box are soup.
    #[test]
    fn the_pipeline_never_panics(chapter in soup(60), data in soup(25)) {
        let dir = one_edition(&[
            ("01-soup.md", &chapter),
            ("data/box-a.yaml", &data),
            ("data/fig-b.yaml", "title: B\n"),
        ]);
        let root = dir.path();
        let result = almanac::render_site(&almanac::BuildOptions::new(root));
        let diags = match result {
            Ok((_, warnings)) => warnings,
            Err(diags) => diags,
        };
        for d in &diags {
            prop_assert!(d.file.as_deref().is_none_or(|f| !f.starts_with('/')), "absolute path in {d:?}");
        }
    }
}

/// A project of one report with one edition (`content/r/2020/`) holding `files`.
fn one_edition(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    let write = |rel: &str, text: &str| {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    };
    write("content/site.yaml", "title: Fuzz\n");
    write("content/r/report.yaml", "name: R\ntitle: R\n");
    write("content/r/2020/edition.yaml", "title: E\n");
    for (rel, text) in files {
        write(&format!("content/r/2020/{rel}"), text);
    }
    dir
}

/// Pieces of paths, to build ids that try to climb out of the site.
const PATH_PIECES: &[&str] = &[
    "..", ".", "/", "\\", "a", "x-1", ":", "C:", "\0", "\n", "%2e", "%2f", " ", "~", "é", "漢",
    ".git", "//",
];

fn path_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![4 => prop::sample::select(PATH_PIECES).prop_map(str::to_string), 1 => any::<char>().prop_map(|c| c.to_string())],
        0..12,
    )
    .prop_map(|v| v.concat())
}

/// Every file under `dir`, relative to it.
fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| !e.file_type().is_dir())
        .map(|e| e.path().strip_prefix(dir).expect("inside").to_path_buf())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(2048)))]

    /// The one door to the output folder: whatever string it accepts names a place inside.
    #[test]
    fn a_site_path_never_names_a_place_outside_its_folder(path in prop_oneof![path_soup(), any::<String>()]) {
        use std::path::{Component, Path};
        if let Ok(p) = almanac::core::site_path::SitePath::parse(&path) {
            let base = Path::new("/out/site");
            let full = p.under(base);
            let rel = full.strip_prefix(base).expect("under its base");
            prop_assert!(rel.components().count() >= 1);
            prop_assert!(rel.components().all(|c| matches!(c, Component::Normal(_))), "{path:?} gave {full:?}");
            prop_assert!(!path.split('/').any(|s| s == ".." || s.starts_with('.') || s.is_empty()));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(24)))]

    /// A real build, ids of any bytes in every place an id becomes a path (indicators shared
    /// by two reports, so a comparison page is made; box and figure files; an image path):
    /// nothing is written anywhere but the output folder and its lock.
    #[test]
    fn no_id_makes_a_build_write_outside_its_site(id in prop_oneof![path_soup(), "[a-z][a-z0-9-]{0,8}"]) {
        let dir = tempfile::tempdir().expect("temp");
        let root = dir.path().join("a/b/project");
        let write = |rel: &str, text: &str| {
            let p = root.join(rel);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, text).expect("write");
        };
        let quoted = serde_json::to_string(&id).expect("json");
        write("content/site.yaml", "title: Fuzz\n");
        for report in ["r", "s"] {
            write(&format!("content/{report}/report.yaml"), "name: R\ntitle: R\n");
            write(&format!("content/{report}/2020/edition.yaml"), "title: E\n");
            write(
                &format!("content/{report}/2020/data/indicators.yaml"),
                &format!("indicators:\n  - {{ id: {quoted}, label: L, value: 1 }}\n"),
            );
            write(
                &format!("content/{report}/2020/data/fig-img.yaml"),
                &format!("title: I\nimage: {}\n", serde_json::to_string(&format!("{id}.svg")).expect("json")),
            );
            let embed_box = if almanac::core::slug::is_slug(&id) { format!("{{{{< box box-{id} >}}}}\n") } else { String::new() };
            write(
                &format!("content/{report}/2020/01-c.md"),
                &format!("---\ntitle: C\n---\n\n{{{{< figure fig-img >}}}}\n\n{embed_box}"),
            );
            // The image itself, where a file can be at that path (never outside the project).
            if !id.contains("..") && !id.starts_with(['/', '\\']) {
                let _ = std::fs::write(
                    root.join(format!("content/{report}/2020/{id}.svg")),
                    "<svg xmlns='http://www.w3.org/2000/svg'/>",
                );
            }
            // A data file named after the id, where a file can have that name.
            let stem: String = id.chars().filter(|c| !matches!(c, '/' | '\\' | '\0')).collect();
            if !stem.is_empty() && stem.len() < 200 {
                let _ = std::fs::create_dir_all(root.join(format!("content/{report}/2020/data")));
                let _ = std::fs::write(
                    root.join(format!("content/{report}/2020/data/box-{stem}.yaml")),
                    "title: B (synthetic)\ncolumns: [{ key: a, label: A }]\nrows: [{ a: x }]\n",
                );
            }
        }
        let before: Vec<_> = files_under(dir.path());
        let built = almanac::build(&almanac::BuildOptions::new(&root));
        if almanac::core::slug::is_slug(&id) {
            // A good id builds, and its comparison page is where it belongs.
            prop_assert!(built.is_ok(), "{id:?}: {built:?}");
            for made in [format!("compare/{id}/index.html"), format!("r/2020/{id}.svg"), format!("r/2020/data/box-{id}.csv")] {
                let made = root.join("site").join(made);
                prop_assert!(made.is_file(), "no {}", made.display());
            }
        }
        for f in files_under(dir.path()) {
            // The site, its lock, and the project's own build cache.
            let inside = f.starts_with("a/b/project/site")
                || f == std::path::Path::new("a/b/project/.site.lock")
                || f.starts_with("a/b/project/.almanac-cache")
                || before.contains(&f);
            prop_assert!(inside, "{id:?} wrote {f:?}");
        }
    }
}

/// Pieces of raw HTML a hostile author might write: tag shapes a hand-written filter misreads,
/// hidden schemes, handlers, and the elements that must never pass.
const HTML_PIECES: &[&str] = &[
    "<script>alert(1)</script>",
    "<script",
    "</script>",
    "<scr",
    "ipt>",
    "<p>",
    "</p \">",
    "<a \"=x onclick=alert(1)>",
    "<b \"onmouseover=alert(1)\">",
    "<a href=\"javascript:alert(1)\">",
    "<a href=\"jav&#x09;ascript:alert(1)\">",
    "<a href=\"&#106;avascript:alert(1)\">",
    "<a href=javascript&colon;alert(1)>",
    "<a href=\" JAVASCRIPT:x\">",
    "<a href=\"https://example.org\">",
    "</a>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">",
    "<svg><animate attributeName=href values=\"javascript:alert(1)\"/></svg>",
    "<svg onload=alert(1)>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<base href=\"https://evil.example/\">",
    "<meta http-equiv=refresh content=\"0;url=https://evil.example\">",
    "<link rel=stylesheet href=\"https://evil.example/x.css\">",
    "<style>body{}</style>",
    "<iframe srcdoc=\"<script>alert(1)</script>\">",
    "<form action=\"javascript:x\"><button formaction=javascript:y>",
    "<object data=\"javascript:x\">",
    "<details open ontoggle=alert(1)>",
    "<td style=\"text-align: right\">",
    "<p style=\"background:url(javascript:x)\">",
    "<!--",
    "-->",
    "<![CDATA[",
    "<textarea>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<div title=\"",
    "\">",
    "\"",
    "'",
    ">",
    "<",
    "\n",
    "\n\n",
    "text ",
    "[^n]",
    "[^n]: note\n",
    "[x](javascript:alert(1))",
    "<https://example.org>",
    "| a |\n|--:|\n| 1 |\n",
    "\u{E000}",
    "\u{E002}0\u{E003}",
    "&#xE002;0&#xE003;",
    "\n## ",
    "<javascript:alert(1)>",
    "![i](javascript:x)",
];

fn html_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![6 => prop::sample::select(HTML_PIECES).prop_map(str::to_string), 1 => any::<char>().prop_map(|c| c.to_string())],
        0..24,
    )
    .prop_map(|v| v.concat())
}

/// A start tag's name and its attributes' names and values.
type StartTag = (String, Vec<(String, String)>);

/// Every start tag of `html` with its attributes, as a browser's tokenizer reads them
/// (character references decoded).
fn start_tags(html: &str) -> Vec<StartTag> {
    use html5ever::tokenizer::{
        BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
    };
    struct Tags(std::cell::RefCell<Vec<StartTag>>);
    impl TokenSink for Tags {
        type Handle = ();
        fn process_token(&self, token: Token, _: u64) -> TokenSinkResult<()> {
            if let Token::TagToken(t) = token
                && t.kind == TagKind::StartTag
            {
                let attrs = t
                    .attrs
                    .iter()
                    .map(|a| (a.name.local.to_string(), a.value.to_string()))
                    .collect();
                self.0.borrow_mut().push((t.name.to_string(), attrs));
            }
            TokenSinkResult::Continue
        }
    }
    let tokenizer = Tokenizer::new(Tags(Default::default()), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(html.into());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.take()
}

/// No element but the allowed ones, no handler, no `style` but a cell's alignment, no
/// address of another scheme, no placeholder left over.
fn assert_no_script(html: &str) -> Result<(), TestCaseError> {
    use almanac::markdown::html_policy::{TAGS, url_allowed};
    prop_assert!(
        !html.contains(['\u{E000}', '\u{E001}', '\u{E002}', '\u{E003}']),
        "placeholder in {html:?}"
    );
    // The renderer's own wrappers, beside the allowed elements.
    for (tag, attrs) in start_tags(html) {
        prop_assert!(TAGS.contains(&tag.as_str()), "<{tag}> in {html}");
        for (name, value) in attrs {
            prop_assert!(!name.starts_with("on"), "{name} on <{tag}> in {html}");
            prop_assert!(
                name != "style" || value.starts_with("text-align:"),
                "style {value:?} in {html}"
            );
            if matches!(
                name.as_str(),
                "href"
                    | "src"
                    | "cite"
                    | "action"
                    | "formaction"
                    | "data"
                    | "xlink:href"
                    | "srcdoc"
            ) {
                prop_assert!(
                    url_allowed(&value) && name != "srcdoc",
                    "{name}={value:?} on <{tag}> in {html}"
                );
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(1024)))]

    /// Raw HTML allowed: whatever an author writes, a browser finds no script on the page.
    #[test]
    fn raw_html_never_carries_script_to_the_page(text in html_soup(), inline in any::<bool>()) {
        let html = almanac::render::markdown::render_snippet(&text, true, inline);
        assert_no_script(&html)?;
        // And as a chapter, with footnotes and the renderer's own HTML around it.
        let mut ids = almanac::render::ids::PageIds::new();
        let mut counter = 0;
        let mut mark_html = |_: &almanac::resolve::Resolution| String::new();
        let out = almanac::render::markdown::render_chapter(
            &text,
            &[],
            almanac::render::markdown::ChapterContext {
                slug: "c",
                allow_raw_html: true,
                ids: &mut ids,
                note_counter: &mut counter,
                mark_html: &mut mark_html,
                locale: &almanac::locale::Locale::english(),
                // As in a chapter a translation shows untranslated: no prefix makes a link.
                link_prefix: Some("../"),
            },
        );
        assert_no_script(&out.html)?;
        for note in &out.notes {
            assert_no_script(&note.html)?;
        }
    }
}

/// A diagram written every which way: ids that collide, links to boxes that are not there,
/// circles, labels of markup, nothing or many words, either layout and direction.
fn diagram_yaml() -> impl Strategy<Value = String> {
    let label = prop_oneof![
        Just(String::new()),
        Just("<b>x</b> & \"y\"".to_string()),
        Just("漢字 é 👍".to_string()),
        "[a-z ]{1,40}",
        "[A-Za-z]{30,60}",
    ];
    let node = ("[a-d]", label.clone(), any::<bool>());
    let edge = ("[a-e]", "[a-e]", prop::option::of(label), any::<bool>());
    (
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(node, 0..8),
        prop::collection::vec(edge, 0..10),
    )
        .prop_map(|(tree, down, several, nodes, edges)| {
            let q = |s: &str| format!("{s:?}");
            let mut y = format!(
                "title: D\ntype: diagram\nlayout: {}\n",
                if tree { "tree" } else { "flow" }
            );
            if down {
                y.push_str("direction: down\n");
            }
            if several {
                y.push_str("several_roots: true\n");
            }
            y.push_str("nodes:\n");
            for (id, label, grouped) in &nodes {
                y.push_str(&format!("  - {{ id: {id}, label: {}", q(label)));
                if *grouped {
                    y.push_str(", group: G");
                }
                y.push_str(" }\n");
            }
            y.push_str("edges:\n");
            for (from, to, label, dashed) in &edges {
                y.push_str(&format!("  - {{ from: {from}, to: {to}"));
                if let Some(l) = label {
                    y.push_str(&format!(", label: {}", q(l)));
                }
                if *dashed {
                    y.push_str(", style: dashed");
                }
                y.push_str(" }\n");
            }
            y
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(64)))]

    /// Any diagram is drawn or refused with located diagnostics, never a panic.
    #[test]
    fn a_diagram_is_drawn_or_refused_never_a_panic(yaml in diagram_yaml()) {
        let dir = one_edition(&[
            ("01-a.md", "---\ntitle: A\n---\n{{< figure fig-d >}}\n"),
            ("data/fig-d.yaml", &yaml),
        ]);
        let root = dir.path();
        let file = SourceFile::new("content/r/2020/data/fig-d.yaml", yaml.clone());
        let mut options = almanac::BuildOptions::new(root);
        options.pdf = false;
        let result = almanac::render_site(&options);
        match result {
            Ok((site, _)) => {
                let page = site
                    .files
                    .iter()
                    .find(|f| f.path.as_str().ends_with("2020/index.html"))
                    .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
                    .unwrap_or_default();
                prop_assert!(page.contains("class=\"chart diagram\""), "a diagram that checks is drawn");
                prop_assert!(!page.contains("<b>x</b>"), "markup in a label reached the page");
            }
            Err(diags) => {
                prop_assert!(diags.iter().any(|d| d.severity == almanac::Severity::Error));
                for d in diags.iter().filter(|d| d.file.as_deref() == Some(file.path.as_str())) {
                    prop_assert!(d.help.is_some(), "{} has no help", d.code);
                    assert_inside(&file, d);
                }
            }
        }
    }
}
