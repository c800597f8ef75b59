//! What changed between two versions of a POA&M (`poam diff`, `validate --previous`,
//! `report --previous`). OWNER: history helper.
//!
//! Items are matched by id, trimmed and ignoring case — the same identity the
//! `id-duplicate` rule uses, so "POAM-AC-1" and "poam-ac-1 " are one item. When an id
//! appears twice in a file, its first item is the one compared and a note says so; items
//! without an id cannot be followed from one version to the next and are counted in a note.
//!
//! The history *rules* that judge these changes live in `rules::history`; rendering for
//! `poam diff` lives in `history::render`.

pub mod render;

use crate::model::{DateValue, Field, Item, Milestone, Poam, Severity, Status, Vocab};
use chrono::NaiveDate;
use std::collections::HashMap;

/// One field of one item that changed.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub id: String,
    /// "status", "owner", "completion date", "start date", "milestones", "status date" …
    /// (`Field::label`).
    pub field: &'static str,
    /// The old value as text; empty when the cell was blank.
    pub before: String,
    /// The new value as text; empty when the cell is blank.
    pub after: String,
}

/// A completion date that moved later.
#[derive(Debug, Clone, PartialEq)]
pub struct Slip {
    pub id: String,
    pub before: NaiveDate,
    pub after: NaiveDate,
    /// A milestone change was recorded for it (FedRAMP "Milestone Changes"): the new
    /// version's milestone-changes cell holds a line the old one did not.
    pub explained: bool,
}

impl Slip {
    /// How many days later the new completion date is.
    pub fn days(&self) -> i64 {
        (self.after - self.before).num_days()
    }
}

/// The difference between an old and a new POA&M, by item id, each list in the new
/// file's order (removed ones in the old file's order).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    pub new_items: Vec<String>,
    /// Not closed in the old version, closed in the new one.
    pub closed: Vec<String>,
    /// Closed in the old version, open again in the new one.
    pub reopened: Vec<String>,
    /// Gone from the new file without having been closed in the old one.
    pub removed: Vec<String>,
    /// Gone from the new file after having been closed in the old one (moved to a
    /// "Closed POA&M Items" sheet, or archived): not a finding, but worth a line.
    pub removed_closed: Vec<String>,
    pub changed: Vec<FieldChange>,
    pub slipped: Vec<Slip>,
    /// What could not be compared: duplicated ids, items without an id.
    pub notes: Vec<String>,
}

impl Changes {
    /// Nothing changed at all.
    pub fn is_empty(&self) -> bool {
        self.new_items.is_empty()
            && self.closed.is_empty()
            && self.reopened.is_empty()
            && self.removed.is_empty()
            && self.removed_closed.is_empty()
            && self.changed.is_empty()
    }

    /// The changes of one item, in field order.
    pub fn changes_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a FieldChange> + 'a {
        self.changed.iter().filter(move |c| c.id == id)
    }
}

/// The key two versions of an item are matched on.
pub fn id_key(id: &str) -> String {
    id.trim().to_lowercase()
}

/// The items of a POA&M by id key (first occurrence wins), in sheet order.
pub struct ItemIndex<'a> {
    by_key: HashMap<String, &'a Item>,
    /// Keys in sheet order, each once.
    order: Vec<String>,
    /// Ids that appear more than once, as written the first time.
    duplicated: Vec<String>,
    without_id: usize,
}

impl<'a> ItemIndex<'a> {
    pub fn new(poam: &'a Poam) -> Self {
        let mut index = ItemIndex {
            by_key: HashMap::new(),
            order: Vec::new(),
            duplicated: Vec::new(),
            without_id: 0,
        };
        for item in &poam.items {
            let Some(id) = item.id.as_deref().filter(|id| !id.trim().is_empty()) else {
                index.without_id += 1;
                continue;
            };
            let key = id_key(id);
            if let Some(first) = index.by_key.get(&key) {
                if !index.duplicated.iter().any(|d| id_key(d) == key) {
                    let written = first.id.as_deref().unwrap_or(id);
                    index.duplicated.push(written.trim().to_owned());
                }
            } else {
                index.by_key.insert(key.clone(), item);
                index.order.push(key);
            }
        }
        index
    }

