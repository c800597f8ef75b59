//! Rules: status — whether each item says where it stands, in words the reader knows, and
//! whether that word is allowed and recent (PRODUCT.md §4).
//!
//! `status-missing` and `status-unknown` look at every item; `risk-accepted` too (a closed
//! item cannot carry that status at the same time). `status-stale` looks at open items only.

use crate::model::{DateValue, Field, Item, Status, Vocab};
use crate::rules::{Findings, ItemContext, Level, RuleInfo};

pub static STATUS_MISSING: RuleInfo = RuleInfo {
    name: "status-missing",
    default_level: Level::Error,
    summary: "an item has no status",
    what: "Reports an item whose status cell is blank. Silent when the sheet has no status \
           column at all (`missing-column` reports that, once). An item with no status is \
           treated as open by every other rule.",
    why: "Without a status nobody can tell whether the weakness is still there. An assessor \
          counts such an item as open and its requirement as NOT MET.",
    example: "POAM-AC-005 | 3.1.5 | … | Status: (blank)",
    fix: "Set the status: Open, In Progress, Delayed or Closed (Closed only with evidence).",
    source: "assessor practice",
};

pub static STATUS_UNKNOWN: RuleInfo = RuleInfo {
    name: "status-unknown",
    default_level: Level::Error,
    summary: "a status outside the vocabulary",
    what: "Reports a status word that is not Open, In Progress, Delayed, Closed, Risk Accepted \
           or Not Applicable, nor one of their usual synonyms (Ongoing, Completed, Done …). The \
           item is treated as open.",
    why: "\"Pending review\" or \"90 %\" does not say whether the weakness is corrected. An \
          assessor cannot count it as closed, and neither can this tool.",
    example: "POAM-CM-002 | 3.4.2 | … | Status: \"Waiting on vendor\"",
    fix: "Use one of the accepted words; put the detail (waiting on vendor) in the comments \
          or the milestone changes.",
    source: "assessor practice",
};

pub static RISK_ACCEPTED: RuleInfo = RuleInfo {
    name: "risk-accepted",
    default_level: Level::Error,
    summary: "CMMC profile: \"Risk Accepted\" is not a way to meet a requirement",
    what: "Reports an item whose status is Risk Accepted (or a synonym). The item is treated \
           as open and its requirement as NOT MET.",
    why: "Under CMMC each requirement is MET, NOT MET or N/A; there is no risk-acceptance \
          finding. \"Security requirements not implemented, whether described in a POA&M or \
          not, is assessed as 'NOT MET'\", and a POA&M may hold a NOT MET requirement only \
          until closeout, \"within 180-days of the Conditional CMMC Status Date\". A weakness \
          that will never be fixed cannot stay on the POA&M. (FedRAMP's operational \
          requirement deviation is a different, AO-approved process.)",
    example: "POAM-SC-012 | 3.13.12 | … | Status: Risk Accepted",
    fix: "Either plan the remediation (status Open or In Progress, with milestones and a \
          completion date inside the closeout window), or, where remediation is truly not \
          feasible for a special system, document it as an enduring exception with its \
          mitigations in the SSP.",
    source: "32 CFR 170.24(b), (c)(2)(i)(B)(6); 32 CFR 170.21(b); 32 CFR 170.4 (enduring \
             exception)",
};

pub static STATUS_STALE: RuleInfo = RuleInfo {
    name: "status-stale",
    default_level: Level::Warning,
    summary: "an open item's status date is older than 30 days",
    what: "Reports an open item whose status date is more than 30 days before --as-of. An \
           item with no status date is not reported here: the status date is optional (many \
           POA&Ms have no such column), and a blank one is not evidence of neglect.",
    why: "A plan of action counts only when it is kept: deficiency reviews and progress must \
          show. A status untouched for months tells the assessor nobody is managing the item.",
    example: "POAM-MA-004 | 3.7.4 | Status: In Progress | Status Date: 2026-08-01 (as of \
              2026-11-26)",
    fix: "Review the item with its owner, update what changed, and set the status date to \
          the review date.",
    source: "32 CFR 170.24(b)(1)(ii) (deficiency reviews, progress); assessor practice",
};

pub const RULES: &[&RuleInfo] = &[
    &STATUS_MISSING,
    &STATUS_UNKNOWN,
    &RISK_ACCEPTED,
    &STATUS_STALE,
];

/// The words offered in `status-unknown` messages: the ones a POA&M should use.
const ACCEPTED_STATUSES: [Status; 4] = [
    Status::Open,
    Status::InProgress,
    Status::Delayed,
    Status::Closed,
];

pub fn check_item(ctx: &ItemContext, item: &Item, out: &mut Findings) {
    check_status_word(ctx, item, out);
    if item.is_open() {
        check_stale(ctx, item, out);
    }
}

