//! `poam diff OLD NEW`: what changed between two versions of a POA&M, judged by the history
//! rules (PRODUCT.md §4). Each side is a file or `git:REV:PATH` (read from git objects, no
//! checkout). Exit 1 when a history finding is at the failing level (error; warning too
//! with `--deny warnings`), 0 otherwise, 2 when a version cannot be read.
//!
//! `poam.toml` applies as it does to `validate`: its `[columns]` and `[synonyms]` to how
//! both versions are read, its `[rules]` levels, `--select` and `--ignore` to the findings,
//! its `[defaults]` sheet and level. The SARIF, JUnit and GitHub formats are `validate`'s
//! own renderers, given a report of the new version whose findings are the history findings.
//!
//! Also home of what `validate --previous` shares with it: [`history_findings`].

use crate::cli::{Deny, DiffArgs, DiffFormat};
use crate::config::{Config, RuleFilter};
use crate::engine::{self, EngineOptions};
use crate::history::render::{self, DiffReport};
use crate::history::{self, Changes};
use crate::io::git;
use crate::io::{load_poam, LoadOptions};
use crate::model::vocab::{self, ExtraSynonyms};
use crate::model::{Poam, SourceFormat};
use crate::output;
use crate::report::ValidationReport;
use crate::rules::{self, Finding, Findings, Level};
use chrono::NaiveDate;
use std::path::Path;

/// The sheet the FedRAMP template moves closed items to (reference/domain-facts.md §6.4,
/// F1 sheets; F2 §2.2: closing an item moves its row there).
pub const FEDRAMP_CLOSED_SHEET: &str = "Closed POA&M Items";

pub fn run(args: &DiffArgs) -> anyhow::Result<i32> {
    let config = super::resolve_config(&args.config)?;
    let report = build_report_with(args, &config)?;
    let code = exit_code(&report.findings, args.deny);
    let text = match args.format {
        DiffFormat::Human => render::render_human(&report),
        DiffFormat::Json => render::render_json(&report),
        DiffFormat::Markdown => render::render_markdown(&report),
        DiffFormat::Sarif => output::sarif::render(&new_version_report(report, &config)),
        // The suite says which command made it; everything else is validate's JUnit.
        DiffFormat::Junit => output::junit::render(&new_version_report(report, &config)).replacen(
            "<testsuites name=\"poam validate\"",
            "<testsuites name=\"poam diff\"",
            1,
        ),
        DiffFormat::Github => {
            let validation = new_version_report(report, &config);
            // Standard output holds only workflow commands (PRODUCT.md §5).
            anstream::eprint!("{}", output::github::summary(&validation));
            output::github::render(&validation)
        }
    };
    super::emit(args.output.as_deref(), &text)?;
    Ok(code)
}

pub fn build_report(args: &DiffArgs) -> anyhow::Result<DiffReport> {
    build_report_with(args, &super::resolve_config(&args.config)?)
}

/// Read both versions as `validate` reads a POA&M under `config`, compare them, and keep
/// the history findings that `[rules]`, `--select` and `--ignore` let through.
pub fn build_report_with(args: &DiffArgs, config: &Config) -> anyhow::Result<DiffReport> {
    let filter = RuleFilter::new(config, &args.rules.select, &args.rules.ignore)?;
    let as_of = super::validate::today(args.today.as_of);
    let opts = super::load_options(args.sheet.as_deref(), config);
    let mut old = git::load_version(&args.old, &opts)?;
    vocab::apply_extra_synonyms(&mut old, &config.synonyms);
    let new_version = git::materialize(&args.new)?;
    let mut new = load_poam(&new_version.path, &new_version.display, &opts)?;
    vocab::apply_extra_synonyms(&mut new, &config.synonyms);
    let (changes, findings) = history_findings(&old, &new, &new_version.path, as_of);
    Ok(DiffReport {
        old,
        new,
        changes,
        findings: filter.apply(findings),
        as_of,
    })
}

