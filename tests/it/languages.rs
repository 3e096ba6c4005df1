//! A site in several languages (the fixture `languages`: an English site, a French report, an
//! English report whose 2023 edition is German): every word almanac writes, every number and
//! date, in the page's language; `lang` and `hreflang` right; downloads keep machine numbers;
//! the project's own wording over almanac's; a language almanac does not ship warned about.
//! And an edition with translations (the fixture `translations`: an English report published
//! in French too): one set of numbers and numbering in both, each page in its language, linked
//! to each other; what differs between the languages reported at its place.

use crate::common::*;
use almanac::locale::{Locale, Overrides};
use serde_json::Value;
use std::path::Path;

/// The fixture `name`, checked strictly (no warning) and built.
fn built(name: &str) -> tempfile::TempDir {
    let dir = fixture(name);
    let check = almanac(dir.path(), &["check", "--strict"]);
    assert!(check.status.success(), "{}", stderr(&check));
    let out = almanac(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    dir
}

/// What a reader meets on a page: its text, and the words of its `aria-label`, `title` and
/// `alt` attributes, entities decoded; a chart's text is text too.
fn reader_text(page: &str) -> String {
    let mut out = String::new();
    let mut rest = page;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open..open + close];
        let name: String = tag[1..]
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        for attr in ["aria-label=\"", " title=\"", " alt=\""] {
            if let Some(at) = tag.find(attr) {
                let value = &tag[at + attr.len()..];
                out.push(' ');
                out.push_str(&value[..value.find('"').unwrap_or(value.len())]);
                out.push(' ');
            }
        }
        // Words run on through inline elements; other elements part them.
        let inline = [
            "a", "bdi", "span", "strong", "em", "b", "i", "sup", "time", "code", "abbr",
        ];
        if !inline.contains(&name.as_str()) {
            out.push(' ');
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    decode_entities(&out)
}

/// The pieces of almanac's English words (each label cut at its placeholders), of three
/// letters or more, that no word of `locale` holds (Italian writes "Figure" and "Note" too).
fn english_pieces(locale: &Locale) -> Vec<(String, String)> {
    let english = Locale::english();
    let own: String = locale.words().values().map(|w| format!("{w}\n")).collect();
    let mut pieces = Vec::new();
    for (key, en) in english.words() {
        for piece in en.split(['{', '}']).step_by(2) {
            let piece = piece.trim_matches(|c: char| !c.is_alphanumeric());
            if piece.chars().filter(|c| c.is_alphabetic()).count() >= 3
                && !contains_word(&own, piece)
            {
                pieces.push((key.clone(), piece.to_string()));
            }
        }
    }
    assert!(pieces.len() > 100, "the English words are read");
    pieces
}

/// `piece` in `text` as words of their own (`note`, but not inside `Fußnote`).
fn contains_word(text: &str, piece: &str) -> bool {
    text.match_indices(piece).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + piece.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

fn assert_no_english(page: &str, locale: &Locale, what: &str) {
    let text = reader_text(page);
    let pieces = english_pieces(locale);
    let left: Vec<&(String, String)> = pieces
        .iter()
        .filter(|(_, piece)| contains_word(&text, piece))
        .collect();
    assert!(left.is_empty(), "English left on {what}: {left:?}\n{text}");
}

#[test]
fn a_french_report_is_written_in_french_throughout() {
    let dir = built("languages");
    let fr = Locale::new("fr", &Overrides::new());
    let page = read(dir.path(), "site/alpha/2023/index.html");
    assert!(
        page.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"),
        "{}",
        &page[..80]
    );
    let text = reader_text(&page);
    // almanac's words.
    for key in [
        "contents",
        "boxes",
        "figures",
        "notes",
        "how_to_cite",
        "skip_to_content",
    ] {
        assert!(text.contains(fr.text(key)), "{key}: {}", fr.text(key));
    }
    assert!(text.contains(&fr.fill("box_number", &[("n", "1")])));
    assert!(text.contains(&fr.fill("figure_ref", &[("n", "1")])));
    assert!(text.contains(fr.text("note")) && text.contains(fr.text("source")));
    // Numbers: cells, the total, a percentage, an inline value, an ordinal; the date.
    for shown in [
        "1\u{202f}468,9",
        "1\u{202f}471,6",
        "12,5\u{202f}%",
        "2,44\u{202f}%",
        "1er rang",
        "30 juin 2023",
    ] {
        assert!(text.contains(shown), "{shown:?} on the French page");
    }
    assert!(
        !text.contains("1,468.9") && !text.contains("1468.9"),
        "no English number"
    );
    // The threshold's status, in French.
    assert!(text.contains(fr.text("threshold_met")));
    // The machine keeps its numbers.
    assert!(page.contains("data-value=\"1468.9\""));
    let csv = read(dir.path(), "site/alpha/2023/data/box-trade.csv");
    assert!(csv.contains("1468.9") && !csv.contains("468,9"), "{csv}");
    // A chart's axis, legend and description.
    assert!(
        page.contains(">\n1\u{202f}000\n</text>"),
        "a tick in French"
    );
    assert!(text.contains(fr.text("chart_line")) && text.contains(fr.text("chart_donut")));
    assert!(text.contains(fr.text("donut_total")));
    // The diagram's text version.
    assert!(
        text.contains(&fr.fill("quoted", &[("text", "envoie")])),
        "quoted as French quotes"
    );
    assert!(text.contains(fr.text("link_dashed")));
    assert_no_english(&page, &fr, "the French edition");

    // The report's page, and the changes since the last edition.
    let report = read(dir.path(), "site/alpha/index.html");
    assert!(report.contains("<html lang=\"fr\">"));
    assert_no_english(&report, &fr, "the French report page");
    let newer = read(dir.path(), "site/alpha/2024/index.html");
    let newer_text = reader_text(&newer);
    assert!(newer_text.contains(&fr.fill("changes_since", &[("year", "2023")])));
    assert!(
        newer_text.contains(fr.text("verdict_improved"))
            || newer_text.contains(fr.text("verdict_changed"))
    );
    assert!(
        newer_text.contains("12\u{202f}345,6"),
        "a changed cell in French"
    );
    assert_no_english(&newer, &fr, "the French edition with changes");
}

#[test]
fn an_edition_may_speak_another_language_than_its_report() {
    let dir = built("languages");
    let de = Locale::new("de", &Overrides::new());
    let page = read(dir.path(), "site/beta/2023/index.html");
    assert!(page.contains("<html lang=\"de\">"));
    let text = reader_text(&page);
    assert!(
        text.contains(&de.fill("box_number", &[("n", "1")])),
        "{text}"
    );
    assert!(text.contains("1.468,9") && text.contains("-2,7"), "{text}");
    assert!(text.contains("30. Juni 2023"));
    assert_no_english(&page, &de, "the German edition");
    // Its report's page and the site's are English, and say where another language is.
    let report = read(dir.path(), "site/beta/index.html");
    assert!(report.contains("<html lang=\"en\">"));
    assert!(
        report.contains("hreflang=\"de\" lang=\"de\">Beta 2023</a>"),
        "{report}"
    );
    let index = read(dir.path(), "site/index.html");
    assert!(index.contains("<html lang=\"en\">"));
    assert!(index.contains("href=\"alpha/2023/index.html\" hreflang=\"fr\">"));
    assert!(!index.contains("href=\"beta/2024"), "beta has one edition");
    // A comparison across reports is in the site's language.
    let compare = read(dir.path(), "site/compare/spend/index.html");
    assert!(compare.contains("<html lang=\"en\">"));
    assert!(compare.contains("1,468.9"), "{compare}");
    assert!(index.contains("(2 countries)"), "{index}");
    // The feed marks the entries in other languages.
    let feed = read(dir.path(), "site/atom.xml");
    assert!(
        feed.contains("<title xml:lang=\"de\">Beta: Beta 2023</title>"),
        "{feed}"
    );
    let fr = Locale::new("fr", &Overrides::new());
    let title = fr.fill(
        "name_and_title",
        &[("name", "Alpha"), ("title", "Alpha 2023")],
    );
    assert!(
        feed.contains(&format!("<title xml:lang=\"fr\">{title}</title>")),
        "{feed}"
    );
}

#[test]
fn the_pdf_is_in_the_edition_s_language() {
    if !cfg!(feature = "pdf") {
        return;
    }
    let dir = built("languages");
    let bytes = std::fs::read(dir.path().join("site/alpha/2023/alpha-2023.pdf")).expect("PDF");
    let text = pdf_extract::extract_text_from_mem(&bytes).expect("text of the PDF");
    let fr = Locale::new("fr", &Overrides::new());
    for word in ["contents", "boxes", "figures"] {
        assert!(text.contains(fr.text(word)), "{word} in the PDF:\n{text}");
    }
    assert!(text.contains("Encadré 1"), "{text}");
    assert!(
        text.contains("468,9") && text.contains("30 juin 2023"),
        "{text}"
    );
    assert!(
        !text.contains("Contents") && !text.contains("Box 1"),
        "{text}"
    );
    let doc = lopdf::Document::load_mem(&bytes).expect("a PDF");
    let catalog = doc.catalog().expect("a catalog");
    let lang = catalog.get(b"Lang").expect("/Lang");
    assert_eq!(lang.as_str().expect("a string"), b"fr");
}

#[test]
fn a_project_s_own_wording_comes_first() {
    let dir = fixture("languages");
    write(
        dir.path(),
        "content/site.yaml",
        "# Synthetic fixture.\ntitle: Language fixture\nlabels:\n  box_number: {fr: 'Tableau {n}.', de: 'Tabelle {n}.'}\n  pdf_pages: {one: 'one sheet', other: '{count} sheets'}\n  built_with: 'Made with <almanac> & care.'\n",
    );
    let out = almanac(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let fr = read(dir.path(), "site/alpha/2023/index.html");
    assert!(fr.contains("Tableau 1."), "the French override");
    if cfg!(feature = "pdf") {
        // The PDF's captions and lists say what the page says.
        let bytes = std::fs::read(dir.path().join("site/alpha/2023/alpha-2023.pdf")).expect("PDF");
        let text = pdf_extract::extract_text_from_mem(&bytes).expect("text");
        assert!(text.matches("Tableau 1.").count() >= 2, "{text}");
        assert!(!text.contains("Encadré 1."), "{text}");
    }
    let de = read(dir.path(), "site/beta/2023/index.html");
    assert!(de.contains("Tabelle 1."), "the German override");
    // A label is text: escaped where it lands.
    assert!(fr.contains("Made with &lt;almanac&gt; &amp; care."));
}

#[test]
fn a_language_almanac_does_not_ship_is_named_with_what_falls_back() {
    let dir = fixture("languages");
    write(
        dir.path(),
        "content/beta/report.yaml",
        "name: Beta\niso: BE\ntitle: Beta (synthetic)\nlanguage: nl\n",
    );
    let out = almanac(dir.path(), &["check", "--format", "json"]);
    let diags: Vec<Value> =
        serde_json::from_str(&String::from_utf8_lossy(&out.stdout)).expect("JSON");
    let warning = diags
        .iter()
        .find(|d| d["code"] == "untranslated-labels")
        .unwrap_or_else(|| panic!("a warning: {diags:#?}"));
    assert_eq!(warning["file"], "content/beta/report.yaml");
    assert_eq!(
        (warning["line"].as_u64(), warning["column"].as_u64()),
        (Some(4), Some(11))
    );
    assert!(
        warning["message"]
            .as_str()
            .is_some_and(|m| m.contains("`nl`"))
    );
    // Dutch numbers and dates still come from CLDR; the words are English.
    let out = almanac(dir.path(), &["build", "--no-pdf"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let index = read(dir.path(), "site/beta/index.html");
    assert!(index.contains("<html lang=\"nl\">") && index.contains("All editions"));
    // The beta 2023 edition keeps its own German.
    assert!(read(dir.path(), "site/beta/2023/index.html").contains("<html lang=\"de\">"));

    // Given every label, the warning goes.
    let every: String = Locale::english()
        .words()
        .iter()
        .map(|(k, v)| format!("  {k}: {{nl: {}}}\n", Value::from(v.as_str())))
        .collect();
    let mut site = read(dir.path(), "content/site.yaml");
    site.push_str("labels:\n");
    site.push_str(&every);
    write(dir.path(), "content/site.yaml", &site);
    let out = almanac(dir.path(), &["check", "--format", "json"]);
    let diags: Vec<Value> =
        serde_json::from_str(&String::from_utf8_lossy(&out.stdout)).expect("JSON");
    assert!(
        diags.iter().all(|d| d["code"] != "untranslated-labels"),
        "{diags:#?}"
    );
}

#[test]
fn a_site_in_every_language_builds_the_same_twice() {
    for tag in ["fr", "de", "es", "pt", "it", "zh", "ja", "en-GB"] {
        let dir = fixture("languages");
        let site = read(dir.path(), "content/site.yaml")
            .replace("language: en", &format!("language: {tag}"));
        write(dir.path(), "content/site.yaml", &site);
        // Every edition in the site's language.
        write(
            dir.path(),
            "content/alpha/report.yaml",
            "name: Alpha\ntitle: Alpha (synthetic)\n",
        );
        write(
            dir.path(),
            "content/beta/2023/edition.yaml",
            "title: Beta 2023\ndate: 2023-06-30\n",
        );
        let build = |out: &str| {
            let o = almanac(dir.path(), &["build", "--no-pdf", "--out", out]);
            assert!(o.status.success(), "{tag}: {}", stderr(&o));
            tree(&dir.path().join(out))
        };
        let first = build("one");
        assert_eq!(first, build("two"), "{tag}: the same bytes twice");
        let locale = Locale::new(tag, &Overrides::new());
        let page = read(dir.path(), "one/alpha/2023/index.html");
        assert!(page.contains(&format!("<html lang=\"{tag}\">")));
        if tag != "en-GB" {
            assert_no_english(&page, &locale, tag);
        }
        assert!(reader_text(&page).contains(&locale.date("2023-06-30")));
    }
}

/// Every label the code and the theme ask for is one almanac has (a missing one would print
/// its key), and every label almanac has is written somewhere (none is left to translate
/// for nothing).
#[test]
fn every_label_is_known_and_used() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = String::new();
    for dir in ["src", "templates"] {
        for entry in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
            let entry = entry.expect("walk");
            let path = entry.path();
            if path
                .extension()
                .is_some_and(|e| e == "rs" || e == "html" || e == "typ")
            {
                sources.push_str(&std::fs::read_to_string(path).expect("read"));
                sources.push('\n');
            }
        }
    }
    let english = Locale::english();
    let known: Vec<&str> = english.words().keys().map(String::as_str).collect();
    // Asked for: `.text("k")`, `.fill("k"`, `.count("k"` and `t.k` in a template.
    let mut asked = Vec::new();
    for call in [".text(\"", ".fill(\"", ".count(\""] {
        for (at, _) in sources.match_indices(call) {
            let key: String = sources[at + call.len()..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            asked.push(key);
        }
    }
    for (at, _) in sources.match_indices("{{ t.") {
        let key: String = sources[at + 5..]
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || *c == '_')
            .collect();
        asked.push(key);
    }
    let unknown: Vec<&String> = asked
        .iter()
        .filter(|k| !k.is_empty() && !known.contains(&k.as_str()))
        .collect();
    assert!(
        unknown.is_empty(),
        "labels asked for but not in en.yaml: {unknown:?}"
    );
    // Used: each key appears as a literal or a template's `t.key` (`verdict_…` and
    // `status_…` are built from the diff's names).
    let unused: Vec<&&str> = known
        .iter()
        .filter(|k| {
            let in_template = sources.match_indices(&format!("t.{k}")).any(|(at, m)| {
                !sources[at + m.len()..].starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            });
            !sources.contains(&format!("\"{k}\""))
                && !in_template
                && !k.starts_with("verdict_")
                && !k.starts_with("status_")
        })
        .collect();
    assert!(unused.is_empty(), "labels never written: {unused:?}");
}

/// A Chinese edition (the fixture `chinese`): its words, its text set in the embedded CJK font
/// on the page (the font shipped with the site), in the charts and diagrams (measured with
/// its metrics, broken between characters) and in the PDF (embedded).
#[test]
fn a_chinese_edition_is_set_in_its_own_script() {
    let dir = built("chinese");
    let zh = Locale::new("zh", &Overrides::new());
    let page = read(dir.path(), "site/zhongguo/2023/index.html");
    assert!(page.contains("<html lang=\"zh\">"));
    let text = reader_text(&page);
    assert!(
        text.contains(&zh.fill("box_number", &[("n", "1")])),
        "{text}"
    );
    assert!(
        text.contains("2023年6月30日") && text.contains("1,468.9"),
        "{text}"
    );
    assert_no_english(&page, &zh, "the Chinese edition");
    if !cfg!(feature = "cjk") {
        return;
    }
    // The page's font for Chinese is the site's own, fetched only for such text.
    let css = read(dir.path(), "site/assets/almanac.css");
    assert!(css.contains("noto-sans-cjk-sc.woff2") && css.contains("unicode-range"));
    assert!(
        dir.path()
            .join("site/assets/fonts/noto-sans-cjk-sc.woff2")
            .is_file()
    );
    // A long Chinese box label breaks between characters, each line inside its box.
    let long = "国家发展和改革委员会负责宏观经济政策的综合协调";
    let start = page.find("id=\"fig-org-svg-title\"").expect("the diagram");
    let svg = &page[start..start + page[start..].find("</svg>").expect("its end")];
    let lines: Vec<&str> = svg
        .split("</text>")
        .filter_map(|t| t.rsplit('>').next())
        .map(str::trim)
        .filter(|t| !t.is_empty() && long.contains(t))
        .collect();
    assert!(lines.len() >= 2, "{lines:?}");
    let wide: String = lines.concat();
    assert_eq!(wide.trim(), long, "the label is whole, broken into lines");
    // The PDF embeds the CJK font, and its text is the edition's.
    if cfg!(feature = "pdf") {
        let bytes =
            std::fs::read(dir.path().join("site/zhongguo/2023/zhongguo-2023.pdf")).expect("PDF");
        let doc = lopdf::Document::load_mem(&bytes).expect("a PDF");
        let fonts: Vec<String> = doc
            .objects
            .values()
            .filter_map(|o| o.as_dict().ok())
            .filter(|d| d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"FontDescriptor"))
            .filter(|d| d.has(b"FontFile3") || d.has(b"FontFile2") || d.has(b"FontFile"))
            .filter_map(|d| d.get(b"FontName").and_then(|n| n.as_name()).ok())
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .collect();
        assert!(
            fonts.iter().any(|f| f.contains("NotoSansCJK")),
            "the CJK font is embedded: {fonts:?}"
        );
        let text = pdf_extract::extract_text_from_mem(&bytes).expect("text");
        assert!(
            text.contains("专栏") && text.contains("科学技术部"),
            "{text}"
        );
    }
}

/// The guide's table of labels lists every label almanac has, with its English wording.
#[test]
fn the_guide_lists_every_label() {
    let guide =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/languages.md"))
            .expect("docs/languages.md");
    let english = Locale::english();
    let missing: Vec<&String> = english
        .words()
        .iter()
        .filter(|(key, text)| {
            !guide.lines().any(|l| {
                l.starts_with(&format!("| `{key}` |")) && l.contains(&text.replace('|', "\\|"))
            })
        })
        .map(|(k, _)| k)
        .collect();
    assert!(
        missing.is_empty(),
        "labels the guide does not list: {missing:?}"
    );
}

/// The fixture `translations` built (checked strictly first: no warning).
fn translated() -> tempfile::TempDir {
    built("translations")
}

#[test]
fn a_translation_shares_its_numbers_and_numbering_and_is_written_in_its_language() {
    let dir = translated();
    let fr_locale = Locale::new("fr", &Overrides::new());
    let en = read(dir.path(), "site/gamma/2023/index.html");
    let fr = read(dir.path(), "site/gamma/2023/fr/index.html");
    assert!(en.contains("<html lang=\"en\">") && fr.contains("<html lang=\"fr\">"));
    // The translated chapters, titles and text fields, and the report named in French.
    for words in [
        "<h1>Gammalande 2023</h1>",
        "Aperçu",
        "Perspectives",
        "Commerce (synthétique)",
        "Croissance par an (synthétique)",
        "Exportations",
        "Pour cent",
        "Données synthétiques.",
        "Gammalande (GM)",
        "L’édition 2023, en anglais et en français.",
    ] {
        assert!(fr.contains(words), "{words} missing from the French page");
        assert!(!en.contains(words), "{words} on the English page");
    }
    assert!(en.contains("Gammaland (GM)") && en.contains("Exports"));
    // The same numbers under the same numbers, written as each language writes them.
    assert!(en.contains("Box 1.") && en.contains("Figure 1."));
    assert!(fr.contains("Encadré 1.") && fr.contains("Graphique 1."));
    assert!(en.contains(">1,500.3<") && fr.contains(">1\u{202f}500,3<"));
    assert!(en.contains("data-value=\"1500.25\"") && fr.contains("data-value=\"1500.25\""));
    assert!(fr.contains("2\u{202f}700,8, la croissance à 2,5\u{202f}%"));
    assert_no_english(&fr, &fr_locale, "the French translation");
    // Downloads in each language's words, with machine numbers.
    let csv = read(dir.path(), "site/gamma/2023/fr/data/box-trade.csv");
    assert!(csv.contains("Exportations,1500.25,55.5"), "{csv}");
    assert!(read(dir.path(), "site/gamma/2023/data/box-trade.csv").contains("Exports,1500.25"));
    // Its own PDF and citation file.
    assert!(
        dir.path()
            .join("site/gamma/2023/fr/gamma-2023-fr.pdf")
            .is_file()
            || !cfg!(feature = "pdf")
    );
    assert!(fr.contains("href=\"gamma-2023-fr.pdf\"") || !cfg!(feature = "pdf"));
    let cff = read(dir.path(), "site/gamma/2023/fr/CITATION.cff");
    assert!(
        cff.contains("title: Gammalande 2023")
            && cff.contains("https://example.org/reports/gamma/2023/fr/"),
        "{cff}"
    );
}

#[test]
fn the_languages_of_an_edition_link_each_other() {
    let dir = translated();
    let en = read(dir.path(), "site/gamma/2023/index.html");
    let fr = read(dir.path(), "site/gamma/2023/fr/index.html");
    for page in [&en, &fr] {
        // Every version, itself included, as an alternate with its language.
        assert!(page.contains(
            "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/reports/gamma/2023/\">"
        ));
        assert!(page.contains(
            "<link rel=\"alternate\" hreflang=\"fr\" href=\"https://example.org/reports/gamma/2023/fr/\">"
        ));
    }
    // The switcher names each language in itself; the page's own is current.
    assert!(
        en.contains(
            "<a href=\"../../gamma/2023/fr/index.html\" lang=\"fr\" hreflang=\"fr\">Français</a>"
        ),
        "{en}"
    );
    assert!(en.contains(
        "<a href=\"../../gamma/2023/index.html\" lang=\"en\" aria-current=\"page\">English</a>"
    ));
    assert!(fr.contains(
        "<a href=\"../../../gamma/2023/index.html\" lang=\"en\" hreflang=\"en\">English</a>"
    ));
    assert!(fr.contains("<a href=\"../../../gamma/2023/fr/index.html\" lang=\"fr\" aria-current=\"page\">Français</a>"));
    // The edition switcher of a translation stays in its language; "Changes since" compares
    // with the previous edition in it.
    assert!(
        fr.contains("<a href=\"../../../gamma/2022/fr/index.html\">2022</a>"),
        "{fr}"
    );
    assert!(fr.contains("Modifications depuis l’édition 2022"));
    // The report's page lists each edition's translations; the sitemap every page.
    let report = read(dir.path(), "site/gamma/index.html");
    assert!(report.contains(
        "<a href=\"../gamma/2022/fr/index.html\" hreflang=\"fr\" lang=\"fr\">Français</a>"
    ));
    let sitemap = read(dir.path(), "site/sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/reports/gamma/2022/fr/</loc>"));
    // A page without translations has neither switcher nor alternates.
    let plain = built("languages");
    let page = read(plain.path(), "site/alpha/2023/index.html");
    assert!(!page.contains("hreflang=\"fr\" href=") && !page.contains("language-switcher"));
}

#[test]
fn a_translation_is_compared_only_with_an_edition_in_its_language() {
    let dir = fixture("translations");
    // The 2022 edition in English only.
    write(
        dir.path(),
        "content/gamma/2022/edition.yaml",
        "title: Gammaland 2022\ndate: 2022-06-30\n",
    );
    std::fs::remove_file(dir.path().join("content/gamma/2022/01-overview.fr.md")).unwrap();
    // Its data in English alone: text in several languages is for an edition that has them.
    write(
        dir.path(),
        "content/gamma/2022/data/box-trade.yaml",
        "# Synthetic numbers.\ntitle: Trade (synthetic)\ncolumns:\n  - { key: item, label: Item }\n  - { key: amount, label: Amount, type: number }\nrows:\n  - { item: Exports, amount: 1468.9 }\n",
    );
    write(
        dir.path(),
        "content/gamma/2022/data/indicators.yaml",
        "# Synthetic numbers.\nindicators:\n  - { id: trade, label: Trade, value: 2669.4 }\n",
    );
    // Where text in several languages is left, the help says what it needs.
    let check = almanac(dir.path(), &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    write(
        dir.path(),
        "content/gamma/2022/data/indicators.yaml",
        "indicators:\n  - { id: trade, label: {en: Trade, fr: Commerce}, value: 2669.4 }\n",
    );
    let check = almanac(dir.path(), &["check"]);
    assert!(
        !check.status.success()
            && stderr(&check).contains("lists its other languages in `translations:`"),
        "{}",
        stderr(&check)
    );
    write(
        dir.path(),
        "content/gamma/2022/data/indicators.yaml",
        "# Synthetic numbers.\nindicators:\n  - { id: trade, label: Trade, value: 2669.4 }\n",
    );
    let out = almanac(dir.path(), &["build", "--no-pdf"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let fr = read(dir.path(), "site/gamma/2023/fr/index.html");
    assert!(
        !fr.contains("changes-title"),
        "no French 2022 to compare with"
    );
    // Its edition switcher leads to the English 2022, marked as English.
    assert!(
        fr.contains("<a href=\"../../../gamma/2022/index.html\" hreflang=\"en\">2022</a>"),
        "{fr}"
    );
    assert!(read(dir.path(), "site/gamma/2023/index.html").contains("changes-title"));
}

#[test]
fn a_chapter_not_yet_translated_is_shown_in_its_language_and_warned_about() {
    let dir = fixture("translations");
    std::fs::remove_file(dir.path().join("content/gamma/2023/02-outlook.fr.md")).unwrap();
    // Links written for the original's page, and a footnote.
    write(
        dir.path(),
        "content/gamma/2023/02-outlook.md",
        "---\ntitle: Outlook\n---\nGrowth is shown in @fig-growth; see [last year](../2022/index.html), [the report](../index.html) and [this box](#box-trade).[^n]\n\n{{< figure fig-growth >}}\n\n[^n]: An English note.\n",
    );
    let check = almanac(dir.path(), &["check", "--format", "json"]);
    let diags: Value = serde_json::from_slice(&check.stdout).unwrap();
    let codes: Vec<(&str, &str)> = diags
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap(),
                d["file"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        codes,
        vec![("untranslated-chapter", "content/gamma/2023/02-outlook.md")],
        "one warning, nothing else"
    );
    let out = almanac(dir.path(), &["build", "--no-pdf"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let fr = read(dir.path(), "site/gamma/2023/fr/index.html");
    assert!(fr.contains(
        "<section class=\"chapter\" id=\"outlook\" aria-labelledby=\"outlook-title\" lang=\"en\">"
    ));
    assert!(fr.contains("<a href=\"#outlook\" lang=\"en\">Outlook</a>"));
    // Numbered as in the original, and what almanac writes in it is in the page's language.
    assert!(fr.contains("<figure lang=\"fr\" class=\"figure\" id=\"fig-growth\">"));
    assert!(fr.contains("<a lang=\"fr\" class=\"xref\" href=\"#fig-growth\">Graphique 1</a>"));
    assert!(
        fr.contains("<li id=\"fn-outlook-n\" value=\"2\" lang=\"en\">"),
        "{fr}"
    );
    // Its links lead where they lead from the original's page.
    assert!(fr.contains("<a href=\"../../2022/index.html\">last year</a>"));
    assert!(fr.contains("<a href=\"../../index.html\">the report</a>"));
    assert!(fr.contains("<a href=\"#box-trade\">this box</a>"));
    let en = read(dir.path(), "site/gamma/2023/index.html");
    assert!(en.contains("<a href=\"../2022/index.html\">last year</a>"));
}

#[test]
fn what_differs_between_languages_is_an_error_at_its_place() {
    // (file, edit, the diagnostic expected: code file[:line:col])
    type Edit<'a> = &'a dyn Fn(&str) -> String;
    let cases: [(&str, Edit, &str); 11] = [
        (
            "content/gamma/2023/data/fig-growth.yaml",
            &|t: &str| t.replace("fr: Croissance par an (synthétique)", "de: Wachstum"),
            "missing-translation content/gamma/2023/data/fig-growth.yaml:2:8",
        ),
        (
            "content/gamma/report.yaml",
            &|t: &str| t.replace("fr: Gammalande}", "es: Gamma}"),
            "missing-translation content/gamma/report.yaml:1:7",
        ),
        (
            "content/gamma/2023/edition.yaml",
            &|t: &str| t.replace("translations: [fr]", "translations: [fr, en]"),
            "invalid-translation content/gamma/2023/edition.yaml:8:20",
        ),
        (
            "content/gamma/2023/01-overview.de.md",
            &|_| "---\ntitle: Überblick\n---\nText.\n".to_string(),
            "invalid-translation content/gamma/2023/01-overview.de.md",
        ),
        (
            "content/gamma/2023/09-extra.fr.md",
            &|_| "---\ntitle: En plus\n---\nTexte.\n".to_string(),
            "invalid-translation content/gamma/2023/09-extra.fr.md",
        ),
        (
            "content/gamma/2023/02-outlook.fr.md",
            &|t: &str| t.replace("{{< figure fig-growth >}}", ""),
            "translation-mismatch content/gamma/2023/02-outlook.fr.md",
        ),
        // A number is the same in every language.
        (
            "content/gamma/2023/data/box-trade.yaml",
            &|t: &str| t.replace("amount: 1500.25", "amount: {en: 1500.25, fr: 9999}"),
            "wrong-type content/gamma/2023/data/box-trade.yaml:8",
        ),
        // A wrong entry is said even when the text in several languages cannot be read.
        (
            "content/gamma/2023/edition.yaml",
            &|t: &str| t.replace("translations: [fr]", "translations: [fr_CA]"),
            "invalid-translation content/gamma/2023/edition.yaml:8:16",
        ),
        // A misspelt `translations:` is named, though the text it leaves unreadable fails
        // first.
        (
            "content/gamma/2023/edition.yaml",
            &|t: &str| t.replace("translations: [fr]", "tranlsations: [fr]"),
            "unknown-key content/gamma/2023/edition.yaml:8:1",
        ),
        // A key of text in several languages that is no language is named.
        (
            "content/gamma/2023/data/fig-growth.yaml",
            &|t: &str| {
                t.replace(
                    "fr: Croissance par an (synthétique)}",
                    "fr: Croissance, fr_FR: Croissance}",
                )
            },
            "wrong-type content/gamma/2023/data/fig-growth.yaml:2:8",
        ),
        // The edition's own language is no translation, nor a chapter written in it.
        (
            "content/gamma/2023/01-overview.en.md",
            &|_| "---\ntitle: Overview again\n---\nText.\n".to_string(),
            "invalid-translation content/gamma/2023/01-overview.en.md",
        ),
    ];
    for (file, edit, expect) in cases {
        let dir = fixture("translations");
        let before = std::fs::read_to_string(dir.path().join(file)).unwrap_or_default();
        write(dir.path(), file, &edit(&before));
        let out = almanac(dir.path(), &["check", "--format", "json"]);
        assert_eq!(out.status.code(), Some(1), "{expect}: {}", stderr(&out));
        let diags: Value = serde_json::from_slice(&out.stdout).unwrap();
        let (code, place) = expect.split_once(' ').unwrap();
        let mut parts = place.split(':');
        let path = parts.next().unwrap();
        let line = parts.next().map(|l| l.parse::<u64>().unwrap());
        let column = parts.next().map(|c| c.parse::<u64>().unwrap());
        let found = diags.as_array().unwrap().iter().any(|d| {
            d["code"] == code
                && d["file"] == path
                && line.is_none_or(|l| d["line"] == l)
                && column.is_none_or(|c| d["column"] == c)
                && d["help"].is_string()
        });
        assert!(found, "{expect} not among {diags:#}");
        // Reported once, not once per language.
        let same = diags
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == code)
            .count();
        assert_eq!(same, 1, "{expect}: {diags:#}");
    }
}

#[test]
fn diff_compares_two_editions_in_the_language_asked_for() {
    let dir = fixture("translations");
    let out = almanac(
        dir.path(),
        &["diff", "gamma", "2022", "2023", "--language", "fr"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Changes in Gammalande from 2022 to 2023"),
        "{text}"
    );
    assert!(
        text.contains("    ~ Exportations / Montant: 1,468.9 → 1,500.3"),
        "{text}"
    );
    assert!(
        text.contains("    ~ Exportations / Part: — → 55.5%"),
        "{text}"
    );
    assert!(!text.contains("Exports"), "{text}");
    let out = almanac(dir.path(), &["diff", "gamma", "2022", "2023"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Exports / Amount") && !text.contains("Exportations"),
        "{text}"
    );
    let out = almanac(
        dir.path(),
        &["diff", "gamma", "2022", "2023", "--language", "de"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is not published in `de`"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("its languages are: en, fr"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_site_with_translations_builds_the_same_twice() {
    let dir = fixture("translations");
    let build = |out: &str| {
        let o = almanac(dir.path(), &["build", "--out", out]);
        assert!(o.status.success(), "{}", stderr(&o));
        tree(&dir.path().join(out))
    };
    let first = build("one");
    assert_eq!(first, build("two"));
}

#[test]
fn every_text_without_its_language_is_named_and_nothing_else_follows_from_it() {
    let dir = fixture("translations");
    let file = "content/gamma/2023/data/box-trade.yaml";
    let text = read(dir.path(), file)
        .replace("label: {en: Amount, fr: Montant}", "label: {en: Amount}")
        .replace(
            "item: {en: Imports, fr: Importations}",
            "item: {en: Imports}",
        )
        .replace("fr: Données synthétiques.", "fr: ~");
    write(dir.path(), file, &text);
    let out = almanac(dir.path(), &["check", "--format", "json"]);
    let diags: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(String, u64)> = diags
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    // All three in one run, each at its line; the box still counts as embedded in both
    // languages (no mismatch, no unused box).
    assert_eq!(
        found,
        vec![
            ("missing-translation".to_string(), 5),
            ("missing-translation".to_string(), 9),
            ("missing-translation".to_string(), 11),
        ],
        "{diags:#}"
    );
    // A translation that cannot be read has its own error, and is not said to be missing.
    let dir = fixture("translations");
    std::fs::write(
        dir.path().join("content/gamma/2023/02-outlook.fr.md"),
        b"\xff\xfe",
    )
    .unwrap();
    let out = almanac(dir.path(), &["check", "--format", "json"]);
    let diags: Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = diags
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["invalid-utf8"], "{diags:#}");
}

#[test]
fn an_edition_links_and_compares_to_others_in_its_own_language() {
    // 2022 is written in French and translated into English; 2023 the other way round.
    let dir = fixture("translations");
    let e = dir.path().join("content/gamma/2022");
    std::fs::rename(e.join("01-overview.md"), e.join("01-overview.en.md")).unwrap();
    std::fs::rename(e.join("01-overview.fr.md"), e.join("01-overview.md")).unwrap();
    write(
        dir.path(),
        "content/gamma/2022/edition.yaml",
        "title: {en: Gammaland 2022, fr: Gammalande 2022}\ndate: 2022-06-30\nlanguage: fr\ntranslations: [en]\n",
    );
    let out = almanac(dir.path(), &["build", "--no-pdf"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let en = read(dir.path(), "site/gamma/2023/index.html");
    let fr = read(dir.path(), "site/gamma/2023/fr/index.html");
    // Each 2023 leads to the 2022 in its language, and compares with it.
    assert!(
        en.contains("<a href=\"../../gamma/2022/en/index.html\">2022</a>"),
        "{en}"
    );
    assert!(
        fr.contains("<a href=\"../../../gamma/2022/index.html\">2022</a>"),
        "{fr}"
    );
    for page in [&en, &fr] {
        assert!(page.contains("changes-title"));
        assert!(!page.contains("Exportations</") || !page.contains("Exports</"));
    }
    assert!(!en.contains("Row removed: Exportations") && !en.contains("Row added: Exports"));
    // The French original names its report in French, the English translation in English.
    let fr22 = read(dir.path(), "site/gamma/2022/index.html");
    assert!(
        fr22.contains("<p class=\"report-name\">Gammalande (GM)</p>"),
        "{fr22}"
    );
    assert!(
        read(dir.path(), "site/gamma/2022/en/index.html")
            .contains("<p class=\"report-name\">Gammaland (GM)</p>")
    );
    // So does its feed entry.
    let atom = read(dir.path(), "site/atom.xml");
    assert!(atom.contains("<title xml:lang=\"fr\">Gammalande"), "{atom}");
    assert!(
        atom.contains("<summary xml:lang=\"fr\">Un rapport synthétique"),
        "{atom}"
    );
}
