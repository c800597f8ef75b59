//! Rules: dates — whether each date can be read, whether the plan's dates hang together,
//! and whether the plan is still on time (PRODUCT.md §4).
//!
//! Which items each rule looks at:
//! - `date-invalid`, `date-ambiguous` and `dates-out-of-order` look at every item, open or
//!   closed: an unreadable or impossible date is wrong whatever the status.
//! - Every other date rule looks at open items only (`Item::is_open`: no, an unknown or an
//!   open status). A closed item's dates are history; they no longer drive a deadline.
//! - Per-item "missing" rules stay silent when the workbook has no column for the field at
//!   all: `missing-column` already reports that once, for the whole sheet.

use crate::model::item::ItemSummary;
use crate::model::{DateValue, Field, Item, Location, Milestone, Poam};
use crate::rules::thresholds::CLOSEOUT_DAYS;
use crate::rules::{Context, Findings, ItemContext, Level, RuleInfo};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

pub static DATE_INVALID: RuleInfo = RuleInfo {
    name: "date-invalid",
    default_level: Level::Error,
    summary: "a date cell holds text that is not a date",
    what: "Checks every date of every item, open or closed — start, completion, status date, \
           closed date and each milestone date — and reports a cell whose text cannot be read \
           as a date. Blank, N/A and TBD mean \"no date\" and are left to the rules about \
           missing dates.",
    why: "An assessor reads the dates to judge whether the plan is realistic and on time. \
          \"Q3\", \"next sprint\" or \"2026-13-01\" gives no date to hold the organisation to, \
          and no tool can compute what is overdue from it.",
    example: "POAM-AC-003 | 3.1.3 | … | Completion Date: \"end of Q3\"",
    fix: "Write the date as YYYY-MM-DD (or as a real date cell). If there is no date yet, \
          leave the cell blank and plan one.",
    source: "assessor practice",
};

pub static DATE_AMBIGUOUS: RuleInfo = RuleInfo {
    name: "date-ambiguous",
    default_level: Level::Warning,
    summary: "a slash date only valid day-first, in a format read month-first",
    what: "Slash dates are read month-first (03/04/2026 is 4 March; US government \
           convention). A slash date that is only valid day-first (25/03/2026) is read \
           day-first and reported here, on any item, open or closed.",
    why: "A sheet that mixes day-first and month-first dates has dates nobody can trust: \
          04/03/2026 in the row below may mean 3 April or 4 March. An assessor who finds one \
          day-first date will doubt every other date in the sheet.",
    example: "POAM-AU-002 | 3.3.1 | … | Start Date: \"25/03/2026\"",
    fix: "Write the date as YYYY-MM-DD, and check the other slash dates typed by the same \
          person.",
    source: "assessor practice",
};

pub static START_MISSING: RuleInfo = RuleInfo {
    name: "start-missing",
    default_level: Level::Warning,
    summary: "an open item has no start date",
    what: "Reports an open item whose start (detection) date is blank. Closed items are not \
           checked: their start no longer drives any deadline. Silent when the sheet has no \
           start-date column at all (`missing-column` reports that).",
    why: "The start date shows when the weakness became known; without it an assessor \
          cannot tell how long it has been open or whether the remediation is dragging.",
    example: "POAM-CM-004 | 3.4.8 | … | Start Date: (blank) | Completion Date: 2027-03-31",
    fix: "Enter the date the weakness was identified (the assessment, scan or review that \
          found it).",
    source: "assessor practice",
};

pub static COMPLETION_MISSING: RuleInfo = RuleInfo {
    name: "completion-missing",
    default_level: Level::Error,
    summary: "an open item has no completion date",
    what: "Reports an open item whose scheduled completion date is blank (or N/A, TBD). \
           Closed items are not checked.",
    why: "A POA&M documents how and when each deficiency will be corrected, and under CMMC \
          every open item must be closed out within 180 days of the Conditional status date. \
          An item with no completion date has no \"when\".",
    example: "POAM-IA-007 | 3.5.7 | … | Status: Open | Completion Date: TBD",
    fix: "Set a realistic completion date, inside the closeout window when a Conditional \
          status date applies.",
    source: "32 CFR 170.21(b); 32 CFR 170.4 (\"operational plan of action\": how and when)",
};

pub static DATES_OUT_OF_ORDER: RuleInfo = RuleInfo {
    name: "dates-out-of-order",
    default_level: Level::Error,
    summary: "completion before start, or a milestone outside start … completion",
    what: "On every item, open or closed: reports a completion date earlier than the start \
           date, and a milestone dated before the start or after the completion date.",
    why: "Dates in the wrong order are a typing error or a plan that was never read again; \
          either way the assessor cannot tell which date is meant.",
    example: "POAM-SC-009 | 3.13.9 | … | Start Date: 2026-06-01 | Completion Date: 2026-05-01",
    fix: "Correct the date that is wrong. If the plan moved, record the change in the \
          milestone changes rather than leaving an impossible sequence.",
    source: "assessor practice",
};

