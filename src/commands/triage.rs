//! `poam triage --ssp SSP [FILE]`: which NOT MET requirements must be implemented before
//! the assessment and which may go on the POA&M (32 CFR 170.21(a)(2)), what the score
//! would then be, and which gaps have no POA&M item yet. Content from `summary::triage`.

use crate::cli::{PoamInput, PoamSource, TextFormat, Today, TriageArgs};
use crate::engine::{self, EngineOptions};
use crate::io::columns::ColumnMap;
use crate::model::{Poam, SourceFormat};
use crate::summary::{self, Gap, Triage};
use std::fmt::Write;

pub fn run(args: &TriageArgs) -> anyhow::Result<i32> {
    let (assessment, with_poam) = match &args.file {
        Some(file) => {
            let input = PoamInput {
                source: PoamSource {
                    file: file.clone(),
                    ssp: Some(args.ssp.clone()),
                    sheet: args.sheet.clone(),
                },
                level: args.level,
                today: Today::default(),
                conditional_date: None,
                config: args.config.clone(),
            };
            (super::report::load(&input)?.assessment, true)
        }
        None => (ssp_only(args)?, false),
    };
    let t = summary::triage(&assessment, with_poam);
    let text = match args.format {
        TextFormat::Human => human(&t),
        TextFormat::Json => {
            let mut s = serde_json::to_string_pretty(&Json {
                schema: "poam/triage/1",
                ssp_file: &args.ssp.display().to_string(),
                triage: &t,
            })
            .unwrap_or_default();
            s.push('\n');
            s
        }
    };
    super::emit(args.output.as_deref(), &text)?;
    Ok(0)
}

/// Assess the SSP alone: an empty POA&M, so nothing counts as "on the POA&M".
fn ssp_only(args: &TriageArgs) -> anyhow::Result<engine::Assessment> {
    let ssp = engine::read_ssp(&args.ssp, &args.ssp.display().to_string(), None)?;
    let empty = Poam {
        file: String::new(),
        format: SourceFormat::Csv,
        sheet: None,
        header_row: 0,
        columns: ColumnMap::default(),
        items: Vec::new(),
        notes: Vec::new(),
    };
    let config = super::resolve_config(&args.config)?;
    let opts = EngineOptions {
        level: args.level.or(config.defaults.level).unwrap_or(2),
        as_of: super::validate::today(None),
        conditional_date: None,
    };
    Ok(engine::assess(&empty, Some(&ssp), &opts))
}

#[derive(serde::Serialize)]
struct Json<'a> {
    schema: &'static str,
    ssp_file: &'a str,
    #[serde(flatten)]
    triage: &'a Triage,
}

fn gap_line(out: &mut String, g: &Gap) {
    let value = g
        .value
        .map(|v| format!("{v} pt{}", if v == 1 { "" } else { "s" }))
        .unwrap_or_else(|| "no score".to_owned());
    let item = match g.on_poam {
        Some(true) => " · on the POA&M",
        Some(false) => " · NO POA&M item",
        None => "",
    };
    let _ = writeln!(
        out,
        "  {:<8} {:>8}  {:<42} {}{item}\n           {}",
        g.requirement, value, g.name, g.ssp_status, g.why
    );
}

pub fn human(t: &Triage) -> String {
    let mut out = String::new();
    let score = t
        .score
        .map(|s| s.to_string())
        .unwrap_or_else(|| "no score".to_owned());
    let _ = writeln!(
        out,
        "Score now (CMMC Level {}): {score} / {}; Conditional needs {}\n",
        t.level, t.max, t.threshold
    );
    let _ = writeln!(
        out,
        "Must be implemented before the assessment ({}):",
        t.must_implement.len()
    );
    if t.must_implement.is_empty() {
        out.push_str("  none\n");
    }
    for g in &t.must_implement {
        gap_line(&mut out, g);
    }
    let _ = writeln!(out, "\nMay go on the POA&M ({}):", t.may_defer.len());
    if t.may_defer.is_empty() {
        out.push_str("  none\n");
    }
    for g in &t.may_defer {
        gap_line(&mut out, g);
    }
    let _ = writeln!(
        out,
        "\nWith every ineligible gap implemented and every eligible one on the POA&M, the \
         score is {} / {}.",
        t.score_with_poam, t.max
    );
    if t.points_short > 0 {
        let _ = writeln!(
            out,
            "That is {} point{} short of {}: implement {} as well.",
            t.points_short,
            if t.points_short == 1 { "" } else { "s" },
            t.threshold,
            t.also_implement.join(", ")
        );
    } else {
        let _ = writeln!(
            out,
            "That meets the threshold of {}: 0 points short.",
            t.threshold
        );
    }
    match &t.without_item {
        Some(ids) if ids.is_empty() => {
            out.push_str("\nEvery NOT MET requirement has an open POA&M item.\n")
        }
        Some(ids) => {
            let _ = writeln!(
                out,
                "\nNOT MET with no open POA&M item yet ({}): {}",
                ids.len(),
                ids.join(", ")
            );
        }
        None => out.push_str(
            "\nGive the POA&M (poam triage --ssp SSP FILE) to see which gaps have no item yet.\n",
        ),
    }
    out
}
