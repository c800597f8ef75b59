//! One POA&M item: typed fields, each parsed from its cell, with the row it came from.
//! Where each field's column is lives once per sheet in `Poam::columns`.

use crate::catalog::Requirement;
use chrono::NaiveDate;

/// A date cell after parsing (`model::date`). "No date" (blank, N/A, TBD) is `None` on the item.
#[derive(Debug, Clone, PartialEq)]
pub enum DateValue {
    Date(NaiveDate),
    /// A slash date valid only day-first (`25/03/2026`): read day-first and reported.
    Ambiguous { date: NaiveDate, raw: String },
    /// Text that is not a date.
    Invalid(String),
}

impl DateValue {
    /// The date, when one could be read (ambiguous ones included).
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            DateValue::Date(d) | DateValue::Ambiguous { date: d, .. } => Some(*d),
            DateValue::Invalid(_) => None,
        }
    }
}

/// A value from a fixed vocabulary (status, severity): recognised, or kept as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Vocab<T> {
    Known(T),
    Unknown(String),
}

impl<T: Copy> Vocab<T> {
    pub fn known(&self) -> Option<T> {
        match self {
            Vocab::Known(t) => Some(*t),
            Vocab::Unknown(_) => None,
        }
    }
}

/// Status vocabulary (PRODUCT.md §2). Synonyms are mapped in `model::vocab`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Open,
    InProgress,
    Delayed,
    Closed,
    RiskAccepted,
    NotApplicable,
}

impl Status {
    /// Open items still count as NOT MET and are subject to dates, owners and eligibility.
    /// Risk Accepted is not a way to meet a CMMC requirement (rule `risk-accepted`), so the
    /// requirement stays NOT MET and the item stays open.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Status::Open | Status::InProgress | Status::Delayed | Status::RiskAccepted
        )
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Open => "Open",
            Status::InProgress => "In Progress",
            Status::Delayed => "Delayed",
            Status::Closed => "Closed",
            Status::RiskAccepted => "Risk Accepted",
            Status::NotApplicable => "Not Applicable",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Low,
    Moderate,
    High,
    Critical,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Low => "Low",
            Severity::Moderate => "Moderate",
            Severity::High => "High",
            Severity::Critical => "Critical",
        }
    }
}

/// One requirement reference from a control cell.
#[derive(Debug, Clone, PartialEq)]
pub enum RequirementRef {
    /// One of the catalog's requirements (Level 2's 110, or Level 3's 24).
    Known(&'static Requirement),
    /// Shaped like an 800-171 id but not in the catalog (3.15.1, 3.1.23): kept as written.
    Unknown(String),
    /// Not a requirement reference at all (AC-2, "see SSP"): kept as written.
    Unparsed(String),
}

/// One milestone: from a line of a milestones cell, or an eMASS milestone row.
#[derive(Debug, Clone, PartialEq)]
pub struct Milestone {
    /// Row of the cell it came from (differs from the item's row on continuation rows).
    pub row: u32,
    /// `(01)` style number, when given.
    pub number: Option<u32>,
    pub date: Option<DateValue>,
    pub text: String,
    pub done: bool,
}

/// One POA&M item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Item {
    /// First row of the item (1-based; the CSV line for CSV).
    pub row: u32,
    pub id: Option<String>,
    /// Raw text of the control cell, for messages.
    pub control_text: Option<String>,
    pub requirements: Vec<RequirementRef>,
    pub weakness: Option<String>,
    pub severity: Option<Vocab<Severity>>,
    pub adjusted_severity: Option<Vocab<Severity>>,
    pub remediation: Option<String>,
    pub owner: Option<String>,
    pub supporting_owner: Option<String>,
    pub approval_authority: Option<String>,
    pub evidence_custodian: Option<String>,
    pub resources: Option<String>,
    pub start: Option<DateValue>,
    pub milestones: Vec<Milestone>,
    pub milestone_changes: Vec<Milestone>,
    pub completion: Option<DateValue>,
    pub closed_date: Option<DateValue>,
    pub status: Option<Vocab<Status>>,
    pub status_date: Option<DateValue>,
    pub evidence: Vec<String>,
    pub comments: Option<String>,
    /// Cells of columns no field maps to: (column, text). Kept, never interpreted.
    pub extra: Vec<(u32, String)>,
}

impl Item {
    /// Open unless a recognised status says otherwise. An item with no or an unknown
    /// status is treated as open: the conservative reading for an assessor.
    pub fn is_open(&self) -> bool {
        match &self.status {
            Some(Vocab::Known(s)) => s.is_open(),
            _ => true,
        }
    }

    pub fn is_closed(&self) -> bool {
        matches!(self.status, Some(Vocab::Known(Status::Closed)))
    }

    /// The id for messages: the id, else `row N`.
    pub fn label(&self) -> String {
        match &self.id {
            Some(id) => id.clone(),
            None => format!("the item on row {}", self.row),
        }
    }

    /// Requirements from the catalog that this item names.
    pub fn known_requirements(&self) -> impl Iterator<Item = &'static Requirement> + '_ {
        self.requirements.iter().filter_map(|r| match r {
            RequirementRef::Known(q) => Some(*q),
            _ => None,
        })
    }
}
