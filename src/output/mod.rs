//! Formatting a finished report. Nothing here reads files or decides findings.

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod report_html;
pub mod report_json;
pub mod report_md;
pub mod report_xlsx;
pub mod sarif;
pub mod svg;
