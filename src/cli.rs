//! Every command, flag and help text (clap). `main.rs` parses, `commands/` runs.

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "poam",
    version,
    about = "Validate, score and track NIST SP 800-171 / CMMC POA&M spreadsheets",
    long_about = "poam reads a Plan of Action and Milestones (CSV, XLSX, XLS, ODS; any column \
                  layout, the FedRAMP and eMASS templates), checks it as a CMMC assessor would, \
                  and computes the SPRS score and the Conditional Level 2 verdict.\n\n\
                  Exit codes: 0 nothing at the failing level, 1 findings at the failing level, \
                  2 the input could not be used."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a POA&M as an assessor would; print findings, the score and the verdict
    Validate(ValidateArgs),
    /// List every rule with its default level
    Rules,
    /// Print a rule's documentation: what it checks, why, an example, the fix, the source
    Explain {
        /// Rule name, e.g. closed-without-evidence
        rule: String,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions {
        /// The shell to complete for
        shell: clap_complete::Shell,
    },
    /// Print the man pages (poam(1) and one per subcommand) in roff
    Man,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Findings grouped by item, for people (colour on a terminal)
    Human,
    /// Stable machine-readable output ("schema": "poam/validate/1")
    Json,
    /// SARIF 2.1.0, for GitHub code scanning (upload-sarif)
    Sarif,
    /// JUnit XML, for GitLab and Jenkins test reports
    Junit,
    /// GitHub Actions annotations (workflow commands); the summary goes to stderr
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Warnings fail too (exit 1)
    Warnings,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The POA&M: .csv, .xlsx, .xlsm, .xls or .ods
    pub file: PathBuf,

    /// The SSP / implementation-status sheet: the score then comes from it (CSV or workbook)
    #[arg(long, value_name = "FILE")]
    pub ssp: Option<PathBuf>,

    /// Read this sheet (default: the sheet whose header matches best)
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// CMMC level: 1 (no POA&M allowed), 2 (110 requirements), 3 (24 requirements)
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=3))]
    pub level: u8,

    /// Treat this date as today (YYYY-MM-DD), for reproducible output
    #[arg(long, value_name = "DATE", value_parser = parse_iso_date)]
    pub as_of: Option<NaiveDate>,

    /// The Conditional CMMC Status Date (YYYY-MM-DD): open items must close within 180 days
    #[arg(long, value_name = "DATE", value_parser = parse_iso_date)]
    pub conditional_date: Option<NaiveDate>,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Make warnings fail as well (exit 1)
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Option<Deny>,

    /// Write the output to this file instead of standard output
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Dates on the command line are ISO 8601 only: no guessing about day and month order.
pub fn parse_iso_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("'{s}' is not a date in the form YYYY-MM-DD (e.g. 2026-11-26)"))
}
