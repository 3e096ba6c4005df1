//! The text alternative of a chart, generated from its data: its type, series and range, in
//! the chart's language.

use super::pie::shares;
use crate::plot::{Plot, ReferenceKind};

pub fn describe(plot: &Plot) -> String {
    let locale = &plot.locale;
    let numbers = locale.numbers();
    let value = |v: f64, unit: Option<&str>| {
        let n = numbers.number(v, None, true);
        match unit {
            Some(u) => numbers.with_unit(n, u),
            None => n,
        }
    };
    let kind = locale.text(plot.kind.label_key());
    let cats = &plot.categories;
    let semicolon = locale.text("list_semicolon");
    if plot.kind.is_round() {
        let s = &plot.series[0];
        let parts: Vec<String> = cats
            .iter()
            .zip(&s.values)
            .zip(shares(&s.values))
            .map(|((c, v), p)| {
                locale.fill(
                    "describe_slice",
                    &[
                        ("category", c),
                        ("value", &value(*v, s.unit.as_deref())),
                        ("share", &numbers.percent(p, Some(1))),
                    ],
                )
            })
            .collect();
        return locale.fill(
            "describe_round",
            &[
                ("kind", kind),
                ("series", &s.label),
                ("slices", &parts.join(semicolon)),
            ],
        );
    }
    let labels: Vec<&str> = plot.series.iter().map(|s| s.label.as_str()).collect();
    let span = match (cats.first(), cats.last()) {
        (Some(a), Some(b)) => {
            locale.count("describe_span", cats.len(), &[("first", a), ("last", b)])
        }
        _ => locale.text("describe_no_categories").to_string(),
    };
    let ranges: Vec<String> = plot
        .series
        .iter()
        .map(|s| {
            let min = s.values.iter().copied().fold(f64::INFINITY, f64::min);
            let max = s.values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            locale.fill(
                "describe_series_range",
                &[
                    ("series", &s.label),
                    ("min", &value(min, s.unit.as_deref())),
                    ("max", &value(max, s.unit.as_deref())),
                ],
            )
        })
        .collect();
    let mut text = locale.fill(
        "describe_cartesian",
        &[
            ("kind", kind),
            ("series", &locale.list_and(&labels)),
            ("span", &span),
            ("ranges", &ranges.join(semicolon)),
        ],
    );
    if plot.options.small_multiples {
        sentence_after(&mut text, locale.text("describe_small_multiples"));
    }
    // What the chart marks besides its data, each in a sentence of its own, in the order
    // written.
    for r in &plot.options.references {
        // With as many decimals as the YAML wrote it with, and its axis's unit.
        let on = |v: f64, side| {
            let s = plot.series.iter().find(|s| s.axis == side);
            let n = numbers.number(v, r.decimals.or(s.and_then(|s| s.decimals)), true);
            match s.and_then(|s| s.unit.as_deref()) {
                Some(u) => numbers.with_unit(n, u),
                None => n,
            }
        };
        let sentence = match &r.kind {
            ReferenceKind::Line { y, axis } => locale.fill(
                "describe_reference_line",
                &[("label", &r.label), ("value", &on(*y, *axis))],
            ),
            ReferenceKind::ValueBand { low, high, axis } => locale.fill(
                "describe_value_band",
                &[
                    ("label", &r.label),
                    ("low", &on(*low, *axis)),
                    ("high", &on(*high, *axis)),
                ],
            ),
            ReferenceKind::CategoryBand { first, last, .. } if first == last => locale.fill(
                "describe_category_band_one",
                &[("label", &r.label), ("first", &cats[*first])],
            ),
            ReferenceKind::CategoryBand { first, last, .. } => locale.fill(
                "describe_category_band",
                &[
                    ("label", &r.label),
                    ("first", &cats[*first]),
                    ("last", &cats[*last]),
                ],
            ),
        };
        sentence_after(&mut text, &sentence);
    }
    for a in &plot.options.annotations {
        let (k, i) = a.at;
        let Some(s) = plot.series.get(i) else {
            continue;
        };
        let n = s.format(s.values.get(k).copied().unwrap_or(0.0), numbers);
        let shown = match s.unit.as_deref() {
            Some(u) if u != "%" => numbers.with_unit(n, u),
            _ => n,
        };
        // The sentence ends the note: its own full stop is not doubled.
        let note = a.text.trim_end_matches(['.', '\u{3002}']);
        let sentence = locale.fill(
            "describe_annotation",
            &[
                ("category", &a.x),
                ("series", &s.label),
                ("value", &shown),
                ("text", note),
            ],
        );
        sentence_after(&mut text, &sentence);
    }
    text
}

/// `sentence` after `text`: with a space, unless `text` ends in a full-width stop (Chinese,
/// Japanese), which holds its own.
pub fn sentence_after(text: &mut String, sentence: &str) {
    if !text.ends_with('\u{3002}') {
        text.push(' ');
    }
    text.push_str(sentence);
}
