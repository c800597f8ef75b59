//! History read from git objects (`git:REV:PATH`), in a throw-away repository: the same
//! findings as from plain files, `validate --previous`, and clear errors (exit 2).

mod common;
mod history_support;

use history_support::{
    finding_lines, fixture, git, git_available, json, repository_v1_v2, run_in, V1_TO_V2,
};

macro_rules! require_git {
    () => {
        if !git_available() {
            eprintln!("skipped: git is not installed");
            return;
        }
    };
}

#[test]
fn diff_of_a_revision_against_the_working_copy() {
    require_git!();
    let repo = repository_v1_v2();
    let (code, out, err) = run_in(
        repo.path(),
        &[
            "diff",
            "git:HEAD~1:poam.csv",
            "poam.csv",
            "--format",
            "json",
            "--as-of",
            "2026-11-26",
        ],
    );
    assert_eq!(code, 1, "{err}");
    let doc = json(&out);
    assert_eq!(doc["old"]["file"], "git:HEAD~1:poam.csv");
    assert_eq!(doc["new"]["file"], "poam.csv");
    assert_eq!(finding_lines(&doc), V1_TO_V2);
    let removed = &doc["findings"][0];
    assert_eq!(
        removed["message"],
        "H-002 (line 3 of git:HEAD~1:poam.csv) is not in poam.csv and was not closed: close \
         it with evidence instead of deleting the row"
    );
}

#[test]
fn diff_of_two_revisions() {
    require_git!();
    let repo = repository_v1_v2();
    // The working copy changes after the commit: git:HEAD must not read it.
    std::fs::write(repo.path().join("poam.csv"), "not a POA&M\n").expect("overwrite");
    let (code, out, err) = run_in(
        repo.path(),
        &[
            "diff",
            "git:HEAD~1:poam.csv",
            "git:HEAD:poam.csv",
            "--format",
            "json",
            "--as-of",
            "2026-11-26",
        ],
    );
    assert_eq!(code, 1, "{err}");
    let doc = json(&out);
    assert_eq!(doc["new"]["file"], "git:HEAD:poam.csv");
    assert_eq!(finding_lines(&doc), V1_TO_V2);
}

#[test]
fn paths_follow_git_from_a_subfolder() {
    require_git!();
    let repo = repository_v1_v2();
    let sub = repo.path().join("docs");
    std::fs::create_dir(&sub).expect("mkdir");
    // From the top of the repository, and relative to the current folder with ../
    for old in ["git:HEAD~1:poam.csv", "git:HEAD~1:../poam.csv"] {
        let (code, out, err) = run_in(
            &sub,
            &[
                "diff",
                old,
                "../poam.csv",
                "--format",
                "json",
                "--as-of",
                "2026-11-26",
            ],
        );
        assert_eq!(code, 1, "{old}: {err}");
        assert_eq!(finding_lines(&json(&out)), V1_TO_V2, "{old}");
    }
}

#[test]
fn validate_previous_adds_the_history_findings_once() {
    require_git!();
    let repo = repository_v1_v2();
    let (code, out, err) = run_in(
        repo.path(),
        &[
            "validate",
            "poam.csv",
            "--previous",
            "git:HEAD~1:poam.csv",
            "--format",
            "json",
            "--as-of",
            "2026-11-26",
        ],
    );
    assert_eq!(code, 1, "{err}");
    let doc = json(&out);
    let lines = finding_lines(&doc);
    for expected in V1_TO_V2 {
        assert_eq!(
            lines.iter().filter(|l| *l == expected).count(),
            1,
            "{expected} once in {lines:#?}"
        );
    }
    // The single-file rule reports H-004 itself; the transition adds no second finding.
    let evidence: Vec<&String> = lines
        .iter()
        .filter(|l| l.starts_with("closed-without-evidence "))
        .collect();
    assert_eq!(evidence, ["closed-without-evidence H-004 4:N4"]);
}

#[test]
fn validate_previous_with_a_plain_file_matches_git() {
    require_git!();
    let repo = repository_v1_v2();
    let old = fixture("v1.csv").to_string_lossy().into_owned();
    let run = |previous: &str| {
        let (code, out, err) = run_in(
            repo.path(),
            &[
                "validate",
                "poam.csv",
                "--previous",
                previous,
                "--format",
                "json",
                "--as-of",
                "2026-11-26",
            ],
        );
        assert_eq!(code, 1, "{err}");
        finding_lines(&json(&out))
    };
    assert_eq!(run(&old), run("git:HEAD~1:poam.csv"));
}

#[test]
fn validate_previous_against_itself_adds_nothing() {
    require_git!();
    let repo = repository_v1_v2();
    let args = |previous: Option<&str>| {
        let mut a = vec![
            "validate",
            "poam.csv",
            "--format",
            "json",
            "--as-of",
            "2026-11-26",
        ];
        if let Some(p) = previous {
            a.extend(["--previous", p]);
        }
        let (_, out, err) = run_in(repo.path(), &a);
        assert!(!out.is_empty(), "{err}");
        finding_lines(&json(&out))
    };
    assert_eq!(args(Some("git:HEAD:poam.csv")), args(None));
}

