//! A finished validation: what `output` formats. Built by `commands::validate`.

use crate::engine::Assessment;
use crate::model::Poam;
use crate::rules::{Finding, Level};
use chrono::NaiveDate;

pub struct ValidationReport {
    pub poam: Poam,
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
        self.poam.items.iter().filter(|i| i.is_open()).count()
    }

    pub fn closed_items(&self) -> usize {
        self.poam.items.len() - self.open_items()
    }
}
