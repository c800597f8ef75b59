//! Every key of `poam.toml` changes what `poam validate` reports, as documented in
//! `src/config/mod.rs`. Each test writes a config into a fresh folder, runs the binary
//! from there (so the file is found by the upward search, and no stray poam.toml of the
//! machine running the tests can interfere) and compares the JSON with a run without it.

mod common;

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/config")
        .join(name)
}

/// One run of the binary: exit code, JSON on stdout (Null when not JSON), stderr.
struct Run {
    code: Option<i32>,
    json: Value,
    stderr: String,
}

/// `poam validate FILE --format json --as-of 2026-11-26 [extra…]` run in `dir`.
fn validate_in(dir: &Path, file: &Path, extra: &[&str]) -> Run {
    let output = Command::cargo_bin("poam")
        .expect("the poam binary is built")
        .current_dir(dir)
        .arg("validate")
        .arg(file)
        .args(["--format", "json", "--as-of", "2026-11-26"])
        .args(extra)
        .output()
        .expect("poam runs");
    Run {
        code: output.status.code(),
        json: serde_json::from_slice(&output.stdout).unwrap_or(Value::Null),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Run with `config` written as `poam.toml` in a fresh folder (None: no file there).
fn with_config(config: Option<&str>, file: &Path, extra: &[&str]) -> Run {
    let dir = tempfile::tempdir().expect("a temporary folder");
    if let Some(text) = config {
        std::fs::write(dir.path().join("poam.toml"), text).expect("config written");
    }
    let run = validate_in(dir.path(), file, extra);
    assert!(
        matches!(run.code, Some(0) | Some(1)),
        "exit {:?}: {}",
        run.code,
        run.stderr
    );
    run
}

/// `rule level row:cell` of every finding, in output order.
fn summary(json: &Value) -> Vec<String> {
    common::finding_lines(json, "level")
}

/// What `plan.csv` reports with the built-in settings: one finding per tunable rule.
const PLAN_DEFAULT: [&str; 5] = [
    "owner-overloaded warning -:-",
    "status-stale warning 2:L2",
    "milestones-missing warning 3:I3",
    "owner-generic warning 7:F7",
    "evidence-vague warning 9:M9",
];

#[test]
fn plan_fixture_without_config_reports_one_finding_per_tunable_rule() {
    let run = with_config(None, &fixture("plan.csv"), &[]);
    assert_eq!(summary(&run.json), PLAN_DEFAULT);
}

/// The findings of `plan.csv` under `config`: `PLAN_DEFAULT` minus `gone` plus `added`.
fn assert_plan(config: &str, gone: &[&str], added: &[&str]) {
    let run = with_config(Some(config), &fixture("plan.csv"), &[]);
    let mut expected: Vec<String> = PLAN_DEFAULT
        .iter()
        .filter(|f| !gone.contains(f))
        .map(|f| (*f).to_owned())
        .collect();
    expected.extend(added.iter().map(|f| (*f).to_owned()));
    let mut got = summary(&run.json);
    got.sort();
    expected.sort();
    assert_eq!(got, expected, "config:\n{config}");
}

#[test]
fn rule_levels_change_the_level_or_remove_the_finding() {
    assert_plan(
        "[rules]\nowner-generic = \"error\"\n",
        &["owner-generic warning 7:F7"],
        &["owner-generic error 7:F7"],
    );
    assert_plan(
        "[rules]\nowner-generic = \"off\"\nstatus-stale = \"off\"\n",
        &["owner-generic warning 7:F7", "status-stale warning 2:L2"],
        &[],
    );
    // Setting the default level changes nothing.
    assert_plan("[rules]\nowner-generic = \"warning\"\n", &[], &[]);
}

#[test]
fn an_error_level_from_the_config_makes_the_run_fail() {
    let plain = with_config(None, &fixture("plan.csv"), &[]);
    assert_eq!(plain.code, Some(0));
    let strict = with_config(
        Some("[rules]\nevidence-vague = \"error\"\n"),
        &fixture("plan.csv"),
        &[],
    );
    assert_eq!(strict.code, Some(1));
    assert_eq!(strict.json["summary"]["errors"], 1);
    assert_eq!(strict.json["summary"]["warnings"], 4);
}

#[test]
fn a_level_for_missing_column_sets_both_of_its_levels() {
    let header = fixture("header.csv");
    let plain = with_config(None, &header, &[]);
    assert_eq!(
        summary(&plain.json),
        ["missing-column warning 1:-", "missing-column error 1:-"]
    );
    let relaxed = with_config(
        Some("[rules]\nmissing-column = \"warning\"\n"),
        &header,
        &[],
    );
    assert_eq!(
        summary(&relaxed.json),
        ["missing-column warning 1:-", "missing-column warning 1:-"]
    );
    assert_eq!(relaxed.code, Some(0));
}

#[test]
fn each_threshold_moves_the_point_where_its_rule_fires() {
    let cases: [(&str, &[&str], &[&str]); 8] = [
        // POAM-1's status date is 56 days old.
        ("stale-days = 60", &["status-stale warning 2:L2"], &[]),
        // POAM-2 runs 91 days without a milestone.
        (
            "milestone-span-days = 91",
            &["milestones-missing warning 3:I3"],
            &[],
        ),
        ("milestone-span-days = 90", &[], &[]),
        // Alice Smith holds 4 of the 6 open items (67 %).
        (
            "overloaded-share = 0.7",
            &["owner-overloaded warning -:-"],
            &[],
        ),
        (
            "overloaded-min-items = 7",
            &["owner-overloaded warning -:-"],
            &[],
        ),
        // 4 of the 6 open items share 2027-01-31 (67 %): under the default 80 %.
        (
            "same-target-share = 0.6",
            &[],
            &["same-target-date warning -:-"],
        ),
        (
            "same-target-share = 0.6\nsame-target-min-items = 7",
            &[],
            &[],
        ),
        ("same-target-share = 0.7", &[], &[]),
    ];
    for (thresholds, gone, added) in cases {
        assert_plan(&format!("[thresholds]\n{thresholds}\n"), gone, added);
    }
    // The status-stale boundary: 56 days old is stale under 55, not under 56.
    assert_plan(
        "[thresholds]\nstale-days = 56\n",
        &["status-stale warning 2:L2"],
        &[],
    );
    assert_plan("[thresholds]\nstale-days = 55\n", &[], &[]);
}

#[test]
fn word_lists_extend_or_replace() {
    let cases: [(&str, &[&str], &[&str]); 6] = [
        // POAM-5's owner "Blue Team": "team" is generic, "blue" is not.
        (
            "extend-generic-owners = [\"Blue\"]",
            &[],
            &["owner-generic warning 6:F6"],
        ),
        // Replacing the list: "IT" is no longer generic, "Blue Team" is.
        (
            "generic-owners = [\"blue\", \"team\"]",
            &["owner-generic warning 7:F7"],
            &["owner-generic warning 6:F6"],
        ),
        // POAM-3's remediation "Harden the VPN gateway".
        (
            "extend-vague-remediation = [\"VPN gateway\"]",
            &[],
            &["remediation-vague warning 4:E4"],
        ),
        (
            "vague-remediation = [\"harden\", \"the\", \"vpn\", \"gateway\"]",
            &[],
            &["remediation-vague warning 4:E4"],
        ),
        // POAM-7's evidence "Signed off"; POAM-8's "Completed and verified".
        (
            "extend-vague-evidence = [\"signed off\"]",
            &[],
            &["evidence-vague warning 8:M8"],
        ),
        (
            "vague-evidence = [\"signed\", \"off\"]",
            &["evidence-vague warning 9:M9"],
            &["evidence-vague warning 8:M8"],
        ),
    ];
    for (words, gone, added) in cases {
        assert_plan(&format!("[words]\n{words}\n"), gone, added);
    }
}

#[test]
fn synonyms_add_status_and_severity_words() {
    let vocab = fixture("vocab.csv");
    let plain = with_config(None, &vocab, &[]);
    assert_eq!(
        summary(&plain.json),
        [
            "severity-unknown error 2:D2",
            "milestones-missing warning 2:I2",
            "overdue warning 2:J2",
            "status-unknown error 2:K2"
        ]
    );
    assert_eq!(plain.json["items"]["closed"], 0);
    let config = "[synonyms.status]\n\"Shipped\" = \"Closed\"\n\
                  [synonyms.severity]\n\"Sev 2\" = \"high\"\n";
    let custom = with_config(Some(config), &vocab, &[]);
    // "Shipped" now closes POAM-1 (so its open-item rules stop), "Sev 2" is High.
    assert_eq!(summary(&custom.json), Vec::<String>::new());
    assert_eq!(custom.json["items"]["closed"], 1);
    assert_eq!(custom.code, Some(0));
}

#[test]
fn columns_add_a_header_alias() {
    let header = fixture("header.csv");
    let config = "[columns]\n\"Accountable Person\" = \"owner\"\n";
    let custom = with_config(Some(config), &header, &[]);
    // The owner column is found (no missing-column for it) and read: "IT" is generic.
    assert_eq!(
        summary(&custom.json),
        ["missing-column error 1:-", "owner-generic warning 2:F2"]
    );
}

#[test]
fn defaults_level_applies_and_the_flag_wins() {
    let plan = fixture("plan.csv");
    let config = "[defaults]\nlevel = 1\n";
    let level1 = with_config(Some(config), &plan, &[]);
    assert_eq!(level1.json["level"], 1);
    // Level 1 allows no POA&M: one finding per open item, on its status cell (rows 2-7).
    let not_permitted: Vec<String> = summary(&level1.json)
        .into_iter()
        .filter(|f| f.starts_with("poam-not-permitted"))
        .collect();
    assert_eq!(
        not_permitted,
        (2..=7)
            .map(|row| format!("poam-not-permitted error {row}:K{row}"))
            .collect::<Vec<_>>()
    );
    let flag = with_config(Some(config), &plan, &["--level", "2"]);
    assert_eq!(flag.json["level"], 2);
    assert_eq!(summary(&flag.json), PLAN_DEFAULT);
}

#[test]
fn defaults_conditional_date_applies_and_the_flag_wins() {
    let plan = fixture("plan.csv");
    let config = "[defaults]\nconditional-date = 2026-06-01\n";
    let from_file = with_config(Some(config), &plan, &[]);
    // 2026-06-01 + 180 days (32 CFR 170.21(b)).
    assert_eq!(
        from_file.json["conditional"]["closeout_deadline"],
        "2026-11-28"
    );
    let flag = with_config(Some(config), &plan, &["--conditional-date", "2026-07-01"]);
    assert_eq!(flag.json["conditional"]["closeout_deadline"], "2026-12-28");
    let none = with_config(None, &plan, &[]);
    assert_eq!(none.json["conditional"]["closeout_deadline"], Value::Null);
}

#[test]
fn defaults_ssp_is_relative_to_the_config_folder() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let sub = dir.path().join("compliance");
    std::fs::create_dir(&sub).expect("folder made");
    let example_ssp = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ssp.csv");
    std::fs::copy(example_ssp, sub.join("ssp.csv")).expect("ssp copied");
    std::fs::write(
        sub.join("poam.toml"),
        "[defaults]\nssp = \"ssp.csv\"\nprofile = \"cmmc\"\n",
    )
    .expect("config written");
    // Run from the parent folder: the path must resolve against the config's folder.
    let config_arg = sub.join("poam.toml");
    let config_arg = config_arg.to_str().expect("utf-8 path");
    let run = validate_in(dir.path(), &fixture("plan.csv"), &["--config", config_arg]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.json["score"]["basis"], "ssp");
    assert_eq!(run.json["score"]["value"], 93);
    let plain = validate_in(dir.path(), &fixture("plan.csv"), &[]);
    assert_eq!(plain.json["score"]["basis"], "poam");
}

/// A workbook with two candidate sheets: "Lists" (one item) first, "Tracker" (two items),
/// which the header search prefers.
fn two_sheet_workbook(path: &Path) {
    use rust_xlsxwriter::Workbook;
    let mut book = Workbook::new();
    let rows: [(&str, &[[&str; 4]]); 2] = [
        (
            "Lists",
            &[["ID", "Status", "", ""], ["L-1", "Open", "", ""]],
        ),
        (
            "Tracker",
            &[
                ["POA&M ID", "Control", "Owner", "Status"],
                ["W-1", "3.1.3", "Jane Roe", "Open"],
                ["W-2", "3.1.4", "Ali Khan", "Open"],
            ],
        ),
    ];
    for (name, cells) in rows {
        let sheet = book.add_worksheet();
        sheet.set_name(name).expect("sheet named");
        for (r, row) in cells.iter().enumerate() {
            for (c, text) in row.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
                sheet
                    .write_string(r as u32, c as u16, *text)
                    .expect("cell written");
            }
        }
    }
    book.save(path).expect("workbook saved");
}