pub static MILESTONES_MISSING: RuleInfo = RuleInfo {
    name: "milestones-missing",
    default_level: Level::Warning,
    summary: "an open item spanning more than 30 days has no milestone",
    what: "Reports an open item whose remediation spans more than 30 days (start → \
           completion; from --as-of when there is no start) but lists no milestone. Silent \
           when the sheet has no milestones column at all (`missing-column` reports that).",
    why: "Milestones are how progress is shown between start and completion; a temporary \
          deficiency counts only when its plan shows progress towards correction.",
    example: "POAM-AU-006 | 3.3.6 | … | Start: 2026-10-01 | Completion: 2027-03-31 | \
              Milestones: (blank)",
    fix: "Add dated intermediate steps (`2026-12-15: configure log reduction`), one per line.",
    source: "32 CFR 170.24(b)(1)(ii) (plans of action that \"show progress\"); assessor practice",
};

pub static MILESTONE_UNDATED: RuleInfo = RuleInfo {
    name: "milestone-undated",
    default_level: Level::Warning,
    summary: "a milestone has no date",
    what: "Reports each milestone, on any open item, that carries no date. The finding points \
           at the milestone's own row (eMASS puts one milestone per row).",
    why: "A milestone without a date cannot be late, so it shows no progress and holds \
          nobody to anything.",
    example: "POAM-MA-003 | 3.7.3 | … | Milestones: \"Procure sanitisation tool\"",
    fix: "Give the milestone a date: `2026-12-15: Procure sanitisation tool`.",
    source: "assessor practice",
};

pub static SAME_TARGET_DATE: RuleInfo = RuleInfo {
    name: "same-target-date",
    default_level: Level::Warning,
    summary: "most open items (default ≥ 80 % of at least 5) share one completion date",
    what: "Counts the open items per completion date. When at least 80 % of the open items \
           (and there are at least 5) share one date, reports it once for the whole sheet.",
    why: "One date on every item (often the assessment date or the end of the fiscal year) \
          shows that nobody planned the items one by one. Assessors read it as a placeholder.",
    example: "9 of 10 open items: Completion Date 2026-12-31",
    fix: "Plan each item: give it the date its own remediation and milestones support.",
    source: "assessor practice",
};

pub static OVERDUE: RuleInfo = RuleInfo {
    name: "overdue",
    default_level: Level::Warning,
    summary: "an open item's completion date is before --as-of (default today)",
    what: "Reports an open item whose completion date has passed. Closed items are not \
           checked.",
    why: "An overdue item means the plan is not being followed. Under CMMC every POA&M item \
          must be closed out within 180 days of the Conditional status date; slipping items \
          put the status at risk.",
    example: "POAM-AC-011 | 3.1.11 | Status: In Progress | Completion Date: 2026-09-30 \
              (as of 2026-11-26)",
    fix: "Close the item with its evidence, or set a new completion date and record why in \
          the milestone changes.",
    source: "assessor practice; 32 CFR 170.21(b)",
};

pub static MILESTONE_OVERDUE: RuleInfo = RuleInfo {
    name: "milestone-overdue",
    default_level: Level::Warning,
    summary: "a milestone date before --as-of on an open item, not marked done",
    what: "Reports each milestone of an open item whose date has passed and that is not \
           marked done (`[x]`, `Done`, `Complete`, `(done)`, or a `Complete` line in the \
           milestone changes with the same number).",
    why: "A passed milestone that is not marked done is either late or finished without \
          record: either way the plan no longer shows progress.",
    example: "POAM-IR-002 | 3.6.2 | Milestones: \"2026-10-01: tabletop exercise\" (as of \
              2026-11-26)",
    fix: "Mark the milestone done (`[x] 2026-10-01: tabletop exercise`), or record its new \
          date in the milestone changes.",
    source: "assessor practice",
};

pub static CLOSEOUT_WINDOW: RuleInfo = RuleInfo {
    name: "closeout-window",
    default_level: Level::Error,
    summary: "an open item completes after the Conditional date + 180 days, or that day has passed",
    what: "With --conditional-date: reports an open item whose completion date falls after \
           the closeout deadline (Conditional CMMC Status Date + 180 days), and every open \
           item once that deadline has passed as of --as-of.",
    why: "The closing of a POA&M must be confirmed by a closeout assessment within 180 days \
          of the Conditional CMMC Status Date; otherwise the Conditional status expires. An \
          item planned to finish later cannot be closed out in time.",
    example: "Conditional date 2026-06-01 (deadline 2026-11-28) | POAM-PS-002 | Completion \
              Date: 2027-01-15",
    fix: "Bring the completion date inside the deadline (more resources, a smaller first \
          step), or accept that Conditional status will expire and plan a new assessment.",
    source: "32 CFR 170.21(b)",
};

