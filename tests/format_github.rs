//! `poam validate --format github`: one workflow command per finding on stdout, the
//! summary on stderr.

mod format_support;

use format_support::*;
use serde_json::Value;

/// The escaping of actions/toolkit `command.ts`, written out independently of the crate.
fn escape_message(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_message(s).replace(':', "%3A").replace(',', "%2C")
}

fn message(finding: &Value) -> &str {
    finding["message"].as_str().unwrap_or_default()
}

#[test]
fn one_command_per_finding_and_nothing_else_on_stdout() {
    let out = validate(FIXTURE, &["--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    let findings = json_findings(FIXTURE);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), findings.len(), "{stdout}");
    for (line, finding) in lines.iter().zip(&findings) {
        let kind = finding["level"].as_str().unwrap_or_default();
        let prefix = format!("::{kind} file=tests/fixtures/format/poam.csv,line=");
        assert!(line.starts_with(&prefix), "{line}");
        assert!(line.ends_with(&escape_message(message(finding))), "{line}");
    }

    let report = json_report(FIXTURE);
    let errors = report["summary"]["errors"].as_u64().unwrap_or_default();
    let warnings = report["summary"]["warnings"].as_u64().unwrap_or_default();
    let total = report["items"]["total"].as_u64().unwrap_or_default();
    let stderr = String::from_utf8(out.stderr).expect("UTF-8");
    let summary = format!(
        "poam: tests/fixtures/format/poam.csv: {errors} error{}, {warnings} warning{} in {total} items; ",
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
    );
    assert!(stderr.starts_with(&summary), "{stderr}");
    assert!(stderr.contains("Conditional Level 2"), "{stderr}");
}

#[test]
fn exact_commands_for_known_findings() {
    let stdout = validate_stdout(FIXTURE, "github");
    let findings = json_findings(FIXTURE);
    let closed = json_finding(&findings, "closed-without-evidence", "POAM-001");
    let expected = format!(
        "::error file=tests/fixtures/format/poam.csv,line=2,title=closed-without-evidence (M2)::{}",
        escape_message(message(&closed))
    );
    assert!(
        stdout.lines().any(|l| l == expected),
        "{expected}\n{stdout}"
    );

    let generic = json_finding(&findings, "owner-generic", "POAM-003");
    let expected = format!(
        "::warning file=tests/fixtures/format/poam.csv,line=4,title=owner-generic (F4)::{}",
        escape_message(message(&generic))
    );
    assert!(
        stdout.lines().any(|l| l == expected),
        "{expected}\n{stdout}"
    );
}

#[test]
fn messages_with_percent_colon_and_comma_are_escaped() {
    // POAM-005's status cell is `50%, pending review`: the status-unknown message quotes it.
    let stdout = validate_stdout(FIXTURE, "github");
    let findings = json_findings(FIXTURE);
    let unknown = json_finding(&findings, "status-unknown", "POAM-005");
    let raw = message(&unknown);
    assert!(
        raw.contains("50%, pending review") && raw.contains(':'),
        "{raw}"
    );
    let escaped = raw.replace('%', "%25");
    let expected = format!(
        "::error file=tests/fixtures/format/poam.csv,line=6,title=status-unknown (K6)::{escaped}"
    );
    assert!(
        stdout.lines().any(|l| l == expected),
        "{expected}\n{stdout}"
    );
    // In the message `:` and `,` stay as they are; only property values escape them.
    assert!(expected.contains("50%25, pending review"));
}

#[test]
fn property_values_escape_colon_and_comma() {
    // A path with `:` and `,` (legal on Linux), and a sheet name with a comma.
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(root().join(FIXTURE)).expect("fixture");
    let odd = write_file(dir.path(), "poam: q1, final.csv", &text);
    let stdout = validate_stdout(&odd, "github");
    let file = escape_property(&odd);
    assert!(file.ends_with("poam%3A q1%2C final.csv"), "{file}");
    let closed = json_finding(&json_findings(&odd), "closed-without-evidence", "POAM-001");
    let expected = format!(
        "::error file={file},line=2,title=closed-without-evidence (M2)::{}",
        escape_message(message(&closed))
    );
    assert!(
        stdout.lines().any(|l| l == expected),
        "{expected}\n{stdout}"
    );

    let workbook = fixture_as_workbook(dir.path(), "Open, Q1");
    let stdout = validate_stdout(&workbook, "github");
    let closed = json_finding(
        &json_findings(&workbook),
        "closed-without-evidence",
        "POAM-001",
    );
    let expected = format!(
        "::error file={},line=1,title=closed-without-evidence (Open%2C Q1!M2)::{}",
        escape_property(&workbook),
        escape_message(message(&closed))
    );
    assert!(
        stdout.lines().any(|l| l == expected),
        "{expected}\n{stdout}"
    );
}

#[test]
fn file_level_findings_point_at_line_1_without_a_cell() {
    let out = validate(WHOLE_FIXTURE, &["--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    let findings = json_findings(WHOLE_FIXTURE);
    let unavailable = findings
        .iter()
        .find(|f| f["rule"] == "score-unavailable")
        .expect("a score-unavailable finding");
    let expected = format!(
        "::error file=tests/fixtures/format/whole-poam.csv,line=1,title=score-unavailable::{}",
        escape_message(message(unavailable))
    );
    assert_eq!(stdout.lines().next(), Some(expected.as_str()), "{stdout}");
    assert!(stdout.lines().any(|l| l.starts_with(
        "::warning file=tests/fixtures/format/whole-poam.csv,line=1,\
                                title=missing-column (line 1)::no column for the "
    )));
    let stderr = String::from_utf8(out.stderr).expect("UTF-8");
    assert!(
        stderr.contains("; no score (3.12.4 is NOT MET); "),
        "{stderr}"
    );
}
