//! How long one chart takes to draw to SVG (the bar: well under a millisecond).
//!
//!     cargo bench --bench charts

use almanac::chart::draw_svg;
use almanac::model::charts::{AxisSide, ChartType, SeriesKind};
use almanac::resolve::charts::{Plot, PlotSeries};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn series(label: &str, values: Vec<f64>, draw_as: SeriesKind, axis: AxisSide) -> PlotSeries {
    PlotSeries {
        label: label.into(),
        values,
        draw_as,
        axis,
        unit: None,
        decimals: None,
        color: None,
        labels: false,
    }
}

fn charts(c: &mut Criterion) {
    // The sample's combo chart: nine years of deals (bars) and amounts (line, right axis).
    let years: Vec<String> = (2013..=2021).map(|y| y.to_string()).collect();
    let combo = Plot {
        kind: ChartType::Combo,
        horizontal: false,
        categories: years,
        series: vec![
            series(
                "Number of deals",
                vec![76.0, 99.0, 125.0, 188.0, 199.0, 192.0, 154.0, 110.0, 130.0],
                SeriesKind::Bar,
                AxisSide::Left,
            ),
            series(
                "Amount",
                vec![
                    110.5, 140.0, 260.2, 450.7, 630.0, 580.0, 300.0, 190.0, 210.0,
                ],
                SeriesKind::Line,
                AxisSide::Right,
            ),
        ],
        x_label: None,
        y_label: Some("Deals".into()),
        y_right_label: Some("USD 100 million".into()),
        category_name: None,
        locale: Default::default(),
        options: Default::default(),
    };
    let donut = Plot {
        kind: ChartType::Donut,
        horizontal: false,
        categories: vec!["China".into(), "Rest of the world".into()],
        series: vec![series(
            "Lighthouse factories",
            vec![42.0, 72.0],
            SeriesKind::Bar,
            AxisSide::Left,
        )],
        x_label: None,
        y_label: None,
        y_right_label: None,
        category_name: None,
        locale: Default::default(),
        options: Default::default(),
    };
    c.bench_function("chart: combo, 9 categories, 2 axes", |b| {
        b.iter(|| black_box(draw_svg(&combo, "fig-a", "A")))
    });
    c.bench_function("chart: donut, 2 slices", |b| {
        b.iter(|| black_box(draw_svg(&donut, "fig-b", "B")))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(std::time::Duration::from_secs(3));
    targets = charts
}
criterion_main!(benches);
