//! The canonical fields of a POA&M item (PRODUCT.md §2). Header aliases live in
//! `io::columns`; this enum is what every other layer talks about.

use serde::Serialize;

/// One canonical POA&M field. The order is the order of PRODUCT.md §2's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Id,
    Control,
    Weakness,
    Severity,
    AdjustedSeverity,
    Remediation,
    Owner,
    SupportingOwner,
    ApprovalAuthority,
    EvidenceCustodian,
    Resources,
    Start,
    Milestones,
    /// eMASS keeps one milestone per row with its date in a separate column.
    MilestoneDate,
    /// eMASS "Milestone Status" (Completed / In Progress / Open) of the row's milestone.
    MilestoneStatus,
    MilestoneChanges,
    Completion,
    /// The date the item was actually closed (eMASS "POA&M Completion Date").
    ClosedDate,
    Status,
    StatusDate,
    Evidence,
    Comments,
}

impl Field {
    pub const ALL: [Field; 22] = [
        Field::Id,
        Field::Control,
        Field::Weakness,
        Field::Severity,
        Field::AdjustedSeverity,
        Field::Remediation,
        Field::Owner,
        Field::SupportingOwner,
        Field::ApprovalAuthority,
        Field::EvidenceCustodian,
        Field::Resources,
        Field::Start,
        Field::Milestones,
        Field::MilestoneDate,
        Field::MilestoneStatus,
        Field::MilestoneChanges,
        Field::Completion,
        Field::ClosedDate,
        Field::Status,
        Field::StatusDate,
        Field::Evidence,
        Field::Comments,
    ];

    /// The name a compliance lead reads in messages ("completion date").
    pub fn label(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Control => "requirement",
            Field::Weakness => "weakness",
            Field::Severity => "severity",
            Field::AdjustedSeverity => "adjusted severity",
            Field::Remediation => "remediation",
            Field::Owner => "owner",
            Field::SupportingOwner => "supporting owner",
            Field::ApprovalAuthority => "approval authority",
            Field::EvidenceCustodian => "evidence custodian",
            Field::Resources => "resources",
            Field::Start => "start date",
            Field::Milestones => "milestones",
            Field::MilestoneDate => "milestone date",
            Field::MilestoneStatus => "milestone status",
            Field::MilestoneChanges => "milestone changes",
            Field::Completion => "completion date",
            Field::ClosedDate => "closed date",
            Field::Status => "status",
            Field::StatusDate => "status date",
            Field::Evidence => "evidence",
            Field::Comments => "comments",
        }
    }

    /// Fields whose cells hold dates (parsed with `model::date`).
    pub fn is_date(self) -> bool {
        matches!(
            self,
            Field::Start
                | Field::Completion
                | Field::ClosedDate
                | Field::StatusDate
                | Field::MilestoneDate
        )
    }

    /// Fields that only ever continue the item above on eMASS-style continuation rows.
    pub fn is_milestone_part(self) -> bool {
        matches!(
            self,
            Field::Milestones
                | Field::MilestoneDate
                | Field::MilestoneStatus
                | Field::MilestoneChanges
        )
    }
}
