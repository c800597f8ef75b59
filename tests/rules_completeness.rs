//! The completeness rules through the binary: a fixture that triggers each rule (exact
//! rows and cells) and a near miss that does not. All run as of 2026-11-26.

mod common;

use common::{assert_near_miss, findings, fires, messages, places};

#[test]
fn severity_missing_on_the_open_item_only() {
    // Row 3 is closed with no severity: not reported.
    let json = fires("severity-missing", &[]);
    assert_eq!(places(&json, "severity-missing"), ["2:D2"]);
    assert_eq!(findings(&json, "severity-missing")[0]["level"], "warning");
    assert_eq!(
        messages(&json, "severity-missing"),
        ["POAM-AC-003 has no severity: rate the weakness Low, Moderate, High or Critical"]
    );
}

#[test]
fn severity_missing_near_miss_medium_synonym() {
    assert_near_miss("severity-missing", 2, &[]);
}

#[test]
fn severity_unknown_off_the_scale() {
    let json = fires("severity-unknown", &[]);
    assert_eq!(places(&json, "severity-unknown"), ["2:D2"]);
    assert_eq!(findings(&json, "severity-unknown")[0]["level"], "error");
    assert_eq!(
        messages(&json, "severity-unknown"),
        [
            "POAM-AC-003's severity \"Sev 2\" is not on the scale: write Low, Moderate, High or \
          Critical"
        ]
    );
}

#[test]
fn severity_unknown_near_miss_critical_and_lower_case_medium() {
    assert_near_miss("severity-unknown", 2, &[]);
}

#[test]
fn remediation_missing_blank_cell() {
    let json = fires("remediation-missing", &[]);
    assert_eq!(places(&json, "remediation-missing"), ["2:E2"]);
    assert_eq!(
        findings(&json, "remediation-missing")[0]["item"],
        "POAM-AC-003"
    );
}

#[test]
fn remediation_missing_near_miss() {
    assert_near_miss("remediation-missing", 2, &[]);
}

#[test]
fn remediation_vague_generic_placeholder_and_too_short() {
    let json = fires("remediation-vague", &[]);
    assert_eq!(places(&json, "remediation-vague"), ["2:E2", "3:E3", "4:E4"]);
    assert_eq!(
        messages(&json, "remediation-vague"),
        [
            "POAM-AC-003's remediation \"Improve monitoring\" is generic: say what will be \
             done, to what, and how it will be verified",
            "POAM-AU-004's remediation \"TBD\" is generic: say what will be done, to what, and \
             how it will be verified",
            "POAM-AC-007's remediation \"Enable MFA\" is too short: say what will be done, to \
             what, and how it will be verified",
        ]
    );
}

#[test]
fn remediation_vague_near_miss_three_specific_words_and_a_closed_fix() {
    assert_near_miss("remediation-vague", 2, &[]);
}

#[test]
fn owner_missing_blank_cell() {
    let json = fires("owner-missing", &[]);
    assert_eq!(places(&json, "owner-missing"), ["2:F2"]);
    assert_eq!(
        messages(&json, "owner-missing"),
        ["POAM-AC-003 has no owner: name the person accountable for it"]
    );
}

#[test]
fn owner_missing_near_miss() {
    assert_near_miss("owner-missing", 2, &[]);
}

#[test]
fn owner_generic_departments_and_placeholders() {
    // "IT Team", "MSP", "Network Security".
    let json = fires("owner-generic", &[]);
    assert_eq!(places(&json, "owner-generic"), ["2:F2", "3:F3", "4:F4"]);
    assert!(messages(&json, "owner-generic")[2]
        .starts_with("POAM-AC-007's owner \"Network Security\" is a department or placeholder"));
}

#[test]
fn owner_generic_near_miss_role_titles_names_and_a_closed_item() {
    // "IAM Lead", "J. Ortiz (IT Manager)", and "IT" on a closed item.
    assert_near_miss("owner-generic", 3, &[]);
}

#[test]
fn owner_overloaded_four_of_six_open_items() {
    // "Dana Reyes" and "dana reyes" are one owner; the closed item does not count.
    let json = fires("owner-overloaded", &[]);
    assert_eq!(places(&json, "owner-overloaded"), ["-:-"]);
    assert_eq!(
        messages(&json, "owner-overloaded"),
        [
            "\"Dana Reyes\" owns 4 of the 6 open items: spread them over the people who will do \
          the work, or show the help the owner gets"
        ]
    );
}

#[test]
fn owner_overloaded_near_miss_exactly_half() {
    assert_near_miss("owner-overloaded", 7, &[]);
}

#[test]
fn resources_missing_blank_and_tbd() {
    let json = fires("resources-missing", &[]);
    assert_eq!(places(&json, "resources-missing"), ["2:G2", "3:G3"]);
    assert_eq!(
        messages(&json, "resources-missing")[1],
        "POAM-AU-004 has no resource estimate (\"TBD\"): estimate the staff time and cost it \
         needs"
    );
}

#[test]
fn resources_missing_near_miss_na_estimate_and_a_closed_item() {
    assert_near_miss("resources-missing", 2, &[]);
}
