//! `poam report --format xlsx -o FILE`: read back with calamine (values) and zip (charts,
//! conditional format, autofilter, frozen header, reproducible properties).

mod common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use std::io::Read;
use std::path::Path;

fn write_report(dir: &Path) -> std::path::PathBuf {
    write_report_with(dir, &[])
}

/// `poam report examples/poam.xlsx … --format xlsx -o DIR/report.xlsx EXTRA…`
fn write_report_with(dir: &Path, extra: &[&str]) -> std::path::PathBuf {
    let path = dir.join("report.xlsx");
    let path_text = path.to_str().expect("UTF-8 temp path");
    let stdout = common::example_report("xlsx", &[extra, &["-o", path_text]].concat());
    assert!(stdout.is_empty());
    path
}

fn zip_entry(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).expect("report exists");
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    let mut entry = zip
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} is in the workbook"));
    let mut text = String::new();
    entry.read_to_string(&mut text).expect("UTF-8 XML");
    text
}

fn text(d: Option<&Data>) -> String {
    match d {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::Int(i)) => i.to_string(),
        Some(Data::DateTime(d)) => d
            .as_datetime()
            .map(|d| d.date().to_string())
            .unwrap_or_default(),
        Some(other) => format!("{other:?}"),
        None => String::new(),
    }
}

#[test]
fn sheets_hold_the_summary_items_owners_and_findings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_report(dir.path());
    let mut wb: Xlsx<_> = open_workbook(&path).expect("calamine opens it");
    assert_eq!(wb.sheet_names(), ["Summary", "Items", "Owners", "Findings"]);

    let summary = wb.worksheet_range("Summary").expect("Summary");
    let value = |label: &str| -> String {
        let row = summary
            .rows()
            .find(|r| text(r.first()) == label)
            .unwrap_or_else(|| panic!("{label} row"));
        text(row.get(1))
    };
    assert_eq!(value("Score"), "93");
    assert_eq!(value("Conditional needs"), "88");
    assert_eq!(value("Verdict"), "Conditional Level 2: NOT reachable");
    assert_eq!(value("Closeout deadline"), "2027-03-14");
    assert_eq!(value("Days left"), "108");
    assert_eq!(value("Score of 110 expected"), "2027-04-30");
    assert_eq!(value("Open"), "12");
    assert_eq!(value("Overdue"), "1");
    // Status counts feed the pie chart from D4:E8.
    assert_eq!(text(summary.get_value((3, 3))), "Open");
    assert_eq!(text(summary.get_value((4, 4))), "7");
    assert_eq!(text(summary.get_value((3, 6))), "AC Access Control");

    let items = wb.worksheet_range("Items").expect("Items");
    assert_eq!(items.height(), 15, "header + 14 items");
    let mp = items
        .rows()
        .find(|r| text(r.first()) == "POAM-MP-001")
        .expect("POAM-MP-001");
    assert_eq!(text(mp.get(8)), "yes");
    assert_eq!(text(mp.get(9)), "2026-11-10");
    assert_eq!(text(mp.get(10)), "16");

    let owners = wb.worksheet_range("Owners").expect("Owners");
    assert_eq!(owners.height(), 8, "header + 7 owners");
    assert_eq!(text(owners.get_value((1, 0))), "Dana Whitfield, IT Manager");

    let findings = wb.worksheet_range("Findings").expect("Findings");
    assert_eq!(findings.height(), 11, "header + 10 findings");
}

#[test]
fn overdue_rows_are_highlighted_against_the_as_of_date_with_a_filter_and_frozen_header() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_report(dir.path());
    let items = zip_entry(&path, "xl/worksheets/sheet2.xml");
    assert!(items.contains("<autoFilter ref=\"A1:N15\"/>"), "autofilter");
    assert!(items.contains("state=\"frozen\""), "frozen header");
    assert!(items.contains("<conditionalFormatting sqref=\"A2:N15\">"));
    assert!(
        items.contains(
            "<formula>AND($I2=\"yes\",$J2&lt;&gt;\"\",$J2&lt;DATE(2026,11,26))</formula>"
        ),
        "overdue rule compares with the as-of date, not TODAY()"
    );
    assert!(!items.contains("TODAY()"));
    let chart1 = zip_entry(&path, "xl/charts/chart1.xml");
    assert!(chart1.contains("<c:pieChart>"));
    assert!(chart1.contains("Summary!$E$4:$E$8"));
    let chart2 = zip_entry(&path, "xl/charts/chart2.xml");
    assert!(chart2.contains("<c:barChart>"));
    let core = zip_entry(&path, "docProps/core.xml");
    assert!(
        core.contains("2026-11-26T00:00:00Z"),
        "creation time is the as-of date"
    );
}

