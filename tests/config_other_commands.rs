//! Every command that reads a POA&M reads `poam.toml` as `validate` does: `report`,
//! `score`, `owners` and `triage` its `[defaults]` level, column aliases and synonyms;
//! `set`/`add`/`close`, `cat` and `evidence hash` its sheet, column aliases, synonyms and
//! evidence root; each with `--config FILE` and `--no-config`. Otherwise a lead who sets
//! `level = 3`, a status synonym or a column alias would get answers that disagree with
//! `poam validate`.
//! Each run happens in a fresh folder, so that the config is found by the upward search
//! and no stray poam.toml of the machine can interfere.

mod common;

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn root(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn fixture(name: &str) -> PathBuf {
    root("tests/fixtures/config").join(name)
}

/// `poam ARGS… --format json` run in a fresh folder holding `config` as poam.toml (when
/// given): the JSON it prints.
fn json_with(config: Option<&str>, args: &[&str], file: Option<&Path>) -> Value {
    let dir = tempfile::tempdir().expect("a temporary folder");
    if let Some(text) = config {
        std::fs::write(dir.path().join("poam.toml"), text).expect("config written");
    }
    let mut cmd = Command::cargo_bin("poam").expect("the poam binary is built");
    cmd.current_dir(dir.path()).args(args);
    if let Some(file) = file {
        cmd.arg(file);
    }
    let output = cmd.args(["--format", "json"]).output().expect("poam runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON on standard output")
}

const LEVEL_1: &str = "[defaults]\nlevel = 1\n";

#[test]
fn score_and_report_take_the_level_from_poam_toml_and_the_flag_wins() {
    let plan = fixture("plan.csv");
    for command in ["score", "report"] {
        let args = [command, "--as-of", "2026-11-26"];
        let level = |config, extra: &[&str]| {
            let args: Vec<&str> = args.iter().chain(extra).copied().collect();
            json_with(config, &args, Some(&plan))["level"].clone()
        };
        assert_eq!(level(None, &[]), 2, "{command}: built-in default");
        assert_eq!(level(Some(LEVEL_1), &[]), 1, "{command}: poam.toml");
        assert_eq!(
            level(Some(LEVEL_1), &["--level", "2"]),
            2,
            "{command}: flag"
        );
        assert_eq!(level(Some(LEVEL_1), &["--no-config"]), 2, "{command}");
    }
}

#[test]
fn a_config_named_with_the_flag_is_read() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let config = dir.path().join("team.toml");
    std::fs::write(&config, LEVEL_1).expect("config written");
    let config = config.to_string_lossy().into_owned();
    let args = [
        "score",
        "--as-of",
        "2026-11-26",
        "--config",
        config.as_str(),
    ];
    let json = json_with(None, &args, Some(&fixture("plan.csv")));
    assert_eq!(json["level"], 1);
}

#[test]
fn triage_takes_the_level_from_poam_toml() {
    let ssp = root("examples/ssp.csv");
    let ssp = ssp.to_string_lossy();
    let args = ["triage", "--ssp", ssp.as_ref()];
    assert_eq!(json_with(None, &args, None)["level"], 2);
    assert_eq!(json_with(Some(LEVEL_1), &args, None)["level"], 1);
    // With the POA&M too (read through `validate`).
    let poam = root("examples/poam.csv");
    assert_eq!(json_with(Some(LEVEL_1), &args, Some(&poam))["level"], 1);
}

/// The owners and their items' ids in `owners --format json`.
fn owners(json: &Value) -> Vec<(String, Vec<String>)> {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    json["owners"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|o| {
            let ids = o["items"].as_array().into_iter().flatten();
            (text(&o["owner"]), ids.map(|i| text(&i["id"])).collect())
        })
        .collect()
}

#[test]
fn owners_apply_status_synonyms_and_column_aliases() {
    let args = ["owners", "--as-of", "2026-11-26"];
    // vocab.csv: POAM-1 (Alice Smith) has status "Shipped", which the config closes.
    let vocab = fixture("vocab.csv");
    let both = vec![
        ("Alice Smith".to_owned(), vec!["POAM-1".to_owned()]),
        ("Bob Jones".to_owned(), vec!["POAM-2".to_owned()]),
    ];
    assert_eq!(owners(&json_with(None, &args, Some(&vocab))), both);
    let shipped = "[synonyms.status]\n\"Shipped\" = \"Closed\"\n";
    assert_eq!(
        owners(&json_with(Some(shipped), &args, Some(&vocab))),
        [("Bob Jones".to_owned(), vec!["POAM-2".to_owned()])]
    );
    // header.csv names its owner column "Accountable Person": known only through the config.
    let header = fixture("header.csv");
    assert_eq!(
        owners(&json_with(None, &args, Some(&header))),
        [("(no owner)".to_owned(), vec!["POAM-1".to_owned()])]
    );
    let alias = "[columns]\n\"Accountable Person\" = \"owner\"\n";
    assert_eq!(
        owners(&json_with(Some(alias), &args, Some(&header))),
        [("IT".to_owned(), vec!["POAM-1".to_owned()])]
    );
}

