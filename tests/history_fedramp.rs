//! FedRAMP workbooks close an item by moving its row from "Open POA&M Items" to "Closed
//! POA&M Items" (FedRAMP POA&M Template Completion Guide §2.2): that is not `item-removed`.

mod common;
mod history_support;

use history_support::{finding_lines, json, run_in};
use rust_xlsxwriter::Workbook;
use std::path::Path;

const HEADER: [&str; 6] = [
    "POAM ID",
    "Controls",
    "Weakness Name",
    "Point of Contact",
    "Status",
    "Status Date",
];

/// A workbook with the two FedRAMP data sheets, each holding `rows`.
fn workbook(path: &Path, open: &[[&str; 6]], closed: &[[&str; 6]]) {
    let mut book = Workbook::new();
    for (name, rows) in [("Open POA&M Items", open), ("Closed POA&M Items", closed)] {
        let sheet = book.add_worksheet();
        sheet.set_name(name).expect("sheet name");
        for (r, row) in std::iter::once(&HEADER).chain(rows.iter()).enumerate() {
            for (c, text) in row.iter().enumerate() {
                sheet.write_string(r as u32, c as u16, *text).expect("cell");
            }
        }
    }
    book.save(path).expect("saved");
}

#[test]
fn an_item_moved_to_the_closed_sheet_was_closed_not_removed() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let old = dir.path().join("old.xlsx");
    let new = dir.path().join("new.xlsx");
    let v1 = [
        "V-1",
        "3.1.1",
        "Shared admin account",
        "Dana Reyes",
        "Open",
        "2026-10-01",
    ];
    let v2 = [
        "V-2",
        "3.1.2",
        "No session lock",
        "Dana Reyes",
        "Open",
        "2026-10-01",
    ];
    let v3 = [
        "V-3",
        "3.1.3",
        "Flat network",
        "Dana Reyes",
        "Open",
        "2026-10-01",
    ];
    let v2_closed = [
        "V-2",
        "3.1.2",
        "No session lock",
        "Dana Reyes",
        "Closed",
        "2026-11-01",
    ];
    workbook(&old, &[v1, v2, v3], &[]);
    workbook(&new, &[v1], &[v2_closed]);

    let (code, out, err) = run_in(
        dir.path(),
        &[
            "diff",
            "old.xlsx",
            "new.xlsx",
            "--format",
            "json",
            "--as-of",
            "2026-11-26",
        ],
    );
    assert_eq!(code, 1, "V-3 is still removed: {err}");
    let doc = json(&out);
    assert_eq!(doc["new"]["sheet"], "Open POA&M Items");
    assert_eq!(doc["removed"], serde_json::json!(["V-3"]));
    assert_eq!(doc["removed_closed"], serde_json::json!(["V-2"]));
    assert_eq!(
        doc["notes"],
        serde_json::json!(["V-2 moved to sheet 'Closed POA&M Items' of new.xlsx"])
    );
    assert_eq!(finding_lines(&doc), ["item-removed V-3 -:-"]);
    assert_eq!(
        doc["findings"][0]["message"],
        "V-3 (sheet 'Open POA&M Items' row 4 of old.xlsx) is not in new.xlsx and was not \
         closed: close it with evidence instead of deleting the row"
    );
    assert_eq!(doc["findings"][0]["location"]["sheet"], "Open POA&M Items");
}
