//! `serve`: the live preview. The site is built in memory and served from there (nothing is
//! written to disk), the sources are watched, every change rebuilds, and open pages reload
//! through a small injected script listening to server-sent events. While a build fails the
//! last good site stays up, with the diagnostics drawn over every page.
//!
//! - [`admission`]: bounded connections, and no slow client keeping others out;
//! - [`http`]: reading requests strictly, writing responses;
//! - [`site_store`]: the site in memory, swapped whole by each rebuild;
//! - [`live_reload`]: the injected script, the error overlay, the event stream;
//! - [`watch`]: file events, gathered into batches.

pub mod admission;
pub mod http;
pub mod live_reload;
pub mod site_store;
pub mod watch;

use crate::core::code::Code;
use crate::core::diagnostic::Diagnostic;
use crate::load::cache::LoadCache;
use crate::pipeline::{BuildOptions, render_site_kept};
use crate::render::{EditionCache, Stats};
use admission::{Deadline, HEAD_DEADLINE, Slot, Waiting};
use http::{Method, Reject, Request, Response};
use live_reload::{Broadcaster, EVENTS_PATH};
use site_store::{SiteStore, Snapshot};
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The default address: loopback only.
pub const DEFAULT_ADDR: SocketAddr = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 1111);

/// At most this many connections are handled at once; more are closed at once.
const MAX_CONNECTIONS: usize = 128;
/// At most this many of them may be event streams, so that pages are always served.
const MAX_EVENT_STREAMS: usize = 32;
/// How long a write may block on a client that does not read.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// An event stream sends a comment this often, which finds closed connections.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// What to serve and where.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The project and the build's options (`out` is not used: nothing is written).
    pub build: BuildOptions,
    /// Where to listen; port 0 picks a free port.
    pub addr: SocketAddr,
    /// How long the sources must be quiet before a rebuild.
    pub debounce: Duration,
}

impl ServeOptions {
    /// The live preview never typesets PDFs: a keystroke must not wait for one (`almanac
    /// build` makes them).
    pub fn new(build: BuildOptions) -> Self {
        ServeOptions {
            build: BuildOptions {
                pdf: false,
                ..build
            },
            addr: DEFAULT_ADDR,
            debounce: Duration::from_millis(30),
        }
    }
}

/// How a build went.
#[derive(Debug)]
pub enum Outcome {
    Built {
        stats: Stats,
        /// How many editions were rendered again (the others had not changed).
        rendered_editions: usize,
        warnings: Vec<Diagnostic>,
    },
    Failed {
        diagnostics: Vec<Diagnostic>,
    },
}

/// One build of the preview: the first, or a rebuild after a change.
#[derive(Debug)]
pub struct Rebuild {
    /// The changed paths that caused it, relative to the project; empty for the first build.
    pub changed: Vec<String>,
    pub elapsed: Duration,
    pub outcome: Outcome,
}

/// Shared by the listener and every connection.
struct Shared {
    store: SiteStore,
    events: Broadcaster,
    stopping: AtomicBool,
    connections: Arc<AtomicUsize>,
    /// The connections still sending their request.
    waiting: Waiting,
    event_streams: Arc<AtomicUsize>,
    /// Bound to loopback: requests must name a loopback host.
    loopback_only: bool,
}

/// A running preview server. [`Server::stop`] (or dropping it) ends it.
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept: Option<JoinHandle<()>>,
    watch: Option<watch::WatchHandle>,
}

impl Server {
    /// Builds the site, starts listening and watching. `report` hears of the first build
    /// (before this returns) and of every rebuild (on the watch's thread).
    pub fn start(
        options: ServeOptions,
        mut report: impl FnMut(&Rebuild) + Send + 'static,
    ) -> Result<Server, Diagnostic> {
        let listener = TcpListener::bind(options.addr).map_err(|e| {
            Diagnostic::error(
                Code::ServeAddress,
                format!("cannot listen on {}: {e}", options.addr),
            )
            .with_help("pick another port with --port, or another address with --bind")
        })?;
        let addr = listener.local_addr().map_err(|e| {
            Diagnostic::error(
                Code::ServeAddress,
                format!("cannot read the bound address: {e}"),
            )
        })?;
        let shared = Arc::new(Shared {
            store: SiteStore::new(),
            events: Broadcaster::new(),
            stopping: AtomicBool::new(false),
            connections: Arc::default(),
            waiting: Waiting::default(),
            event_streams: Arc::default(),
            loopback_only: addr.ip().is_loopback(),
        });

        // Loaded reports and rendered editions are kept between builds: a change reads
        // again only the reports whose files changed, and renders only their editions.
        let kept = Kept::default();
        report(&rebuild(&options.build, &shared, &kept, Vec::new()));

        let build = options.build.clone();
        let for_watch = Arc::clone(&shared);
        let watch = watch::watch(&options.build.root, options.debounce, move |changed| {
            report(&rebuild(&build, &for_watch, &kept, changed));
        })
        .map_err(|e| {
            Diagnostic::error(Code::ServeWatch, format!("cannot watch the project: {e}"))
                .in_file(&options.build.root.display().to_string())
                .with_help("check that the project folder exists and is readable")
        })?;

        let for_accept = Arc::clone(&shared);
        let accept = std::thread::Builder::new()
            .name("almanac-accept".into())
            .spawn(move || accept_loop(&listener, &for_accept))
            .map_err(|e| Diagnostic::error(Code::ServeThread, format!("cannot start: {e}")))?;

        Ok(Server {
            addr,
            shared,
            accept: Some(accept),
            watch: Some(watch),
        })
    }

