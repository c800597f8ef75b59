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
use crate::model::item::{ItemSummary, Summarizer};
use crate::model::{Item, Location, Poam};
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

impl<'a> Context<'a> {
    /// What the per-item checks see: this context, with the engine's assessment at hand.
    pub fn item_context(&self) -> ItemContext<'a> {
        ItemContext {
            poam: self.poam,
            ssp: self.ssp,
            as_of: self.as_of,
            level: self.level,
            conditional_date: self.conditional_date,
            settings: self.settings,
            assessment: Some(self.assessment),
            closeout_deadline: self.assessment.closeout_deadline,
        }
    }
}

/// Everything a per-item check may look at: no other item, and no whole-file assessment.
/// `poam validate` checks each item this way as soon as it is read, then keeps only its
/// [`ItemSummary`]; `rules::check` builds it from a [`Context`]. Both give the same findings.
pub struct ItemContext<'a> {
    /// The sheet: file, header and columns. Its `items` may be empty (streaming).
    pub poam: &'a Poam,
    pub ssp: Option<&'a Ssp>,
    /// "Today" (`--as-of`).
    pub as_of: NaiveDate,
    /// CMMC level 1, 2 or 3.
    pub level: u8,
    pub conditional_date: Option<NaiveDate>,
    pub settings: &'a Settings,
    /// The engine's assessment when the whole file was assessed first (`rules::check`).
    /// Without it, eligibility reads "partially met" from the SSP (or, without an SSP,
    /// 3.13.11 as partial), which is how the engine decides it too.
    pub assessment: Option<&'a Assessment>,
    /// Conditional date + 180 days, as the engine reports it (`engine::assess`).
    pub closeout_deadline: Option<NaiveDate>,
}

impl<'a> ItemContext<'a> {
    /// A context for checking items before the whole file is assessed.
    pub fn streaming(
        poam: &'a Poam,
        ssp: Option<&'a Ssp>,
        as_of: NaiveDate,
        level: u8,
        conditional_date: Option<NaiveDate>,
        settings: &'a Settings,
    ) -> Self {
        ItemContext {
            poam,
            ssp,
            as_of,
            level,
            conditional_date,
            settings,
            assessment: None,
            closeout_deadline: crate::engine::assess::closeout_deadline(level, conditional_date),
        }
    }

    /// Where an item's field is (see `Poam::item_location`).
    pub fn at(&self, item: &Item, field: crate::model::Field) -> Location {
        self.poam.item_location(item, field)
    }
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
    let item_ctx = ctx.item_context();
    for item in &ctx.poam.items {
        check_item(&item_ctx, item, &mut out);
    }
    check_whole(ctx, &summaries(ctx.poam), &mut out);
    let mut list = out.list;
    sort(&mut list);
    list
}

/// Every check of one item on its own, in the order of the rule groups. Findings of one
/// item and rule keep this order through [`sort`], which is stable.
pub fn check_item(ctx: &ItemContext, item: &Item, out: &mut Findings) {
    identity::check_item(ctx, item, out);
    controls::check_item(ctx, item, out);
    eligibility::check_item(ctx, item, out);
    completeness::check_item(ctx, item, out);
    dates::check_item(ctx, item, out);
    status::check_item(ctx, item, out);
    evidence::check_item(ctx, item, out);
}

/// Every check of the POA&M as a whole: its columns, the score and the SSP, and the rules
/// that compare items (`id-duplicate`, `owner-overloaded`, `same-target-date`), which read
/// the items' summaries.
///
/// With many items, `id-duplicate` (the longest of these) runs on a second thread while
/// this one runs the others: they run once the whole file is read, when the reading
/// thread's core is free. Its findings still come first, as when run in turn.
pub fn check_whole(ctx: &Context, items: &[ItemSummary], out: &mut Findings) {
    /// Below this many items a thread costs more than it saves.
    const ITEMS_FOR_A_THREAD: usize = 10_000;
    let others = |out: &mut Findings| {
        eligibility::check_whole(ctx, out);
        completeness::check_whole(ctx, items, out);
        dates::check_whole(ctx, items, out);
    };
    if items.len() < ITEMS_FOR_A_THREAD {
        identity::check_whole(ctx, items, out);
        others(out);
        return;
    }
    let mut rest = Findings::default();
    std::thread::scope(|scope| {
        let identity = scope.spawn(|| {
            let mut found = Findings::default();
            identity::check_whole(ctx, items, &mut found);
            found
        });
        others(&mut rest);
        match identity.join() {
            Ok(found) => out.list.extend(found.list),
            // Never expected: carry the panic over, as if it had run on this thread.
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    out.list.extend(rest.list);
}

/// The summaries of a loaded POA&M's items.
pub fn summaries(poam: &Poam) -> Vec<ItemSummary> {
    let mut summarizer = Summarizer::default();
    poam.items
        .iter()
        .map(|item| summarizer.summary(item))
        .collect()
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
