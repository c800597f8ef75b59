//! Rules: history — what changed since the previous version of the POA&M (PRODUCT.md §4,
//! "History rules"). They need two versions, so `rules::check` does not run them:
//! `poam diff OLD NEW` and `poam validate NEW --previous OLD` call [`check`] with the
//! [`Changes`] of `history::compare`.
//!
//! Assessors distrust silent changes: an open weakness that disappears, a deadline pushed
//! back with no recorded reason, a detection date made younger. The FedRAMP template makes
//! several of its columns write-once (reference/domain-facts.md §6.4: K "Original Detection
//! Date" may not be changed, L "Scheduled Completion Date" must not change once recorded,
//! M "Planned Milestones" may not change once recorded, changes go in N "Milestone
//! Changes"); the same discipline is what a CMMC assessor expects of a plan of action.
//!
//! Every finding points at the cell in the NEW file, except `item-removed`: the item is no
//! longer in the new file, so the finding is on the new sheet as a whole and its message
//! names the old file and the row the item was on.
//!
//! `closed-without-evidence` on transition reuses the single-file rule's documentation
//! (`rules::evidence::CLOSED_WITHOUT_EVIDENCE`): one name, one rule, two moments.

use crate::history::{Changes, FieldChange, ItemIndex, Slip};
use crate::model::{Field, Item, Poam};
use crate::rules::evidence::CLOSED_WITHOUT_EVIDENCE;
use crate::rules::{Findings, Level, RuleInfo};
use chrono::NaiveDate;

pub static ITEM_REMOVED: RuleInfo = RuleInfo {
    name: "item-removed",
    default_level: Level::Error,
    summary: "an item of the previous version is gone without having been closed",
    what: "Reports an item whose id is in the previous version of the POA&M, where it was \
           not closed, and is in the new version no more.",
    why: "A weakness does not stop existing when its row is deleted. An assessor comparing \
          versions sees an open deficiency vanish without a closure date or evidence, and \
          reads it as a gap being hidden; the requirement stays NOT MET either way. Items \
          are closed, with evidence, and kept (FedRAMP moves them to the \"Closed POA&M \
          Items\" sheet), never deleted.",
    example: "previous: POAM-AU-004 | 3.3.4 | … | Status: Open    new: (no POAM-AU-004)",
    fix: "Put the row back. If the weakness is fixed, set its status to Closed, its status \
          date to the day it closed and name the evidence; if it was recorded in error, \
          close it with a comment that says so. When the row was moved to another sheet, \
          compare that sheet (`--sheet`).",
    source: "FedRAMP POA&M Template Completion Guide §2.2 (an item is closed by updating the \
             status date and moving it to the Closed POA&M Items sheet, only when corrective \
             actions are applied and evidence collected); assessor practice",
};

pub static REOPENED: RuleInfo = RuleInfo {
    name: "reopened",
    default_level: Level::Warning,
    summary: "an item closed in the previous version is open again",
    what: "Reports an item whose status was Closed in the previous version and is open \
           (Open, In Progress, Delayed, Risk Accepted, or unreadable) in the new one.",
    why: "A reopened item means the closure did not hold: the fix regressed, or the item was \
          closed before the evidence was there. Either way the requirement is NOT MET again \
          and the score drops; an assessor asks what happened, and the POA&M should say.",
    example: "previous: POAM-IA-002 | Status: Closed    new: POAM-IA-002 | Status: In Progress",
    fix: "Say why in the comments or milestone changes (what regressed, when it was found), \
          set the status date, and plan a new completion date with milestones.",
    source: "assessor practice",
};