#[test]
fn previous_adds_a_changes_sheet_with_every_kind_of_change() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_report_with(
        dir.path(),
        &["--previous", "tests/fixtures/report/previous.csv"],
    );
    let mut wb: Xlsx<_> = open_workbook(&path).expect("calamine opens it");
    assert_eq!(
        wb.sheet_names(),
        ["Summary", "Items", "Owners", "Findings", "Changes"]
    );
    let changes = wb.worksheet_range("Changes").expect("Changes");
    let rows: Vec<Vec<String>> = changes
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    c => text(Some(c)),
                })
                .collect()
        })
        .collect();
    assert_eq!(rows[0][0], "Since tests/fixtures/report/previous.csv");
    assert_eq!(
        rows[1][0],
        "1 new, 1 closed, 1 reopened, 1 removed without being closed, 1 slipped, \
         1 other field changes"
    );
    assert_eq!(
        rows[3],
        [
            "Change",
            "Item",
            "Requirement",
            "Owner",
            "Field",
            "Before",
            "After",
            "Days later",
            "Change recorded",
            "Evidence"
        ]
    );
    let body: Vec<Vec<&str>> = rows[4..]
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(
        body,
        [
            vec![
                "new",
                "POAM-SC-002",
                "3.13.9 Connections Termination",
                "Kevin Ortiz (Bluewater Technology Partners)",
                "",
                "",
                "",
                "",
                "",
                ""
            ],
            vec![
                "closed",
                "POAM-AC-001",
                "3.1.8 Unsuccessful Logon Attempts",
                "Marcus Lee, Systems Administrator",
                "",
                "",
                "",
                "",
                "",
                "evidence/AC/3.1.8-lockout-gpo.png\nevidence/AC/3.1.8-gpresult-WS-CNC-04.txt"
            ],
            vec![
                "reopened",
                "POAM-IA-002",
                "3.5.8 Password Reuse",
                "Marcus Lee, Systems Administrator",
                "",
                "",
                "",
                "",
                "",
                ""
            ],
            vec![
                "removed without being closed",
                "POAM-PE-001",
                "3.10.6 Alternative Work Sites",
                "Priya Raman, Facility Security Officer",
                "",
                "",
                "",
                "",
                "",
                ""
            ],
            vec![
                "slipped",
                "POAM-MP-001",
                "3.8.9 Protect Backups",
                "",
                "completion date",
                "2026-10-31",
                "2026-11-10",
                "10",
                "no",
                ""
            ],
            vec![
                "field changed",
                "POAM-IA-002",
                "",
                "",
                "evidence",
                "evidence/IA/3.5.8-password-policy.png",
                "",
                "",
                "",
                ""
            ],
        ]
    );
    let sheet = zip_entry(&path, "xl/worksheets/sheet5.xml");
    assert!(sheet.contains("<autoFilter ref=\"A4:J10\"/>"), "{sheet}");
    assert!(sheet.contains("state=\"frozen\""), "frozen header");
}

#[test]
fn without_previous_there_is_no_changes_sheet() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_report(dir.path());
    let wb: Xlsx<_> = open_workbook(&path).expect("calamine opens it");
    assert!(!wb.sheet_names().iter().any(|n| n == "Changes"));
}

#[test]
fn owners_sheet_lists_the_items_a_person_only_supports() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("owners.xlsx");
    common::poam(&[
        "report",
        "tests/fixtures/report/supporting.csv",
        "--as-of",
        "2026-11-26",
        "--format",
        "xlsx",
        "-o",
        path.to_str().expect("UTF-8 temp path"),
    ]);
    let mut wb: Xlsx<_> = open_workbook(&path).expect("calamine opens it");
    let owners = wb.worksheet_range("Owners").expect("Owners");
    let rows: Vec<(String, String, String)> = owners
        .rows()
        .skip(1)
        .map(|r| (text(r.first()), text(r.get(4)), text(r.get(5))))
        .collect();
    assert_eq!(
        rows,
        [
            (
                "Ana Ruiz".into(),
                "1".into(),
                "S-2, S-1 (supporting)".into()
            ),
            ("Ben Cho, Network Engineer".into(), "0".into(), "S-1".into()),
            ("Priya Raman".into(), "1".into(), "S-1 (supporting)".into()),
        ]
    );
}
