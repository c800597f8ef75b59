//! The content of `poam report`, `poam owners`, `poam score` and `poam triage`, computed
//! once from a finished validation and rendered by each format (`output::report_*`, the
//! commands' text). Nothing here reads files or prints: data flows one way.
//!
//! Dates are "today" = `as_of` (`--as-of`), so the same inputs always give the same content.

pub mod tables;

use crate::engine::{Assessment, Basis, NotMet, NotMetWhy};
use crate::history::{Changes, FieldChange};
use crate::model::{Field, Item, Milestone, Poam, RequirementRef, Severity, Status, Vocab};
use crate::report::ValidationReport;
use crate::rules::{Finding, Level};
use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// The JSON schema name of `poam report --format json`.
pub const SCHEMA: &str = "poam/report/1";

/// "Due soon" and "closed this period" look this many days ahead and back: a monthly
/// review covers the month until the next one.
pub const WINDOW_DAYS: i64 = 30;

/// A month range wider than this (a typo such as 2099) is shown only by the months that
/// hold items, so the chart stays readable.
const MAX_CONTIGUOUS_MONTHS: usize = 24;

/// The 14 requirement families of NIST SP 800-171 Rev 2 with their CMMC domain codes
/// (domain-facts.md §1.1: S1, cross-checked in S6 and S7), in catalog order.
pub const FAMILIES: [(&str, &str); 14] = [
    ("AC", "Access Control"),
    ("AT", "Awareness and Training"),
    ("AU", "Audit and Accountability"),
    ("CM", "Configuration Management"),
    ("IA", "Identification and Authentication"),
    ("IR", "Incident Response"),
    ("MA", "Maintenance"),
    ("MP", "Media Protection"),
    ("PS", "Personnel Security"),
    ("PE", "Physical Protection"),
    ("RA", "Risk Assessment"),
    ("CA", "Security Assessment"),
    ("SC", "System and Communications Protection"),
    ("SI", "System and Information Integrity"),
];

/// The family's name for a CMMC domain code ("AC" → "Access Control").
pub fn family_name(code: &str) -> &'static str {
    FAMILIES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| *n)
        .unwrap_or("Unknown family")
}

fn family_rank(code: &str) -> usize {
    FAMILIES
        .iter()
        .position(|(c, _)| *c == code)
        .unwrap_or(FAMILIES.len())
}

// ---------------------------------------------------------------------------------------
// The monthly report
// ---------------------------------------------------------------------------------------

