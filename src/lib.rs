//! `poam`: read, validate, score and update POA&M spreadsheets for NIST SP 800-171 Rev 2
//! and CMMC 2.0.
//!
//! The flow is one-way: `io` (files → rows) → `io::columns` (header → fields) →
//! `model` (typed items) → `engine` (score, verdict) and `rules` (findings) → `output`.

pub mod catalog;
pub mod engine;
pub mod io;
pub mod model;
pub mod rules;

/// Placeholder until the command layer lands.
pub fn cli_main() -> i32 {
    0
}
