//! Shared by the write-back tests (`write_*.rs`, `evidence_*.rs`): a POA&M workbook made
//! here with rust_xlsxwriter, copies of fixtures in a temporary folder, running `poam` in
//! that folder, and reading the results back (calamine, the zip's raw entries, JSON).

#![allow(dead_code)] // each test crate uses a different part of this module

use assert_cmd::Command;
use calamine::{open_workbook, Data, Reader, Xlsx};
use chrono::NaiveDate;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Formula, Workbook};
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The POA&M workbook's header (row 1 of sheet `POA&M`), columns A … N.
pub const HEADER: [&str; 14] = [
    "POA&M ID",
    "Control",
    "Weakness",
    "Severity",
    "Remediation Plan",
    "Owner",
    "Resources Required",
    "Start Date",
    "Milestones",
    "Scheduled Completion Date",
    "Status",
    "Status Date",
    "Verification Evidence",
    "Comments",
];

/// Column letters of the fields the tests edit.
pub const STATUS: &str = "K";
pub const STATUS_DATE: &str = "L";
pub const EVIDENCE: &str = "M";

/// A small POA&M as rust_xlsxwriter writes it: sheet `POA&M` (three items on rows 2–4, real
/// date cells, a formula in P2), sheet `Notes`. Byte-stable (fixed creation date).
pub fn make_workbook(path: &Path) {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let bold = Format::new().set_bold();
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).expect("a valid date");
    let ws = wb.add_worksheet();
    ws.set_name("POA&M").expect("sheet name");
    for (col, h) in (0u16..).zip(HEADER) {
        ws.write_string_with_format(0, col, h, &bold)
            .expect("header");
    }
    let rows = [
        (
            "POAM-001",
            "3.1.8",
            "Lockout threshold is 0 on shop-floor PCs",
            "Set lockout threshold 5 by GPO on the ShopFloor OU; verify with gpresult",
            "Marcus Lee",
            d(2027, 1, 15),
            "Open",
            "",
        ),
        (
            "POAM-002",
            "3.1.10",
            "Session lock disabled on 6 CAD PCs",
            "Apply a 15-minute inactivity lock by GPO to the Engineering OU",
            "Dana Whitfield",
            d(2026, 12, 18),
            "In Progress",
            "",
        ),
        (
            "POAM-003",
            "3.3.8",
            "Audit logs writable by local admins",
            "Forward logs to the SIEM and restrict the local log ACL",
            "Kevin Ortiz",
            d(2026, 10, 1),
            "Closed",
            "evidence/AU/siem-forwarding.pdf",
        ),
    ];
    for (r, (id, control, weakness, remediation, owner, completion, status, evidence)) in
        (1u32..).zip(rows)
    {
        ws.write_string(r, 0, id).expect("id");
        ws.write_string(r, 1, control).expect("control");
        ws.write_string(r, 2, weakness).expect("weakness");
        ws.write_string(r, 3, "Low").expect("severity");
        ws.write_string(r, 4, remediation).expect("remediation");
        ws.write_string(r, 5, owner).expect("owner");
        ws.write_string(r, 6, "4 staff-hours").expect("resources");
        ws.write_datetime_with_format(r, 7, d(2026, 9, 1), &date)
            .expect("start");
        ws.write_string(r, 8, "2026-12-01: GPO approved")
            .expect("milestones");
        ws.write_datetime_with_format(r, 9, completion, &date)
            .expect("completion");
        ws.write_string(r, 10, status).expect("status");
        ws.write_datetime_with_format(r, 11, d(2026, 11, 20), &date)
            .expect("status date");
        if !evidence.is_empty() {
            ws.write_string(r, 12, evidence).expect("evidence");
        }
    }
    ws.write_formula(1, 15, Formula::new("=LEN(C2)").set_result("40"))
        .expect("formula");
    let notes = wb.add_worksheet();
    notes.set_name("Notes").expect("sheet name");
    notes.write_string(0, 0, "Reviewed monthly").expect("note");
    let created = ExcelDateTime::from_ymd(2026, 1, 1).expect("date");
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    wb.save(path).expect("the workbook is written");
}

/// A fresh temporary folder.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// Copy `tests/fixtures/<relative>` into `dir` under its own name; the copy's path.
pub fn copy_fixture(relative: &str, dir: &Path) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative);
    let name = from.file_name().expect("a file name").to_owned();
    let to = dir.join(name);
    std::fs::copy(&from, &to).expect("fixture copied");
    to
}

/// `poam ARGS…` run inside `dir` (so file names in messages are the relative names).
pub fn poam(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("poam")
        .expect("the poam binary is built")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("poam runs")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Assert success (exit 0) and return stdout.
pub fn ok(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "stdout: {}\nstderr: {}",
        stdout(out),
        stderr(out)
    );
    stdout(out)
}