    /// The item with this id (first occurrence), if any.
    pub fn get(&self, id: &str) -> Option<&'a Item> {
        self.by_key.get(&id_key(id)).copied()
    }

    /// Items with an id, first occurrence of each, in sheet order.
    pub fn items(&self) -> impl Iterator<Item = &'a Item> + '_ {
        self.order
            .iter()
            .filter_map(|k| self.by_key.get(k).copied())
    }
}

/// Compare two POA&Ms.
pub fn compare(old: &Poam, new: &Poam) -> Changes {
    let old_index = ItemIndex::new(old);
    let new_index = ItemIndex::new(new);
    let mut changes = Changes::default();
    for item in new_index.items() {
        let id = display_id(item);
        match old_index.get(&id) {
            None => changes.new_items.push(id),
            Some(before) => compare_item(&id, before, item, &mut changes),
        }
    }
    for item in old_index.items() {
        let id = display_id(item);
        if new_index.get(&id).is_none() {
            if item.is_closed() {
                changes.removed_closed.push(id);
            } else {
                changes.removed.push(id);
            }
        }
    }
    note_unmatched(old, &old_index, &mut changes.notes);
    note_unmatched(new, &new_index, &mut changes.notes);
    changes
}

/// The id as the new version writes it (trimmed).
fn display_id(item: &Item) -> String {
    item.id.as_deref().unwrap_or_default().trim().to_owned()
}

fn note_unmatched(poam: &Poam, index: &ItemIndex, notes: &mut Vec<String>) {
    for id in &index.duplicated {
        notes.push(format!(
            "{}: id {id} appears more than once; only its first item was compared",
            poam.file
        ));
    }
    match index.without_id {
        0 => {}
        1 => notes.push(format!(
            "{}: 1 item has no id and could not be compared",
            poam.file
        )),
        n => notes.push(format!(
            "{}: {n} items have no id and could not be compared",
            poam.file
        )),
    }
}

/// Status transitions, field changes and a slip, for one item present in both versions.
fn compare_item(id: &str, old: &Item, new: &Item, changes: &mut Changes) {
    if !old.is_closed() && new.is_closed() {
        changes.closed.push(id.to_owned());
    }
    if old.is_closed() && new.is_open() {
        changes.reopened.push(id.to_owned());
    }
    for field in COMPARED_FIELDS {
        let before = field_text(old, field);
        let after = field_text(new, field);
        if before != after {
            changes.changed.push(FieldChange {
                id: id.to_owned(),
                field: field.label(),
                before,
                after,
            });
        }
    }
    if let Some(slip) = slip(id, old, new) {
        changes.slipped.push(slip);
    }
}

/// The fields whose edits a reviewer of a POA&M's history cares about (issue 4; FedRAMP
/// POA&M Template Completion Guide, columns K, L, M, N and O).
pub const COMPARED_FIELDS: [Field; 9] = [
    Field::Status,
    Field::StatusDate,
    Field::Owner,
    Field::Severity,
    Field::Start,
    Field::Completion,
    Field::Milestones,
    Field::MilestoneChanges,
    Field::Evidence,
];

/// A field of an item as one line of text, for comparison and display: dates in ISO form,
/// vocabulary values by their label, lists joined by "; ". Empty when blank.
pub fn field_text(item: &Item, field: Field) -> String {
    match field {
        Field::Id => item.id.as_deref().unwrap_or_default().trim().to_owned(),
        Field::Control => requirements_text(item),
        Field::Weakness => text(&item.weakness),
        Field::Severity => vocab_text(&item.severity, Severity::label),
        Field::AdjustedSeverity => vocab_text(&item.adjusted_severity, Severity::label),
        Field::Remediation => text(&item.remediation),
        Field::Owner => text(&item.owner),
        Field::SupportingOwner => text(&item.supporting_owner),
        Field::ApprovalAuthority => text(&item.approval_authority),
        Field::EvidenceCustodian => text(&item.evidence_custodian),
        Field::Resources => text(&item.resources),
        Field::Start => date_text(&item.start),
        Field::Milestones | Field::MilestoneDate | Field::MilestoneStatus => {
            milestones_text(&item.milestones)
        }
        Field::MilestoneChanges => milestones_text(&item.milestone_changes),
        Field::Completion => date_text(&item.completion),
        Field::ClosedDate => date_text(&item.closed_date),
        Field::Status => vocab_text(&item.status, Status::label),
        Field::StatusDate => date_text(&item.status_date),
        Field::Evidence => list_text(&item.evidence),
        Field::Comments => text(&item.comments),
    }
}

