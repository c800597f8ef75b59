//! `poam validate FILE`: read, assess, check, print; exit 0 / 1 / 2 (PRODUCT.md §5).
//!
//! Items are checked as they are read and then dropped (`stream_report`): only a small
//! summary of each is kept for the rules that compare items, the engine and the output,
//! so a 100,000-row POA&M is validated in flat memory. `--previous` and the evidence-file
//! rules need every item's fields, so with them the POA&M is loaded whole
//! (`build_report`, which the other commands use too). Both give the same report.

use crate::cli::{Deny, Format, ValidateArgs};
use crate::config::{Config, RuleFilter};
use crate::engine::{self, EngineOptions, Ssp};
use crate::io::{self, InputError, LoadOptions};
use crate::model::item::{ItemSummary, Summarizer};
use crate::model::vocab;
use crate::output;
use crate::report::ValidationReport;
use crate::rules::{self, Context, Findings, ItemContext, Level};
use chrono::{Local, NaiveDate};
use std::path::PathBuf;

pub fn run(args: &ValidateArgs) -> anyhow::Result<i32> {
    let setup = Setup::new(args)?;
    let report = if setup.needs_whole_items(args) {
        whole_report(args, &setup)?
    } else {
        stream_report(args, &setup)?
    };
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
    emit(args.output.as_deref(), &text)?;
    let code = exit_code(&report, args.deny);
    // The process ends right after this: freeing the report piece by piece would only
    // cost time (a large POA&M's findings and summaries), so leave it to the system.
    std::mem::forget(report);
    Ok(code)
}

/// Print the report (or write it to `--output`) as [`super::emit`] does. Text that is
/// all printable ASCII and line breaks has nothing for the terminal stream to strip or
/// translate, so it goes to standard output as it is: passing a large JSON report through
/// the stripping stream byte by byte took milliseconds.
fn emit(output: Option<&std::path::Path>, text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    if output.is_some() || !is_plain_ascii(text) {
        return super::emit(output, text);
    }
    let mut out = std::io::stdout().lock();
    // A closed pipe (`poam … | head`) is not an error worth a message.
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(Into::into),
    }
}

/// Printable ASCII, tabs and line breaks only: no escape sequence can be in it.
fn is_plain_ascii(text: &str) -> bool {
    text.bytes()
        .all(|b| (b' '..0x7f).contains(&b) || b == b'\n' || b == b'\t')
}

/// Today, unless `--as-of` fixes it.
pub fn today(as_of: Option<NaiveDate>) -> NaiveDate {
    as_of.unwrap_or_else(|| Local::now().date_naive())
}

/// The command line with `poam.toml`'s `[defaults]` filling what it leaves unsaid.
struct Setup {
    config: Config,
    filter: RuleFilter,
    as_of: NaiveDate,
    display: String,
    level: u8,
    conditional_date: Option<NaiveDate>,
    ssp_path: Option<PathBuf>,
    load: LoadOptions,
    evidence_root: Option<PathBuf>,
}

impl Setup {
    fn new(args: &ValidateArgs) -> anyhow::Result<Setup> {
        let config = super::resolve_config(&args.config)?;
        let filter = RuleFilter::new(&config, &args.rules.select, &args.rules.ignore)?;
        let level = args.level.or(config.defaults.level).unwrap_or(2);
        let conditional_date = args.conditional_date.or(config.defaults.conditional_date);
        let ssp_path = args
            .source
            .ssp
            .clone()
            .or_else(|| config.defaults.ssp.clone());
        let load = super::load_options(args.source.sheet.as_deref(), &config);
        let evidence_root = args
            .evidence_root
            .clone()
            .or_else(|| config.defaults.evidence_root.clone());
        Ok(Setup {
            as_of: today(args.today.as_of),
            display: args.source.file.display().to_string(),
            filter,
            level,
            conditional_date,
            ssp_path,
            load,
            evidence_root,
            config,
        })
    }

    /// `--previous` compares every field with the old version, and the evidence-file
    /// rules open every item's evidence: those need the items whole.
    fn needs_whole_items(&self, args: &ValidateArgs) -> bool {
        args.previous.is_some() || self.evidence_root.is_some() || args.evidence_manifest.is_some()
    }

