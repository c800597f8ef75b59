//! `poam set` and `poam close` through the binary on workbooks from four producers —
//! rust_xlsxwriter (made here), openpyxl and LibreOffice (`tests/fixtures/write/`, made by
//! `make_producer_fixtures.py`), Excel (the FedRAMP template in ../shared, copied to a
//! temporary folder) — read back three ways: calamine, `poam validate --format json`, and
//! LibreOffice's own CSV export when `soffice` is installed. Every zip entry the change
//! did not need is compared byte for byte with the original: its raw local record (header,
//! compressed data, data descriptor) and its central-directory record (but for the offset),
//! in the same order. Each test prints "N of M entries identical".

mod write_support;
mod zip_support;

use std::path::{Path, PathBuf};
use write_support::*;
use zip_support::compare_zips;

// ------------------------------------------------------------------ raw zip comparison
// A minimal reader of the central directory, independent of the copier under test.

/// Assert that exactly the entries in `changed` differ and every other one is
/// byte-identical in the same order; print and return how many are identical.
fn identical_entries(label: &str, before: &Path, after: &Path, changed: &[&str]) -> usize {
    let a = std::fs::read(before).expect("original read");
    let b = std::fs::read(after).expect("result read");
    compare_zips(label, &a, &b, changed)
}

// ------------------------------------------------------------------ LibreOffice read-back

fn soffice() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("soffice"))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        println!("skipped: LibreOffice not installed");
    }
    found
}

/// The first sheet of `workbook` as LibreOffice exports it to CSV (UTF-8), as rows.
fn libreoffice_csv(workbook: &Path) -> Option<Vec<Vec<String>>> {
    let bin = soffice()?;
    let out = tempdir();
    // Each conversion has its own profile: tests run in parallel, and two soffice
    // processes cannot share one.
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        out.path().display()
    );
    let run = std::process::Command::new(bin)
        .arg(&profile)
        .args(["--headless", "--convert-to"])
        // 44,34,76: comma, double quote, UTF-8.
        .arg("csv:Text - txt - csv (StarCalc):44,34,76")
        .arg("--outdir")
        .arg(out.path())
        .arg(workbook)
        .output()
        .expect("soffice runs");
    assert!(run.status.success(), "soffice failed: {run:?}");
    let stem = workbook.file_stem().expect("a file name");
    let csv =
        std::fs::read(out.path().join(stem).with_extension("csv")).expect("soffice wrote the CSV");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv.as_slice());
    Some(
        reader
            .records()
            .map(|r| r.expect("a CSV record").iter().map(str::to_owned).collect())
            .collect(),
    )
}

/// A cell of LibreOffice's CSV by A1 reference.
fn lo(rows: &[Vec<String>], a1: &str) -> String {
    let (row, col) = parse_a1(a1);
    rows.get(row as usize)
        .and_then(|r| r.get(col as usize))
        .cloned()
        .unwrap_or_default()
}

/// A locale-formatted short date (`3/31/26`, `31/03/2026`, `2026-03-31`) of y-m-d.
fn is_date_text(s: &str, y: u32, m: u32, d: u32) -> bool {
    let mut nums: Vec<u32> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|p| p.parse().ok())
        .map(|n: u32| if n == y % 100 { y } else { n })
        .collect();
    nums.sort_unstable();
    let mut want = vec![y, m, d];
    want.sort_unstable();
    nums == want
}

// ------------------------------------------------------------------ a full POA&M

/// `set` then `close` on a workbook with the 14 POA&M columns (A … N: id, control,
/// weakness, severity, remediation, owner, resources, start, milestones, completion,
/// status, status date, evidence, comments) and items POAM-001 … 003 from row `first`.
fn set_and_close_round_trip(label: &str, dir: &Path, file: &str, first: u32) {
    let path = dir.join(file);
    let before = dir.join(format!("before-{file}"));
    std::fs::copy(&path, &before).expect("original kept");
    let (row1, row2) = (first, first + 1);
    let at = |col: &str, row: u32| format!("{col}{row}");
    let old_milestones = cell(&path, "POA&M", &at("I", row2));
    let old_comment = cell(&path, "POA&M", &at("N", row1));
    assert_eq!(cell(&path, "POA&M", &at("A", row2)), "POAM-002", "{label}");

    let out = ok(&poam(
        dir,
        &[
            "set",
            file,
            "POAM-002",
            "--status",
            "Delayed",
            "--completion",
            "2027-02-26",
            "--milestone",
            "2027-01-15: Vendor ships the replacement licence",
            "--comment",
            "Licence backordered",
            "--as-of",
            "2026-11-27",
        ],
    ));
    assert!(
        out.starts_with(&format!(
            "POA&M!K{row2}: \"In Progress\" → \"Delayed\"\nPOA&M!L{row2}: \"2026-11-20\" → \"2026-11-27\"\n"
        )),
        "{label}: {out}"
    );
    assert!(
        out.ends_with(&format!("updated {file}\n")),
        "{label}: {out}"
    );
    let out = ok(&poam(
        dir,
        &[
            "close",
            file,
            "POAM-001",
            "--evidence",
            "evidence/AC/lockout-gpo.png",
            "--status-date",
            "2026-11-26",
            "--comment",
            "Verified by gpresult",
        ],
    ));
    assert!(
        out.ends_with(&format!("updated {file}\n")),
        "{label}: {out}"
    );

    // calamine
    let sheet = "POA&M";
    let new_milestones =
        format!("{old_milestones}\n2027-01-15: Vendor ships the replacement licence");
    let new_comment = if old_comment.is_empty() {
        "Verified by gpresult".to_owned()
    } else {
        format!("{old_comment}\nVerified by gpresult")
    };
    for (a1, want) in [
        (at("K", row2), "Delayed"),
        (at("L", row2), "2026-11-27"),
        (at("J", row2), "2027-02-26"),
        (at("I", row2), new_milestones.as_str()),
        (at("N", row2), "Licence backordered"),
        (at("K", row1), "Closed"),
        (at("L", row1), "2026-11-26"),
        (at("M", row1), "evidence/AC/lockout-gpo.png"),
        (at("N", row1), new_comment.as_str()),
        // untouched
        (at("K", first + 2), "Closed"),
        (at("F", row1), "Marcus Lee"),
    ] {
        assert_eq!(cell(&path, sheet, &a1), want, "{label}: {a1}");
    }

    // poam validate
    let json = validate_json(dir, file, &[]);
    assert_eq!(json["items"]["total"], 3, "{label}");
    assert_eq!(json["items"]["open"], 1, "{label}");
    assert_eq!(json["items"]["closed"], 2, "{label}");
    assert_eq!(
        finding_places(&json, &["closed-without-evidence", "status-unknown"]),
        Vec::<String>::new(),
        "{label}"
    );

    // raw zip entries
    identical_entries(label, &before, &path, &["xl/worksheets/sheet1.xml"]);

    // LibreOffice
    if let Some(rows) = libreoffice_csv(&path) {
        assert_eq!(lo(&rows, &at("K", row2)), "Delayed", "{label}");
        assert_eq!(lo(&rows, &at("J", row2)), "2027-02-26", "{label}");
        assert_eq!(lo(&rows, &at("I", row2)), new_milestones, "{label}");
        assert_eq!(lo(&rows, &at("K", row1)), "Closed", "{label}");
        assert_eq!(lo(&rows, &at("L", row1)), "2026-11-26", "{label}");
        assert_eq!(
            lo(&rows, &at("M", row1)),
            "evidence/AC/lockout-gpo.png",
            "{label}"
        );
    }
}

