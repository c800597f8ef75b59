//! `poam`: read, validate, score and update POA&M spreadsheets for NIST SP 800-171 Rev 2
//! and CMMC 2.0.
//!
//! The flow is one-way: `io` (files → rows) → `io::columns` (header → fields) →
//! `model` (typed items) → `engine` (score, verdict) and `rules` (findings) → `report` →
//! `output`. `cli` and `commands` wire them together and own exit codes.

pub mod catalog;
pub mod cli;
pub mod commands;
pub mod config;
pub mod engine;
pub mod evidence;
pub mod history;
pub mod io;
pub mod model;
pub mod output;
pub mod report;
pub mod rules;
pub mod summary;

use clap::Parser;

/// Parse arguments, run one command, map the outcome to an exit code:
/// 0 clean, 1 findings at the failing level, 2 unusable input or bad arguments.
pub fn cli_main() -> i32 {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => 0,
                _ => 2,
            };
        }
    };
    match commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            anstream::eprintln!("poam: error: {e:#}");
            2
        }
    }
}