    /// The address the server listens on (with the port picked, when asked for port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops listening, watching and every event stream. Requests being answered finish
    /// on their own, bounded by the timeouts.
    pub fn stop(&mut self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        if let Some(accept) = self.accept.take() {
            // Wake the blocking accept with a connection of our own.
            let _ = TcpStream::connect_timeout(&wake_addr(self.addr), Duration::from_secs(1));
            let _ = accept.join();
        }
        if let Some(mut w) = self.watch.take() {
            w.stop();
        }
        self.shared.events.close();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// An address that reaches a listener bound to `addr` (a wildcard address is reached on
/// loopback).
fn wake_addr(addr: SocketAddr) -> SocketAddr {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    SocketAddr::new(ip, addr.port())
}

/// What the preview keeps from one build to the next.
#[derive(Debug, Default)]
struct Kept {
    /// The reports loaded, taken again while their files are unchanged.
    loads: LoadCache,
    /// The editions rendered, taken again while what their pages show is unchanged.
    editions: EditionCache,
}

/// Builds the site in memory and publishes the result: a good build replaces the site and
/// tells pages to reload; a failed one keeps the site and sends the diagnostics.
fn rebuild(build: &BuildOptions, shared: &Shared, kept: &Kept, changed: Vec<String>) -> Rebuild {
    let start = Instant::now();
    let result = render_site_kept(build, Some(&kept.editions), Some(&kept.loads));
    let outcome = match result {
        Ok((site, warnings)) => {
            let rendered_editions = site.rendered_editions;
            let version = shared.store.publish(site.files);
            shared
                .events
                .send(&live_reload::sse_event("reload", &version.to_string()));
            Outcome::Built {
                stats: site.stats,
                rendered_editions,
                warnings,
            }
        }
        Err(diagnostics) => {
            let errors: Vec<Diagnostic> = diagnostics
                .iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect();
            shared.events.send(&live_reload::diagnostics_event(&errors));
            shared.store.fail(errors);
            Outcome::Failed { diagnostics }
        }
    };
    Rebuild {
        changed,
        elapsed: start.elapsed(),
        outcome,
    }
}

/// Accepts connections and gives each a thread of its own, up to [`MAX_CONNECTIONS`]; the
/// loop itself never reads from or writes to a client, so no client can hold it up.
fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.stopping.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else {
            // Out of file descriptors, most likely: give the others time to finish.
            std::thread::sleep(Duration::from_millis(20));
            continue;
        };
        let Some(slot) = admit(shared) else {
            drop(stream);
            continue;
        };
        // The slot goes with the thread (or is dropped with the closure if none starts).
        let shared = Arc::clone(shared);
        let _ = std::thread::Builder::new()
            .name("almanac-conn".into())
            .spawn(move || {
                let _slot = slot;
                handle(stream, &shared);
            });
    }
}

