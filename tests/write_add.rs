//! `poam add` through the binary: XLSX (after the last item, styled like it) and CSV (a new
//! record), read back; a duplicate id and bad values refused with the file unchanged.

mod write_support;

use write_support::*;

const ADD: &[&str] = &[
    "add",
    "poam.xlsx",
    "--id",
    "POAM-004",
    "--control",
    "AC.L2-3.1.14",
    "--weakness",
    "Remote sessions are not logged",
    "--remediation",
    "Forward VPN session logs to the SIEM and review them weekly",
    "--owner",
    "Kevin Ortiz",
    "--completion",
    "2027-02-01",
    "--severity",
    "medium",
    "--start",
    "2026-11-27",
    "--resources",
    "6 staff-hours",
    "--milestone",
    "2026-12-15: Log forwarding configured",
    "--milestone",
    "2027-01-15: First weekly review",
    "--as-of",
    "2026-11-27",
];

#[test]
fn add_appends_a_styled_row_after_the_last_item() {
    let dir = tempdir();
    make_workbook(&dir.path().join("poam.xlsx"));
    let before = dir.path().join("before.xlsx");
    std::fs::copy(dir.path().join("poam.xlsx"), &before).expect("copy");
    let out = ok(&poam(dir.path(), ADD));
    assert!(
        out.starts_with(
            "poam.xlsx: adding POAM-004 on row 5 of sheet 'POA&M'\nPOA&M!A5: \"POAM-004\"\n"
        ),
        "{out}"
    );
    assert!(out.ends_with("updated poam.xlsx\n"), "{out}");
    let path = dir.path().join("poam.xlsx");
    for (a1, want) in [
        ("A5", "POAM-004"),
        ("B5", "AC.L2-3.1.14"),
        ("D5", "Moderate"),
        ("F5", "Kevin Ortiz"),
        ("H5", "2026-11-27"),
        (
            "I5",
            "2026-12-15: Log forwarding configured\n2027-01-15: First weekly review",
        ),
        ("J5", "2027-02-01"),
        ("K5", "Open"),
        ("L5", "2026-11-27"),
        ("M5", ""),
    ] {
        assert_eq!(cell(&path, "POA&M", a1), want, "{a1}");
    }
    assert_eq!(
        changed_entries(&before, &path),
        vec!["xl/worksheets/sheet1.xml".to_owned()]
    );
    // Styled like the item above: the date cells carry the same style index.
    let xml = sheet_xml(&path);
    for col in ["H", "J", "L"] {
        let above = style_of(&xml, &format!("{col}4"));
        assert!(above.is_some(), "{col}4 has a date style");
        assert_eq!(style_of(&xml, &format!("{col}5")), above, "{col}5");
    }
    let json = validate_json(dir.path(), "poam.xlsx", &[]);
    assert_eq!(json["items"]["total"], 4);
    assert_eq!(json["items"]["open"], 3);
    // The new item is complete: no finding on row 5.
    let on_row_5: Vec<String> = json["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|f| f["location"]["row"] == 5)
                .map(|f| f["rule"].to_string())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(on_row_5, Vec::<String>::new());
}

#[test]
fn add_appends_a_csv_record() {
    let dir = tempdir();
    let path = copy_fixture("write/poam.csv", dir.path());
    let before = std::fs::read_to_string(&path).expect("read");
    let mut args: Vec<&str> = ADD.to_vec();
    args[1] = "poam.csv";
    let out = ok(&poam(dir.path(), &args));
    assert!(
        out.starts_with("poam.csv: adding POAM-004 on line 6\n"),
        "{out}"
    );
    let after = std::fs::read_to_string(&path).expect("read");
    assert!(after.starts_with(&before), "every earlier byte kept");
    // The id is quoted because the record above quotes it (the patcher copies its style).
    assert_eq!(
        &after[before.len()..],
        "\"POAM-004\",AC.L2-3.1.14,Remote sessions are not logged,Moderate,Forward VPN session logs \
         to the SIEM and review them weekly,Kevin Ortiz,6 staff-hours,2026-11-27,\"2026-12-15: \
         Log forwarding configured\n2027-01-15: First weekly review\",2027-02-01,Open,\
         2026-11-27,,\r\n"
    );
    let json = validate_json(dir.path(), "poam.csv", &[]);
    assert_eq!(json["items"]["total"], 4);
}

#[test]
fn a_duplicate_id_or_bad_value_is_refused() {
    let dir = tempdir();
    make_workbook(&dir.path().join("poam.xlsx"));
    let with = |flag: &str, value: &'static str| {
        let mut args: Vec<&str> = ADD.to_vec();
        let i = args.iter().position(|a| *a == flag).expect("flag present");
        args[i + 1] = value;
        args
    };
    for (args, message) in [
        (
            with("--id", "poam-002"),
            "id 'poam-002' is already held by the item on row 3",
        ),
        (
            with("--control", "3.1.23"),
            "--control: 3.1.23 is not one of the 110",
        ),
        (
            with("--control", "AC-2"),
            "--control: 'AC-2' is not a NIST SP 800-171 requirement id",
        ),
        (
            with("--severity", "Severe"),
            "--severity 'Severe' is not a severity",
        ),
        (
            with("--completion", "2027-02-31"),
            "--completion: '2027-02-31' is not a date",
        ),
        (
            with("--start", "11/27/2026"),
            "--start: '11/27/2026' is not a date",
        ),
        (with("--owner", ""), "--owner is empty"),
    ] {
        let err = assert_refused(dir.path(), "poam.xlsx", &args);
        assert!(err.contains(message), "{args:?}: {err}");
    }
    let mut closed: Vec<&str> = ADD.to_vec();
    closed.extend(["--status", "Closed"]);
    let err = assert_refused(dir.path(), "poam.xlsx", &closed);
    assert!(
        err.contains("cannot be added as Closed without evidence"),
        "{err}"
    );
}

