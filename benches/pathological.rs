//! Pathological inputs, each at three sizes four times apart, through `pipeline::check` (load,
//! resolve and render in memory) on a copy of the bundled sample: every path through a
//! chapter's text or a data file's entries must take time linear or n log n in its size, so
//! each 4× step should cost about 4× (criterion's throughput line stays about level), never
//! 16×. Each input once took minutes (or all the memory) at a megabyte or two.
//!
//!     cargo bench --bench pathological
//!
//! `ALMANAC_BENCH_KB` sets the smallest size in KB (default 100: 100 KB, 400 KB, 1.6 MB; the
//! chart label has a hundredth as many characters: 1,000, 4,000 and 16,000).

use almanac::pipeline::{BuildOptions, check};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::fs;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

/// `unit` repeated to about `bytes` bytes.
fn repeat(unit: &str, bytes: usize) -> String {
    unit.repeat((bytes / unit.len()).max(1))
}

fn chapter(body: String) -> Vec<(String, String)> {
    vec![(
        "99-pathological.md".to_string(),
        format!("---\ntitle: Pathological\n---\n{body}\n"),
    )]
}

/// Each input by name: the files it adds to the sample's 2022 edition, at about `bytes`.
/// Makes the files of one input, at about the given size.
type Make = fn(usize) -> Vec<(String, String)>;

fn inputs() -> Vec<(&'static str, Make)> {
    vec![
        // Text merged event by event (pulldown-cmark splits text at each `*` and `<`).
        ("emphasis", |n| chapter(repeat("*a ", n))),
        ("angle-brackets", |n| chapter(repeat("<", n))),
        // Unique heading ids: each the same text.
        ("same-headings", |n| chapter(repeat("# Same\n\n", n))),
        // A diagnostic each, all on one line: positions and source lines.
        ("unknown-references", |n| chapter(repeat("@box-x ", n))),
        ("undefined-footnotes", |n| chapter(repeat("[^a] ", n))),
        ("unclosed-shortcodes", |n| chapter(repeat("{{< ", n))),
        // "Did you mean" for one huge word.
        ("one-long-reference", |n| {
            chapter(format!("@box-{}", "a".repeat(n)))
        }),
        // A diagnostic each, located in a large YAML file.
        ("duplicate-columns", |n| {
            let columns = repeat("  - { key: c, label: C }\n", n);
            vec![(
                "data/box-columns.yaml".to_string(),
                format!("title: Columns\ncolumns:\n{columns}rows:\n  - {{ c: x }}\n"),
            )]
        }),
        ("unused-indicators", |n| {
            let sample = fs::read_to_string(sample_edition().join("data/indicators.yaml"))
                .expect("the sample's indicators");
            let count = n / 40;
            let more: String = (0..count)
                .map(|i| format!("  - {{ id: unused-{i:07}, label: L, value: 1 }}\n"))
                .collect();
            vec![("data/indicators.yaml".to_string(), sample + &more)]
        }),
        // A chart category label cut to fit, a hundredth of the size in characters.
        ("long-chart-label", |n| {
            let label = "Shenzhen".repeat(n / 800 + 1)[..n / 100].to_string();
            vec![
                (
                    "data/fig-long-label.yaml".to_string(),
                    format!(
                        "title: Long\ntype: bar\ncategories: [{label}, b]\ny_label: {label}\nseries:\n  - {{ label: {label}, values: [1, 2] }}\n"
                    ),
                ),
                (
                    "99-pathological.md".to_string(),
                    "---\ntitle: Pathological\n---\n{{< figure fig-long-label >}}\n".to_string(),
                ),
            ]
        }),
    ]
}

fn sample_edition() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content/china/2022")
}

/// A copy of the sample project with `files` added to (or replacing files of) its 2022 edition.
fn project(files: &[(String, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for entry in walkdir::WalkDir::new(&from).sort_by_file_name() {
        let entry = entry.expect("walk the sample");
        let target = dir
            .path()
            .join("content")
            .join(entry.path().strip_prefix(&from).expect("inside"));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("mkdir");
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
    let edition = dir.path().join("content/china/2022");
    for (rel, text) in files {
        fs::write(edition.join(rel), text).expect("write");
    }
    dir
}

fn pathological(c: &mut Criterion) {
    let smallest_kb: usize = std::env::var("ALMANAC_BENCH_KB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    for (name, make) in inputs() {
        let mut group = c.benchmark_group(name);
        group
            .sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(3));
        for step in 0..3 {
            let kb = smallest_kb << (2 * step);
            let files = make(kb * 1000);
            let dir = project(&files);
            let options = BuildOptions::new(dir.path());
            group.throughput(Throughput::Bytes(
                files.iter().map(|(_, t)| t.len() as u64).sum(),
            ));
            group.bench_with_input(
                BenchmarkId::from_parameter(format!("{kb} KB")),
                &options,
                |b, o| b.iter(|| black_box(check(o))),
            );
        }
        group.finish();
    }
}

criterion_group!(benches, pathological);
criterion_main!(benches);
