//! almanac: a static report generator. Markdown narrative and YAML data become a static site
//! of numbered boxes and figures, edition by edition.
//!
//! The build runs four stages, each a module with one entry point, data flowing forward only:
//! [`load`] → [`resolve`] → [`render`] → [`write`]. [`pipeline`] runs them in order.

// Errors are diagnostics, built only on the cold path; boxing them would buy nothing.
#![allow(clippy::result_large_err)]

pub mod cache;
pub mod chart;
pub mod cite;
pub mod core;
pub mod diagram;
pub mod diff;
pub mod init;
pub mod load;
pub mod locale;
pub mod markdown;
pub mod model;
pub mod new_edition;
pub mod page_cache;
pub mod pipeline;
pub mod plot;
pub mod render;
pub mod resolve;
pub mod serve;
pub mod write;

pub use crate::core::diagnostic::{Diagnostic, Severity};
pub use pipeline::{BuildOptions, BuildOutcome, build, check, render_site};