#[test]
fn add_dry_run_writes_nothing() {
    let dir = tempdir();
    make_workbook(&dir.path().join("poam.xlsx"));
    let before = std::fs::read(dir.path().join("poam.xlsx")).expect("read");
    let mut args: Vec<&str> = ADD.to_vec();
    args.push("--dry-run");
    let out = ok(&poam(dir.path(), &args));
    assert!(
        out.ends_with("dry run: poam.xlsx was not changed\n"),
        "{out}"
    );
    assert!(before == std::fs::read(dir.path().join("poam.xlsx")).expect("read"));
}

fn sheet_xml(path: &std::path::Path) -> String {
    let file = std::fs::File::open(path).expect("opens");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").expect("sheet"),
        &mut xml,
    )
    .expect("utf-8");
    xml
}

/// The `s` attribute of cell `a1` in the sheet XML.
fn style_of(xml: &str, a1: &str) -> Option<String> {
    let start = xml.find(&format!("<c r=\"{a1}\""))?;
    let tag = &xml[start..start + xml[start..].find('>')?];
    let s = tag.find(" s=\"")? + 4;
    Some(tag[s..].split('"').next()?.to_owned())
}

const ADD_MINIMAL: &[&str] = &[
    "--id",
    "POAM-009",
    "--control",
    "3.1.8",
    "--weakness",
    "Lockout threshold is 0 on the lab PCs",
    "--remediation",
    "Set lockout threshold 5 by GPO on the Lab OU",
    "--owner",
    "Marcus Lee",
    "--completion",
    "2027-03-01",
    "--as-of",
    "2026-11-27",
];

fn add_args<'a>(file: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["add", file];
    args.extend_from_slice(ADD_MINIMAL);
    args.extend_from_slice(extra);
    args
}

#[test]
fn add_to_a_poam_without_a_status_column_writes_no_status() {
    let dir = tempdir();
    copy_fixture("write/no_status.csv", dir.path());
    // An explicit --status needs the column.
    let err = assert_refused(
        dir.path(),
        "no_status.csv",
        &add_args("no_status.csv", &["--status", "Open"]),
    );
    assert!(
        err.contains("no_status.csv was not changed: it has no status column"),
        "{err}"
    );
    // Without --status, the item is added without one.
    let out = ok(&poam(dir.path(), &add_args("no_status.csv", &[])));
    assert!(
        out.starts_with("no_status.csv: adding POAM-009 on line 3\n"),
        "{out}"
    );
    let text = std::fs::read_to_string(dir.path().join("no_status.csv")).expect("read");
    assert_eq!(
        text.lines().nth(2),
        Some(
            "POAM-009,3.1.8,Lockout threshold is 0 on the lab PCs,Set lockout threshold 5 by \
             GPO on the Lab OU,Marcus Lee,2027-03-01,"
        )
    );
}

