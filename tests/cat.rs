//! `poam cat FILE`: one stable line per item, and the git textconv recipe end to end.

mod common;
mod history_support;

use history_support::{fixture, git, git_available, repository_v1_v2, run_in};
use std::path::Path;

fn here() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

const HEADER: &str = "# id | requirement | status | status date | owner | severity | start date | \
                      completion date | weakness | remediation | resources | milestones | \
                      milestone changes | evidence | comments";

/// `git diff -U0 HEAD~1 HEAD -- FILE` in `root`, with the binary under test as the
/// textconv of the `poam` diff driver (`git config diff.poam.textconv "poam cat --textconv"`).
fn textconv_diff(root: &Path, file: &str) -> std::process::Output {
    let poam = assert_cmd::cargo::cargo_bin("poam");
    git(
        root,
        &[
            "config",
            "diff.poam.textconv",
            &format!("'{}' cat --textconv", poam.display()),
        ],
    );
    std::process::Command::new("git")
        .current_dir(root)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .args(["diff", "--no-color", "-U0", "HEAD~1", "HEAD", "--", file])
        .output()
        .expect("git diff runs")
}

#[test]
fn one_escaped_line_per_item_in_sheet_order() {
    let (code, out, err) = run_in(here(), &["cat", "tests/fixtures/history/cat.csv"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            HEADER,
            // Requirement ids normalised, the status vocabulary's label (Completed → Closed),
            // month-first slash dates in ISO form, pipes, backslashes and line breaks escaped,
            // milestones and evidence one list each.
            "C-1 | 3.1.1, 3.1.2 | Closed | 2026-04-15 | Lee, Marcus | High (adjusted Moderate) | \
             2026-03-04 | 2026-04-15 | Pipes \\| and back\\\\slashes\\nand a line break |  |  | \
             [x] 2026-03-10: scope agreed; 2026-04-01: fix deployed |  | evidence/a.pdf; \
             INC0012345 | ignored",
            // Unknown requirement kept as written; N/A and TBD are no date; a tab escaped.
            "C-2 | 3.15.1 | In Progress |  |  | Moderate |  |  | Tab\\tinside |  |  |  |  |  |",
        ]
    );
}

#[test]
fn the_output_names_no_file_and_no_row() {
    // git passes a temporary path to the textconv command: the text must not depend on it.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let copy = dir.path().join("elsewhere.csv");
    std::fs::copy(fixture("v1.csv"), &copy).expect("copy");
    let (_, original, _) = run_in(here(), &["cat", "tests/fixtures/history/v1.csv"]);
    let (_, moved, _) = run_in(dir.path(), &["cat", "elsewhere.csv"]);
    assert_eq!(original, moved);
    assert_eq!(original.lines().count(), 11, "a header line and 10 items");
}

#[test]
fn a_workbook_names_its_sheet() {
    let (code, out, err) = run_in(here(), &["cat", "examples/poam.xlsx"]);
    assert_eq!(code, 0, "{err}");
    let csv = run_in(here(), &["cat", "examples/poam.csv"]).1;
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some(HEADER));
    let sheet = lines.next().unwrap_or_default();
    assert!(sheet.starts_with("# sheet: "), "{sheet}");
    // The example workbook and CSV hold the same items.
    assert_eq!(
        lines.collect::<Vec<_>>(),
        csv.lines().skip(1).collect::<Vec<_>>()
    );
}

