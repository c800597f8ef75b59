//! Write-back into real workbooks from four producers (rust_xlsxwriter, openpyxl,
//! LibreOffice, Excel via the FedRAMP template): the edited cells read back with calamine
//! (and LibreOffice when installed), every other cell is unchanged, and every zip entry the
//! edit did not need to touch keeps its name, order and raw local record byte for byte.

use calamine::{open_workbook_from_rs, Data, DataType, Reader, Xlsx};
use chrono::NaiveDate;
use poam::io::patch::{append_xlsx_row, patch_xlsx, CellEdit, NewValue, PatchError};
use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, DataValidation, Format, Table, Workbook,
};
use std::collections::HashMap;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

mod zip_support;
use zip_support::{compare_zips, zip_view};

fn fixture(name: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/patch")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn fedramp() -> Option<Vec<u8>> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/realworld/fedramp/FedRAMP-POAM-Template.xlsx");
    match std::fs::read(p) {
        Ok(b) => Some(b),
        Err(_) => {
            println!("skipped: ../shared is absent");
            None
        }
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn edit(row: u32, col: u32, value: NewValue) -> CellEdit {
    CellEdit { row, col, value }
}

fn text(s: &str) -> NewValue {
    NewValue::Text(s.to_owned())
}

// ---------------------------------------------------------------- zip inspection (independent
// of the copier under test: a minimal reader of the central directory).

fn part(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut f = z.by_name(name).expect(name);
    let mut s = String::new();
    std::io::Read::read_to_string(&mut f, &mut s).expect("utf-8");
    s
}

// ---------------------------------------------------------------- cell checks

type Cells = HashMap<(String, u32, u32), Data>;

fn all_cells(bytes: &[u8]) -> Cells {
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("calamine");
    let mut out = HashMap::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).expect("sheet");
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, v) in range.used_cells() {
            out.insert((name.clone(), r0 + r as u32, c0 + c as u32), v.clone());
        }
    }
    out
}

#[derive(Debug)]
enum Want {
    Text(&'static str),
    Date(NaiveDate),
    Number(f64),
    Empty,
}

/// Every cell but the edited ones has the same value; the edited ones have `want`.
fn check_cells(label: &str, before: &[u8], after: &[u8], sheet: &str, want: &[(u32, u32, Want)]) {
    let old = all_cells(before);
    let new = all_cells(after);
    let edited = |s: &str, r: u32, c: u32| {
        s == sheet && want.iter().any(|(wr, wc, _)| *wr == r + 1 && *wc == c)
    };
    for (key, v) in &old {
        if !edited(&key.0, key.1, key.2) {
            assert_eq!(new.get(key), Some(v), "{label}: cell {key:?} changed");
        }
    }
    for key in new.keys() {
        if !edited(&key.0, key.1, key.2) {
            assert!(old.contains_key(key), "{label}: new cell {key:?}");
        }
    }
    for (r, c, w) in want {
        let got = new.get(&(sheet.to_owned(), r - 1, *c));
        let ok = match (w, got) {
            (Want::Text(t), Some(Data::String(s))) => s == t,
            (Want::Date(d), Some(v)) => v.as_date() == Some(*d) && v.is_datetime(),
            (Want::Number(n), Some(Data::Float(f))) => f == n,
            (Want::Number(n), Some(Data::Int(i))) => *i as f64 == *n,
            (Want::Empty, None | Some(Data::Empty)) => true,
            _ => false,
        };
        assert!(ok, "{label}: row {r} col {c}: want {w:?}, got {got:?}");
    }
}

// ---------------------------------------------------------------- LibreOffice round trip

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

/// Convert the first sheet to CSV with LibreOffice and return its rows.
fn libreoffice_csv(bytes: &[u8]) -> Option<Vec<Vec<String>>> {
    let bin = soffice()?;
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("edited.xlsx");
    std::fs::write(&input, bytes).expect("write");
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    );
    let status = std::process::Command::new(bin)
        // 44,34,76: comma, double quote, UTF-8.
        .args([profile.as_str(), "--headless", "--convert-to"])
        .arg("csv:Text - txt - csv (StarCalc):44,34,76")
        .arg("--outdir")
        .arg(dir.path())
        .arg(&input)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "soffice failed: {status:?}");
    let csv = std::fs::read(dir.path().join("edited.csv")).expect("soffice wrote the CSV");
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv.as_slice());
    Some(
        rd.records()
            .map(|r| r.expect("csv").iter().map(str::to_owned).collect())
            .collect(),
    )
}

