//! The ground floor every stage stands on: diagnostics and the files they point into, escaping
//! for each place text lands, the names that become paths, and numbers with their digits.
//! Nothing here knows a report, a box or a page.

pub mod code;
pub mod decimal;
pub mod diagnostic;
pub mod escape;
pub mod site_path;
pub mod slug;
pub mod source;
pub mod store;
pub mod typography;