#[test]
fn unreadable_input_exits_2() {
    let (code, out, err) = run_in(here(), &["cat", "tests/fixtures/history/absent.csv"]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert!(err.contains("absent.csv: no such file"), "{err}");
}

#[test]
fn git_diff_through_the_textconv_recipe() {
    if !git_available() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let repo = repository_v1_v2();
    let root = repo.path();
    // The recipe of examples/ci/README.md, with the binary under test.
    std::fs::write(root.join(".gitattributes"), "*.csv diff=poam\n").expect("attributes");
    let output = textconv_diff(root, "poam.csv");
    let text = String::from_utf8_lossy(&output.stdout);
    let ids = |sign: char| -> Vec<&str> {
        let mut ids: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with(sign) && !l.starts_with("---") && !l.starts_with("+++"))
            .map(|l| l[1..].split(" | ").next().unwrap_or_default())
            .collect();
        ids.sort_unstable();
        ids
    };
    // One line per changed item; H-001, unchanged, is not in the diff.
    assert_eq!(
        ids('-'),
        ["H-002", "H-003", "H-004", "H-005", "H-006", "H-007", "H-008", "H-009", "H-011"],
        "{text}"
    );
    assert_eq!(
        ids('+'),
        ["H-003", "H-004", "H-005", "H-006", "H-007", "H-008", "H-010", "H-011"],
        "{text}"
    );
    assert!(
        text.contains(
            "-H-005 | 3.5.6 | Open | 2026-10-03 | Marcus Lee | Low | 2026-08-15 | 2027-01-15 |"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "+H-005 | 3.5.6 | Open | 2026-10-03 | Marcus Lee | Low | 2026-08-15 | 2027-03-15 |"
        ),
        "{text}"
    );
}

#[test]
fn cat_reads_a_git_revision() {
    if !git_available() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let repo = repository_v1_v2();
    let (code, from_git, err) = run_in(repo.path(), &["cat", "git:HEAD~1:poam.csv"]);
    assert_eq!(code, 0, "{err}");
    let (_, from_file, _) = run_in(here(), &["cat", "tests/fixtures/history/v1.csv"]);
    assert_eq!(from_git, from_file);
}

/// A CSV that is not a POA&M: a budget, with no POA&M header.
const BUDGET_V1: &str = "Line,Amount\nLaptops,1200\nLicences,300\n";
const BUDGET_V2: &str = "Line,Amount\nLaptops,1500\nLicences,300\n";

#[test]
fn plain_cat_of_a_file_that_is_not_a_poam_exits_2() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("budget.csv"), BUDGET_V1).expect("budget written");
    let (code, out, err) = run_in(dir.path(), &["cat", "budget.csv"]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(out, "");
    assert!(err.contains("budget.csv: no header row found"), "{err}");
}

#[test]
fn textconv_prints_a_file_that_is_not_a_poam_unchanged() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    // Bytes that are not UTF-8 come through unchanged too.
    let bytes = b"Line,Amount\nCaf\xe9,12\n";
    std::fs::write(dir.path().join("budget.csv"), bytes).expect("budget written");
    let output = history_support::poam()
        .current_dir(dir.path())
        .args(["cat", "--textconv", "budget.csv"])
        .output()
        .expect("poam runs");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(output.stdout, bytes);
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.starts_with("poam cat: budget.csv is not UTF-8 text"),
        "{err}"
    );
    assert!(
        err.trim_end().ends_with("showing the file unchanged"),
        "{err}"
    );

    // A POA&M is still converted, and a missing file is still an error.
    let (code, out, _) = run_in(
        here(),
        &["cat", "--textconv", "tests/fixtures/history/v1.csv"],
    );
    assert_eq!(code, 0);
    assert_eq!(out.lines().next(), Some(HEADER));
    let (code, out, err) = run_in(
        here(),
        &["cat", "--textconv", "tests/fixtures/history/absent.csv"],
    );
    assert_eq!(code, 2, "{err}");
    assert_eq!(out, "");
}

#[test]
fn git_diff_through_textconv_survives_a_file_that_is_not_a_poam() {
    if !git_available() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path();
    git(root, &["init", "-q"]);
    std::fs::write(root.join(".gitattributes"), "*.csv diff=poam\n").expect("attributes");
    std::fs::write(root.join("budget.csv"), BUDGET_V1).expect("v1");
    git(root, &["add", ".gitattributes", "budget.csv"]);
    git(root, &["commit", "-q", "-m", "v1"]);
    std::fs::write(root.join("budget.csv"), BUDGET_V2).expect("v2");
    git(root, &["commit", "-q", "-a", "-m", "v2"]);
    let output = textconv_diff(root, "budget.csv");
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let changed: Vec<&str> = text
        .lines()
        .filter(|l| {
            (l.starts_with('-') || l.starts_with('+'))
                && !l.starts_with("---")
                && !l.starts_with("+++")
        })
        .collect();
    assert_eq!(changed, ["-Laptops,1200", "+Laptops,1500"], "{text}");
}
