//! `poam validate --format junit`: parsed back with quick-xml and checked against the
//! JSON findings.

mod format_support;

use format_support::*;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Default)]
struct Failure {
    kind: String,
    message: String,
    body: String,
}

#[derive(Debug, Default)]
struct Case {
    attrs: BTreeMap<String, String>,
    failures: Vec<Failure>,
    system_out: String,
}

#[derive(Debug, Default)]
struct Report {
    suites_attrs: BTreeMap<String, String>,
    suite_attrs: Vec<BTreeMap<String, String>>,
    cases: Vec<Case>,
}

fn attrs(e: &BytesStart) -> BTreeMap<String, String> {
    e.attributes()
        .map(|a| {
            let a = a.expect("well-formed attribute");
            (
                a.key.as_ref().to_owned(),
                a.normalized_value(XmlVersion::Implicit1_0)
                    .expect("escaped value")
                    .into_owned(),
            )
        })
        .collect()
}

/// A small reader for the JUnit shape: enough to check counts, names and texts.
fn parse(xml: &str) -> Report {
    let mut reader = Reader::from_str(xml);
    let mut report = Report::default();
    let mut text = String::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "testsuites" => {
                report.suites_attrs = attrs(&e);
            }
            Event::Start(e) if e.name().as_ref() == "testsuite" => {
                report.suite_attrs.push(attrs(&e));
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "testcase" => {
                report.cases.push(Case {
                    attrs: attrs(&e),
                    ..Case::default()
                });
            }
            Event::Start(e) if e.name().as_ref() == "failure" => {
                let a = attrs(&e);
                let case = report.cases.last_mut().expect("failure inside a testcase");
                case.failures.push(Failure {
                    kind: a.get("type").cloned().unwrap_or_default(),
                    message: a.get("message").cloned().unwrap_or_default(),
                    body: String::new(),
                });
                text.clear();
            }
            Event::Start(e) if e.name().as_ref() == "system-out" => text.clear(),
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                text.push('&');
                text.push_str(&r.xml10_content());
                text.push(';');
            }
            Event::End(e) if e.name().as_ref() == "failure" => {
                let body = quick_xml::escape::unescape(&text).expect("escaped text");
                if let Some(f) = report.cases.last_mut().and_then(|c| c.failures.last_mut()) {
                    f.body = body.into_owned();
                }
            }
            Event::End(e) if e.name().as_ref() == "system-out" => {
                let body = quick_xml::escape::unescape(&text).expect("escaped text");
                if let Some(c) = report.cases.last_mut() {
                    c.system_out = body.into_owned();
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    report
}

fn case<'a>(report: &'a Report, name: &str) -> &'a Case {
    report
        .cases
        .iter()
        .find(|c| c.attrs.get("name").map(String::as_str) == Some(name))
        .unwrap_or_else(|| panic!("no testcase {name}"))
}

#[test]
fn junit_counts_match_items_and_error_findings() {
    let report = parse(&validate_stdout(FIXTURE, "junit"));
    let json = json_report(FIXTURE);
    let items = json["items"]["total"].as_u64().expect("items.total") as usize;
    // One testcase per item, plus "Whole POA&M".
    assert_eq!(items, 5);
    assert_eq!(report.cases.len(), items + 1);

    // A testcase fails when it has an error finding: one per item id with an error,
    // plus "Whole POA&M" when a workbook-level finding is an error.
    let failing: BTreeSet<String> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["level"] == "error")
        .map(|f| f["item"].as_str().unwrap_or("Whole POA&M").to_owned())
        .collect();
    let failed_cases = report
        .cases
        .iter()
        .filter(|c| !c.failures.is_empty())
        .count();
    assert_eq!(failed_cases, failing.len());
    let errors = json["summary"]["errors"].as_u64().expect("errors") as usize;
    let failure_elements: usize = report.cases.iter().map(|c| c.failures.len()).sum();
    assert_eq!(failure_elements, errors);

    for attrs in [&report.suites_attrs, &report.suite_attrs[0]] {
        assert_eq!(attrs["tests"], (items + 1).to_string());
        assert_eq!(attrs["failures"], failing.len().to_string());
        assert_eq!(attrs["errors"], "0");
        assert_eq!(attrs["time"], "0");
    }
    assert_eq!(report.suite_attrs.len(), 1);
    assert_eq!(report.suite_attrs[0]["name"], FIXTURE);
}

#[test]
fn junit_testcases_are_named_by_item_id_with_the_row_in_system_out() {
    let report = parse(&validate_stdout(FIXTURE, "junit"));
    let names: Vec<&str> = report
        .cases
        .iter()
        .map(|c| c.attrs["name"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "POAM-001",
            "POAM-002",
            "POAM-003",
            "POAM-004",
            "POAM-005",
            "Whole POA&M",
        ]
    );
    for c in &report.cases {
        assert_eq!(c.attrs["classname"], FIXTURE);
        assert_eq!(c.attrs["file"], FIXTURE);
    }
    // The row is in the body: the first line of system-out (a CSV names its line).
    assert_eq!(case(&report, "POAM-001").system_out, "line 2");
    assert_eq!(
        case(&report, "POAM-005").system_out.lines().next(),
        Some("line 6")
    );
}

