//! The `almanac` command line. The only place that prints and exits.

use almanac::{BuildOptions, Diagnostic};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// A static report generator: Markdown narrative and YAML data become a static site of
/// numbered boxes, SVG figures and yearly editions.
#[derive(Parser)]
#[command(name = "almanac", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the project into a static site.
    Build {
        /// The project folder (holding content/).
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// The output folder, replaced whole on success [default: <root>/site].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Build draft editions too.
        #[arg(long)]
        drafts: bool,
    },
}

fn print_diagnostics(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{}", d.render_human());
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { root, out, drafts } => {
            let options = BuildOptions { root, out, drafts };
            match almanac::build(&options) {
                Ok(outcome) => {
                    print_diagnostics(&outcome.warnings);
                    let s = outcome.stats;
                    let plural = |n: usize, word: &str| {
                        format!("{n} {word}{}", if n == 1 { "" } else { "s" })
                    };
                    eprintln!(
                        "built {}, {}, {}, {} into {} in {} ms",
                        plural(s.editions, "edition"),
                        plural(s.pages, "page"),
                        plural(s.boxes, "box").replace("boxs", "boxes"),
                        plural(s.figures, "figure"),
                        outcome.out.display(),
                        outcome.elapsed.as_millis()
                    );
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    print_diagnostics(&diags);
                    let errors = diags.iter().filter(|d| d.is_error()).count();
                    eprintln!(
                        "error: build failed with {errors} error{}; the output folder was left as it was",
                        if errors == 1 { "" } else { "s" }
                    );
                    ExitCode::from(1)
                }
            }
        }
    }
}
