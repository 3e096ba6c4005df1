//! The schema of a box: a numbered data table, `data/box-*.yaml`.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoxSpec {
    /// Taken from the file name when absent; must match it when present.
    #[serde(default)]
    pub id: String,
    pub title: String,
}