/// A locale-formatted short date (`3/1/2026`, `01/03/26`, `2026-03-01` …) of y-m-d.
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

fn lo_cell(rows: &[Vec<String>], row: u32, col: u32) -> &str {
    rows.get(row as usize - 1)
        .and_then(|r| r.get(col as usize))
        .map_or("", String::as_str)
}

// ---------------------------------------------------------------- producer 1: rust_xlsxwriter

fn xlsxwriter_book() -> Vec<u8> {
    let mut wb = Workbook::new();
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    let ws = wb.add_worksheet().set_name("POAM").expect("name");
    let header = ["ID", "Control", "Weakness", "Status", "Due", "Days"];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("write");
    }
    let items = [
        (
            "POAM-001",
            "3.1.1",
            "Shared accounts",
            "Open",
            date(2026, 1, 15),
        ),
        ("POAM-002", "3.5.3", "No MFA", "Open", date(2026, 2, 1)),
        (
            "POAM-003",
            "3.13.11",
            "FIPS pending",
            "Closed",
            date(2025, 12, 1),
        ),
    ];
    for (i, (id, ctl, weak, status, due)) in items.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, *id).expect("write");
        ws.write_string(r, 1, *ctl).expect("write");
        ws.write_string(r, 2, *weak).expect("write");
        ws.write_string(r, 3, *status).expect("write");
        ws.write_date_with_format(r, 4, due, &date_fmt)
            .expect("write");
        ws.write_formula(r, 5, format!("=DATE(2026,3,1)-E{}", r + 1).as_str())
            .expect("write");
    }
    ws.add_table(0, 0, 3, 5, &Table::new()).expect("table");
    let dv = DataValidation::new()
        .allow_list_strings(&["Open", "Closed", "Risk Accepted"])
        .expect("dv");
    ws.add_data_validation(1, 3, 99, 3, &dv).expect("dv");
    let cf = ConditionalFormatCell::new()
        .set_rule(ConditionalFormatCellRule::EqualTo("\"Open\""))
        .set_format(Format::new().set_bold());
    ws.add_conditional_format(1, 3, 99, 3, &cf).expect("cf");
    ws.set_freeze_panes(1, 0).expect("freeze");
    let notes = wb.add_worksheet().set_name("Notes").expect("name");
    notes
        .write_string(0, 0, "Prepared by the compliance lead")
        .expect("write");
    notes.write_number(1, 0, 42).expect("write");
    wb.save_to_buffer().expect("save")
}

