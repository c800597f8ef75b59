//! Unusable inputs through the binary: `poam validate` exits 2 and its one-line message
//! on stderr names the file (PRODUCT.md §5 exit codes).

use assert_cmd::Command;
use predicates::prelude::*;

const DIR: &str = "tests/fixtures/read";

fn validate(args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("poam")
        .unwrap_or_else(|e| panic!("poam binary: {e}"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("validate")
        .args(args)
        .assert()
}

fn refused(file: &str, says: &str) {
    let path = format!("{DIR}/{file}");
    validate(&[&path])
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(path.as_str()))
        .stderr(predicate::str::contains(says));
}

#[test]
fn missing_file_exits_2() {
    refused("no-such-file.xlsx", "no such file");
}

#[test]
fn folder_exits_2() {
    validate(&[DIR])
        .code(2)
        .stderr(predicate::str::contains(format!("{DIR} is a folder")));
}

#[test]
fn empty_file_exits_2() {
    refused("empty.csv", "is empty");
}

#[test]
fn markdown_named_xlsx_exits_2() {
    refused("markdown.xlsx", "is not a spreadsheet");
}

#[test]
fn truncated_xlsx_exits_2() {
    refused("truncated.xlsx", "is damaged");
}

#[test]
fn encrypted_xlsx_exits_2() {
    refused("encrypted.xlsx", "password-protected");
}

#[test]
fn non_utf8_csv_exits_2() {
    refused("latin1.csv", "line 3, byte 50");
}

#[test]
fn utf16_csv_exits_2() {
    refused("utf16.csv", "UTF-16");
}

#[test]
fn no_header_exits_2() {
    refused("no_header.xlsx", "no header row found");
}

#[test]
fn unsupported_extension_exits_2() {
    refused("notes.txt", ".txt files are not supported");
}

#[test]
fn unknown_sheet_exits_2() {
    let path = format!("{DIR}/two_sheets.xlsx");
    validate(&[&path, "--sheet", "Nope"])
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{path} has no sheet named 'Nope'; its sheets are 'Lists', 'Tracker'"
        )));
}