fn text(value: &Option<String>) -> String {
    value.as_deref().unwrap_or_default().trim().to_owned()
}

fn vocab_text<T: Copy>(value: &Option<Vocab<T>>, label: fn(T) -> &'static str) -> String {
    match value {
        Some(Vocab::Known(v)) => label(*v).to_owned(),
        Some(Vocab::Unknown(raw)) => raw.trim().to_owned(),
        None => String::new(),
    }
}

/// A date as `YYYY-MM-DD`; text that is not a date as written.
pub fn date_text(value: &Option<DateValue>) -> String {
    match value {
        Some(DateValue::Date(d)) | Some(DateValue::Ambiguous { date: d, .. }) => d.to_string(),
        Some(DateValue::Invalid(raw)) => raw.trim().to_owned(),
        None => String::new(),
    }
}

fn list_text(values: &[String]) -> String {
    let parts: Vec<&str> = values
        .iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .collect();
    parts.join("; ")
}

/// Requirement ids as the catalog writes them (`3.1.1`), anything else as written.
pub fn requirements_text(item: &Item) -> String {
    use crate::model::RequirementRef;
    let parts: Vec<String> = item
        .requirements
        .iter()
        .map(|r| match r {
            RequirementRef::Known(q) => q.id.to_string(),
            RequirementRef::Unknown(raw) | RequirementRef::Unparsed(raw) => raw.trim().to_owned(),
        })
        .collect();
    if parts.is_empty() {
        text(&item.control_text)
    } else {
        parts.join(", ")
    }
}

/// Milestones one per entry, `[x] (01) 2026-02-01: text`, joined by "; ".
pub fn milestones_text(milestones: &[Milestone]) -> String {
    let parts: Vec<String> = milestones.iter().map(milestone_text).collect();
    parts.join("; ")
}

/// One milestone as a line: `[x] (01) 2026-02-01: text`.
pub fn milestone_text(m: &Milestone) -> String {
    let mut out = String::new();
    if m.done {
        out.push_str("[x] ");
    }
    if let Some(n) = m.number {
        out.push_str(&format!("({n:02}) "));
    }
    let date = date_text(&m.date);
    if !date.is_empty() {
        out.push_str(&date);
        out.push_str(": ");
    }
    out.push_str(m.text.trim());
    out.trim_end().to_owned()
}

/// A completion date that moved later, and whether a milestone change was recorded with it.
fn slip(id: &str, old: &Item, new: &Item) -> Option<Slip> {
    let before = old.completion.as_ref()?.date()?;
    let after = new.completion.as_ref()?.date()?;
    (after > before).then(|| Slip {
        id: id.to_owned(),
        before,
        after,
        explained: milestone_change_recorded(old, new),
    })
}

