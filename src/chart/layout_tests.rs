//! Layout: on crowded charts (many categories, long labels, many slices) no text overlaps
//! other text and none leaves the picture. Each `<text>` is measured with the chart font's
//! own metrics and turned as its `transform` says.

use super::text::{self, width};
use super::{Canvas, draw_svg_on};
use crate::model::charts::{AxisSide, ChartType, SeriesKind};
use crate::plot::{Plot, PlotSeries};

/// A text's box on the picture: left, top, right, bottom.
type Bounds = (f64, f64, f64, f64);

fn text_boxes(svg: &str) -> (f64, f64, Vec<(String, Bounds)>) {
    let doc = roxmltree::Document::parse(svg).expect("the SVG is XML");
    let root = doc.root_element();
    let view: Vec<f64> = root
        .attribute("viewBox")
        .expect("viewBox")
        .split(' ')
        .map(|v| v.parse().expect("number"))
        .collect();
    let mut boxes = Vec::new();
    for t in root.descendants().filter(|n| n.has_tag_name("text")) {
        let s = t.text().unwrap_or("").trim().to_string();
        if s.is_empty() {
            continue;
        }
        let num = |a: &str| t.attribute(a).and_then(|v| v.parse::<f64>().ok());
        let (x, y, size) = (
            num("x").expect("x"),
            num("y").expect("y"),
            num("font-size").expect("size"),
        );
        // plotters' text heights are 1.24 × the SVG font size; `width` takes the former.
        let w = f64::from(width(&s, size * 1.24));
        let baseline = match t.attribute("dy").unwrap_or("0") {
            "0.76em" => y + 0.76 * size,
            "0.5ex" => y + 0.5 * 0.55 * size,
            "-0.5ex" => y - 0.5 * 0.55 * size,
            _ => y,
        };
        let x0 = match t.attribute("text-anchor").unwrap_or("start") {
            "middle" => x - w / 2.0,
            "end" => x - w,
            _ => x,
        };
        // Ascenders to descenders, a little inside the em box.
        let (mut l, mut tp, mut r, mut b) =
            (x0, baseline - 0.72 * size, x0 + w, baseline + 0.2 * size);
        if let Some(rot) = t.attribute("transform") {
            let a: Vec<f64> = rot
                .trim_start_matches("rotate(")
                .trim_end_matches(')')
                .split(", ")
                .map(|v| v.parse().expect("number"))
                .collect();
            let (sin, cos) = a[0].to_radians().sin_cos();
            let turn = |(px, py): (f64, f64)| {
                (
                    a[1] + (px - a[1]) * cos - (py - a[2]) * sin,
                    a[2] + (px - a[1]) * sin + (py - a[2]) * cos,
                )
            };
            let corners = [(l, tp), (r, tp), (l, b), (r, b)].map(turn);
            l = corners.iter().map(|c| c.0).fold(f64::MAX, f64::min);
            r = corners.iter().map(|c| c.0).fold(f64::MIN, f64::max);
            tp = corners.iter().map(|c| c.1).fold(f64::MAX, f64::min);
            b = corners.iter().map(|c| c.1).fold(f64::MIN, f64::max);
        }
        boxes.push((s, (l, tp, r, b)));
    }
    (view[2], view[3], boxes)
}

/// The plot drawn for the column, for a phone and for the PDF, each checked with
/// [`assert_clear`]; the wide drawing is returned.
fn draw_both(plot: &Plot, what: &str) -> String {
    let narrow = draw_svg_on(plot, "f-narrow", "t", Canvas::Narrow).expect("draws narrow");
    assert_clear(&narrow, &format!("{what}, narrow"));
    let print = draw_svg_on(plot, "f", "t", Canvas::Print).expect("draws for print");
    assert_clear(&print, &format!("{what}, print"));
    let wide = draw_svg_on(plot, "f", "t", Canvas::Wide).expect("draws");
    assert_clear(&wide, what);
    wide
}

