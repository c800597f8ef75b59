//! Shared by the history tests: run `poam`, make throw-away git repositories, read findings.
//! A test crate that uses it declares `mod common;` too.

#![allow(dead_code)] // each test crate uses a different part of this module

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A file under `tests/fixtures/history/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/history")
        .join(name)
}

pub fn poam() -> Command {
    Command::cargo_bin("poam").expect("the poam binary is built")
}

/// Run poam in `dir` with `args`; (exit code, stdout, stderr).
pub fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = poam()
        .current_dir(dir)
        // A throw-away repository is never taken for one that holds the temporary folder.
        .env("GIT_CEILING_DIRECTORIES", std::env::temp_dir())
        .args(args)
        .output()
        .expect("poam runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

pub fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"))
}

/// Each finding as `rule item row:cell` (`-` for null), in output order.
pub fn finding_lines(json: &Value) -> Vec<String> {
    crate::common::finding_lines(json, "item")
}

/// The history findings of `poam diff tests/fixtures/history/v1.csv v2.csv`.
pub const V1_TO_V2: [&str; 6] = [
    "item-removed H-002 -:-",
    "reopened H-003 3:L3",
    "closed-without-evidence H-004 4:N4",
    "completion-slipped H-005 5:K5",
    "start-changed H-007 7:H7",
    "status-changed-without-date H-008 8:M8",
];

/// Is git installed? The git tests say so and pass when it is not.
pub fn git_available() -> bool {
    std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Run git in `dir` with a fixed identity and no user or system configuration.
pub fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CEILING_DIRECTORIES", std::env::temp_dir())
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// A throw-away repository holding `poam.csv` in two commits: v1, then v2; the working
/// copy is v2.
pub fn repository_v1_v2() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path();
    git(root, &["init", "-q"]);
    std::fs::copy(fixture("v1.csv"), root.join("poam.csv")).expect("copy v1");
    git(root, &["add", "poam.csv"]);
    git(root, &["commit", "-q", "-m", "v1"]);
    std::fs::copy(fixture("v2.csv"), root.join("poam.csv")).expect("copy v2");
    git(root, &["commit", "-q", "-a", "-m", "v2"]);
    dir
}
