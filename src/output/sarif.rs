//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning (PRODUCT.md §5).
//!
//! What GitHub reads, and nothing else matters to it (notes/crates.md §3, from GitHub's
//! "SARIF support for code scanning" page): `$schema`, `version`, `tool.driver.name`,
//! `driver.rules[]` (id, shortDescription, fullDescription, help), and per result
//! `message.text`, `locations[0]` with `artifactLocation.uri` and `region.startLine`, and
//! `partialFingerprints.primaryLocationLineHash`. A workbook is a zip, not lines of text,
//! so its findings sit on line 1 and name the cell in the message; a CSV finding sits on
//! its real line. `logicalLocations` and `properties` are for other SARIF viewers.
//!
//! The structs are hand-written (about the subset above) rather than `serde-sarif`,
//! whose dependency stack is large (notes/crates.md §3, recommendation).

use crate::model::Location;
use crate::report::ValidationReport;
use crate::rules::{self, Finding, Level, RuleInfo};
use serde::Serialize;
use std::collections::HashMap;

/// The schema GitHub's own examples name.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// Where the project lives; every rule's help links to its rule list.
pub const INFORMATION_URI: &str = "https://github.com/poam-dev/poam";
/// One constant link for every rule: the README's rule table.
pub const RULES_HELP_URI: &str = "https://github.com/poam-dev/poam#rules";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    invocations: [Invocation; 1],
    results: Vec<SarifResult<'a>>,
    properties: RunProperties<'a>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<RuleDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor {
    id: &'static str,
    name: &'static str,
    short_description: Text,
    full_description: Text,
    help: Help,
    help_uri: &'static str,
    default_configuration: DefaultConfiguration,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct DefaultConfiguration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
}

