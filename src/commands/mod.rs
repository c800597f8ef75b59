//! One file per subcommand. This layer alone touches the terminal, exit codes and files.

pub mod add;
pub mod cat;
pub mod close;
pub mod completions;
pub mod diff;
pub mod evidence;
pub mod init;
pub mod init_config;
pub mod owners;
pub mod report;
pub mod rules;
pub mod score;
pub mod set;
pub mod triage;
pub mod validate;

use crate::cli::{Cli, Command, ConfigArgs, EvidenceCommand};
use crate::config::{self, Config};
use crate::io::{self, InputError, LoadOptions};
use crate::model::{vocab, Poam};

/// Run one command; the result is the process exit code (0, 1) or an error (exit 2).
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    match cli.command {
        Command::Validate(args) => validate::run(&args),
        Command::Rules => rules::list(),
        Command::Explain { rule } => rules::explain(&rule),
        Command::Completions { shell } => completions::completions(shell),
        Command::Man { dir } => completions::man(dir.as_deref()),
        Command::Report(args) => report::run(&args),
        Command::Owners(args) => owners::run(&args),
        Command::Score(args) => score::run(&args),
        Command::Triage(args) => triage::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Cat(args) => cat::run(&args),
        Command::Set(args) => set::run(&args),
        Command::Close(args) => close::run(&args),
        Command::Add(args) => add::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Evidence {
            command: EvidenceCommand::Hash(args),
        } => evidence::hash(&args),
        Command::InitConfig { file, force } => init_config::run(&file, force),
    }
}

/// `--config FILE`, `--no-config`, else the `poam.toml` found from the current folder up.
pub fn resolve_config(args: &ConfigArgs) -> anyhow::Result<Config> {
    let cwd = std::env::current_dir().unwrap_or_default();
    Ok(config::resolve(
        args.config.as_deref(),
        args.no_config,
        &cwd,
    )?)
}

/// How to read a POA&M under `config`: `--sheet`, else the configured sheet, and the
/// configured header aliases.
pub fn load_options(sheet: Option<&str>, config: &Config) -> LoadOptions {
    LoadOptions {
        sheet: sheet.map(str::to_owned),
        default_sheet: config.defaults.sheet.clone(),
        extra_aliases: config.extra_aliases.clone(),
    }
}

/// Read a POA&M as `validate` reads it under `config`: `--sheet` (else the configured
/// sheet), the configured column aliases, and the configured synonyms applied.
pub fn read_poam(
    path: &std::path::Path,
    display: &str,
    sheet: Option<&str>,
    config: &Config,
) -> Result<Poam, InputError> {
    let mut poam = io::load_poam(path, display, &load_options(sheet, config))?;
    vocab::apply_extra_synonyms(&mut poam, &config.synonyms);
    Ok(poam)
}

/// Write command output to `-o FILE` or standard output.
pub fn emit(output: Option<&std::path::Path>, text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    match output {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| anyhow::anyhow!("cannot write the output to {}: {e}", path.display())),
        None => {
            let mut out = anstream::stdout().lock();
            // A closed pipe (`poam … | head`) is not an error worth a message.
            match out.write_all(text.as_bytes()) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.map_err(Into::into),
            }
        }
    }
}
