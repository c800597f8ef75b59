//! `--format junit`: a test report for GitLab and Jenkins (PRODUCT.md §5).
//!
//! One `<testsuite>` for the file, one `<testcase>` per item (an item with no error
//! passes), and a "Whole POA&M" testcase for findings that belong to no item. Each error
//! finding is a `<failure>` whose text is also in the element body, because GitLab has
//! ignored the `message` attribute (gitlab-foss#53668, notes/crates.md §3). Warnings do
//! not fail a test; they are listed in the testcase's `<system-out>`. GitLab shows
//! `classname` as the suite, keeps only the first of two tests with one name, and follows a
//! test from one pipeline to the next by its name: so a testcase is named by the item's id
//! alone (a second item with the same id gets " #2"), and moving a row renames nothing. The
//! row is in the testcase's `<system-out>`; an item without an id has no better name than
//! "row N".

use super::sarif::{cell_reference, located_message};
use crate::model::item::ItemSummary;
use crate::report::ValidationReport;
use crate::rules::{Finding, Level};
use std::collections::HashMap;
use std::fmt::Write;

/// The name of the testcase that holds findings about the POA&M as a whole.
pub const WHOLE_POAM: &str = "Whole POA&M";

/// One testcase before it is written: its name, where its item is, and its findings.
struct Case<'a> {
    name: String,
    /// `POA&M row 12` or `line 12`: where the item starts (None for the whole POA&M).
    place: Option<String>,
    findings: Vec<&'a Finding>,
}

impl Case<'_> {
    fn failed(&self) -> bool {
        self.findings.iter().any(|f| f.level == Level::Error)
    }
}

/// Text content: `&`, `<`, `>` escaped; characters XML 1.0 forbids (most control
/// characters, which can hide in spreadsheet cells) replaced so the file stays parseable.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Attribute values: text escaping plus quotes, and line breaks as character references
/// (a parser would otherwise turn them into spaces).
pub fn escape_attr(s: &str) -> String {
    escape_text(s)
        .replace('"', "&quot;")
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
        .replace('\t', "&#9;")
}

/// Testcase names: the item's id; " #2", " #3" … on later items with an id already used;
/// `row 12` for an item without an id.
fn case_names(items: &[ItemSummary]) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    items
        .iter()
        .map(|item| match item.id.as_deref().map(str::trim) {
            Some(id) if !id.is_empty() => {
                let count = seen.entry(id.to_owned()).or_insert(0);
                *count += 1;
                if *count == 1 {
                    id.to_owned()
                } else {
                    format!("{id} #{count}")
                }
            }
            _ => format!("row {}", item.row),
        })
        .collect()
}

/// Where an item starts, as findings name places: `POA&M row 12`, or `line 12` in a CSV.
fn item_place(sheet: Option<&str>, item: &ItemSummary) -> String {
    match sheet {
        Some(sheet) => format!("{sheet} row {}", item.row),
        None => format!("line {}", item.row),
    }
}

/// The index of the item a finding belongs to: the last item starting at or before the
/// finding's row (an item may span several rows). None for whole-POA&M findings.
fn owning_item(items: &[ItemSummary], finding: &Finding) -> Option<usize> {
    let row = finding.location.row?;
    items.partition_point(|i| i.row <= row).checked_sub(1)
}

fn cases(report: &ValidationReport) -> Vec<Case<'_>> {
    let items = &report.items;
    let sheet = report.poam.sheet.as_deref();
    let mut cases: Vec<Case> = items
        .iter()
        .zip(case_names(items))
        .map(|(item, name)| Case {
            name,
            place: Some(item_place(sheet, item)),
            findings: Vec::new(),
        })
        .collect();
    let mut whole = Case {
        name: WHOLE_POAM.to_owned(),
        place: None,
        findings: Vec::new(),
    };
    for finding in &report.findings {
        match owning_item(items, finding).and_then(|i| cases.get_mut(i)) {
            Some(case) => case.findings.push(finding),
            None => whole.findings.push(finding),
        }
    }
    cases.push(whole);
    cases
}

/// `poam.xlsx › POA&M`, or the path alone for a CSV.
fn class_name(report: &ValidationReport) -> String {
    match &report.poam.sheet {
        Some(sheet) => format!("{} › {sheet}", report.poam.file),
        None => report.poam.file.clone(),
    }
}

fn write_case(out: &mut String, case: &Case, classname: &str, file: &str) {
    let _ = write!(
        out,
        "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" time=\"0\"",
        escape_attr(classname),
        escape_attr(&case.name),
        escape_attr(file)
    );
    if case.findings.is_empty() && case.place.is_none() {
        out.push_str("/>\n");
        return;
    }
    out.push_str(">\n");
    for f in case.findings.iter().filter(|f| f.level == Level::Error) {
        let text = located_message(f);
        let _ = writeln!(
            out,
            "      <failure type=\"{}\" message=\"{}\">{}</failure>",
            escape_attr(f.rule),
            escape_attr(&text),
            escape_text(&text)
        );
    }
    // The item's place first, then one line per warning.
    let lines: Vec<String> = case
        .place
        .iter()
        .cloned()
        .chain(
            case.findings
                .iter()
                .filter(|f| f.level == Level::Warning)
                .map(|f| warning_line(f)),
        )
        .collect();
    if !lines.is_empty() {
        let _ = writeln!(
            out,
            "      <system-out>{}</system-out>",
            escape_text(&lines.join("\n"))
        );
    }
    out.push_str("    </testcase>\n");
}

/// `warning[owner-generic] POA&M!G12: …`
fn warning_line(f: &Finding) -> String {
    let at = cell_reference(&f.location);
    if at.is_empty() {
        format!("warning[{}] {}", f.rule, f.message)
    } else {
        format!("warning[{}] {at}: {}", f.rule, f.message)
    }
}

/// Score and verdict as suite properties (Jenkins shows them; GitLab ignores them).
fn write_properties(out: &mut String, report: &ValidationReport) {
    let a = &report.assessment;
    let verdict = if a.is_final {
        "final"
    } else if a.conditional_reachable {
        "conditional-reachable"
    } else {
        "conditional-not-reachable"
    };
    let score = a.score.map(|s| s.to_string()).unwrap_or_default();
    out.push_str("    <properties>\n");
    for (name, value) in [
        ("as-of", report.as_of.to_string()),
        ("level", a.level.to_string()),
        ("score", score),
        ("max-score", a.max.to_string()),
        ("threshold", a.threshold.to_string()),
        ("verdict", verdict.to_owned()),
    ] {
        let _ = writeln!(
            out,
            "      <property name=\"{name}\" value=\"{}\"/>",
            escape_attr(&value)
        );
    }
    out.push_str("    </properties>\n");
}

pub fn render(report: &ValidationReport) -> String {
    let cases = cases(report);
    let tests = cases.len();
    let failures = cases.iter().filter(|c| c.failed()).count();
    let file = &report.poam.file;
    let classname = class_name(report);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"poam validate\" tests=\"{tests}\" failures=\"{failures}\" \
         errors=\"0\" time=\"0\">"
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" \
         skipped=\"0\" time=\"0\">",
        escape_attr(file)
    );
    write_properties(&mut out, report);
    for case in &cases {
        write_case(&mut out, case, &classname, file);
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(escape_text("a < b & c > d"), "a &lt; b &amp; c &gt; d");
        assert_eq!(escape_text("bell\u{7}"), "bell\u{fffd}");
        assert_eq!(
            escape_attr("POA&M \"x\"\nnext"),
            "POA&amp;M &quot;x&quot;&#10;next"
        );
    }
}
