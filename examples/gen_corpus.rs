//! Generates a synthetic almanac project shaped like the bundled sample, for benchmarks:
//! N reports × E editions, each with 8 chapters of about 1,500 words, 5 boxes of 10 rows × 5
//! columns, 4 charts, footnotes, cross-references and indicators. Seeded and deterministic:
//! the same arguments write the same bytes. Every number in it is synthetic.
//!
//!     cargo run --release --example gen_corpus -- --reports 100 --editions 2 --out /tmp/corpus
//!     [--seed N] [--chapters 8] [--words 1500] [--no-charts] [--hugo]
//!
//! With `--hugo` it writes the same prose and tables as a Hugo site instead (boxes become pipe
//! tables, references plain text; no charts), for the side-by-side benchmark.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

const WORDS: &[&str] = &[
    "innovation",
    "policy",
    "industrial",
    "capacity",
    "research",
    "development",
    "national",
    "centre",
    "manufacturing",
    "enterprise",
    "investment",
    "regional",
    "technology",
    "strategy",
    "platform",
    "alliance",
    "market",
    "growth",
    "productivity",
    "digital",
    "transformation",
    "network",
    "government",
    "ministry",
    "programme",
    "funding",
    "sector",
    "export",
    "supply",
    "chain",
    "standard",
    "quality",
    "skills",
    "university",
    "laboratory",
    "patent",
    "application",
    "the",
    "of",
    "and",
    "in",
    "to",
    "a",
    "for",
    "with",
    "on",
    "by",
    "its",
    "their",
    "this",
    "that",
    "as",
    "from",
    "which",
    "has",
    "have",
    "been",
    "is",
    "are",
    "was",
    "were",
    "more",
    "new",
    "main",
    "key",
    "local",
    "public",
    "private",
    "large",
    "small",
    "firms",
    "companies",
    "projects",
    "results",
    "targets",
    "plans",
    "reforms",
    "measures",
    "support",
    "share",
];

/// A small deterministic generator (SplitMix64): no dependency, same stream on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn word(&mut self) -> &'static str {
        WORDS[self.below(WORDS.len() as u64) as usize]
    }
    fn number(&mut self, max: f64) -> f64 {
        (self.below(10_000) as f64 / 10_000.0 * max * 10.0).round() / 10.0
    }
}

struct Args {
    reports: usize,
    editions: usize,
    chapters: usize,
    words: usize,
    seed: u64,
    charts: bool,
    hugo: bool,
    out: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        reports: 10,
        editions: 2,
        chapters: 8,
        words: 1500,
        seed: 2022,
        charts: true,
        hugo: false,
        out: PathBuf::from("corpus"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--reports" => a.reports = value()?.parse().map_err(|e| format!("--reports: {e}"))?,
            "--editions" => {
                a.editions = value()?.parse().map_err(|e| format!("--editions: {e}"))?
            }
            "--chapters" => {
                a.chapters = value()?.parse().map_err(|e| format!("--chapters: {e}"))?
            }
            "--words" => a.words = value()?.parse().map_err(|e| format!("--words: {e}"))?,
            "--seed" => a.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--out" => a.out = PathBuf::from(value()?),
            "--no-charts" => a.charts = false,
            "--hugo" => {
                a.hugo = true;
                a.charts = false;
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(a)
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn sentence(rng: &mut Rng, out: &mut String) -> usize {
    let n = 8 + rng.below(14) as usize;
    for i in 0..n {
        let w = rng.word();
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                out.extend(f.to_uppercase());
                out.push_str(c.as_str());
            }
        } else {
            out.push(' ');
            out.push_str(w);
        }
    }
    out.push_str(". ");
    n
}

struct BoxRow {
    year: usize,
    name: String,
    count: u64,
    amount: f64,
    share: f64,
}

fn box_rows(rng: &mut Rng) -> Vec<BoxRow> {
    (0..10)
        .map(|r| BoxRow {
            year: 2010 + r,
            name: format!("{} {}", rng.word(), rng.word()),
            count: rng.below(5000),
            amount: rng.number(900.0),
            share: rng.number(60.0),
        })
        .collect()
}

fn pipe_table(rows: &[BoxRow]) -> String {
    let mut t = String::from(
        "| Year | Name | Count | Amount (USD 100 million) | Share |\n|---|---|--:|--:|--:|\n",
    );
    for r in rows {
        let _ = writeln!(
            t,
            "| {} | {} | {} | {:.1} | {:.1}% |",
            r.year, r.name, r.count, r.amount, r.share
        );
    }
    t
}

fn box_yaml(rows: &[BoxRow], id: usize, year: usize) -> String {
    let mut y = format!(
        "title: Synthetic table {id} of the {year} edition\nsource: Synthetic data\ncolumns:\n  - {{ key: year, label: Year }}\n  - {{ key: name, label: Name }}\n  - {{ key: count, label: Count, type: integer }}\n  - {{ key: amount, label: Amount, type: number, decimals: 1, unit: USD 100 million }}\n  - {{ key: share, label: Share, type: percent, decimals: 1 }}\nrows:\n"
    );
    for r in rows {
        let _ = writeln!(
            y,
            "  - {{ year: \"{}\", name: {}, count: {}, amount: {}, share: {} }}",
            r.year, r.name, r.count, r.amount, r.share
        );
    }
    y
}

fn chart_yaml(rng: &mut Rng, n: usize, box_id: &str) -> String {
    match n % 4 {
        0 => format!(
            "title: Count by year (synthetic)\ntype: bar\nfrom: {box_id}\nx: year\nseries:\n  - {{ column: count, label: Count }}\nsource: Synthetic data\n"
        ),
        1 => format!(
            "title: Count and amount (synthetic)\ntype: combo\nfrom: {box_id}\nx: year\nseries:\n  - {{ column: count, label: Count, as: bar }}\n  - {{ column: amount, label: Amount, as: line, axis: right, unit: USD 100 million }}\nsource: Synthetic data\n"
        ),
        2 => format!(
            "title: Share by year (synthetic)\ntype: line\nfrom: {box_id}\nx: year\nseries:\n  - {{ column: share, label: Share, unit: \"%\" }}\nsource: Synthetic data\n"
        ),
        _ => {
            let a = 10 + rng.below(80);
            format!(
                "title: Split (synthetic)\ntype: donut\ncategories: [This country, Others]\nseries:\n  - {{ label: Units, values: [{a}, {}] }}\nsource: Synthetic data\n",
                100 - a
            )
        }
    }
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            std::process::exit(2);
        }
    };
    if let Err(e) = generate(&args) {
        eprintln!("gen_corpus: {e}");
        std::process::exit(1);
    }
}

