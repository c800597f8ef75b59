//! The eligibility, score and SSP rules through the binary: a fixture that triggers each
//! rule (exact rows and cells) and a near miss that does not. All run as of 2026-11-26.
//! SSP fixtures list the 110 requirements in catalog order under a header on line 1, so
//! requirement N of the catalog is on line N + 1.

mod common;

use common::{assert_near_miss, findings, fires, fixture, messages, places, validate};

/// The path of an SSP fixture, as `--ssp` takes it.
fn ssp(rule: &str, name: &str) -> String {
    fixture(&format!("rules/{rule}/{name}"))
        .to_string_lossy()
        .into_owned()
}

#[test]
fn poam_ineligible_five_point_mfa_on_an_open_item() {
    let json = fires("poam-ineligible", &[]);
    assert_eq!(places(&json, "poam-ineligible"), ["2:B2"]);
    assert_eq!(findings(&json, "poam-ineligible")[0]["item"], "POAM-IA-002");
    assert_eq!(
        messages(&json, "poam-ineligible"),
        [
            "POAM-IA-002 names 3.5.3 (worth 5 points): only 1-point requirements may be on a \
          POA&M (32 CFR 170.21(a)(2)(ii)); implement it before the assessment"
        ]
    );
}

#[test]
fn poam_ineligible_near_miss_closed_mfa_and_partial_encryption() {
    // 3.5.3 is closed; 3.13.11 open without an SSP is taken as partial (3 points, eligible).
    assert_near_miss("poam-ineligible", 2, &[]);
}

#[test]
fn poam_excluded_physical_access_logs() {
    let json = fires("poam-excluded", &[]);
    assert_eq!(places(&json, "poam-excluded"), ["2:B2"]);
    assert_eq!(
        messages(&json, "poam-excluded"),
        [
            "POAM-PE-004 names 3.10.4 (Physical Access Logs), which may never be on a POA&M (32 \
          CFR 170.21(a)(2)(iii)): implement it before the assessment"
        ]
    );
    // Excluded, not ineligible: one finding, by the more specific rule.
    assert_eq!(places(&json, "poam-ineligible"), Vec::<String>::new());
}

#[test]
fn poam_excluded_near_miss_closed_3_10_4_and_open_3_10_6() {
    assert_near_miss("poam-excluded", 2, &[]);
}

#[test]
fn poam_not_permitted_open_item_at_level_1() {
    let json = fires("poam-not-permitted", &["--level", "1"]);
    assert_eq!(places(&json, "poam-not-permitted"), ["2:K2"]);
    assert_eq!(
        findings(&json, "poam-not-permitted")[0]["item"],
        "POAM-AC-001"
    );
    assert!(messages(&json, "poam-not-permitted")[0]
        .contains("no POA&M is permitted at Level 1 (32 CFR 170.21(a)(1))"));
    // The same file at Level 2 is allowed a POA&M.
    let level2 = fires("poam-not-permitted", &[]);
    assert_eq!(places(&level2, "poam-not-permitted"), Vec::<String>::new());
}

#[test]
fn poam_not_permitted_near_miss_all_items_closed() {
    assert_near_miss("poam-not-permitted", 2, &["--level", "1"]);
}

#[test]
fn score_below_threshold_five_five_point_items_score_85() {
    let json = fires("score-below-threshold", &[]);
    assert_eq!(json["score"]["value"], 85);
    assert_eq!(places(&json, "score-below-threshold"), ["-:-"]);
    assert_eq!(
        messages(&json, "score-below-threshold"),
        [
            "the score is 85 of 110, below the 88 needed for Conditional Level 2 (32 CFR \
          170.21(a)(2)(i)): implement NOT MET requirements worth at least 3 points before the \
          assessment"
        ]
    );
}

#[test]
fn score_below_threshold_near_miss_exactly_88() {
    // 4 five-point items and 2 one-point items: 110 − 22 = 88.
    let json = validate("rules/score-below-threshold/clean.csv", &[]);
    assert_eq!(json["score"]["value"], 88);
    assert_near_miss("score-below-threshold", 6, &[]);
}

#[test]
fn score_unavailable_open_system_security_plan_item() {
    let json = fires("score-unavailable", &[]);
    assert!(json["score"].is_null());
    assert_eq!(places(&json, "score-unavailable"), ["-:-"]);
    assert!(messages(&json, "score-unavailable")[0]
        .starts_with("3.12.4 (System Security Plan) is NOT MET: no score can be given"));
}

#[test]
fn score_unavailable_near_miss_system_security_plan_closed() {
    assert_near_miss("score-unavailable", 2, &[]);
}

#[test]
fn not_met_missing_item_names_the_ssp_cell() {
    // The SSP says 3.1.3 and 3.1.8 Not Met; the POA&M has an item for 3.1.3 only.
    let json = fires(
        "not-met-missing-item",
        &["--ssp", &ssp("not-met-missing-item", "ssp.csv")],
    );
    assert_eq!(places(&json, "not-met-missing-item"), ["-:-"]);
    let m = messages(&json, "not-met-missing-item");
    assert!(
        m[0].starts_with("3.1.8 (Unsuccessful Logon Attempts) is NOT MET in the SSP ("),
        "{}",
        m[0]
    );
    assert!(
        m[0].contains(
            "ssp.csv › line 9 column B) but no open POA&M item names it: add an open item for it"
        ),
        "{}",
        m[0]
    );
}

#[test]
fn not_met_missing_item_near_miss_both_on_the_poam() {
    let ssp = ssp("not-met-missing-item", "ssp.csv");
    assert_near_miss("not-met-missing-item", 2, &["--ssp", &ssp]);
}

#[test]
fn ssp_incomplete_requirement_absent_from_the_ssp() {
    let json = fires(
        "ssp-incomplete",
        &["--ssp", &ssp("ssp-incomplete", "ssp.csv")],
    );
    assert_eq!(places(&json, "ssp-incomplete"), ["-:-"]);
    assert_eq!(findings(&json, "ssp-incomplete")[0]["level"], "warning");
    assert!(messages(&json, "ssp-incomplete")[0]
        .starts_with("3.8.9 (Protect Backups) is not in the SSP ("));
    assert_eq!(json["score"]["not_met"], serde_json::json!(["3.8.9"]));
}

#[test]
fn ssp_incomplete_near_miss_all_110_listed() {
    let ssp = ssp("ssp-incomplete", "ssp-clean.csv");
    assert_near_miss("ssp-incomplete", 1, &["--ssp", &ssp]);
}

#[test]
fn ssp_status_unknown_names_the_word_and_the_cell() {
    let json = fires(
        "ssp-status-unknown",
        &["--ssp", &ssp("ssp-status-unknown", "ssp.csv")],
    );
    assert_eq!(places(&json, "ssp-status-unknown"), ["-:-"]);
    let m = messages(&json, "ssp-status-unknown");
    assert!(
        m[0].starts_with("the SSP gives 3.5.3 \"Mostly\" ("),
        "{}",
        m[0]
    );
    assert!(
        m[0].contains("ssp.csv › line 47 column B), which is not a known status"),
        "{}",
        m[0]
    );
    // Counted NOT MET at its full value.
    assert_eq!(json["score"]["value"], 105);
}

#[test]
fn ssp_status_unknown_near_miss_partially_implemented() {
    let ssp = ssp("ssp-status-unknown", "ssp-clean.csv");
    assert_near_miss("ssp-status-unknown", 1, &["--ssp", &ssp]);
}
