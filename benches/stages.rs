//! One criterion bench per stage, on the bundled sample (`content/` of this repository):
//! load, resolve, Markdown, box rendering, templating (whole render) and writing.
//!
//!     cargo bench --bench stages

use almanac::render::markdown::{ChapterContext, render_chapter};
use almanac::render::{ids::PageIds, load_theme, render};
use almanac::resolve::{Resolution, ResolveOptions, resolve};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;

fn sample_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn stages(c: &mut Criterion) {
    let root = sample_root();
    let (project, diags) = almanac::load::load(root);
    let project = project.expect("the sample loads");
    assert!(!diags.has_errors(), "the sample has errors");
    let theme = load_theme(&project.theme_overrides).unwrap_or_else(|_| panic!("theme"));

    c.bench_function("load: the sample project from disk", |b| {
        b.iter(|| black_box(almanac::load::load(root)))
    });
    c.bench_function("resolve: number, refer, check", |b| {
        b.iter(|| black_box(resolve(&project, ResolveOptions::default())))
    });

    let (resolved, _) = resolve(&project, ResolveOptions::default());
    let edition = &resolved.reports[0].editions[0];
    let longest = edition
        .chapters
        .iter()
        .max_by_key(|c| c.chapter.body().len())
        .expect("a chapter");
    c.bench_function("markdown: the longest chapter to HTML", |b| {
        b.iter(|| {
            let mut ids = PageIds::new();
            let mut notes = 0;
            let mut html = |r: &Resolution| match r {
                Resolution::Html(h) => h.clone(),
                _ => String::from("<span></span>"),
            };
            black_box(render_chapter(
                longest.chapter.body(),
                &longest.marks,
                ChapterContext {
                    slug: &longest.chapter.slug,
                    allow_raw_html: false,
                    ids: &mut ids,
                    note_counter: &mut notes,
                    mark_html: &mut html,
                    locale: &edition.locale,
                    link_prefix: None,
                },
            ))
        })
    });
    c.bench_function("boxes: every box of the edition to HTML", |b| {
        let mut ids = almanac::render::ids::PageIds::new();
        let inline = almanac::render::citations::InlineMarks::new(edition, &mut ids);
        b.iter(|| {
            for numbered in &edition.boxes {
                black_box(
                    almanac::render::boxes::render_box(
                        &theme,
                        numbered,
                        false,
                        &edition.locale,
                        &|r| inline.html(r),
                    )
                    .ok(),
                );
            }
        })
    });
    c.bench_function("theme: compile the templates", |b| {
        b.iter(|| black_box(load_theme(&project.theme_overrides).is_ok()))
    });
    c.bench_function(
        "render: the whole site in memory (templating included)",
        |b| b.iter(|| black_box(render(&resolved, &theme).is_ok())),
    );
    let site = render(&resolved, &theme).unwrap_or_else(|_| panic!("render"));
    let out = tempfile::tempdir().expect("temp");
    let target = out.path().join("site");
    c.bench_function("write: stage and swap the site", |b| {
        b.iter(|| almanac::write::write_site(&target, &site.files).expect("write"))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = stages
}
criterion_main!(benches);
