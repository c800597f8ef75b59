//! `poam validate FILE`: read, assess, check, print; exit 0 / 1 / 2 (PRODUCT.md §5).

use crate::cli::{Deny, Format, ValidateArgs};
use crate::config::{self, RuleFilter};
use crate::engine::{self, EngineOptions};
use crate::io::{self, LoadOptions};
use crate::model::vocab;
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
    // poam.toml: its [defaults] fill what the command line leaves unsaid.
    let cwd = std::env::current_dir().unwrap_or_default();
    let config = config::resolve(args.config.config.as_deref(), args.config.no_config, &cwd)?;
    let filter = RuleFilter::new(&config, &args.select, &args.ignore)?;
    let level = args.level.or(config.defaults.level).unwrap_or(2);
    let conditional_date = args.conditional_date.or(config.defaults.conditional_date);
    let ssp_path = args.ssp.clone().or_else(|| config.defaults.ssp.clone());
    let opts = LoadOptions {
        sheet: args.sheet.clone().or_else(|| config.defaults.sheet.clone()),
        extra_aliases: config.extra_aliases.clone(),
    };
    let mut poam = io::load_poam(&args.file, &display, &opts)?;
    vocab::apply_extra_synonyms(&mut poam, &config.synonyms);
    let ssp = match &ssp_path {
        Some(path) => Some(engine::read_ssp(path, &path.display().to_string(), None)?),
        None => None,
    };
    // What the SSP reader noticed (duplicate rows, rows it could not use) reaches the user
    // beside the POA&M's own reading notes.
    if let Some(s) = &ssp {
        poam.notes
            .extend(s.notes.iter().map(|n| format!("{}: {n}", s.file)));
    }
    let engine_opts = EngineOptions {
        level,
        as_of,
        conditional_date,
    };
    let assessment = engine::assess(&poam, ssp.as_ref(), &engine_opts);
    let mut findings = rules::check(&Context {
        poam: &poam,
        assessment: &assessment,
        ssp: ssp.as_ref(),
        as_of,
        level,
        conditional_date,
        settings: &config.settings,
    });
    // `--previous OLD`: the history rules too, so CI can ratchet against the last version.
    if let Some(previous) = &args.previous {
        let (history, notes) = super::diff::previous_version_findings(
            previous, &opts, &poam, &args.file, as_of, &findings,
        )?;
        findings.extend(history);
        rules::sort(&mut findings);
        poam.notes.extend(notes);
    }
    // --evidence-root / --evidence-manifest: the evidence-file rules (they read files).
    let evidence_root = args
        .evidence_root
        .clone()
        .or_else(|| config.defaults.evidence_root.clone());
    if evidence_root.is_some() || args.evidence_manifest.is_some() {
        findings.extend(super::evidence::file_findings(
            &poam,
            evidence_root.as_deref(),
            args.evidence_manifest.as_deref(),
        )?);
        rules::sort(&mut findings);
    }
    // [rules] levels, --select, --ignore: applied once, to every finding.
    let findings = filter.apply(findings);
    Ok(ValidationReport {
        poam,
        ssp_file: ssp_path.as_ref().map(|p| p.display().to_string()),
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
