//! An embedded figure: "Figure N", its caption, the chart drawn to inline SVG (or the static
//! image), its numbers as a table in a `<details>`, notes, source and downloads, through
//! `figure.html`; and the figure's files (CSV, JSON, the image).

use super::downloads::href;
use super::markdown::render_snippet_with_marks;
use super::template::render_embed;
use super::theme::Theme;
use crate::chart;
use crate::core::code::Code;
use crate::core::diagnostic::Diagnostic;
use crate::core::typography::smart_punctuation;
use crate::locale::Locale;
use crate::resolve::NumberedFigure;
use crate::resolve::Resolution;
use crate::resolve::charts::{FigureContent, Plot};
use crate::resolve::texts::Field;
use serde::Serialize;

#[derive(Serialize)]
struct DataTable {
    head: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn data_table(plot: &Plot) -> DataTable {
    let locale = &plot.locale;
    let numbers = locale.numbers();
    let mut head = vec![
        plot.category_name
            .clone()
            .unwrap_or_else(|| locale.text("category").to_string()),
    ];
    head.extend(plot.series.iter().map(|s| match s.unit.as_deref() {
        // The unit once: a label that names it already ("Amount (USD 100 million)") keeps it.
        Some(u) if u != "%" && !s.label.contains(&format!("({u})")) => {
            locale.fill("label_with_unit", &[("label", &s.label), ("unit", u)])
        }
        _ => s.label.clone(),
    }));
    let rows = plot
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut row = vec![c.clone()];
            // As the chart's data labels write them.
            row.extend(plot.series.iter().map(|s| s.format(s.values[i], numbers)));
            row
        })
        .collect();
    DataTable { head, rows }
}

/// A chart or diagram figure drawn on `canvas` as the page shows it (its title set as every title is);
/// `None` for a static image or a figure in error.
pub fn drawing(
    f: &NumberedFigure<'_>,
    canvas: chart::Canvas,
) -> Result<Option<String>, Diagnostic> {
    let spec = &f.data.spec;
    let id = match canvas {
        chart::Canvas::Wide | chart::Canvas::Print => spec.id.clone(),
        chart::Canvas::Narrow => format!("{}-narrow", spec.id),
    };
    let plot = match &f.content {
        Some(FigureContent::Chart(plot)) => plot,
        Some(FigureContent::Diagram(d)) => {
            return Ok(Some(crate::diagram::draw_svg(
                d,
                &id,
                &smart_punctuation(&spec.title),
                canvas,
            )));
        }
        _ => return Ok(None),
    };
    chart::draw_svg_on(plot, &id, &smart_punctuation(&spec.title), canvas)
        .map(Some)
        .map_err(|e| {
            Diagnostic::error(
                Code::ChartError,
                format!("the chart could not be drawn: {}", e.0),
            )
            .in_file(&f.data.file.path)
            .with_help("report this: a checked chart should always draw")
        })
}

/// An edition's charts and diagrams drawn for the column and for a phone, by figure index.
pub struct Drawings {
    pub wide: Vec<Option<String>>,
    pub narrow: Vec<Option<String>>,
}

impl Drawings {
    /// The drawings of the figure at `index`, when it has them.
    pub fn of(&self, index: usize) -> Option<(&str, &str)> {
        let wide = self.wide.get(index)?.as_deref()?;
        let narrow = self.narrow.get(index)?.as_deref()?;
        Some((wide, narrow))
    }
}

/// The width and height of a drawing, from its `viewBox`.
pub fn drawn_size(svg: &str) -> Option<(f64, f64)> {
    let rest = &svg[svg.find("viewBox=\"0 0 ")? + "viewBox=\"0 0 ".len()..];
    let (w, rest) = rest.split_once(' ')?;
    let h = rest.split('"').next()?;
    Some((w.parse().ok()?, h.parse().ok()?))
}

/// Below this, a diagram shrunk to fit its canvas prints its text under about 9 pixels.
const LEAST_READABLE_SCALE: f64 = 0.75;

