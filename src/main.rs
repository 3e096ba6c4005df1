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
        Command::Build { root, out, drafts } => cli::build::run(root, out, drafts),
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
