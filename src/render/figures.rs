//! An embedded figure: "Figure N", its caption, the chart drawn to inline SVG (or the static
//! image), its numbers as a table in a `<details>`, notes, source and downloads, through
//! `figure.html`; and the figure's files (CSV, JSON, the image).

use super::OutputFile;
use super::downloads::href;
use super::markdown::render_snippet;
use super::number_format::format_number;
use super::pages::render_template;
use super::theme::Theme;
use crate::chart;
use crate::diagnostic::Diagnostic;
use crate::escape;
use crate::resolve::charts::{FigureContent, Plot};
use crate::resolve::{NumberedFigure, ResolvedEdition};
use serde::Serialize;

#[derive(Serialize)]
struct DataTable {
    head: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn data_table(plot: &Plot) -> DataTable {
    let mut head = vec![plot.x_label.clone().unwrap_or_else(|| "Category".into())];
    head.extend(plot.series.iter().map(|s| match s.unit.as_deref() {
        // The unit once: a label that names it already ("Amount (USD 100 million)") keeps it.
        Some(u) if u != "%" && !s.label.contains(&format!("({u})")) => {
            format!("{} ({u})", s.label)
        }
        _ => s.label.clone(),
    }));
    let rows = plot
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut row = vec![c.clone()];
            row.extend(plot.series.iter().map(|s| {
                let n = format_number(s.values[i], s.decimals, true);
                if s.unit.as_deref() == Some("%") {
                    format!("{n}%")
                } else {
                    n
                }
            }));
            row
        })
        .collect();
    DataTable { head, rows }
}

pub fn render_figure(
    theme: &Theme,
    _edition: &ResolvedEdition<'_>,
    f: &NumberedFigure<'_>,
    allow_raw_html: bool,
) -> Result<String, Diagnostic> {
    let spec = &f.data.spec;
    let mut ctx = tera::Context::new();
    ctx.insert("number", &f.number);
    ctx.insert("id", &spec.id);
    ctx.insert("title", &spec.title);
    ctx.insert("subtitle", &spec.subtitle);
    let labelled = |label: &str, text: &Option<String>| {
        text.as_deref()
            .map(|t| super::boxes::labelled(label, &render_snippet(t, allow_raw_html, false)))
    };
    ctx.insert("source", &labelled("Source:", &spec.source));
    ctx.insert("notes", &labelled("Note:", &spec.notes));
    match &f.content {
        Some(FigureContent::Chart(plot)) => {
            let draw = |id: &str, canvas| {
                chart::draw_svg_on(plot, id, &spec.title, canvas).map_err(|e| {
                    Diagnostic::error(
                        "chart-error",
                        format!("the chart could not be drawn: {}", e.0),
                    )
                    .in_file(&f.data.file.path)
                    .with_help("report this: a checked chart should always draw")
                })
            };
            ctx.insert("svg", &draw(&spec.id, chart::Canvas::Wide)?);
            ctx.insert(
                "svg_narrow",
                &draw(&format!("{}-narrow", spec.id), chart::Canvas::Narrow)?,
            );
            ctx.insert("table", &data_table(plot));
            ctx.insert("csv", &href(&spec.id, "csv"));
            ctx.insert("json", &href(&spec.id, "json"));
        }
        Some(FigureContent::Image(img)) => {
            ctx.insert("image", &crate::escape::url_path(&img.path));
            ctx.insert("alt", &img.alt);
        }
        None => {
            // A figure in error, already reported by resolve: the page is only rendered to
            // check the rest of it (links, templates), never written, so it gets an empty
            // figure rather than a second error.
            ctx.insert("image", "");
            ctx.insert("alt", "");
        }
    }
    render_template(theme, "figure.html", &ctx)
}

/// A figure's files under the edition folder: CSV and JSON of a chart's data, or the image.
pub fn figure_files(dir: &str, f: &NumberedFigure<'_>) -> Result<Vec<OutputFile>, Diagnostic> {
    let spec = &f.data.spec;
    Ok(match &f.content {
        Some(FigureContent::Chart(plot)) => vec![
            OutputFile::new(
                &format!("{dir}/{}", href(&spec.id, "csv")),
                plot_csv(plot).into_bytes(),
            )?,
            OutputFile::new(
                &format!("{dir}/{}", href(&spec.id, "json")),
                plot_json(f, plot).into_bytes(),
            )?,
        ],
        Some(FigureContent::Image(img)) => vec![OutputFile::new(
            &format!("{dir}/{}", img.path),
            img.bytes.clone(),
        )?],
        None => Vec::new(),
    })
}

/// RFC 4180: a header of `category` and the series labels, then raw values.
pub fn plot_csv(plot: &Plot) -> String {
    use escape::csv_record as push_record;
    let mut out = String::new();
    let labels = plot.series.iter().map(|s| escape::csv_text(&s.label));
    push_record(
        &mut out,
        std::iter::once("category".to_string()).chain(labels),
    );
    for (i, c) in plot.categories.iter().enumerate() {
        let values = plot
            .series
            .iter()
            .map(|s| escape::csv_number(&s.values[i].to_string()));
        push_record(&mut out, std::iter::once(escape::csv_text(c)).chain(values));
    }
    out
}

fn plot_json(f: &NumberedFigure<'_>, plot: &Plot) -> String {
    #[derive(Serialize)]
    struct Json<'a> {
        id: &'a str,
        number: usize,
        title: &'a str,
        #[serde(rename = "type")]
        kind: &'a str,
        #[serde(flatten)]
        plot: &'a Plot,
    }
    let json = Json {
        id: &f.data.spec.id,
        number: f.number,
        title: &f.data.spec.title,
        kind: plot.kind.describe(),
        plot,
    };
    serde_json::to_string_pretty(&json).unwrap_or_default()
}