pub static COMPLETION_SLIPPED: RuleInfo = RuleInfo {
    name: "completion-slipped",
    default_level: Level::Warning,
    summary: "the completion date moved later with no milestone change recorded",
    what: "Reports an item whose scheduled completion date is later than in the previous \
           version while its milestone changes gained no new entry. A reopened item is left \
           to `reopened`: its new date is a new plan.",
    why: "A scheduled completion date is a commitment. FedRAMP makes it write-once: it \
          \"must not change once recorded\" except through an approved risk adjustment or a \
          vendor's release date, and changes are logged in Milestone Changes. A date that \
          quietly moves later hides a missed deadline — and for CMMC, every open item must \
          close within 180 days of the Conditional status date.",
    example: "previous: POAM-CM-007 | Completion: 2026-03-01    new: Completion: 2026-05-15, \
              Milestone Changes unchanged",
    fix: "Record the change: add a Milestone Changes line such as `(02) Update 2026-02-20: \
          vendor patch delayed to May; new completion 2026-05-15`, or restore the original \
          date and mark the item Delayed.",
    source: "FedRAMP POA&M Template Completion Guide, columns L (Scheduled Completion Date: \
             must not change once recorded) and N (Milestone Changes); assessor practice",
};

pub static START_CHANGED: RuleInfo = RuleInfo {
    name: "start-changed",
    default_level: Level::Warning,
    summary: "an original detection / start date was edited",
    what: "Reports an item whose start (original detection) date differs from the one in the \
           previous version. Filling in a start date that was blank is not a change.",
    why: "The detection date is when the clock started: deadlines (FedRAMP's 30 / 90 / 180 \
          days) and the age of a weakness are counted from it. Moving it later makes an old \
          weakness look new; FedRAMP says it may not be changed.",
    example: "previous: POAM-SI-001 | Start: 2026-01-10    new: Start: 2026-04-01",
    fix: "Restore the original date. If it was wrong, correct it with a comment that says \
          what the right date is and why.",
    source: "FedRAMP POA&M Template Completion Guide, column K (Original Detection Date: may \
             not be changed)",
};

pub static STATUS_CHANGED_WITHOUT_DATE: RuleInfo = RuleInfo {
    name: "status-changed-without-date",
    default_level: Level::Warning,
    summary: "the status changed but the status date did not",
    what: "Reports an item whose status differs from the previous version while its status \
           date is the same (or still blank). Sheets without a status date column are not \
           checked.",
    why: "The status date says when the item reached its status: when it closed, when it \
          became Delayed. Left unchanged, it dates the new status to the old event, and \
          `status-stale` and closeout reviews read the wrong day.",
    example: "previous: POAM-AC-003 | Status: Open | Status Date: 2026-02-01    new: Status: \
              Closed | Status Date: 2026-02-01",
    fix: "Set the status date to the day the status changed.",
    source: "FedRAMP POA&M Template Completion Guide, column O (Status Date: date of the last \
             change or closure) and §2.2 (closing an item updates the status date)",
};

/// The history rules this file defines. `closed-without-evidence` on transition is the
/// evidence rule's, and is listed there.
pub const RULES: &[&RuleInfo] = &[
    &ITEM_REMOVED,
    &REOPENED,
    &COMPLETION_SLIPPED,
    &START_CHANGED,
    &STATUS_CHANGED_WITHOUT_DATE,
];

/// Every history rule, including `closed-without-evidence` on transition.
pub fn names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = RULES.iter().map(|r| r.name).collect();
    names.insert(2, CLOSED_WITHOUT_EVIDENCE.name);
    names
}

