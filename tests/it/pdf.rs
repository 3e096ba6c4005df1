//! The PDF edition: typeset from the same source as the page, read back as a reader's tools
//! read it (text, pages, metadata, fonts, structure), the same bytes on every build, and no
//! author text ever run as Typst.
#![cfg(feature = "pdf")]

use crate::common::*;
use std::path::Path;

/// The sample's PDF, its text, and its edition page.
fn sample_pdf() -> &'static (Vec<u8>, String, String) {
    static PDF: std::sync::OnceLock<(Vec<u8>, String, String)> = std::sync::OnceLock::new();
    PDF.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_tree(&root.join("content"), &dir.path().join("content"));
        let out = almanac(dir.path(), &["build"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let bytes =
            std::fs::read(dir.path().join("site/china/2022/china-2022.pdf")).expect("the PDF");
        let text = pdf_extract::extract_text_from_mem(&bytes).expect("text of the PDF");
        let page = read(dir.path(), "site/china/2022/index.html");
        (bytes, text, page)
    })
}

/// The text with its white space folded, so words broken over lines still match.
fn folded(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_sample_is_one_pdf_with_every_box_value_and_its_numbering() {
    let (bytes, text, page) = sample_pdf();
    assert!(bytes.starts_with(b"%PDF-"));
    let text = folded(text);
    // The title page, the contents and the lists, with the numbers the page gives.
    for words in [
        "Industrial innovation policy in China, 2022",
        "Contents",
        "Boxes",
        "Figures",
        "Box 1.",
        "Box 6.",
        "Figure 1.",
        "Figure 5.",
    ] {
        assert!(text.contains(words), "the PDF lacks {words:?}");
    }
    // Every number of every box of the sample, as the page prints it (each number cell of
    // the page carries its raw value in `data-value`, then shows its formatted one).
    let mut values = 0;
    for piece in page.split("data-value=\"").skip(1) {
        let shown = piece
            .split_once('>')
            .and_then(|(_, rest)| rest.split_once('<'))
            .map(|(shown, _)| shown.trim())
            .unwrap_or("");
        if shown.is_empty() {
            continue;
        }
        values += 1;
        assert!(text.contains(shown), "the PDF lacks the box value {shown}");
    }
    assert!(values >= 30, "only {values} values read from the page");
}

#[test]
fn the_pdf_is_tagged_archival_and_carries_its_fonts_and_metadata() {
    let (bytes, _, page) = sample_pdf();
    // The edition page links it, with its page count and size.
    assert!(
        page.contains("href=\"china-2022.pdf\""),
        "no link to the PDF"
    );
    let has = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
    // The sample's edition has no date: accessible, but no archival part without one.
    assert!(has("<pdfuaid:part>1</pdfuaid:part>"), "not PDF/UA-1");
    assert!(!has("<pdfaid:part>"), "PDF/A without a date");
    assert!(has(
        "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">Industrial innovation policy in China, 2022</rdf:li>"
    ));
    let doc = lopdf::Document::load_mem(bytes).expect("a PDF lopdf reads");
    let catalog = doc.catalog().expect("catalog");
    assert!(catalog.get(b"StructTreeRoot").is_ok(), "not tagged");
    assert!(catalog.get(b"Lang").is_ok(), "no language");
    let mut fonts_embedded = 0;
    let mut images = 0;
    for object in doc.objects.values() {
        if let Ok(dict) = object
            .as_dict()
            .or_else(|_| object.as_stream().map(|s| &s.dict))
        {
            if dict.has(b"FontFile3") || dict.has(b"FontFile2") || dict.has(b"FontFile") {
                fonts_embedded += 1;
            }
            if dict
                .get(b"Subtype")
                .and_then(|s| s.as_name())
                .is_ok_and(|n| n == b"Image")
            {
                images += 1;
            }
        }
    }
    assert!(fonts_embedded > 0, "no embedded font");
    // The sample's figures are charts: drawn as vectors, never as pictures.
    assert_eq!(images, 0, "a chart became a raster image");
    assert!(
        doc.get_pages().len() > 10,
        "{} pages",
        doc.get_pages().len()
    );
}

#[test]
fn two_builds_give_the_same_bytes_and_the_page_links_the_pdf() {
    let dir = fixture("basic");
    let first = almanac(dir.path(), &["build"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let pdf = std::fs::read(dir.path().join("site/alpha/2023/alpha-2023.pdf")).expect("pdf");
    let page = read(dir.path(), "site/alpha/2023/index.html");
    assert!(page.contains("href=\"alpha-2023.pdf\""), "{page}");
    assert!(
        page.contains(" pages, ") || page.contains("(1 page, "),
        "{page}"
    );
    // A dated edition is archival (PDF/A-2b) as well as accessible (PDF/UA-1), dated by its
    // own date: the metadata stream is written uncompressed, as PDF/A asks.
    let has = |needle: &str| pdf.windows(needle.len()).any(|w| w == needle.as_bytes());
    assert!(has("<pdfuaid:part>1</pdfuaid:part>"), "not PDF/UA-1");
    assert!(
        has("<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B"),
        "not PDF/A-2b"
    );
    assert!(has(
        "<xmp:CreateDate>2023-06-30T00:00:00+00:00</xmp:CreateDate>"
    ));
    // Typeset afresh (not taken from the cache): the same bytes.
    std::fs::remove_dir_all(dir.path().join(".almanac-cache")).expect("cache");
    let again = almanac(dir.path(), &["build"]);
    assert!(again.status.success());
    assert!(
        !stderr(&again).contains("from the cache"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        std::fs::read(dir.path().join("site/alpha/2023/alpha-2023.pdf")).expect("pdf"),
        pdf
    );
}

#[test]
fn no_pdf_and_pdf_false_build_the_site_alone() {
    let dir = fixture("basic");
    let out = almanac(dir.path(), &["build", "--no-pdf"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!dir.path().join("site/alpha/2023/alpha-2023.pdf").exists());
    assert!(!read(dir.path(), "site/alpha/2023/index.html").contains(".pdf"));
    let site = read(dir.path(), "content/site.yaml");
    write(
        dir.path(),
        "content/site.yaml",
        &format!("{site}pdf: false\n"),
    );
    let out = almanac(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!dir.path().join("site/alpha/2023/alpha-2023.pdf").exists());
}

#[test]
fn typst_syntax_in_every_field_prints_as_written() {
    let dir = fixture("basic");
    let hostile = r##"#eval("1+1") $x$ *b* _i_ @fig-sample <l> ] [ // c /* d */ \ "q" `r` = h"##;
    write(
        dir.path(),
        "content/alpha/2023/data/box-sample.yaml",
        &format!(
            "title: 'Box {t}'\ncolumns:\n  - {{ key: name, label: 'Name {t}' }}\n  - {{ key: value, label: Value, type: number, decimals: 1 }}\nrows:\n  - {{ name: '{t}', value: 1.5 }}\n  - {{ name: Second, value: 20 }}\nsource: 'Source {t}'\n",
            t = hostile.replace('\'', "''")
        ),
    );
    write(
        dir.path(),
        "content/alpha/2023/03-outlook.md",
        &format!(
            "---\ntitle: 'Outlook {t}'\n---\n{{{{< figure fig-sample >}}}}\n\nAs @fig-sample shows: #set text(red) and #eval(\"2\") and $1$.\n",
            t = hostile.replace('\'', "''")
        ),
    );
    let out = almanac(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(dir.path().join("site/alpha/2023/alpha-2023.pdf")).expect("pdf");
    let text = folded(&pdf_extract::extract_text_from_mem(&bytes).expect("text"));
    // In a cell as written; in titles and prose with the page's typography (curled quotes),
    // and Markdown read as Markdown (`*b*` in a source line is emphasis, as on the page).
    for literal in [
        "#eval(\"1+1\") $x$ *b* _i_ @fig-sample <l> ] [ // c /* d */ \\ \"q\" `r` = h",
        "Outlook #eval(“1+1”) $x$ *b* _i_ @fig-sample <l> ] [ // c /* d */",
        "Box 1. Box #eval(“1+1”)",
        "#set text(red) and #eval(“2”) and $1$.",
    ] {
        assert!(text.contains(literal), "the PDF lacks {literal:?}: {text}");
    }
}

#[test]
fn an_unchanged_edition_is_not_typeset_again_and_a_damaged_cache_is_never_trusted() {
    let dir = fixture("basic");
    let first = almanac(dir.path(), &["build"]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stderr(&first).contains("2 PDFs into"), "{}", stderr(&first));
    let pdf = |d: &Path| std::fs::read(d.join("site/alpha/2023/alpha-2023.pdf")).expect("pdf");
    let clean = pdf(dir.path());
    let again = almanac(dir.path(), &["build"]);
    assert!(
        stderr(&again).contains("2 PDFs (2 unchanged, from the cache)"),
        "{}",
        stderr(&again)
    );
    assert_eq!(pdf(dir.path()), clean);
    // One edition changed: only it is typeset again.
    let chapter = read(dir.path(), "content/alpha/2024/01-summary.md");
    write(
        dir.path(),
        "content/alpha/2024/01-summary.md",
        &format!("{chapter}\nMore.\n"),
    );
    let changed = almanac(dir.path(), &["build"]);
    assert!(
        stderr(&changed).contains("2 PDFs (1 unchanged, from the cache)"),
        "{}",
        stderr(&changed)
    );
    // Every entry damaged: all typeset again, the same bytes as a clean build.
    let cache = dir.path().join(".almanac-cache/pdf");
    for entry in std::fs::read_dir(&cache).expect("cache").flatten() {
        let mut bytes = std::fs::read(entry.path()).expect("entry");
        let last = bytes.len() - 1;
        bytes[last] ^= 0x55;
        std::fs::write(entry.path(), bytes).expect("damage");
    }
    // The pages' notes go too, so that each edition is rendered and its PDF looked up.
    std::fs::remove_dir_all(dir.path().join(".almanac-cache/pages")).expect("rm notes");
    let repaired = almanac(dir.path(), &["build"]);
    assert!(
        stderr(&repaired).contains(", 2 PDFs into"),
        "{}",
        stderr(&repaired)
    );
    assert_eq!(pdf(dir.path()), clean);
    // The cache holds one build's worth.
    assert_eq!(std::fs::read_dir(&cache).expect("cache").count(), 2);
}

#[test]
fn what_the_page_accepts_the_pdf_typesets_and_reads_as_the_page_does() {
    let dir = fixture("basic");
    let site = read(dir.path(), "content/site.yaml");
    // A regional language tag, and raw HTML allowed.
    write(
        dir.path(),
        "content/site.yaml",
        &format!("{site}language: en-GB\nallow_raw_html: true\n"),
    );
    let quotes = "> ".repeat(20);
    write(
        dir.path(),
        "content/alpha/2024/01-summary.md",
        &format!(
            "---\ntitle: Summary\n---\nThe 2024 edition.\n\n<!--\nSECRET editorial note\n-->\n<style>.HIDDEN{{}}</style>\n\nSeen <script>SCRIPTBODY()</script> here and<br>there, &#x41;&nbsp;B.\n\nOne[^a]. Write to <someone@example.org>.\n\n{quotes}deep\n\n[^a]: The note.\n"
        ),
    );
    let out = almanac(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(dir.path().join("site/alpha/2024/alpha-2024.pdf")).expect("pdf");
    let text = folded(&pdf_extract::extract_text_from_mem(&bytes).expect("text"));
    for hidden in ["SECRET", "HIDDEN", "SCRIPTBODY"] {
        assert!(!text.contains(hidden), "{hidden} reached the PDF: {text}");
    }
    // (The text as a PDF reader extracts it: a line break joins, white space is folded.)
    for shown in [
        "Seen here and",
        "there, A B.",
        "deep",
        "Write to someone@example.org",
    ] {
        assert!(text.contains(shown), "the PDF lacks {shown:?}: {text}");
    }
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(has(b"mailto:someone@example.org"), "the address is no link");
    assert!(
        has(b"<rdf:li>en-GB</rdf:li>"),
        "the language is not the site's"
    );
}

#[test]
fn a_problem_in_typesetting_is_named_at_its_file_and_line_and_the_old_site_stays() {
    let dir = fixture("basic");
    let first = almanac(dir.path(), &["build"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = tree(&dir.path().join("site"));
    // A PNG by its first bytes, and nothing that can be drawn after them: the page links it,
    // the PDF cannot read it.
    let path = dir.path().join("content/alpha/2023/img/broken.png");
    std::fs::create_dir_all(path.parent().expect("folder")).expect("folder");
    std::fs::write(&path, b"\x89PNG\r\n\x1a\nnot a picture at all").expect("image");
    write(
        dir.path(),
        "content/alpha/2023/data/fig-broken.yaml",
        "title: A damaged picture (synthetic)\nalt: Nothing\nimage: img/broken.png\n",
    );
    let outlook = read(dir.path(), "content/alpha/2023/03-outlook.md");
    write(
        dir.path(),
        "content/alpha/2023/03-outlook.md",
        &format!("{outlook}\n{{{{< figure fig-broken >}}}}\n"),
    );
    let out = almanac(dir.path(), &["build"]);
    let err = stderr(&out);
    assert!(!out.status.success(), "{err}");
    // At the line of `image:` in the figure's file, naming the image, in almanac's words.
    assert!(
        err.contains("content/alpha/2023/data/fig-broken.yaml:3:8"),
        "{err}"
    );
    assert!(err.contains("img/broken.png"), "{err}");
    assert!(err.contains("pdf-error"), "{err}");
    assert!(!err.contains("main.typ"), "{err}");
    assert_eq!(
        tree(&dir.path().join("site")),
        before,
        "the old site changed"
    );
    // `--no-pdf` builds the site meanwhile, as the message says.
    let out = almanac(dir.path(), &["build", "--no-pdf"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_heading_is_never_the_last_line_of_a_page() {
    let dir = fixture("basic");
    // Forty headings over paragraphs of uneven length (synthetic words), so that some fall
    // near the foot of a page; each paragraph starts with a mark of its heading's number.
    let mut chapter = String::from("---\ntitle: Summary\n---\n## Parts\n\n");
    for n in 1..=40 {
        let words = 20 + (n * 97) % 230;
        let body: Vec<&str> = ["alpha", "beta", "gamma", "delta", "epsilon"]
            .iter()
            .cycle()
            .take(words)
            .copied()
            .collect();
        chapter.push_str(&format!(
            "### Heading{n}x of a part\n\nBody{n}x {}.\n\n",
            body.join(" ")
        ));
    }
    write(dir.path(), "content/alpha/2024/01-summary.md", &chapter);
    let out = almanac(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(dir.path().join("site/alpha/2024/alpha-2024.pdf")).expect("pdf");
    let pages = pdf_extract::extract_text_from_mem_by_pages(&bytes).expect("pages");
    assert!(pages.len() >= 6, "{} pages", pages.len());
    for n in 1..=40 {
        let heading = format!("Heading{n}x");
        let page = pages
            .iter()
            .position(|p| p.contains(&heading))
            .unwrap_or_else(|| panic!("{heading} is not in the PDF"));
        assert!(
            pages[page].contains(&format!("Body{n}x")),
            "{heading} ends page {} alone: {}",
            page + 1,
            pages[page]
        );
    }
}

#[test]
fn a_note_of_a_heading_is_placed_once_and_numbered_in_order() {
    let dir = fixture("basic");
    write(
        dir.path(),
        "content/alpha/2024/01-summary.md",
        "---\ntitle: Summary\n---\n## Noted heading[^h]\n\nText.[^t] Again.[^h]\n\n[^h]: Heading note words.\n[^t]: Text note words.\n",
    );
    let out = almanac(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(dir.path().join("site/alpha/2024/alpha-2024.pdf")).expect("pdf");
    let pages = pdf_extract::extract_text_from_mem_by_pages(&bytes).expect("pages");
    let text = folded(&pages.concat());
    assert_eq!(text.matches("Heading note words").count(), 1, "{text}");
    assert_eq!(text.matches("Text note words").count(), 1, "{text}");
    // Numbered 1 and 2 in the order they are cited, the contents' entry without a mark.
    assert!(text.contains("1 Heading note words"), "{text}");
    assert!(text.contains("2 Text note words"), "{text}");
    let contents = pages
        .iter()
        .find(|p| p.contains("Contents"))
        .expect("a contents page");
    assert!(folded(contents).contains("Noted heading ."), "{contents}");
}
