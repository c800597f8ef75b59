//! The command layer: arguments, exit codes, rule documentation.

use assert_cmd::Command;
use predicates::prelude::*;

fn poam() -> Command {
    Command::cargo_bin("poam").expect("the poam binary is built")
}

#[test]
fn bad_arguments_exit_2() {
    poam().args(["validate"]).assert().code(2);
    poam()
        .args(["validate", "x.csv", "--level", "4"])
        .assert()
        .code(2);
    poam()
        .args(["validate", "x.csv", "--as-of", "11/26/2026"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("YYYY-MM-DD"));
}

#[test]
fn help_and_version_exit_0() {
    poam()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("validate"));
    poam().arg("--version").assert().success();
}

#[test]
fn rules_lists_every_rule_of_the_catalogue() {
    let out = poam()
        .arg("rules")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    // PRODUCT.md §4, less evidence-not-found / evidence-changed (they come with write-back).
    for name in [
        "missing-column",
        "id-missing",
        "id-duplicate",
        "control-missing",
        "control-unknown",
        "control-blended",
        "poam-ineligible",
        "poam-excluded",
        "poam-not-permitted",
        "score-below-threshold",
        "score-unavailable",
        "not-met-missing-item",
        "ssp-incomplete",
        "ssp-status-unknown",
        "severity-missing",
        "severity-unknown",
        "remediation-missing",
        "remediation-vague",
        "owner-missing",
        "owner-generic",
        "owner-overloaded",
        "resources-missing",
        "date-invalid",
        "date-ambiguous",
        "start-missing",
        "completion-missing",
        "dates-out-of-order",
        "milestones-missing",
        "milestone-undated",
        "same-target-date",
        "overdue",
        "milestone-overdue",
        "closeout-window",
        "status-missing",
        "status-unknown",
        "risk-accepted",
        "status-stale",
        "closed-without-evidence",
        "evidence-vague",
    ] {
        assert!(
            text.lines()
                .any(|l| l.split_whitespace().next() == Some(name)),
            "`poam rules` does not list {name}"
        );
    }
}

#[test]
fn explain_prints_every_section() {
    poam()
        .args(["explain", "closed-without-evidence"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("What it checks")
                .and(predicate::str::contains("Why it matters"))
                .and(predicate::str::contains("Example"))
                .and(predicate::str::contains("How to fix it"))
                .and(predicate::str::contains("Source")),
        );
}

#[test]
fn explain_unknown_rule_suggests_the_nearest() {
    poam()
        .args(["explain", "closed-without-evidense"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("closed-without-evidence"));
}

#[test]
fn every_rule_has_complete_docs() {
    for r in poam::rules::all() {
        for (section, text) in [
            ("summary", r.summary),
            ("what", r.what),
            ("why", r.why),
            ("example", r.example),
            ("fix", r.fix),
            ("source", r.source),
        ] {
            assert!(
                text.trim().len() > 10,
                "rule {} has no {section} documentation",
                r.name
            );
        }
        assert!(
            r.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()),
            "rule name {} is not kebab-case",
            r.name
        );
    }
}
