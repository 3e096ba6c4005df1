//! The text alternative of a chart, generated from its data: its type, series and range.

use super::pie::shares;
use crate::core::number_format::format_number;
use crate::plot::Plot;

fn value(v: f64, unit: Option<&str>) -> String {
    let n = format_number(v, None, true);
    match unit {
        Some("%") => format!("{n}%"),
        Some(u) => format!("{n} {u}"),
        None => n,
    }
}

pub fn describe(plot: &Plot) -> String {
    let kind = plot.kind.describe();
    let cats = &plot.categories;
    if plot.kind.is_round() {
        let s = &plot.series[0];
        let parts: Vec<String> = cats
            .iter()
            .zip(&s.values)
            .zip(shares(&s.values))
            .map(|((c, v), p)| {
                format!(
                    "{c}: {} ({}%)",
                    value(*v, s.unit.as_deref()),
                    format_number(p, Some(1), true)
                )
            })
            .collect();
        return format!("{kind} of {}. {}.", s.label, parts.join("; "));
    }
    let labels: Vec<&str> = plot.series.iter().map(|s| s.label.as_str()).collect();
    let span = match (cats.first(), cats.last()) {
        (Some(a), Some(b)) if cats.len() > 1 => {
            format!("{} categories from {a} to {b}", cats.len())
        }
        (Some(a), _) => format!("one category, {a}"),
        _ => "no categories".to_string(),
    };
    let ranges: Vec<String> = plot
        .series
        .iter()
        .map(|s| {
            let min = s.values.iter().copied().fold(f64::INFINITY, f64::min);
            let max = s.values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            format!(
                "{} from {} to {}",
                s.label,
                value(min, s.unit.as_deref()),
                value(max, s.unit.as_deref())
            )
        })
        .collect();
    format!(
        "{kind} of {} over {span}. {}.",
        labels.join(" and "),
        ranges.join("; ")
    )
}
