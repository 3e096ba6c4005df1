//! One module per command: each runs the library and prints what it returns.

pub mod build;
pub mod check;
pub mod diff;
pub mod init;
pub mod new_edition;
pub mod output;
pub mod serve;
