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
    Man {
        /// Write one file per page into DIR instead (poam.1, poam-validate.1,
        /// poam-evidence-hash.1 …)
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// The monthly management report: score, verdict, what is open, who owns it, what slipped
    Report(ReportArgs),
    /// Each owner's open items by due date with the next milestone, for the weekly update
    Owners(OwnersArgs),
    /// The score with every deduction, totals by family, and what would change the verdict
    Score(ScoreArgs),
    /// Which NOT MET requirements must be implemented before the assessment, which may wait
    Triage(TriageArgs),
    /// What changed between two versions (files or git:REV:PATH), checked by the history rules
    Diff(DiffArgs),
    /// Print one line per item, stable, for `git diff` (textconv) and review
    Cat(CatArgs),
    /// Change fields of one item (status, dates, evidence, milestones, owner, comments),
    /// leaving everything else in the file as it was
    Set(SetArgs),
    /// Close one item: status Closed, the status date, and the evidence that proves it
    Close(CloseArgs),
    /// Append an item (XLSX: after the last item, styled like it; CSV: a new record)
    Add(AddArgs),
    /// Write a blank POA&M (.xlsx with dropdowns and a Catalog sheet, or .csv)
    Init(InitArgs),
    /// Evidence files: record their SHA-256 in the evidence manifest
    Evidence {
        #[command(subcommand)]
        command: EvidenceCommand,
    },
    /// Write a commented poam.toml listing every setting and rule at its default
    InitConfig {
        /// Where to write it
        #[arg(default_value = "poam.toml")]
        file: PathBuf,
        /// Overwrite the file if it exists
        #[arg(long)]
        force: bool,
    },
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
    #[command(flatten)]
    pub source: PoamSource,

    /// CMMC level: 1 (no POA&M allowed), 2 (110 requirements), 3 (24 requirements)
    /// [default: 2, or `level` in poam.toml]
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=3))]
    pub level: Option<u8>,

    #[command(flatten)]
    pub today: Today,

    /// The Conditional CMMC Status Date (YYYY-MM-DD): open items must close within 180 days
    #[arg(long, value_name = "DATE", value_parser = parse_iso_date)]
    pub conditional_date: Option<NaiveDate>,

    #[command(flatten)]
    pub rules: RuleSelection,

    #[command(flatten)]
    pub config: ConfigArgs,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Make warnings fail as well (exit 1)
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Option<Deny>,

    /// Write the output to this file instead of standard output
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// The previous version (a file or git:REV:PATH, e.g. git:origin/main:poam.xlsx): run the
    /// history rules too (item-removed, reopened, completion-slipped …)
    #[arg(long, value_name = "OLD")]
    pub previous: Option<String>,

    /// Check that every evidence reference that is a relative path exists under DIR
    /// (rule evidence-not-found)
    #[arg(long, value_name = "DIR")]
    pub evidence_root: Option<PathBuf>,

    /// Re-hash the files recorded in this evidence manifest (poam-evidence.json) and report
    /// changed or missing ones (rules evidence-changed, evidence-not-found)
    #[arg(long, value_name = "FILE")]
    pub evidence_manifest: Option<PathBuf>,
}

/// The POA&M to read, the SSP its score may come from, and the sheet: what `validate`,
/// `report` and `score` read.
#[derive(Debug, Clone, Args)]
pub struct PoamSource {
    /// The POA&M: .csv, .xlsx, .xlsm, .xls or .ods
    pub file: PathBuf,

    /// The SSP / implementation-status sheet: the score then comes from it (CSV or workbook)
    #[arg(long, value_name = "FILE")]
    pub ssp: Option<PathBuf>,

    /// Read this sheet (default: the sheet whose header matches best)
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
}

/// `--as-of`: the date that stands for today, so that the same inputs give the same output.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct Today {
    /// Treat this date as today (YYYY-MM-DD), for reproducible output
    #[arg(long, value_name = "DATE", value_parser = parse_iso_date)]
    pub as_of: Option<NaiveDate>,
}

