//! A finished validation: what `output` formats. Built by `commands::validate`.

use crate::engine::Assessment;
use crate::model::item::ItemSummary;
use crate::model::Poam;
use crate::rules::{Finding, Level};
use chrono::NaiveDate;

pub struct ValidationReport {
    /// The sheet read: file, header, columns, notes. Its `items` are there only when the
    /// POA&M was loaded whole (`validate::build_report`, for the commands that need every
    /// field); `poam validate` streams them and keeps `items` below.
    pub poam: Poam,
    /// Every item, summarised, in row order: what the outputs show of items.
    pub items: Vec<ItemSummary>,
    /// The SSP's path as given, when the score came from one.
    pub ssp_file: Option<String>,
    pub assessment: Assessment,
    pub findings: Vec<Finding>,
    pub as_of: NaiveDate,
}

impl ValidationReport {
    pub fn count(&self, level: Level) -> usize {
        self.findings.iter().filter(|f| f.level == level).count()
    }

    pub fn open_items(&self) -> usize {
        self.items.iter().filter(|i| i.is_open()).count()
    }

    pub fn closed_items(&self) -> usize {
        self.items.len() - self.open_items()
    }
}
