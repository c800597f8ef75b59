//! Every file of the shared real-world corpus, through every reading command: the only
//! exit codes are 0, 1 and 2, and nothing panics (issue 2 §9). Skipped, with a message,
//! when ../shared is absent (a user's clone).

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn realworld() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realworld");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared is absent");
        None
    }
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Run `poam ARGS` and check the exit code is 0, 1 or 2 and stderr holds no panic.
fn check(args: &[&str], file: &Path) -> i32 {
    let out = Command::cargo_bin("poam")
        .expect("the poam binary is built")
        .args(args)
        .arg(file)
        .args(["--as-of", "2026-11-26"])
        .output()
        .expect("poam runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code().unwrap_or(-1);
    assert!(
        matches!(code, 0..=2),
        "poam {args:?} {} exited {code}\n{stderr}",
        file.display()
    );
    assert!(
        !stderr.contains("panicked"),
        "poam {args:?} {} panicked:\n{stderr}",
        file.display()
    );
    if code == 2 {
        // An unusable input is named in the one-sentence message.
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        assert!(
            stderr.contains(name.as_ref()),
            "poam {args:?} {}: the message does not name the file:\n{stderr}",
            file.display()
        );
    }
    code
}

#[test]
fn every_realworld_file_exits_0_1_or_2_without_panic() {
    let Some(dir) = realworld() else { return };
    let mut files = Vec::new();
    files_under(&dir, &mut files);
    files.sort();
    assert!(
        files.len() >= 38,
        "the corpus has 38 data files, found {}",
        files.len()
    );
    let mut usable = 0;
    for file in &files {
        for format in ["json", "sarif", "junit", "github", "human"] {
            let code = check(&["validate", "--format", format], file);
            if format == "json" && code != 2 {
                usable += 1;
            }
        }
        check(&["owners"], file);
        check(&["score"], file);
        check(&["report", "--format", "md"], file);
    }
    // The POA&M-like spreadsheets and CSVs are read (FedRAMP, four eMASS, the agency
    // workbook, Xacta, the CMMC tracker, two matrices, two assessment sheets).
    assert!(usable >= 13, "only {usable} real-world files could be read");
}

#[test]
fn every_realworld_file_as_an_ssp_exits_0_1_or_2_without_panic() {
    let Some(dir) = realworld() else { return };
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/poam.csv");
    let mut files = Vec::new();
    files_under(&dir, &mut files);
    for file in &files {
        let out = Command::cargo_bin("poam")
            .expect("the poam binary is built")
            .args(["triage", "--ssp"])
            .arg(file)
            .arg(&example)
            .output()
            .expect("poam runs");
        let code = out.status.code().unwrap_or(-1);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            matches!(code, 0..=2),
            "triage --ssp {} exited {code}\n{stderr}",
            file.display()
        );
        assert!(
            !stderr.contains("panicked"),
            "triage --ssp {} panicked:\n{stderr}",
            file.display()
        );
    }
}
