//! The schema of a chart: a numbered figure, `data/fig-*.yaml`.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartSpec {
    /// Taken from the file name when absent; must match it when present.
    #[serde(default)]
    pub id: String,
    pub title: String,
}
