//! Shared by the integration tests: run `poam validate` on a fixture and read its JSON.

#![allow(dead_code)] // each test crate uses a different part of this module

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

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

/// The findings of one rule.
pub fn findings<'a>(json: &'a Value, rule: &str) -> Vec<&'a Value> {
    json["findings"]
        .as_array()
        .map(|all| all.iter().filter(|f| f["rule"] == rule).collect())
        .unwrap_or_default()
}

/// Where each finding of `rule` points, as `row:cell` (`-` for null): `["2:J2", "-:-"]`.
pub fn places(json: &Value, rule: &str) -> Vec<String> {
    findings(json, rule)
        .iter()
        .map(|f| {
            let row = f["location"]["row"]
                .as_u64()
                .map_or("-".to_owned(), |r| r.to_string());
            let cell = f["location"]["cell"].as_str().unwrap_or("-");
            format!("{row}:{cell}")
        })
        .collect()
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
