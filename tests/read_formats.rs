//! The reader across formats and bad inputs, on the small fixtures in
//! tests/fixtures/read (made by make_fixtures.py there).

use chrono::NaiveDate;
use poam::io::cell::CellValue;
use poam::io::{load_poam, read_table, InputError, LoadOptions};
use poam::model::{DateValue, Field, Poam, SourceFormat};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/read")
        .join(name)
}

fn load_with(name: &str, sheet: Option<&str>) -> Result<Poam, InputError> {
    let opts = LoadOptions {
        sheet: sheet.map(str::to_owned),
        ..LoadOptions::default()
    };
    load_poam(&fixture(name), name, &opts)
}

fn load(name: &str) -> Poam {
    match load_with(name, None) {
        Ok(p) => p,
        Err(e) => panic!("{name} should load: {e}"),
    }
}

fn error(name: &str) -> InputError {
    match load_with(name, None) {
        Ok(p) => panic!("{name} should fail, read {} items", p.items.len()),
        Err(e) => e,
    }
}

fn date(y: i32, m: u32, d: u32) -> Option<DateValue> {
    NaiveDate::from_ymd_opt(y, m, d).map(DateValue::Date)
}

fn ids(p: &Poam) -> Vec<&str> {
    p.items.iter().filter_map(|i| i.id.as_deref()).collect()
}

fn rows(p: &Poam) -> Vec<u32> {
    p.items.iter().map(|i| i.row).collect()
}

// ---------------------------------------------------------------- CSV

#[test]
fn csv_with_bom_reads_the_first_header_cell_and_keeps_unknown_columns() {
    let p = load("bom_unknown_columns.csv");
    assert_eq!(p.format, SourceFormat::Csv);
    assert_eq!(p.sheet, None);
    assert_eq!(p.header_row, 1);
    // Without stripping the BOM, "\u{feff}POAM ID" would not map to the id.
    assert_eq!(p.columns.column(Field::Id), Some(0));
    assert_eq!(ids(&p), vec!["P-1", "P-2"]);
    assert_eq!(
        p.columns.unknown,
        vec![(3, "Ticket".to_owned()), (5, "Cost Centre".to_owned())]
    );
    assert_eq!(
        p.items[0].extra,
        vec![(3, "JIRA-7".to_owned()), (5, "CC-100".to_owned())]
    );
    assert!(p.items[1].extra.is_empty());
}

#[test]
fn semicolon_csv_is_sniffed_from_the_header() {
    let p = load("semicolon.csv");
    assert_eq!(ids(&p), vec!["S-1", "S-2"]);
    assert_eq!(p.items[0].control_text.as_deref(), Some("3.1.1, 3.1.2"));
    assert_eq!(
        p.items[0].weakness.as_deref(),
        Some("Accounts, groups and roles not reviewed")
    );
    assert_eq!(p.columns.column(Field::Status), Some(4));
}

#[test]
fn crlf_csv_with_multi_line_cells_numbers_items_by_their_first_line() {
    let p = load("crlf_multiline.csv");
    assert_eq!(ids(&p), vec!["C-0", "C-1", "C-2"]);
    assert_eq!(rows(&p), vec![2, 3, 5]);
}

#[test]
fn short_records_read_missing_cells_as_empty() {
    let p = load("short_records.csv");
    assert_eq!(ids(&p), vec!["R-1", "R-2"]);
    assert_eq!(p.items[0].weakness, None);
    assert_eq!(p.items[0].status, None);
    assert_eq!(p.items[1].weakness.as_deref(), Some("Weak passwords"));
}

// ---------------------------------------------------------------- workbooks

#[test]
fn xlsx_in_the_1904_date_system() {
    let p = load("date1904.xlsx");
    assert_eq!(p.format, SourceFormat::Xlsx);
    let item = &p.items[0];
    // A date-formatted cell: calamine applies the workbook's date system.
    assert_eq!(item.start, date(2026, 3, 1));
    // A serial typed into a General cell: 42735 counted from 1904 is 2021-01-01.
    assert_eq!(item.completion, date(2021, 1, 1));
}