pub const RULES: &[&RuleInfo] = &[
    &DATE_INVALID,
    &DATE_AMBIGUOUS,
    &START_MISSING,
    &COMPLETION_MISSING,
    &DATES_OUT_OF_ORDER,
    &MILESTONES_MISSING,
    &MILESTONE_UNDATED,
    &SAME_TARGET_DATE,
    &OVERDUE,
    &MILESTONE_OVERDUE,
    &CLOSEOUT_WINDOW,
];

/// Every date rule of one item.
pub fn check_item(ctx: &ItemContext, item: &Item, out: &mut Findings) {
    let poam = ctx.poam;
    check_readable_dates(poam, item, out);
    check_order(poam, item, out);
    if item.is_open() {
        check_missing_dates(poam, item, out);
        check_milestones_present(ctx, item, out);
        check_undated_milestones(poam, item, out);
        check_overdue(ctx, item, out);
        check_overdue_milestones(ctx, item, out);
        check_closeout(ctx, item, out);
    }
}

/// `same-target-date`, across the open items.
pub fn check_whole(ctx: &Context, items: &[ItemSummary], out: &mut Findings) {
    check_same_target_date(ctx, items, out);
}

/// `YYYY-MM-DD` for messages.
fn ymd(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// "1 day", "57 days".
fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_owned()
    } else {
        format!("{n} days")
    }
}

/// The date of a cell that could be read (ambiguous ones included).
fn readable(value: &Option<DateValue>) -> Option<NaiveDate> {
    value.as_ref().and_then(DateValue::date)
}

/// Where a milestone finding points: the milestone-date cell on the milestone's own row
/// when the sheet keeps milestone dates in their own column (eMASS), else its milestones cell.
fn milestone_location(poam: &Poam, milestone: &Milestone, field: Field) -> Location {
    if field == Field::Milestones && poam.columns.has(Field::MilestoneDate) {
        return poam.location(milestone.row, Field::MilestoneDate);
    }
    poam.location(milestone.row, field)
}

/// How a milestone is named in a message: its text, else its number.
fn milestone_name(milestone: &Milestone) -> String {
    let text = milestone.text.trim();
    match (text.is_empty(), milestone.number) {
        (false, _) => format!("milestone \"{text}\""),
        (true, Some(n)) => format!("milestone ({n:02})"),
        (true, None) => "a milestone".to_owned(),
    }
}

/// Done on its own line, or by a `Complete` milestone change with the same number
/// (FedRAMP: `(01) Complete 2026-02-01: …` marks milestone 01 done).
fn milestone_is_done(item: &Item, milestone: &Milestone) -> bool {
    milestone.done
        || milestone.number.is_some_and(|n| {
            item.milestone_changes
                .iter()
                .any(|change| change.done && change.number == Some(n))
        })
}

// ── date-invalid, date-ambiguous ────────────────────────────────────────────────────────

fn check_readable_dates(poam: &Poam, item: &Item, out: &mut Findings) {
    let item_dates = [
        (Field::Start, &item.start),
        (Field::Completion, &item.completion),
        (Field::StatusDate, &item.status_date),
        (Field::ClosedDate, &item.closed_date),
    ];
    for (field, value) in item_dates {
        if let Some(value) = value {
            let what = || format!("its {}", field.label());
            report_unreadable(item, what, value, || poam.item_location(item, field), out);
        }
    }
    let milestone_lists = [
        (Field::Milestones, &item.milestones),
        (Field::MilestoneChanges, &item.milestone_changes),
    ];
    for (field, list) in milestone_lists {
        for milestone in list {
            if let Some(value) = &milestone.date {
                let what = || format!("the date of {}", milestone_name(milestone));
                let location = || milestone_location(poam, milestone, field);
                report_unreadable(item, what, value, location, out);
            }
        }
    }
}

/// `date-invalid` or `date-ambiguous` for a date that is not plainly readable. What is
/// named and where are worked out only then: nearly every date is fine.
fn report_unreadable(
    item: &Item,
    what: impl FnOnce() -> String,
    value: &DateValue,
    location: impl FnOnce() -> Location,
    out: &mut Findings,
) {
    match value {
        DateValue::Date(_) => {}
        DateValue::Invalid(raw) => out.push(
            &DATE_INVALID,
            item.id.as_deref(),
            location(),
            format!(
                "{}: {} \"{raw}\" is not a date: write it as YYYY-MM-DD, or leave the \
                 cell blank while there is no date",
                item.label(),
                what()
            ),
        ),
        DateValue::Ambiguous { date, raw } => out.push(
            &DATE_AMBIGUOUS,
            item.id.as_deref(),
            location(),
            format!(
                "{}: {} \"{raw}\" is only valid day-first and was read as {}: \
                 write it as YYYY-MM-DD so nobody has to guess",
                item.label(),
                what(),
                ymd(*date)
            ),
        ),
    }
}

