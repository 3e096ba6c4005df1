//! Whether a box stays whole on its page in the PDF, told from its text where that is
//! certain, so Typst lays out the box once rather than measuring it first.
//!
//! The preamble keeps a box whole when its framed block is at most 16 cm tall (two thirds of
//! the page's text height) and lets a taller one break across pages. Measuring that in Typst
//! costs a second layout of every box, an eighth of a PDF's time; most boxes are a few short
//! rows, plainly far below the line, and a few are plainly far above it. Here each is
//! bounded from its characters with generous widths (every character as wide as a wide
//! Latin letter, any other script's as wide as an em, each column as narrow as an equal share
//! of the width, each line as tall as it can be): a box whose bound is under half the line is
//! kept whole without measuring, a box whose rows alone pass the line breaks, and Typst
//! measures every other one.

use crate::locale::{Locale, NumberFormat};
use crate::model::BoxSpec;
use crate::model::boxes::{Cell, ColumnType};
use crate::render::boxes::column_label;

/// The width of the text inside a box, in points: A4 less the page's margins (2 × 2.2 cm)
/// and the box's inset (2 × 9 pt).
const INNER_WIDTH: f64 = (210.0 - 44.0) / 25.4 * 72.0 - 18.0;
/// The height past which a box breaks (the preamble's 16 cm), in points.
const BREAK_AT: f64 = 160.0 / 25.4 * 72.0;

/// `Some(false)` when the box certainly fits whole, `Some(true)` when it certainly breaks,
/// `None` when only measuring can tell. `size` is the table's type size in points.
pub fn breaks(
    spec: &BoxSpec,
    formats: &[Option<NumberFormat<'_>>],
    size: f64,
    locale: &Locale,
) -> Option<bool> {
    let columns = spec.columns.len().max(1);
    let rows: usize = spec.row_groups().map(|g| g.rows.len()).sum::<usize>();
    let groups = spec.row_groups().filter(|g| g.label.is_some()).count();
    // The least a row can be: one line (Inter's cap height) and its inset (2 × 3.2 pt).
    let header_rows = 1 + usize::from(!spec.column_groups.is_empty());
    let least = (rows + groups + header_rows + usize::from(spec.total.is_some())) as f64
        * (0.7 * size + 6.4);
    if least > BREAK_AT {
        return Some(true);
    }
    // Two header rows, or footnotes (their letters in cells, their list under the table):
    // measured.
    if header_rows > 1
        || !spec.cell_notes.is_empty()
        || spec.columns.iter().any(|c| c.note.is_some())
    {
        return None;
    }
    // A Markdown cell may hold anything (quotes, code in another size, line breaks written
    // as entities or HTML): its box is measured.
    if spec.columns.iter().any(|c| c.kind == ColumnType::Markdown) {
        return None;
    }
    // Every cell's text, the header's first.
    let header: Vec<String> = spec
        .columns
        .iter()
        .map(|c| column_label(c, locale))
        .collect();
    let mut cells: Vec<Vec<String>> = vec![header];
    let mut labels = Vec::new();
    for group in spec.row_groups() {
        labels.extend(group.label);
        for r in group.rows {
            let shown =
                spec.columns
                    .iter()
                    .zip(formats)
                    .map(|(column, format)| match column.cell(r) {
                        Ok(Cell::Number(v)) => format
                            .as_ref()
                            .map_or_else(|| v.to_string(), |f| f.format_decimal(&v)),
                        Ok(Cell::Text(s)) => s.into_owned(),
                        Ok(Cell::Empty) | Err(_) => String::new(),
                    });
            cells.push(shown.collect());
        }
    }
    // Typst gives each column its content's width when all fit side by side; otherwise
    // each is taken here to have an equal share (a long column gets more than that).
    let natural: Vec<f64> = (0..columns)
        .map(|i| {
            cells
                .iter()
                .filter_map(|row| row.get(i))
                .flat_map(|text| text.split(['\n', '\r']))
                .map(|line| width(line, size))
                .fold(0.0, f64::max)
        })
        .collect();
    // Less each cell's inset (5 pt each side).
    let widths: Vec<f64> = if natural.iter().map(|w| w + 10.0).sum::<f64>() <= INNER_WIDTH {
        natural.iter().map(|w| w + 0.5).collect()
    } else {
        vec![INNER_WIDTH / columns as f64 - 10.0; columns]
    };
    // A row: its inset and rule, its first line (a cap height), then a line and its leading.
    let row = |lines: f64| 7.2 + size * (0.75 + 1.4 * (lines - 1.0));
    let mut most = 18.0;
    for label in labels {
        most += row(lines(label, INNER_WIDTH - 10.0, size)?);
    }
    for texts in &cells {
        let mut tallest = 1.0_f64;
        for (text, width) in texts.iter().zip(&widths) {
            tallest = tallest.max(lines(text, *width, size)?);
        }
        most += row(tallest);
    }
    if spec.total.is_some() {
        most += row(1.0);
    }
    // The intro at the text's size, then the notes and the source at 8.5 pt, each a
    // paragraph or more with the space between paragraphs.
    let texts = [
        (&spec.intro, 9.5),
        (&spec.notes, 8.5),
        (&spec.source, 8.5),
        (&spec.outro, 8.5),
    ];
    for (text, size) in texts {
        let Some(text) = text else { continue };
        // Markdown that is more than paragraphs (a table, a list, a quote, HTML, an embed)
        // is left to measuring.
        let block_markup = text.lines().any(|line| {
            let line = line.trim_start();
            line.starts_with(['-', '*', '+', '#', '>'])
                || line.starts_with(|c: char| c.is_ascii_digit()) && line.contains(". ")
        });
        if block_markup || text.contains(['|', '<', '{', '`', '!', '&', '\\']) {
            return None;
        }
        for paragraph in text.split("\n\n") {
            most += lines(paragraph, INNER_WIDTH, size)? * 1.45 * size + 1.05 * size;
        }
    }
    (most < BREAK_AT / 2.0).then_some(false)
}

/// The width of a Latin character, as wide as a wide letter (Inter's average is about
/// 0.55 em), and of any other character, in ems.
fn em(c: char) -> f64 {
    if c.is_ascii() { 0.65 } else { 1.1 }
}

/// The width of `text` on one line at `size` points.
fn width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| if c == ' ' { 0.3 } else { em(c) })
        .sum::<f64>()
        * size
}

