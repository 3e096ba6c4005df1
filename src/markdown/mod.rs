//! The Markdown almanac reads: pulldown-cmark's options (`dialect`), the registry of its
//! extensions (`targets`: shortcodes and `@references`), finding them in a chapter (`scan`),
//! and the one policy for what an author's HTML and links may carry (`html_policy`). Resolve
//! and render both read Markdown through here, so they can never disagree on what it says.

pub mod citation;
pub mod dialect;
pub mod html_policy;
pub mod scan;
pub mod targets;
