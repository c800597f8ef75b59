//! The rule catalogue (PRODUCT.md §4). Each group file holds its rules' documentation
//! (`RuleInfo`, the specification that `poam explain` prints) beside the check that
//! implements them. Rule names are public interface: never rename one.

mod finding;
pub mod thresholds;

pub mod completeness;
pub mod controls;
pub mod dates;
pub mod eligibility;
pub mod evidence;
pub mod evidence_files;
pub mod history;
pub mod identity;
pub mod status;
pub mod words;

pub use finding::{Finding, Level};
pub use thresholds::Settings;

use crate::engine::{Assessment, Ssp};
use crate::model::Poam;
use chrono::NaiveDate;

/// A rule's documentation, in ruff's fixed sections.
#[derive(Debug)]
pub struct RuleInfo {
    /// Stable kebab-case name.
    pub name: &'static str,
    pub default_level: Level,
    /// One line: when it fires.
    pub summary: &'static str,
    pub what: &'static str,
    pub why: &'static str,
    pub example: &'static str,
    pub fix: &'static str,
    /// Where the rule comes from (regulation, guide, or assessor practice).
    pub source: &'static str,
}

/// Everything a check may look at.
pub struct Context<'a> {
    pub poam: &'a Poam,
    pub assessment: &'a Assessment,
    pub ssp: Option<&'a Ssp>,
    /// "Today" (`--as-of`).
    pub as_of: NaiveDate,
    /// CMMC level 1, 2 or 3.
    pub level: u8,
    pub conditional_date: Option<NaiveDate>,
    /// Thresholds and word lists in force (defaults, or `poam.toml`).
    pub settings: &'a Settings,
}

/// Collects findings, giving each its rule's default level.
#[derive(Default)]
pub struct Findings {
    pub list: Vec<Finding>,
}

impl Findings {
    pub fn push(
        &mut self,
        rule: &'static RuleInfo,
        item: Option<&str>,
        location: crate::model::Location,
        message: String,
    ) {
        self.list.push(Finding {
            rule: rule.name,
            level: rule.default_level,
            item: item.map(str::to_owned),
            location,
            message,
        });
    }
}

/// Every rule, grouped as the files are.
pub fn all() -> Vec<&'static RuleInfo> {
    [
        identity::RULES,
        controls::RULES,
        eligibility::RULES,
        completeness::RULES,
        dates::RULES,
        status::RULES,
        evidence::RULES,
        evidence_files::RULES,
        history::RULES,
    ]
    .into_iter()
    .flatten()
    .copied()
    .collect()
}

pub fn find(name: &str) -> Option<&'static RuleInfo> {
    all().into_iter().find(|r| r.name == name)
}

/// Run every check. Findings come out sorted by row, then column, then rule.
pub fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Findings::default();
    identity::check(ctx, &mut out);
    controls::check(ctx, &mut out);
    eligibility::check(ctx, &mut out);
    completeness::check(ctx, &mut out);
    dates::check(ctx, &mut out);
    status::check(ctx, &mut out);
    evidence::check(ctx, &mut out);
    let mut list = out.list;
    sort(&mut list);
    list
}

/// The order of findings in every output: findings on the whole POA&M (no row) first, then
/// by row, column and rule.
pub fn sort(list: &mut [Finding]) {
    list.sort_by_key(|f| {
        (
            f.location.row.is_some(),
            f.location.row,
            f.location.column,
            f.rule,
        )
    });
}
