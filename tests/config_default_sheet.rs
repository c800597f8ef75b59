//! `[defaults] sheet` in poam.toml names a workbook's sheet; a CSV, which has no sheets,
//! is read as usual (only an explicit `--sheet` on a CSV is a mistake worth exit 2).

use assert_cmd::Command;
use std::path::Path;

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
        .display()
        .to_string()
}

fn validate(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("poam")
        .expect("the poam binary is built")
        .current_dir(dir)
        .arg("validate")
        .args(args)
        .args(["--as-of", "2026-11-26", "--format", "json"])
        .output()
        .expect("poam runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn a_configured_sheet_applies_to_workbooks_and_not_to_csv() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(
        dir.path().join("poam.toml"),
        "[defaults]\nsheet = \"POA&M\"\n",
    )
    .expect("config written");
    let (code, json) = validate(dir.path(), &[&example("poam.csv")]);
    assert_eq!(code, 1, "the CSV is read, with its findings: {json}");
    assert!(json.contains("\"total\": 14"), "{json}");
    let (code, json) = validate(dir.path(), &[&example("poam.xlsx")]);
    assert_eq!(code, 1, "{json}");
    assert!(json.contains("\"sheet\": \"POA&M\""), "{json}");

    std::fs::write(
        dir.path().join("poam.toml"),
        "[defaults]\nsheet = \"Nope\"\n",
    )
    .expect("config written");
    let (code, _) = validate(dir.path(), &[&example("poam.xlsx")]);
    assert_eq!(code, 2, "a configured sheet the workbook lacks is an error");
    let (code, _) = validate(dir.path(), &[&example("poam.csv"), "--sheet", "POA&M"]);
    assert_eq!(code, 2, "an explicit --sheet on a CSV is an error");
}
