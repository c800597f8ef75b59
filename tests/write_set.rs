//! `poam set` and `poam close` through the binary, on a workbook made by rust_xlsxwriter and
//! on CSV fixtures: the new values read back, every other zip entry and CSV record kept,
//! and every refusal leaving the file byte-identical (PRODUCT.md §6).

mod write_support;

use std::path::Path;
use write_support::*;

fn workbook_in(dir: &Path) {
    make_workbook(&dir.join("poam.xlsx"));
}

#[test]
fn set_changes_exactly_the_named_cells_of_an_xlsx() {
    let dir = tempdir();
    workbook_in(dir.path());
    let before = dir.path().join("before.xlsx");
    std::fs::copy(dir.path().join("poam.xlsx"), &before).expect("copy");
    let out = ok(&poam(
        dir.path(),
        &[
            "set",
            "poam.xlsx",
            "POAM-002",
            "--status",
            "delayed",
            "--completion",
            "2027-02-26",
            "--milestone",
            "2027-01-15: Vendor ships the replacement licence",
            "--owner",
            "Dana Whitfield, IT Manager",
            "--comment",
            "Licence backordered",
            "--as-of",
            "2026-11-27",
        ],
    ));
    assert_eq!(
        out,
        "POA&M!K3: \"In Progress\" → \"Delayed\"\n\
         POA&M!L3: \"2026-11-20\" → \"2026-11-27\"\n\
         POA&M!J3: \"2026-12-18\" → \"2027-02-26\"\n\
         POA&M!I3: \"2026-12-01: GPO approved\" → \"2026-12-01: GPO approved\\n2027-01-15: Vendor ships the replacement licence\"\n\
         POA&M!F3: \"Dana Whitfield\" → \"Dana Whitfield, IT Manager\"\n\
         POA&M!N3: \"\" → \"Licence backordered\"\n\
         updated poam.xlsx\n"
    );
    let path = dir.path().join("poam.xlsx");
    assert_eq!(cell(&path, "POA&M", "K3"), "Delayed");
    assert_eq!(cell(&path, "POA&M", "L3"), "2026-11-27");
    assert_eq!(cell(&path, "POA&M", "J3"), "2027-02-26");
    assert_eq!(
        cell(&path, "POA&M", "I3"),
        "2026-12-01: GPO approved\n2027-01-15: Vendor ships the replacement licence"
    );
    assert_eq!(cell(&path, "POA&M", "F3"), "Dana Whitfield, IT Manager");
    assert_eq!(cell(&path, "POA&M", "N3"), "Licence backordered");
    // The other items are untouched.
    assert_eq!(cell(&path, "POA&M", "K2"), "Open");
    assert_eq!(cell(&path, "POA&M", "L2"), "2026-11-20");
    // Only the POA&M sheet's part changed; every other entry keeps name, order and bytes.
    assert_eq!(
        changed_entries(&before, &path),
        vec!["xl/worksheets/sheet1.xml".to_owned()]
    );
    // And poam reads it back as the same POA&M with the new values.
    let json = validate_json(dir.path(), "poam.xlsx", &[]);
    assert_eq!(json["items"]["total"], 3);
    assert_eq!(json["items"]["open"], 2);
}

#[test]
fn close_sets_status_date_and_evidence() {
    let dir = tempdir();
    workbook_in(dir.path());
    let out = ok(&poam(
        dir.path(),
        &[
            "close",
            "poam.xlsx",
            "POAM-001",
            "--evidence",
            "evidence/AC/lockout-gpo.png",
            "--evidence",
            "SEC-118",
            "--status-date",
            "2026-11-25",
        ],
    ));
    assert_eq!(
        out,
        "POA&M!K2: \"Open\" → \"Closed\"\n\
         POA&M!L2: \"2026-11-20\" → \"2026-11-25\"\n\
         POA&M!M2: \"\" → \"evidence/AC/lockout-gpo.png\\nSEC-118\"\n\
         updated poam.xlsx\n"
    );
    let json = validate_json(dir.path(), "poam.xlsx", &[]);
    assert_eq!(json["items"]["closed"], 2);
    assert_eq!(
        finding_places(&json, &["closed-without-evidence", "evidence-vague"]),
        Vec::<String>::new()
    );
    // Closing again with the same reference adds nothing: the cell is unchanged.
    let out = ok(&poam(
        dir.path(),
        &["close", "poam.xlsx", "POAM-001", "--evidence", "SEC-118"],
    ));
    assert_eq!(
        out,
        "poam.xlsx: nothing to change on POAM-001 (the cells already hold these values)\n"
    );
}

