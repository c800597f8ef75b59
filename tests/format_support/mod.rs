//! Shared helpers for the `format_*` tests: run `poam validate` on the fixture and read the
//! JSON findings that every other format must agree with.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The fixture, as given on the command line (relative to the crate root, where the
/// binary runs): the formats must echo the path exactly as given.
pub const FIXTURE: &str = "tests/fixtures/format/poam.csv";
/// A POA&M with findings about the whole file: a 3.12.4 item (no score can be given) and
/// no resources or evidence column (findings on the header line).
pub const WHOLE_FIXTURE: &str = "tests/fixtures/format/whole-poam.csv";
/// Fixed "today", so that date rules give the same findings every day.
pub const AS_OF: &str = "2026-03-01";

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `poam validate FILE --as-of AS_OF EXTRA…`, run from the crate root.
pub fn validate(file: &str, extra: &[&str]) -> Output {
    let mut cmd = assert_cmd::Command::cargo_bin("poam").expect("the poam binary is built");
    cmd.current_dir(root())
        .arg("validate")
        .arg(file)
        .args(["--as-of", AS_OF])
        .args(extra);
    cmd.output().expect("poam runs")
}

/// Standard output of `poam validate FILE --format FORMAT`, asserting exit 1 (the fixture
/// has error findings) and no panic.
pub fn validate_stdout(file: &str, format: &str) -> String {
    let out = validate(file, &["--format", format]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "expected exit 1 for {file} --format {format}; stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The JSON report (PRODUCT.md §5), the reference every other format is checked against.
pub fn json_report(file: &str) -> Value {
    serde_json::from_str(&validate_stdout(file, "json")).expect("valid JSON")
}

/// The findings of the JSON report.
pub fn json_findings(file: &str) -> Vec<Value> {
    json_report(file)["findings"]
        .as_array()
        .cloned()
        .expect("findings is an array")
}

/// The one JSON finding of `rule` on item `item`.
pub fn json_finding(findings: &[Value], rule: &str, item: &str) -> Value {
    let hits: Vec<&Value> = findings
        .iter()
        .filter(|f| f["rule"] == rule && f["item"] == item)
        .collect();
    assert_eq!(
        hits.len(),
        1,
        "expected one {rule} finding on {item}, got {hits:?}"
    );
    hits[0].clone()
}

/// The fixture's text with its data lines in another order (the header stays first).
pub fn fixture_with_lines_reversed() -> String {
    let text = std::fs::read_to_string(root().join(FIXTURE)).expect("fixture exists");
    let mut lines: Vec<&str> = text.lines().collect();
    lines[1..].reverse();
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// Write `text` to `dir/name` and return the path as a string.
pub fn write_file(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("temp file written");
    path.to_string_lossy().into_owned()
}

/// The fixture's rows as a one-sheet workbook whose sheet is named `sheet`.
pub fn fixture_as_workbook(dir: &Path, sheet: &str) -> String {
    let text = std::fs::read_to_string(root().join(FIXTURE)).expect("fixture exists");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).expect("valid sheet name");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    for (r, record) in reader.records().enumerate() {
        let record = record.expect("fixture is valid CSV");
        for (c, value) in record.iter().enumerate() {
            if !value.is_empty() {
                ws.write_string(r as u32, c as u16, value)
                    .expect("cell written");
            }
        }
    }
    let path = dir.join("poam.xlsx");
    book.save(&path).expect("workbook saved");
    path.to_string_lossy().into_owned()
}