#[test]
fn junit_moving_a_row_renames_no_testcase() {
    let dir = tempfile::tempdir().expect("temp dir");
    let reversed = write_file(dir.path(), "reversed.csv", &fixture_with_lines_reversed());
    let report = parse(&validate_stdout(&reversed, "junit"));
    let names: Vec<&str> = report
        .cases
        .iter()
        .map(|c| c.attrs["name"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "POAM-005",
            "POAM-004",
            "POAM-003",
            "POAM-002",
            "POAM-001",
            "Whole POA&M",
        ]
    );
    // POAM-001 moved from line 2 to line 6: same name, same failure, new row in the body.
    let moved = case(&report, "POAM-001");
    assert_eq!(moved.system_out, "line 6");
    assert!(moved
        .failures
        .iter()
        .any(|f| f.kind == "closed-without-evidence" && f.body.starts_with("M6: ")));
}

#[test]
fn junit_duplicate_ids_get_a_number_and_items_without_id_their_row() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(root().join(FIXTURE)).expect("fixture exists");
    // Line 3 takes POAM-001's id, line 4 loses its id.
    let text = text
        .replacen("POAM-002,", "POAM-001,", 1)
        .replacen("POAM-003,", ",", 1);
    let path = write_file(dir.path(), "dup.csv", &text);
    let report = parse(&validate_stdout(&path, "junit"));
    let names: Vec<&str> = report
        .cases
        .iter()
        .map(|c| c.attrs["name"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "POAM-001",
            "POAM-001 #2",
            "row 4",
            "POAM-004",
            "POAM-005",
            "Whole POA&M",
        ]
    );
    assert_eq!(
        case(&report, "POAM-001 #2").system_out.lines().next(),
        Some("line 3")
    );
}

#[test]
fn junit_failure_carries_rule_message_and_body() {
    let xml = validate_stdout(FIXTURE, "junit");
    let report = parse(&xml);
    let findings = json_findings(FIXTURE);
    let closed = json_finding(&findings, "closed-without-evidence", "POAM-001");
    let text = format!("M2: {}", closed["message"].as_str().unwrap_or_default());

    let c = case(&report, "POAM-001");
    let failure = c
        .failures
        .iter()
        .find(|f| f.kind == "closed-without-evidence")
        .expect("a closed-without-evidence failure");
    assert_eq!(failure.message, text);
    assert_eq!(failure.body, text);

    // A warning is not a failure: it is listed in system-out.
    let generic = json_finding(&findings, "owner-generic", "POAM-003");
    let c = case(&report, "POAM-003");
    assert!(c.failures.iter().all(|f| f.kind != "owner-generic"));
    let line = format!(
        "warning[owner-generic] F4: {}",
        generic["message"].as_str().unwrap_or_default()
    );
    assert!(c.system_out.lines().any(|l| l == line), "{}", c.system_out);
}

#[test]
fn junit_classname_names_the_sheet_of_a_workbook() {
    let dir = tempfile::tempdir().expect("temp dir");
    let workbook = fixture_as_workbook(dir.path(), "POA&M");
    let xml = validate_stdout(&workbook, "junit");
    // `&` in the sheet name is escaped, and the file still parses.
    assert!(xml.contains("› POA&amp;M\""), "{xml}");
    let report = parse(&xml);
    let c = case(&report, "POAM-001");
    assert_eq!(c.attrs["classname"], format!("{workbook} › POA&M"));
    assert!(c
        .failures
        .iter()
        .any(|f| f.kind == "closed-without-evidence" && f.body.starts_with("POA&M!M2: ")));
}

#[test]
fn junit_whole_poam_testcase_holds_file_level_findings() {
    let report = parse(&validate_stdout(WHOLE_FIXTURE, "junit"));
    let names: Vec<&str> = report
        .cases
        .iter()
        .map(|c| c.attrs["name"].as_str())
        .collect();
    assert_eq!(names, ["POAM-010", "POAM-011", "Whole POA&M"]);
    assert_eq!(report.suites_attrs["tests"], "3");
    // POAM-010 (3.12.4 may never be on a POA&M) and the whole POA&M (no score) fail.
    assert_eq!(report.suites_attrs["failures"], "2");

    let whole = case(&report, "Whole POA&M");
    let kinds: Vec<&str> = whole.failures.iter().map(|f| f.kind.as_str()).collect();
    assert_eq!(kinds, ["score-unavailable"]);
    let warnings: Vec<&str> = whole.system_out.lines().collect();
    assert_eq!(warnings.len(), 2, "{}", whole.system_out);
    assert!(warnings
        .iter()
        .all(|w| w.starts_with("warning[missing-column] line 1: no column for the ")));
    let poam_010 = case(&report, "POAM-010");
    let kinds: Vec<&str> = poam_010.failures.iter().map(|f| f.kind.as_str()).collect();
    assert_eq!(kinds, ["poam-excluded"]);
    assert!(case(&report, "POAM-011").failures.is_empty());
}
