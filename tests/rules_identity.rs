//! The identity rules through the binary: a fixture that triggers each rule (exact rows,
//! cells and levels) and a near miss that does not. All run as of 2026-11-26.

mod common;

use common::{assert_near_miss, findings, fires, messages, places};

#[test]
fn missing_column_one_finding_per_field_on_the_header_row() {
    // The header has no owner, completion date or status column.
    let json = fires("missing-column", &[]);
    assert_eq!(places(&json, "missing-column"), ["1:-", "1:-", "1:-"]);
    let levels: Vec<&str> = findings(&json, "missing-column")
        .iter()
        .map(|f| f["level"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(levels, ["warning", "warning", "error"]);
    assert_eq!(
        messages(&json, "missing-column"),
        [
            "no column for the owner (expected a header such as 'Owner', 'Point of Contact' \
             or 'Responsible Party')",
            "no column for the completion date (expected a header such as 'Scheduled \
             Completion Date', 'Due Date' or 'Target Date')",
            "no column for the status (expected a header such as 'Status')",
        ]
    );
    assert!(findings(&json, "missing-column")
        .iter()
        .all(|f| f["item"].is_null() && f["location"]["column"].is_null()));
}

#[test]
fn missing_column_near_miss_every_field_under_another_alias() {
    // Weakness ID, NIST Control Reference, Deficiency, Risk Rating, Corrective Action,
    // Point of Contact, Estimated Cost, Detection Date, Planned Milestones, Due Date, …
    assert_near_miss("missing-column", 1, &[]);
}

#[test]
fn id_missing_points_at_the_blank_id_cell() {
    let json = fires("id-missing", &[]);
    assert_eq!(places(&json, "id-missing"), ["3:A3"]);
    let found = findings(&json, "id-missing");
    assert_eq!(found[0]["level"], "error");
    assert!(found[0]["item"].is_null());
    assert!(messages(&json, "id-missing")[0].starts_with("the item on row 3 has no id"));
}

#[test]
fn id_missing_near_miss_every_item_has_an_id() {
    assert_near_miss("id-missing", 2, &[]);
}

#[test]
fn id_duplicate_reports_each_row_naming_the_other() {
    let json = fires("id-duplicate", &[]);
    assert_eq!(places(&json, "id-duplicate"), ["2:A2", "4:A4"]);
    assert_eq!(
        messages(&json, "id-duplicate"),
        [
            "POAM-AC-003 is also the id of the item on row 4: give each item its own id",
            "POAM-AC-003 is also the id of the item on row 2: give each item its own id",
        ]
    );
    assert_eq!(findings(&json, "id-duplicate")[1]["item"], "POAM-AC-003");
}

#[test]
fn id_duplicate_near_miss_three_distinct_ids() {
    assert_near_miss("id-duplicate", 3, &[]);
}
