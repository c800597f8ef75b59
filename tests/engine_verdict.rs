//! The verdict line and its JSON twin say what the engine can stand behind.

use assert_cmd::Command;
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let out = Command::cargo_bin("poam")
        .expect("the poam binary is built")
        .args(args)
        .args(["--format", "json", "--as-of", "2026-11-26"])
        .output()
        .expect("poam runs");
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

fn human(args: &[&str]) -> String {
    let out = Command::cargo_bin("poam")
        .expect("the poam binary is built")
        .args(args)
        .args(["--as-of", "2026-11-26"])
        .output()
        .expect("poam runs");
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn level_1_with_open_items_is_neither_final_nor_reachable() {
    // 32 CFR 170.21(a)(1): no POA&M at any time for Level 1, whatever the items name.
    let v = json(&["validate", "examples/poam.csv", "--level", "1"]);
    assert_eq!(v["conditional"]["final"], false);
    assert_eq!(v["conditional"]["reachable"], false);
    assert_eq!(
        v["conditional"]["reasons"][0],
        "poam-not-permitted: Level 1 permits no POA&M, and 12 item(s) are open"
    );
    let text = human(&["validate", "examples/poam.csv", "--level", "1"]);
    assert!(
        text.contains("Verdict: Level 1: NOT met (all 17 must be MET; no POA&M is permitted)"),
        "{text}"
    );
    assert!(
        text.contains("all 17 must be MET)"),
        "no Conditional threshold at Level 1: {text}"
    );
    assert!(!text.contains("Conditional needs"), "{text}");
}

#[test]
fn final_without_an_ssp_says_it_is_assumed() {
    let text = human(&["validate", "tests/fixtures/read/empty_first_sheet.xlsx"]);
    assert!(
        text.contains(
            "Verdict: Final Level 2: every requirement is MET (assumed: no SSP given, and no \
             open POA&M item names a requirement)"
        ),
        "{text}"
    );
}

#[test]
fn conditional_verdict_on_the_example() {
    let text = human(&[
        "validate",
        "examples/poam.xlsx",
        "--ssp",
        "examples/ssp.xlsx",
    ]);
    assert!(
        text.contains("Verdict: Conditional Level 2: NOT reachable"),
        "{text}"
    );
    assert!(text.contains("Conditional needs 88"), "{text}");
}