#[test]
fn bad_git_versions_exit_2_with_a_clear_message() {
    require_git!();
    let repo = repository_v1_v2();
    let cases = [
        (
            "git:no-such-branch:poam.csv",
            "unknown revision 'no-such-branch'",
        ),
        (
            "git:HEAD:absent.csv",
            "'absent.csv' is not a file in revision 'HEAD'",
        ),
        ("git:HEAD~5:poam.csv", "unknown revision 'HEAD~5'"),
        ("git:HEAD", "expected git:REV:PATH"),
        ("git::poam.csv", "expected git:REV:PATH"),
    ];
    for (spec, message) in cases {
        for args in [
            vec!["diff", spec, "poam.csv"],
            vec!["validate", "poam.csv", "--previous", spec],
        ] {
            let (code, out, err) = run_in(repo.path(), &args);
            assert_eq!(code, 2, "{args:?}: {err}");
            assert_eq!(out, "", "{args:?}");
            assert!(
                err.contains(spec) && err.contains(message),
                "{args:?}: {err}"
            );
        }
    }
}

#[test]
fn a_folder_that_is_no_repository_exits_2() {
    require_git!();
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::copy(fixture("v2.csv"), dir.path().join("poam.csv")).expect("copy");
    let (code, _, err) = run_in(dir.path(), &["diff", "git:HEAD:poam.csv", "poam.csv"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("git:HEAD:poam.csv: the current folder is not inside a git repository"),
        "{err}"
    );
}

#[test]
fn a_directory_in_the_revision_is_not_a_file() {
    require_git!();
    let repo = repository_v1_v2();
    std::fs::create_dir(repo.path().join("data")).expect("mkdir");
    std::fs::copy(fixture("v1.csv"), repo.path().join("data/poam.csv")).expect("copy");
    git(repo.path(), &["add", "data"]);
    git(repo.path(), &["commit", "-q", "-m", "data"]);
    let (code, _, err) = run_in(repo.path(), &["diff", "git:HEAD:data", "poam.csv"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("'data' is not a file in revision 'HEAD'"),
        "{err}"
    );
    let (code, _, err) = run_in(
        repo.path(),
        &[
            "diff",
            "git:HEAD:data/poam.csv",
            "poam.csv",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 1, "{err}");
}

/// A fixture CSV of tests/fixtures/history as a workbook with one sheet, "POA&M": dates as
/// real date cells (as Excel stores them), everything else as text.
fn workbook_from_csv(csv_name: &str, target: &std::path::Path) {
    let text = std::fs::read_to_string(fixture(csv_name)).expect("fixture");
    let mut book = rust_xlsxwriter::Workbook::new();
    let date_format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    let ws = book.add_worksheet();
    ws.set_name("POA&M").expect("sheet name");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    for (r, record) in reader.records().enumerate() {
        let record = record.expect("valid CSV");
        for (c, value) in record.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
                Ok(date) => ws
                    .write_datetime_with_format(r, c, date, &date_format)
                    .map(|_| ()),
                Err(_) if value.is_empty() => Ok(()),
                Err(_) => ws.write_string(r, c, value).map(|_| ()),
            }
            .expect("cell written");
        }
    }
    book.save(target).expect("workbook saved");
}

#[test]
fn diff_of_two_workbook_revisions() {
    require_git!();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path();
    git(root, &["init", "-q"]);
    workbook_from_csv("v1.csv", &root.join("poam.xlsx"));
    git(root, &["add", "poam.xlsx"]);
    git(root, &["commit", "-q", "-m", "v1"]);
    workbook_from_csv("v2.csv", &root.join("poam.xlsx"));
    git(root, &["commit", "-q", "-a", "-m", "v2"]);
    // The working copy is no workbook at all: git:HEAD must be read from git's objects.
    std::fs::write(root.join("poam.xlsx"), "not a workbook\n").expect("overwrite");

    let (code, out, err) = run_in(
        root,
        &[
            "diff",
            "git:HEAD~1:poam.xlsx",
            "git:HEAD:poam.xlsx",
            "--format",
            "json",
            "--as-of",
            "2026-11-26",
            "--no-config",
        ],
    );
    assert_eq!(code, 1, "{err}");
    let doc = json(&out);
    assert_eq!(doc["old"]["file"], "git:HEAD~1:poam.xlsx");
    assert_eq!(doc["old"]["sheet"], "POA&M");
    assert_eq!(doc["new"]["sheet"], "POA&M");
    assert_eq!(doc["old"]["items"], 10);
    assert_eq!(doc["new"]["items"], 9);
    // The same findings, rows and cells as the CSV versions (row 1 is the header there too).
    assert_eq!(finding_lines(&doc), V1_TO_V2);
    assert_eq!(doc["findings"][3]["location"]["sheet"], "POA&M");
    assert_eq!(
        doc["slipped"][1],
        serde_json::json!({"item": "H-005", "before": "2027-01-15", "after": "2027-03-15",
                           "days": 59, "explained": false})
    );

    // validate --previous with a workbook revision adds the same history findings.
    workbook_from_csv("v2.csv", &root.join("poam.xlsx"));
    let (_, out, err) = run_in(
        root,
        &[
            "validate",
            "poam.xlsx",
            "--previous",
            "git:HEAD~1:poam.xlsx",
            "--format",
            "json",
            "--as-of",
            "2026-11-26",
            "--no-config",
        ],
    );
    let doc = json(&out);
    let lines = finding_lines(&doc);
    for expected in [
        "item-removed H-002 -:-",
        "reopened H-003 3:L3",
        "completion-slipped H-005 5:K5",
        "start-changed H-007 7:H7",
        "status-changed-without-date H-008 8:M8",
    ] {
        assert!(
            lines.iter().any(|l| l == expected),
            "{expected}: {lines:?} {err}"
        );
    }
}
