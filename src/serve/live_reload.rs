//! Live reload: the script injected into served pages, the error overlay, and the
//! server-sent events that tell open pages to reload or to show the diagnostics.
//!
//! Only the preview server calls this module; `build` output never carries any of it.

use crate::core::diagnostic::Diagnostic;
use crate::core::escape;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};

/// The path of the event stream. Site files never start with `__almanac/`: the render stage
/// makes only report, edition, index and asset paths.
pub const EVENTS_PATH: &str = "__almanac/events";

/// The marker the overlay carries, for the script and for tests.
pub const OVERLAY_ID: &str = "almanac-overlay";

/// The script, with `VERSION` and `EVENTS` filled in. It listens to the event stream:
/// `version` (sent on connecting: reload if the page is older), `reload`, and `diagnostics`
/// (a JSON list of texts, shown in an overlay built with `textContent`, so never parsed as
/// HTML). The name `error` is avoided because `EventSource` fires its own `error` on
/// connection trouble.
const SCRIPT: &str = r#"<script>
(function () {
  "use strict";
  var version = "VERSION";
  if (!window.EventSource) { return; }
  var events = new EventSource("/EVENTS");
  events.addEventListener("version", function (e) { if (e.data !== version) { location.reload(); } });
  events.addEventListener("reload", function () { location.reload(); });
  events.addEventListener("diagnostics", function (e) {
    var old = document.getElementById("OVERLAY");
    if (old) { old.parentNode.removeChild(old); }
    var texts = JSON.parse(e.data);
    var box = document.createElement("div");
    box.id = "OVERLAY";
    box.setAttribute("role", "alert");
    box.setAttribute("style", "STYLE");
    var head = document.createElement("p");
    head.setAttribute("style", "HEADSTYLE");
    head.textContent = "HEADING";
    var pre = document.createElement("pre");
    pre.setAttribute("style", "PRESTYLE");
    pre.textContent = texts.join("\n");
    box.appendChild(head);
    box.appendChild(pre);
    document.body.appendChild(box);
  });
})();
</script>
"#;

const STYLE: &str = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;margin:0;padding:1rem 1.25rem;background:#fff5f5;color:#3b0000;border-top:4px solid #b00020;font:14px/1.4 system-ui,sans-serif;box-shadow:0 -4px 16px rgba(0,0,0,.25)";
const HEAD_STYLE: &str = "margin:0 0 .5rem;font-weight:700";
const PRE_STYLE: &str = "margin:0;white-space:pre-wrap;font:13px/1.45 ui-monospace,monospace";
const HEADING: &str =
    "The build failed; this page shows the last good build. Fix the files below and it reloads.";

/// The live-reload script for a page of the given site version.
pub fn script(version: u64) -> String {
    SCRIPT
        .replace("VERSION", &version.to_string())
        .replace("EVENTS", EVENTS_PATH)
        .replace("HEADSTYLE", HEAD_STYLE)
        .replace("PRESTYLE", PRE_STYLE)
        .replace("STYLE", STYLE)
        .replace("HEADING", HEADING)
        .replace("OVERLAY", OVERLAY_ID)
}

/// The overlay as HTML, drawn by the server into pages while the build is failing (so it
/// shows without JavaScript too). Every diagnostic's text is escaped.
pub fn overlay_html(errors: &[Diagnostic]) -> String {
    let mut out = format!(
        "<div id=\"{OVERLAY_ID}\" role=\"alert\" style=\"{STYLE}\"><p style=\"{HEAD_STYLE}\">{}</p><pre style=\"{PRE_STYLE}\">",
        escape::html(HEADING)
    );
    for (i, d) in errors.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        escape::push_html(&mut out, d.render_human().trim_end());
    }
    out.push_str("</pre></div>\n");
    out
}