/// Everything the monthly report says, in the order it says it.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub schema: &'static str,
    pub file: String,
    pub sheet: Option<String>,
    pub ssp_file: Option<String>,
    pub previous_file: Option<String>,
    pub as_of: NaiveDate,
    pub level: u8,
    pub headline: Headline,
    pub by_status: Vec<Count>,
    pub by_severity: Vec<Count>,
    pub by_family: Vec<FamilyCount>,
    /// Open items per owner, busiest first.
    pub owners: Vec<OwnerLoad>,
    pub overdue: Vec<ItemLine>,
    /// Open items due within `WINDOW_DAYS` of `as_of` (today included).
    pub due_soon: Vec<ItemLine>,
    pub milestones_overdue: Vec<MilestoneLine>,
    pub milestones_due: Vec<MilestoneLine>,
    /// Open items by completion month: the plan for getting to 110.
    pub open_by_month: Vec<MonthLoad>,
    /// Open items without a completion date (not in `open_by_month`).
    pub open_undated: usize,
    pub closed: ClosedSection,
    /// Since `--previous`.
    pub changes: Option<ChangeSummary>,
    /// Validation findings, grouped by rule: errors first.
    pub findings: Vec<RuleGroup>,
    /// What the reader and the engine want the reader to know (assumptions, reading notes).
    pub notes: Vec<String>,
    /// Every item in file order (the XLSX Items sheet, the JSON).
    pub items: Vec<ItemLine>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Headline {
    /// None when no score can be given (3.12.4 NOT MET).
    pub score: Option<i32>,
    pub max: i32,
    pub threshold: i32,
    /// "ssp" or "poam".
    pub basis: &'static str,
    pub not_met: Vec<String>,
    /// One line: "Conditional Level 2: not reachable".
    pub verdict: String,
    pub conditional_reachable: bool,
    pub is_final: bool,
    pub reasons: Vec<String>,
    pub conditional_date: Option<NaiveDate>,
    pub closeout_deadline: Option<NaiveDate>,
    /// Days from `as_of` to the closeout deadline (negative once it has passed).
    pub days_to_closeout: Option<i64>,
    /// The SPRS "Plan of Action Completion Date": the date a score of 110 is expected, the
    /// latest completion date of the open items (DoD Assessment Methodology Annex B;
    /// domain-facts.md §2.11).
    pub full_score_expected: Option<NaiveDate>,
    /// Why that date may not hold (open items without a date, NOT MET without an item).
    pub full_score_caveats: Vec<String>,
    pub items_total: usize,
    pub items_open: usize,
    pub items_closed: usize,
    pub items_overdue: usize,
    pub errors: usize,
    pub warnings: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Count {
    pub label: String,
    pub open: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FamilyCount {
    /// CMMC domain code ("AC"), or "—" for items that name no known requirement.
    pub code: String,
    pub name: String,
    pub open: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OwnerLoad {
    pub owner: String,
    /// Open items this person owns.
    pub open: usize,
    pub overdue: usize,
    pub due_soon: usize,
    /// Open items this person supports.
    pub supporting: usize,
    /// Ids of the open items owned, by due date.
    pub items: Vec<String>,
    /// Ids of the open items this person supports, by due date.
    pub supporting_items: Vec<String>,
}

impl OwnerLoad {
    /// The items cell of an owner table: owned items, then supported ones marked
    /// "(supporting)", so a person who only supports items is not shown with none.
    pub fn items_text(&self) -> String {
        let owned = self.items.iter().cloned();
        let supported = self
            .supporting_items
            .iter()
            .map(|id| format!("{id} (supporting)"));
        owned.chain(supported).collect::<Vec<_>>().join(", ")
    }
}

/// One item as the report shows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ItemLine {
    pub id: String,
    pub row: u32,
    /// "3.8.9 Protect Backups", or the start of the weakness when no requirement is known.
    pub title: String,
    pub requirements: Vec<String>,
    pub weakness: String,
    pub severity: Option<String>,
    pub owner: Option<String>,
    pub supporting_owner: Option<String>,
    pub status: String,
    pub open: bool,
    pub completion: Option<NaiveDate>,
    /// Days past the completion date (open items only; 0 or more means overdue).
    pub days_overdue: Option<i64>,
    pub next_milestone: Option<MilestoneRef>,
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MilestoneRef {
    pub date: Option<NaiveDate>,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MilestoneLine {
    pub item: String,
    pub owner: Option<String>,
    pub date: NaiveDate,
    pub text: String,
    /// Days from `as_of` to the milestone (negative: overdue).
    pub days: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MonthLoad {
    /// `2026-12`.
    pub month: String,
    /// Open items whose completion date falls in this month.
    pub due: usize,
    /// Open items left after this month if each closes on its completion date.
    pub open_after: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ClosedSection {
    /// What "this period" means: "since examples/old.xlsx" or "in the 30 days to 2026-11-26".
    pub period: String,
    pub items: Vec<ClosedItem>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ClosedItem {
    pub id: String,
    pub title: String,
    pub owner: Option<String>,
    /// Empty when the item names no evidence (rule `closed-without-evidence`).
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ItemRef {
    pub id: String,
    pub title: String,
    pub owner: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SlipLine {
    pub id: String,
    pub title: String,
    pub before: NaiveDate,
    pub after: NaiveDate,
    pub days: i64,
    /// A milestone change records why.
    pub explained: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ChangeSummary {
    pub previous_file: String,
    pub new_items: Vec<ItemRef>,
    pub closed: Vec<ClosedItem>,
    pub reopened: Vec<ItemRef>,
    pub removed: Vec<ItemRef>,
    /// Gone after having been closed (archived, or moved to a closed-items sheet).
    pub removed_closed: Vec<ItemRef>,
    pub slipped: Vec<SlipLine>,
    /// How many field changes the lists above do not already show (see
    /// `other_field_changes`).
    pub other_changes: usize,
    /// The field changes not already shown as closed, reopened or slipped: an owner, a
    /// severity, milestones, a start date … A closure's or a reopening's status, status
    /// date and (closure) evidence, and a slip's completion date, are left out.
    pub other_field_changes: Vec<FieldChangeLine>,
}

/// One field of one item that changed (`--previous`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FieldChangeLine {
    pub id: String,
    /// "owner", "milestones", "start date" … (`Field::label`).
    pub field: String,
    /// Empty when the cell was blank.
    pub before: String,
    /// Empty when the cell is blank.
    pub after: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RuleGroup {
    pub rule: &'static str,
    pub level: Level,
    pub count: usize,
    pub findings: Vec<FindingLine>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FindingLine {
    pub item: Option<String>,
    /// `POA&M!J15`, `line 29 column J`, or empty for the whole file.
    pub place: String,
    pub message: String,
}

/// The previous period's POA&M and what changed since (`--previous`).
pub struct Previous<'a> {
    pub file: &'a str,
    pub poam: &'a Poam,
    pub changes: &'a Changes,
}

/// Build the monthly report's content.
pub fn summarize(r: &ValidationReport, previous: Option<&Previous>) -> Summary {
    let as_of = r.as_of;
    let items: Vec<ItemLine> = r.poam.items.iter().map(|i| item_line(i, as_of)).collect();
    let open: Vec<&ItemLine> = items.iter().filter(|i| i.open).collect();
    let overdue: Vec<ItemLine> = by_due_date(open.iter().filter(|i| is_overdue(i)));
    let soon_end = as_of + Duration::days(WINDOW_DAYS);
    let due_soon = by_due_date(
        open.iter()
            .filter(|i| i.completion.is_some_and(|d| d >= as_of && d <= soon_end)),
    );
    let (milestones_overdue, milestones_due) = milestones(&r.poam, as_of);
    let (open_by_month, open_undated) = open_by_month(&open);
    Summary {
        schema: SCHEMA,
        file: r.poam.file.clone(),
        sheet: r.poam.sheet.clone(),
        ssp_file: r.ssp_file.clone(),
        previous_file: previous.map(|p| p.file.to_owned()),
        as_of,
        level: r.assessment.level,
        headline: headline(r, &open, overdue.len()),
        by_status: by_status(&r.poam.items),
        by_severity: by_severity(&r.poam.items),
        by_family: by_family(&r.poam.items),
        owners: owner_loads(&r.poam, as_of),
        overdue,
        due_soon,
        milestones_overdue,
        milestones_due,
        open_by_month,
        open_undated,
        closed: closed_section(&r.poam, as_of, previous),
        changes: previous.map(|p| change_summary(p, &r.poam)),
        findings: group_findings(&r.findings),
        notes: r
            .assessment
            .assumptions
            .iter()
            .chain(&r.poam.notes)
            .cloned()
            .chain(previous.into_iter().flat_map(|p| {
                p.changes
                    .notes
                    .iter()
                    .map(move |n| format!("compared with {}: {n}", p.file))
            }))
            .collect(),
        items,
    }
}

fn headline(r: &ValidationReport, open: &[&ItemLine], overdue: usize) -> Headline {
    let a = &r.assessment;
    let mut caveats = Vec::new();
    let undated: Vec<&str> = open
        .iter()
        .filter(|i| i.completion.is_none())
        .map(|i| i.id.as_str())
        .collect();
    if !undated.is_empty() {
        caveats.push(format!(
            "{} open item{} no completion date: {}",
            undated.len(),
            if undated.len() == 1 { " has" } else { "s have" },
            undated.join(", ")
        ));
    }
    let missing: Vec<&str> = a
        .not_met
        .iter()
        .filter(|n| !n.on_poam)
        .map(|n| n.requirement.id.as_str())
        .collect();
    if !missing.is_empty() {
        caveats.push(format!(
            "NOT MET with no open item, so not planned: {}",
            missing.join(", ")
        ));
    }
    Headline {
        score: a.score,
        max: a.max,
        threshold: a.threshold,
        basis: basis_name(a.basis),
        not_met: a.not_met_ids().iter().map(|s| (*s).to_owned()).collect(),
        verdict: a.verdict(),
        conditional_reachable: a.conditional_reachable,
        is_final: a.is_final,
        reasons: a.reasons.clone(),
        conditional_date: conditional_date(r),
        closeout_deadline: a.closeout_deadline,
        days_to_closeout: a
            .closeout_deadline
            .map(|d| d.signed_duration_since(r.as_of).num_days()),
        full_score_expected: open.iter().filter_map(|i| i.completion).max(),
        full_score_caveats: caveats,
        items_total: r.poam.items.len(),
        items_open: r.open_items(),
        items_closed: r.closed_items(),
        items_overdue: overdue,
        errors: r.count(Level::Error),
        warnings: r.count(Level::Warning),
    }
}

/// The Conditional date is not kept on the assessment; it is the deadline less 180 days
/// (32 CFR 170.21(b)).
fn conditional_date(r: &ValidationReport) -> Option<NaiveDate> {
    r.assessment
        .closeout_deadline
        .and_then(|d| d.checked_sub_signed(Duration::days(crate::rules::thresholds::CLOSEOUT_DAYS)))
}

pub fn basis_name(b: Basis) -> &'static str {
    match b {
        Basis::Ssp => "ssp",
        Basis::Poam => "poam",
    }
}

fn is_overdue(i: &ItemLine) -> bool {
    i.days_overdue.is_some_and(|d| d > 0)
}

/// Open items ordered by completion date (undated last), then file order.
fn by_due_date<'a>(items: impl Iterator<Item = &'a &'a ItemLine>) -> Vec<ItemLine> {
    let mut v: Vec<ItemLine> = items.map(|i| (*i).clone()).collect();
    v.sort_by_key(|i| (i.completion.is_none(), i.completion, i.row));
    v
}

/// One item as the report shows it.
pub fn item_line(item: &Item, as_of: NaiveDate) -> ItemLine {
    let completion = item.completion.as_ref().and_then(|d| d.date());
    let open = item.is_open();
    ItemLine {
        id: item.label(),
        row: item.row,
        title: item_title(item),
        requirements: item.requirements.iter().map(requirement_text).collect(),
        weakness: item.weakness.clone().unwrap_or_default(),
        severity: severity_of(item).map(|s| s.to_owned()),
        owner: item.owner.clone(),
        supporting_owner: item.supporting_owner.clone(),
        status: status_text(item),
        open,
        completion,
        days_overdue: completion
            .filter(|_| open)
            .map(|d| as_of.signed_duration_since(d).num_days())
            .filter(|d| *d > 0),
        next_milestone: next_milestone(&item.milestones).map(|m| MilestoneRef {
            date: m.date.as_ref().and_then(|d| d.date()),
            text: m.text.clone(),
        }),
        evidence: item.evidence.clone(),
    }
}

fn requirement_text(r: &RequirementRef) -> String {
    match r {
        RequirementRef::Known(q) => q.id.clone(),
        RequirementRef::Unknown(s) | RequirementRef::Unparsed(s) => s.clone(),
    }
}

/// "3.8.9 Protect Backups" (every requirement named), else the weakness's first 60
/// characters, else the row.
pub fn item_title(item: &Item) -> String {
    let reqs: Vec<String> = item
        .known_requirements()
        .map(|q| format!("{} {}", q.id, q.name))
        .collect();
    if !reqs.is_empty() {
        return reqs.join(", ");
    }
    match item.weakness.as_deref().map(str::trim) {
        Some(w) if !w.is_empty() => shorten(w, 60),
        _ => format!("row {}", item.row),
    }
}

/// The first `max` characters of the first line, with "…" when cut.
pub fn shorten(text: &str, max: usize) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    if line.chars().count() <= max && !text.trim().contains('\n') {
        return line.to_owned();
    }
    let cut: String = line.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

/// The adjusted severity when given (the current risk), else the original one.
fn severity_of(item: &Item) -> Option<&str> {
    let v = item.adjusted_severity.as_ref().or(item.severity.as_ref())?;
    Some(match v {
        Vocab::Known(s) => s.label(),
        Vocab::Unknown(s) => s.as_str(),
    })
}

fn status_text(item: &Item) -> String {
    match &item.status {
        Some(Vocab::Known(s)) => s.label().to_owned(),
        Some(Vocab::Unknown(s)) => s.clone(),
        None => "no status".to_owned(),
    }
}

/// The next milestone not marked done: the earliest dated one, else the first undated one.
pub fn next_milestone(milestones: &[Milestone]) -> Option<&Milestone> {
    let undone = milestones.iter().filter(|m| !m.done);
    let dated = undone
        .clone()
        .filter_map(|m| m.date.as_ref().and_then(|d| d.date()).map(|d| (d, m)))
        .min_by_key(|(d, m)| (*d, m.row));
    match dated {
        Some((_, m)) => Some(m),
        None => undone.into_iter().next(),
    }
}

/// Undone milestones of open items: those past their date, and those due in the window.
fn milestones(poam: &Poam, as_of: NaiveDate) -> (Vec<MilestoneLine>, Vec<MilestoneLine>) {
    let (mut overdue, mut due) = (Vec::new(), Vec::new());
    for item in poam.items.iter().filter(|i| i.is_open()) {
        for m in item.milestones.iter().filter(|m| !m.done) {
            let Some(date) = m.date.as_ref().and_then(|d| d.date()) else {
                continue;
            };
            let days = date.signed_duration_since(as_of).num_days();
            let line = MilestoneLine {
                item: item.label(),
                owner: item.owner.clone(),
                date,
                text: m.text.clone(),
                days,
            };
            if days < 0 {
                overdue.push(line);
            } else if days <= WINDOW_DAYS {
                due.push(line);
            }
        }
    }
    // Stable sorts: same-day milestones keep file order.
    overdue.sort_by_key(|m| m.date);
    due.sort_by_key(|m| m.date);
    (overdue, due)
}

/// Status order for counts: open states first, as a manager reads them.
const STATUS_ORDER: [Status; 6] = [
    Status::Open,
    Status::InProgress,
    Status::Delayed,
    Status::RiskAccepted,
    Status::Closed,
    Status::NotApplicable,
];

fn by_status(items: &[Item]) -> Vec<Count> {
    let mut counts: Vec<Count> = Vec::new();
    for s in STATUS_ORDER {
        let n = items
            .iter()
            .filter(|i| i.status == Some(Vocab::Known(s)))
            .count();
        if n > 0 {
            counts.push(Count {
                label: s.label().to_owned(),
                open: if s.is_open() { n } else { 0 },
                total: n,
            });
        }
    }
    // Words outside the vocabulary and blank statuses are counted as written: an
    // assessor sees them too. Such items count open (`Item::is_open`).
    let mut other: BTreeMap<String, usize> = BTreeMap::new();
    for i in items {
        match &i.status {
            Some(Vocab::Known(_)) => {}
            Some(Vocab::Unknown(w)) => *other.entry(w.clone()).or_default() += 1,
            None => *other.entry("no status".to_owned()).or_default() += 1,
        }
    }
    counts.extend(other.into_iter().map(|(label, n)| Count {
        label,
        open: n,
        total: n,
    }));
    counts
}

fn by_severity(items: &[Item]) -> Vec<Count> {
    let order = [
        Severity::Critical,
        Severity::High,
        Severity::Moderate,
        Severity::Low,
    ];
    let mut counts: Vec<Count> = order
        .iter()
        .map(|s| s.label())
        .map(|label| count_where(items, label, |i| severity_of(i) == Some(label)))
        .collect();
    let known: Vec<&str> = order.iter().map(|s| s.label()).collect();
    let mut other: BTreeMap<String, ()> = BTreeMap::new();
    for i in items {
        if let Some(s) = severity_of(i) {
            if !known.contains(&s) {
                other.insert(s.to_owned(), ());
            }
        }
    }
    for label in other.into_keys() {
        let c = count_where(items, &label, |i| severity_of(i) == Some(label.as_str()));
        counts.push(c);
    }
    counts.push(count_where(items, "not rated", |i| {
        severity_of(i).is_none()
    }));
    counts.retain(|c| c.total > 0);
    counts
}

fn count_where(items: &[Item], label: &str, pred: impl Fn(&Item) -> bool) -> Count {
    let matching: Vec<&Item> = items.iter().filter(|i| pred(i)).collect();
    Count {
        label: label.to_owned(),
        open: matching.iter().filter(|i| i.is_open()).count(),
        total: matching.len(),
    }
}

/// Items per requirement family; an item naming requirements of two families counts in
/// both, once each.
fn by_family(items: &[Item]) -> Vec<FamilyCount> {
    let mut map: BTreeMap<(usize, String), (usize, usize)> = BTreeMap::new();
    for item in items {
        let mut codes: Vec<String> = item
            .known_requirements()
            .map(|r| r.family.clone())
            .collect();
        codes.sort();
        codes.dedup();
        if codes.is_empty() {
            codes.push("—".to_owned());
        }
        for code in codes {
            let e = map.entry((family_rank(&code), code)).or_default();
            e.1 += 1;
            if item.is_open() {
                e.0 += 1;
            }
        }
    }
    map.into_iter()
        .map(|((_, code), (open, total))| FamilyCount {
            name: if code == "—" {
                "no known requirement".to_owned()
            } else {
                family_name(&code).to_owned()
            },
            code,
            open,
            total,
        })
        .collect()
}

/// Open items by completion month, and how many remain open after each month.
fn open_by_month(open: &[&ItemLine]) -> (Vec<MonthLoad>, usize) {
    let dated: Vec<NaiveDate> = open.iter().filter_map(|i| i.completion).collect();
    let undated = open.len() - dated.len();
    let mut due: BTreeMap<(i32, u32), usize> = BTreeMap::new();
    for d in &dated {
        *due.entry((d.year(), d.month())).or_default() += 1;
    }
    let (Some(first), Some(last)) = (due.keys().next().copied(), due.keys().last().copied()) else {
        return (Vec::new(), undated);
    };
    let mut months = Vec::new();
    let mut m = first;
    while m <= last && months.len() <= MAX_CONTIGUOUS_MONTHS {
        months.push(m);
        m = if m.1 == 12 {
            (m.0 + 1, 1)
        } else {
            (m.0, m.1 + 1)
        };
    }
    if months.len() > MAX_CONTIGUOUS_MONTHS {
        months = due.keys().copied().collect();
    }
    let mut remaining = open.len();
    let loads = months
        .into_iter()
        .map(|(y, mo)| {
            let n = due.get(&(y, mo)).copied().unwrap_or(0);
            remaining -= n;
            MonthLoad {
                month: format!("{y:04}-{mo:02}"),
                due: n,
                open_after: remaining,
            }
        })
        .collect();
    (loads, undated)
}

fn closed_item(item: &Item) -> ClosedItem {
    ClosedItem {
        id: item.label(),
        title: item_title(item),
        owner: item.owner.clone(),
        evidence: item.evidence.clone(),
    }
}

fn item_ref(item: &Item) -> ItemRef {
    ItemRef {
        id: item.label(),
        title: item_title(item),
        owner: item.owner.clone(),
    }
}

/// Items closed this period: since `--previous` when given, else those whose closed (or
/// status) date falls in the `WINDOW_DAYS` up to `as_of`.
fn closed_section(poam: &Poam, as_of: NaiveDate, previous: Option<&Previous>) -> ClosedSection {
    if let Some(p) = previous {
        return ClosedSection {
            period: format!("since {}", p.file),
            items: p
                .changes
                .closed
                .iter()
                .filter_map(|id| find_item(poam, id))
                .map(closed_item)
                .collect(),
        };
    }
    let start = as_of - Duration::days(WINDOW_DAYS);
    let items = poam
        .items
        .iter()
        .filter(|i| i.is_closed())
        .filter(|i| {
            let d = i
                .closed_date
                .as_ref()
                .or(i.status_date.as_ref())
                .and_then(|d| d.date());
            d.is_some_and(|d| d > start && d <= as_of)
        })
        .map(closed_item)
        .collect();
    ClosedSection {
        period: format!("in the {WINDOW_DAYS} days to {as_of}"),
        items,
    }
}

fn find_item<'a>(poam: &'a Poam, id: &str) -> Option<&'a Item> {
    poam.items.iter().find(|i| i.id.as_deref() == Some(id))
}

fn change_summary(p: &Previous, new: &Poam) -> ChangeSummary {
    let refs = |ids: &[String], poam: &Poam| -> Vec<ItemRef> {
        ids.iter()
            .map(|id| match find_item(poam, id) {
                Some(i) => item_ref(i),
                None => ItemRef {
                    id: id.clone(),
                    title: String::new(),
                    owner: None,
                },
            })
            .collect()
    };
    let c = p.changes;
    let other = other_field_changes(c);
    ChangeSummary {
        previous_file: p.file.to_owned(),
        new_items: refs(&c.new_items, new),
        closed: c
            .closed
            .iter()
            .map(|id| match find_item(new, id) {
                Some(i) => closed_item(i),
                None => ClosedItem {
                    id: id.clone(),
                    title: String::new(),
                    owner: None,
                    evidence: Vec::new(),
                },
            })
            .collect(),
        reopened: refs(&c.reopened, new),
        removed: refs(&c.removed, p.poam),
        removed_closed: refs(&c.removed_closed, p.poam),
        slipped: c
            .slipped
            .iter()
            .map(|s| SlipLine {
                id: s.id.clone(),
                title: find_item(new, &s.id).map(item_title).unwrap_or_default(),
                before: s.before,
                after: s.after,
                days: s.after.signed_duration_since(s.before).num_days(),
                explained: s.explained,
            })
            .collect(),
        other_changes: other.len(),
        other_field_changes: other,
    }
}

/// The field changes that the closed, reopened and slipped lists do not already show.
fn other_field_changes(c: &Changes) -> Vec<FieldChangeLine> {
    c.changed
        .iter()
        .filter(|f| !shown_elsewhere(c, f))
        .map(|f| FieldChangeLine {
            id: f.id.clone(),
            field: f.field.to_owned(),
            before: f.before.clone(),
            after: f.after.clone(),
        })
        .collect()
}

/// A closure is its status, status date and evidence; a reopening its status and status
/// date; a slip its completion date. Those changes are already in their own lists.
fn shown_elsewhere(c: &Changes, f: &FieldChange) -> bool {
    let is = |field: Field| f.field == field.label();
    let listed = |ids: &[String]| ids.contains(&f.id);
    let status_change = is(Field::Status) || is(Field::StatusDate);
    (listed(&c.closed) && (status_change || is(Field::Evidence)))
        || (listed(&c.reopened) && status_change)
        || (is(Field::Completion) && c.slipped.iter().any(|s| s.id == f.id))
}

/// Findings grouped by rule: errors before warnings, then by rule name.
fn group_findings(findings: &[Finding]) -> Vec<RuleGroup> {
    let mut map: BTreeMap<(std::cmp::Reverse<Level>, &'static str), Vec<FindingLine>> =
        BTreeMap::new();
    for f in findings {
        map.entry((std::cmp::Reverse(f.level), f.rule))
            .or_default()
            .push(FindingLine {
                item: f.item.clone(),
                place: f.location.to_string(),
                message: f.message.clone(),
            });
    }
    map.into_iter()
        .map(|((level, rule), findings)| RuleGroup {
            rule,
            level: level.0,
            count: findings.len(),
            findings,
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Owners
// ---------------------------------------------------------------------------------------

/// One person's open items, for the weekly owner update.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OwnerList {
    /// The owner as first written in the file ("Dana Whitfield, IT Manager").
    pub owner: String,
    pub items: Vec<OwnedItem>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OwnedItem {
    /// "owner" or "supporting".
    pub role: &'static str,
    #[serde(flatten)]
    pub item: ItemLine,
}

/// The person an owner cell names, for grouping: the text before a role (", IT Manager"),
/// an organisation ("(Bluewater …)") or " - ", compared without case.
fn person_key(owner: &str) -> String {
    let cut = owner
        .find([',', '(', ';'])
        .map_or(owner, |i| owner.get(..i).unwrap_or(owner));
    let cut = cut.split(" - ").next().unwrap_or(cut);
    cut.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Names in a supporting-owner cell: one per line or separated by ";".
fn supporting_names(cell: &str) -> Vec<&str> {
    cell.split(['\n', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Label for open items with no owner.
pub const NO_OWNER: &str = "(no owner)";

/// Every owner's open items (owned, then supported), each list ordered by due date;
/// owners in alphabetical order, "(no owner)" last.
pub fn owner_lists(poam: &Poam, as_of: NaiveDate) -> Vec<OwnerList> {
    let mut by_key: BTreeMap<String, OwnerList> = BTreeMap::new();
    let mut add = |name: &str, role: &'static str, line: &ItemLine| {
        let key = person_key(name);
        let key = if key.is_empty() {
            NO_OWNER.to_owned()
        } else {
            key
        };
        let entry = by_key.entry(key).or_insert_with(|| OwnerList {
            owner: name.trim().to_owned(),
            items: Vec::new(),
        });
        entry.items.push(OwnedItem {
            role,
            item: line.clone(),
        });
    };
    for item in poam.items.iter().filter(|i| i.is_open()) {
        let line = item_line(item, as_of);
        match item.owner.as_deref().map(str::trim) {
            Some(o) if !o.is_empty() => add(o, "owner", &line),
            _ => add(NO_OWNER, "owner", &line),
        }
        if let Some(cell) = &item.supporting_owner {
            for name in supporting_names(cell) {
                add(name, "supporting", &line);
            }
        }
    }
    let mut lists: Vec<OwnerList> = by_key.into_values().collect();
    for l in &mut lists {
        l.items.sort_by_key(|o| {
            (
                o.role == "supporting",
                o.item.completion.is_none(),
                o.item.completion,
                o.item.row,
            )
        });
    }
    lists.sort_by_key(|l| (l.owner == NO_OWNER, l.owner.to_lowercase()));
    lists
}

/// Does `owner` match the `--owner` filter (any part of the name, ignoring case)?
pub fn owner_matches(owner: &str, filter: &str) -> bool {
    owner.to_lowercase().contains(&filter.trim().to_lowercase())
}

fn owner_loads(poam: &Poam, as_of: NaiveDate) -> Vec<OwnerLoad> {
    let soon_end = as_of + Duration::days(WINDOW_DAYS);
    let mut loads: Vec<OwnerLoad> = owner_lists(poam, as_of)
        .into_iter()
        .map(|l| {
            let owned: Vec<&ItemLine> = l
                .items
                .iter()
                .filter(|o| o.role == "owner")
                .map(|o| &o.item)
                .collect();
            OwnerLoad {
                open: owned.len(),
                overdue: owned.iter().filter(|i| is_overdue(i)).count(),
                due_soon: owned
                    .iter()
                    .filter(|i| i.completion.is_some_and(|d| d >= as_of && d <= soon_end))
                    .count(),
                supporting: l.items.len() - owned.len(),
                items: owned.iter().map(|i| i.id.clone()).collect(),
                supporting_items: l
                    .items
                    .iter()
                    .filter(|o| o.role == "supporting")
                    .map(|o| o.item.id.clone())
                    .collect(),
                owner: l.owner,
            }
        })
        .collect();
    // Busiest first; a stable sort keeps alphabetical order among equals.
    loads.sort_by_key(|l| std::cmp::Reverse(l.open));
    loads
}

// ---------------------------------------------------------------------------------------
// Score
// ---------------------------------------------------------------------------------------

/// One NOT MET requirement and what it costs.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Deduction {
    pub requirement: String,
    pub name: String,
    pub family: String,
    /// Points lost; None for 3.12.4 (no score at all).
    pub value: Option<u32>,
    /// "SSP: NOT MET", "SSP: PARTIAL", "absent from the SSP", "open POA&M item".
    pub why: String,
    pub partial: bool,
    pub eligible: bool,
    pub on_poam: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FamilyPoints {
    pub code: String,
    pub name: String,
    pub requirements: usize,
    pub points: u32,
}

/// "closing 3.5.3 (3 points) brings the score to 96".
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WhatIf {
    pub requirement: String,
    /// "closing" (an open item names it) or "implementing".
    pub action: &'static str,
    pub value: Option<u32>,
    pub score_after: Option<i32>,
    pub sentence: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScoreBreakdown {
    pub level: u8,
    pub basis: &'static str,
    pub score: Option<i32>,
    pub max: i32,
    pub threshold: i32,
    pub deductions: Vec<Deduction>,
    pub by_family: Vec<FamilyPoints>,
    pub total_deducted: u32,
    pub verdict: String,
    pub conditional_reachable: bool,
    pub is_final: bool,
    pub reasons: Vec<String>,
    /// One per NOT MET requirement, highest value first.
    pub what_ifs: Vec<WhatIf>,
    /// The steps that make Conditional status reachable (empty when it already is).
    pub to_conditional: Vec<String>,
    /// Below the threshold: the fewest highest-value requirements whose implementation
    /// reaches it, and the score they give.
    pub to_threshold: Option<ThresholdPath>,
    pub assumptions: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ThresholdPath {
    pub requirements: Vec<String>,
    pub points: u32,
    pub score_after: i32,
}

fn why_text(n: &NotMet) -> String {
    match &n.why {
        NotMetWhy::Ssp(s) => format!("SSP: {}", s.label()),
        NotMetWhy::AbsentFromSsp => "absent from the SSP".to_owned(),
        NotMetWhy::OpenItem => "open POA&M item".to_owned(),
    }
}

fn deduction_of(n: &NotMet) -> Deduction {
    Deduction {
        requirement: n.requirement.id.clone(),
        name: n.requirement.name.clone(),
        family: n.requirement.family.clone(),
        value: n.deduction,
        why: why_text(n),
        partial: n.partial,
        eligible: n.eligible,
        on_poam: n.on_poam,
    }
}

/// NOT MET requirements by value, highest first; ties keep catalog order. 3.12.4 (no
/// value) comes first: without it there is no score at all.
fn by_value_desc(not_met: &[NotMet]) -> Vec<&NotMet> {
    let mut v: Vec<&NotMet> = not_met.iter().collect();
    v.sort_by_key(|n| std::cmp::Reverse(n.deduction.unwrap_or(u32::MAX)));
    v
}

/// The score once `n` is MET: 3.12.4 gives a score back; others add their value.
fn score_without(a: &Assessment, n: &NotMet) -> Option<i32> {
    let others: Option<u32> = a
        .not_met
        .iter()
        .filter(|m| m.requirement.id != n.requirement.id)
        .map(|m| m.deduction)
        .sum();
    others.map(|d| a.max - d as i32)
}

/// The score, every deduction, and what would change the verdict.
pub fn score_breakdown(a: &Assessment) -> ScoreBreakdown {
    let deductions: Vec<Deduction> = a.not_met.iter().map(deduction_of).collect();
    let what_ifs = by_value_desc(&a.not_met)
        .into_iter()
        .map(|n| what_if(a, n))
        .collect();
    ScoreBreakdown {
        level: a.level,
        basis: basis_name(a.basis),
        score: a.score,
        max: a.max,
        threshold: a.threshold,
        by_family: family_points(&a.not_met),
        total_deducted: a.not_met.iter().filter_map(|n| n.deduction).sum(),
        deductions,
        verdict: a.verdict(),
        conditional_reachable: a.conditional_reachable,
        is_final: a.is_final,
        reasons: a.reasons.clone(),
        what_ifs,
        to_conditional: to_conditional(a),
        to_threshold: a
            .score
            .filter(|s| *s < a.threshold)
            .map(|s| threshold_path(s, a.threshold, &by_value_desc(&a.not_met))),
        assumptions: a.assumptions.clone(),
    }
}

fn what_if(a: &Assessment, n: &NotMet) -> WhatIf {
    let action = if n.on_poam { "closing" } else { "implementing" };
    let after = score_without(a, n);
    let id = &n.requirement.id;
    let sentence = match (n.deduction, after) {
        (Some(v), Some(s)) => format!(
            "{action} {id} ({v} point{}) brings the score to {s}",
            if v == 1 { "" } else { "s" }
        ),
        (None, Some(s)) => format!("{action} {id} makes a score possible: {s}"),
        (_, None) => format!("{action} {id} still leaves no score (3.12.4 is NOT MET)"),
    };
    WhatIf {
        requirement: id.clone(),
        action,
        value: n.deduction,
        score_after: after,
        sentence,
    }
}

fn family_points(not_met: &[NotMet]) -> Vec<FamilyPoints> {
    let mut map: BTreeMap<(usize, String), (usize, u32)> = BTreeMap::new();
    for n in not_met {
        let code = n.requirement.family.clone();
        let e = map.entry((family_rank(&code), code)).or_default();
        e.0 += 1;
        e.1 += n.deduction.unwrap_or(0);
    }
    map.into_iter()
        .map(|((_, code), (requirements, points))| FamilyPoints {
            name: family_name(&code).to_owned(),
            code,
            requirements,
            points,
        })
        .collect()
}

/// The fewest NOT MET requirements, highest value first, whose implementation lifts
/// `score` to `threshold`. Taking the largest values first gives the fewest.
fn threshold_path(score: i32, threshold: i32, candidates: &[&NotMet]) -> ThresholdPath {
    let mut chosen = Vec::new();
    let mut points = 0u32;
    for n in candidates {
        if score + points as i32 >= threshold {
            break;
        }
        let Some(v) = n.deduction else { continue };
        chosen.push(n.requirement.id.clone());
        points += v;
    }
    ThresholdPath {
        requirements: chosen,
        points,
        score_after: score + points as i32,
    }
}

/// What makes Conditional status reachable: implement what may not wait, add the missing
/// items, and (when still short of the threshold) implement the highest-value others.
fn to_conditional(a: &Assessment) -> Vec<String> {
    if a.conditional_reachable || a.level == 1 {
        return if a.level == 1 && !a.is_final {
            vec!["Level 1 permits no POA&M: implement every NOT MET requirement".to_owned()]
        } else {
            Vec::new()
        };
    }
    let mut steps = Vec::new();
    for n in by_value_desc(&a.not_met)
        .into_iter()
        .filter(|n| !n.eligible)
    {
        steps.push(format!(
            "implement {} {} before the assessment ({}; it may not be on a POA&M)",
            n.requirement.id,
            n.requirement.name,
            points_text(n.deduction)
        ));
    }
    for n in a.not_met.iter().filter(|n| n.eligible && !n.on_poam) {
        steps.push(format!(
            "add an open POA&M item for {} {}",
            n.requirement.id, n.requirement.name
        ));
    }
    let eligible: Vec<&NotMet> = by_value_desc(&a.not_met)
        .into_iter()
        .filter(|n| n.eligible)
        .collect();
    let after = a.max - eligible.iter().filter_map(|n| n.deduction).sum::<u32>() as i32;
    if after < a.threshold {
        let path = threshold_path(after, a.threshold, &eligible);
        steps.push(format!(
            "implement {} as well ({} points) to reach {}",
            path.requirements.join(", "),
            path.points,
            a.threshold
        ));
        steps.push(format!(
            "then the score is {} with the rest on the POA&M",
            path.score_after
        ));
    } else {
        steps.push(format!(
            "then the score is {after} with every remaining gap on the POA&M (threshold {})",
            a.threshold
        ));
    }
    steps
}

fn points_text(v: Option<u32>) -> String {
    match v {
        Some(1) => "1 point".to_owned(),
        Some(v) => format!("{v} points"),
        None => "no score without it".to_owned(),
    }
}

// ---------------------------------------------------------------------------------------
// Triage
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Gap {
    pub requirement: String,
    pub name: String,
    pub value: Option<u32>,
    /// Why it must be implemented now, or why it may wait.
    pub why: String,
    pub ssp_status: String,
    /// An open POA&M item names it (None when no POA&M was given).
    pub on_poam: Option<bool>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Triage {
    pub level: u8,
    pub score: Option<i32>,
    pub max: i32,
    pub threshold: i32,
    /// Ineligible: must be implemented before the assessment. Highest value first.
    pub must_implement: Vec<Gap>,
    /// Eligible: may go on the POA&M. Highest value first.
    pub may_defer: Vec<Gap>,
    /// The score once every ineligible gap is implemented and every eligible one is on
    /// the POA&M.
    pub score_with_poam: i32,
    /// Points still short of the threshold at that score (0 when it is reached).
    pub points_short: i32,
    /// When short: the fewest eligible gaps to implement too.
    pub also_implement: Vec<String>,
    /// NOT MET requirements no open POA&M item names (None without a POA&M).
    pub without_item: Option<Vec<String>>,
    pub assumptions: Vec<String>,
}

fn gap(n: &NotMet, with_poam: bool) -> Gap {
    let why = if n.requirement.poam_excluded {
        "may never be on a POA&M (32 CFR 170.21(a)(2)(iii))".to_owned()
    } else if n.eligible {
        if n.requirement.id == "3.13.11" {
            "partial 3.13.11 (encryption not FIPS-validated) may be on a POA&M \
             (32 CFR 170.21(a)(2)(ii))"
                .to_owned()
        } else {
            "1 point: may be on a POA&M (32 CFR 170.21(a)(2)(ii))".to_owned()
        }
    } else {
        format!(
            "{}: only 1-point requirements may be on a POA&M (32 CFR 170.21(a)(2)(ii))",
            points_text(n.deduction)
        )
    };
    Gap {
        requirement: n.requirement.id.clone(),
        name: n.requirement.name.clone(),
        value: n.deduction,
        why,
        ssp_status: why_text(n),
        on_poam: with_poam.then_some(n.on_poam),
    }
}

/// Split the NOT MET requirements into what must be implemented now and what may wait.
pub fn triage(a: &Assessment, with_poam: bool) -> Triage {
    let sorted = by_value_desc(&a.not_met);
    let eligible: Vec<&NotMet> = sorted.iter().copied().filter(|n| n.eligible).collect();
    let score_with_poam = a.max - eligible.iter().filter_map(|n| n.deduction).sum::<u32>() as i32;
    let points_short = (a.threshold - score_with_poam).max(0);
    let also_implement = if points_short > 0 {
        threshold_path(score_with_poam, a.threshold, &eligible).requirements
    } else {
        Vec::new()
    };
    Triage {
        level: a.level,
        score: a.score,
        max: a.max,
        threshold: a.threshold,
        must_implement: sorted
            .iter()
            .filter(|n| !n.eligible)
            .map(|n| gap(n, with_poam))
            .collect(),
        may_defer: eligible.iter().map(|n| gap(n, with_poam)).collect(),
        score_with_poam,
        points_short,
        also_implement,
        without_item: with_poam.then(|| {
            a.not_met
                .iter()
                .filter(|n| !n.on_poam)
                .map(|n| n.requirement.id.clone())
                .collect()
        }),
        assumptions: a.assumptions.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DateValue;

    fn milestone(row: u32, date: Option<(i32, u32, u32)>, done: bool) -> Milestone {
        Milestone {
            row,
            number: None,
            date: date.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).map(DateValue::Date)),
            text: format!("m{row}"),
            done,
        }
    }

    #[test]
    fn an_owner_is_grouped_by_the_person_not_the_role() {
        assert_eq!(person_key("Dana Whitfield, IT Manager"), "dana whitfield");
        assert_eq!(person_key("Dana  Whitfield"), "dana whitfield");
        assert_eq!(person_key("Kevin Ortiz (Bluewater)"), "kevin ortiz");
        assert_eq!(person_key("Tom Alvarez - Operations"), "tom alvarez");
        assert_eq!(
            supporting_names("Ana Ruiz; Priya Raman\nBen"),
            ["Ana Ruiz", "Priya Raman", "Ben"]
        );
    }

    #[test]
    fn the_next_milestone_is_the_earliest_undone_dated_one() {
        let ms = [
            milestone(1, Some((2026, 10, 1)), true),
            milestone(2, Some((2026, 12, 9)), false),
            milestone(3, Some((2026, 11, 30)), false),
            milestone(4, None, false),
        ];
        assert_eq!(next_milestone(&ms).map(|m| m.row), Some(3));
        assert_eq!(next_milestone(&ms[3..]).map(|m| m.row), Some(4));
        assert_eq!(next_milestone(&ms[..1]).map(|m| m.row), None);
    }

    #[test]
    fn titles_are_cut_on_the_first_line() {
        assert_eq!(shorten("abc\ndef", 10), "abc…");
        assert_eq!(shorten("abcdef", 3), "abc…");
        assert_eq!(shorten("abc", 3), "abc");
    }

    #[test]
    fn family_names_come_from_the_codes() {
        assert_eq!(family_name("SC"), "System and Communications Protection");
        assert_eq!(family_name("ZZ"), "Unknown family");
        assert_eq!(FAMILIES.len(), 14);
    }
}
