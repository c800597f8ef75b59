//! Reading the SSP / implementation-status sheet (`--ssp`). OWNER: engine helper.

use crate::catalog::Requirement;
use crate::model::Location;

#[derive(Debug, Clone, PartialEq)]
pub enum SspStatus {
    Met,
    NotMet,
    Partial,
    NotApplicable,
    /// Outside the vocabulary (rule `ssp-status-unknown`); counted NOT MET.
    Unknown(String),
}

#[derive(Debug, Clone)]
pub struct SspEntry {
    pub requirement: &'static Requirement,
    pub status: SspStatus,
    /// The status cell.
    pub location: Location,
}

#[derive(Debug, Clone, Default)]
pub struct Ssp {
    pub file: String,
    pub sheet: Option<String>,
    pub entries: Vec<SspEntry>,
}

impl Ssp {
    pub fn status_of(&self, id: &str) -> Option<&SspEntry> {
        self.entries.iter().find(|e| e.requirement.id == id)
    }
}

pub fn read_ssp() {}