fn accepted_words() -> String {
    ACCEPTED_STATUSES
        .iter()
        .map(|s| s.label())
        .collect::<Vec<_>>()
        .join(", ")
}

fn check_status_word(ctx: &ItemContext, item: &Item, out: &mut Findings) {
    let location = || ctx.at(item, Field::Status);
    let label = || item.label();
    match &item.status {
        None if ctx.poam.columns.has(Field::Status) => out.push(
            &STATUS_MISSING,
            item.id.as_deref(),
            location(),
            format!(
                "{} has no status: set one of {} (Closed only with evidence)",
                label(),
                accepted_words()
            ),
        ),
        None => {}
        Some(Vocab::Unknown(raw)) => out.push(
            &STATUS_UNKNOWN,
            item.id.as_deref(),
            location(),
            format!(
                "{}: status \"{raw}\" is not one this tool or an assessor can count: use \
                 one of {}; it is treated as open",
                label(),
                accepted_words()
            ),
        ),
        Some(Vocab::Known(Status::RiskAccepted)) => out.push(
            &RISK_ACCEPTED,
            item.id.as_deref(),
            location(),
            format!(
                "{} is Risk Accepted, but under CMMC a requirement is MET or NOT MET (32 \
                 CFR 170.24): plan the remediation and close it within the 180-day closeout \
                 (32 CFR 170.21(b)), or document an enduring exception in the SSP",
                label()
            ),
        ),
        Some(Vocab::Known(_)) => {}
    }
}

fn check_stale(ctx: &ItemContext, item: &Item, out: &mut Findings) {
    let Some(status_date) = item.status_date.as_ref().and_then(DateValue::date) else {
        return;
    };
    let age = (ctx.as_of - status_date).num_days();
    if age > ctx.settings.stale_days {
        out.push(
            &STATUS_STALE,
            item.id.as_deref(),
            ctx.at(item, Field::StatusDate),
            format!(
                "{}'s status was last updated {} ({age} days before {}): review the item with \
                 its owner and record the new status date",
                item.label(),
                status_date.format("%Y-%m-%d"),
                ctx.as_of.format("%Y-%m-%d")
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::dates::test_support::*;
    use crate::rules::Context;

    fn check(ctx: &Context, out: &mut Findings) {
        check_group(ctx, out, check_item, |_, _, _| {});
    }

    fn with_status(row: u32, id: &str, status: Option<Vocab<Status>>) -> Item {
        Item {
            status,
            ..item(row, id)
        }
    }

    #[test]
    fn missing_unknown_and_risk_accepted() {
        let p = poam(vec![
            with_status(2, "NONE", None),
            with_status(3, "ODD", Some(Vocab::Unknown("Waiting on vendor".into()))),
            with_status(4, "RA", Some(Vocab::Known(Status::RiskAccepted))),
            with_status(5, "OK", Some(Vocab::Known(Status::InProgress))),
        ]);
        let f = run(&p, None, check);
        assert_eq!(cells(&f, "status-missing"), ["G2"]);
        assert_eq!(cells(&f, "status-unknown"), ["G3"]);
        assert_eq!(cells(&f, "risk-accepted"), ["G4"]);
        assert_eq!(f.len(), 3);
        assert!(f[1]
            .message
            .contains("\"Waiting on vendor\" is not one this tool or an assessor can count: use one of Open, In Progress, Delayed, Closed"));
    }

    #[test]
    fn status_missing_is_silent_without_a_status_column() {
        let mut p = poam(vec![with_status(2, "NONE", None)]);
        p.columns.fields.retain(|(f, _, _)| *f != Field::Status);
        assert!(run(&p, None, check).is_empty());
    }

    #[test]
    fn stale_only_on_open_items_older_than_30_days() {
        let mut stale = with_status(2, "STALE", Some(Vocab::Known(Status::Open)));
        stale.status_date = date("2026-10-26"); // 31 days before 2026-11-26
        let mut fresh = with_status(3, "FRESH", Some(Vocab::Known(Status::Open)));
        fresh.status_date = date("2026-10-27"); // 30 days: not older than 30
        let mut closed = with_status(4, "CLOSED", Some(Vocab::Known(Status::Closed)));
        closed.status_date = date("2025-01-01");
        let undated = with_status(5, "UNDATED", Some(Vocab::Known(Status::Open)));
        let f = run(&poam(vec![stale, fresh, closed, undated]), None, check);
        assert_eq!(cells(&f, "status-stale"), ["H2"]);
        assert_eq!(f.len(), 1);
        assert!(f[0]
            .message
            .starts_with("STALE's status was last updated 2026-10-26 (31 days"));
    }
}
