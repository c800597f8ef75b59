//! `poam diff OLD NEW` on plain files: every history rule, the three formats, exit codes.

mod common;
mod history_support;

use history_support::{finding_lines, fixture, json, run_in, V1_TO_V2};
use std::path::Path;

fn here() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn diff(old: &str, new: &str, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["diff", old, new, "--as-of", "2026-11-26"];
    args.extend_from_slice(extra);
    run_in(here(), &args)
}

const V1: &str = "tests/fixtures/history/v1.csv";
const V2: &str = "tests/fixtures/history/v2.csv";

#[test]
fn every_history_rule_fires_where_expected() {
    let (code, out, err) = diff(V1, V2, &["--format", "json"]);
    assert_eq!(
        code, 1,
        "errors (item-removed, closed-without-evidence) fail: {err}"
    );
    let doc = json(&out);
    assert_eq!(doc["schema"], "poam/diff/1");
    assert_eq!(finding_lines(&doc), V1_TO_V2);
    assert_eq!(doc["summary"]["errors"], 2);
    assert_eq!(doc["summary"]["warnings"], 4);
    for f in doc["findings"].as_array().into_iter().flatten() {
        assert_eq!(f["file"], V2, "every finding is located in the new file");
    }
}

#[test]
fn the_changes_are_listed_by_kind() {
    let (_, out, _) = diff(V1, V2, &["--format", "json"]);
    let doc = json(&out);
    assert_eq!(doc["old"]["items"], 10);
    assert_eq!(doc["new"]["items"], 9);
    assert_eq!(doc["new_items"], serde_json::json!(["H-010"]));
    assert_eq!(doc["closed"], serde_json::json!(["H-004"]));
    assert_eq!(doc["reopened"], serde_json::json!(["H-003"]));
    assert_eq!(doc["removed"], serde_json::json!(["H-002"]));
    assert_eq!(doc["removed_closed"], serde_json::json!(["H-009"]));
    assert_eq!(
        doc["slipped"],
        serde_json::json!([
            {"item": "H-003", "before": "2026-09-01", "after": "2026-12-15", "days": 105, "explained": false},
            {"item": "H-005", "before": "2027-01-15", "after": "2027-03-15", "days": 59, "explained": false},
            {"item": "H-006", "before": "2027-01-15", "after": "2027-02-15", "days": 31, "explained": true},
        ])
    );
    let changes: Vec<String> = doc["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            format!(
                "{} {}: {} -> {}",
                c["item"].as_str().unwrap_or("?"),
                c["field"].as_str().unwrap_or("?"),
                c["before"].as_str().unwrap_or("null"),
                c["after"].as_str().unwrap_or("null")
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            "H-003 status: Closed -> In Progress",
            "H-003 status date: 2026-09-01 -> 2026-11-02",
            "H-003 completion date: 2026-09-01 -> 2026-12-15",
            "H-004 status: In Progress -> Closed",
            "H-004 status date: 2026-10-02 -> 2026-11-03",
            "H-004 milestones: 2026-10-20: local admin rights removed -> [x] 2026-10-20: local admin rights removed",
            "H-005 completion date: 2027-01-15 -> 2027-03-15",
            "H-006 status date: 2026-10-04 -> 2026-11-04",
            "H-006 completion date: 2027-01-15 -> 2027-02-15",
            "H-006 milestone changes: null -> (01) 2026-11-04: gateway vendor ships MFA in February",
            "H-007 start date: 2026-09-01 -> 2026-10-15",
            "H-008 status: Open -> Delayed",
            "H-011 start date: null -> 2026-09-20",
        ]
    );
}

