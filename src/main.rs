//! The `almanac` command line. The binary (this file and `src/cli/`) is the only code that
//! prints and exits; the library returns diagnostics.

mod cli;

/// jemalloc with the PDF engine, which allocates from every thread at once (see Cargo.toml).
#[cfg(all(feature = "pdf", not(target_env = "msvc")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

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
        /// Fail at once, rather than wait, when another build is writing the output folder.
        #[arg(long)]
        no_wait: bool,
        /// Treat warnings as errors: nothing is written when there is any.
        #[arg(long)]
        strict: bool,
        /// Build the site without typesetting each edition as a PDF.
        #[arg(long)]
        no_pdf: bool,
    },
    /// Start a new project: a site, a report and an edition with two chapters, a box and a
    /// chart, every file commented.
    Init {
        /// The folder to start it in (made when missing; never overwritten).
        #[arg(default_value = ".", value_name = "DIR")]
        dir: PathBuf,
    },
    /// Start a new edition of a report as a copy of an earlier one (a draft).
    NewEdition {
        /// The report's folder name under content/ (such as `china`).
        report: String,
        /// The new edition's year.
        year: u16,
        /// The edition to copy [default: the newest].
        #[arg(long, value_name = "YEAR")]
        from: Option<u16>,
        /// The project folder (holding content/).
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
    },
    /// Print what changed in the data (boxes, charts, indicators) between two editions.
    Diff {
        /// The report's folder name under content/.
        report: String,
        /// The older edition's year.
        from: u16,
        /// The newer edition's year.
        to: u16,
        /// Compare the editions as published in this language (an original or a
        /// translation): rows are known by their text, so by default the originals.
        #[arg(long, value_name = "TAG")]
        language: Option<String>,
        /// The project folder (holding content/).
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
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
    /// Build in memory, serve the site for preview, rebuild and reload pages on every change.
    Serve {
        /// The project folder (holding content/).
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// The port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 1111, value_name = "N")]
        port: u16,
        /// The address to listen on; only loopback unless told otherwise.
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
        bind: std::net::IpAddr,
        /// Open the site in the browser.
        #[arg(long)]
        open: bool,
        /// Serve draft editions too.
        #[arg(long)]
        drafts: bool,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build {
            root,
            out,
            drafts,
            no_wait,
            strict,
            no_pdf,
        } => cli::build::run(root, out, drafts, no_wait, strict, !no_pdf),
        Command::Init { dir } => cli::init::run(dir),
        Command::NewEdition {
            report,
            year,
            from,
            root,
        } => cli::new_edition::run(root, report, year, from),
        Command::Diff {
            report,
            from,
            to,
            language,
            root,
        } => cli::diff::run(root, report, from, to, language.as_deref()),
        Command::Check {
            root,
            strict,
            format,
            drafts,
        } => cli::check::run(root, strict, format, drafts),
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
        } => cli::serve::run(cli::serve::Args {
            root,
            port,
            bind,
            open,
            drafts,
        }),
    }
}