/// `--select` and `--ignore`: which rules report (the `[rules]` of poam.toml applies too).
#[derive(Debug, Clone, Default, Args)]
pub struct RuleSelection {
    /// Report only these rules (comma-separated names; `poam rules` lists them)
    #[arg(long, value_name = "RULE,...", value_delimiter = ',')]
    pub select: Vec<String>,

    /// Never report these rules (comma-separated names); wins over --select
    #[arg(long, value_name = "RULE,...", value_delimiter = ',')]
    pub ignore: Vec<String>,
}

/// Which `poam.toml` to read (see `poam init-config`).
#[derive(Debug, Clone, Default, Args)]
pub struct ConfigArgs {
    /// Read settings from this file [default: poam.toml in the current folder or the
    /// nearest parent folder]
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignore any poam.toml: built-in settings only
    #[arg(long)]
    pub no_config: bool,
}

/// Dates on the command line are ISO 8601 only: no guessing about day and month order.
pub fn parse_iso_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("'{s}' is not a date in the form YYYY-MM-DD (e.g. 2026-11-26)"))
}

/// The inputs every reading command shares with `validate`: the POA&M, the SSP, the sheet,
/// the level, the dates that fix "today" and the closeout deadline, and `poam.toml`
/// (whose `[defaults]`, column aliases and synonyms apply as they do to `validate`).
#[derive(Debug, Clone, Args)]
pub struct PoamInput {
    #[command(flatten)]
    pub source: PoamSource,

    /// CMMC level: 1 (no POA&M allowed), 2 (110 requirements), 3 (24 requirements)
    /// [default: 2, or `level` in poam.toml]
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=3))]
    pub level: Option<u8>,

    #[command(flatten)]
    pub today: Today,

    /// The Conditional CMMC Status Date (YYYY-MM-DD): open items must close within 180 days
    #[arg(long, value_name = "DATE", value_parser = parse_iso_date)]
    pub conditional_date: Option<NaiveDate>,

    #[command(flatten)]
    pub config: ConfigArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Markdown that GitHub renders (fits $GITHUB_STEP_SUMMARY)
    Md,
    /// One self-contained HTML page with charts, readable on a phone and printable
    Html,
    /// An Excel workbook with native charts (needs -o FILE)
    Xlsx,
    /// The same content as JSON ("schema": "poam/report/1")
    Json,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: PoamInput,

    /// Last period's POA&M, to report what is new, closed, reopened, removed and slipped
    #[arg(long, value_name = "OLD")]
    pub previous: Option<String>,

    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
    pub format: ReportFormat,

    /// Write the report to this file instead of standard output (required for xlsx)
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Plain text for people
    Human,
    /// Markdown tables
    Md,
    /// Machine-readable JSON
    Json,
}

#[derive(Debug, Args)]
pub struct OwnersArgs {
    /// The POA&M: .csv, .xlsx, .xlsm, .xls or .ods
    pub file: PathBuf,

    /// Only this owner (matches any part of the owner's name, ignoring case)
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,

    /// Read this sheet (default: the sheet whose header matches best)
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    #[command(flatten)]
    pub today: Today,

    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,

    /// Write the output to this file instead of standard output
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub config: ConfigArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextFormat {
    /// Plain text for people
    Human,
    /// Machine-readable JSON
    Json,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    #[command(flatten)]
    pub input: PoamInput,

    /// Output format
    #[arg(long, value_enum, default_value_t = TextFormat::Human)]
    pub format: TextFormat,

    /// Write the output to this file instead of standard output
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TriageArgs {
    /// The POA&M, to show which NOT MET requirements have no item yet (optional)
    pub file: Option<PathBuf>,

    /// The SSP / implementation-status sheet (required: triage starts from it)
    #[arg(long, value_name = "FILE")]
    pub ssp: PathBuf,

    /// Read this sheet of the POA&M (default: the sheet whose header matches best)
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// CMMC level: 1 (no POA&M allowed), 2 (110 requirements), 3 (24 requirements)
    /// [default: 2, or `level` in poam.toml]
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=3))]
    pub level: Option<u8>,

    /// Output format
    #[arg(long, value_enum, default_value_t = TextFormat::Human)]
    pub format: TextFormat,

    /// Write the output to this file instead of standard output
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub config: ConfigArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Plain text for people
    Human,
    /// Machine-readable JSON ("schema": "poam/diff/1")
    Json,
    /// Markdown (a pull-request comment, $GITHUB_STEP_SUMMARY)
    Markdown,
    /// SARIF 2.1.0 of the history findings, located in the new version (upload-sarif)
    Sarif,
    /// JUnit XML of the history findings: one test case per item of the new version
    Junit,
    /// GitHub Actions annotations of the history findings; the summary goes to stderr
    Github,
}

