//! `poam report --format md` on the shipped example, and what every format shares:
//! the same inputs and --as-of give the same bytes; xlsx needs -o; --previous lists
//! what changed.

mod common;

use common::{example_report as report, poam, poam_output, EXAMPLE_REPORT};
use std::path::Path;

/// The lines from `start` up to (not including) the next line starting with `## `.
fn section<'a>(md: &'a str, start: &str) -> Vec<&'a str> {
    let mut lines = md.lines().skip_while(|l| *l != start);
    let mut out: Vec<&str> = lines.next().into_iter().collect();
    out.extend(lines.take_while(|l| !l.starts_with("## ")));
    while out.last() == Some(&"") {
        out.pop();
    }
    out
}

#[test]
fn headline_says_score_verdict_deadline_and_the_110_date() {
    let md = report("md", &[]);
    assert!(md.starts_with(
        "# POA&M report: examples/poam.xlsx\n\nAs of 2026-11-26 · CMMC Level 2 · sheet POA&M · SSP examples/ssp.xlsx\n"
    ));
    assert_eq!(
        section(&md, "## Headline"),
        [
            "## Headline",
            "",
            "| Headline | Now |",
            "|---|---|",
            "| Score | **93** / 110 (Conditional needs 88; from the SSP) |",
            "| Verdict | **Conditional Level 2: NOT reachable** |",
            "| Closeout deadline | 2027-03-14 (108 days left; Conditional date 2026-09-15) |",
            "| Score of 110 expected | 2027-04-30 (latest open completion date) |",
            "| Items | 14 in all: 12 open, 2 closed, 1 overdue |",
            "| Findings | 6 errors, 4 warnings |",
            "",
            "Why Conditional status is not reachable:",
            "",
            "- poam-ineligible: 3.5.3 is worth 3 points",
            "- not-met-missing-item: 3.7.6 is NOT MET and has no open POA&M item",
            "",
            "Why the date of a score of 110 may not hold:",
            "",
            "- 1 open item has no completion date: POAM-SC-002",
            "- NOT MET with no open item, so not planned: 3.7.6",
        ]
    );
}

#[test]
fn counts_by_status_severity_and_family() {
    let md = report("md", &[]);
    let counts = section(&md, "## Counts").join("\n");
    assert!(counts.contains(
        "| Status | Items |\n|---|---|\n| Open | 3 |\n| In Progress | 7 |\n| Delayed | 1 |\n\
         | Risk Accepted | 1 |\n| Closed | 2 |"
    ));
    assert!(counts.contains(
        "| Severity | Open | All |\n|---|---|---|\n| High | 2 | 3 |\n| Moderate | 7 | 8 |\n| Low | 3 | 3 |"
    ));
    assert!(counts.contains(
        "| AC Access Control | 3 | 4 |\n| AU Audit and Accountability | 1 | 2 |\n\
         | CM Configuration Management | 1 | 1 |\n| IA Identification and Authentication | 2 | 2 |\n\
         | IR Incident Response | 1 | 1 |\n| MP Media Protection | 1 | 1 |\n\
         | SC System and Communications Protection | 3 | 3 |"
    ));
}

#[test]
fn owners_overdue_due_soon_and_milestones() {
    let md = report("md", &[]);
    let owners = section(&md, "## Open items by owner");
    assert_eq!(owners.len(), 11, "{owners:#?}");
    assert_eq!(
        owners[4],
        "| Dana Whitfield, IT Manager | 3 | 0 | 1 | 0 | POAM-AC-002, POAM-IR-001, POAM-IA-001 |"
    );
    assert_eq!(
        owners[10],
        "| Tom Alvarez, Operations Manager | 1 | 1 | 0 | 0 | POAM-MP-001 |"
    );
    assert_eq!(
        section(&md, "## Overdue items")[4],
        "| POAM-MP-001 | 3.8.9 Protect Backups | Tom Alvarez, Operations Manager | 2026-11-10 | 16 | In Progress | — |"
    );
    let due: Vec<&str> = section(&md, "## Due in the next 30 days")
        .into_iter()
        .skip(4)
        .map(|l| l.split(" | ").next().unwrap_or(""))
        .collect();
    assert_eq!(due, ["| POAM-IA-002", "| POAM-AC-002", "| POAM-AU-001"]);
    let ms = section(&md, "## Milestones");
    assert!(ms.contains(
        &"| 2026-10-30 | POAM-SC-001 | Marcus Lee, Systems Administrator | SonicWall firmware upgrade in the maintenance window | 27 |"
    ));
    let due_ms = ms.iter().filter(|l| l.starts_with("| 2026-12-")).count();
    assert_eq!(due_ms, 11, "milestones due 2026-11-26 … 2026-12-26");
    assert_eq!(
        section(&md, "## Closed in the 30 days to 2026-11-26"),
        ["## Closed in the 30 days to 2026-11-26", "", "None."]
    );
}

