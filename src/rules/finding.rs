//! What a rule reports.

use crate::model::Location;
use serde::Serialize;

/// How serious a finding is. Ordered: `Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Warning,
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// One finding: which rule, how serious, which item, which cell, and a sentence that a
/// compliance lead can act on.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: &'static str,
    pub level: Level,
    /// The item's id (None for workbook-level findings or an item without id).
    pub item: Option<String>,
    pub location: Location,
    pub message: String,
}