/// Every text inside the picture, and no two overlapping by more than a pixel each way.
fn assert_clear(svg: &str, what: &str) {
    let (w, h, boxes) = text_boxes(svg);
    assert!(!boxes.is_empty());
    for (s, (l, t, r, b)) in &boxes {
        assert!(
            *l >= -1.0 && *t >= -1.0 && *r <= w + 1.0 && *b <= h + 1.0,
            "{what}: `{s}` leaves the {w}×{h} picture: {l:.0},{t:.0} to {r:.0},{b:.0}"
        );
    }
    for (i, (s1, a)) in boxes.iter().enumerate() {
        for (s2, b) in &boxes[i + 1..] {
            let across = a.2.min(b.2) - a.0.max(b.0);
            let down = a.3.min(b.3) - a.1.max(b.1);
            assert!(
                across <= 1.0 || down <= 1.0,
                "{what}: `{s1}` and `{s2}` overlap by {across:.0}×{down:.0} px"
            );
        }
    }
}

fn texts(svg: &str) -> Vec<String> {
    text_boxes(svg).2.into_iter().map(|(s, _)| s).collect()
}

fn plot(kind: ChartType, categories: Vec<String>, values: Vec<f64>) -> Plot {
    Plot {
        kind,
        horizontal: false,
        categories,
        series: vec![PlotSeries {
            label: "Synthetic values".into(),
            values,
            draw_as: SeriesKind::Bar,
            axis: AxisSide::Left,
            unit: None,
            decimals: None,
            color: None,
            labels: false,
        }],
        x_label: None,
        y_label: None,
        y_right_label: None,
        category_name: None,
        locale: Default::default(),
        options: Default::default(),
    }
}

fn counting(n: usize) -> Vec<f64> {
    (1..=n).map(|v| v as f64).collect()
}

#[test]
fn thirty_years_of_bars_stand_their_labels_upright() {
    let years: Vec<String> = (1991..2021).map(|y| y.to_string()).collect();
    let svg = draw_both(&plot(ChartType::Bar, years, counting(30)), "30 years");
    assert!(svg.contains("rotate(270"), "upright labels");
    let texts = texts(&svg);
    assert!(
        (1991..2021).all(|y| texts.contains(&y.to_string())),
        "every year labelled"
    );
}

#[test]
fn long_single_words_under_narrow_bars_do_not_collide() {
    let words = [
        "Telecommunications",
        "Pharmaceuticals",
        "Semiconductors",
        "Biotechnology",
        "Petrochemicals",
        "Shipbuilding",
        "Aerospace",
        "Nanomaterials",
        "Electromechanical",
        "Agribusiness",
    ];
    let cats = words.iter().map(|w| w.to_string()).collect();
    draw_both(&plot(ChartType::Bar, cats, counting(10)), "ten long words");
}

#[test]
fn a_hundred_categories_label_every_few() {
    let cats: Vec<String> = (0..100).map(|i| format!("Category {i}")).collect();
    let svg = draw_both(
        &plot(ChartType::Line, cats, counting(100)),
        "100 categories",
    );
    let texts = texts(&svg);
    assert!(texts.iter().any(|t| t == "Category 0") && !texts.iter().any(|t| t == "Category 1"));
}

#[test]
fn many_long_sideways_labels_keep_to_their_rows() {
    let cats: Vec<String> = (0..14)
        .map(|i| {
            format!(
                "Manufacturing of computers, communication and other electronic equipment, part {i}"
            )
        })
        .collect();
    let mut p = plot(ChartType::Bar, cats, counting(14));
    p.horizontal = true;
    draw_both(&p, "14 sideways labels");
}

