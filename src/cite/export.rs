//! A bibliography written for readers' reference managers: BibTeX and CSL-JSON.
//!
//! A work read from a `.bib` file is written back as its BibLaTeX entry was (as BibTeX when
//! it can be); a work of a Hayagriva YAML file is written from its fields: type, title,
//! authors, editors, date, publisher and place, organisation, address and access date, note,
//! volume, issue, pages, DOI, ISBN, ISSN and the title of what it is part of. Other fields are
//! left out rather than guessed.

use super::engine::Works;
use biblatex::{Chunk, Spanned};
use hayagriva::Entry;
use hayagriva::types::{Date, EntryType, Person};
use serde_json::{Map, Value, json};

/// The BibTeX (and, where the CSL-JSON has one, the CSL) type of a work.
fn types_of(t: &EntryType) -> (&'static str, &'static str) {
    match t {
        EntryType::Article => ("article", "article-journal"),
        EntryType::Chapter | EntryType::Anthos => ("incollection", "chapter"),
        EntryType::Book | EntryType::Anthology => ("book", "book"),
        EntryType::Report => ("techreport", "report"),
        EntryType::Thesis => ("phdthesis", "thesis"),
        EntryType::Web | EntryType::Blog | EntryType::Post => ("misc", "webpage"),
        EntryType::Proceedings => ("proceedings", "book"),
        EntryType::Newspaper => ("article", "article-newspaper"),
        EntryType::Patent => ("misc", "patent"),
        EntryType::Legislation => ("misc", "legislation"),
        EntryType::Manuscript => ("unpublished", "manuscript"),
        EntryType::Reference | EntryType::Entry => ("misc", "entry"),
        EntryType::Repository => ("misc", "dataset"),
        _ => ("misc", "document"),
    }
}

/// A list of names as BibTeX chunks: `Family, Given and …`, a name without a given name
/// (an organisation) braced whole, so BibTeX never splits it.
fn names_bibtex(people: &[Person]) -> Vec<Spanned<Chunk>> {
    let mut out = Vec::new();
    for (i, p) in people.iter().enumerate() {
        if i > 0 {
            out.push(Spanned::detached(Chunk::Normal(" and ".to_string())));
        }
        let family = match &p.prefix {
            Some(prefix) => format!("{prefix} {}", p.name),
            None => p.name.clone(),
        };
        out.push(Spanned::detached(match (&p.given_name, &p.suffix) {
            (Some(g), Some(s)) => Chunk::Normal(format!("{family}, {s}, {g}")),
            (Some(g), None) => Chunk::Normal(format!("{family}, {g}")),
            (None, _) => Chunk::Verbatim(family),
        }));
    }
    out
}

fn date_bibtex(d: &Date) -> String {
    let mut s = format!("{:04}", d.year);
    if let Some(m) = d.month {
        s.push_str(&format!("-{:02}", m + 1));
        if let Some(day) = d.day {
            s.push_str(&format!("-{:02}", day + 1));
        }
    }
    s
}

/// The fields every export reads, as text.
struct Fields {
    title: Option<String>,
    parent_title: Option<String>,
    authors: Vec<Person>,
    editors: Vec<Person>,
    date: Option<Date>,
    publisher: Option<String>,
    place: Option<String>,
    organization: Option<String>,
    url: Option<String>,
    accessed: Option<Date>,
    note: Option<String>,
    volume: Option<String>,
    issue: Option<String>,
    pages: Option<String>,
    doi: Option<String>,
    isbn: Option<String>,
    issn: Option<String>,
}

fn fields(e: &Entry) -> Fields {
    let text =
        |f: Option<&hayagriva::types::FormatString>| f.map(|f| f.value.to_str().into_owned());
    let publisher = e.publisher();
    Fields {
        title: text(e.title()),
        parent_title: e.parents().first().and_then(|p| text(p.title())),
        authors: e.authors().map(<[Person]>::to_vec).unwrap_or_default(),
        editors: e.editors().map(<[Person]>::to_vec).unwrap_or_default(),
        date: e.date().cloned(),
        publisher: publisher.and_then(|p| text(p.name())),
        place: publisher
            .and_then(|p| text(p.location()))
            .or_else(|| text(e.location())),
        organization: text(e.organization()),
        url: e.url().map(|u| u.value.to_string()),
        accessed: e.url().and_then(|u| u.visit_date),
        note: text(e.note()),
        // A journal's volume and issue are the parent's, in Hayagriva's model.
        volume: e.map(|e| e.volume()).map(|v| v.to_string()),
        issue: e.map(|e| e.issue()).map(|v| v.to_string()),
        pages: e.page_range().map(|v| v.to_string()),
        doi: e.doi().map(str::to_string),
        isbn: e.isbn().map(str::to_string),
        issn: e.issn().map(str::to_string),
    }
}

