//! `almanac serve`: the live preview.

use super::output::{count, print_diagnostics};
use almanac::BuildOptions;
use almanac::serve::{Outcome, Rebuild, ServeOptions, Server};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

pub struct Args {
    pub root: PathBuf,
    pub port: u16,
    pub bind: IpAddr,
    pub open: bool,
    pub drafts: bool,
}

pub fn run(args: Args) -> ExitCode {
    super::output::restore_site(&args.root);
    let mut build = BuildOptions::new(args.root);
    build.drafts = args.drafts;
    let mut options = ServeOptions::new(build);
    options.addr = SocketAddr::new(args.bind, args.port);
    let server = match Server::start(options, print_rebuild) {
        Ok(s) => s,
        Err(d) => {
            print_diagnostics(&[d]);
            return ExitCode::from(1);
        }
    };
    let addr = server.addr();
    let url = match addr.ip() {
        // `localhost` reaches 127.0.0.1 and ::1, not the rest of 127.0.0.0/8.
        ip if ip.is_unspecified()
            || ip == IpAddr::from([127, 0, 0, 1])
            || ip == IpAddr::from(std::net::Ipv6Addr::LOCALHOST) =>
        {
            format!("http://localhost:{}/", addr.port())
        }
        IpAddr::V4(ip) => format!("http://{ip}:{}/", addr.port()),
        IpAddr::V6(ip) => format!("http://[{ip}]:{}/", addr.port()),
    };
    eprintln!("serving on http://{addr}/ ({url}); Ctrl-C stops (nothing is written to disk)");
    if !addr.ip().is_loopback() {
        eprintln!(
            "warning: listening beyond this machine ({}): anyone who can reach it can read the site",
            addr.ip()
        );
    }
    if args.open {
        open_browser(&url);
    }
    // The server runs on its own threads; Ctrl-C ends the process, and since the site lives
    // only in memory there is nothing to clean up.
    loop {
        std::thread::park();
    }
}

fn print_rebuild(r: &Rebuild) {
    let what = if r.changed.is_empty() {
        "built".to_string()
    } else {
        const SHOWN: usize = 3;
        let mut names = r
            .changed
            .iter()
            .take(SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if r.changed.len() > SHOWN {
            names.push_str(&format!(" and {} more", r.changed.len() - SHOWN));
        }
        format!("{names} changed: rebuilt")
    };
    let ms = r.elapsed.as_secs_f64() * 1000.0;
    match &r.outcome {
        Outcome::Built {
            stats,
            rendered_editions,
            warnings,
        } => {
            print_diagnostics(warnings);
            // After a change, say how much of the site it took.
            let editions = if r.changed.is_empty() || *rendered_editions == stats.editions {
                count(stats.editions, "edition", "editions")
            } else {
                format!("{rendered_editions} of {} editions", stats.editions)
            };
            eprintln!(
                "{what} {editions}, {} in {ms:.1} ms",
                count(stats.pages, "page", "pages"),
            );
        }
        Outcome::Failed { diagnostics } => {
            print_diagnostics(diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            // The first build has no good build before it: the pages show the errors.
            let serving = if r.changed.is_empty() {
                "the pages show the errors until they are fixed"
            } else {
                "still serving the last good build"
            };
            eprintln!(
                "{what} with {} in {ms:.1} ms; {serving}",
                count(errors, "error", "errors")
            );
        }
    }
}

/// Opens `url` with the platform's opener; a missing opener is only a note.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    if let Err(e) = command.spawn() {
        eprintln!("note: could not open a browser ({e}); open {url} yourself");
    }
}