#[test]
fn long_axis_titles_are_cut_to_the_axis() {
    let mut p = plot(
        ChartType::Combo,
        vec!["2013".into(), "2014".into()],
        vec![1.0, 2.0],
    );
    p.series.push(PlotSeries {
        label: "Amount".into(),
        values: vec![10.0, 20.0],
        draw_as: SeriesKind::Line,
        axis: AxisSide::Right,
        unit: None,
        decimals: None,
        color: None,
        labels: false,
    });
    let long = "Number of outbound mergers and acquisitions announced in manufacturing industries worldwide, all sectors";
    p.y_label = Some(long.into());
    p.y_right_label = Some(long.into());
    p.x_label = Some(format!("{long}, {long}"));
    let svg = draw_both(&p, "long axis titles");
    assert!(svg.contains("…"));
}

#[test]
fn a_pie_of_many_slices_keeps_its_legend_in_the_picture() {
    let cats: Vec<String> = (0..16)
        .map(|i| format!("Synthetic slice number {i}"))
        .collect();
    draw_both(&plot(ChartType::Pie, cats, counting(16)), "16 slices");
    let long = vec![
        "National Manufacturing Innovation Centre for Advanced Materials".to_string(),
        "Supercalifragilisticexpialidocious-Antidisestablishmentarianism".to_string(),
    ];
    draw_both(
        &plot(ChartType::Donut, long, vec![3.0, 1.0]),
        "a donut with long names",
    );
}

/// The size the smallest and largest chart text reads at, where a canvas is shown: the wide
/// drawing filling a laptop's column (936 pixels at a window of 1280) and the print drawing
/// set at the PDF's text width (A4 less 2 × 2.2 cm, in points).
#[test]
fn chart_text_reads_at_a_readable_size_on_screen_and_in_the_pdf() {
    let cats: Vec<String> = ["North", "South"].map(String::from).to_vec();
    let p = plot(ChartType::Bar, cats, vec![1.0, 2.0]);
    let sizes = |canvas| -> (f64, f64, f64) {
        let svg = draw_svg_on(&p, "f", "t", canvas).expect("draws");
        let (w, _, _) = text_boxes(&svg);
        let doc = roxmltree::Document::parse(&svg).expect("XML");
        let fonts: Vec<f64> = doc
            .descendants()
            .filter_map(|n| n.attribute("font-size")?.parse().ok())
            .collect();
        let min = fonts.iter().copied().fold(f64::INFINITY, f64::min);
        let max = fonts.iter().copied().fold(0.0, f64::max);
        (w, min, max)
    };
    let (w, min, max) = sizes(Canvas::Wide);
    let column_px = 936.0;
    let (small, large) = (min * column_px / w, max * column_px / w);
    assert!(
        (13.0..=15.0).contains(&small) && large <= 16.0,
        "on screen: {small:.1} to {large:.1} px"
    );
    let (w, min, max) = sizes(Canvas::Print);
    let text_width_pt = (21.0 - 2.0 * 2.2) / 2.54 * 72.0;
    let (small, large) = (min * text_width_pt / w, max * text_width_pt / w);
    assert!(
        (8.0..=10.0).contains(&small) && large <= 10.0,
        "in the PDF: {small:.1} to {large:.1} pt"
    );
}

#[test]
fn data_labels_touch_no_other_text_and_stay_in_the_picture() {
    let cats = |n: usize| -> Vec<String> { (0..n).map(|i| format!("Region {i}")).collect() };
    let values = |n: usize| -> Vec<f64> {
        (0..n)
            // Thousands would crowd a phone's sideways value axis (its ticks touch there
            // already, labels or not: a limit of the axis, not of the labels).
            .map(|i| ((i * 37 % 11) as f64 - 3.0) * 12.345)
            .collect()
    };
    for kind in [
        ChartType::Bar,
        ChartType::GroupedBar,
        ChartType::StackedBar,
        ChartType::Line,
        ChartType::Area,
    ] {
        for n in [3, 12, 40] {
            for horizontal in [false, true] {
                let mut p = plot(kind, cats(n), values(n));
                p.horizontal = horizontal;
                let mut second = p.series[0].clone();
                second.label = "Second".into();
                second.values = second.values.iter().map(|v| v * 0.8 + 9.0).collect();
                p.series.push(second);
                for s in &mut p.series {
                    s.labels = true;
                    s.decimals = Some(1);
                    if matches!(kind, ChartType::Line | ChartType::Area) {
                        s.draw_as = SeriesKind::Line;
                    }
                }
                let what = format!("{kind:?}, {n} categories, sideways {horizontal}");
                let svg = draw_both(&p, &what);
                if n == 3 {
                    // Room for each: the labels are there, besides the axes' text.
                    for s in &mut p.series {
                        s.labels = false;
                    }
                    let plain = draw_svg_on(&p, "f", "t", Canvas::Wide).expect("draws");
                    assert!(
                        text_boxes(&svg).2.len() >= text_boxes(&plain).2.len() + 4,
                        "{what}: too few labels"
                    );
                }
            }
        }
    }
}