#[test]
fn the_same_file_twice_has_no_changes_and_exits_0() {
    let (code, out, err) = diff(V1, V1, &["--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let doc = json(&out);
    assert_eq!(doc["findings"], serde_json::json!([]));
    assert_eq!(doc["changes"], serde_json::json!([]));
    assert_eq!(doc["summary"]["new"], 0);
    assert_eq!(doc["summary"]["removed"], 0);
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    // v1 with one change: H-005's completion date moves later, nothing recorded.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let v1 = std::fs::read_to_string(fixture("v1.csv")).expect("v1");
    let slipped = v1.replace(
        "2026-11-20: script scheduled,,2027-01-15",
        "2026-11-20: script scheduled,,2027-02-01",
    );
    assert_ne!(v1, slipped, "the fixture holds the line to change");
    let new = dir.path().join("slipped.csv");
    std::fs::write(&new, slipped).expect("write");
    let new = new.to_string_lossy().into_owned();

    let (code, out, _) = diff(V1, &new, &["--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(
        finding_lines(&json(&out)),
        ["completion-slipped H-005 6:K6"]
    );
    let (code, _, _) = diff(V1, &new, &["--deny", "warnings"]);
    assert_eq!(code, 1);
}

#[test]
fn human_output() {
    let (code, out, _) = diff(V1, V2, &[]);
    assert_eq!(code, 1);
    let expected = "\
tests/fixtures/history/v1.csv (10 items) → tests/fixtures/history/v2.csv (9 items)
1 new, 1 closed, 1 reopened, 1 removed without being closed, 7 with field changes, 3 slipped

New items
  + H-010

Closed
  ✓ H-004

Reopened
  ! H-003

Removed without being closed
  - H-002

Removed after being closed
  - H-009

Slipped
  H-003  2026-09-01 → 2026-12-15  +105 days  no milestone change recorded
  H-005  2027-01-15 → 2027-03-15  +59 days  no milestone change recorded
  H-006  2027-01-15 → 2027-02-15  +31 days  milestone change recorded

Changed
  H-003  status: Closed → In Progress
  H-003  status date: 2026-09-01 → 2026-11-02
  H-003  completion date: 2026-09-01 → 2026-12-15
  H-004  status: In Progress → Closed
  H-004  status date: 2026-10-02 → 2026-11-03
  H-004  milestones: 2026-10-20: local admin rights removed → [x] 2026-10-20: local admin rights removed
  H-005  completion date: 2027-01-15 → 2027-03-15
  H-006  status date: 2026-10-04 → 2026-11-04
  H-006  completion date: 2027-01-15 → 2027-02-15
  H-006  milestone changes: (blank) → (01) 2026-11-04: gateway vendor ships MFA in February
  H-007  start date: 2026-09-01 → 2026-10-15
  H-008  status: Open → Delayed
  H-011  start date: (blank) → 2026-09-20

Findings
  error[item-removed] tests/fixtures/history/v2.csv
      H-002 (line 3 of tests/fixtures/history/v1.csv) is not in tests/fixtures/history/v2.csv and was not closed: close it with evidence instead of deleting the row
  warning[reopened] tests/fixtures/history/v2.csv › line 3 column L
      H-003 was Closed in the previous version and is In Progress again: say why and plan a new completion date
  error[closed-without-evidence] tests/fixtures/history/v2.csv › line 4 column N
      H-004 was closed since the previous version but names no evidence: add the file, ticket or URL that proves closure
  warning[completion-slipped] tests/fixtures/history/v2.csv › line 5 column K
      H-005's completion date moved from 2027-01-15 to 2027-03-15, 59 days later, with no milestone change recorded
  warning[start-changed] tests/fixtures/history/v2.csv › line 7 column H
      H-007's start (original detection) date changed from 2026-09-01 to 2026-10-15: it may not change once recorded
  warning[status-changed-without-date] tests/fixtures/history/v2.csv › line 8 column M
      H-008's status changed from Open to Delayed but its status date is still 2026-10-01

Summary: 2 errors, 4 warnings
";
    assert_eq!(out, expected);
}

#[test]
fn markdown_output() {
    let (code, out, _) = diff(V1, V2, &["--format", "markdown"]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with(
            "## POA&M changes: `tests/fixtures/history/v1.csv` → `tests/fixtures/history/v2.csv`\n\n\
             10 items → 9 items: 1 new, 1 closed, 1 reopened, 1 removed without being closed, \
             7 with field changes, 3 slipped.\n\n\
             **2 errors, 4 warnings** from the history rules (as of 2026-11-26).\n\n\
             ### Findings\n\n\
             | level | rule | item | where | message |\n\
             |---|---|---|---|---|\n\
             | error | `item-removed` | H-002 | tests/fixtures/history/v2.csv | H-002 (line 3 of \
             tests/fixtures/history/v1.csv) is not in tests/fixtures/history/v2.csv and was not \
             closed: close it with evidence instead of deleting the row |\n"
        ),
        "{out}"
    );
    assert!(out.contains(
        "| warning | `completion-slipped` | H-005 | tests/fixtures/history/v2.csv › line 5 column K | \
         H-005's completion date moved from 2027-01-15 to 2027-03-15, 59 days later, with no \
         milestone change recorded |\n"
    ));
    assert!(out.contains("### Removed without being closed\n\n- H-002\n"));
    assert!(out
        .contains("### Changed fields\n\n| item | field | before | after |\n|---|---|---|---|\n"));
    assert!(out.contains("| H-011 | start date | (blank) | 2026-09-20 |\n"));
    assert!(out.contains(
        "### Slipped\n\n\
         | item | was due | now due | days later | change recorded |\n\
         |---|---|---|---:|---|\n\
         | H-003 | 2026-09-01 | 2026-12-15 | +105 | **no** |\n\
         | H-005 | 2027-01-15 | 2027-03-15 | +59 | **no** |\n\
         | H-006 | 2027-01-15 | 2027-02-15 | +31 | yes |\n\n\
         ### Changed fields\n"
    ));
    // One table row per finding, one per changed field.
    assert_eq!(out.matches("\n| error |").count(), 2);
    assert_eq!(out.matches("\n| warning |").count(), 4);
    assert_eq!(
        out.matches("\n| H-0").count(),
        13 + 3,
        "13 field changes, 3 slips"
    );
}

#[test]
fn output_file() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let target = dir.path().join("diff.json");
    let target_text = target.to_string_lossy().into_owned();
    let (code, out, _) = diff(V1, V2, &["--format", "json", "-o", &target_text]);
    assert_eq!(code, 1);
    assert_eq!(out, "");
    let doc = json(&std::fs::read_to_string(&target).expect("written"));
    assert_eq!(finding_lines(&doc), V1_TO_V2);
}

#[test]
fn unreadable_versions_exit_2() {
    let (code, _, err) = diff("tests/fixtures/history/absent.csv", V2, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("absent.csv: no such file"), "{err}");
    let (code, _, err) = diff(V1, "git:HEAD", &[]);
    assert_eq!(code, 2);
    assert!(err.contains("expected git:REV:PATH"), "{err}");
}

#[test]
fn validate_previous_with_plain_files() {
    let (code, out, err) = run_in(
        here(),
        &[
            "validate",
            V2,
            "--previous",
            V1,
            "--format",
            "json",
            "--as-of",
            "2026-11-26",
        ],
    );
    assert_eq!(code, 1, "{err}");
    let lines = finding_lines(&json(&out));
    for expected in V1_TO_V2 {
        assert_eq!(
            lines.iter().filter(|l| *l == expected).count(),
            1,
            "{expected} once in {lines:#?}"
        );
    }
    // Without --previous, only closed-without-evidence (a single-file rule too) remains.
    let (_, out, _) = run_in(
        here(),
        &["validate", V2, "--format", "json", "--as-of", "2026-11-26"],
    );
    let alone = finding_lines(&json(&out));
    let history_only: Vec<&&str> = V1_TO_V2
        .iter()
        .filter(|l| !alone.contains(&l.to_string()))
        .collect();
    assert_eq!(history_only.len(), 5, "{alone:#?}");
    assert_eq!(lines.len(), alone.len() + 5);
}
