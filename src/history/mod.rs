//! What changed between two versions of a POA&M (`poam diff`, `--previous`).
//! Items are matched by id. OWNER: history helper.

use chrono::NaiveDate;

/// One field of one item that changed.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub id: String,
    /// "status", "owner", "completion date", "start date", "milestones", "status date" …
    pub field: &'static str,
    pub before: String,
    pub after: String,
}

/// A completion date that moved later.
#[derive(Debug, Clone, PartialEq)]
pub struct Slip {
    pub id: String,
    pub before: NaiveDate,
    pub after: NaiveDate,
    /// A milestone change was recorded for it (FedRAMP "Milestone Changes").
    pub explained: bool,
}

/// The difference between an old and a new POA&M, by item id, each list in the new
/// file's order (removed ones in the old file's order).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    pub new_items: Vec<String>,
    pub closed: Vec<String>,
    pub reopened: Vec<String>,
    /// Gone from the new file without having been closed in the old one.
    pub removed: Vec<String>,
    pub changed: Vec<FieldChange>,
    pub slipped: Vec<Slip>,
}

/// Compare two POA&Ms.
pub fn compare(old: &crate::model::Poam, new: &crate::model::Poam) -> Changes {
    let _ = (old, new);
    Changes::default()
}