/// The new version's milestone changes hold an entry the old one did not (FedRAMP POA&M
/// Template Completion Guide, column N: changes to milestones are recorded there, because
/// column M "may not change once recorded" — reference/domain-facts.md §6.4).
pub fn milestone_change_recorded(old: &Item, new: &Item) -> bool {
    let before: Vec<String> = old.milestone_changes.iter().map(milestone_text).collect();
    new.milestone_changes
        .iter()
        .map(milestone_text)
        .any(|line| !before.contains(&line))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::columns::ColumnMap;
    use crate::model::SourceFormat;

    fn item(row: u32, id: &str, status: Status) -> Item {
        Item {
            row,
            id: Some(id.to_owned()),
            status: Some(Vocab::Known(status)),
            ..Item::default()
        }
    }

    fn poam(file: &str, items: Vec<Item>) -> Poam {
        Poam {
            file: file.to_owned(),
            format: SourceFormat::Csv,
            sheet: None,
            header_row: 1,
            columns: ColumnMap::default(),
            items,
            notes: Vec::new(),
        }
    }

    fn date(s: &str) -> Option<DateValue> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .map(DateValue::Date)
    }

    #[test]
    fn items_are_matched_by_trimmed_id_ignoring_case() {
        let old = poam("old.csv", vec![item(2, "POAM-1", Status::Open)]);
        let new = poam("new.csv", vec![item(2, " poam-1 ", Status::Open)]);
        assert_eq!(compare(&old, &new), Changes::default());
    }

    #[test]
    fn new_closed_reopened_removed() {
        let old = poam(
            "old.csv",
            vec![
                item(2, "A", Status::Open),
                item(3, "B", Status::Closed),
                item(4, "C", Status::Open),
                item(5, "D", Status::Closed),
            ],
        );
        let new = poam(
            "new.csv",
            vec![
                item(2, "A", Status::Closed),
                item(3, "B", Status::InProgress),
                item(4, "E", Status::Open),
            ],
        );
        let c = compare(&old, &new);
        assert_eq!(c.new_items, vec!["E"]);
        assert_eq!(c.closed, vec!["A"]);
        assert_eq!(c.reopened, vec!["B"]);
        assert_eq!(c.removed, vec!["C"]);
        assert_eq!(c.removed_closed, vec!["D"]);
        assert_eq!(
            c.changed,
            vec![
                FieldChange {
                    id: "A".into(),
                    field: "status",
                    before: "Open".into(),
                    after: "Closed".into()
                },
                FieldChange {
                    id: "B".into(),
                    field: "status",
                    before: "Closed".into(),
                    after: "In Progress".into()
                },
            ]
        );
    }

    #[test]
    fn a_later_completion_is_a_slip_explained_by_a_new_milestone_change() {
        let mut old = item(2, "A", Status::Open);
        old.completion = date("2026-03-01");
        let mut new = old.clone();
        new.completion = date("2026-04-15");
        let c = compare(&poam("o", vec![old.clone()]), &poam("n", vec![new.clone()]));
        assert_eq!(
            c.slipped,
            vec![Slip {
                id: "A".into(),
                before: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default(),
                after: NaiveDate::from_ymd_opt(2026, 4, 15).unwrap_or_default(),
                explained: false,
            }]
        );
        assert_eq!(c.slipped[0].days(), 45);

        new.milestone_changes = vec![Milestone {
            row: 2,
            number: Some(1),
            date: date("2026-02-20"),
            text: "Update: vendor patch late".into(),
            done: false,
        }];
        let c = compare(&poam("o", vec![old]), &poam("n", vec![new]));
        assert!(c.slipped[0].explained);
    }

    #[test]
    fn an_earlier_completion_is_a_change_not_a_slip() {
        let mut old = item(2, "A", Status::Open);
        old.completion = date("2026-03-01");
        let mut new = old.clone();
        new.completion = date("2026-02-01");
        let c = compare(&poam("o", vec![old]), &poam("n", vec![new]));
        assert!(c.slipped.is_empty());
        assert_eq!(c.changed.len(), 1);
        assert_eq!(c.changed[0].field, "completion date");
        assert_eq!(c.changed[0].before, "2026-03-01");
        assert_eq!(c.changed[0].after, "2026-02-01");
    }

    #[test]
    fn duplicated_and_missing_ids_are_noted() {
        let mut no_id = item(4, "", Status::Open);
        no_id.id = None;
        let old = poam(
            "old.csv",
            vec![
                item(2, "A", Status::Open),
                item(3, "a", Status::Closed),
                no_id,
            ],
        );
        let new = poam("new.csv", vec![item(2, "A", Status::Open)]);
        let c = compare(&old, &new);
        assert!(c.is_empty());
        assert_eq!(
            c.notes,
            vec![
                "old.csv: id A appears more than once; only its first item was compared",
                "old.csv: 1 item has no id and could not be compared",
            ]
        );
    }
}
