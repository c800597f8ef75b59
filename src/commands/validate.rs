//! `poam validate FILE`: read, assess, check, print; exit 0 / 1 / 2 (PRODUCT.md §5).

use crate::cli::{Deny, Format, ValidateArgs};
use crate::engine::{self, EngineOptions};
use crate::io::{self, LoadOptions};
use crate::output;
use crate::report::ValidationReport;
use crate::rules::{self, Context, Level};
use chrono::{Local, NaiveDate};

pub fn run(args: &ValidateArgs) -> anyhow::Result<i32> {
    let report = build_report(args)?;
    let text = match args.format {
        Format::Human => output::human::render(&report, color_wanted(args)),
        Format::Json => output::json::render(&report),
        Format::Sarif => output::sarif::render(&report),
        Format::Junit => output::junit::render(&report),
        Format::Github => {
            // Standard output holds only workflow commands (PRODUCT.md §5).
            anstream::eprint!("{}", output::github::summary(&report));
            output::github::render(&report)
        }
    };
    super::emit(args.output.as_deref(), &text)?;
    Ok(exit_code(&report, args.deny))
}

/// Today, unless `--as-of` fixes it.
pub fn today(as_of: Option<NaiveDate>) -> NaiveDate {
    as_of.unwrap_or_else(|| Local::now().date_naive())
}

pub fn build_report(args: &ValidateArgs) -> anyhow::Result<ValidationReport> {
    let as_of = today(args.as_of);
    let display = args.file.display().to_string();
    let opts = LoadOptions {
        sheet: args.sheet.clone(),
        ..LoadOptions::default()
    };
    let poam = io::load_poam(&args.file, &display, &opts)?;
    let ssp = match &args.ssp {
        Some(path) => Some(engine::read_ssp(path, &path.display().to_string(), None)?),
        None => None,
    };
    let engine_opts = EngineOptions {
        level: args.level,
        as_of,
        conditional_date: args.conditional_date,
    };
    let assessment = engine::assess(&poam, ssp.as_ref(), &engine_opts);
    let findings = rules::check(&Context {
        poam: &poam,
        assessment: &assessment,
        ssp: ssp.as_ref(),
        as_of,
        level: args.level,
        conditional_date: args.conditional_date,
    });
    Ok(ValidationReport {
        poam,
        ssp_file: args.ssp.as_ref().map(|p| p.display().to_string()),
        assessment,
        findings,
        as_of,
    })
}

/// 1 when a finding is at or above the failing level (error; warning with `--deny warnings`).
pub fn exit_code(report: &ValidationReport, deny: Option<Deny>) -> i32 {
    let failing = match deny {
        Some(Deny::Warnings) => Level::Warning,
        None => Level::Error,
    };
    i32::from(report.findings.iter().any(|f| f.level >= failing))
}

/// Colour only on a terminal, and never into a file.
fn color_wanted(args: &ValidateArgs) -> bool {
    use std::io::IsTerminal;
    args.output.is_none()
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none()
}