// ── dates-out-of-order ──────────────────────────────────────────────────────────────────

fn check_order(poam: &Poam, item: &Item, out: &mut Findings) {
    let start = readable(&item.start);
    let completion = readable(&item.completion);
    if let (Some(s), Some(c)) = (start, completion) {
        if c < s {
            out.push(
                &DATES_OUT_OF_ORDER,
                item.id.as_deref(),
                poam.item_location(item, Field::Completion),
                format!(
                    "{}: completion date {} is before start date {}: correct the date \
                     that is wrong",
                    item.label(),
                    ymd(c),
                    ymd(s)
                ),
            );
        }
    }
    if start.is_none() && completion.is_none() {
        return;
    }
    for milestone in &item.milestones {
        let Some(date) = readable(&milestone.date) else {
            continue;
        };
        let problem = match (start, completion) {
            (Some(s), _) if date < s => Some(format!("before the start date {}", ymd(s))),
            (_, Some(c)) if date > c => Some(format!("after the completion date {}", ymd(c))),
            _ => None,
        };
        if let Some(problem) = problem {
            out.push(
                &DATES_OUT_OF_ORDER,
                item.id.as_deref(),
                milestone_location(poam, milestone, Field::Milestones),
                format!(
                    "{}: {} is dated {}, {problem}: move the milestone inside the plan, \
                     or correct the item's dates",
                    item.label(),
                    milestone_name(milestone),
                    ymd(date)
                ),
            );
        }
    }
}

// ── start-missing, completion-missing ───────────────────────────────────────────────────

fn check_missing_dates(poam: &Poam, item: &Item, out: &mut Findings) {
    if item.start.is_none() && poam.columns.has(Field::Start) {
        out.push(
            &START_MISSING,
            item.id.as_deref(),
            poam.item_location(item, Field::Start),
            format!(
                "{} has no start date: enter the date the weakness was identified",
                item.label()
            ),
        );
    }
    // Fires even without a completion column: an open item with no "when" is an error,
    // while `missing-column` only warns about the column.
    if item.completion.is_none() {
        out.push(
            &COMPLETION_MISSING,
            item.id.as_deref(),
            poam.item_location(item, Field::Completion),
            format!(
                "{} is open but has no completion date: plan the date it will be closed",
                item.label()
            ),
        );
    }
}

// ── milestones-missing, milestone-undated ───────────────────────────────────────────────

fn check_milestones_present(ctx: &ItemContext, item: &Item, out: &mut Findings) {
    let poam = ctx.poam;
    let has_column = poam.columns.has(Field::Milestones) || poam.columns.has(Field::MilestoneDate);
    if !has_column || !item.milestones.is_empty() {
        return;
    }
    let Some(completion) = readable(&item.completion) else {
        return;
    };
    let from = readable(&item.start).unwrap_or(ctx.as_of);
    let span = (completion - from).num_days();
    if span > ctx.settings.milestone_span_days {
        out.push(
            &MILESTONES_MISSING,
            item.id.as_deref(),
            poam.item_location(item, Field::Milestones),
            format!(
                "{} runs {} (to {}) with no milestone: add dated intermediate \
                 steps that show progress",
                item.label(),
                days(span),
                ymd(completion)
            ),
        );
    }
}

fn check_undated_milestones(poam: &Poam, item: &Item, out: &mut Findings) {
    for milestone in item.milestones.iter().filter(|m| m.date.is_none()) {
        out.push(
            &MILESTONE_UNDATED,
            item.id.as_deref(),
            milestone_location(poam, milestone, Field::Milestones),
            format!(
                "{}: {} has no date: give it one (YYYY-MM-DD: text)",
                item.label(),
                milestone_name(milestone)
            ),
        );
    }
}

// ── overdue, milestone-overdue ──────────────────────────────────────────────────────────

fn check_overdue(ctx: &ItemContext, item: &Item, out: &mut Findings) {
    let Some(completion) = readable(&item.completion) else {
        return;
    };
    if completion < ctx.as_of {
        out.push(
            &OVERDUE,
            item.id.as_deref(),
            ctx.at(item, Field::Completion),
            format!(
                "{} was due {} ({} before {}) and is still open: close it with \
                 evidence, or set a new date and record why in the milestone changes",
                item.label(),
                ymd(completion),
                days((ctx.as_of - completion).num_days()),
                ymd(ctx.as_of)
            ),
        );
    }
}