/// Run every history rule on the changes from `old` to `new`. `as_of` is "today": a slip
/// whose old date had already passed says so.
pub fn check(old: &Poam, new: &Poam, changes: &Changes, as_of: NaiveDate, out: &mut Findings) {
    let old_items = ItemIndex::new(old);
    let new_items = ItemIndex::new(new);
    for id in &changes.removed {
        if let Some(item) = old_items.get(id) {
            item_removed(old, new, item, out);
        }
    }
    for id in &changes.reopened {
        if let Some(item) = new_items.get(id) {
            reopened(new, item, out);
        }
    }
    for id in &changes.closed {
        if let Some(item) = new_items.get(id) {
            closed_without_evidence(new, item, out);
        }
    }
    // A reopened item needs a new completion date: that is a new plan (`reopened` asks for
    // it), not a slip.
    let unexplained = changes
        .slipped
        .iter()
        .filter(|s| !s.explained && !changes.reopened.contains(&s.id));
    for slip in unexplained {
        if let Some(item) = new_items.get(&slip.id) {
            completion_slipped(new, item, slip, as_of, out);
        }
    }
    for change in changes
        .changed
        .iter()
        .filter(|c| c.field == Field::Start.label())
    {
        if let Some(item) = new_items.get(&change.id) {
            start_changed(new, item, change, out);
        }
    }
    if new.columns.column(Field::StatusDate).is_some() {
        for change in changes
            .changed
            .iter()
            .filter(|c| c.field == Field::Status.label())
        {
            let date_changed = changes
                .changes_of(&change.id)
                .any(|c| c.field == Field::StatusDate.label());
            if let (false, Some(item)) = (date_changed, new_items.get(&change.id)) {
                status_changed_without_date(new, item, change, out);
            }
        }
    }
}

/// The row of a spreadsheet, or the line of a CSV, for messages.
fn row_words(poam: &Poam, row: u32) -> String {
    match &poam.sheet {
        Some(sheet) => format!("sheet '{sheet}' row {row}"),
        None => format!("line {row}"),
    }
}

fn item_removed(old: &Poam, new: &Poam, item: &Item, out: &mut Findings) {
    out.push(
        &ITEM_REMOVED,
        item.id.as_deref(),
        new.sheet_location(),
        format!(
            "{} ({} of {}) is not in {} and was not closed: close it with evidence instead \
             of deleting the row",
            item.label(),
            row_words(old, item.row),
            old.file,
            new.file
        ),
    );
}

fn reopened(new: &Poam, item: &Item, out: &mut Findings) {
    out.push(
        &REOPENED,
        item.id.as_deref(),
        new.item_location(item, Field::Status),
        format!(
            "{} was Closed in the previous version and is {} again: say why and plan a new \
             completion date",
            item.label(),
            crate::history::field_text(item, Field::Status)
        ),
    );
}

fn closed_without_evidence(new: &Poam, item: &Item, out: &mut Findings) {
    let has_evidence = item.evidence.iter().any(|e| !e.trim().is_empty());
    if has_evidence {
        return;
    }
    out.push(
        &CLOSED_WITHOUT_EVIDENCE,
        item.id.as_deref(),
        new.item_location(item, Field::Evidence),
        format!(
            "{} was closed since the previous version but names no evidence: add the file, \
             ticket or URL that proves closure",
            item.label()
        ),
    );
}

fn completion_slipped(new: &Poam, item: &Item, slip: &Slip, as_of: NaiveDate, out: &mut Findings) {
    let passed = if slip.before < as_of {
        format!(" (the old date had passed by {as_of})")
    } else {
        String::new()
    };
    out.push(
        &COMPLETION_SLIPPED,
        item.id.as_deref(),
        new.item_location(item, Field::Completion),
        format!(
            "{}'s completion date moved from {} to {}, {} days later{passed}, with no \
             milestone change recorded",
            item.label(),
            slip.before,
            slip.after,
            slip.days()
        ),
    );
}

fn start_changed(new: &Poam, item: &Item, change: &FieldChange, out: &mut Findings) {
    // Filling in a blank start date records it for the first time: not an edit.
    if change.before.is_empty() {
        return;
    }
    let after = if change.after.is_empty() {
        "blank".to_owned()
    } else {
        change.after.clone()
    };
    out.push(
        &START_CHANGED,
        item.id.as_deref(),
        new.item_location(item, Field::Start),
        format!(
            "{}'s start (original detection) date changed from {} to {after}: it may not \
             change once recorded",
            item.label(),
            change.before
        ),
    );
}

