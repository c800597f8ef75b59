//! CSV write-back: only the edited record changes; BOM, delimiter, line endings and the
//! quoting of every other record are kept byte for byte.

use chrono::NaiveDate;
use poam::io::patch::{append_csv_record, detect_delimiter, patch_csv, CellEdit, NewValue};

/// A European Excel export: BOM, CRLF, semicolons, a quoted multi-line cell, quoted and
/// unquoted fields.
const SOURCE: &[u8] = b"\xEF\xBB\xBFPOA&M ID;Control;Weakness;Status;Due\r\n\
POAM-001;3.1.1;\"Shared accounts\r\non two lines; with a semicolon\";Open;2026-01-15\r\n\
\"POAM-002\";3.5.3;\"No MFA\";\"Open\";2026-02-01\r\n\
POAM-003;3.13.11;FIPS pending;Closed;\r\n";

fn edit(row: u32, col: u32, value: NewValue) -> CellEdit {
    CellEdit { row, col, value }
}

/// `after` equals `before` with `old` replaced by `new` (exactly once).
fn assert_only_change(before: &[u8], after: &[u8], old: &[u8], new: &[u8]) {
    let at = before
        .windows(old.len())
        .position(|w| w == old)
        .expect("old record present");
    let mut expected = before[..at].to_vec();
    expected.extend_from_slice(new);
    expected.extend_from_slice(&before[at + old.len()..]);
    assert_eq!(
        String::from_utf8_lossy(after),
        String::from_utf8_lossy(&expected)
    );
}

#[test]
fn detects_semicolons() {
    assert_eq!(detect_delimiter(SOURCE), b';');
}

#[test]
fn edits_a_record_after_a_multi_line_one() {
    // Record "POAM-002" starts on line 4: the multi-line record spans lines 2–3.
    let edits = [
        edit(4, 3, NewValue::Text("Risk; Accepted".into())),
        edit(
            4,
            4,
            NewValue::Date(NaiveDate::from_ymd_opt(2026, 3, 1).expect("date")),
        ),
    ];
    let out = patch_csv(SOURCE, &edits).expect("patched");
    assert_only_change(
        SOURCE,
        &out.bytes,
        b"\"POAM-002\";3.5.3;\"No MFA\";\"Open\";2026-02-01\r\n",
        b"\"POAM-002\";3.5.3;\"No MFA\";\"Risk; Accepted\";2026-03-01\r\n",
    );
    assert!(out.warnings.is_empty());
    // The csv crate reads it back with the new values on the same line. Like `io`'s
    // reader, CRLF is read as LF first: the csv crate counts a CRLF record's line before
    // consuming the previous LF, one line too early.
    let lf = String::from_utf8_lossy(&out.bytes[3..]).replace("\r\n", "\n");
    let mut rd = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(lf.as_bytes());
    let rec = rd.records().nth(2).expect("record").expect("parses");
    assert_eq!(rec.position().map(|p| p.line()), Some(4));
    assert_eq!(&rec[3], "Risk; Accepted");
    assert_eq!(&rec[1], "3.5.3");
    assert_eq!(&rec[4], "2026-03-01");
}

#[test]
fn edits_the_multi_line_record_and_quotes_only_when_needed() {
    let edits = [
        edit(
            2,
            2,
            NewValue::Text("Fixed: one \"shared\" account left".into()),
        ),
        edit(2, 3, NewValue::Text("=1+2".into())),
        edit(2, 6, NewValue::Number(3.5)),
    ];
    let out = patch_csv(SOURCE, &edits).expect("patched");
    assert_only_change(
        SOURCE,
        &out.bytes,
        b"POAM-001;3.1.1;\"Shared accounts\r\non two lines; with a semicolon\";Open;2026-01-15\r\n",
        b"POAM-001;3.1.1;\"Fixed: one \"\"shared\"\" account left\";=1+2;2026-01-15;;3.5\r\n",
    );
    assert_eq!(out.warnings.len(), 1);
    assert!(
        out.warnings[0].starts_with("D2 (line 2): the text begins with '='"),
        "{:?}",
        out.warnings
    );
}