/// `poam diff OLD NEW`. Exit 1 when a history rule at the failing level fires (errors:
/// item-removed, closed-without-evidence; with --deny warnings, any), else 0.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The previous version: a file, or git:REV:PATH read from git without a checkout
    /// (git:HEAD~1:poam.xlsx, git:origin/main:poam.xlsx; PATH from the repository's top)
    pub old: String,

    /// The new version: a file or git:REV:PATH
    pub new: String,

    /// Read this sheet of both versions (default: the sheet whose header matches best)
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    #[command(flatten)]
    pub today: Today,

    #[command(flatten)]
    pub rules: RuleSelection,

    #[command(flatten)]
    pub config: ConfigArgs,

    /// Output format
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,

    /// Make warnings fail as well (exit 1)
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Option<Deny>,

    /// Write the output to this file instead of standard output
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `poam cat FILE`: the git textconv form.
#[derive(Debug, Args)]
pub struct CatArgs {
    /// The POA&M: a file or git:REV:PATH
    pub file: String,

    /// Read this sheet (default: the sheet whose header matches best)
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// For git's textconv (`git config diff.poam.textconv "poam cat --textconv"`): a file
    /// that cannot be read as a POA&M is printed unchanged (exit 0), so `git diff` still
    /// works on it
    #[arg(long)]
    pub textconv: bool,

    /// Write the output to this file instead of standard output
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub config: ConfigArgs,
}

/// What every command that changes a file shares.
#[derive(Debug, Clone, Args)]
pub struct WriteOptions {
    /// Change this sheet (default: the sheet whose header matches best)
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// Treat this date as today (YYYY-MM-DD): the default status date
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,

    /// Keep the previous file as FILE.bak
    #[arg(long)]
    pub backup: bool,

    /// Print the changes and write nothing
    #[arg(long)]
    pub dry_run: bool,

    #[command(flatten)]
    pub config: ConfigArgs,
}

/// Where evidence files are and where their hashes are recorded.
#[derive(Debug, Clone, Args)]
pub struct EvidenceOptions {
    /// The folder evidence paths are relative to: each file the item names must exist
    /// there, and a closed item's files are hashed into the evidence manifest
    #[arg(long, value_name = "DIR")]
    pub evidence_root: Option<PathBuf>,

    /// The evidence manifest (default: poam-evidence.json beside the POA&M)
    #[arg(long, value_name = "FILE")]
    pub evidence_manifest: Option<PathBuf>,
}

/// `poam set FILE ID …`
#[derive(Debug, Args)]
pub struct SetArgs {
    /// The POA&M: .xlsx, .xlsm or .csv
    pub file: PathBuf,

    /// The item's id (POA&M ID)
    pub id: String,

    /// New status: Open, In Progress, Delayed, Closed (the status date follows)
    #[arg(long, value_name = "STATUS")]
    pub status: Option<String>,

    /// The status date (YYYY-MM-DD; default when the status changes: --as-of, else today)
    #[arg(long, value_name = "DATE")]
    pub status_date: Option<String>,

    /// Add an evidence reference (a path, URL or ticket id); repeatable
    #[arg(long, value_name = "REF")]
    pub evidence: Vec<String>,

    /// New scheduled completion date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub completion: Option<String>,

    /// Add a milestone line "YYYY-MM-DD: text"; repeatable
    #[arg(long, value_name = "MILESTONE")]
    pub milestone: Vec<String>,

