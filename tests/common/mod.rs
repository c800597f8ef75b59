//! Shared by the integration tests: run `poam` (`validate` on a fixture and read its JSON;
//! `report`, `score`, `triage`, `owners` on the shipped example).

#![allow(dead_code)] // each test crate uses a different part of this module

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

/// A file under `tests/fixtures/`.
pub fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative)
}

/// `poam validate <fixture> --format json --as-of 2026-11-26 [extra…]`, parsed. Fails the
/// test when the input was refused (exit 2), the binary crashed, or the output is not JSON.
pub fn validate(relative: &str, extra: &[&str]) -> Value {
    let output = Command::cargo_bin("poam")
        .expect("the poam binary is built")
        .arg("validate")
        .arg(fixture(relative))
        .args(["--format", "json", "--as-of", "2026-11-26"])
        .args(extra)
        .output()
        .expect("poam runs");
    let code = output.status.code();
    assert!(
        matches!(code, Some(0) | Some(1)),
        "poam validate {relative} exited {code:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "poam validate {relative}: output is not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

/// `poam validate` on `rules/<rule>/fires.csv`, the fixture that triggers `rule`.
pub fn fires(rule: &str, extra: &[&str]) -> Value {
    validate(&format!("rules/{rule}/fires.csv"), extra)
}

/// The findings of one rule.
pub fn findings<'a>(json: &'a Value, rule: &str) -> Vec<&'a Value> {
    json["findings"]
        .as_array()
        .map(|all| all.iter().filter(|f| f["rule"] == rule).collect())
        .unwrap_or_default()
}

/// Where a finding points, as `row:cell` (`-` for null): `2:J2`, `-:-`.
pub fn place(finding: &Value) -> String {
    let row = finding["location"]["row"]
        .as_u64()
        .map_or("-".to_owned(), |r| r.to_string());
    let cell = finding["location"]["cell"].as_str().unwrap_or("-");
    format!("{row}:{cell}")
}

/// Where each finding of `rule` points, as `row:cell` (`-` for null): `["2:J2", "-:-"]`.
pub fn places(json: &Value, rule: &str) -> Vec<String> {
    findings(json, rule).into_iter().map(place).collect()
}

/// Each finding in output order as `rule <key> row:cell`, `key` being the finding's
/// field to show (`-` for null): with "item", `reopened H-003 3:L3`; with "level",
/// `status-stale warning 2:L2`.
pub fn finding_lines(json: &Value, key: &str) -> Vec<String> {
    json["findings"]
        .as_array()
        .map(|all| {
            all.iter()
                .map(|f| {
                    format!(
                        "{} {} {}",
                        f["rule"].as_str().unwrap_or("?"),
                        f[key].as_str().unwrap_or("-"),
                        place(f)
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The message of each finding of `rule`, in output order.
pub fn messages(json: &Value, rule: &str) -> Vec<String> {
    findings(json, rule)
        .iter()
        .map(|f| f["message"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The message of the `index`th finding of `rule` (empty when there is no such finding).
pub fn message(json: &Value, rule: &str, index: usize) -> String {
    messages(json, rule)
        .into_iter()
        .nth(index)
        .unwrap_or_default()
}

/// `items.total`: proves a fixture was read, so a test of "no finding" is not vacuous.
pub fn item_count(json: &Value) -> u64 {
    json["items"]["total"].as_u64().unwrap_or(0)
}

/// The near-miss half of a rule's test: `rules/<rule>/clean.csv` is read (`items` items)
/// and holds no finding of `rule`.
pub fn assert_near_miss(rule: &str, items: u64, extra: &[&str]) {
    let json = validate(&format!("rules/{rule}/clean.csv"), extra);
    assert_eq!(item_count(&json), items, "{rule}/clean.csv: items read");
    assert_eq!(
        places(&json, rule),
        Vec::<String>::new(),
        "{rule}/clean.csv"
    );
}

/// `poam ARGS…` run from the crate's folder (where `examples/` is), whatever it exits.
pub fn poam_output(args: &[&str]) -> Output {
    poam_output_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// What `poam ARGS…` printed, run with `dir` as the current folder (where it looks for
/// poam.toml).
pub fn poam_output_in(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("poam")
        .expect("the poam binary is built")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("poam runs")
}

/// Standard output of `poam ARGS…` run from the crate's folder; fails the test unless it
/// exits 0.
pub fn poam(args: &[&str]) -> String {
    let out = poam_output(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// `report` on the shipped example, as of 2026-11-26 with the Conditional date
/// 2026-09-15, so that every report format is tested on the same content.
pub const EXAMPLE_REPORT: [&str; 8] = [
    "report",
    "examples/poam.xlsx",
    "--ssp",
    "examples/ssp.xlsx",
    "--as-of",
    "2026-11-26",
    "--conditional-date",
    "2026-09-15",
];

/// Standard output of `poam report <the example> --format FORMAT EXTRA…` (exit 0).
pub fn example_report(format: &str, extra: &[&str]) -> String {
    poam(&[&EXAMPLE_REPORT[..], &["--format", format], extra].concat())
}
