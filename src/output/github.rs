//! `--format github`: GitHub Actions workflow commands, one per finding, all of them
//! (PRODUCT.md §5). Standard output holds only the commands; the summary line goes to
//! standard error ("anything else goes to stderr").
//!
//! Syntax and escaping from actions/toolkit `packages/core/src/command.ts`
//! (notes/crates.md §3): message `%`→`%25`, CR→`%0D`, LF→`%0A`; property values also
//! `:`→`%3A`, `,`→`%2C`. GitHub shows only 10 annotations of each level per step, so
//! the summary line carries the full counts and the exit code, not the annotations,
//! fails the job.

use super::sarif::{annotation_line, cell_reference, forward_slashes};
use crate::report::ValidationReport;
use crate::rules::{Finding, Level};
use std::fmt::Write;

/// Escape a workflow-command message.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a workflow-command property value (`file=`, `title=`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// `closed-without-evidence (POA&M!N12)`, or the rule alone for a file-level finding.
fn title(finding: &Finding) -> String {
    let at = cell_reference(&finding.location);
    if at.is_empty() {
        finding.rule.to_owned()
    } else {
        format!("{} ({at})", finding.rule)
    }
}

/// `::error file=poam.csv,line=12,title=closed-without-evidence (N12)::POAM-1 is Closed …`
pub fn command(report: &ValidationReport, finding: &Finding) -> String {
    let kind = match finding.level {
        Level::Error => "error",
        Level::Warning => "warning",
    };
    format!(
        "::{kind} file={},line={},title={}::{}",
        escape_property(&forward_slashes(&report.poam.file)),
        annotation_line(report, &finding.location),
        escape_property(&title(finding)),
        escape_data(&finding.message)
    )
}

/// Standard output: every finding as a workflow command, one per line.
pub fn render(report: &ValidationReport) -> String {
    let mut out = String::new();
    for finding in &report.findings {
        let _ = writeln!(out, "{}", command(report, finding));
    }
    out
}

/// Standard error: `poam: poam.csv: 3 errors, 5 warnings in 14 items; score 96 / 110
/// (Conditional needs 88); Conditional Level 2: NOT reachable`.
pub fn summary(report: &ValidationReport) -> String {
    let a = &report.assessment;
    let errors = report.count(Level::Error);
    let warnings = report.count(Level::Warning);
    let score = match a.score {
        Some(s) => format!("score {s} / {} (Conditional needs {})", a.max, a.threshold),
        None => "no score (3.12.4 is NOT MET)".to_owned(),
    };
    let verdict = if a.is_final {
        "Final: every requirement is MET".to_owned()
    } else if a.conditional_reachable {
        format!("Conditional Level {}: reachable", a.level)
    } else {
        format!("Conditional Level {}: NOT reachable", a.level)
    };
    format!(
        "poam: {}: {errors} error{}, {warnings} warning{} in {} items; {score}; {verdict}\n",
        report.poam.file,
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
        report.items.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_actions_toolkit_does() {
        assert_eq!(escape_data("100%\r\ndone: a, b"), "100%25%0D%0Adone: a, b");
        assert_eq!(
            escape_property("100%\r\ndone: a, b"),
            "100%25%0D%0Adone%3A a%2C b"
        );
    }
}