fn status_changed_without_date(new: &Poam, item: &Item, change: &FieldChange, out: &mut Findings) {
    let date = crate::history::field_text(item, Field::StatusDate);
    let date = if date.is_empty() {
        "still blank".to_owned()
    } else {
        format!("still {date}")
    };
    out.push(
        &STATUS_CHANGED_WITHOUT_DATE,
        item.id.as_deref(),
        new.item_location(item, Field::StatusDate),
        format!(
            "{}'s status changed from {} to {} but its status date is {date}",
            item.label(),
            blank_word(&change.before),
            blank_word(&change.after)
        ),
    );
}

fn blank_word(value: &str) -> &str {
    if value.is_empty() {
        "blank"
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::columns::ColumnMap;
    use crate::model::{DateValue, SourceFormat, Status, Vocab};

    fn item(id: &str, status: Status, status_date: &str, start: Option<&str>) -> Item {
        let date = |s: &str| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .map(DateValue::Date)
        };
        Item {
            row: 2,
            id: Some(id.to_owned()),
            status: Some(Vocab::Known(status)),
            status_date: date(status_date),
            start: start.and_then(date),
            ..Item::default()
        }
    }

    fn poam(columns: &[(Field, u32)], items: Vec<Item>) -> Poam {
        Poam {
            file: "poam.csv".into(),
            format: SourceFormat::Csv,
            sheet: None,
            header_row: 1,
            columns: ColumnMap {
                fields: columns
                    .iter()
                    .map(|(f, c)| (*f, *c, f.label().to_owned()))
                    .collect(),
                unknown: Vec::new(),
            },
            items,
            notes: Vec::new(),
        }
    }

    fn run(old: &Poam, new: &Poam) -> Vec<(&'static str, String)> {
        let changes = crate::history::compare(old, new);
        let mut out = Findings::default();
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap_or_default();
        check(old, new, &changes, as_of, &mut out);
        out.list
            .into_iter()
            .map(|f| (f.rule, f.location.cell_name().unwrap_or_else(|| "-".into())))
            .collect()
    }

    #[test]
    fn status_date_is_checked_only_where_the_sheet_has_the_column() {
        let old = vec![item("A", Status::Open, "2026-10-01", None)];
        let new = vec![item("A", Status::Delayed, "2026-10-01", None)];
        let with = [(Field::Status, 4), (Field::StatusDate, 5)];
        assert_eq!(
            run(&poam(&with, old.clone()), &poam(&with, new.clone())),
            [("status-changed-without-date", "F2".to_owned())]
        );
        let without = [(Field::Status, 4)];
        assert!(run(&poam(&without, old), &poam(&without, new)).is_empty());
    }

    #[test]
    fn a_start_date_recorded_for_the_first_time_is_no_edit() {
        let cols = [(Field::Start, 3)];
        let blank = vec![item("A", Status::Open, "2026-10-01", None)];
        let set = vec![item("A", Status::Open, "2026-10-01", Some("2026-09-01"))];
        let moved = vec![item("A", Status::Open, "2026-10-01", Some("2026-09-15"))];
        assert!(run(&poam(&cols, blank.clone()), &poam(&cols, set.clone())).is_empty());
        assert_eq!(
            run(&poam(&cols, set.clone()), &poam(&cols, moved)),
            [("start-changed", "D2".to_owned())]
        );
        // Erasing it is an edit too.
        assert_eq!(
            run(&poam(&cols, set), &poam(&cols, blank)),
            [("start-changed", "D2".to_owned())]
        );
    }

    #[test]
    fn history_rule_names_are_unique_and_documented() {
        let all = crate::rules::all();
        for name in names() {
            assert_eq!(
                all.iter().filter(|r| r.name == name).count(),
                1,
                "{name} is registered exactly once"
            );
        }
        assert_eq!(
            names(),
            [
                "item-removed",
                "reopened",
                "closed-without-evidence",
                "completion-slipped",
                "start-changed",
                "status-changed-without-date"
            ]
        );
        for rule in RULES {
            assert!(rule.source.contains("FedRAMP") || rule.source == "assessor practice");
        }
    }
}
