//! `poam score FILE`: the score with every deduction, totals by family, the Conditional
//! verdict and what would change it. Content from `summary::score_breakdown`.

use crate::cli::{ScoreArgs, TextFormat};
use crate::summary::{self, ScoreBreakdown};
use std::fmt::Write;

pub fn run(args: &ScoreArgs) -> anyhow::Result<i32> {
    let report = super::report::load(&args.input)?;
    let b = summary::score_breakdown(&report.assessment);
    let text = match args.format {
        TextFormat::Human => human(&b),
        TextFormat::Json => {
            let mut t = serde_json::to_string_pretty(&Json {
                schema: "poam/score/1",
                file: &report.poam.file,
                ssp_file: report.ssp_file.as_deref(),
                breakdown: &b,
            })
            .unwrap_or_default();
            t.push('\n');
            t
        }
    };
    super::emit(args.output.as_deref(), &text)?;
    Ok(0)
}

#[derive(serde::Serialize)]
struct Json<'a> {
    schema: &'static str,
    file: &'a str,
    ssp_file: Option<&'a str>,
    #[serde(flatten)]
    breakdown: &'a ScoreBreakdown,
}

fn value_text(v: Option<u32>) -> String {
    v.map(|v| format!("-{v}"))
        .unwrap_or_else(|| "no score".to_owned())
}

pub fn human(b: &ScoreBreakdown) -> String {
    let mut out = String::new();
    let score = b
        .score
        .map(|s| s.to_string())
        .unwrap_or_else(|| "no score".to_owned());
    let _ = writeln!(
        out,
        "Score (CMMC Level {}): {score} / {}  (from the {}; Conditional needs {})",
        b.level,
        b.max,
        if b.basis == "ssp" {
            "SSP"
        } else {
            "POA&M, no SSP given"
        },
        b.threshold
    );
    let _ = writeln!(out, "Verdict: {}", b.verdict);
    for r in &b.reasons {
        let _ = writeln!(out, "  - {r}");
    }
    let _ = writeln!(
        out,
        "\nDeductions ({} requirements, {} points):",
        b.deductions.len(),
        b.total_deducted
    );
    if b.deductions.is_empty() {
        out.push_str("  none: every requirement is MET\n");
    }
    for d in &b.deductions {
        let mut flags = Vec::new();
        flags.push(if d.on_poam {
            "on the POA&M"
        } else {
            "no POA&M item"
        });
        flags.push(if d.eligible {
            "POA&M-eligible"
        } else {
            "not POA&M-eligible"
        });
        let _ = writeln!(
            out,
            "  {:<8} {:>4}  {:<42} {} · {}",
            d.requirement,
            value_text(d.value),
            d.name,
            d.why,
            flags.join(", ")
        );
    }
    if !b.by_family.is_empty() {
        out.push_str("\nBy family:\n");
        for f in &b.by_family {
            let _ = writeln!(
                out,
                "  {} {:<38} {:>3} point{}  ({} requirement{})",
                f.code,
                f.name,
                f.points,
                if f.points == 1 { " " } else { "s" },
                f.requirements,
                if f.requirements == 1 { "" } else { "s" }
            );
        }
    }
    if !b.what_ifs.is_empty() {
        out.push_str("\nWhat each would change:\n");
        for w in &b.what_ifs {
            let _ = writeln!(out, "  - {}", w.sentence);
        }
    }
    if !b.to_conditional.is_empty() {
        out.push_str("\nTo make Conditional status reachable:\n");
        for s in &b.to_conditional {
            let _ = writeln!(out, "  - {s}");
        }
    }
    if let Some(p) = &b.to_threshold {
        let _ = writeln!(
            out,
            "\nTo reach {}: implement {} ({} points) for a score of {}",
            b.threshold,
            p.requirements.join(", "),
            p.points,
            p.score_after
        );
    }
    if !b.assumptions.is_empty() {
        out.push_str("\nAssumed:\n");
        for a in &b.assumptions {
            let _ = writeln!(out, "  - {a}");
        }
    }
    out
}
