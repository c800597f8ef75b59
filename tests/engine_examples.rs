//! The shipped examples (examples/README.md) give the verdict their README promises, from
//! the XLSX and the CSV alike, through the library and through the binary.

use assert_cmd::Command;
use poam::engine::{self, Assessment, Basis, EngineOptions};
use poam::io::{load_poam, LoadOptions};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

fn options() -> EngineOptions {
    EngineOptions {
        level: 2,
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 26).expect("valid date"),
        conditional_date: chrono::NaiveDate::from_ymd_opt(2026, 9, 15),
    }
}

fn assess(poam_file: &str, ssp_file: Option<&str>) -> Assessment {
    let poam = load_poam(&example(poam_file), poam_file, &LoadOptions::default())
        .expect("the example POA&M is usable");
    assert_eq!(poam.items.len(), 14, "{poam_file}");
    let ssp = ssp_file.map(|f| engine::read_ssp(&example(f), f, None).expect("usable SSP"));
    engine::assess(&poam, ssp.as_ref(), &options())
}

const NOT_MET_WITHOUT_SSP: [&str; 12] = [
    "3.1.10", "3.1.15", "3.1.21", "3.3.4", "3.4.9", "3.5.3", "3.5.8", "3.6.3", "3.8.9", "3.13.9",
    "3.13.11", "3.13.13",
];

#[test]
fn with_the_ssp_the_score_is_93_and_two_things_block_conditional() {
    for (poam_file, ssp_file) in [("poam.xlsx", "ssp.xlsx"), ("poam.csv", "ssp.csv")] {
        let a = assess(poam_file, Some(ssp_file));
        assert_eq!(a.basis, Basis::Ssp);
        // 11 one-pointers + 3.5.3 partial (3) + 3.13.11 partial (3) = 17.
        assert_eq!(a.score, Some(93), "{poam_file}");
        let mut expected = NOT_MET_WITHOUT_SSP.to_vec();
        expected.insert(8, "3.7.6");
        assert_eq!(a.not_met_ids(), expected);
        assert_eq!(
            a.reasons,
            [
                "poam-ineligible: 3.5.3 is worth 3 points",
                "not-met-missing-item: 3.7.6 is NOT MET and has no open POA&M item",
            ]
        );
        assert!(!a.conditional_reachable && !a.is_final);
        assert_eq!(
            a.closeout_deadline,
            chrono::NaiveDate::from_ymd_opt(2027, 3, 14)
        );
        assert!(a.assumptions.is_empty(), "{:?}", a.assumptions);
    }
}

#[test]
fn without_the_ssp_the_score_is_92_and_mfa_blocks_conditional() {
    for poam_file in ["poam.xlsx", "poam.csv"] {
        let a = assess(poam_file, None);
        assert_eq!(a.basis, Basis::Poam);
        // 10 one-pointers + 3.5.3 at full value (5) + 3.13.11 assumed partial (3) = 18.
        assert_eq!(a.score, Some(92), "{poam_file}");
        assert_eq!(a.not_met_ids(), NOT_MET_WITHOUT_SSP);
        assert_eq!(a.reasons, ["poam-ineligible: 3.5.3 is worth 5 points"]);
        assert_eq!(a.assumptions.len(), 3, "{:?}", a.assumptions);
    }
}

fn validate_json(args: &[&str]) -> Value {
    let output = Command::cargo_bin("poam")
        .expect("the poam binary is built")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("validate")
        .args(args)
        .args(["--format", "json", "--as-of", "2026-11-26"])
        .output()
        .expect("poam runs");
    assert_eq!(
        output.status.code(),
        Some(1),
        "the example has error findings: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON output")
}

#[test]
fn the_binary_reports_the_readme_verdict() {
    let v = validate_json(&[
        "examples/poam.xlsx",
        "--ssp",
        "examples/ssp.xlsx",
        "--conditional-date",
        "2026-09-15",
    ]);
    assert_eq!(v["score"]["value"], 93);
    assert_eq!(v["score"]["max"], 110);
    assert_eq!(v["score"]["threshold"], 88);
    assert_eq!(v["score"]["basis"], "ssp");
    assert_eq!(v["conditional"]["reachable"], false);
    assert_eq!(
        v["conditional"]["reasons"],
        serde_json::json!([
            "poam-ineligible: 3.5.3 is worth 3 points",
            "not-met-missing-item: 3.7.6 is NOT MET and has no open POA&M item"
        ])
    );
    let v = validate_json(&["examples/poam.csv"]);
    assert_eq!(v["score"]["value"], 92);
    assert_eq!(v["score"]["basis"], "poam");
}

/// examples/README.md "Planted weaknesses": exactly these findings, and nothing else.
#[test]
fn the_planted_weaknesses_and_nothing_else() {
    let v = validate_json(&[
        "examples/poam.xlsx",
        "--ssp",
        "examples/ssp.xlsx",
        "--conditional-date",
        "2026-09-15",
    ]);
    let mut findings: Vec<(String, String, String)> = v["findings"]
        .as_array()
        .expect("findings is an array")
        .iter()
        .map(|f| {
            let text = |x: &Value| x.as_str().unwrap_or("-").to_owned();
            (
                text(&f["rule"]),
                text(&f["item"]),
                text(&f["location"]["cell"]),
            )
        })
        .collect();
    let expected = [
        ("not-met-missing-item", "-", "-"),
        ("closed-without-evidence", "POAM-AU-002", "M10"),
        ("owner-generic", "POAM-CM-001", "F11"),
        ("poam-ineligible", "POAM-IA-001", "B12"),
        ("closeout-window", "POAM-IA-001", "J12"),
        ("remediation-vague", "POAM-IA-002", "E13"),
        ("overdue", "POAM-MP-001", "J15"),
        ("milestone-overdue", "POAM-SC-001", "I16"),
        ("completion-missing", "POAM-SC-002", "J17"),
        ("risk-accepted", "POAM-SC-003", "K18"),
    ];
    let mut expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(r, i, c)| (r.to_string(), i.to_string(), c.to_string()))
        .collect();
    // The set is what the README promises; the order is the output layer's business.
    findings.sort();
    expected.sort();
    assert_eq!(findings, expected);
}