fn generate(a: &Args) -> Result<(), String> {
    let mut rng = Rng(a.seed);
    let root = &a.out;
    if a.hugo {
        write(
            &root.join("hugo.toml"),
            "baseURL = '/'\ntitle = 'Synthetic country reports'\ndisableKinds = ['taxonomy', 'term', 'RSS', 'sitemap', 'robotsTXT', '404']\n",
        )?;
        write(
            &root.join("layouts/_default/baseof.html"),
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body>{{ block \"main\" . }}{{ end }}</body></html>\n",
        )?;
        write(
            &root.join("layouts/_default/single.html"),
            "{{ define \"main\" }}<main><h1>{{ .Title }}</h1>{{ .Content }}</main>{{ end }}\n",
        )?;
        write(
            &root.join("layouts/_default/list.html"),
            "{{ define \"main\" }}<main><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></main>{{ end }}\n",
        )?;
    } else {
        write(
            &root.join("content/site.yaml"),
            "# Synthetic benchmark corpus.\ntitle: Synthetic country reports\n",
        )?;
    }
    for r in 0..a.reports {
        let slug = format!("country-{r:04}");
        if !a.hugo {
            write(
                &root.join(format!("content/{slug}/report.yaml")),
                &format!("name: Country {r}\ntitle: Synthetic country report {r}\n"),
            )?;
        }
        for e in 0..a.editions {
            let year = 2020 + e;
            let dir = root.join(format!("content/{slug}/{year}"));
            if !a.hugo {
                write(
                    &dir.join("edition.yaml"),
                    &format!("title: Country {r} report {year} (synthetic)\ndate: {year}-12-31\n"),
                )?;
            }
            let mut ind = String::from("indicators:\n");
            for i in 0..4 {
                let _ = writeln!(
                    ind,
                    "  - {{ id: ind-{i}, label: Indicator {i}, value: {}, unit: \"%\", decimals: 1, year: {year}, threshold: 2, direction: higher }}",
                    rng.number(5.0)
                );
            }
            let boxes: Vec<Vec<BoxRow>> = (0..5).map(|_| box_rows(&mut rng)).collect();
            if !a.hugo {
                write(&dir.join("data/indicators.yaml"), &ind)?;
                for (b, rows) in boxes.iter().enumerate() {
                    write(
                        &dir.join(format!("data/box-t{b}.yaml")),
                        &box_yaml(rows, b, year),
                    )?;
                }
            }
            let charts = if a.charts { 4 } else { 0 };
            for c in 0..charts {
                write(
                    &dir.join(format!("data/fig-c{c}.yaml")),
                    &chart_yaml(&mut rng, c, &format!("box-t{c}")),
                )?;
            }
            for ch in 0..a.chapters {
                let mut body = format!("---\ntitle: Chapter {} {}\n---\n", ch + 1, rng.word());
                let mut words = 0;
                let mut para = 0;
                let mut notes = 0;
                while words < a.words {
                    if para % 4 == 0 {
                        let _ = write!(body, "\n## Section {} on {}\n\n", para / 4 + 1, rng.word());
                    }
                    for _ in 0..5 {
                        words += sentence(&mut rng, &mut body);
                    }
                    if para == 1 && ch < 5 {
                        if a.hugo {
                            let _ = write!(body, "As table {} shows, the value is 2.5%.", ch + 1);
                        } else {
                            let _ = write!(
                                body,
                                "As @box-t{ch} shows, the value is {{{{< value ind-{} >}}}}.",
                                ch % 4
                            );
                        }
                    }
                    if para == 2 && ch < charts {
                        let _ = write!(body, "See @fig-c{ch}.");
                    }
                    if para % 3 == 0 && notes < 4 {
                        notes += 1;
                        let _ = write!(body, "[^{notes}]");
                    }
                    body.push_str("\n\n");
                    if para == 3 && ch < 5 {
                        if a.hugo {
                            body.push_str(&pipe_table(
                                boxes.get(ch).map_or(&[][..], Vec::as_slice),
                            ));
                            body.push('\n');
                        } else {
                            let _ = write!(body, "{{{{< box box-t{ch} >}}}}\n\n");
                        }
                    }
                    if para == 4 && ch < charts {
                        let _ = write!(body, "{{{{< figure fig-c{ch} >}}}}\n\n");
                    }
                    para += 1;
                }
                for n in 1..=notes {
                    let _ = writeln!(body, "[^{n}]: Synthetic note {n} on {}.", rng.word());
                }
                write(
                    &dir.join(format!("{:02}-chapter-{}.md", ch + 1, ch + 1)),
                    &body,
                )?;
            }
        }
    }
    Ok(())
}
