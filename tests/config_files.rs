//! Finding and refusing `poam.toml`, `--config`, `--no-config`, `--select`, `--ignore` and
//! `poam init-config`. Every run happens in a fresh temporary folder, so no stray
//! poam.toml of the machine running the tests is found.

mod common;

use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/config")
        .join(name)
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or(Value::Null)
    }

    /// The rule names of the findings, in output order.
    fn rules(&self) -> Vec<String> {
        self.json()["findings"]
            .as_array()
            .map(|all| {
                all.iter()
                    .map(|f| f["rule"].as_str().unwrap_or("?").to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// `poam ARGS…` with `dir` as the current folder.
fn poam_in(dir: &Path, args: &[&str]) -> Run {
    let output = common::poam_output_in(dir, args);
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// `poam validate FILE --format json --as-of 2026-11-26 EXTRA…` in `dir`.
fn validate_in(dir: &Path, file: &Path, extra: &[&str]) -> Run {
    let file = file.to_str().expect("utf-8 path");
    let mut args = vec![
        "validate",
        file,
        "--format",
        "json",
        "--as-of",
        "2026-11-26",
    ];
    args.extend_from_slice(extra);
    poam_in(dir, &args)
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).expect("file written");
}

const OWNER_GENERIC_OFF: &str = "[rules]\nowner-generic = \"off\"\n";

#[test]
fn a_config_in_a_parent_folder_is_found() {
    let dir = temp();
    write(&dir.path().join("poam.toml"), OWNER_GENERIC_OFF);
    let nested = dir.path().join("team/poams");
    std::fs::create_dir_all(&nested).expect("folders made");
    let run = validate_in(&nested, &fixture("plan.csv"), &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!run.rules().contains(&"owner-generic".to_owned()));
    assert_eq!(run.rules().len(), 4);
}

#[test]
fn the_nearest_config_wins() {
    let dir = temp();
    write(
        &dir.path().join("poam.toml"),
        "[rules]\nstatus-stale = \"off\"\n",
    );
    let nested = dir.path().join("team");
    std::fs::create_dir_all(&nested).expect("folder made");
    write(&nested.join("poam.toml"), OWNER_GENERIC_OFF);
    let run = validate_in(&nested, &fixture("plan.csv"), &[]);
    // Only the nearest file applies: files are not merged.
    assert!(run.rules().contains(&"status-stale".to_owned()));
    assert!(!run.rules().contains(&"owner-generic".to_owned()));
}

#[test]
fn an_explicit_config_is_used_and_no_config_ignores_the_found_one() {
    let dir = temp();
    let elsewhere = temp();
    let config = elsewhere.path().join("strict.toml");
    write(&config, "[rules]\nowner-generic = \"error\"\n");
    let config = config.to_str().expect("utf-8 path");
    let run = validate_in(dir.path(), &fixture("plan.csv"), &["--config", config]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let levels: Vec<String> = run.json()["findings"]
        .as_array()
        .map(|all| {
            all.iter()
                .filter(|f| f["rule"] == "owner-generic")
                .map(|f| f["level"].as_str().unwrap_or("?").to_owned())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(levels, ["error"]);

    write(&dir.path().join("poam.toml"), OWNER_GENERIC_OFF);
    let found = validate_in(dir.path(), &fixture("plan.csv"), &[]);
    assert_eq!(found.rules().len(), 4);
    let ignored = validate_in(dir.path(), &fixture("plan.csv"), &["--no-config"]);
    assert_eq!(ignored.rules().len(), 5);
}

#[test]
fn a_missing_explicit_config_is_refused() {
    let dir = temp();
    let run = validate_in(dir.path(), &fixture("plan.csv"), &["--config", "nope.toml"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("cannot read the config file nope.toml"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
}

/// Run with `config` as the found poam.toml; it must be refused with exit 2 and a message
/// holding every piece of `expected`.
fn assert_refused(config: &str, expected: &[&str]) {
    let dir = temp();
    write(&dir.path().join("poam.toml"), config);
    let run = validate_in(dir.path(), &fixture("plan.csv"), &[]);
    assert_eq!(
        run.code,
        Some(2),
        "config:\n{config}\nstderr: {}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
    let file = dir.path().join("poam.toml");
    let file = file.display().to_string();
    for piece in expected.iter().copied().chain([file.as_str()]) {
        assert!(
            run.stderr.contains(piece),
            "{piece:?} not in: {}",
            run.stderr
        );
    }
}

#[test]
fn unknown_keys_are_refused_naming_the_key_and_the_file() {
    assert_refused(
        "[thresholds]\nstale-dayz = 3\n",
        &["unknown field `stale-dayz`", "line 2"],
    );
    assert_refused("[colour]\nx = 1\n", &["unknown field `colour`"]);
    assert_refused("[words]\nowners = []\n", &["unknown field `owners`"]);
    assert_refused(
        "[defaults]\nformat = \"json\"\n",
        &["unknown field `format`"],
    );
    assert_refused(
        "[synonyms.priority]\nP1 = \"High\"\n",
        &["unknown field `priority`"],
    );
}

#[test]
fn unknown_rule_names_are_refused_with_the_nearest_name() {
    assert_refused(
        "[rules]\nowner-generc = \"off\"\n",
        &["[rules] owner-generc: there is no rule named 'owner-generc'. Did you mean 'owner-generic'?"],
    );
    assert_refused(
        "[rules]\nno-such-thing = \"off\"\n",
        &["there is no rule named 'no-such-thing'. `poam rules` lists them all"],
    );
}

#[test]
fn bad_values_are_refused_naming_the_key() {
    let cases: [(&str, &str); 10] = [
        (
            "[rules]\nowner-generic = \"fatal\"\n",
            "unknown variant `fatal`, expected one of `error`, `warning`, `off`",
        ),
        ("[thresholds]\nstale-days = -1\n", "stale-days"),
        (
            "[thresholds]\noverloaded-share = 50\n",
            "[thresholds] overloaded-share: 50 is not a share between 0 and 1",
        ),
        (
            "[thresholds]\nsame-target-share = 1.5\n",
            "[thresholds] same-target-share: 1.5 is not a share",
        ),
        (
            "[defaults]\nlevel = 4\n",
            "[defaults] level: 4 is not a CMMC level",
        ),
        (
            "[defaults]\nprofile = \"fedramp\"\n",
            "[defaults] profile: the FedRAMP profile is not implemented yet",
        ),
        (
            "[defaults]\nconditional-date = \"06/01/2026\"\n",
            "[defaults] conditional-date: \"06/01/2026\" is not a date",
        ),
        (
            "[synonyms.status]\nParked = \"Sleeping\"\n",
            "[synonyms.status] Parked: \"Sleeping\" is not a status",
        ),
        (
            "[synonyms.severity]\nHigh = \"Low\"\n",
            "[synonyms.severity] High: \"High\" already means High",
        ),
        (
            "[columns]\n\"Risk Owner\" = \"boss\"\n",
            "[columns] Risk Owner: \"boss\" is not a field",
        ),
    ];
    for (config, expected) in cases {
        assert_refused(config, &[expected]);
    }
}

#[test]
fn select_reports_only_the_named_rules() {
    let dir = temp();
    let run = validate_in(
        dir.path(),
        &fixture("plan.csv"),
        &["--select", "owner-generic,status-stale"],
    );
    assert_eq!(run.rules(), ["status-stale", "owner-generic"]);
    assert_eq!(run.json()["summary"]["warnings"], 2);
}

#[test]
fn ignore_drops_the_named_rules_and_wins_over_select() {
    let dir = temp();
    let run = validate_in(
        dir.path(),
        &fixture("plan.csv"),
        &[
            "--ignore",
            "owner-generic",
            "--ignore",
            "status-stale,owner-overloaded",
        ],
    );
    assert_eq!(run.rules(), ["milestones-missing", "evidence-vague"]);
    let both = validate_in(
        dir.path(),
        &fixture("plan.csv"),
        &[
            "--select",
            "owner-generic,status-stale",
            "--ignore",
            "owner-generic",
        ],
    );
    assert_eq!(both.rules(), ["status-stale"]);
}

#[test]
fn select_reports_a_rule_the_config_switched_off() {
    let dir = temp();
    write(&dir.path().join("poam.toml"), OWNER_GENERIC_OFF);
    let run = validate_in(
        dir.path(),
        &fixture("plan.csv"),
        &["--select", "owner-generic"],
    );
    assert_eq!(run.rules(), ["owner-generic"]);
}

#[test]
fn unknown_select_and_ignore_names_are_refused_with_a_suggestion() {
    let dir = temp();
    let run = validate_in(
        dir.path(),
        &fixture("plan.csv"),
        &["--select", "owner-generc"],
    );
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains(
            "--select: there is no rule named 'owner-generc'. Did you mean 'owner-generic'?"
        ),
        "{}",
        run.stderr
    );
    let run = validate_in(dir.path(), &fixture("plan.csv"), &["--ignore", "stale"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .contains("--ignore: there is no rule named 'stale'."),
        "{}",
        run.stderr
    );
}

#[test]
fn init_config_writes_a_file_that_changes_nothing() {
    let dir = temp();
    let run = poam_in(dir.path(), &["init-config"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let written = dir.path().join("poam.toml");
    let text = std::fs::read_to_string(&written).expect("poam.toml written");
    assert!(text.contains("stale-days = 30\n"));
    assert!(text.contains("# owner-generic = \"warning\""));
    assert!(text.contains("# closed-without-evidence = \"error\""));

    for file in [example("poam.csv"), example("poam.xlsx")] {
        let with = validate_in(dir.path(), &file, &[]);
        let without = validate_in(dir.path(), &file, &["--no-config"]);
        assert!(matches!(with.code, Some(0) | Some(1)), "{}", with.stderr);
        assert_ne!(with.json(), Value::Null);
        assert_eq!(with.stdout, without.stdout, "{}", file.display());
        assert_eq!(with.code, without.code);
    }
}

#[test]
fn init_config_keeps_an_existing_file_unless_forced() {
    let dir = temp();
    let path = dir.path().join("custom.toml");
    write(&path, OWNER_GENERIC_OFF);
    let refused = poam_in(dir.path(), &["init-config", "custom.toml"]);
    assert_eq!(refused.code, Some(2));
    assert!(refused
        .stderr
        .contains("custom.toml already exists: pass --force"));
    assert_eq!(
        std::fs::read_to_string(&path).expect("still there"),
        OWNER_GENERIC_OFF
    );
    let forced = poam_in(dir.path(), &["init-config", "custom.toml", "--force"]);
    assert_eq!(forced.code, Some(0), "{}", forced.stderr);
    let text = std::fs::read_to_string(&path).expect("rewritten");
    assert!(text.starts_with("# poam.toml: your organisation's settings"));
}

#[test]
fn levels_select_and_ignore_apply_to_history_rules_too() {
    // The new version keeps only POAM-1: the five other open items vanished unclosed.
    let dir = temp();
    let plan = fixture("plan.csv");
    let text = std::fs::read_to_string(&plan).expect("fixture read");
    let first_two_lines: Vec<&str> = text.lines().take(2).collect();
    let new = dir.path().join("new.csv");
    write(&new, &(first_two_lines.join("\n") + "\n"));
    let previous = plan.to_str().expect("utf-8 path");
    let removed_levels = |run: &Run| -> Vec<String> {
        run.json()["findings"]
            .as_array()
            .map(|all| {
                all.iter()
                    .filter(|f| f["rule"] == "item-removed")
                    .map(|f| f["level"].as_str().unwrap_or("?").to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    let plain = validate_in(dir.path(), &new, &["--previous", previous]);
    assert_eq!(removed_levels(&plain), vec!["error"; 5], "{}", plain.stderr);
    assert_eq!(plain.code, Some(1));

    write(
        &dir.path().join("poam.toml"),
        "[rules]\nitem-removed = \"warning\"\n",
    );
    let relaxed = validate_in(dir.path(), &new, &["--previous", previous]);
    assert_eq!(removed_levels(&relaxed), vec!["warning"; 5]);
    assert_eq!(relaxed.code, Some(0));

    let ignored = validate_in(
        dir.path(),
        &new,
        &["--previous", previous, "--ignore", "item-removed"],
    );
    assert_eq!(removed_levels(&ignored), Vec::<String>::new());
    let selected = validate_in(
        dir.path(),
        &new,
        &["--previous", previous, "--select", "item-removed"],
    );
    assert_eq!(selected.rules(), vec!["item-removed"; 5]);
}
