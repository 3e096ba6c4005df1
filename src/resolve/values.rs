//! `{{< value id >}}` and `{{< value id field=year >}}`: an indicator of the edition, printed
//! in running text, so the narrative's numbers change when the data does.

use crate::core::code::Code;
use crate::core::diagnostic::{Diagnostic, did_you_mean};
use crate::core::escape;
use crate::core::slug;
use crate::load::yaml::{self, Seg, Target};
use crate::model::Edition;
use crate::model::indicators::FIELDS;
use std::collections::{BTreeMap, HashMap};

/// The escaped text a value shortcode prints, or the diagnostic (without its position, which
/// the caller adds) saying why it cannot.
pub fn resolve_value(
    edition: &Edition,
    args: &[String],
    named: &[(String, String)],
    locale: &crate::locale::Locale,
) -> Result<String, Diagnostic> {
    let Some(id) = args.first() else {
        return Err(Diagnostic::error(
            Code::ShortcodeSyntax,
            "`value` needs the id of an indicator",
        )
        .with_help("write {{< value indicator-id >}}; the ids are in data/indicators.yaml"));
    };
    if args.len() > 1 {
        return Err(
            Diagnostic::error(Code::ShortcodeSyntax, "`value` takes one indicator id").with_help(
                "write {{< value indicator-id >}} or {{< value indicator-id field=year >}}",
            ),
        );
    }
    let mut field = "value";
    for (k, v) in named {
        if k != "field" {
            return Err(Diagnostic::error(
                Code::ShortcodeSyntax,
                format!("`value` has no argument `{k}`"),
            )
            .with_help("the only argument is field=…"));
        }
        field = v;
    }
    let Some(indicator) = edition.data.find_indicator(id) else {
        // Not collected: "did you mean" weighs only the first ids, and a chapter may quote
        // many unknown ones.
        let mut ids = (edition.data.indicators.iter())
            .flat_map(|f| f.spec.indicators.iter().map(|i| i.id.as_str()))
            .peekable();
        let no_ids = ids.peek().is_none();
        let help = match did_you_mean(id, ids) {
            Some(s) => format!("did you mean `{s}`?"),
            None if no_ids => format!("add it to {}/data/indicators.yaml", edition.dir),
            None => format!("define it in {}/data/indicators.yaml", edition.dir),
        };
        return Err(Diagnostic::error(
            Code::UnknownIndicator,
            format!("this edition has no indicator `{id}`"),
        )
        .with_help(help));
    };
    if !FIELDS.contains(&field) {
        let help = match did_you_mean(field, FIELDS) {
            Some(s) => format!("did you mean `{s}`? The fields are: {}", FIELDS.join(", ")),
            None => format!("the fields are: {}", FIELDS.join(", ")),
        };
        return Err(Diagnostic::error(
            Code::UnknownField,
            format!("indicators have no field `{field}`"),
        )
        .with_help(help));
    }
    match indicator.field(field, locale) {
        Some(text) => Ok(escape::html(&text)),
        None => Err(Diagnostic::error(
            Code::MissingField,
            format!("the indicator `{id}` has no `{field}`"),
        )
        .with_help(format!(
            "give `{id}` a `{field}` in data/indicators.yaml, or print another field"
        ))),
    }
}

/// Two indicators with one id in `indicators.yaml`.
pub fn check_indicators(edition: &Edition, diags: &mut Vec<Diagnostic>) {
    let Some(file) = &edition.data.indicators else {
        return;
    };
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, ind) in file.spec.indicators.iter().enumerate() {
        if let Some(first) = seen.insert(&ind.id, i) {
            let at = yaml::locate_in(
                &file.file,
                &[Seg::Key("indicators"), Seg::Index(i), Seg::Key("id")],
                Target::Value,
            );
            let d = Diagnostic::error(
                Code::DuplicateIndicator,
                format!("the indicator id `{}` is used twice", ind.id),
            )
            .with_help(format!(
                "indicator {} has it already; give each indicator an id of its own",
                first + 1
            ));
            diags.push(match at {
                Some(p) => d.at_position(&file.file, p, ind.id.chars().count()),
                None => d.in_file(&file.file.path),
            });
        }
    }
}

/// An indicator that the newest editions of two or more reports define gets a comparison page
/// with a bar chart of its values: values that no axis can hold (past the range of numbers, as
/// a figure's are checked) are refused here, at the value farthest from zero.
pub fn check_comparisons(reports: &[super::ResolvedReport<'_>]) -> Vec<Diagnostic> {
    let mut by_id: BTreeMap<&str, Vec<(&Edition, usize)>> = BTreeMap::new();
    for report in reports {
        let Some(newest) = report.newest() else {
            continue;
        };
        let Some(file) = &newest.edition.data.indicators else {
            continue;
        };
        for (i, ind) in file.spec.indicators.iter().enumerate() {
            if slug::is_slug(&ind.id) {
                by_id.entry(&ind.id).or_default().push((newest.edition, i));
            }
        }
    }
    let mut diags = Vec::new();
    for (id, entries) in by_id.into_iter().filter(|(_, e)| e.len() >= 2) {
        let value = |(e, i): &(&Edition, usize)| {
            e.data
                .indicators
                .as_ref()
                .map_or(0.0, |f| f.spec.indicators[*i].value)
        };
        let values: Vec<f64> = entries.iter().map(value).collect();
        let min = values.iter().copied().fold(0.0, f64::min);
        let max = values.iter().copied().fold(0.0, f64::max);
        let whole = values.iter().all(|v| v.fract() == 0.0);
        if crate::plot::scale::axis_range(min, max, whole).is_some() {
            continue;
        }
        let Some((edition, i)) = entries
            .iter()
            .max_by(|a, b| value(a).abs().total_cmp(&value(b).abs()))
        else {
            continue;
        };
        let Some(file) = &edition.data.indicators else {
            continue;
        };
        let d = Diagnostic::error(
            Code::ChartData,
            format!("the values of `{id}` across reports are beyond what the comparison chart can draw"),
        )
        .with_help("check this value (a wrong unit or a typo in an exponent?), or give the indicator in a larger unit in every report");
        let at = yaml::locate_in(
            &file.file,
            &[Seg::Key("indicators"), Seg::Index(*i), Seg::Key("value")],
            Target::Value,
        );
        diags.push(match at {
            Some(p) => d.at_position(&file.file, p, 1),
            None => d.in_file(&file.file.path),
        });
    }
    diags
}