#[test]
fn plan_by_month_and_findings_grouped_by_rule() {
    let md = report("md", &[]);
    assert_eq!(
        section(&md, "## Open items by completion month")[4..],
        [
            "| 2026-11 | 1 | 11 |",
            "| 2026-12 | 3 | 8 |",
            "| 2027-01 | 3 | 5 |",
            "| 2027-02 | 3 | 2 |",
            "| 2027-03 | 0 | 2 |",
            "| 2027-04 | 1 | 1 |",
            "",
            "1 open item(s) without a completion date are not in this plan.",
        ]
    );
    let findings = section(&md, "## Findings an assessor would notice").join("\n");
    assert!(findings.contains(
        "| `closed-without-evidence` | error | 1 |\n| `closeout-window` | error | 1 |\n\
         | `completion-missing` | error | 1 |\n| `not-met-missing-item` | error | 1 |\n\
         | `poam-ineligible` | error | 1 |\n| `risk-accepted` | error | 1 |\n\
         | `milestone-overdue` | warning | 1 |\n| `overdue` | warning | 1 |\n\
         | `owner-generic` | warning | 1 |\n| `remediation-vague` | warning | 1 |"
    ));
    assert!(md.contains("### `overdue` (1 warning)\n\n| Item | Cell | Message |\n|---|---|---|\n| POAM-MP-001 | POA&M!J15 | "));
}

#[test]
fn fits_a_github_step_summary() {
    let md = report("md", &[]);
    assert!(
        md.len() < 1024 * 1024,
        "GitHub caps a step summary at 1 MiB"
    );
    assert!(!md.contains("<br"), "no HTML");
    assert!(!md.contains("<table"), "no HTML");
    for line in md.lines().filter(|l| l.starts_with('|')) {
        assert!(line.ends_with(" |") || line.ends_with('|'), "{line}");
    }
}

#[test]
fn since_previous_lists_new_closed_reopened_removed_and_slipped() {
    let md = report("md", &["--previous", "tests/fixtures/report/previous.csv"]);
    let since = section(&md, "## Since tests/fixtures/report/previous.csv").join("\n");
    assert!(since.contains("### New (1)\n\n| Item | Requirement | Owner |\n|---|---|---|\n| POAM-SC-002 | 3.13.9 Connections Termination | Kevin Ortiz (Bluewater Technology Partners) |"));
    assert!(since.contains("### Closed (1)\n\n| Item | Requirement | Evidence |\n|---|---|---|\n| POAM-AC-001 | 3.1.8 Unsuccessful Logon Attempts | evidence/AC/3.1.8-lockout-gpo.png; evidence/AC/3.1.8-gpresult-WS-CNC-04.txt |"));
    assert!(since.contains("### Reopened (1)\n\n| Item | Requirement | Owner |\n|---|---|---|\n| POAM-IA-002 | 3.5.8 Password Reuse |"));
    assert!(since.contains("### Removed without being closed (1)\n\n| Item | Requirement | Owner |\n|---|---|---|\n| POAM-PE-001 | 3.10.6 Alternative Work Sites |"));
    assert!(since.contains(
        "| POAM-MP-001 | 3.8.9 Protect Backups | 2026-10-31 | 2026-11-10 | 10 | **no** |"
    ));
    // Only the changes the lists above do not show: not the closure's status and evidence,
    // the reopening's status or the slip's completion date.
    assert!(
        since.ends_with(
            "### Other field changes (1)\n\n| Item | Field | Before | After |\n|---|---|---|---|\n\
         | POAM-IA-002 | evidence | evidence/IA/3.5.8-password-policy.png | (blank) |"
        ),
        "{since}"
    );
    assert!(!md.contains("other field change(s)"));
    assert!(md.contains("compared with tests/fixtures/report/previous.csv"));
    assert!(
        !md.contains("## Closed in the 30 days"),
        "the changes say what closed"
    );
}

#[test]
fn same_inputs_give_the_same_bytes_in_every_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    for format in ["md", "html", "json", "xlsx"] {
        let mut outputs = Vec::new();
        for run in 0..2 {
            let path = dir.path().join(format!("r{run}.{format}"));
            let path_text = path.to_str().expect("UTF-8 temp path");
            let mut args = EXAMPLE_REPORT.to_vec();
            args.extend(["--previous", "tests/fixtures/report/previous.csv"]);
            args.extend(["--format", format, "-o", path_text]);
            let out = poam_output(&args);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{format}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            outputs.push(std::fs::read(&path).expect("report written"));
        }
        assert!(outputs[0].len() > 1000, "{format} report is too small");
        assert!(outputs[0] == outputs[1], "{format}: two runs differ");
    }
}

#[test]
fn xlsx_without_an_output_file_is_refused() {
    let mut args = EXAMPLE_REPORT.to_vec();
    args.extend(["--format", "xlsx"]);
    let out = poam_output(&args);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("give the file with -o FILE"));
}

#[test]
fn a_missing_file_exits_2() {
    let out = poam_output(&[
        "report",
        "tests/fixtures/report/absent.xlsx",
        "--format",
        "md",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/poam.xlsx")
        .exists());
}

#[test]
fn owner_table_lists_the_items_a_person_only_supports() {
    let md = poam(&[
        "report",
        "tests/fixtures/report/supporting.csv",
        "--as-of",
        "2026-11-26",
    ]);
    let owners = section(&md, "## Open items by owner");
    let rows: Vec<&str> = owners
        .iter()
        .copied()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Owner"))
        .collect();
    assert_eq!(
        rows,
        [
            "| Ana Ruiz | 1 | 0 | 1 | 1 | S-2, S-1 (supporting) |",
            "| Ben Cho, Network Engineer | 1 | 0 | 1 | 0 | S-1 |",
            "| Priya Raman | 0 | 0 | 0 | 1 | S-1 (supporting) |",
        ]
    );
}
