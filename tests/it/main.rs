//! The end-to-end tests, in one test binary so that `cargo test` links the library into one
//! executable instead of one per file. Each module is one concern; fixtures are under
//! `tests/fixtures/` (their numbers are synthetic).

mod common;

mod bad_input;
mod boxes;
mod build;
mod chapter_pages;
mod check;
mod citations;
mod diagnostic_codes;
mod diagrams;
mod docs;
mod editions;
mod figures;
mod found;
mod fuzz;
mod incremental;
mod kill;
mod languages;
mod layers;
mod pathological;
mod pdf;
mod sample;
mod search;
mod serve;
mod serve_cache;
mod start_and_ship;
mod values;