/// The score and the verdict, so a SARIF consumer sees them without the JSON output.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunProperties<'a> {
    file: &'a str,
    sheet: Option<&'a str>,
    as_of: String,
    level: u8,
    score: Option<i32>,
    max_score: i32,
    threshold: i32,
    verdict: &'static str,
    conditional_reachable: bool,
    reasons: &'a [String],
    errors: usize,
    warnings: usize,
    items: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: [ResultLocation<'a>; 1],
    partial_fingerprints: Fingerprints,
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultLocation<'a> {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation<'a> {
    fully_qualified_name: String,
    name: String,
    kind: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fingerprints {
    primary_location_line_hash: String,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    sheet: Option<&'a str>,
    cell: Option<String>,
    row: Option<u32>,
    item: Option<&'a str>,
}

/// How a finding's place reads in a message or a title: `POA&M!N12`, `POA&M row 12`,
/// `POA&M`; for a CSV (no sheet) `N12` or `line 12`; empty for a CSV-level finding.
pub fn cell_reference(location: &Location) -> String {
    match (&location.sheet, location.cell_name(), location.row) {
        (Some(sheet), Some(cell), _) => format!("{sheet}!{cell}"),
        (Some(sheet), None, Some(row)) => format!("{sheet} row {row}"),
        (Some(sheet), None, None) => sheet.clone(),
        (None, Some(cell), _) => cell,
        (None, None, Some(row)) => format!("line {row}"),
        (None, None, None) => String::new(),
    }
}

/// `POA&M!N12: message`, or the bare message when the finding has no place.
pub fn located_message(finding: &Finding) -> String {
    let at = cell_reference(&finding.location);
    if at.is_empty() {
        finding.message.clone()
    } else {
        format!("{at}: {}", finding.message)
    }
}

/// The line a CI annotation points at: the CSV line (`location.row` is the CSV record's
/// line for a CSV), else 1. A workbook is a zip; its rows are not lines of the file.
pub fn annotation_line(report: &ValidationReport, location: &Location) -> u32 {
    match (report.poam.sheet.is_none(), location.row) {
        (true, Some(line)) if line > 0 => line,
        _ => 1,
    }
}

/// The path as given, with forward slashes: GitHub paths and SARIF URIs use `/`.
pub fn forward_slashes(file: &str) -> String {
    file.replace('\\', "/")
}

/// The path as given, as a SARIF `artifactLocation.uri` (a URI reference, SARIF 2.1.0
/// §3.4.3): forward slashes, and every byte outside RFC 3986's unreserved and sub-delim
/// characters percent-encoded, so `POA&M Tracker.xlsx` becomes `POA&M%20Tracker.xlsx`.
/// `:` is encoded too: in a relative reference's first segment it would read as a scheme.
/// GitHub's upload-sarif decodes the URI back to the path (`decodeURIComponent` in
/// codeql-action `src/fingerprints.ts`).
pub fn artifact_uri(file: &str) -> String {
    let mut out = String::with_capacity(file.len());
    for byte in forward_slashes(file).bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// 64-bit FNV-1a, written out so fingerprints never change between Rust releases or runs
/// (std's `DefaultHasher` is randomly seeded and its algorithm is unspecified).
/// Parameters from the FNV reference: offset basis 0xcbf29ce484222325, prime 0x100000001b3.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// What identifies a finding across runs, even when rows move: the rule and the item id
/// (or the message, when the item has no id), plus the header of the finding's column so
/// that two findings of one rule on one item (two bad dates) stay apart.
fn fingerprint_key(report: &ValidationReport, finding: &Finding) -> String {
    let subject = finding.item.as_deref().unwrap_or(&finding.message);
    let header = finding
        .location
        .column
        .and_then(|col| {
            report
                .poam
                .columns
                .fields
                .iter()
                .find(|(_, c, _)| *c == col)
                .map(|(_, _, h)| h.as_str())
        })
        .unwrap_or("");
    format!("{}\u{1f}{subject}\u{1f}{header}", finding.rule)
}

/// One fingerprint per finding, in order. When several findings share a key (an id used
/// twice), an occurrence number keeps them apart, as CodeQL's `hash:N` does.
pub fn fingerprints(report: &ValidationReport) -> Vec<String> {
    let mut seen: HashMap<String, u32> = HashMap::new();
    report
        .findings
        .iter()
        .map(|f| {
            let key = fingerprint_key(report, f);
            let count = seen.entry(key.clone()).or_insert(0);
            *count += 1;
            format!("{:016x}:{count}", fnv1a64(key.as_bytes()))
        })
        .collect()
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
    }
}

fn help_text(rule: &RuleInfo) -> String {
    format!(
        "What it checks: {}\n\nWhy it matters: {}\n\nExample: {}\n\nHow to fix: {}\n\nSource: {}",
        rule.what, rule.why, rule.example, rule.fix, rule.source
    )
}

fn help_markdown(rule: &RuleInfo) -> String {
    format!(
        "**What it checks.** {}\n\n**Why it matters.** {}\n\n**Example**\n\n```text\n{}\n```\n\n\
         **How to fix.** {}\n\n**Source.** {}",
        rule.what,
        rule.why,
        rule.example.trim_end(),
        rule.fix,
        rule.source
    )
}

fn descriptor(rule: &'static RuleInfo) -> RuleDescriptor {
    RuleDescriptor {
        id: rule.name,
        name: rule.name,
        short_description: Text {
            text: rule.summary.to_owned(),
        },
        full_description: Text {
            text: rule.what.to_owned(),
        },
        help: Help {
            text: help_text(rule),
            markdown: help_markdown(rule),
        },
        help_uri: RULES_HELP_URI,
        default_configuration: DefaultConfiguration {
            level: level_name(rule.default_level),
        },
    }
}

/// The spec's `kind` list has no "cell"; `element` is the nearest (notes/crates.md §3).
fn logical_locations(location: &Location) -> Vec<LogicalLocation<'static>> {
    let name = location
        .cell_name()
        .or_else(|| location.row.map(|r| format!("row {r}")))
        .or_else(|| location.sheet.clone());
    let Some(name) = name else {
        return Vec::new();
    };
    let fully_qualified_name = match &location.sheet {
        Some(sheet) if *sheet != name => format!("{sheet}!{name}"),
        _ => name.clone(),
    };
    vec![LogicalLocation {
        fully_qualified_name,
        name,
        kind: "element",
    }]
}

fn verdict(report: &ValidationReport) -> &'static str {
    let a = &report.assessment;
    if a.is_final {
        "final"
    } else if a.conditional_reachable {
        "conditional-reachable"
    } else {
        "conditional-not-reachable"
    }
}

