//! `almanac serve`: a preview server started in the test on a free port, fetched over plain
//! TCP; every wait is bounded.

use crate::common::*;
use almanac::BuildOptions;
use almanac::serve::{ServeOptions, Server};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

fn start(root: &std::path::Path) -> Server {
    let mut options = ServeOptions::new(BuildOptions::new(root));
    options.addr = "127.0.0.1:0".parse().expect("addr");
    Server::start(options, |_| {}).expect("server starts")
}

/// `(status, body)` of one request.
fn request(addr: SocketAddr, method: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Polls `path` until its body satisfies `ok`, for at most ten seconds.
fn eventually(addr: SocketAddr, path: &str, ok: impl Fn(&str) -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if ok(&request(addr, "GET", path).1) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

#[test]
fn serves_pages_with_the_reload_script_and_never_writes_it_into_a_build() {
    let dir = fixture("basic");
    let mut server = start(dir.path());
    let (status, body) = request(server.addr(), "GET", "/alpha/2023/");
    assert_eq!(status, 200);
    assert!(body.contains("class=\"toc\""));
    assert!(body.contains("__almanac/events"), "served pages reload");
    let (status, body) = request(server.addr(), "HEAD", "/alpha/2023/index.html");
    assert_eq!((status, body.len()), (200, 0));
    assert_eq!(request(server.addr(), "GET", "/nowhere.html").0, 404);
    server.stop();
    assert!(!dir.path().join("site").exists(), "serving writes nothing");

    assert!(almanac(dir.path(), &["build"]).status.success());
    for (path, bytes) in tree(&dir.path().join("site")) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__almanac"),
            "{path} carries the reload script"
        );
    }
}

#[test]
fn paths_out_of_the_site_are_refused() {
    let dir = fixture("basic");
    let mut server = start(dir.path());
    for path in [
        "/../content/site.yaml",
        "/%2e%2e/content/site.yaml",
        "/alpha/%2E%2E/%2e%2e/content/site.yaml",
        "/a%00b",
    ] {
        let (status, body) = request(server.addr(), "GET", path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(
            !body.contains("Fixture reports\n"),
            "{path} leaked a source file"
        );
    }
    server.stop();
}

#[test]
fn edits_show_up_and_errors_overlay_the_last_good_site_until_fixed() {
    let dir = fixture("basic");
    let mut server = start(dir.path());
    let addr = server.addr();
    write(
        dir.path(),
        "content/alpha/2024/01-summary.md",
        "---\ntitle: Summary\n---\nA freshly edited sentence.\n",
    );
    assert!(
        eventually(addr, "/alpha/2024/", |b| b
            .contains("A freshly edited sentence.")),
        "the edit never showed"
    );

    let good = read(dir.path(), "content/alpha/2024/edition.yaml");
    write(
        dir.path(),
        "content/alpha/2024/edition.yaml",
        "title: [broken\n",
    );
    assert!(
        eventually(addr, "/alpha/2024/", |b| b
            .contains("<div id=\"almanac-overlay\"")
            && b.contains("edition.yaml:1:")
            && b.contains("A freshly edited sentence.")),
        "no overlay over the last good page"
    );

    write(dir.path(), "content/alpha/2024/edition.yaml", &good);
    assert!(
        eventually(addr, "/alpha/2024/", |b| !b
            .contains("<div id=\"almanac-overlay\"")
            && b.contains("A freshly edited sentence.")),
        "the page never came back"
    );
    server.stop();
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_binary_and_leaves_nothing_behind() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};
    let dir = fixture("basic");
    let mut child = Command::new(env!("CARGO_BIN_EXE_almanac"))
        .args(["serve", "--port", "0"])
        .current_dir(dir.path())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = std::io::BufReader::new(stderr).lines();
    let serving = lines
        .by_ref()
        .map_while(Result::ok)
        .find(|l| l.contains("serving on"));
    assert!(serving.is_some(), "the server never said where it serves");
    let before = tree(dir.path());
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.is_some(), "Ctrl-C did not stop the server");
    assert_eq!(
        tree(dir.path()),
        before,
        "serving and stopping changed no file"
    );
}

#[test]
fn clients_that_never_finish_their_request_cannot_keep_a_page_from_being_served() {
    let dir = fixture("basic");
    let mut server = start(dir.path());
    // More idle connections than the server has places, each having sent half a request.
    let idle: Vec<TcpStream> = (0..160)
        .filter_map(|_| {
            let mut s = TcpStream::connect(server.addr()).ok()?;
            s.write_all(b"GET /alpha/2023/ HTTP/1.1\r\nHost: 127")
                .ok()?;
            Some(s)
        })
        .collect();
    assert!(idle.len() > 128, "only {} connections opened", idle.len());
    let (status, body) = request(server.addr(), "GET", "/alpha/2023/");
    assert_eq!(status, 200, "a page is served beside the idle connections");
    assert!(body.contains("class=\"toc\""));
    drop(idle);
    server.stop();
}

#[test]
fn a_change_renders_only_its_reports_editions_and_nothing_goes_stale() {
    use almanac::serve::Outcome;
    use std::sync::mpsc;
    let dir = fixture("series");
    let mut options = ServeOptions::new(BuildOptions::new(dir.path()));
    options.addr = "127.0.0.1:0".parse().expect("addr");
    let (tx, rx) = mpsc::channel();
    let mut server = Server::start(options, move |r| {
        if let Outcome::Built {
            stats,
            rendered_editions,
            ..
        } = &r.outcome
        {
            let _ = tx.send((r.changed.clone(), stats.editions, *rendered_editions));
        }
    })
    .expect("server starts");
    // The next build that rendered anything (one save can make two builds, the second with
    // nothing left to render).
    let next = || loop {
        let build = rx.recv_timeout(Duration::from_secs(10)).expect("a build");
        if build.2 > 0 {
            return build;
        }
    };
    assert_eq!(next(), (Vec::new(), 3, 3), "the first build renders all");

    // A chapter of North: North's two editions are rendered again, South's is reused.
    let rel = "content/north/2023/01-overview.md";
    edit(dir.path(), rel, |t| {
        format!("{t}\nA sentence added while serving.\n")
    });
    let (changed, all, rendered) = next();
    assert_eq!((changed, all, rendered), (vec![rel.to_string()], 3, 2));
    let page = request(server.addr(), "GET", "/north/2023/").1;
    assert!(page.contains("A sentence added while serving."));
    assert!(
        request(server.addr(), "GET", "/south/2022/")
            .1
            .contains("class=\"toc\"")
    );

    // North 2022's data: the 2023 page compares with it, so it shows the new old value.
    let rel = "content/north/2022/data/indicators.yaml";
    let data = read(dir.path(), rel);
    write(dir.path(), rel, &data.replace("value: 1.8,", "value: 1.7,"));
    assert_eq!(next().2, 2);
    assert!(eventually(server.addr(), "/north/2023/", |p| p.contains(">1.70%<")));

    // The site's settings show on every page: everything is rendered again.
    let rel = "content/site.yaml";
    let site = read(dir.path(), rel);
    write(
        dir.path(),
        rel,
        &format!("{site}base_url: https://example.org/\n"),
    );
    assert_eq!(next().2, 3);
    assert!(
        request(server.addr(), "GET", "/south/2022/")
            .1
            .contains("<link rel=\"canonical\" href=\"https://example.org/south/2022/\">")
    );
    server.stop();
}
