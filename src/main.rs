//! The `almanac` command line. The binary (this file and `src/cli/`) is the only code that
//! prints and exits; the library returns diagnostics.

mod cli;

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
    /// Check the project: everything `build` validates, nothing written.
    Check {
        /// The project folder (holding content/).
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// How to print the diagnostics.
        #[arg(long, value_enum, default_value = "human")]
        format: cli::check::Format,
        /// Check draft editions too.
        #[arg(long)]
        drafts: bool,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build { root, out, drafts } => cli::build::run(root, out, drafts),
        Command::Check {
            root,
            strict,
            format,
            drafts,
        } => cli::check::run(root, strict, format, drafts),
    }
}