#[test]
fn status_change_dates_default_to_as_of() {
    let dir = tempdir();
    workbook_in(dir.path());
    ok(&poam(
        dir.path(),
        &[
            "set",
            "poam.xlsx",
            "POAM-001",
            "--status",
            "In Progress",
            "--as-of",
            "2026-11-30",
        ],
    ));
    let path = dir.path().join("poam.xlsx");
    assert_eq!(cell(&path, "POA&M", "L2"), "2026-11-30");
    // No status change: the status date stays.
    ok(&poam(
        dir.path(),
        &[
            "set",
            "poam.xlsx",
            "POAM-001",
            "--status",
            "in progress",
            "--as-of",
            "2026-12-05",
        ],
    ));
    assert_eq!(cell(&path, "POA&M", "L2"), "2026-11-30");
}

#[test]
fn text_that_looks_like_a_formula_is_a_string_in_xlsx() {
    let dir = tempdir();
    workbook_in(dir.path());
    let out = poam(
        dir.path(),
        &[
            "set",
            "poam.xlsx",
            "POAM-001",
            "--comment",
            "=HYPERLINK(\"http://x\")",
        ],
    );
    ok(&out);
    assert_eq!(stderr(&out), "");
    let path = dir.path().join("poam.xlsx");
    assert_eq!(cell(&path, "POA&M", "N2"), "=HYPERLINK(\"http://x\")");
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&path).expect("opens");
    use calamine::Reader;
    let formulas = wb.worksheet_formula("POA&M").expect("formulas");
    assert!(formulas.get_value((1, 13)).is_none_or(String::is_empty));
    // In the sheet XML, N2 is an inline string and has no <f>.
    let file = std::fs::File::open(&path).expect("opens");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").expect("sheet part"),
        &mut xml,
    )
    .expect("utf-8");
    let start = xml.find("r=\"N2\"").expect("N2 is written");
    let end = start + xml[start..].find("</c>").expect("N2 ends");
    let n2 = &xml[start..end];
    assert!(n2.contains("t=\"inlineStr\""), "{n2}");
    assert!(!n2.contains("<f>"), "{n2}");
    // The formula that was there (P2) still is.
    assert_eq!(
        formulas.get_value((1, 15)).map(String::as_str),
        Some("LEN(C2)")
    );
}

#[test]
fn csv_set_keeps_every_other_byte_and_warns_on_formula_text() {
    let dir = tempdir();
    let path = copy_fixture("write/poam.csv", dir.path());
    let before = std::fs::read(&path).expect("read");
    let out = poam(
        dir.path(),
        &[
            "set",
            "poam.csv",
            "POAM-002",
            "--status",
            "Closed",
            "--evidence",
            "evidence/AC/session-lock.png",
            "--comment",
            "=cmd|' /C calc'!A0",
            "--as-of",
            "2026-11-27",
        ],
    );
    assert_eq!(
        ok(&out),
        "line 4 column K: \"In Progress\" → \"Closed\"\n\
         line 4 column L: \"2026-11-20\" → \"2026-11-27\"\n\
         line 4 column M: \"\" → \"evidence/AC/session-lock.png\"\n\
         line 4 column N: \"\" → \"=cmd|' /C calc'!A0\"\n\
         updated poam.csv\n"
    );
    assert!(
        stderr(&out).contains("poam: warning: poam.csv:"),
        "formula injection warning: {}",
        stderr(&out)
    );
    let after = std::fs::read(&path).expect("read");
    let before_text = String::from_utf8(before).expect("utf-8");
    let after_text = String::from_utf8(after).expect("utf-8");
    let b: Vec<&str> = before_text.split("\r\n").collect();
    let a: Vec<&str> = after_text.split("\r\n").collect();
    assert_eq!(a.len(), b.len());
    assert!(after_text.starts_with('\u{feff}'), "BOM kept");
    for (i, (x, y)) in b.iter().zip(&a).enumerate() {
        if i == 3 {
            assert_eq!(
                *y,
                "POAM-002,3.1.10,Session lock disabled on 6 CAD PCs,Low,Apply a 15-minute \
                 inactivity lock by GPO to the Engineering OU,Dana Whitfield,6 staff-hours,\
                 2026-09-08,2026-12-04: GPO applied,2026-12-18,Closed,2026-11-27,\
                 evidence/AC/session-lock.png,=cmd|' /C calc'!A0"
            );
        } else {
            assert_eq!(x, y, "line {} kept", i + 1);
        }
    }
    let json = validate_json(dir.path(), "poam.csv", &[]);
    assert_eq!(json["items"]["closed"], 2);
}

