//! `poam report FILE`: the monthly management report (PRODUCT.md §7) in Markdown, HTML,
//! XLSX or JSON. The content is computed once (`summary::summarize`); each format only
//! renders it. A report is not a gate: it exits 0 whatever it finds.

use crate::cli::{PoamInput, ReportArgs, ReportFormat, ValidateArgs};
use crate::io;
use crate::model::vocab;
use crate::output;
use crate::report::ValidationReport;
use crate::summary::{self, Previous};
use anyhow::Context as _;
use std::ffi::OsString;

pub fn run(args: &ReportArgs) -> anyhow::Result<i32> {
    if args.format == ReportFormat::Xlsx && args.output.is_none() {
        anyhow::bail!("--format xlsx writes a workbook, not text: give the file with -o FILE");
    }
    let report = load(&args.input)?;
    let old = match &args.previous {
        Some(spec) => Some(load_previous(spec, &args.input)?),
        None => None,
    };
    let changes = old
        .as_ref()
        .map(|old| crate::history::compare(old, &report.poam));
    let previous = match (&args.previous, &old, &changes) {
        (Some(file), Some(poam), Some(changes)) => Some(Previous {
            file,
            poam,
            changes,
        }),
        _ => None,
    };
    let s = summary::summarize(&report, previous.as_ref());
    match args.format {
        ReportFormat::Md => super::emit(args.output.as_deref(), &output::report_md::render(&s))?,
        ReportFormat::Html => {
            super::emit(args.output.as_deref(), &output::report_html::render(&s))?
        }
        ReportFormat::Json => {
            super::emit(args.output.as_deref(), &output::report_json::render(&s))?
        }
        ReportFormat::Xlsx => {
            let bytes = output::report_xlsx::render(&s)?;
            if let Some(path) = &args.output {
                std::fs::write(path, bytes)
                    .with_context(|| format!("cannot write the report to {}", path.display()))?;
            }
        }
    }
    Ok(0)
}

/// Read and assess the POA&M exactly as `poam validate` does (`validate::build_report`).
/// The arguments go through clap so that flags `validate` gains later keep their
/// defaults here without this function changing.
pub fn load(input: &PoamInput) -> anyhow::Result<ValidationReport> {
    use clap::{Args as _, FromArgMatches as _};
    let mut argv: Vec<OsString> = vec!["validate".into()];
    let mut flag = |name: &str, value: OsString| {
        argv.push(name.into());
        argv.push(value);
    };
    if let Some(ssp) = &input.source.ssp {
        flag("--ssp", ssp.clone().into_os_string());
    }
    if let Some(sheet) = &input.source.sheet {
        flag("--sheet", sheet.into());
    }
    if let Some(level) = input.level {
        flag("--level", level.to_string().into());
    }
    if let Some(config) = &input.config.config {
        flag("--config", config.clone().into_os_string());
    }
    if let Some(d) = input.today.as_of {
        flag("--as-of", d.to_string().into());
    }
    if let Some(d) = input.conditional_date {
        flag("--conditional-date", d.to_string().into());
    }
    if input.config.no_config {
        argv.push("--no-config".into());
    }
    // "--" so that a file named like a flag stays a file.
    argv.push("--".into());
    argv.push(input.source.file.clone().into_os_string());
    let matches =
        ValidateArgs::augment_args(clap::Command::new("validate")).try_get_matches_from(argv)?;
    let args = ValidateArgs::from_arg_matches(&matches)?;
    super::validate::build_report(&args)
}

/// Last period's POA&M (`--previous OLD`: a file, or `git:REV:PATH`), read as the current
/// one is: the same sheet choice, column aliases and synonyms.
fn load_previous(spec: &str, input: &PoamInput) -> anyhow::Result<crate::model::Poam> {
    let config = super::resolve_config(&input.config)?;
    let opts = super::load_options(input.source.sheet.as_deref(), &config);
    let mut old = io::git::load_version(spec, &opts)?;
    vocab::apply_extra_synonyms(&mut old, &config.synonyms);
    Ok(old)
}
