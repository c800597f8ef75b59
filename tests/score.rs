//! `poam score FILE`: the score with every deduction, totals by family, the verdict and
//! what would change it.

mod common;

use common::poam;
use serde_json::{json, Value};

#[test]
fn the_example_scores_93_with_every_deduction_explained() {
    let text = poam(&["score", "examples/poam.xlsx", "--ssp", "examples/ssp.xlsx"]);
    let expected = [
        "Score (CMMC Level 2): 93 / 110  (from the SSP; Conditional needs 88)",
        "Verdict: Conditional Level 2: NOT reachable",
        "  - poam-ineligible: 3.5.3 is worth 3 points",
        "  - not-met-missing-item: 3.7.6 is NOT MET and has no open POA&M item",
        "",
        "Deductions (13 requirements, 17 points):",
        "  3.1.10     -1  Session Lock                               SSP: PARTIAL · on the POA&M, POA&M-eligible",
        "  3.1.15     -1  Privileged Remote Access                   SSP: NOT MET · on the POA&M, POA&M-eligible",
        "  3.1.21     -1  Portable Storage Use                       SSP: NOT MET · on the POA&M, POA&M-eligible",
        "  3.3.4      -1  Audit Failure Alerting                     SSP: NOT MET · on the POA&M, POA&M-eligible",
        "  3.4.9      -1  User-Installed Software                    SSP: NOT MET · on the POA&M, POA&M-eligible",
        "  3.5.3      -3  Multifactor Authentication                 SSP: PARTIAL · on the POA&M, not POA&M-eligible",
        "  3.5.8      -1  Password Reuse                             SSP: NOT MET · on the POA&M, POA&M-eligible",
        "  3.6.3      -1  Incident Response Testing                  SSP: NOT MET · on the POA&M, POA&M-eligible",
        "  3.7.6      -1  Maintenance Personnel                      SSP: NOT MET · no POA&M item, POA&M-eligible",
        "  3.8.9      -1  Protect Backups                            SSP: NOT MET · on the POA&M, POA&M-eligible",
        "  3.13.9     -1  Connections Termination                    SSP: NOT MET · on the POA&M, POA&M-eligible",
        "  3.13.11    -3  CUI Encryption                             SSP: PARTIAL · on the POA&M, POA&M-eligible",
        "  3.13.13    -1  Mobile Code                                SSP: NOT MET · on the POA&M, POA&M-eligible",
        "",
        "By family:",
        "  AC Access Control                           3 points  (3 requirements)",
        "  AU Audit and Accountability                 1 point   (1 requirement)",
        "  CM Configuration Management                 1 point   (1 requirement)",
        "  IA Identification and Authentication        4 points  (2 requirements)",
        "  IR Incident Response                        1 point   (1 requirement)",
        "  MA Maintenance                              1 point   (1 requirement)",
        "  MP Media Protection                         1 point   (1 requirement)",
        "  SC System and Communications Protection     5 points  (3 requirements)",
        "",
        "What each would change:",
        "  - closing 3.5.3 (3 points) brings the score to 96",
        "  - closing 3.13.11 (3 points) brings the score to 96",
        "  - closing 3.1.10 (1 point) brings the score to 94",
        "  - closing 3.1.15 (1 point) brings the score to 94",
        "  - closing 3.1.21 (1 point) brings the score to 94",
        "  - closing 3.3.4 (1 point) brings the score to 94",
        "  - closing 3.4.9 (1 point) brings the score to 94",
        "  - closing 3.5.8 (1 point) brings the score to 94",
        "  - closing 3.6.3 (1 point) brings the score to 94",
        "  - implementing 3.7.6 (1 point) brings the score to 94",
        "  - closing 3.8.9 (1 point) brings the score to 94",
        "  - closing 3.13.9 (1 point) brings the score to 94",
        "  - closing 3.13.13 (1 point) brings the score to 94",
        "",
        "To make Conditional status reachable:",
        "  - implement 3.5.3 Multifactor Authentication before the assessment (3 points; it may not be on a POA&M)",
        "  - add an open POA&M item for 3.7.6 Maintenance Personnel",
        "  - then the score is 96 with every remaining gap on the POA&M (threshold 88)",
        "",
    ];
    assert_eq!(text.split('\n').collect::<Vec<_>>(), expected);
}