    fn engine_options(&self) -> EngineOptions {
        EngineOptions {
            level: self.level,
            as_of: self.as_of,
            conditional_date: self.conditional_date,
        }
    }

    fn read_ssp(&self) -> Result<Option<Ssp>, InputError> {
        match &self.ssp_path {
            Some(path) => engine::read_ssp(path, &path.display().to_string(), None).map(Some),
            None => Ok(None),
        }
    }
}

/// The report with every item loaded whole: what `report`, `score` and the other
/// commands build on, and what `validate` uses with `--previous` or evidence files.
pub fn build_report(args: &ValidateArgs) -> anyhow::Result<ValidationReport> {
    whole_report(args, &Setup::new(args)?)
}

fn whole_report(args: &ValidateArgs, setup: &Setup) -> anyhow::Result<ValidationReport> {
    let as_of = setup.as_of;
    let mut poam = io::load_poam(&args.source.file, &setup.display, &setup.load)?;
    vocab::apply_extra_synonyms(&mut poam, &setup.config.synonyms);
    let ssp = setup.read_ssp()?;
    // What the SSP reader noticed (duplicate rows, rows it could not use) reaches the user
    // beside the POA&M's own reading notes.
    if let Some(s) = &ssp {
        poam.notes
            .extend(s.notes.iter().map(|n| format!("{}: {n}", s.file)));
    }
    let assessment = engine::assess(&poam, ssp.as_ref(), &setup.engine_options());
    let mut findings = rules::check(&Context {
        poam: &poam,
        assessment: &assessment,
        ssp: ssp.as_ref(),
        as_of,
        level: setup.level,
        conditional_date: setup.conditional_date,
        settings: &setup.config.settings,
    });
    // `--previous OLD`: the history rules too, so CI can ratchet against the last version.
    if let Some(previous) = &args.previous {
        // The old version is read with `[synonyms]` too, as the new one was: otherwise
        // an organisation's own status word reads as unknown there only, and looks changed.
        let (history, notes) = super::diff::previous_version_findings(
            previous,
            &setup.load,
            &setup.config.synonyms,
            &poam,
            &args.source.file,
            as_of,
            &findings,
        )?;
        findings.extend(history);
        rules::sort(&mut findings);
        poam.notes.extend(notes);
    }
    // --evidence-root / --evidence-manifest: the evidence-file rules (they read files).
    if setup.evidence_root.is_some() || args.evidence_manifest.is_some() {
        findings.extend(super::evidence::file_findings(
            &poam,
            setup.evidence_root.as_deref(),
            args.evidence_manifest.as_deref(),
        )?);
        rules::sort(&mut findings);
    }
    // [rules] levels, --select, --ignore: applied once, to every finding.
    let findings = setup.filter.apply(findings);
    Ok(ValidationReport {
        items: rules::summaries(&poam),
        poam,
        ssp_file: setup.ssp_path.as_ref().map(|p| p.display().to_string()),
        assessment,
        findings,
        as_of,
    })
}