#[test]
fn labels_are_drawn_only_when_asked() {
    let cats: Vec<String> = ["North", "South"].map(String::from).to_vec();
    let mut p = plot(ChartType::Bar, cats, vec![1234.5, 2.25]);
    p.series[0].decimals = Some(2);
    let texts =
        |svg: &str| -> Vec<String> { text_boxes(svg).2.into_iter().map(|(s, _)| s).collect() };
    let plain = draw_svg_on(&p, "f", "t", Canvas::Wide).expect("draws");
    assert!(!texts(&plain).contains(&"1,234.50".to_string()));
    p.series[0].labels = true;
    let labelled = draw_svg_on(&p, "f", "t", Canvas::Wide).expect("draws");
    let shown = texts(&labelled);
    assert!(
        shown.contains(&"1,234.50".to_string()) && shown.contains(&"2.25".to_string()),
        "{shown:?}"
    );
    assert_eq!(
        labelled,
        draw_svg_on(&p, "f", "t", Canvas::Wide).expect("draws")
    );
}

#[test]
fn reference_labels_touch_no_other_text_and_stay_in_the_picture() {
    use crate::plot::{Reference, ReferenceKind};
    for kind in [ChartType::Bar, ChartType::GroupedBar, ChartType::Line] {
        for n in [3, 40] {
            for horizontal in [false, true] {
                for labelled in [false, true] {
                    let cats: Vec<String> = (0..n).map(|i| format!("Region {i}")).collect();
                    let mut p = plot(kind, cats, counting(n));
                    p.horizontal = horizontal;
                    p.series[0].labels = labelled;
                    if kind == ChartType::Line {
                        p.series[0].draw_as = SeriesKind::Line;
                    }
                    let r = |label: &str, kind| Reference {
                        label: label.into(),
                        decimals: None,
                        kind,
                    };
                    p.options.references = vec![
                        r(
                            "Target",
                            ReferenceKind::Line {
                                y: n as f64,
                                axis: AxisSide::Left,
                            },
                        ),
                        r(
                            "A normal range with a long name that must be cut somewhere",
                            ReferenceKind::ValueBand {
                                low: 1.0,
                                high: 2.0,
                                axis: AxisSide::Left,
                            },
                        ),
                        r(
                            "Pandemic",
                            ReferenceKind::CategoryBand {
                                first: 0,
                                last: n - 1,
                                from: String::new(),
                                to: String::new(),
                            },
                        ),
                        r(
                            "Second line",
                            ReferenceKind::Line {
                                y: 1.5,
                                axis: AxisSide::Left,
                            },
                        ),
                    ];
                    let what = format!(
                        "{kind:?}, {n} categories, sideways {horizontal}, labels {labelled}"
                    );
                    let svg = draw_both(&p, &what);
                    let shown: Vec<String> =
                        text_boxes(&svg).2.into_iter().map(|(s, _)| s).collect();
                    assert!(shown.contains(&"Target".to_string()), "{what}: {shown:?}");
                }
            }
        }
    }
}