/// A warning for each diagram that must shrink past reading size to fit the column or a
/// phone, at its `layout`.
pub fn diagram_size_warnings(
    edition: &crate::resolve::ResolvedEdition<'_>,
    drawings: &Drawings,
) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for (index, f) in edition.figures.iter().enumerate() {
        let Some(FigureContent::Diagram(_)) = &f.content else {
            continue;
        };
        let Some((wide, narrow)) = drawings.of(index) else {
            continue;
        };
        let shrunk = [
            (wide, crate::diagram::WIDE_WIDTH, "the column"),
            (narrow, crate::diagram::NARROW_WIDTH, "a phone"),
        ]
        .into_iter()
        .filter_map(|(svg, room, name)| Some(((room / drawn_size(svg)?.0).min(1.0), name)))
        .filter(|(scale, _)| *scale < LEAST_READABLE_SCALE)
        .min_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((scale, name)) = shrunk {
            let file = &f.data.file;
            let mut w = Diagnostic::warning(
                Code::DiagramTooWide,
                format!(
                    "this diagram is too wide for {name}: shrunk to {:.0}% to fit, its text prints at about {:.0} pixels",
                    scale * 100.0,
                    crate::diagram::svg::LABEL_PX * scale
                ),
            )
            .with_help("put fewer boxes side by side: shorter labels, `direction: down` (or `right`), or several smaller figures");
            w = crate::load::yaml::place_at(
                w,
                file,
                &[crate::load::yaml::Seg::Key("layout")],
                crate::load::yaml::Target::Key,
            );
            warnings.push(w);
        }
    }
    warnings
}

/// A figure's two drawings: as the caller drew them, else drawn now (which reports why one
/// cannot be drawn).
fn drawings_of(
    f: &NumberedFigure<'_>,
    drawn: Option<(&str, &str)>,
) -> Result<(String, String), Diagnostic> {
    Ok(match drawn {
        Some((wide, narrow)) => (wide.to_string(), narrow.to_string()),
        None => (
            drawing(f, chart::Canvas::Wide)?.unwrap_or_default(),
            drawing(f, chart::Canvas::Narrow)?.unwrap_or_default(),
        ),
    })
}

/// The figure's HTML. `drawn` is its chart or diagram drawn for the column and for a phone
/// when the caller has drawn them already (the PDF uses the same wide drawing), so each is
/// drawn once.
pub fn render_figure(
    theme: &Theme,
    f: &NumberedFigure<'_>,
    allow_raw_html: bool,
    drawn: Option<(&str, &str)>,
    locale: &Locale,
    mark_html: &dyn Fn(&Resolution) -> String,
) -> Result<String, Diagnostic> {
    let spec = &f.data.spec;
    let mut ctx = tera::Context::new();
    ctx.insert_value("t", super::template::words(locale));
    ctx.insert("number", &f.number);
    ctx.insert("id", &spec.id);
    // The title and subtitle set as every title of the page is (the chart's own title too).
    let title = smart_punctuation(&spec.title);
    ctx.insert("title", &title);
    ctx.insert("subtitle", &spec.subtitle.as_deref().map(smart_punctuation));
    let labelled = |label: &str, text: &Option<String>, field: Field| {
        text.as_deref().map(|t| {
            let html = render_snippet_with_marks(
                t,
                f.texts.of(field),
                &mut |r| mark_html(r),
                allow_raw_html,
                false,
            );
            super::boxes::labelled(label, &html)
        })
    };
    ctx.insert(
        "source",
        &labelled(locale.text("source"), &spec.source, Field::Source),
    );
    ctx.insert(
        "notes",
        &labelled(locale.text("note"), &spec.notes, Field::Notes),
    );
    match &f.content {
        Some(FigureContent::Diagram(d)) => {
            let (wide, narrow) = drawings_of(f, drawn)?;
            ctx.insert("svg", &wide);
            ctx.insert("svg_narrow", &narrow);
            ctx.insert("diagram_text", &super::diagram_text::outline(d));
            ctx.insert("csv", &href(&spec.id, "csv"));
            ctx.insert("json", &href(&spec.id, "json"));
        }
        Some(FigureContent::Chart(plot)) => {
            let (wide, narrow) = drawings_of(f, drawn)?;
            ctx.insert("svg", &wide);
            ctx.insert("svg_narrow", &narrow);
            ctx.insert("table", &data_table(plot));
            ctx.insert("csv", &href(&spec.id, "csv"));
            ctx.insert("json", &href(&spec.id, "json"));
        }
        Some(FigureContent::Image(img)) => {
            ctx.insert("image", &crate::core::escape::url_path(&img.path));
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
    render_embed(theme, "figure.html", &ctx)
}
