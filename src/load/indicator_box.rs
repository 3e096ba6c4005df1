//! A box built from indicators: `indicators: [ids]` in a box file becomes the columns
//! Indicator, Value, Year, Threshold and Status, one row per indicator, so the box follows the
//! edition's `indicators.yaml` like the narrative does.

use super::yaml::{Seg, Target, locate_in};
use crate::core::code::Code;
use crate::core::diagnostic::{Diagnostic, did_you_mean};
use crate::locale::Locale;
use crate::model::boxes::{Align, Column, ColumnType, Row};
use crate::model::indicators::ThresholdStatus;
use crate::model::value::Scalar;
use crate::model::{BoxSpec, DataFile, IndicatorsFile};

fn column(key: &str, label: &str, align: Option<Align>) -> Column {
    Column {
        key: key.to_string(),
        label: label.to_string(),
        kind: ColumnType::Text,
        decimals: None,
        unit: None,
        align,
        width: None,
        required: false,
        note: None,
    }
}

/// Fills in the columns and rows of a box that lists indicators.
pub fn expand(
    b: &mut DataFile<BoxSpec>,
    indicators: Option<&DataFile<IndicatorsFile>>,
    locale: &Locale,
    diags: &mut Vec<Diagnostic>,
) {
    if b.spec.indicators.is_empty() {
        return;
    }
    let here = |path: &[Seg<'_>]| locate_in(&b.file, path, Target::Key);
    if !b.spec.columns.is_empty() || !b.spec.rows.is_empty() || !b.spec.groups.is_empty() {
        let d = Diagnostic::error(
            Code::IndicatorBoxMixed,
            "a box of indicators has no columns, rows or groups of its own",
        )
        .with_help("remove columns/rows/groups: the indicators make them, or remove `indicators`");
        diags.push(match here(&[Seg::Key("indicators")]) {
            Some(p) => d.at_position(&b.file, p, 10),
            None => d.in_file(&b.file.path),
        });
        return;
    }
    b.spec.columns = vec![
        column("indicator", locale.text("indicator"), None),
        column("value", locale.text("value"), Some(Align::Right)),
        column("year", locale.text("year"), None),
        column("threshold", locale.text("threshold"), Some(Align::Right)),
        column("status", locale.text("status"), None),
    ];
    let known: Vec<&str> = indicators.map_or_else(Vec::new, |f| {
        f.spec.indicators.iter().map(|i| i.id.as_str()).collect()
    });
    for (n, id) in b.spec.indicators.iter().enumerate() {
        let found = indicators.and_then(|f| f.spec.indicators.iter().find(|i| &i.id == id));
        let Some(ind) = found else {
            let help = match did_you_mean(id, known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "list ids defined in this edition's data/indicators.yaml".to_string(),
            };
            let d = Diagnostic::error(
                Code::UnknownIndicator,
                format!("this edition has no indicator `{id}`"),
            )
            .with_help(help);
            let at = locate_in(
                &b.file,
                &[Seg::Key("indicators"), Seg::Index(n)],
                Target::Value,
            );
            diags.push(match at {
                Some(p) => d.at_position(&b.file, p, id.chars().count()),
                None => d.in_file(&b.file.path),
            });
            continue;
        };
        let mut row = Row::new();
        let mut put = |k: &str, v: Option<String>| {
            row.insert(k, v.map_or(Scalar::Null, Scalar::String));
        };
        put("indicator", Some(ind.label.clone()));
        put("value", Some(ind.value_text(locale)));
        put("year", ind.year.map(|y| y.to_string()));
        put("threshold", ind.threshold_text(locale));
        // Whether the threshold is met, then where the value stands, by which way is better:
        // "Not met: above the threshold" for a lower-is-better indicator that misses it.
        put(
            "status",
            ind.status().map(|s| {
                let verdict = match s {
                    ThresholdStatus::Met => "threshold_verdict_met",
                    ThresholdStatus::NotMet => "threshold_verdict_not_met",
                };
                locale.fill(
                    "threshold_status",
                    &[
                        ("verdict", locale.text(verdict)),
                        ("where", locale.text(s.label_key(ind.direction))),
                    ],
                )
            }),
        );
        b.spec.rows.push(row);
    }
}