#[test]
fn annotations_touch_no_other_text_and_stay_in_the_picture() {
    use crate::plot::Annotation;
    for kind in [ChartType::Bar, ChartType::GroupedBar, ChartType::Line] {
        for n in [3, 12, 40] {
            for horizontal in [false, true] {
                let cats: Vec<String> = (0..n).map(|i| format!("Region {i}")).collect();
                let mut p = plot(kind, cats, counting(n));
                p.horizontal = horizontal;
                p.series[0].labels = true;
                if kind == ChartType::Line {
                    p.series[0].draw_as = SeriesKind::Line;
                }
                // The highest point, the lowest, and one in the middle, with the longest text
                // resolve lets through.
                let long = "A note of about thirty-five letters";
                assert!(text::width(long, text::TICK_SIZE) <= crate::plot::ANNOTATION_MAX_WIDTH);
                p.options.annotations = [(n - 1, long), (0, "Lowest"), (n / 2, "Middle")]
                    .into_iter()
                    .map(|(k, t)| Annotation {
                        x: String::new(),
                        series: String::new(),
                        text: t.into(),
                        at: (k, 0),
                    })
                    .collect();
                let what = format!("{kind:?}, {n} categories, sideways {horizontal}");
                let svg = draw_both(&p, &what);
                let shown: Vec<String> = text_boxes(&svg).2.into_iter().map(|(s, _)| s).collect();
                for t in [long, "Lowest", "Middle"] {
                    assert!(shown.contains(&t.to_string()), "{what}: {t} not drawn");
                }
            }
        }
    }
}

#[test]
fn small_multiples_draw_a_panel_per_series_on_one_scale() {
    for kind in [ChartType::Line, ChartType::Bar, ChartType::GroupedBar] {
        for n_series in [2, 5, 7] {
            let cats: Vec<String> = (0..12).map(|i| format!("Region {i}")).collect();
            let mut p = plot(kind, cats, counting(12));
            p.options.small_multiples = true;
            let first = p.series[0].clone();
            p.series = (0..n_series)
                .map(|i| PlotSeries {
                    label: format!("Series with a long name number {i}"),
                    values: first.values.iter().map(|v| v * (i + 1) as f64).collect(),
                    draw_as: if kind == ChartType::Line {
                        SeriesKind::Line
                    } else {
                        SeriesKind::Bar
                    },
                    labels: i == 0,
                    ..first.clone()
                })
                .collect();
            let what = format!("{kind:?} in {n_series} panels");
            let svg = draw_both(&p, &what);
            let shown: Vec<String> = text_boxes(&svg).2.into_iter().map(|(s, _)| s).collect();
            // Every panel is titled, and every one reaches the largest value of them all.
            let titles = shown
                .iter()
                .filter(|t| t.starts_with("Series with"))
                .count();
            assert_eq!(titles, n_series, "{what}: {shown:?}");
            // The first panel's highest tick (its series alone would stop at 12) is that of
            // the last series, the largest, and every panel has it.
            let ticks: Vec<f64> = shown
                .iter()
                .skip(1)
                .take_while(|t| !t.starts_with("Region"))
                .filter_map(|t| t.replace(',', "").parse().ok())
                .collect();
            let top = ticks.iter().copied().fold(0.0, f64::max);
            assert!(top >= (12 * n_series) as f64, "{what}: {ticks:?}");
            let written = format!("{top}");
            let panels = shown.iter().filter(|t| **t == written).count();
            assert!(panels >= n_series, "{what}: {written} in {shown:?}");
        }
    }
}

/// `n` line series of synthetic values, each labelled `label` and its number.
fn many_series(n: usize, label: &str) -> Plot {
    let mut p = plot(
        ChartType::Line,
        vec!["2018".into(), "2019".into(), "2020".into()],
        vec![0.0; 3],
    );
    p.series = (0..n)
        .map(|i| PlotSeries {
            label: format!("{label} {i}"),
            values: vec![i as f64, -(i as f64), 2.5 * i as f64],
            draw_as: SeriesKind::Line,
            ..p.series[0].clone()
        })
        .collect();
    p
}

