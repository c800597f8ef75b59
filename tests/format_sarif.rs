//! `poam validate --format sarif`: SARIF 2.1.0 that GitHub code scanning accepts.

mod format_support;

use format_support::*;
use serde_json::Value;
use std::path::Path;

fn sarif(file: &str) -> Value {
    serde_json::from_str(&validate_stdout(file, "sarif")).expect("SARIF is JSON")
}

fn results(log: &Value) -> Vec<Value> {
    log["runs"][0]["results"]
        .as_array()
        .cloned()
        .expect("results is an array")
}

/// The one result of `rule` whose `properties.item` is `item`.
fn result_for(log: &Value, rule: &str, item: &str) -> Value {
    let hits: Vec<Value> = results(log)
        .into_iter()
        .filter(|r| r["ruleId"] == rule && r["properties"]["item"] == item)
        .collect();
    assert_eq!(hits.len(), 1, "one {rule} result on {item}: {hits:?}");
    hits[0].clone()
}

#[test]
fn sarif_passes_the_official_schema() {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/realworld/schemas/sarif-schema-2.1.0.json");
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
    let dir = tempfile::tempdir().expect("temp dir");
    let workbook = fixture_as_workbook(dir.path(), "POA&M");
    let text = std::fs::read_to_string(root().join(FIXTURE)).expect("fixture");
    // A path with a space, `:`, `,` and `%`: the URI must still be a valid URI reference.
    let odd = write_file(dir.path(), "poam: q1, 50%.csv", &text);
    for file in [FIXTURE, WHOLE_FIXTURE, workbook.as_str(), odd.as_str()] {
        let log = sarif(file);
        assert!(!results(&log).is_empty(), "{file} has results");
        if let Err(e) = schemas.validate(&log, index) {
            panic!("SARIF for {file} does not match the 2.1.0 schema:\n{e:#}");
        }
    }
}

#[test]
fn sarif_header_and_tool_as_github_requires() {
    let log = sarif(FIXTURE);
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["runs"].as_array().map(Vec::len), Some(1));
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "poam");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(driver["informationUri"], "https://github.com/poam-dev/poam");
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    let report = json_report(FIXTURE);
    assert_eq!(run["properties"]["score"], report["score"]["value"]);
    assert_eq!(run["properties"]["errors"], report["summary"]["errors"]);
    assert_eq!(run["properties"]["warnings"], report["summary"]["warnings"]);
    assert_eq!(
        run["properties"]["conditionalReachable"],
        report["conditional"]["reachable"]
    );
}

#[test]
fn sarif_documents_every_rule() {
    let log = sarif(FIXTURE);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .cloned()
        .expect("rules is an array");
    let all = poam::rules::all();
    assert_eq!(rules.len(), all.len());
    for (descriptor, info) in rules.iter().zip(&all) {
        assert_eq!(descriptor["id"], info.name);
        assert_eq!(descriptor["name"], info.name);
        assert_eq!(descriptor["shortDescription"]["text"], info.summary);
        assert_eq!(descriptor["fullDescription"]["text"], info.what);
        assert_eq!(
            descriptor["helpUri"],
            "https://github.com/poam-dev/poam#rules"
        );
        assert_eq!(
            descriptor["defaultConfiguration"]["level"],
            info.default_level.as_str()
        );
        let help = descriptor["help"]["text"].as_str().unwrap_or_default();
        for section in [info.what, info.why, info.fix, info.source] {
            assert!(
                help.contains(section),
                "{}: help lacks {section:?}",
                info.name
            );
        }
        let markdown = descriptor["help"]["markdown"].as_str().unwrap_or_default();
        assert!(markdown.contains("**How to fix.**"), "{}", info.name);
    }
}

#[test]
fn sarif_result_names_the_cell_and_the_csv_line() {
    let log = sarif(FIXTURE);
    let findings = json_findings(FIXTURE);
    let expected = json_finding(&findings, "closed-without-evidence", "POAM-001");
    assert_eq!(expected["location"]["cell"], "M2");

    let result = result_for(&log, "closed-without-evidence", "POAM-001");
    assert_eq!(result["level"], "error");
    assert_eq!(
        result["message"]["text"].as_str(),
        Some(format!("M2: {}", expected["message"].as_str().unwrap_or_default()).as_str())
    );
    let rules = &log["runs"][0]["tool"]["driver"]["rules"];
    let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
    assert_eq!(rules[index]["id"], "closed-without-evidence");

    let location = &result["locations"][0];
    assert_eq!(
        location["physicalLocation"]["artifactLocation"]["uri"],
        "tests/fixtures/format/poam.csv"
    );
    assert_eq!(location["physicalLocation"]["region"]["startLine"], 2);
    assert_eq!(location["logicalLocations"][0]["fullyQualifiedName"], "M2");
    assert_eq!(location["logicalLocations"][0]["kind"], "element");
    assert_eq!(result["properties"]["cell"], "M2");
    assert_eq!(result["properties"]["row"], 2);
    assert_eq!(result["properties"]["sheet"], Value::Null);

    let owner = result_for(&log, "owner-missing", "POAM-002");
    assert_eq!(owner["level"], "error");
    assert_eq!(
        owner["locations"][0]["physicalLocation"]["region"]["startLine"],
        3
    );
    let generic = result_for(&log, "owner-generic", "POAM-003");
    assert_eq!(generic["level"], "warning");
    assert_eq!(generic["properties"]["cell"], "F4");
}