#[test]
fn defaults_sheet_applies_and_the_flag_wins() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let book = dir.path().join("two.xlsx");
    two_sheet_workbook(&book);
    let plain = with_config(None, &book, &[]);
    assert_eq!(plain.json["sheet"], "Tracker");
    assert_eq!(plain.json["items"]["total"], 2);
    let config = "[defaults]\nsheet = \"Lists\"\n";
    let from_file = with_config(Some(config), &book, &[]);
    assert_eq!(from_file.json["sheet"], "Lists");
    assert_eq!(from_file.json["items"]["total"], 1);
    let flag = with_config(Some(config), &book, &["--sheet", "Tracker"]);
    assert_eq!(flag.json["sheet"], "Tracker");
}

#[test]
fn defaults_evidence_root_is_relative_to_the_config_folder_and_the_flag_wins() {
    // vocab.csv's POAM-1 names evidence/3.1.3-firewall-rules.png (cell M2).
    let dir = tempfile::tempdir().expect("a temporary folder");
    let empty = dir.path().join("empty-store");
    let store = dir.path().join("store");
    std::fs::create_dir_all(&empty).expect("folder made");
    std::fs::create_dir_all(store.join("evidence")).expect("folder made");
    std::fs::write(store.join("evidence/3.1.3-firewall-rules.png"), "png").expect("written");
    let not_found = |run: &Run| -> Vec<String> {
        summary(&run.json)
            .into_iter()
            .filter(|f| f.starts_with("evidence-not-found"))
            .collect()
    };
    let vocab = fixture("vocab.csv");
    let run_with = |config: &str, extra: &[&str]| {
        std::fs::write(dir.path().join("poam.toml"), config).expect("config written");
        validate_in(dir.path(), &vocab, extra)
    };
    // Without an evidence root the files are not looked at.
    assert_eq!(not_found(&run_with("", &[])), Vec::<String>::new());
    let missing = run_with("[defaults]\nevidence-root = \"empty-store\"\n", &[]);
    assert_eq!(not_found(&missing), ["evidence-not-found error 2:M2"]);
    let present = run_with("[defaults]\nevidence-root = \"store\"\n", &[]);
    assert_eq!(not_found(&present), Vec::<String>::new());
    let store_arg = store.to_str().expect("utf-8 path");
    let flag = run_with(
        "[defaults]\nevidence-root = \"empty-store\"\n",
        &["--evidence-root", store_arg],
    );
    assert_eq!(not_found(&flag), Vec::<String>::new());
}

#[test]
fn defaults_profile_cmmc_is_accepted_and_changes_nothing() {
    let config = "[defaults]\nprofile = \"CMMC\"\n";
    let run = with_config(Some(config), &fixture("plan.csv"), &[]);
    assert_eq!(summary(&run.json), PLAN_DEFAULT);
}
