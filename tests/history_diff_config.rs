//! `poam diff` with `poam.toml` (`[rules]`, `[synonyms]`, `[columns]`), `--select`,
//! `--ignore`, `--config`, `--no-config`, and the CI formats (SARIF, JUnit, GitHub) that it
//! shares with `validate`.

mod common;
mod history_support;

use history_support::{finding_lines, fixture, json, run_in, V1_TO_V2};
use std::path::{Path, PathBuf};

fn v1() -> String {
    fixture("v1.csv").to_string_lossy().into_owned()
}

fn v2() -> String {
    fixture("v2.csv").to_string_lossy().into_owned()
}

/// `poam diff OLD NEW --as-of 2026-11-26 EXTRA…`, run in `dir`.
fn diff_in(dir: &Path, old: &str, new: &str, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["diff", old, new, "--as-of", "2026-11-26"];
    args.extend_from_slice(extra);
    run_in(dir, &args)
}

fn folder_with_config(toml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("poam.toml"), toml).expect("poam.toml written");
    dir
}

/// Each finding as `rule item level`.
fn rule_levels(doc: &serde_json::Value) -> Vec<String> {
    doc["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            format!(
                "{} {} {}",
                f["rule"].as_str().unwrap_or("?"),
                f["item"].as_str().unwrap_or("-"),
                f["level"].as_str().unwrap_or("?")
            )
        })
        .collect()
}

#[test]
fn poam_toml_rule_levels_apply_to_diff() {
    let dir = folder_with_config(
        "[rules]\nitem-removed = \"warning\"\nclosed-without-evidence = \"off\"\n",
    );
    let (code, out, err) = diff_in(dir.path(), &v1(), &v2(), &["--format", "json"]);
    assert_eq!(code, 0, "no error is left: {err}");
    let doc = json(&out);
    assert_eq!(
        rule_levels(&doc),
        [
            "item-removed H-002 warning",
            "reopened H-003 warning",
            "completion-slipped H-005 warning",
            "start-changed H-007 warning",
            "status-changed-without-date H-008 warning",
        ]
    );
    assert_eq!(doc["summary"]["errors"], 0);
    assert_eq!(doc["summary"]["warnings"], 5);

    // --no-config: the built-in levels again.
    let (code, out, _) = diff_in(
        dir.path(),
        &v1(),
        &v2(),
        &["--format", "json", "--no-config"],
    );
    assert_eq!(code, 1);
    assert_eq!(finding_lines(&json(&out)), V1_TO_V2);

    // --config FILE from elsewhere.
    let elsewhere = tempfile::tempdir().expect("a temporary folder");
    let config = dir.path().join("poam.toml");
    let (code, out, _) = diff_in(
        elsewhere.path(),
        &v1(),
        &v2(),
        &["--format", "json", "--config", &config.to_string_lossy()],
    );
    assert_eq!(code, 0);
    assert_eq!(json(&out)["summary"]["warnings"], 5);
}

#[test]
fn select_and_ignore_narrow_the_history_findings() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (code, out, _) = diff_in(
        dir.path(),
        &v1(),
        &v2(),
        &[
            "--format",
            "json",
            "--ignore",
            "item-removed,closed-without-evidence",
        ],
    );
    assert_eq!(code, 0, "the two errors are ignored");
    assert_eq!(
        finding_lines(&json(&out)),
        [
            "reopened H-003 3:L3",
            "completion-slipped H-005 5:K5",
            "start-changed H-007 7:H7",
            "status-changed-without-date H-008 8:M8",
        ]
    );
    let (code, out, _) = diff_in(
        dir.path(),
        &v1(),
        &v2(),
        &["--format", "json", "--select", "item-removed,reopened"],
    );
    assert_eq!(code, 1);
    assert_eq!(
        finding_lines(&json(&out)),
        ["item-removed H-002 -:-", "reopened H-003 3:L3"]
    );
    let (code, _, err) = diff_in(dir.path(), &v1(), &v2(), &["--select", "no-such-rule"]);
    assert_eq!(code, 2);
    assert!(err.contains("no-such-rule"), "{err}");
}

/// v1 and v2 with the organisation's own words: "Signed Off" for Closed, and the completion
/// date under a "Fix By" header.
fn own_words(dir: &Path) -> (PathBuf, PathBuf) {
    let rewrite = |name: &str| -> PathBuf {
        let text = std::fs::read_to_string(fixture(name)).expect("fixture");
        let text = text
            .replace("Completion Date", "Fix By")
            .replace(",Closed,", ",Signed Off,");
        let path = dir.join(name);
        std::fs::write(&path, text).expect("written");
        path
    };
    (rewrite("v1.csv"), rewrite("v2.csv"))
}