#[test]
fn dry_run_prints_and_writes_nothing() {
    let dir = tempdir();
    workbook_in(dir.path());
    let before = std::fs::read(dir.path().join("poam.xlsx")).expect("read");
    let out = ok(&poam(
        dir.path(),
        &[
            "set",
            "poam.xlsx",
            "POAM-001",
            "--owner",
            "Kevin Ortiz",
            "--dry-run",
        ],
    ));
    assert_eq!(
        out,
        "POA&M!F2: \"Marcus Lee\" → \"Kevin Ortiz\"\ndry run: poam.xlsx was not changed\n"
    );
    assert!(before == std::fs::read(dir.path().join("poam.xlsx")).expect("read"));
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(|e| e.ok().map(|e| e.file_name()))
        .collect();
    assert_eq!(names.len(), 1, "nothing else written: {names:?}");
}

#[test]
fn backup_keeps_the_previous_file() {
    let dir = tempdir();
    workbook_in(dir.path());
    let before = std::fs::read(dir.path().join("poam.xlsx")).expect("read");
    let out = ok(&poam(
        dir.path(),
        &[
            "set",
            "poam.xlsx",
            "POAM-001",
            "--owner",
            "Kevin Ortiz",
            "--backup",
        ],
    ));
    assert!(out.ends_with("updated poam.xlsx (the previous version is poam.xlsx.bak)\n"));
    let bak = std::fs::read(dir.path().join("poam.xlsx.bak")).expect("backup written");
    assert!(bak == before, "the backup is the previous file");
    assert_eq!(
        cell(&dir.path().join("poam.xlsx"), "POA&M", "F2"),
        "Kevin Ortiz"
    );
}

#[test]
fn unknown_id_is_refused_with_the_nearest_ids() {
    let dir = tempdir();
    workbook_in(dir.path());
    let err = assert_refused(
        dir.path(),
        "poam.xlsx",
        &["set", "poam.xlsx", "POAM-01", "--owner", "X"],
    );
    assert_eq!(
        err,
        "poam: error: poam.xlsx was not changed: there is no item with id 'POAM-01'; did you \
         mean POAM-001, POAM-002 or POAM-003?\n"
    );
    let err = assert_refused(
        dir.path(),
        "poam.xlsx",
        &["set", "poam.xlsx", "XYZ-ABCDEFGH-9", "--owner", "X"],
    );
    assert!(err.contains("(3 items; none has a similar id)"), "{err}");
}

#[test]
fn an_id_held_by_two_items_is_refused() {
    let dir = tempdir();
    copy_fixture("write/duplicate_id.csv", dir.path());
    let err = assert_refused(
        dir.path(),
        "duplicate_id.csv",
        &[
            "set",
            "duplicate_id.csv",
            "POAM-001",
            "--owner",
            "Kevin Ortiz",
        ],
    );
    assert!(
        err.contains("id 'POAM-001' is held by 2 items (lines 2, 4)"),
        "{err}"
    );
}

#[test]
fn closure_without_evidence_is_refused() {
    let dir = tempdir();
    workbook_in(dir.path());
    for args in [
        vec!["close", "poam.xlsx", "POAM-001"],
        vec!["set", "poam.xlsx", "POAM-001", "--status", "Closed"],
        vec![
            "set",
            "poam.xlsx",
            "POAM-001",
            "--status",
            "completed",
            "--evidence",
            "  ",
        ],
    ] {
        let err = assert_refused(dir.path(), "poam.xlsx", &args);
        assert!(
            err.contains("POAM-001 cannot be closed without evidence"),
            "{err}"
        );
    }
    // An item that already names evidence may be closed again without a new reference.
    ok(&poam(
        dir.path(),
        &["set", "poam.xlsx", "POAM-003", "--status", "Open"],
    ));
    ok(&poam(dir.path(), &["close", "poam.xlsx", "POAM-003"]));
}

#[test]
fn invalid_dates_and_statuses_are_refused() {
    let dir = tempdir();
    workbook_in(dir.path());
    for (args, message) in [
        (
            vec!["--status", "Finished"],
            "--status 'Finished' is not a status",
        ),
        (
            vec!["--completion", "2026-02-30"],
            "--completion: '2026-02-30' is not a date",
        ),
        (
            vec!["--completion", "03/04/2026"],
            "--completion: '03/04/2026' is not a date",
        ),
        (
            vec!["--status-date", "tomorrow"],
            "--status-date: 'tomorrow' is not a date",
        ),
        (
            vec!["--milestone", "soon: do it"],
            "--milestone: 'soon' is not a date",
        ),
        (
            vec!["--milestone", "2026-12-01"],
            "--milestone '2026-12-01' is not in the form",
        ),
        (vec!["--owner", " "], "--owner is empty"),
        (
            vec!["--as-of", "2026-1-1x", "--owner", "A"],
            "--as-of: '2026-1-1x' is not a date",
        ),
    ] {
        let mut all = vec!["set", "poam.xlsx", "POAM-001"];
        all.extend(args);
        let err = assert_refused(dir.path(), "poam.xlsx", &all);
        assert!(err.contains(message), "{all:?}: {err}");
    }
}

