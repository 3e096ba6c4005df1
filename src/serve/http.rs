//! The little HTTP/1.1 the preview server speaks: one request per connection, read with a size
//! cap and a deadline; a strict reading of the request target; responses with a length and a
//! content type.

use std::io::{self, Read, Write};

/// The most a request head (request line and headers) may hold.
pub const MAX_HEAD: usize = 16 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
}

/// A request head, parsed.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    /// The decoded path, without its leading `/`, query or fragment.
    pub path: String,
    /// The `Host` header, when there is one.
    pub host: Option<String>,
}

/// Why a request gets no page: the status to answer with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reject {
    /// 400: malformed, or a target that tries to leave the site.
    BadRequest,
    /// 405: a method other than GET and HEAD.
    MethodNotAllowed,
    /// 431: a head larger than [`MAX_HEAD`].
    TooLarge,
}

impl Reject {
    pub fn status(self) -> u16 {
        match self {
            Reject::BadRequest => 400,
            Reject::MethodNotAllowed => 405,
            Reject::TooLarge => 431,
        }
    }
}

/// Reads a request head from `stream` (whose read timeout bounds how long this takes) and
/// parses it. `Ok(None)` when the client closed or timed out before sending a whole head.
pub fn read_request(stream: &mut impl Read) -> io::Result<Option<Result<Request, Reject>>> {
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 2048];
    loop {
        let n = match stream.read(&mut buf) {
            Ok(0) => return Ok(None),
            Ok(n) => n,
            Err(e) if matches!(e.kind(), io::ErrorKind::Interrupted) => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Ok(None);
            }
            Err(e) => return Err(e),
        };
        // Look for the blank line from a little before the new bytes.
        let from = head.len().saturating_sub(3);
        head.extend_from_slice(&buf[..n]);
        if let Some(end) = find(&head[from..], b"\r\n\r\n") {
            if from + end > MAX_HEAD {
                return Ok(Some(Err(Reject::TooLarge)));
            }
            head.truncate(from + end);
            return Ok(Some(parse_head(&head)));
        }
        if head.len() > MAX_HEAD {
            return Ok(Some(Err(Reject::TooLarge)));
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Parses a request head (without the blank line that ends it).
pub fn parse_head(head: &[u8]) -> Result<Request, Reject> {
    let text = std::str::from_utf8(head).map_err(|_| Reject::BadRequest)?;
    let mut lines = text.split("\r\n");
    let request_line = lines.next().ok_or(Reject::BadRequest)?;
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Reject::BadRequest);
    };
    if version != "HTTP/1.1" && version != "HTTP/1.0" {
        return Err(Reject::BadRequest);
    }
    let mut host = None;
    for line in lines {
        let (name, value) = line.split_once(':').ok_or(Reject::BadRequest)?;
        if name.eq_ignore_ascii_case("host") {
            if host.is_some() {
                return Err(Reject::BadRequest);
            }
            host = Some(value.trim().to_string());
        }
    }
    let method = match method {
        "GET" => Method::Get,
        "HEAD" => Method::Head,
        m if !m.is_empty() && m.bytes().all(|b| b.is_ascii_uppercase()) => {
            return Err(Reject::MethodNotAllowed);
        }
        _ => return Err(Reject::BadRequest),
    };
    let path = decode_target(target)?;
    Ok(Request { method, path, host })
}

/// The path a request target names, relative to the site: percent-decoded, without query or
/// fragment. Rejects anything that is not a plain path inside the site: `..` or `.`
/// segments (written plainly or percent-encoded), empty segments, NUL and other control
/// characters, backslashes, a target that is not an absolute path, and bytes that are not
/// UTF-8 once decoded.
pub fn decode_target(target: &str) -> Result<String, Reject> {
    let raw = target.split(['?', '#']).next().unwrap_or("");
    let raw = raw.strip_prefix('/').ok_or(Reject::BadRequest)?;
    let mut bytes = Vec::with_capacity(raw.len());
    let mut it = raw.bytes();
    while let Some(b) = it.next() {
        if b == b'%' {
            let hi = it.next().and_then(hex).ok_or(Reject::BadRequest)?;
            let lo = it.next().and_then(hex).ok_or(Reject::BadRequest)?;
            bytes.push(hi << 4 | lo);
        } else {
            bytes.push(b);
        }
    }
    let path = String::from_utf8(bytes).map_err(|_| Reject::BadRequest)?;
    if path.chars().any(|c| c.is_control() || c == '\\') {
        return Err(Reject::BadRequest);
    }
    let body = path.strip_suffix('/').unwrap_or(&path);
    if !body.is_empty()
        && body
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == "..")
    {
        return Err(Reject::BadRequest);
    }
    Ok(path)
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// The `Content-Type` of a site file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "csv" => "text/csv; charset=utf-8",
        "json" => "application/json",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

/// A whole response, sent at once and then the connection closed.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// Extra headers, each `Name: value` without the line end.
    pub headers: Vec<String>,
}

impl Response {
    pub fn new(status: u16, content_type: &'static str, body: Vec<u8>) -> Self {
        Response {
            status,
            content_type,
            body,
            headers: Vec::new(),
        }
    }

