//! The status rules through the binary: a fixture that triggers each rule (exact rows and
//! cells) and a near miss that does not. All run as of 2026-11-26.

mod common;

use common::{assert_near_miss, findings, fires, message, places};

#[test]
fn status_missing_blank_status() {
    let json = fires("status-missing", &[]);
    assert_eq!(places(&json, "status-missing"), ["2:K2"]);
    assert_eq!(findings(&json, "status-missing")[0]["level"], "error");
}

#[test]
fn status_missing_near_miss_in_progress() {
    assert_near_miss("status-missing", 1, &[]);
}

#[test]
fn status_unknown_lists_the_accepted_words() {
    let json = fires("status-unknown", &[]);
    assert_eq!(places(&json, "status-unknown"), ["2:K2"]);
    assert!(message(&json, "status-unknown", 0)
        .contains("\"Waiting on vendor\" is not one this tool or an assessor can count: use one of Open, In Progress, Delayed, Closed"));
}

#[test]
fn status_unknown_near_miss_synonym_ongoing() {
    assert_near_miss("status-unknown", 1, &[]);
}

#[test]
fn risk_accepted_is_not_a_cmmc_outcome() {
    let json = fires("risk-accepted", &[]);
    assert_eq!(places(&json, "risk-accepted"), ["2:K2"]);
    assert_eq!(findings(&json, "risk-accepted")[0]["item"], "POAM-AC-003");
    assert!(message(&json, "risk-accepted", 0).contains("32 CFR 170.24"));
}

#[test]
fn risk_accepted_near_miss_delayed() {
    assert_near_miss("risk-accepted", 1, &[]);
}

#[test]
fn status_stale_31_days() {
    let json = fires("status-stale", &[]);
    assert_eq!(places(&json, "status-stale"), ["2:L2"]);
    assert_eq!(findings(&json, "status-stale")[0]["level"], "warning");
    assert!(message(&json, "status-stale", 0)
        .contains("last updated 2026-10-26 (31 days before 2026-11-26)"));
}

#[test]
fn status_stale_near_miss_30_days_closed_and_undated() {
    assert_near_miss("status-stale", 3, &[]);
}