#[test]
fn a_field_without_a_column_is_refused_naming_the_header_to_add() {
    let dir = tempdir();
    copy_fixture("write/no_comments.csv", dir.path());
    let err = assert_refused(
        dir.path(),
        "no_comments.csv",
        &["set", "no_comments.csv", "POAM-001", "--comment", "x"],
    );
    assert_eq!(
        err,
        "poam: error: no_comments.csv was not changed: it has no comments column; add a \
         column headed 'Comments' to the header on line 1 and try again\n"
    );
    let err = assert_refused(
        dir.path(),
        "no_comments.csv",
        &[
            "set",
            "no_comments.csv",
            "POAM-001",
            "--status-date",
            "2026-11-27",
        ],
    );
    assert!(err.contains("add a column headed 'Status Date'"), "{err}");
    // A status change without a status-date column changes the status alone.
    let out = ok(&poam(
        dir.path(),
        &[
            "set",
            "no_comments.csv",
            "POAM-001",
            "--status",
            "In Progress",
        ],
    ));
    assert_eq!(
        out,
        "line 2 column G: \"Open\" → \"In Progress\"\nupdated no_comments.csv\n"
    );
}

#[cfg(unix)]
#[test]
fn read_only_file_or_folder_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir();
    workbook_in(dir.path());
    let path = dir.path().join("poam.xlsx");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let err = assert_refused(
        dir.path(),
        "poam.xlsx",
        &["set", "poam.xlsx", "POAM-001", "--owner", "A"],
    );
    assert!(
        err.contains("poam.xlsx was not changed: it is read-only"),
        "{err}"
    );
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");

    let folder = dir.path().join("locked");
    std::fs::create_dir(&folder).expect("mkdir");
    make_workbook(&folder.join("poam.xlsx"));
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let err = assert_refused(
        &folder,
        "poam.xlsx",
        &["close", "poam.xlsx", "POAM-001", "--evidence", "SEC-1"],
    );
    assert!(err.contains("its folder . is read-only"), "{err}");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

#[test]
fn a_workbook_that_fails_to_read_is_refused() {
    let dir = tempdir();
    std::fs::write(
        dir.path().join("broken.xlsx"),
        b"PK\x03\x04 not really a zip",
    )
    .expect("write");
    let err = assert_refused(
        dir.path(),
        "broken.xlsx",
        &["set", "broken.xlsx", "POAM-001", "--owner", "A"],
    );
    assert!(err.contains("the file was not changed"), "{err}");
    std::fs::write(dir.path().join("notes.csv"), b"just,some\ntext,here\n").expect("write");
    assert_refused(
        dir.path(),
        "notes.csv",
        &["close", "notes.csv", "POAM-001", "--evidence", "SEC-1"],
    );
}

// ---------------------------------------------------------------- appends keep the raw text

#[test]
fn appends_keep_the_cells_raw_text_and_its_paragraph_style() {
    let dir = tempdir();
    copy_fixture("write/paragraphs.csv", dir.path());
    let out = ok(&poam(
        dir.path(),
        &[
            "set",
            "paragraphs.csv",
            "POAM-001",
            "--milestone",
            "2027-01-10: GPO enforced on every PC",
            "--comment",
            "Owner confirmed",
            "--evidence",
            "evidence/AC/gpo.png",
        ],
    ));
    assert_eq!(
        out,
        "line 2 column J: \"evidence/AC/x.png\\nSEC-118\" → \
         \"evidence/AC/x.png\\nSEC-118\\nevidence/AC/gpo.png\"\n\
         line 2 column H: \"(1) 2026-12-01: GPO approved\\n\\n(2) 2026-12-15: GPO \\nlinked to the OU\" → \
         \"(1) 2026-12-01: GPO approved\\n\\n(2) 2026-12-15: GPO \\nlinked to the OU\\n\\n(4) 2027-01-10: GPO enforced on every PC\"\n\
         line 2 column K: \"Found in August \\nReviewed in October\" → \
         \"Found in August \\nReviewed in October\\nOwner confirmed\"\n\
         updated paragraphs.csv\n"
    );
    let text = std::fs::read_to_string(dir.path().join("paragraphs.csv")).expect("read");
    // Milestone numbers are unique across Planned Milestones and Milestone Changes ((3) is
    // a new milestone in the changes column), the blank line and the trailing space stay.
    assert!(
        text.contains(
            "\"(1) 2026-12-01: GPO approved\n\n(2) 2026-12-15: GPO \nlinked to the OU\n\n\
             (4) 2027-01-10: GPO enforced on every PC\""
        ),
        "{text}"
    );
    assert!(
        text.contains("\"Found in August \nReviewed in October\nOwner confirmed\""),
        "{text}"
    );
}