#[test]
fn a_quoted_field_stays_quoted_and_blank_clears() {
    let edits = [
        edit(4, 2, NewValue::Text("MFA".into())),
        edit(5, 3, NewValue::Blank),
    ];
    let out = patch_csv(SOURCE, &edits).expect("patched");
    let expected = String::from_utf8_lossy(SOURCE)
        .replace("\"No MFA\"", "\"MFA\"")
        .replace("FIPS pending;Closed;", "FIPS pending;;");
    assert_eq!(String::from_utf8_lossy(&out.bytes), expected);
}

#[test]
fn unknown_line_is_refused() {
    // Line 3 is inside the multi-line record: no record starts there.
    let err = patch_csv(SOURCE, &[edit(3, 0, NewValue::Blank)]).err();
    assert_eq!(
        err.map(|e| e.to_string()).as_deref(),
        Some("line 3: no CSV record starts on that line")
    );
}

#[test]
fn appends_with_the_files_delimiter_and_line_ending() {
    let values = [
        (0, NewValue::Text("POAM-004".into())),
        (2, NewValue::Text("Line one\nline two".into())),
        (3, NewValue::Text("@SUM(A1)".into())),
    ];
    let out = append_csv_record(SOURCE, &values).expect("appended");
    let mut expected = SOURCE.to_vec();
    expected.extend_from_slice(b"POAM-004;;\"Line one\nline two\";@SUM(A1);\r\n");
    assert_eq!(
        String::from_utf8_lossy(&out.bytes),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(out.appended_row, Some(6));
    assert_eq!(out.warnings.len(), 1);
}

#[test]
fn appends_to_a_file_without_final_newline() {
    let src = b"id,text\n1,a";
    let out = append_csv_record(
        src,
        &[(0, NewValue::Number(2.0)), (1, NewValue::Text("b".into()))],
    )
    .expect("appended");
    assert_eq!(out.bytes, b"id,text\n1,a\n2,b".to_vec());
    assert_eq!(out.appended_row, Some(3));
}

#[test]
fn utf16_is_refused() {
    assert!(patch_csv(b"\xFF\xFEa\0", &[edit(1, 0, NewValue::Blank)]).is_err());
}

#[test]
fn classic_mac_line_endings_count_each_cr_as_a_line() {
    // As the reader counts them: a lone CR ends a line, also inside a quoted cell, and a
    // CRLF (even in such a file) is one line ending. Record "2" starts on line 5.
    let src = b"id,x\r\"1\ra\",b\r\r2,c\r\n";
    let out = patch_csv(src, &[edit(5, 1, NewValue::Text("d".into()))]).expect("edited");
    assert_eq!(out.bytes, b"id,x\r\"1\ra\",b\r\r2,d\r\n");
    let added =
        append_csv_record(b"id,x\r1,a\r", &[(0, NewValue::Text("2".into()))]).expect("appended");
    assert_eq!(added.bytes, b"id,x\r1,a\r2,\r");
    assert_eq!(added.appended_row, Some(3));
    // A file whose first line ends in LF or CRLF counts LFs only, lone CRs not.
    let lf = patch_csv(b"id,x\n1,a\n", &[edit(2, 1, NewValue::Blank)]).expect("edited");
    assert_eq!(lf.bytes, b"id,x\n1,\n");
    let mixed = patch_csv(b"id,x\r\n1,a\r2,b\r\n", &[edit(2, 1, NewValue::Blank)]).err();
    assert!(mixed.is_some_and(|e| e.to_string().contains("CR line endings")));
}

/// Any byte anywhere gives a result or an error, never a panic.
#[test]
fn damaged_csv_never_panics() {
    for at in 0..SOURCE.len() {
        for b in [b'"', b'\r', b'\n', b';', 0xFF] {
            let mut bad = SOURCE.to_vec();
            bad[at] = b;
            let _ = patch_csv(&bad, &[edit(4, 1, NewValue::Text("x".into()))]);
            let _ = append_csv_record(&bad, &[(2, NewValue::Blank)]);
        }
    }
    // An unterminated quote runs to the end of the file: the record is still editable.
    let out = patch_csv(b"a,b\n1,\"open", &[edit(2, 0, NewValue::Number(2.0))]).expect("ok");
    assert_eq!(out.bytes, b"a,b\n2,\"open".to_vec());
}
