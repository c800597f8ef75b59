//! `poam init`: a blank POA&M that `poam validate` reads with every field mapped, on the
//! POA&M sheet (not the Catalog), with dropdowns, a frozen header and the catalog.

mod write_support;

use calamine::{open_workbook, Data, Reader, Xlsx};
use write_support::*;

#[test]
fn init_xlsx_validates_with_no_missing_column() {
    let dir = tempdir();
    let out = ok(&poam(dir.path(), &["init", "new.xlsx"]));
    assert_eq!(
        out,
        "wrote a blank POA&M to new.xlsx (16 columns, sheets 'POA&M' and 'Catalog'); fill it \
         in, then run `poam validate new.xlsx`\n"
    );
    let json = validate_json(dir.path(), "new.xlsx", &[]);
    assert_eq!(json["sheet"], "POA&M");
    assert_eq!(json["items"]["total"], 0);
    assert_eq!(
        finding_places(&json, &["missing-column"]),
        Vec::<String>::new()
    );
    assert_eq!(json["notes"], serde_json::json!([]));

    let path = dir.path().join("new.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&path).expect("opens");
    assert_eq!(
        wb.sheet_names(),
        vec!["POA&M".to_owned(), "Catalog".to_owned()]
    );
    let catalog = wb.worksheet_range("Catalog").expect("catalog");
    assert_eq!(catalog.height(), 111, "header + 110 requirements");
    let row = |id: &str| -> Vec<String> {
        catalog
            .rows()
            .find(|r| r.first().is_some_and(|c| *c == Data::String(id.to_owned())))
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        Data::Empty => String::new(),
                        other => other.to_string(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(
        row("3.13.11"),
        vec![
            "3.13.11",
            "SC.L2-3.13.11",
            "SC",
            "CUI Encryption",
            "5",
            "3",
            "only when encryption is employed but not FIPS-validated"
        ]
    );
    assert_eq!(row("3.12.4")[4], "NA");
    assert_eq!(row("3.12.4")[6], "never (32 CFR 170.21(a)(2)(iii))");
    assert_eq!(row("3.1.8")[6], "eligible");
    assert_eq!(row("3.1.1")[6], "no: worth 5 points");

    // Dropdowns and the frozen header are in the sheet XML.
    let file = std::fs::File::open(&path).expect("opens");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").expect("sheet"),
        &mut xml,
    )
    .expect("utf-8");
    assert!(
        xml.contains("<formula1>\"Open,In Progress,Delayed,Closed\"</formula1>"),
        "{xml}"
    );
    assert!(xml.contains("<formula1>\"Low,Moderate,High,Critical\"</formula1>"));
    assert!(xml.contains("state=\"frozen\""));
    assert!(xml.contains("type=\"date\""));
}

#[test]
fn init_then_add_then_close_round_trips() {
    let dir = tempdir();
    ok(&poam(dir.path(), &["init", "new.xlsx"]));
    ok(&poam(
        dir.path(),
        &[
            "add",
            "new.xlsx",
            "--id",
            "POAM-AC-010",
            "--control",
            "3.1.8",
            "--weakness",
            "Lockout not enforced on kiosk PCs",
            "--remediation",
            "Apply GPO lockout threshold 5 to the Kiosk OU; verify with gpresult",
            "--owner",
            "Marcus Lee",
            "--completion",
            "2027-01-15",
            "--as-of",
            "2026-11-27",
        ],
    ));
    ok(&poam(
        dir.path(),
        &[
            "close",
            "new.xlsx",
            "POAM-AC-010",
            "--evidence",
            "SEC-7",
            "--as-of",
            "2026-12-01",
        ],
    ));
    let path = dir.path().join("new.xlsx");
    assert_eq!(cell(&path, "POA&M", "A2"), "POAM-AC-010");
    assert_eq!(cell(&path, "POA&M", "M2"), "Closed");
    assert_eq!(cell(&path, "POA&M", "N2"), "2026-12-01");
    assert_eq!(cell(&path, "POA&M", "O2"), "SEC-7");
    let json = validate_json(dir.path(), "new.xlsx", &[]);
    assert_eq!(json["items"]["closed"], 1);
}

#[test]
fn init_csv_writes_the_header() {
    let dir = tempdir();
    ok(&poam(dir.path(), &["init", "new.csv"]));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("new.csv")).expect("read"),
        "ID,Requirement,Weakness,Severity,Remediation Plan,Owner,Supporting Owner,Resources \
         Required,Start Date,Milestones,Milestone Changes,Scheduled Completion Date,Status,\
         Status Date,Verification Evidence,Comments\n"
    );
    let json = validate_json(dir.path(), "new.csv", &[]);
    assert_eq!(
        finding_places(&json, &["missing-column"]),
        Vec::<String>::new()
    );
}

#[test]
fn init_refuses_to_overwrite_without_force() {
    let dir = tempdir();
    std::fs::write(dir.path().join("poam.xlsx"), b"mine").expect("write");
    let err = assert_refused(dir.path(), "poam.xlsx", &["init", "poam.xlsx"]);
    assert!(
        err.contains("already exists and was not changed; give --force"),
        "{err}"
    );
    ok(&poam(dir.path(), &["init", "poam.xlsx", "--force"]));
    assert!(std::fs::read(dir.path().join("poam.xlsx"))
        .expect("read")
        .starts_with(b"PK"));
    let out = poam(dir.path(), &["init", "poam.ods"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.path().join("poam.ods").exists());
}
