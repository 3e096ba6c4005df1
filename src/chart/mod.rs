//! Charts drawn to SVG at build time, with plotters' SVG backend and the theme's embedded font.
//!
//! `draw_svg` is the entry point. Everything drawn is text and shapes in data order: the same
//! plot gives the same bytes on every build, and the SVG scales with the page (a viewBox, no
//! fixed size) and carries its own title and description for screen readers.

pub mod annotation;
pub mod axis;
pub mod cartesian;
pub mod describe;
pub mod labels;
pub mod legend;
pub mod marker;
pub mod multiples;
pub mod palette;
pub mod pie;
pub mod reference;

pub mod text;

#[cfg(test)]
mod layout_tests;

use crate::core::escape;
use crate::plot::Plot;
use plotters::prelude::*;

/// Why a chart could not be drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartError(pub String);

/// Which drawing of a chart: for the page's column, for a phone's narrow screen (the same
/// text sizes on half the width, so that the text stays readable when the chart shrinks), or
/// for the PDF's text width (narrower than the column, so that set at the width of an A4
/// page's text, its text prints at about 8–9 pt rather than 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Canvas {
    Wide,
    Narrow,
    Print,
}

/// The chart as an inline SVG element, for the page's column. `id` (unique on the page)
/// names its title and description; `title` is the figure's title.
pub fn draw_svg(plot: &Plot, id: &str, title: &str) -> Result<String, ChartError> {
    draw_svg_on(plot, id, title, Canvas::Wide)
}

fn pie_geometry(plot: &Plot, canvas: Canvas) -> pie::Geometry {
    match canvas {
        Canvas::Wide => pie::WIDE,
        Canvas::Print => pie::PRINT,
        Canvas::Narrow => pie::narrow(plot.categories.len()),
    }
}

/// The width and height of the chart drawn on `canvas`, in the SVG's units.
pub fn canvas_size(plot: &Plot, canvas: Canvas) -> (u32, u32) {
    if plot.kind.is_round() {
        let g = pie_geometry(plot, canvas);
        (g.width, g.height)
    } else if plot.options.small_multiples {
        multiples::grid(plot, canvas).size()
    } else {
        let base = match canvas {
            Canvas::Wide => cartesian::WIDE,
            Canvas::Print => cartesian::PRINT,
            Canvas::Narrow => cartesian::NARROW,
        };
        cartesian::size(plot, base)
    }
}

/// The chart as an inline SVG element drawn on `canvas`.
pub fn draw_svg_on(
    plot: &Plot,
    id: &str,
    title: &str,
    canvas: Canvas,
) -> Result<String, ChartError> {
    if !crate::plot::font::ensure_registered() {
        return Err(ChartError(
            "the embedded chart font could not be read".into(),
        ));
    }
    let round = plot.kind.is_round();
    let pie_geometry = pie_geometry(plot, canvas);
    let (w, h) = canvas_size(plot, canvas);
    let mut svg = String::with_capacity(16 * 1024);
    {
        let backend = SVGBackend::with_string(&mut svg, (w, h));
        let area = backend.into_drawing_area();
        let drawn = if round {
            pie::draw(&area, plot, &pie_geometry)
        } else if plot.options.small_multiples {
            multiples::draw(&area, plot, multiples::grid(plot, canvas))
        } else {
            cartesian::draw(&area, plot, (w, h))
        };
        drawn.map_err(|e| ChartError(e.to_string()))?;
        area.present().map_err(|e| ChartError(e.to_string()))?;
    }
    Ok(finish(&svg, id, title, &describe::describe(plot), w, h))
}

/// Makes plotters' SVG scale with the page and speak to screen readers: the fixed width and
/// height give way to a viewBox, and a title and description come first.
fn finish(svg: &str, id: &str, title: &str, desc: &str, w: u32, h: u32) -> String {
    let body = match svg.find('>') {
        Some(i) if svg.starts_with("<svg") => &svg[i + 1..],
        _ => svg,
    };
    let id = escape::html(id);
    format!(
        "<svg class=\"chart\" viewBox=\"0 0 {w} {h}\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"{id}-svg-title {id}-svg-desc\">\n<title id=\"{id}-svg-title\">{}</title>\n<desc id=\"{id}-svg-desc\">{}</desc>{}",
        escape::xml(title),
        escape::xml(desc),
        body.trim_start_matches('\n')
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::charts::{AxisSide, ChartType, SeriesKind};
    use crate::plot::PlotSeries;

    fn plot(kind: ChartType) -> Plot {
        let s = |label: &str, values: Vec<f64>, draw_as, axis| PlotSeries {
            label: label.into(),
            values,
            draw_as,
            axis,
            unit: None,
            decimals: None,
            color: None,
            labels: false,
        };
        Plot {
            kind,
            horizontal: false,
            categories: vec![
                "2016".into(),
                "2017 <&\u{7}>".into(),
                "A very long category label that wraps".into(),
            ],
            series: vec![
                s(
                    "Deals",
                    vec![1.0, 3.0, 2.0],
                    SeriesKind::Bar,
                    AxisSide::Left,
                ),
                s(
                    "Amount \u{1b}",
                    vec![10.0, 40.0, 25.5],
                    SeriesKind::Line,
                    AxisSide::Right,
                ),
            ],
            x_label: Some("Year".into()),
            y_label: None,
            y_right_label: None,
            category_name: None,
            locale: Default::default(),
            options: Default::default(),
        }
    }

    #[test]
    fn svg_scales_speaks_and_keeps_text_as_text() {
        let svg = draw_svg(&plot(ChartType::Combo), "fig-a", "Deals & amounts").expect("draws");
        assert!(svg.starts_with("<svg class=\"chart\" viewBox=\"0 0 760 420\""));
        assert!(!svg.contains(" width=\"760\""));
        assert!(svg.contains("<title id=\"fig-a-svg-title\">Deals &amp; amounts</title>"));
        assert!(
            svg.contains("2017 &lt;&amp;&gt;"),
            "labels are escaped and cleaned"
        );
        assert!(!svg.contains('\u{7}') && !svg.contains('\u{1b}'));
        assert!(svg.contains("font-family=\"Inter\""));
    }

    #[test]
    fn the_same_plot_draws_the_same_bytes() {
        for kind in [
            ChartType::Bar,
            ChartType::StackedBar,
            ChartType::Line,
            ChartType::Area,
            ChartType::Pie,
        ] {
            let mut p = plot(kind);
            if kind.is_round() {
                p.series.truncate(1);
            }
            assert_eq!(draw_svg(&p, "f", "t"), draw_svg(&p, "f", "t"));
        }
    }
}