fn result<'a>(
    report: &'a ValidationReport,
    finding: &'a Finding,
    rule_index: &HashMap<&str, usize>,
    fingerprint: String,
) -> SarifResult<'a> {
    let location = &finding.location;
    SarifResult {
        rule_id: finding.rule,
        rule_index: rule_index.get(finding.rule).copied(),
        level: level_name(finding.level),
        message: Text {
            text: located_message(finding),
        },
        locations: [ResultLocation {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: artifact_uri(&report.poam.file),
                },
                region: Region {
                    start_line: annotation_line(report, location),
                },
            },
            logical_locations: logical_locations(location),
        }],
        partial_fingerprints: Fingerprints {
            primary_location_line_hash: fingerprint,
        },
        properties: ResultProperties {
            sheet: location.sheet.as_deref(),
            cell: location.cell_name(),
            row: location.row,
            item: finding.item.as_deref(),
        },
    }
}

pub fn render(report: &ValidationReport) -> String {
    let all_rules = rules::all();
    let rule_index: HashMap<&str, usize> = all_rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.name, i))
        .collect();
    let results = report
        .findings
        .iter()
        .zip(fingerprints(report))
        .map(|(f, fp)| result(report, f, &rule_index, fp))
        .collect();
    let a = &report.assessment;
    let log = Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "poam",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: INFORMATION_URI,
                    rules: all_rules.into_iter().map(descriptor).collect(),
                },
            },
            // The run itself worked; findings are results, not a failed execution.
            invocations: [Invocation {
                execution_successful: true,
            }],
            results,
            properties: RunProperties {
                file: &report.poam.file,
                sheet: report.poam.sheet.as_deref(),
                as_of: report.as_of.to_string(),
                level: a.level,
                score: a.score,
                max_score: a.max,
                threshold: a.threshold,
                verdict: verdict(report),
                conditional_reachable: a.conditional_reachable,
                reasons: &a.reasons,
                errors: report.count(Level::Error),
                warnings: report.count(Level::Warning),
                items: report.items.len(),
            },
        }],
    };
    // Serialising plain structs of strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_reference_vectors() {
        // Test vectors from the FNV reference code (draft-eastlake-fnv, 64-bit FNV-1a).
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn artifact_uri_is_the_path_percent_encoded() {
        assert_eq!(artifact_uri("tests/poam.csv"), "tests/poam.csv");
        assert_eq!(
            artifact_uri("docs\\POA&M Tracker.xlsx"),
            "docs/POA&M%20Tracker.xlsx"
        );
        assert_eq!(
            artifact_uri("poam: q1, 50%.csv"),
            "poam%3A%20q1,%2050%25.csv"
        );
        assert_eq!(artifact_uri("plan-é.csv"), "plan-%C3%A9.csv");
    }

    #[test]
    fn references_name_sheet_and_cell() {
        assert_eq!(
            cell_reference(&Location::cell(Some("POA&M"), 12, 13)),
            "POA&M!N12"
        );
        assert_eq!(
            cell_reference(&Location::row(Some("POA&M"), 12)),
            "POA&M row 12"
        );
        assert_eq!(cell_reference(&Location::sheet(Some("POA&M"))), "POA&M");
        assert_eq!(cell_reference(&Location::cell(None, 4, 2)), "C4");
        assert_eq!(cell_reference(&Location::row(None, 4)), "line 4");
        assert_eq!(cell_reference(&Location::sheet(None)), "");
    }

    #[test]
    fn logical_location_is_sheet_bang_cell() {
        let l = logical_locations(&Location::cell(Some("POA&M"), 12, 13));
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].fully_qualified_name, "POA&M!N12");
        assert_eq!(l[0].name, "N12");
        assert!(logical_locations(&Location::sheet(None)).is_empty());
        let s = logical_locations(&Location::sheet(Some("POA&M")));
        assert_eq!(s[0].fully_qualified_name, "POA&M");
    }
}