#[test]
fn fedramp_milestone_comment_and_evidence_appends_keep_the_template_text() {
    let dir = tempdir();
    let Some(path) = fedramp_copy(dir.path()) else {
        return;
    };
    let sheet = "Open POA&M Items";
    let out = ok(&poam(
        dir.path(),
        &[
            "set",
            "fedramp.xlsx",
            "V-1Example",
            "--milestone",
            "2014-08-01: Port closed",
            "--comment",
            "Rescanned",
            "--evidence",
            "Remediation Evidence : rescan.pdf",
            "--as-of",
            "2026-11-27",
        ],
    ));
    assert!(out.ends_with("updated fedramp.xlsx\n"), "{out}");
    assert_eq!(
        cell(&path, sheet, "M8"),
        "(1) 2014/05/23: Milestone Description\n\n(2) 2014-06-12: Milestone \nDescription\
         \n\n(4) 2014-08-01: Port closed"
    );
    assert_eq!(cell(&path, sheet, "Z8"), "none\nRescanned");
    assert_eq!(
        cell(&path, sheet, "Y8"),
        "Remediation Evidence : filename.doc\nDeviation Request : DR-123-Example-1.doc\n\
         Remediation Evidence : rescan.pdf"
    );
}

#[test]
fn an_evidence_reference_written_differently_is_not_added_twice() {
    let dir = tempdir();
    workbook_in(dir.path());
    let before = std::fs::read(dir.path().join("poam.xlsx")).expect("read");
    // POAM-003 holds evidence/AU/siem-forwarding.pdf.
    for same in [
        "./evidence/AU/siem-forwarding.pdf",
        "evidence\\AU\\siem-forwarding.pdf",
        ".\\evidence\\AU\\siem-forwarding.pdf ",
        "evidence/AU/siem-forwarding.pdf",
    ] {
        let out = ok(&poam(
            dir.path(),
            &["set", "poam.xlsx", "POAM-003", "--evidence", same],
        ));
        assert_eq!(
            out, "poam.xlsx: nothing to change on POAM-003 (the cells already hold these values)\n",
            "{same:?}"
        );
    }
    assert!(before == std::fs::read(dir.path().join("poam.xlsx")).expect("read"));
    // Two spellings of one new file in one command: added once, as first typed.
    let out = ok(&poam(
        dir.path(),
        &[
            "set",
            "poam.xlsx",
            "POAM-003",
            "--evidence",
            "./evidence/AU/acl.png",
            "--evidence",
            "evidence\\AU\\acl.png",
        ],
    ));
    assert_eq!(
        out,
        "POA&M!M4: \"evidence/AU/siem-forwarding.pdf\" → \
         \"evidence/AU/siem-forwarding.pdf\\n./evidence/AU/acl.png\"\nupdated poam.xlsx\n"
    );
}

#[test]
fn a_status_change_without_a_status_date_column_says_the_date_is_not_recorded() {
    let dir = tempdir();
    copy_fixture("write/paragraphs.csv", dir.path());
    let out = poam(
        dir.path(),
        &["set", "paragraphs.csv", "POAM-001", "--status", "Delayed"],
    );
    assert_eq!(
        ok(&out),
        "line 2 column G: \"Open\" → \"Delayed\"\nupdated paragraphs.csv\n"
    );
    assert_eq!(
        stderr(&out),
        "poam: note: paragraphs.csv: the workbook has no status-date column, so the date of \
         this change is not recorded; add a 'Status Date' column\n"
    );
    // No status change, no note.
    let out = poam(
        dir.path(),
        &["set", "paragraphs.csv", "POAM-001", "--status", "Delayed"],
    );
    ok(&out);
    assert_eq!(stderr(&out), "");
    // With a status-date column there is nothing to say.
    workbook_in(dir.path());
    let out = poam(
        dir.path(),
        &["set", "poam.xlsx", "POAM-001", "--status", "Delayed"],
    );
    ok(&out);
    assert_eq!(stderr(&out), "");
}
