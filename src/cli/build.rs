//! `almanac build`.

use super::output::{count, print_diagnostics, say_restored};
use almanac::BuildOptions;
use almanac::write::WhenLocked;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(
    root: PathBuf,
    out: Option<PathBuf>,
    drafts: bool,
    no_wait: bool,
    strict: bool,
    pdf: bool,
) -> ExitCode {
    let options = BuildOptions {
        root,
        out,
        drafts,
        strict,
        pdf,
        when_locked: if no_wait {
            WhenLocked::Fail
        } else {
            WhenLocked::Wait
        },
    };
    let shown = options.out_dir();
    let waiting = || {
        eprintln!(
            "waiting for another build of {} to finish…",
            shown.display()
        )
    };
    match almanac::pipeline::build_reporting(&options, &waiting) {
        Ok(outcome) => {
            if outcome.restored {
                say_restored(&outcome.out);
            }
            print_diagnostics(&outcome.warnings);
            let s = outcome.stats;
            let pdfs = match (s.pdfs, s.pdfs_from_store) {
                (0, _) => String::new(),
                (n, 0) => format!(", {}", count(n, "PDF", "PDFs")),
                (n, kept) => format!(
                    ", {} ({kept} unchanged, from the cache)",
                    count(n, "PDF", "PDFs")
                ),
            };
            let editions = match s.editions_kept {
                0 => count(s.editions, "edition", "editions"),
                kept => format!(
                    "{} ({kept} unchanged since the last build)",
                    count(s.editions, "edition", "editions")
                ),
            };
            eprintln!(
                "built {editions}, {}, {}, {}{pdfs} into {} in {} ms",
                count(s.pages, "page", "pages"),
                count(s.boxes, "box", "boxes"),
                count(s.figures, "figure", "figures"),
                outcome.out.display(),
                outcome.elapsed.as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(diags) => {
            print_diagnostics(&diags);
            let errors = diags.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "error: build failed with {}{}; the output folder was left as it was",
                count(errors, "error", "errors"),
                if strict {
                    " (--strict: warnings count as errors)"
                } else {
                    ""
                }
            );
            ExitCode::from(1)
        }
    }
}
