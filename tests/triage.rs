//! `poam triage --ssp SSP [FILE]`: what must be implemented before the assessment, what
//! may go on the POA&M, the score then, the points short of 88, and the gaps with no item.

mod common;

use common::poam;
use serde_json::Value;

#[test]
fn the_example_must_implement_3_5_3_and_add_an_item_for_3_7_6() {
    let text = poam(&["triage", "--ssp", "examples/ssp.xlsx", "examples/poam.xlsx"]);
    let expected = [
        "Score now (CMMC Level 2): 93 / 110; Conditional needs 88",
        "",
        "Must be implemented before the assessment (1):",
        "  3.5.3       3 pts  Multifactor Authentication                 SSP: PARTIAL · on the POA&M",
        "           3 points: only 1-point requirements may be on a POA&M (32 CFR 170.21(a)(2)(ii))",
        "",
        "May go on the POA&M (12):",
        "  3.13.11     3 pts  CUI Encryption                             SSP: PARTIAL · on the POA&M",
        "           partial 3.13.11 (encryption not FIPS-validated) may be on a POA&M (32 CFR 170.21(a)(2)(ii))",
        "  3.1.10       1 pt  Session Lock                               SSP: PARTIAL · on the POA&M",
        "           1 point: may be on a POA&M (32 CFR 170.21(a)(2)(ii))",
        "  3.1.15       1 pt  Privileged Remote Access                   SSP: NOT MET · on the POA&M",
        "           1 point: may be on a POA&M (32 CFR 170.21(a)(2)(ii))",
        "  3.1.21       1 pt  Portable Storage Use                       SSP: NOT MET · on the POA&M",
        "           1 point: may be on a POA&M (32 CFR 170.21(a)(2)(ii))",
        "  3.3.4        1 pt  Audit Failure Alerting                     SSP: NOT MET · on the POA&M",
        "           1 point: may be on a POA&M (32 CFR 170.21(a)(2)(ii))",
        "  3.4.9        1 pt  User-Installed Software                    SSP: NOT MET · on the POA&M",
        "           1 point: may be on a POA&M (32 CFR 170.21(a)(2)(ii))",
        "  3.5.8        1 pt  Password Reuse                             SSP: NOT MET · on the POA&M",
        "           1 point: may be on a POA&M (32 CFR 170.21(a)(2)(ii))",
        "  3.6.3        1 pt  Incident Response Testing                  SSP: NOT MET · on the POA&M",
        "           1 point: may be on a POA&M (32 CFR 170.21(a)(2)(ii))",
        "  3.7.6        1 pt  Maintenance Personnel                      SSP: NOT MET · NO POA&M item",
        "           1 point: may be on a POA&M (32 CFR 170.21(a)(2)(ii))",
        "  3.8.9        1 pt  Protect Backups                            SSP: NOT MET · on the POA&M",
        "           1 point: may be on a POA&M (32 CFR 170.21(a)(2)(ii))",
        "  3.13.9       1 pt  Connections Termination                    SSP: NOT MET · on the POA&M",
        "           1 point: may be on a POA&M (32 CFR 170.21(a)(2)(ii))",
        "  3.13.13      1 pt  Mobile Code                                SSP: NOT MET · on the POA&M",
        "           1 point: may be on a POA&M (32 CFR 170.21(a)(2)(ii))",
        "",
        "With every ineligible gap implemented and every eligible one on the POA&M, the score is 96 / 110.",
        "That meets the threshold of 88: 0 points short.",
        "",
        "NOT MET with no open POA&M item yet (1): 3.7.6",
        "",
    ];
    assert_eq!(text.split('\n').collect::<Vec<_>>(), expected);
}

#[test]
fn without_a_poam_it_says_how_to_see_missing_items() {
    let text = poam(&["triage", "--ssp", "examples/ssp.csv"]);
    assert!(text.contains("Must be implemented before the assessment (1):\n  3.5.3 "));
    assert!(text.contains("May go on the POA&M (12):\n  3.13.11 "));
    assert!(!text.contains("NO POA&M item"));
    assert!(text.ends_with(
        "Give the POA&M (poam triage --ssp SSP FILE) to see which gaps have no item yet.\n"
    ));
}

#[test]
fn points_short_of_88_and_which_eligible_gaps_close_them() {
    let v: Value = serde_json::from_str(&poam(&[
        "triage",
        "--ssp",
        "tests/fixtures/report/ssp-many-ones.csv",
        "--format",
        "json",
    ]))
    .expect("JSON");
    assert_eq!(v["schema"], "poam/triage/1");
    assert_eq!(v["score"], 80, "110 - 5 - 25");
    assert_eq!(v["must_implement"][0]["requirement"], "3.4.1");
    assert_eq!(v["must_implement"][0]["value"], 5);
    assert_eq!(v["may_defer"].as_array().map(Vec::len), Some(25));
    assert_eq!(v["score_with_poam"], 85);
    assert_eq!(v["points_short"], 3);
    assert_eq!(
        v["also_implement"],
        serde_json::json!(["3.1.3", "3.1.4", "3.1.6"])
    );
    assert_eq!(v["without_item"], Value::Null);
}
