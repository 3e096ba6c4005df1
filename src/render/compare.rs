//! Comparison pages across reports: an indicator id that several reports define gets
//! `site/compare/<id>/index.html`, with the latest value of each country in a table.

use super::OutputFile;
use super::template::{PageMeta, page_context, render_template};
use super::theme::Theme;
use crate::core::code::Code;
use crate::core::diagnostic::Diagnostic;
use crate::core::slug;
use crate::core::typography::smart_punctuation;
use crate::model::Indicator;
use crate::resolve::{ResolvedEdition, ResolvedSite, TargetKind};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct ComparisonRow {
    pub report: String,
    pub country: String,
    pub value: f64,
    pub value_text: String,
    pub year: Option<i32>,
    pub edition: u16,
    pub href: String,
    /// The edition's language, which the link says when it is not the site's.
    pub lang: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub id: String,
    pub label: String,
    pub unit: Option<String>,
    /// One row per report, in report order.
    pub rows: Vec<ComparisonRow>,
    /// "(3 countries)", in the site's language.
    pub count_text: String,
}

/// The comparisons of the site: indicator ids that the newest editions of two or more
/// reports define, sorted by id.
pub fn comparisons(site: &ResolvedSite<'_>) -> Vec<Comparison> {
    let mut by_id: BTreeMap<String, Vec<(ComparisonRow, &Indicator)>> = BTreeMap::new();
    for report in &site.reports {
        let Some(newest) = report.newest() else {
            continue;
        };
        // In the site's language when the edition is published in it.
        let newest = newest
            .versions()
            .find(|v| v.locale.tag() == site.locale.tag())
            .unwrap_or(newest);
        let Some(file) = &newest.edition.data.indicators else {
            continue;
        };
        // An id that is no slug was reported at load, and never names a page.
        for ind in file.spec.indicators.iter().filter(|i| slug::is_slug(&i.id)) {
            by_id.entry(ind.id.clone()).or_default().push((
                ComparisonRow {
                    report: report.report.slug.clone(),
                    country: smart_punctuation(&newest.report_meta().name),
                    value: ind.value,
                    value_text: ind.value_text(&site.locale),
                    year: ind.year,
                    edition: newest.edition.year,
                    // The box that shows the indicator, on its page, else the edition.
                    href: format!(
                        "../../{}/{}",
                        newest.site_dir(),
                        indicator_page(newest, &ind.id).unwrap_or_else(|| "index.html".to_string())
                    ),
                    lang: newest.locale.tag().to_string(),
                },
                ind,
            ));
        }
    }
    by_id
        .into_iter()
        .filter(|(_, rows)| rows.len() >= 2)
        .map(|(id, rows)| Comparison {
            // The label titles the comparison's page: its typography set like every title.
            label: smart_punctuation(&rows[0].1.label),
            unit: rows[0].1.unit.clone(),
            count_text: site.locale.count("country_count", rows.len(), &[]),
            id,
            rows: rows.into_iter().map(|(r, _)| r).collect(),
        })
        .collect()
}

/// The page, from the edition's folder, of the first box of `edition` that lists the
/// indicator `id`.
fn indicator_page(edition: &ResolvedEdition<'_>, id: &str) -> Option<String> {
    edition
        .boxes
        .iter()
        .filter(|b| b.data.spec.indicators.iter().any(|i| i == id))
        .find_map(|b| edition.page_of(TargetKind::Box, &b.data.spec.id))
}

/// `compare/<id>/index.html` for each comparison.
pub fn comparison_pages(
    site: &ResolvedSite<'_>,
    comparisons: &[Comparison],
    theme: &Theme,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let mut files = Vec::new();
    for c in comparisons {
        let path = format!("compare/{}/index.html", c.id);
        let title = site.locale.fill("across_countries", &[("label", &c.label)]);
        let mut ctx = page_context(site, "../../", &PageMeta::site_page(site, &path, title));
        ctx.insert("comparison", c);
        ctx.insert("chart", &comparison_chart(c, &site.locale)?);
        files.push(OutputFile::new(
            &path,
            render_template(theme, "compare.html", &ctx)?.into_bytes(),
        )?);
    }
    Ok(files)
}

/// The comparison as sideways bars, one per country.
fn comparison_chart(c: &Comparison, locale: &crate::locale::Locale) -> Result<String, Diagnostic> {
    use crate::model::charts::{AxisSide, ChartType, SeriesKind};
    use crate::plot::{Plot, PlotSeries};
    let plot = Plot {
        kind: ChartType::Bar,
        horizontal: true,
        categories: c.rows.iter().map(|r| r.country.clone()).collect(),
        series: vec![PlotSeries {
            label: c.label.clone(),
            values: c.rows.iter().map(|r| r.value).collect(),
            draw_as: SeriesKind::Bar,
            axis: AxisSide::Left,
            unit: c.unit.clone(),
            decimals: None,
            color: None,
            labels: false,
        }],
        x_label: None,
        y_label: None,
        y_right_label: None,
        category_name: None,
        locale: locale.clone(),
        options: Default::default(),
    };
    let draw = |suffix: &str, canvas| {
        crate::chart::draw_svg_on(
            &plot,
            &format!("compare-{}{suffix}", c.id),
            &locale.fill("across_countries", &[("label", &c.label)]),
            canvas,
        )
        .map_err(|e| {
            Diagnostic::error(
                Code::ChartError,
                format!("the comparison chart could not be drawn: {}", e.0),
            )
            .with_help("report this")
        })
    };
    // Drawn for the column and for a phone, as the figures are (the theme shows one).
    Ok(format!(
        "<div class=\"chart-wide\">{}</div><div class=\"chart-narrow\">{}</div>",
        draw("", crate::chart::Canvas::Wide)?,
        draw("-narrow", crate::chart::Canvas::Narrow)?
    ))
}