#[test]
fn sarif_has_one_result_per_json_finding() {
    let log = sarif(FIXTURE);
    let findings = json_findings(FIXTURE);
    let results = results(&log);
    assert_eq!(results.len(), findings.len());
    for (result, finding) in results.iter().zip(&findings) {
        assert_eq!(result["ruleId"], finding["rule"]);
        assert_eq!(result["level"], finding["level"]);
        let message = result["message"]["text"].as_str().unwrap_or_default();
        let expected = finding["message"].as_str().unwrap_or_default();
        assert!(message.ends_with(expected), "{message:?} vs {expected:?}");
        // Workbook-level findings still need a location: GitHub drops results without one.
        let line = &result["locations"][0]["physicalLocation"]["region"]["startLine"];
        match finding["location"]["row"].as_u64() {
            Some(row) => assert_eq!(line.as_u64(), Some(row)),
            None => assert_eq!(line.as_u64(), Some(1)),
        }
    }
}

fn fingerprint(log: &Value, rule: &str, item: &str) -> String {
    result_for(log, rule, item)["partialFingerprints"]["primaryLocationLineHash"]
        .as_str()
        .expect("a fingerprint")
        .to_owned()
}

#[test]
fn fingerprints_are_stable_across_runs_and_row_moves() {
    let first = sarif(FIXTURE);
    let second = sarif(FIXTURE);
    let a = fingerprint(&first, "closed-without-evidence", "POAM-001");
    assert_eq!(
        a,
        fingerprint(&second, "closed-without-evidence", "POAM-001")
    );
    assert_ne!(a, fingerprint(&first, "owner-missing", "POAM-002"));

    // Move every row: POAM-001 goes from line 2 to line 6; the alert must follow it.
    let dir = tempfile::tempdir().expect("temp dir");
    let moved_file = write_file(dir.path(), "poam.csv", &fixture_with_lines_reversed());
    let moved = sarif(&moved_file);
    let result = result_for(&moved, "closed-without-evidence", "POAM-001");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        6
    );
    assert_eq!(
        a,
        fingerprint(&moved, "closed-without-evidence", "POAM-001")
    );
    assert_eq!(
        fingerprint(&first, "owner-missing", "POAM-002"),
        fingerprint(&moved, "owner-missing", "POAM-002")
    );

    // Every fingerprint in a run is distinct: GitHub would merge equal ones into one alert.
    let mut all: Vec<String> = results(&first)
        .iter()
        .map(|r| r["partialFingerprints"]["primaryLocationLineHash"].to_string())
        .collect();
    let count = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), count);
}

#[test]
fn sarif_for_a_workbook_puts_findings_on_line_1_and_names_the_cell() {
    let dir = tempfile::tempdir().expect("temp dir");
    let workbook = fixture_as_workbook(dir.path(), "POA&M");
    let log = sarif(&workbook);
    let result = result_for(&log, "closed-without-evidence", "POAM-001");
    let text = result["message"]["text"].as_str().unwrap_or_default();
    assert!(text.starts_with("POA&M!M2: "), "{text}");
    let location = &result["locations"][0];
    assert_eq!(
        location["physicalLocation"]["artifactLocation"]["uri"].as_str(),
        Some(poam::output::sarif::artifact_uri(&workbook).as_str())
    );
    assert_eq!(location["physicalLocation"]["region"]["startLine"], 1);
    assert_eq!(
        location["logicalLocations"][0]["fullyQualifiedName"],
        "POA&M!M2"
    );
    assert_eq!(location["logicalLocations"][0]["name"], "M2");
    assert_eq!(result["properties"]["sheet"], "POA&M");
    assert_eq!(result["properties"]["row"], 2);
    // The item and rule decide the fingerprint, not the file type.
    assert_eq!(
        result["partialFingerprints"]["primaryLocationLineHash"],
        result_for(&sarif(FIXTURE), "closed-without-evidence", "POAM-001")["partialFingerprints"]
            ["primaryLocationLineHash"]
    );
}

#[test]
fn sarif_file_level_findings_still_have_a_location() {
    let log = sarif(WHOLE_FIXTURE);
    let findings = json_findings(WHOLE_FIXTURE);
    let unavailable: Vec<Value> = results(&log)
        .into_iter()
        .filter(|r| r["ruleId"] == "score-unavailable")
        .collect();
    assert_eq!(unavailable.len(), 1);
    let result = &unavailable[0];
    let expected = findings
        .iter()
        .find(|f| f["rule"] == "score-unavailable")
        .expect("a score-unavailable finding");
    assert_eq!(expected["location"]["row"], Value::Null);
    // No place to name: the message is the finding's own, on line 1 of the file.
    assert_eq!(result["message"]["text"], expected["message"]);
    let location = &result["locations"][0];
    assert_eq!(
        location["physicalLocation"]["artifactLocation"]["uri"],
        WHOLE_FIXTURE
    );
    assert_eq!(location["physicalLocation"]["region"]["startLine"], 1);
    assert_eq!(location.get("logicalLocations"), None);
    assert_eq!(result["properties"]["row"], Value::Null);
    assert_eq!(result["properties"]["item"], Value::Null);
    assert_eq!(log["runs"][0]["properties"]["score"], Value::Null);

    // The two missing-column findings share rule and line but not their fingerprint.
    let missing: Vec<Value> = results(&log)
        .into_iter()
        .filter(|r| r["ruleId"] == "missing-column")
        .collect();
    assert_eq!(missing.len(), 2);
    for r in &missing {
        assert_eq!(
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            1
        );
        let text = r["message"]["text"].as_str().unwrap_or_default();
        assert!(text.starts_with("line 1: no column for the "), "{text}");
    }
    assert_ne!(
        missing[0]["partialFingerprints"]["primaryLocationLineHash"],
        missing[1]["partialFingerprints"]["primaryLocationLineHash"]
    );
}