fn check_overdue_milestones(ctx: &ItemContext, item: &Item, out: &mut Findings) {
    for milestone in &item.milestones {
        let Some(date) = readable(&milestone.date) else {
            continue;
        };
        if date < ctx.as_of && !milestone_is_done(item, milestone) {
            out.push(
                &MILESTONE_OVERDUE,
                item.id.as_deref(),
                milestone_location(ctx.poam, milestone, Field::Milestones),
                format!(
                    "{}: {} was due {} and is not marked done: mark it done ([x]) or record \
                     its new date in the milestone changes",
                    item.label(),
                    milestone_name(milestone),
                    ymd(date)
                ),
            );
        }
    }
}

// ── closeout-window ─────────────────────────────────────────────────────────────────────

fn check_closeout(ctx: &ItemContext, item: &Item, out: &mut Findings) {
    // The engine computes the deadline once: Conditional date + 180 days (32 CFR 170.21(b)).
    let (Some(conditional), Some(deadline)) = (ctx.conditional_date, ctx.closeout_deadline) else {
        return;
    };
    let message = if ctx.as_of > deadline {
        format!(
            "{} is still open but the closeout deadline {} (Conditional date {} + \
             {CLOSEOUT_DAYS} days) has passed: the Conditional status has expired; close the \
             item and plan a new assessment",
            item.label(),
            ymd(deadline),
            ymd(conditional)
        )
    } else {
        match readable(&item.completion) {
            Some(completion) if completion > deadline => format!(
                "{} completes {} after the closeout deadline {} (Conditional date {} + \
                 {CLOSEOUT_DAYS} days): bring the completion date forward to {} or earlier",
                item.label(),
                ymd(completion),
                ymd(deadline),
                ymd(conditional),
                ymd(deadline)
            ),
            _ => return,
        }
    };
    out.push(
        &CLOSEOUT_WINDOW,
        item.id.as_deref(),
        ctx.at(item, Field::Completion),
        message,
    );
}

// ── same-target-date ────────────────────────────────────────────────────────────────────

fn check_same_target_date(ctx: &Context, items: &[ItemSummary], out: &mut Findings) {
    let open = items.iter().filter(|i| i.is_open()).count();
    if open < ctx.settings.same_target_min_items {
        return;
    }
    let Some((date, count)) = most_common_date(items.iter().filter(|i| i.is_open())) else {
        return;
    };
    let share = count as f64 / open as f64;
    if count >= 2 && share >= ctx.settings.same_target_share {
        out.push(
            &SAME_TARGET_DATE,
            None,
            ctx.poam.sheet_location(),
            format!(
                "{count} of {open} open items ({:.0} %) share the completion date {}: give \
                 each item the date its own plan supports",
                share * 100.0,
                ymd(date)
            ),
        );
    }
}

/// The completion date most items share, and how many do; on a tie, the earliest.
/// Dates are counted in a table indexed by day (100,000 items take well under a
/// millisecond, where a map of dates took several); a span of dates too wide for a table
/// (a typo such as year 9999) falls back to a map, with the same answer.
fn most_common_date<'a>(
    items: impl Iterator<Item = &'a ItemSummary> + Clone,
) -> Option<(NaiveDate, usize)> {
    /// Days the table may span: 100 years of dates.
    const MAX_SPAN: i64 = 36_600;
    let days = items
        .filter_map(|i| i.completion)
        .map(|d| i64::from(d.num_days_from_ce()));
    let first = days.clone().min()?;
    let last = days.clone().max()?;
    if last - first >= MAX_SPAN {
        let mut per_day: BTreeMap<i64, usize> = BTreeMap::new();
        for day in days {
            *per_day.entry(day).or_default() += 1;
        }
        // `max_by_key` keeps the last maximum: walk in reverse for the earliest.
        let (day, count) = per_day.into_iter().rev().max_by_key(|(_, c)| *c)?;
        return Some((day_to_date(day)?, count));
    }
    let mut per_day = vec![0usize; usize::try_from(last - first + 1).ok()?];
    for day in days {
        if let Some(slot) = usize::try_from(day - first)
            .ok()
            .and_then(|i| per_day.get_mut(i))
        {
            *slot += 1;
        }
    }
    // The earliest of the most common: only a strictly higher count replaces it.
    let mut best: Option<(usize, usize)> = None;
    for (offset, &count) in per_day.iter().enumerate() {
        if count > 0 && best.is_none_or(|(_, c)| count > c) {
            best = Some((offset, count));
        }
    }
    let (offset, count) = best?;
    Some((day_to_date(first + i64::try_from(offset).ok()?)?, count))
}

/// The date `day` days from the common era (as `Datelike::num_days_from_ce` counts).
fn day_to_date(day: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(day).ok()?)
}