/// The diff as a validation report of the new version, for the renderers `validate` uses
/// (SARIF, JUnit, GitHub): its findings are the history findings, its score and verdict
/// those of the new version read alone (no SSP: `diff` takes none), and the comparison's
/// notes are among its notes.
pub fn new_version_report(report: DiffReport, config: &Config) -> ValidationReport {
    let DiffReport {
        old,
        mut new,
        changes,
        findings,
        as_of,
    } = report;
    let engine_opts = EngineOptions {
        level: config.defaults.level.unwrap_or(2),
        as_of,
        conditional_date: config.defaults.conditional_date,
    };
    let assessment = engine::assess(&new, None, &engine_opts);
    new.notes.extend(
        changes
            .notes
            .iter()
            .map(|n| format!("compared with {}: {n}", old.file)),
    );
    ValidationReport {
        items: rules::summaries(&new),
        poam: new,
        ssp_file: None,
        assessment,
        findings,
        as_of,
    }
}

/// Compare two versions and run the history rules; findings sorted as `rules::check` sorts.
/// `new_path` is where `new` was read from: when it is a workbook, removed items found on
/// its FedRAMP "Closed POA&M Items" sheet count as closed, not removed.
pub fn history_findings(
    old: &Poam,
    new: &Poam,
    new_path: &Path,
    as_of: NaiveDate,
) -> (Changes, Vec<Finding>) {
    let mut changes = history::compare(old, new);
    moved_to_closed_sheet(new_path, new, &mut changes);
    let mut out = Findings::default();
    rules::history::check(old, new, &changes, as_of, &mut out);
    let mut findings = out.list;
    rules::sort(&mut findings);
    (changes, findings)
}

/// `validate FILE --previous OLD`: the history findings the single-file rules have not
/// already reported (a closed item without evidence is reported by the evidence rule on
/// every run; its transition variant would say the same of the same cell), and the notes
/// of the comparison.
///
/// The old version's status and severity words are read with `synonyms` (`[synonyms]` of
/// `poam.toml`) as the new version was read: otherwise an
/// organisation's own word ("Remediated") in the old file would read as unknown and its
/// items as open, and a closure in the old version would look like a change.
pub fn previous_version_findings(
    previous: &str,
    opts: &LoadOptions,
    synonyms: &ExtraSynonyms,
    new: &Poam,
    new_path: &Path,
    as_of: NaiveDate,
    already: &[Finding],
) -> anyhow::Result<(Vec<Finding>, Vec<String>)> {
    let mut old = git::load_version(previous, opts)?;
    vocab::apply_extra_synonyms(&mut old, synonyms);
    let (changes, findings) = history_findings(&old, new, new_path, as_of);
    let fresh = findings
        .into_iter()
        .filter(|f| {
            !already
                .iter()
                .any(|a| a.rule == f.rule && a.item == f.item && a.location == f.location)
        })
        .collect();
    let notes = changes
        .notes
        .into_iter()
        .map(|n| format!("compared with {previous}: {n}"))
        .collect();
    Ok((fresh, notes))
}

/// FedRAMP closes an item by moving its row from "Open POA&M Items" to "Closed POA&M
/// Items" (F2 §2.2). A removed item found on that sheet of the new workbook was closed.
fn moved_to_closed_sheet(path: &Path, new: &Poam, changes: &mut Changes) {
    let is_closed_sheet = new
        .sheet
        .as_deref()
        .is_some_and(|s| s.eq_ignore_ascii_case(FEDRAMP_CLOSED_SHEET));
    if changes.removed.is_empty() || new.format == SourceFormat::Csv || is_closed_sheet {
        return;
    }
    let opts = LoadOptions {
        sheet: Some(FEDRAMP_CLOSED_SHEET.to_owned()),
        ..LoadOptions::default()
    };
    // No such sheet, or an unreadable one: nothing moved there.
    let Ok(closed_sheet) = load_poam(path, &new.file, &opts) else {
        return;
    };
    let moved = history::ItemIndex::new(&closed_sheet);
    let (found, still_removed): (Vec<String>, Vec<String>) = changes
        .removed
        .drain(..)
        .partition(|id| moved.get(id).is_some());
    changes.removed = still_removed;
    for id in found {
        changes.notes.push(format!(
            "{id} moved to sheet '{FEDRAMP_CLOSED_SHEET}' of {}",
            new.file
        ));
        changes.removed_closed.push(id);
    }
}

/// 1 when a finding is at or above the failing level (error; warning with `--deny warnings`).
pub fn exit_code(findings: &[Finding], deny: Option<Deny>) -> i32 {
    let failing = match deny {
        Some(Deny::Warnings) => Level::Warning,
        None => Level::Error,
    };
    i32::from(findings.iter().any(|f| f.level >= failing))
}