    /// A short plain-text answer for an error status.
    pub fn plain(status: u16, text: &str) -> Self {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            format!("{status} {}: {text}\n", reason(status)).into_bytes(),
        )
    }

    pub fn with_header(mut self, header: String) -> Self {
        self.headers.push(header);
        self
    }

    /// Writes the response; for HEAD, the headers only (with the body's length).
    pub fn write_to(&self, out: &mut impl Write, method: Method) -> io::Result<()> {
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
             Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
            self.status,
            reason(self.status),
            self.content_type,
            self.body.len()
        );
        for h in &self.headers {
            head.push_str(h);
            head.push_str("\r\n");
        }
        head.push_str("\r\n");
        out.write_all(head.as_bytes())?;
        if method == Method::Get {
            out.write_all(&self.body)?;
        }
        out.flush()
    }
}

/// Whether a `Host` header names a loopback address (`localhost`, `127.x.x.x`, `[::1]`),
/// with or without a port. A server bound to loopback answers only such requests, so a web
/// page elsewhere cannot reach it through a rebound DNS name.
pub fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((name, port)) if port.is_empty() || port.starts_with(':') => name,
            _ => return false,
        }
    } else {
        host.split_once(':').map_or(host, |(name, _)| name)
    };
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    name.parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_decode_to_paths_inside_the_site() {
        assert_eq!(decode_target("/").unwrap(), "");
        assert_eq!(decode_target("/alpha/2023/").unwrap(), "alpha/2023/");
        assert_eq!(
            decode_target("/alpha/2023/index.html?x=1#top").unwrap(),
            "alpha/2023/index.html"
        );
        assert_eq!(decode_target("/a%20b.html").unwrap(), "a b.html");
        assert_eq!(decode_target("/caf%C3%A9/").unwrap(), "café/");
    }

    #[test]
    fn targets_that_leave_the_site_or_are_malformed_are_rejected() {
        for bad in [
            "/../etc/passwd",
            "/alpha/../../x",
            "/%2e%2e/x",
            "/%2E%2E/x",
            "/.%2e/x",
            "/alpha/%2e%2e%2f%2e%2e%2fx",
            "/a/./b",
            "/a//b",
            "//etc/passwd",
            "/a%00b",
            "/a%5c..%5cb",
            "/a\\b",
            "/%zz",
            "/%4",
            "/%ff",
            "relative",
            "http://example.org/",
            "*",
        ] {
            assert_eq!(decode_target(bad), Err(Reject::BadRequest), "{bad}");
        }
    }

    #[test]
    fn heads_parse_strictly() {
        let r = parse_head(b"GET /x.css HTTP/1.1\r\nHost: localhost:1111").unwrap();
        assert_eq!(r.method, Method::Get);
        assert_eq!(r.path, "x.css");
        assert_eq!(r.host.as_deref(), Some("localhost:1111"));
        assert_eq!(parse_head(b"HEAD / HTTP/1.0").unwrap().method, Method::Head);
        assert_eq!(
            parse_head(b"POST / HTTP/1.1"),
            Err(Reject::MethodNotAllowed)
        );
        assert_eq!(parse_head(b"GET / HTTP/2"), Err(Reject::BadRequest));
        assert_eq!(parse_head(b"GET  / HTTP/1.1"), Err(Reject::BadRequest));
        assert_eq!(
            parse_head(b"GET / HTTP/1.1\r\nno colon"),
            Err(Reject::BadRequest)
        );
        assert_eq!(
            parse_head(b"GET / HTTP/1.1\r\nHost: a\r\nHost: b"),
            Err(Reject::BadRequest)
        );
    }

    #[test]
    fn a_head_is_read_up_to_the_blank_line_and_capped() {
        let mut ok: &[u8] = b"GET /a HTTP/1.1\r\nHost: x\r\n\r\nbody";
        let r = read_request(&mut ok).unwrap().unwrap().unwrap();
        assert_eq!(r.path, "a");
        let big = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEAD));
        let mut big = big.as_bytes();
        assert_eq!(
            read_request(&mut big).unwrap().unwrap(),
            Err(Reject::TooLarge)
        );
        let mut cut: &[u8] = b"GET / HTTP/1.1\r\n";
        assert!(read_request(&mut cut).unwrap().is_none());
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("assets/almanac.css"),
            "text/css; charset=utf-8"
        );
        assert_eq!(content_type("f.svg"), "image/svg+xml");
        assert_eq!(content_type("f.woff2"), "font/woff2");
        assert_eq!(content_type("d/box.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("d/box.json"), "application/json");
        assert_eq!(content_type("i.png"), "image/png");
        assert_eq!(content_type("s.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }

    #[test]
    fn head_responses_carry_the_length_but_no_body() {
        let r = Response::new(200, "text/plain; charset=utf-8", b"hello".to_vec());
        let mut out = Vec::new();
        r.write_to(&mut out, Method::Head).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(text.contains("Content-Length: 5\r\n"));
        assert!(text.ends_with("\r\n\r\n"));
    }

    #[test]
    fn only_loopback_hosts_pass() {
        for ok in [
            "localhost",
            "localhost:1111",
            "127.0.0.1:80",
            "[::1]:1111",
            "[::1]",
        ] {
            assert!(is_loopback_host(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "10.0.0.1",
            "[::1]x",
            "",
        ] {
            assert!(!is_loopback_host(bad), "{bad}");
        }
    }
}