#[test]
fn error_cells_arrive_as_errors() {
    let table = read_table(
        &fixture("date1904.xlsx"),
        "date1904.xlsx",
        None,
        &|h: &str| (h == "POAM ID").then_some(0),
        &[0],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(table.date1904);
    assert_eq!(table.rows.len(), 2);
    assert_eq!(table.rows[1].get(3), &CellValue::Error("#N/A".to_owned()));
    assert_eq!(table.rows[0].get(3), &CellValue::Number(42735.0));
}

#[test]
fn header_on_row_5_under_a_title_block() {
    let p = load("title_rows.xlsx");
    assert_eq!(p.sheet.as_deref(), Some("POA&M"));
    assert_eq!(p.header_row, 5);
    assert_eq!(ids(&p), vec!["T-1", "T-2"]);
    assert_eq!(rows(&p), vec![6, 8]);
    assert_eq!(p.items[1].completion, date(2026, 7, 31));
}

#[test]
fn the_sheet_whose_header_matches_best_is_chosen() {
    let p = load("two_sheets.xlsx");
    assert_eq!(p.sheet.as_deref(), Some("Tracker"));
    assert_eq!(ids(&p), vec!["W-1", "W-2", "W-3"]);
    assert!(p.notes.is_empty(), "notes: {:?}", p.notes);
}

#[test]
fn sheet_option_reads_the_named_sheet() {
    let p = load_with("two_sheets.xlsx", Some("Lists")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.sheet.as_deref(), Some("Lists"));
    assert_eq!(p.items.len(), 1);
    assert_eq!(p.items[0].id.as_deref(), Some("x"));
}

#[test]
fn sheet_option_naming_no_sheet_lists_the_sheets() {
    let e = load_with("two_sheets.xlsx", Some("POAM")).err();
    let message = e.map(|e| e.to_string()).unwrap_or_default();
    assert_eq!(
        message,
        "two_sheets.xlsx has no sheet named 'POAM'; its sheets are 'Lists', 'Tracker'"
    );
}

#[test]
fn an_empty_chosen_sheet_names_the_sheet_with_items() {
    let p = load("empty_first_sheet.xlsx");
    assert_eq!(p.sheet.as_deref(), Some("POA&M"));
    assert!(p.items.is_empty());
    assert_eq!(
        p.notes,
        vec![
            "sheet 'POA&M' has no items; sheet 'Example Items' has 2 — use --sheet 'Example Items'"
        ]
    );
}

#[test]
fn ods_dates_and_header_row() {
    let p = load("poam.ods");
    assert_eq!(p.format, SourceFormat::Ods);
    assert_eq!(p.sheet.as_deref(), Some("POAM"));
    assert_eq!(p.header_row, 2);
    assert_eq!(ids(&p), vec!["O-1", "O-2"]);
    assert_eq!(p.items[0].completion, date(2026, 6, 30));
    assert_eq!(p.items[1].completion, date(2026, 7, 31));
}

#[test]
fn xls_workbook() {
    let p = load("poam.xls");
    assert_eq!(p.format, SourceFormat::Xls);
    assert_eq!(p.sheet.as_deref(), Some("POA&M"));
    assert_eq!(ids(&p), vec!["X-1", "X-2"]);
    assert_eq!(p.items[0].completion, date(2026, 6, 30));
}

// ---------------------------------------------------------------- bad inputs

fn assert_message(e: &InputError, starts: &str, contains: &str) {
    let message = e.to_string();
    assert!(message.starts_with(starts), "{message}");
    assert!(message.contains(contains), "{message}");
    assert!(!message.contains('\n'), "one sentence: {message}");
}

#[test]
fn missing_file() {
    let e = error("no-such-file.xlsx");
    assert!(matches!(e, InputError::NotFound { .. }), "{e:?}");
    assert_message(&e, "no-such-file.xlsx: no such file", "check the path");
}

#[test]
fn a_directory() {
    let dir = fixture("");
    let e = load_poam(&dir, "tests/fixtures/read", &LoadOptions::default()).err();
    let e = e.unwrap_or_else(|| panic!("a folder must be refused"));
    assert!(matches!(e, InputError::IsDirectory { .. }), "{e:?}");
    assert_message(&e, "tests/fixtures/read is a folder", ".xlsx");
}

#[test]
fn an_empty_file() {
    let e = error("empty.csv");
    assert!(matches!(e, InputError::Empty { .. }), "{e:?}");
    assert_message(&e, "empty.csv is empty", "save the file again");
}

#[test]
fn markdown_with_an_xlsx_name() {
    let e = error("markdown.xlsx");
    assert!(matches!(e, InputError::NotAWorkbook { .. }), "{e:?}");
    assert_message(
        &e,
        "markdown.xlsx has a .xlsx name but is not a spreadsheet",
        "Markdown",
    );
}

#[test]
fn a_truncated_xlsx_is_corrupt() {
    let e = error("truncated.xlsx");
    assert!(matches!(e, InputError::Corrupt { .. }), "{e:?}");
    assert_message(&e, "truncated.xlsx is damaged", "save a new copy");
}

#[test]
fn an_ole_container_with_an_xlsx_name_is_encrypted() {
    let e = error("encrypted.xlsx");
    assert!(matches!(e, InputError::Encrypted { .. }), "{e:?}");
    assert_message(
        &e,
        "encrypted.xlsx is password-protected",
        "remove the password",
    );
}

#[test]
fn a_windows_1252_csv_names_the_line_and_byte() {
    let e = error("latin1.csv");
    match &e {
        InputError::NotUtf8 { line, byte, .. } => {
            assert_eq!(*line, 3);
            // 1-based: the 50th byte is "ü" of "Müller" (0xFC in Windows-1252).
            assert_eq!(*byte, 50);
        }
        other => panic!("expected NotUtf8, got {other:?}"),
    }
    assert_message(
        &e,
        "latin1.csv is not UTF-8 text (line 3, byte 50)",
        "CSV UTF-8",
    );
}

#[test]
fn a_utf16_csv() {
    let e = error("utf16.csv");
    assert!(matches!(e, InputError::Utf16 { .. }), "{e:?}");
    assert_message(&e, "utf16.csv is UTF-16 text", "CSV UTF-8");
}

#[test]
fn no_recognisable_header() {
    let e = error("no_header.xlsx");
    assert!(matches!(e, InputError::NoHeader { .. }), "{e:?}");
    assert_message(
        &e,
        "no_header.xlsx: no header row found in the first 30 rows of sheet 'Notes'",
        "'POA&M ID'",
    );
    let e = error("no_header.csv");
    assert_message(
        &e,
        "no_header.csv: no header row found in the first 30 rows of the file",
        "'Control'",
    );
}

#[test]
fn an_unsupported_extension_lists_the_formats() {
    let e = error("notes.txt");
    assert!(matches!(e, InputError::UnsupportedFormat { .. }), "{e:?}");
    assert_message(
        &e,
        "notes.txt: .txt files are not supported",
        ".xlsx, .xlsm, .xlsb, .xls, .ods or .csv",
    );
}