/// The report of `poam validate`, checking each item as it is read (module docs). The
/// same findings, in the same order, as [`build_report`].
fn stream_report(args: &ValidateArgs, setup: &Setup) -> anyhow::Result<ValidationReport> {
    let as_of = setup.as_of;
    // The item rules need the SSP, so it is read first; its error, if any, is reported
    // after the POA&M's, as when the POA&M is loaded whole.
    let ssp = setup.read_ssp();
    let ssp_ok = ssp.as_ref().ok().and_then(Option::as_ref);
    let mut items: Vec<ItemSummary> = Vec::new();
    let mut summarizer = Summarizer::default();
    let mut found = Findings::default();
    let mut poam = io::stream_poam(
        &args.source.file,
        &setup.display,
        &setup.load,
        &mut |poam, mut item| {
            vocab::apply_extra_synonyms_to_item(&mut item, &setup.config.synonyms);
            let ctx = ItemContext::streaming(
                poam,
                ssp_ok,
                as_of,
                setup.level,
                setup.conditional_date,
                &setup.config.settings,
            );
            rules::check_item(&ctx, &item, &mut found);
            items.push(summarizer.summary(&item));
            Some(item)
        },
    )?;
    let ssp = ssp?;
    if let Some(s) = &ssp {
        poam.notes
            .extend(s.notes.iter().map(|n| format!("{}: {n}", s.file)));
    }
    let assessment =
        engine::assess::assess_summaries(&items, ssp.as_ref(), &setup.engine_options());
    let ctx = Context {
        poam: &poam,
        assessment: &assessment,
        ssp: ssp.as_ref(),
        as_of,
        level: setup.level,
        conditional_date: setup.conditional_date,
        settings: &setup.config.settings,
    };
    rules::check_whole(&ctx, &items, &mut found);
    let mut findings = found.list;
    rules::sort(&mut findings);
    let findings = setup.filter.apply(findings);
    Ok(ValidationReport {
        poam,
        items,
        ssp_file: setup.ssp_path.as_ref().map(|p| p.display().to_string()),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;
    use std::path::Path;

    fn args(list: &[&str]) -> ValidateArgs {
        let argv = ["poam", "validate"].iter().chain(list).copied();
        match Cli::try_parse_from(argv) {
            Ok(Cli {
                command: Command::Validate(a),
            }) => a,
            other => panic!("not a validate command line: {other:?}"),
        }
    }

    #[test]
    fn only_printable_ascii_and_line_breaks_bypass_the_terminal_stream() {
        assert!(is_plain_ascii("{\n  \"rule\": \"id-duplicate\"\t}\n"));
        assert!(!is_plain_ascii("\u{1b}[31merror\u{1b}[0m"));
        assert!(!is_plain_ascii("Ren\u{e9}e"));
        assert!(!is_plain_ascii("line\r\n"));
        assert!(!is_plain_ascii("\u{7f}"));
    }

    /// Every output format of a report, as text.
    fn rendered(r: &ValidationReport) -> Vec<String> {
        vec![
            output::human::render(r, false),
            output::json::render(r),
            output::sarif::render(r),
            output::junit::render(r),
            output::github::render(r),
            output::github::summary(r),
        ]
    }

    /// Every POA&M-like file under tests/fixtures, and the example.
    fn fixtures() -> Vec<String> {
        fn walk(dir: &Path, out: &mut Vec<String>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
            paths.sort();
            for path in paths {
                if path.is_dir() {
                    walk(&path, out);
                } else if matches!(
                    path.extension().and_then(|e| e.to_str()),
                    Some("csv" | "xlsx" | "xls" | "ods")
                ) {
                    out.push(path.display().to_string());
                }
            }
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        walk(&root.join("tests/fixtures"), &mut files);
        files.push(root.join("examples/poam.xlsx").display().to_string());
        files
    }

    fn same_report(list: &[&str]) {
        let a = args(list);
        let setup = match Setup::new(&a) {
            Ok(s) => s,
            Err(e) => panic!("{list:?}: {e}"),
        };
        match (whole_report(&a, &setup), stream_report(&a, &setup)) {
            (Ok(whole), Ok(streamed)) => {
                assert_eq!(whole.items, streamed.items, "{list:?}");
                assert_eq!(whole.findings, streamed.findings, "{list:?}");
                assert_eq!(rendered(&whole), rendered(&streamed), "{list:?}");
            }
            (Err(e1), Err(e2)) => assert_eq!(e1.to_string(), e2.to_string(), "{list:?}"),
            (Ok(_), Err(e)) => panic!("{list:?}: only streaming failed: {e}"),
            (Err(e), Ok(_)) => panic!("{list:?}: only the whole load failed: {e}"),
        }
    }

    /// Streaming (items checked as read, then dropped) and loading whole give the same
    /// findings in the same order, and every output format byte for byte, on every fixture
    /// at each level, with and without an SSP and a Conditional date.
    #[test]
    fn streaming_and_loading_whole_give_the_same_report() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let ssp = root.join("examples/ssp.xlsx").display().to_string();
        let files = fixtures();
        assert!(files.len() > 50, "fixtures found: {}", files.len());
        for file in &files {
            let base = [file.as_str(), "--no-config", "--as-of", "2026-11-26"];
            same_report(&base);
            same_report(&[&base[..], &["--level", "1"]].concat());
            same_report(
                &[
                    &base[..],
                    &["--level", "3", "--conditional-date", "2025-01-15"],
                ]
                .concat(),
            );
            same_report(
                &[
                    &base[..],
                    &["--ssp", &ssp, "--conditional-date", "2026-09-15"],
                ]
                .concat(),
            );
        }
    }
}