/// The vertical distance from the highest tick label of the value axis to the lowest.
fn tick_span(svg: &str) -> f64 {
    let ys: Vec<f64> = text_boxes(svg)
        .2
        .into_iter()
        .filter(|(t, _)| !t.starts_with("20") && t.replace(['−', ','], "").parse::<f64>().is_ok())
        .map(|(_, b)| b.1)
        .collect();
    ys.iter().copied().fold(f64::MIN, f64::max) - ys.iter().copied().fold(f64::MAX, f64::min)
}

#[test]
fn many_series_grow_the_canvas_for_their_legend_and_keep_the_plot() {
    for n in [12, 30, 50] {
        let p = many_series(n, "Series number");
        draw_both(&p, &format!("{n} series"));
        let narrow = draw_svg_on(&p, "f-narrow", "t", Canvas::Narrow).expect("draws");
        let (_, h, _) = text_boxes(&narrow);
        // Three entries a row on a phone: the canvas takes the rows it cannot hold.
        assert!(h >= 340.0 + (n as f64 / 3.0 - 3.0) * 22.0, "{n}: {h}");
        // The plot keeps the height it has with two series.
        assert!(tick_span(&narrow) > 180.0, "{n}: {}", tick_span(&narrow));
    }
    // Two series on one legend row: the canvas as it always was.
    let two = draw_svg_on(&many_series(2, "S"), "f", "t", Canvas::Narrow).expect("draws");
    assert_eq!(text_boxes(&two).1, 340.0);
    assert!(tick_span(&two) > 180.0, "{}", tick_span(&two));
}

#[test]
fn a_long_series_label_is_cut_in_the_legend() {
    let long = "Lorem ipsum dolor ".repeat(30);
    let p = many_series(2, long.trim());
    let wide = draw_both(&p, "a long series label");
    let legend: Vec<String> = texts(&wide)
        .into_iter()
        .filter(|t| t.starts_with("Lorem"))
        .collect();
    assert_eq!(legend.len(), 2);
    assert!(legend.iter().all(|t| t.ends_with('…')), "{legend:?}");
    // The description keeps it whole.
    assert!(wide.contains(&format!("{} 1", long.trim())));
}

#[test]
fn value_ticks_never_touch_whatever_the_width_of_their_numbers() {
    for values in [
        vec![-4000.0, 7900.0, 3000.0],
        vec![-4_000_000.0, 79_000_000.0, 3.0],
        vec![0.001, 0.0035, 0.002],
        vec![1.0, 123_456_789.0, 5.0],
    ] {
        for horizontal in [true, false] {
            let mut p = plot(
                ChartType::Bar,
                vec!["a".into(), "b".into(), "c".into()],
                values.clone(),
            );
            p.horizontal = horizontal;
            let what = format!("{values:?}, horizontal {horizontal}");
            draw_both(&p, &what);
            if !horizontal {
                continue;
            }
            // Side by side along the bottom, a clear gap between two labels.
            for canvas in [Canvas::Narrow, Canvas::Print, Canvas::Wide] {
                let svg = draw_svg_on(&p, "f", "t", canvas).expect("draws");
                let mut ticks: Vec<Bounds> = text_boxes(&svg)
                    .2
                    .into_iter()
                    .filter(|(t, _)| t.replace(['−', ','], "").parse::<f64>().is_ok())
                    .map(|(_, b)| b)
                    .collect();
                ticks.sort_by(|a, b| a.0.total_cmp(&b.0));
                assert!(ticks.len() >= 2, "{what}, {canvas:?}");
                for pair in ticks.windows(2) {
                    let gap = pair[1].0 - pair[0].2;
                    assert!(gap >= 8.0, "{what}, {canvas:?}: ticks {gap:.0} px apart");
                }
            }
        }
    }
}