fn chunks(text: &str, verbatim: bool) -> Vec<Spanned<Chunk>> {
    // A control character has no place in a .bib file.
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    vec![Spanned::detached(if verbatim {
        Chunk::Verbatim(text)
    } else {
        Chunk::Normal(text)
    })]
}

pub fn bibtex(works: &Works, keys: &[&str]) -> String {
    let mut out = String::new();
    for key in keys {
        if let Some(written) = works.biblatex.get(*key) {
            out.push_str(written);
            out.push_str("\n\n");
            continue;
        }
        let Some(e) = works.library.get(key) else {
            continue;
        };
        let f = fields(e);
        let (kind, _) = types_of(e.entry_type());
        let mut b = biblatex::Entry::new(key.to_string(), biblatex::EntryType::new(kind));
        for (field, people) in [("author", &f.authors), ("editor", &f.editors)] {
            if !people.is_empty() {
                b.set(field, names_bibtex(people));
            }
        }

        let mut set = |name: &str, value: Option<String>, verbatim: bool| {
            if let Some(v) = value.filter(|v| !v.is_empty()) {
                b.set(name, chunks(&v, verbatim));
            }
        };
        set("title", f.title, true);
        let parent_field = if kind == "article" {
            "journal"
        } else {
            "booktitle"
        };
        set(parent_field, f.parent_title, true);
        // BibTeX's `year` and `month` are written from it.
        set("date", f.date.as_ref().map(date_bibtex), false);
        set("publisher", f.publisher, true);
        set("address", f.place, false);
        let organization_field = if kind == "techreport" {
            "institution"
        } else {
            "organization"
        };
        set(organization_field, f.organization, true);
        set("url", f.url, false);
        set("urldate", f.accessed.as_ref().map(date_bibtex), false);
        set("note", f.note, false);
        set("volume", f.volume, false);
        set("number", f.issue, false);
        set("pages", f.pages, false);
        set("doi", f.doi, false);
        set("isbn", f.isbn, false);
        set("issn", f.issn, false);
        out.push_str(
            &b.to_bibtex_string()
                .unwrap_or_else(|_| b.to_biblatex_string()),
        );
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn person_csl(p: &Person) -> Value {
    let mut m = Map::new();
    m.insert("family".into(), Value::String(p.name.clone()));
    if let Some(g) = &p.given_name {
        m.insert("given".into(), Value::String(g.clone()));
    }
    if let Some(prefix) = &p.prefix {
        m.insert(
            "non-dropping-particle".into(),
            Value::String(prefix.clone()),
        );
    }
    if let Some(s) = &p.suffix {
        m.insert("suffix".into(), Value::String(s.clone()));
    }
    Value::Object(m)
}

fn date_csl(d: &Date) -> Value {
    let mut parts = vec![json!(d.year)];
    if let Some(m) = d.month {
        parts.push(json!(u32::from(m) + 1));
        if let Some(day) = d.day {
            parts.push(json!(u32::from(day) + 1));
        }
    }
    json!({ "date-parts": [parts] })
}

pub fn csl_json(works: &Works, keys: &[&str]) -> String {
    let items: Vec<Value> = keys
        .iter()
        .filter_map(|key| works.library.get(key).map(|e| (key, e)))
        .map(|(key, e)| {
            let f = fields(e);
            let (_, kind) = types_of(e.entry_type());
            let mut m = Map::new();
            m.insert("id".into(), json!(key));
            m.insert("type".into(), json!(kind));
            let mut text = |name: &str, value: Option<String>| {
                if let Some(v) = value.filter(|v| !v.is_empty()) {
                    m.insert(name.into(), Value::String(v));
                }
            };
            text("title", f.title);
            text("container-title", f.parent_title);
            text("publisher", f.publisher.or_else(|| f.organization.clone()));
            text("publisher-place", f.place);
            text("URL", f.url);
            text("note", f.note);
            text("volume", f.volume);
            text("issue", f.issue);
            text("page", f.pages);
            text("DOI", f.doi);
            text("ISBN", f.isbn);
            text("ISSN", f.issn);
            if !f.authors.is_empty() {
                m.insert("author".into(), f.authors.iter().map(person_csl).collect());
            }
            if !f.editors.is_empty() {
                m.insert("editor".into(), f.editors.iter().map(person_csl).collect());
            }
            if let Some(d) = &f.date {
                m.insert("issued".into(), date_csl(d));
            }
            if let Some(d) = &f.accessed {
                m.insert("accessed".into(), date_csl(d));
            }
            Value::Object(m)
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_string());
    out.push('\n');
    out
}