#[test]
fn rust_xlsxwriter_workbook() {
    let dir = tempdir();
    make_workbook(&dir.path().join("xlsxwriter.xlsx"));
    set_and_close_round_trip("rust_xlsxwriter", dir.path(), "xlsxwriter.xlsx", 2);
}

#[test]
fn openpyxl_workbook() {
    let dir = tempdir();
    copy_fixture("write/openpyxl-poam.xlsx", dir.path());
    set_and_close_round_trip("openpyxl", dir.path(), "openpyxl-poam.xlsx", 4);
}

#[test]
fn libreoffice_workbook() {
    let dir = tempdir();
    copy_fixture("write/libreoffice-poam.xlsx", dir.path());
    set_and_close_round_trip("LibreOffice", dir.path(), "libreoffice-poam.xlsx", 4);
}

// ------------------------------------------------------------------ Excel: the FedRAMP template

/// The FedRAMP template has no Status column (an item is closed by moving its row to the
/// Closed sheet), so `close` is refused; `set` updates the completion date, the planned
/// milestones, the supporting documents (its evidence column) and the comments of V-1Example
/// on row 8 of "Open POA&M Items".
#[test]
fn excel_fedramp_template() {
    let dir = tempdir();
    let Some(path) = fedramp_copy(dir.path()) else {
        return;
    };
    let before = dir.path().join("before.xlsx");
    std::fs::copy(&path, &before).expect("original kept");
    let sheet = "Open POA&M Items";
    let err = assert_refused(
        dir.path(),
        "fedramp.xlsx",
        &[
            "close",
            "fedramp.xlsx",
            "V-1Example",
            "--evidence",
            "Remediation Evidence : rescan.pdf",
        ],
    );
    assert!(
        err.contains("a FedRAMP workbook has no Status column"),
        "{err}"
    );
    let old_milestones = cell(&path, sheet, "M8");
    let out = ok(&poam(
        dir.path(),
        &[
            "set",
            "fedramp.xlsx",
            "V-1Example",
            "--completion",
            "2026-03-31",
            "--milestone",
            "2026-03-01: Port closed on the firewall",
            "--evidence",
            "Remediation Evidence : firewall-rescan.pdf",
            "--comment",
            "Rescanned clean",
            "--as-of",
            "2026-11-27",
        ],
    ));
    assert!(out.ends_with("updated fedramp.xlsx\n"), "{out}");

    // calamine: the raw template text is kept, the milestone numbered after (3), which
    // the template's Milestone Changes column already uses.
    let milestones = format!("{old_milestones}\n\n(4) 2026-03-01: Port closed on the firewall");
    assert_eq!(cell(&path, sheet, "L8"), "2026-03-31");
    assert_eq!(cell(&path, sheet, "M8"), milestones);
    assert_eq!(
        cell(&path, sheet, "Y8"),
        "Remediation Evidence : filename.doc\nDeviation Request : DR-123-Example-1.doc\n\
         Remediation Evidence : firewall-rescan.pdf"
    );
    assert_eq!(cell(&path, sheet, "Z8"), "none\nRescanned clean");
    assert_eq!(cell(&path, sheet, "C8"), "Open port on Example Firewall");

    // poam validate reads the same single item, with the new milestone.
    let json = validate_json(dir.path(), "fedramp.xlsx", &[]);
    assert_eq!(json["items"]["total"], 1);
    assert_eq!(json["items"]["open"], 1);

    identical_entries(
        "Excel (FedRAMP)",
        &before,
        &path,
        &["xl/worksheets/sheet1.xml"],
    );

    if let Some(rows) = libreoffice_csv(&path) {
        assert!(
            is_date_text(&lo(&rows, "L8"), 2026, 3, 31),
            "{}",
            lo(&rows, "L8")
        );
        assert_eq!(lo(&rows, "M8"), milestones);
        assert_eq!(lo(&rows, "Z8"), "none\nRescanned clean");
    }
}
