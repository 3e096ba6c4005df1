//! One module per command: each runs the library and prints what it returns.

pub mod build;
pub mod output;
pub mod serve;
