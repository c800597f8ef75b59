//! The requirement-reference rules through the binary: a fixture that triggers each rule
//! (exact rows and cells) and a near miss that does not. All run as of 2026-11-26.

mod common;

use common::{assert_near_miss, findings, fires, messages, places};

#[test]
fn control_missing_blank_requirement_cell() {
    let json = fires("control-missing", &[]);
    assert_eq!(places(&json, "control-missing"), ["2:B2"]);
    assert_eq!(findings(&json, "control-missing")[0]["item"], "POAM-AC-003");
    assert_eq!(findings(&json, "control-missing")[0]["level"], "error");
    assert_eq!(
        messages(&json, "control-missing"),
        [
            "POAM-AC-003 names no requirement: write the NIST SP 800-171 requirement the \
          weakness fails, as 3.5.2 or IA.L2-3.5.2"
        ]
    );
}

#[test]
fn control_missing_near_miss_cmmc_and_prefixed_ids() {
    // AC.L2-3.1.3 and "NIST SP 800-171 3.3.4" both name a requirement.
    assert_near_miss("control-missing", 2, &[]);
}

#[test]
fn control_unknown_one_finding_per_bad_reference() {
    // 3.15.1 (no family 3.15), AC-2 (an 800-53 control), 3.1.23 (3.1 has 22).
    let json = fires("control-unknown", &[]);
    assert_eq!(places(&json, "control-unknown"), ["2:B2", "3:B3", "4:B4"]);
    let m = messages(&json, "control-unknown");
    assert!(
        m[0].starts_with("POAM-AC-003 names 3.15.1, which is not one of the 110"),
        "{}",
        m[0]
    );
    assert!(m[1].starts_with("POAM-AU-004 names \"AC-2\", which is not a NIST SP 800-171 requirement id (it looks like a NIST SP 800-53 control"), "{}", m[1]);
    assert!(
        m[2].starts_with("POAM-AC-007 names 3.1.23, which is not one of the 110"),
        "{}",
        m[2]
    );
    // An item whose only reference is unreadable is control-unknown, not control-missing.
    assert_eq!(places(&json, "control-missing"), Vec::<String>::new());
}

#[test]
fn control_unknown_near_miss_zero_padded_cmmc_and_hyphenated_ids() {
    // 3.01.03, AU.L2-3.3.4 and AC-3.1.7 are all catalog requirements.
    assert_near_miss("control-unknown", 3, &[]);
}

#[test]
fn control_blended_two_requirements_in_one_row() {
    let json = fires("control-blended", &[]);
    assert_eq!(places(&json, "control-blended"), ["2:B2"]);
    assert_eq!(findings(&json, "control-blended")[0]["level"], "warning");
    assert_eq!(
        messages(&json, "control-blended"),
        [
            "POAM-AC-003 names 2 requirements (3.1.3, 3.1.7): one row should hold one weakness; \
          split it into one item per requirement"
        ]
    );
}

#[test]
fn control_blended_near_miss_description_and_the_same_id_twice() {
    // "3.1.3 - Control CUI Flow" and "3.3.4\nAU.L2-3.3.4" each name one requirement.
    assert_near_miss("control-blended", 2, &[]);
}
