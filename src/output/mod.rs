//! Formatting a finished report. Nothing here reads files or decides findings.

pub mod human;
pub mod json;
pub mod github;
pub mod junit;
pub mod sarif;