#[test]
fn without_an_ssp_the_score_is_92_and_says_what_it_assumed() {
    let text = poam(&["score", "examples/poam.csv"]);
    assert!(text.starts_with(
        "Score (CMMC Level 2): 92 / 110  (from the POA&M, no SSP given; Conditional needs 88)\n"
    ));
    assert!(text.contains("  - poam-ineligible: 3.5.3 is worth 5 points\n"));
    assert!(text.contains("Deductions (12 requirements, 18 points):"));
    assert!(text.contains("  - closing 3.5.3 (5 points) brings the score to 97\n"));
    assert!(text.contains("\nAssumed:\n  - no SSP given"));
}

#[test]
fn json_lists_deductions_and_what_ifs() {
    let v: Value = serde_json::from_str(&poam(&[
        "score",
        "examples/poam.xlsx",
        "--ssp",
        "examples/ssp.xlsx",
        "--format",
        "json",
    ]))
    .expect("JSON");
    assert_eq!(v["schema"], "poam/score/1");
    assert_eq!(v["score"], 93);
    assert_eq!(v["total_deducted"], 17);
    assert_eq!(v["deductions"].as_array().map(Vec::len), Some(13));
    assert_eq!(
        v["deductions"][5],
        json!({"requirement": "3.5.3", "name": "Multifactor Authentication", "family": "IA",
               "value": 3, "why": "SSP: PARTIAL", "partial": true, "eligible": false,
               "on_poam": true})
    );
    assert_eq!(
        v["what_ifs"][0]["sentence"],
        "closing 3.5.3 (3 points) brings the score to 96"
    );
    assert_eq!(
        v["by_family"][0],
        json!({"code": "AC", "name": "Access Control", "requirements": 3, "points": 3})
    );
    assert_eq!(v["to_threshold"], Value::Null, "93 is above 88");
}

#[test]
fn below_88_names_the_fewest_highest_value_requirements_to_implement() {
    let text = poam(&[
        "score",
        "tests/fixtures/report/supporting.csv",
        "--ssp",
        "tests/fixtures/report/ssp-below.csv",
    ]);
    assert!(
        text.starts_with("Score (CMMC Level 2): 85 / 110  (from the SSP; Conditional needs 88)\n")
    );
    assert!(text.contains("  - score-below-threshold: score 85 is below 88\n"));
    assert!(text.contains("  - implementing 3.1.1 (5 points) brings the score to 90\n"));
    assert!(text.contains("  - implementing 3.13.11 (3 points) brings the score to 88\n"));
    assert!(text.contains("\nTo reach 88: implement 3.1.1 (5 points) for a score of 90\n"));
    assert!(text.contains(
        "  - then the score is 105 with every remaining gap on the POA&M (threshold 88)\n"
    ));
}

/// `validate`, `score` and `report` word the verdict alike, the caveat of a Final verdict
/// that rests on the POA&M alone included: a leadership report must not drop it.
#[test]
fn validate_score_and_report_word_the_verdict_alike() {
    let file = common::fixture("report/all-closed.csv");
    let file = file.to_string_lossy();
    let assumed = "Final Level 2: every requirement is MET (assumed: no SSP given, and no open \
                   POA&M item names a requirement)";
    let level1 = "Level 1: every requirement is MET (assumed: no SSP given, and no open POA&M \
                  item names a requirement)";
    for (extra, expected) in [(&[][..], assumed), (&["--level", "1"][..], level1)] {
        let run = |command: &str, format: &str| {
            let args = [
                command,
                file.as_ref(),
                "--format",
                format,
                "--as-of",
                "2026-11-26",
            ];
            poam(&[&args[..], extra].concat())
        };
        let human = run("validate", "human");
        assert!(
            human.lines().any(|l| l == format!("Verdict: {expected}")),
            "{human}"
        );
        let score: Value = serde_json::from_str(&run("score", "json")).expect("JSON");
        assert_eq!(score["verdict"], expected);
        let report: Value = serde_json::from_str(&run("report", "json")).expect("JSON");
        assert_eq!(report["headline"]["verdict"], expected);
    }
}