#[test]
fn a_previous_version_is_read_with_the_same_synonyms() {
    // The same file as last period's version: with the synonym applied to one side only,
    // "Shipped" would read as a status change.
    let vocab = fixture("vocab.csv");
    let previous = vocab.to_string_lossy();
    let shipped = "[synonyms.status]\n\"Shipped\" = \"Closed\"\n";
    let args = [
        "report",
        "--as-of",
        "2026-11-26",
        "--previous",
        previous.as_ref(),
    ];
    let json = json_with(Some(shipped), &args, Some(&vocab));
    let changes = &json["changes"];
    assert!(changes.is_object(), "the report compares: {json}");
    for list in ["new_items", "closed", "reopened", "removed", "slipped"] {
        assert_eq!(changes[list].as_array().map(Vec::len), Some(0), "{list}");
    }
    assert_eq!(changes["other_changes"], 0);
}

/// `poam ARGS…` run in `dir`: exit code, standard output, standard error.
fn run_in(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = common::poam_output_in(dir, args);
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (
        output.status.code(),
        text(&output.stdout),
        text(&output.stderr),
    )
}

/// A fresh folder holding a copy of the config fixture `name`.
fn folder_with(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::copy(fixture(name), dir.path().join(name)).expect("fixture copied");
    dir
}

const ALIAS: &str = "[columns]\n\"Accountable Person\" = \"owner\"\n";

#[test]
fn set_and_cat_find_a_column_named_in_poam_toml() {
    let dir = folder_with("header.csv");
    let file = dir.path().join("header.csv");
    let before = std::fs::read(&file).expect("read");
    let set = [
        "set",
        "header.csv",
        "POAM-1",
        "--owner",
        "Dana Lee (ISSO)",
        "--as-of",
        "2026-11-26",
    ];
    // Without the alias there is no owner column: refused, the file untouched.
    let (code, _, stderr) = run_in(dir.path(), &set);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("has no owner column"), "{stderr}");
    assert_eq!(std::fs::read(&file).expect("read"), before);
    std::fs::write(dir.path().join("poam.toml"), ALIAS).expect("config written");
    let (_, cat, _) = run_in(dir.path(), &["cat", "header.csv"]);
    assert!(
        cat.lines().any(|l| l.contains("| 2026-11-20 | IT |")),
        "{cat}"
    );
    let (code, stdout, stderr) = run_in(dir.path(), &set);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("line 2 column F: \"IT\" → \"Dana Lee (ISSO)\""),
        "{stdout}"
    );
    let after = std::fs::read_to_string(&file).expect("read");
    let expected = String::from_utf8_lossy(&before).replace(",IT,", ",Dana Lee (ISSO),");
    assert_eq!(after, expected);
}

#[test]
fn cat_for_git_prints_the_file_unchanged_under_a_broken_poam_toml() {
    let dir = folder_with("header.csv");
    std::fs::write(dir.path().join("poam.toml"), "[nonsense]\n").expect("config written");
    let (code, stdout, _) = run_in(dir.path(), &["cat", "--textconv", "header.csv"]);
    assert_eq!(code, Some(0));
    let original = std::fs::read_to_string(fixture("header.csv")).expect("read");
    assert!(stdout.contains(&original), "{stdout}");
    let (code, _, stderr) = run_in(dir.path(), &["cat", "header.csv"]);
    assert_eq!(code, Some(2), "{stderr}");
}

#[test]
fn evidence_hash_takes_the_root_and_synonyms_from_poam_toml() {
    // vocab.csv: POAM-1 is "Shipped" (closed only through the synonym) and names
    // evidence/3.1.3-firewall-rules.png, which lives under store/.
    let dir = folder_with("vocab.csv");
    let evidence = dir.path().join("store/evidence");
    std::fs::create_dir_all(&evidence).expect("folders");
    std::fs::write(evidence.join("3.1.3-firewall-rules.png"), "rules\n").expect("evidence");
    let config = "[defaults]\nevidence-root = \"store\"\n\
                  [synonyms.status]\n\"Shipped\" = \"Closed\"\n";
    std::fs::write(dir.path().join("poam.toml"), config).expect("config written");
    let args = ["evidence", "hash", "vocab.csv", "--as-of", "2026-11-26"];
    let (code, _, stderr) = run_in(dir.path(), &args);
    assert_eq!(code, Some(0), "{stderr}");
    let manifest = std::fs::read_to_string(dir.path().join("poam-evidence.json"))
        .expect("the manifest is written");
    let manifest: Value = serde_json::from_str(&manifest).expect("JSON");
    let entries = manifest["entries"].as_array().cloned().unwrap_or_default();
    assert_eq!(entries.len(), 1, "{manifest}");
    assert_eq!(entries[0]["item"], "POAM-1");
    assert_eq!(
        entries[0]["sha256"],
        "a73e36ec19ff2a725608408e2b396eadd2ac6046cfa31e010f8d62daab565165"
    );
}