/// Builders shared by the unit tests of the rule files (dates, status, evidence).
#[cfg(test)]
pub(crate) mod test_support {
    use crate::engine::{assess, Assessment, EngineOptions};
    use crate::model::item::ItemSummary;
    use crate::model::{DateValue, Field, Item, Milestone, Poam};
    use crate::rules::{Context, Finding, Findings, ItemContext};
    use chrono::NaiveDate;

    /// One group's rules alone over a whole POA&M, as `rules::check` runs every group:
    /// each item on its own, then the rules that compare items (`whole`).
    pub fn check_group(
        ctx: &Context,
        out: &mut Findings,
        item: fn(&ItemContext, &Item, &mut Findings),
        whole: fn(&Context, &[ItemSummary], &mut Findings),
    ) {
        let item_ctx = ctx.item_context();
        for i in &ctx.poam.items {
            item(&item_ctx, i, out);
        }
        whole(ctx, &crate::rules::summaries(ctx.poam), out);
    }

    pub fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    pub fn date(s: &str) -> Option<DateValue> {
        Some(DateValue::Date(d(s)))
    }

    /// The columns of the test CSVs: A id, B control, … as listed in `CSV_FIELDS`.
    pub const CSV_FIELDS: [Field; 10] = [
        Field::Id,
        Field::Control,
        Field::Weakness,
        Field::Start,
        Field::Milestones,
        Field::Completion,
        Field::Status,
        Field::StatusDate,
        Field::Evidence,
        Field::Owner,
    ];

    pub fn poam(items: Vec<Item>) -> Poam {
        crate::rules::identity::testkit::poam_with_columns(&CSV_FIELDS, items)
    }

    pub fn item(row: u32, id: &str) -> Item {
        Item {
            row,
            id: Some(id.to_owned()),
            ..Item::default()
        }
    }

    pub fn milestone(row: u32, date: Option<DateValue>, text: &str, done: bool) -> Milestone {
        Milestone {
            row,
            number: None,
            date,
            text: text.to_owned(),
            done,
        }
    }

    /// Run one rule group's check as of 2026-11-26.
    pub fn run(
        poam: &Poam,
        conditional: Option<NaiveDate>,
        check: fn(&Context, &mut Findings),
    ) -> Vec<Finding> {
        let as_of = d("2026-11-26");
        let opts = EngineOptions {
            level: 2,
            as_of,
            conditional_date: conditional,
        };
        let assessment: Assessment = assess(poam, None, &opts);
        let ctx = Context {
            poam,
            assessment: &assessment,
            ssp: None,
            as_of,
            level: 2,
            conditional_date: conditional,
            settings: &crate::rules::Settings::default(),
        };
        let mut out = Findings::default();
        check(&ctx, &mut out);
        out.list
    }