/// Adds the script (and the overlay, when there are errors) to an HTML page, before its
/// last `</body>`, or at the end when it has none.
pub fn inject(page: &[u8], version: u64, errors: &[Diagnostic]) -> Vec<u8> {
    let mut extra = String::new();
    if !errors.is_empty() {
        extra.push_str(&overlay_html(errors));
    }
    extra.push_str(&script(version));
    let at = rfind(page, b"</body>").unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + extra.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

/// A page for when no build has succeeded yet: only the overlay and the script.
pub fn error_page(version: u64, errors: &[Diagnostic]) -> Vec<u8> {
    let page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
                <title>almanac: build failed</title>\n</head>\n<body>\n\
                <h1>The build failed</h1>\n</body>\n</html>\n";
    inject(page.as_bytes(), version, errors)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// One server-sent event, framed: `event: NAME` and one `data:` line per line of `data`.
pub fn sse_event(name: &str, data: &str) -> String {
    let mut out = format!("event: {name}\n");
    for line in data.split('\n') {
        out.push_str("data: ");
        out.push_str(line.trim_end_matches('\r'));
        out.push('\n');
    }
    out.push('\n');
    out
}

/// The `diagnostics` event: the human text of each diagnostic, as a JSON list.
pub fn diagnostics_event(errors: &[Diagnostic]) -> String {
    let texts: Vec<String> = errors
        .iter()
        .map(|d| d.render_human().trim_end().to_string())
        .collect();
    let json = serde_json::to_string(&texts).unwrap_or_else(|_| "[]".into());
    sse_event("diagnostics", &json)
}

/// The open event streams. Each gets every message; one whose connection is gone is dropped
/// at the next message.
#[derive(Debug, Default)]
pub struct Broadcaster {
    subscribers: Mutex<Vec<Sender<String>>>,
}

impl Broadcaster {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = channel();
        self.lock().push(tx);
        rx
    }

    pub fn send(&self, message: &str) {
        self.lock()
            .retain(|tx| tx.send(message.to_string()).is_ok());
    }

    /// Ends every stream: their receivers see the channel closed.
    pub fn close(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Sender<String>>> {
        self.subscribers.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let page = b"<html><body><p>x</p></body></html>";
        let out = String::from_utf8(inject(page, 7, &[])).unwrap();
        let script_at = out.find("<script>").unwrap();
        assert!(script_at < out.rfind("</body>").unwrap());
        assert!(out.contains("var version = \"7\""));
        assert!(out.contains("/__almanac/events"));
        assert!(
            !out.contains(&format!("<div id=\"{OVERLAY_ID}\"")),
            "no overlay without errors"
        );
    }

    #[test]
    fn the_overlay_escapes_what_the_content_wrote() {
        let d = Diagnostic::error(
            crate::core::code::Code::UnknownKey,
            "unexpected `<script>alert(1)</script>` & more",
        );
        let out = String::from_utf8(inject(b"<body></body>", 1, &[d])).unwrap();
        assert!(out.contains(&format!("<div id=\"{OVERLAY_ID}\"")));
        assert!(out.contains("unexpected `&lt;script&gt;alert(1)&lt;/script&gt;` &amp; more"));
        assert!(!out.contains("<script>alert(1)"));
    }

    #[test]
    fn events_are_framed_line_by_line() {
        assert_eq!(sse_event("reload", "3"), "event: reload\ndata: 3\n\n");
        assert_eq!(sse_event("x", "a\nb"), "event: x\ndata: a\ndata: b\n\n");
        let d = Diagnostic::error(crate::core::code::Code::UnknownKey, "two\nlines");
        let ev = diagnostics_event(&[d]);
        // The human text shows the newline escaped (`\n`), and JSON escapes that backslash:
        // the event is one data line.
        assert_eq!(ev.matches("data: ").count(), 1, "{ev}");
        assert!(ev.contains(r"error[unknown-key]: two\\nlines"), "{ev}");
    }

    #[test]
    fn closed_streams_are_dropped() {
        let b = Broadcaster::new();
        let kept = b.subscribe();
        drop(b.subscribe());
        b.send("one");
        assert_eq!(b.lock().len(), 1);
        assert_eq!(kept.recv().unwrap(), "one");
        b.close();
        assert!(kept.recv().is_err());
    }
}