/// A place for a new connection. When all are taken, the connection that has waited longest
/// for its request is closed to make room (a page's own requests arrive at once, so only a
/// slow or idle client loses its place); when every place serves a request or an event
/// stream, the new connection is refused.
fn admit(shared: &Shared) -> Option<Slot> {
    if let Some(slot) = Slot::take(&shared.connections, MAX_CONNECTIONS) {
        return Some(slot);
    }
    if !shared.waiting.close_oldest() {
        return None;
    }
    // The closed connection's thread gives its place back as it ends.
    let until = Instant::now() + Duration::from_millis(200);
    while Instant::now() < until {
        if let Some(slot) = Slot::take(&shared.connections, MAX_CONNECTIONS) {
            return Some(slot);
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    None
}

/// Answers one request on its own connection.
fn handle(stream: TcpStream, shared: &Shared) {
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let _ = stream.set_nodelay(true);
    let read = {
        let _ticket = shared.waiting.enter(&stream);
        let mut reader = Deadline {
            stream: &stream,
            until: Instant::now() + HEAD_DEADLINE,
        };
        http::read_request(&mut reader)
    };
    let request = match read {
        Ok(Some(r)) => r,
        _ => return,
    };
    let request = match request {
        Ok(r) => r,
        Err(reject) => {
            let text = match reject {
                Reject::BadRequest => "the request or its path is malformed or leaves the site",
                Reject::MethodNotAllowed => "only GET and HEAD are served",
                Reject::TooLarge => "the request's head is too large",
            };
            let mut response = Response::plain(reject.status(), text);
            if reject == Reject::MethodNotAllowed {
                response = response.with_header("Allow: GET, HEAD".into());
            }
            finish(stream, &response, Method::Get);
            return;
        }
    };
    if shared.loopback_only
        && request
            .host
            .as_deref()
            .is_some_and(|h| !http::is_loopback_host(h))
    {
        let response = Response::plain(403, "this preview answers only to localhost");
        finish(stream, &response, request.method);
        return;
    }
    if request.path == EVENTS_PATH {
        event_stream(stream, shared, request.method);
        return;
    }
    let response = respond(&request, &shared.store.snapshot());
    finish(stream, &response, request.method);
}

/// Writes a response and closes the connection.
fn finish(mut stream: TcpStream, response: &Response, method: Method) {
    let _ = response.write_to(&mut stream, method);
    let _ = stream.shutdown(Shutdown::Write);
}

/// The response to a request for a site path.
fn respond(request: &Request, snapshot: &Snapshot) -> Response {
    let path = if request.path.is_empty() || request.path.ends_with('/') {
        format!("{}index.html", request.path)
    } else {
        request.path.clone()
    };
    if let Some(bytes) = snapshot.file(&path) {
        let content_type = http::content_type(&path);
        let body = if content_type.starts_with("text/html") {
            live_reload::inject(bytes, snapshot.version, &snapshot.errors)
        } else {
            bytes.to_vec()
        };
        return Response::new(200, content_type, body);
    }
    // A folder named without its final slash: relative links need the slash.
    if snapshot.file(&format!("{path}/index.html")).is_some() {
        let location = format!("/{}/", percent_encode(&path));
        return Response::plain(301, &location).with_header(format!("Location: {location}"));
    }
    const HTML: &str = "text/html; charset=utf-8";
    if snapshot.files.is_empty() {
        let page = live_reload::error_page(snapshot.version, &snapshot.errors);
        return Response::new(503, HTML, page);
    }
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>Not found</title>\n</head>\n<body>\n<h1>Not found</h1>\n\
         <p>The site has no page <code>/{}</code>. <a href=\"/\">Go to the site's index.</a></p>\n\
         </body>\n</html>\n",
        crate::core::escape::html(&request.path)
    );
    let body = live_reload::inject(page.as_bytes(), snapshot.version, &snapshot.errors);
    Response::new(404, HTML, body)
}

/// Percent-encodes a decoded path for a `Location` header (`/` kept).
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Keeps an event stream open: the site's version at once (and the diagnostics when the
/// build is failing), then every message of the broadcaster, until the client leaves or the
/// server stops.
fn event_stream(mut stream: TcpStream, shared: &Shared, method: Method) {
    let Some(_slot) = Slot::take(&shared.event_streams, MAX_EVENT_STREAMS) else {
        finish(
            stream,
            &Response::plain(503, "too many open event streams"),
            method,
        );
        return;
    };
    // Subscribe before reading the snapshot, so that no rebuild falls between the two.
    let messages = shared.events.subscribe();
    let snapshot = shared.store.snapshot();
    let mut first = String::from(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
         X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
    );
    if method == Method::Head {
        let _ = stream.write_all(first.as_bytes());
        return;
    }
    first.push_str("retry: 1000\n\n");
    first.push_str(&live_reload::sse_event(
        "version",
        &snapshot.version.to_string(),
    ));
    if snapshot.failing() {
        first.push_str(&live_reload::diagnostics_event(&snapshot.errors));
    }
    if stream.write_all(first.as_bytes()).is_err() {
        return;
    }
    loop {
        if shared.stopping.load(Ordering::SeqCst) {
            return;
        }
        let message = match messages.recv_timeout(KEEP_ALIVE) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if stream.write_all(message.as_bytes()).is_err() || stream.flush().is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_encoded() {
        assert_eq!(percent_encode("alpha/2023"), "alpha/2023");
        assert_eq!(percent_encode("a b/é"), "a%20b/%C3%A9");
    }
}