    /// (rule, cell) of each finding, e.g. ("overdue", "F2").
    pub fn cells(findings: &[Finding], rule: &str) -> Vec<String> {
        findings
            .iter()
            .filter(|f| f.rule == rule)
            .map(|f| f.location.cell_name().unwrap_or_else(|| "-".into()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;
    use crate::model::{Status, Vocab};

    fn check(ctx: &Context, out: &mut Findings) {
        check_group(ctx, out, check_item, check_whole);
    }

    fn open(row: u32, id: &str) -> Item {
        Item {
            status: Some(Vocab::Known(Status::Open)),
            ..item(row, id)
        }
    }

    fn closed(row: u32, id: &str) -> Item {
        Item {
            status: Some(Vocab::Known(Status::Closed)),
            ..item(row, id)
        }
    }

    #[test]
    fn invalid_dates_are_reported_on_open_and_closed_items() {
        let mut a = open(2, "A");
        a.completion = Some(DateValue::Invalid("end of Q3".into()));
        let mut b = closed(3, "B");
        b.status_date = Some(DateValue::Invalid("last week".into()));
        b.milestones = vec![milestone(
            4,
            Some(DateValue::Invalid("soon".into())),
            "x",
            true,
        )];
        let f = run(&poam(vec![a, b]), None, check);
        assert_eq!(cells(&f, "date-invalid"), ["F2", "H3", "E4"]);
        let first = f.iter().find(|f| f.rule == "date-invalid");
        assert!(first.is_some_and(|f| f.message.contains("\"end of Q3\" is not a date")));
    }

    #[test]
    fn ambiguous_date_names_the_reading() {
        let mut a = closed(2, "A");
        a.start = Some(DateValue::Ambiguous {
            date: d("2026-03-25"),
            raw: "25/03/2026".into(),
        });
        let f = run(&poam(vec![a]), None, check);
        assert_eq!(cells(&f, "date-ambiguous"), ["D2"]);
        assert!(f[0].message.contains("read as 2026-03-25"));
        assert_eq!(f.len(), 1);
    }

    #[test]
    fn missing_start_and_completion_only_on_open_items() {
        let a = open(2, "A");
        let b = closed(3, "B");
        let f = run(&poam(vec![a, b]), None, check);
        assert_eq!(cells(&f, "start-missing"), ["D2"]);
        assert_eq!(cells(&f, "completion-missing"), ["F2"]);
    }

    #[test]
    fn start_missing_is_silent_without_a_start_column() {
        let mut p = poam(vec![open(2, "A")]);
        p.columns.fields.retain(|(f, _, _)| *f != Field::Start);
        let f = run(&p, None, check);
        assert!(cells(&f, "start-missing").is_empty());
        assert_eq!(cells(&f, "completion-missing"), ["F2"]);
    }

    #[test]
    fn out_of_order_dates_and_milestones() {
        let mut a = closed(2, "A");
        a.start = date("2026-06-01");
        a.completion = date("2026-05-01");
        let mut b = closed(3, "B");
        b.start = date("2026-06-01");
        b.completion = date("2026-09-01");
        b.milestones = vec![
            milestone(3, date("2026-05-01"), "early", true),
            milestone(3, date("2026-07-01"), "fine", true),
            milestone(3, date("2026-10-01"), "late", true),
        ];
        let f = run(&poam(vec![a, b]), None, check);
        assert_eq!(cells(&f, "dates-out-of-order"), ["F2", "E3", "E3"]);
        assert!(f[1].message.contains("before the start date 2026-06-01"));
        assert!(f[2]
            .message
            .contains("after the completion date 2026-09-01"));
    }

    #[test]
    fn milestones_missing_on_a_long_open_item() {
        let mut long = open(2, "LONG");
        long.start = date("2026-11-01");
        long.completion = date("2026-12-02"); // 31 days
        let mut short = open(3, "SHORT");
        short.start = date("2026-11-01");
        short.completion = date("2026-12-01"); // 30 days: not more than 30
        let mut no_start = open(4, "NOSTART");
        no_start.completion = date("2026-12-27"); // 31 days from as-of
        let f = run(&poam(vec![long, short, no_start]), None, check);
        assert_eq!(cells(&f, "milestones-missing"), ["E2", "E4"]);
    }

    #[test]
    fn undated_milestone_points_at_its_own_row() {
        let mut a = open(2, "A");
        a.milestones = vec![milestone(3, None, "buy tool", false)];
        let f = run(&poam(vec![a]), None, check);
        assert_eq!(cells(&f, "milestone-undated"), ["E3"]);
        assert!(f.iter().any(|f| f.message
            == "A: milestone \"buy tool\" has no date: give it one (YYYY-MM-DD: text)"));
    }

    #[test]
    fn overdue_item_and_milestone() {
        let mut a = open(2, "A");
        a.start = date("2026-01-01");
        a.completion = date("2026-11-25");
        a.milestones = vec![
            milestone(2, date("2026-10-01"), "late", false),
            milestone(2, date("2026-10-02"), "done", true),
            milestone(2, date("2026-11-26"), "today", false),
        ];
        let mut b = closed(3, "B");
        b.completion = date("2026-01-01");
        let f = run(&poam(vec![a, b]), None, check);
        assert_eq!(cells(&f, "overdue"), ["F2"]);
        assert_eq!(cells(&f, "milestone-overdue"), ["E2"]);
        assert!(f.iter().any(|f| f
            .message
            .starts_with("A was due 2026-11-25 (1 day before 2026-11-26)")));
    }

    #[test]
    fn milestone_done_through_a_milestone_change() {
        let mut a = open(2, "A");
        a.completion = date("2026-12-20");
        let mut m = milestone(2, date("2026-10-01"), "patch", false);
        m.number = Some(1);
        let mut change = milestone(2, date("2026-10-01"), "patched", true);
        change.number = Some(1);
        a.milestones = vec![m];
        a.milestone_changes = vec![change];
        let f = run(&poam(vec![a]), None, check);
        assert!(cells(&f, "milestone-overdue").is_empty());
    }

    #[test]
    fn closeout_window_after_deadline_or_passed() {
        // Conditional 2026-06-01 + 180 days = 2026-11-28.
        let mut late = open(2, "LATE");
        late.completion = date("2026-11-29");
        let mut on_time = open(3, "ONTIME");
        on_time.completion = date("2026-11-28");
        let mut done = closed(4, "DONE");
        done.completion = date("2027-01-01");
        let p = poam(vec![late, on_time, done]);
        let f = run(&p, Some(d("2026-06-01")), check);
        assert_eq!(cells(&f, "closeout-window"), ["F2"]);
        assert!(f.iter().any(|f| f.message.contains("deadline 2026-11-28")));
        // Deadline 2026-11-25 has passed as of 2026-11-26: every open item.
        let f = run(&p, Some(d("2026-05-29")), check);
        assert_eq!(cells(&f, "closeout-window"), ["F2", "F3"]);
        // No conditional date: silent.
        assert!(cells(&run(&p, None, check), "closeout-window").is_empty());
    }

    /// Open items' summaries with these completion dates (`None`: no date).
    fn summaries_due(dates: &[Option<&str>]) -> Vec<ItemSummary> {
        dates
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let mut it = open(i as u32 + 2, &format!("I{i}"));
                it.completion = (*s).and_then(date);
                ItemSummary::of(&it)
            })
            .collect()
    }

    #[test]
    fn most_common_date_counts_and_takes_the_earliest_on_a_tie() {
        let items = summaries_due(&[
            Some("2027-01-31"),
            Some("2026-12-31"),
            None,
            Some("2027-01-31"),
            Some("2026-12-31"),
            Some("2026-06-01"),
        ]);
        assert_eq!(most_common_date(items.iter()), Some((d("2026-12-31"), 2)));
        let items = summaries_due(&[Some("2026-06-01"), Some("2027-01-31"), Some("2027-01-31")]);
        assert_eq!(most_common_date(items.iter()), Some((d("2027-01-31"), 2)));
        assert_eq!(most_common_date(summaries_due(&[None]).iter()), None);
    }

    #[test]
    fn most_common_date_over_a_span_too_wide_for_the_table_gives_the_same_answer() {
        // 9999 is more than a century after 2026: counted in a map, not the day table.
        let items = summaries_due(&[
            Some("9999-12-31"),
            Some("2026-12-31"),
            Some("9999-12-31"),
            Some("2026-12-31"),
            Some("2026-01-01"),
        ]);
        assert_eq!(most_common_date(items.iter()), Some((d("2026-12-31"), 2)));
    }

    /// (rule, cell, message) of each finding, in order.
    fn listed(findings: &[crate::rules::Finding]) -> Vec<(&str, String, &str)> {
        findings
            .iter()
            .map(|f| {
                let cell = f.location.cell_name().unwrap_or_else(|| "-".into());
                (f.rule, cell, f.message.as_str())
            })
            .collect()
    }

    #[test]
    fn whole_checks_on_a_second_thread_give_the_findings_of_running_them_in_turn() {
        // 12,000 open items (enough for `rules::check_whole` to use a thread): ids in
        // pairs, one owner, one completion date.
        let items = (0..12_000u32)
            .map(|i| {
                let mut it = open(i + 2, &format!("P-{}", i / 2));
                it.owner = Some("J. Ortiz".into());
                it.completion = date("2026-12-31");
                it
            })
            .collect();
        let p = poam(items);
        let threaded = run(&p, None, |ctx, out| {
            crate::rules::check_whole(ctx, &crate::rules::summaries(ctx.poam), out);
        });
        let in_turn = run(&p, None, |ctx, out| {
            let summaries = crate::rules::summaries(ctx.poam);
            crate::rules::identity::check_whole(ctx, &summaries, out);
            crate::rules::eligibility::check_whole(ctx, out);
            crate::rules::completeness::check_whole(ctx, &summaries, out);
            check_whole(ctx, &summaries, out);
        });
        assert_eq!(cells(&threaded, "id-duplicate").len(), 12_000);
        assert_eq!(cells(&threaded, "owner-overloaded"), ["-"]);
        assert_eq!(cells(&threaded, "same-target-date"), ["-"]);
        assert_eq!(listed(&threaded), listed(&in_turn));
    }

    #[test]
    fn same_target_date_needs_share_and_count() {
        let make = |dates: &[&str]| {
            let items = dates
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let mut it = open(i as u32 + 2, &format!("I{i}"));
                    it.completion = date(s);
                    it
                })
                .collect();
            poam(items)
        };
        let x = "2026-12-31";
        let y = "2027-01-31";
        let f = run(&make(&[x, x, x, x, y]), None, check);
        assert_eq!(cells(&f, "same-target-date"), ["-"]);
        let finding = f.iter().find(|f| f.rule == "same-target-date");
        assert!(finding
            .is_some_and(|f| f.message.starts_with("4 of 5 open items (80 %) share")
                && f.location.row.is_none()));
        assert!(cells(
            &run(&make(&[x, x, x, y, y]), None, check),
            "same-target-date"
        )
        .is_empty());
        assert!(cells(&run(&make(&[x, x, x, x]), None, check), "same-target-date").is_empty());
    }

    #[test]
    fn emass_milestone_points_at_the_milestone_date_column() {
        let mut p = poam(Vec::new());
        p.columns
            .fields
            .push((Field::MilestoneDate, 12, "Milestone Date".into()));
        let mut a = open(2, "A");
        a.milestones = vec![milestone(4, None, "x", false)];
        p.items.push(a);
        let f = run(&p, None, check);
        assert_eq!(cells(&f, "milestone-undated"), ["M4"]);
    }
}