#[test]
fn rust_xlsxwriter_workbook() {
    let original = xlsxwriter_book();
    let edits = [
        edit(2, 2, text("=HYPERLINK(\"http://x\") & <b>")), // over a shared string
        edit(3, 4, NewValue::Date(date(2026, 3, 1))),       // over a date cell
        edit(6, 6, text("  new row, new cell  ")),          // did not exist
        edit(2, 5, NewValue::Number(99.0)),                 // held a formula
    ];
    // rust_xlsxwriter already writes <calcPr fullCalcOnLoad="1"/>, so workbook.xml stays.
    assert!(part(&original, "xl/workbook.xml").contains(r#"fullCalcOnLoad="1""#));
    let out = patch_xlsx(&original, "POAM", &edits).expect("patched");
    let changed = ["xl/worksheets/sheet1.xml"];
    assert_eq!(out.changed_parts, changed);
    let same = compare_zips("rust_xlsxwriter", &original, &out.bytes, &changed);
    assert_eq!(same, zip_view(&original).entries.len() - 1);
    check_cells(
        "rust_xlsxwriter",
        &original,
        &out.bytes,
        "POAM",
        &[
            (2, 2, Want::Text("=HYPERLINK(\"http://x\") & <b>")),
            (3, 4, Want::Date(date(2026, 3, 1))),
            (6, 6, Want::Text("  new row, new cell  ")),
            (2, 5, Want::Number(99.0)),
        ],
    );
    let sheet = part(&out.bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"<dimension ref="A1:G6"/>"#), "{sheet}");
    assert!(!sheet.contains("<f>DATE(2026,3,1)-E2</f>"));
    assert!(sheet.contains("<f>DATE(2026,3,1)-E3</f>"));
    if let Some(rows) = libreoffice_csv(&out.bytes) {
        assert_eq!(lo_cell(&rows, 2, 2), "=HYPERLINK(\"http://x\") & <b>");
        assert_eq!(lo_cell(&rows, 3, 4), "2026-03-01");
        assert_eq!(lo_cell(&rows, 6, 6), "  new row, new cell  ");
        assert_eq!(lo_cell(&rows, 2, 5), "99");
        assert_eq!(lo_cell(&rows, 4, 2), "FIPS pending");
    }
}

#[test]
fn date_into_a_general_cell_reuses_an_identical_date_style() {
    // rust_xlsxwriter's Due column style is exactly "style 0 + yyyy-mm-dd": it is reused.
    let original = xlsxwriter_book();
    let edits = [edit(2, 7, NewValue::Date(date(2026, 4, 30)))];
    let out = patch_xlsx(&original, "POAM", &edits).expect("patched");
    assert_eq!(out.changed_parts, ["xl/worksheets/sheet1.xml"]);
    check_cells(
        "reuse",
        &original,
        &out.bytes,
        "POAM",
        &[(2, 7, Want::Date(date(2026, 4, 30)))],
    );
}

fn cell_xfs(styles: &str) -> usize {
    styles
        .split("<cellXfs")
        .nth(1)
        .and_then(|x| x.split("</cellXfs>").next())
        .map_or(0, |x| x.matches("<xf ").count())
}

#[test]
fn date_into_a_general_cell_adds_one_date_style() {
    let original = fixture("libreoffice-poam.xlsx");
    let edits = [
        edit(2, 7, NewValue::Date(date(2026, 4, 30))),
        edit(3, 7, NewValue::Date(date(2026, 5, 31))),
    ];
    let out = patch_xlsx(&original, "POAM", &edits).expect("patched");
    let changed = ["xl/styles.xml", "xl/worksheets/sheet1.xml"];
    assert_eq!(out.changed_parts, changed);
    compare_zips("date style", &original, &out.bytes, &changed);
    check_cells(
        "date style",
        &original,
        &out.bytes,
        "POAM",
        &[
            (2, 7, Want::Date(date(2026, 4, 30))),
            (3, 7, Want::Date(date(2026, 5, 31))),
        ],
    );
    let before = part(&original, "xl/styles.xml");
    let after = part(&out.bytes, "xl/styles.xml");
    assert_eq!(
        cell_xfs(&after),
        cell_xfs(&before) + 1,
        "one xf serves both cells"
    );
    assert!(after.contains(r#"formatCode="yyyy-mm-dd""#));
    assert!(after.contains(&format!(r#"<cellXfs count="{}">"#, cell_xfs(&after))));
    if let Some(rows) = libreoffice_csv(&out.bytes) {
        assert_eq!(lo_cell(&rows, 2, 7), "2026-04-30");
        assert_eq!(lo_cell(&rows, 3, 7), "2026-05-31");
    }
}

#[test]
fn blank_and_no_op_edits() {
    let original = xlsxwriter_book();
    // A blank on a cell that does not exist changes nothing at all.
    let out = patch_xlsx(&original, "POAM", &[edit(50, 3, NewValue::Blank)]).expect("ok");
    assert_eq!(out.bytes, original);
    assert!(out.changed_parts.is_empty());
    let out = patch_xlsx(&original, "poam", &[edit(2, 3, NewValue::Blank)]).expect("ok");
    check_cells(
        "blank",
        &original,
        &out.bytes,
        "POAM",
        &[(2, 3, Want::Empty)],
    );
}

#[test]
fn append_row_copies_styles_and_grows_the_table() {
    let original = xlsxwriter_book();
    let values = [
        (0, text("POAM-004")),
        (3, text("Open")),
        (4, NewValue::Date(date(2026, 9, 30))),
    ];
    let out = append_xlsx_row(&original, "POAM", 4, 4, &values).expect("appended");
    assert_eq!(out.appended_row, Some(5));
    let changed = ["xl/tables/table1.xml", "xl/worksheets/sheet1.xml"];
    assert_eq!(out.changed_parts, changed);
    compare_zips("append", &original, &out.bytes, &changed);
    check_cells(
        "append",
        &original,
        &out.bytes,
        "POAM",
        &[
            (5, 0, Want::Text("POAM-004")),
            (5, 3, Want::Text("Open")),
            (5, 4, Want::Date(date(2026, 9, 30))),
        ],
    );
    let table = part(&out.bytes, "xl/tables/table1.xml");
    assert!(table.contains(r#"ref="A1:F5""#), "{table}");
    // Row 4 has values now, so a second append after row 3 is refused.
    let err = append_xlsx_row(&out.bytes, "POAM", 3, 3, &values).err();
    assert!(matches!(err, Some(PatchError::BadEdit { .. })), "{err:?}");
}

// ---------------------------------------------------------------- producer 2: openpyxl

#[test]
fn openpyxl_workbook() {
    let original = fixture("openpyxl-poam.xlsx");
    let edits = [
        edit(2, 2, text("Shared accounts removed")), // openpyxl writes inline strings
        edit(3, 4, NewValue::Date(date(2026, 3, 1))),
        edit(5, 7, text("added")),              // row 5 does not exist
        edit(4, 5, text("+cmd|' /C calc'!A0")), // held a formula
    ];
    // openpyxl already writes <calcPr fullCalcOnLoad="1"/>, so workbook.xml stays.
    assert!(part(&original, "xl/workbook.xml").contains(r#"fullCalcOnLoad="1""#));
    let out = patch_xlsx(&original, "POAM", &edits).expect("patched");
    let changed = ["xl/worksheets/sheet1.xml"];
    assert_eq!(out.changed_parts, changed);
    let same = compare_zips("openpyxl", &original, &out.bytes, &changed);
    assert_eq!(same, 9);
    check_cells(
        "openpyxl",
        &original,
        &out.bytes,
        "POAM",
        &[
            (2, 2, Want::Text("Shared accounts removed")),
            (3, 4, Want::Date(date(2026, 3, 1))),
            (5, 7, Want::Text("added")),
            (4, 5, Want::Text("+cmd|' /C calc'!A0")),
        ],
    );
    if let Some(rows) = libreoffice_csv(&out.bytes) {
        assert_eq!(lo_cell(&rows, 2, 2), "Shared accounts removed");
        assert_eq!(lo_cell(&rows, 3, 4), "2026-03-01");
        assert_eq!(lo_cell(&rows, 5, 7), "added");
        assert_eq!(lo_cell(&rows, 4, 5), "+cmd|' /C calc'!A0");
    }
}

// ---------------------------------------------------------------- producer 3: LibreOffice

#[test]
fn libreoffice_workbook() {
    let original = fixture("libreoffice-poam.xlsx");
    let edits = [
        edit(2, 2, text("Shared accounts removed")), // over a shared string
        edit(3, 4, NewValue::Date(date(2026, 3, 1))),
        edit(5, 7, text("added\nsecond line")),
        edit(4, 5, NewValue::Number(-1.5)), // held a formula
    ];
    let out = patch_xlsx(&original, "POAM", &edits).expect("patched");
    let changed = ["xl/workbook.xml", "xl/worksheets/sheet1.xml"];
    assert_eq!(out.changed_parts, changed);
    let same = compare_zips("LibreOffice", &original, &out.bytes, &changed);
    assert_eq!(same, 9);
    check_cells(
        "LibreOffice",
        &original,
        &out.bytes,
        "POAM",
        &[
            (2, 2, Want::Text("Shared accounts removed")),
            (3, 4, Want::Date(date(2026, 3, 1))),
            (5, 7, Want::Text("added\nsecond line")),
            (4, 5, Want::Number(-1.5)),
        ],
    );
    if let Some(rows) = libreoffice_csv(&out.bytes) {
        assert_eq!(lo_cell(&rows, 2, 2), "Shared accounts removed");
        assert_eq!(lo_cell(&rows, 3, 4), "2026-03-01");
        assert_eq!(lo_cell(&rows, 5, 7), "added\nsecond line");
        assert_eq!(lo_cell(&rows, 4, 5), "-1.5");
    }
}

// ---------------------------------------------------------------- producer 4: Excel (FedRAMP)

#[test]
fn fedramp_template_from_excel() {
    let Some(original) = fedramp() else { return };
    let sheet = "Open POA&M Items";
    let edits = [
        edit(8, 2, text("Weakness rewritten by poam")), // C8, a shared string
        edit(8, 14, NewValue::Date(date(2026, 3, 1))),  // O8, a date cell
        edit(8, 51, text("beyond the last column")),    // AZ8 did not exist
        edit(4030, 1, text("row after the template")),  // B4030, row did not exist
        edit(9, 11, NewValue::Date(date(2026, 6, 30))), // L9, master of a shared formula
    ];
    let out = patch_xlsx(&original, sheet, &edits).expect("patched");
    let changed = [
        "xl/calcChain.xml",
        "xl/workbook.xml",
        "xl/worksheets/sheet1.xml",
    ];
    assert_eq!(out.changed_parts, changed);
    let same = compare_zips("Excel (FedRAMP)", &original, &out.bytes, &changed);
    assert_eq!(same, 11);
    check_cells(
        "Excel (FedRAMP)",
        &original,
        &out.bytes,
        sheet,
        &[
            (8, 2, Want::Text("Weakness rewritten by poam")),
            (8, 14, Want::Date(date(2026, 3, 1))),
            (8, 51, Want::Text("beyond the last column")),
            (4030, 1, Want::Text("row after the template")),
            (9, 11, Want::Date(date(2026, 6, 30))),
        ],
    );
    let xml = part(&out.bytes, "xl/worksheets/sheet1.xml");
    assert!(xml.contains(r#"<dimension ref="A1:AZ4030"/>"#));
    assert!(xml.contains(r#"<row r="8" spans="1:52""#));
    // L10 took over the shared formula, its references moved down one row.
    assert!(
        xml.contains(r#"<c r="L10" s="22" t="str"><f t="shared" ref="L10:L263" si="0">IF((T10="N/A")+(ISBLANK(T10)), IF(S10="High", K10+30"#),
        "L10 is not the new master"
    );
    let chain = part(&out.bytes, "xl/calcChain.xml");
    assert!(!chain.contains(r#"<c r="L9" "#) && !chain.contains(r#"<c r="L9"/>"#));
    assert!(chain.contains(r#"<c r="L10""#));
    let before = part(&original, "xl/calcChain.xml");
    assert_eq!(
        chain.matches("<c ").count() + 1,
        before.matches("<c ").count()
    );
    assert!(part(&out.bytes, "xl/workbook.xml")
        .contains(r#"<calcPr calcId="191029" fullCalcOnLoad="1"/>"#));
    if let Some(rows) = libreoffice_csv(&out.bytes) {
        assert_eq!(lo_cell(&rows, 8, 2), "Weakness rewritten by poam");
        // Built-in format 14 is the locale's short date: compare the numbers in it.
        assert!(
            is_date_text(lo_cell(&rows, 8, 14), 2026, 3, 1),
            "{}",
            lo_cell(&rows, 8, 14)
        );
        assert_eq!(lo_cell(&rows, 8, 51), "beyond the last column");
        assert_eq!(lo_cell(&rows, 4030, 1), "row after the template");
        assert!(
            is_date_text(lo_cell(&rows, 9, 11), 2026, 6, 30),
            "{}",
            lo_cell(&rows, 9, 11)
        );
    }
}

// ---------------------------------------------------------------- refusals

fn zip_with(entries: &[(&str, &[u8])], large: bool) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in entries {
        let opts = zip::write::SimpleFileOptions::default().large_file(large);
        w.start_file(*name, opts).expect("start");
        w.write_all(data).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

#[test]
fn refuses_what_cannot_be_patched() {
    let edits = [edit(1, 0, text("x"))];
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.extend("EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(
        patch_xlsx(&cfb, "S", &edits).err(),
        Some(PatchError::Encrypted)
    );
    let xls = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
    assert!(
        matches!(patch_xlsx(&xls, "S", &edits), Err(PatchError::UnsupportedFormat(f)) if f.contains("xls"))
    );
    let ods = zip_with(
        &[(
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        )],
        false,
    );
    assert!(
        matches!(patch_xlsx(&ods, "S", &edits), Err(PatchError::UnsupportedFormat(f)) if f.contains("ods"))
    );
    let rels = br#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>"#;
    let xlsb = zip_with(&[("_rels/.rels", rels), ("xl/workbook.bin", b"\0")], false);
    assert!(
        matches!(patch_xlsx(&xlsb, "S", &edits), Err(PatchError::UnsupportedFormat(f)) if f.contains("xlsb"))
    );
    let book = xlsxwriter_book();
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    let mut z = zip::ZipArchive::new(Cursor::new(book.clone())).expect("zip");
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("entry");
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut data).expect("read");
        entries.push((f.name().expect("name").to_string(), data));
    }
    let mut signed: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    signed.push(("_xmlsignatures/sig1.xml", b"<Signature/>"));
    assert_eq!(
        patch_xlsx(&zip_with(&signed, false), "POAM", &edits).err(),
        Some(PatchError::Signed)
    );
    let plain: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    assert_eq!(
        patch_xlsx(&zip_with(&plain, true), "POAM", &edits).err(),
        Some(PatchError::Zip64)
    );
    match patch_xlsx(&book, "Closed Items", &edits) {
        Err(PatchError::SheetNotFound { sheet, available }) => {
            assert_eq!(sheet, "Closed Items");
            assert_eq!(available, "'POAM', 'Notes'");
        }
        other => panic!("{other:?}"),
    }
    let long = "x".repeat(32_768);
    assert!(matches!(
        patch_xlsx(&book, "POAM", &[edit(2, 2, NewValue::Text(long))]),
        Err(PatchError::BadEdit { cell, .. }) if cell == "C2"
    ));
    assert!(matches!(
        patch_xlsx(&book, "POAM", &[edit(0, 2, text("x"))]),
        Err(PatchError::BadEdit { .. })
    ));
    assert!(matches!(
        patch_xlsx(b"not a zip", "POAM", &edits),
        Err(PatchError::BadPackage(_))
    ));
}

#[test]
fn keeps_archive_comment_and_trailing_layout() {
    let book = xlsxwriter_book();
    // Give the archive a comment: EOCD comment length at +20.
    let mut with_comment = book.clone();
    let eocd = with_comment.len() - 22;
    with_comment[eocd + 20..eocd + 22].copy_from_slice(&7u16.to_le_bytes());
    with_comment.extend_from_slice(b"comment");
    let out = patch_xlsx(&with_comment, "Notes", &[edit(1, 0, text("x"))]).expect("patched");
    assert!(out.bytes.ends_with(b"comment"));
    compare_zips(
        "comment",
        &with_comment,
        &out.bytes,
        &["xl/worksheets/sheet2.xml"],
    );
    check_cells(
        "comment",
        &book,
        &out.bytes,
        "Notes",
        &[(1, 0, Want::Text("x"))],
    );
}

#[test]
fn fedramp_append_fills_the_next_template_row_and_keeps_its_formula() {
    let Some(original) = fedramp() else { return };
    let sheet = "Open POA&M Items";
    let values = [
        (0, text("V-0009")),
        (10, NewValue::Date(date(2026, 6, 30))), // K: original detection date
        (18, text("High")),                      // S: original risk rating
    ];
    // Row 9 is a pre-formatted template row whose only content is L9's formula.
    let out = append_xlsx_row(&original, sheet, 8, 8, &values).expect("appended");
    assert_eq!(out.appended_row, Some(9));
    assert_eq!(out.changed_parts, ["xl/worksheets/sheet1.xml"]);
    compare_zips(
        "FedRAMP append",
        &original,
        &out.bytes,
        &["xl/worksheets/sheet1.xml"],
    );
    check_cells(
        "FedRAMP append",
        &original,
        &out.bytes,
        sheet,
        &[
            (9, 0, Want::Text("V-0009")),
            (9, 10, Want::Date(date(2026, 6, 30))),
            (9, 18, Want::Text("High")),
        ],
    );
    let xml = part(&out.bytes, "xl/worksheets/sheet1.xml");
    assert!(xml.contains(r#"<c r="L9" s="22" t="str"><f t="shared" ref="L9:L263" si="0">IF("#));
    // The template row's own styles stay (A9 s=3, K9 s=2), not row 8's.
    assert!(xml.contains(r#"<c r="A9" s="3" t="inlineStr">"#));
    assert!(xml.contains(r#"<c r="K9" s="2"><v>46203</v></c>"#));
    // Row 8 holds values: appending after row 7 is refused.
    let err = append_xlsx_row(&original, sheet, 7, 7, &values).err();
    assert_eq!(
        err.map(|e| e.to_string()).as_deref(),
        Some("A8: row 8 is not empty, so a row cannot be added there")
    );
}

/// Damaged files give an error, never a panic: every 53rd byte flipped in turn, and every
/// truncation at a multiple of 97 bytes, of the LibreOffice fixture (data descriptors).
#[test]
fn damaged_workbooks_never_panic() {
    let original = fixture("libreoffice-poam.xlsx");
    let edits = [
        edit(2, 2, text("x")),
        edit(9, 9, NewValue::Date(date(2026, 1, 1))),
    ];
    let mut errors = 0;
    for at in (0..original.len()).step_by(53) {
        let mut bad = original.clone();
        bad[at] ^= 0xFF;
        errors += usize::from(patch_xlsx(&bad, "POAM", &edits).is_err());
    }
    for len in (0..original.len()).step_by(97) {
        assert!(
            patch_xlsx(&original[..len], "POAM", &edits).is_err(),
            "truncated at {len}"
        );
    }
    // Most flips land in compressed data or headers and are caught (CRC, signatures, XML).
    assert!(errors > 0);
}