#[test]
fn add_to_the_fedramp_template_needs_no_status() {
    let dir = tempdir();
    let Some(path) = fedramp_copy(dir.path()) else {
        return;
    };
    let out = ok(&poam(dir.path(), &add_args("fedramp.xlsx", &[])));
    assert!(
        out.starts_with("fedramp.xlsx: adding POAM-009 on row 9 of sheet 'Open POA&M Items'\n"),
        "{out}"
    );
    let sheet = "Open POA&M Items";
    assert_eq!(cell(&path, sheet, "A9"), "POAM-009");
    assert_eq!(cell(&path, sheet, "H9"), "Marcus Lee");
    assert_eq!(cell(&path, sheet, "L9"), "2027-03-01");
    // The status date records when the item was entered.
    assert_eq!(cell(&path, sheet, "O9"), "2026-11-27");
    let json = validate_json(dir.path(), "fedramp.xlsx", &[]);
    assert_eq!(json["items"]["total"], 2);
}

/// The autoFilter `ref` of the sheet XML.
fn auto_filter(xml: &str) -> Option<String> {
    let start = xml.find("<autoFilter ")?;
    let r = xml[start..].find("ref=\"")? + start + 5;
    Some(xml[r..].split('"').next()?.to_owned())
}

#[test]
fn add_extends_the_sheet_autofilter_to_the_new_row() {
    let dir = tempdir();
    let path = dir.path().join("poam.xlsx");
    copy_writable(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/poam.xlsx"),
        &path,
    );
    assert_eq!(auto_filter(&sheet_xml(&path)).as_deref(), Some("A4:N18"));
    let before = dir.path().join("before.xlsx");
    std::fs::copy(&path, &before).expect("copy");
    let out = ok(&poam(dir.path(), &add_args("poam.xlsx", &[])));
    assert!(
        out.starts_with("poam.xlsx: adding POAM-009 on row 19 of sheet 'POA&M'\n"),
        "{out}"
    );
    let xml = sheet_xml(&path);
    assert_eq!(auto_filter(&xml).as_deref(), Some("A4:N19"));
    // The drop-downs already reach row 204: unchanged.
    assert!(xml.contains(r#"<dataValidation sqref="K5:K204""#), "{xml}");
    // The hidden name Excel and LibreOffice keep for the filter range follows it.
    let workbook = zip_part(&path, "xl/workbook.xml");
    assert!(
        workbook.contains(r#"hidden="1">'POA&amp;M'!$A$4:$N$19</definedName>"#),
        "{workbook}"
    );
    assert_eq!(
        changed_entries(&before, &path),
        vec![
            "xl/worksheets/sheet1.xml".to_owned(),
            "xl/workbook.xml".to_owned()
        ]
    );
    assert_eq!(cell(&path, "POA&M", "A19"), "POAM-009");
}

fn zip_part(path: &std::path::Path, name: &str) -> String {
    let file = std::fs::File::open(path).expect("opens");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).expect("part"), &mut xml).expect("utf-8");
    xml
}

/// The openpyxl and LibreOffice workbooks have a status drop-down and a conditional format
/// on K4:K6 and an autoFilter on A3:N6, all ending on the last item: each grows to row 7.
#[test]
fn add_extends_drop_downs_and_conditional_formats_that_end_on_the_last_item() {
    for (file, filter_name) in [
        (
            "openpyxl-poam.xlsx",
            r#"hidden="1">'POA&amp;M'!$A$3:$N$7</definedName>"#,
        ),
        (
            "libreoffice-poam.xlsx",
            r#"name="_xlnm._FilterDatabase" vbProcedure="false">&apos;POA&amp;M&apos;!$A$3:$N$7</definedName>"#,
        ),
    ] {
        let dir = tempdir();
        let path = copy_fixture(&format!("write/{file}"), dir.path());
        let before = sheet_xml(&path);
        assert!(before.contains(r#"sqref="K4:K6""#), "{file}");
        let out = ok(&poam(dir.path(), &add_args(file, &[])));
        assert!(
            out.starts_with(&format!(
                "{file}: adding POAM-009 on row 7 of sheet 'POA&M'\n"
            )),
            "{out}"
        );
        let xml = sheet_xml(&path);
        assert_eq!(auto_filter(&xml).as_deref(), Some("A3:N7"), "{file}");
        assert_eq!(xml.matches(r#"sqref="K4:K7""#).count(), 2, "{file}: {xml}");
        assert!(!xml.contains(r#"sqref="K4:K6""#), "{file}");
        let workbook = zip_part(&path, "xl/workbook.xml");
        assert!(workbook.contains(filter_name), "{file}: {workbook}");
        assert_eq!(cell(&path, "POA&M", "K7"), "Open", "{file}");
        let json = validate_json(dir.path(), file, &[]);
        assert_eq!(json["items"]["total"], 4, "{file}");
    }
}
