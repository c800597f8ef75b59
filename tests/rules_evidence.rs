//! The evidence rules through the binary: a fixture that triggers each rule (exact rows and
//! cells) and a near miss that does not. All run as of 2026-11-26.

mod common;

use common::{assert_near_miss, findings, places, validate};

#[test]
fn closed_without_evidence_blank_evidence_cell() {
    let json = validate("rules/closed-without-evidence/fires.csv", &[]);
    assert_eq!(places(&json, "closed-without-evidence"), ["2:M2"]);
    let finding = findings(&json, "closed-without-evidence")[0];
    assert_eq!(finding["level"], "error");
    assert_eq!(
        finding["message"],
        "POAM-AC-003 is Closed but names no evidence: add the file, ticket or URL that proves closure"
    );
}

#[test]
fn closed_without_evidence_near_miss_path_and_open_item() {
    assert_near_miss("closed-without-evidence", 2, &[]);
}

#[test]
fn evidence_vague_completed_and_see_above() {
    let json = validate("rules/evidence-vague/fires.csv", &[]);
    assert_eq!(places(&json, "evidence-vague"), ["2:M2", "3:M3"]);
    assert_eq!(
        places(&json, "closed-without-evidence"),
        Vec::<String>::new()
    );
    let finding = findings(&json, "evidence-vague")[1];
    assert_eq!(finding["level"], "warning");
    assert_eq!(finding["item"], "POAM-AU-004");
    assert!(finding["message"]
        .as_str()
        .unwrap_or_default()
        .starts_with("POAM-AU-004's evidence \"See above\" is a word, not proof"));
}

#[test]
fn evidence_vague_near_miss_ticket_document_and_open_item() {
    assert_near_miss("evidence-vague", 3, &[]);
}