/// Assert that `poam ARGS…` in `dir` is refused: exit 2, a message naming `file`, and
/// `file` byte-identical afterwards. Returns stderr.
pub fn assert_refused(dir: &Path, file: &str, args: &[&str]) -> String {
    let before = std::fs::read(dir.join(file)).expect("the file exists");
    let out = poam(dir, args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: stderr {err}");
    assert!(
        err.contains(file),
        "{args:?}: the message names {file}: {err}"
    );
    let after = std::fs::read(dir.join(file)).expect("the file still exists");
    assert!(before == after, "{args:?}: {file} changed although refused");
    assert!(
        !dir.join(format!("{file}.bak")).exists(),
        "{args:?}: no backup on refusal"
    );
    err
}

/// `poam validate FILE --format json --as-of 2026-11-27 [extra…]` in `dir`, parsed.
pub fn validate_json(dir: &Path, file: &str, extra: &[&str]) -> Value {
    let mut args = vec![
        "validate",
        file,
        "--format",
        "json",
        "--as-of",
        "2026-11-27",
    ];
    args.extend_from_slice(extra);
    let out = poam(dir, &args);
    assert!(
        matches!(out.status.code(), Some(0) | Some(1)),
        "validate exited {:?}: {}",
        out.status.code(),
        stderr(&out)
    );
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

/// `rule@cell` of every finding, in order, optionally only of some rules.
pub fn finding_places(json: &Value, rules: &[&str]) -> Vec<String> {
    json["findings"]
        .as_array()
        .map(|all| {
            all.iter()
                .filter(|f| rules.is_empty() || rules.iter().any(|r| f["rule"] == *r))
                .map(|f| {
                    format!(
                        "{}@{}",
                        f["rule"].as_str().unwrap_or("?"),
                        f["location"]["cell"]
                            .as_str()
                            .map_or_else(|| f["location"]["row"].to_string(), str::to_owned)
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A cell of a sheet as calamine reads it, as text (dates as YYYY-MM-DD).
pub fn cell(path: &Path, sheet: &str, a1: &str) -> String {
    let mut wb: Xlsx<_> = open_workbook(path).expect("calamine opens the workbook");
    let range = wb.worksheet_range(sheet).expect("the sheet is read");
    let (row, col) = parse_a1(a1);
    match range.get_value((row, col)) {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => s.clone(),
        Some(Data::DateTime(dt)) => dt
            .as_datetime()
            .map(|d| d.date().format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        Some(other) => other.to_string(),
    }
}

/// `K12` → (11, 10), 0-based.
pub fn parse_a1(a1: &str) -> (u32, u32) {
    let letters: String = a1.chars().take_while(char::is_ascii_alphabetic).collect();
    let digits = &a1[letters.len()..];
    let col = letters
        .bytes()
        .fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A' + 1))
        - 1;
    let row: u32 = digits.parse().expect("a row number");
    (row - 1, col)
}

/// Every zip entry: (name, raw compressed bytes, CRC-32), in archive order.
pub fn raw_entries(path: &Path) -> Vec<(String, Vec<u8>, u32)> {
    let file = std::fs::File::open(path).expect("the workbook opens");
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index_raw(i).expect("an entry");
            let name = entry.name().expect("a name").to_string();
            let crc = entry.crc32();
            let mut raw = Vec::new();
            entry.read_to_end(&mut raw).expect("raw bytes");
            (name, raw, crc)
        })
        .collect()
}

/// The names of the entries whose raw bytes differ; asserts the names and order are kept.
pub fn changed_entries(before: &Path, after: &Path) -> Vec<String> {
    let a = raw_entries(before);
    let b = raw_entries(after);
    let names_a: Vec<&str> = a.iter().map(|e| e.0.as_str()).collect();
    let names_b: Vec<&str> = b.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(names_a, names_b, "entry names and order are kept");
    a.iter()
        .zip(&b)
        .filter(|(x, y)| x.1 != y.1 || x.2 != y.2)
        .map(|(x, _)| x.0.clone())
        .collect()
}

/// Copy `from` to `to` and make the copy writable (files under ../shared are read-only,
/// and a copy keeps the permissions).
pub fn copy_writable(from: &Path, to: &Path) {
    std::fs::copy(from, to).expect("file copied");
    let mut perms = std::fs::metadata(to).expect("copied").permissions();
    #[allow(clippy::permissions_set_readonly_false)] // a test's own temporary copy
    perms.set_readonly(false);
    std::fs::set_permissions(to, perms).expect("made writable");
}

/// The FedRAMP template (../shared/realworld/fedramp), copied writable into `dir` as
/// `fedramp.xlsx`; None, after printing why, when ../shared is absent.
pub fn fedramp_copy(dir: &Path) -> Option<PathBuf> {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/realworld/fedramp/FedRAMP-POAM-Template.xlsx");
    if !from.is_file() {
        println!("skipped: ../shared is absent");
        return None;
    }
    let to = dir.join("fedramp.xlsx");
    copy_writable(&from, &to);
    Some(to)
}