#[test]
fn both_versions_are_read_with_the_config_synonyms_and_columns() {
    let dir = folder_with_config(
        "[synonyms.status]\n\"Signed Off\" = \"Closed\"\n\n[columns]\n\"Fix By\" = \"completion\"\n",
    );
    let (old, new) = own_words(dir.path());
    let (old, new) = (old.to_string_lossy(), new.to_string_lossy());
    // With the config, the same findings as the plain fixtures: H-003 was "Signed Off" in
    // the old version (reopened), H-004 is "Signed Off" in the new one (closed without
    // evidence), H-005's "Fix By" date moved (slipped).
    let (code, out, err) = diff_in(dir.path(), &old, &new, &["--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let doc = json(&out);
    assert_eq!(finding_lines(&doc), V1_TO_V2);
    assert_eq!(doc["closed"], serde_json::json!(["H-004"]));
    assert_eq!(doc["reopened"], serde_json::json!(["H-003"]));
    assert_eq!(doc["removed_closed"], serde_json::json!(["H-009"]));

    // Without it the words are unknown and the column is not found: the reopening, the
    // closure and the slip are missed, and H-009, closed ("Signed Off") before it left the
    // file, reads as removed without being closed.
    let (_, out, _) = diff_in(dir.path(), &old, &new, &["--format", "json", "--no-config"]);
    assert_eq!(
        finding_lines(&json(&out)),
        [
            "item-removed H-002 -:-",
            "item-removed H-009 -:-",
            "start-changed H-007 7:H7",
            "status-changed-without-date H-008 8:M8",
        ]
    );
}

#[test]
fn sarif_from_diff_passes_the_official_schema() {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/realworld/schemas/sarif-schema-2.1.0.json");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (code, out, err) = diff_in(
        dir.path(),
        &v1(),
        &v2(),
        &["--format", "sarif", "--no-config"],
    );
    assert_eq!(code, 1, "{err}");
    let log = json(&out);
    let results = log["runs"][0]["results"].as_array().expect("results");
    let found: Vec<String> = results
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r["ruleId"].as_str().unwrap_or("?"),
                r["properties"]["item"].as_str().unwrap_or("-")
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            "item-removed H-002",
            "reopened H-003",
            "closed-without-evidence H-004",
            "completion-slipped H-005",
            "start-changed H-007",
            "status-changed-without-date H-008",
        ]
    );
    // Located in the new version, on its CSV line.
    let slipped = &results[3];
    assert_eq!(slipped["level"], "warning");
    let location = &slipped["locations"][0]["physicalLocation"];
    assert!(
        location["artifactLocation"]["uri"]
            .as_str()
            .unwrap_or_default()
            .ends_with("tests/fixtures/history/v2.csv"),
        "{location}"
    );
    assert_eq!(location["region"]["startLine"], 5);
    assert_eq!(log["runs"][0]["properties"]["items"], 9);

    if !schema.exists() {
        println!("skipped: ../shared is absent");
        return;
    }
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.enable_format_assertions();
    let index = compiler
        .compile(&schema.to_string_lossy(), &mut schemas)
        .expect("the SARIF schema compiles");
    if let Err(e) = schemas.validate(&log, index) {
        panic!("SARIF from poam diff does not match the 2.1.0 schema:\n{e:#}");
    }
}

#[test]
fn junit_from_diff_has_a_testcase_per_new_item_and_the_errors_as_failures() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (code, out, err) = diff_in(
        dir.path(),
        &v1(),
        &v2(),
        &["--format", "junit", "--no-config"],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("<testsuites name=\"poam diff\" tests=\"10\" failures=\"2\""),
        "{out}"
    );
    // Parse it: every event must be well-formed.
    let mut reader = quick_xml::Reader::from_str(&out);
    let mut names = Vec::new();
    let mut failures = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)
                if e.name().as_ref() == "testcase" =>
            {
                let name = e
                    .try_get_attribute("name")
                    .expect("attribute")
                    .expect("a name")
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .expect("escaped")
                    .into_owned();
                names.push(name);
            }
            quick_xml::events::Event::Start(e) if e.name().as_ref() == "failure" => {
                let kind = e
                    .try_get_attribute("type")
                    .expect("attribute")
                    .expect("a type")
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .expect("escaped")
                    .into_owned();
                failures.push(format!(
                    "{} {kind}",
                    names.last().cloned().unwrap_or_default()
                ));
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(
        names,
        [
            "H-001",
            "H-003",
            "H-004",
            "H-005",
            "H-006",
            "H-007",
            "H-008",
            "H-011",
            "H-010",
            "Whole POA&M",
        ]
    );
    // item-removed names no row of the new version: it belongs to the whole POA&M.
    assert_eq!(
        failures,
        ["H-004 closed-without-evidence", "Whole POA&M item-removed"]
    );
}

#[test]
fn github_annotations_from_diff() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (code, out, err) = diff_in(
        dir.path(),
        &v1(),
        &v2(),
        &["--format", "github", "--no-config"],
    );
    assert_eq!(code, 1, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 6, "one workflow command per finding: {out}");
    assert!(lines[0].starts_with("::error "), "{}", lines[0]);
    assert!(lines[0].contains("title=item-removed"), "{}", lines[0]);
    let slipped = lines
        .iter()
        .find(|l| l.contains("completion-slipped"))
        .expect("the slip");
    assert!(slipped.starts_with("::warning file="), "{slipped}");
    assert!(slipped.contains(",line=5,"), "{slipped}");
    assert!(
        slipped.contains("H-005's completion date moved from 2027-01-15 to 2027-03-15"),
        "{slipped}"
    );
    assert!(
        out.lines().all(|l| l.starts_with("::")),
        "standard output holds only workflow commands"
    );
    assert!(!err.is_empty(), "the summary goes to standard error");
}