/// The most lines `text` can take in a column `width` points wide at `size` points, or
/// `None` when a word may not fit on a line at all: its words set one after the other, each
/// character as wide as a wide letter (a Latin one 0.65 em, where Inter's average is about
/// 0.55; any other 1.1 em), a line of Chinese or Japanese breaking after any character.
fn lines(text: &str, width: f64, size: f64) -> Option<f64> {
    let space = 0.3 * size;
    let mut count = 1.0;
    // A line break, however written, starts a line (a CR LF counts twice: a bound).
    for line in text.split(['\n', '\r']) {
        let mut filled = 0.0_f64;
        let mut word = 0.0_f64;
        let end_word = |word: &mut f64, filled: &mut f64, count: &mut f64| -> Option<()> {
            if *word == 0.0 {
                return Some(());
            }
            if *word > width {
                return None;
            }
            let needed = if *filled > 0.0 {
                *filled + space + *word
            } else {
                *word
            };
            if needed > width {
                *count += 1.0;
                *filled = *word;
            } else {
                *filled = needed;
            }
            *word = 0.0;
            Some(())
        };
        for c in line.chars() {
            if c.is_whitespace() {
                end_word(&mut word, &mut filled, &mut count)?;
            } else if u32::from(c) >= 0x2E80 {
                end_word(&mut word, &mut filled, &mut count)?;
                word = em(c) * size;
                end_word(&mut word, &mut filled, &mut count)?;
            } else {
                word += em(c) * size;
            }
        }
        end_word(&mut word, &mut filled, &mut count)?;
        count += 1.0;
    }
    // Each line of the text began a line.
    Some((count - 1.0).max(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(yaml: &str) -> BoxSpec {
        serde_yaml::from_str(yaml).expect("a box")
    }

    fn en() -> &'static Locale {
        static EN: std::sync::OnceLock<Locale> = std::sync::OnceLock::new();
        EN.get_or_init(Locale::english)
    }

    fn formats(spec: &BoxSpec) -> Vec<Option<NumberFormat<'_>>> {
        spec.columns
            .iter()
            .map(|c| crate::render::boxes::number_format_of(spec, c, en()))
            .collect()
    }

    fn rows(n: usize, cell: &str) -> String {
        (0..n)
            .map(|i| format!("  - {{year: {}, v: \"{cell}\"}}\n", 2000 + i))
            .collect()
    }

    #[test]
    fn a_few_short_rows_stay_whole_and_hundreds_break_without_measuring() {
        let head = "id: b\ntitle: T\ncolumns:\n  - {key: year, label: Year}\n  - {key: v, label: Value}\nrows:\n";
        let short = spec(&format!("{head}{}", rows(8, "12.5")));
        assert_eq!(breaks(&short, &formats(&short), 8.5, en()), Some(false));
        let long = spec(&format!("{head}{}", rows(80, "12.5")));
        assert_eq!(breaks(&long, &formats(&long), 8.5, en()), Some(true));
        // Between the two, or long text in cells: measured.
        let middle = spec(&format!("{head}{}", rows(25, "12.5")));
        assert_eq!(breaks(&middle, &formats(&middle), 8.5, en()), None);
        let wordy = spec(&format!(
            "{head}{}",
            rows(8, &"a long sentence ".repeat(60))
        ));
        assert_eq!(breaks(&wordy, &formats(&wordy), 8.5, en()), None);
    }

    #[test]
    fn a_word_too_wide_for_its_column_or_markup_in_a_note_is_measured() {
        let head = "id: b\ntitle: T\ncolumns:\n  - {key: year, label: Year}\n  - {key: v, label: Value}\nrows:\n";
        let wide = spec(&format!("{head}{}", rows(3, &"x".repeat(200))));
        assert_eq!(breaks(&wide, &formats(&wide), 8.5, en()), None);
        let listed = spec(&format!("{head}{}notes: \"- one\\n- two\"\n", rows(3, "1")));
        assert_eq!(breaks(&listed, &formats(&listed), 8.5, en()), None);
        let returns = spec(&format!("{head}{}", rows(1, &"x\\r".repeat(400))));
        assert_eq!(breaks(&returns, &formats(&returns), 8.5, en()), None);
        let markdown = "id: b\ntitle: T\ncolumns:\n  - {key: year, label: Year}\n  - {key: v, label: Value, type: markdown}\nrows:\n";
        let markdown = spec(&format!("{markdown}{}", rows(2, "x")));
        assert_eq!(breaks(&markdown, &formats(&markdown), 8.5, en()), None);
        let cjk = spec(&format!("{head}{}", rows(4, &"中".repeat(30))));
        assert_eq!(breaks(&cjk, &formats(&cjk), 8.5, en()), Some(false));
    }
}
