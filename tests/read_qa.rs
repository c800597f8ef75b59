//! QA findings on reading, through the binary: each test names the finding it covers and
//! asserts exit codes, items, notes and the exact rows and cells of findings. Fixtures are
//! in tests/fixtures/read (made by `qa_fixtures` in make_fixtures.py there).

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

const DIR: &str = "tests/fixtures/read";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR).join(name)
}

/// `poam ARGS…` run in `dir`: (exit code, stdout, stderr).
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::cargo_bin("poam")
        .unwrap_or_else(|e| panic!("poam binary: {e}"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("poam runs: {e}"));
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `poam ARGS…` run from the crate's folder.
fn run(args: &[&str]) -> (i32, String, String) {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// `poam validate tests/fixtures/read/NAME --format json --as-of AS_OF --no-config EXTRA…`:
/// (exit code, report).
fn validate(name: &str, as_of: &str, extra: &[&str]) -> (i32, Value) {
    let file = format!("{DIR}/{name}");
    let mut args = vec![
        "validate",
        &file,
        "--format",
        "json",
        "--as-of",
        as_of,
        "--no-config",
    ];
    args.extend_from_slice(extra);
    let (code, out, err) = run(&args);
    let json = serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("{name}: not JSON ({e}), exit {code}: {out}{err}"));
    (code, json)
}

fn total(json: &Value) -> u64 {
    json["items"]["total"].as_u64().unwrap_or(u64::MAX)
}

fn notes(json: &Value) -> Vec<String> {
    json["notes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|n| n.as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Where each finding of `rule` points, as `row:cell` (`-` for null).
fn places(json: &Value, rule: &str) -> Vec<String> {
    json["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["rule"] == rule)
        .map(|f| {
            let row = f["location"]["row"]
                .as_u64()
                .map_or("-".to_owned(), |r| r.to_string());
            let cell = f["location"]["cell"].as_str().unwrap_or("-");
            format!("{row}:{cell}")
        })
        .collect()
}

/// A copy of a fixture in a fresh temporary folder, for commands that write.
fn copy_to_temp(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let path = dir.path().join(name);
    std::fs::copy(fixture(name), &path).unwrap_or_else(|e| panic!("copy {name}: {e}"));
    (dir, path)
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

// ------------------------------------------------------------- 1. CR-only line endings

#[test]
fn a_cr_only_csv_is_read_item_by_item() {
    let (code, json) = validate("mac_cr_only.csv", "2026-11-26", &[]);
    assert_eq!(total(&json), 2, "every CR ends a line");
    // Both items are open with no completion date: errors, so exit 1 (not a clean pass).
    assert_eq!(code, 1);
    assert_eq!(places(&json, "completion-missing"), ["2:-", "3:-"]);
    assert_eq!(
        places(&json, "missing-column")[0],
        "1:-",
        "header on line 1"
    );
    assert_eq!(notes(&json), Vec::<String>::new());
}

#[test]
fn set_edits_a_cr_only_csv_keeping_its_line_endings() {
    let (dir, path) = copy_to_temp("mac_cr_only.csv");
    let (code, out, err) = run_in(
        dir.path(),
        &[
            "set",
            "mac_cr_only.csv",
            "2",
            "--status",
            "In Progress",
            "--as-of",
            "2026-11-26",
        ],
    );
    assert_eq!(code, 0, "{err}");
    // Item 2 starts on line 3: each CR ends a line, as the reader counts them.
    assert!(
        out.contains("line 3 column C: \"Open\" → \"In Progress\""),
        "{out}"
    );
    assert_eq!(
        bytes(&path),
        b"POA&M ID,Control,Status\r1,3.1.3,Open\r2,3.1.4,In Progress\r"
    );
}

// ------------------------------------------------------------- 2. line numbers

#[test]
fn blank_lines_between_records_keep_their_line_numbers() {
    let (code, json) = validate(
        "blank_lines.csv",
        "2026-11-26",
        &["--select", "owner-missing"],
    );
    assert_eq!(code, 1, "owner-missing is an error");
    assert_eq!(places(&json, "owner-missing"), ["2:D2", "5:D5"]);
    let (_, json) = validate(
        "blank_lines_crlf.csv",
        "2026-11-26",
        &["--select", "owner-missing"],
    );
    assert_eq!(places(&json, "owner-missing"), ["2:D2", "4:D4"]);
}

#[test]
fn blank_lines_above_the_header_count() {
    let (_, json) = validate("leading_blank_lines.csv", "2026-11-26", &[]);
    assert_eq!(total(&json), 1);
    assert_eq!(places(&json, "owner-missing"), ["33:D33"]);
    let (_, out, _) = run(&[
        "validate",
        &format!("{DIR}/leading_blank_lines.csv"),
        "--no-config",
        "--as-of",
        "2026-11-26",
    ]);
    assert!(out.contains("header on line 32"), "{out}");
}

#[test]
fn set_edits_the_record_on_the_line_the_reader_reported() {
    let (dir, path) = copy_to_temp("blank_lines.csv");
    let (code, out, err) = run_in(dir.path(), &["set", "blank_lines.csv", "2", "--owner", "X"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        bytes(&path),
        b"POA&M ID,Control,Status,Owner\n1,3.1.3,Open,\n\n\n2,3.1.4,Open,X\n"
    );
    let (dir, path) = copy_to_temp("leading_blank_lines.csv");
    let (code, out, err) = run_in(
        dir.path(),
        &["set", "leading_blank_lines.csv", "1", "--owner", "Y"],
    );
    assert_eq!(code, 0, "{out}{err}");
    let expected = format!(
        "{}POA&M ID,Control,Status,Owner\n1,3.1.3,Open,Y\n",
        "\n".repeat(31)
    );
    assert_eq!(bytes(&path), expected.as_bytes());
}

// ------------------------------------------------------------- 3. --sheet on a CSV

#[test]
fn sheet_on_a_csv_is_refused_on_both_load_paths() {
    let file = format!("{DIR}/blank_lines.csv");
    let expected = format!("{file} is a CSV file, which has no sheets; leave out --sheet");
    // Streamed, and loaded whole (--previous needs every item).
    for extra in [&[][..], &["--previous", file.as_str()][..]] {
        let mut args = vec!["validate", &file, "--no-config", "--sheet", "Nope"];
        args.extend_from_slice(extra);
        let (code, out, err) = run(&args);
        assert_eq!(code, 2, "{extra:?}: {out}{err}");
        assert!(out.is_empty(), "{out}");
        assert!(err.contains(&expected), "{extra:?}: {err}");
    }
}

#[test]
fn set_and_add_with_sheet_on_a_csv_change_nothing() {
    let (dir, path) = copy_to_temp("semicolon.csv");
    let before = bytes(&path);
    let (code, _, err) = run_in(
        dir.path(),
        &[
            "set",
            "semicolon.csv",
            "S-2",
            "--sheet",
            "Nope",
            "--owner",
            "X",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("which has no sheets; leave out --sheet"),
        "{err}"
    );
    assert_eq!(bytes(&path), before);
    let (code, _, err) = run_in(
        dir.path(),
        &[
            "add",
            "semicolon.csv",
            "--sheet",
            "Nope",
            "--id",
            "3",
            "--control",
            "3.1.5",
            "--weakness",
            "w",
            "--remediation",
            "r",
            "--owner",
            "o",
            "--completion",
            "2026-12-31",
            "--status",
            "Open",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert_eq!(bytes(&path), before);
}

// ------------------------------------------------------------- 4. workbooks with another's name

#[test]
fn an_ods_named_xlsx_is_read_as_ods() {
    let (_, json) = validate("ods_named.xlsx", "2026-11-26", &[]);
    let (_, real) = validate("poam.ods", "2026-11-26", &[]);
    assert_eq!(total(&json), 2);
    assert_eq!(json["findings"], real["findings"]);
    assert_eq!(
        notes(&json),
        [
            "tests/fixtures/read/ods_named.xlsx has a .xlsx name but is an ODS spreadsheet; \
          it was read as one"
        ]
    );
}

#[test]
fn an_xlsx_named_ods_is_read_as_xlsx() {
    let (_, json) = validate("xlsx_named.ods", "2026-11-26", &[]);
    let (_, real) = validate("title_rows.xlsx", "2026-11-26", &[]);
    assert_eq!(total(&json), 2);
    assert_eq!(json["findings"], real["findings"]);
    assert_eq!(
        notes(&json),
        [
            "tests/fixtures/read/xlsx_named.ods has a .ods name but is an XLSX workbook; \
          it was read as one"
        ]
    );
}

#[test]
fn a_damaged_workbook_is_named_with_the_right_article() {
    let (code, _, err) = run(&["validate", &format!("{DIR}/truncated.xlsx")]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot be read as an XLSX workbook"), "{err}");
}

// ------------------------------------------------------------- 5. no extension

#[test]
fn files_without_an_extension_are_read_by_their_content() {
    let (_, json) = validate("xlsx_no_extension", "2026-11-26", &[]);
    assert_eq!(total(&json), 2);
    assert_eq!(
        notes(&json),
        [
            "tests/fixtures/read/xlsx_no_extension has no extension; it was read as an XLSX \
          workbook"
        ]
    );
    let (_, json) = validate("csv_no_extension", "2026-11-26", &[]);
    assert_eq!(total(&json), 2, "semicolon CSV text");
    assert_eq!(
        notes(&json),
        ["tests/fixtures/read/csv_no_extension has no extension; it was read as CSV text"]
    );
    let file = format!("{DIR}/binary_no_extension");
    let (code, out, err) = run(&["validate", &file]);
    assert_eq!(code, 2, "{out}");
    assert!(
        err.contains(&format!(
            "{file} has no extension and is not a spreadsheet (its content is neither a zip \
             package nor an Excel 97 file); save it as .xlsx, .xlsm, .xlsb, .xls, .ods or .csv"
        )),
        "{err}"
    );
}

// ------------------------------------------------------------- 6. tab-delimited CSV

#[test]
fn a_tab_delimited_csv_is_read() {
    let (code, json) = validate(
        "tab_delimited.csv",
        "2026-11-26",
        &["--select", "owner-missing"],
    );
    assert_eq!(code, 1, "owner-missing is an error");
    assert_eq!(total(&json), 2);
    assert_eq!(places(&json, "owner-missing"), ["3:D3"]);
}

// ------------------------------------------------------------- 7. --ssp naming a folder

#[test]
fn an_ssp_folder_is_called_a_folder_where_an_ssp_was_expected() {
    let (code, out, err) = run(&["validate", "examples/poam.csv", "--no-config", "--ssp", DIR]);
    assert_eq!(code, 2, "{out}");
    assert!(
        err.contains(&format!(
            "{DIR} is a folder, not an SSP; give the path of an SSP file (.xlsx, .xlsm, .xlsb, \
             .xls, .ods or .csv)"
        )),
        "{err}"
    );
    let (code, _, err) = run(&["validate", DIR, "--no-config"]);
    assert_eq!(code, 2);
    assert!(
        err.contains(&format!("{DIR} is a folder, not a POA&M")),
        "{err}"
    );
}

// ------------------------------------------------------------- 8. note rows under the items

#[test]
fn note_rows_under_the_last_item_are_notes_not_items() {
    let (_, json) = validate("trailing_notes.csv", "2026-11-26", &[]);
    // N-2 has only an id and a weakness: still an item.
    assert_eq!(total(&json), 2);
    assert_eq!(places(&json, "status-missing"), ["3:F3"]);
    assert_eq!(
        notes(&json),
        [
            "row 5 looks like a note, not an item: \"Instructions: fill in one row per \
             weakness\"",
            "row 6 looks like a note, not an item: \"Prepared by J. Smith (ISSO), 2026-03-01\"",
        ]
    );
    let rows: Vec<u64> = json["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["location"]["row"].as_u64())
        .collect();
    assert!(
        rows.iter().all(|r| *r <= 3),
        "no finding on a note row: {rows:?}"
    );
}

// ------------------------------------------------------------- 9. --previous and [synonyms]

#[test]
fn previous_is_read_with_the_configured_synonyms() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let csv = "POA&M ID,Control,Weakness,Owner,Scheduled Completion Date,Status,Status Date,\
               Evidence\n\
               S-1,3.1.3,CUI flows to the guest VLAN,Alice Smith,2026-10-31,Shipped,2026-10-31,\
               TICKET-1\n\
               S-2,3.1.4,One administrator approves changes,Bob Jones,2027-01-31,Open,\
               2026-11-20,\n";
    let write = |name: &str, text: &str| {
        std::fs::write(dir.path().join(name), text).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    write("poam.toml", "[synonyms.status]\n\"Shipped\" = \"Closed\"\n");
    write("old.csv", csv);
    write("new.csv", csv);
    let (code, out, err) = run_in(
        dir.path(),
        &[
            "validate",
            "new.csv",
            "--previous",
            "old.csv",
            "--as-of",
            "2026-11-26",
            "--format",
            "json",
        ],
    );
    let json: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    assert_eq!(total(&json), 2);
    assert_eq!(json["items"]["closed"], 1, "Shipped reads as Closed");
    for rule in ["status-unknown", "status-changed-without-date", "reopened"] {
        assert_eq!(places(&json, rule), Vec::<String>::new(), "{rule}: {out}");
    }
    assert_eq!(code, 0, "{out}{err}");
}

// ------------------------------------------------------------- 10. dated milestone lines

#[test]
fn a_dated_line_in_a_numbered_milestone_list_is_its_own_milestone() {
    // Both milestones (2026-11-01 and 2026-11-15) are past on 2026-11-20.
    let (_, json) = validate(
        "milestone_dated_lines.csv",
        "2026-11-20",
        &["--select", "milestone-overdue"],
    );
    assert_eq!(places(&json, "milestone-overdue"), ["2:F2", "2:F2"]);
    // On 2026-11-10 only the first is.
    let (_, json) = validate(
        "milestone_dated_lines.csv",
        "2026-11-10",
        &["--select", "milestone-overdue"],
    );
    assert_eq!(places(&json, "milestone-overdue"), ["2:F2"]);
}
