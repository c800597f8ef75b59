//! The date rules through the binary: for each rule, a fixture that triggers it (the exact
//! rows and cells) and a near miss that does not. Fixtures: `tests/fixtures/rules/<rule>/`.
//! All run as of 2026-11-26.

mod common;

use common::{assert_near_miss, findings, fires, item_count, message, places, validate};

#[test]
fn date_invalid_on_an_open_completion_and_a_closed_status_date() {
    let json = fires("date-invalid", &[]);
    assert_eq!(places(&json, "date-invalid"), ["2:J2", "3:L3"]);
    let first = findings(&json, "date-invalid")[0];
    assert_eq!(first["level"], "error");
    assert_eq!(first["item"], "POAM-AC-003");
    assert!(message(&json, "date-invalid", 0).contains("\"end of Q3\" is not a date"));
}

#[test]
fn date_invalid_near_miss_long_date_and_na() {
    assert_near_miss("date-invalid", 2, &[]);
}

#[test]
fn date_ambiguous_day_first_slash_date() {
    let json = fires("date-ambiguous", &[]);
    assert_eq!(places(&json, "date-ambiguous"), ["2:H2"]);
    assert_eq!(findings(&json, "date-ambiguous")[0]["level"], "warning");
    assert!(message(&json, "date-ambiguous", 0).contains("read as 2026-03-25"));
}

#[test]
fn date_ambiguous_near_miss_month_first_slash_date() {
    assert_near_miss("date-ambiguous", 1, &[]);
}

#[test]
fn start_missing_on_an_open_item() {
    let json = fires("start-missing", &[]);
    assert_eq!(places(&json, "start-missing"), ["2:H2"]);
}

#[test]
fn start_missing_near_miss_closed_item_without_start() {
    assert_near_miss("start-missing", 2, &[]);
}

#[test]
fn completion_missing_tbd_on_an_open_item() {
    let json = fires("completion-missing", &[]);
    assert_eq!(places(&json, "completion-missing"), ["2:J2"]);
    assert_eq!(findings(&json, "completion-missing")[0]["level"], "error");
}

#[test]
fn completion_missing_near_miss_closed_item_without_completion() {
    assert_near_miss("completion-missing", 2, &[]);
}

#[test]
fn dates_out_of_order_completion_before_start_and_late_milestone() {
    let json = fires("dates-out-of-order", &[]);
    assert_eq!(places(&json, "dates-out-of-order"), ["2:J2", "3:I3"]);
    assert!(message(&json, "dates-out-of-order", 0)
        .contains("completion date 2026-05-15 is before start date 2026-06-01"));
    assert!(
        message(&json, "dates-out-of-order", 1).contains("after the completion date 2026-12-20")
    );
}

#[test]
fn dates_out_of_order_near_miss_same_day_dates() {
    assert_near_miss("dates-out-of-order", 2, &[]);
}

#[test]
fn milestones_missing_on_a_44_day_item() {
    let json = fires("milestones-missing", &[]);
    assert_eq!(places(&json, "milestones-missing"), ["2:I2"]);
    assert!(message(&json, "milestones-missing", 0).contains("runs 44 days"));
}

#[test]
fn milestones_missing_near_miss_30_days_and_closed() {
    assert_near_miss("milestones-missing", 2, &[]);
}

#[test]
fn milestone_undated_points_at_the_continuation_row() {
    let json = fires("milestone-undated", &[]);
    assert_eq!(item_count(&json), 1);
    assert_eq!(places(&json, "milestone-undated"), ["3:I3"]);
    assert_eq!(
        findings(&json, "milestone-undated")[0]["item"],
        "POAM-AC-003"
    );
}

#[test]
fn milestone_undated_near_miss_dated_continuation() {
    assert_near_miss("milestone-undated", 1, &[]);
}

#[test]
fn same_target_date_four_of_five_open_items() {
    let json = fires("same-target-date", &[]);
    assert_eq!(places(&json, "same-target-date"), ["-:-"]);
    let finding = findings(&json, "same-target-date")[0];
    assert!(finding["item"].is_null());
    assert!(message(&json, "same-target-date", 0)
        .starts_with("4 of 5 open items (80 %) share the completion date 2026-12-31"));
}

#[test]
fn same_target_date_near_miss_only_four_open_items() {
    assert_near_miss("same-target-date", 5, &[]);
}

#[test]
fn overdue_one_day_late() {
    let json = fires("overdue", &[]);
    assert_eq!(places(&json, "overdue"), ["2:J2"]);
    assert!(message(&json, "overdue", 0)
        .starts_with("POAM-AC-003 was due 2026-11-25 (1 day before 2026-11-26)"));
}

#[test]
fn overdue_near_miss_due_today_and_closed() {
    assert_near_miss("overdue", 2, &[]);
}

#[test]
fn milestone_overdue_not_marked_done() {
    let json = fires("milestone-overdue", &[]);
    assert_eq!(places(&json, "milestone-overdue"), ["2:I2"]);
    assert!(message(&json, "milestone-overdue", 0).contains("was due 2026-11-01"));
}

#[test]
fn milestone_overdue_near_miss_marked_done() {
    assert_near_miss("milestone-overdue", 2, &[]);
}

const CONDITIONAL: [&str; 2] = ["--conditional-date", "2026-06-01"];

#[test]
fn closeout_window_completion_after_the_deadline() {
    // 2026-06-01 + 180 days = 2026-11-28 (32 CFR 170.21(b)).
    let json = fires("closeout-window", &CONDITIONAL);
    assert_eq!(places(&json, "closeout-window"), ["2:J2"]);
    assert!(message(&json, "closeout-window", 0)
        .contains("completes 2026-12-20 after the closeout deadline 2026-11-28"));
}

#[test]
fn closeout_window_near_miss_on_the_deadline_day() {
    assert_near_miss("closeout-window", 3, &CONDITIONAL);
    assert_near_miss("closeout-window", 3, &[]);
}

#[test]
fn closeout_window_deadline_passed_reports_every_open_item() {
    // 2026-05-01 + 180 days = 2026-10-28, before --as-of 2026-11-26.
    let json = validate(
        "rules/closeout-window/clean.csv",
        &["--conditional-date", "2026-05-01"],
    );
    assert_eq!(places(&json, "closeout-window"), ["2:J2", "3:J3"]);
    assert!(message(&json, "closeout-window", 0).contains("2026-10-28"));
}

#[test]
fn dates_of_a_1904_workbook_are_read_as_written() {
    // Read with the 1900 epoch, every date here would raise dates-out-of-order or overdue.
    let json = validate("rules/date-1904/date-1904.xlsx", &[]);
    assert_eq!(item_count(&json), 3);
    assert_eq!(places(&json, "date-invalid"), Vec::<String>::new());
    assert_eq!(places(&json, "dates-out-of-order"), Vec::<String>::new());
    assert_eq!(places(&json, "overdue"), ["3:J3"]);
    assert!(message(&json, "overdue", 0).contains("was due 2026-11-20"));
}