    /// New owner
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,

    /// Add a line to the comments
    #[arg(long, value_name = "TEXT")]
    pub comment: Option<String>,

    #[command(flatten)]
    pub write: WriteOptions,

    #[command(flatten)]
    pub evidence_opts: EvidenceOptions,
}

/// `poam close FILE ID --evidence REF…`
#[derive(Debug, Args)]
pub struct CloseArgs {
    /// The POA&M: .xlsx, .xlsm or .csv
    pub file: PathBuf,

    /// The item's id (POA&M ID)
    pub id: String,

    /// The evidence that proves the closure (a path, URL or ticket id); repeatable. Required
    /// unless the item already names evidence
    #[arg(long, value_name = "REF")]
    pub evidence: Vec<String>,

    /// The closure date (YYYY-MM-DD; default: --as-of, else today)
    #[arg(long, value_name = "DATE")]
    pub status_date: Option<String>,

    /// Add a line to the comments
    #[arg(long, value_name = "TEXT")]
    pub comment: Option<String>,

    #[command(flatten)]
    pub write: WriteOptions,

    #[command(flatten)]
    pub evidence_opts: EvidenceOptions,
}

/// `poam add FILE --id … --control … …`
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The POA&M: .xlsx, .xlsm or .csv
    pub file: PathBuf,

    /// The new item's id
    #[arg(long, value_name = "ID")]
    pub id: String,

    /// The requirement it fails (3.1.8 or AC.L2-3.1.8)
    #[arg(long, value_name = "REQ")]
    pub control: String,

    /// The weakness: what is wrong, where
    #[arg(long, value_name = "TEXT")]
    pub weakness: String,

    /// The specific remediation
    #[arg(long, value_name = "TEXT")]
    pub remediation: String,

    /// The person accountable
    #[arg(long, value_name = "NAME")]
    pub owner: String,

    /// Scheduled completion date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub completion: String,

    /// Low, Moderate, High or Critical
    #[arg(long, value_name = "SEVERITY")]
    pub severity: Option<String>,

    /// Start date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub start: Option<String>,

    /// Resources or funding estimate
    #[arg(long, value_name = "TEXT")]
    pub resources: Option<String>,

    /// A milestone line "YYYY-MM-DD: text"; repeatable
    #[arg(long, value_name = "MILESTONE")]
    pub milestone: Vec<String>,

    /// Status (default: Open, written only when the POA&M has a Status column)
    #[arg(long, value_name = "STATUS")]
    pub status: Option<String>,

    /// The status date (YYYY-MM-DD; default: --as-of, else today)
    #[arg(long, value_name = "DATE")]
    pub status_date: Option<String>,

    /// Evidence reference; repeatable (required to add a Closed item)
    #[arg(long, value_name = "REF")]
    pub evidence: Vec<String>,

    /// Comments
    #[arg(long, value_name = "TEXT")]
    pub comment: Option<String>,

    #[command(flatten)]
    pub write: WriteOptions,
}

/// `poam init FILE`
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The file to create: .xlsx (a workbook with dropdowns and a Catalog sheet) or .csv
    pub file: PathBuf,

    /// Replace the file if it exists
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Record the SHA-256 of every closed item's evidence files in the evidence manifest
    /// (entries already recorded are kept)
    Hash(EvidenceHashArgs),
}

/// `poam evidence hash FILE`
#[derive(Debug, Args)]
pub struct EvidenceHashArgs {
    /// The POA&M
    pub file: PathBuf,

    /// The folder evidence paths are relative to (default: the POA&M's folder)
    #[arg(long, value_name = "DIR")]
    pub evidence_root: Option<PathBuf>,

    /// The evidence manifest (default: poam-evidence.json beside the POA&M)
    #[arg(long, value_name = "FILE")]
    pub evidence_manifest: Option<PathBuf>,

    /// Read this sheet (default: the sheet whose header matches best)
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// Treat this date as today (YYYY-MM-DD): the recorded date
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,

    #[command(flatten)]
    pub config: ConfigArgs,
}
